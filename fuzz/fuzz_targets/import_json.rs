//! `analyse` on arbitrary bytes read as a chat exporter's JSON (format forced).
#![no_main]

use kefu_core::import::{Format, Options, analyse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = Options { format: Some(Format::ChatJson), ..Options::default() };
    let mut tick = |_: u64, _: u64| Ok(());
    let _ = analyse("fuzz.json", data.len() as u64, std::io::Cursor::new(data), &opts, &mut tick);
});
