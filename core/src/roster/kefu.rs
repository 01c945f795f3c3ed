//! The Kefu practical roster: agents with skills (售前/售后) and shops, shift templates with
//! breaks on 30-minute intervals, PRC labour rules, fairness, requests and locks, compiled into
//! the generic [`Problem`]; plus the views and exports of a solved roster.
//!
//! Compilation: one shift type per (template, skill, shop) the demand asks for; an agent may
//! work a type when they have the skill, belong to the shop (or to every shop), nights are
//! allowed for night templates, and the paid length fits the daily limit (8 h, or 8 h + 3 h
//! overtime when overtime is allowed). A type counts for the cover items (day, interval, skill,
//! shop) it is on the floor for, breaks excluded; a late template that runs past midnight counts
//! for the next day's early intervals. Rest between shifts (default 11 h) forbids successions.

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::model::{Cover, Labour, OFF, Problem, Request, Roster, ShiftDef, StaffRules};
use crate::Lang;
use crate::model::Role;

/// A shift template (班次模板).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ShiftTemplate {
    /// Code in the roster sheet: 早, 中, 晚, 夜.
    pub code: String,
    /// Start, minutes after midnight.
    pub start: u32,
    /// Length from start to end, breaks included, minutes.
    pub length: u32,
    /// Unpaid breaks as (offset from start, minutes), off the floor.
    pub breaks: Vec<(u32, u32)>,
    /// Late shift for fairness.
    pub late: bool,
    /// Night shift: only for agents with nights allowed.
    pub night: bool,
}

impl Default for ShiftTemplate {
    fn default() -> Self {
        ShiftTemplate {
            code: String::new(),
            start: 480,
            length: 510,
            breaks: vec![],
            late: false,
            night: false,
        }
    }
}

impl ShiftTemplate {
    pub fn paid_minutes(&self) -> u32 {
        self.length.saturating_sub(self.breaks.iter().map(|b| b.1).sum())
    }
    pub fn end(&self) -> u32 {
        self.start + self.length
    }
    /// `08:00–16:30`.
    pub fn span(&self) -> String {
        let e = self.end();
        format!("{:02}:{:02}–{:02}:{:02}", self.start / 60, self.start % 60, e / 60 % 24, e % 60)
    }
}

/// Early / middle / late covering 08:00–24:00, each 8 paid hours with a 30-minute meal
/// (lunch or dinner in the windows of domain §8).
pub fn default_templates() -> Vec<ShiftTemplate> {
    vec![
        ShiftTemplate {
            code: "早".into(),
            start: 480,
            length: 510,
            breaks: vec![(210, 30)],
            late: false,
            night: false,
        },
        ShiftTemplate {
            code: "中".into(),
            start: 720,
            length: 510,
            breaks: vec![(300, 30)],
            late: false,
            night: false,
        },
        ShiftTemplate {
            code: "晚".into(),
            start: 930,
            length: 510,
            breaks: vec![(180, 30)],
            late: true,
            night: false,
        },
    ]
}

/// One agent for rostering.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Agent {
    pub id: String,
    pub name: String,
    pub skills: Vec<Role>,
    /// Shop the agent serves; empty = every shop.
    pub shop: String,
    /// Contracted hours per week (soft target).
    pub weekly_hours: u32,
    /// Maximum shifts per calendar week (hard).
    pub max_shifts_per_week: u32,
    /// Minimum shifts per full calendar week (soft; 0 = none). Saved work without it loads as 0.
    pub min_shifts_per_week: u32,
    pub nights_ok: bool,
    pub overtime_ok: bool,
    /// Days (index from the plan start) on leave or otherwise unavailable (hard off).
    pub unavailable: Vec<u16>,
    /// Days the agent asks to have off (soft).
    pub off_requests: Vec<u16>,
    /// Preferred (day, template code) (soft).
    pub preferred: Vec<(u16, String)>,
    /// Wants the same shift all week.
    pub same_shift_week: bool,
}

