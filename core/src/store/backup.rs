//! The backup file: one `.zip` holding the whole workspace, readable by any unzip tool.
//!
//! Layout: `kefu-backup.json` (a [`BackupHeader`]), `settings.json`, `manifest.json`,
//! `datasets/<id>.json` (each dataset record exactly as stored) and `work/<area>.json` (each
//! user-work document exactly as stored; absent from backups of builds before user work) and
//! `audit.json` (the audit trail as stored; absent before it existed). Entry times are fixed, so the
//! same workspace always packs to the same entries. Restoring validates every part before the
//! caller writes anything, so a bad file changes nothing.
//!
//! A protected backup is the same zip sealed with a passphrase ([`seal_backup`], `store::seal`);
//! [`unseal_backup`] opens either kind, and refuses a sealed one without its passphrase.

use std::io::{Cursor, Read, Write};

use serde::{Deserialize, Serialize};
use zip::write::SimpleFileOptions;

use super::{
    Manifest, SCHEMA, StoreError, WorkArea, check_work, decode_dataset, decode_manifest, encode_dataset,
    schema_of,
};
use crate::jobs::{Cancelled, JobError, Tick};

/// The `format` value that marks a file as ours.
pub const BACKUP_FORMAT: &str = "kefu-workbench-backup";
const HEADER: &str = "kefu-backup.json";
const SETTINGS: &str = "settings.json";
const MANIFEST: &str = "manifest.json";
const AUDIT: &str = "audit.json";
/// Refuse entries that would inflate beyond this (a hostile or damaged archive).
const MAX_ENTRY_BYTES: u64 = 4 << 30;
const MAX_ENTRIES: usize = 100_000;

/// First entry of a backup: what it is and when it was made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BackupHeader {
    pub format: String,
    pub schema: u32,
    /// Local time the backup was made, `YYYY-MM-DD HH:MM:SS`.
    pub created: String,
    /// Version of the app that wrote it.
    pub app_version: String,
    pub datasets: usize,
}

/// What a valid backup holds, ready to be written to the store.
#[derive(Clone, Debug, PartialEq)]
pub struct RestorePlan {
    pub header: BackupHeader,
    pub manifest: Manifest,
    /// Dataset records to store, `(id, bytes)`, in manifest order.
    pub records: Vec<(String, Vec<u8>)>,
    /// User-work documents to store (validated envelopes), in [`WorkArea::ALL`] order.
    pub work: Vec<(WorkArea, Vec<u8>)>,
    /// The settings JSON to apply (already validated).
    pub settings_json: String,
    /// The audit trail as stored (validated), when the backup has one.
    pub audit: Option<Vec<u8>>,
}

fn work_entry(area: WorkArea) -> String {
    format!("work/{}.json", area.name())
}

fn dataset_entry(id: &str) -> String {
    format!("datasets/{id}.json")
}

/// Packs a backup. `records` yields `(id, stored bytes)` for every dataset in the manifest,
/// `work` the stored user-work documents.
pub fn write_backup<'r>(
    created: &str,
    settings_json: &str,
    manifest: &Manifest,
    records: impl IntoIterator<Item = (&'r str, &'r [u8])>,
    work: &[(WorkArea, Vec<u8>)],
    tick: Tick<'_>,
) -> Result<Vec<u8>, Cancelled> {
    write_full_backup(created, settings_json, manifest, records, work, None, tick)
}

