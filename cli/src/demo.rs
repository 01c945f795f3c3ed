//! `kefu demo`: generates the demo team with `kefu_core::demo::generate` and writes it out as
//! the files a back-office would give (`kefu_core::export::write_demo_files`), then prints
//! what was written.

use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use chrono::NaiveDate;
use clap::Args;
use kefu_core::demo::{DemoConfig, generate};
use kefu_core::export::write_demo_files;

use crate::out::OutDir;
use crate::table::{Align, Table, bytes, thousands};

/// Arguments of `kefu demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Folder to write the files into (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Approximate number of chat messages [default: the team's natural volume].
    #[arg(long, value_name = "N")]
    pub messages: Option<u64>,
    /// Random seed; the same seed gives the same files.
    #[arg(long, value_name = "S", default_value_t = DemoConfig::default().seed)]
    pub seed: u64,
    /// Number of agents.
    #[arg(long, value_name = "N", default_value_t = DemoConfig::default().agents)]
    pub agents: usize,
    /// Number of days.
    #[arg(long, value_name = "N", default_value_t = DemoConfig::default().days)]
    pub days: u32,
    /// First day [default: 2026-10-19].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub start: Option<String>,
}

/// Longest period accepted, in days.
const MAX_DAYS: u32 = 366;

/// Turns the arguments into a generator configuration, or says in one line what is wrong.
pub fn config(args: &DemoArgs) -> anyhow::Result<DemoConfig> {
    let mut cfg = DemoConfig { seed: args.seed, messages: args.messages, ..DemoConfig::default() };
    if let Some(s) = &args.start {
        cfg.start = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .ok()
            .filter(|_| s.trim().len() == 10)
            .with_context(|| format!("--start {s:?} is not a date in the form YYYY-MM-DD"))?;
    }
    if !(1..=MAX_DAYS).contains(&args.days) {
        bail!("--days must be between 1 and {MAX_DAYS}, not {}", args.days);
    }
    if args.agents == 0 {
        bail!("--agents must be at least 1");
    }
    cfg.days = args.days;
    cfg.agents = args.agents;
    Ok(cfg)
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

/// Runs `kefu demo`.
pub fn run(args: &DemoArgs) -> anyhow::Result<()> {
    let cfg = config(args)?;
    let mut dir = OutDir::open(&args.out)?;

    let started = Instant::now();
    let mut last_decile = 0;
    let mut tick = |done: u64, total: u64| {
        if let Some(d) = (done.min(total) * 10).checked_div(total) {
            let decile = d as u32;
            if decile > last_decile {
                last_decile = decile;
                eprintln!("kefu: generating… {:>3}%", decile * 10);
            }
        }
        Ok(())
    };
    let ws = generate(&cfg, &mut tick).context("generation was cancelled")?;
    if last_decile < 10 {
        eprintln!("kefu: generating… 100%");
    }
    let gen_time = started.elapsed();
    eprintln!(
        "kefu: generated {} messages in {}; writing files…",
        thousands(ws.chats.message_count() as u64),
        secs(gen_time)
    );

    let started = Instant::now();
    let written = write_demo_files(&ws, &mut |rel| dir.create(rel))
        .with_context(|| format!("cannot write the demo files into {}", args.out.display()))?;
    let write_time = started.elapsed();

    let mut table = Table::new(&[("file", Align::Left), ("rows", Align::Right), ("size", Align::Right)]);
    let (mut total_rows, mut total_bytes) = (0u64, 0u64);
    for f in &written {
        let path = dir.path(&f.path);
        let size = std::fs::metadata(&path)
            .with_context(|| format!("cannot read the size of {}", path.display()))?
            .len();
        total_rows += f.rows;
        total_bytes += size;
        table.row(vec![f.path.clone(), thousands(f.rows), bytes(size)]);
    }
    table.footer(vec![format!("total: {} files", written.len()), thousands(total_rows), bytes(total_bytes)]);

    let mut out = std::io::stdout().lock();
    let report = format!(
        "kefu demo: seed {}, {} agents, {} days from {} ({}), into {}\n\n{}\ngenerated in {}, written in {}\n",
        cfg.seed,
        ws.staff.len(),
        ws.period.days(),
        ws.period.from,
        ws.period.zh_range(),
        args.out.display(),
        table.render(),
        secs(gen_time),
        secs(write_time),
    );
    out.write_all(report.as_bytes()).and_then(|()| out.flush()).context("cannot write to stdout")?;
    Ok(())
}
