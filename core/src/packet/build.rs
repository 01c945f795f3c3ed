//! Building packets: pick one agent's records out of the workspace inputs, mask buyers, then
//! scrub every text of the packet for every other agent's sub-account, nick and real name.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use aho_corasick::{AhoCorasick, MatchKind};
use serde::{Deserialize, Serialize};

use super::{
    AgentPacket, KpiLine, PACKET_FORMAT, PACKET_KIND, PacketConversation, PacketError, PacketLine,
    PacketReview, PacketValue, ScheduleDay, fnv_hex,
};
use crate::Lang;
use crate::kpi::appraisal::Ranking;
use crate::kpi::{KpiTable, Scope};
use crate::model::{ChatLog, MsgKind, NameId, Period, Staff};
use crate::privacy::mask_nick;
use crate::qa::review::DisputeStatus;
use crate::qa::{ConvKey, QaConfig, QaReport, QaWork, Review};
use crate::roster::model::OFF;
use crate::roster::work::RosterWork;
use crate::training::excerpt::Speaker;
use crate::training::mask::mask_text;
use crate::training::scripts::ScriptLibrary;
use crate::training::sheet::{SheetParams, training_sheet};

/// What packets are made from (the worker fills it from the cached workspace and user work).
pub struct PacketInput<'a> {
    pub log: &'a ChatLog,
    pub staff: &'a [Staff],
    /// The QA run made with `config`.
    pub report: &'a QaReport,
    pub config: &'a QaConfig,
    pub qa: &'a QaWork,
    /// KPI table by agent over `period`; `None`: no KPIs in the packets.
    pub kpis: Option<&'a KpiTable>,
    /// The appraisal of the period's month; `None`: no appraisal sheets.
    pub ranking: Option<&'a Ranking>,
    pub library: &'a ScriptLibrary,
    /// Printed on the training sheet's signature line.
    pub supervisor: &'a str,
    /// The saved roster is read from it (`None`: no schedules).
    pub roster: Option<&'a RosterWork>,
    pub period: Option<Period>,
    /// When the packets are made (local time text, e.g. `2026-11-22 10:30:00`).
    pub made: &'a str,
    pub lang: Lang,
}

/// An agent packets can be made for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentChoice {
    /// Sub-account (`店铺:小美`), or the name as the chats write it when there is no staff list.
    pub account: String,
    /// Real name when the staff list knows it.
    pub name: String,
}

fn nick_of(account: &str) -> &str {
    account.split_once(':').map_or(account, |(_, n)| n)
}

/// Names that write agent lines (agent, auto-reply, transfer) in `log`.
fn agent_names(log: &ChatLog) -> BTreeSet<NameId> {
    let mut set = BTreeSet::new();
    for t in &log.threads {
        for m in &t.messages {
            match m.kind {
                MsgKind::Agent | MsgKind::Auto => {
                    set.insert(m.from);
                }
                MsgKind::Transfer { to } => {
                    set.insert(m.from);
                    set.insert(to);
                }
                MsgKind::Buyer | MsgKind::System => {}
            }
        }
    }
    set
}

/// Every agent of the workspace: the staff list, plus agents of the chats it does not list.
pub fn agents_of(log: &ChatLog, staff: &[Staff]) -> Vec<AgentChoice> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for s in staff {
        out.insert(s.account.clone(), s.name.clone());
    }
    for id in agent_names(log) {
        let n = log.name(id);
        let listed = out.contains_key(n) || out.keys().any(|a| nick_of(a) == n);
        if !listed && !n.trim().is_empty() {
            out.insert(n.to_owned(), String::new());
        }
    }
    out.into_iter().map(|(account, name)| AgentChoice { account, name }).collect()
}

/// The opaque id of `review` in packet `packet`: replies name reviews by it. It does not show
/// the buyer; it changes with the packet, so an id from one packet means nothing in another.
pub fn review_id(packet: &str, review: &Review) -> String {
    let k = &review.conv;
    fnv_hex(&[packet, &k.shop, &k.buyer, &k.start.0.to_string(), &review.reviewer])
}

