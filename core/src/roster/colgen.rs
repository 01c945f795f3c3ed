//! Column generation and diving: the optimiser's way to change many rows at once.
//!
//! The roster problem is "pick one legal row (column) per agent" with a cost per row (its own
//! rules and requests) plus the cover penalty, which is linear on each side of the
//! requirement. Its LP relaxation over a pool of columns (the restricted master) is solved by
//! an interior-point method (`clarabel`); the duals of the cover rows price every (day,
//! shift), and the row DP ([`super::rowdp`]) finds, per agent, the row of least reduced cost
//! — a new column when it is negative. When no agent has one left, the LP is optimal over all
//! legal rows (for these penalties it is a tight bound on the benchmark instances).
//!
//! Diving turns the fractional LP into a roster: fix the agent whose best column has the
//! largest LP weight to that column, generate columns again for the others, and repeat until
//! every agent is fixed. A fix after which the LP rises by more than a threshold is undone
//! (a few tries per point, then the best of them is kept). Unlike the annealing's moves,
//! every step re-balances all unfixed agents together, so it reaches rosters that differ from
//! the annealing's in many rows at once. The result is scored exactly by the caller.

use std::collections::HashSet;

use clarabel::algebra::CscMatrix;
use clarabel::solver::{
    DefaultSettingsBuilder, DefaultSolver, IPSolver, NonnegativeConeT, SolverStatus, SupportedConeT,
    ZeroConeT,
};

use super::eval::Compiled;
use super::model::OFF;
use super::rowdp::RowDp;

/// An agent and one of its rows.
type AgentRow = (usize, Vec<u8>);

/// Fixes tried (and undone) at one point of a dive before the best of them is kept.
const MAX_TRIALS: usize = 3;

/// Prices are scaled to integers for the DP.
const SCALE: f64 = 1000.0;

struct Col {
    staff: usize,
    row: Vec<u8>,
    /// Own cost of the row (hard · W + soft).
    cost: f64,
    /// Cover items the row counts for, with repetition.
    items: Vec<u32>,
}

pub(crate) struct ColGen {
    w: i64,
    /// Per agent and day: a cell the optimiser may not change (lock or fixed day off).
    fixed_cells: Vec<Vec<Option<u8>>>,
    cols: Vec<Col>,
    seen: HashSet<AgentRow>,
    /// Per agent: the column the dive fixed it to.
    fixed: Vec<Option<usize>>,
    dp: RowDp,
    price: Vec<i64>,
    /// Duals of the last LP: per agent (convexity) and per cover item.
    dual_staff: Vec<f64>,
    dual_cover: Vec<f64>,
    /// LP value per column (0 for columns not in the last LP).
    x: Vec<f64>,
    /// Objective of the last LP (including the fixed agents).
    lp: f64,
    /// Column-generation rounds between two fixes, and the LP weight at which an agent is
    /// fixed along with the dive's main pick.
    rounds: u32,
    fix_at: f64,
    rounds_left: u32,
    /// The LP value when column generation first converged: a lower bound on every roster
    /// (up to the DP's unmodelled rules).
    pub bound: Option<f64>,
    /// Each fix also takes one more of the remaining agents per `batch` of them (0 = one).
    batch: usize,
    /// Random state of a repeated dive (0: the first dive, which fixes the heaviest columns).
    jitter: u64,
    /// The agents of the last fix and the LP value before it: when the LP rises by more than
    /// `jump` after a fix, the fix is undone and its columns may not be fixed again.
    last_fix: Vec<usize>,
    lp_before: f64,
    jump: f64,
    backtracks_left: u32,
    tabu: HashSet<AgentRow>,
    /// The fixes tried and undone at the current point of the dive, with their LP value: when
    /// the backtracks run out, the best of them and the current one is kept.
    trials: Vec<(f64, Vec<AgentRow>)>,
    /// The current fix is the best trial, re-applied: it is kept whatever the LP does.
    settled: bool,
    /// A dive around a roster ([`ColGen::restart_around`]) stops when its first converged LP
    /// is at or above `cutoff`; `root` is false until that LP.
    cutoff: f64,
    root: bool,
}

