//! Text encodings of exports: detection from the first bytes, and streaming decoding to UTF-8.
//!
//! Back-office exports come as UTF-8 (with or without a BOM), GBK/GB18030 (older exports,
//! 钉钉, anything saved by Excel on a Chinese Windows) and now and then UTF-16 (Excel's
//! "Unicode text"). [`detect`] looks at a sample of the start of the file:
//!
//! 1. a byte-order mark decides (UTF-8 `EF BB BF`, UTF-16LE `FF FE`, UTF-16BE `FE FF`,
//!    GB18030 `84 31 95 33`);
//! 2. UTF-16 without a BOM is recognised by its pattern of NUL bytes (ASCII characters have a
//!    zero high byte), checked by decoding;
//! 3. a sample that is valid UTF-8 *as a whole* (a character cut at the end of the sample is
//!    allowed) is UTF-8 — pure ASCII included, which every candidate reads the same way;
//! 4. otherwise GB18030 if it decodes without errors;
//! 5. otherwise the encoding with fewer malformed sequences, flagged as not confident.
//!
//! Short samples with only a few non-ASCII characters can be valid in both UTF-8 and GBK (UTF-8
//! hanzi often pair up into valid GBK codes; now and then GBK text is valid UTF-8). The guess
//! then goes to the reading that looks like Chinese text (common GB2312 hanzi and punctuation
//! rather than rare hanzi, Latin, Greek or Cyrillic), and is confident only when one reading
//! clearly does and the other clearly does not.
//!
//! [`decoder`] wraps a byte stream into one that yields UTF-8 with the BOM removed; malformed
//! input becomes U+FFFD, never an error. UTF-8 input takes a fast path (validate and pass
//! through); the others are transcoded by `encoding_rs_io`.

use std::io::{self, Read};

use encoding_rs::{Encoding, GB18030, GBK, UTF_8, UTF_16BE, UTF_16LE};
use encoding_rs_io::DecodeReaderBytesBuilder;

use super::{EncodingGuess, TextEncoding};

/// UTF-8 byte-order mark.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
/// UTF-16LE byte-order mark.
pub const UTF16LE_BOM: &[u8] = b"\xFF\xFE";
/// UTF-16BE byte-order mark.
pub const UTF16BE_BOM: &[u8] = b"\xFE\xFF";
/// GB18030's encoding of U+FEFF, used as a byte-order mark.
pub const GB18030_BOM: &[u8] = b"\x84\x31\x95\x33";

/// Size of the internal buffers of the decoding readers.
const BUF_SIZE: usize = 64 * 1024;

/// With fewer non-ASCII characters than this, a sample valid in UTF-8 may be GBK by chance.
const AMBIGUOUS_CHARS: usize = 16;

/// The byte-order mark `head` starts with, and its length.
pub fn bom(head: &[u8]) -> Option<(TextEncoding, usize)> {
    if head.starts_with(UTF8_BOM) {
        Some((TextEncoding::Utf8, UTF8_BOM.len()))
    } else if head.starts_with(GB18030_BOM) {
        Some((TextEncoding::Gb18030, GB18030_BOM.len()))
    } else if head.starts_with(UTF16LE_BOM) {
        Some((TextEncoding::Utf16Le, UTF16LE_BOM.len()))
    } else if head.starts_with(UTF16BE_BOM) {
        Some((TextEncoding::Utf16Be, UTF16BE_BOM.len()))
    } else {
        None
    }
}

/// The byte-order mark of `enc`.
pub fn bom_bytes(enc: TextEncoding) -> &'static [u8] {
    match enc {
        TextEncoding::Utf8 => UTF8_BOM,
        TextEncoding::Gb18030 => GB18030_BOM,
        TextEncoding::Utf16Le => UTF16LE_BOM,
        TextEncoding::Utf16Be => UTF16BE_BOM,
    }
}

/// The `encoding_rs` codec of `enc`.
pub fn codec(enc: TextEncoding) -> &'static Encoding {
    match enc {
        TextEncoding::Utf8 => UTF_8,
        TextEncoding::Gb18030 => GB18030,
        TextEncoding::Utf16Le => UTF_16LE,
        TextEncoding::Utf16Be => UTF_16BE,
    }
}

