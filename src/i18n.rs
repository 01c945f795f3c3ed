//! Screen text in Simplified Chinese (default) and English.
//!
//! One struct holds every fixed string of the interface; the compiler makes sure both
//! languages have all of them. Text that depends on numbers is built by the small functions
//! at the bottom. Messages that the core produces (errors, stages, dataset labels) come from
//! the core's own `label`/`localize` methods.

use kefu_core::Lang;

pub struct Msgs {
    pub app_name: &'static str,
    pub tagline: &'static str,
    pub nav_import: &'static str,
    pub nav_roster: &'static str,
    pub nav_qa: &'static str,
    pub nav_kpi: &'static str,
    pub nav_training: &'static str,
    pub nav_settings: &'static str,
    pub nav_share: &'static str,
    pub nav_manual: &'static str,
    pub switch_lang: &'static str,
    pub switch_lang_title: &'static str,
    pub privacy_footer: &'static str,
    pub drop_here: &'static str,
    pub cancel: &'static str,
    pub close: &'static str,
    pub loading: &'static str,

    pub import_title: &'static str,
    pub import_intro: &'static str,
    pub choose_files: &'static str,
    pub welcome_title: &'static str,
    pub welcome_body: &'static str,
    pub imports_title: &'static str,
    pub imports_clear: &'static str,
    pub imports_commit_none: &'static str,
    pub enc_label: &'static str,
    pub kind_label: &'static str,
    pub format_label: &'static str,
    pub auto_detect: &'static str,
    pub needs_mapping: &'static str,
    pub adjust_columns: &'static str,
    pub apply: &'static str,
    pub not_imported: &'static str,
    pub required: &'static str,
    pub col_field: &'static str,
    pub col_source: &'static str,
    pub col_ok: &'static str,
    pub col_blank: &'static str,
    pub col_bad: &'static str,
    pub sample_title: &'static str,
    pub columns_title: &'static str,
    pub errors_title: &'static str,
    pub include_file: &'static str,
    pub mask_file: &'static str,
    pub no_rows: &'static str,
    pub choose_layout: &'static str,
    pub col_file: &'static str,
    pub col_size: &'static str,
    pub col_type: &'static str,
    pub unknown_type: &'static str,
    pub datasets_title: &'static str,
    pub datasets_empty: &'static str,
    pub col_name: &'static str,
    pub col_kind: &'static str,
    pub col_rows: &'static str,
    pub col_period: &'static str,
    pub col_origin: &'static str,
    pub col_privacy: &'static str,
    pub col_added: &'static str,
    pub masked: &'static str,
    pub not_masked: &'static str,
    pub load_demo: &'static str,

    pub settings_title: &'static str,
    pub lang_title: &'static str,
    pub demo_title: &'static str,
    pub demo_body: &'static str,
    pub backup_title: &'static str,
    pub backup_body: &'static str,
    pub export_backup: &'static str,
    pub restore_backup: &'static str,
    pub storage_title: &'static str,
    pub storage_schema: &'static str,
    pub storage_datasets: &'static str,
    pub storage_rows: &'static str,
    pub storage_used: &'static str,
    pub storage_unknown: &'static str,
    pub quarantine_title: &'static str,
    pub quarantine_export: &'static str,
    pub clear_title: &'static str,
    pub clear_body: &'static str,
    pub clear_button: &'static str,
    pub clear_confirm: &'static str,
    pub privacy_title: &'static str,
    pub privacy_body: &'static str,
    pub print_page: &'static str,

    pub done_cleared: &'static str,
    pub err_settings_save: &'static str,
}

