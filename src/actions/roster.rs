//! Roster page actions: load the roster work document, prepare the forecast, staffing and
//! plan in the worker, run the optimiser with a live objective chart and a Stop, edit cells by
//! picker or by dragging a shift, lock cells (re-evaluated on the page with the core's
//! `evaluate`), and the outputs (CSV, iCalendar, the weekly sheet or one agent's schedule in
//! print). Every change to the work is saved as `work/roster` at once.

use kefu_core::Lang;
use kefu_core::jobs::{JobError, Request, Response};
use kefu_core::lang::Localize;
use kefu_core::roster::edit::{MoveRefused, check_move, move_shift};
use kefu_core::roster::eval::{Report, evaluate};
use kefu_core::roster::export;
use kefu_core::roster::kefu::Model;
use kefu_core::roster::model::{OFF, Roster};
use kefu_core::roster::work::{Prepared, RosterWork, SavedRoster, SolveJob, SolvePoint, cover_gaps};
use kefu_core::store::WorkArea;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::platform::dom::{self, FileBytes};
use crate::platform::worker_client;
use crate::state::{AppState, Tone};

/// Iterations per optimiser step between two points of the chart.
const SLICE: u64 = 20_000;

/// The result of the last optimiser run.
#[derive(Clone, Debug, PartialEq)]
pub struct RunInfo {
    pub first_legal_ms: Option<f64>,
    pub ms: f64,
    pub iterations: u64,
    pub stopped: bool,
}

/// What the roster page shows.
#[derive(Clone, Copy)]
pub struct RosterView {
    /// The saved work (`None` until read from the store).
    pub work: RwSignal<Option<RosterWork>>,
    pub prep: RwSignal<Option<Prepared>>,
    /// Why the plan could not be prepared, in words.
    pub error: RwSignal<Option<String>>,
    pub roster: RwSignal<Option<Roster>>,
    pub locks: RwSignal<Vec<bool>>,
    /// Objective chart of the running or last run.
    pub points: RwSignal<Vec<SolvePoint>>,
    pub solving: RwSignal<bool>,
    pub run: RwSignal<Option<RunInfo>>,
    /// Cover gaps (short, over) before the last hand edit, to show its effect.
    pub before_edit: RwSignal<Option<(i64, i64)>>,
    /// The cell whose picker is open.
    pub picker: RwSignal<Option<(usize, usize)>>,
    /// The cell whose shift is being dragged, and the cell it would drop on (kept here, not in
    /// the browser's DataTransfer).
    pub drag: RwSignal<Option<(usize, usize)>>,
    pub drop_at: RwSignal<Option<(usize, usize)>>,
    /// Agent whose personal schedule is shown, and whether the print is that schedule (A4
    /// portrait) rather than the weekly sheet.
    pub personal: RwSignal<Option<usize>>,
    pub print_personal: RwSignal<bool>,
    /// Day shown in the staffing table and the coverage chart.
    pub day: RwSignal<usize>,
    /// Shop shown there when the plan is split by shop (`None`: the first).
    pub shop: RwSignal<Option<String>>,
    pub loaded_for: RwSignal<Option<Vec<String>>>,
}

impl RosterView {
    pub fn new() -> RosterView {
        RosterView {
            work: RwSignal::new(None),
            prep: RwSignal::new(None),
            error: RwSignal::new(None),
            roster: RwSignal::new(None),
            locks: RwSignal::new(Vec::new()),
            points: RwSignal::new(Vec::new()),
            solving: RwSignal::new(false),
            run: RwSignal::new(None),
            before_edit: RwSignal::new(None),
            picker: RwSignal::new(None),
            drag: RwSignal::new(None),
            drop_at: RwSignal::new(None),
            personal: RwSignal::new(None),
            print_personal: RwSignal::new(false),
            day: RwSignal::new(0),
            shop: RwSignal::new(None),
            loaded_for: RwSignal::new(None),
        }
    }

    /// The current roster's report (tracked), when there is a roster of the model's shape.
    pub fn report(&self) -> Option<Report> {
        self.prep.with(|p| {
            let p = p.as_ref()?;
            self.roster.with(|r| {
                let r = r.as_ref()?;
                (r.cells.len() == p.model.problem.staff.len() * p.model.plan.days as usize)
                    .then(|| evaluate(&p.model.problem, r))
            })
        })
    }
}

impl Default for RosterView {
    fn default() -> Self {
        RosterView::new()
    }
}

