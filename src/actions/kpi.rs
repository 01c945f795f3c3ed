//! KPI page actions: ask the worker for the KPI table of a range, the explanation of one
//! figure, or the table as a file. The page keeps the answers in a [`KpiView`].

use chrono::{Days, NaiveDate};
use kefu_core::jobs::{Request, Response};
use kefu_core::kpi::{Explanation, GroupBy, Kpi, KpiTable, Scope};
use kefu_core::model::Period;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::platform::dom;
use crate::state::{AppState, Tone};

/// What the KPI page shows.
#[derive(Clone, Copy)]
pub struct KpiView {
    pub table: RwSignal<Option<KpiTable>>,
    /// The whole period of the data.
    pub span: RwSignal<Option<Period>>,
    /// The range asked for (`None`: the whole span).
    pub period: RwSignal<Option<Period>>,
    pub by: RwSignal<GroupBy>,
    pub explanation: RwSignal<Option<Explanation>>,
    /// Whether a table was asked for since the workspace last changed.
    pub loaded_for: RwSignal<Option<Vec<String>>>,
}

impl KpiView {
    pub fn new() -> KpiView {
        KpiView {
            table: RwSignal::new(None),
            span: RwSignal::new(None),
            period: RwSignal::new(None),
            by: RwSignal::new(GroupBy::Agent),
            explanation: RwSignal::new(None),
            loaded_for: RwSignal::new(None),
        }
    }
}

impl Default for KpiView {
    fn default() -> Self {
        KpiView::new()
    }
}

/// Whether the workspace holds anything the KPIs read.
pub fn has_data(state: AppState) -> bool {
    state.workspace.with(|w| w.as_ref().is_some_and(|w| !w.manifest.datasets.is_empty()))
}

/// Loads the table when the workspace changed since the last one.
pub fn refresh(state: AppState, view: KpiView) {
    let ids = state.data_stamp();
    if !has_data(state) || view.loaded_for.get_untracked().as_ref() == Some(&ids) {
        return;
    }
    view.loaded_for.set(Some(ids));
    view.period.set(None);
    load(state, view);
}

/// Asks for the table of the current range and grouping.
pub fn load(state: AppState, view: KpiView) {
    let (period, by, lang) = (view.period.get_untracked(), view.by.get_untracked(), state.lang());
    spawn_local(async move {
        if let Some(Response::KpiTable { table, span }) =
            super::job(state, Request::KpiTable { period, by, lang }, Vec::new()).await
        {
            view.span.set(span);
            view.table.set(table.map(|t| *t));
            view.explanation.set(None);
        }
    });
}

/// Sets the range and reloads. A range outside the data or reversed is refused with a notice.
pub fn set_period(state: AppState, view: KpiView, from: NaiveDate, to: NaiveDate) {
    if from > to {
        state.notify(
            Tone::Error,
            state.lang().pick("开始日期晚于结束日期。", "The start date is after the end date."),
        );
        return;
    }
    view.period.set(Some(Period { from, to }));
    load(state, view);
}

/// The last `days` days of the data (the whole span with `None`).
pub fn set_last_days(state: AppState, view: KpiView, days: Option<u64>) {
    let Some(span) = view.span.get_untracked() else { return };
    match days {
        None => view.period.set(None),
        Some(n) => {
            let from =
                span.to.checked_sub_days(Days::new(n.saturating_sub(1))).unwrap_or(span.from).max(span.from);
            view.period.set(Some(Period { from, to: span.to }));
        }
    }
    load(state, view);
}

pub fn set_group(state: AppState, view: KpiView, by: GroupBy) {
    view.by.set(by);
    load(state, view);
}

/// Explains one figure of the table.
pub fn explain(state: AppState, view: KpiView, kpi: Kpi, scope: Scope) {
    let Some(period) = view.table.with_untracked(|t| t.as_ref().map(|t| t.period)) else { return };
    let lang = state.lang();
    spawn_local(async move {
        if let Some(Response::KpiExplain { explanation }) =
            super::job(state, Request::KpiExplain { kpi, scope, period, lang }, Vec::new()).await
        {
            view.explanation.set(Some(*explanation));
        }
    });
}

/// Downloads the table as XLSX (or CSV).
pub fn export(state: AppState, view: KpiView, xlsx: bool) {
    let Some((period, by)) = view.table.with_untracked(|t| t.as_ref().map(|t| (t.period, t.by))) else {
        return;
    };
    let lang = state.lang();
    spawn_local(async move {
        let req = Request::KpiExport { period, by, xlsx, lang };
        if let Some((Response::File { name, mime }, Some(bytes))) =
            super::job_with_bytes(state, req, Vec::new()).await
            && let Err(e) = dom::download(&bytes, &name, &mime)
        {
            state.notify(Tone::Error, e);
        }
    });
}

pub fn print() {
    dom::print();
}
