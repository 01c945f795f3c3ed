//! The demo generator: builds the team and its roster, simulates the period day by day
//! (new enquiries following the traffic curve, buyers coming back for after-sale help, next-
//! day orders, offline messages and hand-overs), turns what was said into orders, refunds and
//! reviews, and derives the per-agent daily report and the attendance clock-outs from what
//! happened.
//!
//! Determinism: every random choice comes from `Pcg64Mcg` streams derived from the seed
//! (one for the team, one for the roster, one per simulated day, one for the books); all
//! collections are vectors iterated in index order (the only hash set is a membership test
//! for unique buyer nicks).

use std::collections::HashSet;

use super::catalog::{self, PRODUCTS};
use super::commerce::{self, Flow, Issue, Line, OrderDraft, RefundDraft};
use super::conv::{Activity, Conv, Env, Vars};
use super::names::{self, REGIONS};
use super::report::{self, BuyerFacts, OrderFact};
use super::scripts::{self, AfterKind, PreOutcome, Resolution};
use super::team::{self, Duty};
use super::traffic::{self, Traffic};
use super::util::{Rng, between, chance, cumulative, index, lognormal, pick, stream, unit, weighted};
use super::{DemoConfig, DemoWorkspace};
use crate::Ts;
use crate::jobs::{Cancelled, Tick};
use crate::model::{AttendanceStatus, ChatLog, ChatThread, NameId, Period, Role};

const NONE: u32 = u32::MAX;
const HOUR: i64 = 3600;
const DAY: i64 = Ts::DAY;

/// Stream tags.
const TAG_TEAM: u64 = 1;
const TAG_ROSTER: u64 = 2;
const TAG_BOOKS: u64 = 3;
const TAG_DAY: u64 = 1000;

struct Receiver {
    name: String,
    phone: String,
    address: String,
}

struct Buyer {
    nick: String,
    /// Name id in the chat log, once the buyer has written.
    id: NameId,
    thread: u32,
    /// End of the buyer's last conversation (no overlap with the next one).
    busy_until: Ts,
    region: u16,
    district: u8,
    receiver: Option<Box<Receiver>>,
    orders: Vec<u32>,
    /// Bought before the period (after-sale questions about orders not in the data).
    legacy: bool,
}

/// What a buyer decided to buy in a conversation.
#[derive(Clone, Copy, Debug)]
struct Choice {
    product: u16,
    color: u8,
    size: u8,
    rec: Option<u16>,
    sf: bool,
    note: bool,
}

enum EvKind {
    PlaceOrder { choice: Choice, chat: bool },
    After { order: u32, kind: AfterKind, chat: bool },
    RefundUrge { refund: u32 },
}

struct Event {
    ts: Ts,
    seq: u32,
    buyer: u32,
    kind: EvKind,
}

struct Sim<'e> {
    env: &'e Env<'e>,
    shop: String,
    day0: Ts,
    end: Ts,
    names: Vec<String>,
    threads: Vec<ChatThread>,
    thread_buyer: Vec<u32>,
    buyers: Vec<Buyer>,
    nicks: HashSet<String>,
    /// Buyers with a thread who may come back with a new enquiry.
    chatted: Vec<u32>,
    /// Buyers who only ever ordered silently.
    silent: Vec<u32>,
    acts: Activity,
    events: Vec<Vec<Event>>,
    seq: u32,
    orders: Vec<OrderDraft>,
    refunds: Vec<RefundDraft>,
    /// Orders created after a chat, per day.
    chat_orders: Vec<u32>,
    products: Vec<f64>,
    regions: Vec<f64>,
    after_agents: Vec<u16>,
    /// Messages written so far and the cumulative target up to the current day, so that
    /// a day's overshoot is taken off the next day and the total stays on target.
    written: u64,
    target: u64,
    /// The day being simulated; events are never filed before it.
    today: usize,
    rng: Rng,
}

