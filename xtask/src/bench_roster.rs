//! `cargo xtask bench-roster`: roster optimiser quality and speed, natively, one thread.
//!
//! 1. Builds the release `kefu` and runs `kefu roster --curtois InstanceN.txt --seconds 10 --json`
//!    for the Curtois & Qu instances 1–10 (from `--dir`, default `../shared/benchmarks/curtois`
//!    beside the repository); prints objective, best known, the 60-second CP-SAT figure of
//!    domain.md §7, the gap to best known and whether the CP-SAT figure was beaten; then the
//!    mean gap.
//! 2. The practical case (`kefu roster --case 150`: 150 agents, 4 weeks, 30-minute intervals,
//!    2 skills): time to the first roster with no hard violation, the coverage deficit
//!    (missing agent-intervals) after 10 s, and after 5 minutes (`--quick` skips the 5-minute run).
//!
//! `--seconds S` changes the per-instance budget; `--seed N` the seed.
//!
//! `--cpu` measures CPU time of the solving thread instead of wall time (for a shared, loaded
//! machine, where wall-clock figures are pessimistic): it runs the ignored harness tests
//! `curtois_cpu_budget` and `practical_cpu_budget` in `core/tests/roster_curtois.rs` in release,
//! which print the same tables (plus moves evaluated per CPU second and when the best was found;
//! the practical case without the 5-minute run), one after the other. `--seeds 1,2,3` runs
//! several seeds.
//!
//! `--browser` runs the same benchmark in headless Chromium instead (`bench_roster_browser`,
//! `tests/bench/roster.mjs`: the roster page's engine check, in the app's Web Worker).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{cmd, repo_root};

const BEST: [i64; 10] = [607, 828, 1001, 1716, 1143, 1950, 1056, 1300, 439, 4631];
const CP_SAT: [i64; 10] = [607, 828, 1001, 1718, 1351, 2047, 1075, 3021, 1853, 7823];

fn arg<T: std::str::FromStr>(args: &[String], name: &str) -> Result<Option<T>, String> {
    match args.iter().position(|a| a == name) {
        Some(i) => {
            args.get(i + 1).and_then(|v| v.parse().ok()).map(Some).ok_or(format!("{name} needs a value"))
        }
        None => Ok(None),
    }
}

/// Reads `"key":number` from the one-line JSON the CLI prints.
fn field(json: &str, key: &str) -> Option<f64> {
    let at = json.find(&format!("\"{key}\":"))? + key.len() + 3;
    let rest = &json[at..];
    let end = rest.find([',', '}']).unwrap_or(rest.len());
    rest[..end].trim().parse().ok()
}

fn run(kefu: &Path, args: &[String]) -> Result<String, String> {
    let out = Command::new(kefu).args(args).output().map_err(|e| format!("{}: {e}", kefu.display()))?;
    if !out.status.success() {
        return Err(format!("kefu {}: {}", args.join(" "), String::from_utf8_lossy(&out.stderr)));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

pub fn bench_roster(args: &[String]) -> Result<(), String> {
    let seconds: f64 = arg(args, "--seconds")?.unwrap_or(10.0);
    let seed: u64 = arg(args, "--seed")?.unwrap_or(1);
    let quick = args.iter().any(|a| a == "--quick");
    let root = repo_root();
    let dir: PathBuf = arg::<String>(args, "--dir")?
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/benchmarks/curtois"));
    if args.iter().any(|a| a == "--cpu") {
        let seeds: String = arg(args, "--seeds")?.unwrap_or_else(|| seed.to_string());
        return cmd(
            "cargo",
            &[
                "test",
                "--release",
                "-p",
                "kefu-core",
                "--test",
                "roster_curtois",
                "--",
                "--ignored",
                "--nocapture",
                "--test-threads",
                "1",
                "curtois_cpu_budget",
                "practical_cpu_budget",
            ],
        )
        .env("KEFU_CURTOIS_DIR", &dir.display().to_string())
        .env("KEFU_BENCH_SECONDS", &seconds.to_string())
        .env("KEFU_BENCH_SEEDS", &seeds)
        .run();
    }
    cmd("cargo", &["build", "--release", "-p", "kefu-cli"]).run()?;
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
    let kefu = target.join("release/kefu");

    println!("\n==> Curtois & Qu instances 1–10, {seconds} s each, one thread, seed {seed}");
    println!(
        "{:>8} {:>10} {:>10} {:>12} {:>8} {:>10} {:>6}",
        "instance", "objective", "best", "CP-SAT 60s", "gap", "beats CP", "hard"
    );
    let mut gaps = Vec::new();
    let mut beaten = 0;
    for n in 1..=10 {
        let file = dir.join(format!("Instance{n}.txt"));
        let a: Vec<String> = vec![
            "roster".into(),
            "--curtois".into(),
            file.display().to_string(),
            "--seconds".into(),
            seconds.to_string(),
            "--seed".into(),
            seed.to_string(),
            "--json".into(),
        ];
        let out = run(&kefu, &a)?;
        let obj = field(&out, "objective").ok_or("no objective")? as i64;
        let hard = field(&out, "hard").ok_or("no hard")? as i64;
        let best = BEST[n - 1];
        let gap = (obj - best) as f64 / best as f64 * 100.0;
        let beats = hard == 0 && obj < CP_SAT[n - 1];
        let ties = hard == 0 && obj == CP_SAT[n - 1];
        beaten += beats as usize;
        gaps.push(if hard == 0 { gap } else { f64::NAN });
        println!(
            "{n:>8} {obj:>10} {best:>10} {:>12} {:>7.1}% {:>10} {hard:>6}",
            CP_SAT[n - 1],
            gap,
            if beats {
                "yes"
            } else if ties {
                "tie"
            } else {
                "no"
            }
        );
    }
    let mean = gaps.iter().sum::<f64>() / gaps.len() as f64;
    println!(
        "mean gap to best known: {mean:.1}% (goal ≤ 5%); better than CP-SAT 60 s on {beaten}/10 (goal 10/10)"
    );

    println!("\n==> practical case: 150 agents, 28 days, 30-minute intervals, 2 skills");
    let case = |secs: f64| -> Result<String, String> {
        let a: Vec<String> = [
            "roster",
            "--case",
            "150",
            "--days",
            "28",
            "--seconds",
            &secs.to_string(),
            "--seed",
            &seed.to_string(),
            "--json",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        run(&kefu, &a)
    };
    let short = case(10.0)?;
    let first = field(&short, "first_seconds").unwrap_or(f64::NAN);
    let first_hard = field(&short, "first_hard").unwrap_or(f64::NAN);
    let first_under = field(&short, "first_under").unwrap_or(f64::NAN);
    let u10 = field(&short, "under").unwrap_or(f64::NAN);
    let h10 = field(&short, "hard").unwrap_or(f64::NAN);
    println!(
        "  first legal roster: {first:.3} s (hard {first_hard}, deficit {first_under} agent-intervals); goal < 2 s"
    );
    println!("  after 10 s: deficit {u10} agent-intervals, hard {h10}");
    if !quick {
        let long = case(300.0)?;
        let u300 = field(&long, "under").unwrap_or(f64::NAN);
        println!(
            "  after 5 min: deficit {u300} agent-intervals; 10 s is {:+.1}% from it",
            (u10 - u300) / u300.max(1.0) * 100.0
        );
    }
    Ok(())
}
