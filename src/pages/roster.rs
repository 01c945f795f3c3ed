//! 排班 Roster: from the imported chat history to a printed, legal roster — the forecast of
//! chats per 30 minutes (with its error on held-back days, marked promotion days and manual
//! overrides), the agents needed per interval and skill (Erlang C/A), staff and rules, the
//! optimiser with a live objective chart and Stop, the editable roster grid with its
//! violations in words, coverage, hours, print sheet (A4 landscape), CSV and iCalendar.

use chrono::{Duration, NaiveDate};
use kefu_core::Lang;
use kefu_core::model::Role;
use kefu_core::roster::forecast::{MarkedDay, Override};
use kefu_core::roster::help::staffing_help;
use kefu_core::roster::intraday::intraday;
use kefu_core::roster::kefu::{Agent, Model, ShiftTemplate, default_templates};
use kefu_core::roster::model::{OFF, Rule};
use kefu_core::roster::staffing::StaffingParams;
use kefu_core::roster::work::{
    INTERVAL, Prepared, RequestKind, StaffRequest, cover_gaps, day_label, violation_text,
};
use leptos::prelude::*;

use crate::actions::{self, roster::RosterView};
use crate::state::{AppState, Page, Tone};

const PER_DAY: usize = (1440 / INTERVAL) as usize;
/// Violations listed in words (the rest are counted).
const SHOWN_VIOLATIONS: usize = 60;

fn hhmm(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60 % 24, minutes % 60)
}

fn interval_label(i: usize) -> String {
    hhmm(i as u32 * INTERVAL)
}