/// How the dive proceeds: column-generation rounds after a fix, the LP weight from which
/// agents are fixed together, and one more agent fixed per `batch` left (0 = none).
pub(crate) struct DiveParams {
    pub rounds: u32,
    pub fix_at: f64,
    pub batch: usize,
    /// A fix after which the LP rises by more than `jump` is undone (up to `backtracks`
    /// times per dive).
    pub jump: f64,
    pub backtracks: u32,
}

/// What one [`ColGen::step`] did.
pub(crate) enum Step {
    /// More work to do.
    Working,
    /// The dive ended in this roster.
    Done(Vec<u8>),
    /// An LP failed; the dive is abandoned.
    Failed,
    /// The LP over the dive's free agents is no lower than the cutoff: no better roster there.
    Pruned,
}

impl ColGen {
    /// `cells`: a start roster (one column per agent, so the LP always has a solution);
    /// `frozen`: the cells the optimiser may not change.
    pub fn new(c: &Compiled, w: i64, cells: &[u8], frozen: &[bool], params: DiveParams) -> ColGen {
        let DiveParams { rounds, fix_at, batch, jump, backtracks } = params;
        let n = c.p.staff.len();
        let d = c.days;
        let fixed_cells = (0..n)
            .map(|i| (0..d).map(|day| frozen[i * d + day].then_some(cells[i * d + day])).collect())
            .collect();
        let mut g = ColGen {
            w,
            rounds,
            fix_at,
            rounds_left: u32::MAX,
            bound: None,
            batch,
            jitter: 0,
            last_fix: Vec::new(),
            lp_before: f64::INFINITY,
            jump,
            backtracks_left: backtracks,
            tabu: HashSet::new(),
            trials: Vec::new(),
            settled: false,
            cutoff: f64::INFINITY,
            root: false,
            fixed_cells,
            cols: Vec::new(),
            seen: HashSet::new(),
            fixed: vec![None; n],
            dp: RowDp::default(),
            price: Vec::new(),
            dual_staff: vec![0.0; n],
            dual_cover: vec![0.0; c.p.cover.len()],
            x: Vec::new(),
            lp: f64::INFINITY,
        };
        for i in 0..n {
            g.add(c, i, cells[i * d..(i + 1) * d].to_vec());
        }
        g
    }

    /// Adds a row of agent `i` as a column (once). Returns its index if new.
    pub fn add(&mut self, c: &Compiled, i: usize, row: Vec<u8>) -> Option<usize> {
        if !self.seen.insert((i, row.clone())) {
            return None;
        }
        let s = c.staff_cost::<false>(i, &row, &mut Vec::new());
        let ns = c.ns;
        let mut items = Vec::new();
        for (day, v) in row.iter().enumerate() {
            if *v != OFF {
                items.extend_from_slice(&c.p.contrib[day * ns + *v as usize]);
            }
        }
        let cost = (s.hard * self.w + s.soft) as f64;
        self.cols.push(Col { staff: i, row, cost, items });
        Some(self.cols.len() - 1)
    }

    fn active(&self, j: usize) -> bool {
        let col = &self.cols[j];
        match self.fixed[col.staff] {
            Some(f) => f == j,
            None => true,
        }
    }

