//! Personal data: masking for prints, exports and imports, and neutralising spreadsheet
//! formulas in exported cells.
//!
//! Masks keep enough to recognise a record (surname, phone prefix and last four digits,
//! province and city) and nothing more.

/// `13812345678` → `138****5678`. Non-phone text keeps its first three and last four
/// characters when long enough, else becomes `***`.
pub fn mask_phone(s: &str) -> String {
    let chars: Vec<char> = s.trim().chars().collect();
    if chars.len() >= 8 {
        let head: String = chars[..3].iter().collect();
        let tail: String = chars[chars.len() - 4..].iter().collect();
        format!("{head}****{tail}")
    } else if chars.is_empty() {
        String::new()
    } else {
        "***".into()
    }
}

/// `王美玲` → `王**`; `Li Lei` → `L*****`. Keeps the first character only.
pub fn mask_name(s: &str) -> String {
    let mut it = s.trim().chars();
    match it.next() {
        None => String::new(),
        Some(first) => {
            let rest = it.count().max(1);
            let mut out = String::with_capacity(rest + 4);
            out.push(first);
            out.extend(std::iter::repeat_n('*', rest));
            out
        }
    }
}

/// Keeps the leading administrative part of a Chinese address (province, city, district,
/// up to the first `区`/`县`/`市` after the city) and replaces the street and house number
/// with `****`.
pub fn mask_address(s: &str) -> String {
    let s = s.trim();
    if s.is_empty() {
        return String::new();
    }
    let chars: Vec<char> = s.chars().collect();
    // Cut after the last of 省/市/区/县/州/旗 found within the first 14 characters.
    let limit = chars.len().min(14);
    let cut = (0..limit)
        .rev()
        .find(|&i| matches!(chars[i], '省' | '市' | '区' | '县' | '州' | '旗'))
        .map(|i| i + 1)
        .unwrap_or_else(|| chars.len().min(6));
    let head: String = chars[..cut.min(chars.len())].iter().collect();
    format!("{head}****")
}

/// Buyer nicks are pseudonyms already, but prints still shorten them: `tb_小鱼儿88` →
/// `tb***88`.
pub fn mask_nick(s: &str) -> String {
    let chars: Vec<char> = s.trim().chars().collect();
    match chars.len() {
        0 => String::new(),
        1..=4 => format!("{}***", chars[0]),
        n => {
            let head: String = chars[..2].iter().collect();
            let tail: String = chars[n - 2..].iter().collect();
            format!("{head}***{tail}")
        }
    }
}

/// Makes a cell safe to open in Excel/WPS: text starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return is prefixed with `'` so it is shown, not evaluated. Plain negative numbers
/// (`-12.50`) are left alone.
pub fn neutralise_cell(s: &str) -> std::borrow::Cow<'_, str> {
    let risky = matches!(s.as_bytes().first(), Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r'));
    if risky && !is_plain_number(s) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

fn is_plain_number(s: &str) -> bool {
    let t = s.strip_prefix(['-', '+']).unwrap_or(s);
    !t.is_empty()
        && t.chars().all(|c| c.is_ascii_digit() || c == '.')
        && t.chars().filter(|&c| c == '.').count() <= 1
        && t.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// Masks the customers' personal data of a dataset in place: receiver names, phones and
/// addresses of orders, and staff phone numbers. Buyer nicks are pseudonyms and stay (they are
/// the join key between chats and orders; prints shorten them with [`mask_nick`]). Staff real
/// names stay too: they are the supervisor's own team and label its appraisal sheets.
pub fn mask_dataset(data: &mut crate::model::DatasetData) {
    use crate::model::DatasetData::*;
    match data {
        Orders(rows) => {
            for o in rows {
                o.receiver = o.receiver.as_deref().map(mask_name);
                o.phone = o.phone.as_deref().map(mask_phone);
                o.address = o.address.as_deref().map(mask_address);
            }
        }
        Staff(rows) => {
            for s in rows {
                s.phone = s.phone.as_deref().map(mask_phone);
            }
        }
        Chats(_) | SubOrders(_) | Refunds(_) | Reviews(_) | AgentStats(_) | Attendance(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_only_what_identifies_a_record() {
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone(""), "");
        assert_eq!(mask_phone("123"), "***");
        assert_eq!(mask_name("王美玲"), "王**");
        assert_eq!(mask_name("李"), "李*");
        assert_eq!(mask_address("浙江省杭州市西湖区文三路 90 号 5 幢 302"), "浙江省杭州市西湖区****");
        assert_eq!(mask_nick("tb_小鱼儿88"), "tb***88");
        assert_eq!(mask_nick("ab"), "a***");
    }

    #[test]
    fn formulas_are_neutralised_but_numbers_are_not() {
        assert_eq!(neutralise_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise_cell("+86 138"), "'+86 138");
        assert_eq!(neutralise_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise_cell("-12.50"), "-12.50");
        assert_eq!(neutralise_cell("-"), "'-");
        assert_eq!(neutralise_cell("hello"), "hello");
    }
}
