//! Chat traffic: when buyers write (hour-of-day curve, weekday and promotion effects) and how
//! the message volume of the period is spread over its days.

use chrono::{Datelike, NaiveDate, Weekday};

use super::util::{Rng, between, cumulative, weighted};
use crate::Ts;

/// Relative arrivals per hour of day: the night is quiet, peaks at 10–12, 14–16 and 20–23.
pub(crate) const HOURLY: [f64; 24] = [
    0.9, 0.45, 0.22, 0.12, 0.1, 0.14, 0.3, 0.75, 2.0, 3.6, 5.6, 5.9, 4.6, 4.7, 5.4, 5.6, 4.7, 3.9, 3.6, 4.3,
    5.7, 6.1, 5.7, 3.4,
];

/// The hourly weight above which the shop counts as busy (auto-replies, slower answers).
pub(crate) const PEAK: f64 = 4.5;

/// Natural messages per agent on an ordinary weekday.
pub(crate) const MESSAGES_PER_AGENT_DAY: f64 = 212.0;

/// Promotion multiplier of a day: 双11 (×3), its run-up 11-01..11-10 (×1.3), the day after,
/// 618 and 双12.
pub(crate) fn promo(date: NaiveDate) -> f64 {
    match (date.month(), date.day()) {
        (11, 11) => 3.0,
        (11, 12) => 1.5,
        (11, 1..=10) => 1.3,
        (6, 18) => 2.4,
        (6, 1..=17) => 1.15,
        (12, 12) => 1.8,
        _ => 1.0,
    }
}

/// Relative traffic of a whole day.
pub(crate) fn day_weight(date: NaiveDate) -> f64 {
    let wd = match date.weekday() {
        Weekday::Fri => 1.04,
        Weekday::Sat => 1.12,
        Weekday::Sun => 1.18,
        _ => 1.0,
    };
    wd * promo(date)
}

/// Per-day arrival curves and message budgets.
pub(crate) struct Traffic {
    pub day0: Ts,
    /// Day weight (busy factor) per day.
    pub weight: Vec<f64>,
    /// Messages to generate per day.
    pub budget: Vec<u64>,
    /// Cumulative hourly curve per day.
    cum: Vec<Vec<f64>>,
}

impl Traffic {
    /// `total`: the wanted number of messages, or `None` for the natural volume of `agents`.
    pub fn new(start: NaiveDate, days: u32, agents: usize, total: Option<u64>) -> Traffic {
        let dates: Vec<NaiveDate> = (0..days).map(|d| start + chrono::Duration::days(d as i64)).collect();
        let weight: Vec<f64> = dates.iter().map(|&d| day_weight(d)).collect();
        let sum: f64 = weight.iter().sum::<f64>().max(1e-9);
        let total =
            total.unwrap_or_else(|| (agents as f64 * MESSAGES_PER_AGENT_DAY * sum).round() as u64) as f64;
        let budget = weight.iter().map(|w| (total * w / sum).round() as u64).collect();
        let cum = dates
            .iter()
            .map(|d| {
                let mut h = HOURLY;
                if promo(*d) >= 3.0 {
                    // 双11 starts at midnight.
                    h[0] = 7.0;
                    h[1] = 3.5;
                    h[2] = 1.2;
                }
                cumulative(&h)
            })
            .collect();
        Traffic { day0: Ts::from_date(start), weight, budget, cum }
    }

    /// A random instant of day `d` following its hourly curve.
    pub fn time_on(&self, rng: &mut Rng, d: usize) -> Ts {
        let h = weighted(rng, &self.cum[d.min(self.cum.len().saturating_sub(1))]) as i64;
        self.day0.plus(d as i64 * Ts::DAY + h * 3600 + between(rng, 0, 3599))
    }

    /// The first instant at or after `t` that looks like a time a buyer would write: a random
    /// time of the same day by the hourly curve, moved to the next day when it is earlier.
    pub fn daytime_after(&self, rng: &mut Rng, t: Ts) -> Ts {
        let d = (t.0 - self.day0.0).div_euclid(Ts::DAY);
        let h = weighted(rng, &self.cum[(d.max(0) as usize).min(self.cum.len().saturating_sub(1))]) as i64;
        let mut x = Ts::from_date(t.date()).plus(h * 3600 + between(rng, 0, 3599));
        if x < t {
            x = x.plus(Ts::DAY);
        }
        x
    }

    /// Busy factor at `t` for reply delays: 1 at quiet hours, up to ~2 at 双11 peaks.
    pub fn load(&self, t: Ts) -> f64 {
        let d = (t.0 - self.day0.0).div_euclid(Ts::DAY);
        let w = if d >= 0 { self.weight.get(d as usize).copied().unwrap_or(1.0) } else { 1.0 };
        1.0 + 0.35 * HOURLY[t.hour() as usize] / 6.0 + 0.22 * (w - 1.0).clamp(0.0, 2.0)
    }

    pub fn is_peak(&self, t: Ts) -> bool {
        HOURLY[t.hour() as usize] >= PEAK || self.load(t) > 1.5
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budgets_add_up_and_promotions_weigh_more() {
        let start = NaiveDate::from_ymd_opt(2026, 10, 19).unwrap();
        let t = Traffic::new(start, 28, 14, Some(1_000_000));
        let sum: u64 = t.budget.iter().sum();
        assert!((999_950..=1_000_050).contains(&sum));
        let d11 = (NaiveDate::from_ymd_opt(2026, 11, 11).unwrap() - start).num_days() as usize;
        assert!(t.budget[d11] > 2 * t.budget[0]);
        let natural = Traffic::new(start, 28, 14, None);
        let n: u64 = natural.budget.iter().sum();
        assert!((80_000..=120_000).contains(&n), "{n}");
    }
}
