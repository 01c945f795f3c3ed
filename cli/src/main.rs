//! `kefu`: the Kefu Workbench command line, for batch use and benchmarks.
//!
//! Thin: parses the arguments and hands over to one module per subcommand. Every error ends
//! as one line on stderr and exit code 2 (clap's own usage errors also exit with 2).
//! Each subcommand (`demo`, `import`, `qa`, `kpi`, `roster`) is a variant of [`Command`] and a
//! module of its own.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod demo;
mod import;
mod kpi;
mod out;
mod qa;
mod roster;
mod table;
mod training;

/// 客服主管工作台 command line.
#[derive(Debug, Parser)]
#[command(name = "kefu", version, about = "Kefu Workbench (客服主管工作台) command line")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate the demo team and write it out as back-office export files.
    Demo(demo::DemoArgs),
    /// Read export files as the app does and print what was found: detection, counts, errors.
    Import(import::ImportArgs),
    /// Score every conversation of chat logs and print per-agent QA scores and rule hits as CSV.
    Qa(qa::QaArgs),
    /// Compute the KPI table from export files and print it as CSV (`--bench`: time the engine).
    Kpi(kpi::KpiArgs),
    /// Solve a roster (排班) from files, or a Curtois & Qu benchmark instance, and print it and its score.
    Roster(roster::RosterArgs),
    /// Print an agent's training sheet (培训单) from chat logs, or the most frequent buyer questions.
    Training(training::TrainingArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Demo(args) => demo::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Qa(args) => qa::run(&args),
        Command::Kpi(args) => kpi::run(&args),
        Command::Roster(args) => roster::run(&args),
        Command::Training(args) => training::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kefu: error: {}", one_line(&e));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes on one line: `cannot write … : 订单报表-….csv: No space left`.
fn one_line(e: &anyhow::Error) -> String {
    format!("{e:#}").replace(['\r', '\n'], " ")
}
