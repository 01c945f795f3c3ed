//! Tests of the back-office imitating writers (`kefu_core::export`) on small hand-built data:
//! the bytes are decoded the way an importer would (GBK, BOM, calamine, csv, serde_json) and
//! checked against the model.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::{self, Cursor, Write};
use std::rc::Rc;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use kefu_core::demo::{DemoConfig, DemoWorkspace};
use kefu_core::export::{self, DemoContent};
use kefu_core::model::{
    AgentStat, Attendance, AttendanceStatus, ChatLog, ChatMessage, ChatThread, Dsr, MsgKind, Order,
    OrderStatus, Period, Rating, Refund, RefundPhase, RefundState, RefundStatus, Review, Role, Ruling, Staff,
    SubOrder,
};
use kefu_core::{Money, Ts};

const SHOP: &str = "棉语旗舰店";

fn ts(d: u32, h: u32, mi: u32, s: u32) -> Ts {
    Ts::from_ymd_hms(2026, 10, d, h, mi, s).unwrap()
}

fn date(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 10, d).unwrap()
}

fn orders() -> Vec<Order> {
    vec![
        Order {
            id: "1930679858170647".into(),
            shop: SHOP.into(),
            buyer: "tb_小鱼儿88".into(),
            created: ts(19, 9, 5, 3),
            paid_at: Some(ts(19, 9, 6, 40)),
            status: OrderStatus::Completed,
            goods: Money(12850),
            postage: Money(0),
            total: Money(12850),
            paid: Money(12850),
            refunded: Money(0),
            items: 2,
            kinds: 1,
            title: "纯棉四件套 1.8m床, 米白".into(),
            receiver: Some("王美玲".into()),
            phone: Some("13812345678".into()),
            address: Some("浙江省 杭州市 西湖区 文三路90号".into()),
            buyer_note: "请发\"顺丰\"".into(),
            seller_note: String::new(),
            close_reason: String::new(),
            carrier: "顺丰速运".into(),
            tracking_no: "SF1234567890".into(),
        },
        Order {
            id: "1930679858170648".into(),
            shop: SHOP.into(),
            buyer: "jessie_2020".into(),
            created: ts(20, 22, 0, 0),
            paid_at: None,
            status: OrderStatus::AwaitingPayment,
            goods: Money(5990),
            postage: Money(1000),
            total: Money(6990),
            paid: Money(0),
            refunded: Money(0),
            items: 1,
            kinds: 1,
            title: "珊瑚绒睡衣".into(),
            receiver: None,
            phone: None,
            address: None,
            buyer_note: String::new(),
            seller_note: "备注".into(),
            close_reason: String::new(),
            carrier: String::new(),
            tracking_no: String::new(),
        },
        Order {
            id: "1930679858170649".into(),
            shop: SHOP.into(),
            buyer: "tb_小鱼儿88".into(),
            created: ts(21, 10, 0, 0),
            paid_at: Some(ts(21, 10, 1, 0)),
            status: OrderStatus::Closed,
            goods: Money(9900),
            postage: Money(0),
            total: Money(9900),
            paid: Money(9900),
            refunded: Money(9900),
            items: 1,
            kinds: 1,
            title: "乳胶枕".into(),
            receiver: Some("王美玲".into()),
            phone: Some("13812345678".into()),
            address: Some("浙江省杭州市西湖区文三路90号".into()),
            buyer_note: String::new(),
            seller_note: String::new(),
            close_reason: "退款".into(),
            carrier: String::new(),
            tracking_no: String::new(),
        },
    ]
}

fn sub_orders() -> Vec<SubOrder> {
    vec![SubOrder {
        id: "1930679858170647001".into(),
        order_id: "1930679858170647".into(),
        title: "纯棉四件套".into(),
        price: Money(6425),
        qty: 2,
        sku: "颜色分类:米白;尺码:1.8m".into(),
        package: String::new(),
        status: OrderStatus::Completed,
        merchant_code: "MY-4J-180".into(),
        paid: Money(12850),
        refund_state: RefundState::None,
        refunded: Money(0),
        created: ts(19, 9, 5, 3),
        paid_at: Some(ts(19, 9, 6, 40)),
    }]
}

