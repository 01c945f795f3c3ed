//! The complaints and disputes register (投诉/维权登记): add or edit a complaint (customer
//! stored masked), the register sorted overdue first with overdue rows marked 逾期 against
//! the page's clock, suggestions from QA's escalation flags, the linked conversation, and
//! XLSX/CSV download and print.

use kefu_core::Ts;
use kefu_core::qa::ConvView;
use kefu_core::registers::complaints::{Category, Source, Status};
use kefu_core::registers::{Complaint, Overdue};
use kefu_core::training::tables::TableKind;
use leptos::prelude::*;

use super::{TableButtons, input_datetime, parse_datetime, show_time, tr};
use crate::actions::training::TrainingView;
use crate::actions::{self};
use crate::platform::dom;
use crate::state::{AppState, Tone};

fn source_key(s: Source) -> &'static str {
    match s {
        Source::Chat => "chat",
        Source::Review => "review",
        Source::Platform => "platform",
        Source::Dispute => "dispute",
        Source::Phone => "phone",
        Source::Other => "other",
    }
}

fn category_key(c: Category) -> &'static str {
    match c {
        Category::Quality => "quality",
        Category::Logistics => "logistics",
        Category::Service => "service",
        Category::Refund => "refund",
        Category::NotAsDescribed => "not_as_described",
        Category::Counterfeit => "counterfeit",
        Category::Other => "other",
    }
}

fn status_key(s: Status) -> &'static str {
    match s {
        Status::Open => "open",
        Status::InProgress => "in_progress",
        Status::Resolved => "resolved",
        Status::Closed => "closed",
    }
}

#[component]
pub fn ComplaintsTab(view: TrainingView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    let editing = RwSignal::new(None::<Complaint>);
    let rows = move || {
        let now = view.now.get();
        view.registers.with(|r| r.as_ref().map(|r| r.complaints.view(now)).unwrap_or_default())
    };
    let new_complaint = move || {
        let now = actions::training::clock();
        editing.set(Some(Complaint {
            received: now,
            promised_reply: Some(now.plus(24 * 3600)),
            ..Complaint::default()
        }));
    };
    view! {
        <section class="card" id="training-complaints">
            <div class="card-head">
                <h2>{move || t("投诉 / 维权登记", "Complaints and disputes")}</h2>
                <span class="table-buttons no-print">
                    <button class="btn small primary" id="complaint-new" on:click=move |_| new_complaint()>{move || t("登记投诉", "Log a complaint")}</button>
                    <button class="btn small" id="complaint-suggest" disabled=move || !actions::training::has_data(state)
                        on:click=move |_| actions::training::suggest(state, view)>{move || t("从质检找投诉苗头", "Suggest from QA")}</button>
                    <button class="btn small" id="complaint-refresh" on:click=move |_| actions::training::tick(view)>{move || t("按当前时间刷新", "Refresh the clock")}</button>
                </span>
                <TableButtons view=view table=TableKind::Complaints id="complaints"/>
            </div>
            <p class="hint no-print">{move || tr!(state.lang(),
                "承诺回复时间已过而未回复、或回访到期未做的登记标为“逾期”并排在最前。当前时间：{}",
                "Items whose promised reply time passed without a reply, or whose follow-up is past due, are marked overdue and listed first. Now: {}",
                show_time(Some(view.now.get())))}</p>
            <p class="print-only print-header">{move || tr!(state.lang(), "投诉/维权登记 · 打印时间 {}", "Complaints · printed {}", show_time(Some(view.now.get())))}</p>
            {move || editing.get().map(|c| form(state, view, editing, c))}
            {move || {
                let rows = rows();
                if rows.is_empty() {
                    return view! { <p class="muted" id="complaints-empty">{t("还没有登记。点“登记投诉”添加，或从质检结果中找投诉苗头。", "Nothing logged yet. Use “Log a complaint”, or let QA suggest some.")}</p> }.into_any();
                }
                view! {
                    <table class="table complaints" id="complaints-table">
                        <thead><tr>
                            <th>{t("编号", "ID")}</th><th>{t("登记时间", "Received")}</th><th>{t("来源", "Source")}</th>
                            <th>{t("顾客", "Customer")}</th><th>{t("订单号", "Order")}</th><th>{t("类别", "Category")}</th>
                            <th>{t("摘要", "Summary")}</th><th>{t("处理人", "Handler")}</th><th>{t("承诺回复", "Reply promised")}</th>
                            <th>{t("状态", "Status")}</th><th>{t("回访", "Follow-up")}</th><th>{t("逾期", "Overdue")}</th><th class="no-print"></th>
                        </tr></thead>
                        <tbody>{rows.into_iter().map(|(c, late)| row(state, view, editing, c, late)).collect::<Vec<_>>()}</tbody>
                    </table>
                }.into_any()
            }}
        </section>
        <Suggestions view=view editing=editing/>
        {move || view.conversation.get().map(|c| conversation_view(state, view, c))}
    }
}

