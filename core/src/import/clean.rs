//! Cell cleaning and typed parsing of back-office values.
//!
//! Every function takes the raw cell text and returns `Ok(None)` for a blank cell,
//! `Ok(Some(value))`, or the [`Problem`] to report. They clean the known quirks first:
//! surrounding whitespace, `="…"` wrappers and a leading `'` or `=` (how exports keep long ids
//! and phone numbers from being mangled by Excel), full-width digits and punctuation, `元`/`¥`
//! around amounts, thousands separators, and `无退款申请`-style "nothing" words.
//! Parsers are hand-written over bytes: they run for millions of cells per import.

use std::borrow::Cow;

use chrono::{Datelike, NaiveDate};

use super::Problem;
use crate::Money;
use crate::Ts;
use crate::model::Period;

/// Full-width ASCII (Ｕ+FF01–FF5E) and the ideographic space to their half-width forms.
pub fn halfwidth(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| ('\u{FF01}'..='\u{FF5E}').contains(&c) || c == '\u{3000}') {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                '\u{3000}' => ' ',
                _ => c,
            })
            .collect(),
    )
}

/// A header as compared with synonyms: BOM, quotes, whitespace (inside too) and a trailing
/// colon removed, full-width folded, ASCII lower-cased. `收货地址 ` → `收货地址`,
/// `"Order ID"` → `orderid`.
pub fn normalize_header(s: &str) -> String {
    let s = s.trim_start_matches('\u{FEFF}');
    let s = halfwidth(s);
    let s = s.trim().trim_matches('"').trim_end_matches([':', '：']);
    s.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

/// The cell with export wrappers removed: trims, unwraps `="…"`, drops one leading `'` or `=`.
pub fn cell(s: &str) -> &str {
    // Most cells need nothing: no space around them and no `=`/`'` in front.
    if plain_edges(s.as_bytes()) {
        return s;
    }
    let t = s.trim();
    if let Some(inner) = t.strip_prefix("=\"").and_then(|r| r.strip_suffix('"')) {
        return inner.trim();
    }
    if let Some(inner) = t.strip_prefix('\'').or_else(|| t.strip_prefix('=')) {
        return inner.trim();
    }
    t
}

/// Whether `b` (UTF-8) is empty, or neither starts nor ends with whitespace and does not start
/// with `=` or `'`: then [`cell`] has nothing to remove. Decided from the edge bytes where
/// possible: Unicode whitespace beyond ASCII starts with byte C2, E1, E2 or E3 and so cannot
/// be a CJK ideograph (E4–E9) or an ASCII letter.
fn plain_edges(b: &[u8]) -> bool {
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else { return true };
    let lead_ok = |lead: u8| !matches!(lead, 0xC2 | 0xE1 | 0xE2 | 0xE3);
    let first_ok = match first {
        b'=' | b'\'' => false,
        0..=0x7F => !first.is_ascii_whitespace() && first != 0x0B,
        _ => lead_ok(first),
    };
    let last_ok = match last {
        0..=0x7F => !last.is_ascii_whitespace() && last != 0x0B,
        // The last character has two or three bytes when it can be whitespace.
        _ => {
            let lead3 = b.len() >= 3 && b[b.len() - 3] >= 0xE0;
            let lead2 = b.len() >= 2 && (0xC0..0xE0).contains(&b[b.len() - 2]);
            if lead3 {
                lead_ok(b[b.len() - 3])
            } else if lead2 {
                lead_ok(b[b.len() - 2])
            } else {
                // A four-byte character (no whitespace among them) or a continuation run.
                b.len() >= 4 && b[b.len() - 4] >= 0xF0
            }
        }
    };
    first_ok && last_ok
}

/// Text: cleaned, `None` when blank.
pub fn text(s: &str) -> Option<String> {
    let c = cell(s);
    (!c.is_empty()).then(|| c.to_owned())
}

/// Words that mean "nothing / zero" in amount and count columns.
fn is_nothing(s: &str) -> bool {
    matches!(s, "无退款申请" | "无" | "-" | "—" | "--" | "/" | "null" | "NULL" | "N/A" | "n/a")
}

/// An identifier (order id, phone, buyer id): cleaned and folded to half-width. A number in
/// scientific notation (Excel's damage to long ids) is refused; an integral `…0.0` tail from a
/// spreadsheet number is dropped.
pub fn id(s: &str) -> Result<Option<String>, Problem> {
    let c = cell(s);
    if c.is_empty() {
        return Ok(None);
    }
    if c.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(Some(c.to_owned()));
    }
    let h = halfwidth(c);
    let h = h.trim();
    let b = h.as_bytes();
    let sci = b.iter().any(|&x| x == b'E' || x == b'e')
        && b.iter().all(|&x| x.is_ascii_digit() || matches!(x, b'.' | b'E' | b'e' | b'+' | b'-'))
        && b.first().is_some_and(u8::is_ascii_digit);
    if sci {
        return Err(Problem::MangledId);
    }
    let h = match h.strip_suffix(".0") {
        Some(int) if !int.is_empty() && int.bytes().all(|x| x.is_ascii_digit()) => int,
        _ => h,
    };
    Ok(Some(h.to_owned()))
}

