//! Range queries over the index: figures per agent, team (role or named group) and shop for
//! any inclusive range of days, and tables grouped by agent, team, shop, day, week or month.
//! A query only adds pre-aggregated cells (agents × days), so re-ranging is cheap.

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::attendance::{AttendanceSummary, evaluate};
use super::index::{Cell, KpiIndex, Mode};
use super::metric::{Kpi, Unit};
use crate::model::{Period, Role};
use crate::{Lang, Money, Ts};

/// A value of a figure.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Value {
    Count(u64),
    Money(Money),
    /// Rates (fractions), seconds, ratios, points, stars.
    Num(f64),
}

impl Value {
    pub fn as_f64(self) -> f64 {
        match self {
            Value::Count(c) => c as f64,
            Value::Money(m) => m.fen() as f64 / 100.0,
            Value::Num(x) => x,
        }
    }

    /// As a plain cell for CSV: counts as integers, money with two decimals, rates as
    /// fractions with six decimals, seconds with one.
    pub fn plain(self, unit: Unit) -> String {
        match (self, unit) {
            (Value::Count(c), _) => c.to_string(),
            (Value::Money(m), _) => m.plain(),
            (Value::Num(x), Unit::Rate) => format!("{x:.6}"),
            (Value::Num(x), Unit::Seconds) => format!("{x:.1}"),
            (Value::Num(x), _) => format!("{x:.2}"),
        }
    }

    /// A numerator or denominator of a figure of `unit` as people read it: counts and money as
    /// usual, other sums (seconds, rounds, ratings) with two decimals, or none when whole.
    /// The KPI explanation and the manual's worked formulas both show parts this way.
    pub fn part_display(self, unit: Unit, lang: Lang) -> String {
        match self {
            Value::Num(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{x:.0}"),
            Value::Num(x) => format!("{x:.2}"),
            other => other.display(unit, lang),
        }
    }

    /// As people read it: `45.2%`, `¥1,234.50`, `12.3秒`/`12.3 s`, `1.25`.
    pub fn display(self, unit: Unit, lang: Lang) -> String {
        match (self, unit) {
            (Value::Count(c), _) => c.to_string(),
            (Value::Money(m), _) => format!("¥{}", m.plain()),
            (Value::Num(x), Unit::Rate) => format!("{:.1}%", x * 100.0),
            (Value::Num(x), Unit::Seconds) => format!("{x:.1}{}", lang.pick("秒", " s")),
            (Value::Num(x), Unit::Points) => format!("{x:.1}"),
            (Value::Num(x), _) => format!("{x:.2}"),
        }
    }
}

/// One KPI of one scope over one range.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub kpi: Kpi,
    /// `None`: not computable (no denominator, or not in the data imported).
    pub value: Option<Value>,
    pub num: Option<Value>,
    pub den: Option<Value>,
    /// Still inside its maturity window (payments or refunds may still come).
    pub provisional: bool,
}

impl Figure {
    /// The value as people read it, `—` when none, with `*` when provisional.
    pub fn display(&self, lang: Lang) -> String {
        let v = self.value.map(|v| v.display(self.kpi.unit(), lang)).unwrap_or_else(|| "—".into());
        if self.provisional && self.value.is_some() { format!("{v}*") } else { v }
    }
}

/// Who a figure is about.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// One agent, by sub-account.
    Agent(String),
    /// Every agent of a role (售前 / 售后 team); sums the members' figures.
    Role(Role),
    /// A named group of agents (sub-accounts); sums the members' figures.
    Group { name: String, members: Vec<String> },
    /// One shop by name, or all shops: each buyer counted once a day.
    Shop(Option<String>),
}

/// How a table's rows are cut.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    Agent,
    Role,
    Shop,
    Day,
    Week,
    Month,
}

