//! The page: window events (drag and drop anywhere, hash navigation), downloads, printing,
//! confirmation dialogs, document language, and the storage quota.

use gloo_events::{EventListener, EventListenerOptions};
use js_sys::Uint8Array;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, File, HtmlInputElement};

/// Bytes of a file made in the worker, kept on the JS side until downloaded.
pub struct FileBytes(pub(crate) Uint8Array);

impl FileBytes {
    pub fn len(&self) -> u32 {
        self.0.length()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes made on the page (a CSV written by the core), ready to download.
    pub fn from_bytes(bytes: &[u8]) -> FileBytes {
        FileBytes(Uint8Array::from(bytes))
    }
}

/// Name, size and type of a file the user gave us.
#[derive(Clone, Debug, PartialEq)]
pub struct FileInfo {
    pub name: String,
    pub size: f64,
    pub mime: String,
}

/// A file the user dropped or picked, as a handle: its bytes stay in the browser until a
/// worker job reads them.
#[derive(Clone, Debug)]
pub struct PickedFile(File);

impl PickedFile {
    pub fn name(&self) -> String {
        self.0.name()
    }

    pub fn info(&self) -> FileInfo {
        FileInfo { name: self.0.name(), size: self.0.size(), mime: self.0.type_() }
    }

    pub(crate) fn into_js(self) -> wasm_bindgen::JsValue {
        self.0.into()
    }
}

fn window() -> web_sys::Window {
    web_sys::window().expect("the app runs in a window")
}

fn files_of(list: Option<web_sys::FileList>) -> Vec<PickedFile> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).map(PickedFile).collect()
}

fn has_files(ev: &DragEvent) -> bool {
    ev.data_transfer()
        .map(|dt| dt.types().iter().any(|t| t.as_string().as_deref() == Some("Files")))
        .unwrap_or(false)
}

/// Starts dragging something of the page (not files): marks the drag as a move and puts an
/// empty text in it, which Firefox needs to start an HTML5 drag at all. What is dragged stays
/// in the page's own state.
pub fn start_move_drag(ev: &DragEvent) {
    if let Some(dt) = ev.data_transfer() {
        dt.set_effect_allowed("move");
        let _ = dt.set_data("text/plain", "");
    }
}

/// Listens for files dragged over and dropped anywhere on the window. `on_hover(true)` while
/// files are over the window, `on_drop` with the files. The listeners live for the page.
pub fn listen_for_dropped_files(
    on_hover: impl Fn(bool) + 'static,
    on_drop: impl Fn(Vec<PickedFile>) + 'static,
) {
    let w = window();
    let opts = EventListenerOptions::enable_prevent_default();
    let on_hover = std::rc::Rc::new(on_hover);
    let h = on_hover.clone();
    EventListener::new_with_options(&w, "dragover", opts, move |ev| {
        let ev: &DragEvent = ev.unchecked_ref();
        if has_files(ev) {
            ev.prevent_default();
            h(true);
        }
    })
    .forget();
    let h = on_hover.clone();
    EventListener::new_with_options(&w, "dragleave", opts, move |ev| {
        let ev: &DragEvent = ev.unchecked_ref();
        // Leaving the window (not moving between children) has no related target.
        if ev.related_target().is_none() {
            h(false);
        }
    })
    .forget();
    let h = on_hover;
    EventListener::new_with_options(&w, "drop", opts, move |ev| {
        let ev: &DragEvent = ev.unchecked_ref();
        ev.prevent_default();
        h(false);
        let files = files_of(ev.data_transfer().and_then(|dt| dt.files()));
        if !files.is_empty() {
            on_drop(files);
        }
    })
    .forget();
}

/// The files chosen in an `<input type=file>` whose `change` event this is; the input is
/// reset so choosing the same file again fires again.
pub fn files_from_input(ev: &web_sys::Event) -> Vec<PickedFile> {
    let Some(input) = ev.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else {
        return Vec::new();
    };
    let files = files_of(input.files());
    input.set_value("");
    files
}

