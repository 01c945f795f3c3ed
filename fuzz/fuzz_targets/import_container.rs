//! `analyse` on arbitrary bytes with automatic detection: seeded with xlsx, xls and zip files,
//! this explores the container sniffing, the spreadsheet readers and zip archives (nested ones
//! included).
#![no_main]

use kefu_core::import::{Options, analyse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut tick = |_: u64, _: u64| Ok(());
    let _ =
        analyse("fuzz.zip", data.len() as u64, std::io::Cursor::new(data), &Options::default(), &mut tick);
});
