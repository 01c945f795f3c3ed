//! Long-running work, described as plain data so it can cross the Web Worker boundary.
//!
//! The app's worker receives a [`Request`], reports [`Progress`] while it works and ends with
//! a [`Response`] or a [`JobError`]. Core computations take a [`Tick`] callback: it receives
//! progress and returns `Err(Cancelled)` to stop early (natively a flag, in the browser the
//! worker is simply terminated).

use serde::{Deserialize, Serialize};

use crate::Lang;
use crate::lang::Localize;
use crate::store::{Manifest, StoreError};

/// The computation was asked to stop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("cancelled")]
pub struct Cancelled;

/// Progress callback: `(done, total)` in the job's own units. Returning `Err` stops the job.
pub type Tick<'a> = &'a mut dyn FnMut(u64, u64) -> Result<(), Cancelled>;

/// A tick that never cancels and ignores progress.
pub fn no_tick() -> impl FnMut(u64, u64) -> Result<(), Cancelled> {
    |_, _| Ok(())
}

/// What the UI asks the worker to do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Open the workspace store, migrating or quarantining as needed.
    Open,
    /// Restrict every later computation (QA, KPI, roster, training…) to one shop and/or team;
    /// the choice is stored with the workspace. Answers `Workspace`.
    SetFilter { filter: crate::model::Filter },
    /// Replace the workspace with a freshly generated demo team.
    LoadDemo { seed: u64, now: String },
    /// Build a backup of everything; the bytes travel beside the response. With a
    /// `passphrase` the file is sealed (`store::seal`).
    ExportBackup {
        settings_json: String,
        now: String,
        #[serde(default)]
        passphrase: Option<String>,
    },
    /// Restore from a backup file that travels beside the request; a sealed one needs its
    /// `passphrase`.
    RestoreBackup {
        file_name: String,
        #[serde(default)]
        passphrase: Option<String>,
    },
    /// Erase every dataset.
    ClearAll,
    /// Download what was kept aside (quarantined) as a file.
    ExportQuarantine,
    /// Read files (attached in this order) and report what they hold; the worker keeps the
    /// parsed rows until `Commit` or `Discard`. Items listed in `discard` are dropped first.
    Analyse { files: Vec<AnalyseFile>, discard: Vec<u32> },
    /// Store the chosen analysed items as datasets (one per kind), without rows already in the
    /// workspace.
    Commit { items: Vec<CommitItem>, now: String },
    /// Forget analysed items.
    Discard { items: Vec<u32> },
    /// Check every conversation of the workspace (QA) with `config` (`None`: the defaults) and
    /// summarise per agent.
    QaOverview { config: Option<Box<crate::qa::QaConfig>> },
    /// The conversations of one agent (all agents with `None`), as the last `QaOverview` saw them.
    QaConversations { agent: Option<crate::model::NameId> },
    /// One conversation with its evidence (buyer masked), its scorecard and its review (the
    /// stored one, or a draft prefilled with the automatic values).
    QaConversation { conv: u32 },
    /// Save a human review (validated against its scorecard first).
    QaSaveReview { review: Box<crate::qa::Review> },
    /// The reviewer's desk: sampling plan, disputes, calibration, configuration in use.
    QaDesk,
    /// Change the QA work (reviewer, rules, plan, disputes) and answer with the desk.
    QaEdit { edit: Box<crate::qa::QaEdit> },
    /// 未成交分析 over the workspace's chats and orders.
    QaUnconverted,
    /// The KPI table over `period` (`None`: the whole period of the data) cut by `by`.
    KpiTable { period: Option<crate::model::Period>, by: crate::kpi::GroupBy, lang: Lang },
    /// The formula, numerator, denominator and rows behind one figure.
    KpiExplain { kpi: crate::kpi::Kpi, scope: crate::kpi::Scope, period: crate::model::Period, lang: Lang },
    /// The KPI table as a file (XLSX, else CSV); the bytes travel beside the response.
    KpiExport { period: crate::model::Period, by: crate::kpi::GroupBy, xlsx: bool, lang: Lang },
    /// A 日报/周报/月报 (`kind`) of the period containing `day` (`None`: the data's last day):
    /// headline with the change against the previous period, per-agent table and charts (SVG).
    KpiReport { kind: crate::kpi::report::ReportKind, day: Option<chrono::NaiveDate>, lang: Lang },
    /// The appraisal of the month containing `day` (`None`: the data's last month) with the
    /// templates, comments and ratings of the stored `work/kpi` document, and the ranking.
    KpiAppraisal { day: Option<chrono::NaiveDate>, lang: Lang },
    /// The appraisal ranking on screen as a file (XLSX, else CSV); the bytes travel beside the
    /// response.
    KpiRankingExport { ranking: Box<crate::kpi::appraisal::Ranking>, xlsx: bool, lang: Lang },
    /// Read an area's user-work document (see `store::WorkArea`).
    LoadWork { area: crate::store::WorkArea },
    /// Replace an area's user-work document with `body_json` (the area's body type, as JSON).
    SaveWork { area: crate::store::WorkArea, body_json: String },
    /// Roster: forecast, staffing and the compiled plan from the workspace's chats and staff.
    RosterPrepare { work: Box<crate::roster::work::RosterWork> },
    /// Roster: run the optimiser in steps, reporting `Progress::roster` after each.
    RosterSolve { job: Box<crate::roster::work::SolveJob> },
    /// Roster: stop the running solve (or engine check) after its current step; it answers
    /// with the best so far.
    RosterStop,
    /// Roster engine check (排班引擎自检): the optimiser on a Curtois & Qu instance (the file
    /// travels beside the request) or the practical case, under a time budget, reporting
    /// `Progress::roster` after each slice. Reads and writes no stored data.
    RosterCheck { job: Box<crate::roster::check::CheckJob> },
    /// Data rights: find (and with `apply`, erase) everything that mentions one buyer.
    EraseBuyer { buyer: String, apply: bool },
    /// Data rights: find (and with `apply`, drop) rows dated before `today` minus `months`.
    Retention { months: u32, today: chrono::NaiveDate, apply: bool },
    /// Training: the agents of the QA run, the data's span, the plan (topics of `period` —
    /// `None`: the whole span — and the stored sessions with their before/after check) and
    /// every agent's new-hire checklist, from the stored `work/training`.
    TrainingOverview { period: Option<crate::model::Period>, lang: Lang },
    /// Training: one agent's training sheet (培训单) over `period` (`None`: the whole span).
    TrainingSheet { agent: String, period: Option<crate::model::Period>, supervisor: String, lang: Lang },
    /// Training: the weekly meeting (例会) sheet of the week containing `day` (`None`: the
    /// data's last day).
    TrainingMeeting { day: Option<chrono::NaiveDate>, lang: Lang },
    /// Training: the most frequent buyer questions and the best replies (library candidates).
    TrainingQuestions,
    /// Training: read the script-library CSV attached to the request.
    TrainingReadScripts,
    /// Training and registers: a table as XLSX (else CSV) at `now`; the bytes travel beside
    /// the response.
    TrainingExport { table: crate::training::tables::TableKind, xlsx: bool, now: crate::Ts, lang: Lang },
    /// Registers: rewards and penalties of the month containing `day` (`None`: the data's last
    /// month): appraisal and attendance entries plus the stored manual ones.
    RegistersRewards { day: Option<chrono::NaiveDate>, lang: Lang },
    /// Registers: complaints suggested from QA's escalation flags, a reply promised
    /// `reply_within_secs` after the buyer's words.
    RegistersSuggest { reply_within_secs: i64 },
    /// Registers: the conversation a complaint links to (buyer masked).
    RegistersConversation { key: crate::qa::ConvKey },
    /// Agent packets: the agents a packet can be made for, and the replies applied so far.
    PacketAgents,
    /// Agent packets for `agents` (sub-accounts; empty = every agent) over the data's last
    /// month, sealed with `passphrase` when given; one packet is a `.kefupack`, several a zip.
    ExportPackets { agents: Vec<String>, passphrase: Option<String>, lang: Lang, now: String },
    /// Open a packet file (attached) in memory only: no stored data is read or changed.
    OpenPacket { file_name: String, passphrase: Option<String> },
    /// Apply an agent's reply file (attached) to the QA work: disputes join the queue once.
    ApplyReply { file_name: String },
    /// Administration: the whole audit trail (操作日志).
    AuditLog,
    /// Administration: the entries `filter` admits as a file (XLSX, else CSV).
    AuditExport { filter: crate::audit::AuditFilter, xlsx: bool, lang: Lang },
    /// Administration: what is stored, record by record, with sizes.
    StorageReport,
}

