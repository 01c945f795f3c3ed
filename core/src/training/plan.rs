//! The team training plan: topics from the team's most frequent QA failures, sessions (date,
//! trainer, attendees, attendance) kept in the Training work document, and the before/after
//! check of a session — the QA result on the session's rules in a window of days before the
//! session against the same window after it.
//!
//! The check's score for a set of rules is the **pass rate**: of the conversations where any
//! of the rules applied, the share with no hit of those rules, ×100 (so 100 = nobody made these
//! mistakes). The mean automatic score of the same conversations is given beside it. Only the
//! attendees marked present count when attendance was taken; otherwise the whole team. The
//! session day itself belongs to neither window. Integer counts throughout: the result does not
//! depend on the order of the conversations.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::Lang;
use crate::model::{ChatLog, Period};
use crate::qa::score::mean_centi;
use crate::qa::{QaConfig, QaReport};

/// A training topic: a rule the team fails often.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Topic {
    pub rule_id: String,
    pub label: String,
    pub hits: u32,
    /// Conversations with a hit of the rule.
    pub conversations: u32,
    /// Agents with at least one hit.
    pub agents: u32,
    /// Share of all scored conversations in the period with a hit (0–1, four decimals).
    pub share: f64,
}

/// The team's most frequent failures in `period`, most hits first (risk flags excluded).
pub fn topics(report: &QaReport, cfg: &QaConfig, period: &Period, max: usize, lang: Lang) -> Vec<Topic> {
    let mut per: BTreeMap<u16, (u32, BTreeSet<u32>, BTreeSet<u32>)> = BTreeMap::new();
    let total = report
        .conversations
        .iter()
        .filter(|c| c.agent.is_some() && period.contains(c.start.date()))
        .count()
        .max(1);
    for h in &report.hits {
        let Some(c) = report.conversations.get(h.conv as usize) else { continue };
        let Some(rule) = cfg.rules.rules.get(h.rule as usize) else { continue };
        if rule.is_risk() || !period.contains(c.start.date()) {
            continue;
        }
        let e = per.entry(h.rule).or_default();
        e.0 += 1;
        e.1.insert(h.conv);
        if let Some(a) = h.agent {
            e.2.insert(a);
        }
    }
    let mut out: Vec<Topic> = per
        .into_iter()
        .filter_map(|(r, (hits, convs, agents))| {
            let rule = cfg.rules.rules.get(r as usize)?;
            Some(Topic {
                rule_id: rule.id.clone(),
                label: rule.label(lang).to_owned(),
                hits,
                conversations: convs.len() as u32,
                agents: agents.len() as u32,
                share: (convs.len() as f64 * 10_000.0 / total as f64).round() / 10_000.0,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.hits.cmp(&a.hits).then(b.conversations.cmp(&a.conversations)).then(a.rule_id.cmp(&b.rule_id))
    });
    out.truncate(max);
    out
}

/// Someone expected at a session.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Attendee {
    /// Sub-account or nick, as in the chats.
    pub agent: String,
    /// `None`: attendance not taken yet.
    pub present: Option<bool>,
}

/// A training session (stored in the Training work document).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Session {
    pub id: String,
    pub date: NaiveDate,
    pub title: String,
    pub trainer: String,
    /// QA rule ids the session trains.
    pub rules: Vec<String>,
    pub attendees: Vec<Attendee>,
    pub notes: String,
}

impl Default for Session {
    fn default() -> Self {
        Session {
            id: String::new(),
            date: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default(),
            title: String::new(),
            trainer: String::new(),
            rules: Vec::new(),
            attendees: Vec::new(),
            notes: String::new(),
        }
    }
}

impl Session {
    /// A session proposed for the given topics, everyone in `agents` invited.
    pub fn proposed(id: &str, date: NaiveDate, topics: &[Topic], agents: &[String], lang: Lang) -> Session {
        let labels: Vec<&str> = topics.iter().map(|t| t.label.as_str()).collect();
        Session {
            id: id.into(),
            date,
            title: format!("{}：{}", lang.pick("专题培训", "Training"), labels.join(lang.pick("、", ", "))),
            rules: topics.iter().map(|t| t.rule_id.clone()).collect(),
            attendees: agents.iter().map(|a| Attendee { agent: a.clone(), present: None }).collect(),
            ..Session::default()
        }
    }

    /// (present, taken): how many attended of those whose attendance was taken.
    pub fn attendance(&self) -> (usize, usize) {
        let taken = self.attendees.iter().filter(|a| a.present.is_some()).count();
        let present = self.attendees.iter().filter(|a| a.present == Some(true)).count();
        (present, taken)
    }
}