/// Generates the demo workspace. Calls `tick(done, total)` once per simulated day and around
/// the closing phases; stops with `Err(Cancelled)` as soon as `tick` does.
pub fn generate(cfg: &DemoConfig, tick: Tick<'_>) -> Result<DemoWorkspace, Cancelled> {
    let days = cfg.days.max(1);
    let days_us = days as usize;
    let total = days as u64 + 4;
    tick(0, total)?;
    let start = cfg.start;
    let period = Period { from: start, to: start + chrono::Duration::days(days as i64 - 1) };
    let agents = team::build_team(&mut stream(cfg.seed, TAG_TEAM), &cfg.shop, cfg.agents, start, days);
    let (mut attendance, roster, att_index) =
        team::schedule(&mut stream(cfg.seed, TAG_ROSTER), &agents, start, days);
    let traffic = Traffic::new(start, days, agents.len(), cfg.messages);
    tick(1, total)?;

    let env = Env { shop: &cfg.shop, agents: &agents, roster: &roster, traffic: &traffic, days: days_us };
    let mut sim = Sim::new(&env, cfg);
    for d in 0..days_us {
        sim.rng = stream(cfg.seed, TAG_DAY + d as u64);
        sim.run_day(d);
        tick(2 + d as u64, total)?;
    }
    let Sim { names, mut threads, thread_buyer, buyers, acts, orders, refunds, end, .. } = sim;
    for t in &mut threads {
        // Conversations of one buyer never overlap, so this only puts them in time order.
        t.messages.sort_by_key(|m| m.ts);
    }

    let mut rng = stream(cfg.seed, TAG_BOOKS);
    // Clock-outs follow the last message of the day.
    for (a, per_day) in att_index.iter().enumerate() {
        for (d, ix) in per_day.iter().enumerate() {
            let (Some(ix), Some(&last)) = (ix, acts.last.get(a * days_us + d)) else { continue };
            let rec = &mut attendance[*ix];
            let keeps_time = matches!(
                rec.status,
                AttendanceStatus::Normal | AttendanceStatus::Late | AttendanceStatus::MissingClock
            );
            if let Some(out) = rec.clock_out
                && keeps_time
                && last > out
            {
                rec.clock_out = Some(last.plus(between(&mut rng, 30, 240)));
            }
        }
    }

    let operators: Vec<String> = agents.iter().map(|a| a.account.clone()).collect();
    let nick_of = |b: u32| buyers.get(b as usize).map(|x| x.nick.clone()).unwrap_or_default();
    let receiver_of = |b: u32| match buyers.get(b as usize).and_then(|x| x.receiver.as_deref()) {
        Some(r) => (r.name.clone(), r.phone.clone(), r.address.clone()),
        None => (String::new(), String::new(), String::new()),
    };
    let books =
        commerce::finalize(&mut rng, &cfg.shop, &orders, &refunds, &nick_of, &receiver_of, &operators, end);
    tick(days as u64 + 2, total)?;

    let mut working = vec![vec![false; days_us]; agents.len()];
    for duties in &roster.days {
        for duty in duties {
            working[duty.agent as usize][duty.day as usize] = true;
        }
    }
    let facts: Vec<Vec<OrderFact>> = thread_buyer
        .iter()
        .map(|&b| {
            buyers[b as usize]
                .orders
                .iter()
                .map(|&o| {
                    let d = &orders[o as usize];
                    OrderFact {
                        created: d.created,
                        paid: books.paid_at[o as usize].is_some(),
                        amount: d.payable(),
                        items: d.items(),
                    }
                })
                .collect()
        })
        .collect();
    let facts_of = |ti: usize| BuyerFacts {
        orders: &facts[ti],
        bought_before_period: buyers[thread_buyer[ti] as usize].legacy,
    };
    let agent_stats =
        report::agent_stats(&operators, start, days_us, &working, &threads, &facts_of, &acts.ratings);
    tick(days as u64 + 3, total)?;

    let staff = agents.iter().map(|a| a.staff(&cfg.shop)).collect();
    let ws = DemoWorkspace {
        config: cfg.clone(),
        period,
        staff,
        chats: ChatLog { names, threads },
        orders: books.orders,
        sub_orders: books.sub_orders,
        refunds: books.refunds,
        reviews: books.reviews,
        agent_stats,
        attendance,
    };
    tick(total, total)?;
    Ok(ws)
}

