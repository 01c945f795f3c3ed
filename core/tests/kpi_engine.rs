//! KPI engine behaviour beyond the oracle: explanations list exactly the rows behind a figure,
//! the JD attribution variant, the stats-file fallback, additivity of ranges and teams,
//! provisional marking, appraisal, report data and the exports.

mod kpi_common;

use std::collections::HashMap;

use chrono::NaiveDate;
use kefu_core::kpi::appraisal::{AppraisalInputs, appraise, default_templates};
use kefu_core::kpi::report::{ReportKind, ReportSpec, report};
use kefu_core::kpi::{
    Attribution, GroupBy, Kpi, KpiConfig, KpiIndex, KpiInputs, Mode, QaScores, RowRef, Scope, Value, export,
};
use kefu_core::model::{
    AgentStat, ChatLog, ChatMessage, ChatThread, MsgKind, Order, OrderStatus, Period, Role,
};
use kefu_core::{Lang, Money, Ts};

fn d(x: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, x).unwrap()
}

fn fixture() -> KpiIndex {
    kpi_common::index(&kpi_common::datasets(), &kpi_common::config())
}

fn agent(s: &str) -> Scope {
    Scope::Agent(format!("棉语旗舰店:{s}"))
}

#[test]
fn explanations_list_the_rows_behind_the_figure() {
    let idx = fixture();
    let p = kpi_common::period();
    let e = idx.explain(Kpi::Sales, &agent("小美"), &p, None, 50, Lang::Zh);
    let ids: Vec<&str> = e
        .rows
        .iter()
        .filter_map(|r| if let RowRef::Order { id, .. } = r { Some(id.as_str()) } else { None })
        .collect();
    assert_eq!(ids, ["5004", "5007"]);
    assert_eq!(e.value_text, "¥478.00");
    assert!(e.note.is_some() && e.formula.contains("实付"));

    // Silent sales: the orders nobody was credited with (5002 on day 3, 5006, 5008).
    let e = idx.explain(Kpi::SilentSales, &Scope::Shop(None), &p, None, 50, Lang::En);
    let mut ids: Vec<String> = e
        .rows
        .iter()
        .filter_map(|r| if let RowRef::Order { id, .. } = r { Some(id.clone()) } else { None })
        .collect();
    ids.sort();
    assert_eq!(ids, ["5002", "5006", "5008"]);

    // First response: the listed gaps average to the figure; the cap keeps the count.
    let e = idx.explain(Kpi::FirstResponse, &Scope::Shop(None), &p, None, 3, Lang::Zh);
    assert_eq!(e.rows.len(), 3);
    let all = idx.explain(Kpi::FirstResponse, &Scope::Shop(None), &p, None, 1000, Lang::Zh);
    assert_eq!(all.total_rows, e.total_rows);
    let gaps: Vec<i64> =
        all.rows.iter().filter_map(|r| if let RowRef::Round { gap, .. } = r { *gap } else { None }).collect();
    assert_eq!(gaps.len() as u64, all.total_rows);
    let mean = gaps.iter().sum::<i64>() as f64 / gaps.len() as f64;
    assert_eq!(all.figure.value, Some(Value::Num(mean)));

    // Consulted at shop level: one row per buyer and day, incl. the buyer nobody answered.
    let e = idx.explain(Kpi::Consulted, &Scope::Shop(None), &p, None, 100, Lang::Zh);
    assert_eq!(e.total_rows, 11);
    assert!(
        e.rows
            .iter()
            .any(|r| matches!(r, RowRef::Visit { buyer, received: false, .. } if buyer == "tb_买家十"))
    );

    // Attendance: the events and their points.
    let e = idx.explain(Kpi::AttendancePenalty, &agent("小美"), &p, None, 100, Lang::Zh);
    let points: f64 =
        e.rows.iter().map(|r| if let RowRef::Attendance { points, .. } = r { *points } else { 0.0 }).sum();
    assert_eq!(points, 5.0);
}

fn msg(ts: Ts, from: u32, kind: MsgKind, text: &str) -> ChatMessage {
    ChatMessage { ts, from, kind, text: text.into() }
}

