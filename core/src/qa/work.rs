//! The QA part of the supervisor's work, as stored (`store::WorkArea::Qa`): the human reviews
//! (with their disputes). Reviews are keyed by conversation (`ConvKey`), so they survive
//! re-imports and re-runs of the automatic checks.

use serde::{Deserialize, Serialize};

use super::{ConvKey, Review};

/// Everything QA keeps of the user's work.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct QaWork {
    pub reviews: Vec<Review>,
}

impl QaWork {
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
