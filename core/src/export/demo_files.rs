//! Lays a whole [`DemoWorkspace`] out as the set of files a back-office (and the supervisor's
//! own tools) would give, named as the real ones are:
//!
//! ```text
//! 客服名单.csv
//! 订单报表-2026-10-19至2026-11-15.csv
//! 宝贝报表-2026-10-19至2026-11-15.csv
//! 退款报表-2026-10-19至2026-11-15.xlsx
//! 评价-2026-10-19至2026-11-15.csv
//! 客服接待数据_2026-10-19至2026-11-15.xlsx
//! 考勤-2026-10-19至2026-11-15.csv
//! 聊天记录/聊天记录.csv                 generic CSV, every message
//! 聊天记录/千牛/2026-10-19.txt          one per day that has messages
//! 聊天记录/json/<buyer>.json            the first 20 buyers (in thread order) only
//! ```
//!
//! [`demo_files`] gives the plan (paths relative, `/`-separated, in the order above);
//! [`write_demo_files`] streams every file to a writer the caller opens per path, so a CLI can
//! write straight to disk and a browser into a zip. The range in the names is the workspace's
//! [`DemoWorkspace::period`].

use std::collections::{BTreeSet, HashSet};
use std::io::{self, Write};

use chrono::NaiveDate;

use super::backoffice::{
    agent_stats_file_name, agent_stats_xlsx, attendance_csv, orders_csv, refunds_xlsx, reviews_csv,
    staff_csv, sub_orders_csv,
};
use super::chat::{buyer_json, chat_csv, qianniu_day};
use crate::demo::DemoWorkspace;
use crate::model::NameId;

/// How many buyers get a JSON file.
pub const JSON_BUYERS: usize = 20;

/// What goes into one file of the layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DemoContent {
    Staff,
    Orders,
    SubOrders,
    Refunds,
    Reviews,
    AgentStats,
    Attendance,
    /// The generic chat CSV over all threads.
    ChatCsv,
    /// 千牛 copied text of one day.
    QianniuDay(NaiveDate),
    /// The community exporter's JSON of one buyer.
    BuyerJson(NameId),
}

/// One file of the layout: where it goes and what it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoFile {
    /// Relative path, `/`-separated (`聊天记录/千牛/2026-10-19.txt`).
    pub path: String,
    pub content: DemoContent,
}

/// A file that was written, with its data rows (messages for chat files; header and summary
/// rows not counted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WrittenFile {
    pub path: String,
    pub rows: u64,
}

/// Makes a buyer nick usable as a file name on Windows, macOS and Linux: path separators,
/// reserved characters and control characters become `_`; leading dots are replaced too.
pub fn safe_file_name(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    if out.starts_with('.') {
        out.replace_range(..1, "_");
    }
    if out.trim().is_empty() {
        out = "_".into();
    }
    out
}

/// The files a workspace lays out into, in writing order.
pub fn demo_files(ws: &DemoWorkspace) -> Vec<DemoFile> {
    let range = ws.period.zh_range();
    let f = |path: String, content| DemoFile { path, content };
    let mut files = vec![
        f("客服名单.csv".into(), DemoContent::Staff),
        f(format!("订单报表-{range}.csv"), DemoContent::Orders),
        f(format!("宝贝报表-{range}.csv"), DemoContent::SubOrders),
        f(format!("退款报表-{range}.xlsx"), DemoContent::Refunds),
        f(format!("评价-{range}.csv"), DemoContent::Reviews),
        f(agent_stats_file_name(&ws.period), DemoContent::AgentStats),
        f(format!("考勤-{range}.csv"), DemoContent::Attendance),
        f("聊天记录/聊天记录.csv".into(), DemoContent::ChatCsv),
    ];
    let days: BTreeSet<NaiveDate> =
        ws.chats.threads.iter().flat_map(|t| t.messages.iter().map(|m| m.ts.date())).collect();
    files.extend(days.into_iter().map(|d| f(format!("聊天记录/千牛/{d}.txt"), DemoContent::QianniuDay(d))));
    let mut seen_buyers = HashSet::new();
    let mut used_names = HashSet::new();
    for t in &ws.chats.threads {
        if seen_buyers.len() >= JSON_BUYERS {
            break;
        }
        if !seen_buyers.insert(t.buyer) {
            continue;
        }
        let base = safe_file_name(ws.chats.name(t.buyer));
        let mut name = base.clone();
        let mut n = 2;
        while !used_names.insert(name.clone()) {
            name = format!("{base}-{n}");
            n += 1;
        }
        files.push(f(format!("聊天记录/json/{name}.json"), DemoContent::BuyerJson(t.buyer)));
    }
    files
}

/// The `exportTime` written into the JSON files: 09:30 on the day after the period.
fn export_time(ws: &DemoWorkspace) -> String {
    let day = ws.period.to.succ_opt().unwrap_or(ws.period.to);
    format!("{day} 09:30:00")
}

impl DemoFile {
    /// Writes this file's content; returns its data rows.
    pub fn write(&self, ws: &DemoWorkspace, w: &mut dyn Write) -> io::Result<u64> {
        match self.content {
            DemoContent::Staff => staff_csv(w, &ws.staff),
            DemoContent::Orders => orders_csv(w, &ws.orders),
            DemoContent::SubOrders => sub_orders_csv(w, &ws.sub_orders),
            DemoContent::Refunds => refunds_xlsx(w, &ws.refunds),
            DemoContent::Reviews => reviews_csv(w, &ws.reviews),
            DemoContent::AgentStats => agent_stats_xlsx(w, &ws.agent_stats),
            DemoContent::Attendance => attendance_csv(w, &ws.attendance),
            DemoContent::ChatCsv => chat_csv(w, &ws.chats),
            DemoContent::QianniuDay(d) => qianniu_day(w, &ws.chats, d),
            DemoContent::BuyerJson(b) => buyer_json(w, &ws.chats, b, &export_time(ws)),
        }
    }
}

/// Writes every file of [`demo_files`]: `open` is called with each relative path (`/`
/// separators; the caller creates folders as needed) and returns the writer to stream into
/// (buffer it); the writer is flushed and dropped before the next file is opened. An error
/// names the file it happened in.
pub fn write_demo_files(
    ws: &DemoWorkspace,
    open: &mut dyn FnMut(&str) -> io::Result<Box<dyn Write>>,
) -> io::Result<Vec<WrittenFile>> {
    let files = demo_files(ws);
    let mut written = Vec::with_capacity(files.len());
    for file in &files {
        let ctx = |e: io::Error| io::Error::new(e.kind(), format!("{}: {e}", file.path));
        let mut w = open(&file.path).map_err(ctx)?;
        let rows = file.write(ws, &mut w).map_err(ctx)?;
        w.flush().map_err(ctx)?;
        drop(w);
        written.push(WrittenFile { path: file.path.clone(), rows });
    }
    Ok(written)
}
