//! The anytime roster optimiser: greedy construction, then simulated annealing (default) or
//! late-acceptance hill climbing (LAHC) over a rich move set, with incremental (delta)
//! evaluation.
//!
//! Designed for a Web Worker: no threads and no clock. The caller drives it with
//! [`Solver::step`] (a number of iterations) and reads [`Progress`] after each call to draw the
//! objective chart and decide when to stop; [`Solver::run_for`] does the same loop with an
//! injected clock closure for native callers. Deterministic for a seed: the same problem,
//! start roster, locks, config and sequence of `step` budgets give the same result.
//!
//! Search space: every free cell holds OFF or a shift type in the agent's domain (allowed and
//! not capped at 0); locked cells and fixed days off are never touched. Hard rules are
//! penalised with a weight `W` (combined cost = W·hard + soft) so the search can pass through
//! illegal rosters, but the best roster is kept in (hard, soft) order, so once a legal roster
//! has been seen the result is always legal.
//!
//! Moves: change one cell; swap a block of 1–7 days between two agents (cover unchanged);
//! set a block of days to one value; swap two days within one agent's row; a cover-driven
//! change that puts a person where the cover is short or takes one away where it is over; and,
//! every `row_every` iterations, ruin and recreate: 1..=`ruin_rows` agents' rows are taken off
//! and re-planned one after the other by the row DP ([`super::rowdp`]) priced on the marginal
//! cover cost, with per-type maxima priced up Lagrangian-style when the DP row exceeds them.
//! Opt-in variants of that large move (off by default: in 3-seed CPU-time runs on the Curtois
//! instances they did not beat the default beyond noise): ruin a block of days of several
//! agents (`window_share`), re-plan the ruined rows again (`repass`), and ejection chains that
//! force an agent onto an under-covered shift and follow the shift it gives up
//! (`chain_share`); and independent restarts for the first cooling cycles (`fresh_cycles`).
//! A move's delta is exact: the changed agents are re-scored and the cover counts updated
//! cell by cell. At the end of each annealing cycle the best roster is polished by a row-DP
//! descent, then pair exchanges (`solver/pairs.rs`), before the next, cooler cycle starts from it.
//! Also opt-in: pair exchanges (`pair_share`) and two-row DP re-plans (`pair_dp_share`,
//! `pairdp`) as annealing moves, and two-row re-plans of every pair in the polish
//! (`pair_dp_polish`).
//!
//! Many rows at once: on problems whose rows the row DP models exactly (no weekly rule), a
//! column-generation dive (`colgen`) runs after `dive_after` iterations, one unit per
//! [`Solver::step`] call; it re-balances all agents together against LP prices, which the
//! one- and two-agent moves cannot (it finds the optimum of Curtois instances 2–4 in under a
//! second). After it, every `dive_free_again` iterations, a neighbourhood dive frees
//! `dive_free` agents around a day whose cover is off and keeps the others' rows; its LP
//! tells at once when nothing better lies there (with `dive_free` 0, whole dives repeat
//! instead, up to `dive_max`, every `dive_again`). [`BudgetRun`] slices a time budget for
//! callers with a clock.

use rand::{Rng, RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;
use serde::{Deserialize, Serialize};

use super::eval::{Compiled, Report};
use super::model::{OFF, Problem, ProblemError, Roster, Score};

mod pairs;

/// Optimiser settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SolverConfig {
    pub seed: u64,
    /// LAHC history length: longer searches wider and converges later.
    pub lahc_length: usize,
    /// Weight of one hard unit in the search; 0 = automatic (from the soft weights).
    pub hard_weight: i64,
    /// Iterations without a new best after which the search restarts from the best roster
    /// (late acceptance only).
    pub restart_after: u64,
    /// Acceptance rule.
    pub acceptance: Acceptance,
    /// Annealing: start temperature as a share of the largest soft weight, and end temperature.
    pub t0_factor: f64,
    pub t_end: f64,
    /// Annealing: iterations of one cooling cycle; 0 = 20 million. `run_for` re-plans it from
    /// the measured speed so one cycle fills the time budget. After a cycle the search restarts
    /// from the best roster with a cooler cycle.
    pub planned_iterations: u64,
    /// Every this many iterations, re-plan one agent's whole row by dynamic programming
    /// (0 = never).
    pub row_every: u64,
    /// `run_for`: number of cooling cycles the time budget is split into.
    pub cycles: u32,
    /// Ruin-and-recreate move: up to this many agents' rows are re-planned together.
    pub ruin_rows: usize,
    /// Random noise added to the DP's prices (in eighths of a cost unit) to vary ties.
    pub row_noise: i64,
    /// Share (percent) of ruin-and-recreate moves that ruin a block of days of several agents
    /// instead of whole rows; the block's longest length and most agents.
    pub window_share: u32,
    pub window_len: usize,
    pub window_rows: usize,
    /// Extra re-planning passes over the ruined agents after the recreate.
    pub repass: u32,
    /// Annealing: the first `fresh_cycles - 1` cooling cycles end with an independent restart
    /// (the start roster, constructed again); later cycles restart from the best roster with
    /// the start temperature multiplied by `reheat`.
    pub fresh_cycles: u32,
    pub reheat: f64,
    /// Share (percent) of large moves that are ejection chains, and the longest chain.
    pub chain_share: u32,
    pub chain_depth: usize,
    /// Polish also tries every pair exchange (`solver/pairs.rs`) when the row re-plans stall.
    pub pair_polish: bool,
    /// Share (percent) of large moves that are a pair exchange (`solver/pairs.rs`): two random
    /// agents, the best trade over up to `pair_days` days of a random window, better or not.
    pub pair_share: u32,
    pub pair_days: usize,
    /// Share (percent) of large moves that re-plan two random agents' rows together (see
    /// `pairdp`), and the states kept per day.
    pub pair_dp_share: u32,
    pub pair_beam: usize,
    /// Polish also re-plans every pair of rows together when nothing else improves.
    pub pair_dp_polish: bool,
    /// Column-generation dives (`colgen`) from `dive_after` iterations on, on problems whose rows
    /// the row DP models exactly (no weekly rule). While it runs, each [`Solver::step`] call
    /// does one unit of it (an LP solve and a pricing round, or a fix) instead of iterations.
    /// Its roster becomes the best when better; the annealing then goes on from the best
    /// with the start temperature times `dive_t0`.
    pub dive: bool,
    pub dive_after: u64,
    /// Column-generation rounds between two fixes, and the LP weight from which agents are
    /// fixed together.
    pub dive_rounds: u32,
    pub dive_fix: f64,
    /// Each fix of the dive also takes one more agent per this many left (0 = one at a time).
    pub dive_batch: usize,
    /// A fix after which the dive's LP rises by more than `dive_jump` is undone, up to
    /// `dive_backtracks` times per dive.
    pub dive_jump: f64,
    pub dive_backtracks: u32,
    pub dive_t0: f64,
    /// Time-budgeted runs ([`BudgetRun`]): a dive still running at this share of the budget
    /// is ended (the agents not yet fixed take their heaviest column) and no other starts, so
    /// the annealing has the rest.
    pub dive_share: f64,
    /// With `dive_free` 0: up to `dive_max` dives, each `dive_again` iterations of annealing
    /// after the last; a later dive starts from the best roster with the pool of columns kept and picks among
    /// the heaviest columns at random (the dive's result depends much on which it fixes).
    pub dive_max: u32,
    pub dive_again: u64,
    /// When non-zero, the dives after the first are neighbourhood dives, every
    /// `dive_free_again` iterations with no limit: `dive_free` agents (first those who may
    /// work on a day whose cover is off in the best roster) are freed, the others keep their
    /// row of the best roster. Such a dive stops at once when its LP shows no better roster
    /// in the neighbourhood; its roster is taken only when better, and the annealing goes on.
    pub dive_free: usize,
    pub dive_free_again: u64,
}

