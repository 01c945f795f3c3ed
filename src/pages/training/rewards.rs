//! Rewards and penalties (奖惩登记) of a month: entries generated from the appraisal and the
//! attendance rule book, plus manual entries added here; per-agent totals; XLSX/CSV and print.

use kefu_core::Money;
use kefu_core::registers::Entry;
use kefu_core::registers::rewards::{Kind, Origin};
use kefu_core::training::tables::TableKind;
use leptos::prelude::*;

use super::{TableButtons, parse_date, tr};
use crate::actions::training::TrainingView;
use crate::actions::{self};
use crate::state::{AppState, Tone};

#[component]
pub fn RewardsTab(view: TrainingView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    let table = Signal::derive(move || TableKind::Rewards { day: view.rewards_day.get() });
    view! {
        <section class="card" id="training-rewards">
            <div class="card-head">
                <h2>{move || t("奖惩登记", "Rewards and penalties")}</h2>
                {move || view! { <TableButtons view=view table=table.get() id="rewards"/> }}
            </div>
            <div class="controls no-print">
                <label>{move || t("月份（任选一天）", "Month (any day)")}" "
                    <input type="date" id="rewards-day" on:change=move |ev| {
                        if let Some(d) = parse_date(&event_target_value(&ev)) { view.rewards_day.set(Some(d)); actions::training::load_rewards(state, view); }
                    }/></label>
            </div>
            <p class="hint no-print">{move || t(
                "自动项来自“绩效 → 月度考核”的等级奖金和加减分，以及考勤制度（迟到、缺卡等）；手工项在下面添加。",
                "Generated entries come from the monthly appraisal (grade bonus, adjustments) and the attendance rule book (late arrivals, missed punches…); add manual ones below.",
            )}</p>
            {move || match view.rewards.get() {
                None if actions::training::has_data(state) => view! { <p class="muted">{t("正在计算…", "Computing…")}</p> }.into_any(),
                None => view! { <p class="muted">{t("先导入数据才能生成自动项；手工项可以直接添加。", "Import data for the generated entries; manual ones can be added now.")}</p> }.into_any(),
                Some(v) => {
                    let lang = state.lang();
                    let period = v.period.map(|p| tr!(lang, "{} 至 {}", "{} to {}", p.from, p.to)).unwrap_or_default();
                    view! {
                        <p><strong>{period}</strong></p>
                        <table class="table" id="rewards-totals">
                            <thead><tr><th>{lang.pick("客服", "Agent")}</th><th>{lang.pick("奖励", "Rewards")}</th><th>{lang.pick("处罚", "Penalties")}</th><th>{lang.pick("分数合计", "Points")}</th><th>{lang.pick("金额合计（元）", "Amount (yuan)")}</th></tr></thead>
                            <tbody>{v.totals.into_iter().map(|x| view! {
                                <tr><td>{if x.name.is_empty() { x.agent.clone() } else { format!("{}（{}）", x.name, x.agent) }}</td>
                                    <td>{x.rewards}</td><td>{x.penalties}</td><td>{format!("{:+.1}", x.points)}</td><td>{x.amount.plain()}</td></tr>
                            }).collect::<Vec<_>>()}</tbody>
                        </table>
                        <table class="table" id="rewards-table">
                            <thead><tr><th>{lang.pick("日期", "Date")}</th><th>{lang.pick("客服", "Agent")}</th><th>{lang.pick("类型", "Kind")}</th>
                                <th>{lang.pick("来源", "Origin")}</th><th>{lang.pick("事由", "Reason")}</th><th>{lang.pick("分数", "Points")}</th><th>{lang.pick("金额（元）", "Amount")}</th><th class="no-print"></th></tr></thead>
                            <tbody>{v.entries.into_iter().map(|e| {
                                let id = e.id.clone();
                                let manual = e.origin == Origin::Manual;
                                view! {
                                    <tr class:penalty=e.kind == Kind::Penalty>
                                        <td>{e.date.to_string()}</td><td>{if e.name.is_empty() { e.agent.clone() } else { e.name.clone() }}</td>
                                        <td>{e.kind.label(lang)}</td><td>{e.origin.label(lang)}</td><td>{e.reason.clone()}</td>
                                        <td>{format!("{:+.1}", e.points)}</td><td>{e.amount.plain()}</td>
                                        <td class="no-print">{manual.then(|| view! {
                                            <button class="btn small link" on:click=move |_| {
                                                let id = id.clone();
                                                actions::training::edit_registers(state, view, move |r| { r.rewards.remove(&id); });
                                            }>{lang.pick("删除", "Delete")}</button>
                                        })}</td>
                                    </tr>
                                }
                            }).collect::<Vec<_>>()}</tbody>
                        </table>
                    }.into_any()
                }
            }}
            <ManualForm view=view/>
        </section>
    }
}

