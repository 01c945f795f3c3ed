//! The administration cards of the settings page: backup and restore (optionally protected
//! with a passphrase), the audit trail (操作日志) with its filter and export, and the storage
//! view (what is stored, how big, the browser's quota) with the one button that erases
//! everything.

use kefu_core::Lang;
use kefu_core::audit::{AuditArea, AuditEntry, AuditFilter, select};
use kefu_core::store::{SCHEMA, StoredItem, StoredKind};
use leptos::prelude::*;

use crate::actions;
use crate::actions::admin::AdminView;
use crate::i18n::{count, size};
use crate::platform::dom;
use crate::state::AppState;

/// Shortest passphrase accepted for a protected backup.
const MIN_PASSPHRASE: usize = 8;
/// Rows of the log shown before "show all".
const SHOWN: usize = 200;

#[component]
pub fn BackupCard(admin: AdminView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = move || state.lang();
    let protect = RwSignal::new(false);
    let pass = RwSignal::new(String::new());
    let pass2 = RwSignal::new(String::new());
    let unlock = RwSignal::new(String::new());
    let problem = move || {
        if !protect.get() {
            return None;
        }
        let (p, q) = (pass.get(), pass2.get());
        if p.chars().count() < MIN_PASSPHRASE {
            Some(lang().pick("口令至少 8 个字符。", "The passphrase needs at least 8 characters."))
        } else if p != q {
            Some(lang().pick("两次输入的口令不一致。", "The two passphrases differ."))
        } else {
            None
        }
    };
    let export = move |_| {
        let passphrase = protect.get_untracked().then(|| pass.get_untracked());
        actions::admin::export_backup(state, admin, passphrase);
    };
    view! {
        <section class="card no-print" id="backup-card">
            <h2>{move || lang().pick("备份与恢复", "Backup and restore")}</h2>
            <p>{move || lang().pick(
                "把整个工作区（全部数据集、质检复核、考核、排班、培训、登记簿、操作日志和设置）导出为一个备份文件；在任何电脑的本工具中都能恢复。恢复会替换当前工作区。",
                "Export the whole workspace (every dataset, QA reviews, appraisals, rosters, training, registers, the audit trail and the settings) as one backup file; restore it in this tool on any computer. Restoring replaces the current workspace.",
            )}</p>
            <label class="check">
                <input type="checkbox" id="backup-protect" prop:checked=move || protect.get()
                    on:change=move |ev| protect.set(event_target_checked(&ev))/>
                " "{move || lang().pick("用口令保护备份（加密）", "Protect the backup with a passphrase (encrypted)")}
            </label>
            <Show when=move || protect.get()>
                <div class="actions passphrase">
                    <input type="password" id="backup-passphrase" autocomplete="new-password"
                        placeholder=move || lang().pick("口令（至少 8 个字符）", "Passphrase (8 characters or more)")
                        prop:value=move || pass.get() on:input=move |ev| pass.set(event_target_value(&ev))/>
                    <input type="password" id="backup-passphrase2" autocomplete="new-password"
                        placeholder=move || lang().pick("再输入一次", "Type it again")
                        prop:value=move || pass2.get() on:input=move |ev| pass2.set(event_target_value(&ev))/>
                </div>
                <p class="hint" id="passphrase-problem">{problem}</p>
                <p class="notice-inline warn" id="passphrase-warning">{move || lang().pick(
                    "口令无法找回：本工具不保存口令，也没有“忘记口令”。忘记了口令，这份备份就永远打不开，任何人（包括开发者）都无法恢复。请把口令另外妥善保管。",
                    "A lost passphrase cannot be recovered: this tool does not keep it and there is no “forgot passphrase”. Without it the backup can never be opened, by anyone (the developers included). Keep the passphrase somewhere safe.",
                )}</p>
            </Show>
            <div class="actions">
                <button class="btn primary" id="export-backup" disabled=move || state.busy() || problem().is_some()
                    on:click=export>{move || if protect.get() {
                        lang().pick("导出加密备份", "Export protected backup")
                    } else {
                        lang().pick("导出备份", "Export backup")
                    }}</button>
                <input type="file" id="restore-file" accept=".zip,.kefubak,application/zip,application/octet-stream"
                    class="visually-hidden"
                    on:change=move |ev| {
                        if let Some(file) = dom::files_from_input(&ev).into_iter().next() {
                            unlock.set(String::new());
                            actions::admin::restore_backup(state, admin, file, None);
                        }
                    }/>
                <button class="btn" id="restore-backup" disabled=move || state.busy()
                    on:click=move |_| actions::choose_files("restore-file")>
                    {move || lang().pick("从备份恢复…", "Restore from backup…")}</button>
            </div>
            {move || admin.locked.get().map(|file| {
                let name = file.name();
                let go = {
                    let file = file.clone();
                    move || actions::admin::restore_backup(state, admin, file.clone(), Some(unlock.get_untracked()))
                };
                let go2 = go.clone();
                view! {
                    <div class="locked" id="restore-locked">
                        <p>{match lang() {
                            Lang::Zh => format!("备份“{name}”设有口令保护：请输入导出时设定的口令。口令不对或文件被改动过都会被拒绝，工作区不会改变。"),
                            Lang::En => format!("The backup “{name}” is protected: enter the passphrase it was exported with. A wrong passphrase or a changed file is refused and the workspace stays as it is."),
                        }}</p>
                        <div class="actions">
                            <input type="password" id="restore-passphrase" autocomplete="off"
                                placeholder=move || lang().pick("备份口令", "Backup passphrase")
                                prop:value=move || unlock.get() on:input=move |ev| unlock.set(event_target_value(&ev))
                                on:keydown=move |ev| if ev.key() == "Enter" { go2() }/>
                            <button class="btn primary" id="restore-with-passphrase"
                                disabled=move || state.busy() || unlock.with(String::is_empty)
                                on:click=move |_| go()>{move || lang().pick("用口令恢复", "Restore with passphrase")}</button>
                            <button class="btn" id="restore-cancel" on:click=move |_| admin.locked.set(None)>
                                {move || lang().pick("取消", "Cancel")}</button>
                        </div>
                    </div>
                }
            })}
        </section>
    }
}

