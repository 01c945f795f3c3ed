//! ⑤ The roster grid: click a cell to pick a shift or lock it; hard violations are marked
//! in the grid and every broken rule is listed in words with the edit's coverage effect.

use kefu_core::Lang;
use kefu_core::roster::model::{OFF, Rule};
use kefu_core::roster::work::{cover_gaps, day_label, violation_text};
use leptos::prelude::*;

use crate::actions::{self, roster::RosterView};
use crate::state::AppState;

/// Violations listed in words (the rest are counted).
const SHOWN_VIOLATIONS: usize = 60;

/// Rules that concern one agent (listed in words); cover gaps are summed instead.
pub(super) fn is_person_rule(r: Rule) -> bool {
    !matches!(r, Rule::UnderCover | Rule::OverCover)
}

#[component]
pub(super) fn GridCard(view: RosterView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    let report = Memo::new(move |_| view.report());
    let grid = move || {
        let lang = state.lang();
        let rep = report.get();
        view.prep.with(|p| {
            let p = p.as_ref()?;
            let m = &p.model;
            let days = m.plan.days as usize;
            let roster = view.roster.get()?;
            let locks = view.locks.get();
            let bad: std::collections::HashSet<(u32, u16)> = rep
                .as_ref()
                .map(|r| {
                    r.violations
                        .iter()
                        .filter(|v| v.rule.is_hard())
                        .filter_map(|v| Some((v.staff?, v.day?)))
                        .collect()
                })
                .unwrap_or_default();
            let head = (0..days)
                .map(|d| {
                    let date = m.plan.date(d);
                    view! { <th class:weekend=m.problem.is_weekend(d)>{day_label(date, lang)}</th> }
                })
                .collect::<Vec<_>>();
            let picker = view.picker.get();
            let rows = m
                .plan
                .agents
                .iter()
                .enumerate()
                .map(|(a, ag)| {
                    let cells = (0..days)
                        .map(|d| {
                            let v = roster.get(a, d);
                            let label = m.cell_label(v);
                            let label_attr = label.clone();
                            let locked = locks.get(a * days + d).copied().unwrap_or(false);
                            let is_bad = bad.contains(&(a as u32, d as u16));
                            let open = picker == Some((a, d));
                            let menu = open.then(|| {
                                let opts = actions::roster::choices(m, a, lang)
                                    .into_iter()
                                    .map(|(val, text)| view! {
                                        <button class="pick" data-value=val.to_string() on:click=move |ev| { ev.stop_propagation(); actions::roster::set_cell(state, view, a, d, val); }>{text}</button>
                                    })
                                    .collect::<Vec<_>>();
                                view! {
                                    <div class="picker" role="menu">
                                        {opts}
                                        <button class="pick lock" on:click=move |ev| { ev.stop_propagation(); actions::roster::toggle_lock(state, view, a, d); }>
                                            {if locked { lang.pick("解锁", "Unlock") } else { lang.pick("锁定此格", "Lock cell") }}</button>
                                        <button class="pick" on:click=move |ev| { ev.stop_propagation(); view.picker.set(None); }>{lang.pick("取消", "Cancel")}</button>
                                    </div>
                                }
                            });
                            // Drag and drop: the dragged cell is kept in `view.drag`; a cell
                            // accepts the drop (prevents the default) only when the move is legal.
                            let here = (a, d);
                            let draggable = v != OFF && !locked;
                            let over = move |ev: leptos::ev::DragEvent| {
                                if let Some(from) = view.drag.get_untracked()
                                    && actions::roster::can_drop(view, from, here)
                                {
                                    ev.prevent_default();
                                    if view.drop_at.get_untracked() != Some(here) {
                                        view.drop_at.set(Some(here));
                                    }
                                }
                            };
                            let leave = move |_| {
                                if view.drop_at.get_untracked() == Some(here) {
                                    view.drop_at.set(None);
                                }
                            };
                            let drop = move |ev: leptos::ev::DragEvent| {
                                ev.prevent_default();
                                if let Some(from) = view.drag.get_untracked() {
                                    actions::roster::move_cell(state, view, from, here);
                                }
                            };
                            let end = move |_| {
                                view.drag.set(None);
                                view.drop_at.set(None);
                            };
                            view! {
                                <td class="cell-td" class:off=v == OFF class:bad=is_bad class:locked=locked
                                    class:dragging=move || view.drag.get() == Some(here)
                                    class:drop-target=move || view.drop_at.get() == Some(here)
                                    on:dragover=over on:dragleave=leave on:drop=drop>
                                    <button class="cell" data-agent=a.to_string() data-day=d.to_string() data-label=label_attr
                                        draggable=if draggable { "true" } else { "false" }
                                        on:dragstart=move |ev| { crate::platform::dom::start_move_drag(&ev); view.drag.set(Some(here)); } on:dragend=end
                                        title=if is_bad { lang.pick("违反硬性规则，见下方说明", "Breaks a hard rule: see below") } else { "" }
                                        on:click=move |_| view.picker.set(if open { None } else { Some((a, d)) })>
                                        {label}{locked.then_some(" 🔒")}{is_bad.then_some(" ⚠")}
                                    </button>
                                    {menu}
                                </td>
                            }
                        })
                        .collect::<Vec<_>>();
                    view! { <tr data-agent=ag.id.clone()><th class="agent">{ag.name.clone()}</th>{cells}</tr> }
                })
                .collect::<Vec<_>>();
            Some(view! {
                <div class="table-scroll">
                <table class="table roster-grid" id="roster-grid">
                    <thead><tr><th>{lang.pick("客服", "Agent")}</th>{head}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                </div>
            })
        })
    };
    let effects = move || {
        let lang = state.lang();
        let rep = report.get()?;
        let (under, over) = cover_gaps(&rep);
        let hard = rep.score.hard;
        let before = view.before_edit.get();
        let delta = before.map(|(bu, bo)| match lang {
            Lang::Zh => format!("（刚才的修改：缺人 {:+}，过剩 {:+}）", under - bu, over - bo),
            Lang::En => format!(" (last edit: short {:+}, over {:+})", under - bu, over - bo),
        });
        let text = match lang {
            Lang::Zh => format!(
                "硬性违规 {hard} 处；人手缺口合计 {under} 人·时段，过剩 {over} 人·时段；目标值 {}。",
                rep.score.soft
            ),
            Lang::En => format!(
                "{hard} hard violation(s); {under} agent-intervals short, {over} over; objective {}.",
                rep.score.soft
            ),
        };
        let is_bad = hard > 0;
        Some(view! { <p id="roster-effect" class:bad=is_bad>{text}{delta}</p> })
    };
    let violations = move || {
        let lang = state.lang();
        let rep = report.get()?;
        view.prep.with(|p| {
            let p = p.as_ref()?;
            let mut list: Vec<_> = rep.violations.iter().filter(|v| is_person_rule(v.rule)).collect();
            list.sort_by_key(|v| (!v.rule.is_hard(), v.staff, v.day));
            let more = list.len().saturating_sub(SHOWN_VIOLATIONS);
            let items = list
                .iter()
                .take(SHOWN_VIOLATIONS)
                .map(|v| {
                    let text = violation_text(&p.model, v, lang);
                    let tag = if v.rule.is_hard() { lang.pick("硬性", "Hard") } else { lang.pick("软性", "Soft") };
                    view! { <li class:hard=v.rule.is_hard() data-rule=format!("{:?}", v.rule)><span class="tag">{tag}</span>" "{text}</li> }
                })
                .collect::<Vec<_>>();
            let empty = list.is_empty().then(|| view! { <li class="muted">{lang.pick("没有违反任何个人规则。", "No rule about any agent is broken.")}</li> });
            let more = (more > 0).then(|| match lang {
                Lang::Zh => format!("另有 {more} 条未列出。"),
                Lang::En => format!("{more} more not listed."),
            });
            Some(view! {
                <h3>{lang.pick("违反的规则", "Rules broken")}</h3>
                <ul class="violations" id="violations">{items}{empty}</ul>
                {more.map(|m| view! { <p class="muted">{m}</p> })}
            })
        })
    };
    let has_roster = move || view.roster.with(|r| r.is_some());
    view! {
        <section class="card no-print" id="roster-grid-card">
            <h2>{move || t("⑤ 排班表（点格子或拖动班次修改）", "⑤ Roster (click a cell or drag a shift to change it)")}</h2>
            <Show when=has_roster fallback=move || view! { <p class="muted" id="grid-empty">{t("还没有排班：点上面的“生成排班”。", "No roster yet: press Generate above.")}</p> }>
                <p class="hint">{move || t("点格子选择班次或“休”；也可以把班次拖到同一人的另一天，或同一天的另一人（对方有班则互换）。“锁定”的格子不能拖动，重新优化时保持不变。⚠ 表示该格违反硬性规则。", "Click a cell to pick a shift or Off, or drag a shift to the same agent on another day or to another agent on the same day (a shift there swaps). Locked cells cannot be dragged and stay as they are when re-optimising. ⚠ marks a cell that breaks a hard rule.")}</p>
                <div class="controls">
                    <button class="btn" id="reoptimise" disabled=move || view.solving.get() on:click=move |_| actions::roster::generate(state, view, true)>{move || t("保留锁定格，重新优化其余", "Re-optimise the rest (keep locks)")}</button>
                    <button class="btn small" id="clear-locks" on:click=move |_| actions::roster::clear_locks(state, view)>{move || t("全部解锁", "Unlock all")}</button>
                </div>
                {effects}
                {grid}
                {violations}
            </Show>
        </section>
    }
}
