//! Print-safe SVG line charts for the roster page: series told apart by dash pattern as
//! well as colour, so the forecast, staffing and coverage charts read in black and white.

use chrono::{Duration, NaiveDate};
use leptos::prelude::*;

use super::PER_DAY;

/// One line of a chart: values (gaps as `None`), a CSS class (colour and dash pattern, so
/// the chart reads in black and white) and a legend label.
pub(super) struct Series {
    pub(super) values: Vec<Option<f64>>,
    pub(super) class: &'static str,
    pub(super) label: String,
}

/// A print-safe SVG line chart. `step`: draw each value as a flat step (per-interval figures).
pub(super) fn line_chart(
    id: &'static str,
    series: Vec<Series>,
    ticks: Vec<(usize, String)>,
    step: bool,
) -> AnyView {
    let (w, h, l, r, t, b) = (960.0f64, 230.0f64, 44.0f64, 12.0f64, 10.0f64, 26.0f64);
    let n = series.iter().map(|s| s.values.len()).max().unwrap_or(0).max(2);
    let max = series.iter().flat_map(|s| s.values.iter().flatten()).fold(0.0f64, |a, v| a.max(*v));
    let ymax = nice_max(max);
    let span = if step { n as f64 } else { (n - 1) as f64 };
    let x = move |i: f64| l + (w - l - r) * i / span;
    let y = move |v: f64| t + (h - t - b) * (1.0 - v / ymax);
    let grid = [0.0, 0.5, 1.0]
        .into_iter()
        .map(|f| {
            let v = ymax * f;
            let yy = y(v);
            let label = if ymax >= 10.0 { format!("{v:.0}") } else { format!("{v:.1}") };
            view! {
                <line class="grid" x1=l x2=w - r y1=yy y2=yy/>
                <text class="axis" x=l - 4.0 y=yy + 4.0 text-anchor="end">{label}</text>
            }
        })
        .collect::<Vec<_>>();
    let tick_views = ticks
        .into_iter()
        .map(|(i, label)| {
            let xx = x(i as f64);
            view! {
                <line class="tick" x1=xx x2=xx y1=t y2=h - b/>
                <text class="axis" x=xx + 3.0 y=h - 8.0>{label}</text>
            }
        })
        .collect::<Vec<_>>();
    let mut lines = Vec::new();
    for s in &series {
        let mut pts = String::new();
        let mut flush = |pts: &mut String| {
            if !pts.is_empty() {
                lines
                    .push(view! { <polyline class=format!("line {}", s.class) points=std::mem::take(pts)/> });
            }
        };
        for (i, v) in s.values.iter().enumerate() {
            match v {
                Some(v) => {
                    let yy = y(*v);
                    if step {
                        pts.push_str(&format!(
                            "{:.1},{:.1} {:.1},{:.1} ",
                            x(i as f64),
                            yy,
                            x(i as f64 + 1.0),
                            yy
                        ));
                    } else {
                        pts.push_str(&format!("{:.1},{:.1} ", x(i as f64), yy));
                    }
                }
                None => flush(&mut pts),
            }
        }
        flush(&mut pts);
    }
    let legend = series
        .iter()
        .map(|s| {
            view! {
                <span class="legend-item">
                    <svg class="legend-swatch" viewBox="0 0 30 10" width="30" height="10" aria-hidden="true">
                        <line class=format!("line {}", s.class) x1="0" x2="30" y1="5" y2="5"/>
                    </svg>
                    {s.label.clone()}
                </span>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <div class="chart-wrap">
            <svg class="chart" id=id viewBox=format!("0 0 {w} {h}") role="img">
                {grid}{tick_views}{lines}
            </svg>
            <div class="legend">{legend}</div>
        </div>
    }
    .into_any()
}

pub(super) fn nice_max(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let mag = 10f64.powf(max.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if max <= m * mag {
            return m * mag;
        }
    }
    10.0 * mag
}

pub(super) fn day_ticks(start: NaiveDate, days: usize, offset: usize) -> Vec<(usize, String)> {
    (0..days).map(|d| (offset + d * PER_DAY, short_date(start + Duration::days(d as i64)))).collect()
}

fn short_date(d: NaiveDate) -> String {
    d.format("%m/%d").to_string()
}
