//! Chat logs in, [`ChatLog`] out: text copied from the 千牛 client ([`qianniu`]), community
//! exporters' JSON ([`json`]), and the two chat table layouts ([`table`]): the generic chat
//! table ([`Layout::ChatRows`], one message per row, as `export::chat::chat_csv` writes it)
//! and the `客户ID | 聊天记录` spreadsheet ([`Layout::ChatTranscripts`]).
//!
//! All of them feed a [`ChatLogBuilder`] ([`build`]): names interned in first-seen order,
//! one thread per (shop, buyer) in order of first appearance, messages sorted by time with
//! ties in file order. The classification rules shared by the formats (agents `店铺:小美`,
//! `cntaobao` ids, auto-replies, system lines, transfers) are documented in [`build`].
//!
//! Round trips through our writers in `export::chat` (tested in `core/tests/import_chat.rs`):
//! - generic CSV: exact (names, times, kinds, texts verbatim, thread and name order), except
//!   the free text of transfers (the text column holds the target account). Assumes names
//!   without surrounding spaces, a leading `'`/`=` or a `cntaobao` prefix (cleaned as export
//!   quirks), shops without `/`, and texts that are not blank (a blank text is a missing
//!   value);
//! - 千牛 text: times to the second, senders, kinds, texts and transfer texts come back; not
//!   the sub-account behind a system line (all read back as sent by `系统消息`). Also lost by
//!   the format: a text's trailing blank lines; text lines that are exactly a noise word
//!   (`已读`…), a withdrawal, a header, a separator or a system line (`当前用户来自…`); a
//!   leading `[自动回复]` in an auto-reply's own text; and the shop of a thread without any
//!   agent message in a file of several shops;
//! - JSON: everything but the sub-account behind a system line, a leading `[自动回复]` in an
//!   auto-reply's own text, and (as above) the shop of a thread without agent messages.
//!
//! Heuristics that may misread other sources: an agent's text starting with `[自动回复]` is
//! an auto-reply, one whose first line is `A --> B` (JSON) a transfer, one that is a system
//! line (`当前用户来自…`) a system message; a buyer nick with a colon needs a separator line.

pub mod build;
pub mod fields;
pub mod json;
pub mod qianniu;
pub mod table;

pub use build::ChatLogBuilder;
pub use fields::{CHAT_ROW_FIELDS, TRANSCRIPT_FIELDS};
pub use table::{ChatRowsBuilder, TranscriptBuilder};

use super::ErrorSink;
use super::rows::{BuildCtx, Builder};
use super::schema::Layout;
use crate::model::ChatLog;

/// What reading a chat text or JSON file gave.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChatParse {
    pub log: ChatLog,
    /// Lines read (千牛 text) or chat entries read (JSON).
    pub lines: u64,
    /// Messages in `log`.
    pub messages: u64,
    /// Noise lines (`已读`, `未读`, `发送中`) and withdrawals dropped on purpose, and empty JSON
    /// entries.
    pub skipped: u64,
    /// Lines (or JSON entries) that could not be used, and warnings; `bad_rows` counts the
    /// lines or entries rejected.
    pub errors: ErrorSink,
}

/// The builder of the chat table layouts ([`Layout::ChatRows`], [`Layout::ChatTranscripts`]).
/// Other layouts get the chat-rows builder.
pub fn table_builder(layout: Layout, ctx: &BuildCtx<'_>) -> Box<dyn Builder> {
    table::table_builder(layout, ctx)
}
