//! The workspace as it is stored: schema version, migrations, the open/restore decisions and
//! the backup file format.
//!
//! This module is sans-I/O. The browser's platform layer reads and writes the raw records
//! (IndexedDB object stores [`STORE_META`] — the manifest and the user-work documents of
//! [`WorkArea`] — [`STORE_DATASETS`], [`STORE_QUARANTINE`]; settings
//! in localStorage under [`SETTINGS_KEY`]) and asks this module what they mean and what to
//! write back. Every stored JSON document carries a `schema` number; older ones are migrated
//! forward through [`migrate`], newer or unreadable ones are reported and *kept aside* in the
//! quarantine store, never dropped.

mod backup;
mod error;
mod migrate;
mod seal;
mod settings;
mod usage;
mod work;

pub use backup::{
    BACKUP_FORMAT, BackupHeader, RestorePlan, pack_kept_aside, read_backup, seal_backup, unseal_backup,
    write_backup, write_full_backup,
};
pub use error::StoreError;
pub use migrate::{MIGRATIONS, Migration, migrate};
pub use seal::{KdfParams, SEAL_MAGIC, SEAL_RANDOM_LEN, SEAL_VERSION, SealError, is_sealed, open, seal};
pub use settings::Settings;
pub use usage::{StoredItem, StoredKind, stored_item};
pub use work::{WORK_PREFIX, WorkArea, check_work, decode_work, encode_work};

use serde::{Deserialize, Serialize};

use crate::Lang;
use crate::lang::Localize;
use crate::model::{Dataset, DatasetMeta};

/// The schema version this build writes. Bump it together with a [`Migration`].
pub const SCHEMA: u32 = 1;

/// IndexedDB database name and version (the version only changes when object stores change).
pub const DB_NAME: &str = "kefu-workbench";
pub const DB_VERSION: u32 = 1;
/// Object store holding the manifest under [`MANIFEST_KEY`].
pub const STORE_META: &str = "meta";
pub const MANIFEST_KEY: &str = "manifest";
/// Key (in the meta store) of the shop/team filter, JSON `model::Filter`.
pub const FILTER_KEY: &str = "filter";
/// Object store holding one record per dataset, keyed by dataset id.
pub const STORE_DATASETS: &str = "datasets";
/// Object store holding records that could not be read, keyed `<time> <original key>`.
pub const STORE_QUARANTINE: &str = "quarantine";
/// localStorage key of the settings.
pub const SETTINGS_KEY: &str = "kefu.settings";

/// The small index of the workspace: which datasets exist.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub schema: u32,
    /// Next number for a dataset id (`ds-N`).
    pub next_id: u64,
    pub datasets: Vec<DatasetMeta>,
}

impl Manifest {
    pub fn empty() -> Manifest {
        Manifest { schema: SCHEMA, next_id: 1, datasets: Vec::new() }
    }

    pub fn is_empty(&self) -> bool {
        self.datasets.is_empty()
    }

    pub fn total_rows(&self) -> u64 {
        self.datasets.iter().map(|d| d.rows).sum()
    }
}

/// The stored form of a dataset: the dataset plus the schema it was written with.
#[derive(Serialize, Deserialize)]
struct StoredDataset<D> {
    schema: u32,
    #[serde(flatten)]
    dataset: D,
}

/// Encodes the manifest for storage.
pub fn encode_manifest(m: &Manifest) -> Vec<u8> {
    serde_json::to_vec(m).expect("manifest serialises")
}

/// Reads a stored manifest, migrating it forward when it is older.
pub fn decode_manifest(bytes: &[u8]) -> Result<Manifest, StoreError> {
    let what = "manifest";
    let value = parse_json(what, bytes)?;
    let value = migrate(what, value)?;
    let mut m: Manifest = serde_json::from_value(value)
        .map_err(|e| StoreError::Corrupt { what: what.into(), detail: e.to_string() })?;
    m.schema = SCHEMA;
    Ok(m)
}

