//! 质检 QA: every conversation checked automatically — the per-agent overview, an agent's
//! conversations worst first, and one conversation with the evidence highlighted.

use kefu_core::Lang;
use kefu_core::lang::Localize;
use kefu_core::model::{MsgKind, Role};
use kefu_core::qa::{AgentRow, ConvRow, ConvView, QaConfig, ViewLine};
use leptos::prelude::*;

use crate::actions::{self, qa::QaView};
use crate::i18n::count;
use crate::platform::dom;
use crate::state::{AppState, Page};

/// Rows of an agent's conversation list shown at once (worst first).
const SHOWN_CONVERSATIONS: usize = 200;

fn score(s: Option<f64>) -> String {
    s.map_or_else(|| "—".into(), |v| format!("{v:.1}"))
}

fn secs(s: Option<f64>) -> String {
    s.map_or_else(|| "—".into(), |v| format!("{v:.0}"))
}

fn role_label(lang: Lang, r: Role) -> &'static str {
    r.label(lang)
}

/// The display names of the rules, by index.
fn rule_names(lang: Lang) -> Vec<String> {
    QaConfig::default()
        .rules
        .rules
        .iter()
        .map(|r| if lang == Lang::Zh { r.zh.clone() } else { r.en.clone() })
        .collect()
}

fn rule_name(names: &[String], i: u16) -> String {
    names.get(i as usize).cloned().unwrap_or_else(|| format!("#{i}"))
}

#[component]
pub fn QaPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let view = QaView::new();
    // Compute once the workspace is known, and again after it changes.
    Effect::new(move |_| {
        state.workspace.track();
        actions::qa::refresh(state, view);
    });
    // Reviewing from the keyboard (see `actions::qa::on_key`).
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if let Some(k) = dom::shortcut_key(&ev)
            && actions::qa::on_key(state, view, &k)
        {
            ev.prevent_default();
        }
    });
    on_cleanup(move || keys.remove());
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    view! {
        <h1>{move || t("质检", "Quality assurance")}</h1>
        <p class="lead">{move || t(
            "自动检查每一个会话：响应时间、问候与告别、禁用语、站外交易风险、极限用语、迟回复未致歉、“稍等”后无下文、买家投诉信号等。评分满分 100 分，加分项可使总分略高于 100，致命项不通过则为 0 分。点客服看其会话（最差在前），点会话看高亮的证据。",
            "Every conversation is checked automatically: response times, greeting and farewell, forbidden words, off-platform risk, absolute claims, late replies without apology, “one moment” with no follow-up, buyer escalation words. Scores are out of 100; bonus items can lift a score slightly above 100, a failed critical item sets it to 0. Click an agent to see their conversations (worst first), and a conversation to see the highlighted evidence.",
        )}</p>
        {move || {
            if state.workspace.with(|w| w.is_none()) {
                return view! { <p class="muted">{t("正在打开工作区…", "Opening the workspace…")}</p> }.into_any();
            }
            if !actions::qa::has_chats(state) {
                return view! {
                    <section class="card" id="qa-empty">
                        <h2>{t("还没有聊天记录", "No chat logs yet")}</h2>
                        <p>{t("请先在“导入”页导入聊天记录，或载入示例数据。", "Import chat logs on the Import page first, or load the demo workspace.")}</p>
                        <button class="btn primary" on:click=move |_| actions::go(Page::Import)>{t("去导入", "Go to Import")}</button>
                    </section>
                }.into_any();
            }
            view! { <QaBody view=view/> }.into_any()
        }}
    }
}

#[component]
fn QaBody(view: QaView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    move || {
        let lang = state.lang();
        let Some((ov, convs, msgs)) = view.overview.get() else {
            return view! { <p class="muted" id="qa-running">{t("正在质检…", "Checking…")}</p> }.into_any();
        };
        let names = rule_names(lang);
        let summary = match lang {
            Lang::Zh => format!(
                "已质检 {} 个会话、{} 条消息；团队自动评分 {}。",
                count(convs),
                count(msgs),
                score(ov.team.auto_score)
            ),
            Lang::En => format!(
                "{} conversations and {} messages checked; team automatic score {}.",
                count(convs),
                count(msgs),
                score(ov.team.auto_score)
            ),
        };
        let rows = ov.agents.clone();
        view! {
            <section class="card">
                <p id="qa-summary">{summary}</p>
                <table class="table" id="qa-agents">
                    <thead><tr>
                        <th>{t("客服", "Agent")}</th>
                        <th>{t("岗位", "Role")}</th>
                        <th class="num">{t("会话", "Conversations")}</th>
                        <th class="num">{t("自动评分", "Auto score")}</th>
                        <th class="num">{t("复核评分(份数)", "Review score (n)")}</th>
                        <th class="num">{t("风险会话", "Risk")}</th>
                        <th class="num">{t("致命项", "Critical")}</th>
                        <th class="num">{t("首次响应(秒)", "First reply (s)")}</th>
                        <th class="num">{t("平均响应(秒)", "Avg reply (s)")}</th>
                        <th class="num">{t("慢回复", "Slow")}</th>
                        <th>{t("最常见问题", "Most frequent issues")}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|a| agent_row(state, view, lang, &names, a)).collect_view()}
                    </tbody>
                </table>
            </section>
            <div class="qa-drill">
                <AgentConversations view=view/>
                <ConversationViewer view=view/>
            </div>
        }
        .into_any()
    }
}

