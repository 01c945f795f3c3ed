//! Help (说明): the exact score formulas (`qa::formulas`), what each rule in use checks with its
//! current thresholds, and how phrases are matched with the known limits (`qa::matching_notes`).

use kefu_core::qa::{formulas, matching_notes};
use leptos::prelude::*;

use super::pick;
use crate::actions::qa::QaView;
use crate::state::AppState;

/// A text of the core's help: a title line, then "· " items.
fn block(id: &'static str, text: String) -> impl IntoView {
    let mut lines = text.lines();
    let title = lines.next().unwrap_or_default().to_owned();
    let items: Vec<String> = lines.map(|l| l.trim().trim_start_matches('·').trim().to_owned()).collect();
    view! {
        <div class="help-block" id=id>
            <h3>{title}</h3>
            <ul>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
        </div>
    }
}

#[component]
pub fn Help(view: QaView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = pick(state);
    move || {
        let lang = state.lang();
        let rules = view.desk.with(|d| {
            d.as_ref()
                .map(|d| {
                    d.config
                        .rules
                        .rules
                        .iter()
                        .map(|r| {
                            (
                                r.id.clone(),
                                r.label(lang).to_owned(),
                                r.enabled,
                                r.explain(lang, &d.config.rules),
                            )
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        });
        view! {
            <section class="card" id="qa-help">
                <h2>{t("质检说明", "How QA works")}</h2>
                {block("help-formulas", formulas(lang))}
                <div class="help-block" id="help-rules">
                    <h3>{t("每条规则检查什么", "What each rule checks")}</h3>
                    <table class="table compact"><tbody>
                        {rules.into_iter().map(|(id, label, on, text)| view! {
                            <tr data-rule=id>
                                <th>{label}{(!on).then(|| view! { " "<span class="muted">{lang.pick("（已停用）", " (off)")}</span> })}</th>
                                <td>{text}</td>
                            </tr>
                        }).collect_view()}
                    </tbody></table>
                </div>
                {block("help-matching", matching_notes(lang))}
            </section>
        }
    }
}
