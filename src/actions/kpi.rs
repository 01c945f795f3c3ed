//! KPI page actions: ask the worker for the KPI table of a range, the explanation of one
//! figure, the table as a file, a 日报/周报/月报, or the month's appraisal; save the
//! supervisor's comments, ratings and template edits (`work/kpi`). The page keeps the answers
//! in a [`KpiView`].

use chrono::{Days, NaiveDate};
use kefu_core::jobs::{Request, Response};
use kefu_core::kpi::appraisal::{Ranking, Template};
use kefu_core::kpi::report::{ReportData, ReportKind};
use kefu_core::kpi::svg::Chart;
use kefu_core::kpi::{Explanation, GroupBy, Kpi, KpiTable, KpiWork, Scope};
use kefu_core::lang::Localize;
use kefu_core::model::Period;
use kefu_core::store::WorkArea;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::platform::{dom, now_ms};
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
    /// Which part of the page is shown.
    pub tab: RwSignal<Tab>,
    /// How long the last table took, from the request to the table on screen (ms).
    pub last_ms: RwSignal<Option<f64>>,
    pub report: RwSignal<Option<ReportState>>,
    pub report_kind: RwSignal<ReportKind>,
    /// The day whose period is reported (`None`: the data's last day); switching the kind
    /// keeps it, so 月报 → 周报 comes back to the same week.
    pub report_day: RwSignal<Option<NaiveDate>>,
    /// Sort of the report's agent table: KPI and descending.
    pub report_sort: RwSignal<Option<(Kpi, bool)>>,
    pub appraisal: RwSignal<Option<AppraisalState>>,
    /// A day of the appraised month (`None`: the data's last month).
    pub appraisal_day: RwSignal<Option<NaiveDate>>,
    /// The sub-account whose sheet is open.
    pub sheet: RwSignal<Option<String>>,
}

/// The parts of the KPI page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Table,
    Report,
    Appraisal,
    Help,
}

/// A report as shown.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportState {
    pub data: ReportData,
    pub charts: Vec<Chart>,
    pub span: Option<Period>,
}

/// An appraisal as shown, with the work document it used (edited in place, then saved).
#[derive(Clone, Debug, PartialEq)]
pub struct AppraisalState {
    pub ranking: Ranking,
    pub work: KpiWork,
    /// `2026-11`.
    pub month: String,
    pub span: Option<Period>,
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
            tab: RwSignal::new(Tab::Table),
            last_ms: RwSignal::new(None),
            report: RwSignal::new(None),
            report_kind: RwSignal::new(ReportKind::Weekly),
            report_day: RwSignal::new(None),
            report_sort: RwSignal::new(None),
            appraisal: RwSignal::new(None),
            appraisal_day: RwSignal::new(None),
            sheet: RwSignal::new(None),
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
    view.report.set(None);
    view.report_day.set(None);
    view.appraisal.set(None);
    view.appraisal_day.set(None);
    view.sheet.set(None);
    load(state, view);
    match view.tab.get_untracked() {
        Tab::Report => load_report(state, view),
        Tab::Appraisal => load_appraisal(state, view),
        Tab::Table | Tab::Help => {}
    }
}

