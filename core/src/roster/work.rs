//! The roster page's user work and its preparation (the app's side of the pipeline).
//!
//! [`RosterWork`] is what the supervisor sets on the 排班 page — staffing parameters, marked
//! days and overrides, the pre-/after-sale split, staff edits, leave and day-off requests,
//! shift templates, rules, the seed, and the current roster with its locks. The app stores it
//! as the `work/roster` document (`store::WorkArea::Roster`), so fields are added with
//! `#[serde(default)]`.
//!
//! [`prepare`] turns the imported chat log and staff list plus the work into what the page
//! shows and the optimiser needs: the history series, the forecast with its accuracy, the
//! agents needed per interval and skill (chats carry no skill, so the forecast is split by the
//! user's share), and the compiled [`Model`]. Leave and requests are kept by date, so moving
//! the plan's start keeps them on the right days; a saved roster is kept by agent id, date and
//! shift type ([`SavedRoster`]) for the same reason, the type also as its template, skill and
//! shop, so a plan that becomes split by shop (or stops being split) keeps every agent's shifts.
//!
//! Also here: the worker's solve job description ([`SolveJob`], [`SolvePoint`]) and the
//! wording of a violation that names agent, day and rule ([`violation_text`]).

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::eval::Report;
use super::forecast::{self, Forecast, ForecastError, ForecastParams, IntervalSeries};
use super::kefu::{Agent, Demand, Model, Plan, PlanError, Rules, ShiftTemplate, default_templates};
use super::model::{OFF, Roster, Rule, Violation};
use super::staffing::{Concurrency, StaffingParams, required_agents};
use crate::Lang;
use crate::model::{ChatLog, Role, Staff};

/// Interval length of the roster page, minutes.
pub const INTERVAL: u32 = 30;
/// A buyer message after this much silence opens a new session (domain §2).
pub const SESSION_GAP_SECS: i64 = 600;

/// What an agent asked for on one date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum RequestKind {
    /// 请假: on leave, no shift (hard).
    Leave,
    /// 想休息: wants the day off (soft).
    DayOff,
    /// 想上某班: prefers this template code (soft).
    Shift(String),
}

/// A leave or request of one agent on one date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffRequest {
    /// The agent's id (the sub-account).
    pub agent: String,
    pub date: NaiveDate,
    pub kind: RequestKind,
}

/// A roster as saved: by agent id, date and shift-type code, so it survives template, staff
/// and start-date changes (cells that no longer fit are dropped). A shift type is also kept
/// as its base shift ([`SavedType`]: template and skill) and shop, so the cells survive the
/// plan being split by shop or no longer split (see [`SavedRoster::restore`]).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SavedRoster {
    pub start: Option<NaiveDate>,
    pub days: u16,
    pub agents: Vec<String>,
    /// Codes of the shift types `cells` refers to (`早-售前`, `早-售前-棉语旗舰店`).
    pub types: Vec<String>,
    /// What each of `types` is; empty in documents saved before it existed (the codes are
    /// read instead).
    pub kinds: Vec<SavedType>,
    /// `cells[agent * days + day]`: index into `types` or `OFF`.
    pub cells: Vec<u8>,
    pub locks: Vec<bool>,
}

/// A saved shift type: its template code, skill and shop (empty when the plan was not split).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedType {
    pub template: String,
    pub skill: Role,
    #[serde(default)]
    pub shop: String,
}

impl SavedType {
    /// The saved type behind a code of an older document: `早-售前` or `早-售前-店铺`, the
    /// template being one of `templates` (codes may hold `-` themselves).
    fn of_code(code: &str, templates: &[ShiftTemplate]) -> Option<SavedType> {
        templates
            .iter()
            .flat_map(|t| Role::ALL.iter().map(move |k| (t, *k)))
            .filter_map(|(t, skill)| {
                let rest = code.strip_prefix(t.code.as_str())?.strip_prefix('-')?.strip_prefix(skill.zh())?;
                let shop = if rest.is_empty() { "" } else { rest.strip_prefix('-')? };
                Some(SavedType { template: t.code.clone(), skill, shop: shop.to_owned() })
            })
            // The longest template code that fits (`早` and `早-长` both start `早-长-售前`).
            .max_by_key(|k| k.template.len())
    }
}

impl SavedRoster {
    pub fn capture(model: &Model, roster: &Roster, locks: &[bool]) -> SavedRoster {
        SavedRoster {
            start: Some(model.plan.start),
            days: model.plan.days,
            agents: model.plan.agents.iter().map(|a| a.id.clone()).collect(),
            types: model.problem.shifts.iter().map(|s| s.code.clone()).collect(),
            kinds: model
                .types
                .iter()
                .map(|&(ti, di)| SavedType {
                    template: model.plan.templates[ti].code.clone(),
                    skill: model.plan.demand[di].skill,
                    shop: model.plan.demand[di].shop.clone(),
                })
                .collect(),
            cells: roster.cells.clone(),
            locks: locks.to_vec(),
        }
    }

