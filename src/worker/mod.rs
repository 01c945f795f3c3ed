//! The Web Worker's job runner: takes a `kefu_core::jobs::Request`, runs the core off the
//! page's thread, reads and writes IndexedDB, and answers with a `Response`.
//!
//! The worker is the only writer of the dataset store. Every job that changes the workspace
//! ends in one `Db::apply` (a single IndexedDB transaction), so a job that fails, or a worker
//! that is terminated to cancel, leaves the workspace exactly as it was.

mod admin;
mod cache;
mod check;
mod import;
mod kpi;
mod packet;
mod qa;
mod rights;
mod roster;
mod training;

use kefu_core::demo::{self, DemoConfig};
use kefu_core::jobs::{Cancelled, JobError, Progress, Request, Response, Stage, WorkspaceView};
use kefu_core::model::Filter;
use kefu_core::store::{
    self, FILTER_KEY, MANIFEST_KEY, Manifest, STORE_DATASETS, STORE_META, STORE_QUARANTINE, StoreError,
    WorkArea,
};

use crate::platform::idb::{Db, Op};
use crate::platform::worker_scope::{self, Attachment, Incoming};
use crate::platform::{now_local, now_ms};

/// Entry point of the worker binary.
pub fn start() {
    worker_scope::serve(|incoming| worker_scope::spawn(handle(incoming)));
}

/// Posts progress at most every 100 ms (and always the last step), so the page is never
/// flooded.
pub(crate) struct Reporter {
    id: u32,
    last: f64,
    pub(crate) detail: String,
}

impl Reporter {
    pub(crate) fn report(&mut self, stage: Stage, done: u64, total: u64) {
        let now = now_ms();
        if now - self.last >= 100.0 || done >= total {
            self.last = now;
            worker_scope::post_progress(
                self.id,
                &Progress { stage, done, total, detail: self.detail.clone(), roster: None },
            );
        }
    }

    fn tick(&mut self, stage: Stage) -> impl FnMut(u64, u64) -> Result<(), Cancelled> + '_ {
        move |done, total| {
            self.report(stage, done, total);
            Ok(())
        }
    }
}

async fn handle(incoming: Incoming) {
    let id = incoming.id;
    let mut rep = Reporter { id, last: 0.0, detail: String::new() };
    let (result, bytes) = match serde_json::from_str::<Request>(&incoming.request) {
        Ok(req) => {
            // The audit hook: what a recorded request changed goes into the log.
            let audit = admin::before(&req).await;
            let outcome = run(req, &incoming.attachments, &mut rep).await;
            admin::after(audit, &outcome.0).await;
            outcome
        }
        Err(e) => (Err(JobError::Crashed(format!("unreadable request: {e}"))), None),
    };
    worker_scope::post_done(id, &result, bytes);
}

type Outcome = (Result<Response, JobError>, Option<Vec<u8>>);