/// The QA result on some rules in one window.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WindowScore {
    pub period: Option<Period>,
    /// Conversations where any of the rules applied.
    pub conversations: u32,
    /// Of those, conversations without a hit of the rules.
    pub clean: u32,
    pub hits: u32,
    /// `clean ÷ conversations × 100`.
    pub pass_rate: Option<f64>,
    /// Mean automatic score of the same conversations.
    pub auto_score: Option<f64>,
}

/// Before vs after a session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BeforeAfter {
    pub session: String,
    pub rules: Vec<String>,
    /// Agents counted (present attendees, or everyone).
    pub agents: Vec<String>,
    pub before: WindowScore,
    pub after: WindowScore,
    /// After − before, in pass-rate points.
    pub change: Option<f64>,
    /// Per rule: (rule id, before, after).
    pub per_rule: Vec<(String, WindowScore, WindowScore)>,
}

fn window_score(
    report: &QaReport,
    log: &ChatLog,
    mask: u64,
    rules: &[u16],
    period: Period,
    agents: &Option<BTreeSet<&str>>,
) -> WindowScore {
    let mut w = WindowScore { period: Some(period), ..WindowScore::default() };
    let (mut sum, mut n) = (0i64, 0u64);
    for (i, c) in report.conversations.iter().enumerate() {
        let Some(a) = c.agent else { continue };
        if !period.contains(c.start.date()) || c.applicable & mask == 0 {
            continue;
        }
        if let Some(set) = agents {
            let name = log.name(a);
            let nick = name.split_once(':').map_or(name, |(_, n)| n);
            if !set.contains(name) && !set.contains(nick) {
                continue;
            }
        }
        let hits = report.hits_of(i).iter().filter(|h| rules.contains(&h.rule)).count() as u32;
        w.conversations += 1;
        w.hits += hits;
        if hits == 0 {
            w.clean += 1;
        }
        if let Some(s) = c.auto_centi {
            sum += s as i64;
            n += 1;
        }
    }
    w.pass_rate =
        (w.conversations > 0).then(|| (w.clean as f64 * 10_000.0 / w.conversations as f64).round() / 100.0);
    w.auto_score = mean_centi(sum, n);
    w
}

/// The before/after check of `session` over `window_days` days on each side.
pub fn before_after(
    report: &QaReport,
    log: &ChatLog,
    cfg: &QaConfig,
    session: &Session,
    window_days: i64,
) -> BeforeAfter {
    let idx: Vec<u16> =
        session.rules.iter().filter_map(|r| cfg.rules.index_of(r)).map(|i| i as u16).collect();
    let mask_of = |rs: &[u16]| rs.iter().fold(0u64, |m, &r| m | (1u64 << r));
    let d = session.date;
    let before = Period { from: d - Duration::days(window_days), to: d - Duration::days(1) };
    let after = Period { from: d + Duration::days(1), to: d + Duration::days(window_days) };
    let (_, taken) = session.attendance();
    let present: Option<BTreeSet<&str>> = (taken > 0).then(|| {
        session.attendees.iter().filter(|a| a.present == Some(true)).map(|a| a.agent.as_str()).collect()
    });
    let b = window_score(report, log, mask_of(&idx), &idx, before, &present);
    let a = window_score(report, log, mask_of(&idx), &idx, after, &present);
    let per_rule = idx
        .iter()
        .map(|&r| {
            let one = [r];
            (
                cfg.rules.rules[r as usize].id.clone(),
                window_score(report, log, mask_of(&one), &one, before, &present),
                window_score(report, log, mask_of(&one), &one, after, &present),
            )
        })
        .collect();
    BeforeAfter {
        session: session.id.clone(),
        rules: idx.iter().map(|&r| cfg.rules.rules[r as usize].id.clone()).collect(),
        agents: present.map(|s| s.into_iter().map(str::to_owned).collect()).unwrap_or_default(),
        change: match (b.pass_rate, a.pass_rate) {
            (Some(x), Some(y)) => Some(((y - x) * 100.0).round() / 100.0),
            _ => None,
        },
        before: b,
        after: a,
        per_rule,
    }
}

/// The plan as shown: proposed topics, sessions with their checks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanView {
    pub period: Period,
    pub topics: Vec<Topic>,
    pub sessions: Vec<(Session, BeforeAfter)>,
}

/// Topics of `period` and every stored session (by date) with its before/after check.
pub fn plan_view(
    report: &QaReport,
    log: &ChatLog,
    cfg: &QaConfig,
    sessions: &[Session],
    period: &Period,
    window_days: i64,
    lang: Lang,
) -> PlanView {
    let mut s: Vec<Session> = sessions.to_vec();
    s.sort_by(|a, b| a.date.cmp(&b.date).then(a.id.cmp(&b.id)));
    PlanView {
        period: *period,
        topics: topics(report, cfg, period, 5, lang),
        sessions: s
            .into_iter()
            .map(|x| {
                let ba = before_after(report, log, cfg, &x, window_days);
                (x, ba)
            })
            .collect(),
    }
}
