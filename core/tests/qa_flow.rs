//! The supervisor's QA flow over the demo team: sample conversations, review them (the review
//! score and team quality score follow), view one with its evidence, and analyse the
//! enquiries that did not convert.

use std::collections::HashSet;

use kefu_core::demo::{DemoConfig, generate_simple};
use kefu_core::model::MsgKind;
use kefu_core::qa::{
    self, ConvFilter, QaConfig, Reason, Review, SamplePlan, UnconvertedParams, analyse, conversation_view,
    conversations_of, overview, sample, unconverted,
};

#[test]
fn sampling_is_seeded_stratified_and_skips_reviewed() {
    let ws = generate_simple(&DemoConfig::default());
    let cfg = QaConfig::default();
    let rep = analyse(&ws.chats, &cfg, &ws.staff).unwrap();
    let plan = SamplePlan { per_agent: 4, seed: 7, risk_share: 0.5, ..SamplePlan::default() };
    let none = HashSet::new();
    let a = sample(&rep, &ws.chats, &plan, &none);
    assert_eq!(a, sample(&rep, &ws.chats, &plan, &none), "same seed, same sample");
    let b = sample(&rep, &ws.chats, &SamplePlan { seed: 8, ..plan.clone() }, &none);
    assert_ne!(a, b, "another seed, another sample");
    // Four weeks × agents, at most four each; half risky where risk exists.
    let mut per: std::collections::BTreeMap<(u32, chrono::NaiveDate), (usize, usize)> = Default::default();
    for s in &a {
        let e = per.entry((s.agent, s.week)).or_default();
        e.0 += 1;
        e.1 += s.risky as usize;
        assert_eq!(rep.conversations[s.conv as usize].agent, Some(s.agent));
        assert_eq!(qa::sample::is_risky(&rep, s.conv as usize, &plan), s.risky);
    }
    assert!(per.len() >= 12 * 4);
    assert!(per.values().all(|&(n, _)| n <= 4));
    let with_two_risky = per.values().filter(|&&(n, r)| n == 4 && r == 2).count();
    assert!(with_two_risky * 2 > per.len(), "most agent-weeks get exactly half risky: {per:?}");
    // Reviewed conversations are skipped.
    let reviewed: HashSet<_> = a.iter().map(|s| s.key.clone()).collect();
    let c = sample(&rep, &ws.chats, &plan, &reviewed);
    assert!(c.iter().all(|s| !reviewed.contains(&s.key)));
    assert!(!c.is_empty());
}

#[test]
fn reviews_feed_the_overview_apart_from_auto_scores() {
    let ws = generate_simple(&DemoConfig::default());
    let cfg = QaConfig::default();
    let rep = analyse(&ws.chats, &cfg, &ws.staff).unwrap();
    let picked = sample(&rep, &ws.chats, &SamplePlan::default(), &HashSet::new());
    let mut reviews = Vec::new();
    for (n, s) in picked.iter().take(20).enumerate() {
        let conv = s.conv as usize;
        let card = &cfg.scorecards.cards[rep.conversations[conv].scorecard as usize];
        let auto = qa::auto_values(&rep, &cfg, conv);
        let mut r = Review::draft(s.key.clone(), card, &auto, "组长", kefu_core::Ts(0));
        if n == 0 {
            r.values[0].given = Some(1);
            r.values[0].comment = "问候生硬".into();
        }
        assert!(r.validate(card).is_empty());
        reviews.push(r);
    }
    let ov = overview(&rep, &ws.chats, &cfg, &reviews);
    assert_eq!(ov.team.reviews, 20);
    let scores: Vec<f64> = reviews
        .iter()
        .map(|r| r.score(cfg.scorecards.cards.iter().find(|c| c.id == r.scorecard).unwrap()).score.unwrap())
        .collect();
    let iqs = (scores.iter().map(|s| (s * 100.0).round()).sum::<f64>() / 20.0).round() / 100.0;
    assert_eq!(ov.team.review_score, Some(iqs));
    assert_eq!(ov.agents.iter().map(|a| a.reviews).sum::<u32>(), 20);
    // Automatic scores are untouched by reviews.
    assert_eq!(ov.team.auto_score, overview(&rep, &ws.chats, &cfg, &[]).team.auto_score);
    // Weekly trend: four demo weeks, Mondays, adding up to the totals.
    assert_eq!(ov.weeks.len(), 4);
    assert!(ov.weeks.iter().all(|w| chrono::Datelike::weekday(w) == chrono::Weekday::Mon));
    assert_eq!(ov.team.weeks.iter().map(|w| w.conversations).sum::<u32>(), ov.team.conversations);
    assert_eq!(ov.team.weeks.iter().map(|w| w.reviews).sum::<u32>(), 20);
    for a in &ov.agents {
        assert_eq!(a.weeks.iter().map(|w| w.conversations).sum::<u32>(), a.conversations, "{}", a.agent);
    }
    // Calibration reviews never count.
    let cal: Vec<Review> =
        reviews.iter().cloned().map(|r| Review { calibration: Some("c1".into()), ..r }).collect();
    assert_eq!(overview(&rep, &ws.chats, &cfg, &cal).team.reviews, 0);
}

