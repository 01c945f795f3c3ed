//! The workspace's datasets held in the worker's memory for computations (QA, KPI, roster):
//! loaded from IndexedDB on first use, merged per kind (`model::Workspace`), and kept until the
//! stored manifest says the datasets changed. The worker is the only writer of the store, so
//! comparing manifests is enough to know the cache is current. An import adds what it has just
//! stored to the cache (`extend`), so the first computation after it reads nothing back.
//!
//! Computations see the workspace through the stored shop/team filter (`model::Filter`):
//! [`workspace`] hands out the restricted copy, made once per filter; [`peek`] (for the
//! import's duplicate check) sees everything.

use std::cell::RefCell;
use std::rc::Rc;

use kefu_core::jobs::{JobError, Stage};
use kefu_core::model::{DatasetData, DatasetMeta, Filter, Workspace};
use kefu_core::store::{self, Manifest, STORE_DATASETS, StoreError};

use super::{Reporter, current_filter, current_manifest};
use crate::platform::idb::Db;

struct Cached {
    /// The manifest's dataset list the data was loaded for.
    datasets: Vec<DatasetMeta>,
    workspace: Rc<Workspace>,
    /// The last restricted copy, with its filter.
    restricted: Option<(Filter, Rc<Workspace>)>,
}

thread_local! {
    static CACHE: RefCell<Option<Cached>> = const { RefCell::new(None) };
}

/// The current workspace as the stored filter restricts it, from memory when the stored
/// datasets have not changed since it was loaded.
pub async fn workspace(db: &Db, rep: &mut Reporter) -> Result<Rc<Workspace>, JobError> {
    let manifest = current_manifest(db).await?;
    let filter = current_filter(db).await?;
    if peek(&manifest.datasets).is_none() {
        load(db, manifest, rep).await?;
    }
    CACHE.with_borrow_mut(|c| {
        // Filled just above, with no await since; a missing one is a bug, reported as such.
        let Some(c) = c.as_mut() else {
            return Err(JobError::Crashed("the workspace cache was emptied while in use".into()));
        };
        if filter.is_all() {
            return Ok(Rc::clone(&c.workspace));
        }
        match &c.restricted {
            Some((f, ws)) if *f == filter => Ok(Rc::clone(ws)),
            _ => {
                let ws = Rc::new(c.workspace.restrict(&filter));
                c.restricted = Some((filter, Rc::clone(&ws)));
                Ok(ws)
            }
        }
    })
}

async fn load(db: &Db, manifest: Manifest, rep: &mut Reporter) -> Result<(), JobError> {
    forget();
    let total = manifest.datasets.len() as u64;
    let mut ws = Workspace::default();
    // One read ahead: the browser fetches dataset i + 1 while dataset i is decoded.
    let mut next = match manifest.datasets.first() {
        Some(meta) => Some(db.get_started(STORE_DATASETS, &meta.id)?),
        None => None,
    };
    for (i, meta) in manifest.datasets.iter().enumerate() {
        rep.report(Stage::Loading, i as u64, total);
        let Some(pending) = next.take() else { break };
        let bytes = pending.await?.ok_or_else(|| StoreError::Corrupt {
            what: format!("dataset {}", meta.id),
            detail: "listed but missing; reload the page to repair the list".into(),
        })?;
        if let Some(after) = manifest.datasets.get(i + 1) {
            next = Some(db.get_started(STORE_DATASETS, &after.id)?);
        }
        let dataset = store::decode_dataset(&meta.id, &bytes)?;
        drop(bytes);
        ws.add(dataset.data);
    }
    rep.report(Stage::Loading, total, total);
    CACHE.with_borrow_mut(|c| {
        *c = Some(Cached { datasets: manifest.datasets, workspace: Rc::new(ws), restricted: None });
    });
    Ok(())
}

/// Drops the cached data (before a change to the store, to free the memory early).
pub fn forget() {
    CACHE.with_borrow_mut(|c| *c = None);
}

/// The workspace in memory if it is current for `datasets` (no loading).
pub fn peek(datasets: &[DatasetMeta]) -> Option<Rc<Workspace>> {
    CACHE.with_borrow(|c| c.as_ref().filter(|c| c.datasets == datasets).map(|c| Rc::clone(&c.workspace)))
}

/// After an import stored `added` on top of the datasets listed in `before`: when the cache
/// held exactly `before` (or the workspace was empty), the new data is merged in and the cache
/// now stands for `after`, so the next computation need not read the store. Otherwise the cache
/// is dropped and the next computation loads from the store as usual.
pub fn extend(before: &[DatasetMeta], after: &[DatasetMeta], added: Vec<DatasetData>) {
    CACHE.with_borrow_mut(|c| {
        let base = match c.take() {
            Some(cached) if cached.datasets == before => {
                Rc::try_unwrap(cached.workspace).unwrap_or_else(|shared| (*shared).clone())
            }
            _ if before.is_empty() => Workspace::default(),
            _ => return,
        };
        let mut ws = base;
        for data in added {
            ws.add(data);
        }
        *c = Some(Cached { datasets: after.to_vec(), workspace: Rc::new(ws), restricted: None });
    });
}