    /// Adds the rows of `previous` for agents this roster does not have (an agent of a shop
    /// the filter hides, someone taken off the staff list for a while), on the dates of this
    /// roster, so saving the roster shown never drops another agent's saved shifts.
    pub fn keeping(mut self, previous: Option<&SavedRoster>) -> SavedRoster {
        let (Some(prev), Some(start), Some(prev_start)) =
            (previous, self.start, previous.and_then(|p| p.start))
        else {
            return self;
        };
        let (days, pd) = (self.days as usize, prev.days as usize);
        for (pa, id) in prev.agents.iter().enumerate() {
            if self.agents.contains(id) {
                continue;
            }
            let mut row = vec![OFF; days];
            let mut locks = vec![false; days];
            for (d, (cell, lock)) in row.iter_mut().zip(locks.iter_mut()).enumerate() {
                let off = (start + Duration::days(d as i64) - prev_start).num_days();
                if off < 0 || off as usize >= pd {
                    continue;
                }
                let k = pa * pd + off as usize;
                *lock = prev.locks.get(k).copied().unwrap_or(false);
                let Some(&v) = prev.cells.get(k).filter(|v| **v != OFF) else { continue };
                let Some(code) = prev.types.get(v as usize) else { continue };
                let t = match self.types.iter().position(|c| c == code) {
                    Some(t) => t,
                    None if self.types.len() + 1 < OFF as usize => {
                        self.types.push(code.clone());
                        if prev.kinds.len() == prev.types.len() {
                            self.kinds.push(prev.kinds[v as usize].clone());
                        }
                        self.types.len() - 1
                    }
                    None => continue,
                };
                *cell = t as u8;
            }
            if row.iter().all(|c| *c == OFF) && !locks.contains(&true) {
                continue;
            }
            self.agents.push(id.clone());
            self.cells.extend(row);
            self.locks.extend(locks);
        }
        // Kinds are parallel to the types or absent (an older document's codes are read).
        if self.kinds.len() != self.types.len() {
            self.kinds.clear();
        }
        self
    }

    /// The saved cells that fit `model` (same agent id, a date inside the plan), as a roster
    /// and lock table of the model's shape. A saved shift goes to the model's shift type of
    /// the same template and skill that the agent may work, of the agent's shop when the plan
    /// is split (else of the saved shop when it still exists): so when a second shop's chats
    /// arrive, or agents' shops change, every agent keeps their shifts. A shift whose template
    /// or skill is gone becomes a day off. `None` when nothing fits.
    pub fn restore(&self, model: &Model) -> Option<(Roster, Vec<bool>)> {
        let start = self.start?;
        let days = model.plan.days as usize;
        let sd = self.days as usize;
        let mut roster = Roster::empty(&model.problem);
        let mut locks = vec![false; roster.cells.len()];
        let kinds: Vec<Option<SavedType>> = self
            .types
            .iter()
            .enumerate()
            .map(|(v, code)| match self.kinds.get(v) {
                Some(k) if self.kinds.len() == self.types.len() => Some(k.clone()),
                _ => SavedType::of_code(code, &model.plan.templates),
            })
            .collect();
        let mut any = false;
        for (a, ag) in model.plan.agents.iter().enumerate() {
            let Some(sa) = self.agents.iter().position(|id| *id == ag.id) else { continue };
            // Saved type → the model's type for this agent (agents differ in shop and skills).
            let type_of: Vec<u8> = (0..self.types.len())
                .map(|v| {
                    let Some(kind) = &kinds[v] else { return OFF };
                    let allowed = &model.problem.staff[a].allowed;
                    model
                        .types
                        .iter()
                        .enumerate()
                        .filter(|(_, (ti, di))| {
                            model.plan.templates[*ti].code == kind.template
                                && model.plan.demand[*di].skill == kind.skill
                        })
                        .min_by_key(|(s, (_, di))| {
                            let shop = &model.plan.demand[*di].shop;
                            (
                                !allowed[*s],
                                ag.shop.is_empty() || *shop != ag.shop,
                                *shop != kind.shop,
                                model.problem.shifts[*s].code != self.types[v],
                                *s,
                            )
                        })
                        .map_or(OFF, |(s, _)| s as u8)
                })
                .collect();
            for d in 0..days {
                let off = (model.plan.date(d) - start).num_days();
                if off < 0 || off as usize >= sd {
                    continue;
                }
                let k = sa * sd + off as usize;
                let Some(&v) = self.cells.get(k) else { continue };
                any = true;
                let nv = if v == OFF { OFF } else { type_of.get(v as usize).copied().unwrap_or(OFF) };
                roster.set(a, d, nv);
                locks[a * days + d] = self.locks.get(k).copied().unwrap_or(false);
            }
        }
        any.then_some((roster, locks))
    }
}