/// How a worse roster may be accepted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Acceptance {
    /// Simulated annealing with geometric cooling over the planned iterations (default).
    #[default]
    Annealing,
    /// Late-acceptance hill climbing with history `lahc_length`.
    LateAcceptance,
}

impl Default for SolverConfig {
    fn default() -> Self {
        SolverConfig {
            seed: 1,
            lahc_length: 2000,
            hard_weight: 0,
            restart_after: 3_000_000,
            acceptance: Acceptance::Annealing,
            t0_factor: 1.0,
            t_end: 0.3,
            planned_iterations: 0,
            row_every: 10_000,
            cycles: 1,
            ruin_rows: 1,
            row_noise: 4,
            window_share: 0,
            window_len: 7,
            window_rows: 4,
            repass: 0,
            fresh_cycles: 0,
            reheat: 0.5,
            chain_share: 0,
            chain_depth: 5,
            pair_polish: true,
            pair_share: 0,
            pair_days: 8,
            pair_dp_share: 0,
            pair_beam: 3000,
            pair_dp_polish: false,
            dive: true,
            dive_after: 10,
            dive_rounds: 15,
            dive_fix: 0.9,
            dive_batch: 10,
            dive_jump: 10.0,
            dive_backtracks: 8,
            dive_t0: 0.5,
            dive_share: 0.85,
            dive_max: 4,
            dive_again: 1_000_000,
            dive_free: 8,
            dive_free_again: 20_000,
        }
    }
}

/// What the optimiser has done so far.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub iterations: u64,
    pub current: Score,
    pub best: Score,
    /// Iteration at which `best` was found.
    pub best_at: u64,
}

pub struct Solver {
    c: Compiled,
    d: usize,
    cells: Vec<u8>,
    frozen: Vec<bool>,
    count: Vec<i32>,
    staff_score: Vec<Score>,
    cur: Score,
    best_cells: Vec<u8>,
    best: Score,
    best_at: u64,
    rng: Pcg64Mcg,
    hist: Vec<i64>,
    iter: u64,
    w: i64,
    cfg: SolverConfig,
    undo: Vec<(usize, u8)>,
    /// Cell pairs exchanged by a swap move (cover-neutral), for undo.
    undo_swap: Vec<(usize, usize)>,
    scratch: Vec<super::model::Violation>,
    /// Agents whose row the pending move changed, and their new scores.
    touched: Vec<usize>,
    new_scores: Vec<Score>,
    /// Moves actually evaluated (applicable proposals), for speed figures.
    evaluated: u64,
    last_restart: u64,
    dp: super::rowdp::RowDp,
    dp_cost: Vec<i64>,
    plan: u64,
    cycle_start: u64,
    t0: f64,
    /// Largest cover weight (temperature scale, DP penalty scale).
    max_weight: i64,
    rows_buf: Vec<usize>,
    fixed_buf: Vec<Option<u8>>,
    /// The start roster (before construction), for independent restarts.
    init_cells: Vec<u8>,
    cycle_no: u32,
    pair_dp: super::pairdp::PairDp,
    pair_cost: Vec<i64>,
    /// The column-generation dive: pending (None and not done), running, or done.
    /// The column pool of the dives, and whether a dive is running.
    colgen: Option<super::colgen::ColGen>,
    running: bool,
    /// Dives ended so far (`dive_max` when dives are off), and the iteration of the next.
    dives: u32,
    next_dive: u64,
    /// The LP lower bound from the dive's first converged column generation.
    bound: Option<f64>,
    /// Dive units done (each an LP solve), for progress figures.
    dive_units: u64,
    /// The running dive is a neighbourhood dive (`dive_free`).
    around: bool,
}

