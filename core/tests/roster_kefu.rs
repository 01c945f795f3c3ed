//! The Kefu practical model: compilation, the optimiser never returning an illegal roster,
//! locks kept, and the exports.

use chrono::NaiveDate;
use kefu_core::Lang;
use kefu_core::roster::eval::evaluate;
use kefu_core::roster::export::{agent_ics, roster_csv};
use kefu_core::roster::kefu::{Plan, default_templates, practical_case};
use kefu_core::roster::model::{OFF, Rule};
use kefu_core::roster::solver::{Solver, SolverConfig};
use kefu_core::roster::work::violation_text;
use proptest::prelude::*;

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 2).expect("date")
}

#[test]
fn default_templates_cover_8_to_24_with_rest_rules() {
    let t = default_templates();
    assert_eq!(t.iter().map(|x| x.start).min(), Some(480));
    assert_eq!(t.iter().map(|x| x.end()).max(), Some(1440));
    assert!(t.iter().all(|x| x.paid_minutes() == 480));
    let m = practical_case(1, 12, 7, start()).compile().expect("compiles");
    // 晚 (ends 24:00) may not be followed by 早 (08:00): only 8 h of rest.
    let late = m.types.iter().position(|(ti, _)| t[*ti].code == "晚").expect("late");
    let early = m.types.iter().position(|(ti, _)| t[*ti].code == "早").expect("early");
    assert!(m.problem.shifts[late].forbid_next.contains(&(early as u16)));
    assert!(!m.problem.shifts[early].forbid_next.contains(&(late as u16)));
}

#[test]
fn skills_are_matched() {
    let m = practical_case(3, 30, 7, start()).compile().expect("compiles");
    for (a, ag) in m.plan.agents.iter().enumerate() {
        for (s, &(_, di)) in m.types.iter().enumerate() {
            let skill = m.plan.demand[di].skill;
            let allowed = m.problem.staff[a].allowed[s];
            assert_eq!(allowed, ag.skills.contains(&skill), "agent {} type {s}", ag.id);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// Whatever the seed, team size and search length, the roster returned breaks no hard rule,
    /// and its score is the sum of its violations.
    #[test]
    fn optimiser_never_returns_a_hard_violation(seed in 0u64..1000, agents in 6usize..40, iters in 0u64..30_000) {
        let plan = practical_case(seed, agents, 14, start());
        let m = plan.compile().expect("compiles");
        let mut s = Solver::new(&m.problem, None, None, SolverConfig { seed, ..SolverConfig::default() }).expect("solver");
        s.step(iters);
        let rep = evaluate(&m.problem, &s.best_roster());
        prop_assert_eq!(rep.score.hard, 0, "{:?}", rep.violations.iter().filter(|v| v.rule.is_hard()).collect::<Vec<_>>());
        let soft: i64 = rep.violations.iter().map(|v| v.cost).sum();
        prop_assert_eq!(soft, rep.score.soft);
    }
}

#[test]
fn locks_are_kept_and_reoptimised_around() {
    let plan = practical_case(7, 20, 14, start());
    let m = plan.compile().expect("compiles");
    let late =
        m.types.iter().position(|(ti, di)| plan.templates[*ti].code == "晚" && *di == 0).unwrap() as u8;
    let fixed = vec![(0usize, 0u16, late), (0, 1, OFF), (1, 3, late)];
    let (start_roster, locks) = m.locked(&fixed);
    let mut s = Solver::new(&m.problem, Some(&start_roster), Some(&locks), SolverConfig::default()).unwrap();
    s.step(50_000);
    let r = s.best_roster();
    assert_eq!(r.get(0, 0), late);
    assert_eq!(r.get(0, 1), OFF);
    assert_eq!(r.get(1, 3), late);
    assert_eq!(evaluate(&m.problem, &r).score.hard, 0);
}

#[test]
fn a_manual_edit_shows_its_violation_at_once() {
    let plan = practical_case(5, 10, 7, start());
    let m = plan.compile().unwrap();
    let mut s = Solver::new(&m.problem, None, None, SolverConfig::default()).unwrap();
    s.step(20_000);
    let mut r = s.best_roster();
    let late =
        m.types.iter().position(|(ti, di)| plan.templates[*ti].code == "晚" && *di == 0).unwrap() as u8;
    let early =
        m.types.iter().position(|(ti, di)| plan.templates[*ti].code == "早" && *di == 0).unwrap() as u8;
    r.set(0, 2, late);
    r.set(0, 3, early);
    let rep = evaluate(&m.problem, &r);
    assert!(
        rep.violations
            .iter()
            .any(|v| v.rule == Rule::RestBetweenShifts && v.staff == Some(0) && v.day == Some(3))
    );
}

#[test]
fn the_contract_minimum_shifts_a_week_is_a_soft_rule_in_words() {
    // 2026-11-02 is a Monday: the 7 days are one full week.
    let mut plan = practical_case(5, 6, 7, start());
    plan.agents[0].min_shifts_per_week = 5;
    let m = plan.compile().unwrap();
    assert_eq!(m.problem.staff[0].week_min_shifts, 5);
    assert_eq!(m.problem.staff[1].week_min_shifts, 0);
    let early =
        m.types.iter().position(|(ti, di)| plan.templates[*ti].code == "早" && *di == 0).unwrap() as u8;
    let mut r = kefu_core::roster::model::Roster::empty(&m.problem);
    for d in 0..3 {
        r.set(0, d, early);
    }
    let rep = evaluate(&m.problem, &r);
    let v: Vec<_> = rep.violations.iter().filter(|v| v.rule == Rule::MinShiftsWeek).collect();
    assert_eq!(v.len(), 1, "only agent 0 has a minimum");
    assert_eq!((v[0].staff, v[0].amount, v[0].cost), (Some(0), 2, 2 * plan.rules.weights.min_shifts));
    let text = violation_text(&m, v[0], Lang::Zh);
    assert!(text.contains(&plan.agents[0].name) && text.contains("11月2日起的一周"), "{text}");
    assert!(text.contains("周班数少于合同最少班数（少 2 个班）"), "{text}");
    // The near miss: five shifts meet it.
    for d in 3..5 {
        r.set(0, d, early);
    }
    assert!(evaluate(&m.problem, &r).violations.iter().all(|v| v.rule != Rule::MinShiftsWeek));
    // Work saved before the field existed loads with no minimum.
    let mut old = serde_json::to_value(&plan.agents[1]).unwrap();
    old.as_object_mut().unwrap().remove("min_shifts_per_week");
    let back: kefu_core::roster::kefu::Agent = serde_json::from_value(old).unwrap();
    assert_eq!(back.min_shifts_per_week, 0);
}

#[test]
fn exports() {
    let mut plan: Plan = practical_case(9, 6, 7, start());
    plan.agents[0].name = "小美, \"A\"".into();
    let m = plan.compile().unwrap();
    let mut s = Solver::new(&m.problem, None, None, SolverConfig::default()).unwrap();
    s.step(5_000);
    let r = s.best_roster();
    let csv = roster_csv(&m, &r, Lang::Zh);
    assert!(csv.starts_with("\u{feff}工号,姓名,2026-11-02,"));
    assert!(csv.contains("\"小美, \"\"A\"\"\""));
    assert_eq!(csv.lines().count(), 7);
    let worked = (0..7).filter(|d| r.get(1, *d) != OFF).count();
    let ics = agent_ics(&m, &r, 1, "20261101T000000Z");
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), worked);
    let hours = m.hours(&r);
    assert_eq!(hours[1].shifts as usize, worked);
    assert_eq!(hours[1].paid_minutes as usize, worked * 480);
    let cov = m.coverage(&r);
    assert_eq!(cov.len(), plan.demand.len() * 7 * 48);
}

