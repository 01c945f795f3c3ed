//! The chat table builders: [`Layout::ChatRows`] (one message per row, the generic chat CSV)
//! and [`Layout::ChatTranscripts`] (`客户ID | 聊天记录`, one whole transcript per row).
//!
//! # Chat rows
//! Fields are [`CHAT_ROW_FIELDS`](super::fields::CHAT_ROW_FIELDS). The `role` column is trusted: `buyer`/`agent`/`auto`/
//! `system`/`transfer` or 买家/客服/自动回复/机器人/系统/转接 (and a few more synonyms), and the
//! text is kept **verbatim** (not trimmed, no prefix removed), so that our own CSV reads back
//! exactly. Names (sender, conversation, shop, buyer) are cleaned like any text cell (trimmed,
//! `="…"` unwrapped) and lose a `cntaobao` prefix. For a transfer row the text is the target
//! account (the transfer's own text is not in this format).
//!
//! A conversation is identified by the text of its `conversation` cell. Its shop and buyer are
//! settled at the end, in this order:
//! - shop: the `shop` column; the `店铺/买家` shape of the key (our writer's
//!   `conversation_key`, split at the first `/`); the shop part of an agent sender or of the
//!   `receiver` of a buyer row (`店铺:小美`); the file's only shop; `""`;
//! - buyer: the `buyer` column; the key's part after the first `/`; the sender of the first
//!   buyer row; the key itself.
//!
//! The key's shape is used when the part after `/` is the sender of a buyer row, or when the
//! conversation has no buyer row at all (otherwise the key is an opaque id like `2026/10/19-7`).
//! Rows repeating a message id seen before (`msg_id` column) are skipped, as are blank rows and
//! repeated header rows.
//!
//! # Transcripts
//! Fields are [`TRANSCRIPT_FIELDS`]. Each transcript is read by the 千牛 line parser (see
//! [`super::qianniu`]) as one block whose buyer is the `customer` cell; when the customer id
//! never appears as a sender (a numeric id), the first buyer-looking sender is the buyer's
//! display name. `agent` and `shop` cells help find the shop; a `date` cell lets headers
//! carry only a time. Problems inside a transcript are row errors on the transcript's row.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::build::{ChatLogBuilder, ConvId, FastMap, account, agent_shop};
use super::fields::{
    ROW_BUYER, ROW_CONVERSATION, ROW_MSG_ID, ROW_RECEIVER, ROW_ROLE, ROW_SENDER, ROW_SHOP, ROW_TEXT,
    ROW_TIME, TR_AGENT, TR_CUSTOMER, TR_DATE, TR_SHOP, TR_TRANSCRIPT, TRANSCRIPT_FIELDS,
};
use super::qianniu::{LineParser, Note, TranscriptPreset};
use crate::Ts;
use crate::import::rows::{BuildCtx, Builder, Cells, RowOutcome, RowSink};
use crate::import::schema::Layout;
use crate::import::table::Record;
use crate::import::{Mapping, Problem, RowError, clean};
use crate::model::{ChatMessage, DatasetData, MsgKind, NameId};

/// The words accepted in the `role` column, for the error message.
pub const ROLE_WORDS: &str =
    "buyer, agent, auto, system, transfer / 买家, 客服, 自动回复, 机器人, 系统, 转接";

/// A role as written in the `role` column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Buyer,
    Agent,
    Auto,
    System,
    Transfer,
}

/// Reads a `role` cell (already cleaned); `None` for an unknown word.
pub fn parse_role(s: &str) -> Option<Role> {
    let h = clean::halfwidth(s);
    let t = h.trim();
    let lower;
    let t = if t.bytes().any(|b| b.is_ascii_uppercase()) {
        lower = t.to_ascii_lowercase();
        lower.as_str()
    } else {
        t
    };
    Some(match t {
        "buyer" | "customer" | "user" | "visitor" | "买家" | "客户" | "顾客" | "访客" | "用户" => {
            Role::Buyer
        }
        "agent" | "staff" | "seller" | "service" | "human" | "客服" | "卖家" | "商家" | "人工"
        | "人工客服" | "子账号" => Role::Agent,
        "auto" | "autoreply" | "auto-reply" | "auto_reply" | "bot" | "robot" | "自动回复" | "自动"
        | "机器人" | "店小蜜" | "智能客服" => Role::Auto,
        "system" | "sys" | "系统" | "系统消息" | "系统提示" => Role::System,
        "transfer" | "转接" | "转交" | "转移" | "转接消息" => Role::Transfer,
        _ => return None,
    })
}

/// The builder of a chat table layout.
pub fn table_builder(layout: Layout, ctx: &BuildCtx<'_>) -> Box<dyn Builder> {
    match layout {
        Layout::ChatTranscripts => Box::new(TranscriptBuilder::new(ctx)),
        _ => Box::new(ChatRowsBuilder::new(ctx)),
    }
}

