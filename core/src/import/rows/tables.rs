//! The builders of the table layouts: orders, sub-orders, refunds, reviews, agent stats,
//! staff and attendance.
//!
//! Every builder reads a row through [`Cells`] (which counts each cell and reports bad ones),
//! fills in what the export leaves out (a total from goods + postage, a status from the
//! payment time, a period from the file name…) and keeps the row or rejects it. Blank rows,
//! summary rows (汇总/均值/合计…) and repeated header rows are skipped before that.
//!
//! Values in a fixed list (statuses, results, roles) are read by `match` on the cleaned cell,
//! in every platform's words; an unknown word rejects the row with the accepted words listed.

use chrono::NaiveDate;

use super::{BuildCtx, Builder, Cells, RowOutcome, RowSink};
use crate::import::schema::{
    Layout, agent_stats as a, attendance as at, orders as o, refunds as rf, reviews as rv, staff as st,
    sub_orders as so,
};
use crate::import::table::Record;
use crate::import::{Mapping, Problem, clean};
use crate::model::{
    AgentStat, Attendance, AttendanceStatus, DatasetData, Dsr, Order, OrderStatus, Period, Rating, Refund,
    RefundPhase, RefundState, RefundStatus, Review, Role, Ruling, Staff, SubOrder,
};
use crate::{Money, Ts};

/// How many of the first mapped columns are looked at for summary labels and repeated headers.
const PROBE_COLUMNS: usize = 3;

/// What every table builder needs besides its rows.
pub(super) struct Base {
    layout: Layout,
    mapping: Mapping,
    header: Vec<String>,
    /// The first mapped columns (by position) and their normalised headers.
    probe: Vec<(usize, String)>,
    period_hint: Option<Period>,
}

impl Base {
    fn new(layout: Layout, ctx: &BuildCtx<'_>) -> Base {
        let mut cols: Vec<usize> = ctx.mapping.columns.iter().flatten().copied().collect();
        cols.sort_unstable();
        cols.dedup();
        let probe = cols
            .into_iter()
            .take(PROBE_COLUMNS)
            .map(|c| (c, clean::normalize_header(ctx.header.get(c).map_or("", String::as_str))))
            .collect();
        Base {
            layout,
            mapping: ctx.mapping.clone(),
            header: ctx.header.to_vec(),
            probe,
            period_hint: ctx.period_hint,
        }
    }

    fn mapped(&self, f: usize) -> bool {
        self.mapping.columns.get(f).copied().flatten().is_some()
    }

    /// Blank rows, summary rows (a 汇总/均值/合计… label in the first cell or the first mapped
    /// cells) and repeated header rows.
    fn skip(&self, rec: &Record) -> bool {
        if rec.is_blank() || clean::is_summary_label(rec.get(0)) {
            return true;
        }
        if self.probe.iter().any(|(c, _)| clean::is_summary_label(rec.get(*c))) {
            return true;
        }
        !self.probe.is_empty() && self.probe.iter().all(|(c, h)| same_header(rec.get(*c), h))
    }
}

/// Whether `cell` normalises to `norm` (as `clean::normalize_header` would), without
/// allocating.
fn same_header(cell: &str, norm: &str) -> bool {
    if norm.is_empty() {
        return false;
    }
    let t = cell.trim_start_matches('\u{FEFF}').trim().trim_matches('"').trim_end_matches([':', '：']);
    let mut want = norm.chars();
    for ch in t.chars() {
        if ch.is_whitespace() {
            continue;
        }
        let ch = match ch {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(ch as u32 - 0xFEE0).unwrap_or(ch),
            _ => ch,
        };
        for lc in ch.to_lowercase() {
            if want.next() != Some(lc) {
                return false;
            }
        }
    }
    want.next().is_none()
}

/// Reads one row into `out` (pushing a record or completing the last one); false when the row
/// is rejected (its errors are already in the sink).
type RowFn<T> = fn(&mut Cells<'_>, &Base, &mut Vec<T>) -> bool;

/// A builder of one table layout.
struct Table<T> {
    base: Base,
    out: Vec<T>,
    row: RowFn<T>,
    wrap: fn(Vec<T>) -> DatasetData,
}

impl<T> Builder for Table<T> {
    fn push(&mut self, rec: &Record, row_no: u64, sink: &mut RowSink) -> RowOutcome {
        if self.base.skip(rec) {
            return RowOutcome::Skipped;
        }
        let mut c = Cells::new(self.base.layout, &self.base.mapping, &self.base.header, rec, row_no, sink);
        if (self.row)(&mut c, &self.base, &mut self.out) {
            return RowOutcome::Kept;
        }
        if c.ok() {
            c.reject(Problem::Unusable);
        }
        sink.errors.bad_rows += 1;
        RowOutcome::Rejected
    }

    fn rows(&self) -> u64 {
        self.out.len() as u64
    }

    fn finish(self: Box<Self>) -> DatasetData {
        (self.wrap)(self.out)
    }
}

/// The builder of a table layout (chat layouts go to the chat module).
pub(super) fn table_builder(layout: Layout, ctx: &BuildCtx<'_>) -> Box<dyn Builder> {
    fn table<T: 'static>(base: Base, row: RowFn<T>, wrap: fn(Vec<T>) -> DatasetData) -> Box<dyn Builder> {
        Box::new(Table { base, out: Vec::new(), row, wrap })
    }
    let base = Base::new(layout, ctx);
    match layout {
        Layout::Orders => table(base, order_row, DatasetData::Orders),
        Layout::SubOrders => table(base, sub_order_row, DatasetData::SubOrders),
        Layout::Refunds => table(base, refund_row, DatasetData::Refunds),
        Layout::Reviews => table(base, review_row, DatasetData::Reviews),
        Layout::AgentStats => table(base, agent_stat_row, DatasetData::AgentStats),
        Layout::Staff => table(base, staff_row, DatasetData::Staff),
        Layout::Attendance => table(base, attendance_row, DatasetData::Attendance),
        Layout::ChatRows | Layout::ChatTranscripts => crate::import::chat::table_builder(layout, ctx),
    }
}

// ---------------------------------------------------------------------------------------------
// Orders and sub-orders

const ORDER_STATUSES: &str = "等待买家付款、买家已付款，等待卖家发货、卖家已发货，等待买家确认、交易成功、交易关闭，\
或 待付款、待发货、等待出库、已发货、等待确认收货、已完成、已取消";

