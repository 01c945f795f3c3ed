//! Text copied out of the 千牛 client (and written by `export::chat::qianniu_day`).
//!
//! One message is a header line `昵称 YYYY-M-D H:MM:SS` followed by its text lines, up to
//! the next header. The header is parsed by hand from the end of the line: the time
//! (`H:MM:SS`, one or two digits each), at least one space, the date (a four-digit year, month
//! and day separated by `-`, `/` or `.`), then the nick — with or without a space before the
//! date, since the year is always the last four digits (`tb_小鱼儿882026-10-19 9:05:03` is
//! `tb_小鱼儿88`). Nicks may contain spaces and colons. A line with an impossible date or time
//! is text, not a header. Line ends may be CRLF or LF; a BOM is ignored.
//!
//! Other lines:
//! - `---- 与 {buyer} 的聊天记录 ----` starts a buyer's block (our writer's convention);
//!   without separators the whole text is one block whose buyer is its first sender that is
//!   neither an agent (`店铺:小美`, the shop's main account), the system nor a robot;
//! - `A --> B <time>` is a transfer from A to B; lines after it are the transfer's text;
//! - `已读`, `未读`, `发送中` and `X 撤回了一条消息` are dropped and counted as skipped (a header
//!   whose only line is a withdrawal is dropped with it);
//! - a system line (`当前用户来自…`, `由 服务助手 转交给…`, `原因：【…】`) inside another
//!   message's text starts a system message at that message's time; before any header of a
//!   block it takes the time of the block's first header;
//! - any other line before the first header of a block is a row error (its line number, what
//!   to do), and reading goes on.
//!
//! Multi-line texts keep their line breaks (`\n`); trailing blank lines are trimmed (blank
//! lines inside are kept as written). A text line that is exactly a noise word, or that looks
//! exactly like a header, cannot be told apart from one — a limit of the format.
//!
//! `LineParser` is the line-by-line engine; [`parse`] drives it over a whole file and the
//! `客户ID | 聊天记录` table builder drives it over each transcript cell.

use std::io::{self, BufRead};

use chrono::NaiveDate;

use super::ChatParse;
use super::build::{
    ChatLogBuilder, Preset, RawMsg, SYSTEM_SENDER, account, is_noise, is_system_line, is_system_sender,
    is_withdrawal, split_transfer,
};
use crate::Ts;
use crate::import::{ErrorSink, FileError, MAX_RECORD_BYTES, Problem, RowError, Stop};
use crate::jobs::Cancelled;
use crate::model::NameId;

/// `poll` is called once every this many lines.
const POLL_EVERY: u64 = 4096;

/// Something the caller should report as a row error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Note<'a> {
    /// A line outside any message.
    Garbage(&'a str),
    /// A block where no buyer could be found.
    NoBuyer,
}

