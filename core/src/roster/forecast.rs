//! Demand forecast (话务预测): chats per interval over the planning horizon.
//!
//! Input is a count per interval of *new sessions* taken from a [`ChatLog`]: a buyer message
//! that opens a thread or follows 10 minutes or more of silence (the 快麦 session rule, domain
//! §2) starts one contact. Sessions, not messages or buyers, are what Erlang queues: a buyer
//! who comes back in the evening needs a second answer, while the 20 messages inside one
//! session are one handle time (AHT). Shop is kept so requirements can be split per shop.
//!
//! Method: level with linear trend × weekday factor × weekday-interval shape.
//! - Daily totals are divided by the user's multiplier for marked days (promotions, holidays),
//!   so a 双11 in the history does not inflate the baseline.
//! - Weekday factor = mean of the weekday's totals ÷ mean of all totals (after de-marking).
//! - Trend: least squares on de-seasonalised daily totals (can be switched off).
//! - Shape: per weekday, each interval's share of the day (falls back to the all-days shape
//!   for weekdays with fewer than two days of history).
//! - Forecast(d, i) = trend(d) × weekday(d) × shape(weekday(d), i) × multiplier(d), then manual
//!   overrides replace single intervals.
//!
//! Accuracy: the last `holdout_days` of history are held back, the model is fitted on the rest,
//! and MAPE over intervals with at least one actual chat (zeros would divide by zero) is
//! reported with the daily MAPE and the interval WAPE.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::Lang;
use crate::model::{ChatLog, MsgKind};

/// Chats per interval, day-major: `counts[day * per_day + interval]`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IntervalSeries {
    pub start: NaiveDate,
    pub interval_minutes: u32,
    pub counts: Vec<f64>,
}

impl IntervalSeries {
    pub fn per_day(&self) -> usize {
        (1440 / self.interval_minutes.max(1)) as usize
    }
    pub fn days(&self) -> usize {
        self.counts.len() / self.per_day().max(1)
    }
    pub fn date(&self, day: usize) -> NaiveDate {
        self.start + chrono::Duration::days(day as i64)
    }
    pub fn day(&self, day: usize) -> &[f64] {
        let p = self.per_day();
        &self.counts[day * p..(day + 1) * p]
    }
    /// Total over one day.
    pub fn day_total(&self, day: usize) -> f64 {
        self.day(day).iter().sum()
    }
}

/// A day the user marked (618, 双11, live-stream day, holiday) with its volume multiplier.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MarkedDay {
    pub date: NaiveDate,
    pub multiplier: f64,
    #[serde(default)]
    pub label: String,
}

/// A manual value for one interval of the forecast.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Override {
    pub date: NaiveDate,
    pub interval: u32,
    pub chats: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ForecastParams {
    pub holdout_days: u32,
    pub trend: bool,
    pub marked: Vec<MarkedDay>,
    pub overrides: Vec<Override>,
}

impl Default for ForecastParams {
    fn default() -> Self {
        ForecastParams { holdout_days: 7, trend: true, marked: Vec::new(), overrides: Vec::new() }
    }
}

/// Forecast accuracy on held-back history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Accuracy {
    pub days: u32,
    /// Mean absolute percentage error over intervals with actual > 0.
    pub mape: f64,
    /// Mean absolute percentage error of daily totals.
    pub daily_mape: f64,
    /// Σ|error| ÷ Σ actual over all intervals.
    pub wape: f64,
    /// What the model (fitted without them) predicted for the held-back days.
    pub predicted: IntervalSeries,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Forecast {
    pub series: IntervalSeries,
    pub accuracy: Option<Accuracy>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ForecastError {
    #[error(
        "历史数据不足：需要至少 7 天，现有 {0} 天；请导入更长时间的聊天记录 / need at least 7 days of history, got {0}; import a longer chat log"
    )]
    TooShort(usize),
    #[error("时段长度 {0} 分钟无效：须整除 1440 / interval of {0} minutes must divide 1440")]
    BadInterval(u32),
}

