//! The import queue: one card per table found in the received files — what it is, how it
//! was read (format, encoding, kind, columns), a sample, per-column results and the first
//! errors — with the controls to correct the detection and choose what to import.

use kefu_core::Lang;
use kefu_core::import::{FileReport, Format, Layout, Mapping, TextEncoding};
use kefu_core::lang::Localize;
use leptos::prelude::*;

use crate::actions::import as act;
use crate::i18n::{self, Msgs, count, size};
use crate::state::{AppState, ImportItem};

#[component]
pub fn ImportQueue() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let items = state.imports.get();
        if items.is_empty() {
            return ().into_any();
        }
        let m = state.m();
        let lang = state.lang();
        let chosen: Vec<&ImportItem> = items.iter().filter(|x| x.include && x.importable()).collect();
        let rows: u64 = chosen.iter().filter_map(|x| x.result.as_ref().ok()).map(|r| r.rows_ok).sum();
        let bad: u64 = chosen.iter().filter_map(|x| x.result.as_ref().ok()).map(|r| r.rows_bad).sum();
        let n = chosen.len();
        view! {
            <section class="card" id="imports">
                <div class="card-head">
                    <h2>{m.imports_title}</h2>
                    <button class="btn small" id="imports-clear" on:click=move |_| act::clear(state)>{m.imports_clear}</button>
                </div>
                {items.into_iter().map(|it| view! { <ItemCard item=it/> }).collect_view()}
                <div class="commit-bar">
                    {if n == 0 {
                        view! { <p class="muted">{m.imports_commit_none}</p> }.into_any()
                    } else {
                        view! {
                            <button class="btn primary" id="import-commit" disabled=move || state.busy()
                                on:click=move |_| act::commit(state)>
                                {i18n::commit_label(lang, n, rows, bad)}
                            </button>
                        }.into_any()
                    }}
                </div>
            </section>
        }
        .into_any()
    }
}

fn format_options(lang: Lang) -> Vec<(String, Format)> {
    [
        Format::Delimited { delimiter: b',' },
        Format::Delimited { delimiter: b'\t' },
        Format::Delimited { delimiter: b';' },
        Format::Delimited { delimiter: b'|' },
        Format::Qianniu,
        Format::ChatJson,
    ]
    .into_iter()
    .map(|f| (f.label(lang), f))
    .collect()
}

#[component]
fn ItemCard(item: ImportItem) -> impl IntoView {
    let state = expect_context::<AppState>();
    let m = state.m();
    let lang = state.lang();
    let id = item.id;
    let info = state.received.with_untracked(|r| r.get(item.source).cloned());
    let file_name = match &item.result {
        Ok(r) => r.file.clone(),
        Err(e) => e.file().to_owned(),
    };
    let head = info.map(|f| {
        let mime = if f.mime.is_empty() { m.unknown_type.to_owned() } else { f.mime };
        format!("{} · {}", size(f.size), mime)
    });
    let body = match item.result.clone() {
        Err(e) => view! { <p class="notice error file-error">{e.localize(lang)}</p> }.into_any(),
        Ok(r) => view! { <ReportView item=item.clone() report=r/> }.into_any(),
    };
    let data_file = file_name.clone();
    let status = if item.importable() {
        "ok"
    } else if item.result.is_err() {
        "failed"
    } else {
        "pending"
    };
    view! {
        <article class=format!("import-item {status}") data-file=data_file>
            <header class="item-head">
                <div>
                    <strong class="file-name">{file_name}</strong>
                    <span class="muted file-meta">{head}</span>
                </div>
                <Show when={let it = item.clone(); move || it.importable()}>
                    <label class="check">
                        <input type="checkbox" class="include" prop:checked=item.include
                            on:change=move |ev| act::set_include(state, id, event_target_checked(&ev))/>
                        {m.include_file}
                    </label>
                </Show>
            </header>
            {body}
        </article>
    }
}

