//! Tests of the semantic layer of table imports: the field lists, header detection and
//! mapping (`import::schema`), the table builders (`import::rows`) on hand-built rows with the
//! back-office quirks, and a round trip demo workspace → back-office writers → import.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use kefu_core::demo::{DemoConfig, DemoWorkspace, generate_simple};
use kefu_core::export::backoffice::{
    self, AGENT_STAT_HEADERS, ATTENDANCE_HEADERS, ORDER_HEADERS, REFUND_HEADERS, REVIEW_HEADERS,
    STAFF_HEADERS, SUB_ORDER_HEADERS,
};
use kefu_core::import::clean::normalize_header;
use kefu_core::import::rows::{BuildCtx, RowOutcome, RowSink, builder};
use kefu_core::import::schema::{self, Layout, auto_mapping, detect, missing_required};
use kefu_core::import::table::Record;
use kefu_core::import::{Mapping, Problem};
use kefu_core::model::{
    AgentStat, Attendance, AttendanceStatus, DatasetData, Dsr, Order, OrderStatus, Rating, Refund,
    RefundPhase, RefundState, RefundStatus, Review, Role, Ruling, Staff, SubOrder,
};
use kefu_core::{Money, Ts};

// ---------------------------------------------------------------------------------------------
// Helpers

fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|s| (*s).to_owned()).collect()
}

