//! `cargo xtask bench-kpi-browser`: the KPI page in the browser on a big team — by default
//! 200 agents, 30 days, 1,000,000 messages (the demo generator's orders come with them).
//!
//! 1. Builds the release `kefu` and writes the team with `kefu demo --out target/bench/kpi-…`
//!    (kept between runs); the orders are topped up to `--orders` (200,000) with copies of the
//!    demo's rows under fresh order ids in a second 订单报表 file, as `kefu kpi --bench` does.
//! 2. Builds the site (`cargo xtask dist`), then `tests/bench/kpi.mjs` imports the files in
//!    headless Chromium and prints one table: time to the KPI table (click 绩效 → table on
//!    screen, cold: the worker loads the data, builds the index and runs QA), range changes
//!    measured in the page (click → new period on screen, and the page's own figure
//!    `#kpi-last-ms`), the weekly and monthly reports and the appraisal.
//!
//! Goals (issue 5): < 3 s to the table, < 200 ms per range change. Options: `--agents N
//! --messages N --orders N --days N --runs N --skip-build` (reuse dist/).

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{cmd, repo_root};

fn opt<T: std::str::FromStr>(args: &[String], name: &str, default: T) -> Result<T, String> {
    match args.iter().position(|a| a == name) {
        Some(i) => args.get(i + 1).and_then(|v| v.parse().ok()).ok_or(format!("{name} needs a number")),
        None => Ok(default),
    }
}

pub fn bench_kpi_browser(args: &[String]) -> Result<(), String> {
    let agents: usize = opt(args, "--agents", 200)?;
    let messages: u64 = opt(args, "--messages", 1_000_000)?;
    let days: u32 = opt(args, "--days", 30)?;
    let orders: usize = opt(args, "--orders", 200_000)?;
    let runs: u32 = opt(args, "--runs", 5)?;
    let root = repo_root();

    cmd("cargo", &["build", "--release", "-p", "kefu-cli"]).run()?;
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
    let kefu = target.join("release/kefu");
    let dir = root.join(format!("target/bench/kpi-{agents}a-{days}d-{messages}m"));
    if !dir.join("聊天记录/聊天记录.csv").exists() {
        let (a, m, d) = (agents.to_string(), messages.to_string(), days.to_string());
        let out = dir.display().to_string();
        let demo = ["demo", "--out", &out, "--agents", &a, "--messages", &m, "--days", &d];
        println!("\n==> {} {}", kefu.display(), demo.join(" "));
        let status = Command::new(&kefu)
            .args(demo)
            .status()
            .map_err(|e| format!("cannot run {}: {e}", kefu.display()))?;
        if !status.success() {
            return Err(format!("kefu demo failed ({status})"));
        }
    }
    top_up_orders(&dir, orders)?;
    if !args.iter().any(|a| a == "--skip-build") {
        crate::setup::setup(crate::setup::Need::Test)?;
        crate::dist(&[])?;
    }
    println!("\n==> browser: tests/bench/kpi.mjs (Chromium, headless)");
    let status = Command::new("node")
        .args(["tests/bench/kpi.mjs".to_string(), dir.display().to_string(), runs.to_string()])
        .current_dir(&root)
        .status()
        .map_err(|e| format!("cannot run node: {e}"))?;
    if !status.success() {
        return Err(format!("tests/bench/kpi.mjs failed ({status})"));
    }
    println!("\nGoals: < 3 s to the KPI table, < 200 ms per range change.");
    Ok(())
}

/// File holding the copies that top the orders up.
const EXTRA: &str = "订单报表-补充副本.csv";

/// Writes `EXTRA` beside the demo's 订单报表 with copies of its rows under fresh ids (the
/// leading `="digits"` cell) so that both files hold `want` orders together.
fn top_up_orders(dir: &Path, want: usize) -> Result<(), String> {
    let dst = dir.join(EXTRA);
    let src = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("订单报表-2")))
        .ok_or("the demo wrote no 订单报表")?;
    let mut bytes = Vec::new();
    File::open(&src)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .map_err(|e| format!("{}: {e}", src.display()))?;
    let mut lines = bytes.split_inclusive(|&b| b == b'\n');
    let header = lines.next().ok_or("empty orders export")?;
    let rows: Vec<&[u8]> = lines.filter(|l| l.starts_with(b"=\"")).collect();
    let missing = want.saturating_sub(rows.len());
    if missing == 0 || rows.is_empty() {
        let _ = std::fs::remove_file(&dst);
        return Ok(());
    }
    let mut w = BufWriter::new(File::create(&dst).map_err(|e| format!("{}: {e}", dst.display()))?);
    w.write_all(header).map_err(|e| e.to_string())?;
    let mut id: u64 = 3_100_000_000_000_000_000;
    for row in rows.iter().cycle().take(missing) {
        let end =
            row[2..].iter().position(|&b| b == b'"').map(|i| i + 2).ok_or("an id cell is not closed")?;
        id += 1;
        w.write_all(format!("=\"{id}").as_bytes()).map_err(|e| e.to_string())?;
        w.write_all(&row[end..]).map_err(|e| e.to_string())?;
    }
    w.flush().map_err(|e| e.to_string())?;
    println!("  {} orders in the demo, {missing} copies in {}", rows.len(), dst.display());
    Ok(())
}