/// Reads 千牛 text from `input` (UTF-8; see `encoding::decoder`). Row errors carry line
/// numbers. Fails with [`FileError::Empty`] when there is no text at all, and
/// [`FileError::UnknownFormat`] when not a single message header is found.
pub fn parse(
    file: &str,
    input: &mut dyn BufRead,
    poll: &mut dyn FnMut() -> Result<(), Cancelled>,
) -> Result<ChatParse, Stop> {
    let mut errors = ErrorSink::default();
    let mut report = |n: u64, note: Note<'_>| {
        let (value, what) = match note {
            Note::Garbage(line) => (line, Problem::StrayText),
            Note::NoBuyer => ("", Problem::NoBuyer),
        };
        errors.push(RowError::new(n, None, value, what));
        errors.bad_rows += 1;
    };
    let mut f = Feed { b: ChatLogBuilder::new(), p: LineParser::new(), no: 0, any_text: false };
    let limit = MAX_RECORD_BYTES as usize;
    let too_long = |no: u64| -> Stop {
        FileError::LineTooLong { file: file.to_owned(), line: no + 1, limit: MAX_RECORD_BYTES }.into()
    };
    // A line begun in an earlier buffer.
    let mut carry: Vec<u8> = Vec::new();
    loop {
        let avail = match input.fill_buf() {
            Ok(a) => a,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => {
                return Err(FileError::Unreadable { file: file.to_owned(), detail: e.to_string() }.into());
            }
        };
        if avail.is_empty() {
            break;
        }
        let Some(last) = avail.iter().rposition(|&c| c == b'\n') else {
            if carry.len() + avail.len() > limit {
                return Err(too_long(f.no));
            }
            carry.extend_from_slice(avail);
            let n = avail.len();
            input.consume(n);
            continue;
        };
        // The whole lines of this buffer: validated at once, then split.
        let mut body = &avail[..last];
        if !carry.is_empty() {
            let first = body.iter().position(|&c| c == b'\n').unwrap_or(last);
            if carry.len() + first > limit {
                return Err(too_long(f.no));
            }
            carry.extend_from_slice(&avail[..first]);
            f.feed_bytes(&carry, &mut report, poll)?;
            carry.clear();
            if first == last {
                input.consume(last + 1);
                continue;
            }
            body = &avail[first + 1..last];
        }
        match std::str::from_utf8(body) {
            Ok(text) => {
                for line in text.split('\n') {
                    f.feed(line, &mut report, poll)?;
                }
            }
            Err(_) => {
                for line in body.split(|&c| c == b'\n') {
                    f.feed_bytes(line, &mut report, poll)?;
                }
            }
        }
        input.consume(last + 1);
    }
    if !carry.is_empty() {
        f.feed_bytes(&carry, &mut report, poll)?;
    }
    let Feed { mut b, mut p, no, any_text } = f;
    p.end(&mut b, &mut report);
    if !any_text {
        return Err(FileError::Empty { file: file.to_owned() }.into());
    }
    if b.messages() == 0 {
        return Err(FileError::UnknownFormat {
            file: file.to_owned(),
            detail: "no 千牛 message header (昵称 YYYY-M-D H:MM:SS) found".into(),
        }
        .into());
    }
    let skipped = p.skipped;
    let messages = b.messages();
    Ok(ChatParse { log: b.finish(), lines: no, messages, skipped, errors })
}

/// The state of [`parse`] between lines.
struct Feed {
    b: ChatLogBuilder,
    p: LineParser,
    /// Lines read.
    no: u64,
    /// A non-blank line was seen.
    any_text: bool,
}

