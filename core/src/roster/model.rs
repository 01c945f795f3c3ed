//! The generic roster problem the engine solves: staff × days, each cell off or one shift type,
//! with per-staff hard rules (labour law, contract, leave, skills) and soft goals (cover per
//! item, requests, fairness). Both the Curtois & Qu benchmark and the Kefu practical model
//! ([`super::kefu`]) compile into this one form.
//!
//! Cost model: every rule yields violations with an integer amount. Hard amounts are counted in
//! the rule's natural unit (days, shifts, started hours for minute limits); soft amounts are
//! weighted costs. [`Score`] = (Σ hard amounts, Σ soft costs); a roster is legal when hard = 0.

use serde::{Deserialize, Serialize};

use crate::Lang;

/// Value of an off cell.
pub const OFF: u8 = u8::MAX;

/// A shift type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ShiftDef {
    /// Short code shown in the roster sheet (`早`, `D`, `E-售前`).
    pub code: String,
    /// Paid working minutes.
    pub minutes: u32,
    /// Shift types that may not be worked on the next day (rest between shifts), as indexes.
    pub forbid_next: Vec<u16>,
    /// Counts as a late/night shift for fairness.
    pub late: bool,
    /// Template group: shifts of the same group are "the same shift" for week stability.
    pub group: u16,
}

impl Default for ShiftDef {
    fn default() -> Self {
        ShiftDef { code: String::new(), minutes: 480, forbid_next: Vec::new(), late: false, group: 0 }
    }
}

/// PRC labour rules for one agent (domain §6), per calendar week of the horizon.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Labour {
    /// Standard minutes per day (480) and week (2400).
    pub day_minutes: u32,
    pub week_minutes: u32,
    /// Overtime allowed at all; if not, weekly minutes above the standard are a hard violation.
    pub overtime: bool,
    /// Overtime cap per month (2160 = 36 h), summed over the days of each month.
    pub month_overtime_minutes: u32,
    /// Rest days required in each full calendar week (1).
    pub rest_days_per_week: u32,
}

impl Default for Labour {
    fn default() -> Self {
        Labour {
            day_minutes: 480,
            week_minutes: 2400,
            overtime: false,
            month_overtime_minutes: 2160,
            rest_days_per_week: 1,
        }
    }
}

/// A shift request (soft). `shift = None` on an off request means "any shift": the agent wants
/// the day off.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    pub day: u16,
    pub shift: Option<u16>,
    pub weight: i64,
}

/// Rules for one member of staff.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StaffRules {
    pub id: String,
    /// Per shift type: may this person work it at all (skill, nights allowed, daily hours)?
    /// An empty vector allows every type.
    pub allowed: Vec<bool>,
    /// Per shift type: maximum count over the horizon (`u32::MAX` = none).
    pub max_shifts: Vec<u32>,
    pub min_minutes: u32,
    pub max_minutes: u32,
    pub max_consecutive: u32,
    pub min_consecutive: u32,
    pub min_consecutive_off: u32,
    pub max_weekends: u32,
    /// Days that must be off (leave, fixed days off).
    pub days_off: Vec<u16>,
    pub on_requests: Vec<Request>,
    pub off_requests: Vec<Request>,
    pub labour: Option<Labour>,
    /// Soft: contracted minutes per full calendar week, and cost per started hour short.
    pub week_target_minutes: u32,
    pub week_target_weight: i64,
    /// Soft fairness caps (fair share of the team) with cost per unit above.
    pub fair_weekends: u32,
    pub fair_weekends_weight: i64,
    pub fair_late: u32,
    pub fair_late_weight: i64,
    /// Soft: cost per extra shift group worked within one calendar week (0 = no wish).
    pub same_shift_weight: i64,
}

