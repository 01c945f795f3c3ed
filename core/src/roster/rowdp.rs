//! Best row for one agent with everyone else fixed: a dynamic programme over the days
//! (the "pricing problem" of column generation), used by the optimiser as a large move.
//!
//! State per day: (last value, length of the current work or off run, weekends worked so far,
//! paid time so far in units of the gcd of shift lengths, whether the first work run from day 0
//! is still going on, shifts of the most tightly capped type so far). It enforces exactly: fixed cells, allowed shift types, forbidden
//! successions, min/max consecutive working days, min consecutive days off (runs touching
//! either end of the horizon are never too short), max working weekends and
//! min/max total minutes (a state that can no longer reach the minimum is dropped early),
//! and the maximum count of one shift type (the one with the tightest
//! binding cap). Other per-type maxima and the weekly labour rules are not modelled: the
//! optimiser scores the proposal exactly and keeps it only if it is better.

use super::eval::Compiled;
use super::model::OFF;

const INF: i64 = i64::MAX / 4;

#[derive(Default)]
pub(crate) struct RowDp {
    cost: Vec<i64>,
    next: Vec<i64>,
    parent: Vec<u32>,
    /// States reached on the current day and on the next (sparse sweep).
    live: Vec<u32>,
    live_next: Vec<u32>,
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// One agent's row rules as a state machine over the days, shared by the one-row DP and the
/// two-row DP of [`super::pairdp`]. A state packs (last value, length of the current work or
/// off run, weekends worked, paid time in units of the gcd of shift lengths).
pub(crate) struct RowRules {
    ns: usize,
    runs: usize,
    we_n: usize,
    m_units: usize,
    min_units: usize,
    max_c: usize,
    min_c: usize,
    min_off: usize,
    max_we: usize,
    /// 2 when the minimum work run matters (then a state records whether the run from day 0
    /// is still going on), else 1.
    hd_n: usize,
    /// The shift type whose cap is modelled (ns = none) and its cap + 1 (1 = none).
    cap_v: usize,
    cap_n: usize,
    units: Vec<usize>,
    /// Per day: the most paid time (in units) the days after it can add; a state that can no
    /// longer reach the minimum is dropped.
    rest_max: Vec<usize>,
    /// Per day: starts a newly worked weekend when worked (Saturday, or a Sunday whose
    /// Saturday lies before the horizon), or only when the day before was off (Sunday).
    sat_or_alone: Vec<bool>,
    sun: Vec<bool>,
    /// Per value (off = ns): may the optimiser place it in a free cell.
    allowed: Vec<bool>,
    day_off: Vec<bool>,
}

/// A decoded state.
#[derive(Clone, Copy)]
pub(crate) struct RowState {
    pub last: usize,
    run: usize,
    we: usize,
    m: usize,
    /// 1 while no day has been off yet (a work run from day 0 may be short).
    head: usize,
    /// Shifts of the capped type so far.
    k: usize,
}

impl RowRules {
    /// The rules of agent `i`, or None when the state space would exceed `limit`.
    pub fn new(c: &Compiled, i: usize, limit: usize) -> Option<RowRules> {
        let s = &c.p.staff[i];
        let t = &c.staff[i];
        let ns = c.ns;
        let days = c.days;
        let g = c.minutes.iter().copied().filter(|m| *m > 0).fold(0, gcd).max(1);
        let max_shift = c.minutes.iter().copied().max().unwrap_or(0);
        let cap_min = (s.max_minutes as u64).min(days as u64 * max_shift as u64);
        let m_units = (cap_min / g as u64) as usize + 1;
        let max_c = (s.max_consecutive as usize).min(days).max(1);
        let min_off = (s.min_consecutive_off as usize).clamp(1, days);
        let max_we = (s.max_weekends as usize).min(c.weekends.len());
        let min_c = (s.min_consecutive as usize).min(days);
        // The tightest cap that binds (below the horizon) on a type the agent may work.
        let cap = (0..ns)
            .filter(|v| t.allowed[*v] && t.max_shifts[*v] > 0 && (t.max_shifts[*v] as usize) < days)
            .min_by_key(|v| t.max_shifts[*v]);
        let r = RowRules {
            cap_v: cap.unwrap_or(ns),
            cap_n: cap.map_or(1, |v| t.max_shifts[v] as usize + 1),
            hd_n: if min_c > 1 { 2 } else { 1 },
            ns,
            runs: max_c.max(min_off) + 1,
            we_n: max_we + 1,
            m_units,
            min_units: (s.min_minutes as u64).div_ceil(g as u64) as usize,
            max_c,
            min_c,
            min_off,
            max_we,
            units: c.minutes.iter().map(|m| (*m / g) as usize).collect(),
            rest_max: {
                let most = (0..ns)
                    .filter(|v| t.allowed[*v] && t.max_shifts[*v] > 0)
                    .map(|v| (c.minutes[v] / g) as usize)
                    .max()
                    .unwrap_or(0);
                (0..days).map(|d| (days - 1 - d) * most).collect()
            },
            sat_or_alone: (0..days)
                .map(|d| c.weekends.iter().any(|(a, b)| *a == Some(d) || (*b == Some(d) && a.is_none())))
                .collect(),
            sun: (0..days).map(|d| c.weekends.iter().any(|(_, b)| *b == Some(d))).collect(),
            allowed: (0..=ns).map(|v| v == ns || (t.allowed[v] && t.max_shifts[v] > 0)).collect(),
            day_off: t.day_off.clone(),
        };
        (r.states() <= limit).then_some(r)
    }