impl Feed {
    fn feed(
        &mut self,
        line: &str,
        report: &mut dyn FnMut(u64, Note<'_>),
        poll: &mut dyn FnMut() -> Result<(), Cancelled>,
    ) -> Result<(), Cancelled> {
        if self.no.is_multiple_of(POLL_EVERY) {
            poll()?;
        }
        self.no += 1;
        let line = if self.no == 1 { line.strip_prefix('\u{FEFF}').unwrap_or(line) } else { line };
        if !self.any_text && !line.trim().is_empty() {
            self.any_text = true;
        }
        self.p.line(&mut self.b, line, self.no, report);
        Ok(())
    }

    /// A line that may not be valid UTF-8 (invalid sequences become U+FFFD).
    fn feed_bytes(
        &mut self,
        line: &[u8],
        report: &mut dyn FnMut(u64, Note<'_>),
        poll: &mut dyn FnMut() -> Result<(), Cancelled>,
    ) -> Result<(), Cancelled> {
        let text = String::from_utf8_lossy(line);
        self.feed(&text, report, poll)
    }
}

/// Parses the digits ending at `end` (at most `max`, at least `min`), backwards.
fn digits_back(b: &[u8], end: usize, min: usize, max: usize) -> Option<(u32, usize)> {
    let mut i = end;
    let mut v = 0u32;
    let mut scale = 1u32;
    while i > 0 && end - i < max && b[i - 1].is_ascii_digit() {
        v += u32::from(b[i - 1] - b'0') * scale;
        scale *= 10;
        i -= 1;
    }
    (end - i >= min).then_some((v, i))
}

/// A message header `昵称 YYYY-M-D H:MM:SS` → (nick, time). With `default_date`, a header
/// with a time only (`昵称 H:MM:SS`) takes that date. `None` when the line is not a header.
pub fn parse_header(line: &str, default_date: Option<NaiveDate>) -> Option<(&str, Ts)> {
    let h = header_parts(line)?;
    let date = match h.ymd {
        Some((y, m, d)) => NaiveDate::from_ymd_opt(y as i32, m, d)?,
        None => default_date?,
    };
    Some((h.nick, Ts::from_date(date).plus(h.secs)))
}

/// The parts of a header line, the date not yet checked.
struct HeaderParts<'a> {
    nick: &'a str,
    /// `None` when the line has a time only.
    ymd: Option<(u32, u32, u32)>,
    /// Seconds since midnight.
    secs: i64,
}

fn header_parts(line: &str) -> Option<HeaderParts<'_>> {
    let b = line.as_bytes();
    let mut i = b.len();
    while i > 0 && matches!(b[i - 1], b' ' | b'\t' | b'\r') {
        i -= 1;
    }
    if i == 0 || !b[i - 1].is_ascii_digit() {
        return None;
    }
    let (ss, j) = digits_back(b, i, 1, 2)?;
    if j == 0 || b[j - 1] != b':' {
        return None;
    }
    let (mm, j) = digits_back(b, j - 1, 1, 2)?;
    if j == 0 || b[j - 1] != b':' {
        return None;
    }
    let (hh, j) = digits_back(b, j - 1, 1, 2)?;
    let mut k = j;
    while k > 0 && matches!(b[k - 1], b' ' | b'\t') {
        k -= 1;
    }
    if k == j || hh > 23 || mm > 59 || ss > 59 {
        return None;
    }
    let date_end = k;
    let full = (|| {
        let (d, k) = digits_back(b, date_end, 1, 2)?;
        let sep = *b.get(k.checked_sub(1)?)?;
        if !matches!(sep, b'-' | b'/' | b'.') {
            return None;
        }
        let (m, k) = digits_back(b, k - 1, 1, 2)?;
        if k == 0 || b[k - 1] != sep {
            return None;
        }
        let (y, k) = digits_back(b, k - 1, 4, 4)?;
        Some((y, m, d, k))
    })();
    let (ymd, nick_end) = match full {
        Some((y, m, d, k)) => {
            if !(1970..=2100).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
                return None;
            }
            (Some((y, m, d)), k)
        }
        None => (None, date_end),
    };
    let nick = line.get(..nick_end)?.trim();
    if nick.is_empty() {
        return None;
    }
    Some(HeaderParts { nick, ymd, secs: i64::from(hh) * 3600 + i64::from(mm) * 60 + i64::from(ss) })
}

/// The buyer named by a separator line `---- 与 {buyer} 的聊天记录 ----`.
pub fn parse_separator(line: &str) -> Option<&str> {
    let t = line.trim();
    if !t.starts_with("--") {
        return None;
    }
    let inner = t.trim_matches('-').trim();
    let buyer = inner.strip_prefix('与')?.strip_suffix("的聊天记录")?.trim();
    (!buyer.is_empty()).then_some(buyer)
}

/// Presets of one transcript (a row of the `客户ID | 聊天记录` table).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct TranscriptPreset<'a> {
    pub buyer: Option<&'a str>,
    pub shop: Option<&'a str>,
    pub agent: Option<&'a str>,
    pub date: Option<NaiveDate>,
}

/// The line-by-line state machine.
#[derive(Debug, Default)]
pub(super) struct LineParser {
    /// Date for time-only headers (transcripts with a date column).
    default_date: Option<NaiveDate>,
    /// Finished messages of the current block.
    block: Vec<RawMsg>,
    /// Line of the block's first header (for a missing-buyer note).
    block_line: u64,
    /// Buyer named by the block's separator (or the transcript's 客户ID).
    block_buyer: Option<NameId>,
    buyer_exact: bool,
    preset_shop: Option<String>,
    preset_agent: Option<NameId>,
    /// The message being read.
    cur: Option<RawMsg>,
    /// `cur` has at least one non-blank text line.
    has_line: bool,
    /// Blank lines after the last text line of `cur`, each followed by `\n`.
    blanks: String,
    /// `cur` had a withdrawal line and no text.
    withdrawn: bool,
    /// System lines seen before any header of the block, with their line numbers.
    untimed: Vec<(u64, String)>,
    /// Noise lines and withdrawals dropped.
    pub skipped: u64,
    /// The last header date and its midnight.
    last_date: Option<((u32, u32, u32), Ts)>,
}

impl LineParser {
    pub(super) fn new() -> LineParser {
        LineParser { buyer_exact: true, ..LineParser::default() }
    }