/// One file to analyse.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnalyseFile {
    pub name: String,
    pub size: u64,
    pub options: crate::import::Options,
}

/// One analysed item to store.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommitItem {
    pub id: u32,
    /// Mask personal data (the default; the user may opt out per file).
    pub mask: bool,
}

/// One table found in an analysed file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnalysedItem {
    /// Worker-wide id, used to commit or discard.
    pub id: u32,
    /// Index of the file in the request it came from (a zip archive gives several items).
    pub source: usize,
    pub result: Result<crate::import::FileReport, crate::import::FileError>,
}

/// What one kind of data added to the workspace.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportSummary {
    pub kind: crate::model::DatasetKind,
    pub label: String,
    pub rows: u64,
    /// Rows left out because the workspace (or the same import) already had them.
    pub duplicates: u64,
}

/// Stages a job goes through, for the progress line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    Opening,
    Generating,
    Reading,
    Checking,
    Writing,
    Packing,
    Analysing,
    /// Loading the stored datasets into the worker's memory for a computation.
    Loading,
    /// Checking conversations (QA).
    Inspecting,
    /// Computing figures (KPI).
    Computing,
    /// Forecasting chats and agents needed (roster).
    Forecasting,
    /// Searching for a better roster.
    Optimising,
    /// Protecting or opening a file with a passphrase (key derivation takes a second).
    Sealing,
}

