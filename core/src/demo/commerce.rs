//! Orders, refunds and reviews of the demo shop.
//!
//! While chats are generated, orders and refunds are kept as drafts with their whole
//! timeline (payment, shipping, delivery, completion; refund agreement, return, receipt,
//! platform ruling). [`finalize`] then reads every timeline at the end of the period to set
//! statuses the way the back office would show them that evening, assigns ids, keeps the
//! amounts exactly consistent, and writes the reviews of completed orders.

use super::catalog::{CARRIERS, PRODUCTS, tracking_no};
use super::dialogue as dl;
use super::util::{Rng, between, chance, lognormal, pick, unit, word};
use crate::model::{
    Dsr, Order, OrderStatus, Rating, Refund, RefundPhase, RefundState, RefundStatus, Review, Ruling, SubOrder,
};
use crate::{Money, Ts};

const HOUR: i64 = 3600;
const DAY: i64 = Ts::DAY;

/// What went wrong with an order, for reviews.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(crate) enum Issue {
    #[default]
    None,
    Quality,
    Logistics,
    Missing,
    Service,
    Description,
}

/// One order line.
#[derive(Clone, Debug)]
pub(crate) struct Line {
    pub product: u16,
    pub color: u8,
    pub size: u8,
    pub qty: u32,
    /// Unit price, fen.
    pub price: i64,
    /// This line's share of what the buyer pays, fen.
    pub paid: i64,
    /// Index into the refund drafts.
    pub refund: Option<u32>,
}

impl Line {
    pub fn new(product: usize, color: usize, size: usize, qty: u32) -> Line {
        let p = &PRODUCTS[product];
        Line {
            product: product as u16,
            color: (color % p.colors.len()) as u8,
            size: (size % p.sizes.len()) as u8,
            qty,
            price: p.price,
            paid: 0,
            refund: None,
        }
    }

    fn sku(&self) -> String {
        let p = &PRODUCTS[self.product as usize];
        format!("颜色分类:{};尺码:{}", p.colors[self.color as usize], p.sizes[self.size as usize])
    }

    fn merchant_code(&self) -> String {
        let p = &PRODUCTS[self.product as usize];
        format!("{}-{:02}-{}", p.code, self.color + 1, p.sizes[self.size as usize])
    }
}

/// An order with its planned timeline.
///
/// Invariant: `lines` is never empty (every order is built with at least one line), so
/// `lines[0]` and `lines.len() - 1` are safe.
#[derive(Clone, Debug)]
pub(crate) struct OrderDraft {
    pub buyer: u32,
    pub created: Ts,
    pub paid_at: Option<Ts>,
    pub lines: Vec<Line>,
    pub postage: i64,
    pub discount: i64,
    pub ship_at: Option<Ts>,
    pub deliver_at: Option<Ts>,
    pub complete_at: Option<Ts>,
    pub carrier: u8,
    pub buyer_note: &'static str,
    pub seller_note: String,
    /// Below zero: the buyer had a bad time.
    pub mood: i8,
    pub issue: Issue,
}

impl OrderDraft {
    pub fn goods(&self) -> i64 {
        self.lines.iter().map(|l| l.price * l.qty as i64).sum()
    }

    pub fn items(&self) -> u32 {
        self.lines.iter().map(|l| l.qty).sum()
    }

    /// What the buyer pays when paying: goods + postage − coupon.
    pub fn payable(&self) -> i64 {
        self.goods() + self.postage - self.discount
    }
}

