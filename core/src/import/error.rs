//! Import errors: what is wrong, where (file, row, column, value) and what to do, in both
//! languages.
//!
//! Two levels: a [`FileError`] stops a whole file (it cannot be read at all); a [`RowError`]
//! rejects one row and the rest of the file still imports if the user agrees. Row errors are
//! gathered by an [`ErrorSink`] that keeps the first [`MAX_LISTED`] and counts the rest.

use serde::{Deserialize, Serialize};

use crate::Lang;
use crate::lang::Localize;

/// How many row errors are listed; the rest are counted.
pub const MAX_LISTED: usize = 100;

/// Longest cell value quoted back in a message.
const MAX_VALUE_CHARS: usize = 60;

/// Why one cell (or row) could not be used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    /// A required value is empty.
    Missing,
    /// Expected a whole number (数量, 人数…).
    NotAnInteger,
    /// Expected a number (客件数, 答问比…).
    NotANumber,
    /// Expected an amount (128.50, 128.5元, ¥1,280).
    NotAnAmount,
    /// Expected a percentage or fraction (45.21%, 0.4521).
    NotAPercent,
    /// Expected a date (2026-10-19, 2026/10/19, 10/19/26, an Excel date number).
    NotADate,
    /// Expected a date and time (2026-10-19 09:05:03, 2016/5/23 22:02, an Excel date number).
    NotADateTime,
    /// Expected a duration in seconds (25, 25秒, 1分30秒, 00:01:30).
    NotADuration,
    /// Expected yes/no (是/否, Y/N, 1/0).
    NotAYesNo,
    /// A value outside the known list (order status, review result…); `expected` lists some.
    Unknown { expected: String },
    /// A long number that a spreadsheet has turned into scientific notation (1.93068E+15):
    /// its last digits are lost.
    MangledId,
    /// The row has fewer cells than the header.
    ShortRow { cells: usize, header: usize },
    /// Chat text outside any message (before the first message header).
    StrayText,
    /// A chat conversation with no buyer message; kept under an unnamed buyer.
    NoBuyer,
    /// A chat JSON whose `count` disagrees with the chats it holds.
    CountMismatch { declared: String, found: u64 },
    /// A chat JSON entry that is not a chat object.
    NotAChat,
    /// A report row with no date: neither a date column nor a period in the file name.
    NoDate,
    /// The row could not be turned into a record for a reason not tied to one cell.
    Unusable,
    /// Something else, in plain words (English; rare).
    Other(String),
}

