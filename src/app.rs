//! The page layout: header with navigation and language switch, notices, the job bar, the
//! current page, the footer, and the drop overlay.

use leptos::prelude::*;

use crate::actions;
use crate::components::{DropOverlay, FilterBar, JobBar, Notices, filter_caption};
use crate::pages;
use crate::state::{AppState, Page};
use kefu_core::Lang;

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    actions::init(state);
    let agent_mode = Memo::new(move |_| state.share.with(|s| s.agent.active()));
    view! {
        <div class="app" class:agent-mode=move || agent_mode.get()>
            <Header/>
            <Notices/>
            <JobBar/>
            <main class="page" id=move || format!("page-{}", state.page.get().id())>
                {move || if agent_mode.get() { pages::agent::AgentPage().into_any() } else { match state.page.get() {
                    Page::Import => pages::import::ImportPage().into_any(),
                    Page::Roster => pages::roster::RosterPage().into_any(),
                    Page::Qa => pages::qa::QaPage().into_any(),
                    Page::Kpi => pages::kpi::KpiPage().into_any(),
                    Page::Training => pages::training::TrainingPage().into_any(),
                    Page::Share => pages::share::SharePage().into_any(),
                    Page::Settings => pages::settings::SettingsPage().into_any(),
                    Page::Manual => pages::manual::ManualPage().into_any(),
                }}}
            </main>
            <footer class="footer no-print">{move || state.m().privacy_footer}</footer>
            <DropOverlay/>
        </div>
    }
}

#[component]
fn Header() -> impl IntoView {
    let state = expect_context::<AppState>();
    let nav = move || {
        let m = state.m();
        let current = state.page.get();
        Page::ALL
            .into_iter()
            .map(|p| {
                view! {
                    <a
                        href=format!("#{}", p.hash())
                        class="nav-link"
                        class:active=current == p
                        aria-current=if current == p { Some("page") } else { None }
                        data-page=p.id()
                    >
                        {p.label(m)}
                    </a>
                }
            })
            .collect_view()
    };
    view! {
        <header class="header no-print">
            <div class="brand">
                <span class="brand-mark" aria-hidden="true">"客"</span>
                <div>
                    <div class="brand-name">{move || state.m().app_name}</div>
                    <div class="brand-tagline">{move || state.m().tagline}</div>
                </div>
            </div>
            <nav class="nav" aria-label="main">{nav}</nav>
            <FilterBar/>
            <a class="help-link" id="help-link" href=move || pages::manual::help_href(state.page.get())
                title=move || pages::manual::help_title(state.lang())>"?"</a>
            <button
                class="lang-switch"
                id="lang-switch"
                title=move || state.m().switch_lang_title
                on:click=move |_| {
                    let next = if state.lang() == Lang::Zh { Lang::En } else { Lang::Zh };
                    actions::set_lang(state, next);
                }
            >
                {move || state.m().switch_lang}
            </button>
        </header>
        <div class="print-header print-only">
            {move || state.m().app_name}
            {move || {
                let caption = state.workspace.with(|w| w.as_ref().map(|w| filter_caption(&w.filter, state.lang())));
                caption.filter(|c| !c.is_empty()).map(|c| view! { <span class="print-filter">{format!(" · {c}")}</span> })
            }}
        </div>
    }
}
