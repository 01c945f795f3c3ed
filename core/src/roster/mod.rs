//! Roster planning (排班): from chat volume to a legal, fair roster.
//!
//! - [`staffing`]: agents needed per interval (Erlang C / Erlang A with chat concurrency).
pub mod curtois;
pub mod eval;
pub mod export;
pub mod forecast;
pub mod intraday;
pub mod kefu;
pub mod model;
mod rowdp;
pub mod solver;
pub mod staffing;
