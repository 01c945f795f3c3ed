//! QA page actions: run QA over the workspace in the worker and fetch the drill-down views.
//! The page keeps the answers in a [`QaView`]; nothing here computes anything.

use kefu_core::jobs::{Request, Response};
use kefu_core::lang::Localize;
use kefu_core::model::{DatasetKind, NameId};
use kefu_core::qa::{ConvRow, ConvView, Given, Overview, Review, ReviewError, ScoreOutcome, Scorecard};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::state::{AppState, Tone};

/// What the QA page shows, filled by the actions below.
#[derive(Clone, Copy)]
pub struct QaView {
    /// The summary with the counts of conversations and messages checked.
    pub overview: RwSignal<Option<(Overview, u64, u64)>>,
    /// The agent whose conversations are listed (`None`: nobody chosen yet).
    pub agent: RwSignal<Option<NameId>>,
    pub conversations: RwSignal<Vec<ConvRow>>,
    pub conversation: RwSignal<Option<ConvView>>,
    /// The open conversation's index (for next/previous).
    pub current: RwSignal<Option<u32>>,
    /// Its scorecard and review (stored, or a draft from the automatic values).
    pub card: RwSignal<Option<Scorecard>>,
    pub review: RwSignal<Option<Review>>,
    /// Whether `review` as shown is the stored one.
    pub saved: RwSignal<bool>,
    /// The category the keyboard acts on.
    pub active: RwSignal<usize>,
    pub errors: RwSignal<Vec<ReviewError>>,
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
            current: RwSignal::new(None),
            card: RwSignal::new(None),
            review: RwSignal::new(None),
            saved: RwSignal::new(false),
            active: RwSignal::new(0),
            errors: RwSignal::new(Vec::new()),
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
    let ids = state.data_stamp();
    if !has_chats(state) || view.computed_for.get_untracked().as_ref() == Some(&ids) {
        return;
    }
    view.computed_for.set(Some(ids));
    view.agent.set(None);
    view.conversations.set(Vec::new());
    view.conversation.set(None);
    spawn_local(async move {
        if let Some(Response::QaOverview { overview, conversations, messages, notices }) =
            super::job(state, Request::QaOverview { config: None }, Vec::new()).await
        {
            for n in notices {
                state.notify(Tone::Error, n.localize(state.lang()));
            }
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

/// Shows one conversation with its evidence and its review.
pub fn open_conversation(state: AppState, view: QaView, conv: u32) {
    spawn_local(async move {
        if let Some(Response::QaConversation { view: v, card, review, saved }) =
            super::job(state, Request::QaConversation { conv }, Vec::new()).await
        {
            view.current.set(Some(conv));
            view.conversation.set(v.map(|v| *v));
            view.card.set(card.map(|c| *c));
            view.review.set(review.map(|r| *r));
            view.saved.set(saved);
            view.active.set(0);
            view.errors.set(Vec::new());
        }
    });
}

/// Sets category `i` of the open review to `given` (`None`: N/A), when it is on the scale.
pub fn set_value(view: QaView, i: usize, given: Given) {
    let points = view.card.with_untracked(|c| c.as_ref().and_then(|c| c.categories.get(i)).map(|c| c.points));
    let Some(points) = points else { return };
    if given.is_some_and(|g| g == 0 || g > points) {
        return;
    }
    view.review.update(|r| {
        if let Some(v) = r.as_mut().and_then(|r| r.values.get_mut(i)) {
            v.given = given;
        }
    });
    view.active.set(i);
    view.saved.set(false);
}

pub fn set_comment(view: QaView, i: usize, text: String) {
    view.review.update(|r| {
        if let Some(v) = r.as_mut().and_then(|r| r.values.get_mut(i)) {
            v.comment = text;
        }
    });
    view.saved.set(false);
}

pub fn set_overall_comment(view: QaView, text: String) {
    view.review.update(|r| {
        if let Some(r) = r.as_mut() {
            r.comment = text;
        }
    });
    view.saved.set(false);
}

/// The open review's score on its card, as it stands.
pub fn review_score(view: QaView) -> Option<ScoreOutcome> {
    let card = view.card.get()?;
    view.review.with(|r| r.as_ref().map(|r| r.score(&card)))
}

/// Saves the open review; errors (e.g. a changed value without a comment) are shown instead.
pub fn save_review(state: AppState, view: QaView) {
    let Some(review) = view.review.get_untracked() else { return };
    spawn_local(async move {
        let req = Request::QaSaveReview { review: Box::new(review) };
        if let Some(Response::QaReviewSaved { errors }) = super::job(state, req, Vec::new()).await {
            if errors.is_empty() {
                view.saved.set(true);
                view.errors.set(Vec::new());
                state.notify(Tone::Success, state.lang().pick("复核已保存。", "Review saved.").to_owned());
                // The overview's review scores change.
                view.computed_for.set(None);
                refresh_overview(state, view);
            } else {
                // Listed under the form, with the items' names.
                view.errors.set(errors);
            }
        }
    });
}

/// Recomputes the summary (after a review), keeping the drill-down as it is.
fn refresh_overview(state: AppState, view: QaView) {
    spawn_local(async move {
        if let Some(Response::QaOverview { overview, conversations, messages, .. }) =
            super::job(state, Request::QaOverview { config: None }, Vec::new()).await
        {
            view.overview.set(Some((overview, conversations, messages)));
            let ids = state.data_stamp();
            view.computed_for.set(Some(ids));
        }
    });
}

/// Opens the next (`step` 1) or previous (`step` -1) conversation of the list.
pub fn step_conversation(state: AppState, view: QaView, step: isize) {
    let next = view.conversations.with_untracked(|rows| {
        let cur = view.current.get_untracked()?;
        let at = rows.iter().position(|r| r.conv == cur)?;
        rows.get(at.checked_add_signed(step)?).map(|r| r.conv)
    });
    if let Some(conv) = next {
        open_conversation(state, view, conv);
    }
}

/// A keyboard shortcut on the QA page; `true` when it was used.
/// ↑/↓ (or K/J) choose a category, 1–5 score it, 0 or N marks it N/A, S saves,
/// [ and ] (or ←/→) open the previous or next conversation.
pub fn on_key(state: AppState, view: QaView, key: &str) -> bool {
    if view.review.with_untracked(Option::is_none) {
        return false;
    }
    let n = view.card.with_untracked(|c| c.as_ref().map_or(0, |c| c.categories.len()));
    let active = view.active.get_untracked();
    match key {
        "ArrowDown" | "j" | "J" => view.active.set((active + 1).min(n.saturating_sub(1))),
        "ArrowUp" | "k" | "K" => view.active.set(active.saturating_sub(1)),
        "0" | "n" | "N" => set_value(view, active, None),
        "1" | "2" | "3" | "4" | "5" => set_value(view, active, key.parse().ok()),
        "s" | "S" => save_review(state, view),
        "]" | "ArrowRight" => step_conversation(state, view, 1),
        "[" | "ArrowLeft" => step_conversation(state, view, -1),
        _ => return false,
    }
    true
}
