//! The roster engine check (排班引擎自检): runs `Request::RosterCheck` in the worker on a picked
//! Curtois & Qu file or on the practical case, adds each reported point to the live objective
//! chart, and keeps the result (or why the file could not be read) for the panel. Stop is the
//! roster's `RosterStop`; nothing is stored.

use kefu_core::jobs::{JobError, Request, Response};
use kefu_core::lang::Localize;
use kefu_core::roster::check::{CheckError, CheckJob, CheckResult, CheckSource};
use kefu_core::roster::work::SolvePoint;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::platform::dom::PickedFile;
use crate::state::{AppState, Tone};

/// Seconds a check runs unless the user types another budget (issue 6: 10 s).
pub const DEFAULT_SECONDS: f64 = 10.0;

/// What the engine-check panel shows.
#[derive(Clone, Copy)]
pub struct EngineView {
    /// Time budget in seconds.
    pub seconds: RwSignal<f64>,
    pub running: RwSignal<bool>,
    /// What is being (or was last) checked: a file name, or `None` for the practical case.
    pub subject: RwSignal<Option<String>>,
    /// The live objective chart.
    pub points: RwSignal<Vec<SolvePoint>>,
    pub result: RwSignal<Option<CheckResult>>,
    pub error: RwSignal<Option<CheckError>>,
}

impl EngineView {
    pub fn new() -> EngineView {
        EngineView {
            seconds: RwSignal::new(DEFAULT_SECONDS),
            running: RwSignal::new(false),
            subject: RwSignal::new(None),
            points: RwSignal::new(Vec::new()),
            result: RwSignal::new(None),
            error: RwSignal::new(None),
        }
    }
}

impl Default for EngineView {
    fn default() -> Self {
        EngineView::new()
    }
}

/// Checks the engine on the first picked file (a Curtois & Qu instance).
pub fn run_file(state: AppState, view: EngineView, files: Vec<PickedFile>) {
    let Some(file) = files.into_iter().next() else { return };
    let name = file.name();
    run(state, view, CheckSource::Curtois { file_name: name.clone() }, Some(name), vec![file]);
}

/// Checks the engine on the practical case (150 agents, 4 weeks, 2 skills).
pub fn run_case(state: AppState, view: EngineView) {
    use kefu_core::roster::check::{CASE_AGENTS, CASE_DAYS};
    run(state, view, CheckSource::Case { agents: CASE_AGENTS, days: CASE_DAYS }, None, Vec::new());
}

/// Stops the running check; it answers with the best roster so far.
pub fn stop() {
    super::roster::stop();
}

fn run(
    state: AppState,
    view: EngineView,
    source: CheckSource,
    subject: Option<String>,
    files: Vec<PickedFile>,
) {
    if view.running.get_untracked() {
        return;
    }
    let seconds = view.seconds.get_untracked().clamp(1.0, 600.0);
    let job = CheckJob { source, seconds, seed: 1 };
    view.running.set(true);
    view.subject.set(subject);
    view.points.set(Vec::new());
    view.result.set(None);
    view.error.set(None);
    spawn_local(async move {
        let request = Request::RosterCheck { job: Box::new(job) };
        let reply = super::with_job_bar(state, &request, files, move |p| {
            if let Some(pt) = p.roster {
                view.points.update(|v| v.push(pt));
            }
        })
        .await;
        view.running.set(false);
        match reply.map(|r| r.response) {
            Ok(Response::RosterChecked { result: Ok(r) }) => {
                view.points.set(r.points.clone());
                view.result.set(Some(*r));
            }
            Ok(Response::RosterChecked { result: Err(e) }) => view.error.set(Some(e)),
            Ok(_) => {}
            Err(e) => {
                let tone = if e == JobError::Cancelled { Tone::Info } else { Tone::Error };
                state.notify(tone, e.localize(state.lang()));
            }
        }
    });
}
