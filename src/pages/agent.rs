//! The agent view (个人绩效包, read-only): what a dropped `.kefupack` shows — the agent's KPIs,
//! appraisal sheet, QA reviews with their conversations (buyers masked), training sheet
//! (printable) and personal schedule. It replaces the whole app while open and lives in the
//! page's memory only: nothing is stored and the browser's workspace is not touched. The agent
//! can dispute reviews and acknowledge the training sheet, which downloads a `.kefureply`.

use std::collections::BTreeMap;

use kefu_core::Lang;
use kefu_core::packet::{AgentPacket, DisputeReason, PacketReview, ReplyDispute};
use kefu_core::training::excerpt::Speaker;
use kefu_core::training::sheet::TrainingSheet;
use leptos::prelude::*;

use crate::actions::packet;
use crate::platform::dom;
use crate::state::AppState;

/// A dispute being written: on, reason, comment.
type Draft = (bool, DisputeReason, String);

#[component]
pub fn AgentPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Only a change of the agent view itself redraws it (the drafts live in the view).
    let agent = Memo::new(move |_| state.share.with(|s| s.agent.clone()));
    move || {
        let view = agent.get();
        match (view.gate, view.packet) {
            (_, Some(p)) => PacketView(PacketViewProps { packet: *p }).into_any(),
            (Some((file, why)), None) => Gate(GateProps { file, why }).into_any(),
            (None, None) => ().into_any(),
        }
    }
}

#[component]
fn Gate(file: String, why: Option<String>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang();
    let pass = RwSignal::new(String::new());
    let unlock = move || packet::unlock(state, pass.get_untracked());
    view! {
        <section class="card agent-gate" id="agent-gate">
            <h2>{lang.pick("打开个人绩效包", "Open a personal packet")}</h2>
            <p>{match lang {
                Lang::Zh => format!("“{file}”已用口令保护。请输入主管告知的口令。"),
                Lang::En => format!("“{file}” is protected. Enter the passphrase your supervisor gave you."),
            }}</p>
            <div class="actions">
                <input type="password" id="agent-pass" autocomplete="off" prop:value=move || pass.get()
                    on:input=move |ev| pass.set(event_target_value(&ev))
                    on:keydown=move |ev| if ev.key() == "Enter" { unlock() }/>
                <button class="btn primary" id="agent-unlock" disabled=move || state.busy() || pass.with(|p| p.is_empty())
                    on:click=move |_| unlock()>{lang.pick("打开", "Open")}</button>
                <button class="btn" id="agent-close" on:click=move |_| packet::close_agent_view(state)>
                    {lang.pick("取消", "Cancel")}</button>
            </div>
            {why.map(|w| view! { <p class="error" id="agent-gate-error">{w}</p> })}
            <p class="hint">{lang.pick(
                "打开绩效包不会保存或改动本浏览器里的任何数据。",
                "Opening a packet stores nothing and changes nothing in this browser.",
            )}</p>
        </section>
    }
}

fn opt_score(s: Option<f64>) -> String {
    s.map_or_else(|| "—".to_owned(), |v| format!("{v:.1}"))
}

