//! Agent packets (个人绩效包) and agent replies: how the supervisor shares one agent's results
//! with that agent without accounts or a server.
//!
//! A packet ([`AgentPacket`], file `.kefupack`) holds **only one agent's data**: their KPIs for
//! the period, their appraisal sheet, the human QA reviews of their own conversations (with the
//! conversation, buyer data masked), their training sheet and their personal schedule. The
//! builder ([`build_packets`]) finally scrubs every text of the packet for the names, nicks and
//! sub-accounts of every other agent, so a transferred conversation or a comment that names a
//! colleague cannot leak them (property-tested over random demo workspaces). Buyers appear only
//! masked, and reviews are named by an opaque id ([`review_id`]), never by their key (which
//! holds the buyer's nick).
//!
//! A packet may be protected with a passphrase by [`store::seal`](crate::store::seal)
//! (Argon2id + XChaCha20-Poly1305); [`open_packet`] tells a sealed file from a plain one.
//!
//! In the agent view the agent disputes reviews and acknowledges the training sheet; that makes
//! an [`AgentReply`] (file `.kefureply`), which the supervisor's workspace applies to the QA
//! work ([`apply_reply`]): the disputes join the dispute queue, the acknowledgement is recorded,
//! and applying the same reply again changes nothing.

use serde::{Deserialize, Serialize};

use crate::kpi::appraisal::Sheet as AppraisalSheet;
use crate::lang::Localize;
use crate::model::Period;
use crate::store::{self as seal, KdfParams, SEAL_RANDOM_LEN, SealError};
use crate::training::excerpt::Speaker;
use crate::training::sheet::TrainingSheet;
use crate::{Lang, Ts};

mod build;
mod reply;

pub use build::{AgentChoice, PacketInput, agents_of, build_packets, review_id};
pub use reply::{
    AgentReply, ApplyOutcome, DisputeReason, ReplyAck, ReplyDispute, ReplyRecord, apply_reply, decode_reply,
    encode_reply, make_reply,
};

/// File extension of a packet (without the dot).
pub const PACKET_EXT: &str = "kefupack";
/// File extension of a reply (without the dot).
pub const REPLY_EXT: &str = "kefureply";
/// The `kind` field of a packet.
pub const PACKET_KIND: &str = "kefu-agent-packet";
/// The `kind` field of a reply.
pub const REPLY_KIND: &str = "kefu-agent-reply";
/// The packet and reply format this build writes and reads.
pub const PACKET_FORMAT: u32 = 1;

/// One KPI of the agent over the packet's period.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct KpiLine {
    pub label: String,
    /// As people read it (`—` when not computable, `*` when provisional).
    pub value: String,
    pub provisional: bool,
    /// One-line help.
    pub help: String,
}

/// Who wrote a line of a packet conversation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PacketLine {
    pub ts: Ts,
    pub speaker: Speaker,
    /// The agent's own lines: `true`; lines by colleagues or the system show as `Other`.
    pub own: bool,
    /// Masked: phones, addresses and the buyer's nick; colleagues' lines are withheld.
    pub text: String,
    /// QA rules that flagged this line (labels).
    pub flags: Vec<String>,
}

/// A conversation of the agent as the packet shows it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PacketConversation {
    pub shop: String,
    /// Masked nick.
    pub buyer: String,
    pub start: Option<Ts>,
    pub auto_score: Option<f64>,
    pub lines: Vec<PacketLine>,
}

/// One category of a review.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PacketValue {
    pub category: String,
    /// `3 / 5`, `N/A`.
    pub given: String,
    pub auto: String,
    pub overridden: bool,
    pub comment: String,
}

/// A human review of one of the agent's conversations.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PacketReview {
    /// Opaque id ([`review_id`]); replies name the review by it.
    pub id: String,
    pub reviewer: String,
    pub at: Option<Ts>,
    pub scorecard: String,
    pub score: Option<f64>,
    pub values: Vec<PacketValue>,
    pub comment: String,
    /// The dispute already on file, in words (`None`: none).
    pub dispute: Option<String>,
    /// Whether the review can still be disputed (no open dispute).
    pub disputable: bool,
    pub conversation: PacketConversation,
}

/// One day of the agent's schedule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScheduleDay {
    pub date: chrono::NaiveDate,
    /// Shift code (`早-售前`), or empty for a day off.
    pub shift: String,
    /// `09:00–18:00`, empty for a day off.
    pub hours: String,
}

