//! Recognise what kind of file a byte stream is: the container from the first bytes
//! ([`container`]), what a zip holds from its entry names ([`zip_content`]), and the format of
//! decoded text from a sample ([`text_format`]).
//!
//! Text sniffing order: JSON (the first non-space character opens an object or array), then
//! 千牛 copied text (many lines are message headers `昵称 2026-10-19 9:05:03`, transfers
//! `A --> B 2026-10-19 9:05:03` or block separators `---- 与 X 的聊天记录 ----`), then a
//! delimited table (the delimiter among `,` `\t` `;` `|` whose most common field count, above
//! 1, covers most of the first records, quote-aware; a few short or long rows — a truncated
//! row, extra cells — do not matter), else unknown.

use super::encoding;

/// The outer container of a file, from its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Container {
    Empty,
    /// `PK\x03\x04`: xlsx or a zip archive of exports.
    Zip,
    /// OLE2 compound file: xls, or a password-protected xlsx.
    Ole2,
    /// Plausibly text.
    Text,
    /// Binary data that is none of the above.
    Binary,
}

/// OLE2 compound file signature.
pub const OLE2_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Signatures of binary formats that are never exports: images, PDF, other archives,
/// executables, databases.
const BINARY_MAGIC: &[&[u8]] = &[
    b"\x89PNG\r\n\x1A\n",
    b"%PDF-",
    b"\x1F\x8B",
    b"\xFF\xD8\xFF",
    b"GIF87a",
    b"GIF89a",
    b"7z\xBC\xAF\x27\x1C",
    b"Rar!\x1A\x07",
    b"\xFD7zXZ\x00",
    b"\x28\xB5\x2F\xFD",
    b"\x7FELF",
    b"SQLite format 3\x00",
    b"\x00asm",
    b"\xCA\xFE\xBA\xBE",
    b"II*\x00",
    b"MM\x00*",
];

/// The outer container of a file, from its first bytes (a few KB).
pub fn container(head: &[u8]) -> Container {
    if head.is_empty() {
        return Container::Empty;
    }
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return Container::Zip;
    }
    if head.starts_with(OLE2_MAGIC) {
        return Container::Ole2;
    }
    if BINARY_MAGIC.iter().any(|m| head.starts_with(m)) || is_bzip2(head) || is_riff_media(head) {
        return Container::Binary;
    }
    if encoding::bom(head).is_some() || encoding::utf16_without_bom(head).is_some() {
        return Container::Text;
    }
    // Control characters other than tab, line ends, form feed and the DOS end-of-file mark.
    let suspicious = head
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1A)) || b == 0x7F)
        .count();
    if suspicious * 100 > head.len() { Container::Binary } else { Container::Text }
}

fn is_bzip2(head: &[u8]) -> bool {
    head.len() >= 10
        && head.starts_with(b"BZh")
        && head.get(3).is_some_and(|d| (b'1'..=b'9').contains(d))
        && head.get(4..10) == Some(b"\x31\x41\x59\x26\x53\x59")
}

fn is_riff_media(head: &[u8]) -> bool {
    head.starts_with(b"RIFF") && matches!(head.get(8..12), Some(b"WEBP" | b"WAVE" | b"AVI "))
}

/// What a zip holds, from its entry names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ZipContent {
    Xlsx,
    Archive,
}

/// [`ZipContent::Xlsx`] when the entries include `xl/workbook.xml` (or `[Content_Types].xml`
/// and entries under `xl/`, as in xlsb), else an archive of files.
pub fn zip_content<'n>(names: impl IntoIterator<Item = &'n str>) -> ZipContent {
    let (mut content_types, mut xl) = (false, false);
    for name in names {
        let name = name.trim_start_matches(['/', '\\']);
        let lower = name.to_ascii_lowercase().replace('\\', "/");
        if lower == "xl/workbook.xml" {
            return ZipContent::Xlsx;
        }
        content_types |= lower == "[content_types].xml";
        xl |= lower.starts_with("xl/");
    }
    if content_types && xl { ZipContent::Xlsx } else { ZipContent::Archive }
}

