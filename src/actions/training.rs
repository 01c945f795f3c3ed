//! Training page actions (培训): load the user's work (`work/training`, `work/registers`),
//! ask the worker for training sheets, the plan, the weekly meeting sheet, question clusters,
//! rewards, complaint suggestions and linked conversations; save every edit whole; download
//! tables; read a script CSV. The page keeps everything in a [`TrainingView`].
//!
//! The registers' "now" comes from `platform::dom::page_now` (the `?now=` query or the clock),
//! read when the page opens and again after each change or on "refresh".

use chrono::NaiveDate;
use kefu_core::Ts;
use kefu_core::jobs::{Request, Response};
use kefu_core::lang::Localize;
use kefu_core::model::Period;
use kefu_core::qa::{ConvKey, ConvView};
use kefu_core::registers::{Complaint, RegistersWork, RewardsView};
use kefu_core::store::WorkArea;
use kefu_core::training::tables::TableKind;
use kefu_core::training::{
    ChecklistView, MeetingSheet, PlanView, QuestionCluster, TrainingSheet, TrainingWork,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::platform::dom::{self, PickedFile};
use crate::state::{AppState, Tone};

/// The parts of the Training page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Sheet,
    Plan,
    Meeting,
    Checklist,
    Library,
    Complaints,
    Rewards,
}

/// What the Training page shows.
#[derive(Clone, Copy)]
pub struct TrainingView {
    pub tab: RwSignal<Tab>,
    /// The data the overview was loaded for.
    pub loaded_for: RwSignal<Option<Vec<String>>>,
    pub work: RwSignal<Option<TrainingWork>>,
    pub registers: RwSignal<Option<RegistersWork>>,
    pub agents: RwSignal<Vec<String>>,
    pub span: RwSignal<Option<Period>>,
    pub plan: RwSignal<Option<PlanView>>,
    pub checklists: RwSignal<Vec<ChecklistView>>,
    /// The sheet's agent and range (`None`: the whole span).
    pub agent: RwSignal<String>,
    pub period: RwSignal<Option<Period>>,
    pub sheet: RwSignal<Option<TrainingSheet>>,
    pub sheet_error: RwSignal<Option<String>>,
    pub meeting: RwSignal<Option<MeetingSheet>>,
    pub meeting_day: RwSignal<Option<NaiveDate>>,
    pub questions: RwSignal<Option<Vec<QuestionCluster>>>,
    pub rewards: RwSignal<Option<RewardsView>>,
    pub rewards_day: RwSignal<Option<NaiveDate>>,
    pub suggested: RwSignal<Vec<Complaint>>,
    /// A linked conversation shown under the register.
    pub conversation: RwSignal<Option<ConvView>>,
    /// The registers' clock.
    pub now: RwSignal<Ts>,
}

impl TrainingView {
    pub fn new() -> TrainingView {
        TrainingView {
            tab: RwSignal::new(Tab::Sheet),
            loaded_for: RwSignal::new(None),
            work: RwSignal::new(None),
            registers: RwSignal::new(None),
            agents: RwSignal::new(Vec::new()),
            span: RwSignal::new(None),
            plan: RwSignal::new(None),
            checklists: RwSignal::new(Vec::new()),
            agent: RwSignal::new(String::new()),
            period: RwSignal::new(None),
            sheet: RwSignal::new(None),
            sheet_error: RwSignal::new(None),
            meeting: RwSignal::new(None),
            meeting_day: RwSignal::new(None),
            questions: RwSignal::new(None),
            rewards: RwSignal::new(None),
            rewards_day: RwSignal::new(None),
            suggested: RwSignal::new(Vec::new()),
            conversation: RwSignal::new(None),
            now: RwSignal::new(clock()),
        }
    }
}

impl Default for TrainingView {
    fn default() -> Self {
        TrainingView::new()
    }
}

/// The registers' "now" (see the module comment).
pub fn clock() -> Ts {
    kefu_core::import::clean::datetime(&dom::page_now()).ok().flatten().unwrap_or(Ts(0))
}

/// Reads the clock again (overdue marks follow).
pub fn tick(view: TrainingView) {
    view.now.set(clock());
}

/// Whether the workspace holds chats (training needs them; the registers do not).
pub fn has_data(state: AppState) -> bool {
    state.workspace.with(|w| w.as_ref().is_some_and(|w| !w.manifest.datasets.is_empty()))
}

