//! The roster engine check in the worker (排班引擎自检): reads the attached Curtois & Qu file
//! or generates the practical case, then drives `roster::check::CheckRun` slice by slice with
//! the platform clock until the time budget is spent, posting each chart point and yielding to
//! the event loop after each slice so that `RosterStop` gets through (Stop ends the run with
//! the best so far). Reads and writes no stored data.

use kefu_core::jobs::{JobError, Progress, Response, Stage};
use kefu_core::roster::check::{CheckJob, CheckProblem, CheckRun, CheckSource};

use super::{Reporter, roster};
use crate::platform::now_ms;
use crate::platform::worker_scope::{self, Attachment};

pub async fn check(
    job: CheckJob,
    attachment: Option<&Attachment>,
    rep: &mut Reporter,
) -> Result<Response, JobError> {
    roster::clear_stop();
    let t0 = now_ms();
    let now = move || (now_ms() - t0) / 1000.0;
    let problem = match &job.source {
        CheckSource::Curtois { file_name } => {
            let file =
                attachment.ok_or_else(|| JobError::Browser("no file was sent with the request".into()))?;
            let bytes = worker_scope::read_attachment(file).await?;
            CheckProblem::curtois(file_name, &bytes)
        }
        CheckSource::Case { agents, days } => CheckProblem::case(*agents, *days, job.seed),
    };
    let run = problem.and_then(|p| CheckRun::new(p, job.seconds, job.seed, &mut { now }));
    let mut run = match run {
        Ok(run) => run,
        Err(e) => return Ok(Response::RosterChecked { result: Err(e) }),
    };
    let total = (job.seconds * 1000.0) as u64;
    while !roster::stop_asked() {
        let Some(pt) = run.slice(now()) else { break };
        worker_scope::post_progress(
            rep.id,
            &Progress {
                stage: Stage::Optimising,
                done: (pt.ms as u64).min(total),
                total,
                detail: String::new(),
                roster: Some(pt),
            },
        );
        worker_scope::yield_now().await;
    }
    let result = run.finish(now(), roster::stop_asked());
    Ok(Response::RosterChecked { result: Ok(Box::new(result)) })
}
