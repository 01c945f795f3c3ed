//! `cargo xtask bench-qa`: how fast the QA engine scores a million demo messages natively, on
//! one thread.
//!
//! Builds the release `kefu`, then runs `kefu qa --demo-messages N --bench`: the demo team is
//! generated in memory (not timed), then rules, metrics, scores and the overview are computed
//! three times and the best time is kept. Prints one table with messages/s against the goal of
//! the issue (≥ 2,000,000 messages/s native), and the thread's CPU time, which stays honest
//! when other jobs share the cores. `--messages N` changes the volume.

use std::path::PathBuf;

use crate::util::{cmd, repo_root};

const DEFAULT_MESSAGES: u64 = 1_000_000;
const GOAL: f64 = 2_000_000.0;

fn field(json: &str, name: &str) -> Option<f64> {
    let key = format!("\"{name}\":");
    let rest = &json[json.find(&key)? + key.len()..];
    let end = rest.find([',', '}']).unwrap_or(rest.len());
    rest[..end].trim().parse().ok()
}

fn group(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn bench_qa(args: &[String]) -> Result<(), String> {
    let messages = match args.iter().position(|a| a == "--messages") {
        Some(i) => args.get(i + 1).and_then(|v| v.parse().ok()).ok_or("--messages needs a number")?,
        None => DEFAULT_MESSAGES,
    };
    cmd("cargo", &["build", "--release", "-p", "kefu-cli"]).run()?;
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| repo_root().join("target"));
    let kefu = target.join("release/kefu");
    let kefu = kefu.to_str().ok_or("the target directory's path is not UTF-8")?;
    let n = messages.to_string();
    println!("\n==> {kefu} qa --demo-messages {n} --bench (generating, then best of 3)");
    let out = cmd(kefu, &["qa", "--demo-messages", &n, "--bench"])
        .output()
        .ok_or("`kefu qa --bench` failed; run it by hand to see why")?;
    let get = |k: &str| field(&out, k).ok_or_else(|| format!("no {k} in the output of kefu qa: {out}"));
    let (msgs, secs, convs, rate) =
        (get("messages")?, get("seconds")?, get("conversations")?, get("messages_per_second")?);
    let cpu = field(&out, "cpu_seconds");
    let cpu_rate = cpu.filter(|&c| c > 0.0).map(|c| msgs / c);
    println!();
    println!(
        "| messages  | seconds | messages/s | CPU s   | messages/CPU s | conversations | goal (≥ 2,000,000/s) |"
    );
    println!(
        "|-----------|---------|------------|---------|----------------|---------------|----------------------|"
    );
    println!(
        "| {:>9} | {:>7.3} | {:>10} | {:>7} | {:>14} | {:>13} | {:>20} |",
        group(msgs as u64),
        secs,
        group(rate as u64),
        cpu.map(|c| format!("{c:.2}")).unwrap_or_else(|| "—".into()),
        cpu_rate.map(|r| group(r as u64)).unwrap_or_else(|| "—".into()),
        group(convs as u64),
        if rate >= GOAL { "met" } else { "NOT met (wall)" }
    );
    println!("\nWall time is the best of three; CPU time (this thread, 1/100 s resolution) shows the");
    println!("engine's own cost when other work shares the machine (see `uptime`).");
    Ok(())
}