impl GroupBy {
    pub fn from_key(s: &str) -> Option<GroupBy> {
        Some(match s {
            "agent" => GroupBy::Agent,
            "role" | "team" => GroupBy::Role,
            "shop" => GroupBy::Shop,
            "day" => GroupBy::Day,
            "week" => GroupBy::Week,
            "month" => GroupBy::Month,
            _ => return None,
        })
    }
}

/// QA results per agent, supplied by the QA module for the period being reported.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct QaScores {
    pub auto: Option<f64>,
    pub review: Option<f64>,
    pub critical: u32,
}

/// QA scores by sub-account.
pub type QaInput = HashMap<String, QaScores>;

/// One row of a KPI table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KpiRow {
    pub scope: Scope,
    pub label: String,
    pub period: Period,
    pub figures: Vec<Figure>,
}

impl KpiRow {
    pub fn get(&self, kpi: Kpi) -> Option<&Figure> {
        self.figures.iter().find(|f| f.kpi == kpi)
    }

    pub fn value(&self, kpi: Kpi) -> Option<Value> {
        self.get(kpi).and_then(|f| f.value)
    }
}

/// A KPI table: rows plus a total row over the same range.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KpiTable {
    pub period: Period,
    pub by: GroupBy,
    pub kpis: Vec<Kpi>,
    pub rows: Vec<KpiRow>,
    pub total: KpiRow,
}

impl KpiTable {
    /// Sorts rows by a KPI (missing values last), descending when `desc`.
    pub fn sort_by(&mut self, kpi: Kpi, desc: bool) {
        self.rows.sort_by(|a, b| {
            let (x, y) = (a.value(kpi).map(Value::as_f64), b.value(kpi).map(Value::as_f64));
            match (x, y) {
                (Some(x), Some(y)) => {
                    let o = x.partial_cmp(&y).unwrap_or(std::cmp::Ordering::Equal);
                    if desc { o.reverse() } else { o }
                }
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => a.label.cmp(&b.label),
            }
        });
    }
}

const SALES_FAMILY: [Kpi; 9] = [
    Kpi::EnquiryToOrder,
    Kpi::OrderToPay,
    Kpi::Conversion,
    Kpi::Sales,
    Kpi::SilentSales,
    Kpi::SalesShare,
    Kpi::AvgOrderValue,
    Kpi::ItemsPerBuyer,
    Kpi::AvgItemPrice,
];
const REFUND_FAMILY: [Kpi; 3] = [Kpi::RefundRate, Kpi::RefundAmount, Kpi::DisputeRate];
/// KPIs the per-agent stats files cannot give.
const NOT_IN_STATS: [Kpi; 14] = [
    Kpi::Messages,
    Kpi::EnquiryToOrder,
    Kpi::OrderToPay,
    Kpi::SilentSales,
    Kpi::FastReplyRate,
    Kpi::RefundRate,
    Kpi::RefundAmount,
    Kpi::DisputeRate,
    Kpi::Complaints,
    Kpi::ComplaintRate,
    Kpi::GoodReviewRate,
    Kpi::NeutralBadReviews,
    Kpi::DsrDescription,
    Kpi::DsrService,
];

/// Half-up division of fen by a count, exact to the cent.
pub fn div_money(fen: i64, n: u64) -> Money {
    let n = n as i64;
    let q = (2 * fen.abs() + n) / (2 * n);
    Money(if fen < 0 { -q } else { q })
}

fn rate(num: f64, den: f64) -> Option<f64> {
    (den > 0.0).then(|| num / den)
}

/// The kind of scope, once resolved to rows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Agents,
    Shop,
}

impl KpiIndex {
    /// The whole span of the index, if it has any days.
    pub fn span(&self) -> Option<Period> {
        let from = self.day0?;
        Some(Period { from, to: from + Duration::days(self.days.max(1) as i64 - 1) })
    }

