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
    /// A roster plan (JSON of `kefu_core::roster::kefu::Plan`): solve it and print the roster.
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,
    /// Solve the generated practical case with this many agents (2 skills, 30-minute intervals).
    #[arg(long, value_name = "AGENTS")]
    pub case: Option<usize>,
    /// Days of the generated case.
    #[arg(long, value_name = "N", default_value_t = 28)]
    pub days: u16,
    /// Write the solved roster as CSV to this file.
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Write the generated plan as JSON to this file (to edit and pass to --plan).
    #[arg(long, value_name = "FILE")]
    pub write_plan: Option<PathBuf>,
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
    /// Row re-planning period (tuning; 0 = off).
    #[arg(long)]
    pub row_every: Option<u64>,
    /// Cooling cycles within the budget (tuning).
    #[arg(long)]
    pub cycles: Option<u32>,
    /// Print the roster grid too.
    #[arg(long)]
    pub show: bool,
    /// Machine-readable one-line JSON summary.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &RosterArgs) -> anyhow::Result<()> {
    if args.plan.is_some() || args.case.is_some() {
        return run_plan(args);
    }
    let Some(path) = &args.curtois else {
        bail!("nothing to do: give --plan FILE, --case AGENTS or --curtois FILE (see kefu roster --help)");
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
        row_every: args.row_every.unwrap_or(d.row_every),
        cycles: args.cycles.unwrap_or(d.cycles),
        ..d
    };
    let mut s = Solver::new(&p, None, None, cfg)?;
    let built = t0.elapsed().as_secs_f64();
    let mut clock = || t0.elapsed().as_secs_f64();
    let remaining = (args.seconds - built).max(0.0);
    let pr = s.run_for(&mut clock, remaining, 2000);
    let rep = s.best_report();
    if args.show {
        let mut by: std::collections::BTreeMap<String, (i64, i64)> = Default::default();
        for v in &rep.violations {
            let e = by.entry(format!("{:?}", v.rule)).or_default();
            e.0 += v.amount;
            e.1 += v.cost;
        }
        for (k, (a, c)) in by {
            println!("{k:<20} amount {a:>6} cost {c:>7}");
        }
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

fn run_plan(args: &RosterArgs) -> anyhow::Result<()> {
    use kefu_core::roster::kefu::{Plan, practical_case};
    let plan: Plan = match (&args.plan, args.case) {
        (Some(path), _) => {
            let text =
                std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
            serde_json::from_str(&text).with_context(|| format!("{} is not a roster plan", path.display()))?
        }
        (None, Some(n)) => {
            let start = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).context("date")?;
            practical_case(args.seed, n, args.days, start)
        }
        (None, None) => bail!("give --plan FILE or --case AGENTS"),
    };
    if let Some(out) = &args.write_plan {
        std::fs::write(out, serde_json::to_string_pretty(&plan)?)
            .with_context(|| format!("cannot write {}", out.display()))?;
    }
    let t0 = Instant::now();
    let model = plan.compile()?;
    let d = SolverConfig::default();
    let cfg = SolverConfig { seed: args.seed, t0_factor: args.t0.unwrap_or(d.t0_factor), ..d };
    let mut s = Solver::new(&model.problem, None, None, cfg)?;
    let first = s.progress();
    let first_t = t0.elapsed().as_secs_f64();
    let first_under = under(&s.best_report());
    let mut clock = || t0.elapsed().as_secs_f64();
    let pr = s.run_for(&mut clock, (args.seconds - first_t).max(0.0), 500);
    let rep = s.best_report();
    let roster = s.best_roster();
    if args.show {
        print!("{}", kefu_core::roster::export::roster_text(&model, &roster));
    }
    if let Some(out) = &args.csv {
        std::fs::write(out, kefu_core::roster::export::roster_csv(&model, &roster, kefu_core::Lang::Zh))
            .with_context(|| format!("cannot write {}", out.display()))?;
    }
    let (u, o) = under(&rep);
    if args.json {
        println!(
            "{{\"first_seconds\":{first_t:.3},\"first_hard\":{},\"first_under\":{},\"hard\":{},\"soft\":{},\"under\":{u},\"over\":{o},\"iterations\":{},\"seconds\":{:.3}}}",
            first.best.hard,
            first_under.0,
            rep.score.hard,
            rep.score.soft,
            pr.iterations,
            t0.elapsed().as_secs_f64()
        );
    } else {
        println!(
            "first roster {:.2} s (hard {}, under {} agent-intervals); after {:.1} s: hard {} soft {} under {u} over {o} ({} iterations)",
            first_t,
            first.best.hard,
            first_under.0,
            t0.elapsed().as_secs_f64(),
            rep.score.hard,
            rep.score.soft,
            pr.iterations
        );
    }
    Ok(())
}

/// Missing and surplus agent-intervals of a report.
fn under(rep: &kefu_core::roster::eval::Report) -> (i64, i64) {
    use kefu_core::roster::model::Rule;
    let mut u = 0;
    let mut o = 0;
    for v in &rep.violations {
        match v.rule {
            Rule::UnderCover => u += v.amount,
            Rule::OverCover => o += v.amount.abs(),
            _ => {}
        }
    }
    (u, o)
}
