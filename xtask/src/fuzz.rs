//! `cargo xtask fuzz [SECONDS]`: runs every fuzz target of `fuzz/` (cargo-fuzz, libFuzzer) for
//! SECONDS each (default 60), seeded from the import fixtures and the malformed corpus, and
//! prints executions and crashes per target. Not part of `cargo xtask test`.
//!
//! The toolchain is stable: libFuzzer's nightly flags are allowed with `RUSTC_BOOTSTRAP=1`.
//! cargo-fuzz is installed from crates.io when missing. Crashes stay in
//! `fuzz/artifacts/TARGET/`; minimise one with `cargo fuzz tmin TARGET FILE` (same variable)
//! and add it to `tests/data/malformed/` as `crash-…` (or `abort-…` when it kills the process)
//! so `import_malformed` keeps it fixed.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::util::{cmd, repo_root};

/// Targets, the fixture extensions that seed them, and the largest input tried.
const TARGETS: [(&str, &[&str], usize); 5] = [
    ("import_delimited", &["csv", "tsv", "txt"], 64 << 10),
    ("import_qianniu", &["txt"], 64 << 10),
    ("import_json", &["json"], 64 << 10),
    ("import_container", &["xlsx", "xls", "zip"], 128 << 10),
    ("clean_values", &[], 256),
];

/// Seeds of `clean_values`: the value forms the exports use.
const VALUES: [&str; 24] = [
    "2016/5/23 22:02",
    "2020-02-21 00:00:02",
    "2026-10-19T09:05:03",
    "2026年10月19日 9时5分",
    "3/20/20",
    "45219.5",
    "2026.10.19",
    "2026-10-19 星期一",
    "次日 00:05",
    "128.50元",
    "¥1,280.00",
    "无退款申请",
    "１２８．００",
    "-12.50",
    "=\"1930679858170647\"",
    "'13800138000",
    "1.93068E+15",
    "45.21%",
    "1分30秒",
    "00:01:30",
    "是",
    "客服接待数据_2026-10-19至2026-11-15.xlsx",
    "0.4521",
    "  ",
];

/// Seeds larger than this are left out (they slow every execution down).
const MAX_SEED: u64 = 128 << 10;

pub fn fuzz(args: &[String]) -> Result<(), String> {
    let secs: u64 = match args.first() {
        Some(s) => s.parse().map_err(|_| format!("SECONDS must be a number, not {s}"))?,
        None => 60,
    };
    let root = repo_root();
    let dir = root.join("fuzz");
    if cmd("cargo", &["fuzz", "--version"]).output().is_none() {
        cmd("cargo", &["install", "cargo-fuzz", "--locked"]).run()?;
    }
    let mut report = Vec::new();
    let mut crashed = false;
    for (target, exts, max_len) in TARGETS {
        let corpus = dir.join("corpus").join(target);
        seed(&root, &corpus, target, exts)?;
        println!("\n==> fuzz {target} for {secs} s");
        let log = dir.join(format!("{target}.log"));
        let log_file = std::fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
        let status = Command::new("cargo")
            .args(["fuzz", "run", target])
            .arg(&corpus)
            .args(["--", &format!("-max_total_time={secs}"), &format!("-max_len={max_len}"), "-timeout=20"])
            .arg("-print_final_stats=1")
            .current_dir(&dir)
            .env("RUSTC_BOOTSTRAP", "1")
            .stdout(Stdio::inherit())
            .stderr(log_file)
            .status()
            .map_err(|e| format!("cannot run cargo fuzz: {e}"))?;
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        let runs = final_stat(&text, "stat::number_of_executed_units:").unwrap_or_else(|| "?".into());
        let artifacts = crash_files(&dir.join("artifacts").join(target));
        if !status.success() || !artifacts.is_empty() {
            crashed = true;
            let tail: Vec<&str> = text.lines().rev().take(30).collect();
            for l in tail.into_iter().rev() {
                println!("  {l}");
            }
        }
        report.push((target, runs, status.success(), artifacts));
    }
    println!("\nFuzzing, {secs} s per target (logs in fuzz/TARGET.log):");
    for (target, runs, ok, artifacts) in &report {
        let state = if *ok && artifacts.is_empty() {
            "no crash".to_owned()
        } else {
            format!("{} crash file(s)", artifacts.len())
        };
        println!("  {target:<18} {runs:>12} executions  {state}");
        for a in artifacts {
            println!("      {}", a.display());
        }
    }
    if crashed { Err("a fuzz target crashed (see above)".into()) } else { Ok(()) }
}

/// Fills `corpus` with the fixtures whose extension is in `exts` (or the value list), unless
/// it already has inputs from an earlier run.
fn seed(root: &Path, corpus: &Path, target: &str, exts: &[&str]) -> Result<(), String> {
    std::fs::create_dir_all(corpus).map_err(|e| format!("{}: {e}", corpus.display()))?;
    if std::fs::read_dir(corpus).map(|mut d| d.next().is_some()).unwrap_or(false) {
        return Ok(());
    }
    let mut n = 0;
    if exts.is_empty() {
        for (i, v) in VALUES.iter().enumerate() {
            write(&corpus.join(format!("value-{i}")), v.as_bytes())?;
            n += 1;
        }
    }
    let mut files = Vec::new();
    for sub in ["tests/data/import", "tests/data/malformed"] {
        walk(&root.join(sub), &mut files);
    }
    for f in files {
        let ext = f.extension().and_then(|e| e.to_str()).unwrap_or("");
        let size = std::fs::metadata(&f).map(|m| m.len()).unwrap_or(u64::MAX);
        let name = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        // Known crashers would stop every run at once; they are regression files, not seeds.
        if !exts.contains(&ext) || size > MAX_SEED || name.starts_with("crash-") || name.starts_with("abort-")
        {
            continue;
        }
        let mut bytes = std::fs::read(&f).map_err(|e| format!("{}: {e}", f.display()))?;
        if target == "import_delimited" {
            // The first byte picks the mode; 0 = automatic detection.
            bytes.insert(0, 0);
        }
        write(&corpus.join(format!("seed-{n}")), &bytes)?;
        n += 1;
    }
    println!("seeded {} with {n} inputs", corpus.display());
    Ok(())
}

fn write(p: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(p, bytes).map_err(|e| format!("{}: {e}", p.display()))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else if !p.to_string_lossy().ends_with(".expected") {
            out.push(p);
        }
    }
}

/// The value of a `-print_final_stats` line.
fn final_stat(log: &str, key: &str) -> Option<String> {
    log.lines().rev().find_map(|l| l.strip_prefix(key).map(|v| v.trim().to_owned()))
}

fn crash_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let n = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            n.starts_with("crash-")
                || n.starts_with("timeout-")
                || n.starts_with("oom-")
                || n.starts_with("leak-")
        })
        .collect();
    v.sort();
    v
}
