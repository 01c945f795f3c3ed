//! ⑦ The intraday card: today's actual volume so far rescales the rest of the day; shows
//! the short intervals and call-in / extend / move suggestions that keep the hard rules.

use kefu_core::Lang;
use kefu_core::roster::intraday::intraday;
use leptos::prelude::*;

use crate::actions::roster::RosterView;
use crate::state::AppState;

use super::{DayPicker, PER_DAY, interval_label};

#[component]
pub(super) fn IntradayCard(view: RosterView) -> impl IntoView {
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
                let who = if n.shop.is_empty() {
                    n.skill.label(lang).to_owned()
                } else {
                    format!("{} {}", n.shop, n.skill.label(lang))
                };
                let head = match lang {
                    Lang::Zh => format!("{}：实际是预测的 {:.0}%；今天余下时段缺人 {} 个、人手有富余 {} 个。", who, r.factor * 100.0, short.len(), over),
                    Lang::En => format!("{}: actual is {:.0}% of the forecast; for the rest of today {} interval(s) short, {} with spare agents.", who, r.factor * 100.0, short.len(), over),
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
