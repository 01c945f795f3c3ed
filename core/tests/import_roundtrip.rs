//! Round trips through the export writers and the import engine: any generated orders written
//! with `export::backoffice::orders_csv` (GBK, `="…"` ids, `无退款申请`), sub-orders written
//! with `sub_orders_csv` (UTF-8 with BOM, minute times) and chat logs written with
//! `export::chat::chat_csv` read back with [`analyse`] as the same typed rows. `analyse` does
//! not mask, so personal fields come back as written.
//!
//! The generators stay within what each written form can carry: text without surrounding
//! whitespace or a leading `=`/`'` (the cleaner strips those, as it must for real exports),
//! GBK-encodable characters for the GBK file, whole minutes where the file writes minutes, and
//! distinct ids (the importer may merge rows that share one), and unpaid orders that are unpaid
//! (status 等待买家付款: no payment time; no payment time: nothing paid).

use kefu_core::export::backoffice::{orders_csv, sub_orders_csv};
use kefu_core::export::chat::chat_csv;
use kefu_core::import::{Options, analyse};
use kefu_core::model::{
    ChatLog, ChatMessage, ChatThread, DatasetData, MsgKind, Order, OrderStatus, RefundState, SubOrder,
};
use kefu_core::{Money, Ts};
use proptest::prelude::*;

/// Characters every generated text is made of: ASCII, CJK, Chinese punctuation, and the
/// characters CSV must quote. All of them are in GBK.
const CHARS: &[char] = &[
    'a', 'Z', '7', ' ', ',', '"', '\n', '-', '/', ':', '棉', '语', '旗', '舰', '店', '小', '美', '退', '款',
    '。', '，', '！', '？', '、', '（', '）', '【', '】', '元', '无',
];

fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(CHARS), 0..=max)
        .prop_map(|v| v.into_iter().collect::<String>())
        .prop_map(|s| s.trim().trim_start_matches(['=', '\'']).trim().to_owned())
}

fn non_empty_text(max: usize) -> impl Strategy<Value = String> {
    text(max).prop_filter("not empty", |s| !s.is_empty())
}

/// A time between 2015 and 2030, to the second.
fn ts() -> impl Strategy<Value = Ts> {
    (1_420_070_400i64..1_893_456_000).prop_map(Ts)
}

/// A time in whole minutes.
fn ts_minute() -> impl Strategy<Value = Ts> {
    ts().prop_map(|t| Ts(t.0 - t.0.rem_euclid(60)))
}

fn money() -> impl Strategy<Value = Money> {
    (0i64..100_000_000).prop_map(Money)
}

fn status() -> impl Strategy<Value = OrderStatus> {
    prop::sample::select(OrderStatus::ALL.to_vec())
}

fn order() -> impl Strategy<Value = Order> {
    (
        (
            prop::sample::select(vec!["棉语旗舰店", "京东自营店", "shop-1"]),
            non_empty_text(12),
            ts(),
            prop::option::of(ts()),
            status(),
        ),
        (money(), money(), money(), money(), money()),
        (0u32..1000, 0u32..50, text(30)),
        (
            prop::option::of(non_empty_text(6)),
            prop::option::of("1[3-9][0-9]{9}"),
            prop::option::of(non_empty_text(30)),
        ),
        (text(20), text(20), text(10), text(6), prop_oneof!["", "[A-Z]{2}[0-9]{10,13}"]),
    )
        .prop_map(|(a, b, c, d, e)| Order {
            id: String::new(),
            shop: a.0.to_owned(),
            buyer: a.1,
            created: a.2,
            paid_at: a.3,
            status: a.4,
            goods: b.0,
            postage: b.1,
            total: b.2,
            paid: b.3,
            refunded: b.4,
            items: c.0,
            kinds: c.1,
            title: c.2,
            receiver: d.0,
            phone: d.1,
            address: d.2,
            buyer_note: e.0,
            seller_note: e.1,
            close_reason: e.2,
            carrier: e.3,
            tracking_no: e.4,
        })
        .prop_map(unpaid_is_unpaid)
}

