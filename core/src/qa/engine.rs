//! The QA engine: splits every thread of a [`ChatLog`] into conversations (sessions), measures
//! them and runs every rule over them, in one pass and without allocating per message.
//!
//! Conventions (domain.md §2, the same as the demo's reception report):
//! - A silence of `session_gap_secs` or more starts a new conversation; that gap is never a
//!   response time.
//! - A *round* starts at the first buyer line not yet answered and ends at the next **human**
//!   agent line (`MsgKind::Agent`). Auto-replies and system lines are neither replies nor
//!   checked by rules; transfers are counted and make the receiving agent responsible.
//! - The conversation's agent is the last human agent who wrote in it, else the last agent it
//!   was transferred to, else none (a buyer left with only auto-replies).
//! - Rule hits on agent lines belong to the line's author; every other hit (buyer risk,
//!   unanswered…) belongs to the conversation's agent.

use crate::Ts;
use crate::model::{ChatLog, ChatMessage, ChatThread, MsgKind, NameId};

use super::rules::{Check, RuleSet, Side};
use super::text::{Folder, ListKind, Matcher, RawHit};

/// Measurements of one conversation.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Metrics {
    pub buyer_msgs: u32,
    /// Human agent lines.
    pub agent_msgs: u32,
    /// Auto-replies (机器人/自动回复) under an agent's account.
    pub auto_msgs: u32,
    pub system_msgs: u32,
    pub transfers: u32,
    /// Seconds from the buyer's first line to the first human reply, when the buyer spoke first.
    pub first_response: Option<u32>,
    /// Sum and number of round response times (seconds).
    pub resp_sum: u64,
    pub resp_n: u32,
    /// Longest round response time (seconds).
    pub longest_gap: u32,
    /// Rounds slower than the rule set's `slow_reply_secs`.
    pub slow_replies: u32,
    /// Buyer lines at the end that no human answered.
    pub unanswered: u32,
    /// Seconds from the first to the last line.
    pub duration: u32,
}

impl Metrics {
    /// 平均响应时间, seconds.
    pub fn avg_response(&self) -> Option<f64> {
        (self.resp_n > 0).then(|| self.resp_sum as f64 / self.resp_n as f64)
    }

    /// 答问比 = human agent lines ÷ buyer lines.
    pub fn answer_ratio(&self) -> Option<f64> {
        (self.buyer_msgs > 0).then(|| self.agent_msgs as f64 / self.buyer_msgs as f64)
    }

    /// Share of the shop's lines that were auto-replies.
    pub fn auto_share(&self) -> Option<f64> {
        let all = self.auto_msgs + self.agent_msgs;
        (all > 0).then(|| self.auto_msgs as f64 / all as f64)
    }
}

/// One conversation (session) of a thread.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Conversation {
    /// Index of the thread in the log.
    pub thread: u32,
    /// Messages `first..end` of the thread.
    pub first: u32,
    pub end: u32,
    pub start: Ts,
    pub stop: Ts,
    /// Responsible agent (see the module doc).
    pub agent: Option<NameId>,
    pub metrics: Metrics,
    /// This conversation's hits: `QaReport::hits[hits.0..hits.1]`, by message then position.
    pub hits: (u32, u32),
    /// Bit `r` set: rule `r` applied to this conversation (otherwise it is N/A here).
    pub applicable: u64,
    /// A buyer-side risk rule (escalation) fired.
    pub risk: bool,
    /// Automatic score in hundredths of a point (filled by scoring; `None` when every category
    /// was N/A or the conversation has no agent).
    pub auto_centi: Option<i32>,
    /// A critical category failed automatically.
    pub critical_failed: bool,
    /// Index of the scorecard used.
    pub scorecard: u16,
}

impl Conversation {
    pub fn auto_score(&self) -> Option<f64> {
        self.auto_centi.map(|c| c as f64 / 100.0)
    }
}

/// One piece of evidence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Hit {
    /// Index into `QaReport::conversations`.
    pub conv: u32,
    /// Index into the rule set's `rules`.
    pub rule: u16,
    /// Message index within the thread (`ChatThread::messages`).
    pub msg: u32,
    /// Byte range of the phrase in the message's original text; `None`: the whole line.
    pub span: Option<(u32, u32)>,
    /// Agent the hit counts against (see the module doc).
    pub agent: Option<NameId>,
}

