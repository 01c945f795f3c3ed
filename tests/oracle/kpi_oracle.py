#!/usr/bin/env python3
"""Independent oracle for the KPI engine (kefu_core::kpi).

Reads the fixture files of tests/data/kpi/ with pandas and computes the KPIs from the rules
written in core/src/kpi/mod.rs ("Rules"), without any of the Rust code. Prints CSV:
scope,from,to,kpi,value,provisional — one line per KPI for every agent over the whole range,
the shop over the whole range, and the shop per day.

Usage: python3 tests/oracle/kpi_oracle.py [DIR] [NOW]   (defaults: tests/data/kpi, 2026-11-12 00:00:00)
Needs pandas (pip install pandas).
"""

import sys
from datetime import timedelta
from pathlib import Path

import pandas as pd

DIR = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "data" / "kpi"
NOW = pd.Timestamp(sys.argv[2] if len(sys.argv) > 2 else "2026-11-12 00:00:00")
FROM, TO = pd.Timestamp("2026-11-02"), pd.Timestamp("2026-11-08")

GAP, SLOW, FAST, MH = 600, 120, 180, (8, 24)
AFTER_SALE_DAYS, ORDER_WINDOW, PAY_WINDOW, REFUND_MATURITY = 21, 1, 7, 30
WORDS = ["投诉", "举报", "12315", "消协", "工商", "曝光"]
DAY = timedelta(days=1)


def money(s):
    s = str(s).strip().replace("元", "")
    if s in ("", "nan", "无退款申请"):
        return 0
    neg = s.startswith("-")
    whole, _, frac = s.lstrip("-").partition(".")
    fen = int(whole or 0) * 100 + int((frac + "00")[:2])
    return -fen if neg else fen


def ts(col):
    return pd.to_datetime(col, errors="coerce")


# ---------------------------------------------------------------- inputs
chats = pd.read_csv(DIR / "chats.csv", dtype=str, keep_default_na=False)
chats["ts"] = ts(chats["time"])
chats["shop"] = chats["conversation"].str.split("/", n=1).str[0]
chats["buyer"] = chats["conversation"].str.split("/", n=1).str[1]
chats["pos"] = range(len(chats))
chats = chats.sort_values(["conversation", "ts", "pos"], kind="stable").reset_index(drop=True)

orders = pd.read_csv(DIR / "orders.csv", dtype=str, keep_default_na=False)
orders["created"] = ts(orders["订单创建时间"])
orders["paid_at"] = ts(orders["订单付款时间"].where(orders["订单付款时间"] != ""))
orders["paid"] = orders["买家实际支付金额"].map(money)
orders["items"] = orders["宝贝总数量"].astype(int)
orders["shop"] = orders["店铺名称"]

refunds = pd.read_csv(DIR / "refunds.csv", dtype=str, keep_default_na=False)
reviews = pd.read_csv(DIR / "reviews.csv", dtype=str, keep_default_na=False)
staff = pd.read_csv(DIR / "staff.csv", dtype=str, keep_default_na=False)
attendance = pd.read_csv(DIR / "attendance.csv", dtype=str, keep_default_na=False)

AGENTS = list(staff["客服账号"])
ROLE_SIDE = {"agent", "auto", "transfer"}

# ---------------------------------------------------------------- order credit (Taobao)
human = chats[chats["role"] == "agent"]
credit, paid_ok = {}, {}
for _, o in orders.iterrows():
    start = o["created"].normalize() - ORDER_WINDOW * DAY
    c = human[(human["buyer"] == o["买家会员名"]) & (human["ts"] >= start) & (human["ts"] <= o["created"])]
    credit[o["订单编号"]] = c.sort_values("ts", kind="stable").iloc[-1]["sender"] if len(c) else None
    paid_ok[o["订单编号"]] = pd.notna(o["paid_at"]) and (o["paid_at"] - o["created"]) <= PAY_WINDOW * DAY
orders["agent"] = orders["订单编号"].map(credit)
orders["paid_ok"] = orders["订单编号"].map(paid_ok)