fn refunds() -> Vec<Refund> {
    vec![Refund {
        id: "R2026102100001".into(),
        order_id: "1930679858170649".into(),
        buyer: "tb_小鱼儿88".into(),
        shop: SHOP.into(),
        order_paid_at: Some(ts(21, 10, 1, 0)),
        applied: ts(22, 8, 30, 0),
        finished: Some(ts(23, 15, 0, 0)),
        paid: Money(9900),
        title: "乳胶枕".into(),
        amount: Money(9900),
        status: RefundStatus::Succeeded,
        goods_state: "买家已退货".into(),
        return_required: true,
        ruling: Ruling::None,
        reason: "7天无理由退换货".into(),
        description: "不喜欢".into(),
        responsible: "买家".into(),
        phase: RefundPhase::InSale,
        full: true,
        operator: "棉语旗舰店:阿杰".into(),
    }]
}

fn reviews() -> Vec<Review> {
    vec![
        Review {
            order_id: "1930679858170647".into(),
            buyer: "tb_小鱼儿88".into(),
            shop: SHOP.into(),
            rating: Rating::Good,
            created: ts(25, 12, 0, 0),
            content: "很舒服，\n颜色正".into(),
            follow_up: String::new(),
            reply: "感谢亲的支持".into(),
            sku: "颜色分类:米白".into(),
            dsr: Some(Dsr { description: 5, service: 5, logistics: 4 }),
        },
        Review {
            order_id: "1930679858170648".into(),
            buyer: "jessie_2020".into(),
            shop: SHOP.into(),
            rating: Rating::Bad,
            created: ts(26, 12, 0, 0),
            content: "=起球".into(),
            follow_up: String::new(),
            reply: String::new(),
            sku: String::new(),
            dsr: None,
        },
    ]
}

fn agent_stats() -> Vec<AgentStat> {
    let a = AgentStat {
        agent: "棉语旗舰店:小美".into(),
        from: date(19),
        to: date(19),
        consulted: Some(50),
        received: Some(48),
        enquiries: Some(30),
        enquiry_paid: Some(12),
        conversion: Some(0.4),
        sales: Some(Money(240000)),
        avg_order_value: Some(Money(20000)),
        items_per_buyer: Some(1.5),
        avg_item_price: Some(Money(13333)),
        reply_rate: Some(0.98765),
        avg_response_secs: Some(18.456),
        first_response_secs: Some(6.2),
        avg_session_secs: Some(332.0),
        answer_ratio: Some(1.35),
        slow_responses: Some(2),
        working_days: Some(1),
        satisfaction: Some(0.9),
        ratings: [5, 4, 1, 0, 0],
    };
    let b = AgentStat {
        agent: "棉语旗舰店:阿杰".into(),
        consulted: Some(30),
        received: Some(30),
        enquiries: Some(10),
        enquiry_paid: Some(3),
        conversion: None,
        sales: Some(Money(60000)),
        avg_order_value: None,
        ratings: [1, 0, 0, 0, 1],
        ..a.clone()
    };
    vec![a, b]
}

fn staff() -> Vec<Staff> {
    vec![Staff {
        account: "棉语旗舰店:小美".into(),
        name: "李小美".into(),
        shop: SHOP.into(),
        role: Role::PreSale,
        skills: vec![Role::PreSale, Role::AfterSale],
        level: "高级".into(),
        hired: NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
        weekly_hours: 40,
        nights_ok: true,
        phone: Some("13900001111".into()),
        active: true,
        team: String::new(),
    }]
}

fn attendance() -> Vec<Attendance> {
    vec![
        Attendance {
            name: "李小美".into(),
            account: Some("棉语旗舰店:小美".into()),
            date: date(19),
            shift: "晚班 16:00-24:00".into(),
            start: Some(ts(19, 16, 0, 0)),
            end: Some(ts(20, 0, 0, 0)),
            clock_in: Some(ts(19, 16, 7, 0)),
            clock_out: Some(ts(20, 0, 5, 0)),
            status: AttendanceStatus::Late,
            late_minutes: 7,
            early_minutes: 0,
            note: String::new(),
        },
        Attendance {
            name: "李小美".into(),
            account: Some("棉语旗舰店:小美".into()),
            date: date(20),
            shift: String::new(),
            start: None,
            end: None,
            clock_in: None,
            clock_out: None,
            status: AttendanceStatus::Rest,
            late_minutes: 0,
            early_minutes: 0,
            note: String::new(),
        },
    ]
}

