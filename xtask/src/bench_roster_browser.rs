//! `cargo xtask bench-roster --browser` (also `bench-roster-browser`): the roster optimiser in
//! headless Chromium, one thread (the app's Web Worker), through the roster page's engine check
//! (排班引擎自检) — the browser half of issue 6's roster benchmark.
//!
//! 1. Builds the site (`cargo xtask dist`; `--skip-build` uses dist/ as it is).
//! 2. `tests/bench/roster.mjs` opens the roster page, picks the Curtois & Qu instances 1–10
//!    (from `--dir`, default `../shared/benchmarks/curtois` beside the repository) one after
//!    the other with a budget of `--seconds S` each (default 10) and prints objective, best
//!    known, the 60-second CP-SAT figure, gap, hard violations and iterations, then the mean
//!    gap; then runs the practical case (150 agents, 4 weeks, 30-minute intervals, 2 skills)
//!    for `--case-seconds S` (default 10): time to the first roster with no hard violation and
//!    the coverage deficit, and for `--long S` (default 300; `--quick` skips it) to compare.
//!
//! The seed is 1. Figures depend on the machine and its load; compare with the native
//! `cargo xtask bench-roster` on the same machine at the same time.

use std::process::Command;

use crate::util::repo_root;

pub fn bench_roster_browser(args: &[String]) -> Result<(), String> {
    let root = repo_root();
    if !args.iter().any(|a| a == "--skip-build") {
        crate::setup::setup(crate::setup::Need::Test)?;
        crate::dist(&[])?;
    }
    let mut pass: Vec<String> = Vec::new();
    for name in ["--dir", "--seconds", "--case-seconds", "--long"] {
        if let Some(i) = args.iter().position(|a| a == name) {
            let v = args.get(i + 1).ok_or(format!("{name} needs a value"))?;
            pass.extend([name.to_string(), v.clone()]);
        }
    }
    if args.iter().any(|a| a == "--quick") {
        pass.push("--quick".into());
    }
    println!("\n==> browser: tests/bench/roster.mjs (Chromium, headless)");
    let status = Command::new("node")
        .arg("tests/bench/roster.mjs")
        .args(&pass)
        .current_dir(&root)
        .status()
        .map_err(|e| format!("cannot run node: {e}"))?;
    if !status.success() {
        return Err(format!("tests/bench/roster.mjs failed ({status})"));
    }
    Ok(())
}
