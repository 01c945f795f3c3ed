//! Roster planning (排班): from chat volume to a legal, fair roster.
//!
//! - [`staffing`]: agents needed per interval (Erlang C / Erlang A with chat concurrency).
pub mod forecast;
pub mod staffing;
