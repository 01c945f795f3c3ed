//! Pair exchange: for two agents and a window of days, the best subset of days on which they
//! trade their cells, found by trying every subset (Gray-code order, one swap per step). The
//! cover counts never change (the same values stay on each day), so only the two rows are
//! re-scored. This reaches exchanges the single moves cannot: trading two scattered days at
//! once, where each trade alone breaks a run-length or total-minutes rule.

use rand::RngExt;

use super::Solver;
use crate::roster::model::{OFF, Score};
use crate::roster::pairdp::PairInput;
use crate::roster::rowdp::RowRules;

/// Most days one exchange tries (2^14 subsets).
pub(super) const MAX_DAYS: usize = 14;

impl Solver {
    /// Best exchange of agents `i` and `j` over days `lo..hi` (at most `max_days` ≤
    /// [`MAX_DAYS`] tradeable days are used, the first ones). Applies it as a pending move
    /// (cover delta 0, `touched` = both) and returns `Some(0)`: with `strict`, only when it
    /// beats the current pair; otherwise the best exchange of at least one day, better or not
    /// (the annealing move). Returns None, changing nothing, when there is none.
    pub(super) fn propose_pair(
        &mut self,
        i: usize,
        j: usize,
        lo: usize,
        hi: usize,
        max_days: usize,
        strict: bool,
    ) -> Option<i64> {
        let max_days = max_days.clamp(1, MAX_DAYS);
        let d = self.d;
        let mut days = [0usize; MAX_DAYS];
        let mut k = 0;
        for day in lo..hi.min(d) {
            if k == max_days {
                break;
            }
            let (a, b) = (self.cells[i * d + day], self.cells[j * d + day]);
            if a != b && self.free(i, day) && self.free(j, day) && self.can_take(i, b) && self.can_take(j, a)
            {
                days[k] = day;
                k += 1;
            }
        }
        if k == 0 {
            return None;
        }
        let key = |s: Score, t: Score, w: i64| (s.hard + t.hard, (s.hard + t.hard) * w + s.soft + t.soft);
        let base = key(self.staff_score[i], self.staff_score[j], self.w);
        let mut ri: Vec<u8> = self.cells[i * d..(i + 1) * d].to_vec();
        let mut rj: Vec<u8> = self.cells[j * d..(j + 1) * d].to_vec();
        let worst = (i64::MAX, i64::MAX);
        let mut best = (if strict { base } else { worst }, 0u32);
        let mut gray = 0u32;
        for step in 1..(1u32 << k) {
            let bit = step.trailing_zeros() as usize;
            gray ^= 1 << bit;
            let day = days[bit];
            std::mem::swap(&mut ri[day], &mut rj[day]);
            let si = self.c.staff_cost::<false>(i, &ri, &mut self.scratch);
            let sj = self.c.staff_cost::<false>(j, &rj, &mut self.scratch);
            let kk = key(si, sj, self.w);
            if kk < best.0 {
                best = (kk, gray);
            }
        }
        if best.1 == 0 {
            return None;
        }
        for (b, &day) in days.iter().enumerate().take(k) {
            if best.1 & (1 << b) != 0 {
                self.undo_swap.push((i * d + day, j * d + day));
                self.cells.swap(i * d + day, j * d + day);
            }
        }
        self.touched.clear();
        self.touched.extend([i, j]);
        Some(0)
    }

