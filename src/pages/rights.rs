//! The data-rights card of the settings page: erase one buyer (个人信息删除请求) and the
//! retention rule, each with a preview of exactly what goes before anything is deleted.

use kefu_core::Lang;
use kefu_core::jobs::RightsReport;
use leptos::prelude::*;

use crate::actions;
use crate::i18n::count;
use crate::state::AppState;

#[component]
pub fn DataRights() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = move || state.lang();
    let buyer = RwSignal::new(String::new());
    let erase = RwSignal::new(None::<RightsReport>);
    let months = RwSignal::new(12u32);
    let retention = RwSignal::new(None::<RightsReport>);
    view! {
        <section class="card no-print" id="data-rights">
            <h2>{move || lang().pick("数据权利：删除买家与保留期限", "Data rights: erase a buyer, retention")}</h2>
            <h3>{move || lang().pick("删除某位买家的全部数据", "Erase everything about one buyer")}</h3>
            <p class="hint">{move || lang().pick(
                "收到个人信息删除请求时使用：输入买家ID（旺旺号/昵称），先查看会删除哪些记录，确认后永久删除——聊天、订单、退款、评价、质检评语和登记簿中提到该ID的内容都会删除。",
                "For a personal-data deletion request: enter the buyer id (nick), see what would go, then erase it for good — chats, orders, refunds, reviews, QA comments and register entries that mention the id.",
            )}</p>
            <div class="actions">
                <input type="text" id="erase-buyer-id" prop:value=move || buyer.get()
                    placeholder=move || lang().pick("买家ID", "Buyer id")
                    on:input=move |ev| { buyer.set(event_target_value(&ev)); erase.set(None); }/>
                <button class="btn" id="erase-preview" disabled=move || state.busy() || buyer.with(|b| b.trim().is_empty())
                    on:click=move |_| actions::rights::erase_buyer(state, buyer.get_untracked().trim().to_owned(), false, erase)>
                    {move || lang().pick("查找", "Find")}</button>
            </div>
            {move || erase.get().filter(|r| r.refused.is_none()).map(|r| erase_result(lang(), &r, buyer, erase, state))}

            <h3>{move || lang().pick("保留期限", "Retention period")}</h3>
            <p class="hint">{move || lang().pick(
                "只保留最近若干个月的数据：先预览会删除哪些旧记录，确认后删除。员工名单不受影响。",
                "Keep only the last months of data: preview which old rows would go, then drop them. Staff lists are kept.",
            )}</p>
            <div class="actions">
                <label>{move || lang().pick("保留最近", "Keep the last")}" "
                    <input type="number" id="retention-months" min="1" max="120" prop:value=move || months.get().to_string()
                        on:input=move |ev| {
                            if let Ok(n) = event_target_value(&ev).parse::<u32>() { months.set(n.clamp(1, 120)); }
                            retention.set(None);
                        }/>
                    " "{move || lang().pick("个月", "months")}</label>
                <button class="btn" id="retention-preview" disabled=move || state.busy()
                    on:click=move |_| actions::rights::retention(state, months.get_untracked(), false, retention)>
                    {move || lang().pick("预览", "Preview")}</button>
            </div>
            {move || retention.get().map(|r| retention_result(lang(), &r, months, retention, state))}
        </section>
    }
}