/// The format of decoded text, from a sample of its start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextFormat {
    Delimited(u8),
    Qianniu,
    Json,
    Unknown,
}

/// Delimiters tried, in order of preference when equally good.
pub const DELIMITERS: [u8; 4] = [b',', b'\t', b';', b'|'];

/// Records examined per delimiter.
const SNIFF_RECORDS: usize = 50;

/// Non-empty lines examined for 千牛 text.
const SNIFF_LINES: usize = 200;

/// Share of records that must have the winning field count (or one near it, see
/// [`near_mode`]).
const MIN_CONSISTENCY: f64 = 0.6;

/// The format of decoded text, from a sample of its start (which may end mid-line). See the
/// module docs.
pub fn text_format(sample: &str) -> TextFormat {
    let s = sample.trim_start_matches(|c: char| c == '\u{FEFF}' || c.is_whitespace());
    if looks_like_json(s) {
        return TextFormat::Json;
    }
    if is_qianniu(s) {
        return TextFormat::Qianniu;
    }
    match best_delimiter(s) {
        Some(d) => TextFormat::Delimited(d),
        None => TextFormat::Unknown,
    }
}

fn looks_like_json(s: &str) -> bool {
    let mut chars = s.chars();
    let first = chars.next();
    let next = chars.as_str().trim_start().chars().next();
    match first {
        Some('{') => matches!(next, None | Some('"' | '}')),
        // Chat exports hold objects (or strings); `[1]\t…` or `[自动回复]…` is not JSON.
        Some('[') => matches!(next, None | Some('{' | '[' | '"' | ']')),
        _ => false,
    }
}

/// Lines of the sample; the last one is dropped when the sample ends mid-line (unless it is
/// the only one).
fn sample_lines(s: &str) -> impl Iterator<Item = &str> {
    let complete = s.ends_with(['\n', '\r']);
    let mut lines: Vec<&str> = s.split(['\n', '\r']).collect();
    if !complete && lines.len() > 1 {
        lines.pop();
    }
    lines.into_iter()
}

/// What one line of 千牛 text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QianniuLine {
    /// `昵称 2026-10-19 9:05:03` (the space may be missing); the nick is `line[..nick_end]`.
    Header {
        nick_end: usize,
    },
    /// `A --> B 2026-10-19 9:05:03`.
    Transfer,
    /// `---------------- 与 X 的聊天记录 ----------------`.
    Separator,
    /// `已读`, `未读`, `发送中`.
    Noise,
    Other,
}

/// Classifies one line of 千牛 copied text (line end already removed).
pub fn qianniu_line(line: &str) -> QianniuLine {
    let line = line.trim_end();
    if matches!(line.trim(), "已读" | "未读" | "发送中") {
        return QianniuLine::Noise;
    }
    if line.starts_with("---") && line.contains('与') && line.contains("聊天记录") {
        return QianniuLine::Separator;
    }
    let Some(date_start) = datetime_at_end(line) else { return QianniuLine::Other };
    let before = line.get(..date_start).unwrap_or_default();
    let nick = before.strip_suffix(' ').unwrap_or(before);
    if nick.contains(" --> ") {
        return QianniuLine::Transfer;
    }
    let plausible = !nick.trim().is_empty()
        && nick.chars().count() <= 64
        && !nick.contains([',', '\t', ';', '|', '"'])
        && !nick.ends_with(char::is_whitespace);
    if plausible { QianniuLine::Header { nick_end: nick.len() } } else { QianniuLine::Other }
}

