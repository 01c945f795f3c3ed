//! QA jobs in the worker: check every conversation of the cached workspace, keep the report
//! for the drill-down requests that follow (agent → conversations → one conversation), and
//! answer them from it. Reviews are user work (`store::WorkArea::Qa`) and come later.

use std::cell::RefCell;
use std::rc::Rc;

use kefu_core::jobs::{JobError, Response, Stage};
use kefu_core::model::{NameId, Workspace};
use kefu_core::qa::{self, QaConfig, QaReport};

use super::{Reporter, cache};
use crate::platform::idb::Db;

struct Checked {
    workspace: Rc<Workspace>,
    config: QaConfig,
    report: QaReport,
}

thread_local! {
    static LAST: RefCell<Option<Checked>> = const { RefCell::new(None) };
}

/// Runs QA (or reuses the last run when neither the data nor the configuration changed) and
/// hands the result to `f`.
async fn with_report<T>(
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
    with_report(db, config, rep, |ws, cfg, report| Response::QaOverview {
        overview: qa::overview(report, &ws.chats, cfg, &[]),
        conversations: report.conversations.len() as u64,
        messages: report.messages,
    })
    .await
}

pub async fn conversations(db: &Db, agent: Option<NameId>, rep: &mut Reporter) -> Result<Response, JobError> {
    with_report(db, None, rep, |ws, _, report| Response::QaConversations {
        rows: qa::conversations_of(report, &ws.chats, agent, None),
    })
    .await
}

pub async fn conversation(db: &Db, conv: u32, rep: &mut Reporter) -> Result<Response, JobError> {
    with_report(db, None, rep, |ws, _, report| Response::QaConversation {
        view: qa::conversation_view(&ws.chats, report, conv as usize, true),
    })
    .await
}
