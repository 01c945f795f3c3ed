//! Scoring a roster: the violation list and the fast per-staff / per-cover costs the optimiser
//! uses. Both come from the same code ([`Compiled::staff_cost`] with or without a violation
//! sink), so a roster's [`Score`] is by construction the sum of its reported violations.

use serde::{Deserialize, Serialize};

use super::model::{OFF, Problem, Roster, Rule, Score, Violation};

/// A roster's score with every violation behind it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub score: Score,
    pub violations: Vec<Violation>,
    /// People counted per cover item (same order as `Problem::cover`).
    pub coverage: Vec<i32>,
}

/// Per-staff lookup tables built once per problem.
#[derive(Clone, Debug)]
pub(crate) struct StaffTables {
    pub allowed: Vec<bool>,
    pub max_shifts: Vec<u32>,
    pub day_off: Vec<bool>,
    /// (day, shift, weight)
    pub on_req: Vec<(usize, u8, i64)>,
    /// (day, shift or OFF = any, weight)
    pub off_req: Vec<(usize, u8, i64)>,
    /// Values the optimiser may place in a free cell: OFF plus every allowed shift type.
    pub domain: Vec<u8>,
    /// `cell[d * (ns + 1) + v]` (v = ns for off): (hard, soft) cost of value v on day d from
    /// the per-cell rules (day off, not allowed, requests). The fast path of
    /// [`Compiled::staff_cost`] adds these instead of walking the rule lists; the reporting
    /// path walks the lists, and the tests check both agree.
    pub cell: Vec<(i32, i64)>,
}

/// The problem with lookup tables for fast evaluation.
#[derive(Clone, Debug)]
pub(crate) struct Compiled {
    pub p: Problem,
    pub ns: usize,
    pub days: usize,
    pub minutes: Vec<u32>,
    pub forbid: Vec<bool>,
    pub late: Vec<bool>,
    pub group: Vec<u16>,
    pub staff: Vec<StaffTables>,
    pub week: Vec<usize>,
    /// Whether week `w` lies fully inside the horizon.
    pub full_week: Vec<bool>,
    pub month: Vec<usize>,
    pub months: usize,
    /// (saturday index or none, sunday index or none) per weekend touching the horizon.
    pub weekends: Vec<(Option<usize>, Option<usize>)>,
    /// Per day: the bit of its weekend in a 64-bit mask (0 on weekdays, and everywhere when
    /// the horizon has more than 64 weekends: the fast path then is not used).
    pub weekend_bit: Vec<u64>,
    /// Per staff: whether a weekly rule applies (labour law, contract hours, same shift, min
    /// shifts per week); those rows are scored by the general path only.
    pub weekly: Vec<bool>,
}

#[inline]
fn hours(min: u64) -> i64 {
    min.div_ceil(60) as i64
}

