//! Data-rights jobs: erase one buyer (PIPL deletion request) and the retention rule. Both
//! first compute a preview with `kefu_core::rights`; with `apply` they write every changed
//! dataset, the manifest, the changed user-work documents and the deleted kept-aside records
//! in one transaction, so a failure changes nothing.

use kefu_core::jobs::{JobError, Response, RightsReport, Stage};
use kefu_core::model::Dataset;
use kefu_core::rights;
use kefu_core::store::{
    self, MANIFEST_KEY, Manifest, STORE_DATASETS, STORE_META, STORE_QUARANTINE, WorkArea,
};

use super::{Reporter, cache, current_manifest, view};
use crate::platform::idb::{Db, Op};

async fn datasets(db: &Db, manifest: &Manifest, rep: &mut Reporter) -> Result<Vec<Dataset>, JobError> {
    let total = manifest.datasets.len() as u64;
    let mut out = Vec::with_capacity(manifest.datasets.len());
    for (i, meta) in manifest.datasets.iter().enumerate() {
        rep.report(Stage::Reading, i as u64, total);
        let bytes = db.get(STORE_DATASETS, &meta.id).await?.ok_or_else(|| store::StoreError::Corrupt {
            what: format!("dataset {}", meta.id),
            detail: "listed but missing; reload the page to repair the list".into(),
        })?;
        out.push(store::decode_dataset(&meta.id, &bytes)?);
    }
    rep.report(Stage::Reading, total, total);
    Ok(out)
}

/// The manifest with `changed` datasets' descriptions replaced; datasets left with no rows go.
fn updated_manifest(manifest: &Manifest, changed: &[Dataset]) -> (Manifest, Vec<Op>) {
    let mut m = manifest.clone();
    let mut ops = Vec::new();
    for ds in changed {
        if ds.data.rows() == 0 {
            m.datasets.retain(|d| d.id != ds.meta.id);
            ops.push(Op::Delete { store: STORE_DATASETS, key: ds.meta.id.clone() });
        } else {
            if let Some(slot) = m.datasets.iter_mut().find(|d| d.id == ds.meta.id) {
                *slot = ds.meta.clone();
            }
            ops.push(Op::Put {
                store: STORE_DATASETS,
                key: ds.meta.id.clone(),
                bytes: store::encode_dataset(ds),
            });
        }
    }
    ops.push(Op::Put { store: STORE_META, key: MANIFEST_KEY.into(), bytes: store::encode_manifest(&m) });
    (m, ops)
}

pub async fn erase_buyer(
    db: &Db,
    buyer: &str,
    apply: bool,
    rep: &mut Reporter,
) -> Result<Response, JobError> {
    let mut report = RightsReport::default();
    let buyer = match rights::check_id(buyer) {
        Ok(b) => b.to_owned(),
        Err(e) => {
            report.refused = Some(e);
            return Ok(Response::Rights { report: Box::new(report) });
        }
    };
    let manifest = current_manifest(db).await?;
    let mut changed = Vec::new();
    for ds in datasets(db, &manifest, rep).await? {
        if let Some((out, preview)) = rights::erase_buyer(&ds, &buyer) {
            report.erase.push(preview);
            changed.push(out);
        }
    }
    rep.report(Stage::Checking, 0, 1);
    let mut work_ops = Vec::new();
    for area in WorkArea::ALL {
        let Some(bytes) = db.get(STORE_META, &area.key()).await? else { continue };
        // A document that cannot be read is left to the open/kept-aside logic, but if its raw
        // bytes mention the buyer it is deleted like any kept-aside record.
        match store::decode_work::<serde_json::Value>(area, &bytes) {
            Ok(mut doc) => {
                let n = rights::scrub_json(&mut doc, &buyer);
                if n > 0 {
                    report.work_changes += n;
                    work_ops.push(Op::Put {
                        store: STORE_META,
                        key: area.key(),
                        bytes: store::encode_work(area, &doc),
                    });
                }
            }
            Err(_) if rights::bytes_mention(&bytes, &buyer) => {
                report.kept_aside += 1;
                work_ops.push(Op::Delete { store: STORE_META, key: area.key() });
            }
            Err(_) => {}
        }
    }
    for key in db.keys(STORE_QUARANTINE).await? {
        if let Some(bytes) = db.get(STORE_QUARANTINE, &key).await?
            && (rights::bytes_mention(&bytes, &buyer) || key.contains(&buyer))
        {
            report.kept_aside += 1;
            work_ops.push(Op::Delete { store: STORE_QUARANTINE, key });
        }
    }
    rep.report(Stage::Checking, 1, 1);
    if apply && (!changed.is_empty() || !work_ops.is_empty()) {
        cache::forget();
        rep.report(Stage::Writing, 0, 1);
        let (m, mut ops) = updated_manifest(&manifest, &changed);
        ops.extend(work_ops);
        db.apply(ops).await?;
        rep.report(Stage::Writing, 1, 1);
        report.applied = true;
        report.view = Some(view(db, m).await?);
    }
    Ok(Response::Rights { report: Box::new(report) })
}

pub async fn retention(
    db: &Db,
    months: u32,
    today: chrono::NaiveDate,
    apply: bool,
    rep: &mut Reporter,
) -> Result<Response, JobError> {
    let cutoff = rights::retention_cutoff(today, months.max(1));
    let mut report = RightsReport { cutoff: Some(cutoff), ..Default::default() };
    let manifest = current_manifest(db).await?;
    let mut changed = Vec::new();
    for ds in datasets(db, &manifest, rep).await? {
        if let Some((out, preview)) = rights::retain_since(&ds, cutoff) {
            report.retention.push(preview);
            changed.push(out);
        }
    }
    if apply && !changed.is_empty() {
        cache::forget();
        rep.report(Stage::Writing, 0, 1);
        let (m, ops) = updated_manifest(&manifest, &changed);
        db.apply(ops).await?;
        rep.report(Stage::Writing, 1, 1);
        report.applied = true;
        report.view = Some(view(db, m).await?);
    }
    Ok(Response::Rights { report: Box::new(report) })
}
