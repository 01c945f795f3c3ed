//! 日报/周报/月报: pick the kind and a day; the report shows the headline KPIs with their change
//! against the previous period (arrow, sign and the words 变好/变差, so it reads in black and
//! white), the per-agent table (click a header to sort), and the charts drawn by
//! `kefu_core::kpi::svg`. Prints on A4.
//!
//! The charts are SVG text made by the core and inserted as markup: every text in them (agent
//! names included) is XML-escaped by `kpi::svg::escape`, tested in core/tests/kpi_ui.rs.

use kefu_core::Lang;
use kefu_core::kpi::report::{Headline, ReportKind};
use kefu_core::kpi::{Kpi, KpiTable, Unit};
use leptos::prelude::*;

use crate::actions::{self, kpi::KpiView};
use crate::state::{AppState, Tone};

/// Columns of the report's agent table.
const COLUMNS: [Kpi; 11] = [
    Kpi::Consulted,
    Kpi::Enquiries,
    Kpi::Conversion,
    Kpi::Sales,
    Kpi::AvgOrderValue,
    Kpi::FirstResponse,
    Kpi::AvgResponse,
    Kpi::ReplyRate,
    Kpi::RefundRate,
    Kpi::Complaints,
    Kpi::QaAuto,
];

/// Whether a change shows as zero at the precision the KPI is displayed with.
fn is_flat(h: &Headline) -> bool {
    let Some(c) = h.change else { return false };
    let step = match h.kpi.unit() {
        Unit::Rate => 0.001,
        Unit::Money | Unit::Ratio | Unit::Stars => 0.01,
        Unit::Seconds | Unit::Points => 0.1,
        Unit::Count => 1.0,
    };
    c.abs() < step / 2.0
}

/// The change of a headline as text: arrow, signed amount (percentage points for rates) and
/// the relative change.
fn change_text(h: &Headline, lang: Lang) -> String {
    let Some(c) = h.change else { return lang.pick("无上期数据", "no previous figure").into() };
    if is_flat(h) {
        return lang.pick("＝ 持平", "＝ unchanged").into();
    }
    let arrow = if c > 0.0 { "▲" } else { "▼" };
    let sign = if c > 0.0 { "+" } else { "−" };
    let a = c.abs();
    let amount = match h.kpi.unit() {
        Unit::Rate => format!("{sign}{:.1}{}", a * 100.0, lang.pick("个百分点", " pp")),
        Unit::Money => format!("{sign}¥{a:.2}"),
        Unit::Seconds => format!("{sign}{a:.1}{}", lang.pick("秒", " s")),
        Unit::Count => format!("{sign}{a:.0}"),
        Unit::Points => format!("{sign}{a:.1}"),
        Unit::Ratio | Unit::Stars => format!("{sign}{a:.2}"),
    };
    let pct = match (h.kpi.unit(), h.change_pct) {
        (Unit::Rate, _) | (_, None) => String::new(),
        (_, Some(p)) => format!(" ({}{:.1}%)", if p >= 0.0 { "+" } else { "−" }, p.abs() * 100.0),
    };
    format!("{arrow} {amount}{pct}")
}

fn better_text(h: &Headline, lang: Lang) -> (&'static str, &'static str) {
    match h.better {
        _ if is_flat(h) => ("same", ""),
        Some(true) => ("better", lang.pick("变好", "better")),
        Some(false) => ("worse", lang.pick("变差", "worse")),
        None => ("same", ""),
    }
}

#[component]
pub fn ReportView(view: KpiView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    let kinds = [
        (ReportKind::Daily, "kpi-report-daily"),
        (ReportKind::Weekly, "kpi-report-weekly"),
        (ReportKind::Monthly, "kpi-report-monthly"),
    ];
    let day = move || {
        view.report_day
            .get()
            .or_else(|| view.report.with(|r| r.as_ref().map(|r| r.data.period.to)))
            .map(|d| d.to_string())
            .unwrap_or_default()
    };
    view! {
        <section class="card no-print" id="kpi-report-controls">
            <div class="controls">
                <div class="segmented" role="group">
                    {kinds.into_iter().map(|(kind, id)| view! {
                        <button id=id class:active=move || view.report_kind.get() == kind
                            on:click=move |_| actions::kpi::set_report_kind(state, view, kind)>{move || kind.label(state.lang())}</button>
                    }).collect::<Vec<_>>()}
                </div>
                <label>{move || t("日期", "Date")}" "
                    <input type="date" id="kpi-report-day" prop:value=day
                        on:change=move |ev| match event_target_value(&ev).parse() {
                            Ok(d) => actions::kpi::set_report_day(state, view, d),
                            Err(_) => state.notify(Tone::Error, t("请输入有效日期（年-月-日）。", "Enter a valid date (year-month-day).")),
                        }/></label>
                <button class="btn small" id="kpi-report-prev" on:click=move |_| actions::kpi::step_report(state, view, -1)>{move || t("◀ 上一期", "◀ Previous")}</button>
                <button class="btn small" id="kpi-report-next" on:click=move |_| actions::kpi::step_report(state, view, 1)>{move || t("下一期 ▶", "Next ▶")}</button>
                <div class="actions">
                    <button class="btn small" id="kpi-report-print" on:click=move |_| actions::kpi::print()>{move || t("打印报表", "Print the report")}</button>
                </div>
            </div>
            <p class="hint">{move || t(
                "日报看一天，周报看周一到周日，月报看整月；所选日期所在的那一期。变化与上一期相比（月报比上月，其余比之前同样天数）。",
                "A daily report covers one day, a weekly one Monday to Sunday, a monthly one the calendar month containing the date. Changes compare with the previous period (the previous month, else the same number of days before).",
            )}</p>
        </section>
        {move || match view.report.get() {
            None => view! { <p class="muted" id="kpi-report-loading">{t("正在生成报表…", "Preparing the report…")}</p> }.into_any(),
            Some(r) => report_body(state, view, r).into_any(),
        }}
    }
}

