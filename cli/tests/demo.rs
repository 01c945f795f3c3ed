//! End to end: runs the built `kefu` binary and checks the files it writes and what it says.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{SystemTime, UNIX_EPOCH};

fn kefu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kefu")).args(args).output().expect("kefu runs")
}

/// A fresh folder under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos();
        let p = std::env::temp_dir().join(format!("kefu-cli-{tag}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn non_empty(p: &Path) -> bool {
    std::fs::metadata(p).map(|m| m.is_file() && m.len() > 0).unwrap_or(false)
}

#[test]
fn demo_writes_the_back_office_files() {
    let tmp = TempDir::new("demo");
    let out_dir = tmp.0.join("out");
    let out = kefu(&["demo", "--out", out_dir.to_str().unwrap(), "--messages", "20000", "--seed", "7"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "kefu failed: {stderr}");
    assert!(stderr.contains("100%"), "progress on stderr: {stderr}");

    let r = "2026-10-19至2026-11-15";
    let expected = [
        "客服名单.csv".to_owned(),
        format!("订单报表-{r}.csv"),
        format!("宝贝报表-{r}.csv"),
        format!("退款报表-{r}.xlsx"),
        format!("评价-{r}.csv"),
        format!("客服接待数据_{r}.xlsx"),
        format!("考勤-{r}.csv"),
        "聊天记录/聊天记录.csv".to_owned(),
        "聊天记录/千牛/2026-10-19.txt".to_owned(),
        "聊天记录/千牛/2026-11-15.txt".to_owned(),
    ];
    for rel in &expected {
        let p = out_dir.join(rel);
        assert!(non_empty(&p), "{} missing or empty", p.display());
        assert!(stdout.contains(rel.as_str()), "stdout table lists {rel}:\n{stdout}");
    }
    let qianniu = std::fs::read_dir(out_dir.join("聊天记录/千牛")).unwrap().count();
    assert_eq!(qianniu, 28, "one 千牛 file per day");
    let json: Vec<_> = std::fs::read_dir(out_dir.join("聊天记录/json")).unwrap().collect();
    assert_eq!(json.len(), 20, "first 20 buyers");
    for e in json {
        let p = e.unwrap().path();
        assert!(non_empty(&p));
        let rel = format!("聊天记录/json/{}", p.file_name().unwrap().to_str().unwrap());
        assert!(stdout.contains(&rel), "stdout lists {rel}");
    }
    assert!(stdout.contains("total: "), "{stdout}");
    assert!(stdout.contains("generated in ") && stdout.contains("written in "), "{stdout}");

    // The orders export is GBK with the back-office headers.
    let bytes = std::fs::read(out_dir.join(format!("订单报表-{r}.csv"))).unwrap();
    let (text, had_errors) = encoding_rs::GBK.decode_without_bom_handling(&bytes);
    assert!(!had_errors, "orders decode as GBK");
    let mut lines = text.split("\r\n");
    let header = lines.next().unwrap();
    assert!(header.starts_with("订单编号,买家会员名,买家支付宝账号,"), "{header}");
    assert!(header.contains(",收货地址 ,"));
    let first = lines.next().unwrap();
    assert!(first.starts_with("=\""), "ids written as =\"…\": {first}");

    // The generic chat CSV has about the number of messages asked for.
    let chat = std::fs::read_to_string(out_dir.join("聊天记录/聊天记录.csv")).unwrap();
    assert!(chat.starts_with("time,conversation,sender,role,text\n"));
    let rows = chat.lines().count() - 1;
    assert!((10_000..=40_000).contains(&rows), "about 20000 messages, got {rows}");
}

#[test]
fn a_bad_date_is_one_line_and_exit_2() {
    let tmp = TempDir::new("date");
    let out = kefu(&["demo", "--out", tmp.0.to_str().unwrap(), "--start", "2026-13-40"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("--start") && stderr.contains("YYYY-MM-DD"), "{stderr}");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn an_unwritable_folder_is_one_line_and_exit_2() {
    let tmp = TempDir::new("unwritable");
    // A folder cannot be created under a regular file, whoever runs the test.
    let file = tmp.0.join("a-file");
    std::fs::write(&file, b"x").unwrap();
    let target = file.join("out");
    let out = kefu(&["demo", "--out", target.to_str().unwrap(), "--messages", "1000"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("cannot create output folder"), "{stderr}");
}
