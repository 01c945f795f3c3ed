//! The disputes list (申诉): open disputes first, then resolved ones; a row opens the disputed
//! conversation, where the review form accepts or rejects the dispute.

use kefu_core::qa::DisputeStatus;
use leptos::prelude::*;

use super::{pick, score, tr};
use crate::actions::{self, qa::QaView};
use crate::state::AppState;

#[component]
pub fn Disputes(view: QaView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = pick(state);
    move || {
        let lang = state.lang();
        let rows = view.desk.with(|d| d.as_ref().map(|d| d.disputes.clone()).unwrap_or_default());
        let open = rows.iter().filter(|d| d.status == DisputeStatus::Open).count();
        let list: Vec<u32> = rows.iter().filter_map(|d| d.conv).collect();
        let body = if rows.is_empty() {
            view! {
                <p class="muted" id="disputes-empty">{t(
                    "还没有申诉。客服对某次复核有异议时，打开该会话，在复核表下方点“登记客服申诉”。",
                    "No disputes yet. When an agent objects to a review, open the conversation and press “Register the agent's dispute” under the review form.",
                )}</p>
            }
            .into_any()
        } else {
            let trs = rows
                .into_iter()
                .map(|d| {
                    let conv = d.conv;
                    let list = list.clone();
                    let (status, key) = match &d.status {
                        DisputeStatus::Open => (lang.pick("待处理", "open").to_owned(), "open"),
                        DisputeStatus::Resolved { by, note, changed, .. } => (
                            tr!(
                                lang,
                                "{}（{}）{}",
                                "{} ({}) {}",
                                if *changed { lang.pick("已接受，已改分", "accepted, rescored") } else { lang.pick("已驳回", "rejected") },
                                by,
                                note
                            ),
                            if *changed { "accepted" } else { "rejected" },
                        ),
                    };
                    view! {
                        <tr class="clickable" data-status=key
                            on:click=move |_| if let Some(c) = conv { actions::qa::open_in(state, view, c, list.clone()) }>
                            <td>{d.at.iso()}</td>
                            <td>{d.agent.clone().unwrap_or_else(|| "—".into())}</td>
                            <td>{d.buyer.clone()}" · "{d.key.start.iso()}</td>
                            <td>{d.by.clone()}</td>
                            <td class="wrap">{d.reason.clone()}</td>
                            <td>{d.reviewer.clone()}</td>
                            <td class="num">{score(d.score)}</td>
                            <td class="wrap">{status}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <div class="scroll-box">
                <table class="table compact">
                    <thead><tr>
                        <th>{t("申诉时间", "Disputed")}</th><th>{t("客服", "Agent")}</th><th>{t("会话", "Conversation")}</th>
                        <th>{t("申诉人", "By")}</th><th>{t("理由", "Reason")}</th><th>{t("评审人", "Reviewer")}</th>
                        <th class="num">{t("复核得分", "Review score")}</th><th>{t("处理结果", "Outcome")}</th>
                    </tr></thead>
                    <tbody>{trs}</tbody>
                </table>
                </div>
            }
            .into_any()
        };
        view! {
            <section class="card" id="qa-disputes">
                <div class="card-head">
                    <h2>{t("申诉", "Disputes")}</h2>
                    <span class="badge" id="disputes-open" data-open=open>{tr!(lang, "待处理 {}", "{} open", open)}</span>
                </div>
                <p class="muted small">{t("点一行打开该会话，在复核表下方接受（按改后的分值改分）或驳回。", "Click a row to open the conversation; accept (rescore with the corrected values) or reject under the review form.")}</p>
                {body}
            </section>
        }
    }
}
