//! Raw rows of delimited text or a spreadsheet, one [`Record`] at a time; no header logic
//! (the caller finds the header).
//!
//! **Delimited text** ([`TableReader::delimited`]) is read with the `csv` crate: no headers,
//! flexible field counts, standard quoting with doubled quotes, blank lines skipped. The input
//! must be UTF-8 (see [`super::encoding::decoder`]); stray invalid bytes become U+FFFD, per
//! field. Between the decoder and the parser sits a guard that
//! - normalises line ends: `\r\n` becomes `\n` and a lone `\r` becomes `\n`, inside quoted
//!   cells too (so a multi-line cell always holds `\n` line breaks), which also lets
//!   [`TableReader::row_no`] count lines as an editor does whatever the line ends;
//! - refuses a record longer than [`MAX_RECORD_BYTES`] (a file without line breaks, or an
//!   unbalanced quote that swallows the rest of the file) with [`FileError::LineTooLong`]
//!   after reading about that much, never buffering more;
//! - refuses a line with an absurd number of delimiters before the parser allocates field
//!   bounds for them.
//!
//! A record with more than [`MAX_COLUMNS`] fields gives [`FileError::TooManyColumns`].
//!
//! **Spreadsheets** ([`TableReader::spreadsheet`]: xlsx, xls, also xlsb and ods) are loaded
//! with `calamine`, one sheet: the first one with at least two filled rows, else the sheet with
//! the most filled rows. Cells become text the way Excel shows them to a supervisor: see
//! [`TableReader::spreadsheet`]. Rows keep Excel's numbers and columns start at column A
//! (leading empty columns are kept as empty cells); entirely empty rows are skipped, as blank
//! lines of text are.

use std::fmt::{self, Write as _};
use std::io::{self, Cursor, Read, Seek, SeekFrom};

use calamine::{Data, DataRef, Ods, Reader, Sheets, Xls, XlsError, Xlsb, Xlsx, XlsxError};
use chrono::{Datelike, NaiveDate};

use super::sniff::{self, Container};
use super::{FileError, MAX_COLUMNS, MAX_RECORD_BYTES, TextEncoding, encoding};

/// One raw row, reused between reads: all cells in one `String`, with the end offset of each
/// cell (like `csv::StringRecord`), so that reading a row allocates nothing once the buffers
/// have grown to the largest row.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Record {
    buf: String,
    ends: Vec<usize>,
}

impl Record {
    pub fn new() -> Record {
        Record::default()
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The cell at `i`, or `""` past the end.
    pub fn get(&self, i: usize) -> &str {
        let Some(&end) = self.ends.get(i) else { return "" };
        let start = if i == 0 { 0 } else { self.ends.get(i - 1).copied().unwrap_or(0) };
        self.buf.get(start..end).unwrap_or("")
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.ends.iter().scan(0usize, move |start, &end| {
            let cell = self.buf.get(*start..end).unwrap_or("");
            *start = end;
            Some(cell)
        })
    }

    /// Every cell is empty or whitespace.
    pub fn is_blank(&self) -> bool {
        // The concatenation is blank exactly when every cell is.
        self.buf.trim().is_empty()
    }

    /// A record holding `cells` (tests, transcripts).
    pub fn from_cells<S: Into<String>>(cells: impl IntoIterator<Item = S>) -> Record {
        let mut r = Record::new();
        for c in cells {
            r.push(&c.into());
        }
        r
    }

    /// The cells as owned strings (for samples and header detection).
    pub fn to_vec(&self) -> Vec<String> {
        self.iter().map(str::to_owned).collect()
    }

    /// Removes all cells, keeping the buffers.
    pub fn clear(&mut self) {
        self.buf.clear();
        self.ends.clear();
    }

    /// Appends a cell.
    pub fn push(&mut self, cell: &str) {
        self.buf.push_str(cell);
        self.ends.push(self.buf.len());
    }

    /// Total length of the cells in bytes.
    pub fn byte_len(&self) -> usize {
        self.buf.len()
    }
}

impl fmt::Debug for Record {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<S: Into<String>> FromIterator<S> for Record {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Record {
        Record::from_cells(iter)
    }
}

/// Buffer of the CSV parser (and so the largest read asked of the decoder).
const CSV_BUFFER: usize = 256 * 1024;

/// Delimiters on one line beyond which the line is refused before the parser sees it all
/// (its field bounds would take gigabytes); [`MAX_COLUMNS`] applies to the parsed record.
const MAX_LINE_DELIMITERS: u64 = 1_000_000;

/// Reads raw rows one at a time.
pub struct TableReader<'a> {
    source: Source<'a>,
    row_no: u64,
}

enum Source<'a> {
    Delimited(Box<Delimited<'a>>),
    Sheet(Box<Sheet>),
}

impl<'a> TableReader<'a> {
    /// Delimited text; `input` yields UTF-8 (see `encoding::decoder`).
    pub fn delimited(file: &str, input: Box<dyn Read + 'a>, delimiter: u8) -> TableReader<'a> {
        let guard = Guard::new(input, delimiter);
        let csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .quoting(true)
            .double_quote(true)
            .buffer_capacity(CSV_BUFFER)
            .from_reader(guard);
        let source =
            Delimited { file: file.to_owned(), csv, raw: csv::ByteRecord::new(), line: 1, done: false };
        TableReader { source: Source::Delimited(Box::new(source)), row_no: 0 }
    }

    /// Delimited text straight from the file's bytes in `encoding`: the same rows as
    /// `delimited(file, encoding::decoder(input, encoding), delimiter)`, faster for UTF-8
    /// (the bytes are validated once, per record, instead of twice).
    pub fn delimited_encoded(
        file: &str,
        input: impl Read + 'a,
        encoding: TextEncoding,
        delimiter: u8,
    ) -> TableReader<'a> {
        let input: Box<dyn Read + 'a> = match encoding {
            TextEncoding::Utf8 => Box::new(encoding::utf8_unvalidated(input)),
            enc => encoding::decoder(input, enc),
        };
        TableReader::delimited(file, input, delimiter)
    }