def classify(buyer, day, agent):
    """(enquiry, ordered, paid) of a visit; agent None = any credited agent (shop)."""
    mine = orders[orders["买家会员名"] == buyer]
    before = mine[mine["paid_at"].notna() & (mine["paid_at"] < day) & (mine["paid_at"] >= day - AFTER_SALE_DAYS * DAY)]
    again = mine[(mine["created"] >= day) & (mine["created"] < day + (ORDER_WINDOW + 1) * DAY)]
    enquiry = not (len(before) > 0 and len(again) == 0)
    cred = again[again["agent"].notna()] if agent is None else again[again["agent"] == agent]
    return enquiry, enquiry and len(cred) > 0, enquiry and bool(cred["paid_ok"].any())


# ---------------------------------------------------------------- chats: owners, rounds, visits
visit_rows, round_rows = [], []
for conv, t in chats.groupby("conversation", sort=False):
    t = t.reset_index(drop=True)
    t["session"] = (t["ts"].diff().dt.total_seconds().fillna(0) >= GAP).cumsum()
    owner = [None] * len(t)
    for _, s in t.groupby("session"):
        nxt_human = nxt_side = None
        for i in reversed(s.index):
            role = t.at[i, "role"]
            if role == "agent":
                nxt_human = nxt_side = t.at[i, "sender"]
            elif role in ("auto", "transfer"):
                nxt_side = t.at[i, "sender"]
            elif role == "buyer":
                owner[i] = nxt_human or nxt_side
    last_side = None
    for i in t.index:
        role = t.at[i, "role"]
        if role in ("agent", "auto"):
            last_side = t.at[i, "sender"]
        elif role == "transfer":
            last_side = t.at[i, "text"]
        elif role == "buyer" and owner[i] is None:
            owner[i] = last_side
    t["owner"] = owner
    t["day"] = t["ts"].dt.normalize()
    # rounds
    slow_keys = set()
    for _, s in t.groupby("session"):
        open_i, first = None, True
        for i in s.index:
            role = t.at[i, "role"]
            if role == "buyer" and open_i is None:
                open_i = i
            elif role == "agent" and open_i is not None:
                gap = (t.at[i, "ts"] - t.at[open_i, "ts"]).total_seconds()
                round_rows.append(dict(agent=t.at[i, "sender"], shop=t.at[open_i, "shop"], day=t.at[open_i, "day"],
                                       hour=t.at[open_i, "ts"].hour, gap=gap, first=first))
                if gap > SLOW:
                    slow_keys.add((t.at[i, "sender"], t.at[open_i, "day"]))
                open_i, first = None, False
        if open_i is not None:
            round_rows.append(dict(agent=t.at[open_i, "owner"], shop=t.at[open_i, "shop"], day=t.at[open_i, "day"],
                                   hour=t.at[open_i, "ts"].hour, gap=None, first=first))
    buyer, shop = t.at[0, "buyer"], t.at[0, "shop"]
    b = t[t["role"] == "buyer"]
    h = t[t["role"] == "agent"]
    keys = set(zip(b["owner"], b["day"])) | set(zip(h["sender"], h["day"]))
    for agent, day in keys:
        bm = b[(b["owner"] == agent) & (b["day"] == day)]
        hm = h[(h["sender"] == agent) & (h["day"] == day)]
        if agent is None:
            continue
        enq, ordered, paid = classify(buyer, day, agent) if len(bm) else (False, False, False)
        visit_rows.append(dict(scope=agent, day=day, buyer_msgs=len(bm), agent_msgs=len(hm),
                               received=len(bm) > 0 and len(hm) > 0, enquiry=len(bm) > 0 and enq,
                               ordered=ordered, paid=paid, slow=(agent, day) in slow_keys,
                               complaint=any(w in x for x in bm["text"] for w in WORDS)))
    for day in set(b["day"]) | set(h["day"]):
        bm, hm = b[b["day"] == day], h[h["day"] == day]
        enq, ordered, paid = classify(buyer, day, None) if len(bm) else (False, False, False)
        visit_rows.append(dict(scope="@shop", day=day, buyer_msgs=len(bm), agent_msgs=len(hm),
                               received=len(bm) > 0 and len(hm) > 0, enquiry=len(bm) > 0 and enq,
                               ordered=ordered, paid=paid,
                               slow=any(k[1] == day for k in slow_keys),
                               complaint=any(w in x for x in bm["text"] for w in WORDS)))