impl Solver {
    /// Builds the optimiser. `start`: a roster to begin from (e.g. the user's edits); `locks`:
    /// cells (same layout as `Roster::cells`) the optimiser must keep. Runs the greedy
    /// construction, which costs a few sweeps over all cells.
    pub fn new(
        problem: &Problem,
        start: Option<&Roster>,
        locks: Option<&[bool]>,
        cfg: SolverConfig,
    ) -> Result<Solver, ProblemError> {
        problem.validate()?;
        let c = Compiled::new(problem);
        let d = c.days;
        let n = problem.staff.len() * d;
        let mut cells = match start {
            Some(r) if r.cells.len() == n && r.days as usize == d => {
                r.cells.iter().map(|v| if (*v as usize) < c.ns { *v } else { OFF }).collect()
            }
            Some(_) => return Err(ProblemError::Invalid("start roster does not match the problem".into())),
            None => vec![OFF; n],
        };
        let mut frozen = vec![false; n];
        if let Some(l) = locks {
            if l.len() != n {
                return Err(ProblemError::Invalid("lock table does not match the problem".into()));
            }
            frozen.copy_from_slice(l);
        }
        for i in 0..problem.staff.len() {
            for day in 0..d {
                if c.staff[i].day_off[day] && !frozen[i * d + day] {
                    cells[i * d + day] = OFF;
                    frozen[i * d + day] = true;
                }
            }
        }
        let w = if cfg.hard_weight > 0 {
            cfg.hard_weight
        } else {
            let mut m = 1i64;
            for cv in &problem.cover {
                m = m.max(cv.under_weight).max(cv.over_weight);
            }
            for s in &problem.staff {
                for r in s.on_requests.iter().chain(&s.off_requests) {
                    m = m.max(r.weight);
                }
                m = m
                    .max(s.week_target_weight)
                    .max(s.fair_late_weight)
                    .max(s.fair_weekends_weight)
                    .max(s.week_min_shifts_weight);
            }
            (m * 3).max(300)
        };
        let plan = if cfg.planned_iterations > 0 { cfg.planned_iterations } else { 20_000_000 };
        let mut max_weight = 1i64;
        for cv in &problem.cover {
            max_weight = max_weight.max(cv.under_weight).max(cv.over_weight);
        }
        let mut s = Solver {
            count: Vec::new(),
            staff_score: Vec::new(),
            cur: Score::default(),
            best_cells: Vec::new(),
            best: Score::default(),
            best_at: 0,
            rng: Pcg64Mcg::seed_from_u64(cfg.seed),
            hist: vec![0; cfg.lahc_length.max(1)],
            iter: 0,
            w,
            c,
            d,
            cells,
            frozen,
            cfg,
            undo: Vec::new(),
            undo_swap: Vec::new(),
            scratch: Vec::new(),
            touched: Vec::new(),
            new_scores: Vec::new(),
            evaluated: 0,
            last_restart: 0,
            dp: Default::default(),
            dp_cost: Vec::new(),
            plan,
            cycle_start: 0,
            t0: 0.0,
            max_weight,
            rows_buf: Vec::new(),
            fixed_buf: Vec::new(),
            init_cells: Vec::new(),
            cycle_no: 0,
            pair_dp: Default::default(),
            pair_cost: Vec::new(),
            colgen: None,
            running: false,
            dives: 0,
            next_dive: 0,
            bound: None,
            dive_units: 0,
            around: false,
        };
        // The dive's columns are exact only when the row DP models every rule of the row.
        if !s.cfg.dive || s.c.weekly.iter().any(|w| *w) || problem.staff.is_empty() {
            s.dives = u32::MAX;
        }
        s.next_dive = s.cfg.dive_after;
        s.t0 = max_weight as f64 * s.cfg.t0_factor;
        s.init_cells = s.cells.clone();
        s.recompute();
        s.construct();
        s.best_cells = s.cells.clone();
        s.best = s.cur;
        let f = s.f(s.cur);
        s.hist.iter_mut().for_each(|h| *h = f);
        Ok(s)
    }

    #[inline]
    fn f(&self, s: Score) -> i64 {
        s.hard * self.w + s.soft
    }

    fn recompute(&mut self) {
        let n = self.c.p.staff.len();
        self.count = self.c.coverage(&self.cells);
        self.staff_score = (0..n)
            .map(|i| {
                self.c.staff_cost::<false>(i, &self.cells[i * self.d..(i + 1) * self.d], &mut self.scratch)
            })
            .collect();
        let mut cur = Score::default();
        for s in &self.staff_score {
            cur.hard += s.hard;
            cur.soft += s.soft;
        }
        for (k, n) in self.count.iter().enumerate() {
            cur.soft += self.c.cover_pen(k, *n);
        }
        self.cur = cur;
    }

    /// Changes one cell's cover counts; returns the soft delta.
    #[inline]
    fn cover_change(&mut self, day: usize, from: u8, to: u8) -> i64 {
        let mut delta = 0;
        let ns = self.c.ns;
        if from != OFF {
            for &k in &self.c.p.contrib[day * ns + from as usize] {
                let k = k as usize;
                let n = self.count[k];
                delta += self.c.cover_pen(k, n - 1) - self.c.cover_pen(k, n);
                self.count[k] = n - 1;
            }
        }
        if to != OFF {
            for &k in &self.c.p.contrib[day * ns + to as usize] {
                let k = k as usize;
                let n = self.count[k];
                delta += self.c.cover_pen(k, n + 1) - self.c.cover_pen(k, n);
                self.count[k] = n + 1;
            }
        }
        delta
    }

    /// Sets a cell, recording it for undo; returns the cover delta.
    #[inline]
    fn put(&mut self, i: usize, day: usize, v: u8) -> i64 {
        let idx = i * self.d + day;
        let old = self.cells[idx];
        if old == v {
            return 0;
        }
        self.undo.push((idx, old));
        self.cells[idx] = v;
        self.cover_change(day, old, v)
    }

    fn rollback(&mut self) {
        while let Some((x, y)) = self.undo_swap.pop() {
            self.cells.swap(x, y);
        }
        while let Some((idx, old)) = self.undo.pop() {
            let now = self.cells[idx];
            self.cells[idx] = old;
            self.cover_change(idx % self.d, now, old);
        }
    }

    fn staff_now(&mut self, i: usize) -> Score {
        self.c.staff_cost::<false>(i, &self.cells[i * self.d..(i + 1) * self.d], &mut self.scratch)
    }

    /// Evaluates the pending change of the agents in `touched`, given the cover delta: fills
    /// `new_scores` and returns the new total score.
    fn pending(&mut self, cover_delta: i64) -> Score {
        let mut s = Score { hard: self.cur.hard, soft: self.cur.soft + cover_delta };
        self.new_scores.clear();
        for k in 0..self.touched.len() {
            let i = self.touched[k];
            let si = self.staff_now(i);
            s.hard += si.hard - self.staff_score[i].hard;
            s.soft += si.soft - self.staff_score[i].soft;
            self.new_scores.push(si);
        }
        s
    }

