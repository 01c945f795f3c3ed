//! 使用说明 Guide: the in-app manual. It follows the supervisor's week — import, QA, KPI,
//! roster, training, sharing — each step with a "load the demo data and open this page"
//! button and small live figures of the current workspace; then every formula, rendered from
//! the same core functions as the pages' own help (`formulas`), and a plain privacy statement
//! naming what is stored where (`privacy`). Its words live in `text` (zh and en instances);
//! sections are addressable as `#/manual/<section>`, which the header's "?" link uses.

mod formulas;
mod live;
mod privacy;
mod text;

use kefu_core::Lang;
use leptos::prelude::*;

use crate::actions::{self, manual::ManualView};
use crate::state::{AppState, Page};
use text::{ManualText, Step};

/// The manual's sections in order: id (`#manual-<id>`, `#/manual/<id>`) and the page a step
/// is about.
const STEPS: [(&str, Page); 6] = [
    ("import", Page::Import),
    ("qa", Page::Qa),
    ("kpi", Page::Kpi),
    ("roster", Page::Roster),
    ("training", Page::Training),
    ("sharing", Page::Share),
];

/// The manual's address for a page's own section (the header's "?" link).
pub fn help_href(page: Page) -> String {
    let section = match page {
        Page::Import => "import",
        Page::Qa => "qa",
        Page::Kpi => "kpi",
        Page::Roster => "roster",
        Page::Training => "training",
        Page::Share => "sharing",
        Page::Settings => "privacy",
        Page::Manual => return format!("#{}", Page::Manual.hash()),
    };
    format!("#{}/{section}", Page::Manual.hash())
}

pub fn help_title(lang: Lang) -> &'static str {
    text::text(lang).help_link
}

fn step_of(t: &'static ManualText, id: &str) -> &'static Step {
    match id {
        "import" => &t.import,
        "qa" => &t.qa,
        "kpi" => &t.kpi,
        "roster" => &t.roster,
        "training" => &t.training,
        _ => &t.sharing,
    }
}

#[component]
pub fn ManualPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let view = ManualView::new();
    Effect::new(move |_| {
        state.workspace.track();
        actions::manual::refresh(state, view);
    });
    // A `#/manual/<section>` address opens at that section.
    Effect::new(move |_| actions::manual::show_section_from_hash());
    move || {
        let lang = state.lang();
        let t = text::text(lang);
        let toc = STEPS
            .iter()
            .map(|(id, _)| (*id, step_of(t, id).title))
            .chain([("formulas", t.formulas_title), ("privacy", t.privacy_title)])
            .map(|(id, title)| {
                let target = format!("manual-{id}");
                view! {
                    <li><a href=format!("#{}/{id}", Page::Manual.hash()) data-section=id
                        on:click=move |ev| { ev.prevent_default(); actions::manual::show_section(&target); }>{title}</a></li>
                }
            })
            .collect::<Vec<_>>();
        let steps = STEPS
            .iter()
            .enumerate()
            .map(|(i, (id, page))| step_view(state, view, t, lang, i + 1, id, *page))
            .collect::<Vec<_>>();
        view! {
            <article class="manual" lang=lang.tag()>
                <h1>{t.title}</h1>
                <p class="lead">{t.intro}</p>
                <div class="actions no-print">
                    <button class="btn small" id="manual-print" on:click=move |_| actions::print_page()>{t.print}</button>
                </div>
                <nav class="card manual-toc" id="manual-toc" aria-label=t.toc>
                    <h2>{t.toc}</h2>
                    <ol>{toc}</ol>
                </nav>
                <h2 class="manual-part-title">{t.week_title}</h2>
                {steps}
                <section class="card manual-section" id="manual-formulas">
                    <h2>{t.formulas_title}</h2>
                    <p class="hint">{t.formulas_intro}</p>
                    {formulas::formulas(lang, t)}
                </section>
                <privacy::Privacy/>
            </article>
        }
    }
}

fn step_view(
    state: AppState,
    view: ManualView,
    t: &'static ManualText,
    lang: Lang,
    n: usize,
    id: &'static str,
    page: Page,
) -> impl IntoView + use<> {
    let step = step_of(t, id);
    let live = match id {
        "import" => view! { <live::ImportLive/> }.into_any(),
        "qa" => view! { <live::QaLive view=view/> }.into_any(),
        "kpi" => view! { <live::KpiLive view=view/> }.into_any(),
        "roster" => view! { <live::RosterLive/> }.into_any(),
        _ => ().into_any(),
    };
    let extra = (id == "import").then(|| {
        view! {
            <h3>{t.import_fields_title}</h3>
            <p class="hint">{t.import_fields_hint}</p>
            {formulas::import_fields(lang)}
            <h3>{t.import_errors_title}</h3>
            <p class="hint">{t.import_errors_hint}</p>
            {formulas::import_errors(lang)}
        }
    });
    view! {
        <section class="card manual-section manual-step" id=format!("manual-{id}") data-step=id>
            <header class="step-head">
                <span class="step-no" aria-hidden="true">{n}</span>
                <div>
                    <h2>{step.title}</h2>
                    <p class="step-when">{step.when}</p>
                </div>
            </header>
            <p class="lead">{step.lead}</p>
            <div class="step-body">
                <div class="step-text">{step.parts.iter().map(formulas::part).collect_view()}</div>
                {live}
            </div>
            {extra}
            <div class="manual-try no-print">
                <button class="btn primary" id=format!("manual-try-{id}") disabled=move || state.busy()
                    on:click=move |_| actions::manual::try_with_demo(state, page)>{t.try_demo}</button>
                <a class="btn" id=format!("manual-open-{id}") href=format!("#{}", page.hash())>{t.open_page}</a>
                <p class="hint">{t.try_demo_hint}</p>
            </div>
        </section>
    }
}
