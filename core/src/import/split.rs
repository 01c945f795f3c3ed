//! Fast splitting of delimited text into records.
//!
//! Most lines of a back-office export hold no quote at all: for those, the fields are found
//! with `memchr` (vectorised on x86-64 and on wasm32 with SIMD) instead of feeding every byte
//! through a state machine. A line with a quote — quoted cells, doubled quotes, cells spanning
//! lines — goes through `csv_core`, the parser behind rust-csv, so both paths produce exactly
//! what rust-csv would (checked by a property test). Input line ends must already be `\n`
//! (the table reader's guard normalises them); empty lines are skipped.

use std::io::{self, Read};

use csv_core::{ReadRecordResult, Reader, ReaderBuilder};

const CHUNK: usize = 256 * 1024;

/// Splits records out of `\n`-terminated delimited text.
pub struct Splitter<R> {
    input: R,
    buf: Vec<u8>,
    /// Unconsumed bytes are `buf[start..end]`.
    start: usize,
    end: usize,
    eof: bool,
    delimiter: u8,
    core: Reader,
    /// Lines fully consumed so far.
    lines: u64,
    /// The current record: its field bytes back to back, and each field's end offset.
    out: Vec<u8>,
    ends: Vec<usize>,
}

impl<R: Read> Splitter<R> {
    pub fn new(input: R, delimiter: u8) -> Splitter<R> {
        Splitter {
            input,
            buf: vec![0; CHUNK],
            start: 0,
            end: 0,
            eof: false,
            delimiter,
            core: ReaderBuilder::new().delimiter(delimiter).build(),
            lines: 0,
            out: Vec::with_capacity(4096),
            ends: Vec::with_capacity(64),
        }
    }

    /// The input, for callers that need to ask it something (e.g. a guard's state).
    pub fn get_ref(&self) -> &R {
        &self.input
    }

    /// The current record's field bytes (back to back) and field end offsets.
    pub fn fields(&self) -> (&[u8], &[usize]) {
        (&self.out, &self.ends)
    }