fn row(
    state: AppState,
    view: TrainingView,
    editing: RwSignal<Option<Complaint>>,
    c: Complaint,
    late: Option<Overdue>,
) -> impl IntoView {
    let lang = state.lang();
    let visit = match (c.visit.done, c.visit.due) {
        (Some(d), _) => format!("{} {}", show_time(Some(d)), c.visit.result),
        (None, Some(d)) => tr!(lang, "应于 {}", "due {}", show_time(Some(d))),
        (None, None) => "—".into(),
    };
    let overdue = late.map(|o| format!("{} · {}", lang.pick("逾期", "Overdue"), o.label(lang)));
    let (edit, id, key) = (c.clone(), c.id.clone(), c.conversation.clone());
    view! {
        <tr data-id=c.id.clone() class:overdue=late.is_some()>
            <td>{c.id.clone()}</td>
            <td class="nowrap">{show_time(Some(c.received))}</td>
            <td>{c.source.label(lang)}</td>
            <td>{c.customer.clone()}</td>
            <td>{c.order_id.clone()}</td>
            <td>{c.category.label(lang)}</td>
            <td class="summary">{c.summary.clone()}</td>
            <td>{c.handler.clone()}</td>
            <td class="nowrap">{show_time(c.promised_reply)}</td>
            <td class="status">{c.status.label(lang)}</td>
            <td>{visit}</td>
            <td class="overdue-cell">{overdue.map(|o| view! { <strong class="overdue-mark">{o}</strong> })}</td>
            <td class="no-print nowrap">
                <button class="btn small link complaint-edit" on:click=move |_| editing.set(Some(edit.clone()))>{lang.pick("编辑", "Edit")}</button>
                {key.map(|k| view! {
                    <button class="btn small link complaint-conv" on:click=move |_| actions::training::open_conversation(state, view, k.clone())>{lang.pick("查看会话", "Conversation")}</button>
                })}
                <button class="btn small link complaint-delete" on:click=move |_| {
                    if dom::confirm(lang.pick("删除这条登记？", "Delete this entry?")) {
                        let id = id.clone();
                        actions::training::edit_registers(state, view, move |r| { r.complaints.remove(&id); });
                    }
                }>{lang.pick("删除", "Delete")}</button>
            </td>
        </tr>
    }
}

fn form(
    state: AppState,
    view: TrainingView,
    editing: RwSignal<Option<Complaint>>,
    c: Complaint,
) -> impl IntoView {
    let lang = state.lang();
    let draft = RwSignal::new(c);
    let time_input = move |id: &'static str,
                           get: fn(&Complaint) -> Option<Ts>,
                           set: fn(&mut Complaint, Option<Ts>)| {
        view! {
            <input type="datetime-local" id=id prop:value=move || draft.with(|d| input_datetime(get(d)))
                on:change=move |ev| { let v = parse_datetime(&event_target_value(&ev)); draft.update(|d| set(d, v)); }/>
        }
    };
    let text_input =
        move |id: &'static str, get: fn(&Complaint) -> String, set: fn(&mut Complaint, String)| {
            view! {
                <input type="text" id=id prop:value=move || draft.with(get)
                    on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| set(d, v)); }/>
            }
        };
    let save = move || {
        let c = draft.get_untracked();
        if c.customer.trim().is_empty() && c.order_id.trim().is_empty() && c.summary.trim().is_empty() {
            state.notify(
                Tone::Error,
                lang.pick(
                    "请至少填写顾客、订单号或摘要之一。",
                    "Fill in at least the customer, the order or a summary.",
                ),
            );
            return;
        }
        actions::training::edit_registers(state, view, move |r| {
            r.complaints.put(c);
        });
        editing.set(None);
    };
    view! {
        <div class="complaint-form no-print" id="complaint-form">
            <label>{lang.pick("登记时间", "Received")}" "{time_input("complaint-received", |d| Some(d.received), |d, v| if let Some(v) = v { d.received = v })}</label>
            <label>{lang.pick("来源", "Source")}" "
                <select id="complaint-source" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(s) = Source::ALL.into_iter().find(|s| source_key(*s) == v) { draft.update(|d| d.source = s); }
                }>{Source::ALL.into_iter().map(|s| view! { <option value=source_key(s) selected=move || draft.with(|d| d.source == s)>{s.label(lang)}</option> }).collect::<Vec<_>>()}</select>
            </label>
            <label>{lang.pick("顾客（保存时隐去部分字符）", "Customer (stored masked)")}" "{text_input("complaint-customer", |d| d.customer.clone(), |d, v| d.customer = v)}</label>
            <label>{lang.pick("订单号", "Order")}" "{text_input("complaint-order", |d| d.order_id.clone(), |d, v| d.order_id = v)}</label>
            <label>{lang.pick("类别", "Category")}" "
                <select id="complaint-category" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(c) = Category::ALL.into_iter().find(|c| category_key(*c) == v) { draft.update(|d| d.category = c); }
                }>{Category::ALL.into_iter().map(|c| view! { <option value=category_key(c) selected=move || draft.with(|d| d.category == c)>{c.label(lang)}</option> }).collect::<Vec<_>>()}</select>
            </label>
            <label>{lang.pick("处理人", "Handler")}" "{text_input("complaint-handler", |d| d.handler.clone(), |d, v| d.handler = v)}</label>
            <label class="wide">{lang.pick("摘要", "Summary")}" "{text_input("complaint-summary", |d| d.summary.clone(), |d, v| d.summary = v)}</label>
            <label>{lang.pick("承诺回复时间", "Reply promised by")}" "{time_input("complaint-promised", |d| d.promised_reply, |d, v| d.promised_reply = v)}</label>
            <label>{lang.pick("实际回复时间", "Replied at")}" "{time_input("complaint-replied", |d| d.replied, |d, v| d.replied = v)}</label>
            <label>{lang.pick("状态", "Status")}" "
                <select id="complaint-status" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(s) = Status::ALL.into_iter().find(|s| status_key(*s) == v) { draft.update(|d| d.status = s); }
                }>{Status::ALL.into_iter().map(|s| view! { <option value=status_key(s) selected=move || draft.with(|d| d.status == s)>{s.label(lang)}</option> }).collect::<Vec<_>>()}</select>
            </label>
            <label>{lang.pick("回访日期", "Follow-up due")}" "{time_input("complaint-visit-due", |d| d.visit.due, |d, v| d.visit.due = v)}</label>
            <label>{lang.pick("回访完成", "Follow-up made")}" "{time_input("complaint-visit-done", |d| d.visit.done, |d, v| d.visit.done = v)}</label>
            <label class="wide">{lang.pick("回访结果", "Follow-up result")}" "{text_input("complaint-visit-result", |d| d.visit.result.clone(), |d, v| d.visit.result = v)}</label>
            <div class="buttons">
                <button class="btn primary" id="complaint-save" on:click=move |_| save()>{lang.pick("保存", "Save")}</button>
                <button class="btn" on:click=move |_| editing.set(None)>{lang.pick("取消", "Cancel")}</button>
            </div>
        </div>
    }
}

