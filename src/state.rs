//! The page's state: plain data in signals. Components read it; `actions` change it.

use kefu_core::Lang;
use kefu_core::import::{FileError, FileReport, Mapping};
use kefu_core::jobs::{Progress, WorkspaceView};
use kefu_core::store::Settings;
use leptos::prelude::*;

use crate::i18n::{self, Msgs};
use crate::platform::dom::FileInfo;

/// The screens, in navigation order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Import,
    Roster,
    Qa,
    Kpi,
    Training,
    Share,
    Settings,
    Manual,
}

impl Page {
    pub const ALL: [Page; 8] = [
        Page::Import,
        Page::Roster,
        Page::Qa,
        Page::Kpi,
        Page::Training,
        Page::Share,
        Page::Settings,
        Page::Manual,
    ];

    /// The location hash of the page (`#/import`…), so pages can be bookmarked and reloaded.
    pub fn hash(self) -> &'static str {
        match self {
            Page::Import => "/import",
            Page::Roster => "/roster",
            Page::Qa => "/qa",
            Page::Kpi => "/kpi",
            Page::Training => "/training",
            Page::Share => "/share",
            Page::Settings => "/settings",
            Page::Manual => "/manual",
        }
    }

    /// The page of a hash; a sub-path (`/manual/qa`) belongs to its page.
    pub fn from_hash(h: &str) -> Page {
        Page::ALL
            .into_iter()
            .find(|p| h.strip_prefix(p.hash()).is_some_and(|rest| rest.is_empty() || rest.starts_with('/')))
            .unwrap_or(Page::Import)
    }

    pub fn label(self, m: &Msgs) -> &'static str {
        match self {
            Page::Import => m.nav_import,
            Page::Roster => m.nav_roster,
            Page::Qa => m.nav_qa,
            Page::Kpi => m.nav_kpi,
            Page::Training => m.nav_training,
            Page::Share => m.nav_share,
            Page::Settings => m.nav_settings,
            Page::Manual => m.nav_manual,
        }
    }

    /// A stable id for tests and styling.
    pub fn id(self) -> &'static str {
        self.hash().trim_start_matches('/')
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Info,
    Success,
    Error,
}

/// A message shown at the top of the page until closed.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub id: u64,
    pub tone: Tone,
    pub text: String,
}

/// A job running in the worker: `None` progress until the first report.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    pub progress: Option<Progress>,
}

/// One table found in a dropped file, waiting for the user's decision.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportItem {
    /// The worker's id for the parsed rows.
    pub id: u32,
    /// Index into [`AppState::received`] of the file it came from.
    pub source: usize,
    pub result: Result<FileReport, FileError>,
    /// Import this item when the user commits.
    pub include: bool,
    /// Mask personal data on import (default on).
    pub mask: bool,
    /// The column mapping was set by hand (remembered after import).
    pub hand_mapped: bool,
    /// The mapping editor is open.
    pub editing: bool,
}

impl ImportItem {
    /// Whether this item can be imported as it stands.
    pub fn importable(&self) -> bool {
        matches!(&self.result, Ok(r) if !r.needs_mapping && r.rows_ok > 0)
    }

    pub fn mapping(&self) -> Option<&Mapping> {
        self.result.as_ref().ok().and_then(|r| r.mapping.as_ref())
    }
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub settings: RwSignal<Settings>,
    pub page: RwSignal<Page>,
    /// `None` while the workspace is being opened.
    pub workspace: RwSignal<Option<WorkspaceView>>,
    /// Files received this session (dropped or picked), in order.
    pub received: RwSignal<Vec<FileInfo>>,
    /// Tables found in received files, waiting to be imported.
    pub imports: RwSignal<Vec<ImportItem>>,
    /// Progress of the running job(s); `None` when the worker is idle.
    pub job: RwSignal<Option<Job>>,
    /// Jobs started and not yet finished.
    pub running: RwSignal<u32>,
    pub notices: RwSignal<Vec<Notice>>,
    /// Files are being dragged over the window.
    pub dragging: RwSignal<bool>,
    /// Bytes used and quota, when the browser tells.
    pub storage: RwSignal<Option<(f64, f64)>>,
    /// Agent packets: the agent view (in memory only) and the 分享 page's data.
    pub share: RwSignal<crate::actions::packet::Sharing>,
    next_notice: RwSignal<u64>,
}

impl AppState {
    pub fn new() -> AppState {
        AppState {
            settings: RwSignal::new(Settings::default()),
            page: RwSignal::new(Page::Import),
            workspace: RwSignal::new(None),
            received: RwSignal::new(Vec::new()),
            imports: RwSignal::new(Vec::new()),
            job: RwSignal::new(None),
            running: RwSignal::new(0),
            notices: RwSignal::new(Vec::new()),
            dragging: RwSignal::new(false),
            storage: RwSignal::new(None),
            share: RwSignal::new(Default::default()),
            next_notice: RwSignal::new(1),
        }
    }

    /// The interface language (tracked).
    pub fn lang(&self) -> Lang {
        self.settings.with(|s| s.lang)
    }

    /// The interface text (tracked).
    pub fn m(&self) -> &'static Msgs {
        i18n::msgs(self.lang())
    }

    /// What the stored datasets are (ids and row counts) and the shop/team filter, to tell
    /// whether a result computed earlier is still about the same data. Empty while the
    /// workspace is being opened.
    pub fn data_stamp(&self) -> Vec<String> {
        self.workspace
            .with_untracked(|w| {
                w.as_ref().map(|w| {
                    let mut stamp: Vec<String> =
                        w.manifest.datasets.iter().map(|d| format!("{}:{}", d.id, d.rows)).collect();
                    if !w.filter.is_all() {
                        // Results computed under another shop/team filter are about other data.
                        stamp.push(format!("filter:{:?}:{:?}", w.filter.shop, w.filter.team));
                    }
                    stamp
                })
            })
            .unwrap_or_default()
    }

    pub fn busy(&self) -> bool {
        self.running.get() > 0
    }

    pub fn notify(&self, tone: Tone, text: impl Into<String>) {
        let id = self.next_notice.get_untracked();
        self.next_notice.set(id + 1);
        let text = text.into();
        self.notices.update(|n| {
            n.push(Notice { id, tone, text });
            // Keep the top of the page readable.
            if n.len() > 4 {
                n.remove(0);
            }
        });
    }

    pub fn dismiss(&self, id: u64) {
        self.notices.update(|n| n.retain(|x| x.id != id));
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}