/// Two buyers; the first has a long thread on the 19th (so that every deterministic quirk
/// shows up) and a message on the 20th.
fn chats() -> ChatLog {
    let mut log = ChatLog::default();
    let b1 = log.intern("tb_小鱼儿88");
    let b2 = log.intern("jessie_2020");
    let mei = log.intern("棉语旗舰店:小美");
    let jie = log.intern("棉语旗舰店:阿杰");
    let msg = |ts, from, kind, text: &str| ChatMessage { ts, from, kind, text: text.into() };
    let mut m1 = vec![
        msg(ts(19, 9, 5, 3), b1, MsgKind::Buyer, "在吗"),
        msg(ts(19, 9, 5, 4), mei, MsgKind::Auto, "您好，欢迎光临棉语旗舰店"),
        msg(ts(19, 9, 5, 30), b1, MsgKind::System, "当前用户来自 手机淘宝"),
        msg(ts(19, 9, 6, 0), mei, MsgKind::Agent, "亲，在的\n请问有什么可以帮您"),
        msg(ts(19, 9, 7, 11), mei, MsgKind::Transfer { to: jie }, ""),
    ];
    for i in 0..200u32 {
        let t = ts(19, 10 + i / 60, i % 60, 0);
        if i % 2 == 0 {
            m1.push(msg(t, b1, MsgKind::Buyer, &format!("问题{i}, 好的")));
        } else {
            m1.push(msg(t, jie, MsgKind::Agent, &format!("回答{i} \"好\"")));
        }
    }
    m1.push(msg(ts(20, 8, 0, 0), b1, MsgKind::Buyer, "[图片]"));
    let m2 = vec![
        msg(ts(19, 8, 0, 0), b2, MsgKind::Buyer, "有货吗"),
        msg(ts(19, 8, 0, 40), mei, MsgKind::Agent, "有的亲"),
    ];
    log.threads.push(ChatThread { shop: SHOP.into(), buyer: b1, messages: m1 });
    log.threads.push(ChatThread { shop: SHOP.into(), buyer: b2, messages: m2 });
    log
}

