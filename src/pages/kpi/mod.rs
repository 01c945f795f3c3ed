//! 绩效 KPI: the figures a supervisor reports, per agent, role, shop or period, over any range
//! of the data; every figure opens its own explanation (formula, numerator, denominator and
//! the rows behind it); the table downloads as XLSX or CSV and prints on A4. Beside the table:
//! 日报/周报/月报 ([`report`]), the monthly appraisal ([`appraisal`]) and the KPI help ([`help`]).

mod appraisal;
pub mod help;
mod report;

use kefu_core::Lang;
use kefu_core::kpi::{Explanation, GroupBy, Kpi, KpiRow, RowRef};
use kefu_core::privacy::mask_nick;
use leptos::prelude::*;

use crate::actions::kpi::{KpiView, Tab};
use crate::actions::{self};
use crate::state::{AppState, Page};

/// The columns of the main table, in reading order.
const COLUMNS: [Kpi; 16] = [
    Kpi::Consulted,
    Kpi::Received,
    Kpi::Enquiries,
    Kpi::Conversion,
    Kpi::Sales,
    Kpi::AvgOrderValue,
    Kpi::FirstResponse,
    Kpi::AvgResponse,
    Kpi::FastReplyRate,
    Kpi::ReplyRate,
    Kpi::RefundRate,
    Kpi::GoodReviewRate,
    Kpi::Complaints,
    Kpi::QaAuto,
    Kpi::QaReview,
    Kpi::Lates,
];

/// Rows listed under an explanation on screen.
const SHOWN_ROWS: usize = 50;

fn group_label(lang: Lang, by: GroupBy) -> &'static str {
    match by {
        GroupBy::Agent => lang.pick("按客服", "By agent"),
        GroupBy::Role => lang.pick("按岗位", "By role"),
        GroupBy::Shop => lang.pick("按店铺", "By shop"),
        GroupBy::Day => lang.pick("按日", "By day"),
        GroupBy::Week => lang.pick("按周", "By week"),
        GroupBy::Month => lang.pick("按月", "By month"),
    }
}

#[component]
pub fn KpiPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let view = KpiView::new();
    Effect::new(move |_| {
        state.workspace.track();
        actions::kpi::refresh(state, view);
    });
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    view! {
        <h1>{move || t("绩效", "KPI")}</h1>
        <p class="lead no-print">{move || t(
            "按平台口径计算的客服绩效指标。选择时间范围和分组方式；点任一数字可查看公式、分子分母和背后的明细。带 * 的数字仍在成熟期内（付款或退款可能还会变化）。",
            "Agent KPIs computed the way the platforms compute them. Choose a range and a grouping; click any figure for its formula, numerator, denominator and the rows behind it. Figures marked * are still inside their maturity window (payments or refunds may still change them).",
        )}</p>
        {move || {
            if state.workspace.with(|w| w.is_none()) {
                return view! { <p class="muted">{t("正在打开工作区…", "Opening the workspace…")}</p> }.into_any();
            }
            if !actions::kpi::has_data(state) {
                return view! {
                    <section class="card" id="kpi-empty">
                        <h2>{t("还没有数据", "No data yet")}</h2>
                        <p>{t("请先在“导入”页导入聊天记录、订单等报表，或载入示例数据。", "Import chat logs, orders and other exports on the Import page first, or load the demo workspace.")}</p>
                        <button class="btn primary" on:click=move |_| actions::go(Page::Import)>{t("去导入", "Go to Import")}</button>
                    </section>
                }.into_any();
            }
            view! {
                <Tabs view=view/>
                {move || match view.tab.get() {
                    Tab::Table => view! { <KpiControls view=view/> <KpiTableView view=view/> <ExplanationView view=view/> }.into_any(),
                    Tab::Report => view! { <report::ReportView view=view/> }.into_any(),
                    Tab::Appraisal => view! { <appraisal::AppraisalView view=view/> }.into_any(),
                    Tab::Help => view! { <help::HelpView/> }.into_any(),
                }}
            }.into_any()
        }}
    }
}

#[component]
fn Tabs(view: KpiView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let tabs = [
        (Tab::Table, "kpi-tab-table", "指标表", "KPI table"),
        (Tab::Report, "kpi-tab-report", "日报 / 周报 / 月报", "Daily / weekly / monthly report"),
        (Tab::Appraisal, "kpi-tab-appraisal", "月度考核", "Monthly appraisal"),
        (Tab::Help, "kpi-tab-help", "指标说明", "What the KPIs mean"),
    ];
    view! {
        <div class="segmented kpi-tabs no-print" role="tablist">
            {tabs.into_iter().map(|(tab, id, zh, en)| view! {
                <button id=id role="tab" class:active=move || view.tab.get() == tab
                    aria-selected=move || (view.tab.get() == tab).to_string()
                    on:click=move |_| actions::kpi::set_tab(state, view, tab)>{move || state.lang().pick(zh, en)}</button>
            }).collect::<Vec<_>>()}
        </div>
    }
}

