//! Unconverted enquiries (未成交分析): buyers who enquired but did not order within the
//! attribution window, grouped by the likely reason found in the conversation.
//!
//! Counting (domain.md §2): one buyer on one day is one enquiry. A buyer who paid an order in
//! the `after_sale_days` before that day and does not order again that day or the next is
//! after-sale, not an enquiry. An enquiry converted when the buyer created an order that day or
//! the next (`window_days` = 1). Buyers are matched on the nick (`Order::buyer` = the thread's
//! buyer name), whatever the shop. Reasons come from keywords in either side's lines (price,
//! stock, size, shipping) and from the conversation's timing (a reply slower than
//! `slow_reply_secs`, or no human reply at all); one
//! enquiry may show several reasons and then counts in each group; none found is `Other`.

use std::collections::{BTreeMap, HashMap};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::QaReport;
use crate::Lang;
use crate::model::{ChatLog, MsgKind, Order};

/// Why an enquiry may not have converted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    Price,
    Stock,
    Size,
    Shipping,
    SlowReply,
    Other,
}

impl Reason {
    pub const ALL: [Reason; 6] =
        [Reason::Price, Reason::Stock, Reason::Size, Reason::Shipping, Reason::SlowReply, Reason::Other];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Reason::Price => lang.pick("价格", "Price"),
            Reason::Stock => lang.pick("库存", "Stock"),
            Reason::Size => lang.pick("尺码", "Size"),
            Reason::Shipping => lang.pick("物流/运费", "Shipping"),
            Reason::SlowReply => lang.pick("回复慢", "Slow reply"),
            Reason::Other => lang.pick("其他", "Other"),
        }
    }
}

/// Settings of the analysis (persisted).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UnconvertedParams {
    /// Days after the enquiry day an order still counts (1 = same or next day).
    pub window_days: u32,
    /// A reply slower than this (seconds) makes "slow reply" a reason; keep it equal to the
    /// rule set's `slow_reply_secs`.
    pub slow_reply_secs: u32,
    pub after_sale_days: u32,
    /// Examples kept per reason.
    pub examples: usize,
    pub price: Vec<String>,
    pub stock: Vec<String>,
    pub size: Vec<String>,
    pub shipping: Vec<String>,
}

fn words(l: &[&str]) -> Vec<String> {
    l.iter().map(|s| (*s).to_owned()).collect()
}

impl Default for UnconvertedParams {
    fn default() -> Self {
        UnconvertedParams {
            window_days: 1,
            slow_reply_secs: 120,
            after_sale_days: 21,
            examples: 3,
            price: words(&["贵", "便宜", "优惠", "降价", "打折", "减价", "少点", "同款才", "价格", "券"]),
            stock: words(&[
                "没货",
                "缺货",
                "有货吗",
                "有货没",
                "现货",
                "库存",
                "补货",
                "断码",
                "售罄",
                "卖完",
            ]),
            size: words(&[
                "尺码",
                "多大码",
                "什么码",
                "穿多大",
                "偏大",
                "偏小",
                "身高",
                "体重",
                "码数",
                "大小",
            ]),
            shipping: words(&["发货", "快递", "包邮", "运费", "几天到", "多久到", "物流", "到货"]),
        }
    }
}

/// An example line for a reason.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Example {
    pub conv: u32,
    /// Message index within the thread.
    pub msg: u32,
    /// Byte span of the keyword; `None` for timing reasons (the slow reply line).
    pub span: Option<(u32, u32)>,
}

/// One reason with its count and examples.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReasonGroup {
    pub reason: Reason,
    /// Unconverted enquiries (buyer-days) showing this reason.
    pub enquiries: u32,
    pub examples: Vec<Example>,
}

/// The analysis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnconvertedReport {
    /// Enquiries (buyer-days) after removing after-sale contacts.
    pub enquiries: u32,
    pub converted: u32,
    pub unconverted: u32,
    /// Buyer-days left out as after-sale.
    pub after_sale: u32,
    pub groups: Vec<ReasonGroup>,
}

/// The first human reply slower than `slow` seconds in messages `a..b`, else the first buyer
/// line left without any human reply.
fn slow_line(t: &crate::model::ChatThread, a: u32, b: u32, slow: u32) -> Option<u32> {
    let msgs = t.messages.get(a as usize..b as usize)?;
    let mut run: Option<crate::Ts> = None;
    for (i, m) in msgs.iter().enumerate() {
        match m.kind {
            MsgKind::Buyer if run.is_none() => run = Some(m.ts),
            // The guard takes the round start whether or not the reply was slow.
            MsgKind::Agent if run.take().is_some_and(|r| m.ts.0 - r.0 > slow as i64) => {
                return Some(a + i as u32);
            }
            _ => {}
        }
    }
    msgs.iter().position(|m| m.kind == MsgKind::Buyer).map(|i| a + i as u32)
}

