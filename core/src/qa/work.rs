//! The QA part of the supervisor's work, as stored (`store::WorkArea::Qa`): the human reviews
//! (with their disputes), the reviewer's name and calibration session, the edited rules and
//! scorecards, and the sampling plan. Reviews and sampled conversations are keyed by
//! conversation (`ConvKey`), so they survive re-imports and re-runs of the automatic checks.

use std::sync::LazyLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{ConvKey, QaConfig, Review, SamplePlan};
use crate::Ts;

/// The reviewer's name until the supervisor types another.
pub const DEFAULT_REVIEWER: &str = "主管";

static DEFAULT_CONFIG: LazyLock<QaConfig> = LazyLock::new(QaConfig::default);

/// Everything QA keeps of the user's work.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct QaWork {
    pub reviews: Vec<Review>,
    /// Who reviews: saved reviews carry this name.
    pub reviewer: String,
    /// The calibration session reviews are saved in; `None`: ordinary reviews that count.
    pub calibration: Option<String>,
    /// Edited rules, thresholds and scorecards; `None`: the defaults.
    pub config: Option<QaConfig>,
    /// The current sampling plan (抽查) and the conversations it drew.
    pub sampling: Option<Sampling>,
    /// Agent replies applied from packets (disputes and training acknowledgements), by id, so
    /// the same reply file applied twice changes nothing (`packet::apply_reply`).
    pub replies: Vec<crate::packet::ReplyRecord>,
}

impl Default for QaWork {
    fn default() -> Self {
        QaWork {
            reviews: Vec::new(),
            reviewer: DEFAULT_REVIEWER.into(),
            calibration: None,
            config: None,
            sampling: None,
            replies: Vec::new(),
        }
    }
}

/// A drawn sampling plan: the plan, the week it was drawn for, and the conversations.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sampling {
    pub plan: SamplePlan,
    /// Monday of the week sampled; `None`: every week.
    pub week: Option<NaiveDate>,
    pub items: Vec<Sampled>,
    /// When it was drawn.
    pub made: Ts,
}

/// One conversation the plan drew.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sampled {
    pub key: ConvKey,
    /// The agent's name (sub-account).
    pub agent: String,
    pub week: NaiveDate,
    pub risky: bool,
}

impl QaWork {
    /// The configuration in use.
    pub fn config(&self) -> &QaConfig {
        self.config.as_ref().unwrap_or(&DEFAULT_CONFIG)
    }

    /// The review that counts for `conv`: the latest one outside calibration.
    pub fn review_of(&self, conv: &ConvKey) -> Option<&Review> {
        self.reviews
            .iter()
            .filter(|r| r.calibration.is_none() && &r.conv == conv)
            .max_by(|a, b| (a.at, &a.reviewer).cmp(&(b.at, &b.reviewer)))
    }

    /// Stores `review`, replacing the same reviewer's earlier review of the same conversation
    /// in the same calibration session (or outside any).
    pub fn put(&mut self, review: Review) {
        self.reviews.retain(|r| {
            !(r.conv == review.conv && r.reviewer == review.reviewer && r.calibration == review.calibration)
        });
        self.reviews.push(review);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Ts;

    fn review(buyer: &str, reviewer: &str, at: i64, calibration: Option<&str>) -> Review {
        Review {
            conv: ConvKey { shop: "店".into(), buyer: buyer.into(), start: Ts(0) },
            reviewer: reviewer.into(),
            at: Ts(at),
            calibration: calibration.map(str::to_owned),
            ..Review::default()
        }
    }

    #[test]
    fn put_replaces_the_same_reviewers_review_and_review_of_picks_the_latest() {
        let mut w = QaWork::default();
        w.put(review("甲", "主管", 10, None));
        w.put(review("甲", "主管", 20, None));
        w.put(review("甲", "组长", 15, None));
        w.put(review("甲", "组长", 30, Some("校准1")));
        w.put(review("乙", "主管", 5, None));
        assert_eq!(w.reviews.len(), 4);
        let key = review("甲", "", 0, None).conv;
        let r = w.review_of(&key).unwrap();
        assert_eq!((r.reviewer.as_str(), r.at), ("主管", Ts(20)));
        let none = ConvKey { shop: "店".into(), buyer: "丙".into(), start: Ts(0) };
        assert!(w.review_of(&none).is_none());
    }
}