/// The model's rule for unpaid orders: an order waiting for payment has no payment time, and
/// one without a payment time paid nothing.
fn unpaid_is_unpaid(mut o: Order) -> Order {
    if o.status == OrderStatus::AwaitingPayment {
        o.paid_at = None;
    }
    if o.paid_at.is_none() {
        o.paid = Money::ZERO;
    }
    o
}

/// Distinct ids: a random prefix and the row's index.
fn with_ids<T>(mut rows: Vec<T>, prefix: u64, set: impl Fn(&mut T, String)) -> Vec<T> {
    for (i, r) in rows.iter_mut().enumerate() {
        set(r, format!("{}{:04}", prefix, i));
    }
    rows
}

fn refund_state() -> impl Strategy<Value = RefundState> {
    prop::sample::select(vec![
        RefundState::None,
        RefundState::InProgress,
        RefundState::Succeeded,
        RefundState::Closed,
    ])
}

fn sub_order() -> impl Strategy<Value = SubOrder> {
    (
        ("[1-9][0-9]{15}", non_empty_text(20), money(), 1u32..100, text(20), text(8)),
        (status(), text(12), money(), refund_state(), money(), ts_minute(), prop::option::of(ts_minute())),
    )
        .prop_map(|(a, b)| SubOrder {
            id: String::new(),
            order_id: a.0,
            title: a.1,
            price: a.2,
            qty: a.3,
            sku: a.4,
            package: a.5,
            status: b.0,
            merchant_code: b.1,
            paid: b.2,
            refund_state: b.3,
            refunded: b.4,
            created: b.5,
            paid_at: b.6,
        })
        .prop_map(|mut s| {
            if s.status == OrderStatus::AwaitingPayment {
                s.paid_at = None;
            }
            if s.paid_at.is_none() {
                s.paid = Money::ZERO;
            }
            s
        })
}