    pub fn states(&self) -> usize {
        (self.ns + 1) * self.runs * self.we_n * self.m_units * self.hd_n * self.cap_n
    }

    fn encode(&self, x: RowState) -> usize {
        ((((x.last * self.runs + x.run) * self.we_n + x.we) * self.m_units + x.m) * self.hd_n + x.head)
            * self.cap_n
            + x.k
    }

    pub fn decode(&self, st: usize) -> RowState {
        let k = st % self.cap_n;
        let st = st / self.cap_n;
        let head = st % self.hd_n;
        let st = st / self.hd_n;
        RowState {
            k,
            head,
            m: st % self.m_units,
            we: (st / self.m_units) % self.we_n,
            run: (st / (self.m_units * self.we_n)) % self.runs,
            last: st / (self.m_units * self.we_n * self.runs),
        }
    }

    /// Before day 0: off for a long time, nothing used.
    pub fn start(&self) -> usize {
        self.encode(RowState { last: self.ns, run: self.min_off, we: 0, m: 0, head: self.hd_n - 1, k: 0 })
    }

    /// Whether value `v` (off = ns) may stand on day `d` given the fixed cell, if any.
    pub fn may(&self, d: usize, v: usize, fixed: Option<u8>) -> bool {
        match fixed {
            Some(f) => v == if f == OFF { self.ns } else { f as usize },
            None => self.allowed[v] && (v == self.ns || !self.day_off[d]),
        }
    }

    /// The state after working `v` on day `d` from `x`, or None when a rule forbids it.
    pub fn next(&self, c: &Compiled, x: RowState, d: usize, v: usize) -> Option<usize> {
        let ns = self.ns;
        let y = if v == ns {
            // Off: a work run just ended must be long enough, unless it began on day 0.
            if x.last != ns && x.run < self.min_c && x.head == 0 {
                return None;
            }
            let run = if x.last == ns { (x.run + 1).min(self.min_off) } else { 1 };
            RowState { last: ns, run, head: 0, ..x }
        } else {
            if x.last != ns && c.forbid[x.last * ns + v] {
                return None;
            }
            let run = if x.last == ns {
                if x.run < self.min_off {
                    return None;
                }
                1
            } else {
                if x.run + 1 > self.max_c {
                    return None;
                }
                x.run + 1
            };
            let we = x.we + (self.sat_or_alone[d] || (self.sun[d] && x.last == ns)) as usize;
            let m = x.m + self.units[v];
            let k = x.k + (v == self.cap_v) as usize;
            if we > self.max_we || m >= self.m_units || k >= self.cap_n {
                return None;
            }
            RowState { last: v, run, we, m, head: x.head, k }
        };
        if y.m + self.rest_max[d] < self.min_units {
            return None;
        }
        Some(self.encode(y))
    }

