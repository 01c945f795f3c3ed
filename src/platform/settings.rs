//! Settings in localStorage: read (migrating, or keeping aside what cannot be read) and save
//! (reporting a full or disabled storage instead of swallowing it).

use gloo_storage::{LocalStorage, Storage};
use kefu_core::store::{SETTINGS_KEY, Settings, StoreError};

/// Reads the settings. Unreadable or newer settings are copied aside under
/// `kefu.settings.kept-aside <time>` and defaults are used; the error says why.
pub fn load() -> (Settings, Option<StoreError>) {
    let raw = LocalStorage::raw();
    let text = match raw.get_item(SETTINGS_KEY) {
        Ok(Some(t)) => t,
        _ => return (Settings::default(), None),
    };
    match Settings::decode(&text) {
        Ok(s) => (s, None),
        Err(e) => {
            let aside = format!("{SETTINGS_KEY}.kept-aside {}", super::now_local());
            let _ = raw.set_item(&aside, &text);
            (Settings::default(), Some(e))
        }
    }
}

/// Saves the settings; `Err` carries the browser's reason (quota exceeded, storage disabled).
pub fn save(s: &Settings) -> Result<(), String> {
    LocalStorage::raw().set_item(SETTINGS_KEY, &s.encode()).map_err(|e| super::js_error_text(&e))
}

/// The raw settings text, for backups.
pub fn raw_json(s: &Settings) -> String {
    s.encode()
}

/// Settings keys that were kept aside.
pub fn kept_aside_count() -> usize {
    let raw = LocalStorage::raw();
    let n = raw.length().unwrap_or(0);
    (0..n)
        .filter_map(|i| raw.key(i).ok().flatten())
        .filter(|k| k.starts_with(&format!("{SETTINGS_KEY}.kept-aside")))
        .count()
}

/// Removes every key this app keeps in localStorage (the settings and any kept-aside copies);
/// `Err` carries the browser's reason.
pub fn clear_all() -> Result<(), String> {
    let raw = LocalStorage::raw();
    let n = raw.length().map_err(|e| super::js_error_text(&e))?;
    let ours: Vec<String> = (0..n)
        .filter_map(|i| raw.key(i).ok().flatten())
        .filter(|k| k == SETTINGS_KEY || k.starts_with(&format!("{SETTINGS_KEY}.")))
        .collect();
    for k in ours {
        raw.remove_item(&k).map_err(|e| super::js_error_text(&e))?;
    }
    Ok(())
}
