//! The QA overview: team summary, one line per agent (scores, risk, response times, most
//! frequent issues, weekly trend of the automatic score as a small line), the rules hit most
//! often, and an agent's conversations worst first.

use kefu_core::Lang;
use kefu_core::qa::{AgentRow, ConvRow, WeekCell};
use leptos::prelude::*;

use super::{pick, rule_name, rule_names, score, secs, tr};
use crate::actions::{self, qa::QaView};
use crate::i18n::count;
use crate::state::AppState;

/// Rows of an agent's conversation list shown at once (worst first).
const SHOWN_CONVERSATIONS: usize = 200;

#[component]
pub fn Overview(view: QaView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = pick(state);
    move || {
        let lang = state.lang();
        let (ov, convs, msgs) = view.overview.get()?;
        let names = view.desk.with(|d| rule_names(lang, d.as_ref()));
        let summary = tr!(
            lang,
            "已质检 {} 个会话、{} 条消息；团队自动评分 {}。",
            "{} conversations and {} messages checked; team automatic score {}.",
            count(convs),
            count(msgs),
            score(ov.team.auto_score)
        );
        let weeks = ov.weeks.clone();
        let rows = ov.agents.clone();
        let ranking = rule_ranking(lang, &names, &ov.team.rule_hits, view);
        let range = score_range(&ov);
        let team_trend = sparkline(&weeks, &ov.team.weeks, range);
        Some(view! {
            <section class="card">
                <p id="qa-summary">{summary}</p>
                <table class="table" id="qa-agents">
                    <thead><tr>
                        <th>{t("客服", "Agent")}</th>
                        <th>{t("岗位", "Role")}</th>
                        <th class="num">{t("会话", "Conversations")}</th>
                        <th class="num">{t("自动评分", "Auto score")}</th>
                        <th title=t("每周自动评分，从左到右为最早到最近一周", "Automatic score per week, earliest to latest")>
                            {t("每周趋势", "Weekly trend")}</th>
                        <th class="num">{t("复核评分(份数)", "Review score (n)")}</th>
                        <th class="num">{t("风险会话", "Risk")}</th>
                        <th class="num">{t("致命项", "Critical")}</th>
                        <th class="num">{t("首次响应(秒)", "First reply (s)")}</th>
                        <th class="num">{t("平均响应(秒)", "Avg reply (s)")}</th>
                        <th class="num">{t("慢回复", "Slow")}</th>
                        <th>{t("最常见问题", "Most frequent issues")}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|a| agent_row(state, view, lang, &names, (&weeks, range), a)).collect_view()}
                    </tbody>
                    <tfoot><tr>
                        <td>{t("全队", "Team")}</td><td></td>
                        <td class="num">{count(u64::from(ov.team.conversations))}</td>
                        <td class="num">{score(ov.team.auto_score)}</td>
                        <td>{team_trend}</td>
                        <td class="num">{if ov.team.reviews == 0 { "—".to_owned() } else { format!("{} ({})", score(ov.team.review_score), ov.team.reviews) }}</td>
                        <td colspan="6"></td>
                    </tr></tfoot>
                </table>
                <p class="muted small">{week_note(lang, &weeks, range)}</p>
            </section>
            {ranking}
        })
    }
}

/// "Weeks from … to …" under the table.
fn week_note(lang: Lang, weeks: &[chrono::NaiveDate], (lo, hi): (f64, f64)) -> String {
    match (weeks.first(), weeks.last()) {
        (Some(a), Some(b)) => tr!(
            lang,
            "每周趋势：{} 周（{} 至 {} 所在周），各行纵轴相同（{:.0}–{:.0} 分），线越高分越高；鼠标停留可看每周分数。",
            "Weekly trend: {} weeks (weeks of {} to {}), the same scale on every line ({:.0}–{:.0}); higher is better, hover for each week's score.",
            weeks.len(),
            a,
            b,
            lo,
            hi
        ),
        _ => String::new(),
    }
}

/// The score range every trend line shares: the weekly scores' span, at least 10 points.
fn score_range(ov: &kefu_core::qa::Overview) -> (f64, f64) {
    let all = ov.agents.iter().flat_map(|a| &a.weeks).chain(&ov.team.weeks).filter_map(|c| c.auto_score);
    let (lo, hi) = all.fold((f64::MAX, f64::MIN), |(lo, hi), s| (lo.min(s), hi.max(s)));
    if lo > hi {
        return (0.0, 100.0);
    }
    let (lo, hi) = ((lo - 1.0).floor().max(0.0), (hi + 1.0).ceil());
    if hi - lo < 10.0 { ((hi - 10.0).max(0.0), (hi - 10.0).max(0.0) + 10.0) } else { (lo, hi) }
}