    /// Whether a row may end in `x`: the minimum paid time met (the last run touches the end,
    /// so it may be short).
    pub fn final_ok(&self, x: RowState) -> bool {
        x.m >= self.min_units
    }
}

impl RowDp {
    /// `cell_cost[d * (ns + 1) + v]` (v = ns for off) is the cost of value v on day d;
    /// `fixed[d]` forces a value. Returns the best row, or None when no row meets the rules
    /// (or the state space would be too large).
    pub fn solve(
        &mut self,
        c: &Compiled,
        i: usize,
        cell_cost: &[i64],
        fixed: &[Option<u8>],
    ) -> Option<Vec<u8>> {
        let rules = RowRules::new(c, i, 400_000)?;
        let ns = c.ns;
        let days = c.days;
        let nv = ns + 1;
        let states = rules.states();
        // Invariant between calls: both layers are all INF (only reached states are reset).
        if self.cost.len() < states {
            self.cost.resize(states, INF);
            self.next.resize(states, INF);
        }
        // Parents are only read along the optimal path, whose entries this call wrote.
        if self.parent.len() < states * days {
            self.parent.resize(states * days, u32::MAX);
        }
        let start = rules.start();
        self.live.clear();
        self.live.push(start as u32);
        self.cost[start] = 0;
        for d in 0..days {
            let par = &mut self.parent[d * states..(d + 1) * states];
            self.live_next.clear();
            for li in 0..self.live.len() {
                let st = self.live[li] as usize;
                let base = self.cost[st];
                if base >= INF {
                    continue;
                }
                let x = rules.decode(st);
                for v in 0..nv {
                    if !rules.may(d, v, fixed[d]) {
                        continue;
                    }
                    let cc = cell_cost[d * nv + v];
                    if cc >= INF {
                        continue;
                    }
                    let Some(to) = rules.next(c, x, d, v) else {
                        continue;
                    };
                    let nc = base + cc;
                    if self.next[to] >= INF {
                        self.live_next.push(to as u32);
                    }
                    if nc < self.next[to] {
                        self.next[to] = nc;
                        par[to] = st as u32;
                    }
                }
            }
            // Reset the layer just read so `next` is all INF again after the swap.
            for &st in &self.live {
                self.cost[st as usize] = INF;
            }
            std::mem::swap(&mut self.cost, &mut self.next);
            std::mem::swap(&mut self.live, &mut self.live_next);
        }
        let mut best = (INF, usize::MAX);
        for &st in &self.live {
            let st = st as usize;
            let cv = self.cost[st];
            if cv < best.0 && rules.final_ok(rules.decode(st)) {
                best = (cv, st);
            }
        }
        for &st in &self.live {
            self.cost[st as usize] = INF;
        }
        if best.0 >= INF {
            return None;
        }
        let mut row = vec![OFF; days];
        let mut st = best.1;
        for d in (0..days).rev() {
            let last = rules.decode(st).last;
            row[d] = if last == ns { OFF } else { last as u8 };
            st = self.parent[d * states + st] as usize;
        }
        Some(row)
    }

