//! QA page actions: run QA over the workspace in the worker, fetch the drill-down views and the
//! reviewer's desk (sampling plan, disputes, calibration, rules), and send the user's edits.
//! The page keeps the answers in a [`QaView`]; nothing here computes anything.

use kefu_core::jobs::{Request, Response};
use kefu_core::lang::Localize;
use kefu_core::model::{DatasetKind, NameId};
use kefu_core::qa::{
    ConvRow, ConvView, Given, Overview, QaConfig, QaDesk, QaEdit, Review, ReviewError, ScoreOutcome,
    Scorecard, UnconvertedView,
};
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
    /// The part of the page shown.
    pub tab: RwSignal<Tab>,
    /// The reviewer's desk (plan, disputes, calibration, configuration in use).
    pub desk: RwSignal<Option<QaDesk>>,
    /// The conversations `[` and `]` walk through (the list the open one was picked from).
    pub list: RwSignal<Vec<u32>>,
    /// 未成交分析: `None` not loaded yet, `Some(None)` no orders in the workspace.
    pub unconverted: RwSignal<Option<Option<UnconvertedView>>>,
    /// The rule and scorecard editor's working copy (`None`: not being edited).
    pub draft: RwSignal<Option<QaConfig>>,
}

/// The parts of the QA page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Overview,
    Sampling,
    Disputes,
    Calibration,
    Unconverted,
    Rules,
    Help,
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
            tab: RwSignal::new(Tab::Overview),
            desk: RwSignal::new(None),
            list: RwSignal::new(Vec::new()),
            unconverted: RwSignal::new(None),
            draft: RwSignal::new(None),
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
    view.unconverted.set(None);
    view.list.set(Vec::new());
    // One run at a time: the desk is asked for once the worker has the run.
    spawn_local(async move {
        if let Some(Response::QaOverview { overview, conversations, messages, notices }) =
            super::job(state, Request::QaOverview { config: None }, Vec::new()).await
        {
            for n in notices {
                state.notify(Tone::Error, n.localize(state.lang()));
            }
            view.overview.set(Some((overview, conversations, messages)));
            load_desk(state, view);
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

/// Shows one conversation picked from `list` (which `[` and `]` then walk through).
pub fn open_in(state: AppState, view: QaView, conv: u32, list: Vec<u32>) {
    view.list.set(list);
    open_conversation(state, view, conv);
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
                // Shown as stored (the current reviewer's, with its dispute).
                if let Some(conv) = view.current.get_untracked() {
                    open_conversation(state, view, conv);
                }
                // The overview's review scores and the plan's progress change.
                view.computed_for.set(None);
                refresh_overview(state, view);
                load_desk(state, view);
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

/// Opens the next (`step` 1) or previous (`step` -1) conversation of the list it was picked
/// from (the agent's conversations when none was given).
pub fn step_conversation(state: AppState, view: QaView, step: isize) {
    let mut list = view.list.get_untracked();
    if list.is_empty() {
        list = view.conversations.with_untracked(|rows| rows.iter().map(|r| r.conv).collect());
    }
    let next = view.current.get_untracked().and_then(|cur| {
        let at = list.iter().position(|&c| c == cur)?;
        list.get(at.checked_add_signed(step)?).copied()
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

/// Loads the reviewer's desk.
pub fn load_desk(state: AppState, view: QaView) {
    spawn_local(async move {
        if let Some(Response::QaDesk { desk, .. }) = super::job(state, Request::QaDesk, Vec::new()).await {
            view.desk.set(Some(*desk));
        }
    });
}

/// Sends `edit`; `done` runs when it was accepted. A refused edit is shown as an error notice.
/// A changed configuration recomputes everything; a changed reviewer reloads the open review.
pub fn edit(state: AppState, view: QaView, edit: QaEdit, done: impl FnOnce() + 'static) {
    let reruns = matches!(edit, QaEdit::SetConfig { .. } | QaEdit::ResetConfig);
    let reviewer = matches!(edit, QaEdit::SetReviewer { .. });
    let resolves = matches!(edit, QaEdit::Dispute { .. } | QaEdit::Resolve { .. });
    spawn_local(async move {
        let req = Request::QaEdit { edit: Box::new(edit) };
        let Some(Response::QaDesk { desk, error }) = super::job(state, req, Vec::new()).await else { return };
        view.desk.set(Some(*desk));
        if let Some(e) = error {
            state.notify(Tone::Error, e.localize(state.lang()));
            return;
        }
        done();
        if reruns {
            view.draft.set(None);
            view.computed_for.set(None);
            refresh(state, view);
        } else if reviewer || resolves {
            if let Some(conv) = view.current.get_untracked() {
                open_conversation(state, view, conv);
            }
            if resolves {
                view.computed_for.set(None);
                refresh_overview(state, view);
            }
        }
    });
}

/// Loads 未成交分析 (once per run).
pub fn load_unconverted(state: AppState, view: QaView) {
    if view.unconverted.with_untracked(Option::is_some) {
        return;
    }
    spawn_local(async move {
        if let Some(Response::QaUnconverted { view: v }) =
            super::job(state, Request::QaUnconverted, Vec::new()).await
        {
            view.unconverted.set(Some(v.map(|v| *v)));
        }
    });
}

/// Shows a part of the page.
pub fn show_tab(state: AppState, view: QaView, tab: Tab) {
    view.tab.set(tab);
    if tab == Tab::Unconverted {
        load_unconverted(state, view);
    }
    if tab == Tab::Rules && view.draft.with_untracked(Option::is_none) {
        view.draft.set(view.desk.with_untracked(|d| d.as_ref().map(|d| d.config.clone())));
    }
}

/// Changes the editor's working copy (started from the configuration in use).
pub fn edit_draft(view: QaView, f: impl FnOnce(&mut QaConfig)) {
    let start = view
        .draft
        .get_untracked()
        .or_else(|| view.desk.with_untracked(|d| d.as_ref().map(|d| d.config.clone())));
    if let Some(mut cfg) = start {
        f(&mut cfg);
        view.draft.set(Some(cfg));
    }
}
