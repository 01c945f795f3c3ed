//! Plain-text tables for the terminal, aligned by display width (CJK characters take two
//! columns), and human-readable numbers.

/// Columns a string takes in a terminal: East Asian wide characters count two.
pub fn width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let u = c as u32;
            let wide = matches!(u,
                0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
                | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
                | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6);
            if wide { 2 } else { 1 }
        })
        .sum()
}

/// Column alignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A table: a header, rows, an optional footer row under a rule.
#[derive(Debug, Default)]
pub struct Table {
    aligns: Vec<Align>,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    footer: Option<Vec<String>>,
}

impl Table {
    pub fn new(columns: &[(&str, Align)]) -> Table {
        Table {
            aligns: columns.iter().map(|c| c.1).collect(),
            header: columns.iter().map(|c| c.0.to_owned()).collect(),
            ..Table::default()
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn footer(&mut self, cells: Vec<String>) {
        self.footer = Some(cells);
    }

    /// The table as text, lines ending in `\n`.
    pub fn render(&self) -> String {
        let all = std::iter::once(&self.header).chain(&self.rows).chain(self.footer.as_ref());
        let mut widths = vec![0; self.header.len()];
        for r in all {
            for (w, c) in widths.iter_mut().zip(r) {
                *w = (*w).max(width(c));
            }
        }
        let line = |cells: &[String]| {
            let mut s = String::new();
            for (i, c) in cells.iter().enumerate() {
                let pad = " ".repeat(widths[i].saturating_sub(width(c)));
                if i > 0 {
                    s.push_str("  ");
                }
                match self.aligns[i] {
                    Align::Left => {
                        s.push_str(c);
                        if i + 1 < cells.len() {
                            s.push_str(&pad);
                        }
                    }
                    Align::Right => {
                        s.push_str(&pad);
                        s.push_str(c);
                    }
                }
            }
            s.push('\n');
            s
        };
        let rule = "-".repeat(widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1));
        let mut out = line(&self.header);
        out.push_str(&rule);
        out.push('\n');
        for r in &self.rows {
            out.push_str(&line(r));
        }
        if let Some(f) = &self.footer {
            out.push_str(&rule);
            out.push('\n');
            out.push_str(&line(f));
        }
        out
    }
}

/// `1,234,567`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `532 B`, `12.3 KB`, `4.5 MB`, `1.2 GB` (powers of 1024).
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut v = n as f64 / 1024.0;
    let mut unit = 0;
    while v >= 1024.0 && unit + 1 < UNITS.len() {
        v /= 1024.0;
        unit += 1;
    }
    format!("{v:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_numbers_and_alignment() {
        assert_eq!(width("订单报表-a.csv"), 4 * 2 + 6);
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(bytes(532), "532 B");
        assert_eq!(bytes(1536), "1.5 KB");
        assert_eq!(bytes(5 * 1024 * 1024), "5.0 MB");
        let mut t = Table::new(&[("file", Align::Left), ("rows", Align::Right)]);
        t.row(vec!["名单.csv".into(), "3".into()]);
        t.row(vec!["a".into(), "1,000".into()]);
        let s = t.render();
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines[2], "名单.csv      3");
        assert_eq!(lines[3], "a         1,000");
        assert_eq!(width(lines[2]), width(lines[3]));
    }
}
