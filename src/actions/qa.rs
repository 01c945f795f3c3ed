//! QA page actions: run QA over the workspace in the worker and fetch the drill-down views.
//! The page keeps the answers in a [`QaView`]; nothing here computes anything.

use kefu_core::jobs::{Request, Response};
use kefu_core::model::{DatasetKind, NameId};
use kefu_core::qa::{ConvRow, ConvView, Overview};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::state::AppState;

/// What the QA page shows, filled by the actions below.
#[derive(Clone, Copy)]
pub struct QaView {
    /// The summary with the counts of conversations and messages checked.
    pub overview: RwSignal<Option<(Overview, u64, u64)>>,
    /// The agent whose conversations are listed (`None`: nobody chosen yet).
    pub agent: RwSignal<Option<NameId>>,
    pub conversations: RwSignal<Vec<ConvRow>>,
    pub conversation: RwSignal<Option<ConvView>>,
    /// Workspace manifest the overview was computed for (to recompute after an import).
    pub computed_for: RwSignal<Option<Vec<String>>>,
}

impl QaView {
    pub fn new() -> QaView {
        QaView {
            overview: RwSignal::new(None),
            agent: RwSignal::new(None),
            conversations: RwSignal::new(Vec::new()),
            conversation: RwSignal::new(None),
            computed_for: RwSignal::new(None),
        }
    }
}

impl Default for QaView {
    fn default() -> Self {
        QaView::new()
    }
}

/// Whether the workspace holds chat logs.
pub fn has_chats(state: AppState) -> bool {
    state.workspace.with(|w| {
        w.as_ref().is_some_and(|w| w.manifest.datasets.iter().any(|d| d.kind == DatasetKind::Chats))
    })
}

/// Runs QA when the workspace has chats and the overview is missing or stale.
pub fn refresh(state: AppState, view: QaView) {
    let ids: Vec<String> = state
        .workspace
        .with_untracked(|w| {
            w.as_ref().map(|w| w.manifest.datasets.iter().map(|d| format!("{}:{}", d.id, d.rows)).collect())
        })
        .unwrap_or_default();
    if !has_chats(state) || view.computed_for.get_untracked().as_ref() == Some(&ids) {
        return;
    }
    view.computed_for.set(Some(ids));
    view.agent.set(None);
    view.conversations.set(Vec::new());
    view.conversation.set(None);
    spawn_local(async move {
        if let Some(Response::QaOverview { overview, conversations, messages }) =
            super::job(state, Request::QaOverview { config: None }, Vec::new()).await
        {
            view.overview.set(Some((overview, conversations, messages)));
        } else {
            view.computed_for.set(None);
        }
    });
}

/// Lists the conversations of `agent`, worst automatic score first.
pub fn open_agent(state: AppState, view: QaView, agent: NameId) {
    view.agent.set(Some(agent));
    view.conversation.set(None);
    spawn_local(async move {
        if let Some(Response::QaConversations { rows }) =
            super::job(state, Request::QaConversations { agent: Some(agent) }, Vec::new()).await
        {
            view.conversations.set(rows);
        }
    });
}

/// Shows one conversation with its evidence.
pub fn open_conversation(state: AppState, view: QaView, conv: u32) {
    spawn_local(async move {
        if let Some(Response::QaConversation { view: v }) =
            super::job(state, Request::QaConversation { conv }, Vec::new()).await
        {
            view.conversation.set(v);
        }
    });
}