impl Default for Agent {
    fn default() -> Self {
        Agent {
            id: String::new(),
            name: String::new(),
            skills: vec![Role::PreSale],
            shop: String::new(),
            weekly_hours: 40,
            max_shifts_per_week: 6,
            min_shifts_per_week: 0,
            nights_ok: false,
            overtime_ok: false,
            unavailable: vec![],
            off_requests: vec![],
            preferred: vec![],
            same_shift_week: false,
        }
    }
}

/// Weights of the soft goals, per unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Weights {
    /// Per missing agent per interval.
    pub under: i64,
    /// Per surplus agent per interval.
    pub over: i64,
    pub off_request: i64,
    pub preferred: i64,
    /// Per weekend / late shift above the agent's fair share.
    pub fairness: i64,
    /// Per hour below the weekly contract.
    pub contract: i64,
    /// Per extra shift kind in a week for agents who want one shift all week.
    pub same_shift: i64,
    /// Per shift below the contract's minimum shifts in a full week.
    pub min_shifts: i64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            under: 100,
            over: 10,
            off_request: 60,
            preferred: 20,
            fairness: 30,
            contract: 8,
            same_shift: 25,
            min_shifts: 40,
        }
    }
}

/// Rules of the plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Rules {
    pub labour: Labour,
    /// Minimum rest between the end of one shift and the start of the next, minutes.
    pub min_rest_minutes: u32,
    pub max_consecutive_days: u32,
    /// Daily overtime cap, minutes (3 h).
    pub day_overtime_minutes: u32,
    pub weights: Weights,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            labour: Labour::default(),
            min_rest_minutes: 660,
            max_consecutive_days: 6,
            day_overtime_minutes: 180,
            weights: Weights::default(),
        }
    }
}

/// Agents to schedule per interval for one skill and shop: `required[day * per_day + interval]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Demand {
    pub skill: Role,
    #[serde(default)]
    pub shop: String,
    pub required: Vec<u32>,
}

/// Everything the supervisor sets up; persisted by the app.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub start: NaiveDate,
    pub days: u16,
    pub interval_minutes: u32,
    pub templates: Vec<ShiftTemplate>,
    pub agents: Vec<Agent>,
    #[serde(default)]
    pub rules: Rules,
    pub demand: Vec<Demand>,
}

/// A compiled plan: the generic problem plus what each index means.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Model {
    pub plan: Plan,
    pub problem: Problem,
    /// Per shift type: (template index, demand index).
    pub types: Vec<(usize, usize)>,
    /// Per cover item: (day, interval, demand index).
    pub cover_key: Vec<(u16, u32, usize)>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlanError {
    #[error("排班设置无效：{0} / invalid roster plan: {0}")]
    Invalid(String),
}

impl PlanError {
    pub fn localize(&self, lang: Lang) -> String {
        match (self, lang) {
            (PlanError::Invalid(m), Lang::Zh) => format!("排班设置无效：{m}"),
            (PlanError::Invalid(m), Lang::En) => format!("Invalid roster plan: {m}"),
        }
    }
}

impl Plan {
    pub fn per_day(&self) -> usize {
        (1440 / self.interval_minutes.max(1)) as usize
    }
    pub fn date(&self, day: usize) -> NaiveDate {
        self.start + Duration::days(day as i64)
    }

