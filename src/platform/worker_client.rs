//! The page side of the page ↔ worker channel (wire format in `worker_scope`).
//!
//! One worker at a time, started on first use from `./worker_loader.js` (relative to the
//! page, so sub-path hosting works). Requests wait until the worker says it is ready.
//! Cancel terminates the worker: whatever it was doing stops at once and, because every
//! store write is a single IndexedDB transaction, nothing half-done remains. A crash in the
//! worker fails the pending jobs with a clear error and the next request starts a new one.

use std::cell::RefCell;
use std::collections::BTreeMap;

use futures_channel::oneshot;
use js_sys::{Object, Reflect, Uint8Array};
use kefu_core::jobs::{JobError, Progress, Request, Response};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, Worker};

use super::dom::{FileBytes, PickedFile};

/// What a finished job gives back.
pub struct Reply {
    pub response: Response,
    /// A file's bytes, when the response is a file.
    pub bytes: Option<FileBytes>,
}

type ProgressFn = std::rc::Rc<dyn Fn(Progress)>;

struct Pending {
    on_progress: ProgressFn,
    reply: oneshot::Sender<Result<Reply, JobError>>,
}

/// The worker's event handlers, kept alive as long as the worker.
type Handlers = (Closure<dyn Fn(MessageEvent)>, Closure<dyn Fn(ErrorEvent)>);

#[derive(Default)]
struct Client {
    worker: Option<Worker>,
    ready: bool,
    queue: Vec<Object>,
    next_id: u32,
    pending: BTreeMap<u32, Pending>,
    handlers: Option<Handlers>,
}

thread_local! {
    static CLIENT: RefCell<Client> = RefCell::new(Client::default());
}

const WORKER_URL: &str = "./worker_loader.js";

fn get(obj: &JsValue, k: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
}

fn start(c: &mut Client) -> Result<(), JobError> {
    let worker = Worker::new(WORKER_URL).map_err(|e| JobError::Browser(super::js_error_text(&e)))?;
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(|ev: MessageEvent| on_message(ev.data()));
    let on_error = Closure::<dyn Fn(ErrorEvent)>::new(|ev: ErrorEvent| {
        ev.prevent_default();
        crashed(ev.message());
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    c.worker = Some(worker);
    c.ready = false;
    c.handlers = Some((on_message, on_error));
    Ok(())
}

fn on_message(data: JsValue) {
    if get(&data, "ready").is_truthy() {
        CLIENT.with_borrow_mut(|c| {
            c.ready = true;
            if let Some(w) = &c.worker {
                for msg in c.queue.drain(..) {
                    let _ = w.post_message(&msg);
                }
            }
        });
        return;
    }
    let Some(id) = get(&data, "id").as_f64().map(|f| f as u32) else { return };
    let kind = get(&data, "kind").as_string().unwrap_or_default();
    let body = get(&data, "body").as_string().unwrap_or_default();
    match kind.as_str() {
        "progress" => {
            if let Ok(p) = serde_json::from_str::<Progress>(&body) {
                // Call outside the borrow: the callback may touch signals that start new work.
                let cb = CLIENT.with_borrow(|c| c.pending.get(&id).map(|p| p.on_progress.clone()));
                if let Some(cb) = cb {
                    cb(p);
                }
            }
        }
        "done" => {
            let result = serde_json::from_str::<Result<Response, JobError>>(&body)
                .unwrap_or_else(|e| Err(JobError::Crashed(format!("unreadable answer: {e}"))));
            let bytes = get(&data, "bytes").dyn_into::<Uint8Array>().ok().map(FileBytes);
            if let Some(p) = CLIENT.with_borrow_mut(|c| c.pending.remove(&id)) {
                let _ = p.reply.send(result.map(|response| Reply { response, bytes }));
            }
        }
        _ => {}
    }
}

fn stop_all(err: JobError) {
    let pending = CLIENT.with_borrow_mut(|c| {
        if let Some(w) = c.worker.take() {
            w.terminate();
        }
        c.ready = false;
        c.queue.clear();
        c.handlers = None;
        std::mem::take(&mut c.pending)
    });
    for (_, p) in pending {
        let _ = p.reply.send(Err(err.clone()));
    }
}

fn crashed(detail: String) {
    stop_all(JobError::Crashed(detail));
}

/// Stops whatever the worker is doing; pending jobs end with `JobError::Cancelled`.
pub fn cancel() {
    stop_all(JobError::Cancelled);
}

/// Runs `request` in the worker, with an optional `File`/`Blob` attachment, reporting
/// progress through `on_progress`.
pub async fn run(
    request: &Request,
    attachments: Vec<PickedFile>,
    on_progress: impl Fn(Progress) + 'static,
) -> Result<Reply, JobError> {
    let (tx, rx) = oneshot::channel();
    CLIENT.with_borrow_mut(|c| -> Result<(), JobError> {
        if c.worker.is_none() {
            start(c)?;
        }
        c.next_id += 1;
        let id = c.next_id;
        let msg = Object::new();
        let _ = Reflect::set(&msg, &"id".into(), &JsValue::from(id));
        let body = serde_json::to_string(request).map_err(|e| JobError::Browser(e.to_string()))?;
        let _ = Reflect::set(&msg, &"request".into(), &JsValue::from_str(&body));
        if !attachments.is_empty() {
            let files = js_sys::Array::new();
            for a in attachments {
                files.push(&a.into_js());
            }
            let _ = Reflect::set(&msg, &"attachments".into(), &files);
        }
        c.pending.insert(id, Pending { on_progress: std::rc::Rc::new(on_progress), reply: tx });
        match (&c.worker, c.ready) {
            (Some(w), true) => {
                w.post_message(&msg).map_err(|e| JobError::Browser(super::js_error_text(&e)))?
            }
            _ => c.queue.push(msg),
        }
        Ok(())
    })?;
    rx.await.unwrap_or(Err(JobError::Cancelled))
}