impl<'e> Sim<'e> {
    fn new(env: &'e Env<'e>, cfg: &DemoConfig) -> Sim<'e> {
        let n = env.agents.len();
        let days = env.days;
        let day0 = Ts::from_date(cfg.start);
        let budget: u64 = env.traffic.budget.iter().sum();
        let conv_guess = (budget / 10) as usize;
        Sim {
            env,
            shop: cfg.shop.clone(),
            day0,
            end: day0.plus(days as i64 * DAY),
            // Invariant relied on by `Conv`: agent `i` has name id `i`.
            names: env.agents.iter().map(|a| a.account.clone()).collect(),
            threads: Vec::with_capacity(conv_guess * 3 / 4),
            thread_buyer: Vec::with_capacity(conv_guess * 3 / 4),
            buyers: Vec::with_capacity(conv_guess),
            nicks: HashSet::with_capacity(conv_guess * 3 / 2),
            chatted: Vec::new(),
            silent: Vec::new(),
            acts: Activity::new(n, days),
            events: (0..days).map(|_| Vec::new()).collect(),
            seq: 0,
            orders: Vec::new(),
            refunds: Vec::new(),
            chat_orders: vec![0; days],
            products: catalog::popularity(),
            regions: cumulative(&REGIONS.iter().map(|r| r.weight).collect::<Vec<_>>()),
            after_agents: env
                .agents
                .iter()
                .enumerate()
                .filter(|(_, a)| a.role == Role::AfterSale)
                .map(|(i, _)| i as u16)
                .collect(),
            written: 0,
            target: 0,
            today: 0,
            rng: stream(cfg.seed, TAG_DAY),
        }
    }

    fn day_of(&self, t: Ts) -> Option<usize> {
        let d = (t.0 - self.day0.0).div_euclid(DAY);
        (d >= 0 && (d as usize) < self.env.days).then_some(d as usize)
    }

    fn schedule(&mut self, ts: Ts, buyer: u32, kind: EvKind) {
        if let Some(d) = self.day_of(ts) {
            self.seq += 1;
            self.events[d.max(self.today)].push(Event { ts, seq: self.seq, buyer, kind });
        }
    }

    /// Runs the day's events in time order, including those filed while running them.
    fn drain_events(&mut self, d: usize) {
        loop {
            let mut evs = std::mem::take(&mut self.events[d]);
            if evs.is_empty() {
                break;
            }
            evs.sort_by_key(|e| (e.ts, e.seq));
            for ev in evs {
                self.written += self.run_event(ev);
            }
        }
    }

    fn new_buyer(&mut self, legacy: bool) -> u32 {
        let nick = names::buyer_nick(&mut self.rng, &mut self.nicks);
        let region = weighted(&mut self.rng, &self.regions);
        let district = index(&mut self.rng, REGIONS[region].districts.len());
        self.buyers.push(Buyer {
            nick,
            id: NONE,
            thread: NONE,
            busy_until: Ts(i64::MIN),
            region: region as u16,
            district: district as u8,
            receiver: None,
            orders: Vec::new(),
            legacy,
        });
        (self.buyers.len() - 1) as u32
    }

    /// The buyer's thread and name id, created on first contact.
    fn thread_of(&mut self, b: u32) -> (usize, NameId) {
        let buyer = &mut self.buyers[b as usize];
        if buyer.thread == NONE {
            buyer.id = self.names.len() as NameId;
            self.names.push(buyer.nick.clone());
            buyer.thread = self.threads.len() as u32;
            self.threads.push(ChatThread { shop: self.shop.clone(), buyer: buyer.id, messages: Vec::new() });
            self.thread_buyer.push(b);
            if !buyer.legacy {
                self.chatted.push(b);
            }
        }
        (buyer.thread as usize, buyer.id)
    }

    /// Someone on duty for `role` at `t`, or the first to come on duty after it.
    fn duty_for(&mut self, t: Ts, role: Role) -> Option<Duty> {
        let roster = self.env.roster;
        roster.find(&mut self.rng, t, role, None).or_else(|| roster.next_open(&mut self.rng, t, role))
    }

    fn vars_for(&mut self, b: u32, product: usize) -> Vars {
        let buyer = &self.buyers[b as usize];
        let (region, district) = (buyer.region as usize, buyer.district as usize);
        Vars::new(&mut self.rng, product, region, district)
    }

    /// Runs a script for buyer `b` with `duty` from `t`; returns (script result, messages
    /// written, end time, last human agent, whether that agent was rude).
    fn converse<R>(
        &mut self,
        b: u32,
        duty: Duty,
        t: Ts,
        vars: Vars,
        script: impl FnOnce(&mut Conv<'_>) -> R,
    ) -> (R, u64, Ts, Option<u16>, bool) {
        let (tid, bid) = self.thread_of(b);
        let env = self.env;
        let before = self.threads[tid].messages.len();
        let mut c = Conv::new(
            env,
            &mut self.rng,
            &mut self.threads[tid].messages,
            &mut self.acts,
            bid,
            duty,
            t,
            vars,
        );
        let r = script(&mut c);
        let end = c.t;
        let agent = c.last_human.map(|d| d.agent);
        let rude = c.rude_done;
        c.finish();
        let made = (self.threads[tid].messages.len() - before) as u64;
        let buyer = &mut self.buyers[b as usize];
        buyer.busy_until = buyer.busy_until.max(end);
        (r, made, end, agent, rude)
    }

    fn run_day(&mut self, d: usize) {
        let budget = self.env.traffic.budget[d];
        self.target += budget;
        self.today = d;
        self.drain_events(d);
        // Buyers who bought before the period still ask after-sale questions in its first
        // days; their share fades over the first twelve days.
        let share = 0.02 + 0.16 * (1.0 - d as f64 / 12.0).max(0.0);
        let legacy_budget = (budget as f64 * share) as u64;
        let mut legacy = 0;
        let mut fails = 0;
        while legacy < legacy_budget && self.written < self.target && fails < 200 {
            let n = self.legacy_conv(d);
            fails = if n == 0 { fails + 1 } else { 0 };
            legacy += n;
            self.written += n;
        }
        fails = 0;
        while self.written < self.target && fails < 1000 {
            let n = self.new_conv(d);
            fails = if n == 0 { fails + 1 } else { 0 };
            self.written += n;
        }
        // Same-day follow-ups of today's orders (quick cancellations, "when do you ship?").
        // Their buyers are busy until their own conversation ended, so they come after it.
        self.drain_events(d);
        self.silent_orders(d);
        self.drain_events(d);
    }

    fn new_conv(&mut self, d: usize) -> u64 {
        let t = self.env.traffic.time_on(&mut self.rng, d);
        let Some(duty) = self.duty_for(t, Role::PreSale) else { return 0 };
        let day_start = self.day0.plus(d as i64 * DAY);
        let mut b = NONE;
        if !self.chatted.is_empty() && chance(&mut self.rng, 0.08) {
            for _ in 0..4 {
                let c = self.chatted[index(&mut self.rng, self.chatted.len())];
                if self.buyers[c as usize].busy_until < day_start {
                    b = c;
                    break;
                }
            }
        }
        let returning = b != NONE;
        if !returning {
            b = self.new_buyer(false);
        }
        let product = catalog::pick_chat_product(&mut self.rng, &self.products);
        let vars = self.vars_for(b, product);
        let mut choice = Choice {
            product: vars.product as u16,
            color: vars.color as u8,
            size: vars.size as u8,
            rec: None,
            sf: false,
            note: false,
        };
        let rec = vars.rec as u16;
        let (outcome, made, end, agent, _) =
            self.converse(b, duty, t, vars, |c| scripts::presale(c, returning));
        match outcome {
            PreOutcome::Bought(p) => {
                choice.rec = p.extra.then_some(rec);
                choice.sf = p.sf;
                choice.note = p.note;
                let o = self.place_order(b, p.created, p.paid, &choice, true);
                if p.note {
                    let nick = agent.map(|a| self.env.agents[a as usize].nick.as_str()).unwrap_or("");
                    let what =
                        *pick(&mut self.rng, &["已核对地址", "赠送袜子一双", "优先发货", "尺码已确认"]);
                    self.orders[o as usize].seller_note = format!("{nick}：{what}");
                }
            }
            PreOutcome::Later { days } => {
                let target = d + days as usize;
                if target < self.env.days {
                    let ts = self.env.traffic.time_on(&mut self.rng, target).max(end.plus(30 * 60));
                    let chat = chance(&mut self.rng, 0.3);
                    self.schedule(ts, b, EvKind::PlaceOrder { choice, chat });
                }
            }
            PreOutcome::Nothing => {}
        }
        made
    }

    fn legacy_conv(&mut self, d: usize) -> u64 {
        let t = self.env.traffic.time_on(&mut self.rng, d);
        let role = if chance(&mut self.rng, 0.78) { Role::AfterSale } else { Role::PreSale };
        let Some(duty) = self.duty_for(t, role) else { return 0 };
        let b = self.new_buyer(true);
        let product = catalog::pick_chat_product(&mut self.rng, &self.products);
        let mut vars = self.vars_for(b, product);
        vars.carrier = catalog::pick_carrier(&mut self.rng);
        const KINDS: [(AfterKind, f64); 7] = [
            (AfterKind::Logistics, 30.0),
            (AfterKind::Return, 18.0),
            (AfterKind::Exchange, 12.0),
            (AfterKind::Quality, 12.0),
            (AfterKind::RefundUrge, 14.0),
            (AfterKind::Invoice, 6.0),
            (AfterKind::ShipUrge, 8.0),
        ];
        let cum = cumulative(&KINDS.map(|(_, w)| w));
        let kind = KINDS[weighted(&mut self.rng, &cum)].0;
        let (_, made, ..) = self.converse(b, duty, t, vars, |c| scripts::after_sale(c, kind, 1));
        made
    }

    fn ensure_receiver(&mut self, b: u32) {
        let rng = &mut self.rng;
        let buyer = &mut self.buyers[b as usize];
        if buyer.receiver.is_none() {
            let region = &REGIONS[buyer.region as usize];
            buyer.receiver = Some(Box::new(Receiver {
                name: names::receiver_name(rng),
                phone: names::mobile(rng),
                address: names::address(rng, region, buyer.district as usize),
            }));
        }
    }

    fn place_order(&mut self, b: u32, created: Ts, paid: Option<Ts>, choice: &Choice, chatted: bool) -> u32 {
        let qty = if chance(&mut self.rng, 0.1) { 2 } else { 1 };
        let mut lines =
            vec![Line::new(choice.product as usize, choice.color as usize, choice.size as usize, qty)];
        if let Some(r) = choice.rec {
            let p = &PRODUCTS[r as usize];
            let color = index(&mut self.rng, p.colors.len());
            lines.push(Line::new(r as usize, color, choice.size as usize, 1));
        }
        self.add_order(b, created, paid, lines, choice.sf, chatted)
    }

    fn add_order(
        &mut self,
        b: u32,
        created: Ts,
        paid: Option<Ts>,
        lines: Vec<Line>,
        sf: bool,
        chatted: bool,
    ) -> u32 {
        let remote = REGIONS[self.buyers[b as usize].region as usize].remote;
        let promo = traffic::promo(created.date());
        let o = commerce::new_order(&mut self.rng, b, created, paid, lines, remote, sf, promo);
        let ix = self.orders.len() as u32;
        self.orders.push(o);
        self.buyers[b as usize].orders.push(ix);
        self.ensure_receiver(b);
        if chatted && let Some(d) = self.day_of(created) {
            self.chat_orders[d] += 1;
        }
        self.plan_after_sale(ix);
        ix
    }

    /// Decides, when an order is paid, whether and when its buyer will need after-sale help.
    fn plan_after_sale(&mut self, ix: u32) {
        let o = &self.orders[ix as usize];
        let (Some(paid), Some(ship), Some(deliver)) = (o.paid_at, o.ship_at, o.deliver_at) else { return };
        let buyer = o.buyer;
        let rng = &mut self.rng;
        let r = unit(rng);
        let frac = |rng: &mut Rng, a: Ts, b: Ts, lo: f64, hi: f64| {
            let x = lo + (hi - lo) * unit(rng);
            a.plus(((b.0 - a.0) as f64 * x) as i64)
        };
        let (kind, at, chat) = if r < 0.012 {
            let t = paid.plus(between(rng, 5 * 60, 5 * HOUR));
            if t >= ship.plus(-15 * 60) {
                return;
            }
            (AfterKind::Cancel, t, chance(rng, 0.55))
        } else if r < 0.062 {
            if ship.0 - paid.0 < 10 * HOUR {
                return;
            }
            (AfterKind::ShipUrge, frac(rng, paid, ship, 0.4, 0.9), true)
        } else if r < 0.122 {
            (AfterKind::Logistics, frac(rng, ship, deliver, 0.45, 0.95), true)
        } else if r < 0.154 {
            (AfterKind::Return, deliver.plus(between(rng, 3 * HOUR, 5 * DAY)), true)
        } else if r < 0.172 {
            (AfterKind::Return, deliver.plus(between(rng, 3 * HOUR, 5 * DAY)), false)
        } else if r < 0.190 {
            (AfterKind::Exchange, deliver.plus(between(rng, 3 * HOUR, 4 * DAY)), true)
        } else if r < 0.220 {
            (AfterKind::Quality, deliver.plus(between(rng, 2 * HOUR, 9 * DAY)), true)
        } else if r < 0.228 {
            (AfterKind::Missing, deliver.plus(between(rng, HOUR, 36 * HOUR)), true)
        } else if r < 0.237 {
            (AfterKind::NotAsDescribed, deliver.plus(between(rng, 2 * HOUR, 3 * DAY)), true)
        } else if r < 0.247 {
            (AfterKind::Invoice, deliver.plus(between(rng, DAY, 6 * DAY)), true)
        } else {
            return;
        };
        // People write at waking hours; a cancellation is urgent and keeps its time.
        let at = if kind == AfterKind::Cancel && at.hour() >= 8 {
            at
        } else {
            self.env.traffic.daytime_after(&mut self.rng, at)
        };
        if kind == AfterKind::Cancel && at >= ship.plus(-15 * 60) {
            return;
        }
        self.schedule(at, buyer, EvKind::After { order: ix, kind, chat });
    }

    fn run_event(&mut self, ev: Event) -> u64 {
        let b = ev.buyer;
        let mut t = ev.ts;
        let busy = self.buyers[b as usize].busy_until;
        if t < busy.plus(600) {
            t = busy.plus(between(&mut self.rng, 900, 3600));
        }
        if t >= self.end {
            return 0;
        }
        match ev.kind {
            EvKind::PlaceOrder { choice, chat } => {
                let mut made = 0;
                let mut created = t;
                if chat && let Some(duty) = self.duty_for(t, Role::PreSale) {
                    created = t.plus(-between(&mut self.rng, 10, 120));
                    let vars = self.vars_for(b, choice.product as usize);
                    made = self.converse(b, duty, t, vars, scripts::order_note).1;
                }
                let paid = if chance(&mut self.rng, 0.9) {
                    Some(created.plus(lognormal(&mut self.rng, 120.0, 0.9).clamp(20.0, 3600.0) as i64))
                } else if chance(&mut self.rng, 0.4) {
                    Some(created.plus(between(&mut self.rng, HOUR, 10 * HOUR)))
                } else {
                    None
                };
                self.place_order(b, created, paid, &choice, true);
                made
            }
            EvKind::After { order, kind, chat } => self.after_event(b, t, order, kind, chat),
            EvKind::RefundUrge { refund } => self.urge_event(b, t, refund),
        }
    }

    fn after_event(&mut self, b: u32, t: Ts, order: u32, kind: AfterKind, chat: bool) -> u64 {
        let o = &self.orders[order as usize];
        if kind == AfterKind::Cancel && o.ship_at.is_none_or(|s| s <= t.plus(10 * 60)) {
            return 0;
        }
        // Talk about a line with a real choice of sizes when there is one.
        let first =
            o.lines.iter().find(|l| PRODUCTS[l.product as usize].sizes.len() > 1).unwrap_or(&o.lines[0]);
        let (product, color, size, carrier, lines) = (
            first.product as usize,
            first.color as usize,
            first.size as usize,
            o.carrier as usize,
            o.lines.len(),
        );
        let mut made = 0;
        let mut end = t;
        let mut handler = None;
        let mut angry = false;
        let mut rude = false;
        let res = if chat {
            let to_pre = matches!(kind, AfterKind::Cancel | AfterKind::Invoice) && chance(&mut self.rng, 0.5)
                || chance(&mut self.rng, 0.22);
            let role = if to_pre { Role::PreSale } else { Role::AfterSale };
            let Some(duty) = self.duty_for(t, role) else { return 0 };
            let mut vars = self.vars_for(b, product);
            vars.color = color;
            vars.size = size;
            vars.carrier = carrier;
            let (out, m, e, h, r) = self.converse(b, duty, t, vars, |c| scripts::after_sale(c, kind, lines));
            made = m;
            end = e;
            handler = h;
            angry = out.angry;
            rude = r;
            out.res
        } else {
            match kind {
                AfterKind::Return => Resolution::Refund { full: true, ret: true, comp: 0 },
                AfterKind::Cancel => Resolution::Refund { full: true, ret: false, comp: 0 },
                _ => Resolution::None,
            }
        };
        {
            let o = &mut self.orders[order as usize];
            let rng = &mut self.rng;
            let (dm, issue) = match kind {
                AfterKind::Logistics if chance(rng, 0.35) => (-1, Issue::Logistics),
                AfterKind::ShipUrge if chance(rng, 0.2) => (-1, Issue::Logistics),
                AfterKind::Quality => (-2, Issue::Quality),
                AfterKind::NotAsDescribed => (-2, Issue::Description),
                AfterKind::Missing => (-1, Issue::Missing),
                _ => (0, Issue::None),
            };
            o.mood += dm;
            if issue != Issue::None {
                o.issue = issue;
            }
            if angry {
                o.mood -= 1;
            }
            if rude {
                o.mood -= 2;
                o.issue = Issue::Service;
            }
        }
        if let Resolution::Refund { full, ret, comp } = res {
            let applied = if chat { end.plus(between(&mut self.rng, 120, 3600)) } else { t };
            if applied < self.end {
                self.make_refund(order, kind, applied, full, ret, comp, handler, angry);
            }
        }
        made
    }

    #[allow(clippy::too_many_arguments)]
    fn make_refund(
        &mut self,
        order: u32,
        kind: AfterKind,
        applied: Ts,
        full: bool,
        ret: bool,
        comp: u32,
        handler: Option<u16>,
        angry: bool,
    ) {
        let n_lines = self.orders[order as usize].lines.len();
        let lines: Vec<usize> = match kind {
            AfterKind::Cancel => (0..n_lines).collect(),
            AfterKind::Missing => vec![n_lines - 1],
            _ => vec![index(&mut self.rng, n_lines)],
        };
        if kind == AfterKind::Cancel {
            let o = &mut self.orders[order as usize];
            if o.ship_at.is_none_or(|s| s <= applied) {
                return;
            }
            o.ship_at = None;
            o.deliver_at = None;
            o.complete_at = None;
        }
        let operator = match handler {
            Some(h) if self.env.agents[h as usize].role == Role::AfterSale => h,
            _ if !self.after_agents.is_empty() => {
                self.after_agents[index(&mut self.rng, self.after_agents.len())]
            }
            _ => 0,
        };
        for li in lines {
            let rng = &mut self.rng;
            let line_paid = self.orders[order as usize].lines[li].paid;
            let amount = if full { line_paid } else { (comp as i64 * 100).min(line_paid) };
            let (reason, description, responsible) = reason(rng, kind, full);
            let dispute = match kind {
                AfterKind::Quality | AfterKind::NotAsDescribed => {
                    if angry {
                        0.18
                    } else {
                        0.04
                    }
                }
                AfterKind::Return => 0.015,
                _ => 0.0,
            };
            let flow = if !ret {
                Flow::only_refund(rng, applied)
            } else if chance(rng, dispute) {
                Flow::dispute(rng, applied)
            } else if chance(rng, 0.05) {
                Flow::withdrawn(rng, applied)
            } else {
                Flow::with_return(rng, applied)
            };
            let draft = RefundDraft {
                order,
                line: li as u8,
                applied,
                amount,
                ret,
                reason,
                description,
                responsible,
                operator,
                flow,
                in_sale: false,
            };
            let Some(ix) = commerce::attach_refund(&mut self.rng, &mut self.orders, &mut self.refunds, draft)
            else {
                continue;
            };
            if let Some(returned) = flow.returned
                && flow.success
                && chance(&mut self.rng, 0.25)
            {
                let ts = returned.plus(between(&mut self.rng, 2 * DAY, 3 * DAY + 12 * HOUR));
                if ts < flow.end {
                    let ts = self.env.traffic.daytime_after(&mut self.rng, ts);
                    let buyer = self.orders[order as usize].buyer;
                    self.schedule(ts, buyer, EvKind::RefundUrge { refund: ix });
                }
            }
        }
    }

    fn urge_event(&mut self, b: u32, t: Ts, refund: u32) -> u64 {
        let r = &self.refunds[refund as usize];
        if r.flow.end <= t {
            return 0;
        }
        let order = r.order as usize;
        let line = &self.orders[order].lines[r.line as usize];
        let (product, carrier) = (line.product as usize, self.orders[order].carrier as usize);
        let Some(duty) = self.duty_for(t, Role::AfterSale) else { return 0 };
        let mut vars = self.vars_for(b, product);
        vars.carrier = carrier;
        let (out, made, end, _, rude) =
            self.converse(b, duty, t, vars, |c| scripts::after_sale(c, AfterKind::RefundUrge, 1));
        // The chase works: the refund is processed within hours.
        let sooner = end.plus(between(&mut self.rng, HOUR, 8 * HOUR));
        let r = &mut self.refunds[refund as usize];
        if sooner < r.flow.end {
            r.flow.end = sooner;
        }
        let o = &mut self.orders[order];
        if out.angry {
            o.mood -= 1;
        }
        if rude {
            o.mood -= 2;
            o.issue = Issue::Service;
        }
        made
    }

    fn silent_orders(&mut self, d: usize) {
        let n = (self.chat_orders[d] as f64 * (0.95 + 0.4 * unit(&mut self.rng))).round() as usize;
        for _ in 0..n {
            let b = if !self.silent.is_empty() && chance(&mut self.rng, 0.12) {
                self.silent[index(&mut self.rng, self.silent.len())]
            } else {
                let b = self.new_buyer(false);
                self.silent.push(b);
                b
            };
            let created = self.env.traffic.time_on(&mut self.rng, d);
            let kinds = match index(&mut self.rng, 100) {
                0..=74 => 1,
                75..=94 => 2,
                _ => 3,
            };
            let (_, w) = catalog::body(&mut self.rng);
            let mut lines = Vec::with_capacity(kinds);
            for _ in 0..kinds {
                let mut product = catalog::pick_product(&mut self.rng, &self.products);
                while lines.iter().any(|l: &Line| l.product as usize == product) {
                    product = (product + 1) % PRODUCTS.len();
                }
                let p = &PRODUCTS[product];
                let color = index(&mut self.rng, p.colors.len());
                let size = catalog::advised_size(p, w);
                let qty = if chance(&mut self.rng, 0.08) { 2 } else { 1 };
                lines.push(Line::new(product, color, size, qty));
            }
            let paid = if chance(&mut self.rng, 0.94) {
                Some(created.plus(lognormal(&mut self.rng, 90.0, 0.9).clamp(15.0, 1800.0) as i64))
            } else if chance(&mut self.rng, 0.4) {
                Some(created.plus(between(&mut self.rng, HOUR, 10 * HOUR)))
            } else {
                None
            };
            let sf = chance(&mut self.rng, 0.03);
            self.add_order(b, created, paid, lines, sf, false);
        }
    }
}

