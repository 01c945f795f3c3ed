//! ⑥ The output card: coverage chart (required vs scheduled), hours per agent, and the
//! print, CSV and iCalendar buttons.

use kefu_core::Lang;
use kefu_core::model::Role;
use kefu_core::roster::kefu::Model;
use leptos::prelude::*;

use crate::actions::{self, roster::RosterView};
use crate::state::AppState;

use super::personal::PersonalPicker;

use super::chart::{Series, line_chart};
use super::{DayPicker, PER_DAY, ShopPicker, shown_shop};

/// Required against scheduled per interval of `day`, for the demands of `shop` (all of them
/// when the plan is not split by shop).
fn coverage_chart(
    model: &Model,
    roster: &kefu_core::roster::model::Roster,
    day: usize,
    shop: &str,
    lang: Lang,
) -> AnyView {
    let rows = model.coverage(roster);
    let mut series = Vec::new();
    for (di, dm) in model.plan.demand.iter().enumerate().filter(|(_, d)| d.shop == shop) {
        let pre = dm.skill == Role::PreSale;
        let mut req = vec![None; PER_DAY];
        let mut sch = vec![None; PER_DAY];
        for r in rows.iter().filter(|r| r.demand == di && r.day as usize == day) {
            req[r.interval as usize] = Some(r.required as f64);
            sch[r.interval as usize] = Some(r.scheduled as f64);
        }
        let sk = dm.skill.label(lang);
        series.push(Series {
            values: req,
            class: if pre { "s-pre" } else { "s-after" },
            label: format!("{sk} {}", lang.pick("需要", "required")),
        });
        series.push(Series {
            values: sch,
            class: if pre { "s-pre-sched" } else { "s-after-sched" },
            label: format!("{sk} {}", lang.pick("已排", "scheduled")),
        });
    }
    let ticks = (0..24).step_by(2).map(|h| (h * 2, format!("{h:02}"))).collect();
    line_chart("coverage-chart", series, ticks, true)
}

#[component]
pub(super) fn OutputCard(view: RosterView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    let body = move || {
        let lang = state.lang();
        let day = view.day.get();
        let roster = view.roster.get()?;
        view.prep.with(|p| {
            let p = p.as_ref()?;
            let m = &p.model;
            let chart = coverage_chart(m, &roster, day, &shown_shop(view, p), lang);
            let hours = m.hours(&roster);
            let rows = hours
                .iter()
                .map(|h| {
                    let ag = &m.plan.agents[h.agent];
                    let weeks = h.week_minutes.iter().map(|w| format!("{:.1}", *w as f64 / 60.0)).collect::<Vec<_>>().join(" / ");
                    view! {
                        <tr data-agent=ag.id.clone()>
                            <td>{ag.name.clone()}</td>
                            <td class="num">{h.shifts}</td>
                            <td class="num">{format!("{:.1}", h.paid_minutes as f64 / 60.0)}</td>
                            <td class="num">{weeks}</td>
                            <td class="num">{ag.weekly_hours}</td>
                            <td class="num">{h.late_shifts}</td>
                            <td class="num">{h.weekend_days}</td>
                            <td class="num">{h.days_off}</td>
                        </tr>
                    }
                })
                .collect::<Vec<_>>();
            Some(view! {
                <h3>{lang.pick("覆盖情况（需要 vs 已排，每 30 分钟）", "Coverage (required vs scheduled, per 30 minutes)")}</h3>
                <ShopPicker view=view id="coverage-shop"/>
                <DayPicker view=view id="coverage-day"/>
                {chart}
                <h3>{lang.pick("每人工时", "Hours per agent")}</h3>
                <div class="table-scroll">
                <table class="table compact" id="hours-table">
                    <thead><tr>
                        <th>{lang.pick("客服", "Agent")}</th><th class="num">{lang.pick("班数", "Shifts")}</th>
                        <th class="num">{lang.pick("计薪小时", "Paid h")}</th><th class="num">{lang.pick("每周小时", "Hours per week")}</th>
                        <th class="num">{lang.pick("合同周工时", "Contract h/week")}</th><th class="num">{lang.pick("晚班", "Late")}</th>
                        <th class="num">{lang.pick("周末上班天数", "Weekend days")}</th><th class="num">{lang.pick("休息天数", "Days off")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                </div>
            })
        })
    };
    view! {
        <section class="card no-print" id="roster-output">
            <h2>{move || t("⑥ 覆盖、工时与导出", "⑥ Coverage, hours and export")}</h2>
            <Show when=move || view.roster.with(|r| r.is_some()) fallback=move || view! { <p class="muted">{t("生成排班后显示。", "Shown once a roster is generated.")}</p> }>
                <div class="actions">
                    <button class="btn" id="roster-print" on:click=move |_| actions::roster::print_sheet(view)>{move || t("打印排班表（A4 横向）", "Print roster sheet (A4 landscape)")}</button>
                    <button class="btn" id="roster-csv" on:click=move |_| actions::roster::export_csv(state, view)>{move || t("导出 CSV", "Export CSV")}</button>
                    <button class="btn" id="roster-ics" on:click=move |_| actions::roster::export_ics(state, view)>{move || t("导出日历（.ics）", "Export calendar (.ics)")}</button>
                    <PersonalPicker view=view/>
                </div>
                {body}
            </Show>
        </section>
    }
}
