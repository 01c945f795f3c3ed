//! The back-office tables, written as the real exports are (domain.md §3).
//!
//! | writer | file | encoding | quirks |
//! |---|---|---|---|
//! | [`orders_csv`] | 订单报表 | GBK, CRLF | `收货地址 ` and `订单付款时间 ` headers end in a space; ids, phones and tracking numbers as `="…"`; `无退款申请` for no refund; times `2026-10-19 09:05:03`, empty 付款时间 while unpaid |
//! | [`sub_orders_csv`] | 宝贝报表 | UTF-8 with BOM, CRLF | times `2026/10/19 9:05`; plain ids |
//! | [`refunds_xlsx`] | 退款报表 | XLSX | amounts as numbers, times and ids as text |
//! | [`reviews_csv`] | 评价 (plug-in) | UTF-8 without BOM, CRLF | blank DSR cells when the review has none |
//! | [`agent_stats_xlsx`] | 客服接待数据 (赤兔) | XLSX | rates as text `45.21%`; blank cells for unknown values; a 汇总 and a 均值 row after the agents |
//! | [`staff_csv`] | 客服名单 (the supervisor's own sheet) | UTF-8 with BOM (Excel "CSV UTF-8"), CRLF | 是/否 flags; skills joined with `、` |
//! | [`attendance_csv`] | 考勤 (钉钉-like) | GBK, CRLF | clock times `08:57`, `次日 00:05` past midnight |
//!
//! Cells are written verbatim: no formula neutralising, no masking (see the [module
//! docs](super)). The orders export has no 买家支付宝账号 in the model, so that column is
//! written empty, as the back-office does nowadays for privacy; 联系电话 (landline) is empty
//! too and the mobile goes to 联系手机. The refunds export leaves out the newer
//! 退款原因标签 column, which the model does not carry.

use std::io::{self, Write};

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::text::{CRLF, CsvOut, Encoding, clock, percent, slash_short, yes_no};
use crate::model::{
    AgentStat, Attendance, Order, Period, Refund, RefundPhase, RefundState, Review, Ruling, Staff, SubOrder,
};
use crate::{Lang, Money};

/// Headers of 订单报表, trailing spaces included.
pub const ORDER_HEADERS: [&str; 24] = [
    "订单编号",
    "买家会员名",
    "买家支付宝账号",
    "买家应付货款",
    "买家应付邮费",
    "总金额",
    "买家实际支付金额",
    "订单状态",
    "买家留言",
    "收货人姓名",
    "收货地址 ",
    "联系电话",
    "联系手机",
    "订单创建时间",
    "订单付款时间 ",
    "宝贝标题",
    "宝贝种类",
    "物流单号",
    "物流公司",
    "订单备注",
    "宝贝总数量",
    "店铺名称",
    "订单关闭原因",
    "退款金额",
];

/// Headers of 宝贝报表.
pub const SUB_ORDER_HEADERS: [&str; 14] = [
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
    "订单付款时间",
];

/// Headers of 退款报表.
pub const REFUND_HEADERS: [&str; 18] = [
    "订单编号",
    "退款编号",
    "订单付款时间",
    "退款的申请时间",
    "退款完结时间",
    "买家实际支付金额",
    "宝贝标题",
    "买家退款金额",
    "退款状态",
    "货物状态",
    "是否需要退货",
    "客服介入状态",
    "买家退款原因",
    "买家退款说明",
    "责任方",
    "售中或售后",
    "部分退款/全部退款",
    "退款操作人",
];

/// Headers of the review plug-in's CSV.
pub const REVIEW_HEADERS: [&str; 11] = [
    "订单编号",
    "用户昵称",
    "评价结果",
    "日期",
    "评论内容",
    "追加评论",
    "商家回复",
    "SKU",
    "描述相符",
    "服务态度",
    "物流服务",
];