fn gbk(bytes: &[u8]) -> String {
    let (s, had_errors) = encoding_rs::GBK.decode_without_bom_handling(bytes);
    assert!(!had_errors, "not valid GBK");
    s.into_owned()
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn strip_bom(bytes: &[u8]) -> &str {
    let rest = bytes.strip_prefix(b"\xEF\xBB\xBF").expect("BOM");
    std::str::from_utf8(rest).unwrap()
}

fn only_crlf(bytes: &[u8]) -> bool {
    bytes.iter().enumerate().all(|(i, &b)| b != b'\n' || (i > 0 && bytes[i - 1] == b'\r'))
}

fn xlsx_rows(bytes: Vec<u8>) -> Vec<Vec<Data>> {
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

fn s(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("expected text, got {other:?}"),
    }
}

fn f(d: &Data) -> f64 {
    match d {
        Data::Float(x) => *x,
        Data::Int(x) => *x as f64,
        other => panic!("expected a number, got {other:?}"),
    }
}

#[test]
fn orders_are_gbk_with_the_back_office_quirks() {
    let mut buf = Vec::new();
    assert_eq!(export::orders_csv(&mut buf, &orders()).unwrap(), 3);
    assert!(std::str::from_utf8(&buf).is_err(), "GBK, not UTF-8");
    assert!(only_crlf(&buf));
    let text = gbk(&buf);
    let first_line = text.split("\r\n").next().unwrap();
    assert_eq!(
        first_line,
        "订单编号,买家会员名,买家支付宝账号,买家应付货款,买家应付邮费,总金额,买家实际支付金额,订单状态,\
         买家留言,收货人姓名,收货地址 ,联系电话,联系手机,订单创建时间,订单付款时间 ,宝贝标题,宝贝种类,\
         物流单号,物流公司,订单备注,宝贝总数量,店铺名称,订单关闭原因,退款金额"
    );
    let rows = csv_rows(&text);
    assert_eq!(rows.len(), 4);
    assert!(rows.iter().all(|r| r.len() == 24));
    let h = &rows[0];
    let col = |name: &str| h.iter().position(|x| x == name).unwrap();
    let r = &rows[1];
    assert_eq!(r[col("订单编号")], "=\"1930679858170647\"");
    assert_eq!(r[col("买家会员名")], "tb_小鱼儿88");
    assert_eq!(r[col("总金额")], "128.50");
    assert_eq!(r[col("订单状态")], "交易成功");
    assert_eq!(r[col("买家留言")], "请发\"顺丰\"");
    assert_eq!(r[col("收货地址 ")], "浙江省 杭州市 西湖区 文三路90号");
    assert_eq!(r[col("联系手机")], "=\"13812345678\"");
    assert_eq!(r[col("订单创建时间")], "2026-10-19 09:05:03");
    assert_eq!(r[col("订单付款时间 ")], "2026-10-19 09:06:40");
    assert_eq!(r[col("宝贝标题")], "纯棉四件套 1.8m床, 米白");
    assert_eq!(r[col("物流单号")], "=\"SF1234567890\"");
    assert_eq!(r[col("退款金额")], "无退款申请");
    let unpaid = &rows[2];
    assert_eq!(unpaid[col("订单付款时间 ")], "");
    assert_eq!(unpaid[col("订单状态")], "等待买家付款");
    assert_eq!(unpaid[col("联系手机")], "");
    assert_eq!(rows[3][col("退款金额")], "99.00");
    assert_eq!(rows[3][col("订单状态")], "交易关闭");
    // The raw line keeps the id unquoted, as the back-office writes it.
    assert!(text.contains("\r\n=\"1930679858170647\",tb_小鱼儿88,,128.50,0.00,"));
}

#[test]
fn sub_orders_are_utf8_with_bom_and_slash_times() {
    let mut buf = Vec::new();
    assert_eq!(export::sub_orders_csv(&mut buf, &sub_orders()).unwrap(), 1);
    assert!(only_crlf(&buf));
    let rows = csv_rows(strip_bom(&buf));
    assert_eq!(
        rows[0],
        [
            "子订单编号",
            "主订单编号",
            "标题",
            "价格",
            "购买数量",
            "商品属性",
            "套餐信息",
            "订单状态",
            "商家编码",
            "买家实际支付金额",
            "退款状态",
            "退款金额",
            "订单创建时间",
            "订单付款时间"
        ]
    );
    let r = &rows[1];
    assert_eq!(r[0], "1930679858170647001");
    assert_eq!(r[3], "64.25");
    assert_eq!(r[4], "2");
    assert_eq!(r[5], "颜色分类:米白;尺码:1.8m");
    assert_eq!(r[10], "没有申请退款");
    assert_eq!(r[12], "2026/10/19 9:05");
    assert_eq!(r[13], "2026/10/19 9:06");
}

#[test]
fn refunds_xlsx_reads_back_with_numbers_and_text_times() {
    let mut buf = Vec::new();
    assert_eq!(export::refunds_xlsx(&mut buf, &refunds()).unwrap(), 1);
    let rows = xlsx_rows(buf);
    assert_eq!(rows.len(), 2);
    let h: Vec<String> = rows[0].iter().map(s).collect();
    assert_eq!(h.len(), 18);
    assert_eq!(h[0], "订单编号");
    assert_eq!(h[3], "退款的申请时间");
    assert_eq!(h[16], "部分退款/全部退款");
    assert_eq!(h[17], "退款操作人");
    let r = &rows[1];
    assert_eq!(s(&r[0]), "1930679858170649");
    assert_eq!(s(&r[3]), "2026-10-22 08:30:00");
    assert_eq!(f(&r[5]), 99.0);
    assert_eq!(f(&r[7]), 99.0);
    assert_eq!(s(&r[8]), "退款成功");
    assert_eq!(s(&r[10]), "是");
    assert_eq!(s(&r[11]), "客服未介入");
    assert_eq!(s(&r[15]), "售中");
    assert_eq!(s(&r[16]), "全部退款");
    assert_eq!(s(&r[17]), "棉语旗舰店:阿杰");
}

#[test]
fn reviews_csv_plugin_style() {
    let mut buf = Vec::new();
    assert_eq!(export::reviews_csv(&mut buf, &reviews()).unwrap(), 2);
    assert!(!buf.starts_with(b"\xEF\xBB\xBF"));
    let rows = csv_rows(std::str::from_utf8(&buf).unwrap());
    assert_eq!(rows[0][0], "订单编号");
    assert_eq!(rows[0][1], "用户昵称");
    assert_eq!(rows[0][10], "物流服务");
    assert_eq!(rows[1][2], "好评");
    assert_eq!(rows[1][3], "2026-10-25 12:00:00");
    assert_eq!(rows[1][4], "很舒服，\n颜色正");
    assert_eq!(&rows[1][8..], ["5", "5", "4"]);
    assert_eq!(rows[2][2], "差评");
    // Not neutralised: a back-office export keeps what the buyer typed.
    assert_eq!(rows[2][4], "=起球");
    assert_eq!(&rows[2][8..], ["", "", ""]);
}

#[test]
fn agent_stats_xlsx_has_percent_text_blanks_and_summary_rows() {
    let mut buf = Vec::new();
    assert_eq!(export::agent_stats_xlsx(&mut buf, &agent_stats()).unwrap(), 2);
    let rows = xlsx_rows(buf);
    assert_eq!(rows.len(), 5, "header, two agents, 汇总, 均值");
    let h: Vec<String> = rows[0].iter().map(s).collect();
    assert_eq!(h.len(), 24);
    assert_eq!(&h[..3], ["日期", "客服昵称", "咨询人数"]);
    assert_eq!(h[5], "询单->最终付款人数");
    assert_eq!(h[12], "平均响应(秒)");
    assert_eq!(h[19], "服务满意度评价很满意");
    assert_eq!(h[23], "服务满意度评价很不满");
    let a = &rows[1];
    assert_eq!(s(&a[0]), "2026-10-19");
    assert_eq!(s(&a[1]), "棉语旗舰店:小美");
    assert_eq!(f(&a[3]), 48.0);
    assert_eq!(s(&a[6]), "40.00%");
    assert_eq!(f(&a[7]), 2400.0);
    assert_eq!(s(&a[11]), "98.77%");
    assert_eq!(f(&a[12]), 18.46);
    assert_eq!(f(&a[19]), 5.0);
    let b = &rows[2];
    assert_eq!(b[6], Data::Empty, "blank conversion on the newest day");
    assert_eq!(b[8], Data::Empty);
    let total = &rows[3];
    assert_eq!(s(&total[1]), "汇总");
    assert_eq!(f(&total[2]), 80.0);
    assert_eq!(s(&total[6]), "37.50%");
    assert_eq!(f(&total[7]), 3000.0);
    assert_eq!(f(&total[19]), 6.0);
    assert_eq!(s(&total[18]), "83.33%");
    let mean = &rows[4];
    assert_eq!(s(&mean[1]), "均值");
    assert_eq!(f(&mean[2]), 40.0);
    assert_eq!(s(&mean[6]), "40.00%");
    assert_eq!(
        export::backoffice::agent_stats_file_name(&Period { from: date(19), to: date(31) }),
        "客服接待数据_2026-10-19至2026-10-31.xlsx"
    );
}

#[test]
fn staff_csv_round_trips() {
    let mut buf = Vec::new();
    assert_eq!(export::staff_csv(&mut buf, &staff()).unwrap(), 1);
    let rows = csv_rows(strip_bom(&buf));
    assert_eq!(
        rows[0],
        [
            "客服账号",
            "姓名",
            "店铺",
            "岗位",
            "技能",
            "级别",
            "入职日期",
            "每周工时",
            "可上夜班",
            "手机",
            "在职"
        ]
    );
    assert_eq!(
        rows[1],
        [
            "棉语旗舰店:小美",
            "李小美",
            "棉语旗舰店",
            "售前",
            "售前、售后",
            "高级",
            "2024-03-01",
            "40",
            "是",
            "13900001111",
            "是"
        ]
    );
}

#[test]
fn attendance_is_gbk_dingtalk_style() {
    let mut buf = Vec::new();
    assert_eq!(export::attendance_csv(&mut buf, &attendance()).unwrap(), 2);
    assert!(only_crlf(&buf));
    let rows = csv_rows(&gbk(&buf));
    assert_eq!(rows[0][0], "姓名");
    assert_eq!(rows[0][11], "备注");
    let r = &rows[1];
    assert_eq!(r[2], "2026-10-19");
    assert_eq!(r[3], "晚班 16:00-24:00");
    assert_eq!(r[4], "16:00");
    assert_eq!(r[5], "次日 00:00");
    assert_eq!(r[6], "16:07");
    assert_eq!(r[7], "次日 00:05");
    assert_eq!(r[8], "迟到");
    assert_eq!(r[9], "7");
    assert_eq!(rows[2][8], "休息");
    assert_eq!(rows[2][6], "");
}

/// Splits a 千牛 header line `sender[ ]YYYY-M-D H:MM:SS` without a regex; `None` when the
/// line is not a header.
type Header<'a> = (&'a str, (i32, u32, u32), (u32, u32, u32));

