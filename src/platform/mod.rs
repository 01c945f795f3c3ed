//! The platform layer: the ONLY code in the app that touches the browser (web-sys, js-sys,
//! gloo, IndexedDB, localStorage, the Web Worker, downloads, printing).
//!
//! Everything above it (components, pages, the worker's job runner) calls these functions and
//! sees plain Rust data. Keep it small: no domain logic here, only plumbing.

pub mod dom;
pub mod idb;
pub mod random;
pub mod settings;
pub mod worker_client;
pub mod worker_scope;

/// The local wall-clock time now, `YYYY-MM-DD HH:MM:SS` (works on the page and in workers).
pub fn now_local() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds()
    )
}

/// The UTC time now as `YYYYMMDDTHHMMSSZ` (iCalendar's DTSTAMP).
pub fn now_utc_stamp() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        d.get_utc_full_year(),
        d.get_utc_month() + 1,
        d.get_utc_date(),
        d.get_utc_hours(),
        d.get_utc_minutes(),
        d.get_utc_seconds()
    )
}

/// `N` cryptographically random bytes from the browser's `crypto.getRandomValues` (page or
/// worker): the salt and nonce of a passphrase-protected file.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], String> {
    use wasm_bindgen::JsCast;
    let crypto = js_sys::Reflect::get(&js_sys::global(), &"crypto".into()).map_err(|e| js_error_text(&e))?;
    let get: js_sys::Function = js_sys::Reflect::get(&crypto, &"getRandomValues".into())
        .map_err(|e| js_error_text(&e))?
        .dyn_into()
        .map_err(|_| "crypto.getRandomValues is not available".to_owned())?;
    let arr = js_sys::Uint8Array::new_with_length(N as u32);
    get.call1(&crypto, &arr).map_err(|e| js_error_text(&e))?;
    let mut out = [0u8; N];
    arr.copy_to(&mut out);
    if out.iter().all(|&b| b == 0) {
        return Err("the browser returned no random bytes".into());
    }
    Ok(out)
}

/// Milliseconds since an arbitrary origin, for throttling progress reports.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A short text for a JS error value (an exception, a DOMException, anything).
pub fn js_error_text(v: &wasm_bindgen::JsValue) -> String {
    use wasm_bindgen::JsCast;
    if let Some(e) = v.dyn_ref::<js_sys::Error>() {
        return format!("{}: {}", String::from(e.name()), String::from(e.message()));
    }
    if let Some(s) = v.as_string() {
        return s;
    }
    format!("{v:?}")
}