    /// Solves the restricted master LP; false when the solver fails.
    fn solve_lp(&mut self, c: &Compiled) -> bool {
        let n = c.p.staff.len();
        let k = c.p.cover.len();
        let active: Vec<usize> = (0..self.cols.len()).filter(|j| self.active(*j)).collect();
        let nx = active.len();
        let nv = nx + 2 * k;
        let m_eq = n + k;
        // Columns of A: x (convexity row + cover rows), U_k (+1 on cover row), O_k (−1), each
        // with −1 on its own non-negativity row.
        let mut colptr = Vec::with_capacity(nv + 1);
        let mut rowval = Vec::new();
        let mut nzval = Vec::new();
        let mut q = Vec::with_capacity(nv);
        colptr.push(0);
        let mut tmp: Vec<(usize, f64)> = Vec::new();
        for (t, &j) in active.iter().enumerate() {
            let col = &self.cols[j];
            tmp.clear();
            tmp.push((col.staff, 1.0));
            for &it in &col.items {
                tmp.push((n + it as usize, 1.0));
            }
            tmp.sort_by_key(|e| e.0);
            let mut last = usize::MAX;
            for &(r, v) in &tmp {
                if r == last {
                    *nzval.last_mut().unwrap() += v;
                } else {
                    rowval.push(r);
                    nzval.push(v);
                    last = r;
                }
            }
            rowval.push(m_eq + t);
            nzval.push(-1.0);
            colptr.push(rowval.len());
            q.push(col.cost);
        }
        for (side, sign) in [(0, 1.0), (1, -1.0)] {
            for it in 0..k {
                rowval.push(n + it);
                nzval.push(sign);
                rowval.push(m_eq + nx + side * k + it);
                nzval.push(-1.0);
                colptr.push(rowval.len());
                let cv = &c.p.cover[it];
                q.push(if side == 0 { cv.under_weight } else { cv.over_weight } as f64);
            }
        }
        let mut b = vec![0.0; m_eq + nv];
        b[..n].fill(1.0);
        for (it, cv) in c.p.cover.iter().enumerate() {
            b[n + it] = cv.requirement as f64;
        }
        let a = CscMatrix::new(m_eq + nv, nv, colptr, rowval, nzval);
        let p = CscMatrix::<f64>::zeros((nv, nv));
        let cones: [SupportedConeT<f64>; 2] = [ZeroConeT(m_eq), NonnegativeConeT(nv)];
        let settings = match DefaultSettingsBuilder::default()
            .verbose(false)
            .max_iter(200)
            .tol_gap_abs(1e-5)
            .tol_gap_rel(1e-6)
            .tol_feas(1e-6)
            // Refinement of each KKT solve costs about a sixth of the time and the dive does
            // not need duals that exact.
            .iterative_refinement_enable(false)
            .build()
        {
            Ok(s) => s,
            Err(_) => return false,
        };
        let Ok(mut solver) = DefaultSolver::new(&p, &q, &a, &b, &cones, settings) else {
            return false;
        };
        solver.solve();
        let sol = &solver.solution;
        if !matches!(sol.status, SolverStatus::Solved | SolverStatus::AlmostSolved) {
            return false;
        }
        self.dual_staff.copy_from_slice(&sol.z[..n]);
        self.dual_cover.copy_from_slice(&sol.z[n..n + k]);
        self.x.clear();
        self.x.resize(self.cols.len(), 0.0);
        for (t, &j) in active.iter().enumerate() {
            self.x[j] = sol.x[t];
        }
        self.lp = sol.obj_val;
        true
    }

    /// Prices every unfixed agent once; returns how many new columns were added.
    fn price(&mut self, c: &Compiled) -> usize {
        let ns = c.ns;
        let nv = ns + 1;
        let d = c.days;
        let n = c.p.staff.len();
        let mut added = 0;
        for i in 0..n {
            if self.fixed[i].is_some() {
                continue;
            }
            self.price.clear();
            self.price.resize(d * nv, 0);
            let cell = &c.staff[i].cell;
            for day in 0..d {
                for v in 0..nv {
                    let mut p = cell[day * nv + v].1 as f64;
                    if v < ns {
                        for &it in &c.p.contrib[day * ns + v] {
                            p += self.dual_cover[it as usize];
                        }
                    }
                    self.price[day * nv + v] = (p * SCALE).round() as i64;
                }
            }
            let Some(row) =
                self.dp.solve_capped(c, i, &mut self.price, &self.fixed_cells[i], SCALE as i64 * 1000)
            else {
                continue;
            };
            if let Some(j) = self.add(c, i, row) {
                let col = &self.cols[j];
                let rc = col.cost
                    + self.dual_staff[i]
                    + col.items.iter().map(|it| self.dual_cover[*it as usize]).sum::<f64>();
                if rc < -1e-6 {
                    added += 1;
                } else {
                    // Not improving: forget it so a later price may add it when it is.
                    let col = self.cols.pop().unwrap();
                    self.seen.remove(&(i, col.row));
                }
            }
        }
        added
    }

