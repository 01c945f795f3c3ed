//! `kefu import FILE...`: reads exports exactly as the app does and prints what it found in
//! each — format, encoding, kind of data, header, counts, period, missing columns and the
//! first errors — plus the time taken. Nothing is stored.

use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::Args;
use kefu_core::Lang;
use kefu_core::import::{FileReport, Options, analyse};
use kefu_core::lang::Localize;

use crate::table::{Align, Table, bytes, thousands};

/// Arguments of `kefu import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Files to read (CSV/TSV, xlsx/xls, 千牛 text, chat JSON, zip archives of them).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Language of the messages.
    #[arg(long, value_enum, default_value_t = LangArg::Zh)]
    pub lang: LangArg,
    /// Row errors listed per file (the rest are counted).
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub errors: usize,
    /// Print the reports as JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    Zh,
    En,
}

/// Runs `kefu import`. Files that cannot be read are reported like the app reports them; the
/// command fails (exit 2) only when a file cannot be opened at all.
pub fn run(args: &ImportArgs) -> anyhow::Result<()> {
    let lang = match args.lang {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    };
    let mut summary = Table::new(&[
        ("file", Align::Left),
        ("kind", Align::Left),
        ("rows", Align::Right),
        ("errors", Align::Right),
        ("size", Align::Right),
        ("MB/s", Align::Right),
    ]);
    let mut json = Vec::new();
    for path in &args.files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        let f = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        let size = f.metadata().map(|m| m.len()).unwrap_or(0);
        let started = Instant::now();
        let mut tick = kefu_core::jobs::no_tick();
        let outcomes =
            analyse(&name, size, BufReader::with_capacity(1 << 20, f), &Options::default(), &mut tick)
                .map_err(|_| anyhow::anyhow!("cancelled"))?;
        let secs = started.elapsed().as_secs_f64();
        let mbs = if secs > 0.0 { size as f64 / 1e6 / secs } else { 0.0 };
        for o in outcomes {
            match o {
                Ok(a) => {
                    let r = &a.report;
                    if args.json {
                        json.push(serde_json::json!({ "ok": r }));
                    } else {
                        print_report(r, lang, args.errors);
                    }
                    summary.row(vec![
                        r.file.clone(),
                        r.kind.map(|k| k.label(lang).to_owned()).unwrap_or_else(|| "?".into()),
                        thousands(r.rows_ok),
                        thousands(r.errors.total),
                        bytes(r.bytes),
                        format!("{mbs:.1}"),
                    ]);
                }
                Err(e) => {
                    if args.json {
                        json.push(serde_json::json!({ "error": e, "message": e.localize(lang) }));
                    } else {
                        println!("{}\n  {}\n", e.file(), e.localize(lang));
                    }
                    summary.row(vec![
                        e.file().to_owned(),
                        "—".into(),
                        "0".into(),
                        "—".into(),
                        bytes(size),
                        "—".into(),
                    ]);
                }
            }
        }
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&json)?);
    } else {
        print!("{}", summary.render());
    }
    Ok(())
}

fn print_report(r: &FileReport, lang: Lang, max_errors: usize) {
    println!("{}", r.file);
    let enc = r
        .encoding
        .map(|e| format!(", {}{}", e.encoding.label(), if e.bom { " BOM" } else { "" }))
        .unwrap_or_default();
    println!("  format:   {}{enc}", r.format.label(lang));
    match (r.kind, r.layout) {
        (Some(k), Some(l)) => println!("  kind:     {} ({})", k.label(lang), l.label(lang)),
        (Some(k), None) => println!("  kind:     {}", k.label(lang)),
        _ => println!("  kind:     ?"),
    }
    if r.header_row > 0 {
        println!(
            "  header:   row {} — {}",
            r.header_row,
            r.header.iter().map(|h| h.trim()).collect::<Vec<_>>().join(" | ")
        );
    }
    println!(
        "  rows:     {} read, {} ok, {} skipped, {} with errors",
        thousands(r.rows_read),
        thousands(r.rows_ok),
        thousands(r.rows_skipped),
        thousands(r.rows_bad)
    );
    if let Some(p) = r.period {
        println!("  period:   {} – {}", p.from, p.to);
    }
    if r.needs_mapping {
        println!(
            "  mapping:  needed (missing: {})",
            if r.missing.is_empty() { "layout unclear".into() } else { r.missing.join(", ") }
        );
    }
    for e in r.errors.listed.iter().take(max_errors) {
        println!("  error:    {}", e.message(&r.file, lang));
    }
    let more = r.errors.total.saturating_sub(max_errors.min(r.errors.listed.len()) as u64);
    if more > 0 {
        println!("  …         {} more errors", thousands(more));
    }
    println!();
}