/// A small line of the automatic score per week on the shared scale `lo..hi` (gaps where a
/// week has none; the dashed line is the middle of the scale), with each week's score as a
/// tooltip and in `data-scores`.
fn sparkline(weeks: &[chrono::NaiveDate], cells: &[WeekCell], (lo, hi): (f64, f64)) -> impl IntoView + use<> {
    const W: f64 = 110.0;
    const H: f64 = 26.0;
    let n = weeks.len().max(1);
    let x = |i: usize| if n == 1 { W / 2.0 } else { 2.0 + i as f64 * (W - 4.0) / (n - 1) as f64 };
    let y = |s: f64| 2.0 + (1.0 - (s.clamp(lo, hi) - lo) / (hi - lo)) * (H - 4.0);
    let by_week: Vec<Option<f64>> =
        weeks.iter().map(|w| cells.iter().find(|c| c.week == *w).and_then(|c| c.auto_score)).collect();
    let points: Vec<String> = by_week
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.map(|s| format!("{:.1},{:.1}", x(i), y(s))))
        .collect();
    let dots: Vec<_> = by_week
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.map(|s| (x(i), y(s))))
        .map(|(cx, cy)| view! { <circle cx=format!("{cx:.1}") cy=format!("{cy:.1}") r="1.6"/> })
        .collect();
    let title = weeks
        .iter()
        .zip(&by_week)
        .map(|(w, s)| format!("{}: {}", w.format("%m-%d"), score(*s)))
        .collect::<Vec<_>>()
        .join("  ");
    let data = by_week.iter().map(|s| score(*s)).collect::<Vec<_>>().join(" ");
    // The dashed line: the middle of the scale.
    let reference = format!("{:.1}", y((lo + hi) / 2.0));
    view! {
        <span class="spark-wrap" title=title>
            <svg class="spark" width="110" height="26" viewBox="0 0 110 26" role="img" data-scores=data>
                <line x1="0" x2="110" y1=reference.clone() y2=reference class="spark-ref"/>
                <polyline points=points.join(" ")/>
                {dots}
            </svg>
        </span>
    }
}

/// The rules hit most often across the team (buyer risk flags listed apart).
fn rule_ranking(lang: Lang, names: &[String], hits: &[u32], view: QaView) -> impl IntoView + use<> {
    let state = expect_context::<AppState>();
    let t = pick(state);
    let (ids, risk): (Vec<String>, Vec<bool>) = view.desk.with_untracked(|d| {
        d.as_ref()
            .map(|d| d.config.rules.rules.iter().map(|r| (r.id.clone(), r.is_risk())).unzip())
            .unwrap_or_default()
    });
    let mut order: Vec<usize> = (0..hits.len()).collect();
    order.sort_by(|&a, &b| hits[b].cmp(&hits[a]).then(a.cmp(&b)));
    let max = hits.iter().copied().max().unwrap_or(0).max(1);
    let rows = order
        .into_iter()
        .map(|i| {
            let n = hits[i];
            let id = ids.get(i).cloned().unwrap_or_default();
            let is_risk = risk.get(i).copied().unwrap_or(false);
            let width = format!("width: {:.1}%", n as f64 * 100.0 / max as f64);
            view! {
                <tr data-rule=id data-hits=n>
                    <td>{rule_name(names, i as u16)}
                        {is_risk.then(|| view! { " "<span class="muted">{lang.pick("（买家风险标记，不扣分）", " (buyer risk flag, no penalty)")}</span> })}</td>
                    <td class="num">{count(u64::from(n))}</td>
                    <td class="bar-cell"><span class="bar" style=width></span></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card" id="qa-rules">
            <h2>{t("规则命中排行", "Rules hit most often")}</h2>
            <p class="muted small">{t(
                "全队所有会话中每条规则的命中次数。规则和词表可在“规则与评分表”中修改。",
                "How often each rule fired across the team. Rules and word lists can be changed under “Rules & scorecards”.",
            )}</p>
            <table class="table compact"><thead><tr>
                <th>{t("规则", "Rule")}</th><th class="num">{t("命中次数", "Hits")}</th><th></th>
            </tr></thead><tbody>{rows}</tbody></table>
        </section>
    }
}

fn agent_row(
    state: AppState,
    view: QaView,
    lang: Lang,
    names: &[String],
    (weeks, range): (&[chrono::NaiveDate], (f64, f64)),
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
    let trend = sparkline(weeks, &a.weeks, range);
    view! {
        <tr class="clickable" data-agent=a.agent.clone()
            class:selected=move || view.agent.get() == Some(id)
            on:click=move |_| actions::qa::open_agent(state, view, id)>
            <td class="agent-name">{a.agent.clone()}</td>
            <td>{a.role.label(lang)}</td>
            <td class="num">{count(u64::from(a.conversations))}</td>
            <td class="num" data-score="auto">{score(a.auto_score)}</td>
            <td class="trend">{trend}</td>
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
pub fn AgentConversations(view: QaView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = pick(state);
    move || {
        if view.agent.get().is_none() {
            return view! {
                <section class="card muted no-print" id="qa-conversations-hint">
                    {t("点上表中的客服，查看其会话（自动评分最低的在前）。", "Click an agent above to list their conversations (lowest score first).")}
                </section>
            }
            .into_any();
        }
        let rows = view.conversations.get();
        let total = rows.len();
        let shown: Vec<ConvRow> = rows.into_iter().take(SHOWN_CONVERSATIONS).collect();
        let list: Vec<u32> = shown.iter().map(|c| c.conv).collect();
        let note = (total > SHOWN_CONVERSATIONS).then(|| {
            tr!(
                state.lang(),
                "共 {} 个会话，按自动评分从低到高显示前 {} 个。",
                "{} conversations; the {} lowest-scoring are shown.",
                count(total as u64),
                SHOWN_CONVERSATIONS
            )
        });
        view! {
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
                            let list = list.clone();
                            let flags = [
                                c.risk.then(|| t("风险", "Risk")),
                                c.critical_failed.then(|| t("致命项", "Critical")),
                            ].into_iter().flatten().collect::<Vec<_>>().join(" ");
                            view! {
                                <tr class="clickable" data-conv=conv data-hits=c.hits
                                    class:selected=move || view.current.get() == Some(conv) && view.conversation.with(Option::is_some)
                                    on:click=move |_| actions::qa::open_in(state, view, conv, list.clone())>
                                    <td>{c.start.iso()}</td>
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
        }
        .into_any()
    }
}