/// Builds an order: coupon, postage, each line's share of the payment, and (when paid) the
/// shipping timeline.
#[allow(clippy::too_many_arguments)]
pub(crate) fn new_order(
    rng: &mut Rng,
    buyer: u32,
    created: Ts,
    paid_at: Option<Ts>,
    mut lines: Vec<Line>,
    remote: bool,
    sf: bool,
    promo: f64,
) -> OrderDraft {
    debug_assert!(!lines.is_empty(), "an order has at least one line");
    let goods: i64 = lines.iter().map(|l| l.price * l.qty as i64).sum();
    let postage = if sf {
        1000
    } else if remote {
        1500
    } else {
        0
    };
    let discount = if promo >= 3.0 && goods >= 30000 {
        5000 * (goods / 30000).min(3)
    } else if goods >= 39900 && chance(rng, 0.5) {
        5000
    } else if goods >= 29900 && chance(rng, 0.55) {
        3000
    } else if goods >= 19900 && chance(rng, 0.5) {
        2000
    } else if chance(rng, 0.15) {
        500
    } else {
        0
    };
    let payable = goods + postage - discount;
    // Split the payment over the lines in proportion to their goods value; the last line
    // takes the rounding remainder so the sum is exact.
    let mut left = payable;
    let n = lines.len();
    for (i, l) in lines.iter_mut().enumerate() {
        let share = if i + 1 == n { left } else { payable * (l.price * l.qty as i64) / goods.max(1) };
        l.paid = share;
        left -= share;
    }
    let carrier = if sf { super::catalog::SF } else { super::catalog::pick_carrier(rng) } as u8;
    let buyer_note = if chance(rng, 0.07) {
        *pick(
            rng,
            &[
                "请尽快发货",
                "不要放快递柜，谢谢",
                "送人的，不要放价格单",
                "周末在家，工作日送公司",
                "帮忙检查一下有没有线头",
            ],
        )
    } else if sf {
        "麻烦发顺丰"
    } else {
        ""
    };
    let mut o = OrderDraft {
        buyer,
        created,
        paid_at,
        lines,
        postage,
        discount,
        ship_at: None,
        deliver_at: None,
        complete_at: None,
        carrier,
        buyer_note,
        seller_note: String::new(),
        mood: 0,
        issue: Issue::None,
    };
    if let Some(paid) = paid_at {
        let midnight = Ts::from_date(paid.date());
        let mut offset = if paid.second_of_day() < 16 * 3600 && chance(rng, 0.8) { 0 } else { 1 };
        if promo >= 3.0 {
            offset += between(rng, 1, 3);
        } else if promo > 1.2 {
            offset += between(rng, 0, 1);
        }
        let ship =
            midnight.plus(offset * DAY + between(rng, 15 * HOUR, 21 * HOUR + 1800)).max(paid.plus(40 * 60));
        let deliver = ship.plus(between(rng, 28 * HOUR, 80 * HOUR) + if remote { 48 * HOUR } else { 0 });
        let auto = ship.plus(10 * DAY + between(rng, 0, 6 * HOUR));
        let complete = if chance(rng, 0.55) {
            deliver
                .plus(lognormal(rng, 30.0 * HOUR as f64, 0.9).clamp(HOUR as f64, 9.0 * DAY as f64) as i64)
                .min(auto)
        } else {
            auto
        };
        o.ship_at = Some(ship);
        o.deliver_at = Some(deliver);
        o.complete_at = Some(complete);
    }
    o
}

/// A refund's timeline.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Flow {
    pub agreed: Option<Ts>,
    pub returned: Option<Ts>,
    pub refused: Option<Ts>,
    pub intervened: Option<Ts>,
    pub end: Ts,
    pub success: bool,
    /// `Some(true)`: the platform ruled for the buyer.
    pub ruling: Option<bool>,
}

impl Flow {
    /// 仅退款: agreed (and paid back) quickly.
    pub fn only_refund(rng: &mut Rng, applied: Ts) -> Flow {
        let end = applied.plus(lognormal(rng, 1500.0, 1.0).clamp(60.0, 10.0 * HOUR as f64) as i64);
        Flow {
            agreed: Some(end),
            returned: None,
            refused: None,
            intervened: None,
            end,
            success: true,
            ruling: None,
        }
    }

