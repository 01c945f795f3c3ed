//! The cell parsers of `import::clean` on arbitrary text: `datetime` and `money` above all, and
//! the other typed readers beside them. A value either parses or gives a `Problem`.
#![no_main]

use kefu_core::import::clean;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    if let Ok(Some(t)) = clean::datetime(s) {
        // A parsed time prints and reads back as itself.
        let again = clean::datetime(&t.iso());
        assert_eq!(again, Ok(Some(t)), "{s:?} -> {}", t.iso());
    }
    if let Ok(Some(m)) = clean::money(s) {
        assert_eq!(clean::money(&m.plain()), Ok(Some(m)), "{s:?} -> {}", m.plain());
    }
    let _ = clean::date(s);
    let _ = clean::int(s);
    let _ = clean::float(s);
    let _ = clean::percent(s);
    let _ = clean::duration_secs(s);
    let _ = clean::yes_no(s);
    let _ = clean::id(s);
    let _ = clean::period_in_name(s);
});