#[test]
fn intraday_surge_suggests_legal_call_ins() {
    use kefu_core::roster::intraday::{Action, intraday};
    use kefu_core::roster::staffing::StaffingParams;
    let plan = practical_case(11, 24, 7, start());
    let m = plan.compile().unwrap();
    let mut s = Solver::new(&m.problem, None, None, SolverConfig::default()).unwrap();
    s.step(30_000);
    let mut r = s.best_roster();
    // Agent 1 (售前) is off on day 2 and has room in the week for one more shift.
    r.set(1, 2, OFF);
    r.set(1, 4, OFF);
    r.set(1, 5, OFF);
    assert_eq!(evaluate(&m.problem, &r).score.hard, 0);
    let params =
        StaffingParams { aht_secs: 300.0, concurrency: 3, shrinkage: 0.1, ..StaffingParams::default() };
    // A forecast of 40 chats per interval from 08:00; by 10:00 three times that has arrived.
    let forecast: Vec<f64> = (0..48).map(|i| if i >= 16 { 40.0 } else { 0.0 }).collect();
    let actual: Vec<f64> = (0..20).map(|i| if i >= 16 { 120.0 } else { 0.0 }).collect();
    let day = intraday(&m, &r, 0, 2, &forecast, &actual, &params);
    assert!((day.factor - 3.0).abs() < 1e-9);
    let short = (20..48).filter(|i| (day.scheduled[*i] as i64) < day.required[*i] as i64).count();
    assert!(short > 0, "{:?} vs {:?}", day.scheduled, day.required);
    assert!(day.required[30] > day.required[10]);
    assert!(
        day.suggestions.iter().any(|s| s.agent == 1 && matches!(s.action, Action::CallIn { .. })),
        "{:?} {:?} {:?}",
        day.suggestions,
        r.row(1),
        plan.agents[1]
    );
    for sg in &day.suggestions {
        let mut r2 = r.clone();
        if let Action::CallIn { template } = sg.action {
            assert_eq!(r.get(sg.agent, 2), OFF);
            let v = m.types.iter().position(|&(t, d)| t == template && d == 0).unwrap() as u8;
            r2.set(sg.agent, 2, v);
            assert_eq!(evaluate(&m.problem, &r2).score.hard, evaluate(&m.problem, &r).score.hard);
            assert!(plan.templates[template].start >= 20 * 30);
        }
        assert!(!sg.describe(&m, Lang::Zh).is_empty());
    }
}