    /// 退货退款: agreed, goods sent back, received, refunded.
    pub fn with_return(rng: &mut Rng, applied: Ts) -> Flow {
        let agreed = applied.plus(between(rng, 600, 10 * HOUR));
        let returned = agreed.plus(between(rng, 6 * HOUR, 60 * HOUR));
        let received = returned.plus(between(rng, 36 * HOUR, 96 * HOUR));
        let end = received.plus(between(rng, HOUR, 30 * HOUR));
        Flow {
            agreed: Some(agreed),
            returned: Some(returned),
            refused: None,
            intervened: None,
            end,
            success: true,
            ruling: None,
        }
    }

    /// The buyer withdrew the request.
    pub fn withdrawn(rng: &mut Rng, applied: Ts) -> Flow {
        let end = applied.plus(between(rng, HOUR, 2 * DAY));
        Flow {
            agreed: None,
            returned: None,
            refused: None,
            intervened: None,
            end,
            success: false,
            ruling: None,
        }
    }

    /// The seller refused, the buyer asked the platform (纠纷), the platform ruled.
    pub fn dispute(rng: &mut Rng, applied: Ts) -> Flow {
        let refused = applied.plus(between(rng, 2 * HOUR, 20 * HOUR));
        let intervened = refused.plus(between(rng, 6 * HOUR, 2 * DAY));
        let end = intervened.plus(between(rng, DAY, 4 * DAY));
        let for_buyer = chance(rng, 0.7);
        Flow {
            agreed: None,
            returned: None,
            refused: Some(refused),
            intervened: Some(intervened),
            end,
            success: for_buyer,
            ruling: Some(for_buyer),
        }
    }

    fn status(&self, ret: bool, at: Ts) -> (RefundStatus, Ruling, Option<Ts>) {
        let le = |x: Option<Ts>| x.is_some_and(|x| x <= at);
        if self.end <= at {
            let ruling = match self.ruling {
                Some(true) => Ruling::ForBuyer,
                Some(false) => Ruling::ForSeller,
                None => Ruling::None,
            };
            let st = if self.success { RefundStatus::Succeeded } else { RefundStatus::Closed };
            (st, ruling, Some(self.end))
        } else if le(self.intervened) {
            (RefundStatus::SellerRefused, Ruling::Pending, None)
        } else if le(self.refused) {
            (RefundStatus::SellerRefused, Ruling::None, None)
        } else if le(self.returned) {
            (RefundStatus::AwaitingReceipt, Ruling::None, None)
        } else if ret && le(self.agreed) {
            (RefundStatus::AwaitingReturn, Ruling::None, None)
        } else {
            (RefundStatus::AwaitingSeller, Ruling::None, None)
        }
    }
}

/// A refund request with its timeline.
#[derive(Clone, Debug)]
pub(crate) struct RefundDraft {
    pub order: u32,
    pub line: u8,
    pub applied: Ts,
    pub amount: i64,
    pub ret: bool,
    pub reason: &'static str,
    pub description: &'static str,
    pub responsible: &'static str,
    /// Agent index of the 退款操作人.
    pub operator: u16,
    pub flow: Flow,
    /// 售中 (applied before the trade completed).
    pub in_sale: bool,
}

/// Attaches a refund to its order line (at most one per line): decides 售中/售后 against the
/// order's completion as it stands, and holds the completion back while an in-sale refund
/// runs — so a later refund on another line sees the moved date. Returns the refund index.
pub(crate) fn attach_refund(
    rng: &mut Rng,
    orders: &mut [OrderDraft],
    refunds: &mut Vec<RefundDraft>,
    mut r: RefundDraft,
) -> Option<u32> {
    let o = orders.get_mut(r.order as usize)?;
    let line = o.lines.get_mut(r.line as usize)?;
    if line.refund.is_some() || o.paid_at.is_none_or(|p| p > r.applied) {
        return None;
    }
    r.amount = r.amount.clamp(1, line.paid.max(1));
    let ix = refunds.len() as u32;
    line.refund = Some(ix);
    r.in_sale = o.complete_at.is_none_or(|c| r.applied < c);
    if r.in_sale
        && let Some(c) = o.complete_at
    {
        o.complete_at = Some(c.max(r.flow.end.plus(between(rng, DAY, 3 * DAY))));
    }
    refunds.push(r);
    Some(ix)
}

