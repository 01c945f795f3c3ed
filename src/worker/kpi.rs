//! KPI jobs in the worker: build the KPI index over the cached workspace once (it is rebuilt
//! only when the stored datasets change), then answer table, explanation and export requests
//! from it — each a cheap sum over per-agent-day cells.

use std::cell::RefCell;
use std::rc::Rc;

use kefu_core::Lang;
use kefu_core::jobs::{JobError, Response, Stage};
use kefu_core::kpi::{self, GroupBy, Kpi, KpiConfig, KpiIndex, KpiInputs, Scope};
use kefu_core::model::{Period, Workspace};

use super::{Reporter, cache};
use crate::platform::idb::Db;

/// Rows listed under an explanation.
const EXPLAIN_ROWS: usize = 200;

struct Built {
    workspace: Rc<Workspace>,
    index: KpiIndex,
}

thread_local! {
    static LAST: RefCell<Option<Built>> = const { RefCell::new(None) };
}

fn inputs(ws: &Workspace) -> KpiInputs<'_> {
    KpiInputs {
        chats: vec![&ws.chats],
        orders: ws.orders.iter().collect(),
        refunds: ws.refunds.iter().collect(),
        reviews: ws.reviews.iter().collect(),
        stats: ws.agent_stats.iter().collect(),
        staff: ws.staff.iter().collect(),
        attendance: ws.attendance.iter().collect(),
    }
}

async fn with_index<T>(db: &Db, rep: &mut Reporter, f: impl FnOnce(&KpiIndex) -> T) -> Result<T, JobError> {
    let ws = cache::workspace(db, rep).await?;
    let fresh = LAST.with_borrow(|l| l.as_ref().is_some_and(|l| Rc::ptr_eq(&l.workspace, &ws)));
    if !fresh {
        LAST.with_borrow_mut(|l| *l = None);
        rep.report(Stage::Computing, 0, 1);
        let index = KpiIndex::build(&inputs(&ws), &KpiConfig::default());
        rep.report(Stage::Computing, 1, 1);
        LAST.with_borrow_mut(|l| *l = Some(Built { workspace: ws, index }));
    }
    LAST.with_borrow(|l| Ok(f(&l.as_ref().expect("just built").index)))
}

pub async fn table(
    db: &Db,
    period: Option<Period>,
    by: GroupBy,
    lang: Lang,
    rep: &mut Reporter,
) -> Result<Response, JobError> {
    with_index(db, rep, |index| {
        let span = index.span();
        let table = period.or(span).map(|p| Box::new(index.table(&p, by, None, None, lang)));
        Response::KpiTable { table, span }
    })
    .await
}

pub async fn explain(
    db: &Db,
    kpi: Kpi,
    scope: Scope,
    period: Period,
    lang: Lang,
    rep: &mut Reporter,
) -> Result<Response, JobError> {
    with_index(db, rep, |index| Response::KpiExplain {
        explanation: Box::new(index.explain(kpi, &scope, &period, None, EXPLAIN_ROWS, lang)),
    })
    .await
}

pub async fn export(
    db: &Db,
    period: Period,
    by: GroupBy,
    xlsx: bool,
    lang: Lang,
    rep: &mut Reporter,
) -> Result<(Response, Vec<u8>), JobError> {
    let (bytes, name) = with_index(db, rep, |index| {
        let t = index.table(&period, by, None, None, lang);
        let mut out = Vec::new();
        let written = if xlsx {
            kpi::export::table_xlsx(&mut out, &t, lang)
        } else {
            kpi::export::table_csv(&mut out, &t, lang)
        };
        let ext = if xlsx { "xlsx" } else { "csv" };
        written.map(|()| (out, format!("{}_{}.{ext}", lang.pick("绩效", "KPI"), period.zh_range())))
    })
    .await?
    .map_err(|e| JobError::Browser(e.to_string()))?;
    let mime =
        if xlsx { "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" } else { "text/csv" };
    Ok((Response::File { name, mime: mime.into() }, bytes))
}
