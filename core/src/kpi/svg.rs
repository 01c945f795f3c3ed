//! Charts as SVG text, pure functions shared by the screen and print: line charts (trend),
//! horizontal bars (per agent), a histogram (response times) and a weekday × hour heat map.
//!
//! Print-safe: black strokes on white, series told apart by dash pattern and marker (not by
//! colour), grey fills, every bar and heat-map cell carrying its number, system CJK fonts.
//! All text is XML-escaped. Sizes are in user units with a `viewBox`, so the page scales them.

use std::fmt::Write as _;

use super::metric::Unit;
use super::report::Series;
use crate::Lang;

const FONT: &str = "font-family=\"'Noto Sans CJK SC','Microsoft YaHei','PingFang SC',sans-serif\"";
const DASHES: [&str; 4] = ["", "6 3", "2 3", "8 3 2 3"];

/// Escapes text for SVG/XML content and attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// A number as the axis shows it.
pub fn tick(v: f64, unit: Unit) -> String {
    match unit {
        Unit::Rate => format!("{:.0}%", v * 100.0),
        Unit::Money if v.abs() >= 10_000.0 => format!("{:.1}万", v / 10_000.0),
        Unit::Money | Unit::Count => format!("{v:.0}"),
        Unit::Seconds | Unit::Points => format!("{v:.0}"),
        Unit::Ratio | Unit::Stars => format!("{v:.2}"),
    }
}

fn open(w: f64, h: f64, title: &str) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" {FONT} font-size=\"11\"><title>{t}</title><rect width=\"{w}\" height=\"{h}\" fill=\"#fff\"/><text x=\"8\" y=\"16\" font-size=\"13\" font-weight=\"bold\">{t}</text>",
        t = escape(title)
    );
    s
}

/// A "nice" upper bound for an axis.
fn nice_max(v: f64) -> f64 {
    if v <= 0.0 || !v.is_finite() {
        return 1.0;
    }
    let p = 10f64.powf(v.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if v <= m * p {
            return m * p;
        }
    }
    10.0 * p
}

/// Line chart of one or more series over the same labelled points on a shared axis (draw KPIs
/// of different units in separate charts); missing values break the line.
pub fn line_chart(title: &str, series: &[Series], unit: Unit, lang: Lang) -> String {
    let (w, h) = (640.0, 260.0);
    let (l, r, t, b) = (52.0, 150.0, 28.0, 36.0);
    let pw = w - l - r;
    let ph = h - t - b;
    let mut s = open(w, h, title);
    let n = series.iter().map(|x| x.points.len()).max().unwrap_or(0);
    let maxv = nice_max(series.iter().flat_map(|x| x.points.iter().filter_map(|p| p.1)).fold(0.0, f64::max));
    for i in 0..=4 {
        let v = maxv * i as f64 / 4.0;
        let y = t + ph - ph * i as f64 / 4.0;
        let _ = write!(
            s,
            "<line x1=\"{l}\" y1=\"{y:.1}\" x2=\"{x2}\" y2=\"{y:.1}\" stroke=\"#ccc\" stroke-width=\"0.5\"/><text x=\"{tx}\" y=\"{ty:.1}\" text-anchor=\"end\">{v}</text>",
            x2 = l + pw,
            tx = l - 4.0,
            ty = y + 4.0,
            v = escape(&tick(v, unit))
        );
    }
    let _ = write!(
        s,
        "<line x1=\"{l}\" y1=\"{y}\" x2=\"{x2}\" y2=\"{y}\" stroke=\"#000\"/>",
        y = t + ph,
        x2 = l + pw
    );
    let x_of = |i: usize| if n <= 1 { l + pw / 2.0 } else { l + pw * i as f64 / (n - 1) as f64 };
    if let Some(first) = series.first() {
        let step = (n / 10).max(1);
        for (i, (label, _)) in first.points.iter().enumerate().filter(|(i, _)| i % step == 0) {
            let _ = write!(
                s,
                "<text x=\"{x:.1}\" y=\"{y}\" text-anchor=\"middle\">{}</text>",
                escape(label),
                x = x_of(i),
                y = t + ph + 14.0
            );
        }
    }
    for (si, se) in series.iter().enumerate() {
        let dash = DASHES[si % DASHES.len()];
        let mut d = String::new();
        let mut pen = false;
        for (i, (_, v)) in se.points.iter().enumerate() {
            match v {
                Some(v) => {
                    let y = t + ph - ph * (v / maxv).clamp(0.0, 1.2);
                    let _ = write!(d, "{}{:.1},{:.1} ", if pen { "L" } else { "M" }, x_of(i), y);
                    pen = true;
                    let _ = write!(s, "{}", marker(si, x_of(i), y));
                }
                None => pen = false,
            }
        }
        let _ = write!(
            s,
            "<path d=\"{}\" fill=\"none\" stroke=\"#000\" stroke-width=\"1.5\"{}/>",
            d.trim_end(),
            if dash.is_empty() { String::new() } else { format!(" stroke-dasharray=\"{dash}\"") }
        );
        let ly = t + 12.0 + si as f64 * 18.0;
        let lx = l + pw + 12.0;
        let _ = write!(
            s,
            "<line x1=\"{lx}\" y1=\"{ly}\" x2=\"{x2}\" y2=\"{ly}\" stroke=\"#000\" stroke-width=\"1.5\"{da}/>{m}<text x=\"{tx}\" y=\"{ty}\">{name}</text>",
            x2 = lx + 24.0,
            da = if dash.is_empty() { String::new() } else { format!(" stroke-dasharray=\"{dash}\"") },
            m = marker(si, lx + 12.0, ly),
            tx = lx + 30.0,
            ty = ly + 4.0,
            name = escape(&se.name)
        );
    }
    if n == 0 {
        let _ = write!(
            s,
            "<text x=\"{x}\" y=\"{y}\" text-anchor=\"middle\">{}</text>",
            escape(lang.pick("无数据", "No data")),
            x = l + pw / 2.0,
            y = t + ph / 2.0
        );
    }
    s.push_str("</svg>");
    s
}

