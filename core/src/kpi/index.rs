//! The pre-aggregated KPI index: one [`Cell`] of additive counters per agent × day (and per
//! shop × day, where buyers are counted once however many agents they talked to), plus the
//! fact tables (visits, rounds, orders, refunds, reviews, stats rows, attendance) that
//! explanations list. Building reads every message and order once; any range query after
//! that only adds cells.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::config::{Anchor, AttributionRule, KpiConfig};
use super::session::for_each_session;
use crate::model::{
    AgentStat, Attendance, AttendanceStatus, ChatLog, DatasetData, MsgKind, Order, OrderStatus, Rating,
    Refund, RefundStatus, Review, Role, Ruling, Staff,
};
use crate::{Money, Ts};

/// "No agent" (unassigned buyer lines, silent orders).
pub const NONE: u32 = u32::MAX;
/// Upper edges (seconds, inclusive) of the response-time histogram bins; a last bin takes the rest.
pub const HIST_EDGES: [i64; 7] = [10, 30, 60, 120, 180, 300, 600];
pub const HIST_BINS: usize = HIST_EDGES.len() + 1;
/// Days the index spans at most; data outside the latest this many days is left out (and counted).
pub const MAX_DAYS: i64 = 800;

/// Additive counters of one agent (or shop) on one day. Ratios are formed at query time.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Cell {
    pub consulted: u32,
    pub received: u32,
    pub enquiries: u32,
    pub enq_ordered: u32,
    pub enq_paid: u32,
    pub buyer_msgs: u32,
    pub agent_msgs: u32,
    pub auto_msgs: u32,
    pub rounds: u32,
    pub answered: u32,
    pub resp_sum: f64,
    /// Weight of `resp_sum` (answered rounds; received buyers for stats rows).
    pub resp_n: f64,
    pub first_sum: f64,
    pub first_n: f64,
    pub slow_rounds: u32,
    pub slow_visits: u32,
    pub metric_rounds: u32,
    pub metric_fast: u32,
    pub reply_num: f64,
    pub reply_den: f64,
    pub ans_agent: f64,
    pub ans_buyer: f64,
    pub complaints: u32,
    /// Orders credited to the agent (paid or not), on the anchor day.
    pub credited: u32,
    pub credited_paid: u32,
    pub assists: u32,
    /// Paid amount of credited orders paid within the window (客服销售额), fen.
    pub sales: i64,
    pub items: u64,
    pub paying_buyers: u32,
    /// Shop rows: every order paid within the window, fen and count.
    pub all_paid: i64,
    pub all_paid_orders: u32,
    /// Paid orders by payment day (denominator of refund rates).
    pub paid_orders: u32,
    pub refunds_ok: u32,
    pub refund_amount: i64,
    pub disputes: u32,
    pub reviews: u32,
    pub good: u32,
    pub neutral: u32,
    pub bad: u32,
    pub dsr_n: u32,
    pub dsr: [u32; 3],
    pub sat_num: f64,
    pub sat_den: f64,
    /// Stats rows whose conversion was still blank (the newest day).
    pub pending: u32,
    pub hist: [u32; HIST_BINS],
    /// Enquiries by hour of their first buyer line.
    pub hours: [u32; 24],
}

impl Cell {
    /// Adds `o` into `self`.
    pub fn add(&mut self, o: &Cell) {
        macro_rules! add {
            ($($f:ident),*) => { $( self.$f += o.$f; )* };
        }
        add!(
            consulted,
            received,
            enquiries,
            enq_ordered,
            enq_paid,
            buyer_msgs,
            agent_msgs,
            auto_msgs,
            rounds,
            answered,
            resp_sum,
            resp_n,
            first_sum,
            first_n,
            slow_rounds,
            slow_visits,
            metric_rounds,
            metric_fast,
            reply_num,
            reply_den,
            ans_agent,
            ans_buyer,
            complaints,
            credited,
            credited_paid,
            assists,
            sales,
            items,
            paying_buyers,
            all_paid,
            all_paid_orders,
            paid_orders,
            refunds_ok,
            refund_amount,
            disputes,
            reviews,
            good,
            neutral,
            bad,
            dsr_n,
            sat_num,
            sat_den,
            pending
        );
        for i in 0..3 {
            self.dsr[i] += o.dsr[i];
        }
        for i in 0..HIST_BINS {
            self.hist[i] += o.hist[i];
        }
        for i in 0..24 {
            self.hours[i] += o.hours[i];
        }
    }
}

/// Where the figures come from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mode {
    /// Nothing to report on.
    #[default]
    Empty,
    /// Raw chats and/or orders.
    Raw,
    /// Only per-agent stats files (赤兔/生意参谋): KPIs come from those rows.
    Stats,
}

/// An agent as the index knows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgentInfo {
    /// Sub-account (`店铺名:小美`), the key everything joins on.
    pub account: String,
    /// Real name from the staff list, else empty.
    pub name: String,
    /// From the staff list; `None` for accounts only seen in the data.
    pub role: Option<Role>,
    pub shop: String,
    pub level: String,
}

impl AgentInfo {
    /// The part after the colon (`小美`).
    pub fn nick(&self) -> &str {
        self.account.split_once(':').map(|(_, n)| n).unwrap_or(&self.account)
    }
}

