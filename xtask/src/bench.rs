//! `cargo xtask bench-import`: how fast the import engine reads two 100 MB exports, natively and
//! in the browser, against Papa Parse in the same browser.
//!
//! 1. Builds the release `kefu` and makes the inputs under `target/bench/` (kept between runs):
//!    a generic chat CSV (`kefu demo --messages …`, cut at a line end past 100 MiB) and a GBK
//!    订单报表 CSV (the demo's orders repeated with fresh ids until past 100 MiB).
//! 2. Native: `kefu import FILE --json`, best of three, wall time.
//! 3. Browser: builds the site (`cargo xtask dist`), then `tests/bench/bench.mjs` drives Debian's
//!    Chromium: the app importing each file through `#pick-files` (until its `.import-item`
//!    appears; the app reads the file in its Web Worker), and Papa Parse in header mode parsing
//!    the same `File` on the bench page (`tests/bench/index.html`); best of three each.
//! 4. Prints one table with MB/s (1 MB = 10^6 bytes) and the ratios the issue sets as goals:
//!    app ≥ 2× Papa Parse, browser within 1.5× of native.
//!
//! `--skip-browser` stops after the native runs; `--messages N` changes the chat volume.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::util::{cmd, repo_root};

/// Size each input is made at least as big as.
const TARGET_BYTES: u64 = 100 << 20;
/// Chat messages asked of the demo generator (about 116 bytes each in the generic CSV).
const DEFAULT_MESSAGES: u64 = 1_000_000;

struct Input {
    label: &'static str,
    path: PathBuf,
    /// Encoding to give Papa Parse.
    encoding: &'static str,
}

pub fn bench_import(args: &[String]) -> Result<(), String> {
    let skip_browser = args.iter().any(|a| a == "--skip-browser");
    let messages = match args.iter().position(|a| a == "--messages") {
        Some(i) => args.get(i + 1).and_then(|v| v.parse().ok()).ok_or("--messages needs a number")?,
        None => DEFAULT_MESSAGES,
    };
    let root = repo_root();
    let dir = root.join("target/bench");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;

    cmd("cargo", &["build", "--release", "-p", "kefu-cli"]).run()?;
    let kefu = root.join("target/release/kefu");
    let inputs = make_inputs(&kefu, &dir, messages)?;

    println!("\n==> native: kefu import FILE --json (release, best of 3)");
    let mut native = Vec::new();
    for input in &inputs {
        let secs = best_of(3, || run_native(&kefu, &input.path))?;
        let mbs = mb(size(&input.path)) / secs;
        println!("  {:<28} {secs:>7.2} s  {mbs:>7.1} MB/s", input.label);
        native.push(secs);
    }

    let mut browser: Vec<Option<(f64, f64)>> = vec![None; inputs.len()];
    if !skip_browser {
        crate::setup::setup(crate::setup::Need::Test)?;
        crate::dist(&[])?;
        println!("\n==> browser: tests/bench/bench.mjs (Chromium, headless)");
        let mut node_args: Vec<String> = vec!["tests/bench/bench.mjs".into()];
        for input in &inputs {
            node_args.push(format!("{}={}", input.encoding, input.path.display()));
        }
        let refs: Vec<&str> = node_args.iter().map(String::as_str).collect();
        let out = Command::new("node")
            .args(&refs)
            .current_dir(&root)
            .stderr(std::process::Stdio::inherit())
            .output()
            .map_err(|e| format!("cannot run node: {e}"))?;
        if !out.status.success() {
            return Err(format!("tests/bench/bench.mjs failed ({})", out.status));
        }
        let text = String::from_utf8_lossy(&out.stdout);
        for line in text.lines() {
            // `RESULT <index> <app seconds> <papa seconds>`
            let parts: Vec<&str> = line.split_whitespace().collect();
            if let ["RESULT", i, app, papa] = parts[..]
                && let (Ok(i), Ok(app), Ok(papa)) =
                    (i.parse::<usize>(), app.parse::<f64>(), papa.parse::<f64>())
                && i < browser.len()
            {
                browser[i] = Some((app, papa));
            } else {
                println!("  {line}");
            }
        }
    }

    println!("\nImport benchmark (MB = 10^6 bytes; higher is faster)\n");
    let row = |cells: [&str; 7]| {
        println!(
            "| {} | {:>9} | {:>11} | {:>14} | {:>10} | {:>10} | {:>12} |",
            pad(cells[0], 30),
            cells[1],
            cells[2],
            cells[3],
            cells[4],
            cells[5],
            cells[6]
        )
    };
    row(["input", "size", "native MB/s", "app (Chromium)", "Papa Parse", "app ÷ Papa", "native ÷ app"]);
    println!("|{:-<32}|{:->11}|{:->13}|{:->16}|{:->12}|{:->12}|{:->14}|", "", "", "", "", "", "", "");
    for (i, input) in inputs.iter().enumerate() {
        let bytes = mb(size(&input.path));
        let n = bytes / native[i];
        let (app, papa, r1, r2) = match browser[i] {
            Some((a, p)) => {
                let (a, p) = (bytes / a, bytes / p);
                (format!("{a:.1}"), format!("{p:.1}"), format!("{:.2}×", a / p), format!("{:.2}×", n / a))
            }
            None => ("-".into(), "-".into(), "-".into(), "-".into()),
        };
        row([input.label, &format!("{bytes:.1} MB"), &format!("{n:.1}"), &app, &papa, &r1, &r2]);
    }
    println!("\nGoals: app ÷ Papa ≥ 2×; native ÷ app ≤ 1.5×.");
    Ok(())
}

