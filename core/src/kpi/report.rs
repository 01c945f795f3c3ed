//! 日报/周报/月报 data: headline KPIs with the change against the previous period, the
//! per-agent table, and the chart series (daily trend, per-agent bars, response-time
//! histogram, enquiries by weekday × hour). Rendering is [`super::svg`]'s (charts) and the
//! app's (layout); this module only computes.

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::index::{HIST_EDGES, KpiIndex};
use super::metric::Kpi;
use super::query::{Figure, GroupBy, KpiTable, QaInput, Scope, Value};
use crate::Lang;
use crate::model::Period;

/// Which report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    Daily,
    Weekly,
    Monthly,
    Custom,
}

impl ReportKind {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ReportKind::Daily => lang.pick("日报", "Daily report"),
            ReportKind::Weekly => lang.pick("周报", "Weekly report"),
            ReportKind::Monthly => lang.pick("月报", "Monthly report"),
            ReportKind::Custom => lang.pick("报表", "Report"),
        }
    }

    /// The period of this kind that contains `day` (weeks start on Monday).
    pub fn period_of(self, day: NaiveDate) -> Period {
        match self {
            ReportKind::Daily | ReportKind::Custom => Period { from: day, to: day },
            ReportKind::Weekly => {
                let from = day - Duration::days(day.weekday().num_days_from_monday() as i64);
                Period { from, to: from + Duration::days(6) }
            }
            ReportKind::Monthly => {
                let from = day.with_day(1).unwrap_or(day);
                Period { from, to: last_of_month(from) }
            }
        }
    }
}

fn last_of_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 { (d.year() + 1, 1) } else { (d.year(), d.month() + 1) };
    NaiveDate::from_ymd_opt(y, m, 1).map(|n| n - Duration::days(1)).unwrap_or(d)
}

/// The period a report compares with: the previous calendar month for a whole month, else the
/// same number of days just before.
pub fn previous_period(p: &Period) -> Period {
    let whole_month = p.from.day() == 1 && p.to == last_of_month(p.from);
    if whole_month {
        let to = p.from - Duration::days(1);
        return Period { from: to.with_day(1).unwrap_or(to), to };
    }
    let n = p.days();
    Period { from: p.from - Duration::days(n), to: p.from - Duration::days(1) }
}

/// The headline KPIs by default.
pub const HEADLINE: [Kpi; 12] = [
    Kpi::Consulted,
    Kpi::Received,
    Kpi::Enquiries,
    Kpi::Conversion,
    Kpi::Sales,
    Kpi::AvgOrderValue,
    Kpi::FirstResponse,
    Kpi::AvgResponse,
    Kpi::ReplyRate,
    Kpi::FastReplyRate,
    Kpi::RefundRate,
    Kpi::GoodReviewRate,
];

/// What to report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportSpec {
    pub kind: ReportKind,
    pub period: Period,
    pub scope: Scope,
    pub headline: Vec<Kpi>,
    /// KPIs drawn as daily trend lines.
    pub trend: Vec<Kpi>,
    /// KPIs drawn as per-agent bars.
    pub bars: Vec<Kpi>,
}

impl Default for ReportSpec {
    fn default() -> Self {
        let d = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
        ReportSpec {
            kind: ReportKind::Weekly,
            period: Period { from: d, to: d },
            scope: Scope::Shop(None),
            headline: HEADLINE.to_vec(),
            trend: vec![Kpi::Enquiries, Kpi::Conversion, Kpi::Sales, Kpi::AvgResponse],
            bars: vec![Kpi::Sales, Kpi::Conversion, Kpi::AvgResponse],
        }
    }
}

/// A headline KPI now and before.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Headline {
    pub kpi: Kpi,
    pub name: String,
    pub current: Figure,
    pub previous: Figure,
    /// Current − previous, in the KPI's unit (yuan for money).
    pub change: Option<f64>,
    /// Relative change (0.1 = +10%), when the previous value is not 0.
    pub change_pct: Option<f64>,
    /// Whether the change is for the better (by the KPI's direction); `None` when unchanged.
    pub better: Option<bool>,
}

/// A named series of values over labelled points.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub kpi: Kpi,
    pub name: String,
    pub points: Vec<(String, Option<f64>)>,
}

/// Everything a 日报/周报/月报 shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportData {
    pub kind: ReportKind,
    pub title: String,
    pub scope: String,
    pub period: Period,
    pub previous: Period,
    pub headline: Vec<Headline>,
    /// One row per agent (sortable with [`KpiTable::sort_by`]) and the scope's total.
    pub table: KpiTable,
    pub trend: Vec<Series>,
    pub bars: Vec<Series>,
    /// Response-time histogram: bin label and answered rounds.
    pub response_hist: Vec<(String, u64)>,
    /// Enquiries by weekday (Monday first) × hour of the first buyer line.
    pub heat: Vec<[u32; 24]>,
    /// Whether any figure shown is provisional.
    pub provisional: bool,
}