fn parse_day(s: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

#[component]
pub fn AuditCard(admin: AdminView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = move || state.lang();
    let area = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let all = RwSignal::new(false);
    let filter = move || AuditFilter {
        area: AuditArea::from_name(&area.get()),
        from: parse_day(&from.get()),
        to: parse_day(&to.get()),
    };
    let rows = move || {
        let f = filter();
        admin.audit.with(|log| {
            log.as_ref().map(|log| select(log, &f).into_iter().cloned().collect::<Vec<AuditEntry>>())
        })
    };
    view! {
        <section class="card" id="audit-card">
            <h2>{move || lang().pick("操作日志", "Audit trail")}</h2>
            <p class="hint no-print">{move || lang().pick(
                "记录在本工作台做过的每一次修改：质检评分表与规则、复核与申诉处理、考核模板与评语、排班、培训、登记簿，以及导入、恢复和数据删除。最新的在最上面。日志不记录买家ID。",
                "Every change made in this workbench: QA scorecards and rules, reviews and dispute decisions, appraisal templates and comments, rosters, training, registers, and imports, restores and erasures. Newest first. The log never records buyer ids.",
            )}</p>
            <div class="actions no-print audit-filter">
                <label>{move || lang().pick("范围", "Area")}" "
                    <select id="audit-area" on:change=move |ev| area.set(event_target_value(&ev))>
                        <option value="" selected=move || area.with(String::is_empty)>{move || lang().pick("全部", "All")}</option>
                        {move || AuditArea::ALL.iter().map(|a| view! {
                            <option value=a.name() selected=area.get_untracked() == a.name()>{a.label(lang())}</option>
                        }).collect::<Vec<_>>()}
                    </select>
                </label>
                <label>{move || lang().pick("从", "From")}" "
                    <input type="date" id="audit-from" prop:value=move || from.get()
                        on:change=move |ev| from.set(event_target_value(&ev))/></label>
                <label>{move || lang().pick("到", "To")}" "
                    <input type="date" id="audit-to" prop:value=move || to.get()
                        on:change=move |ev| to.set(event_target_value(&ev))/></label>
                <button class="btn small" id="audit-export-xlsx" disabled=move || state.busy()
                    on:click=move |_| actions::admin::export_audit(state, filter(), true)>
                    {move || lang().pick("导出 Excel", "Export Excel")}</button>
                <button class="btn small" id="audit-export-csv" disabled=move || state.busy()
                    on:click=move |_| actions::admin::export_audit(state, filter(), false)>
                    {move || lang().pick("导出 CSV", "Export CSV")}</button>
            </div>
            {move || match rows() {
                None => view! { <p class="empty">{lang().pick("正在读取操作日志…", "Reading the audit trail…")}</p> }.into_any(),
                Some(rows) if rows.is_empty() => {
                    let text = if admin.audit.with(|l| l.as_ref().is_some_and(Vec::is_empty)) {
                        lang().pick(
                            "还没有操作记录。修改质检规则、保存复核、排班或登记后，这里会自动出现记录。",
                            "Nothing recorded yet. Edit QA rules, save a review, a roster or a register entry and it appears here.",
                        )
                    } else {
                        lang().pick("没有符合筛选条件的记录。", "No entries match the filter.")
                    };
                    view! { <p class="empty" id="audit-empty">{text}</p> }.into_any()
                }
                Some(rows) => {
                    let n = rows.len();
                    let shown = if all.get() { n } else { n.min(SHOWN) };
                    let lg = lang();
                    view! {
                        <p class="hint" id="audit-count">{match lg {
                            Lang::Zh => format!("共 {} 条记录", count(n as u64)),
                            Lang::En => format!("{} entries", count(n as u64)),
                        }}</p>
                        <div class="table-scroll">
                            <table class="table compact" id="audit-table">
                                <thead><tr>
                                    <th>{lg.pick("时间", "Time")}</th>
                                    <th>{lg.pick("范围", "Area")}</th>
                                    <th>{lg.pick("说明", "Summary")}</th>
                                </tr></thead>
                                <tbody>
                                    {rows.into_iter().take(shown).map(|e| view! {
                                        <tr data-area=e.area.name() data-action=e.action.clone()>
                                            <td class="nowrap">{e.at.clone()}</td>
                                            <td class="nowrap">{e.area.label(lg)}</td>
                                            <td class="audit-summary">{e.summary(lg).to_owned()}</td>
                                        </tr>
                                    }).collect::<Vec<_>>()}
                                </tbody>
                            </table>
                        </div>
                        {(shown < n).then(|| view! {
                            <button class="btn small no-print" id="audit-show-all" on:click=move |_| all.set(true)>
                                {match lg {
                                    Lang::Zh => format!("显示全部 {} 条", count(n as u64)),
                                    Lang::En => format!("Show all {}", count(n as u64)),
                                }}</button>
                        })}
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

/// Records grouped for the storage table: one line per dataset, work document, the log, the
/// manifest; kept-aside records summed in one line.
fn storage_lines(items: &[StoredItem], lang: Lang) -> Vec<(String, String, u64, &'static str)> {
    let mut lines = Vec::new();
    let (mut kept, mut kept_bytes) = (0u64, 0u64);
    for it in items {
        match it.kind {
            StoredKind::KeptAside => {
                kept += 1;
                kept_bytes += it.bytes;
            }
            StoredKind::Manifest => {}
            _ => lines.push((
                it.label(lang),
                format!("{} {}", count(it.count), it.unit(lang)),
                it.bytes,
                match it.kind {
                    StoredKind::Dataset(_) => "dataset",
                    StoredKind::Work(_) => "work",
                    StoredKind::Audit => "audit",
                    _ => "other",
                },
            )),
        }
    }
    if let Some(m) = items.iter().find(|i| i.kind == StoredKind::Manifest) {
        lines.push((m.label(lang), format!("{} {}", count(m.count), m.unit(lang)), m.bytes, "manifest"));
    }
    if kept > 0 {
        lines.push((
            lang.pick("另存（无法读取）的记录", "Kept-aside records").into(),
            format!("{} {}", count(kept), lang.pick("条", "records")),
            kept_bytes,
            "kept-aside",
        ));
    }
    lines
}

#[component]
pub fn StorageCard(admin: AdminView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = move || state.lang();
    let manifest =
        move || state.workspace.with(|w| w.as_ref().map(|w| w.manifest.clone()).unwrap_or_default());
    view! {
        <section class="card" id="storage-card">
            <h2>{move || lang().pick("存储", "Storage")}</h2>
            <p class="hint no-print">{move || lang().pick(
                "工作台的全部数据只保存在这台电脑的本浏览器中（IndexedDB 数据库和 localStorage 设置），下面列出每一项占用的空间。",
                "All workbench data is kept only in this browser on this computer (the IndexedDB database and the settings in localStorage); each item and its size is listed below.",
            )}</p>
            <dl class="facts" id="storage-facts">
                <dt>{move || lang().pick("存储格式版本", "Storage format version")}</dt>
                <dd id="schema-version">{SCHEMA}</dd>
                <dt>{move || lang().pick("数据集", "Datasets")}</dt>
                <dd id="dataset-count">{move || manifest().datasets.len()}</dd>
                <dt>{move || lang().pick("总行数", "Total rows")}</dt>
                <dd id="row-count">{move || count(manifest().total_rows())}</dd>
                <dt>{move || lang().pick("工作台数据合计", "Workbench data in all")}</dt>
                <dd id="storage-total" data-bytes=move || admin.storage.with(|s| s.as_ref().map(|s| s.iter().map(|i| i.bytes).sum::<u64>()).unwrap_or(0).to_string())>
                    {move || admin.storage.with(|s| match s {
                        Some(items) => size(items.iter().map(|i| i.bytes).sum::<u64>() as f64),
                        None => lang().pick("计算中…", "Counting…").to_owned(),
                    })}</dd>
                <dt>{move || lang().pick("本站已用空间 / 浏览器配额", "Used by this site / browser quota")}</dt>
                <dd id="storage-quota"
                    data-used=move || state.storage.get().map(|(u, _)| u.to_string()).unwrap_or_default()
                    data-quota=move || state.storage.get().map(|(_, q)| q.to_string()).unwrap_or_default()>
                    {move || match state.storage.get() {
                        Some((used, quota)) => {
                            let pct = if quota > 0.0 { used / quota * 100.0 } else { 0.0 };
                            format!("{} / {}（{:.2}%）", size(used), size(quota), pct)
                        }
                        None => lang().pick("浏览器未提供", "The browser does not say").to_owned(),
                    }}</dd>
            </dl>
            <p class="hint no-print">{move || lang().pick(
                "“本站已用空间”由浏览器估算，包含离线缓存的程序文件和数据库的额外开销，所以比上面的合计大。",
                "“Used by this site” is the browser's estimate; it includes the app's offline files and the database's overhead, so it is larger than the total above.",
            )}</p>
            {move || admin.storage.get().map(|items| {
                let lg = lang();
                let lines = storage_lines(&items, lg);
                view! {
                    <div class="table-scroll">
                        <table class="table compact" id="storage-table">
                            <thead><tr>
                                <th>{lg.pick("内容", "What")}</th>
                                <th class="num">{lg.pick("数量", "Count")}</th>
                                <th class="num">{lg.pick("大小", "Size")}</th>
                            </tr></thead>
                            <tbody>
                                {lines.into_iter().map(|(what, n, bytes, kind)| view! {
                                    <tr data-kind=kind data-bytes=bytes.to_string()>
                                        <td>{what}</td>
                                        <td class="num">{n}</td>
                                        <td class="num">{size(bytes as f64)}</td>
                                    </tr>
                                }).collect::<Vec<_>>()}
                            </tbody>
                        </table>
                    </div>
                }
            })}
            <div class="actions no-print">
                <button class="btn small" id="storage-refresh" disabled=move || state.busy()
                    on:click=move |_| actions::admin::refresh(state, admin)>{move || lang().pick("重新统计", "Count again")}</button>
            </div>
            <div class="erase-all no-print" id="erase-all">
                <h3>{move || lang().pick("清除全部数据", "Erase everything")}</h3>
                <p>{move || lang().pick(
                    "一键删除本浏览器中工作台保存的一切：全部数据集、质检复核与评分表、绩效考核、排班、培训、登记簿、另存的数据、操作日志，以及保存的设置（界面语言、列映射等）。此操作不能撤销；需要保留的，请先导出备份。",
                    "Deletes everything the workbench keeps in this browser: every dataset, QA reviews and scorecards, appraisals, rosters, training, registers, kept-aside data, the audit trail, and the saved settings (language, column mappings…). This cannot be undone; export a backup first if you need any of it.",
                )}</p>
                <button class="btn danger" id="clear-all" disabled=move || state.busy()
                    on:click=move |_| actions::admin::erase_everything(state, admin)>
                    {move || lang().pick("清除全部数据…", "Erase everything…")}</button>
            </div>
        </section>
    }
}
