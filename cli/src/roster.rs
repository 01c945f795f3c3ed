//! `kefu roster`: solves a roster from files and prints it with its score.
//!
//! - `kefu roster --curtois FILE [--seconds S] [--seed N]`: a Curtois & Qu benchmark instance;
//!   prints the benchmark objective (and `hard=` > 0 if no legal roster was found).

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, bail};
use clap::Args;
use kefu_core::roster::curtois::read_curtois;
use kefu_core::roster::model::OFF;
use kefu_core::roster::solver::{Acceptance, Solver, SolverConfig};

/// Arguments of `kefu roster`.
#[derive(Debug, Args)]
pub struct RosterArgs {
    /// A Curtois & Qu benchmark instance (.txt): solve it and print the benchmark objective.
    #[arg(long, value_name = "FILE")]
    pub curtois: Option<PathBuf>,
    /// Time budget in seconds.
    #[arg(long, value_name = "S", default_value_t = 10.0)]
    pub seconds: f64,
    /// Random seed; the same seed and iteration count give the same roster.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub seed: u64,
    /// LAHC history length (tuning).
    #[arg(long, value_name = "N")]
    pub lahc: Option<usize>,
    /// Weight of one hard unit during search, 0 = automatic (tuning).
    #[arg(long, value_name = "W")]
    pub hard_weight: Option<i64>,
    /// Use late acceptance instead of annealing (tuning).
    #[arg(long)]
    pub lahc_mode: bool,
    /// Annealing start temperature factor (tuning).
    #[arg(long)]
    pub t0: Option<f64>,
    /// Annealing end temperature (tuning).
    #[arg(long)]
    pub tend: Option<f64>,
    /// Print the roster grid too.
    #[arg(long)]
    pub show: bool,
    /// Machine-readable one-line JSON summary.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &RosterArgs) -> anyhow::Result<()> {
    let Some(path) = &args.curtois else {
        bail!("nothing to do: give --curtois FILE (see kefu roster --help)");
    };
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let p = read_curtois(&text).with_context(|| path.display().to_string())?;
    let t0 = Instant::now();
    let d = SolverConfig::default();
    let cfg = SolverConfig {
        seed: args.seed,
        lahc_length: args.lahc.unwrap_or(d.lahc_length),
        hard_weight: args.hard_weight.unwrap_or(d.hard_weight),
        acceptance: if args.lahc_mode { Acceptance::LateAcceptance } else { Acceptance::Annealing },
        t0_factor: args.t0.unwrap_or(d.t0_factor),
        t_end: args.tend.unwrap_or(d.t_end),
        ..d
    };
    let mut s = Solver::new(&p, None, None, cfg)?;
    let built = t0.elapsed().as_secs_f64();
    let mut clock = || t0.elapsed().as_secs_f64();
    let remaining = (args.seconds - built).max(0.0);
    let pr = s.run_for(&mut clock, remaining, 2000);
    let rep = s.best_report();
    if args.show {
        let r = s.best_roster();
        for (i, st) in p.staff.iter().enumerate() {
            let row: Vec<String> = r
                .row(i)
                .iter()
                .map(|v| if *v == OFF { ".".to_owned() } else { p.shifts[*v as usize].code.clone() })
                .collect();
            println!("{:>4} {}", st.id, row.join(" "));
        }
    }
    if args.json {
        println!(
            "{{\"objective\":{},\"hard\":{},\"iterations\":{},\"best_at\":{},\"seconds\":{:.3}}}",
            rep.score.soft,
            rep.score.hard,
            pr.iterations,
            pr.best_at,
            t0.elapsed().as_secs_f64()
        );
    } else {
        println!(
            "objective {}  hard {}  iterations {}  best at {}  {:.2} s",
            rep.score.soft,
            rep.score.hard,
            pr.iterations,
            pr.best_at,
            t0.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
