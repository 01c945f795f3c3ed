//! Shared helpers of the KPI tests: read the fixture files of tests/data/kpi/ through the
//! import engine, as the app would, and build the index the oracle is compared with.

#![allow(dead_code)]

use std::path::PathBuf;

use kefu_core::Ts;
use kefu_core::import::{Options, analyse};
use kefu_core::kpi::{KpiConfig, KpiIndex, KpiInputs};
use kefu_core::model::{DatasetData, Period};

pub fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/data/kpi")
}

pub const FILES: [&str; 6] =
    ["chats.csv", "orders.csv", "refunds.csv", "reviews.csv", "staff.csv", "attendance.csv"];

/// Every fixture file, read by the import engine.
pub fn datasets() -> Vec<DatasetData> {
    let mut out = Vec::new();
    for f in FILES {
        let path = dir().join(f);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut tick = kefu_core::jobs::no_tick();
        let outcomes =
            analyse(f, bytes.len() as u64, std::io::Cursor::new(bytes), &Options::default(), &mut tick)
                .expect("not cancelled");
        for o in outcomes {
            let a = o.unwrap_or_else(|e| panic!("{f}: {e:?}"));
            assert_eq!(a.report.errors.total, 0, "{f}: {:?}", a.report.errors.listed);
            out.push(a.data.unwrap_or_else(|| panic!("{f}: no data")));
        }
    }
    out
}

/// The settings the oracle uses: "now" is 2026-11-12 00:00.
pub fn config() -> KpiConfig {
    KpiConfig { now: Ts::from_ymd_hms(2026, 11, 12, 0, 0, 0), ..KpiConfig::default() }
}

pub fn index(data: &[DatasetData], cfg: &KpiConfig) -> KpiIndex {
    KpiIndex::build(&KpiInputs::from_datasets(data), cfg)
}

pub fn period() -> Period {
    let d = |x| chrono::NaiveDate::from_ymd_opt(2026, 11, x).unwrap();
    Period { from: d(2), to: d(8) }
}
