//! Chat-log QA (质检): every conversation measured and checked against editable rules, scored
//! on per-role scorecards, sampled for human review, calibrated and disputed, plus the
//! unconverted-enquiry analysis and the per-agent overview.
//!
//! Flow for a front end:
//! 1. [`analyse`] (`ChatLog` + [`QaConfig`] + staff roles) → [`QaReport`]: conversations with
//!    metrics, automatic scores and evidence ([`Hit`]: message + byte span + rule).
//! 2. [`overview`] → per-agent table and weekly trend; [`overview_csv`] is the same table as
//!    CSV (what `kefu qa` prints); [`conversation_view`] → one conversation with highlights.
//! 3. [`sample`] picks conversations to review; [`Review::draft`] prefills a review from the
//!    automatic values; [`Review::score`] / [`Review::validate`]; disputes via
//!    [`Review::open_dispute`] / [`Review::resolve_dispute`]; [`calibration`] compares reviewers.
//! 4. [`unconverted`] groups enquiries without an order by likely reason.
//!
//! Everything here is pure: time comes in as data, randomness is seeded.

pub mod custom;
pub mod desk;
pub mod engine;
pub mod overview;
pub mod review;
pub mod rules;
pub mod sample;
pub mod score;
pub mod text;
pub mod unconverted;
pub mod work;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

pub use custom::{is_custom, split_words};
pub use desk::{
    CalibrationView, DisputeRow, EditError, ExampleRow, QaDesk, QaEdit, ReasonRow, RunRef, SampleRow,
    SampleView, UnconvertedView, check_config, desk, unconverted_view,
};
pub use engine::{Conversation, Hit, Metrics};
pub use overview::{
    AgentRow, ConvFilter, ConvRow, Overview, TeamRow, WeekCell, conversations_of, overview, overview_csv,
};
pub use review::{
    Calibration, CategoryAgreement, Dispute, DisputeStatus, Review, ReviewError, ReviewValue,
    ReviewerDeviation, calibration,
};
pub use rules::{Check, Rule, RuleSet, Side};
pub use sample::{SampleItem, SamplePlan, sample};
pub use score::{Category, Given, ScoreOutcome, Scorecard, Scorecards, formulas};
pub use text::{RuleSetError, char_range, matching_notes};
pub use unconverted::{Reason, ReasonGroup, UnconvertedParams, UnconvertedReport, unconverted};
pub use work::{QaWork, Sampled, Sampling};

use crate::Ts;
use crate::model::{ChatLog, MsgKind, NameId, Role, Staff};

/// Everything the supervisor configures for QA; persisted as settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct QaConfig {
    pub rules: RuleSet,
    pub scorecards: Scorecards,
    /// The 未成交 analysis's word lists and windows (its slow-reply threshold follows `rules`).
    pub unconverted: UnconvertedParams,
}

/// The outcome of [`analyse`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct QaReport {
    pub conversations: Vec<Conversation>,
    /// All evidence; each conversation owns a contiguous range.
    pub hits: Vec<Hit>,
    /// Role of each name id that is an agent (others `None`), as used to pick scorecards.
    pub roles: Vec<Option<Role>>,
    /// Messages read.
    pub messages: u64,
}

impl QaReport {
    pub fn hits_of(&self, conv: usize) -> &[Hit] {
        let c = &self.conversations[conv];
        &self.hits[c.hits.0 as usize..c.hits.1 as usize]
    }

    /// The stable key of a conversation (what reviews are saved under).
    pub fn key(&self, log: &ChatLog, conv: usize) -> ConvKey {
        let c = &self.conversations[conv];
        let t = &log.threads[c.thread as usize];
        ConvKey { shop: t.shop.clone(), buyer: log.name(t.buyer).to_owned(), start: c.start }
    }

    /// Finds a conversation by key.
    pub fn find(&self, log: &ChatLog, key: &ConvKey) -> Option<usize> {
        self.conversations.iter().position(|c| {
            let t = &log.threads[c.thread as usize];
            c.start == key.start && t.shop == key.shop && log.name(t.buyer) == key.buyer
        })
    }

    /// Conversation index by key, for many look-ups.
    pub fn index(&self, log: &ChatLog) -> HashMap<ConvKey, usize> {
        (0..self.conversations.len()).map(|i| (self.key(log, i), i)).collect()
    }
}

/// Identifies a conversation across re-imports: shop, buyer and the time of its first line.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ConvKey {
    pub shop: String,
    pub buyer: String,
    pub start: Ts,
}

