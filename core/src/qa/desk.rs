//! The reviewer's desk (质检工作台): what the QA page shows beside the overview, computed from
//! the stored work (`QaWork`), the last QA run and the chat log — the sampling plan with its
//! progress, the disputes, calibration statistics, the unconverted-enquiry examples — and the
//! edits the page can make to the work ([`QaEdit`], applied by [`QaWork::apply`]).
//!
//! Conversations are named by their [`ConvKey`] in the stored work and by their index in the
//! current run (`conv`) in the views; a key the run no longer has (data removed, sessions
//! split differently) shows with `conv: None`. Buyers are always masked in the views.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::review::{Calibration, DisputeStatus, Review, ReviewError, ReviewValue, calibration};
use super::sample::{SamplePlan, sample, week_of};
use super::unconverted::{Reason, UnconvertedParams, unconverted};
use super::work::{QaWork, Sampled, Sampling};
use super::{ConvKey, QaConfig, QaReport, RuleSetError};
use crate::lang::Localize;
use crate::model::{ChatLog, Order};
use crate::privacy::mask_nick;
use crate::{Lang, Ts};

/// A change the QA page makes to the stored work.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum QaEdit {
    /// Who reviews from now on, and in which calibration session (`None`: ordinary reviews).
    SetReviewer { name: String, calibration: Option<String> },
    /// Use `config` (rules, thresholds, scorecards) from now on.
    SetConfig { config: Box<QaConfig> },
    /// Back to the default rules and scorecards.
    ResetConfig,
    /// Draw a sampling plan (for one week, or every week with `None`).
    DrawSample { plan: SamplePlan, week: Option<NaiveDate> },
    /// Forget the sampling plan (reviews stay).
    ClearSample,
    /// The agent (`by`) disputes `reviewer`'s ordinary review of `conv`.
    Dispute { conv: ConvKey, reviewer: String, by: String, reason: String },
    /// Resolve the open dispute of `reviewer`'s review of `conv`: accepted with the corrected
    /// `values` (the score changes), or rejected (`values: None`, nothing changes).
    Resolve { conv: ConvKey, reviewer: String, note: String, values: Option<Vec<ReviewValue>> },
}

/// Why an edit was refused (nothing was changed).
#[derive(Clone, Debug, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum EditError {
    #[error("the reviewer needs a name — type who is reviewing")]
    NoReviewer,
    #[error("the rules cannot be used: {0}")]
    Rules(RuleSetError),
    #[error("scorecard {card:?}, category {category:?}: {points} points — use 2 (yes/no) to 5")]
    Points { card: String, category: String, points: u8 },
    #[error("scorecard {card:?} has no weighted category — give at least one ordinary category a weight")]
    NoWeight { card: String },
    #[error("the sampling plan needs at least one conversation per agent and week")]
    EmptyPlan,
    #[error("there is no review of that conversation by {reviewer:?} — save a review first")]
    NoReview { reviewer: String },
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
    Review(Vec<ReviewError>),
}

impl Localize for EditError {
    fn localize(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            EditError::NoReviewer => "请填写评审人姓名".into(),
            EditError::Rules(e) => format!("规则无法使用：{}", e.localize(lang)),
            EditError::Points { card, category, points } => {
                format!("评分表 {card} 的分类 {category} 有 {points} 档：请设为 2（是/否）到 5 档")
            }
            EditError::NoWeight { card } => {
                format!("评分表 {card} 没有带权重的普通分类：请至少给一个分类设置权重")
            }
            EditError::EmptyPlan => "抽查计划每人每周至少抽 1 个会话".into(),
            EditError::NoReview { reviewer } => format!("{reviewer} 还没有复核这个会话，请先保存复核"),
            EditError::Review(errs) => errs.iter().map(|e| e.localize(lang)).collect::<Vec<_>>().join("；"),
        }
    }
}

