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
use super::split::Splitter;
use super::{FileError, MAX_COLUMNS, MAX_RECORD_BYTES, SheetWhy, TextEncoding, encoding};

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
        let source = Delimited { file: file.to_owned(), split: Splitter::new(guard, delimiter), done: false };
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
        // Only a native safety net: in the browser's worker a panic aborts (`panic = "abort"`),
        // so the inputs that make the readers panic are refused before they see them (see
        // `check_ole2` and the `biff` module).
        let loaded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| load_sheet(file, &bytes)));
        let sheet = match loaded {
            Ok(r) => r?,
            Err(_) => {
                return Err(FileError::Spreadsheet { file: file.to_owned(), why: SheetWhy::ReaderFailed });
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
    split: Splitter<Guard<Box<dyn Read + 'a>>>,
    done: bool,
}

impl Delimited<'_> {
    fn read(&mut self, rec: &mut Record, row_no: &mut u64) -> Result<bool, FileError> {
        if self.done {
            return Ok(false);
        }
        let line = match self.split.next_record() {
            Ok(Some(line)) => line,
            Ok(None) => {
                self.done = true;
                return Ok(false);
            }
            Err(e) => {
                self.done = true;
                return Err(self.error(e));
            }
        };
        *row_no = line;
        // Bytes consumed up to the end of this record: the guard measures the next record's
        // length from here.
        let consumed = self.split.get_ref().passed.saturating_sub(self.split.buffered() as u64);
        let start = std::mem::replace(&mut self.split.get_mut().record_start, consumed);
        let (bytes, ends) = self.split.fields();
        if consumed.saturating_sub(start) > MAX_RECORD_BYTES {
            self.done = true;
            return Err(FileError::LineTooLong { file: self.file.clone(), line, limit: MAX_RECORD_BYTES });
        }
        if ends.len() > MAX_COLUMNS {
            self.done = true;
            return Err(FileError::TooManyColumns {
                file: self.file.clone(),
                columns: ends.len() as u64,
                limit: MAX_COLUMNS as u64,
            });
        }
        fill(rec, bytes, ends);
        Ok(true)
    }

    fn error(&self, e: io::Error) -> FileError {
        let file = self.file.clone();
        let line = self.split.record_line();
        match self.split.get_ref().trip {
            Some(Trip::Long) => FileError::LineTooLong { file, line, limit: MAX_RECORD_BYTES },
            Some(Trip::Delimiters(n)) => {
                FileError::TooManyColumns { file, columns: n.saturating_add(1), limit: MAX_COLUMNS as u64 }
            }
            None => FileError::Unreadable { file, detail: e.to_string() },
        }
    }
}

/// Copies a split record into `rec`; invalid UTF-8 becomes U+FFFD, per field.
fn fill(rec: &mut Record, bytes: &[u8], ends: &[usize]) {
    rec.clear();
    if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
        rec.buf.push_str(s);
        let mut aligned = true;
        for &end in ends {
            aligned &= s.is_char_boundary(end);
            rec.ends.push(end);
        }
        if aligned {
            return;
        }
        // A character split between two fields: each field is invalid on its own.
        rec.clear();
    }
    let mut from = 0;
    for &end in ends {
        rec.push(&String::from_utf8_lossy(bytes.get(from..end).unwrap_or_default()));
        from = end;
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
        let count = |t: &[u8]| memchr::memchr_iter(d, t).count() as u64;
        match memchr::memrchr(b'\n', chunk) {
            Some(p) => self.delimiters = chunk.get(p + 1..).map_or(0, count),
            None => self.delimiters += count(chunk),
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
    pick_sheet(&mut book)
        .map_err(|note| FileError::Spreadsheet { file: file.to_owned(), why: SheetWhy::Reader { note } })
}

fn open_book<'b>(file: &str, bytes: &'b [u8]) -> Result<Book<'b>, FileError> {
    let spreadsheet = |why: SheetWhy| FileError::Spreadsheet { file: file.to_owned(), why };
    let reader = |note: String| spreadsheet(SheetWhy::Reader { note });
    let encrypted = || FileError::Encrypted { file: file.to_owned() };
    let cursor = || Cursor::new(bytes);
    match sniff::container(bytes.get(..bytes.len().min(4096)).unwrap_or_default()) {
        Container::Empty => Err(FileError::Empty { file: file.to_owned() }),
        Container::Ole2 => {
            // calamine parses the whole workbook stream when it opens an xls, trusting its
            // records: check them first (an allocation failure cannot be caught anywhere).
            let cfb = Ole2::parse(bytes).map_err(spreadsheet)?;
            if let Some(stream) = cfb.workbook_stream().map_err(spreadsheet)? {
                biff::check(&stream).map_err(spreadsheet)?;
            }
            drop(cfb);
            match Xls::new(cursor()) {
                Ok(x) => Ok(Sheets::Xls(x)),
                Err(XlsError::Password) => Err(encrypted()),
                // An encrypted xlsx is an OLE2 file holding an `EncryptedPackage`.
                Err(xls_err) => match Xlsx::new(cursor()) {
                    Err(XlsxError::Password) => Err(encrypted()),
                    Ok(x) => Ok(Sheets::Xlsx(x)),
                    Err(_) => Err(reader(xls_err.to_string())),
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
                    Err(reader(xlsx_err.to_string()))
                }
            }
        },
        Container::Text | Container::Binary => Err(spreadsheet(SheetWhy::NotAWorkbook)),
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

/// Sector id that ends a chain.
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;

/// An OLE2 compound file as calamine's `Cfb` reads it, checked on the way: every chain it
/// follows must stay inside its table and the file, without loops. calamine follows chains
/// without a bound (a loop would allocate until memory runs out) and indexes its tables with
/// ids from the file.
struct Ole2<'b> {
    b: &'b [u8],
    /// Sector size: 512 or 4096.
    ss: usize,
    fat: Vec<u32>,
    mini_fat: Vec<u32>,
    /// Name, first sector and size of every directory entry, the root entry first.
    entries: Vec<(String, u32, usize)>,
    /// The root entry's chain, where streams under 4096 bytes live (read only when the file
    /// has a mini FAT, as calamine does).
    mini_stream: Vec<u8>,
}

