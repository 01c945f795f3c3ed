//! ① The demand forecast card: planning horizon, the forecast against recent actuals with
//! its error on held-back days, promotion and holiday multipliers, and manual overrides.

use chrono::{Duration, NaiveDate};
use kefu_core::Lang;
use kefu_core::roster::forecast::{MarkedDay, Override};
use kefu_core::roster::work::day_label;
use leptos::prelude::*;

use crate::actions::{self, roster::RosterView};
use crate::state::{AppState, Tone};

use super::chart::{Series, day_ticks, line_chart};
use super::{PER_DAY, interval_label, removable_list};

/// Marked-day kinds offered, with their usual multipliers.
const MARK_KINDS: [(&str, &str, f64); 5] = [
    ("618", "618", 1.8),
    ("双11", "Double 11", 2.5),
    ("直播日", "Live-stream day", 1.4),
    ("节假日", "Public holiday", 0.7),
    ("其他", "Other", 1.2),
];

#[component]
pub(super) fn ForecastCard(view: RosterView) -> impl IntoView {
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
pub(super) fn PlanControls(view: RosterView) -> impl IntoView {
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
pub(super) fn MarkedDays(view: RosterView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    let date = RwSignal::new(String::new());
    let kind = RwSignal::new(0usize);
    let mult = RwSignal::new(MARK_KINDS[0].2.to_string());
    let list = removable_list(
        state,
        view,
        |w| &w.forecast.marked,
        |w| &mut w.forecast.marked,
        |m, lang| format!("{} · {} · ×{}", day_label(m.date, lang), m.label, m.multiplier),
    );
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
pub(super) fn Overrides(view: RosterView) -> impl IntoView {
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
    let list = removable_list(
        state,
        view,
        |w| &w.forecast.overrides,
        |w| &mut w.forecast.overrides,
        |o, lang| {
            format!("{} {} → {}", day_label(o.date, lang), interval_label(o.interval as usize), o.chats)
        },
    );
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

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}