fn order(
    id: &str,
    buyer: &str,
    created: Ts,
    paid: Option<Ts>,
    amount: i64,
    title: &str,
    status: OrderStatus,
) -> Order {
    Order {
        id: id.into(),
        shop: "店".into(),
        buyer: buyer.into(),
        created,
        paid_at: paid,
        status,
        goods: Money(amount),
        postage: Money::ZERO,
        total: Money(amount),
        paid: if paid.is_some() { Money(amount) } else { Money::ZERO },
        refunded: Money::ZERO,
        items: 1,
        kinds: 1,
        title: title.into(),
        receiver: None,
        phone: None,
        address: None,
        buyer_note: String::new(),
        seller_note: String::new(),
        close_reason: String::new(),
        carrier: String::new(),
        tracking_no: String::new(),
    }
}

#[test]
fn jd_credits_the_agent_who_discussed_the_sku_and_drops_closed_orders() {
    let t = |day, h, m| Ts::from_ymd_hms(2026, 11, day, h, m, 0).unwrap();
    let log = ChatLog {
        names: vec!["店:甲".into(), "店:乙".into(), "买家".into()],
        threads: vec![ChatThread {
            shop: "店".into(),
            buyer: 2,
            messages: vec![
                msg(t(2, 10, 0), 2, MsgKind::Buyer, "羊毛围巾还有吗"),
                msg(t(2, 10, 1), 0, MsgKind::Agent, "羊毛围巾有的"),
                msg(t(2, 15, 0), 2, MsgKind::Buyer, "快递发哪家"),
                msg(t(2, 15, 1), 1, MsgKind::Agent, "默认中通"),
            ],
        }],
    };
    let orders = [
        order("A", "买家", t(2, 16, 0), Some(t(2, 16, 1)), 9900, "羊毛围巾", OrderStatus::Completed),
        order("B", "买家", t(3, 9, 0), Some(t(3, 9, 1)), 5000, "手套", OrderStatus::Closed),
        order("C", "买家", t(4, 12, 0), Some(t(4, 12, 1)), 3000, "帽子", OrderStatus::Completed),
    ];
    let inputs = KpiInputs { chats: vec![&log], orders: orders.iter().collect(), ..KpiInputs::default() };
    let p = Period { from: d(1), to: d(5) };
    let sales =
        |idx: &KpiIndex, who: &str| idx.row(&Scope::Agent(who.into()), &p, None, Lang::Zh).value(Kpi::Sales);

    let tb = KpiIndex::build(&inputs, &KpiConfig::default());
    // Taobao: the last agent before the order gets it; B (next day) too; C (day 3) is silent.
    assert_eq!(sales(&tb, "店:乙"), Some(Value::Money(Money(14900))));
    assert_eq!(sales(&tb, "店:甲"), Some(Value::Money(Money(0))));
    let jd = KpiIndex::build(&inputs, &KpiConfig { attribution: Attribution::jd(), ..KpiConfig::default() });
    // JD: 甲 talked about the 羊毛围巾; B is closed and removed; C is outside 24 h.
    assert_eq!(sales(&jd, "店:甲"), Some(Value::Money(Money(9900))));
    assert_eq!(sales(&jd, "店:乙"), Some(Value::Money(Money(0))));
    let shop = jd.row(&Scope::Shop(None), &p, None, Lang::Zh);
    assert_eq!(shop.value(Kpi::SilentSales), Some(Value::Money(Money(3000))));
}

fn stat(
    agent: &str,
    day: u32,
    consulted: u32,
    enq: u32,
    paid: Option<u32>,
    sales: i64,
    resp: f64,
) -> AgentStat {
    AgentStat {
        agent: agent.into(),
        from: d(day),
        to: d(day),
        consulted: Some(consulted),
        received: Some(consulted - 1),
        enquiries: Some(enq),
        enquiry_paid: paid,
        conversion: paid.map(|p| p as f64 / enq as f64),
        sales: Some(Money(sales)),
        avg_order_value: paid.filter(|p| *p > 0).map(|p| Money(sales / p as i64)),
        reply_rate: Some(0.9),
        avg_response_secs: Some(resp),
        ratings: [3, 1, 0, 0, 1],
        ..AgentStat::default()
    }
}