    /// The first sheet with data of a spreadsheet (xlsx, xls; xlsb and ods too). The input is
    /// read completely from its start (calamine loads the sheet anyway). The sheet is the
    /// first one with at least two filled rows, else the one with the most filled rows.
    ///
    /// Cells become text: strings as they are; whole numbers below 10^15 without a decimal
    /// point (ids, counts); larger numbers in scientific notation (`1.93067985817064E+15`,
    /// which is how Excel damaged the long id and what `clean::id` reports); other numbers
    /// rounded to Excel's 15 significant digits, in shortest form (`128.5`, `0.3`); booleans
    /// `TRUE`/`FALSE`; dates and times `YYYY-MM-DD HH:MM:SS`, or `YYYY-MM-DD` at midnight,
    /// `HH:MM:SS` for a time without a date (serial below 1), durations `HH:MM:SS` with hours
    /// past 24 as needed; errors as Excel writes them (`#DIV/0!`); empty cells `""`.
    ///
    /// A password-protected file gives [`FileError::Encrypted`], anything unreadable
    /// [`FileError::Spreadsheet`].
    pub fn spreadsheet<R: Read + Seek + 'a>(file: &str, mut input: R) -> Result<TableReader<'a>, FileError> {
        let unreadable =
            |e: io::Error| FileError::Unreadable { file: file.to_owned(), detail: e.to_string() };
        input.seek(SeekFrom::Start(0)).map_err(unreadable)?;
        let mut bytes = Vec::new();
        input.read_to_end(&mut bytes).map_err(unreadable)?;
        let loaded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| load_sheet(file, &bytes)));
        let sheet = match loaded {
            Ok(r) => r?,
            Err(_) => {
                return Err(FileError::Spreadsheet {
                    file: file.to_owned(),
                    detail: "the workbook is damaged (the reader failed)".into(),
                });
            }
        };
        Ok(TableReader { source: Source::Sheet(Box::new(Sheet::new(file, sheet))), row_no: 0 })
    }

    /// Reads the next row into `rec`; `Ok(false)` at the end. After an error the reader is at
    /// its end.
    pub fn read(&mut self, rec: &mut Record) -> Result<bool, FileError> {
        match &mut self.source {
            Source::Delimited(d) => d.read(rec, &mut self.row_no),
            Source::Sheet(s) => s.read(rec, &mut self.row_no),
        }
    }

    /// 1-based row number of the row last read, as a spreadsheet or editor shows it (for text:
    /// the line where the record starts; a multi-line quoted cell makes the next number jump).
    pub fn row_no(&self) -> u64 {
        self.row_no
    }
}

// ---------------------------------------------------------------------------------------------
// Delimited text
// ---------------------------------------------------------------------------------------------

struct Delimited<'a> {
    file: String,
    csv: csv::Reader<Guard<Box<dyn Read + 'a>>>,
    raw: csv::ByteRecord,
    /// The parser's line count after the previous record.
    line: u64,
    done: bool,
}

impl Delimited<'_> {
    fn read(&mut self, rec: &mut Record, row_no: &mut u64) -> Result<bool, FileError> {
        if self.done {
            return Ok(false);
        }
        match self.csv.read_byte_record(&mut self.raw) {
            Ok(true) => {}
            Ok(false) => {
                self.done = true;
                return Ok(false);
            }
            Err(e) => {
                self.done = true;
                return Err(self.error(e));
            }
        }
        let pos = self.csv.position();
        let (end, line_after) = (pos.byte(), pos.line());
        let start = self.raw.position().map_or(0, |p| p.byte());
        let guard = self.csv.get_mut();
        // Line ends are all `\n` after the guard. The parser returns a record as soon as it
        // consumes its terminating `\n`; only a record ended by the end of the input (no
        // final line break, or an unclosed quote) made it read to the end.
        let term = u64::from(!guard.eof);
        let lines = line_after.saturating_sub(self.line);
        let inner =
            if lines > term { self.raw.as_slice().iter().filter(|&&b| b == b'\n').count() as u64 } else { 0 };
        *row_no = line_after.saturating_sub(inner + term).max(1);
        guard.record_start = end;
        self.line = line_after;
        if end.saturating_sub(start) > MAX_RECORD_BYTES {
            self.done = true;
            return Err(FileError::LineTooLong {
                file: self.file.clone(),
                line: *row_no,
                limit: MAX_RECORD_BYTES,
            });
        }
        if self.raw.len() > MAX_COLUMNS {
            self.done = true;
            return Err(FileError::TooManyColumns {
                file: self.file.clone(),
                columns: self.raw.len() as u64,
                limit: MAX_COLUMNS as u64,
            });
        }
        fill(rec, &self.raw);
        Ok(true)
    }

    fn error(&self, e: csv::Error) -> FileError {
        let file = self.file.clone();
        match self.csv.get_ref().trip {
            Some(Trip::Long) => FileError::LineTooLong { file, line: self.line, limit: MAX_RECORD_BYTES },
            Some(Trip::Delimiters(n)) => {
                FileError::TooManyColumns { file, columns: n.saturating_add(1), limit: MAX_COLUMNS as u64 }
            }
            None => FileError::Unreadable { file, detail: e.to_string() },
        }
    }
}

/// Copies a parsed record into `rec`; invalid UTF-8 becomes U+FFFD, per field.
fn fill(rec: &mut Record, raw: &csv::ByteRecord) {
    rec.clear();
    if let Ok(s) = std::str::from_utf8(raw.as_slice()) {
        rec.buf.push_str(s);
        let mut end = 0;
        let mut aligned = true;
        for f in raw.iter() {
            end += f.len();
            aligned &= s.is_char_boundary(end);
            rec.ends.push(end);
        }
        if aligned {
            return;
        }
        // A character split between two fields: each field is invalid on its own.
        rec.clear();
    }
    for f in raw.iter() {
        rec.push(&String::from_utf8_lossy(f));
    }
}

/// Position of the first `\r`, eight bytes at a time (most chunks have one per line, or none).
fn find_cr(hay: &[u8]) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    const CR: u64 = LO * b'\r' as u64;
    let mut chunks = hay.chunks_exact(8);
    let mut base = 0;
    for c in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(c);
        let x = u64::from_le_bytes(word) ^ CR;
        // High bit set in the bytes that were `\r` (and possibly above the first one).
        let found = x.wrapping_sub(LO) & !x & HI;
        if found != 0 {
            return Some(base + (found.trailing_zeros() / 8) as usize);
        }
        base += 8;
    }
    chunks.remainder().iter().position(|&b| b == b'\r').map(|p| base + p)
}

/// Why the guard stopped the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Trip {
    Long,
    Delimiters(u64),
}

/// Sits between the decoded text and the CSV parser: normalises line ends and enforces the
/// record-size and delimiter limits (see the module docs).
struct Guard<R> {
    inner: R,
    delimiter: u8,
    /// Bytes handed to the parser.
    passed: u64,
    /// Where the record being parsed started (set after each record).
    record_start: u64,
    /// Delimiters since the last line break.
    delimiters: u64,
    /// A `\r` ended the previous read: whether a `\n` follows is not known yet.
    carry_cr: bool,
    /// The end of the input was handed to the parser.
    eof: bool,
    trip: Option<Trip>,
}

