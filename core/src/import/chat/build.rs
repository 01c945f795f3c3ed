//! Building a [`ChatLog`]: name interning, conversations grouped into threads, and the
//! classification rules shared by every chat format.
//!
//! Every reader feeds a [`ChatLogBuilder`]: it interns names (first-seen order, so the output
//! is deterministic), collects messages per *conversation* (a 千牛 block, a JSON file, a
//! conversation key of the chat table…) and, in [`ChatLogBuilder::finish`], merges the
//! conversations into one thread per (shop, buyer), each sorted by time with ties in file
//! order. A conversation whose shop is unknown gets the file's shop when all the others agree
//! on one, else `""`.
//!
//! Readers without a role column (千牛 text, JSON) hand whole blocks of [`RawMsg`] to
//! [`ChatLogBuilder::push_block`], which finds the buyer and the shop and classifies each
//! message with the helpers of this module:
//!
//! - an account with a colon (`店铺:小美`, also `店铺：小美`) is an agent of the shop before the
//!   colon; the `cntaobao` prefix of API ids is removed from every account ([`account`]);
//! - `[自动回复]`-prefixed text (also `【自动回复】`) from a non-buyer, and anything sent by
//!   店小蜜/阿里小蜜/机器人/智能助手 accounts, is [`MsgKind::Auto`], prefix removed;
//! - system senders (`系统消息`, `系统`, `服务助手`…) and system lines (`当前用户来自…`,
//!   `由 服务助手 转交给…`, `原因：【…】`) are [`MsgKind::System`];
//! - `A --> B` is a [`MsgKind::Transfer`] from `A` to `B`;
//! - the buyer is the preset buyer (separator line, `user` of the JSON, 客户ID column) when it
//!   writes in the block, else the first sender that looks like neither an agent, a shop, the
//!   system nor a robot; everything the buyer sends is [`MsgKind::Buyer`], everything else
//!   [`MsgKind::Agent`].

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::Ts;
use crate::model::{ChatLog, ChatMessage, ChatThread, MsgKind, NameId};

pub use crate::export::chat::{AUTO_PREFIX, SYSTEM_SENDER};

/// Another spelling of the auto-reply prefix (full-width brackets).
const AUTO_PREFIX_FW: &str = "【自动回复】";

/// The account with surrounding whitespace and the `cntaobao` prefix of API ids removed.
pub fn account(s: &str) -> &str {
    let t = s.trim();
    match t.strip_prefix("cntaobao") {
        Some(rest) if !rest.trim().is_empty() => rest.trim_start(),
        _ => t,
    }
}

/// The two parts of an agent sub-account `店铺:小美` (ASCII or full-width colon), both
/// trimmed and non-empty.
fn split_agent(name: &str) -> Option<(&str, &str)> {
    let (i, c) = name.char_indices().find(|&(_, c)| c == ':' || c == '：')?;
    let shop = name[..i].trim();
    let sub = name[i + c.len_utf8()..].trim();
    (!shop.is_empty() && !sub.is_empty()).then_some((shop, sub))
}

/// The shop of an agent sub-account (`棉语旗舰店:小美` → `棉语旗舰店`), `None` for other names.
pub fn agent_shop(name: &str) -> Option<&str> {
    split_agent(name).map(|(shop, _)| shop)
}

/// Senders that stand for the platform rather than a person.
pub fn is_system_sender(name: &str) -> bool {
    matches!(
        name.trim(),
        SYSTEM_SENDER
            | "系统"
            | "系统提示"
            | "系统通知"
            | "系统信息"
            | "服务助手"
            | "千牛系统"
            | "system"
            | "System"
    )
}

/// Robot accounts (店小蜜 and the like): what they send is an auto-reply.
pub fn is_auto_sender(name: &str) -> bool {
    let sub = split_agent(name).map_or(name, |(_, s)| s);
    ["店小蜜", "阿里小蜜", "机器人", "智能助手", "智能客服"].iter().any(|w| sub.contains(w))
        || sub.eq_ignore_ascii_case("robot")
        || sub.eq_ignore_ascii_case("bot")
}