/// Loads the work documents and the overview when the workspace changed.
pub fn refresh(state: AppState, view: TrainingView) {
    if state.workspace.with_untracked(|w| w.is_none()) {
        return;
    }
    let ids = state.data_stamp();
    if view.loaded_for.get_untracked().as_ref() == Some(&ids) {
        return;
    }
    view.loaded_for.set(Some(ids));
    view.sheet.set(None);
    view.meeting.set(None);
    view.questions.set(None);
    view.rewards.set(None);
    view.conversation.set(None);
    spawn_local(async move {
        if let Some(w) = super::work::load::<TrainingWork>(state, WorkArea::Training).await {
            view.work.set(Some(w));
        }
        if let Some(r) = super::work::load::<RegistersWork>(state, WorkArea::Registers).await {
            view.registers.set(Some(r));
        }
        if has_data(state) {
            load_overview_now(state, view).await;
        }
        load_tab(state, view);
    });
}

async fn load_overview_now(state: AppState, view: TrainingView) {
    let req = Request::TrainingOverview { period: None, lang: state.lang() };
    if let Some(Response::TrainingOverview { agents, span, plan, checklists }) =
        super::job(state, req, Vec::new()).await
    {
        if view.agent.get_untracked().is_empty() || !agents.contains(&view.agent.get_untracked()) {
            view.agent.set(agents.first().cloned().unwrap_or_default());
        }
        view.agents.set(agents);
        view.span.set(span);
        view.plan.set(plan.map(|p| *p));
        view.checklists.set(checklists);
    }
}

/// Reloads the plan and checklists (after a session or sign-off changed).
pub fn load_overview(state: AppState, view: TrainingView) {
    if has_data(state) {
        spawn_local(load_overview_now(state, view));
    }
}

/// Loads what the current tab needs and has not got yet.
fn load_tab(state: AppState, view: TrainingView) {
    if !has_data(state) {
        return;
    }
    match view.tab.get_untracked() {
        Tab::Meeting if view.meeting.with_untracked(Option::is_none) => load_meeting(state, view),
        Tab::Rewards if view.rewards.with_untracked(Option::is_none) => load_rewards(state, view),
        _ => {}
    }
}

pub fn set_tab(state: AppState, view: TrainingView, tab: Tab) {
    view.tab.set(tab);
    if tab == Tab::Complaints {
        tick(view);
    }
    load_tab(state, view);
}

/// Builds the training sheet of the chosen agent and range.
pub fn load_sheet(state: AppState, view: TrainingView) {
    let agent = view.agent.get_untracked();
    if agent.is_empty() {
        return;
    }
    let supervisor =
        view.work.with_untracked(|w| w.as_ref().map(|w| w.supervisor.clone()).unwrap_or_default());
    let req =
        Request::TrainingSheet { agent, period: view.period.get_untracked(), supervisor, lang: state.lang() };
    spawn_local(async move {
        if let Some(Response::TrainingSheet { result }) = super::job(state, req, Vec::new()).await {
            match result {
                Ok(s) => {
                    view.sheet.set(Some(*s));
                    view.sheet_error.set(None);
                }
                Err(e) => {
                    view.sheet.set(None);
                    view.sheet_error.set(Some(e.localize(state.lang())));
                }
            }
        }
    });
}

pub fn load_meeting(state: AppState, view: TrainingView) {
    let req = Request::TrainingMeeting { day: view.meeting_day.get_untracked(), lang: state.lang() };
    spawn_local(async move {
        if let Some(Response::TrainingMeeting { sheet }) = super::job(state, req, Vec::new()).await {
            view.meeting.set(sheet.map(|s| *s));
        }
    });
}

pub fn load_questions(state: AppState, view: TrainingView) {
    spawn_local(async move {
        if let Some(Response::TrainingQuestions { clusters }) =
            super::job(state, Request::TrainingQuestions, Vec::new()).await
        {
            view.questions.set(Some(clusters));
        }
    });
}

pub fn load_rewards(state: AppState, view: TrainingView) {
    let req = Request::RegistersRewards { day: view.rewards_day.get_untracked(), lang: state.lang() };
    spawn_local(async move {
        if let Some(Response::RegistersRewards { view: v, span }) = super::job(state, req, Vec::new()).await {
            if view.span.get_untracked().is_none() {
                view.span.set(span);
            }
            view.rewards.set(Some(*v));
        }
    });
}

