//! The app's own KPI exports: a KPI table (and the appraisal ranking) as CSV — UTF-8 with BOM
//! so Excel/WPS read the Chinese, every text cell passed through
//! [`crate::privacy::neutralise_cell`] so nothing is evaluated as a formula — and as XLSX with
//! number formats per unit, a frozen header row and label column, A4 landscape page set-up.
//! Provisional figures are italic in XLSX and listed in the last CSV column.

use std::io::{self, Write};

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use thiserror::Error;

use super::appraisal::Ranking;
use super::metric::{Kpi, Unit};
use super::query::{KpiRow, KpiTable, Value};
use crate::Lang;
use crate::lang::Localize;
use crate::privacy::neutralise_cell;

/// What went wrong writing an export.
#[derive(Debug, Error)]
pub enum ExportError {
    #[error("cannot write the export: {0}")]
    Io(#[from] io::Error),
    #[error("cannot build the XLSX workbook: {0}")]
    Xlsx(String),
}

impl From<XlsxError> for ExportError {
    fn from(e: XlsxError) -> Self {
        ExportError::Xlsx(e.to_string())
    }
}

impl Localize for ExportError {
    fn localize(&self, lang: Lang) -> String {
        match (self, lang) {
            (ExportError::Io(e), Lang::Zh) => {
                format!("导出文件写入失败：{e}。请检查磁盘空间或换一个位置保存。")
            }
            (ExportError::Io(e), Lang::En) => {
                format!("Could not write the export: {e}. Check disk space or save elsewhere.")
            }
            (ExportError::Xlsx(e), Lang::Zh) => format!("生成 XLSX 失败：{e}。请改用 CSV 导出。"),
            (ExportError::Xlsx(e), Lang::En) => {
                format!("Could not build the XLSX file: {e}. Export as CSV instead.")
            }
        }
    }
}

fn header(t: &KpiTable, lang: Lang) -> Vec<String> {
    let first = match t.by {
        super::query::GroupBy::Day | super::query::GroupBy::Week | super::query::GroupBy::Month => {
            lang.pick("日期", "Period")
        }
        _ => lang.pick("对象", "Scope"),
    };
    let mut h = vec![first.to_owned()];
    h.extend(t.kpis.iter().map(|k| k.name(lang).to_owned()));
    h
}

fn csv_row(row: &KpiRow, kpis: &[Kpi]) -> Vec<String> {
    let mut cells = vec![neutralise_cell(&row.label).into_owned()];
    let mut prov = Vec::new();
    for &k in kpis {
        let f = row.get(k);
        cells.push(f.and_then(|f| f.value).map(|v| v.plain(k.unit())).unwrap_or_default());
        if f.is_some_and(|f| f.provisional && f.value.is_some()) {
            prov.push(k.key());
        }
    }
    cells.push(prov.join(" "));
    cells
}

/// Writes a KPI table as CSV (UTF-8 with BOM, CRLF): a header, one line per row, then the
/// total line. Values are plain numbers (rates as fractions, money in yuan with two decimals);
/// the last column lists the keys of provisional figures.
pub fn table_csv<W: Write>(mut w: W, t: &KpiTable, lang: Lang) -> Result<(), ExportError> {
    w.write_all(b"\xEF\xBB\xBF")?;
    let mut out = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(w);
    let mut h = header(t, lang);
    h.push(lang.pick("暂定指标", "Provisional").to_owned());
    let map = |e: csv::Error| ExportError::Io(io::Error::other(e.to_string()));
    out.write_record(&h).map_err(map)?;
    for row in t.rows.iter().chain(std::iter::once(&t.total)) {
        out.write_record(csv_row(row, &t.kpis)).map_err(map)?;
    }
    out.flush()?;
    Ok(())
}

fn num_format(unit: Unit) -> &'static str {
    match unit {
        Unit::Count => "0",
        Unit::Money => "#,##0.00",
        Unit::Rate => "0.0%",
        Unit::Seconds | Unit::Points => "0.0",
        Unit::Ratio | Unit::Stars => "0.00",
    }
}

fn page_setup(ws: &mut Worksheet) -> Result<(), XlsxError> {
    ws.set_paper_size(9); // A4
    ws.set_landscape();
    ws.set_repeat_rows(0, 0)?;
    ws.set_freeze_panes(1, 1)?;
    Ok(())
}