fn qianniu_header(line: &str) -> Option<Header<'_>> {
    let (head, time) = line.rsplit_once(' ')?;
    let mut t = time.split(':');
    let (h, mi, s) = (t.next()?, t.next()?, t.next()?);
    if t.next().is_some() || h.is_empty() || h.len() > 2 || mi.len() != 2 || s.len() != 2 {
        return None;
    }
    let hms = (h.parse().ok()?, mi.parse().ok()?, s.parse().ok()?);
    let mut parts = head.rsplitn(3, '-');
    let (d, mo, rest) = (parts.next()?, parts.next()?, parts.next()?);
    if d.is_empty() || d.len() > 2 || mo.is_empty() || mo.len() > 2 {
        return None;
    }
    let ymd = (d.parse::<u32>().ok()?, mo.parse::<u32>().ok()?);
    if rest.len() < 4 || !rest.is_char_boundary(rest.len() - 4) {
        return None;
    }
    let (sender, year) = rest.split_at(rest.len() - 4);
    let year: i32 = year.parse().ok()?;
    if d.starts_with('0') || mo.starts_with('0') || (h.len() == 2 && h.starts_with('0')) {
        panic!("zero-padded header: {line}");
    }
    Some((sender.strip_suffix(' ').unwrap_or(sender), (year, ymd.1, ymd.0), hms))
}