#[component]
fn ReportView(item: ImportItem, report: FileReport) -> impl IntoView {
    let state = expect_context::<AppState>();
    let m = state.m();
    let lang = state.lang();
    let id = item.id;
    let r = report;
    let text_format = !matches!(r.format, Format::Xlsx | Format::Xls);
    let encoding = r.encoding;
    let layout = r.layout;
    let kind = r.kind.map(|k| k.label(lang)).unwrap_or("—");
    let period = r.period.map(|p| format!(" · {} – {}", p.from, p.to)).unwrap_or_default();
    let missing: Vec<&str> = r
        .layout
        .map(|l| {
            l.fields()
                .iter()
                .filter(|f| r.missing.iter().any(|k| k == f.key))
                .map(|f| lang.pick(f.zh, f.en))
                .collect()
        })
        .unwrap_or_default();
    let is_table = r.layout.is_some() || !r.header.is_empty();
    view! {
        <div class="detect">
            <span class="import-kind" data-kind=r.kind.map(|k| format!("{k:?}")).unwrap_or_default()>
                {m.kind_label}": "<b>{kind}</b>
            </span>
            <span class="import-format">{m.format_label}": "{r.format.label(lang)}</span>
            {encoding.map(|e| view! {
                <span class="import-encoding" data-encoding=e.encoding.label()>
                    {m.enc_label}": "{e.encoding.label()}{if e.bom { " (BOM)" } else { "" }}
                </span>
            })}
        </div>
        <p class="counts">{i18n::import_counts(lang, &r)}{period}</p>
        <div class="controls">
            {text_format.then(|| view! {
                <label>{m.enc_label}
                    <select class="enc-select" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(e) = TextEncoding::ALL.into_iter().find(|e| e.label() == v) {
                            act::set_encoding(state, id, e);
                        }
                    }>
                        {TextEncoding::ALL.into_iter().map(|e| view! {
                            <option value=e.label() selected=encoding.map(|g| g.encoding) == Some(e)>{e.label()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>{m.format_label}
                    <select class="format-select" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some((_, f)) = format_options(lang).into_iter().find(|(l, _)| *l == v) {
                            act::set_format(state, id, f);
                        }
                    }>
                        {format_options(lang).into_iter().map(|(label, f)| view! {
                            <option value=label.clone() selected=r.format == f>{label.clone()}</option>
                        }).collect_view()}
                    </select>
                </label>
            })}
            {is_table.then(|| view! {
                <label>{m.kind_label}
                    <select class="layout-select" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        act::set_layout(state, id, Layout::ALL.into_iter().find(|l| format!("{l:?}") == v));
                    }>
                        <option value="" selected=layout.is_none()>{m.auto_detect}</option>
                        {Layout::ALL.into_iter().map(|l| view! {
                            <option value=format!("{l:?}") selected=layout == Some(l)>{l.label(lang)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <button class="btn small adjust-columns" on:click=move |_| act::toggle_editing(state, id)>{m.adjust_columns}</button>
            })}
            <label class="check">
                <input type="checkbox" class="mask" prop:checked=item.mask
                    on:change=move |ev| act::set_mask(state, id, event_target_checked(&ev))/>
                {m.mask_file}
            </label>
        </div>
        {r.needs_mapping.then(|| view! {
            <p class="callout needs-mapping">
                {if r.layout.is_none() { m.choose_layout.to_owned() } else { m.needs_mapping.to_owned() }}
                " "{(!missing.is_empty()).then(|| i18n::missing_fields(lang, &missing))}
            </p>
        })}
        {(item.editing && r.layout.is_some()).then(|| view! {
            <MappingEditor id=id layout=r.layout.unwrap_or(Layout::Orders) header=r.header.clone() mapping=r.mapping.clone()/>
        })}
        <Sample header=sample_header(lang, &r) rows=r.sample.clone() title=m.sample_title/>
        {(!r.columns.is_empty() && !r.needs_mapping).then(|| columns_view(m, lang, &r))}
        {(!r.errors.listed.is_empty()).then(|| errors_view(m, lang, &r))}
    }
}

#[component]
fn MappingEditor(id: u32, layout: Layout, header: Vec<String>, mapping: Option<Mapping>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let m = state.m();
    let lang = state.lang();
    let fields = layout.fields();
    let initial =
        mapping.filter(|x| x.layout == layout).map(|x| x.columns).unwrap_or_else(|| vec![None; fields.len()]);
    let columns = RwSignal::new(initial);
    let header_options = header.clone();
    view! {
        <div class="mapping-editor">
            <table class="table compact">
                <thead><tr><th>{m.col_field}</th><th>{m.col_source}</th></tr></thead>
                <tbody>
                    {fields.iter().enumerate().map(|(i, f)| {
                        let opts = header_options.clone();
                        view! {
                            <tr data-field=f.key>
                                <td>{lang.pick(f.zh, f.en)}{f.required.then_some(" *")}</td>
                                <td>
                                    <select class="map-select" on:change=move |ev| {
                                        let v = event_target_value(&ev);
                                        let col = v.parse::<usize>().ok();
                                        columns.update(|c| if let Some(x) = c.get_mut(i) { *x = col; });
                                    }>
                                        <option value="" selected=move || columns.with(|c| c.get(i).copied().flatten().is_none())>{m.not_imported}</option>
                                        {opts.into_iter().enumerate().map(|(ci, h)| view! {
                                            <option value=ci.to_string() selected=move || columns.with(|c| c.get(i).copied().flatten() == Some(ci))>
                                                {format!("{} · {}", column_letter(ci), h.trim())}
                                            </option>
                                        }).collect_view()}
                                    </select>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <button class="btn primary small apply-mapping" disabled=move || state.busy()
                on:click=move |_| act::apply_mapping(state, id, Mapping { layout, fingerprint: 0, columns: columns.get_untracked() })>
                {m.apply}
            </button>
        </div>
    }
}

/// The header row of the sample: the file's own, or for chat text (which has none) the
/// columns the sample shows.
fn sample_header(lang: Lang, r: &FileReport) -> Vec<String> {
    if r.header.is_empty() && r.kind == Some(kefu_core::model::DatasetKind::Chats) {
        let cols: [&str; 4] = match lang {
            Lang::Zh => ["时间", "买家", "发送人", "内容"],
            Lang::En => ["Time", "Buyer", "Sender", "Text"],
        };
        cols.iter().map(|c| (*c).to_owned()).collect()
    } else {
        r.header.clone()
    }
}

/// `A`, `B`, … `Z`, `AA` — as spreadsheets name columns.
fn column_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

#[component]
fn Sample(header: Vec<String>, rows: Vec<Vec<String>>, title: &'static str) -> impl IntoView {
    if rows.is_empty() && header.is_empty() {
        return ().into_any();
    }
    let width = header.len().max(rows.iter().map(Vec::len).max().unwrap_or(0)).min(40);
    view! {
        <details class="sample" open=true>
            <summary>{title}</summary>
            <div class="scroll">
                <table class="table compact sample-table">
                    {(!header.is_empty()).then(|| view! {
                        <thead><tr>{(0..width).map(|i| view! { <th>{header.get(i).cloned().unwrap_or_default()}</th> }).collect_view()}</tr></thead>
                    })}
                    <tbody>
                        {rows.into_iter().map(|r| view! {
                            <tr>{(0..width).map(|i| view! { <td>{r.get(i).cloned().unwrap_or_default()}</td> }).collect_view()}</tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </details>
    }
    .into_any()
}

fn columns_view(m: &'static Msgs, lang: Lang, r: &FileReport) -> impl IntoView + use<> {
    let fields = r.layout.map(|l| l.fields()).unwrap_or(&[]);
    let rows: Vec<_> = r
        .columns
        .iter()
        .filter(|c| c.source.is_some() || c.bad > 0)
        .map(|c| {
            let label =
                fields.iter().find(|f| f.key == c.field).map(|f| lang.pick(f.zh, f.en)).unwrap_or(&c.field);
            let source = c.source.as_ref().map(|(_, h)| h.trim().to_owned()).unwrap_or_default();
            let bad_class = if c.bad > 0 { "num bad" } else { "num" };
            view! {
                <tr data-field=c.field.clone()>
                    <td>{label.to_owned()}</td>
                    <td>{source}</td>
                    <td class="num">{count(c.ok)}</td>
                    <td class="num">{count(c.blank)}</td>
                    <td class=bad_class>{count(c.bad)}</td>
                </tr>
            }
        })
        .collect();
    view! {
        <details class="columns">
            <summary>{m.columns_title}</summary>
            <table class="table compact">
                <thead><tr><th>{m.col_field}</th><th>{m.col_source}</th><th class="num">{m.col_ok}</th><th class="num">{m.col_blank}</th><th class="num">{m.col_bad}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </details>
    }
}

fn errors_view(m: &'static Msgs, lang: Lang, r: &FileReport) -> impl IntoView + use<> {
    let file = r.file.clone();
    let listed: Vec<_> = r
        .errors
        .listed
        .iter()
        .map(|e| view! { <li class="row-error">{e.message(&file, lang)}</li> })
        .collect();
    let more = r.errors.total.saturating_sub(r.errors.listed.len() as u64);
    view! {
        <details class="errors" open=true>
            <summary>{m.errors_title}" ("{count(r.errors.total)}")"</summary>
            <ul>{listed}</ul>
            {(more > 0).then(|| view! { <p class="muted">{i18n::more_errors(lang, more)}</p> })}
        </details>
    }
}