/// Everything the supervisor sets on the roster page; persisted as `work/roster`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RosterWork {
    /// Days to plan (7 = one week).
    pub days: u16,
    /// First day; `None` = the day after the last day of chat history.
    pub start: Option<NaiveDate>,
    pub staffing: StaffingParams,
    /// Marked days, manual overrides, held-back days.
    pub forecast: ForecastParams,
    /// Share of chats that are pre-sale; `None` = the staff list's mix of main roles.
    pub pre_share: Option<f64>,
    /// Service hours (minutes after midnight): no agents are required outside them.
    pub open_from: u32,
    pub open_to: u32,
    /// Agents the user edited (skills, contract, nights…), by id; they replace the ones made
    /// from the staff list. Their leave and request fields are ignored (see `requests`).
    pub agents: Vec<Agent>,
    pub requests: Vec<StaffRequest>,
    pub templates: Vec<ShiftTemplate>,
    pub rules: Rules,
    pub seed: u64,
    /// Optimiser iterations per generate run.
    pub iterations: u64,
    pub roster: Option<SavedRoster>,
}

impl Default for RosterWork {
    fn default() -> Self {
        RosterWork {
            days: 7,
            start: None,
            staffing: default_staffing(),
            forecast: ForecastParams::default(),
            pre_share: None,
            open_from: 480,
            open_to: 1440,
            agents: Vec::new(),
            requests: Vec::new(),
            templates: default_templates(),
            rules: Rules::default(),
            seed: 1,
            iterations: 1_500_000,
            roster: None,
        }
    }
}

/// Staffing defaults for chat (千牛): 80 % answered within 30 s, a session takes 5 minutes of
/// an agent's attention, 3 chats at once, occupancy at most 85 %, 20 % shrinkage.
pub fn default_staffing() -> StaffingParams {
    StaffingParams {
        aht_secs: 300.0,
        interval_secs: INTERVAL as f64 * 60.0,
        sl_target: 0.8,
        answer_secs: 30.0,
        max_occupancy: 0.85,
        shrinkage: 0.2,
        concurrency: 3,
        concurrency_model: Concurrency::ServersPerAgent,
        patience_secs: None,
    }
}

/// Agents needed for one skill (and one shop when the team serves several).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SkillNeed {
    pub skill: Role,
    /// The shop; empty when the plan is not split by shop.
    #[serde(default)]
    pub shop: String,
    /// Share of all chats (the skill's share × the shop's share).
    pub share: f64,
    /// Chats per interval (day-major, like the forecast).
    pub chats: Vec<f64>,
    /// Agents needed on the floor per interval.
    pub on_floor: Vec<u32>,
    /// Agents to schedule per interval (after shrinkage); the optimiser's requirement.
    pub scheduled: Vec<u32>,
}

/// What [`prepare`] gives the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Prepared {
    /// New sessions per interval over the imported history (all shops).
    pub history: IntervalSeries,
    pub forecast: Forecast,
    /// The pre-sale share in force.
    pub pre_share: f64,
    pub needs: Vec<SkillNeed>,
    pub model: Model,
}

/// Why the page's plan could not be prepared (serde: it crosses the worker boundary).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum PrepareError {
    #[error("没有聊天记录 / no chat log")]
    NoChats,
    #[error("没有在职客服 / no active agents")]
    NoStaff,
    /// A forecast or plan error, in both languages.
    #[error("{zh} / {en}")]
    Invalid { zh: String, en: String },
}

impl From<ForecastError> for PrepareError {
    fn from(e: ForecastError) -> Self {
        PrepareError::Invalid { zh: e.localize(Lang::Zh), en: e.localize(Lang::En) }
    }
}

impl From<PlanError> for PrepareError {
    fn from(e: PlanError) -> Self {
        PrepareError::Invalid { zh: e.localize(Lang::Zh), en: e.localize(Lang::En) }
    }
}

impl PrepareError {
    pub fn localize(&self, lang: Lang) -> String {
        match self {
            PrepareError::NoChats => lang
                .pick(
                    "没有聊天记录，无法预测咨询量。请先在“导入”页导入聊天记录，或载入示例数据。",
                    "No chat log, so there is nothing to forecast from. Import chat logs on the Import page first, or load the demo workspace.",
                )
                .into(),
            PrepareError::NoStaff => lang
                .pick(
                    "没有在职客服。请导入客服名单（员工表），或载入示例数据。",
                    "No active agents. Import the staff list, or load the demo workspace.",
                )
                .into(),
            PrepareError::Invalid { zh, en } => lang.pick(zh, en).to_owned(),
        }
    }
}

/// The nickname part of a sub-account (`棉语旗舰店:小美` → `小美`).
pub fn nick(account: &str) -> &str {
    account.rsplit_once(':').map_or(account, |(_, n)| n)
}

/// Agents for rostering: the active staff (nickname as the name, never the real name), with
/// the user's edits by id replacing the defaults.
pub fn agents_from_staff(staff: &[Staff], edits: &[Agent]) -> Vec<Agent> {
    let mut out: Vec<Agent> = Vec::new();
    for s in staff.iter().filter(|s| s.active) {
        if out.iter().any(|a| a.id == s.account) {
            continue;
        }
        let base = Agent {
            id: s.account.clone(),
            name: nick(&s.account).to_owned(),
            skills: if s.skills.is_empty() { vec![s.role] } else { s.skills.clone() },
            weekly_hours: s.weekly_hours,
            nights_ok: s.nights_ok,
            shop: s.shop.clone(),
            ..Agent::default()
        };
        let mut a = edits.iter().find(|e| e.id == base.id).cloned().unwrap_or_else(|| base.clone());
        // The shop comes from the staff list (the page does not edit it).
        a.shop = base.shop;
        a.unavailable.clear();
        a.off_requests.clear();
        a.preferred.clear();
        out.push(a);
    }
    out
}

