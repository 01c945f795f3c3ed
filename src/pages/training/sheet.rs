//! The training sheet (培训单) of one agent: choose the agent and range, build it in the
//! worker, read it on screen and print it on A4 portrait (only the sheet prints).

use kefu_core::model::Period;
use kefu_core::training::TrainingSheet;
use leptos::prelude::*;

use super::{excerpt_view, parse_date, tr};
use crate::actions::training::TrainingView;
use crate::actions::{self};
use crate::state::{AppState, Tone};

#[component]
pub fn SheetTab(view: TrainingView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(p) = view.period.get().or(view.span.get()) {
            from.set(p.from.to_string());
            to.set(p.to.to_string());
        }
    });
    // The first sheet is built as soon as the agents are known.
    Effect::new(move |_| {
        if !view.agent.get().is_empty() && view.sheet.with_untracked(Option::is_none) {
            actions::training::load_sheet(state, view);
        }
    });
    let make = move || {
        match (parse_date(&from.get_untracked()), parse_date(&to.get_untracked())) {
            (Some(f), Some(tt)) if f <= tt => view.period.set(Some(Period { from: f, to: tt })),
            _ => {
                state.notify(
                    Tone::Error,
                    t("请输入有效的起止日期（年-月-日）。", "Enter a valid range (year-month-day)."),
                );
                return;
            }
        }
        actions::training::load_sheet(state, view);
    };
    let supervisor = move || view.work.with(|w| w.as_ref().map(|w| w.supervisor.clone()).unwrap_or_default());
    view! {
        <section class="card no-print" id="training-sheet-controls">
            <div class="controls">
                <label>{move || t("客服", "Agent")}" "
                    <select id="training-agent" prop:value=move || view.agent.get()
                        on:change=move |ev| { view.agent.set(event_target_value(&ev)); actions::training::load_sheet(state, view); }>
                        {move || view.agents.get().into_iter().map(|a| {
                            let v = a.clone();
                            view! { <option value=v selected=move || view.agent.get() == a.clone()>{a.clone()}</option> }
                        }).collect::<Vec<_>>()}
                    </select>
                </label>
                <label>{move || t("从", "From")}" "
                    <input type="date" id="training-from" prop:value=move || from.get() on:change=move |ev| from.set(event_target_value(&ev))/></label>
                <label>{move || t("到", "to")}" "
                    <input type="date" id="training-to" prop:value=move || to.get() on:change=move |ev| to.set(event_target_value(&ev))/></label>
                <label>{move || t("主管姓名", "Supervisor")}" "
                    <input type="text" id="training-supervisor" prop:value=supervisor
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            actions::training::edit_work(state, view, |w| w.supervisor = v);
                        }/></label>
                <button class="btn primary" id="training-sheet-make" on:click=move |_| make()>{move || t("生成培训单", "Build sheet")}</button>
                <button class="btn" id="training-sheet-print" disabled=move || view.sheet.with(Option::is_none)
                    on:click=move |_| actions::training::print()>{move || t("打印", "Print")}</button>
            </div>
            <p class="hint">{move || t(
                "培训单列出该客服本期最常违反的质检规则，每条附 2–3 段本人会话摘录（已隐去顾客信息）、话术库中的标准回复和练习任务。",
                "The sheet lists the QA rules this agent failed most in the range, each with 2–3 excerpts of their own conversations (buyer data masked), the model reply from the library and a practice task.",
            )}</p>
        </section>
        {move || view.sheet_error.get().map(|e| view! { <p class="error" id="training-sheet-error">{e}</p> })}
        {move || view.sheet.get().map(|s| sheet_view(state, s))}
    }
}

