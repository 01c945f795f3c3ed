//! KPI jobs in the worker: build the KPI index over the cached workspace once (it is rebuilt
//! only when the stored datasets change), then answer table, explanation, export, report and
//! appraisal requests from it — each a cheap sum over per-agent-day cells.
//!
//! QA scores come from the QA module's last run (`worker::qa`, run with the defaults when the
//! QA page has not run it yet), turned once into per-conversation facts (`kpi::QaFacts`) that
//! every range sums; the facts are rebuilt only when the data, the QA configuration or the
//! stored reviews change. Appraisal templates, comments and ratings are the `work/kpi`
//! document (`kpi::KpiWork`), read for every appraisal.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use chrono::NaiveDate;
use kefu_core::Lang;
use kefu_core::jobs::{JobError, Response, Stage};
use kefu_core::kpi::report::{self, ReportKind, ReportSpec};
use kefu_core::kpi::{
    self, GroupBy, Kpi, KpiConfig, KpiIndex, KpiInputs, KpiWork, QaFacts, QaInput, Scope, appraisal,
};
use kefu_core::model::{Period, Workspace};
use kefu_core::qa::{QaConfig, QaWork, Review};
use kefu_core::store::WorkArea;

use super::{Reporter, cache, qa, read_work};
use crate::platform::idb::Db;

/// Rows listed under an explanation.
const EXPLAIN_ROWS: usize = 200;

struct QaState {
    config: QaConfig,
    reviews: Vec<Review>,
    facts: QaFacts,
}

struct Built {
    workspace: Rc<Workspace>,
    index: KpiIndex,
    qa: Option<QaState>,
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

/// Builds the index of `ws` unless the last one is of it.
fn ensure_index(ws: &Rc<Workspace>, rep: Option<&mut Reporter>) {
    let fresh = LAST.with_borrow(|l| l.as_ref().is_some_and(|l| Rc::ptr_eq(&l.workspace, ws)));
    if fresh {
        return;
    }
    LAST.with_borrow_mut(|l| *l = None);
    let mut rep = rep;
    if let Some(r) = rep.as_deref_mut() {
        r.report(Stage::Computing, 0, 1);
    }
    let index = KpiIndex::build(&inputs(ws), &KpiConfig::default());
    if let Some(r) = rep {
        r.report(Stage::Computing, 1, 1);
    }
    LAST.with_borrow_mut(|l| *l = Some(Built { workspace: Rc::clone(ws), index, qa: None }));
}

/// The index and the QA facts, current with the stored data and reviews.
pub(super) async fn with_index<T>(
    db: &Db,
    rep: &mut Reporter,
    f: impl FnOnce(&KpiIndex, &QaFacts) -> T,
) -> Result<T, JobError> {
    let ws = cache::workspace(db, rep).await?;
    ensure_index(&ws, Some(rep));
    if !ws.chats.threads.is_empty() {
        // The QA page reports a reviews document it cannot read; here it only means no reviews.
        let (mut work, _) = read_work::<QaWork>(db, WorkArea::Qa).await?;
        let config = work.config().clone();
        let reviews = std::mem::take(&mut work.reviews);
        qa::with_report(db, &config, rep, |_, cfg, report| {
            // Another job may have replaced the index while this one waited.
            ensure_index(&ws, None);
            LAST.with_borrow_mut(|l| {
                let Some(b) = l.as_mut() else { return };
                let current = b.qa.as_ref().is_some_and(|q| q.config == *cfg && q.reviews == reviews);
                if !current {
                    let facts = QaFacts::build(&b.index, report, &b.workspace.chats, cfg, &reviews);
                    b.qa = Some(QaState { config: cfg.clone(), reviews, facts });
                }
            })
        })
        .await?;
    }
    // No await from here on, so the index read is the one just checked.
    ensure_index(&ws, Some(rep));
    let empty = QaFacts::default();
    LAST.with_borrow(|l| {
        let b = l.as_ref().expect("ensured above");
        Ok(f(&b.index, b.qa.as_ref().map_or(&empty, |q| &q.facts)))
    })
}

/// The QA scores of a range (`None` without QA data).
pub(super) fn qa_of(index: &KpiIndex, facts: &QaFacts, period: &Period) -> Option<QaInput> {
    (!facts.facts.is_empty()).then(|| facts.input(index, period))
}

pub async fn table(
    db: &Db,
    period: Option<Period>,
    by: GroupBy,
    lang: Lang,
    rep: &mut Reporter,
) -> Result<Response, JobError> {
    with_index(db, rep, |index, facts| {
        let span = index.span();
        let table = period.or(span).map(|p| {
            let qa = qa_of(index, facts, &p);
            Box::new(index.table(&p, by, None, qa.as_ref(), lang))
        });
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
    with_index(db, rep, |index, facts| {
        let qa = qa_of(index, facts, &period);
        Response::KpiExplain {
            explanation: Box::new(index.explain(kpi, &scope, &period, qa.as_ref(), EXPLAIN_ROWS, lang)),
        }
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
    let (bytes, name) = with_index(db, rep, |index, facts| {
        let qa = qa_of(index, facts, &period);
        let t = index.table(&period, by, None, qa.as_ref(), lang);
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

/// The day a report or appraisal is about: the one asked for, else the data's last day.
fn day_of(index: &KpiIndex, day: Option<NaiveDate>) -> Option<NaiveDate> {
    day.or_else(|| index.span().map(|s| s.to))
}

pub async fn report(
    db: &Db,
    kind: ReportKind,
    day: Option<NaiveDate>,
    lang: Lang,
    rep: &mut Reporter,
) -> Result<Response, JobError> {
    with_index(db, rep, |index, facts| {
        let span = index.span();
        let day = day_of(index, day).unwrap_or_default();
        let period = kind.period_of(day);
        let spec = ReportSpec { kind, period, ..ReportSpec::default() };
        let qa = qa_of(index, facts, &period);
        let data = report::report(index, &spec, qa.as_ref(), lang);
        let charts = kpi::svg::report_charts(&data, lang);
        Response::KpiReport { report: Box::new(data), charts, span }
    })
    .await
}

pub async fn appraise(
    db: &Db,
    day: Option<NaiveDate>,
    lang: Lang,
    rep: &mut Reporter,
) -> Result<Response, JobError> {
    let (work, notices) = read_work::<KpiWork>(db, WorkArea::Kpi).await?;
    with_index(db, rep, |index, facts| {
        let span = index.span();
        let day = day_of(index, day).unwrap_or_default();
        let month = ReportKind::Monthly.period_of(day);
        let templates = work.templates(lang);
        // Last month's grades (to flag a second failing month), when the data reaches back.
        let prev = report::previous_period(&month);
        let previous_grades: HashMap<String, String> = match span {
            Some(s) if s.from <= prev.to => {
                let inputs =
                    work.inputs(&kpi::month_key(prev.from), HashMap::new(), qa_of(index, facts, &prev));
                appraisal::appraise(index, &prev, &templates, &inputs, lang)
                    .sheets
                    .into_iter()
                    .map(|s| (s.agent, s.grade))
                    .collect()
            }
            _ => HashMap::new(),
        };
        let key = kpi::month_key(month.from);
        let inputs = work.inputs(&key, previous_grades, qa_of(index, facts, &month));
        let ranking = appraisal::appraise(index, &month, &templates, &inputs, lang);
        Response::KpiAppraisal { ranking: Box::new(ranking), work: Box::new(work), month: key, span, notices }
    })
    .await
}