    /// One unit of work (an LP solve and a pricing round, or a fix): column generation until
    /// no agent has an improving row (or `rounds` rounds after a fix), then fixes the agent
    /// whose best column has the largest LP weight (with every agent at `fix_at` or more, and
    /// one more per `batch` agents left), and so on until every agent is fixed.
    pub fn step(&mut self, c: &Compiled) -> Step {
        if !self.solve_lp(c) {
            return Step::Failed;
        }
        if self.rounds_left > 0 && self.price(c) > 0 {
            self.rounds_left = self.rounds_left.saturating_sub(1);
            return Step::Working;
        }
        if self.bound.is_none() {
            self.bound = Some(self.lp);
        }
        if !self.root {
            self.root = true;
            if self.lp >= self.cutoff {
                return Step::Pruned;
            }
        }
        if !self.settled && !self.last_fix.is_empty() && self.lp > self.lp_before + self.jump {
            // The last fix cost much. Undo it and never fix those columns again in this dive;
            // once the backtracks run out, keep the best fix tried here.
            let rows: Vec<AgentRow> = self
                .last_fix
                .iter()
                .filter_map(|&i| self.fixed[i].map(|j| (i, self.cols[j].row.clone())))
                .collect();
            let best = self.trials.iter().map(|t| t.0).fold(f64::INFINITY, f64::min);
            let retry = self.backtracks_left > 0 && self.trials.len() < MAX_TRIALS;
            if retry || best < self.lp {
                for i in std::mem::take(&mut self.last_fix) {
                    self.fixed[i] = None;
                }
                for r in &rows {
                    self.tabu.insert(r.clone());
                }
                self.trials.push((self.lp, rows));
                if retry {
                    self.backtracks_left -= 1;
                } else {
                    self.refix_best_trial();
                }
                self.rounds_left = self.rounds;
                return Step::Working;
            }
        }
        if !self.last_fix.is_empty() || self.trials.is_empty() {
            // The last fix is kept (or this is the root): the next is measured from here.
            // (After an undo the LP is back where it was before the fix undone.)
            self.settled = false;
            self.trials.clear();
            self.lp_before = self.lp;
        }
        self.fix(false);
        self.prune();
        if self.fixed.iter().all(|f| f.is_some()) {
            return Step::Done(self.cells(c));
        }
        self.rounds_left = self.rounds;
        Step::Working
    }

    /// Starts another dive over the same pool (with `cells`' rows added) from the root LP,
    /// picking among the heaviest columns with the random state `jitter` (non-zero).
    pub fn restart(&mut self, c: &Compiled, cells: &[u8], params: DiveParams, jitter: u64) {
        self.fixed.iter_mut().for_each(|f| *f = None);
        let d = c.days;
        for i in 0..self.fixed.len() {
            self.add(c, i, cells[i * d..(i + 1) * d].to_vec());
        }
        self.rounds = params.rounds;
        self.fix_at = params.fix_at;
        self.batch = params.batch;
        self.jump = params.jump;
        self.backtracks_left = params.backtracks;
        self.tabu.clear();
        self.last_fix.clear();
        self.trials.clear();
        self.settled = false;
        self.lp_before = f64::INFINITY;
        self.rounds_left = u32::MAX;
        self.jitter = jitter;
        self.cutoff = f64::INFINITY;
        self.root = false;
    }

    /// Starts a dive over the agents marked `free` only, every other agent fixed to its row in
    /// `cells` (a large neighbourhood of that roster). It ends with [`Step::Pruned`] when the
    /// LP over that neighbourhood is at or above `cutoff` (then no roster in it is better).
    pub fn restart_around(
        &mut self,
        c: &Compiled,
        cells: &[u8],
        free: &[bool],
        params: DiveParams,
        jitter: u64,
        cutoff: f64,
    ) {
        self.restart(c, cells, params, jitter);
        let d = c.days;
        for (i, f) in free.iter().enumerate() {
            if !f {
                let row = &cells[i * d..(i + 1) * d];
                self.fixed[i] = self.cols.iter().position(|col| col.staff == i && col.row == row);
            }
        }
        self.last_fix.clear();
        self.prune();
        self.cutoff = cutoff;
    }