impl<'b> Ole2<'b> {
    fn parse(b: &'b [u8]) -> Result<Ole2<'b>, SheetWhy> {
        const RESERVED: u32 = 0xFFFF_FFFA;
        const DIF_SECTOR: u32 = 0xFFFF_FFFC;
        let damaged = || SheetWhy::BrokenContainer;
        let u16_at = |o: usize| b.get(o..o + 2).map(|s| u16::from_le_bytes([s[0], s[1]]));
        let u32_at = |o: usize| b.get(o..o + 4).map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]));
        let ss: usize = match u16_at(30) {
            Some(9) => 512,
            Some(12) => 4096,
            _ => return Err(damaged()),
        };
        if u16_at(32) != Some(6) {
            return Err(damaged());
        }
        let mut ole = Ole2 {
            b,
            ss,
            fat: Vec::new(),
            mini_fat: Vec::new(),
            entries: Vec::new(),
            mini_stream: Vec::new(),
        };
        let sectors = (b.len() / ss).saturating_sub(1);
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
            difat.extend(words(ole.sector(next).ok_or_else(damaged)?));
            next = difat.pop().ok_or_else(damaged)?;
        }
        let mut fat = Vec::new();
        for id in difat.into_iter().filter(|&id| id < DIF_SECTOR) {
            fat.extend(words(ole.sector(id).ok_or_else(damaged)?));
        }
        ole.fat = fat;

        let mut dir = Vec::new();
        for id in walk(fat_start_dir, &ole.fat, usize::MAX, ss)? {
            dir.extend_from_slice(ole.sector(id).ok_or_else(damaged)?);
        }
        // Name (as calamine decodes it), start and size of every directory entry.
        let mut entries = Vec::with_capacity(dir.len() / 128);
        for e in dir.chunks_exact(128) {
            let mut name = encoding_rs::UTF_16LE.decode(&e[..64]).0.into_owned();
            if let Some(l) = name.bytes().position(|c| c == 0) {
                name.truncate(l);
            }
            let start = u32::from_le_bytes([e[116], e[117], e[118], e[119]]);
            let size = if ss == 512 {
                u64::from(u32::from_le_bytes([e[120], e[121], e[122], e[123]]))
            } else {
                u64::from_le_bytes([e[120], e[121], e[122], e[123], e[124], e[125], e[126], e[127]])
            };
            // calamine converts the size with `try_into().unwrap()`: past u32 on wasm32 it
            // would panic.
            let size = usize::try_from(size).ok().filter(|&s| s <= u32::MAX as usize).ok_or_else(damaged)?;
            entries.push((name, start, size));
        }
        let &(_, root_start, root_size) = entries.first().ok_or_else(damaged)?;
        ole.entries = entries;

        if mini_fat_len > 0 {
            // calamine copies these chains up to their declared length; a chain may revisit
            // its sectors, so a length beyond the file's would let a small file take gigabytes.
            let len = (mini_fat_len as usize).saturating_mul(ss);
            if root_size > b.len() || len > b.len() {
                return Err(damaged());
            }
            ole.mini_stream = ole.chain(root_start, root_size, false)?;
            let mut mini_fat = Vec::new();
            for id in walk(mini_fat_start, &ole.fat, len, ss)? {
                mini_fat.extend(words(ole.sector(id).ok_or_else(damaged)?));
            }
            ole.mini_fat = mini_fat;
        }
        for &(_, start, size) in ole.entries.iter().skip(1) {
            if size == 0 {
                continue;
            }
            if size < 4096 {
                if !ole.mini_fat.is_empty() {
                    walk(start, &ole.mini_fat, size, 64)?;
                }
            } else {
                walk(start, &ole.fat, size, ss)?;
            }
        }
        Ok(ole)
    }

    /// Sector `id` (after the header), when it lies wholly inside the file.
    fn sector(&self, id: u32) -> Option<&'b [u8]> {
        let start = (id as usize).checked_add(1)?.checked_mul(self.ss)?;
        self.b.get(start..start.checked_add(self.ss)?)
    }

    /// The bytes of a chain from `start`, `len` at most (fewer if the chain ends first), as
    /// calamine's `get_chain` reads them: from the mini stream in 64-byte sectors when `mini`.
    /// Every sector must lie inside the file (or the mini stream).
    fn chain(&self, start: u32, len: usize, mini: bool) -> Result<Vec<u8>, SheetWhy> {
        let table = if mini { &self.mini_fat } else { &self.fat };
        if len > if mini { self.mini_stream.len() } else { self.b.len() } {
            return Err(SheetWhy::BrokenContainer);
        }
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0usize;
        while id != END_OF_CHAIN {
            let sector = if mini {
                let at = (id as usize).saturating_mul(64);
                self.mini_stream.get(at..at.saturating_add(64))
            } else {
                self.sector(id)
            };
            let sector = sector.ok_or(SheetWhy::BrokenContainer)?;
            let take = sector.len().min(len - out.len());
            out.extend_from_slice(sector.get(..take).unwrap_or_default());
            if out.len() >= len {
                break;
            }
            id = *table.get(id as usize).ok_or(SheetWhy::BrokenContainer)?;
            steps += 1;
            if steps > table.len() {
                return Err(SheetWhy::BrokenContainer);
            }
        }
        Ok(out)
    }

    /// The xls workbook stream (`Workbook`, or `Book` for Excel 5/95), as calamine reads it;
    /// `None` when there is none (an encrypted xlsx, another kind of compound file).
    fn workbook_stream(&self) -> Result<Option<Vec<u8>>, SheetWhy> {
        for name in ["Workbook", "Book"] {
            let entry =
                self.entries.iter().find(|(n, ..)| n.as_bytes().eq_ignore_ascii_case(name.as_bytes()));
            if let Some(&(_, start, size)) = entry {
                // Streams under 4096 bytes live in the mini stream; without a mini FAT calamine
                // would index an empty table.
                let mini = size < 4096;
                if mini && self.mini_fat.is_empty() && size > 0 && start != END_OF_CHAIN {
                    return Err(SheetWhy::BrokenContainer);
                }
                return self.chain(start, size, mini).map(Some);
            }
        }
        Ok(None)
    }
}

/// Little-endian u32 words of `s` (a trailing partial word is left out).
fn words(s: &[u8]) -> Vec<u32> {
    s.chunks_exact(4).map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]])).collect()
}

/// Follows a chain as calamine does: read sector `id`; stop once `len` bytes are read or at the
/// end of the chain; else go on to `table[id]`. Returns the sectors read; a loop or an id
/// outside the table is an error.
fn walk(start: u32, table: &[u32], len: usize, unit: usize) -> Result<Vec<u32>, SheetWhy> {
    let mut ids = Vec::new();
    let mut id = start;
    while id != END_OF_CHAIN {
        ids.push(id);
        if ids.len().saturating_mul(unit) >= len {
            break;
        }
        id = *table.get(id as usize).ok_or(SheetWhy::BrokenContainer)?;
        if ids.len() > table.len() {
            return Err(SheetWhy::BrokenContainer);
        }
    }
    Ok(ids)
}

// The xls workbook stream checked record by record before calamine parses it.
mod biff {
    //! A pre-check of an xls workbook stream (BIFF records: type u16, length u16, data) for
    //! what would make calamine 0.38 panic or allocate without bound when it opens the
    //! workbook. In the browser's worker a panic aborts and an allocation failure cannot be
    //! caught anywhere, so such input is refused here, before calamine sees it.
    //!
    //! The walk mirrors calamine's `Xls::parse_workbook`: the global records up to the first
    //! EOF (with the CONTINUE records that follow a record attached to it), then each sheet's
    //! records from its BOUNDSHEET offset up to its EOF (embedded charts skipped). Each record
    //! type calamine parses is checked against the byte offsets it reads unchecked, and against
    //! its unchecked arithmetic (which panics where overflow checks are on). Where calamine
    //! would stop with an error instead, the walk stops and leaves the error to calamine. On
    //! top of that, what calamine allocates is bounded:
    //! - a DIMENSIONS record makes it reserve rows × columns cells;
    //! - each sheet becomes a dense grid over the bounding box of its cells (and another of
    //!   its formulas), all sheets kept at once;
    //! - every LABEL keeps a string of its declared length, every LABELSST a copy of its
    //!   shared string;
    //! - formula text is rebuilt with inserts that are quadratic in the worst case;
    //! - the CONTINUE records of the shared-string table are taken off the front of a vector.

    use super::SheetWhy;

