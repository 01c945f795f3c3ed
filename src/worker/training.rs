//! Training (培训) and register (登记簿) jobs in the worker: training sheets, the plan with
//! its before/after checks, the weekly meeting sheet and the question clusters are built over
//! the cached workspace and QA's last run (`worker::qa::with_report`, with the configuration
//! stored in `work/qa`); KPI lines and rewards come from the KPI index (`worker::kpi`). The
//! user's own work (`work/training`, `work/registers`) is read from the store for each job;
//! the page writes it through `SaveWork`.

use chrono::NaiveDate;
use kefu_core::Lang;
use kefu_core::jobs::{JobError, Response};
use kefu_core::kpi::report::ReportKind;
use kefu_core::kpi::{self, KpiWork, appraisal};
use kefu_core::model::{ChatLog, Period};
use kefu_core::qa::{self, ConvKey, QaWork};
use kefu_core::registers::{self, RegistersWork, Table};
use kefu_core::store::WorkArea;
use kefu_core::training::tables::{self, TableKind};
use kefu_core::training::{self, ClusterParams, SheetParams, TrainingWork};

use super::{Reporter, kpi as kpi_jobs, qa as qa_jobs, read_work};
use crate::platform::idb::Db;
use crate::platform::worker_scope::{self, Attachment};

/// Days on each side of a session for its before/after check.
const WINDOW_DAYS: i64 = 7;

/// The first and last day of the chats.
fn chat_span(log: &ChatLog) -> Option<Period> {
    let mut dates = log.threads.iter().flat_map(|t| t.messages.iter().map(|m| m.ts.date()));
    let first = dates.next()?;
    let (lo, hi) = dates.fold((first, first), |(lo, hi), d| (lo.min(d), hi.max(d)));
    Some(Period { from: lo, to: hi })
}

async fn qa_config(db: &Db) -> Result<qa::QaConfig, JobError> {
    let (work, _) = read_work::<QaWork>(db, WorkArea::Qa).await?;
    Ok(work.config().clone())
}

pub async fn overview(
    db: &Db,
    period: Option<Period>,
    lang: Lang,
    rep: &mut Reporter,
) -> Result<Response, JobError> {
    let (work, _) = read_work::<TrainingWork>(db, WorkArea::Training).await?;
    let config = qa_config(db).await?;
    qa_jobs::with_report(db, &config, rep, |ws, cfg, report| {
        let agents = training::agents_of(&ws.chats, report);
        let span = chat_span(&ws.chats);
        let plan = period.or(span).map(|p| {
            Box::new(training::plan_view(report, &ws.chats, cfg, &work.sessions, &p, WINDOW_DAYS, lang))
        });
        let checklists = agents
            .iter()
            .map(|a| training::checklist_view(&work.checklist, &work.signoffs, a, lang))
            .collect();
        Response::TrainingOverview { agents, span, plan, checklists }
    })
    .await
}

/// The appraisal sheet of `agent` (sub-account or nick) for the month holding `period.from`.
async fn appraisal_of(
    db: &Db,
    agent: &str,
    period: &Period,
    lang: Lang,
    rep: &mut Reporter,
) -> Result<Option<appraisal::Sheet>, JobError> {
    let (work, _) = read_work::<KpiWork>(db, WorkArea::Kpi).await?;
    kpi_jobs::with_index(db, rep, |index, facts| {
        let templates = work.templates(lang);
        let key = kpi::month_key(period.from);
        let inputs = work.inputs(&key, Default::default(), kpi_jobs::qa_of(index, facts, period));
        let ranking = appraisal::appraise(index, period, &templates, &inputs, lang);
        ranking
            .sheets
            .into_iter()
            .find(|s| s.agent == agent || s.agent.split_once(':').is_some_and(|(_, nick)| nick == agent))
    })
    .await
}

