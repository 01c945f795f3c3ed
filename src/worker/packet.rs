//! Agent packets in the worker: list the agents, build and (optionally) seal packets from the
//! cached workspace and the stored user work, open a packet file in memory for the agent view
//! (no database is opened for it), and apply an agent's reply to the QA work in one
//! transaction.

use std::collections::HashMap;

use kefu_core::Lang;
use kefu_core::jobs::{JobError, Response, Stage};
use kefu_core::kpi::report::ReportKind;
use kefu_core::kpi::{self, GroupBy, KpiWork, appraisal};
use kefu_core::model::Period;
use kefu_core::packet::{self, PacketError, PacketInput};
use kefu_core::qa::QaWork;
use kefu_core::roster::work::RosterWork;
use kefu_core::store::{self, KdfParams, SEAL_RANDOM_LEN, STORE_META, WorkArea};
use kefu_core::training::TrainingWork;

use super::{Reporter, cache, kpi as kpi_jobs, qa, read_work};
use crate::platform::idb::{Db, Op};
use crate::platform::worker_scope::{self, Attachment};
use crate::platform::{now_local, random};

fn refused(error: PacketError) -> Response {
    Response::PacketRefused { error }
}

pub async fn agents(db: &Db, rep: &mut Reporter) -> Result<Response, JobError> {
    let ws = cache::workspace(db, rep).await?;
    let (work, _) = read_work::<QaWork>(db, WorkArea::Qa).await?;
    Ok(Response::PacketAgents { agents: packet::agents_of(&ws.chats, &ws.staff), replies: work.replies })
}

/// Builds the packets of `agents` (all when empty) over the data's last month.
pub async fn export(
    db: &Db,
    agents: Vec<String>,
    passphrase: Option<String>,
    lang: Lang,
    now: &str,
    rep: &mut Reporter,
) -> Result<(Response, Option<Vec<u8>>), JobError> {
    let passphrase = passphrase.filter(|p| !p.is_empty());
    let ws = cache::workspace(db, rep).await?;
    if ws.chats.threads.is_empty() && ws.staff.is_empty() {
        return Ok((refused(PacketError::Empty), None));
    }
    let (kw, _) = read_work::<KpiWork>(db, WorkArea::Kpi).await?;
    let (qw, _) = read_work::<QaWork>(db, WorkArea::Qa).await?;
    let (tw, _) = read_work::<TrainingWork>(db, WorkArea::Training).await?;
    let (rw, _) = read_work::<RosterWork>(db, WorkArea::Roster).await?;
    let has_roster = rw.roster.is_some();
    // KPIs and the appraisal of the month of the data's last day (as the KPI page's 月度考核).
    let (period, table, ranking) = kpi_jobs::with_index(db, rep, |index, facts| {
        let span = index.span()?;
        let month = ReportKind::Monthly.period_of(span.to);
        let period = Period { from: month.from.max(span.from), to: month.to.min(span.to) };
        let qa = kpi_jobs::qa_of(index, facts, &month);
        let table = index.table(&period, GroupBy::Agent, None, qa.as_ref(), lang);
        let inputs = kw.inputs(&kpi::month_key(month.from), HashMap::new(), qa);
        let ranking = appraisal::appraise(index, &month, &kw.templates(lang), &inputs, lang);
        Some((period, table, ranking))
    })
    .await?
    .map_or((None, None, None), |(p, t, r)| (Some(p), Some(t), Some(r)));
    let config = qw.config().clone();
    let built = qa::with_report(db, &config, rep, |ws, cfg, report| {
        let input = PacketInput {
            log: &ws.chats,
            staff: &ws.staff,
            report,
            config: cfg,
            qa: &qw,
            kpis: table.as_ref(),
            ranking: ranking.as_ref(),
            library: &tw.library,
            supervisor: &tw.supervisor,
            roster: has_roster.then_some(&rw),
            period,
            made: now,
            lang,
        };
        let agents = if agents.is_empty() {
            packet::agents_of(&ws.chats, &ws.staff).into_iter().map(|a| a.account).collect()
        } else {
            agents
        };
        packet::build_packets(&input, &agents)
    })
    .await?;
    let packets = match built {
        Ok(p) => p,
        Err(e) => return Ok((refused(e), None)),
    };
    let mut files = Vec::with_capacity(packets.len());
    let total = packets.len() as u64;
    for (i, p) in packets.iter().enumerate() {
        rep.report(Stage::Packing, i as u64, total);
        let mut rnd = [0u8; SEAL_RANDOM_LEN];
        if passphrase.is_some() {
            random::fill(&mut rnd).map_err(JobError::Browser)?;
        }
        match packet::packet_file(p, passphrase.as_deref(), &rnd, KdfParams::DEFAULT) {
            Ok(bytes) => files.push((p.file_name(), bytes)),
            Err(e) => return Ok((refused(e), None)),
        }
    }
    rep.report(Stage::Packing, total, total);
    if files.len() == 1 {
        let (name, bytes) = files.remove(0);
        return Ok((Response::File { name, mime: "application/octet-stream".into() }, Some(bytes)));
    }
    let day = now.get(..10).unwrap_or("");
    let name = format!("{}_{day}.zip", lang.pick("全员绩效包", "agent-packets"));
    Ok((Response::File { name, mime: "application/zip".into() }, Some(packet::packets_zip(&files))))
}

/// Opens a packet file in memory. Runs before the database is opened: nothing stored is read.
pub async fn open(
    file_name: &str,
    passphrase: Option<&str>,
    attachment: Option<&Attachment>,
    rep: &mut Reporter,
) -> Result<Response, JobError> {
    let attachment =
        attachment.ok_or_else(|| JobError::Browser("no file was sent with the request".into()))?;
    rep.report(Stage::Reading, 0, 1);
    let bytes = worker_scope::read_attachment(attachment).await?;
    rep.report(Stage::Checking, 0, 1);
    let res = packet::open_packet(&bytes, passphrase, file_name);
    rep.report(Stage::Checking, 1, 1);
    Ok(match res {
        Ok(p) => Response::PacketOpened { packet: Box::new(p) },
        Err(e) => refused(e),
    })
}

/// Applies a reply file to the QA work, in one transaction (nothing when refused or already
/// applied).
pub async fn apply(db: &Db, file_name: &str, attachment: Option<&Attachment>) -> Result<Response, JobError> {
    let attachment =
        attachment.ok_or_else(|| JobError::Browser("no file was sent with the request".into()))?;
    let bytes = worker_scope::read_attachment(attachment).await?;
    let reply = match packet::decode_reply(&bytes, file_name) {
        Ok(r) => r,
        Err(e) => return Ok(refused(e)),
    };
    let (mut work, _) = read_work::<QaWork>(db, WorkArea::Qa).await?;
    let at = kefu_core::import::clean::datetime(&now_local()).ok().flatten().unwrap_or(kefu_core::Ts(0));
    match packet::apply_reply(&mut work, &reply, at) {
        Ok(outcome) => {
            if !outcome.already {
                db.apply(vec![Op::Put {
                    store: STORE_META,
                    key: WorkArea::Qa.key(),
                    bytes: store::encode_work(WorkArea::Qa, &work),
                }])
                .await?;
            }
            Ok(Response::ReplyApplied { outcome })
        }
        Err(e) => Ok(refused(e)),
    }
}
