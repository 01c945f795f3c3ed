//! Typed rows from raw rows: the [`Builder`] of each [`Layout`], and [`Cells`], the reader
//! of one row's fields that records per-column results and row errors uniformly.
//!
//! The table builders (orders, sub-orders, refunds, reviews, agent stats, staff, attendance)
//! live in `rows/tables.rs`; the chat table builders in `super::chat`.

use chrono::NaiveDate;

use super::schema::{Field, Layout};
use super::table::Record;
use super::{ColumnReport, ErrorSink, Mapping, Problem, RowError, clean};
use crate::model::{DatasetData, Period};
use crate::{Money, Ts};

/// What the builders know about the file beyond the row itself.
#[derive(Clone, Debug)]
pub struct BuildCtx<'a> {
    pub file: &'a str,
    pub header: &'a [String],
    pub mapping: &'a Mapping,
    /// A period found in the file name (`…2026-10-19至2026-11-15.xlsx`), for reports whose
    /// rows carry no dates.
    pub period_hint: Option<Period>,
}

/// What happened to one row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowOutcome {
    /// Became a record (or several: a transcript row gives many messages).
    Kept,
    /// Skipped on purpose: blank, a 汇总/均值 summary row, a repeated header.
    Skipped,
    /// Rejected with at least one error.
    Rejected,
}

/// Per-field counts and the row errors, filled while building.
#[derive(Clone, Debug, Default)]
pub struct RowSink {
    pub errors: ErrorSink,
    /// One entry per field of the layout, in field order.
    pub columns: Vec<ColumnReport>,
}

impl RowSink {
    pub fn new(layout: Layout, header: &[String], mapping: &Mapping) -> RowSink {
        let columns = layout
            .fields()
            .iter()
            .enumerate()
            .map(|(i, f)| ColumnReport {
                field: f.key.to_owned(),
                source: mapping
                    .columns
                    .get(i)
                    .copied()
                    .flatten()
                    .map(|c| (c, header.get(c).cloned().unwrap_or_default())),
                ..ColumnReport::default()
            })
            .collect();
        RowSink { errors: ErrorSink::default(), columns }
    }
}

/// Turns raw rows of one layout into a dataset.
pub trait Builder {
    /// Handles one raw data row (`row_no` is 1-based, as a spreadsheet shows it).
    fn push(&mut self, rec: &Record, row_no: u64, sink: &mut RowSink) -> RowOutcome;
    /// Records built so far (messages for chats).
    fn rows(&self) -> u64;
    /// The dataset.
    fn finish(self: Box<Self>) -> DatasetData;
}

mod tables;

/// The builder for `layout`.
pub fn builder(layout: Layout, ctx: &BuildCtx<'_>) -> Box<dyn Builder> {
    match layout {
        Layout::ChatRows | Layout::ChatTranscripts => super::chat::table_builder(layout, ctx),
        _ => tables::table_builder(layout, ctx),
    }
}

/// Reads the fields of one row through the mapping. Each accessor counts the cell as ok,
/// blank or bad in the sink, and reports a bad or missing-but-required value as a row error
/// (once per cell). After reading, [`Cells::ok`] says whether the row is usable.
pub struct Cells<'r> {
    rec: &'r Record,
    mapping: &'r [Option<usize>],
    header: &'r [String],
    fields: &'static [Field],
    row_no: u64,
    sink: &'r mut RowSink,
    bad: bool,
}