/// Makes one packet per agent in `agents` (sub-accounts as [`agents_of`] lists them).
pub fn build_packets(input: &PacketInput<'_>, agents: &[String]) -> Result<Vec<AgentPacket>, PacketError> {
    let all = agents_of(input.log, input.staff);
    if all.is_empty() {
        return Err(PacketError::Empty);
    }
    let index: HashMap<ConvKey, usize> = input.report.index(input.log);
    let agent_ids = agent_names(input.log);
    agents
        .iter()
        .map(|a| {
            let me = all
                .iter()
                .find(|c| &c.account == a)
                .ok_or_else(|| PacketError::UnknownAgent { agent: a.clone() })?;
            let packet = build_one(input, me, &index);
            Ok(scrub_packet(packet, me, &all, input.log, &agent_ids))
        })
        .collect()
}

/// The log's name ids of an agent: the sub-account itself, or the bare nick.
fn ids_of(log: &ChatLog, account: &str) -> Vec<NameId> {
    let nick = nick_of(account);
    log.names
        .iter()
        .enumerate()
        .filter(|(_, n)| n.as_str() == account || n.as_str() == nick)
        .map(|(i, _)| i as NameId)
        .collect()
}

fn build_one(input: &PacketInput<'_>, me: &AgentChoice, index: &HashMap<ConvKey, usize>) -> AgentPacket {
    let lang = input.lang;
    let account = me.account.as_str();
    let period_text = input.period.map(|p| format!("{}..{}", p.from, p.to)).unwrap_or_default();
    let id = fnv_hex(&[input.made, account, &period_text]);
    let ids = ids_of(input.log, account);

    let kpis = input
        .kpis
        .and_then(|t| t.rows.iter().find(|r| r.scope == Scope::Agent(account.to_owned())))
        .map(|row| {
            row.figures
                .iter()
                .map(|f| KpiLine {
                    label: f.kpi.name(lang).to_owned(),
                    value: f.display(lang),
                    provisional: f.provisional,
                    help: f.kpi.help(lang).line,
                })
                .collect()
        })
        .unwrap_or_default();

    let appraisal = input.ranking.and_then(|r| r.sheets.iter().find(|s| s.agent == account)).cloned();

    let mut reviews: Vec<PacketReview> = input
        .qa
        .reviews
        .iter()
        .filter(|r| r.calibration.is_none())
        .filter_map(|r| {
            let &conv = index.get(&r.conv)?;
            let c = input.report.conversations.get(conv)?;
            c.agent.filter(|a| ids.contains(a))?;
            Some(packet_review(input, &id, r, conv, &ids))
        })
        .collect();
    reviews.sort_by(|a, b| (a.conversation.start, &a.id).cmp(&(b.conversation.start, &b.id)));

    let training = input.period.and_then(|period| {
        let params =
            SheetParams { period, supervisor: input.supervisor.to_owned(), ..SheetParams::default() };
        training_sheet(
            account,
            input.log,
            input.report,
            input.config,
            input.library,
            appraisal.as_ref(),
            &params,
            lang,
        )
        .ok()
        .map(|mut sheet| {
            // Excerpt keys hold the buyer's real nick: keep only the masked form.
            for f in &mut sheet.focus {
                for e in &mut f.excerpts {
                    e.key.buyer = mask_nick(&e.key.buyer);
                    for l in &mut e.lines {
                        if l.speaker == Speaker::Other {
                            l.who = lang.pick("其他", "Other").into();
                        }
                    }
                }
            }
            sheet
        })
    });

    AgentPacket {
        kind: PACKET_KIND.into(),
        format: PACKET_FORMAT,
        id,
        made: input.made.to_owned(),
        lang,
        agent: account.to_owned(),
        name: me.name.clone(),
        period: input.period,
        kpis,
        appraisal,
        reviews,
        training,
        schedule: input.roster.map(|w| schedule_of(w, account)).unwrap_or_default(),
    }
}

