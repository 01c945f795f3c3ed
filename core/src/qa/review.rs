//! Human review (人工抽查评审): a reviewer's category values, kept apart from the automatic
//! ones they started from, with a comment per override; disputes by the agent and their
//! resolution; and calibration statistics when several reviewers score the same conversations.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::lang::Localize;
use crate::{Lang, Ts};

use super::ConvKey;
use super::score::{Given, ScoreOutcome, Scorecard};

/// One category as the reviewer scored it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReviewValue {
    /// `Category::id`.
    pub category: String,
    /// The reviewer's value (`None` = N/A).
    pub given: Given,
    /// The automatic value when the review was drafted (kept for the record, never scored).
    pub auto: Given,
    /// Why the reviewer changed the automatic value.
    pub comment: String,
}

impl ReviewValue {
    pub fn overridden(&self) -> bool {
        self.given != self.auto
    }
}

/// Where a dispute stands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum DisputeStatus {
    Open,
    /// `changed`: the review's values were changed as a result.
    Resolved {
        by: String,
        at: Ts,
        note: String,
        changed: bool,
    },
}

/// An agent's objection to a review (申诉).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dispute {
    pub by: String,
    pub at: Ts,
    pub reason: String,
    pub status: DisputeStatus,
}

/// One human review of one conversation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Review {
    pub conv: ConvKey,
    pub reviewer: String,
    /// `Scorecard::id` it was scored on.
    pub scorecard: String,
    pub at: Ts,
    pub values: Vec<ReviewValue>,
    pub comment: String,
    /// Calibration session id; calibration reviews never count in scores.
    pub calibration: Option<String>,
    pub dispute: Option<Dispute>,
}

impl Default for Review {
    fn default() -> Self {
        Review {
            conv: ConvKey { shop: String::new(), buyer: String::new(), start: Ts(0) },
            reviewer: String::new(),
            scorecard: String::new(),
            at: Ts(0),
            values: Vec::new(),
            comment: String::new(),
            calibration: None,
            dispute: None,
        }
    }
}

/// What is wrong with a review or a dispute action.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum ReviewError {
    #[error("category {category:?} is not on scorecard {card:?} — pick the review's scorecard again")]
    UnknownCategory { category: String, card: String },
    #[error("category {category:?}: value {value} is outside 1..={points} — choose a value on the scale")]
    OutOfScale { category: String, value: u8, points: u8 },
    #[error("category {category:?} was changed from the automatic value without a comment — say why")]
    CommentRequired { category: String },
    #[error("a dispute needs a reason — write what the agent objects to")]
    EmptyReason,
    #[error("this review already has an open dispute — resolve it first")]
    AlreadyDisputed,
    #[error("there is no open dispute to resolve")]
    NoOpenDispute,
    #[error("calibration reviews cannot be disputed — they do not count in scores")]
    Calibration,
}

impl Localize for ReviewError {
    fn localize(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            ReviewError::UnknownCategory { category, card } => {
                format!("评分表 {card} 中没有分类 {category}：请重新选择评分表")
            }
            ReviewError::OutOfScale { category, value, points } => {
                format!("分类 {category}：分值 {value} 超出 1–{points}，请在档位内选择")
            }
            ReviewError::CommentRequired { category } => {
                format!("分类 {category} 改动了自动评分，请填写理由")
            }
            ReviewError::EmptyReason => "申诉需要填写理由".into(),
            ReviewError::AlreadyDisputed => "该评审已有未处理的申诉，请先处理".into(),
            ReviewError::NoOpenDispute => "没有待处理的申诉".into(),
            ReviewError::Calibration => "校准评审不计分，不能申诉".into(),
        }
    }
}