impl Compiled {
    pub fn new(p: &Problem) -> Compiled {
        let ns = p.shifts.len();
        let days = p.days as usize;
        let mut forbid = vec![false; ns * ns];
        for (a, s) in p.shifts.iter().enumerate() {
            for b in &s.forbid_next {
                forbid[a * ns + *b as usize] = true;
            }
        }
        let week: Vec<usize> = (0..days).map(|d| p.week_of(d)).collect();
        let weeks = week.last().map_or(0, |w| w + 1);
        let full_week = (0..weeks).map(|w| week.iter().filter(|x| **x == w).count() == 7).collect();
        let month: Vec<usize> = (0..days).map(|d| p.month_of_day.get(d).map_or(0, |m| *m as usize)).collect();
        let months = month.iter().max().map_or(1, |m| m + 1);
        let mut weekends = Vec::new();
        for w in 0..weeks {
            let sat = (0..days).find(|d| week[*d] == w && (d + p.first_weekday as usize) % 7 == 5);
            let sun = (0..days).find(|d| week[*d] == w && (d + p.first_weekday as usize) % 7 == 6);
            if sat.is_some() || sun.is_some() {
                weekends.push((sat, sun));
            }
        }
        let staff = p
            .staff
            .iter()
            .map(|s| {
                let allowed: Vec<bool> = (0..ns).map(|k| s.allowed.get(k).copied().unwrap_or(true)).collect();
                let max_shifts: Vec<u32> =
                    (0..ns).map(|k| s.max_shifts.get(k).copied().unwrap_or(u32::MAX)).collect();
                let mut day_off = vec![false; days];
                for d in &s.days_off {
                    if let Some(x) = day_off.get_mut(*d as usize) {
                        *x = true;
                    }
                }
                let on_req: Vec<(usize, u8, i64)> = s
                    .on_requests
                    .iter()
                    .filter_map(|r| Some((r.day as usize, r.shift? as u8, r.weight)))
                    .collect();
                let off_req: Vec<(usize, u8, i64)> = s
                    .off_requests
                    .iter()
                    .map(|r| (r.day as usize, r.shift.map_or(OFF, |x| x as u8), r.weight))
                    .collect();
                let mut domain = vec![OFF];
                domain.extend((0..ns).filter(|k| allowed[*k] && max_shifts[*k] > 0).map(|k| k as u8));
                let nv = ns + 1;
                let mut cell = vec![(0i32, 0i64); days * nv];
                for d in 0..days {
                    for v in 0..ns {
                        cell[d * nv + v].0 = day_off[d] as i32 + !allowed[v] as i32;
                    }
                }
                for &(d, sh, w) in &on_req {
                    for v in (0..nv).filter(|v| *v != sh as usize) {
                        cell[d * nv + v].1 += w;
                    }
                }
                for &(d, sh, w) in &off_req {
                    for v in (0..ns).filter(|v| sh == OFF || *v == sh as usize) {
                        cell[d * nv + v].1 += w;
                    }
                }
                StaffTables { allowed, max_shifts, day_off, on_req, off_req, domain, cell }
            })
            .collect();
        let mut weekend_bit = vec![0u64; days];
        if weekends.len() <= 64 {
            for (k, (a, b)) in weekends.iter().enumerate() {
                for d in [a, b].into_iter().flatten() {
                    weekend_bit[*d] = 1 << k;
                }
            }
        }
        let weekly = p
            .staff
            .iter()
            .map(|s| {
                s.labour.is_some()
                    || s.week_target_weight > 0
                    || s.same_shift_weight > 0
                    || (s.week_min_shifts > 0 && s.week_min_shifts_weight > 0)
                    || weekends.len() > 64
                    || ns > 16
            })
            .collect();
        Compiled {
            weekend_bit,
            weekly,
            p: p.clone(),
            ns,
            days,
            minutes: p.shifts.iter().map(|s| s.minutes).collect(),
            forbid,
            late: p.shifts.iter().map(|s| s.late).collect(),
            group: p.shifts.iter().map(|s| s.group).collect(),
            staff,
            week,
            full_week,
            month,
            months,
            weekends,
        }
    }

    /// Penalty of one cover item holding `count` people.
    #[inline]
    pub fn cover_pen(&self, c: usize, count: i32) -> i64 {
        let cv = &self.p.cover[c];
        if count < cv.requirement {
            (cv.requirement - count) as i64 * cv.under_weight
        } else {
            (count - cv.requirement) as i64 * cv.over_weight
        }
    }