    /// Compiles the plan into the engine's problem.
    pub fn compile(&self) -> Result<Model, PlanError> {
        let bad = |m: &str| Err(PlanError::Invalid(m.to_owned()));
        let im = self.interval_minutes;
        if im == 0 || 1440 % im != 0 {
            return bad("interval must divide 24 h / 时段须整除 24 小时");
        }
        if self.days == 0 || self.templates.is_empty() || self.demand.is_empty() {
            return bad("needs days, shift templates and demand / 需要天数、班次模板和需求");
        }
        let per_day = self.per_day();
        let days = self.days as usize;
        if self.demand.iter().any(|d| d.required.len() != days * per_day) {
            return bad("demand length must be days × intervals per day / 需求长度须为天数×每日时段数");
        }
        if self.templates.iter().any(|t| t.length == 0 || t.length > 1440 || t.start >= 1440) {
            return bad("a shift template has an impossible start or length / 班次模板的开始或时长无效");
        }
        let w = &self.rules.weights;
        let mut types = Vec::new();
        let mut shifts = Vec::new();
        for (di, dm) in self.demand.iter().enumerate() {
            for (ti, t) in self.templates.iter().enumerate() {
                types.push((ti, di));
                let label = if dm.shop.is_empty() {
                    format!("{}-{}", t.code, dm.skill.zh())
                } else {
                    format!("{}-{}-{}", t.code, dm.skill.zh(), dm.shop)
                };
                shifts.push(ShiftDef {
                    code: label,
                    minutes: t.paid_minutes(),
                    forbid_next: vec![],
                    late: t.late || t.night,
                    group: ti as u16,
                });
            }
        }
        if shifts.len() >= OFF as usize {
            return bad("too many shift types (templates × skills × shops ≤ 254)");
        }
        let ns = shifts.len();
        for a in 0..ns {
            for b in 0..ns {
                let (ta, tb) = (&self.templates[types[a].0], &self.templates[types[b].0]);
                if tb.start + 1440 < ta.end() + self.rules.min_rest_minutes {
                    shifts[a].forbid_next.push(b as u16);
                }
            }
        }
        // Cover items per (day, interval, demand) with a positive requirement or that some
        // shift can reach (surplus counts too).
        let mut cover = Vec::new();
        let mut cover_key = Vec::new();
        let mut index = vec![u32::MAX; days * per_day * self.demand.len()];
        for (di, dm) in self.demand.iter().enumerate() {
            for day in 0..days {
                for i in 0..per_day {
                    index[(di * days + day) * per_day + i] = cover.len() as u32;
                    cover_key.push((day as u16, i as u32, di));
                    cover.push(Cover {
                        day: day as u16,
                        label: format!(
                            "{:02}:{:02} {}",
                            i as u32 * im / 60,
                            i as u32 * im % 60,
                            dm.skill.zh()
                        ),
                        requirement: dm.required[day * per_day + i] as i32,
                        under_weight: w.under,
                        over_weight: w.over,
                    });
                }
            }
        }
        let mut contrib = vec![Vec::new(); days * ns];
        for day in 0..days {
            for (s, &(ti, di)) in types.iter().enumerate() {
                let t = &self.templates[ti];
                let mut m = 0;
                while m < t.length {
                    let on_break = t.breaks.iter().any(|(o, l)| m >= *o && m < o + l);
                    let abs = t.start + m;
                    let (dd, i) = (day + (abs / 1440) as usize, ((abs % 1440) / im) as usize);
                    if !on_break && dd < days {
                        contrib[day * ns + s].push(index[(di * days + dd) * per_day + i]);
                    }
                    m += im;
                }
            }
        }
        // Fair shares: late shifts and working weekends the demand implies, per eligible agent.
        let late_types: Vec<usize> = (0..self.templates.len()).filter(|t| self.templates[*t].late).collect();
        let mut fair_late = vec![u32::MAX; self.demand.len()];
        let mut fair_weekend = vec![u32::MAX; self.demand.len()];
        let first_weekday = self.start.weekday().num_days_from_monday() as usize;
        for (di, dm) in self.demand.iter().enumerate() {
            let eligible = self.agents.iter().filter(|a| a.skills.contains(&dm.skill)).count().max(1);
            let mut late_total = 0u32;
            let mut weekend_total = 0u32;
            for day in 0..days {
                let row = &dm.required[day * per_day..(day + 1) * per_day];
                if let Some(lt) = late_types.first() {
                    let t = &self.templates[*lt];
                    // Intervals only a late template covers: after the latest non-late end.
                    let other_end =
                        self.templates.iter().filter(|x| !x.late).map(|x| x.end()).max().unwrap_or(0);
                    let from = (other_end.min(1440) / im) as usize;
                    let to = (t.end().min(1440) / im) as usize;
                    late_total += row[from.min(per_day)..to.min(per_day)].iter().copied().max().unwrap_or(0);
                }
                if (day + first_weekday) % 7 == 5 {
                    let next =
                        (day + 1 < days).then(|| &dm.required[(day + 1) * per_day..(day + 2) * per_day]);
                    let peak = row.iter().chain(next.into_iter().flatten()).copied().max().unwrap_or(0);
                    weekend_total += peak * 2; // both days staffed by different people at worst
                }
            }
            fair_late[di] = (late_total as usize).div_ceil(eligible) as u32 + 1;
            fair_weekend[di] = (weekend_total as usize).div_ceil(eligible) as u32 + 1;
        }
        let weeks = days.div_ceil(7).max(1) as u32;
        let month_of_day: Vec<u8> = {
            let m0 = self.start.year() * 12 + self.start.month0() as i32;
            (0..days)
                .map(|d| (self.date(d).year() * 12 + self.date(d).month0() as i32 - m0).clamp(0, 63) as u8)
                .collect()
        };
        let mut staff = Vec::new();
        for a in &self.agents {
            let allowed: Vec<bool> = types
                .iter()
                .map(|&(ti, di)| {
                    let t = &self.templates[ti];
                    let dm = &self.demand[di];
                    let day_cap = self.rules.labour.day_minutes
                        + if a.overtime_ok { self.rules.day_overtime_minutes } else { 0 };
                    a.skills.contains(&dm.skill)
                        && (a.shop.is_empty() || dm.shop.is_empty() || a.shop == dm.shop)
                        && (!t.night || a.nights_ok)
                        && t.paid_minutes() <= day_cap
                })
                .collect();
            let my_demands: Vec<usize> =
                (0..self.demand.len()).filter(|di| a.skills.contains(&self.demand[*di].skill)).collect();
            let share = |v: &Vec<u32>| my_demands.iter().map(|d| v[*d]).min().unwrap_or(u32::MAX);
            let mut on_requests = Vec::new();
            for (day, code) in &a.preferred {
                for (s, &(ti, _)) in types.iter().enumerate() {
                    if self.templates[ti].code == *code && allowed[s] && (*day as usize) < days {
                        on_requests.push(Request { day: *day, shift: Some(s as u16), weight: w.preferred });
                        break;
                    }
                }
            }
            let max_shift_minutes = self.templates.iter().map(|t| t.paid_minutes()).max().unwrap_or(480);
            staff.push(StaffRules {
                id: a.id.clone(),
                allowed,
                max_shifts: vec![],
                max_minutes: a.max_shifts_per_week.saturating_mul(max_shift_minutes).saturating_mul(weeks),
                max_consecutive: self.rules.max_consecutive_days,
                days_off: a.unavailable.iter().copied().filter(|d| (*d as usize) < days).collect(),
                on_requests,
                off_requests: a
                    .off_requests
                    .iter()
                    .filter(|d| (**d as usize) < days)
                    .map(|d| Request { day: *d, shift: None, weight: w.off_request })
                    .collect(),
                labour: Some(Labour { overtime: a.overtime_ok, ..self.rules.labour.clone() }),
                week_target_minutes: a.weekly_hours * 60,
                week_target_weight: w.contract,
                fair_weekends: share(&fair_weekend),
                fair_weekends_weight: w.fairness,
                fair_late: share(&fair_late),
                fair_late_weight: w.fairness,
                same_shift_weight: if a.same_shift_week { w.same_shift } else { 0 },
                week_min_shifts: a.min_shifts_per_week,
                week_min_shifts_weight: w.min_shifts,
                ..StaffRules::default()
            });
        }
        let problem = Problem {
            days: self.days,
            first_weekday: first_weekday as u8,
            month_of_day,
            shifts,
            staff,
            cover,
            contrib,
        };
        problem.validate().map_err(|e| PlanError::Invalid(e.to_string()))?;
        Ok(Model { plan: self.clone(), problem, types, cover_key })
    }
}