/// [`write_backup`] with the stored audit trail.
pub fn write_full_backup<'r>(
    created: &str,
    settings_json: &str,
    manifest: &Manifest,
    records: impl IntoIterator<Item = (&'r str, &'r [u8])>,
    work: &[(WorkArea, Vec<u8>)],
    audit: Option<&[u8]>,
    tick: Tick<'_>,
) -> Result<Vec<u8>, Cancelled> {
    let opts = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let header = BackupHeader {
        format: BACKUP_FORMAT.into(),
        schema: SCHEMA,
        created: created.into(),
        app_version: env!("CARGO_PKG_VERSION").into(),
        datasets: manifest.datasets.len(),
    };
    let put = |zip: &mut zip::ZipWriter<Cursor<Vec<u8>>>, name: &str, bytes: &[u8]| {
        zip.start_file(name, opts).expect("in-memory zip entry");
        zip.write_all(bytes).expect("in-memory zip write");
    };
    put(&mut zip, HEADER, &serde_json::to_vec_pretty(&header).expect("header serialises"));
    put(&mut zip, SETTINGS, settings_json.as_bytes());
    put(&mut zip, MANIFEST, &super::encode_manifest(manifest));
    let total = manifest.datasets.len() as u64;
    for (i, (id, bytes)) in records.into_iter().enumerate() {
        tick(i as u64, total)?;
        put(&mut zip, &dataset_entry(id), bytes);
    }
    for (area, bytes) in work {
        put(&mut zip, &work_entry(*area), bytes);
    }
    if let Some(audit) = audit {
        put(&mut zip, AUDIT, audit);
    }
    tick(total, total)?;
    Ok(zip.finish().expect("in-memory zip finishes").into_inner())
}

/// Reads and validates a backup completely. Nothing is written; the caller applies the plan.
pub fn read_backup(file: &str, bytes: &[u8], tick: Tick<'_>) -> Result<RestorePlan, JobError> {
    let not_backup = |detail: String| StoreError::NotABackup { file: file.into(), detail };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| not_backup(format!("not a zip archive: {e}")))?;
    if zip.len() > MAX_ENTRIES {
        return Err(not_backup(format!("{} entries", zip.len())).into());
    }
    let mut entry = |name: &str| -> Result<Option<Vec<u8>>, StoreError> {
        let mut f = match zip.by_name(name) {
            Ok(f) => f,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => {
                return Err(StoreError::Corrupt { what: format!("{file}: {name}"), detail: e.to_string() });
            }
        };
        if f.size() > MAX_ENTRY_BYTES {
            return Err(StoreError::Corrupt {
                what: format!("{file}: {name}"),
                detail: "entry too large".into(),
            });
        }
        let mut out = Vec::with_capacity(f.size() as usize);
        f.read_to_end(&mut out)
            .map_err(|e| StoreError::Corrupt { what: format!("{file}: {name}"), detail: e.to_string() })?;
        Ok(Some(out))
    };
    let header_bytes = entry(HEADER)?.ok_or_else(|| not_backup(format!("no {HEADER}")))?;
    let header: BackupHeader =
        serde_json::from_slice(&header_bytes).map_err(|e| not_backup(format!("{HEADER}: {e}")))?;
    if header.format != BACKUP_FORMAT {
        return Err(not_backup(format!("format is {:?}", header.format)).into());
    }
    if header.schema > SCHEMA {
        return Err(StoreError::Newer { what: file.into(), found: header.schema, supported: SCHEMA }.into());
    }
    let missing = |m: &str| StoreError::BackupIncomplete { file: file.into(), missing: m.into() };
    let settings_bytes = entry(SETTINGS)?.ok_or_else(|| missing(SETTINGS))?;
    let settings_json = String::from_utf8(settings_bytes)
        .map_err(|e| StoreError::Corrupt { what: format!("{file}: {SETTINGS}"), detail: e.to_string() })?;
    let settings = super::Settings::decode(&settings_json)?;
    let manifest_bytes = entry(MANIFEST)?.ok_or_else(|| missing(MANIFEST))?;
    let manifest = decode_manifest(&manifest_bytes)?;
    let total = manifest.datasets.len() as u64;
    let mut records = Vec::with_capacity(manifest.datasets.len());
    for (i, meta) in manifest.datasets.iter().enumerate() {
        tick(i as u64, total)?;
        let name = dataset_entry(&meta.id);
        let bytes = entry(&name)?.ok_or_else(|| missing(&name))?;
        let dataset = decode_dataset(&meta.id, &bytes)?;
        if dataset.meta != *meta {
            return Err(StoreError::Corrupt {
                what: format!("{file}: {name}"),
                detail: "does not match the manifest".into(),
            }
            .into());
        }
        if dataset.data.rows() != meta.rows {
            return Err(StoreError::Corrupt {
                what: format!("{file}: {name}"),
                detail: format!("{} rows, manifest says {}", dataset.data.rows(), meta.rows),
            }
            .into());
        }
        // Keep the bytes as they were unless they had to be upgraded: an identical round trip.
        let bytes = if schema_of(&bytes) == Some(SCHEMA) { bytes } else { encode_dataset(&dataset) };
        records.push((meta.id.clone(), bytes));
    }
    let mut work = Vec::new();
    for area in WorkArea::ALL {
        let name = work_entry(area);
        if let Some(bytes) = entry(&name)? {
            check_work(area, &bytes).map_err(|e| match e {
                StoreError::Corrupt { detail, .. } => {
                    StoreError::Corrupt { what: format!("{file}: {name}"), detail }
                }
                other => other,
            })?;
            work.push((area, bytes));
        }
    }
    let audit = entry(AUDIT)?;
    if let Some(bytes) = &audit {
        crate::audit::AuditLog::decode(bytes).map_err(|e| match e {
            StoreError::Corrupt { detail, .. } => {
                StoreError::Corrupt { what: format!("{file}: {AUDIT}"), detail }
            }
            other => other,
        })?;
    }
    Ok(RestorePlan { header, manifest, records, work, settings_json: settings.encode(), audit })
}

