//! Shared pieces of the text writers: a CSV record builder with the quoting the back-office
//! uses, per-record encoding (UTF-8, UTF-8 with BOM, GBK), and the time formats of the exports.

use std::io::{self, Write};

use chrono::{Datelike, NaiveDate, Timelike};

use crate::Ts;

/// Line end of the Windows-made exports.
pub(crate) const CRLF: &str = "\r\n";

/// UTF-8 byte order mark, as Excel's "CSV UTF-8" and the newer back-office exports write it.
pub(crate) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// How records are turned into bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Encoding {
    Utf8,
    Gbk,
}

/// Builds one CSV record at a time into a reusable buffer, then encodes and writes it.
///
/// Fields are quoted only when they must be (a comma, a quote or a line break inside), the
/// way the back-office does; [`CsvOut::raw`] writes a cell verbatim, for the `="…"` id cells.
pub(crate) struct CsvOut<W: Write> {
    w: W,
    enc: Encoding,
    eol: &'static str,
    line: String,
    first: bool,
}

impl<W: Write> CsvOut<W> {
    pub(crate) fn new(w: W, enc: Encoding, eol: &'static str) -> CsvOut<W> {
        CsvOut { w, enc, eol, line: String::with_capacity(256), first: true }
    }

    /// Writes the UTF-8 byte order mark. Call before the first record.
    pub(crate) fn bom(&mut self) -> io::Result<()> {
        self.w.write_all(BOM)
    }

    fn sep(&mut self) {
        if !self.first {
            self.line.push(',');
        }
        self.first = false;
    }

    /// A text field, quoted when needed.
    pub(crate) fn field(&mut self, s: &str) -> &mut Self {
        self.sep();
        if s.contains([',', '"', '\r', '\n']) {
            self.line.push('"');
            for c in s.chars() {
                if c == '"' {
                    self.line.push('"');
                }
                self.line.push(c);
            }
            self.line.push('"');
        } else {
            self.line.push_str(s);
        }
        self
    }

    /// A field written exactly as given, no quoting.
    pub(crate) fn raw(&mut self, s: &str) -> &mut Self {
        self.sep();
        self.line.push_str(s);
        self
    }

    /// An id or phone number as the back-office protects it from Excel: `="1930679858170647"`;
    /// empty stays empty.
    pub(crate) fn excel_text(&mut self, s: &str) -> &mut Self {
        if s.is_empty() {
            return self.raw("");
        }
        self.sep();
        self.line.push_str("=\"");
        self.line.push_str(s);
        self.line.push('"');
        self
    }

    /// Ends the record: encodes it and writes it out.
    pub(crate) fn end(&mut self) -> io::Result<()> {
        self.line.push_str(self.eol);
        match self.enc {
            Encoding::Utf8 => self.w.write_all(self.line.as_bytes())?,
            Encoding::Gbk => {
                // Characters GBK cannot hold become `&#NNNN;`, as encoding_rs (and browsers)
                // do; the real exports lose them in much the same way.
                let (bytes, _, _) = encoding_rs::GBK.encode(&self.line);
                self.w.write_all(&bytes)?;
            }
        }
        self.line.clear();
        self.first = true;
        Ok(())
    }

    /// A whole record of text fields.
    pub(crate) fn record<'a>(&mut self, fields: impl IntoIterator<Item = &'a str>) -> io::Result<()> {
        for f in fields {
            self.field(f);
        }
        self.end()
    }

    pub(crate) fn finish(mut self) -> io::Result<()> {
        self.w.flush()
    }
}

/// `2026/10/19 9:05` — the short slash form of the sub-order report (Excel's default display).
pub(crate) fn slash_short(t: Ts) -> String {
    let d = t.datetime();
    format!("{}/{}/{} {}:{:02}", d.year(), d.month(), d.day(), d.hour(), d.minute())
}

/// `2026-10-19 9:05:03` — 千牛's message header time: month, day and hour not padded.
pub(crate) fn qianniu_time(t: Ts) -> String {
    let d = t.datetime();
    format!("{}-{}-{} {}:{:02}:{:02}", d.year(), d.month(), d.day(), d.hour(), d.minute(), d.second())
}

/// `08:57`, or `次日 00:05` when the instant falls after `day` (night shifts), as 钉钉 writes
/// clock times in its daily attendance export.
pub(crate) fn clock(t: Ts, day: NaiveDate) -> String {
    let d = t.datetime();
    let hm = format!("{:02}:{:02}", d.hour(), d.minute());
    if t.date() > day { format!("次日 {hm}") } else { hm }
}

/// `45.21%`.
pub(crate) fn percent(f: f64) -> String {
    format!("{:.2}%", f * 100.0)
}

/// `是` / `否`.
pub(crate) fn yes_no(b: bool) -> &'static str {
    if b { "是" } else { "否" }
}

/// A small deterministic hash (SplitMix64 finaliser) for the sprinkled quirks, so the same
/// data always gives the same bytes.
pub(crate) fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_needed() {
        let mut buf = Vec::new();
        let mut out = CsvOut::new(&mut buf, Encoding::Utf8, CRLF);
        out.field("a").field("b,c").field("say \"hi\"").excel_text("123").excel_text("");
        out.end().unwrap();
        out.finish().unwrap();
        assert_eq!(String::from_utf8(buf).unwrap(), "a,\"b,c\",\"say \"\"hi\"\"\",=\"123\",\r\n");
    }

    #[test]
    fn time_forms() {
        let t = Ts::from_ymd_hms(2026, 10, 9, 9, 5, 3).unwrap();
        assert_eq!(slash_short(t), "2026/10/9 9:05");
        assert_eq!(qianniu_time(t), "2026-10-9 9:05:03");
        assert_eq!(clock(t, t.date()), "09:05");
        assert_eq!(clock(t.plus(86_400), t.date()), "次日 09:05");
        assert_eq!(percent(0.45214), "45.21%");
    }
}