/// Checks a configuration before it is stored: the rules must compile, every category must
/// have 2–5 points and every card a weighted ordinary category.
pub fn check_config(cfg: &QaConfig) -> Result<(), EditError> {
    super::engine::Engine::new(&cfg.rules).map_err(EditError::Rules)?;
    for card in &cfg.scorecards.cards {
        for c in &card.categories {
            if !(2..=5).contains(&c.points) {
                return Err(EditError::Points {
                    card: card.id.clone(),
                    category: c.id.clone(),
                    points: c.points,
                });
            }
        }
        if !card.categories.iter().any(|c| !c.bonus && c.weight > 0) {
            return Err(EditError::NoWeight { card: card.id.clone() });
        }
    }
    Ok(())
}

/// What an edit needs of the current run (only `DrawSample` uses it).
pub struct RunRef<'a> {
    pub report: &'a QaReport,
    pub log: &'a ChatLog,
}

impl QaWork {
    /// Applies `edit` at time `at`; on error nothing changes.
    pub fn apply(&mut self, edit: QaEdit, run: &RunRef<'_>, at: Ts) -> Result<(), EditError> {
        match edit {
            QaEdit::SetReviewer { name, calibration } => {
                let name = name.trim();
                if name.is_empty() {
                    return Err(EditError::NoReviewer);
                }
                self.reviewer = name.to_owned();
                self.calibration = calibration.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
            }
            QaEdit::SetConfig { config } => {
                check_config(&config)?;
                self.config = (*config != QaConfig::default()).then_some(*config);
            }
            QaEdit::ResetConfig => self.config = None,
            QaEdit::DrawSample { plan, week } => {
                if plan.per_agent == 0 {
                    return Err(EditError::EmptyPlan);
                }
                let reviewed: HashSet<ConvKey> =
                    self.reviews.iter().filter(|r| r.calibration.is_none()).map(|r| r.conv.clone()).collect();
                let items = sample(run.report, run.log, &plan, &reviewed)
                    .into_iter()
                    .filter(|s| week.is_none_or(|w| s.week == w))
                    .map(|s| Sampled {
                        key: s.key,
                        agent: run.log.name(s.agent).to_owned(),
                        week: s.week,
                        risky: s.risky,
                    })
                    .collect();
                self.sampling = Some(Sampling { plan, week, items, made: at });
            }
            QaEdit::ClearSample => self.sampling = None,
            QaEdit::Dispute { conv, reviewer, by, reason } => {
                let r = self.ordinary_mut(&conv, &reviewer)?;
                r.open_dispute(by.trim(), &reason, at).map_err(|e| EditError::Review(vec![e]))?;
            }
            QaEdit::Resolve { conv, reviewer, note, values } => {
                let by = self.reviewer.clone();
                let card = self.config().scorecards.cards.iter().find(|c| {
                    self.reviews
                        .iter()
                        .any(|r| r.conv == conv && r.reviewer == reviewer && r.scorecard == c.id)
                });
                let card = card.cloned().unwrap_or_default();
                let r = self.ordinary_mut(&conv, &reviewer)?;
                r.resolve_dispute(&card, &by, &note, at, values).map_err(EditError::Review)?;
            }
        }
        Ok(())
    }

    fn ordinary_mut(&mut self, conv: &ConvKey, reviewer: &str) -> Result<&mut Review, EditError> {
        self.reviews
            .iter_mut()
            .find(|r| r.calibration.is_none() && &r.conv == conv && r.reviewer == reviewer)
            .ok_or_else(|| EditError::NoReview { reviewer: reviewer.to_owned() })
    }

    /// The review to show for `conv` to the current reviewer: in a calibration session their
    /// own review in it; otherwise their own ordinary review, else the one that counts.
    pub fn review_for(&self, conv: &ConvKey) -> Option<&Review> {
        let own = self
            .reviews
            .iter()
            .find(|r| &r.conv == conv && r.reviewer == self.reviewer && r.calibration == self.calibration);
        match &self.calibration {
            Some(_) => own,
            None => own.or_else(|| self.review_of(conv)),
        }
    }

