//! The orchestrator: one file (or archive) in, one [`Analysed`] per table found out.
//!
//! Sniffs the container, picks the encoding and text format (or takes the user's overrides),
//! finds the header and layout, and drives the row builders or chat parsers over the whole
//! file, streaming: the only whole-file buffers are zip entries and spreadsheets, which their
//! formats require. Progress is reported in bytes read; cancelling stops at the next poll.

use std::cell::Cell;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::rc::Rc;

use super::chat::{self, ChatParse};
use super::rows::{self, BuildCtx, RowOutcome, RowSink};
use super::schema::{self, Layout};
use super::sniff::{self, Container, TextFormat, ZipContent};
use super::table::{Record, TableReader};
use super::{
    Analysed, EncodingGuess, FileError, FileReport, Format, MAX_FILE_BYTES, MAX_ZIP_ENTRY_BYTES, Mapping,
    Options, SAMPLE_ROWS, Stop, encoding,
};
use crate::jobs::{Cancelled, Tick};
use crate::model::{DatasetData, DatasetKind};

/// Bytes sniffed from the start of a file.
const HEAD_BYTES: usize = 64 * 1024;
/// Rows read before deciding where the header is.
const LOOKAHEAD_ROWS: usize = 30;
/// How often (in rows) progress is reported and cancellation checked.
const POLL_ROWS: u64 = 4096;
/// Archives inside archives are followed this deep.
const MAX_ZIP_DEPTH: u32 = 2;

/// A reader that counts the bytes that pass through it; the count is shared so progress can
/// be read while a decoder owns the reader.
pub struct CountingReader<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R> CountingReader<R> {
    pub fn new(inner: R) -> (CountingReader<R>, Rc<Cell<u64>>) {
        let count = Rc::new(Cell::new(0));
        (CountingReader { inner, count: count.clone() }, count)
    }
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// The outcome for each table found in the file: its analysis, or why it could not be read.
pub type Outcome = Result<Analysed, FileError>;

/// Reads `input` (named `file`, `size` bytes) completely. A zip archive yields one outcome per
/// entry; anything else exactly one.
pub fn analyse<R: Read + Seek>(
    file: &str,
    size: u64,
    input: R,
    opts: &Options,
    tick: Tick<'_>,
) -> Result<Vec<Outcome>, Cancelled> {
    let mut out = Vec::new();
    analyse_into(file, size, input, opts, tick, 0, &mut out)?;
    Ok(out)
}

fn analyse_into<R: Read + Seek>(
    file: &str,
    size: u64,
    mut input: R,
    opts: &Options,
    tick: Tick<'_>,
    depth: u32,
    out: &mut Vec<Outcome>,
) -> Result<(), Cancelled> {
    let push = |out: &mut Vec<Outcome>, r: Result<Analysed, Stop>| -> Result<(), Cancelled> {
        match r {
            Ok(a) => out.push(Ok(a)),
            Err(Stop::File(e)) => out.push(Err(e)),
            Err(Stop::Cancelled) => return Err(Cancelled),
        }
        Ok(())
    };
    if size > MAX_FILE_BYTES {
        out.push(Err(FileError::TooLarge { file: file.into(), bytes: size, limit: MAX_FILE_BYTES }));
        return Ok(());
    }
    let head = match read_head(&mut input) {
        Ok(h) => h,
        Err(e) => {
            out.push(Err(FileError::Unreadable { file: file.into(), detail: e.to_string() }));
            return Ok(());
        }
    };
    match sniff::container(&head) {
        Container::Empty => out.push(Err(FileError::Empty { file: file.into() })),
        Container::Binary => {
            out.push(Err(FileError::UnknownFormat { file: file.into(), detail: "binary data".into() }))
        }
        Container::Zip => {
            let names = zip_names(&mut input);
            match names {
                Err(detail) => out.push(Err(FileError::Archive { file: file.into(), detail })),
                Ok(names) if sniff::zip_content(names.iter().map(String::as_str)) == ZipContent::Xlsx => {
                    push(out, spreadsheet(file, size, input, Format::Xlsx, opts, tick))?;
                }
                Ok(_) if depth >= MAX_ZIP_DEPTH => out.push(Err(FileError::Archive {
                    file: file.into(),
                    detail: "archives nested too deep".into(),
                })),
                Ok(_) => archive(file, input, opts, tick, depth, out)?,
            }
        }
        Container::Ole2 => push(out, spreadsheet(file, size, input, Format::Xls, opts, tick))?,
        Container::Text => push(out, text(file, size, &head, input, opts, tick))?,
    }
    Ok(())
}

fn read_head<R: Read + Seek>(input: &mut R) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(HEAD_BYTES);
    input.by_ref().take(HEAD_BYTES as u64).read_to_end(&mut head)?;
    input.seek(SeekFrom::Start(0))?;
    Ok(head)
}