/// Labels of the response-time histogram bins (`≤10秒`, …, `>600秒`).
pub fn hist_labels(lang: Lang) -> Vec<String> {
    let s = lang.pick("秒", "s");
    let mut v: Vec<String> = HIST_EDGES.iter().map(|e| format!("≤{e}{s}")).collect();
    v.push(format!(">{}{s}", HIST_EDGES[HIST_EDGES.len() - 1]));
    v
}

/// `kpis` of row `now` against row `before` (the same scope over two periods), with the change
/// and whether it is for the better (KPIs missing from either row are left out). The reports
/// and the weekly meeting sheet both head with these.
pub fn headlines(now: &super::KpiRow, before: &super::KpiRow, kpis: &[Kpi], lang: Lang) -> Vec<Headline> {
    kpis.iter()
        .filter_map(|&k| {
            let current = now.get(k)?.clone();
            let previous = before.get(k)?.clone();
            let (a, b) = (current.value.map(Value::as_f64), previous.value.map(Value::as_f64));
            let change = a.zip(b).map(|(a, b)| a - b);
            let change_pct = a.zip(b).and_then(|(a, b)| (b != 0.0).then(|| (a - b) / b.abs()));
            let better = change.and_then(|c| (c.abs() > 1e-12).then(|| (c > 0.0) == k.higher_is_better()));
            Some(Headline {
                kpi: k,
                name: k.name(lang).into(),
                current,
                previous,
                change,
                change_pct,
                better,
            })
        })
        .collect()
}

/// Computes a report.
pub fn report(index: &KpiIndex, spec: &ReportSpec, qa: Option<&QaInput>, lang: Lang) -> ReportData {
    let prev = previous_period(&spec.period);
    let now_row = index.row(&spec.scope, &spec.period, qa, lang);
    let headline = headlines(&now_row, &index.row(&spec.scope, &prev, qa, lang), &spec.headline, lang);
    let table = index.table(&spec.period, GroupBy::Agent, Some(&spec.scope), qa, lang);
    let days = KpiIndex::slices(&spec.period, GroupBy::Day);
    let day_rows: Vec<_> = days.iter().map(|p| index.row(&spec.scope, p, qa, lang)).collect();
    let trend = spec
        .trend
        .iter()
        .map(|&k| Series {
            kpi: k,
            name: k.name(lang).into(),
            points: days
                .iter()
                .zip(&day_rows)
                .map(|(p, r)| {
                    (format!("{:02}-{:02}", p.from.month(), p.from.day()), r.value(k).map(Value::as_f64))
                })
                .collect(),
        })
        .collect();
    let bars = spec
        .bars
        .iter()
        .map(|&k| Series {
            kpi: k,
            name: k.name(lang).into(),
            points: table.rows.iter().map(|r| (r.label.clone(), r.value(k).map(Value::as_f64))).collect(),
        })
        .collect();
    let cell = index.sum(&spec.scope, &spec.period);
    let response_hist = hist_labels(lang).into_iter().zip(cell.hist.iter().map(|&x| x as u64)).collect();
    let mut heat = vec![[0u32; 24]; 7];
    for d in index.day_range(&spec.period) {
        let Some(date) = index.day0.map(|d0| d0 + Duration::days(d as i64)) else { continue };
        let w = date.weekday().num_days_from_monday() as usize;
        for row in index.rows_of(&spec.scope) {
            let c = index.cell(row, d);
            for (acc, x) in heat[w].iter_mut().zip(c.hours) {
                *acc += x;
            }
        }
    }
    let provisional = now_row.figures.iter().any(|f| f.provisional && f.value.is_some());
    ReportData {
        kind: spec.kind,
        title: format!("{} {}", spec.kind.label(lang), spec.period.zh_range()),
        scope: index.scope_label(&spec.scope, lang),
        period: spec.period,
        previous: prev,
        headline,
        table,
        trend,
        bars,
        response_hist,
        heat,
        provisional,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn previous_periods() {
        let d = |m, x| NaiveDate::from_ymd_opt(2026, m, x).unwrap();
        assert_eq!(
            previous_period(&Period { from: d(11, 1), to: d(11, 30) }),
            Period { from: d(10, 1), to: d(10, 31) }
        );
        assert_eq!(
            previous_period(&Period { from: d(11, 2), to: d(11, 8) }),
            Period { from: d(10, 26), to: d(11, 1) }
        );
        assert_eq!(
            previous_period(&Period { from: d(3, 1), to: d(3, 1) }),
            Period { from: d(2, 28), to: d(2, 28) }
        );
        assert_eq!(ReportKind::Weekly.period_of(d(11, 5)), Period { from: d(11, 2), to: d(11, 8) });
        assert_eq!(ReportKind::Monthly.period_of(d(2, 14)), Period { from: d(2, 1), to: d(2, 28) });
    }
}
