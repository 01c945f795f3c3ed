//! ③ The staff card: skills and contract per agent, leave and requests, shift templates and
//! the labour rules (rest between shifts, consecutive days).

use chrono::NaiveDate;
use kefu_core::Lang;
use kefu_core::model::Role;
use kefu_core::roster::kefu::{Agent, ShiftTemplate, default_templates};
use kefu_core::roster::work::{RequestKind, StaffRequest, day_label};
use leptos::prelude::*;

use crate::actions::{self, roster::RosterView};
use crate::state::{AppState, Tone};

use super::{hhmm, parse_hhmm, removable_list};

pub(super) fn upsert_agent(state: AppState, view: RosterView, agent: Agent) {
    actions::roster::change(state, view, move |w| {
        w.agents.retain(|a| a.id != agent.id);
        w.agents.push(agent);
    });
}

#[component]
pub(super) fn StaffCard(view: RosterView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    let rows = move || {
        let lang = state.lang();
        view.prep.with(|p| {
            let p = p.as_ref()?;
            Some(
                p.model
                    .plan
                    .agents
                    .iter()
                    .map(|a| {
                        let a = a.clone();
                        let skill_box = |role: Role| {
                            let a = a.clone();
                            let on = a.skills.contains(&role);
                            view! {
                                <label class="check"><input type="checkbox" prop:checked=on on:change=move |ev| {
                                    let mut b = a.clone();
                                    if event_target_checked(&ev) { if !b.skills.contains(&role) { b.skills.push(role); } } else { b.skills.retain(|r| *r != role); }
                                    upsert_agent(state, view, b);
                                }/>{role.label(lang)}</label>
                            }
                        };
                        let flag = |get: fn(&Agent) -> bool, set: fn(&mut Agent, bool)| {
                            let a = a.clone();
                            view! { <input type="checkbox" prop:checked=get(&a) on:change=move |ev| { let mut b = a.clone(); set(&mut b, event_target_checked(&ev)); upsert_agent(state, view, b); }/> }
                        };
                        let number = |id: &'static str, max: u32, get: fn(&Agent) -> u32, set: fn(&mut Agent, u32)| {
                            let a = a.clone();
                            view! { <input type="number" class="narrow" data-field=id min="0" max=max.to_string() prop:value=get(&a).to_string() on:change=move |ev| {
                                if let Ok(v) = event_target_value(&ev).trim().parse::<u32>() { let mut b = a.clone(); set(&mut b, v.min(max)); upsert_agent(state, view, b); }
                            }/> }
                        };
                        view! {
                            <tr data-agent=a.id.clone()>
                                <td>{a.name.clone()}</td>
                                <td>{skill_box(Role::PreSale)}{skill_box(Role::AfterSale)}</td>
                                <td>{number("weekly-hours", 60, |a| a.weekly_hours, |a, v| a.weekly_hours = v)}</td>
                                <td>{number("min-shifts", 7, |a| a.min_shifts_per_week, |a, v| a.min_shifts_per_week = v.min(a.max_shifts_per_week))}</td>
                                <td>{number("max-shifts", 7, |a| a.max_shifts_per_week, |a, v| { a.max_shifts_per_week = v.max(1); a.min_shifts_per_week = a.min_shifts_per_week.min(a.max_shifts_per_week); })}</td>
                                <td>{flag(|a| a.nights_ok, |a, v| a.nights_ok = v)}</td>
                                <td>{flag(|a| a.overtime_ok, |a, v| a.overtime_ok = v)}</td>
                                <td>{flag(|a| a.same_shift_week, |a, v| a.same_shift_week = v)}</td>
                            </tr>
                        }
                    })
                    .collect::<Vec<_>>(),
            )
        })
    };
    view! {
        <section class="card no-print" id="roster-staff">
            <h2>{move || t("③ 客服、请假与规则", "③ Staff, leave and rules")}</h2>
            <p class="hint">{move || t("客服来自导入的客服名单（只显示昵称）。改动会保存在排班里，不改名单本身。每周最多班数是硬性规则；最少班数（如兼职每周至少 3 班）尽量满足，不足时在排班表下列出。", "Agents come from the imported staff list (nicknames only). Changes are kept with the roster, not in the list itself. Max shifts a week is a hard rule; the minimum (e.g. a part-timer's 3 a week) is met where possible and listed under the roster when not.")}</p>
            <div class="table-scroll">
            <table class="table compact" id="staff-table">
                <thead><tr>
                    <th>{move || t("客服", "Agent")}</th><th>{move || t("技能", "Skills")}</th>
                    <th>{move || t("合同周工时", "Contract h/week")}</th>
                    <th title=move || t("软性：完整自然周少于此数按权重扣分（0 = 不限）", "Soft: a full week with fewer shifts is penalised (0 = none)")>{move || t("每周最少班数", "Min shifts/week")}</th>
                    <th title=move || t("硬性：每周最多上几个班", "Hard: most shifts in a week")>{move || t("每周最多班数", "Max shifts/week")}</th><th>{move || t("可上夜班", "Nights")}</th>
                    <th>{move || t("可加班", "Overtime")}</th><th>{move || t("整周同一班", "Same shift all week")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            </div>
            <LeaveForm view=view/>
            <TemplatesForm view=view/>
            <RulesForm view=view/>
        </section>
    }
}