pub async fn sheet(
    db: &Db,
    agent: &str,
    period: Option<Period>,
    supervisor: String,
    lang: Lang,
    rep: &mut Reporter,
) -> Result<Response, JobError> {
    let (work, _) = read_work::<TrainingWork>(db, WorkArea::Training).await?;
    let config = qa_config(db).await?;
    let span = qa_jobs::with_report(db, &config, rep, |ws, _, _| chat_span(&ws.chats)).await?;
    let Some(period) = period.or(span) else {
        return Ok(Response::TrainingSheet {
            result: Err(training::TrainingError::UnknownAgent { agent: agent.to_owned(), known: Vec::new() }),
        });
    };
    let appraisal = appraisal_of(db, agent, &period, lang, rep).await?;
    let supervisor = if supervisor.trim().is_empty() { work.supervisor.clone() } else { supervisor };
    let params = SheetParams { period, supervisor, ..SheetParams::default() };
    qa_jobs::with_report(db, &config, rep, |ws, cfg, report| Response::TrainingSheet {
        result: training::training_sheet(
            agent,
            &ws.chats,
            report,
            cfg,
            &work.library,
            appraisal.as_ref(),
            &params,
            lang,
        )
        .map(Box::new),
    })
    .await
}

pub async fn meeting(
    db: &Db,
    day: Option<NaiveDate>,
    lang: Lang,
    rep: &mut Reporter,
) -> Result<Response, JobError> {
    let (work, _) = read_work::<TrainingWork>(db, WorkArea::Training).await?;
    let config = qa_config(db).await?;
    let span = qa_jobs::with_report(db, &config, rep, |ws, _, _| chat_span(&ws.chats)).await?;
    let Some(day) = day.or(span.map(|s| s.to)) else {
        return Ok(Response::TrainingMeeting { sheet: None });
    };
    // The KPI headline needs the index, the rest QA's run: each cache is read in turn.
    let kpis =
        kpi_jobs::with_index(db, rep, |index, _| training::meeting::kpi_headline(index, day, lang)).await?;
    qa_jobs::with_report(db, &config, rep, |ws, cfg, report| {
        let mut sheet =
            training::meeting_sheet(day, report, &ws.chats, cfg, &work.library, None, &work.actions, 3, lang);
        sheet.kpis = kpis;
        Response::TrainingMeeting { sheet: Some(Box::new(sheet)) }
    })
    .await
}

pub async fn questions(db: &Db, rep: &mut Reporter) -> Result<Response, JobError> {
    let config = qa_config(db).await?;
    qa_jobs::with_report(db, &config, rep, |ws, cfg, report| Response::TrainingQuestions {
        clusters: training::cluster_questions(&ws.chats, report, cfg, &ClusterParams::default()),
    })
    .await
}

pub async fn read_scripts(attachment: Option<&Attachment>) -> Result<Response, JobError> {
    let attachment =
        attachment.ok_or_else(|| JobError::Browser("no file was sent with the request".into()))?;
    let bytes = worker_scope::read_attachment(attachment).await?;
    Ok(Response::TrainingScripts { result: training::scripts_from_csv(&bytes) })
}

/// The rewards view of the month containing `day` (the data's last month by default).
async fn rewards(
    db: &Db,
    day: Option<NaiveDate>,
    lang: Lang,
    rep: &mut Reporter,
) -> Result<(registers::RewardsView, Option<Period>), JobError> {
    let (kwork, _) = read_work::<KpiWork>(db, WorkArea::Kpi).await?;
    let (rwork, _) = read_work::<RegistersWork>(db, WorkArea::Registers).await?;
    kpi_jobs::with_index(db, rep, |index, facts| {
        let span = index.span();
        let day = day.or(span.map(|s| s.to)).unwrap_or_default();
        let month = ReportKind::Monthly.period_of(day);
        let inputs = kwork.inputs(
            &kpi::month_key(month.from),
            Default::default(),
            kpi_jobs::qa_of(index, facts, &month),
        );
        let ranking = appraisal::appraise(index, &month, &kwork.templates(lang), &inputs, lang);
        let mut generated = registers::from_appraisal(&ranking, month.to, lang);
        generated.extend(registers::from_attendance(index, &month, lang));
        (registers::rewards_view(generated, &rwork.rewards, &month), span)
    })
    .await
}