/// Opens the file chooser of the `<input type=file>` with this id.
pub fn open_file_chooser(id: &str) {
    if let Some(input) = window()
        .document()
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        input.click();
    }
}

/// The location hash without `#`, e.g. `/settings`.
pub fn hash() -> String {
    window().location().hash().unwrap_or_default().trim_start_matches('#').to_owned()
}

pub fn set_hash(h: &str) {
    let _ = window().location().set_hash(h);
}

/// Calls `f` whenever the location hash changes.
pub fn on_hash_change(f: impl Fn(String) + 'static) {
    EventListener::new(&window(), "hashchange", move |_| f(hash())).forget();
}

/// Offers bytes as a file download.
pub fn download(bytes: &FileBytes, name: &str, mime: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&bytes.0);
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts)
        .map_err(|e| super::js_error_text(&e))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| super::js_error_text(&e))?;
    let doc = window().document().ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement =
        doc.create_element("a").map_err(|e| super::js_error_text(&e))?.unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // Let the download start before the URL is released.
    let url2 = url.clone();
    gloo_timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url2);
    })
    .forget();
    Ok(())
}

/// Opens the browser's print dialog for the current page.
pub fn print() {
    let _ = window().print();
}

/// Asks a yes/no question.
pub fn confirm(message: &str) -> bool {
    window().confirm_with_message(message).unwrap_or(false)
}

/// Sets `<html lang>` and the window title.
pub fn set_document_lang(tag: &str, title: &str) {
    if let Some(doc) = window().document() {
        if let Some(el) = doc.document_element() {
            let _ = el.set_attribute("lang", tag);
        }
        doc.set_title(title);
    }
}

/// Bytes used by this site and the browser's quota for it, when the browser says.
pub async fn storage_estimate() -> Option<(f64, f64)> {
    let storage = window().navigator().storage();
    let est = wasm_bindgen_futures::JsFuture::from(storage.estimate().ok()?).await.ok()?;
    let est: web_sys::StorageEstimate = est.unchecked_into();
    Some((est.get_usage()?, est.get_quota()?))
}

/// Asks the browser to keep this site's storage even under disk pressure.
pub async fn request_persistence() -> bool {
    let storage = window().navigator().storage();
    let Ok(p) = storage.persist() else { return false };
    wasm_bindgen_futures::JsFuture::from(p).await.ok().and_then(|v| v.as_bool()).unwrap_or(false)
}

/// The key of a keyboard shortcut: `Some(key)` (`"1"`, `"ArrowDown"`, `"s"`…) when pressed
/// without Ctrl, Alt or Meta and outside any text field (typing a comment is not a shortcut).
pub fn shortcut_key(ev: &web_sys::KeyboardEvent) -> Option<String> {
    if ev.ctrl_key() || ev.alt_key() || ev.meta_key() || ev.is_composing() {
        return None;
    }
    let typing = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
    (!typing).then(|| ev.key())
}

/// Moves the keyboard focus to the element with this id, if there is one.
pub fn focus(id: &str) {
    let el = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = el {
        let _ = el.focus();
    }
}

/// The page's "now" as `YYYY-MM-DD HH:MM:SS`: the `now` query parameter of the page's URL when
/// it holds a date-time (`?now=2026-11-20T13:00`, to look at the registers as of another time,
/// and for tests), else the local clock. Every clock read of the registers goes through here.
pub fn page_now() -> String {
    let search = window().location().search().unwrap_or_default();
    let given = search.trim_start_matches('?').split('&').find_map(|kv| kv.strip_prefix("now="));
    match given {
        Some(v) if !v.is_empty() => {
            let v = v.replace("%3A", ":").replace("%3a", ":").replace(['T', '+'], " ").replace("%20", " ");
            if v.len() == 16 { format!("{v}:00") } else { v }
        }
        _ => super::now_local(),
    }
}

/// Scrolls the element with this id to the top of the window, if there is one.
pub fn scroll_to(id: &str) {
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)) {
        el.scroll_into_view();
    }
}
