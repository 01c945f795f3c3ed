//! Import jobs in the worker: analyse dropped files (keeping the parsed rows here until the
//! user decides), then commit the chosen ones as datasets — masked by default, without rows
//! the workspace already has, in one transaction.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};

use kefu_core::import::{self, dedupe};
use kefu_core::jobs::{
    AnalyseFile, AnalysedItem, Cancelled, CommitItem, ImportSummary, JobError, Response, Stage,
};
use kefu_core::model::{Dataset, DatasetData, DatasetKind, DatasetMeta, Origin, SourceFile};
use kefu_core::store::{self, MANIFEST_KEY, STORE_DATASETS, STORE_META};

use super::{Reporter, cache, current_manifest, view};
use crate::platform::idb::{Db, Op};
use crate::platform::worker_scope::Attachment;

/// Parsed rows waiting for the user's decision.
struct Pending {
    file: String,
    bytes: u64,
    encoding: Option<String>,
    data: DatasetData,
}

#[derive(Default)]
struct Store {
    next_id: u32,
    items: BTreeMap<u32, Pending>,
}

thread_local! {
    static PENDING: RefCell<Store> = RefCell::new(Store::default());
}

pub fn discard(ids: &[u32]) {
    PENDING.with_borrow_mut(|p| {
        for id in ids {
            p.items.remove(id);
        }
    });
}

/// Reads every attached file and reports what it holds.
pub fn analyse(
    files: &[AnalyseFile],
    discard_first: &[u32],
    attachments: &[Attachment],
    rep: &mut Reporter,
) -> Result<Response, JobError> {
    discard(discard_first);
    if files.len() != attachments.len() {
        return Err(JobError::Browser(format!(
            "{} files announced, {} sent",
            files.len(),
            attachments.len()
        )));
    }
    let total: u64 = attachments.iter().map(Attachment::size).sum::<u64>().max(1);
    let mut offset = 0u64;
    let mut items = Vec::new();
    for (source, (spec, att)) in files.iter().zip(attachments).enumerate() {
        rep.detail = spec.name.clone();
        let size = att.size();
        let reader = att.reader()?;
        let outcomes = {
            let mut tick = |done: u64, _: u64| -> Result<(), Cancelled> {
                rep.report(Stage::Analysing, offset + done.min(size), total);
                Ok(())
            };
            import::analyse(&spec.name, size, reader, &spec.options, &mut tick)?
        };
        offset += size;
        for outcome in outcomes {
            let id = PENDING.with_borrow_mut(|p| {
                p.next_id += 1;
                p.next_id
            });
            let result = match outcome {
                Ok(a) => {
                    if let Some(data) = a.data {
                        let pending = Pending {
                            file: a.report.file.clone(),
                            bytes: a.report.bytes,
                            encoding: a.report.encoding.map(|e| e.encoding.label().to_owned()),
                            data,
                        };
                        PENDING.with_borrow_mut(|p| p.items.insert(id, pending));
                    }
                    Ok(a.report)
                }
                Err(e) => Err(e),
            };
            items.push(AnalysedItem { id, source, result });
        }
    }
    rep.report(Stage::Analysing, total, total);
    Ok(Response::Analysis { items })
}

fn label(files: &[SourceFile]) -> String {
    match files {
        [] => String::new(),
        [one] => one.name.clone(),
        [first, rest @ ..] => format!("{} +{}", first.name, rest.len()),
    }
}

/// Stores the chosen items: one dataset per kind.
pub async fn commit(
    db: &Db,
    chosen: &[CommitItem],
    now: &str,
    rep: &mut Reporter,
) -> Result<Response, JobError> {
    let mut groups: BTreeMap<DatasetKind, Vec<(Pending, bool)>> = BTreeMap::new();
    PENDING.with_borrow_mut(|p| {
        for c in chosen {
            if let Some(item) = p.items.remove(&c.id) {
                groups.entry(item.data.kind()).or_default().push((item, c.mask));
            }
        }
    });
    if groups.is_empty() {
        return Err(JobError::Browser("the files to import are no longer in memory; drop them again".into()));
    }
    let manifest = current_manifest(db).await?;
    let mut datasets = Vec::new();
    let mut summary = Vec::new();
    let n_groups = groups.len() as u64;
    for (i, (kind, items)) in groups.into_iter().enumerate() {
        rep.report(Stage::Checking, i as u64, n_groups);
        let masked = items.iter().all(|(_, m)| *m);
        let files: Vec<SourceFile> = items
            .iter()
            .map(|(p, _)| SourceFile { name: p.file.clone(), bytes: p.bytes, encoding: p.encoding.clone() })
            .collect();
        let mut merged: Option<DatasetData> = None;
        for (p, mask) in items {
            let mut data = p.data;
            if mask {
                kefu_core::privacy::mask_dataset(&mut data);
            }
            match &mut merged {
                None => merged = Some(data),
                Some(m) => {
                    // Same kind by construction of the groups.
                    let _ = dedupe::merge(m, data);
                }
            }
        }
        let Some(mut data) = merged else { continue };
        // Keys of what the workspace already holds of this kind.
        let mut known = HashSet::new();
        if let Some(ws) = cache::peek(&manifest.datasets) {
            // The same rows as the stored datasets of this kind, merged, without reading them.
            known.extend(dedupe::workspace_keys(&ws, kind));
        } else {
            for meta in manifest.datasets.iter().filter(|d| d.kind == kind) {
                if let Some(bytes) = db.get(STORE_DATASETS, &meta.id).await? {
                    let existing = store::decode_dataset(&meta.id, &bytes)?;
                    known.extend(dedupe::keys(&existing.data));
                }
            }
        }
        let duplicates = dedupe::remove_known(&mut data, &mut known);
        let rows = data.rows();
        let label = label(&files);
        summary.push(ImportSummary { kind, label: label.clone(), rows, duplicates });
        if rows == 0 {
            continue;
        }
        let meta = DatasetMeta {
            id: String::new(),
            kind,
            label,
            origin: Origin::Import { files },
            rows,
            period: data.period(),
            masked,
            added: now.to_owned(),
            choices: kefu_core::model::filter_choices_of(&data),
        };
        datasets.push(Dataset { meta, data });
    }
    rep.report(Stage::Writing, 0, 1);
    let before = manifest.datasets.clone();
    let (manifest, records) = store::append(&manifest, &mut datasets);
    let mut ops: Vec<Op> =
        records.into_iter().map(|(key, bytes)| Op::Put { store: STORE_DATASETS, key, bytes }).collect();
    ops.push(Op::Put {
        store: STORE_META,
        key: MANIFEST_KEY.into(),
        bytes: store::encode_manifest(&manifest),
    });
    db.apply(ops).await?;
    cache::extend(&before, &manifest.datasets, datasets.into_iter().map(|d| d.data).collect());
    rep.report(Stage::Writing, 1, 1);
    Ok(Response::Imported { view: view(db, manifest).await?, summary })
}
