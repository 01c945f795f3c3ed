//! Scorecards (评分表): categories with weights, point scales, N/A, critical (auto-fail) and
//! bonus items, one default card per role; the score formulas of domain.md §4; automatic
//! category values from rule hits; and [`formulas`], the exact formulas for the app's help.
//!
//! - category score = (given − 1) ÷ (points − 1) × 100 (a category of `points` values 1..=points;
//!   2 points is yes/no).
//! - review score = Σ weightᵢ × scoreᵢ ÷ Σ weightᵢ over the non-bonus categories that are not
//!   N/A, plus Σ bonusⱼ × scoreⱼ ÷ 100 over bonus categories; `None` when every non-bonus
//!   category is N/A; 0 when a critical category is at its lowest value.
//! - team quality score (IQS) = mean of the review scores.
//!
//! Scores are rounded to hundredths of a point and summed as integers, so totals and means do
//! not depend on the order conversations come in.

use serde::{Deserialize, Serialize};

use crate::Lang;
use crate::model::Role;

use super::engine::{Conversation, Hit};
use super::rules::RuleSet;

/// A category value: `None` is N/A, otherwise 1..=points.
pub type Given = Option<u8>;

/// One category of a scorecard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Category {
    /// Stable key (saved reviews refer to it).
    pub id: String,
    pub zh: String,
    pub en: String,
    /// Relative weight (non-bonus) or the points added at full marks (bonus).
    pub weight: u32,
    /// Number of values, 2 (yes/no) to 5.
    pub points: u8,
    /// At its lowest value the whole review scores 0.
    pub critical: bool,
    /// Added on top of the weighted mean (may push the score above 100).
    pub bonus: bool,
    /// Rules whose hits lower this category automatically (one point per hit); the category
    /// is N/A automatically when none of them applied to the conversation.
    pub rules: Vec<String>,
}

impl Default for Category {
    fn default() -> Self {
        Category {
            id: String::new(),
            zh: String::new(),
            en: String::new(),
            weight: 1,
            points: 2,
            critical: false,
            bonus: false,
            rules: Vec::new(),
        }
    }
}

impl Category {
    pub fn label(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }

    fn points(&self) -> u8 {
        self.points.clamp(2, 5)
    }

    /// (given − 1) ÷ (points − 1) × 100, for a value within the scale.
    pub fn score_of(&self, given: u8) -> f64 {
        let p = self.points();
        let g = given.clamp(1, p);
        (g - 1) as f64 / (p - 1) as f64 * 100.0
    }

    pub fn is_valid(&self, given: Given) -> bool {
        given.is_none_or(|g| (1..=self.points()).contains(&g))
    }
}

/// A scorecard for one role.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Scorecard {
    pub id: String,
    pub zh: String,
    pub en: String,
    /// The role it scores; `None`: anyone without a card of their own.
    pub role: Option<Role>,
    pub categories: Vec<Category>,
}

/// The outcome of scoring one set of category values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoreOutcome {
    /// Review score, rounded to hundredths; `None` when every non-bonus category is N/A.
    pub score: Option<f64>,
    /// Per category: its 0–100 score, `None` for N/A.
    pub categories: Vec<Option<f64>>,
    pub critical_failed: bool,
    /// Bonus points included in `score`.
    pub bonus: f64,
}

fn centi(x: f64) -> i32 {
    (x * 100.0).round() as i32
}

impl Scorecard {
    pub fn label(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }

    /// Highest score possible: 100 plus every bonus.
    pub fn max_score(&self) -> f64 {
        100.0 + self.categories.iter().filter(|c| c.bonus).map(|c| c.weight as f64).sum::<f64>()
    }

    /// Scores `values` (one per category, in order; missing ones are N/A).
    pub fn score(&self, values: &[Given]) -> ScoreOutcome {
        let mut num = 0.0;
        let mut den = 0.0;
        let mut bonus = 0.0;
        let mut critical_failed = false;
        let mut cats = Vec::with_capacity(self.categories.len());
        for (i, c) in self.categories.iter().enumerate() {
            let g = values.get(i).copied().flatten().filter(|&g| c.is_valid(Some(g)));
            let s = g.map(|g| c.score_of(g));
            cats.push(s);
            let Some(s) = s else { continue };
            if c.critical && g == Some(1) {
                critical_failed = true;
            }
            if c.bonus {
                bonus += c.weight as f64 * s / 100.0;
            } else if c.weight > 0 {
                num += c.weight as f64 * s;
                den += c.weight as f64;
            }
        }
        let score = if den == 0.0 {
            None
        } else if critical_failed {
            Some(0.0)
        } else {
            Some(centi(num / den + bonus) as f64 / 100.0)
        };
        ScoreOutcome { score, categories: cats, critical_failed, bonus }
    }
}