#[test]
fn qianniu_day_writes_headers_transfers_noise_and_separators() {
    let log = chats();
    let mut buf = Vec::new();
    let n = export::qianniu_day(&mut buf, &log, date(19)).unwrap();
    assert_eq!(n, 2 + 5 + 200);
    assert!(only_crlf(&buf));
    let text = String::from_utf8(buf).unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    // Blocks ordered by first message: jessie_2020 (08:00) before tb_小鱼儿88 (09:05).
    assert_eq!(lines[0], "---------------- 与 jessie_2020 的聊天记录 ----------------");
    let hdr =
        |l: &str, sender: &str, time: &str| l == format!("{sender} {time}") || l == format!("{sender}{time}");
    assert!(hdr(lines[1], "jessie_2020", "2026-10-19 8:00:00"), "{}", lines[1]);
    assert_eq!(lines[2], "有货吗");
    let sep2 = lines.iter().position(|l| l.contains("与 tb_小鱼儿88 的聊天记录")).unwrap();
    assert!(lines[sep2 - 1].is_empty());
    assert!(hdr(lines[sep2 + 1], "tb_小鱼儿88", "2026-10-19 9:05:03"));
    assert!(hdr(lines[sep2 + 3], "棉语旗舰店:小美", "2026-10-19 9:05:04"));
    assert_eq!(lines[sep2 + 4], "[自动回复]您好，欢迎光临棉语旗舰店");
    assert!(lines.iter().any(|l| hdr(l, "系统消息", "2026-10-19 9:05:30")));
    assert!(lines.contains(&"当前用户来自 手机淘宝"));
    assert!(lines.contains(&"棉语旗舰店:小美 --> 棉语旗舰店:阿杰 2026-10-19 9:07:11"));
    assert!(lines.contains(&"请问有什么可以帮您"), "multi-line text keeps its lines");
    assert!(!text.contains("2026-10-20"), "only the day asked for");

    let mut headers = 0;
    let mut no_space = 0;
    let mut noise = 0;
    for l in &lines {
        if *l == "已读" || *l == "未读" {
            noise += 1;
        } else if l.contains(" --> ") {
            headers += 1;
        } else if let Some((sender, ymd, _)) = qianniu_header(l) {
            assert_eq!(ymd, (2026, 10, 19));
            assert!(
                ["jessie_2020", "tb_小鱼儿88", "棉语旗舰店:小美", "棉语旗舰店:阿杰", "系统消息"]
                    .contains(&sender),
                "unexpected sender {sender:?} in {l:?}"
            );
            if !l.contains(" 2026-") {
                no_space += 1;
            }
            headers += 1;
        }
    }
    assert_eq!(headers, n as usize, "one header per message");
    assert!(no_space > 0, "the missing-space quirk shows up in 200 messages");
    assert!(noise > 10 && noise < 80, "read receipts sprinkled: {noise}");

    // Deterministic.
    let mut again = Vec::new();
    export::qianniu_day(&mut again, &log, date(19)).unwrap();
    assert_eq!(again, text.as_bytes());
    // A day without chats gives an empty file.
    let mut empty = Vec::new();
    assert_eq!(export::qianniu_day(&mut empty, &log, date(25)).unwrap(), 0);
    assert!(empty.is_empty());
}

