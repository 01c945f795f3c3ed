//! `kefu kpi`: the fixture files in, the KPI table out as CSV (and XLSX), errors as one line
//! with exit code 2.

use std::path::PathBuf;
use std::process::{Command, Output};

fn kefu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kefu")).args(args).output().expect("kefu runs")
}

fn fixtures() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/data/kpi");
    ["chats.csv", "orders.csv", "refunds.csv", "reviews.csv", "staff.csv", "attendance.csv"]
        .iter()
        .map(|f| dir.join(f).display().to_string())
        .collect()
}

#[test]
fn prints_the_kpi_table_as_csv() {
    let files = fixtures();
    let mut args: Vec<&str> = vec!["kpi"];
    args.extend(files.iter().map(String::as_str));
    args.extend(["--now", "2026-11-12 00:00:00", "--from", "2026-11-02", "--to", "2026-11-08"]);
    let out = kefu(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("\u{feff}对象,咨询人数,接待人数,询单人数"));
    assert_eq!(lines.len(), 1 + 3 + 1, "header, three agents, total");
    let shop = lines.iter().find(|l| l.starts_with("全店,")).unwrap();
    assert!(shop.starts_with("全店,11,8,9,35,"), "{shop}");
    assert!(shop.contains(",806.50,353.60,"), "{shop}");

    let mut by_day = args.clone();
    by_day.extend(["--by", "day", "--lang", "en"]);
    let dir = std::env::temp_dir().join(format!("kefu-kpi-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let xlsx = dir.join("kpi.xlsx").display().to_string();
    by_day.extend(["--xlsx", &xlsx]);
    let out = kefu(&by_day);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 1 + 7 + 1);
    assert!(text.lines().nth(1).unwrap().starts_with("2026-11-02,"));
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_bad_grouping_is_one_line_and_exit_2() {
    let files = fixtures();
    let out = kefu(&["kpi", &files[0], "--by", "year"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--by year") && err.lines().count() == 1, "{err}");
}