pub const ZH: Msgs = Msgs {
    app_name: "客服主管工作台",
    tagline: "排班 · 质检 · 绩效 · 培训 —— 数据只在本机",
    nav_import: "导入",
    nav_roster: "排班",
    nav_qa: "质检",
    nav_kpi: "绩效",
    nav_training: "培训",
    nav_settings: "设置",
    nav_share: "分享",
    nav_manual: "使用说明",
    switch_lang: "English",
    switch_lang_title: "Switch the interface to English",
    privacy_footer: "所有数据只保存在这台电脑的浏览器里，不会上传到任何服务器。",
    drop_here: "松开鼠标，添加这些文件",
    cancel: "取消",
    close: "关闭",
    loading: "正在打开工作区…",

    import_title: "导入数据",
    import_intro: "把淘宝/天猫、京东、拼多多或抖店后台导出的文件（订单、退款、评价、聊天记录、客服接待数据、考勤……）拖到窗口任意位置，或点击按钮选择文件。",
    choose_files: "选择文件…",
    welcome_title: "欢迎使用客服主管工作台",
    welcome_body: "工作区还是空的。可以先载入示例数据看看：一个虚构的 14 人客服团队，4 周的聊天记录、订单、退款、评价、接待数据和考勤。",
    imports_title: "待导入的文件",
    imports_clear: "清空列表",
    imports_commit_none: "没有可导入的表：请勾选要导入的文件，或先完成列对应。",
    enc_label: "编码",
    kind_label: "数据类型",
    format_label: "格式",
    auto_detect: "自动识别",
    needs_mapping: "无法确定各列的含义。请在下面为每个字段选择文件中的列（带 * 的必须选），然后点“应用”。",
    adjust_columns: "调整列对应",
    apply: "应用",
    not_imported: "— 不导入 —",
    required: "必填",
    col_field: "字段",
    col_source: "文件中的列",
    col_ok: "可用",
    col_blank: "空",
    col_bad: "有误",
    sample_title: "前几行（文件原文）",
    columns_title: "各列读取结果",
    errors_title: "错误",
    include_file: "导入此表",
    mask_file: "脱敏手机号、地址和收货人姓名",
    no_rows: "没有可导入的行。",
    choose_layout: "请选择这是哪种数据",
    col_file: "文件名",
    col_size: "大小",
    col_type: "类型",
    unknown_type: "未知",
    datasets_title: "工作区中的数据",
    datasets_empty: "还没有数据。",
    col_name: "名称",
    col_kind: "类型",
    col_rows: "行数",
    col_period: "日期范围",
    col_origin: "来源",
    col_privacy: "个人信息",
    col_added: "添加时间",
    masked: "已脱敏",
    not_masked: "未脱敏",
    load_demo: "载入示例数据",

    settings_title: "设置",
    lang_title: "界面语言",
    demo_title: "示例数据",
    demo_body: "生成一个虚构的客服团队（14 名客服，4 周聊天记录、订单、宝贝明细、退款、评价、接待数据和考勤），用于试用各项功能。载入会替换当前工作区。",
    backup_title: "备份与恢复",
    backup_body: "把整个工作区（全部数据集和设置）导出为一个 .zip 备份文件；在任何电脑的本工具中都能恢复。恢复会替换当前工作区。",
    export_backup: "导出备份",
    restore_backup: "从备份恢复…",
    storage_title: "存储",
    storage_schema: "数据格式版本",
    storage_datasets: "数据集",
    storage_rows: "总行数",
    storage_used: "本站已用空间 / 浏览器配额",
    storage_unknown: "浏览器未提供",
    quarantine_title: "另存的数据",
    quarantine_export: "导出另存的数据",
    clear_title: "清除数据",
    clear_body: "删除本浏览器中保存的全部数据集和另存的数据。此操作不能撤销，建议先导出备份。界面语言等设置会保留。",
    clear_button: "清除全部数据…",
    clear_confirm: "确定要删除本浏览器中的全部数据吗？此操作不能撤销。",
    privacy_title: "隐私",
    privacy_body: "本工具是一个静态网页：打开后所有计算都在这台电脑的浏览器里完成。导入的文件和工作区只保存在本浏览器（IndexedDB 和 localStorage）中，不会通过网络发送给任何人。打印和导出时，手机号、地址和姓名默认脱敏。清除浏览器数据或点击上面的“清除全部数据”即可删除。",
    print_page: "打印本页",

    done_cleared: "已清除全部数据。",
    err_settings_save: "设置无法保存：浏览器存储空间已满或被禁用。本次修改只在此页面有效。",
};