    /// Whether `conv` counts as done in the sampling plan: an ordinary review by anyone, or the
    /// current reviewer's review in the current calibration session.
    pub fn is_reviewed(&self, conv: &ConvKey) -> bool {
        self.reviews.iter().any(|r| {
            &r.conv == conv
                && (r.calibration.is_none()
                    || (r.calibration == self.calibration && r.reviewer == self.reviewer))
        })
    }
}

/// One conversation of the sampling plan, for the list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SampleRow {
    /// Index in the current run; `None` when the run no longer has it.
    pub conv: Option<u32>,
    pub agent: String,
    /// Masked.
    pub buyer: String,
    pub start: Ts,
    pub week: NaiveDate,
    pub risky: bool,
    pub auto_score: Option<f64>,
    pub reviewed: bool,
}

/// The sampling plan as shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SampleView {
    pub plan: SamplePlan,
    pub week: Option<NaiveDate>,
    pub made: Ts,
    pub rows: Vec<SampleRow>,
    /// Rows reviewed (已抽查 done / rows).
    pub done: u32,
}

/// One dispute, for the list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DisputeRow {
    pub conv: Option<u32>,
    pub key: ConvKey,
    /// Masked.
    pub buyer: String,
    pub agent: Option<String>,
    pub reviewer: String,
    pub by: String,
    pub reason: String,
    pub at: Ts,
    pub status: DisputeStatus,
    /// The review's score now.
    pub score: Option<f64>,
}

/// Calibration statistics of one group of reviews on one scorecard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CalibrationView {
    /// `None`: ordinary reviews of conversations that several reviewers scored.
    pub session: Option<String>,
    pub card: String,
    pub card_zh: String,
    pub card_en: String,
    /// Category labels, zh and en, in the card's order (as `stats.categories`).
    pub labels: Vec<(String, String)>,
    pub stats: Calibration,
}

/// Everything of the stored work the QA page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QaDesk {
    pub reviewer: String,
    pub calibration: Option<String>,
    /// Every reviewer and calibration session found in the reviews.
    pub reviewers: Vec<String>,
    pub sessions: Vec<String>,
    /// The configuration in use, and whether it differs from the defaults.
    pub config: QaConfig,
    pub custom: bool,
    pub sampling: Option<SampleView>,
    /// Open disputes first (oldest first), then resolved ones (latest first).
    pub disputes: Vec<DisputeRow>,
    pub calibrations: Vec<CalibrationView>,
    /// Mondays of every week with conversations (for the plan's week choice).
    pub weeks: Vec<NaiveDate>,
}