/// Encodes a dataset for storage.
pub fn encode_dataset(d: &Dataset) -> Vec<u8> {
    serde_json::to_vec(&StoredDataset { schema: SCHEMA, dataset: d }).expect("dataset serialises")
}

/// Reads a stored dataset, migrating it forward when it is older.
pub fn decode_dataset(key: &str, bytes: &[u8]) -> Result<Dataset, StoreError> {
    let what = format!("dataset {key}");
    let dataset = if schema_of(bytes) == Some(SCHEMA) {
        // The common case, straight from the bytes: no `Value` tree and no `flatten` buffering
        // (both cost about ten times the parse itself on a month of chats). `Dataset` ignores
        // the extra `schema` field.
        serde_json::from_slice::<Dataset>(bytes)
            .map_err(|e| StoreError::Corrupt { what: what.clone(), detail: e.to_string() })?
    } else {
        let value = parse_json(&what, bytes)?;
        let value = migrate(&what, value)?;
        let stored: StoredDataset<Dataset> = serde_json::from_value(value)
            .map_err(|e| StoreError::Corrupt { what: what.clone(), detail: e.to_string() })?;
        stored.dataset
    };
    if dataset.meta.id != key {
        return Err(StoreError::Corrupt {
            what,
            detail: format!("record holds dataset {}", dataset.meta.id),
        });
    }
    Ok(dataset)
}

fn parse_json(what: &str, bytes: &[u8]) -> Result<serde_json::Value, StoreError> {
    serde_json::from_slice(bytes)
        .map_err(|e| StoreError::Corrupt { what: what.into(), detail: e.to_string() })
}

/// Something the user should be told after opening the store.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum OpenNotice {
    /// A record could not be used and was moved to the quarantine store.
    KeptAside { key: String, error: StoreError },
    /// Stored data was upgraded from an older version.
    Migrated { from: u32, to: u32 },
    /// The manifest listed a dataset whose record is missing; it was taken off the list.
    Missing { id: String, label: String },
}

impl Localize for OpenNotice {
    fn localize(&self, lang: Lang) -> String {
        match self {
            OpenNotice::KeptAside { key, error } => match lang {
                Lang::Zh => format!(
                    "存储中的“{key}”无法读取，已原样另存（未删除）：{} 可在“设置”中把另存的数据导出为文件。",
                    error.localize(lang)
                ),
                Lang::En => format!(
                    "The stored record “{key}” could not be read and was kept aside unchanged (nothing was deleted): {} You can export what was kept aside from Settings.",
                    error.localize(lang)
                ),
            },
            OpenNotice::Migrated { from, to } => match lang {
                Lang::Zh => format!("已将保存的数据从第 {from} 版格式升级到第 {to} 版。"),
                Lang::En => format!("Saved data was upgraded from format version {from} to {to}."),
            },
            OpenNotice::Missing { id, label } => match lang {
                Lang::Zh => format!(
                    "数据集“{label}”（{id}）的内容在浏览器存储中找不到，已从列表移除。如有备份，可在“设置”中恢复。"
                ),
                Lang::En => format!(
                    "The rows of dataset “{label}” ({id}) are missing from browser storage; it was removed from the list. Restore a backup from Settings if you have one."
                ),
            },
        }
    }
}

/// What to do after reading the stored manifest and listing the dataset keys.
#[derive(Clone, Debug, PartialEq)]
pub struct OpenPlan {
    /// The workspace to run with.
    pub manifest: Manifest,
    /// Whether the manifest must be written back (migrated, repaired or new).
    pub write_manifest: bool,
    /// Records to move to the quarantine store: `(store, key)`.
    pub quarantine: Vec<(String, String)>,
    pub notices: Vec<OpenNotice>,
}