/// Complaints suggested from QA's escalation flags (a reply promised within 24 hours).
pub fn suggest(state: AppState, view: TrainingView) {
    spawn_local(async move {
        let req = Request::RegistersSuggest { reply_within_secs: 24 * 3600 };
        if let Some(Response::RegistersSuggested { complaints }) = super::job(state, req, Vec::new()).await {
            if complaints.is_empty() {
                state.notify(
                    Tone::Info,
                    state.lang().pick("质检没有发现新的投诉苗头。", "QA found no new escalations."),
                );
            }
            view.suggested.set(complaints);
        }
    });
}

pub fn open_conversation(state: AppState, view: TrainingView, key: ConvKey) {
    spawn_local(async move {
        if let Some(Response::RegistersConversation { view: v }) =
            super::job(state, Request::RegistersConversation { key }, Vec::new()).await
        {
            if v.is_none() {
                state.notify(
                    Tone::Error,
                    state.lang().pick(
                        "找不到这段会话：可能已删除或重新导入。",
                        "The conversation is not in the data any more (deleted or re-imported).",
                    ),
                );
            }
            view.conversation.set(v.map(|v| *v));
        }
    });
}

/// Changes the training work with `f` and saves it whole.
pub fn edit_work(state: AppState, view: TrainingView, f: impl FnOnce(&mut TrainingWork)) {
    let mut changed = false;
    view.work.update(|w| {
        if let Some(w) = w {
            f(w);
            changed = true;
        }
    });
    if !changed {
        return;
    }
    let Some(body) = view.work.get_untracked() else { return };
    spawn_local(async move {
        super::work::save(state, WorkArea::Training, &body).await;
    });
}

/// Changes the training work, saves it, then reloads the plan and checklists.
pub fn edit_plan(state: AppState, view: TrainingView, f: impl FnOnce(&mut TrainingWork)) {
    let mut changed = false;
    view.work.update(|w| {
        if let Some(w) = w {
            f(w);
            changed = true;
        }
    });
    let Some(body) = view.work.get_untracked().filter(|_| changed) else { return };
    spawn_local(async move {
        if super::work::save(state, WorkArea::Training, &body).await {
            load_overview_now(state, view).await;
            if view.meeting.with_untracked(Option::is_some) {
                load_meeting(state, view);
            }
        }
    });
}

/// Changes the registers with `f` and saves them whole; the clock is read again.
pub fn edit_registers(state: AppState, view: TrainingView, f: impl FnOnce(&mut RegistersWork)) {
    let mut changed = false;
    view.registers.update(|r| {
        if let Some(r) = r {
            f(r);
            changed = true;
        }
    });
    tick(view);
    let Some(body) = view.registers.get_untracked().filter(|_| changed) else { return };
    spawn_local(async move {
        if super::work::save(state, WorkArea::Registers, &body).await
            && view.rewards.with_untracked(Option::is_some)
        {
            load_rewards(state, view);
        }
    });
}

/// Downloads a table (XLSX, else CSV).
pub fn export(state: AppState, view: TrainingView, table: TableKind, xlsx: bool) {
    tick(view);
    let req = Request::TrainingExport { table, xlsx, now: view.now.get_untracked(), lang: state.lang() };
    spawn_local(async move {
        if let Some((Response::File { name, mime }, Some(bytes))) =
            super::job_with_bytes(state, req, Vec::new()).await
            && let Err(e) = dom::download(&bytes, &name, &mime)
        {
            state.notify(Tone::Error, e);
        }
    });
}

/// Reads a script CSV and adds its scripts to the library (replacing it with `replace`).
pub fn import_scripts(state: AppState, view: TrainingView, files: Vec<PickedFile>, replace: bool) {
    let Some(file) = files.into_iter().next() else { return };
    spawn_local(async move {
        let Some(Response::TrainingScripts { result }) =
            super::job(state, Request::TrainingReadScripts, vec![file]).await
        else {
            return;
        };
        let lang = state.lang();
        match result {
            Ok(scripts) => {
                let n = scripts.len();
                edit_work(state, view, |w| w.library.import(scripts, replace));
                let text = match lang {
                    kefu_core::Lang::Zh => format!("已导入 {n} 条话术。"),
                    kefu_core::Lang::En => format!("{n} scripts imported."),
                };
                state.notify(Tone::Success, text);
            }
            Err(errors) => {
                let list: Vec<String> = errors.iter().take(5).map(|e| e.localize(lang)).collect();
                state.notify(Tone::Error, list.join("；"));
            }
        }
    });
}

pub fn print() {
    dom::print();
}
