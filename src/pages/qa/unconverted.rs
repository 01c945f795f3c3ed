//! 未成交分析: enquiries (one buyer on one day) without an order by the next day, grouped by
//! the reason found in the conversation (price, stock, size, shipping, slow reply), each with
//! its count and example lines that open the conversation in the viewer.

use kefu_core::qa::ExampleRow;
use leptos::prelude::*;

use super::viewer::pieces;
use super::{pick, tr};
use crate::actions::{self, qa::QaView};
use crate::i18n::count;
use crate::state::{AppState, Page};

#[component]
pub fn Unconverted(view: QaView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = pick(state);
    move || {
        let lang = state.lang();
        let body = match view.unconverted.get() {
            None => view! { <p class="muted" id="unconverted-running">{t("正在分析…", "Analysing…")}</p> }.into_any(),
            Some(None) => view! {
                <div id="unconverted-empty">
                    <p>{t("未成交分析需要订单数据：请在“导入”页导入订单报表（与聊天记录同一时期）。", "The analysis needs orders: import the order report (same period as the chats) on the Import page.")}</p>
                    <button class="btn" on:click=move |_| actions::go(Page::Import)>{t("去导入", "Go to Import")}</button>
                </div>
            }
            .into_any(),
            Some(Some(u)) => {
                let rate = if u.enquiries > 0 { u.unconverted as f64 * 100.0 / u.enquiries as f64 } else { 0.0 };
                let summary = tr!(
                    lang,
                    "咨询 {} 次（同一买家同一天算一次），下单 {} 次，未下单 {} 次（{:.1}%）；另有 {} 次为已购买家的售后咨询，不计入。",
                    "{} enquiries (one buyer on one day), {} ordered, {} did not ({:.1}%); {} after-sale contacts of recent buyers are left out.",
                    count(u64::from(u.enquiries)),
                    count(u64::from(u.converted)),
                    count(u64::from(u.unconverted)),
                    rate,
                    count(u64::from(u.after_sale))
                );
                let all: Vec<u32> = u.reasons.iter().flat_map(|r| r.examples.iter().map(|e| e.conv)).collect();
                let groups = u
                    .reasons
                    .into_iter()
                    .map(|g| {
                        let share = if u.unconverted > 0 { g.enquiries as f64 * 100.0 / u.unconverted as f64 } else { 0.0 };
                        let examples = g.examples.into_iter().map(|e| example(state, view, e, all.clone())).collect_view();
                        view! {
                            <tr class="reason" data-reason=format!("{:?}", g.reason).to_lowercase() data-count=g.enquiries>
                                <th>{g.reason.label(lang)}</th>
                                <td class="num">{count(u64::from(g.enquiries))}</td>
                                <td class="num">{format!("{share:.1}%")}</td>
                                <td><ul class="examples">{examples}</ul></td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <p id="unconverted-summary">{summary}</p>
                    <table class="table compact" id="unconverted-reasons">
                        <thead><tr>
                            <th>{t("原因", "Reason")}</th><th class="num">{t("未成交咨询", "Enquiries")}</th>
                            <th class="num">{t("占未成交", "Share")}</th><th>{t("示例（点击打开会话）", "Examples (click to open)")}</th>
                        </tr></thead>
                        <tbody>{groups}</tbody>
                    </table>
                }
                .into_any()
            }
        };
        view! {
            <section class="card" id="qa-unconverted">
                <h2>{t("未成交分析", "Unconverted enquiries")}</h2>
                <p class="muted small">{t(
                    "当天或次日没有下单的咨询，按会话中找到的原因归类：价格、库存、尺码、物流/运费的关键词（双方消息），以及回复慢或没有人工回复。一次咨询可能有多个原因，会分别计入；都没有找到时归为“其他”。",
                    "Enquiries with no order that day or the next, grouped by what the conversation shows: words about price, stock, size or shipping (either side), and slow or missing human replies. One enquiry may show several reasons and counts in each; none found is “Other”.",
                )}</p>
                {body}
            </section>
        }
    }
}

fn example(state: AppState, view: QaView, e: ExampleRow, list: Vec<u32>) -> impl IntoView + use<> {
    let conv = e.conv;
    let marks: Vec<(u32, u32, u16)> = e.span.map(|(a, b)| vec![(a, b, 0)]).unwrap_or_default();
    let text = pieces(&e.text, &marks)
        .into_iter()
        .map(|(s, m)| match m {
            Some(_) => view! { <mark class="hit">{s}</mark> }.into_any(),
            None => view! { <span>{s}</span> }.into_any(),
        })
        .collect_view();
    view! {
        <li class="clickable" data-conv=conv on:click=move |_| actions::qa::open_in(state, view, conv, list.clone())>
            <span class="muted">{e.start.iso()}" · "{e.buyer.clone()}" · "{e.agent.clone().unwrap_or_else(|| "—".into())}"："</span>
            <span class="example-text">{text}</span>
        </li>
    }
}
