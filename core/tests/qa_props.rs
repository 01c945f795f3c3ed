//! Property tests of QA scoring: scores stay within their bounds, marking a category N/A leaves
//! the other categories unchanged, and the order of conversations changes no score; plus the
//! matcher never panics and its spans always cut the original text on character boundaries.

use std::collections::BTreeMap;

use kefu_core::Lang;
use kefu_core::Ts;
use kefu_core::model::{ChatLog, ChatMessage, ChatThread, MsgKind, Role};
use kefu_core::qa::score::default_card;
use kefu_core::qa::{Category, Given, QaConfig, Scorecard, analyse, overview, overview_csv};
use proptest::prelude::*;

const LINES: &[&str] = &[
    "在吗",
    "您好，很高兴为您服务",
    "在的",
    "嗯",
    "好的谢谢",
    "不客气亲，祝您生活愉快，满意请给五星评价",
    "加我ＶＸ吧",
    "平台规定不能加微信",
    "全网最便宜",
    "最近发货慢",
    "我帮您查一下，稍等",
    "抱歉久等了",
    "我要投诉，12315",
    "放心，不会给差评",
    "拍了",
    "核对一下收货地址",
    "“不知道”是指哪里",
    "自己看",
    "ｏｋ！！１００％有效",
    "",
    "[图片]",
    "😀好",
];

fn arb_card() -> impl Strategy<Value = Scorecard> {
    prop::collection::vec((0u32..50, 2u8..=5, any::<bool>(), any::<bool>()), 1..8).prop_map(|cats| {
        Scorecard {
            id: "c".into(),
            categories: cats
                .into_iter()
                .enumerate()
                .map(|(i, (weight, points, critical, bonus))| Category {
                    id: format!("k{i}"),
                    weight,
                    points,
                    critical,
                    bonus,
                    ..Category::default()
                })
                .collect(),
            ..Scorecard::default()
        }
    })
}

fn arb_values(card: &Scorecard) -> impl Strategy<Value = Vec<Given>> + use<> {
    let scales: Vec<u8> = card.categories.iter().map(|c| c.points).collect();
    scales.into_iter().map(|p| prop::option::of(1u8..=p)).collect::<Vec<_>>()
}

fn arb_log() -> impl Strategy<Value = ChatLog> {
    let msg = (0i64..900, 0u8..7, 0usize..LINES.len());
    let thread = prop::collection::vec(msg, 1..14);
    prop::collection::vec((0u8..4, thread), 1..6).prop_map(|threads| {
        let mut log = ChatLog::default();
        let agents = [log.intern("店:甲"), log.intern("店:乙"), log.intern("店:丙")];
        for (bi, (buyer_no, msgs)) in threads.into_iter().enumerate() {
            let buyer = log.intern(&format!("买家{buyer_no}-{bi}"));
            let mut ts = Ts::from_ymd_hms(2026, 10, 19, 9, 0, 0).unwrap().plus(bi as i64 * 86_400 / 3);
            let messages = msgs
                .into_iter()
                .map(|(d, k, l)| {
                    ts = ts.plus(d);
                    let a = agents[(k as usize + l) % 3];
                    let (from, kind) = match k {
                        0 | 1 => (buyer, MsgKind::Buyer),
                        2 | 3 => (a, MsgKind::Agent),
                        4 => (a, MsgKind::Auto),
                        5 => (a, MsgKind::System),
                        _ => (a, MsgKind::Transfer { to: agents[(l + 1) % 3] }),
                    };
                    ChatMessage { ts, from, kind, text: LINES[l].to_owned() }
                })
                .collect();
            log.threads.push(ChatThread { shop: "店".into(), buyer, messages });
        }
        log
    })
}