fn sheet_view(state: AppState, s: TrainingSheet) -> impl IntoView {
    let lang = state.lang();
    let who = if s.name.is_empty() { s.agent.clone() } else { format!("{}（{}）", s.name, s.agent) };
    let score = s.auto_score.map_or("—".into(), |x| format!("{x:.1}"));
    let facts = tr!(
        lang,
        "期间 {} 至 {} · 会话 {} 段 · 质检均分 {}",
        "{} to {} · {} conversations · mean QA score {}",
        s.period.from,
        s.period.to,
        s.conversations,
        score
    );
    let appraisal = s.appraisal.clone().map(|(total, grade)| {
        tr!(lang, "考核得分 {:.1}，等级 {}", "Appraisal {:.1}, grade {}", total, grade)
    });
    let has_kpis = !s.kpis.is_empty();
    let no_focus = s.focus.is_empty();
    view! {
        <article class="card training-sheet" id="training-sheet" data-agent=s.agent.clone()>
            <header class="sheet-head">
                <h2 id="training-sheet-title">{s.title.clone()}</h2>
                <p class="sheet-who"><strong>{lang.pick("客服：", "Agent: ")}</strong><span id="training-sheet-agent">{who}</span></p>
                <p class="sheet-facts">{facts}</p>
                {appraisal.map(|a| view! { <p class="sheet-facts">{a}</p> })}
            </header>
            <section class="sheet-part">
                <h3>{lang.pick("一、本期指标与目标", "1. KPIs against targets")}</h3>
                {if has_kpis {
                    view! {
                        <table class="table sheet-kpis" id="training-sheet-kpis">
                            <thead><tr>
                                <th>{lang.pick("指标", "KPI")}</th><th>{lang.pick("实际", "Actual")}</th>
                                <th>{lang.pick("目标", "Target")}</th><th>{lang.pick("达成", "Met")}</th>
                            </tr></thead>
                            <tbody>
                                {s.kpis.iter().map(|k| {
                                    let met = match k.met {
                                        Some(true) => lang.pick("✓ 达标", "✓ met"),
                                        Some(false) => lang.pick("✗ 未达标", "✗ not met"),
                                        None => "—",
                                    };
                                    let value = if k.provisional { format!("{}*", k.value) } else { k.value.clone() };
                                    view! { <tr class:missed=k.met == Some(false)><td>{k.label.clone()}</td><td>{value}</td><td>{k.target.clone()}</td><td>{met}</td></tr> }
                                }).collect::<Vec<_>>()}
                            </tbody>
                        </table>
                    }.into_any()
                } else {
                    view! { <p class="muted">{lang.pick("没有该客服的绩效数据（需要订单或接待数据）。", "No KPI data for this agent (orders or reception stats are needed).")}</p> }.into_any()
                }}
            </section>
            <section class="sheet-part">
                <h3>{lang.pick("二、重点改进的质检规则", "2. QA rules to work on")}</h3>
                {no_focus.then(|| view! { <p class="muted">{lang.pick("本期没有违反质检规则，继续保持。", "No QA rule failed in this range: keep it up.")}</p> })}
                <ol class="focus-rules">
                    {s.focus.into_iter().map(|f| {
                        let stats = tr!(lang, "{} 次，涉及 {} 段会话；每段会话 本人 {:.2} 次 / 团队 {:.2} 次", "{} hits in {} conversations; per conversation you {:.2} / team {:.2}",
                            f.hits, f.conversations, f.rate, f.team_rate);
                        view! {
                            <li class="focus-rule" data-rule=f.rule_id.clone()>
                                <h4><span class="rule-label">{f.label.clone()}</span>
                                    {f.critical.then(|| view! { <span class="tag critical">{lang.pick("红线", "critical")}</span> })}</h4>
                                <p class="focus-stats">{stats}</p>
                                <div class="excerpts">
                                    <p class="label">{lang.pick("会话摘录（【】内为问题所在）：", "Excerpts (the problem in 【】):")}</p>
                                    {f.excerpts.into_iter().map(excerpt_view).collect::<Vec<_>>()}
                                </div>
                                <div class="model-replies">
                                    <p class="label">{lang.pick("标准话术：", "Model reply:")}</p>
                                    {if f.model_replies.is_empty() {
                                        view! { <p class="muted">{lang.pick("话术库中没有对应话术，请补充。", "No model reply in the library: add one.")}</p> }.into_any()
                                    } else {
                                        view! { <ul>{f.model_replies.into_iter().map(|r| view! {
                                            <li class="model-reply"><strong>{format!("{}·{}", r.category, r.title)}</strong>" "{r.text}</li>
                                        }).collect::<Vec<_>>()}</ul> }.into_any()
                                    }}
                                </div>
                                <p class="practice"><strong>{lang.pick("练习：", "Practice: ")}</strong>{f.practice.clone()}</p>
                            </li>
                        }
                    }).collect::<Vec<_>>()}
                </ol>
            </section>
            <section class="sheet-part signatures">
                {s.signatures.into_iter().map(|g| view! {
                    <div class="signature">
                        <span>{g.role}"："</span><span class="sign-line">{g.name}</span>
                        <span>{g.date_label}"："</span><span class="sign-line short"></span>
                    </div>
                }).collect::<Vec<_>>()}
            </section>
        </article>
    }
}
