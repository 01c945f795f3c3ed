//! Administration jobs and the audit hook.
//!
//! The hook runs around every job (`worker::handle`): [`before`] snapshots the user-work
//! documents a recorded request touches, [`after`] asks `kefu_core::audit::describe` what
//! changed and appends the entries to the log (`audit::AUDIT_KEY` in the `meta` store). Appends
//! go through one queue, so jobs that finish together never overwrite each other's entries. The
//! entry is a second transaction after the job's own: if the tab dies in between, the change
//! stands and its entry is missing (never the reverse).
//!
//! Also here: reading and exporting the log, and the storage report.

use std::cell::{Cell, RefCell};

use kefu_core::audit::{self, AUDIT_KEY, AuditEntry, AuditFilter, AuditLog, AuditRule, Docs};
use kefu_core::jobs::{JobError, Request, Response};
use kefu_core::store::{self, STORE_DATASETS, STORE_META, STORE_QUARANTINE, WorkArea};
use kefu_core::{Lang, registers};

use super::current_manifest;
use crate::platform::idb::{Db, Op};
use crate::platform::now_local;

/// What the hook keeps of a recorded request while it runs.
pub(crate) struct Pending {
    req: Request,
    before: Docs,
}

async fn snapshot(db: &Db, areas: &[WorkArea]) -> Docs {
    let mut docs = Docs::new();
    for &area in areas {
        if let Ok(Some(bytes)) = db.get(STORE_META, &area.key()).await
            && let Ok(body) = store::decode_work::<serde_json::Value>(area, &bytes)
        {
            docs.insert(area, body);
        }
    }
    docs
}

/// Before a job: `None` when the request is not recorded.
pub(crate) async fn before(req: &Request) -> Option<Pending> {
    if !matches!(audit::rule(req), AuditRule::Records(_)) {
        return None;
    }
    let areas = audit::areas_read(req);
    let before = if areas.is_empty() {
        Docs::new()
    } else {
        match Db::open().await {
            Ok(db) => snapshot(&db, &areas).await,
            Err(_) => Docs::new(),
        }
    };
    Some(Pending { req: req.clone(), before })
}

/// After a job: records what it changed (nothing when it failed).
pub(crate) async fn after(pending: Option<Pending>, result: &Result<Response, JobError>) {
    let (Some(p), Ok(resp)) = (pending, result) else { return };
    let Ok(db) = Db::open().await else { return };
    let after = snapshot(&db, &audit::areas_read(&p.req)).await;
    let entries = audit::describe(&p.req, resp, &p.before, &after, &now_local());
    let scrub = match (&p.req, resp) {
        (Request::EraseBuyer { buyer, .. }, Response::Rights { report }) if report.applied => {
            Some(buyer.trim().to_owned())
        }
        _ => None,
    };
    append(&db, entries, scrub).await;
}

thread_local! {
    static QUEUE: RefCell<(Vec<AuditEntry>, Vec<String>)> = const { RefCell::new((Vec::new(), Vec::new())) };
    static WRITING: Cell<bool> = const { Cell::new(false) };
}

/// Reads the log; one that cannot be read is kept aside (never dropped) and a new one begun.
async fn read_log(db: &Db) -> Result<AuditLog, JobError> {
    let Some(bytes) = db.get(STORE_META, AUDIT_KEY).await? else { return Ok(AuditLog::default()) };
    match AuditLog::decode(&bytes) {
        Ok(log) => Ok(log),
        Err(_) => {
            let to_key = store::quarantine_key(&now_local(), STORE_META, AUDIT_KEY);
            db.apply(vec![Op::Move {
                from: STORE_META,
                key: AUDIT_KEY.into(),
                to: STORE_QUARANTINE,
                to_key,
            }])
            .await?;
            Ok(AuditLog::default())
        }
    }
}

async fn append(db: &Db, entries: Vec<AuditEntry>, scrub: Option<String>) {
    QUEUE.with_borrow_mut(|(q, s)| {
        q.extend(entries);
        s.extend(scrub);
    });
    if WRITING.replace(true) {
        return; // the running writer picks these up
    }
    loop {
        let (batch, scrubs) = QUEUE.with_borrow_mut(|(q, s)| (std::mem::take(q), std::mem::take(s)));
        if batch.is_empty() && scrubs.is_empty() {
            break;
        }
        let Ok(mut log) = read_log(db).await else { continue };
        for id in &scrubs {
            log.scrub(id);
        }
        log.entries.extend(batch);
        let _ =
            db.apply(vec![Op::Put { store: STORE_META, key: AUDIT_KEY.into(), bytes: log.encode() }]).await;
    }
    WRITING.set(false);
}

/// The stored log, for backups (`None`: there is none).
pub(crate) async fn stored_log(db: &Db) -> Result<Option<Vec<u8>>, JobError> {
    db.get(STORE_META, AUDIT_KEY).await
}

/// The whole log, oldest first.
pub(crate) async fn log(db: &Db) -> Result<Response, JobError> {
    Ok(Response::Audit { entries: read_log(db).await?.entries })
}

/// The entries `filter` admits as CSV or XLSX, newest first, every text cell neutralised.
pub(crate) async fn export(
    db: &Db,
    filter: &AuditFilter,
    xlsx: bool,
    lang: Lang,
) -> Result<(Response, Vec<u8>), JobError> {
    let log = read_log(db).await?;
    let rows = audit::select(&log.entries, filter);
    let table = audit::audit_table(&rows, lang);
    let mut bytes = Vec::new();
    let written = if xlsx {
        registers::table::table_xlsx(&mut bytes, &table)
    } else {
        registers::table::table_csv(&mut bytes, &table)
    };
    written.map_err(|e| JobError::Browser(e.to_string()))?;
    let stamp = now_local().replacen(' ', "_", 1).replace(':', "");
    let (ext, mime) = if xlsx {
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    } else {
        ("csv", "text/csv")
    };
    let name = format!("{}_{stamp}.{ext}", lang.pick("操作日志", "audit-trail"));
    Ok((Response::File { name, mime: mime.into() }, bytes))
}

/// Every stored record with its size.
pub(crate) async fn storage(db: &Db) -> Result<Response, JobError> {
    let manifest = current_manifest(db).await?;
    let mut items = Vec::new();
    for st in [STORE_META, STORE_DATASETS, STORE_QUARANTINE] {
        for key in db.keys(st).await? {
            if let Some(bytes) = db.get(st, &key).await? {
                items.push(store::stored_item(st, &key, &bytes, &manifest));
            }
        }
    }
    Ok(Response::Storage { items })
}