/// Folds a numeric cell to plain ASCII: half-width, no thousands separators, no currency or
/// unit marks around it. Returns `None` for blank, `Some("0")` for "nothing" words.
fn numeric(s: &str) -> Option<Cow<'_, str>> {
    let c = cell(s);
    if c.is_empty() {
        return None;
    }
    if is_nothing(c) {
        return Some(Cow::Borrowed("0"));
    }
    let plain = c.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-');
    if plain {
        return Some(Cow::Borrowed(c));
    }
    let h = halfwidth(c);
    let mut out = String::with_capacity(h.len());
    for ch in h.trim().chars() {
        match ch {
            ',' | ' ' | '¥' | '￥' | '元' | '$' => {}
            _ => out.push(ch),
        }
    }
    let out = out.trim_start_matches("RMB").trim_start_matches("CNY").to_owned();
    if out.is_empty() { None } else { Some(Cow::Owned(out)) }
}

/// An amount in yuan → exact [`Money`] (fen), rounding half away from zero at the third
/// decimal. `128.5元`, `¥1,280.00`, `-12.50`, `无退款申请` (= 0).
pub fn money(s: &str) -> Result<Option<Money>, Problem> {
    let Some(n) = numeric(s) else { return Ok(None) };
    parse_fen(&n).map(|f| Some(Money(f))).ok_or(Problem::NotAnAmount)
}

fn parse_fen(s: &str) -> Option<i64> {
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) || int.len() > 15
    {
        return None;
    }
    let whole: i64 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let fb = frac.as_bytes();
    let digit = |i: usize| fb.get(i).map(|d| i64::from(d - b'0')).unwrap_or(0);
    let mut cents = digit(0) * 10 + digit(1);
    if digit(2) >= 5 {
        cents += 1;
    }
    let fen = whole.checked_mul(100)?.checked_add(cents)?;
    Some(if neg { -fen } else { fen })
}

/// A whole number; `1,234`, `12人`, `12.0`.
pub fn int(s: &str) -> Result<Option<i64>, Problem> {
    let Some(n) = numeric(s) else { return Ok(None) };
    let n = n.trim_end_matches(['人', '个', '件', '次', '条', '天', '单']);
    if let Ok(v) = n.parse::<i64>() {
        return Ok(Some(v));
    }
    match n.parse::<f64>() {
        Ok(f) if f.is_finite() && f.fract() == 0.0 && f.abs() < 9e15 => Ok(Some(f as i64)),
        _ => Err(Problem::NotAnInteger),
    }
}

/// A decimal number.
pub fn float(s: &str) -> Result<Option<f64>, Problem> {
    let Some(n) = numeric(s) else { return Ok(None) };
    match n.parse::<f64>() {
        Ok(f) if f.is_finite() => Ok(Some(f)),
        _ => Err(Problem::NotANumber),
    }
}

