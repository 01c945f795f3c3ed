//! Golden tests of the QA rules: for every rule a hand-written conversation that hits it
//! (`tests/data/qa/<rule>__hit*.chat`) and a near miss that must not (`<rule>__miss*.chat`).
//! Each case also has a `.expected` file with every hit and the metrics of each conversation
//! (regenerate with `UPDATE_EXPECT=1`). Besides the golden text, the test itself insists that
//! hit cases hit their rule and miss cases do not, and that every default rule has both.
//!
//! Case format, one message per line (`#` starts a comment):
//! `WHO HH:MM:SS text` with WHO = `B` buyer, `A` agent 小美, `A2` agent 小王, `R` an auto-reply
//! under 小美's account, `S` a system line; `T HH:MM:SS A2` hands the buyer from 小美 to 小王.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use expect_test::expect_file;
use kefu_core::Ts;
use kefu_core::model::{ChatLog, ChatMessage, ChatThread, MsgKind, Role, Staff};
use kefu_core::qa::{QaConfig, analyse};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/qa")
}

fn parse(text: &str) -> ChatLog {
    let mut log = ChatLog::default();
    let buyer = log.intern("买家一号");
    let a = log.intern("店:小美");
    let a2 = log.intern("店:小王");
    let mut msgs = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.splitn(3, ' ');
        let who = parts.next().unwrap_or_default();
        let time = parts.next().unwrap_or_else(|| panic!("line {}: no time", n + 1));
        let rest = parts.next().unwrap_or("").to_owned();
        let hms: Vec<u32> = time.split(':').map(|x| x.parse().expect("HH:MM:SS")).collect();
        let ts = Ts::from_ymd_hms(2026, 10, 19, hms[0], hms[1], hms[2]).expect("valid time");
        let (from, kind, text) = match who {
            "B" => (buyer, MsgKind::Buyer, rest),
            "A" => (a, MsgKind::Agent, rest),
            "A2" => (a2, MsgKind::Agent, rest),
            "R" => (a, MsgKind::Auto, rest),
            "S" => (a, MsgKind::System, rest),
            "T" => (a, MsgKind::Transfer { to: a2 }, format!("转交给 {}", rest)),
            other => panic!("line {}: unknown sender {other:?}", n + 1),
        };
        msgs.push(ChatMessage { ts, from, kind, text });
    }
    log.threads.push(ChatThread { shop: "店".into(), buyer, messages: msgs });
    log
}

fn staff() -> Vec<Staff> {
    let one = |account: &str, role| Staff {
        account: account.into(),
        name: "x".into(),
        shop: "店".into(),
        role,
        skills: vec![role],
        level: String::new(),
        hired: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        weekly_hours: 40,
        nights_ok: true,
        phone: None,
        active: true,
        team: String::new(),
    };
    vec![one("店:小美", Role::PreSale), one("店:小王", Role::AfterSale)]
}

fn render(log: &ChatLog, cfg: &QaConfig) -> (String, BTreeSet<String>) {
    let rep = analyse(log, cfg, &staff()).unwrap();
    let t = &log.threads[0];
    let mut out = String::new();
    let mut fired = BTreeSet::new();
    for (i, c) in rep.conversations.iter().enumerate() {
        let m = &c.metrics;
        out.push_str(&format!(
            "conversation {i}: messages {}..{} agent {} score {}\n  buyer {} agent {} auto {} system {} transfers {} \
             first {:?} avg {:?} longest {} slow {} unanswered {} duration {}\n",
            c.first,
            c.end,
            c.agent.map(|a| log.name(a)).unwrap_or("-"),
            c.auto_score().map(|s| format!("{s:.2}")).unwrap_or_else(|| "n/a".into()),
            m.buyer_msgs,
            m.agent_msgs,
            m.auto_msgs,
            m.system_msgs,
            m.transfers,
            m.first_response,
            m.avg_response(),
            m.longest_gap,
            m.slow_replies,
            m.unanswered,
            m.duration,
        ));
        for h in rep.hits_of(i) {
            let rule = &cfg.rules.rules[h.rule as usize].id;
            fired.insert(rule.clone());
            let text = &t.messages[h.msg as usize].text;
            let what = match h.span {
                Some((s, e)) => format!("{:?} at {s}..{e}", &text[s as usize..e as usize]),
                None => "whole line".into(),
            };
            out.push_str(&format!(
                "  hit {rule} msg {} {} — {what}\n",
                h.msg,
                h.agent.map(|a| log.name(a)).unwrap_or("-")
            ));
        }
    }
    (out, fired)
}

#[test]
fn every_rule_hits_its_case_and_spares_its_near_miss() {
    let cfg = QaConfig::default();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "chat"))
        .collect();
    files.sort();
    let mut has_hit = BTreeSet::new();
    let mut has_miss = BTreeSet::new();
    let mut failures = Vec::new();
    for f in &files {
        let stem = f.file_stem().unwrap().to_str().unwrap();
        let (rule, case) = stem.split_once("__").expect("<rule>__<case>.chat");
        let log = parse(&std::fs::read_to_string(f).unwrap());
        let (out, fired) = render(&log, &cfg);
        expect_file![f.with_extension("expected")].assert_eq(&out);
        if rule == "metrics" {
            continue;
        }
        assert!(cfg.rules.rule(rule).is_some(), "{stem}: no rule {rule}");
        if case.starts_with("hit") {
            has_hit.insert(rule.to_owned());
            if !fired.contains(rule) {
                failures.push(format!("{stem}: expected a {rule} hit\n{out}"));
            }
        } else {
            has_miss.insert(rule.to_owned());
            if fired.contains(rule) {
                failures.push(format!("{stem}: {rule} must not fire\n{out}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    for r in &cfg.rules.rules {
        assert!(has_hit.contains(&r.id), "rule {} has no hit case", r.id);
        assert!(has_miss.contains(&r.id), "rule {} has no near-miss case", r.id);
    }
}
