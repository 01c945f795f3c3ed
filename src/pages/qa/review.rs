//! The review form of the open conversation (人工复核): one row per scorecard category with its
//! scale, the automatic value it started from and a comment (required when the value was
//! changed), usable from the keyboard; and the dispute (申诉) of a saved review: register the
//! agent's objection, then accept it with corrected values or reject it, with a note.

use kefu_core::Lang;
use kefu_core::lang::Localize;
use kefu_core::qa::{DisputeStatus, QaEdit, Review};
use leptos::prelude::*;

use super::{pick, tr};
use crate::actions::{self, qa::QaView};
use crate::state::AppState;

/// The human review of the open conversation: one row per scorecard category with its scale,
/// the automatic value it started from and a comment (required when the value was changed).
#[component]
pub fn ReviewPanel(view: QaView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = pick(state);
    let form = DisputeForm::new();
    move || {
        let lang = state.lang();
        let card = view.card.get()?;
        let review = view.review.get()?;
        let active = view.active.get();
        let errors = view.errors.get();
        let rows = card
            .categories
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let v = review.values.get(i).cloned().unwrap_or_default();
                let label = if lang == Lang::Zh { c.zh.clone() } else { c.en.clone() };
                let marks = [
                    c.critical.then(|| lang.pick("致命项", "critical")),
                    c.bonus.then(|| lang.pick("加分项", "bonus")),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
                let scale = (1..=c.points)
                    .map(|g| {
                        let chosen = v.given == Some(g);
                        view! {
                            <button class="scale" class:chosen=chosen data-value=g
                                on:click=move |_| actions::qa::set_value(view, i, Some(g))>{g}</button>
                        }
                    })
                    .collect::<Vec<_>>();
                let na_chosen = v.given.is_none();
                let auto = v.auto.map_or_else(|| lang.pick("不适用", "N/A").to_owned(), |a| a.to_string());
                let wrong = errors.iter().any(|e| matches!(e, kefu_core::qa::ReviewError::CommentRequired { category } if *category == c.id));
                let needs_comment = v.overridden() || !v.comment.is_empty();
                let given_attr = v.given.map_or_else(|| "na".to_owned(), |g| g.to_string());
                view! {
                    <tr data-category=c.id.clone() data-given=given_attr class:active=i == active
                        on:click=move |_| view.active.set(i)>
                        <td>{label}" "<span class="muted">{marks}</span></td>
                        <td class="scale-cell">
                            {scale}
                            <button class="scale" class:chosen=na_chosen data-value="na"
                                on:click=move |_| actions::qa::set_value(view, i, None)>{lang.pick("不适用", "N/A")}</button>
                        </td>
                        <td class="muted">{lang.pick("自动：", "auto: ")}{auto}"/"{c.points}</td>
                        <td>
                            {needs_comment.then(|| view! {
                                <input type="text" class="comment" class:invalid=wrong
                                    id=format!("review-comment-{i}")
                                    placeholder=lang.pick("改动原因（必填）", "Why changed (required)")
                                    prop:value=v.comment.clone()
                                    on:change=move |ev| actions::qa::set_comment(view, i, event_target_value(&ev))/>
                            })}
                        </td>
                    </tr>
                }
            })
            .collect::<Vec<_>>();
        let outcome = actions::qa::review_score(view);
        let score_text = match outcome {
            Some(o) if o.critical_failed => {
                lang.pick("0（致命项未通过）", "0 (critical item failed)").to_owned()
            }
            Some(o) => o.score.map_or_else(|| "—".to_owned(), |s| format!("{s:.1}")),
            None => "—".to_owned(),
        };
        let label_of = |id: &str| {
            card.categories
                .iter()
                .find(|c| c.id == id)
                .map_or_else(|| id.to_owned(), |c| if lang == Lang::Zh { c.zh.clone() } else { c.en.clone() })
        };
        let error_texts = errors
            .iter()
            .map(|e| match e {
                kefu_core::qa::ReviewError::CommentRequired { category } => tr!(
                    lang,
                    "“{}”改动了自动评分，请填写理由。",
                    "“{}” differs from the automatic value: write the reason.",
                    label_of(category)
                ),
                e => e.localize(lang),
            })
            .collect::<Vec<_>>();
        let who = review_by(lang, &review);
        let dispute = ((view.saved.get() || review.dispute.is_some()) && review.calibration.is_none())
            .then(|| dispute_box(state, view, form, &review));
        Some(view! {
            <div class="review" id="qa-review">
                <div class="card-head">
                    <h3>{t("人工复核", "Human review")}" · "{card.label(lang).to_owned()}</h3>
                    <span class="muted small" id="review-by">{who}</span>
                    <span class="badge" id="review-state" data-saved=move || view.saved.get().to_string()>
                        {move || if view.saved.get() { t("已保存", "Saved") } else { t("未保存", "Not saved") }}
                    </span>
                </div>
                <p class="muted keys">{t(
                    "键盘：↑↓ 选择项目，1–5 打分（1 最差），0 不适用，S 保存，[ ] 上一个/下一个会话。改动自动评分须写原因。",
                    "Keys: ↑↓ choose an item, 1–5 score it (1 worst), 0 N/A, S save, [ ] previous/next conversation. A changed automatic value needs a reason.",
                )}</p>
                <table class="table compact review-form"><tbody>{rows}</tbody></table>
                <div class="review-foot">
                    <input type="text" class="comment wide" id="review-comment"
                        placeholder=t("总评（可选）", "Overall comment (optional)")
                        prop:value=review.comment.clone()
                        on:change=move |ev| actions::qa::set_overall_comment(view, event_target_value(&ev))/>
                    <span id="review-score">{t("复核得分：", "Review score: ")}{score_text}</span>
                    <button class="btn primary small" id="review-save"
                        on:click=move |_| actions::qa::save_review(state, view)>{t("保存复核 (S)", "Save review (S)")}</button>
                </div>
                {(!error_texts.is_empty()).then(|| view! {
                    <ul class="review-errors">{error_texts.into_iter().map(|e| view! { <li>{e}</li> }).collect::<Vec<_>>()}</ul>
                })}
                {dispute}
            </div>
        })
    }
}

