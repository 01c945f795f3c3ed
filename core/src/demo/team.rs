//! The synthetic team: who the agents are, the hidden behaviour profile that drives all of
//! their data, their four-week roster and attendance, and the on-duty windows the chat
//! simulation assigns conversations from.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};

use super::names::{self, NICKS};
use super::util::{Rng, between, chance, index, lognormal, pick, word};
use crate::Ts;
use crate::model::{Attendance, AttendanceStatus, Role, Staff};

/// Hidden behaviour of one agent. Probabilities are per conversation unless noted.
#[derive(Clone, Debug)]
pub(crate) struct Profile {
    /// Median and log-normal shape of the reply delay, seconds.
    pub resp_median: f64,
    pub resp_sigma: f64,
    /// Greets in the first reply.
    pub greet: f64,
    /// Apologises after a reply later than three minutes (per slow reply).
    pub apology: f64,
    /// Closes politely when the buyer says goodbye.
    pub farewell: f64,
    /// Invites a service rating at the close.
    pub invite: f64,
    /// Says something rude or forbidden.
    pub rude: f64,
    /// Steers the buyer off the platform (background rate; see `offplatform_at`).
    pub offplatform: f64,
    /// Conversation ordinals (1-based, 0 = none) at which the agent steers a buyer to WeChat.
    pub offplatform_at: [u32; 2],
    /// Makes an absolute claim (绝对正品, 最…, 100%).
    pub absolute: f64,
    /// Answers a yes/no question with a single character (per such question).
    pub single_char: f64,
    /// Comes back after "我帮您查一下" within a few minutes (per check).
    pub follow_up: f64,
    /// Multiplier on the chance that an enquiry converts.
    pub conversion: f64,
    /// Chance of being on time on a working day.
    pub punctuality: f64,
    /// Confirms the address after payment (核对地址).
    pub check_address: f64,
    /// Recommends a matching item (关联推荐).
    pub recommend: f64,
    /// Reminds unpaid buyers (催付).
    pub urge_payment: f64,
    /// 0–1: how satisfied buyers tend to be.
    pub quality: f64,
}

/// The recognisable characters of the team.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Archetype {
    Star,
    Slow,
    Rude,
    WeChat,
    /// New hire who forgets greetings.
    Rookie,
    NewHire,
    Senior,
    Average,
    Sloppy,
}

impl Archetype {
    fn new_hire(self) -> bool {
        matches!(self, Archetype::Rookie | Archetype::NewHire)
    }
}

/// One agent with everything the generator needs about them.
#[derive(Clone, Debug)]
pub(crate) struct Agent {
    pub account: String,
    pub nick: String,
    pub name: String,
    pub role: Role,
    pub skills: Vec<Role>,
    pub level: &'static str,
    pub hired: NaiveDate,
    pub phone: String,
    pub nights_ok: bool,
    /// `Some(parity)`: six working days in weeks of that parity (大小周); `None`: five days.
    pub six_day: Option<bool>,
    pub profile: Profile,
}

impl Agent {
    pub fn can(&self, role: Role) -> bool {
        self.skills.contains(&role)
    }

    pub fn staff(&self, shop: &str) -> Staff {
        Staff {
            account: self.account.clone(),
            name: self.name.clone(),
            shop: shop.to_owned(),
            role: self.role,
            skills: self.skills.clone(),
            level: self.level.to_owned(),
            hired: self.hired,
            weekly_hours: 40,
            nights_ok: self.nights_ok,
            phone: Some(self.phone.clone()),
            active: true,
            team: String::new(),
        }
    }
}

fn jitter(rng: &mut Rng, x: f64, rel: f64) -> f64 {
    x * (1.0 + rel * (2.0 * super::util::unit(rng) - 1.0))
}

