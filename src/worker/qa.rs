//! QA jobs in the worker: check every conversation of the cached workspace, keep the report
//! for the drill-down requests that follow (agent → conversations → one conversation), and
//! answer them from it. Human reviews are user work (`store::WorkArea::Qa`, `qa::QaWork`),
//! read from the store for every answer that shows them and written in one transaction.

use std::cell::RefCell;
use std::rc::Rc;

use kefu_core::jobs::{JobError, Response, Stage};
use kefu_core::model::{NameId, Workspace};
use kefu_core::qa::{self, QaConfig, QaReport, QaWork, Review};
use kefu_core::store::{self, STORE_META, WorkArea};

use super::{Reporter, cache, read_work};
use crate::platform::idb::{Db, Op};
use crate::platform::now_local;

/// Who reviews, until the settings name the reviewer.
const REVIEWER: &str = "主管";

struct Checked {
    workspace: Rc<Workspace>,
    config: QaConfig,
    report: QaReport,
}

thread_local! {
    static LAST: RefCell<Option<Checked>> = const { RefCell::new(None) };
}

/// Runs QA (or reuses the last run when neither the data nor the configuration changed) and
/// hands the result to `f`. The KPI jobs read QA scores through this too (`config` `None`),
/// so QA runs once for both pages.
pub(super) async fn with_report<T>(
    db: &Db,
    config: Option<QaConfig>,
    rep: &mut Reporter,
    f: impl FnOnce(&Workspace, &QaConfig, &QaReport) -> T,
) -> Result<T, JobError> {
    let ws = cache::workspace(db, rep).await?;
    let reuse = LAST.with_borrow(|l| {
        l.as_ref()
            .is_some_and(|l| Rc::ptr_eq(&l.workspace, &ws) && config.as_ref().is_none_or(|c| *c == l.config))
    });
    if !reuse {
        LAST.with_borrow_mut(|l| *l = None);
        let config = config.unwrap_or_default();
        rep.report(Stage::Inspecting, 0, 1);
        let report = qa::analyse(&ws.chats, &config, &ws.staff)
            .map_err(|e| JobError::Browser(format!("QA rules: {e}")))?;
        rep.report(Stage::Inspecting, 1, 1);
        LAST.with_borrow_mut(|l| *l = Some(Checked { workspace: ws, config, report }));
    }
    LAST.with_borrow(|l| {
        let l = l.as_ref().expect("just filled");
        Ok(f(&l.workspace, &l.config, &l.report))
    })
}

pub async fn overview(db: &Db, config: Option<QaConfig>, rep: &mut Reporter) -> Result<Response, JobError> {
    let (work, notices) = read_work::<QaWork>(db, WorkArea::Qa).await?;
    with_report(db, config, rep, |ws, cfg, report| Response::QaOverview {
        overview: qa::overview(report, &ws.chats, cfg, &work.reviews),
        conversations: report.conversations.len() as u64,
        messages: report.messages,
        notices,
    })
    .await
}

pub async fn conversations(db: &Db, agent: Option<NameId>, rep: &mut Reporter) -> Result<Response, JobError> {
    with_report(db, None, rep, |ws, _, report| Response::QaConversations {
        rows: qa::conversations_of(report, &ws.chats, &qa::ConvFilter { agent, ..Default::default() }),
    })
    .await
}

pub async fn conversation(db: &Db, conv: u32, rep: &mut Reporter) -> Result<Response, JobError> {
    let (work, _) = read_work::<QaWork>(db, WorkArea::Qa).await?;
    let at = now_ts();
    with_report(db, None, rep, |ws, cfg, report| {
        let i = conv as usize;
        let view = qa::conversation_view(&ws.chats, report, i, true);
        let card = report.conversations.get(i).and_then(|c| cfg.scorecards.cards.get(c.scorecard as usize));
        let stored = view.as_ref().and_then(|v| work.review_of(&v.key)).cloned();
        let saved = stored.is_some();
        let review = stored.or_else(|| {
            let (v, card) = (view.as_ref()?, card?);
            Some(Review::draft(v.key.clone(), card, &qa::auto_values(report, cfg, i), REVIEWER, at))
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

/// Validates `review` against its scorecard and stores it.
pub async fn save_review(db: &Db, mut review: Review, rep: &mut Reporter) -> Result<Response, JobError> {
    let card = with_report(db, None, rep, |_, cfg, _| {
        cfg.scorecards.cards.iter().find(|c| c.id == review.scorecard).cloned()
    })
    .await?;
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
    let (mut work, _) = read_work::<QaWork>(db, WorkArea::Qa).await?;
    review.at = now_ts();
    work.put(review);
    db.apply(vec![Op::Put {
        store: STORE_META,
        key: WorkArea::Qa.key(),
        bytes: store::encode_work(WorkArea::Qa, &work),
    }])
    .await?;
    Ok(Response::QaReviewSaved { errors: Vec::new() })
}

/// The local time now as a `Ts`.
fn now_ts() -> kefu_core::Ts {
    kefu_core::import::clean::datetime(&now_local()).ok().flatten().unwrap_or(kefu_core::Ts(0))
}