/// 订单状态 in the words of Taobao/Tmall, JD, PDD and 抖店 (and the Taobao API's codes).
fn order_status(s: &str) -> Option<OrderStatus> {
    use OrderStatus::*;
    // JD marks deleted orders `(删除)等待出库`, locked ones `(锁定)等待出库`.
    if s.starts_with("(删除)") || s.starts_with("（删除）") {
        return Some(Closed);
    }
    let s = ["(锁定)", "（锁定）", "(暂停)", "（暂停）"]
        .iter()
        .find_map(|p| s.strip_prefix(p))
        .unwrap_or(s)
        .trim();
    Some(match s {
        "等待买家付款" | "待付款" | "待支付" | "等待付款" | "未付款" | "待买家付款" | "未支付"
        | "等待支付" | "待用户付款" | "WAIT_BUYER_PAY" => AwaitingPayment,
        "买家已付款，等待卖家发货"
        | "买家已付款,等待卖家发货"
        | "等待卖家发货"
        | "待发货"
        | "等待出库"
        | "待出库"
        | "已支付"
        | "已付款"
        | "备货中"
        | "等待发货"
        | "未发货"
        | "已付款待发货"
        | "待配货"
        | "待出库审核"
        | "WAIT_SELLER_SEND_GOODS" => AwaitingShipment,
        "卖家已发货，等待买家确认"
        | "卖家已发货,等待买家确认"
        | "卖家已发货，等待买家确认收货"
        | "卖家已发货,等待买家确认收货"
        | "卖家已发货"
        | "已发货，待收货"
        | "已发货,待收货"
        | "已发货待收货"
        | "等待确认收货"
        | "等待买家确认收货"
        | "已发货"
        | "待收货"
        | "卖家部分发货"
        | "部分发货"
        | "运输中"
        | "配送中"
        | "已出库"
        | "WAIT_BUYER_CONFIRM_GOODS"
        | "SELLER_CONSIGNED_PART" => Shipped,
        "交易成功" | "已完成" | "完成" | "已收货" | "已签收" | "交易完成" | "订单完成" | "已妥投"
        | "TRADE_FINISHED" => Completed,
        "交易关闭"
        | "已取消"
        | "订单关闭"
        | "已关闭"
        | "交易取消"
        | "取消"
        | "订单取消"
        | "已退款"
        | "退款成功"
        | "未发货，退款成功"
        | "未发货,退款成功"
        | "已发货，退款成功"
        | "已发货,退款成功"
        | "已收货，退款成功"
        | "已收货,退款成功"
        | "TRADE_CLOSED"
        | "TRADE_CLOSED_BY_TAOBAO" => Closed,
        _ => return None,
    })
}

fn is_paid_status(s: OrderStatus) -> bool {
    matches!(s, OrderStatus::AwaitingShipment | OrderStatus::Shipped | OrderStatus::Completed)
}

/// Orders with nothing paid: awaiting payment, or closed with an empty payment time (a
/// timed-out order; JD and 抖店 still show the payable amount in their amount columns).
fn never_paid(status: OrderStatus, paid_at: Option<Ts>, paid_at_mapped: bool) -> bool {
    match status {
        OrderStatus::AwaitingPayment => true,
        OrderStatus::Closed => paid_at.is_none() && paid_at_mapped,
        _ => false,
    }
}

/// A status for exports without one: unpaid when the payment time column exists but is
/// empty, otherwise completed.
fn default_status(paid_at: Option<Ts>, paid_at_mapped: bool) -> OrderStatus {
    if paid_at.is_none() && paid_at_mapped { OrderStatus::AwaitingPayment } else { OrderStatus::Completed }
}

const REFUND_STATES: &str =
    "没有申请退款、无退款申请、退款中、退款成功、退款关闭，或 无售后或售后取消、售后处理中";

/// 退款状态 of a sub-order (PDD/抖店: 售后状态).
fn refund_state(s: &str) -> Option<RefundState> {
    use RefundState::*;
    Some(match s {
        "没有申请退款"
        | "无退款申请"
        | "无退款"
        | "无售后"
        | "无售后或售后取消"
        | "无"
        | "-"
        | "--"
        | "无需退款"
        | "暂无售后" => None,
        "退款中" | "售后中" | "售后处理中" | "申请退款" | "退款申请中" | "待商家处理" | "待卖家处理"
        | "等待卖家同意" | "等待买家退货" | "待买家退货" | "待商家收货" | "退货中" | "换货中" => {
            InProgress
        }
        "退款成功" | "已退款" | "退款完成" | "售后成功" | "售后完成" => Succeeded,
        "退款关闭" | "售后关闭" | "售后取消" | "已关闭" | "退款失败" | "已拒绝" | "商家拒绝" | "拒绝退款"
        | "已撤销" | "买家撤销" => Closed,
        _ => return Option::None,
    })
}

/// A count (数量, 人数…): a non-negative whole number.
fn count(raw: &str) -> Result<Option<u32>, Problem> {
    match clean::int(raw)? {
        None => Ok(None),
        Some(v) => u32::try_from(v).map(Some).map_err(|_| Problem::NotAnInteger),
    }
}

/// 省 市 区 街道 详细地址 joined with spaces, as 收货地址 reads; `None` when all are blank.
fn join_address(parts: [Option<&str>; 5]) -> Option<String> {
    let mut s = String::new();
    for p in parts.into_iter().flatten() {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(p);
    }
    (!s.is_empty()).then_some(s)
}