/// Headers of the 赤兔-style per-agent report.
pub const AGENT_STAT_HEADERS: [&str; 24] = [
    "日期",
    "客服昵称",
    "咨询人数",
    "接待人数",
    "询单人数",
    "询单->最终付款人数",
    "询单->最终付款成功率",
    "销售额",
    "客单价",
    "客件数",
    "件均价",
    "回复率",
    "平均响应(秒)",
    "首次响应时间",
    "平均接待时长",
    "客服答问比",
    "慢响应人数",
    "上班天数",
    "客户满意率",
    "服务满意度评价很满意",
    "服务满意度评价满意",
    "服务满意度评价一般",
    "服务满意度评价不满",
    "服务满意度评价很不满",
];

/// Headers of the staff list.
pub const STAFF_HEADERS: [&str; 11] =
    ["客服账号", "姓名", "店铺", "岗位", "技能", "级别", "入职日期", "每周工时", "可上夜班", "手机", "在职"];

/// Headers of the attendance export.
pub const ATTENDANCE_HEADERS: [&str; 12] = [
    "姓名",
    "客服账号",
    "日期",
    "班次",
    "上班时间",
    "下班时间",
    "上班打卡",
    "下班打卡",
    "考勤结果",
    "迟到分钟",
    "早退分钟",
    "备注",
];

/// 订单报表 as GBK CSV with CRLF line ends, one record encoded at a time.
pub fn orders_csv<W: Write>(w: W, orders: &[Order]) -> io::Result<u64> {
    let mut out = CsvOut::new(w, Encoding::Gbk, CRLF);
    out.record(ORDER_HEADERS)?;
    for o in orders {
        let paid_at = o.paid_at.map(|t| t.iso()).unwrap_or_default();
        let refunded =
            if o.refunded == Money::ZERO { "无退款申请".to_owned() } else { o.refunded.plain() };
        out.excel_text(&o.id)
            .field(&o.buyer)
            .field("")
            .raw(&o.goods.plain())
            .raw(&o.postage.plain())
            .raw(&o.total.plain())
            .raw(&o.paid.plain())
            .field(o.status.label(Lang::Zh))
            .field(&o.buyer_note)
            .field(o.receiver.as_deref().unwrap_or(""))
            .field(o.address.as_deref().unwrap_or(""))
            .field("")
            .excel_text(o.phone.as_deref().unwrap_or(""))
            .raw(&o.created.iso())
            .raw(&paid_at)
            .field(&o.title)
            .raw(&o.kinds.to_string())
            .excel_text(&o.tracking_no)
            .field(&o.carrier)
            .field(&o.seller_note)
            .raw(&o.items.to_string())
            .field(&o.shop)
            .field(&o.close_reason)
            .field(&refunded);
        out.end()?;
    }
    out.finish()?;
    Ok(orders.len() as u64)
}

/// 退款状态 of a sub-order as the sub-order report writes it.
pub fn refund_state_label(s: RefundState) -> &'static str {
    match s {
        RefundState::None => "没有申请退款",
        RefundState::InProgress => "退款中",
        RefundState::Succeeded => "退款成功",
        RefundState::Closed => "退款关闭",
    }
}

/// 宝贝报表 as UTF-8 CSV with a BOM and CRLF line ends.
pub fn sub_orders_csv<W: Write>(w: W, rows: &[SubOrder]) -> io::Result<u64> {
    let mut out = CsvOut::new(w, Encoding::Utf8, CRLF);
    out.bom()?;
    out.record(SUB_ORDER_HEADERS)?;
    for s in rows {
        let paid_at = s.paid_at.map(slash_short).unwrap_or_default();
        out.field(&s.id)
            .field(&s.order_id)
            .field(&s.title)
            .raw(&s.price.plain())
            .raw(&s.qty.to_string())
            .field(&s.sku)
            .field(&s.package)
            .field(s.status.label(Lang::Zh))
            .field(&s.merchant_code)
            .raw(&s.paid.plain())
            .field(refund_state_label(s.refund_state))
            .raw(&s.refunded.plain())
            .raw(&slash_short(s.created))
            .raw(&paid_at);
        out.end()?;
    }
    out.finish()?;
    Ok(rows.len() as u64)
}