#[component]
fn PacketView(packet: AgentPacket) -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang();
    let drafts: RwSignal<BTreeMap<String, Draft>> = RwSignal::new(BTreeMap::new());
    let ack = RwSignal::new(false);
    let sheet_only = RwSignal::new(false);
    let period = packet.period.map(|p| p.zh_range()).unwrap_or_else(|| "—".into());
    let who = if packet.name.is_empty() {
        packet.agent.clone()
    } else {
        format!("{}（{}）", packet.name, packet.agent)
    };
    let n_disputes = move || drafts.with(|d| d.values().filter(|x| x.0).count());
    let send = move |_| {
        let list = drafts.with_untracked(|d| {
            d.iter()
                .filter(|(_, x)| x.0)
                .map(|(id, x)| ReplyDispute { review: id.clone(), reason: x.1, comment: x.2.clone() })
                .collect::<Vec<_>>()
        });
        packet::download_reply(state, list, ack.get_untracked());
    };
    let print_sheet = move |_| {
        sheet_only.set(true);
        dom::print();
        sheet_only.set(false);
    };
    let has_training = packet.training.is_some();
    let reviews = packet.reviews.clone();
    view! {
        <div class="agent-page" id="agent-view" class:print-sheet-only=move || sheet_only.get()>
            <section class="card agent-banner" id="agent-banner">
                <div class="card-head">
                    <h2>{lang.pick("个人绩效包（只读）", "Personal packet (read-only)")}" · "<span id="agent-name">{who.clone()}</span></h2>
                    <button class="btn no-print" id="agent-close" on:click=move |_| packet::close_agent_view(state)>
                        {lang.pick("关闭", "Close")}</button>
                </div>
                <p>{lang.pick("统计期间：", "Period: ")}{period.clone()}" · "{lang.pick("生成于 ", "made ")}{packet.made.clone()}</p>
                <p class="hint no-print" id="agent-memory-note">{lang.pick(
                    "这个视图只在内存中显示：绩效包不会保存到本浏览器，也不会改动本浏览器里的工作区数据；关闭或刷新页面后即消失。",
                    "This view lives in memory only: the packet is not stored in this browser and the browser's workspace is not changed; it is gone when you close or reload the page.",
                )}</p>
            </section>
            <Kpis packet=packet.clone()/>
            <Appraisal packet=packet.clone()/>
            <section class="card" id="agent-reviews">
                <h2>{lang.pick("质检复核", "QA reviews")}</h2>
                {if reviews.is_empty() {
                    view! { <p class="muted">{lang.pick("本期没有人工复核。", "No human reviews this period.")}</p> }.into_any()
                } else {
                    view! {
                        <p class="hint no-print">{lang.pick(
                            "对某次复核有异议：点“申诉”，选择理由并写明情况。全部写好后在页面底部生成回执文件发给主管。",
                            "To dispute a review: press “Dispute”, choose a reason and explain. Then make the reply file at the bottom and send it to your supervisor.",
                        )}</p>
                        {reviews.into_iter().map(|r| review_card(lang, r, drafts)).collect_view()}
                    }.into_any()
                }}
            </section>
            {packet.training.clone().map(|t| view! {
                <section class="card agent-training" id="agent-training">
                    <div class="card-head">
                        <h2>{lang.pick("培训单", "Training sheet")}</h2>
                        <button class="btn no-print" id="agent-print-sheet" on:click=print_sheet>{lang.pick("打印培训单", "Print the training sheet")}</button>
                    </div>
                    {training(lang, &t)}
                    <label class="check no-print">
                        <input type="checkbox" id="agent-ack" prop:checked=move || ack.get()
                            on:change=move |ev| ack.set(event_target_checked(&ev))/>
                        {lang.pick("我已阅读培训单（写入回执）", "I have read the training sheet (goes in the reply)")}
                    </label>
                </section>
            })}
            <Schedule packet=packet.clone()/>
            <section class="card no-print" id="agent-reply">
                <h2>{lang.pick("回执", "Reply")}</h2>
                <p id="agent-reply-summary">{move || match lang {
                    Lang::Zh => format!("申诉 {} 条{}。", n_disputes(), if has_training && ack.get() { "，已确认培训单" } else { "" }),
                    Lang::En => format!("{} disputes{}.", n_disputes(), if has_training && ack.get() { ", training sheet acknowledged" } else { "" }),
                }}</p>
                <button class="btn primary" id="agent-make-reply" on:click=send>
                    {lang.pick("生成回执文件（.kefureply）", "Make the reply file (.kefureply)")}</button>
                <p class="hint">{lang.pick(
                    "回执只包含你的申诉和确认，不含其他内容。请把下载的文件发给主管。",
                    "The reply holds only your disputes and acknowledgement. Send the downloaded file to your supervisor.",
                )}</p>
            </section>
        </div>
    }
}

