//! Screens that are not built yet say so plainly, describe what they will do, and point to
//! what works today. No placeholder numbers.

use leptos::prelude::*;

use crate::i18n::Msgs;
use crate::state::{AppState, Page};

fn texts(page: Page, m: &'static Msgs) -> (&'static str, &'static str) {
    match page {
        Page::Roster => (m.roster_title, m.roster_plan),
        Page::Qa => (m.qa_title, m.qa_plan),
        Page::Kpi => (m.kpi_title, m.kpi_plan),
        Page::Training => (m.training_title, m.training_plan),
        Page::Import | Page::Share | Page::Settings | Page::Manual => (page.label(m), ""),
    }
}

#[component]
pub fn NotBuiltPage(page: Page) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <h1>{move || texts(page, state.m()).0}</h1>
        <section class="card not-built">
            <p class="not-built-flag"><strong>{move || state.m().not_built}</strong></p>
            <p>{move || texts(page, state.m()).1}</p>
            <p class="muted">{move || state.m().not_built_now}</p>
        </section>
    }
}
