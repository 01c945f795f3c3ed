//! The I/O layer of the importer (`import::{encoding, sniff, table}`) against the files the
//! export writers produce, against hostile input (property tests: never a panic), and a
//! throughput measurement (`--ignored`, run in release).

use std::io::{Cursor, Read};
use std::time::Instant;

use kefu_core::demo::{DemoConfig, DemoWorkspace, generate_simple};
use kefu_core::export;
use kefu_core::import::TextEncoding;
use kefu_core::import::encoding::{decode_sample, decoder, detect};
use kefu_core::import::sniff::{Container, TextFormat, container, text_format};
use kefu_core::import::table::{Record, TableReader};
use proptest::prelude::*;

fn ws() -> DemoWorkspace {
    generate_simple(&DemoConfig { days: 2, agents: 12, ..Default::default() })
}

fn write(f: impl FnOnce(&mut Vec<u8>) -> std::io::Result<u64>) -> (Vec<u8>, u64) {
    let mut v = Vec::new();
    let n = f(&mut v).unwrap();
    (v, n)
}

/// Reads a text table the way the pipeline does; returns (row number, cells) of every row.
fn read_text(bytes: &[u8]) -> (TextEncoding, Vec<(u64, Vec<String>)>) {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    assert_eq!(container(head), Container::Text);
    let enc = detect(head).encoding;
    let (sample, _) = decode_sample(head, enc);
    let TextFormat::Delimited(d) = text_format(&sample) else { panic!("not delimited") };
    let mut r = TableReader::delimited("t.csv", decoder(bytes, enc), d);
    let mut rec = Record::new();
    let mut rows = Vec::new();
    while r.read(&mut rec).unwrap() {
        rows.push((r.row_no(), rec.to_vec()));
    }
    (enc, rows)
}

fn read_sheet(bytes: Vec<u8>) -> Vec<(u64, Vec<String>)> {
    assert_eq!(container(&bytes), Container::Zip);
    let mut r = TableReader::spreadsheet("t.xlsx", Cursor::new(bytes)).unwrap();
    let mut rec = Record::new();
    let mut rows = Vec::new();
    while r.read(&mut rec).unwrap() {
        rows.push((r.row_no(), rec.to_vec()));
    }
    rows
}

#[test]
fn text_exports_read_back() {
    let ws = ws();
    let (bytes, n) = write(|w| export::orders_csv(w, &ws.orders));
    let (enc, rows) = read_text(&bytes);
    assert_eq!(enc, TextEncoding::Gb18030);
    assert_eq!(rows.len() as u64, n + 1);
    assert_eq!(rows[0].1, export::backoffice::ORDER_HEADERS);
    for (i, (row, cells)) in rows.iter().enumerate() {
        // No multi-line cells in these exports: row numbers are line numbers.
        assert_eq!(*row, i as u64 + 1);
        assert_eq!(cells.len(), 24);
    }
    let o = &ws.orders[0];
    assert_eq!(rows[1].1[0], format!("=\"{}\"", o.id));
    assert_eq!(rows[1].1[1], o.buyer);
    assert_eq!(rows[1].1[15], o.title);

    let (bytes, n) = write(|w| export::sub_orders_csv(w, &ws.sub_orders));
    let (enc, rows) = read_text(&bytes);
    assert_eq!(enc, TextEncoding::Utf8);
    assert_eq!(rows.len() as u64, n + 1);
    assert_eq!(rows[0].1, export::backoffice::SUB_ORDER_HEADERS, "BOM stripped");

    let (bytes, n) = write(|w| export::reviews_csv(w, &ws.reviews));
    let (_, rows) = read_text(&bytes);
    assert_eq!(rows.len() as u64, n + 1);
    for (r, cells) in rows.iter().skip(1).zip(&ws.reviews) {
        assert_eq!(r.1[4], cells.content.replace("\r\n", "\n").replace('\r', "\n"));
    }

    let (bytes, n) = write(|w| export::attendance_csv(w, &ws.attendance));
    let (enc, rows) = read_text(&bytes);
    assert_eq!(enc, TextEncoding::Gb18030);
    assert_eq!(rows.len() as u64, n + 1);

    let (bytes, n) = write(|w| export::staff_csv(w, &ws.staff));
    let (_, rows) = read_text(&bytes);
    assert_eq!(rows.len() as u64, n + 1);
    assert_eq!(rows[0].1, export::backoffice::STAFF_HEADERS);

    // The chat CSV has multi-line texts: row numbers follow the lines.
    let (bytes, n) = write(|w| export::chat_csv(w, &ws.chats));
    let (_, rows) = read_text(&bytes);
    assert_eq!(rows.len() as u64, n + 1);
    let text = String::from_utf8(bytes).unwrap();
    let mut line = 1u64;
    for (row, cells) in &rows {
        assert_eq!(*row, line);
        line += 1 + cells.iter().map(|c| c.matches('\n').count() as u64).sum::<u64>();
    }
    assert_eq!(line - 1, text.matches('\n').count() as u64);
}

