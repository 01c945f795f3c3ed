//! The sampling plan (抽查): how many conversations per agent and week, which week, the seed and
//! the share drawn from risky conversations; the drawn list with its progress (已抽查 x / y),
//! walked through with the review form (`[` `]`).

use chrono::NaiveDate;
use kefu_core::qa::{QaEdit, SamplePlan};
use leptos::prelude::*;

use super::{pick, score, tr};
use crate::actions::{self, qa::QaView};
use crate::state::AppState;

#[component]
pub fn Sampling(view: QaView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = pick(state);
    // The form starts from the stored plan, else the defaults and the latest week.
    let start = view.desk.with_untracked(|d| {
        let d = d.as_ref()?;
        Some(match &d.sampling {
            Some(s) => (s.plan.clone(), s.week),
            None => (SamplePlan::default(), d.weeks.last().copied()),
        })
    });
    let (plan0, week0) = start.unwrap_or((SamplePlan::default(), None));
    let per_agent = RwSignal::new(plan0.per_agent.to_string());
    let seed = RwSignal::new(plan0.seed.to_string());
    let risk = RwSignal::new(format!("{:.0}", plan0.risk_share * 100.0));
    let skip = RwSignal::new(plan0.skip_reviewed);
    let week = RwSignal::new(week0.map(|w| w.to_string()).unwrap_or_default());
    let draw = move |_| {
        let plan = SamplePlan {
            per_agent: per_agent.get_untracked().trim().parse().unwrap_or(0),
            seed: seed.get_untracked().trim().parse().unwrap_or(1),
            risk_share: risk
                .get_untracked()
                .trim()
                .parse::<f64>()
                .map_or(0.6, |p| (p / 100.0).clamp(0.0, 1.0)),
            skip_reviewed: skip.get_untracked(),
            ..SamplePlan::default()
        };
        let week = week.get_untracked().parse::<NaiveDate>().ok();
        actions::qa::edit(state, view, QaEdit::DrawSample { plan, week }, || {});
    };
    let weeks = move || view.desk.with(|d| d.as_ref().map(|d| d.weeks.clone()).unwrap_or_default());
    view! {
        <section class="card" id="qa-sampling">
            <h2>{t("抽查计划", "Sampling plan")}</h2>
            <p class="muted small">{t(
                "每位客服每周随机抽取若干会话做人工复核；其中一部分优先从风险会话（自动评分低于 80、致命项、买家投诉词、等待超过 5 分钟）中抽。同一随机种子总是抽到同一批会话；已复核的会话不再抽。",
                "Draw conversations per agent and week for human review; a share comes from risky ones first (automatic score below 80, a critical item, buyer escalation words, a wait over 5 minutes). The same seed always draws the same conversations; reviewed ones are skipped.",
            )}</p>
            <div class="form-grid">
                <label>{t("每人每周抽", "Per agent per week")}
                    <input type="number" min="1" max="50" id="sample-n" prop:value=move || per_agent.get()
                        on:input=move |ev| per_agent.set(event_target_value(&ev))/></label>
                <label>{t("周", "Week")}
                    <select id="sample-week" on:change=move |ev| week.set(event_target_value(&ev))>
                        <option value="" selected=move || week.get().is_empty()>{t("全部周", "Every week")}</option>
                        {move || weeks().into_iter().rev().map(|w| {
                            let v = w.to_string();
                            let sel = v.clone();
                            view! { <option value=v.clone() selected=move || week.get() == sel>{tr!(state.lang(), "{} 所在周", "week of {}", v)}</option> }
                        }).collect_view()}
                    </select></label>
                <label>{t("风险会话占比 %", "Risky share %")}
                    <input type="number" min="0" max="100" id="sample-risk" prop:value=move || risk.get()
                        on:input=move |ev| risk.set(event_target_value(&ev))/></label>
                <label>{t("随机种子", "Seed")}
                    <input type="number" min="0" id="sample-seed" prop:value=move || seed.get()
                        on:input=move |ev| seed.set(event_target_value(&ev))/></label>
                <label class="check"><input type="checkbox" id="sample-skip" prop:checked=move || skip.get()
                    on:change=move |ev| skip.set(event_target_checked(&ev))/>{t("跳过已复核的会话", "Skip reviewed conversations")}</label>
                <button class="btn primary" id="sample-draw" on:click=draw>{t("生成抽查计划", "Draw the sample")}</button>
            </div>
        </section>
        <SampleList view=view/>
    }
}

