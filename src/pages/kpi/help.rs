//! 指标说明: every KPI in one line plus its formula (the core's help text, grouped as the
//! table groups them), then how the appraisal total, grade and bonus are computed
//! (`kpi::appraisal::formulas`, also shown by the manual).

use kefu_core::Lang;
use kefu_core::kpi::{Group, Kpi, appraisal, help_all, help_note};
use leptos::prelude::*;

use crate::state::AppState;

/// Every KPI's `<dt>` name and `<dd>` line with formula, grouped by area as the table groups
/// them: `(group label, rows)`. The KPI help tab and the manual both render these.
pub fn kpi_help_groups(lang: Lang) -> Vec<(&'static str, Vec<AnyView>)> {
    let helps = help_all(lang);
    let mut groups: Vec<Group> = Vec::new();
    for k in Kpi::ALL {
        if !groups.contains(&k.group()) {
            groups.push(k.group());
        }
    }
    groups
        .into_iter()
        .map(|g| {
            let rows = helps
                .iter()
                .filter(|h| h.kpi.group() == g)
                .map(|h| {
                    view! {
                        <dt data-kpi=h.kpi.key()>{h.name.clone()}</dt>
                        <dd>{h.line.clone()}<br/><code class="formula">{h.formula.clone()}</code></dd>
                    }
                    .into_any()
                })
                .collect();
            (g.label(lang), rows)
        })
        .collect()
}

#[component]
pub fn HelpView() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let lang = state.lang();
        let sections = kpi_help_groups(lang)
            .into_iter()
            .map(|(label, rows)| view! { <h3>{label}</h3><dl class="kpi-help">{rows}</dl> })
            .collect::<Vec<_>>();
        view! {
            <section class="card" id="kpi-help">
                <h2>{lang.pick("指标说明", "What the KPIs mean")}</h2>
                <p class="hint">{help_note(lang)}</p>
                {sections}
                <h3 id="kpi-help-appraisal">{lang.pick("考核总分怎么算", "How the appraisal total is computed")}</h3>
                <ul class="formulas" id="kpi-help-appraisal-formulas">
                    {appraisal::formulas(lang).into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}
                </ul>
            </section>
        }
    }
}
