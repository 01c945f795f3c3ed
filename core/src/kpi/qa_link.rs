//! The QA module's results as the KPI engine's QA input: one small fact per checked
//! conversation (day, KPI agent, automatic score, review score, critical failure), built once
//! from a QA run, then summed for any range into a [`QaInput`] — so changing the range never
//! re-runs QA.
//!
//! Rules: a conversation counts on the day it started, for the agent QA held responsible,
//! matched to the KPI index's agent the way chats are (sub-account, `cntaobao` prefix
//! dropped, or a nick that belongs to one agent only); conversations of a name the index does
//! not know are left out. The review score is the latest non-calibration review's (as in the
//! QA overview); a conversation is a critical failure when its review says so, or — not
//! reviewed — when the automatic check says so. Means are of hundredths (`qa::score::mean_centi`),
//! so they equal the QA overview's to the hundredth.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::index::KpiIndex;
use super::query::{QaInput, QaScores};
use crate::model::{ChatLog, Period};
use crate::qa::overview::latest_reviews;
use crate::qa::score::mean_centi;
use crate::qa::{QaConfig, QaReport, Review};

/// One checked conversation, resolved to a KPI agent.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct QaFact {
    pub day: NaiveDate,
    /// Index into [`KpiIndex::agents`].
    pub agent: u32,
    pub auto_centi: Option<i32>,
    pub review_centi: Option<i32>,
    pub critical: bool,
}

/// Every scored conversation of a QA run, sorted by day.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct QaFacts {
    pub facts: Vec<QaFact>,
    /// Conversations whose agent the KPI index does not know.
    pub unmatched: u64,
}

impl KpiIndex {
    /// The agent behind a chat sender name, by the chat rules (see the module doc of `kpi`).
    pub fn agent_of_name(&self, raw: &str) -> Option<u32> {
        let name = raw.trim();
        let name = name.strip_prefix("cntaobao").unwrap_or(name);
        if name.is_empty() {
            return None;
        }
        if let Some(i) = self.agents.iter().position(|a| a.account == name) {
            return Some(i as u32);
        }
        if name.contains(':') {
            return None;
        }
        let mut found = self.agents.iter().enumerate().filter(|(_, a)| a.nick() == name);
        match (found.next(), found.next()) {
            (Some((i, _)), None) => Some(i as u32),
            _ => None,
        }
    }
}

impl QaFacts {
    /// Reads a QA run (`report` over `log` with `cfg`) and the stored reviews.
    pub fn build(
        index: &KpiIndex,
        report: &QaReport,
        log: &ChatLog,
        cfg: &QaConfig,
        reviews: &[Review],
    ) -> QaFacts {
        let mut agent_of: Vec<Option<Option<u32>>> = vec![None; log.names.len()];
        let latest = latest_reviews(reviews);
        let mut reviewed: HashMap<usize, (Option<i32>, bool)> = HashMap::new();
        if !latest.is_empty() {
            let by_key = report.index(log);
            for (k, r) in &latest {
                let (Some(&ci), Some(card)) =
                    (by_key.get(*k), cfg.scorecards.cards.iter().find(|c| c.id == r.scorecard))
                else {
                    continue;
                };
                let out = r.score(card);
                reviewed.insert(ci, (out.score.map(|s| (s * 100.0).round() as i32), out.critical_failed));
            }
        }
        let mut out = QaFacts::default();
        for (i, c) in report.conversations.iter().enumerate() {
            let Some(name) = c.agent else { continue };
            let slot = agent_of.get_mut(name as usize);
            let agent = match slot {
                Some(Some(a)) => *a,
                Some(s) => *s.insert(index.agent_of_name(log.name(name))),
                None => None,
            };
            let Some(agent) = agent else {
                out.unmatched += 1;
                continue;
            };
            let (review_centi, critical) = match reviewed.get(&i) {
                Some(&(s, crit)) => (s, crit),
                None => (None, c.critical_failed),
            };
            out.facts.push(QaFact {
                day: c.start.date(),
                agent,
                auto_centi: c.auto_centi,
                review_centi,
                critical,
            });
        }
        out.facts.sort_by_key(|f| (f.day, f.agent));
        out
    }

    /// QA scores per sub-account over `period` (agents without a checked conversation in the
    /// range are absent).
    pub fn input(&self, index: &KpiIndex, period: &Period) -> QaInput {
        #[derive(Default)]
        struct Acc {
            auto: (i64, u64),
            review: (i64, u64),
            critical: u32,
        }
        let start = self.facts.partition_point(|f| f.day < period.from);
        let mut per: HashMap<u32, Acc> = HashMap::new();
        for f in self.facts[start..].iter().take_while(|f| f.day <= period.to) {
            let a = per.entry(f.agent).or_default();
            if let Some(s) = f.auto_centi {
                a.auto.0 += s as i64;
                a.auto.1 += 1;
            }
            if let Some(s) = f.review_centi {
                a.review.0 += s as i64;
                a.review.1 += 1;
            }
            a.critical += f.critical as u32;
        }
        per.into_iter()
            .filter_map(|(agent, a)| {
                let account = index.agents.get(agent as usize)?.account.clone();
                Some((
                    account,
                    QaScores {
                        auto: mean_centi(a.auto.0, a.auto.1),
                        review: mean_centi(a.review.0, a.review.1),
                        critical: a.critical,
                    },
                ))
            })
            .collect()
    }
}