/// Whether the workspace holds any dataset (chats and staff are checked by the worker).
pub fn has_data(state: AppState) -> bool {
    state.workspace.with(|w| w.as_ref().is_some_and(|w| !w.manifest.datasets.is_empty()))
}

/// Loads the work and prepares the plan when the workspace changed since the last time.
pub fn refresh(state: AppState, view: RosterView) {
    let ids = state.data_stamp();
    if !has_data(state) || view.loaded_for.get_untracked().as_ref() == Some(&ids) {
        return;
    }
    view.loaded_for.set(Some(ids));
    spawn_local(async move {
        let Some(work) = super::work::load::<RosterWork>(state, WorkArea::Roster).await else { return };
        view.work.set(Some(work));
        prepare_now(state, view).await;
    });
}

async fn prepare_now(state: AppState, view: RosterView) {
    let Some(work) = view.work.get_untracked() else { return };
    let req = Request::RosterPrepare { work: Box::new(work.clone()) };
    let Some(Response::RosterPrepared { result }) = super::job(state, req, Vec::new()).await else { return };
    match result {
        Ok(prep) => {
            let restored = work.roster.as_ref().and_then(|s| s.restore(&prep.model));
            let days = prep.model.plan.days as usize;
            let shown = view.day.get_untracked().min(days.saturating_sub(1));
            view.day.set(shown);
            match restored {
                Some((r, l)) => {
                    view.roster.set(Some(r));
                    view.locks.set(l);
                }
                None => {
                    view.roster.set(None);
                    view.locks.set(vec![false; prep.model.problem.staff.len() * days]);
                }
            }
            view.error.set(None);
            view.prep.set(Some(*prep));
        }
        Err(e) => {
            view.prep.set(None);
            view.error.set(Some(e.localize(state.lang())));
        }
    }
}

fn save(state: AppState, view: RosterView) {
    let Some(work) = view.work.get_untracked() else { return };
    spawn_local(async move {
        super::work::save(state, WorkArea::Roster, &work).await;
    });
}

/// Changes the work (parameters, marked days, overrides, staff, templates, rules), saves it
/// and prepares the plan again.
pub fn change(state: AppState, view: RosterView, f: impl FnOnce(&mut RosterWork)) {
    if view.work.get_untracked().is_none() {
        return;
    }
    view.work.update(|w| {
        if let Some(w) = w {
            f(w)
        }
    });
    let Some(work) = view.work.get_untracked() else { return };
    spawn_local(async move {
        if super::work::save(state, WorkArea::Roster, &work).await {
            prepare_now(state, view).await;
        }
    });
}

/// Keeps the saved roster in step with the one shown, and saves. Saved rows of agents the
/// plan does not show (another shop's, while the filter shows one) are kept.
fn keep_roster(state: AppState, view: RosterView) {
    let saved = view.prep.with_untracked(|p| {
        let p = p.as_ref()?;
        view.roster.with_untracked(|r| {
            r.as_ref().map(|r| view.locks.with_untracked(|l| SavedRoster::capture(&p.model, r, l)))
        })
    });
    view.work.update(|w| {
        if let Some(w) = w {
            w.roster = saved.map(|s| s.keeping(w.roster.as_ref()));
        }
    });
    save(state, view);
}

/// Runs the optimiser. `keep_rest`: start from the current roster (re-optimise the rest);
/// otherwise start from the locked cells only. Locked cells are kept either way.
pub fn generate(state: AppState, view: RosterView, keep_rest: bool) {
    if view.solving.get_untracked() {
        return;
    }
    let Some(prep) = view.prep.get_untracked() else { return };
    let Some(work) = view.work.get_untracked() else { return };
    let model = &prep.model;
    let locks = view.locks.get_untracked();
    let current = view.roster.get_untracked().filter(|r| r.cells.len() == locks.len());
    let start = match current {
        Some(r) if keep_rest => Some(r),
        Some(r) => {
            let days = model.plan.days as usize;
            let fixed: Vec<(usize, u16, u8)> = (0..locks.len())
                .filter(|k| locks[*k])
                .map(|k| (k / days, (k % days) as u16, r.cells[k]))
                .collect();
            Some(model.locked(&fixed).0)
        }
        None => None,
    };
    let job = SolveJob {
        plan: model.plan.clone(),
        start,
        locks,
        seed: work.seed,
        iterations: work.iterations.max(SLICE),
        slice: SLICE,
    };
    view.points.set(Vec::new());
    view.solving.set(true);
    view.picker.set(None);
    spawn_local(async move {
        let reply = run_solve(state, view, job).await;
        view.solving.set(false);
        if let Some((roster, info)) = reply {
            view.before_edit.set(None);
            view.roster.set(Some(roster));
            view.run.set(Some(info));
            keep_roster(state, view);
        }
    });
}

