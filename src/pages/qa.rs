//! 质检 QA: every conversation checked automatically — the per-agent overview, an agent's
//! conversations worst first, and one conversation with the evidence highlighted.

use kefu_core::Lang;
use kefu_core::model::{MsgKind, Role};
use kefu_core::qa::{AgentRow, ConvRow, ConvView, QaConfig, ViewLine};
use leptos::prelude::*;

use crate::actions::{self, qa::QaView};
use crate::i18n::count;
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
                <ol class="chat">
                    {lines}
                </ol>
            </section>
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