impl Stage {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Stage::Opening => lang.pick("正在打开工作区", "Opening the workspace"),
            Stage::Generating => lang.pick("正在生成示例数据", "Generating demo data"),
            Stage::Reading => lang.pick("正在读取文件", "Reading the file"),
            Stage::Checking => lang.pick("正在检查数据", "Checking the data"),
            Stage::Writing => lang.pick("正在保存到浏览器", "Saving in this browser"),
            Stage::Packing => lang.pick("正在打包备份", "Packing the backup"),
            Stage::Analysing => lang.pick("正在分析文件", "Analysing the files"),
            Stage::Loading => lang.pick("正在载入数据", "Loading the data"),
            Stage::Inspecting => lang.pick("正在质检会话", "Checking conversations"),
            Stage::Computing => lang.pick("正在计算绩效指标", "Computing the KPIs"),
            Stage::Forecasting => {
                lang.pick("正在预测咨询量和所需人手", "Forecasting chats and agents needed")
            }
            Stage::Optimising => lang.pick("正在优化排班", "Optimising the roster"),
            Stage::Sealing => lang.pick("正在用口令加密或解密", "Applying the passphrase"),
        }
    }
}

/// A progress report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub stage: Stage,
    pub done: u64,
    pub total: u64,
    /// What is being worked on (a file name), when useful.
    #[serde(default)]
    pub detail: String,
    /// The roster optimiser's latest point (objective chart), while it runs.
    #[serde(default)]
    pub roster: Option<crate::roster::work::SolvePoint>,
}

impl Progress {
    /// Fraction done in 0..=1 (0 when the total is unknown).
    pub fn fraction(&self) -> f64 {
        if self.total == 0 { 0.0 } else { (self.done as f64 / self.total as f64).clamp(0.0, 1.0) }
    }
}

/// The workspace as the UI shows it: the manifest, how many records are kept aside, and the
/// shop/team filter every computation applies.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkspaceView {
    pub manifest: Manifest,
    /// Records in the quarantine store.
    pub kept_aside: usize,
    #[serde(default)]
    pub filter: crate::model::Filter,
}

impl WorkspaceView {
    /// The shops and teams the stored datasets hold.
    pub fn filter_choices(&self) -> crate::model::FilterChoices {
        crate::model::FilterChoices::union(self.manifest.datasets.iter().map(|d| &d.choices))
    }
}

