//! The table of what the workspace holds.

use kefu_core::Lang;
use kefu_core::model::{DatasetMeta, Origin};
use leptos::prelude::*;

use crate::i18n::{self, count};
use crate::state::AppState;

fn origin_text(lang: Lang, o: &Origin) -> String {
    match o {
        Origin::Demo { seed } => match lang {
            Lang::Zh => format!("示例数据（种子 {seed}）"),
            Lang::En => format!("Demo (seed {seed})"),
        },
        Origin::Import { files } => files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>().join("、"),
    }
}

fn row(lang: Lang, d: DatasetMeta) -> impl IntoView {
    let m = i18n::msgs(lang);
    let period = d.period.map(|p| format!("{} – {}", p.from, p.to)).unwrap_or_else(|| "—".into());
    view! {
        <tr data-dataset=d.id.clone() data-kind=format!("{:?}", d.kind)>
            <td>{d.label.clone()}</td>
            <td>{d.kind.label(lang)}</td>
            <td class="num" data-rows=d.rows>{format!("{} {}", count(d.rows), d.kind.unit(lang))}</td>
            <td>{period}</td>
            <td>{origin_text(lang, &d.origin)}</td>
            <td>{if d.masked { m.masked } else { m.not_masked }}</td>
            <td>{d.added.clone()}</td>
        </tr>
    }
}

#[component]
pub fn DatasetTable() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let lang = state.lang();
        let m = state.m();
        let datasets = state.workspace.with(|w| w.as_ref().map(|w| w.manifest.datasets.clone()));
        match datasets {
            None => view! { <p class="muted">{m.loading}</p> }.into_any(),
            Some(ds) if ds.is_empty() => {
                view! { <p class="muted" id="datasets-empty">{m.datasets_empty}</p> }.into_any()
            }
            Some(ds) => view! {
                <table class="table" id="datasets">
                    <thead>
                        <tr>
                            <th>{m.col_name}</th>
                            <th>{m.col_kind}</th>
                            <th class="num">{m.col_rows}</th>
                            <th>{m.col_period}</th>
                            <th>{m.col_origin}</th>
                            <th>{m.col_privacy}</th>
                            <th>{m.col_added}</th>
                        </tr>
                    </thead>
                    <tbody>{ds.into_iter().map(|d| row(lang, d)).collect_view()}</tbody>
                </table>
            }
            .into_any(),
        }
    }
}