fn agent_row(
    state: AppState,
    view: QaView,
    lang: Lang,
    names: &[String],
    a: AgentRow,
) -> impl IntoView + use<> {
    let id = a.id;
    let top = a
        .top_rules
        .iter()
        .take(3)
        .map(|&(r, n)| format!("{}×{}", rule_name(names, r), n))
        .collect::<Vec<_>>()
        .join("，");
    view! {
        <tr class="clickable" data-agent=a.agent.clone()
            class:selected=move || view.agent.get() == Some(id)
            on:click=move |_| actions::qa::open_agent(state, view, id)>
            <td><button class="link">{a.agent.clone()}</button></td>
            <td>{role_label(lang, a.role)}</td>
            <td class="num">{count(u64::from(a.conversations))}</td>
            <td class="num" data-score="auto">{score(a.auto_score)}</td>
            <td class="num" data-score="review" data-reviews=a.reviews>
                {if a.reviews == 0 { "—".to_owned() } else { format!("{} ({})", score(a.review_score), a.reviews) }}
            </td>
            <td class="num">{a.risk_conversations}</td>
            <td class="num">{a.critical_failed}</td>
            <td class="num">{secs(a.first_response)}</td>
            <td class="num">{secs(a.avg_response)}</td>
            <td class="num">{a.slow_replies}</td>
            <td>{top}</td>
        </tr>
    }
}