/// Everything finalised.
pub(crate) struct Books {
    pub orders: Vec<Order>,
    pub sub_orders: Vec<SubOrder>,
    pub refunds: Vec<Refund>,
    pub reviews: Vec<Review>,
    /// Final `paid_at` per draft (None when unpaid at the end of the period).
    pub paid_at: Vec<Option<Ts>>,
}

/// Reads every draft at `end` (the end of the period) and writes the datasets.
#[allow(clippy::too_many_arguments)]
pub(crate) fn finalize(
    rng: &mut Rng,
    shop: &str,
    drafts: &[OrderDraft],
    refunds: &[RefundDraft],
    buyer_nick: &dyn Fn(u32) -> String,
    receiver: &dyn Fn(u32) -> (String, String, String),
    operators: &[String],
    end: Ts,
) -> Books {
    let mut order_ix: Vec<usize> = (0..drafts.len()).collect();
    order_ix.sort_by_key(|&i| (drafts[i].created, i));
    let mut ids = vec![String::new(); drafts.len()];
    for (k, &i) in order_ix.iter().enumerate() {
        ids[i] =
            (2_600_000_000_000_000_000u64 + k as u64 * 7_919_000_000 + between(rng, 0, 7_918_999_999) as u64)
                .to_string();
    }
    let mut paid_final = vec![None; drafts.len()];
    let mut orders = Vec::with_capacity(drafts.len());
    let mut subs = Vec::with_capacity(drafts.len() * 3 / 2);
    let mut reviews = Vec::new();
    let mut sub_seq: u64 = 0;

    for &i in &order_ix {
        let o = &drafts[i];
        let paid_at = o.paid_at.filter(|p| *p <= end);
        paid_final[i] = paid_at;
        let total = o.goods() + o.postage;
        // Refunds: phase, in-sale effects on completion, lines closed by a full refund.
        let mut line_closed = vec![false; o.lines.len()];
        for (li, line) in o.lines.iter().enumerate() {
            let Some(r) = line.refund.map(|r| &refunds[r as usize]) else { continue };
            if r.in_sale && r.flow.success && r.amount >= line.paid && r.flow.end <= end {
                line_closed[li] = true;
            }
        }
        let all_closed = !line_closed.is_empty() && line_closed.iter().all(|&c| c);
        let (status, close_reason) = match paid_at {
            None if end.0 - o.created.0 < DAY => (OrderStatus::AwaitingPayment, ""),
            None => (OrderStatus::Closed, "买家未付款，交易超时关闭"),
            Some(_) if all_closed => (OrderStatus::Closed, "买家申请退款，退款成功，交易关闭"),
            Some(_) if o.complete_at.is_some_and(|c| c <= end) => (OrderStatus::Completed, ""),
            Some(_) if o.ship_at.is_some_and(|s| s <= end) => (OrderStatus::Shipped, ""),
            Some(_) => (OrderStatus::AwaitingShipment, ""),
        };
        let shipped = paid_at.is_some() && o.ship_at.is_some_and(|s| s <= end);
        let (carrier, tracking) = if shipped {
            (CARRIERS[o.carrier as usize].0.to_owned(), tracking_no(rng, o.carrier as usize))
        } else {
            (String::new(), String::new())
        };
        let paid_sum = if paid_at.is_some() { o.payable() } else { 0 };
        let mut refunded_sum = 0;
        let titles: Vec<String> =
            o.lines.iter().map(|l| super::catalog::full_title(shop, &PRODUCTS[l.product as usize])).collect();
        for (li, l) in o.lines.iter().enumerate() {
            sub_seq += 1;
            let (refund_state, refunded) = match l.refund.map(|r| &refunds[r as usize]) {
                None => (RefundState::None, 0),
                Some(r) => match r.flow.status(r.ret, end).0 {
                    RefundStatus::Succeeded => (RefundState::Succeeded, r.amount),
                    RefundStatus::Closed => (RefundState::Closed, 0),
                    _ => (RefundState::InProgress, 0),
                },
            };
            refunded_sum += refunded;
            let line_paid = if paid_at.is_some() { l.paid } else { 0 };
            subs.push(SubOrder {
                id: (2_700_000_000_000_000_000u64
                    + sub_seq * 7_919_000_000
                    + between(rng, 0, 7_918_999_999) as u64)
                    .to_string(),
                order_id: ids[i].clone(),
                title: titles[li].clone(),
                price: Money(l.price),
                qty: l.qty,
                sku: l.sku(),
                package: String::new(),
                status: if line_closed[li] { OrderStatus::Closed } else { status },
                merchant_code: l.merchant_code(),
                paid: Money(line_paid),
                refund_state,
                refunded: Money(refunded),
                created: o.created,
                paid_at,
            });
        }
        let (name, phone, address) = receiver(o.buyer);
        let buyer = buyer_nick(o.buyer);
        if status == OrderStatus::Completed
            && let Some(r) = review(rng, o, &buyer, shop, &ids[i], end)
        {
            reviews.push(r);
        }
        orders.push(Order {
            id: ids[i].clone(),
            shop: shop.to_owned(),
            buyer,
            created: o.created,
            paid_at,
            status,
            goods: Money(o.goods()),
            postage: Money(o.postage),
            total: Money(total),
            paid: Money(paid_sum),
            refunded: Money(refunded_sum),
            items: o.items(),
            kinds: o.lines.len() as u32,
            title: titles.join("，"),
            receiver: Some(name),
            phone: Some(phone),
            address: Some(address),
            buyer_note: o.buyer_note.to_owned(),
            seller_note: o.seller_note.clone(),
            close_reason: close_reason.to_owned(),
            carrier,
            tracking_no: tracking,
        });
    }

    // Refunds, in order of application.
    let mut refund_ix: Vec<usize> = (0..refunds.len()).collect();
    refund_ix.sort_by_key(|&i| (refunds[i].applied, i));
    let mut out_refunds = Vec::with_capacity(refunds.len());
    for (k, &ri) in refund_ix.iter().enumerate() {
        let r = &refunds[ri];
        let o = &drafts[r.order as usize];
        let line = &o.lines[r.line as usize];
        let (status, ruling, finished) = r.flow.status(r.ret, end);
        let in_sale = r.in_sale;
        let goods_state = if r.ret && r.flow.returned.is_some_and(|t| t <= end) {
            "买家已退货"
        } else if o.deliver_at.is_some_and(|t| t <= r.applied) {
            "买家已收到货"
        } else {
            "买家未收到货"
        };
        out_refunds.push(Refund {
            id: (150_000_000_000_000_000u64 + k as u64 * 9_973_000 + between(rng, 0, 9_972_999) as u64)
                .to_string(),
            order_id: ids[r.order as usize].clone(),
            buyer: buyer_nick(o.buyer),
            shop: shop.to_owned(),
            order_paid_at: paid_final[r.order as usize],
            applied: r.applied,
            finished,
            paid: Money(line.paid),
            title: super::catalog::full_title(shop, &PRODUCTS[line.product as usize]),
            amount: Money(r.amount),
            status,
            goods_state: goods_state.to_owned(),
            return_required: r.ret,
            ruling,
            reason: r.reason.to_owned(),
            description: r.description.to_owned(),
            responsible: r.responsible.to_owned(),
            phase: if in_sale { RefundPhase::InSale } else { RefundPhase::AfterSale },
            full: r.amount >= line.paid,
            operator: operators.get(r.operator as usize).cloned().unwrap_or_default(),
        });
    }
    reviews.sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.order_id.cmp(&b.order_id)));
    Books { orders, sub_orders: subs, refunds: out_refunds, reviews, paid_at: paid_final }
}

