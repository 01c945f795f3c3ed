//! Sampling plans (抽查计划): N conversations per agent per week, drawn with a seeded random
//! stream, stratified towards risk, skipping conversations already reviewed.
//!
//! A conversation is *risky* when its automatic score is below `low_score`, a critical
//! category failed, a buyer escalation rule fired, or its longest wait reached `long_wait_secs`.
//! Per agent and week, `round(N × risk_share)` come from the risky ones and the rest from the
//! others; a short stratum is topped up from the other. The draw depends only on the seed,
//! the agent's name, the week and the conversations' keys — not on the order of the input.

use std::collections::{BTreeMap, HashSet};

use chrono::{Datelike, NaiveDate};
use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};

use super::{ConvKey, QaReport};
use crate::model::{ChatLog, NameId};

/// A sampling plan (persisted with the settings).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SamplePlan {
    /// Conversations per agent per week.
    pub per_agent: u32,
    pub seed: u64,
    /// Share of each agent's sample drawn from risky conversations (0–1).
    pub risk_share: f64,
    /// Automatic scores below this are risky.
    pub low_score: f64,
    /// A wait this long (seconds) is risky.
    pub long_wait_secs: u32,
    /// Leave out conversations that already have a review.
    pub skip_reviewed: bool,
}

impl Default for SamplePlan {
    fn default() -> Self {
        SamplePlan {
            per_agent: 5,
            seed: 1,
            risk_share: 0.6,
            low_score: 80.0,
            long_wait_secs: 300,
            skip_reviewed: true,
        }
    }
}

/// One conversation to review.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SampleItem {
    /// Index into `QaReport::conversations`.
    pub conv: u32,
    pub key: ConvKey,
    pub agent: NameId,
    /// Monday of the conversation's week.
    pub week: NaiveDate,
    pub risky: bool,
}

/// Monday of `d`'s week.
pub fn week_of(d: NaiveDate) -> NaiveDate {
    d - chrono::Duration::days(d.weekday().num_days_from_monday() as i64)
}

/// FNV-1a, a stable hash for seeding (std's hasher may change between Rust versions).
fn fnv(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for &b in *p {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn shuffle<T>(v: &mut [T], rng: &mut rand_pcg::Pcg64Mcg) {
    for i in (1..v.len()).rev() {
        let j = rng.random_range(0..=i);
        v.swap(i, j);
    }
}

/// Whether a conversation counts as risky under `plan`.
pub fn is_risky(report: &QaReport, conv: usize, plan: &SamplePlan) -> bool {
    let c = &report.conversations[conv];
    c.risk
        || c.critical_failed
        || c.auto_score().is_some_and(|s| s < plan.low_score)
        || c.metrics.longest_gap >= plan.long_wait_secs
        || c.metrics.first_response.is_some_and(|f| f >= plan.long_wait_secs)
}

/// Draws the sample. `reviewed`: keys of conversations that already have a review.
pub fn sample(
    report: &QaReport,
    log: &ChatLog,
    plan: &SamplePlan,
    reviewed: &HashSet<ConvKey>,
) -> Vec<SampleItem> {
    // (agent name, week) → candidates.
    type Candidate = (ConvKey, u32, NameId, bool);
    let mut groups: BTreeMap<(&str, NaiveDate), Vec<Candidate>> = BTreeMap::new();
    for (i, c) in report.conversations.iter().enumerate() {
        let Some(agent) = c.agent else { continue };
        if c.metrics.agent_msgs == 0 {
            continue;
        }
        let key = report.key(log, i);
        if plan.skip_reviewed && reviewed.contains(&key) {
            continue;
        }
        let week = week_of(c.start.date());
        let risky = is_risky(report, i, plan);
        groups.entry((log.name(agent), week)).or_default().push((key, i as u32, agent, risky));
    }
    let mut out = Vec::new();
    for ((name, week), mut cands) in groups {
        cands.sort_by(|a, b| a.0.cmp(&b.0));
        let wk = week.to_string();
        let seed = fnv(&[&plan.seed.to_le_bytes(), name.as_bytes(), wk.as_bytes()]);
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(seed);
        let (mut risky, mut normal): (Vec<_>, Vec<_>) = cands.into_iter().partition(|c| c.3);
        shuffle(&mut risky, &mut rng);
        shuffle(&mut normal, &mut rng);
        let n = plan.per_agent as usize;
        let want_risky = ((n as f64) * plan.risk_share.clamp(0.0, 1.0)).round() as usize;
        let take_r = want_risky.min(risky.len());
        let take_n = (n - take_r).min(normal.len());
        let take_r = (n - take_n).min(risky.len());
        let mut picked: Vec<_> =
            risky.into_iter().take(take_r).chain(normal.into_iter().take(take_n)).collect();
        picked.sort_by(|a, b| a.0.cmp(&b.0));
        out.extend(picked.into_iter().map(|(key, conv, agent, risky)| SampleItem {
            conv,
            key,
            agent,
            week,
            risky,
        }));
    }
    out
}
