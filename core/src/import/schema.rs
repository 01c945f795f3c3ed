//! (stub — to be written) Table layouts: fields, synonyms, header detection and mapping.
use serde::{Deserialize, Serialize};

use crate::Lang;
use crate::model::DatasetKind;

/// How a field's text is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldType {
    Text,
    Id,
    Money,
    Int,
    Float,
    Percent,
    DateTime,
    Date,
    Duration,
    YesNo,
    Choice,
}

/// One field of a layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub required: bool,
    pub ty: FieldType,
    /// Header names that mean this field (normalised by `clean::normalize_header`).
    pub synonyms: &'static [&'static str],
}

/// The kinds of tables the importer knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Layout {
    Orders,
    SubOrders,
    Refunds,
    Reviews,
    AgentStats,
    Staff,
    Attendance,
    /// Generic chat CSV: time, conversation, sender, role, text.
    ChatRows,
    /// Spreadsheet `客户ID | 聊天记录`: one whole transcript per row.
    ChatTranscripts,
}

impl Layout {
    pub const ALL: [Layout; 9] = [
        Layout::Orders,
        Layout::SubOrders,
        Layout::Refunds,
        Layout::Reviews,
        Layout::AgentStats,
        Layout::Staff,
        Layout::Attendance,
        Layout::ChatRows,
        Layout::ChatTranscripts,
    ];

    pub fn kind(self) -> DatasetKind {
        match self {
            Layout::Orders => DatasetKind::Orders,
            Layout::SubOrders => DatasetKind::SubOrders,
            Layout::Refunds => DatasetKind::Refunds,
            Layout::Reviews => DatasetKind::Reviews,
            Layout::AgentStats => DatasetKind::AgentStats,
            Layout::Staff => DatasetKind::Staff,
            Layout::Attendance => DatasetKind::Attendance,
            Layout::ChatRows | Layout::ChatTranscripts => DatasetKind::Chats,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Layout::ChatRows => lang.pick("聊天记录（逐条）", "Chat log (one message per row)"),
            Layout::ChatTranscripts => lang.pick("聊天记录（客户ID | 聊天记录）", "Chat transcripts (customer | transcript)"),
            other => other.kind().label(lang),
        }
    }

    pub fn fields(self) -> &'static [Field] {
        &[]
    }
}