#[component]
pub(super) fn LeaveForm(view: RosterView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    let agent = RwSignal::new(0usize);
    let date = RwSignal::new(String::new());
    let kind = RwSignal::new(0usize);
    let agents = move || {
        view.prep.with(|p| {
            p.as_ref()
                .map(|p| {
                    p.model.plan.agents.iter().map(|a| (a.id.clone(), a.name.clone())).collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let codes = move || {
        view.work.with(|w| {
            w.as_ref()
                .map(|w| w.templates.iter().map(|t| t.code.clone()).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    };
    let kind_label = move |k: &RequestKind| match k {
        RequestKind::Leave => t("请假", "Leave").to_owned(),
        RequestKind::DayOff => t("想休息", "Wants the day off").to_owned(),
        RequestKind::Shift(c) => match state.lang() {
            Lang::Zh => format!("想上{c}班"),
            Lang::En => format!("Prefers {c}"),
        },
    };
    let add = move |_| {
        let list = agents();
        let Some((id, _)) = list.get(agent.get_untracked()).cloned() else { return };
        let Ok(d) = date.get_untracked().parse::<NaiveDate>() else {
            state.notify(Tone::Error, t("请选择日期。", "Choose a date."));
            return;
        };
        let k = match kind.get_untracked() {
            0 => RequestKind::Leave,
            1 => RequestKind::DayOff,
            n => RequestKind::Shift(codes().get(n - 2).cloned().unwrap_or_default()),
        };
        actions::roster::change(state, view, |w| {
            w.requests.retain(|r| !(r.agent == id && r.date == d));
            w.requests.push(StaffRequest { agent: id, date: d, kind: k });
        });
    };
    let list = removable_list(
        state,
        view,
        |w| &w.requests,
        |w| &mut w.requests,
        move |r: &StaffRequest, lang| {
            let who = agents()
                .into_iter()
                .find(|(id, _)| *id == r.agent)
                .map(|(_, n)| n)
                .unwrap_or_else(|| kefu_core::roster::work::nick(&r.agent).to_owned());
            format!("{who} · {} · {}", day_label(r.date, lang), kind_label(&r.kind))
        },
    );
    view! {
        <h3>{move || t("请假和排班请求", "Leave and requests")}</h3>
        <p class="hint">{move || t("请假当天一定不排班（硬性）；“想休息”“想上某班”尽量满足（软性）。", "Leave is always kept free (hard); day-off and shift wishes are met where possible (soft).")}</p>
        <div class="controls" id="leave-form">
            <select id="leave-agent" on:change=move |ev| agent.set(event_target_value(&ev).parse().unwrap_or(0))>
                {move || agents().into_iter().enumerate().map(|(i, (_, n))| view! { <option value=i.to_string()>{n}</option> }).collect::<Vec<_>>()}
            </select>
            <input type="date" id="leave-date" prop:value=move || date.get() on:change=move |ev| date.set(event_target_value(&ev))/>
            <select id="leave-kind" on:change=move |ev| kind.set(event_target_value(&ev).parse().unwrap_or(0))>
                <option value="0">{move || t("请假", "Leave")}</option>
                <option value="1">{move || t("想休息", "Wants the day off")}</option>
                {move || codes().into_iter().enumerate().map(|(i, c)| view! { <option value=(i + 2).to_string()>{match state.lang() { Lang::Zh => format!("想上{c}班"), Lang::En => format!("Prefers {c}") }}</option> }).collect::<Vec<_>>()}
            </select>
            <button class="btn small" id="leave-add" on:click=add>{move || t("添加", "Add")}</button>
        </div>
        <ul class="plain" id="leave-list">{list}</ul>
    }
}

#[component]
pub(super) fn TemplatesForm(view: RosterView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    let rows = move || {
        let templates = view.work.with(|w| w.as_ref().map(|w| w.templates.clone()).unwrap_or_default());
        templates
            .into_iter()
            .enumerate()
            .map(|(i, tp)| {
                let brk: u32 = tp.breaks.iter().map(|b| b.1).sum();
                let set = move |f: Box<dyn FnOnce(&mut ShiftTemplate)>| {
                    actions::roster::change(state, view, move |w| {
                        if let Some(x) = w.templates.get_mut(i) {
                            f(x)
                        }
                    })
                };
                view! {
                    <tr>
                        <td>{tp.code.clone()}</td>
                        <td><input type="time" prop:value=hhmm(tp.start) on:change=move |ev| {
                            if let Some(m) = parse_hhmm(&event_target_value(&ev)) { set(Box::new(move |x: &mut ShiftTemplate| x.start = m)); }
                        }/></td>
                        <td><input type="time" prop:value=hhmm(tp.end()) on:change=move |ev| {
                            if let Some(m) = parse_hhmm(&event_target_value(&ev)) {
                                set(Box::new(move |x: &mut ShiftTemplate| { let len = (m + 1440 - x.start) % 1440; x.length = if len == 0 { 1440 } else { len }; }));
                            }
                        }/></td>
                        <td><input type="number" class="narrow" min="0" max="120" prop:value=brk.to_string() on:change=move |ev| {
                            if let Ok(b) = event_target_value(&ev).trim().parse::<u32>() {
                                set(Box::new(move |x: &mut ShiftTemplate| { let at = x.length.saturating_sub(b) / 2; x.breaks = if b == 0 { vec![] } else { vec![(at / 30 * 30, b.min(120))] }; }));
                            }
                        }/></td>
                        <td class="num">{format!("{:.1}", tp.paid_minutes() as f64 / 60.0)}</td>
                        <td>{if tp.late { t("是", "yes") } else { "" }}</td>
                    </tr>
                }
            })
            .collect::<Vec<_>>()
    };
    view! {
        <h3>{move || t("班次模板", "Shift templates")}</h3>
        <div class="table-scroll">
        <table class="table compact" id="templates-table">
            <thead><tr><th>{move || t("班次", "Shift")}</th><th>{move || t("上班", "Start")}</th><th>{move || t("下班", "End")}</th><th>{move || t("用餐（分钟，不计工时）", "Meal (min, unpaid)")}</th><th class="num">{move || t("计薪小时", "Paid h")}</th><th>{move || t("晚班", "Late")}</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        </div>
        <button class="btn small" id="templates-reset" on:click=move |_| actions::roster::change(state, view, |w| w.templates = default_templates())>{move || t("恢复默认（早/中/晚 覆盖 08:00–24:00）", "Restore defaults (early/middle/late, 08:00–24:00)")}</button>
    }
}

#[component]
pub(super) fn RulesForm(view: RosterView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    let rest = move || {
        view.work
            .with(|w| w.as_ref().map(|w| (w.rules.min_rest_minutes / 60).to_string()).unwrap_or_default())
    };
    let consec = move || {
        view.work.with(|w| w.as_ref().map(|w| w.rules.max_consecutive_days.to_string()).unwrap_or_default())
    };
    view! {
        <h3>{move || t("规则", "Rules")}</h3>
        <div class="controls">
            <label>{move || t("两班之间至少休息（小时）", "Minimum rest between shifts (h)")}
                <input type="number" id="rule-rest" class="narrow" min="0" max="24" prop:value=rest on:change=move |ev| {
                    if let Ok(h) = event_target_value(&ev).trim().parse::<u32>() { actions::roster::change(state, view, |w| w.rules.min_rest_minutes = h.min(24) * 60); }
                }/></label>
            <label>{move || t("最多连续上班（天）", "Max consecutive working days")}
                <input type="number" id="rule-consecutive" class="narrow" min="1" max="13" prop:value=consec on:change=move |ev| {
                    if let Ok(d) = event_target_value(&ev).trim().parse::<u32>() { actions::roster::change(state, view, |w| w.rules.max_consecutive_days = d.clamp(1, 13)); }
                }/></label>
            <span class="muted">{move || t("劳动法：每天 8 小时、每周 40 小时、每周至少休 1 天；允许加班的员工每天最多加 3 小时、每月最多 36 小时。", "Labour law: 8 h a day, 40 h a week, one rest day a week; agents allowed overtime at most 3 h a day and 36 h a month.")}</span>
        </div>
    }
}