impl Default for StaffRules {
    fn default() -> Self {
        StaffRules {
            id: String::new(),
            allowed: Vec::new(),
            max_shifts: Vec::new(),
            min_minutes: 0,
            max_minutes: u32::MAX,
            max_consecutive: u32::MAX,
            min_consecutive: 0,
            min_consecutive_off: 0,
            max_weekends: u32::MAX,
            days_off: Vec::new(),
            on_requests: Vec::new(),
            off_requests: Vec::new(),
            labour: None,
            week_target_minutes: 0,
            week_target_weight: 0,
            fair_weekends: u32::MAX,
            fair_weekends_weight: 0,
            fair_late: u32::MAX,
            fair_late_weight: 0,
            same_shift_weight: 0,
        }
    }
}

/// One cover requirement: a (day, shift) pair in Curtois, a (day, interval, skill) in Kefu.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cover {
    pub day: u16,
    /// Free label (`D`, `09:30 售前`).
    pub label: String,
    pub requirement: i32,
    pub under_weight: i64,
    pub over_weight: i64,
}

/// The problem.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    pub days: u16,
    /// Weekday of day 0, Monday = 0.
    pub first_weekday: u8,
    /// Month index of each day (for the monthly overtime cap); empty = one month.
    #[serde(default)]
    pub month_of_day: Vec<u8>,
    pub shifts: Vec<ShiftDef>,
    pub staff: Vec<StaffRules>,
    pub cover: Vec<Cover>,
    /// `contrib[day * shifts + s]`: the cover items one person on shift `s` on `day` counts for.
    pub contrib: Vec<Vec<u32>>,
}

/// Errors in a problem definition.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProblemError {
    #[error("排班问题无效：{0} / invalid roster problem: {0}")]
    Invalid(String),
}

impl Problem {
    /// Checks the internal indexes; the engine relies on them.
    pub fn validate(&self) -> Result<(), ProblemError> {
        let bad = |m: String| Err(ProblemError::Invalid(m));
        let ns = self.shifts.len();
        if ns == 0 || ns >= OFF as usize {
            return bad(format!("{ns} shift types (1..254 allowed)"));
        }
        if self.days == 0 {
            return bad("horizon of 0 days".into());
        }
        if self.contrib.len() != self.days as usize * ns {
            return bad("contribution table size".into());
        }
        if self.contrib.iter().flatten().any(|c| *c as usize >= self.cover.len()) {
            return bad("contribution to unknown cover item".into());
        }
        if self.shifts.iter().flat_map(|s| &s.forbid_next).any(|f| *f as usize >= ns) {
            return bad("unknown shift in a forbidden succession".into());
        }
        for s in &self.staff {
            if !s.allowed.is_empty() && s.allowed.len() != ns
                || !s.max_shifts.is_empty() && s.max_shifts.len() != ns
            {
                return bad(format!("staff {}: per-shift tables must have {ns} entries", s.id));
            }
            let req_ok = |r: &Request| {
                (r.day as usize) < self.days as usize && r.shift.is_none_or(|x| (x as usize) < ns)
            };
            if !s.on_requests.iter().all(|r| req_ok(r) && r.shift.is_some())
                || !s.off_requests.iter().all(req_ok)
                || s.days_off.iter().any(|d| *d >= self.days)
            {
                return bad(format!("staff {}: request or day off outside the horizon", s.id));
            }
        }
        Ok(())
    }

    pub fn is_weekend(&self, day: usize) -> bool {
        (day + self.first_weekday as usize) % 7 >= 5
    }

    /// Calendar week index of `day` (weeks start on Monday).
    pub fn week_of(&self, day: usize) -> usize {
        (day + self.first_weekday as usize) / 7
    }
}

/// A roster: `cells[staff * days + day]` = shift index or [`OFF`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roster {
    pub days: u16,
    pub cells: Vec<u8>,
}