fn zip_names<R: Read + Seek>(input: &mut R) -> Result<Vec<String>, String> {
    let names = {
        let z = zip::ZipArchive::new(&mut *input).map_err(|e| e.to_string())?;
        z.file_names().filter_map(|n| n.ok()).map(|n| n.into_owned()).collect()
    };
    input.seek(SeekFrom::Start(0)).map_err(|e| e.to_string())?;
    Ok(names)
}

/// Every file entry of a zip archive, analysed in turn (macOS resource forks and hidden files
/// skipped).
fn archive<R: Read + Seek>(
    file: &str,
    input: R,
    opts: &Options,
    tick: Tick<'_>,
    depth: u32,
    out: &mut Vec<Outcome>,
) -> Result<(), Cancelled> {
    let mut z = match zip::ZipArchive::new(input) {
        Ok(z) => z,
        Err(e) => {
            out.push(Err(FileError::Archive { file: file.into(), detail: e.to_string() }));
            return Ok(());
        }
    };
    let before = out.len();
    for i in 0..z.len() {
        let mut entry = match z.by_index(i) {
            Ok(e) => e,
            Err(e) => {
                out.push(Err(FileError::Archive { file: file.into(), detail: e.to_string() }));
                continue;
            }
        };
        let inner = entry.name().map(|n| n.to_string()).unwrap_or_else(|_| format!("#{}", i + 1));
        let base = inner.rsplit('/').next().unwrap_or(&inner).to_owned();
        if entry.is_dir() || inner.starts_with("__MACOSX/") || base.starts_with('.') || base.is_empty() {
            continue;
        }
        let name = format!("{file}/{inner}");
        if entry.encrypted() {
            out.push(Err(FileError::Encrypted { file: name }));
            continue;
        }
        if entry.size() > MAX_ZIP_ENTRY_BYTES {
            out.push(Err(FileError::TooLarge {
                file: name,
                bytes: entry.size(),
                limit: MAX_ZIP_ENTRY_BYTES,
            }));
            continue;
        }
        let mut bytes = Vec::with_capacity(entry.size() as usize);
        if let Err(e) = entry.by_ref().take(MAX_ZIP_ENTRY_BYTES + 1).read_to_end(&mut bytes) {
            out.push(Err(FileError::Archive { file: name, detail: e.to_string() }));
            continue;
        }
        drop(entry);
        let len = bytes.len() as u64;
        analyse_into(&name, len, std::io::Cursor::new(bytes), opts, tick, depth + 1, out)?;
    }
    if out.len() == before {
        out.push(Err(FileError::Empty { file: file.into() }));
    }
    Ok(())
}

fn spreadsheet<R: Read + Seek>(
    file: &str,
    size: u64,
    input: R,
    format: Format,
    opts: &Options,
    tick: Tick<'_>,
) -> Result<Analysed, Stop> {
    tick(0, size)?;
    let reader = TableReader::spreadsheet(file, input)?;
    let done = Rc::new(Cell::new(size));
    table(file, size, format, None, reader, opts, tick, &done)
}

