//! 排班 Roster: from the imported chat history to a printed, legal roster — the forecast of
//! chats per 30 minutes (with its error on held-back days, marked promotion days and manual
//! overrides), the agents needed per interval and skill (Erlang C/A), staff and rules, the
//! optimiser with a live objective chart and Stop, the editable roster grid with its
//! violations in words, coverage, hours, print sheet (A4 landscape), CSV and iCalendar.
//! One file per card (`forecast`, `staffing`, `staff`, `generate`, `grid`, `output`,
//! `intraday`, `print`, `help`; `personal` for one agent's schedule; `engine` the engine check,
//! shown with or without data); `chart` draws the SVG line charts; this module holds the page,
//! the day picker and the helpers they share.

mod chart;
mod engine;
mod forecast;
mod generate;
mod grid;
mod help;
mod intraday;
mod output;
mod personal;
mod print;
mod staff;
mod staffing;

use engine::EngineCard;
use forecast::ForecastCard;
use generate::GenerateCard;
use grid::GridCard;
use help::HelpCard;
use intraday::IntradayCard;
use output::OutputCard;
use personal::PersonalSheet;
use print::PrintSheet;
use staff::StaffCard;
use staffing::StaffingCard;

use kefu_core::Lang;
use kefu_core::roster::work::{INTERVAL, Prepared, RosterWork, day_label};
use leptos::prelude::*;

use crate::actions::{self, roster::RosterView};
use crate::state::{AppState, Page};

const PER_DAY: usize = (1440 / INTERVAL) as usize;

fn hhmm(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60 % 24, minutes % 60)
}

fn interval_label(i: usize) -> String {
    hhmm(i as u32 * INTERVAL)
}

fn parse_hhmm(s: &str) -> Option<u32> {
    let (h, m) = s.split_once(':')?;
    let (h, m): (u32, u32) = (h.trim().parse().ok()?, m.trim().parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// A saved list of the work (marked days, overrides, requests) as `<li>` items, each with a
/// Remove button; `text` says what the entry is.
fn removable_list<T: Clone + 'static>(
    state: AppState,
    view: RosterView,
    list: fn(&RosterWork) -> &Vec<T>,
    list_mut: fn(&mut RosterWork) -> &mut Vec<T>,
    text: impl Fn(&T, Lang) -> String + 'static,
) -> impl Fn() -> Vec<AnyView> {
    move || {
        let lang = state.lang();
        let items = view.work.with(|w| w.as_ref().map(|w| list(w).clone()).unwrap_or_default());
        items
            .iter()
            .enumerate()
            .map(|(i, x)| {
                let remove = move |_| {
                    actions::roster::change(state, view, |w| {
                        let l = list_mut(w);
                        if i < l.len() {
                            l.remove(i);
                        }
                    })
                };
                view! {
                    <li>{text(x, lang)}" "
                        <button class="btn small" on:click=remove>{lang.pick("删除", "Remove")}</button></li>
                }
                .into_any()
            })
            .collect()
    }
}

/// The shops the plan is split by, in the order of its needs (one empty name: no split).
fn plan_shops(p: &Prepared) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in &p.needs {
        if !out.contains(&n.shop) {
            out.push(n.shop.clone());
        }
    }
    out
}

/// The shop shown in the staffing result and the coverage chart (tracked): the chosen one
/// while the plan has it, else the first.
fn shown_shop(view: RosterView, p: &Prepared) -> String {
    let shops = plan_shops(p);
    view.shop.get().filter(|s| shops.contains(s)).or_else(|| shops.first().cloned()).unwrap_or_default()
}

/// Buttons choosing the shop, when the plan is split by shop (agents of several shops and
/// chats of several shops); nothing otherwise.
#[component]
fn ShopPicker(view: RosterView, id: &'static str) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        view.prep.with(|p| {
            let p = p.as_ref()?;
            let shops = plan_shops(p);
            if shops.len() < 2 {
                return None;
            }
            let shown = shown_shop(view, p);
            let buttons = shops
                .into_iter()
                .map(|s| {
                    let active = s == shown;
                    let label = s.clone();
                    view! { <button data-shop=s.clone() class:active=active on:click=move |_| view.shop.set(Some(s.clone()))>{label}</button> }
                })
                .collect::<Vec<_>>();
            Some(view! {
                <div class="controls">
                    <span class="muted">{state.lang().pick("店铺：", "Shop: ")}</span>
                    <div class="segmented" role="group" id=id>{buttons}</div>
                </div>
            })
        })
    }
}

#[component]
fn DayPicker(view: RosterView, id: &'static str) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let lang = state.lang();
        view.prep.with(|p| {
            p.as_ref().map(|p| {
                let buttons = (0..p.model.plan.days as usize)
                    .map(|d| {
                        let label = day_label(p.model.plan.date(d), lang);
                        view! { <button data-day=d.to_string() class:active=move || view.day.get() == d on:click=move |_| view.day.set(d)>{label}</button> }
                    })
                    .collect::<Vec<_>>();
                view! { <div class="segmented day-picker" role="group" id=id>{buttons}</div> }
            })
        })
    }
}

#[component]
pub fn RosterPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let view = RosterView::new();
    Effect::new(move |_| {
        state.workspace.track();
        actions::roster::refresh(state, view);
    });
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    view! {
        <h1 class="no-print">{move || t("排班", "Roster")}</h1>
        <p class="lead no-print">{move || t(
            "从导入的聊天记录预测每 30 分钟的咨询量，用 Erlang 模型算出各时段需要几名客服，再按劳动法、合同、技能、请假和公平原则自动排班。排好后可以点格子手工调整、锁定，然后打印或导出。所有修改自动保存在本机。",
            "Forecast chats per 30 minutes from the imported chat history, compute how many agents each interval needs (Erlang model), then generate a roster that respects labour law, contracts, skills, leave and fairness. Adjust and lock cells by hand, then print or export. Every change is saved on this computer.",
        )}</p>
        {move || {
            if state.workspace.with(|w| w.is_none()) {
                return view! { <p class="muted">{t("正在打开工作区…", "Opening the workspace…")}</p> }.into_any();
            }
            if !actions::roster::has_data(state) {
                return view! {
                    <section class="card" id="roster-empty">
                        <h2>{t("还没有数据", "No data yet")}</h2>
                        <p>{t("先导入聊天记录和客服名单，或载入示例数据。排班需要至少 7 天的聊天记录来预测咨询量。", "Import chat logs and the staff list first, or load the demo workspace. The forecast needs at least 7 days of chat history.")}</p>
                        <button class="btn primary" on:click=move |_| actions::go(Page::Import)>{t("去导入", "Go to Import")}</button>
                    </section>
                }.into_any();
            }
            if let Some(e) = view.error.get() {
                return view! {
                    <section class="card warn" id="roster-error">
                        <h2>{t("无法排班", "Cannot plan yet")}</h2>
                        <p>{e}</p>
                        <button class="btn" on:click=move |_| actions::go(Page::Import)>{t("去导入", "Go to Import")}</button>
                    </section>
                }.into_any();
            }
            if view.prep.with(|p| p.is_none()) {
                return view! { <p class="muted" id="roster-loading">{t("正在预测…", "Forecasting…")}</p> }.into_any();
            }
            view! {
                <ForecastCard view=view/>
                <StaffingCard view=view/>
                <StaffCard view=view/>
                <GenerateCard view=view/>
                <GridCard view=view/>
                <OutputCard view=view/>
                <PersonalSheet view=view/>
                <IntradayCard view=view/>
                <PrintSheet view=view/>
                <HelpCard/>
            }.into_any()
        }}
        <EngineCard/>
    }
}