    /// Handles one line (without its `\n`; a trailing `\r` is ignored). `no` is what row
    /// errors carry.
    pub(super) fn line(
        &mut self,
        b: &mut ChatLogBuilder,
        line: &str,
        no: u64,
        report: &mut dyn FnMut(u64, Note<'_>),
    ) {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let t = line.trim();
        if t.is_empty() {
            if self.cur.is_some() {
                self.blanks.push_str(line);
                self.blanks.push('\n');
            }
            return;
        }
        if let Some((nick, ts)) = self.header_of(line) {
            self.header(b, nick, ts, no);
            return;
        }
        if t.starts_with('-')
            && let Some(buyer) = parse_separator(t)
        {
            self.close_block(b, report);
            self.block_buyer = Some(b.intern(account(buyer)));
            self.buyer_exact = true;
            return;
        }
        if t.len() <= 12 && is_noise(t) {
            self.skipped += 1;
            return;
        }
        if is_withdrawal(t) {
            self.skipped += 1;
            if !self.has_line {
                self.withdrawn = true;
            }
            return;
        }
        let Some(cur) = self.cur.as_mut() else {
            if is_system_line(line) {
                self.untimed.push((no, line.to_owned()));
            } else {
                report(no, Note::Garbage(line));
            }
            return;
        };
        if is_system_line(line) && !cur.system && cur.to.is_none() {
            if !self.has_line && !self.withdrawn {
                // The header was the system line's own.
                cur.system = true;
            } else {
                let ts = cur.ts;
                self.flush();
                let from = b.intern(SYSTEM_SENDER);
                self.cur = Some(RawMsg { ts, from, to: None, text: String::new(), system: true });
            }
        }
        self.append(line);
    }

    /// [`parse_header`] with the date of the previous header remembered.
    fn header_of<'l>(&mut self, line: &'l str) -> Option<(&'l str, Ts)> {
        let h = header_parts(line)?;
        let midnight = match h.ymd {
            Some(ymd) => match self.last_date {
                Some((last, t)) if last == ymd => t,
                _ => {
                    let (y, m, d) = ymd;
                    let t = Ts::from_date(NaiveDate::from_ymd_opt(y as i32, m, d)?);
                    self.last_date = Some((ymd, t));
                    t
                }
            },
            None => Ts::from_date(self.default_date?),
        };
        Some((h.nick, midnight.plus(h.secs)))
    }

    fn append(&mut self, line: &str) {
        if let Some(cur) = self.cur.as_mut() {
            if self.has_line {
                cur.text.push('\n');
            } else {
                cur.text.reserve_exact(self.blanks.len() + line.len());
            }
            cur.text.push_str(&self.blanks);
            cur.text.push_str(line);
            self.blanks.clear();
            self.has_line = true;
        }
    }

    fn header(&mut self, b: &mut ChatLogBuilder, nick: &str, ts: Ts, no: u64) {
        self.flush();
        if self.block.is_empty() {
            self.block_line = no;
        }
        if !self.untimed.is_empty() {
            let from = b.intern(SYSTEM_SENDER);
            for (_, text) in self.untimed.drain(..) {
                self.block.push(RawMsg { ts, from, to: None, text, system: true });
            }
        }
        let msg = match split_transfer(nick) {
            Some((a, to)) => {
                let from = b.intern(account(a));
                let to = b.intern(account(to));
                RawMsg { ts, from, to: Some(to), text: String::new(), system: false }
            }
            None => {
                let sender = account(nick);
                let system = is_system_sender(sender);
                RawMsg { ts, from: b.intern(sender), to: None, text: String::new(), system }
            }
        };
        self.cur = Some(msg);
    }

    /// Ends the current message.
    fn flush(&mut self) {
        // A message whose only line was a withdrawal is dropped with it.
        if let Some(m) = self.cur.take()
            && (self.has_line || !self.withdrawn)
        {
            self.block.push(m);
        }
        self.blanks.clear();
        self.has_line = false;
        self.withdrawn = false;
    }