    /// Hard and soft cost of staff `i` working `row`. With `REPORT`, pushes each violation.
    /// Without, rows with no weekly rule (every benchmark row) take [`Compiled::staff_cost_fast`],
    /// one pass over the days; the tests check it agrees with the reporting path.
    pub fn staff_cost<const REPORT: bool>(&self, i: usize, row: &[u8], out: &mut Vec<Violation>) -> Score {
        if !REPORT && !self.weekly[i] {
            return self.staff_cost_fast(i, row);
        }
        let s = &self.p.staff[i];
        let t = &self.staff[i];
        let mut hard = 0i64;
        let mut soft = 0i64;
        let si = Some(i as u32);
        macro_rules! v {
            ($rule:expr, $day:expr, $amount:expr, $cost:expr) => {{
                let amount: i64 = $amount;
                let cost: i64 = $cost;
                if $rule.is_hard() {
                    hard += cost;
                } else {
                    soft += cost;
                }
                if REPORT {
                    out.push(Violation { rule: $rule, staff: si, day: $day, cover: None, amount, cost });
                }
            }};
        }
        let ns = self.ns;
        // Small problems (every benchmark, the Kefu model) avoid zeroing the 1 KB table.
        let mut small = [0u32; 16];
        let mut big;
        let counts: &mut [u32] = if ns <= 16 {
            &mut small[..ns]
        } else {
            big = [0u32; 256];
            &mut big[..ns.min(256)]
        };
        let mut minutes = 0u64;
        let mut late = 0u32;
        let mut prev = OFF;
        let nv = ns + 1;
        for (d, &v) in row.iter().enumerate() {
            if !REPORT {
                let (h, c) = t.cell[d * nv + if v == OFF { ns } else { v as usize }];
                hard += h as i64;
                soft += c;
            }
            if v != OFF {
                let vu = v as usize;
                minutes += self.minutes[vu] as u64;
                counts[vu] += 1;
                if self.late[vu] {
                    late += 1;
                }
                if REPORT && t.day_off[d] {
                    v!(Rule::DayOff, Some(d as u16), 1, 1);
                }
                if REPORT && !t.allowed[vu] {
                    v!(Rule::NotAllowed, Some(d as u16), 1, 1);
                }
                if prev != OFF && self.forbid[prev as usize * ns + vu] {
                    v!(Rule::RestBetweenShifts, Some(d as u16), 1, 1);
                }
            }
            prev = v;
        }
        for &(d, sh, w) in t.on_req.iter().filter(|_| REPORT) {
            if row[d] != sh {
                v!(Rule::ShiftOnRequest, Some(d as u16), 1, w);
            }
        }
        for &(d, sh, w) in t.off_req.iter().filter(|_| REPORT) {
            if row[d] != OFF && (sh == OFF || row[d] == sh) {
                v!(Rule::ShiftOffRequest, Some(d as u16), 1, w);
            }
        }
        for (k, &cnt) in counts.iter().enumerate() {
            if cnt > t.max_shifts[k] {
                let x = (cnt - t.max_shifts[k]) as i64;
                v!(Rule::MaxShiftsOfType, None, x, x);
            }
        }
        if minutes > s.max_minutes as u64 {
            let x = hours(minutes - s.max_minutes as u64);
            v!(Rule::MaxMinutes, None, x, x);
        }
        if minutes < s.min_minutes as u64 {
            let x = hours(s.min_minutes as u64 - minutes);
            v!(Rule::MinMinutes, None, x, x);
        }
        // Runs of work and of days off. A run touching either end of the horizon may go on
        // beyond it, so it is never too short (the Curtois & Qu convention).
        let n = row.len();
        let mut d = 0;
        while d < n {
            let working = row[d] != OFF;
            let start = d;
            while d < n && (row[d] != OFF) == working {
                d += 1;
            }
            let len = (d - start) as u32;
            if working {
                if len > s.max_consecutive {
                    let x = (len - s.max_consecutive) as i64;
                    v!(Rule::MaxConsecutive, Some(start as u16), x, x);
                }
                if len < s.min_consecutive && start > 0 && d < n {
                    let x = (s.min_consecutive - len) as i64;
                    v!(Rule::MinConsecutive, Some(start as u16), x, x);
                }
            } else if start > 0 && d < n && len < s.min_consecutive_off {
                let x = (s.min_consecutive_off - len) as i64;
                v!(Rule::MinConsecutiveOff, Some(start as u16), x, x);
            }
        }
        if s.max_weekends != u32::MAX || s.fair_weekends_weight > 0 {
            let worked = self
                .weekends
                .iter()
                .filter(|(a, b)| a.is_some_and(|x| row[x] != OFF) || b.is_some_and(|x| row[x] != OFF))
                .count() as u32;
            if worked > s.max_weekends {
                let x = (worked - s.max_weekends) as i64;
                v!(Rule::MaxWeekends, None, x, x);
            }
            if worked > s.fair_weekends && s.fair_weekends_weight > 0 {
                let x = (worked - s.fair_weekends) as i64;
                v!(Rule::FairWeekends, None, x, x * s.fair_weekends_weight);
            }
        }
        if late > s.fair_late && s.fair_late_weight > 0 {
            let x = (late - s.fair_late) as i64;
            v!(Rule::FairLate, None, x, x * s.fair_late_weight);
        }
        let min_shifts = s.week_min_shifts > 0 && s.week_min_shifts_weight > 0;
        let weekly = s.labour.is_some() || s.week_target_weight > 0 || s.same_shift_weight > 0 || min_shifts;
        if weekly {
            let mut month_ot = [0u64; 64];
            let mut d = 0;
            while d < n {
                let w = self.week[d];
                let start = d;
                let (mut mins, mut std_mins, mut off, mut groups, mut shifts) =
                    (0u64, 0u64, 0u32, 0u64, 0u32);
                let mut day_ot = 0u64;
                let day_std = s.labour.as_ref().map_or(u64::MAX, |l| l.day_minutes as u64);
                while d < n && self.week[d] == w {
                    let v = row[d];
                    if v == OFF {
                        off += 1;
                    } else {
                        let m = self.minutes[v as usize] as u64;
                        mins += m;
                        std_mins += m.min(day_std);
                        let ot = m.saturating_sub(day_std);
                        day_ot += ot;
                        month_ot[self.month[d].min(63)] += ot;
                        groups |= 1u64 << (self.group[v as usize] as u64).min(63);
                        shifts += 1;
                    }
                    d += 1;
                }
                let last = d - 1;
                if let Some(l) = &s.labour {
                    let week_std = l.week_minutes as u64;
                    if std_mins > week_std {
                        if l.overtime {
                            month_ot[self.month[last].min(63)] += std_mins - week_std;
                        } else {
                            let x = hours(std_mins - week_std);
                            v!(Rule::WeeklyHours, Some(start as u16), x, x);
                        }
                    }
                    if !l.overtime && day_ot > 0 {
                        let x = hours(day_ot);
                        v!(Rule::WeeklyHours, Some(start as u16), x, x);
                    }
                    if self.full_week[w] && off < l.rest_days_per_week {
                        let x = (l.rest_days_per_week - off) as i64;
                        v!(Rule::WeeklyRestDay, Some(start as u16), x, x);
                    }
                }
                if s.week_target_weight > 0 && self.full_week[w] && mins < s.week_target_minutes as u64 {
                    let x = hours(s.week_target_minutes as u64 - mins);
                    v!(Rule::ContractHours, Some(start as u16), x, x * s.week_target_weight);
                }
                if min_shifts && self.full_week[w] && shifts < s.week_min_shifts {
                    let x = (s.week_min_shifts - shifts) as i64;
                    v!(Rule::MinShiftsWeek, Some(start as u16), x, x * s.week_min_shifts_weight);
                }
                if s.same_shift_weight > 0 && groups.count_ones() > 1 {
                    let x = (groups.count_ones() - 1) as i64;
                    v!(Rule::SameShiftWeek, Some(start as u16), x, x * s.same_shift_weight);
                }
            }
            if let Some(l) = &s.labour {
                for (m, ot) in month_ot.iter().enumerate().take(self.months.min(64)) {
                    if *ot > l.month_overtime_minutes as u64 {
                        let x = hours(ot - l.month_overtime_minutes as u64);
                        let day = self.month.iter().position(|x| *x == m).map(|x| x as u16);
                        v!(Rule::MonthlyOvertime, day, x, x);
                    }
                }
            }
        }
        Score { hard, soft }
    }

