//! Erlang C against a grid of pyworkforce 0.5.1 results (tests/data/roster/pyworkforce_grid.csv,
//! generated once by tests/oracle/pyworkforce_grid.py).

use kefu_core::roster::staffing::{StaffingParams, required_agents};

#[test]
fn matches_pyworkforce_grid() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/data/roster/pyworkforce_grid.csv"
    ))
    .expect("fixture");
    let mut rows = 0;
    let mut quirks = 0;
    let mut float_quirks = 0;
    for line in text.lines().skip(2) {
        let f: Vec<f64> = line.split(',').map(|x| x.parse().expect("number")).collect();
        let [t, aht, asa, interval, sh, sl, mo, raw, pos, psl, pocc, pwait] = f[..] else {
            panic!("bad row {line}")
        };
        let p = StaffingParams {
            aht_secs: aht,
            interval_secs: interval,
            sl_target: sl,
            answer_secs: asa,
            max_occupancy: mo,
            shrinkage: sh,
            ..StaffingParams::default()
        };
        let r = required_agents(t, &p);
        let a = t / interval * aht;
        rows += 1;
        if r.agents as f64 != raw {
            // pyworkforce starts its search at Python's round(A + 1) (banker's rounding), which
            // can skip floor(A) + 1. Accept only that case, and only if our smaller N truly meets
            // the target.
            let py_start = (a + 1.0).round_ties_even();
            assert!(
                (r.agents as f64) < raw && r.agents as f64 == a.floor() + 1.0 && py_start > r.agents as f64,
                "row {line}: ours {} vs {raw}",
                r.agents
            );
            assert!(r.stats.service_level >= sl && r.stats.occupancy <= mo);
            quirks += 1;
            continue;
        }
        if r.scheduled as f64 != pos {
            // pyworkforce takes ceil(raw / (1 − s)) in floating point, so 21 / 0.7 =
            // 30.000000000000004 becomes 31. We round the exact quotient.
            assert!(pos == (raw / (1.0 - sh)).ceil() && r.scheduled as f64 == pos - 1.0, "row {line}");
            float_quirks += 1;
        }
        assert!((r.stats.service_level - psl).abs() < 1e-9, "SL row {line}: {}", r.stats.service_level);
        assert!((r.stats.occupancy - pocc).abs() < 1e-12, "occupancy row {line}");
        assert!((r.stats.p_wait - pwait).abs() < 1e-9, "P(wait) row {line}");
    }
    assert!(rows >= 1000, "{rows} rows");
    assert!(quirks < rows / 10, "{quirks} quirk rows");
    assert!(float_quirks < rows / 10, "{float_quirks} float quirk rows");
    eprintln!("{rows} rows, {quirks} where pyworkforce skipped floor(A)+1, {float_quirks} float ceil");
}
