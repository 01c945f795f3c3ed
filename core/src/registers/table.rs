//! A plain table (title, typed columns, rows) that every register and training list turns into,
//! so one CSV writer and one XLSX writer serve them all, the page renders the same rows for
//! printing, and the neutralising of formulas happens in exactly one place.
//!
//! CSV: UTF-8 with BOM and CRLF, like the KPI exports (Excel/WPS read the Chinese). XLSX: bold
//! frozen header row, dates and money as real numbers with formats, A4 landscape. Every text
//! cell goes through [`crate::privacy::neutralise_cell`] in both.

use std::io::{self, Write};

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde::{Deserialize, Serialize};

pub use crate::kpi::export::ExportError;
use crate::privacy::neutralise_cell;
use crate::{Money, Ts};

/// One cell.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", content = "v", rename_all = "snake_case")]
pub enum Cell {
    Empty,
    Text(String),
    Num(f64),
    Money(Money),
    Date(NaiveDate),
    Time(Ts),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    pub fn opt_text(s: &Option<String>) -> Cell {
        s.as_ref().map_or(Cell::Empty, |s| Cell::Text(s.clone()))
    }

    /// The cell as shown on screen and in CSV (text is *not* neutralised here).
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Num(x) => {
                if x.fract() == 0.0 && x.abs() < 1e15 {
                    format!("{x:.0}")
                } else {
                    format!("{x:.2}")
                }
            }
            Cell::Money(m) => m.plain(),
            Cell::Date(d) => d.to_string(),
            Cell::Time(t) => t.iso()[..16].to_owned(),
        }
    }
}

/// A titled table with a header row.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// Sheet title (also the XLSX sheet name, shortened to 31 characters).
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Rows to highlight (e.g. overdue complaints), by row index.
    pub highlight: Vec<usize>,
}

/// Writes `t` as CSV (UTF-8 with BOM, CRLF), every text cell neutralised.
pub fn table_csv<W: Write>(mut w: W, t: &Table) -> Result<(), ExportError> {
    w.write_all(b"\xEF\xBB\xBF")?;
    let mut out = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(w);
    let map = |e: csv::Error| ExportError::Io(io::Error::other(e.to_string()));
    out.write_record(t.columns.iter().map(|c| neutralise_cell(c).into_owned())).map_err(map)?;
    for row in &t.rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match c {
                Cell::Text(s) => neutralise_cell(s).into_owned(),
                other => other.display(),
            })
            .collect();
        out.write_record(&cells).map_err(map)?;
    }
    out.flush()?;
    Ok(())
}

/// Sheet names may not hold `[]:*?/\` and are at most 31 characters.
fn sheet_name(title: &str) -> String {
    let s: String =
        title.chars().filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\')).take(31).collect();
    if s.trim().is_empty() { "Sheet1".into() } else { s }
}

/// Writes `t` as an XLSX workbook of one sheet.
pub fn table_xlsx<W: Write>(mut w: W, t: &Table) -> Result<(), ExportError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet_name(&t.title))?;
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_repeat_rows(0, 0)?;
    ws.set_freeze_panes(1, 0)?;
    let bold = Format::new().set_bold().set_text_wrap();
    for (c, h) in t.columns.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, neutralise_cell(h).as_ref(), &bold)?;
        ws.set_column_width(c as u16, 14)?;
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let time = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let money = Format::new().set_num_format("#,##0.00");
    let hl = Format::new().set_background_color(0xFFE0E0);
    for (i, row) in t.rows.iter().enumerate() {
        let r = i as u32 + 1;
        let marked = t.highlight.contains(&i);
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            let with = |f: &Format| if marked { f.clone().set_background_color(0xFFE0E0) } else { f.clone() };
            match cell {
                Cell::Empty if marked => ws.write_blank(r, c, &hl).map(|_| ())?,
                Cell::Empty => {}
                Cell::Text(s) => ws
                    .write_string_with_format(r, c, neutralise_cell(s).as_ref(), &with(&Format::new()))
                    .map(|_| ())?,
                Cell::Num(x) => ws.write_number_with_format(r, c, *x, &with(&Format::new())).map(|_| ())?,
                Cell::Money(m) => {
                    ws.write_number_with_format(r, c, m.fen() as f64 / 100.0, &with(&money)).map(|_| ())?
                }
                Cell::Date(d) => {
                    let x = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    ws.write_datetime_with_format(r, c, &x, &with(&date)).map(|_| ())?
                }
                Cell::Time(ts) => {
                    let x = excel_time(*ts)?;
                    ws.write_datetime_with_format(r, c, &x, &with(&time)).map(|_| ())?
                }
            }
        }
    }
    let bytes = wb.save_to_buffer()?;
    w.write_all(&bytes)?;
    w.flush()?;
    Ok(())
}

fn excel_time(ts: Ts) -> Result<ExcelDateTime, rust_xlsxwriter::XlsxError> {
    use chrono::Timelike;
    let d = ts.datetime();
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?.and_hms(
        d.hour() as u16,
        d.minute() as u8,
        d.second() as f64,
    )
}

/// The table as aligned plain text (for the command line and quick prints).
pub fn table_text(t: &Table) -> String {
    let mut out = format!("{}\n", t.title);
    out.push_str(&t.columns.join(" | "));
    out.push('\n');
    for (i, row) in t.rows.iter().enumerate() {
        let mark = if t.highlight.contains(&i) { "! " } else { "" };
        let cells: Vec<String> = row.iter().map(Cell::display).collect();
        out.push_str(&format!("{mark}{}\n", cells.join(" | ")));
    }
    out
}