/// Builds the desk from the stored work and the current run (made with `work.config()`).
pub fn desk(work: &QaWork, report: &QaReport, log: &ChatLog) -> QaDesk {
    let cfg = work.config();
    let index: HashMap<ConvKey, usize> = report.index(log);
    let conv_of = |k: &ConvKey| index.get(k).map(|&i| i as u32);
    let sampling = work.sampling.as_ref().map(|s| {
        let rows: Vec<SampleRow> = s
            .items
            .iter()
            .map(|it| {
                let conv = conv_of(&it.key);
                SampleRow {
                    conv,
                    agent: it.agent.clone(),
                    buyer: mask_nick(&it.key.buyer),
                    start: it.key.start,
                    week: it.week,
                    risky: it.risky,
                    auto_score: conv.and_then(|c| report.conversations[c as usize].auto_score()),
                    reviewed: work.is_reviewed(&it.key),
                }
            })
            .collect();
        let done = rows.iter().filter(|r| r.reviewed).count() as u32;
        SampleView { plan: s.plan.clone(), week: s.week, made: s.made, rows, done }
    });
    let card_of = |id: &str| cfg.scorecards.cards.iter().find(|c| c.id == id);
    let mut disputes: Vec<DisputeRow> = work
        .reviews
        .iter()
        .filter_map(|r| {
            let d = r.dispute.as_ref()?;
            let conv = conv_of(&r.conv);
            Some(DisputeRow {
                conv,
                key: r.conv.clone(),
                buyer: mask_nick(&r.conv.buyer),
                agent: conv
                    .and_then(|c| report.conversations[c as usize].agent)
                    .map(|a| log.name(a).to_owned()),
                reviewer: r.reviewer.clone(),
                by: d.by.clone(),
                reason: d.reason.clone(),
                at: d.at,
                status: d.status.clone(),
                score: card_of(&r.scorecard).and_then(|c| r.score(c).score),
            })
        })
        .collect();
    disputes.sort_by(|a, b| {
        let open = |d: &DisputeRow| d.status != DisputeStatus::Open;
        open(a)
            .cmp(&open(b))
            .then_with(|| if a.status == DisputeStatus::Open { a.at.cmp(&b.at) } else { b.at.cmp(&a.at) })
    });
    // Calibration: per session (ordinary reviews as `None`) and card.
    let mut groups: BTreeMap<(Option<&str>, &str), Vec<Review>> = BTreeMap::new();
    for r in &work.reviews {
        groups.entry((r.calibration.as_deref(), r.scorecard.as_str())).or_default().push(r.clone());
    }
    let calibrations = groups
        .into_iter()
        .filter_map(|((session, card_id), reviews)| {
            let card = card_of(card_id)?;
            let stats = calibration(&reviews, card);
            (stats.conversations > 0).then(|| CalibrationView {
                session: session.map(str::to_owned),
                card: card.id.clone(),
                card_zh: card.zh.clone(),
                card_en: card.en.clone(),
                labels: card.categories.iter().map(|c| (c.zh.clone(), c.en.clone())).collect(),
                stats,
            })
        })
        .collect();
    let reviewers: BTreeSet<String> = work.reviews.iter().map(|r| r.reviewer.clone()).collect();
    let sessions: BTreeSet<String> = work.reviews.iter().filter_map(|r| r.calibration.clone()).collect();
    let weeks: BTreeSet<NaiveDate> = report.conversations.iter().map(|c| week_of(c.start.date())).collect();
    QaDesk {
        reviewer: work.reviewer.clone(),
        calibration: work.calibration.clone(),
        reviewers: reviewers.into_iter().collect(),
        sessions: sessions.into_iter().collect(),
        custom: work.config.is_some(),
        config: cfg.clone(),
        sampling,
        disputes,
        calibrations,
        weeks: weeks.into_iter().collect(),
    }
}

/// One example of an unconverted enquiry, ready to show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExampleRow {
    pub conv: u32,
    /// Masked.
    pub buyer: String,
    pub agent: Option<String>,
    pub start: Ts,
    /// The line that shows the reason, and the keyword's byte span in it (none for timing).
    pub text: String,
    pub span: Option<(u32, u32)>,
}

/// One reason group, ready to show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReasonRow {
    pub reason: Reason,
    pub enquiries: u32,
    pub examples: Vec<ExampleRow>,
}

/// 未成交分析 as shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnconvertedView {
    pub enquiries: u32,
    pub converted: u32,
    pub unconverted: u32,
    pub after_sale: u32,
    pub reasons: Vec<ReasonRow>,
}