#[test]
fn generic_chat_csv_round_trips() {
    let log = chats();
    let mut buf = Vec::new();
    let n = export::chat_csv(&mut buf, &log).unwrap();
    assert_eq!(n as usize, log.message_count());
    let mut rd = csv::Reader::from_reader(buf.as_slice());
    assert_eq!(rd.headers().unwrap(), vec!["time", "conversation", "sender", "role", "text"]);
    // Rebuild the log from the rows and compare.
    let mut back = ChatLog::default();
    for rec in rd.records() {
        let rec = rec.unwrap();
        let (shop, buyer) = rec[1].split_once('/').unwrap();
        let buyer = back.intern(buyer);
        let from = back.intern(&rec[2]);
        let (kind, text) = match &rec[3] {
            "buyer" => (MsgKind::Buyer, rec[4].to_owned()),
            "agent" => (MsgKind::Agent, rec[4].to_owned()),
            "auto" => (MsgKind::Auto, rec[4].to_owned()),
            "system" => (MsgKind::System, rec[4].to_owned()),
            "transfer" => (MsgKind::Transfer { to: back.intern(&rec[4]) }, String::new()),
            other => panic!("role {other}"),
        };
        let t = &rec[0];
        let dt = chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S").unwrap();
        let m = ChatMessage { ts: Ts::from_datetime(dt), from, kind, text };
        match back.threads.last_mut() {
            Some(th) if th.buyer == buyer && th.shop == shop => th.messages.push(m),
            _ => back.threads.push(ChatThread { shop: shop.into(), buyer, messages: vec![m] }),
        }
    }
    assert_eq!(back.threads.len(), log.threads.len());
    for (a, b) in log.threads.iter().zip(&back.threads) {
        assert_eq!(a.shop, b.shop);
        assert_eq!(log.name(a.buyer), back.name(b.buyer));
        assert_eq!(a.messages.len(), b.messages.len());
        for (x, y) in a.messages.iter().zip(&b.messages) {
            assert_eq!((x.ts, log.name(x.from), &x.text), (y.ts, back.name(y.from), &y.text));
            match (x.kind, y.kind) {
                (MsgKind::Transfer { to: t1 }, MsgKind::Transfer { to: t2 }) => {
                    assert_eq!(log.name(t1), back.name(t2))
                }
                (k1, k2) => assert_eq!(k1, k2),
            }
        }
    }
}

#[test]
fn buyer_json_parses() {
    let log = chats();
    let mut buf = Vec::new();
    let n = export::buyer_json(&mut buf, &log, 0, "2026-11-16 09:30:00").unwrap();
    assert_eq!(n, 206);
    let v: serde_json::Value = serde_json::from_slice(&buf).unwrap();
    assert_eq!(v["user"], "tb_小鱼儿88");
    assert_eq!(v["exportTime"], "2026-11-16 09:30:00");
    assert_eq!(v["count"], 206);
    let chats = v["chats"].as_array().unwrap();
    assert_eq!(chats.len(), 206);
    assert_eq!(chats[0]["date"], "2026-10-19");
    assert_eq!(chats[0]["time"], "09:05:03");
    assert_eq!(chats[0]["sender"], "tb_小鱼儿88");
    assert_eq!(chats[0]["text"], "在吗");
    assert_eq!(chats[0]["imgUrl"], "");
    assert_eq!(chats[1]["text"], "[自动回复]您好，欢迎光临棉语旗舰店");
    assert_eq!(chats[2]["sender"], "系统消息");
    assert_eq!(chats[4]["text"], "棉语旗舰店:小美 --> 棉语旗舰店:阿杰");
    assert_eq!(chats[205]["date"], "2026-10-20");
}

