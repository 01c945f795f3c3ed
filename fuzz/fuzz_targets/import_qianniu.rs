//! `analyse` on arbitrary bytes read as text copied out of 千牛 (format forced, as the user
//! can in the preview).
#![no_main]

use kefu_core::import::{Format, Options, analyse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = Options { format: Some(Format::Qianniu), ..Options::default() };
    let mut tick = |_: u64, _: u64| Ok(());
    let _ = analyse("fuzz.txt", data.len() as u64, std::io::Cursor::new(data), &opts, &mut tick);
});
