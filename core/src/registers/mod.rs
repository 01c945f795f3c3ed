//! The team's registers (登记簿): complaints and disputes (投诉/维权) with follow-up visits
//! (回访) and overdue tracking against an injected clock, and rewards and penalties (奖惩) fed
//! by the appraisal and the attendance rule book plus manual entries. Every register becomes a
//! [`table::Table`] that [`table::table_csv`] / [`table::table_xlsx`] write (formulas
//! neutralised) and the page prints.
//!
//! For a front end: [`RegistersWork`] is the stored `WorkArea::Registers` document;
//! `work.complaints.put(..)`, `.view(now)`, `.suggest_from_qa(..)`, [`complaints_table`];
//! [`from_appraisal`] + [`from_attendance`] + [`rewards_view`] → [`rewards_table`].

pub mod complaints;
pub mod rewards;
pub mod table;

use serde::{Deserialize, Serialize};

pub use complaints::{Complaint, ComplaintRegister, Overdue, Visit, complaints_table};
pub use rewards::{
    AgentTotal, Entry, RewardsRegister, RewardsView, from_appraisal, from_attendance, rewards_table,
    rewards_view,
};
pub use table::{Cell, ExportError, Table, table_csv, table_text, table_xlsx};

/// The Registers part of the supervisor's work, as stored (`store::WorkArea::Registers`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RegistersWork {
    pub complaints: ComplaintRegister,
    pub rewards: RewardsRegister,
}