/// 客服介入状态 as the refunds export writes it.
pub fn ruling_label(r: Ruling) -> &'static str {
    match r {
        Ruling::None => "客服未介入",
        Ruling::Pending => "客服介入中",
        Ruling::ForBuyer => "支持买家",
        Ruling::ForSeller => "支持卖家",
    }
}

/// 售中 / 售后.
pub fn phase_label(p: RefundPhase) -> &'static str {
    match p {
        RefundPhase::InSale => "售中",
        RefundPhase::AfterSale => "售后",
    }
}

fn xlsx_err(what: &str) -> impl Fn(XlsxError) -> io::Error + '_ {
    move |e| io::Error::other(format!("{what}: {e}"))
}

fn yuan(m: Money) -> f64 {
    m.fen() as f64 / 100.0
}

fn save_xlsx<W: Write>(mut w: W, wb: &mut Workbook, what: &str) -> io::Result<()> {
    let bytes = wb.save_to_buffer().map_err(xlsx_err(what))?;
    w.write_all(&bytes)?;
    w.flush()
}

fn header_row(ws: &mut Worksheet, headers: &[&str], what: &str) -> io::Result<()> {
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h).map_err(xlsx_err(what))?;
    }
    Ok(())
}

/// 退款报表 as XLSX: one sheet, a header row, amounts as numbers (`0.00`), times and ids as
/// text.
pub fn refunds_xlsx<W: Write>(w: W, rows: &[Refund]) -> io::Result<u64> {
    const WHAT: &str = "退款报表 xlsx";
    let e = xlsx_err(WHAT);
    let mut wb = Workbook::new();
    let money = Format::new().set_num_format("0.00");
    let ws = wb.add_worksheet();
    header_row(ws, &REFUND_HEADERS, WHAT)?;
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        let text = |t: Option<crate::Ts>| t.map(|t| t.iso()).unwrap_or_default();
        let cells: [(u16, String); 16] = [
            (0, r.order_id.clone()),
            (1, r.id.clone()),
            (2, text(r.order_paid_at)),
            (3, r.applied.iso()),
            (4, text(r.finished)),
            (6, r.title.clone()),
            (8, r.status.label(Lang::Zh).to_owned()),
            (9, r.goods_state.clone()),
            (10, yes_no(r.return_required).to_owned()),
            (11, ruling_label(r.ruling).to_owned()),
            (12, r.reason.clone()),
            (13, r.description.clone()),
            (14, r.responsible.clone()),
            (15, phase_label(r.phase).to_owned()),
            (16, if r.full { "全部退款" } else { "部分退款" }.to_owned()),
            (17, r.operator.clone()),
        ];
        for (c, s) in cells {
            ws.write_string(row, c, s).map_err(&e)?;
        }
        ws.write_number_with_format(row, 5, yuan(r.paid), &money).map_err(&e)?;
        ws.write_number_with_format(row, 7, yuan(r.amount), &money).map_err(&e)?;
    }
    save_xlsx(w, &mut wb, WHAT)?;
    Ok(rows.len() as u64)
}

/// The review plug-in's CSV: UTF-8 without BOM, CRLF.
pub fn reviews_csv<W: Write>(w: W, rows: &[Review]) -> io::Result<u64> {
    let mut out = CsvOut::new(w, Encoding::Utf8, CRLF);
    out.record(REVIEW_HEADERS)?;
    for r in rows {
        let dsr =
            |f: fn(&crate::model::Dsr) -> u8| r.dsr.as_ref().map(|d| f(d).to_string()).unwrap_or_default();
        out.field(&r.order_id)
            .field(&r.buyer)
            .field(r.rating.label(Lang::Zh))
            .raw(&r.created.iso())
            .field(&r.content)
            .field(&r.follow_up)
            .field(&r.reply)
            .field(&r.sku)
            .raw(&dsr(|d| d.description))
            .raw(&dsr(|d| d.service))
            .raw(&dsr(|d| d.logistics));
        out.end()?;
    }
    out.finish()?;
    Ok(rows.len() as u64)
}