fn order_row(c: &mut Cells<'_>, b: &Base, out: &mut Vec<Order>) -> bool {
    let id = c.id(o::ID);
    let shop = c.text_or_empty(o::SHOP);
    let buyer = c.text_or_empty(o::BUYER);
    let created = c.datetime(o::CREATED);
    let paid_at = c.datetime(o::PAID_AT);
    let status = c.choice(o::STATUS, ORDER_STATUSES, order_status);
    let goods = c.money(o::GOODS);
    let postage = c.money(o::POSTAGE);
    let total = c.money(o::TOTAL);
    let paid = c.money(o::PAID);
    let refunded = c.money(o::REFUNDED).unwrap_or(Money::ZERO);
    let items = c.parse(o::ITEMS, count);
    let kinds = c.parse(o::KINDS, count);
    let title = c.text_or_empty(o::TITLE);
    let receiver = c.text(o::RECEIVER);
    let phone = c.id(o::PHONE);
    let landline = c.id(o::LANDLINE);
    let address = c.text(o::ADDRESS);
    let parts = [o::PROVINCE, o::CITY, o::DISTRICT, o::STREET, o::ADDRESS_DETAIL].map(|f| c.str(f));
    let buyer_note = c.text_or_empty(o::BUYER_NOTE);
    let seller_note = c.text_or_empty(o::SELLER_NOTE);
    let close_reason = c.text_or_empty(o::CLOSE_REASON);
    let carrier = c.text_or_empty(o::CARRIER);
    let tracking_no = c.id(o::TRACKING_NO).unwrap_or_default();
    if goods.is_none() && total.is_none() && paid.is_none() {
        let f = [o::PAID, o::TOTAL, o::GOODS].into_iter().find(|&f| b.mapped(f)).unwrap_or(o::PAID);
        c.missing(f);
    }
    let (Some(id), Some(created)) = (id, created) else { return false };
    if !c.ok() {
        return false;
    }
    let status = status.unwrap_or_else(|| default_status(paid_at, b.mapped(o::PAID_AT)));
    let unpaid = never_paid(status, paid_at, b.mapped(o::PAID_AT));
    let postage = postage.unwrap_or(Money::ZERO);
    let total = total.or(goods.map(|g| g + postage)).or(paid).unwrap_or(Money::ZERO);
    let goods = goods.unwrap_or(total - postage);
    let paid_at = if unpaid { None } else { paid_at };
    let paid = match paid {
        _ if unpaid => Money::ZERO,
        Some(p) => p,
        None if paid_at.is_some() || is_paid_status(status) => total,
        None => Money::ZERO,
    };
    let kinds = kinds.unwrap_or(1);
    let items = items.unwrap_or(kinds.max(1));
    // Line-level exports (JD, 抖店) have no 宝贝种类 and repeat the order on consecutive rows,
    // one per product: those rows are the order's lines.
    if !b.mapped(o::KINDS)
        && let Some(last) = out.last_mut()
        && last.id == id
    {
        last.kinds = last.kinds.saturating_add(1);
        last.items = last.items.saturating_add(items);
        if !title.is_empty() && !last.title.split('；').any(|t| t == title) {
            if !last.title.is_empty() {
                last.title.push('；');
            }
            last.title.push_str(&title);
        }
        return true;
    }
    out.push(Order {
        id,
        shop,
        buyer,
        created,
        paid_at,
        status,
        goods,
        postage,
        total,
        paid,
        refunded,
        items,
        kinds,
        title,
        receiver,
        phone: phone.or(landline),
        address: address.or_else(|| join_address(parts)),
        buyer_note,
        seller_note,
        close_reason,
        carrier,
        tracking_no,
    });
    true
}

fn sub_order_row(c: &mut Cells<'_>, b: &Base, out: &mut Vec<SubOrder>) -> bool {
    let id = c.id(so::ID);
    let order_id = c.id(so::ORDER_ID);
    let title = c.text_or_empty(so::TITLE);
    let price = c.money(so::PRICE);
    let qty = c.parse(so::QTY, count);
    let sku = c.text_or_empty(so::SKU);
    let package = c.text_or_empty(so::PACKAGE);
    let status = c.choice(so::STATUS, ORDER_STATUSES, order_status);
    let merchant_code = c.text_or_empty(so::MERCHANT_CODE);
    let paid = c.money(so::PAID);
    let refund_state = c.choice(so::REFUND_STATE, REFUND_STATES, refund_state).unwrap_or_default();
    let refunded = c.money(so::REFUNDED).unwrap_or(Money::ZERO);
    let created = c.datetime(so::CREATED);
    let paid_at = c.datetime(so::PAID_AT);
    let created = created.or(paid_at);
    if created.is_none() && c.ok() {
        c.missing(so::CREATED);
    }
    let (Some(id), Some(order_id), Some(created)) = (id, order_id, created) else { return false };
    if !c.ok() {
        return false;
    }
    let status = status.unwrap_or_else(|| default_status(paid_at, b.mapped(so::PAID_AT)));
    let unpaid = never_paid(status, paid_at, b.mapped(so::PAID_AT));
    let qty = qty.unwrap_or(1);
    let price = price.unwrap_or_else(|| match paid {
        Some(p) if qty > 0 => Money(p.fen() / i64::from(qty)),
        _ => Money::ZERO,
    });
    let paid =
        if unpaid { Money::ZERO } else { paid.unwrap_or(Money(price.fen().saturating_mul(i64::from(qty)))) };
    out.push(SubOrder {
        id,
        order_id,
        title,
        price,
        qty,
        sku,
        package,
        status,
        merchant_code,
        paid,
        refund_state,
        refunded,
        created,
        paid_at: if unpaid { None } else { paid_at },
    });
    true
}

// ---------------------------------------------------------------------------------------------
// Refunds

const REFUND_STATUSES: &str = "买家已经申请退款，等待卖家同意、卖家已经同意退款，等待买家退货、买家已经退货，等待卖家确认收货、\
卖家拒绝退款、退款成功、退款关闭，或 待商家处理、待买家退货、待商家收货、已拒绝、已退款、已关闭";

fn refund_status(s: &str) -> Option<RefundStatus> {
    use RefundStatus::*;
    Some(match s {
        "买家已经申请退款，等待卖家同意"
        | "买家已经申请退款,等待卖家同意"
        | "等待卖家同意"
        | "等待卖家同意退款"
        | "待商家处理"
        | "待卖家处理"
        | "待处理"
        | "退款待处理"
        | "待审核"
        | "待商家审核"
        | "申请退款"
        | "WAIT_SELLER_AGREE" => AwaitingSeller,
        "卖家已经同意退款，等待买家退货"
        | "卖家已经同意退款,等待买家退货"
        | "等待买家退货"
        | "待买家退货"
        | "待退货"
        | "同意退货"
        | "WAIT_BUYER_RETURN_GOODS" => AwaitingReturn,
        "买家已经退货，等待卖家确认收货"
        | "买家已经退货,等待卖家确认收货"
        | "等待卖家确认收货"
        | "待商家收货"
        | "待卖家收货"
        | "买家已退货"
        | "退货待确认"
        | "WAIT_SELLER_CONFIRM_GOODS" => AwaitingReceipt,
        "卖家拒绝退款"
        | "商家拒绝"
        | "商家拒绝退款"
        | "已拒绝"
        | "拒绝退款"
        | "驳回"
        | "已驳回"
        | "SELLER_REFUSE_BUYER" => SellerRefused,
        "退款成功" | "已退款" | "退款完成" | "售后完成" | "售后成功" | "SUCCESS" => {
            Succeeded
        }
        "退款关闭" | "已关闭" | "售后关闭" | "已撤销" | "买家撤销" | "撤销" | "关闭" | "售后取消"
        | "已取消" | "CLOSED" => Closed,
        _ => return None,
    })
}

