//! The personal schedule (个人排班表) of one agent: every day of the plan with weekday, shift
//! code, start–end, meal breaks and paid hours, leave and requested days off, totals per
//! week; on screen below the output card, printed alone on A4 portrait in black and white
//! (the print button switches the print from the weekly sheet to this schedule), plus the
//! agent's own iCalendar file.

use chrono::{Datelike, NaiveDate};
use kefu_core::Lang;
use kefu_core::roster::edit::{DayKind, personal_schedule};
use leptos::prelude::*;

use crate::actions::{self, roster::RosterView};
use crate::state::AppState;

use super::hhmm;

fn date_label(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}月{}日", d.month(), d.day()),
        Lang::En => d.format("%-d %b").to_string(),
    }
}

fn weekday_label(d: NaiveDate, lang: Lang) -> &'static str {
    const ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
    const EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let i = d.weekday().num_days_from_monday() as usize;
    match lang {
        Lang::Zh => ZH[i],
        Lang::En => EN[i],
    }
}

fn hours(minutes: u32) -> String {
    format!("{:.1}", minutes as f64 / 60.0)
}

/// The agent picker of the output card.
#[component]
pub(super) fn PersonalPicker(view: RosterView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let options = move || {
        let lang = state.lang();
        let chosen = view.personal.get();
        let names = view.prep.with(|p| {
            p.as_ref().map(|p| p.model.plan.agents.iter().map(|a| a.name.clone()).collect::<Vec<_>>())
        });
        let none = view! { <option value="" selected=chosen.is_none()>{lang.pick("个人排班表：选择客服…", "Personal schedule: choose an agent…")}</option> };
        let list = names
            .unwrap_or_default()
            .into_iter()
            .enumerate()
            .map(|(i, n)| view! { <option value=i.to_string() selected=chosen == Some(i)>{n}</option> })
            .collect::<Vec<_>>();
        (none, list)
    };
    view! {
        <select id="personal-agent" on:change=move |ev| {
            let v = event_target_value(&ev).parse::<usize>().ok();
            if v.is_none() {
                view.print_personal.set(false);
            }
            view.personal.set(v);
        }>{options}</select>
    }
}

/// The chosen agent's schedule (screen and A4 portrait print).
#[component]
pub(super) fn PersonalSheet(view: RosterView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let body = move || {
        let lang = state.lang();
        let agent = view.personal.get()?;
        let roster = view.roster.get()?;
        view.prep.with(|p| {
            let p = p.as_ref()?;
            let m = &p.model;
            let s = personal_schedule(m, &roster, agent)?;
            let mut rows = Vec::new();
            let mut week = 0usize;
            for day in &s.days {
                let shift = day.kind == DayKind::Shift;
                let (code, time, breaks, paid) = if shift {
                    let b = day
                        .breaks
                        .iter()
                        .map(|(at, len)| format!("{}–{}", hhmm(*at), hhmm(at + len)))
                        .collect::<Vec<_>>()
                        .join("，");
                    (day.label.clone(), format!("{}–{}", hhmm(day.start), hhmm(day.end)), b, hours(day.paid_minutes))
                } else {
                    (lang.pick("休", "Off").to_owned(), String::new(), String::new(), String::new())
                };
                let note = match day.kind {
                    DayKind::Leave => lang.pick("请假", "Leave"),
                    DayKind::RequestedOff => lang.pick("本人申请休息", "Day off as asked"),
                    DayKind::Shift if day.leave_conflict => lang.pick("⚠ 请假日排了班", "⚠ shift on a leave day"),
                    _ => "",
                };
                rows.push(view! {
                    <tr data-day=day.day.to_string() data-label=day.label.clone() class:off=!shift class:leave=day.kind == DayKind::Leave>
                        <td>{date_label(day.date, lang)}</td>
                        <td>{weekday_label(day.date, lang)}</td>
                        <td class="code">{code}</td>
                        <td>{time}</td>
                        <td>{breaks}</td>
                        <td class="num">{paid}</td>
                        <td>{note}</td>
                    </tr>
                }.into_any());
                if let Some(w) = s.weeks.get(week).filter(|w| w.last == day.date) {
                    let text = match lang {
                        Lang::Zh => format!(
                            "{} – {} 合计：{} 个班，{} 小时，休息 {} 天",
                            date_label(w.first, lang), date_label(w.last, lang), w.shifts, hours(w.paid_minutes), w.days_off
                        ),
                        Lang::En => format!(
                            "{} – {} total: {} shift(s), {} h, {} day(s) off",
                            date_label(w.first, lang), date_label(w.last, lang), w.shifts, hours(w.paid_minutes), w.days_off
                        ),
                    };
                    rows.push(view! {
                        <tr class="week-total" data-week-minutes=w.paid_minutes.to_string()><td colspan="7">{text}</td></tr>
                    }.into_any());
                    week += 1;
                }
            }
            let title = match lang {
                Lang::Zh => format!("个人排班表 · {}", s.name),
                Lang::En => format!("Personal schedule · {}", s.name),
            };
            let period = match lang {
                Lang::Zh => format!(
                    "{} 至 {}，共 {} 小时（计薪）",
                    m.plan.start, m.plan.date(m.plan.days as usize - 1), hours(s.paid_minutes)
                ),
                Lang::En => format!(
                    "{} to {}: {} paid hours",
                    m.plan.start, m.plan.date(m.plan.days as usize - 1), hours(s.paid_minutes)
                ),
            };
            let legend = m
                .plan
                .templates
                .iter()
                .map(|t| format!("{} {}", t.code, t.span()))
                .collect::<Vec<_>>()
                .join("　");
            Some(view! {
                <h2>{title}</h2>
                <p class="personal-period" data-paid-minutes=s.paid_minutes.to_string()>{period}</p>
                <div class="actions no-print">
                    <button class="btn" id="personal-print" on:click=move |_| actions::roster::print_personal(view)>
                        {lang.pick("打印个人排班表（A4 纵向）", "Print personal schedule (A4 portrait)")}</button>
                    <button class="btn" id="personal-ics" on:click=move |_| actions::roster::export_agent_ics(state, view, agent)>
                        {lang.pick("导出此人日历（.ics）", "Export this agent's calendar (.ics)")}</button>
                    <button class="btn" on:click=move |_| { view.personal.set(None); view.print_personal.set(false); }>
                        {lang.pick("关闭", "Close")}</button>
                </div>
                <table class="table personal-table">
                    <thead><tr>
                        <th>{lang.pick("日期", "Date")}</th><th>{lang.pick("星期", "Day")}</th>
                        <th>{lang.pick("班次", "Shift")}</th><th>{lang.pick("上下班时间", "Start–end")}</th>
                        <th>{lang.pick("用餐（不计工时）", "Meal (unpaid)")}</th><th class="num">{lang.pick("计薪小时", "Paid h")}</th>
                        <th>{lang.pick("备注", "Note")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                <p class="sheet-legend">{legend}</p>
                <p class="sheet-sign">{lang.pick("本人签字：＿＿＿＿＿＿　　主管签字：＿＿＿＿＿＿", "Agent: ______________   Supervisor: ______________")}</p>
            })
        })
    };
    view! {
        <Show when=move || view.personal.with(|p| p.is_some()) && view.roster.with(|r| r.is_some())>
            <section class="card personal-sheet" id="personal-sheet"
                class:no-print=move || !view.print_personal.get() class:printing=move || view.print_personal.get()>
                {body}
            </section>
        </Show>
    }
}
