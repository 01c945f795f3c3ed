//! Masking of personal data inside free chat text, for training sheets, meeting sheets and
//! script candidates: phone numbers (and any other long digit run: QQ numbers, landlines),
//! street addresses after the district, and the buyer's own nick when it is written out.
//!
//! **Masking keeps every byte offset**: a masked character is replaced by an asterisk of the
//! same UTF-8 length (`*` for one byte, `＊` for three, `**`/`****` otherwise), so QA evidence
//! spans (byte ranges into the original text) still point at the same words afterwards.
//! What is kept follows [`crate::privacy`]: a mobile number keeps its first three and last four
//! digits (`138****5678`), a shorter run of 7–10 digits only its last two.

/// Characters that may stand between the digits of one number (`138 1234 5678`, `0571-8888`).
fn is_sep(c: char) -> bool {
    matches!(c, ' ' | '-' | '－' | '\u{3000}')
}

/// The value of an ASCII or full-width digit.
fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// Where an address's street part begins: right after one of these administrative words.
const DISTRICT_ENDS: [char; 4] = ['区', '县', '镇', '旗'];
/// Words that show the text after a district is a street address.
const STREET_WORDS: [&str; 14] =
    ["路", "街", "道", "号", "栋", "幢", "单元", "室", "弄", "村", "小区", "大厦", "楼", "苑"];

fn is_clause_end(c: char) -> bool {
    matches!(
        c,
        '，' | ','
            | '。'
            | '.'
            | '？'
            | '?'
            | '！'
            | '!'
            | '；'
            | ';'
            | '\n'
            | '、'
            | '~'
            | '～'
            | '）'
            | ')'
    )
}

/// Replaces the characters at `chars[i]` for every `i` with `mask[i]` by same-length asterisks.
fn apply(text: &str, chars: &[(usize, char)], mask: &[bool]) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, &(_, c)) in chars.iter().enumerate() {
        if mask[i] {
            match c.len_utf8() {
                3 => out.push('＊'),
                n => out.extend(std::iter::repeat_n('*', n)),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Masks the personal data in one line of chat text, keeping every byte offset (see the module
/// doc). `nicks`: names to shorten wherever they appear (the buyer's nick).
pub fn mask_text(text: &str, nicks: &[&str]) -> String {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut mask = vec![false; chars.len()];
    mask_digits(&chars, &mut mask);
    mask_streets(&chars, &mut mask);
    for nick in nicks.iter().map(|n| n.trim()).filter(|n| n.chars().count() >= 2) {
        let n: Vec<char> = nick.chars().collect();
        let keep = if n.len() <= 4 { (1, 0) } else { (2, 2) };
        for (start, _) in text.match_indices(nick) {
            let first = chars.partition_point(|&(b, _)| b < start);
            for k in keep.0..n.len() - keep.1 {
                if let Some(m) = mask.get_mut(first + k) {
                    *m = true;
                }
            }
        }
    }
    if !mask.contains(&true) {
        return text.to_owned();
    }
    apply(text, &chars, &mask)
}

fn mask_digits(chars: &[(usize, char)], mask: &mut [bool]) {
    let mut i = 0;
    while i < chars.len() {
        if digit(chars[i].1).is_none() {
            i += 1;
            continue;
        }
        // A run: digits, with single separators between two digits.
        let mut digits = vec![i];
        let mut j = i + 1;
        while j < chars.len() {
            if digit(chars[j].1).is_some() {
                digits.push(j);
                j += 1;
            } else if is_sep(chars[j].1) && chars.get(j + 1).is_some_and(|c| digit(c.1).is_some()) {
                j += 1;
            } else {
                break;
            }
        }
        let n = digits.len();
        if n >= 7 {
            let (head, tail) = if n >= 11 { (3, 4) } else { (0, 2) };
            for &p in &digits[head..n - tail] {
                mask[p] = true;
            }
        }
        i = j;
    }
}

fn mask_streets(chars: &[(usize, char)], mask: &mut [bool]) {
    for i in 0..chars.len() {
        if !DISTRICT_ENDS.contains(&chars[i].1) {
            continue;
        }
        let start = i + 1;
        let end = (start..chars.len()).find(|&k| is_clause_end(chars[k].1)).unwrap_or(chars.len());
        let end = end.min(start + 40);
        if start >= end {
            continue;
        }
        let tail: String = chars[start..end].iter().map(|c| c.1).collect();
        if STREET_WORDS.iter().any(|w| tail.contains(w)) {
            for (k, m) in mask.iter_mut().enumerate().take(end).skip(start) {
                *m = !chars[k].1.is_whitespace();
            }
        }
    }
}

/// Whether `text` still holds a mainland mobile number (`1[3-9]` + 9 digits), ignoring the
/// separators a number may be written with and folding full-width digits. Used by tests and
/// as a last check before anything is printed.
pub fn has_phone(text: &str) -> bool {
    let mut run: Vec<u32> = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let check = |run: &[u32]| run.windows(11).any(|w| w[0] == 1 && (3..=9).contains(&w[1]));
    for (i, &c) in chars.iter().enumerate() {
        if let Some(d) = digit(c) {
            run.push(d);
        } else if is_sep(c) && chars.get(i + 1).and_then(|&c| digit(c)).is_some() && !run.is_empty() {
        } else {
            if check(&run) {
                return true;
            }
            run.clear();
        }
    }
    check(&run)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_addresses_and_nicks_are_masked_in_place() {
        let t = "我的电话13812345678，地址浙江省杭州市西湖区文三路90号3栋，收件人tb_小鱼儿88";
        let m = mask_text(t, &["tb_小鱼儿88"]);
        assert_eq!(m.len(), t.len(), "byte offsets kept");
        assert_eq!(m, "我的电话138****5678，地址浙江省杭州市西湖区＊＊＊**＊*＊，收件人tb*＊＊＊88");
        assert!(!has_phone(&m) && has_phone(t));
        let spaced = "加我 138 1234 5678 或 ＱＱ１２３４５６７８";
        let m = mask_text(spaced, &[]);
        assert_eq!(m, "加我 138 **** 5678 或 ＱＱ＊＊＊＊＊＊７８");
        assert!(has_phone("１３８－１２３４－５６７８"));
        assert!(!has_phone(&mask_text("１３８－１２３４－５６７８", &[])));
        // Short numbers (sizes, prices, order quantities) stay.
        assert_eq!(mask_text("身高165体重52，要2件", &[]), "身高165体重52，要2件");
        // A district name without a street after it stays.
        assert_eq!(mask_text("发到西湖区吗？", &[]), "发到西湖区吗？");
    }
}
