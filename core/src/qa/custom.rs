//! The supervisor's own additions to the QA configuration: phrase rules of their own (a brand's
//! forbidden words, a new risk phrase), scorecard categories of their own, which rules lower
//! which category, and the 未成交 word lists. The shipped rules and categories are switched off
//! or re-weighted, never removed, so "恢复默认" and saved reviews keep meaning the same thing;
//! only the user's own ones (ids starting with [`CUSTOM`]) can be removed.

use super::unconverted::Reason;
use super::{Category, Check, QaConfig, Rule, Side};

/// Prefix of the ids of rules and categories the user added.
pub const CUSTOM: &str = "custom-";

/// Whether `id` names a rule or category the user added.
pub fn is_custom(id: &str) -> bool {
    id.starts_with(CUSTOM)
}

/// Splits what a user typed into a word list: commas, 、，；; and line breaks separate words;
/// blanks and repeats are dropped.
pub fn split_words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in text.split([',', '，', '、', ';', '；', '\n', '\r']) {
        let w = w.trim();
        if !w.is_empty() && !out.iter().any(|x| x == w) {
            out.push(w.to_owned());
        }
    }
    out
}

/// The first `custom-N` not used by any of `taken`.
fn fresh_id<'a>(taken: impl Iterator<Item = &'a str> + Clone) -> String {
    (1..)
        .map(|n| format!("{CUSTOM}{n}"))
        .find(|id| !taken.clone().any(|t| t == id))
        .expect("ids are unbounded")
}

impl QaConfig {
    /// Adds a phrase rule: a word of `words` in a line of `side` is a hit. `risk`: a buyer-side
    /// risk flag (shown and used for sampling, not an agent fault). Returns the new rule's id.
    /// The name is used for both languages (the user typed one).
    pub fn add_phrase_rule(&mut self, name: &str, side: Side, risk: bool, words: Vec<String>) -> String {
        let id = fresh_id(self.rules.rules.iter().map(|r| r.id.as_str()));
        let name = name.trim().to_owned();
        self.rules.rules.push(Rule {
            id: id.clone(),
            zh: name.clone(),
            en: name,
            enabled: true,
            check: Check::Phrase { side, risk: risk && side == Side::Buyer },
            phrases: words,
            negation: side == Side::Agent,
            quotes: true,
            ..Rule::default()
        });
        id
    }

    /// Removes a rule the user added, and its links from every category. Shipped rules are
    /// kept (switch them off instead); returns whether something was removed.
    pub fn remove_rule(&mut self, id: &str) -> bool {
        if !is_custom(id) {
            return false;
        }
        let before = self.rules.rules.len();
        self.rules.rules.retain(|r| r.id != id);
        for card in &mut self.scorecards.cards {
            for c in &mut card.categories {
                c.rules.retain(|r| r != id);
            }
        }
        self.rules.rules.len() < before
    }

    /// Adds an ordinary category to card `card` (weight 10, yes/no), lowered automatically by
    /// `rules`. Returns its id, or `None` when there is no such card.
    pub fn add_category(&mut self, card: usize, name: &str, rules: Vec<String>) -> Option<String> {
        let taken: Vec<String> =
            self.scorecards.cards.iter().flat_map(|k| k.categories.iter().map(|c| c.id.clone())).collect();
        let id = fresh_id(taken.iter().map(String::as_str));
        let name = name.trim().to_owned();
        let k = self.scorecards.cards.get_mut(card)?;
        k.categories.push(Category {
            id: id.clone(),
            zh: name.clone(),
            en: name,
            weight: 10,
            points: 2,
            rules,
            ..Category::default()
        });
        Some(id)
    }

    /// Removes a category the user added from card `card`; returns whether it was there.
    /// Saved reviews keep their value for it, which no longer counts.
    pub fn remove_category(&mut self, card: usize, id: &str) -> bool {
        let Some(k) = self.scorecards.cards.get_mut(card) else { return false };
        let before = k.categories.len();
        if is_custom(id) {
            k.categories.retain(|c| c.id != id);
        }
        k.categories.len() < before
    }

    /// Links (`on`) or unlinks rule `rule` to category `cat` of card `card`: each hit of a
    /// linked rule lowers the category by one point.
    pub fn link_rule(&mut self, card: usize, cat: usize, rule: &str, on: bool) {
        let known = self.rules.rules.iter().any(|r| r.id == rule);
        let Some(c) = self.scorecards.cards.get_mut(card).and_then(|k| k.categories.get_mut(cat)) else {
            return;
        };
        c.rules.retain(|r| r != rule);
        if on && known {
            c.rules.push(rule.to_owned());
        }
    }

    /// The 未成交 word list that detects `reason` (`None` for reasons found otherwise).
    pub fn unconverted_words(&self, reason: Reason) -> Option<&Vec<String>> {
        let p = &self.unconverted;
        match reason {
            Reason::Price => Some(&p.price),
            Reason::Stock => Some(&p.stock),
            Reason::Size => Some(&p.size),
            Reason::Shipping => Some(&p.shipping),
            Reason::SlowReply | Reason::Other => None,
        }
    }