impl<R: Read> Guard<R> {
    fn new(inner: R, delimiter: u8) -> Guard<R> {
        Guard {
            inner,
            delimiter,
            passed: 0,
            record_start: 0,
            delimiters: 0,
            carry_cr: false,
            eof: false,
            trip: None,
        }
    }

    /// `\r\n` → `\n`, lone `\r` → `\n`, in place; a `\r` at the end is carried to the next read
    /// unless the input is at its end. Returns the new length.
    fn normalise(&mut self, buf: &mut [u8], eof: bool) -> usize {
        let n = buf.len();
        let Some(first) = find_cr(buf) else { return n };
        let (mut w, mut r) = (first, first);
        while r < n {
            if buf.get(r) == Some(&b'\r') {
                match buf.get(r + 1) {
                    Some(b'\n') => {}
                    Some(_) => {
                        if let Some(x) = buf.get_mut(w) {
                            *x = b'\n';
                        }
                        w += 1;
                    }
                    None if eof => {
                        if let Some(x) = buf.get_mut(w) {
                            *x = b'\n';
                        }
                        w += 1;
                    }
                    None => self.carry_cr = true,
                }
                r += 1;
            } else {
                let run = buf.get(r..).map_or(0, |s| find_cr(s).unwrap_or(s.len()));
                buf.copy_within(r..r + run, w);
                w += run;
                r += run;
            }
        }
        w
    }

    fn account(&mut self, chunk: &[u8]) -> Option<Trip> {
        self.passed += chunk.len() as u64;
        let d = self.delimiter;
        match chunk.iter().rposition(|&b| b == b'\n') {
            Some(p) => {
                self.delimiters =
                    chunk.get(p + 1..).map_or(0, |t| t.iter().filter(|&&b| b == d).count() as u64);
            }
            None => self.delimiters += chunk.iter().filter(|&&b| b == d).count() as u64,
        }
        if self.passed.saturating_sub(self.record_start) > MAX_RECORD_BYTES + CSV_BUFFER as u64 {
            Some(Trip::Long)
        } else if self.delimiters > MAX_LINE_DELIMITERS {
            Some(Trip::Delimiters(self.delimiters))
        } else {
            None
        }
    }
}

impl<R: Read> Read for Guard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.trip.is_some() {
            return Err(io::Error::other("import limit exceeded"));
        }
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            let mut n = 0;
            if self.carry_cr {
                self.carry_cr = false;
                if let Some(b) = buf.first_mut() {
                    *b = b'\r';
                    n = 1;
                }
                if buf.len() == 1 {
                    // No room to look ahead (the parser never asks for so little): hand the
                    // `\r` over as it is; the parser still treats it as a line end.
                    self.passed += 1;
                    return Ok(1);
                }
            }
            let got = loop {
                match self.inner.read(buf.get_mut(n..).unwrap_or_default()) {
                    Ok(k) => break k,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            };
            n += got;
            if n == 0 {
                self.eof = true;
                return Ok(0);
            }
            let m = match buf.get_mut(..n) {
                Some(b) => self.normalise(b, got == 0),
                None => 0,
            };
            if m == 0 {
                // Only a carried `\r` so far.
                continue;
            }
            if let Some(trip) = self.account(buf.get(..m).unwrap_or_default()) {
                self.trip = Some(trip);
                return Err(io::Error::other("import limit exceeded"));
            }
            return Ok(m);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Spreadsheets
// ---------------------------------------------------------------------------------------------

type Book<'b> = Sheets<Cursor<&'b [u8]>>;

/// Opens the workbook and turns the sheet to read into text.
fn load_sheet(file: &str, bytes: &[u8]) -> Result<SheetText, FileError> {
    let mut book = open_book(file, bytes)?;
    pick_sheet(&mut book).map_err(|detail| FileError::Spreadsheet { file: file.to_owned(), detail })
}

fn open_book<'b>(file: &str, bytes: &'b [u8]) -> Result<Book<'b>, FileError> {
    let spreadsheet = |detail: String| FileError::Spreadsheet { file: file.to_owned(), detail };
    let encrypted = || FileError::Encrypted { file: file.to_owned() };
    let cursor = || Cursor::new(bytes);
    match sniff::container(bytes.get(..bytes.len().min(4096)).unwrap_or_default()) {
        Container::Empty => Err(FileError::Empty { file: file.to_owned() }),
        Container::Ole2 => {
            check_ole2(bytes).map_err(spreadsheet)?;
            match Xls::new(cursor()) {
                Ok(x) => Ok(Sheets::Xls(x)),
                Err(XlsError::Password) => Err(encrypted()),
                // An encrypted xlsx is an OLE2 file holding an `EncryptedPackage`.
                Err(xls_err) => match Xlsx::new(cursor()) {
                    Err(XlsxError::Password) => Err(encrypted()),
                    Ok(x) => Ok(Sheets::Xlsx(x)),
                    Err(_) => Err(spreadsheet(xls_err.to_string())),
                },
            }
        }
        Container::Zip => match Xlsx::new(cursor()) {
            Ok(x) => Ok(Sheets::Xlsx(x)),
            Err(XlsxError::Password) => Err(encrypted()),
            Err(xlsx_err) => {
                if let Ok(x) = Xlsb::new(cursor()) {
                    Ok(Sheets::Xlsb(x))
                } else if let Ok(x) = Ods::new(cursor()) {
                    Ok(Sheets::Ods(x))
                } else {
                    Err(spreadsheet(xlsx_err.to_string()))
                }
            }
        },
        Container::Text | Container::Binary => Err(spreadsheet("not an Excel workbook".into())),
    }
}

/// A sheet as text: its non-empty cells in row-major order, all texts in one buffer.
#[derive(Default)]
struct SheetText {
    text: String,
    cells: Vec<SheetCell>,
}

/// A non-empty cell: 0-based position and its text's span in [`SheetText::text`].
#[derive(Clone, Copy)]
struct SheetCell {
    row: u32,
    col: u32,
    start: usize,
    end: usize,
}

impl SheetText {
    fn push(&mut self, row: u32, col: u32, write: impl FnOnce(&mut String)) {
        let start = self.text.len();
        write(&mut self.text);
        let end = self.text.len();
        if end > start {
            self.cells.push(SheetCell { row, col, start, end });
        }
    }

    /// Sorts the cells row by row (readers give them so, but a file may not).
    fn finish(mut self) -> SheetText {
        if !self.cells.is_sorted_by_key(|c| (c.row, c.col)) {
            self.cells.sort_by_key(|c| (c.row, c.col));
        }
        self
    }

    fn filled_rows(&self) -> usize {
        self.cells.chunk_by(|a, b| a.row == b.row).count()
    }
}