fn parse_hhmm(s: &str) -> Option<u32> {
    let (h, m) = s.split_once(':')?;
    let (h, m): (u32, u32) = (h.trim().parse().ok()?, m.trim().parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

fn short_date(d: NaiveDate) -> String {
    d.format("%m/%d").to_string()
}

/// One line of a chart: values (gaps as `None`), a CSS class (colour and dash pattern, so
/// the chart reads in black and white) and a legend label.
struct Series {
    values: Vec<Option<f64>>,
    class: &'static str,
    label: String,
}

/// A print-safe SVG line chart. `step`: draw each value as a flat step (per-interval figures).
fn line_chart(id: &'static str, series: Vec<Series>, ticks: Vec<(usize, String)>, step: bool) -> AnyView {
    let (w, h, l, r, t, b) = (960.0f64, 230.0f64, 44.0f64, 12.0f64, 10.0f64, 26.0f64);
    let n = series.iter().map(|s| s.values.len()).max().unwrap_or(0).max(2);
    let max = series.iter().flat_map(|s| s.values.iter().flatten()).fold(0.0f64, |a, v| a.max(*v));
    let ymax = nice_max(max);
    let span = if step { n as f64 } else { (n - 1) as f64 };
    let x = move |i: f64| l + (w - l - r) * i / span;
    let y = move |v: f64| t + (h - t - b) * (1.0 - v / ymax);
    let grid = [0.0, 0.5, 1.0]
        .into_iter()
        .map(|f| {
            let v = ymax * f;
            let yy = y(v);
            let label = if ymax >= 10.0 { format!("{v:.0}") } else { format!("{v:.1}") };
            view! {
                <line class="grid" x1=l x2=w - r y1=yy y2=yy/>
                <text class="axis" x=l - 4.0 y=yy + 4.0 text-anchor="end">{label}</text>
            }
        })
        .collect::<Vec<_>>();
    let tick_views = ticks
        .into_iter()
        .map(|(i, label)| {
            let xx = x(i as f64);
            view! {
                <line class="tick" x1=xx x2=xx y1=t y2=h - b/>
                <text class="axis" x=xx + 3.0 y=h - 8.0>{label}</text>
            }
        })
        .collect::<Vec<_>>();
    let mut lines = Vec::new();
    for s in &series {
        let mut pts = String::new();
        let mut flush = |pts: &mut String| {
            if !pts.is_empty() {
                lines
                    .push(view! { <polyline class=format!("line {}", s.class) points=std::mem::take(pts)/> });
            }
        };
        for (i, v) in s.values.iter().enumerate() {
            match v {
                Some(v) => {
                    let yy = y(*v);
                    if step {
                        pts.push_str(&format!(
                            "{:.1},{:.1} {:.1},{:.1} ",
                            x(i as f64),
                            yy,
                            x(i as f64 + 1.0),
                            yy
                        ));
                    } else {
                        pts.push_str(&format!("{:.1},{:.1} ", x(i as f64), yy));
                    }
                }
                None => flush(&mut pts),
            }
        }
        flush(&mut pts);
    }
    let legend = series
        .iter()
        .map(|s| {
            view! {
                <span class="legend-item">
                    <svg class="legend-swatch" viewBox="0 0 30 10" width="30" height="10" aria-hidden="true">
                        <line class=format!("line {}", s.class) x1="0" x2="30" y1="5" y2="5"/>
                    </svg>
                    {s.label.clone()}
                </span>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <div class="chart-wrap">
            <svg class="chart" id=id viewBox=format!("0 0 {w} {h}") role="img">
                {grid}{tick_views}{lines}
            </svg>
            <div class="legend">{legend}</div>
        </div>
    }
    .into_any()
}

fn nice_max(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let mag = 10f64.powf(max.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if max <= m * mag {
            return m * mag;
        }
    }
    10.0 * mag
}

fn day_ticks(start: NaiveDate, days: usize, offset: usize) -> Vec<(usize, String)> {
    (0..days).map(|d| (offset + d * PER_DAY, short_date(start + Duration::days(d as i64)))).collect()
}

#[component]
pub fn RosterPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let view = RosterView::new();
    Effect::new(move |_| {
        state.workspace.track();
        actions::roster::refresh(state, view);
    });
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    view! {
        <h1 class="no-print">{move || t("排班", "Roster")}</h1>
        <p class="lead no-print">{move || t(
            "从导入的聊天记录预测每 30 分钟的咨询量，用 Erlang 模型算出各时段需要几名客服，再按劳动法、合同、技能、请假和公平原则自动排班。排好后可以点格子手工调整、锁定，然后打印或导出。所有修改自动保存在本机。",
            "Forecast chats per 30 minutes from the imported chat history, compute how many agents each interval needs (Erlang model), then generate a roster that respects labour law, contracts, skills, leave and fairness. Adjust and lock cells by hand, then print or export. Every change is saved on this computer.",
        )}</p>
        {move || {
            if state.workspace.with(|w| w.is_none()) {
                return view! { <p class="muted">{t("正在打开工作区…", "Opening the workspace…")}</p> }.into_any();
            }
            if !actions::roster::has_data(state) {
                return view! {
                    <section class="card" id="roster-empty">
                        <h2>{t("还没有数据", "No data yet")}</h2>
                        <p>{t("先导入聊天记录和客服名单，或载入示例数据。排班需要至少 7 天的聊天记录来预测咨询量。", "Import chat logs and the staff list first, or load the demo workspace. The forecast needs at least 7 days of chat history.")}</p>
                        <button class="btn primary" on:click=move |_| actions::go(Page::Import)>{t("去导入", "Go to Import")}</button>
                    </section>
                }.into_any();
            }
            if let Some(e) = view.error.get() {
                return view! {
                    <section class="card warn" id="roster-error">
                        <h2>{t("无法排班", "Cannot plan yet")}</h2>
                        <p>{e}</p>
                        <button class="btn" on:click=move |_| actions::go(Page::Import)>{t("去导入", "Go to Import")}</button>
                    </section>
                }.into_any();
            }
            if view.prep.with(|p| p.is_none()) {
                return view! { <p class="muted" id="roster-loading">{t("正在预测…", "Forecasting…")}</p> }.into_any();
            }
            view! {
                <ForecastCard view=view/>
                <StaffingCard view=view/>
                <StaffCard view=view/>
                <GenerateCard view=view/>
                <GridCard view=view/>
                <OutputCard view=view/>
                <IntradayCard view=view/>
                <PrintSheet view=view/>
                <HelpCard/>
            }.into_any()
        }}
    }
}

/// Marked-day kinds offered, with their usual multipliers.
const MARK_KINDS: [(&str, &str, f64); 5] = [
    ("618", "618", 1.8),
    ("双11", "Double 11", 2.5),
    ("直播日", "Live-stream day", 1.4),
    ("节假日", "Public holiday", 0.7),
    ("其他", "Other", 1.2),
];

#[component]
fn ForecastCard(view: RosterView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    let chart = move || {
        let lang = state.lang();
        view.prep.with(|p| {
            let p = p.as_ref()?;
            let h = &p.history;
            let show = 7.min(h.days());
            let from = h.days() - show;
            let n_fc = p.forecast.series.days();
            let total = (show + n_fc) * PER_DAY;
            let mut actual = vec![None; total];
            for (k, v) in h.counts[from * PER_DAY..].iter().enumerate() {
                actual[k] = Some(*v);
            }
            let mut fc = vec![None; total];
            for (k, v) in p.forecast.series.counts.iter().enumerate() {
                fc[show * PER_DAY + k] = Some(*v);
            }
            let mut series = vec![Series {
                values: actual,
                class: "s-actual",
                label: lang.pick("最近实际", "Recent actual").into(),
            }];
            if let Some(acc) = &p.forecast.accuracy {
                let mut held = vec![None; total];
                let pd = acc.predicted.days();
                let at = h.date(from);
                for d in 0..pd {
                    let date = acc.predicted.date(d);
                    let off = (date - at).num_days();
                    if off >= 0 && (off as usize) < show {
                        for i in 0..PER_DAY {
                            held[off as usize * PER_DAY + i] = Some(acc.predicted.counts[d * PER_DAY + i]);
                        }
                    }
                }
                series.push(Series {
                    values: held,
                    class: "s-held",
                    label: lang.pick("回测预测（模型未见这几天）", "Back-test (days held back)").into(),
                });
            }
            series.push(Series {
                values: fc,
                class: "s-forecast",
                label: lang.pick("预测", "Forecast").into(),
            });
            let ticks = day_ticks(h.date(from), show + n_fc, 0);
            Some(line_chart("forecast-chart", series, ticks, false))
        })
    };
    let accuracy = move || {
        let lang = state.lang();
        view.prep.with(|p| {
            let p = p.as_ref()?;
            let total: f64 = p.forecast.series.counts.iter().sum();
            let days = p.forecast.series.days().max(1);
            let head = match lang {
                Lang::Zh => format!(
                    "预测 {} 至 {}，共 {:.0} 个会话，日均 {:.0}。",
                    p.model.plan.start,
                    p.model.plan.date(days - 1),
                    total,
                    total / days as f64
                ),
                Lang::En => format!(
                    "Forecast {} to {}: {:.0} sessions, {:.0} a day.",
                    p.model.plan.start,
                    p.model.plan.date(days - 1),
                    total,
                    total / days as f64
                ),
            };
            let acc = match &p.forecast.accuracy {
                Some(a) => match lang {
                    Lang::Zh => format!(
                        "检验：把历史最后 {} 天留出不用，用之前的数据预测这几天，每 30 分钟时段的平均误差（MAPE）为 {}，按日合计的误差为 {}。时段越细、量越小，误差越大；按日误差更能说明总量是否靠谱。",
                        a.days,
                        pct(a.mape),
                        pct(a.daily_mape)
                    ),
                    Lang::En => format!(
                        "Check: the last {} days of history were held back and predicted from the days before. The mean absolute percentage error (MAPE) per 30-minute interval is {}, and {} on daily totals. Small intervals are noisy; the daily figure says whether the volume is right.",
                        a.days,
                        pct(a.mape),
                        pct(a.daily_mape)
                    ),
                },
                None => lang
                    .pick(
                        "历史不足 14 天，无法留出一周来检验误差。",
                        "Less than 14 days of history: no week can be held back to measure the error.",
                    )
                    .into(),
            };
            let mape = p.forecast.accuracy.as_ref().map(|a| format!("{:.1}", a.mape * 100.0)).unwrap_or_default();
            Some(view! {
                <p id="forecast-summary">{head}</p>
                <p id="forecast-mape" data-mape=mape>{acc}</p>
            })
        })
    };
    view! {
        <section class="card no-print" id="roster-forecast">
            <h2>{move || t("① 咨询量预测", "① Demand forecast")}</h2>
            <PlanControls view=view/>
            {chart}
            {accuracy}
            <MarkedDays view=view/>
            <Overrides view=view/>
        </section>
    }
}

#[component]
fn PlanControls(view: RosterView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    let start =
        move || view.prep.with(|p| p.as_ref().map(|p| p.model.plan.start.to_string()).unwrap_or_default());
    let days = move || view.work.with(|w| w.as_ref().map_or(7, |w| w.days));
    view! {
        <div class="controls">
            <label>{move || t("从", "From")}" "
                <input type="date" id="plan-start" prop:value=start on:change=move |ev| {
                    let v = event_target_value(&ev);
                    let d = v.parse::<NaiveDate>().ok();
                    actions::roster::change(state, view, |w| w.start = d);
                }/></label>
            <div class="segmented" role="group" id="plan-days">
                {[7u16, 14, 28].into_iter().map(|n| view! {
                    <button class:active=move || days() == n on:click=move |_| actions::roster::change(state, view, |w| w.days = n)>
                        {move || match state.lang() { Lang::Zh => format!("{n} 天"), Lang::En => format!("{n} days") }}
                    </button>
                }).collect::<Vec<_>>()}
            </div>
            <span class="muted">{move || t("默认从导入数据的下一天开始排一周。", "By default the week after the imported data is planned.")}</span>
        </div>
    }
}

#[component]
fn MarkedDays(view: RosterView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    let date = RwSignal::new(String::new());
    let kind = RwSignal::new(0usize);
    let mult = RwSignal::new(MARK_KINDS[0].2.to_string());
    let list = move || {
        let lang = state.lang();
        view.work.with(|w| {
            w.as_ref()
                .map(|w| w.forecast.marked.clone())
                .unwrap_or_default()
                .into_iter()
                .enumerate()
                .map(|(i, m)| {
                    view! {
                        <li class="marked-day">{format!("{} · {} · ×{}", day_label(m.date, lang), m.label, m.multiplier)}" "
                            <button class="btn small" on:click=move |_| actions::roster::change(state, view, |w| { if i < w.forecast.marked.len() { w.forecast.marked.remove(i); } })>
                                {lang.pick("删除", "Remove")}</button></li>
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    let add = move |_| {
        let Ok(d) = date.get_untracked().parse::<NaiveDate>() else {
            state.notify(Tone::Error, t("请选择日期。", "Choose a date."));
            return;
        };
        let m = mult.get_untracked().trim().parse::<f64>().ok().filter(|m| *m > 0.0 && *m <= 20.0);
        let Some(m) = m else {
            state.notify(
                Tone::Error,
                t("倍数须在 0 到 20 之间。", "The multiplier must be between 0 and 20."),
            );
            return;
        };
        let label = MARK_KINDS[kind.get_untracked()].0.to_owned();
        actions::roster::change(state, view, |w| {
            w.forecast.marked.retain(|x| x.date != d);
            w.forecast.marked.push(MarkedDay { date: d, multiplier: m, label });
        });
    };
    view! {
        <h3>{move || t("大促和节假日", "Promotions and holidays")}</h3>
        <p class="hint">{move || t("标记大促（618、双11）、直播日或节假日，并给出咨询量倍数。历史中的这类日子不会抬高日常基线，预测期内的会按倍数放大。", "Mark promotion days (618, Double 11), live-stream days or holidays with a volume multiplier. Such days in the history do not inflate the baseline; in the plan they scale the forecast.")}</p>
        <div class="controls" id="marked-form">
            <input type="date" id="mark-date" prop:value=move || date.get() on:change=move |ev| date.set(event_target_value(&ev))/>
            <select id="mark-kind" on:change=move |ev| {
                let k = event_target_value(&ev).parse::<usize>().unwrap_or(0).min(MARK_KINDS.len() - 1);
                kind.set(k);
                mult.set(MARK_KINDS[k].2.to_string());
            }>
                {MARK_KINDS.iter().enumerate().map(|(i, (zh, en, _))| view! { <option value=i.to_string()>{move || state.lang().pick(zh, en)}</option> }).collect::<Vec<_>>()}
            </select>
            <label>"×"<input type="number" id="mark-mult" step="0.1" min="0.1" class="narrow" prop:value=move || mult.get() on:change=move |ev| mult.set(event_target_value(&ev))/></label>
            <button class="btn small" id="mark-add" on:click=add>{move || t("标记", "Mark")}</button>
        </div>
        <ul class="plain" id="marked-list">{list}</ul>
    }
}

#[component]
fn Overrides(view: RosterView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    let day = RwSignal::new(0usize);
    let slot = RwSignal::new(40usize);
    let chats = RwSignal::new(String::new());
    let days =
        move || view.prep.with(|p| p.as_ref().map(|p| (p.model.plan.start, p.model.plan.days as usize)));
    let current = move || {
        view.prep.with(|p| {
            p.as_ref().and_then(|p| p.forecast.series.counts.get(day.get() * PER_DAY + slot.get()).copied())
        })
    };
    let add = move |_| {
        let Some((start, _)) = days() else { return };
        let Some(c) = chats.get_untracked().trim().parse::<f64>().ok().filter(|c| *c >= 0.0) else {
            state.notify(
                Tone::Error,
                t("请输入会话数（0 或以上）。", "Enter a number of sessions (0 or more)."),
            );
            return;
        };
        let date = start + Duration::days(day.get_untracked() as i64);
        let interval = slot.get_untracked() as u32;
        actions::roster::change(state, view, |w| {
            w.forecast.overrides.retain(|o| !(o.date == date && o.interval == interval));
            w.forecast.overrides.push(Override { date, interval, chats: c });
        });
    };
    let list = move || {
        let lang = state.lang();
        view.work.with(|w| {
            w.as_ref()
                .map(|w| w.forecast.overrides.clone())
                .unwrap_or_default()
                .into_iter()
                .enumerate()
                .map(|(i, o)| {
                    view! {
                        <li>{format!("{} {} → {}", day_label(o.date, lang), interval_label(o.interval as usize), o.chats)}" "
                            <button class="btn small" on:click=move |_| actions::roster::change(state, view, |w| { if i < w.forecast.overrides.len() { w.forecast.overrides.remove(i); } })>
                                {lang.pick("删除", "Remove")}</button></li>
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <h3>{move || t("手工改某个时段", "Override one interval")}</h3>
        <div class="controls" id="override-form">
            <select id="override-day" on:change=move |ev| day.set(event_target_value(&ev).parse().unwrap_or(0))>
                {move || days().map(|(s, n)| (0..n).map(|d| view! { <option value=d.to_string()>{day_label(s + Duration::days(d as i64), state.lang())}</option> }).collect::<Vec<_>>())}
            </select>
            <select id="override-slot" prop:value=move || slot.get().to_string() on:change=move |ev| slot.set(event_target_value(&ev).parse().unwrap_or(0))>
                {(0..PER_DAY).map(|i| view! { <option value=i.to_string() selected=i == 40>{interval_label(i)}</option> }).collect::<Vec<_>>()}
            </select>
            <span class="muted">{move || current().map(|c| match state.lang() { Lang::Zh => format!("现为 {c:.1}"), Lang::En => format!("now {c:.1}") })}</span>
            <input type="number" id="override-chats" min="0" step="1" class="narrow" prop:value=move || chats.get() on:change=move |ev| chats.set(event_target_value(&ev))/>
            <button class="btn small" id="override-add" on:click=add>{move || t("改为此值", "Set")}</button>
        </div>
        <ul class="plain" id="override-list">{list}</ul>
    }
}

/// A number field of the staffing form, shown in `scale` units (100 for percentages).
fn num_field(
    state: AppState,
    view: RosterView,
    id: &'static str,
    label: (&'static str, &'static str),
    get: fn(&StaffingParams) -> f64,
    set: fn(&mut StaffingParams, f64),
    scale: f64,
) -> impl IntoView {
    let value = move || {
        view.work
            .with(|w| w.as_ref().map(|w| format!("{}", (get(&w.staffing) * scale * 100.0).round() / 100.0)))
    };
    view! {
        <label>{move || state.lang().pick(label.0, label.1)}
            <input type="number" id=id class="narrow" step="any" prop:value=value on:change=move |ev| {
                match event_target_value(&ev).trim().parse::<f64>() {
                    Ok(v) if v >= 0.0 => actions::roster::change(state, view, |w| set(&mut w.staffing, v / scale)),
                    _ => state.notify(Tone::Error, state.lang().pick("请输入非负数字。", "Enter a number of 0 or more.")),
                }
            }/>
        </label>
    }
}

#[component]
fn StaffingCard(view: RosterView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    let answer = move || view.work.with(|w| w.as_ref().map_or(30.0, |w| w.staffing.answer_secs));
    let patience = move || {
        view.work.with(|w| {
            w.as_ref().and_then(|w| w.staffing.patience_secs).map(|p| p.to_string()).unwrap_or_default()
        })
    };
    let share = move || view.prep.with(|p| p.as_ref().map(|p| format!("{:.0}", p.pre_share * 100.0)));
    let model_line = move || {
        view.work.with(|w| {
            let w = w.as_ref()?;
            Some(if w.staffing.patience_secs.is_some() {
                t("模型：Erlang A（考虑买家等不及离开）。", "Model: Erlang A (buyers may give up waiting).")
            } else {
                t("模型：Erlang C（买家一直等到接待）。", "Model: Erlang C (buyers wait until answered).")
            })
        })
    };
    view! {
        <section class="card no-print" id="roster-staffing">
            <h2>{move || t("② 所需人手", "② Agents needed")}</h2>
            <p class="hint">{move || t("服务水平目标：多少比例的买家在规定秒数内得到首次回复。千牛常用 80% 在 30 秒内；培训要求“黄金 6 秒”可选 6 秒。", "Service-level target: the share of buyers answered within so many seconds. 80% within 30 s is common; the training deck's golden 6 seconds is an option.")}</p>
            <div class="controls staffing-form">
                {num_field(state, view, "sl-target", ("服务水平 %", "Service level %"), |p| p.sl_target, |p, v| p.sl_target = v.clamp(0.01, 0.999), 100.0)}
                <div class="segmented" role="group" id="answer-secs">
                    <button class:active=move || answer() == 30.0 on:click=move |_| actions::roster::change(state, view, |w| w.staffing.answer_secs = 30.0)>{move || t("30 秒内", "within 30 s")}</button>
                    <button id="answer-6" class:active=move || answer() == 6.0 on:click=move |_| actions::roster::change(state, view, |w| w.staffing.answer_secs = 6.0)>{move || t("黄金 6 秒", "golden 6 s")}</button>
                </div>
                {num_field(state, view, "aht", ("平均处理时长（秒）", "Handling time (s)"), |p| p.aht_secs, |p, v| p.aht_secs = v.max(1.0), 1.0)}
                {num_field(state, view, "concurrency", ("同时接待数", "Chats at once"), |p| p.concurrency as f64, |p, v| p.concurrency = (v.round() as u32).clamp(1, 20), 1.0)}
                {num_field(state, view, "occupancy", ("最高占用率 %", "Max occupancy %"), |p| p.max_occupancy, |p, v| p.max_occupancy = v.clamp(0.05, 1.0), 100.0)}
                {num_field(state, view, "shrinkage", ("损耗率 %", "Shrinkage %"), |p| p.shrinkage, |p, v| p.shrinkage = v.clamp(0.0, 0.9), 100.0)}
                <label>{move || t("买家耐心（秒，可空）", "Patience (s, optional)")}
                    <input type="number" id="patience" class="narrow" min="1" prop:value=patience on:change=move |ev| {
                        let v = event_target_value(&ev).trim().parse::<f64>().ok().filter(|v| *v > 0.0);
                        actions::roster::change(state, view, |w| w.staffing.patience_secs = v);
                    }/></label>
                <label>{move || t("售前占比 %", "Pre-sale share %")}
                    <input type="number" id="pre-share" class="narrow" min="0" max="100" prop:value=share on:change=move |ev| {
                        let v = event_target_value(&ev).trim().parse::<f64>().ok().map(|v| (v / 100.0).clamp(0.0, 1.0));
                        actions::roster::change(state, view, |w| w.pre_share = v);
                    }/></label>
            </div>
            <p class="muted">{model_line}" "{move || t("聊天不带售前/售后标记，按占比拆分（默认取客服名单中售前、售后人数之比）。营业时间 08:00–24:00 以外不排人。", "Chats carry no skill, so they are split by the share (by default the staff list's pre-/after-sale mix). No one is needed outside 08:00–24:00.")}</p>
            <StaffingResult view=view/>
        </section>
    }
}

#[component]
fn DayPicker(view: RosterView, id: &'static str) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let lang = state.lang();
        view.prep.with(|p| {
            p.as_ref().map(|p| {
                let buttons = (0..p.model.plan.days as usize)
                    .map(|d| {
                        let label = day_label(p.model.plan.date(d), lang);
                        view! { <button data-day=d.to_string() class:active=move || view.day.get() == d on:click=move |_| view.day.set(d)>{label}</button> }
                    })
                    .collect::<Vec<_>>();
                view! { <div class="segmented day-picker" role="group" id=id>{buttons}</div> }
            })
        })
    }
}

fn need_series(p: &Prepared, lang: Lang) -> Vec<Series> {
    p.needs
        .iter()
        .map(|n| Series {
            values: n.scheduled.iter().map(|v| Some(*v as f64)).collect(),
            class: if n.skill == Role::PreSale { "s-pre" } else { "s-after" },
            label: format!("{} {}", n.skill.label(lang), lang.pick("需排班人数", "agents to schedule")),
        })
        .collect()
}

#[component]
fn StaffingResult(view: RosterView) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let lang = state.lang();
        let day = view.day.get();
        view.prep.with(|p| {
            let p = p.as_ref()?;
            let chart = line_chart(
                "staffing-chart",
                need_series(p, lang),
                day_ticks(p.model.plan.start, p.model.plan.days as usize, 0),
                true,
            );
            let range = day * PER_DAY..(day + 1) * PER_DAY;
            let peak = |n: &kefu_core::roster::work::SkillNeed| n.scheduled[range.clone()].iter().copied().max().unwrap_or(0);
            let heads = p.needs.iter().map(|n| {
                let sk = n.skill.label(lang);
                view! { <th class="num">{format!("{sk} {}", lang.pick("会话", "chats"))}</th><th class="num">{format!("{sk} {}", lang.pick("在线", "on floor"))}</th><th class="num">{format!("{sk} {}", lang.pick("需排班", "to schedule"))}</th> }
            }).collect::<Vec<_>>();
            let open_from = view.work.with(|w| w.as_ref().map_or(480, |w| w.open_from)) as usize / INTERVAL as usize;
            let rows = (open_from..PER_DAY).map(|i| {
                let k = day * PER_DAY + i;
                let cells = p.needs.iter().map(|n| {
                    let col = if n.skill == Role::PreSale { "pre" } else { "after" };
                    view! {
                        <td class="num">{format!("{:.1}", n.chats[k])}</td>
                        <td class="num">{n.on_floor[k]}</td>
                        <td class="num" data-col=format!("{col}-scheduled")>{n.scheduled[k]}</td>
                    }
                }).collect::<Vec<_>>();
                view! { <tr><td>{interval_label(i)}</td><td class="num">{format!("{:.1}", p.forecast.series.counts[k])}</td>{cells}</tr> }
            }).collect::<Vec<_>>();
            let peaks = p.needs.iter().map(|n| {
                let id = if n.skill == Role::PreSale { "peak-pre" } else { "peak-after" };
                let v = peak(n);
                let hours: u32 = n.scheduled[range.clone()].iter().sum();
                let text = match lang {
                    Lang::Zh => format!("{}：高峰需排班 {} 人，全天 {:.1} 人·小时", n.skill.label(lang), v, hours as f64 / 2.0),
                    Lang::En => format!("{}: peak {} agents to schedule, {:.1} agent-hours in the day", n.skill.label(lang), v, hours as f64 / 2.0),
                };
                view! { <li id=id data-value=v.to_string()>{text}</li> }
            }).collect::<Vec<_>>();
            Some(view! {
                {chart}
                <DayPicker view=view id="staffing-day"/>
                <ul class="plain peaks">{peaks}</ul>
                <div class="table-scroll tall">
                <table class="table compact" id="staffing-table">
                    <thead><tr><th>{lang.pick("时段", "Interval")}</th><th class="num">{lang.pick("预测会话", "Forecast")}</th>{heads}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                </div>
            })
        })
    }
}

fn upsert_agent(state: AppState, view: RosterView, agent: Agent) {
    actions::roster::change(state, view, move |w| {
        w.agents.retain(|a| a.id != agent.id);
        w.agents.push(agent);
    });
}

#[component]
fn StaffCard(view: RosterView) -> impl IntoView {
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
                        let a2 = a.clone();
                        view! {
                            <tr data-agent=a.id.clone()>
                                <td>{a.name.clone()}</td>
                                <td>{skill_box(Role::PreSale)}{skill_box(Role::AfterSale)}</td>
                                <td><input type="number" class="narrow" min="0" max="60" prop:value=a.weekly_hours.to_string() on:change=move |ev| {
                                    if let Ok(h) = event_target_value(&ev).trim().parse::<u32>() { let mut b = a2.clone(); b.weekly_hours = h.min(60); upsert_agent(state, view, b); }
                                }/></td>
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
            <p class="hint">{move || t("客服来自导入的客服名单（只显示昵称）。改动会保存在排班里，不改名单本身。", "Agents come from the imported staff list (nicknames only). Changes are kept with the roster, not in the list itself.")}</p>
            <div class="table-scroll">
            <table class="table compact" id="staff-table">
                <thead><tr>
                    <th>{move || t("客服", "Agent")}</th><th>{move || t("技能", "Skills")}</th>
                    <th>{move || t("合同周工时", "Contract h/week")}</th><th>{move || t("可上夜班", "Nights")}</th>
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
fn LeaveForm(view: RosterView) -> impl IntoView {
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
    let list = move || {
        let lang = state.lang();
        let names = agents();
        view.work.with(|w| {
            w.as_ref()
                .map(|w| w.requests.clone())
                .unwrap_or_default()
                .into_iter()
                .enumerate()
                .map(|(i, r)| {
                    let who = names.iter().find(|(id, _)| *id == r.agent).map(|(_, n)| n.clone()).unwrap_or_else(|| kefu_core::roster::work::nick(&r.agent).to_owned());
                    view! {
                        <li>{format!("{who} · {} · {}", day_label(r.date, lang), kind_label(&r.kind))}" "
                            <button class="btn small" on:click=move |_| actions::roster::change(state, view, |w| { if i < w.requests.len() { w.requests.remove(i); } })>{lang.pick("删除", "Remove")}</button></li>
                    }
                })
                .collect::<Vec<_>>()
        })
    };
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
fn TemplatesForm(view: RosterView) -> impl IntoView {
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
fn RulesForm(view: RosterView) -> impl IntoView {
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

#[component]
fn GenerateCard(view: RosterView) -> impl IntoView {
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
    let bench = move || {
        let lang = state.lang();
        view.bench.get().map(|b| {
            let first = b.first_legal_ms.map(|ms| format!("{:.2}", ms / 1000.0)).unwrap_or_else(|| "—".into());
            let text = match lang {
                Lang::Zh => format!("性能自检：{} 人 × {} 天，首个合规排班用时 {} 秒；{:.1} 秒内缺人从 {} 降到 {} 人·时段。", b.agents, b.days, first, b.ms / 1000.0, b.under_first, b.under_end),
                Lang::En => format!("Speed check: {} agents × {} days, first legal roster after {} s; within {:.1} s the shortfall went from {} to {} agent-intervals.", b.agents, b.days, first, b.ms / 1000.0, b.under_first, b.under_end),
            };
            view! { <p id="bench-result" data-first-legal=b.first_legal_ms.map(|m| format!("{:.3}", m / 1000.0)).unwrap_or_default()>{text}</p> }
        })
    };
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
            <details class="speed">
                <summary>{move || t("性能自检（150 人 × 4 周）", "Speed check (150 agents × 4 weeks)")}</summary>
                <p class="hint">{move || t("用一个 150 人、4 周、两种技能的标准案例测一下本机浏览器的排班速度；不影响你的排班。", "Times the optimiser on a standard case (150 agents, 4 weeks, two skills) in this browser; your roster is not touched.")}</p>
                <button class="btn small" id="speed-check" disabled=move || view.solving.get() on:click=move |_| actions::roster::speed_check(state, view)>{move || t("开始", "Run")}</button>
                {bench}
            </details>
        </section>
    }
}

/// Rules that concern one agent (listed in words); cover gaps are summed instead.
fn is_person_rule(r: Rule) -> bool {
    !matches!(r, Rule::UnderCover | Rule::OverCover)
}

#[component]
fn GridCard(view: RosterView) -> impl IntoView {
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
                            view! {
                                <td class="cell-td" class:off=v == OFF class:bad=is_bad class:locked=locked>
                                    <button class="cell" data-agent=a.to_string() data-day=d.to_string() data-label=label_attr
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
            <h2>{move || t("⑤ 排班表（点格子修改）", "⑤ Roster (click a cell to change it)")}</h2>
            <Show when=has_roster fallback=move || view! { <p class="muted" id="grid-empty">{t("还没有排班：点上面的“生成排班”。", "No roster yet: press Generate above.")}</p> }>
                <p class="hint">{move || t("点格子选择班次或“休”；“锁定”的格子在重新优化时保持不变。⚠ 表示该格违反硬性规则。", "Click a cell to pick a shift or Off; locked cells stay as they are when re-optimising. ⚠ marks a cell that breaks a hard rule.")}</p>
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

fn coverage_chart(
    model: &Model,
    roster: &kefu_core::roster::model::Roster,
    day: usize,
    lang: Lang,
) -> AnyView {
    let rows = model.coverage(roster);
    let mut series = Vec::new();
    for (di, dm) in model.plan.demand.iter().enumerate() {
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
fn OutputCard(view: RosterView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    let body = move || {
        let lang = state.lang();
        let day = view.day.get();
        let roster = view.roster.get()?;
        view.prep.with(|p| {
            let p = p.as_ref()?;
            let m = &p.model;
            let chart = coverage_chart(m, &roster, day, lang);
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
                    <button class="btn" id="roster-print" on:click=move |_| actions::roster::print()>{move || t("打印排班表（A4 横向）", "Print roster sheet (A4 landscape)")}</button>
                    <button class="btn" id="roster-csv" on:click=move |_| actions::roster::export_csv(state, view)>{move || t("导出 CSV", "Export CSV")}</button>
                    <button class="btn" id="roster-ics" on:click=move |_| actions::roster::export_ics(state, view)>{move || t("导出日历（.ics）", "Export calendar (.ics)")}</button>
                </div>
                {body}
            </Show>
        </section>
    }
}

#[component]
fn IntradayCard(view: RosterView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    let now_slot = RwSignal::new(28usize);
    let actual = RwSignal::new(String::new());
    let result = move || {
        let lang = state.lang();
        let day = view.day.get();
        let now = now_slot.get();
        let so_far = actual.get().trim().parse::<f64>().ok().filter(|v| *v >= 0.0)?;
        let roster = view.roster.get()?;
        let staffing = view.work.with(|w| w.as_ref().map(|w| w.staffing.clone()))?;
        view.prep.with(|p| {
            let p = p.as_ref()?;
            let m = &p.model;
            let range = day * PER_DAY..(day + 1) * PER_DAY;
            let fc_total: f64 = p.forecast.series.counts[range.start..range.start + now].iter().sum();
            let mut blocks = Vec::new();
            for (di, n) in p.needs.iter().enumerate() {
                let fc = &n.chats[range.clone()];
                // Today's actual total so far, spread over the past intervals like the forecast.
                let scale = if fc_total > 0.0 { so_far * n.share / (fc_total * n.share).max(1e-9) } else { 0.0 };
                let act: Vec<f64> = fc[..now].iter().map(|f| f * scale).collect();
                let r = intraday(m, &roster, di, day as u16, fc, &act, &staffing);
                let short: Vec<String> = (now..PER_DAY)
                    .filter(|i| r.required[*i] as i32 > r.scheduled[*i])
                    .map(|i| format!("{} {}", interval_label(i), r.scheduled[i] - r.required[i] as i32))
                    .collect();
                let over: usize = (now..PER_DAY).filter(|i| (r.required[*i] as i32) < r.scheduled[*i]).count();
                let head = match lang {
                    Lang::Zh => format!("{}：实际是预测的 {:.0}%；今天余下时段缺人 {} 个、人手有富余 {} 个。", n.skill.label(lang), r.factor * 100.0, short.len(), over),
                    Lang::En => format!("{}: actual is {:.0}% of the forecast; for the rest of today {} interval(s) short, {} with spare agents.", n.skill.label(lang), r.factor * 100.0, short.len(), over),
                };
                let sugg = r.suggestions.iter().map(|s| view! { <li>{s.describe(m, lang)}</li> }).collect::<Vec<_>>();
                let none_text = if short.is_empty() {
                    lang.pick("无需调整。", "No change needed.")
                } else {
                    lang.pick(
                        "找不到不违反硬性规则的替补（休息、周工时或技能限制）；请考虑临时调人或放宽规则。",
                        "No call-in keeps the hard rules (rest, weekly hours or skills); consider borrowing staff or relaxing a rule.",
                    )
                };
                let none = r.suggestions.is_empty().then(|| view! { <li class="muted">{none_text}</li> });
                blocks.push(view! {
                    <div class="intraday-skill">
                        <p>{head}</p>
                        {(!short.is_empty()).then(|| view! { <p class="muted">{lang.pick("缺人时段：", "Short: ")}{short.join("，")}</p> })}
                        <ul>{sugg}{none}</ul>
                    </div>
                });
            }
            Some(view! { <div id="intraday-result">{blocks}</div> })
        })
    };
    view! {
        <section class="card no-print" id="roster-intraday">
            <h2>{move || t("⑦ 当日调整（替补）", "⑦ Intraday (call-ins)")}</h2>
            <p class="hint">{move || t("填入今天到现在为止的实际咨询量，按实际与预测之比重新估算今天余下时段需要的人手，并给出建议：叫谁来上班、谁加班、谁换班。每条建议都不违反硬性规则。", "Enter today's actual sessions so far: the rest of the day is re-estimated by the ratio of actual to forecast, with suggestions — who to call in, extend or move. Every suggestion keeps the hard rules.")}</p>
            <DayPicker view=view id="intraday-day"/>
            <div class="controls">
                <label>{move || t("现在时间", "Now")}
                    <select id="intraday-now" on:change=move |ev| now_slot.set(event_target_value(&ev).parse().unwrap_or(28))>
                        {(16..PER_DAY).map(|i| view! { <option value=i.to_string() selected=i == 28>{interval_label(i)}</option> }).collect::<Vec<_>>()}
                    </select></label>
                <label>{move || t("今天到现在的实际会话数", "Sessions so far today")}
                    <input type="number" id="intraday-actual" min="0" class="narrow" prop:value=move || actual.get() on:change=move |ev| actual.set(event_target_value(&ev))/></label>
            </div>
            <Show when=move || view.roster.with(|r| r.is_some()) fallback=move || view! { <p class="muted">{t("生成排班后可用。", "Available once a roster is generated.")}</p> }>
                {result}
            </Show>
        </section>
    }
}

/// The weekly roster sheet as printed: A4 landscape, black and white, one row per agent.
#[component]
fn PrintSheet(view: RosterView) -> impl IntoView {
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

#[component]
fn HelpCard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    let rules = move || {
        let lang = state.lang();
        Rule::ALL
            .iter()
            .map(|r| view! { <li><strong>{r.label(lang)}</strong>"："{r.help(lang)}</li> })
            .collect::<Vec<_>>()
    };
    view! {
        <section class="card no-print help" id="roster-help">
            <h2>{move || t("说明：人手怎么算、规则是什么", "Help: how agents are computed, and the rules")}</h2>
            <ul>{move || staffing_help(state.lang()).into_iter().map(|h| view! { <li><strong>{h.term}</strong>"："{h.text}</li> }).collect_view()}</ul>
            <h3>{move || t("排班规则（硬性必须遵守，软性尽量满足）", "Roster rules (hard: always kept; soft: met where possible)")}</h3>
            <ul class="rules-help">{rules}</ul>
        </section>
    }
}