    /// Reads more input after the unconsumed bytes; returns how many bytes came in.
    fn fill(&mut self) -> io::Result<usize> {
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        if self.end == self.buf.len() {
            let grow = self.buf.len();
            self.buf.resize(self.buf.len() + grow, 0);
        }
        let n = loop {
            match self.input.read(&mut self.buf[self.end..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        };
        self.end += n;
        if n == 0 {
            self.eof = true;
        }
        Ok(n)
    }

    /// Reads the next record. Returns the 1-based line where it starts, or `None` at the end.
    pub fn next_record(&mut self) -> io::Result<Option<u64>> {
        loop {
            // A whole line in the buffer?
            let avail = &self.buf[self.start..self.end];
            let nl = memchr::memchr(b'\n', avail);
            let line_len = match nl {
                Some(i) => i,
                None if self.eof => avail.len(),
                None => {
                    self.fill()?;
                    continue;
                }
            };
            if line_len == 0 {
                if nl.is_none() {
                    return Ok(None);
                }
                // An empty line: skipped.
                self.start += 1;
                self.lines += 1;
                continue;
            }
            let line = &self.buf[self.start..self.start + line_len];
            if memchr::memchr(b'"', line).is_none() {
                self.out.clear();
                self.ends.clear();
                let mut from = 0;
                for i in memchr::memchr_iter(self.delimiter, line) {
                    self.out.extend_from_slice(&line[from..i]);
                    self.ends.push(self.out.len());
                    from = i + 1;
                }
                self.out.extend_from_slice(&line[from..]);
                self.ends.push(self.out.len());
                self.start += line_len + usize::from(nl.is_some());
                self.lines += 1;
                return Ok(Some(self.lines));
            }
            return self.quoted();
        }
    }

    /// A record with quotes, through csv-core (it may span several lines).
    fn quoted(&mut self) -> io::Result<Option<u64>> {
        let first_line = self.lines + 1;
        self.out.clear();
        self.ends.clear();
        self.out.resize(self.out.capacity().max(4096), 0);
        self.ends.resize(self.ends.capacity().max(64), 0);
        let (mut nout, mut nend) = (0, 0);
        loop {
            let input = &self.buf[self.start..self.end];
            let (res, nin, o, e) = self.core.read_record(input, &mut self.out[nout..], &mut self.ends[nend..]);
            self.lines += memchr::memchr_iter(b'\n', &input[..nin]).count() as u64;
            self.start += nin;
            // csv-core's field ends count from the start of the record, across calls.
            nout += o;
            nend += e;
            match res {
                ReadRecordResult::InputEmpty => {
                    if self.eof {
                        // Let csv-core finish the last record with an empty input.
                        let (res, _, o, e) =
                            self.core.read_record(&[], &mut self.out[nout..], &mut self.ends[nend..]);
                        nout += o;
                        nend += e;
                        if matches!(res, ReadRecordResult::Record) {
                            // A record ended by the end of the input, not by a line end.
                            self.lines += 1;
                            break;
                        }
                        return Ok(None);
                    }
                    self.fill()?;
                }
                ReadRecordResult::OutputFull => {
                    let n = self.out.len().max(64);
                    self.out.resize(self.out.len() + n, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    let n = self.ends.len().max(16);
                    self.ends.resize(self.ends.len() + n, 0);
                }
                ReadRecordResult::Record => break,
                ReadRecordResult::End => return Ok(None),
            }
        }
        self.out.truncate(nout);
        self.ends.truncate(nend);
        Ok(Some(first_line))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn split(text: &str, delim: u8) -> Vec<(u64, Vec<String>)> {
        let mut s = Splitter::new(text.as_bytes(), delim);
        let mut out = Vec::new();
        while let Some(line) = s.next_record().unwrap() {
            let (bytes, ends) = s.fields();
            let mut from = 0;
            let fields = ends
                .iter()
                .map(|&e| {
                    let f = String::from_utf8_lossy(&bytes[from..e]).into_owned();
                    from = e;
                    f
                })
                .collect();
            out.push((line, fields));
        }
        out
    }

    /// What rust-csv makes of the same text (flexible, no headers), with line numbers.
    fn csv_crate(text: &str, delim: u8) -> Vec<(u64, Vec<String>)> {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delim)
            .from_reader(text.as_bytes());
        let mut out = Vec::new();
        let mut rec = csv::ByteRecord::new();
        while r.read_byte_record(&mut rec).unwrap() {
            let line = rec.position().map_or(0, |p| p.line());
            out.push((line, rec.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect()));
        }
        out
    }

    #[test]
    fn plain_and_quoted_lines() {
        let t = "a,b,c\n\n1,\"x,y\",3\n\"multi\nline\",\"q\"\"q\",end\nlast,line";
        assert_eq!(
            split(t, b','),
            vec![
                (1, vec!["a".into(), "b".into(), "c".into()]),
                (3, vec!["1".into(), "x,y".into(), "3".into()]),
                (4, vec!["multi\nline".into(), "q\"q".into(), "end".into()]),
                (6, vec!["last".into(), "line".into()]),
            ]
        );
        assert_eq!(split("", b','), Vec::<(u64, Vec<String>)>::new());
        assert_eq!(split("\n\n", b','), Vec::<(u64, Vec<String>)>::new());
        assert_eq!(split("a\tb\n", b'\t'), vec![(1, vec!["a".into(), "b".into()])]);
        assert_eq!(split("\"unclosed,a\nb", b','), vec![(1, vec!["unclosed,a\nb".into()])]);
        assert_eq!(split("x,\n", b','), vec![(1, vec!["x".into(), "".into()])]);
    }

    #[test]
    fn long_records_cross_buffer_refills() {
        let cell = "字".repeat(200_000);
        let text = format!("{cell},\"{cell}\nmore\"\nend\n");
        let got = split(&text, b',');
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].1[1], format!("{cell}\nmore"));
        assert_eq!(got[1], (3, vec!["end".into()]));
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        #[test]
        fn agrees_with_rust_csv(text in "([a-c\",\\n ]|字){0,80}") {
            // rust-csv counts blank lines as records of one empty field only in some
            // positions; compare non-blank records, which is what the importer uses.
            let ours: Vec<_> = split(&text, b',');
            let theirs: Vec<_> = csv_crate(&text, b',')
                .into_iter()
                .filter(|(_, f)| !(f.len() == 1 && f[0].is_empty()))
                .collect();
            let ours: Vec<_> = ours.into_iter().filter(|(_, f)| !(f.len() == 1 && f[0].is_empty())).collect();
            // Fields must agree. Line numbers differ on purpose: rust-csv does not count blank
            // lines; ours are the lines an editor shows (checked in `plain_and_quoted_lines`).
            let strip = |v: Vec<(u64, Vec<String>)>| v.into_iter().map(|(_, f)| f).collect::<Vec<_>>();
            prop_assert_eq!(strip(ours), strip(theirs));
        }
    }
}
