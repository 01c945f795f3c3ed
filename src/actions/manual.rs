//! Manual (使用说明) actions: the live figures of the current workspace (the KPI table's team
//! row and the QA team row — requests the worker already answers for the KPI and QA pages),
//! "load the demo data and open this page", and moving to a section of the manual.

use kefu_core::jobs::{Request, Response};
use kefu_core::kpi::{GroupBy, KpiRow};
use kefu_core::qa::TeamRow;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::platform::dom;
use crate::state::{AppState, Page};

/// The figures the manual shows from the workspace.
#[derive(Clone, Copy)]
pub struct ManualView {
    /// The KPI table's team row over the whole data (`None` until answered or without data).
    pub kpi_total: RwSignal<Option<KpiRow>>,
    /// The QA team row and the number of conversations checked.
    pub qa_team: RwSignal<Option<TeamRow>>,
    /// The data stamp the figures were asked for.
    pub loaded_for: RwSignal<Option<Vec<String>>>,
}

impl ManualView {
    pub fn new() -> ManualView {
        ManualView {
            kpi_total: RwSignal::new(None),
            qa_team: RwSignal::new(None),
            loaded_for: RwSignal::new(None),
        }
    }
}

impl Default for ManualView {
    fn default() -> Self {
        ManualView::new()
    }
}

/// Asks for the live figures when the workspace has data the figures were not computed for.
pub fn refresh(state: AppState, view: ManualView) {
    let stamp = state.data_stamp();
    if view.loaded_for.get_untracked().as_ref() == Some(&stamp) {
        return;
    }
    view.loaded_for.set(Some(stamp));
    view.kpi_total.set(None);
    view.qa_team.set(None);
    if !super::kpi::has_data(state) {
        return;
    }
    let chats = super::qa::has_chats(state);
    spawn_local(async move {
        let req = Request::KpiTable { period: None, by: GroupBy::Agent, lang: state.lang() };
        if let Some(Response::KpiTable { table, .. }) = super::job(state, req, Vec::new()).await {
            view.kpi_total.set(table.map(|t| t.total));
        }
        if chats
            && let Some(Response::QaOverview { overview, .. }) =
                super::job(state, Request::QaOverview { config: None }, Vec::new()).await
        {
            view.qa_team.set(Some(overview.team));
        }
    });
}

/// Loads the demo workspace (asking first when there is data) and opens `page` once loaded.
pub fn try_with_demo(state: AppState, page: Page) {
    super::load_demo_then(state, Some(page));
}

/// Scrolls to the manual's section `id` (the table of contents, and `#/manual/<id>` links).
pub fn show_section(id: &str) {
    dom::scroll_to(id);
}

/// The section a `#/manual/<section>` address asks for, once the page is on screen.
pub fn show_section_from_hash() {
    let hash = dom::hash();
    if let Some(section) = hash.strip_prefix(Page::Manual.hash()).and_then(|r| r.strip_prefix('/')) {
        let id = format!("manual-{section}");
        request_animation_frame(move || dom::scroll_to(&id));
    }
}
