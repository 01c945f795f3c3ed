//! QA jobs in the worker: check every conversation of the cached workspace, keep the report
//! for the drill-down requests that follow (agent → conversations → one conversation), and
//! answer them from it. The QA work document (`store::WorkArea::Qa`, `qa::QaWork`) holds the
//! reviews, the reviewer's name, the edited rules and the sampling plan: it is read for every
//! answer (its configuration decides how the run is made) and written in one transaction.

use std::cell::RefCell;
use std::rc::Rc;

use kefu_core::jobs::{JobError, Response, Stage};
use kefu_core::model::{NameId, Workspace};
use kefu_core::qa::{self, QaConfig, QaEdit, QaReport, QaWork, Review, RunRef};
use kefu_core::store::{self, STORE_META, WorkArea};

use super::{Reporter, cache, read_work};
use crate::platform::idb::{Db, Op};
use crate::platform::now_local;

struct Checked {
    workspace: Rc<Workspace>,
    config: QaConfig,
    report: QaReport,
}

thread_local! {
    static LAST: RefCell<Option<Checked>> = const { RefCell::new(None) };
}

/// Runs QA with `config` (or reuses the last run when neither the data nor the configuration
/// changed) and hands the result to `f`. The KPI jobs read QA scores through this too, with
/// the configuration stored in `work/qa`, so QA runs once for both pages.
pub(super) async fn with_report<T>(
    db: &Db,
    config: &QaConfig,
    rep: &mut Reporter,
    f: impl FnOnce(&Workspace, &QaConfig, &QaReport) -> T,
) -> Result<T, JobError> {
    let ws = cache::workspace(db, rep).await?;
    let reuse = LAST
        .with_borrow(|l| l.as_ref().is_some_and(|l| Rc::ptr_eq(&l.workspace, &ws) && *config == l.config));
    if !reuse {
        LAST.with_borrow_mut(|l| *l = None);
        rep.report(Stage::Inspecting, 0, 1);
        let report = qa::analyse(&ws.chats, config, &ws.staff)
            .map_err(|e| JobError::Browser(format!("QA rules: {e}")))?;
        rep.report(Stage::Inspecting, 1, 1);
        LAST.with_borrow_mut(|l| *l = Some(Checked { workspace: ws, config: config.clone(), report }));
    }
    LAST.with_borrow(|l| {
        let l = l.as_ref().expect("just filled");
        Ok(f(&l.workspace, &l.config, &l.report))
    })
}

async fn write_work(db: &Db, work: &QaWork) -> Result<(), JobError> {
    db.apply(vec![Op::Put {
        store: STORE_META,
        key: WorkArea::Qa.key(),
        bytes: store::encode_work(WorkArea::Qa, work),
    }])
    .await
}

pub async fn overview(db: &Db, config: Option<QaConfig>, rep: &mut Reporter) -> Result<Response, JobError> {
    let (work, notices) = read_work::<QaWork>(db, WorkArea::Qa).await?;
    let config = config.unwrap_or_else(|| work.config().clone());
    with_report(db, &config, rep, |ws, cfg, report| Response::QaOverview {
        overview: qa::overview(report, &ws.chats, cfg, &work.reviews),
        conversations: report.conversations.len() as u64,
        messages: report.messages,
        notices,
    })
    .await
}

pub async fn conversations(db: &Db, agent: Option<NameId>, rep: &mut Reporter) -> Result<Response, JobError> {
    let (work, _) = read_work::<QaWork>(db, WorkArea::Qa).await?;
    with_report(db, work.config(), rep, |ws, _, report| Response::QaConversations {
        rows: qa::conversations_of(report, &ws.chats, &qa::ConvFilter { agent, ..Default::default() }),
    })
    .await
}