#[component]
fn Kpis(packet: AgentPacket) -> impl IntoView {
    let lang = expect_context::<AppState>().lang();
    let rows = packet
        .kpis
        .into_iter()
        .map(|k| view! { <tr><td title=k.help.clone()>{k.label.clone()}</td><td class="num">{k.value.clone()}</td></tr> })
        .collect_view();
    view! {
        <section class="card" id="agent-kpis">
            <h2>{lang.pick("绩效指标", "KPIs")}</h2>
            <p class="hint">{lang.pick("带 * 的数字还可能变化（付款、退款期未结束）。", "Figures with * can still change (payment or refund window still open).")}</p>
            <table class="table compact agent-kpi-table"><tbody>{rows}</tbody></table>
        </section>
    }
}

#[component]
fn Appraisal(packet: AgentPacket) -> impl IntoView {
    let lang = expect_context::<AppState>().lang();
    let Some(s) = packet.appraisal else {
        return view! { <section class="card" id="agent-appraisal"><h2>{lang.pick("月度考核", "Appraisal")}</h2>
            <p class="muted">{lang.pick("本期没有考核表。", "No appraisal sheet this period.")}</p></section> }
        .into_any();
    };
    let items = s
        .items
        .iter()
        .map(|i| {
            view! { <tr><td>{i.label.clone()}</td><td class="num">{i.value_text.clone()}</td><td>{i.target_text.clone()}</td>
                <td class="num">{format!("{:.1} / {:.0}", i.points, i.weight)}</td></tr> }
        })
        .collect_view();
    let adjust = s
        .adjustments
        .iter()
        .map(|a| view! { <li>{format!("{}：{:+.1}", a.label, a.points)}</li> })
        .collect_view();
    view! {
        <section class="card" id="agent-appraisal">
            <h2>{lang.pick("月度考核", "Appraisal")}</h2>
            <p id="agent-grade">{match lang {
                Lang::Zh => format!("总分 {:.1} · 等级 {} · 排名第 {} 名 · 模板 {}", s.total, s.grade, s.rank, s.template),
                Lang::En => format!("Total {:.1} · grade {} · rank {} · template {}", s.total, s.grade, s.rank, s.template),
            }}</p>
            <table class="table compact">
                <thead><tr><th>{lang.pick("考核项", "Item")}</th><th class="num">{lang.pick("实际", "Actual")}</th>
                    <th>{lang.pick("目标", "Target")}</th><th class="num">{lang.pick("得分", "Points")}</th></tr></thead>
                <tbody>{items}</tbody>
            </table>
            <ul class="plain">{adjust}</ul>
            {(!s.comment.is_empty()).then(|| view! { <p>{lang.pick("主管评语：", "Supervisor's comment: ")}{s.comment.clone()}</p> })}
            {s.warning.clone().map(|w| view! { <p class="warn">{w}</p> })}
        </section>
    }
    .into_any()
}