#[component]
fn KpiControls(view: KpiView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    // Show the range in force in the date fields.
    Effect::new(move |_| {
        if let Some(p) = view.table.with(|t| t.as_ref().map(|t| t.period)) {
            from.set(p.from.to_string());
            to.set(p.to.to_string());
        }
    });
    let apply = move || {
        let (f, tt) = (from.get_untracked().parse(), to.get_untracked().parse());
        match (f, tt) {
            (Ok(f), Ok(tt)) => actions::kpi::set_period(state, view, f, tt),
            _ => state.notify(
                crate::state::Tone::Error,
                t("请输入有效日期（年-月-日）。", "Enter valid dates (year-month-day)."),
            ),
        }
    };
    view! {
        <section class="card no-print" id="kpi-controls">
            <div class="controls">
                <label>{move || t("从", "From")}" "
                    <input type="date" id="kpi-from" prop:value=move || from.get()
                        on:change=move |ev| { from.set(event_target_value(&ev)); apply(); }/></label>
                <label>{move || t("到", "to")}" "
                    <input type="date" id="kpi-to" prop:value=move || to.get()
                        on:change=move |ev| { to.set(event_target_value(&ev)); apply(); }/></label>
                <div class="segmented" role="group">
                    <button id="kpi-all" on:click=move |_| actions::kpi::set_last_days(state, view, None)>{move || t("全部", "All")}</button>
                    <button id="kpi-last-7" on:click=move |_| actions::kpi::set_last_days(state, view, Some(7))>{move || t("最近 7 天", "Last 7 days")}</button>
                    <button id="kpi-last-1" on:click=move |_| actions::kpi::set_last_days(state, view, Some(1))>{move || t("最后一天", "Last day")}</button>
                </div>
                <div class="segmented" role="group" id="kpi-group">
                    {[GroupBy::Agent, GroupBy::Role, GroupBy::Shop, GroupBy::Day, GroupBy::Week].into_iter().map(|by| view! {
                        <button data-group=format!("{by:?}") class:active=move || view.by.get() == by
                            on:click=move |_| actions::kpi::set_group(state, view, by)>{move || group_label(state.lang(), by)}</button>
                    }).collect::<Vec<_>>()}
                </div>
                <div class="actions">
                    <button class="btn small" id="kpi-export-xlsx" on:click=move |_| actions::kpi::export(state, view, true)>{move || t("导出 Excel", "Export Excel")}</button>
                    <button class="btn small" id="kpi-export-csv" on:click=move |_| actions::kpi::export(state, view, false)>{move || t("导出 CSV", "Export CSV")}</button>
                    <button class="btn small" id="kpi-print" on:click=move |_| actions::kpi::print()>{move || t("打印", "Print")}</button>
                </div>
            </div>
        </section>
    }
}

fn figure_cell(state: AppState, view: KpiView, lang: Lang, row: &KpiRow, kpi: Kpi) -> impl IntoView + use<> {
    let f = row.get(kpi).cloned();
    let text = f.as_ref().map_or_else(|| "—".to_owned(), |f| f.display(lang));
    let provisional = f.as_ref().is_some_and(|f| f.provisional);
    let scope = row.scope.clone();
    view! {
        <td class="num">
            <button class="figure link" data-kpi=kpi.key() class:provisional=provisional
                on:click=move |_| actions::kpi::explain(state, view, kpi, scope.clone())>{text}</button>
        </td>
    }
}

#[component]
fn KpiTableView(view: KpiView) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let lang = state.lang();
        let Some(table) = view.table.get() else {
            return view! { <p class="muted" id="kpi-loading">{lang.pick("正在计算…", "Computing…")}</p> }
                .into_any();
        };
        let period = format!("{} – {}", table.period.from, table.period.to);
        let head = COLUMNS
            .iter()
            .map(|k| {
                let h = k.help(lang);
                view! { <th class="num" title=h.formula>{h.name}</th> }
            })
            .collect::<Vec<_>>();
        let body = table
            .rows
            .iter()
            .map(|r| {
                let cells = COLUMNS.iter().map(|&k| figure_cell(state, view, lang, r, k)).collect::<Vec<_>>();
                view! { <tr data-row=r.label.clone()><td>{r.label.clone()}</td>{cells}</tr> }
            })
            .collect::<Vec<_>>();
        let total_cells =
            COLUMNS.iter().map(|&k| figure_cell(state, view, lang, &table.total, k)).collect::<Vec<_>>();
        view! {
            <section class="card" id="kpi-table-card">
                <h2>{lang.pick("绩效指标", "KPIs")}" · "<span id="kpi-period">{period}</span>" · "{group_label(lang, table.by)}</h2>
                {move || view.last_ms.get().map(|ms| view! {
                    <p class="muted small no-print" id="kpi-last-ms" data-ms=format!("{ms:.0}")>{match state.lang() {
                        Lang::Zh => format!("本次计算用时 {ms:.0} 毫秒", ),
                        Lang::En => format!("Computed in {ms:.0} ms"),
                    }}</p>
                })}
                <div class="table-scroll">
                <table class="table compact" id="kpi-table">
                    <thead><tr><th>{lang.pick("对象", "Who / when")}</th>{head}</tr></thead>
                    <tbody>{body}</tbody>
                    <tfoot><tr class="total" data-row="total"><td>{lang.pick("合计", "Total")}</td>{total_cells}</tr></tfoot>
                </table>
                </div>
            </section>
        }
        .into_any()
    }
}