/// Who scored the review shown, and whether it is a calibration review.
fn review_by(lang: Lang, r: &Review) -> String {
    match &r.calibration {
        Some(s) => tr!(
            lang,
            "评审人：{} · 校准场次“{}”（不计入得分）",
            "Reviewer: {} · calibration “{}” (not counted)",
            r.reviewer,
            s
        ),
        None => tr!(lang, "评审人：{}", "Reviewer: {}", r.reviewer),
    }
}

/// The inputs of the dispute box, kept while the review form re-renders.
#[derive(Clone, Copy)]
struct DisputeForm {
    open: RwSignal<bool>,
    by: RwSignal<String>,
    reason: RwSignal<String>,
    note: RwSignal<String>,
}

impl DisputeForm {
    fn new() -> DisputeForm {
        DisputeForm {
            open: RwSignal::new(false),
            by: RwSignal::new(String::new()),
            reason: RwSignal::new(String::new()),
            note: RwSignal::new(String::new()),
        }
    }

    fn clear(self) {
        self.open.set(false);
        self.reason.set(String::new());
        self.note.set(String::new());
    }
}

/// The dispute of a saved ordinary review: a button to register one, the open dispute with
/// accept/reject, or how it was resolved.
fn dispute_box(state: AppState, view: QaView, form: DisputeForm, r: &Review) -> impl IntoView + use<> {
    let t = pick(state);
    let lang = state.lang();
    let conv = r.conv.clone();
    let reviewer = r.reviewer.clone();
    let agent =
        view.conversation.with_untracked(|c| c.as_ref().and_then(|c| c.agent.clone())).unwrap_or_default();
    let past = match r.dispute.as_ref().map(|d| (&d.status, d)) {
        Some((DisputeStatus::Resolved { by, note, changed, .. }, d)) => Some(tr!(
            lang,
            "上次申诉（{0}：{1}）已由 {3} {2}。{4}",
            "The last dispute ({0}: {1}) was {2} by {3}. {4}",
            d.by,
            d.reason,
            if *changed {
                lang.pick("接受并改分", "accepted, score changed")
            } else {
                lang.pick("驳回", "rejected")
            },
            by,
            note
        )),
        _ => None,
    };
    if let Some(d) = r.dispute.as_ref().filter(|d| d.status == DisputeStatus::Open) {
        let (c1, r1) = (conv.clone(), reviewer.clone());
        let accept = move |_| {
            let Some(values) = view.review.get_untracked().map(|r| r.values) else { return };
            let note = form.note.get_untracked();
            let edit = QaEdit::Resolve { conv: c1.clone(), reviewer: r1.clone(), note, values: Some(values) };
            actions::qa::edit(state, view, edit, move || form.clear());
        };
        let reject = move |_| {
            let note = form.note.get_untracked();
            let edit = QaEdit::Resolve { conv: conv.clone(), reviewer: reviewer.clone(), note, values: None };
            actions::qa::edit(state, view, edit, move || form.clear());
        };
        return view! {
            <div class="dispute open" id="qa-dispute" data-status="open">
                <p><strong>{t("申诉中", "Disputed")}</strong>" · "{d.by.clone()}"："{d.reason.clone()}</p>
                <p class="muted small">{t(
                    "接受：按上面复核表当前的分值改分（改动须写原因）；驳回：分数不变。两者都会记下处理人和说明。",
                    "Accept: the values now in the form above become the review (changes need a reason). Reject: the score stays. Both record who resolved it and the note.",
                )}</p>
                <div class="row">
                    <input type="text" class="wide" id="dispute-note" placeholder=t("处理说明", "Note on the decision")
                        prop:value=move || form.note.get() on:input=move |ev| form.note.set(event_target_value(&ev))/>
                    <button class="btn small primary" id="dispute-accept" on:click=accept>{t("接受申诉并改分", "Accept and rescore")}</button>
                    <button class="btn small" id="dispute-reject" on:click=reject>{t("驳回申诉", "Reject")}</button>
                </div>
            </div>
        }
        .into_any();
    }
    if form.by.get_untracked().is_empty() {
        form.by.set(agent);
    }
    let submit = move |_| {
        let edit = QaEdit::Dispute {
            conv: conv.clone(),
            reviewer: reviewer.clone(),
            by: form.by.get_untracked(),
            reason: form.reason.get_untracked(),
        };
        actions::qa::edit(state, view, edit, move || form.clear());
    };
    let status = if past.is_some() { "resolved" } else { "none" };
    view! {
        <div class="dispute" id="qa-dispute" data-status=status>
            {past.map(|p| view! { <p class="muted small" id="dispute-past">{p}</p> })}
            <Show when=move || form.open.get() fallback=move || view! {
                <button class="btn small" id="dispute-open" on:click=move |_| form.open.set(true)>
                    {t("登记客服申诉", "Register the agent's dispute")}</button>
            }>
                <div class="row">
                    <input type="text" id="dispute-by" placeholder=t("申诉人（客服）", "Disputed by (agent)")
                        prop:value=move || form.by.get() on:input=move |ev| form.by.set(event_target_value(&ev))/>
                    <input type="text" class="wide" id="dispute-reason" placeholder=t("申诉理由（必填）", "Reason (required)")
                        prop:value=move || form.reason.get() on:input=move |ev| form.reason.set(event_target_value(&ev))/>
                    <button class="btn small primary" id="dispute-submit" on:click=submit.clone()>{t("提交申诉", "Register dispute")}</button>
                </div>
            </Show>
        </div>
    }
    .into_any()
}