async fn run(req: Request, attachments: &[Attachment], rep: &mut Reporter) -> Outcome {
    // Analysing needs no database, and must not wait for one.
    match &req {
        Request::Analyse { files, discard } => {
            return (import::analyse(files, discard, attachments, rep), None);
        }
        Request::Discard { items } => {
            import::discard(items);
            return (Ok(Response::Done), None);
        }
        Request::RosterStop => {
            roster::stop();
            return (Ok(Response::Done), None);
        }
        Request::RosterSolve { job } => return (roster::solve((**job).clone(), rep).await, None),
        Request::RosterCheck { job } => {
            return (check::check((**job).clone(), attachments.first(), rep).await, None);
        }
        Request::OpenPacket { file_name, passphrase } => {
            return (packet::open(file_name, passphrase.as_deref(), attachments.first(), rep).await, None);
        }
        _ => {}
    }
    let db = match Db::open().await {
        Ok(db) => db,
        Err(e) => return (Err(e), None),
    };
    match req {
        Request::Open => (open(&db, rep).await, None),
        Request::SetFilter { filter } => (set_filter(&db, &filter).await, None),
        Request::LoadDemo { seed, now } => (load_demo(&db, seed, &now, rep).await, None),
        Request::ExportBackup { settings_json, now, passphrase } => {
            match export_backup(&db, &settings_json, &now, passphrase.as_deref(), rep).await {
                Ok((resp, bytes)) => (Ok(resp), Some(bytes)),
                Err(e) => (Err(e), None),
            }
        }
        Request::RestoreBackup { file_name, passphrase } => {
            (restore(&db, &file_name, passphrase.as_deref(), attachments.first(), rep).await, None)
        }
        Request::ClearAll => (clear_all(&db).await, None),
        Request::Commit { items, now } => (import::commit(&db, &items, &now, rep).await, None),
        Request::Analyse { .. }
        | Request::Discard { .. }
        | Request::RosterStop
        | Request::RosterSolve { .. }
        | Request::RosterCheck { .. }
        | Request::OpenPacket { .. } => unreachable!("answered above"),
        Request::QaOverview { config } => (qa::overview(&db, config.map(|c| *c), rep).await, None),
        Request::QaConversations { agent } => (qa::conversations(&db, agent, rep).await, None),
        Request::QaConversation { conv } => (qa::conversation(&db, conv, rep).await, None),
        Request::QaSaveReview { review } => (qa::save_review(&db, *review, rep).await, None),
        Request::QaDesk => (qa::desk(&db, rep).await, None),
        Request::QaEdit { edit } => (qa::edit(&db, *edit, rep).await, None),
        Request::QaUnconverted => (qa::unconverted(&db, rep).await, None),
        Request::KpiTable { period, by, lang } => (kpi::table(&db, period, by, lang, rep).await, None),
        Request::KpiExplain { kpi: k, scope, period, lang } => {
            (kpi::explain(&db, k, scope, period, lang, rep).await, None)
        }
        Request::KpiExport { period, by, xlsx, lang } => {
            match kpi::export(&db, period, by, xlsx, lang, rep).await {
                Ok((resp, bytes)) => (Ok(resp), Some(bytes)),
                Err(e) => (Err(e), None),
            }
        }
        Request::KpiReport { kind, day, lang } => (kpi::report(&db, kind, day, lang, rep).await, None),
        Request::KpiAppraisal { day, lang } => (kpi::appraise(&db, day, lang, rep).await, None),
        Request::KpiRankingExport { ranking, xlsx, lang } => {
            match kpi::export_ranking(&ranking, xlsx, lang) {
                Ok((resp, bytes)) => (Ok(resp), Some(bytes)),
                Err(e) => (Err(e), None),
            }
        }
        Request::LoadWork { area } => (load_work(&db, area).await, None),
        Request::SaveWork { area, body_json } => (save_work(&db, area, &body_json).await, None),
        Request::RosterPrepare { work } => (roster::prepare(&db, *work, rep).await, None),
        Request::EraseBuyer { buyer, apply } => (rights::erase_buyer(&db, &buyer, apply, rep).await, None),
        Request::Retention { months, today, apply } => {
            (rights::retention(&db, months, today, apply, rep).await, None)
        }
        Request::TrainingOverview { period, lang } => {
            (training::overview(&db, period, lang, rep).await, None)
        }
        Request::TrainingSheet { agent, period, supervisor, lang } => {
            (training::sheet(&db, &agent, period, supervisor, lang, rep).await, None)
        }
        Request::TrainingMeeting { day, lang } => (training::meeting(&db, day, lang, rep).await, None),
        Request::TrainingQuestions => (training::questions(&db, rep).await, None),
        Request::TrainingReadScripts => (training::read_scripts(attachments.first()).await, None),
        Request::TrainingExport { table, xlsx, now, lang } => {
            match training::export(&db, table, xlsx, now, lang, rep).await {
                Ok((resp, bytes)) => (Ok(resp), Some(bytes)),
                Err(e) => (Err(e), None),
            }
        }
        Request::RegistersRewards { day, lang } => (training::rewards_job(&db, day, lang, rep).await, None),
        Request::RegistersSuggest { reply_within_secs } => {
            (training::suggest(&db, reply_within_secs, rep).await, None)
        }
        Request::RegistersConversation { key } => (training::conversation(&db, key, rep).await, None),
        Request::PacketAgents => (packet::agents(&db, rep).await, None),
        Request::ExportPackets { agents, passphrase, lang, now } => {
            match packet::export(&db, agents, passphrase, lang, &now, rep).await {
                Ok((resp, bytes)) => (Ok(resp), bytes),
                Err(e) => (Err(e), None),
            }
        }
        Request::ApplyReply { file_name } => {
            (packet::apply(&db, &file_name, attachments.first()).await, None)
        }
        Request::ExportQuarantine => match export_kept_aside(&db).await {
            Ok((resp, bytes)) => (Ok(resp), Some(bytes)),
            Err(e) => (Err(e), None),
        },
        Request::AuditLog => (admin::log(&db).await, None),
        Request::AuditExport { filter, xlsx, lang } => match admin::export(&db, &filter, xlsx, lang).await {
            Ok((resp, bytes)) => (Ok(resp), Some(bytes)),
            Err(e) => (Err(e), None),
        },
        Request::StorageReport => (admin::storage(&db).await, None),
    }
}