fn profile(rng: &mut Rng, arch: Archetype) -> Profile {
    use Archetype::*;
    let base = Profile {
        resp_median: 14.0,
        resp_sigma: 0.7,
        greet: 0.92,
        apology: 0.7,
        farewell: 0.8,
        invite: 0.5,
        rude: 0.001,
        offplatform: 0.0,
        offplatform_at: [0, 0],
        absolute: 0.01,
        single_char: 0.03,
        follow_up: 0.95,
        conversion: 1.0,
        punctuality: 0.95,
        check_address: 0.4,
        recommend: 0.15,
        urge_payment: 0.7,
        quality: 0.75,
    };
    let mut p = match arch {
        Star => Profile {
            resp_median: 6.0,
            resp_sigma: 0.5,
            greet: 0.99,
            apology: 0.95,
            farewell: 0.97,
            invite: 0.9,
            rude: 0.0,
            absolute: 0.03,
            single_char: 0.005,
            follow_up: 0.99,
            conversion: 1.35,
            punctuality: 0.99,
            check_address: 0.85,
            recommend: 0.45,
            urge_payment: 0.95,
            quality: 0.93,
            ..base
        },
        Senior => Profile {
            resp_median: 10.0,
            resp_sigma: 0.6,
            greet: 0.97,
            apology: 0.9,
            farewell: 0.92,
            invite: 0.75,
            follow_up: 0.98,
            conversion: 1.15,
            punctuality: 0.98,
            check_address: 0.6,
            recommend: 0.25,
            urge_payment: 0.85,
            quality: 0.85,
            ..base
        },
        Slow => Profile {
            resp_median: 48.0,
            resp_sigma: 0.75,
            greet: 0.85,
            apology: 0.3,
            farewell: 0.7,
            invite: 0.4,
            single_char: 0.04,
            follow_up: 0.85,
            conversion: 0.8,
            punctuality: 0.88,
            quality: 0.55,
            ..base
        },
        Rude => Profile {
            resp_median: 18.0,
            greet: 0.8,
            apology: 0.45,
            farewell: 0.6,
            invite: 0.3,
            rude: 0.06,
            single_char: 0.07,
            follow_up: 0.9,
            conversion: 0.9,
            punctuality: 0.93,
            quality: 0.55,
            ..base
        },
        WeChat => Profile { resp_median: 13.0, absolute: 0.03, conversion: 1.05, ..base },
        Rookie => Profile {
            resp_median: 28.0,
            resp_sigma: 0.8,
            greet: 0.4,
            apology: 0.5,
            farewell: 0.55,
            invite: 0.25,
            absolute: 0.02,
            single_char: 0.09,
            follow_up: 0.8,
            conversion: 0.8,
            punctuality: 0.9,
            check_address: 0.15,
            recommend: 0.05,
            urge_payment: 0.4,
            quality: 0.6,
            ..base
        },
        NewHire => Profile {
            resp_median: 24.0,
            resp_sigma: 0.75,
            greet: 0.85,
            follow_up: 0.85,
            conversion: 0.85,
            invite: 0.35,
            quality: 0.68,
            ..base
        },
        Sloppy => Profile {
            resp_median: 20.0,
            greet: 0.7,
            apology: 0.5,
            farewell: 0.6,
            invite: 0.3,
            single_char: 0.06,
            follow_up: 0.88,
            conversion: 0.9,
            punctuality: 0.92,
            quality: 0.65,
            ..base
        },
        Average => base,
    };
    p.resp_median = jitter(rng, p.resp_median, 0.15);
    p.greet = jitter(rng, p.greet, 0.03).min(1.0);
    p.conversion = jitter(rng, p.conversion, 0.08);
    p.invite = jitter(rng, p.invite, 0.15).min(1.0);
    p.quality = jitter(rng, p.quality, 0.05).min(1.0);
    if arch == WeChat {
        let first = between(rng, 25, 90) as u32;
        p.offplatform_at = [first, first + between(rng, 120, 260) as u32];
    }
    p
}

/// Archetypes of the pre-sale and after-sale groups, in slot order.
fn archetypes(rng: &mut Rng, pre: usize, after: usize) -> Vec<(Role, Archetype)> {
    use Archetype::*;
    const PRE: &[Archetype] = &[Star, Slow, WeChat, Rookie, Average, Senior, Average, Sloppy, Average];
    const AFTER: &[Archetype] = &[Rude, Senior, NewHire, Average, Average];
    let extra = |rng: &mut Rng| match index(rng, 100) {
        0..=59 => Average,
        60..=71 => Senior,
        72..=76 => Star,
        77..=83 => Slow,
        84..=91 => Sloppy,
        92..=95 => NewHire,
        _ => Rude,
    };
    let mut v = Vec::with_capacity(pre + after);
    for i in 0..pre {
        let a = PRE.get(i).copied().unwrap_or_else(|| extra(rng));
        v.push((Role::PreSale, a));
    }
    for i in 0..after {
        let a = AFTER.get(i).copied().unwrap_or_else(|| extra(rng));
        v.push((Role::AfterSale, a));
    }
    v
}