/// Guesses the encoding from the first bytes of a file (a few KB to 64 KB; the sample may end
/// in the middle of a character). See the module docs for the rules. An empty sample gives
/// UTF-8, not confident.
pub fn detect(head: &[u8]) -> EncodingGuess {
    let guess = |encoding, bom, confident| EncodingGuess { encoding, bom, confident };
    if let Some((enc, _)) = bom(head) {
        return guess(enc, true, true);
    }
    if head.is_empty() {
        return guess(TextEncoding::Utf8, false, false);
    }
    if let Some(enc) = utf16_without_bom(head) {
        return guess(enc, false, true);
    }
    let u8s = scan_utf8(head);
    if u8s.errors == 0 {
        if u8s.non_ascii >= AMBIGUOUS_CHARS || u8s.non_ascii == 0 {
            return guess(TextEncoding::Utf8, false, true);
        }
        // A few non-ASCII characters: GBK text can be valid UTF-8 by chance.
        let gb = scan_gb(head);
        if gb.errors > 0 {
            return guess(TextEncoding::Utf8, false, true);
        }
        let gb_score = ratio(gb.common, gb.chars);
        let utf8_score = ratio(utf8_chinese_chars(head), u8s.non_ascii);
        let enc = if gb_score > utf8_score { TextEncoding::Gb18030 } else { TextEncoding::Utf8 };
        // Confident only when one reading is Chinese text and the other is not.
        let (win, lose) = if gb_score > utf8_score { (gb_score, utf8_score) } else { (utf8_score, gb_score) };
        let confident = u8s.non_ascii >= 2 && win >= 0.8 && win - lose >= 0.5;
        return guess(enc, false, confident);
    }
    let gb = scan_gb(head);
    if gb.errors == 0 {
        return guess(TextEncoding::Gb18030, false, true);
    }
    let enc = if gb.errors < u8s.errors { TextEncoding::Gb18030 } else { TextEncoding::Utf8 };
    guess(enc, false, false)
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// UTF-16 without a BOM, recognised by NUL bytes at odd (LE) or even (BE) positions and
/// confirmed by decoding: no unpaired surrogates, almost no control characters.
pub fn utf16_without_bom(head: &[u8]) -> Option<TextEncoding> {
    let units = head.len() / 2;
    if units < 2 {
        return None;
    }
    let (mut zero_even, mut zero_odd) = (0usize, 0usize);
    for pair in head.chunks_exact(2) {
        zero_even += usize::from(pair[0] == 0);
        zero_odd += usize::from(pair[1] == 0);
    }
    let le = if zero_odd * 8 >= units && zero_even * 4 <= zero_odd {
        true
    } else if zero_even * 8 >= units && zero_odd * 4 <= zero_even {
        false
    } else {
        return None;
    };
    let mut bad = 0usize;
    let mut high_pending = false;
    let mut iter = head.chunks_exact(2).peekable();
    while let Some(pair) = iter.next() {
        let u =
            if le { u16::from_le_bytes([pair[0], pair[1]]) } else { u16::from_be_bytes([pair[0], pair[1]]) };
        let last = iter.peek().is_none();
        match u {
            0xD800..=0xDBFF => {
                if high_pending {
                    bad += 1;
                }
                high_pending = !last;
                continue;
            }
            0xDC00..=0xDFFF => {
                if !high_pending {
                    bad += 1;
                }
            }
            _ => {
                if high_pending {
                    bad += 1;
                }
                let control = u < 0x20 && !matches!(u, 0x09 | 0x0A | 0x0D | 0x0C);
                if control || u == 0xFFFE || u == 0xFFFF || u == 0x7F {
                    bad += 1;
                }
            }
        }
        high_pending = false;
    }
    (bad * 50 <= units).then_some(if le { TextEncoding::Utf16Le } else { TextEncoding::Utf16Be })
}

struct Utf8Scan {
    /// Malformed sequences (a sequence cut by the end of the sample is not one).
    errors: usize,
    /// Non-ASCII characters in the valid parts.
    non_ascii: usize,
}

fn count_non_ascii_chars(b: &[u8]) -> usize {
    // Lead bytes of multi-byte characters.
    b.iter().filter(|&&x| x >= 0xC0).count()
}

fn scan_utf8(head: &[u8]) -> Utf8Scan {
    let mut scan = Utf8Scan { errors: 0, non_ascii: 0 };
    let mut rest = head;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                scan.non_ascii += count_non_ascii_chars(s.as_bytes());
                return scan;
            }
            Err(e) => {
                let valid = e.valid_up_to();
                scan.non_ascii += count_non_ascii_chars(rest.get(..valid).unwrap_or_default());
                match e.error_len() {
                    Some(n) => {
                        scan.errors += 1;
                        rest = rest.get(valid + n..).unwrap_or_default();
                    }
                    // A character cut by the end of the sample.
                    None => return scan,
                }
            }
        }
    }
}

