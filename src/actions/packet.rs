//! Agent packets and replies: the supervisor exports packets and applies replies (the 分享
//! page); a dropped `.kefupack` opens the read-only agent view, which lives in the page's
//! memory only — the stored workspace is neither read nor changed by it — and makes the
//! `.kefureply` download.

use std::cell::RefCell;

use kefu_core::jobs::{Request, Response};
use kefu_core::lang::Localize;
use kefu_core::packet::{
    AgentChoice, AgentPacket, ApplyOutcome, ReplyDispute, ReplyRecord, ShareFile, encode_reply, make_reply,
};
use kefu_core::{Lang, store::SealError};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{go, job, job_with_bytes};
use crate::platform::dom::{self, FileBytes, PickedFile};
use crate::platform::now_local;
use crate::state::{AppState, Page, Tone};

/// The agent view: a packet waiting for its passphrase, or an open packet.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AgentView {
    /// A protected packet waiting for its passphrase: its file name, and why the last try failed.
    pub gate: Option<(String, Option<String>)>,
    pub packet: Option<Box<AgentPacket>>,
}

impl AgentView {
    pub fn active(&self) -> bool {
        self.gate.is_some() || self.packet.is_some()
    }
}

/// Everything of sharing the page keeps (one signal in `AppState`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sharing {
    pub agent: AgentView,
    pub data: ShareData,
}

/// The supervisor side of the 分享 page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ShareData {
    pub agents: Vec<AgentChoice>,
    pub replies: Vec<ReplyRecord>,
    pub loaded: bool,
}

thread_local! {
    /// The protected packet file waiting for its passphrase (a browser handle: not in a signal).
    static PENDING: RefCell<Option<PickedFile>> = const { RefCell::new(None) };
}

/// Takes the packet and reply files out of `files` and handles them; returns the rest.
pub fn take_share_files(state: AppState, files: Vec<PickedFile>) -> Vec<PickedFile> {
    let mut rest = Vec::new();
    for f in files {
        match ShareFile::of_name(&f.name()) {
            Some(ShareFile::Packet) => open_packet(state, f, None),
            Some(ShareFile::Reply) => apply_reply(state, f),
            None => rest.push(f),
        }
    }
    rest
}

/// Opens a packet in memory; a protected one asks for its passphrase first.
pub fn open_packet(state: AppState, file: PickedFile, passphrase: Option<String>) {
    let name = file.name();
    spawn_local(async move {
        let req = Request::OpenPacket { file_name: name.clone(), passphrase };
        match job(state, req, vec![file.clone()]).await {
            Some(Response::PacketOpened { packet }) => {
                PENDING.with_borrow_mut(|p| *p = None);
                state.share.update(|s| s.agent = AgentView { gate: None, packet: Some(packet) });
            }
            Some(Response::PacketRefused { error }) => {
                use kefu_core::packet::PacketError as E;
                let text = error.localize(state.lang());
                match error {
                    E::NeedsPassphrase { .. } | E::Seal(SealError::WrongPassphraseOrTampered { .. }) => {
                        PENDING.with_borrow_mut(|p| *p = Some(file));
                        let why = matches!(error, E::Seal(_)).then_some(text);
                        state.share.update(|s| s.agent = AgentView { gate: Some((name, why)), packet: None });
                    }
                    _ => state.notify(Tone::Error, text),
                }
            }
            _ => {}
        }
    });
}

/// Tries the pending protected packet again with `passphrase`.
pub fn unlock(state: AppState, passphrase: String) {
    if state.busy() {
        return;
    }
    if let Some(file) = PENDING.with_borrow(|p| p.clone()) {
        open_packet(state, file, Some(passphrase));
    }
}

/// Leaves the agent view (nothing was stored, so nothing is left behind).
pub fn close_agent_view(state: AppState) {
    PENDING.with_borrow_mut(|p| *p = None);
    state.share.update(|s| s.agent = AgentView::default());
}