impl Problem {
    /// What is wrong, and what to do about it.
    pub fn explain(&self, lang: Lang) -> String {
        use Problem::*;
        let s = match (self, lang) {
            (Missing, Lang::Zh) => "必填，但为空。请在文件中补上，或跳过这一行。",
            (Missing, Lang::En) => "is required but empty. Fill it in the file, or skip this row.",
            (NotAnInteger, Lang::Zh) => "不是整数。请检查该单元格。",
            (NotAnInteger, Lang::En) => "is not a whole number. Check the cell.",
            (NotANumber, Lang::Zh) => "不是数字。请检查该单元格。",
            (NotANumber, Lang::En) => "is not a number. Check the cell.",
            (NotAnAmount, Lang::Zh) => "不是金额（例如 128.50、128.5元）。请检查该单元格。",
            (NotAnAmount, Lang::En) => "is not an amount (e.g. 128.50 or 128.5元). Check the cell.",
            (NotAPercent, Lang::Zh) => "不是百分比（例如 45.21% 或 0.4521）。请检查该单元格。",
            (NotAPercent, Lang::En) => "is not a percentage (e.g. 45.21% or 0.4521). Check the cell.",
            (NotADate, Lang::Zh) => {
                "不是日期（例如 2026-10-19）。请检查该单元格，或在预览中把这一列设为“不导入”。"
            }
            (NotADate, Lang::En) => {
                "is not a date (e.g. 2026-10-19). Check the cell, or set this column to “don't import” in the preview."
            }
            (NotADateTime, Lang::Zh) => {
                "不是日期时间（例如 2026-10-19 09:05:03）。请检查该单元格，或在预览中把这一列设为“不导入”。"
            }
            (NotADateTime, Lang::En) => {
                "is not a date and time (e.g. 2026-10-19 09:05:03). Check the cell, or set this column to “don't import” in the preview."
            }
            (NotADuration, Lang::Zh) => "不是时长（例如 25、25秒、1分30秒）。请检查该单元格。",
            (NotADuration, Lang::En) => "is not a duration (e.g. 25, 25秒, 1分30秒). Check the cell.",
            (NotAYesNo, Lang::Zh) => "应为“是”或“否”。请检查该单元格。",
            (NotAYesNo, Lang::En) => "should be yes or no (是/否). Check the cell.",
            (MangledId, Lang::Zh) => {
                "是被表格软件改成科学计数法的长编号，末尾几位已经丢失。请从后台重新导出，不要先用 Excel 打开另存。"
            }
            (MangledId, Lang::En) => {
                "is a long number that a spreadsheet turned into scientific notation; its last digits are lost. Export it again from the back-office without opening and re-saving it in Excel."
            }
            (Unknown { expected }, Lang::Zh) => {
                return format!("不是可识别的值（应为：{expected}）。请检查该单元格。");
            }
            (Unknown { expected }, Lang::En) => {
                return format!("is not a known value (expected: {expected}). Check the cell.");
            }
            (ShortRow { cells, header }, Lang::Zh) => {
                return format!(
                    "这一行只有 {cells} 个单元格，表头有 {header} 个；文件可能被截断或分隔符不对。"
                );
            }
            (ShortRow { cells, header }, Lang::En) => {
                return format!(
                    "this row has {cells} cells but the header has {header}; the file may be cut short or use another separator."
                );
            }
            (StrayText, Lang::Zh) => {
                "不属于任何一条消息，已跳过。每条消息应以“昵称 年-月-日 时:分:秒”一行开头（如“棉语旗舰店:小美 2026-10-19 9:05:03”）；请检查复制的文本是否完整，或删除这一行。"
            }
            (StrayText, Lang::En) => {
                "is outside any message and was skipped. Each message must start with a line “nick YYYY-M-D H:MM:SS” (e.g. “棉语旗舰店:小美 2026-10-19 9:05:03”); check that the copied text is complete, or delete the line."
            }
            (NoBuyer, Lang::Zh) => {
                "这段对话里找不到买家（只有客服、系统或机器人消息），已归到“未命名买家”。可在这段对话前加一行“---- 与 买家昵称 的聊天记录 ----”来指明买家。"
            }
            (NoBuyer, Lang::En) => {
                "this conversation has no buyer (only agent, system or robot messages); it was kept under an unnamed buyer. Put a line “---- 与 买家昵称 的聊天记录 ----” before it to name the buyer."
            }
            (CountMismatch { declared, found }, Lang::Zh) => {
                return format!(
                    "文件声明有 {declared} 条聊天，实际有 {found} 条，已全部读取。导出可能不完整；如有缺失，请重新导出这位买家的记录。"
                );
            }
            (CountMismatch { declared, found }, Lang::En) => {
                return format!(
                    "the file says {declared} chats but holds {found}; all were read. The export may be incomplete: export this buyer again if messages are missing."
                );
            }
            (NotAChat, Lang::Zh) => "不是一条聊天记录（应为包含 date、time、sender、text 的对象），已跳过。",
            (NotAChat, Lang::En) => {
                "is not a chat entry (expected an object with date, time, sender, text) and was skipped."
            }
            (NoDate, Lang::Zh) => {
                "没有日期：表中没有“日期”列，文件名里也没有日期范围（如 客服接待数据_2026-10-19至2026-11-15.xlsx）。请加上日期列，或按这个格式重命名文件后再导入。"
            }
            (NoDate, Lang::En) => {
                "has no date: the report has no 日期 column and its file name carries no date range (such as 客服接待数据_2026-10-19至2026-11-15.xlsx). Add a date column, or rename the file that way and import it again."
            }
            (Unusable, Lang::Zh) => "这一行无法读取，已跳过。请检查这一行的各个单元格。",
            (Unusable, Lang::En) => "this row could not be read and was skipped. Check its cells.",
            (Other(m), _) => return m.clone(),
        };
        s.to_owned()
    }
}

