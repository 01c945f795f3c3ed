//! The QA overview (质检总览): per agent the automatic and review scores, rule hit counts, the
//! most-failed rules and a weekly trend, plus the team line; the drill-down list of an agent's
//! conversations (buyers masked); and the CSV that `kefu qa` prints — the same numbers.
//!
//! Hits count against the agent they belong to (`Hit::agent`); conversations and scores
//! against the conversation's agent. Review scores use the latest non-calibration review of
//! each conversation. Sums are of hundredths, so nothing depends on input order.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::sample::week_of;
use super::score::mean_centi;
use super::{ConvKey, QaConfig, QaReport, Review};
use crate::model::{ChatLog, NameId, Role};
use crate::{Lang, Ts};

/// One week of one agent (or the team).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeekCell {
    /// Monday.
    pub week: NaiveDate,
    pub conversations: u32,
    pub auto_score: Option<f64>,
    pub review_score: Option<f64>,
    pub reviews: u32,
}

/// One agent's line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgentRow {
    pub agent: String,
    pub id: NameId,
    pub role: Role,
    pub conversations: u32,
    /// Mean automatic score over the conversations that have one.
    pub auto_score: Option<f64>,
    /// Mean human review score (this agent's IQS).
    pub review_score: Option<f64>,
    pub reviews: u32,
    /// Conversations with a buyer escalation flag.
    pub risk_conversations: u32,
    pub critical_failed: u32,
    /// Mean first response time (s) and mean round response time (s).
    pub first_response: Option<f64>,
    pub avg_response: Option<f64>,
    pub slow_replies: u32,
    pub unanswered: u32,
    /// Hits per rule (index = rule index).
    pub rule_hits: Vec<u32>,
    /// Up to three rules with the most hits, most first: (rule index, hits). Risk flags excluded.
    pub top_rules: Vec<(u16, u32)>,
    pub weeks: Vec<WeekCell>,
}

/// The whole team.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeamRow {
    pub conversations: u32,
    pub auto_score: Option<f64>,
    /// Team quality score (IQS) = mean of all review scores.
    pub review_score: Option<f64>,
    pub reviews: u32,
    pub rule_hits: Vec<u32>,
    pub weeks: Vec<WeekCell>,
}

/// The overview.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    pub agents: Vec<AgentRow>,
    pub team: TeamRow,
    /// Mondays of every week with conversations.
    pub weeks: Vec<NaiveDate>,
}

#[derive(Default, Clone)]
struct Acc {
    convs: u32,
    auto_sum: i64,
    auto_n: u64,
    rev_sum: i64,
    rev_n: u64,
}

impl Acc {
    fn cell(&self, week: NaiveDate) -> WeekCell {
        WeekCell {
            week,
            conversations: self.convs,
            auto_score: mean_centi(self.auto_sum, self.auto_n),
            review_score: mean_centi(self.rev_sum, self.rev_n),
            reviews: self.rev_n as u32,
        }
    }
}

/// The latest non-calibration review per conversation.
pub fn latest_reviews(reviews: &[Review]) -> HashMap<&ConvKey, &Review> {
    let mut m: HashMap<&ConvKey, &Review> = HashMap::new();
    for r in reviews.iter().filter(|r| r.calibration.is_none()) {
        match m.get(&r.conv) {
            Some(o) if (o.at, &o.reviewer) > (r.at, &r.reviewer) => {}
            _ => {
                m.insert(&r.conv, r);
            }
        }
    }
    m
}

