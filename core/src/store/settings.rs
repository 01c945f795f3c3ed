//! User settings kept in localStorage (small, per browser): language and preferences.

use serde::{Deserialize, Serialize};

use super::{SCHEMA, StoreError, migrate};
use crate::Lang;

/// Settings. Every field has a default so older settings read cleanly.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    #[serde(default = "schema")]
    pub schema: u32,
    /// Interface language.
    #[serde(default)]
    pub lang: Lang,
    /// Mask personal data in prints and exports (on by default).
    #[serde(default = "yes")]
    pub mask_prints: bool,
    /// Column mappings the user made by hand, newest first, tried again when a file with the
    /// same header comes in.
    #[serde(default)]
    pub mappings: Vec<crate::import::Mapping>,
}

/// How many hand-made mappings are remembered.
pub const MAX_REMEMBERED_MAPPINGS: usize = 50;

fn schema() -> u32 {
    SCHEMA
}

fn yes() -> bool {
    true
}

impl Default for Settings {
    fn default() -> Self {
        Settings { schema: SCHEMA, lang: Lang::default(), mask_prints: true, mappings: Vec::new() }
    }
}

impl Settings {
    /// Remembers a hand-made mapping (replacing one for the same header and layout).
    pub fn remember(&mut self, m: crate::import::Mapping) {
        self.mappings.retain(|x| !(x.fingerprint == m.fingerprint && x.layout == m.layout));
        self.mappings.insert(0, m);
        self.mappings.truncate(MAX_REMEMBERED_MAPPINGS);
    }

    pub fn encode(&self) -> String {
        serde_json::to_string(self).expect("settings serialise")
    }

    /// Reads stored settings, migrating them forward.
    pub fn decode(text: &str) -> Result<Settings, StoreError> {
        let what = "settings";
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| StoreError::Corrupt { what: what.into(), detail: e.to_string() })?;
        let value = migrate(what, value)?;
        let mut s: Settings = serde_json::from_value(value)
            .map_err(|e| StoreError::Corrupt { what: what.into(), detail: e.to_string() })?;
        s.schema = SCHEMA;
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_default_missing_fields() {
        let s = Settings { lang: Lang::En, ..Settings::default() };
        assert_eq!(Settings::decode(&s.encode()).unwrap(), s);
        let old = Settings::decode(r#"{"lang":"en"}"#).unwrap();
        assert_eq!(old.lang, Lang::En);
        assert!(old.mask_prints);
    }

    #[test]
    fn newer_settings_are_refused() {
        let err = Settings::decode(r#"{"schema":99,"lang":"en"}"#).unwrap_err();
        assert!(matches!(err, StoreError::Newer { found: 99, .. }));
    }
}