/// Where a trailing `YYYY-M-D H:MM:SS` (month, day and hour padded or not) starts.
fn datetime_at_end(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    let mut i = b.len();
    // Reads 1..=max digits backwards ending at `i`; returns the new position.
    let digits = |i: usize, min: usize, max: usize| -> Option<usize> {
        let mut j = i;
        while j > 0 && i - j < max && b.get(j - 1).is_some_and(u8::is_ascii_digit) {
            j -= 1;
        }
        (i - j >= min).then_some(j)
    };
    let sep = |i: usize, c: u8| -> Option<usize> { (i > 0 && b.get(i - 1) == Some(&c)).then(|| i - 1) };
    i = digits(i, 2, 2)?;
    i = sep(i, b':')?;
    i = digits(i, 2, 2)?;
    i = sep(i, b':')?;
    i = digits(i, 1, 2)?;
    i = sep(i, b' ')?;
    i = digits(i, 1, 2)?;
    i = sep(i, b'-')?;
    i = digits(i, 1, 2)?;
    i = sep(i, b'-')?;
    // A nick ending in digits may run into the year (`tb_小鱼儿882026-10-19 9:05:03`): the
    // date is the last group.
    digits(i, 4, 4)
}

fn is_qianniu(s: &str) -> bool {
    let (mut lines, mut headers, mut separators) = (0usize, 0usize, 0usize);
    for line in sample_lines(s).filter(|l| !l.trim().is_empty()).take(SNIFF_LINES) {
        lines += 1;
        match qianniu_line(line) {
            QianniuLine::Header { .. } | QianniuLine::Transfer => headers += 1,
            QianniuLine::Separator => separators += 1,
            QianniuLine::Noise | QianniuLine::Other => {}
        }
    }
    headers >= 1 && (headers + separators) * 100 >= lines * 15
}

/// Field counts of the first records of `s` split by `delim`, quote-aware (a field starting
/// with `"` runs to the closing quote, `""` inside it is a quote, line breaks inside it do
/// not end the record). Blank lines are skipped; a record cut by the end of the sample is left
/// out unless it is the only one.
pub fn field_counts(s: &str, delim: u8, max_records: usize) -> Vec<usize> {
    let b = s.as_bytes();
    let mut counts = Vec::new();
    let (mut fields, mut content, mut at_start, mut in_quotes) = (1usize, false, true, false);
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        i += 1;
        if in_quotes {
            if c == b'"' {
                if b.get(i) == Some(&b'"') {
                    i += 1;
                } else {
                    in_quotes = false;
                }
            }
            continue;
        }
        match c {
            b'"' if at_start => {
                in_quotes = true;
                at_start = false;
                content = true;
            }
            b'\r' | b'\n' => {
                if c == b'\r' && b.get(i) == Some(&b'\n') {
                    i += 1;
                }
                if content {
                    counts.push(fields);
                    if counts.len() >= max_records {
                        return counts;
                    }
                }
                (fields, content, at_start) = (1, false, true);
            }
            _ if c == delim => {
                fields += 1;
                at_start = true;
                content = true;
            }
            _ => {
                at_start = false;
                content = true;
            }
        }
    }
    if content && counts.is_empty() {
        counts.push(fields);
    }
    counts
}

/// The delimiter whose most common field count (above 1) covers the most records, if it
/// covers enough of them.
fn best_delimiter(s: &str) -> Option<u8> {
    let mut best: Option<(f64, u8)> = None;
    for d in DELIMITERS {
        let counts = field_counts(s, d, SNIFF_RECORDS);
        let Some((mode, _)) = mode(&counts) else { continue };
        if mode < 2 {
            continue;
        }
        let covered = counts.iter().filter(|&&c| near_mode(c, mode)).count();
        let consistency = covered as f64 / counts.len() as f64;
        if consistency < MIN_CONSISTENCY {
            continue;
        }
        let score = consistency * (mode as f64).ln();
        if best.is_none_or(|(b, _)| score > b + 1e-9) {
            best = Some((score, d));
        }
    }
    best.map(|(_, d)| d)
}

