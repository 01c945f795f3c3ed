//! Training (培训): everything a supervisor prepares from what QA and KPI showed — per-agent
//! training sheets, the team training plan with its before/after check, the weekly meeting
//! (例会) sheet, the new-hire checklist, the script library (话术库) and the most frequent
//! buyer questions as library candidates.
//!
//! For a front end (all plain serde data; the page renders, prints and downloads):
//! - [`TrainingWork`] is the user's part, stored as the `WorkArea::Training` document: the
//!   script library, sessions, meeting actions, checklist items and sign-offs.
//! - [`training_sheet`] (per agent and period) → [`TrainingSheet`]; [`plan_view`] /
//!   [`topics`] / [`before_after`] → the plan; [`meeting_sheet`] → [`MeetingSheet`];
//!   [`checklist_view`] → [`ChecklistView`]; [`cluster_questions`] → [`QuestionCluster`]s whose
//!   replies become scripts with [`QuestionCluster::candidate`].
//! - Library: [`ScriptLibrary::search`], [`ScriptLibrary::upsert`]/`remove`/`import`,
//!   [`scripts_csv`] / [`scripts_from_csv`], [`check_scripts`] (QA word lists over the replies).
//! - Tables for XLSX/CSV download: [`tables`] (through `registers::table`).
//!
//! Excerpts of real conversations are masked ([`mask::mask_text`]: phones, street addresses,
//! the buyer's nick) and chosen deterministically ([`excerpt`]).

pub mod checklist;
pub mod cluster;
pub mod excerpt;
pub mod mask;
pub mod meeting;
pub mod plan;
pub mod scripts;
pub mod sheet;
pub mod tables;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

pub use checklist::{
    ChecklistItem, ChecklistRow, ChecklistView, Section, SignOff, checklist_view, default_items,
};
pub use cluster::{ClusterParams, QuestionCluster, ReplyCandidate, Variant, cluster_questions, question_key};
pub use excerpt::{Excerpt, ExcerptLine, Segment, Speaker};
pub use meeting::{MeetingAction, MeetingSheet, Problem, QaHeadline, meeting_sheet};
pub use plan::{
    Attendee, BeforeAfter, PlanView, Session, Topic, WindowScore, before_after, plan_view, topics,
};
pub use scripts::{
    Script, ScriptCategory, ScriptColumn, ScriptCsvError, ScriptLibrary, ScriptWarning, SearchHit,
    check_scripts, default_scripts, scripts_csv, scripts_from_csv, search_key,
};
pub use sheet::{
    FocusRule, KpiLine, ScriptRef, SheetParams, Signature, TrainingSheet, agents_of, training_sheet,
};

use crate::Lang;
use crate::lang::Localize;

/// What went wrong preparing training material.
#[derive(Clone, Debug, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum TrainingError {
    #[error("no agent {agent:?} in the chats; agents found: {known:?}")]
    UnknownAgent { agent: String, known: Vec<String> },
    #[error("no checklist item {item:?}")]
    UnknownItem { item: String },
}

impl Localize for TrainingError {
    fn localize(&self, lang: Lang) -> String {
        match (self, lang) {
            (TrainingError::UnknownAgent { agent, known }, Lang::Zh) => {
                let list = known.iter().take(10).cloned().collect::<Vec<_>>().join("、");
                format!("聊天记录里没有客服“{agent}”：请填写子账号或昵称，例如：{list}")
            }
            (TrainingError::UnknownAgent { agent, known }, Lang::En) => {
                let list = known.iter().take(10).cloned().collect::<Vec<_>>().join(", ");
                format!("No agent \"{agent}\" in the chats: give a sub-account or nick, e.g. {list}")
            }
            (TrainingError::UnknownItem { item }, Lang::Zh) => {
                format!("清单中没有“{item}”这一项：请刷新页面后重试")
            }
            (TrainingError::UnknownItem { item }, Lang::En) => {
                format!("The checklist has no item \"{item}\": reload the page and try again")
            }
        }
    }
}

/// The Training part of the supervisor's work, as stored (`store::WorkArea::Training`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrainingWork {
    pub library: ScriptLibrary,
    pub sessions: Vec<Session>,
    pub actions: Vec<MeetingAction>,
    pub checklist: Vec<ChecklistItem>,
    pub signoffs: Vec<SignOff>,
    /// The supervisor's name for signature lines.
    pub supervisor: String,
}

impl Default for TrainingWork {
    fn default() -> Self {
        TrainingWork {
            library: ScriptLibrary::default(),
            sessions: Vec::new(),
            actions: Vec::new(),
            checklist: default_items(),
            signoffs: Vec::new(),
            supervisor: String::new(),
        }
    }
}

fn fresh_id(prefix: &str, used: impl Iterator<Item = String>) -> String {
    let used: std::collections::HashSet<String> = used.collect();
    (1..).map(|i| format!("{prefix}{i}")).find(|id| !used.contains(id)).unwrap_or_default()
}

impl TrainingWork {
    /// Signs off `item` for `agent` (replacing an earlier sign-off of the same item).
    pub fn sign_off(
        &mut self,
        agent: &str,
        item: &str,
        date: NaiveDate,
        by: &str,
    ) -> Result<(), TrainingError> {
        if !self.checklist.iter().any(|i| i.id == item) {
            return Err(TrainingError::UnknownItem { item: item.to_owned() });
        }
        self.signoffs.retain(|s| !(s.agent == agent && s.item == item));
        self.signoffs.push(SignOff { agent: agent.into(), item: item.into(), date, by: by.into() });
        Ok(())
    }

    /// Withdraws a sign-off; whether there was one.
    pub fn unsign(&mut self, agent: &str, item: &str) -> bool {
        let n = self.signoffs.len();
        self.signoffs.retain(|s| !(s.agent == agent && s.item == item));
        n != self.signoffs.len()
    }

    /// Adds or replaces (same id) a session; one without id gets `t1`, `t2`…; returns the id.
    pub fn put_session(&mut self, mut s: Session) -> String {
        if s.id.trim().is_empty() {
            s.id = fresh_id("t", self.sessions.iter().map(|x| x.id.clone()));
        }
        let id = s.id.clone();
        match self.sessions.iter_mut().find(|x| x.id == id) {
            Some(x) => *x = s,
            None => self.sessions.push(s),
        }
        id
    }

    /// Adds or replaces (same id) a meeting action; one without id gets `m1`, `m2`…
    pub fn put_action(&mut self, mut a: MeetingAction) -> String {
        if a.id.trim().is_empty() {
            a.id = fresh_id("m", self.actions.iter().map(|x| x.id.clone()));
        }
        let id = a.id.clone();
        match self.actions.iter_mut().find(|x| x.id == id) {
            Some(x) => *x = a,
            None => self.actions.push(a),
        }
        id
    }
}
