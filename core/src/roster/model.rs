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
    /// Soft: minimum shifts per full calendar week, and cost per shift short (0 = none).
    pub week_min_shifts: u32,
    pub week_min_shifts_weight: i64,
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
            week_min_shifts: 0,
            week_min_shifts_weight: 0,
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
    MinShiftsWeek,
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
                | Rule::MinShiftsWeek
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
            Rule::MinShiftsWeek => {
                lang.pick("周班数少于合同最少班数", "Fewer shifts in the week than the contract's minimum")
            }
        }
    }
}

impl Rule {
    /// Every rule, hard first, for the help page.
    pub const ALL: [Rule; 22] = [
        Rule::DayOff,
        Rule::NotAllowed,
        Rule::RestBetweenShifts,
        Rule::MaxShiftsOfType,
        Rule::MaxMinutes,
        Rule::MinMinutes,
        Rule::MaxConsecutive,
        Rule::MinConsecutive,
        Rule::MinConsecutiveOff,
        Rule::MaxWeekends,
        Rule::WeeklyHours,
        Rule::WeeklyRestDay,
        Rule::MonthlyOvertime,
        Rule::UnderCover,
        Rule::OverCover,
        Rule::ShiftOnRequest,
        Rule::ShiftOffRequest,
        Rule::ContractHours,
        Rule::FairWeekends,
        Rule::FairLate,
        Rule::SameShiftWeek,
        Rule::MinShiftsWeek,
    ];

    /// One-paragraph explanation for the app's help, with the unit the amount is counted in.
    pub fn help(self, lang: Lang) -> &'static str {
        match self {
            Rule::DayOff => lang.pick(
                "硬性：请假、不可上班日和固定休息日不能排班。每天计 1。",
                "Hard: no shift on leave, unavailable or fixed days off. 1 per day.",
            ),
            Rule::NotAllowed => lang.pick(
                "硬性：班次须与技能（售前/售后）、店铺、是否可上夜班、每日工时上限（8 小时，允许加班时 11 小时）匹配。每班计 1。",
                "Hard: the shift must match the agent's skill (pre-/after-sale), shop, nights allowed and the daily limit (8 h, 11 h with overtime). 1 per shift.",
            ),
            Rule::RestBetweenShifts => lang.pick(
                "硬性：前一班结束到下一班开始至少休息规定小时数（默认 11 小时），如晚班后不能接早班。每次计 1。",
                "Hard: minimum rest between the end of one shift and the start of the next (11 h by default), e.g. no early after a late. 1 per case.",
            ),
            Rule::MaxShiftsOfType => lang.pick("硬性：某类班次的次数上限。超出几次计几。", "Hard: cap on shifts of one type. 1 per shift above."),
            Rule::MaxMinutes => lang.pick("硬性：排班期内总工时上限。按超出的小时计（不足 1 小时按 1 小时）。", "Hard: total paid time cap over the plan. Counted in started hours above."),
            Rule::MinMinutes => lang.pick("硬性：排班期内总工时下限。按不足的小时计。", "Hard: minimum total paid time. Counted in started hours below."),
            Rule::MaxConsecutive => lang.pick("硬性：最多连续上班天数（默认 6 天）。超出几天计几。", "Hard: maximum consecutive working days (6 by default). 1 per day above."),
            Rule::MinConsecutive => lang.pick(
                "硬性：每段连续上班至少几天（接着排班期开头或结尾的一段不检查，它可能延续到期外）。不足几天计几。",
                "Hard: each run of working days must be at least this long (a run at the plan's start or end is exempt: it may go on outside the plan). 1 per day short.",
            ),
            Rule::MinConsecutiveOff => lang.pick(
                "硬性：两段上班之间至少连休几天（期初、期末的休息段不检查）。不足几天计几。",
                "Hard: days off between two working runs (runs at the plan's ends are exempt). 1 per day short.",
            ),
            Rule::MaxWeekends => lang.pick("硬性：上班周末数上限（周六或周日上班即算）。超出几个计几。", "Hard: working weekends cap (Saturday or Sunday worked). 1 per weekend above."),
            Rule::WeeklyHours => lang.pick(
                "硬性（劳动法）：标准工时每天 8 小时、每周 40 小时；不允许加班的员工超出即违规，按小时计。",
                "Hard (labour law): 8 h a day, 40 h a week; for agents without overtime any excess is a violation, in hours.",
            ),
            Rule::WeeklyRestDay => lang.pick("硬性（劳动法）：每个完整自然周至少休息 1 天。", "Hard (labour law): at least one rest day in each full calendar week."),
            Rule::MonthlyOvertime => lang.pick(
                "硬性（劳动法）：允许加班时，每天加班不超过 3 小时，每月不超过 36 小时。按超出小时计。",
                "Hard (labour law): with overtime, at most 3 h a day and 36 h a month. Counted in hours above.",
            ),
            Rule::UnderCover => lang.pick(
                "软性：某时段（30 分钟）在岗人数少于需求；每缺 1 人按权重计。需求来自 Erlang 模型。",
                "Soft: fewer agents on the floor than required in an interval; weight per missing agent. Requirements come from the Erlang model.",
            ),
            Rule::OverCover => lang.pick("软性：某时段在岗人数多于需求；每多 1 人按权重计。", "Soft: more agents than required in an interval; weight per extra agent."),
            Rule::ShiftOnRequest => lang.pick("软性：员工想上的班未安排。", "Soft: a preferred shift was not given."),
            Rule::ShiftOffRequest => lang.pick("软性：员工申请休息的日子被排了班。", "Soft: a requested day off was worked."),
            Rule::ContractHours => lang.pick("软性：完整自然周的工时低于合同工时，按缺少的小时计。", "Soft: weekly hours below contract in a full week, per hour short."),
            Rule::FairWeekends => lang.pick("软性：周末上班次数超过团队平均分摊份额。", "Soft: more working weekends than the agent's fair share."),
            Rule::FairLate => lang.pick("软性：晚班/夜班次数超过团队平均分摊份额。", "Soft: more late/night shifts than the agent's fair share."),
            Rule::SameShiftWeek => lang.pick(
                "软性：希望整周同一班次的员工，一周内每多一种班次按权重计（按周轮换，不按天轮换）。",
                "Soft: for agents who want one shift all week, each extra kind of shift in a week (rotate weekly, not daily).",
            ),
            Rule::MinShiftsWeek => lang.pick(
                "软性：合同规定每周至少上几个班（如兼职每周至少 3 班）；完整自然周里每少 1 个班按权重计。",
                "Soft: the contract's minimum shifts a week (e.g. a part-timer's 3); per shift short in a full calendar week, times the weight.",
            ),
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
