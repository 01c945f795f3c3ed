//! Conversation scripts: the shape of a pre-sale enquiry (opening, one to three topics,
//! objections, the decision, payment reminder, address check, recommendation, closing) and of
//! the after-sale cases (shipping, logistics, returns, exchanges, quality, missing items,
//! refunds, cancellations, invoices, complaints). They return what the buyer decided so the
//! simulation can create orders and refunds that match the chat.

use super::conv::Conv;
use super::dialogue as dl;
use super::util::{between, index, lognormal, unit};
use crate::Ts;
use crate::model::Role;

/// What a pre-sale conversation led to.
#[derive(Clone, Copy, Debug)]
pub(crate) enum PreOutcome {
    Nothing,
    /// Ordered during the conversation.
    Bought(Purchase),
    /// Will order after `days` days (1 = the next day).
    Later {
        days: i64,
    },
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Purchase {
    pub created: Ts,
    /// When the buyer pays, if ever (may fall after the period).
    pub paid: Option<Ts>,
    /// Took the recommended item too.
    pub extra: bool,
    pub sf: bool,
    pub note: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Topic {
    Size,
    Stock,
    Ship,
    Postage,
    Discount,
    Fabric,
    Color,
    Gift,
    Real,
}

const TOPICS: [(Topic, f64); 9] = [
    (Topic::Size, 30.0),
    (Topic::Stock, 14.0),
    (Topic::Ship, 13.0),
    (Topic::Postage, 5.0),
    (Topic::Discount, 14.0),
    (Topic::Fabric, 13.0),
    (Topic::Color, 6.0),
    (Topic::Gift, 4.0),
    (Topic::Real, 2.0),
];

fn pick_topic(c: &mut Conv<'_>, taken: &[Topic]) -> Topic {
    let total: f64 = TOPICS.iter().filter(|(t, _)| !taken.contains(t)).map(|(_, w)| w).sum();
    let mut x = unit(c.rng) * total;
    for (t, w) in TOPICS {
        if taken.contains(&t) {
            continue;
        }
        if x < w {
            return t;
        }
        x -= w;
    }
    Topic::Size
}

/// The buyer's opening: source line, product card, a hello, maybe an auto welcome.
fn opening(c: &mut Conv<'_>, auto_welcome: f64) -> bool {
    if c.roll(0.35) {
        let s = *super::util::pick(c.rng, dl::SYS_SOURCE);
        c.system(s);
    }
    if c.roll(0.28) {
        c.b(dl::B_CARD);
    }
    let hello = c.roll(0.42);
    if hello {
        c.b(dl::B_HELLO);
    }
    if c.roll(auto_welcome) {
        c.auto(dl::AUTO_WELCOME);
    }
    hello && c.roll(0.55)
}

fn topic(c: &mut Conv<'_>, t: Topic, sf: &mut bool) {
    match t {
        Topic::Size => {
            c.b(dl::B_SIZE);
            c.a(dl::A_SIZE);
            if c.roll(0.5)
                && let Some((answers, short)) = c.ask(dl::QA_SIZE_MORE)
            {
                if c.take_rude() {
                    c.a(dl::A_RUDE_PRE);
                } else {
                    c.reply(answers, short);
                }
            }
        }
        Topic::Stock => {
            let in_stock = c.roll(0.85);
            let restock = !in_stock && c.roll(0.6);
            c.b(if restock { dl::B_RESTOCK } else { dl::B_STOCK });
            let ans = if in_stock { dl::A_STOCK_YES } else { dl::A_STOCK_NO };
            if c.roll(0.3) {
                c.check(dl::A_CHECK_STOCK, ans);
            } else if in_stock {
                c.a_short(ans, "有");
            } else if c.take_rude() {
                c.a(dl::A_RUDE_PRE);
            } else {
                c.a(ans);
            }
        }
        Topic::Ship => {
            if let Some((answers, short)) = c.ask(dl::QA_SHIP) {
                c.reply(answers, short);
                let asked_sf = answers.iter().any(|a| a.contains("顺丰"));
                *sf |= c.roll(if asked_sf { 0.5 } else { 0.03 });
            }
        }
        Topic::Postage => {
            c.b(dl::B_POSTAGE);
            c.a_short(dl::A_POSTAGE, "包");
        }
        Topic::Discount => {
            if let Some((answers, short)) = c.ask(dl::QA_DISCOUNT) {
                if c.take_offplatform() {
                    c.a(dl::A_OFFPLATFORM);
                } else if c.take_rude() {
                    c.a(dl::A_RUDE_PRE);
                } else {
                    c.reply(answers, short);
                }
            }
        }
        Topic::Fabric => {
            if let Some((answers, short)) = c.ask(dl::QA_FABRIC) {
                if c.take_absolute() {
                    c.a(dl::A_ABSOLUTE);
                } else {
                    c.reply(answers, short);
                }
            }
            if c.roll(0.3) {
                c.qa(dl::QA_FABRIC);
            }
        }
        Topic::Color => {
            c.qa(dl::QA_COLOR);
            if c.roll(0.3) {
                c.b(&["[图片]"]);
                c.b_quick(dl::B_COLOR_PIC);
                c.a(dl::A_COLOR_PIC);
            }
        }
        Topic::Gift => {
            c.qa(dl::QA_GIFT);
        }
        Topic::Real => {
            c.b(dl::B_REAL);
            if c.take_absolute() {
                c.a(dl::A_ABSOLUTE_SELL);
            } else {
                c.a(dl::A_REAL);
            }
        }
    }
}

/// A pre-sale enquiry. `returning`: the buyer has talked to the shop before.
pub(crate) fn presale(c: &mut Conv<'_>, returning: bool) -> PreOutcome {
    if opening(c, 0.22) {
        c.a_hello();
    }
    let n = match index(c.rng, 100) {
        0..=34 => 1,
        35..=79 => 2,
        _ => 3,
    };
    let mut taken = Vec::with_capacity(3);
    let mut sf = false;
    for _ in 0..n {
        let t = pick_topic(c, &taken);
        taken.push(t);
        topic(c, t, &mut sf);
        if c.dead {
            break;
        }
    }
    let objection = !c.dead && c.roll(0.24);
    if objection && let Some((answers, short)) = c.ask(dl::QA_OBJECT) {
        if c.take_rude() {
            c.a(dl::A_RUDE_PRE);
            c.b(dl::B_ANGRY_AFTER_RUDE);
            return PreOutcome::Nothing;
        } else if c.take_absolute() {
            c.a(dl::A_ABSOLUTE_SELL);
        } else {
            c.reply(answers, short);
        }
    }
    if !c.dead && c.roll(0.09) {
        c.b(dl::B_AWAY);
        c.a(dl::A_WAIT);
        c.away(10 * 60, 80 * 60);
        if c.roll(0.8) {
            c.qa(dl::QA_BACK);
        } else {
            c.dead = true;
        }
    }
    if c.take_offplatform() {
        c.a_more(dl::A_OFFPLATFORM);
    }

    let p = c.profile();
    let mut prob = 0.47 * p.conversion;
    if objection {
        prob *= 0.7;
    }
    if c.slow > 0 {
        prob *= 0.85;
    }
    if c.rude_done {
        prob *= 0.25;
    }
    if c.missed {
        prob *= 0.8;
    }
    if returning {
        prob *= 0.85;
    }
    if c.dead {
        // The buyer drifted off; some still come back to buy.
        return if c.roll(prob * 0.35) { PreOutcome::Later { days: 1 } } else { PreOutcome::Nothing };
    }
    let r = unit(c.rng);
    if r < prob * 0.72 {
        PreOutcome::Bought(buy_now(c, sf))
    } else if r < prob * 0.95 {
        later(c, 1)
    } else if r < prob {
        let days = between(c.rng, 2, 5);
        later(c, days)
    } else {
        if c.roll(0.8)
            && let Some((answers, short)) = c.ask(dl::QA_LEAVE)
        {
            let p = c.profile();
            if c.roll(0.3 * p.urge_payment + 0.6 * p.farewell) {
                c.reply(answers, short);
            }
        }
        PreOutcome::Nothing
    }
}

fn later(c: &mut Conv<'_>, days: i64) -> PreOutcome {
    c.b(dl::B_BUY_LATER);
    let p = c.profile();
    if c.roll(0.8 * p.urge_payment) {
        c.a(dl::A_URGE_BUY);
    } else {
        c.close(false);
    }
    PreOutcome::Later { days }
}

fn buy_now(c: &mut Conv<'_>, sf: bool) -> Purchase {
    let p = c.profile();
    let mut extra = false;
    if c.roll(p.recommend) {
        let gap = between(c.rng, 5, 30);
        if c.a_after(gap, dl::A_RECOMMEND) {
            extra = c.roll(0.3);
            c.b(if extra { dl::B_RECOMMEND_YES } else { dl::B_RECOMMEND_NO });
        }
    }
    c.b(dl::B_BUY_NOW);
    let created = c.t.plus(-between(c.rng, 5, 40)).max(c.start);
    let mut paid = None;
    let note = c.roll(0.1);
    if c.roll(0.84) {
        let at = created.plus(lognormal(c.rng, 80.0, 0.8).clamp(15.0, 1800.0) as i64);
        paid = Some(at);
        if c.roll(0.3) && at > c.t {
            let gap = at.0 - c.t.0 + between(c.rng, 3, 30);
            c.b_after(gap, dl::B_PAID);
        }
        if c.roll(p.check_address) {
            c.a(dl::A_ADDR);
            if c.roll(0.9) {
                c.b(dl::B_ADDR_OK);
            } else {
                c.b(dl::B_ADDR_CHANGE);
                c.a(dl::A_ADDR_CHANGED);
            }
        } else {
            c.a(dl::A_GOT_ORDER);
        }
        let thanks = c.roll(0.5);
        c.close(thanks);
    } else {
        c.a(dl::A_GOT_ORDER);
        let urged = c.roll(p.urge_payment) && {
            let gap = between(c.rng, 10 * 60, 40 * 60);
            c.a_after(gap, dl::A_URGE_PAY)
        };
        if urged {
            if c.roll(0.62) {
                let at = c.t.plus(between(c.rng, 60, 1500));
                paid = Some(at);
                if c.roll(0.6) {
                    let gap = at.0 - c.t.0 + between(c.rng, 3, 40);
                    c.b_after(gap, dl::B_PAID);
                    c.close(false);
                }
            } else if c.roll(0.35) {
                paid = Some(c.t.plus(between(c.rng, 3600, 10 * 3600)));
            }
        } else if c.roll(0.45) {
            paid = Some(created.plus(between(c.rng, 3600, 12 * 3600)));
        }
    }
    Purchase { created, paid, extra, sf, note }
}

/// A short chat when a buyer orders the day after an enquiry.
pub(crate) fn order_note(c: &mut Conv<'_>) {
    c.b(dl::B_ORDER_NOTE);
    c.a(dl::A_ORDER_NOTE);
    let thanks = c.roll(0.4);
    c.close(thanks);
}

/// After-sale cases.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AfterKind {
    ShipUrge,
    Logistics,
    Return,
    Exchange,
    Quality,
    NotAsDescribed,
    Missing,
    RefundUrge,
    Cancel,
    Invoice,
}

/// What an after-sale conversation settled.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Resolution {
    None,
    /// A refund: `full` line amount or a compensation of `comp` yuan; `ret` = goods go back.
    Refund {
        full: bool,
        ret: bool,
        comp: u32,
    },
    Resend,
    Exchange,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct AfterOutcome {
    pub res: Resolution,
    pub angry: bool,
}

fn angry_rate(kind: AfterKind) -> f64 {
    match kind {
        AfterKind::Quality => 0.16,
        AfterKind::RefundUrge => 0.15,
        AfterKind::Missing => 0.12,
        AfterKind::NotAsDescribed => 0.12,
        AfterKind::Logistics => 0.07,
        AfterKind::ShipUrge => 0.05,
        _ => 0.02,
    }
}

/// The buyer loses patience: escalation words, sometimes insults; the agent soothes (or, on
/// a bad day, snaps back).
fn escalate(c: &mut Conv<'_>, kind: AfterKind) {
    c.escalated = true;
    if c.roll(0.25) {
        c.b(dl::B_RUDE);
    }
    let pool = match kind {
        AfterKind::Quality | AfterKind::NotAsDescribed if c.roll(0.6) => dl::B_ESCALATE_QUALITY,
        _ => dl::B_ESCALATE,
    };
    c.b(pool);
    if c.roll(0.3) {
        c.b_quick(dl::B_ESCALATE);
    }
    if c.take_rude() {
        c.a(dl::A_RUDE_THREAT);
        c.b(dl::B_ANGRY_AFTER_RUDE);
        c.dead = c.roll(0.5) || c.dead;
    }
    c.a(dl::A_SOOTHE);
}

/// The agent's main answer, or a rude one if that is due.
fn answer(c: &mut Conv<'_>, pool: &[&str]) -> bool {
    if c.take_rude() {
        c.a(dl::A_RUDE_AFTER);
        if c.roll(0.6) {
            c.b(dl::B_ANGRY_AFTER_RUDE);
            c.a(dl::A_SOOTHE);
        }
        true
    } else {
        c.a(pool)
    }
}

/// An after-sale conversation. `lines`: number of lines of the order (a missing item needs
/// two).
pub(crate) fn after_sale(c: &mut Conv<'_>, kind: AfterKind, lines: usize) -> AfterOutcome {
    c.after_sale = true;
    let hello_first = opening_after(c);
    let (question, logistics_answers, _) = *super::util::pick(c.rng, dl::QA_LOGISTICS);
    let logistics_q = [question];
    let first: &[&str] = match kind {
        AfterKind::ShipUrge => dl::B_SHIP_URGE,
        AfterKind::Logistics => &logistics_q,
        AfterKind::Return | AfterKind::NotAsDescribed => dl::B_RETURN,
        AfterKind::Exchange => dl::B_EXCHANGE,
        AfterKind::Quality => dl::B_QUALITY,
        AfterKind::Missing => dl::B_MISSING,
        AfterKind::RefundUrge => dl::B_REFUND_URGE,
        AfterKind::Cancel => dl::B_CANCEL,
        AfterKind::Invoice => dl::B_INVOICE,
    };
    if hello_first {
        c.a_hello();
    }
    c.b(first);
    if c.agent().role == Role::PreSale && kind != AfterKind::Cancel && kind != AfterKind::Invoice {
        c.transfer(Role::AfterSale);
    }
    let angry = c.roll(angry_rate(kind));
    let mut res = Resolution::None;
    match kind {
        AfterKind::ShipUrge => {
            answer(c, dl::A_SHIP_URGE);
            if angry {
                escalate(c, kind);
            }
            c.b(dl::B_OK_AFTER);
        }
        AfterKind::Logistics => {
            if c.roll(0.3) {
                c.b_quick(&["[图片]"]);
            }
            if c.take_rude() {
                c.a(dl::A_RUDE_LOGISTICS);
                c.b(dl::B_ANGRY_AFTER_RUDE);
            } else {
                c.check(dl::A_CHECK, logistics_answers);
            }
            if angry || c.missed && c.roll(0.3) {
                escalate(c, kind);
            }
            c.b(dl::B_OK_AFTER);
        }
        AfterKind::Return | AfterKind::NotAsDescribed => {
            if kind == AfterKind::NotAsDescribed {
                c.b_quick(&["[图片]"]);
                c.b_quick(&["和图片完全不一样", "颜色和详情页差太多了", "跟描述的面料不一样"]);
            }
            let retain = kind == AfterKind::Return && c.roll(0.35);
            if retain && c.a(dl::A_RETAIN) && c.roll(0.3) {
                c.b(dl::B_RETAIN_YES);
                c.a(dl::A_EXCHANGE);
                res = Resolution::Exchange;
            } else {
                if retain {
                    c.b(dl::B_RETAIN_NO);
                }
                answer(c, dl::A_RETURN);
                if angry {
                    escalate(c, kind);
                }
                if c.roll(0.6) {
                    c.qa(dl::QA_RETURN);
                }
                res = Resolution::Refund { full: true, ret: true, comp: 0 };
            }
        }
        AfterKind::Exchange => {
            answer(c, dl::A_EXCHANGE);
            c.b(dl::B_ACCEPT);
            res = Resolution::Exchange;
        }
        AfterKind::Quality => {
            let pic = c.roll(0.7);
            if pic {
                c.b_quick(&["[图片]"]);
            }
            answer(c, dl::A_SORRY);
            if !pic {
                c.b(&["[图片]"]);
                c.b_quick(&["你看", "就是这里", "[图片]"]);
            }
            if angry {
                escalate(c, kind);
            }
            let r = unit(c.rng);
            if r < 0.55 {
                c.a(dl::A_COMP);
                if !angry && c.roll(0.72) {
                    c.b(dl::B_ACCEPT);
                    res = Resolution::Refund { full: false, ret: false, comp: c.vars.comp };
                } else {
                    c.b(dl::B_REJECT_COMP);
                    c.a(dl::A_RETURN_OFFER);
                    c.b(dl::B_ACCEPT);
                    res = Resolution::Refund { full: true, ret: true, comp: 0 };
                }
            } else if r < 0.85 {
                c.a(dl::A_RETURN_OFFER);
                c.b(dl::B_ACCEPT);
                res = Resolution::Refund { full: true, ret: true, comp: 0 };
            } else {
                c.a(dl::A_RESEND);
                c.b(dl::B_ACCEPT);
                res = Resolution::Resend;
            }
        }
        AfterKind::Missing => {
            let r = unit(c.rng);
            let (pool, out): (&[&str], Resolution) = if r < 0.4 {
                (dl::A_MISSING_SPLIT, Resolution::None)
            } else if r < 0.75 || lines < 2 {
                (dl::A_MISSING_RESEND, Resolution::Resend)
            } else {
                (dl::A_MISSING_REFUND, Resolution::Refund { full: true, ret: false, comp: 0 })
            };
            c.check(dl::A_CHECK_WAREHOUSE, pool);
            if angry {
                escalate(c, kind);
            }
            c.b(dl::B_OK_AFTER);
            res = out;
        }
        AfterKind::RefundUrge => {
            c.check(dl::A_CHECK, dl::A_REFUND_URGE);
            if angry || c.missed {
                escalate(c, kind);
            }
            c.b(dl::B_OK_AFTER);
        }
        AfterKind::Cancel => {
            answer(c, dl::A_CANCEL);
            c.b(&["好的，已经申请了", "好的", "申请了，麻烦尽快处理"]);
            res = Resolution::Refund { full: true, ret: false, comp: 0 };
        }
        AfterKind::Invoice => {
            answer(c, dl::A_INVOICE);
            if c.roll(0.4) {
                c.b(&["好的", "抬头是个人", "[图片]"]);
                c.a(&["收到，开好后发您邮箱", "好的亲，已经提交开票了"]);
            }
        }
    }
    if c.take_offplatform() {
        c.a_more(dl::A_OFFPLATFORM);
    }
    let thanks = c.roll(0.45);
    c.close(thanks);
    AfterOutcome { res, angry: angry || c.escalated }
}

fn opening_after(c: &mut Conv<'_>) -> bool {
    if c.roll(0.3) {
        let s = *super::util::pick(c.rng, dl::SYS_SOURCE);
        c.system(s);
    }
    if c.roll(0.3) {
        c.b(&["[订单卡片]"]);
    }
    let hello = c.roll(0.3);
    if hello {
        c.b(dl::B_HELLO);
    }
    hello && c.roll(0.4)
}