    /// Day indices of `period` clipped to the index.
    pub(crate) fn day_range(&self, period: &Period) -> std::ops::Range<u32> {
        let Some(d0) = self.day0 else { return 0..0 };
        let a = (period.from - d0).num_days().clamp(0, self.days as i64) as u32;
        let b = ((period.to - d0).num_days() + 1).clamp(0, self.days as i64) as u32;
        a..b.max(a)
    }

    /// Agent ids of a scope, and whether it reads shop rows.
    fn members(&self, scope: &Scope) -> (Kind, Vec<u32>) {
        let by_account = |acc: &str| self.agents.iter().position(|a| a.account == acc).map(|i| i as u32);
        match scope {
            Scope::Agent(acc) => (Kind::Agents, by_account(acc).into_iter().collect()),
            Scope::Role(r) => (
                Kind::Agents,
                (0..self.agents.len() as u32)
                    .filter(|&i| self.agents[i as usize].role.unwrap_or(Role::PreSale) == *r)
                    .collect(),
            ),
            Scope::Group { members, .. } => {
                (Kind::Agents, members.iter().filter_map(|m| by_account(m)).collect())
            }
            Scope::Shop(name) => (
                Kind::Shop,
                (0..self.agents.len() as u32)
                    .filter(|&i| name.as_ref().is_none_or(|n| self.agents[i as usize].shop == *n))
                    .collect(),
            ),
        }
    }

    /// Shop ids of a shop scope.
    fn shop_ids(&self, name: &Option<String>) -> Vec<u32> {
        (0..self.shops.len() as u32)
            .filter(|&s| name.as_ref().is_none_or(|n| self.shops[s as usize] == *n))
            .collect()
    }

    /// Rows of `cells` a scope adds up.
    pub(crate) fn rows_of(&self, scope: &Scope) -> Vec<usize> {
        match scope {
            Scope::Shop(name) => self.shop_ids(name).into_iter().map(|s| self.shop_row(s)).collect(),
            _ => self.members(scope).1.into_iter().map(|a| self.agent_row(a)).collect(),
        }
    }

    /// The sum of a scope's cells over a range.
    pub fn sum(&self, scope: &Scope, period: &Period) -> Cell {
        let days = self.day_range(period);
        let mut c = Cell::default();
        for row in self.rows_of(scope) {
            for d in days.clone() {
                c.add(self.cell(row, d));
            }
        }
        c
    }

    /// The label people see for a scope.
    pub fn scope_label(&self, scope: &Scope, lang: Lang) -> String {
        match scope {
            Scope::Agent(acc) => acc.clone(),
            Scope::Role(r) => format!("{}{}", r.label(lang), lang.pick("组", " team")),
            Scope::Group { name, .. } => name.clone(),
            Scope::Shop(Some(s)) if !s.is_empty() => s.clone(),
            Scope::Shop(_) => lang.pick("全店", "All shops").into(),
        }
    }

    /// Whether a figure of `kpi` over a range ending `to` is still inside its maturity window.
    pub fn is_provisional(&self, kpi: Kpi, to: NaiveDate) -> bool {
        let att = &self.config.attribution;
        let days = if SALES_FAMILY.contains(&kpi) {
            att.order_window_days as i64 + att.pay_window_days as i64
        } else if REFUND_FAMILY.contains(&kpi) {
            self.config.refund_maturity_days as i64
        } else {
            return false;
        };
        self.now < Ts::from_date(to + Duration::days(days + 1))
    }

    /// Attendance of a scope's agents over a range, by the configured rule book.
    pub fn attendance_summary(&self, scope: &Scope, period: &Period) -> AttendanceSummary {
        let (_, members) = self.members(scope);
        let mut slot = vec![usize::MAX; self.agents.len()];
        for (i, &a) in members.iter().enumerate() {
            slot[a as usize] = i;
        }
        let mut by_member: Vec<Vec<&super::index::AttendanceFact>> = vec![Vec::new(); members.len()];
        for r in &self.attendance {
            if let Some(&i) = slot.get(r.agent as usize)
                && i != usize::MAX
            {
                by_member[i].push(r);
            }
        }
        let mut out = AttendanceSummary::default();
        for recs in by_member.iter().filter(|r| !r.is_empty()) {
            out.add(&evaluate(recs, &self.config.attendance, period.from, period.to));
        }
        out
    }