fn given_text(given: Option<u8>, points: u8) -> String {
    given.map_or_else(|| "N/A".to_owned(), |g| format!("{g} / {points}"))
}

fn packet_review(
    input: &PacketInput<'_>,
    packet: &str,
    r: &Review,
    conv: usize,
    ids: &[NameId],
) -> PacketReview {
    let lang = input.lang;
    let card = input.config.scorecards.cards.iter().find(|c| c.id == r.scorecard);
    let values = r
        .values
        .iter()
        .map(|v| {
            let cat = card.and_then(|c| c.categories.iter().find(|x| x.id == v.category));
            let points = cat.map_or(5, |c| c.points);
            PacketValue {
                category: cat.map_or_else(|| v.category.clone(), |c| c.label(lang).to_owned()),
                given: given_text(v.given, points),
                auto: given_text(v.auto, points),
                overridden: v.overridden(),
                comment: v.comment.clone(),
            }
        })
        .collect();
    let dispute = r.dispute.as_ref().map(|d| match &d.status {
        DisputeStatus::Open => format!("{}{}", lang.pick("申诉中：", "Disputed: "), d.reason),
        DisputeStatus::Resolved { note, changed, .. } => format!(
            "{}{}{}",
            if *changed {
                lang.pick("申诉已接受，已改分", "Dispute accepted, rescored")
            } else {
                lang.pick("申诉已驳回", "Dispute rejected")
            },
            if note.is_empty() { "" } else { lang.pick("：", ": ") },
            note
        ),
    });
    let disputable = !matches!(r.dispute.as_ref().map(|d| &d.status), Some(DisputeStatus::Open));
    PacketReview {
        id: review_id(packet, r),
        reviewer: r.reviewer.clone(),
        at: Some(r.at),
        scorecard: card.map_or_else(|| r.scorecard.clone(), |c| c.label(lang).to_owned()),
        score: card.and_then(|c| r.score(c).score),
        values,
        comment: r.comment.clone(),
        dispute,
        disputable,
        conversation: conversation(input, conv, ids),
    }
}

fn conversation(input: &PacketInput<'_>, conv: usize, ids: &[NameId]) -> PacketConversation {
    let lang = input.lang;
    let (log, report) = (input.log, input.report);
    let Some(c) = report.conversations.get(conv) else { return PacketConversation::default() };
    let Some(t) = log.threads.get(c.thread as usize) else { return PacketConversation::default() };
    let buyer = log.name(t.buyer);
    let hits = report.hits_of(conv);
    let lines = (c.first..c.end)
        .filter_map(|i| {
            let m = t.messages.get(i as usize)?;
            let own = matches!(m.kind, MsgKind::Agent | MsgKind::Auto) && ids.contains(&m.from);
            let speaker = match m.kind {
                MsgKind::Buyer => Speaker::Buyer,
                _ if own => Speaker::Agent,
                _ => Speaker::Other,
            };
            let text = match m.kind {
                MsgKind::Buyer | MsgKind::System => mask_text(&m.text, &[buyer]),
                _ if own => mask_text(&m.text, &[buyer]),
                MsgKind::Transfer { .. } => {
                    lang.pick("（会话转接）", "(conversation transferred)").to_owned()
                }
                _ => lang.pick("（其他客服的消息，已隐去）", "(a colleague's message, withheld)").to_owned(),
            };
            let flags = hits
                .iter()
                .filter(|h| h.msg == i)
                .filter_map(|h| input.config.rules.rules.get(h.rule as usize))
                .map(|r| r.label(lang).to_owned())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            Some(PacketLine { ts: m.ts, speaker, own, text, flags })
        })
        .collect();
    PacketConversation {
        shop: t.shop.clone(),
        buyer: mask_nick(buyer),
        start: Some(c.start),
        auto_score: c.auto_score(),
        lines,
    }
}

