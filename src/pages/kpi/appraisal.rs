//! 月度考核: the team ranking of a month, one appraisal sheet per agent (KPI, weight, target,
//! value, score; penalties and bonuses; total, grade, bonus) with the supervisor's rating,
//! adjustment points and comment — saved as user work (`work/kpi`) — and the template editor
//! (weights, targets, grade cut-offs and bonuses) saved in the same document.

use kefu_core::kpi::appraisal::{Band, Ranking, Sheet, Template};
use kefu_core::kpi::{Unit, template_problems};
use kefu_core::{Lang, Money};
use leptos::prelude::*;

use crate::actions::{self, kpi::KpiView};
use crate::state::AppState;

/// Sub-account → what the page shows of it (`小美`, not the shop prefix).
fn nick(account: &str) -> &str {
    account.split_once(':').map_or(account, |(_, n)| n)
}

fn points(x: f64) -> String {
    format!("{x:.1}")
}

#[component]
pub fn AppraisalView(view: KpiView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    let editing = RwSignal::new(false);
    view! {
        <section class="card no-print" id="kpi-appraisal-controls">
            <div class="controls">
                <button class="btn small" id="kpi-month-prev" on:click=move |_| actions::kpi::step_month(state, view, -1)>{move || t("◀ 上月", "◀ Previous month")}</button>
                <strong id="kpi-month">{move || view.appraisal.with(|a| a.as_ref().map(|a| a.month.clone()).unwrap_or_default())}</strong>
                <button class="btn small" id="kpi-month-next" on:click=move |_| actions::kpi::step_month(state, view, 1)>{move || t("下月 ▶", "Next month ▶")}</button>
                <div class="actions">
                    <button class="btn small" id="kpi-edit-templates" class:active=move || editing.get()
                        on:click=move |_| editing.update(|e| *e = !*e)>{move || t("编辑考核模板", "Edit the templates")}</button>
                    <button class="btn small" id="kpi-ranking-xlsx" on:click=move |_| actions::kpi::export_ranking(state, view, true)>{move || t("导出排名 Excel", "Export ranking (Excel)")}</button>
                    <button class="btn small" id="kpi-ranking-csv" on:click=move |_| actions::kpi::export_ranking(state, view, false)>{move || t("导出排名 CSV", "Export ranking (CSV)")}</button>
                    <button class="btn small" id="kpi-appraisal-print" on:click=move |_| actions::kpi::print()>{move || t("打印", "Print")}</button>
                </div>
            </div>
            <p class="hint">{move || t(
                "按考核模板给每位客服打分：各项指标按档位得分后按权重相加，再减扣分（考勤、严重质检问题、有效投诉）、加主管加减分，得出总分、等级和奖金。点一行查看考核表并写评语；评语、主管评分和模板都保存在本机，并随备份导出。",
                "Each agent is scored with the template of their role: every KPI earns a share of its weight by its band, then penalties (attendance, critical QA failures, complaints) and the supervisor's points give the total, the grade and the bonus. Click a row for the sheet and write a comment; comments, ratings and templates are kept in this browser and go into backups.",
            )}</p>
        </section>
        {move || editing.get().then(|| view! { <TemplateEditor view=view/> })}
        {move || match view.appraisal.get() {
            None => view! { <p class="muted" id="kpi-appraisal-loading">{t("正在计算考核…", "Computing the appraisal…")}</p> }.into_any(),
            Some(a) => view! {
                <RankingView view=view ranking=a.ranking.clone()/>
                <SheetView view=view ranking=a.ranking/>
            }.into_any(),
        }}
    }
}

