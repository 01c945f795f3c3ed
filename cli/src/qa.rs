//! `kefu qa FILE...`: reads chat logs (plus, optionally, the staff list and orders among the
//! files) exactly as the app imports them, runs the QA engine and prints per-agent scores and
//! rule hit counts as CSV — `kefu_core::qa::overview_csv`, the numbers the app shows.
//!
//! `--unconverted` prints the unconverted-enquiry groups instead (needs orders among the files).
//! `--demo-messages N` runs on the demo team generated in memory instead of files; with
//! `--bench` it times the engine (best of three) and prints one JSON line for
//! `cargo xtask bench-qa`.

use std::fs::File;
use std::io::{BufReader, Write};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, bail};
use clap::Args;
use kefu_core::Lang;
use kefu_core::import::{Options, analyse as import, dedupe};
use kefu_core::lang::Localize;
use kefu_core::model::{ChatLog, DatasetData, Order, Staff};
use kefu_core::qa::{self, QaConfig, Review, RuleSet, Scorecard, Scorecards};

use crate::import::LangArg;

/// Arguments of `kefu qa`.
#[derive(Debug, Args)]
pub struct QaArgs {
    /// Chat logs (千牛 text, chat JSON/CSV/xlsx, zip, or folders of them); staff lists and orders
    /// may be given too.
    #[arg(value_name = "CHATS")]
    pub files: Vec<PathBuf>,
    /// Scorecard(s) as JSON: one card for everyone, or `{"cards": [...]}` with a card per role.
    #[arg(long, value_name = "FILE")]
    pub scorecard: Option<PathBuf>,
    /// Rule set as JSON (default: the built-in rules of domain.md §4).
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// Saved human reviews as a JSON array, for the review-score column.
    #[arg(long, value_name = "FILE")]
    pub reviews: Option<PathBuf>,
    /// Print the unconverted-enquiry analysis instead (needs orders among the files).
    #[arg(long)]
    pub unconverted: bool,
    /// Language of the CSV header and labels.
    #[arg(long, value_enum, default_value_t = LangArg::Zh)]
    pub lang: LangArg,
    /// Use the demo team with about N messages instead of files.
    #[arg(long, value_name = "N", hide = true)]
    pub demo_messages: Option<u64>,
    /// Time the engine and print one JSON line instead of the CSV.
    #[arg(long, hide = true)]
    pub bench: bool,
}

fn read_text(path: &PathBuf) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Runs `kefu qa`.
pub fn run(args: &QaArgs) -> anyhow::Result<()> {
    let lang = match args.lang {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    };
    let mut cfg = QaConfig::default();
    if let Some(p) = &args.rules {
        cfg.rules = serde_json::from_str::<RuleSet>(&read_text(p)?)
            .with_context(|| format!("{} is not a rule set JSON file", p.display()))?;
    }
    if let Some(p) = &args.scorecard {
        let text = read_text(p)?;
        cfg.scorecards = match serde_json::from_str::<Scorecard>(&text) {
            Ok(card) if !card.categories.is_empty() => {
                Scorecards { cards: vec![Scorecard { role: None, ..card }] }
            }
            _ => serde_json::from_str::<Scorecards>(&text)
                .with_context(|| format!("{} is not a scorecard JSON file", p.display()))?,
        };
        if cfg.scorecards.cards.is_empty() {
            bail!("{} holds no scorecard", p.display());
        }
    }
    let reviews: Vec<Review> = match &args.reviews {
        Some(p) => serde_json::from_str(&read_text(p)?)
            .with_context(|| format!("{} is not a JSON array of reviews", p.display()))?,
        None => Vec::new(),
    };

    let (chats, staff, orders) = match args.demo_messages {
        Some(n) => {
            let c = kefu_core::demo::DemoConfig { messages: Some(n), ..Default::default() };
            let ws = kefu_core::demo::generate_simple(&c);
            (ws.chats, ws.staff, ws.orders)
        }
        None => read_files(&args.files, lang)?,
    };
    if chats.threads.is_empty() {
        bail!("no chat log found in the files given — pass 千牛 text, chat JSON or a chat table");
    }

    if args.bench {
        let (mut best, mut best_cpu) = (f64::INFINITY, f64::INFINITY);
        let mut convs = 0;
        for _ in 0..3 {
            let cpu0 = thread_cpu_secs();
            let t = Instant::now();
            let rep = qa::analyse(&chats, &cfg, &staff).map_err(|e| anyhow::anyhow!(e.localize(lang)))?;
            let ov = qa::overview(&rep, &chats, &cfg, &reviews);
            best = best.min(t.elapsed().as_secs_f64());
            if let (Some(a), Some(b)) = (cpu0, thread_cpu_secs()) {
                best_cpu = best_cpu.min(b - a);
            }
            convs = rep.conversations.len();
            std::hint::black_box(ov);
        }
        let msgs = chats.message_count();
        let cpu = best_cpu.is_finite().then_some(best_cpu);
        println!(
            "{}",
            serde_json::json!({ "messages": msgs, "seconds": best, "conversations": convs,
                "messages_per_second": msgs as f64 / best, "cpu_seconds": cpu })
        );
        return Ok(());
    }

    let rep = qa::analyse(&chats, &cfg, &staff).map_err(|e| anyhow::anyhow!(e.localize(lang)))?;
    let out = if args.unconverted {
        if orders.is_empty() {
            bail!("--unconverted needs an orders export (订单报表) among the files");
        }
        let u = qa::unconverted(&chats, &rep, &orders, &Default::default());
        unconverted_csv(&u, &chats, &rep, lang)
    } else {
        let ov = qa::overview(&rep, &chats, &cfg, &reviews);
        qa::overview_csv(&ov, &cfg, lang)
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes()).and_then(|()| stdout.flush()).context("cannot write to stdout")?;
    Ok(())
}