/// A rate as a fraction: `45.21%` → 0.4521; `0.4521` → 0.4521; a bare number above 1 (and
/// at most 100) is read as a percentage (`45.21` → 0.4521).
pub fn percent(s: &str) -> Result<Option<f64>, Problem> {
    let c = cell(s);
    if c.is_empty() {
        return Ok(None);
    }
    let h = halfwidth(c);
    let t = h.trim();
    let (num, pct) = match t.strip_suffix('%') {
        Some(n) => (n.trim(), true),
        None => (t, false),
    };
    let v: f64 = num.replace(',', "").parse().map_err(|_| Problem::NotAPercent)?;
    if !v.is_finite() {
        return Err(Problem::NotAPercent);
    }
    Ok(Some(if pct || (v > 1.0 && v <= 100.0) { v / 100.0 } else { v }))
}

/// Yes or no.
pub fn yes_no(s: &str) -> Result<Option<bool>, Problem> {
    let c = cell(s);
    if c.is_empty() {
        return Ok(None);
    }
    match c.to_ascii_lowercase().as_str() {
        "是" | "需要" | "有" | "y" | "yes" | "true" | "1" | "√" | "对" => Ok(Some(true)),
        "否" | "不需要" | "无" | "没有" | "n" | "no" | "false" | "0" | "×" | "不" => Ok(Some(false)),
        _ => Err(Problem::NotAYesNo),
    }
}

/// Summary rows of reports: 汇总, 合计, 总计, 均值, 平均, 平均值, Total, Average.
pub fn is_summary_label(s: &str) -> bool {
    let c = cell(s);
    matches!(
        c,
        "汇总"
            | "合计"
            | "总计"
            | "均值"
            | "平均"
            | "平均值"
            | "小计"
            | "汇总:"
            | "总计:"
            | "合计:"
            | "Total"
            | "total"
            | "Average"
            | "average"
    )
}

/// A date and time. Accepts `2026-10-19 09:05:03`, `2026-10-19 9:05`, `2026-10-19T09:05:03`,
/// `2026/10/19 09:05`, `2016/5/23 22:02`, `2026.10.19`, `2026年10月19日 9时5分`,
/// `3/20/20` or `3/20/2020 14:05` (month first, as Excel writes US dates; day first when the
/// first number is above 12), fractional seconds, and Excel serial numbers (`45219.5`). A date
/// alone means midnight.
pub fn datetime(s: &str) -> Result<Option<Ts>, Problem> {
    let c = cell(s);
    if c.is_empty() {
        return Ok(None);
    }
    parse_datetime(c).map(Some).ok_or(Problem::NotADateTime)
}

/// A date (a time part, if any, must still be valid and is ignored).
pub fn date(s: &str) -> Result<Option<NaiveDate>, Problem> {
    let c = cell(s);
    if c.is_empty() {
        return Ok(None);
    }
    parse_datetime(c).map(|t| Some(t.date())).ok_or(Problem::NotADate)
}

/// Years a date or time may fall in, however it is written: back-office exports hold nothing
/// else, and a wider range would read amounts and counts as dates (`128.00` as the Excel
/// serial of 1900-05-07).
const YEARS: std::ops::RangeInclusive<i32> = 1970..=2100;

/// Excel serials of the first and the day after the last day in [`YEARS`].
const SERIALS: std::ops::Range<f64> = 25_569.0..73_416.0;

/// Excel's day 0 is 1899-12-30 (with the 1900 leap-year bug folded in for dates after March
/// 1900). Serials in [`SERIALS`] (1970-01-01 to 2100-12-31) are accepted, but only as numbers
/// with at most one decimal point and no other characters.
fn excel_serial(s: &str) -> Option<Ts> {
    let v: f64 = s.parse().ok()?;
    if !SERIALS.contains(&v) {
        return None;
    }
    let days = v.floor() as i64;
    let secs = ((v - v.floor()) * 86_400.0).round() as i64;
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    Some(Ts::from_date(base).plus(days * 86_400 + secs))
}