pub const EN: Msgs = Msgs {
    app_name: "Kefu Workbench",
    tagline: "Rosters · QA · KPIs · Training — your data stays on this computer",
    nav_import: "Import",
    nav_roster: "Roster",
    nav_qa: "QA",
    nav_kpi: "KPI",
    nav_training: "Training",
    nav_settings: "Settings",
    nav_share: "Share",
    nav_manual: "Guide",
    switch_lang: "中文",
    switch_lang_title: "切换为中文界面",
    privacy_footer: "Everything stays in this computer's browser; nothing is uploaded to any server.",
    drop_here: "Drop to add these files",
    cancel: "Cancel",
    close: "Close",
    loading: "Opening the workspace…",

    import_title: "Import data",
    import_intro: "Drop files exported from the Taobao/Tmall, JD, Pinduoduo or Douyin back-office (orders, refunds, reviews, chat logs, agent reception stats, attendance…) anywhere on the window, or choose them with the button.",
    choose_files: "Choose files…",
    welcome_title: "Welcome to Kefu Workbench",
    welcome_body: "The workspace is empty. Load the demo workspace to look around: a fictional team of 14 agents with four weeks of chats, orders, refunds, reviews, reception stats and attendance.",
    imports_title: "Files to import",
    imports_clear: "Clear list",
    imports_commit_none: "Nothing to import: tick the tables to import, or finish mapping their columns first.",
    enc_label: "Encoding",
    kind_label: "Kind of data",
    format_label: "Format",
    auto_detect: "Detect automatically",
    needs_mapping: "The meaning of the columns is unclear. Choose the column of the file for each field below (those marked * are required), then press Apply.",
    adjust_columns: "Adjust columns",
    apply: "Apply",
    not_imported: "— don't import —",
    required: "required",
    col_field: "Field",
    col_source: "Column in the file",
    col_ok: "Usable",
    col_blank: "Empty",
    col_bad: "Wrong",
    sample_title: "First rows (as in the file)",
    columns_title: "How each column was read",
    errors_title: "Errors",
    include_file: "Import this table",
    mask_file: "Mask phones, addresses and receiver names",
    no_rows: "No rows to import.",
    choose_layout: "Choose what kind of data this is",
    col_file: "File",
    col_size: "Size",
    col_type: "Type",
    unknown_type: "unknown",
    datasets_title: "Data in the workspace",
    datasets_empty: "No data yet.",
    col_name: "Name",
    col_kind: "Kind",
    col_rows: "Rows",
    col_period: "Dates",
    col_origin: "Source",
    col_privacy: "Personal data",
    col_added: "Added",
    masked: "masked",
    not_masked: "not masked",
    load_demo: "Load demo workspace",

    settings_title: "Settings",
    lang_title: "Language",
    demo_title: "Demo workspace",
    demo_body: "Generates a fictional customer-service team (14 agents; four weeks of chats, orders, order lines, refunds, reviews, reception stats and attendance) to try every feature. Loading it replaces the current workspace.",
    backup_title: "Backup and restore",
    backup_body: "Export the whole workspace (every dataset and the settings) as one .zip backup file; restore it in this tool on any computer. Restoring replaces the current workspace.",
    export_backup: "Export backup",
    restore_backup: "Restore from backup…",
    storage_title: "Storage",
    storage_schema: "Data format version",
    storage_datasets: "Datasets",
    storage_rows: "Rows in all",
    storage_used: "Used by this site / browser quota",
    storage_unknown: "not reported by the browser",
    quarantine_title: "Data kept aside",
    quarantine_export: "Export data kept aside",
    clear_title: "Clear data",
    clear_body: "Deletes every dataset and everything kept aside in this browser. This cannot be undone; export a backup first. Settings such as the language are kept.",
    clear_button: "Clear all data…",
    clear_confirm: "Delete all data stored in this browser? This cannot be undone.",
    privacy_title: "Privacy",
    privacy_body: "This tool is a static web page: once it is open, all work happens in this computer's browser. Imported files and the workspace are stored only in this browser (IndexedDB and localStorage) and are never sent over the network. Prints and exports mask phone numbers, addresses and names by default. Clear the browser's site data, or use “Clear all data” above, to erase everything.",
    print_page: "Print this page",

    done_cleared: "All data was cleared.",
    err_settings_save: "Settings could not be saved: browser storage is full or disabled. The change holds for this page only.",
};