/// Everything one agent may see of the workspace.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AgentPacket {
    pub kind: String,
    pub format: u32,
    /// Stable id of this packet (replies refer to it).
    pub id: String,
    /// When it was made (local time text, passed in).
    pub made: String,
    pub lang: Lang,
    /// The agent's sub-account (`店铺:小美`) and real name.
    pub agent: String,
    pub name: String,
    pub period: Option<Period>,
    pub kpis: Vec<KpiLine>,
    pub appraisal: Option<AppraisalSheet>,
    pub reviews: Vec<PacketReview>,
    pub training: Option<TrainingSheet>,
    pub schedule: Vec<ScheduleDay>,
}

impl Default for AgentPacket {
    fn default() -> Self {
        AgentPacket {
            kind: PACKET_KIND.into(),
            format: PACKET_FORMAT,
            id: String::new(),
            made: String::new(),
            lang: Lang::Zh,
            agent: String::new(),
            name: String::new(),
            period: None,
            kpis: Vec::new(),
            appraisal: None,
            reviews: Vec::new(),
            training: None,
            schedule: Vec::new(),
        }
    }
}

impl AgentPacket {
    /// The file name to offer: `绩效包_小美_2026-11-22.kefupack` (the nick, not the shop).
    pub fn file_name(&self) -> String {
        let nick = self.agent.rsplit(':').next().unwrap_or(&self.agent);
        let day = self.made.get(..10).unwrap_or("");
        format!("绩效包_{}_{day}.{PACKET_EXT}", safe_file_part(nick))
    }
}

/// A file-name-safe version of `s` (no path separators or reserved characters).
pub(crate) fn safe_file_part(s: &str) -> String {
    s.chars().map(|c| if "/\\:*?\"<>|".contains(c) || c.is_control() { '_' } else { c }).collect()
}

/// Why a packet or reply could not be made, opened or applied. Nothing changes in any case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum PacketError {
    /// Wrong passphrase, tampered file, truncated file…
    #[error(transparent)]
    Seal(#[from] SealError),
    /// The file is protected and no passphrase was given.
    #[error("{file} is protected: enter its passphrase")]
    NeedsPassphrase { file: String },
    /// Not a packet (or not a reply) at all.
    #[error("{file} is not {expected}")]
    WrongKind { file: String, expected: String },
    /// Written by a newer build.
    #[error("{file} was written by a newer version (format {found})")]
    Newer { file: String, found: u32 },
    /// Unreadable content.
    #[error("{file} is damaged: {detail}")]
    Damaged { file: String, detail: String },
    /// A reply names a review the workspace does not have (another workspace's packet, or the
    /// review was deleted since).
    #[error("the reply of {agent} names a review this workspace does not have")]
    UnknownReview { agent: String, review: String },
    /// No agent of that name in the workspace.
    #[error("no agent {agent:?} in the workspace")]
    UnknownAgent { agent: String },
    /// The workspace has no chats or staff to make packets from.
    #[error("nothing to put in a packet")]
    Empty,
}

impl Localize for PacketError {
    fn localize(&self, lang: Lang) -> String {
        use PacketError::*;
        match (self, lang) {
            (Seal(e), _) => e.localize(lang),
            (NeedsPassphrase { file }, Lang::Zh) => format!("“{file}”已加密保护：请输入口令后打开。"),
            (NeedsPassphrase { file }, Lang::En) => {
                format!("“{file}” is protected: enter its passphrase to open it.")
            }
            (WrongKind { file, expected }, Lang::Zh) => format!(
                "“{file}”不是{expected}。请拖入主管导出的 .{PACKET_EXT}（绩效包）或客服生成的 .{REPLY_EXT}（回执）文件。工作区未改变。"
            ),
            (WrongKind { file, expected }, Lang::En) => format!(
                "“{file}” is not {expected}. Drop a .{PACKET_EXT} packet from the supervisor or a .{REPLY_EXT} reply from an agent. The workspace is unchanged."
            ),
            (Newer { file, found }, Lang::Zh) => {
                format!("“{file}”由更新版本的工作台生成（格式 {found}）。请刷新页面获取最新版本后再打开。")
            }
            (Newer { file, found }, Lang::En) => format!(
                "“{file}” was written by a newer version (format {found}). Reload the page to get it, then open the file again."
            ),
            (Damaged { file, detail }, Lang::Zh) => {
                format!("“{file}”已损坏，无法读取（{detail}）。请向发送者要一份新文件。工作区未改变。")
            }
            (Damaged { file, detail }, Lang::En) => format!(
                "“{file}” is damaged and cannot be read ({detail}). Ask the sender for a new copy. The workspace is unchanged."
            ),
            (UnknownReview { agent, .. }, Lang::Zh) => format!(
                "{agent} 的回执里申诉的复核在本工作区中找不到（可能来自别的工作区，或该复核已被删除）。回执未应用，工作区未改变；请确认拖入的是本工作区导出的绩效包所对应的回执。"
            ),
            (UnknownReview { agent, .. }, Lang::En) => format!(
                "The reply of {agent} disputes a review this workspace does not have (another workspace's packet, or the review was deleted). Nothing was applied; check that the reply belongs to a packet exported from this workspace."
            ),
            (UnknownAgent { agent }, Lang::Zh) => format!("工作区里没有客服“{agent}”。请重新选择客服。"),
            (UnknownAgent { agent }, Lang::En) => {
                format!("There is no agent “{agent}” in the workspace. Choose the agent again.")
            }
            (Empty, Lang::Zh) => "工作区里还没有客服数据：先导入聊天记录和员工名单，或载入示例数据。".into(),
            (Empty, Lang::En) => {
                "The workspace has no agent data yet: import chats and the staff list, or load the demo."
                    .into()
            }
        }
    }
}