    /// Fixes again the agents of the trial with the lowest LP value (their columns are still
    /// in the pool: columns of agents not fixed are never dropped).
    fn refix_best_trial(&mut self) {
        let Some(k) = (0..self.trials.len()).min_by(|a, b| self.trials[*a].0.total_cmp(&self.trials[*b].0))
        else {
            return;
        };
        let (_, rows) = self.trials.swap_remove(k);
        for (i, row) in rows {
            if let Some(j) = self.cols.iter().position(|col| col.staff == i && col.row == row) {
                self.fixed[i] = Some(j);
                self.last_fix.push(i);
            }
        }
        self.settled = true;
    }

    /// Ends the dive now: every agent not yet fixed takes its column of largest LP weight.
    pub fn finish(&mut self, c: &Compiled) -> Vec<u8> {
        self.fix(true);
        self.cells(c)
    }

    fn fix(&mut self, all: bool) {
        let n = self.fixed.len();
        self.last_fix.clear();
        // Per agent: its heaviest column, one not undone by a backtrack if it has any.
        let mut best: Vec<Option<(bool, f64, usize)>> = vec![None; n];
        for (j, col) in self.cols.iter().enumerate() {
            if self.fixed[col.staff].is_some() {
                continue;
            }
            let ok = all || self.tabu.is_empty() || !self.tabu.contains(&(col.staff, col.row.clone()));
            let x = self.x.get(j).copied().unwrap_or(0.0);
            if best[col.staff].is_none_or(|(bok, bx, _)| (ok, x) > (bok, bx)) {
                best[col.staff] = Some((ok, x, j));
            }
        }
        // Agents fixed outright, then the heaviest others (one, or more with `batch`).
        let mut rest: Vec<(f64, usize, usize)> = Vec::new();
        for (i, b) in best.iter().enumerate() {
            if let Some((_, x, j)) = *b {
                if all || x >= self.fix_at {
                    self.fixed[i] = Some(j);
                    self.last_fix.push(i);
                } else {
                    rest.push((x, i, j));
                }
            }
        }
        rest.sort_by(|a, b| b.0.total_cmp(&a.0));
        let k = 1 + rest.len().checked_div(self.batch).unwrap_or(0);
        for _ in 0..k.min(rest.len()) {
            // A repeated dive takes one of the three heaviest at random.
            let pick = if self.jitter == 0 {
                0
            } else {
                self.jitter ^= self.jitter << 13;
                self.jitter ^= self.jitter >> 7;
                self.jitter ^= self.jitter << 17;
                (self.jitter % rest.len().min(3) as u64) as usize
            };
            let (_, i, j) = rest.remove(pick);
            self.fixed[i] = Some(j);
            self.last_fix.push(i);
        }
    }

    /// Drops the columns of fixed agents other than the fixed one, except for the agents of
    /// the last fix (a backtrack may free them again: the LP leaves their other columns out
    /// meanwhile). (Dropping columns by their reduced cost under the current duals made later
    /// dives worse: the duals change with every fix.)
    fn prune(&mut self) {
        let mut keep_all = vec![false; self.fixed.len()];
        for &i in &self.last_fix {
            keep_all[i] = true;
        }
        let mut map = vec![usize::MAX; self.cols.len()];
        let mut kept = Vec::with_capacity(self.cols.len());
        for (j, col) in std::mem::take(&mut self.cols).into_iter().enumerate() {
            if keep_all[col.staff] || self.fixed[col.staff].is_none_or(|f| f == j) {
                map[j] = kept.len();
                kept.push(col);
            } else {
                self.seen.remove(&(col.staff, col.row));
            }
        }
        self.cols = kept;
        for f in self.fixed.iter_mut().flatten() {
            *f = map[*f];
        }
        self.x.clear();
    }

