//! What the user can do, as plain functions over the state: the components only call these.
//!
//! Heavy or storage work goes to the worker (`platform::worker_client`); the results come
//! back as view data and land in signals.

use kefu_core::Lang;
use kefu_core::jobs::{JobError, Progress, Request, Response};
use kefu_core::lang::Localize;
use leptos::prelude::*;
use leptos::task::spawn_local;

pub mod admin;
pub mod engine;
pub mod import;
pub mod kpi;
pub mod manual;
pub mod packet;
pub mod qa;
pub mod rights;
pub mod roster;
pub mod training;
pub mod work;

use crate::i18n;
use crate::platform::dom::{FileBytes, PickedFile};
use crate::platform::{self, dom, settings as stored_settings, worker_client};
use crate::state::{AppState, Job, Page, Tone};

/// Demo seed used by the "load demo" button: the same team every time.
pub const DEMO_SEED: u64 = 2026;

/// Start-up: settings, page from the URL, window listeners, and open the workspace.
pub fn init(state: AppState) {
    let (settings, problem) = stored_settings::load();
    state.settings.set(settings);
    apply_document_lang(state);
    if let Some(e) = problem {
        state.notify(Tone::Error, kept_aside_settings_text(state.lang(), &e.localize(state.lang())));
    }
    state.page.set(Page::from_hash(&dom::hash()));
    dom::on_hash_change(move |h| state.page.set(Page::from_hash(&h)));
    dom::listen_for_dropped_files(
        move |over| state.dragging.set(over),
        move |files| receive_files(state, files),
    );
    spawn_local(async move {
        if let Some(Response::Workspace { view, notices }) = job(state, Request::Open, Vec::new()).await {
            for n in notices {
                state.notify(Tone::Error, n.localize(state.lang()));
            }
            state.workspace.set(Some(view));
        } else {
            // The store could not be opened at all (the error is shown); run empty.
            state.workspace.set(Some(Default::default()));
        }
        refresh_storage(state).await;
    });
}

fn kept_aside_settings_text(lang: Lang, why: &str) -> String {
    match lang {
        Lang::Zh => format!("保存的设置无法读取，已另存并改用默认设置：{why}"),
        Lang::En => {
            format!("Saved settings could not be read; they were kept aside and defaults are used: {why}")
        }
    }
}

fn apply_document_lang(state: AppState) {
    let lang = state.settings.with_untracked(|s| s.lang);
    dom::set_document_lang(lang.tag(), i18n::msgs(lang).app_name);
}

/// Runs a worker job with the progress bar; errors become notices. `None` on failure.
pub(crate) async fn job(state: AppState, request: Request, attachments: Vec<PickedFile>) -> Option<Response> {
    job_with_bytes(state, request, attachments).await.map(|(r, _)| r)
}

pub(crate) async fn job_with_bytes(
    state: AppState,
    request: Request,
    attachments: Vec<PickedFile>,
) -> Option<(Response, Option<FileBytes>)> {
    match with_job_bar(state, &request, attachments, |_| {}).await {
        Ok(reply) => Some((reply.response, reply.bytes)),
        Err(JobError::Cancelled) => {
            state.notify(Tone::Info, JobError::Cancelled.localize(state.lang()));
            None
        }
        Err(e) => {
            state.notify(Tone::Error, e.localize(state.lang()));
            None
        }
    }
}

/// Runs a worker job with the job bar (and `on_progress` for each report, e.g. to draw a
/// chart); the caller handles the result.
pub(crate) async fn with_job_bar(
    state: AppState,
    request: &Request,
    attachments: Vec<PickedFile>,
    on_progress: impl Fn(&Progress) + 'static,
) -> Result<worker_client::Reply, JobError> {
    state.running.update(|n| *n += 1);
    state.job.set(Some(Job { progress: None }));
    let result = worker_client::run(request, attachments, move |p| {
        on_progress(&p);
        state.job.set(Some(Job { progress: Some(p) }));
    })
    .await;
    state.running.update(|n| *n = n.saturating_sub(1));
    if state.running.get_untracked() == 0 {
        state.job.set(None);
    }
    result
}

pub fn cancel_job() {
    worker_client::cancel();
}

pub fn set_lang(state: AppState, lang: Lang) {
    state.settings.update(|s| s.lang = lang);
    save_settings(state);
    apply_document_lang(state);
}

pub(crate) fn save_settings(state: AppState) {
    let s = state.settings.get_untracked();
    if platform::settings::save(&s).is_err() {
        state.notify(Tone::Error, state.m().err_settings_save);
    }
}

pub fn go(page: Page) {
    dom::set_hash(page.hash());
}

pub fn choose_files(input_id: &str) {
    dom::open_file_chooser(input_id);
}

/// Files dropped anywhere or picked with the button: list them and start reading them.
pub fn receive_files(state: AppState, files: Vec<PickedFile>) {
    // Agent packets open the agent view and replies apply to QA; the rest is imported.
    let files = packet::take_share_files(state, files);
    if files.is_empty() {
        return;
    }
    go(Page::Import);
    import::analyse_new(state, files);
}

fn datasets_now(state: AppState) -> usize {
    state.workspace.with_untracked(|w| w.as_ref().map(|w| w.manifest.datasets.len()).unwrap_or(0))
}

/// Asks before replacing a non-empty workspace.
fn confirm_replace(state: AppState) -> bool {
    let n = datasets_now(state);
    n == 0 || dom::confirm(&i18n::replace_confirm(state.lang(), n))
}

/// Restricts every page to one shop and/or team (stored with the workspace); the pages
/// recompute because the data stamp includes the filter.
pub fn set_filter(state: AppState, filter: kefu_core::model::Filter) {
    spawn_local(async move {
        if let Some(Response::Workspace { view, .. }) =
            job(state, Request::SetFilter { filter }, Vec::new()).await
        {
            state.workspace.set(Some(view));
        }
    });
}

pub fn load_demo(state: AppState) {
    load_demo_then(state, None);
}

/// Loads the demo workspace, then opens `open` (the manual's "try it" buttons).
pub fn load_demo_then(state: AppState, open: Option<Page>) {
    if state.busy() || !confirm_replace(state) {
        return;
    }
    spawn_local(async move {
        let req = Request::LoadDemo { seed: DEMO_SEED, now: platform::now_local() };
        if let Some(Response::Workspace { view, .. }) = job(state, req, Vec::new()).await {
            let text =
                i18n::demo_loaded(state.lang(), view.manifest.datasets.len(), view.manifest.total_rows());
            state.workspace.set(Some(view));
            state.notify(Tone::Success, text);
            if let Some(page) = open {
                go(page);
            }
            dom::request_persistence().await;
            refresh_storage(state).await;
        }
    });
}

// Backup export/restore and clearing everything live in `admin` (passphrases, audit, storage).

fn download(state: AppState, bytes: &FileBytes, name: &str, mime: &str, done: String) {
    match dom::download(bytes, name, mime) {
        Ok(()) => state.notify(Tone::Success, done),
        Err(e) => state.notify(Tone::Error, JobError::Browser(e).localize(state.lang())),
    }
}

pub fn export_kept_aside(state: AppState) {
    if state.busy() {
        return;
    }
    spawn_local(async move {
        if let Some((Response::File { name, mime }, Some(bytes))) =
            job_with_bytes(state, Request::ExportQuarantine, Vec::new()).await
        {
            let done = name.clone();
            download(state, &bytes, &name, &mime, done);
        }
    });
}

pub fn print_page() {
    dom::print();
}

pub(crate) async fn refresh_storage(state: AppState) {
    state.storage.set(dom::storage_estimate().await);
}
