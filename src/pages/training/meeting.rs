//! The weekly meeting (周例会) sheet: the week's headline KPIs against last week, the QA
//! headline, the top problems with two examples and the model reply each, and the actions with
//! owners (this week's and those still open). Printable; actions are edited here.

use kefu_core::training::tables::TableKind;
use kefu_core::training::{MeetingAction, MeetingSheet};
use leptos::prelude::*;

use super::{TableButtons, excerpt_view, parse_date, tr};
use crate::actions::training::TrainingView;
use crate::actions::{self};
use crate::state::{AppState, Tone};

#[component]
pub fn MeetingTab(view: TrainingView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    let day = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(s) = view.meeting.with(|m| m.as_ref().map(|m| m.week.from)) {
            day.set(s.to_string());
        }
    });
    view! {
        <section class="card no-print" id="meeting-controls">
            <div class="controls">
                <label>{move || t("例会所在周（任选一天）", "Week of (any day)")}" "
                    <input type="date" id="meeting-day" prop:value=move || day.get()
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            day.set(v.clone());
                            if let Some(d) = parse_date(&v) { view.meeting_day.set(Some(d)); actions::training::load_meeting(state, view); }
                        }/></label>
                <button class="btn" id="meeting-print" on:click=move |_| actions::training::print()>{move || t("打印例会单", "Print")}</button>
                <TableButtons view=view table=TableKind::Actions id="actions"/>
            </div>
        </section>
        {move || view.meeting.get().map(|m| sheet(state, view, m))}
    }
}

fn sheet(state: AppState, view: TrainingView, m: MeetingSheet) -> impl IntoView {
    let lang = state.lang();
    let qa = &m.qa;
    let score = |s: Option<f64>| s.map_or("—".into(), |x| format!("{x:.1}"));
    let qa_line = tr!(
        lang,
        "质检：本周 {} 段会话，均分 {}（上周 {} 段，均分 {}）",
        "QA: {} conversations this week, mean {} (last week {}, mean {})",
        qa.conversations,
        score(qa.auto_score),
        qa.conversations_last_week,
        score(qa.auto_score_last_week)
    );
    let week = m.week.from;
    view! {
        <article class="card meeting-sheet" id="meeting-sheet">
            <h2>{m.title.clone()}</h2>
            <h3>{lang.pick("一、本周指标（与上周比）", "1. This week's KPIs (vs last week)")}</h3>
            {if m.kpis.is_empty() {
                view! { <p class="muted">{lang.pick("没有本周的绩效数据。", "No KPI data for this week.")}</p> }.into_any()
            } else {
                view! {
                    <table class="table">
                        <thead><tr><th>{lang.pick("指标", "KPI")}</th><th>{lang.pick("本周", "This week")}</th><th>{lang.pick("上周", "Last week")}</th><th>{lang.pick("变化", "Change")}</th></tr></thead>
                        <tbody>{m.kpis.iter().map(|h| {
                            let change = match h.better {
                                Some(true) => lang.pick("↑ 变好", "↑ better"),
                                Some(false) => lang.pick("↓ 变差", "↓ worse"),
                                None => lang.pick("持平", "same"),
                            };
                            view! { <tr><td>{h.name.clone()}</td><td>{h.current.display(lang)}</td><td>{h.previous.display(lang)}</td><td>{change}</td></tr> }
                        }).collect::<Vec<_>>()}</tbody>
                    </table>
                }.into_any()
            }}
            <p>{qa_line}</p>
            <h3>{lang.pick("二、本周主要问题", "2. Top problems this week")}</h3>
            {m.problems.is_empty().then(|| view! { <p class="muted">{lang.pick("本周没有质检问题。", "No QA problems this week.")}</p> })}
            <ol class="focus-rules">
                {m.problems.into_iter().map(|p| {
                    let who: Vec<String> = p.agents.iter().map(|(a, n)| format!("{a} {n}")).collect();
                    let stats = tr!(lang, "本周 {} 次（上周 {} 次）；{}", "{} this week ({} last week); {}", p.hits, p.hits_last_week, who.join("、"));
                    view! {
                        <li class="focus-rule">
                            <h4>{p.label.clone()}</h4>
                            <p class="focus-stats">{stats}</p>
                            <div class="excerpts">{p.examples.into_iter().map(excerpt_view).collect::<Vec<_>>()}</div>
                            {p.model_reply.map(|r| view! { <p class="model-reply"><strong>{lang.pick("标准话术：", "Model reply: ")}</strong>{r.text}</p> })}
                        </li>
                    }
                }).collect::<Vec<_>>()}
            </ol>
            <h3>{lang.pick("三、行动项与负责人", "3. Actions and owners")}</h3>
            {actions_table(state, view, m.actions.into_iter().chain(m.open_actions).collect())}
            <ActionForm view=view week=week/>
        </article>
    }
}

fn actions_table(state: AppState, view: TrainingView, list: Vec<MeetingAction>) -> impl IntoView {
    let lang = state.lang();
    if list.is_empty() {
        return view! { <p class="muted">{lang.pick("还没有行动项。", "No actions yet.")}</p> }.into_any();
    }
    view! {
        <table class="table" id="meeting-actions">
            <thead><tr><th>{lang.pick("周", "Week")}</th><th>{lang.pick("行动", "Action")}</th><th>{lang.pick("负责人", "Owner")}</th>
                <th>{lang.pick("期限", "Due")}</th><th>{lang.pick("完成", "Done")}</th></tr></thead>
            <tbody>{list.into_iter().map(|a| {
                let id = a.id.clone();
                view! {
                    <tr>
                        <td>{a.week.to_string()}</td><td>{a.text.clone()}</td><td>{a.owner.clone()}</td>
                        <td>{a.due.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}</td>
                        <td><input type="checkbox" prop:checked=a.done on:change=move |ev| {
                            let done = event_target_checked(&ev);
                            let id = id.clone();
                            actions::training::edit_plan(state, view, move |w| if let Some(x) = w.actions.iter_mut().find(|x| x.id == id) { x.done = done; });
                        }/><span class="print-only">{if a.done { "✓" } else { "" }}</span></td>
                    </tr>
                }
            }).collect::<Vec<_>>()}</tbody>
        </table>
    }.into_any()
}

#[component]
fn ActionForm(view: TrainingView, week: chrono::NaiveDate) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    let (text, owner, due) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let add = move || {
        let a = MeetingAction {
            id: String::new(),
            week,
            text: text.get_untracked().trim().to_owned(),
            owner: owner.get_untracked().trim().to_owned(),
            due: parse_date(&due.get_untracked()),
            done: false,
            rule: None,
        };
        if a.text.is_empty() || a.owner.is_empty() {
            state.notify(Tone::Error, t("请填写行动内容和负责人。", "Enter the action and its owner."));
            return;
        }
        actions::training::edit_plan(state, view, move |w| {
            w.put_action(a);
        });
        text.set(String::new());
    };
    view! {
        <div class="controls no-print" id="action-form">
            <input type="text" id="action-text" placeholder=move || t("行动内容", "Action") prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))/>
            <input type="text" id="action-owner" placeholder=move || t("负责人", "Owner") prop:value=move || owner.get() on:input=move |ev| owner.set(event_target_value(&ev))/>
            <input type="date" id="action-due" prop:value=move || due.get() on:change=move |ev| due.set(event_target_value(&ev))/>
            <button class="btn" id="action-add" on:click=move |_| add()>{move || t("添加行动项", "Add action")}</button>
        </div>
    }
}