/// The text without its auto-reply prefix, when it has one.
pub fn strip_auto(text: &str) -> Option<&str> {
    text.strip_prefix(AUTO_PREFIX).or_else(|| text.strip_prefix(AUTO_PREFIX_FW))
}

/// System lines the client shows in a conversation: `当前用户来自…`, `由 服务助手 转交给…`,
/// `原因：【…】`.
pub fn is_system_line(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("当前用户来自")
        || (t.starts_with('由') && t.contains("转交给"))
        || ((t.starts_with("原因：") || t.starts_with("原因:"))
            && t.trim_start_matches("原因").trim_start_matches([':', '：', ' ']).starts_with('【'))
}

/// Read receipts and send states that end up in copied text.
pub fn is_noise(line: &str) -> bool {
    matches!(line.trim(), "已读" | "未读" | "发送中" | "[已读]" | "[未读]")
}

/// `X 撤回了一条消息` (and `你撤回了一条消息`).
pub fn is_withdrawal(line: &str) -> bool {
    let t = line.trim();
    t.len() <= 200 && t.ends_with("撤回了一条消息")
}

/// `A --> B` → `(A, B)`, both trimmed and non-empty.
pub fn split_transfer(s: &str) -> Option<(&str, &str)> {
    let (a, b) = s.split_once("-->")?;
    let (a, b) = (a.trim(), b.trim());
    (!a.is_empty() && !b.is_empty()).then_some((a, b))
}

/// A fast non-cryptographic hasher (the Fx hash of rustc) for the name and conversation maps,
/// which are looked up once or twice per message.
#[derive(Clone, Copy, Debug, Default)]
pub struct FxHasher {
    hash: u64,
}

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.hash = (self.hash.rotate_left(5) ^ w).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut b = bytes;
        while let Some((w, rest)) = b.split_first_chunk::<8>() {
            self.add(u64::from_le_bytes(*w));
            b = rest;
        }
        if let Some((w, rest)) = b.split_first_chunk::<4>() {
            self.add(u64::from(u32::from_le_bytes(*w)));
            b = rest;
        }
        for &x in b {
            self.add(u64::from(x));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        // The Fx step leaves the low bits (the bucket index) poorly mixed when keys differ only
        // at their end (`tb_买家0000001`…): finish with the murmur3 mixer.
        let mut h = self.hash;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// A `HashMap` with [`FxHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// What is known of a name from its spelling, computed once when it is interned.
#[derive(Clone, Copy, Debug, Default)]
struct NameInfo {
    /// `店铺:小美`.
    agent: bool,
    system: bool,
    auto: bool,
    /// Its shop was added to [`ChatLogBuilder::note_shop`].
    noted: bool,
}

/// Handle of a conversation in a [`ChatLogBuilder`].
pub type ConvId = usize;

/// One conversation: messages that belong to one thread once its shop and buyer are known.
#[derive(Clone, Debug, Default)]
pub struct Conv {
    /// The shop; `None` = take the file's shop if it has exactly one.
    pub shop: Option<String>,
    /// The buyer; `None` = [`Conv::fallback_buyer`].
    pub buyer: Option<NameId>,
    /// Name used as the buyer when none is known (e.g. an opaque conversation id).
    pub fallback_buyer: String,
    msgs: Vec<ChatMessage>,
    /// Order of each message over the whole input (ties in time keep it).
    seqs: Vec<u64>,
}

/// A message as a text format gives it, before the buyer of its block is known.
#[derive(Clone, Debug, PartialEq)]
pub struct RawMsg {
    pub ts: Ts,
    pub from: NameId,
    /// Target of a transfer (`A --> B`).
    pub to: Option<NameId>,
    pub text: String,
    /// Sent by a system sender or read as a system line.
    pub system: bool,
}

/// What is known about a block before reading it.
#[derive(Clone, Copy, Debug, Default)]
pub struct Preset<'a> {
    /// The buyer named by a separator line, the JSON's `user` or the 客户ID column.
    pub buyer: Option<NameId>,
    pub shop: Option<&'a str>,
    /// An agent named by the row (transcripts).
    pub agent: Option<NameId>,
    /// The preset buyer is exactly how the buyer appears as a sender (separator lines, JSON).
    /// When false (a 客户ID that may be a number), a block where the preset never writes takes
    /// its first buyer-looking sender as the buyer's display name.
    pub buyer_exact: bool,
}

