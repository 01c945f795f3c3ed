//! End to end: `kefu qa` over the demo team's exported files prints the same CSV as the core's
//! overview of the team generated in memory — the numbers the app shows.

use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::{SystemTime, UNIX_EPOCH};

use kefu_core::Lang;
use kefu_core::demo::{DemoConfig, generate_simple};
use kefu_core::qa::{QaConfig, analyse, overview, overview_csv};

fn kefu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kefu")).args(args).output().expect("kefu runs")
}

struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn qa_prints_the_overview_of_the_exported_chats() {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos();
    let tmp = TempDir(std::env::temp_dir().join(format!("kefu-cli-qa-{}-{nanos}", std::process::id())));
    let dir = tmp.0.to_str().unwrap().to_owned();
    let out = kefu(&["demo", "--out", &dir, "--messages", "20000", "--seed", "7"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    // Chats as CSV, JSON and 千牛 text (the whole folder: counted once) plus the staff list.
    let chats = format!("{dir}/聊天记录");
    let staff = format!("{dir}/客服名单.csv");
    let out = kefu(&["qa", &chats, &staff, "--lang", "en"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let printed = String::from_utf8(out.stdout).unwrap();

    let ws = generate_simple(&DemoConfig { seed: 7, messages: Some(20_000), ..DemoConfig::default() });
    let cfg = QaConfig::default();
    let rep = analyse(&ws.chats, &cfg, &ws.staff).unwrap();
    let want = overview_csv(&overview(&rep, &ws.chats, &cfg, &[]), &cfg, Lang::En);
    assert_eq!(printed, want);
    assert!(printed.starts_with("agent,role,conversations,auto_score"));

    let orders = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("订单报表"))
        .unwrap();
    let out = kefu(&[
        "qa",
        &format!("{chats}/聊天记录.csv"),
        orders.to_str().unwrap(),
        "--unconverted",
        "--lang",
        "en",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("reason,enquiries,share,example\n") && text.contains("Price,"), "{text}");

    // A scorecard file of one category (rude words, critical) replaces the default cards.
    let card = format!("{dir}/card.json");
    std::fs::write(
        &card,
        r#"{"id": "x", "zh": "禁语", "en": "Words", "categories": [
            {"id": "rude", "zh": "禁语", "en": "Rude", "weight": 1, "points": 2, "critical": true, "rules": ["rude"]}]}"#,
    )
    .unwrap();
    let out = kefu(&["qa", &format!("{chats}/聊天记录.csv"), "--scorecard", &card, "--lang", "en"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut cfg1 = QaConfig::default();
    cfg1.scorecards.cards = vec![serde_json::from_str(&std::fs::read_to_string(&card).unwrap()).unwrap()];
    let rep1 = analyse(&ws.chats, &cfg1, &[]).unwrap();
    assert_eq!(text, overview_csv(&overview(&rep1, &ws.chats, &cfg1, &[]), &cfg1, Lang::En));
    assert_ne!(text, want);
    std::fs::write(&card, "not json").unwrap();
    let out = kefu(&["qa", &format!("{chats}/聊天记录.csv"), "--scorecard", &card]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("scorecard"));

    let out = kefu(&["qa", &staff]);
    assert_eq!(out.status.code(), Some(2), "no chat log is an error");
}
