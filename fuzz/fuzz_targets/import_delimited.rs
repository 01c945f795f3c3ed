//! `analyse` on arbitrary bytes as delimited text. The first byte picks the case: automatic
//! detection, or the delimiter forced to `,` `\t` `;` `|` (as the user can in the preview),
//! and whether the encoding is forced to GBK.
#![no_main]

use kefu_core::import::{Format, Options, TextEncoding, analyse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else { return };
    let mut opts = Options::default();
    if pick & 4 != 0 {
        let delimiter = [b',', b'\t', b';', b'|'][usize::from(pick & 3)];
        opts.format = Some(Format::Delimited { delimiter });
    }
    if pick & 8 != 0 {
        opts.encoding = Some(TextEncoding::Gb18030);
    }
    let mut tick = |_: u64, _: u64| Ok(());
    let _ = analyse("fuzz.csv", bytes.len() as u64, std::io::Cursor::new(bytes), &opts, &mut tick);
});