/// Builds `n` agents (at least two: one per role).
pub(crate) fn build_team(rng: &mut Rng, shop: &str, n: usize, start: NaiveDate, days: u32) -> Vec<Agent> {
    let n = n.max(2);
    let pre = ((n as f64 * 2.0 / 3.0).round() as usize).clamp(1, n - 1);
    let slots = archetypes(rng, pre, n - pre);
    let mut used_names = HashSet::new();
    let mut agents = Vec::with_capacity(n);
    for (i, (role, arch)) in slots.into_iter().enumerate() {
        let (nick0, male) = NICKS[i % NICKS.len()];
        let round = i / NICKS.len();
        let nick = if round == 0 { nick0.to_owned() } else { format!("{nick0}{}", round + 1) };
        let name = names::person_name(rng, male, &used_names);
        used_names.insert(name.clone());
        let mut profile = profile(rng, arch);
        if arch == Archetype::Rude && i >= 14 {
            profile.rude = 0.02;
        }
        let hired = if arch.new_hire() {
            let latest = (days as i64 - 6).max(1);
            let off = if arch == Archetype::Rookie {
                between(rng, 4, latest.min(9))
            } else {
                between(rng, 8, latest.min(16))
            };
            start + chrono::Duration::days(off.min(days as i64 - 1).max(0))
        } else {
            let min_days = match arch {
                Archetype::Star | Archetype::Senior => 420,
                _ => 45,
            };
            start - chrono::Duration::days(between(rng, min_days, min_days + 1400))
        };
        let tenure = (start - hired).num_days();
        let level = match arch {
            Archetype::Star => "专家",
            Archetype::Senior => "高级",
            Archetype::Rookie | Archetype::NewHire => "初级",
            _ if tenure > 700 => "高级",
            _ if tenure > 200 => "中级",
            _ => "初级",
        };
        let mut skills = vec![role];
        let other = if role == Role::PreSale { Role::AfterSale } else { Role::PreSale };
        let covers = match (role, arch) {
            (_, Archetype::Rookie | Archetype::NewHire) => false,
            (Role::AfterSale, _) => chance(rng, 0.5),
            (Role::PreSale, Archetype::Star | Archetype::Senior) => chance(rng, 0.5),
            (Role::PreSale, _) => chance(rng, 0.1),
        };
        if covers {
            skills.push(other);
        }
        skills.sort();
        let nights_ok = !arch.new_hire() && chance(rng, 0.87);
        let six_day = if chance(rng, 0.5) { Some(chance(rng, 0.5)) } else { None };
        agents.push(Agent {
            account: format!("{shop}:{nick}"),
            nick,
            name,
            role,
            skills,
            level,
            hired,
            phone: names::mobile(rng),
            nights_ok,
            six_day,
            profile,
        });
    }
    agents
}

/// The three shifts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shift {
    Early,
    Mid,
    Late,
}

impl Shift {
    /// Start and end, seconds after midnight of the shift's day.
    pub fn hours(self) -> (i64, i64) {
        match self {
            Shift::Early => (8 * 3600, 16 * 3600 + 1800),
            Shift::Mid => (12 * 3600, 20 * 3600 + 1800),
            Shift::Late => (15 * 3600 + 1800, 24 * 3600),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Shift::Early => "早班 08:00-16:30",
            Shift::Mid => "中班 12:00-20:30",
            Shift::Late => "晚班 15:30-24:00",
        }
    }
}

/// When one agent can take conversations on one day.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Duty {
    pub agent: u16,
    /// Day index of the shift.
    pub day: u16,
    pub role: Role,
    /// Logged in and answering from.
    pub from: Ts,
    /// New conversations are assigned until.
    pub assign_until: Ts,
    /// No message after this (scheduled end + under 30 minutes, or the early clock-out).
    pub cap: Ts,
}

/// Everyone's on-duty windows, by day.
pub(crate) struct Roster {
    pub days: Vec<Vec<Duty>>,
    pub day0: Ts,
    /// Secondary skill per agent, for fallbacks.
    covers: Vec<[bool; 2]>,
}

fn role_ix(r: Role) -> usize {
    match r {
        Role::PreSale => 0,
        Role::AfterSale => 1,
    }
}