/// Seals a packed backup with `passphrase` (`random`: 40 fresh bytes from the platform).
pub fn seal_backup(
    zip: &[u8],
    passphrase: &str,
    random: &[u8; super::SEAL_RANDOM_LEN],
) -> Result<Vec<u8>, StoreError> {
    super::seal(zip, passphrase, random, super::KdfParams::DEFAULT).map_err(StoreError::Seal)
}

/// The zip inside a backup file: a plain backup as it is, a sealed one opened with
/// `passphrase`. A sealed file without a passphrase is [`StoreError::NeedsPassphrase`]; a wrong
/// passphrase or a changed byte is [`StoreError::Seal`]. Nothing is written either way.
pub fn unseal_backup<'b>(
    file: &str,
    bytes: &'b [u8],
    passphrase: Option<&str>,
) -> Result<std::borrow::Cow<'b, [u8]>, StoreError> {
    if !super::is_sealed(bytes) {
        return Ok(std::borrow::Cow::Borrowed(bytes));
    }
    match passphrase.filter(|p| !p.is_empty()) {
        None => Err(StoreError::NeedsPassphrase { file: file.into() }),
        Some(p) => super::open(bytes, p, file).map(std::borrow::Cow::Owned).map_err(StoreError::Seal),
    }
}

/// Packs records that were kept aside (quarantined) into a zip for the user to hand on:
/// `kept-aside/NNN.bin` with the raw bytes, and `kept-aside/index.json` mapping each file to
/// its original key.
pub fn pack_kept_aside(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let opts = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let mut index = Vec::with_capacity(entries.len());
    for (i, (key, bytes)) in entries.iter().enumerate() {
        let name = format!("kept-aside/{:03}.bin", i + 1);
        zip.start_file(name.as_str(), opts).expect("in-memory zip entry");
        zip.write_all(bytes).expect("in-memory zip write");
        index.push(serde_json::json!({ "file": name, "key": key, "bytes": bytes.len() }));
    }
    zip.start_file("kept-aside/index.json", opts).expect("in-memory zip entry");
    zip.write_all(&serde_json::to_vec_pretty(&index).expect("index serialises"))
        .expect("in-memory zip write");
    zip.finish().expect("in-memory zip finishes").into_inner()
}
