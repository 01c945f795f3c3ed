//! `kefu kpi FILE... [--from D] [--to D] [--by agent|role|shop|day|week|month]`: reads exports
//! as the app does, builds the KPI index and prints the KPI table as CSV (the same table the
//! app shows and exports). `--xlsx OUT` also writes it as XLSX. `--bench` times the engine on
//! a generated team instead (what `cargo xtask bench-kpi` runs).

use std::fs::File;
use std::io::{BufReader, Write};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, bail};
use chrono::NaiveDate;
use clap::Args;
use kefu_core::demo::{DemoConfig, generate_simple};
use kefu_core::import::{Options, analyse};
use kefu_core::kpi::{self, GroupBy, Kpi, KpiConfig, KpiIndex, KpiInputs, Scope};
use kefu_core::lang::Localize;
use kefu_core::model::{DatasetData, Order, Period};
use kefu_core::{Lang, Ts};

use crate::import::LangArg;

/// Arguments of `kefu kpi`.
#[derive(Debug, Args)]
pub struct KpiArgs {
    /// Export files (chats, orders, refunds, reviews, agent stats, staff, attendance; zip too).
    #[arg(value_name = "FILE", required_unless_present = "bench")]
    pub files: Vec<PathBuf>,
    /// First day (YYYY-MM-DD); default: the first day in the data.
    #[arg(long)]
    pub from: Option<NaiveDate>,
    /// Last day (YYYY-MM-DD); default: the last day in the data.
    #[arg(long)]
    pub to: Option<NaiveDate>,
    /// Rows of the table: agent, role (team), shop, day, week or month.
    #[arg(long, default_value = "agent")]
    pub by: String,
    /// Language of the headers.
    #[arg(long, value_enum, default_value_t = LangArg::Zh)]
    pub lang: LangArg,
    /// "Now" for provisional figures (`YYYY-MM-DD HH:MM:SS`); default: the latest time in the data.
    #[arg(long)]
    pub now: Option<String>,
    /// Use the JD attribution rule instead of Taobao's.
    #[arg(long)]
    pub jd: bool,
    /// Also write the table as XLSX to this file.
    #[arg(long, value_name = "OUT")]
    pub xlsx: Option<PathBuf>,
    /// Time the engine on a generated team instead of reading files.
    #[arg(long)]
    pub bench: bool,
    /// --bench: agents.
    #[arg(long, default_value_t = 200)]
    pub agents: usize,
    /// --bench: chat messages.
    #[arg(long, default_value_t = 1_000_000)]
    pub messages: u64,
    /// --bench: orders (the demo's orders are topped up with copies under new ids).
    #[arg(long, default_value_t = 200_000)]
    pub orders: usize,
    /// --bench: days.
    #[arg(long, default_value_t = 30)]
    pub days: u32,
}

fn parse_now(s: &str) -> anyhow::Result<Ts> {
    let dt = chrono::NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%d %H:%M:%S")
        .or_else(|_| {
            NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                .map(|d| d.and_hms_opt(0, 0, 0).unwrap_or_default())
        })
        .with_context(|| format!("--now {s}: expected YYYY-MM-DD HH:MM:SS"))?;
    Ok(Ts::from_datetime(dt))
}

/// Runs `kefu kpi`.
pub fn run(args: &KpiArgs) -> anyhow::Result<()> {
    let lang = match args.lang {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    };
    let mut cfg = KpiConfig::default();
    if args.jd {
        cfg.attribution = kpi::Attribution::jd();
    }
    if let Some(now) = &args.now {
        cfg.now = Some(parse_now(now)?);
    }
    if args.bench {
        return bench(args, &cfg);
    }
    let by = GroupBy::from_key(&args.by)
        .with_context(|| format!("--by {}: use agent, role, shop, day, week or month", args.by))?;
    let mut data: Vec<DatasetData> = Vec::new();
    for path in &args.files {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let f = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        let size = f.metadata().map(|m| m.len()).unwrap_or(0);
        let mut tick = kefu_core::jobs::no_tick();
        let outcomes =
            analyse(&name, size, BufReader::with_capacity(1 << 20, f), &Options::default(), &mut tick)
                .map_err(|_| anyhow::anyhow!("cancelled"))?;
        for o in outcomes {
            match o {
                Ok(a) => match a.data {
                    Some(d) => data.push(d),
                    None => eprintln!(
                        "kefu: {}: {}",
                        a.report.file,
                        lang.pick("未识别为数据表，已跳过", "not recognised, skipped")
                    ),
                },
                Err(e) => eprintln!("kefu: {}: {}", e.file(), e.localize(lang)),
            }
        }
    }
    let index = KpiIndex::build(&KpiInputs::from_datasets(&data), &cfg);
    let Some(span) = index.span() else { bail!("no dated rows in the files: nothing to report") };
    let period = Period { from: args.from.unwrap_or(span.from), to: args.to.unwrap_or(span.to) };
    if period.from > period.to {
        bail!("--from {} is after --to {}", period.from, period.to);
    }
    let table = index.table(&period, by, None, None, lang);
    let stdout = std::io::stdout();
    kpi::export::table_csv(stdout.lock(), &table, lang).map_err(|e| anyhow::anyhow!(e.localize(lang)))?;
    if let Some(out) = &args.xlsx {
        let f = File::create(out).with_context(|| format!("cannot create {}", out.display()))?;
        kpi::export::table_xlsx(std::io::BufWriter::new(f), &table, lang)
            .map_err(|e| anyhow::anyhow!(e.localize(lang)))?;
    }
    Ok(())
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

/// CPU time of this thread in ms (Linux `schedstat`), to tell the engine's cost from waiting
/// for a busy machine's cores; `None` elsewhere.
fn cpu_ms() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e6)
}

