//! Kefu Workbench core: every piece of domain logic of the app, with no browser in sight.
//!
//! The browser app (`src/` at the repository root) and the `kefu` command line are thin
//! front ends over this crate. Nothing here may depend on leptos, web-sys, js-sys, gloo or
//! wasm-bindgen; the crate's Cargo.toml is the fence. See ARCHITECTURE.md for the map.

pub mod audit;
pub mod demo;
pub mod export;
pub mod import;
pub mod jobs;
pub mod kpi;
pub mod lang;
pub mod model;
pub mod packet;
pub mod privacy;
pub mod qa;
pub mod registers;
pub mod rights;
pub mod roster;
pub mod store;
pub mod time;
pub mod training;

pub use lang::Lang;
pub use time::{Money, Ts};
