//! The manual's privacy statement: what is stored where — named from the store's own
//! constants (IndexedDB database and object stores, the user-work keys, the localStorage
//! key), with how much this workspace holds now — then what never leaves the computer,
//! masking, and how to erase one buyer, old data or everything.

use kefu_core::Lang;
use kefu_core::store::{
    DB_NAME, MANIFEST_KEY, SETTINGS_KEY, STORE_DATASETS, STORE_META, STORE_QUARANTINE, WorkArea,
};
use leptos::prelude::*;

use super::formulas::part;
use crate::i18n::{count, size};
use crate::state::AppState;

#[component]
pub fn Privacy() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let lang = state.lang();
        let t = super::text::text(lang);
        let (datasets, rows) = state
            .workspace
            .with(|w| w.as_ref().map_or((0, 0), |w| (w.manifest.datasets.len(), w.manifest.total_rows())));
        let work_keys = WorkArea::ALL.iter().map(|a| a.key()).collect::<Vec<_>>().join(", ");
        let used = state.storage.get().map(|(used, quota)| format!("{} / {}", size(used), size(quota)));
        let now = match lang {
            Lang::Zh => format!("当前：{datasets} 个数据集，共 {} 行。", count(rows)),
            Lang::En => format!("Now: {datasets} dataset(s), {} rows in all.", count(rows)),
        };
        let rows_view = vec![
            (
                format!("IndexedDB · {DB_NAME} · {STORE_DATASETS}"),
                format!(
                    "{} {now}",
                    lang.pick(
                        "导入的数据集：聊天记录、订单、子订单、退款、评价、接待数据、员工名单、考勤，每个数据集一条记录。",
                        "Imported datasets: chats, orders, order lines, refunds, reviews, reception stats, staff, attendance — one record per dataset.",
                    )
                ),
            ),
            (
                format!("IndexedDB · {DB_NAME} · {STORE_META}"),
                format!(
                    "{} {MANIFEST_KEY}; {work_keys}",
                    lang.pick(
                        "工作区目录和您的工作记录（质检复核与规则、考核评语与模板、班表、培训、登记簿）：",
                        "The workspace index and your own work (QA reviews and rules, appraisal comments and templates, rosters, training, registers):",
                    )
                ),
            ),
            (
                format!("IndexedDB · {DB_NAME} · {STORE_QUARANTINE}"),
                lang.pick(
                    "无法读取的记录原样另存在这里，不会被悄悄删除；可在“设置”中导出。",
                    "Records that could not be read are kept aside here unchanged, never silently dropped; Settings can export them.",
                )
                .to_owned(),
            ),
            (
                format!("localStorage · {SETTINGS_KEY}"),
                lang.pick(
                    "设置：界面语言、打印和导出时是否脱敏、手工设置过的列对应。",
                    "Settings: the interface language, masking in prints and exports, column mappings made by hand.",
                )
                .to_owned(),
            ),
            (
                lang.pick("浏览器离线缓存", "The browser's offline cache").to_owned(),
                lang.pick(
                    "只保存本工具自己的程序文件（网页、wasm、样式），不含任何数据。",
                    "Only the tool's own program files (page, wasm, styles), no data.",
                )
                .to_owned(),
            ),
        ];
        let rows_view = rows_view
            .into_iter()
            .map(|(place, what)| view! { <tr><th><code>{place}</code></th><td>{what}</td></tr> })
            .collect::<Vec<_>>();
        view! {
            <section class="card manual-section" id="manual-privacy">
                <h2>{t.privacy_title}</h2>
                <p class="lead">{t.privacy_lead}</p>
                <h3>{t.privacy_where}</h3>
                <table class="table compact" id="manual-storage"><tbody>{rows_view}</tbody></table>
                {used.map(|u| view! { <p class="hint">{lang.pick("本网站已用的浏览器存储 / 可用上限：", "Browser storage used by this site / quota: ")}{u}</p> })}
                {t.privacy_parts.iter().map(part).collect_view()}
            </section>
        }
    }
}