/// Collects messages and names, then builds the [`ChatLog`].
#[derive(Clone, Debug, Default)]
pub struct ChatLogBuilder {
    names: Vec<String>,
    info: Vec<NameInfo>,
    index: FastMap<String, NameId>,
    convs: Vec<Conv>,
    seq: u64,
    /// Shops seen so far (agent prefixes, presets), to recognise main accounts.
    shops: Vec<String>,
}

impl ChatLogBuilder {
    pub fn new() -> ChatLogBuilder {
        ChatLogBuilder::default()
    }

    /// Interns `name` (as given: callers clean it first).
    pub fn intern(&mut self, name: &str) -> NameId {
        if let Some(&id) = self.index.get(name) {
            return id;
        }
        let id = self.names.len() as NameId;
        self.names.push(name.to_owned());
        self.info.push(NameInfo {
            agent: agent_shop(name).is_some(),
            system: is_system_sender(name),
            auto: is_auto_sender(name),
            noted: false,
        });
        self.index.insert(name.to_owned(), id);
        id
    }

    /// The interned name (`""` for an unknown id).
    pub fn name(&self, id: NameId) -> &str {
        self.names.get(id as usize).map(String::as_str).unwrap_or("")
    }

    /// Starts a conversation.
    pub fn add_conversation(&mut self) -> ConvId {
        self.convs.push(Conv::default());
        self.convs.len() - 1
    }

    /// A conversation, to set its shop and buyer.
    pub fn conv_mut(&mut self, c: ConvId) -> Option<&mut Conv> {
        self.convs.get_mut(c)
    }

    /// Adds a message to conversation `c` (ignored for an unknown `c`).
    pub fn push(&mut self, c: ConvId, m: ChatMessage) {
        if let Some(conv) = self.convs.get_mut(c) {
            conv.msgs.push(m);
            conv.seqs.push(self.seq);
            self.seq += 1;
        }
    }

    /// Messages added so far.
    pub fn messages(&self) -> u64 {
        self.seq
    }

    /// Remembers a shop name, so that its main account is recognised as an agent.
    pub fn note_shop(&mut self, shop: &str) {
        if !shop.is_empty() && !self.shops.iter().any(|s| s == shop) {
            self.shops.push(shop.to_owned());
        }
    }

    fn info(&self, id: NameId) -> NameInfo {
        self.info.get(id as usize).copied().unwrap_or_default()
    }

    fn agentish(&self, id: NameId, preset: &Preset<'_>) -> bool {
        let i = self.info(id);
        let n = self.name(id);
        preset.agent == Some(id)
            || i.agent
            || i.system
            || i.auto
            || self.shops.iter().any(|s| s == n)
            || preset.shop == Some(n)
    }

