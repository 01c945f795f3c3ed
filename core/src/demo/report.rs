//! Per-agent daily reception statistics (赤兔-style 客服接待数据), computed from the generated
//! chats and orders the way the platform report would: who consulted whom, who answered,
//! response times per round and per session, enquiries and their conversion, satisfaction.
//!
//! Conventions (close to the platform's, not necessarily identical to the KPI engine's):
//! sessions split on 10 minutes of silence; a buyer line belongs to the agent who next
//! speaks for the shop; response time is measured from the first unanswered buyer line of a
//! round to the next human reply in the same session (auto-replies excluded); a buyer is an
//! enquiry unless they paid an order in the 21 days before and do not order again that day or
//! the next (buyers known to have bought before the period count as after-sale);
//! enquiry→paid counts orders created that day or the next that were paid by the end of the
//! period.

use chrono::NaiveDate;

use crate::model::{AgentStat, ChatThread, MsgKind};
use crate::{Money, Ts};

const SESSION_GAP: i64 = 600;
const SLOW: i64 = 120;
const AFTER_SALE_WINDOW: i64 = 21 * Ts::DAY;

/// One order as the report sees it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct OrderFact {
    pub created: Ts,
    /// Paid by the end of the period.
    pub paid: bool,
    pub amount: i64,
    pub items: u32,
}

/// A buyer's history, per thread.
pub(crate) struct BuyerFacts<'a> {
    pub orders: &'a [OrderFact],
    pub bought_before_period: bool,
}

#[derive(Clone, Default)]
struct Acc {
    consulted: u32,
    received: u32,
    enquiries: u32,
    enquiry_paid: u32,
    sales: i64,
    items: u64,
    buyer_msgs: u64,
    agent_msgs: u64,
    resp_sum: i64,
    resp_n: u64,
    first_sum: i64,
    first_n: u64,
    sess_sum: i64,
    sess_n: u64,
    slow: u32,
}

#[derive(Clone, Copy, Default)]
struct Local {
    agent: u32,
    day: u32,
    buyer_msgs: u32,
    agent_msgs: u32,
    resp_sum: i64,
    resp_n: u32,
    first_sum: i64,
    first_n: u32,
    sess_sum: i64,
    sess_n: u32,
    slow: bool,
}

fn local(v: &mut Vec<Local>, agent: u32, day: u32) -> &mut Local {
    let pos = v.iter().position(|l| l.agent == agent && l.day == day);
    let i = match pos {
        Some(i) => i,
        None => {
            v.push(Local { agent, day, ..Local::default() });
            v.len() - 1
        }
    };
    &mut v[i]
}