/// `s` padded to `width` columns, counting CJK characters as two.
fn pad(s: &str, width: usize) -> String {
    let cols: usize = s.chars().map(|c| if c >= '\u{2E80}' { 2 } else { 1 }).sum();
    format!("{s}{}", " ".repeat(width.saturating_sub(cols)))
}

fn size(p: &Path) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn best_of(n: usize, mut f: impl FnMut() -> Result<f64, String>) -> Result<f64, String> {
    let mut best = f64::INFINITY;
    for _ in 0..n {
        best = best.min(f()?);
    }
    Ok(best)
}

/// Runs `kefu import FILE --json` and returns the wall time; the JSON is checked to report rows.
fn run_native(kefu: &Path, file: &Path) -> Result<f64, String> {
    let t = Instant::now();
    let out = Command::new(kefu)
        .args(["import", "--json"])
        .arg(file)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", kefu.display()))?;
    let secs = t.elapsed().as_secs_f64();
    if !out.status.success() {
        return Err(format!(
            "kefu import {} failed: {}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    if !String::from_utf8_lossy(&out.stdout).contains("rows_ok") {
        return Err(format!("kefu import {}: no report in the output", file.display()));
    }
    Ok(secs)
}

/// Makes (or reuses) the two inputs.
fn make_inputs(kefu: &Path, dir: &Path, messages: u64) -> Result<Vec<Input>, String> {
    let chats = dir.join("chats-100mb.csv");
    let orders = dir.join("orders-gbk-100mb.csv");
    if size(&chats) < TARGET_BYTES || size(&orders) < TARGET_BYTES {
        let demo = dir.join("demo");
        println!("\n==> kefu demo --messages {messages} (inputs for the benchmark)");
        let status = Command::new(kefu)
            .args(["demo", "--seed", "3", "--messages", &messages.to_string(), "--out"])
            .arg(&demo)
            .status()
            .map_err(|e| format!("cannot run kefu demo: {e}"))?;
        if !status.success() {
            return Err("kefu demo failed".into());
        }
        cut_at_line(&demo.join("聊天记录/聊天记录.csv"), &chats, TARGET_BYTES)?;
        let demo_orders = std::fs::read_dir(&demo)
            .map_err(|e| e.to_string())?
            .flatten()
            .map(|e| e.path())
            .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("订单报表")))
            .ok_or("the demo wrote no 订单报表")?;
        repeat_orders(&demo_orders, &orders, TARGET_BYTES)?;
    }
    for p in [&chats, &orders] {
        println!("  {} {:.1} MB", p.display(), mb(size(p)));
    }
    Ok(vec![
        Input { label: "chat log, generic CSV, UTF-8", path: chats, encoding: "utf-8" },
        Input { label: "订单报表 orders, CSV, GBK", path: orders, encoding: "gbk" },
    ])
}

/// Copies whole lines of `src` to `dst` until at least `min` bytes; fails if `src` is smaller.
fn cut_at_line(src: &Path, dst: &Path, min: u64) -> Result<(), String> {
    let mut r = BufReader::new(File::open(src).map_err(|e| format!("{}: {e}", src.display()))?);
    let mut w = BufWriter::new(File::create(dst).map_err(|e| format!("{}: {e}", dst.display()))?);
    let mut line = Vec::new();
    let mut n = 0u64;
    while n < min {
        line.clear();
        let got = r.read_until(b'\n', &mut line).map_err(|e| e.to_string())?;
        if got == 0 {
            return Err(format!("{} has only {n} bytes; ask for more --messages", src.display()));
        }
        w.write_all(&line).map_err(|e| e.to_string())?;
        n += got as u64;
    }
    w.flush().map_err(|e| e.to_string())
}

/// Writes the header of the GBK orders export `src`, then its rows again and again with fresh
/// order ids (the leading `="digits"` cell; ASCII never occurs inside a GBK character) until
/// at least `min` bytes.
fn repeat_orders(src: &Path, dst: &Path, min: u64) -> Result<(), String> {
    let mut bytes = Vec::new();
    File::open(src)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .map_err(|e| format!("{}: {e}", src.display()))?;
    let mut lines = bytes.split_inclusive(|&b| b == b'\n');
    let header = lines.next().ok_or("empty orders export")?;
    let rows: Vec<&[u8]> = lines.filter(|l| l.starts_with(b"=\"")).collect();
    if rows.is_empty() {
        return Err("the orders export has no rows with =\"…\" ids".into());
    }
    let mut w = BufWriter::new(File::create(dst).map_err(|e| format!("{}: {e}", dst.display()))?);
    w.write_all(header).map_err(|e| e.to_string())?;
    let mut n = header.len() as u64;
    let mut id: u64 = 3_000_000_000_000_000_000;
    'fill: loop {
        for row in &rows {
            let end =
                row[2..].iter().position(|&b| b == b'"').map(|i| i + 2).ok_or("an id cell is not closed")?;
            id += 1;
            let fresh = format!("=\"{id}");
            w.write_all(fresh.as_bytes()).map_err(|e| e.to_string())?;
            w.write_all(&row[end..]).map_err(|e| e.to_string())?;
            n += (fresh.len() + row.len() - end) as u64;
            if n >= min {
                break 'fill;
            }
        }
    }
    w.flush().map_err(|e| e.to_string())
}