/// Runs the analysis over `report`'s conversations of `log` against `orders`.
pub fn unconverted(
    log: &ChatLog,
    report: &QaReport,
    orders: &[Order],
    p: &UnconvertedParams,
) -> UnconvertedReport {
    let mut by_buyer: HashMap<&str, Vec<&Order>> = HashMap::new();
    for o in orders {
        by_buyer.entry(o.buyer.as_str()).or_default().push(o);
    }
    // (buyer, day) → conversations, in key order for determinism.
    let mut days: BTreeMap<(&str, NaiveDate), Vec<usize>> = BTreeMap::new();
    for (i, c) in report.conversations.iter().enumerate() {
        if c.metrics.buyer_msgs == 0 {
            continue;
        }
        let buyer = log.name(log.threads[c.thread as usize].buyer);
        days.entry((buyer, c.start.date())).or_default().push(i);
    }
    let lists = [
        (Reason::Price, &p.price),
        (Reason::Stock, &p.stock),
        (Reason::Size, &p.size),
        (Reason::Shipping, &p.shipping),
    ];
    let mut pats = Vec::new();
    let mut pat_reason = Vec::new();
    for (r, l) in lists {
        for w in l.iter().map(|w| super::text::normalise(w.trim())).filter(|w| !w.is_empty()) {
            pats.push(w);
            pat_reason.push(r);
        }
    }
    let ac: Option<AhoCorasick> = AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .build(&pats)
        .ok()
        .filter(|_| !pats.is_empty());

    let mut rep =
        UnconvertedReport { enquiries: 0, converted: 0, unconverted: 0, after_sale: 0, groups: Vec::new() };
    let mut groups: BTreeMap<Reason, ReasonGroup> = BTreeMap::new();
    let window = p.window_days as i64;
    let after = p.after_sale_days as i64;
    for ((buyer, day), convs) in &days {
        let os = by_buyer.get(buyer).map(Vec::as_slice).unwrap_or(&[]);
        let ordered = os.iter().any(|o| {
            let d = (o.created.date() - *day).num_days();
            (0..=window).contains(&d)
        });
        let bought_before = os.iter().any(|o| {
            o.paid_at.is_some_and(|t| {
                let d = (*day - t.date()).num_days();
                d > 0 && d <= after
            })
        });
        if bought_before && !ordered {
            rep.after_sale += 1;
            continue;
        }
        rep.enquiries += 1;
        if ordered {
            rep.converted += 1;
            continue;
        }
        rep.unconverted += 1;
        let mut found: BTreeMap<Reason, Example> = BTreeMap::new();
        for &ci in convs {
            let c = &report.conversations[ci];
            let t = &log.threads[c.thread as usize];
            let never_answered = c.metrics.agent_msgs == 0 && c.metrics.unanswered > 0;
            if c.metrics.slow_replies > 0 || never_answered {
                let at = slow_line(t, c.first, c.end, p.slow_reply_secs).unwrap_or(c.first);
                found.entry(Reason::SlowReply).or_insert(Example { conv: ci as u32, msg: at, span: None });
            }
            let Some(ac) = &ac else { continue };
            for i in c.first..c.end {
                let Some(m) = t.messages.get(i as usize) else { continue };
                if !matches!(m.kind, MsgKind::Buyer | MsgKind::Agent) {
                    continue;
                }
                for h in ac.find_iter(&m.text) {
                    let r = pat_reason[h.pattern().as_usize()];
                    found.entry(r).or_insert(Example {
                        conv: ci as u32,
                        msg: i,
                        span: Some((h.start() as u32, h.end() as u32)),
                    });
                }
            }
        }
        if found.is_empty() {
            let c = &report.conversations[convs[0]];
            let t = &log.threads[c.thread as usize];
            let at = (c.first..c.end)
                .find(|&i| t.messages.get(i as usize).is_some_and(|m| m.kind == MsgKind::Buyer))
                .unwrap_or(c.first);
            found.insert(Reason::Other, Example { conv: convs[0] as u32, msg: at, span: None });
        }
        for (r, ex) in found {
            let g = groups.entry(r).or_insert(ReasonGroup { reason: r, enquiries: 0, examples: Vec::new() });
            g.enquiries += 1;
            if g.examples.len() < p.examples {
                g.examples.push(ex);
            }
        }
    }
    rep.groups = groups.into_values().collect();
    rep.groups.sort_by(|a, b| b.enquiries.cmp(&a.enquiries).then(a.reason.cmp(&b.reason)));
    rep
}