#[component]
fn RankingView(view: KpiView, ranking: Ranking) -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang();
    let period = format!("{} – {}", ranking.period.from, ranking.period.to);
    let rows = ranking
        .sheets
        .iter()
        .map(|s| {
            let acc = s.agent.clone();
            let (open, sel) = (acc.clone(), acc.clone());
            let comment = s.comment.clone();
            view! {
                <tr data-agent=acc class:selected=move || view.sheet.get().as_deref() == Some(sel.as_str())>
                    <td class="num">{s.rank}</td>
                    <td><button class="link" on:click=move |_| view.sheet.set(Some(open.clone()))>{nick(&s.agent).to_owned()}</button></td>
                    <td>{s.template.clone()}</td>
                    <td class="num">{points(s.kpi_score)}</td>
                    <td class="num">{if s.penalty > 0.0 { format!("−{}", points(s.penalty)) } else { "0".into() }}</td>
                    <td class="num">{if s.bonus_points > 0.0 { format!("+{}", points(s.bonus_points)) } else { "0".into() }}</td>
                    <td class="num total-score">{points(s.total)}</td>
                    <td class="grade">{s.grade.clone()}</td>
                    <td class="num">{format!("¥{}", s.bonus.plain())}</td>
                    <td class="comment-cell">{comment}</td>
                </tr>
            }
        })
        .collect::<Vec<_>>();
    let empty = ranking.sheets.is_empty().then(|| {
        view! { <p class="muted">{lang.pick("这个月没有客服数据。换一个月份试试。", "No agent data in this month; try another month.")}</p> }
    });
    view! {
        <section class="card" id="kpi-ranking-card">
            <h2>{lang.pick("团队排名", "Team ranking")}" · "{period}</h2>
            <div class="table-scroll">
            <table class="table compact" id="kpi-ranking">
                <thead><tr>
                    <th class="num">{lang.pick("排名", "Rank")}</th>
                    <th>{lang.pick("客服", "Agent")}</th>
                    <th>{lang.pick("模板", "Template")}</th>
                    <th class="num">{lang.pick("指标得分", "KPI score")}</th>
                    <th class="num">{lang.pick("扣分", "Penalty")}</th>
                    <th class="num">{lang.pick("加分", "Bonus pts")}</th>
                    <th class="num">{lang.pick("总分", "Total")}</th>
                    <th>{lang.pick("等级", "Grade")}</th>
                    <th class="num">{lang.pick("奖金", "Bonus")}</th>
                    <th>{lang.pick("评语", "Comment")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            </div>
            {empty}
        </section>
    }
}

#[component]
fn SheetView(view: KpiView, ranking: Ranking) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let acc = view.sheet.get()?;
        let sheet = ranking.sheets.iter().find(|s| s.agent == acc)?.clone();
        Some(sheet_view(state, view, sheet))
    }
}

