//! The import engine against damaged and hostile files (`tests/data/malformed/`, made by
//! `tests/data/import/make_fixtures.py`, plus a few big ones generated here): every file must
//! give a clean import or a clear error — a `FileError`, row errors, or a request to map the
//! columns — and never a panic or a hang. Each file is read on its own thread with a generous
//! time limit (a hang guard, not a speed test).
//!
//! The outcome of each file is also kept as a golden summary, `<file>.expected`, so changes in
//! behaviour are noticed; `UPDATE_EXPECT=1 cargo test -p kefu-core --test import_malformed`
//! rewrites them (review the diff). Files named `opt-gbk--…`, `opt-utf8--…`, `opt-qianniu--…`
//! or `opt-json--…` are read with that encoding or format forced, as a wrong choice in the
//! preview would. Crashes found by fuzzing are added as `crash-…` files (`abort-…` for those
//! that kill the process, listed in [`KNOWN_ABORTS`]).

mod dataset_json;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use kefu_core::import::{Analysed, FileError, Format, Options, TextEncoding, analyse};
use kefu_core::lang::Localize;
use kefu_core::{Lang, Ts};

/// Files whose outcome is known to be unclear today (no rows, no error, no request to map):
/// they are reported by the parser owners' issue, not failed here. A file that becomes clear
/// must be taken off the list.
const KNOWN_UNCLEAR: &[&str] = &[];

/// Files that make the engine panic today, found by fuzzing, with where. They are reported,
/// not failed, so the rest of the suite stays useful; a file that stops panicking must be taken
/// off the list (its `.expected` is then written with `UPDATE_EXPECT=1`). In the browser a
/// panic aborts the worker: the job fails as a crash instead of saying what is wrong.
const KNOWN_PANICS: &[(&str, &str)] = &[];

/// Files that abort the process today (an allocation failure is not a panic: no thread or
/// `catch_unwind` contains it), found by fuzzing. They are kept as regression inputs but not
/// read here; once the engine refuses them cleanly, take them off the list.
const KNOWN_ABORTS: &[(&str, &str)] = &[];

/// Per-file hang guard.
const LIMIT: Duration = Duration::from_secs(20);

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/malformed")
}

/// The big inputs, made at test time instead of committed.
fn generated() -> Vec<(String, Vec<u8>)> {
    let header = "订单编号,订单创建时间,买家实际支付金额,宝贝标题\r\n";
    let mut v = Vec::new();
    // One line of 1 MB with no line break.
    let mut line = String::from(header.trim_end());
    line.push(',');
    while line.len() < 1 << 20 {
        line.push_str("1930679858170647,2026-10-19 09:05:03,128.50,T恤,");
    }
    v.push(("gen-one-mb-single-line.csv".to_owned(), line.into_bytes()));
    // 100,000 columns.
    let cols: Vec<String> = (0..100_000).map(|i| format!("c{i}")).collect();
    let mut wide = cols.join(",");
    wide.push_str("\r\n");
    wide.push_str(&vec!["1"; 100_000].join(","));
    wide.push_str("\r\n");
    v.push(("gen-100k-columns.csv".to_owned(), wide.into_bytes()));
    // A cell of 600 KB in an otherwise good row.
    let mut long = String::from(header);
    long.push_str("1930679858170647,2026-10-19 09:05:03,128.50,");
    long.push_str(&"长".repeat(200_000));
    long.push_str("\r\n");
    v.push(("gen-long-cell.csv".to_owned(), long.into_bytes()));
    // 40 MB of one quoted field that never closes.
    let mut open = String::from(header);
    open.push_str("1,2026-10-19 09:05:03,1.00,\"");
    let mut open = open.into_bytes();
    open.resize(40 << 20, b'a');
    v.push(("gen-40mb-unclosed-quote.csv".to_owned(), open));
    // 5 MB of line breaks only.
    v.push(("gen-5mb-of-newlines.csv".to_owned(), b"\r\n".repeat(5 << 19)));
    v
}

