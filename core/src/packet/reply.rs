//! The agent's reply (回执, `.kefureply`): disputes of reviews and the acknowledgement of the
//! training sheet, made in the agent view and applied to the supervisor's QA work.

use serde::{Deserialize, Serialize};

use super::{
    AgentPacket, PACKET_FORMAT, PacketError, REPLY_EXT, REPLY_KIND, decode_kind, fnv_hex, review_id,
};
use crate::qa::QaWork;
use crate::qa::review::DisputeStatus;
use crate::{Lang, Ts};

/// Why the agent disputes a review (the reason list of the agent view).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisputeReason {
    /// The rule does not apply here (误判).
    Misjudged,
    /// The buyer's behaviour or the context explains the reply.
    BuyerContext,
    /// The score is too harsh for what happened.
    TooHarsh,
    /// A system or network problem (late reply not the agent's fault).
    SystemIssue,
    Other,
}

impl DisputeReason {
    pub const ALL: [DisputeReason; 5] = [
        DisputeReason::Misjudged,
        DisputeReason::BuyerContext,
        DisputeReason::TooHarsh,
        DisputeReason::SystemIssue,
        DisputeReason::Other,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            DisputeReason::Misjudged => lang.pick("误判（规则不适用）", "Misjudged (rule does not apply)"),
            DisputeReason::BuyerContext => lang.pick("买家原因/上下文", "Buyer's behaviour or context"),
            DisputeReason::TooHarsh => lang.pick("扣分过重", "Score too harsh"),
            DisputeReason::SystemIssue => lang.pick("系统或网络问题", "System or network problem"),
            DisputeReason::Other => lang.pick("其他", "Other"),
        }
    }

    /// Stable short name (`misjudged`…), for forms and tests.
    pub fn key(self) -> &'static str {
        match self {
            DisputeReason::Misjudged => "misjudged",
            DisputeReason::BuyerContext => "buyer_context",
            DisputeReason::TooHarsh => "too_harsh",
            DisputeReason::SystemIssue => "system_issue",
            DisputeReason::Other => "other",
        }
    }

    pub fn from_key(key: &str) -> Option<DisputeReason> {
        DisputeReason::ALL.into_iter().find(|r| r.key() == key)
    }
}

/// One disputed review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyDispute {
    /// `PacketReview::id`.
    pub review: String,
    pub reason: DisputeReason,
    pub comment: String,
}

impl ReplyDispute {
    /// The reason as the dispute queue shows it (Chinese label, then the comment).
    pub fn text(&self) -> String {
        let label = self.reason.label(Lang::Zh);
        let c = self.comment.trim();
        if c.is_empty() { label.to_owned() } else { format!("{label}：{c}") }
    }
}

/// The agent confirms having read the training sheet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyAck {
    /// The sheet's title and period, as the packet showed it.
    pub sheet: String,
    /// When (local time text from the agent's computer).
    pub at: String,
}

/// The reply file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AgentReply {
    pub kind: String,
    pub format: u32,
    /// Stable id: the same reply applied twice is recognised by it.
    pub id: String,
    /// `AgentPacket::id` it answers.
    pub packet: String,
    pub agent: String,
    pub made: String,
    pub disputes: Vec<ReplyDispute>,
    pub acks: Vec<ReplyAck>,
}

impl Default for AgentReply {
    fn default() -> Self {
        AgentReply {
            kind: REPLY_KIND.into(),
            format: PACKET_FORMAT,
            id: String::new(),
            packet: String::new(),
            agent: String::new(),
            made: String::new(),
            disputes: Vec::new(),
            acks: Vec::new(),
        }
    }
}

impl AgentReply {
    /// `回执_小美_2026-11-22.kefureply`.
    pub fn file_name(&self) -> String {
        let nick = self.agent.rsplit(':').next().unwrap_or(&self.agent);
        let day = self.made.get(..10).unwrap_or("");
        format!("回执_{}_{day}.{REPLY_EXT}", super::safe_file_part(nick))
    }
}