fn review_card(
    lang: Lang,
    r: PacketReview,
    drafts: RwSignal<BTreeMap<String, Draft>>,
) -> impl IntoView + use<> {
    let id = r.id.clone();
    let values = r
        .values
        .iter()
        .map(|v| {
            view! { <tr class:overridden=v.overridden><td>{v.category.clone()}</td><td class="num">{v.given.clone()}</td>
                <td class="num muted">{v.auto.clone()}</td><td class="wrap">{v.comment.clone()}</td></tr> }
        })
        .collect_view();
    let lines = r
        .conversation
        .lines
        .iter()
        .map(|l| {
            let who = match l.speaker {
                Speaker::Buyer => r.conversation.buyer.clone(),
                Speaker::Agent => lang.pick("我", "Me").to_owned(),
                Speaker::Other => lang.pick("其他/系统", "Other/system").to_owned(),
            };
            let cls = match l.speaker {
                Speaker::Buyer => "line buyer",
                Speaker::Agent => "line own",
                Speaker::Other => "line other",
            };
            let flags = l.flags.iter().map(|f| view! { <span class="badge warn">{f.clone()}</span> }).collect_view();
            view! { <li class=cls><span class="muted">{l.ts.iso()}" "{who}"："</span>{l.text.clone()}" "{flags}</li> }
        })
        .collect_view();
    let (id1, id2, id3, id4) = (id.clone(), id.clone(), id.clone(), id.clone());
    let on_memo = Memo::new(move |_| drafts.with(|d| d.get(&id1).is_some_and(|x| x.0)));
    let on = move || on_memo.get();
    let toggle = move |_| {
        drafts.update(|d| {
            let e = d.entry(id2.clone()).or_insert((false, DisputeReason::Misjudged, String::new()));
            e.0 = !e.0;
        })
    };
    let set_reason = move |key: String| {
        drafts.update(|d| {
            if let (Some(e), Some(r)) = (d.get_mut(&id3), DisputeReason::from_key(&key)) {
                e.1 = r;
            }
        })
    };
    let set_comment = move |c: String| {
        drafts.update(|d| {
            if let Some(e) = d.get_mut(&id4) {
                e.2 = c;
            }
        })
    };
    let disputable = r.disputable;
    view! {
        <article class="agent-review" data-review=id.clone() data-disputing=move || on().to_string()>
            <h3>{format!("{} · {} · {}", r.conversation.start.map(|t| t.iso()).unwrap_or_default(), r.conversation.buyer, r.scorecard)}</h3>
            <p>{match lang {
                Lang::Zh => format!("复核人 {} · 复核得分 {} · 自动评分 {}", r.reviewer, opt_score(r.score), opt_score(r.conversation.auto_score)),
                Lang::En => format!("Reviewer {} · review score {} · automatic score {}", r.reviewer, opt_score(r.score), opt_score(r.conversation.auto_score)),
            }}</p>
            <table class="table compact">
                <thead><tr><th>{lang.pick("项目", "Category")}</th><th class="num">{lang.pick("复核", "Review")}</th>
                    <th class="num">{lang.pick("自动", "Automatic")}</th><th>{lang.pick("说明", "Comment")}</th></tr></thead>
                <tbody>{values}</tbody>
            </table>
            {(!r.comment.is_empty()).then(|| view! { <p>{lang.pick("复核备注：", "Comment: ")}{r.comment.clone()}</p> })}
            {r.dispute.clone().map(|d| view! { <p class="badge" data-dispute="on-file">{d}</p> })}
            <details>
                <summary>{lang.pick("查看会话", "Show the conversation")}</summary>
                <ol class="agent-conv">{lines}</ol>
            </details>
            {disputable.then(|| view! {
                <div class="dispute-box no-print">
                    <button class="btn dispute-toggle" on:click=toggle>
                        {move || if on() { lang.pick("取消申诉", "Cancel the dispute") } else { lang.pick("申诉", "Dispute") }}</button>
                    {move || {
                        let (set_reason, set_comment) = (set_reason.clone(), set_comment.clone());
                        let reasons = DisputeReason::ALL
                            .into_iter()
                            .map(|x| view! { <option value=x.key()>{x.label(lang)}</option> })
                            .collect_view();
                        on().then(move || view! {
                            <div class="dispute-form">
                                <label class="field">{lang.pick("理由", "Reason")}" "
                                    <select class="dispute-reason" on:change=move |ev| set_reason(event_target_value(&ev))>{reasons}</select>
                                </label>
                                <label class="field">{lang.pick("说明", "Explain")}" "
                                    <textarea class="dispute-comment" rows="2" on:input=move |ev| set_comment(event_target_value(&ev))></textarea>
                                </label>
                            </div>
                        })
                    }}
                </div>
            })}
        </article>
    }
}