/// One cell of the agent report.
#[derive(Clone, Debug, PartialEq)]
enum Cell {
    Blank,
    Text(String),
    /// A count, written as an integer-valued number.
    Count(f64),
    /// A decimal written with the `0.00` format.
    Dec(f64),
}

fn count(v: Option<u32>) -> Cell {
    v.map_or(Cell::Blank, |n| Cell::Count(n as f64))
}

fn dec(v: Option<f64>) -> Cell {
    v.map_or(Cell::Blank, |x| Cell::Dec(round2(x)))
}

fn money_cell(v: Option<Money>) -> Cell {
    v.map_or(Cell::Blank, |m| Cell::Dec(yuan(m)))
}

fn pct(v: Option<f64>) -> Cell {
    v.map_or(Cell::Blank, |f| Cell::Text(percent(f)))
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn range_text(from: chrono::NaiveDate, to: chrono::NaiveDate) -> String {
    if from == to { from.to_string() } else { Period { from, to }.zh_range() }
}

fn agent_row(s: &AgentStat) -> Vec<Cell> {
    let mut cells = vec![
        Cell::Text(range_text(s.from, s.to)),
        Cell::Text(s.agent.clone()),
        count(s.consulted),
        count(s.received),
        count(s.enquiries),
        count(s.enquiry_paid),
        pct(s.conversion),
        money_cell(s.sales),
        money_cell(s.avg_order_value),
        dec(s.items_per_buyer),
        money_cell(s.avg_item_price),
        pct(s.reply_rate),
        dec(s.avg_response_secs),
        dec(s.first_response_secs),
        dec(s.avg_session_secs),
        dec(s.answer_ratio),
        count(s.slow_responses),
        count(s.working_days),
        pct(s.satisfaction),
    ];
    cells.extend(s.ratings.iter().map(|&n| Cell::Count(n as f64)));
    cells
}

/// Sum of the values present; `None` when none is.
fn sum_some(it: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    it.flatten().fold(None, |acc, x| Some(acc.unwrap_or(0.0) + x))
}

/// Mean of the values present; `None` when none is.
fn mean_some(it: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    let (n, s) = it.flatten().fold((0u32, 0.0), |(n, s), x| (n + 1, s + x));
    (n > 0).then(|| s / n as f64)
}

/// Mean weighted by 接待人数 (plain mean when no row has a weight).
fn weighted(rows: &[AgentStat], f: impl Fn(&AgentStat) -> Option<f64>) -> Option<f64> {
    let (w, s) = rows
        .iter()
        .filter_map(|r| Some((r.received? as f64, f(r)?)))
        .fold((0.0, 0.0), |(w, s), (wi, x)| (w + wi, s + wi * x));
    if w > 0.0 { Some(s / w) } else { mean_some(rows.iter().map(f)) }
}

fn ratio(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => Some(a / b),
        _ => None,
    }
}