/// One row behind a figure, as a line of text (buyers masked).
fn row_text(lang: Lang, r: &RowRef) -> String {
    let yes = |b: bool, zh: &'static str, en: &'static str| if b { Some(lang.pick(zh, en)) } else { None };
    match r {
        RowRef::Visit { date, buyer, agent, received, enquiry, ordered, paid, slow, complaint, .. } => {
            let flags = [
                yes(*received, "已接待", "received"),
                yes(*enquiry, "询单", "enquiry"),
                yes(*ordered, "下单", "ordered"),
                yes(*paid, "付款", "paid"),
                yes(*slow, "慢响应", "slow"),
                yes(*complaint, "投诉", "complaint"),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
            format!("{date} · {} · {agent} · {flags}", mask_nick(buyer))
        }
        RowRef::Round { buyer, agent, start, gap, .. } => {
            let g = gap.map_or_else(
                || lang.pick("未回复", "unanswered").to_owned(),
                |g| format!("{g}{}", lang.pick("秒", " s")),
            );
            format!("{} · {} · {agent} · {g}", start.iso(), mask_nick(buyer))
        }
        RowRef::Order { id, buyer, agent, created, paid, items, .. } => {
            format!(
                "{id} · {} · {} · {agent} · ¥{} · {items}{}",
                created.iso(),
                mask_nick(buyer),
                paid.plain(),
                lang.pick("件", " items")
            )
        }
        RowRef::Refund { id, order_id, date, amount, succeeded, dispute } => format!(
            "{id} · {order_id} · {date} · ¥{}{}{}",
            amount.plain(),
            if *succeeded { lang.pick(" · 退款成功", " · refunded") } else { "" },
            if *dispute { lang.pick(" · 纠纷", " · dispute") } else { "" }
        ),
        RowRef::Review { order_id, date, rating } => format!("{order_id} · {date} · {rating:?}"),
        RowRef::Stat { row, agent, from, to } => {
            format!("{} {row} · {agent} · {from} – {to}", lang.pick("客服数据第", "stats row"))
        }
        RowRef::Attendance { agent, date, what, points, .. } => {
            format!("{date} · {agent} · {what} · {points}")
        }
    }
}

fn explanation_view(lang: Lang, e: Explanation) -> impl IntoView {
    let rows =
        e.rows.iter().take(SHOWN_ROWS).map(|r| view! { <li>{row_text(lang, r)}</li> }).collect::<Vec<_>>();
    let more = (e.total_rows as usize > SHOWN_ROWS).then(|| match lang {
        Lang::Zh => format!("共 {} 条明细，显示前 {}。", e.total_rows, SHOWN_ROWS),
        Lang::En => format!("{} rows in all; the first {} are shown.", e.total_rows, SHOWN_ROWS),
    });
    view! {
        <section class="card" id="kpi-explain">
            <h2>{e.name.clone()}" · "{e.scope.clone()}</h2>
            <dl class="facts">
                <dt>{lang.pick("时间", "Range")}</dt><dd>{format!("{} – {}", e.period.from, e.period.to)}</dd>
                <dt>{lang.pick("数值", "Value")}</dt><dd id="kpi-explain-value">{e.value_text.clone()}</dd>
                <dt>{lang.pick("公式", "Formula")}</dt><dd id="kpi-explain-formula">{e.formula.clone()}</dd>
                <dt>{lang.pick("分子", "Numerator")}</dt><dd id="kpi-explain-num">{e.num_text.clone().unwrap_or_else(|| "—".into())}</dd>
                <dt>{lang.pick("分母", "Denominator")}</dt><dd id="kpi-explain-den">{e.den_text.clone().unwrap_or_else(|| "—".into())}</dd>
            </dl>
            {e.note.clone().map(|n| view! { <p class="callout">{n}</p> })}
            <h3>{lang.pick("明细", "Rows behind it")}</h3>
            {more.map(|m| view! { <p class="muted">{m}</p> })}
            <ol class="explain-rows">{rows}</ol>
        </section>
    }
}

#[component]
fn ExplanationView(view: KpiView) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || view.explanation.get().map(|e| explanation_view(state.lang(), e))
}