/// One rejected row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    /// Row number as a spreadsheet or text editor shows it (1-based, header included).
    pub row: u64,
    /// The column's header as written in the file, when the problem is in one cell.
    pub column: Option<String>,
    /// The offending value, shortened.
    pub value: String,
    pub problem: Problem,
}

impl RowError {
    pub fn new(row: u64, column: Option<&str>, value: &str, problem: Problem) -> RowError {
        RowError { row, column: column.map(|c| c.trim().to_owned()), value: shorten(value), problem }
    }

    /// The message with its file name: `订单报表.csv 第 12 行“订单付款时间”列：“2026/13/45” 不是日期时间…`.
    pub fn message(&self, file: &str, lang: Lang) -> String {
        let what = self.problem.explain(lang);
        match (lang, &self.column) {
            (Lang::Zh, Some(c)) => format!("{file} 第 {} 行“{c}”列：“{}” {what}", self.row, self.value),
            (Lang::Zh, None) => format!("{file} 第 {} 行：{what}", self.row),
            (Lang::En, Some(c)) => format!("{file}, row {}, column “{c}”: “{}” {what}", self.row, self.value),
            (Lang::En, None) => format!("{file}, row {}: {what}", self.row),
        }
    }
}

fn shorten(v: &str) -> String {
    let v = v.trim();
    if v.chars().count() <= MAX_VALUE_CHARS {
        v.to_owned()
    } else {
        let mut s: String = v.chars().take(MAX_VALUE_CHARS).collect();
        s.push('…');
        s
    }
}

/// Keeps the first [`MAX_LISTED`] row errors and counts all of them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ErrorSink {
    pub listed: Vec<RowError>,
    pub total: u64,
    /// Rows with at least one error (a row can have several).
    pub bad_rows: u64,
}

impl ErrorSink {
    pub fn push(&mut self, e: RowError) {
        self.total += 1;
        if self.listed.len() < MAX_LISTED {
            self.listed.push(e);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }
}

/// Why a whole file cannot be imported. `file` is the name shown to the user (for a file
/// inside a zip archive: `archive.zip/inner.csv`).
///
/// Reasons are typed ([`FormatWhy`], [`SheetWhy`], [`ArchiveWhy`]) so that both languages
/// read naturally; a `detail` or `note` string is technical text from a library or a parser,
/// shown in parentheses as such.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum FileError {
    #[error("{file}: the file is empty")]
    Empty { file: String },
    #[error("{file}: only a header, no rows")]
    HeaderOnly { file: String },
    /// Rows were read, but every one is a summary (汇总/均值/合计…) or a repeated header.
    #[error("{file}: only summary rows, no detail rows")]
    OnlySummaryRows { file: String },
    /// Not a format the workbench reads, for a reason the workbench itself names.
    #[error("{file}: not a format the workbench reads ({why:?})")]
    Unrecognised { file: String, why: FormatWhy },
    /// Not a format the workbench reads, as a parser explains it (`detail`, English).
    #[error("{file}: not a format the workbench reads")]
    UnknownFormat { file: String, detail: String },
    #[error("{file}: no header row found")]
    NoHeader { file: String },
    #[error("{file}: unreadable: {detail}")]
    Unreadable { file: String, detail: String },
    #[error("{file}: the text cannot be decoded as {encoding}")]
    Encoding { file: String, encoding: String },
    #[error("{file}: a line is longer than the limit")]
    LineTooLong { file: String, line: u64, limit: u64 },
    #[error("{file}: too many columns")]
    TooManyColumns { file: String, columns: u64, limit: u64 },
    #[error("{file}: larger than the limit")]
    TooLarge { file: String, bytes: u64, limit: u64 },
    #[error("{file}: the spreadsheet cannot be read ({why:?})")]
    Spreadsheet { file: String, why: SheetWhy },
    #[error("{file}: the archive cannot be read ({why:?})")]
    Archive { file: String, why: ArchiveWhy },
    #[error("{file}: password protected")]
    Encrypted { file: String },
}

