//! Question clustering: golden output on the hand-written chats of `tests/data/training/`
//! (regenerate with `UPDATE_EXPECT=1`), order independence as a property over the demo team,
//! and masking as a property: no excerpt or candidate ever shows a phone number.
//!
//! Fixture format: `=== BUYER [YYYY-MM-DD]` starts a thread (default date 2026-10-19); then one
//! message per line, `WHO HH:MM:SS text` with WHO = `B` buyer, `A` agent 小美, `A2` agent 小王;
//! `#` starts a comment.

use std::path::{Path, PathBuf};

use expect_test::expect_file;
use kefu_core::Ts;
use kefu_core::demo::{DemoConfig, generate_simple};
use kefu_core::model::{ChatLog, ChatMessage, ChatThread, MsgKind};
use kefu_core::qa::{QaConfig, analyse};
use kefu_core::training::mask::{has_phone, mask_text};
use kefu_core::training::{ClusterParams, QuestionCluster, ScriptLibrary, check_scripts, cluster_questions};
use proptest::prelude::*;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/training")
}

fn parse(text: &str) -> ChatLog {
    let mut log = ChatLog::default();
    let a = log.intern("店:小美");
    let a2 = log.intern("店:小王");
    let mut date = (2026, 10, 19);
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(rest) = line.strip_prefix("=== ") {
            let mut parts = rest.split_whitespace();
            let buyer = parts.next().unwrap_or_else(|| panic!("line {}: no buyer", n + 1));
            date = match parts.next() {
                Some(d) => {
                    let v: Vec<u32> = d.split('-').map(|x| x.parse().expect("YYYY-MM-DD")).collect();
                    (v[0] as i32, v[1], v[2])
                }
                None => (2026, 10, 19),
            };
            let b = log.intern(buyer);
            log.threads.push(ChatThread { shop: "店".into(), buyer: b, messages: Vec::new() });
            continue;
        }
        let mut parts = line.splitn(3, ' ');
        let who = parts.next().unwrap_or_default();
        let time = parts.next().unwrap_or_else(|| panic!("line {}: no time", n + 1));
        let text = parts.next().unwrap_or("").to_owned();
        let hms: Vec<u32> = time.split(':').map(|x| x.parse().expect("HH:MM:SS")).collect();
        let ts = Ts::from_ymd_hms(date.0, date.1, date.2, hms[0], hms[1], hms[2]).expect("valid time");
        let t = log.threads.last_mut().unwrap_or_else(|| panic!("line {}: message before ===", n + 1));
        let (from, kind) = match who {
            "B" => (t.buyer, MsgKind::Buyer),
            "A" => (a, MsgKind::Agent),
            "A2" => (a2, MsgKind::Agent),
            other => panic!("line {}: unknown sender {other:?}", n + 1),
        };
        t.messages.push(ChatMessage { ts, from, kind, text });
    }
    log
}

fn render(clusters: &[QuestionCluster]) -> String {
    let mut o = String::new();
    for (i, c) in clusters.iter().enumerate() {
        o.push_str(&format!(
            "cluster {i}: {:?} key {:?} questions {} buyers {} category {}\n",
            c.question,
            c.key,
            c.count,
            c.buyers,
            c.category.key()
        ));
        for v in &c.variants {
            o.push_str(&format!("  variant {} × {:?}\n", v.count, v.text));
        }
        for r in &c.replies {
            let score = r.score.map_or("—".into(), |s| format!("{s:.2}"));
            o.push_str(&format!("  reply score {score} uses {} by {}: {:?}\n", r.uses, r.agent, r.text));
        }
    }
    o
}

fn run(log: &ChatLog) -> Vec<QuestionCluster> {
    let cfg = QaConfig::default();
    let rep = analyse(log, &cfg, &[]).unwrap();
    cluster_questions(log, &rep, &cfg, &ClusterParams::default())
}

