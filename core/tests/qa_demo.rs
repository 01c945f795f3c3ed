//! QA over the demo team: the hidden habits the generator gave some agents (one rude, one slow,
//! one new hire who forgets greetings) must stand out in the rule hits, every piece of evidence
//! must point at the words it names, and the order of threads must not change any number.

use kefu_core::Lang;
use kefu_core::demo::{DemoConfig, generate_simple};
use kefu_core::model::MsgKind;
use kefu_core::qa::{Check, QaConfig, QaReport, analyse, overview, overview_csv, text::normalise};

fn hits_by_agent(cfg: &QaConfig, ov: &kefu_core::qa::Overview, rule: &str) -> Vec<u32> {
    let r = cfg.rules.index_of(rule).unwrap();
    let mut v: Vec<u32> = ov.agents.iter().map(|a| a.rule_hits[r]).collect();
    v.sort_unstable_by(|a, b| b.cmp(a));
    v
}

fn run() -> (kefu_core::demo::DemoWorkspace, QaConfig, QaReport) {
    let ws = generate_simple(&DemoConfig::default());
    let cfg = QaConfig::default();
    let rep = analyse(&ws.chats, &cfg, &ws.staff).unwrap();
    (ws, cfg, rep)
}

#[test]
fn hidden_habits_stand_out() {
    let (ws, cfg, rep) = run();
    let ov = overview(&rep, &ws.chats, &cfg, &[]);
    assert!(ov.agents.len() >= 12);
    let rude = hits_by_agent(&cfg, &ov, "rude");
    assert!(rude[0] >= 5 * rude[1].max(1), "one rude agent: {rude:?}");
    let greet = hits_by_agent(&cfg, &ov, "greeting");
    assert!(greet[0] >= 2 * greet[greet.len() / 2], "one agent forgets greetings: {greet:?}");
    // The slowest agent also skips the apology most.
    let slow_r = cfg.rules.index_of("slow_reply").unwrap();
    let late_r = cfg.rules.index_of("late_no_apology").unwrap();
    let slowest = ov.agents.iter().max_by_key(|a| a.rule_hits[slow_r]).unwrap();
    let least_sorry = ov.agents.iter().max_by_key(|a| a.rule_hits[late_r]).unwrap();
    assert_eq!(slowest.agent, least_sorry.agent);
    let team = ov.team.auto_score.unwrap();
    assert!((80.0..=100.0).contains(&team), "team auto score {team}");
    // The rude agent's conversations fail the critical attitude category.
    let rude_agent =
        ov.agents.iter().max_by_key(|a| a.rule_hits[cfg.rules.index_of("rude").unwrap()]).unwrap();
    assert!(rude_agent.critical_failed > 0);
    assert!(rep.conversations.iter().any(|c| c.risk), "buyers escalate somewhere");
}

#[test]
fn evidence_points_at_the_words() {
    let (ws, cfg, rep) = run();
    let mut phrase_hits = 0;
    for h in &rep.hits {
        let c = &rep.conversations[h.conv as usize];
        assert!(c.first <= h.msg && h.msg < c.end, "hit inside its conversation");
        let m = &ws.chats.threads[c.thread as usize].messages[h.msg as usize];
        assert!(matches!(m.kind, MsgKind::Buyer | MsgKind::Agent | MsgKind::Transfer { .. }));
        let rule = &cfg.rules.rules[h.rule as usize];
        let Some((s, e)) = h.span else { continue };
        let found = m.text.get(s as usize..e as usize).expect("span on char boundaries");
        let list = match rule.check {
            Check::Phrase { .. } => {
                phrase_hits += 1;
                &rule.phrases
            }
            Check::Soothe { .. } => &rule.triggers,
            _ => &rule.phrases,
        };
        assert!(
            list.iter().any(|p| normalise(p) == normalise(found)),
            "{found:?} is not a word of {}",
            rule.id
        );
    }
    assert!(phrase_hits > 100);
}

#[test]
fn thread_order_does_not_change_the_overview() {
    let (mut ws, cfg, rep) = run();
    let before = overview_csv(&overview(&rep, &ws.chats, &cfg, &[]), &cfg, Lang::Zh);
    ws.chats.threads.reverse();
    let rep2 = analyse(&ws.chats, &cfg, &ws.staff).unwrap();
    let after = overview_csv(&overview(&rep2, &ws.chats, &cfg, &[]), &cfg, Lang::Zh);
    assert_eq!(before, after);
    assert!(before.lines().count() >= 14);
}