fn text<R: Read + Seek>(
    file: &str,
    size: u64,
    head: &[u8],
    input: R,
    opts: &Options,
    tick: Tick<'_>,
) -> Result<Analysed, Stop> {
    let guess = match opts.encoding {
        Some(encoding) => {
            let detected = encoding::detect(head);
            EncodingGuess { encoding, bom: detected.bom && detected.encoding == encoding, confident: true }
        }
        None => encoding::detect(head),
    };
    let (sample, _) = encoding::decode_sample(head, guess.encoding);
    // The head may end inside a character or line: keep whole lines only when there are more.
    let sample = if head.len() == HEAD_BYTES {
        sample.rfind('\n').map(|i| &sample[..i]).unwrap_or(&sample)
    } else {
        &sample[..]
    };
    let format = match opts.format {
        Some(f) => f,
        None => match sniff::text_format(sample) {
            TextFormat::Delimited(d) => Format::Delimited { delimiter: d },
            TextFormat::Qianniu => Format::Qianniu,
            TextFormat::Json => Format::ChatJson,
            TextFormat::Unknown => {
                return Err(FileError::UnknownFormat {
                    file: file.into(),
                    detail: "not a table, a 千牛 chat text or a chat JSON".into(),
                }
                .into());
            }
        },
    };
    let (counting, done) = CountingReader::new(input);
    let decoded = match format {
        Format::Delimited { delimiter } => {
            let reader = TableReader::delimited_encoded(file, counting, guess.encoding, delimiter);
            return table(file, size, format, Some(guess), reader, opts, tick, &done);
        }
        _ => encoding::decoder(counting, guess.encoding),
    };
    match format {
        Format::Qianniu => {
            let mut buffered = BufReader::with_capacity(1 << 16, decoded);
            let mut poll = || tick(done.get(), size);
            let parsed = chat::qianniu::parse(file, &mut buffered, &mut poll)?;
            Ok(chat_report(file, size, format, Some(guess), parsed))
        }
        Format::ChatJson => {
            let mut bytes = Vec::new();
            let mut decoded = decoded;
            decoded
                .read_to_end(&mut bytes)
                .map_err(|e| FileError::Unreadable { file: file.into(), detail: e.to_string() })?;
            tick(size, size)?;
            let parsed = chat::json::parse(file, &bytes)?;
            Ok(chat_report(file, size, format, Some(guess), parsed))
        }
        Format::Delimited { .. } | Format::Xlsx | Format::Xls => Err(FileError::UnknownFormat {
            file: file.into(),
            detail: "a text file cannot be read as a spreadsheet".into(),
        }
        .into()),
    }
}

fn empty_report(file: &str, size: u64, format: Format, encoding: Option<EncodingGuess>) -> FileReport {
    FileReport {
        file: file.into(),
        bytes: size,
        format,
        encoding,
        kind: None,
        layout: None,
        candidates: Vec::new(),
        header_row: 0,
        header: Vec::new(),
        mapping: None,
        needs_mapping: false,
        missing: Vec::new(),
        rows_read: 0,
        rows_ok: 0,
        rows_skipped: 0,
        rows_bad: 0,
        sample: Vec::new(),
        columns: Vec::new(),
        errors: Default::default(),
        period: None,
    }
}

fn chat_report(
    file: &str,
    size: u64,
    format: Format,
    encoding: Option<EncodingGuess>,
    parsed: ChatParse,
) -> Analysed {
    let ChatParse { log, lines, messages, skipped, errors } = parsed;
    let mut report = empty_report(file, size, format, encoding);
    report.kind = Some(DatasetKind::Chats);
    report.rows_read = lines;
    report.rows_ok = messages;
    report.rows_skipped = skipped;
    report.rows_bad = errors.total;
    report.errors = errors;
    report.sample = log
        .threads
        .iter()
        .flat_map(|t| t.messages.iter().map(move |m| (t, m)))
        .take(SAMPLE_ROWS)
        .map(|(t, m)| {
            vec![m.ts.iso(), log.name(t.buyer).to_owned(), log.name(m.from).to_owned(), m.text.clone()]
        })
        .collect();
    let data = DatasetData::Chats(log);
    report.period = data.period();
    Analysed { report, data: (messages > 0).then_some(data) }
}