/// Why a file is not in a format the workbench reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FormatWhy {
    /// Binary data that is neither a spreadsheet nor a zip archive (an image, a PDF…).
    Binary,
    /// Text that is not a table, 千牛 chat text or chat JSON.
    NotATable,
    /// Read as 千牛 chat text (as chosen in the preview), but no message header was found.
    NoQianniuHeader,
    /// Read as chat JSON (as chosen or detected), but not of that shape; `note` says what was
    /// found (English, technical).
    NotChatJson { note: String },
    /// A text file read as a spreadsheet (as chosen in the preview).
    TextAsSpreadsheet,
}

/// Why a spreadsheet cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SheetWhy {
    /// The workbook is damaged: the reader failed on it.
    ReaderFailed,
    /// The compound-file container (xls, password-protected xlsx) is damaged: its sector
    /// chains loop, point outside the file or end too early.
    BrokenContainer,
    /// Not an Excel workbook at all.
    NotAWorkbook,
    /// A record of the xls workbook stream is damaged (too short for its type, or with values
    /// no valid workbook holds): BIFF record type and byte offset in the stream.
    BadRecord { record: u16, offset: u64 },
    /// The sheets would take too many cells in memory (a range far larger than the cells in
    /// the file).
    TooManyCells { cells: u64, limit: u64 },
    /// The cells' text would take too much memory.
    TooMuchText { bytes: u64, limit: u64 },
    /// The formulas are too complex to read.
    TooComplex,
    /// The reader's own message (English, technical).
    Reader { note: String },
}

impl SheetWhy {
    /// What is wrong, as a clause (no final stop).
    fn explain(&self, lang: Lang) -> String {
        use SheetWhy::*;
        match (self, lang) {
            (ReaderFailed, Lang::Zh) => "工作簿已损坏，读取时出错".into(),
            (ReaderFailed, Lang::En) => "the workbook is damaged and reading it failed".into(),
            (BrokenContainer, Lang::Zh) => "文件结构已损坏，可能没有下载完整".into(),
            (BrokenContainer, Lang::En) => {
                "the file's structure is damaged; it may not have downloaded completely".into()
            }
            (NotAWorkbook, Lang::Zh) => "这不是 Excel 工作簿".into(),
            (NotAWorkbook, Lang::En) => "it is not an Excel workbook".into(),
            (BadRecord { record, offset }, Lang::Zh) => {
                format!("工作簿内部数据已损坏（技术信息：0x{record:04X} 记录，位于第 {offset} 字节）")
            }
            (BadRecord { record, offset }, Lang::En) => format!(
                "the data inside the workbook is damaged (technical detail: record 0x{record:04X} at byte {offset})"
            ),
            (TooManyCells { cells, limit }, Lang::Zh) => {
                format!("表格范围过大：展开后有 {cells} 个单元格，超过上限 {limit}")
            }
            (TooManyCells { cells, limit }, Lang::En) => {
                format!("its sheets span {cells} cells, more than the limit of {limit}")
            }
            (TooMuchText { bytes, limit }, Lang::Zh) => {
                format!("单元格文字展开后有 {} MB，超过上限 {} MB", bytes >> 20, limit >> 20)
            }
            (TooMuchText { bytes, limit }, Lang::En) => {
                format!(
                    "its cells hold {} MB of text, more than the limit of {} MB",
                    bytes >> 20,
                    limit >> 20
                )
            }
            (TooComplex, Lang::Zh) => "其中的公式过于复杂".into(),
            (TooComplex, Lang::En) => "its formulas are too complex".into(),
            (Reader { note }, Lang::Zh) => format!("读取出错（技术信息：{note}）"),
            (Reader { note }, Lang::En) => format!("reading it failed (technical detail: {note})"),
        }
    }

    /// The file is readable by Excel but too big or complex for the browser: saving it again
    /// in another format helps, exporting again does not.
    fn save_as_helps(&self) -> bool {
        matches!(self, SheetWhy::TooManyCells { .. } | SheetWhy::TooMuchText { .. } | SheetWhy::TooComplex)
    }
}

/// Why a zip archive cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ArchiveWhy {
    /// Archives inside archives deeper than the workbench follows.
    NestedTooDeep { depth: u32 },
    /// The archive or the entry is damaged or uses something the reader does not support;
    /// `note` is the reader's message (English, technical).
    Damaged { note: String },
}