impl ForecastError {
    pub fn localize(&self, lang: Lang) -> String {
        match self {
            ForecastError::TooShort(n) => match lang {
                Lang::Zh => format!("历史数据不足：需要至少 7 天，现有 {n} 天；请导入更长时间的聊天记录"),
                Lang::En => format!("Need at least 7 days of history, got {n}; import a longer chat log"),
            },
            ForecastError::BadInterval(m) => match lang {
                Lang::Zh => format!("时段长度 {m} 分钟无效：须整除 1440"),
                Lang::En => format!("An interval of {m} minutes must divide 1440"),
            },
        }
    }
}

/// Counts new sessions per interval and shop from a chat log (see the module docs). Returns one
/// series per shop plus the total under the key `""`, all covering the same days (the log's
/// first to last day).
pub fn sessions_per_interval(
    log: &ChatLog,
    interval_minutes: u32,
    session_gap_secs: i64,
) -> Result<HashMap<String, IntervalSeries>, ForecastError> {
    if interval_minutes == 0 || 1440 % interval_minutes != 0 {
        return Err(ForecastError::BadInterval(interval_minutes));
    }
    let mut starts: Vec<(String, crate::Ts)> = Vec::new();
    for t in &log.threads {
        let mut last: Option<crate::Ts> = None;
        for m in &t.messages {
            let silent = last.is_none_or(|l| m.ts.0 - l.0 >= session_gap_secs);
            if m.kind == MsgKind::Buyer && silent {
                starts.push((t.shop.clone(), m.ts));
            }
            if !matches!(m.kind, MsgKind::System) {
                last = Some(m.ts);
            }
        }
    }
    let mut out = HashMap::new();
    let (Some(first), Some(lastd)) =
        (starts.iter().map(|s| s.1.date()).min(), starts.iter().map(|s| s.1.date()).max())
    else {
        return Ok(out);
    };
    let days = (lastd - first).num_days() as usize + 1;
    let per_day = (1440 / interval_minutes) as usize;
    let empty = IntervalSeries { start: first, interval_minutes, counts: vec![0.0; days * per_day] };
    for (shop, ts) in &starts {
        let day = (ts.date() - first).num_days() as usize;
        let slot = day * per_day + (ts.second_of_day() / 60 / interval_minutes) as usize;
        for key in [shop.as_str(), ""] {
            out.entry(key.to_owned()).or_insert_with(|| empty.clone()).counts[slot] += 1.0;
        }
    }
    Ok(out)
}

struct Fitted {
    start: NaiveDate,
    intercept: f64,
    slope: f64,
    weekday: [f64; 7],
    shape: Vec<Vec<f64>>, // [weekday][interval]
    per_day: usize,
}

fn multiplier(p: &ForecastParams, d: NaiveDate) -> f64 {
    p.marked.iter().find(|m| m.date == d).map(|m| m.multiplier).filter(|m| *m > 0.0).unwrap_or(1.0)
}

