//! 培训 Training: per-agent training sheets (培训单, printable A4), the team training plan
//! with attendance and its before/after check, the weekly meeting (例会) sheet, the new-hire
//! checklist with sign-off, the script library (话术库) with question candidates from the
//! chats, and the registers: complaints and disputes (投诉/维权) with overdue marks, and
//! rewards and penalties (奖惩). Every table downloads as XLSX/CSV and prints.

mod checklist;
mod complaints;
mod library;
mod meeting;
mod plan;
mod rewards;
mod sheet;

use kefu_core::training::Excerpt;
use kefu_core::training::excerpt::Speaker;
use kefu_core::training::tables::TableKind;
use leptos::prelude::*;

use crate::actions::training::{Tab, TrainingView};
use crate::actions::{self};
use crate::state::{AppState, Page};

/// `format!` with a Chinese and an English template.
macro_rules! tr {
    ($lang:expr, $zh:literal, $en:literal $(, $arg:expr)* $(,)?) => {
        match $lang {
            kefu_core::Lang::Zh => format!($zh $(, $arg)*),
            kefu_core::Lang::En => format!($en $(, $arg)*),
        }
    };
}
pub(crate) use tr;

#[component]
pub fn TrainingPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let view = TrainingView::new();
    Effect::new(move |_| {
        state.workspace.track();
        actions::training::refresh(state, view);
    });
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    // Only whether the work is loaded decides what shows: edits must not rebuild the tab (and
    // lose its search box or open form).
    let ready = Memo::new(move |_| state.workspace.with(|w| w.is_some()) && view.work.with(|w| w.is_some()));
    let chats = Memo::new(move |_| actions::training::has_data(state));
    view! {
        <h1 class="no-print">{move || t("培训与登记", "Training and registers")}</h1>
        <p class="lead no-print">{move || t(
            "从质检和绩效结果出发：给每位客服打印培训单，安排培训并检查效果，准备周例会，维护话术库，登记投诉和奖惩。",
            "Start from what QA and the KPIs showed: print each agent's training sheet, plan sessions and check their effect, prepare the weekly meeting, keep the script library, and log complaints and rewards.",
        )}</p>
        <Tabs view=view/>
        {move || {
            if !ready.get() {
                return view! { <p class="muted">{t("正在打开工作区…", "Opening the workspace…")}</p> }.into_any();
            }
            let tab = view.tab.get();
            let needs_chats = matches!(tab, Tab::Sheet | Tab::Plan | Tab::Meeting | Tab::Checklist);
            if needs_chats && !chats.get() {
                return view! {
                    <section class="card" id="training-empty">
                        <h2>{t("还没有数据", "No data yet")}</h2>
                        <p>{t("先导入聊天记录或载入示例数据：培训单、培训计划和例会都从质检结果生成。话术库和登记簿不需要数据也能用。",
                              "Import chat logs or load the demo data first: sheets, the plan and the meeting sheet come from QA. The script library and the registers work without data.")}</p>
                        <button class="btn primary" on:click=move |_| actions::go(Page::Import)>{t("去导入", "Go to Import")}</button>
                    </section>
                }.into_any();
            }
            match tab {
                Tab::Sheet => view! { <sheet::SheetTab view=view/> }.into_any(),
                Tab::Plan => view! { <plan::PlanTab view=view/> }.into_any(),
                Tab::Meeting => view! { <meeting::MeetingTab view=view/> }.into_any(),
                Tab::Checklist => view! { <checklist::ChecklistTab view=view/> }.into_any(),
                Tab::Library => view! { <library::LibraryTab view=view/> }.into_any(),
                Tab::Complaints => view! { <complaints::ComplaintsTab view=view/> }.into_any(),
                Tab::Rewards => view! { <rewards::RewardsTab view=view/> }.into_any(),
            }
        }}
    }
}

#[component]
fn Tabs(view: TrainingView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let tabs = [
        (Tab::Sheet, "training-tab-sheet", "培训单", "Training sheet"),
        (Tab::Plan, "training-tab-plan", "培训计划", "Training plan"),
        (Tab::Meeting, "training-tab-meeting", "周例会", "Weekly meeting"),
        (Tab::Checklist, "training-tab-checklist", "新人清单", "New-hire checklist"),
        (Tab::Library, "training-tab-library", "话术库", "Script library"),
        (Tab::Complaints, "training-tab-complaints", "投诉登记", "Complaints"),
        (Tab::Rewards, "training-tab-rewards", "奖惩登记", "Rewards & penalties"),
    ];
    view! {
        <div class="segmented training-tabs no-print" role="tablist">
            {tabs.into_iter().map(|(tab, id, zh, en)| view! {
                <button id=id role="tab" class:active=move || view.tab.get() == tab
                    aria-selected=move || (view.tab.get() == tab).to_string()
                    on:click=move |_| actions::training::set_tab(state, view, tab)>{move || state.lang().pick(zh, en)}</button>
            }).collect::<Vec<_>>()}
        </div>
    }
}

/// Download and print buttons for a table.
#[component]
fn TableButtons(view: TrainingView, table: TableKind, id: &'static str) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    view! {
        <span class="table-buttons no-print">
            <button class="btn small" id=format!("{id}-xlsx")
                on:click=move |_| actions::training::export(state, view, table, true)>{move || t("下载 XLSX", "Download XLSX")}</button>
            <button class="btn small" id=format!("{id}-csv")
                on:click=move |_| actions::training::export(state, view, table, false)>{move || t("下载 CSV", "Download CSV")}</button>
            <button class="btn small" id=format!("{id}-print")
                on:click=move |_| actions::training::print()>{move || t("打印", "Print")}</button>
        </span>
    }
}

/// One excerpt: its lines, the evidence marked (printed in 【】 by the print stylesheet).
fn excerpt_view(e: Excerpt) -> impl IntoView {
    let head = format!("{} · {}", e.start.iso(), e.buyer);
    view! {
        <div class="excerpt">
            <div class="excerpt-head">{head}</div>
            {e.lines.into_iter().map(|l| {
                let side = match l.speaker {
                    Speaker::Buyer => "buyer",
                    Speaker::Agent => "agent",
                    Speaker::Other => "other",
                };
                view! {
                    <div class=format!("excerpt-line {side}") class:flagged=l.flagged>
                        <span class="who">{l.who}"："</span>
                        {l.segments.into_iter().map(|s| if s.mark {
                            view! { <mark class="evidence">{s.text}</mark> }.into_any()
                        } else {
                            view! { <span>{s.text}</span> }.into_any()
                        }).collect::<Vec<_>>()}
                    </div>
                }
            }).collect::<Vec<_>>()}
        </div>
    }
}

/// A date input's value as a date.
fn parse_date(s: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// A `datetime-local` input's value as a time.
fn parse_datetime(s: &str) -> Option<kefu_core::Ts> {
    let s = s.trim();
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .ok()
        .map(kefu_core::Ts::from_datetime)
}

/// A time as a `datetime-local` input's value.
fn input_datetime(ts: Option<kefu_core::Ts>) -> String {
    ts.map(|t| t.datetime().format("%Y-%m-%dT%H:%M").to_string()).unwrap_or_default()
}

/// A time as shown (minutes).
fn show_time(ts: Option<kefu_core::Ts>) -> String {
    ts.map(|t| t.datetime().format("%Y-%m-%d %H:%M").to_string()).unwrap_or_else(|| "—".into())
}