/// Role of each name in `log` from the staff list (matched on sub-account, or on the nick
/// after `店铺:`); agents not on the list count as pre-sale.
pub fn roles_of(log: &ChatLog, staff: &[Staff]) -> Vec<Option<Role>> {
    let mut by_name: HashMap<&str, Role> = HashMap::new();
    for s in staff {
        by_name.insert(s.account.as_str(), s.role);
        if let Some((_, nick)) = s.account.split_once(':') {
            by_name.entry(nick).or_insert(s.role);
        }
    }
    let mut is_agent = vec![false; log.names.len()];
    for t in &log.threads {
        for m in &t.messages {
            let ids = match m.kind {
                MsgKind::Agent | MsgKind::Auto => [m.from, m.from],
                MsgKind::Transfer { to } => [m.from, to],
                _ => continue,
            };
            for id in ids {
                if let Some(x) = is_agent.get_mut(id as usize) {
                    *x = true;
                }
            }
        }
    }
    log.names
        .iter()
        .zip(is_agent)
        .map(|(n, a)| {
            a.then(|| {
                by_name
                    .get(n.as_str())
                    .or_else(|| n.split_once(':').and_then(|(_, nick)| by_name.get(nick)))
                    .copied()
                    .unwrap_or(Role::PreSale)
            })
        })
        .collect()
}

/// Runs every rule over every conversation of `log` and scores each with its agent's card.
pub fn analyse(log: &ChatLog, cfg: &QaConfig, staff: &[Staff]) -> Result<QaReport, RuleSetError> {
    let eng = engine::Engine::new(&cfg.rules)?;
    let mut rep = QaReport {
        conversations: Vec::with_capacity(log.threads.len() * 2),
        hits: Vec::new(),
        roles: roles_of(log, staff),
        messages: log.message_count() as u64,
    };
    eng.run(log, &mut rep.conversations, &mut rep.hits);
    let compiled: Vec<score::CompiledCard> =
        cfg.scorecards.cards.iter().map(|c| score::CompiledCard::new(c, &cfg.rules)).collect();
    let card_of_role = [cfg.scorecards.for_role(Role::PreSale), cfg.scorecards.for_role(Role::AfterSale)];
    let mut vals = Vec::new();
    for c in rep.conversations.iter_mut() {
        // No agent, nobody to score: the evidence stays, the conversation is not scored.
        if c.agent.is_none() {
            continue;
        }
        let role = agent_role(&rep.roles, c.agent);
        let ci = card_of_role[role as usize];
        let (Some(card), Some(cc)) = (cfg.scorecards.cards.get(ci), compiled.get(ci)) else { continue };
        let hits = &rep.hits[c.hits.0 as usize..c.hits.1 as usize];
        cc.auto_values(card, c, hits, &mut vals);
        let o = card.score(&vals);
        c.scorecard = ci as u16;
        c.auto_centi = o.score.map(|s| (s * 100.0).round() as i32);
        c.critical_failed = o.critical_failed;
    }
    Ok(rep)
}

fn agent_role(roles: &[Option<Role>], agent: Option<NameId>) -> Role {
    agent.and_then(|a| roles.get(a as usize).copied().flatten()).unwrap_or(Role::PreSale)
}

/// Automatic category values of one conversation (to prefill a review form).
pub fn auto_values(report: &QaReport, cfg: &QaConfig, conv: usize) -> Vec<Given> {
    let c = &report.conversations[conv];
    let Some(card) = cfg.scorecards.cards.get(c.scorecard as usize) else { return Vec::new() };
    let cc = score::CompiledCard::new(card, &cfg.rules);
    let mut v = Vec::new();
    cc.auto_values(card, c, report.hits_of(conv), &mut v);
    v
}

/// One line of the conversation viewer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ViewLine {
    /// Message index within the thread.
    pub msg: u32,
    pub ts: Ts,
    /// Sender as shown (buyer nicks masked when asked).
    pub who: String,
    pub kind: MsgKind,
    pub text: String,
    /// Highlights: byte spans into `text` with the rule index.
    pub marks: Vec<(u32, u32, u16)>,
    /// Rules flagged on the whole line (timing rules).
    pub flags: Vec<u16>,
}

/// A conversation ready to render, with its evidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConvView {
    /// The real key (reviews are saved under it); never shown.
    pub key: ConvKey,
    /// The buyer as shown (masked when asked).
    pub buyer: String,
    pub agent: Option<String>,
    pub metrics: Metrics,
    pub auto_score: Option<f64>,
    pub lines: Vec<ViewLine>,
}

