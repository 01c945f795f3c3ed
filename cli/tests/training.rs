//! End to end: `kefu training --agent NAME` over the demo team's exported chats prints the
//! core's training sheet of the team generated in memory; `--questions` prints the clusters;
//! an unknown agent fails with the names found.

use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::{SystemTime, UNIX_EPOCH};

use kefu_core::Lang;
use kefu_core::demo::{DemoConfig, generate_simple};
use kefu_core::model::Period;
use kefu_core::qa::{QaConfig, analyse};
use kefu_core::training::{ScriptLibrary, SheetParams, training_sheet};

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
fn training_prints_the_sheet_of_the_exported_chats() {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos();
    let tmp = TempDir(std::env::temp_dir().join(format!("kefu-cli-training-{}-{nanos}", std::process::id())));
    let dir = tmp.0.to_str().unwrap().to_owned();
    let out = kefu(&["demo", "--out", &dir, "--messages", "20000", "--seed", "7"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let chats = format!("{dir}/聊天记录");
    let staff = format!("{dir}/客服名单.csv");

    // The expected sheet: the same export read by the core's importer.
    let ws = generate_simple(&DemoConfig { seed: 7, messages: Some(20_000), ..DemoConfig::default() });
    let chat_csv = format!("{chats}/聊天记录.csv");
    let bytes = std::fs::read(&chat_csv).unwrap();
    let mut tick = kefu_core::jobs::no_tick();
    let outcomes = kefu_core::import::analyse(
        "聊天记录.csv",
        bytes.len() as u64,
        std::io::Cursor::new(bytes),
        &Default::default(),
        &mut tick,
    )
    .unwrap();
    let log = outcomes
        .into_iter()
        .find_map(|o| match o.ok()?.data? {
            kefu_core::model::DatasetData::Chats(c) => Some(c),
            _ => None,
        })
        .unwrap();
    let cfg = QaConfig::default();
    let rep = analyse(&log, &cfg, &ws.staff).unwrap();
    let agent = ws
        .staff
        .iter()
        .find(|s| s.account.ends_with(":豆豆"))
        .map_or(ws.staff[0].account.clone(), |s| s.account.clone());
    let dates: Vec<_> = log.threads.iter().flat_map(|t| t.messages.iter().map(|m| m.ts.date())).collect();
    let period = Period { from: *dates.iter().min().unwrap(), to: *dates.iter().max().unwrap() };
    let params = SheetParams { period, supervisor: "王主管".into(), ..SheetParams::default() };
    let want = training_sheet(&agent, &log, &rep, &cfg, &ScriptLibrary::default(), None, &params, Lang::Zh)
        .unwrap()
        .print_text(Lang::Zh);

    let out = kefu(&["training", &chat_csv, &staff, "--agent", &agent, "--supervisor", "王主管"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let printed = String::from_utf8(out.stdout).unwrap();
    assert_eq!(printed, want);
    assert!(printed.starts_with("培训单") && printed.contains("主管签字"));

    let out = kefu(&["training", &chats, "--questions", "--lang", "en"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("1. ") && text.contains("times"), "{text}");

    let out = kefu(&["training", &chats, "--agent", "没有这个人"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有这个人"));
}