const RULINGS: &str = "客服未介入、客服介入中、支持买家、支持卖家（或 小二支持买家/卖家、平台介入中）";

fn ruling(s: &str) -> Option<Ruling> {
    use Ruling::*;
    Some(match s {
        "客服未介入" | "未介入" | "无" | "否" | "无需介入" | "不需要" | "-" | "--" => None,
        "客服介入中" | "介入中" | "小二介入中" | "平台介入中" | "需要客服介入" | "已介入" | "是"
        | "平台处理中" => Pending,
        "支持买家" | "小二支持买家" | "平台支持买家" | "买家胜诉" | "判买家胜诉" | "支持买家退款" => {
            ForBuyer
        }
        "支持卖家" | "小二支持卖家" | "平台支持卖家" | "卖家胜诉" | "判卖家胜诉" => {
            ForSeller
        }
        _ => return Option::None,
    })
}

const PHASES: &str = "售中、售后";

fn phase(s: &str) -> Option<RefundPhase> {
    match s {
        "售中" | "售中退款" | "交易中" | "发货前" => Some(RefundPhase::InSale),
        "售后" | "售后退款" | "交易成功后" | "交易完成后" => Some(RefundPhase::AfterSale),
        _ => None,
    }
}

const FULL_WORDS: &str = "全部退款、部分退款";

fn full_refund(s: &str) -> Option<bool> {
    match s {
        "全部退款" | "全额退款" | "全部" | "全额" | "是" => Some(true),
        "部分退款" | "部分" | "否" => Some(false),
        _ => None,
    }
}

const REFUND_KINDS: &str = "仅退款、退货退款、换货";

/// 售后类型: whether the goods go back.
fn refund_kind(s: &str) -> Option<bool> {
    match s {
        "仅退款"
        | "退款"
        | "未收到货仅退款"
        | "已收到货仅退款"
        | "仅退款(未发货)"
        | "仅退款(已发货)"
        | "仅退款（未发货）"
        | "仅退款（已发货）"
        | "补寄" => Some(false),
        "退货退款" | "退款退货" | "退货" | "换货" | "维修" => Some(true),
        _ => None,
    }
}

/// 是否需要退货: 是/否, or the words of a 售后类型.
fn return_flag(raw: &str) -> Result<Option<bool>, Problem> {
    match clean::yes_no(raw) {
        Err(p) => match clean::cell(raw) {
            "需要退货" | "退货" => Ok(Some(true)),
            "无需退货" | "不需要退货" | "不退货" => Ok(Some(false)),
            c => refund_kind(c).map(Some).ok_or(p),
        },
        ok => ok,
    }
}

fn refund_row(c: &mut Cells<'_>, b: &Base, out: &mut Vec<Refund>) -> bool {
    let _ = b;
    let id = c.id(rf::ID);
    let order_id = c.id(rf::ORDER_ID);
    let buyer = c.text_or_empty(rf::BUYER);
    let shop = c.text_or_empty(rf::SHOP);
    let order_paid_at = c.datetime(rf::ORDER_PAID_AT);
    let applied = c.datetime(rf::APPLIED);
    let finished = c.datetime(rf::FINISHED);
    let paid = c.money(rf::PAID);
    let title = c.text_or_empty(rf::TITLE);
    let amount = c.money(rf::AMOUNT);
    let status = c.choice(rf::STATUS, REFUND_STATUSES, refund_status);
    let goods_state = c.text_or_empty(rf::GOODS_STATE);
    let return_required = c.parse(rf::RETURN_REQUIRED, return_flag);
    let kind = c.choice(rf::KIND, REFUND_KINDS, refund_kind);
    let ruling = c.choice(rf::RULING, RULINGS, ruling).unwrap_or_default();
    let reason = c.text_or_empty(rf::REASON);
    let description = c.text_or_empty(rf::DESCRIPTION);
    let responsible = c.text_or_empty(rf::RESPONSIBLE);
    let phase = c.choice(rf::PHASE, PHASES, phase);
    let full = c.choice(rf::FULL, FULL_WORDS, full_refund);
    let operator = c.text_or_empty(rf::OPERATOR);
    let (Some(id), Some(order_id), Some(applied), Some(amount), Some(status)) =
        (id, order_id, applied, amount, status)
    else {
        return false;
    };
    if !c.ok() {
        return false;
    }
    let full = full.unwrap_or_else(|| paid.is_some_and(|p| p > Money::ZERO && amount >= p));
    out.push(Refund {
        id,
        order_id,
        buyer,
        shop,
        order_paid_at,
        applied,
        finished,
        paid: paid.unwrap_or(Money::ZERO),
        title,
        amount,
        status,
        goods_state,
        return_required: return_required.or(kind).unwrap_or(false),
        ruling,
        reason,
        description,
        responsible,
        phase: phase.unwrap_or(RefundPhase::AfterSale),
        full,
        operator,
    });
    true
}

// ---------------------------------------------------------------------------------------------
// Reviews

const RATINGS: &str = "好评、中评、差评，或 1–5 星";

/// Stars to a verdict, as Taobao and JD count them: 4–5 好评, 2–3 中评, 1 差评.
fn rating_of_stars(n: u8) -> Rating {
    match n {
        4.. => Rating::Good,
        2 | 3 => Rating::Neutral,
        _ => Rating::Bad,
    }
}

/// A star score 1–5: `5`, `5.0`, `5星`, `5分`, `★★★★★`.
fn star_word(s: &str) -> Option<u8> {
    if !s.is_empty() && s.chars().all(|c| c == '★') {
        let n = s.chars().count();
        return (n <= 5).then_some(n as u8);
    }
    let t = s.trim_end_matches(['星', '分']).trim();
    let v: f64 = t.parse().ok()?;
    (v.fract() == 0.0 && (1.0..=5.0).contains(&v)).then_some(v as u8)
}

