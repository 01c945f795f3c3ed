//! Best row for one agent with everyone else fixed: a dynamic programme over the days
//! (the "pricing problem" of column generation), used by the optimiser as a large move.
//!
//! State per day: (last value, length of the current work or off run, weekends worked so far,
//! paid time so far in units of the gcd of shift lengths). It enforces exactly: fixed cells,
//! allowed shift types, forbidden successions, min/max consecutive working days, min
//! consecutive days off (off runs touching the horizon ends exempt), max working weekends and
//! min/max total minutes. Per-type maxima and the weekly labour rules are not modelled: the
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
    units: Vec<usize>,
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
        let r = RowRules {
            ns,
            runs: max_c.max(min_off) + 1,
            we_n: max_we + 1,
            m_units,
            min_units: (s.min_minutes as u64).div_ceil(g as u64) as usize,
            max_c,
            min_c: (s.min_consecutive as usize).min(days),
            min_off,
            max_we,
            units: c.minutes.iter().map(|m| (*m / g) as usize).collect(),
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
        (self.ns + 1) * self.runs * self.we_n * self.m_units
    }

    fn encode(&self, x: RowState) -> usize {
        ((x.last * self.runs + x.run) * self.we_n + x.we) * self.m_units + x.m
    }

    pub fn decode(&self, st: usize) -> RowState {
        RowState {
            m: st % self.m_units,
            we: (st / self.m_units) % self.we_n,
            run: (st / (self.m_units * self.we_n)) % self.runs,
            last: st / (self.m_units * self.we_n * self.runs),
        }
    }

    /// Before day 0: off for a long time, nothing used.
    pub fn start(&self) -> usize {
        self.encode(RowState { last: self.ns, run: self.min_off, we: 0, m: 0 })
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
            // Off: a work run just ended must be long enough.
            if x.last != ns && x.run < self.min_c {
                return None;
            }
            let run = if x.last == ns { (x.run + 1).min(self.min_off) } else { 1 };
            RowState { last: ns, run, ..x }
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
            if we > self.max_we || m >= self.m_units {
                return None;
            }
            RowState { last: v, run, we, m }
        };
        Some(self.encode(y))
    }

    /// Whether a row may end in `x`: the last work run long enough, the minimum paid time met.
    pub fn final_ok(&self, x: RowState) -> bool {
        x.m >= self.min_units && (x.last == self.ns || x.run >= self.min_c)
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
}
