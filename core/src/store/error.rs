//! Errors of the store: what could not be read, where, and what the user can do.

use serde::{Deserialize, Serialize};

use crate::Lang;
use crate::lang::Localize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum StoreError {
    /// Bytes that do not parse as what they should be.
    #[error("{what} is damaged: {detail}")]
    Corrupt { what: String, detail: String },
    /// Written by a newer version of the app than this one.
    #[error("{what} was written by a newer version (format {found}; this version reads up to {supported})")]
    Newer { what: String, found: u32, supported: u32 },
    /// A migration step failed.
    #[error("{what} could not be upgraded from format {from}: {detail}")]
    Migration { what: String, from: u32, detail: String },
    /// A file offered as a backup is not one.
    #[error("{file} is not a Kefu Workbench backup: {detail}")]
    NotABackup { file: String, detail: String },
    /// A backup lacks a part it lists.
    #[error("{file} is incomplete: {missing} is missing")]
    BackupIncomplete { file: String, missing: String },
    /// A protected (sealed) backup was offered without its passphrase.
    #[error("{file} is protected with a passphrase")]
    NeedsPassphrase { file: String },
    /// A protected file could not be sealed or opened (wrong passphrase, changed bytes…).
    #[error(transparent)]
    Seal(#[from] super::SealError),
}

impl Localize for StoreError {
    fn localize(&self, lang: Lang) -> String {
        use StoreError::*;
        match (self, lang) {
            (Corrupt { what, detail }, Lang::Zh) => format!("{what} 已损坏（{detail}）。"),
            (Corrupt { what, detail }, Lang::En) => format!("{what} is damaged ({detail})."),
            (Newer { what, found, supported }, Lang::Zh) => format!(
                "{what} 由更新版本的工作台保存（格式 {found}，本版本最高读取 {supported}）。请用新版本打开，或刷新页面获取最新版本。"
            ),
            (Newer { what, found, supported }, Lang::En) => format!(
                "{what} was saved by a newer version of the workbench (format {found}; this version reads up to {supported}). Open it with the newer version, or reload the page to get it."
            ),
            (Migration { what, from, detail }, Lang::Zh) => {
                format!("{what} 无法从第 {from} 版格式升级（{detail}）。")
            }
            (Migration { what, from, detail }, Lang::En) => {
                format!("{what} could not be upgraded from format {from} ({detail}).")
            }
            (NotABackup { file, detail }, Lang::Zh) => format!(
                "文件“{file}”不是工作台备份文件（{detail}）。请选择在“设置 → 导出备份”中保存的 .zip 文件。工作区未改变。"
            ),
            (NotABackup { file, detail }, Lang::En) => format!(
                "“{file}” is not a workbench backup ({detail}). Choose a .zip saved with Settings → Export backup. The workspace is unchanged."
            ),
            (BackupIncomplete { file, missing }, Lang::Zh) => format!(
                "备份文件“{file}”不完整：缺少 {missing}。文件可能在复制或下载时被截断；请换一个备份文件。工作区未改变。"
            ),
            (BackupIncomplete { file, missing }, Lang::En) => format!(
                "The backup “{file}” is incomplete: {missing} is missing. It may have been cut short while copying or downloading; try another backup. The workspace is unchanged."
            ),
            (NeedsPassphrase { file }, Lang::Zh) => {
                format!("备份文件“{file}”设有口令保护：请输入导出时设定的口令再恢复。工作区未改变。")
            }
            (NeedsPassphrase { file }, Lang::En) => format!(
                "The backup “{file}” is protected with a passphrase: enter the passphrase it was exported with, then restore. The workspace is unchanged."
            ),
            (Seal(e), lang) => e.localize(lang),
        }
    }
}
