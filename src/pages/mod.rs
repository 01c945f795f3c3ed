//! One module per screen. Pages arrange components and call `actions`; they never parse
//! files or compute figures themselves.

pub mod admin;
pub mod agent;
pub mod import;
pub mod kpi;
pub mod manual;
pub mod qa;
pub mod rights;
pub mod roster;
pub mod settings;
pub mod share;
pub mod training;