#[component]
fn SampleList(view: QaView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = pick(state);
    move || {
        let lang = state.lang();
        let s = view.desk.with(|d| d.as_ref().and_then(|d| d.sampling.clone()))?;
        let list: Vec<u32> = s.rows.iter().filter_map(|r| r.conv).collect();
        let next = s.rows.iter().find(|r| !r.reviewed).and_then(|r| r.conv);
        let progress = tr!(lang, "已抽查 {} / {}", "Reviewed {} of {}", s.done, s.rows.len());
        let scope = match s.week {
            Some(w) => tr!(lang, "{} 所在周，每人 {} 个", "week of {}, {} per agent", w, s.plan.per_agent),
            None => {
                tr!(lang, "全部周，每人每周 {} 个", "every week, {} per agent and week", s.plan.per_agent)
            }
        };
        let list2 = list.clone();
        let rows = s
            .rows
            .into_iter()
            .map(|r| {
                let list = list.clone();
                let conv = r.conv;
                let status = if r.reviewed { lang.pick("已抽查", "reviewed") } else { lang.pick("待抽查", "to do") };
                view! {
                    <tr class="clickable" class:done=r.reviewed data-conv=conv.map(|c| c.to_string()).unwrap_or_default()
                        data-reviewed=r.reviewed.to_string()
                        class:selected=move || conv.is_some() && view.current.get() == conv && view.conversation.with(Option::is_some)
                        on:click=move |_| if let Some(c) = conv { actions::qa::open_in(state, view, c, list.clone()) }>
                        <td>{r.agent.clone()}</td>
                        <td>{r.start.iso()}</td>
                        <td>{r.buyer.clone()}</td>
                        <td class="num">{score(r.auto_score)}</td>
                        <td>{r.risky.then(|| lang.pick("风险", "risky"))}</td>
                        <td>{if conv.is_none() { lang.pick("已不在数据中", "no longer in the data") } else { status }}</td>
                    </tr>
                }
            })
            .collect_view();
        Some(view! {
            <section class="card" id="qa-sample">
                <div class="card-head">
                    <h2>{t("抽查清单", "Sample")}</h2>
                    <span class="badge" id="sample-progress" data-done=s.done>{progress}</span>
                </div>
                <p class="muted small">{scope}{t("。点一行打开会话复核，键盘 [ ] 在清单内上一个/下一个。", ". Click a row to review it; [ ] move to the previous/next one in this list.")}</p>
                <div class="row no-print">
                    <button class="btn small primary" id="sample-start" disabled=next.is_none()
                        on:click=move |_| if let Some(c) = next { actions::qa::open_in(state, view, c, list2.clone()) }>
                        {t("打开下一个待抽查", "Open the next to review")}</button>
                    <button class="btn small" id="sample-clear"
                        on:click=move |_| actions::qa::edit(state, view, QaEdit::ClearSample, || {})>{t("清除计划", "Clear the plan")}</button>
                </div>
                <div class="scroll-box">
                <table class="table compact">
                    <thead><tr>
                        <th>{t("客服", "Agent")}</th><th>{t("开始时间", "Started")}</th><th>{t("买家", "Buyer")}</th>
                        <th class="num">{t("自动评分", "Auto score")}</th><th>{t("标记", "Flag")}</th><th>{t("状态", "Status")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                </div>
            </section>
        })
    }
}