fn ts(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Ts {
    Ts::from_ymd_hms(y, mo, d, h, mi, s).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// What building one table gave.
struct Built {
    data: DatasetData,
    sink: RowSink,
    outcomes: Vec<RowOutcome>,
    mapping: Mapping,
}

/// Detects the header in `rows` (must be confident and of `layout`), maps it and builds every
/// row after it, numbering rows from 1 as a spreadsheet does.
fn import(layout: Layout, file: &str, rows: &[Vec<String>]) -> Built {
    let guess = detect(rows).expect("a header");
    assert_eq!(guess.layout, layout, "{file}: candidates {:?}", guess.candidates);
    assert!(guess.confident, "{file}: not confident: {:?}", guess.candidates);
    build_with(layout, file, rows, guess.row)
}

fn build_with(layout: Layout, file: &str, rows: &[Vec<String>], header_row: usize) -> Built {
    let header = rows[header_row].clone();
    let mapping = auto_mapping(layout, &header);
    assert!(missing_required(layout, &mapping).is_empty(), "{file}: required fields without a column");
    let ctx = BuildCtx {
        file,
        header: &header,
        mapping: &mapping,
        period_hint: kefu_core::import::clean::period_in_name(file),
    };
    let mut b = builder(layout, &ctx);
    let mut sink = RowSink::new(layout, &header, &mapping);
    let mut outcomes = Vec::new();
    for (i, r) in rows.iter().enumerate().skip(header_row + 1) {
        let rec = Record::from_cells(r.iter().map(String::as_str));
        outcomes.push(b.push(&rec, i as u64 + 1, &mut sink));
    }
    let n = b.rows();
    let data = b.finish();
    assert_eq!(data.rows(), n);
    Built { data, sink, outcomes, mapping }
}

fn orders_of(d: DatasetData) -> Vec<Order> {
    match d {
        DatasetData::Orders(v) => v,
        other => panic!("not orders: {:?}", other.kind()),
    }
}

fn table(header: &[&str], rows: &[&[&str]]) -> Vec<Vec<String>> {
    let mut t = vec![strings(header)];
    t.extend(rows.iter().map(|r| strings(r)));
    t
}

fn errors(b: &Built) -> Vec<(u64, Option<String>, String, Problem)> {
    b.sink
        .errors
        .listed
        .iter()
        .map(|e| (e.row, e.column.clone(), e.value.clone(), e.problem.clone()))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Field lists

#[test]
fn field_lists_have_unique_keys_and_normalised_unshared_synonyms() {
    for layout in Layout::ALL {
        let fields = layout.fields();
        for (i, f) in fields.iter().enumerate() {
            assert!(fields[..i].iter().all(|g| g.key != f.key), "{layout:?}: key {} twice", f.key);
            assert!(f.key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{layout:?}: key {}", f.key);
            assert!(!f.synonyms.is_empty(), "{layout:?}.{}: no synonyms", f.key);
            for s in f.synonyms {
                assert_eq!(normalize_header(s), *s, "{layout:?}.{}: synonym {s} not normalised", f.key);
                for g in fields {
                    let n = g.synonyms.iter().filter(|x| *x == s).count();
                    assert!(
                        n == usize::from(g.key == f.key),
                        "{layout:?}: {s} is in {} and {}",
                        f.key,
                        g.key
                    );
                }
            }
        }
        let m = auto_mapping(layout, &[]);
        assert_eq!(m.columns.len(), fields.len());
    }
}

#[test]
fn table_layouts_cover_every_model_field() {
    let keys = |l: Layout| l.fields().iter().map(|f| f.key).collect::<Vec<_>>();
    for k in [
        "id",
        "shop",
        "buyer",
        "created",
        "paid_at",
        "status",
        "goods",
        "postage",
        "total",
        "paid",
        "refunded",
        "items",
        "kinds",
        "title",
        "receiver",
        "phone",
        "address",
        "buyer_note",
        "seller_note",
        "close_reason",
        "carrier",
        "tracking_no",
    ] {
        assert!(keys(Layout::Orders).contains(&k), "orders.{k}");
    }
    assert_eq!(keys(Layout::SubOrders).len(), 14);
    assert!(keys(Layout::Refunds).len() >= 20);
    assert!(keys(Layout::Reviews).contains(&"dsr_logistics"));
    assert!(keys(Layout::AgentStats).contains(&"rating_very_bad"));
    assert_eq!(keys(Layout::Staff).len(), 12);
    assert!(keys(Layout::Staff).contains(&"team"));
    assert_eq!(keys(Layout::Attendance).len(), 13);
}

#[test]
fn fingerprints_are_stable_and_normalised() {
    let a = strings(&ORDER_HEADERS);
    let b: Vec<String> = ORDER_HEADERS.iter().map(|h| format!(" {} ", h.trim())).collect();
    assert_eq!(schema::fingerprint(&a), schema::fingerprint(&b));
    // A fixed value: a remembered mapping must keep working across versions and platforms.
    assert_eq!(schema::fingerprint(&strings(&["订单编号", "总金额"])), fnv(&["订单编号", "总金额"]));
    assert_ne!(schema::fingerprint(&a), schema::fingerprint(&strings(&SUB_ORDER_HEADERS)));
}

fn fnv(cells: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in cells.join("\u{1f}").bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

// ---------------------------------------------------------------------------------------------
// Detection

/// A title line, a blank line, then the header with trailing spaces.
fn titled(title: &str, header: &[&str]) -> Vec<Vec<String>> {
    vec![
        vec![title.to_owned()],
        vec![String::new(), String::new()],
        header.iter().map(|h| format!("{h} ")).collect(),
    ]
}

#[test]
fn detects_the_layout_of_every_writer() {
    let cases: [(&[&str], Layout); 7] = [
        (&ORDER_HEADERS, Layout::Orders),
        (&SUB_ORDER_HEADERS, Layout::SubOrders),
        (&REFUND_HEADERS, Layout::Refunds),
        (&REVIEW_HEADERS, Layout::Reviews),
        (&AGENT_STAT_HEADERS, Layout::AgentStats),
        (&STAFF_HEADERS, Layout::Staff),
        (&ATTENDANCE_HEADERS, Layout::Attendance),
    ];
    for (header, layout) in cases {
        let rows = titled("导出时间：2026-11-16 10:00:00", header);
        let g = detect(&rows).unwrap_or_else(|| panic!("{layout:?}: nothing detected"));
        assert_eq!((g.row, g.layout), (2, layout), "{:?}", g.candidates);
        assert!(g.confident, "{layout:?}: {:?}", g.candidates);
        assert_eq!(g.candidates[0], (layout, g.score));
        // Every column of our own writers is understood.
        let m = auto_mapping(layout, &rows[2]);
        let used: Vec<usize> = m.columns.iter().flatten().copied().collect();
        for (c, h) in header.iter().enumerate() {
            let known = used.contains(&c) || (layout == Layout::Orders && *h == "买家支付宝账号");
            assert!(known, "{layout:?}: column {h} is not mapped");
        }
    }
}

#[test]
fn detects_chat_tables_with_the_chat_field_lists() {
    let g = detect(&[strings(&kefu_core::export::chat::CHAT_CSV_HEADERS)]).unwrap();
    assert_eq!((g.layout, g.confident), (Layout::ChatRows, true), "{:?}", g.candidates);
    let g = detect(&[strings(&["客户ID", "聊天记录"])]).unwrap();
    assert_eq!((g.layout, g.confident), (Layout::ChatTranscripts, true), "{:?}", g.candidates);
    let g = detect(&[strings(&["时间", "买家昵称", "发送人", "角色", "消息内容"])]).unwrap();
    assert_eq!(g.layout, Layout::ChatRows, "{:?}", g.candidates);
}

const JD_ORDERS: &[&str] = &[
    "订单号",
    "商品ID",
    "商品名称",
    "订购数量",
    "支付方式",
    "下单时间",
    "京东价",
    "订单金额",
    "结算金额",
    "余额支付",
    "应付金额",
    "订单状态",
    "订单类型",
    "下单帐号",
    "客户姓名",
    "客户地址",
    "联系电话",
    "订单备注",
    "发票类型",
    "发票抬头",
    "发票内容",
    "商家备注",
    "商家备注等级（等级1-5为由高到低）",
    "运费金额",
    "付款确认时间",
    "增值税发票",
    "货号",
    "订单完成时间",
    "订单来源",
    "订单渠道",
];

const PDD_ORDERS: &[&str] = &[
    "商品",
    "订单号",
    "订单状态",
    "商品总价(元)",
    "店铺优惠折扣(元)",
    "平台优惠折扣(元)",
    "邮费(元)",
    "用户实付金额(元)",
    "商家实收金额(元)",
    "商品数量(件)",
    "身份证姓名",
    "身份证号码",
    "支付时间",
    "拼单成功时间",
    "订单成交时间",
    "发货时间",
    "确认收货时间",
    "商品id",
    "商品规格",
    "收货人",
    "手机",
    "省",
    "市",
    "区",
    "街道",
    "详细地址",
    "样式ID",
    "商家编码-规格维度",
    "商家编码-商品维度",
    "商家备注",
    "售后状态",
    "快递单号",
    "快递公司",
];

const DOUYIN_ORDERS: &[&str] = &[
    "主订单编号",
    "子订单编号",
    "选购商品",
    "商品规格",
    "商品数量",
    "商品ID",
    "商家编码",
    "商品单价",
    "订单应付金额",
    "运费",
    "优惠总金额",
    "收件人",
    "收件人手机号",
    "省",
    "市",
    "区",
    "街道",
    "详细地址",
    "是否修改过地址",
    "买家留言",
    "订单提交时间",
    "支付完成时间",
    "订单完成时间",
    "订单状态",
    "售后状态",
    "取消原因",
    "商家备注",
    "旗帜颜色",
];

#[test]
fn detects_jd_pdd_and_douyin_orders() {
    for (name, header) in [("京东", JD_ORDERS), ("拼多多", PDD_ORDERS), ("抖店", DOUYIN_ORDERS)] {
        let g = detect(&[strings(header)]).unwrap();
        assert_eq!(g.layout, Layout::Orders, "{name}: {:?}", g.candidates);
        assert!(g.confident, "{name}: {:?}", g.candidates);
        let m = auto_mapping(Layout::Orders, &strings(header));
        let col = |f: usize| m.columns[f].map(|c| header[c]);
        use schema::orders as o;
        match name {
            "京东" => {
                assert_eq!(col(o::PAID), Some("应付金额"));
                assert_eq!(col(o::TOTAL), Some("订单金额"));
                assert_eq!(col(o::PAID_AT), Some("付款确认时间"));
                assert_eq!(col(o::SELLER_NOTE), Some("商家备注"));
                assert_eq!(col(o::RECEIVER), Some("客户姓名"));
            }
            "拼多多" => {
                assert_eq!(col(o::PAID), Some("用户实付金额(元)"));
                assert_eq!(col(o::GOODS), Some("商品总价(元)"));
                assert_eq!(col(o::CREATED), Some("订单成交时间"));
                assert_eq!(col(o::ADDRESS_DETAIL), Some("详细地址"));
            }
            _ => {
                assert_eq!(col(o::ID), Some("主订单编号"));
                assert_eq!(col(o::PAID), Some("订单应付金额"));
                assert_eq!(col(o::PHONE), Some("收件人手机号"));
                assert_eq!(col(o::CLOSE_REASON), Some("取消原因"));
            }
        }
    }
    // Sub-order ids and prices make a 宝贝报表-like table of a line-level export.
    let g = detect(&[strings(&["子订单编号", "主订单编号", "商品单价", "商品数量", "商品规格", "商家编码"])])
        .unwrap();
    assert_eq!(g.layout, Layout::SubOrders);
    assert!(g.confident);
}

#[test]
fn near_misses_do_not_win_and_ambiguity_is_not_confident() {
    // A refunds export has 订单编号, 买家实际支付金额, 订单付款时间 and 宝贝标题 too.
    let g = detect(&[strings(&REFUND_HEADERS)]).unwrap();
    assert_eq!(g.layout, Layout::Refunds);
    assert!(g.candidates.iter().any(|c| c.0 == Layout::Orders), "orders is a candidate: {:?}", g.candidates);
    // An orders export has 退款金额 (a refunds amount synonym) and 宝贝标题.
    assert_eq!(detect(&[strings(&ORDER_HEADERS)]).unwrap().layout, Layout::Orders);
    // The sub-order report has everything an order needs (主订单编号, 订单创建时间, an amount).
    assert_eq!(detect(&[strings(&SUB_ORDER_HEADERS)]).unwrap().layout, Layout::SubOrders);
    for header in [
        &["姓名", "客服账号", "日期"][..],
        &["订单编号", "宝贝标题", "买家实际支付金额"],
        &["订单号", "日期", "店铺"],
    ] {
        let g = detect(&[strings(header)]);
        assert!(g.as_ref().is_none_or(|g| !g.confident), "{header:?}: {g:?}");
    }
    assert_eq!(detect(&[strings(&["a", "b", "c"]), strings(&["1", "2", "3"])]), None);
    assert_eq!(detect(&[]), None);
    // The header is found after blank and title rows, not in the data.
    let mut rows = titled("订单报表", &ORDER_HEADERS);
    rows.push(strings(&["1930679858170647", "tb_小鱼儿88"]));
    assert_eq!(detect(&rows).unwrap().row, 2);
}

// ---------------------------------------------------------------------------------------------
// Builders on hand-built rows

#[test]
fn taobao_orders_with_their_quirks() {
    let mut rows = titled("订单报表", &ORDER_HEADERS);
    let order = |id: &str, status: &str, created: &str, paid_at: &str, refunded: &str| -> Vec<String> {
        strings(&[
            id,
            "tb_小鱼儿88",
            "",
            "128.50元",
            "0",
            "128.50",
            "128.50",
            status,
            "请发顺丰",
            "王美玲",
            "浙江省 杭州市 西湖区 文三路90号",
            "",
            "=\"13812345678\"",
            created,
            paid_at,
            "纯棉四件套",
            "１",
            "=\"SF1234567890\"",
            "顺丰速运",
            "",
            "２",
            "棉语旗舰店",
            "",
            refunded,
        ])
    };
    rows.push(order(
        "=\"1930679858170647\"",
        "交易成功",
        "2026-10-19 09:05:03",
        "2026/10/19 9:06",
        "无退款申请",
    ));
    rows.push(order("'1930679858170648", "等待买家付款", "45219.5", "", "0"));
    rows.push(vec![String::new(); 24]);
    rows.push(ORDER_HEADERS.iter().map(|s| s.to_string()).collect());
    let mut total = vec![String::new(); 24];
    total[0] = "合计".into();
    total[5] = "257.00".into();
    rows.push(total);
    rows.push(order("1930679858170649", "发货了吗", "2026/13/45 10:00", "", "１２.５元"));
    let b = import(Layout::Orders, "订单报表.csv", &rows);
    use RowOutcome::*;
    assert_eq!(b.outcomes, [Kept, Kept, Skipped, Skipped, Skipped, Rejected]);
    assert_eq!(b.sink.errors.bad_rows, 1);
    // Errors come in field order: 订单创建时间 is read before 订单状态.
    let errs = errors(&b);
    assert_eq!(errs.len(), 2);
    assert_eq!(errs[0], (9, Some("订单创建时间".into()), "2026/13/45 10:00".into(), Problem::NotADateTime));
    assert_eq!((errs[1].0, errs[1].1.as_deref(), errs[1].2.as_str()), (9, Some("订单状态"), "发货了吗"));
    assert!(
        matches!(&errs[1].3, Problem::Unknown { expected } if expected.contains("交易成功") && expected.contains("已取消"))
    );
    let orders = orders_of(b.data);
    let first = &orders[0];
    assert_eq!(
        first,
        &Order {
            id: "1930679858170647".into(),
            shop: "棉语旗舰店".into(),
            buyer: "tb_小鱼儿88".into(),
            created: ts(2026, 10, 19, 9, 5, 3),
            paid_at: Some(ts(2026, 10, 19, 9, 6, 0)),
            status: OrderStatus::Completed,
            goods: Money(12850),
            postage: Money(0),
            total: Money(12850),
            paid: Money(12850),
            refunded: Money(0),
            items: 2,
            kinds: 1,
            title: "纯棉四件套".into(),
            receiver: Some("王美玲".into()),
            phone: Some("13812345678".into()),
            address: Some("浙江省 杭州市 西湖区 文三路90号".into()),
            buyer_note: "请发顺丰".into(),
            seller_note: String::new(),
            close_reason: String::new(),
            carrier: "顺丰速运".into(),
            tracking_no: "SF1234567890".into(),
        }
    );
    // Unpaid: no payment whatever the amount column says; an Excel serial date.
    let unpaid = &orders[1];
    assert_eq!(unpaid.id, "1930679858170648");
    assert_eq!(unpaid.created, ts(2023, 10, 20, 12, 0, 0));
    assert_eq!(
        (unpaid.paid, unpaid.paid_at, unpaid.status),
        (Money::ZERO, None, OrderStatus::AwaitingPayment)
    );
    // Per-column counts.
    let col = |k: &str| b.sink.columns.iter().find(|c| c.field == k).unwrap().clone();
    assert_eq!((col("created").ok, col("created").bad), (2, 1));
    assert_eq!((col("paid_at").ok, col("paid_at").blank), (1, 2));
    assert_eq!(col("landline").blank, 3);
    assert_eq!(col("paid_at").source, Some((14, "订单付款时间  ".into())));
}

#[test]
fn pdd_orders_compute_the_total_and_join_the_address() {
    let header = [
        "订单号",
        "商品",
        "订单状态",
        "商品总价(元)",
        "邮费(元)",
        "用户实付金额(元)",
        "商品数量(件)",
        "支付时间",
        "订单成交时间",
        "收货人",
        "手机",
        "省",
        "市",
        "区",
        "街道",
        "详细地址",
    ];
    let rows = table(
        &header,
        &[
            &[
                "260101-123",
                "纯棉T恤",
                "已发货，待收货",
                "59.90",
                "5",
                "60.90",
                "2",
                "2026-01-01 10:00:05",
                "2026-01-01 10:00:05",
                "张三",
                "138****5678",
                "浙江省",
                "杭州市",
                "西湖区",
                "",
                "文三路90号",
            ],
            &[
                "260101-124",
                "纯棉T恤",
                "待支付",
                "59.90",
                "0",
                "",
                "1",
                "",
                "2026-01-01 11:00:00",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
        ],
    );
    let orders = orders_of(import(Layout::Orders, "拼多多订单.csv", &rows).data);
    let o = &orders[0];
    assert_eq!((o.goods, o.postage, o.total, o.paid), (Money(5990), Money(500), Money(6490), Money(6090)));
    assert_eq!((o.items, o.kinds, o.status), (2, 1, OrderStatus::Shipped));
    assert_eq!(o.address.as_deref(), Some("浙江省 杭州市 西湖区 文三路90号"));
    assert_eq!(o.phone.as_deref(), Some("138****5678"));
    assert_eq!(o.created, ts(2026, 1, 1, 10, 0, 5));
    let u = &orders[1];
    assert_eq!((u.total, u.paid, u.paid_at, u.address.as_deref()), (Money(5990), Money::ZERO, None, None));
}

#[test]
fn line_level_exports_fold_into_one_order() {
    let header = [
        "订单号",
        "商品名称",
        "订购数量",
        "下单时间",
        "订单金额",
        "应付金额",
        "订单状态",
        "客户姓名",
        "联系电话",
        "付款确认时间",
    ];
    let rows = table(
        &header,
        &[
            &[
                "11729384072",
                "水晶项链",
                "1",
                "2015-12-31 23:19:56",
                "1097.00",
                "932.45",
                "等待出库",
                "王冬阳",
                "13767111772",
                "2015-12-31 23:20:30",
            ],
            &[
                "11729384072",
                "银手链",
                "2",
                "2015-12-31 23:19:56",
                "1097.00",
                "932.45",
                "等待出库",
                "王冬阳",
                "13767111772",
                "2015-12-31 23:20:30",
            ],
            &[
                "11729384073",
                "银手链",
                "1",
                "2016-01-01 08:00:00",
                "339.00",
                "339.00",
                "(删除)等待出库",
                "李四",
                "",
                "",
            ],
        ],
    );
    let b = import(Layout::Orders, "京东订单.csv", &rows);
    assert_eq!(b.outcomes, [RowOutcome::Kept; 3]);
    let orders = orders_of(b.data);
    assert_eq!(orders.len(), 2);
    let o = &orders[0];
    assert_eq!((o.kinds, o.items, o.title.as_str()), (2, 3, "水晶项链；银手链"));
    assert_eq!((o.total, o.paid, o.status), (Money(109_700), Money(93_245), OrderStatus::AwaitingShipment));
    assert_eq!(o.phone.as_deref(), Some("13767111772"));
    assert_eq!(orders[1].status, OrderStatus::Closed);
}

#[test]
fn sub_orders_refunds_and_reviews() {
    let rows = table(
        &SUB_ORDER_HEADERS,
        &[&[
            "3001",
            "1930679858170647",
            "纯棉四件套",
            "64.25",
            "2",
            "颜色分类:米白;尺码:L",
            "",
            "交易成功",
            "MY-001",
            "128.50",
            "退款成功",
            "64.25",
            "2026/10/19 9:05",
            "2026/10/19 9:06",
        ]],
    );
    let DatasetData::SubOrders(subs) = import(Layout::SubOrders, "宝贝报表.csv", &rows).data else {
        panic!()
    };
    assert_eq!(
        subs,
        [SubOrder {
            id: "3001".into(),
            order_id: "1930679858170647".into(),
            title: "纯棉四件套".into(),
            price: Money(6425),
            qty: 2,
            sku: "颜色分类:米白;尺码:L".into(),
            package: String::new(),
            status: OrderStatus::Completed,
            merchant_code: "MY-001".into(),
            paid: Money(12850),
            refund_state: RefundState::Succeeded,
            refunded: Money(6425),
            created: ts(2026, 10, 19, 9, 5, 0),
            paid_at: Some(ts(2026, 10, 19, 9, 6, 0)),
        }]
    );

    let rows = table(
        &REFUND_HEADERS,
        &[
            &[
                "1930679858170647",
                "R1",
                "2026-10-19 09:06:40",
                "2026-10-21 10:00:00",
                "",
                "128.5",
                "纯棉四件套",
                "128.5",
                "买家已经申请退款，等待卖家同意",
                "买家已收到货",
                "是",
                "客服介入中",
                "不想要了",
                "",
                "买家",
                "售后",
                "全部退款",
                "",
            ],
            &[
                "1930679858170648",
                "R2",
                "",
                "2026-10-21 11:00:00",
                "2026-10-22 11:00:00",
                "59.9",
                "睡衣",
                "10",
                "退款成功",
                "",
                "否",
                "支持买家",
                "少件",
                "",
                "",
                "售中",
                "部分退款",
                "棉语旗舰店:小丽",
            ],
            &[
                "1930679858170649",
                "R3",
                "",
                "2026-10-21 12:00:00",
                "",
                "59.9",
                "睡衣",
                "10",
                "谈崩了",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
        ],
    );
    let b = import(Layout::Refunds, "退款报表.xlsx", &rows);
    assert_eq!(b.outcomes, [RowOutcome::Kept, RowOutcome::Kept, RowOutcome::Rejected]);
    let e = &b.sink.errors.listed[0];
    assert_eq!((e.row, e.column.as_deref(), e.value.as_str()), (4, Some("退款状态"), "谈崩了"));
    assert!(matches!(&e.problem, Problem::Unknown { expected } if expected.contains("退款成功")));
    let DatasetData::Refunds(refunds) = b.data else { panic!() };
    assert_eq!(
        refunds[0],
        Refund {
            id: "R1".into(),
            order_id: "1930679858170647".into(),
            buyer: String::new(),
            shop: String::new(),
            order_paid_at: Some(ts(2026, 10, 19, 9, 6, 40)),
            applied: ts(2026, 10, 21, 10, 0, 0),
            finished: None,
            paid: Money(12850),
            title: "纯棉四件套".into(),
            amount: Money(12850),
            status: RefundStatus::AwaitingSeller,
            goods_state: "买家已收到货".into(),
            return_required: true,
            ruling: Ruling::Pending,
            reason: "不想要了".into(),
            description: String::new(),
            responsible: "买家".into(),
            phase: RefundPhase::AfterSale,
            full: true,
            operator: String::new(),
        }
    );
    let r = &refunds[1];
    assert_eq!(
        (r.status, r.ruling, r.phase, r.full, r.return_required),
        (RefundStatus::Succeeded, Ruling::ForBuyer, RefundPhase::InSale, false, false)
    );

    // A platform's review export: stars instead of a verdict.
    let rows = table(
        &[
            "订单号",
            "买家昵称",
            "评分",
            "评价时间",
            "评价内容",
            "追评",
            "商家回复",
            "商品规格",
            "描述相符",
            "服务态度",
            "物流服务",
        ],
        &[
            &["1001", "j***e", "5", "2026-10-25 20:00:00", "很舒服", "", "谢谢亲", "米白 L", "5", "5", "4"],
            &["1002", "a***b", "2星", "2026-10-26 08:00:00", "一般般", "", "", "", "", "", ""],
            &["1003", "c***d", "", "2026-10-26 09:00:00", "", "", "", "", "", "", ""],
            &["1004", "e***f", "3", "2026-10-26 09:00:00", "还行", "", "", "", "9", "5", "5"],
        ],
    );
    let b = import(Layout::Reviews, "评价.csv", &rows);
    assert_eq!(b.outcomes, [RowOutcome::Kept, RowOutcome::Kept, RowOutcome::Rejected, RowOutcome::Rejected]);
    assert_eq!(
        errors(&b),
        [
            (4, Some("评分".into()), String::new(), Problem::Missing),
            (5, Some("描述相符".into()), "9".into(), Problem::Unknown { expected: "1–5".into() }),
        ]
    );
    let DatasetData::Reviews(reviews) = b.data else { panic!() };
    assert_eq!(
        reviews[0],
        Review {
            order_id: "1001".into(),
            buyer: "j***e".into(),
            shop: String::new(),
            rating: Rating::Good,
            created: ts(2026, 10, 25, 20, 0, 0),
            content: "很舒服".into(),
            follow_up: String::new(),
            reply: "谢谢亲".into(),
            sku: "米白 L".into(),
            dsr: Some(Dsr { description: 5, service: 5, logistics: 4 }),
        }
    );
    assert_eq!((reviews[1].rating, reviews[1].dsr), (Rating::Neutral, None));
}

#[test]
fn agent_stats_skip_summaries_and_take_the_period_from_the_name() {
    // 生意参谋-like: no date column, the period is in the file name.
    let header = [
        "旺旺昵称",
        "有效接待人数",
        "询单人数",
        "下单人数",
        "下单金额",
        "销售额",
        "个人销售额占比",
        "回复率",
    ];
    let rows = table(
        &header,
        &[
            &["棉语旗舰店:小美", "120", "80", "40", "5,000.00", "4800.50", "45.21%", "99.5%"],
            &["棉语旗舰店:小丽", "100", "", "", "", "", "", "0.98"],
            &["汇总", "220", "80", "40", "5000", "4800.50", "100%", "99%"],
            &["均值", "110", "80", "40", "5000", "4800.50", "50%", "99%"],
        ],
    );
    let file = "客服接待数据_2026-10-19至2026-11-15.xlsx";
    let b = import(Layout::AgentStats, file, &rows);
    assert_eq!(b.outcomes, [RowOutcome::Kept, RowOutcome::Kept, RowOutcome::Skipped, RowOutcome::Skipped]);
    let DatasetData::AgentStats(stats) = b.data else { panic!() };
    assert_eq!(
        stats[0],
        AgentStat {
            agent: "棉语旗舰店:小美".into(),
            from: date(2026, 10, 19),
            to: date(2026, 11, 15),
            received: Some(120),
            enquiries: Some(80),
            sales: Some(Money(480_050)),
            reply_rate: Some(0.995),
            ..AgentStat::default()
        }
    );
    assert_eq!(stats[1].reply_rate, Some(0.98));
    // Without a period anywhere, rows are rejected with a message saying what to do.
    let b = build_with(Layout::AgentStats, "客服接待数据.xlsx", &rows, 0);
    assert_eq!(b.outcomes[0], RowOutcome::Rejected);
    let e = &b.sink.errors.listed[0];
    assert_eq!(e.problem, Problem::NoDate, "{e:?}");
    // A 赤兔 report with a date column: one row per agent per day, ranges too.
    let rows = table(
        &[
            "日期",
            "客服昵称",
            "接待人数",
            "服务满意度评价很满意",
            "服务满意度评价满意",
            "服务满意度评价一般",
            "服务满意度评价不满",
            "服务满意度评价很不满",
            "平均响应(秒)",
            "首次响应时间",
            "客户满意率",
        ],
        &[
            &["2026-10-19", "棉语旗舰店:小美", "12", "3", "2", "1", "0", "1", "18.50", "00:00:12", "71.43%"],
            &["2026-10-19至2026-10-25", "棉语旗舰店:小美", "80", "", "", "", "", "", "", "", ""],
            &["2026-10-19", "汇总", "12", "3", "2", "1", "0", "1", "18.50", "12", "71.43%"],
            &["2026-10-20", "棉语旗舰店:小丽", "十二", "", "", "", "", "", "", "", ""],
        ],
    );
    let b = import(Layout::AgentStats, "chitu.xlsx", &rows);
    assert_eq!(b.outcomes, [RowOutcome::Kept, RowOutcome::Kept, RowOutcome::Skipped, RowOutcome::Rejected]);
    assert_eq!(errors(&b), [(5, Some("接待人数".into()), "十二".into(), Problem::NotAnInteger)]);
    let DatasetData::AgentStats(stats) = b.data else { panic!() };
    assert_eq!(
        (stats[0].from, stats[0].to, stats[0].ratings),
        (date(2026, 10, 19), date(2026, 10, 19), [3, 2, 1, 0, 1])
    );
    assert_eq!((stats[0].avg_response_secs, stats[0].first_response_secs), (Some(18.5), Some(12.0)));
    assert_eq!((stats[1].from, stats[1].to), (date(2026, 10, 19), date(2026, 10, 25)));
}

#[test]
fn staff_defaults_and_attendance_times() {
    let rows = table(
        &["客服账号", "姓名", "岗位", "技能", "入职日期", "每周工时", "可上夜班", "在职", "班组"],
        &[
            &["棉语旗舰店:小美", "王美玲", "售前", "", "2024-03-01", "", "是", "在职", "售前一组"],
            &["棉语旗舰店:阿强", "", "售后", "售前、售后", "45352", "36小时", "", "离职", ""],
            &["", "", "售前", "", "", "", "", "", ""],
            &["棉语旗舰店:小雨", "刘雨", "客服", "", "", "", "", "", ""],
        ],
    );
    let b = import(Layout::Staff, "客服名单.csv", &rows);
    assert_eq!(b.outcomes, [RowOutcome::Kept, RowOutcome::Kept, RowOutcome::Rejected, RowOutcome::Rejected]);
    assert_eq!(errors(&b)[0], (4, Some("客服账号".into()), String::new(), Problem::Missing));
    assert_eq!(errors(&b)[1].1.as_deref(), Some("岗位"));
    let DatasetData::Staff(staff) = b.data else { panic!() };
    assert_eq!(
        staff[0],
        Staff {
            account: "棉语旗舰店:小美".into(),
            name: "王美玲".into(),
            shop: String::new(),
            role: Role::PreSale,
            skills: vec![Role::PreSale],
            level: String::new(),
            hired: date(2024, 3, 1),
            weekly_hours: 40,
            nights_ok: true,
            phone: None,
            active: true,
            team: "售前一组".into(),
        }
    );
    let s = &staff[1];
    assert_eq!(
        (s.role, &s.skills[..], s.hired, s.weekly_hours, s.active),
        (Role::AfterSale, &[Role::PreSale, Role::AfterSale][..], date(2024, 3, 1), 36, false)
    );

    let rows = table(
        &["姓名", "日期", "班次", "上班时间", "下班时间", "上班打卡", "下班打卡", "考勤结果"],
        &[
            &["王美玲", "2026-10-19 星期一", "晚班", "16:00", "次日 00:00", "15:55", "次日 00:05", "正常"],
            &["王美玲", "2026/10/20", "早班", "08:00", "16:30", "2026-10-20 08:12:00", "16:20", ""],
            &["刘雨", "2026-10-20", "", "", "", "", "", "休"],
            &["刘雨", "2026-10-21", "早班", "08:00", "16:30", "", "16:40", ""],
            &["刘雨", "2026-10-22", "早班", "8点", "16:30", "", "", ""],
        ],
    );
    let b = import(Layout::Attendance, "考勤.csv", &rows);
    use RowOutcome::*;
    assert_eq!(b.outcomes, [Kept, Kept, Kept, Kept, Rejected]);
    assert_eq!(errors(&b), [(6, Some("上班时间".into()), "8点".into(), Problem::NotADateTime)]);
    let DatasetData::Attendance(att) = b.data else { panic!() };
    assert_eq!(
        att[0],
        Attendance {
            name: "王美玲".into(),
            account: None,
            date: date(2026, 10, 19),
            shift: "晚班".into(),
            start: Some(ts(2026, 10, 19, 16, 0, 0)),
            end: Some(ts(2026, 10, 20, 0, 0, 0)),
            clock_in: Some(ts(2026, 10, 19, 15, 55, 0)),
            clock_out: Some(ts(2026, 10, 20, 0, 5, 0)),
            status: AttendanceStatus::Normal,
            late_minutes: 0,
            early_minutes: 0,
            note: String::new(),
        }
    );
    // Without a result column value: derived from the clocks and schedule.
    assert_eq!(
        (att[1].status, att[1].late_minutes, att[1].early_minutes),
        (AttendanceStatus::LateAndEarly, 12, 10)
    );
    assert_eq!((att[2].status, att[2].start), (AttendanceStatus::Rest, None));
    assert_eq!(att[3].status, AttendanceStatus::MissingClock);
}

#[test]
fn dingtalk_daily_records_combine_their_results_and_read_the_shift() {
    let rows = vec![
        strings(&["每日统计 统计日期：2026-11-02 至 2026-11-03"]),
        strings(&[
            "姓名",
            "考勤组",
            "工号",
            "日期",
            "班次",
            "上班1打卡时间",
            "上班1打卡结果",
            "下班1打卡时间",
            "下班1打卡结果",
            "关联的审批单",
        ]),
        strings(&[
            "周雪",
            "客服组",
            "002",
            "2026-11-02 星期一",
            "晚班 15:30-24:00",
            "15:41",
            "迟到",
            "次日 00:02",
            "正常",
            "",
        ]),
        strings(&[
            "林杰",
            "客服组",
            "003",
            "2026-11-02 星期一",
            "早班 08:00-16:30",
            "",
            "缺卡",
            "16:20",
            "早退",
            "",
        ]),
        strings(&["杨艳红", "客服组", "001", "2026-11-03 星期二", "休息", "", "休息", "", "休息", ""]),
        strings(&[
            "周雪",
            "客服组",
            "002",
            "2026-11-03 星期二",
            "晚班 15:30-24:00",
            "",
            "请假",
            "",
            "请假",
            "事假",
        ]),
    ];
    let b = import(Layout::Attendance, "钉钉-每日统计.xlsx", &rows);
    assert!(b.sink.errors.is_empty(), "{:?}", b.sink.errors.listed);
    let DatasetData::Attendance(att) = b.data else { panic!() };
    use AttendanceStatus::*;
    let got: Vec<_> =
        att.iter().map(|a| (a.status, a.late_minutes, a.early_minutes, a.shift.as_str())).collect();
    assert_eq!(
        got,
        [
            (Late, 11, 0, "晚班 15:30-24:00"),
            (EarlyLeave, 0, 10, "早班 08:00-16:30"),
            (Rest, 0, 0, ""),
            (Leave, 0, 0, "晚班 15:30-24:00")
        ]
    );
    assert_eq!(
        (att[0].start, att[0].end),
        (Some(ts(2026, 11, 2, 15, 30, 0)), Some(ts(2026, 11, 3, 0, 0, 0)))
    );
    assert_eq!(att[0].clock_out, Some(ts(2026, 11, 3, 0, 2, 0)));
    assert_eq!(att[3].note, "事假");
}

#[test]
fn closed_orders_without_payment_paid_nothing() {
    // 抖店 and JD keep the payable amount of a timed-out order in their amount column.
    let rows = table(
        &[
            "主订单编号",
            "选购商品",
            "商品数量",
            "订单应付金额",
            "订单提交时间",
            "支付完成时间",
            "订单状态",
            "取消原因",
            "收件人",
        ],
        &[
            &[
                "6920000000000000005",
                "帽子",
                "1",
                "39",
                "2026/10/19 20:10:00",
                "",
                "已关闭",
                "超时未支付",
                "陈**",
            ],
            &[
                "6920000000000000007",
                "帽子",
                "1",
                "39",
                "2026/10/19 20:10:00",
                "2026/10/19 20:11:00",
                "已关闭",
                "",
                "陈**",
            ],
        ],
    );
    let orders = orders_of(import(Layout::Orders, "抖店订单.xlsx", &rows).data);
    assert_eq!(
        (orders[0].status, orders[0].paid, orders[0].total),
        (OrderStatus::Closed, Money::ZERO, Money(3900))
    );
    assert_eq!((orders[0].close_reason.as_str(), orders[1].paid), ("超时未支付", Money(3900)));
}

// ---------------------------------------------------------------------------------------------
// Round trip: demo → back-office writers → import

fn demo() -> DemoWorkspace {
    generate_simple(&DemoConfig { days: 3, agents: 12, ..Default::default() })
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn gbk(bytes: &[u8]) -> String {
    let (s, bad) = encoding_rs::GBK.decode_without_bom_handling(bytes);
    assert!(!bad, "not GBK");
    s.into_owned()
}

fn utf8(bytes: &[u8]) -> String {
    String::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes).to_vec()).unwrap()
}

/// Cells as an xlsx reader would hand them over: numbers in their shortest form.
fn xlsx_rows(bytes: Vec<u8>) -> Vec<Vec<String>> {
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|d| match d {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::Float(f) => f.to_string(),
                    Data::Int(i) => i.to_string(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

fn round_trip(layout: Layout, file: &str, rows: &[Vec<String>], written: u64) -> DatasetData {
    let b = import(layout, file, rows);
    assert!(
        b.sink.errors.is_empty(),
        "{file}: {:?}",
        &b.sink.errors.listed[..b.sink.errors.listed.len().min(5)]
    );
    assert_eq!(b.outcomes.iter().filter(|o| **o == RowOutcome::Kept).count() as u64, written, "{file}");
    assert!(b.mapping.columns.iter().any(Option::is_some));
    b.data
}

/// The writer of 宝贝报表 and the 考勤 clock columns keep minutes only.
fn to_minute(t: Ts) -> Ts {
    Ts(t.0 - t.0.rem_euclid(60))
}

#[test]
fn demo_round_trips_through_the_back_office_writers() {
    let ws = demo();
    assert!(!ws.orders.is_empty() && !ws.sub_orders.is_empty() && !ws.refunds.is_empty());

    // 订单报表: GBK CSV, every field written.
    let mut buf = Vec::new();
    let n = backoffice::orders_csv(&mut buf, &ws.orders).unwrap();
    let data = round_trip(Layout::Orders, "订单报表.csv", &csv_rows(&gbk(&buf)), n);
    assert_eq!(orders_of(data), ws.orders);

    // 宝贝报表: times are written `2026/10/19 9:05`, without seconds.
    let mut buf = Vec::new();
    let n = backoffice::sub_orders_csv(&mut buf, &ws.sub_orders).unwrap();
    let DatasetData::SubOrders(subs) =
        round_trip(Layout::SubOrders, "宝贝报表.csv", &csv_rows(&utf8(&buf)), n)
    else {
        panic!()
    };
    let expected: Vec<SubOrder> = ws
        .sub_orders
        .iter()
        .map(|s| SubOrder { created: to_minute(s.created), paid_at: s.paid_at.map(to_minute), ..s.clone() })
        .collect();
    assert_eq!(subs, expected);

    // 评价: the plug-in writes no 店铺名称. Three days have no reviews yet (buyers review after
    // delivery), so a week is used.
    let week = generate_simple(&DemoConfig { days: 7, agents: 12, ..Default::default() });
    assert!(!week.reviews.is_empty());
    let mut buf = Vec::new();
    let n = backoffice::reviews_csv(&mut buf, &week.reviews).unwrap();
    let DatasetData::Reviews(reviews) = round_trip(Layout::Reviews, "评价.csv", &csv_rows(&utf8(&buf)), n)
    else {
        panic!()
    };
    let expected: Vec<Review> =
        week.reviews.iter().map(|r| Review { shop: String::new(), ..r.clone() }).collect();
    assert_eq!(reviews, expected);

    // 客服名单: every field.
    let mut buf = Vec::new();
    let n = backoffice::staff_csv(&mut buf, &ws.staff).unwrap();
    let DatasetData::Staff(staff) = round_trip(Layout::Staff, "客服名单.csv", &csv_rows(&utf8(&buf)), n)
    else {
        panic!()
    };
    assert_eq!(staff, ws.staff);

    // 考勤: GBK; clock times `08:57` / `次日 00:05`, minutes only.
    let mut buf = Vec::new();
    let n = backoffice::attendance_csv(&mut buf, &ws.attendance).unwrap();
    let DatasetData::Attendance(att) = round_trip(Layout::Attendance, "考勤.csv", &csv_rows(&gbk(&buf)), n)
    else {
        panic!()
    };
    let expected: Vec<Attendance> = ws
        .attendance
        .iter()
        .map(|a| Attendance {
            start: a.start.map(to_minute),
            end: a.end.map(to_minute),
            clock_in: a.clock_in.map(to_minute),
            clock_out: a.clock_out.map(to_minute),
            ..a.clone()
        })
        .collect();
    assert_eq!(att, expected);

    // 退款报表 (xlsx): no 买家会员名 or 店铺名称 columns.
    let mut buf = Vec::new();
    let n = backoffice::refunds_xlsx(&mut buf, &ws.refunds).unwrap();
    let DatasetData::Refunds(refunds) = round_trip(Layout::Refunds, "退款报表.xlsx", &xlsx_rows(buf), n)
    else {
        panic!()
    };
    let expected: Vec<Refund> = ws
        .refunds
        .iter()
        .map(|r| Refund { buyer: String::new(), shop: String::new(), ..r.clone() })
        .collect();
    assert_eq!(refunds, expected);

    // 客服接待数据 (xlsx): rates as `45.21%` and decimals to two places; 汇总 and 均值 skipped.
    let mut buf = Vec::new();
    let n = backoffice::agent_stats_xlsx(&mut buf, &ws.agent_stats).unwrap();
    let file = backoffice::agent_stats_file_name(&ws.period);
    let rows = xlsx_rows(buf);
    let b = import(Layout::AgentStats, &file, &rows);
    assert!(b.sink.errors.is_empty(), "{:?}", b.sink.errors.listed.first());
    assert_eq!(b.outcomes.iter().filter(|o| **o == RowOutcome::Skipped).count(), 2);
    let DatasetData::AgentStats(stats) = b.data else { panic!() };
    assert_eq!(stats.len() as u64, n);
    for (got, want) in stats.iter().zip(&ws.agent_stats) {
        let close = |a: Option<f64>, b: Option<f64>, eps: f64| match (a, b) {
            (Some(a), Some(b)) => (a - b).abs() <= eps,
            (a, b) => a.is_none() && b.is_none(),
        };
        assert_eq!((&got.agent, got.from, got.to), (&want.agent, want.from, want.to));
        assert_eq!(
            (
                got.consulted,
                got.received,
                got.enquiries,
                got.enquiry_paid,
                got.slow_responses,
                got.working_days
            ),
            (
                want.consulted,
                want.received,
                want.enquiries,
                want.enquiry_paid,
                want.slow_responses,
                want.working_days
            )
        );
        assert_eq!(
            (got.sales, got.avg_order_value, got.avg_item_price),
            (want.sales, want.avg_order_value, want.avg_item_price)
        );
        assert_eq!(got.ratings, want.ratings);
        for (g, w) in [
            (got.conversion, want.conversion),
            (got.reply_rate, want.reply_rate),
            (got.satisfaction, want.satisfaction),
        ] {
            assert!(close(g, w, 0.000_051), "{g:?} vs {w:?}");
        }
        for (g, w) in [
            (got.items_per_buyer, want.items_per_buyer),
            (got.avg_response_secs, want.avg_response_secs),
            (got.first_response_secs, want.first_response_secs),
            (got.avg_session_secs, want.avg_session_secs),
            (got.answer_ratio, want.answer_ratio),
        ] {
            assert!(close(g, w, 0.005_001), "{g:?} vs {w:?}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// No panics, whatever the cells hold

mod arbitrary {
    use proptest::prelude::*;

    use super::*;

    /// Cells that look like what exports hold, and noise.
    fn cell() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            Just("汇总".to_owned()),
            Just("次日 24:00".to_owned()),
            Just("4294967295".to_owned()),
            Just("-1".to_owned()),
            Just("99999999999999.99元".to_owned()),
            Just("2026-10-19至2026-10-18".to_owned()),
            Just("(删除)".to_owned()),
            "[0-9:./ 年月日次-]{0,12}",
            "[0-9.,%元¥-]{0,10}",
            any::<String>(),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        #[test]
        fn builders_and_detection_never_panic(rows in prop::collection::vec(prop::collection::vec(cell(), 0..30), 0..12)) {
            let _ = detect(&rows);
            for layout in Layout::ALL.into_iter().filter(|l| !l.fields().is_empty() && l.kind() != kefu_core::model::DatasetKind::Chats) {
                // Every field mapped to a column, some past the end of short rows.
                let header: Vec<String> = layout.fields().iter().map(|f| f.synonyms[0].to_owned()).collect();
                let mapping = auto_mapping(layout, &header);
                for hint in [None, kefu_core::import::clean::period_in_name("2026-10-19至2026-10-25")] {
                    let ctx = BuildCtx { file: "x", header: &header, mapping: &mapping, period_hint: hint };
                    let mut b = builder(layout, &ctx);
                    let mut sink = RowSink::new(layout, &header, &mapping);
                    for (i, r) in rows.iter().enumerate() {
                        let rec = Record::from_cells(r.iter().map(String::as_str));
                        b.push(&rec, i as u64 + 2, &mut sink);
                    }
                    let n = b.rows();
                    prop_assert_eq!(b.finish().rows(), n);
                }
            }
        }
    }
}