#[test]
fn xlsx_exports_read_back() {
    let ws = ws();
    let (bytes, n) = write(|w| export::refunds_xlsx(w, &ws.refunds));
    let rows = read_sheet(bytes);
    assert_eq!(rows.len() as u64, n + 1);
    assert_eq!(rows[0].1, export::backoffice::REFUND_HEADERS);
    for ((row, cells), r) in rows.iter().skip(1).zip(&ws.refunds) {
        assert!(*row >= 2);
        assert_eq!(cells[0], r.order_id, "ids written as text stay text");
        assert_eq!(cells[3], r.applied.iso());
        let paid: f64 = cells[5].parse().unwrap();
        assert!((paid - r.paid.fen() as f64 / 100.0).abs() < 1e-9, "{} vs {:?}", cells[5], r.paid);
    }

    let (bytes, n) = write(|w| export::agent_stats_xlsx(w, &ws.agent_stats));
    let rows = read_sheet(bytes);
    // Header, agent rows, 汇总, 均值.
    assert_eq!(rows.len() as u64, n + 3);
    assert_eq!(rows[0].1, export::backoffice::AGENT_STAT_HEADERS);
    assert_eq!(rows[rows.len() - 2].1[1], "汇总");
    assert_eq!(rows[rows.len() - 1].1[1], "均值");
    for (_, cells) in &rows {
        assert_eq!(cells.len(), 24, "rows keep the full width, blank cells included");
        // Counts come out as integers.
        assert!(!cells[3].ends_with(".0"));
    }
}

#[test]
fn qianniu_and_json_are_sniffed() {
    let ws = ws();
    let day = ws.chats.threads[0].messages[0].ts.date();
    let (bytes, _) = write(|w| export::qianniu_day(w, &ws.chats, day));
    let (s, _) = decode_sample(&bytes[..bytes.len().min(65536)], detect(&bytes).encoding);
    assert_eq!(text_format(&s), TextFormat::Qianniu);
    let (bytes, _) =
        write(|w| export::buyer_json(w, &ws.chats, ws.chats.threads[0].buyer, "2026-11-16 09:30:00"));
    assert_eq!(text_format(&String::from_utf8(bytes).unwrap()), TextFormat::Json);
}

#[test]
fn utf16_table_reads() {
    let text = "订单编号\t金额\r\n1\t2\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let (enc, rows) = read_text(&bytes);
    assert_eq!(enc, TextEncoding::Utf16Le);
    assert_eq!(
        rows,
        vec![(1, vec!["订单编号".to_string(), "金额".into()]), (2, vec!["1".into(), "2".into()])]
    );
}