#[test]
fn stats_files_alone_give_the_kpis() {
    let rows = [
        stat("店:甲", 2, 11, 10, Some(4), 40000, 20.0),
        stat("店:甲", 3, 21, 20, None, 0, 30.0),
        stat("店:乙", 2, 6, 5, Some(1), 10000, 10.0),
    ];
    let inputs = KpiInputs { stats: rows.iter().collect(), ..KpiInputs::default() };
    // "Now" is long after: only the blank conversion keeps a figure provisional.
    let idx = KpiIndex::build(
        &inputs,
        &KpiConfig { now: Ts::from_ymd_hms(2026, 11, 30, 0, 0, 0), ..KpiConfig::default() },
    );
    assert_eq!(idx.mode, Mode::Stats);
    let p = Period { from: d(2), to: d(3) };
    let a = idx.row(&Scope::Agent("店:甲".into()), &p, None, Lang::Zh);
    assert_eq!(a.value(Kpi::Consulted), Some(Value::Count(32)));
    assert_eq!(a.value(Kpi::Enquiries), Some(Value::Count(30)));
    assert_eq!(a.value(Kpi::Conversion), Some(Value::Num(4.0 / 30.0)));
    assert!(a.get(Kpi::Conversion).unwrap().provisional, "the newest day's conversion was blank");
    assert_eq!(a.value(Kpi::AvgOrderValue), Some(Value::Money(Money(10000))));
    // Average response weighted by buyers received: (20×10 + 30×20) / 30.
    assert_eq!(a.value(Kpi::AvgResponse), Some(Value::Num((200.0 + 600.0) / 30.0)));
    assert_eq!(a.value(Kpi::Satisfaction), Some(Value::Num(8.0 / 10.0)));
    assert_eq!(a.value(Kpi::Messages), None, "not in the stats files");
    let day2 = idx.row(&Scope::Shop(None), &Period { from: d(2), to: d(2) }, None, Lang::Zh);
    assert_eq!(day2.value(Kpi::Sales), Some(Value::Money(Money(50000))));
    assert!(!day2.get(Kpi::Conversion).unwrap().provisional);
    let e = idx.explain(Kpi::Consulted, &Scope::Agent("店:甲".into()), &p, None, 10, Lang::Zh);
    assert_eq!(e.total_rows, 2);
}

#[test]
fn the_imported_chitu_report_feeds_the_fallback() {
    let path = kpi_common::dir().join("../import/agent-stats/赤兔-客服绩效-gbk_2026-11-01至2026-11-02.csv");
    let bytes = std::fs::read(&path).unwrap();
    let mut tick = kefu_core::jobs::no_tick();
    let out = kefu_core::import::analyse(
        "x.csv",
        bytes.len() as u64,
        std::io::Cursor::new(bytes),
        &Default::default(),
        &mut tick,
    )
    .unwrap();
    let data: Vec<_> = out.into_iter().filter_map(|o| o.ok().and_then(|a| a.data)).collect();
    let idx = KpiIndex::build(&KpiInputs::from_datasets(&data), &KpiConfig::default());
    assert_eq!(idx.mode, Mode::Stats);
    let span = idx.span().unwrap();
    let t = idx.table(&span, GroupBy::Agent, None, None, Lang::Zh);
    assert!(!t.rows.is_empty());
    let consulted: u64 =
        t.rows.iter().filter_map(|r| r.value(Kpi::Consulted)).map(|v| v.as_f64() as u64).sum();
    assert!(consulted > 0);
    assert_eq!(t.total.value(Kpi::Consulted), Some(Value::Count(consulted)));
}