    fn cells(&self, c: &Compiled) -> Vec<u8> {
        let d = c.days;
        let mut cells = vec![OFF; self.fixed.len() * d];
        for (i, f) in self.fixed.iter().enumerate() {
            if let Some(j) = f {
                cells[i * d..(i + 1) * d].copy_from_slice(&self.cols[*j].row);
            }
        }
        cells
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::model::Problem;

    fn instance_1() -> Problem {
        let text = include_str!("../../../tests/data/roster/curtois/Instance1.txt");
        crate::roster::curtois::read_curtois(text).unwrap()
    }

    /// A dive from an empty roster (days off frozen) with these parameters.
    fn dive_from_empty(c: &Compiled, params: DiveParams) -> ColGen {
        let (n, d) = (c.p.staff.len(), c.days);
        let frozen: Vec<bool> = (0..n * d).map(|x| c.staff[x / d].day_off[x % d]).collect();
        ColGen::new(c, 300, &vec![OFF; n * d], &frozen, params)
    }

    /// Steps the dive to its end: its roster, or None when pruned.
    fn run(g: &mut ColGen, c: &Compiled) -> Option<Vec<u8>> {
        loop {
            match g.step(c) {
                Step::Working => {}
                Step::Done(r) => return Some(r),
                Step::Pruned => return None,
                Step::Failed => panic!("LP failed"),
            }
        }
    }

    /// Instance 1 of the benchmark (optimum 607): the LP bound is a true lower bound and close
    /// to it, and the dive ends in a legal roster no better than the optimum.
    #[test]
    fn bound_and_dive_on_instance_1() {
        let p = instance_1();
        let c = Compiled::new(&p);
        let params = DiveParams { rounds: 50, fix_at: 0.9, batch: 10, jump: 10.0, backtracks: 8 };
        let mut g = dive_from_empty(&c, params);
        let roster = run(&mut g, &c).expect("a whole dive is never pruned");
        let bound = g.bound.expect("bound");
        let rep = c.report(&roster);
        assert_eq!(rep.score.hard, 0, "{:?}", rep.violations);
        assert!((550.0..=607.0).contains(&bound), "bound {bound}");
        assert!(rep.score.soft >= 607 && rep.score.soft < 700, "dive {:?}", rep.score);
    }

    /// A dive that backtracks on every rise of the LP (jump 0): it undoes fixes, keeps the
    /// best of those it tried, and still ends in a complete legal roster.
    #[test]
    fn backtracking_dive_undoes_fixes_and_ends_legal() {
        let p = instance_1();
        let c = Compiled::new(&p);
        let d = c.days;
        let params = DiveParams { rounds: 50, fix_at: 0.9, batch: 0, jump: 0.0, backtracks: 6 };
        let mut g = dive_from_empty(&c, params);
        let roster = run(&mut g, &c).expect("a whole dive is never pruned");
        assert_eq!(g.backtracks_left, 0, "the LP rose after some fixes, so fixes were undone");
        assert!(!g.tabu.is_empty());
        for (i, f) in g.fixed.iter().enumerate() {
            let j = f.expect("every agent fixed");
            assert_eq!(roster[i * d..(i + 1) * d], g.cols[j].row[..]);
        }
        let rep = c.report(&roster);
        assert_eq!(rep.score.hard, 0, "{:?}", rep.violations);
        assert!(rep.score.soft >= 607 && rep.score.soft < 700, "dive {:?}", rep.score);
    }

    /// A neighbourhood dive changes only the freed agents' rows, and stops at its first LP
    /// when the cutoff says nothing better can be there.
    #[test]
    fn neighbourhood_dive_keeps_the_other_rows() {
        let p = instance_1();
        let c = Compiled::new(&p);
        let (n, d) = (p.staff.len(), c.days);
        let params = || DiveParams { rounds: 50, fix_at: 0.9, batch: 0, jump: 10.0, backtracks: 4 };
        let mut g = dive_from_empty(&c, params());
        let first = run(&mut g, &c).expect("a whole dive is never pruned");
        let free: Vec<bool> = (0..n).map(|i| i % 3 == 0).collect();
        g.restart_around(&c, &first, &free, params(), 7, f64::INFINITY);
        let around = run(&mut g, &c).expect("no cutoff");
        for i in (0..n).filter(|i| !free[*i]) {
            assert_eq!(around[i * d..(i + 1) * d], first[i * d..(i + 1) * d], "agent {i} was not free");
        }
        assert_eq!(c.report(&around).score.hard, 0);
        g.restart_around(&c, &first, &free, params(), 7, f64::NEG_INFINITY);
        assert!(run(&mut g, &c).is_none(), "every LP is at or above a cutoff of minus infinity");
    }
}
