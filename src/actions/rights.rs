//! Data rights from the settings page: erase one buyer and the retention rule. Each runs twice
//! through the worker: first a preview (nothing changes), then — after the user confirms —
//! for real, in one transaction.

use kefu_core::jobs::{Request, Response, RightsReport};
use kefu_core::lang::Localize;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{job, refresh_storage};
use crate::platform::{dom, now_local};
use crate::state::{AppState, Tone};

fn today() -> chrono::NaiveDate {
    let now = now_local();
    chrono::NaiveDate::parse_from_str(now.get(..10).unwrap_or(""), "%Y-%m-%d")
        .unwrap_or_else(|_| chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default())
}

async fn run(state: AppState, request: Request, out: RwSignal<Option<RightsReport>>) {
    if let Some(Response::Rights { report }) = job(state, request, Vec::new()).await {
        if let Some(e) = &report.refused {
            state.notify(Tone::Error, e.localize(state.lang()));
        }
        if let Some(view) = report.view.clone() {
            state.workspace.set(Some(view));
            refresh_storage(state).await;
        }
        out.set(Some(*report));
    }
}

/// Finds everything that mentions `buyer`; with `apply` (after a confirmation) erases it.
pub fn erase_buyer(state: AppState, buyer: String, apply: bool, out: RwSignal<Option<RightsReport>>) {
    if state.busy() {
        return;
    }
    if apply {
        let msg = match state.lang() {
            kefu_core::Lang::Zh => {
                format!("永久删除与买家“{buyer}”有关的全部记录？此操作无法撤销（可先导出备份）。")
            }
            kefu_core::Lang::En => format!(
                "Permanently erase every record about buyer “{buyer}”? This cannot be undone (export a backup first if needed)."
            ),
        };
        if !dom::confirm(&msg) {
            return;
        }
    }
    spawn_local(run(state, Request::EraseBuyer { buyer, apply }, out));
}

/// Lists what the retention rule would drop; with `apply` (after a confirmation) drops it.
pub fn retention(state: AppState, months: u32, apply: bool, out: RwSignal<Option<RightsReport>>) {
    if state.busy() {
        return;
    }
    if apply
        && !dom::confirm(state.lang().pick(
            "永久删除超过保留期限的数据？此操作无法撤销（可先导出备份）。",
            "Permanently drop the data older than the retention period? This cannot be undone (export a backup first if needed).",
        ))
    {
        return;
    }
    spawn_local(run(state, Request::Retention { months, today: today(), apply }, out));
}
