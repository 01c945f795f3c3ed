//! The worker side of the page ↔ worker channel: receive requests, post progress and results.
//!
//! Wire format (both directions are plain JS objects):
//! - page → worker: `{id, request: <JSON of kefu_core::jobs::Request>, attachment?: File|Blob}`
//! - worker → page: `{ready: true}` once, then per job any number of
//!   `{id, kind: "progress", body: <JSON Progress>}` and one
//!   `{id, kind: "done", body: <JSON Result<Response, JobError>>, bytes?: Uint8Array}`
//!   (the bytes' buffer is transferred, not copied).

use js_sys::{Array, Object, Reflect, Uint8Array};
use kefu_core::jobs::{JobError, Progress, Response};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// A `File` or `Blob` sent with a request (or nothing).
pub struct Attachment(JsValue);

/// A request as it arrived.
pub struct Incoming {
    pub id: u32,
    pub request: String,
    pub attachment: Attachment,
}

/// Runs a future on the worker's event loop.
pub fn spawn(fut: impl std::future::Future<Output = ()> + 'static) {
    wasm_bindgen_futures::spawn_local(fut);
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn set(obj: &Object, k: &str, v: &JsValue) {
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(obj, &JsValue::from_str(k), v);
}

fn get(obj: &JsValue, k: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
}

/// Starts listening; `handler` runs for every request. Tells the page it is ready.
pub fn serve(handler: impl Fn(Incoming) + 'static) {
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
        let data = ev.data();
        let id = get(&data, "id").as_f64().unwrap_or(-1.0);
        let request = get(&data, "request").as_string();
        if let (true, Some(request)) = (id >= 0.0, request) {
            handler(Incoming { id: id as u32, request, attachment: Attachment(get(&data, "attachment")) });
        }
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as the page keeps it; the handler must too.
    on_message.forget();
    let ready = Object::new();
    set(&ready, "ready", &JsValue::TRUE);
    let _ = scope().post_message(&ready);
}

/// Reports progress of job `id`.
pub fn post_progress(id: u32, p: &Progress) {
    let msg = Object::new();
    set(&msg, "id", &JsValue::from(id));
    set(&msg, "kind", &JsValue::from_str("progress"));
    set(&msg, "body", &JsValue::from_str(&serde_json::to_string(p).unwrap_or_default()));
    let _ = scope().post_message(&msg);
}

/// Ends job `id` with its result and, optionally, a file's bytes.
pub fn post_done(id: u32, result: &Result<Response, JobError>, bytes: Option<Vec<u8>>) {
    let msg = Object::new();
    set(&msg, "id", &JsValue::from(id));
    set(&msg, "kind", &JsValue::from_str("done"));
    let body = serde_json::to_string(result).unwrap_or_else(|e| {
        serde_json::to_string(&Err::<Response, _>(JobError::Crashed(e.to_string()))).unwrap_or_default()
    });
    set(&msg, "body", &JsValue::from_str(&body));
    let transfer = Array::new();
    if let Some(bytes) = bytes {
        let arr = Uint8Array::from(bytes.as_slice());
        transfer.push(&arr.buffer());
        set(&msg, "bytes", &arr);
    }
    let _ = scope().post_message_with_transfer(&msg, &transfer);
}

/// Reads a `File`/`Blob` attachment completely.
pub async fn read_attachment(attachment: &Attachment) -> Result<Vec<u8>, JobError> {
    let blob: web_sys::Blob = attachment
        .0
        .clone()
        .dyn_into()
        .map_err(|_| JobError::Browser("no file was sent with the request".into()))?;
    let buf = wasm_bindgen_futures::JsFuture::from(blob.array_buffer())
        .await
        .map_err(|e| JobError::Browser(super::js_error_text(&e)))?;
    Ok(Uint8Array::new(&buf).to_vec())
}