    /// Cells of all dense grids together (calamine keeps every sheet's grid, and clones the one
    /// read): about 32 bytes each.
    const MAX_CELLS: u64 = 4_000_000;
    /// Grid cells allowed whatever the number of cell records…
    const MIN_CELLS: u64 = 1 << 20;
    /// …and per cell record beyond that: a sparse sheet is fine, a few cells at opposite
    /// corners of the grid are not.
    const CELLS_PER_RECORD: u64 = 64;
    /// Cells a DIMENSIONS record may ask for, per byte of the stream (beyond `MIN_CELLS`).
    const DIMENSION_CELLS_PER_BYTE: u64 = 16;
    /// Bytes of cell text allowed whatever the stream size, and per byte of the stream.
    const MIN_TEXT: u64 = 32 << 20;
    const TEXT_PER_BYTE: u64 = 32;
    /// Upper bound of the bytes moved while formula text is rebuilt (about a second).
    const MAX_FORMULA_WORK: u64 = 1 << 33;
    /// CONTINUE records after the shared-string table (each taken with `Vec::remove(0)`).
    const MAX_SST_CONTINUES: usize = 16_384;
    /// Functions in calamine's table (`utils::FTAB_LEN`); the longest name has 18 bytes.
    const FUNCTIONS: u16 = 485;
    const FUNCTION_NAME: u64 = 20;
    /// Longest text a number token prints (`f64` in full decimal form).
    const NUMBER_TEXT: u64 = 330;

    pub(crate) fn check(stream: &[u8]) -> Result<(), SheetWhy> {
        let size = stream.len() as u64;
        let records = Records::new(stream, 0).map_while(Result::ok).count() as u64;
        let mut c = Checker {
            s: stream,
            pre_biff8: false,
            utf16: true,
            sst: Vec::new(),
            sheets: Vec::new(),
            sheet_name: 5,
            defined_name: 5,
            text: 0,
            text_limit: MIN_TEXT.max(TEXT_PER_BYTE.saturating_mul(size)),
            dimension_limit: MAX_CELLS.min(MIN_CELLS.max(DIMENSION_CELLS_PER_BYTE.saturating_mul(size))),
            cells: 0,
            cell_records: 0,
            work: 0,
            visits: 0,
            visit_limit: records.saturating_mul(2).saturating_add(1024),
        };
        if c.globals()? == Flow::Stop {
            return Ok(());
        }
        for (pos, at) in std::mem::take(&mut c.sheets) {
            if pos > stream.len() {
                // `&stream[pos..]`.
                return Err(SheetWhy::BadRecord { record: BOUNDSHEET, offset: at as u64 });
            }
            if c.sheet(pos, at)? == Flow::Stop {
                return Ok(());
            }
        }
        Ok(())
    }

    const BOUNDSHEET: u16 = 0x0085;
    const CONTINUE: u16 = 0x003C;