/// Share of pre-sale among the active staff's main roles (0.5 without staff).
pub fn staff_pre_share(staff: &[Staff]) -> f64 {
    let active: Vec<&Staff> = staff.iter().filter(|s| s.active).collect();
    if active.is_empty() {
        return 0.5;
    }
    active.iter().filter(|s| s.role == Role::PreSale).count() as f64 / active.len() as f64
}

/// The day after the history's last day.
pub fn default_start(history: &IntervalSeries) -> NaiveDate {
    history.date(history.days())
}

/// Forecast, staffing and the compiled plan from the chat log, the staff list and the work.
pub fn prepare(chats: &ChatLog, staff: &[Staff], work: &RosterWork) -> Result<Prepared, PrepareError> {
    let series = forecast::sessions_per_interval(chats, INTERVAL, SESSION_GAP_SECS)?;
    let history = series.get("").cloned().ok_or(PrepareError::NoChats)?;
    let mut agents = agents_from_staff(staff, &work.agents);
    if agents.is_empty() {
        return Err(PrepareError::NoStaff);
    }
    let days = work.days.clamp(1, 56);
    let start = work.start.unwrap_or_else(|| default_start(&history));
    let fc = forecast::forecast(&history, &work.forecast, start, days as u32)?;
    let pre_share = work.pre_share.unwrap_or_else(|| staff_pre_share(staff)).clamp(0.0, 1.0);
    let per_day = (1440 / INTERVAL) as usize;
    let mut params = work.staffing.clone();
    params.interval_secs = INTERVAL as f64 * 60.0;
    let shops = shop_shares(&series, &agents);
    for a in &mut agents {
        if !shops.iter().any(|(s, _)| *s == a.shop) {
            a.shop.clear();
        }
    }
    let skills = [(Role::PreSale, pre_share), (Role::AfterSale, 1.0 - pre_share)];
    let needs: Vec<SkillNeed> = shops
        .iter()
        .flat_map(|(shop, shop_share)| {
            skills.iter().map(move |(skill, share)| (shop, *skill, share * shop_share))
        })
        .map(|(shop, skill, share)| {
            let chats: Vec<f64> = fc.series.counts.iter().map(|c| c * share).collect();
            let (mut on_floor, mut scheduled) = (Vec::new(), Vec::new());
            for (k, c) in chats.iter().enumerate() {
                let minute = (k % per_day) as u32 * INTERVAL;
                let open = minute >= work.open_from && minute < work.open_to;
                let r = if open { required_agents(*c, &params) } else { required_agents(0.0, &params) };
                on_floor.push(r.agents);
                scheduled.push(r.scheduled);
            }
            SkillNeed { skill, shop: shop.clone(), share, chats, on_floor, scheduled }
        })
        .collect();
    for a in &mut agents {
        for r in work.requests.iter().filter(|r| r.agent == a.id) {
            let off = (r.date - start).num_days();
            if off < 0 || off >= days as i64 {
                continue;
            }
            let d = off as u16;
            match &r.kind {
                RequestKind::Leave => a.unavailable.push(d),
                RequestKind::DayOff => a.off_requests.push(d),
                RequestKind::Shift(code) => a.preferred.push((d, code.clone())),
            }
        }
    }
    let templates = if work.templates.is_empty() { default_templates() } else { work.templates.clone() };
    let plan = Plan {
        start,
        days,
        interval_minutes: INTERVAL,
        templates,
        agents,
        rules: work.rules.clone(),
        demand: needs
            .iter()
            .map(|n| Demand { skill: n.skill, shop: n.shop.clone(), required: n.scheduled.clone() })
            .collect(),
    };
    let model = plan.compile()?;
    Ok(Prepared { history, forecast: fc, pre_share, needs, model })
}

/// The shops the plan is split by, with each one's share of the sessions in the history:
/// every shop of the chat log that has agents, when there are two or more; otherwise one entry
/// `("", 1.0)` (no split). Agents of a shop only work its demand; agents without a shop (or of
/// a shop without chats) work every shop's.
pub fn shop_shares(
    series: &std::collections::HashMap<String, IntervalSeries>,
    agents: &[Agent],
) -> Vec<(String, f64)> {
    let total: f64 = series.get("").map_or(0.0, |s| s.counts.iter().sum());
    let mut shops: Vec<(String, f64)> = series
        .iter()
        .filter(|(k, _)| !k.is_empty() && agents.iter().any(|a| a.shop == **k))
        .map(|(k, s)| (k.clone(), s.counts.iter().sum::<f64>()))
        .collect();
    if shops.len() < 2 || total <= 0.0 {
        return vec![(String::new(), 1.0)];
    }
    shops.sort_by(|a, b| a.0.cmp(&b.0));
    // Shares of the shops the team serves (chats of shops without agents are not planned).
    let served: f64 = shops.iter().map(|s| s.1).sum();
    shops.into_iter().map(|(k, n)| (k, n / served.max(1e-9))).collect()
}