    /// Classifies a block of messages without roles (see the module docs) and adds it as one
    /// conversation. Returns false when no buyer could be found (the messages are kept under
    /// the buyer `""`).
    /// The messages are taken out of `msgs`.
    pub fn push_block(&mut self, msgs: &mut Vec<RawMsg>, preset: Preset<'_>) -> bool {
        if msgs.is_empty() {
            return true;
        }
        // Shops named by agent accounts in this block (not by the named buyer, whose nick may
        // hold a colon).
        for m in msgs.iter() {
            for id in std::iter::once(m.from).chain(m.to) {
                let info = self.info(id);
                if info.agent && !info.noted && Some(id) != preset.buyer {
                    if let Some(s) = agent_shop(self.name(id)).map(str::to_owned) {
                        self.note_shop(&s);
                    }
                    if let Some(x) = self.info.get_mut(id as usize) {
                        x.noted = true;
                    }
                }
            }
        }
        if let Some(s) = preset.shop {
            self.note_shop(s);
        }
        let candidate = |b: &ChatLogBuilder, m: &RawMsg| {
            !m.system && m.to.is_none() && strip_auto(&m.text).is_none() && !b.agentish(m.from, &preset)
        };
        let buyer_sender = match preset.buyer {
            Some(p)
                if preset.buyer_exact || msgs.iter().any(|m| m.from == p && !m.system && m.to.is_none()) =>
            {
                Some(p)
            }
            _ => msgs.iter().find(|m| candidate(self, m)).map(|m| m.from),
        };
        let others = || {
            msgs.iter()
                .flat_map(|m| std::iter::once(m.from).chain(m.to))
                .filter(|&id| Some(id) != buyer_sender)
        };
        let shop = match preset.shop {
            Some(s) => Some(s.to_owned()),
            None => others()
                .find_map(|id| if self.info(id).agent { agent_shop(self.name(id)) } else { None })
                // A main account (the shop's own name) answering.
                .or_else(|| others().map(|id| self.name(id)).find(|n| self.shops.iter().any(|s| s == n)))
                .map(str::to_owned),
        };
        let buyer = preset.buyer.or(buyer_sender);
        let c = self.add_conversation();
        if let Some(conv) = self.convs.get_mut(c) {
            conv.shop = shop;
            conv.buyer = buyer;
        }
        for m in msgs.drain(..) {
            let RawMsg { ts, from, to, mut text, system } = m;
            let (kind, text) = if let Some(to) = to {
                (MsgKind::Transfer { to }, text)
            } else if system {
                (MsgKind::System, text)
            } else if Some(from) == buyer_sender {
                (MsgKind::Buyer, text)
            } else if let Some(rest) = strip_auto(&text) {
                let prefix = text.len() - rest.len();
                text.replace_range(..prefix, "");
                (MsgKind::Auto, text)
            } else if self.info(from).auto {
                (MsgKind::Auto, text)
            } else if is_system_line(&text) {
                (MsgKind::System, text)
            } else {
                (MsgKind::Agent, text)
            };
            self.push(c, ChatMessage { ts, from, kind, text });
        }
        buyer.is_some()
    }