/// A date and time in [`YEARS`] (checked on the result, so that a time rounded or written as
/// `24:00:00` into 2101 is refused too): every accepted value reads back from its ISO form.
fn parse_datetime(raw: &str) -> Option<Ts> {
    parse_any_datetime(raw).filter(|t| YEARS.contains(&t.date().year()))
}

/// `YYYY-MM-DD HH:MM:SS` exactly, as most exports write it: read without the general
/// machinery. `None` for anything else (which the general reader then tries).
fn canonical_datetime(s: &str) -> Option<Ts> {
    let b: &[u8; 19] = s.as_bytes().try_into().ok()?;
    let d = |i: usize| -> Option<u32> {
        let (x, y) = (b[i].wrapping_sub(b'0'), b[i + 1].wrapping_sub(b'0'));
        (x < 10 && y < 10).then_some(u32::from(x) * 10 + u32::from(y))
    };
    let seps = b[4] == b'-' && b[7] == b'-' && b[10] == b' ' && b[13] == b':' && b[16] == b':';
    if !seps {
        return None;
    }
    let year = i32::try_from(d(0)? * 100 + d(2)?).ok().filter(|y| YEARS.contains(y))?;
    Ts::from_ymd_hms(year, d(5)?, d(8)?, d(11)?, d(14)?, d(17)?)
}

/// Splits `s` into runs of ASCII digits, remembering the separators between them.
fn parse_any_datetime(raw: &str) -> Option<Ts> {
    canonical_datetime(raw).or_else(|| general_datetime(raw))
}

/// Any of the accepted date and time spellings.
fn general_datetime(raw: &str) -> Option<Ts> {
    let h = halfwidth(raw);
    let s = h.trim();
    if s.bytes().all(|b| b.is_ascii_digit() || b == b'.') && s.bytes().filter(|&b| b == b'.').count() <= 1 {
        // A bare number: an Excel serial, or a compact date 20261019.
        if s.len() == 8 && !s.contains('.') {
            let y: i32 = s[0..4].parse().ok()?;
            let m: u32 = s[4..6].parse().ok()?;
            let d: u32 = s[6..8].parse().ok()?;
            return NaiveDate::from_ymd_opt(y, m, d).map(Ts::from_date);
        }
        return excel_serial(s);
    }
    let mut nums: [u32; 7] = [0; 7];
    let mut widths: [usize; 7] = [0; 7];
    let mut n = 0usize;
    let mut cur: Option<(u32, usize)> = None;
    let mut first_sep: Option<char> = None;
    let mut hour_word = false;
    for ch in s.chars() {
        if let Some(d) = ch.to_digit(10) {
            let (v, w) = cur.unwrap_or((0, 0));
            if w >= 9 {
                return None;
            }
            cur = Some((v * 10 + d, w + 1));
        } else {
            if let Some((v, w)) = cur.take() {
                if n == 7 {
                    return None;
                }
                nums[n] = v;
                widths[n] = w;
                n += 1;
            }
            match ch {
                '-' | '/' | '.' | ':' | 'T' | '年' | '月' | '日' | '分' | '秒' => {
                    first_sep.get_or_insert(ch);
                }
                '时' | '点' => {
                    first_sep.get_or_insert(ch);
                    hour_word = true;
                }
                ' ' => {}
                'Z' if n >= 5 => {}
                _ => return None,
            }
        }
    }
    if let Some((v, w)) = cur.take() {
        if n == 7 {
            return None;
        }
        nums[n] = v;
        widths[n] = w;
        n += 1;
    }
    if n < 3 {
        return None;
    }
    let (y, m, d) = if widths[0] == 4 {
        (nums[0] as i32, nums[1], nums[2])
    } else if first_sep == Some('-') && widths[..3] == [2, 2, 2] {
        // 24-03-01: a two-digit year first, as some Chinese exports abbreviate.
        (2000 + nums[0] as i32, nums[1], nums[2])
    } else if widths[2] == 4 || widths[2] == 2 {
        // m/d/y or d/m/y: only with slashes (or dots/dashes) and a year last.
        if !matches!(first_sep, Some('/' | '.' | '-')) {
            return None;
        }
        let year = if widths[2] == 2 { 2000 + nums[2] as i32 } else { nums[2] as i32 };
        if nums[0] > 12 { (year, nums[1], nums[0]) } else { (year, nums[0], nums[1]) }
    } else {
        return None;
    };
    let date = NaiveDate::from_ymd_opt(y, m, d)?;
    if !YEARS.contains(&date.year()) {
        return None;
    }
    let (hh, mm, ss) = match n {
        3 => (0, 0, 0),
        4 => (nums[3], 0, 0),
        5 => (nums[3], nums[4], 0),
        // 6 or 7: seconds, then an ignored fraction (milliseconds).
        _ => (nums[3], nums[4], nums[5]),
    };
    if n == 4 && !hour_word {
        return None;
    }
    if hh > 23 || mm > 59 || ss > 60 {
        // 24:00:00 as the end of the day is written by some exports.
        if !(hh == 24 && mm == 0 && ss == 0) {
            return None;
        }
    }
    let secs = i64::from(hh) * 3600 + i64::from(mm) * 60 + i64::from(ss.min(59));
    Some(Ts::from_date(date).plus(secs))
}