/// Computes one row per agent per working day.
///
/// `agents`: sub-accounts (their name id is their index); `working[a][d]`: agent `a` worked
/// day `d`; `facts(thread index)`: the buyer's orders; `ratings[a * days + d]`: satisfaction
/// counts.
pub(crate) fn agent_stats<'f>(
    agents: &[String],
    start: NaiveDate,
    days: usize,
    working: &[Vec<bool>],
    threads: &[ChatThread],
    facts: &dyn Fn(usize) -> BuyerFacts<'f>,
    ratings: &[[u32; 5]],
) -> Vec<AgentStat> {
    let n_agents = agents.len();
    let day0 = Ts::from_date(start);
    let day_of = |t: Ts| -> Option<u32> {
        let d = (t.0 - day0.0).div_euclid(Ts::DAY);
        (d >= 0 && (d as usize) < days).then_some(d as u32)
    };
    let mut acc = vec![Acc::default(); n_agents * days];
    let mut owner: Vec<u32> = Vec::new();
    let mut locals: Vec<Local> = Vec::new();

    for (ti, thread) in threads.iter().enumerate() {
        let msgs = &thread.messages;
        // Owner of each buyer line: the next agent-side sender, else the previous one.
        owner.clear();
        owner.resize(msgs.len(), u32::MAX);
        let mut next = u32::MAX;
        for (i, m) in msgs.iter().enumerate().rev() {
            match m.kind {
                MsgKind::Agent | MsgKind::Auto | MsgKind::Transfer { .. } => next = m.from,
                MsgKind::Buyer => owner[i] = next,
                MsgKind::System => {}
            }
        }
        let mut prev = u32::MAX;
        for (i, m) in msgs.iter().enumerate() {
            match m.kind {
                MsgKind::Agent | MsgKind::Auto => prev = m.from,
                MsgKind::Transfer { to } => prev = to,
                MsgKind::Buyer if owner[i] == u32::MAX => owner[i] = prev,
                _ => {}
            }
        }

        locals.clear();
        let mut run_start: Option<Ts> = None;
        let mut first_done = false;
        let mut sess_first: Option<Ts> = None;
        let mut sess_last = Ts(0);
        let mut sess_owner: Option<u32> = None;
        let mut last_ts: Option<Ts> = None;
        let close_session = |locals: &mut Vec<Local>, first: Option<Ts>, last: Ts, owner: Option<u32>| {
            if let (Some(f), Some(a)) = (first, owner)
                && let Some(d) = day_of(f)
            {
                let l = local(locals, a, d);
                l.sess_sum += last.0 - f.0;
                l.sess_n += 1;
            }
        };
        for (i, m) in msgs.iter().enumerate() {
            if last_ts.is_some_and(|p| m.ts.0 - p.0 >= SESSION_GAP) {
                close_session(&mut locals, sess_first, sess_last, sess_owner);
                sess_first = None;
                sess_owner = None;
                run_start = None;
                first_done = false;
            }
            last_ts = Some(m.ts);
            if sess_first.is_none() {
                sess_first = Some(m.ts);
            }
            sess_last = m.ts;
            let Some(d) = day_of(m.ts) else { continue };
            match m.kind {
                MsgKind::Buyer => {
                    if owner[i] != u32::MAX && (owner[i] as usize) < n_agents {
                        local(&mut locals, owner[i], d).buyer_msgs += 1;
                    }
                    if run_start.is_none() {
                        run_start = Some(m.ts);
                    }
                }
                MsgKind::Agent if (m.from as usize) < n_agents => {
                    if sess_owner.is_none() {
                        sess_owner = Some(m.from);
                    }
                    let l = local(&mut locals, m.from, d);
                    l.agent_msgs += 1;
                    if let Some(rs) = run_start.take() {
                        let gap = m.ts.0 - rs.0;
                        l.resp_sum += gap;
                        l.resp_n += 1;
                        if gap > SLOW {
                            l.slow = true;
                        }
                        if !first_done {
                            l.first_sum += gap;
                            l.first_n += 1;
                            first_done = true;
                        }
                    }
                }
                _ => {}
            }
        }
        close_session(&mut locals, sess_first, sess_last, sess_owner);

        if locals.is_empty() {
            continue;
        }
        let f = facts(ti);
        for l in &locals {
            let (a, d) = (l.agent as usize, l.day as usize);
            if a >= n_agents || d >= days || !working[a][d] {
                continue;
            }
            let e = &mut acc[a * days + d];
            e.buyer_msgs += l.buyer_msgs as u64;
            e.agent_msgs += l.agent_msgs as u64;
            e.resp_sum += l.resp_sum;
            e.resp_n += l.resp_n as u64;
            e.first_sum += l.first_sum;
            e.first_n += l.first_n as u64;
            e.sess_sum += l.sess_sum;
            e.sess_n += l.sess_n as u64;
            if l.buyer_msgs == 0 {
                continue;
            }
            e.consulted += 1;
            if l.agent_msgs > 0 {
                e.received += 1;
            }
            if l.slow {
                e.slow += 1;
            }
            let day_start = day0.plus(d as i64 * Ts::DAY);
            let window_end = day_start.plus(2 * Ts::DAY);
            let orders_now = f.orders.iter().filter(|o| o.created >= day_start && o.created < window_end);
            let orders_again = orders_now.clone().count() > 0;
            let bought_recently = f
                .orders
                .iter()
                .any(|o| o.paid && o.created < day_start && o.created.0 >= day_start.0 - AFTER_SALE_WINDOW);
            let after_sale = (bought_recently || f.bought_before_period) && !orders_again;
            if after_sale {
                continue;
            }
            e.enquiries += 1;
            let mut paid_any = false;
            for o in orders_now.filter(|o| o.paid) {
                paid_any = true;
                e.sales += o.amount;
                e.items += o.items as u64;
            }
            if paid_any {
                e.enquiry_paid += 1;
            }
        }
    }

    let mut rows = Vec::new();
    for (a, account) in agents.iter().enumerate() {
        for d in 0..days {
            if !working[a][d] {
                continue;
            }
            let e = &acc[a * days + d];
            let date = start + chrono::Duration::days(d as i64);
            let newest = d + 1 == days;
            let r = ratings.get(a * days + d).copied().unwrap_or([0; 5]);
            let rated: u32 = r.iter().sum();
            let div = |x: f64, n: u64| if n > 0 { Some(x / n as f64) } else { None };
            rows.push(AgentStat {
                agent: account.clone(),
                from: date,
                to: date,
                consulted: Some(e.consulted),
                received: Some(e.received),
                enquiries: Some(e.enquiries),
                enquiry_paid: (!newest).then_some(e.enquiry_paid),
                conversion: if newest || e.enquiries == 0 {
                    None
                } else {
                    Some(e.enquiry_paid as f64 / e.enquiries as f64)
                },
                sales: Some(Money(e.sales)),
                avg_order_value: (e.enquiry_paid > 0).then(|| Money(e.sales / e.enquiry_paid as i64)),
                items_per_buyer: (e.enquiry_paid > 0).then(|| e.items as f64 / e.enquiry_paid as f64),
                avg_item_price: (e.items > 0).then(|| Money(e.sales / e.items as i64)),
                reply_rate: (e.consulted > 0).then(|| e.received as f64 / e.consulted as f64),
                avg_response_secs: div(e.resp_sum as f64, e.resp_n),
                first_response_secs: div(e.first_sum as f64, e.first_n),
                avg_session_secs: div(e.sess_sum as f64, e.sess_n),
                answer_ratio: div(e.agent_msgs as f64, e.buyer_msgs),
                slow_responses: Some(e.slow),
                working_days: Some(1),
                satisfaction: (rated > 0).then(|| (r[0] + r[1]) as f64 / rated as f64),
                ratings: r,
            });
        }
    }
    rows
}