    /// [`Compiled::staff_cost`] without a violation list for rows with no weekly rule, at most
    /// 16 shift types and 64 weekends: cell costs, successions, runs and weekends in one pass.
    fn staff_cost_fast(&self, i: usize, row: &[u8]) -> Score {
        let s = &self.p.staff[i];
        let t = &self.staff[i];
        let ns = self.ns;
        let nv = ns + 1;
        let n = row.len();
        let (mut hard, mut soft) = (0i64, 0i64);
        let mut counts = [0u32; 16];
        let (mut minutes, mut late, mut we) = (0u64, 0u32, 0u64);
        let mut prev = OFF;
        let mut run_start = 0usize;
        // Cost of the run of days `a..b`, working or off (a run touching an end is never too
        // short).
        let run = |working: bool, a: usize, b: usize| -> i64 {
            let len = (b - a) as u32;
            let inner = a > 0 && b < n;
            if working {
                len.saturating_sub(s.max_consecutive) as i64
                    + if inner { s.min_consecutive.saturating_sub(len) as i64 } else { 0 }
            } else if inner {
                s.min_consecutive_off.saturating_sub(len) as i64
            } else {
                0
            }
        };
        for (d, &v) in row.iter().enumerate() {
            let working = v != OFF;
            let (h, c) = t.cell[d * nv + if working { v as usize } else { ns }];
            hard += h as i64;
            soft += c;
            if d > 0 && working != (prev != OFF) {
                hard += run(prev != OFF, run_start, d);
                run_start = d;
            }
            if working {
                let vu = v as usize;
                minutes += self.minutes[vu] as u64;
                counts[vu] += 1;
                late += self.late[vu] as u32;
                we |= self.weekend_bit[d];
                if prev != OFF && self.forbid[prev as usize * ns + vu] {
                    hard += 1;
                }
            }
            prev = v;
        }
        if n > 0 {
            hard += run(prev != OFF, run_start, n);
        }
        for (k, &cnt) in counts.iter().enumerate().take(ns) {
            hard += cnt.saturating_sub(t.max_shifts[k]) as i64;
        }
        if minutes > s.max_minutes as u64 {
            hard += hours(minutes - s.max_minutes as u64);
        }
        if minutes < s.min_minutes as u64 {
            hard += hours(s.min_minutes as u64 - minutes);
        }
        let worked = we.count_ones();
        hard += worked.saturating_sub(s.max_weekends) as i64;
        if s.fair_weekends_weight > 0 {
            soft += worked.saturating_sub(s.fair_weekends) as i64 * s.fair_weekends_weight;
        }
        if s.fair_late_weight > 0 {
            soft += late.saturating_sub(s.fair_late) as i64 * s.fair_late_weight;
        }
        Score { hard, soft }
    }

