//! The conversation viewer: every line of one conversation with the evidence highlighted
//! (phrase hits marked in the text, timing rules as badges on the line), the facts of the
//! conversation, and the review form above the lines.

use kefu_core::Lang;
use kefu_core::model::MsgKind;
use kefu_core::qa::{ConvView, ViewLine};
use leptos::prelude::*;

use super::{pick, rule_name, rule_names, score, tr};
use crate::actions::qa::QaView;
use crate::state::AppState;

/// `text` split into plain and highlighted pieces; overlapping or invalid spans are skipped.
pub(super) fn pieces(text: &str, marks: &[(u32, u32, u16)]) -> Vec<(String, Option<u16>)> {
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
pub fn ConversationViewer(view: QaView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = pick(state);
    move || {
        let Some(c): Option<ConvView> = view.conversation.get() else {
            return view! {
                <section class="card muted no-print" id="qa-conversation-hint">
                    {t("从左侧列表点一个会话，这里显示全部消息、高亮的证据和复核表。", "Pick a conversation from the list to see every line, the highlighted evidence and the review form here.")}
                </section>
            }
            .into_any();
        };
        let lang = state.lang();
        let names = view.desk.with(|d| rule_names(lang, d.as_ref()));
        let m = c.metrics;
        let facts = tr!(
            lang,
            "买家 {} · 客服 {} · 自动评分 {} · 首次响应 {} 秒 · 最长间隔 {} 秒 · 慢回复 {} 次 · 未回复 {} 条",
            "Buyer {} · agent {} · auto score {} · first reply {} s · longest gap {} s · {} slow replies · {} unanswered",
            c.buyer,
            c.agent.clone().unwrap_or_else(|| "—".into()),
            score(c.auto_score),
            m.first_response.map_or_else(|| "—".into(), |s| s.to_string()),
            m.longest_gap,
            m.slow_replies,
            m.unanswered
        );
        let lines = c.lines.into_iter().map(|l| line_view(lang, &names, l)).collect::<Vec<_>>();
        view! {
            <section class="card" id="qa-conversation">
                <h2>{t("会话详情", "Conversation")}</h2>
                <p class="muted">{facts}</p>
                <super::review::ReviewPanel view=view/>
                <ol class="chat">
                    {lines}
                </ol>
            </section>
        }
        .into_any()
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
