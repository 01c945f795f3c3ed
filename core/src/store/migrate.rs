//! Forward migrations of stored JSON documents.
//!
//! Every stored document (manifest, dataset record, settings, backup header) has a top-level
//! `schema` number. A document older than [`super::SCHEMA`] runs through the steps in
//! [`MIGRATIONS`] from its version up; each step edits the JSON in place and is tested with a
//! document of the old shape. Documents without a `schema` field are treated as version 1
//! (the first released format). Additive changes need no step: new fields carry
//! `#[serde(default)]`.

use serde_json::Value;

use super::{SCHEMA, StoreError};

/// One upgrade step, from `from` to `from + 1`.
pub struct Migration {
    pub from: u32,
    pub what: &'static str,
    pub apply: fn(&mut Value) -> Result<(), String>,
}

/// The real upgrade chain. Empty while [`SCHEMA`] is 1: schema 1 is the first released
/// format. Add a step here whenever `SCHEMA` goes up.
pub const MIGRATIONS: &[Migration] = &[];

/// Brings `doc` to [`SCHEMA`] using [`MIGRATIONS`].
pub fn migrate(what: &str, doc: Value) -> Result<Value, StoreError> {
    migrate_with(what, doc, SCHEMA, MIGRATIONS)
}

/// Brings `doc` to `target` using `steps` (separate so the mechanism can be tested with a
/// chain of its own).
pub fn migrate_with(
    what: &str,
    mut doc: Value,
    target: u32,
    steps: &[Migration],
) -> Result<Value, StoreError> {
    let found = match doc.get("schema") {
        None => 1,
        Some(v) => v.as_u64().and_then(|n| u32::try_from(n).ok()).ok_or_else(|| StoreError::Corrupt {
            what: what.into(),
            detail: format!("schema is {v}, not a version number"),
        })?,
    };
    if found > target {
        return Err(StoreError::Newer { what: what.into(), found, supported: target });
    }
    if !doc.is_object() {
        return Err(StoreError::Corrupt { what: what.into(), detail: "not a JSON object".into() });
    }
    for v in found..target {
        let step = steps.iter().find(|s| s.from == v).ok_or_else(|| StoreError::Migration {
            what: what.into(),
            from: v,
            detail: "no upgrade step for this version".into(),
        })?;
        (step.apply)(&mut doc).map_err(|detail| StoreError::Migration {
            what: what.into(),
            from: v,
            detail: format!("{}: {detail}", step.what),
        })?;
        doc["schema"] = Value::from(v + 1);
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rename_source(doc: &mut Value) -> Result<(), String> {
        let obj = doc.as_object_mut().ok_or("not an object")?;
        let src = obj.remove("source").ok_or("no source field")?;
        obj.insert("origin".into(), src);
        Ok(())
    }

    fn split_name(doc: &mut Value) -> Result<(), String> {
        let name = doc["name"].as_str().ok_or("no name")?.to_owned();
        let (a, b) = name.split_once(' ').ok_or("name has no space")?;
        doc["first"] = json!(a);
        doc["last"] = json!(b);
        Ok(())
    }

    const CHAIN: &[Migration] = &[
        Migration { from: 1, what: "rename source to origin", apply: rename_source },
        Migration { from: 2, what: "split name", apply: split_name },
    ];

    #[test]
    fn runs_every_step_from_the_found_version() {
        let doc = json!({"schema": 1, "source": "x", "name": "Li Lei"});
        let out = migrate_with("doc", doc, 3, CHAIN).unwrap();
        assert_eq!(out, json!({"schema": 3, "origin": "x", "name": "Li Lei", "first": "Li", "last": "Lei"}));
    }

    #[test]
    fn a_document_without_schema_is_version_one() {
        let out = migrate_with("doc", json!({"source": 1, "name": "a b"}), 3, CHAIN).unwrap();
        assert_eq!(out["schema"], 3);
        assert_eq!(out["origin"], 1);
    }

    #[test]
    fn current_documents_pass_untouched() {
        let doc = json!({"schema": 3, "anything": [1, 2]});
        assert_eq!(migrate_with("doc", doc.clone(), 3, CHAIN).unwrap(), doc);
    }

    #[test]
    fn newer_documents_are_refused_not_changed() {
        let err = migrate_with("manifest", json!({"schema": 9}), 3, CHAIN).unwrap_err();
        assert_eq!(err, StoreError::Newer { what: "manifest".into(), found: 9, supported: 3 });
    }

    #[test]
    fn a_failing_step_names_itself() {
        let err = migrate_with("doc", json!({"schema": 2, "name": "nospace"}), 3, CHAIN).unwrap_err();
        match err {
            StoreError::Migration { from: 2, detail, .. } => assert!(detail.contains("split name")),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn a_gap_in_the_chain_is_an_error() {
        let err =
            migrate_with("doc", json!({"schema": 1, "source": 0, "name": "a b"}), 4, CHAIN).unwrap_err();
        assert!(matches!(err, StoreError::Migration { from: 3, .. }));
    }

    #[test]
    fn garbage_schema_is_corrupt() {
        let err = migrate_with("doc", json!({"schema": "two"}), 3, CHAIN).unwrap_err();
        assert!(matches!(err, StoreError::Corrupt { .. }));
    }

    #[test]
    fn the_real_chain_covers_every_version_below_schema() {
        let mut froms: Vec<u32> = MIGRATIONS.iter().map(|m| m.from).collect();
        froms.sort_unstable();
        let want: Vec<u32> = (1..).take_while(|v| *v < SCHEMA).collect();
        assert_eq!(froms, want, "one migration per version below SCHEMA");
    }
}
