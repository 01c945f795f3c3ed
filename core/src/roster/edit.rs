//! Hand edits of a Kefu roster and per-agent views the page and the print use.
//!
//! [`check_move`] / [`move_shift`]: drag a shift to another cell of the grid — the same agent
//! on another day, or another agent on the same day; when the target holds a shift the two
//! swap. Locked cells are never moved or overwritten, and an agent only receives a shift type
//! the cell picker would offer them (skill, shop, nights, daily hours): the rest of the rules
//! (rest between shifts, weekly hours, …) are left to the evaluation, which shows the
//! violations at once, exactly as for a picked value.
//!
//! [`personal_schedule`]: one agent's days (shift code, start–end, breaks, paid hours, leave
//! and requested days off) with totals per calendar week — the printed personal schedule.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::kefu::Model;
use super::model::{OFF, Roster};
use crate::Lang;

/// Why a dragged shift cannot go to a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MoveRefused {
    /// The cell is dropped on itself.
    SameCell,
    /// The dragged cell is off: there is no shift to move.
    NothingToMove,
    /// Neither the same agent nor the same day.
    NotInLine,
    /// The source or the target is locked.
    Locked,
    /// The receiving agent may not work that shift type (skill, shop, nights, hours).
    NotAllowed,
    /// A cell outside the roster.
    OutOfRange,
}

impl MoveRefused {
    pub fn localize(self, lang: Lang) -> &'static str {
        match self {
            MoveRefused::SameCell => lang.pick("放回了原处。", "Dropped where it was."),
            MoveRefused::NothingToMove => lang.pick("休息的格子不能拖动。", "An off day cannot be dragged."),
            MoveRefused::NotInLine => lang.pick(
                "只能拖到同一客服的另一天，或同一天的另一位客服。",
                "Drag to the same agent on another day, or to another agent on the same day.",
            ),
            MoveRefused::Locked => {
                lang.pick("锁定的格子不能移动或覆盖。", "Locked cells cannot be moved or overwritten.")
            }
            MoveRefused::NotAllowed => lang.pick(
                "对方不能上这个班（技能、店铺、夜班或工时限制）。",
                "The agent may not work this shift (skill, shop, nights or hours).",
            ),
            MoveRefused::OutOfRange => lang.pick("格子不在排班表内。", "The cell is outside the roster."),
        }
    }
}

fn allowed(model: &Model, agent: usize, v: u8) -> bool {
    if v == OFF {
        return true;
    }
    (v as usize) < model.types.len()
        && model.problem.staff.get(agent).is_some_and(|s| s.allowed.get(v as usize).copied().unwrap_or(true))
}

/// Whether the shift in `from` (agent, day) may be dragged to `to`. `locks[agent * days + day]`.
pub fn check_move(
    model: &Model,
    roster: &Roster,
    locks: &[bool],
    from: (usize, usize),
    to: (usize, usize),
) -> Result<(), MoveRefused> {
    let days = model.plan.days as usize;
    let agents = model.plan.agents.len();
    if roster.days as usize != days || roster.cells.len() != days * agents {
        return Err(MoveRefused::OutOfRange);
    }
    if from.0 >= agents || to.0 >= agents || from.1 >= days || to.1 >= days {
        return Err(MoveRefused::OutOfRange);
    }
    if from == to {
        return Err(MoveRefused::SameCell);
    }
    if from.0 != to.0 && from.1 != to.1 {
        return Err(MoveRefused::NotInLine);
    }
    let locked = |(a, d): (usize, usize)| locks.get(a * days + d).copied().unwrap_or(false);
    if locked(from) || locked(to) {
        return Err(MoveRefused::Locked);
    }
    let (v, w) = (roster.get(from.0, from.1), roster.get(to.0, to.1));
    if v == OFF || v as usize >= model.types.len() {
        return Err(MoveRefused::NothingToMove);
    }
    if !allowed(model, to.0, v) || !allowed(model, from.0, w) {
        return Err(MoveRefused::NotAllowed);
    }
    Ok(())
}

/// Moves the shift in `from` to `to`, swapping with what `to` held (a shift or off).
pub fn move_shift(
    model: &Model,
    roster: &mut Roster,
    locks: &[bool],
    from: (usize, usize),
    to: (usize, usize),
) -> Result<(), MoveRefused> {
    check_move(model, roster, locks, from, to)?;
    let (v, w) = (roster.get(from.0, from.1), roster.get(to.0, to.1));
    roster.set(to.0, to.1, v);
    roster.set(from.0, from.1, w);
    Ok(())
}

/// What one day of a personal schedule is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DayKind {
    Shift,
    /// 休: an ordinary day off.
    Off,
    /// 请假: leave (the agent is unavailable).
    Leave,
    /// 休（本人申请）: a day off the agent asked for and got.
    RequestedOff,
}

