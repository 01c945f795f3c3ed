//! Live examples in the manual: small figures of the current workspace beside each step
//! (what is imported, the QA team row, the KPI table's team row with a formula worked
//! through), and a staffing example computed by the core's Erlang model from numbers the
//! reader can change. Nothing here is a fixed number: with an empty workspace the box says
//! what to do instead.

use kefu_core::Lang;
use kefu_core::kpi::{Kpi, KpiRow, Unit};
use kefu_core::model::DatasetKind;
use kefu_core::roster::staffing::{StaffingParams, required_agents};
use leptos::prelude::*;

use super::text::ManualText;
use crate::actions::manual::ManualView;
use crate::i18n::count;
use crate::state::AppState;

/// The box around a step's live figures; says what to do when the workspace is empty.
fn live_box(t: &'static ManualText, id: &'static str, body: Option<AnyView>) -> impl IntoView + use<> {
    view! {
        <aside class="manual-live no-print" id=id>
            <h4>{t.live_title}</h4>
            {body.unwrap_or_else(|| view! { <p class="muted live-empty">{t.live_empty}</p> }.into_any())}
        </aside>
    }
}

fn has_data(state: AppState) -> bool {
    state.workspace.with(|w| w.as_ref().is_some_and(|w| !w.manifest.datasets.is_empty()))
}

/// What the workspace holds, per kind of data.
#[component]
pub fn ImportLive() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let lang = state.lang();
        let t = super::text::text(lang);
        let kinds: Vec<(DatasetKind, u64)> = state.workspace.with(|w| {
            let mut out: Vec<(DatasetKind, u64)> = Vec::new();
            for d in w.iter().flat_map(|w| &w.manifest.datasets) {
                match out.iter_mut().find(|(k, _)| *k == d.kind) {
                    Some((_, n)) => *n += d.rows,
                    None => out.push((d.kind, d.rows)),
                }
            }
            out
        });
        let body = (!kinds.is_empty()).then(|| {
            view! {
                <ul class="live-list" id="manual-live-import">
                    {kinds.into_iter().map(|(k, n)| view! {
                        <li data-kind=format!("{k:?}")>{k.label(lang)}{lang.pick("：", ": ")}<strong>{count(n)}</strong>" "{k.unit(lang)}</li>
                    }).collect_view()}
                </ul>
            }
            .into_any()
        });
        live_box(t, "manual-live-import-box", body)
    }
}

/// The QA team row.
#[component]
pub fn QaLive(view: ManualView) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let lang = state.lang();
        let t = super::text::text(lang);
        let body = if !has_data(state) {
            None
        } else if !crate::actions::qa::has_chats(state) {
            Some(view! { <p class="muted">{lang.pick("工作区中还没有聊天记录：导入聊天记录后，这里会显示质检结果。", "The workspace has no chat logs yet: import some and the QA results appear here.")}</p> }.into_any())
        } else {
            Some(match view.qa_team.get() {
                None => view! { <p class="muted">{t.live_loading}</p> }.into_any(),
                Some(team) => {
                    let score = |s: Option<f64>| s.map_or_else(|| "—".to_owned(), |v| format!("{v:.1}"));
                    view! {
                        <dl class="live-facts" id="manual-live-qa">
                            <dt>{lang.pick("已检查的会话", "Conversations checked")}</dt><dd data-live="conversations">{count(team.conversations as u64)}</dd>
                            <dt>{lang.pick("团队自动质检分", "Team automatic score")}</dt><dd data-live="auto">{score(team.auto_score)}</dd>
                            <dt>{lang.pick("人工复核", "Human reviews")}</dt><dd data-live="reviews">{count(team.reviews as u64)}</dd>
                            <dt>{lang.pick("团队质检分（IQS）", "Team quality score (IQS)")}</dt><dd data-live="iqs">{score(team.review_score)}</dd>
                        </dl>
                    }
                    .into_any()
                }
            })
        };
        live_box(t, "manual-live-qa-box", body)
    }
}

/// The KPI table's team row, with each formula worked through (numerator ÷ denominator).
#[component]
pub fn KpiLive(view: ManualView) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let lang = state.lang();
        let t = super::text::text(lang);
        let body = has_data(state).then(|| match view.kpi_total.get() {
            None => view! { <p class="muted">{t.live_loading}</p> }.into_any(),
            Some(row) => kpi_rows(lang, &row).into_any(),
        });
        live_box(t, "manual-live-kpi-box", body)
    }
}