/// 买家退款原因, 买家退款说明 and 责任方 for a refund.
fn reason(rng: &mut Rng, kind: AfterKind, full: bool) -> (&'static str, &'static str, &'static str) {
    match kind {
        AfterKind::Cancel => {
            let (r, d) = *pick(
                rng,
                &[
                    ("拍错/多拍/不想要", "拍错了，重新拍"),
                    ("拍错/多拍/不想要", "不想要了"),
                    ("地址/电话信息填写错误", "地址填错了"),
                    ("协商一致退款", "颜色拍错了"),
                ],
            );
            (r, d, "买家")
        }
        AfterKind::Quality if full => {
            let d = *pick(rng, &["起球严重", "开线了", "有污渍", "洗了缩水", "拉链坏了"]);
            ("质量问题", d, "卖家")
        }
        AfterKind::Quality => {
            ("质量问题", *pick(rng, &["协商补偿", "线头多，客服同意补偿", "轻微瑕疵，补偿差价"]), "卖家")
        }
        AfterKind::NotAsDescribed => {
            ("与商品描述不符", *pick(rng, &["色差严重", "面料和描述不一样", "尺码和详情页不符"]), "卖家")
        }
        AfterKind::Missing => ("少件/漏发", "少发了一件", "卖家"),
        _ => {
            let (r, d) = *pick(
                rng,
                &[
                    ("七天无理由退换货", "不喜欢"),
                    ("七天无理由退换货", "穿着效果不好"),
                    ("尺码不合适", "偏大"),
                    ("尺码不合适", "偏小，穿不上"),
                    ("不喜欢/效果不好", "颜色和想象的不一样"),
                ],
            );
            (r, d, "买家")
        }
    }
}