fn write_rows(ws: &mut Worksheet, t: &KpiTable, lang: Lang) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold().set_text_wrap();
    for (c, h) in header(t, lang).iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &bold)?;
    }
    ws.set_column_width(0, 24)?;
    for c in 1..=t.kpis.len() as u16 {
        ws.set_column_width(c, 12)?;
    }
    let rows: Vec<(&KpiRow, bool)> =
        t.rows.iter().map(|r| (r, false)).chain(std::iter::once((&t.total, true))).collect();
    for (i, (row, total)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        let label = neutralise_cell(&row.label);
        if *total {
            ws.write_string_with_format(r, 0, label.as_ref(), &Format::new().set_bold())?;
        } else {
            ws.write_string(r, 0, label.as_ref())?;
        }
        for (c, &k) in t.kpis.iter().enumerate() {
            let Some(f) = row.get(k) else { continue };
            let Some(v) = f.value else { continue };
            let mut fmt = Format::new().set_num_format(num_format(k.unit()));
            if f.provisional {
                fmt = fmt.set_italic();
            }
            if *total {
                fmt = fmt.set_bold();
            }
            let x = match v {
                Value::Money(m) => m.fen() as f64 / 100.0,
                other => other.as_f64(),
            };
            ws.write_number_with_format(r, c as u16 + 1, x, &fmt)?;
        }
    }
    let note = lang.pick(
        "斜体 = 暂定（仍在付款/退款成熟期内）",
        "Italic = provisional (payments/refunds may still come)",
    );
    ws.write_string(rows.len() as u32 + 2, 0, note)?;
    Ok(())
}

/// Writes a KPI table as an XLSX workbook (one sheet named after the period).
pub fn table_xlsx<W: Write>(mut w: W, t: &KpiTable, lang: Lang) -> Result<(), ExportError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(format!("{}_{}", t.period.from, t.period.to))?;
    page_setup(ws)?;
    write_rows(ws, t, lang)?;
    let bytes = wb.save_to_buffer()?;
    w.write_all(&bytes)?;
    w.flush()?;
    Ok(())
}

fn ranking_table(r: &Ranking, lang: Lang) -> (Vec<String>, Vec<Vec<String>>) {
    let h = [
        lang.pick("名次", "Rank"),
        lang.pick("客服", "Agent"),
        lang.pick("姓名", "Name"),
        lang.pick("模板", "Template"),
        lang.pick("指标得分", "KPI score"),
        lang.pick("扣分", "Penalties"),
        lang.pick("加分", "Bonus points"),
        lang.pick("总分", "Total"),
        lang.pick("等级", "Grade"),
        lang.pick("奖金", "Bonus"),
        lang.pick("主管评语", "Supervisor comment"),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let rows = r
        .sheets
        .iter()
        .map(|s| {
            vec![
                s.rank.to_string(),
                neutralise_cell(&s.agent).into_owned(),
                neutralise_cell(&s.name).into_owned(),
                neutralise_cell(&s.template).into_owned(),
                format!("{:.2}", s.kpi_score),
                format!("{:.2}", s.penalty),
                format!("{:.2}", s.bonus_points),
                format!("{:.2}", s.total),
                neutralise_cell(&s.grade).into_owned(),
                s.bonus.plain(),
                neutralise_cell(&s.comment).into_owned(),
            ]
        })
        .collect();
    (h, rows)
}

/// Writes the team ranking of an appraisal as CSV (UTF-8 with BOM, CRLF).
pub fn ranking_csv<W: Write>(mut w: W, r: &Ranking, lang: Lang) -> Result<(), ExportError> {
    w.write_all(b"\xEF\xBB\xBF")?;
    let mut out = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(w);
    let map = |e: csv::Error| ExportError::Io(io::Error::other(e.to_string()));
    let (h, rows) = ranking_table(r, lang);
    out.write_record(&h).map_err(map)?;
    for row in rows {
        out.write_record(&row).map_err(map)?;
    }
    out.flush()?;
    Ok(())
}

/// Writes the team ranking as XLSX (scores with two decimals, bonus as money).
pub fn ranking_xlsx<W: Write>(mut w: W, r: &Ranking, lang: Lang) -> Result<(), ExportError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    page_setup(ws)?;
    let (h, rows) = ranking_table(r, lang);
    let bold = Format::new().set_bold();
    for (c, s) in h.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, s, &bold)?;
    }
    let two = Format::new().set_num_format("0.00");
    let money = Format::new().set_num_format("#,##0.00");
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c16 = c as u16;
            match c {
                0 => ws.write_number(r, c16, cell.parse::<f64>().unwrap_or(0.0)).map(|_| ())?,
                4..=7 => ws
                    .write_number_with_format(r, c16, cell.parse::<f64>().unwrap_or(0.0), &two)
                    .map(|_| ())?,
                9 => ws
                    .write_number_with_format(r, c16, cell.parse::<f64>().unwrap_or(0.0), &money)
                    .map(|_| ())?,
                _ => ws.write_string(r, c16, cell).map(|_| ())?,
            }
        }
    }
    ws.set_column_width(1, 22)?;
    ws.set_column_width(10, 40)?;
    let bytes = wb.save_to_buffer()?;
    w.write_all(&bytes)?;
    w.flush()?;
    Ok(())
}