/// One day of an agent's schedule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonalDay {
    pub day: u16,
    pub date: NaiveDate,
    pub kind: DayKind,
    /// The grid's label of the cell (`早`, `休`).
    pub label: String,
    /// Template code, start and end (minutes after the day's midnight; the end may pass 24:00),
    /// unpaid breaks as (start, minutes) after midnight, paid minutes. Empty / 0 when off.
    pub code: String,
    pub start: u32,
    pub end: u32,
    pub breaks: Vec<(u32, u32)>,
    pub paid_minutes: u32,
    /// Leave on a day that nevertheless holds a shift (a hard violation the grid shows too).
    pub leave_conflict: bool,
}

/// Totals of one calendar week (Monday–Sunday, cut at the plan's ends).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeekTotal {
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub shifts: u32,
    pub paid_minutes: u32,
    pub days_off: u32,
}

/// An agent's schedule over the plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonalSchedule {
    pub agent: usize,
    pub name: String,
    pub days: Vec<PersonalDay>,
    pub weeks: Vec<WeekTotal>,
    pub paid_minutes: u32,
}

/// The personal schedule of `agent` in `roster`, or `None` for an unknown agent or a roster of
/// another shape.
pub fn personal_schedule(model: &Model, roster: &Roster, agent: usize) -> Option<PersonalSchedule> {
    let p = &model.plan;
    let ag = p.agents.get(agent)?;
    let n = p.days as usize;
    if roster.days as usize != n || roster.cells.len() != n * p.agents.len() {
        return None;
    }
    let mut days = Vec::with_capacity(n);
    let mut weeks: Vec<WeekTotal> = Vec::new();
    let mut week_of = usize::MAX;
    for d in 0..n {
        let v = roster.get(agent, d);
        let date = p.date(d);
        let leave = ag.unavailable.contains(&(d as u16));
        let mut day = PersonalDay {
            day: d as u16,
            date,
            kind: DayKind::Off,
            label: model.cell_label(v),
            code: String::new(),
            start: 0,
            end: 0,
            breaks: Vec::new(),
            paid_minutes: 0,
            leave_conflict: false,
        };
        if v != OFF && (v as usize) < model.types.len() {
            let t = &p.templates[model.types[v as usize].0];
            day.kind = DayKind::Shift;
            day.code = t.code.clone();
            day.start = t.start;
            day.end = t.end();
            day.breaks = t.breaks.iter().map(|(o, l)| (t.start + o, *l)).collect();
            day.paid_minutes = t.paid_minutes();
            day.leave_conflict = leave;
        } else if leave {
            day.kind = DayKind::Leave;
        } else if ag.off_requests.contains(&(d as u16)) {
            day.kind = DayKind::RequestedOff;
        }
        let w = model.problem.week_of(d);
        if w != week_of {
            week_of = w;
            weeks.push(WeekTotal { first: date, last: date, shifts: 0, paid_minutes: 0, days_off: 0 });
        }
        if let Some(wt) = weeks.last_mut() {
            wt.last = date;
            if day.kind == DayKind::Shift {
                wt.shifts += 1;
                wt.paid_minutes += day.paid_minutes;
            } else {
                wt.days_off += 1;
            }
        }
        days.push(day);
    }
    let paid_minutes = weeks.iter().map(|w| w.paid_minutes).sum();
    Some(PersonalSchedule { agent, name: ag.name.clone(), days, weeks, paid_minutes })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Role;
    use crate::roster::eval::evaluate;
    use crate::roster::kefu::{Agent, Demand, Plan, Rules, default_templates};
    use crate::roster::model::Rule;

    /// Three agents (two pre-sale, one after-sale), a week from Monday 2026-11-16.
    fn model() -> Model {
        let start = NaiveDate::from_ymd_opt(2026, 11, 16).unwrap();
        let agent = |id: &str, skill: Role| Agent {
            id: id.into(),
            name: id.into(),
            skills: vec![skill],
            ..Agent::default()
        };
        let mut a = agent("a", Role::PreSale);
        a.unavailable = vec![5];
        a.off_requests = vec![6];
        let plan = Plan {
            start,
            days: 7,
            interval_minutes: 30,
            templates: default_templates(),
            agents: vec![a, agent("b", Role::PreSale), agent("c", Role::AfterSale)],
            rules: Rules::default(),
            demand: vec![
                Demand { skill: Role::PreSale, shop: String::new(), required: vec![1; 7 * 48] },
                Demand { skill: Role::AfterSale, shop: String::new(), required: vec![1; 7 * 48] },
            ],
        };
        plan.compile().unwrap()
    }

    /// Shift type of template `t` for demand `d`.
    fn ty(m: &Model, t: usize, d: usize) -> u8 {
        m.types.iter().position(|x| *x == (t, d)).unwrap() as u8
    }

    #[test]
    fn a_drag_moves_within_a_row_and_swaps_within_a_day() {
        let m = model();
        let (early, late) = (ty(&m, 0, 0), ty(&m, 2, 0));
        let mut r = Roster::empty(&m.problem);
        r.set(0, 0, early);
        r.set(1, 0, late);
        let locks = vec![false; r.cells.len()];
        // Same agent, another day: the shift moves, the old day is off.
        move_shift(&m, &mut r, &locks, (0, 0), (0, 2)).unwrap();
        assert_eq!((r.get(0, 0), r.get(0, 2)), (OFF, early));
        // Same day, another agent holding a shift: the two swap.
        r.set(0, 0, early);
        move_shift(&m, &mut r, &locks, (0, 0), (1, 0)).unwrap();
        assert_eq!((r.get(0, 0), r.get(1, 0)), (late, early));
    }

    #[test]
    fn a_drag_is_refused_when_locked_off_diagonal_or_not_allowed() {
        let m = model();
        let early = ty(&m, 0, 0);
        let mut r = Roster::empty(&m.problem);
        r.set(0, 0, early);
        let mut locks = vec![false; r.cells.len()];
        let before = r.clone();
        assert_eq!(move_shift(&m, &mut r, &locks, (0, 1), (0, 2)), Err(MoveRefused::NothingToMove));
        assert_eq!(move_shift(&m, &mut r, &locks, (0, 0), (1, 1)), Err(MoveRefused::NotInLine));
        assert_eq!(move_shift(&m, &mut r, &locks, (0, 0), (0, 0)), Err(MoveRefused::SameCell));
        // Agent c is after-sale only: a pre-sale shift cannot go to them.
        assert_eq!(move_shift(&m, &mut r, &locks, (0, 0), (2, 0)), Err(MoveRefused::NotAllowed));
        assert_eq!(move_shift(&m, &mut r, &locks, (0, 0), (0, 9)), Err(MoveRefused::OutOfRange));
        locks[2] = true; // agent 0, day 2
        assert_eq!(move_shift(&m, &mut r, &locks, (0, 0), (0, 2)), Err(MoveRefused::Locked));
        locks[2] = false;
        locks[0] = true; // the source itself
        assert_eq!(move_shift(&m, &mut r, &locks, (0, 0), (0, 3)), Err(MoveRefused::Locked));
        assert_eq!(r, before, "a refused drag changes nothing");
        // The near miss: unlocked, in line, allowed.
        locks[0] = false;
        assert_eq!(check_move(&m, &r, &locks, (0, 0), (1, 0)), Ok(()));
    }

    #[test]
    fn a_drag_onto_leave_is_allowed_and_shows_as_a_violation() {
        let m = model();
        let mut r = Roster::empty(&m.problem);
        r.set(0, 0, ty(&m, 0, 0));
        let locks = vec![false; r.cells.len()];
        move_shift(&m, &mut r, &locks, (0, 0), (0, 5)).unwrap();
        let rep = evaluate(&m.problem, &r);
        assert!(
            rep.violations.iter().any(|v| v.rule == Rule::DayOff && v.staff == Some(0) && v.day == Some(5))
        );
    }

    #[test]
    fn the_personal_schedule_lists_every_day_with_week_totals() {
        let m = model();
        let mut r = Roster::empty(&m.problem);
        let early = ty(&m, 0, 0);
        for d in 0..4 {
            r.set(0, d, early);
        }
        let s = personal_schedule(&m, &r, 0).unwrap();
        assert_eq!(s.days.len(), 7);
        let t = &m.plan.templates[0];
        assert_eq!(s.days[0].kind, DayKind::Shift);
        assert_eq!((s.days[0].start, s.days[0].end), (t.start, t.end()));
        assert_eq!(s.days[0].breaks, t.breaks.iter().map(|(o, l)| (t.start + o, *l)).collect::<Vec<_>>());
        assert_eq!(s.days[0].label, m.cell_label(early));
        assert_eq!(s.days[4].kind, DayKind::Off);
        assert_eq!(s.days[5].kind, DayKind::Leave);
        assert_eq!(s.days[6].kind, DayKind::RequestedOff);
        assert_eq!(s.weeks.len(), 1, "Monday to Sunday is one week");
        assert_eq!(s.weeks[0].shifts, 4);
        assert_eq!(s.weeks[0].days_off, 3);
        assert_eq!(s.weeks[0].paid_minutes, 4 * t.paid_minutes());
        assert_eq!(s.paid_minutes, m.hours(&r)[0].paid_minutes);
        assert!(personal_schedule(&m, &r, 3).is_none());
    }
}