fn rating(s: &str) -> Option<Rating> {
    match s {
        "好评" | "好" | "默认好评" | "系统默认好评" | "好评(默认)" | "Good" | "good" | "positive"
        | "Positive" => Some(Rating::Good),
        "中评" | "中" | "Neutral" | "neutral" => Some(Rating::Neutral),
        "差评" | "差" | "Bad" | "bad" | "negative" | "Negative" => Some(Rating::Bad),
        _ => star_word(s).map(rating_of_stars),
    }
}

/// A 1–5 score (stars, DSR).
fn score(raw: &str) -> Result<Option<u8>, Problem> {
    let c = clean::cell(raw);
    if c.is_empty() {
        return Ok(None);
    }
    let h = clean::halfwidth(c);
    star_word(h.trim()).map(Some).ok_or_else(|| Problem::Unknown { expected: "1–5".into() })
}

fn review_row(c: &mut Cells<'_>, b: &Base, out: &mut Vec<Review>) -> bool {
    let order_id = c.id(rv::ORDER_ID).unwrap_or_default();
    let buyer = c.text_or_empty(rv::BUYER);
    let shop = c.text_or_empty(rv::SHOP);
    let verdict = c.choice(rv::RATING, RATINGS, rating);
    let stars = c.parse(rv::STARS, score);
    let created = c.datetime(rv::CREATED);
    let content = c.text_or_empty(rv::CONTENT);
    let follow_up = c.text_or_empty(rv::FOLLOW_UP);
    let reply = c.text_or_empty(rv::REPLY);
    let sku = c.text_or_empty(rv::SKU);
    let description = c.parse(rv::DSR_DESCRIPTION, score);
    let service = c.parse(rv::DSR_SERVICE, score);
    let logistics = c.parse(rv::DSR_LOGISTICS, score);
    let verdict = verdict.or(stars.map(rating_of_stars));
    if verdict.is_none() && content.is_empty() && c.ok() {
        let f =
            [rv::RATING, rv::STARS, rv::CONTENT].into_iter().find(|&f| b.mapped(f)).unwrap_or(rv::CONTENT);
        c.missing(f);
    }
    let Some(created) = created else { return false };
    if !c.ok() {
        return false;
    }
    let dsr = match (description, service, logistics) {
        (Some(description), Some(service), Some(logistics)) => Some(Dsr { description, service, logistics }),
        _ => None,
    };
    out.push(Review {
        order_id,
        buyer,
        shop,
        // A review with words but no verdict: the platforms' default is 好评.
        rating: verdict.unwrap_or(Rating::Good),
        created,
        content,
        follow_up,
        reply,
        sku,
        dsr,
    });
    true
}

// ---------------------------------------------------------------------------------------------
// Agent stats

/// `2026-10-19`, or a range `2026-10-19至2026-11-15` (also `~`, `到`, ` - `).
fn date_range(raw: &str) -> Result<Option<(NaiveDate, NaiveDate)>, Problem> {
    let c = clean::cell(raw);
    if c.is_empty() {
        return Ok(None);
    }
    for sep in ["至", "~", "～", "到", " - ", "—", " to ", "_to_"] {
        if let Some((x, y)) = c.split_once(sep) {
            return match (clean::date(x), clean::date(y)) {
                (Ok(Some(from)), Ok(Some(to))) if from <= to => Ok(Some((from, to))),
                _ => Err(Problem::NotADate),
            };
        }
    }
    if c.len() >= 20
        && let Some(p) = clean::period_in_name(c)
        && p.from != p.to
    {
        return Ok(Some((p.from, p.to)));
    }
    clean::date(c).map(|d| d.map(|d| (d, d)))
}

fn agent_stat_row(c: &mut Cells<'_>, b: &Base, out: &mut Vec<AgentStat>) -> bool {
    let range = c.parse(a::DATE, date_range);
    let agent = c.text(a::AGENT);
    let consulted = c.parse(a::CONSULTED, count);
    let received = c.parse(a::RECEIVED, count);
    let enquiries = c.parse(a::ENQUIRIES, count);
    let enquiry_paid = c.parse(a::ENQUIRY_PAID, count);
    // Checked for the report, not kept: the model has no field for them.
    let _ordered = c.parse(a::ORDERED, count);
    let conversion = c.percent(a::CONVERSION);
    let sales = c.money(a::SALES);
    let _sales_share = c.percent(a::SALES_SHARE);
    let avg_order_value = c.money(a::AVG_ORDER_VALUE);
    let items_per_buyer = c.float(a::ITEMS_PER_BUYER);
    let avg_item_price = c.money(a::AVG_ITEM_PRICE);
    let reply_rate = c.percent(a::REPLY_RATE);
    let avg_response_secs = c.duration(a::AVG_RESPONSE_SECS);
    let first_response_secs = c.duration(a::FIRST_RESPONSE_SECS);
    let avg_session_secs = c.duration(a::AVG_SESSION_SECS);
    let answer_ratio = c.float(a::ANSWER_RATIO);
    let slow_responses = c.parse(a::SLOW_RESPONSES, count);
    let working_days = c.parse(a::WORKING_DAYS, count);
    let satisfaction = c.percent(a::SATISFACTION);
    let mut ratings = [0u32; 5];
    for (i, r) in ratings.iter_mut().enumerate() {
        *r = c.parse(a::RATING_VERY_GOOD + i, count).unwrap_or(0);
    }
    let Some(agent) = agent else { return false };
    if !c.ok() {
        return false;
    }
    let (from, to) = match (range, b.period_hint) {
        (Some(r), _) => r,
        (None, Some(p)) => (p.from, p.to),
        (None, None) => {
            if b.mapped(a::DATE) {
                c.missing(a::DATE);
            } else {
                c.reject(Problem::NoDate);
            }
            return false;
        }
    };
    out.push(AgentStat {
        agent,
        from,
        to,
        consulted,
        received,
        enquiries,
        enquiry_paid,
        conversion,
        sales,
        avg_order_value,
        items_per_buyer,
        avg_item_price,
        reply_rate,
        avg_response_secs,
        first_response_secs,
        avg_session_secs,
        answer_ratio,
        slow_responses,
        working_days,
        satisfaction,
        ratings,
    });
    true
}

// ---------------------------------------------------------------------------------------------
// Staff

const ROLES: &str = "售前、售后";