/// The 汇总 row: counts and amounts summed, rates recomputed from the sums where the data
/// allows, otherwise weighted by 接待人数.
fn total_row(rows: &[AgentStat], date: &str) -> Vec<Cell> {
    let sum_u = |f: fn(&AgentStat) -> Option<u32>| sum_some(rows.iter().map(|r| f(r).map(f64::from)));
    let cnt = |x: Option<f64>| x.map_or(Cell::Blank, Cell::Count);
    let enquiries = sum_u(|r| r.enquiries);
    let enquiry_paid = sum_u(|r| r.enquiry_paid);
    let sales = sum_some(rows.iter().map(|r| r.sales.map(yuan)));
    // Paying buyers and items per row, recovered from 客单价 and 客件数.
    let buyers_of = |r: &AgentStat| {
        let aov = yuan(r.avg_order_value?);
        let sales = yuan(r.sales?);
        (aov > 0.0).then(|| (sales / aov).round())
    };
    let buyers = sum_some(rows.iter().map(buyers_of));
    let items = sum_some(rows.iter().map(|r| Some(buyers_of(r)? * r.items_per_buyer?)));
    let ratings: Vec<u32> = (0..5).map(|i| rows.iter().map(|r| r.ratings[i]).sum()).collect();
    let rated: u32 = ratings.iter().sum();
    let satisfaction = if rated > 0 {
        Some(f64::from(ratings[0] + ratings[1]) / f64::from(rated))
    } else {
        weighted(rows, |r| r.satisfaction)
    };
    let conversion = ratio(enquiry_paid, enquiries).or_else(|| weighted(rows, |r| r.conversion));
    let mut cells = vec![
        Cell::Text(date.to_owned()),
        Cell::Text("汇总".into()),
        cnt(sum_u(|r| r.consulted)),
        cnt(sum_u(|r| r.received)),
        cnt(enquiries),
        cnt(enquiry_paid),
        pct(conversion),
        dec(sales),
        dec(ratio(sales, buyers)),
        dec(ratio(items, buyers)),
        dec(ratio(sales, items)),
        pct(weighted(rows, |r| r.reply_rate)),
        dec(weighted(rows, |r| r.avg_response_secs)),
        dec(weighted(rows, |r| r.first_response_secs)),
        dec(weighted(rows, |r| r.avg_session_secs)),
        dec(weighted(rows, |r| r.answer_ratio)),
        cnt(sum_u(|r| r.slow_responses)),
        cnt(sum_u(|r| r.working_days)),
        pct(satisfaction),
    ];
    cells.extend(ratings.iter().map(|&n| Cell::Count(f64::from(n))));
    cells
}

/// The 均值 row: the plain mean over the agent rows of every column.
fn mean_row(rows: &[AgentStat], date: &str) -> Vec<Cell> {
    let m_u = |f: fn(&AgentStat) -> Option<u32>| dec(mean_some(rows.iter().map(|r| f(r).map(f64::from))));
    let m_f = |f: fn(&AgentStat) -> Option<f64>| mean_some(rows.iter().map(f));
    let m_money = |f: fn(&AgentStat) -> Option<Money>| dec(mean_some(rows.iter().map(|r| f(r).map(yuan))));
    let mut cells = vec![
        Cell::Text(date.to_owned()),
        Cell::Text("均值".into()),
        m_u(|r| r.consulted),
        m_u(|r| r.received),
        m_u(|r| r.enquiries),
        m_u(|r| r.enquiry_paid),
        pct(m_f(|r| r.conversion)),
        m_money(|r| r.sales),
        m_money(|r| r.avg_order_value),
        dec(m_f(|r| r.items_per_buyer)),
        m_money(|r| r.avg_item_price),
        pct(m_f(|r| r.reply_rate)),
        dec(m_f(|r| r.avg_response_secs)),
        dec(m_f(|r| r.first_response_secs)),
        dec(m_f(|r| r.avg_session_secs)),
        dec(m_f(|r| r.answer_ratio)),
        m_u(|r| r.slow_responses),
        m_u(|r| r.working_days),
        pct(m_f(|r| r.satisfaction)),
    ];
    for i in 0..5 {
        cells.push(dec(mean_some(rows.iter().map(|r| Some(f64::from(r.ratings[i]))))));
    }
    cells
}

/// The file name the 赤兔 report carries: `客服接待数据_2026-10-19至2026-11-15.xlsx`.
pub fn agent_stats_file_name(period: &Period) -> String {
    format!("客服接待数据_{}.xlsx", period.zh_range())
}

