//! The built-in demo workspace: a deterministic, seeded synthetic customer-service team.
//!
//! One shop, at least twelve agents (售前 and 售后), four weeks of realistic Chinese
//! e-commerce chats and the orders, sub-orders, refunds, reviews, per-agent stats and
//! attendance that those chats imply. The same seed always gives the same workspace. The
//! generator also scales to benchmark sizes (a million messages and more).

use chrono::NaiveDate;

use crate::jobs::Cancelled;
use crate::model::{
    AgentStat, Attendance, ChatLog, Dataset, DatasetData, DatasetMeta, Order, Origin, Period, Refund, Review,
    Staff, SubOrder,
};

/// What to generate.
#[derive(Clone, Debug, PartialEq)]
pub struct DemoConfig {
    pub seed: u64,
    /// First day (a Monday by default).
    pub start: NaiveDate,
    pub days: u32,
    /// Number of agents (at least 12 for the default team; benchmarks use up to 200+).
    pub agents: usize,
    /// Approximate number of chat messages wanted; `None` gives the natural volume of the team.
    pub messages: Option<u64>,
    /// Shop name, also the prefix of every sub-account (`棉语旗舰店:小美`).
    pub shop: String,
}

impl Default for DemoConfig {
    fn default() -> Self {
        DemoConfig {
            seed: 2026,
            start: NaiveDate::from_ymd_opt(2026, 10, 19).expect("valid date"),
            days: 28,
            agents: 14,
            messages: None,
            shop: "棉语旗舰店".into(),
        }
    }
}

/// A generated team and everything it produced.
#[derive(Clone, Debug, PartialEq)]
pub struct DemoWorkspace {
    pub config: DemoConfig,
    pub period: Period,
    pub staff: Vec<Staff>,
    pub chats: ChatLog,
    pub orders: Vec<Order>,
    pub sub_orders: Vec<SubOrder>,
    pub refunds: Vec<Refund>,
    pub reviews: Vec<Review>,
    pub agent_stats: Vec<AgentStat>,
    pub attendance: Vec<Attendance>,
}

// The generator, in the order it runs: `team` (agents, hidden behaviour profiles, roster,
// attendance) → `traffic` (when buyers write, message budgets) → `generate` (the day-by-day
// simulation) driving `conv` (timing, habits, shift limits) through `scripts` (what is said,
// from the `dialogue` pools) → `commerce` (orders, refunds, reviews read at the period's end)
// → `report` (per-agent daily stats). `names`, `catalog` and `util` supply the parts.
mod catalog;
mod commerce;
mod conv;
mod dialogue;
mod generate;
mod names;
mod report;
mod scripts;
mod team;
mod traffic;
mod util;

pub use generate::generate;

impl DemoWorkspace {
    /// The workspace as datasets, ids `ds-1`… in a fixed order. With `mask`, personal data is
    /// masked the way an import masks it by default.
    pub fn into_datasets(self, added: &str, mask: bool) -> Vec<Dataset> {
        let seed = self.config.seed;
        let mut data = vec![
            DatasetData::Staff(self.staff),
            DatasetData::Chats(self.chats),
            DatasetData::Orders(self.orders),
            DatasetData::SubOrders(self.sub_orders),
            DatasetData::Refunds(self.refunds),
            DatasetData::Reviews(self.reviews),
            DatasetData::AgentStats(self.agent_stats),
            DatasetData::Attendance(self.attendance),
        ];
        if mask {
            for d in &mut data {
                crate::privacy::mask_dataset(d);
            }
        }
        data.into_iter()
            .enumerate()
            .map(|(i, data)| {
                let kind = data.kind();
                let meta = DatasetMeta {
                    id: format!("ds-{}", i + 1),
                    kind,
                    label: format!("示例 · {}", kind.label(crate::Lang::Zh)),
                    origin: Origin::Demo { seed },
                    rows: data.rows(),
                    period: data.period(),
                    masked: mask,
                    added: added.to_owned(),
                    choices: crate::model::filter_choices_of(&data),
                };
                Dataset { meta, data }
            })
            .collect()
    }
}

/// Generates with no progress reporting and no way to cancel.
pub fn generate_simple(cfg: &DemoConfig) -> DemoWorkspace {
    let mut tick = crate::jobs::no_tick();
    match generate(cfg, &mut tick) {
        Ok(ws) => ws,
        Err(Cancelled) => unreachable!("no_tick never cancels"),
    }
}
