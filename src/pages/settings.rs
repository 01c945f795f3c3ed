//! 设置 Settings: language, demo workspace, backup and restore, storage, clearing data, and
//! the privacy statement.

use kefu_core::Lang;
use kefu_core::store::SCHEMA;
use leptos::prelude::*;

use crate::actions;
use crate::i18n::{self, count, size};
use crate::platform::dom;
use crate::state::AppState;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let m = move || state.m();
    let manifest =
        move || state.workspace.with(|w| w.as_ref().map(|w| w.manifest.clone()).unwrap_or_default());
    let kept_aside = move || state.workspace.with(|w| w.as_ref().map(|w| w.kept_aside).unwrap_or(0));
    view! {
        <h1>{move || m().settings_title}</h1>

        <section class="card no-print">
            <h2>{move || m().lang_title}</h2>
            <div class="segmented" role="group">
                <button id="lang-zh" class:active=move || state.lang() == Lang::Zh
                    on:click=move |_| actions::set_lang(state, Lang::Zh)>"中文"</button>
                <button id="lang-en" class:active=move || state.lang() == Lang::En
                    on:click=move |_| actions::set_lang(state, Lang::En)>"English"</button>
            </div>
        </section>

        <section class="card no-print">
            <h2>{move || m().demo_title}</h2>
            <p>{move || m().demo_body}</p>
            <button class="btn" id="settings-load-demo" disabled=move || state.busy()
                on:click=move |_| actions::load_demo(state)>{move || m().load_demo}</button>
        </section>

        <section class="card no-print">
            <h2>{move || m().backup_title}</h2>
            <p>{move || m().backup_body}</p>
            <div class="actions">
                <button class="btn primary" id="export-backup" disabled=move || state.busy()
                    on:click=move |_| actions::export_backup(state)>{move || m().export_backup}</button>
                <input type="file" id="restore-file" accept=".zip,application/zip" class="visually-hidden"
                    on:change=move |ev| actions::restore_backup(state, dom::files_from_input(&ev))/>
                <button class="btn" id="restore-backup" disabled=move || state.busy()
                    on:click=move |_| actions::choose_files("restore-file")>{move || m().restore_backup}</button>
            </div>
        </section>

        <section class="card">
            <h2>{move || m().storage_title}</h2>
            <dl class="facts" id="storage-facts">
                <dt>{move || m().storage_schema}</dt>
                <dd id="schema-version">{SCHEMA}</dd>
                <dt>{move || m().storage_datasets}</dt>
                <dd id="dataset-count">{move || manifest().datasets.len()}</dd>
                <dt>{move || m().storage_rows}</dt>
                <dd id="row-count">{move || count(manifest().total_rows())}</dd>
                <dt>{move || m().storage_used}</dt>
                <dd>{move || match state.storage.get() {
                    Some((used, quota)) => format!("{} / {}", size(used), size(quota)),
                    None => m().storage_unknown.to_owned(),
                }}</dd>
            </dl>
        </section>

        <Show when=move || { kept_aside() > 0 }>
            <section class="card warn no-print" id="kept-aside">
                <h2>{move || m().quarantine_title}</h2>
                <p>{move || i18n::quarantine_body(state.lang(), kept_aside())}</p>
                <button class="btn" id="export-kept-aside" disabled=move || state.busy()
                    on:click=move |_| actions::export_kept_aside(state)>{move || m().quarantine_export}</button>
            </section>
        </Show>

        <super::rights::DataRights/>

        <section class="card danger no-print">
            <h2>{move || m().clear_title}</h2>
            <p>{move || m().clear_body}</p>
            <button class="btn danger" id="clear-all" disabled=move || state.busy()
                on:click=move |_| actions::clear_all(state)>{move || m().clear_button}</button>
        </section>

        <section class="card">
            <h2>{move || m().privacy_title}</h2>
            <p id="privacy">{move || m().privacy_body}</p>
            <button class="btn small no-print" id="print-page" on:click=move |_| actions::print_page()>{move || m().print_page}</button>
        </section>
    }
}