/// Makes the reply to `packet`. Disputes of reviews the packet does not hold, or cannot be
/// disputed, are left out; so are disputes with neither a comment nor a specific reason.
pub fn make_reply(packet: &AgentPacket, disputes: Vec<ReplyDispute>, ack: bool, made: &str) -> AgentReply {
    let disputes: Vec<ReplyDispute> = disputes
        .into_iter()
        .filter(|d| packet.reviews.iter().any(|r| r.id == d.review && r.disputable))
        .filter(|d| d.reason != DisputeReason::Other || !d.comment.trim().is_empty())
        .map(|d| ReplyDispute { comment: d.comment.trim().to_owned(), ..d })
        .collect();
    let acks: Vec<ReplyAck> = match (&packet.training, ack) {
        (Some(t), true) => {
            vec![ReplyAck { sheet: format!("{} {}", t.title, t.period.zh_range()), at: made.to_owned() }]
        }
        _ => Vec::new(),
    };
    let mut parts: Vec<String> = vec![packet.id.clone(), packet.agent.clone(), made.to_owned()];
    for d in &disputes {
        parts.extend([d.review.clone(), d.reason.key().to_owned(), d.comment.clone()]);
    }
    parts.extend(acks.iter().map(|a| a.sheet.clone()));
    let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
    AgentReply {
        id: fnv_hex(&refs),
        packet: packet.id.clone(),
        agent: packet.agent.clone(),
        made: made.to_owned(),
        disputes,
        acks,
        ..AgentReply::default()
    }
}

pub fn encode_reply(reply: &AgentReply) -> Vec<u8> {
    serde_json::to_vec_pretty(reply).expect("a reply serialises")
}

pub fn decode_reply(bytes: &[u8], file: &str) -> Result<AgentReply, PacketError> {
    if crate::store::is_sealed(bytes) {
        return Err(PacketError::WrongKind { file: file.into(), expected: "回执文件".into() });
    }
    decode_kind(bytes, REPLY_KIND, file, |lang| lang.pick("回执文件", "an agent reply"))
}

/// A reply applied to the workspace (kept in the QA work, so the same reply is applied once).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReplyRecord {
    pub id: String,
    pub packet: String,
    pub agent: String,
    /// When the agent made it, and when it was applied here.
    pub made: String,
    pub applied: Ts,
    /// Disputes added to the queue.
    pub disputes: u32,
    pub acks: Vec<ReplyAck>,
}

impl Default for ReplyRecord {
    fn default() -> Self {
        ReplyRecord {
            id: String::new(),
            packet: String::new(),
            agent: String::new(),
            made: String::new(),
            applied: Ts(0),
            disputes: 0,
            acks: Vec::new(),
        }
    }
}

/// What applying a reply did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyOutcome {
    pub agent: String,
    /// The reply had been applied before: nothing changed.
    pub already: bool,
    /// Disputes added to the queue.
    pub added: u32,
    /// Disputes left out because the review already has that open dispute.
    pub skipped: u32,
    pub acks: u32,
}

/// Applies `reply` to the QA work at time `at`: opens a dispute on each named review and
/// records the reply (with its acknowledgements). All or nothing: a reply naming a review the
/// workspace does not have changes nothing. The same reply applied again changes nothing.
pub fn apply_reply(work: &mut QaWork, reply: &AgentReply, at: Ts) -> Result<ApplyOutcome, PacketError> {
    let mut out = ApplyOutcome { agent: reply.agent.clone(), ..ApplyOutcome::default() };
    if work.replies.iter().any(|r| r.id == reply.id) {
        out.already = true;
        return Ok(out);
    }
    // Find every review first, so nothing changes when one is unknown.
    let mut targets = Vec::with_capacity(reply.disputes.len());
    for d in &reply.disputes {
        let i = work
            .reviews
            .iter()
            .position(|r| r.calibration.is_none() && review_id(&reply.packet, r) == d.review)
            .ok_or_else(|| PacketError::UnknownReview {
                agent: reply.agent.clone(),
                review: d.review.clone(),
            })?;
        targets.push((i, d.text()));
    }
    let mut next = work.clone();
    for (i, text) in targets {
        let r = &mut next.reviews[i];
        let open = r.dispute.as_ref().filter(|d| d.status == DisputeStatus::Open);
        if open.is_some() {
            out.skipped += 1;
            continue;
        }
        match r.open_dispute(&reply.agent, &text, at) {
            Ok(()) => out.added += 1,
            Err(_) => out.skipped += 1,
        }
    }
    out.acks = reply.acks.len() as u32;
    next.replies.push(ReplyRecord {
        id: reply.id.clone(),
        packet: reply.packet.clone(),
        agent: reply.agent.clone(),
        made: reply.made.clone(),
        applied: at,
        disputes: out.added,
        acks: reply.acks.clone(),
    });
    *work = next;
    Ok(out)
}