    fn commit(&mut self, s: Score) {
        self.undo.clear();
        self.undo_swap.clear();
        for (k, &i) in self.touched.iter().enumerate() {
            self.staff_score[i] = self.new_scores[k];
        }
        self.cur = s;
    }

    fn touch(&mut self, i: usize) {
        self.touched.clear();
        self.touched.push(i);
    }

    /// Greedy construction: sweeps every free cell in random order and gives it its best value
    /// while that lowers (hard, combined cost) lexicographically, so a legal start stays legal;
    /// stops after a sweep without change.
    fn construct(&mut self) {
        let n = self.c.p.staff.len();
        let mut order: Vec<usize> = (0..n * self.d).filter(|x| !self.frozen[*x]).collect();
        for _ in 0..6 {
            shuffle(&mut order, &mut self.rng);
            let mut changed = false;
            for &idx in &order.clone() {
                let (i, day) = (idx / self.d, idx % self.d);
                let cur_key = (self.cur.hard, self.f(self.cur));
                let mut best: Option<((i64, i64), u8)> = None;
                let dom = self.c.staff[i].domain.clone();
                for &v in &dom {
                    if v == self.cells[idx] {
                        continue;
                    }
                    let cd = self.put(i, day, v);
                    self.touch(i);
                    let s = self.pending(cd);
                    // Lexicographic: never trade a hard unit for soft gains while building.
                    let key = (s.hard, self.f(s));
                    self.rollback();
                    if key < cur_key && best.is_none_or(|(b, _)| key < b) {
                        best = Some((key, v));
                    }
                }
                if let Some((_, v)) = best {
                    let cd = self.put(i, day, v);
                    self.touch(i);
                    let s = self.pending(cd);
                    self.commit(s);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
    }

    fn free(&self, i: usize, day: usize) -> bool {
        !self.frozen[i * self.d + day]
    }

    fn can_take(&self, i: usize, v: u8) -> bool {
        v == OFF || (self.c.staff[i].allowed[v as usize] && self.c.staff[i].max_shifts[v as usize] > 0)
    }

    /// Proposes and applies one random move; returns the staff touched, or None if the move
    /// was not applicable (nothing changed).
    fn propose(&mut self) -> Option<i64> {
        let n = self.c.p.staff.len();
        let d = self.d;
        let i = self.rng.random_range(0..n);
        let kind = self.rng.random_range(0..100u32);
        let mut cd = 0;
        if kind < 30 {
            // Change one cell.
            let day = self.rng.random_range(0..d);
            if !self.free(i, day) {
                return None;
            }
            let dom = &self.c.staff[i].domain;
            if dom.len() < 2 {
                return None;
            }
            let v = dom[self.rng.random_range(0..dom.len())];
            cd += self.put(i, day, v);
            if self.undo.is_empty() {
                return None;
            }
            {
                self.touch(i);
                Some(cd)
            }
        } else if kind < 65 {
            // Swap a block between two agents.
            if n < 2 {
                return None;
            }
            let mut j = self.rng.random_range(0..n - 1);
            if j >= i {
                j += 1;
            }
            let len = self.rng.random_range(1..=d.min(7));
            let start = self.rng.random_range(0..=d - len);
            for day in start..start + len {
                let (a, b) = (self.cells[i * d + day], self.cells[j * d + day]);
                if a == b {
                    continue;
                }
                if !self.free(i, day) || !self.free(j, day) || !self.can_take(i, b) || !self.can_take(j, a) {
                    self.rollback();
                    return None;
                }
                // Same day, values exchanged: the cover counts do not change.
                self.undo_swap.push((i * d + day, j * d + day));
                self.cells[i * d + day] = b;
                self.cells[j * d + day] = a;
            }
            if self.undo_swap.is_empty() {
                return None;
            }
            {
                self.touched.clear();
                self.touched.extend([i, j]);
                Some(0)
            }
        } else if kind < 80 {
            // Set a block to one value.
            let len = self.rng.random_range(1..=d.min(5));
            let start = self.rng.random_range(0..=d - len);
            let dom = &self.c.staff[i].domain;
            let v = if self.rng.random_bool(0.4) { OFF } else { dom[self.rng.random_range(0..dom.len())] };
            for day in start..start + len {
                if self.free(i, day) {
                    cd += self.put(i, day, v);
                }
            }
            if self.undo.is_empty() {
                return None;
            }
            {
                self.touch(i);
                Some(cd)
            }
        } else if kind < 90 {
            // Swap two days of one agent.
            let a = self.rng.random_range(0..d);
            let b = self.rng.random_range(0..d);
            let (va, vb) = (self.cells[i * d + a], self.cells[i * d + b]);
            if a == b || va == vb || !self.free(i, a) || !self.free(i, b) {
                return None;
            }
            cd += self.put(i, a, vb);
            cd += self.put(i, b, va);
            {
                self.touch(i);
                Some(cd)
            }
        } else {
            // Cover-driven: pick a cover item, move toward its requirement.
            let k = self.rng.random_range(0..self.count.len().max(1));
            let cv = self.c.p.cover.get(k)?;
            let day = cv.day as usize;
            let need = cv.requirement - self.count[k];
            if need == 0 || !self.free(i, day) {
                return None;
            }
            let ns = self.c.ns;
            let v = if need > 0 {
                // A shift on that day covering k.
                let dom = &self.c.staff[i].domain;
                let opts: Vec<u8> = dom
                    .iter()
                    .copied()
                    .filter(|v| *v != OFF && self.c.p.contrib[day * ns + *v as usize].contains(&(k as u32)))
                    .collect();
                if opts.is_empty() {
                    return None;
                }
                opts[self.rng.random_range(0..opts.len())]
            } else {
                let cur = self.cells[i * d + day];
                if cur == OFF || !self.c.p.contrib[day * ns + cur as usize].contains(&(k as u32)) {
                    return None;
                }
                OFF
            };
            cd += self.put(i, day, v);
            if self.undo.is_empty() {
                return None;
            }
            {
                self.touch(i);
                Some(cd)
            }
        }
    }

    /// Ruin and recreate. Either (rows) 1..=`ruin_rows` random agents lose their whole row, or
    /// (window, `window_share` % of the time) 2..=`window_rows` agents lose a block of
    /// 2..=`window_len` days; the lost cells are re-planned one agent after the other, each
    /// optimally given everyone else, by the dynamic programme of [`super::rowdp`] (cells
    /// outside the block fixed), then `repass` more times each. Returns the cover delta like
    /// [`Solver::propose`].
    fn propose_row(&mut self) -> Option<i64> {
        let n = self.c.p.staff.len();
        let d = self.d;
        if self.cfg.chain_share > 0 && self.rng.random_range(0..100) < self.cfg.chain_share {
            return self.propose_chain();
        }
        if self.cfg.pair_dp_share > 0 && n >= 2 && self.rng.random_range(0..100) < self.cfg.pair_dp_share {
            let i = self.rng.random_range(0..n);
            let mut j = self.rng.random_range(0..n - 1);
            if j >= i {
                j += 1;
            }
            return self.propose_pair_dp(i, j, self.cfg.row_noise);
        }
        if self.cfg.pair_share > 0 && n >= 2 && self.rng.random_range(0..100) < self.cfg.pair_share {
            let i = self.rng.random_range(0..n);
            let mut j = self.rng.random_range(0..n - 1);
            if j >= i {
                j += 1;
            }
            let len = (2 * self.cfg.pair_days).min(d);
            let lo = self.rng.random_range(0..=d - len);
            return self.propose_pair(i, j, lo, lo + len, self.cfg.pair_days, false);
        }
        let window = self.cfg.window_share > 0 && self.rng.random_range(0..100) < self.cfg.window_share;
        let (k, lo, hi) = if window && d >= 3 {
            let k = self.rng.random_range(2..=self.cfg.window_rows.clamp(2, n.max(2))).min(n);
            let len = self.rng.random_range(2..=self.cfg.window_len.clamp(2, d));
            let lo = self.rng.random_range(0..=d - len);
            (k, lo, lo + len)
        } else {
            (self.rng.random_range(1..=self.cfg.ruin_rows.clamp(1, n)), 0, d)
        };
        let mut rows = std::mem::take(&mut self.rows_buf);
        rows.clear();
        while rows.len() < k {
            let i = self.rng.random_range(0..n);
            if !rows.contains(&i) {
                rows.push(i);
            }
        }
        let noise = self.cfg.row_noise;
        let r = self.recreate(&rows, noise, lo, hi, self.cfg.repass);
        self.rows_buf = rows;
        r
    }

    /// Ejection chain: picks an under-covered item, makes a random agent work a shift that
    /// covers it and re-plans the rest of that agent's row by DP around the forced cell; if that
    /// leaves another item under-covered (a shift the agent gave up), the next agent is forced
    /// onto it, and so on, up to `chain_depth` agents or until the total improves. Each link is
    /// a plateau step for the single-row moves (one unit covered, one given up), which is why
    /// they rarely find such chains at low temperature.
    fn propose_chain(&mut self) -> Option<i64> {
        let n = self.c.p.staff.len();
        let d = self.d;
        let ns = self.c.ns;
        // An under-covered item to start from.
        let nc = self.count.len();
        if nc == 0 {
            return None;
        }
        let mut k = usize::MAX;
        let off = self.rng.random_range(0..nc);
        for x in 0..nc {
            let c = (off + x) % nc;
            if self.count[c] < self.c.p.cover[c].requirement {
                k = c;
                break;
            }
        }
        if k == usize::MAX {
            return None;
        }
        let mut rows = std::mem::take(&mut self.rows_buf);
        rows.clear();
        let mut cd = 0;
        let start_f = self.f(self.cur);
        let mut fixed = std::mem::take(&mut self.fixed_buf);
        let mut ok = true;
        for _ in 0..self.cfg.chain_depth.max(1) {
            let day = self.c.p.cover[k].day as usize;
            // A random agent not yet in the chain who may take a shift covering k that day.
            let mut pick = None;
            let o = self.rng.random_range(0..n);
            for x in 0..n {
                let i = (o + x) % n;
                if rows.contains(&i) || !self.free(i, day) {
                    continue;
                }
                let cur = self.cells[i * d + day];
                let dom = &self.c.staff[i].domain;
                let m = dom.len();
                let so = self.rng.random_range(0..m.max(1));
                let v = (0..m).map(|y| dom[(so + y) % m]).find(|&v| {
                    v != OFF && v != cur && self.c.p.contrib[day * ns + v as usize].contains(&(k as u32))
                });
                if let Some(v) = v {
                    pick = Some((i, v));
                    break;
                }
            }
            let Some((i, v)) = pick else {
                break;
            };
            let old: Vec<u8> = self.cells[i * d..(i + 1) * d].to_vec();
            for dd in 0..d {
                if self.free(i, dd) {
                    cd += self.put(i, dd, OFF);
                }
            }
            self.price_row(i, self.cfg.row_noise);
            fixed.clear();
            fixed.extend((0..d).map(|dd| {
                let x = i * d + dd;
                if dd == day { Some(v) } else { self.frozen[x].then_some(self.cells[x]) }
            }));
            let Some(row) = self.best_row_fixed(i, &fixed) else {
                ok = false;
                break;
            };
            for (dd, &x) in row.iter().enumerate() {
                if self.free(i, dd) {
                    cd += self.put(i, dd, x);
                }
            }
            rows.push(i);
            self.touched.clear();
            self.touched.extend_from_slice(&rows);
            let s = self.pending(cd);
            if self.f(s) < start_f {
                break;
            }
            // Next: an item this agent gave up that is now under-covered.
            let mut next = usize::MAX;
            'find: for (dd, &was) in old.iter().enumerate() {
                if was == OFF || row[dd] == was {
                    continue;
                }
                for &c in &self.c.p.contrib[dd * ns + was as usize] {
                    let c = c as usize;
                    if self.count[c] < self.c.p.cover[c].requirement {
                        next = c;
                        break 'find;
                    }
                }
            }
            if next == usize::MAX {
                break;
            }
            k = next;
        }
        self.fixed_buf = fixed;
        if !ok || rows.is_empty() || self.undo.is_empty() {
            self.rollback();
            self.rows_buf = rows;
            return None;
        }
        self.touched.clear();
        self.touched.extend_from_slice(&rows);
        self.rows_buf = rows;
        Some(cd)
    }

    /// Re-plans one agent's row optimally given everyone else (no noise): the polish move.
    fn propose_row_for(&mut self, i: usize) -> Option<i64> {
        self.recreate(&[i], 0, 0, self.d, 0)
    }

    /// Prices every (day, value) of agent `i`'s row for the DP from the current cover counts
    /// (which must not include `i`'s free cells) and requests, scaled by 8, plus a random
    /// noise in `0..noise`.
    fn price_row(&mut self, i: usize, noise: i64) {
        let d = self.d;
        let ns = self.c.ns;
        let nv = ns + 1;
        self.dp_cost.clear();
        self.dp_cost.resize(d * nv, 0);
        for day in 0..d {
            for v in 0..ns {
                let mut c = 0;
                for &k in &self.c.p.contrib[day * ns + v] {
                    let k = k as usize;
                    c += self.c.cover_pen(k, self.count[k] + 1) - self.c.cover_pen(k, self.count[k]);
                }
                self.dp_cost[day * nv + v] = c;
            }
        }
        for &(day, sh, w) in &self.c.staff[i].on_req {
            for v in 0..nv {
                if v != sh as usize {
                    self.dp_cost[day * nv + v] += w;
                }
            }
        }
        for &(day, sh, w) in &self.c.staff[i].off_req {
            for v in 0..ns {
                if sh == OFF || v == sh as usize {
                    self.dp_cost[day * nv + v] += w;
                }
            }
        }
        for x in self.dp_cost.iter_mut() {
            *x = *x * 8 + if noise > 0 { self.rng.random_range(0..noise) } else { 0 };
        }
    }

    /// Best row for agent `i` by DP on the prices in `dp_cost` (per-type maxima priced up,
    /// see [`super::rowdp::RowDp::solve_capped`]).
    fn best_row(&mut self, i: usize, lo: usize, hi: usize) -> Option<Vec<u8>> {
        let d = self.d;
        let mut fixed = std::mem::take(&mut self.fixed_buf);
        fixed.clear();
        fixed.extend((0..d).map(|day| {
            let x = i * d + day;
            (self.frozen[x] || day < lo || day >= hi).then_some(self.cells[x])
        }));
        let r = self.best_row_fixed(i, &fixed);
        self.fixed_buf = fixed;
        r
    }

    fn best_row_fixed(&mut self, i: usize, fixed: &[Option<u8>]) -> Option<Vec<u8>> {
        self.dp.solve_capped(&self.c, i, &mut self.dp_cost, fixed, 8 * self.max_weight)
    }

    /// Takes the free cells of `rows` within days `lo..hi` off, then re-plans them row by row
    /// (see [`Solver::propose_row`]), then re-plans each row again `repass` times with the
    /// others in place. On failure everything is rolled back.
    fn recreate(&mut self, rows: &[usize], noise: i64, lo: usize, hi: usize, repass: u32) -> Option<i64> {
        let mut cd = 0;
        for &i in rows {
            for day in lo..hi {
                if self.free(i, day) {
                    cd += self.put(i, day, OFF);
                }
            }
        }
        for pass in 0..=repass {
            for &i in rows {
                if pass > 0 {
                    for day in lo..hi {
                        if self.free(i, day) {
                            cd += self.put(i, day, OFF);
                        }
                    }
                }
                self.price_row(i, noise);
                let Some(row) = self.best_row(i, lo, hi) else {
                    self.rollback();
                    return None;
                };
                for (day, v) in row.into_iter().enumerate().take(hi).skip(lo) {
                    if self.free(i, day) {
                        cd += self.put(i, day, v);
                    }
                }
            }
        }
        if self.undo.is_empty() {
            return None;
        }
        self.touched.clear();
        self.touched.extend_from_slice(rows);
        Some(cd)
    }

    /// Runs `budget` iterations and reports progress.
    pub fn step(&mut self, budget: u64) -> Progress {
        if self.dive_step() {
            return self.progress();
        }
        let len = self.hist.len() as u64;
        let annealing = self.cfg.acceptance == Acceptance::Annealing;
        let t_end = self.cfg.t_end.max(1e-3);
        let mut temp = self.temperature();
        for _ in 0..budget {
            self.iter += 1;
            if annealing && self.iter.is_multiple_of(1024) {
                if self.iter - self.cycle_start >= self.plan {
                    // End of a cooling cycle: polish the best by row DP descent, then start a
                    // cooler cycle from it.
                    self.polish(2);
                    self.cycle_start = self.iter;
                    self.cycle_no += 1;
                    if self.cycle_no < self.cfg.fresh_cycles {
                        // Independent start: the initial roster, rebuilt with new random order.
                        self.last_restart = self.iter;
                        self.cells.copy_from_slice(&self.init_cells);
                        self.recompute();
                        self.construct();
                        let f = self.f(self.cur);
                        self.hist.iter_mut().for_each(|h| *h = f);
                    } else {
                        self.t0 = (self.t0 * self.cfg.reheat).max(t_end * 2.0);
                        self.restart();
                    }
                }
                temp = self.temperature();
            }
            let mv = if self.cfg.row_every > 0 && self.iter.is_multiple_of(self.cfg.row_every) {
                self.propose_row()
            } else {
                self.propose()
            };
            let Some(cd) = mv else {
                continue;
            };
            self.evaluated += 1;
            let s = self.pending(cd);
            let nf = self.f(s);
            let cf = self.f(self.cur);
            let slot = (self.iter % len) as usize;
            let accept = if nf <= cf {
                true
            } else if annealing {
                let u: f64 = self.rng.random::<f64>();
                ((nf - cf) as f64) < -temp * u.max(1e-300).ln()
            } else {
                nf <= self.hist[slot]
            };
            if accept {
                self.commit(s);
                if s < self.best {
                    self.best = s;
                    self.best_cells.copy_from_slice(&self.cells);
                    self.best_at = self.iter;
                }
            } else {
                self.rollback();
            }
            if !annealing {
                let cf = self.f(self.cur);
                if cf < self.hist[slot] {
                    self.hist[slot] = cf;
                }
                if self.iter - self.best_at.max(self.last_restart) > self.cfg.restart_after {
                    self.restart();
                }
            }
        }
        self.progress()
    }

    fn temperature(&self) -> f64 {
        let t_end = self.cfg.t_end.max(1e-3);
        let frac = ((self.iter - self.cycle_start) as f64 / self.plan.max(1) as f64).min(1.0);
        let t0 = self.t0.max(t_end);
        t0 * (t_end / t0).powf(frac)
    }

    /// Sets the length of the current annealing cycle (e.g. from the measured speed and the
    /// user's time budget). Keeps the current temperature position as a share of the cycle.
    pub fn set_plan(&mut self, iterations: u64) {
        self.plan = iterations.max(1);
    }

    /// Descent polish: from the best roster, re-plans each agent's row by DP in turn and keeps
    /// strict improvements, for up to `passes` passes or until a pass changes nothing. Returns
    /// the progress; the current roster becomes the (polished) best.
    pub fn polish(&mut self, passes: u32) -> Progress {
        self.cells.copy_from_slice(&self.best_cells);
        self.recompute();
        let n = self.c.p.staff.len();
        for _ in 0..passes {
            let mut improved = false;
            for i in 0..n {
                if let Some(cd) = self.propose_row_for(i) {
                    improved |= self.keep_if_better(cd);
                }
            }
            if !improved && self.cfg.pair_polish {
                improved = self.pair_pass();
            }
            if self.cur < self.best {
                self.best = self.cur;
                self.best_cells.copy_from_slice(&self.cells);
                self.best_at = self.iter;
            }
            if !improved {
                break;
            }
        }
        self.progress()
    }

    /// Descent step: commits the pending move when it lowers (hard, combined cost), otherwise
    /// rolls it back. Returns whether it was kept.
    fn keep_if_better(&mut self, cover_delta: i64) -> bool {
        let s = self.pending(cover_delta);
        if (s.hard, self.f(s)) < (self.cur.hard, self.f(self.cur)) {
            self.commit(s);
            true
        } else {
            self.rollback();
            false
        }
    }

    fn restart(&mut self) {
        self.last_restart = self.iter;
        self.cells.copy_from_slice(&self.best_cells);
        self.recompute();
        let f = self.f(self.cur);
        self.hist.iter_mut().for_each(|h| *h = f);
    }

    /// Moves evaluated so far (proposals that changed something), for speed figures.
    pub fn moves_evaluated(&self) -> u64 {
        self.evaluated
    }

    pub fn progress(&self) -> Progress {
        Progress { iterations: self.iter, current: self.cur, best: self.best, best_at: self.best_at }
    }

    /// Runs until `clock()` (seconds, any origin) has advanced by `seconds`, in slices of
    /// [`BudgetRun`] (the first of `chunk` iterations). For native callers; a Web Worker
    /// drives a [`BudgetRun`] or calls [`Solver::step`] itself.
    pub fn run_for(&mut self, clock: &mut dyn FnMut() -> f64, seconds: f64, chunk: u64) -> Progress {
        let start = clock();
        let mut run = BudgetRun::new(self, 0.0, seconds);
        run.warm = chunk.max(1);
        while run.slice(self, clock() - start, 0.01) {}
        self.progress()
    }

    /// Whether the column-generation dive is running (then [`Solver::step`] works on it).
    pub fn diving(&self) -> bool {
        self.running
    }

    /// No dive starts after this call (a running one goes on).
    pub fn stop_dives(&mut self) {
        self.dives = u32::MAX;
    }

    /// The LP lower bound on the objective from the dive's column generation, once known (a
    /// true bound for rows the row DP models exactly, the benchmark's).
    pub fn lower_bound(&self) -> Option<f64> {
        self.bound
    }

    /// Dive units (LP solves) done so far.
    pub fn dive_units(&self) -> u64 {
        self.dive_units
    }

    /// One unit of the dive (starting one if due). Returns false when no dive is running.
    fn dive_step(&mut self) -> bool {
        if !self.running {
            let around = self.cfg.dive_free > 0 && self.dives >= 1 && self.dives != u32::MAX;
            if (!around && self.dives >= self.cfg.dive_max) || self.iter < self.next_dive {
                return false;
            }
            self.around = around;
            let params = super::colgen::DiveParams {
                rounds: self.cfg.dive_rounds,
                fix_at: self.cfg.dive_fix,
                batch: self.cfg.dive_batch,
                jump: self.cfg.dive_jump,
                backtracks: self.cfg.dive_backtracks,
            };
            let jitter = self.rng.random::<u64>() | 1;
            let free = if around { Some(self.neighbourhood()) } else { None };
            // A better roster has an objective at least 1 lower.
            let cutoff = self.f(self.best) as f64 - 0.99;
            match (self.colgen.as_mut(), free) {
                (Some(g), Some(free)) => {
                    g.restart_around(&self.c, &self.best_cells, &free, params, jitter, cutoff)
                }
                (Some(g), None) => g.restart(&self.c, &self.best_cells, params, jitter),
                (None, _) => {
                    let mut g =
                        super::colgen::ColGen::new(&self.c, self.w, &self.best_cells, &self.frozen, params);
                    let n = self.c.p.staff.len();
                    for i in 0..n {
                        g.add(&self.c, i, self.cells[i * self.d..(i + 1) * self.d].to_vec());
                    }
                    self.colgen = Some(g);
                }
            }
            self.running = true;
        }
        let Some(g) = self.colgen.as_mut() else {
            return false;
        };
        self.dive_units += 1;
        let step = g.step(&self.c);
        if self.bound.is_none() {
            self.bound = g.bound;
        }
        match step {
            super::colgen::Step::Working => {}
            super::colgen::Step::Done(cells) => self.dive_result(Some(cells)),
            super::colgen::Step::Failed => {
                self.dives = u32::MAX;
                self.dive_result(None)
            }
            super::colgen::Step::Pruned => self.dive_result(None),
        }
        true
    }

    /// The agents a neighbourhood dive frees: `dive_free` of them at random, first among those
    /// who may work on a day with a cover item off its requirement in the best roster.
    fn neighbourhood(&mut self) -> Vec<bool> {
        let n = self.c.p.staff.len();
        let d = self.d;
        let count = self.c.coverage(&self.best_cells);
        let off: Vec<usize> =
            (0..count.len()).filter(|it| count[*it] != self.c.p.cover[*it].requirement).collect();
        let day = if off.is_empty() {
            self.rng.random_range(0..d)
        } else {
            self.c.p.cover[off[self.rng.random_range(0..off.len())]].day as usize
        };
        let mut order: Vec<usize> = (0..n).collect();
        shuffle(&mut order, &mut self.rng);
        order.sort_by_key(|i| self.frozen[i * d + day]);
        let mut free = vec![false; n];
        for &i in order.iter().take(self.cfg.dive_free.min(n)) {
            free[i] = true;
        }
        free
    }

    /// Ends a running dive now (the agents not yet fixed take their heaviest column).
    pub fn end_dive(&mut self) {
        if self.running
            && let Some(g) = self.colgen.as_mut()
        {
            let cells = g.finish(&self.c);
            self.dive_result(Some(cells));
        }
    }

    /// Takes the dive's roster when better, then goes on from the best with a new, cooler cycle.
    fn dive_result(&mut self, cells: Option<Vec<u8>>) {
        self.running = false;
        self.dives = self.dives.saturating_add(1);
        if self.around {
            // A neighbourhood dive: the annealing goes on, from its roster when it is better.
            self.next_dive = self.iter + self.cfg.dive_free_again;
            if let Some(cells) = cells {
                let score = self.c.report(&cells).score;
                if (score.hard, self.f(score)) < (self.best.hard, self.f(self.best)) {
                    self.cells.copy_from_slice(&cells);
                    self.recompute();
                    self.best = self.cur;
                    self.best_cells.copy_from_slice(&self.cells);
                    self.best_at = self.iter;
                }
            }
            return;
        }
        self.next_dive =
            self.iter + if self.cfg.dive_free > 0 { self.cfg.dive_free_again } else { self.cfg.dive_again };
        if let Some(cells) = cells {
            self.cells.copy_from_slice(&cells);
            self.recompute();
            if (self.cur.hard, self.f(self.cur)) < (self.best.hard, self.f(self.best)) {
                self.best = self.cur;
                self.best_cells.copy_from_slice(&self.cells);
                self.best_at = self.iter;
            }
        }
        self.t0 *= self.cfg.dive_t0;
        self.cycle_start = self.iter;
        self.restart();
    }

    pub fn best_roster(&self) -> Roster {
        Roster { days: self.d as u16, cells: self.best_cells.clone() }
    }

    pub fn current_roster(&self) -> Roster {
        Roster { days: self.d as u16, cells: self.cells.clone() }
    }

    /// Full report of the best roster.
    pub fn best_report(&self) -> Report {
        self.c.report(&self.best_cells)
    }

    /// Recomputes the current score from scratch (tests: the incremental score must match).
    pub fn check_incremental(&self) -> (Score, Score) {
        (self.cur, self.c.report(&self.cells).score)
    }
}

/// Drives a [`Solver`] to a time budget without a clock: each [`BudgetRun::slice`] is given
/// the seconds elapsed. Slices are sized from the measured speed; the annealing's cooling is
/// re-planned to end with the budget (measured again once a dive is over); a dive still running
/// at `dive_share` of the budget is ended; the last 3 % polish. Used by [`Solver::run_for`]
/// and the engine check ([`super::check`]).
pub struct BudgetRun {
    /// Elapsed seconds at the start and at the end of the budget.
    start: f64,
    end: f64,
    /// Elapsed seconds and iterations when the current annealing stretch began.
    seg_from: f64,
    seg_it0: u64,
    was_diving: bool,
    polishing: bool,
    done: bool,
    /// Iterations of the next warm-up slice.
    warm: u64,
}

impl BudgetRun {
    /// A run of `seconds` from elapsed time `now`.
    pub fn new(s: &Solver, now: f64, seconds: f64) -> BudgetRun {
        BudgetRun {
            start: now,
            end: now + seconds,
            seg_from: now,
            seg_it0: s.iter,
            was_diving: false,
            polishing: false,
            done: false,
            warm: 2000,
        }
    }

    /// Whether the budget is spent (or nothing was left to polish at its end).
    pub fn done(&self) -> bool {
        self.done
    }

    /// One slice of about `slice_seconds` at elapsed time `now`; false once the budget is spent.
    pub fn slice(&mut self, s: &mut Solver, now: f64, slice_seconds: f64) -> bool {
        if self.done {
            return false;
        }
        let end = self.end;
        let budget = end - self.start;
        if self.polishing || now >= end - 0.03 * budget {
            s.end_dive();
            if now >= end {
                self.done = true;
                return false;
            }
            self.polishing = true;
            let before = s.best;
            if s.polish(1).best == before {
                self.done = true;
            }
            return !self.done;
        }
        if s.diving() {
            self.was_diving = true;
            if now >= self.start + budget * s.cfg.dive_share.clamp(0.0, 1.0) {
                s.end_dive();
                s.stop_dives();
            } else {
                s.step(1);
                return true;
            }
        }
        if now >= self.start + budget * s.cfg.dive_share.clamp(0.0, 1.0) {
            s.stop_dives();
        }
        if self.was_diving {
            // The dive is over: measure the annealing's speed afresh.
            self.was_diving = false;
            self.seg_from = now;
            self.seg_it0 = s.iter;
            self.warm = 2000;
        }
        let el = now - self.seg_from;
        let iterations = if el > 0.05 {
            let rate = (s.iter - self.seg_it0) as f64 / el;
            let left = end - self.seg_from;
            s.set_plan(((rate * left / s.cfg.cycles.max(1) as f64) as u64).max(1));
            let to_polish = rate * (end - 0.03 * budget - now);
            (rate * slice_seconds).min(to_polish).clamp(500.0, 5e6) as u64
        } else {
            let n = self.warm.max(1);
            self.warm = n.saturating_mul(2);
            n
        };
        s.step(iterations);
        true
    }
}

fn shuffle<T>(v: &mut [T], rng: &mut impl Rng) {
    for k in (1..v.len()).rev() {
        let j = rng.random_range(0..=k);
        v.swap(k, j);
    }
}
