//! The engine-check card (排班引擎自检): the optimiser on a public benchmark file (Curtois & Qu
//! `.txt`) or on the 150-agent, 4-week example, for a number of seconds, with Run / Stop, the
//! live objective chart and a result line in words — objective, best known, gap, hard
//! violations, time to the first legal roster (and the coverage deficit of the example). Shown
//! whether or not the workspace has data; it reads and changes nothing stored. The browser
//! benchmark (`tests/bench/roster.mjs`) drives this card and reads the result's `data-*`.

use kefu_core::Lang;
use kefu_core::lang::Localize;
use kefu_core::roster::check::{CASE_AGENTS, CASE_DAYS, CheckResult, CheckSource, MatchedBy};
use leptos::prelude::*;

use crate::actions::{self, engine::EngineView};
use crate::i18n::count;
use crate::platform::dom;
use crate::state::AppState;

use super::chart::{Series, line_chart};

/// Columns of the objective chart.
const GRID: usize = 100;

fn secs(ms: f64) -> String {
    format!("{:.2}", ms / 1000.0)
}

/// The result in words.
fn result_text(r: &CheckResult, lang: Lang) -> Vec<String> {
    let zh = lang == Lang::Zh;
    let mut out = Vec::new();
    let first = match (r.first_legal_ms, zh) {
        (Some(ms), true) => format!("首个合规排班用时 {} 秒", secs(ms)),
        (Some(ms), false) => format!("first legal roster after {} s", secs(ms)),
        (None, true) => "没有找到合规排班".into(),
        (None, false) => "no legal roster found".into(),
    };
    let stopped = match (r.stopped, zh) {
        (true, true) => "（已手动停止）",
        (true, false) => " (stopped by hand)",
        _ => "",
    };
    let run = if zh {
        format!("共搜索 {} 次，用时 {:.1} 秒{stopped}。", count(r.iterations), r.ms / 1000.0)
    } else {
        format!("{} iterations in {:.1} s{stopped}.", count(r.iterations), r.ms / 1000.0)
    };
    match &r.source {
        CheckSource::Curtois { .. } => {
            let head = if r.hard > 0 {
                if zh {
                    format!("结果：没有找到合规排班，硬性违规 {}，目标值 {} 不能和基准比较；{first}。", r.hard, r.soft)
                } else {
                    format!("Result: no legal roster, {} hard violations; objective {} cannot be compared; {first}.", r.hard, r.soft)
                }
            } else {
                let best = match (r.best_known, r.gap(), zh) {
                    (Some(b), Some(g), true) => format!("，已知最优 {b}，差距 {g:.1}%"),
                    (Some(b), Some(g), false) => format!(", best known {b}, gap {g:.1}%"),
                    _ => String::new(),
                };
                if zh {
                    format!("结果：目标值 {}（越低越好）{best}，硬性违规 0，{first}。", r.soft)
                } else {
                    format!("Result: objective {} (lower is better){best}, hard violations 0, {first}.", r.soft)
                }
            };
            out.push(head);
            out.push(match (r.instance, r.cp_sat_60s, zh) {
                (Some((n, by)), Some(cp), true) => format!(
                    "这是公开基准第 {n} 题{}；作为参照，CP-SAT 求解器 60 秒的成绩是 {cp}。",
                    if by == MatchedBy::Name { "（按文件名识别，内容与公开文件不同，参考值可能不适用）" } else { "" }
                ),
                (Some((n, by)), Some(cp), false) => format!(
                    "This is public benchmark instance {n}{}; for reference, the CP-SAT solver reaches {cp} in 60 s.",
                    if by == MatchedBy::Name { " (recognised by its name; its content differs from the published file, so the reference figures may not apply)" } else { "" }
                ),
                (_, _, true) => "这不是公开基准 1–10 号题，没有已知最优可以比较。".into(),
                (_, _, false) => "This is not one of the public instances 1–10, so there is no best known figure to compare with.".into(),
            });
        }
        CheckSource::Case { agents, days } => out.push(if zh {
            format!(
                "结果：{agents} 人 × {days} 天，硬性违规 {}，{first}；{:.1} 秒后缺人 {} 人·时段（首个排班缺 {}）。",
                r.hard,
                r.ms / 1000.0,
                r.under,
                r.under_first
            )
        } else {
            format!(
                "Result: {agents} agents × {days} days, hard violations {}, {first}; after {:.1} s {} agent-intervals short (the first roster: {}).",
                r.hard,
                r.ms / 1000.0,
                r.under,
                r.under_first
            )
        }),
    }
    out.push(run);
    out
}

