//! `cargo xtask bench-training`: how long question clustering and every agent's training
//! sheet take on the demo team at benchmark size (default a million messages), natively.
//!
//! Builds the release `kefu`, then runs `kefu training --demo-messages N --bench`: the demo
//! team is generated and QA-analysed in memory (not timed), then the question clustering and
//! the training sheets of all agents are computed three times and the best times are kept.
//! `--messages N` changes the volume.

use std::path::PathBuf;

use crate::util::{cmd, repo_root};

const DEFAULT_MESSAGES: u64 = 1_000_000;

fn field(json: &str, name: &str) -> Option<f64> {
    let key = format!("\"{name}\":");
    let rest = &json[json.find(&key)? + key.len()..];
    let end = rest.find([',', '}']).unwrap_or(rest.len());
    rest[..end].trim().parse().ok()
}

pub fn bench_training(args: &[String]) -> Result<(), String> {
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
    println!("\n==> {kefu} training --demo-messages {n} --bench (generating and QA, then best of 3)");
    let out = cmd(kefu, &["training", "--demo-messages", &n, "--bench"])
        .output()
        .ok_or("`kefu training --bench` failed; run it by hand to see why")?;
    let get = |k: &str| field(&out, k).ok_or_else(|| format!("no {k} in the output of kefu training: {out}"));
    let (msgs, convs, clusters, cs) =
        (get("messages")?, get("conversations")?, get("clusters")?, get("cluster_seconds")?);
    let (agents, excerpts, ss) = (get("agents")?, get("excerpts")?, get("sheet_seconds")?);
    println!();
    println!(
        "| messages  | conversations | clustering s | messages/s  | clusters | agents | all sheets s | per sheet ms | excerpts |"
    );
    println!(
        "|-----------|---------------|--------------|-------------|----------|--------|--------------|--------------|----------|"
    );
    println!(
        "| {:>9} | {:>13} | {:>12.3} | {:>11.0} | {:>8} | {:>6} | {:>12.3} | {:>12.1} | {:>8} |",
        msgs as u64,
        convs as u64,
        cs,
        msgs / cs.max(1e-9),
        clusters as u64,
        agents as u64,
        ss,
        ss * 1000.0 / agents.max(1.0),
        excerpts as u64
    );
    Ok(())
}
