//! The whole workspace's data in one place: every dataset of a kind merged, as QA, KPI and
//! the roster read it. Built from stored datasets (the worker's cache), from imported files
//! (`kefu qa/kpi/roster`), or from the demo generator.

use super::{
    AgentStat, Attendance, ChatLog, Dataset, DatasetData, Order, Period, Refund, Review, Staff, SubOrder,
};
use crate::import::dedupe;

/// Every dataset kind, merged. Chat logs are merged thread by thread (one thread per shop and
/// buyer, in time order); tables are concatenated in the order given.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Workspace {
    pub staff: Vec<Staff>,
    pub chats: ChatLog,
    pub orders: Vec<Order>,
    pub sub_orders: Vec<SubOrder>,
    pub refunds: Vec<Refund>,
    pub reviews: Vec<Review>,
    pub agent_stats: Vec<AgentStat>,
    pub attendance: Vec<Attendance>,
}

impl Workspace {
    /// Merges `data` (any kinds, any number of each).
    pub fn from_data(data: impl IntoIterator<Item = DatasetData>) -> Workspace {
        let mut ws = Workspace::default();
        for d in data {
            ws.add(d);
        }
        ws
    }

    /// Merges the rows of `datasets`.
    pub fn from_datasets(datasets: impl IntoIterator<Item = Dataset>) -> Workspace {
        Workspace::from_data(datasets.into_iter().map(|d| d.data))
    }

    /// Adds one dataset's rows.
    pub fn add(&mut self, data: DatasetData) {
        match data {
            DatasetData::Chats(c) => {
                if self.chats.threads.is_empty() && self.chats.names.is_empty() {
                    self.chats = c;
                } else {
                    let mut into = DatasetData::Chats(std::mem::take(&mut self.chats));
                    // Same kind: cannot fail.
                    let _ = dedupe::merge(&mut into, DatasetData::Chats(c));
                    if let DatasetData::Chats(c) = into {
                        self.chats = c;
                    }
                }
            }
            DatasetData::Orders(v) => self.orders.extend(v),
            DatasetData::SubOrders(v) => self.sub_orders.extend(v),
            DatasetData::Refunds(v) => self.refunds.extend(v),
            DatasetData::Reviews(v) => self.reviews.extend(v),
            DatasetData::AgentStats(v) => self.agent_stats.extend(v),
            DatasetData::Staff(v) => self.staff.extend(v),
            DatasetData::Attendance(v) => self.attendance.extend(v),
        }
    }

    /// Days with chat messages, from the first to the last; `None` without chats.
    pub fn chat_period(&self) -> Option<Period> {
        Period::covering(self.chats.threads.iter().flat_map(|t| t.messages.iter().map(|m| m.ts.date())))
    }

    /// Nothing at all.
    pub fn is_empty(&self) -> bool {
        *self == Workspace::default()
    }
}

impl From<crate::demo::DemoWorkspace> for Workspace {
    fn from(d: crate::demo::DemoWorkspace) -> Workspace {
        Workspace {
            staff: d.staff,
            chats: d.chats,
            orders: d.orders,
            sub_orders: d.sub_orders,
            refunds: d.refunds,
            reviews: d.reviews,
            agent_stats: d.agent_stats,
            attendance: d.attendance,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{DemoConfig, generate_simple};

    #[test]
    fn datasets_merge_back_into_the_demo_workspace() {
        let demo = generate_simple(&DemoConfig { seed: 7, ..DemoConfig::default() });
        let whole = Workspace::from(demo.clone());
        let from_parts = Workspace::from_datasets(demo.into_datasets("2026-11-22 10:00:00", false));
        assert_eq!(from_parts, whole);
        assert!(!whole.is_empty());
        assert!(whole.chat_period().is_some());
    }

    #[test]
    fn two_chat_logs_merge_by_buyer() {
        use crate::Ts;
        use crate::model::{ChatMessage, ChatThread, MsgKind};
        let log = |names: &[&str], text: &str, ts: i64| ChatLog {
            names: names.iter().map(|n| n.to_string()).collect(),
            threads: vec![ChatThread {
                shop: "店".into(),
                buyer: 0,
                messages: vec![ChatMessage { ts: Ts(ts), from: 0, kind: MsgKind::Buyer, text: text.into() }],
            }],
        };
        let ws = Workspace::from_data([
            DatasetData::Chats(log(&["买家甲"], "第二句", 200)),
            DatasetData::Chats(log(&["买家甲"], "第一句", 100)),
        ]);
        assert_eq!(ws.chats.threads.len(), 1);
        let texts: Vec<_> = ws.chats.threads[0].messages.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(texts, ["第一句", "第二句"]);
    }
}