pub async fn conversation(db: &Db, conv: u32, rep: &mut Reporter) -> Result<Response, JobError> {
    let (work, _) = read_work::<QaWork>(db, WorkArea::Qa).await?;
    let at = now_ts();
    with_report(db, work.config(), rep, |ws, cfg, report| {
        let i = conv as usize;
        let view = qa::conversation_view(&ws.chats, report, i, true);
        let card = report.conversations.get(i).and_then(|c| cfg.scorecards.cards.get(c.scorecard as usize));
        let stored = view.as_ref().and_then(|v| work.review_for(&v.key)).cloned();
        let saved = stored.is_some();
        let review = stored.or_else(|| {
            let (v, card) = (view.as_ref()?, card?);
            let mut r =
                Review::draft(v.key.clone(), card, &qa::auto_values(report, cfg, i), &work.reviewer, at);
            r.calibration = work.calibration.clone();
            Some(r)
        });
        Response::QaConversation {
            view: view.map(Box::new),
            card: card.cloned().map(Box::new),
            review: review.map(Box::new),
            saved,
        }
    })
    .await
}

/// Validates `review` against its scorecard and stores it as the current reviewer's (in the
/// current calibration session); a dispute stays with the reviewer's own stored review.
pub async fn save_review(db: &Db, mut review: Review, rep: &mut Reporter) -> Result<Response, JobError> {
    let (mut work, _) = read_work::<QaWork>(db, WorkArea::Qa).await?;
    let card = work.config().scorecards.cards.iter().find(|c| c.id == review.scorecard).cloned();
    let Some(card) = card else {
        return Ok(Response::QaReviewSaved {
            errors: vec![qa::ReviewError::UnknownCategory {
                category: String::new(),
                card: review.scorecard,
            }],
        });
    };
    let errors = review.validate(&card);
    if !errors.is_empty() {
        return Ok(Response::QaReviewSaved { errors });
    }
    rep.report(Stage::Writing, 0, 1);
    review.reviewer = work.reviewer.clone();
    review.calibration = work.calibration.clone();
    review.dispute = work
        .reviews
        .iter()
        .find(|r| {
            r.conv == review.conv && r.reviewer == review.reviewer && r.calibration == review.calibration
        })
        .and_then(|r| r.dispute.clone());
    review.at = now_ts();
    work.put(review);
    write_work(db, &work).await?;
    rep.report(Stage::Writing, 1, 1);
    Ok(Response::QaReviewSaved { errors: Vec::new() })
}

/// The reviewer's desk.
pub async fn desk(db: &Db, rep: &mut Reporter) -> Result<Response, JobError> {
    let (work, _) = read_work::<QaWork>(db, WorkArea::Qa).await?;
    with_report(db, work.config(), rep, |ws, _, report| Response::QaDesk {
        desk: Box::new(qa::desk(&work, report, &ws.chats)),
        error: None,
    })
    .await
}

/// Applies `edit` to the QA work and stores it (when it was accepted), then answers with the
/// desk as it is now (recomputed with a changed configuration).
pub async fn edit(db: &Db, edit: QaEdit, rep: &mut Reporter) -> Result<Response, JobError> {
    let (mut work, _) = read_work::<QaWork>(db, WorkArea::Qa).await?;
    let at = now_ts();
    let config = work.config().clone();
    let result = with_report(db, &config, rep, |ws, _, report| {
        work.apply(edit, &RunRef { report, log: &ws.chats }, at)
    })
    .await?;
    if result.is_ok() {
        write_work(db, &work).await?;
    }
    with_report(db, work.config(), rep, |ws, _, report| Response::QaDesk {
        desk: Box::new(qa::desk(&work, report, &ws.chats)),
        error: result.err(),
    })
    .await
}

/// 未成交分析 (`None` without orders).
pub async fn unconverted(db: &Db, rep: &mut Reporter) -> Result<Response, JobError> {
    let (work, _) = read_work::<QaWork>(db, WorkArea::Qa).await?;
    with_report(db, work.config(), rep, |ws, cfg, report| Response::QaUnconverted {
        view: qa::unconverted_view(&ws.chats, report, &ws.orders, cfg).map(Box::new),
    })
    .await
}

/// The local time now as a `Ts`.
fn now_ts() -> kefu_core::Ts {
    kefu_core::import::clean::datetime(&now_local()).ok().flatten().unwrap_or(kefu_core::Ts(0))
}