impl<'r> Cells<'r> {
    pub fn new(
        layout: Layout,
        mapping: &'r Mapping,
        header: &'r [String],
        rec: &'r Record,
        row_no: u64,
        sink: &'r mut RowSink,
    ) -> Cells<'r> {
        Cells { rec, mapping: &mapping.columns, header, fields: layout.fields(), row_no, sink, bad: false }
    }

    /// The raw cell of field `f` (`""` when unmapped or past the row's end).
    pub fn raw(&self, f: usize) -> &'r str {
        match self.mapping.get(f).copied().flatten() {
            Some(c) => self.rec.get(c),
            None => "",
        }
    }

    /// Whether field `f` has a column.
    pub fn mapped(&self, f: usize) -> bool {
        self.mapping.get(f).copied().flatten().is_some()
    }

    /// False once any required value was missing or any value was malformed.
    pub fn ok(&self) -> bool {
        !self.bad
    }

    /// Marks the row rejected with a problem not tied to one cell.
    pub fn reject(&mut self, problem: Problem) {
        self.bad = true;
        self.sink.errors.push(RowError::new(self.row_no, None, "", problem));
    }

    /// Marks field `f` bad with `problem` (for checks beyond parsing, e.g. unknown statuses).
    pub fn fail(&mut self, f: usize, problem: Problem) {
        let raw = self.raw(f);
        self.record::<()>(f, raw, Err(problem));
    }

    fn record<T>(&mut self, f: usize, raw: &str, r: Result<Option<T>, Problem>) -> Option<T> {
        let required = self.fields.get(f).is_some_and(|x| x.required);
        let col = self.sink.columns.get_mut(f);
        match r {
            Ok(Some(v)) => {
                if let Some(c) = col {
                    c.ok += 1;
                }
                Some(v)
            }
            Ok(None) => {
                if let Some(c) = col {
                    c.blank += 1;
                }
                if required {
                    self.bad = true;
                    let name = self.column_name(f);
                    self.sink.errors.push(RowError::new(self.row_no, Some(&name), raw, Problem::Missing));
                }
                None
            }
            Err(p) => {
                if let Some(c) = col {
                    c.bad += 1;
                }
                self.bad = true;
                let name = self.column_name(f);
                self.sink.errors.push(RowError::new(self.row_no, Some(&name), raw, p));
                None
            }
        }
    }

    /// Reports field `f` as required but empty, without counting the cell again (for fields
    /// that are needed only in some rows, or one of a group: a review needs a content or a
    /// rating).
    pub fn missing(&mut self, f: usize) {
        self.bad = true;
        let raw = self.raw(f);
        let name = self.column_name(f);
        self.sink.errors.push(RowError::new(self.row_no, Some(&name), raw, Problem::Missing));
    }

    fn column_name(&self, f: usize) -> String {
        match self.mapping.get(f).copied().flatten().and_then(|c| self.header.get(c)) {
            Some(h) => h.trim().to_owned(),
            None => self.fields.get(f).map(|x| x.zh.to_owned()).unwrap_or_default(),
        }
    }

    pub fn text(&mut self, f: usize) -> Option<String> {
        let raw = self.raw(f);
        self.record(f, raw, Ok(clean::text(raw)))
    }

    /// The cleaned text of field `f` without copying it (`None` when blank), counted like
    /// [`Cells::text`].
    pub fn str(&mut self, f: usize) -> Option<&'r str> {
        let raw = self.raw(f);
        let c = clean::cell(raw);
        self.record(f, raw, Ok((!c.is_empty()).then_some(c)))
    }

    /// Field `f` read by `parse` (same contract as the `clean` parsers: `Ok(None)` when blank).
    pub fn parse<T>(
        &mut self,
        f: usize,
        parse: impl FnOnce(&str) -> Result<Option<T>, Problem>,
    ) -> Option<T> {
        let raw = self.raw(f);
        let r = parse(raw);
        self.record(f, raw, r)
    }

    /// Text, or `""` when blank (for optional free-text fields).
    pub fn text_or_empty(&mut self, f: usize) -> String {
        self.text(f).unwrap_or_default()
    }

    pub fn id(&mut self, f: usize) -> Option<String> {
        let raw = self.raw(f);
        self.record(f, raw, clean::id(raw))
    }

    pub fn money(&mut self, f: usize) -> Option<Money> {
        let raw = self.raw(f);
        self.record(f, raw, clean::money(raw))
    }

    pub fn int(&mut self, f: usize) -> Option<i64> {
        let raw = self.raw(f);
        self.record(f, raw, clean::int(raw))
    }

    pub fn float(&mut self, f: usize) -> Option<f64> {
        let raw = self.raw(f);
        self.record(f, raw, clean::float(raw))
    }

    pub fn percent(&mut self, f: usize) -> Option<f64> {
        let raw = self.raw(f);
        self.record(f, raw, clean::percent(raw))
    }

    pub fn datetime(&mut self, f: usize) -> Option<Ts> {
        let raw = self.raw(f);
        self.record(f, raw, clean::datetime(raw))
    }

    pub fn date(&mut self, f: usize) -> Option<NaiveDate> {
        let raw = self.raw(f);
        self.record(f, raw, clean::date(raw))
    }

    pub fn duration(&mut self, f: usize) -> Option<f64> {
        let raw = self.raw(f);
        self.record(f, raw, clean::duration_secs(raw))
    }

    pub fn yes_no(&mut self, f: usize) -> Option<bool> {
        let raw = self.raw(f);
        self.record(f, raw, clean::yes_no(raw))
    }

    /// A value from a fixed list: `parse` maps cleaned text to a value or `None` (unknown);
    /// `expected` lists the accepted words for the message.
    pub fn choice<T>(&mut self, f: usize, expected: &str, parse: impl Fn(&str) -> Option<T>) -> Option<T> {
        let raw = self.raw(f);
        let c = clean::cell(raw);
        let r = if c.is_empty() {
            Ok(None)
        } else {
            parse(c).map(Some).ok_or_else(|| Problem::Unknown { expected: expected.to_owned() })
        };
        self.record(f, raw, r)
    }
}
