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
        let s = &c.p.staff[i];
        let t = &c.staff[i];
        let ns = c.ns;
        let days = c.days;
        let nv = ns + 1;
        let g = c.minutes.iter().copied().filter(|m| *m > 0).fold(0, gcd).max(1);
        let max_shift = c.minutes.iter().copied().max().unwrap_or(0);
        let cap_min = (s.max_minutes as u64).min(days as u64 * max_shift as u64);
        let m_units = (cap_min / g as u64) as usize + 1;
        let min_units = (s.min_minutes as u64).div_ceil(g as u64) as usize;
        let max_c = (s.max_consecutive as usize).min(days).max(1);
        let min_c = (s.min_consecutive as usize).min(days);
        let min_off = (s.min_consecutive_off as usize).clamp(1, days);
        let runs = max_c.max(min_off) + 1;
        let n_we = c.weekends.len();
        let max_we = (s.max_weekends as usize).min(n_we);
        let we_n = max_we + 1;
        let states = nv * runs * we_n * m_units;
        if states > 400_000 {
            return None;
        }
        let idx = |v: usize, r: usize, w: usize, m: usize| ((v * runs + r) * we_n + w) * m_units + m;
        // Invariant between calls: both layers are all INF (only reached states are reset).
        if self.cost.len() < states {
            self.cost.resize(states, INF);
            self.next.resize(states, INF);
        }
        // Parents are only read along the optimal path, whose entries this call wrote.
        if self.parent.len() < states * days {
            self.parent.resize(states * days, u32::MAX);
        }
        self.live.clear();
        self.live.push(0);
        let units: Vec<usize> = c.minutes.iter().map(|m| (*m / g) as usize).collect();
        let sat: Vec<bool> = (0..days).map(|d| c.weekends.iter().any(|(a, _)| *a == Some(d))).collect();
        let sun: Vec<bool> = (0..days).map(|d| c.weekends.iter().any(|(_, b)| *b == Some(d))).collect();
        let sun_alone: Vec<bool> =
            (0..days).map(|d| c.weekends.iter().any(|(a, b)| *b == Some(d) && a.is_none())).collect();
        // Virtual start: off for a long time (r = min_off saturated), nothing used.
        let start = idx(ns, min_off, 0, 0);
        let allowed = |v: usize| v == ns || (t.allowed[v] && t.max_shifts[v] > 0);
        self.live[0] = start as u32;
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
                let m = st % m_units;
                let w = (st / m_units) % we_n;
                let r = (st / (m_units * we_n)) % runs;
                let last = st / (m_units * we_n * runs);
                for v in 0..nv {
                    if let Some(f) = fixed[d] {
                        let fv = if f == OFF { ns } else { f as usize };
                        if v != fv {
                            continue;
                        }
                    } else if !allowed(v) || (v != ns && t.day_off[d]) {
                        continue;
                    }
                    let cc = cell_cost[d * nv + v];
                    if cc >= INF {
                        continue;
                    }
                    let (nr, nw, nm);
                    if v == ns {
                        // Off: a work run just ended must be long enough.
                        if last != ns && r < min_c {
                            continue;
                        }
                        nr = if last == ns { (r + 1).min(min_off) } else { 1 };
                        nw = w;
                        nm = m;
                    } else {
                        if last != ns && c.forbid[last * ns + v] {
                            continue;
                        }
                        if last == ns {
                            if r < min_off {
                                continue;
                            }
                            nr = 1;
                        } else {
                            if r + 1 > max_c {
                                continue;
                            }
                            nr = r + 1;
                        }
                        let new_we = sat[d] || sun_alone[d] || (sun[d] && last == ns);
                        nw = w + new_we as usize;
                        if nw > max_we {
                            continue;
                        }
                        nm = m + units[v];
                        if nm >= m_units {
                            continue;
                        }
                    }
                    let to = idx(v, nr, nw, nm);
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
        // Final: work run long enough, minutes at least the minimum.
        let mut best = (INF, usize::MAX);
        for &st in &self.live {
            let st = st as usize;
            let cv = self.cost[st];
            if cv >= best.0 {
                continue;
            }
            let m = st % m_units;
            let r = (st / (m_units * we_n)) % runs;
            let last = st / (m_units * we_n * runs);
            if m < min_units || (last != ns && r < min_c) {
                continue;
            }
            best = (cv, st);
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
            let last = st / (m_units * we_n * runs);
            row[d] = if last == ns { OFF } else { last as u8 };
            st = self.parent[d * states + st] as usize;
        }
        Some(row)
    }
}