/// `--bench`: generate, top up orders, then time the index build and range queries.
fn bench(args: &KpiArgs, cfg: &KpiConfig) -> anyhow::Result<()> {
    let demo_cfg = DemoConfig {
        agents: args.agents,
        days: args.days,
        messages: Some(args.messages),
        ..DemoConfig::default()
    };
    let t = Instant::now();
    let ws = generate_simple(&demo_cfg);
    let gen_ms = ms(t);
    let mut orders: Vec<Order> = ws.orders.clone();
    let base = orders.len();
    if base > 0 {
        let mut i = 0usize;
        while orders.len() < args.orders {
            let mut o = ws.orders[i % base].clone();
            o.id = format!("{}-{}", o.id, i / base + 1);
            o.created = o.created.plus(((i * 7919) % 3600) as i64);
            if let Some(p) = o.paid_at.as_mut() {
                *p = p.plus(((i * 7919) % 3600) as i64);
            }
            orders.push(o);
            i += 1;
        }
    }
    let msgs = ws.chats.message_count();
    let mut inputs = KpiInputs { chats: vec![&ws.chats], ..KpiInputs::default() };
    inputs.orders = orders.iter().collect();
    inputs.refunds = ws.refunds.iter().collect();
    inputs.reviews = ws.reviews.iter().collect();
    inputs.staff = ws.staff.iter().collect();
    inputs.attendance = ws.attendance.iter().collect();
    inputs.stats = ws.agent_stats.iter().collect();

    let mut best_build = f64::INFINITY;
    let mut best_cpu = f64::INFINITY;
    let mut index = KpiIndex::default();
    for _ in 0..3 {
        drop(std::mem::take(&mut index));
        let c = cpu_ms();
        let t = Instant::now();
        index = KpiIndex::build(&inputs, cfg);
        best_build = best_build.min(ms(t));
        if let (Some(a), Some(b)) = (c, cpu_ms()) {
            best_cpu = best_cpu.min(b - a);
        }
    }
    let span = index.span().context("the generated data has no days")?;
    let week =
        Period { from: span.from + chrono::Duration::days(7), to: span.from + chrono::Duration::days(13) };
    let time = |f: &mut dyn FnMut()| {
        let mut best = f64::INFINITY;
        for _ in 0..5 {
            let t = Instant::now();
            f();
            best = best.min(ms(t));
        }
        best
    };
    let mut rows = 0;
    let month_table =
        time(&mut || rows = index.table(&span, GroupBy::Agent, None, None, Lang::Zh).rows.len());
    let week_table = time(&mut || rows = index.table(&week, GroupBy::Agent, None, None, Lang::Zh).rows.len());
    let by_day = time(&mut || rows += index.table(&span, GroupBy::Day, None, None, Lang::Zh).rows.len());
    let one = Scope::Agent(index.agents[0].account.clone());
    let explain =
        time(&mut || rows += index.explain(Kpi::AvgResponse, &one, &span, None, 100, Lang::Zh).rows.len());
    let spec = kpi::report::ReportSpec {
        kind: kpi::report::ReportKind::Monthly,
        period: span,
        ..Default::default()
    };
    let report = time(&mut || rows += kpi::report::report(&index, &spec, None, Lang::Zh).table.rows.len());
    let appraise = time(&mut || {
        rows += kpi::appraisal::appraise(
            &index,
            &span,
            &kpi::appraisal::default_templates(Lang::Zh),
            &Default::default(),
            Lang::Zh,
        )
        .sheets
        .len()
    });
    let mut out = std::io::stdout().lock();
    writeln!(out, "\nKPI benchmark (release, best of 3 builds / 5 queries)\n")?;
    writeln!(
        out,
        "  data: {} agents, {} days, {msgs} messages, {} orders ({} generated + copies), {} threads",
        index.agents.len(),
        index.days,
        orders.len(),
        base,
        ws.chats.threads.len()
    )?;
    writeln!(out, "  (demo generation: {gen_ms:.0} ms, not counted)")?;
    if best_cpu.is_finite() {
        writeln!(
            out,
            "  index build CPU time (this thread): {best_cpu:.0} ms — wall time includes waiting for a busy machine"
        )?;
    }
    writeln!(out)?;
    writeln!(out, "| step                                   |    time |")?;
    writeln!(out, "|----------------------------------------|---------|")?;
    for (label, v) in [
        ("build index (sessions, credit, cells)", best_build),
        ("table by agent, whole period", month_table),
        ("table by agent, one week (re-range)", week_table),
        ("table by day, whole period", by_day),
        ("explain one figure (100 rows)", explain),
        ("monthly report data", report),
        ("appraisal + ranking", appraise),
    ] {
        writeln!(out, "| {label:<38} | {v:>4.0} ms |")?;
    }
    writeln!(out, "\nGoals: build + one range query < 1000 ms natively; a re-range < 200 ms. ({rows} rows)")?;
    Ok(())
}