/// Required against scheduled for one interval of one demand (the coverage chart).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoverageRow {
    pub day: u16,
    pub interval: u32,
    pub demand: usize,
    pub required: i32,
    pub scheduled: i32,
}

/// Per-agent totals of a roster.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgentHours {
    pub agent: usize,
    pub shifts: u32,
    pub paid_minutes: u32,
    pub late_shifts: u32,
    pub weekend_days: u32,
    pub days_off: u32,
    /// Paid minutes per calendar week touched by the plan.
    pub week_minutes: Vec<u32>,
}

impl Model {
    /// Template code of a cell value (`早`), with the skill when the plan has several demands
    /// (`早·售后`); `休` for off.
    pub fn cell_label(&self, v: u8) -> String {
        if v == OFF || v as usize >= self.types.len() {
            return "休".into();
        }
        let (ti, di) = self.types[v as usize];
        let code = &self.plan.templates[ti].code;
        if self.plan.demand.len() > 1 {
            let d = &self.plan.demand[di];
            let shop = if d.shop.is_empty() { String::new() } else { format!("·{}", d.shop) };
            format!("{code}·{}{shop}", d.skill.zh())
        } else {
            code.clone()
        }
    }

    /// Coverage per (demand, day, interval), in cover-item order.
    pub fn coverage(&self, roster: &Roster) -> Vec<CoverageRow> {
        let rep = super::eval::evaluate(&self.problem, roster);
        self.cover_key
            .iter()
            .zip(&rep.coverage)
            .zip(&self.problem.cover)
            .map(|((&(day, interval, demand), &scheduled), c)| CoverageRow {
                day,
                interval,
                demand,
                required: c.requirement,
                scheduled,
            })
            .collect()
    }