impl Roster {
    fn day_of(&self, t: Ts) -> Option<usize> {
        let d = (t.0 - self.day0.0).div_euclid(Ts::DAY);
        (d >= 0 && (d as usize) < self.days.len()).then_some(d as usize)
    }

    /// An agent on duty at `t` for `role`: its own role first, then agents who can cover it,
    /// then anyone. `exclude` is never chosen.
    pub fn find(&self, rng: &mut Rng, t: Ts, role: Role, exclude: Option<u16>) -> Option<Duty> {
        let d = self.day_of(t)?;
        let list = &self.days[d];
        let ok = |x: &Duty| x.from <= t && t <= x.assign_until && Some(x.agent) != exclude;
        for tier in 0..3 {
            let fits = |x: &Duty| {
                ok(x)
                    && match tier {
                        0 => x.role == role,
                        1 => self.covers[x.agent as usize][role_ix(role)],
                        _ => true,
                    }
            };
            let n = list.iter().filter(|x| fits(x)).count();
            if n > 0 {
                let k = index(rng, n);
                return list.iter().filter(|x| fits(x)).nth(k).copied();
            }
        }
        None
    }

    /// The first agent to come on duty after `t` (same day or the next), preferring `role`.
    pub fn next_open(&self, rng: &mut Rng, t: Ts, role: Role) -> Option<Duty> {
        let d = self.day_of(t)?;
        for day in d..(d + 2).min(self.days.len()) {
            let list = &self.days[day];
            for any in [false, true] {
                let best =
                    list.iter().filter(|x| x.from > t && (any || x.role == role)).map(|x| x.from).min();
                if let Some(from) = best {
                    let n = list.iter().filter(|x| x.from == from && (any || x.role == role)).count();
                    let k = index(rng, n);
                    return list.iter().filter(|x| x.from == from && (any || x.role == role)).nth(k).copied();
                }
            }
        }
        None
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Plan {
    Work(Shift),
    Rest,
    Moved,
    NotHired,
    Leave(&'static str),
    Absent,
}

/// Preferred rest weekdays (Monday = 0), spread over the group.
const REST_ORDER: [usize; 7] = [1, 3, 0, 2, 4, 6, 5];
/// Weekly shift rotation: early → late → mid never puts an early shift right after a late one.
const ROTATION: [Shift; 3] = [Shift::Early, Shift::Late, Shift::Mid];

fn is_promo_peak(date: NaiveDate) -> bool {
    date.month() == 11 && (10..=12).contains(&date.day())
}

/// The roster and attendance: one record per agent per day, rest days spread so both roles
/// are covered every day, everyone at work on 双11. Returns the attendance, the on-duty
/// windows, and the index of each agent's record per day.
#[allow(clippy::needless_range_loop)] // plan[agent][day] is read across agents and days
pub(crate) fn schedule(
    rng: &mut Rng,
    agents: &[Agent],
    start: NaiveDate,
    days: u32,
) -> (Vec<Attendance>, Roster, Vec<Vec<Option<usize>>>) {
    let n = agents.len();
    let days_us = days as usize;
    let wd0 = start.weekday().num_days_from_monday() as usize;
    let mut group_ix = vec![0usize; n];
    let mut counts = [0usize; 2];
    for (i, a) in agents.iter().enumerate() {
        let r = role_ix(a.role);
        group_ix[i] = counts[r];
        counts[r] += 1;
    }
    let date_of = |d: usize| start + chrono::Duration::days(d as i64);
    let mut plan = vec![vec![Plan::Rest; days_us]; n];
    for (i, a) in agents.iter().enumerate() {
        let j = group_ix[i];
        for (d, slot) in plan[i].iter_mut().enumerate() {
            let date = date_of(d);
            if date < a.hired {
                *slot = Plan::NotHired;
                continue;
            }
            let w = (d + wd0) / 7;
            let weekday = (d + wd0) % 7;
            let five = match a.six_day {
                None => true,
                Some(par) => w.is_multiple_of(2) != par,
            };
            let rest = weekday == REST_ORDER[(j + w) % 7] || (five && weekday == REST_ORDER[(j + w + 3) % 7]);
            let shift =
                if a.nights_ok { ROTATION[(j + w) % 3] } else { [Shift::Early, Shift::Mid][(j + w) % 2] };
            *slot = if rest { Plan::Rest } else { Plan::Work(shift) };
        }
    }
    let week_shift = |i: usize, d: usize| {
        let w = (d + wd0) / 7;
        let j = group_ix[i];
        if agents[i].nights_ok { ROTATION[(j + w) % 3] } else { [Shift::Early, Shift::Mid][(j + w) % 2] }
    };
    // 双11: everyone works; the rest day moves to another day of the same week.
    for d in 0..days_us {
        let date = date_of(d);
        if !(date.month() == 11 && date.day() == 11) {
            continue;
        }
        let week_lo = d.saturating_sub((d + wd0) % 7);
        let week_hi = (week_lo + 7).min(days_us);
        for i in 0..n {
            if plan[i][d] != Plan::Rest {
                continue;
            }
            plan[i][d] = Plan::Work(week_shift(i, d));
            let target = (d + 1..week_hi)
                .chain((week_lo..d).rev())
                .find(|&e| matches!(plan[i][e], Plan::Work(_)) && !is_promo_peak(date_of(e)));
            if let Some(e) = target {
                plan[i][e] = Plan::Moved;
            }
        }
    }
    // Occasional leave and, very rarely, absence — only where the role stays covered.
    for d in 0..days_us {
        if is_promo_peak(date_of(d)) {
            continue;
        }
        for i in 0..n {
            if !matches!(plan[i][d], Plan::Work(_)) {
                continue;
            }
            let leave = chance(rng, 0.013);
            let absent = !leave && chance(rng, 0.0012);
            if !(leave || absent) {
                continue;
            }
            let role = agents[i].role;
            let working =
                (0..n).filter(|&k| agents[k].role == role && matches!(plan[k][d], Plan::Work(_))).count();
            if working >= 3 {
                plan[i][d] = if leave {
                    Plan::Leave(word(rng, &["事假", "病假", "年假", "调休"]))
                } else {
                    Plan::Absent
                };
            }
        }
    }

    let day0 = Ts::from_date(start);
    let mut attendance = Vec::with_capacity(n * days_us);
    let mut index_of = vec![vec![None; days_us]; n];
    let mut roster_days = vec![Vec::new(); days_us];
    for d in 0..days_us {
        let date = date_of(d);
        let midnight = Ts::from_date(date);
        for (i, a) in agents.iter().enumerate() {
            let mut rec = Attendance {
                name: a.name.clone(),
                account: Some(a.account.clone()),
                date,
                shift: String::new(),
                start: None,
                end: None,
                clock_in: None,
                clock_out: None,
                status: AttendanceStatus::Rest,
                late_minutes: 0,
                early_minutes: 0,
                note: String::new(),
            };
            match plan[i][d] {
                Plan::Rest => {}
                Plan::Moved => rec.note = "双11调休".into(),
                Plan::NotHired => rec.note = "未入职".into(),
                Plan::Leave(_) | Plan::Work(_) | Plan::Absent => {
                    let shift = match plan[i][d] {
                        Plan::Work(s) => s,
                        _ => week_shift(i, d),
                    };
                    let (s, e) = shift.hours();
                    let (start_ts, end_ts) = (midnight.plus(s), midnight.plus(e));
                    rec.shift = shift.label().into();
                    rec.start = Some(start_ts);
                    rec.end = Some(end_ts);
                    match plan[i][d] {
                        Plan::Leave(kind) => {
                            rec.status = AttendanceStatus::Leave;
                            rec.note = kind.into();
                        }
                        Plan::Absent => {
                            rec.status = AttendanceStatus::Absent;
                            rec.note = "未打卡，未请假".into();
                        }
                        _ => {
                            let duty = clock(rng, a, &mut rec, start_ts, end_ts, i as u16, d as u16);
                            roster_days[d].push(duty);
                        }
                    }
                }
            }
            index_of[i][d] = Some(attendance.len());
            attendance.push(rec);
        }
    }
    let covers = agents.iter().map(|a| [a.can(Role::PreSale), a.can(Role::AfterSale)]).collect();
    (attendance, Roster { days: roster_days, day0, covers }, index_of)
}

/// Fills the clock times and status of a working day and returns the on-duty window.
fn clock(rng: &mut Rng, a: &Agent, rec: &mut Attendance, start: Ts, end: Ts, agent: u16, day: u16) -> Duty {
    let late = !chance(rng, a.profile.punctuality);
    let early = chance(rng, 0.004);
    let missing = chance(rng, 0.007);
    let late_min = if late { (1.0 + lognormal(rng, 5.0, 0.8)).clamp(1.0, 45.0) as u32 } else { 0 };
    let early_min = if early { between(rng, 10, 90) as u32 } else { 0 };
    let clock_in = if late {
        start.plus(late_min as i64 * 60 - between(rng, 0, 59))
    } else {
        start.plus(-between(rng, 60, 1200))
    };
    let clock_out = if early {
        end.plus(-(early_min as i64) * 60 + between(rng, 0, 59))
    } else {
        end.plus(between(rng, 30, 900))
    };
    rec.clock_in = Some(clock_in);
    rec.clock_out = Some(clock_out);
    rec.late_minutes = late_min;
    rec.early_minutes = early_min;
    rec.status = match (late, early) {
        (true, true) => AttendanceStatus::LateAndEarly,
        (true, false) => AttendanceStatus::Late,
        (false, true) => AttendanceStatus::EarlyLeave,
        (false, false) => AttendanceStatus::Normal,
    };
    if missing && !late && !early {
        rec.status = AttendanceStatus::MissingClock;
        if chance(rng, 0.5) {
            rec.clock_in = None;
            rec.note = "上班缺卡".into();
        } else {
            rec.clock_out = None;
            rec.note = "下班缺卡".into();
        }
    }
    if early {
        rec.note = pick(rng, &["身体不适提前离岗", "家中有事", "已报备主管"]).to_string();
    }
    let from = clock_in.max(start).plus(between(rng, 20, 180));
    let avail_to = if early { clock_out } else { end };
    let cap = if early { clock_out } else { avail_to.plus(25 * 60).min(end.plus(29 * 60)) };
    Duty { agent, day, role: a.role, from, assign_until: avail_to.plus(-8 * 60), cap }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::util::stream;

    fn team(n: usize) -> Vec<Agent> {
        let start = NaiveDate::from_ymd_opt(2026, 10, 19).unwrap();
        build_team(&mut stream(5, 1), "棉语旗舰店", n, start, 28)
    }

    #[test]
    fn the_characters_are_there() {
        let start = NaiveDate::from_ymd_opt(2026, 10, 19).unwrap();
        let t = team(14);
        let p = |i: usize| &t[i].profile;
        assert_eq!(t[0].nick, "小美");
        assert!(p(0).conversion > 1.2 && p(0).resp_median < 8.0, "star");
        assert!(p(1).resp_median > 38.0, "slow responder");
        assert!(p(2).offplatform_at[0] > 0, "WeChat steerer");
        assert!(p(3).greet < 0.5 && t[3].hired > start, "new hire who forgets greetings");
        let rude = t.iter().filter(|a| a.profile.rude > 0.03).count();
        assert_eq!(rude, 1, "one occasionally rude agent");
        assert_eq!(t.iter().filter(|a| a.role == Role::PreSale).count(), 9);
        let nicks: HashSet<&str> = t.iter().map(|a| a.nick.as_str()).collect();
        assert_eq!(nicks.len(), 14);
    }

    #[test]
    fn big_teams_get_numbered_nicks_and_unique_names() {
        let t = team(300);
        let nicks: HashSet<&str> = t.iter().map(|a| a.nick.as_str()).collect();
        let names: HashSet<&str> = t.iter().map(|a| a.name.as_str()).collect();
        assert_eq!((nicks.len(), names.len()), (300, 300));
        assert!(nicks.contains("小美2"));
    }

    #[test]
    fn the_roster_covers_every_day_and_every_role() {
        let start = NaiveDate::from_ymd_opt(2026, 10, 19).unwrap();
        let t = team(12);
        let (att, roster, index) = schedule(&mut stream(5, 2), &t, start, 28);
        assert_eq!(att.len(), 12 * 28);
        assert!(index.iter().flatten().all(Option::is_some));
        for (d, duties) in roster.days.iter().enumerate() {
            for role in Role::ALL {
                assert!(duties.iter().any(|x| x.role == role), "day {d} {role:?}");
            }
            for x in duties {
                assert!(x.from < x.assign_until && x.assign_until < x.cap);
            }
        }
        // 双11 (day 23): everyone employed is at work.
        let d11 = &att[23 * 12..24 * 12];
        assert!(d11.iter().all(|a| a.note == "未入职" || a.status != AttendanceStatus::Rest));
    }
}