fn sheet_view(state: AppState, view: KpiView, s: Sheet) -> impl IntoView {
    let lang = state.lang();
    let items = s
        .items
        .iter()
        .map(|i| {
            let pct = i.pct.map_or_else(
                || lang.pick("不计（无数据）", "N/A (no data)").to_owned(),
                |p| format!("{p:.0}%"),
            );
            view! {
                <tr>
                    <td>{i.label.clone()}</td>
                    <td class="num">{format!("{:.0}", i.weight)}</td>
                    <td class="num">{i.target_text.clone()}</td>
                    <td class="num">{format!("{}{}", i.value_text, if i.provisional { "*" } else { "" })}</td>
                    <td class="num">{pct}</td>
                    <td class="num">{points(i.points)}</td>
                </tr>
            }
        })
        .collect::<Vec<_>>();
    let adjustments = s
        .adjustments
        .iter()
        .map(|a| {
            let sign = if a.points < 0.0 { "−" } else { "+" };
            view! {
                <tr class="adjustment">
                    <td>{a.label.clone()}</td>
                    <td class="num" colspan="4">{format!("{} × {:.0}", lang.pick("次数/分数", "count"), a.count)}</td>
                    <td class="num">{format!("{sign}{}", points(a.points.abs()))}</td>
                </tr>
            }
        })
        .collect::<Vec<_>>();
    let acc = s.agent.clone();
    let (acc_r, acc_p, acc_c) = (acc.clone(), acc.clone(), acc.clone());
    let stored = |f: fn(&kefu_core::kpi::MonthWork, &str) -> Option<f64>| {
        view.appraisal
            .with_untracked(|a| a.as_ref().and_then(|a| a.work.month(&a.month).and_then(|m| f(m, &acc))))
            .map(|v| format!("{v}"))
            .unwrap_or_default()
    };
    let rating = stored(|m, a| m.ratings.get(a).copied());
    let manual = stored(|m, a| m.points.get(a).copied());
    view! {
        <section class="card sheet" id="kpi-sheet" data-agent=acc.clone()>
            <h2>{lang.pick("考核表", "Appraisal sheet")}" · "{nick(&s.agent).to_owned()}" · "{s.template.clone()}</h2>
            <p class="muted">{format!("{} – {}", s.period.from, s.period.to)}" · "{lang.pick("排名 ", "rank ")}{s.rank}</p>
            {s.warning.clone().map(|w| view! { <p class="callout">{w}</p> })}
            <table class="table compact" id="kpi-sheet-items">
                <thead><tr>
                    <th>{lang.pick("考核项", "Item")}</th>
                    <th class="num">{lang.pick("权重", "Weight")}</th>
                    <th class="num">{lang.pick("目标", "Target")}</th>
                    <th class="num">{lang.pick("实际", "Actual")}</th>
                    <th class="num">{lang.pick("得分率", "Band")}</th>
                    <th class="num">{lang.pick("得分", "Points")}</th>
                </tr></thead>
                <tbody>{items}{adjustments}</tbody>
                <tfoot>
                    <tr><td colspan="5">{lang.pick("指标得分", "KPI score")}</td><td class="num">{points(s.kpi_score)}</td></tr>
                    <tr><td colspan="5">{lang.pick("扣分 / 加分", "Penalties / bonus points")}</td>
                        <td class="num">{format!("−{} / +{}", points(s.penalty), points(s.bonus_points))}</td></tr>
                    <tr class="total"><td colspan="5">{lang.pick("总分", "Total")}</td><td class="num" id="kpi-sheet-total">{points(s.total)}</td></tr>
                    <tr class="total"><td colspan="5">{lang.pick("等级 · 奖金", "Grade · bonus")}</td>
                        <td class="num" id="kpi-sheet-grade">{format!("{} · ¥{}", s.grade, s.bonus.plain())}</td></tr>
                </tfoot>
            </table>
            <p class="muted small">{lang.pick(
                "没有数据的考核项不计分，其余项的权重按比例放大到 100。带 * 的数字仍在成熟期内。",
                "Items without data are left out and the other weights are scaled up to 100. Figures marked * may still change.",
            )}</p>
            <div class="sheet-inputs">
                <label class="no-print">{lang.pick("主管评分（0–100）", "Supervisor rating (0–100)")}" "
                    <input type="number" id="kpi-rating" min="0" max="100" step="1" prop:value=rating
                        on:change=move |ev| {
                            let v = event_target_value(&ev).trim().parse::<f64>().ok();
                            let acc = acc_r.clone();
                            actions::kpi::edit_work(state, view, move |w, m| w.set_rating(m, &acc, v));
                        }/></label>
                <label class="no-print">{lang.pick("主管加减分", "Supervisor points (±)")}" "
                    <input type="number" id="kpi-points" step="1" prop:value=manual
                        on:change=move |ev| {
                            let v = event_target_value(&ev).trim().parse::<f64>().ok();
                            let acc = acc_p.clone();
                            actions::kpi::edit_work(state, view, move |w, m| w.set_points(m, &acc, v));
                        }/></label>
                <label class="comment-label">{lang.pick("主管评语", "Supervisor's comment")}
                    <textarea id="kpi-comment" rows="3" prop:value=s.comment.clone()
                        placeholder=lang.pick("例如：本月主动催付做得好，响应还需加快。", "e.g. Good at following up unpaid orders; reply faster.")
                        on:change=move |ev| {
                            let text = event_target_value(&ev);
                            let acc = acc_c.clone();
                            actions::kpi::edit_work(state, view, move |w, m| w.set_comment(m, &acc, &text));
                        }></textarea></label>
                <p class="print-only comment-print">{s.comment.clone()}</p>
                <p class="hint no-print">{lang.pick("离开输入框即自动保存。", "Saved when you leave the field.")}</p>
            </div>
        </section>
    }
}

/// A number field showing `value × scale`; `on` receives the typed number ÷ `scale`.
fn num_field(value: f64, scale: f64, step: &'static str, on: impl Fn(f64) + 'static) -> impl IntoView {
    let shown = format!("{}", (value * scale * 1000.0).round() / 1000.0);
    view! {
        <input type="number" class="num-input" step=step prop:value=shown
            on:change=move |ev| {
                if let Ok(v) = event_target_value(&ev).trim().parse::<f64>()
                    && v.is_finite()
                {
                    on(v / scale);
                }
            }/>
    }
}