impl FileError {
    pub fn file(&self) -> &str {
        use FileError::*;
        match self {
            Empty { file }
            | HeaderOnly { file }
            | OnlySummaryRows { file }
            | Unrecognised { file, .. }
            | UnknownFormat { file, .. }
            | NoHeader { file }
            | Unreadable { file, .. }
            | Encoding { file, .. }
            | LineTooLong { file, .. }
            | TooManyColumns { file, .. }
            | TooLarge { file, .. }
            | Spreadsheet { file, .. }
            | Archive { file, .. }
            | Encrypted { file } => file,
        }
    }
}

/// What the workbench reads, appended to format errors.
fn formats_read(lang: Lang) -> &'static str {
    lang.pick(
        "支持 CSV/TSV、Excel（xlsx/xls）、千牛聊天记录文本、聊天记录 JSON 和 zip 压缩包。",
        "It reads CSV/TSV, Excel (xlsx/xls), 千牛 chat text, chat JSON and zip archives of them.",
    )
}

impl Localize for FileError {
    fn localize(&self, lang: Lang) -> String {
        use FileError::*;
        match (self, lang) {
            (Empty { file }, Lang::Zh) => format!("“{file}”是空文件。请从后台重新导出。"),
            (Empty { file }, Lang::En) => format!("“{file}” is empty. Export it again from the back-office."),
            (HeaderOnly { file }, Lang::Zh) => {
                format!("“{file}”只有表头，没有数据行。请检查导出时选择的日期范围。")
            }
            (HeaderOnly { file }, Lang::En) => {
                format!("“{file}” has a header but no rows. Check the date range chosen when exporting.")
            }
            (OnlySummaryRows { file }, Lang::Zh) => format!(
                "“{file}”只有汇总、均值等统计行（或重复的表头），没有明细数据行。请在后台导出明细数据，并检查选择的日期范围。"
            ),
            (OnlySummaryRows { file }, Lang::En) => format!(
                "“{file}” holds only summary rows (汇总, 均值…) or repeated headers, no detail rows. Export the detailed data from the back-office, and check the date range chosen."
            ),
            (Unrecognised { file, why }, Lang::Zh) => {
                let why = match why {
                    FormatWhy::Binary => "看起来是图片、PDF 等二进制文件，不是表格或文本".to_owned(),
                    FormatWhy::NotATable => "不是表格、千牛聊天记录文本或聊天记录 JSON".to_owned(),
                    FormatWhy::NoQianniuHeader => {
                        "按千牛聊天记录读取，但找不到任何消息开头（“昵称 年-月-日 时:分:秒”）".to_owned()
                    }
                    FormatWhy::NotChatJson { note } => format!(
                        "不是聊天记录 JSON：应为包含 user 和 chats（每条有 date、time、sender、text）的对象或这类对象的数组（技术信息：{note}）"
                    ),
                    FormatWhy::TextAsSpreadsheet => "这是文本文件，不能按 Excel 表格读取".to_owned(),
                };
                format!("无法识别“{file}”的格式：{why}。{}", formats_read(lang))
            }
            (Unrecognised { file, why }, Lang::En) => {
                let why = match why {
                    FormatWhy::Binary => {
                        "it looks like an image, a PDF or other binary data, not a table or text".to_owned()
                    }
                    FormatWhy::NotATable => "it is not a table, a 千牛 chat text or a chat JSON".to_owned(),
                    FormatWhy::NoQianniuHeader => {
                        "read as 千牛 chat text, but no message starts with a line “nick YYYY-M-D H:MM:SS”"
                            .to_owned()
                    }
                    FormatWhy::NotChatJson { note } => format!(
                        "it is not a chat JSON: an object with user and chats (each with date, time, sender, text), or an array of them (technical detail: {note})"
                    ),
                    FormatWhy::TextAsSpreadsheet => {
                        "it is a text file and cannot be read as an Excel workbook".to_owned()
                    }
                };
                format!("“{file}” is not a format the workbench reads: {why}. {}", formats_read(lang))
            }
            (UnknownFormat { file, detail }, Lang::Zh) => {
                format!("无法识别“{file}”的格式（技术信息：{detail}）。{}", formats_read(lang))
            }
            (UnknownFormat { file, detail }, Lang::En) => format!(
                "“{file}” is not a format the workbench reads (technical detail: {detail}). {}",
                formats_read(lang)
            ),
            (NoHeader { file }, Lang::Zh) => format!(
                "“{file}”的前几行里找不到表头。请确认这是后台导出的原始文件，或在预览中手动指定各列。"
            ),
            (NoHeader { file }, Lang::En) => format!(
                "No header row found near the top of “{file}”. Check it is the original export, or map the columns by hand in the preview."
            ),
            (Unreadable { file, detail }, Lang::Zh) => format!(
                "“{file}”无法读取（技术信息：{detail}）。文件可能已损坏或不完整；请重新导出或重新下载。"
            ),
            (Unreadable { file, detail }, Lang::En) => format!(
                "“{file}” cannot be read (technical detail: {detail}). It may be damaged or incomplete; export or download it again."
            ),
            (Encoding { file, encoding }, Lang::Zh) => {
                format!("“{file}”不能按 {encoding} 编码读取。请在预览中换一种编码（如 GBK 或 UTF-8）。")
            }
            (Encoding { file, encoding }, Lang::En) => format!(
                "“{file}” cannot be read as {encoding}. Choose another encoding (e.g. GBK or UTF-8) in the preview."
            ),
            (LineTooLong { file, line, limit }, Lang::Zh) => format!(
                "“{file}”第 {line} 行超过 {} MB，可能不是文本表格或缺少换行。请检查文件。",
                limit >> 20
            ),
            (LineTooLong { file, line, limit }, Lang::En) => format!(
                "Line {line} of “{file}” is longer than {} MB; it may not be a text table or it lacks line breaks. Check the file.",
                limit >> 20
            ),
            (TooManyColumns { file, columns, limit }, Lang::Zh) => {
                format!("“{file}”有 {columns} 列，超过上限 {limit}。请确认分隔符正确，或只导出需要的列。")
            }
            (TooManyColumns { file, columns, limit }, Lang::En) => format!(
                "“{file}” has {columns} columns, more than the limit of {limit}. Check the separator, or export only the columns needed."
            ),
            (TooLarge { file, bytes, limit }, Lang::Zh) => format!(
                "“{file}”大小 {} MB，超过上限 {} MB。请分段（按日期范围）导出。",
                bytes >> 20,
                limit >> 20
            ),
            (TooLarge { file, bytes, limit }, Lang::En) => format!(
                "“{file}” is {} MB, over the limit of {} MB. Export it in parts (by date range).",
                bytes >> 20,
                limit >> 20
            ),
            (Spreadsheet { file, why }, Lang::Zh) => {
                let todo = if why.save_as_helps() {
                    "请用 Excel/WPS 打开，删去多余的行列后另存为 xlsx 或 CSV 再导入。"
                } else {
                    "请用 Excel/WPS 打开确认文件完好，或从后台重新导出。"
                };
                format!("表格“{file}”无法读取：{}。{todo}", why.explain(lang))
            }
            (Spreadsheet { file, why }, Lang::En) => {
                let todo = if why.save_as_helps() {
                    "Open it in Excel/WPS, delete unused rows and columns, save it as xlsx or CSV and import that."
                } else {
                    "Check it opens in Excel/WPS, or export it again."
                };
                format!("The spreadsheet “{file}” cannot be read: {}. {todo}", why.explain(lang))
            }
            (Archive { file, why }, Lang::Zh) => {
                let why = match why {
                    ArchiveWhy::NestedTooDeep { depth } => format!("压缩包里套压缩包超过 {depth} 层"),
                    ArchiveWhy::Damaged { note } => format!("压缩包已损坏或格式不受支持（技术信息：{note}）"),
                };
                format!("压缩包“{file}”无法读取：{why}。请重新压缩，或直接拖入其中的文件。")
            }
            (Archive { file, why }, Lang::En) => {
                let why = match why {
                    ArchiveWhy::NestedTooDeep { depth } => {
                        format!("it holds archives inside archives more than {depth} levels deep")
                    }
                    ArchiveWhy::Damaged { note } => {
                        format!(
                            "it is damaged or uses a feature the reader does not support (technical detail: {note})"
                        )
                    }
                };
                format!(
                    "The archive “{file}” cannot be read: {why}. Zip it again, or drop the files inside it directly."
                )
            }
            (Encrypted { file }, Lang::Zh) => format!("“{file}”设置了密码。请先去掉密码再导入。"),
            (Encrypted { file }, Lang::En) => {
                format!("“{file}” is password protected. Remove the password, then import it.")
            }
        }
    }
}