/// What the worker answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// The workspace as it now stands, plus anything worth telling about how it was opened.
    Workspace {
        view: WorkspaceView,
        notices: Vec<crate::store::OpenNotice>,
    },
    /// A file to offer for download; its bytes travel beside the response.
    File {
        name: String,
        mime: String,
    },
    /// A restore went through; carries the restored settings for the UI to apply.
    Restored {
        view: WorkspaceView,
        settings_json: String,
        created: String,
    },
    /// What the analysed files hold.
    Analysis {
        items: Vec<AnalysedItem>,
    },
    /// An import went through.
    Imported {
        view: WorkspaceView,
        summary: Vec<ImportSummary>,
    },
    /// An area's user-work document body as JSON; `None` when there is none yet (or it could
    /// not be read and was kept aside, which `notices` then says).
    Work {
        area: crate::store::WorkArea,
        body_json: Option<String>,
        notices: Vec<crate::store::OpenNotice>,
    },
    /// The QA summary: per agent and team.
    QaOverview {
        overview: crate::qa::Overview,
        conversations: u64,
        messages: u64,
        /// Reviews that could not be read (kept aside).
        notices: Vec<crate::store::OpenNotice>,
    },
    QaConversations {
        rows: Vec<crate::qa::ConvRow>,
    },
    QaConversation {
        view: Option<Box<crate::qa::ConvView>>,
        card: Option<Box<crate::qa::Scorecard>>,
        review: Option<Box<crate::qa::Review>>,
        /// Whether `review` is stored (else it is a draft).
        saved: bool,
    },
    /// The review was saved when `errors` is empty; otherwise nothing changed.
    QaReviewSaved {
        errors: Vec<crate::qa::ReviewError>,
    },
    /// The reviewer's desk; `error`: why the edit asked for was refused (nothing changed).
    QaDesk {
        desk: Box<crate::qa::QaDesk>,
        error: Option<crate::qa::EditError>,
    },
    /// `None` when the workspace has no orders.
    QaUnconverted {
        view: Option<Box<crate::qa::UnconvertedView>>,
    },
    /// A KPI table (`None` when the data has no dated rows); `span` is the whole period the
    /// data covers.
    KpiTable {
        table: Option<Box<crate::kpi::KpiTable>>,
        span: Option<crate::model::Period>,
    },
    KpiExplain {
        explanation: Box<crate::kpi::Explanation>,
    },
    /// A report and its charts (SVG text, every text in it escaped by `kpi::svg`).
    KpiReport {
        report: Box<crate::kpi::report::ReportData>,
        charts: Vec<crate::kpi::svg::Chart>,
        span: Option<crate::model::Period>,
    },
    /// The month's appraisal sheets, best first, and the `work/kpi` document they used.
    KpiAppraisal {
        ranking: Box<crate::kpi::appraisal::Ranking>,
        work: Box<crate::kpi::KpiWork>,
        /// `2026-11`: the key of the month in `work.months`.
        month: String,
        span: Option<crate::model::Period>,
        /// A `work/kpi` document that could not be read (kept aside).
        notices: Vec<crate::store::OpenNotice>,
    },
    RosterPrepared {
        result: Result<Box<crate::roster::work::Prepared>, crate::roster::work::PrepareError>,
    },
    /// The best roster found; `points` is the objective chart, `first_legal_ms` the time from
    /// the job's start to the first roster without a hard violation.
    RosterSolved {
        roster: crate::roster::model::Roster,
        points: Vec<crate::roster::work::SolvePoint>,
        first_legal_ms: Option<f64>,
        stopped: bool,
        ms: f64,
    },
    /// The engine check's outcome, or why it could not start (file and line of a parse error).
    RosterChecked {
        result: Result<Box<crate::roster::check::CheckResult>, crate::roster::check::CheckError>,
    },
    /// What a data-rights request found, and whether it was carried out.
    Rights {
        report: Box<RightsReport>,
    },
    /// Training overview: agents (sub-accounts), the chats' span, the plan and checklists.
    TrainingOverview {
        agents: Vec<String>,
        span: Option<crate::model::Period>,
        plan: Option<Box<crate::training::PlanView>>,
        checklists: Vec<crate::training::ChecklistView>,
    },
    TrainingSheet {
        result: Result<Box<crate::training::TrainingSheet>, crate::training::TrainingError>,
    },
    /// `None` without chats.
    TrainingMeeting {
        sheet: Option<Box<crate::training::MeetingSheet>>,
    },
    TrainingQuestions {
        clusters: Vec<crate::training::QuestionCluster>,
    },
    TrainingScripts {
        result: Result<Vec<crate::training::Script>, Vec<crate::training::ScriptCsvError>>,
    },
    RegistersRewards {
        view: Box<crate::registers::RewardsView>,
        span: Option<crate::model::Period>,
    },
    RegistersSuggested {
        complaints: Vec<crate::registers::Complaint>,
    },
    RegistersConversation {
        view: Option<Box<crate::qa::ConvView>>,
    },
    /// Agent packets: who packets can be made for, and the replies applied so far.
    PacketAgents {
        agents: Vec<crate::packet::AgentChoice>,
        replies: Vec<crate::packet::ReplyRecord>,
    },
    /// An opened packet, for the agent view (held in the page's memory only).
    PacketOpened {
        packet: Box<crate::packet::AgentPacket>,
    },
    /// What applying a reply did.
    ReplyApplied {
        outcome: crate::packet::ApplyOutcome,
    },
    /// A packet or reply request was refused; nothing changed.
    PacketRefused {
        error: crate::packet::PacketError,
    },
    /// The audit trail, oldest first.
    Audit {
        entries: Vec<crate::audit::AuditEntry>,
    },
    /// What is stored in the browser's database.
    Storage {
        items: Vec<crate::store::StoredItem>,
    },
    /// Done; nothing to report.
    Done,
}

