//! The KPI engine against the independent pandas oracle (tests/oracle/kpi_oracle.py), on the
//! fixture files of tests/data/kpi/: to the cent for money, to 1e-6 for rates and seconds,
//! exactly for counts and for the provisional flag. One test compares with the committed
//! oracle output (runs everywhere); the other runs the oracle itself when python3 and pandas
//! are installed (`pip install pandas`) and says clearly when it cannot.

mod kpi_common;

use std::process::Command;

use chrono::NaiveDate;
use kefu_core::Lang;
use kefu_core::kpi::{Kpi, KpiIndex, Scope, Value};
use kefu_core::model::Period;

/// Compares every line of the oracle's CSV with the engine; returns the mismatches.
fn compare(idx: &KpiIndex, csv: &str) -> (usize, Vec<String>) {
    let mut bad = Vec::new();
    let mut n = 0;
    for line in csv.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f.len(), 6, "bad oracle line {line}");
        let scope = if f[0] == "@shop" { Scope::Shop(None) } else { Scope::Agent(f[0].to_owned()) };
        let period =
            Period { from: f[1].parse::<NaiveDate>().unwrap(), to: f[2].parse::<NaiveDate>().unwrap() };
        let kpi = Kpi::from_key(f[3]).unwrap_or_else(|| panic!("unknown kpi {}", f[3]));
        let row = idx.row(&scope, &period, None, Lang::Zh);
        let fig = row.get(kpi).unwrap();
        let ok_value = match (fig.value, f[4]) {
            (None, "") => true,
            (Some(Value::Money(m)), want) => m.plain() == want,
            (Some(Value::Count(c)), want) => want.parse::<u64>().ok() == Some(c),
            (Some(Value::Num(x)), want) => want.parse::<f64>().is_ok_and(|w| (w - x).abs() < 1e-6),
            _ => false,
        };
        let ok_prov = (fig.provisional as u8).to_string() == f[5];
        if !ok_value || !ok_prov {
            bad.push(format!("{line}  ← engine {:?} provisional={}", fig.value, fig.provisional));
        }
        n += 1;
    }
    (n, bad)
}

#[test]
fn engine_matches_the_committed_oracle_output() {
    let data = kpi_common::datasets();
    let idx = kpi_common::index(&data, &kpi_common::config());
    let csv = std::fs::read_to_string(kpi_common::dir().join("oracle_expected.csv")).unwrap();
    let (n, bad) = compare(&idx, &csv);
    assert!(n > 200, "the oracle output is too short ({n} lines)");
    assert!(bad.is_empty(), "{} of {n} figures differ from the oracle:\n{}", bad.len(), bad.join("\n"));
}

/// `cargo xtask test` installs pandas and sets `KEFU_REQUIRE_ORACLE`, so there the live oracle
/// must run; a bare `cargo test` on a machine without pandas skips it with a message.
fn skip(why: &str) {
    assert!(std::env::var_os("KEFU_REQUIRE_ORACLE").is_none(), "the live KPI oracle cannot run: {why}");
    eprintln!("SKIPPED engine_matches_the_live_oracle: {why}");
}

#[test]
fn engine_matches_the_live_oracle() {
    let script = kpi_common::dir().join("../../oracle/kpi_oracle.py");
    let out = match Command::new("python3").arg(&script).arg(kpi_common::dir()).output() {
        Ok(o) => o,
        Err(e) => {
            skip(&format!("python3 cannot run ({e}); install python3 and pandas"));
            return;
        }
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() && stderr.contains("No module named 'pandas'") {
        skip("pandas is not installed (pip install pandas)");
        return;
    }
    assert!(out.status.success(), "the oracle failed:\n{stderr}");
    let csv = String::from_utf8(out.stdout).unwrap();
    let committed = std::fs::read_to_string(kpi_common::dir().join("oracle_expected.csv")).unwrap();
    assert_eq!(csv, committed, "the oracle's output changed: regenerate tests/data/kpi/oracle_expected.csv");
    let data = kpi_common::datasets();
    let idx = kpi_common::index(&data, &kpi_common::config());
    let (n, bad) = compare(&idx, &csv);
    assert!(bad.is_empty(), "{} of {n} figures differ from the oracle:\n{}", bad.len(), bad.join("\n"));
}
