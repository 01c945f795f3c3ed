//! The shop/team filter in the header: two drop-downs that appear when the workspace holds more
//! than one shop or team. The choice is stored with the workspace (the worker applies it to
//! every computation) and shown in print headers, so a printed sheet says what it covers.

use kefu_core::Lang;
use kefu_core::model::{Filter, team_label};
use leptos::prelude::*;

use crate::actions;
use crate::state::AppState;

#[component]
pub fn FilterBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let view_of =
        move || state.workspace.with(|w| w.as_ref().map(|w| (w.filter_choices(), w.filter.clone())));
    move || {
        let (choices, filter) = view_of()?;
        if !choices.worth_showing() && filter.is_all() {
            return None;
        }
        let lang = state.lang();
        let t = move |zh: &'static str, en: &'static str| lang.pick(zh, en);
        let all = t("全部", "All");
        let shop_options = choices
            .shops
            .iter()
            .map(|s| view! { <option value=s.clone() selected=filter.shop.as_deref() == Some(s.as_str())>{s.clone()}</option> })
            .collect_view();
        let team_options = choices
            .teams
            .iter()
            .map(|k| view! { <option value=k.clone() selected=filter.team.as_deref() == Some(k.as_str())>{team_label(k, lang)}</option> })
            .collect_view();
        let (f1, f2) = (filter.clone(), filter.clone());
        let pick = |v: String| (!v.is_empty()).then_some(v);
        Some(view! {
            <div class="filter-bar" id="filter-bar" class:narrowed=!filter.is_all()
                title=t("只看某个店铺或班组：质检、绩效、排班、培训都按这里的选择计算", "Show one shop or team only: QA, KPI, roster and training all follow this choice")>
                {(choices.shops.len() > 1 || filter.shop.is_some()).then(|| view! {
                    <label>{t("店铺", "Shop")}
                        <select id="filter-shop" on:change=move |ev| {
                            actions::set_filter(state, Filter { shop: pick(event_target_value(&ev)), ..f1.clone() });
                        }>
                            <option value="" selected=filter.shop.is_none()>{all}</option>
                            {shop_options}
                        </select>
                    </label>
                })}
                {(choices.teams.len() > 1 || filter.team.is_some()).then(|| view! {
                    <label>{t("班组", "Team")}
                        <select id="filter-team" on:change=move |ev| {
                            actions::set_filter(state, Filter { team: pick(event_target_value(&ev)), ..f2.clone() });
                        }>
                            <option value="" selected=filter.team.is_none()>{all}</option>
                            {team_options}
                        </select>
                    </label>
                })}
            </div>
        })
    }
}

/// "店铺：X · 班组：Y" for print headers; empty when everything is shown.
pub fn filter_caption(filter: &Filter, lang: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(s) = &filter.shop {
        parts.push(format!("{}{s}", lang.pick("店铺：", "Shop: ")));
    }
    if let Some(t) = &filter.team {
        parts.push(format!("{}{}", lang.pick("班组：", "Team: "), team_label(t, lang)));
    }
    parts.join(" · ")
}