/// Collects written files in memory.
struct Sink {
    path: String,
    store: Rc<RefCell<BTreeMap<String, Vec<u8>>>>,
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.store.borrow_mut().entry(self.path.clone()).or_default().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn write_all_files(ws: &DemoWorkspace) -> (Vec<export::WrittenFile>, BTreeMap<String, Vec<u8>>) {
    let store = Rc::new(RefCell::new(BTreeMap::new()));
    let st = store.clone();
    let mut open = move |path: &str| -> io::Result<Box<dyn Write>> {
        st.borrow_mut().insert(path.to_owned(), Vec::new());
        Ok(Box::new(Sink { path: path.to_owned(), store: st.clone() }))
    };
    let written = export::write_demo_files(ws, &mut open).unwrap();
    let files = store.borrow().clone();
    (written, files)
}

fn hand_built_workspace() -> DemoWorkspace {
    let mut chats = chats();
    // More than 20 buyers, to check that only the first 20 get a JSON file; one nick with a
    // slash to check file names are made safe.
    for i in 0..25 {
        let nick = if i == 0 { "a/b".to_owned() } else { format!("buyer{i:02}") };
        let b = chats.intern(&nick);
        let m = ChatMessage { ts: ts(21, 12, i, 0), from: b, kind: MsgKind::Buyer, text: "hi".into() };
        chats.threads.push(ChatThread { shop: SHOP.into(), buyer: b, messages: vec![m] });
    }
    DemoWorkspace {
        config: DemoConfig { days: 13, ..DemoConfig::default() },
        period: Period { from: date(19), to: date(31) },
        staff: staff(),
        chats,
        orders: orders(),
        sub_orders: sub_orders(),
        refunds: refunds(),
        reviews: reviews(),
        agent_stats: agent_stats(),
        attendance: attendance(),
    }
}

#[test]
fn a_workspace_lays_out_as_every_expected_file() {
    let ws = hand_built_workspace();
    let (written, files) = write_all_files(&ws);
    let r = "2026-10-19至2026-10-31";
    let mut expected: Vec<String> = vec![
        "客服名单.csv".into(),
        format!("订单报表-{r}.csv"),
        format!("宝贝报表-{r}.csv"),
        format!("退款报表-{r}.xlsx"),
        format!("评价-{r}.csv"),
        format!("客服接待数据_{r}.xlsx"),
        format!("考勤-{r}.csv"),
        "聊天记录/聊天记录.csv".into(),
        "聊天记录/千牛/2026-10-19.txt".into(),
        "聊天记录/千牛/2026-10-20.txt".into(),
        "聊天记录/千牛/2026-10-21.txt".into(),
        "聊天记录/json/tb_小鱼儿88.json".into(),
        "聊天记录/json/jessie_2020.json".into(),
        "聊天记录/json/a_b.json".into(),
    ];
    expected.extend((1..=17).map(|i| format!("聊天记录/json/buyer{i:02}.json")));
    let paths: Vec<&str> = written.iter().map(|w| w.path.as_str()).collect();
    assert_eq!(paths, expected);
    for w in &written {
        assert!(!files[&w.path].is_empty(), "{} is empty", w.path);
    }
    let rows = |p: &str| written.iter().find(|w| w.path == p).unwrap().rows;
    assert_eq!(rows(&format!("订单报表-{r}.csv")), 3);
    assert_eq!(rows(&format!("客服接待数据_{r}.xlsx")), 2);
    assert_eq!(rows("聊天记录/聊天记录.csv") as usize, ws.chats.message_count());
    let qianniu: u64 = written.iter().filter(|w| w.path.contains("/千牛/")).map(|w| w.rows).sum();
    assert_eq!(qianniu as usize, ws.chats.message_count());
    assert!(gbk(&files[&format!("订单报表-{r}.csv")]).starts_with("订单编号,"));
    assert_eq!(
        export::demo_files(&ws).iter().filter(|f| matches!(f.content, DemoContent::BuyerJson(_))).count(),
        20
    );
}

#[test]
fn open_errors_name_the_file() {
    let ws = hand_built_workspace();
    let mut open = |path: &str| -> io::Result<Box<dyn Write>> {
        if path.ends_with(".xlsx") {
            Err(io::Error::new(io::ErrorKind::PermissionDenied, "denied"))
        } else {
            Ok(Box::new(io::sink()))
        }
    };
    let err = export::write_demo_files(&ws, &mut open).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::PermissionDenied);
    assert!(err.to_string().starts_with("退款报表-"), "{err}");
}

/// Needs the demo generator; lays out a small generated workspace.
#[test]
fn a_generated_workspace_writes_every_file() {
    let cfg = DemoConfig { messages: Some(3_000), ..DemoConfig::default() };
    let ws = kefu_core::demo::generate_simple(&cfg);
    let (written, files) = write_all_files(&ws);
    let plan = export::demo_files(&ws);
    assert_eq!(written.len(), plan.len());
    assert!(written.len() > 8, "tables, chat CSV and at least one day");
    for w in &written {
        assert!(!files[&w.path].is_empty(), "{} is empty", w.path);
    }
    let orders = &written[1];
    assert!(orders.path.starts_with("订单报表-2026-10-19至"));
    assert_eq!(orders.rows as usize, ws.orders.len());
    let text = gbk(&files[&orders.path]);
    assert_eq!(csv_rows(&text).len(), ws.orders.len() + 1);
}
