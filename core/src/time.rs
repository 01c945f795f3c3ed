//! Time stamps and money as the back-office exports mean them.
//!
//! Every export from Taobao/Tmall, JD, Pinduoduo and Douyin writes naive local times in
//! China Standard Time, so [`Ts`] is a count of seconds of *local* wall-clock time since
//! 1970-01-01 00:00:00, with no time zone attached. Amounts are integer fen in [`Money`], so
//! sums are exact to the cent.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A local wall-clock instant, in seconds since 1970-01-01 00:00:00 local time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Ts(pub i64);

const EPOCH: NaiveDate = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");

impl Ts {
    pub const DAY: i64 = 86_400;

    pub fn from_datetime(dt: NaiveDateTime) -> Ts {
        Ts(dt.and_utc().timestamp())
    }

    /// Midnight at the start of `date`.
    pub fn from_date(date: NaiveDate) -> Ts {
        Ts(date.signed_duration_since(EPOCH).num_days() * Self::DAY)
    }

    pub fn from_ymd_hms(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Option<Ts> {
        let date = NaiveDate::from_ymd_opt(y, mo, d)?;
        let time = NaiveTime::from_hms_opt(h, mi, s)?;
        Some(Ts::from_datetime(date.and_time(time)))
    }

    pub fn datetime(self) -> NaiveDateTime {
        chrono::DateTime::from_timestamp(self.0, 0).map(|d| d.naive_utc()).unwrap_or_default()
    }

    pub fn date(self) -> NaiveDate {
        EPOCH + chrono::Duration::days(self.0.div_euclid(Self::DAY))
    }

    /// Seconds since local midnight.
    pub fn second_of_day(self) -> u32 {
        self.0.rem_euclid(Self::DAY) as u32
    }

    pub fn hour(self) -> u32 {
        self.second_of_day() / 3600
    }

    pub fn weekday(self) -> Weekday {
        self.date().weekday()
    }

    pub fn plus(self, secs: i64) -> Ts {
        Ts(self.0 + secs)
    }

    /// `2026-10-19 09:05:03`, the form most exports use.
    pub fn iso(self) -> String {
        let d = self.datetime();
        format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
            d.year(),
            d.month(),
            d.day(),
            d.hour(),
            d.minute(),
            d.second()
        )
    }
}

impl fmt::Display for Ts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

/// An amount in fen (分, 1/100 yuan). Exact; never a float.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Money(pub i64);

impl Money {
    pub const ZERO: Money = Money(0);

    pub fn yuan(y: i64) -> Money {
        Money(y * 100)
    }

    pub fn fen(self) -> i64 {
        self.0
    }

    /// `128.50` — two decimals, no currency sign, the way exports write amounts.
    pub fn plain(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", a / 100, a % 100)
    }
}

impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, o: Money) -> Money {
        Money(self.0 + o.0)
    }
}

impl std::ops::AddAssign for Money {
    fn add_assign(&mut self, o: Money) {
        self.0 += o.0;
    }
}

impl std::ops::Sub for Money {
    type Output = Money;
    fn sub(self, o: Money) -> Money {
        Money(self.0 - o.0)
    }
}

impl std::ops::Mul<i64> for Money {
    type Output = Money;
    fn mul(self, k: i64) -> Money {
        Money(self.0 * k)
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        Money(iter.map(|m| m.0).sum())
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.plain())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ts_round_trips_dates_and_times() {
        let t = Ts::from_ymd_hms(2026, 11, 11, 23, 59, 58).unwrap();
        assert_eq!(t.iso(), "2026-11-11 23:59:58");
        assert_eq!(t.date(), NaiveDate::from_ymd_opt(2026, 11, 11).unwrap());
        assert_eq!(t.hour(), 23);
        assert_eq!(t.weekday(), Weekday::Wed);
        assert_eq!(Ts::from_date(t.date()).plus(86_398), t);
    }

    #[test]
    fn ts_before_epoch_keeps_the_right_day() {
        let t = Ts::from_ymd_hms(1969, 12, 31, 23, 0, 0).unwrap();
        assert_eq!(t.date(), NaiveDate::from_ymd_opt(1969, 12, 31).unwrap());
        assert_eq!(t.hour(), 23);
    }

    #[test]
    fn money_prints_exact_cents() {
        assert_eq!(Money(12850).plain(), "128.50");
        assert_eq!(Money(-5).plain(), "-0.05");
        assert_eq!(Money::yuan(3) + Money(7), Money(307));
    }
}