#[test]
fn ranges_and_teams_add_up_and_maturity_ends() {
    let ws =
        kefu_core::demo::generate_simple(&kefu_core::demo::DemoConfig { days: 14, ..Default::default() });
    let mut inputs = KpiInputs { chats: vec![&ws.chats], ..KpiInputs::default() };
    inputs.orders = ws.orders.iter().collect();
    inputs.refunds = ws.refunds.iter().collect();
    inputs.reviews = ws.reviews.iter().collect();
    inputs.staff = ws.staff.iter().collect();
    let idx = KpiIndex::build(&inputs, &KpiConfig::default());
    let span = idx.span().unwrap();
    let by_day = idx.table(&span, GroupBy::Day, None, None, Lang::Zh);
    let by_agent = idx.table(&span, GroupBy::Agent, None, None, Lang::Zh);
    let by_role = idx.table(&span, GroupBy::Role, None, None, Lang::Zh);
    for k in [
        Kpi::Consulted,
        Kpi::Received,
        Kpi::Enquiries,
        Kpi::Messages,
        Kpi::Sales,
        Kpi::SilentSales,
        Kpi::RefundAmount,
    ] {
        let sum = |rows: &[kefu_core::kpi::KpiRow]| {
            rows.iter().filter_map(|r| r.value(k)).map(Value::as_f64).sum::<f64>()
        };
        let total = by_day.total.value(k).map(Value::as_f64).unwrap_or(0.0);
        assert!((sum(&by_day.rows) - total).abs() < 1e-6, "{k:?}: days add up to the range");
        if matches!(k, Kpi::Sales) {
            assert!((sum(&by_agent.rows) - total).abs() < 1e-6, "agent sales add up to the shop's");
        }
        if !matches!(k, Kpi::SilentSales) {
            assert!(
                (sum(&by_role.rows) - sum(&by_agent.rows)).abs() < 1e-6,
                "{k:?}: teams are sums of their agents"
            );
        }
    }
    // Buyers talking to two agents the same day count once for the shop.
    let shop = by_agent.total.value(Kpi::Consulted).unwrap().as_f64();
    let agents: f64 = by_agent.rows.iter().filter_map(|r| r.value(Kpi::Consulted)).map(Value::as_f64).sum();
    assert!(shop <= agents && shop > 0.0);
    // The last days are provisional until the payment window has passed.
    assert!(by_agent.total.get(Kpi::Conversion).unwrap().provisional);
    let later = KpiConfig { now: Ts::from_date(span.to).plus(9 * Ts::DAY).into(), ..KpiConfig::default() };
    let idx2 = KpiIndex::build(&inputs, &later);
    let row = idx2.row(&Scope::Shop(None), &span, None, Lang::Zh);
    assert!(!row.get(Kpi::Conversion).unwrap().provisional);
    assert!(row.get(Kpi::RefundRate).unwrap().provisional, "refunds mature after 30 days");
    assert!(row.value(Kpi::Conversion).is_some_and(|v| v.as_f64() > 0.0 && v.as_f64() < 1.0));
    assert!(row.value(Kpi::AvgResponse).is_some_and(|v| v.as_f64() > 0.0));
}

#[test]
fn appraisal_scores_grades_and_ranks() {
    let idx = fixture();
    let mut inputs = AppraisalInputs::default();
    inputs.supervisor.insert("棉语旗舰店:小美".into(), 90.0);
    inputs.comments.insert("棉语旗舰店:小美".into(), "=1+1 主动催付做得好".into());
    inputs.previous_grades.insert("棉语旗舰店:小雨".into(), "不合格".into());
    // One complaint in the register judged valid (有效投诉); buyers' complaint words cost nothing.
    inputs.valid_complaints.insert("棉语旗舰店:小雨".into(), 1.0);
    let mut qa = HashMap::new();
    qa.insert("棉语旗舰店:阿杰".to_string(), QaScores { auto: Some(88.0), review: Some(80.0), critical: 1 });
    inputs.qa = Some(qa);
    let r = appraise(&idx, &kpi_common::period(), &default_templates(Lang::Zh), &inputs, Lang::Zh);
    assert_eq!(r.sheets.len(), 3);
    let by = |a: &str| r.sheets.iter().find(|s| s.agent.ends_with(a)).unwrap();
    let mei = by("小美");
    assert_eq!(mei.template, "售前月度考核");
    assert_eq!(mei.penalty, 5.0, "the 3rd late arrival of the month");
    let total_weight: f64 = mei.items.iter().filter(|i| i.pct.is_some()).map(|i| i.points).sum();
    assert!((total_weight - mei.kpi_score).abs() < 1e-9);
    assert!((mei.total - (mei.kpi_score - 5.0)).abs() < 1e-9);
    let jie = by("阿杰");
    assert_eq!(jie.penalty, 20.0 + 10.0, "absence + one critical QA failure");
    let yu = by("小雨");
    assert_eq!(yu.template, "售后月度考核");
    assert!(yu.penalty >= 20.0, "one valid complaint");
    assert!(r.sheets.windows(2).all(|w| w[0].total >= w[1].total && w[0].rank <= w[1].rank));
    assert_eq!(r.sheets[0].rank, 1);
    for s in &r.sheets {
        let g =
            default_templates(Lang::Zh)[0].grades.iter().find(|g| s.total >= g.min).unwrap().label.clone();
        assert_eq!(s.grade, g);
    }
    if yu.grade == "不合格" {
        assert!(yu.warning.is_some());
    }
    let mut csv = Vec::new();
    export::ranking_csv(&mut csv, &r, Lang::Zh).unwrap();
    let text = String::from_utf8(csv).unwrap();
    assert!(text.contains("'=1+1 主动催付做得好"), "formulas neutralised");
    let mut xlsx = Vec::new();
    export::ranking_xlsx(&mut xlsx, &r, Lang::En).unwrap();
    assert!(xlsx.starts_with(b"PK"));
}