/// Builds the overview.
pub fn overview(report: &QaReport, log: &ChatLog, cfg: &QaConfig, reviews: &[Review]) -> Overview {
    let n_rules = cfg.rules.rules.len();
    let latest = latest_reviews(reviews);
    // Review score (centi) per conversation index.
    let mut review_of: HashMap<usize, i32> = HashMap::new();
    if !latest.is_empty() {
        let idx = report.index(log);
        for (k, r) in &latest {
            let (Some(&ci), Some(card)) =
                (idx.get(*k), cfg.scorecards.cards.iter().find(|c| c.id == r.scorecard))
            else {
                continue;
            };
            if let Some(s) = r.score(card).score {
                review_of.insert(ci, (s * 100.0).round() as i32);
            }
        }
    }

    struct A {
        total: Acc,
        weeks: BTreeMap<NaiveDate, Acc>,
        hits: Vec<u32>,
        risk: u32,
        crit: u32,
        first: (u64, u64),
        resp: (u64, u64),
        slow: u32,
        unanswered: u32,
    }
    let new_a = || A {
        total: Acc::default(),
        weeks: BTreeMap::new(),
        hits: vec![0; n_rules],
        risk: 0,
        crit: 0,
        first: (0, 0),
        resp: (0, 0),
        slow: 0,
        unanswered: 0,
    };
    let mut per: BTreeMap<NameId, A> = BTreeMap::new();
    let mut team = Acc::default();
    let mut team_weeks: BTreeMap<NaiveDate, Acc> = BTreeMap::new();
    let mut team_hits = vec![0u32; n_rules];
    for (i, c) in report.conversations.iter().enumerate() {
        let week = week_of(c.start.date());
        let rev = review_of.get(&i).copied();
        let add = |acc: &mut Acc| {
            acc.convs += 1;
            if let Some(s) = c.auto_centi {
                acc.auto_sum += s as i64;
                acc.auto_n += 1;
            }
            if let Some(r) = rev {
                acc.rev_sum += r as i64;
                acc.rev_n += 1;
            }
        };
        add(&mut team);
        add(team_weeks.entry(week).or_default());
        let Some(agent) = c.agent else { continue };
        let a = per.entry(agent).or_insert_with(new_a);
        add(&mut a.total);
        add(a.weeks.entry(week).or_default());
        a.risk += c.risk as u32;
        a.crit += c.critical_failed as u32;
        if let Some(f) = c.metrics.first_response {
            a.first.0 += f as u64;
            a.first.1 += 1;
        }
        a.resp.0 += c.metrics.resp_sum;
        a.resp.1 += c.metrics.resp_n as u64;
        a.slow += c.metrics.slow_replies;
        a.unanswered += c.metrics.unanswered;
    }
    for h in &report.hits {
        if let Some(x) = team_hits.get_mut(h.rule as usize) {
            *x += 1;
        }
        if let Some(agent) = h.agent {
            let a = per.entry(agent).or_insert_with(new_a);
            if let Some(x) = a.hits.get_mut(h.rule as usize) {
                *x += 1;
            }
        }
    }
    let mean = |(s, n): (u64, u64)| (n > 0).then(|| s as f64 / n as f64);
    let mut agents: Vec<AgentRow> = per
        .into_iter()
        .map(|(id, a)| {
            let mut top: Vec<(u16, u32)> = a
                .hits
                .iter()
                .enumerate()
                .filter(|&(r, &n)| n > 0 && !cfg.rules.rules[r].is_risk())
                .map(|(r, &n)| (r as u16, n))
                .collect();
            top.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
            top.truncate(3);
            AgentRow {
                agent: log.name(id).to_owned(),
                id,
                role: report.roles.get(id as usize).copied().flatten().unwrap_or(Role::PreSale),
                conversations: a.total.convs,
                auto_score: mean_centi(a.total.auto_sum, a.total.auto_n),
                review_score: mean_centi(a.total.rev_sum, a.total.rev_n),
                reviews: a.total.rev_n as u32,
                risk_conversations: a.risk,
                critical_failed: a.crit,
                first_response: mean(a.first),
                avg_response: mean(a.resp),
                slow_replies: a.slow,
                unanswered: a.unanswered,
                rule_hits: a.hits,
                top_rules: top,
                weeks: a.weeks.iter().map(|(w, acc)| acc.cell(*w)).collect(),
            }
        })
        .collect();
    agents.sort_by(|a, b| a.agent.cmp(&b.agent));
    Overview {
        weeks: team_weeks.keys().copied().collect(),
        team: TeamRow {
            conversations: team.convs,
            auto_score: mean_centi(team.auto_sum, team.auto_n),
            review_score: mean_centi(team.rev_sum, team.rev_n),
            reviews: team.rev_n as u32,
            rule_hits: team_hits,
            weeks: team_weeks.iter().map(|(w, acc)| acc.cell(*w)).collect(),
        },
        agents,
    }
}

fn num(x: Option<f64>) -> String {
    x.map(|v| format!("{v:.2}")).unwrap_or_default()
}