/// A packet as bytes (JSON).
pub fn encode_packet(packet: &AgentPacket) -> Vec<u8> {
    serde_json::to_vec(packet).expect("a packet serialises")
}

/// The packet as a file: plain JSON, or sealed when a passphrase is given (`random`: 40 fresh
/// bytes from a cryptographic source).
pub fn packet_file(
    packet: &AgentPacket,
    passphrase: Option<&str>,
    random: &[u8; SEAL_RANDOM_LEN],
    params: KdfParams,
) -> Result<Vec<u8>, PacketError> {
    let plain = encode_packet(packet);
    match passphrase {
        Some(p) => Ok(seal::seal(&plain, p, random, params)?),
        None => Ok(plain),
    }
}

/// Reads a packet file: plain JSON, or sealed (then `passphrase` is needed). `file` names it
/// in the messages.
pub fn open_packet(bytes: &[u8], passphrase: Option<&str>, file: &str) -> Result<AgentPacket, PacketError> {
    let plain;
    let body = if seal::is_sealed(bytes) {
        let Some(p) = passphrase.filter(|p| !p.is_empty()) else {
            return Err(PacketError::NeedsPassphrase { file: file.into() });
        };
        plain = seal::open(bytes, p, file)?;
        &plain[..]
    } else {
        bytes
    };
    decode_kind(body, PACKET_KIND, file, |lang| lang.pick("绩效包", "an agent packet"))
}

/// Reads a JSON document of `kind` (checking `kind` and `format` before the body).
pub(crate) fn decode_kind<T: serde::de::DeserializeOwned>(
    bytes: &[u8],
    kind: &str,
    file: &str,
    expected: impl Fn(Lang) -> &'static str,
) -> Result<T, PacketError> {
    let wrong = || PacketError::WrongKind { file: file.into(), expected: expected(Lang::Zh).into() };
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|_| wrong())?;
    if value.get("kind").and_then(|k| k.as_str()) != Some(kind) {
        return Err(wrong());
    }
    let format = value.get("format").and_then(|f| f.as_u64()).unwrap_or(0);
    if format > PACKET_FORMAT as u64 {
        return Err(PacketError::Newer { file: file.into(), found: format.min(u32::MAX as u64) as u32 });
    }
    serde_json::from_value(value)
        .map_err(|e| PacketError::Damaged { file: file.into(), detail: e.to_string() })
}

/// Several packet files in one zip (stored, not compressed: sealed files do not shrink), with
/// fixed entry times. `files`: (file name, bytes).
pub fn packets_zip(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    use std::io::Write;
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(zip::DateTime::default());
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in files {
        zip.start_file(name.as_str(), opts).expect("in-memory zip entry");
        zip.write_all(bytes).expect("in-memory zip write");
    }
    zip.finish().expect("in-memory zip finishes").into_inner()
}

/// What kind of sharing file `name`/`bytes` is, if any: decided by the extension, so a file
/// that merely looks like JSON is imported as usual.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ShareFile {
    Packet,
    Reply,
}

impl ShareFile {
    pub fn of_name(name: &str) -> Option<ShareFile> {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(&format!(".{PACKET_EXT}")) {
            Some(ShareFile::Packet)
        } else if lower.ends_with(&format!(".{REPLY_EXT}")) {
            Some(ShareFile::Reply)
        } else {
            None
        }
    }
}

/// FNV-1a over the parts (with separators): short stable ids, not secrets.
pub(crate) fn fnv_hex(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain([0x1f]) {
            h ^= b as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests;
