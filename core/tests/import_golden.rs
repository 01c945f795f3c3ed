//! Golden tests of the import engine, data-driven (rust-analyzer style): every fixture under
//! `tests/data/import/` is read with [`analyse`] and default [`Options`], and a readable
//! summary — detection, counts, period, missing fields, the row errors as the user reads them,
//! then the typed rows as JSON — is compared with `<fixture>.expected` beside it.
//!
//! `UPDATE_EXPECT=1 cargo test -p kefu-core --test import_golden` rewrites the expectations;
//! review every changed `.expected` by eye before accepting it (`git diff tests/data/import`).
//! How the fixtures were made: `tests/data/import/make_fixtures.py`.
//!
//! In the JSON, times (`Ts`, seconds of local time) are shown as `"2026-10-19 09:05:03"` and
//! chat participants as `"#3 棉语旗舰店:小美"` (id and interned name) so the file can be checked
//! by reading it; amounts stay integer fen as serialised.

mod dataset_json;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use kefu_core::import::{Analysed, FileError, FileReport, Options, analyse};
use kefu_core::lang::Localize;
use kefu_core::model::DatasetData;
use kefu_core::{Lang, Ts};

/// Files in the fixture folders that are not fixtures.
fn is_fixture(p: &Path) -> bool {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    !(name.ends_with(".expected") || name.ends_with(".py") || name.ends_with(".md") || name.starts_with('.'))
}

fn data_dir(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data").join(sub)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else if is_fixture(&p) {
            out.push(p);
        }
    }
}

/// Fixtures the parsers read wrongly today, with what is wrong. They are still read (a panic
/// fails the test) but not compared, and have no `.expected`: a wrong parse accepted as golden
/// is worse than none. Remove the entry and run with `UPDATE_EXPECT=1` once fixed.
const KNOWN_WRONG: &[(&str, &str)] = &[];

#[test]
fn import_golden() {
    let root = data_dir("import");
    let mut files = Vec::new();
    walk(&root, &mut files);
    files.sort();
    assert!(
        files.len() >= 30,
        "expected the fixture corpus under {}, found {} files",
        root.display(),
        files.len()
    );
    let mut failed: Vec<String> = Vec::new();
    for path in &files {
        let rel = path.strip_prefix(&root).unwrap_or(path).to_string_lossy().replace('\\', "/");
        let bytes = std::fs::read(path).expect("fixture readable");
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_owned();
        let actual = match catch_unwind(|| summary(&rel, &name, &bytes, &Options::default())) {
            Ok(s) => s,
            Err(p) => {
                failed.push(format!("{rel}: PANIC {}", panic_text(&p)));
                continue;
            }
        };
        if let Some((_, why)) = KNOWN_WRONG.iter().find(|(f, _)| *f == rel) {
            eprintln!("{rel}: not compared (known parser bug: {why})");
            continue;
        }
        let expected = expect_test::expect_file![expected_path(path)];
        if catch_unwind(AssertUnwindSafe(|| expected.assert_eq(&actual))).is_err() {
            failed.push(format!("{rel}: differs from {rel}.expected (diff above)"));
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} fixtures failed:\n  {}\n(UPDATE_EXPECT=1 rewrites the .expected files; review them before accepting)",
        failed.len(),
        files.len(),
        failed.join("\n  ")
    );
}

fn expected_path(p: &Path) -> PathBuf {
    let mut s = p.as_os_str().to_owned();
    s.push(".expected");
    PathBuf::from(s)
}

fn panic_text(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_default()
}

