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
    Analysed, ArchiveWhy, EncodingGuess, FileError, FileReport, Format, FormatWhy, MAX_FILE_BYTES,
    MAX_ZIP_ENTRY_BYTES, Mapping, Options, SAMPLE_ROWS, Stop, TextEncoding, encoding,
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
            out.push(Err(FileError::Unrecognised { file: file.into(), why: FormatWhy::Binary }))
        }
        Container::Zip => {
            let names = zip_names(&mut input);
            match names {
                Err(note) => {
                    out.push(Err(FileError::Archive { file: file.into(), why: ArchiveWhy::Damaged { note } }))
                }
                Ok(names) if sniff::zip_content(names.iter().map(String::as_str)) == ZipContent::Xlsx => {
                    push(out, spreadsheet(file, size, input, Format::Xlsx, opts, tick))?;
                }
                Ok(_) if depth >= MAX_ZIP_DEPTH => out.push(Err(FileError::Archive {
                    file: file.into(),
                    why: ArchiveWhy::NestedTooDeep { depth: MAX_ZIP_DEPTH },
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
        z.file_names_raw().map(entry_name).collect()
    };
    input.seek(SeekFrom::Start(0)).map_err(|e| e.to_string())?;
    Ok(names)
}

/// An entry's name from its raw bytes: as they are when they are UTF-8 (the UTF-8 flag, or
/// plain ASCII), else GBK/GB18030 — Windows' built-in zip writes names in the system code
/// page without the flag, and zip readers would show them as CP437 garbage.
fn entry_name(raw: &[u8]) -> String {
    match std::str::from_utf8(raw) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::GB18030.decode_without_bom_handling(raw).0.into_owned(),
    }
}

/// An entry's name as shown: `/` between folders, without a root, a drive, `.` or `..`
/// components, control characters replaced. Entry names are only ever shown (nothing is
/// written to disk), but a name like `../../x.csv` must not read as if it were outside the
/// archive.
fn shown_entry_name(name: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    for (i, part) in name.split(['/', '\\']).enumerate() {
        let drive = i == 0 && part.len() == 2 && part.ends_with(':');
        if part.is_empty() || part == "." || part == ".." || drive {
            continue;
        }
        parts.push(part.chars().map(|c| if c.is_control() { '\u{FFFD}' } else { c }).collect());
    }
    parts.join("/")
}

/// Entries that are not exports: macOS resource forks, hidden files (`.DS_Store`), and the
/// thumbnails cache and folder settings Windows leaves in folders.
fn is_litter(shown: &str) -> bool {
    let base = shown.rsplit('/').next().unwrap_or(shown);
    shown.split('/').next() == Some("__MACOSX")
        || base.is_empty()
        || base.starts_with('.')
        || base.eq_ignore_ascii_case("Thumbs.db")
        || base.eq_ignore_ascii_case("desktop.ini")
}

/// Every file entry of a zip archive, analysed in turn (see [`is_litter`] for those skipped).
fn archive<R: Read + Seek>(
    file: &str,
    input: R,
    opts: &Options,
    tick: Tick<'_>,
    depth: u32,
    out: &mut Vec<Outcome>,
) -> Result<(), Cancelled> {
    let damaged = |file: String, e: zip::result::ZipError| FileError::Archive {
        file,
        why: ArchiveWhy::Damaged { note: e.to_string() },
    };
    let mut z = match zip::ZipArchive::new(input) {
        Ok(z) => z,
        Err(e) => {
            out.push(Err(damaged(file.into(), e)));
            return Ok(());
        }
    };
    let before = out.len();
    for i in 0..z.len() {
        // The entry's metadata first: an encrypted entry cannot even be opened for reading.
        let (raw, is_dir, encrypted, size) = match z.by_index_data(i) {
            Ok(e) => (e.name_raw().to_vec(), e.is_dir(), e.encrypted(), e.size()),
            Err(e) => {
                out.push(Err(damaged(file.into(), e)));
                continue;
            }
        };
        let inner = shown_entry_name(&entry_name(&raw));
        if is_dir || raw.ends_with(b"\\") || is_litter(&inner) {
            continue;
        }
        let name = format!("{file}/{inner}");
        if encrypted {
            out.push(Err(FileError::Encrypted { file: name }));
            continue;
        }
        if size > MAX_ZIP_ENTRY_BYTES {
            out.push(Err(FileError::TooLarge { file: name, bytes: size, limit: MAX_ZIP_ENTRY_BYTES }));
            continue;
        }
        let mut entry = match z.by_index(i) {
            Ok(e) => e,
            Err(e) => {
                out.push(Err(damaged(name, e)));
                continue;
            }
        };
        // The declared size may lie: grow past the first 16 MB only as the data comes.
        let mut bytes = Vec::with_capacity(size.min(16 << 20) as usize);
        if let Err(e) = entry.by_ref().take(MAX_ZIP_ENTRY_BYTES + 1).read_to_end(&mut bytes) {
            out.push(Err(FileError::Archive {
                file: name,
                why: ArchiveWhy::Damaged { note: e.to_string() },
            }));
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
    mut input: R,
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
    if is_blank(sample) && blank_to_the_end(file, head, &mut input, guess.encoding, size, tick)? {
        return Err(FileError::Empty { file: file.into() }.into());
    }
    let format = match opts.format {
        Some(f) => f,
        None => match sniff::text_format(sample) {
            TextFormat::Delimited(d) => Format::Delimited { delimiter: d },
            TextFormat::Qianniu => Format::Qianniu,
            TextFormat::Json => Format::ChatJson,
            TextFormat::Unknown if wrong_encoding(sample) => {
                return Err(FileError::Encoding {
                    file: file.into(),
                    encoding: guess.encoding.label().into(),
                }
                .into());
            }
            TextFormat::Unknown => {
                return Err(FileError::Unrecognised { file: file.into(), why: FormatWhy::NotATable }.into());
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
            let parsed = chat::qianniu::parse(file, &mut buffered, &mut poll).map_err(|e| match e {
                // The parser's only format error: not one message header.
                Stop::File(FileError::UnknownFormat { file, .. }) => {
                    Stop::File(FileError::Unrecognised { file, why: FormatWhy::NoQianniuHeader })
                }
                other => other,
            })?;
            Ok(chat_report(file, size, format, Some(guess), parsed))
        }
        Format::ChatJson => {
            let mut bytes = Vec::new();
            let mut decoded = decoded;
            decoded
                .read_to_end(&mut bytes)
                .map_err(|e| FileError::Unreadable { file: file.into(), detail: e.to_string() })?;
            tick(size, size)?;
            let parsed = chat::json::parse(file, &bytes).map_err(json_error)?;
            Ok(chat_report(file, size, format, Some(guess), parsed))
        }
        Format::Delimited { .. } | Format::Xlsx | Format::Xls => {
            Err(FileError::Unrecognised { file: file.into(), why: FormatWhy::TextAsSpreadsheet }.into())
        }
    }
}

/// The chat JSON parser's errors, with its English explanation of the expected shape left to
/// the localised message (its own account of what it found stays, as a technical note).
fn json_error(e: Stop) -> Stop {
    match e {
        Stop::File(FileError::UnknownFormat { file, detail }) => {
            let note =
                detail.split_once("; expected ").map_or(detail.as_str(), |(found, _)| found).to_owned();
            Stop::File(FileError::Unrecognised { file, why: FormatWhy::NotChatJson { note } })
        }
        Stop::File(FileError::Unreadable { file, detail }) => {
            let detail = detail.strip_prefix("the JSON ends too early: ").unwrap_or(&detail).to_owned();
            Stop::File(FileError::Unreadable { file, detail })
        }
        other => other,
    }
}

/// Only whitespace and byte-order marks.
fn is_blank(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() || c == '\u{FEFF}')
}

/// Whether the whole file is blank, given that its decoded head is: when the head is the whole
/// file, yes; else the rest is decoded and looked at (streaming), and `input` is rewound.
fn blank_to_the_end<R: Read + Seek>(
    file: &str,
    head: &[u8],
    input: &mut R,
    enc: TextEncoding,
    size: u64,
    tick: Tick<'_>,
) -> Result<bool, Stop> {
    if head.len() < HEAD_BYTES {
        return Ok(true);
    }
    let unreadable = |e: std::io::Error| FileError::Unreadable { file: file.into(), detail: e.to_string() };
    let (counting, done) = CountingReader::new(&mut *input);
    let mut decoded = encoding::decoder(counting, enc);
    let mut buf = vec![0u8; 1 << 16];
    // Bytes of a character cut by the end of the previous read.
    let mut carry = 0usize;
    let blank = loop {
        let n = match decoded.read(buf.get_mut(carry..).unwrap_or_default()) {
            Ok(0) => break carry == 0,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(unreadable(e).into()),
        };
        let filled = buf.get(..carry + n).unwrap_or_default();
        let (text, rest) = match std::str::from_utf8(filled) {
            Ok(t) => (t, 0),
            Err(e) if e.error_len().is_none() => (
                std::str::from_utf8(filled.get(..e.valid_up_to()).unwrap_or_default()).unwrap_or(""),
                filled.len() - e.valid_up_to(),
            ),
            Err(_) => break false,
        };
        if !is_blank(text) {
            break false;
        }
        buf.copy_within(carry + n - rest..carry + n, 0);
        carry = rest;
        tick(done.get(), size)?;
    };
    drop(decoded);
    input.seek(SeekFrom::Start(0)).map_err(unreadable)?;
    Ok(blank)
}

/// The decoded text is mostly U+FFFD or NULs: it is not in the encoding it was decoded with
/// (UTF-16 read as GBK, say).
fn wrong_encoding(sample: &str) -> bool {
    let (mut bad, mut all) = (0usize, 0usize);
    for c in sample.chars().filter(|c| !c.is_whitespace()) {
        all += 1;
        bad += usize::from(c == '\u{FFFD}' || c == '\0');
    }
    bad >= 4 && bad * 10 >= all
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
    // Blank rows among those skipped: a file of nothing else has no rows at all.
    let mut blank: u64 = 0;
    let mut count = |outcome: RowOutcome, rec: &Record, report: &mut FileReport| {
        report.rows_read += 1;
        match outcome {
            RowOutcome::Kept => report.rows_ok += 1,
            RowOutcome::Skipped => {
                report.rows_skipped += 1;
                blank += u64::from(rec.is_blank());
            }
            RowOutcome::Rejected => report.rows_bad += 1,
        }
    };
    for (row_no, cells) in ahead.iter().skip(header_at + 1) {
        let r = Record::from_cells(cells.iter().map(String::as_str));
        let o = builder.push(&r, *row_no, &mut sink);
        count(o, &r, &mut report);
    }
    let mut n: u64 = 0;
    while reader.read(&mut rec)? {
        let o = builder.push(&rec, reader.row_no(), &mut sink);
        count(o, &rec, &mut report);
        n += 1;
        if n.is_multiple_of(POLL_ROWS) {
            tick(done.get(), size)?;
        }
    }
    tick(size, size)?;
    report.rows_ok = builder.rows();
    // Nothing kept and nothing wrong: say so for the file instead of importing nothing.
    if report.rows_ok == 0 && report.rows_bad == 0 && sink.errors.is_empty() {
        return Err(if blank == report.rows_read {
            FileError::HeaderOnly { file: file.into() }
        } else {
            FileError::OnlySummaryRows { file: file.into() }
        }
        .into());
    }
    let data = builder.finish();
    report.period = data.period();
    report.columns = sink.columns;
    report.errors = sink.errors;
    let has_rows = data.rows() > 0;
    Ok(Analysed { report, data: has_rows.then_some(data) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(name: &str, bytes: &[u8], opts: &Options) -> Vec<Outcome> {
        let mut tick = |_: u64, _: u64| Ok(());
        analyse(name, bytes.len() as u64, std::io::Cursor::new(bytes), opts, &mut tick).unwrap()
    }

    fn error(name: &str, bytes: &[u8], opts: &Options) -> FileError {
        match run(name, bytes, opts).as_slice() {
            [Err(e)] => e.clone(),
            other => panic!("{name}: {other:?}"),
        }
    }

    #[test]
    fn zip_entry_names_in_gbk_and_shown_safely() {
        let (gbk, _, _) = encoding_rs::GBK.encode("聊天记录/订单报表.csv");
        assert!(std::str::from_utf8(&gbk).is_err());
        assert_eq!(entry_name(&gbk), "聊天记录/订单报表.csv");
        assert_eq!(entry_name("订单.csv".as_bytes()), "订单.csv");
        assert_eq!(shown_entry_name("../../x.csv"), "x.csv");
        assert_eq!(shown_entry_name("/etc/passwd.csv"), "etc/passwd.csv");
        assert_eq!(shown_entry_name("C:\\导出\\.\\a\\..\\订单.csv"), "导出/a/订单.csv");
        assert_eq!(shown_entry_name("a\u{7}b.csv"), "a\u{FFFD}b.csv");
        for litter in ["Thumbs.db", "x/thumbs.DB", "desktop.ini", "a/.DS_Store", "__MACOSX/._a.csv", ""] {
            assert!(is_litter(litter), "{litter}");
        }
        assert!(!is_litter("订单/Thumbs.db.csv"));
    }

    #[test]
    fn blank_files_are_empty_however_long() {
        for (name, bytes) in [
            ("ws.csv", b" \r\n\t \n".to_vec()),
            ("bom.csv", b"\xEF\xBB\xBF".to_vec()),
            ("bom-lines.csv", b"\xEF\xBB\xBF\r\n\r\n".to_vec()),
            ("long.csv", b"\r\n".repeat(100_000)),
            ("long-ws.csv", " \u{3000}\n".repeat(40_000).into_bytes()),
            (
                "utf16.csv",
                [
                    &b"\xFF\xFE"[..],
                    &" \r\n".repeat(30_000).encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<_>>(),
                ]
                .concat(),
            ),
        ] {
            assert_eq!(error(name, &bytes, &Options::default()), FileError::Empty { file: name.into() });
        }
        // Blank for more than the sniffed head, then a table: not empty.
        let mut late = b"\n".repeat(HEAD_BYTES + 10);
        late.extend_from_slice(b"a,b\n1,2\n");
        assert!(!matches!(error("late.csv", &late, &Options::default()), FileError::Empty { .. }));
    }

    #[test]
    fn a_wrong_encoding_is_an_encoding_error() {
        let text = "订单编号,买家会员名,订单状态\r\n1930679858170647,tb_小鱼儿88,交易成功\r\n".repeat(5);
        let utf16: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let opts = Options { encoding: Some(TextEncoding::Gb18030), ..Default::default() };
        assert_eq!(
            error("u.csv", &utf16, &opts),
            FileError::Encoding { file: "u.csv".into(), encoding: "GBK/GB18030".into() }
        );
        assert!(wrong_encoding("a\0b\0c\0d\0"));
        assert!(!wrong_encoding("今天天气不错。\u{FFFD}我们去公园吧！好的"));
        // Prose in the right encoding stays "not a table".
        let prose = "今天天气不错。\n我们去公园吧！\n好的\n".as_bytes();
        assert!(matches!(
            error("p.txt", prose, &Options::default()),
            FileError::Unrecognised { why: FormatWhy::NotATable, .. }
        ));
    }

    #[test]
    fn nothing_kept_nothing_wrong_is_a_file_error() {
        let stats = "客服昵称,接待人数,询单人数\n汇总,10,5\n均值,5,2.5\n";
        assert_eq!(
            error("s.csv", stats.as_bytes(), &Options::default()),
            FileError::OnlySummaryRows { file: "s.csv".into() }
        );
        let blank = "客服昵称,接待人数,询单人数\n,,\n , ,\n";
        assert_eq!(
            error("b.csv", blank.as_bytes(), &Options::default()),
            FileError::HeaderOnly { file: "b.csv".into() }
        );
        let header = "客服昵称,接待人数,询单人数\n";
        assert_eq!(
            error("h.csv", header.as_bytes(), &Options::default()),
            FileError::HeaderOnly { file: "h.csv".into() }
        );
        let one = "客服昵称,接待人数,询单人数\n汇总,10,5\n小美,4,2\n";
        assert!(
            matches!(run("客服接待数据_2026-10-19至2026-10-19.csv", one.as_bytes(), &Options::default()).as_slice(), [Ok(a)] if a.data.is_some())
        );
    }
}
