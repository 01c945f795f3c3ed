//! A dataset is one typed table (or chat log) in the workspace, with where it came from.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{AgentStat, Attendance, ChatLog, Order, Refund, Review, Staff, SubOrder};
use crate::Lang;

/// The kinds of data the workbench understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum DatasetKind {
    Chats,
    Orders,
    SubOrders,
    Refunds,
    Reviews,
    AgentStats,
    Staff,
    Attendance,
}

impl DatasetKind {
    pub const ALL: [DatasetKind; 8] = [
        DatasetKind::Chats,
        DatasetKind::Orders,
        DatasetKind::SubOrders,
        DatasetKind::Refunds,
        DatasetKind::Reviews,
        DatasetKind::AgentStats,
        DatasetKind::Staff,
        DatasetKind::Attendance,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        use DatasetKind::*;
        match self {
            Chats => lang.pick("聊天记录", "Chat logs"),
            Orders => lang.pick("订单报表", "Orders"),
            SubOrders => lang.pick("宝贝报表", "Order lines"),
            Refunds => lang.pick("退款报表", "Refunds"),
            Reviews => lang.pick("评价", "Reviews"),
            AgentStats => lang.pick("客服接待数据", "Agent reception stats"),
            Staff => lang.pick("客服名单", "Staff list"),
            Attendance => lang.pick("考勤记录", "Attendance"),
        }
    }

    /// What one row is, for counts shown to the user ("12,345 条消息").
    pub fn unit(self, lang: Lang) -> &'static str {
        use DatasetKind::*;
        match self {
            Chats => lang.pick("条消息", "messages"),
            Orders => lang.pick("笔订单", "orders"),
            SubOrders => lang.pick("行", "lines"),
            Refunds => lang.pick("笔退款", "refunds"),
            Reviews => lang.pick("条评价", "reviews"),
            AgentStats => lang.pick("行", "rows"),
            Staff => lang.pick("人", "people"),
            Attendance => lang.pick("条记录", "records"),
        }
    }
}

/// An inclusive range of days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }

    /// `2026-10-19至2026-11-15`, as report file names write it.
    pub fn zh_range(&self) -> String {
        format!("{}至{}", self.from, self.to)
    }

    /// The smallest period covering all of `days`; `None` when there are none.
    pub fn covering(days: impl IntoIterator<Item = NaiveDate>) -> Option<Period> {
        let mut it = days.into_iter();
        let first = it.next()?;
        let (from, to) = it.fold((first, first), |(a, b), d| (a.min(d), b.max(d)));
        Some(Period { from, to })
    }
}

/// A file a dataset was read from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceFile {
    pub name: String,
    pub bytes: u64,
    /// Encoding the file was decoded with (`UTF-8`, `GBK`, `UTF-16LE`…), when text.
    #[serde(default)]
    pub encoding: Option<String>,
}

/// Where a dataset came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Origin {
    /// The built-in synthetic demo team, generated with this seed.
    Demo { seed: u64 },
    /// Imported from files.
    Import { files: Vec<SourceFile> },
}

/// Everything about a dataset except its rows: small, kept in the workspace manifest.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DatasetMeta {
    /// Stable id within the workspace (`ds-1`, `ds-2`, …).
    pub id: String,
    pub kind: DatasetKind,
    /// What the user sees as its name.
    pub label: String,
    pub origin: Origin,
    /// Rows (messages for chat logs).
    pub rows: u64,
    /// Days covered, when the rows carry dates.
    pub period: Option<Period>,
    /// Whether personal data was masked on the way in.
    pub masked: bool,
    /// When it was added, local time `YYYY-MM-DD HH:MM:SS` (passed in: the core has no clock).
    pub added: String,
    /// The shops and teams its rows belong to, for the shop/team filter (empty in datasets
    /// stored before the filter existed).
    #[serde(default)]
    pub choices: super::FilterChoices,
}

/// The rows of a dataset.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum DatasetData {
    Chats(ChatLog),
    Orders(Vec<Order>),
    SubOrders(Vec<SubOrder>),
    Refunds(Vec<Refund>),
    Reviews(Vec<Review>),
    AgentStats(Vec<AgentStat>),
    Staff(Vec<Staff>),
    Attendance(Vec<Attendance>),
}

impl DatasetData {
    pub fn kind(&self) -> DatasetKind {
        match self {
            DatasetData::Chats(_) => DatasetKind::Chats,
            DatasetData::Orders(_) => DatasetKind::Orders,
            DatasetData::SubOrders(_) => DatasetKind::SubOrders,
            DatasetData::Refunds(_) => DatasetKind::Refunds,
            DatasetData::Reviews(_) => DatasetKind::Reviews,
            DatasetData::AgentStats(_) => DatasetKind::AgentStats,
            DatasetData::Staff(_) => DatasetKind::Staff,
            DatasetData::Attendance(_) => DatasetKind::Attendance,
        }
    }

    /// Row count as shown to the user (messages for chat logs).
    pub fn rows(&self) -> u64 {
        (match self {
            DatasetData::Chats(c) => c.message_count(),
            DatasetData::Orders(v) => v.len(),
            DatasetData::SubOrders(v) => v.len(),
            DatasetData::Refunds(v) => v.len(),
            DatasetData::Reviews(v) => v.len(),
            DatasetData::AgentStats(v) => v.len(),
            DatasetData::Staff(v) => v.len(),
            DatasetData::Attendance(v) => v.len(),
        }) as u64
    }

    /// Days the rows cover, from the dates that matter for each kind.
    pub fn period(&self) -> Option<Period> {
        match self {
            DatasetData::Chats(c) => {
                Period::covering(c.threads.iter().flat_map(|t| t.messages.iter().map(|m| m.ts.date())))
            }
            DatasetData::Orders(v) => Period::covering(v.iter().map(|o| o.created.date())),
            DatasetData::SubOrders(v) => Period::covering(v.iter().map(|o| o.created.date())),
            DatasetData::Refunds(v) => Period::covering(v.iter().map(|r| r.applied.date())),
            DatasetData::Reviews(v) => Period::covering(v.iter().map(|r| r.created.date())),
            DatasetData::AgentStats(v) => Period::covering(v.iter().flat_map(|s| [s.from, s.to])),
            DatasetData::Staff(_) => None,
            DatasetData::Attendance(v) => Period::covering(v.iter().map(|a| a.date)),
        }
    }
}

/// A dataset: its description and its rows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    pub meta: DatasetMeta,
    pub data: DatasetData,
}