fn options_for(name: &str) -> Options {
    let mut o = Options::default();
    if name.starts_with("opt-gbk--") {
        o.encoding = Some(TextEncoding::Gb18030);
    } else if name.starts_with("opt-utf8--") {
        o.encoding = Some(TextEncoding::Utf8);
    } else if name.starts_with("opt-qianniu--") {
        o.format = Some(Format::Qianniu);
    } else if name.starts_with("opt-json--") {
        o.format = Some(Format::ChatJson);
    }
    o
}

#[test]
fn import_malformed() {
    let dir = dir();
    let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
    for e in std::fs::read_dir(&dir).expect("tests/data/malformed exists").flatten() {
        let p = e.path();
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("").to_owned();
        if !p.is_file() || name.ends_with(".expected") || name.starts_with('.') {
            continue;
        }
        if let Some((_, why)) = KNOWN_ABORTS.iter().find(|(f, _)| *f == name) {
            eprintln!("{name}: not read (known to abort the process: {why})");
            continue;
        }
        inputs.push((name, std::fs::read(&p).expect("readable")));
    }
    inputs.extend(generated());
    inputs.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(inputs.len() >= 40, "the malformed corpus has {} files", inputs.len());

    let mut failed: Vec<String> = Vec::new();
    let mut slowest: Vec<(Duration, String)> = Vec::new();
    for (name, bytes) in inputs {
        let opts = options_for(&name);
        let (tx, rx) = mpsc::channel();
        let thread_name = name.clone();
        let started = Instant::now();
        let handle = std::thread::Builder::new()
            .name(thread_name.clone())
            .stack_size(8 << 20)
            .spawn(move || {
                let r = catch_unwind(AssertUnwindSafe(|| summary(&thread_name, &bytes, &opts)));
                let _ = tx.send(r.map_err(|p| panic_text(&p)));
            })
            .expect("thread starts");
        match rx.recv_timeout(LIMIT) {
            Err(_) => {
                // Leave the thread behind: it cannot be stopped, and the test fails anyway.
                failed.push(format!("{name}: no result within {} s (hang?)", LIMIT.as_secs()));
                continue;
            }
            Ok(Err(panic)) => {
                let _ = handle.join();
                match KNOWN_PANICS.iter().find(|(f, _)| *f == name) {
                    Some((_, why)) => eprintln!("{name}: known panic, not failed ({why}): {panic}"),
                    None => failed.push(format!("{name}: PANIC {panic}")),
                }
                continue;
            }
            Ok(Ok(Err(broken))) => {
                let _ = handle.join();
                failed.push(format!("{name}: {broken}"));
                continue;
            }
            Ok(Ok(Ok(actual))) => {
                let _ = handle.join();
                if KNOWN_PANICS.iter().any(|(f, _)| *f == name) {
                    failed.push(format!("{name}: no longer panics: take it off KNOWN_PANICS"));
                }
                let unclear = actual.contains("\nUNCLEAR:");
                match (unclear, KNOWN_UNCLEAR.contains(&name.as_str())) {
                    (true, false) => failed
                        .push(format!("{name}: unclear outcome (no rows, no error, no mapping asked for)")),
                    (false, true) => failed.push(format!("{name}: now clear: take it off KNOWN_UNCLEAR")),
                    _ => {}
                }
                slowest.push((started.elapsed(), name.clone()));
                let expected = expect_test::expect_file![dir.join(format!("{name}.expected"))];
                if catch_unwind(AssertUnwindSafe(|| expected.assert_eq(&actual))).is_err() {
                    failed.push(format!("{name}: differs from {name}.expected (diff above)"));
                }
            }
        }
    }
    slowest.sort();
    for (d, n) in slowest.iter().rev().take(5) {
        eprintln!("slowest: {n} {:.2} s", d.as_secs_f64());
    }
    assert!(
        failed.is_empty(),
        "{} malformed files failed:\n  {}\n(UPDATE_EXPECT=1 rewrites the .expected files; review them before accepting)",
        failed.len(),
        failed.join("\n  ")
    );
}

fn panic_text(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_default()
}