    /// People per cover item.
    pub fn coverage(&self, cells: &[u8]) -> Vec<i32> {
        let mut count = vec![0i32; self.p.cover.len()];
        for i in 0..self.p.staff.len() {
            for d in 0..self.days {
                let v = cells[i * self.days + d];
                if v != OFF && (v as usize) < self.ns {
                    for c in &self.p.contrib[d * self.ns + v as usize] {
                        count[*c as usize] += 1;
                    }
                }
            }
        }
        count
    }

    pub fn report(&self, cells: &[u8]) -> Report {
        let mut violations = Vec::new();
        let mut score = Score::default();
        for i in 0..self.p.staff.len() {
            let s = self.staff_cost::<true>(i, &cells[i * self.days..(i + 1) * self.days], &mut violations);
            score.hard += s.hard;
            score.soft += s.soft;
        }
        let coverage = self.coverage(cells);
        for (c, n) in coverage.iter().enumerate() {
            let pen = self.cover_pen(c, *n);
            if pen > 0 {
                let req = self.p.cover[c].requirement;
                let rule = if *n < req { Rule::UnderCover } else { Rule::OverCover };
                violations.push(Violation {
                    rule,
                    staff: None,
                    day: Some(self.p.cover[c].day),
                    cover: Some(c as u32),
                    amount: (req - n).abs() as i64,
                    cost: pen,
                });
                score.soft += pen;
            }
        }
        Report { score, violations, coverage }
    }
}

/// Scores `roster` against `problem` with every violation (for the editor, exports, tests).
/// Cells holding an unknown shift index are treated as off.
pub fn evaluate(problem: &Problem, roster: &Roster) -> Report {
    let c = Compiled::new(problem);
    let need = c.days * problem.staff.len();
    let mut cells: Vec<u8> =
        roster.cells.iter().map(|v| if (*v as usize) < c.ns { *v } else { OFF }).collect();
    cells.resize(need, OFF);
    if roster.days as usize != c.days {
        cells = vec![OFF; need];
    }
    c.report(&cells)
}