fn hhmm(min: u32) -> String {
    let m = min % 1440;
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// The agent's row of the saved roster, with each shift's hours from the templates.
fn schedule_of(work: &RosterWork, account: &str) -> Vec<ScheduleDay> {
    let Some(saved) = &work.roster else { return Vec::new() };
    let (Some(start), Some(row)) = (saved.start, saved.agents.iter().position(|a| a == account)) else {
        return Vec::new();
    };
    let days = saved.days as usize;
    (0..days)
        .filter_map(|d| {
            let cell = *saved.cells.get(row * days + d)?;
            let date = start + chrono::Duration::days(d as i64);
            if cell == OFF {
                return Some(ScheduleDay { date, shift: String::new(), hours: String::new() });
            }
            let shift = saved.types.get(cell as usize)?.clone();
            let code = shift.split('-').next().unwrap_or(&shift);
            let hours = work
                .templates
                .iter()
                .find(|t| t.code == code)
                .map(|t| format!("{}–{}", hhmm(t.start), hhmm(t.start + t.length)))
                .unwrap_or_default();
            Some(ScheduleDay { date, shift, hours })
        })
        .collect()
}

/// Every other agent's sub-account, nick and real name, except those inside one of `me`'s own
/// identifiers (they cannot be told apart from the agent's own name).
pub(crate) fn others_identifiers(
    me: &AgentChoice,
    all: &[AgentChoice],
    log: &ChatLog,
    agent_ids: &BTreeSet<NameId>,
) -> (Vec<String>, Vec<String>) {
    let own: Vec<String> = [me.account.as_str(), nick_of(&me.account), me.name.as_str()]
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .map(str::to_owned)
        .collect();
    let mut others: BTreeSet<String> = BTreeSet::new();
    let mut add = |s: &str| {
        let s = s.trim();
        if s.chars().count() >= 2 && !own.iter().any(|o| o.contains(s)) {
            others.insert(s.to_owned());
        }
    };
    for c in all.iter().filter(|c| c.account != me.account) {
        add(&c.account);
        add(nick_of(&c.account));
        add(&c.name);
    }
    let my_ids = ids_of(log, &me.account);
    for &id in agent_ids.iter().filter(|id| !my_ids.contains(id)) {
        let n = log.name(id);
        add(n);
        add(nick_of(n));
    }
    (own, others.into_iter().collect())
}

/// Replaces every other agent's identifier in every text of the packet with `**`.
fn scrub_packet(
    packet: AgentPacket,
    me: &AgentChoice,
    all: &[AgentChoice],
    log: &ChatLog,
    agent_ids: &BTreeSet<NameId>,
) -> AgentPacket {
    let (own, others) = others_identifiers(me, all, log, agent_ids);
    if others.is_empty() {
        return packet;
    }
    // Own identifiers are patterns too, so leftmost-longest keeps the agent's own longer name
    // whole where a colleague's shorter nick sits inside it.
    let patterns: Vec<&str> = others.iter().chain(own.iter()).map(String::as_str).collect();
    let Ok(ac) = AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&patterns) else {
        return packet;
    };
    let n_others = others.len();
    let Ok(mut value) = serde_json::to_value(&packet) else { return packet };
    scrub_value(&mut value, &ac, n_others);
    serde_json::from_value(value).unwrap_or(packet)
}

fn scrub_value(v: &mut serde_json::Value, ac: &AhoCorasick, n_others: usize) {
    match v {
        serde_json::Value::String(s)
            if ac.find_iter(s.as_str()).any(|m| m.pattern().as_usize() < n_others) =>
        {
            let mut out = String::with_capacity(s.len());
            let mut at = 0;
            for m in ac.find_iter(s.as_str()) {
                out.push_str(&s[at..m.start()]);
                if m.pattern().as_usize() < n_others {
                    out.push_str("**");
                } else {
                    out.push_str(&s[m.start()..m.end()]);
                }
                at = m.end();
            }
            out.push_str(&s[at..]);
            *s = out;
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(|x| scrub_value(x, ac, n_others)),
        serde_json::Value::Object(o) => o.values_mut().for_each(|x| scrub_value(x, ac, n_others)),
        _ => {}
    }
}
