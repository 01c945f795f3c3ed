//! Attendance rules (考勤规则): late arrivals, early leaves and absences from the attendance
//! records, turned into counts and penalty points by a configurable rule book.
//!
//! Rules are counted per calendar month (the rule books say "in a month"): with the defaults,
//! the first two late arrivals of a month are free and every late arrival from the 3rd on
//! costs 5 points; an absence (旷工) costs 20 points. The alternative rule "3 late arrivals =
//! 1 day's absence" is `lates_per_absence = 3`. A range that cuts a month still numbers the
//! late arrivals from the month's first day, and keeps the events dated inside the range.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::index::AttendanceFact;
use crate::Lang;
use crate::model::AttendanceStatus;

/// The rule book.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AttendanceRules {
    /// Late arrivals of at most this many minutes are ignored.
    pub grace_minutes: u32,
    /// Late arrivals per month without penalty (2: the 3rd triggers one).
    pub free_lates_per_month: u32,
    /// Points per late arrival beyond the free ones.
    pub late_points: f64,
    /// Every this many late arrivals in a month count as one day's absence (0 = off).
    pub lates_per_absence: u32,
    /// Points per absence (recorded or converted).
    pub absence_points: f64,
    /// Whether leaving early counts like a late arrival.
    pub early_leave_is_late: bool,
    /// Points per missing clock (缺卡).
    pub missing_clock_points: f64,
}

impl Default for AttendanceRules {
    fn default() -> Self {
        AttendanceRules {
            grace_minutes: 0,
            free_lates_per_month: 2,
            late_points: 5.0,
            lates_per_absence: 0,
            absence_points: 20.0,
            early_leave_is_late: true,
            missing_clock_points: 0.0,
        }
    }
}

/// What happened on a day, as the rule book sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventKind {
    /// The n-th late arrival (or early leave) of the month.
    Late {
        nth: u32,
    },
    Absent,
    /// Late arrivals converted to a day's absence.
    ConvertedAbsence,
    MissingClock,
}

impl EventKind {
    pub fn label(self, lang: Lang) -> String {
        match self {
            EventKind::Late { nth } => match lang {
                Lang::Zh => format!("本月第{nth}次迟到/早退"),
                Lang::En => format!("late arrival no. {nth} this month"),
            },
            EventKind::Absent => lang.pick("旷工", "absent").into(),
            EventKind::ConvertedAbsence => {
                lang.pick("迟到折算旷工", "late arrivals counted as an absence").into()
            }
            EventKind::MissingClock => lang.pick("缺卡", "missing clock").into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttendanceEvent {
    pub date: NaiveDate,
    pub kind: EventKind,
    pub points: f64,
    /// Position of the record among the attendance rows given to the index.
    pub row: u32,
}

/// One agent's attendance over a range.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AttendanceSummary {
    pub scheduled_days: u32,
    pub lates: u32,
    pub absences: u32,
    pub converted_absences: u32,
    pub missing_clocks: u32,
    pub penalty: f64,
    pub events: Vec<AttendanceEvent>,
}

impl AttendanceSummary {
    pub fn add(&mut self, o: &AttendanceSummary) {
        self.scheduled_days += o.scheduled_days;
        self.lates += o.lates;
        self.absences += o.absences;
        self.converted_absences += o.converted_absences;
        self.missing_clocks += o.missing_clocks;
        self.penalty += o.penalty;
        self.events.extend(o.events.iter().cloned());
    }
}

/// Applies `rules` to one agent's records (any order) and keeps what falls in `from..=to`.
pub fn evaluate(
    records: &[&AttendanceFact],
    rules: &AttendanceRules,
    from: NaiveDate,
    to: NaiveDate,
) -> AttendanceSummary {
    let mut recs: Vec<&AttendanceFact> = records.to_vec();
    recs.sort_by_key(|r| (r.date, r.row));
    let mut out = AttendanceSummary::default();
    let mut month: Option<(i32, u32)> = None;
    let mut nth = 0u32;
    for r in recs {
        let m = (r.date.year(), r.date.month());
        if month != Some(m) {
            month = Some(m);
            nth = 0;
        }
        let inside = from <= r.date && r.date <= to;
        let mut events = Vec::new();
        let late = match r.status {
            AttendanceStatus::Late => r.late_minutes > rules.grace_minutes || r.late_minutes == 0,
            AttendanceStatus::LateAndEarly => true,
            AttendanceStatus::EarlyLeave => rules.early_leave_is_late,
            _ => false,
        };
        if late {
            nth += 1;
            let points = if nth > rules.free_lates_per_month { rules.late_points } else { 0.0 };
            events.push(EventKind::Late { nth });
            if rules.lates_per_absence > 0 && nth.is_multiple_of(rules.lates_per_absence) {
                events.push(EventKind::ConvertedAbsence);
            }
            if inside {
                out.lates += 1;
                out.penalty += points;
            }
        }
        match r.status {
            AttendanceStatus::Absent => events.push(EventKind::Absent),
            AttendanceStatus::MissingClock => events.push(EventKind::MissingClock),
            _ => {}
        }
        if !inside {
            continue;
        }
        if r.status.scheduled() {
            out.scheduled_days += 1;
        }
        for kind in events {
            let points = match kind {
                EventKind::Late { nth } => {
                    if nth > rules.free_lates_per_month {
                        rules.late_points
                    } else {
                        0.0
                    }
                }
                EventKind::Absent => {
                    out.absences += 1;
                    out.penalty += rules.absence_points;
                    rules.absence_points
                }
                EventKind::ConvertedAbsence => {
                    out.converted_absences += 1;
                    out.penalty += rules.absence_points;
                    rules.absence_points
                }
                EventKind::MissingClock => {
                    out.missing_clocks += 1;
                    out.penalty += rules.missing_clock_points;
                    rules.missing_clock_points
                }
            };
            out.events.push(AttendanceEvent { date: r.date, kind, points, row: r.row });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(day: u32, status: AttendanceStatus, row: u32) -> AttendanceFact {
        AttendanceFact {
            agent: 0,
            date: NaiveDate::from_ymd_opt(2026, 11, day).unwrap(),
            status,
            late_minutes: 7,
            early_minutes: 0,
            row,
        }
    }

    #[test]
    fn the_third_late_arrival_in_a_month_costs_points() {
        use AttendanceStatus::*;
        let rs = [
            rec(2, Late, 0),
            rec(3, Normal, 1),
            rec(4, Late, 2),
            rec(9, Late, 3),
            rec(10, Absent, 4),
            rec(11, Late, 5),
        ];
        let refs: Vec<&AttendanceFact> = rs.iter().collect();
        let d = |x| NaiveDate::from_ymd_opt(2026, 11, x).unwrap();
        let s = evaluate(&refs, &AttendanceRules::default(), d(1), d(30));
        assert_eq!((s.lates, s.absences, s.scheduled_days), (4, 1, 6));
        assert_eq!(s.penalty, 5.0 + 20.0 + 5.0);
        // A range inside the month still numbers from the 1st: the 9th is the 3rd late arrival.
        let s = evaluate(&refs, &AttendanceRules::default(), d(9), d(9));
        assert_eq!((s.lates, s.penalty), (1, 5.0));
        assert_eq!(s.events[0].kind, EventKind::Late { nth: 3 });
        // 3 lates = 1 absence, no per-late points.
        let rules = AttendanceRules { lates_per_absence: 3, late_points: 0.0, ..AttendanceRules::default() };
        let s = evaluate(&refs, &rules, d(1), d(30));
        assert_eq!((s.converted_absences, s.penalty), (1, 40.0));
    }
}
