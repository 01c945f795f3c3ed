//! (stub — to be written) Detect and decode the text encoding of an export.
use std::io::Read;

use super::{EncodingGuess, TextEncoding};

/// Guesses the encoding from the first bytes of a file (a few KB to 64 KB).
pub fn detect(head: &[u8]) -> EncodingGuess {
    let _ = head;
    EncodingGuess { encoding: TextEncoding::Utf8, bom: false, confident: false }
}

/// Wraps `input` so that it yields UTF-8 without a BOM, decoding from `enc`.
pub fn decoder<'a>(input: impl Read + 'a, enc: TextEncoding) -> Box<dyn Read + 'a> {
    let _ = enc;
    Box::new(input)
}

/// Decodes a whole small buffer (BOM stripped); malformed sequences become U+FFFD and the
/// second value says whether any did.
pub fn decode_all(bytes: &[u8], enc: TextEncoding) -> (String, bool) {
    let _ = enc;
    (String::from_utf8_lossy(bytes).into_owned(), false)
}
