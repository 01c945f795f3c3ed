//! Properties of the KPI engine on random chat logs and orders: counts nest (received ≤
//! consulted, paid ≤ ordered ≤ enquiries…), agents' sales add up to the shop's credited sales,
//! days add up to ranges, explanations count exactly the figure's rows, nothing panics.

use chrono::NaiveDate;
use kefu_core::kpi::{Kpi, KpiConfig, KpiIndex, KpiInputs, Scope, Value};
use kefu_core::model::{ChatLog, ChatMessage, ChatThread, MsgKind, Order, OrderStatus, Period};
use kefu_core::{Lang, Money, Ts};
use proptest::prelude::*;

const AGENTS: u32 = 3;
const BUYERS: u32 = 4;

fn t0() -> Ts {
    Ts::from_ymd_hms(2026, 11, 2, 0, 0, 0).unwrap()
}

/// (buyer, [(seconds after t0, kind 0..5, agent)]): one thread.
type Thread = (u32, Vec<(i64, u8, u32)>);
/// (buyer, created after t0, paid after creation, amount).
type OrderSpec = (u32, i64, Option<i64>, i64);

fn world() -> impl Strategy<Value = (Vec<Thread>, Vec<OrderSpec>)> {
    let msgs = prop::collection::vec((0i64..3 * 86_400, 0u8..6, 0..AGENTS), 0..40);
    let threads = prop::collection::vec((0..BUYERS, msgs), 0..6);
    let orders = prop::collection::vec(
        (0..BUYERS, 0i64..4 * 86_400, prop::option::of(0i64..10 * 86_400), 1i64..50_000),
        0..8,
    );
    (threads, orders)
}

fn build(threads: &[Thread]) -> ChatLog {
    let mut names: Vec<String> = (0..AGENTS).map(|a| format!("店:客服{a}")).collect();
    names.extend((0..BUYERS).map(|b| format!("买家{b}")));
    let mut log = ChatLog { names, threads: Vec::new() };
    let mut seen = Vec::new();
    for (buyer, msgs) in threads {
        if seen.contains(buyer) {
            continue; // one thread per buyer and shop
        }
        seen.push(*buyer);
        let mut ms: Vec<ChatMessage> = msgs
            .iter()
            .map(|&(s, k, a)| {
                let (from, kind, text) = match k {
                    0 | 1 => (AGENTS + buyer, MsgKind::Buyer, if s % 7 == 0 { "我要投诉" } else { "在吗" }),
                    2 | 3 => (a, MsgKind::Agent, "您好"),
                    4 => (a, MsgKind::Auto, "自动回复"),
                    _ => (a, MsgKind::Transfer { to: (a + 1) % AGENTS }, ""),
                };
                ChatMessage { ts: t0().plus(s), from, kind, text: text.into() }
            })
            .collect();
        ms.sort_by_key(|m| m.ts);
        log.threads.push(ChatThread { shop: "店".into(), buyer: AGENTS + buyer, messages: ms });
    }
    log
}

fn order(i: usize, &(buyer, created, paid, amount): &OrderSpec) -> Order {
    let created = t0().plus(created);
    Order {
        id: format!("o{i}"),
        shop: "店".into(),
        buyer: format!("买家{buyer}"),
        created,
        paid_at: paid.map(|p| created.plus(p)),
        status: if paid.is_some() { OrderStatus::Completed } else { OrderStatus::AwaitingPayment },
        goods: Money(amount),
        postage: Money::ZERO,
        total: Money(amount),
        paid: if paid.is_some() { Money(amount) } else { Money::ZERO },
        refunded: Money::ZERO,
        items: 1 + (i as u32 % 3),
        kinds: 1,
        title: "T恤".into(),
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

fn count(v: Option<Value>) -> u64 {
    match v {
        Some(Value::Count(c)) => c,
        other => panic!("not a count: {other:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]
    #[test]
    fn figures_nest_and_add_up((threads, orders) in world()) {
        let log = build(&threads);
        let orders: Vec<Order> = orders.iter().enumerate().map(|(i, o)| order(i, o)).collect();
        let inputs = KpiInputs { chats: vec![&log], orders: orders.iter().collect(), ..KpiInputs::default() };
        let idx = KpiIndex::build(&inputs, &KpiConfig::default());
        let Some(span) = idx.span() else { return Ok(()) };
        let mut scopes: Vec<Scope> = idx.agents.iter().map(|a| Scope::Agent(a.account.clone())).collect();
        scopes.push(Scope::Shop(None));
        let mut agent_sales = 0i64;
        for s in &scopes {
            let r = idx.row(s, &span, None, Lang::Zh);
            let c = |k| count(r.value(k));
            prop_assert!(c(Kpi::Received) <= c(Kpi::Consulted));
            prop_assert!(c(Kpi::Enquiries) <= c(Kpi::Consulted));
            prop_assert!(c(Kpi::SlowResponses) <= c(Kpi::Consulted) + c(Kpi::Received));
            let cell = idx.sum(s, &span);
            prop_assert!(cell.enq_paid <= cell.enq_ordered && cell.enq_ordered <= cell.enquiries);
            prop_assert!(cell.answered <= cell.rounds && cell.metric_fast <= cell.metric_rounds);
            prop_assert!(cell.first_n <= cell.resp_n);
            prop_assert!(cell.paying_buyers <= cell.credited_paid);
            for k in [Kpi::Conversion, Kpi::ReplyRate, Kpi::FastReplyRate, Kpi::SalesShare] {
                if let Some(v) = r.value(k) { prop_assert!((0.0..=1.0 + 1e-12).contains(&v.as_f64()), "{k:?} {v:?}"); }
            }
            let e = idx.explain(Kpi::Consulted, s, &span, None, 1000, Lang::Zh);
            prop_assert_eq!(e.total_rows, c(Kpi::Consulted));
            let days = KpiIndex::slices(&span, kefu_core::kpi::GroupBy::Day);
            let by_day: u64 = days.iter().map(|p| count(idx.row(s, p, None, Lang::Zh).value(Kpi::Messages))).sum();
            prop_assert_eq!(by_day, c(Kpi::Messages));
            if let Scope::Agent(_) = s {
                agent_sales += cell.sales;
            } else {
                prop_assert_eq!(agent_sales, cell.sales);
                prop_assert!(cell.sales <= cell.all_paid);
            }
        }
        let empty = Period { from: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(), to: NaiveDate::from_ymd_opt(2020, 1, 2).unwrap() };
        prop_assert_eq!(count(idx.row(&Scope::Shop(None), &empty, None, Lang::Zh).value(Kpi::Consulted)), 0);
    }
}