/// Reads `bytes` as the file `name` and renders every outcome.
fn summary(rel: &str, name: &str, bytes: &[u8], opts: &Options) -> String {
    let mut tick = |_: u64, _: u64| Ok(());
    let outcomes = analyse(name, bytes.len() as u64, std::io::Cursor::new(bytes), opts, &mut tick)
        .expect("never cancelled");
    let mut s = format!("fixture: {rel}\nbytes: {}\noutcomes: {}\n", bytes.len(), outcomes.len());
    for (i, o) in outcomes.iter().enumerate() {
        s.push_str(&format!("\n== outcome {}\n", i + 1));
        match o {
            Ok(a) => render_analysed(&mut s, a),
            Err(e) => render_error(&mut s, e),
        }
    }
    s
}

fn render_error(s: &mut String, e: &FileError) {
    s.push_str(&format!("file error: {e:?}\nmessage: {}\n", e.localize(Lang::Zh)));
}

fn yes(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

fn render_analysed(s: &mut String, a: &Analysed) {
    let r: &FileReport = &a.report;
    s.push_str(&format!("file: {}\n", r.file));
    s.push_str(&format!("format: {} ({:?})\n", r.format.label(Lang::Zh), r.format));
    match r.encoding {
        Some(g) => s.push_str(&format!(
            "encoding: {} (bom: {}, confident: {})\n",
            g.encoding.label(),
            yes(g.bom),
            yes(g.confident)
        )),
        None => s.push_str("encoding: -\n"),
    }
    s.push_str(&format!("kind: {}\n", r.kind.map(|k| format!("{k:?}")).unwrap_or_else(|| "-".into())));
    s.push_str(&format!("layout: {}\n", r.layout.map(|l| format!("{l:?}")).unwrap_or_else(|| "-".into())));
    let cands: Vec<String> = r.candidates.iter().map(|(l, sc)| format!("{l:?} {sc}")).collect();
    s.push_str(&format!("candidates: {}\n", if cands.is_empty() { "-".into() } else { cands.join(", ") }));
    s.push_str(&format!("needs mapping: {}\n", yes(r.needs_mapping)));
    s.push_str(&format!("header row: {}\n", r.header_row));
    if !r.header.is_empty() {
        s.push_str(&format!(
            "header: {}\n",
            r.header.iter().map(|h| format!("{h:?}")).collect::<Vec<_>>().join(" | ")
        ));
    }
    if !r.columns.is_empty() {
        s.push_str("columns:\n");
        let mut unmapped = Vec::new();
        for c in &r.columns {
            match &c.source {
                Some((i, h)) => s.push_str(&format!(
                    "  {:<20} <- [{i}] {:<16} ok {}, blank {}, bad {}\n",
                    c.field,
                    h.trim(),
                    c.ok,
                    c.blank,
                    c.bad
                )),
                None => unmapped.push(c.field.as_str()),
            }
        }
        if !unmapped.is_empty() {
            s.push_str(&format!("  unmapped: {}\n", unmapped.join(", ")));
        }
    } else if let Some(m) = &r.mapping {
        let fields = m.layout.fields();
        let mapped: Vec<String> = m
            .columns
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.map(|c| format!("{}<-[{c}]", fields.get(i).map(|f| f.key).unwrap_or("?"))))
            .collect();
        s.push_str(&format!("mapping: {}\n", mapped.join(", ")));
    }
    s.push_str(&format!(
        "missing: {}\n",
        if r.missing.is_empty() { "-".into() } else { r.missing.join(", ") }
    ));
    s.push_str(&format!(
        "rows: read {}, ok {}, skipped {}, bad {}\n",
        r.rows_read, r.rows_ok, r.rows_skipped, r.rows_bad
    ));
    s.push_str(&format!(
        "period: {}\n",
        r.period.map(|p| format!("{} .. {}", p.from, p.to)).unwrap_or_else(|| "-".into())
    ));
    s.push_str(&format!(
        "errors: {} listed, {} in all, {} bad rows\n",
        r.errors.listed.len(),
        r.errors.total,
        r.errors.bad_rows
    ));
    for e in &r.errors.listed {
        s.push_str(&format!("  {}\n", e.message(&r.file, Lang::Zh)));
    }
    if a.data.is_none() && !r.sample.is_empty() {
        s.push_str("sample:\n");
        for row in &r.sample {
            s.push_str(&format!(
                "  {}\n",
                row.iter().map(|c| format!("{c:?}")).collect::<Vec<_>>().join(" | ")
            ));
        }
    }
    match &a.data {
        None => s.push_str("data: none\n"),
        Some(d) => {
            let shown = first_rows(d, SHOWN_ROWS);
            s.push_str(&format!("data: {:?}, {} rows", d.kind(), d.rows()));
            if shown.rows() < d.rows() {
                s.push_str(&format!(" (the first {} shown)", shown.rows()));
            }
            s.push('\n');
            s.push_str(&readable_json(&shown));
        }
    }
}