/// Why reading a file stopped early.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stop {
    File(FileError),
    Cancelled,
}

impl From<FileError> for Stop {
    fn from(e: FileError) -> Stop {
        Stop::File(e)
    }
}

impl From<crate::jobs::Cancelled> for Stop {
    fn from(_: crate::jobs::Cancelled) -> Stop {
        Stop::Cancelled
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file error the engine itself words reads as one language: no English clause
    /// inside a Chinese message (only product and format names, and the technical notes of
    /// libraries, which are marked as such).
    #[test]
    fn file_errors_read_naturally_in_both_languages() {
        let file = || "订单.csv".to_owned();
        let errors = vec![
            FileError::Empty { file: file() },
            FileError::HeaderOnly { file: file() },
            FileError::OnlySummaryRows { file: file() },
            FileError::Unrecognised { file: file(), why: FormatWhy::Binary },
            FileError::Unrecognised { file: file(), why: FormatWhy::NotATable },
            FileError::Unrecognised { file: file(), why: FormatWhy::NoQianniuHeader },
            FileError::Unrecognised { file: file(), why: FormatWhy::TextAsSpreadsheet },
            FileError::NoHeader { file: file() },
            FileError::Encoding { file: file(), encoding: "GBK/GB18030".into() },
            FileError::LineTooLong { file: file(), line: 3, limit: 32 << 20 },
            FileError::TooManyColumns { file: file(), columns: 3000, limit: 2000 },
            FileError::TooLarge { file: file(), bytes: 3 << 30, limit: 2 << 30 },
            FileError::Spreadsheet { file: file(), why: SheetWhy::ReaderFailed },
            FileError::Spreadsheet { file: file(), why: SheetWhy::BrokenContainer },
            FileError::Spreadsheet { file: file(), why: SheetWhy::NotAWorkbook },
            FileError::Spreadsheet { file: file(), why: SheetWhy::BadRecord { record: 0x17, offset: 2230 } },
            FileError::Spreadsheet { file: file(), why: SheetWhy::TooManyCells { cells: 9, limit: 4 } },
            FileError::Spreadsheet {
                file: file(),
                why: SheetWhy::TooMuchText { bytes: 9 << 20, limit: 4 << 20 },
            },
            FileError::Spreadsheet { file: file(), why: SheetWhy::TooComplex },
            FileError::Archive { file: file(), why: ArchiveWhy::NestedTooDeep { depth: 2 } },
            FileError::Encrypted { file: file() },
        ];
        const NAMES: [&str; 13] =
            ["CSV", "TSV", "Excel", "xlsx", "xls", "JSON", "zip", "WPS", "GBK", "GB", "UTF", "PDF", "MB"];
        for e in &errors {
            let zh = e.localize(Lang::Zh);
            let en = e.localize(Lang::En);
            assert!(zh.contains("订单.csv") && en.contains("订单.csv"), "{e:?}");
            let zh_without_file = zh.replace("订单.csv", "");
            for word in zh_without_file.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| w.len() > 1) {
                assert!(NAMES.contains(&word), "{e:?}: English “{word}” in “{zh}”");
            }
            let han =
                en.replace("订单.csv", "").chars().filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c)).count();
            assert!(han <= 12, "{e:?}: Chinese in “{en}”");
        }
        // Technical notes stay, marked as such, in both languages.
        let e =
            FileError::Archive { file: file(), why: ArchiveWhy::Damaged { note: "Invalid checksum".into() } };
        assert!(e.localize(Lang::Zh).contains("技术信息：Invalid checksum"));
        assert!(e.localize(Lang::En).contains("technical detail: Invalid checksum"));
    }
}