fn report_body(state: AppState, view: KpiView, r: actions::kpi::ReportState) -> impl IntoView {
    let lang = state.lang();
    let d = r.data;
    let outside = r.span.is_some_and(|s| d.period.to < s.from || d.period.from > s.to);
    let headline = d
        .headline
        .iter()
        .map(|h| {
            let (class, word) = better_text(h, lang);
            view! {
                <div class=format!("headline {class}") data-kpi=h.kpi.key()>
                    <div class="headline-name">{h.name.clone()}</div>
                    <div class="headline-value">{h.current.display(lang)}</div>
                    <div class="headline-change">
                        <span class="kpi-change">{change_text(h, lang)}</span>
                        " "<span class="kpi-better">{word}</span>
                    </div>
                    <div class="headline-prev muted">{lang.pick("上期 ", "before: ")}{h.previous.display(lang)}</div>
                </div>
            }
        })
        .collect::<Vec<_>>();
    let charts = r
        .charts
        .into_iter()
        .map(|kefu_core::kpi::svg::Chart { title, svg }| {
            // Core-made SVG: every text in it is escaped by `kpi::svg` (see the module doc).
            view! { <figure class="chart" aria-label=title><div class="chart-svg" inner_html=svg></div></figure> }
        })
        .collect::<Vec<_>>();
    let table = d.table.clone();
    view! {
        <section class="card kpi-report" id="kpi-report">
            <h2 id="kpi-report-title">{d.title.clone()}" · "{d.scope.clone()}</h2>
            <p class="muted">{match lang {
                Lang::Zh => format!("对比上一期：{}", d.previous.zh_range()),
                Lang::En => format!("Compared with {} – {}", d.previous.from, d.previous.to),
            }}</p>
            {outside.then(|| view! { <p class="callout">{lang.pick(
                "所选时间不在已导入数据的范围内，数字为空。",
                "The chosen period is outside the imported data; the figures are empty.",
            )}</p> })}
            {d.provisional.then(|| view! { <p class="callout">{lang.pick(
                "带 * 的数字仍在成熟期内（付款或退款可能还会变化）。",
                "Figures marked * are still inside their maturity window (payments or refunds may still change them).",
            )}</p> })}
            <div class="headlines" id="kpi-headlines">{headline}</div>
            <h3>{lang.pick("客服明细", "Per agent")}<span class="hint no-print">{lang.pick("（点表头排序，再点一次反向）", " (click a header to sort; again to reverse)")}</span></h3>
            <ReportTable view=view table=table/>
            <h3 class="charts-title">{lang.pick("图表", "Charts")}</h3>
            <div class="charts" id="kpi-charts">{charts}</div>
        </section>
    }
}

#[component]
fn ReportTable(view: KpiView, table: KpiTable) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let lang = state.lang();
        let sort = view.report_sort.get();
        let mut t = table.clone();
        if let Some((k, desc)) = sort {
            t.sort_by(k, desc);
        }
        let head = COLUMNS
            .iter()
            .map(|&k| {
                let h = k.help(lang);
                let (mark, aria) = match sort {
                    Some((s, true)) if s == k => (" ▼", "descending"),
                    Some((s, false)) if s == k => (" ▲", "ascending"),
                    _ => ("", "none"),
                };
                view! {
                    <th class="num" aria-sort=aria title=h.formula>
                        <button class="sort link" data-kpi=k.key() on:click=move |_| actions::kpi::sort_report(view, k)>{h.name}{mark}</button>
                    </th>
                }
            })
            .collect::<Vec<_>>();
        let body = t
            .rows
            .iter()
            .map(|r| {
                let cells = COLUMNS
                    .iter()
                    .map(|&k| {
                        let text = r.get(k).map_or_else(|| "—".to_owned(), |f| f.display(lang));
                        view! { <td class="num" data-kpi=k.key()>{text}</td> }
                    })
                    .collect::<Vec<_>>();
                // Agents by nick (the shop prefix is in the tooltip): the table fits A4 portrait.
                let short = r.label.split_once(':').map_or(r.label.as_str(), |(_, n)| n).to_owned();
                view! { <tr data-row=r.label.clone()><td title=r.label.clone()>{short}</td>{cells}</tr> }
            })
            .collect::<Vec<_>>();
        let total = COLUMNS
            .iter()
            .map(|&k| {
                let text = t.total.get(k).map_or_else(|| "—".to_owned(), |f| f.display(lang));
                view! { <td class="num" data-kpi=k.key()>{text}</td> }
            })
            .collect::<Vec<_>>();
        let empty = t.rows.is_empty().then(|| {
            view! { <p class="muted">{lang.pick("这一期没有客服数据。", "No agent data in this period.")}</p> }
        });
        view! {
            <div class="table-scroll">
            <table class="table compact" id="kpi-report-table">
                <thead><tr><th>{lang.pick("客服", "Agent")}</th>{head}</tr></thead>
                <tbody>{body}</tbody>
                <tfoot><tr class="total"><td>{lang.pick("合计", "Total")}</td>{total}</tr></tfoot>
            </table>
            </div>
            {empty}
        }
    }
}