proptest! {
    #[test]
    fn review_scores_stay_in_bounds((card, values) in arb_card().prop_flat_map(|c| { let v = arb_values(&c); (Just(c), v) })) {
        let o = card.score(&values);
        if let Some(s) = o.score {
            prop_assert!(s >= 0.0 && s <= card.max_score() + 1e-9, "{s} of {}", card.max_score());
        }
        for s in o.categories.iter().flatten() {
            prop_assert!((0.0..=100.0).contains(s));
        }
    }

    #[test]
    fn marking_a_category_na_leaves_the_others_unchanged(
        (card, values, pick) in arb_card().prop_flat_map(|c| {
            let n = c.categories.len();
            let v = arb_values(&c);
            (Just(c), v, 0..n)
        })
    ) {
        let before = card.score(&values);
        let mut na = values.clone();
        na[pick] = None;
        let after = card.score(&na);
        prop_assert_eq!(after.categories[pick], None);
        for i in 0..values.len() {
            if i != pick {
                prop_assert_eq!(before.categories[i], after.categories[i]);
            }
        }
        // Without critical categories in play, the score is the weighted mean of the rest.
        if !after.critical_failed {
            let (mut num, mut den, mut bonus) = (0.0, 0.0, 0.0);
            for (c, s) in card.categories.iter().zip(&after.categories) {
                let Some(s) = s else { continue };
                if c.bonus { bonus += c.weight as f64 * s / 100.0 } else if c.weight > 0 {
                    num += c.weight as f64 * s;
                    den += c.weight as f64;
                }
            }
            let want = (den > 0.0).then(|| ((num / den + bonus) * 100.0).round() / 100.0);
            prop_assert_eq!(after.score, want);
        }
    }

    #[test]
    fn default_cards_stay_in_bounds(values in prop::collection::vec(prop::option::of(1u8..=5), 7)) {
        for role in Role::ALL {
            let card = default_card(role);
            let v: Vec<Given> = card.categories.iter().zip(&values).map(|(c, g)| g.map(|g| g.min(c.points))).collect();
            if let Some(s) = card.score(&v).score {
                prop_assert!((0.0..=105.0).contains(&s));
            }
        }
    }

}

proptest! {
    // Each case compiles the rule set and runs the engine: fewer cases keep the debug run short.
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn conversation_order_changes_no_score(log in arb_log(), seed in any::<u64>()) {
        let cfg = QaConfig::default();
        let rep = analyse(&log, &cfg, &[]).unwrap();
        let max = cfg.scorecards.cards.iter().map(|c| c.max_score()).fold(0.0, f64::max);
        let scores = |log: &ChatLog, rep: &kefu_core::qa::QaReport| -> BTreeMap<_, _> {
            (0..rep.conversations.len())
                .map(|i| (rep.key(log, i), (rep.conversations[i].auto_centi, rep.hits_of(i).len())))
                .collect()
        };
        for c in &rep.conversations {
            if let Some(s) = c.auto_score() {
                prop_assert!(s >= 0.0 && s <= max);
            }
        }
        let before = scores(&log, &rep);
        let csv = overview_csv(&overview(&rep, &log, &cfg, &[]), &cfg, Lang::En);
        let mut shuffled = log.clone();
        let n = shuffled.threads.len();
        for i in (1..n).rev() {
            let j = (seed.rotate_left(i as u32) as usize) % (i + 1);
            shuffled.threads.swap(i, j);
        }
        let rep2 = analyse(&shuffled, &cfg, &[]).unwrap();
        prop_assert_eq!(&before, &scores(&shuffled, &rep2));
        prop_assert_eq!(csv, overview_csv(&overview(&rep2, &shuffled, &cfg, &[]), &cfg, Lang::En));
    }

    #[test]
    fn spans_cut_the_original_text_on_char_boundaries(text in "[在您好最微信VＶＸx１2不是，。“”‘’ 😀a-z]{0,30}") {
        let mut log = ChatLog::default();
        let buyer = log.intern("b");
        let a = log.intern("店:甲");
        let t0 = Ts::from_ymd_hms(2026, 10, 19, 9, 0, 0).unwrap();
        let messages = vec![
            ChatMessage { ts: t0, from: buyer, kind: MsgKind::Buyer, text: text.clone() },
            ChatMessage { ts: t0.plus(5), from: a, kind: MsgKind::Agent, text: text.clone() },
        ];
        log.threads.push(ChatThread { shop: "店".into(), buyer, messages });
        let cfg = QaConfig::default();
        let rep = analyse(&log, &cfg, &[]).unwrap();
        for h in &rep.hits {
            if let Some((s, e)) = h.span {
                prop_assert!(text.get(s as usize..e as usize).is_some_and(|p| !p.is_empty()), "{s}..{e} in {text:?}");
            }
        }
    }
}