fn role(s: &str) -> Option<Role> {
    match s {
        "售前" | "售前客服" | "售前组" | "售前专员" | "pre-sale" | "Pre-sale" | "presale" | "PreSale"
        | "Presale" => Some(Role::PreSale),
        "售后" | "售后客服" | "售后组" | "售后专员" | "after-sale" | "After-sale" | "aftersale"
        | "AfterSale" | "Aftersale" => Some(Role::AfterSale),
        _ => None,
    }
}

/// `售前、售后` (also `,`, `，`, `/`, `;`, `|`, `+` or spaces between).
fn skills(raw: &str) -> Result<Option<Vec<Role>>, Problem> {
    let c = clean::cell(raw);
    let mut out = Vec::new();
    for part in
        c.split(['、', ',', '，', '/', ';', '；', '|', '+', ' ']).map(str::trim).filter(|p| !p.is_empty())
    {
        let r = role(part)
            .ok_or_else(|| Problem::Unknown { expected: "售前、售后（用“、”分隔）".into() })?;
        if !out.contains(&r) {
            out.push(r);
        }
    }
    Ok((!out.is_empty()).then_some(out))
}

const ACTIVE_WORDS: &str = "是、否，或 在职、离职";

fn active(s: &str) -> Option<bool> {
    match s {
        "在职" | "正式" | "试用" | "试用期" | "实习" | "在岗" => Some(true),
        "离职" | "已离职" | "停用" | "已停用" => Some(false),
        other => clean::yes_no(other).ok().flatten(),
    }
}

/// Hours: `40`, `40小时`, `40h`.
fn hours(raw: &str) -> Result<Option<u32>, Problem> {
    count(clean::cell(raw).trim_end_matches(['小', '时', 'h', 'H']))
}

fn staff_row(c: &mut Cells<'_>, b: &Base, out: &mut Vec<Staff>) -> bool {
    let account = c.text(st::ACCOUNT);
    let name = c.text(st::NAME);
    let shop = c.text_or_empty(st::SHOP);
    let role = c.choice(st::ROLE, ROLES, role);
    let skills = c.parse(st::SKILLS, skills);
    let level = c.text_or_empty(st::LEVEL);
    let hired = c.date(st::HIRED);
    let weekly_hours = c.parse(st::WEEKLY_HOURS, hours);
    let nights_ok = c.yes_no(st::NIGHTS_OK);
    let phone = c.id(st::PHONE);
    let active = c.choice(st::ACTIVE, ACTIVE_WORDS, active);
    let team = c.text_or_empty(st::TEAM);
    if account.is_none() && name.is_none() && c.ok() {
        c.missing(if b.mapped(st::ACCOUNT) || !b.mapped(st::NAME) { st::ACCOUNT } else { st::NAME });
    }
    if !c.ok() {
        return false;
    }
    let role = role.or_else(|| skills.as_ref().and_then(|s| s.first().copied())).unwrap_or(Role::PreSale);
    let mut skills = skills.unwrap_or_default();
    if !skills.contains(&role) {
        skills.insert(0, role);
    }
    let name = name.unwrap_or_default();
    out.push(Staff {
        account: account.unwrap_or_else(|| name.clone()),
        name,
        shop,
        role,
        skills,
        level,
        // Not in the sheet: the model has no "unknown", so the epoch stands for it.
        hired: hired.unwrap_or_default(),
        weekly_hours: weekly_hours.unwrap_or(40),
        nights_ok: nights_ok.unwrap_or(false),
        phone,
        active: active.unwrap_or(true),
        team,
    });
    true
}

// ---------------------------------------------------------------------------------------------
// Attendance

const ATTENDANCE_RESULTS: &str =
    "正常、迟到、早退、迟到 早退、缺卡、旷工、请假（事假、病假、年假、调休）、休息";

fn attendance_word(s: &str) -> Option<AttendanceStatus> {
    use AttendanceStatus::*;
    Some(match s {
        "正常" | "正常出勤" | "出勤" | "全勤" | "外勤" | "出差" | "补卡审批通过" | "已补卡" | "√" => {
            Normal
        }
        "迟到" | "严重迟到" | "上班迟到" => Late,
        "早退" | "下班早退" => EarlyLeave,
        "迟到早退" | "迟到+早退" | "迟到及早退" => LateAndEarly,
        "缺卡" | "上班缺卡" | "下班缺卡" | "未打卡" | "漏打卡" => MissingClock,
        "旷工" | "旷工迟到" | "缺勤" | "旷工一天" | "旷工半天" => Absent,
        "请假" | "事假" | "病假" | "年假" | "调休" | "婚假" | "产假" | "陪产假" | "丧假" | "哺乳假"
        | "休假" | "假" => Leave,
        "休息" | "休" | "公休" | "轮休" | "休息日" | "节假日" => Rest,
        // 钉钉 adds durations: 迟到12分钟, 早退5分钟, 事假1天.
        _ if s.starts_with("迟到") || s.starts_with("上班迟到") || s.starts_with("严重迟到") => {
            Late
        }
        _ if s.starts_with("早退") || s.starts_with("下班早退") => EarlyLeave,
        _ if s.starts_with("旷工") => Absent,
        _ if s.ends_with("缺卡") => MissingClock,
        _ if ["请假", "事假", "病假", "年假", "调休", "婚假", "产假", "丧假"]
            .iter()
            .any(|p| s.starts_with(p)) =>
        {
            Leave
        }
        _ => return None,
    })
}

/// Several results of one day (`迟到 早退`, or the 上班/下班 results of 钉钉) folded into one.
#[derive(Default)]
struct Results {
    late: bool,
    early: bool,
    missing: bool,
    absent: bool,
    leave: bool,
    rest: bool,
    any: bool,
}

impl Results {
    fn add(&mut self, s: AttendanceStatus) {
        use AttendanceStatus::*;
        match s {
            Late => self.late = true,
            EarlyLeave => self.early = true,
            LateAndEarly => (self.late, self.early) = (true, true),
            MissingClock => self.missing = true,
            Absent => self.absent = true,
            Leave => self.leave = true,
            Rest => self.rest = true,
            Normal => {}
        }
        self.any = true;
    }

    /// The worst of them: 旷工, then 迟到/早退, 缺卡, 请假, 休息, 正常.
    fn result(&self) -> Option<AttendanceStatus> {
        use AttendanceStatus::*;
        Some(match () {
            _ if !self.any => return None,
            _ if self.absent => Absent,
            _ if self.late && self.early => LateAndEarly,
            _ if self.late => Late,
            _ if self.early => EarlyLeave,
            _ if self.missing => MissingClock,
            _ if self.leave => Leave,
            _ if self.rest => Rest,
            _ => Normal,
        })
    }
}