/// The answer to `EraseBuyer` / `Retention`: a preview, or what was done.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RightsReport {
    /// Set when the request was refused (nothing searched, nothing changed).
    pub refused: Option<crate::rights::RightsError>,
    pub erase: Vec<crate::rights::ErasePreview>,
    pub retention: Vec<crate::rights::RetentionPreview>,
    /// First day kept by the retention rule.
    pub cutoff: Option<chrono::NaiveDate>,
    /// Places changed in the user-work documents (reviews, registers…).
    pub work_changes: u64,
    /// Kept-aside records that mention the buyer (they are deleted: they cannot be edited).
    pub kept_aside: u64,
    pub applied: bool,
    /// The workspace after the change, when applied.
    pub view: Option<WorkspaceView>,
}

/// Why a job failed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum JobError {
    #[error("cancelled")]
    Cancelled,
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The browser's storage is full (quota exceeded).
    #[error("browser storage is full")]
    StorageFull,
    /// The browser refused something (IndexedDB unavailable, private mode…), in its own words.
    #[error("browser: {0}")]
    Browser(String),
    /// The background worker stopped in the middle of a job.
    #[error("worker stopped: {0}")]
    Crashed(String),
}

impl From<Cancelled> for JobError {
    fn from(_: Cancelled) -> Self {
        JobError::Cancelled
    }
}

impl Localize for JobError {
    fn localize(&self, lang: Lang) -> String {
        match self {
            JobError::Cancelled => lang.pick("已取消，工作区未改变。", "Cancelled; the workspace is unchanged.").into(),
            JobError::Store(e) => e.localize(lang),
            JobError::StorageFull => lang.pick(
                "浏览器存储空间不足，保存失败，工作区未改变。请释放磁盘空间，或在“设置”中导出备份后删除不需要的数据，然后重试。",
                "Browser storage is full, so nothing was saved and the workspace is unchanged. Free disk space, or export a backup and delete data you no longer need in Settings, then try again.",
            )
            .into(),
            JobError::Crashed(detail) => match lang {
                Lang::Zh => format!("后台计算意外中止（{detail}），工作区未改变。请重试；如果反复出现，请导出备份后刷新页面。"),
                Lang::En => format!("The background task stopped unexpectedly ({detail}); the workspace is unchanged. Try again; if it keeps happening, export a backup and reload the page."),
            },
            JobError::Browser(m) => match lang {
                Lang::Zh => format!("浏览器拒绝了操作：{m}。工作区未改变；请检查浏览器是否允许本站存储数据，或释放磁盘空间后重试。"),
                Lang::En => format!("The browser refused: {m}. The workspace is unchanged; check that this site may store data, or free disk space, and try again."),
            },
        }
    }
}