visits = pd.DataFrame(visit_rows)
rounds = pd.DataFrame(round_rows)

# refunds and reviews with the credited agent of their order
refunds["ok"] = refunds["退款状态"] == "退款成功"
refunds["when"] = ts(refunds["退款完结时间"].where(refunds["ok"] & (refunds["退款完结时间"] != ""), refunds["退款的申请时间"]))
refunds["day"] = refunds["when"].dt.normalize()
refunds["amount"] = refunds["买家退款金额"].map(money)
refunds["dispute"] = refunds["客服介入状态"] == "支持买家"
refunds["agent"] = refunds["订单编号"].map(dict(zip(orders["订单编号"], orders["agent"])))
reviews["day"] = ts(reviews["评价时间"]).dt.normalize()
reviews["agent"] = reviews["订单编号"].map(dict(zip(orders["订单编号"], orders["agent"])))
orders["day"] = orders["created"].dt.normalize()
orders["pay_day"] = orders["paid_at"].dt.normalize()


# ---------------------------------------------------------------- attendance rules
def attendance_of(agent, lo, hi):
    a = attendance[attendance["客服账号"] == agent].copy()
    a["date"] = pd.to_datetime(a["日期"])
    a = a.sort_values("date", kind="stable")
    lates = absences = 0
    penalty = 0.0
    nth, month = 0, None
    for _, r in a.iterrows():
        m = (r["date"].year, r["date"].month)
        if m != month:
            month, nth = m, 0
        inside = lo <= r["date"] <= hi
        if r["考勤结果"] in ("迟到", "早退", "迟到 早退"):
            nth += 1
            if inside:
                lates += 1
                penalty += 5.0 if nth > 2 else 0.0
        if r["考勤结果"] == "旷工" and inside:
            absences += 1
            penalty += 20.0
    return lates, absences, penalty


# ---------------------------------------------------------------- figures
def ratio(n, d):
    return None if d == 0 else n / d


def half_up(fen, n):
    return None if n == 0 else (2 * fen + n) // (2 * n)