/// Every scorecard plus which one a role uses.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Scorecards {
    pub cards: Vec<Scorecard>,
}

impl Default for Scorecards {
    fn default() -> Self {
        Scorecards { cards: vec![default_card(Role::PreSale), default_card(Role::AfterSale)] }
    }
}

impl Scorecards {
    /// Index of the card for `role`: its own, else one without a role, else the first.
    pub fn for_role(&self, role: Role) -> usize {
        self.cards
            .iter()
            .position(|c| c.role == Some(role))
            .or_else(|| self.cards.iter().position(|c| c.role.is_none()))
            .unwrap_or(0)
    }
}

/// A scorecard with its rule references resolved, for scoring many conversations fast.
pub struct CompiledCard {
    /// Per category: rule bits.
    masks: Vec<u64>,
}

impl CompiledCard {
    /// Unknown rule ids are ignored (a renamed rule simply stops counting), and so are buyer
    /// risk rules: they flag conversations, they never cost the agent points.
    pub fn new(card: &Scorecard, rules: &RuleSet) -> CompiledCard {
        let masks = card
            .categories
            .iter()
            .map(|c| {
                c.rules
                    .iter()
                    .filter_map(|id| rules.index_of(id))
                    .filter(|&i| !rules.rules[i].is_risk())
                    .fold(0u64, |m, i| m | 1u64 << i)
            })
            .collect();
        CompiledCard { masks }
    }

    /// Automatic category values for a conversation: N/A when none of the category's rules
    /// applied, else `points − hits` (at least 1).
    pub fn auto_values(&self, card: &Scorecard, conv: &Conversation, hits: &[Hit], out: &mut Vec<Given>) {
        out.clear();
        for (c, &mask) in card.categories.iter().zip(&self.masks) {
            if conv.applicable & mask == 0 {
                out.push(None);
                continue;
            }
            let n = hits.iter().filter(|h| mask & (1u64 << h.rule) != 0).count();
            let p = c.points();
            out.push(Some(p.saturating_sub(n.min(255) as u8).max(1)));
        }
    }
}

fn cat(id: &str, zh: &str, en: &str, weight: u32, points: u8, rules: &[&str]) -> Category {
    Category {
        id: id.into(),
        zh: zh.into(),
        en: en.into(),
        weight,
        points,
        rules: rules.iter().map(|s| (*s).to_owned()).collect(),
        ..Category::default()
    }
}

/// The default card of a role (from the vendor templates in domain.md §4).
pub fn default_card(role: Role) -> Scorecard {
    let mut cats = vec![
        cat("etiquette", "服务规范", "Service etiquette", 20, 5, &["greeting", "closing", "single_char"]),
        cat(
            "responsiveness",
            "响应及时",
            "Responsiveness",
            25,
            5,
            &["slow_reply", "late_no_apology", "follow_up", "unanswered", "transfer_no_reply"],
        ),
        Category { critical: true, ..cat("attitude", "服务态度", "Attitude", 20, 2, &["rude"]) },
        Category {
            critical: true,
            ..cat("compliance", "平台合规", "Platform compliance", 15, 2, &["platform_risk"])
        },
        cat("claims", "广告用语", "Advertising claims", 10, 3, &["absolute_claim"]),
    ];
    match role {
        Role::PreSale => {
            cats.push(cat(
                "sales_flow",
                "销售流程",
                "Sales process",
                10,
                3,
                &["address_confirm", "rating_invite"],
            ));
            cats.push(Category {
                bonus: true,
                ..cat("good_closing", "好的结束语", "Good closing", 5, 2, &["closing"])
            });
        }
        Role::AfterSale => {
            cats.push(cat(
                "soothing",
                "安抚与致歉",
                "Soothing upset buyers",
                10,
                3,
                &["soothe", "rating_invite"],
            ));
            cats.push(Category {
                bonus: true,
                ..cat("good_closing", "好的结束语", "Good closing", 5, 2, &["closing"])
            });
        }
    }
    let (id, zh, en) = match role {
        Role::PreSale => ("presale", "售前质检评分表", "Pre-sale scorecard"),
        Role::AfterSale => ("aftersale", "售后质检评分表", "After-sale scorecard"),
    };
    Scorecard { id: id.into(), zh: zh.into(), en: en.into(), role: Some(role), categories: cats }
}