    /// Every KPI of one scope over one range. `qa`: scores from the QA module, if any.
    pub fn row(&self, scope: &Scope, period: &Period, qa: Option<&QaInput>, lang: Lang) -> KpiRow {
        let c = self.sum(scope, period);
        let (kind, members) = self.members(scope);
        let shop_total = if kind == Kind::Agents { Some(self.sum(&Scope::Shop(None), period)) } else { None };
        let att =
            if self.attendance.is_empty() { None } else { Some(self.attendance_summary(scope, period)) };
        let qa_scores: Vec<&QaScores> = match qa {
            Some(map) => members.iter().filter_map(|&a| map.get(&self.agents[a as usize].account)).collect(),
            None => Vec::new(),
        };
        let figures = Kpi::ALL
            .iter()
            .map(|&k| self.figure(k, &c, kind, shop_total.as_ref(), att.as_ref(), &qa_scores, period))
            .collect();
        KpiRow { scope: scope.clone(), label: self.scope_label(scope, lang), period: *period, figures }
    }

    #[allow(clippy::too_many_arguments)]
    fn figure(
        &self,
        kpi: Kpi,
        c: &Cell,
        kind: Kind,
        shop_total: Option<&Cell>,
        att: Option<&AttendanceSummary>,
        qa: &[&QaScores],
        period: &Period,
    ) -> Figure {
        use Value::{Count, Num};
        let m = |fen: i64| Value::Money(Money(fen));
        let cnt = |x: u32| Count(x as u64);
        let ratio = |n: f64, d: f64, nv: Value, dv: Value| (rate(n, d).map(Num), Some(nv), Some(dv));
        let r = |n: u32, d: u32| ratio(n as f64, d as f64, cnt(n), cnt(d));
        let rf = |n: f64, d: f64| ratio(n, d, Num(n), Num(d));
        let count = |x: u32| (Some(cnt(x)), Some(cnt(x)), None);
        let mean = |xs: Vec<f64>| {
            let n = xs.len();
            (n > 0).then(|| xs.iter().sum::<f64>() / n as f64)
        };
        let (value, num, den): (Option<Value>, Option<Value>, Option<Value>) = match kpi {
            Kpi::Consulted => count(c.consulted),
            Kpi::Received => count(c.received),
            Kpi::Enquiries => count(c.enquiries),
            Kpi::Messages => {
                (Some(cnt(c.buyer_msgs + c.agent_msgs)), Some(cnt(c.buyer_msgs)), Some(cnt(c.agent_msgs)))
            }
            Kpi::AnswerRatio => rf(c.ans_agent, c.ans_buyer),
            Kpi::EnquiryToOrder => r(c.enq_ordered, c.enquiries),
            Kpi::OrderToPay => r(c.enq_paid, c.enq_ordered),
            Kpi::Conversion => r(c.enq_paid, c.enquiries),
            Kpi::Sales => (Some(m(c.sales)), Some(m(c.sales)), None),
            Kpi::SilentSales => match kind {
                Kind::Shop => (Some(m(c.all_paid - c.sales)), Some(m(c.all_paid)), Some(m(c.sales))),
                Kind::Agents => (None, None, None),
            },
            Kpi::SalesShare => {
                let base = match (kind, shop_total) {
                    (Kind::Agents, Some(t)) => t.sales,
                    _ => c.all_paid,
                };
                (rate(c.sales as f64, base as f64).map(Num), Some(m(c.sales)), Some(m(base)))
            }
            Kpi::AvgOrderValue => (
                (c.paying_buyers > 0).then(|| Value::Money(div_money(c.sales, c.paying_buyers as u64))),
                Some(m(c.sales)),
                Some(cnt(c.paying_buyers)),
            ),
            Kpi::ItemsPerBuyer => (
                rate(c.items as f64, c.paying_buyers as f64).map(Num),
                Some(Count(c.items)),
                Some(cnt(c.paying_buyers)),
            ),
            Kpi::AvgItemPrice => (
                (c.items > 0).then(|| Value::Money(div_money(c.sales, c.items))),
                Some(m(c.sales)),
                Some(Count(c.items)),
            ),
            Kpi::FirstResponse => rf(c.first_sum, c.first_n),
            Kpi::AvgResponse => rf(c.resp_sum, c.resp_n),
            Kpi::SlowResponses => count(c.slow_visits),
            Kpi::FastReplyRate => r(c.metric_fast, c.metric_rounds),
            Kpi::ReplyRate => rf(c.reply_num, c.reply_den),
            Kpi::Satisfaction => rf(c.sat_num, c.sat_den),
            Kpi::RefundRate => r(c.refunds_ok, c.paid_orders),
            Kpi::RefundAmount => {
                (Some(m(c.refund_amount)), Some(m(c.refund_amount)), Some(cnt(c.refunds_ok)))
            }
            Kpi::DisputeRate => r(c.disputes, c.paid_orders),
            Kpi::Complaints => count(c.complaints),
            Kpi::ComplaintRate => r(c.complaints, c.received),
            Kpi::GoodReviewRate => r(c.good, c.reviews),
            Kpi::NeutralBadReviews => (Some(cnt(c.neutral + c.bad)), Some(cnt(c.neutral)), Some(cnt(c.bad))),
            Kpi::DsrDescription | Kpi::DsrService | Kpi::DsrLogistics => {
                let i = match kpi {
                    Kpi::DsrDescription => 0,
                    Kpi::DsrService => 1,
                    _ => 2,
                };
                r(c.dsr[i], c.dsr_n)
            }
            Kpi::QaAuto => (mean(qa.iter().filter_map(|q| q.auto).collect()).map(Num), None, None),
            Kpi::QaReview => (mean(qa.iter().filter_map(|q| q.review).collect()).map(Num), None, None),
            Kpi::QaCritical => {
                if qa.is_empty() {
                    (None, None, None)
                } else {
                    count(qa.iter().map(|q| q.critical).sum())
                }
            }
            Kpi::Lates => att.map_or((None, None, None), |a| count(a.lates)),
            Kpi::Absences => att.map_or((None, None, None), |a| {
                (
                    Some(cnt(a.absences + a.converted_absences)),
                    Some(cnt(a.absences)),
                    Some(cnt(a.converted_absences)),
                )
            }),
            Kpi::AttendancePenalty => att.map_or((None, None, None), |a| (Some(Num(a.penalty)), None, None)),
        };
        let unavailable = match self.mode {
            Mode::Empty => {
                !matches!(kpi.group(), super::metric::Group::Qa | super::metric::Group::Attendance)
            }
            Mode::Stats => NOT_IN_STATS.contains(&kpi) || kpi == Kpi::DsrLogistics,
            Mode::Raw => false,
        };
        let value = if unavailable { None } else { value };
        let provisional = self.is_provisional(kpi, period.to)
            || (self.mode == Mode::Stats && c.pending > 0 && SALES_FAMILY.contains(&kpi));
        Figure { kpi, value, num, den, provisional }
    }

