//! The printed weekly roster sheet: A4 landscape, black and white, one row per agent and a
//! page per week, with the shift legend and a signature line.

use kefu_core::Lang;
use kefu_core::roster::model::OFF;
use kefu_core::roster::work::day_label;
use leptos::prelude::*;

use crate::actions::roster::RosterView;
use crate::state::AppState;

/// The weekly roster sheet as printed: A4 landscape, black and white, one row per agent.
#[component]
pub(super) fn PrintSheet(view: RosterView) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let lang = state.lang();
        let roster = view.roster.get()?;
        view.prep.with(|p| {
            let p = p.as_ref()?;
            let m = &p.model;
            let days = m.plan.days as usize;
            let weeks = days.div_ceil(7);
            let legend = m
                .plan
                .templates
                .iter()
                .map(|t| format!("{} {}", t.code, t.span()))
                .chain(std::iter::once(lang.pick("休 = 休息", "休 = off").to_owned()))
                .collect::<Vec<_>>()
                .join("　");
            let sign = lang.pick("主管签字：＿＿＿＿＿＿　　日期：＿＿＿＿＿＿", "Supervisor: ______________   Date: __________");
            let sheets = (0..weeks)
                .map(|w| {
                    let range = w * 7..((w + 1) * 7).min(days);
                    let head = range.clone().map(|d| view! { <th>{day_label(m.plan.date(d), lang)}</th> }).collect::<Vec<_>>();
                    let rows = m
                        .plan
                        .agents
                        .iter()
                        .enumerate()
                        .map(|(a, ag)| {
                            let cells = range
                                .clone()
                                .map(|d| {
                                    let v = roster.get(a, d);
                                    view! { <td class:off=v == OFF>{m.cell_label(v)}</td> }
                                })
                                .collect::<Vec<_>>();
                            let mins: u32 = range
                                .clone()
                                .map(|d| roster.get(a, d))
                                .filter(|v| (*v as usize) < m.problem.shifts.len())
                                .map(|v| m.problem.shifts[v as usize].minutes)
                                .sum();
                            view! { <tr><th>{ag.name.clone()}</th>{cells}<td class="num">{format!("{:.1}", mins as f64 / 60.0)}</td></tr> }
                        })
                        .collect::<Vec<_>>();
                    let title = match lang {
                        Lang::Zh => format!("客服排班表 {} – {}", m.plan.date(range.start), m.plan.date(range.end - 1)),
                        Lang::En => format!("Roster {} – {}", m.plan.date(range.start), m.plan.date(range.end - 1)),
                    };
                    view! {
                        <div class="sheet">
                            <h2>{title}</h2>
                            <table class="table sheet-table">
                                <thead><tr><th>{lang.pick("客服", "Agent")}</th>{head}<th class="num">{lang.pick("工时", "Hours")}</th></tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                            <p class="sheet-legend">{legend.clone()}</p>
                            <p class="sheet-sign">{sign}</p>
                        </div>
                    }
                })
                .collect::<Vec<_>>();
            Some(view! {
                <section class="roster-sheet print-only" id="roster-sheet">{sheets}</section>
            })
        })
    }
}