/// How a band value is typed: rates as percentages, others as they are.
fn scale_of(unit: Unit) -> (f64, &'static str) {
    match unit {
        Unit::Rate => (100.0, "%"),
        Unit::Seconds => (1.0, "秒"),
        Unit::Money => (1.0, "元"),
        _ => (1.0, ""),
    }
}

fn band_editor(
    draft: RwSignal<Vec<Template>>,
    ti: usize,
    ii: usize,
    band: &Band,
    unit: Unit,
    lang: Lang,
) -> AnyView {
    let (scale, suffix) = scale_of(unit);
    let set = move |f: Box<dyn Fn(&mut Band)>| {
        draft.update(|ts| {
            if let Some(item) = ts.get_mut(ti).and_then(|t| t.items.get_mut(ii)) {
                f(&mut item.band);
            }
        })
    };
    match band {
        Band::Steps { higher_is_better, steps, .. } => {
            let cmp = if *higher_is_better { "≥" } else { "≤" };
            steps
                .iter()
                .enumerate()
                .map(|(si, &(th, pct))| {
                    view! {
                        <span class="step">
                            {cmp}" "
                            {num_field(th, scale, "any", move |v| set(Box::new(move |b| {
                                if let Band::Steps { steps, .. } = b && let Some(s) = steps.get_mut(si) { s.0 = v; }
                            })))}
                            {suffix}" → "
                            {num_field(pct, 1.0, "1", move |v| set(Box::new(move |b| {
                                if let Band::Steps { steps, .. } = b && let Some(s) = steps.get_mut(si) { s.1 = v; }
                            })))}
                            "%"
                        </span>
                    }
                })
                .collect::<Vec<_>>()
                .into_any()
        }
        Band::Linear { floor, target, cap } => view! {
            <span class="step">{lang.pick("下限 ", "floor ")}
                {num_field(*floor, scale, "any", move |v| set(Box::new(move |b| if let Band::Linear { floor, .. } = b { *floor = v; })))}{suffix}</span>
            <span class="step">{lang.pick("目标 ", "target ")}
                {num_field(*target, scale, "any", move |v| set(Box::new(move |b| if let Band::Linear { target, .. } = b { *target = v; })))}{suffix}</span>
            <span class="step">{lang.pick("封顶 ", "cap ")}
                {num_field(*cap, 1.0, "1", move |v| set(Box::new(move |b| if let Band::Linear { cap, .. } = b { *cap = v; })))}"%"</span>
        }
        .into_any(),
        Band::PerPointBelow { target, per_point } => view! {
            <span class="step">{lang.pick("目标 ", "target ")}
                {num_field(*target, scale, "any", move |v| set(Box::new(move |b| if let Band::PerPointBelow { target, .. } = b { *target = v; })))}{suffix}</span>
            <span class="step">{lang.pick("每低 1 个百分点扣 ", "per point below: −")}
                {num_field(*per_point, 1.0, "any", move |v| set(Box::new(move |b| if let Band::PerPointBelow { per_point, .. } = b { *per_point = v; })))}"%"</span>
        }
        .into_any(),
        Band::Direct => view! { <span class="muted">{lang.pick("直接按 0–100 分计", "Scored 0–100 as entered")}</span> }.into_any(),
    }
}

