//! Importing: read dropped files in the worker, let the user adjust encoding, kind and
//! column mapping, then store the chosen tables.

use std::cell::RefCell;

use kefu_core::import::{Format, Layout, Mapping, Options, TextEncoding};
use kefu_core::jobs::{AnalyseFile, CommitItem, Request, Response};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{job, refresh_storage, save_settings};
use crate::i18n;
use crate::platform::dom::PickedFile;
use crate::platform::{self};
use crate::state::{AppState, ImportItem, Tone};

thread_local! {
    /// The files received this session, by index (the same order as `AppState::received`);
    /// kept so a file can be read again with other options.
    static FILES: RefCell<Vec<PickedFile>> = const { RefCell::new(Vec::new()) };
}

fn file(index: usize) -> Option<PickedFile> {
    FILES.with_borrow(|f| f.get(index).cloned())
}

fn options(state: AppState) -> Options {
    Options { remembered: state.settings.with_untracked(|s| s.mappings.clone()), ..Options::default() }
}

/// Lists new files and reads them.
pub fn analyse_new(state: AppState, files: Vec<PickedFile>) {
    let first = FILES.with_borrow_mut(|f| {
        let first = f.len();
        f.extend(files.iter().cloned());
        first
    });
    state.received.update(|r| r.extend(files.iter().map(PickedFile::info)));
    let opts = options(state);
    let sources: Vec<(usize, Options)> = (first..first + files.len()).map(|i| (i, opts.clone())).collect();
    run_analysis(state, sources, Vec::new(), false);
}

/// Reads `sources` (file index, options); the items in `replace` give way to the new ones.
fn run_analysis(state: AppState, sources: Vec<(usize, Options)>, replace: Vec<u32>, hand_mapped: bool) {
    spawn_local(async move {
        let mut specs = Vec::new();
        let mut picked = Vec::new();
        for (i, options) in &sources {
            if let Some(f) = file(*i) {
                let info = f.info();
                specs.push(AnalyseFile { name: info.name, size: info.size as u64, options: options.clone() });
                picked.push(f);
            }
        }
        let req = Request::Analyse { files: specs, discard: replace.clone() };
        match job(state, req, picked).await {
            Some(Response::Analysis { items }) => {
                let new: Vec<ImportItem> = items
                    .into_iter()
                    .map(|it| {
                        let source = sources.get(it.source).map(|(i, _)| *i).unwrap_or(0);
                        let mut item = ImportItem {
                            id: it.id,
                            source,
                            result: it.result,
                            include: false,
                            mask: true,
                            hand_mapped,
                            editing: false,
                        };
                        item.include = item.importable();
                        item.editing = matches!(&item.result, Ok(r) if r.needs_mapping);
                        item
                    })
                    .collect();
                state.imports.update(|list| {
                    // New items take the place of the ones they replace.
                    let at = list.iter().position(|x| replace.contains(&x.id)).unwrap_or(list.len());
                    list.retain(|x| !replace.contains(&x.id));
                    let at = at.min(list.len());
                    list.splice(at..at, new);
                });
            }
            _ => {
                // Cancelled or failed: the worker no longer holds these rows.
                state.imports.update(|list| list.retain(|x| !replace.contains(&x.id)));
            }
        }
    });
}

fn item(state: AppState, id: u32) -> Option<ImportItem> {
    state.imports.with_untracked(|l| l.iter().find(|x| x.id == id).cloned())
}

fn update(state: AppState, id: u32, f: impl FnOnce(&mut ImportItem)) {
    state.imports.update(|l| {
        if let Some(x) = l.iter_mut().find(|x| x.id == id) {
            f(x);
        }
    });
}

/// Reads the item's file again with changed options.
fn reread(state: AppState, id: u32, change: impl FnOnce(&mut Options), hand_mapped: bool) {
    let Some(it) = item(state, id) else { return };
    if state.busy() {
        return;
    }
    let mut opts = options(state);
    if let Ok(r) = &it.result {
        // Keep what was decided before unless the change overrides it.
        if let Some(e) = r.encoding {
            opts.encoding = Some(e.encoding);
        }
        opts.format = Some(r.format);
        opts.layout = r.layout;
        if it.hand_mapped {
            opts.mapping = r.mapping.clone();
        }
    }
    change(&mut opts);
    let replace: Vec<u32> =
        state.imports.with_untracked(|l| l.iter().filter(|x| x.source == it.source).map(|x| x.id).collect());
    run_analysis(state, vec![(it.source, opts)], replace, hand_mapped || it.hand_mapped);
}

pub fn set_encoding(state: AppState, id: u32, enc: TextEncoding) {
    reread(state, id, |o| o.encoding = Some(enc), false);
}

pub fn set_format(state: AppState, id: u32, format: Format) {
    reread(
        state,
        id,
        |o| {
            o.format = Some(format);
            o.layout = None;
            o.mapping = None;
        },
        false,
    );
}

pub fn set_layout(state: AppState, id: u32, layout: Option<Layout>) {
    reread(
        state,
        id,
        |o| {
            o.layout = layout;
            o.mapping = None;
        },
        false,
    );
}

/// Applies a column mapping made by hand.
pub fn apply_mapping(state: AppState, id: u32, mapping: Mapping) {
    reread(
        state,
        id,
        |o| {
            o.layout = Some(mapping.layout);
            o.mapping = Some(mapping);
        },
        true,
    );
}

pub fn toggle_editing(state: AppState, id: u32) {
    update(state, id, |x| x.editing = !x.editing);
}

pub fn set_include(state: AppState, id: u32, on: bool) {
    update(state, id, |x| x.include = on && x.importable());
}

pub fn set_mask(state: AppState, id: u32, on: bool) {
    update(state, id, |x| x.mask = on);
}

/// Forgets every pending item and the received files.
pub fn clear(state: AppState) {
    let ids: Vec<u32> = state.imports.with_untracked(|l| l.iter().map(|x| x.id).collect());
    state.imports.set(Vec::new());
    state.received.set(Vec::new());
    FILES.with_borrow_mut(Vec::clear);
    if !ids.is_empty() && !state.busy() {
        spawn_local(async move {
            let _ = job(state, Request::Discard { items: ids }, Vec::new()).await;
        });
    }
}

/// Stores the chosen items.
pub fn commit(state: AppState) {
    if state.busy() {
        return;
    }
    let chosen: Vec<ImportItem> =
        state.imports.with_untracked(|l| l.iter().filter(|x| x.include && x.importable()).cloned().collect());
    if chosen.is_empty() {
        return;
    }
    let items: Vec<CommitItem> = chosen.iter().map(|x| CommitItem { id: x.id, mask: x.mask }).collect();
    spawn_local(async move {
        let req = Request::Commit { items, now: platform::now_local() };
        if let Some(Response::Imported { view, summary }) = job(state, req, Vec::new()).await {
            // Remember mappings made by hand for the next file with the same header.
            let mut remembered = false;
            state.settings.update(|s| {
                for it in chosen.iter().filter(|x| x.hand_mapped) {
                    if let Some(m) = it.mapping() {
                        s.remember(m.clone());
                        remembered = true;
                    }
                }
            });
            if remembered {
                save_settings(state);
            }
            let ids: Vec<u32> = chosen.iter().map(|x| x.id).collect();
            state.imports.update(|l| l.retain(|x| !ids.contains(&x.id)));
            state.workspace.set(Some(view));
            state.notify(Tone::Success, i18n::imported(state.lang(), &summary));
            refresh_storage(state).await;
        }
    });
}