/// What the rows of one conversation key told about its shop and buyer.
#[derive(Clone, Debug, Default)]
struct RowConv {
    id: ConvId,
    key: String,
    /// `(shop, buyer)` when the key has the `店铺/买家` shape.
    shape: Option<(String, String)>,
    /// A buyer row was sent by the key's buyer part.
    shape_seen: bool,
    first_buyer: Option<NameId>,
    shop_col: Option<String>,
    buyer_col: Option<NameId>,
    shop_hint: Option<String>,
}

/// [`Layout::ChatRows`].
pub struct ChatRowsBuilder {
    mapping: Mapping,
    header: Vec<String>,
    b: ChatLogBuilder,
    index: FastMap<String, usize>,
    convs: Vec<RowConv>,
    /// The conversation of the previous row.
    last_conv: Option<usize>,
    /// The date of the previous row's time and its midnight.
    last_date: Option<([u8; 10], Ts)>,
    seen_ids: HashSet<String>,
}

impl ChatRowsBuilder {
    pub fn new(ctx: &BuildCtx<'_>) -> ChatRowsBuilder {
        ChatRowsBuilder {
            mapping: ctx.mapping.clone(),
            header: ctx.header.to_vec(),
            b: ChatLogBuilder::new(),
            index: FastMap::default(),
            convs: Vec::new(),
            last_conv: None,
            last_date: None,
            seen_ids: HashSet::new(),
        }
    }

    fn column(&self, f: usize) -> Option<usize> {
        self.mapping.columns.get(f).copied().flatten()
    }

    /// A repeated header row (exports concatenated with their headers).
    fn is_header_row(&self, rec: &Record) -> bool {
        match self.column(ROW_TIME) {
            Some(c) => self.header.get(c).is_some_and(|h| h.trim() == rec.get(c).trim()),
            None => false,
        }
    }
}

/// The conversation of `key`, created on first sight (consecutive rows of one conversation
/// skip the map).
fn conv_index(
    b: &mut ChatLogBuilder,
    index: &mut FastMap<String, usize>,
    convs: &mut Vec<RowConv>,
    last: &mut Option<usize>,
    key: &str,
) -> usize {
    if let Some(i) = *last
        && convs.get(i).is_some_and(|c| c.key == key)
    {
        return i;
    }
    if let Some(&i) = index.get(key) {
        *last = Some(i);
        return i;
    }
    let id = b.add_conversation();
    let shape = key
        .split_once('/')
        .filter(|(_, b)| !b.trim().is_empty())
        .map(|(s, b)| (s.trim().to_owned(), b.trim().to_owned()));
    if let Some(c) = b.conv_mut(id) {
        c.fallback_buyer = key.to_owned();
    }
    convs.push(RowConv { id, key: key.to_owned(), shape, ..RowConv::default() });
    let i = convs.len() - 1;
    index.insert(key.to_owned(), i);
    *last = Some(i);
    i
}

