//! User work: what the supervisor makes in the app, as opposed to imported datasets — QA
//! reviews and disputes, the scorecards and rules in use, appraisal comments, rosters,
//! training plans and registers.
//!
//! Each area keeps one document in the `meta` object store under `work/<area>` (one IndexedDB
//! record per area, so saving a review rewrites only the QA document). A document is an
//! envelope `{schema, area, body}`: the store versions and migrates the envelope like every
//! other stored document, and the body's type belongs to the area's module (`qa`, `kpi`…),
//! which adds fields with `#[serde(default)]`. An unreadable or newer document is never
//! dropped: [`decode_work`] says why, and the caller keeps it aside and reports it.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::{SCHEMA, StoreError, migrate, parse_json};
use crate::Lang;

/// Prefix of the keys of work documents in the `meta` store.
pub const WORK_PREFIX: &str = "work/";

/// The parts of the app that keep user work.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WorkArea {
    Qa,
    Kpi,
    Roster,
    Training,
    Registers,
}

impl WorkArea {
    pub const ALL: [WorkArea; 5] =
        [WorkArea::Qa, WorkArea::Kpi, WorkArea::Roster, WorkArea::Training, WorkArea::Registers];

    /// Short stable name: `qa`, `kpi`, `roster`, `training`, `registers`.
    pub fn name(self) -> &'static str {
        match self {
            WorkArea::Qa => "qa",
            WorkArea::Kpi => "kpi",
            WorkArea::Roster => "roster",
            WorkArea::Training => "training",
            WorkArea::Registers => "registers",
        }
    }

    /// The key of this area's document in the `meta` store.
    pub fn key(self) -> String {
        format!("{WORK_PREFIX}{}", self.name())
    }

    /// The area a `meta` key belongs to, if it is a work document key.
    pub fn from_key(key: &str) -> Option<WorkArea> {
        let name = key.strip_prefix(WORK_PREFIX)?;
        WorkArea::ALL.into_iter().find(|a| a.name() == name)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            WorkArea::Qa => lang.pick("质检（评分卡、复核、申诉）", "QA (scorecards, reviews, disputes)"),
            WorkArea::Kpi => lang.pick("绩效（考核模板、评语）", "KPI (appraisal templates, comments)"),
            WorkArea::Roster => lang.pick("排班", "Rosters"),
            WorkArea::Training => lang.pick("培训与话术库", "Training and scripts"),
            WorkArea::Registers => lang.pick("登记簿（投诉、奖惩）", "Registers (complaints, rewards)"),
        }
    }
}

#[derive(Serialize, Deserialize)]
struct Envelope<B> {
    schema: u32,
    area: WorkArea,
    body: B,
}

/// Encodes an area's document for storage.
pub fn encode_work<B: Serialize>(area: WorkArea, body: &B) -> Vec<u8> {
    serde_json::to_vec(&Envelope { schema: SCHEMA, area, body }).expect("work document serialises")
}

/// Reads an area's stored document, migrating it forward when it is older. A document of
/// another area, a newer schema or a body that does not fit `B` is an error (the caller keeps
/// the record aside).
pub fn decode_work<B: DeserializeOwned>(area: WorkArea, bytes: &[u8]) -> Result<B, StoreError> {
    let what = format!("work document {}", area.name());
    let value = parse_json(&what, bytes)?;
    let value = migrate(&what, value)?;
    let env: Envelope<B> = serde_json::from_value(value)
        .map_err(|e| StoreError::Corrupt { what: what.clone(), detail: e.to_string() })?;
    if env.area != area {
        return Err(StoreError::Corrupt { what, detail: format!("record holds {}", env.area.name()) });
    }
    Ok(env.body)
}

/// Checks a stored work document without knowing its body type (restore, open): the envelope
/// must parse, be of `area` and not be newer than this build.
pub fn check_work(area: WorkArea, bytes: &[u8]) -> Result<(), StoreError> {
    decode_work::<serde_json::Value>(area, bytes).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    struct Body {
        reviews: Vec<String>,
        added_later: u32,
    }

    #[test]
    fn round_trip_and_keys() {
        let body = Body { reviews: vec!["r1".into()], added_later: 3 };
        let bytes = encode_work(WorkArea::Qa, &body);
        assert_eq!(decode_work::<Body>(WorkArea::Qa, &bytes).unwrap(), body);
        check_work(WorkArea::Qa, &bytes).unwrap();
        for a in WorkArea::ALL {
            assert_eq!(WorkArea::from_key(&a.key()), Some(a));
        }
        assert_eq!(WorkArea::from_key("manifest"), None);
        assert_eq!(WorkArea::from_key("work/other"), None);
    }

    #[test]
    fn older_fields_default_and_wrong_documents_are_refused() {
        // A body written before `added_later` existed.
        let old = br#"{"schema":1,"area":"qa","body":{"reviews":["a"]}}"#;
        assert_eq!(
            decode_work::<Body>(WorkArea::Qa, old).unwrap(),
            Body { reviews: vec!["a".into()], added_later: 0 }
        );
        let newer = br#"{"schema":999,"area":"qa","body":{}}"#;
        assert!(matches!(
            decode_work::<Body>(WorkArea::Qa, newer),
            Err(StoreError::Newer { found: 999, .. })
        ));
        let other = encode_work(WorkArea::Kpi, &Body::default());
        assert!(matches!(decode_work::<Body>(WorkArea::Qa, &other), Err(StoreError::Corrupt { .. })));
        assert!(matches!(check_work(WorkArea::Qa, b"{not json"), Err(StoreError::Corrupt { .. })));
        let wrong_shape = br#"{"schema":1,"area":"qa","body":{"reviews":7}}"#;
        assert!(matches!(decode_work::<Body>(WorkArea::Qa, wrong_shape), Err(StoreError::Corrupt { .. })));
    }
}