/// The conversation `conv` for the viewer. With `mask`, the buyer's nick is masked
/// ([`crate::privacy::mask_nick`]) in `who` and in the key.
pub fn conversation_view(log: &ChatLog, report: &QaReport, conv: usize, mask: bool) -> Option<ConvView> {
    let c = report.conversations.get(conv)?;
    let t = log.threads.get(c.thread as usize)?;
    let buyer = log.name(t.buyer);
    let shown = if mask { crate::privacy::mask_nick(buyer) } else { buyer.to_owned() };
    let hits = report.hits_of(conv);
    let lines = (c.first..c.end)
        .filter_map(|i| {
            let m = t.messages.get(i as usize)?;
            let mine = hits.iter().filter(|h| h.msg == i);
            let marks = mine.clone().filter_map(|h| h.span.map(|s| (s.0, s.1, h.rule))).collect();
            let flags = mine.filter(|h| h.span.is_none()).map(|h| h.rule).collect();
            let who = if m.kind == MsgKind::Buyer { shown.clone() } else { log.name(m.from).to_owned() };
            Some(ViewLine { msg: i, ts: m.ts, who, kind: m.kind, text: m.text.clone(), marks, flags })
        })
        .collect();
    Some(ConvView {
        key: report.key(log, conv),
        buyer: shown,
        agent: c.agent.map(|a| log.name(a).to_owned()),
        metrics: c.metrics,
        auto_score: c.auto_score(),
        lines,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_tolerate_missing_fields() {
        let cfg = QaConfig::default();
        let json = serde_json::to_string(&cfg).unwrap();
        assert!(json.contains("\"kind\":\"late_no_apology\""), "readable rule kinds");
        assert_eq!(serde_json::from_str::<QaConfig>(&json).unwrap(), cfg);
        assert_eq!(serde_json::from_str::<QaConfig>("{}").unwrap(), cfg);
        let partial: RuleSet = serde_json::from_str(r#"{"session_gap_secs": 900}"#).unwrap();
        assert_eq!(partial.session_gap_secs, 900);
        assert_eq!(partial.rules, RuleSet::default().rules);
        let rule: Rule = serde_json::from_str(r#"{"id": "mine", "phrases": ["包邮"]}"#).unwrap();
        assert!(rule.enabled && rule.phrases == ["包邮"]);
    }

    #[test]
    fn buyer_risk_never_costs_the_agent_points() {
        use crate::model::{ChatMessage, ChatThread};
        let mut log = ChatLog::default();
        let b = log.intern("买家");
        let a = log.intern("店:甲");
        let t = Ts::from_ymd_hms(2026, 10, 19, 10, 0, 0).unwrap();
        let msg = |ts: Ts, from, kind, text: &str| ChatMessage { ts, from, kind, text: text.into() };
        log.threads.push(ChatThread {
            shop: "店".into(),
            buyer: b,
            messages: vec![
                msg(t, b, MsgKind::Buyer, "我要投诉"),
                msg(t.plus(5), a, MsgKind::Agent, "您好，非常抱歉，马上给您处理"),
            ],
        });
        let card = Scorecard {
            id: "x".into(),
            categories: vec![
                Category {
                    id: "risk".into(),
                    weight: 1,
                    points: 2,
                    rules: vec!["escalation".into()],
                    ..Default::default()
                },
                Category {
                    id: "rude".into(),
                    weight: 1,
                    points: 2,
                    rules: vec!["rude".into()],
                    ..Default::default()
                },
            ],
            ..Default::default()
        };
        let cfg = QaConfig { scorecards: Scorecards { cards: vec![card] }, ..QaConfig::default() };
        let rep = analyse(&log, &cfg, &[]).unwrap();
        assert!(rep.conversations[0].risk);
        assert_eq!(auto_values(&rep, &cfg, 0), vec![None, Some(2)]);
        assert_eq!(rep.conversations[0].auto_score(), Some(100.0));
    }

    #[test]
    fn the_session_gap_is_configurable() {
        use crate::model::{ChatMessage, ChatThread};
        let mut log = ChatLog::default();
        let b = log.intern("买家");
        let a = log.intern("店:甲");
        let t = Ts::from_ymd_hms(2026, 10, 19, 10, 0, 0).unwrap();
        let msg = |ts: Ts, from, kind| ChatMessage { ts, from, kind, text: "您好".into() };
        let messages = vec![
            msg(t, b, MsgKind::Buyer),
            msg(t.plus(10), a, MsgKind::Agent),
            msg(t.plus(10 + 15 * 60), b, MsgKind::Buyer),
            msg(t.plus(20 + 15 * 60), a, MsgKind::Agent),
        ];
        log.threads.push(ChatThread { shop: "店".into(), buyer: b, messages });
        let mut cfg = QaConfig::default();
        assert_eq!(analyse(&log, &cfg, &[]).unwrap().conversations.len(), 2, "15 minutes of silence split");
        cfg.rules.session_gap_secs = 30 * 60;
        let rep = analyse(&log, &cfg, &[]).unwrap();
        assert_eq!(rep.conversations.len(), 1);
        assert_eq!(rep.conversations[0].metrics.resp_n, 2);
    }

    #[test]
    fn bad_rule_sets_are_refused_with_a_reason() {
        let mut set = RuleSet::default();
        set.rules.push(set.rules[0].clone());
        let cfg = QaConfig { rules: set, ..QaConfig::default() };
        let err = analyse(&ChatLog::default(), &cfg, &[]).unwrap_err();
        assert_eq!(err, RuleSetError::DuplicateId { id: "greeting".into() });
        use crate::lang::Localize;
        assert!(err.localize(crate::Lang::Zh).contains("重复"));
        let many = RuleSet {
            rules: (0..65).map(|i| Rule { id: format!("r{i}"), ..Rule::default() }).collect(),
            ..RuleSet::default()
        };
        let cfg = QaConfig { rules: many, ..QaConfig::default() };
        assert!(matches!(analyse(&ChatLog::default(), &cfg, &[]), Err(RuleSetError::TooManyRules { .. })));
    }
}