/// Decides layout and mapping from the first rows, then builds every row.
#[allow(clippy::too_many_arguments)]
fn table(
    file: &str,
    size: u64,
    format: Format,
    encoding: Option<EncodingGuess>,
    mut reader: TableReader<'_>,
    opts: &Options,
    tick: Tick<'_>,
    done: &Rc<Cell<u64>>,
) -> Result<Analysed, Stop> {
    let mut report = empty_report(file, size, format, encoding);
    // Look ahead: the header is within the first rows.
    let mut ahead: Vec<(u64, Vec<String>)> = Vec::with_capacity(LOOKAHEAD_ROWS);
    let mut rec = Record::default();
    while ahead.len() < LOOKAHEAD_ROWS && reader.read(&mut rec)? {
        ahead.push((reader.row_no(), rec.to_vec()));
    }
    if ahead.iter().all(|(_, r)| r.iter().all(|c| c.trim().is_empty())) {
        return Err(FileError::Empty { file: file.into() }.into());
    }
    let rows: Vec<Vec<String>> = ahead.iter().map(|(_, r)| r.clone()).collect();
    let guess = schema::detect(&rows);
    let header_at = guess.as_ref().map(|g| g.row).unwrap_or(0);
    let header = rows[header_at].clone();
    let fingerprint = schema::fingerprint(&header);
    report.header_row = ahead[header_at].0;
    report.header = header.clone();
    report.candidates = guess.as_ref().map(|g| g.candidates.clone()).unwrap_or_default();
    let remembered = |layout: Option<Layout>| {
        opts.remembered
            .iter()
            .find(|m| m.fingerprint == fingerprint && layout.is_none_or(|l| m.layout == l))
            .cloned()
    };
    let mapping: Option<Mapping> = match (&opts.mapping, opts.layout) {
        (Some(m), _) => Some(Mapping { fingerprint, ..m.clone() }),
        (None, Some(layout)) => {
            remembered(Some(layout)).or_else(|| Some(schema::auto_mapping(layout, &header)))
        }
        (None, None) => {
            remembered(None).or_else(|| guess.as_ref().map(|g| schema::auto_mapping(g.layout, &header)))
        }
    };
    let user_chosen = opts.mapping.is_some() || opts.layout.is_some() || remembered(None).is_some();
    let Some(mapping) = mapping else {
        report.needs_mapping = true;
        report.sample = rows.iter().skip(header_at + 1).take(SAMPLE_ROWS).cloned().collect();
        return Ok(Analysed { report, data: None });
    };
    let layout = mapping.layout;
    let missing: Vec<String> =
        schema::missing_required(layout, &mapping).iter().map(|f| f.key.to_owned()).collect();
    report.layout = Some(layout);
    report.kind = Some(layout.kind());
    report.mapping = Some(mapping.clone());
    report.missing = missing.clone();
    let confident = guess.as_ref().is_some_and(|g| g.confident && g.layout == layout);
    report.needs_mapping = !missing.is_empty() || !(confident || user_chosen);
    report.sample = rows.iter().skip(header_at + 1).take(SAMPLE_ROWS).cloned().collect();
    if report.needs_mapping {
        return Ok(Analysed { report, data: None });
    }
    let ctx = BuildCtx {
        file,
        header: &header,
        mapping: &mapping,
        period_hint: super::clean::period_in_name(file),
    };
    let mut builder = rows::builder(layout, &ctx);
    let mut sink = RowSink::new(layout, &header, &mapping);
    let count = |outcome: RowOutcome, report: &mut FileReport| {
        report.rows_read += 1;
        match outcome {
            RowOutcome::Kept => report.rows_ok += 1,
            RowOutcome::Skipped => report.rows_skipped += 1,
            RowOutcome::Rejected => report.rows_bad += 1,
        }
    };
    for (row_no, cells) in ahead.iter().skip(header_at + 1) {
        let r = Record::from_cells(cells.iter().map(String::as_str));
        let o = builder.push(&r, *row_no, &mut sink);
        count(o, &mut report);
    }
    let mut n: u64 = 0;
    while reader.read(&mut rec)? {
        let o = builder.push(&rec, reader.row_no(), &mut sink);
        count(o, &mut report);
        n += 1;
        if n.is_multiple_of(POLL_ROWS) {
            tick(done.get(), size)?;
        }
    }
    tick(size, size)?;
    if report.rows_read == 0 {
        return Err(FileError::HeaderOnly { file: file.into() }.into());
    }
    report.rows_ok = builder.rows();
    let data = builder.finish();
    report.period = data.period();
    report.columns = sink.columns;
    report.errors = sink.errors;
    let has_rows = data.rows() > 0;
    Ok(Analysed { report, data: has_rows.then_some(data) })
}
