//! 导入 Import: drop or pick files, check how they were read, import them, and see what the
//! workspace holds.

use leptos::prelude::*;

use crate::actions;
use crate::components::{DatasetTable, ImportQueue};
use crate::platform::dom;
use crate::state::AppState;

#[component]
pub fn ImportPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let empty = move || state.workspace.with(|w| w.as_ref().is_some_and(|w| w.manifest.is_empty()));
    view! {
        <h1>{move || state.m().import_title}</h1>
        <Show when=empty>
            <section class="card welcome" id="welcome">
                <h2>{move || state.m().welcome_title}</h2>
                <p>{move || state.m().welcome_body}</p>
                <button class="btn primary" id="load-demo-welcome" disabled=move || state.busy()
                    on:click=move |_| actions::load_demo(state)>
                    {move || state.m().load_demo}
                </button>
            </section>
        </Show>
        <section class="card drop-card">
            <p>{move || state.m().import_intro}</p>
            <input type="file" id="pick-files" multiple class="visually-hidden"
                on:change=move |ev| actions::receive_files(state, dom::files_from_input(&ev))/>
            <button class="btn" id="choose-files" on:click=move |_| actions::choose_files("pick-files")>
                {move || state.m().choose_files}
            </button>
        </section>
        <ImportQueue/>
        <section class="card">
            <div class="card-head">
                <h2>{move || state.m().datasets_title}</h2>
                <button class="btn small no-print" id="load-demo" disabled=move || state.busy()
                    on:click=move |_| actions::load_demo(state)>
                    {move || state.m().load_demo}
                </button>
            </div>
            <DatasetTable/>
        </section>
    }
}