/// Non-ASCII characters of a (mostly) valid UTF-8 sample that read as Chinese text: common
/// hanzi (in GB2312), CJK and full-width punctuation, the usual quotes and dashes.
fn utf8_chinese_chars(head: &[u8]) -> usize {
    let valid = match std::str::from_utf8(head) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(head.get(..e.valid_up_to()).unwrap_or_default()).unwrap_or_default(),
    };
    let mut encoder = GBK.new_encoder();
    let mut out = [0u8; 16];
    let mut tmp = [0u8; 4];
    let mut common_hanzi = |c: char| {
        let s = c.encode_utf8(&mut tmp);
        let (res, _, written) = encoder.encode_from_utf8_without_replacement(s, &mut out, false);
        matches!(res, encoding_rs::EncoderResult::InputEmpty)
            && written == 2
            && is_gb2312_hanzi_or_punct(out[0], out[1])
    };
    valid
        .chars()
        .filter(|&c| match c {
            '\u{4E00}'..='\u{9FFF}' => common_hanzi(c),
            '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF5E}' | '\u{FFE5}' => true,
            '“' | '”' | '‘' | '’' | '…' | '—' | '·' | '×' | '¥' => true,
            _ => false,
        })
        .count()
}

/// A GBK double-byte code in GB2312's hanzi area (rows B0–F7) or its punctuation rows (A1,
/// A3 full-width ASCII): what Chinese text is made of.
fn is_gb2312_hanzi_or_punct(lead: u8, trail: u8) -> bool {
    ((0xB0..=0xF7).contains(&lead) || lead == 0xA1 || lead == 0xA3) && (0xA1..=0xFE).contains(&trail)
}

struct GbScan {
    errors: usize,
    /// Multi-byte characters.
    chars: usize,
    /// Of which common hanzi or punctuation (see [`is_gb2312_hanzi_or_punct`]).
    common: usize,
}

/// Walks a sample as GB18030; a character cut by the end of the sample is not an error.
fn scan_gb(head: &[u8]) -> GbScan {
    let mut scan = GbScan { errors: 0, chars: 0, common: 0 };
    let mut i = 0;
    let n = head.len();
    while let Some(&b) = head.get(i) {
        if b < 0x80 {
            i += 1;
            continue;
        }
        if b == 0x80 {
            // The euro sign in GBK.
            i += 1;
            continue;
        }
        if b == 0xFF {
            scan.errors += 1;
            i += 1;
            continue;
        }
        let Some(&t) = head.get(i + 1) else { break };
        if (0x40..=0x7E).contains(&t) || (0x80..=0xFE).contains(&t) {
            scan.chars += 1;
            scan.common += usize::from(is_gb2312_hanzi_or_punct(b, t));
            i += 2;
        } else if (0x30..=0x39).contains(&t) {
            match (head.get(i + 2), head.get(i + 3)) {
                (Some(c), Some(d)) if (0x81..=0xFE).contains(c) && (0x30..=0x39).contains(d) => {
                    scan.chars += 1;
                    i += 4;
                }
                (None, _) => break,
                (Some(c), None) if (0x81..=0xFE).contains(c) && i + 3 >= n => break,
                _ => {
                    scan.errors += 1;
                    i += 1;
                }
            }
        } else {
            scan.errors += 1;
            i += 1;
        }
    }
    scan
}

/// Wraps `input` so that it yields UTF-8 without a BOM, decoding from `enc`. Malformed
/// sequences become U+FFFD; I/O errors of `input` pass through.
pub fn decoder<'a>(input: impl Read + 'a, enc: TextEncoding) -> Box<dyn Read + 'a> {
    match enc {
        TextEncoding::Utf8 => Box::new(Utf8Reader::new(input)),
        TextEncoding::Gb18030 => transcoder(SkipPrefix::new(input, GB18030_BOM), GB18030),
        TextEncoding::Utf16Le => transcoder(input, UTF_16LE),
        TextEncoding::Utf16Be => transcoder(input, UTF_16BE),
    }
}

/// UTF-8 input with its BOM removed but *not validated*: for readers that validate what they
/// keep anyway (`TableReader::delimited_encoded`), saving a pass over the bytes.
pub(crate) fn utf8_unvalidated<'a>(input: impl Read + 'a) -> impl Read + 'a {
    SkipPrefix::new(input, UTF8_BOM)
}