/// 客服接待数据 as a 赤兔-style XLSX: a header row, one row per [`AgentStat`] (日期 is the
/// row's day, or `from至to` for a range), then a 汇总 row and a 均值 row whose 日期 is the
/// range covered by all rows. Rates are text like `45.21%`, unknown values blank cells.
/// Returns the number of agent rows (summary rows not counted); with no rows only the header
/// is written.
pub fn agent_stats_xlsx<W: Write>(w: W, rows: &[AgentStat]) -> io::Result<u64> {
    const WHAT: &str = "客服接待数据 xlsx";
    let e = xlsx_err(WHAT);
    let mut wb = Workbook::new();
    let two = Format::new().set_num_format("0.00");
    let ws = wb.add_worksheet();
    header_row(ws, &AGENT_STAT_HEADERS, WHAT)?;
    let mut table: Vec<Vec<Cell>> = rows.iter().map(agent_row).collect();
    if let Some(p) = Period::covering(rows.iter().flat_map(|r| [r.from, r.to])) {
        let date = range_text(p.from, p.to);
        table.push(total_row(rows, &date));
        table.push(mean_row(rows, &date));
    }
    for (i, cells) in table.iter().enumerate() {
        let row = i as u32 + 1;
        for (c, cell) in cells.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Blank => {}
                Cell::Text(s) => {
                    ws.write_string(row, c, s).map_err(&e)?;
                }
                Cell::Count(x) => {
                    ws.write_number(row, c, *x).map_err(&e)?;
                }
                Cell::Dec(x) => {
                    ws.write_number_with_format(row, c, *x, &two).map_err(&e)?;
                }
            }
        }
    }
    save_xlsx(w, &mut wb, WHAT)?;
    Ok(rows.len() as u64)
}

/// 客服名单: UTF-8 with BOM (as Excel saves "CSV UTF-8"), CRLF.
pub fn staff_csv<W: Write>(w: W, rows: &[Staff]) -> io::Result<u64> {
    let mut out = CsvOut::new(w, Encoding::Utf8, CRLF);
    out.bom()?;
    out.record(STAFF_HEADERS)?;
    for s in rows {
        let skills: Vec<&str> = s.skills.iter().map(|r| r.zh()).collect();
        out.field(&s.account)
            .field(&s.name)
            .field(&s.shop)
            .field(s.role.zh())
            .field(&skills.join("、"))
            .field(&s.level)
            .raw(&s.hired.to_string())
            .raw(&s.weekly_hours.to_string())
            .field(yes_no(s.nights_ok))
            .field(s.phone.as_deref().unwrap_or(""))
            .field(yes_no(s.active));
        out.end()?;
    }
    out.finish()?;
    Ok(rows.len() as u64)
}

/// 考勤, 钉钉-like: GBK, CRLF; scheduled and clock times as `08:30` (`次日 00:05` after
/// midnight), minutes as plain numbers.
pub fn attendance_csv<W: Write>(w: W, rows: &[Attendance]) -> io::Result<u64> {
    let mut out = CsvOut::new(w, Encoding::Gbk, CRLF);
    out.record(ATTENDANCE_HEADERS)?;
    for a in rows {
        let t = |x: Option<crate::Ts>| x.map(|t| clock(t, a.date)).unwrap_or_default();
        out.field(&a.name)
            .field(a.account.as_deref().unwrap_or(""))
            .raw(&a.date.to_string())
            .field(&a.shift)
            .field(&t(a.start))
            .field(&t(a.end))
            .field(&t(a.clock_in))
            .field(&t(a.clock_out))
            .field(a.status.label(Lang::Zh))
            .raw(&a.late_minutes.to_string())
            .raw(&a.early_minutes.to_string())
            .field(&a.note);
        out.end()?;
    }
    out.finish()?;
    Ok(rows.len() as u64)
}