fn marker(i: usize, x: f64, y: f64) -> String {
    match i % 4 {
        0 => format!("<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"2.5\" fill=\"#000\"/>"),
        1 => format!(
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"5\" height=\"5\" fill=\"#fff\" stroke=\"#000\"/>",
            x - 2.5,
            y - 2.5
        ),
        2 => format!("<path d=\"M{:.1},{:.1} l3,5 h-6 z\" fill=\"#000\"/>", x, y - 3.0),
        _ => format!("<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"2.5\" fill=\"#fff\" stroke=\"#000\"/>"),
    }
}

/// Horizontal bars, one per label, value printed at the end of each bar.
pub fn bar_chart(title: &str, bars: &[(String, Option<f64>)], unit: Unit, lang: Lang) -> String {
    let row = 18.0;
    let (l, r, t) = (150.0, 70.0, 28.0);
    let w = 640.0;
    let h = t + row * bars.len().max(1) as f64 + 12.0;
    let pw = w - l - r;
    let mut s = open(w, h, title);
    let maxv = nice_max(bars.iter().filter_map(|b| b.1).fold(0.0, f64::max));
    for (i, (label, v)) in bars.iter().enumerate() {
        let y = t + row * i as f64;
        let _ = write!(
            s,
            "<text x=\"{x}\" y=\"{ty:.1}\" text-anchor=\"end\">{}</text>",
            escape(label),
            x = l - 6.0,
            ty = y + 12.0
        );
        match v {
            Some(v) => {
                let bw = (pw * (v / maxv)).max(0.0);
                let _ = write!(
                    s,
                    "<rect x=\"{l}\" y=\"{y:.1}\" width=\"{bw:.1}\" height=\"{bh}\" fill=\"#999\" stroke=\"#000\" stroke-width=\"0.5\"/><text x=\"{tx:.1}\" y=\"{ty:.1}\">{}</text>",
                    escape(&super::query::Value::Num(*v).display(unit, lang)),
                    bh = row - 5.0,
                    tx = l + bw + 4.0,
                    ty = y + 12.0
                );
            }
            None => {
                let _ = write!(s, "<text x=\"{x}\" y=\"{ty:.1}\">—</text>", x = l + 4.0, ty = y + 12.0);
            }
        }
    }
    s.push_str("</svg>");
    s
}

/// A histogram of counts per labelled bin, counts printed above the columns.
pub fn histogram(title: &str, bins: &[(String, u64)]) -> String {
    let (w, h) = (640.0, 240.0);
    let (l, r, t, b) = (40.0, 12.0, 28.0, 36.0);
    let pw = w - l - r;
    let ph = h - t - b;
    let mut s = open(w, h, title);
    let maxv = nice_max(bins.iter().map(|b| b.1 as f64).fold(0.0, f64::max));
    let n = bins.len().max(1) as f64;
    let cw = pw / n;
    for (i, (label, c)) in bins.iter().enumerate() {
        let bh = ph * (*c as f64 / maxv);
        let x = l + cw * i as f64;
        let _ = write!(
            s,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{bh:.1}\" fill=\"#bbb\" stroke=\"#000\" stroke-width=\"0.5\"/><text x=\"{cx:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\">{c}</text><text x=\"{cx:.1}\" y=\"{ly:.1}\" text-anchor=\"middle\">{}</text>",
            x + 2.0,
            t + ph - bh,
            cw - 4.0,
            escape(label),
            cx = x + cw / 2.0,
            ty = t + ph - bh - 3.0,
            ly = t + ph + 14.0
        );
    }
    let _ = write!(
        s,
        "<line x1=\"{l}\" y1=\"{y}\" x2=\"{x2}\" y2=\"{y}\" stroke=\"#000\"/>",
        y = t + ph,
        x2 = l + pw
    );
    s.push_str("</svg>");
    s
}