/// Reads `bytes` as the file `name`: exactly one table, no row errors, its rows.
fn read_back(name: &str, bytes: &[u8]) -> Result<DatasetData, TestCaseError> {
    let mut tick = |_: u64, _: u64| Ok(());
    let outcomes =
        analyse(name, bytes.len() as u64, std::io::Cursor::new(bytes), &Options::default(), &mut tick)
            .map_err(|_| TestCaseError::fail("cancelled"))?;
    prop_assert_eq!(outcomes.len(), 1);
    let a = match outcomes.into_iter().next() {
        Some(Ok(a)) => a,
        Some(Err(e)) => return Err(TestCaseError::fail(format!("file error: {e:?}"))),
        None => return Err(TestCaseError::fail("no outcome")),
    };
    let errors: Vec<String> =
        a.report.errors.listed.iter().map(|e| e.message(name, kefu_core::Lang::En)).collect();
    prop_assert!(errors.is_empty(), "row errors: {:#?}", errors);
    prop_assert!(!a.report.needs_mapping, "asks for a mapping: {:?}", a.report);
    a.data.ok_or_else(|| TestCaseError::fail("no data"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn orders_survive_the_gbk_export(rows in prop::collection::vec(order(), 1..8), prefix in 1_000_000_000_000u64..9_000_000_000_000) {
        let rows = with_ids(rows, prefix, |o, id| o.id = id);
        let mut bytes = Vec::new();
        orders_csv(&mut bytes, &rows).expect("writes");
        match read_back("订单报表.csv", &bytes)? {
            DatasetData::Orders(back) => prop_assert_eq!(back, rows),
            other => prop_assert!(false, "read as {:?}", other.kind()),
        }
    }

    #[test]
    fn sub_orders_survive_the_utf8_export(rows in prop::collection::vec(sub_order(), 1..8), prefix in 1_000_000_000_000u64..9_000_000_000_000) {
        let rows = with_ids(rows, prefix, |s, id| s.id = id);
        let mut bytes = Vec::new();
        sub_orders_csv(&mut bytes, &rows).expect("writes");
        match read_back("宝贝报表.csv", &bytes)? {
            DatasetData::SubOrders(back) => prop_assert_eq!(back, rows),
            other => prop_assert!(false, "read as {:?}", other.kind()),
        }
    }

    #[test]
    fn chat_logs_survive_the_generic_csv(log in chat_log()) {
        let mut bytes = Vec::new();
        chat_csv(&mut bytes, &log).expect("writes");
        match read_back("聊天记录.csv", &bytes)? {
            DatasetData::Chats(back) => prop_assert_eq!(canonical(&back), canonical(&log)),
            other => prop_assert!(false, "read as {:?}", other.kind()),
        }
    }
}

/// A message as names and values, independent of the order names were interned in.
type Flat = (String, String, Vec<(Ts, String, String, String)>);

/// Threads sorted by shop and buyer, each message with its names resolved.
fn canonical(log: &ChatLog) -> Vec<Flat> {
    let mut v: Vec<Flat> = log
        .threads
        .iter()
        .map(|t| {
            let msgs = t
                .messages
                .iter()
                .map(|m| {
                    let kind = match m.kind {
                        MsgKind::Transfer { to } => format!("transfer to {}", log.name(to)),
                        k => format!("{k:?}"),
                    };
                    (m.ts, log.name(m.from).to_owned(), kind, m.text.clone())
                })
                .collect();
            (t.shop.clone(), log.name(t.buyer).to_owned(), msgs)
        })
        .collect();
    v.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    v
}

/// What one generated message is, before names are interned.
#[derive(Clone, Debug)]
enum Gen {
    Buyer,
    Agent(usize),
    Auto(usize),
    System,
    Transfer(usize, usize),
}

fn gen_msg() -> impl Strategy<Value = (Gen, u16, String)> {
    let kind = prop_oneof![
        4 => Just(Gen::Buyer),
        4 => (0usize..3).prop_map(Gen::Agent),
        1 => (0usize..3).prop_map(Gen::Auto),
        1 => Just(Gen::System),
        1 => (0usize..3, 0usize..3).prop_map(|(a, b)| Gen::Transfer(a, b)),
    ];
    (kind, 1u16..3600, non_empty_text(40))
}

/// Threads of distinct (shop, buyer) pairs; messages in strictly increasing time.
fn chat_log() -> impl Strategy<Value = ChatLog> {
    let thread = (0usize..2, "[a-z][a-z0-9_]{2,8}", ts(), prop::collection::vec(gen_msg(), 1..12));
    prop::collection::vec(thread, 1..5).prop_map(|threads| {
        let shops = ["棉语旗舰店", "棉语童装店"];
        let mut log = ChatLog::default();
        let mut seen = std::collections::HashSet::new();
        for (si, buyer, start, msgs) in threads {
            let shop = shops[si];
            if !seen.insert((si, buyer.clone())) {
                continue;
            }
            let buyer_id = log.intern(&buyer);
            let agents: Vec<u32> =
                ["小美", "小雅", "阿杰"].iter().map(|a| log.intern(&format!("{shop}:{a}"))).collect();
            let system = log.intern("系统消息");
            let mut t = start;
            let mut messages = Vec::new();
            for (g, gap, text) in msgs {
                t = t.plus(i64::from(gap));
                let (from, kind, text) = match g {
                    Gen::Buyer => (buyer_id, MsgKind::Buyer, text),
                    Gen::Agent(a) => (agents[a], MsgKind::Agent, text),
                    Gen::Auto(a) => (agents[a], MsgKind::Auto, text),
                    Gen::System => (system, MsgKind::System, text),
                    Gen::Transfer(a, b) => (agents[a], MsgKind::Transfer { to: agents[b] }, String::new()),
                };
                messages.push(ChatMessage { ts: t, from, kind, text });
            }
            log.threads.push(ChatThread { shop: shop.to_owned(), buyer: buyer_id, messages });
        }
        log
    })
}