/// `2026-10-19 09:05:03` exactly (what our writer and most exports write), with the date of
/// the previous row remembered; anything else is left to `clean::datetime`.
fn iso_time(s: &str, cache: &mut Option<([u8; 10], Ts)>) -> Option<Ts> {
    let b = s.as_bytes();
    if b.len() != 19 || b[4] != b'-' || b[7] != b'-' || b[10] != b' ' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let num = |i: usize, n: usize| -> Option<u32> {
        b.get(i..i + n)?
            .iter()
            .try_fold(0u32, |acc, &c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')))
    };
    let (h, mi, se) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    if h > 23 || mi > 59 || se > 59 {
        return None;
    }
    let (date, _) = b.split_first_chunk::<10>()?;
    let midnight = match cache {
        Some((d, t)) if d == date => *t,
        _ => {
            let (y, m, d) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
            if !(1970..=2100).contains(&y) {
                return None;
            }
            let t = Ts::from_date(NaiveDate::from_ymd_opt(y as i32, m, d)?);
            *cache = Some((*date, t));
            t
        }
    };
    Some(midnight.plus(i64::from(h) * 3600 + i64::from(mi) * 60 + i64::from(se)))
}

impl Builder for ChatRowsBuilder {
    fn push(&mut self, rec: &Record, row_no: u64, sink: &mut RowSink) -> RowOutcome {
        let fast = self.column(ROW_TIME).and_then(|c| iso_time(rec.get(c), &mut self.last_date));
        // Blank and repeated header rows have no time.
        if fast.is_none() && (rec.is_blank() || self.is_header_row(rec)) {
            return RowOutcome::Skipped;
        }
        let mut cells = Cells::new(Layout::ChatRows, &self.mapping, &self.header, rec, row_no, sink);
        let ts = match fast {
            Some(t) => cells.choice(ROW_TIME, "", |_| Some(t)),
            None => cells.datetime(ROW_TIME),
        };
        // Names are read like `Cells::text` (cleaned), borrowed from the row.
        let key = cells
            .choice(ROW_CONVERSATION, "", |_| Some(()))
            .map(|()| clean::cell(cells.raw(ROW_CONVERSATION)));
        let sender =
            cells.choice(ROW_SENDER, "", |_| Some(())).map(|()| account(clean::cell(cells.raw(ROW_SENDER))));
        let role = cells.choice(ROW_ROLE, ROLE_WORDS, parse_role);
        let text = cells.raw(ROW_TEXT);
        let has_text = if clean::cell(text).is_empty() && !text.trim().is_empty() {
            // `=` or `'` alone: not blank, kept verbatim (Cells would clean it away).
            true
        } else {
            cells.choice(ROW_TEXT, "", |_| Some(())).is_some()
        };
        let shop = if cells.mapped(ROW_SHOP) { cells.text(ROW_SHOP) } else { None };
        let buyer = if cells.mapped(ROW_BUYER) { cells.text(ROW_BUYER) } else { None };
        let receiver = if cells.mapped(ROW_RECEIVER) { cells.text(ROW_RECEIVER) } else { None };
        let msg_id = if cells.mapped(ROW_MSG_ID) { cells.id(ROW_MSG_ID) } else { None };
        if !cells.ok() {
            return RowOutcome::Rejected;
        }
        let (Some(ts), Some(key), Some(sender), Some(role), true) = (ts, key, sender, role, has_text) else {
            // Only when the layout's fields are not marked required (Cells did not reject).
            cells.reject(Problem::Missing);
            return RowOutcome::Rejected;
        };
        if let Some(id) = msg_id
            && !self.seen_ids.insert(id)
        {
            return RowOutcome::Skipped;
        }
        let from = self.b.intern(sender);
        let ci = conv_index(&mut self.b, &mut self.index, &mut self.convs, &mut self.last_conv, key);
        let (kind, text) = match role {
            Role::Buyer => (MsgKind::Buyer, text.to_owned()),
            Role::Agent => (MsgKind::Agent, text.to_owned()),
            Role::Auto => (MsgKind::Auto, text.to_owned()),
            Role::System => (MsgKind::System, text.to_owned()),
            Role::Transfer => {
                let to = self.b.intern(account(clean::cell(text)));
                (MsgKind::Transfer { to }, String::new())
            }
        };
        if let Some(c) = self.convs.get_mut(ci) {
            if role == Role::Buyer {
                if !c.shape_seen && c.shape.as_ref().is_some_and(|(_, b)| b == sender) {
                    c.shape_seen = true;
                }
                if c.first_buyer.is_none() {
                    c.first_buyer = Some(from);
                }
                if c.shop_hint.is_none() {
                    c.shop_hint = receiver.as_deref().map(account).and_then(agent_shop).map(str::to_owned);
                }
            } else if c.shop_hint.is_none() {
                c.shop_hint = agent_shop(sender).map(str::to_owned);
            }
            if c.shop_col.is_none() {
                c.shop_col = shop;
            }
            if c.buyer_col.is_none()
                && let Some(bn) = buyer
            {
                c.buyer_col = Some(self.b.intern(account(&bn)));
            }
            let id = c.id;
            self.b.push(id, ChatMessage { ts, from, kind, text });
        }
        RowOutcome::Kept
    }

    fn rows(&self) -> u64 {
        self.b.messages()
    }

    fn finish(self: Box<Self>) -> DatasetData {
        let ChatRowsBuilder { mut b, convs, .. } = *self;
        for c in convs {
            let shape_ok = c.shape.is_some() && (c.shape_seen || c.first_buyer.is_none());
            let (shape_shop, shape_buyer) = match (&c.shape, shape_ok) {
                (Some((s, buyer)), true) => (Some(s.clone()), Some(buyer.clone())),
                _ => (None, None),
            };
            let shop = c.shop_col.or(shape_shop).or(c.shop_hint);
            let buyer = match (c.buyer_col, shape_buyer) {
                (Some(id), _) => Some(id),
                (None, Some(name)) => Some(b.intern(&name)),
                (None, None) => c.first_buyer,
            };
            if let Some(conv) = b.conv_mut(c.id) {
                conv.shop = shop;
                conv.buyer = buyer;
                conv.fallback_buyer = c.key;
            }
        }
        DatasetData::Chats(b.finish())
    }
}

/// [`Layout::ChatTranscripts`].
pub struct TranscriptBuilder {
    mapping: Mapping,
    header: Vec<String>,
    b: ChatLogBuilder,
    parser: LineParser,
}

impl TranscriptBuilder {
    pub fn new(ctx: &BuildCtx<'_>) -> TranscriptBuilder {
        TranscriptBuilder {
            mapping: ctx.mapping.clone(),
            header: ctx.header.to_vec(),
            b: ChatLogBuilder::new(),
            parser: LineParser::new(),
        }
    }

    fn header_of(&self, f: usize) -> String {
        match self.mapping.columns.get(f).copied().flatten().and_then(|c| self.header.get(c)) {
            Some(h) => h.trim().to_owned(),
            None => TRANSCRIPT_FIELDS.get(f).map(|x| x.zh.to_owned()).unwrap_or_default(),
        }
    }
}

impl Builder for TranscriptBuilder {
    fn push(&mut self, rec: &Record, row_no: u64, sink: &mut RowSink) -> RowOutcome {
        if rec.is_blank() {
            return RowOutcome::Skipped;
        }
        if let Some(c) = self.mapping.columns.get(TR_TRANSCRIPT).copied().flatten()
            && self.header.get(c).is_some_and(|h| h.trim() == rec.get(c).trim())
        {
            return RowOutcome::Skipped;
        }
        let mut cells = Cells::new(Layout::ChatTranscripts, &self.mapping, &self.header, rec, row_no, sink);
        let customer = cells.text(TR_CUSTOMER);
        let has_text = cells.choice(TR_TRANSCRIPT, "", |_| Some(())).is_some();
        let transcript = cells.raw(TR_TRANSCRIPT);
        let agent = if cells.mapped(TR_AGENT) { cells.text(TR_AGENT) } else { None };
        let shop = if cells.mapped(TR_SHOP) { cells.text(TR_SHOP) } else { None };
        let date = if cells.mapped(TR_DATE) { cells.date(TR_DATE) } else { None };
        if !cells.ok() {
            return RowOutcome::Rejected;
        }
        let (Some(customer), true) = (customer, has_text) else {
            cells.reject(Problem::Missing);
            return RowOutcome::Rejected;
        };
        let shop = shop.or_else(|| agent.as_deref().map(account).and_then(agent_shop).map(str::to_owned));
        let preset =
            TranscriptPreset { buyer: Some(&customer), shop: shop.as_deref(), agent: agent.as_deref(), date };
        let column = self.header_of(TR_TRANSCRIPT);
        let mut garbage = 0u64;
        let mut errors: Vec<RowError> = Vec::new();
        let mut report = |n: u64, note: Note<'_>| match note {
            Note::Garbage(line) => {
                garbage += 1;
                if garbage == 1 {
                    errors.push(RowError::new(n, Some(&column), line, Problem::StrayText));
                }
            }
            Note::NoBuyer => errors.push(RowError::new(n, Some(&column), "", Problem::NoBuyer)),
        };
        let added = self.parser.transcript(&mut self.b, transcript, row_no, preset, &mut report);
        let had_errors = !errors.is_empty();
        for e in errors {
            sink.errors.push(e);
        }
        if added > 0 {
            RowOutcome::Kept
        } else if had_errors {
            RowOutcome::Rejected
        } else {
            RowOutcome::Skipped
        }
    }

    fn rows(&self) -> u64 {
        self.b.messages()
    }

    fn finish(self: Box<Self>) -> DatasetData {
        DatasetData::Chats(self.b.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::super::fields::CHAT_ROW_FIELDS;
    use super::*;

    #[test]
    fn iso_times_take_the_fast_path_or_none() {
        let mut cache = None;
        let t = iso_time("2026-10-19 09:05:03", &mut cache);
        assert_eq!(t, clean::datetime("2026-10-19 09:05:03").ok().flatten());
        assert_eq!(
            iso_time("2026-10-19 23:59:59", &mut cache),
            clean::datetime("2026-10-19 23:59:59").ok().flatten()
        );
        for s in [
            "2026-02-30 09:05:03",
            "2026-10-19 24:00:00",
            "2026-10-19T09:05:03",
            "2026-1-19 09:05:03",
            "１０26-10-19 09:05:03",
        ] {
            assert_eq!(iso_time(s, &mut None), None, "{s}");
        }
    }

    #[test]
    fn roles_in_both_languages() {
        assert_eq!(parse_role("buyer"), Some(Role::Buyer));
        assert_eq!(parse_role(" Agent "), Some(Role::Agent));
        assert_eq!(parse_role("ＡＵＴＯ"), Some(Role::Auto));
        assert_eq!(parse_role("机器人"), Some(Role::Auto));
        assert_eq!(parse_role("系统"), Some(Role::System));
        assert_eq!(parse_role("转接"), Some(Role::Transfer));
        assert_eq!(parse_role("买家"), Some(Role::Buyer));
        assert_eq!(parse_role("客服"), Some(Role::Agent));
        assert_eq!(parse_role("路人"), None);
        assert_eq!(CHAT_ROW_FIELDS[ROW_ROLE].key, "role");
    }
}