fn transcoder<'a>(input: impl Read + 'a, enc: &'static Encoding) -> Box<dyn Read + 'a> {
    let built = DecodeReaderBytesBuilder::new()
        .encoding(Some(enc))
        .bom_override(false)
        .strip_bom(true)
        .utf8_passthru(false)
        .build_with_buffer(input, vec![0u8; BUF_SIZE]);
    match built {
        Ok(r) => Box::new(NoTinyReads::new(r)),
        // Only for a buffer under 4 bytes, which BUF_SIZE is not.
        Err(e) => Box::new(Failed(Some(e))),
    }
}

/// Never asks the inner reader for fewer than [`TINY_READ`] bytes: `encoding_rs_io` 0.1.8 loses the
/// rest of a character it transcodes into a caller buffer under 4 bytes when that read also
/// reaches the end of the input (e.g. the final U+FFFD of a truncated GBK file, with the small
/// reads `read_to_end` makes).
struct NoTinyReads<R> {
    inner: R,
    spill: [u8; TINY_READ],
    pos: usize,
    len: usize,
}

/// Smallest read [`NoTinyReads`] passes on.
const TINY_READ: usize = 16;

impl<R> NoTinyReads<R> {
    fn new(inner: R) -> NoTinyReads<R> {
        NoTinyReads { inner, spill: [0; TINY_READ], pos: 0, len: 0 }
    }
}

impl<R: Read> Read for NoTinyReads<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.pos >= self.len {
            if out.len() >= TINY_READ || out.is_empty() {
                return self.inner.read(out);
            }
            self.len = self.inner.read(&mut self.spill)?.min(TINY_READ);
            self.pos = 0;
        }
        let rest = self.spill.get(self.pos..self.len).unwrap_or_default();
        let n = rest.len().min(out.len());
        if let (Some(dst), Some(src)) = (out.get_mut(..n), rest.get(..n)) {
            dst.copy_from_slice(src);
        }
        self.pos += n;
        Ok(n)
    }
}

/// A reader that fails once, then is at its end.
struct Failed(Option<io::Error>);

impl Read for Failed {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        match self.0.take() {
            Some(e) => Err(e),
            None => Ok(0),
        }
    }
}

/// Drops `prefix` from the start of the stream when it is there.
struct SkipPrefix<R> {
    inner: R,
    prefix: &'static [u8],
    head: [u8; 8],
    head_len: usize,
    head_pos: usize,
    checked: bool,
}

impl<R: Read> SkipPrefix<R> {
    fn new(inner: R, prefix: &'static [u8]) -> SkipPrefix<R> {
        SkipPrefix { inner, prefix, head: [0; 8], head_len: 0, head_pos: 0, checked: false }
    }
}

impl<R: Read> Read for SkipPrefix<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if !self.checked {
            let want = self.prefix.len().min(self.head.len());
            while self.head_len < want {
                let Some(dst) = self.head.get_mut(self.head_len..want) else { break };
                match self.inner.read(dst) {
                    Ok(0) => break,
                    Ok(n) => self.head_len += n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
            self.checked = true;
            if self.head.get(..self.head_len) == Some(self.prefix) {
                self.head_pos = self.head_len;
            }
        }
        if self.head_pos < self.head_len {
            let rest = self.head.get(self.head_pos..self.head_len).unwrap_or_default();
            let n = rest.len().min(out.len());
            if let (Some(dst), Some(src)) = (out.get_mut(..n), rest.get(..n)) {
                dst.copy_from_slice(src);
            }
            self.head_pos += n;
            return Ok(n);
        }
        self.inner.read(out)
    }
}

/// U+FFFD in UTF-8.
const REPLACEMENT: &[u8] = "\u{FFFD}".as_bytes();

/// The UTF-8 fast path: strips a BOM, validates and copies; malformed sequences become U+FFFD
/// (one per maximal invalid subpart, as `String::from_utf8_lossy` does).
struct Utf8Reader<R> {
    inner: R,
    buf: Box<[u8]>,
    /// Next byte to hand out.
    start: usize,
    /// `buf[start..valid]` is known to be valid UTF-8.
    valid: usize,
    /// End of the bytes read from `inner`.
    end: usize,
    eof: bool,
    bom_checked: bool,
    /// The rest of a U+FFFD being handed out.
    pending: &'static [u8],
}

