//! `kefu training --agent NAME CHATS...`: reads chat logs (and, optionally, the staff list
//! among the files) as the app imports them, runs QA and prints the agent's training sheet
//! (培训单) as text — `kefu_core::training::TrainingSheet::print_text`. With `--questions`
//! it prints the team's most frequent buyer questions and the best replies instead.
//! `--demo` uses the demo team generated in memory instead of files (`--demo-messages N` at
//! benchmark size); with `--bench` it times the question clustering and every agent's sheet
//! (best of three) and prints one JSON line for `cargo xtask bench-training`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, bail};
use chrono::NaiveDate;
use clap::Args;
use kefu_core::Lang;
use kefu_core::lang::Localize;
use kefu_core::model::{ChatLog, Period};
use kefu_core::qa::{self, QaConfig};
use kefu_core::training::{ClusterParams, ScriptLibrary, SheetParams, cluster_questions, training_sheet};

use crate::import::LangArg;

/// Arguments of `kefu training`.
#[derive(Debug, Args)]
pub struct TrainingArgs {
    /// Chat logs (千牛 text, chat JSON/CSV/xlsx, zip, or folders of them); a staff list may be given too.
    #[arg(value_name = "CHATS")]
    pub files: Vec<PathBuf>,
    /// The agent: sub-account (`店铺:小美`) or nick (`小美`).
    #[arg(long, value_name = "NAME")]
    pub agent: Option<String>,
    /// First day of the period (default: the first day in the chats).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<NaiveDate>,
    /// Last day of the period (default: the last day in the chats).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub to: Option<NaiveDate>,
    /// Supervisor's name for the signature line.
    #[arg(long, value_name = "NAME", default_value = "")]
    pub supervisor: String,
    /// Print the most frequent buyer questions and the best replies instead of a sheet.
    #[arg(long)]
    pub questions: bool,
    /// Use the demo team (four weeks) instead of files.
    #[arg(long)]
    pub demo: bool,
    #[arg(long, value_enum, default_value_t = LangArg::Zh)]
    pub lang: LangArg,
    /// Use the demo team with about N messages instead of files.
    #[arg(long, value_name = "N", hide = true)]
    pub demo_messages: Option<u64>,
    /// Time clustering and sheets and print one JSON line.
    #[arg(long, hide = true)]
    pub bench: bool,
}

/// Runs `kefu training`.
pub fn run(args: &TrainingArgs) -> anyhow::Result<()> {
    let lang = match args.lang {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    };
    let (chats, staff) = if args.demo || args.demo_messages.is_some() {
        let c = kefu_core::demo::DemoConfig { messages: args.demo_messages, ..Default::default() };
        let ws = kefu_core::demo::generate_simple(&c);
        (ws.chats, ws.staff)
    } else {
        // The same loader as `kefu qa` (folders expanded, duplicates dropped); orders unused.
        let (chats, staff, _orders) = crate::qa::read_files(&args.files, lang)?;
        (chats, staff)
    };
    if chats.threads.is_empty() {
        bail!("no chat log found in the files given — pass 千牛 text, chat JSON or a chat table");
    }
    let cfg = QaConfig::default();
    let rep = qa::analyse(&chats, &cfg, &staff).map_err(|e| anyhow::anyhow!(e.localize(lang)))?;
    if args.bench {
        return bench(&chats, &rep, &cfg, lang);
    }
    let out = if args.questions {
        let clusters = cluster_questions(&chats, &rep, &cfg, &ClusterParams::default());
        let mut s = String::new();
        for (i, c) in clusters.iter().enumerate() {
            s.push_str(&format!("{}. {}（{} {}）\n", i + 1, c.question, c.count, lang.pick("次", "times")));
            for r in &c.replies {
                let score = r.score.map_or("—".into(), |x| format!("{x:.1}"));
                s.push_str(&format!("   {score} {}：{}\n", r.agent, r.text));
            }
        }
        s
    } else {
        let Some(agent) = &args.agent else {
            bail!("give --agent NAME (sub-account or nick), or --questions")
        };
        let dates = chats.threads.iter().flat_map(|t| t.messages.iter().map(|m| m.ts.date()));
        let (lo, hi) = dates.fold((None, None), |(lo, hi): (Option<NaiveDate>, Option<NaiveDate>), d| {
            (Some(lo.map_or(d, |x| x.min(d))), Some(hi.map_or(d, |x| x.max(d))))
        });
        let (Some(lo), Some(hi)) = (lo, hi) else { bail!("the chat logs hold no messages") };
        let period = Period { from: args.from.unwrap_or(lo), to: args.to.unwrap_or(hi) };
        if period.from > period.to {
            bail!("--from {} is after --to {}", period.from, period.to);
        }
        let params = SheetParams { period, supervisor: args.supervisor.clone(), ..SheetParams::default() };
        let sheet = training_sheet(agent, &chats, &rep, &cfg, &ScriptLibrary::default(), None, &params, lang)
            .map_err(|e| anyhow::anyhow!(e.localize(lang)))?;
        sheet.print_text(lang)
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes()).and_then(|()| stdout.flush()).context("cannot write to stdout")?;
    Ok(())
}

/// Times clustering and all agents' sheets, best of three; prints one JSON line.
fn bench(chats: &ChatLog, rep: &qa::QaReport, cfg: &QaConfig, lang: Lang) -> anyhow::Result<()> {
    use std::time::Instant;
    let agents = kefu_core::training::agents_of(chats, rep);
    let dates = chats.threads.iter().flat_map(|t| t.messages.iter().map(|m| m.ts.date()));
    let (lo, hi) = (dates.clone().min().context("no messages")?, dates.max().context("no messages")?);
    let params = SheetParams { period: Period { from: lo, to: hi }, ..SheetParams::default() };
    let lib = ScriptLibrary::default();
    let (mut cluster_best, mut sheet_best, mut clusters, mut excerpts) = (f64::INFINITY, f64::INFINITY, 0, 0);
    for _ in 0..3 {
        let t = Instant::now();
        let c = cluster_questions(chats, rep, cfg, &ClusterParams::default());
        cluster_best = cluster_best.min(t.elapsed().as_secs_f64());
        clusters = c.len();
        let t = Instant::now();
        excerpts = 0;
        for a in &agents {
            let s = training_sheet(a, chats, rep, cfg, &lib, None, &params, lang)
                .map_err(|e| anyhow::anyhow!(e.localize(lang)))?;
            excerpts += s.focus.iter().map(|f| f.excerpts.len()).sum::<usize>();
        }
        sheet_best = sheet_best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "{}",
        serde_json::json!({ "messages": chats.message_count(), "conversations": rep.conversations.len(),
            "clusters": clusters, "cluster_seconds": cluster_best, "agents": agents.len(),
            "excerpts": excerpts, "sheet_seconds": sheet_best })
    );
    Ok(())
}
