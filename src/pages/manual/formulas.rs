//! The manual's reference parts that come straight from the core, never retyped: every KPI
//! with its formula (`kpi::help_all`, as the KPI help tab shows it), the appraisal steps
//! (`kpi::appraisal::formulas`), the QA score formulas, rule texts and matching notes
//! (`qa::formulas`, `Rule::explain`, `qa::matching_notes`), the staffing model and the roster
//! rules (`roster::help::staffing_help`, `roster::model::Rule`), and for the import step the
//! columns each table needs (`import::Layout`) and what the row errors say (`Problem::explain`).

use kefu_core::Lang;
use kefu_core::import::{Layout, Problem};
use kefu_core::kpi::{appraisal, help_note};
use kefu_core::qa::{QaConfig, formulas as qa_formulas, matching_notes};
use kefu_core::roster::help::staffing_help;
use kefu_core::roster::model::Rule;
use leptos::prelude::*;

use super::text::{ManualText, Part};

/// A list of points under a heading.
pub fn part(p: &'static Part) -> impl IntoView + use<> {
    view! {
        <h3>{p.title}</h3>
        <ul>{p.items.iter().map(|i| view! { <li>{*i}</li> }).collect_view()}</ul>
    }
}

/// A core help text: a title line, then "· " items.
fn core_block(id: &'static str, text: String) -> impl IntoView + use<> {
    let mut lines = text.lines();
    let title = lines.next().unwrap_or_default().to_owned();
    let items: Vec<String> = lines.map(|l| l.trim().trim_start_matches('·').trim().to_owned()).collect();
    view! {
        <div class="manual-block" id=id>
            <h3>{title}</h3>
            <ul>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
        </div>
    }
}

/// Every formula, by area.
pub fn formulas(lang: Lang, t: &'static ManualText) -> impl IntoView + use<> {
    let kpi = crate::pages::kpi::help::kpi_help_groups(lang)
        .into_iter()
        .map(|(label, rows)| view! { <h4>{label}</h4><dl class="manual-kpis">{rows}</dl> })
        .collect::<Vec<_>>();
    let config = QaConfig::default();
    let rules = config
        .rules
        .rules
        .iter()
        .map(|r| {
            view! { <tr data-rule=r.id.clone()><th>{r.label(lang).to_owned()}</th><td>{r.explain(lang, &config.rules)}</td></tr> }
        })
        .collect::<Vec<_>>();
    let staffing = staffing_help(lang)
        .into_iter()
        .map(|h| view! { <li><strong>{h.term}</strong>{lang.pick("：", ": ")}{h.text}</li> })
        .collect::<Vec<_>>();
    let roster_rules = Rule::ALL
        .iter()
        .map(|r| view! { <li><strong>{r.label(lang)}</strong>{lang.pick("：", ": ")}{r.help(lang)}</li> })
        .collect::<Vec<_>>();
    view! {
        <div class="manual-area" id="manual-f-kpi">
            <h3>{t.f_kpi}</h3>
            <p class="hint">{help_note(lang)}</p>
            {kpi}
            <h4>{t.f_appraisal}</h4>
            <ul class="formulas" id="manual-appraisal-formulas">
                {appraisal::formulas(lang).into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}
            </ul>
        </div>
        <div class="manual-area" id="manual-f-qa">
            {core_block("manual-qa-formulas", qa_formulas(lang))}
            <h3>{t.f_qa_rules}</h3>
            <p class="hint">{t.f_qa_rules_hint}</p>
            <table class="table compact manual-rules"><tbody>{rules}</tbody></table>
            {core_block("manual-qa-matching", matching_notes(lang))}
        </div>
        <div class="manual-area" id="manual-f-roster">
            <h3>{t.f_roster}</h3>
            <ul id="manual-staffing">{staffing}</ul>
            <h3>{t.f_roster_rules}</h3>
            <ul class="manual-roster-rules">{roster_rules}</ul>
        </div>
        <div class="manual-area" id="manual-f-training">{part(&t.f_training)}</div>
    }
}

/// The columns each kind of table needs, from the importer's own layouts.
pub fn import_fields(lang: Lang) -> impl IntoView + use<> {
    let or = lang.pick(" 或 ", " or ");
    let rows = Layout::ALL
        .iter()
        .map(|l| {
            let fields = l.fields();
            let needs = l
                .required_groups()
                .iter()
                .map(|g| {
                    g.iter()
                        .filter_map(|&i| fields.get(i))
                        .map(|f| f.label(lang))
                        .collect::<Vec<_>>()
                        .join(or)
                })
                .collect::<Vec<_>>()
                .join(lang.pick("、", ", "));
            view! { <tr><th>{l.label(lang)}</th><td>{needs}</td></tr> }
        })
        .collect::<Vec<_>>();
    view! { <table class="table compact" id="manual-import-fields"><tbody>{rows}</tbody></table> }
}

/// What the most common row errors say (the importer's own text).
pub fn import_errors(lang: Lang) -> impl IntoView + use<> {
    let examples = [
        (lang.pick("必填列为空", "A required cell is empty"), Problem::Missing),
        (lang.pick("金额读不出", "An amount cannot be read"), Problem::NotAnAmount),
        (lang.pick("日期时间读不出", "A date and time cannot be read"), Problem::NotADateTime),
        (lang.pick("编号被改成科学计数法", "An id in scientific notation"), Problem::MangledId),
        (lang.pick("聊天文本不完整", "Chat text out of place"), Problem::StrayText),
        (lang.pick("对话里没有买家", "A conversation without a buyer"), Problem::NoBuyer),
        (lang.pick("接待报表没有日期", "A report without dates"), Problem::NoDate),
    ];
    let rows = examples
        .into_iter()
        .map(|(what, p)| view! { <tr><th>{what}</th><td>{p.explain(lang)}</td></tr> })
        .collect::<Vec<_>>();
    view! { <table class="table compact" id="manual-import-errors"><tbody>{rows}</tbody></table> }
}