/// 考勤结果, including combinations such as `迟到 早退` or `上班缺卡,下班缺卡`.
fn attendance_status(s: &str) -> Option<AttendanceStatus> {
    const SEPARATORS: [char; 9] = [' ', ',', '，', '、', ';', '；', '/', '+', '|'];
    if let Some(w) = attendance_word(s)
        && !s.contains(SEPARATORS)
    {
        return Some(w);
    }
    let mut r = Results::default();
    for part in s.split(SEPARATORS).filter(|p| !p.is_empty()) {
        r.add(attendance_word(part)?);
    }
    r.result()
}

/// Shift names that mean a day off.
fn rest_shift(s: &str) -> bool {
    matches!(s, "休息" | "休" | "公休" | "轮休" | "休息日" | "无排班" | "未排班")
}

/// The times in a shift name (`早班 08:00-16:30`, `晚班 15:30-24:00`) on `day`; an end not
/// after the start is the next day.
fn shift_times(day: NaiveDate, shift: &str) -> Option<(Ts, Ts)> {
    let span = shift.split_whitespace().rev().find(|t| t.contains(['-', '~', '～', '—', '至']))?;
    let (a, b) = span.split_once(['-', '~', '～', '—', '至'])?;
    let (a, b) = (time_of_day(a.trim())?, time_of_day(b.trim())?);
    let midnight = Ts::from_date(day);
    let end = if b <= a { b + Ts::DAY } else { b };
    Some((midnight.plus(a), midnight.plus(end)))
}

/// A 考勤 date: `2026-10-19`, also with the weekday 钉钉 adds (`2026-10-19 星期一`,
/// `26-10-19 周一`).
fn attendance_date(raw: &str) -> Result<Option<NaiveDate>, Problem> {
    let c = clean::cell(raw);
    let err = match clean::date(c) {
        Err(e) => e,
        ok => return ok,
    };
    let Some(cut) = c.find("星期").or_else(|| c.find('周')).or_else(|| c.find(['(', '（'])) else {
        return Err(err);
    };
    let d = c[..cut].trim();
    let b = d.as_bytes();
    // `26-10-19`: a two-digit year first (clean::date reads it month first).
    if b.len() == 8 && b[2] == b'-' && b[5] == b'-' && d.bytes().filter(u8::is_ascii_digit).count() == 6 {
        let n = |r: std::ops::Range<usize>| d[r].parse::<u32>().ok();
        if let (Some(y), Some(m), Some(dd)) = (n(0..2), n(3..5), n(6..8)) {
            return NaiveDate::from_ymd_opt(2000 + y as i32, m, dd).map(Some).ok_or(err);
        }
    }
    clean::date(d).map_err(|_| err)
}

/// Clock cells that mean "no clock".
fn no_clock(c: &str) -> bool {
    matches!(c, "未打卡" | "缺卡" | "--" | "-" | "—" | "无" | "/" | "休息" | "未排班")
}

/// `HH:MM` or `HH:MM:SS` → seconds after midnight (`24:00` allowed).
fn time_of_day(t: &str) -> Option<i64> {
    let mut n = [0i64; 3];
    let mut k = 0;
    for part in t.split(':') {
        if k == 3 || part.is_empty() || part.len() > 2 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        n[k] = part.parse().ok()?;
        k += 1;
    }
    let ok = k >= 2 && n[1] < 60 && n[2] < 60 && (n[0] < 24 || (n[0] == 24 && n[1] == 0 && n[2] == 0));
    ok.then(|| n[0] * 3600 + n[1] * 60 + n[2])
}

/// A scheduled or clock time on `day`: a time of day (`08:57`, `次日 00:05` past midnight,
/// an Excel time fraction `0.375`) or a full date and time.
fn clock_on(day: NaiveDate, raw: &str) -> Result<Option<Ts>, Problem> {
    let c = clean::cell(raw);
    if c.is_empty() || no_clock(c) {
        return Ok(None);
    }
    let h = clean::halfwidth(c);
    let t = h.trim();
    let (next, t) = match t.strip_prefix("次日") {
        Some(rest) => (Ts::DAY, rest.trim()),
        None => (0, t),
    };
    let midnight = Ts::from_date(day);
    if let Some(secs) = time_of_day(t) {
        return Ok(Some(midnight.plus(secs + next)));
    }
    if let Ok(v) = t.parse::<f64>()
        && (0.0..1.0).contains(&v)
    {
        return Ok(Some(midnight.plus((v * 86_400.0).round() as i64 + next)));
    }
    clean::datetime(t).map(|x| x.map(|ts| ts.plus(next)))
}

/// Minutes: `12`, `12分钟`, `12.5` (rounded).
fn minutes(raw: &str) -> Result<Option<u32>, Problem> {
    let c = clean::cell(raw);
    let t = c.trim_end_matches("分钟").trim_end_matches(['分', 'm', 'i', 'n']).trim();
    match clean::float(t)? {
        None => Ok(None),
        Some(v) if (0.0..1e6).contains(&v) => Ok(Some(v.round() as u32)),
        Some(_) => Err(Problem::NotAnInteger),
    }
}

/// Whole minutes from `a` to `b`, 0 when `b` is not later.
fn minutes_between(a: Ts, b: Ts) -> u32 {
    u32::try_from((b.0 - a.0).max(0) / 60).unwrap_or(u32::MAX)
}

