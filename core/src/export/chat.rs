//! Chat logs in the three forms supervisors actually hold them (domain.md §3): text copied out
//! of the 千牛 client, per-buyer JSON from community exporters, and the generic CSV.
//!
//! # 千牛 copied text ([`qianniu_day`])
//! UTF-8, CRLF. There is no official export, so one file holds what a supervisor copies out of
//! 千牛 for one day: that day's conversations one buyer after another. Because copied text has
//! no reliable buyer boundary, each buyer's block starts with a separator line
//!
//! ```text
//! ---------------- 与 tb_小鱼儿88 的聊天记录 ----------------
//! ```
//!
//! (blocks ordered by their first message of the day, a blank line between blocks). Inside a
//! block every message is a header line followed by its text lines (a multi-line text gives
//! several lines):
//!
//! - buyer and agent messages: `昵称 YYYY-M-D H:MM:SS` with month, day and hour not padded,
//!   e.g. `棉语旗舰店:小美 2026-10-19 9:05:03`; agents appear under their full sub-account.
//!   About one header in forty (chosen deterministically from the message) has no space before
//!   the date, as seen in the wild: the date is always the last 4+1+1..2+1+1..2 digits group,
//!   so a parser anchors on the end of the line.
//! - auto-replies: the agent's header, text prefixed `[自动回复]` as the client shows them.
//! - system lines: header `系统消息 YYYY-M-D H:MM:SS`, then the text (`当前用户来自…`,
//!   `原因：【离线留言自动分配】`…).
//! - transfers: one line `A --> B YYYY-M-D H:MM:SS`, followed by the transfer's text lines
//!   when it has any.
//! - noise: after about a third of agent and auto messages (deterministically) a line `已读`
//!   or `未读`, as the client's read receipts end up in copied text.
//!
//! # Generic CSV ([`chat_csv`])
//! The canonical lossless form: UTF-8 without BOM, LF line ends, header
//! `time,conversation,sender,role,text`; `time` is `2026-10-19 09:05:03`; `conversation` is
//! [`conversation_key`] = `店铺/买家昵称` (split at the first `/`; shop names never contain
//! one) so that a thread without any agent message still knows its shop; `role` is one of
//! `buyer`, `agent`, `auto`, `system`, `transfer`; for a transfer `sender` is the agent handing
//! over and `text` the target account. Rows are streamed thread by thread, in time order.
//! Lossless except the free text of transfers, which this form has no column for.
//!
//! # Per-buyer JSON ([`buyer_json`])
//! `{"user", "exportTime", "count", "chats": [{"date", "time", "sender", "text", "imgUrl"}]}`,
//! pretty-printed, as community exporters write it. Times zero-padded (`09:05:03`); system
//! lines have sender `系统消息`; auto-replies carry the `[自动回复]` prefix; a transfer is the
//! text `A --> B`; `imgUrl` is always empty (images stay as the `[图片]` placeholder).

use std::io::{self, Write};

use chrono::{NaiveDate, Timelike};
use serde::Serialize;

use super::text::{CRLF, CsvOut, Encoding, mix, qianniu_time};
use crate::Ts;
use crate::model::{ChatLog, ChatMessage, ChatThread, MsgKind, NameId};

/// Sender shown for system lines in copied text and JSON.
pub const SYSTEM_SENDER: &str = "系统消息";

/// Prefix the client shows on auto-replies.
pub const AUTO_PREFIX: &str = "[自动回复]";

/// Header of the generic chat CSV.
pub const CHAT_CSV_HEADERS: [&str; 5] = ["time", "conversation", "sender", "role", "text"];

/// The separator line that starts a buyer's block in 千牛 text (without line end).
pub fn qianniu_separator(buyer: &str) -> String {
    format!("---------------- 与 {buyer} 的聊天记录 ----------------")
}

/// The generic CSV's conversation key: `店铺/买家昵称`.
pub fn conversation_key(shop: &str, buyer: &str) -> String {
    format!("{shop}/{buyer}")
}

/// `role` of the generic CSV.
pub fn role_name(kind: MsgKind) -> &'static str {
    match kind {
        MsgKind::Buyer => "buyer",
        MsgKind::Agent => "agent",
        MsgKind::Auto => "auto",
        MsgKind::System => "system",
        MsgKind::Transfer { .. } => "transfer",
    }
}

/// Range of a thread's messages that fall on `date` (messages are sorted by time).
fn day_range(t: &ChatThread, date: NaiveDate) -> std::ops::Range<usize> {
    let start = Ts::from_date(date);
    let end = start.plus(Ts::DAY);
    let a = t.messages.partition_point(|m| m.ts < start);
    let b = a + t.messages[a..].partition_point(|m| m.ts < end);
    a..b
}

/// Text as the client displays it: auto-replies prefixed.
fn shown_text<'a>(m: &'a ChatMessage) -> std::borrow::Cow<'a, str> {
    if m.kind == MsgKind::Auto && !m.text.starts_with(AUTO_PREFIX) {
        std::borrow::Cow::Owned(format!("{AUTO_PREFIX}{}", m.text))
    } else {
        std::borrow::Cow::Borrowed(&m.text)
    }
}

fn push_lines(buf: &mut String, text: &str) {
    for line in text.split('\n') {
        buf.push_str(line.strip_suffix('\r').unwrap_or(line));
        buf.push_str(CRLF);
    }
}