/// A duration in seconds: `25`, `25.4`, `25秒`, `1分30秒`, `00:01:30`, `1:30`, `2小时5分`.
pub fn duration_secs(s: &str) -> Result<Option<f64>, Problem> {
    let c = cell(s);
    if c.is_empty() {
        return Ok(None);
    }
    let h = halfwidth(c);
    let t = h.trim().trim_end_matches(['s', 'S']);
    if let Ok(v) = t.parse::<f64>() {
        return if v.is_finite() && v >= 0.0 { Ok(Some(v)) } else { Err(Problem::NotADuration) };
    }
    if t.contains(':') {
        let parts: Vec<&str> = t.split(':').collect();
        let nums: Option<Vec<f64>> = parts.iter().map(|p| p.trim().parse::<f64>().ok()).collect();
        return match nums.as_deref() {
            Some([m, s]) => Ok(Some(m * 60.0 + s)),
            Some([h, m, s]) => Ok(Some(h * 3600.0 + m * 60.0 + s)),
            _ => Err(Problem::NotADuration),
        };
    }
    let mut total = 0.0;
    let mut num = String::new();
    let mut any = false;
    for ch in t.chars() {
        if ch.is_ascii_digit() || ch == '.' {
            num.push(ch);
            continue;
        }
        let unit = match ch {
            '时' | '小' => 3600.0,
            '分' => 60.0,
            '秒' => 1.0,
            '钟' => continue,
            _ => return Err(Problem::NotADuration),
        };
        if num.is_empty() {
            continue;
        }
        total += num.parse::<f64>().map_err(|_| Problem::NotADuration)? * unit;
        num.clear();
        any = true;
    }
    if !num.is_empty() {
        total += num.parse::<f64>().map_err(|_| Problem::NotADuration)?;
        any = true;
    }
    if any { Ok(Some(total)) } else { Err(Problem::NotADuration) }
}

