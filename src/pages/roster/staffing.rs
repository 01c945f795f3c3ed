//! ② The agents-needed card: the Erlang C/A parameters (service level, handling time,
//! concurrency, occupancy, shrinkage, patience, pre-sale share) and the per-interval result.

use kefu_core::Lang;
use kefu_core::model::Role;
use kefu_core::roster::staffing::StaffingParams;
use kefu_core::roster::work::{INTERVAL, SkillNeed};
use leptos::prelude::*;

use crate::actions::{self, roster::RosterView};
use crate::state::{AppState, Tone};

use super::chart::{Series, day_ticks, line_chart};
use super::{DayPicker, PER_DAY, ShopPicker, interval_label, shown_shop};

/// A number field of the staffing form, shown in `scale` units (100 for percentages).
pub(super) fn num_field(
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
pub(super) fn StaffingCard(view: RosterView) -> impl IntoView {
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

fn need_series(needs: &[&SkillNeed], lang: Lang) -> Vec<Series> {
    needs
        .iter()
        .map(|n| Series {
            values: n.scheduled.iter().map(|v| Some(*v as f64)).collect(),
            class: if n.skill == Role::PreSale { "s-pre" } else { "s-after" },
            label: format!("{} {}", n.skill.label(lang), lang.pick("需排班人数", "agents to schedule")),
        })
        .collect()
}

#[component]
pub(super) fn StaffingResult(view: RosterView) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let lang = state.lang();
        let day = view.day.get();
        view.prep.with(|p| {
            let p = p.as_ref()?;
            // Split by shop: the chosen shop's needs only.
            let shop = shown_shop(view, p);
            let needs: Vec<&SkillNeed> = p.needs.iter().filter(|n| n.shop == shop).collect();
            let chart = line_chart(
                "staffing-chart",
                need_series(&needs, lang),
                day_ticks(p.model.plan.start, p.model.plan.days as usize, 0),
                true,
            );
            let range = day * PER_DAY..(day + 1) * PER_DAY;
            let peak = |n: &SkillNeed| n.scheduled[range.clone()].iter().copied().max().unwrap_or(0);
            let heads = needs.iter().map(|n| {
                let sk = n.skill.label(lang);
                view! { <th class="num">{format!("{sk} {}", lang.pick("会话", "chats"))}</th><th class="num">{format!("{sk} {}", lang.pick("在线", "on floor"))}</th><th class="num">{format!("{sk} {}", lang.pick("需排班", "to schedule"))}</th> }
            }).collect::<Vec<_>>();
            let open_from = view.work.with(|w| w.as_ref().map_or(480, |w| w.open_from)) as usize / INTERVAL as usize;
            let rows = (open_from..PER_DAY).map(|i| {
                let k = day * PER_DAY + i;
                let cells = needs.iter().map(|n| {
                    let col = if n.skill == Role::PreSale { "pre" } else { "after" };
                    view! {
                        <td class="num">{format!("{:.1}", n.chats[k])}</td>
                        <td class="num">{n.on_floor[k]}</td>
                        <td class="num" data-col=format!("{col}-scheduled")>{n.scheduled[k]}</td>
                    }
                }).collect::<Vec<_>>();
                view! { <tr><td>{interval_label(i)}</td><td class="num">{format!("{:.1}", p.forecast.series.counts[k])}</td>{cells}</tr> }
            }).collect::<Vec<_>>();
            let peaks = needs.iter().map(|n| {
                let id = if n.skill == Role::PreSale { "peak-pre" } else { "peak-after" };
                let v = peak(n);
                let hours: u32 = n.scheduled[range.clone()].iter().sum();
                let text = match lang {
                    Lang::Zh => format!("{}：高峰需排班 {} 人，全天 {:.1} 人·小时", n.skill.label(lang), v, hours as f64 / 2.0),
                    Lang::En => format!("{}: peak {} agents to schedule, {:.1} agent-hours in the day", n.skill.label(lang), v, hours as f64 / 2.0),
                };
                view! { <li id=id data-value=v.to_string()>{text}</li> }
            }).collect::<Vec<_>>();
            // Split by shop: who may work this shop's demand (agents of the shop, and those
            // without a shop, who serve every shop).
            let shop_agents = (!shop.is_empty()).then(|| {
                let m = &p.model;
                let names: Vec<&str> = m
                    .plan
                    .agents
                    .iter()
                    .enumerate()
                    .filter(|(a, _)| {
                        m.types.iter().enumerate().any(|(s, &(_, di))| {
                            m.plan.demand[di].shop == shop && m.problem.staff[*a].allowed[s]
                        })
                    })
                    .map(|(_, ag)| ag.name.as_str())
                    .collect();
                let text = match lang {
                    Lang::Zh => format!("{shop} 可排客服 {} 人：{}", names.len(), names.join("、")),
                    Lang::En => format!("{} agent(s) can work for {shop}: {}", names.len(), names.join(", ")),
                };
                view! { <p class="muted" id="shop-agents" data-count=names.len().to_string()>{text}</p> }
            });
            Some(view! {
                <ShopPicker view=view id="staffing-shop"/>
                {shop_agents}
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