#[test]
fn report_data_adds_up() {
    let idx = fixture();
    let spec = ReportSpec { kind: ReportKind::Weekly, period: kpi_common::period(), ..ReportSpec::default() };
    let r = report(&idx, &spec, None, Lang::Zh);
    assert_eq!(r.previous, Period { from: NaiveDate::from_ymd_opt(2026, 10, 26).unwrap(), to: d(1) });
    let enq = r.headline.iter().find(|h| h.kpi == Kpi::Enquiries).unwrap();
    assert_eq!(enq.current.value, Some(Value::Count(9)));
    assert_eq!(enq.previous.value, Some(Value::Count(0)));
    assert_eq!(enq.change, Some(9.0));
    assert_eq!(enq.better, Some(true));
    let heat: u32 = r.heat.iter().flat_map(|h| h.iter()).sum();
    assert_eq!(heat, 9, "heat map = enquiries");
    assert_eq!(r.heat[2][23], 1, "tb_买家五 enquired on Wednesday 23:59");
    let hist: u64 = r.response_hist.iter().map(|b| b.1).sum();
    let answered =
        idx.explain(Kpi::AvgResponse, &Scope::Shop(None), &spec.period, None, 0, Lang::Zh).total_rows;
    assert_eq!(hist, answered);
    assert_eq!(r.trend[0].points.len(), 7);
    assert_eq!(r.bars[0].points.len(), 3);
    assert!(r.provisional);
    let svg = kefu_core::kpi::svg::line_chart(&r.title, &r.trend[..1], Kpi::Enquiries.unit(), Lang::Zh);
    assert!(svg.contains("询单人数"));
    let charts = kefu_core::kpi::svg::report_charts(&r, Lang::Zh);
    assert_eq!(charts.len(), r.trend.len() + r.bars.len() + 2);
    assert!(charts.iter().all(|c| c.svg.starts_with("<svg") && c.svg.ends_with("</svg>")));
}

#[test]
fn exports_are_safe_and_typed() {
    let mut idx = fixture();
    idx.agents[0].account = "=HYPERLINK(\"http://x\")".into();
    let t = idx.table(&kpi_common::period(), GroupBy::Agent, None, None, Lang::Zh);
    let mut csv = Vec::new();
    export::table_csv(&mut csv, &t, Lang::Zh).unwrap();
    let text = String::from_utf8(csv).unwrap();
    assert!(text.starts_with('\u{feff}'));
    assert!(text.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{text}");
    assert!(text.lines().nth(1).unwrap().contains(",478.00,") || text.contains(",806.50,"));
    let mut xlsx = Vec::new();
    export::table_xlsx(&mut xlsx, &t, Lang::Zh).unwrap();
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).unwrap();
    let sheet = wb.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(sheet.get((0, 1)).unwrap().to_string(), "咨询人数");
    let shop_row = (1..sheet.height())
        .find(|&r| sheet.get((r, 0)) == Some(&calamine::Data::String("全店".into())))
        .unwrap();
    let sales_col = 1 + Kpi::ALL.iter().position(|k| *k == Kpi::Sales).unwrap();
    assert_eq!(sheet.get((shop_row, sales_col)).unwrap(), &calamine::Data::Float(806.5));
    let _ = Role::PreSale;
}