fn attendance_row(c: &mut Cells<'_>, b: &Base, out: &mut Vec<Attendance>) -> bool {
    let name = c.text(at::NAME);
    let account = c.text(at::ACCOUNT);
    let date = c.parse(at::DATE, attendance_date);
    let shift = c.text_or_empty(at::SHIFT);
    let day = date.unwrap_or_default();
    let mut start = c.parse(at::START, |r| clock_on(day, r));
    let mut end = c.parse(at::END, |r| clock_on(day, r));
    let clock_in = c.parse(at::CLOCK_IN, |r| clock_on(day, r));
    let mut clock_out = c.parse(at::CLOCK_OUT, |r| clock_on(day, r));
    let status_in = c.choice(at::STATUS, ATTENDANCE_RESULTS, attendance_status);
    let status_out = c.choice(at::STATUS_OUT, ATTENDANCE_RESULTS, attendance_status);
    let late = c.parse(at::LATE_MINUTES, minutes);
    let early = c.parse(at::EARLY_MINUTES, minutes);
    let note = c.text_or_empty(at::NOTE);
    let (Some(name), Some(date)) = (name, date) else { return false };
    if !c.ok() {
        return false;
    }
    let shift = if rest_shift(&shift) { String::new() } else { shift };
    // 钉钉 gives the schedule only in the shift name.
    if !b.mapped(at::START)
        && !b.mapped(at::END)
        && let Some((s, e)) = shift_times(date, &shift)
    {
        (start, end) = (Some(s), Some(e));
    }
    // An end before the start without `次日` is past midnight all the same.
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        end = Some(e.plus(Ts::DAY));
    }
    if let (Some(i), Some(o)) = (clock_in, clock_out)
        && o < i
    {
        clock_out = Some(o.plus(Ts::DAY));
    }
    let late = late.unwrap_or_else(|| match (start, clock_in) {
        (Some(s), Some(i)) if !b.mapped(at::LATE_MINUTES) => minutes_between(s, i),
        _ => 0,
    });
    let early = early.unwrap_or_else(|| match (clock_out, end) {
        (Some(o), Some(e)) if !b.mapped(at::EARLY_MINUTES) => minutes_between(o, e),
        _ => 0,
    });
    let mut results = Results::default();
    for s in [status_in, status_out].into_iter().flatten() {
        results.add(s);
    }
    let status = results.result().unwrap_or_else(|| {
        use AttendanceStatus::*;
        let scheduled = start.is_some() || end.is_some() || !shift.is_empty();
        match (clock_in.is_some(), clock_out.is_some()) {
            (false, false) if scheduled => Absent,
            (false, false) => Rest,
            (true, false) | (false, true) => MissingClock,
            (true, true) => match (late > 0, early > 0) {
                (true, true) => LateAndEarly,
                (true, false) => Late,
                (false, true) => EarlyLeave,
                (false, false) => Normal,
            },
        }
    });
    out.push(Attendance {
        name,
        account,
        date,
        shift,
        start,
        end,
        clock_in,
        clock_out,
        status,
        late_minutes: late,
        early_minutes: early,
        note,
    });
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn order_statuses_in_every_platforms_words() {
        use OrderStatus::*;
        for (w, s) in [
            ("等待买家付款", AwaitingPayment),
            ("待支付", AwaitingPayment),
            ("买家已付款，等待卖家发货", AwaitingShipment),
            ("等待出库", AwaitingShipment),
            ("(锁定)等待出库", AwaitingShipment),
            ("备货中", AwaitingShipment),
            ("卖家已发货，等待买家确认", Shipped),
            ("已发货，待收货", Shipped),
            ("等待确认收货", Shipped),
            ("交易成功", Completed),
            ("完成", Completed),
            ("已签收", Completed),
            ("交易关闭", Closed),
            ("(删除)等待出库", Closed),
            ("已取消", Closed),
        ] {
            assert_eq!(order_status(w), Some(s), "{w}");
        }
        assert_eq!(order_status("发货了吗"), None);
    }

    #[test]
    fn ratings_stars_and_scores() {
        assert_eq!(rating("好评"), Some(Rating::Good));
        assert_eq!(rating("5"), Some(Rating::Good));
        assert_eq!(rating("4星"), Some(Rating::Good));
        assert_eq!(rating("3"), Some(Rating::Neutral));
        assert_eq!(rating("1"), Some(Rating::Bad));
        assert_eq!(rating("★★"), Some(Rating::Neutral));
        assert_eq!(rating("6"), None);
        assert_eq!(score("５"), Ok(Some(5)));
        assert!(score("0").is_err());
    }

    #[test]
    fn attendance_results_and_combinations() {
        use AttendanceStatus::*;
        assert_eq!(attendance_status("迟到 早退"), Some(LateAndEarly));
        assert_eq!(attendance_status("上班缺卡,下班缺卡"), Some(MissingClock));
        assert_eq!(attendance_status("迟到12分钟"), Some(Late));
        assert_eq!(attendance_status("事假1天"), Some(Leave));
        assert_eq!(attendance_status("休"), Some(Rest));
        assert_eq!(attendance_status("摸鱼"), None);
    }

    #[test]
    fn clock_times_on_a_day() {
        let d = day("2026-10-19");
        let at = |h, m| Ts::from_ymd_hms(2026, 10, 19, h, m, 0).unwrap();
        assert_eq!(clock_on(d, "08:57"), Ok(Some(at(8, 57))));
        assert_eq!(clock_on(d, "次日 00:05"), Ok(Some(at(0, 5).plus(Ts::DAY))));
        assert_eq!(clock_on(d, "0.375"), Ok(Some(at(9, 0))));
        assert_eq!(clock_on(d, "2026-10-19 17:31:00"), Ok(Some(at(17, 31))));
        assert_eq!(clock_on(d, "未打卡"), Ok(None));
        assert_eq!(clock_on(d, "25:00"), Err(Problem::NotADateTime));
        assert_eq!(attendance_date("2026-10-19 星期一"), Ok(Some(d)));
        assert_eq!(attendance_date("26-10-19 周一"), Ok(Some(d)));
        assert_eq!(minutes("12分钟"), Ok(Some(12)));
        let shift = shift_times(d, "晚班 15:30-24:00").unwrap();
        assert_eq!(shift, (at(15, 30), at(0, 0).plus(Ts::DAY)));
        assert_eq!(shift_times(d, "夜班 22:00~06:00").unwrap().1, at(6, 0).plus(Ts::DAY));
        assert_eq!(shift_times(d, "早班"), None);
    }

    #[test]
    fn report_date_ranges() {
        let (f, t) = (day("2026-10-19"), day("2026-11-15"));
        assert_eq!(date_range("2026-10-19至2026-11-15"), Ok(Some((f, t))));
        assert_eq!(date_range("2026/10/19 ~ 2026/11/15"), Ok(Some((f, t))));
        assert_eq!(date_range("2026-10-19-2026-11-15"), Ok(Some((f, t))));
        assert_eq!(date_range("2026-10-19"), Ok(Some((f, f))));
        assert_eq!(date_range("2026-11-15至2026-10-19"), Err(Problem::NotADate));
        assert!(same_header(" 订单付款时间 ", "订单付款时间"));
        assert!(same_header("SKU", "sku"));
        assert!(!same_header("订单", "订单编号"));
    }
}