pub fn msgs(lang: Lang) -> &'static Msgs {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// `1,234,567` / `1,234,567` — digits grouped by thousands (both languages use commas in
/// business reports).
pub fn count(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Human file size: `532 B`, `12.4 KB`, `3.1 MB`, `1.20 GB`.
pub fn size(bytes: f64) -> String {
    const K: f64 = 1024.0;
    if bytes < K {
        format!("{bytes:.0} B")
    } else if bytes < K * K {
        format!("{:.1} KB", bytes / K)
    } else if bytes < K * K * K {
        format!("{:.1} MB", bytes / K / K)
    } else {
        format!("{:.2} GB", bytes / K / K / K)
    }
}

pub fn demo_loaded(lang: Lang, datasets: usize, rows: u64) -> String {
    match lang {
        Lang::Zh => format!("示例数据已载入：{datasets} 个数据集，共 {} 行。", count(rows)),
        Lang::En => format!("Demo workspace loaded: {datasets} datasets, {} rows in all.", count(rows)),
    }
}

pub fn replace_confirm(lang: Lang, datasets: usize) -> String {
    match lang {
        Lang::Zh => format!(
            "这会用新数据替换当前工作区中的 {datasets} 个数据集，且不能撤销。如需保留，请先在“设置”中导出备份。继续吗？"
        ),
        Lang::En => format!(
            "This replaces the {datasets} datasets in the current workspace and cannot be undone. Export a backup from Settings first if you want to keep them. Continue?"
        ),
    }
}

pub fn backup_saved(lang: Lang, name: &str) -> String {
    match lang {
        Lang::Zh => format!("备份已导出：{name}（请保存在安全的地方）。"),
        Lang::En => format!("Backup exported: {name} (keep it somewhere safe)."),
    }
}

pub fn restored(lang: Lang, datasets: usize, created: &str) -> String {
    match lang {
        Lang::Zh => format!("已从备份恢复 {datasets} 个数据集（备份时间 {created}）。"),
        Lang::En => format!("Restored {datasets} datasets from the backup made {created}."),
    }
}

/// `7,938 行可导入 · 12 行有错误 · 3 行已跳过（汇总、空行）`.
pub fn import_counts(lang: Lang, r: &kefu_core::import::FileReport) -> String {
    let unit = r.kind.map(|k| k.unit(lang)).unwrap_or(if lang == Lang::Zh { "行" } else { "rows" });
    let mut parts = vec![match lang {
        Lang::Zh => format!("{} {unit}可导入", count(r.rows_ok)),
        Lang::En => format!("{} {unit} to import", count(r.rows_ok)),
    }];
    if r.rows_bad > 0 {
        parts.push(match lang {
            Lang::Zh => format!("{} 行有错误", count(r.rows_bad)),
            Lang::En => format!("{} rows with errors", count(r.rows_bad)),
        });
    }
    if r.rows_skipped > 0 {
        parts.push(match lang {
            Lang::Zh => format!("{} 行已跳过（汇总、空行、提示行）", count(r.rows_skipped)),
            Lang::En => format!("{} rows skipped (totals, blank or notice lines)", count(r.rows_skipped)),
        });
    }
    parts.join(" · ")
}

pub fn more_errors(lang: Lang, n: u64) -> String {
    match lang {
        Lang::Zh => format!("还有 {} 个错误未列出。", count(n)),
        Lang::En => format!("{} more errors are not listed.", count(n)),
    }
}

pub fn missing_fields(lang: Lang, names: &[&str]) -> String {
    match lang {
        Lang::Zh => format!("缺少必填字段：{}。", names.join("、")),
        Lang::En => format!("Required fields without a column: {}.", names.join(", ")),
    }
}

pub fn commit_label(lang: Lang, tables: usize, rows: u64, bad: u64) -> String {
    let base = match lang {
        Lang::Zh => format!("导入选中的 {tables} 个表（{} 行）", count(rows)),
        Lang::En => format!("Import the {tables} selected table(s) ({} rows)", count(rows)),
    };
    if bad == 0 {
        base
    } else {
        match lang {
            Lang::Zh => format!("{base}，跳过 {} 行有错误的数据", count(bad)),
            Lang::En => format!("{base}, skipping {} rows with errors", count(bad)),
        }
    }
}

pub fn imported(lang: Lang, summary: &[kefu_core::jobs::ImportSummary]) -> String {
    let parts: Vec<String> = summary
        .iter()
        .map(|s| {
            let dup = if s.duplicates == 0 {
                String::new()
            } else {
                match lang {
                    Lang::Zh => format!("（{} 条已在工作区中，未重复导入）", count(s.duplicates)),
                    Lang::En => {
                        format!(" ({} already in the workspace, not imported twice)", count(s.duplicates))
                    }
                }
            };
            format!("{} {} {}{dup}", s.kind.label(lang), count(s.rows), s.kind.unit(lang))
        })
        .collect();
    match lang {
        Lang::Zh => format!("已导入：{}。", parts.join("；")),
        Lang::En => format!("Imported: {}.", parts.join("; ")),
    }
}

pub fn quarantine_body(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!(
            "有 {n} 条无法读取的记录被原样另存（没有删除）。可以导出为文件，交给技术人员或用新版本打开。"
        ),
        Lang::En => format!(
            "{n} record(s) that could not be read were kept aside unchanged (nothing was deleted). Export them as a file to hand to someone technical or open with a newer version."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_sizes_read_naturally() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(1234567), "1,234,567");
        assert_eq!(size(532.0), "532 B");
        assert_eq!(size(12_700.0), "12.4 KB");
        assert_eq!(size(3.25 * 1024.0 * 1024.0), "3.2 MB");
    }
}
