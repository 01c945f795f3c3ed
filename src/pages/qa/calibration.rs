//! Who is reviewing (the reviewer's name and calibration session, a setting of the QA page) and
//! the calibration view (校准): agreement per category and each reviewer's deviation from the
//! others, for every group of conversations two or more reviewers scored.

use kefu_core::Lang;
use kefu_core::qa::{CalibrationView, QaEdit};
use leptos::prelude::*;

use super::{pick, tr};
use crate::actions::{self, qa::QaView};
use crate::state::AppState;

/// The reviewer's name and calibration session, above every part of the page.
#[component]
pub fn ReviewerBar(view: QaView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = pick(state);
    let name = RwSignal::new(String::new());
    let session = RwSignal::new(String::new());
    // Follow the stored setting whenever it changes.
    Effect::new(move |_| {
        if let Some((n, s)) =
            view.desk.with(|d| d.as_ref().map(|d| (d.reviewer.clone(), d.calibration.clone())))
        {
            name.set(n);
            session.set(s.unwrap_or_default());
        }
    });
    let apply = move || {
        let s = session.get_untracked();
        let edit = QaEdit::SetReviewer {
            name: name.get_untracked(),
            calibration: (!s.trim().is_empty()).then_some(s),
        };
        // The line beside the inputs says who reviews now.
        actions::qa::edit(state, view, edit, || {});
    };
    let mode = move || {
        let lang = state.lang();
        view.desk.with(|d| {
            d.as_ref().map(|d| match &d.calibration {
                Some(s) => tr!(
                    lang,
                    "当前：{} 在校准场次“{}”中评审，评审不计入得分。",
                    "Now: {} reviews in calibration “{}”; these reviews are not counted.",
                    d.reviewer,
                    s
                ),
                None => tr!(
                    lang,
                    "当前：{} 日常复核，评审计入客服得分。",
                    "Now: {} does ordinary reviews, counted in the agents' scores.",
                    d.reviewer
                ),
            })
        })
    };
    view! {
        <div class="qa-reviewer no-print" id="qa-reviewer-bar">
            <label>{t("评审人", "Reviewer")}
                <input type="text" id="qa-reviewer" prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))/></label>
            <label title=t("多人对同一批会话打分比较尺度时填写；留空为日常复核", "Fill in when several reviewers score the same conversations to compare; empty for ordinary reviews")>
                {t("校准场次", "Calibration session")}
                <input type="text" id="qa-session" placeholder=t("留空 = 日常复核", "empty = ordinary reviews") prop:value=move || session.get()
                    on:input=move |ev| session.set(event_target_value(&ev))/></label>
            <button class="btn small" id="qa-reviewer-apply" on:click=move |_| apply()>{t("切换评审人", "Switch reviewer")}</button>
            <span class="muted small" id="qa-reviewer-mode">{mode}</span>
        </div>
    }
}

#[component]
pub fn Calibration(view: QaView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = pick(state);
    move || {
        let lang = state.lang();
        let groups = view.desk.with(|d| d.as_ref().map(|d| d.calibrations.clone()).unwrap_or_default());
        let body = if groups.is_empty() {
            view! {
                <p class="muted" id="calibration-empty">{t(
                    "还没有可比较的评审。请两位或以上评审给同一批会话打分：在上方填写评审人姓名（可填校准场次，校准评审不计入客服得分），然后复核相同的会话。",
                    "Nothing to compare yet. Have two or more reviewers score the same conversations: type the reviewer's name above (optionally a calibration session, whose reviews are not counted), then review the same conversations.",
                )}</p>
            }
            .into_any()
        } else {
            groups.into_iter().map(|g| group(lang, g)).collect_view().into_any()
        };
        view! {
            <section class="card" id="qa-calibration">
                <h2>{t("评分校准", "Calibration")}</h2>
                <p class="muted small">{t(
                    "一致率 = 两两评审给出相同分值的比例（不适用也算一种分值）。偏差 = 该评审的分类得分（0–100）减去其他评审对同一项的平均得分：为正偏宽松，为负偏严格；绝对偏差越大，尺度越不一致。",
                    "Agreement = share of reviewer pairs that gave the same value (N/A counts as a value). Deviation = the reviewer's category score (0–100) minus the others' mean for the same item: positive is lenient, negative strict; the larger the absolute deviation, the less consistent.",
                )}</p>
                {body}
            </section>
        }
    }
}

fn signed(x: f64) -> String {
    format!("{x:+.1}")
}

fn group(lang: Lang, g: CalibrationView) -> impl IntoView + use<> {
    let title = match &g.session {
        Some(s) => {
            tr!(lang, "校准场次“{}” · {}", "Calibration “{}” · {}", s, lang.pick(&g.card_zh, &g.card_en))
        }
        None => tr!(lang, "日常复核 · {}", "Ordinary reviews · {}", lang.pick(&g.card_zh, &g.card_en)),
    };
    let n = tr!(
        lang,
        "{} 个会话由两名及以上评审打分。",
        "{} conversations were scored by two or more reviewers.",
        g.stats.conversations
    );
    let cats = g
        .stats
        .categories
        .iter()
        .zip(&g.labels)
        .map(|(c, (zh, en))| {
            let rate = c.rate().map_or_else(|| "—".to_owned(), |r| format!("{:.0}%", r * 100.0));
            view! {
                <tr data-category=c.category.clone() data-agreeing=c.agreeing data-pairs=c.pairs>
                    <td>{lang.pick(zh, en).to_owned()}</td>
                    <td class="num">{c.pairs}</td><td class="num">{c.agreeing}</td><td class="num">{rate}</td>
                </tr>
            }
        })
        .collect_view();
    let revs = g
        .stats
        .reviewers
        .iter()
        .map(|r| {
            view! {
                <tr data-reviewer=r.reviewer.clone() data-deviation=format!("{:.2}", r.mean_signed)>
                    <td>{r.reviewer.clone()}</td>
                    <td class="num">{r.reviews}</td><td class="num">{r.compared}</td>
                    <td class="num">{signed(r.mean_signed)}</td><td class="num">{format!("{:.1}", r.mean_abs)}</td>
                    <td class="num">{signed(r.score_signed)}</td>
                </tr>
            }
        })
        .collect_view();
    let key = format!("{}|{}", g.session.clone().unwrap_or_default(), g.card);
    view! {
        <div class="calibration-group" data-group=key>
            <h3>{title}</h3>
            <p class="muted small">{n}</p>
            <div class="two-col">
                <table class="table compact calibration-categories">
                    <thead><tr>
                        <th>{lang.pick("分类", "Category")}</th><th class="num">{lang.pick("比较对数", "Pairs")}</th>
                        <th class="num">{lang.pick("一致", "Same")}</th><th class="num">{lang.pick("一致率", "Agreement")}</th>
                    </tr></thead>
                    <tbody>{cats}</tbody>
                </table>
                <table class="table compact calibration-reviewers">
                    <thead><tr>
                        <th>{lang.pick("评审人", "Reviewer")}</th><th class="num">{lang.pick("评审数", "Reviews")}</th>
                        <th class="num">{lang.pick("比较项", "Items")}</th><th class="num">{lang.pick("平均偏差", "Mean deviation")}</th>
                        <th class="num">{lang.pick("平均绝对偏差", "Mean |deviation|")}</th><th class="num">{lang.pick("总分偏差", "Score deviation")}</th>
                    </tr></thead>
                    <tbody>{revs}</tbody>
                </table>
            </div>
        </div>
    }
}