/// The text of sheet `index` (named `name`); `None` when it is not a worksheet.
fn sheet_text(book: &mut Book<'_>, index: usize, name: &str) -> Result<Option<SheetText>, String> {
    let mut st = SheetText::default();
    match book {
        Sheets::Xlsx(x) => {
            // Cell by cell: a sheet with two cells far apart must not become a dense range.
            let mut cells = match x.worksheet_cells_reader(name) {
                Ok(r) => r,
                Err(XlsxError::NotAWorksheet(_)) => return Ok(None),
                Err(e) => return Err(e.to_string()),
            };
            while let Some(cell) = cells.next_cell().map_err(|e| e.to_string())? {
                let (r, c) = cell.get_position();
                st.push(r, c, |buf| write_cell_ref(buf, cell.get_value()));
            }
        }
        Sheets::Xlsb(x) => {
            let mut cells = x.worksheet_cells_reader(name).map_err(|e| e.to_string())?;
            while let Some(cell) = cells.next_cell().map_err(|e| e.to_string())? {
                let (r, c) = cell.get_position();
                st.push(r, c, |buf| write_cell_ref(buf, cell.get_value()));
            }
        }
        Sheets::Xls(_) | Sheets::Ods(_) => {
            let range = match book.worksheet_range_at(index) {
                Some(r) => r.map_err(|e| e.to_string())?,
                None => return Ok(None),
            };
            let (r0, c0) = range.start().unwrap_or((0, 0));
            for (r, c, v) in range.used_cells() {
                let (r, c) = (r0.saturating_add(r as u32), c0.saturating_add(c as u32));
                st.push(r, c, |buf| write_cell(buf, v));
            }
        }
    }
    Ok(Some(st.finish()))
}

/// The first worksheet with at least two filled rows, else the one with the most.
fn pick_sheet(book: &mut Book<'_>) -> Result<SheetText, String> {
    let worksheets: Vec<(usize, String)> = book
        .sheets_metadata()
        .iter()
        .enumerate()
        .filter(|(_, s)| s.typ == calamine::SheetType::WorkSheet)
        .map(|(i, s)| (i, s.name.clone()))
        .collect();
    let mut best: Option<(usize, SheetText)> = None;
    let mut first_error = None;
    for (n, (i, name)) in worksheets.into_iter().enumerate() {
        let st = match sheet_text(book, i, &name) {
            Ok(Some(st)) => st,
            Ok(None) => continue,
            Err(e) => {
                first_error.get_or_insert(e);
                continue;
            }
        };
        let filled = st.filled_rows();
        if n == 0 && filled >= 2 {
            return Ok(st);
        }
        if best.as_ref().is_none_or(|(b, _)| filled > *b) {
            best = Some((filled, st));
        }
    }
    match (best, first_error) {
        (Some((_, st)), _) => Ok(st),
        (None, Some(e)) => Err(e),
        (None, None) => Ok(SheetText::default()),
    }
}

/// Refuses an OLE2 compound file whose sector chains loop or point outside their tables:
/// calamine follows chains without a bound (a loop would allocate until memory runs out) and
/// indexes its tables with ids from the file.
fn check_ole2(b: &[u8]) -> Result<(), String> {
    const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
    const RESERVED: u32 = 0xFFFF_FFFA;
    const DIF_SECTOR: u32 = 0xFFFF_FFFC;
    let damaged = || "damaged compound file (broken sector chains)".to_string();
    let u16_at = |o: usize| b.get(o..o + 2).map(|s| u16::from_le_bytes([s[0], s[1]]));
    let u32_at = |o: usize| b.get(o..o + 4).map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]));
    let words = |s: &[u8]| -> Vec<u32> {
        s.chunks_exact(4).map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]])).collect()
    };
    let ss: usize = match u16_at(30) {
        Some(9) => 512,
        Some(12) => 4096,
        _ => return Err(damaged()),
    };
    if u16_at(32) != Some(6) {
        return Err(damaged());
    }
    let sectors = (b.len() / ss).saturating_sub(1);
    let sector = |id: u32| -> Option<&[u8]> {
        let start = (id as usize).checked_add(1)?.checked_mul(ss)?;
        b.get(start..start.checked_add(ss)?)
    };
    let field = |o: usize| u32_at(o).ok_or_else(damaged);
    let (fat_start_dir, mini_fat_start, mini_fat_len, difat_start) =
        (field(48)?, field(60)?, field(64)?, field(68)?);

    // DIFAT: 109 entries in the header, then a chain whose last word links on.
    let mut difat: Vec<u32> = b.get(76..512).map(words).unwrap_or_default();
    let mut next = difat_start;
    let mut steps = 0usize;
    while next < RESERVED {
        steps += 1;
        if steps > sectors + 1 {
            return Err(damaged());
        }
        difat.extend(words(sector(next).ok_or_else(damaged)?));
        next = difat.pop().ok_or_else(damaged)?;
    }
    let mut fat = Vec::new();
    for id in difat.into_iter().filter(|&id| id < DIF_SECTOR) {
        fat.extend(words(sector(id).ok_or_else(damaged)?));
    }

    // Follows a chain as calamine does: read sector `id`; stop once `len` bytes are read or at
    // the end of the chain; else go on to `table[id]`. Returns the sectors read.
    let walk = |start: u32, table: &[u32], len: usize, unit: usize| -> Result<Vec<u32>, String> {
        let mut ids = Vec::new();
        let mut id = start;
        while id != END_OF_CHAIN {
            ids.push(id);
            if ids.len().saturating_mul(unit) >= len {
                break;
            }
            id = *table.get(id as usize).ok_or_else(damaged)?;
            if ids.len() > table.len() {
                return Err(damaged());
            }
        }
        Ok(ids)
    };

    let mut dir = Vec::new();
    for id in walk(fat_start_dir, &fat, usize::MAX, ss)? {
        dir.extend_from_slice(sector(id).ok_or_else(damaged)?);
    }
    // (start, size) of every directory entry.
    let entries: Vec<(u32, u64)> = dir
        .chunks_exact(128)
        .map(|e| {
            let start = u32::from_le_bytes([e[116], e[117], e[118], e[119]]);
            let size = if ss == 512 {
                u64::from(u32::from_le_bytes([e[120], e[121], e[122], e[123]]))
            } else {
                u64::from_le_bytes([e[120], e[121], e[122], e[123], e[124], e[125], e[126], e[127]])
            };
            (start, size)
        })
        .collect();
    let &(root_start, root_size) = entries.first().ok_or_else(damaged)?;
    let size_of = |s: u64| usize::try_from(s).ok().filter(|&s| s <= u32::MAX as usize).ok_or_else(damaged);

    let mut mini_fat = Vec::new();
    if mini_fat_len > 0 {
        walk(root_start, &fat, size_of(root_size)?, ss)?;
        let len = (mini_fat_len as usize).saturating_mul(ss);
        for id in walk(mini_fat_start, &fat, len, ss)? {
            mini_fat.extend(words(sector(id).ok_or_else(damaged)?));
        }
    }
    for &(start, size) in entries.iter().skip(1) {
        let size = size_of(size)?;
        if size == 0 {
            continue;
        }
        if size < 4096 {
            if !mini_fat.is_empty() {
                walk(start, &mini_fat, size, 64)?;
            }
        } else {
            walk(start, &fat, size, ss)?;
        }
    }
    Ok(())
}

