//! Administration from the settings page: backups (optionally protected with a passphrase),
//! restoring them, the audit trail (操作日志) and its export, the storage report, and erasing
//! everything (IndexedDB and the settings in localStorage).

use kefu_core::Lang;
use kefu_core::audit::{AuditEntry, AuditFilter};
use kefu_core::jobs::{JobError, Request, Response};
use kefu_core::lang::Localize;
use kefu_core::store::{Settings, StoreError, StoredItem};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{
    apply_document_lang, confirm_replace, download, job, job_with_bytes, refresh_storage, save_settings,
};
use crate::platform::dom::PickedFile;
use crate::platform::{self, dom, settings as stored_settings};
use crate::state::{AppState, Tone};

/// What the administration cards show; refreshed after every change made from them.
#[derive(Clone, Copy)]
pub struct AdminView {
    /// The audit trail, oldest first (`None`: not loaded yet).
    pub audit: RwSignal<Option<Vec<AuditEntry>>>,
    /// Stored records (`None`: not loaded yet).
    pub storage: RwSignal<Option<Vec<StoredItem>>>,
    /// A protected backup picked for restoring, waiting for its passphrase.
    pub locked: RwSignal<Option<PickedFile>>,
}

impl AdminView {
    pub fn new() -> AdminView {
        AdminView { audit: RwSignal::new(None), storage: RwSignal::new(None), locked: RwSignal::new(None) }
    }
}

impl Default for AdminView {
    fn default() -> Self {
        Self::new()
    }
}

/// Reloads the audit trail and the storage report.
pub fn refresh(state: AppState, admin: AdminView) {
    spawn_local(reload(state, admin));
}

async fn reload(state: AppState, admin: AdminView) {
    if let Some(Response::Audit { entries }) = job(state, Request::AuditLog, Vec::new()).await {
        admin.audit.set(Some(entries));
    }
    if let Some(Response::Storage { items }) = job(state, Request::StorageReport, Vec::new()).await {
        admin.storage.set(Some(items));
    }
    refresh_storage(state).await;
}

/// Exports a backup; with a passphrase (typed twice, the same) it is sealed.
pub fn export_backup(state: AppState, admin: AdminView, passphrase: Option<String>) {
    if state.busy() {
        return;
    }
    spawn_local(async move {
        let settings_json = stored_settings::raw_json(&state.settings.get_untracked());
        let req = Request::ExportBackup { settings_json, now: platform::now_local(), passphrase };
        if let Some((Response::File { name, mime }, Some(bytes))) =
            job_with_bytes(state, req, Vec::new()).await
        {
            download(state, &bytes, &name, &mime, crate::i18n::backup_saved(state.lang(), &name));
        }
        reload(state, admin).await;
    });
}

/// Like `job_with_bytes`, but hands the error back instead of showing it.
async fn job_result(
    state: AppState,
    request: Request,
    attachments: Vec<PickedFile>,
) -> Result<Response, JobError> {
    super::with_job_bar(state, &request, attachments, |_| {}).await.map(|r| r.response)
}

/// Restores a backup file. A protected one without a passphrase is kept in `admin.locked`
/// until the passphrase is typed; a wrong passphrase or a changed file is refused and nothing
/// changes.
pub fn restore_backup(state: AppState, admin: AdminView, file: PickedFile, passphrase: Option<String>) {
    if state.busy() || !confirm_replace(state) {
        return;
    }
    spawn_local(async move {
        let req = Request::RestoreBackup { file_name: file.name(), passphrase };
        match job_result(state, req, vec![file.clone()]).await {
            Ok(Response::Restored { view, settings_json, created }) => {
                admin.locked.set(None);
                if let Ok(s) = Settings::decode(&settings_json) {
                    state.settings.set(s);
                    save_settings(state);
                    apply_document_lang(state);
                }
                let text = crate::i18n::restored(state.lang(), view.manifest.datasets.len(), &created);
                state.workspace.set(Some(view));
                state.notify(Tone::Success, text);
            }
            Ok(_) => {}
            Err(JobError::Store(e @ StoreError::NeedsPassphrase { .. })) => {
                admin.locked.set(Some(file));
                state.notify(Tone::Info, e.localize(state.lang()));
                dom::focus("restore-passphrase");
            }
            Err(e) => {
                if matches!(e, JobError::Store(StoreError::Seal(_))) {
                    admin.locked.set(Some(file));
                }
                let tone = if e == JobError::Cancelled { Tone::Info } else { Tone::Error };
                state.notify(tone, e.localize(state.lang()));
            }
        }
        reload(state, admin).await;
    });
}

/// What "erase everything" removes, for the confirmation.
pub fn erase_confirm(lang: Lang) -> &'static str {
    lang.pick(
        "确定要清除本浏览器中的全部工作台数据吗？\n\n将删除：全部数据集、质检复核与评分表、绩效考核、排班、培训、登记簿、另存的数据、操作日志，以及保存的设置（界面语言等）。\n\n此操作不能撤销。需要保留的，请先导出备份。",
        "Erase all workbench data in this browser?\n\nThis deletes: every dataset, QA reviews and scorecards, appraisals, rosters, training, registers, kept-aside data, the audit trail, and the saved settings (language etc.).\n\nThis cannot be undone. Export a backup first if you need any of it.",
    )
}

/// Erases everything this app stores in the browser: the database (datasets, user work, kept
/// aside, the audit trail) and the settings in localStorage.
pub fn erase_everything(state: AppState, admin: AdminView) {
    if state.busy() || !dom::confirm(erase_confirm(state.lang())) {
        return;
    }
    spawn_local(async move {
        if let Some(Response::Workspace { view, .. }) = job(state, Request::ClearAll, Vec::new()).await {
            let lang = state.lang();
            let settings_cleared = stored_settings::clear_all();
            // The screen keeps its language until the page is reloaded; nothing is stored.
            state.settings.set(Settings { lang, ..Settings::default() });
            apply_document_lang(state);
            state.workspace.set(Some(view));
            admin.locked.set(None);
            match settings_cleared {
                Ok(()) => state.notify(
                    Tone::Success,
                    lang.pick(
                        "已清除全部数据：数据集、用户工作、另存数据、操作日志和保存的设置都已删除。",
                        "All data was cleared: datasets, user work, kept-aside data, the audit trail and the saved settings are gone.",
                    ),
                ),
                Err(e) => state.notify(Tone::Error, JobError::Browser(e).localize(lang)),
            }
        }
        reload(state, admin).await;
    });
}

/// Downloads the entries `filter` admits (newest first) as XLSX or CSV.
pub fn export_audit(state: AppState, filter: AuditFilter, xlsx: bool) {
    if state.busy() {
        return;
    }
    spawn_local(async move {
        let req = Request::AuditExport { filter, xlsx, lang: state.lang() };
        if let Some((Response::File { name, mime }, Some(bytes))) =
            job_with_bytes(state, req, Vec::new()).await
        {
            let done = match state.lang() {
                Lang::Zh => format!("操作日志已导出：{name}"),
                Lang::En => format!("Audit trail exported: {name}"),
            };
            download(state, &bytes, &name, &mime, done);
        }
    });
}
