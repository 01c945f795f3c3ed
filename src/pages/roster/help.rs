//! The roster help card: how the staffing model works and what every rule means.

use kefu_core::roster::help::staffing_help;
use kefu_core::roster::model::Rule;
use leptos::prelude::*;

use crate::state::AppState;

#[component]
pub(super) fn HelpCard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    let rules = move || {
        let lang = state.lang();
        Rule::ALL
            .iter()
            .map(|r| view! { <li><strong>{r.label(lang)}</strong>"："{r.help(lang)}</li> })
            .collect::<Vec<_>>()
    };
    view! {
        <section class="card no-print help" id="roster-help">
            <h2>{move || t("说明：人手怎么算、规则是什么", "Help: how agents are computed, and the rules")}</h2>
            <ul>{move || staffing_help(state.lang()).into_iter().map(|h| view! { <li><strong>{h.term}</strong>"："{h.text}</li> }).collect_view()}</ul>
            <h3>{move || t("排班规则（硬性必须遵守，软性尽量满足）", "Roster rules (hard: always kept; soft: met where possible)")}</h3>
            <ul class="rules-help">{rules}</ul>
        </section>
    }
}