    /// Ends the current block: classifies its messages and adds them to `b`.
    fn close_block(&mut self, b: &mut ChatLogBuilder, report: &mut dyn FnMut(u64, Note<'_>)) {
        self.flush();
        for (n, text) in std::mem::take(&mut self.untimed) {
            report(n, Note::Garbage(&text));
        }
        let mut msgs = std::mem::take(&mut self.block);
        if !msgs.is_empty() {
            let preset = Preset {
                buyer: self.block_buyer,
                shop: self.preset_shop.as_deref(),
                agent: self.preset_agent,
                buyer_exact: self.buyer_exact,
            };
            if !b.push_block(&mut msgs, preset) {
                report(self.block_line, Note::NoBuyer);
            }
        }
        // Keep the allocation for the next block.
        self.block = msgs;
        self.block_buyer = None;
        self.buyer_exact = true;
    }

    /// Ends the input.
    pub(super) fn end(&mut self, b: &mut ChatLogBuilder, report: &mut dyn FnMut(u64, Note<'_>)) {
        self.close_block(b, report);
    }

    /// Reads one whole transcript (a table cell) as its own block with `preset`. Every note
    /// carries `row`. Returns the number of messages added.
    pub(super) fn transcript(
        &mut self,
        b: &mut ChatLogBuilder,
        text: &str,
        row: u64,
        preset: TranscriptPreset<'_>,
        report: &mut dyn FnMut(u64, Note<'_>),
    ) -> u64 {
        let before = b.messages();
        self.close_block(b, report);
        self.block_buyer = preset.buyer.map(|n| b.intern(account(n)));
        self.buyer_exact = false;
        self.preset_shop = preset.shop.map(str::to_owned);
        self.preset_agent = preset.agent.map(|n| b.intern(account(n)));
        self.default_date = preset.date;
        for line in text.split('\n') {
            self.line(b, line, row, report);
        }
        self.close_block(b, report);
        self.preset_shop = None;
        self.preset_agent = None;
        self.default_date = None;
        b.messages() - before
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Ts {
        crate::import::clean::datetime(s).ok().flatten().unwrap_or_default()
    }

    #[test]
    fn headers_are_parsed_from_the_end() {
        assert_eq!(
            parse_header("棉语旗舰店:小美 2026-10-19 9:05:03", None),
            Some(("棉语旗舰店:小美", at("2026-10-19 09:05:03")))
        );
        assert_eq!(
            parse_header("tb_小鱼儿882026-10-19 9:05:03", None),
            Some(("tb_小鱼儿88", at("2026-10-19 09:05:03")))
        );
        assert_eq!(
            parse_header("a b:c  2026-1-2 23:59:59 \r", None),
            Some(("a b:c", at("2026-01-02 23:59:59")))
        );
        assert_eq!(parse_header("x 2026/1/2 0:00:00", None), Some(("x", at("2026-01-02 00:00:00"))));
        assert_eq!(parse_header("x 2026-2-30 9:05:03", None), None);
        assert_eq!(parse_header("x 2026-10-19 24:05:03", None), None);
        assert_eq!(parse_header("x 2026-10-19 9:60:03", None), None);
        assert_eq!(parse_header("x 2026-10-19T9:05:03", None), None);
        assert_eq!(parse_header("2026-10-19 9:05:03", None), None);
        assert_eq!(parse_header("x 20261019 9:05:03", None), None);
        assert_eq!(parse_header("x 9:05:03", None), None);
        assert_eq!(parse_header("", None), None);
        assert_eq!(parse_header("在吗", None), None);
        let d = NaiveDate::from_ymd_opt(2026, 10, 19);
        assert_eq!(parse_header("小美 9:05:03", d), Some(("小美", at("2026-10-19 09:05:03"))));
        for s in
            ["9:05:03", ":", "1:2:3", " 1:22:33", "日 1:22:33", "x 2026-10-19 9:05:", "x 99999-1-1 1:1:1"]
        {
            let _ = parse_header(s, d);
            let _ = parse_header(s, None);
        }
    }

    #[test]
    fn separators_name_the_buyer() {
        assert_eq!(
            parse_separator("---------------- 与 tb_小鱼儿88 的聊天记录 ----------------"),
            Some("tb_小鱼儿88")
        );
        assert_eq!(parse_separator("--与a b的聊天记录--"), Some("a b"));
        assert_eq!(parse_separator("-- 与  的聊天记录 --"), None);
        assert_eq!(parse_separator("与 a 的聊天记录"), None);
    }
}