/// Decides how to open a workspace from its stored manifest (if any) and the keys present in
/// the dataset store. Never loses data: anything unreadable is listed for quarantine.
pub fn plan_open(raw_manifest: Option<&[u8]>, dataset_keys: &[String]) -> OpenPlan {
    let mut notices = Vec::new();
    let mut quarantine = Vec::new();
    let mut write_manifest = false;
    let manifest = match raw_manifest {
        None => {
            // A fresh browser, or a store emptied by the user. Keys without a manifest are
            // unexplained: keep them aside rather than guess.
            for k in dataset_keys {
                quarantine.push((STORE_DATASETS.to_owned(), k.clone()));
                notices.push(OpenNotice::KeptAside {
                    key: k.clone(),
                    error: StoreError::Corrupt {
                        what: format!("dataset {k}"),
                        detail: "not listed in any manifest".into(),
                    },
                });
            }
            write_manifest = true;
            Manifest::empty()
        }
        Some(bytes) => {
            let found = schema_of(bytes);
            match decode_manifest(bytes) {
                Ok(mut m) => {
                    if let Some(from) = found.filter(|&f| f < SCHEMA) {
                        notices.push(OpenNotice::Migrated { from, to: SCHEMA });
                        write_manifest = true;
                    }
                    // Listed but missing.
                    let before = m.datasets.len();
                    m.datasets.retain(|d| {
                        let present = dataset_keys.iter().any(|k| k == &d.id);
                        if !present {
                            notices.push(OpenNotice::Missing { id: d.id.clone(), label: d.label.clone() });
                        }
                        present
                    });
                    write_manifest |= m.datasets.len() != before;
                    // Present but not listed.
                    for k in dataset_keys {
                        if !m.datasets.iter().any(|d| &d.id == k) {
                            quarantine.push((STORE_DATASETS.to_owned(), k.clone()));
                            notices.push(OpenNotice::KeptAside {
                                key: k.clone(),
                                error: StoreError::Corrupt {
                                    what: format!("dataset {k}"),
                                    detail: "not listed in the manifest".into(),
                                },
                            });
                        }
                    }
                    m
                }
                Err(error) => {
                    // The whole workspace is unreadable (newer build or damage): keep all of
                    // it aside and start empty.
                    quarantine.push((STORE_META.to_owned(), MANIFEST_KEY.to_owned()));
                    notices.push(OpenNotice::KeptAside { key: MANIFEST_KEY.to_owned(), error });
                    for k in dataset_keys {
                        quarantine.push((STORE_DATASETS.to_owned(), k.clone()));
                    }
                    write_manifest = true;
                    Manifest::empty()
                }
            }
        }
    };
    OpenPlan { manifest, write_manifest, quarantine, notices }
}

/// The `schema` number of a stored JSON document, if it has one.
pub fn schema_of(bytes: &[u8]) -> Option<u32> {
    #[derive(Deserialize)]
    struct Peek {
        schema: Option<u32>,
    }
    serde_json::from_slice::<Peek>(bytes).ok()?.schema
}

/// The key under which a record is kept aside: `<now> <store>/<key>`, so repeated quarantines
/// never overwrite each other.
pub fn quarantine_key(now: &str, store: &str, key: &str) -> String {
    format!("{now} {store}/{key}")
}

/// Replaces the workspace with `datasets` (ids are reassigned in order) and returns the new
/// manifest and the records to write. Used by the demo loader and, later, by imports.
pub fn replace_all(mut datasets: Vec<Dataset>) -> (Manifest, Vec<(String, Vec<u8>)>) {
    append(&Manifest::empty(), &mut datasets)
}

/// Adds `datasets` to the workspace described by `manifest`: each gets the next id (written
/// into `datasets`, which the caller keeps, e.g. to hold them in memory). Returns the new
/// manifest and the records to write (in one transaction, with the manifest).
pub fn append(manifest: &Manifest, datasets: &mut [Dataset]) -> (Manifest, Vec<(String, Vec<u8>)>) {
    let mut m = manifest.clone();
    let mut records = Vec::with_capacity(datasets.len());
    for d in datasets {
        d.meta.id = format!("ds-{}", m.next_id);
        m.next_id += 1;
        records.push((d.meta.id.clone(), encode_dataset(d)));
        m.datasets.push(d.meta.clone());
    }
    (m, records)
}

#[cfg(test)]
mod tests;
