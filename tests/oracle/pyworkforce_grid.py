"""Generate tests/data/roster/pyworkforce_grid.csv: Erlang C requirements from pyworkforce.

Run once (needs `pip install pyworkforce`, tested with 0.5.1) from the repository root:
    python3 tests/oracle/pyworkforce_grid.py
The Rust test core/tests/roster_staffing.rs reads the CSV; it needs no Python.
Units: seconds throughout (pyworkforce only needs consistent units).
"""
import csv
import itertools
import pyworkforce
from pyworkforce.queuing import ErlangC

TRANSACTIONS = [5, 20, 50, 100, 250, 600, 1500]
AHT = [60, 180, 420]
ASA = [6, 20, 30, 60]
SL = [0.7, 0.8, 0.9]
SHRINKAGE = [0.0, 0.3]
MAX_OCC = [1.0, 0.85]
INTERVAL = 1800

with open("tests/data/roster/pyworkforce_grid.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["# pyworkforce " + pyworkforce.__version__ if hasattr(pyworkforce, "__version__") else "# pyworkforce"])
    w.writerow(["transactions", "aht", "asa", "interval", "shrinkage", "sl_target", "max_occupancy",
                "raw_positions", "positions", "service_level", "occupancy", "waiting_probability"])
    for t, aht, asa, sl, sh, mo in itertools.product(TRANSACTIONS, AHT, ASA, SL, SHRINKAGE, MAX_OCC):
        e = ErlangC(transactions=t, aht=aht, asa=asa, interval=INTERVAL, shrinkage=sh)
        r = e.required_positions(service_level=sl, max_occupancy=mo)
        w.writerow([t, aht, asa, INTERVAL, sh, sl, mo, r["raw_positions"], r["positions"],
                    repr(float(r["service_level"])), repr(float(r["occupancy"])),
                    repr(float(r["waiting_probability"]))])
