//! `cargo xtask bench-kpi`: how fast the KPI engine is on a month of a big team — 200 agents,
//! one month, 1,000,000 messages and 200,000 orders by default.
//!
//! Builds the release `kefu` and runs `kefu kpi --bench`, which generates the team with the
//! demo generator (tops the orders up with copies under new ids), then times building the
//! index (sessions, order credit, agent × day cells) and the range queries the app makes
//! (tables by agent for a month and a week, by day, an explanation, the monthly report,
//! the appraisal). Prints one table; goals: build + one query < 1 s, a re-range < 200 ms.
//!
//! Options pass through: `--agents N --messages N --orders N --days N`.

use std::path::PathBuf;
use std::process::Command;

use crate::util::{cmd, repo_root};

pub fn bench_kpi(args: &[String]) -> Result<(), String> {
    cmd("cargo", &["build", "--release", "-p", "kefu-cli"]).run()?;
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| repo_root().join("target"));
    let kefu = target.join("release/kefu");
    let mut all = vec!["kpi".to_string(), "--bench".to_string()];
    all.extend(args.iter().cloned());
    println!("\n==> {} {}", kefu.display(), all.join(" "));
    let status = Command::new(&kefu)
        .args(&all)
        .current_dir(repo_root())
        .status()
        .map_err(|e| format!("cannot run {}: {e}", kefu.display()))?;
    if !status.success() {
        return Err(format!("kefu kpi --bench failed ({status})"));
    }
    Ok(())
}
