//! The conversation builder: writes one conversation of a buyer with the shop into the
//! buyer's thread, timing every line and applying the agent's hidden habits (reply delay,
//! greeting, apology after a slow reply, single-character answers, forgotten follow-ups,
//! rude/off-platform/absolute phrases, closing and rating invitation), auto-replies, offline
//! queueing, hand-overs and the shift limits of the agent on duty.
//!
//! Scripts (`scripts.rs`) say *what* is said; this module decides *when* and *by whom*.

use super::catalog::{PRODUCTS, Product};
use super::dialogue as dl;
use super::names::REGIONS;
use super::team::{Agent, Duty, Profile, Roster};
use super::traffic::Traffic;
use super::util::{Rng, between, chance, index, lognormal, pick, unit};
use chrono::Datelike;

use crate::Ts;
use crate::model::{ChatMessage, MsgKind, NameId, Role};

/// Everything fixed while chats are generated.
pub(crate) struct Env<'a> {
    pub shop: &'a str,
    pub agents: &'a [Agent],
    pub roster: &'a Roster,
    pub traffic: &'a Traffic,
    pub days: usize,
}

/// Per-agent state that lives across conversations.
pub(crate) struct Activity {
    /// Conversations taken so far.
    pub conv_count: Vec<u32>,
    /// An off-platform remark is due at the next opportunity.
    pub off_pending: Vec<bool>,
    /// Last message per agent and duty day (`agent * days + day`), to align clock-outs.
    pub last: Vec<Ts>,
    /// 服务满意度评价 counts per agent and duty day.
    pub ratings: Vec<[u32; 5]>,
}

impl Activity {
    pub fn new(agents: usize, days: usize) -> Activity {
        Activity {
            conv_count: vec![0; agents],
            off_pending: vec![false; agents],
            last: vec![Ts(i64::MIN); agents * days],
            ratings: vec![[0; 5]; agents * days],
        }
    }
}

const COUPONS: &[&str] = &["满199减20", "满299减30", "满399减50"];

/// The particulars a conversation talks about.
#[derive(Clone, Debug)]
pub(crate) struct Vars {
    pub product: usize,
    pub color: usize,
    pub color2: usize,
    pub size: usize,
    pub size2: usize,
    pub h: u32,
    pub w: u32,
    pub cm: u32,
    pub region: usize,
    pub district: usize,
    pub carrier: usize,
    pub n: u32,
    pub n2: u32,
    pub rec: usize,
    pub coupon: usize,
    pub comp: u32,
    pub wx: u32,
}

impl Vars {
    pub fn new(rng: &mut Rng, product: usize, region: usize, district: usize) -> Vars {
        let p = &PRODUCTS[product];
        let (h, w) = super::catalog::body(rng);
        let size = super::catalog::advised_size(p, w);
        let size2 = if size + 1 < p.sizes.len() { size + 1 } else { size.saturating_sub(1) };
        let color = index(rng, p.colors.len());
        let color2 = if p.colors.len() > 1 {
            (color + 1 + index(rng, p.colors.len() - 1)) % p.colors.len()
        } else {
            0
        };
        let mut rec = index(rng, PRODUCTS.len());
        if rec == product {
            rec = (rec + 1) % PRODUCTS.len();
        }
        Vars {
            product,
            color,
            color2,
            size,
            size2,
            h,
            w,
            cm: between(rng, 78, 102) as u32,
            region,
            district,
            carrier: 0,
            n: between(rng, 3, 7) as u32,
            n2: between(rng, 2, 288) as u32,
            rec,
            coupon: index(rng, COUPONS.len()),
            comp: [5, 10, 10, 15, 20, 20, 30][index(rng, 7)],
            wx: between(rng, 10_000, 99_999) as u32,
        }
    }

