//! Roster planning (排班): from chat volume to a legal, fair roster.
//!
//! Pipeline for the app: chat log → [`forecast::sessions_per_interval`] →
//! [`forecast::forecast`] (chats per 30-minute interval, MAPE on held-back days) →
//! [`staffing::required_agents`] per interval and skill/shop → [`kefu::Demand`] →
//! [`kefu::Plan::compile`] → [`solver::Solver`] (stepped from the Web Worker) →
//! [`eval::evaluate`] for violations while the user edits → [`kefu::Model::coverage`] /
//! [`kefu::Model::hours`] / [`export`] / [`intraday::intraday`].
//!
//! - [`staffing`]: agents needed per interval (Erlang C / Erlang A with chat concurrency).
//! - [`forecast`]: demand forecast from history.
//! - [`model`], [`eval`]: the generic roster problem and its scoring with a violation list.
//! - [`solver`]: the anytime optimiser (construction + annealing, steppable, seeded).
//! - `rowdp`, `pairdp`: best row of one agent, or rows of two together, by dynamic programming
//!   (the optimiser's large moves).
//! - `colgen`: column generation over the LP relaxation and diving (the optimiser's many-row
//!   move).
//! - [`curtois`]: the Curtois & Qu benchmark reader.
//! - [`check`]: the engine check (排班引擎自检): a benchmark or the practical case under a time
//!   budget, with best known, CP-SAT, gap, time to the first legal roster and coverage deficit.
//! - [`kefu`]: the practical Kefu model compiled into the generic problem.
//! - [`intraday`]: re-planning today with suggestions (替补).
//! - [`export`]: CSV and iCalendar text.
//! - [`edit`]: drag a shift to another cell (move or swap), the personal schedule view.
//! - [`work`]: the app's roster work document, `prepare` (forecast → staffing → plan), solve jobs.
pub mod check;
mod colgen;
pub mod curtois;
pub mod edit;
pub mod eval;
pub mod export;
pub mod forecast;
pub mod help;
pub mod intraday;
pub mod kefu;
pub mod model;
mod pairdp;
mod rowdp;
pub mod solver;
pub mod staffing;
pub mod work;