/// Runs a solve job with the job bar, adding each reported point to the chart.
async fn run_solve(state: AppState, view: RosterView, job: SolveJob) -> Option<(Roster, RunInfo)> {
    let request = Request::RosterSolve { job: Box::new(job) };
    let result = super::with_job_bar(state, &request, Vec::new(), move |p| {
        if let Some(pt) = p.roster {
            view.points.update(|v| v.push(pt));
        }
    })
    .await;
    match result {
        Ok(reply) => match reply.response {
            Response::RosterSolved { roster, points, first_legal_ms, stopped, ms } => {
                let iterations = points.last().map_or(0, |p| p.iterations);
                view.points.set(points);
                Some((roster, RunInfo { first_legal_ms, ms, iterations, stopped }))
            }
            _ => None,
        },
        Err(e) => {
            let tone = if e == JobError::Cancelled { Tone::Info } else { Tone::Error };
            state.notify(tone, e.localize(state.lang()));
            None
        }
    }
}

/// Stops the running optimiser; it answers with the best roster so far.
pub fn stop() {
    spawn_local(async move {
        let _ = worker_client::run(&Request::RosterStop, Vec::new(), |_| {}).await;
    });
}

/// Sets one cell by hand (a shift type or `OFF`) and shows the effect at once.
pub fn set_cell(state: AppState, view: RosterView, agent: usize, day: usize, value: u8) {
    let Some(days) = view.prep.with_untracked(|p| p.as_ref().map(|p| p.model.plan.days as usize)) else {
        return;
    };
    let n = view.locks.with_untracked(|l| l.len());
    if view.roster.get_untracked().is_none() {
        let empty = view.prep.with_untracked(|p| p.as_ref().map(|p| Roster::empty(&p.model.problem)));
        view.roster.set(empty);
    }
    if agent * days + day >= n {
        return;
    }
    hand_edit(state, view, |r| r.set(agent, day, value));
}

/// A hand edit: remembers the cover gaps before it (the grid shows the edit's effect), changes
/// the roster, closes the picker and saves. Violations follow from the re-evaluated report.
fn hand_edit(state: AppState, view: RosterView, f: impl FnOnce(&mut Roster)) {
    let gaps = view.report_untracked().map(|r| cover_gaps(&r));
    view.before_edit.set(gaps);
    view.roster.update(|r| {
        if let Some(r) = r {
            f(r)
        }
    });
    view.picker.set(None);
    keep_roster(state, view);
}

/// Whether the shift being dragged from `from` may be dropped on `to`.
pub fn can_drop(view: RosterView, from: (usize, usize), to: (usize, usize)) -> bool {
    let locks = view.locks.get_untracked();
    with_roster(view, |m, r| check_move(m, r, &locks, from, to).is_ok()).unwrap_or(false)
}

/// Drops the shift dragged from `from` on `to`: it moves there (swapping with a shift there),
/// through the same path as a picked value, so violations and the coverage effect show at once.
pub fn move_cell(state: AppState, view: RosterView, from: (usize, usize), to: (usize, usize)) {
    view.drag.set(None);
    view.drop_at.set(None);
    let locks = view.locks.get_untracked();
    match with_roster(view, |m, r| check_move(m, r, &locks, from, to)) {
        Some(Ok(())) => hand_edit(state, view, |r| {
            view.prep.with_untracked(|p| p.as_ref().map(|p| move_shift(&p.model, r, &locks, from, to)));
        }),
        Some(Err(MoveRefused::SameCell)) | None => {}
        Some(Err(e)) => state.notify(Tone::Info, e.localize(state.lang())),
    }
}

/// Locks or unlocks one cell: the optimiser keeps locked cells.
pub fn toggle_lock(state: AppState, view: RosterView, agent: usize, day: usize) {
    let Some(days) = view.prep.with_untracked(|p| p.as_ref().map(|p| p.model.plan.days as usize)) else {
        return;
    };
    if view.roster.get_untracked().is_none() {
        return;
    }
    view.locks.update(|l| {
        if let Some(x) = l.get_mut(agent * days + day) {
            *x = !*x;
        }
    });
    view.picker.set(None);
    keep_roster(state, view);
}

pub fn clear_locks(state: AppState, view: RosterView) {
    view.locks.update(|l| l.iter_mut().for_each(|x| *x = false));
    keep_roster(state, view);
}