pub(crate) async fn view(db: &Db, manifest: Manifest) -> Result<WorkspaceView, JobError> {
    let kept_aside = db.keys(STORE_QUARANTINE).await?.len();
    let filter = current_filter(db).await?;
    Ok(WorkspaceView { manifest, kept_aside, filter })
}

/// The stored shop/team filter; one that cannot be read counts as none (it only narrows what
/// the pages show, and the header shows which is in force).
pub(crate) async fn current_filter(db: &Db) -> Result<Filter, JobError> {
    Ok(db
        .get(STORE_META, FILTER_KEY)
        .await?
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default())
}

async fn set_filter(db: &Db, filter: &Filter) -> Result<Response, JobError> {
    let bytes = serde_json::to_vec(filter).map_err(|e| JobError::Crashed(e.to_string()))?;
    db.apply(vec![Op::Put { store: STORE_META, key: FILTER_KEY.into(), bytes }]).await?;
    let manifest = current_manifest(db).await?;
    Ok(Response::Workspace { view: view(db, manifest).await?, notices: Vec::new() })
}

/// Reads the current manifest; a workspace never opened reads as empty.
pub(crate) async fn current_manifest(db: &Db) -> Result<Manifest, JobError> {
    match db.get(STORE_META, MANIFEST_KEY).await? {
        None => Ok(Manifest::empty()),
        Some(bytes) => Ok(store::decode_manifest(&bytes)?),
    }
}

async fn open(db: &Db, rep: &mut Reporter) -> Result<Response, JobError> {
    rep.report(Stage::Opening, 0, 1);
    let raw = db.get(STORE_META, MANIFEST_KEY).await?;
    let keys = db.keys(STORE_DATASETS).await?;
    let plan = store::plan_open(raw.as_deref(), &keys);
    let now = now_local();
    let mut ops: Vec<Op> = plan
        .quarantine
        .iter()
        .map(|(s, k)| Op::Move {
            from: if s == STORE_META { STORE_META } else { STORE_DATASETS },
            key: k.clone(),
            to: STORE_QUARANTINE,
            to_key: store::quarantine_key(&now, s, k),
        })
        .collect();
    if plan.write_manifest {
        ops.push(Op::Put {
            store: STORE_META,
            key: MANIFEST_KEY.into(),
            bytes: store::encode_manifest(&plan.manifest),
        });
    }
    db.apply(ops).await?;
    rep.report(Stage::Opening, 1, 1);
    Ok(Response::Workspace { view: view(db, plan.manifest).await?, notices: plan.notices })
}

