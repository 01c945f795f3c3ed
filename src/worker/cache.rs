//! The workspace's datasets held in the worker's memory for computations (QA, KPI, roster):
//! loaded from IndexedDB on first use, merged per kind (`model::Workspace`), and kept until the
//! stored manifest says the datasets changed. The worker is the only writer of the store, so
//! comparing manifests is enough to know the cache is current.

use std::cell::RefCell;
use std::rc::Rc;

use kefu_core::jobs::{JobError, Stage};
use kefu_core::model::{DatasetMeta, Workspace};
use kefu_core::store::{self, STORE_DATASETS, StoreError};

use super::{Reporter, current_manifest};
use crate::platform::idb::Db;

struct Cached {
    /// The manifest's dataset list the data was loaded for.
    datasets: Vec<DatasetMeta>,
    workspace: Rc<Workspace>,
}

thread_local! {
    static CACHE: RefCell<Option<Cached>> = const { RefCell::new(None) };
}

/// The current workspace, from memory when the stored datasets have not changed since it was
/// loaded.
pub async fn workspace(db: &Db, rep: &mut Reporter) -> Result<Rc<Workspace>, JobError> {
    let manifest = current_manifest(db).await?;
    let hit = CACHE.with_borrow(|c| {
        c.as_ref().filter(|c| c.datasets == manifest.datasets).map(|c| Rc::clone(&c.workspace))
    });
    if let Some(ws) = hit {
        return Ok(ws);
    }
    forget();
    let total = manifest.datasets.len() as u64;
    let mut ws = Workspace::default();
    for (i, meta) in manifest.datasets.iter().enumerate() {
        rep.report(Stage::Loading, i as u64, total);
        let bytes = db.get(STORE_DATASETS, &meta.id).await?.ok_or_else(|| StoreError::Corrupt {
            what: format!("dataset {}", meta.id),
            detail: "listed but missing; reload the page to repair the list".into(),
        })?;
        let dataset = store::decode_dataset(&meta.id, &bytes)?;
        drop(bytes);
        ws.add(dataset.data);
    }
    rep.report(Stage::Loading, total, total);
    let ws = Rc::new(ws);
    CACHE.with_borrow_mut(|c| {
        *c = Some(Cached { datasets: manifest.datasets, workspace: Rc::clone(&ws) });
    });
    Ok(ws)
}

/// Drops the cached data (before a change to the store, to free the memory early).
pub fn forget() {
    CACHE.with_borrow_mut(|c| *c = None);
}