    /// The chat log: one thread per (shop, buyer) in order of first appearance, messages
    /// sorted by time (ties in the order they were added).
    pub fn finish(mut self) -> ChatLog {
        let convs = std::mem::take(&mut self.convs);
        let mut shops: Vec<&str> = Vec::new();
        for c in &convs {
            if let Some(s) = c.shop.as_deref()
                && !shops.contains(&s)
            {
                shops.push(s);
            }
        }
        let sole = match shops[..] {
            [only] => only.to_owned(),
            _ => String::new(),
        };
        // Shops are few: threads are keyed by (shop index, buyer), so no string is cloned to
        // look one up.
        let mut shop_names: Vec<String> = Vec::new();
        let mut index: FastMap<(usize, NameId), usize> = FastMap::default();
        let mut threads: Vec<(usize, NameId, Vec<ChatMessage>, Vec<u64>)> = Vec::new();
        for c in convs {
            if c.msgs.is_empty() {
                continue;
            }
            let shop = c.shop.unwrap_or_else(|| sole.clone());
            let si = match shop_names.iter().position(|s| *s == shop) {
                Some(i) => i,
                None => {
                    shop_names.push(shop);
                    shop_names.len() - 1
                }
            };
            let buyer = match c.buyer {
                Some(b) => b,
                None => self.intern(&c.fallback_buyer),
            };
            match index.get(&(si, buyer)).and_then(|&t| threads.get_mut(t)) {
                Some(t) => {
                    t.2.extend(c.msgs);
                    t.3.extend(c.seqs);
                }
                None => {
                    index.insert((si, buyer), threads.len());
                    threads.push((si, buyer, c.msgs, c.seqs));
                }
            }
        }
        let threads = threads
            .into_iter()
            .map(|(si, buyer, msgs, seqs)| {
                let key = |i: usize| (msgs[i].ts, seqs[i]);
                let sorted = (1..msgs.len().min(seqs.len())).all(|i| key(i - 1) <= key(i));
                let messages = if sorted {
                    msgs
                } else {
                    let mut order: Vec<usize> = (0..msgs.len().min(seqs.len())).collect();
                    order.sort_unstable_by_key(|&i| key(i));
                    let mut slots: Vec<Option<ChatMessage>> = msgs.into_iter().map(Some).collect();
                    order.iter().filter_map(|&i| slots.get_mut(i).and_then(Option::take)).collect()
                };
                ChatThread { shop: shop_names.get(si).cloned().unwrap_or_default(), buyer, messages }
            })
            .collect();
        ChatLog { names: self.names, threads }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_and_lines_are_classified() {
        assert_eq!(account(" cntaobao棉语旗舰店:小美 "), "棉语旗舰店:小美");
        assert_eq!(account("cntaobao"), "cntaobao");
        assert_eq!(agent_shop("棉语旗舰店:小美"), Some("棉语旗舰店"));
        assert_eq!(agent_shop("棉语旗舰店：小美"), Some("棉语旗舰店"));
        assert_eq!(agent_shop("tb_小鱼儿88"), None);
        assert_eq!(agent_shop(":小美"), None);
        assert!(is_auto_sender("棉语旗舰店:店小蜜") && !is_auto_sender("棉语旗舰店:小美"));
        assert_eq!(strip_auto("[自动回复]您好"), Some("您好"));
        assert!(is_system_line("当前用户来自 手机淘宝"));
        assert!(is_system_line("由 服务助手 转交给 棉语旗舰店:小美"));
        assert!(is_system_line("原因：【离线留言自动分配】"));
        assert!(!is_system_line("原因是尺码不合适"));
        assert!(is_noise(" 已读 ") && is_noise("发送中") && !is_noise("已读了"));
        assert!(is_withdrawal("tb_小鱼儿88 撤回了一条消息"));
        assert_eq!(split_transfer("a:1 --> a:2"), Some(("a:1", "a:2")));
        assert_eq!(split_transfer(" --> a:2"), None);
    }

    #[test]
    fn threads_merge_by_shop_and_buyer_and_sort_stably() {
        let mut b = ChatLogBuilder::new();
        let buyer = b.intern("买家");
        let agent = b.intern("店:小美");
        let c1 = b.add_conversation();
        let c2 = b.add_conversation();
        for c in [c1, c2] {
            if let Some(conv) = b.conv_mut(c) {
                conv.shop = Some("店".into());
                conv.buyer = Some(buyer);
            }
        }
        let m = |ts: i64, from, text: &str| ChatMessage {
            ts: Ts(ts),
            from,
            kind: MsgKind::Buyer,
            text: text.into(),
        };
        b.push(c1, m(20, buyer, "b"));
        b.push(c2, m(10, agent, "a"));
        b.push(c1, m(20, buyer, "c"));
        b.push(c2, m(20, agent, "d"));
        let log = b.finish();
        assert_eq!(log.threads.len(), 1);
        let texts: Vec<&str> = log.threads[0].messages.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(texts, ["a", "b", "c", "d"]);
        assert_eq!(log.names, ["买家", "店:小美"]);
    }
}