#[component]
pub(super) fn EngineCard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let view = EngineView::new();
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    let chart = move || {
        let lang = state.lang();
        let raw = view.points.get();
        let last_ms = raw.last()?.ms.max(1.0);
        // The chart's x axis is time: the points resampled to an even grid (each column shows
        // the last point reached by then), since slices differ in length.
        let pts: Vec<_> = (0..=GRID)
            .map(|k| {
                let t = last_ms * k as f64 / GRID as f64;
                let i = raw.partition_point(|p| p.ms <= t).max(1) - 1;
                (t, raw[i])
            })
            .collect();
        let mut series = vec![
            Series {
                values: pts.iter().map(|(_, p)| (p.best_hard == 0).then_some(p.best_soft as f64)).collect(),
                class: "s-best",
                label: lang.pick("最优目标值（越低越好）", "Best objective (lower is better)").into(),
            },
            Series {
                values: pts.iter().map(|(_, p)| Some(p.current_soft as f64)).collect(),
                class: "s-current",
                label: lang.pick("当前搜索位置", "Current search position").into(),
            },
        ];
        if let Some(best) = view.result.with(|r| r.as_ref().and_then(|r| r.best_known)) {
            series.push(Series {
                values: vec![Some(best as f64); pts.len()],
                class: "s-ref",
                label: match lang {
                    Lang::Zh => format!("已知最优 {best}"),
                    Lang::En => format!("Best known {best}"),
                },
            });
        }
        let unit = lang.pick(" 秒", " s");
        // No tick at the right edge, where its label would be cut off.
        let ticks = [0, GRID / 4, GRID / 2, 3 * GRID / 4]
            .into_iter()
            .map(|k| (k, format!("{:.1}{unit}", pts[k].0 / 1000.0)))
            .collect::<Vec<_>>();
        let n = raw.len();
        Some(
            view! { <div id="engine-objective" data-points=n.to_string()>{line_chart("engine-chart", series, ticks, false)}</div> },
        )
    };
    let live = move || {
        let lang = state.lang();
        let p = view.points.with(|p| p.last().copied())?;
        view.running.get().then(|| {
            let text = match lang {
                Lang::Zh => format!(
                    "已用 {:.1} 秒，搜索 {} 次；目前最优目标值 {}，硬性违规 {}。",
                    p.ms / 1000.0,
                    count(p.iterations),
                    p.best_soft,
                    p.best_hard
                ),
                Lang::En => format!(
                    "{:.1} s, {} iterations; best objective so far {}, hard violations {}.",
                    p.ms / 1000.0,
                    count(p.iterations),
                    p.best_soft,
                    p.best_hard
                ),
            };
            view! { <p id="engine-live">{text}</p> }
        })
    };
    let result = move || {
        let lang = state.lang();
        view.result.with(|r| {
            let r = r.as_ref()?;
            let opt = |v: Option<String>| v.unwrap_or_default();
            let lines = result_text(r, lang).into_iter().map(|l| view! { <p>{l}</p> }).collect::<Vec<_>>();
            Some(view! {
                <div id="engine-result"
                    data-objective=r.soft.to_string()
                    data-hard=r.hard.to_string()
                    data-best=opt(r.best_known.map(|v| v.to_string()))
                    data-cpsat=opt(r.cp_sat_60s.map(|v| v.to_string()))
                    data-gap=opt(r.gap().map(|g| format!("{g:.2}")))
                    data-instance=opt(r.instance.map(|(n, _)| n.to_string()))
                    data-iterations=r.iterations.to_string()
                    data-first-legal=opt(r.first_legal_ms.map(|ms| format!("{:.3}", ms / 1000.0)))
                    data-seconds=format!("{:.3}", r.ms / 1000.0)
                    data-under=r.under.to_string()
                    data-under-first=r.under_first.to_string()
                    data-stopped=r.stopped.to_string()>
                    {lines}
                </div>
            })
        })
    };
    let error = move || {
        let lang = state.lang();
        view.error
            .with(|e| e.as_ref().map(|e| view! { <p class="warn" id="engine-error">{e.localize(lang)}</p> }))
    };
    let subject = move || {
        let lang = state.lang();
        let name = view.subject.get().unwrap_or_else(|| match lang {
            Lang::Zh => format!("{CASE_AGENTS} 人 {} 周示例", CASE_DAYS / 7),
            Lang::En => format!("{CASE_AGENTS} agents, {} weeks example", CASE_DAYS / 7),
        });
        (view.running.get() || view.result.with(|r| r.is_some())).then(|| {
            view! { <p class="muted" id="engine-subject">{lang.pick("题目：", "Problem: ")}{name}</p> }
        })
    };
    view! {
        <section class="card no-print" id="roster-engine">
            <details id="engine-check">
                <summary><strong>{move || t("排班引擎自检", "Engine check")}</strong>
                    <span class="muted">{move || t("（与公开基准比较）", " (compared with a public benchmark)")}</span></summary>
                <p class="hint">{move || t(
                    "让排班引擎限时去解一道公开的排班基准题（Curtois & Qu，schedulingbenchmarks.org），把成绩和已知的最好成绩比较，就能看出它排得好不好；也可以用 150 人、4 周的示例测一下本机浏览器的速度。这里不会读取或改动你的数据和排班。",
                    "Let the roster engine solve a public rostering benchmark (Curtois & Qu, schedulingbenchmarks.org) for a set time and compare its result with the best known one, to see how good it is; or time it on a 150-agent, 4-week example in this browser. Your data and roster are not read or changed.",
                )}</p>
                <div class="controls">
                    <label>{move || t("时长（秒）", "Seconds")}
                        <input type="number" id="engine-seconds" class="narrow" min="1" max="600" step="1"
                            prop:value=move || view.seconds.get().to_string()
                            on:change=move |ev| {
                                if let Ok(s) = event_target_value(&ev).trim().parse::<f64>() && s > 0.0 { view.seconds.set(s.min(600.0)); }
                            }/></label>
                    <button class="btn primary" id="engine-file" disabled=move || view.running.get()
                        on:click=move |_| actions::choose_files("engine-file-input")>{move || t("选择基准文件（.txt）并运行", "Pick a benchmark file (.txt) and run")}</button>
                    <input type="file" id="engine-file-input" accept=".txt,text/plain" hidden
                        on:change=move |ev| actions::engine::run_file(state, view, dom::files_from_input(&ev))/>
                    <button class="btn" id="engine-case" disabled=move || view.running.get()
                        on:click=move |_| actions::engine::run_case(state, view)>{move || t("运行 150 人 4 周示例", "Run the 150 agents, 4 weeks example")}</button>
                    <button class="btn danger" id="engine-stop" disabled=move || !view.running.get()
                        on:click=move |_| actions::engine::stop()>{move || t("停止", "Stop")}</button>
                </div>
                {subject}
                {chart}
                {live}
                {result}
                {error}
            </details>
        </section>
    }
}