#[test]
fn golden_clusters_of_the_fixture_chats() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "chat"))
        .collect();
    files.sort();
    assert!(files.len() >= 2);
    let mut all = String::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        all.push_str(&text);
        all.push('\n');
        let log = parse(&text);
        let clusters = run(&log);
        assert!(!clusters.is_empty(), "{}", f.display());
        let out = render(&clusters);
        assert!(!has_phone(&out), "{out}");
        // Replies QA flagged (不知道, 自己看, 爱买不买…) are never offered.
        let cfg = QaConfig::default();
        let lib = ScriptLibrary {
            scripts: clusters
                .iter()
                .flat_map(|c| (0..c.replies.len()).filter_map(|i| c.candidate(i)))
                .collect(),
        };
        assert!(!lib.scripts.is_empty());
        assert_eq!(check_scripts(&lib.scripts, &cfg.rules).unwrap(), []);
        expect_file![f.with_extension("expected")].assert_eq(&out);
    }
    // All fixtures together: the frequent questions of both.
    let clusters = run(&parse(&all));
    expect_file![dir().join("all.expected")].assert_eq(&render(&clusters));
}

fn demo_log() -> ChatLog {
    generate_simple(&DemoConfig { days: 3, agents: 12, ..DemoConfig::default() }).chats
}

#[test]
fn the_demo_teams_frequent_questions_have_replies() {
    let log = demo_log();
    let clusters = run(&log);
    assert!(clusters.len() >= 10, "{}", clusters.len());
    assert!(clusters.windows(2).all(|w| w[0].count >= w[1].count));
    let with_replies = clusters.iter().filter(|c| !c.replies.is_empty()).count();
    assert!(with_replies * 2 >= clusters.len(), "most clusters offer replies");
    for c in &clusters {
        assert!(c.count >= 2 && c.variants.iter().map(|v| v.count).sum::<u32>() <= c.count);
        assert!(c.replies.windows(2).all(|w| w[0].score.unwrap_or(-1.0) >= w[1].score.unwrap_or(-1.0)));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn clustering_does_not_depend_on_the_order_of_threads(keys in proptest::collection::vec(any::<u64>(), 4096)) {
        static BASE: std::sync::OnceLock<(ChatLog, String)> = std::sync::OnceLock::new();
        let (log, expected) = BASE.get_or_init(|| {
            let log = demo_log();
            let out = render(&run(&log));
            (log, out)
        });
        let mut shuffled = log.clone();
        let mut order: Vec<(u64, ChatThread)> =
            shuffled.threads.drain(..).enumerate().map(|(i, t)| (keys[i % keys.len()] ^ i as u64, t)).collect();
        order.sort_by_key(|x| x.0);
        shuffled.threads = order.into_iter().map(|x| x.1).collect();
        prop_assert_eq!(&render(&run(&shuffled)), expected);
    }

    #[test]
    fn masked_text_never_shows_a_phone_and_keeps_every_offset(
        before in "[a-z亲您好，。 0-9]{0,12}",
        after in "[a-z亲您好，。 0-9]{0,12}",
        digits in "1[3-9][0-9]{9}",
        style in 0..4u8,
    ) {
        let phone: String = match style {
            0 => digits.clone(),
            1 => format!("{} {} {}", &digits[..3], &digits[3..7], &digits[7..]),
            2 => format!("{}-{}-{}", &digits[..3], &digits[3..7], &digits[7..]),
            _ => digits.chars().map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap()).collect(),
        };
        let text = format!("{before}{phone}{after}");
        prop_assert!(has_phone(&text));
        let m = mask_text(&text, &["tb_小鱼儿88"]);
        prop_assert!(!has_phone(&m), "{} -> {}", text, m);
        prop_assert_eq!(m.len(), text.len());
        // Every character boundary of the original is one of the masked text.
        for (i, _) in text.char_indices() {
            prop_assert!(m.is_char_boundary(i));
        }
    }
}