    /// [`RowDp::solve`], then the per-type maxima the DP does not model: when the row exceeds
    /// one, every cell of that type is priced up by `lambda` (doubling each time, in `cost`,
    /// Lagrangian style) and the DP runs again, a few times at most. The caller scores the row
    /// exactly anyway.
    pub fn solve_capped(
        &mut self,
        c: &Compiled,
        i: usize,
        cost: &mut [i64],
        fixed: &[Option<u8>],
        mut lambda: i64,
    ) -> Option<Vec<u8>> {
        let ns = c.ns;
        let nv = ns + 1;
        let mut row = self.solve(c, i, cost, fixed)?;
        for _ in 0..4 {
            let mut over = false;
            for v in 0..ns {
                let cnt = row.iter().filter(|x| **x as usize == v).count() as u32;
                if cnt > c.staff[i].max_shifts[v] {
                    over = true;
                    for day in 0..c.days {
                        cost[day * nv + v] += lambda;
                    }
                }
            }
            if !over {
                break;
            }
            match self.solve(c, i, cost, fixed) {
                Some(r) => row = r,
                None => break,
            }
            lambda *= 2;
        }
        Some(row)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::roster::model::{Cover, Problem, ShiftDef, StaffRules};

    /// One agent, 2 shift types (L may not be followed by E; lengths 480 and 240), `days`
    /// days from a Monday; at most one binding per-type cap (the DP models one).
    fn problem(days: u16, r: &[u32; 9]) -> Problem {
        let shifts = vec![
            ShiftDef { code: "E".into(), minutes: 480, forbid_next: vec![], late: false, group: 0 },
            ShiftDef { code: "L".into(), minutes: 240, forbid_next: vec![0], late: true, group: 1 },
        ];
        let staff = StaffRules {
            max_consecutive: 1 + r[0] % 5,
            min_consecutive: r[1] % 4,
            min_consecutive_off: r[2] % 4,
            min_minutes: r[3] % 5 * 240,
            max_minutes: 480 + r[4] % 10 * 240,
            max_weekends: r[5] % 3,
            max_shifts: vec![u32::MAX, r[6] % 5],
            days_off: vec![(r[7] % days as u32) as u16],
            ..Default::default()
        };
        let cover = (0..days)
            .map(|d| Cover { day: d, label: "E".into(), requirement: 0, under_weight: 0, over_weight: 0 })
            .collect();
        let contrib = (0..days as u32).flat_map(|d| [vec![d], vec![]]).collect();
        Problem {
            days,
            first_weekday: (r[8] % 7) as u8,
            month_of_day: vec![],
            shifts,
            staff: vec![staff],
            cover,
            contrib,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// The DP's best row is legal and as cheap as the cheapest legal row found by trying
        /// every row: its rules agree with the evaluator's, ends of the horizon included.
        #[test]
        fn best_row_is_the_cheapest_legal_row(
            days in 1u16..9, r in proptest::array::uniform9(0u32..1000),
            prices in proptest::collection::vec(-50i64..50, 27)
        ) {
            let p = problem(days, &r);
            let c = Compiled::new(&p);
            let d = days as usize;
            let price: Vec<i64> = prices.iter().cycle().take(d * 3).copied().collect();
            let fixed = vec![None; d];
            let value = |row: &[u8]| -> i64 {
                row.iter().enumerate().map(|(day, v)| price[day * 3 + if *v == OFF { 2 } else { *v as usize }]).sum()
            };
            let mut best: Option<i64> = None;
            let mut row = vec![OFF; d];
            for code in 0..3usize.pow(d as u32) {
                let mut x = code;
                for v in row.iter_mut() {
                    *v = if x % 3 == 2 { OFF } else { (x % 3) as u8 };
                    x /= 3;
                }
                if c.staff_cost::<true>(0, &row, &mut Vec::new()).hard == 0 {
                    let val = value(&row);
                    best = Some(best.map_or(val, |b| b.min(val)));
                }
            }
            let got = RowDp::default().solve(&c, 0, &price, &fixed);
            match (best, got) {
                (None, None) => {}
                (Some(b), Some(row)) => {
                    prop_assert_eq!(c.staff_cost::<true>(0, &row, &mut Vec::new()).hard, 0, "{:?}", row);
                    prop_assert_eq!(value(&row), b);
                }
                (b, g) => prop_assert!(false, "brute force {:?}, DP {:?}", b, g),
            }
        }
    }
}