impl RosterView {
    fn report_untracked(&self) -> Option<Report> {
        self.prep.with_untracked(|p| {
            let p = p.as_ref()?;
            self.roster.with_untracked(|r| {
                let r = r.as_ref()?;
                (r.cells.len() == p.model.problem.staff.len() * p.model.plan.days as usize)
                    .then(|| evaluate(&p.model.problem, r))
            })
        })
    }
}

fn with_roster<T>(view: RosterView, f: impl FnOnce(&Model, &Roster) -> T) -> Option<T> {
    view.prep.with_untracked(|p| {
        let p = p.as_ref()?;
        view.roster.with_untracked(|r| r.as_ref().map(|r| f(&p.model, r)))
    })
}

fn offer(state: AppState, text: &str, name: &str, mime: &str) {
    if let Err(e) = dom::download(&FileBytes::from_bytes(text.as_bytes()), name, mime) {
        state.notify(Tone::Error, JobError::Browser(e).localize(state.lang()));
    }
}

fn range_name(model: &Model) -> String {
    let end = model.plan.date(model.plan.days.saturating_sub(1) as usize);
    format!("{}_{}", model.plan.start.format("%Y%m%d"), end.format("%Y%m%d"))
}

/// Downloads the roster sheet as CSV (one row per agent).
pub fn export_csv(state: AppState, view: RosterView) {
    let lang = state.lang();
    if let Some((csv, name)) = with_roster(view, |m, r| {
        (export::roster_csv(m, r, lang), format!("{}_{}.csv", lang.pick("排班表", "roster"), range_name(m)))
    }) {
        offer(state, &csv, &name, "text/csv;charset=utf-8");
    }
}

/// Downloads every agent's shifts as one iCalendar file.
pub fn export_ics(state: AppState, view: RosterView) {
    let stamp = crate::platform::now_utc_stamp();
    if let Some((ics, name)) = with_roster(view, |m, r| {
        let mut out = String::new();
        for a in 0..m.plan.agents.len() {
            let one = export::agent_ics(m, r, a, &stamp);
            // One calendar: keep the header of the first and the events of all.
            let body = one.trim_end_matches("END:VCALENDAR\r\n");
            if a == 0 {
                out.push_str(body);
            } else if let Some(i) = body.find("BEGIN:VEVENT") {
                out.push_str(&body[i..]);
            }
        }
        out.push_str("END:VCALENDAR\r\n");
        (out, format!("{}_{}.ics", state.lang().pick("排班日历", "roster"), range_name(m)))
    }) {
        offer(state, &ics, &name, "text/calendar;charset=utf-8");
    }
}

/// The value a picker button sets, with its label: every shift type the agent may work, then
/// off.
pub fn choices(model: &Model, agent: usize, lang: Lang) -> Vec<(u8, String)> {
    let allowed = model.problem.staff.get(agent).map(|s| s.allowed.clone()).unwrap_or_default();
    let mut out: Vec<(u8, String)> = (0..model.types.len())
        .filter(|s| allowed.is_empty() || allowed.get(*s).copied().unwrap_or(false))
        .map(|s| {
            let t = &model.plan.templates[model.types[s].0];
            (s as u8, format!("{} {}", model.cell_label(s as u8), t.span()))
        })
        .collect();
    out.push((OFF, lang.pick("休", "Off").to_owned()));
    out
}

/// Prints the weekly roster sheet (A4 landscape).
pub fn print_sheet(view: RosterView) {
    view.print_personal.set(false);
    request_animation_frame(dom::print);
}

/// Prints the personal schedule shown (A4 portrait) instead of the weekly sheet; the print
/// stays on it until the weekly sheet is printed or the schedule is closed.
pub fn print_personal(view: RosterView) {
    view.print_personal.set(true);
    // After the page has re-rendered for the personal print.
    request_animation_frame(dom::print);
}

/// Downloads one agent's shifts as an iCalendar file.
pub fn export_agent_ics(state: AppState, view: RosterView, agent: usize) {
    let stamp = crate::platform::now_utc_stamp();
    if let Some((ics, name)) = with_roster(view, |m, r| {
        let who = m.plan.agents.get(agent).map(|a| a.name.clone()).unwrap_or_default();
        (
            export::agent_ics(m, r, agent, &stamp),
            format!("{}_{who}_{}.ics", state.lang().pick("个人排班", "schedule"), range_name(m)),
        )
    }) {
        offer(state, &ics, &name, "text/calendar;charset=utf-8");
    }
}
