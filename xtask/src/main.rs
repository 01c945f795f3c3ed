//! `cargo xtask <command>`: the project's automation, in Rust so it runs wherever cargo does.
//!
//! - `setup`  install what is missing (wasm target, wasm-bindgen-cli at the Cargo.lock version,
//!   trunk, npm tools incl. wasm-opt, and for tests Chromium, chromedriver and CJK fonts from
//!   Debian); skips what is present. Nothing is downloaded from outside the package registries.
//! - `serve`  setup, then serve the app with Trunk on http://127.0.0.1:8080.
//! - `test`   setup, then every test: formatting, lints, tidy and native tests, the release
//!   site build (printing the wasm sizes) and the end-to-end tests in headless Chromium.
//! - `dist [--public-url URL]`  build the static site into dist/.
//!
//! The README's two commands are `cargo xtask serve` and `cargo xtask test`.

mod bench;
mod bench_kpi;
mod bench_kpi_browser;
mod bench_qa;
mod bench_qa_browser;
mod bench_roster;
mod bench_roster_browser;
mod bench_training;
mod fuzz;
mod setup;
mod util;

use std::process::ExitCode;
use std::time::Instant;

use util::{Step, cmd, repo_root};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::setup(setup::Need::Test).map(|_| ()),
        Some("serve") => serve(),
        Some("test") => test(&args[1..]),
        Some("dist") => dist(&args[1..]).map(|_| ()),
        Some("bench-import") => bench::bench_import(&args[1..]),
        Some("bench-qa") => bench_qa::bench_qa(&args[1..]),
        Some("bench-qa-browser") => bench_qa_browser::bench_qa_browser(&args[1..]),
        Some("bench-kpi") => bench_kpi::bench_kpi(&args[1..]),
        Some("bench-kpi-browser") => bench_kpi_browser::bench_kpi_browser(&args[1..]),
        Some("bench-roster") if args.iter().any(|a| a == "--browser") => {
            bench_roster_browser::bench_roster_browser(&args[1..])
        }
        Some("bench-roster") => bench_roster::bench_roster(&args[1..]),
        Some("bench-roster-browser") => bench_roster_browser::bench_roster_browser(&args[1..]),
        Some("bench-training") => bench_training::bench_training(&args[1..]),
        Some("fuzz") => fuzz::fuzz(&args[1..]),
        _ => {
            eprintln!("usage: cargo xtask <setup|serve|test|dist [--public-url URL]>");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn serve() -> Result<(), String> {
    setup::setup(setup::Need::Serve)?;
    println!("\nServing Kefu Workbench on http://127.0.0.1:8080 (Ctrl-C stops).");
    println!("Open it and press 载入示例数据 / Load demo workspace to try it with the demo team.\n");
    cmd("trunk", &["serve", "--release"]).path_tools().run()
}

fn dist(args: &[String]) -> Result<std::time::Duration, String> {
    let t = Instant::now();
    let mut trunk_args = vec!["build", "--release"];
    if let Some(i) = args.iter().position(|a| a == "--public-url") {
        let url = args.get(i + 1).ok_or("--public-url needs a value")?;
        trunk_args.extend(["--public-url", url.as_str()]);
    }
    cmd("trunk", &trunk_args).path_tools().run()?;
    Ok(t.elapsed())
}

fn test(args: &[String]) -> Result<(), String> {
    let started = Instant::now();
    let quick = args.iter().any(|a| a == "--native-only");
    let mut steps: Vec<Step> = Vec::new();
    steps.extend(setup::setup(if quick { setup::Need::Native } else { setup::Need::Test })?);
    steps.push(Step::timed("cargo fmt --check", || cmd("cargo", &["fmt", "--all", "--check"]).run())?);
    steps.push(Step::timed("cargo clippy", || {
        cmd("cargo", &["clippy", "--workspace", "--all-targets", "--quiet", "--", "-D", "warnings"])
            .env("CARGO_INCREMENTAL", "0")
            .run()
    })?);
    steps.push(Step::timed("clippy (wasm32)", || {
        cmd(
            "cargo",
            &[
                "clippy",
                "--package",
                "kefu-workbench",
                "--target",
                "wasm32-unknown-unknown",
                "--quiet",
                "--",
                "-D",
                "warnings",
            ],
        )
        .env("CARGO_INCREMENTAL", "0")
        .run()
    })?);
    steps.push(Step::timed("native tests", || {
        cmd("cargo", &["test", "--workspace", "--quiet"])
            .env("KEFU_REQUIRE_ORACLE", "1")
            .env("CARGO_INCREMENTAL", "0")
            .run()
    })?);
    if !quick {
        steps.push(Step::timed("release site build", || dist(&[]).map(|_| ()))?);
        let sizes = util::wasm_sizes(&repo_root().join("dist"))?;
        steps.push(Step::timed("end-to-end tests", || {
            cmd("node", &["--test", "--test-concurrency=1", "--test-reporter=spec", "tests/e2e/"]).run()
        })?);
        println!("\nRelease wasm sizes (after wasm-opt):");
        for (name, raw, gz) in &sizes {
            println!("  {name:<28} {:>9} raw  {:>9} gzip", util::kib(*raw), util::kib(*gz));
        }
        let (raw, gz) = sizes.iter().fold((0, 0), |(a, b), (_, r, g)| (a + r, b + g));
        println!("  {:<28} {:>9} raw  {:>9} gzip", "total", util::kib(raw), util::kib(gz));
    }
    println!("\nSteps:");
    for s in &steps {
        println!("  {:<40} {:>8.1} s", s.name, s.secs);
    }
    println!("  {:<40} {:>8.1} s\n\nAll tests passed.", "total", started.elapsed().as_secs_f64());
    Ok(())
}