/// What the worker's solve job is given.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SolveJob {
    pub plan: Plan,
    /// Roster to start from (the user's edits); locked cells are kept.
    pub start: Option<Roster>,
    pub locks: Vec<bool>,
    pub seed: u64,
    /// Total iterations (the run stops earlier when the user presses Stop).
    pub iterations: u64,
    /// Iterations per step between progress reports (fixed, so a seed gives one roster).
    pub slice: u64,
}

/// One point of the objective chart.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SolvePoint {
    pub iterations: u64,
    /// Milliseconds since the job started.
    pub ms: f64,
    pub best_hard: i64,
    pub best_soft: i64,
    pub current_soft: i64,
    /// Missing agent-intervals in the best roster.
    pub under: i64,
}

/// Agent-intervals short and over in a report.
pub fn cover_gaps(report: &Report) -> (i64, i64) {
    let mut under = 0;
    let mut over = 0;
    for v in &report.violations {
        match v.rule {
            Rule::UnderCover => under += v.amount,
            Rule::OverCover => over += v.amount,
            _ => {}
        }
    }
    (under, over)
}

/// `11月18日 周三` / `Wed 18 Nov`.
pub fn day_label(date: NaiveDate, lang: Lang) -> String {
    let wd = date.weekday().num_days_from_monday() as usize;
    match lang {
        Lang::Zh => {
            const W: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
            format!("{}月{}日 {}", date.month(), date.day(), W[wd])
        }
        Lang::En => {
            const W: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
            format!("{} {}", W[wd], date.format("%-d %b"))
        }
    }
}