#[component]
fn Suggestions(view: TrainingView, editing: RwSignal<Option<Complaint>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let list = view.suggested.get();
        if list.is_empty() {
            return None;
        }
        let lang = state.lang();
        Some(view! {
            <section class="card no-print" id="complaint-suggestions">
                <h2>{lang.pick("质检发现的投诉苗头", "Escalations found by QA")}</h2>
                <p class="hint">{lang.pick("顾客在这些会话里表达了投诉或维权意向。点“登记”把它填进表单，核对后保存。", "Buyers threatened a complaint or dispute in these conversations. “Log” fills the form; check it and save.")}</p>
                <ul>
                    {list.into_iter().map(|c| {
                        let text = format!("{} · {} · {} · {}", show_time(Some(c.received)), c.customer, c.handler, c.summary);
                        let (c1, k) = (c.clone(), c.conversation.clone());
                        view! {
                            <li>
                                <span>{text}</span>" "
                                <button class="btn small" on:click=move |_| {
                                    editing.set(Some(c1.clone()));
                                    view.suggested.update(|l| l.retain(|x| x.conversation != c1.conversation));
                                }>{lang.pick("登记", "Log")}</button>
                                {k.map(|k| view! { <button class="btn small link" on:click=move |_| actions::training::open_conversation(state, view, k.clone())>{lang.pick("查看会话", "Conversation")}</button> })}
                            </li>
                        }
                    }).collect::<Vec<_>>()}
                </ul>
            </section>
        })
    }
}

fn conversation_view(state: AppState, view: TrainingView, c: ConvView) -> impl IntoView {
    let lang = state.lang();
    let head = tr!(
        lang,
        "会话：顾客 {} · 客服 {}",
        "Conversation: buyer {} · agent {}",
        c.buyer,
        c.agent.clone().unwrap_or_else(|| "—".into())
    );
    view! {
        <section class="card no-print" id="complaint-conversation">
            <div class="card-head">
                <h2>{head}</h2>
                <button class="btn small" on:click=move |_| view.conversation.set(None)>{lang.pick("关闭", "Close")}</button>
            </div>
            <div class="conv-lines">
                {c.lines.into_iter().map(|l| {
                    let side = match l.kind {
                        kefu_core::model::MsgKind::Buyer => "buyer",
                        kefu_core::model::MsgKind::Agent => "agent",
                        _ => "other",
                    };
                    view! {
                        <div class=format!("excerpt-line {side}")>
                            <span class="muted small">{l.ts.iso()}" "</span><span class="who">{l.who}"："</span><span>{l.text}</span>
                        </div>
                    }
                }).collect::<Vec<_>>()}
            </div>
        </section>
    }
}