pub async fn rewards_job(
    db: &Db,
    day: Option<NaiveDate>,
    lang: Lang,
    rep: &mut Reporter,
) -> Result<Response, JobError> {
    let (view, span) = rewards(db, day, lang, rep).await?;
    Ok(Response::RegistersRewards { view: Box::new(view), span })
}

pub async fn suggest(db: &Db, reply_within_secs: i64, rep: &mut Reporter) -> Result<Response, JobError> {
    let (rwork, _) = read_work::<RegistersWork>(db, WorkArea::Registers).await?;
    let config = qa_config(db).await?;
    qa_jobs::with_report(db, &config, rep, |ws, cfg, report| Response::RegistersSuggested {
        complaints: rwork.complaints.suggest_from_qa(report, &ws.chats, cfg, reply_within_secs),
    })
    .await
}

pub async fn conversation(db: &Db, key: ConvKey, rep: &mut Reporter) -> Result<Response, JobError> {
    let config = qa_config(db).await?;
    qa_jobs::with_report(db, &config, rep, |ws, _, report| {
        let i = (0..report.conversations.len()).find(|&i| report.key(&ws.chats, i) == key);
        Response::RegistersConversation {
            view: i.and_then(|i| qa::conversation_view(&ws.chats, report, i, true)).map(|mut v| {
                // Phones and addresses in the lines are masked too (the nick already is).
                for l in &mut v.lines {
                    let masked = training::mask::mask_text(&l.text, &[]);
                    l.text = masked;
                }
                Box::new(v)
            }),
        }
    })
    .await
}

pub async fn export(
    db: &Db,
    table: TableKind,
    xlsx: bool,
    now: kefu_core::Ts,
    lang: Lang,
    rep: &mut Reporter,
) -> Result<(Response, Vec<u8>), JobError> {
    let (work, _) = read_work::<TrainingWork>(db, WorkArea::Training).await?;
    let (rwork, _) = read_work::<RegistersWork>(db, WorkArea::Registers).await?;
    if matches!(table, TableKind::Library) && !xlsx {
        // The import format, so the file reads back into the library.
        let csv = training::scripts_csv(&work.library.scripts, lang);
        let name = format!("{}.csv", lang.pick("话术库", "script-library"));
        return Ok((Response::File { name, mime: "text/csv".into() }, csv.into_bytes()));
    }
    let t: Table = match table {
        TableKind::Library => tables::library_table(&work.library.scripts, lang),
        TableKind::Sessions => {
            let config = qa_config(db).await?;
            qa_jobs::with_report(db, &config, rep, |ws, cfg, report| {
                let period = chat_span(&ws.chats).unwrap_or(Period { from: now.date(), to: now.date() });
                let plan =
                    training::plan_view(report, &ws.chats, cfg, &work.sessions, &period, WINDOW_DAYS, lang);
                tables::sessions_table(&plan, lang)
            })
            .await?
        }
        TableKind::Checklist => {
            let config = qa_config(db).await?;
            let agents = qa_jobs::with_report(db, &config, rep, |ws, _, report| {
                training::agents_of(&ws.chats, report)
            })
            .await?;
            tables::checklist_table(&work.checklist, &work.signoffs, &agents, lang)
        }
        TableKind::Actions => tables::actions_table(&work.actions, lang),
        TableKind::Complaints => registers::complaints_table(&rwork.complaints, now, lang),
        TableKind::Rewards { day } => registers::rewards_table(&rewards(db, day, lang, rep).await?.0, lang),
    };
    let mut out = Vec::new();
    let written = if xlsx { registers::table_xlsx(&mut out, &t) } else { registers::table_csv(&mut out, &t) };
    written.map_err(|e| JobError::Browser(e.to_string()))?;
    let stamp = now.date().format("%Y-%m-%d");
    let (ext, mime) = if xlsx {
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    } else {
        ("csv", "text/csv")
    };
    Ok((Response::File { name: format!("{}_{stamp}.{ext}", t.title), mime: mime.into() }, out))
}