/// One buyer with one agent (or [`NONE`] = nobody) on one day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VisitFact {
    pub log: u16,
    pub thread: u32,
    pub agent: u32,
    pub shop: u32,
    pub day: u32,
    /// Index into [`KpiIndex::buyers`].
    pub buyer: u32,
    pub buyer_msgs: u32,
    pub human_msgs: u32,
    pub auto_msgs: u32,
    /// Hour of the first buyer line.
    pub hour: Option<u8>,
    pub received: bool,
    pub enquiry: bool,
    pub ordered: bool,
    pub paid: bool,
    pub slow: bool,
    pub complaint: bool,
}

/// One round: a buyer line (and what followed) up to the next human reply in the session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundFact {
    pub log: u16,
    pub thread: u32,
    /// Index of the buyer line that opened the round.
    pub msg: u32,
    pub start: Ts,
    /// Replying agent, or for an unanswered round the owner of the buyer line.
    pub agent: u32,
    pub shop: u32,
    pub day: u32,
    /// Seconds to the human reply; `None` when unanswered in the session.
    pub gap: Option<i64>,
    /// The session's first round.
    pub first: bool,
    /// Opened inside the metric hours (08–24).
    pub metric: bool,
}

/// An order with its credit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderFact {
    pub id: String,
    /// Index into [`KpiIndex::buyers`].
    pub buyer: u32,
    pub shop: u32,
    pub created: Ts,
    pub paid_at: Option<Ts>,
    /// Anchor day (index), when inside the index.
    pub day: Option<u32>,
    pub pay_day: Option<u32>,
    pub agent: u32,
    pub assists: Vec<u32>,
    pub paid: Money,
    pub items: u32,
    /// Paid within the payment window.
    pub paid_ok: bool,
    /// Left out by the JD rule (closed/cancelled).
    pub excluded: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RefundFact {
    pub id: String,
    pub order_id: String,
    pub agent: u32,
    pub shop: u32,
    pub day: u32,
    pub amount: Money,
    pub ok: bool,
    pub dispute: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewFact {
    pub order_id: String,
    pub agent: u32,
    pub shop: u32,
    pub day: u32,
    pub rating: Rating,
    pub dsr: Option<[u8; 3]>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatFact {
    pub agent: u32,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub day: u32,
    /// Position among the stats rows given.
    pub row: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttendanceFact {
    pub agent: u32,
    pub date: NaiveDate,
    pub status: AttendanceStatus,
    pub late_minutes: u32,
    pub early_minutes: u32,
    pub row: u32,
}

/// What the index is built from: borrowed rows of any number of datasets.
#[derive(Clone, Debug, Default)]
pub struct KpiInputs<'a> {
    pub chats: Vec<&'a ChatLog>,
    pub orders: Vec<&'a Order>,
    pub refunds: Vec<&'a Refund>,
    pub reviews: Vec<&'a Review>,
    pub stats: Vec<&'a AgentStat>,
    pub staff: Vec<&'a Staff>,
    pub attendance: Vec<&'a Attendance>,
}

impl<'a> KpiInputs<'a> {
    /// Adds the rows of a dataset (sub-orders are not used).
    pub fn add(&mut self, data: &'a DatasetData) {
        match data {
            DatasetData::Chats(c) => self.chats.push(c),
            DatasetData::Orders(v) => self.orders.extend(v),
            DatasetData::Refunds(v) => self.refunds.extend(v),
            DatasetData::Reviews(v) => self.reviews.extend(v),
            DatasetData::AgentStats(v) => self.stats.extend(v),
            DatasetData::Staff(v) => self.staff.extend(v),
            DatasetData::Attendance(v) => self.attendance.extend(v),
            DatasetData::SubOrders(_) => {}
        }
    }

    pub fn from_datasets(data: impl IntoIterator<Item = &'a DatasetData>) -> KpiInputs<'a> {
        let mut i = KpiInputs::default();
        for d in data {
            i.add(d);
        }
        i
    }
}

/// The index. Build with [`KpiIndex::build`]; query with the methods in `query.rs`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct KpiIndex {
    pub config: KpiConfig,
    pub mode: Mode,
    pub day0: Option<NaiveDate>,
    pub days: u32,
    pub agents: Vec<AgentInfo>,
    pub shops: Vec<String>,
    /// "Now" used for maturity (from the config or the data).
    pub now: Ts,
    /// `(agents.len() + shops.len()) × days`, row-major by agent then day.
    pub cells: Vec<Cell>,
    pub visits: Vec<VisitFact>,
    /// One per shop, buyer and day (agent = [`NONE`]).
    pub shop_visits: Vec<VisitFact>,
    pub rounds: Vec<RoundFact>,
    pub orders: Vec<OrderFact>,
    pub refunds: Vec<RefundFact>,
    pub reviews: Vec<ReviewFact>,
    pub stat_rows: Vec<StatFact>,
    pub attendance: Vec<AttendanceFact>,
    /// Buyer nicks (facts refer to them by index).
    pub buyers: Vec<String>,
    /// Buyer (index into `buyers`) per thread, per chat log.
    pub thread_buyers: Vec<Vec<u32>>,
    /// Rows left out because their dates fall outside the index span.
    pub dropped: u64,
}

/// Registry of agents and shops while building.
struct Registry {
    agents: Vec<AgentInfo>,
    by_account: HashMap<String, u32>,
    by_nick: HashMap<String, Option<u32>>,
    by_name: HashMap<String, u32>,
    shops: Vec<String>,
    shop_ids: HashMap<String, u32>,
}

impl Registry {
    fn new(staff: &[&Staff]) -> Registry {
        let mut r = Registry {
            agents: Vec::new(),
            by_account: HashMap::new(),
            by_nick: HashMap::new(),
            by_name: HashMap::new(),
            shops: Vec::new(),
            shop_ids: HashMap::new(),
        };
        for s in staff {
            let account = s.account.trim();
            if account.is_empty() || r.by_account.contains_key(account) {
                continue;
            }
            let id = r.push(AgentInfo {
                account: account.to_owned(),
                name: s.name.clone(),
                role: Some(s.role),
                shop: s.shop.clone(),
                level: s.level.clone(),
            });
            if !s.name.is_empty() {
                r.by_name.insert(s.name.clone(), id);
            }
        }
        r
    }

    fn push(&mut self, mut a: AgentInfo) -> u32 {
        let id = self.agents.len() as u32;
        if a.shop.is_empty()
            && let Some((shop, _)) = a.account.split_once(':')
        {
            a.shop = shop.to_owned();
        }
        self.by_account.insert(a.account.clone(), id);
        let nick = a.nick().to_owned();
        self.by_nick.entry(nick).and_modify(|e| *e = None).or_insert(Some(id));
        self.agents.push(a);
        id
    }

    /// The agent behind a sender name or account, registering unknown ones.
    fn agent(&mut self, raw: &str) -> u32 {
        let name = raw.trim();
        let name = name.strip_prefix("cntaobao").unwrap_or(name);
        if name.is_empty() {
            return NONE;
        }
        if let Some(&id) = self.by_account.get(name) {
            return id;
        }
        if !name.contains(':')
            && let Some(Some(id)) = self.by_nick.get(name)
        {
            return *id;
        }
        self.push(AgentInfo {
            account: name.to_owned(),
            name: String::new(),
            role: None,
            shop: String::new(),
            level: String::new(),
        })
    }

    fn shop(&mut self, name: &str) -> u32 {
        let name = name.trim();
        if let Some(&id) = self.shop_ids.get(name) {
            return id;
        }
        let id = self.shops.len() as u32;
        self.shops.push(name.to_owned());
        self.shop_ids.insert(name.to_owned(), id);
        id
    }
}

/// FxHash (rustc's hasher): the maps below are keyed by our own ids and nicks, not by
/// anything an attacker picks to collide, and SipHash was a fifth of the build time.
#[derive(Default, Clone, Copy)]
pub(crate) struct Fx(u64);

impl std::hash::Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(b));
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u32(&mut self, x: u32) {
        self.write_u64(x as u64);
    }
    fn write_usize(&mut self, x: usize) {
        self.write_u64(x as u64);
    }
    fn write_u8(&mut self, x: u8) {
        self.write_u64(x as u64);
    }
    /// Fx alone leaves the low bits (hashbrown's bucket index) blind to differences in the
    /// high bytes of a chunk — order ids differing in their last digits all collided — so the
    /// result goes through murmur3's 64-bit finaliser.
    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

pub(crate) type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fx>>;

/// Whether `text` contains one of `words`, checking only where a word's first character occurs.
fn contains_any(text: &str, words: &[&str], firsts: &[char]) -> bool {
    text.char_indices().any(|(i, c)| firsts.contains(&c) && words.iter().any(|w| text[i..].starts_with(w)))
}

/// Start offsets of each key's run in a list sorted by key (`n + 1` entries).
fn offsets(keys: impl Iterator<Item = u32>, n: usize) -> Vec<u32> {
    let mut off = vec![0u32; n + 1];
    for k in keys {
        if let Some(x) = off.get_mut(k as usize + 1) {
            *x += 1;
        }
    }
    for i in 1..off.len() {
        off[i] += off[i - 1];
    }
    off
}

fn day_start(t: Ts) -> Ts {
    Ts::from_date(t.date())
}

fn hist_bin(gap: i64) -> usize {
    HIST_EDGES.iter().position(|&e| gap <= e).unwrap_or(HIST_EDGES.len())
}

#[derive(Clone, Copy, Default)]
struct Local {
    agent: u32,
    day: u32,
    buyer_msgs: u32,
    human_msgs: u32,
    auto_msgs: u32,
    slow: bool,
    complaint: bool,
    first_ts: Option<Ts>,
}

fn local(v: &mut Vec<Local>, agent: u32, day: u32) -> &mut Local {
    let i = match v.iter().position(|l| l.agent == agent && l.day == day) {
        Some(i) => i,
        None => {
            v.push(Local { agent, day, ..Local::default() });
            v.len() - 1
        }
    };
    &mut v[i]
}

impl KpiIndex {
    /// Builds the index from the inputs with the given settings. Raw mode when there are chats
    /// or orders, stats mode when only per-agent stats rows are given.
    pub fn build(inputs: &KpiInputs<'_>, config: &KpiConfig) -> KpiIndex {
        let mut reg = Registry::new(&inputs.staff);
        for s in &inputs.staff {
            if !s.shop.is_empty() {
                reg.shop(&s.shop);
            }
        }
        let has_raw = inputs.chats.iter().any(|c| !c.threads.is_empty()) || !inputs.orders.is_empty();
        let mode = if has_raw {
            Mode::Raw
        } else if !inputs.stats.is_empty() {
            Mode::Stats
        } else {
            Mode::Empty
        };

        // The span of days and "now".
        let mut lo: Option<Ts> = None;
        let mut hi: Option<Ts> = None;
        let mut see = |t: Ts| {
            lo = Some(lo.map_or(t, |l| l.min(t)));
            hi = Some(hi.map_or(t, |h| h.max(t)));
        };
        for log in &inputs.chats {
            for t in &log.threads {
                if let (Some(a), Some(b)) = (t.messages.first(), t.messages.last()) {
                    see(a.ts);
                    see(b.ts);
                }
            }
        }
        for o in &inputs.orders {
            see(o.created);
            if let Some(p) = o.paid_at {
                see(p);
            }
        }
        for r in &inputs.refunds {
            see(r.applied);
            if let Some(f) = r.finished {
                see(f);
            }
        }
        for r in &inputs.reviews {
            see(r.created);
        }
        for s in &inputs.stats {
            see(Ts::from_date(s.to));
            see(Ts::from_date(s.from));
        }
        for a in &inputs.attendance {
            see(Ts::from_date(a.date));
        }
        let mut idx = KpiIndex { config: config.clone(), mode, ..KpiIndex::default() };
        let (Some(lo), Some(hi)) = (lo, hi) else {
            idx.agents = reg.agents;
            idx.shops = reg.shops;
            return idx;
        };
        idx.now = config.now.unwrap_or(hi);
        let last = hi.date();
        let first = lo.date().max(last - chrono::Duration::days(MAX_DAYS - 1));
        idx.day0 = Some(first);
        idx.days = ((last - first).num_days() + 1) as u32;
        let day0 = Ts::from_date(first);
        let days = idx.days;
        let day_of = move |t: Ts| -> Option<u32> {
            let d = (t.0 - day0.0).div_euclid(Ts::DAY);
            (d >= 0 && d < days as i64).then_some(d as u32)
        };

        // Agents and shops seen in the data.
        let mut name_agent: Vec<Vec<u32>> = Vec::with_capacity(inputs.chats.len());
        let mut thread_shop: Vec<Vec<u32>> = Vec::with_capacity(inputs.chats.len());
        for log in &inputs.chats {
            let mut map = vec![NONE; log.names.len()];
            let mut mark = |id: u32, reg: &mut Registry| {
                if let Some(slot) = map.get_mut(id as usize)
                    && *slot == NONE
                {
                    *slot = reg.agent(log.name(id));
                }
            };
            let mut shops = Vec::with_capacity(log.threads.len());
            for t in &log.threads {
                shops.push(reg.shop(&t.shop));
                for m in &t.messages {
                    match m.kind {
                        MsgKind::Agent | MsgKind::Auto => mark(m.from, &mut reg),
                        MsgKind::Transfer { to } => {
                            mark(m.from, &mut reg);
                            mark(to, &mut reg);
                        }
                        MsgKind::Buyer | MsgKind::System => {}
                    }
                }
            }
            name_agent.push(map);
            thread_shop.push(shops);
            idx.thread_buyers.push(Vec::with_capacity(log.threads.len()));
        }
        let default_shop = |reg: &mut Registry, name: &str| -> u32 {
            if name.trim().is_empty() && reg.shops.len() == 1 { 0 } else { reg.shop(name) }
        };

        // Buyers: one id per nick; threads and orders of each.
        let n_threads: usize = inputs.chats.iter().map(|c| c.threads.len()).sum();
        let n_msgs: usize = inputs.chats.iter().map(|c| c.message_count()).sum();
        let mut buyer_ids: FxMap<&str, u32> = FxMap::default();
        buyer_ids.reserve(n_threads + inputs.orders.len() / 2);
        idx.rounds.reserve(n_msgs / 3);
        idx.visits.reserve(n_threads * 2);
        idx.shop_visits.reserve(n_threads * 2);
        // (buyer, log, thread), then grouped by buyer (one sort instead of a Vec per buyer).
        let mut thread_list: Vec<(u32, u16, u32)> = Vec::with_capacity(n_threads);
        for (li, log) in inputs.chats.iter().enumerate() {
            for (ti, t) in log.threads.iter().enumerate() {
                let name = log.name(t.buyer);
                let next = buyer_ids.len() as u32;
                let b = *buyer_ids.entry(name).or_insert(next);
                if b == next {
                    idx.buyers.push(name.to_owned());
                }
                thread_list.push((b, li as u16, ti as u32));
                idx.thread_buyers[li].push(b);
            }
        }

        // Orders: credit.
        let att = &config.attribution;
        let pay_window = att.pay_window_days as i64 * Ts::DAY;
        thread_list.sort_unstable();
        let thread_off = offsets(thread_list.iter().map(|t| t.0), idx.buyers.len());
        let threads_of = |b: u32| -> &[(u32, u16, u32)] {
            match (thread_off.get(b as usize), thread_off.get(b as usize + 1)) {
                (Some(&x), Some(&y)) => &thread_list[x as usize..y as usize],
                _ => &[],
            }
        };
        let mut order_buyer: Vec<u32> = Vec::with_capacity(inputs.orders.len());
        let mut order_ids: FxMap<&str, u32> = FxMap::default();
        order_ids.reserve(inputs.orders.len());
        let mut last_shop: Option<(&str, u32)> = None;
        idx.orders.reserve(inputs.orders.len());
        let mut cands: Vec<(Ts, u32, bool)> = Vec::new();
        for (oi, o) in inputs.orders.iter().enumerate() {
            order_ids.insert(o.id.as_str(), oi as u32);
            let next = buyer_ids.len() as u32;
            let buyer = *buyer_ids.entry(o.buyer.as_str()).or_insert(next);
            if buyer == next {
                idx.buyers.push(o.buyer.clone());
            }
            order_buyer.push(buyer);
            let excluded = att.rule == AttributionRule::Jd && o.status == OrderStatus::Closed;
            let anchor = match att.anchor {
                Anchor::Created => o.created,
                Anchor::Paid => o.paid_at.unwrap_or(o.created),
            };
            let start = match att.rule {
                AttributionRule::Taobao => day_start(anchor).plus(-(att.order_window_days as i64) * Ts::DAY),
                AttributionRule::Jd => anchor.plus(-(att.jd_window_hours as i64) * 3600),
            };
            cands.clear();
            {
                for &(_, li, ti) in threads_of(buyer) {
                    let log = inputs.chats[li as usize];
                    let msgs = &log.threads[ti as usize].messages;
                    let end = msgs.partition_point(|m| m.ts <= anchor);
                    for m in msgs[..end].iter().rev() {
                        if m.ts < start {
                            break;
                        }
                        if m.kind == MsgKind::Agent {
                            let a = name_agent[li as usize].get(m.from as usize).copied().unwrap_or(NONE);
                            if a != NONE {
                                let sku = att.rule == AttributionRule::Jd
                                    && o.title.chars().count() >= 2
                                    && m.text.contains(o.title.as_str());
                                cands.push((m.ts, a, sku));
                            }
                        }
                    }
                }
            }
            let pick =
                |only_sku: bool| cands.iter().filter(|c| !only_sku || c.2).max_by_key(|c| c.0).map(|c| c.1);
            let agent = if excluded { None } else { pick(true).or_else(|| pick(false)) }.unwrap_or(NONE);
            let mut assists: Vec<u32> = Vec::new();
            if agent != NONE {
                for c in &cands {
                    if c.1 != agent && !assists.contains(&c.1) {
                        assists.push(c.1);
                    }
                }
                assists.sort_unstable();
            }
            let paid_ok = o.paid_at.is_some_and(|p| p.0 - o.created.0 <= pay_window);
            let shop = match last_shop {
                Some((name, id)) if name == o.shop => id,
                _ => {
                    let id = default_shop(&mut reg, &o.shop);
                    last_shop = Some((o.shop.as_str(), id));
                    id
                }
            };
            idx.orders.push(OrderFact {
                id: o.id.clone(),
                buyer,
                shop,
                created: o.created,
                paid_at: o.paid_at,
                day: day_of(anchor),
                pay_day: o.paid_at.and_then(day_of),
                agent,
                assists,
                paid: o.paid,
                items: o.items,
                paid_ok,
                excluded,
            });
        }
        // Orders per buyer, by creation time.
        let mut keyed: Vec<(u32, Ts, u32)> = idx
            .orders
            .iter()
            .zip(&order_buyer)
            .enumerate()
            .map(|(i, (o, &b))| (b, o.created, i as u32))
            .collect();
        keyed.sort_unstable();
        let order_off = offsets(keyed.iter().map(|k| k.0), idx.buyers.len());
        let order_list: Vec<u32> = keyed.into_iter().map(|k| k.2).collect();

        // Chats: sessions, owners, rounds, visits. Cells are keyed later, once every agent is
        // known, so facts are collected first.
        let gap = config.session_gap_secs;
        let (mh0, mh1) = config.metric_hours;
        let words: Vec<&str> =
            config.complaint_words.iter().map(String::as_str).filter(|w| !w.is_empty()).collect();
        let firsts: Vec<char> = words.iter().filter_map(|w| w.chars().next()).collect();
        let after_sale = config.after_sale_days as i64 * Ts::DAY;
        let order_span = (att.order_window_days as i64 + 1) * Ts::DAY;
        let mut owner: Vec<u32> = Vec::new();
        let mut locals: Vec<Local> = Vec::new();
        let mut shop_locals: Vec<Local> = Vec::new();
        for (li, log) in inputs.chats.iter().enumerate() {
            let agent_of = |id: u32| name_agent[li].get(id as usize).copied().unwrap_or(NONE);
            for (ti, t) in log.threads.iter().enumerate() {
                let msgs = &t.messages;
                let shop = thread_shop[li][ti];
                let buyer = idx.thread_buyers[li][ti];
                owner.clear();
                owner.resize(msgs.len(), NONE);
                locals.clear();
                shop_locals.clear();
                // Owners: the next human replier in the session, else the next agent-side
                // sender in the session, else the last agent-side sender before.
                for_each_session(msgs, gap, |r| {
                    let (mut human, mut side) = (NONE, NONE);
                    for i in r.rev() {
                        let m = &msgs[i];
                        match m.kind {
                            MsgKind::Agent => {
                                human = agent_of(m.from);
                                side = human;
                            }
                            MsgKind::Auto | MsgKind::Transfer { .. } => side = agent_of(m.from),
                            MsgKind::Buyer => owner[i] = if human != NONE { human } else { side },
                            MsgKind::System => {}
                        }
                    }
                });
                let mut last_side = NONE;
                for (i, m) in msgs.iter().enumerate() {
                    match m.kind {
                        MsgKind::Agent | MsgKind::Auto => last_side = agent_of(m.from),
                        MsgKind::Transfer { to } => last_side = agent_of(to),
                        MsgKind::Buyer if owner[i] == NONE => owner[i] = last_side,
                        _ => {}
                    }
                }
                // Messages and rounds.
                let push_round = |idx: &mut KpiIndex,
                                  locals: &mut Vec<Local>,
                                  s: usize,
                                  gap: Option<i64>,
                                  agent: u32,
                                  first: bool| {
                    let start = msgs[s].ts;
                    let Some(day) = day_of(start) else {
                        idx.dropped += 1;
                        return;
                    };
                    let h = start.hour();
                    let metric = h >= mh0 && h < mh1;
                    if let Some(g) = gap
                        && g > config.slow_secs
                        && agent != NONE
                    {
                        local(locals, agent, day).slow = true;
                    }
                    idx.rounds.push(RoundFact {
                        log: li as u16,
                        thread: ti as u32,
                        msg: s as u32,
                        start,
                        agent,
                        shop,
                        day,
                        gap,
                        first,
                        metric,
                    });
                };
                for_each_session(msgs, gap, |r| {
                    let mut open: Option<usize> = None;
                    let mut first = true;
                    for i in r {
                        let m = &msgs[i];
                        let day = day_of(m.ts);
                        match m.kind {
                            MsgKind::Buyer => {
                                if let Some(d) = day {
                                    let l = local(&mut locals, owner[i], d);
                                    l.buyer_msgs += 1;
                                    if l.first_ts.is_none() {
                                        l.first_ts = Some(m.ts);
                                    }
                                    if !l.complaint && contains_any(&m.text, &words, &firsts) {
                                        l.complaint = true;
                                    }
                                }
                                if open.is_none() {
                                    open = Some(i);
                                }
                            }
                            MsgKind::Agent => {
                                let a = agent_of(m.from);
                                if let Some(d) = day {
                                    local(&mut locals, a, d).human_msgs += 1;
                                }
                                if let Some(s) = open.take() {
                                    push_round(
                                        &mut idx,
                                        &mut locals,
                                        s,
                                        Some(m.ts.0 - msgs[s].ts.0),
                                        a,
                                        first,
                                    );
                                    first = false;
                                }
                            }
                            MsgKind::Auto => {
                                if let Some(d) = day {
                                    local(&mut locals, agent_of(m.from), d).auto_msgs += 1;
                                }
                            }
                            _ => {}
                        }
                    }
                    if let Some(s) = open {
                        push_round(&mut idx, &mut locals, s, None, owner[s], first);
                    }
                });
                // Visits: per agent, and per shop (the buyer once a day however many agents).
                for l in &locals {
                    let sl = local(&mut shop_locals, shop, l.day);
                    sl.human_msgs += l.human_msgs;
                    sl.auto_msgs += l.auto_msgs;
                    sl.buyer_msgs += l.buyer_msgs;
                    sl.first_ts = match (sl.first_ts, l.first_ts) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        (a, b) => a.or(b),
                    };
                    sl.slow |= l.slow;
                    sl.complaint |= l.complaint;
                }
                let orders_of = match (order_off.get(buyer as usize), order_off.get(buyer as usize + 1)) {
                    (Some(&x), Some(&y)) => &order_list[x as usize..y as usize],
                    _ => &[],
                };
                let classify = |orders: &[OrderFact], day: u32, agent: Option<u32>| -> (bool, bool, bool) {
                    let d0 = day0.plus(day as i64 * Ts::DAY);
                    let mut bought_before = false;
                    let mut orders_again = false;
                    let (mut ordered, mut paid) = (false, false);
                    for &oi in orders_of {
                        let f = &orders[oi as usize];
                        if f.paid_at.is_some_and(|p| p < d0 && p.0 >= d0.0 - after_sale) {
                            bought_before = true;
                        }
                        if f.created >= d0 && f.created.0 < d0.0 + order_span {
                            orders_again = true;
                            let credited = match agent {
                                Some(a) => f.agent == a,
                                None => f.agent != NONE,
                            };
                            if credited && !f.excluded {
                                ordered = true;
                                paid |= f.paid_ok;
                            }
                        }
                    }
                    let enquiry = !bought_before || orders_again;
                    (enquiry, enquiry && ordered, enquiry && paid)
                };
                for (list, is_shop) in [(&locals, false), (&shop_locals, true)] {
                    for l in list.iter() {
                        if !is_shop && l.agent == NONE {
                            continue;
                        }
                        let (enquiry, ordered, paid) = if l.buyer_msgs > 0 {
                            classify(&idx.orders, l.day, (!is_shop).then_some(l.agent))
                        } else {
                            (false, false, false)
                        };
                        let fact = VisitFact {
                            log: li as u16,
                            thread: ti as u32,
                            agent: if is_shop { NONE } else { l.agent },
                            shop,
                            day: l.day,
                            buyer,
                            buyer_msgs: l.buyer_msgs,
                            human_msgs: l.human_msgs,
                            auto_msgs: l.auto_msgs,
                            hour: l.first_ts.map(|t| t.hour() as u8),
                            received: l.buyer_msgs > 0 && l.human_msgs > 0,
                            enquiry: l.buyer_msgs > 0 && enquiry,
                            ordered,
                            paid,
                            slow: l.slow,
                            complaint: l.complaint,
                        };
                        if is_shop { idx.shop_visits.push(fact) } else { idx.visits.push(fact) }
                    }
                }
            }
        }

        // Refunds, reviews, stats rows and attendance: facts.
        for r in &inputs.refunds {
            let when =
                if r.status == RefundStatus::Succeeded { r.finished.unwrap_or(r.applied) } else { r.applied };
            let Some(day) = day_of(when) else {
                idx.dropped += 1;
                continue;
            };
            let order = order_ids.get(r.order_id.as_str()).map(|&i| &idx.orders[i as usize]);
            let agent = order.map_or(NONE, |o| o.agent);
            let shop = match order {
                Some(o) => o.shop,
                None => default_shop(&mut reg, &r.shop),
            };
            idx.refunds.push(RefundFact {
                id: r.id.clone(),
                order_id: r.order_id.clone(),
                agent,
                shop,
                day,
                amount: r.amount,
                ok: r.status == RefundStatus::Succeeded,
                dispute: r.ruling == Ruling::ForBuyer,
            });
        }
        for r in &inputs.reviews {
            let Some(day) = day_of(r.created) else {
                idx.dropped += 1;
                continue;
            };
            let order = order_ids.get(r.order_id.as_str()).map(|&i| &idx.orders[i as usize]);
            let shop = match order {
                Some(o) => o.shop,
                None => default_shop(&mut reg, &r.shop),
            };
            idx.reviews.push(ReviewFact {
                order_id: r.order_id.clone(),
                agent: order.map_or(NONE, |o| o.agent),
                shop,
                day,
                rating: r.rating,
                dsr: r.dsr.map(|d| [d.description, d.service, d.logistics]),
            });
        }
        for (i, s) in inputs.stats.iter().enumerate() {
            let Some(day) = day_of(Ts::from_date(s.to)) else {
                idx.dropped += 1;
                continue;
            };
            let agent = reg.agent(&s.agent);
            idx.stat_rows.push(StatFact { agent, from: s.from, to: s.to, day, row: i as u32 });
        }
        for (i, a) in inputs.attendance.iter().enumerate() {
            let agent = match a.account.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                Some(acc) => reg.agent(acc),
                None => match reg.by_name.get(a.name.trim()) {
                    Some(&id) => id,
                    None => {
                        idx.dropped += 1;
                        continue;
                    }
                },
            };
            idx.attendance.push(AttendanceFact {
                agent,
                date: a.date,
                status: a.status,
                late_minutes: a.late_minutes,
                early_minutes: a.early_minutes,
                row: i as u32,
            });
        }

        for i in 0..reg.agents.len() {
            let shop = reg.agents[i].shop.clone();
            if mode == Mode::Stats || !shop.is_empty() {
                reg.shop(&shop);
            }
        }
        idx.agents = reg.agents;
        idx.shops = reg.shops;
        idx.fill_cells(inputs);
        idx
    }

    /// Row of agent `a` or shop `s` in `cells`.
    pub fn agent_row(&self, a: u32) -> usize {
        a as usize
    }

    pub fn shop_row(&self, s: u32) -> usize {
        self.agents.len() + s as usize
    }

    pub fn cell(&self, row: usize, day: u32) -> &Cell {
        &self.cells[row * self.days as usize + day as usize]
    }

    fn cell_mut(&mut self, row: usize, day: u32) -> &mut Cell {
        let days = self.days as usize;
        &mut self.cells[row * days + day as usize]
    }

    fn fill_cells(&mut self, inputs: &KpiInputs<'_>) {
        let rows = self.agents.len() + self.shops.len();
        self.cells = vec![Cell::default(); rows * self.days as usize];
        let cfg = self.config.clone();
        let visits = std::mem::take(&mut self.visits);
        let shop_visits = std::mem::take(&mut self.shop_visits);
        for v in visits.iter().chain(&shop_visits) {
            let row = if v.agent == NONE { self.shop_row(v.shop) } else { self.agent_row(v.agent) };
            let c = self.cell_mut(row, v.day);
            let consulted = v.buyer_msgs > 0;
            c.consulted += consulted as u32;
            c.received += v.received as u32;
            c.enquiries += v.enquiry as u32;
            c.enq_ordered += v.ordered as u32;
            c.enq_paid += v.paid as u32;
            c.buyer_msgs += v.buyer_msgs;
            c.agent_msgs += v.human_msgs;
            c.auto_msgs += v.auto_msgs;
            c.slow_visits += v.slow as u32;
            c.complaints += v.complaint as u32;
            c.reply_num += v.received as u32 as f64;
            c.reply_den += consulted as u32 as f64;
            c.ans_agent += v.human_msgs as f64;
            c.ans_buyer += v.buyer_msgs as f64;
            if v.enquiry
                && let Some(h) = v.hour
            {
                c.hours[h as usize % 24] += 1;
            }
        }
        self.visits = visits;
        self.shop_visits = shop_visits;

        let rounds = std::mem::take(&mut self.rounds);
        for r in &rounds {
            let shop_row = self.shop_row(r.shop);
            let rows = [Some(shop_row), (r.agent != NONE).then(|| self.agent_row(r.agent))];
            for row in rows.into_iter().flatten() {
                let c = self.cell_mut(row, r.day);
                c.rounds += 1;
                if r.metric {
                    c.metric_rounds += 1;
                }
                if let Some(g) = r.gap {
                    c.answered += 1;
                    c.resp_sum += g as f64;
                    c.resp_n += 1.0;
                    c.hist[hist_bin(g)] += 1;
                    if r.first {
                        c.first_sum += g as f64;
                        c.first_n += 1.0;
                    }
                    if g > cfg.slow_secs {
                        c.slow_rounds += 1;
                    }
                    if r.metric && g <= cfg.fast_secs {
                        c.metric_fast += 1;
                    }
                }
            }
        }
        self.rounds = rounds;

        let orders = std::mem::take(&mut self.orders);
        // Paying buyers: distinct (row, day, buyer), counted after a sort.
        let mut paying: Vec<u64> = Vec::new();
        for o in &orders {
            if o.excluded {
                continue;
            }
            let shop_row = self.shop_row(o.shop);
            if let Some(day) = o.day {
                let rows = [Some(shop_row), (o.agent != NONE).then(|| self.agent_row(o.agent))];
                for row in rows.into_iter().flatten() {
                    let credited = o.agent != NONE;
                    if o.paid_ok && credited {
                        paying.push(((row as u64) << 44) | ((day as u64) << 32) | o.buyer as u64);
                    }
                    let c = self.cell_mut(row, day);
                    if row == shop_row && o.paid_ok {
                        c.all_paid += o.paid.fen();
                        c.all_paid_orders += 1;
                    }
                    if credited {
                        c.credited += 1;
                        if o.paid_ok {
                            c.credited_paid += 1;
                            c.sales += o.paid.fen();
                            c.items += o.items as u64;
                        }
                    }
                }
                for &a in &o.assists {
                    let row = self.agent_row(a);
                    self.cell_mut(row, day).assists += 1;
                }
            }
            if let Some(pd) = o.pay_day {
                self.cell_mut(shop_row, pd).paid_orders += 1;
                if o.agent != NONE {
                    let row = self.agent_row(o.agent);
                    self.cell_mut(row, pd).paid_orders += 1;
                }
            }
        }
        self.orders = orders;
        paying.sort_unstable();
        paying.dedup();
        for k in paying {
            let (row, day) = ((k >> 44) as usize, ((k >> 32) & 0xfff) as u32);
            self.cell_mut(row, day).paying_buyers += 1;
        }

        let refunds = std::mem::take(&mut self.refunds);
        for r in &refunds {
            let rows = [Some(self.shop_row(r.shop)), (r.agent != NONE).then(|| self.agent_row(r.agent))];
            for row in rows.into_iter().flatten() {
                let c = self.cell_mut(row, r.day);
                if r.ok {
                    c.refunds_ok += 1;
                    c.refund_amount += r.amount.fen();
                }
                c.disputes += r.dispute as u32;
            }
        }
        self.refunds = refunds;

        let reviews = std::mem::take(&mut self.reviews);
        for r in &reviews {
            let rows = [Some(self.shop_row(r.shop)), (r.agent != NONE).then(|| self.agent_row(r.agent))];
            for row in rows.into_iter().flatten() {
                let c = self.cell_mut(row, r.day);
                c.reviews += 1;
                match r.rating {
                    Rating::Good => c.good += 1,
                    Rating::Neutral => c.neutral += 1,
                    Rating::Bad => c.bad += 1,
                }
                if let Some(d) = r.dsr {
                    c.dsr_n += 1;
                    for (acc, x) in c.dsr.iter_mut().zip(d) {
                        *acc += x as u32;
                    }
                }
            }
        }
        self.reviews = reviews;

        let stat_rows = std::mem::take(&mut self.stat_rows);
        let stats_mode = self.mode == Mode::Stats;
        for f in &stat_rows {
            let Some(s) = inputs.stats.get(f.row as usize) else { continue };
            let shop = self.agents.get(f.agent as usize).map(|a| a.shop.clone()).unwrap_or_default();
            let shop_row = self.shops.iter().position(|x| *x == shop).map(|i| self.agents.len() + i);
            let rows = [Some(self.agent_row(f.agent)), shop_row];
            for row in rows.into_iter().flatten() {
                let c = self.cell_mut(row, f.day);
                add_stat(c, s, stats_mode);
            }
        }
        self.stat_rows = stat_rows;
    }
}