#[component]
fn TemplateEditor(view: KpiView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang();
    let draft = RwSignal::new(
        view.appraisal.with_untracked(|a| a.as_ref().map(|a| a.work.templates(lang))).unwrap_or_default(),
    );
    let templates = move || {
        draft
            .get()
            .iter()
            .enumerate()
            .map(|(ti, t)| {
                let problems = template_problems(t, lang)
                    .into_iter()
                    .map(|p| view! { <li>{p}</li> })
                    .collect::<Vec<_>>();
                let weight_sum: f64 = t.items.iter().map(|i| i.weight).sum();
                let items = t
                    .items
                    .iter()
                    .enumerate()
                    .map(|(ii, it)| {
                        view! {
                            <tr>
                                <td>{it.measure.label(lang)}</td>
                                <td class="num">{num_field(it.weight, 1.0, "any", move |v| draft.update(|ts| {
                                    if let Some(i) = ts.get_mut(ti).and_then(|t| t.items.get_mut(ii)) { i.weight = v; }
                                }))}</td>
                                <td class="bands">{band_editor(draft, ti, ii, &it.band, it.measure.unit(), lang)}</td>
                            </tr>
                        }
                    })
                    .collect::<Vec<_>>();
                let adjustments = t
                    .adjustments
                    .iter()
                    .enumerate()
                    .map(|(ai, a)| {
                        view! {
                            <tr>
                                <td>{a.source.label(lang)}</td>
                                <td class="num">{num_field(a.points_per_unit, 1.0, "any", move |v| draft.update(|ts| {
                                    if let Some(a) = ts.get_mut(ti).and_then(|t| t.adjustments.get_mut(ai)) { a.points_per_unit = v; }
                                }))}</td>
                                <td class="muted">{lang.pick("每次（考勤为每扣分点）加减的分数，负数为扣分", "points per occurrence (attendance: per penalty point); negative = penalty")}</td>
                            </tr>
                        }
                    })
                    .collect::<Vec<_>>();
                let grades = t
                    .grades
                    .iter()
                    .enumerate()
                    .map(|(gi, g)| {
                        view! {
                            <tr>
                                <td>{g.label.clone()}</td>
                                <td class="num">{num_field(g.min, 1.0, "any", move |v| draft.update(|ts| {
                                    if let Some(g) = ts.get_mut(ti).and_then(|t| t.grades.get_mut(gi)) { g.min = v; }
                                }))}</td>
                                <td class="num">{num_field(g.bonus.fen() as f64 / 100.0, 1.0, "any", move |v| draft.update(|ts| {
                                    if let Some(g) = ts.get_mut(ti).and_then(|t| t.grades.get_mut(gi)) { g.bonus = Money((v * 100.0).round() as i64); }
                                }))}</td>
                            </tr>
                        }
                    })
                    .collect::<Vec<_>>();
                view! {
                    <div class="template" data-template=ti.to_string()>
                        <h3>{t.name.clone()}</h3>
                        {(!problems.is_empty()).then(|| view! { <ul class="callout problems">{problems}</ul> })}
                        <table class="table compact">
                            <thead><tr>
                                <th>{lang.pick("考核项", "Item")}</th>
                                <th class="num">{match lang {
                                    Lang::Zh => format!("权重（合计 {weight_sum:.0}）"),
                                    Lang::En => format!("Weight (sum {weight_sum:.0})"),
                                }}</th>
                                <th>{lang.pick("评分档位：达到 → 得该项权重的百分之几", "Bands: reaching → share of the weight earned")}</th>
                            </tr></thead>
                            <tbody>{items}</tbody>
                        </table>
                        <table class="table compact">
                            <thead><tr><th>{lang.pick("加减分项", "Adjustment")}</th><th class="num">{lang.pick("分数", "Points")}</th><th></th></tr></thead>
                            <tbody>{adjustments}</tbody>
                        </table>
                        <table class="table compact">
                            <thead><tr><th>{lang.pick("等级", "Grade")}</th><th class="num">{lang.pick("最低总分", "Lowest total")}</th><th class="num">{lang.pick("奖金（元）", "Bonus (yuan)")}</th></tr></thead>
                            <tbody>{grades}</tbody>
                        </table>
                    </div>
                }
            })
            .collect::<Vec<_>>()
    };
    view! {
        <section class="card no-print" id="kpi-templates">
            <h2>{lang.pick("考核模板", "Appraisal templates")}</h2>
            <p class="hint">{lang.pick(
                "比率按百分数填写（60 表示 60%）。修改后点“保存模板”，所有考核表按新模板重新计算。",
                "Rates are typed as percentages (60 means 60%). Click “Save templates” and every sheet is recomputed.",
            )}</p>
            {templates}
            <div class="actions">
                <button class="btn primary" id="kpi-save-templates"
                    on:click=move |_| actions::kpi::set_templates(state, view, Some(draft.get_untracked()))>{lang.pick("保存模板", "Save templates")}</button>
                <button class="btn" id="kpi-reset-templates"
                    on:click=move |_| {
                        draft.set(kefu_core::kpi::appraisal::default_templates(lang));
                        actions::kpi::set_templates(state, view, None);
                    }>{lang.pick("恢复默认模板", "Back to the default templates")}</button>
            </div>
        </section>
    }
}
