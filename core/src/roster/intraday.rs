//! Intraday re-planning (当日调整, 替补): today's actual volume so far rescales the rest of the
//! day's forecast; the new requirement is compared with who is on the floor, and the app gets
//! suggestions: call in an agent who is off, extend a shift (overtime, if allowed), or move an
//! agent whose shift has not started to a better-placed template. Every suggestion is checked
//! against the hard rules (the agent's whole row is re-scored with the change).

use serde::{Deserialize, Serialize};

use super::eval::Compiled;
use super::kefu::Model;
use super::model::{OFF, Roster};
use super::staffing::{StaffingParams, required_agents};
use crate::Lang;

/// What to do about a shortfall.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Action {
    /// Call in an agent who is off today, on this template.
    CallIn { template: usize },
    /// Extend today's shift by this many minutes (overtime).
    Extend { minutes: u32 },
    /// Move today's not-yet-started shift to another template.
    Move { from: usize, to: usize },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    pub agent: usize,
    pub action: Action,
    /// Short intervals (rest of today) this closes by one agent.
    pub covers: u32,
}

impl Suggestion {
    pub fn describe(&self, model: &Model, lang: Lang) -> String {
        let who = model.plan.agents.get(self.agent).map_or("?", |a| a.name.as_str());
        let t = |i: usize| {
            model.plan.templates.get(i).map_or("?".to_owned(), |t| format!("{} {}", t.code, t.span()))
        };
        match (&self.action, lang) {
            (Action::CallIn { template }, Lang::Zh) => {
                format!("请 {who} 今天来上 {}（补 {} 个时段）", t(*template), self.covers)
            }
            (Action::CallIn { template }, Lang::En) => {
                format!("Call in {who} for {} (fills {} intervals)", t(*template), self.covers)
            }
            (Action::Extend { minutes }, Lang::Zh) => {
                format!("{who} 加班 {minutes} 分钟（补 {} 个时段）", self.covers)
            }
            (Action::Extend { minutes }, Lang::En) => {
                format!("Extend {who} by {minutes} min (fills {} intervals)", self.covers)
            }
            (Action::Move { from, to }, Lang::Zh) => {
                format!("{who} 从 {} 调到 {}（补 {} 个时段）", t(*from), t(*to), self.covers)
            }
            (Action::Move { from, to }, Lang::En) => {
                format!("Move {who} from {} to {} (fills {} intervals)", t(*from), t(*to), self.covers)
            }
        }
    }
}

/// The rest of today for one demand (skill/shop).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Intraday {
    /// Actual so far ÷ forecast so far (clamped to 0.3–3).
    pub factor: f64,
    /// Actual volume up to `now`, rescaled forecast after.
    pub volume: Vec<f64>,
    pub required: Vec<u32>,
    pub scheduled: Vec<i32>,
    pub suggestions: Vec<Suggestion>,
}

/// Re-plans day `day` of `roster` for demand `demand` given the day's `forecast` (chats per
/// interval) and the `actual` chats of the intervals before `now` (`actual.len()` = now).
pub fn intraday(
    model: &Model,
    roster: &Roster,
    demand: usize,
    day: u16,
    forecast: &[f64],
    actual: &[f64],
    params: &StaffingParams,
) -> Intraday {
    let plan = &model.plan;
    let per_day = plan.per_day();
    let im = plan.interval_minutes;
    let now = actual.len().min(per_day);
    let f_sofar: f64 = forecast.iter().take(now).sum();
    let a_sofar: f64 = actual.iter().sum();
    let factor = if f_sofar > 0.0 { (a_sofar / f_sofar).clamp(0.3, 3.0) } else { 1.0 };
    let volume: Vec<f64> = (0..per_day)
        .map(|i| if i < now { actual[i] } else { forecast.get(i).copied().unwrap_or(0.0) * factor })
        .collect();
    let p = StaffingParams { interval_secs: im as f64 * 60.0, ..params.clone() };
    let required: Vec<u32> = volume.iter().map(|v| required_agents(*v, &p).scheduled).collect();
    let mut scheduled = vec![0i32; per_day];
    for row in model.coverage(roster) {
        if row.day == day && row.demand == demand {
            scheduled[row.interval as usize] = row.scheduled;
        }
    }
    let short: Vec<bool> =
        (0..per_day).map(|i| i >= now && (scheduled[i] as i64) < required[i] as i64).collect();
    let d = day as usize;
    let days = plan.days as usize;
    let c = Compiled::new(&model.problem);
    let mut scratch = Vec::new();
    let type_of = |ti: usize| model.types.iter().position(|&(t, di)| t == ti && di == demand);
    // Intervals of `day` a template puts an agent on the floor for (breaks excluded).
    let covers = |ti: usize| -> u32 {
        let Some(s) = type_of(ti) else { return 0 };
        model.problem.contrib[d * c.ns + s]
            .iter()
            .filter_map(|k| model.cover_key.get(*k as usize))
            .filter(|(kd, ki, kdm)| *kd == day && *kdm == demand && short[*ki as usize])
            .count() as u32
    };
    let legal_with = |a: usize, v: u8, scratch: &mut Vec<_>| -> bool {
        let mut row = roster.cells[a * days..(a + 1) * days].to_vec();
        let before = c.staff_cost::<false>(a, &row, scratch).hard;
        row[d] = v;
        c.staff_cost::<false>(a, &row, scratch).hard <= before
    };
    let mut out = Vec::new();
    let now_min = now as u32 * im;
    for (a, ag) in plan.agents.iter().enumerate() {
        if d >= days || a * days + d >= roster.cells.len() {
            break;
        }
        let cur = roster.cells[a * days + d];
        if cur == OFF {
            for (ti, t) in plan.templates.iter().enumerate() {
                let Some(s) = type_of(ti) else { continue };
                if t.start < now_min || !c.staff[a].allowed[s] || c.staff[a].day_off[d] {
                    continue;
                }
                let n = covers(ti);
                if n > 0 && legal_with(a, s as u8, &mut scratch) {
                    out.push(Suggestion { agent: a, action: Action::CallIn { template: ti }, covers: n });
                }
            }
        } else if let Some(&(ti, di)) = model.types.get(cur as usize) {
            if di != demand {
                continue;
            }
            let t = &plan.templates[ti];
            if ag.overtime_ok && t.end() < 1440 {
                let mut n = 0;
                let mut m = 0;
                while m < plan.rules.day_overtime_minutes {
                    let i = ((t.end() + m) / im) as usize;
                    if i >= per_day || !short[i] {
                        break;
                    }
                    n += 1;
                    m += im;
                }
                if n > 0 {
                    out.push(Suggestion { agent: a, action: Action::Extend { minutes: m }, covers: n });
                }
            }
            if t.start > now_min {
                let here = covers(ti);
                for (tj, tt) in plan.templates.iter().enumerate() {
                    let Some(s) = type_of(tj) else { continue };
                    if tj == ti || tt.start < now_min || !c.staff[a].allowed[s] {
                        continue;
                    }
                    let n = covers(tj);
                    if n > here && legal_with(a, s as u8, &mut scratch) {
                        out.push(Suggestion {
                            agent: a,
                            action: Action::Move { from: ti, to: tj },
                            covers: n - here,
                        });
                    }
                }
            }
        }
    }
    out.sort_by(|x, y| y.covers.cmp(&x.covers).then(x.agent.cmp(&y.agent)));
    out.truncate(20);
    Intraday { factor, volume, required, scheduled, suggestions: out }
}