#[test]
fn the_viewer_highlights_evidence_and_masks_the_buyer() {
    let ws = generate_simple(&DemoConfig::default());
    let cfg = QaConfig::default();
    let rep = analyse(&ws.chats, &cfg, &ws.staff).unwrap();
    let conv =
        (0..rep.conversations.len()).find(|&i| rep.hits_of(i).iter().any(|h| h.span.is_some())).unwrap();
    let v = conversation_view(&ws.chats, &rep, conv, true).unwrap();
    let buyer = ws.chats.name(ws.chats.threads[rep.conversations[conv].thread as usize].buyer);
    assert_ne!(v.buyer, buyer);
    assert!(v.lines.iter().filter(|l| l.kind == MsgKind::Buyer).all(|l| l.who == v.buyer));
    let marked: Vec<&str> = v
        .lines
        .iter()
        .flat_map(|l| l.marks.iter().map(move |m| &l.text[m.0 as usize..m.1 as usize]))
        .collect();
    assert!(!marked.is_empty());
    assert_eq!(rep.find(&ws.chats, &v.key), Some(conv));

    // Drill-down: one agent's conversations with a rude hit, worst first, buyers masked.
    let rude = cfg.rules.index_of("rude").unwrap() as u16;
    let ov = overview(&rep, &ws.chats, &cfg, &[]);
    let worst = ov.agents.iter().max_by_key(|a| a.rule_hits[rude as usize]).unwrap();
    // Most-failed rules: three at most, most first, never a buyer risk flag.
    let top = &worst.top_rules;
    assert!(top.len() <= 3 && top.windows(2).all(|w| w[0].1 >= w[1].1));
    assert!(
        top.iter().all(|t| !cfg.rules.rules[t.0 as usize].is_risk() && worst.rule_hits[t.0 as usize] == t.1)
    );
    let least_top = top.last().unwrap().1;
    assert!(top.iter().any(|t| t.0 == rude) || least_top >= worst.rule_hits[rude as usize]);
    let f = ConvFilter { agent: Some(worst.id), rule: Some(rude), ..ConvFilter::default() };
    let rows = conversations_of(&rep, &ws.chats, &f);
    assert!(!rows.is_empty() && rows.len() as u32 <= worst.rule_hits[rude as usize]);
    for w in rows.windows(2) {
        assert!(w[0].auto_score.unwrap_or(f64::MAX) <= w[1].auto_score.unwrap_or(f64::MAX));
    }
    for r in &rows {
        assert!(rep.hits_of(r.conv as usize).iter().any(|h| h.rule == rude));
        assert!(r.buyer.contains("***"));
    }
}

#[test]
fn unconverted_enquiries_are_grouped_by_reason_with_examples() {
    let ws = generate_simple(&DemoConfig::default());
    let cfg = QaConfig::default();
    let rep = analyse(&ws.chats, &cfg, &ws.staff).unwrap();
    let p = UnconvertedParams::default();
    let u = unconverted(&ws.chats, &rep, &ws.orders, &p);
    assert!(u.enquiries > 1000, "{u:?}");
    assert!(u.converted > 0 && u.unconverted > 0 && u.after_sale > 0);
    assert_eq!(u.enquiries, u.converted + u.unconverted);
    assert!(u.groups.iter().map(|g| g.enquiries).sum::<u32>() >= u.unconverted);
    let price = u.groups.iter().find(|g| g.reason == Reason::Price).expect("some buyers balk at the price");
    for g in &u.groups {
        assert!(g.examples.len() <= p.examples && !g.examples.is_empty());
        let words = match g.reason {
            Reason::Price => &p.price,
            Reason::Stock => &p.stock,
            Reason::Size => &p.size,
            Reason::Shipping => &p.shipping,
            _ => continue,
        };
        for e in &g.examples {
            let c = &rep.conversations[e.conv as usize];
            let text = &ws.chats.threads[c.thread as usize].messages[e.msg as usize].text;
            let (s, t) = e.span.unwrap();
            assert!(words.iter().any(|w| w == &text[s as usize..t as usize]), "{text}");
        }
    }
    assert!(price.enquiries > 0);
    // Without orders nothing converts.
    let none = unconverted(&ws.chats, &rep, &[], &p);
    assert_eq!(none.converted, 0);
    assert_eq!(none.after_sale, 0);
}