    /// Hours, late shifts, weekend days and days off per agent.
    pub fn hours(&self, roster: &Roster) -> Vec<AgentHours> {
        let days = self.plan.days as usize;
        let weeks = self.problem.week_of(days.saturating_sub(1)) + 1;
        (0..self.plan.agents.len())
            .map(|a| {
                let mut h = AgentHours {
                    agent: a,
                    shifts: 0,
                    paid_minutes: 0,
                    late_shifts: 0,
                    weekend_days: 0,
                    days_off: 0,
                    week_minutes: vec![0; weeks],
                };
                for d in 0..days {
                    let v = roster.cells.get(a * days + d).copied().unwrap_or(OFF);
                    if v == OFF || v as usize >= self.types.len() {
                        h.days_off += 1;
                        continue;
                    }
                    let sd = &self.problem.shifts[v as usize];
                    h.shifts += 1;
                    h.paid_minutes += sd.minutes;
                    h.week_minutes[self.problem.week_of(d)] += sd.minutes;
                    h.late_shifts += sd.late as u32;
                    h.weekend_days += self.problem.is_weekend(d) as u32;
                }
                h
            })
            .collect()
    }

    /// Starting roster and lock table from the user's fixed cells: (agent, day, cell value).
    pub fn locked(&self, fixed: &[(usize, u16, u8)]) -> (Roster, Vec<bool>) {
        let mut r = Roster::empty(&self.problem);
        let mut locks = vec![false; r.cells.len()];
        let days = self.plan.days as usize;
        for &(a, d, v) in fixed {
            if a < self.plan.agents.len() && (d as usize) < days {
                r.set(a, d as usize, v);
                locks[a * days + d as usize] = true;
            }
        }
        (r, locks)
    }
}