fn kpi_rows(lang: Lang, row: &KpiRow) -> impl IntoView + use<> {
    let shown =
        [Kpi::Consulted, Kpi::Enquiries, Kpi::Conversion, Kpi::Sales, Kpi::FirstResponse, Kpi::ReplyRate];
    let items = shown
        .into_iter()
        .filter_map(|k| row.get(k).filter(|f| f.value.is_some()))
        .map(|f| {
            let worked = match (f.num, f.den) {
                (Some(n), Some(d)) if f.kpi.unit() != Unit::Count => {
                    let unit = f.kpi.unit();
                    Some(format!("= {} ÷ {}", n.part_display(unit, lang), d.part_display(unit, lang)))
                }
                _ => None,
            };
            view! {
                <tr data-kpi=f.kpi.key()>
                    <th>{f.kpi.name(lang)}</th>
                    <td class="num">{f.display(lang)}</td>
                    <td><code class="formula">{f.kpi.formula(lang)}</code>" "{worked}</td>
                </tr>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <p class="small muted">{format!("{} {} – {}", lang.pick("团队合计，全部数据：", "Team, all data:"), row.period.from, row.period.to)}</p>
        <table class="table compact" id="manual-live-kpi"><tbody>{items}</tbody></table>
    }
}

/// The Erlang model on numbers the reader types (defaults: domain.md §5's reference case).
#[component]
pub fn RosterLive() -> impl IntoView {
    let state = expect_context::<AppState>();
    let chats = RwSignal::new(100.0_f64);
    let aht = RwSignal::new(180.0_f64);
    let at_once = RwSignal::new(1u32);
    let num = move |ev: &leptos::ev::Event, min: f64, max: f64| {
        event_target_value(ev).trim().parse::<f64>().ok().filter(|v| v.is_finite()).map(|v| v.clamp(min, max))
    };
    let lang = move || state.lang();
    let result = move || {
        let p = StaffingParams {
            aht_secs: aht.get(),
            sl_target: 0.8,
            answer_secs: 20.0,
            shrinkage: 0.3,
            concurrency: at_once.get(),
            ..StaffingParams::default()
        };
        let r = required_agents(chats.get(), &p);
        let pct = |x: f64| format!("{:.1}%", x * 100.0);
        let (sl, occ, wait) = (pct(r.stats.service_level), pct(r.stats.occupancy), pct(r.stats.p_wait));
        match lang() {
            Lang::Zh => format!(
                "需要在线 {} 人，排班 {} 人；此时服务水平 {sl}，占用率 {occ}，买家需要等待的概率 {wait}，平均等待 {:.1} 秒。",
                r.agents, r.scheduled, r.stats.avg_wait_secs
            ),
            Lang::En => format!(
                "{} agents online, {} to schedule; then the service level is {sl}, occupancy {occ}, the chance a buyer waits {wait}, mean wait {:.1} s.",
                r.agents, r.scheduled, r.stats.avg_wait_secs
            ),
        }
    };
    view! {
        <aside class="manual-live no-print" id="manual-live-roster-box">
            <h4>{move || lang().pick("试算：需要几名客服", "Try it: how many agents")}</h4>
            <div class="live-inputs">
                <label>{move || lang().pick("每 30 分钟咨询数", "Chats per 30 min")}" "
                    <input type="number" id="manual-erlang-chats" min="0" max="100000" value="100"
                        on:input=move |ev| if let Some(v) = num(&ev, 0.0, 100_000.0) { chats.set(v) }/></label>
                <label>{move || lang().pick("平均处理时长（秒）", "Handling time (s)")}" "
                    <input type="number" id="manual-erlang-aht" min="1" max="7200" value="180"
                        on:input=move |ev| if let Some(v) = num(&ev, 1.0, 7200.0) { aht.set(v) }/></label>
                <label>{move || lang().pick("同时接待数", "Chats at once")}" "
                    <input type="number" id="manual-erlang-k" min="1" max="10" value="1"
                        on:input=move |ev| if let Some(v) = num(&ev, 1.0, 10.0) { at_once.set(v as u32) }/></label>
            </div>
            <p class="small muted">{move || lang().pick("目标：80% 的买家在 20 秒内得到回复；损耗率 30%。", "Target: 80% of buyers answered within 20 s; shrinkage 30%.")}</p>
            <p id="manual-erlang-result">{result}</p>
        </aside>
    }
}
