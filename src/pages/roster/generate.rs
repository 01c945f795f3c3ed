//! ④ The generate card: runs the optimiser in the worker with a live objective chart, Stop and
//! the seed. (The speed check on the practical case lives in the engine check, `engine.rs`.)

use kefu_core::Lang;
use leptos::prelude::*;

use crate::actions::{self, roster::RosterView};
use crate::state::AppState;

use super::chart::{Series, line_chart};

#[component]
pub(super) fn GenerateCard(view: RosterView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    let chart = move || {
        let lang = state.lang();
        let pts = view.points.get();
        if pts.is_empty() {
            return None;
        }
        let best = Series {
            values: pts.iter().map(|p| (p.best_hard == 0).then_some(p.best_soft as f64)).collect(),
            class: "s-best",
            label: lang.pick("最优目标值（越低越好）", "Best objective (lower is better)").into(),
        };
        let cur = Series {
            values: pts.iter().map(|p| Some(p.current_soft as f64)).collect(),
            class: "s-current",
            label: lang.pick("当前搜索位置", "Current search position").into(),
        };
        let n = pts.len();
        let ticks = [0, n / 2, n.saturating_sub(1)]
            .into_iter()
            .map(|i| (i, format!("{}k", pts[i].iterations / 1000)))
            .collect::<Vec<_>>();
        Some(
            view! { <div id="objective" data-points=n.to_string()>{line_chart("objective-chart", vec![best, cur], ticks, false)}</div> },
        )
    };
    let status = move || {
        let lang = state.lang();
        let last = view.points.with(|p| p.last().copied());
        let run = view.run.get();
        let mut lines = Vec::new();
        if let Some(p) = last {
            lines.push(match lang {
                Lang::Zh => format!(
                    "已搜索 {} 次；最优目标值 {}，硬性违规 {}，缺人 {} 人·时段。",
                    p.iterations, p.best_soft, p.best_hard, p.under
                ),
                Lang::En => format!(
                    "{} iterations; best objective {}, hard violations {}, {} agent-intervals short.",
                    p.iterations, p.best_soft, p.best_hard, p.under
                ),
            });
        }
        if let Some(r) = &run {
            let first = r.first_legal_ms.map(|ms| format!("{:.2}", ms / 1000.0));
            lines.push(match (lang, first) {
                (Lang::Zh, Some(s)) => format!(
                    "首个合规排班用时 {s} 秒，共用时 {:.1} 秒{}。",
                    r.ms / 1000.0,
                    if r.stopped { "（已手动停止，保留目前最优）" } else { "" }
                ),
                (Lang::En, Some(s)) => format!(
                    "First legal roster after {s} s; {:.1} s in all{}.",
                    r.ms / 1000.0,
                    if r.stopped { " (stopped by hand; best so far kept)" } else { "" }
                ),
                (Lang::Zh, None) => "没有找到不违反硬性规则的排班：请检查请假、技能和锁定的格子。".into(),
                (Lang::En, None) => {
                    "No roster without hard violations was found: check leave, skills and locked cells."
                        .into()
                }
            });
        }
        let first_ms =
            run.and_then(|r| r.first_legal_ms).map(|ms| format!("{:.3}", ms / 1000.0)).unwrap_or_default();
        view! { <div id="solve-status" data-first-legal=first_ms>{lines.into_iter().map(|l| view! { <p>{l}</p> }).collect::<Vec<_>>()}</div> }
    };
    let seed = move || view.work.with(|w| w.as_ref().map(|w| w.seed.to_string()).unwrap_or_default());
    view! {
        <section class="card no-print" id="roster-generate">
            <h2>{move || t("④ 自动排班", "④ Generate")}</h2>
            <p class="hint">{move || t("先排出不违反任何硬性规则的班表，再不断改进人手缺口、请求和公平性。可随时停止，保留目前最好的结果。同一随机种子每次得到同一张排班表。", "First a roster that breaks no hard rule, then steady improvement of the shortfall, requests and fairness. Stop at any time to keep the best so far. The same seed always gives the same roster.")}</p>
            <div class="controls">
                <button class="btn primary" id="generate" disabled=move || view.solving.get() on:click=move |_| actions::roster::generate(state, view, false)>{move || t("生成排班", "Generate roster")}</button>
                <button class="btn danger" id="solve-stop" disabled=move || !view.solving.get() on:click=move |_| actions::roster::stop()>{move || t("停止", "Stop")}</button>
                <label>{move || t("随机种子", "Seed")}
                    <input type="number" id="seed" class="narrow" min="0" prop:value=seed on:change=move |ev| {
                        if let Ok(s) = event_target_value(&ev).trim().parse::<u64>() { actions::roster::change(state, view, |w| w.seed = s); }
                    }/></label>
            </div>
            {chart}
            {status}
        </section>
    }
}