/// Whether a record of `count` fields fits a table of `mode` columns: exactly for narrow tables
/// (where prose with a comma or two could pass), within an eighth for wide ones, so that a row
/// with a few extra cells still counts.
fn near_mode(count: usize, mode: usize) -> bool {
    count.abs_diff(mode) <= mode / 8
}

/// The most frequent value (the larger on ties) and how often it occurs.
fn mode(counts: &[usize]) -> Option<(usize, usize)> {
    let mut sorted = counts.to_vec();
    sorted.sort_unstable();
    let mut best: Option<(usize, usize)> = None;
    for run in sorted.chunk_by(|a, b| a == b) {
        if let Some(&v) = run.first()
            && best.is_none_or(|(_, f)| run.len() >= f)
        {
            best = Some((v, run.len()));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{DemoConfig, DemoWorkspace, generate_simple};
    use crate::export;
    use crate::import::TextEncoding;
    use crate::import::encoding::{decode_sample, detect};

    fn ws() -> DemoWorkspace {
        generate_simple(&DemoConfig { days: 2, agents: 12, ..Default::default() })
    }

    /// Sniffs bytes as the pipeline does: container, encoding, 64 KB decoded sample, format.
    fn sniff(bytes: &[u8]) -> (Container, TextEncoding, TextFormat) {
        let head = &bytes[..bytes.len().min(64 * 1024)];
        let c = container(head);
        let enc = detect(head).encoding;
        let (text, _) = decode_sample(head, enc);
        (c, enc, text_format(&text))
    }

    fn write(f: impl FnOnce(&mut Vec<u8>) -> std::io::Result<u64>) -> Vec<u8> {
        let mut v = Vec::new();
        f(&mut v).unwrap();
        v
    }

    #[test]
    fn containers() {
        assert_eq!(container(b""), Container::Empty);
        assert_eq!(container(b"PK\x03\x04\x14\x00"), Container::Zip);
        assert_eq!(container(b"PK\x05\x06\0\0\0\0"), Container::Zip);
        assert_eq!(container(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0"), Container::Ole2);
        assert_eq!(container(b"\x89PNG\r\n\x1A\n\0\0\0\rIHDR"), Container::Binary);
        assert_eq!(container(b"%PDF-1.7\n%\xE2\xE3"), Container::Binary);
        assert_eq!(container(b"\x1F\x8B\x08\0\0\0\0\0"), Container::Binary);
        assert_eq!(container(b"GIF89a"), Container::Binary);
        assert_eq!(container(b"a,b\r\n1,2\r\n"), Container::Text);
        assert_eq!(container("订单编号,金额\n".as_bytes()), Container::Text);
        let (g, _, _) = encoding_rs::GBK.encode("订单编号,金额\r\n1,2\r\n");
        assert_eq!(container(&g), Container::Text);
        let w: Vec<u8> = "订单编号,金额\r\n1,2\r\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(container(&w), Container::Text);
        let junk: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 11) as u8).collect();
        assert_eq!(container(&junk), Container::Binary);
        assert_eq!(container(b"a\0b\0\0\0\x01\x02\x03,\0"), Container::Binary);
        // One stray NUL in a large text is still text.
        let mut t = "a,b\n".repeat(1000).into_bytes();
        t[10] = 0;
        assert_eq!(container(&t), Container::Text);
    }

    #[test]
    fn zip_contents() {
        assert_eq!(zip_content(["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml"]), ZipContent::Xlsx);
        assert_eq!(zip_content(["[Content_Types].xml", "xl/workbook.bin"]), ZipContent::Xlsx);
        assert_eq!(zip_content(["订单报表.csv", "xl/readme.txt"]), ZipContent::Archive);
        assert_eq!(zip_content(["a.csv", "b.xlsx"]), ZipContent::Archive);
        assert_eq!(zip_content([]), ZipContent::Archive);
    }

    #[test]
    fn formats_of_hand_samples() {
        assert_eq!(text_format("{\n  \"user\": \"x\"}"), TextFormat::Json);
        assert_eq!(text_format("\u{FEFF} [{\"a\":1}]"), TextFormat::Json);
        assert_eq!(text_format("[自动回复]你好,在的\n"), TextFormat::Delimited(b','));
        assert_eq!(text_format("[1]\tx\n[2]\ty\n"), TextFormat::Delimited(b'\t'));
        assert_eq!(text_format("a,b,c\n1,2,3\n"), TextFormat::Delimited(b','));
        assert_eq!(text_format("a\tb\tc\n1\t2,5\t3\n"), TextFormat::Delimited(b'\t'));
        assert_eq!(text_format("a;b;c\n1;2,5;3\n4;5;6"), TextFormat::Delimited(b';'));
        assert_eq!(text_format("a|b|c\n1|2|3\n"), TextFormat::Delimited(b'|'));
        // Commas inside quotes do not count; a quoted field may span lines.
        let q = "id;text;n\r\n1;\"a, b, c\";2\r\n2;\"line1\nline2, x\";3\r\n3;x;4\r\n";
        assert_eq!(text_format(q), TextFormat::Delimited(b';'));
        assert_eq!(field_counts(q, b';', 50), vec![3, 3, 3, 3]);
        // A title line above the header does not matter.
        assert_eq!(
            text_format("订单报表\n编号,金额,时间\n1,2,3\n4,5,6\n7,8,9\n"),
            TextFormat::Delimited(b',')
        );
        // Prose.
        assert_eq!(text_format("今天天气不错。\n我们去公园吧！\n好的\n"), TextFormat::Unknown);
        assert_eq!(
            text_format("Hello, world. Nice day, isn't it\nYes, quite, very, much so\nok\n"),
            TextFormat::Unknown
        );
        assert_eq!(text_format(""), TextFormat::Unknown);
        // Cut mid-line: the cut record is left out.
        assert_eq!(field_counts("a,b,c\n1,2,3\n4,", b',', 50), vec![3, 3]);
        // Unbalanced quote runs to the end.
        assert_eq!(text_format("a,b\n\"1,2\n3,4\n"), TextFormat::Delimited(b','));
        // A CSV whose last column is a 千牛-like time is not 千牛 text.
        let csv = "客服,时间\n小美,2026-10-19 9:05:03\n小丽,2026-10-19 9:06:03\n";
        assert_eq!(text_format(csv), TextFormat::Delimited(b','));
    }

    /// A table with a cut-short row and a row with extra cells is still a table; prose and
    /// single-column text are not.
    #[test]
    fn ragged_tables_are_tables() {
        let row = |n: usize| (0..n).map(|i| format!("v{i}")).collect::<Vec<_>>().join(",");
        let ragged = [row(24), row(24), row(5), row(27)].join("\r\n") + "\r\n";
        assert_eq!(text_format(&ragged), TextFormat::Delimited(b','));
        let ragged = [row(10), row(10), row(10), row(3), row(10), row(11)].join("\n");
        assert_eq!(text_format(&ragged), TextFormat::Delimited(b','));
        // Narrow tables must agree exactly.
        assert_eq!(text_format("a,b\n1,2,3\nx\n4,5,6,7\n"), TextFormat::Unknown);
        assert_eq!(text_format("订单编号\n1930679858170647\n1930679858170648\n"), TextFormat::Unknown);
        let prose = "今天天气不错，我们去公园吧。\n好的，几点？\n下午三点，门口见，不见不散。\n";
        assert_eq!(text_format(prose), TextFormat::Unknown);
        let prose = "Well, the order came late, and the box, sadly, was torn.\n\
                     We asked, twice, for a refund.\nNo answer yet.\n";
        assert_eq!(text_format(prose), TextFormat::Unknown);
    }

    #[test]
    fn qianniu_lines() {
        use QianniuLine::*;
        assert_eq!(
            qianniu_line("棉语旗舰店:小美 2026-10-19 9:05:03"),
            Header { nick_end: "棉语旗舰店:小美".len() }
        );
        assert_eq!(
            qianniu_line("tb_小鱼儿882026-10-19 19:05:03\r"),
            Header { nick_end: "tb_小鱼儿88".len() }
        );
        assert_eq!(qianniu_line("系统消息 2026-1-9 0:00:00"), Header { nick_end: "系统消息".len() });
        assert_eq!(qianniu_line("店:a --> 店:b 2026-10-19 9:05:03"), Transfer);
        assert_eq!(qianniu_line("---------------- 与 tb_x 的聊天记录 ----------------"), Separator);
        assert_eq!(qianniu_line("已读"), Noise);
        assert_eq!(qianniu_line("2026-10-19 9:05:03"), Other);
        assert_eq!(qianniu_line("你好 2026-10-19 9:05"), Other);
        assert_eq!(qianniu_line("a,2026-10-19 9:05:03"), Other);
    }

    #[test]
    fn exports_are_recognised() {
        let ws = ws();
        let cases: Vec<(&str, Vec<u8>, TextEncoding, TextFormat)> = vec![
            (
                "orders",
                write(|w| export::orders_csv(w, &ws.orders)),
                TextEncoding::Gb18030,
                TextFormat::Delimited(b','),
            ),
            (
                "sub",
                write(|w| export::sub_orders_csv(w, &ws.sub_orders)),
                TextEncoding::Utf8,
                TextFormat::Delimited(b','),
            ),
            (
                "reviews",
                write(|w| export::reviews_csv(w, &ws.reviews)),
                TextEncoding::Utf8,
                TextFormat::Delimited(b','),
            ),
            (
                "staff",
                write(|w| export::staff_csv(w, &ws.staff)),
                TextEncoding::Utf8,
                TextFormat::Delimited(b','),
            ),
            (
                "attendance",
                write(|w| export::attendance_csv(w, &ws.attendance)),
                TextEncoding::Gb18030,
                TextFormat::Delimited(b','),
            ),
            (
                "chat csv",
                write(|w| export::chat_csv(w, &ws.chats)),
                TextEncoding::Utf8,
                TextFormat::Delimited(b','),
            ),
        ];
        for (name, bytes, enc, fmt) in cases {
            assert!(!bytes.is_empty(), "{name}");
            assert_eq!(sniff(&bytes), (Container::Text, enc, fmt), "{name}");
        }
        // 千牛 text, every day.
        let days: std::collections::BTreeSet<_> =
            ws.chats.threads.iter().flat_map(|t| t.messages.iter().map(|m| m.ts.date())).collect();
        assert!(!days.is_empty());
        for d in days {
            let bytes = write(|w| export::qianniu_day(w, &ws.chats, d));
            assert_eq!(sniff(&bytes), (Container::Text, TextEncoding::Utf8, TextFormat::Qianniu), "{d}");
            // Also a small sample cut anywhere.
            let (text, _) = decode_sample(&bytes[..bytes.len().min(700)], TextEncoding::Utf8);
            assert_eq!(text_format(&text), TextFormat::Qianniu, "{d} short");
        }
        // JSON of a buyer.
        let buyer = ws.chats.threads[0].buyer;
        let bytes = write(|w| export::buyer_json(w, &ws.chats, buyer, "2026-11-16 09:30:00"));
        assert_eq!(sniff(&bytes), (Container::Text, TextEncoding::Utf8, TextFormat::Json));
        // XLSX are zips holding a workbook.
        for bytes in [
            write(|w| export::refunds_xlsx(w, &ws.refunds)),
            write(|w| export::agent_stats_xlsx(w, &ws.agent_stats)),
        ] {
            assert_eq!(container(&bytes), Container::Zip);
            let zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
            let names: Vec<String> =
                zip.file_names().filter_map(Result::ok).map(|n| n.into_owned()).collect();
            assert_eq!(zip_content(names.iter().map(String::as_str)), ZipContent::Xlsx);
        }
    }
}