fn training(lang: Lang, t: &TrainingSheet) -> impl IntoView + use<> {
    let kpis = t
        .kpis
        .iter()
        .map(|k| {
            let met = match k.met {
                Some(true) => lang.pick("达标", "met"),
                Some(false) => lang.pick("未达标", "not met"),
                None => "—",
            };
            view! { <tr><td>{k.label.clone()}</td><td class="num">{k.value.clone()}</td><td>{k.target.clone()}</td><td>{met}</td></tr> }
        })
        .collect_view();
    let focus = t
        .focus
        .iter()
        .map(|f| {
            let excerpts = f
                .excerpts
                .iter()
                .map(|e| {
                    let lines = e
                        .lines
                        .iter()
                        .map(|l| {
                            let segs = l
                                .segments
                                .iter()
                                .map(|s| {
                                    if s.mark {
                                        view! { <mark>{s.text.clone()}</mark> }.into_any()
                                    } else {
                                        view! { <span>{s.text.clone()}</span> }.into_any()
                                    }
                                })
                                .collect_view();
                            view! { <li class:flagged=l.flagged><span class="muted">{l.who.clone()}"："</span>{segs}</li> }
                        })
                        .collect_view();
                    view! { <ol class="agent-conv excerpt">{lines}</ol> }
                })
                .collect_view();
            let replies =
                f.model_replies.iter().map(|s| view! { <li><b>{s.title.clone()}</b>"："{s.text.clone()}</li> }).collect_view();
            view! {
                <div class="focus-rule">
                    <h3>{format!("{}（{} {}）", f.label, f.hits, lang.pick("次", "hits"))}</h3>
                    {excerpts}
                    <p><b>{lang.pick("参考话术", "Model replies")}</b></p>
                    <ul>{replies}</ul>
                    <p><b>{lang.pick("练习：", "Practice: ")}</b>{f.practice.clone()}</p>
                </div>
            }
        })
        .collect_view();
    let signs = t
        .signatures
        .iter()
        .map(|s| view! { <div class="sign">{s.role.clone()}"：________ "{s.name.clone()}"　"{s.date_label.clone()}"：________"</div> })
        .collect_view();
    view! {
        <h3 id="agent-training-title">{t.title.clone()}</h3>
        <p>{match lang {
            Lang::Zh => format!("会话 {} 个 · 自动评分 {}", t.conversations, opt_score(t.auto_score)),
            Lang::En => format!("{} conversations · automatic score {}", t.conversations, opt_score(t.auto_score)),
        }}</p>
        <table class="table compact"><tbody>{kpis}</tbody></table>
        {focus}
        <div class="signatures">{signs}</div>
    }
}

#[component]
fn Schedule(packet: AgentPacket) -> impl IntoView {
    let lang = expect_context::<AppState>().lang();
    let body = if packet.schedule.is_empty() {
        view! { <p class="muted">{lang.pick("主管还没有保存排班。", "The supervisor has not saved a roster yet.")}</p> }.into_any()
    } else {
        let rows = packet
            .schedule
            .iter()
            .map(|d| {
                let off = d.shift.is_empty();
                view! { <tr class:off=off><td>{d.date.format("%m-%d").to_string()}</td>
                    <td>{if off { lang.pick("休息", "Off").to_owned() } else { d.shift.clone() }}</td><td>{d.hours.clone()}</td></tr> }
            })
            .collect_view();
        view! { <table class="table compact"><thead><tr><th>{lang.pick("日期", "Date")}</th><th>{lang.pick("班次", "Shift")}</th>
            <th>{lang.pick("时间", "Hours")}</th></tr></thead><tbody>{rows}</tbody></table> }
        .into_any()
    };
    view! { <section class="card" id="agent-schedule"><h2>{lang.pick("我的排班", "My schedule")}</h2>{body}</section> }
}