/// A violation in words, naming the agent, the day (or interval) and the rule.
pub fn violation_text(model: &Model, v: &Violation, lang: Lang) -> String {
    let p = &model.plan;
    let who = v.staff.and_then(|s| p.agents.get(s as usize)).map(|a| a.name.as_str());
    let when = if let Some(c) = v.cover.and_then(|c| model.problem.cover.get(c as usize)) {
        Some(format!("{} {}", day_label(p.date(c.day as usize), lang), c.label))
    } else {
        v.day.map(|d| day_label(p.date(d as usize), lang))
    };
    let week = || {
        // Rules counted per calendar week name the week's Monday.
        v.day.map(|d| {
            let date = p.date(d as usize);
            let monday = date - Duration::days(date.weekday().num_days_from_monday() as i64);
            match lang {
                Lang::Zh => format!("{}月{}日起的一周", monday.month(), monday.day()),
                Lang::En => format!("week of {}", monday.format("%-d %b")),
            }
        })
    };
    let when = match v.rule {
        Rule::WeeklyHours
        | Rule::WeeklyRestDay
        | Rule::ContractHours
        | Rule::SameShiftWeek
        | Rule::MinShiftsWeek => week().or(when),
        _ => when,
    };
    let amount = match (v.rule, lang) {
        (Rule::UnderCover | Rule::OverCover, Lang::Zh) => format!("{} 人", v.amount),
        (Rule::UnderCover | Rule::OverCover, Lang::En) => format!("{} agent(s)", v.amount),
        (Rule::WeeklyHours | Rule::MonthlyOvertime | Rule::ContractHours | Rule::MaxMinutes, Lang::Zh) => {
            format!("{} 小时", v.amount)
        }
        (Rule::WeeklyHours | Rule::MonthlyOvertime | Rule::ContractHours | Rule::MaxMinutes, Lang::En) => {
            format!("{} h", v.amount)
        }
        (Rule::MaxConsecutive, Lang::Zh) => format!("超出 {} 天", v.amount),
        (Rule::MaxConsecutive, Lang::En) => format!("{} day(s) too many", v.amount),
        (Rule::MinShiftsWeek, Lang::Zh) => format!("少 {} 个班", v.amount),
        (Rule::MinShiftsWeek, Lang::En) => format!("{} shift(s) short", v.amount),
        _ => String::new(),
    };
    let mut parts: Vec<String> = Vec::new();
    if let Some(w) = who {
        parts.push(w.to_owned());
    }
    if let Some(w) = when {
        parts.push(w);
    }
    let rule = v.rule.label(lang);
    parts.push(if amount.is_empty() { rule.to_owned() } else { format!("{rule}（{amount}）") });
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{self, DemoConfig};
    use crate::jobs::no_tick;
    use crate::roster::eval::evaluate;
    use crate::roster::solver::{Solver, SolverConfig};

    fn demo() -> demo::DemoWorkspace {
        demo::generate(&DemoConfig::default(), &mut no_tick()).unwrap()
    }

    #[test]
    fn prepares_the_demo_week_after_the_history() {
        let ws = demo();
        let work = RosterWork::default();
        let p = prepare(&ws.chats, &ws.staff, &work).unwrap();
        assert_eq!(p.model.plan.start, ws.period.to + Duration::days(1));
        assert_eq!(p.model.plan.days, 7);
        assert_eq!(p.model.plan.agents.len(), ws.staff.iter().filter(|s| s.active).count());
        // Names are nicknames, never the real names of the staff list.
        for (a, s) in p.model.plan.agents.iter().zip(ws.staff.iter().filter(|s| s.active)) {
            assert_ne!(a.name, s.name);
            assert!(s.account.ends_with(&a.name));
        }
        let acc = p.forecast.accuracy.as_ref().expect("28 days of history give a held-back week");
        assert!(acc.mape > 0.0 && acc.mape < 1.0, "mape {}", acc.mape);
        // Split by share, requirement only in service hours, positive at the busy hours.
        let per_day = 48;
        for n in &p.needs {
            assert_eq!(n.scheduled.len(), 7 * per_day);
            for (k, r) in n.scheduled.iter().enumerate() {
                let m = (k % per_day) as u32 * INTERVAL;
                if m < work.open_from {
                    assert_eq!(*r, 0);
                }
                assert!(*r >= n.on_floor[k]);
            }
            assert!(n.scheduled.iter().any(|r| *r > 0), "{:?} needs someone", n.skill);
        }
        let total: f64 = p.needs.iter().map(|n| n.chats.iter().sum::<f64>()).sum();
        let fc: f64 = p.forecast.series.counts.iter().sum();
        assert!((total - fc).abs() < 1e-6 * fc.max(1.0));
    }

    #[test]
    fn requests_land_on_their_dates_and_the_saved_roster_follows_the_start() {
        let ws = demo();
        let mut work = RosterWork::default();
        let p0 = prepare(&ws.chats, &ws.staff, &work).unwrap();
        let start = p0.model.plan.start;
        let id = p0.model.plan.agents[0].id.clone();
        work.requests.push(StaffRequest {
            agent: id.clone(),
            date: start + Duration::days(2),
            kind: RequestKind::Leave,
        });
        work.requests.push(StaffRequest {
            agent: id.clone(),
            date: start + Duration::days(3),
            kind: RequestKind::DayOff,
        });
        work.requests.push(StaffRequest {
            agent: id.clone(),
            date: start - Duration::days(1),
            kind: RequestKind::Leave,
        });
        let p = prepare(&ws.chats, &ws.staff, &work).unwrap();
        assert_eq!(p.model.plan.agents[0].unavailable, vec![2]);
        assert_eq!(p.model.plan.agents[0].off_requests, vec![3]);
        // A roster saved, then the plan starts a day later: cells follow their dates.
        let mut r = Roster::empty(&p.model.problem);
        r.set(0, 1, 0);
        r.set(1, 4, 2);
        let mut locks = vec![false; r.cells.len()];
        locks[7 + 4] = true;
        let saved = SavedRoster::capture(&p.model, &r, &locks);
        work.start = Some(start + Duration::days(1));
        let q = prepare(&ws.chats, &ws.staff, &work).unwrap();
        let (r2, l2) = saved.restore(&q.model).unwrap();
        assert_eq!(r2.get(0, 0), 0);
        assert_eq!(r2.get(1, 3), 2);
        assert!(l2[7 + 3]);
        assert_eq!(r2.cells.iter().filter(|c| **c != OFF).count(), 2);
        // The leave moved with its date (now day 1).
        assert_eq!(q.model.plan.agents[0].unavailable, vec![1]);
    }

    #[test]
    fn a_solved_demo_roster_is_legal_and_violations_read_in_words() {
        let ws = demo();
        let p = prepare(&ws.chats, &ws.staff, &RosterWork::default()).unwrap();
        let mut s = Solver::new(&p.model.problem, None, None, SolverConfig::default()).unwrap();
        s.step(200_000);
        let best = s.best_roster();
        let rep = evaluate(&p.model.problem, &best);
        assert_eq!(rep.score.hard, 0);
        // Break the 11-hour rest: a late shift followed by an early one.
        let mut r = best.clone();
        let late = p.model.types.iter().position(|&(t, _)| p.model.plan.templates[t].code == "晚").unwrap();
        let early = p.model.types.iter().position(|&(t, _)| p.model.plan.templates[t].code == "早").unwrap();
        let a = (0..p.model.plan.agents.len())
            .find(|a| p.model.problem.staff[*a].allowed[late] && p.model.problem.staff[*a].allowed[early])
            .unwrap();
        r.set(a, 2, late as u8);
        r.set(a, 3, early as u8);
        let rep = evaluate(&p.model.problem, &r);
        let v = rep.violations.iter().find(|v| v.rule == Rule::RestBetweenShifts).expect("rest broken");
        let text = violation_text(&p.model, v, Lang::Zh);
        assert!(text.contains(&p.model.plan.agents[a].name), "{text}");
        assert!(text.contains("休息不足"), "{text}");
        assert!(text.contains(&day_label(p.model.plan.date(v.day.unwrap() as usize), Lang::Zh)), "{text}");
        let (under, over) = cover_gaps(&rep);
        let sum_cover: i64 = rep
            .violations
            .iter()
            .filter(|v| matches!(v.rule, Rule::UnderCover | Rule::OverCover))
            .map(|v| v.amount)
            .sum();
        assert_eq!(under + over, sum_cover);
    }

    #[test]
    fn the_same_seed_and_slices_give_the_same_roster_and_locks_hold() {
        let ws = demo();
        let p = prepare(&ws.chats, &ws.staff, &RosterWork::default()).unwrap();
        let m = &p.model;
        let days = m.plan.days as usize;
        // Lock agent 0 off on day 0 and on the first shift type on day 1.
        let (start, locks) = m.locked(&[(0, 0, OFF), (0, 1, 0)]);
        let run = |seed: u64| {
            let cfg = SolverConfig { seed, planned_iterations: 60_000, ..SolverConfig::default() };
            let mut s = Solver::new(&m.problem, Some(&start), Some(&locks), cfg).unwrap();
            for _ in 0..3 {
                s.step(20_000);
            }
            s.best_roster()
        };
        let (a, b) = (run(7), run(7));
        assert_eq!(a, b);
        assert_eq!(a.get(0, 0), OFF);
        assert_eq!(a.get(0, 1), 0);
        assert!(locks[1] && locks[0] && !locks[days]);
        let c = run(8);
        assert_eq!(c.get(0, 1), 0);
    }

    #[test]
    fn work_round_trips_and_old_documents_read() {
        let mut w = RosterWork::default();
        w.requests.push(StaffRequest {
            agent: "店:a".into(),
            date: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            kind: RequestKind::Shift("早".into()),
        });
        let json = serde_json::to_string(&w).unwrap();
        assert_eq!(serde_json::from_str::<RosterWork>(&json).unwrap(), w);
        let old: RosterWork = serde_json::from_str(r#"{"days": 14}"#).unwrap();
        assert_eq!(old.days, 14);
        assert_eq!(old.templates, default_templates());
    }

    #[test]
    fn two_shops_split_the_demand_and_keep_agents_to_their_shop() {
        let main = demo().staff[0].shop.clone();
        let ws = two_shops();
        let p = prepare(&ws.chats, &ws.staff, &RosterWork::default()).unwrap();
        let shops: Vec<(&str, Role)> = p.needs.iter().map(|n| (n.shop.as_str(), n.skill)).collect();
        assert_eq!(
            shops,
            vec![
                ("二店", Role::PreSale),
                ("二店", Role::AfterSale),
                (main.as_str(), Role::PreSale),
                (main.as_str(), Role::AfterSale)
            ]
        );
        // The split adds up to the forecast, and the bigger shop (two thirds of the threads)
        // gets the bigger share and at least as many agents at every interval.
        for (k, c) in p.forecast.series.counts.iter().enumerate() {
            let sum: f64 = p.needs.iter().map(|n| n.chats[k]).sum();
            assert!((sum - c).abs() < 1e-6, "interval {k}: {sum} vs {c}");
        }
        assert!(p.needs[2].share > p.needs[0].share);
        assert!(p.needs[2].scheduled.iter().zip(&p.needs[0].scheduled).all(|(a, b)| a >= b));
        // The model has a demand per (shop, skill); agents may only take their shop's shifts.
        let m = &p.model;
        assert_eq!(m.plan.demand.len(), 4);
        for (a, ag) in m.plan.agents.iter().enumerate() {
            assert!(ag.shop == "二店" || ag.shop == main, "{}", ag.shop);
            for (s, &(_, di)) in m.types.iter().enumerate() {
                if m.problem.staff[a].allowed[s] {
                    assert_eq!(m.plan.demand[di].shop, ag.shop);
                }
            }
        }
        let mut solver = Solver::new(&m.problem, None, None, SolverConfig::default()).unwrap();
        solver.step(20_000);
        let r = solver.best_roster();
        assert_eq!(evaluate(&m.problem, &r).score.hard, 0);
        assert!(m.cell_label(r.cells.iter().copied().find(|v| *v != OFF).unwrap()).contains('·'));
        // One shop in the chats (or agents of one shop only): no split, as before.
        let one = prepare(&demo().chats, &ws.staff, &RosterWork::default()).unwrap();
        assert_eq!(one.needs.iter().map(|n| n.shop.as_str()).collect::<Vec<_>>(), vec!["", ""]);
        assert!(one.model.plan.agents.iter().all(|a| a.shop.is_empty()));
    }

    /// The base shift (template code, skill) of a cell, `None` for a day off.
    fn base(m: &Model, v: u8) -> Option<(String, Role)> {
        let &(ti, di) = m.types.get(v as usize)?;
        Some((m.plan.templates[ti].code.clone(), m.plan.demand[di].skill))
    }

    /// The demo with a second shop: every third thread and every other active agent.
    fn two_shops() -> demo::DemoWorkspace {
        let mut ws = demo();
        for (i, t) in ws.chats.threads.iter_mut().enumerate() {
            if i % 3 == 0 {
                t.shop = "二店".into();
            }
        }
        for (i, s) in ws.staff.iter_mut().filter(|s| s.active).enumerate() {
            if i % 2 == 0 {
                s.shop = "二店".into();
            }
        }
        ws
    }

    #[test]
    fn the_saved_roster_survives_the_shop_split_turning_on_and_off() {
        let one = demo();
        let two = two_shops();
        let work = RosterWork::default();
        let p1 = prepare(&one.chats, &two.staff, &work).unwrap();
        let p2 = prepare(&two.chats, &two.staff, &work).unwrap();
        assert!(p1.model.plan.demand.iter().all(|d| d.shop.is_empty()));
        assert!(p2.model.plan.demand.iter().all(|d| !d.shop.is_empty()));
        let (m1, m2) = (&p1.model, &p2.model);
        let days = m1.plan.days as usize;
        let mut s = Solver::new(&m1.problem, None, None, SolverConfig::default()).unwrap();
        s.step(20_000);
        let r1 = s.best_roster();
        assert!(r1.cells.iter().filter(|v| **v != OFF).count() > 20);
        let mut l1 = vec![false; r1.cells.len()];
        for k in (0..l1.len()).step_by(5) {
            l1[k] = true;
        }
        let saved = SavedRoster::capture(m1, &r1, &l1);

        // Split on: every agent keeps the same base shift on every day, now of their own shop.
        let (r2, l2) = saved.restore(m2).unwrap();
        assert_eq!(l2, l1, "locks kept");
        for (a, ag) in m2.plan.agents.iter().enumerate() {
            assert_eq!(ag.id, m1.plan.agents[a].id);
            for d in 0..days {
                let v = r2.get(a, d);
                assert_eq!(base(m2, v), base(m1, r1.get(a, d)), "{} day {d}", ag.id);
                if v != OFF {
                    assert_eq!(m2.plan.demand[m2.types[v as usize].1].shop, ag.shop);
                    assert!(m2.problem.staff[a].allowed[v as usize]);
                }
            }
        }
        // Split off again: exactly the first roster.
        let saved2 = SavedRoster::capture(m2, &r2, &l2);
        let (back, lb) = saved2.restore(m1).unwrap();
        assert_eq!((&back, &lb), (&r1, &l1));
        // Documents saved before the kinds were kept read the same from the codes.
        let old = SavedRoster { kinds: Vec::new(), ..saved2.clone() };
        assert_eq!(old.restore(m1).unwrap(), (r1.clone(), l1.clone()));
        let old = SavedRoster { kinds: Vec::new(), ..saved.clone() };
        assert_eq!(old.restore(m2).unwrap(), (r2.clone(), l2.clone()));
        let json = serde_json::to_value(&saved2).unwrap();
        let mut obj = json.as_object().unwrap().clone();
        obj.remove("kinds");
        let read: SavedRoster = serde_json::from_value(obj.into()).unwrap();
        assert_eq!(read.restore(m1).unwrap(), (r1.clone(), l1.clone()));

        // An agent moved to the other shop keeps their shifts, in the new shop.
        let mut moved = two.staff.clone();
        let i = moved.iter().position(|s| s.active && s.account == m2.plan.agents[0].id).unwrap();
        let other = if moved[i].shop == "二店" { one.staff[i].shop.clone() } else { "二店".into() };
        moved[i].shop = other.clone();
        let p3 = prepare(&two.chats, &moved, &work).unwrap();
        let (r3, _) = saved2.restore(&p3.model).unwrap();
        for d in 0..days {
            let v = r3.get(0, d);
            assert_eq!(base(&p3.model, v), base(m1, r1.get(0, d)));
            if v != OFF {
                assert_eq!(p3.model.plan.demand[p3.model.types[v as usize].1].shop, other);
            }
        }

        // Only one shop shown (the other's agents hidden): the agents shown keep their shifts,
        // and saving the roster shown keeps the hidden agents' rows.
        let main = two.staff.iter().find(|s| s.active && s.shop != "二店").unwrap().shop.clone();
        let mut chats = two.chats.clone();
        chats.threads.retain(|t| t.shop == main);
        let staff: Vec<Staff> = two.staff.iter().filter(|s| s.shop == main).cloned().collect();
        let p4 = prepare(&chats, &staff, &work).unwrap();
        let m4 = &p4.model;
        assert!(m4.plan.agents.len() < m2.plan.agents.len());
        let (r4, l4) = saved2.restore(m4).unwrap();
        for (a, ag) in m4.plan.agents.iter().enumerate() {
            let a2 = m2.plan.agents.iter().position(|x| x.id == ag.id).unwrap();
            for d in 0..days {
                assert_eq!(base(m4, r4.get(a, d)), base(m2, r2.get(a2, d)));
                assert_eq!(l4[a * days + d], l2[a2 * days + d]);
            }
        }
        let saved4 = SavedRoster::capture(m4, &r4, &l4).keeping(Some(&saved2));
        assert_eq!(saved4.agents.len(), m2.plan.agents.len());
        assert_eq!(saved4.restore(m2).unwrap(), (r2.clone(), l2.clone()));
        let round: SavedRoster = serde_json::from_str(&serde_json::to_string(&saved4).unwrap()).unwrap();
        assert_eq!(round, saved4);
    }

    #[test]
    fn labels_and_nicks() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
        assert_eq!(day_label(d, Lang::Zh), "11月18日 周三");
        assert_eq!(day_label(d, Lang::En), "Wed 18 Nov");
        assert_eq!(nick("棉语旗舰店:小美"), "小美");
        assert_eq!(nick("小美"), "小美");
    }
}
