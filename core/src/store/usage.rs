//! What the browser's database holds, record by record, for the storage view: each dataset,
//! user-work document, the audit log, the manifest and kept-aside records, with how many
//! entries and how many bytes. Sans-I/O: the worker lists the records and passes their bytes.

use serde::{Deserialize, Serialize};

use super::{MANIFEST_KEY, Manifest, STORE_DATASETS, STORE_META, STORE_QUARANTINE, WorkArea};
use crate::Lang;
use crate::model::DatasetKind;

/// What kind of record it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredKind {
    Manifest,
    Dataset(DatasetKind),
    Work(WorkArea),
    Audit,
    KeptAside,
    /// A record this build does not know (left alone).
    Other,
}

/// One stored record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredItem {
    /// Object store and key.
    pub store: String,
    pub key: String,
    pub kind: StoredKind,
    /// The dataset's own name (datasets only).
    #[serde(default)]
    pub name: String,
    /// Rows (datasets), entries (audit log, work documents' lists), 1 otherwise.
    pub count: u64,
    pub bytes: u64,
}

impl StoredItem {
    /// What the record is, in words.
    pub fn label(&self, lang: Lang) -> String {
        match self.kind {
            StoredKind::Manifest => lang.pick("数据集清单", "List of datasets").into(),
            StoredKind::Dataset(k) if self.name.is_empty() => k.label(lang).into(),
            // The demo's names already say the kind (`示例 · 订单报表`); a file name does not.
            StoredKind::Dataset(k) if self.name.contains(k.label(lang)) => self.name.clone(),
            StoredKind::Dataset(k) => format!("{} · {}", k.label(lang), self.name),
            StoredKind::Work(a) => a.label(lang).into(),
            StoredKind::Audit => lang.pick("操作日志", "Audit trail").into(),
            StoredKind::KeptAside => {
                format!("{} {}", lang.pick("另存（无法读取）的记录", "Kept-aside record"), self.key)
            }
            StoredKind::Other => format!("{}/{}", self.store, self.key),
        }
    }

    /// The unit of `count`.
    pub fn unit(&self, lang: Lang) -> &'static str {
        match self.kind {
            StoredKind::Dataset(DatasetKind::Chats) => lang.pick("条消息", "messages"),
            StoredKind::Dataset(_) => lang.pick("行", "rows"),
            StoredKind::Audit => lang.pick("条记录", "entries"),
            StoredKind::Work(_) => lang.pick("项", "items"),
            StoredKind::Manifest => lang.pick("个数据集", "datasets"),
            StoredKind::KeptAside | StoredKind::Other => lang.pick("条", "records"),
        }
    }
}

/// Describes one stored record from its store, key and bytes; `manifest` names datasets.
pub fn stored_item(store: &str, key: &str, bytes: &[u8], manifest: &Manifest) -> StoredItem {
    let mut item = StoredItem {
        store: store.into(),
        key: key.into(),
        kind: StoredKind::Other,
        name: String::new(),
        count: 1,
        bytes: bytes.len() as u64,
    };
    match store {
        STORE_DATASETS => {
            if let Some(meta) = manifest.datasets.iter().find(|d| d.id == key) {
                item.kind = StoredKind::Dataset(meta.kind);
                item.name = meta.label.clone();
                item.count = meta.rows;
            }
        }
        STORE_QUARANTINE => item.kind = StoredKind::KeptAside,
        STORE_META if key == MANIFEST_KEY => {
            item.kind = StoredKind::Manifest;
            item.count = manifest.datasets.len() as u64;
        }
        STORE_META if key == crate::audit::AUDIT_KEY => {
            item.kind = StoredKind::Audit;
            item.count = crate::audit::AuditLog::decode(bytes).map_or(0, |l| l.entries.len() as u64);
        }
        STORE_META => {
            if let Some(area) = WorkArea::from_key(key) {
                item.kind = StoredKind::Work(area);
                item.count =
                    super::decode_work::<serde_json::Value>(area, bytes).map_or(0, |body| list_items(&body));
            }
        }
        _ => {}
    }
    item
}

/// Entries of the lists in a work document's body, two levels deep (reviews, templates,
/// library scripts, complaints…).
fn list_items(body: &serde_json::Value) -> u64 {
    use serde_json::Value;
    let Value::Object(o) = body else { return 0 };
    o.values()
        .map(|v| match v {
            Value::Array(a) => a.len() as u64,
            Value::Object(inner) => inner.values().filter_map(Value::as_array).map(|a| a.len() as u64).sum(),
            _ => 0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{encode_manifest, encode_work, replace_all};

    #[test]
    fn records_are_named_and_counted() {
        let ws = crate::demo::generate(
            &crate::demo::DemoConfig { agents: 12, days: 2, ..Default::default() },
            &mut crate::jobs::no_tick(),
        )
        .unwrap();
        let (m, records) = replace_all(ws.into_datasets("2026-11-22 10:00:00", true));
        let (id, bytes) = &records[0];
        let item = stored_item(STORE_DATASETS, id, bytes, &m);
        assert!(matches!(item.kind, StoredKind::Dataset(_)));
        let label = item.label(Lang::Zh);
        assert!(label.contains(&m.datasets[0].label), "{label}");
        let named = StoredItem {
            name: "订单-2026-11.csv".into(),
            kind: StoredKind::Dataset(DatasetKind::Orders),
            ..item.clone()
        };
        assert_eq!(
            named.label(Lang::Zh),
            format!("{} · 订单-2026-11.csv", DatasetKind::Orders.label(Lang::Zh))
        );
        assert_eq!(item.count, m.datasets[0].rows);
        assert_eq!(item.bytes, bytes.len() as u64);
        let man = stored_item(STORE_META, MANIFEST_KEY, &encode_manifest(&m), &m);
        assert_eq!((man.kind, man.count), (StoredKind::Manifest, m.datasets.len() as u64));
        let body = serde_json::json!({"reviews": [1, 2, 3], "config": {"rules": [1]}, "reviewer": "x"});
        let work = stored_item(STORE_META, &WorkArea::Qa.key(), &encode_work(WorkArea::Qa, &body), &m);
        assert_eq!((work.kind, work.count), (StoredKind::Work(WorkArea::Qa), 4));
        let log = crate::audit::AuditLog { entries: vec![Default::default(); 2] };
        let audit = stored_item(STORE_META, crate::audit::AUDIT_KEY, &log.encode(), &m);
        assert_eq!((audit.kind, audit.count), (StoredKind::Audit, 2));
        assert!(audit.label(Lang::Zh).contains("操作日志"));
        let odd = stored_item(STORE_QUARANTINE, "2026 meta/x", b"??", &m);
        assert_eq!(odd.kind, StoredKind::KeptAside);
    }
}