fn erase_result(
    lang: Lang,
    r: &RightsReport,
    buyer: RwSignal<String>,
    out: RwSignal<Option<RightsReport>>,
    state: AppState,
) -> impl IntoView + use<> {
    let nothing = r.erase.is_empty() && r.work_changes == 0 && r.kept_aside == 0;
    let summary = if r.applied {
        lang.pick("已永久删除。以下是删除的内容：", "Erased for good. This is what went:")
    } else if nothing {
        lang.pick("没有找到提到该ID的记录。", "Nothing mentions this id.")
    } else {
        lang.pick("将删除以下内容（尚未删除）：", "This would be erased (nothing is deleted yet):")
    };
    let rows: Vec<_> = r
        .erase
        .iter()
        .map(|p| {
            view! {
                <tr data-dataset=p.dataset.clone()>
                    <td>{p.label.clone()}</td>
                    <td class="num">{count(p.rows)}</td>
                    <td class="num">{count(p.threads)}</td>
                    <td class="num">{count(p.messages)}</td>
                </tr>
            }
        })
        .collect();
    let extra = (r.work_changes > 0 || r.kept_aside > 0).then(|| {
        let text = match lang {
            Lang::Zh => {
                format!("另有质检评语/登记簿等工作记录 {} 处、另存数据 {} 条。", r.work_changes, r.kept_aside)
            }
            Lang::En => format!(
                "Also {} places in saved work (reviews, registers…) and {} kept-aside records.",
                r.work_changes, r.kept_aside
            ),
        };
        view! { <p id="erase-extra">{text}</p> }
    });
    let can_apply = !r.applied && !nothing;
    view! {
        <div id="erase-result" data-applied=r.applied.to_string()>
            <p id="erase-summary">{summary}</p>
            {(!r.erase.is_empty()).then(|| view! {
                <table class="table" id="erase-table">
                    <thead><tr>
                        <th>{lang.pick("数据集", "Dataset")}</th>
                        <th class="num">{lang.pick("表格行", "Rows")}</th>
                        <th class="num">{lang.pick("会话", "Conversations")}</th>
                        <th class="num">{lang.pick("消息", "Messages")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            })}
            {extra}
            {can_apply.then(|| view! {
                <button class="btn danger" id="erase-apply" disabled=move || state.busy()
                    on:click=move |_| actions::rights::erase_buyer(state, buyer.get_untracked().trim().to_owned(), true, out)>
                    {lang.pick("永久删除", "Erase for good")}</button>
            })}
        </div>
    }
}

fn retention_result(
    lang: Lang,
    r: &RightsReport,
    months: RwSignal<u32>,
    out: RwSignal<Option<RightsReport>>,
    state: AppState,
) -> impl IntoView + use<> {
    let cutoff = r.cutoff.map(|d| d.to_string()).unwrap_or_default();
    let summary = match (r.applied, r.retention.is_empty(), lang) {
        (true, _, Lang::Zh) => format!("已删除 {cutoff} 之前的数据。"),
        (true, _, Lang::En) => format!("Data before {cutoff} was dropped."),
        (false, true, Lang::Zh) => format!("没有早于 {cutoff} 的数据，无需删除。"),
        (false, true, Lang::En) => format!("Nothing is older than {cutoff}; nothing to drop."),
        (false, false, Lang::Zh) => format!("将删除 {cutoff} 之前的以下数据（尚未删除）："),
        (false, false, Lang::En) => {
            format!("This data before {cutoff} would be dropped (nothing is deleted yet):")
        }
    };
    let rows: Vec<_> = r
        .retention
        .iter()
        .map(|p| {
            let whole = if p.whole { lang.pick("整个数据集", "whole dataset") } else { "" };
            view! {
                <tr data-dataset=p.dataset.clone()>
                    <td>{p.label.clone()}</td>
                    <td class="num" data-dropped=p.dropped.to_string()>{count(p.dropped)}</td>
                    <td class="num">{count(p.kept)}</td>
                    <td>{whole}</td>
                </tr>
            }
        })
        .collect();
    let can_apply = !r.applied && !r.retention.is_empty();
    view! {
        <div id="retention-result" data-applied=r.applied.to_string()>
            <p id="retention-summary">{summary}</p>
            {(!r.retention.is_empty()).then(|| view! {
                <table class="table" id="retention-table">
                    <thead><tr>
                        <th>{lang.pick("数据集", "Dataset")}</th>
                        <th class="num">{lang.pick("删除", "Dropped")}</th>
                        <th class="num">{lang.pick("保留", "Kept")}</th>
                        <th></th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            })}
            {can_apply.then(|| view! {
                <button class="btn danger" id="retention-apply" disabled=move || state.busy()
                    on:click=move |_| actions::rights::retention(state, months.get_untracked(), true, out)>
                    {lang.pick("删除这些旧数据", "Drop this old data")}</button>
            })}
        </div>
    }
}