/// Chats per hour of day of a typical shop (quiet night, peaks 10–12, 14–16 and 20–23).
const HOURLY: [f64; 24] = [
    0.9, 0.45, 0.22, 0.12, 0.1, 0.14, 0.3, 0.75, 2.0, 3.6, 5.6, 5.9, 4.6, 4.7, 5.4, 5.6, 4.7, 3.9, 3.6, 4.3,
    5.7, 6.1, 5.7, 3.4,
];

/// The practical benchmark case: `agents` agents (two thirds 售前, a third 售后, one in ten of
/// the pre-sale agents also after-sale), `days` days from `start`, 30-minute intervals,
/// demand from a typical daily curve through Erlang C (3 chats at once, 5-minute chats,
/// 80 % in 30 s, 10 % shrinkage) scaled to about 85 % of the team's contracted hours, with
/// leave, day-off and shift requests drawn from `seed`. Used by the bench and the tests.
pub fn practical_case(seed: u64, agents: usize, days: u16, start: NaiveDate) -> Plan {
    use super::staffing::{StaffingParams, required_agents};
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15).wrapping_add(1);
    let mut rnd = move |m: u64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x % m.max(1)
    };
    let templates = default_templates();
    let n_pre = agents * 2 / 3;
    let mut list = Vec::new();
    for k in 0..agents {
        let pre = k < n_pre;
        let mut skills = vec![if pre { Role::PreSale } else { Role::AfterSale }];
        if pre && k % 10 == 0 {
            skills.push(Role::AfterSale);
        }
        let mut a = Agent {
            id: format!("{}{:03}", if pre { "售前" } else { "售后" }, k + 1),
            name: format!("客服{:03}", k + 1),
            skills,
            nights_ok: k % 3 == 0,
            overtime_ok: k % 4 == 0,
            same_shift_week: k % 5 == 0,
            ..Agent::default()
        };
        if rnd(6) == 0 {
            let s = rnd(days as u64) as u16;
            a.unavailable = (s..(s + 1 + rnd(3) as u16).min(days)).collect();
        }
        for _ in 0..rnd(3) {
            a.off_requests.push(rnd(days as u64) as u16);
        }
        if rnd(3) == 0 {
            let d = rnd(days as u64) as u16;
            a.preferred.push((d, templates[rnd(3) as usize].code.clone()));
        }
        list.push(a);
    }
    let params = StaffingParams {
        aht_secs: 300.0,
        interval_secs: 1800.0,
        sl_target: 0.8,
        answer_secs: 30.0,
        shrinkage: 0.1,
        concurrency: 3,
        ..StaffingParams::default()
    };
    let total: f64 = HOURLY[8..24].iter().sum();
    let per_day = 48usize;
    let make = |skill: Role, count: usize, scale: f64| -> Demand {
        let mut required = Vec::with_capacity(days as usize * per_day);
        for d in 0..days as usize {
            let wd = (start + Duration::days(d as i64)).weekday().num_days_from_monday();
            let day_f = if wd >= 5 { 1.12 } else { 1.0 };
            for i in 0..per_day {
                let h = i / 2;
                // Only 08:00–24:00 is staffed (the platform's counted hours).
                let chats = if h >= 8 { scale * count as f64 * day_f * HOURLY[h] / total / 2.0 } else { 0.0 };
                required.push(required_agents(chats, &params).scheduled);
            }
        }
        Demand { skill, shop: String::new(), required }
    };
    let mut demand = Vec::new();
    for (skill, count) in [(Role::PreSale, n_pre), (Role::AfterSale, agents - n_pre)] {
        // Contracted agent-minutes per day for this group ≈ count × 40 h / 7 days.
        let cap = count as f64 * 2400.0 / 7.0;
        let mut scale = 120.0;
        for _ in 0..4 {
            let dm = make(skill, count, scale);
            let need: f64 = dm.required.iter().map(|r| *r as f64 * 30.0).sum::<f64>() / days as f64;
            scale *= 0.85 * cap / need.max(1.0);
        }
        demand.push(make(skill, count, scale));
    }
    Plan { start, days, interval_minutes: 30, templates, agents: list, rules: Rules::default(), demand }
}