fn fit(h: &IntervalSeries, p: &ForecastParams, days: usize) -> Fitted {
    let per_day = h.per_day();
    let totals: Vec<f64> = (0..days).map(|d| h.day_total(d) / multiplier(p, h.date(d))).collect();
    let mean = totals.iter().sum::<f64>() / days.max(1) as f64;
    let mut wsum = [0.0; 7];
    let mut wn = [0usize; 7];
    for (d, t) in totals.iter().enumerate() {
        let w = h.date(d).weekday().num_days_from_monday() as usize;
        wsum[w] += t;
        wn[w] += 1;
    }
    // Weekday factors by classical decomposition: each day's total over its centred 7-day mean,
    // averaged per weekday, so a trend does not leak into the factors. Weekdays without a full
    // window fall back to raw means.
    let mut rsum = [0.0; 7];
    let mut rn = [0usize; 7];
    for d in 3..days.saturating_sub(3) {
        let window: f64 = totals[d - 3..=d + 3].iter().sum::<f64>() / 7.0;
        if window > 0.0 {
            let w = h.date(d).weekday().num_days_from_monday() as usize;
            rsum[w] += totals[d] / window;
            rn[w] += 1;
        }
    }
    let mut weekday = [1.0; 7];
    for w in 0..7 {
        if rn[w] > 0 {
            weekday[w] = rsum[w] / rn[w] as f64;
        } else if wn[w] > 0 && mean > 0.0 {
            weekday[w] = wsum[w] / wn[w] as f64 / mean;
        }
    }
    let wmean = weekday.iter().sum::<f64>() / 7.0;
    if wmean > 0.0 {
        weekday.iter_mut().for_each(|w| *w /= wmean);
    }
    // Trend on de-seasonalised totals.
    let ys: Vec<f64> = (0..days)
        .map(|d| {
            let w = weekday[h.date(d).weekday().num_days_from_monday() as usize];
            if w > 0.0 { totals[d] / w } else { totals[d] }
        })
        .collect();
    let n = days as f64;
    let xm = (n - 1.0) / 2.0;
    let ym = ys.iter().sum::<f64>() / n;
    let sxy: f64 = ys.iter().enumerate().map(|(x, y)| (x as f64 - xm) * (y - ym)).sum();
    let sxx: f64 = (0..days).map(|x| (x as f64 - xm).powi(2)).sum();
    let slope = if p.trend && sxx > 0.0 { sxy / sxx } else { 0.0 };
    let intercept = ym - slope * xm;
    // Shapes.
    let mut all = vec![0.0; per_day];
    let mut byw = vec![vec![0.0; per_day]; 7];
    for d in 0..days {
        let w = h.date(d).weekday().num_days_from_monday() as usize;
        for (i, c) in h.day(d).iter().enumerate() {
            all[i] += c;
            byw[w][i] += c;
        }
    }
    let norm = |v: &mut Vec<f64>| {
        let s: f64 = v.iter().sum();
        if s > 0.0 {
            v.iter_mut().for_each(|x| *x /= s);
        } else {
            v.iter_mut().for_each(|x| *x = 1.0 / per_day as f64);
        }
    };
    norm(&mut all);
    let shape = (0..7)
        .map(|w| {
            if wn[w] >= 2 {
                let mut v = byw[w].clone();
                norm(&mut v);
                // Blend lightly with the all-days shape against noise in sparse intervals.
                v.iter().zip(&all).map(|(a, b)| 0.8 * a + 0.2 * b).collect()
            } else {
                all.clone()
            }
        })
        .collect();
    Fitted { start: h.start, intercept, slope, weekday, shape, per_day }
}

impl Fitted {
    fn day(&self, date: NaiveDate, p: &ForecastParams) -> Vec<f64> {
        let x = (date - self.start).num_days() as f64;
        let w = date.weekday().num_days_from_monday() as usize;
        let level = (self.intercept + self.slope * x).max(0.0) * self.weekday[w] * multiplier(p, date);
        self.shape[w].iter().map(|s| s * level).collect()
    }
}