impl Roster {
    pub fn empty(p: &Problem) -> Roster {
        Roster { days: p.days, cells: vec![OFF; p.days as usize * p.staff.len()] }
    }
    pub fn get(&self, staff: usize, day: usize) -> u8 {
        self.cells[staff * self.days as usize + day]
    }
    pub fn set(&mut self, staff: usize, day: usize, v: u8) {
        self.cells[staff * self.days as usize + day] = v;
    }
    pub fn row(&self, staff: usize) -> &[u8] {
        let d = self.days as usize;
        &self.cells[staff * d..(staff + 1) * d]
    }
}

/// Hard and soft totals. Ordered: fewer hard first, then less soft.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Score {
    pub hard: i64,
    pub soft: i64,
}

/// Every rule a violation can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Rule {
    // Hard.
    DayOff,
    NotAllowed,
    RestBetweenShifts,
    MaxShiftsOfType,
    MaxMinutes,
    MinMinutes,
    MaxConsecutive,
    MinConsecutive,
    MinConsecutiveOff,
    MaxWeekends,
    WeeklyHours,
    WeeklyRestDay,
    MonthlyOvertime,
    // Soft.
    UnderCover,
    OverCover,
    ShiftOnRequest,
    ShiftOffRequest,
    ContractHours,
    FairWeekends,
    FairLate,
    SameShiftWeek,
}

impl Rule {
    pub fn is_hard(self) -> bool {
        !matches!(
            self,
            Rule::UnderCover
                | Rule::OverCover
                | Rule::ShiftOnRequest
                | Rule::ShiftOffRequest
                | Rule::ContractHours
                | Rule::FairWeekends
                | Rule::FairLate
                | Rule::SameShiftWeek
        )
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Rule::DayOff => lang.pick("休假/固定休息日排了班", "Shift on leave or a fixed day off"),
            Rule::NotAllowed => lang.pick("技能或合同不允许此班次", "Shift not allowed (skill or contract)"),
            Rule::RestBetweenShifts => lang.pick("两班之间休息不足", "Too little rest between shifts"),
            Rule::MaxShiftsOfType => lang.pick("该班次次数超上限", "Too many shifts of this type"),
            Rule::MaxMinutes => lang.pick("总工时超上限", "Too many total hours"),
            Rule::MinMinutes => lang.pick("总工时不足下限", "Too few total hours"),
            Rule::MaxConsecutive => lang.pick("连续上班天数过多", "Too many consecutive working days"),
            Rule::MinConsecutive => lang.pick("连续上班天数过少", "Too few consecutive working days"),
            Rule::MinConsecutiveOff => lang.pick("连续休息天数过少", "Too few consecutive days off"),
            Rule::MaxWeekends => lang.pick("上班周末数超上限", "Too many working weekends"),
            Rule::WeeklyHours => lang.pick("周工时超过法定上限", "Weekly hours above the legal limit"),
            Rule::WeeklyRestDay => lang.pick("每周至少休息一天", "At least one rest day a week"),
            Rule::MonthlyOvertime => lang.pick("月加班超过 36 小时", "Monthly overtime above 36 h"),
            Rule::UnderCover => lang.pick("人手不足", "Under-staffed"),
            Rule::OverCover => lang.pick("人手过剩", "Over-staffed"),
            Rule::ShiftOnRequest => lang.pick("未满足想上的班", "Shift request not met"),
            Rule::ShiftOffRequest => lang.pick("未满足休息请求", "Day-off request not met"),
            Rule::ContractHours => lang.pick("周工时低于合同", "Weekly hours below contract"),
            Rule::FairWeekends => lang.pick("周末班分配不均", "Weekend work unevenly spread"),
            Rule::FairLate => lang.pick("晚班/夜班分配不均", "Late/night shifts unevenly spread"),
            Rule::SameShiftWeek => lang.pick("一周内班次不固定", "Shift changes within the week"),
        }
    }
}

/// One broken rule. `amount` is in the rule's unit and `cost` what it adds to the score (equal
/// for hard rules; amount × weight for soft ones).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    pub rule: Rule,
    pub staff: Option<u32>,
    pub day: Option<u16>,
    pub cover: Option<u32>,
    pub amount: i64,
    pub cost: i64,
}
