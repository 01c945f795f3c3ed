//! Kefu Workbench, the browser app: a thin Leptos shell over `kefu-core`.
//!
//! `app` lays out the page, `pages` hold one screen each, `components` the pieces they share,
//! `actions` what the user can do, `state` the signals, `i18n` the screen text. `platform` is
//! the only module that touches the browser. `worker` is the job runner of the Web Worker
//! binary (`src/bin/worker.rs`). See ARCHITECTURE.md.

pub mod actions;
pub mod app;
pub mod components;
pub mod i18n;
pub mod pages;
pub mod platform;
pub mod state;
pub mod worker;
