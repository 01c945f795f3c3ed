//! The engine check (排班引擎自检): the optimiser on a public benchmark — a Curtois & Qu
//! instance — or on the generated practical case, under a time budget, with the figures it is
//! judged by: the objective next to the best known and the 60-second CP-SAT figure (instances
//! 1–10, recognised by content or by the file name `InstanceN.txt`), the gap, the time to the
//! first roster with no hard violation, and for the practical case the coverage deficit.
//!
//! Sans-clock like the rest of the engine: [`CheckRun`] is driven by its caller (the Web
//! Worker, or a native test) one slice at a time, and every call is given the seconds elapsed
//! since the job started. Its slices come from [`BudgetRun`], the same as [`Solver::run_for`]
//! natively: the annealing re-planned from the measured speed so that the cooling ends with the
//! budget, the column-generation dive in units, the last few percent polishing; unlike the app's roster solve (fixed slices, iteration
//! budget, one roster per seed) its result therefore depends on the machine's speed, which is
//! what a benchmark measures.

use serde::{Deserialize, Serialize};

use super::curtois::{BEST_KNOWN, CP_SAT_60S, CurtoisError, read_curtois};
use super::kefu::practical_case;
use super::model::Problem;
use super::solver::{BudgetRun, Solver, SolverConfig};
use super::work::{SolvePoint, cover_gaps};
use crate::Lang;
use crate::lang::Localize;

/// What to solve.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum CheckSource {
    /// A Curtois & Qu `.txt` instance; its bytes travel beside the request.
    Curtois { file_name: String },
    /// The generated practical case (`kefu roster --case`): `agents` agents, `days` days,
    /// 30-minute intervals, two skills.
    Case { agents: usize, days: u16 },
}

/// An engine check: what to solve, the time budget in seconds (measured from the job's
/// start, reading the file and building included) and the seed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckJob {
    pub source: CheckSource,
    pub seconds: f64,
    pub seed: u64,
}

/// Agents of the practical case the check offers (issue 6: 150 agents, 4 weeks).
pub const CASE_AGENTS: usize = 150;
/// Days of the practical case.
pub const CASE_DAYS: u16 = 28;
/// Limits of a practical case the check accepts.
pub const CASE_MAX_AGENTS: usize = 1000;
/// Longest time budget the check accepts, in seconds.
pub const MAX_SECONDS: f64 = 3600.0;

/// Why a check could not start.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum CheckError {
    /// The file is not text (UTF-8).
    #[error("{file}: not a text file")]
    NotText { file: String },
    /// The file is not a readable Curtois & Qu instance; `line` 0 when no line is to blame.
    #[error("{file} line {line}: {what}")]
    Curtois { file: String, line: usize, what: String },
    /// The practical case or the budget is out of range.
    #[error("out of range: {0}")]
    Range(String),
    /// The problem could not be built (should not happen with a parsed file).
    #[error("cannot build the problem: {0}")]
    Problem(String),
}

impl CheckError {
    fn of_curtois(file: &str, e: CurtoisError) -> CheckError {
        match e {
            CurtoisError::Line { line, what } => CheckError::Curtois { file: file.into(), line, what },
            CurtoisError::Missing(section) => {
                CheckError::Curtois { file: file.into(), line: 0, what: format!("{section} is missing") }
            }
        }
    }
}

impl Localize for CheckError {
    fn localize(&self, lang: Lang) -> String {
        match (self, lang) {
            (CheckError::NotText { file }, Lang::Zh) => {
                format!("{file} 不是文本文件。请选择 Curtois & Qu 基准的 .txt 文件（如 Instance1.txt）。")
            }
            (CheckError::NotText { file }, Lang::En) => {
                format!(
                    "{file} is not a text file. Pick a Curtois & Qu benchmark .txt file (e.g. Instance1.txt)."
                )
            }
            (CheckError::Curtois { file, line: 0, what }, Lang::Zh) => format!(
                "{file} 无法读取：{what}。请选择 Curtois & Qu 基准的 .txt 文件（schedulingbenchmarks.org）。"
            ),
            (CheckError::Curtois { file, line: 0, what }, Lang::En) => format!(
                "{file} cannot be read: {what}. Pick a Curtois & Qu benchmark .txt file (schedulingbenchmarks.org)."
            ),
            (CheckError::Curtois { file, line, what }, Lang::Zh) => format!(
                "{file} 第 {line} 行无法读取：{what}。请选择 Curtois & Qu 基准的 .txt 文件（schedulingbenchmarks.org）。"
            ),
            (CheckError::Curtois { file, line, what }, Lang::En) => format!(
                "{file}, line {line} cannot be read: {what}. Pick a Curtois & Qu benchmark .txt file (schedulingbenchmarks.org)."
            ),
            (CheckError::Range(what), Lang::Zh) => format!("设置超出范围：{what}。"),
            (CheckError::Range(what), Lang::En) => format!("Setting out of range: {what}."),
            (CheckError::Problem(what), Lang::Zh) => format!("无法建立排班问题：{what}。"),
            (CheckError::Problem(what), Lang::En) => format!("Cannot build the roster problem: {what}."),
        }
    }
}