/// Replaces every dataset with `records`, writes `manifest` and replaces the user-work
/// documents with `work` (work done on the old workspace does not fit the new one), in one
/// transaction.
fn replace_ops(
    manifest: &Manifest,
    records: Vec<(String, Vec<u8>)>,
    work: Vec<(WorkArea, Vec<u8>)>,
) -> Vec<Op> {
    // A filter chosen for the old data would hide the new: it goes with it.
    let mut ops =
        vec![Op::Clear { store: STORE_DATASETS }, Op::Delete { store: STORE_META, key: FILTER_KEY.into() }];
    ops.extend(WorkArea::ALL.iter().map(|a| Op::Delete { store: STORE_META, key: a.key() }));
    ops.extend(work.into_iter().map(|(a, bytes)| Op::Put { store: STORE_META, key: a.key(), bytes }));
    ops.extend(records.into_iter().map(|(key, bytes)| Op::Put { store: STORE_DATASETS, key, bytes }));
    ops.push(Op::Put {
        store: STORE_META,
        key: MANIFEST_KEY.into(),
        bytes: store::encode_manifest(manifest),
    });
    ops
}

async fn load_demo(db: &Db, seed: u64, now: &str, rep: &mut Reporter) -> Result<Response, JobError> {
    let cfg = DemoConfig { seed, ..DemoConfig::default() };
    cache::forget();
    let ws = demo::generate(&cfg, &mut rep.tick(Stage::Generating))?;
    let mut datasets = ws.into_datasets(now, true);
    rep.report(Stage::Writing, 0, 1);
    let (manifest, records) = store::append(&Manifest::empty(), &mut datasets);
    db.apply(replace_ops(&manifest, records, Vec::new())).await?;
    cache::extend(&[], &manifest.datasets, datasets.into_iter().map(|d| d.data).collect());
    rep.report(Stage::Writing, 1, 1);
    Ok(Response::Workspace { view: view(db, manifest).await?, notices: Vec::new() })
}

fn file_stamp(now: &str) -> String {
    // "2026-11-22 10:30:05" → "2026-11-22_103005"
    now.replacen(' ', "_", 1).replace(':', "")
}

async fn export_backup(
    db: &Db,
    settings_json: &str,
    now: &str,
    passphrase: Option<&str>,
    rep: &mut Reporter,
) -> Result<(Response, Vec<u8>), JobError> {
    let manifest = current_manifest(db).await?;
    let total = manifest.datasets.len() as u64;
    let mut records = Vec::with_capacity(manifest.datasets.len());
    for (i, meta) in manifest.datasets.iter().enumerate() {
        rep.report(Stage::Reading, i as u64, total);
        let bytes = db.get(STORE_DATASETS, &meta.id).await?.ok_or_else(|| StoreError::Corrupt {
            what: format!("dataset {}", meta.id),
            detail: "listed but missing; reload the page to repair the list".into(),
        })?;
        records.push((meta.id.clone(), bytes));
    }
    let mut work = Vec::new();
    for area in WorkArea::ALL {
        if let Some(bytes) = db.get(STORE_META, &area.key()).await? {
            work.push((area, bytes));
        }
    }
    let audit = admin::stored_log(db).await?;
    let zip = store::write_full_backup(
        now,
        settings_json,
        &manifest,
        records.iter().map(|(k, b)| (k.as_str(), b.as_slice())),
        &work,
        audit.as_deref(),
        &mut rep.tick(Stage::Packing),
    )?;
    if let Some(passphrase) = passphrase.filter(|p| !p.is_empty()) {
        rep.report(Stage::Sealing, 0, 1);
        let random =
            crate::platform::random_bytes::<{ store::SEAL_RANDOM_LEN }>().map_err(JobError::Browser)?;
        let sealed = store::seal_backup(&zip, passphrase, &random)?;
        rep.report(Stage::Sealing, 1, 1);
        let name = format!("客服主管工作台备份_{}_加密.kefubak", file_stamp(now));
        return Ok((Response::File { name, mime: "application/octet-stream".into() }, sealed));
    }
    let name = format!("客服主管工作台备份_{}.zip", file_stamp(now));
    Ok((Response::File { name, mime: "application/zip".into() }, zip))
}