/// Weekday (rows, Monday first) × hour (columns) heat map in grey levels, each cell with its count.
pub fn heat_map(title: &str, grid: &[[u32; 24]], lang: Lang) -> String {
    let days_zh = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
    let days_en = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let (l, t, cw, chh) = (40.0, 28.0, 24.0, 20.0);
    let w = l + cw * 24.0 + 8.0;
    let h = t + chh * 7.0 + 24.0;
    let mut s = open(w, h, title);
    let maxv = grid.iter().flat_map(|r| r.iter()).copied().max().unwrap_or(0).max(1) as f64;
    for (d, row) in grid.iter().take(7).enumerate() {
        let y = t + chh * d as f64;
        let label = if lang == Lang::Zh { days_zh[d] } else { days_en[d] };
        let _ = write!(
            s,
            "<text x=\"{x}\" y=\"{ty:.1}\" text-anchor=\"end\">{label}</text>",
            x = l - 4.0,
            ty = y + 14.0
        );
        for (hr, &c) in row.iter().enumerate() {
            let x = l + cw * hr as f64;
            let g = 255 - ((c as f64 / maxv) * 200.0) as u32;
            let ink = if g < 140 { "#fff" } else { "#000" };
            let _ = write!(
                s,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{cw}\" height=\"{chh}\" fill=\"rgb({g},{g},{g})\" stroke=\"#fff\" stroke-width=\"0.5\"/>"
            );
            if c > 0 {
                let _ = write!(
                    s,
                    "<text x=\"{tx:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\" font-size=\"9\" fill=\"{ink}\">{c}</text>",
                    tx = x + cw / 2.0,
                    ty = y + 13.0
                );
            }
        }
    }
    for hr in (0..24).step_by(2) {
        let _ = write!(
            s,
            "<text x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"middle\" font-size=\"9\">{hr}</text>",
            x = l + cw * hr as f64 + cw / 2.0,
            y = t + chh * 7.0 + 12.0
        );
    }
    s.push_str("</svg>");
    s
}

/// One rendered chart of a report.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Chart {
    pub title: String,
    pub svg: String,
}

/// Every chart of a report, in page order: one trend line per trend KPI (each KPI has its own
/// unit, so its own chart), one bar chart per bar KPI, the response-time histogram and the
/// enquiries heat map.
pub fn report_charts(r: &super::report::ReportData, lang: Lang) -> Vec<Chart> {
    let mut out = Vec::new();
    for se in &r.trend {
        let title = format!("{}{}", se.name, lang.pick("（按日）", " by day"));
        out.push(Chart { svg: line_chart(&title, std::slice::from_ref(se), se.kpi.unit(), lang), title });
    }
    for se in &r.bars {
        let title = format!("{}{}", se.name, lang.pick("（按客服）", " by agent"));
        out.push(Chart { svg: bar_chart(&title, &se.points, se.kpi.unit(), lang), title });
    }
    let title = lang.pick("响应时间分布（轮次）", "Response times (rounds)").to_owned();
    out.push(Chart { svg: histogram(&title, &r.response_hist), title });
    let title = lang.pick("询单热力图（星期 × 小时）", "Enquiries by weekday × hour").to_owned();
    out.push(Chart { svg: heat_map(&title, &r.heat, lang), title });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::Kpi;

    #[test]
    fn text_is_escaped_and_charts_are_well_formed() {
        assert_eq!(escape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&#39;");
        let se = Series {
            kpi: Kpi::Sales,
            name: "<script>".into(),
            points: vec![("11-02".into(), Some(1.0)), ("11-03".into(), None), ("11-04".into(), Some(3.0))],
        };
        let svg = line_chart("趋势 & <x>", &[se], Unit::Money, Lang::Zh);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(
            !svg.contains("<script>")
                && svg.contains("&lt;script&gt;")
                && svg.contains("趋势 &amp; &lt;x&gt;")
        );
        let bars = bar_chart("b", &[("小美".into(), Some(0.5)), ("阿杰".into(), None)], Unit::Rate, Lang::Zh);
        assert!(bars.contains("50.0%") && bars.contains("—"));
        let hist = histogram("h", &[("≤10秒".into(), 3), (">600秒".into(), 0)]);
        assert_eq!(hist.matches("<rect").count(), 3);
        let mut grid = vec![[0u32; 24]; 7];
        grid[2][10] = 5;
        let hm = heat_map("heat", &grid, Lang::En);
        assert!(hm.contains(">5</text>") && hm.contains("Wed"));
        for s in [&svg, &bars, &hist, &hm] {
            assert_eq!(s.matches("<svg").count(), 1);
            assert!(!s.contains("NaN") && !s.contains("inf"));
        }
    }
}