/// Forecasts `days` days from `start` from the `history` (at least 7 days), with accuracy on
/// the held-back last `holdout_days` when the history is long enough (holdout + 7 days).
pub fn forecast(
    history: &IntervalSeries,
    params: &ForecastParams,
    start: NaiveDate,
    days: u32,
) -> Result<Forecast, ForecastError> {
    let im = history.interval_minutes;
    if im == 0 || 1440 % im != 0 {
        return Err(ForecastError::BadInterval(im));
    }
    let hd = history.days();
    if hd < 7 {
        return Err(ForecastError::TooShort(hd));
    }
    let holdout = params.holdout_days as usize;
    let accuracy = (holdout > 0 && hd >= holdout + 7).then(|| {
        let f = fit(history, params, hd - holdout);
        let hstart = history.date(hd - holdout);
        let mut pred = Vec::new();
        let (mut ape, mut napes, mut abs, mut act, mut dape) = (0.0, 0usize, 0.0, 0.0, 0.0);
        let mut dn = 0usize;
        for d in hd - holdout..hd {
            let pv = f.day(history.date(d), params);
            let av = history.day(d);
            for (p, a) in pv.iter().zip(av) {
                if *a > 0.0 {
                    ape += (p - a).abs() / a;
                    napes += 1;
                }
                abs += (p - a).abs();
                act += a;
            }
            let (pt, at): (f64, f64) = (pv.iter().sum(), av.iter().sum());
            if at > 0.0 {
                dape += (pt - at).abs() / at;
                dn += 1;
            }
            pred.extend(pv);
        }
        Accuracy {
            days: holdout as u32,
            mape: if napes > 0 { ape / napes as f64 } else { 0.0 },
            daily_mape: if dn > 0 { dape / dn as f64 } else { 0.0 },
            wape: if act > 0.0 { abs / act } else { 0.0 },
            predicted: IntervalSeries { start: hstart, interval_minutes: im, counts: pred },
        }
    });
    let f = fit(history, params, hd);
    let mut counts = Vec::with_capacity(days as usize * f.per_day);
    for d in 0..days as i64 {
        counts.extend(f.day(start + chrono::Duration::days(d), params));
    }
    let mut series = IntervalSeries { start, interval_minutes: im, counts };
    for o in &params.overrides {
        let day = (o.date - start).num_days();
        if day >= 0 && (day as u32) < days && (o.interval as usize) < f.per_day {
            series.counts[day as usize * f.per_day + o.interval as usize] = o.chats.max(0.0);
        }
    }
    Ok(Forecast { series, accuracy })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn synthetic(days: usize, trend: f64) -> IntervalSeries {
        let start = NaiveDate::from_ymd_opt(2026, 10, 5).unwrap(); // a Monday
        let mut counts = Vec::new();
        for d in 0..days {
            let date = start + chrono::Duration::days(d as i64);
            let wk = if date.weekday().num_days_from_monday() >= 5 { 1.2 } else { 1.0 };
            let level = (1000.0 + trend * d as f64) * wk;
            for i in 0..48 {
                let shape = if (16..46).contains(&i) { 1.0 / 30.0 } else { 0.0 };
                counts.push(level * shape);
            }
        }
        IntervalSeries { start, interval_minutes: 30, counts }
    }

    #[test]
    fn exact_on_noise_free_history() {
        let h = synthetic(35, 0.0);
        let f = forecast(&h, &ForecastParams::default(), h.date(35), 7).unwrap();
        let acc = f.accuracy.unwrap();
        assert!(acc.mape < 1e-9, "{}", acc.mape);
        assert!((f.series.day_total(5) - 1200.0).abs() < 1e-6);
        assert!((f.series.day_total(0) - 1000.0).abs() < 1e-6);
    }

    #[test]
    fn trend_is_followed() {
        let h = synthetic(28, 10.0);
        let f = forecast(&h, &ForecastParams::default(), h.date(28), 7).unwrap();
        // Day 28 is a Monday: 1000 + 280.
        assert!((f.series.day_total(0) - 1280.0).abs() < 15.0, "{}", f.series.day_total(0));
        let flat =
            forecast(&h, &ForecastParams { trend: false, ..Default::default() }, h.date(28), 7).unwrap();
        assert!(flat.series.day_total(0) < 1200.0);
    }

    #[test]
    fn marked_days_and_overrides() {
        let mut h = synthetic(28, 0.0);
        // A promotion day at 3× in history, marked: it must not move the baseline.
        let p = 48 * 10;
        h.counts[p..p + 48].iter_mut().for_each(|c| *c *= 3.0);
        let promo = NaiveDate::from_ymd_opt(2026, 11, 11).unwrap();
        let params = ForecastParams {
            marked: vec![
                MarkedDay { date: h.date(10), multiplier: 3.0, label: "直播".into() },
                MarkedDay { date: promo, multiplier: 2.5, label: "双11".into() },
            ],
            overrides: vec![Override { date: h.date(28), interval: 20, chats: 99.0 }],
            ..Default::default()
        };
        let f = forecast(&h, &params, h.date(28), 14).unwrap();
        assert!((f.series.day_total(0) - 99.0 + 1000.0 / 30.0 - 1000.0).abs() < 1e-6);
        assert_eq!(f.series.day(0)[20], 99.0);
        let d = (promo - h.date(28)).num_days() as usize;
        assert!((f.series.day_total(d) - 2500.0).abs() < 1e-6, "{}", f.series.day_total(d));
    }

    #[test]
    fn too_short_is_refused() {
        let h = synthetic(5, 0.0);
        assert_eq!(forecast(&h, &ForecastParams::default(), h.date(5), 7), Err(ForecastError::TooShort(5)));
    }
}
