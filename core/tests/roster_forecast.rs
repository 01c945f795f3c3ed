//! Forecast on the demo team's chat log: sessions are counted, the forecast is sane and its
//! held-back error is reported.

use chrono::NaiveDate;
use kefu_core::demo::{DemoConfig, generate_simple};
use kefu_core::roster::forecast::{ForecastParams, MarkedDay, forecast, sessions_per_interval};

#[test]
fn demo_history_forecasts_with_reported_error() {
    let ws = generate_simple(&DemoConfig { days: 28, ..DemoConfig::default() });
    let series = sessions_per_interval(&ws.chats, 30, 600).expect("series");
    let total = &series[""];
    assert_eq!(total.per_day(), 48);
    assert!(total.days() >= 28, "{}", total.days());
    let sessions: f64 = total.counts.iter().sum();
    let buyers_with_messages = ws.chats.threads.len() as f64;
    assert!(sessions >= buyers_with_messages * 0.9, "{sessions} sessions, {buyers_with_messages} threads");
    let next = total.date(total.days());
    // The demo period runs into 双11 with its run-up; the supervisor marks those days.
    let mut marked = Vec::new();
    for day in 1..=12 {
        let m = match day {
            11 => 3.0,
            12 => 1.5,
            _ => 1.3,
        };
        let date = NaiveDate::from_ymd_opt(2026, 11, day).expect("date");
        marked.push(MarkedDay { date, multiplier: m, label: "双11".into() });
    }
    let unmarked = forecast(total, &ForecastParams::default(), next, 14).expect("forecast");
    let f = forecast(total, &ForecastParams { marked, ..Default::default() }, next, 14).expect("forecast");
    let acc = f.accuracy.expect("28 days allow a 7-day holdout");
    eprintln!("MAPE {:.3} daily {:.3} WAPE {:.3}", acc.mape, acc.daily_mape, acc.wape);
    let raw = unmarked.accuracy.expect("holdout").daily_mape;
    assert!(acc.daily_mape < raw, "marking helps: {} vs {raw}", acc.daily_mape);
    assert!(acc.daily_mape < 0.25, "daily MAPE {}", acc.daily_mape);
    assert!(acc.wape < 0.6, "WAPE {}", acc.wape);
    // Night intervals are quieter than the evening peak.
    let d0 = f.series.day(0);
    assert!(d0[8] < d0[42], "04:00 {} vs 21:00 {}", d0[8], d0[42]);
}