/// The overview as CSV (UTF-8, header in `lang`): one line per agent then the team, with the
/// hit count of every enabled rule. `kefu qa` prints exactly this.
pub fn overview_csv(ov: &Overview, cfg: &QaConfig, lang: Lang) -> String {
    let rules: Vec<usize> = (0..cfg.rules.rules.len()).filter(|&i| cfg.rules.rules[i].enabled).collect();
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut head: Vec<String> = [
        lang.pick("客服", "agent"),
        lang.pick("岗位", "role"),
        lang.pick("会话数", "conversations"),
        lang.pick("自动质检分", "auto_score"),
        lang.pick("人工评审分", "review_score"),
        lang.pick("评审数", "reviews"),
        lang.pick("风险会话", "risk_conversations"),
        lang.pick("一票否决", "critical_failed"),
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    head.extend(rules.iter().map(|&r| cfg.rules.rules[r].id.clone()));
    let mut rows = vec![head];
    for a in &ov.agents {
        let mut row = vec![
            crate::privacy::neutralise_cell(&a.agent).into_owned(),
            a.role.label(lang).to_owned(),
            a.conversations.to_string(),
            num(a.auto_score),
            num(a.review_score),
            a.reviews.to_string(),
            a.risk_conversations.to_string(),
            a.critical_failed.to_string(),
        ];
        row.extend(rules.iter().map(|&r| a.rule_hits[r].to_string()));
        rows.push(row);
    }
    let t = &ov.team;
    let mut row = vec![
        lang.pick("全部", "all").to_owned(),
        String::new(),
        t.conversations.to_string(),
        num(t.auto_score),
        num(t.review_score),
        t.reviews.to_string(),
        ov.agents.iter().map(|a| a.risk_conversations).sum::<u32>().to_string(),
        ov.agents.iter().map(|a| a.critical_failed).sum::<u32>().to_string(),
    ];
    row.extend(rules.iter().map(|&r| t.rule_hits[r].to_string()));
    rows.push(row);
    for r in rows {
        // Writing to a Vec cannot fail.
        let _ = w.write_record(&r);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A line of the drill-down list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConvRow {
    pub conv: u32,
    /// Buyer nick, masked.
    pub buyer: String,
    pub start: Ts,
    pub auto_score: Option<f64>,
    pub hits: u32,
    pub risk: bool,
    pub critical_failed: bool,
    pub first_response: Option<u32>,
    pub longest_gap: u32,
}

/// Which conversations the drill-down lists; every field left empty means "all".
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConvFilter {
    pub agent: Option<NameId>,
    /// Monday of the week.
    pub week: Option<NaiveDate>,
    /// Only conversations with a hit of this rule (index).
    pub rule: Option<u16>,
    /// Only conversations with a buyer escalation flag.
    pub risky_only: bool,
}

/// The conversations matching `f`, worst automatic score first (unscored last), then by time;
/// buyer nicks masked.
pub fn conversations_of(report: &QaReport, log: &ChatLog, f: &ConvFilter) -> Vec<ConvRow> {
    let mut rows: Vec<ConvRow> = report
        .conversations
        .iter()
        .enumerate()
        .filter(|(_, c)| f.agent.is_none_or(|a| c.agent == Some(a)))
        .filter(|(_, c)| f.week.is_none_or(|w| week_of(c.start.date()) == w))
        .filter(|(_, c)| !f.risky_only || c.risk)
        .filter(|(i, _)| f.rule.is_none_or(|r| report.hits_of(*i).iter().any(|h| h.rule == r)))
        .map(|(i, c)| ConvRow {
            conv: i as u32,
            buyer: crate::privacy::mask_nick(log.name(log.threads[c.thread as usize].buyer)),
            start: c.start,
            auto_score: c.auto_score(),
            hits: c.hits.1 - c.hits.0,
            risk: c.risk,
            critical_failed: c.critical_failed,
            first_response: c.metrics.first_response,
            longest_gap: c.metrics.longest_gap,
        })
        .collect();
    rows.sort_by(|a, b| {
        a.auto_centi_key().cmp(&b.auto_centi_key()).then(a.start.cmp(&b.start)).then(a.conv.cmp(&b.conv))
    });
    rows
}

impl ConvRow {
    fn auto_centi_key(&self) -> i64 {
        self.auto_score.map_or(i64::MAX, |s| (s * 100.0).round() as i64)
    }
}