/// Adds one stats row: satisfaction only when raw data exists, everything in stats mode.
fn add_stat(c: &mut Cell, s: &AgentStat, full: bool) {
    let rated: u32 = s.ratings.iter().sum();
    let received = s.received.unwrap_or(0) as f64;
    if rated > 0 {
        c.sat_num += (s.ratings[0] + s.ratings[1]) as f64;
        c.sat_den += rated as f64;
    } else if let Some(x) = s.satisfaction
        && received > 0.0
    {
        c.sat_num += x * received;
        c.sat_den += received;
    }
    if !full {
        return;
    }
    let consulted = s.consulted.or(s.received).unwrap_or(0);
    c.consulted += consulted;
    c.received += s.received.unwrap_or(0);
    let enq = s.enquiries.unwrap_or(0);
    c.enquiries += enq;
    let paid = match (s.enquiry_paid, s.conversion) {
        (Some(p), _) => Some(p),
        (None, Some(x)) => Some((x * enq as f64).round() as u32),
        (None, None) => None,
    };
    match paid {
        Some(p) => c.enq_paid += p,
        None if enq > 0 => c.pending += 1,
        None => {}
    }
    let sales = s.sales.unwrap_or(Money::ZERO);
    c.sales += sales.fen();
    let buyers = match s.avg_order_value {
        Some(v) if v.fen() > 0 => (sales.fen() as f64 / v.fen() as f64).round() as u32,
        _ => paid.unwrap_or(0),
    };
    c.paying_buyers += buyers;
    c.credited_paid += buyers;
    if let Some(ipb) = s.items_per_buyer {
        c.items += (ipb * buyers as f64).round() as u64;
    } else if let Some(p) = s.avg_item_price
        && p.fen() > 0
    {
        c.items += (sales.fen() as f64 / p.fen() as f64).round() as u64;
    }
    if let Some(r) = s.reply_rate {
        c.reply_num += r * consulted as f64;
        c.reply_den += consulted as f64;
    } else if consulted > 0 {
        c.reply_num += s.received.unwrap_or(0) as f64;
        c.reply_den += consulted as f64;
    }
    let w = if received > 0.0 { received } else { 1.0 };
    if let Some(x) = s.avg_response_secs {
        c.resp_sum += x * w;
        c.resp_n += w;
    }
    if let Some(x) = s.first_response_secs {
        c.first_sum += x * w;
        c.first_n += w;
    }
    if let Some(x) = s.answer_ratio {
        c.ans_agent += x * w;
        c.ans_buyer += w;
    }
    c.slow_visits += s.slow_responses.unwrap_or(0);
}