#[component]
fn ManualForm(view: TrainingView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    let date = RwSignal::new(actions::training::clock().date().to_string());
    let agent = RwSignal::new(String::new());
    let kind = RwSignal::new(Kind::Reward);
    let reason = RwSignal::new(String::new());
    let points = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let add = move || {
        let Some(d) = parse_date(&date.get_untracked()) else { return };
        let sign = if kind.get_untracked() == Kind::Penalty { -1.0 } else { 1.0 };
        let p: f64 = points.get_untracked().trim().parse().unwrap_or(0.0);
        let yuan: f64 = amount.get_untracked().trim().parse().unwrap_or(0.0);
        let a = agent.get_untracked().trim().to_owned();
        if a.is_empty() || reason.get_untracked().trim().is_empty() {
            state.notify(Tone::Error, t("请填写客服和事由。", "Enter the agent and the reason."));
            return;
        }
        let e = Entry {
            date: d,
            agent: a.clone(),
            name: a,
            kind: kind.get_untracked(),
            origin: Origin::Manual,
            reason: reason.get_untracked().trim().to_owned(),
            points: sign * p.abs(),
            amount: Money((sign * yuan.abs() * 100.0).round() as i64),
            by: view.work.with_untracked(|w| w.as_ref().map(|w| w.supervisor.clone()).unwrap_or_default()),
            ..Entry::default()
        };
        actions::training::edit_registers(state, view, move |r| {
            r.rewards.put(e);
        });
        reason.set(String::new());
    };
    view! {
        <div class="controls no-print" id="rewards-form">
            <input type="date" id="reward-date" prop:value=move || date.get() on:change=move |ev| date.set(event_target_value(&ev))/>
            <input type="text" id="reward-agent" list="reward-agents" placeholder=move || t("客服", "Agent") prop:value=move || agent.get() on:input=move |ev| agent.set(event_target_value(&ev))/>
            <datalist id="reward-agents">{move || view.agents.get().into_iter().map(|a| view! { <option value=a/> }).collect::<Vec<_>>()}</datalist>
            <select id="reward-kind" on:change=move |ev| kind.set(if event_target_value(&ev) == "penalty" { Kind::Penalty } else { Kind::Reward })>
                <option value="reward">{move || t("奖励", "Reward")}</option>
                <option value="penalty">{move || t("处罚", "Penalty")}</option>
            </select>
            <input type="text" id="reward-reason" placeholder=move || t("事由", "Reason") prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
            <input type="number" id="reward-points" class="num-input" placeholder=move || t("分数", "Points") prop:value=move || points.get() on:input=move |ev| points.set(event_target_value(&ev))/>
            <input type="number" id="reward-amount" class="num-input" placeholder=move || t("金额（元）", "Yuan") prop:value=move || amount.get() on:input=move |ev| amount.set(event_target_value(&ev))/>
            <button class="btn" id="reward-add" on:click=move |_| add()>{move || t("添加", "Add")}</button>
        </div>
    }
}