/// Makes the reply file in the page and downloads it.
pub fn download_reply(state: AppState, disputes: Vec<ReplyDispute>, ack: bool) {
    let Some(packet) = state.share.with_untracked(|s| s.agent.packet.clone()) else { return };
    let reply = make_reply(&packet, disputes, ack, &now_local());
    let lang = state.lang();
    if reply.disputes.is_empty() && reply.acks.is_empty() {
        state.notify(
            Tone::Error,
            lang.pick(
                "回执是空的：请先对某次复核提出申诉（选择理由并填写说明），或勾选“已阅读培训单”。",
                "The reply is empty: dispute a review (choose a reason and explain) or tick “I have read the training sheet” first.",
            ),
        );
        return;
    }
    let name = reply.file_name();
    let bytes = FileBytes::from_bytes(&encode_reply(&reply));
    match dom::download(&bytes, &name, "application/json") {
        Ok(()) => state.notify(
            Tone::Success,
            match lang {
                Lang::Zh => format!("已生成回执“{name}”：请把这个文件发给主管。"),
                Lang::En => format!("Reply “{name}” is ready: send this file to your supervisor."),
            },
        ),
        Err(e) => state.notify(Tone::Error, e),
    }
}

/// Loads the agents and the replies applied so far.
pub fn load_share(state: AppState) {
    spawn_local(async move {
        if let Some(Response::PacketAgents { agents, replies }) =
            job(state, Request::PacketAgents, Vec::new()).await
        {
            state.share.update(|s| s.data = ShareData { agents, replies, loaded: true });
        }
    });
}

/// Exports packets for `agents` (all when empty), protected when `passphrase` is given.
pub fn export_packets(state: AppState, agents: Vec<String>, passphrase: Option<String>) {
    if state.busy() {
        return;
    }
    spawn_local(async move {
        let req = Request::ExportPackets { agents, passphrase, lang: state.lang(), now: now_local() };
        match job_with_bytes(state, req, Vec::new()).await {
            Some((Response::File { name, mime }, Some(bytes))) => match dom::download(&bytes, &name, &mime) {
                Ok(()) => state.notify(Tone::Success, match state.lang() {
                    Lang::Zh => format!("已导出“{name}”：请把文件发给本人，口令请另行告知（不要和文件放在同一条消息里）。"),
                    Lang::En => format!(
                        "Exported “{name}”: send the file to the agent and tell them the passphrase separately (not in the same message)."
                    ),
                }),
                Err(e) => state.notify(Tone::Error, e),
            },
            Some((Response::PacketRefused { error }, _)) => state.notify(Tone::Error, error.localize(state.lang())),
            _ => {}
        }
    });
}

fn outcome_text(lang: Lang, o: &ApplyOutcome) -> String {
    if o.already {
        return match lang {
            Lang::Zh => format!("{} 的这份回执之前已经应用过，没有重复添加。", o.agent),
            Lang::En => format!("This reply of {} was applied before; nothing was added twice.", o.agent),
        };
    }
    match lang {
        Lang::Zh => format!(
            "已应用 {} 的回执：新增申诉 {} 条{}，培训单确认 {} 份。申诉在“质检 → 申诉”中处理。",
            o.agent,
            o.added,
            if o.skipped > 0 {
                format!("（{} 条已有待处理申诉，跳过）", o.skipped)
            } else {
                String::new()
            },
            o.acks
        ),
        Lang::En => format!(
            "Applied the reply of {}: {} new disputes{}, {} training sheet acknowledgements. Handle disputes under QA → Disputes.",
            o.agent,
            o.added,
            if o.skipped > 0 { format!(" ({} skipped: already disputed)", o.skipped) } else { String::new() },
            o.acks
        ),
    }
}

/// Applies a dropped reply file to the QA work and shows the 分享 page with the result.
pub fn apply_reply(state: AppState, file: PickedFile) {
    let name = file.name();
    spawn_local(async move {
        match job(state, Request::ApplyReply { file_name: name }, vec![file]).await {
            Some(Response::ReplyApplied { outcome }) => {
                state.notify(Tone::Success, outcome_text(state.lang(), &outcome));
                go(Page::Share);
                load_share(state);
            }
            Some(Response::PacketRefused { error }) => {
                state.notify(Tone::Error, error.localize(state.lang()))
            }
            _ => {}
        }
    });
}