struct Sheet {
    file: String,
    st: SheetText,
    /// Next cell to read.
    next: usize,
    /// Cells per row: up to the last filled column of the sheet (capped).
    width: usize,
}

impl Sheet {
    fn new(file: &str, st: SheetText) -> Sheet {
        let max_col = st.cells.iter().map(|c| c.col as usize).max();
        let width = max_col.map_or(0, |c| (c + 1).min(MAX_COLUMNS));
        Sheet { file: file.to_owned(), st, next: 0, width }
    }

    fn read(&mut self, rec: &mut Record, row_no: &mut u64) -> Result<bool, FileError> {
        let cells = self.st.cells.get(self.next..).unwrap_or_default();
        let Some(row) = cells.first().map(|c| c.row) else { return Ok(false) };
        let n = cells.iter().take_while(|c| c.row == row).count();
        let run = cells.get(..n).unwrap_or_default();
        self.next += n;
        *row_no = u64::from(row) + 1;
        if let Some(last) = run.last().filter(|c| c.col as usize >= MAX_COLUMNS) {
            self.next = self.st.cells.len();
            return Err(FileError::TooManyColumns {
                file: self.file.clone(),
                columns: u64::from(last.col) + 1,
                limit: MAX_COLUMNS as u64,
            });
        }
        rec.clear();
        for c in run {
            let col = c.col as usize;
            if col < rec.len() {
                // The same position twice: keep the first.
                continue;
            }
            while rec.len() < col {
                rec.push("");
            }
            rec.push(self.st.text.get(c.start..c.end).unwrap_or(""));
        }
        while rec.len() < self.width {
            rec.push("");
        }
        Ok(true)
    }
}

/// A cell as text, from calamine's cell readers.
fn write_cell_ref(buf: &mut String, cell: &DataRef<'_>) {
    match cell {
        DataRef::String(s) => buf.push_str(s),
        DataRef::SharedString(s) => buf.push_str(s),
        DataRef::Empty => {}
        other => write_cell(buf, &Data::from(other.clone())),
    }
}

/// A cell as text (see [`TableReader::spreadsheet`]).
fn write_cell(buf: &mut String, cell: &Data) {
    match cell {
        Data::Empty => {}
        Data::String(s) => buf.push_str(s),
        Data::Int(i) => {
            let _ = write!(buf, "{i}");
        }
        Data::Float(f) => write_number(buf, *f),
        Data::Bool(b) => buf.push_str(if *b { "TRUE" } else { "FALSE" }),
        Data::Error(e) => {
            let _ = write!(buf, "{e}");
        }
        Data::DateTime(dt) => {
            let serial = dt.as_f64();
            if dt.is_duration() {
                write_duration(buf, serial);
            } else {
                let is_1904 =
                    *dt == calamine::ExcelDateTime::new(serial, calamine::ExcelDateTimeType::DateTime, true);
                write_datetime(buf, serial, is_1904);
            }
        }
        Data::DateTimeIso(s) => {
            let s = s.strip_suffix('Z').unwrap_or(s);
            match s.split_once('T') {
                Some((d, "00:00:00")) => buf.push_str(d),
                Some((d, t)) => {
                    buf.push_str(d);
                    buf.push(' ');
                    buf.push_str(t);
                }
                None => buf.push_str(s),
            }
        }
        Data::DurationIso(s) => buf.push_str(s),
    }
}

/// Whole numbers below 10^15 as integers; larger ones in scientific notation; the rest
/// rounded to 15 significant digits, shortest form.
fn write_number(buf: &mut String, v: f64) {
    if !v.is_finite() {
        let _ = write!(buf, "{v}");
        return;
    }
    if v.abs() >= 1e15 {
        // `1.93067985817064E15` → `1.93067985817064E+15`, as Excel shows it.
        let s = format!("{v:E}");
        match s.split_once('E') {
            Some((m, e)) if !e.starts_with('-') => {
                let _ = write!(buf, "{m}E+{e}");
            }
            _ => buf.push_str(&s),
        }
        return;
    }
    let rounded = format!("{v:.14e}").parse::<f64>().unwrap_or(v);
    if rounded.fract() == 0.0 {
        let _ = write!(buf, "{}", rounded as i64);
    } else {
        let _ = write!(buf, "{rounded}");
    }
}

/// Days from 1899-12-30 (Excel's day 0) to 1904-01-01 (day 0 of the 1904 date system).
const DAYS_1904: i64 = 1462;

fn write_datetime(buf: &mut String, serial: f64, is_1904: bool) {
    // Excel's range: 1900-01-00 to 9999-12-31.
    if !serial.is_finite() || !(0.0..2_958_466.0).contains(&serial) {
        write_number(buf, serial);
        return;
    }
    let secs = (serial * 86_400.0).round() as i64;
    let (mut days, tod) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (h, m, s) = (tod / 3600, tod % 3600 / 60, tod % 60);
    if days == 0 && !is_1904 {
        let _ = write!(buf, "{h:02}:{m:02}:{s:02}");
        return;
    }
    if is_1904 {
        days += DAYS_1904;
    } else if days < 60 {
        // Excel counts a 29 February 1900 that did not exist: before it, serials are one day
        // ahead of the calendar from 1899-12-30; day 60 itself shows as 1900-02-28.
        days += 1;
    }
    let Some(date) = NaiveDate::from_ymd_opt(1899, 12, 30)
        .and_then(|e| e.checked_add_days(chrono::Days::new(days as u64)))
    else {
        write_number(buf, serial);
        return;
    };
    let _ = write!(buf, "{:04}-{:02}-{:02}", date.year(), date.month(), date.day());
    if tod != 0 {
        let _ = write!(buf, " {h:02}:{m:02}:{s:02}");
    }
}