/// Asks for the table of the current range and grouping.
pub fn load(state: AppState, view: KpiView) {
    let (period, by, lang) = (view.period.get_untracked(), view.by.get_untracked(), state.lang());
    let started = now_ms();
    spawn_local(async move {
        if let Some(Response::KpiTable { table, span }) =
            super::job(state, Request::KpiTable { period, by, lang }, Vec::new()).await
        {
            view.span.set(span);
            view.table.set(table.map(|t| *t));
            view.explanation.set(None);
            // The table is on screen by the next frame.
            request_animation_frame(move || view.last_ms.set(Some(now_ms() - started)));
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

/// Downloads the appraisal ranking on screen as XLSX (or CSV).
pub fn export_ranking(state: AppState, view: KpiView, xlsx: bool) {
    let Some(ranking) = view.appraisal.with_untracked(|a| a.as_ref().map(|a| a.ranking.clone())) else {
        return;
    };
    let lang = state.lang();
    spawn_local(async move {
        let req = Request::KpiRankingExport { ranking: Box::new(ranking), xlsx, lang };
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

pub fn set_tab(state: AppState, view: KpiView, tab: Tab) {
    view.tab.set(tab);
    match tab {
        Tab::Report if view.report.get_untracked().is_none() => load_report(state, view),
        Tab::Appraisal if view.appraisal.get_untracked().is_none() => load_appraisal(state, view),
        _ => {}
    }
}

/// Asks for the report of the chosen kind and day.
pub fn load_report(state: AppState, view: KpiView) {
    let (kind, day, lang) = (view.report_kind.get_untracked(), view.report_day.get_untracked(), state.lang());
    spawn_local(async move {
        if let Some(Response::KpiReport { report, charts, span }) =
            super::job(state, Request::KpiReport { kind, day, lang }, Vec::new()).await
        {
            view.report.set(Some(ReportState { data: *report, charts, span }));
        }
    });
}

pub fn set_report_kind(state: AppState, view: KpiView, kind: ReportKind) {
    view.report_kind.set(kind);
    load_report(state, view);
}

pub fn set_report_day(state: AppState, view: KpiView, day: NaiveDate) {
    view.report_day.set(Some(day));
    load_report(state, view);
}

/// The previous (`-1`) or next (`1`) period of the report's kind.
pub fn step_report(state: AppState, view: KpiView, dir: i64) {
    let Some(p) = view.report.with_untracked(|r| r.as_ref().map(|r| r.data.period)) else { return };
    let day =
        if dir < 0 { p.from.checked_sub_days(Days::new(1)) } else { p.to.checked_add_days(Days::new(1)) };
    if let Some(d) = day {
        set_report_day(state, view, d);
    }
}

/// Sorts the report's agent table by `kpi`; the same header again flips the order.
pub fn sort_report(view: KpiView, kpi: Kpi) {
    let desc = match view.report_sort.get_untracked() {
        Some((k, d)) if k == kpi => !d,
        _ => true,
    };
    view.report_sort.set(Some((kpi, desc)));
}

/// Asks for the appraisal of the chosen month.
pub fn load_appraisal(state: AppState, view: KpiView) {
    let (day, lang) = (view.appraisal_day.get_untracked(), state.lang());
    spawn_local(async move {
        if let Some(Response::KpiAppraisal { ranking, work, month, span, notices }) =
            super::job(state, Request::KpiAppraisal { day, lang }, Vec::new()).await
        {
            for n in notices {
                state.notify(Tone::Error, n.localize(state.lang()));
            }
            view.appraisal.set(Some(AppraisalState { ranking: *ranking, work: *work, month, span }));
        }
    });
}

pub fn step_month(state: AppState, view: KpiView, dir: i64) {
    let Some(p) = view.appraisal.with_untracked(|a| a.as_ref().map(|a| a.ranking.period)) else { return };
    let day =
        if dir < 0 { p.from.checked_sub_days(Days::new(1)) } else { p.to.checked_add_days(Days::new(1)) };
    if let Some(d) = day {
        view.appraisal_day.set(Some(d));
        view.sheet.set(None);
        load_appraisal(state, view);
    }
}

/// Changes the work document (comment, rating, points, templates), saves it, and recomputes
/// the sheets with it. Nothing is saved when no appraisal is loaded.
pub fn edit_work(state: AppState, view: KpiView, edit: impl FnOnce(&mut KpiWork, &str)) {
    let Some(mut a) = view.appraisal.get_untracked() else { return };
    edit(&mut a.work, &a.month);
    let work = a.work.clone();
    view.appraisal.set(Some(a));
    spawn_local(async move {
        if super::work::save(state, WorkArea::Kpi, &work).await {
            load_appraisal(state, view);
        }
    });
}

/// Replaces the templates in use (the defaults when `templates` is `None`).
pub fn set_templates(state: AppState, view: KpiView, templates: Option<Vec<Template>>) {
    edit_work(state, view, move |w, _| w.templates = templates.unwrap_or_default());
}
