//! Roster jobs in the worker: prepare (forecast, staffing and the compiled plan from the cached
//! workspace's chats and staff list) and solve (the optimiser stepped in fixed slices, posting
//! the objective after each slice and yielding to the event loop so that a Stop request gets
//! through; Stop ends the run with the best roster so far).

use std::cell::Cell;

use kefu_core::jobs::{JobError, Progress, Response, Stage};
use kefu_core::roster::solver::{Solver, SolverConfig};
use kefu_core::roster::work::{self, RosterWork, SolveJob, SolvePoint, cover_gaps};

use super::{Reporter, cache};
use crate::platform::idb::Db;
use crate::platform::{now_ms, worker_scope};

thread_local! {
    static STOP: Cell<bool> = const { Cell::new(false) };
}

/// Asks the running solve (or engine check) to stop after its current slice.
pub fn stop() {
    STOP.set(true);
}

/// Whether Stop was asked for since `clear_stop`.
pub(super) fn stop_asked() -> bool {
    STOP.get()
}

/// Forgets an earlier Stop (a new run starts).
pub(super) fn clear_stop() {
    STOP.set(false);
}

pub async fn prepare(db: &Db, work: RosterWork, rep: &mut Reporter) -> Result<Response, JobError> {
    let ws = cache::workspace(db, rep).await?;
    rep.report(Stage::Forecasting, 0, 1);
    let result = work::prepare(&ws.chats, &ws.staff, &work).map(Box::new);
    rep.report(Stage::Forecasting, 1, 1);
    Ok(Response::RosterPrepared { result })
}

pub async fn solve(job: SolveJob, rep: &mut Reporter) -> Result<Response, JobError> {
    STOP.set(false);
    let t0 = now_ms();
    let model = job.plan.compile().map_err(|e| JobError::Crashed(e.to_string()))?;
    let locks = (job.locks.len() == model.problem.staff.len() * model.plan.days as usize)
        .then_some(job.locks.as_slice());
    let cfg =
        SolverConfig { seed: job.seed, planned_iterations: job.iterations.max(1), ..SolverConfig::default() };
    let mut solver = Solver::new(&model.problem, job.start.as_ref(), locks, cfg)
        .map_err(|e| JobError::Crashed(e.to_string()))?;
    let mut p = solver.progress();
    let mut first_legal = (p.best.hard == 0).then(|| now_ms() - t0);
    let mut under = cover_gaps(&solver.best_report()).0;
    let point = |p: &kefu_core::roster::solver::Progress, under: i64| SolvePoint {
        iterations: p.iterations,
        ms: now_ms() - t0,
        best_hard: p.best.hard,
        best_soft: p.best.soft,
        current_soft: p.current.soft,
        under,
    };
    let mut points = vec![point(&p, under)];
    let slice = job.slice.max(1);
    while p.iterations < job.iterations && !STOP.get() {
        let before = p.best;
        p = solver.step(slice.min(job.iterations - p.iterations));
        if p.best != before {
            under = cover_gaps(&solver.best_report()).0;
        }
        if first_legal.is_none() && p.best.hard == 0 {
            first_legal = Some(now_ms() - t0);
        }
        let pt = point(&p, under);
        points.push(pt);
        worker_scope::post_progress(
            rep.id,
            &Progress {
                stage: Stage::Optimising,
                done: p.iterations,
                total: job.iterations,
                detail: String::new(),
                roster: Some(pt),
            },
        );
        worker_scope::yield_now().await;
    }
    Ok(Response::RosterSolved {
        roster: solver.best_roster(),
        points,
        first_legal_ms: first_legal,
        stopped: STOP.get(),
        ms: now_ms() - t0,
    })
}