/// CPU time of this thread so far (Linux `/proc/thread-self/stat`, 1/100 s resolution): on a
/// shared machine it says what the engine costs regardless of other load.
fn thread_cpu_secs() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split(' ').collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

fn unconverted_csv(u: &qa::UnconvertedReport, log: &ChatLog, rep: &qa::QaReport, lang: Lang) -> String {
    let mut s = format!(
        "{},{},{},{}\n",
        lang.pick("原因", "reason"),
        lang.pick("未成交询单", "enquiries"),
        lang.pick("占比", "share"),
        lang.pick("示例", "example")
    );
    for g in &u.groups {
        let ex = g
            .examples
            .first()
            .and_then(|e| {
                let c = rep.conversations.get(e.conv as usize)?;
                log.threads.get(c.thread as usize)?.messages.get(e.msg as usize).map(|m| m.text.clone())
            })
            .unwrap_or_default();
        let share = if u.unconverted > 0 { g.enquiries as f64 / u.unconverted as f64 * 100.0 } else { 0.0 };
        s.push_str(&format!(
            "{},{},{share:.1}%,\"{}\"\n",
            g.reason.label(lang),
            g.enquiries,
            kefu_core::privacy::neutralise_cell(&ex).replace('"', "\"\"")
        ));
    }
    s
}

/// A file, or every file under a folder (sorted, recursively).
fn expand(p: &PathBuf, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    if !p.is_dir() {
        out.push(p.clone());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
        .with_context(|| format!("cannot list {}", p.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for e in &entries {
        expand(e, out)?;
    }
    Ok(())
}

/// Imports the files (folders: every file in them) and keeps the chat logs (merged), staff and orders.
pub(crate) fn read_files(files: &[PathBuf], lang: Lang) -> anyhow::Result<(ChatLog, Vec<Staff>, Vec<Order>)> {
    if files.is_empty() {
        bail!("give at least one chat log file");
    }
    let mut chats: Option<DatasetData> = None;
    let mut staff = Vec::new();
    let mut orders = Vec::new();
    let mut known = std::collections::HashSet::new();
    let mut paths = Vec::new();
    for f in files {
        expand(f, &mut paths)?;
    }
    for path in &paths {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let f = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        let size = f.metadata().map(|m| m.len()).unwrap_or(0);
        let mut tick = kefu_core::jobs::no_tick();
        let outcomes =
            import(&name, size, BufReader::with_capacity(1 << 20, f), &Options::default(), &mut tick)
                .map_err(|_| anyhow::anyhow!("cancelled"))?;
        for o in outcomes {
            let o = o.map(|mut a| {
                // The same export given twice (or as text and JSON) counts once, as in the app.
                if let Some(d) = &mut a.data {
                    dedupe::remove_known(d, &mut known);
                }
                a
            });
            match o {
                Ok(a) => match a.data {
                    Some(d @ DatasetData::Chats(_)) => match &mut chats {
                        None => chats = Some(d),
                        Some(into) => {
                            if dedupe::merge(into, d).is_err() {
                                bail!("cannot merge the chat logs of {}", path.display());
                            }
                        }
                    },
                    Some(DatasetData::Staff(s)) => staff.extend(s),
                    Some(DatasetData::Orders(o)) => orders.extend(o),
                    _ => eprintln!("kefu: {}: not a chat log, staff list or orders; skipped", a.report.file),
                },
                Err(e) => eprintln!("kefu: {}: {}", e.file(), e.localize(lang)),
            }
        }
    }
    let chats = match chats {
        Some(DatasetData::Chats(c)) => c,
        _ => ChatLog::default(),
    };
    Ok((chats, staff, orders))
}