impl<R: Read> Utf8Reader<R> {
    fn new(inner: R) -> Utf8Reader<R> {
        Utf8Reader {
            inner,
            buf: vec![0u8; BUF_SIZE].into_boxed_slice(),
            start: 0,
            valid: 0,
            end: 0,
            eof: false,
            bom_checked: false,
            pending: &[],
        }
    }

    /// Moves the unread bytes to the front and reads more.
    fn fill(&mut self) -> io::Result<()> {
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.valid -= self.start.min(self.valid);
            self.start = 0;
        }
        let Some(dst) = self.buf.get_mut(self.end..) else { return Ok(()) };
        if dst.is_empty() {
            return Ok(());
        }
        loop {
            match self.inner.read(dst) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(());
                }
                Ok(n) => {
                    self.end += n.min(dst.len());
                    return Ok(());
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
}

/// Reads at least this large go straight into the caller's buffer.
const DIRECT_READ: usize = 4096;

impl<R: Read> Utf8Reader<R> {
    /// Reads into `out` directly and validates there; bytes from the first invalid or cut
    /// character on move to the internal buffer, for the general path. Reads at most the
    /// internal buffer's size, so that they fit.
    fn read_direct(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let cap = out.len().min(self.buf.len());
        let Some(out) = out.get_mut(..cap) else { return Ok(0) };
        let n = loop {
            match self.inner.read(out) {
                Ok(n) => break n.min(cap),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        };
        if n == 0 {
            self.eof = true;
            return Ok(0);
        }
        let got = out.get(..n).unwrap_or_default();
        let valid = match std::str::from_utf8(got) {
            Ok(_) => return Ok(n),
            Err(e) => e.valid_up_to(),
        };
        let rest = got.get(valid..).unwrap_or_default();
        if let Some(dst) = self.buf.get_mut(..rest.len()) {
            dst.copy_from_slice(rest);
        }
        (self.start, self.valid, self.end) = (0, 0, rest.len());
        if valid > 0 { Ok(valid) } else { self.read(out) }
    }
}

impl<R: Read> Read for Utf8Reader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        while !self.bom_checked {
            if self.end >= UTF8_BOM.len() || self.eof {
                self.bom_checked = true;
                if self.buf.get(..self.end).is_some_and(|b| b.starts_with(UTF8_BOM)) {
                    self.start = UTF8_BOM.len();
                    self.valid = self.start;
                }
            } else {
                self.fill()?;
            }
        }
        if self.pending.is_empty() && self.start == self.end && !self.eof && out.len() >= DIRECT_READ {
            return self.read_direct(out);
        }
        loop {
            if !self.pending.is_empty() {
                let n = self.pending.len().min(out.len());
                if let (Some(dst), Some(src)) = (out.get_mut(..n), self.pending.get(..n)) {
                    dst.copy_from_slice(src);
                }
                self.pending = self.pending.get(n..).unwrap_or_default();
                return Ok(n);
            }
            if self.start < self.valid {
                let n = (self.valid - self.start).min(out.len());
                if let (Some(dst), Some(src)) = (out.get_mut(..n), self.buf.get(self.start..self.start + n)) {
                    dst.copy_from_slice(src);
                }
                self.start += n;
                return Ok(n);
            }
            if self.start < self.end {
                let chunk = self.buf.get(self.start..self.end).unwrap_or_default();
                match std::str::from_utf8(chunk) {
                    Ok(_) => {
                        self.valid = self.end;
                        continue;
                    }
                    Err(e) if e.valid_up_to() > 0 => {
                        self.valid = self.start + e.valid_up_to();
                        continue;
                    }
                    Err(e) => match e.error_len() {
                        Some(n) => {
                            self.start += n;
                            self.valid = self.start;
                            self.pending = REPLACEMENT;
                            continue;
                        }
                        None if self.eof => {
                            self.start = self.end;
                            self.valid = self.end;
                            self.pending = REPLACEMENT;
                            continue;
                        }
                        // A character continues in the next read.
                        None => {}
                    },
                }
            } else if self.eof {
                return Ok(0);
            }
            self.fill()?;
        }
    }
}

/// Decodes a whole small buffer (BOM stripped); malformed sequences become U+FFFD and the
/// second value says whether any did.
pub fn decode_all(bytes: &[u8], enc: TextEncoding) -> (String, bool) {
    let body = bytes.strip_prefix(bom_bytes(enc)).unwrap_or(bytes);
    match enc {
        TextEncoding::Utf8 => match std::str::from_utf8(body) {
            Ok(s) => (s.to_owned(), false),
            Err(_) => (String::from_utf8_lossy(body).into_owned(), true),
        },
        _ => {
            let (s, malformed) = codec(enc).decode_without_bom_handling(body);
            (s.into_owned(), malformed)
        }
    }
}