/// Size (days, staff, shift types) and content fingerprint of instances 1–10
/// ([`fingerprint`] of the files of schedulingbenchmarks.org).
const INSTANCES: [(u16, usize, usize, u64); 10] = [
    (14, 8, 1, 0x53d7_953b_18e5_1eec),
    (14, 14, 2, 0xac24_8e18_2f88_df58),
    (14, 20, 3, 0x197d_1d70_75dc_daee),
    (28, 10, 2, 0xe2e2_4750_1e32_3b85),
    (28, 16, 2, 0xed50_bab1_27b5_e317),
    (28, 18, 3, 0x1251_4c99_5e33_5e38),
    (28, 20, 3, 0xe6ce_b0e3_0b83_97be),
    (28, 30, 4, 0x1fda_4a11_75f2_c2ce),
    (28, 36, 4, 0xb743_dd6d_c287_2963),
    (28, 40, 5, 0x7fc7_513d_284a_5031),
];

/// FNV-1a over the file's meaningful lines (trimmed, without blank lines and `#` comments), so
/// line endings, indentation and comments do not matter.
pub fn fingerprint(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for l in text.lines().map(|l| l.trim().trim_start_matches('\u{feff}')) {
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        for b in l.bytes().chain(std::iter::once(b'\n')) {
            h ^= b as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// How an instance was recognised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MatchedBy {
    /// The content is that of the published file.
    Content,
    /// The file is named `InstanceN.txt` and has the instance's size, but its content differs
    /// (an edited copy): the published figures may not apply.
    Name,
}

/// Which of instances 1–10 this file is (1-based), by content, else by the name `InstanceN.txt`
/// when the size (days, staff, shift types) agrees.
pub fn recognise(file_name: &str, text: &str, problem: &Problem) -> Option<(usize, MatchedBy)> {
    let fp = fingerprint(text);
    if let Some(k) = INSTANCES.iter().position(|i| i.3 == fp) {
        return Some((k + 1, MatchedBy::Content));
    }
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let n: usize = base.strip_prefix("Instance")?.strip_suffix(".txt")?.parse().ok()?;
    let (days, staff, shifts, _) = *INSTANCES.get(n.checked_sub(1)?)?;
    (problem.days == days && problem.staff.len() == staff && problem.shifts.len() == shifts)
        .then_some((n, MatchedBy::Name))
}

/// A problem ready to check, with what is known about it.
#[derive(Clone, Debug)]
pub struct CheckProblem {
    pub problem: Problem,
    pub source: CheckSource,
    /// Instance number 1–10 and how it was recognised.
    pub instance: Option<(usize, MatchedBy)>,
}

impl CheckProblem {
    /// Reads a Curtois & Qu instance file.
    pub fn curtois(file_name: &str, bytes: &[u8]) -> Result<CheckProblem, CheckError> {
        let text = std::str::from_utf8(bytes).map_err(|_| CheckError::NotText { file: file_name.into() })?;
        let problem = read_curtois(text).map_err(|e| CheckError::of_curtois(file_name, e))?;
        let instance = recognise(file_name, text, &problem);
        Ok(CheckProblem { problem, source: CheckSource::Curtois { file_name: file_name.into() }, instance })
    }

    /// The generated practical case (the one `kefu roster --case` solves).
    pub fn case(agents: usize, days: u16, seed: u64) -> Result<CheckProblem, CheckError> {
        if !(1..=CASE_MAX_AGENTS).contains(&agents) || !(7..=56).contains(&days) {
            return Err(CheckError::Range(format!("1–{CASE_MAX_AGENTS} agents, 7–56 days")));
        }
        let start = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap_or_default();
        let model = practical_case(seed, agents, days, start)
            .compile()
            .map_err(|e| CheckError::Problem(e.to_string()))?;
        Ok(CheckProblem {
            problem: model.problem,
            source: CheckSource::Case { agents, days },
            instance: None,
        })
    }
}

/// The outcome of a check.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckResult {
    pub source: CheckSource,
    pub instance: Option<(usize, MatchedBy)>,
    /// Best-known objective and the 60-second CP-SAT figure (instances 1–10).
    pub best_known: Option<i64>,
    pub cp_sat_60s: Option<i64>,
    /// Hard violations and soft objective of the best roster (the Curtois objective when
    /// `hard` is 0).
    pub hard: i64,
    pub soft: i64,
    pub iterations: u64,
    /// Milliseconds from the job's start to the first roster with no hard violation.
    pub first_legal_ms: Option<f64>,
    pub ms: f64,
    /// Missing agent-intervals of the best roster (coverage deficit), and of the first one.
    pub under: i64,
    pub under_first: i64,
    pub stopped: bool,
    /// The objective chart.
    pub points: Vec<SolvePoint>,
}

impl CheckResult {
    /// Gap to the best known in percent, when both are known and the roster is legal.
    pub fn gap(&self) -> Option<f64> {
        let best = self.best_known?;
        (self.hard == 0 && best > 0).then(|| (self.soft - best) as f64 / best as f64 * 100.0)
    }
}

/// Seconds of optimiser work per slice between two chart points (and Stop checks).
pub const SLICE_SECONDS: f64 = 0.1;

/// A running check, stepped by its caller with the elapsed time.
pub struct CheckRun {
    solver: Solver,
    source: CheckSource,
    instance: Option<(usize, MatchedBy)>,
    /// The time budget (seconds from the job's start), sliced.
    budget: BudgetRun,
    first_legal: Option<f64>,
    under: i64,
    under_first: i64,
    points: Vec<SolvePoint>,
}

impl CheckRun {
    /// Builds the optimiser (greedy construction included); `now` reads the seconds elapsed
    /// since the job started.
    pub fn new(
        check: CheckProblem,
        seconds: f64,
        seed: u64,
        now: &mut dyn FnMut() -> f64,
    ) -> Result<CheckRun, CheckError> {
        if !(seconds > 0.0 && seconds <= MAX_SECONDS) {
            return Err(CheckError::Range(format!("0–{MAX_SECONDS} seconds")));
        }
        let cfg = SolverConfig { seed, ..SolverConfig::default() };
        let solver =
            Solver::new(&check.problem, None, None, cfg).map_err(|e| CheckError::Problem(e.to_string()))?;
        let t = now();
        let p = solver.progress();
        let under = cover_gaps(&solver.best_report()).0;
        let mut run = CheckRun {
            budget: BudgetRun::new(&solver, t, (seconds - t).max(0.0)),
            solver,
            source: check.source,
            instance: check.instance,
            first_legal: (p.best.hard == 0).then_some(t),
            under,
            under_first: under,
            points: Vec::new(),
        };
        run.record(t);
        Ok(run)
    }

    fn record(&mut self, now: f64) -> SolvePoint {
        let p = self.solver.progress();
        let pt = SolvePoint {
            iterations: p.iterations,
            ms: now * 1000.0,
            best_hard: p.best.hard,
            best_soft: p.best.soft,
            current_soft: p.current.soft,
            under: self.under,
        };
        self.points.push(pt);
        pt
    }

    /// Whether the budget is spent (or nothing is left to polish at its end).
    pub fn done(&self) -> bool {
        self.budget.done()
    }

    /// One slice of about [`SLICE_SECONDS`] (see [`BudgetRun::slice`]: annealing sized from the
    /// measured speed, a unit of the column-generation dive, or a polish pass in the last 3 %
    /// of the budget). Returns the new chart point, `None` once the budget is spent.
    pub fn slice(&mut self, now: f64) -> Option<SolvePoint> {
        let before = self.solver.progress().best;
        if !self.budget.slice(&mut self.solver, now, SLICE_SECONDS) {
            return None;
        }
        let p = self.solver.progress();
        if p.best != before {
            self.under = cover_gaps(&self.solver.best_report()).0;
        }
        if self.first_legal.is_none() && p.best.hard == 0 {
            self.first_legal = Some(now);
        }
        Some(self.record(now))
    }

    /// The result at `now`; `stopped`: the user ended the run early.
    pub fn finish(self, now: f64, stopped: bool) -> CheckResult {
        let best = self.solver.progress().best;
        let k = self.instance.map(|(n, _)| n - 1);
        CheckResult {
            source: self.source,
            instance: self.instance,
            best_known: k.map(|k| BEST_KNOWN[k]),
            cp_sat_60s: k.map(|k| CP_SAT_60S[k]),
            hard: best.hard,
            soft: best.soft,
            iterations: self.solver.progress().iterations,
            first_legal_ms: self.first_legal.map(|s| s * 1000.0),
            ms: now * 1000.0,
            under: self.under,
            under_first: self.under_first,
            stopped,
            points: self.points,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const INSTANCE1: &str = include_str!("../../../tests/data/roster/curtois/Instance1.txt");
    const INSTANCE4: &str = include_str!("../../../tests/data/roster/curtois/Instance4.txt");

    /// Seconds since the call (tests may read the real clock; the engine never does).
    fn clock() -> impl FnMut() -> f64 {
        let t0 = std::time::Instant::now();
        move || t0.elapsed().as_secs_f64()
    }

    #[test]
    fn instances_are_recognised_by_content_and_by_name() {
        let c = CheckProblem::curtois("upload.txt", INSTANCE1.as_bytes()).unwrap();
        assert_eq!(c.instance, Some((1, MatchedBy::Content)));
        // Line endings, comments and indentation do not matter.
        let crlf: String =
            INSTANCE4.lines().filter(|l| !l.starts_with('#')).map(|l| format!("  {l}\r\n")).collect();
        assert_eq!(
            CheckProblem::curtois("x.txt", crlf.as_bytes()).unwrap().instance,
            Some((4, MatchedBy::Content))
        );
        // An edited copy is matched by its name only when its size agrees.
        let edited = INSTANCE1.replace("\nA,0", "\nA,1");
        assert_ne!(fingerprint(&edited), fingerprint(INSTANCE1));
        let by_name = CheckProblem::curtois("dir/Instance1.txt", edited.as_bytes()).unwrap();
        assert_eq!(by_name.instance, Some((1, MatchedBy::Name)));
        assert_eq!(CheckProblem::curtois("Instance2.txt", edited.as_bytes()).unwrap().instance, None);
        assert_eq!(CheckProblem::curtois("mine.txt", edited.as_bytes()).unwrap().instance, None);
    }

    #[test]
    fn parse_errors_name_the_file_and_the_line() {
        let bad = INSTANCE1.replace("B,D=14,4320", "B,D=14,lots");
        let e = CheckProblem::curtois("Instance1.txt", bad.as_bytes()).unwrap_err();
        let CheckError::Curtois { line, .. } = &e else { panic!("{e:?}") };
        let want = INSTANCE1.lines().position(|l| l.starts_with("B,D=14")).unwrap() + 1;
        assert_eq!(*line, want);
        let zh = e.localize(Lang::Zh);
        assert!(zh.contains("Instance1.txt") && zh.contains(&format!("第 {want} 行")), "{zh}");
        assert!(e.localize(Lang::En).contains(&format!("line {want}")));
        let e = CheckProblem::curtois("a.txt", b"SECTION_SHIFTS\nD,480,\n").unwrap_err();
        assert!(e.localize(Lang::En).contains("SECTION_HORIZON"), "{e:?}");
        let e = CheckProblem::curtois("a.txt", &[0xff, 0xfe, 0x00]).unwrap_err();
        assert_eq!(e, CheckError::NotText { file: "a.txt".into() });
        assert!(matches!(CheckProblem::case(0, 28, 1), Err(CheckError::Range(_))));
    }

    #[test]
    fn a_check_runs_to_its_budget_and_reports_the_benchmark_figures() {
        let check = CheckProblem::curtois("Instance1.txt", INSTANCE1.as_bytes()).unwrap();
        let mut clock = clock();
        let mut run = CheckRun::new(check, 1.0, 1, &mut clock).unwrap();
        let mut slices = 0;
        while run.slice(clock()).is_some() {
            slices += 1;
        }
        assert!(run.done() && slices > 1);
        let r = run.finish(clock(), false);
        assert_eq!((r.best_known, r.cp_sat_60s), (Some(607), Some(607)));
        assert_eq!(r.hard, 0);
        assert!(r.soft >= 607, "{}", r.soft);
        assert!(r.gap().unwrap() >= 0.0);
        assert!(r.first_legal_ms.is_some());
        assert!(r.points.len() >= 2 && r.points.windows(2).all(|w| w[0].iterations <= w[1].iterations));
        assert!(r.iterations > 0);
    }

    #[test]
    fn the_practical_case_reports_its_coverage_deficit() {
        let check = CheckProblem::case(30, 14, 1).unwrap();
        let mut clock = clock();
        let mut run = CheckRun::new(check, 0.5, 1, &mut clock).unwrap();
        while run.slice(clock()).is_some() {}
        let r = run.finish(clock(), false);
        assert_eq!(r.best_known, None);
        assert_eq!(r.gap(), None);
        assert_eq!(r.hard, 0);
        assert!(r.first_legal_ms.is_some());
        assert!(r.under <= r.under_first);
    }

    /// Instances 1–10 as published (`KEFU_CURTOIS_DIR`, default `../shared/benchmarks/curtois`
    /// beside the repository) are recognised by content; skipped when the folder is absent.
    #[test]
    fn the_published_instances_are_recognised() {
        let dir = std::env::var("KEFU_CURTOIS_DIR").unwrap_or_else(|_| {
            concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/benchmarks/curtois").to_owned()
        });
        for n in 1..=10 {
            let Ok(text) = std::fs::read_to_string(format!("{dir}/Instance{n}.txt")) else { return };
            let c = CheckProblem::curtois("x.txt", text.as_bytes()).unwrap();
            assert_eq!(c.instance, Some((n, MatchedBy::Content)), "instance {n}");
        }
    }
}
