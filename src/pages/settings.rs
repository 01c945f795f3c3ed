//! 设置 Settings: language, demo workspace, backup and restore (`admin`), storage and erasing
//! everything (`admin`), the audit trail (`admin`), data rights, and the privacy statement.

use kefu_core::Lang;
use leptos::prelude::*;

use crate::actions;
use crate::actions::admin::AdminView;
use crate::i18n;
use crate::state::AppState;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let m = move || state.m();
    let kept_aside = move || state.workspace.with(|w| w.as_ref().map(|w| w.kept_aside).unwrap_or(0));
    let admin = AdminView::new();
    // Read the audit trail and the storage report once the workspace is open (and again
    // whenever the workspace changes: an import, a restore, an erasure).
    Effect::new(move |_| {
        let opened = state.workspace.with(|w| w.as_ref().map(|w| (w.manifest.clone(), w.kept_aside)));
        if opened.is_some() {
            actions::admin::refresh(state, admin);
        }
    });
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

        <super::admin::BackupCard admin=admin/>

        <super::admin::StorageCard admin=admin/>

        <super::admin::AuditCard admin=admin/>

        <Show when=move || { kept_aside() > 0 }>
            <section class="card warn no-print" id="kept-aside">
                <h2>{move || m().quarantine_title}</h2>
                <p>{move || i18n::quarantine_body(state.lang(), kept_aside())}</p>
                <button class="btn" id="export-kept-aside" disabled=move || state.busy()
                    on:click=move |_| actions::export_kept_aside(state)>{move || m().quarantine_export}</button>
            </section>
        </Show>

        <super::rights::DataRights/>

        <section class="card">
            <h2>{move || m().privacy_title}</h2>
            <p id="privacy">{move || m().privacy_body}</p>
            <button class="btn small no-print" id="print-page" on:click=move |_| actions::print_page()>{move || m().print_page}</button>
        </section>
    }
}