/// Scratch buffers reused across threads.
#[derive(Default)]
struct Scratch {
    folder: Folder,
    raw: Vec<RawHit>,
    masks: Vec<u64>,
    hits: Vec<Hit>,
    /// Per agent: time of their last human line in the thread.
    last_by: Vec<(NameId, Ts)>,
    seen: Vec<NameId>,
    norm: String,
}

/// The rule set ready to run.
pub struct Engine<'r> {
    pub rules: &'r RuleSet,
    matcher: Matcher,
}

impl<'r> Engine<'r> {
    pub fn new(rules: &'r RuleSet) -> Result<Engine<'r>, super::text::RuleSetError> {
        Ok(Engine { rules, matcher: Matcher::new(rules)? })
    }

    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// Runs over the whole log. `convs` and `hits` are appended to.
    pub fn run(&self, log: &ChatLog, convs: &mut Vec<Conversation>, hits: &mut Vec<Hit>) {
        let mut is_agent = vec![false; log.names.len()];
        for t in &log.threads {
            for m in &t.messages {
                match m.kind {
                    MsgKind::Agent => set(&mut is_agent, m.from),
                    MsgKind::Transfer { to } => {
                        set(&mut is_agent, m.from);
                        set(&mut is_agent, to);
                    }
                    _ => {}
                }
            }
        }
        let mut sc = Scratch::default();
        for (ti, t) in log.threads.iter().enumerate() {
            self.thread(ti as u32, t, &is_agent, &mut sc, convs, hits);
        }
    }

    fn thread(
        &self,
        ti: u32,
        t: &ChatThread,
        is_agent: &[bool],
        sc: &mut Scratch,
        convs: &mut Vec<Conversation>,
        hits: &mut Vec<Hit>,
    ) {
        sc.last_by.clear();
        let gap = self.rules.session_gap_secs.max(1) as i64;
        let msgs = &t.messages;
        let mut a = 0;
        while a < msgs.len() {
            let mut b = a + 1;
            while b < msgs.len() && msgs[b].ts.0 - msgs[b - 1].ts.0 < gap {
                b += 1;
            }
            self.session(ti, msgs, a, b, is_agent, sc, convs, hits);
            for m in &msgs[a..b] {
                if m.kind == MsgKind::Agent {
                    match sc.last_by.iter_mut().find(|(n, _)| *n == m.from) {
                        Some(e) => e.1 = m.ts,
                        None => sc.last_by.push((m.from, m.ts)),
                    }
                }
            }
            a = b;
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn session(
        &self,
        ti: u32,
        all: &[ChatMessage],
        a: usize,
        b: usize,
        is_agent: &[bool],
        sc: &mut Scratch,
        convs: &mut Vec<Conversation>,
        out: &mut Vec<Hit>,
    ) {
        let msgs = &all[a..b];
        let ci = convs.len() as u32;
        let slow = self.rules.slow_reply_secs as i64;
        let mut m = Metrics {
            duration: (msgs[msgs.len() - 1].ts.0 - msgs[0].ts.0).max(0) as u32,
            ..Metrics::default()
        };
        sc.masks.clear();
        sc.hits.clear();
        let mut agent: Option<NameId> = None;
        let mut transfer_to: Option<NameId> = None;
        let mut run_start: Option<Ts> = None;
        let mut agent_spoke = false;
        let mut risk = false;
        let mut last_buyer: [usize; 3] = [usize::MAX; 3];

        for (i, msg) in msgs.iter().enumerate() {
            let mut mask = 0u64;
            match msg.kind {
                MsgKind::Buyer => {
                    m.buyer_msgs += 1;
                    if run_start.is_none() {
                        run_start = Some(msg.ts);
                    }
                    sc.raw.clear();
                    mask = self.matcher.scan(Side::Buyer, &msg.text, &mut sc.folder, &mut sc.raw, &|_| false);
                    for h in &sc.raw {
                        risk |= self.rules.rules[h.rule as usize].is_risk();
                        sc.hits.push(Hit {
                            conv: ci,
                            rule: h.rule,
                            msg: (a + i) as u32,
                            span: Some(h.span),
                            agent: None,
                        });
                    }
                    last_buyer = [i, last_buyer[0], last_buyer[1]];
                }
                MsgKind::Agent => {
                    m.agent_msgs += 1;
                    agent = Some(msg.from);
                    if let Some(rs) = run_start.take() {
                        let g = (msg.ts.0 - rs.0).max(0);
                        m.resp_sum += g as u64;
                        m.resp_n += 1;
                        m.longest_gap = m.longest_gap.max(g as u32);
                        if g > slow {
                            m.slow_replies += 1;
                        }
                        if !agent_spoke {
                            m.first_response = Some(g as u32);
                        }
                    }
                    agent_spoke = true;
                    sc.raw.clear();
                    let norm = &mut sc.norm;
                    let echo = |s: &str| {
                        last_buyer.iter().any(|&j| {
                            j != usize::MAX && {
                                norm.clear();
                                norm.extend(msgs[j].text.chars().map(super::text::fold_char));
                                norm.contains(s)
                            }
                        })
                    };
                    let echo_cell = std::cell::RefCell::new(echo);
                    mask = self.matcher.scan(Side::Agent, &msg.text, &mut sc.folder, &mut sc.raw, &|s| {
                        (echo_cell.borrow_mut())(s)
                    });
                    for h in &sc.raw {
                        sc.hits.push(Hit {
                            conv: ci,
                            rule: h.rule,
                            msg: (a + i) as u32,
                            span: Some(h.span),
                            agent: Some(msg.from),
                        });
                    }
                }
                MsgKind::Auto => m.auto_msgs += 1,
                MsgKind::System => m.system_msgs += 1,
                MsgKind::Transfer { to } => {
                    m.transfers += 1;
                    transfer_to = Some(to);
                }
            }
            sc.masks.push(mask);
        }
        // Unanswered: buyer lines after the last human reply.
        let last_agent = msgs.iter().rposition(|x| x.kind == MsgKind::Agent);
        let tail = last_agent.map_or(0, |p| p + 1);
        m.unanswered = msgs[tail..].iter().filter(|x| x.kind == MsgKind::Buyer).count() as u32;

        let responsible = match (agent, transfer_to) {
            (Some(x), None) => Some(x),
            (None, Some(t)) => Some(t),
            (Some(x), Some(t)) => {
                // The later of the last human line and the last transfer.
                let lt = msgs.iter().rposition(|x| matches!(x.kind, MsgKind::Transfer { .. }));
                if lt > last_agent { Some(t) } else { Some(x) }
            }
            (None, None) => None,
        }
        .filter(|&x| is_agent.get(x as usize).copied().unwrap_or(false));
        for h in sc.hits.iter_mut() {
            if h.agent.is_none() {
                h.agent = responsible;
            }
        }

        let mut applicable = 0u64;
        for (ri, rule) in self.rules.rules.iter().enumerate() {
            if !rule.enabled {
                continue;
            }
            if self.check(ri, &rule.check, ci, all, a, msgs, &m, responsible, is_agent, sc) {
                applicable |= 1u64 << ri;
            }
        }
        sc.hits.sort_by_key(|h| (h.msg, h.span.map_or(0, |s| s.0), h.rule));
        let h0 = out.len() as u32;
        out.extend_from_slice(&sc.hits);
        convs.push(Conversation {
            thread: ti,
            first: a as u32,
            end: b as u32,
            start: msgs[0].ts,
            stop: msgs[msgs.len() - 1].ts,
            agent: responsible,
            metrics: m,
            hits: (h0, out.len() as u32),
            applicable,
            risk,
            auto_centi: None,
            critical_failed: false,
            scorecard: 0,
        });
    }

    /// Runs one non-phrase rule over a conversation, pushing hits; returns whether it applied.
    /// (Index loops: the checks compare each line with its mask and neighbours.)
    #[allow(clippy::too_many_arguments, clippy::needless_range_loop)]
    fn check(
        &self,
        ri: usize,
        check: &Check,
        ci: u32,
        all: &[ChatMessage],
        a: usize,
        msgs: &[ChatMessage],
        m: &Metrics,
        responsible: Option<NameId>,
        is_agent: &[bool],
        sc: &mut Scratch,
    ) -> bool {
        let rule = ri as u16;
        let ph = self.matcher.bit(ri, ListKind::Phrases).map_or(0, |b| 1u64 << b);
        let tr = self.matcher.bit(ri, ListKind::Triggers).map_or(0, |b| 1u64 << b);
        let masks = &sc.masks;
        let is_human = |i: usize| msgs[i].kind == MsgKind::Agent;
        let hit = |msg: usize, span: Option<(u32, u32)>, agent: Option<NameId>| Hit {
            conv: ci,
            rule,
            msg: (a + msg) as u32,
            span,
            agent,
        };
        let mut new: [Option<Hit>; 1] = [None];
        let mut applies = false;
        match *check {
            Check::Phrase { side, .. } => {
                return match side {
                    Side::Agent => m.agent_msgs > 0,
                    Side::Buyer => m.buyer_msgs > 0,
                };
            }
            Check::Greeting { fresh_secs } => {
                sc.seen.clear();
                for i in 0..msgs.len() {
                    let x = &msgs[i];
                    if !is_human(i) || sc.seen.contains(&x.from) {
                        continue;
                    }
                    sc.seen.push(x.from);
                    let recent =
                        sc.last_by.iter().any(|&(n, t)| n == x.from && x.ts.0 - t.0 <= fresh_secs as i64);
                    if recent {
                        continue;
                    }
                    applies = true;
                    if masks[i] & ph == 0 {
                        sc.hits.push(hit(i, None, Some(x.from)));
                    }
                }
            }
            Check::Closing { window } | Check::RatingInvite { window } => {
                let Some(last) = msgs.iter().rposition(|x| x.kind == MsgKind::Agent) else { return false };
                let buyer_done = msgs
                    .iter()
                    .enumerate()
                    .rev()
                    .filter(|(_, x)| x.kind == MsgKind::Buyer)
                    .take(3)
                    .any(|(i, _)| masks[i] & tr != 0);
                if !buyer_done {
                    return false;
                }
                applies = true;
                let ok = (0..msgs.len())
                    .rev()
                    .filter(|&i| is_human(i))
                    .take(window.max(1) as usize)
                    .any(|i| masks[i] & ph != 0);
                if !ok {
                    new[0] = Some(hit(last, None, Some(msgs[last].from)));
                }
            }
            Check::LateNoApology { after_secs, within } => {
                let mut run: Option<Ts> = None;
                for i in 0..msgs.len() {
                    match msgs[i].kind {
                        MsgKind::Buyer if run.is_none() => run = Some(msgs[i].ts),
                        MsgKind::Agent => {
                            if let Some(r) = run.take()
                                && msgs[i].ts.0 - r.0 > after_secs as i64
                            {
                                applies = true;
                                let ok = (i..msgs.len())
                                    .filter(|&j| is_human(j))
                                    .take(within.max(1) as usize)
                                    .any(|j| masks[j] & ph != 0);
                                if !ok {
                                    sc.hits.push(hit(i, None, Some(msgs[i].from)));
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            Check::FollowUp { within_secs } => {
                for i in 0..msgs.len() {
                    if !is_human(i) || masks[i] & ph == 0 {
                        continue;
                    }
                    applies = true;
                    let t = msgs[i].ts.0;
                    // Only lines within the window can answer (keeps long threads linear).
                    let answered = all[a + i + 1..]
                        .iter()
                        .take_while(|x| x.ts.0 - t <= within_secs as i64)
                        .any(|x| x.kind == MsgKind::Agent);
                    if !answered {
                        let bit = self.matcher.bit(ri, ListKind::Phrases).unwrap_or(0);
                        let span = self.matcher.class_span(Side::Agent, &msgs[i].text, bit);
                        sc.hits.push(hit(i, span, Some(msgs[i].from)));
                    }
                }
            }
            Check::SingleChar => {
                for i in 0..msgs.len() {
                    if !is_human(i) {
                        continue;
                    }
                    applies = true;
                    if single_char(&msgs[i].text) {
                        sc.hits.push(hit(i, None, Some(msgs[i].from)));
                    }
                }
            }
            Check::SlowReply => {
                let slow = self.rules.slow_reply_secs as i64;
                let mut run: Option<Ts> = None;
                for i in 0..msgs.len() {
                    match msgs[i].kind {
                        MsgKind::Buyer if run.is_none() => run = Some(msgs[i].ts),
                        MsgKind::Agent => {
                            if let Some(r) = run.take() {
                                applies = true;
                                if msgs[i].ts.0 - r.0 > slow {
                                    sc.hits.push(hit(i, None, Some(msgs[i].from)));
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            Check::Unanswered => {
                if m.buyer_msgs == 0 {
                    return false;
                }
                applies = true;
                let tail = msgs.iter().rposition(|x| x.kind == MsgKind::Agent).map_or(0, |p| p + 1);
                let mut first = None;
                let mut all_done = true;
                for (i, x) in msgs.iter().enumerate().skip(tail) {
                    if x.kind == MsgKind::Buyer {
                        first.get_or_insert(i);
                        all_done &= masks[i] & tr != 0;
                    }
                }
                if let Some(f) = first
                    && !all_done
                {
                    new[0] = Some(hit(f, None, responsible));
                }
            }
            Check::AddressConfirm => {
                let Some(t0) = (0..msgs.len()).find(|&i| masks[i] & tr != 0) else { return false };
                if m.agent_msgs == 0 {
                    return false;
                }
                applies = true;
                let ok = (0..msgs.len()).any(|i| is_human(i) && masks[i] & ph != 0);
                if !ok {
                    let at = (t0..msgs.len()).rev().find(|&i| is_human(i)).unwrap_or(t0);
                    new[0] = Some(hit(at, None, responsible));
                }
            }
            Check::Soothe { within } => {
                let mut armed = true;
                for i in 0..msgs.len() {
                    match msgs[i].kind {
                        MsgKind::Agent => armed = true,
                        MsgKind::Buyer if armed && masks[i] & tr != 0 => {
                            armed = false;
                            applies = true;
                            let replies =
                                (i + 1..msgs.len()).filter(|&j| is_human(j)).take(within.max(1) as usize);
                            let mut first = None;
                            let mut ok = false;
                            for j in replies {
                                first.get_or_insert(j);
                                ok |= masks[j] & ph != 0;
                            }
                            if !ok {
                                let at = first.unwrap_or(i);
                                let who = if first.is_some() { Some(msgs[at].from) } else { responsible };
                                let bit = self.matcher.bit(ri, ListKind::Triggers).unwrap_or(0);
                                let span = if first.is_none() {
                                    self.matcher.class_span(Side::Buyer, &msgs[i].text, bit)
                                } else {
                                    None
                                };
                                sc.hits.push(hit(at, span, who));
                            }
                        }
                        _ => {}
                    }
                }
            }
            Check::TransferNoReply => {
                for i in 0..msgs.len() {
                    let x = &msgs[i];
                    if !matches!(x.kind, MsgKind::Transfer { .. }) {
                        continue;
                    }
                    applies = true;
                    if !is_agent.get(x.from as usize).copied().unwrap_or(false) {
                        continue;
                    }
                    let buyer_waiting = msgs[..i].iter().any(|y| y.kind == MsgKind::Buyer);
                    let replied = msgs[..i].iter().any(|y| y.kind == MsgKind::Agent && y.from == x.from);
                    if buyer_waiting && !replied {
                        sc.hits.push(hit(i, None, Some(x.from)));
                    }
                }
            }
        }
        if let Some(h) = new[0] {
            sc.hits.push(h);
        }
        applies
    }
}

fn set(v: &mut [bool], id: NameId) {
    if let Some(x) = v.get_mut(id as usize) {
        *x = true;
    }
}

/// One character once spaces, punctuation, symbols and emoji are set aside; placeholders such
/// as `[图片]` are not replies of one character.
pub fn single_char(text: &str) -> bool {
    let t = text.trim_matches(|c: char| c.is_ascii_whitespace());
    if t.starts_with('[') && t.ends_with(']') {
        return false;
    }
    let mut n = 0;
    for c in t.chars() {
        // CJK ideographs first: the common case, without a Unicode table look-up.
        if ('\u{4E00}'..='\u{9FFF}').contains(&c)
            || c.is_ascii_alphanumeric()
            || (!c.is_ascii() && c.is_alphanumeric())
        {
            n += 1;
            if n > 1 {
                return false;
            }
        }
    }
    n == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_char_ignores_punctuation_and_placeholders() {
        assert!(single_char("嗯"));
        assert!(single_char(" 好。"));
        assert!(single_char("在~"));
        assert!(!single_char("好的"));
        assert!(!single_char("OK"));
        assert!(!single_char("[图片]"));
        assert!(!single_char("。。"));
    }
}