    /// Mutable access to [`QaConfig::unconverted_words`].
    pub fn unconverted_words_mut(&mut self, reason: Reason) -> Option<&mut Vec<String>> {
        let p = &mut self.unconverted;
        match reason {
            Reason::Price => Some(&mut p.price),
            Reason::Stock => Some(&mut p.stock),
            Reason::Size => Some(&mut p.size),
            Reason::Shipping => Some(&mut p.shipping),
            Reason::SlowReply | Reason::Other => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ChatLog, ChatMessage, ChatThread, MsgKind};
    use crate::qa::analyse;
    use crate::{Ts, model::Staff};

    fn log(lines: &[(MsgKind, u32, &str)]) -> ChatLog {
        let messages = lines
            .iter()
            .enumerate()
            .map(|(i, (kind, from, text))| ChatMessage {
                ts: Ts(1_700_000_000 + 30 * i as i64),
                from: *from,
                kind: *kind,
                text: (*text).into(),
            })
            .collect();
        ChatLog {
            names: vec!["买家甲".into(), "店铺:小美".into()],
            threads: vec![ChatThread { shop: "店铺".into(), buyer: 0, messages }],
        }
    }

    #[test]
    fn words_are_split_on_chinese_and_ascii_separators() {
        assert_eq!(split_words(" 微信，vx、 加我 ;加我\n\n QQ "), ["微信", "vx", "加我", "QQ"]);
        assert!(split_words(" ，、\n").is_empty());
    }

    #[test]
    fn a_custom_rule_hits_its_words_and_lowers_the_linked_category() {
        let mut cfg = QaConfig::default();
        let id = cfg.add_phrase_rule(" 竞品词 ", Side::Agent, false, vec!["某宝同款".into()]);
        assert_eq!(id, "custom-1");
        let cat = cfg.add_category(0, "品牌规范", vec![id.clone()]).unwrap();
        assert!(crate::qa::desk::check_config(&cfg).is_ok());
        let chats = log(&[
            (MsgKind::Buyer, 0, "有别的款吗"),
            (MsgKind::Agent, 1, "您好，这是某宝同款哦"),
            (MsgKind::Agent, 1, "不是某宝同款，是原创设计"),
        ]);
        let staff: Vec<Staff> = Vec::new();
        let rep = analyse(&chats, &cfg, &staff).unwrap();
        let hits: Vec<_> = rep.hits.iter().filter(|h| cfg.rules.rules[h.rule as usize].id == id).collect();
        // The second line negates it (不是…): a near miss.
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(hits[0].msg, 1);
        let card = &cfg.scorecards.cards[0];
        let ci = card.categories.iter().position(|c| c.id == cat).unwrap();
        let auto = crate::qa::auto_values(&rep, &cfg, 0);
        assert_eq!(auto[ci], Some(1), "one hit takes the yes/no category to its lowest value (1 of 2)");
        assert_eq!(cfg.rules.rule(&id).map(|r| r.label(crate::Lang::En)), Some("竞品词"));
    }

    #[test]
    fn removing_a_rule_unlinks_it_and_shipped_ones_stay() {
        let mut cfg = QaConfig::default();
        let id = cfg.add_phrase_rule("x", Side::Buyer, true, vec!["曝光".into()]);
        assert!(matches!(
            cfg.rules.rule(&id).unwrap().check,
            Check::Phrase { side: Side::Buyer, risk: true }
        ));
        cfg.link_rule(1, 0, &id, true);
        assert!(cfg.scorecards.cards[1].categories[0].rules.contains(&id));
        let n = cfg.rules.rules.len();
        assert!(!cfg.remove_rule("greeting"));
        assert!(cfg.remove_rule(&id));
        assert_eq!(cfg.rules.rules.len(), n - 1);
        assert!(cfg.scorecards.cards.iter().all(|k| k.categories.iter().all(|c| !c.rules.contains(&id))));
        // An unknown rule is never linked.
        cfg.link_rule(1, 0, "nope", true);
        assert!(!cfg.scorecards.cards[1].categories[0].rules.iter().any(|r| r == "nope"));
        // The next rule reuses the free id.
        assert_eq!(cfg.add_phrase_rule("y", Side::Agent, true, vec![]), "custom-1");
        assert!(matches!(cfg.rules.rule("custom-1").unwrap().check, Check::Phrase { risk: false, .. }));
    }

    #[test]
    fn only_custom_categories_are_removed() {
        let mut cfg = QaConfig::default();
        let first = cfg.scorecards.cards[0].categories[0].id.clone();
        assert!(!cfg.remove_category(0, &first));
        let id = cfg.add_category(0, "新分类", vec![]).unwrap();
        let other = cfg.add_category(1, "另一个", vec![]).unwrap();
        assert_ne!(id, other, "ids are unique over all cards");
        assert!(cfg.remove_category(0, &id));
        assert!(!cfg.remove_category(0, &id));
        assert!(cfg.add_category(9, "无此卡", vec![]).is_none());
    }

    #[test]
    fn unconverted_word_lists_are_reachable_and_old_configs_load() {
        let mut cfg = QaConfig::default();
        cfg.unconverted_words_mut(Reason::Price).unwrap().push("砍一刀".into());
        assert!(cfg.unconverted_words(Reason::Price).unwrap().iter().any(|w| w == "砍一刀"));
        assert!(cfg.unconverted_words(Reason::SlowReply).is_none());
        // Old saved configurations without the lists still load, with the default lists.
        let old = r#"{"rules":{"session_gap_secs":600}}"#;
        let back: QaConfig = serde_json::from_str(old).unwrap();
        assert_eq!(back.unconverted, crate::qa::UnconvertedParams::default());
    }
}