/// Runs the unconverted-enquiry analysis (`None` without orders); the slow-reply threshold
/// follows the rule set's.
pub fn unconverted_view(
    log: &ChatLog,
    report: &QaReport,
    orders: &[Order],
    cfg: &QaConfig,
) -> Option<UnconvertedView> {
    if orders.is_empty() {
        return None;
    }
    let params = UnconvertedParams { slow_reply_secs: cfg.rules.slow_reply_secs, ..cfg.unconverted.clone() };
    let rep = unconverted(log, report, orders, &params);
    let reasons = rep
        .groups
        .into_iter()
        .map(|g| ReasonRow {
            reason: g.reason,
            enquiries: g.enquiries,
            examples: g
                .examples
                .into_iter()
                .filter_map(|e| {
                    let c = report.conversations.get(e.conv as usize)?;
                    let t = log.threads.get(c.thread as usize)?;
                    let m = t.messages.get(e.msg as usize)?;
                    Some(ExampleRow {
                        conv: e.conv,
                        buyer: mask_nick(log.name(t.buyer)),
                        agent: c.agent.map(|a| log.name(a).to_owned()),
                        start: c.start,
                        text: m.text.clone(),
                        span: e.span,
                    })
                })
                .collect(),
        })
        .collect();
    Some(UnconvertedView {
        enquiries: rep.enquiries,
        converted: rep.converted,
        unconverted: rep.unconverted,
        after_sale: rep.after_sale,
        reasons,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{DemoConfig, DemoWorkspace, generate_simple};
    use crate::qa::analyse;

    type Workspace = DemoWorkspace;

    fn demo() -> Workspace {
        generate_simple(&DemoConfig { seed: 7, days: 14, agents: 12, ..DemoConfig::default() })
    }

    fn run(ws: &Workspace, work: &QaWork) -> QaReport {
        analyse(&ws.chats, work.config(), &ws.staff).unwrap()
    }

    fn review(work: &QaWork, rep: &QaReport, ws: &Workspace, conv: usize, at: i64) -> Review {
        let cfg = work.config();
        let card = &cfg.scorecards.cards[rep.conversations[conv].scorecard as usize];
        let auto = crate::qa::auto_values(rep, cfg, conv);
        let mut r = Review::draft(rep.key(&ws.chats, conv), card, &auto, &work.reviewer, Ts(at));
        r.calibration = work.calibration.clone();
        r
    }

    #[test]
    fn sampling_plan_progress_and_week_filter() {
        let ws = demo();
        let mut work = QaWork::default();
        let rep = run(&ws, &work);
        let rr = RunRef { report: &rep, log: &ws.chats };
        let plan = SamplePlan { per_agent: 2, ..SamplePlan::default() };
        assert_eq!(
            work.apply(
                QaEdit::DrawSample { plan: SamplePlan { per_agent: 0, ..plan.clone() }, week: None },
                &rr,
                Ts(1)
            ),
            Err(EditError::EmptyPlan)
        );
        let d = desk(&work, &rep, &ws.chats);
        let week = *d.weeks.last().unwrap();
        work.apply(QaEdit::DrawSample { plan: plan.clone(), week: Some(week) }, &rr, Ts(1)).unwrap();
        let d = desk(&work, &rep, &ws.chats);
        let s = d.sampling.unwrap();
        assert!(!s.rows.is_empty());
        assert!(s.rows.iter().all(|r| r.week == week && r.conv.is_some() && r.buyer.contains('*')));
        let agents: BTreeSet<&str> = s.rows.iter().map(|r| r.agent.as_str()).collect();
        assert!(s.rows.len() <= agents.len() * 2);
        assert_eq!(s.done, 0);
        // Reviewing one sampled conversation moves the progress.
        let first = s.rows[0].conv.unwrap() as usize;
        work.put(review(&work, &rep, &ws, first, 5));
        assert_eq!(desk(&work, &rep, &ws.chats).sampling.unwrap().done, 1);
        // A new draw skips it.
        work.apply(QaEdit::DrawSample { plan, week: Some(week) }, &rr, Ts(2)).unwrap();
        let key = rep.key(&ws.chats, first);
        assert!(work.sampling.as_ref().unwrap().items.iter().all(|i| i.key != key));
        work.apply(QaEdit::ClearSample, &rr, Ts(3)).unwrap();
        assert!(desk(&work, &rep, &ws.chats).sampling.is_none());
    }

    #[test]
    fn disputes_change_the_score_only_when_accepted() {
        let ws = demo();
        let mut work = QaWork::default();
        let rep = run(&ws, &work);
        let rr = RunRef { report: &rep, log: &ws.chats };
        let r = review(&work, &rep, &ws, 0, 10);
        let key = r.conv.clone();
        let dispute = |reason: &str| QaEdit::Dispute {
            conv: key.clone(),
            reviewer: "主管".into(),
            by: "小美".into(),
            reason: reason.into(),
        };
        assert!(matches!(work.apply(dispute("x"), &rr, Ts(11)), Err(EditError::NoReview { .. })));
        work.put(r.clone());
        assert_eq!(
            work.apply(dispute(" "), &rr, Ts(11)),
            Err(EditError::Review(vec![ReviewError::EmptyReason]))
        );
        work.apply(dispute("买家先辱骂"), &rr, Ts(11)).unwrap();
        let d = desk(&work, &rep, &ws.chats);
        assert_eq!(d.disputes.len(), 1);
        assert_eq!(d.disputes[0].status, DisputeStatus::Open);
        let before = d.disputes[0].score;
        // Accept with a changed value: the score changes.
        let mut vals = r.values.clone();
        let i = vals.iter().position(|v| v.given.is_some_and(|g| g > 1)).unwrap();
        vals[i].given = Some(1);
        vals[i].comment = "申诉核实".into();
        let resolve = |values| QaEdit::Resolve {
            conv: key.clone(),
            reviewer: "主管".into(),
            note: "改".into(),
            values,
        };
        work.apply(resolve(Some(vals)), &rr, Ts(12)).unwrap();
        let d = desk(&work, &rep, &ws.chats);
        assert!(matches!(d.disputes[0].status, DisputeStatus::Resolved { changed: true, .. }));
        assert_ne!(d.disputes[0].score, before);
        // A rejected dispute changes nothing.
        work.apply(dispute("再次申诉"), &rr, Ts(13)).unwrap();
        let score = desk(&work, &rep, &ws.chats).disputes[0].score;
        work.apply(resolve(None), &rr, Ts(14)).unwrap();
        let d = desk(&work, &rep, &ws.chats);
        assert!(matches!(d.disputes[0].status, DisputeStatus::Resolved { changed: false, .. }));
        assert_eq!(d.disputes[0].score, score);
    }

    #[test]
    fn two_reviewers_show_in_calibration_and_reviewer_setting_is_checked() {
        let ws = demo();
        let mut work = QaWork::default();
        let rep = run(&ws, &work);
        let rr = RunRef { report: &rep, log: &ws.chats };
        assert_eq!(
            work.apply(QaEdit::SetReviewer { name: "  ".into(), calibration: None }, &rr, Ts(1)),
            Err(EditError::NoReviewer)
        );
        work.put(review(&work, &rep, &ws, 3, 10));
        work.apply(QaEdit::SetReviewer { name: "王组长".into(), calibration: None }, &rr, Ts(1)).unwrap();
        let key = rep.key(&ws.chats, 3);
        assert_eq!(work.review_for(&key).unwrap().reviewer, "主管", "someone else's review is shown");
        let mut other = review(&work, &rep, &ws, 3, 20);
        let i = other.values.iter().position(|v| v.given.is_some_and(|g| g > 1)).unwrap();
        other.values[i].given = Some(1);
        other.values[i].comment = "更严".into();
        work.put(other);
        assert_eq!(work.review_for(&key).unwrap().reviewer, "王组长");
        let d = desk(&work, &rep, &ws.chats);
        assert_eq!(d.reviewers, vec!["主管".to_owned(), "王组长".to_owned()]);
        let cal = d.calibrations.iter().find(|c| c.session.is_none()).unwrap();
        assert_eq!(cal.stats.conversations, 1);
        let wang = cal.stats.reviewers.iter().find(|r| r.reviewer == "王组长").unwrap();
        assert!(wang.mean_signed < 0.0);
        assert!(cal.stats.categories[i].agreeing < cal.stats.categories[i].pairs);
        // In a calibration session the reviewer sees only their own session review.
        work.apply(
            QaEdit::SetReviewer { name: "王组长".into(), calibration: Some(" 11月校准 ".into()) },
            &rr,
            Ts(1),
        )
        .unwrap();
        assert_eq!(work.calibration.as_deref(), Some("11月校准"));
        assert!(work.review_for(&key).is_none());
    }

    #[test]
    fn config_is_checked_reset_and_saved_only_when_custom() {
        let ws = demo();
        let mut work = QaWork::default();
        let rep = run(&ws, &work);
        let rr = RunRef { report: &rep, log: &ws.chats };
        let mut cfg = QaConfig::default();
        cfg.scorecards.cards[0].categories[0].points = 7;
        assert!(matches!(
            work.apply(QaEdit::SetConfig { config: Box::new(cfg) }, &rr, Ts(1)),
            Err(EditError::Points { .. })
        ));
        let mut cfg = QaConfig::default();
        cfg.rules.rules.push(cfg.rules.rules[0].clone());
        assert!(matches!(
            work.apply(QaEdit::SetConfig { config: Box::new(cfg) }, &rr, Ts(1)),
            Err(EditError::Rules(_))
        ));
        assert!(work.config.is_none());
        let mut cfg = QaConfig::default();
        let rude = cfg.rules.index_of("rude").unwrap();
        cfg.rules.rules[rude].phrases.push("亲".into());
        work.apply(QaEdit::SetConfig { config: Box::new(cfg.clone()) }, &rr, Ts(1)).unwrap();
        assert_eq!(work.config(), &cfg);
        let d = desk(&work, &rep, &ws.chats);
        assert!(d.custom);
        // More hits of the edited rule with the new config.
        let hits = |rep: &QaReport| rep.hits.iter().filter(|h| h.rule as usize == rude).count();
        assert!(hits(&run(&ws, &work)) > hits(&rep));
        work.apply(QaEdit::ResetConfig, &rr, Ts(2)).unwrap();
        assert!(work.config.is_none() && !desk(&work, &rep, &ws.chats).custom);
        // Setting the defaults stores nothing.
        work.apply(QaEdit::SetConfig { config: Box::default() }, &rr, Ts(3)).unwrap();
        assert!(work.config.is_none());
        let json = serde_json::to_string(&work).unwrap();
        assert_eq!(serde_json::from_str::<QaWork>(&json).unwrap(), work);
    }

    #[test]
    fn unconverted_view_needs_orders_and_shows_masked_examples() {
        let ws = demo();
        let work = QaWork::default();
        let rep = run(&ws, &work);
        assert!(unconverted_view(&ws.chats, &rep, &[], work.config()).is_none());
        let v = unconverted_view(&ws.chats, &rep, &ws.orders, work.config()).unwrap();
        assert!(v.unconverted > 0 && v.enquiries == v.converted + v.unconverted);
        assert!(v.reasons.iter().any(|r| r.reason == Reason::Price));
        for r in &v.reasons {
            assert!(r.enquiries as usize >= r.examples.len());
            for e in &r.examples {
                assert!(e.buyer.contains('*'));
                if let Some((a, b)) = e.span {
                    assert!(e.text.get(a as usize..b as usize).is_some_and(|s| !s.is_empty()));
                }
            }
        }
    }

    #[test]
    fn unconverted_reasons_follow_the_configured_word_lists() {
        let ws = demo();
        let work = QaWork::default();
        let rep = run(&ws, &work);
        let price = |cfg: &QaConfig| {
            let v = unconverted_view(&ws.chats, &rep, &ws.orders, cfg).unwrap();
            v.reasons.iter().find(|r| r.reason == Reason::Price).map_or(0, |r| r.enquiries)
        };
        let mut cfg = QaConfig::default();
        let before = price(&cfg);
        assert!(before > 0);
        cfg.unconverted_words_mut(Reason::Price).unwrap().clear();
        assert_eq!(price(&cfg), 0, "no price words: no enquiry is put down to price");
    }

    #[test]
    fn every_rule_is_explained_with_its_thresholds() {
        let mut set = crate::qa::RuleSet { slow_reply_secs: 95, ..Default::default() };
        for r in &set.rules {
            for lang in [Lang::Zh, Lang::En] {
                assert!(r.explain(lang, &set).chars().count() > 20, "{} {lang:?}", r.id);
            }
        }
        let slow = set.rule("slow_reply").unwrap().clone();
        assert!(slow.explain(Lang::Zh, &set).contains("95"));
        set.slow_reply_secs = 200;
        assert!(slow.explain(Lang::En, &set).contains("200"));
    }
}
