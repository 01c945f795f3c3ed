//! The import engine: any back-office export in, typed datasets out — or a clear account of
//! what is wrong.
//!
//! Pipeline (ripgrep/rust-csv style: engines over plain `Read`, no I/O policy here):
//!
//! ```text
//! bytes ─ sniff::container ─┬─ zip archive ──▶ each entry, recursively
//!                           ├─ xlsx / xls ──▶ table::TableReader::spreadsheet ─┐
//!                           └─ text ─ encoding::detect ─ encoding::decoder ─┐  │
//!                                     sniff::text_format ─┬─ delimited ─────┴──┴▶ rows ─▶ schema (header,
//!                                                         │                       layout, mapping) ─▶
//!                                                         │                       rows::Builder ─▶ DatasetData
//!                                                         ├─ 千牛 text ─▶ chat::qianniu ─▶ ChatLog
//!                                                         └─ JSON ─────▶ chat::json ────▶ ChatLog
//! ```
//!
//! [`analyse`] reads one file (or archive) completely and returns an [`Analysed`] per table
//! found: a [`FileReport`] for the preview (detection, counts, sample, per-column results,
//! the first row errors) and the typed rows, exactly as in the file. Nothing is stored and
//! nothing masked here: the caller commits, masking personal data unless the user opted out.

pub mod chat;
pub mod clean;
pub mod dedupe;
pub mod encoding;
mod error;
pub mod rows;
pub mod schema;
pub mod sniff;
pub mod split;
pub mod table;

mod analyse;

pub use analyse::{CountingReader, Outcome, analyse};
pub use error::{ArchiveWhy, ErrorSink, FileError, FormatWhy, MAX_LISTED, Problem, RowError, SheetWhy, Stop};
pub use schema::{Field, FieldType, Layout};

use serde::{Deserialize, Serialize};

use crate::Lang;
use crate::model::{DatasetData, DatasetKind, Period};

/// Files larger than this are refused (they would not fit a browser tab's memory anyway).
pub const MAX_FILE_BYTES: u64 = 2 << 30;
/// A single line or record longer than this is refused as "not a table".
pub const MAX_RECORD_BYTES: u64 = 32 << 20;
/// More columns than this is refused (a wrong delimiter or a hostile file).
pub const MAX_COLUMNS: usize = 2_000;
/// Largest entry unpacked from a zip archive.
pub const MAX_ZIP_ENTRY_BYTES: u64 = 1 << 30;
/// Data rows kept raw for the preview.
pub const SAMPLE_ROWS: usize = 8;

/// Text encodings the back-office exports come in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TextEncoding {
    Utf8,
    /// GBK and its superset GB18030 (decoded as GB18030).
    Gb18030,
    Utf16Le,
    Utf16Be,
}

impl TextEncoding {
    pub const ALL: [TextEncoding; 4] =
        [TextEncoding::Utf8, TextEncoding::Gb18030, TextEncoding::Utf16Le, TextEncoding::Utf16Be];

    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Gb18030 => "GBK/GB18030",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
        }
    }
}

/// What the encoding detector concluded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EncodingGuess {
    pub encoding: TextEncoding,
    /// The file starts with a byte-order mark.
    pub bom: bool,
    /// False when the sample was ambiguous (readable in several encodings with no clear winner,
    /// or invalid in every encoding). Pure ASCII is confidently UTF-8: every choice reads it alike.
    pub confident: bool,
}

/// The physical format of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Format {
    /// CSV, TSV or another delimiter (`,` `\t` `;` `|`).
    Delimited {
        delimiter: u8,
    },
    Xlsx,
    Xls,
    /// Text copied out of the 千牛 client.
    Qianniu,
    /// A chat exporter's JSON (one buyer per file).
    ChatJson,
}

impl Format {
    pub fn label(self, lang: Lang) -> String {
        match self {
            Format::Delimited { delimiter: b',' } => "CSV".into(),
            Format::Delimited { delimiter: b'\t' } => {
                lang.pick("TSV（制表符分隔）", "TSV (tab-separated)").into()
            }
            Format::Delimited { delimiter } => match lang {
                Lang::Zh => format!("文本表格（以 {} 分隔）", delimiter as char),
                Lang::En => format!("Text table (separated by {})", delimiter as char),
            },
            Format::Xlsx => "Excel (xlsx)".into(),
            Format::Xls => "Excel 97-2003 (xls)".into(),
            Format::Qianniu => lang.pick("千牛聊天记录文本", "千牛 chat text").into(),
            Format::ChatJson => lang.pick("聊天记录 JSON", "Chat JSON").into(),
        }
    }
}

/// Which source column feeds each field of a layout. Remembered per header set
/// ([`Mapping::fingerprint`]), so the same export maps itself the next time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    pub layout: Layout,
    /// [`schema::fingerprint`] of the header this mapping was made for.
    pub fingerprint: u64,
    /// For each field of `layout.fields()`, the source column index, or `None` (not imported).
    pub columns: Vec<Option<usize>>,
}

/// What the user can override in the preview.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Options {
    pub encoding: Option<TextEncoding>,
    pub format: Option<Format>,
    pub layout: Option<Layout>,
    pub mapping: Option<Mapping>,
    /// Mappings the user made earlier, tried when the header fingerprint matches.
    #[serde(default)]
    pub remembered: Vec<Mapping>,
}

/// How one field fared over all rows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnReport {
    /// `Field::key` of the layout.
    pub field: String,
    /// Source column index and header, when mapped.
    pub source: Option<(usize, String)>,
    pub ok: u64,
    pub blank: u64,
    pub bad: u64,
}

/// Everything the preview shows about one imported table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    /// Name shown to the user (`archive.zip/inner.csv` for archive entries).
    pub file: String,
    pub bytes: u64,
    pub format: Format,
    /// For text formats.
    pub encoding: Option<EncodingGuess>,
    /// Kind of data found (chat text and JSON have a kind but no table layout).
    pub kind: Option<DatasetKind>,
    /// Chosen table layout, if the file is a table.
    pub layout: Option<Layout>,
    /// Other plausible layouts with their scores, best first.
    pub candidates: Vec<(Layout, u32)>,
    /// 1-based row of the header (tables), 0 for chat text and JSON.
    pub header_row: u64,
    pub header: Vec<String>,
    pub mapping: Option<Mapping>,
    /// The layout or required columns are unclear: the user must map columns before import.
    pub needs_mapping: bool,
    /// Required fields (keys) with no column.
    pub missing: Vec<String>,
    /// Data rows read (after the header).
    pub rows_read: u64,
    /// Rows turned into records (messages for chats).
    pub rows_ok: u64,
    /// Summary rows (汇总/均值), blank rows and noise lines skipped on purpose.
    pub rows_skipped: u64,
    /// Rows rejected with errors.
    pub rows_bad: u64,
    /// First data rows as written in the file.
    pub sample: Vec<Vec<String>>,
    pub columns: Vec<ColumnReport>,
    pub errors: ErrorSink,
    /// Days the rows cover.
    pub period: Option<Period>,
}

/// One analysed table: the report and, when it could be built, the rows.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysed {
    pub report: FileReport,
    pub data: Option<DatasetData>,
}