impl Review {
    /// A new review prefilled with the automatic values (`auto`, one per category).
    pub fn draft(conv: ConvKey, card: &Scorecard, auto: &[Given], reviewer: &str, at: Ts) -> Review {
        let values = card
            .categories
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let a = auto.get(i).copied().flatten();
                ReviewValue { category: c.id.clone(), given: a, auto: a, comment: String::new() }
            })
            .collect();
        Review {
            conv,
            reviewer: reviewer.into(),
            scorecard: card.id.clone(),
            at,
            values,
            ..Review::default()
        }
    }

    /// Every problem with the review against its card (empty when it can be saved).
    pub fn validate(&self, card: &Scorecard) -> Vec<ReviewError> {
        let mut errs = Vec::new();
        for v in &self.values {
            let Some(c) = card.categories.iter().find(|c| c.id == v.category) else {
                errs.push(ReviewError::UnknownCategory {
                    category: v.category.clone(),
                    card: card.id.clone(),
                });
                continue;
            };
            if !c.is_valid(v.given) {
                errs.push(ReviewError::OutOfScale {
                    category: v.category.clone(),
                    value: v.given.unwrap_or(0),
                    points: c.points,
                });
            }
            if v.overridden() && v.comment.trim().is_empty() {
                errs.push(ReviewError::CommentRequired { category: v.category.clone() });
            }
        }
        errs
    }

    /// The card's values in category order (categories the review lacks are N/A).
    pub fn values_for(&self, card: &Scorecard) -> Vec<Given> {
        card.categories
            .iter()
            .map(|c| self.values.iter().find(|v| v.category == c.id).and_then(|v| v.given))
            .collect()
    }

    /// The review score on `card` (domain.md §4 formulas, see `score`).
    pub fn score(&self, card: &Scorecard) -> ScoreOutcome {
        card.score(&self.values_for(card))
    }

    pub fn open_dispute(&mut self, by: &str, reason: &str, at: Ts) -> Result<(), ReviewError> {
        if self.calibration.is_some() {
            return Err(ReviewError::Calibration);
        }
        if reason.trim().is_empty() {
            return Err(ReviewError::EmptyReason);
        }
        if matches!(self.dispute, Some(Dispute { status: DisputeStatus::Open, .. })) {
            return Err(ReviewError::AlreadyDisputed);
        }
        self.dispute =
            Some(Dispute { by: by.into(), at, reason: reason.trim().into(), status: DisputeStatus::Open });
        Ok(())
    }

    /// Resolves the open dispute. `new_values`: the corrected values, if the reviewer changed
    /// them (validated like any review; nothing changes on error).
    pub fn resolve_dispute(
        &mut self,
        card: &Scorecard,
        by: &str,
        note: &str,
        at: Ts,
        new_values: Option<Vec<ReviewValue>>,
    ) -> Result<(), Vec<ReviewError>> {
        let Some(d) = &self.dispute else { return Err(vec![ReviewError::NoOpenDispute]) };
        if d.status != DisputeStatus::Open {
            return Err(vec![ReviewError::NoOpenDispute]);
        }
        let changed = new_values.is_some();
        if let Some(vals) = new_values {
            let trial = Review { values: vals, ..self.clone() };
            let errs = trial.validate(card);
            if !errs.is_empty() {
                return Err(errs);
            }
            self.values = trial.values;
        }
        if let Some(d) = &mut self.dispute {
            d.status = DisputeStatus::Resolved { by: by.into(), at, note: note.trim().into(), changed };
        }
        Ok(())
    }
}

/// Agreement on one category in a calibration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CategoryAgreement {
    pub category: String,
    /// Reviewer pairs that scored the same conversation.
    pub pairs: u32,
    /// Pairs that gave the same value (N/A counts as a value).
    pub agreeing: u32,
}

impl CategoryAgreement {
    pub fn rate(&self) -> Option<f64> {
        (self.pairs > 0).then(|| self.agreeing as f64 / self.pairs as f64)
    }
}

/// How far one reviewer sits from the others.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewerDeviation {
    pub reviewer: String,
    pub reviews: u32,
    /// Category scores compared (both sides not N/A).
    pub compared: u32,
    /// Mean of (own category score − mean of the others'), in points of 0–100; positive = lenient.
    pub mean_signed: f64,
    pub mean_abs: f64,
    /// Mean of (own review score − mean of the others' review scores).
    pub score_signed: f64,
}

/// Calibration statistics.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    /// Conversations scored by two or more reviewers.
    pub conversations: u32,
    pub categories: Vec<CategoryAgreement>,
    pub reviewers: Vec<ReviewerDeviation>,
}