fn review(rng: &mut Rng, o: &OrderDraft, buyer: &str, shop: &str, order_id: &str, end: Ts) -> Option<Review> {
    let p = if o.mood < 0 { 0.58 } else { 0.40 };
    if !chance(rng, p) {
        return None;
    }
    let complete = o.complete_at?;
    let created = complete.plus(if chance(rng, 0.6) {
        between(rng, 60, 6 * HOUR)
    } else {
        between(rng, 6 * HOUR, 4 * DAY)
    });
    if created > end {
        return None;
    }
    let x = unit(rng);
    let rating = match o.mood {
        m if m >= 0 => {
            if x < 0.955 {
                Rating::Good
            } else if x < 0.99 {
                Rating::Neutral
            } else {
                Rating::Bad
            }
        }
        -1 => {
            if x < 0.72 {
                Rating::Good
            } else if x < 0.9 {
                Rating::Neutral
            } else {
                Rating::Bad
            }
        }
        _ => {
            if x < 0.32 {
                Rating::Good
            } else if x < 0.62 {
                Rating::Neutral
            } else {
                Rating::Bad
            }
        }
    };
    let content = match rating {
        Rating::Good => {
            let n = between(rng, 1, 3) as usize;
            let mut parts: Vec<&str> = Vec::with_capacity(n);
            while parts.len() < n {
                let s = *pick(rng, dl::REVIEW_GOOD);
                if !parts.contains(&s) {
                    parts.push(s);
                }
            }
            let mut s = parts.join("，");
            s.push_str(word(rng, &["。", "！", "", "，满意", "，会回购的"]));
            s
        }
        Rating::Neutral => (*pick(rng, dl::REVIEW_NEUTRAL)).to_owned(),
        Rating::Bad => {
            let pool: &[&str] = match o.issue {
                Issue::Quality => &dl::REVIEW_BAD[..1],
                Issue::Description => &dl::REVIEW_BAD[1..2],
                Issue::Service => &dl::REVIEW_BAD[2..3],
                Issue::Logistics => &dl::REVIEW_BAD[3..4],
                Issue::Missing => &dl::REVIEW_BAD[4..5],
                Issue::None => dl::REVIEW_BAD,
            };
            (*pick(rng, pool)).to_owned()
        }
    };
    let follow_up = if chance(rng, 0.12) {
        let pool = if rating == Rating::Good { dl::REVIEW_FOLLOW_GOOD } else { dl::REVIEW_FOLLOW_BAD };
        (*pick(rng, pool)).to_owned()
    } else {
        String::new()
    };
    let reply = match rating {
        Rating::Good if chance(rng, 0.12) => (*pick(rng, dl::REPLY_GOOD)).to_owned(),
        Rating::Neutral | Rating::Bad if chance(rng, 0.8) => (*pick(rng, dl::REPLY_BAD)).to_owned(),
        _ => String::new(),
    };
    let score = |rng: &mut Rng, good: bool| -> u8 {
        if good { if chance(rng, 0.9) { 5 } else { 4 } } else { between(rng, 1, 3) as u8 }
    };
    let good = rating == Rating::Good;
    let dsr = Dsr {
        description: {
            let ok = good || (rating == Rating::Neutral && chance(rng, 0.5));
            score(rng, ok)
        },
        service: {
            let ok = good || (o.issue != Issue::Service && chance(rng, 0.6));
            score(rng, ok)
        },
        logistics: {
            let ok = o.issue != Issue::Logistics && (good || chance(rng, 0.7));
            score(rng, ok)
        },
    };
    let sku = o.lines.first().map(Line::sku).unwrap_or_default();
    Some(Review {
        order_id: order_id.to_owned(),
        buyer: buyer.to_owned(),
        shop: shop.to_owned(),
        rating,
        created,
        content,
        follow_up,
        reply,
        sku,
        dsr: Some(dsr),
    })
}