/// Mean of scores given in hundredths: exact and order-independent.
pub fn mean_centi(sum: i64, n: u64) -> Option<f64> {
    (n > 0).then(|| (sum as f64 / n as f64).round() / 100.0)
}

/// The exact formulas, for the app's help page.
pub fn formulas(lang: Lang) -> String {
    lang.pick(
        "评分公式\n\
         · 分类得分 = (所给分值 − 1) ÷ (分值档数 − 1) × 100。是/否为 2 档（否 = 1，是 = 2），最多 5 档。\n\
         · 评审得分 = Σ(权重 × 分类得分) ÷ Σ权重，只计不适用（N/A）以外的普通分类；再加上加分项：Σ(加分 × 分类得分 ÷ 100)，因此可超过 100。\n\
         · 关键项（一票否决）取最低档时，整份评审记 0 分。所有普通分类都不适用时，不计分。\n\
         · 自动评分：分类所含规则都不适用于该会话时为 N/A；否则分值 = 档数 − 命中次数（最低 1 档）。顾客投诉风险只作标记，不扣客服分。\n\
         · 人工评审与自动评分分开保存；评审人可逐项改分并写明理由。\n\
         · 团队质检分（IQS）= 所有人工评审得分的平均值；自动质检分 = 所有会话自动得分的平均值。\n\
         · 校准：多名评审对同一批会话打分，只比较不改分。分类一致率 = 两两评审给出相同分值的比例；评审偏差 = 该评审的分类得分减去其他评审同一分类得分的平均值，再取平均。\n\
         · 会话：同一买家沉默 10 分钟（可设置）即开始新会话；首次响应时间 = 买家首条消息到客服首条人工回复；自动回复不计入响应时间；答问比 = 客服人工消息数 ÷ 买家消息数。",
        "Score formulas\n\
         · Category score = (given − 1) ÷ (number of values − 1) × 100. Yes/no has 2 values (no = 1, yes = 2); at most 5.\n\
         · Review score = Σ(weight × category score) ÷ Σ weight over the ordinary categories that are not N/A; plus bonus items: Σ(bonus × category score ÷ 100), so it may exceed 100.\n\
         · A critical (auto-fail) category at its lowest value sets the whole review to 0. When every ordinary category is N/A there is no score.\n\
         · Automatic scores: a category is N/A when none of its rules applied to the conversation; otherwise value = number of values − hits (at least 1). Buyer escalation words are flags and never cost the agent points.\n\
         · Human review scores are kept apart from automatic scores; a reviewer may override any category with a comment.\n\
         · Team quality score (IQS) = mean of all human review scores; automatic quality score = mean of the conversations' automatic scores.\n\
         · Calibration: several reviewers score the same conversations; nothing is changed. Category agreement = share of reviewer pairs that gave the same value; reviewer deviation = the reviewer's category score minus the mean of the other reviewers' scores for it, averaged.\n\
         · Conversations: 10 minutes of silence (configurable) start a new one; first response time = buyer's first line to the first human reply; auto-replies never count as replies; answer ratio = human agent lines ÷ buyer lines.",
    )
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_match_domain_conventions() {
        let card = default_card(Role::PreSale);
        let n = card.categories.len();
        let mut v: Vec<Given> = card.categories.iter().map(|c| Some(c.points)).collect();
        assert_eq!(card.score(&v).score, Some(105.0), "full marks plus the bonus");
        // A 5-point category at 3 scores 50.
        let i = card.categories.iter().position(|c| c.id == "etiquette").unwrap();
        v[i] = Some(3);
        let o = card.score(&v);
        assert_eq!(o.categories[i], Some(50.0));
        // Weighted mean: (20×50 + 80×100)/100 + 5 bonus.
        assert_eq!(o.score, Some(95.0));
        // Critical failure zeroes the review.
        let att = card.categories.iter().position(|c| c.id == "attitude").unwrap();
        v[att] = Some(1);
        assert_eq!(card.score(&v).score, Some(0.0));
        // Everything N/A: no score.
        assert_eq!(card.score(&vec![None; n]).score, None);
        assert!(formulas(Lang::En).contains("IQS"));
    }
}