/// Reads everything; errors are fine, panics are not.
fn drain_text(bytes: &[u8], enc: TextEncoding, delimiter: u8) {
    let mut r = TableReader::delimited("x", decoder(bytes, enc), delimiter);
    let mut rec = Record::new();
    let mut last = 0;
    while let Ok(true) = r.read(&mut rec) {
        assert!(r.row_no() >= 1);
        assert!(r.row_no() > last, "row numbers increase");
        last = r.row_no();
        let _ = rec.iter().count();
        let _ = rec.is_blank();
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn hostile_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let g = detect(&bytes);
        let _ = container(&bytes);
        let (s, _) = decode_sample(&bytes, g.encoding);
        let _ = text_format(&s);
        for enc in TextEncoding::ALL {
            let mut out = Vec::new();
            decoder(&bytes[..], enc).read_to_end(&mut out).unwrap();
            prop_assert!(std::str::from_utf8(&out).is_ok());
        }
        for d in [b',', b'\t', b';', b'|'] {
            drain_text(&bytes, g.encoding, d);
        }
        let _ = TableReader::spreadsheet("x", Cursor::new(bytes.clone())).map(|mut r| {
            let mut rec = Record::new();
            while let Ok(true) = r.read(&mut rec) {}
        });
    }

    #[test]
    fn texty_bytes_never_panic(s in "[a-z,\"\\r\\n\t;| 订单\u{FEFF}]{0,300}") {
        let _ = text_format(&s);
        drain_text(s.as_bytes(), TextEncoding::Utf8, b',');
        let b: Vec<u8> = s.bytes().collect();
        let mut truncated = b.clone();
        truncated.truncate(b.len() / 2);
        let _ = detect(&truncated);
    }

    /// Whatever the cells, the csv writer's output reads back to the same cells (line breaks
    /// inside cells normalised to `\n`), with row numbers at the lines where records start.
    #[test]
    fn csv_round_trip(
        table in proptest::collection::vec(
            proptest::collection::vec("[a-z\"订,\\r\\n ]{0,8}", 1..6), 1..20),
        crlf in any::<bool>(),
    ) {
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .terminator(if crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') })
            .from_writer(Vec::new());
        for row in &table {
            w.write_record(row).unwrap();
        }
        let bytes = w.into_inner().unwrap();
        let mut r = TableReader::delimited("x", decoder(&bytes[..], TextEncoding::Utf8), b',');
        let mut rec = Record::new();
        let mut got = Vec::new();
        while r.read(&mut rec).unwrap() {
            got.push(rec.to_vec());
        }
        let want: Vec<Vec<String>> = table
            .iter()
            .map(|row| row.iter().map(|c| c.replace("\r\n", "\n").replace('\r', "\n")).collect())
            .collect();
        prop_assert_eq!(got, want);
    }
}

/// Hands out the input in small pieces of varying size, so that line ends and characters
/// are split between reads.
struct Choppy {
    data: Vec<u8>,
    pos: usize,
    seed: u32,
}

impl Read for Choppy {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.seed = self.seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let want = 1 + (self.seed >> 16) as usize % 40;
        let n = want.min(buf.len()).min(self.data.len() - self.pos);
        buf[..n].copy_from_slice(&self.data[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// Line breaks (`\r\n`, `\n` or a lone `\r`) in `b`.
fn line_breaks(b: &[u8]) -> u64 {
    let mut n = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\r' if b.get(i + 1) == Some(&b'\n') => {
                n += 1;
                i += 1;
            }
            b'\r' | b'\n' => n += 1,
            _ => {}
        }
        i += 1;
    }
    n
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    /// Row numbers are the lines where records start, whatever the line ends, blank lines,
    /// multi-line cells and read boundaries.
    #[test]
    fn row_numbers_are_line_numbers(
        table in proptest::collection::vec(
            (
                proptest::collection::vec(("[a-z订]{0,4}", "[a-z订\"]{0,3}", 0..4usize, any::<bool>()), 1..5),
                0..3usize,
                0..3usize,
            ),
            1..15,
        ),
        final_break in any::<bool>(),
        seed in any::<u32>(),
    ) {
        const BREAKS: [&str; 3] = ["\n", "\r\n", "\r"];
        let mut text = String::new();
        let mut want = Vec::new();
        for (k, (cells, eol, blanks)) in table.iter().enumerate() {
            let line = 1 + line_breaks(text.as_bytes());
            let mut row = Vec::new();
            for (i, (a, b, brk, quoted)) in cells.iter().enumerate() {
                if i > 0 {
                    text.push(',');
                }
                // The first cell is never empty, so no record is a blank line.
                let a = if i == 0 { format!("x{a}") } else { a.clone() };
                if *quoted {
                    let inner = format!("{a}{}{b}", BREAKS[*brk % 3]);
                    text.push('"');
                    text.push_str(&inner.replace('"', "\"\""));
                    text.push('"');
                    row.push(inner.replace("\r\n", "\n").replace('\r', "\n"));
                } else {
                    text.push_str(&a);
                    row.push(a);
                }
            }
            want.push((line, row));
            let last = k + 1 == table.len();
            if !last || final_break {
                text.push_str(BREAKS[*eol]);
                for _ in 0..*blanks {
                    text.push_str(BREAKS[(*eol + 1) % 3]);
                }
            }
        }
        for chop in [false, true] {
            let input: Box<dyn Read> = if chop {
                Box::new(Choppy { data: text.clone().into_bytes(), pos: 0, seed })
            } else {
                Box::new(Cursor::new(text.clone().into_bytes()))
            };
            let mut r = TableReader::delimited("x", decoder(input, TextEncoding::Utf8), b',');
            let mut rec = Record::new();
            let mut got = Vec::new();
            while r.read(&mut rec).unwrap() {
                got.push((r.row_no(), rec.to_vec()));
            }
            prop_assert_eq!(&got, &want, "text {:?}", text);
        }
    }
}

// ---- throughput ----

/// A table of about `target` bytes: the demo orders repeated, as UTF-8 (no BOM) and GBK.
fn big_orders(target: usize) -> (Vec<u8>, Vec<u8>) {
    let ws = generate_simple(&DemoConfig::default());
    let (gbk, _) = write(|w| export::orders_csv(w, &ws.orders));
    let (text, _) = encoding_rs::GBK.decode_without_bom_handling(&gbk);
    let (header, body) = text.split_once("\r\n").unwrap();
    let mut utf8 = String::with_capacity(target + body.len());
    utf8.push_str(header);
    utf8.push_str("\r\n");
    while utf8.len() < target {
        utf8.push_str(body);
    }
    let gbk = encoding_rs::GBK.encode(&utf8).0.into_owned();
    (utf8.into_bytes(), gbk)
}

/// CPU time of this thread in seconds (the build machine is shared: wall time says little);
/// wall time where the kernel does not tell.
fn cpu_now() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map(|ns| ns / 1e9)
        .unwrap_or_else(|| {
            static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
            START.get_or_init(Instant::now).elapsed().as_secs_f64()
        })
}