/// Like [`decode_all`] for the *start* of a file: a character cut by the end of `head` is
/// left out rather than reported as malformed.
pub fn decode_sample(head: &[u8], enc: TextEncoding) -> (String, bool) {
    let body = head.strip_prefix(bom_bytes(enc)).unwrap_or(head);
    let mut dec = codec(enc).new_decoder_without_bom_handling();
    let Some(cap) = dec.max_utf8_buffer_length(body.len()) else { return decode_all(head, enc) };
    let mut out = String::with_capacity(cap);
    let (res, read, malformed) = dec.decode_to_string(body, &mut out, false);
    if res != encoding_rs::CoderResult::InputEmpty || read != body.len() {
        return decode_all(head, enc);
    }
    (out, malformed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gbk(s: &str) -> Vec<u8> {
        let (b, _, bad) = GBK.encode(s);
        assert!(!bad, "{s} not in GBK");
        b.into_owned()
    }

    fn utf16(s: &str, le: bool) -> Vec<u8> {
        s.encode_utf16().flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() }).collect()
    }

    fn read_all(mut r: impl Read) -> Vec<u8> {
        let mut v = Vec::new();
        r.read_to_end(&mut v).unwrap();
        v
    }

    /// Reads through a reader in tiny steps, to exercise state kept between reads.
    fn read_tiny(mut r: impl Read, step: usize) -> Vec<u8> {
        let mut v = Vec::new();
        let mut buf = vec![0u8; step];
        loop {
            let n = r.read(&mut buf).unwrap();
            if n == 0 {
                return v;
            }
            v.extend_from_slice(&buf[..n]);
        }
    }

    const TEXT: &str = "订单编号,买家会员名,收货地址 ,订单付款时间 \r\n=\"1930679858170647\",tb_小鱼儿88,浙江省杭州市西湖区文三路 100 号,2026-10-19 09:05:03\r\n";

    #[test]
    fn boms_decide() {
        let g = |b: &[u8]| detect(b);
        assert_eq!(
            g(b"\xEF\xBB\xBFa,b"),
            EncodingGuess { encoding: TextEncoding::Utf8, bom: true, confident: true }
        );
        assert_eq!(g(b"\xFF\xFEa\0").encoding, TextEncoding::Utf16Le);
        assert_eq!(g(b"\xFE\xFF\0a").encoding, TextEncoding::Utf16Be);
        let mut gb = GB18030_BOM.to_vec();
        gb.extend(gbk(TEXT));
        assert_eq!(g(&gb), EncodingGuess { encoding: TextEncoding::Gb18030, bom: true, confident: true });
        assert_eq!(bom(b"\xEF\xBB\xBF"), Some((TextEncoding::Utf8, 3)));
        assert_eq!(bom(b"\xEF\xBB"), None);
    }

    #[test]
    fn without_bom() {
        let u = detect(TEXT.as_bytes());
        assert_eq!(u, EncodingGuess { encoding: TextEncoding::Utf8, bom: false, confident: true });
        let g = detect(&gbk(TEXT));
        assert_eq!(g, EncodingGuess { encoding: TextEncoding::Gb18030, bom: false, confident: true });
        // Pure ASCII reads the same in every candidate.
        let a = detect(b"order_id,amount\r\n1,2\r\n");
        assert_eq!(a, EncodingGuess { encoding: TextEncoding::Utf8, bom: false, confident: true });
        assert_eq!(detect(b""), EncodingGuess { encoding: TextEncoding::Utf8, bom: false, confident: false });
    }

    #[test]
    fn truncated_samples() {
        let u = TEXT.as_bytes();
        let g = gbk(TEXT);
        for cut in 1..60 {
            // Cut anywhere, including inside a character.
            assert_eq!(detect(&u[..u.len() - cut]).encoding, TextEncoding::Utf8, "utf-8 cut {cut}");
            assert_eq!(detect(&g[..g.len() - cut]).encoding, TextEncoding::Gb18030, "gbk cut {cut}");
        }
        // 订 is E8 AE A2: cut after its first two bytes.
        assert_eq!(detect("a,订".as_bytes().get(..4).unwrap()).encoding, TextEncoding::Utf8);
    }

    #[test]
    fn utf16_both_orders_without_bom() {
        for le in [true, false] {
            let b = utf16(TEXT, le);
            let want = if le { TextEncoding::Utf16Le } else { TextEncoding::Utf16Be };
            assert_eq!(detect(&b), EncodingGuess { encoding: want, bom: false, confident: true });
            // Odd length (cut in a code unit).
            assert_eq!(detect(&b[..b.len() - 1]).encoding, want);
            let (s, bad) = decode_all(&b, want);
            assert_eq!(s, TEXT);
            assert!(!bad);
        }
        // Binary with NULs is not UTF-16.
        let junk: Vec<u8> = (0..4000u32).map(|i| (i * 7 % 5) as u8).collect();
        assert_eq!(utf16_without_bom(&junk), None);
    }

    /// GBK strings that happen to be valid UTF-8: short samples are ambiguous and the common
    /// Chinese reading wins; long ones are not ambiguous.
    #[test]
    fn gbk_that_is_valid_utf8() {
        // Find GB2312 hanzi whose GBK bytes form a valid UTF-8 two-byte sequence.
        let mut found = Vec::new();
        for lead in 0xC2u8..=0xD7 {
            for trail in 0xA1u8..=0xBF {
                let b = [lead, trail];
                if std::str::from_utf8(&b).is_ok() {
                    let (s, bad) = GBK.decode_without_bom_handling(&b);
                    if !bad {
                        found.push((b, s.into_owned()));
                    }
                }
            }
        }
        assert!(found.len() > 10);
        let text: String = found.iter().take(3).map(|(_, s)| s.as_str()).collect();
        let bytes = gbk(&format!("name,{text}\r\n"));
        assert!(std::str::from_utf8(&bytes).is_ok(), "the sample is valid UTF-8");
        // Read as UTF-8 it is Latin, Greek or Cyrillic; read as GBK, common hanzi.
        assert_eq!(
            detect(&bytes),
            EncodingGuess { encoding: TextEncoding::Gb18030, bom: false, confident: true }
        );
        // One such character alone is too little to be sure.
        let one = gbk(&format!("name,{}\r\n", found[0].1));
        assert_eq!(
            detect(&one),
            EncodingGuess { encoding: TextEncoding::Gb18030, bom: false, confident: false }
        );
        // Short UTF-8 Chinese that is also valid GBK (the hanzi pair up into rare GBK codes).
        let u = "name,订单编号\r\n".as_bytes();
        assert!(!GB18030.decode_without_bom_handling(u).1, "the sample is valid GBK");
        assert_eq!(detect(u), EncodingGuess { encoding: TextEncoding::Utf8, bom: false, confident: true });
        let g = detect("name,小美\r\n".as_bytes());
        assert_eq!(g.encoding, TextEncoding::Utf8);
        // A GBK sample whose first line happens to be valid UTF-8 but not the rest.
        let mut mixed = bytes.clone();
        mixed.extend(gbk(TEXT));
        assert_eq!(
            detect(&mixed),
            EncodingGuess { encoding: TextEncoding::Gb18030, bom: false, confident: true }
        );
    }

    #[test]
    fn broken_samples_pick_the_lesser_evil() {
        let mut g = gbk(TEXT);
        g.push(0xFF);
        g.extend(gbk(TEXT));
        assert_eq!(
            detect(&g),
            EncodingGuess { encoding: TextEncoding::Gb18030, bom: false, confident: false }
        );
        let mut u = TEXT.as_bytes().to_vec();
        u.push(0xFF);
        u.extend_from_slice(TEXT.as_bytes());
        assert_eq!(detect(&u), EncodingGuess { encoding: TextEncoding::Utf8, bom: false, confident: false });
    }

    #[test]
    fn decoders_strip_the_bom_and_replace_garbage() {
        let mut u = UTF8_BOM.to_vec();
        u.extend_from_slice(TEXT.as_bytes());
        assert_eq!(read_all(decoder(&u[..], TextEncoding::Utf8)), TEXT.as_bytes());
        for step in [1, 2, 3, 5, 64, 4096, 5000, 70_000] {
            assert_eq!(read_tiny(decoder(&u[..], TextEncoding::Utf8), step), TEXT.as_bytes(), "step {step}");
        }
        let mut g = GB18030_BOM.to_vec();
        g.extend(gbk(TEXT));
        assert_eq!(read_all(decoder(&g[..], TextEncoding::Gb18030)), TEXT.as_bytes());
        assert_eq!(read_tiny(decoder(&g[..], TextEncoding::Gb18030), 7), TEXT.as_bytes());
        let mut w = UTF16LE_BOM.to_vec();
        w.extend(utf16(TEXT, true));
        assert_eq!(read_all(decoder(&w[..], TextEncoding::Utf16Le)), TEXT.as_bytes());
        let mut w = UTF16BE_BOM.to_vec();
        w.extend(utf16(TEXT, false));
        assert_eq!(read_all(decoder(&w[..], TextEncoding::Utf16Be)), TEXT.as_bytes());

        // Malformed UTF-8 in the middle, at the end, and a BOM in the middle.
        let bad = b"a\xFFb\xE8\xAE,\xEF\xBB\xBFc\xE8\xAE";
        let want = String::from_utf8_lossy(bad).into_owned();
        assert_eq!(String::from_utf8(read_all(decoder(&bad[..], TextEncoding::Utf8))).unwrap(), want);
        for step in [1, 2, 3] {
            let got = read_tiny(decoder(&bad[..], TextEncoding::Utf8), step);
            assert_eq!(String::from_utf8(got).unwrap(), want, "step {step}");
        }
        // A lead byte cut by the end of the file, read in small steps (encoding_rs_io bug).
        for step in 1..8 {
            let got = read_tiny(decoder(&b"ab\x96"[..], TextEncoding::Gb18030), step);
            assert_eq!(String::from_utf8(got).unwrap(), "ab\u{FFFD}", "step {step}");
            let got = read_tiny(decoder(&b"a\0b"[..], TextEncoding::Utf16Le), step);
            assert_eq!(String::from_utf8(got).unwrap(), "a\u{FFFD}", "step {step}");
        }
        // GBK decoder on junk never fails.
        let junk: Vec<u8> = (0..10_000u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
        for enc in TextEncoding::ALL {
            let out = read_all(decoder(&junk[..], enc));
            assert!(std::str::from_utf8(&out).is_ok());
        }
        assert!(read_all(decoder(&b""[..], TextEncoding::Utf8)).is_empty());
        assert!(read_all(decoder(&b"\xEF\xBB"[..], TextEncoding::Utf8)) == "\u{FFFD}".as_bytes());
    }

    #[test]
    fn utf8_reader_across_buffer_boundaries() {
        // Long enough to need several refills, with characters cut at every offset.
        let text: String = (0..40_000).map(|i| if i % 7 == 0 { '\n' } else { '订' }).collect();
        let mut bytes = text.clone().into_bytes();
        bytes.insert(70_001, 0xC0);
        let want = String::from_utf8_lossy(&bytes).into_owned();
        let got = read_all(decoder(&bytes[..], TextEncoding::Utf8));
        assert_eq!(String::from_utf8(got).unwrap(), want);
        // Large reads go straight into the caller's buffer: invalid bytes and cut characters
        // at every kind of place.
        let mut bytes = text.into_bytes();
        for (i, at) in [0usize, 3, 4095, 4096, 4097, 65_535, 65_536, 70_000, 100_000].into_iter().enumerate()
        {
            bytes.insert(at + i, 0xFF);
        }
        bytes.extend_from_slice(&"订".as_bytes()[..2]);
        let want = String::from_utf8_lossy(&bytes).into_owned();
        for step in [4096, 5000, 65_536, 70_000, 300_000] {
            let got = read_tiny(decoder(&bytes[..], TextEncoding::Utf8), step);
            assert_eq!(String::from_utf8(got).unwrap(), want, "step {step}");
        }
    }

    #[test]
    fn decode_all_and_sample() {
        assert_eq!(decode_all(&gbk(TEXT), TextEncoding::Gb18030), (TEXT.to_owned(), false));
        let mut u = UTF8_BOM.to_vec();
        u.extend_from_slice("订单".as_bytes());
        assert_eq!(decode_all(&u, TextEncoding::Utf8), ("订单".to_owned(), false));
        let (s, bad) = decode_all(b"a\xFF", TextEncoding::Utf8);
        assert_eq!(s, "a\u{FFFD}");
        assert!(bad);
        // A cut character at the end of a sample is not malformed.
        let g = gbk("订单编号");
        assert_eq!(decode_sample(&g[..7], TextEncoding::Gb18030), ("订单编".to_owned(), false));
        let u = "订单编号".as_bytes();
        assert_eq!(decode_sample(&u[..11], TextEncoding::Utf8), ("订单编".to_owned(), false));
        let (s, bad) = decode_all(&u[..11], TextEncoding::Utf8);
        assert_eq!(s, "订单编\u{FFFD}");
        assert!(bad);
    }
}