    /// Scopes of the rows of a table grouped by agent, role or shop.
    pub fn scopes(&self, by: GroupBy) -> Vec<Scope> {
        match by {
            GroupBy::Agent => self.agents.iter().map(|a| Scope::Agent(a.account.clone())).collect(),
            GroupBy::Role => Role::ALL.iter().map(|&r| Scope::Role(r)).collect(),
            GroupBy::Shop => self.shops.iter().map(|s| Scope::Shop(Some(s.clone()))).collect(),
            GroupBy::Day | GroupBy::Week | GroupBy::Month => vec![Scope::Shop(None)],
        }
    }

    /// Sub-periods of `period` for a time grouping (weeks start on Monday; partial at ends).
    pub fn slices(period: &Period, by: GroupBy) -> Vec<Period> {
        let mut out = Vec::new();
        let mut d = period.from;
        while d <= period.to {
            let end = match by {
                GroupBy::Week => d + Duration::days(6 - d.weekday().num_days_from_monday() as i64),
                GroupBy::Month => {
                    let (y, m) = if d.month() == 12 { (d.year() + 1, 1) } else { (d.year(), d.month() + 1) };
                    NaiveDate::from_ymd_opt(y, m, 1).map(|n| n - Duration::days(1)).unwrap_or(d)
                }
                _ => d,
            }
            .min(period.to);
            out.push(Period { from: d, to: end });
            d = end + Duration::days(1);
        }
        out
    }

