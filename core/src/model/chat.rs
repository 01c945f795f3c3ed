//! Chat logs (聊天记录): one thread per buyer and shop, holding every message in time order.
//!
//! Sessions are not stored: QA and KPI split a thread into sessions on silence (10 minutes by
//! default), because the platforms differ on the rule and the user may change it. Participant
//! names are interned once per log ([`NameId`]) so a month of chats stays small in memory.

use serde::{Deserialize, Serialize};

use crate::Ts;

/// Index into [`ChatLog::names`].
pub type NameId = u32;

/// What a line of a chat log is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MsgKind {
    /// Written by the buyer.
    Buyer,
    /// Written by a human agent.
    Agent,
    /// Sent automatically under an agent's account (自动回复, 机器人, 店小蜜). Excluded from
    /// response times and reply rate.
    Auto,
    /// A system line (当前用户来自…, 原因：【离线留言自动分配】…).
    System,
    /// The buyer was handed over from `from` to the agent `to` (`A --> B`).
    Transfer { to: NameId },
}

/// One message. Stored as the array `[ts, from, kind, text]` (a month of chats decodes faster
/// without a key per field); the derived `Deserialize` also reads the older `{"ts": …}` form.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ChatMessage {
    pub ts: Ts,
    /// Who sent it: the buyer, an agent sub-account, or for transfers the agent handing over.
    pub from: NameId,
    pub kind: MsgKind,
    /// Text as written; images and cards are kept as a bracketed placeholder like `[图片]`.
    pub text: String,
}

impl Serialize for ChatMessage {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (self.ts, self.from, self.kind, &self.text).serialize(s)
    }
}

/// Everything one buyer said to one shop and the shop's agents said back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChatThread {
    pub shop: String,
    pub buyer: NameId,
    /// Sorted by time; ties keep file order.
    pub messages: Vec<ChatMessage>,
}

/// A chat dataset.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatLog {
    /// Interned participant names: buyer nicks and agent sub-accounts.
    pub names: Vec<String>,
    pub threads: Vec<ChatThread>,
}

impl ChatLog {
    /// The name behind an id; `""` for an id that is out of range.
    pub fn name(&self, id: NameId) -> &str {
        self.names.get(id as usize).map(String::as_str).unwrap_or("")
    }

    /// Total number of messages over all threads.
    pub fn message_count(&self) -> usize {
        self.threads.iter().map(|t| t.messages.len()).sum()
    }

    /// Interns `name`, returning its id. Linear in the number of names; builders that add many
    /// names should keep their own map and push to `names` directly.
    pub fn intern(&mut self, name: &str) -> NameId {
        if let Some(i) = self.names.iter().position(|n| n == name) {
            return i as NameId;
        }
        self.names.push(name.to_owned());
        (self.names.len() - 1) as NameId
    }
}