    pub fn product(&self) -> &'static Product {
        &PRODUCTS[self.product]
    }

    fn put(&self, key: &str, shop: &str, nick: &str, out: &mut String) {
        use std::fmt::Write;
        let p = self.product();
        let r = &REGIONS[self.region % REGIONS.len()];
        // Writing into a String cannot fail.
        let _ = match key {
            "item" => write!(out, "这款{}", p.short),
            "title" => write!(out, "{}", super::catalog::full_title(shop, p)),
            "color" => write!(out, "{}", p.colors[self.color % p.colors.len()]),
            "color2" => write!(out, "{}", p.colors[self.color2 % p.colors.len()]),
            "size" => write!(out, "{}", p.sizes[self.size % p.sizes.len()]),
            "size2" => write!(out, "{}", p.sizes[self.size2 % p.sizes.len()]),
            "h" => write!(out, "{}", self.h),
            "w" => write!(out, "{}", self.w),
            "cm" => write!(out, "{}", self.cm),
            "len" => write!(out, "{}", p.length_cm.max(20) + 2 * self.size as u32),
            "fabric" => write!(out, "{}", p.fabric),
            "city" => write!(out, "{}", r.city),
            "addr" => {
                write!(out, "{}{}{}…", r.province, r.city, r.districts[self.district % r.districts.len()])
            }
            "carrier" => {
                write!(out, "{}", super::catalog::CARRIERS[self.carrier % super::catalog::CARRIERS.len()].0)
            }
            "n" => write!(out, "{}", self.n),
            "n2" => write!(out, "{}", self.n2),
            "price" => write!(out, "{}", p.price / 100),
            "price2" => write!(out, "{}", (p.price * 7 / 1000).max(29)),
            "rec" => write!(out, "{}", PRODUCTS[self.rec].short),
            "coupon" => write!(out, "{}", COUPONS[self.coupon]),
            "comp" => write!(out, "{}", self.comp),
            "wx" => write!(out, "mianyu{}", self.wx),
            "nick" => write!(out, "{nick}"),
            "shop" => write!(out, "{shop}"),
            other => write!(out, "{{{other}}}"),
        };
    }

    /// Fills the placeholders of `tpl`.
    pub fn fill(&self, tpl: &str, shop: &str, nick: &str) -> String {
        if !tpl.contains('{') {
            return tpl.to_owned();
        }
        let mut out = String::with_capacity(tpl.len() + 24);
        let mut rest = tpl;
        while let Some(i) = rest.find('{') {
            out.push_str(&rest[..i]);
            let after = &rest[i + 1..];
            match after.find('}') {
                Some(j) => {
                    self.put(&after[..j], shop, nick, &mut out);
                    rest = &after[j + 1..];
                }
                None => {
                    out.push_str(&rest[i..]);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// One conversation being written.
pub(crate) struct Conv<'a> {
    pub rng: &'a mut Rng,
    env: &'a Env<'a>,
    out: &'a mut Vec<ChatMessage>,
    acts: &'a mut Activity,
    pub vars: Vars,
    buyer: NameId,
    pub duty: Duty,
    /// Time of the last line written (or the start).
    pub t: Ts,
    pub start: Ts,
    buyer_spoke: bool,
    pending: Option<Ts>,
    greeted: bool,
    offline_notice: bool,
    after_offline: bool,
    busy_auto_done: bool,
    /// The agent forgot the buyer for a while and should say sorry.
    owe_apology: bool,
    /// The buyer left or nobody could answer: every further call is ignored.
    pub dead: bool,
    plan_rude: bool,
    plan_abs: bool,
    plan_off: bool,
    pub rude_done: bool,
    abs_done: bool,
    off_done: bool,
    /// Replies later than 120 s.
    pub slow: u32,
    /// A "let me check" was never followed up in time.
    pub missed: bool,
    pub invited: bool,
    pub escalated: bool,
    /// The last human agent who wrote.
    pub last_human: Option<Duty>,
    /// An after-sale conversation (greetings fit the case).
    pub after_sale: bool,
}

impl<'a> Conv<'a> {
    /// Starts a conversation of `buyer` at `start` with the agent of `duty`, writing into
    /// `out` (the buyer's thread). The borrowed pieces are the simulation's own fields.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        env: &'a Env<'a>,
        rng: &'a mut Rng,
        out: &'a mut Vec<ChatMessage>,
        acts: &'a mut Activity,
        buyer: NameId,
        duty: Duty,
        start: Ts,
        vars: Vars,
    ) -> Conv<'a> {
        let mut c = Conv {
            rng,
            env,
            out,
            acts,
            vars,
            buyer,
            duty,
            t: start,
            start,
            buyer_spoke: false,
            pending: None,
            greeted: false,
            offline_notice: false,
            after_offline: false,
            busy_auto_done: false,
            owe_apology: false,
            dead: false,
            plan_rude: false,
            plan_abs: false,
            plan_off: false,
            rude_done: false,
            abs_done: false,
            off_done: false,
            slow: 0,
            missed: false,
            invited: false,
            escalated: false,
            last_human: None,
            after_sale: false,
        };
        c.take_over(duty);
        c
    }

    fn agent_id(&self) -> NameId {
        // Invariant: agents are interned first, so an agent's name id is its index.
        self.duty.agent as NameId
    }

    pub fn agent(&self) -> &'a Agent {
        &self.env.agents[self.duty.agent as usize]
    }

    pub fn profile(&self) -> &'a Profile {
        &self.agent().profile
    }

    pub fn roll(&mut self, p: f64) -> bool {
        chance(self.rng, p)
    }

    fn take_over(&mut self, duty: Duty) {
        self.duty = duty;
        self.greeted = false;
        let a = duty.agent as usize;
        self.acts.conv_count[a] += 1;
        let p = &self.env.agents[a].profile;
        if p.offplatform_at.contains(&self.acts.conv_count[a]) {
            self.acts.off_pending[a] = true;
        }
        self.plan_rude = chance(self.rng, p.rude);
        self.plan_abs = chance(self.rng, p.absolute);
        self.plan_off = chance(self.rng, p.offplatform);
    }

    fn text(&mut self, pool: &[&str]) -> String {
        let mut tpl = *pick(self.rng, pool);
        // Talk of 双11 only in its run-up.
        for _ in 0..4 {
            if !tpl.contains("双11") || self.d11_season() {
                break;
            }
            tpl = *pick(self.rng, pool);
        }
        let nick = self.agent().nick.as_str();
        self.vars.fill(tpl, self.env.shop, nick)
    }

    /// From October to 双11 itself, when buyers and shops talk about it.
    fn d11_season(&self) -> bool {
        let d = self.t.date();
        d.month() == 10 || (d.month() == 11 && d.day() <= 11)
    }

    fn push(&mut self, ts: Ts, from: NameId, kind: MsgKind, text: String) {
        let ts = ts.max(self.t);
        self.out.push(ChatMessage { ts, from, kind, text });
        self.t = ts;
    }

    fn push_agent(&mut self, ts: Ts, kind: MsgKind, text: String) {
        let ts = ts.max(self.t);
        let from = self.agent_id();
        self.push(ts, from, kind, text);
        let slot = self.duty.agent as usize * self.env.days + self.duty.day as usize;
        if let Some(l) = self.acts.last.get_mut(slot) {
            *l = (*l).max(ts);
        }
        if matches!(kind, MsgKind::Agent) {
            self.last_human = Some(self.duty);
        }
    }

    /// A system line now.
    pub fn system(&mut self, text: &str) {
        if self.dead {
            return;
        }
        let from = self.agent_id();
        let t = self.t;
        self.push(t, from, MsgKind::System, text.to_owned());
    }

    /// An automatic message under the agent's account, a second or two from now.
    pub fn auto(&mut self, pool: &[&str]) {
        if self.dead {
            return;
        }
        let text = self.text(pool);
        let from = self.agent_id();
        let ts = self.t.plus(between(self.rng, 1, 3));
        self.push(ts, from, MsgKind::Auto, text);
    }

    fn typing_gap(&mut self) -> i64 {
        (5.0 + lognormal(self.rng, 13.0, 0.75)).min(90.0) as i64
    }

    fn buyer_at(&mut self, ts: Ts, text: String) -> bool {
        if self.dead {
            return false;
        }
        let b = self.buyer;
        self.push(ts, b, MsgKind::Buyer, text);
        self.buyer_spoke = true;
        self.after_offline = false;
        if self.pending.is_none() {
            self.pending = Some(self.t);
        }
        if !self.offline_notice && self.duty.from > self.t.plus(120) {
            self.offline_notice = true;
            self.auto(dl::AUTO_OFFLINE);
        }
        true
    }

    fn next_buyer_time(&mut self) -> Option<Ts> {
        if !self.buyer_spoke {
            return Some(self.t);
        }
        if self.after_offline {
            self.after_offline = false;
            if chance(self.rng, 0.45) {
                self.dead = true;
                return None;
            }
            return Some(self.t.plus(between(self.rng, 300, 3 * 3600)));
        }
        let gap = self.typing_gap();
        Some(self.t.plus(gap))
    }

    /// The buyer writes a line from `pool`.
    pub fn b(&mut self, pool: &[&str]) -> bool {
        if self.dead {
            return false;
        }
        let Some(ts) = self.next_buyer_time() else { return false };
        let text = self.text(pool);
        self.buyer_at(ts, text)
    }

    /// The buyer adds a line right after the previous one.
    pub fn b_quick(&mut self, pool: &[&str]) -> bool {
        if self.dead {
            return false;
        }
        let ts = self.t.plus(between(self.rng, 2, 12));
        let text = self.text(pool);
        self.buyer_at(ts, text)
    }

    /// The buyer writes after `secs` of silence.
    pub fn b_after(&mut self, secs: i64, pool: &[&str]) -> bool {
        if self.dead {
            return false;
        }
        let ts = self.t.plus(secs);
        let text = self.text(pool);
        self.buyer_at(ts, text)
    }

    /// The buyer goes away for a while (the next line starts a new session).
    pub fn away(&mut self, lo: i64, hi: i64) {
        let gap = between(self.rng, lo, hi);
        self.t = self.t.plus(gap);
    }

    fn reply_delay(&mut self) -> i64 {
        let p = self.profile();
        let load = self.env.traffic.load(self.t);
        lognormal(self.rng, p.resp_median * load, p.resp_sigma).clamp(3.0, 1500.0) as i64
    }

    /// Hands the conversation to another agent on duty at `at` (the current one has gone).
    fn reassign(&mut self, at: Ts) -> bool {
        let role = self.agent().role;
        let Some(d) = self.env.roster.find(self.rng, at, role, Some(self.duty.agent)) else { return false };
        self.take_over(d);
        let from = self.agent_id();
        let text = (*pick(self.rng, dl::SYS_REASSIGN)).to_owned();
        let ts = at.plus(-between(self.rng, 1, 20));
        self.push(ts, from, MsgKind::System, text);
        true
    }

    /// The current agent answers with `text` (the core of every agent line).
    pub fn say(&mut self, text: String) -> bool {
        if self.dead {
            return false;
        }
        let mut at = match self.pending {
            Some(p0) => {
                let d = self.reply_delay();
                p0.plus(d).max(self.t.plus(2))
            }
            None => self.t.plus(between(self.rng, 4, 25)),
        };
        if at < self.duty.from {
            // Queued until the agent logs in: an offline message.
            let on = self.duty.from.plus(between(self.rng, 20, 1500));
            let from = self.agent_id();
            let ts = on.plus(-between(self.rng, 1, 15));
            self.push(ts, from, MsgKind::System, dl::SYS_OFFLINE.to_owned());
            at = on;
            self.after_offline = true;
        }
        if at > self.duty.cap {
            if !self.reassign(at) {
                self.dead = true;
                return false;
            }
            at = at.max(self.t.plus(between(self.rng, 5, 40)));
        }
        if let Some(p0) = self.pending
            && !self.busy_auto_done
            && at.0 - p0.0 > 45
            && self.env.traffic.is_peak(p0)
            && chance(self.rng, 0.6)
        {
            self.busy_auto_done = true;
            let text = self.text(dl::AUTO_BUSY);
            let from = self.agent_id();
            let ts = p0.plus(between(self.rng, 1, 4)).max(self.t.plus(1));
            if ts < at {
                self.push(ts, from, MsgKind::Auto, text);
            }
        }
        let waited = self.pending.map_or(0, |p0| at.0 - p0.0);
        if (120..600).contains(&waited) {
            self.slow += 1;
        }
        let p = self.profile();
        if !self.greeted {
            self.greeted = true;
            if chance(self.rng, p.greet) {
                let pool = self.greet_pool();
                let g = self.text(pool);
                self.push_agent(at, MsgKind::Agent, g);
                at = at.plus(between(self.rng, 2, 8));
            }
        }
        let mut text = text;
        if (waited > 180 || self.owe_apology) && chance(self.rng, p.apology) {
            let sorry = self.text(dl::A_APOLOGY);
            if chance(self.rng, 0.5) {
                self.push_agent(at, MsgKind::Agent, sorry);
                at = at.plus(between(self.rng, 2, 10));
            } else {
                text = format!("{}，{text}", sorry.trim_end_matches('~'));
            }
        }
        self.push_agent(at, MsgKind::Agent, text);
        self.pending = None;
        self.owe_apology = false;
        true
    }

    fn greet_pool(&mut self) -> &'static [&'static str] {
        if self.after_sale {
            if self.agent().role == Role::AfterSale && chance(self.rng, 0.6) {
                dl::A_GREET_AFTER
            } else {
                dl::A_GREET
            }
        } else if chance(self.rng, 0.2) {
            dl::A_GREET_PRE
        } else {
            dl::A_GREET
        }
    }

    /// The buyer asks one question of `table`; returns the answers that fit it and the
    /// careless one-character answer (`""`: none), or `None` when the conversation is over.
    pub fn ask(&mut self, table: &[dl::Qa]) -> Option<(&'static [&'static str], &'static str)> {
        if self.dead {
            return None;
        }
        let mut qa = *pick(self.rng, table);
        for _ in 0..4 {
            if !qa.0.contains("双11") || self.d11_season() {
                break;
            }
            qa = *pick(self.rng, table);
        }
        let (q, answers, short) = qa;
        self.b(std::slice::from_ref(&q)).then_some((answers, short))
    }

    /// Answers with a line of `answers`, or with `short` if the agent is careless.
    pub fn reply(&mut self, answers: &[&str], short: &str) -> bool {
        if short.is_empty() { self.a(answers) } else { self.a_short(answers, short) }
    }

    /// A question of `table` and its answer.
    pub fn qa(&mut self, table: &[dl::Qa]) -> bool {
        match self.ask(table) {
            Some((answers, short)) => self.reply(answers, short),
            None => false,
        }
    }

    /// The agent answers with a line from `pool`.
    pub fn a(&mut self, pool: &[&str]) -> bool {
        if self.dead {
            return false;
        }
        let text = self.text(pool);
        self.say(text)
    }

    /// A yes/no answer that a careless agent gives as a single character (`short`).
    pub fn a_short(&mut self, pool: &[&str], short: &str) -> bool {
        if self.dead {
            return false;
        }
        let single = self.profile().single_char;
        if chance(self.rng, single) { self.say(short.to_owned()) } else { self.a(pool) }
    }

    /// The first answer to a bare "在吗": a greeting for agents who greet, a curt "在的" for
    /// the others.
    pub fn a_hello(&mut self) -> bool {
        if self.dead {
            return false;
        }
        let greet = self.profile().greet;
        if !self.greeted && chance(self.rng, greet) {
            self.greeted = true;
            let pool = self.greet_pool();
            self.a(pool)
        } else {
            self.greeted = true;
            let single = self.profile().single_char;
            if chance(self.rng, single * 2.0) { self.say("在".to_owned()) } else { self.a(dl::A_HERE) }
        }
    }

    /// The agent writes again without waiting for the buyer.
    pub fn a_more(&mut self, pool: &[&str]) -> bool {
        if self.dead {
            return false;
        }
        let at = self.t.plus(between(self.rng, 3, 20));
        if at > self.duty.cap {
            return false;
        }
        let text = self.text(pool);
        self.push_agent(at, MsgKind::Agent, text);
        true
    }

    /// The agent writes first after `secs` of silence (催付, a follow-up). False when the agent
    /// is no longer on duty by then.
    pub fn a_after(&mut self, secs: i64, pool: &[&str]) -> bool {
        if self.dead {
            return false;
        }
        let at = self.t.plus(secs);
        if at > self.duty.cap || at < self.duty.from {
            return false;
        }
        let text = self.text(pool);
        self.push_agent(at, MsgKind::Agent, text);
        self.pending = None;
        true
    }

    /// "我帮您查一下" followed by the result — or, for an unreliable agent, by nothing until
    /// the buyer asks again (漏跟进).
    pub fn check(&mut self, ask: &[&str], result: &[&str]) -> bool {
        if !self.a(ask) {
            return false;
        }
        let follow = self.profile().follow_up;
        if chance(self.rng, follow) {
            let gap = lognormal(self.rng, 75.0, 0.6).clamp(15.0, 480.0) as i64;
            return self.a_after(gap, result);
        }
        self.missed = true;
        let gap = between(self.rng, 16 * 60, 40 * 60);
        if !self.b_after(gap, dl::B_NUDGE) {
            return false;
        }
        if chance(self.rng, 0.25) {
            // Never answered.
            self.dead = true;
            return false;
        }
        self.owe_apology = true;
        self.a(result)
    }

    /// Hands over to an agent of `role`, if one is on duty: the current agent says so, then a
    /// transfer line. False (nothing written) when nobody of that role is available.
    pub fn transfer(&mut self, role: Role) -> bool {
        if self.dead {
            return false;
        }
        let probe = self.t.plus(90);
        let Some(d) = self.env.roster.find(self.rng, probe, role, Some(self.duty.agent)) else {
            return false;
        };
        if self.env.agents[d.agent as usize].role != role || d.cap < probe.plus(1800) {
            return false;
        }
        if !self.a(dl::A_HANDOVER) {
            return false;
        }
        let ts = self.t.plus(between(self.rng, 3, 15));
        let to = &self.env.agents[d.agent as usize].account;
        let text = format!("售后问题转交给 {to}");
        self.push_agent(ts, MsgKind::Transfer { to: d.agent as NameId }, text);
        self.take_over(d);
        self.pending = Some(self.t);
        true
    }

    pub fn take_rude(&mut self) -> bool {
        if self.plan_rude && !self.rude_done && !self.dead {
            self.rude_done = true;
            true
        } else {
            false
        }
    }

    pub fn take_absolute(&mut self) -> bool {
        if self.plan_abs && !self.abs_done && !self.dead {
            self.abs_done = true;
            true
        } else {
            false
        }
    }

    pub fn take_offplatform(&mut self) -> bool {
        if self.off_done || self.dead {
            return false;
        }
        let a = self.duty.agent as usize;
        if self.plan_off || self.acts.off_pending[a] {
            self.plan_off = false;
            self.acts.off_pending[a] = false;
            self.off_done = true;
            true
        } else {
            false
        }
    }

    /// The end of a conversation: the buyer's thanks (optional), the agent's farewell and
    /// rating invitation as the agent's habits dictate.
    pub fn close(&mut self, thanks: bool) {
        if self.dead {
            return;
        }
        if thanks && !self.b(dl::B_THANKS) {
            return;
        }
        let p = self.profile();
        let invite = if self.rude_done { 0.0 } else { p.invite };
        if chance(self.rng, p.farewell) {
            if self.a(dl::A_FAREWELL) && chance(self.rng, invite) {
                self.invited = self.a_more(dl::A_INVITE);
            }
        } else if thanks && chance(self.rng, 0.5) {
            self.a(dl::A_COLD_END);
        } else if chance(self.rng, invite * 0.4) {
            self.invited = self.a(dl::A_INVITE);
        }
    }

    /// Records the buyer's 服务满意度评价, if they give one, for the last human agent.
    pub fn finish(self) {
        let Some(duty) = self.last_human else { return };
        let p = &self.env.agents[duty.agent as usize].profile;
        if !chance(self.rng, 0.16 + if self.invited { 0.34 } else { 0.0 }) {
            return;
        }
        let mut q = p.quality;
        if self.rude_done {
            q -= 0.5;
        }
        if self.slow > 0 {
            q -= 0.12;
        }
        if self.missed {
            q -= 0.15;
        }
        if self.escalated {
            q -= 0.25;
        }
        let q = q.clamp(0.02, 0.98);
        let w = [0.72 * q, 0.22, 0.5 * (1.0 - q), 0.3 * (1.0 - q), 0.2 * (1.0 - q)];
        let total: f64 = w.iter().sum();
        let mut x = unit(self.rng) * total;
        let mut k = 4;
        for (i, wi) in w.iter().enumerate() {
            if x < *wi {
                k = i;
                break;
            }
            x -= wi;
        }
        let slot = duty.agent as usize * self.env.days + duty.day as usize;
        if let Some(r) = self.acts.ratings.get_mut(slot) {
            r[k] += 1;
        }
    }
}