def figures(scope, lo, hi):
    is_shop = scope == "@shop"
    v = visits[(visits["scope"] == scope) & (visits["day"] >= lo) & (visits["day"] <= hi)]
    r = rounds[(rounds["day"] >= lo) & (rounds["day"] <= hi)]
    if not is_shop:
        r = r[r["agent"] == scope]
    o = orders[(orders["day"] >= lo) & (orders["day"] <= hi)]
    cred = o[o["agent"].notna()] if is_shop else o[o["agent"] == scope]
    cp = cred[cred["paid_ok"]]
    paid_orders = orders[(orders["pay_day"] >= lo) & (orders["pay_day"] <= hi)]
    if not is_shop:
        paid_orders = paid_orders[paid_orders["agent"] == scope]
    rf = refunds[(refunds["day"] >= lo) & (refunds["day"] <= hi)]
    rv = reviews[(reviews["day"] >= lo) & (reviews["day"] <= hi)]
    if not is_shop:
        rf, rv = rf[rf["agent"] == scope], rv[rv["agent"] == scope]
    all_o = orders[(orders["day"] >= lo) & (orders["day"] <= hi)]
    team_sales = int(all_o[all_o["agent"].notna() & all_o["paid_ok"]]["paid"].sum())
    all_paid = int(all_o[all_o["paid_ok"]]["paid"].sum())

    consulted = int((v["buyer_msgs"] > 0).sum())
    received = int(v["received"].sum())
    enq, ordered, paidn = int(v["enquiry"].sum()), int(v["ordered"].sum()), int(v["paid"].sum())
    sales = int(cp["paid"].sum())
    buyers = cp.groupby("day")["买家会员名"].nunique().sum() if len(cp) else 0
    items = int(cp["items"].sum())
    answered = r[r["gap"].notna()]
    first = answered[answered["first"]]
    metric = r[(r["hour"] >= MH[0]) & (r["hour"] < MH[1])]
    fast = metric[metric["gap"].notna() & (metric["gap"] <= FAST)]
    complaints = int(v["complaint"].sum())
    f = {
        "consulted": consulted,
        "received": received,
        "enquiries": enq,
        "messages": int(v["buyer_msgs"].sum() + v["agent_msgs"].sum()),
        "answer_ratio": ratio(v["agent_msgs"].sum(), v["buyer_msgs"].sum()),
        "enquiry_to_order": ratio(ordered, enq),
        "order_to_pay": ratio(paidn, ordered),
        "conversion": ratio(paidn, enq),
        "sales": ("money", sales),
        "sales_share": ratio(sales, all_paid if is_shop else team_sales),
        "avg_order_value": ("money", half_up(sales, int(buyers))),
        "items_per_buyer": ratio(items, int(buyers)),
        "avg_item_price": ("money", half_up(sales, items)),
        "first_response": ratio(first["gap"].sum(), len(first)),
        "avg_response": ratio(answered["gap"].sum(), len(answered)),
        "slow_responses": int(v["slow"].sum()),
        "fast_reply_rate": ratio(len(fast), len(metric)),
        "reply_rate": ratio(received, consulted),
        "refund_rate": ratio(int(rf["ok"].sum()), len(paid_orders)),
        "refund_amount": ("money", int(rf[rf["ok"]]["amount"].sum())),
        "dispute_rate": ratio(int(rf["dispute"].sum()), len(paid_orders)),
        "complaints": complaints,
        "complaint_rate": ratio(complaints, received),
        "good_review_rate": ratio(int((rv["评价结果"] == "好评").sum()), len(rv)),
        "neutral_bad_reviews": int((rv["评价结果"] != "好评").sum()),
    }
    if is_shop:
        f["silent_sales"] = ("money", all_paid - sales)
        members = AGENTS
    else:
        members = [scope]
    lates = absences = 0
    penalty = 0.0
    for a in members:
        la, ab, pe = attendance_of(a, lo, hi)
        lates, absences, penalty = lates + la, absences + ab, penalty + pe
    f["lates"], f["absences"], f["attendance_penalty"] = lates, absences, penalty
    return f


SALES_FAMILY = {"enquiry_to_order", "order_to_pay", "conversion", "sales", "silent_sales", "sales_share",
                "avg_order_value", "items_per_buyer", "avg_item_price"}
REFUND_FAMILY = {"refund_rate", "refund_amount", "dispute_rate"}


def provisional(kpi, hi):
    if kpi in SALES_FAMILY:
        return NOW < hi + (ORDER_WINDOW + PAY_WINDOW + 1) * DAY
    if kpi in REFUND_FAMILY:
        return NOW < hi + (REFUND_MATURITY + 1) * DAY
    return False


def fmt(x):
    if x is None:
        return ""
    if isinstance(x, tuple):
        fen = x[1]
        if fen is None:
            return ""
        return ("-" if fen < 0 else "") + "%d.%02d" % divmod(abs(int(fen)), 100)
    if isinstance(x, float):
        return "%.9f" % x
    return str(int(x))


print("scope,from,to,kpi,value,provisional")
jobs = [(a, FROM, TO) for a in AGENTS] + [("@shop", FROM, TO)]
d = FROM
while d <= TO:
    jobs.append(("@shop", d, d))
    d += DAY
for scope, lo, hi in jobs:
    for kpi, x in figures(scope, lo, hi).items():
        print(f"{scope},{lo.date()},{hi.date()},{kpi},{fmt(x)},{int(provisional(kpi, hi))}")