    /// A KPI table over `period`. Agent rows list agents with any activity in the range (or
    /// in the staff list); time groupings cut `scope` (default: all shops) by day/week/month.
    pub fn table(
        &self,
        period: &Period,
        by: GroupBy,
        scope: Option<&Scope>,
        qa: Option<&QaInput>,
        lang: Lang,
    ) -> KpiTable {
        let total_scope = scope.cloned().unwrap_or(Scope::Shop(None));
        let rows = match by {
            GroupBy::Day | GroupBy::Week | GroupBy::Month => Self::slices(period, by)
                .into_iter()
                .map(|p| {
                    let mut row = self.row(&total_scope, &p, qa, lang);
                    row.label = if p.from == p.to { p.from.to_string() } else { p.zh_range() };
                    row
                })
                .collect(),
            _ => {
                let days = self.day_range(period);
                self.scopes(by)
                    .into_iter()
                    .filter(|s| {
                        if let Scope::Agent(acc) = s {
                            let Some(a) = self.agents.iter().position(|x| &x.account == acc) else {
                                return false;
                            };
                            let staff = self.agents[a].role.is_some();
                            staff || days.clone().any(|d| self.cell(a, d) != &Cell::default())
                        } else {
                            true
                        }
                    })
                    .map(|s| self.row(&s, period, qa, lang))
                    .collect()
            }
        };
        KpiTable {
            period: *period,
            by,
            kpis: Kpi::ALL.to_vec(),
            rows,
            total: self.row(&total_scope, period, qa, lang),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_division_rounds_half_up_to_the_cent() {
        assert_eq!(div_money(1000, 3), Money(333));
        assert_eq!(div_money(1001, 2), Money(501));
        assert_eq!(div_money(-1001, 2), Money(-501));
    }

    #[test]
    fn parts_read_as_counts_money_or_sums() {
        let lang = Lang::Zh;
        assert_eq!(Value::Num(10688.0).part_display(Unit::Rate, lang), "10688");
        assert_eq!(Value::Num(376945.25).part_display(Unit::Seconds, lang), "376945.25");
        assert_eq!(Value::Count(11189).part_display(Unit::Seconds, lang), "11189");
        assert_eq!(Value::Money(Money(52668600)).part_display(Unit::Money, lang), "¥526686.00");
    }

    #[test]
    fn weeks_and_months_cut_a_range() {
        let d = |m, x| NaiveDate::from_ymd_opt(2026, m, x).unwrap();
        let p = Period { from: d(10, 28), to: d(11, 10) };
        let w = KpiIndex::slices(&p, GroupBy::Week);
        assert_eq!(w[0], Period { from: d(10, 28), to: d(11, 1) });
        assert_eq!(w.last().unwrap().to, d(11, 10));
        let m = KpiIndex::slices(&p, GroupBy::Month);
        assert_eq!(
            m,
            vec![Period { from: d(10, 28), to: d(10, 31) }, Period { from: d(11, 1), to: d(11, 10) }]
        );
    }
}