/// Compares reviewers who scored the same conversations on `card` (pass the reviews of one
/// calibration session; reviews on other cards are ignored). Nothing is changed.
pub fn calibration(reviews: &[Review], card: &Scorecard) -> Calibration {
    let mut by_conv: BTreeMap<&ConvKey, Vec<&Review>> = BTreeMap::new();
    for r in reviews.iter().filter(|r| r.scorecard == card.id) {
        let v = by_conv.entry(&r.conv).or_default();
        // One review per reviewer and conversation: the latest.
        match v.iter().position(|x| x.reviewer == r.reviewer) {
            Some(i) if v[i].at <= r.at => v[i] = r,
            Some(_) => {}
            None => v.push(r),
        }
    }
    let mut cats: Vec<CategoryAgreement> = card
        .categories
        .iter()
        .map(|c| CategoryAgreement { category: c.id.clone(), pairs: 0, agreeing: 0 })
        .collect();
    #[derive(Default)]
    struct Acc {
        reviews: u32,
        n: u32,
        signed: f64,
        abs: f64,
        score_n: u32,
        score_signed: f64,
    }
    let mut acc: BTreeMap<&str, Acc> = BTreeMap::new();
    let mut convs = 0;
    for group in by_conv.values().filter(|g| g.len() >= 2) {
        convs += 1;
        let vals: Vec<Vec<Given>> = group.iter().map(|r| r.values_for(card)).collect();
        let scores: Vec<Option<f64>> = vals.iter().map(|v| card.score(v).score).collect();
        for (ci, c) in card.categories.iter().enumerate() {
            for i in 0..group.len() {
                for j in i + 1..group.len() {
                    cats[ci].pairs += 1;
                    if vals[i][ci] == vals[j][ci] {
                        cats[ci].agreeing += 1;
                    }
                }
            }
            for i in 0..group.len() {
                let Some(own) = vals[i][ci] else { continue };
                let others: Vec<f64> = (0..group.len())
                    .filter(|&j| j != i)
                    .filter_map(|j| vals[j][ci].map(|g| c.score_of(g)))
                    .collect();
                if others.is_empty() {
                    continue;
                }
                let d = c.score_of(own) - others.iter().sum::<f64>() / others.len() as f64;
                let a = acc.entry(group[i].reviewer.as_str()).or_default();
                a.n += 1;
                a.signed += d;
                a.abs += d.abs();
            }
        }
        for (i, r) in group.iter().enumerate() {
            let a = acc.entry(r.reviewer.as_str()).or_default();
            a.reviews += 1;
            let others: Vec<f64> = (0..group.len()).filter(|&j| j != i).filter_map(|j| scores[j]).collect();
            if let (Some(own), false) = (scores[i], others.is_empty()) {
                a.score_n += 1;
                a.score_signed += own - others.iter().sum::<f64>() / others.len() as f64;
            }
        }
    }
    let reviewers = acc
        .into_iter()
        .map(|(name, a)| ReviewerDeviation {
            reviewer: name.to_owned(),
            reviews: a.reviews,
            compared: a.n,
            mean_signed: if a.n > 0 { a.signed / a.n as f64 } else { 0.0 },
            mean_abs: if a.n > 0 { a.abs / a.n as f64 } else { 0.0 },
            score_signed: if a.score_n > 0 { a.score_signed / a.score_n as f64 } else { 0.0 },
        })
        .collect();
    Calibration { conversations: convs, categories: cats, reviewers }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Role;
    use crate::qa::score::default_card;

    fn key() -> ConvKey {
        ConvKey { shop: "店".into(), buyer: "买家".into(), start: Ts(100) }
    }

    #[test]
    fn override_needs_a_comment_and_scores_apart_from_auto() {
        let card = default_card(Role::PreSale);
        let auto: Vec<Given> = card.categories.iter().map(|c| Some(c.points)).collect();
        let mut r = Review::draft(key(), &card, &auto, "王组长", Ts(1000));
        assert!(r.validate(&card).is_empty());
        r.values[0].given = Some(1);
        assert_eq!(r.validate(&card), vec![ReviewError::CommentRequired { category: "etiquette".into() }]);
        r.values[0].comment = "没有问候".into();
        assert!(r.validate(&card).is_empty());
        assert!(r.score(&card).score.unwrap() < card.score(&auto).score.unwrap());
        assert_eq!(r.values[0].auto, Some(5), "the automatic value is kept");
        r.values[1].given = Some(9);
        r.values[1].comment = "x".into();
        assert!(matches!(r.validate(&card)[0], ReviewError::OutOfScale { .. }));
    }

    #[test]
    fn disputes_open_and_resolve() {
        let card = default_card(Role::AfterSale);
        let auto: Vec<Given> = card.categories.iter().map(|c| Some(c.points)).collect();
        let mut r = Review::draft(key(), &card, &auto, "王组长", Ts(1000));
        assert_eq!(r.open_dispute("小美", "  ", Ts(2000)), Err(ReviewError::EmptyReason));
        assert_eq!(r.resolve_dispute(&card, "王", "", Ts(3), None), Err(vec![ReviewError::NoOpenDispute]));
        r.open_dispute("小美", "顾客先骂人的", Ts(2000)).unwrap();
        assert_eq!(r.open_dispute("小美", "again", Ts(2001)), Err(ReviewError::AlreadyDisputed));
        let mut vals = r.values.clone();
        vals[0].given = Some(4);
        assert!(
            r.resolve_dispute(&card, "王组长", "改", Ts(3000), Some(vals.clone())).is_err(),
            "no comment"
        );
        vals[0].comment = "申诉成立".into();
        r.resolve_dispute(&card, "王组长", "改", Ts(3000), Some(vals)).unwrap();
        assert!(matches!(r.dispute.as_ref().unwrap().status, DisputeStatus::Resolved { changed: true, .. }));
        assert_eq!(r.values[0].given, Some(4));
    }

    #[test]
    fn calibration_agreement_and_deviation() {
        let card = default_card(Role::PreSale);
        let full: Vec<Given> = card.categories.iter().map(|c| Some(c.points)).collect();
        let a = Review::draft(key(), &card, &full, "A", Ts(1));
        let b = Review::draft(key(), &card, &full, "B", Ts(1));
        let mut c = Review::draft(key(), &card, &full, "C", Ts(1));
        c.values[0].given = Some(1); // etiquette: 0 instead of 100
        let cal = calibration(&[a, b, c], &card);
        assert_eq!(cal.conversations, 1);
        assert_eq!(cal.categories[0].pairs, 3);
        assert_eq!(cal.categories[0].agreeing, 1);
        assert_eq!(cal.categories[1].agreeing, 3);
        let dev = |n: &str| cal.reviewers.iter().find(|r| r.reviewer == n).unwrap().clone();
        assert!(dev("C").mean_signed < 0.0 && dev("A").mean_signed > 0.0);
        assert!((dev("C").mean_abs * dev("C").compared as f64 - 100.0).abs() < 1e-9);
        assert!(dev("C").score_signed < 0.0);
    }
}