/// Reads the file and renders each outcome, marking with `UNCLEAR:` an outcome that has no
/// rows, no error and no request to map columns; `Err` when the outcome is broken (none at
/// all, an empty message).
fn summary(name: &str, bytes: &[u8], opts: &Options) -> Result<String, String> {
    let mut tick = |_: u64, _: u64| Ok(());
    let outcomes = analyse(name, bytes.len() as u64, std::io::Cursor::new(bytes), opts, &mut tick)
        .map_err(|_| "cancelled without a cancel".to_owned())?;
    if outcomes.is_empty() {
        return Err("no outcome at all".into());
    }
    let mut s = format!("file: {name}\nbytes: {}\noutcomes: {}\n", bytes.len(), outcomes.len());
    for (i, o) in outcomes.iter().enumerate() {
        s.push_str(&format!("\n== outcome {}\n", i + 1));
        match o {
            Ok(a) => {
                render(&mut s, a);
                let r = &a.report;
                if a.data.is_none() && !r.needs_mapping && r.errors.is_empty() {
                    s.push_str("UNCLEAR: no rows, no error, no mapping asked for\n");
                }
            }
            Err(e) => {
                let msg = e.localize(Lang::Zh);
                if msg.trim().is_empty() || e.localize(Lang::En).trim().is_empty() {
                    return Err(format!("empty message for {e:?}"));
                }
                render_error(&mut s, e, &msg);
            }
        }
    }
    Ok(s)
}

fn render_error(s: &mut String, e: &FileError, msg: &str) {
    s.push_str(&format!("file error: {}\nmessage: {msg}\n", short(&format!("{e:?}"), 300)));
}

fn short(v: &str, max: usize) -> String {
    if v.chars().count() <= max {
        v.to_owned()
    } else {
        format!("{}…", v.chars().take(max).collect::<String>())
    }
}

fn render(s: &mut String, a: &Analysed) {
    let r = &a.report;
    s.push_str(&format!("file: {}\n", r.file));
    s.push_str(&format!("format: {:?}\n", r.format));
    s.push_str(&format!(
        "encoding: {}\n",
        r.encoding
            .map(|g| format!("{} (bom: {}, confident: {})", g.encoding.label(), g.bom, g.confident))
            .unwrap_or("-".into())
    ));
    s.push_str(&format!("kind: {:?}, layout: {:?}, needs mapping: {}\n", r.kind, r.layout, r.needs_mapping));
    s.push_str(&format!("header row: {}, header cells: {}\n", r.header_row, r.header.len()));
    s.push_str(&format!("missing: {:?}\n", r.missing));
    s.push_str(&format!(
        "rows: read {}, ok {}, skipped {}, bad {}\n",
        r.rows_read, r.rows_ok, r.rows_skipped, r.rows_bad
    ));
    s.push_str(&format!(
        "period: {}\n",
        r.period.map(|p| format!("{} .. {}", p.from, p.to)).unwrap_or_else(|| "-".into())
    ));
    s.push_str(&format!("errors: {} listed, {} in all\n", r.errors.listed.len(), r.errors.total));
    for e in r.errors.listed.iter().take(12) {
        s.push_str(&format!("  {}\n", short(&e.message(&r.file, Lang::Zh), 200)));
    }
    match &a.data {
        None => s.push_str("data: none\n"),
        Some(d) => {
            s.push_str(&format!("data: {:?}, {} rows\n", d.kind(), d.rows()));
            // The first records, shortened: enough to notice a change.
            let json = dataset_json::dataset_json(d, false);
            s.push_str(&format!("first bytes of data: {}\n", short(&times_readable(&json), 400)));
        }
    }
}

/// Replaces `"created":1476…` style times in compact JSON with readable ones.
fn times_readable(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let mut rest = json;
    while let Some(i) = rest.find("\":") {
        let (head, tail) = rest.split_at(i + 2);
        out.push_str(head);
        let key_start = head[..i].rfind('"').map(|k| k + 1).unwrap_or(0);
        let key = &head[key_start..i];
        let digits = tail.bytes().take_while(|b| b.is_ascii_digit() || *b == b'-').count();
        let is_ts = matches!(key, "created" | "paid_at" | "ts" | "applied" | "finished" | "order_paid_at")
            || matches!(key, "start" | "end" | "clock_in" | "clock_out");
        match tail[..digits].parse::<i64>() {
            Ok(n) if is_ts && digits > 0 => {
                out.push_str(&format!("\"{}\"", Ts(n).iso()));
                rest = &tail[digits..];
            }
            _ => rest = tail,
        }
    }
    out.push_str(rest);
    out
}