#[component]
fn AgentConversations(view: QaView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    move || {
        view.agent.get()?;
        let rows = view.conversations.get();
        let total = rows.len();
        let shown: Vec<ConvRow> = rows.into_iter().take(SHOWN_CONVERSATIONS).collect();
        let note = (total > SHOWN_CONVERSATIONS).then(|| match state.lang() {
            Lang::Zh => format!(
                "共 {} 个会话，按自动评分从低到高显示前 {} 个。",
                count(total as u64),
                SHOWN_CONVERSATIONS
            ),
            Lang::En => format!(
                "{} conversations; the {} lowest-scoring are shown.",
                count(total as u64),
                SHOWN_CONVERSATIONS
            ),
        });
        Some(view! {
            <section class="card" id="qa-conversations">
                <h2>{t("会话（自动评分从低到高）", "Conversations (lowest score first)")}</h2>
                {note.map(|n| view! { <p class="muted">{n}</p> })}
                <div class="scroll-box">
                <table class="table compact">
                    <thead><tr>
                        <th>{t("开始时间", "Started")}</th>
                        <th>{t("买家", "Buyer")}</th>
                        <th class="num">{t("自动评分", "Auto score")}</th>
                        <th class="num">{t("命中", "Hits")}</th>
                        <th>{t("标记", "Flags")}</th>
                        <th class="num">{t("首次响应(秒)", "First reply (s)")}</th>
                    </tr></thead>
                    <tbody>
                        {shown.into_iter().map(|c| {
                            let conv = c.conv;
                            let flags = [
                                c.risk.then(|| t("风险", "Risk")),
                                c.critical_failed.then(|| t("致命项", "Critical")),
                            ].into_iter().flatten().collect::<Vec<_>>().join(" ");
                            view! {
                                <tr class="clickable" data-conv=conv data-hits=c.hits
                                    on:click=move |_| actions::qa::open_conversation(state, view, conv)>
                                    <td><button class="link">{c.start.iso()}</button></td>
                                    <td>{c.buyer.clone()}</td>
                                    <td class="num">{score(c.auto_score)}</td>
                                    <td class="num">{c.hits}</td>
                                    <td>{flags}</td>
                                    <td class="num">{c.first_response.map_or_else(|| "—".to_owned(), |s| s.to_string())}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
            </section>
        })
    }
}

/// `text` split into plain and highlighted pieces; overlapping or invalid spans are skipped.
fn pieces(text: &str, marks: &[(u32, u32, u16)]) -> Vec<(String, Option<u16>)> {
    let mut marks = marks.to_vec();
    marks.sort_by_key(|m| (m.0, m.1));
    let mut out = Vec::new();
    let mut at = 0usize;
    for (a, b, rule) in marks {
        let (a, b) = (a as usize, b as usize);
        if a < at || b <= a {
            continue;
        }
        let (Some(before), Some(hit)) = (text.get(at..a), text.get(a..b)) else { continue };
        if !before.is_empty() {
            out.push((before.to_owned(), None));
        }
        out.push((hit.to_owned(), Some(rule)));
        at = b;
    }
    out.push((text.get(at..).unwrap_or_default().to_owned(), None));
    out
}

fn line_view(lang: Lang, names: &[String], l: ViewLine) -> impl IntoView + use<> {
    let side = match l.kind {
        MsgKind::Buyer => "buyer",
        MsgKind::Agent => "agent",
        MsgKind::Auto => "auto",
        MsgKind::System | MsgKind::Transfer { .. } => "system",
    };
    let flags = l.flags.iter().map(|&r| rule_name(names, r)).collect::<Vec<_>>();
    let text = pieces(&l.text, &l.marks)
        .into_iter()
        .map(|(s, rule)| match rule {
            None => view! { <span>{s}</span> }.into_any(),
            Some(r) => {
                let name = rule_name(names, r);
                view! { <mark class="hit" title=name.clone() data-rule=name>{s}</mark> }.into_any()
            }
        })
        .collect_view();
    let auto = (l.kind == MsgKind::Auto).then(|| lang.pick("（自动回复）", " (auto-reply)"));
    view! {
        <li class=format!("line {side}")>
            <div class="meta">{l.ts.iso()}" · "{l.who.clone()}{auto}</div>
            <div class="text">{text}</div>
            {(!flags.is_empty()).then(|| view! {
                <div class="flags">{flags.into_iter().map(|f| { let label = f.clone(); view! { <span class="badge warn" data-flag=f>{label}</span> } }).collect_view()}</div>
            })}
        </li>
    }
}

#[component]
fn ConversationViewer(view: QaView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    move || {
        let c: ConvView = view.conversation.get()?;
        let lang = state.lang();
        let names = rule_names(lang);
        let m = c.metrics;
        let facts = match lang {
            Lang::Zh => format!(
                "买家 {} · 客服 {} · 自动评分 {} · 首次响应 {} 秒 · 最长间隔 {} 秒 · 慢回复 {} 次 · 未回复 {} 条",
                c.buyer,
                c.agent.clone().unwrap_or_else(|| "—".into()),
                score(c.auto_score),
                m.first_response.map_or_else(|| "—".into(), |s| s.to_string()),
                m.longest_gap,
                m.slow_replies,
                m.unanswered
            ),
            Lang::En => format!(
                "Buyer {} · agent {} · auto score {} · first reply {} s · longest gap {} s · {} slow replies · {} unanswered",
                c.buyer,
                c.agent.clone().unwrap_or_else(|| "—".into()),
                score(c.auto_score),
                m.first_response.map_or_else(|| "—".into(), |s| s.to_string()),
                m.longest_gap,
                m.slow_replies,
                m.unanswered
            ),
        };
        let lines = c.lines.into_iter().map(|l| line_view(lang, &names, l)).collect::<Vec<_>>();
        Some(view! {
            <section class="card" id="qa-conversation">
                <h2>{t("会话详情", "Conversation")}</h2>
                <p class="muted">{facts}</p>
                <ReviewPanel view=view/>
                <ol class="chat">
                    {lines}
                </ol>
            </section>
        })
    }
}

/// The human review of the open conversation: one row per scorecard category with its scale,
/// the automatic value it started from and a comment (required when the value was changed).
#[component]
fn ReviewPanel(view: QaView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
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
                kefu_core::qa::ReviewError::CommentRequired { category } => match lang {
                    Lang::Zh => format!("“{}”改动了自动评分，请填写理由。", label_of(category)),
                    Lang::En => format!(
                        "“{}” differs from the automatic value: write the reason.",
                        label_of(category)
                    ),
                },
                e => e.localize(lang),
            })
            .collect::<Vec<_>>();
        Some(view! {
            <div class="review" id="qa-review">
                <div class="card-head">
                    <h3>{t("人工复核", "Human review")}" · "{if lang == Lang::Zh { card.zh.clone() } else { card.en.clone() }}</h3>
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
            </div>
        })
    }
}

#[cfg(test)]
mod tests {
    use super::pieces;

    #[test]
    fn pieces_split_on_marks_and_skip_bad_spans() {
        let text = "亲，加我微信吧";
        // "微信" is bytes 12..18.
        let p = pieces(text, &[(12, 18, 3), (13, 14, 1), (100, 120, 2)]);
        assert_eq!(
            p,
            vec![("亲，加我".to_owned(), None), ("微信".to_owned(), Some(3)), ("吧".to_owned(), None)]
        );
    }
}