    /// Whether calamine goes on after a record.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum Flow {
        Go,
        /// calamine stops with an error here: nothing after it is parsed.
        Stop,
    }

    /// One record: type, offset in the stream, data, and the CONTINUE records after it (raw,
    /// headers included) with their number.
    struct Rec<'a> {
        typ: u16,
        offset: usize,
        data: &'a [u8],
        cont: &'a [u8],
        conts: usize,
    }

    impl Rec<'_> {
        fn bad(&self) -> SheetWhy {
            SheetWhy::BadRecord { record: self.typ, offset: self.offset as u64 }
        }
    }

    fn u16_at(d: &[u8], o: usize) -> Option<u16> {
        d.get(o..o.checked_add(2)?).map(|s| u16::from_le_bytes([s[0], s[1]]))
    }

    fn u32_at(d: &[u8], o: usize) -> Option<u32> {
        d.get(o..o.checked_add(4)?).map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }

    /// calamine's `RecordIter`: a record, then any CONTINUE records straight after it.
    struct Records<'a> {
        s: &'a [u8],
        pos: usize,
    }

    impl<'a> Records<'a> {
        fn new(s: &'a [u8], pos: usize) -> Records<'a> {
            Records { s, pos }
        }

        /// Type and length of the record header at `pos`, if 4 bytes are left.
        fn header(&self, pos: usize) -> Option<(u16, usize)> {
            let rest = self.s.get(pos..)?;
            if rest.len() < 4 {
                return None;
            }
            Some((u16_at(rest, 0)?, usize::from(u16_at(rest, 2)?)))
        }
    }

    impl<'a> Iterator for Records<'a> {
        /// `Err` where calamine's iterator fails (a record cut short): it stops there.
        type Item = Result<Rec<'a>, ()>;

        fn next(&mut self) -> Option<Self::Item> {
            let rest = self.s.get(self.pos..).unwrap_or_default();
            if rest.is_empty() {
                return None;
            }
            let Some((typ, len)) = self.header(self.pos) else { return Some(Err(())) };
            let Some(data) = rest.get(4..4 + len) else { return Some(Err(())) };
            let offset = self.pos;
            self.pos += 4 + len;
            let cont_start = self.pos;
            let mut conts = 0;
            // `> 4`, not `>= 4`: a final empty CONTINUE is a record of its own.
            while self.s.len() - self.pos > 4 {
                match self.header(self.pos) {
                    Some((CONTINUE, l)) if self.s.len() - self.pos >= l + 4 => {
                        self.pos += l + 4;
                        conts += 1;
                    }
                    Some((CONTINUE, _)) => return Some(Err(())),
                    _ => break,
                }
            }
            let cont = self.s.get(cont_start..self.pos).unwrap_or_default();
            Some(Ok(Rec { typ, offset, data, cont, conts }))
        }
    }

    /// A record's data followed by its CONTINUE records, read as calamine's `Record` does:
    /// moving on to the next CONTINUE replaces what is left of the current one.
    struct Chunks<'a> {
        data: &'a [u8],
        cont: &'a [u8],
    }

    impl Chunks<'_> {
        fn next_cont(&mut self) -> bool {
            let Some(len) = u16_at(self.cont, 2) else { return false };
            let end = 4 + usize::from(len);
            self.data = self.cont.get(4..end).unwrap_or_default();
            self.cont = self.cont.get(end..).unwrap_or_default();
            true
        }

        /// calamine's `Record::skip`; false where it fails.
        fn skip(&mut self, mut n: usize) -> bool {
            while n > 0 {
                if self.data.is_empty() && !self.next_cont() {
                    return false;
                }
                let l = n.min(self.data.len());
                self.data = self.data.get(l..).unwrap_or_default();
                n -= l;
            }
            true
        }
    }

    /// Bounding box of cell positions (calamine's `Range::from_sparse`).
    #[derive(Default)]
    struct Bounds(Option<(u32, u32, u32, u32)>);

    impl Bounds {
        fn add(&mut self, row: u32, col: u32) {
            self.0 = Some(match self.0 {
                None => (row, row, col, col),
                Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(col), c1.max(col)),
            });
        }

        fn cells(&self) -> u64 {
            self.0.map_or(0, |(r0, r1, c0, c1)| (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1))
        }
    }

    struct Checker<'a> {
        s: &'a [u8],
        /// The last BOF said BIFF2–5 (calamine's `biff`).
        pre_biff8: bool,
        /// The code page is UTF-16 (1200, the default): decoded text is at most 3 bytes per
        /// UTF-16 unit; other code pages may decode each byte to 3.
        utf16: bool,
        /// Upper bound of each shared string's decoded size.
        sst: Vec<u64>,
        /// BOUNDSHEET offsets, with the offset of the record.
        sheets: Vec<(usize, usize)>,
        /// Longest sheet name and defined name, in decoded bytes (formula text bounds).
        sheet_name: u64,
        defined_name: u64,
        text: u64,
        text_limit: u64,
        dimension_limit: u64,
        /// Cells of the dense grids so far, and cell records seen.
        cells: u64,
        cell_records: u64,
        work: u64,
        /// Sheet records visited (sheets may start at the same offset), and the limit.
        visits: u64,
        visit_limit: u64,
    }

    impl Checker<'_> {
        /// Decoded bytes per character: compressed (one byte) or not.
        fn per_char(&self, wide: bool) -> u64 {
            match (wide, self.utf16) {
                (false, true) => 2,
                (true, true) => 3,
                (false, false) => 4,
                (true, false) => 6,
            }
        }

        fn add_text(&mut self, bytes: u64) -> Result<(), SheetWhy> {
            self.text = self.text.saturating_add(bytes);
            if self.text > self.text_limit {
                return Err(SheetWhy::TooMuchText { bytes: self.text, limit: self.text_limit });
            }
            Ok(())
        }

        /// The workbook globals, up to the first EOF.
        fn globals(&mut self) -> Result<Flow, SheetWhy> {
            for r in Records::new(self.s, 0) {
                let Ok(r) = r else { return Ok(Flow::Stop) };
                let d = r.data;
                let flow = match r.typ {
                    // FILEPASS: a nonzero value means encrypted (calamine reports it).
                    0x002F => {
                        if u16_at(d, 0).ok_or_else(|| r.bad())? != 0 {
                            Flow::Stop
                        } else {
                            Flow::Go
                        }
                    }
                    // CODEPAGE.
                    0x0042 => {
                        self.utf16 = u16_at(d, 0).ok_or_else(|| r.bad())? == 1200;
                        Flow::Go
                    }
                    // DATEMODE.
                    0x0022 => {
                        u16_at(d, 0).ok_or_else(|| r.bad())?;
                        Flow::Go
                    }
                    0x041E => self.format(&r)?,
                    // XF.
                    0x00E0 if d.len() < 4 => Flow::Stop,
                    BOUNDSHEET => self.boundsheet(&r)?,
                    // BOF.
                    0x0809 => {
                        let version = u16_at(d, 0).ok_or_else(|| r.bad())?;
                        let dt = u16_at(d, 2).unwrap_or(0);
                        self.pre_biff8 = match version {
                            0x0200 | 0x0002 | 0x0007 | 0x0300 | 0x0400 | 0x0500 => true,
                            0 => dt == 0x1000,
                            _ => false,
                        };
                        Flow::Go
                    }
                    // NAME (Lbl).
                    0x0018 => self.name(&r)?,
                    // EXTERNSHEET.
                    0x0017 => {
                        if !self.pre_biff8 {
                            u16_at(d, 0).ok_or_else(|| r.bad())?;
                        }
                        Flow::Go
                    }
                    0x00FC => self.shared_strings(&r)?,
                    // EOF.
                    0x000A => break,
                    _ => Flow::Go,
                };
                if flow == Flow::Stop {
                    return Ok(Flow::Stop);
                }
            }
            Ok(Flow::Go)
        }

        /// FORMAT: errors are only logged by calamine. The format string is scanned with a
        /// `u8` count of open brackets.
        fn format(&mut self, r: &Rec<'_>) -> Result<Flow, SheetWhy> {
            let Some(ifmt) = u16_at(r.data, 0) else { return Ok(Flow::Go) };
            if matches!(ifmt, 5..=8 | 23..=26 | 41..=44 | 63..=66 | 164..=382)
                && r.data.iter().filter(|&&b| b == b'[').count() > 255
            {
                return Err(r.bad());
            }
            Ok(Flow::Go)
        }

        /// BOUNDSHEET: offset (u32), state, type, then a short string.
        fn boundsheet(&mut self, r: &Rec<'_>) -> Result<Flow, SheetWhy> {
            let d = r.data;
            let (Some(pos), Some(&state), Some(&typ)) = (u32_at(d, 0), d.get(4), d.get(5)) else {
                return Err(r.bad());
            };
            if !matches!(state & 0x3F, 0..=2) || !matches!(typ, 0 | 1 | 2 | 6) {
                return Ok(Flow::Stop);
            }
            let name = d.get(6..).unwrap_or_default();
            let Some(&cch) = name.first() else { return Ok(Flow::Stop) };
            if name.len() < 2 && !self.pre_biff8 {
                return Ok(Flow::Stop);
            }
            self.sheet_name = self.sheet_name.max(u64::from(cch) * self.per_char(true));
            self.sheets.push((pos as usize, r.offset));
            Ok(Flow::Go)
        }

        /// NAME: lengths at 3 and 4, the name from 14, the formula at the end.
        fn name(&mut self, r: &Rec<'_>) -> Result<Flow, SheetWhy> {
            let d = r.data;
            if d.len() < 14 {
                return Err(r.bad());
            }
            let cch = usize::from(d[3]);
            let cce = usize::from(u16_at(d, 4).ok_or_else(|| r.bad())?);
            self.defined_name = self.defined_name.max(cch as u64 * self.per_char(true));
            if !self.pre_biff8 {
                // `read_unicode_string_no_cch` checks its length (an error, not a panic).
                let s = &d[14..];
                let Some(&flags) = s.first() else { return Ok(Flow::Stop) };
                let consumed = 1 + if flags & 1 != 0 { 2 * cch } else { cch };
                if s.len() < consumed {
                    return Ok(Flow::Stop);
                }
            }
            let rgce = d.len().checked_sub(cce).and_then(|at| d.get(at..)).ok_or_else(|| r.bad())?;
            let need = match rgce.first() {
                Some(0x3A | 0x5A | 0x7A) => [7, 18],
                Some(0x3B | 0x5B | 0x7B) => [11, 21],
                Some(0x3C | 0x5C | 0x7C | 0x3D | 0x5D | 0x7D) => [3, 13],
                _ => [0, 0],
            }[usize::from(self.pre_biff8)];
            if rgce.len() < need {
                return Err(r.bad());
            }
            Ok(Flow::Go)
        }

        /// SST: two counts, then rich extended strings running on into CONTINUE records.
        fn shared_strings(&mut self, r: &Rec<'_>) -> Result<Flow, SheetWhy> {
            if r.data.len() < 8 {
                return Ok(Flow::Stop);
            }
            if r.conts > MAX_SST_CONTINUES {
                return Err(r.bad());
            }
            let mut c = Chunks { data: &r.data[8..], cont: r.cont };
            let mut strings = Vec::new();
            loop {
                if c.data.is_empty() && !c.next_cont() {
                    break;
                }
                if c.data.is_empty() {
                    strings.push(0);
                    continue;
                }
                let (Some(cch), Some(&flags)) = (u16_at(c.data, 0), c.data.get(2)) else {
                    return Ok(Flow::Stop);
                };
                c.data = &c.data[3..];
                let mut wide = flags & 1 != 0;
                let (mut runs, mut ext) = (0usize, 0usize);
                if flags & 8 != 0 {
                    runs = usize::from(u16_at(c.data, 0).ok_or_else(|| r.bad())?);
                    c.data = &c.data[2..];
                }
                if flags & 4 != 0 {
                    let v = u32_at(c.data, 0).ok_or_else(|| r.bad())?;
                    // `read_i32(..) as usize`: a negative length skips everything.
                    ext = (v as i32) as isize as usize;
                    c.data = &c.data[4..];
                }
                let (mut left, mut bytes) = (usize::from(cch), 0u64);
                while left > 0 {
                    let n = if wide { (c.data.len() / 2).min(left) } else { c.data.len().min(left) };
                    c.data = c.data.get(if wide { 2 * n } else { n }..).unwrap_or_default();
                    left -= n;
                    bytes += n as u64 * self.per_char(wide);
                    if left > 0 {
                        if !c.next_cont() {
                            return Ok(Flow::Stop);
                        }
                        // The first byte of the CONTINUE record says how the rest is stored.
                        let Some(&f) = c.data.first() else { return Err(r.bad()) };
                        wide = f & 1 != 0;
                        c.data = &c.data[1..];
                    }
                }
                if !c.skip(runs * 4) || !c.skip(ext) {
                    return Ok(Flow::Stop);
                }
                strings.push(bytes);
            }
            self.sst = strings;
            Ok(Flow::Go)
        }

        /// One sheet's records, from its BOF to its EOF.
        fn sheet(&mut self, pos: usize, at: usize) -> Result<Flow, SheetWhy> {
            let (mut seen_bof, mut depth) = (false, 0usize);
            let mut fmla = (0u32, 0u32);
            let (mut cells, mut formulas) = (Bounds::default(), Bounds::default());
            for r in Records::new(self.s, pos) {
                self.visits += 1;
                if self.visits > self.visit_limit {
                    // Sheets overlapping each other many times over.
                    return Err(SheetWhy::BadRecord { record: BOUNDSHEET, offset: at as u64 });
                }
                let Ok(r) = r else { return Ok(Flow::Stop) };
                let d = r.data;
                if depth > 0 {
                    match r.typ {
                        0x0809 => depth += 1,
                        0x000A => depth -= 1,
                        _ => {}
                    }
                    continue;
                }
                let pos2 =
                    |d: &[u8]| (u32::from(u16_at(d, 0).unwrap_or(0)), u32::from(u16_at(d, 2).unwrap_or(0)));
                let mut cell = |this: &mut Self, (row, col): (u32, u32)| {
                    cells.add(row, col);
                    this.cell_records += 1;
                };
                match r.typ {
                    0x0809 if seen_bof => depth += 1,
                    0x0809 => seen_bof = true,
                    0x0200 if self.dimensions(&r)? == Flow::Stop => return Ok(Flow::Stop),
                    0x0200 => {}
                    // NUMBER.
                    0x0203 if d.len() < 14 => return Ok(Flow::Stop),
                    0x0203 => cell(self, pos2(d)),
                    // LABEL, RSTRING.
                    0x0204 | 0x00D6 => {
                        if d.len() < 6 || self.string(&d[6..])? == Flow::Stop {
                            return Ok(Flow::Stop);
                        }
                        cell(self, pos2(d));
                    }
                    // BOOLERR.
                    0x0205 => {
                        match (d.len() >= 8, d.get(7), d.get(6)) {
                            (true, Some(0), _) => {}
                            (true, Some(1), Some(&e)) if is_error_code(e) => {}
                            _ => return Ok(Flow::Stop),
                        }
                        cell(self, pos2(d));
                    }
                    // STRING: the text result of the formula before it.
                    0x0207 => {
                        if self.string(d)? == Flow::Stop {
                            return Ok(Flow::Stop);
                        }
                        cell(self, fmla);
                    }
                    // RK.
                    0x027E if d.len() < 10 => return Ok(Flow::Stop),
                    0x027E => cell(self, pos2(d)),
                    // LABELSST: a cell only when the string exists.
                    0x00FD => {
                        let Some(i) = u32_at(d, 6).filter(|_| d.len() >= 10) else { return Ok(Flow::Stop) };
                        if let Some(&bytes) = self.sst.get(i as usize) {
                            self.add_text(bytes)?;
                            cell(self, pos2(d));
                        }
                    }
                    // MULRK: row, first column, 6 bytes per cell, last column.
                    0x00BD => {
                        if d.len() < 6 {
                            return Ok(Flow::Stop);
                        }
                        let (row, first) = pos2(d);
                        let last = u32::from(u16_at(d, d.len() - 2).unwrap_or(0));
                        // `col_last - col_first + 1` in u16.
                        if last < first || last - first == 0xFFFF {
                            return Err(r.bad());
                        }
                        let n = (last - first + 1) as usize;
                        if d.len() != 6 + 6 * n {
                            return Ok(Flow::Stop);
                        }
                        cells.add(row, first);
                        cells.add(row, last);
                        self.cell_records += n as u64;
                    }
                    // MERGECELLS: a count, then 8 bytes per range, read unchecked.
                    0x00E5 => {
                        let count = usize::from(u16_at(d, 0).ok_or_else(|| r.bad())?);
                        if d.len() < 2 + 8 * count {
                            return Err(r.bad());
                        }
                    }
                    0x000A => break,
                    // FORMULA.
                    0x0006 => {
                        if d.len() < 20 {
                            return Ok(Flow::Stop);
                        }
                        fmla = pos2(d);
                        let v = &d[6..14];
                        let has_value = if v[6] == 0xFF && v[7] == 0xFF {
                            match v[0] {
                                0x00 => false,
                                0x01 | 0x03 => true,
                                0x02 if is_error_code(v[2]) => true,
                                _ => return Ok(Flow::Stop),
                            }
                        } else {
                            true
                        };
                        if has_value {
                            cell(self, fmla);
                        }
                        self.formula(&r, &d[20..])?;
                        formulas.add(fmla.0, fmla.1);
                    }
                    _ => {}
                }
            }
            self.cells = self.cells.saturating_add(cells.cells()).saturating_add(formulas.cells());
            let limit = MAX_CELLS.min(MIN_CELLS.max(CELLS_PER_RECORD.saturating_mul(self.cell_records)));
            if self.cells > limit {
                return Err(SheetWhy::TooManyCells { cells: self.cells, limit });
            }
            Ok(Flow::Go)
        }

        /// DIMENSIONS: calamine reserves rows × columns cells, computing both unchecked.
        fn dimensions(&mut self, r: &Rec<'_>) -> Result<Flow, SheetWhy> {
            let d = r.data;
            let u16 = |o| u32::from(u16_at(d, o).unwrap_or(0));
            let (rf, rl, cf, cl) = match d.len() {
                10 => (u16(0), u16(2), u16(4), u16(6)),
                14 | 16 => (u32_at(d, 0).unwrap_or(0), u32_at(d, 4).unwrap_or(0), u16(8), u16(10)),
                _ => return Ok(Flow::Stop),
            };
            let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
            if rl == 0 || cl == 0 {
                return Ok(Flow::Go);
            }
            if rl - 1 < rf || cl - 1 < cf {
                return Err(r.bad());
            }
            let cells = (u64::from(rl - 1 - rf) + 1) * (u64::from(cl - 1 - cf) + 1);
            if cells > self.dimension_limit {
                return Err(SheetWhy::TooManyCells { cells, limit: self.dimension_limit });
            }
            Ok(Flow::Go)
        }

        /// An `XLUnicodeString` (LABEL, STRING): kept in a `String` of the declared capacity.
        fn string(&mut self, d: &[u8]) -> Result<Flow, SheetWhy> {
            let header = if self.pre_biff8 { 2 } else { 3 };
            if d.len() < header {
                let empty = d.len() == 2 && u16_at(d, 0) == Some(0);
                return Ok(if empty { Flow::Go } else { Flow::Stop });
            }
            let cch = u64::from(u16_at(d, 0).unwrap_or(0));
            let stored = (d.len() - header) as u64;
            // Capacity `cch`, grown (doubling) if the decoded text is longer.
            self.add_text(2 * cch.max(3 * stored))?;
            Ok(Flow::Go)
        }

        /// A formula's tokens (`CellParsedFormula`): calamine reads them with unchecked
        /// slicing and rebuilds the formula text, inserting into it. A token calamine refuses
        /// ends its walk (the error is ignored); the stack is not followed, so a walk may go on
        /// where calamine would have given up (stricter, never looser).
        fn formula(&mut self, r: &Rec<'_>, rgce: &[u8]) -> Result<(), SheetWhy> {
            let cce = usize::from(u16_at(rgce, 0).ok_or_else(|| r.bad())?);
            let mut t = rgce.get(2..2 + cce).ok_or_else(|| r.bad())?;
            let pre8 = self.pre_biff8;
            // Upper bound of the text length, and of the operations that move its tail.
            let (mut len, mut ops) = (0u64, 0u64);
            macro_rules! take {
                ($n:expr) => {{
                    let n: usize = $n;
                    let (head, rest) = t.split_at_checked(n).ok_or_else(|| r.bad())?;
                    t = rest;
                    head
                }};
            }
            while let Some((&ptg, rest)) = t.split_first() {
                t = rest;
                match ptg {
                    // PtgRef3d: the row is printed `+ 1` in u16.
                    0x3A | 0x5A | 0x7A => {
                        if u16_at(take!(6), 2) == Some(0xFFFF) {
                            return Err(r.bad());
                        }
                        len += self.sheet_name + 16;
                    }
                    // PtgArea3d.
                    0x3B | 0x5B | 0x7B => {
                        take!(10);
                        len += self.sheet_name + 34;
                    }
                    // PtgRefErr3d, PtgAreaErr3d.
                    0x3C | 0x5C | 0x7C => {
                        take!(6);
                        len += self.sheet_name + 6;
                    }
                    0x3D | 0x5D | 0x7D => {
                        take!(10);
                        len += self.sheet_name + 6;
                    }
                    // PtgExp: checked by calamine.
                    0x01 => match t.get(4..) {
                        Some(rest) => t = rest,
                        None => break,
                    },
                    // Binary operators, unary plus and minus, parentheses: they move the tail.
                    0x03..=0x13 | 0x15 => {
                        ops += 1;
                        len += 2;
                    }
                    0x14 => len += 1,
                    0x16 => {}
                    // PtgStr: checked by calamine.
                    0x17 => {
                        let Some(&cch) = t.first() else { break };
                        let cch = usize::from(cch);
                        let used = if pre8 {
                            1 + cch
                        } else {
                            let Some(&flags) = t.get(1) else { break };
                            2 + if flags & 1 != 0 { 2 * cch } else { cch }
                        };
                        match t.get(used..) {
                            Some(rest) => t = rest,
                            None => break,
                        }
                        len += 3 * cch as u64 + 2;
                    }
                    0x18 => {
                        take!(5);
                    }
                    // PtgAttr*.
                    0x19 => match take!(1)[0] {
                        0x01 | 0x02 | 0x08 | 0x20 | 0x21 => {
                            take!(2);
                        }
                        // PtgAttrChoose: a count, then that many offsets and one more.
                        0x04 => {
                            let n = usize::from(u16_at(take!(2), 0).unwrap_or(0)) + 1;
                            take!(2 * n);
                        }
                        // PtgAttrSum.
                        0x10 => {
                            take!(2);
                            ops += 1;
                            len += 5;
                        }
                        // PtgAttrSpace: `count` single-character inserts.
                        0x40 | 0x41 => {
                            if t.first().is_some_and(|&k| k > 6) {
                                break;
                            }
                            let count = u64::from(take!(2)[1]);
                            ops += count;
                            len += count;
                        }
                        _ => break,
                    },
                    // PtgErr.
                    0x1C => {
                        if !is_error_code(take!(1)[0]) {
                            break;
                        }
                        len += 14;
                    }
                    0x1D => {
                        take!(1);
                        len += 5;
                    }
                    0x1E => {
                        take!(2);
                        len += 5;
                    }
                    0x1F => {
                        take!(8);
                        len += NUMBER_TEXT;
                    }
                    0x20 | 0x40 | 0x60 => {
                        take!(7);
                        len += 10;
                    }
                    // PtgFunc: argument count from calamine's table (at most 255).
                    0x21 | 0x41 | 0x61 => {
                        if u16_at(take!(2), 0).is_none_or(|f| f >= FUNCTIONS) {
                            break;
                        }
                        ops += 1;
                        len += FUNCTION_NAME + 255;
                    }
                    // PtgFuncVar.
                    0x22 | 0x42 | 0x62 => {
                        let h = take!(3);
                        ops += 1;
                        if u16_at(h, 1).is_none_or(|f| f >= FUNCTIONS) {
                            break;
                        }
                        len += FUNCTION_NAME + u64::from(h[0]);
                    }
                    // PtgName: a 1-based index, `- 1` unchecked.
                    0x23 | 0x43 | 0x63 => {
                        if u32_at(take!(4), 0) == Some(0) {
                            return Err(r.bad());
                        }
                        len += self.defined_name;
                    }
                    // PtgRef: in BIFF8 the row is printed `+ 1` in u16.
                    0x24 | 0x44 | 0x64 => {
                        if pre8 {
                            take!(3);
                        } else if u16_at(take!(4), 0) == Some(0xFFFF) {
                            return Err(r.bad());
                        }
                        len += 12;
                    }
                    0x25 | 0x45 | 0x65 => {
                        take!(if pre8 { 6 } else { 8 });
                        len += 26;
                    }
                    0x2A | 0x4A | 0x6A => {
                        take!(if pre8 { 3 } else { 4 });
                        len += 5;
                    }
                    0x2B | 0x4B | 0x6B => {
                        take!(if pre8 { 6 } else { 8 });
                        len += 5;
                    }
                    0x39 | 0x59 => {
                        take!(6);
                        len += 10;
                    }
                    _ => break,
                }
            }
            self.work = self.work.saturating_add(ops.saturating_mul(len));
            if self.work > MAX_FORMULA_WORK {
                return Err(SheetWhy::TooComplex);
            }
            Ok(())
        }
    }

    /// Error codes calamine knows (`#NULL!`, `#DIV/0!`, …).
    fn is_error_code(e: u8) -> bool {
        matches!(e, 0x00 | 0x07 | 0x0F | 0x17 | 0x1D | 0x24 | 0x2A | 0x2B)
    }
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
        assert!(Ole2::parse(&ole2(false)).is_ok());
        let err = sheet_rows(ole2(false)).unwrap_err();
        assert_eq!(err, FileError::Encrypted { file: "t.xlsx".into() });
        // Without the check calamine would follow the loop until memory runs out.
        let err = sheet_rows(ole2(true)).unwrap_err();
        assert!(matches!(&err, FileError::Spreadsheet { why: SheetWhy::BrokenContainer, .. }), "{err:?}");
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

    /// The xls pre-check on its own (calamine is not called): the workbook stream of a file
    /// under `tests/data`.
    fn precheck(path: &str) -> Result<(), SheetWhy> {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data").join(path);
        let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        let ole = Ole2::parse(&bytes)?;
        let stream = ole.workbook_stream()?.expect("a workbook stream");
        biff::check(&stream)
    }

    /// Files found by fuzzing that made calamine panic or allocate gigabytes are refused by the
    /// pre-check, before calamine sees them; real exports pass it.
    #[test]
    fn hostile_xls_is_refused_before_calamine() {
        for good in [
            "import/orders/taobao-订单报表.xls",
            "import/sub-orders/taobao-宝贝报表.xls",
            "import/agent-stats/生意参谋-客服销售_2026-11-01至2026-11-07.xls",
        ] {
            assert_eq!(precheck(good), Ok(()), "{good}");
        }
        let got = precheck("malformed/crash-xls-calamine-read-u16.xls");
        assert!(matches!(got, Err(SheetWhy::BadRecord { .. })), "{got:?}");
        for huge in [
            "malformed/abort-xls-calamine-huge-reserve.xls",
            "malformed/abort-xls-calamine-4gb-range.xls",
            "malformed/abort-xls-calamine-7gb-range.xls",
        ] {
            let got = precheck(huge);
            assert!(matches!(got, Err(SheetWhy::TooManyCells { .. })), "{huge}: {got:?}");
        }
    }

    // ---- xls pre-check on hand-made workbooks ----

    /// A BIFF record.
    fn rec(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend_from_slice(&(data.len() as u16).to_le_bytes());
        r.extend_from_slice(data);
        r
    }

    /// A BIFF8 workbook stream: `globals` after the BOF, one sheet named `S1` holding
    /// `records`.
    fn workbook(globals: &[Vec<u8>], records: &[Vec<u8>]) -> Vec<u8> {
        let bof = |dt: u16| {
            let mut d = vec![0u8; 16];
            d[..2].copy_from_slice(&0x0600u16.to_le_bytes());
            d[2..4].copy_from_slice(&dt.to_le_bytes());
            rec(0x0809, &d)
        };
        let mut g = bof(0x0005);
        g.extend(globals.iter().flatten());
        let sheet_at = g.len() + 4;
        let mut bs = vec![0u8; 6];
        bs.extend_from_slice(&[2, 0, b'S', b'1']);
        g.extend(rec(0x0085, &bs));
        g.extend(rec(0x000A, &[]));
        let pos = g.len() as u32;
        g[sheet_at..sheet_at + 4].copy_from_slice(&pos.to_le_bytes());
        g.extend(bof(0x0010));
        g.extend(records.iter().flatten());
        g.extend(rec(0x000A, &[]));
        g
    }

    /// An xls file (OLE2, 512-byte sectors, no mini stream) around a workbook stream.
    fn xls_file(stream: &[u8]) -> Vec<u8> {
        let mut stream = stream.to_vec();
        stream.resize(stream.len().max(4096), 0);
        let k = stream.len().div_ceil(512);
        assert!(k + 2 <= 128);
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
        put(&mut f, 60, &END_OF_CHAIN.to_le_bytes());
        put(&mut f, 68, &END_OF_CHAIN.to_le_bytes());
        for i in 0..109 {
            put(&mut f, 76 + i * 4, &(if i == 0 { 0u32 } else { 0xFFFF_FFFF }).to_le_bytes());
        }
        for i in 0..128usize {
            let v: u32 = match i {
                0 => 0xFFFF_FFFD,
                1 => END_OF_CHAIN,
                i if i >= 2 && i < 2 + k - 1 => i as u32 + 1,
                i if i == 2 + k - 1 => END_OF_CHAIN,
                _ => 0xFFFF_FFFF,
            };
            put(&mut f, 512 + i * 4, &v.to_le_bytes());
        }
        for (n, (name, typ, start, size)) in
            [("Root Entry", 5u8, END_OF_CHAIN, 0u32), ("Workbook", 2, 2, stream.len() as u32)]
                .iter()
                .enumerate()
        {
            let base = 1024 + n * 128;
            let utf16: Vec<u8> = name.encode_utf16().chain([0]).flat_map(u16::to_le_bytes).collect();
            put(&mut f, base, &utf16);
            put(&mut f, base + 64, &(utf16.len() as u16).to_le_bytes());
            f[base + 66] = *typ;
            put(&mut f, base + 68, &[0xFF; 12]);
            put(&mut f, base + 116, &start.to_le_bytes());
            put(&mut f, base + 120, &size.to_le_bytes());
        }
        f.extend_from_slice(&stream);
        f.resize(512 * (3 + k), 0);
        f
    }

    fn cell_rec(typ: u16, row: u16, col: u16, rest: &[u8]) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend_from_slice(&col.to_le_bytes());
        d.extend_from_slice(&0u16.to_le_bytes());
        d.extend_from_slice(rest);
        rec(typ, &d)
    }

    fn number(row: u16, col: u16, v: f64) -> Vec<u8> {
        cell_rec(0x0203, row, col, &v.to_le_bytes())
    }

    fn label(row: u16, col: u16, text: &str) -> Vec<u8> {
        let units: Vec<u16> = text.encode_utf16().collect();
        let mut d = (units.len() as u16).to_le_bytes().to_vec();
        d.push(1);
        d.extend(units.iter().flat_map(|u| u.to_le_bytes()));
        cell_rec(0x0204, row, col, &d)
    }

    /// A FORMULA record with a cached number and the given tokens.
    fn formula(row: u16, col: u16, tokens: &[u8]) -> Vec<u8> {
        let mut d = 1.0f64.to_le_bytes().to_vec();
        d.extend_from_slice(&[0; 6]);
        d.extend_from_slice(&(tokens.len() as u16).to_le_bytes());
        d.extend_from_slice(tokens);
        cell_rec(0x0006, row, col, &d)
    }

    fn check_stream(stream: &[u8]) -> Result<(), SheetWhy> {
        biff::check(stream)
    }

    fn is_bad(r: Result<(), SheetWhy>, record: u16) -> bool {
        matches!(r, Err(SheetWhy::BadRecord { record: r, .. }) if r == record)
    }

    #[test]
    fn xls_precheck_passes_good_workbooks() {
        let sst = {
            let mut d = vec![1, 0, 0, 0, 1, 0, 0, 0];
            d.extend_from_slice(&[2, 0, 0, b'h', b'i']);
            rec(0x00FC, &d)
        };
        let mulrk = {
            let mut d = 3u16.to_le_bytes().to_vec();
            d.extend_from_slice(&0u16.to_le_bytes());
            for v in [2u32, 4] {
                d.extend_from_slice(&0u16.to_le_bytes());
                d.extend_from_slice(&((v << 2) | 2).to_le_bytes());
            }
            d.extend_from_slice(&1u16.to_le_bytes());
            rec(0x00BD, &d)
        };
        let mut dims = 0u32.to_le_bytes().to_vec();
        dims.extend_from_slice(&4u32.to_le_bytes());
        dims.extend_from_slice(&[0, 0, 2, 0, 0, 0]);
        let stream = workbook(
            std::slice::from_ref(&sst),
            &[
                rec(0x0200, &dims),
                label(0, 0, "订单"),
                number(0, 1, 128.5),
                cell_rec(0x00FD, 1, 0, &0u32.to_le_bytes()),
                mulrk,
                // =A1+1 with a leading space.
                formula(2, 0, &[0x19, 0x40, 0x00, 0x01, 0x24, 0, 0, 0, 0xC0, 0x1E, 1, 0, 0x03]),
                rec(0x00E5, &[1, 0, 0, 0, 1, 0, 0, 0, 1, 0]),
            ],
        );
        assert_eq!(check_stream(&stream), Ok(()));
        let rows = sheet_rows(xls_file(&stream)).unwrap();
        assert_eq!(
            rows,
            vec![
                (1, cells(&["订单", "128.5"])),
                (2, cells(&["hi", ""])),
                (3, cells(&["1", ""])),
                (4, cells(&["2", "4"])),
            ]
        );
    }

    /// Each record calamine would read past its end, or compute on unchecked, is refused
    /// with its type; calamine itself panics on the first two.
    #[test]
    fn xls_precheck_refuses_short_and_impossible_records() {
        let externsheet = workbook(&[rec(0x0017, &[])], &[]);
        assert!(is_bad(check_stream(&externsheet), 0x0017));
        let merge = workbook(&[], &[rec(0x00E5, &[3, 0, 0, 0, 1, 0, 0, 0, 1, 0])]);
        assert!(is_bad(check_stream(&merge), 0x00E5));
        for stream in [&externsheet, &merge] {
            let file = xls_file(stream);
            let native = std::panic::catch_unwind(|| Xls::new(Cursor::new(&file)).map(|_| ()));
            assert!(native.is_err(), "calamine no longer panics: the check may be relaxed");
            let err = sheet_rows(file).unwrap_err();
            assert!(matches!(err, FileError::Spreadsheet { why: SheetWhy::BadRecord { .. }, .. }), "{err:?}");
        }
        assert!(is_bad(check_stream(&workbook(&[rec(0x0809, &[6])], &[])), 0x0809));
        assert!(is_bad(check_stream(&workbook(&[rec(0x0042, &[])], &[])), 0x0042));
        assert!(is_bad(check_stream(&workbook(&[rec(0x0018, &[0; 13])], &[])), 0x0018));
        let mut name = vec![0u8; 15];
        name[4] = 20;
        assert!(is_bad(check_stream(&workbook(&[rec(0x0018, &name)], &[])), 0x0018));
        // A sheet beyond the end of the stream, and a BOUNDSHEET cut short.
        let mut far = workbook(&[], &[]);
        let at = far.windows(2).position(|w| w == [0x85, 0x00]).unwrap() + 4;
        far[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(is_bad(check_stream(&far), 0x0085));
        assert!(is_bad(check_stream(&workbook(&[rec(0x0085, &[0; 5])], &[])), 0x0085));
        // A shared string whose flags promise bytes that are not there, or that runs on into
        // an empty CONTINUE record.
        let sst = rec(0x00FC, &[1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0x08]);
        assert!(is_bad(check_stream(&workbook(&[sst], &[])), 0x00FC));
        let mut cut = rec(0x00FC, &[1, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, b'a']);
        cut.extend(rec(0x003C, &[]));
        cut.extend(rec(0x0042, &1200u16.to_le_bytes()));
        assert!(is_bad(check_stream(&workbook(&[cut], &[])), 0x00FC));
        // MULRK with its columns the wrong way round; DIMENSIONS ending before it starts.
        let mulrk = rec(0x00BD, &[0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 4, 0]);
        assert!(is_bad(check_stream(&workbook(&[], &[mulrk])), 0x00BD));
        let dims = rec(0x0200, &[9, 0, 0, 0, 3, 0, 0, 0, 0, 0, 2, 0, 0, 0]);
        assert!(is_bad(check_stream(&workbook(&[], &[dims])), 0x0200));
        // Formulas: tokens past the end, a row printed `+ 1` in u16, a name index 0.
        for tokens in [&[0x24, 0, 0][..], &[0x24, 0xFF, 0xFF, 0, 0], &[0x23, 0, 0, 0, 0], &[0x1F, 0, 0]] {
            let f = workbook(&[], &[formula(0, 0, tokens)]);
            assert!(is_bad(check_stream(&f), 0x0006), "{tokens:?}");
        }
        let mut f = formula(0, 0, &[]);
        f.truncate(f.len() - 2);
        f[2] -= 2;
        assert!(is_bad(check_stream(&workbook(&[], &[f])), 0x0006));
        // A format string that overflows calamine's bracket counter.
        let mut fmt = 164u16.to_le_bytes().to_vec();
        fmt.extend_from_slice(&300u16.to_le_bytes());
        fmt.push(0);
        fmt.extend_from_slice(&[b'['; 300]);
        assert!(is_bad(check_stream(&workbook(&[rec(0x041E, &fmt)], &[])), 0x041E));
    }

    /// What calamine would allocate is bounded, relative to the stream.
    #[test]
    fn xls_precheck_bounds_what_calamine_allocates() {
        // Two cells at opposite corners: a dense grid of 65536 × 65536.
        let corners = workbook(&[], &[number(0, 0, 1.0), number(65535, 65535, 2.0)]);
        assert!(matches!(check_stream(&corners), Err(SheetWhy::TooManyCells { .. })));
        // A few hundred cells may spread a little.
        let spread: Vec<Vec<u8>> = (0..300u16).map(|i| number(i * 3, i % 40, 1.0)).collect();
        assert_eq!(check_stream(&workbook(&[], &spread)), Ok(()));
        // DIMENSIONS asking for a billion cells.
        let dims = rec(0x0200, &[0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0]);
        assert!(matches!(check_stream(&workbook(&[], &[dims])), Err(SheetWhy::TooManyCells { .. })));
        // Labels declaring 65535 characters each, holding none.
        let mut empty = vec![0u8; 6];
        empty.extend_from_slice(&[0xFF, 0xFF, 0]);
        let labels: Vec<Vec<u8>> = (0..2000u16).map(|_| rec(0x0204, &empty)).collect();
        assert!(matches!(check_stream(&workbook(&[], &labels)), Err(SheetWhy::TooMuchText { .. })));
        // Many sheets pointing at the same records.
        let sheet = workbook(&[], &[number(0, 0, 1.0)]);
        let bs_at = sheet.windows(2).position(|w| w == [0x85, 0x00]).unwrap();
        let bs = sheet[bs_at..bs_at + 14].to_vec();
        let mut many = sheet[..bs_at].to_vec();
        for _ in 0..3000 {
            many.extend_from_slice(&bs);
        }
        let pos = many.len() as u32 + 4;
        for i in 0..3000 {
            let at = bs_at + i * 14 + 4;
            many[at..at + 4].copy_from_slice(&pos.to_le_bytes());
        }
        many.extend(rec(0x000A, &[]));
        many.extend(std::iter::repeat_n(number(0, 0, 1.0), 50).flatten());
        assert!(is_bad(check_stream(&many), 0x0085));
        // Thousands of single spaces inserted one by one into a long formula.
        let mut tokens = vec![0x1E, 1, 0];
        while tokens.len() < 60_000 {
            tokens.extend_from_slice(&[0x19, 0x40, 0x00, 0xFF]);
        }
        assert_eq!(check_stream(&workbook(&[], &[formula(0, 0, &tokens)])), Err(SheetWhy::TooComplex));
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