/// A date range written in a report's file name: `客服接待数据_2026-10-19至2026-11-15.xlsx`
/// (also `~`, `_to_`, `-` between two full dates).
pub fn period_in_name(name: &str) -> Option<Period> {
    let b = name.as_bytes();
    let mut dates = Vec::new();
    let mut i = 0;
    while i + 10 <= b.len() && dates.len() < 2 {
        let w = &b[i..i + 10];
        let looks = w[0..4].iter().all(u8::is_ascii_digit)
            && matches!(w[4], b'-' | b'.' | b'/')
            && w[5..7].iter().all(u8::is_ascii_digit)
            && w[7] == w[4]
            && w[8..10].iter().all(u8::is_ascii_digit);
        if looks && let Some(d) = std::str::from_utf8(w).ok().and_then(parse_datetime) {
            dates.push(d.date());
            i += 10;
            continue;
        }
        i += 1;
    }
    match dates[..] {
        [from, to] if from <= to => Some(Period { from, to }),
        [d] => Some(Period { from: d, to: d }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> String {
        datetime(s).unwrap().unwrap().iso()
    }

    proptest::proptest! {
        /// The fast path for `YYYY-MM-DD HH:MM:SS` reads exactly what the general reader does.
        #[test]
        fn canonical_datetime_agrees(y in 0u32..10000, mo in 0u32..14, d in 0u32..33, h in 0u32..26,
                                     mi in 0u32..61, sec in 0u32..61) {
            let s = format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{sec:02}");
            if let Some(t) = canonical_datetime(&s) {
                proptest::prop_assert_eq!(Some(t), general_datetime(&s));
            }
        }

        /// The fast path of `cell` changes nothing that the full cleaning would change.
        #[test]
        fn cell_fast_path_agrees(
            s in "[ =' a-z0-9\u{3000}\u{a0}\u{85}\u{1680}\u{2000}-\u{200b}\u{2028}\u{202f}\u{205f}\u{feff}\t\r\n\x0b\x0c中文é😀]{0,6}"
        ) {
            let t = s.trim();
            let full = if let Some(inner) = t.strip_prefix("=\"").and_then(|r| r.strip_suffix('"')) {
                inner.trim()
            } else if let Some(inner) = t.strip_prefix('\'').or_else(|| t.strip_prefix('=')) {
                inner.trim()
            } else {
                t
            };
            proptest::prop_assert_eq!(cell(&s), full);
        }
    }

    #[test]
    fn datetimes_in_every_export_style() {
        assert_eq!(ts("2020-02-21 00:00:02"), "2020-02-21 00:00:02");
        assert_eq!(ts("2016/5/23 22:02"), "2016-05-23 22:02:00");
        assert_eq!(ts("2026-10-19T09:05:03"), "2026-10-19 09:05:03");
        assert_eq!(ts("2026-10-19 9:05:03.250"), "2026-10-19 09:05:03");
        assert_eq!(ts("2026.10.19 09:05"), "2026-10-19 09:05:00");
        assert_eq!(ts("2026年10月19日 9时5分"), "2026-10-19 09:05:00");
        assert_eq!(ts("3/20/20"), "2020-03-20 00:00:00");
        assert_eq!(ts("3/20/2020 14:05"), "2020-03-20 14:05:00");
        assert_eq!(ts("20/3/2020"), "2020-03-20 00:00:00");
        assert_eq!(ts("24-03-01"), "2024-03-01 00:00:00");
        assert_eq!(ts("２０２６－１０－１９　０９：０５：０３"), "2026-10-19 09:05:03");
        assert_eq!(ts("=\"2026-10-19 09:05:03\""), "2026-10-19 09:05:03");
        assert_eq!(ts("45219"), "2023-10-20 00:00:00");
        assert_eq!(ts("45219.5"), "2023-10-20 12:00:00");
        assert_eq!(ts("20261019"), "2026-10-19 00:00:00");
        assert_eq!(ts("2026-10-19 24:00:00"), "2026-10-20 00:00:00");
        assert_eq!(datetime("  ").unwrap(), None);
        for bad in ["2026-13-01", "2026-02-30 10:00", "昨天", "10:05", "2026-10-19 25:00", "12.5.3.2", "1e9"]
        {
            assert_eq!(datetime(bad), Err(Problem::NotADateTime), "{bad}");
        }
    }

    /// Excel serials, compact dates and text dates share one range, 1970–2100: an amount such
    /// as 128.00 is not a date in 1900, and whatever is accepted reads back from its ISO form.
    #[test]
    fn dates_stay_within_1970_to_2100_however_written() {
        assert_eq!(ts("25569"), "1970-01-01 00:00:00");
        assert_eq!(ts("73415.5"), "2100-12-31 12:00:00");
        assert_eq!(ts("21001231"), "2100-12-31 00:00:00");
        for bad in ["128.00", "１２８．００", "1", "25568.99", "73416", "2958465", "19000101", "99991231"]
        {
            assert_eq!(datetime(bad), Err(Problem::NotADateTime), "{bad}");
            assert_eq!(date(bad), Err(Problem::NotADate), "{bad}");
        }
        for bad in ["2100-12-31 24:00:00", "73415.99999999", "1969-12-31 23:59:59"] {
            assert_eq!(datetime(bad), Err(Problem::NotADateTime), "{bad}");
        }
        for ok in ["25569", "45219.5", "73415.999", "20261019", "1970-01-01", "2100-12-31 23:59:59"] {
            let t = datetime(ok).unwrap().unwrap();
            assert_eq!(datetime(&t.iso()), Ok(Some(t)), "{ok}");
        }
    }

    #[test]
    fn amounts_are_exact_to_the_fen() {
        assert_eq!(money("128.50").unwrap(), Some(Money(12850)));
        assert_eq!(money("128.5元").unwrap(), Some(Money(12850)));
        assert_eq!(money("¥1,280").unwrap(), Some(Money(128_000)));
        assert_eq!(money("０.９９").unwrap(), Some(Money(99)));
        assert_eq!(money("-12.505").unwrap(), Some(Money(-1251)));
        assert_eq!(money("无退款申请").unwrap(), Some(Money(0)));
        assert_eq!(money("").unwrap(), None);
        assert_eq!(money("12,3a"), Err(Problem::NotAnAmount));
        assert_eq!(money("1.2.3"), Err(Problem::NotAnAmount));
    }

    #[test]
    fn ids_keep_their_digits_and_refuse_scientific_notation() {
        assert_eq!(id("=\"1930679858170647\"").unwrap().as_deref(), Some("1930679858170647"));
        assert_eq!(id("'13812345678").unwrap().as_deref(), Some("13812345678"));
        assert_eq!(id("１３８１２３４５６７８").unwrap().as_deref(), Some("13812345678"));
        assert_eq!(id("2417.0").unwrap().as_deref(), Some("2417"));
        assert_eq!(id("tb_小鱼儿88").unwrap().as_deref(), Some("tb_小鱼儿88"));
        assert_eq!(id("1.93068E+15"), Err(Problem::MangledId));
    }

    #[test]
    fn numbers_rates_durations_and_flags() {
        assert_eq!(int("1,234").unwrap(), Some(1234));
        assert_eq!(int("12人").unwrap(), Some(12));
        assert_eq!(int("12.0").unwrap(), Some(12));
        assert_eq!(int("12.5"), Err(Problem::NotAnInteger));
        assert_eq!(percent("45.21%").unwrap(), Some(0.4521));
        assert_eq!(percent("0.4521").unwrap(), Some(0.4521));
        assert_eq!(percent("98").unwrap(), Some(0.98));
        assert_eq!(percent("百分之五"), Err(Problem::NotAPercent));
        assert_eq!(duration_secs("1分30秒").unwrap(), Some(90.0));
        assert_eq!(duration_secs("00:01:30").unwrap(), Some(90.0));
        assert_eq!(duration_secs("25.5").unwrap(), Some(25.5));
        assert_eq!(duration_secs("25秒").unwrap(), Some(25.0));
        assert_eq!(duration_secs("快"), Err(Problem::NotADuration));
        assert_eq!(yes_no("是").unwrap(), Some(true));
        assert_eq!(yes_no("不需要").unwrap(), Some(false));
        assert!(is_summary_label(" 汇总 ") && is_summary_label("均值") && !is_summary_label("小美"));
    }

    #[test]
    fn headers_normalise_their_quirks() {
        assert_eq!(normalize_header("收货地址 "), "收货地址");
        assert_eq!(normalize_header("\u{FEFF}订单编号"), "订单编号");
        assert_eq!(normalize_header("\"Order ID\""), "orderid");
        assert_eq!(normalize_header("平均响应（秒）："), "平均响应(秒)");
    }

    #[test]
    fn file_names_give_report_periods() {
        let p = period_in_name("客服接待数据_2026-10-19至2026-11-15.xlsx").unwrap();
        assert_eq!((p.from.to_string(), p.to.to_string()), ("2026-10-19".into(), "2026-11-15".into()));
        assert_eq!(period_in_name("orders.csv"), None);
    }
}
