//! Typed datasets: what an import produces and every other module consumes.
//!
//! One file per kind of back-office export. Field names follow the Taobao/Tmall headers
//! quoted in each field's doc comment (see ../shared/domain.md §3). Personal data (receiver
//! names, phones, addresses, real staff names) is kept in `Option`/plain fields so the import
//! step can mask it; prints and exports mask again by default.

mod attendance;
mod chat;
mod dataset;
mod filter;
mod order;
mod refund;
mod review;
mod staff;
mod stats;
mod workspace;

pub use attendance::{Attendance, AttendanceStatus};
pub use chat::{ChatLog, ChatMessage, ChatThread, MsgKind, NameId};
pub use dataset::{Dataset, DatasetData, DatasetKind, DatasetMeta, Origin, Period, SourceFile};
pub use filter::{Filter, FilterChoices, filter_choices_of, team_key, team_label};
pub use order::{Order, OrderStatus, RefundState, SubOrder};
pub use refund::{Refund, RefundPhase, RefundStatus, Ruling};
pub use review::{Dsr, Rating, Review};
pub use staff::{Role, Staff};
pub use stats::AgentStat;
pub use workspace::Workspace;