/// Writes one day of chats as text copied out of 千牛 (see the module docs for the layout).
/// Returns the number of messages written.
pub fn qianniu_day<W: Write>(mut w: W, log: &ChatLog, date: NaiveDate) -> io::Result<u64> {
    let mut blocks: Vec<(Ts, usize, std::ops::Range<usize>)> = log
        .threads
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            let r = day_range(t, date);
            (!r.is_empty()).then(|| (t.messages[r.start].ts, i, r))
        })
        .collect();
    blocks.sort_by_key(|&(ts, i, _)| (ts, i));
    let mut buf = String::with_capacity(512);
    let mut written = 0u64;
    for (n, (_, ti, range)) in blocks.into_iter().enumerate() {
        let t = &log.threads[ti];
        if n > 0 {
            buf.push_str(CRLF);
        }
        buf.push_str(&qianniu_separator(log.name(t.buyer)));
        buf.push_str(CRLF);
        w.write_all(buf.as_bytes())?;
        buf.clear();
        for (mi, m) in t.messages[range.clone()].iter().enumerate() {
            let h = mix(m.ts.0 as u64 ^ ((ti as u64) << 24) ^ (range.start + mi) as u64);
            let sp = if h.is_multiple_of(40) { "" } else { " " };
            let time = qianniu_time(m.ts);
            match m.kind {
                MsgKind::Transfer { to } => {
                    buf.push_str(log.name(m.from));
                    buf.push_str(" --> ");
                    buf.push_str(log.name(to));
                    buf.push(' ');
                    buf.push_str(&time);
                    buf.push_str(CRLF);
                    if !m.text.is_empty() {
                        push_lines(&mut buf, &m.text);
                    }
                }
                MsgKind::System => {
                    buf.push_str(SYSTEM_SENDER);
                    buf.push_str(sp);
                    buf.push_str(&time);
                    buf.push_str(CRLF);
                    push_lines(&mut buf, &m.text);
                }
                MsgKind::Buyer | MsgKind::Agent | MsgKind::Auto => {
                    buf.push_str(log.name(m.from));
                    buf.push_str(sp);
                    buf.push_str(&time);
                    buf.push_str(CRLF);
                    push_lines(&mut buf, &shown_text(m));
                    if m.kind != MsgKind::Buyer {
                        match (h >> 16) % 6 {
                            0 => buf.push_str("已读\r\n"),
                            1 => buf.push_str("未读\r\n"),
                            _ => {}
                        }
                    }
                }
            }
            w.write_all(buf.as_bytes())?;
            buf.clear();
            written += 1;
        }
    }
    w.flush()?;
    Ok(written)
}

/// Writes the generic chat CSV over all threads (see the module docs). Returns the number of
/// messages written.
pub fn chat_csv<W: Write>(w: W, log: &ChatLog) -> io::Result<u64> {
    let mut out = CsvOut::new(w, Encoding::Utf8, "\n");
    out.record(CHAT_CSV_HEADERS)?;
    let mut written = 0u64;
    for t in &log.threads {
        let conv = conversation_key(&t.shop, log.name(t.buyer));
        for m in &t.messages {
            let text = match m.kind {
                MsgKind::Transfer { to } => log.name(to),
                _ => &m.text,
            };
            out.raw(&m.ts.iso()).field(&conv).field(log.name(m.from)).raw(role_name(m.kind)).field(text);
            out.end()?;
            written += 1;
        }
    }
    out.finish()?;
    Ok(written)
}

#[derive(Serialize)]
struct JsonExport<'a> {
    user: &'a str,
    #[serde(rename = "exportTime")]
    export_time: &'a str,
    count: usize,
    chats: Vec<JsonChat<'a>>,
}

#[derive(Serialize)]
struct JsonChat<'a> {
    date: String,
    time: String,
    sender: &'a str,
    text: std::borrow::Cow<'a, str>,
    #[serde(rename = "imgUrl")]
    img_url: &'a str,
}

/// Writes one buyer's chats (all threads of that buyer, merged in time order) as a community
/// exporter's JSON file. `export_time` is written as given (e.g. `2026-11-16 09:30:00`).
/// Returns the number of messages written.
pub fn buyer_json<W: Write>(mut w: W, log: &ChatLog, buyer: NameId, export_time: &str) -> io::Result<u64> {
    let mut msgs: Vec<&ChatMessage> =
        log.threads.iter().filter(|t| t.buyer == buyer).flat_map(|t| t.messages.iter()).collect();
    msgs.sort_by_key(|m| m.ts);
    let chats: Vec<JsonChat<'_>> = msgs
        .iter()
        .map(|m| {
            let d = m.ts.datetime();
            let (sender, text) = match m.kind {
                MsgKind::System => (SYSTEM_SENDER, std::borrow::Cow::Borrowed(m.text.as_str())),
                MsgKind::Transfer { to } => {
                    let mut s = format!("{} --> {}", log.name(m.from), log.name(to));
                    if !m.text.is_empty() {
                        s.push('\n');
                        s.push_str(&m.text);
                    }
                    (log.name(m.from), std::borrow::Cow::Owned(s))
                }
                _ => (log.name(m.from), shown_text(m)),
            };
            JsonChat {
                date: d.date().to_string(),
                time: format!("{:02}:{:02}:{:02}", d.hour(), d.minute(), d.second()),
                sender,
                text,
                img_url: "",
            }
        })
        .collect();
    let doc = JsonExport { user: log.name(buyer), export_time, count: chats.len(), chats };
    serde_json::to_writer_pretty(&mut w, &doc)?;
    w.flush()?;
    Ok(doc.count as u64)
}