    /// Descent over pair exchanges of the current roster: every pair of agents, over windows of
    /// [`MAX_DAYS`] days (overlapping by half), keeping strict improvements. Returns whether
    /// anything improved.
    pub(super) fn pair_pass(&mut self) -> bool {
        let n = self.c.p.staff.len();
        let d = self.d;
        let stride = (MAX_DAYS / 2).max(1);
        let mut improved = false;
        for i in 0..n {
            for j in i + 1..n {
                let mut lo = 0;
                loop {
                    let hi = (lo + MAX_DAYS).min(d);
                    if let Some(cd) = self.propose_pair(i, j, lo, hi, MAX_DAYS, true) {
                        let s = self.pending(cd);
                        self.commit(s);
                        improved = true;
                    }
                    if hi >= d {
                        break;
                    }
                    lo += stride;
                }
            }
        }
        if !improved && self.cfg.pair_dp_polish {
            for i in 0..n {
                for j in i + 1..n {
                    if let Some(cd) = self.propose_pair_dp(i, j, 0) {
                        improved |= self.keep_if_better(cd);
                    }
                }
            }
        }
        improved
    }
}

impl Solver {
    /// Re-plans the rows of agents `i` and `j` together by [`crate::roster::pairdp`]: both
    /// rows' free cells are taken off, then the best pair of rows is chosen against the exact
    /// cover cost of the two together (plus noise in `0..noise` eighths to vary ties). Returns
    /// the cover delta with `touched` = both, or None (rolled back) when no pair was found.
    pub(super) fn propose_pair_dp(&mut self, i: usize, j: usize, noise: i64) -> Option<i64> {
        let d = self.d;
        let ns = self.c.ns;
        let nv = ns + 1;
        let limit = 400_000;
        let ra = RowRules::new(&self.c, i, limit)?;
        let rb = RowRules::new(&self.c, j, limit)?;
        let mut cd = 0;
        for day in 0..d {
            for a in [i, j] {
                if self.free(a, day) {
                    cd += self.put(a, day, OFF);
                }
            }
        }
        // Cost of (va, vb) per day: both agents' cell costs and the cover of the two together.
        let mut cost = std::mem::take(&mut self.pair_cost);
        cost.clear();
        cost.resize(d * nv * nv, 0);
        let (ci, cj) = (&self.c.staff[i].cell, &self.c.staff[j].cell);
        for day in 0..d {
            for va in 0..nv {
                for vb in 0..nv {
                    let mut x = ci[day * nv + va].1 + cj[day * nv + vb].1;
                    let items_a: &[u32] = if va < ns { &self.c.p.contrib[day * ns + va] } else { &[] };
                    let items_b: &[u32] = if vb < ns { &self.c.p.contrib[day * ns + vb] } else { &[] };
                    for &k in items_a {
                        let k = k as usize;
                        let both = items_b.contains(&(k as u32)) as i32;
                        x += self.c.cover_pen(k, self.count[k] + 1 + both)
                            - self.c.cover_pen(k, self.count[k]);
                    }
                    for &k in items_b.iter().filter(|k| !items_a.contains(k)) {
                        let k = k as usize;
                        x += self.c.cover_pen(k, self.count[k] + 1) - self.c.cover_pen(k, self.count[k]);
                    }
                    let r = if noise > 0 { self.rng.random_range(0..noise) } else { 0 };
                    cost[(day * nv + va) * nv + vb] = x * 8 + r;
                }
            }
        }
        let fixed = |a: usize| -> Vec<Option<u8>> {
            (0..d).map(|day| (!self.free(a, day)).then_some(self.cells[a * d + day])).collect()
        };
        let (fa, fb) = (fixed(i), fixed(j));
        let input = PairInput {
            c: &self.c,
            ra: &ra,
            rb: &rb,
            cost: &cost,
            fixed_a: &fa,
            fixed_b: &fb,
            beam: self.cfg.pair_beam,
        };
        let found = self.pair_dp.solve(&input);
        self.pair_cost = cost;
        let Some((row_a, row_b)) = found else {
            self.rollback();
            return None;
        };
        for day in 0..d {
            if self.free(i, day) {
                cd += self.put(i, day, row_a[day]);
            }
            if self.free(j, day) {
                cd += self.put(j, day, row_b[day]);
            }
        }
        if self.undo.is_empty() {
            return None;
        }
        self.touched.clear();
        self.touched.extend([i, j]);
        Some(cd)
    }
}