fn write_duration(buf: &mut String, serial: f64) {
    if !serial.is_finite() || serial.abs() > 1e9 {
        write_number(buf, serial);
        return;
    }
    let secs = (serial * 86_400.0).round() as i64;
    if secs < 0 {
        buf.push('-');
    }
    let secs = secs.unsigned_abs();
    let _ = write!(buf, "{:02}:{:02}:{:02}", secs / 3600, secs % 3600 / 60, secs % 60);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader(text: &str) -> TableReader<'static> {
        TableReader::delimited("t.csv", Box::new(Cursor::new(text.as_bytes().to_vec())), b',')
    }

    /// All rows as (row number, cells).
    fn rows(mut r: TableReader<'_>) -> Result<Vec<(u64, Vec<String>)>, FileError> {
        let mut rec = Record::new();
        let mut out = Vec::new();
        while r.read(&mut rec)? {
            out.push((r.row_no(), rec.to_vec()));
        }
        Ok(out)
    }

    fn cells(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn record_basics() {
        let r = Record::from_cells(["a", "", "订单 "]);
        assert_eq!(r.len(), 3);
        assert_eq!(r.get(0), "a");
        assert_eq!(r.get(1), "");
        assert_eq!(r.get(2), "订单 ");
        assert_eq!(r.get(3), "");
        assert_eq!(r.iter().collect::<Vec<_>>(), ["a", "", "订单 "]);
        assert!(!r.is_blank());
        assert!(Record::from_cells([" ", "\t", ""]).is_blank());
        assert!(Record::new().is_blank());
        assert!(Record::new().is_empty());
        assert_eq!(format!("{r:?}"), r#"["a", "", "订单 "]"#);
        let mut r2 = r.clone();
        r2.clear();
        assert_eq!(r2.len(), 0);
        assert_eq!(r2.get(0), "");
    }

    #[test]
    fn quotes_newlines_and_line_numbers() {
        let text = "h1,h2,h3\r\n\
                    1,\"a, b\",\"say \"\"hi\"\"\"\r\n\
                    \r\n\
                    2,\"two\r\nlines\",x\r\n\
                    3,=\"1930679858170647\",\r\n\
                    4,last";
        let got = rows(reader(text)).unwrap();
        assert_eq!(
            got,
            vec![
                (1, cells(&["h1", "h2", "h3"])),
                (2, cells(&["1", "a, b", "say \"hi\""])),
                (4, cells(&["2", "two\nlines", "x"])),
                (6, cells(&["3", "=\"1930679858170647\"", ""])),
                (7, cells(&["4", "last"])),
            ]
        );
    }

    #[test]
    fn mixed_line_ends() {
        let text = "a,b\nc,d\r\ne,f\rg,h\r\r\ni,\"j\rk\"\n\nl";
        let got = rows(reader(text)).unwrap();
        assert_eq!(
            got,
            vec![
                (1, cells(&["a", "b"])),
                (2, cells(&["c", "d"])),
                (3, cells(&["e", "f"])),
                (4, cells(&["g", "h"])),
                (6, cells(&["i", "j\nk"])),
                (9, cells(&["l"])),
            ]
        );
        // The same through one-byte reads, so that `\r\n` is split between reads.
        struct Slow<'s>(&'s [u8]);
        impl Read for Slow<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = buf.len().min(1).min(self.0.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let slow = TableReader::delimited("t.csv", Box::new(Slow(text.as_bytes())), b',');
        assert_eq!(rows(slow).unwrap(), got);
        // A file ending in `\r`.
        assert_eq!(rows(reader("a\r")).unwrap(), vec![(1, cells(&["a"]))]);
        assert_eq!(rows(reader("a\r\nb\r\n")).unwrap(), vec![(1, cells(&["a"])), (2, cells(&["b"]))]);
    }

    #[test]
    fn other_delimiters_and_junk() {
        let r = TableReader::delimited("t.tsv", Box::new(Cursor::new(b"a\tb,c\t\"d\te\"\n".to_vec())), b'\t');
        assert_eq!(rows(r).unwrap(), vec![(1, cells(&["a", "b,c", "d\te"]))]);
        // Invalid UTF-8 becomes U+FFFD per field; NULs pass through.
        let r =
            TableReader::delimited("t.csv", Box::new(Cursor::new(b"a\xFF,\xE8\xAE,\xA2\0\n".to_vec())), b',');
        assert_eq!(rows(r).unwrap(), vec![(1, cells(&["a\u{FFFD}", "\u{FFFD}", "\u{FFFD}\0"]))]);
        assert_eq!(rows(reader("")).unwrap(), vec![]);
        assert_eq!(rows(reader("\n\r\n\r")).unwrap(), vec![]);
        // Any delimiter byte, even absurd ones, reads without panicking.
        for d in 0..=255u8 {
            let text = "a,b;\"c\"\"d\"\r\n\te|f\0\n\r\"unclosed";
            let r = TableReader::delimited("t.csv", Box::new(Cursor::new(text.as_bytes().to_vec())), d);
            let _ = rows(r);
        }
        // A BOM in the middle stays a character.
        assert_eq!(rows(reader("a,\u{FEFF}b\n")).unwrap(), vec![(1, cells(&["a", "\u{FEFF}b"]))]);
    }

    #[test]
    fn unbalanced_quote_runs_to_the_end() {
        let got = rows(reader("a,b\n1,\"x\n2,y\n3,z\n")).unwrap();
        assert_eq!(got, vec![(1, cells(&["a", "b"])), (2, cells(&["1", "x\n2,y\n3,z\n"]))]);
    }

    #[test]
    fn long_line_under_the_limit() {
        let cell = "订".repeat(350_000);
        let text = format!("a,b\n1,{cell}\n2,x\n");
        let got = rows(reader(&text)).unwrap();
        assert_eq!(got.len(), 3);
        assert_eq!(got[1].1[1].len(), cell.len());
        assert_eq!(got[2], (3, cells(&["2", "x"])));
    }

    #[test]
    fn limits() {
        // Too many columns.
        let wide = format!("{}\n", ",".repeat(100_000));
        let err = rows(reader(&wide)).unwrap_err();
        assert!(matches!(err, FileError::TooManyColumns { columns: 100_001, .. }), "{err:?}");
        let ok = format!("{}\n", ",".repeat(MAX_COLUMNS - 1));
        assert_eq!(rows(reader(&ok)).unwrap()[0].1.len(), MAX_COLUMNS);
        // I/O errors.
        struct Broken;
        impl Read for Broken {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::Error::other("disk on fire"))
            }
        }
        let err = rows(TableReader::delimited("t.csv", Box::new(Broken), b',')).unwrap_err();
        assert!(
            matches!(&err, FileError::Unreadable { detail, .. } if detail.contains("disk on fire")),
            "{err:?}"
        );
    }

    /// An endless line and an endless quoted cell stop after about the limit, without
    /// buffering the whole input.
    #[test]
    fn endless_records_stop_early() {
        struct Endless {
            produced: u64,
            pattern: &'static [u8],
        }
        impl Read for Endless {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                for (i, b) in buf.iter_mut().enumerate() {
                    *b = self.pattern[(self.produced as usize + i) % self.pattern.len()];
                }
                self.produced += buf.len() as u64;
                assert!(self.produced < 4 * MAX_RECORD_BYTES, "read far too much");
                Ok(buf.len())
            }
        }
        let cases: [(&[u8], &'static [u8]); 4] = [
            (b"h1,h2\n", b"abcdefgh"),
            (b"h1,h2\n\"", b"x\ny\r\n"),
            (b"h1,h2\n", b",,,,"),
            (b"h1,h2\n", b"a,"),
        ];
        for (prefix, pattern) in cases {
            let text = prefix.to_vec();
            let input = Cursor::new(text).chain(Endless { produced: 0, pattern });
            let mut r = TableReader::delimited("big.csv", Box::new(input), b',');
            let mut rec = Record::new();
            assert!(r.read(&mut rec).unwrap());
            let err = r.read(&mut rec).unwrap_err();
            match err {
                FileError::LineTooLong { line, .. } => assert_eq!(line, 2),
                FileError::TooManyColumns { columns, .. } => assert!(columns > MAX_LINE_DELIMITERS),
                e => panic!("{e:?}"),
            }
            assert!(!r.read(&mut rec).unwrap());
        }
    }

    #[test]
    fn find_cr_finds_the_first() {
        for len in 0..40 {
            for at in 0..len {
                let mut v = vec![b'a'; len];
                v[at] = b'\r';
                if at + 3 < len {
                    v[at + 3] = b'\r';
                }
                v.iter_mut().skip(at + 5).for_each(|b| *b = 0x8D);
                assert_eq!(find_cr(&v), Some(at), "len {len} at {at}");
            }
            assert_eq!(find_cr(&vec![0x8D; len]), None);
        }
    }

    // ---- spreadsheets ----

    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

    fn xlsx(build: impl FnOnce(&mut Workbook)) -> Vec<u8> {
        let mut wb = Workbook::new();
        build(&mut wb);
        wb.save_to_buffer().unwrap()
    }

    fn sheet_rows(bytes: Vec<u8>) -> Result<Vec<(u64, Vec<String>)>, FileError> {
        rows(TableReader::spreadsheet("t.xlsx", Cursor::new(bytes))?)
    }

    #[test]
    fn spreadsheet_cells() {
        let bytes = xlsx(|wb| {
            let ws = wb.add_worksheet();
            let date = Format::new().set_num_format("yyyy-mm-dd");
            let datetime = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
            let time = Format::new().set_num_format("hh:mm");
            let duration = Format::new().set_num_format("[h]:mm:ss");
            ws.write_string(2, 1, "订单编号").unwrap();
            ws.write_string(2, 2, "金额").unwrap();
            ws.write_string(2, 3, "时间").unwrap();
            ws.write_number(3, 1, 1930679858170640.0).unwrap();
            ws.write_number(3, 2, 128.5).unwrap();
            ws.write_datetime_with_format(3, 3, ExcelDateTime::from_ymd(2026, 10, 19).unwrap(), &date)
                .unwrap();
            ws.write_number(4, 1, 123456789012345.0).unwrap();
            ws.write_number(4, 2, 0.1 + 0.2).unwrap();
            let dt = ExcelDateTime::from_ymd(2026, 10, 19).unwrap().and_hms(9, 5, 3).unwrap();
            ws.write_datetime_with_format(4, 3, dt, &datetime).unwrap();
            ws.write_boolean(5, 1, true).unwrap();
            ws.write_number(5, 2, -3.0).unwrap();
            ws.write_datetime_with_format(5, 3, ExcelDateTime::from_hms(8, 57, 0).unwrap(), &time).unwrap();
            ws.write_formula(6, 1, rust_xlsxwriter::Formula::new("=1/0").set_result("#DIV/0!")).unwrap();
            ws.write_number_with_format(6, 3, 1.0 + 1.0 / 48.0, &duration).unwrap();
            ws.write_string(8, 1, "尾").unwrap();
            ws.write_number(8, 2, 2.9999999999999996).unwrap();
        });
        let got = sheet_rows(bytes).unwrap();
        assert_eq!(
            got,
            vec![
                (3, cells(&["", "订单编号", "金额", "时间"])),
                (4, cells(&["", "1.93067985817064E+15", "128.5", "2026-10-19"])),
                (5, cells(&["", "123456789012345", "0.3", "2026-10-19 09:05:03"])),
                (6, cells(&["", "TRUE", "-3", "08:57:00"])),
                (7, cells(&["", "#DIV/0!", "", "24:30:00"])),
                (9, cells(&["", "尾", "3", ""])),
            ]
        );
    }

    #[test]
    fn spreadsheet_sheet_choice() {
        // The first sheet holds only a title: the fullest sheet is read.
        let bytes = xlsx(|wb| {
            wb.add_worksheet().write_string(0, 0, "说明").unwrap();
            let ws = wb.add_worksheet();
            ws.write_string(0, 0, "a").unwrap();
            ws.write_string(1, 0, "b").unwrap();
            let ws = wb.add_worksheet();
            for r in 0..5 {
                ws.write_string(r, 0, "c").unwrap();
            }
        });
        let got = sheet_rows(bytes).unwrap();
        assert_eq!(got.len(), 5);
        // The first sheet with data wins when it has rows.
        let bytes = xlsx(|wb| {
            let ws = wb.add_worksheet();
            ws.write_string(0, 0, "h").unwrap();
            ws.write_string(1, 0, "v").unwrap();
            let ws = wb.add_worksheet();
            for r in 0..5 {
                ws.write_string(r, 0, "c").unwrap();
            }
        });
        assert_eq!(sheet_rows(bytes).unwrap(), vec![(1, cells(&["h"])), (2, cells(&["v"]))]);
        // An empty workbook has no rows.
        let bytes = xlsx(|wb| {
            wb.add_worksheet();
        });
        assert_eq!(sheet_rows(bytes).unwrap(), vec![]);
    }

    #[test]
    fn broken_spreadsheets() {
        let good = xlsx(|wb| {
            let ws = wb.add_worksheet();
            for r in 0..200 {
                ws.write_string(r, 0, format!("row {r}")).unwrap();
                ws.write_number(r, 1, r as f64).unwrap();
            }
        });
        // Truncated at many points: an error or rows, never a panic.
        for cut in (0..good.len()).step_by(97).chain([1, 4, 30, good.len() - 1]) {
            let _ = sheet_rows(good[..cut].to_vec());
        }
        // Flipped bytes.
        for i in (30..good.len()).step_by(131) {
            let mut b = good.clone();
            b[i] ^= 0x5A;
            let _ = sheet_rows(b);
        }
        let err = sheet_rows(good[..good.len() / 2].to_vec()).unwrap_err();
        assert!(matches!(err, FileError::Spreadsheet { .. }), "{err:?}");
        assert!(matches!(sheet_rows(Vec::new()).unwrap_err(), FileError::Empty { .. }));
        assert!(matches!(sheet_rows(b"a,b\n1,2\n".to_vec()).unwrap_err(), FileError::Spreadsheet { .. }));
        let mut ole = sniff::OLE2_MAGIC.to_vec();
        ole.resize(2048, 0);
        assert!(matches!(sheet_rows(ole).unwrap_err(), FileError::Spreadsheet { .. }));
    }

    /// A minimal OLE2 compound file (512-byte sectors: header, FAT, directory) with the
    /// streams of a password-protected xlsx; `cycle` makes the directory chain loop.
    fn ole2(cycle: bool) -> Vec<u8> {
        let mut f = vec![0u8; 512 * 3];
        let put = |f: &mut Vec<u8>, at: usize, v: &[u8]| f[at..at + v.len()].copy_from_slice(v);
        put(&mut f, 0, sniff::OLE2_MAGIC);
        put(&mut f, 24, &0x3Eu16.to_le_bytes());
        put(&mut f, 26, &3u16.to_le_bytes());
        put(&mut f, 28, &0xFFFEu16.to_le_bytes());
        put(&mut f, 30, &9u16.to_le_bytes());
        put(&mut f, 32, &6u16.to_le_bytes());
        put(&mut f, 44, &1u32.to_le_bytes());
        put(&mut f, 48, &1u32.to_le_bytes());
        put(&mut f, 56, &4096u32.to_le_bytes());
        put(&mut f, 60, &0xFFFF_FFFEu32.to_le_bytes());
        put(&mut f, 68, &0xFFFF_FFFEu32.to_le_bytes());
        for i in 0..109 {
            put(&mut f, 76 + i * 4, &(if i == 0 { 0u32 } else { 0xFFFF_FFFF }).to_le_bytes());
        }
        for i in 0..128 {
            let v: u32 = match i {
                0 => 0xFFFF_FFFD,
                1 if cycle => 1,
                1 => 0xFFFF_FFFE,
                _ => 0xFFFF_FFFF,
            };
            put(&mut f, 512 + i * 4, &v.to_le_bytes());
        }
        for (k, (name, typ)) in
            [("Root Entry", 5u8), ("EncryptionInfo", 2), ("EncryptedPackage", 2)].iter().enumerate()
        {
            let base = 1024 + k * 128;
            let utf16: Vec<u8> = name.encode_utf16().chain([0]).flat_map(u16::to_le_bytes).collect();
            put(&mut f, base, &utf16);
            put(&mut f, base + 64, &(utf16.len() as u16).to_le_bytes());
            f[base + 66] = *typ;
            put(&mut f, base + 116, &0xFFFF_FFFEu32.to_le_bytes());
        }
        f
    }

    #[test]
    fn password_protected_and_looping_ole2() {
        assert_eq!(check_ole2(&ole2(false)), Ok(()));
        let err = sheet_rows(ole2(false)).unwrap_err();
        assert_eq!(err, FileError::Encrypted { file: "t.xlsx".into() });
        // Without the check calamine would follow the loop until memory runs out.
        let err = sheet_rows(ole2(true)).unwrap_err();
        assert!(
            matches!(&err, FileError::Spreadsheet { detail, .. } if detail.contains("damaged")),
            "{err:?}"
        );
        // Junk after a valid signature.
        for seed in 0..200u32 {
            let mut f = ole2(false);
            for (i, b) in f.iter_mut().enumerate().skip(24) {
                if (i as u32).wrapping_mul(2654435761).wrapping_add(seed.wrapping_mul(40503)) % 97 == 0 {
                    *b = (i as u32 ^ seed) as u8;
                }
            }
            let _ = sheet_rows(f);
        }
    }

    #[test]
    fn sparse_sheets_stay_small() {
        let bytes = xlsx(|wb| {
            let ws = wb.add_worksheet();
            ws.write_string(0, 0, "a").unwrap();
            ws.write_string(0, 2, "c").unwrap();
            ws.write_string(999_999, 1, "far").unwrap();
        });
        let got = sheet_rows(bytes).unwrap();
        assert_eq!(got, vec![(1, cells(&["a", "", "c"])), (1_000_000, cells(&["", "far", ""]))]);
        let bytes = xlsx(|wb| {
            let ws = wb.add_worksheet();
            ws.write_string(0, 0, "a").unwrap();
            ws.write_string(1, 0, "b").unwrap();
            ws.write_string(2, 5000, "stray").unwrap();
        });
        let mut r = TableReader::spreadsheet("t.xlsx", Cursor::new(bytes)).unwrap();
        let mut rec = Record::new();
        assert!(r.read(&mut rec).unwrap());
        assert_eq!(rec.len(), MAX_COLUMNS);
        assert!(r.read(&mut rec).unwrap());
        let err = r.read(&mut rec).unwrap_err();
        assert!(matches!(err, FileError::TooManyColumns { columns: 5001, .. }), "{err:?}");
        assert_eq!(r.row_no(), 3);
        assert!(!r.read(&mut rec).unwrap());
    }

    #[test]
    fn numbers_and_dates() {
        let num = |v: f64| {
            let mut s = String::new();
            write_number(&mut s, v);
            s
        };
        assert_eq!(num(42.0), "42");
        assert_eq!(num(-0.0), "0");
        assert_eq!(num(999_999_999_999_999.0), "999999999999999");
        assert_eq!(num(1e15), "1E+15");
        assert_eq!(num(1.5e-7), "0.00000015");
        assert_eq!(num(45.21), "45.21");
        assert_eq!(num(1.0 / 3.0), "0.333333333333333");
        let dt = |v: f64, is_1904: bool| {
            let mut s = String::new();
            write_datetime(&mut s, v, is_1904);
            s
        };
        assert_eq!(dt(1.0, false), "1900-01-01");
        assert_eq!(dt(59.0, false), "1900-02-28");
        assert_eq!(dt(61.0, false), "1900-03-01");
        assert_eq!(dt(46314.0, false), "2026-10-19");
        assert_eq!(dt(46314.5, false), "2026-10-19 12:00:00");
        assert_eq!(dt(46314.999999999, false), "2026-10-20");
        assert_eq!(dt(0.0, true), "1904-01-01");
        assert_eq!(dt(0.25, false), "06:00:00");
        assert_eq!(dt(-1.0, false), "-1");
        assert_eq!(dt(f64::NAN, false), "NaN");
        assert_eq!(dt(1e300, false), "1E+300");
    }
}