/// Records shown per table (threads for chats): the rest are counted, not listed.
const SHOWN_ROWS: usize = 25;

/// The first `n` records of `d` (the first `n` threads of a chat log).
fn first_rows(d: &DatasetData, n: usize) -> DatasetData {
    fn take<T: Clone>(v: &[T], n: usize) -> Vec<T> {
        v.iter().take(n).cloned().collect()
    }
    match d {
        DatasetData::Chats(log) => {
            let mut log = log.clone();
            log.threads.truncate(n);
            DatasetData::Chats(log)
        }
        DatasetData::Orders(v) => DatasetData::Orders(take(v, n)),
        DatasetData::SubOrders(v) => DatasetData::SubOrders(take(v, n)),
        DatasetData::Refunds(v) => DatasetData::Refunds(take(v, n)),
        DatasetData::Reviews(v) => DatasetData::Reviews(take(v, n)),
        DatasetData::AgentStats(v) => DatasetData::AgentStats(take(v, n)),
        DatasetData::Staff(v) => DatasetData::Staff(take(v, n)),
        DatasetData::Attendance(v) => DatasetData::Attendance(take(v, n)),
    }
}

/// Keys whose value is a [`Ts`].
const TS_KEYS: [&str; 10] = [
    "created",
    "paid_at",
    "ts",
    "applied",
    "finished",
    "order_paid_at",
    "start",
    "end",
    "clock_in",
    "clock_out",
];
/// Keys whose value is a chat `NameId`.
const NAME_KEYS: [&str; 3] = ["from", "buyer", "to"];

/// Pretty JSON of the rows with times and chat names made readable (line by line: every
/// scalar sits on its own line in serde_json's pretty output).
fn readable_json(d: &DatasetData) -> String {
    let json = dataset_json::dataset_json(d, true);
    let names: Option<&[String]> = match d {
        DatasetData::Chats(log) => Some(&log.names),
        _ => None,
    };
    let mut out = String::with_capacity(json.len() + json.len() / 4);
    for line in json.lines() {
        out.push_str(&readable_line(line, names));
        out.push('\n');
    }
    out
}

fn readable_line(line: &str, names: Option<&[String]>) -> String {
    let trimmed = line.trim_start();
    let indent = &line[..line.len() - trimmed.len()];
    let Some(rest) = trimmed.strip_prefix('"') else { return line.to_owned() };
    let Some((key, value)) = rest.split_once("\": ") else { return line.to_owned() };
    let (num, comma) = match value.strip_suffix(',') {
        Some(v) => (v, ","),
        None => (value, ""),
    };
    let Ok(n) = num.parse::<i64>() else { return line.to_owned() };
    if TS_KEYS.contains(&key) {
        return format!("{indent}\"{key}\": \"{}\"{comma}", Ts(n).iso());
    }
    if let Some(names) = names
        && NAME_KEYS.contains(&key)
    {
        let name = usize::try_from(n).ok().and_then(|i| names.get(i)).map(String::as_str).unwrap_or("?");
        return format!("{indent}\"{key}\": \"#{n} {name}\"{comma}");
    }
    line.to_owned()
}