async fn restore(
    db: &Db,
    file_name: &str,
    passphrase: Option<&str>,
    attachment: Option<&Attachment>,
    rep: &mut Reporter,
) -> Result<Response, JobError> {
    rep.report(Stage::Reading, 0, 1);
    let attachment =
        attachment.ok_or_else(|| JobError::Browser("no file was sent with the request".into()))?;
    let bytes = worker_scope::read_attachment(attachment).await?;
    rep.report(Stage::Reading, 1, 1);
    if store::is_sealed(&bytes) {
        rep.report(Stage::Sealing, 0, 1);
    }
    let zip = store::unseal_backup(file_name, &bytes, passphrase)?;
    let plan = store::read_backup(file_name, &zip, &mut rep.tick(Stage::Checking))?;
    drop(zip);
    drop(bytes);
    rep.report(Stage::Writing, 0, 1);
    let store::RestorePlan { header, manifest, records, work, settings_json, audit } = plan;
    let mut ops = replace_ops(&manifest, records, work);
    // The backup's audit trail comes back with it (an older backup has none: the log stays).
    ops.extend(audit.map(|bytes| Op::Put {
        store: STORE_META,
        key: kefu_core::audit::AUDIT_KEY.into(),
        bytes,
    }));
    db.apply(ops).await?;
    rep.report(Stage::Writing, 1, 1);
    Ok(Response::Restored { view: view(db, manifest).await?, settings_json, created: header.created })
}

async fn clear_all(db: &Db) -> Result<Response, JobError> {
    cache::forget();
    let manifest = Manifest::empty();
    // Everything, user work included: the meta store holds only the manifest and work documents.
    db.apply(vec![
        Op::Clear { store: STORE_DATASETS },
        Op::Clear { store: STORE_QUARANTINE },
        Op::Clear { store: STORE_META },
        Op::Put { store: STORE_META, key: MANIFEST_KEY.into(), bytes: store::encode_manifest(&manifest) },
    ])
    .await?;
    Ok(Response::Workspace { view: view(db, manifest).await?, notices: Vec::new() })
}

async fn export_kept_aside(db: &Db) -> Result<(Response, Vec<u8>), JobError> {
    let mut entries = Vec::new();
    for k in db.keys(STORE_QUARANTINE).await? {
        if let Some(bytes) = db.get(STORE_QUARANTINE, &k).await? {
            entries.push((k, bytes));
        }
    }
    let name = format!("客服主管工作台另存数据_{}.zip", file_stamp(&now_local()));
    Ok((Response::File { name, mime: "application/zip".into() }, store::pack_kept_aside(&entries)))
}

/// Reads an area's user-work document as `B` (`B::default()` when there is none). One that
/// cannot be read (damaged, or written by a newer build) is moved to the quarantine store and
/// reported in the notices; the area then starts empty.
pub(crate) async fn read_work<B: serde::de::DeserializeOwned + Default>(
    db: &Db,
    area: WorkArea,
) -> Result<(B, Vec<store::OpenNotice>), JobError> {
    let key = area.key();
    let Some(bytes) = db.get(STORE_META, &key).await? else {
        return Ok((B::default(), Vec::new()));
    };
    match store::decode_work::<B>(area, &bytes) {
        Ok(body) => Ok((body, Vec::new())),
        Err(error) => {
            let to_key = store::quarantine_key(&now_local(), STORE_META, &key);
            db.apply(vec![Op::Move { from: STORE_META, key: key.clone(), to: STORE_QUARANTINE, to_key }])
                .await?;
            Ok((B::default(), vec![store::OpenNotice::KeptAside { key, error }]))
        }
    }
}

async fn load_work(db: &Db, area: WorkArea) -> Result<Response, JobError> {
    let exists = db.get(STORE_META, &area.key()).await?.is_some();
    let (body, notices) = read_work::<serde_json::Value>(db, area).await?;
    let body_json = (exists && notices.is_empty()).then(|| body.to_string());
    Ok(Response::Work { area, body_json, notices })
}

/// Replaces an area's user-work document, in one transaction.
pub(crate) async fn save_work(db: &Db, area: WorkArea, body_json: &str) -> Result<Response, JobError> {
    let body: serde_json::Value = serde_json::from_str(body_json).map_err(|e| StoreError::Corrupt {
        what: format!("work document {}", area.name()),
        detail: e.to_string(),
    })?;
    db.apply(vec![Op::Put { store: STORE_META, key: area.key(), bytes: store::encode_work(area, &body) }])
        .await?;
    Ok(Response::Done)
}
