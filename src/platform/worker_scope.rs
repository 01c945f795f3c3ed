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

/// A `File` or `Blob` sent with a request.
pub struct Attachment(web_sys::Blob);

/// A request as it arrived.
pub struct Incoming {
    pub id: u32,
    pub request: String,
    /// Files sent with the request, in order.
    pub attachments: Vec<Attachment>,
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
            let attachments = get(&data, "attachments")
                .dyn_into::<Array>()
                .map(|a| {
                    a.iter().filter_map(|v| v.dyn_into::<web_sys::Blob>().ok()).map(Attachment).collect()
                })
                .unwrap_or_default();
            handler(Incoming { id: id as u32, request, attachments });
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

impl Attachment {
    pub fn size(&self) -> u64 {
        self.0.size() as u64
    }

    /// A synchronous, seekable reader over the file, reading slices on demand (workers only).
    pub fn reader(&self) -> Result<BlobReader, JobError> {
        BlobReader::new(self.0.clone())
    }
}

/// Reads a `File`/`Blob` attachment completely.
pub async fn read_attachment(attachment: &Attachment) -> Result<Vec<u8>, JobError> {
    let blob = &attachment.0;
    let buf = wasm_bindgen_futures::JsFuture::from(blob.array_buffer())
        .await
        .map_err(|e| JobError::Browser(super::js_error_text(&e)))?;
    Ok(Uint8Array::new(&buf).to_vec())
}

/// `Read + Seek` over a `Blob`, fetching 4 MB slices with `FileReaderSync` as they are needed,
/// so a file of any size streams through the parser with bounded memory.
pub struct BlobReader {
    blob: web_sys::Blob,
    reader: web_sys::FileReaderSync,
    size: u64,
    pos: u64,
    buf: Vec<u8>,
    buf_start: u64,
}

const SLICE: u64 = 4 << 20;

impl BlobReader {
    fn new(blob: web_sys::Blob) -> Result<BlobReader, JobError> {
        let reader =
            web_sys::FileReaderSync::new().map_err(|e| JobError::Browser(super::js_error_text(&e)))?;
        let size = blob.size() as u64;
        Ok(BlobReader { blob, reader, size, pos: 0, buf: Vec::new(), buf_start: 0 })
    }

    fn fill(&mut self) -> std::io::Result<()> {
        let end = (self.pos + SLICE).min(self.size);
        let slice = self
            .blob
            .slice_with_f64_and_f64(self.pos as f64, end as f64)
            .map_err(|e| std::io::Error::other(super::js_error_text(&e)))?;
        let ab = self
            .reader
            .read_as_array_buffer(&slice)
            .map_err(|e| std::io::Error::other(super::js_error_text(&e)))?;
        let arr = Uint8Array::new(&ab);
        self.buf.resize(arr.length() as usize, 0);
        arr.copy_to(&mut self.buf);
        self.buf_start = self.pos;
        Ok(())
    }
}

impl std::io::Read for BlobReader {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.pos >= self.size || out.is_empty() {
            return Ok(0);
        }
        let in_buf = self.pos >= self.buf_start && self.pos < self.buf_start + self.buf.len() as u64;
        if !in_buf {
            self.fill()?;
        }
        let off = (self.pos - self.buf_start) as usize;
        let n = out.len().min(self.buf.len() - off);
        out[..n].copy_from_slice(&self.buf[off..off + n]);
        self.pos += n as u64;
        Ok(n)
    }
}

impl std::io::Seek for BlobReader {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        let new = match to {
            std::io::SeekFrom::Start(p) => p as i128,
            std::io::SeekFrom::End(d) => self.size as i128 + d as i128,
            std::io::SeekFrom::Current(d) => self.pos as i128 + d as i128,
        };
        if new < 0 {
            return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, "seek before the start"));
        }
        self.pos = new as u64;
        Ok(self.pos)
    }
}

/// Lets the worker's event loop run (other requests, such as a Stop, are received), then
/// resumes: a zero-delay timer.
pub async fn yield_now() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}