/// Reads every record; returns (CPU seconds, wall seconds, rows).
fn time_read(make: impl FnOnce() -> TableReader<'static>) -> (f64, f64, u64) {
    let (c, w) = (cpu_now(), Instant::now());
    let mut r = make();
    let mut rec = Record::new();
    let mut rows = 0u64;
    while r.read(&mut rec).unwrap() {
        rows += 1;
    }
    (cpu_now() - c, w.elapsed().as_secs_f64(), rows)
}

/// `cargo test --release -p kefu-core --test import_io -- --ignored --nocapture`
#[test]
#[ignore]
fn throughput() {
    let (utf8, gbk) = big_orders(100 << 20);
    let utf8: &'static [u8] = Box::leak(utf8.into_boxed_slice());
    let gbk: &'static [u8] = Box::leak(gbk.into_boxed_slice());
    let mb = |b: &[u8]| b.len() as f64 / (1 << 20) as f64;
    println!("UTF-8: {:.1} MB, GBK: {:.1} MB (MB/s of file bytes; CPU time, wall time)", mb(utf8), mb(gbk));
    for _ in 0..3 {
        let report = |what: &str, bytes: &[u8], (c, w, rows): (f64, f64, u64)| {
            println!(
                "{what:<44} {rows} rows  {:>5.0} MB/s cpu  {:>5.0} MB/s wall",
                mb(bytes) / c,
                mb(bytes) / w
            );
        };
        let t = time_read(|| TableReader::delimited("big.csv", decoder(utf8, TextEncoding::Utf8), b','));
        report("UTF-8: delimited(decoder(..))", utf8, t);
        let t = time_read(|| TableReader::delimited_encoded("big.csv", utf8, TextEncoding::Utf8, b','));
        report("UTF-8: delimited_encoded", utf8, t);
        let t = time_read(|| TableReader::delimited("big.csv", decoder(gbk, TextEncoding::Gb18030), b','));
        report("GBK:   delimited(decoder(..))", gbk, t);
        let (c, w) = (cpu_now(), Instant::now());
        let mut csv = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(utf8);
        let mut raw = csv::ByteRecord::new();
        let mut rows = 0;
        while csv.read_byte_record(&mut raw).unwrap() {
            rows += 1;
        }
        report(
            "baseline: bare csv ByteRecords, UTF-8",
            utf8,
            (cpu_now() - c, w.elapsed().as_secs_f64(), rows),
        );
    }
}
