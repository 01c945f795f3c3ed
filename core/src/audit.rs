//! The audit trail (操作日志): every change the supervisor makes — scorecards and QA rules,
//! reviews and dispute decisions, appraisal templates and comments, rosters, training and
//! registers, imports, demo loads, restores and data-rights erasures — is recorded with its
//! time and a readable summary in both languages.
//!
//! The worker calls one hook around every job: [`rule`] says whether a [`Request`] changes the
//! workspace (an exhaustive match, so a new request cannot be added without deciding), the
//! worker snapshots the user-work documents [`areas_read`] names before and after the job, and
//! [`describe`] turns the request, its answer and the two snapshots into [`AuditEntry`]s.
//! Edits of work documents are summarised by diffing the old and new JSON generically
//! (array elements matched by `id`, labelled by their Chinese/English name, keys by a small
//! dictionary), with area-specific wording where it is cheap (reviews, disputes, rosters).
//!
//! Privacy: a summary never carries a buyer id. Strings found under buyer-ish keys (`buyer`,
//! `customer`, `nick`, `phone`, `conv`…) in either document are masked wherever they would
//! appear, every quoted text passes `training::mask::mask_text` (phones, addresses), and reviews
//! are named by shop and time, never by buyer. [`AuditLog::scrub`] removes an id from the log
//! all the same when a buyer is erased.
//!
//! The log is one append-only document in the `meta` store under [`AUDIT_KEY`], carried in
//! backups and erased with "clear everything". The core has no clock: times are passed in.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Lang;
use crate::jobs::{Request, Response};
use crate::registers::table::{Cell, Table};
use crate::store::{SCHEMA, StoreError, WorkArea, migrate};

/// Key of the audit log in the `meta` object store.
pub const AUDIT_KEY: &str = "audit/log";

/// What part of the work an entry is about (the log's filter).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuditArea {
    Qa,
    Kpi,
    Roster,
    Training,
    Registers,
    /// Imports (commit, discard).
    Import,
    /// The whole workspace: demo loaded, backup restored.
    #[default]
    Workspace,
    /// Data rights: a buyer erased, the retention rule applied.
    Rights,
}

impl AuditArea {
    pub const ALL: [AuditArea; 8] = [
        AuditArea::Qa,
        AuditArea::Kpi,
        AuditArea::Roster,
        AuditArea::Training,
        AuditArea::Registers,
        AuditArea::Import,
        AuditArea::Workspace,
        AuditArea::Rights,
    ];

    /// Short stable name (`qa`, `kpi`…), used in the page's filter.
    pub fn name(self) -> &'static str {
        match self {
            AuditArea::Qa => "qa",
            AuditArea::Kpi => "kpi",
            AuditArea::Roster => "roster",
            AuditArea::Training => "training",
            AuditArea::Registers => "registers",
            AuditArea::Import => "import",
            AuditArea::Workspace => "workspace",
            AuditArea::Rights => "rights",
        }
    }

    pub fn from_name(name: &str) -> Option<AuditArea> {
        AuditArea::ALL.into_iter().find(|a| a.name() == name)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            AuditArea::Qa => lang.pick("质检", "QA"),
            AuditArea::Kpi => lang.pick("绩效考核", "Appraisal"),
            AuditArea::Roster => lang.pick("排班", "Roster"),
            AuditArea::Training => lang.pick("培训", "Training"),
            AuditArea::Registers => lang.pick("登记簿", "Registers"),
            AuditArea::Import => lang.pick("导入", "Import"),
            AuditArea::Workspace => lang.pick("工作区", "Workspace"),
            AuditArea::Rights => lang.pick("数据权利", "Data rights"),
        }
    }

    fn of(area: WorkArea) -> AuditArea {
        match area {
            WorkArea::Qa => AuditArea::Qa,
            WorkArea::Kpi => AuditArea::Kpi,
            WorkArea::Roster => AuditArea::Roster,
            WorkArea::Training => AuditArea::Training,
            WorkArea::Registers => AuditArea::Registers,
        }
    }
}

/// One line of the log.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditEntry {
    /// Local time, `YYYY-MM-DD HH:MM:SS` (passed in by the caller).
    pub at: String,
    pub area: AuditArea,
    /// Stable code of what was done (`save-work`, `qa-review`, `qa-resolve`, `import`…).
    pub action: String,
    /// The summary in Chinese and in English.
    pub zh: String,
    pub en: String,
    /// How many things changed (fields, rows…), when it is a count.
    pub count: u64,
}

impl AuditEntry {
    pub fn summary(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }

    /// The day of `at`, when it reads as a date.
    pub fn day(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(self.at.get(..10)?, "%Y-%m-%d").ok()
    }
}

/// The stored log: entries oldest first; only ever appended to (or emptied with everything).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditLog {
    pub entries: Vec<AuditEntry>,
}

#[derive(Serialize, Deserialize)]
struct Stored<L> {
    schema: u32,
    #[serde(flatten)]
    log: L,
}

impl AuditLog {
    pub fn encode(&self) -> Vec<u8> {
        serde_json::to_vec(&Stored { schema: SCHEMA, log: self }).expect("audit log serialises")
    }

    /// Reads the stored log, migrating it forward; a newer or damaged one is an error (the
    /// caller keeps it aside and starts a new one).
    pub fn decode(bytes: &[u8]) -> Result<AuditLog, StoreError> {
        let what = "audit log";
        let value: Value = serde_json::from_slice(bytes)
            .map_err(|e| StoreError::Corrupt { what: what.into(), detail: e.to_string() })?;
        let value = migrate(what, value)?;
        let stored: Stored<AuditLog> = serde_json::from_value(value)
            .map_err(|e| StoreError::Corrupt { what: what.into(), detail: e.to_string() })?;
        Ok(stored.log)
    }

    /// Removes `id` (an erased buyer) from every summary. Returns how many entries changed.
    pub fn scrub(&mut self, id: &str) -> u64 {
        if id.is_empty() {
            return 0;
        }
        let mut n = 0;
        for e in &mut self.entries {
            let mut hit = false;
            for s in [&mut e.zh, &mut e.en, &mut e.action, &mut e.at] {
                if s.contains(id) {
                    *s = s.replace(id, "[已删除]");
                    hit = true;
                }
            }
            n += hit as u64;
        }
        n
    }
}

/// How the audit hook treats a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditRule {
    /// Changes nothing the user made (reads, computations, exports).
    ReadOnly,
    /// Changes the workspace: recorded under this area when it succeeds.
    Records(AuditArea),
    /// Erases everything, the log included: nothing is left to record in.
    ErasesLog,
}

/// Whether (and where) a request is recorded. Exhaustive on purpose: a new request does not
/// compile until someone decides.
pub fn rule(req: &Request) -> AuditRule {
    use AuditRule::*;
    match req {
        Request::Open
        | Request::ExportBackup { .. }
        | Request::ExportQuarantine
        | Request::Analyse { .. }
        | Request::QaOverview { .. }
        | Request::QaConversations { .. }
        | Request::QaConversation { .. }
        | Request::QaDesk
        | Request::QaUnconverted
        | Request::KpiTable { .. }
        | Request::KpiExplain { .. }
        | Request::KpiExport { .. }
        | Request::KpiReport { .. }
        | Request::KpiAppraisal { .. }
        | Request::LoadWork { .. }
        | Request::RosterPrepare { .. }
        | Request::RosterSolve { .. }
        | Request::RosterStop
        | Request::RosterCheck { .. }
        | Request::AuditLog
        | Request::AuditExport { .. }
        | Request::StorageReport
        // A view preference, like the language: what is stored stays as it was.
        | Request::SetFilter { .. }
        | Request::KpiRankingExport { .. }
        // Training and registers compute and export; their edits arrive as `SaveWork`.
        | Request::TrainingOverview { .. }
        | Request::TrainingSheet { .. }
        | Request::TrainingMeeting { .. }
        | Request::TrainingQuestions
        | Request::TrainingReadScripts
        | Request::TrainingExport { .. }
        | Request::RegistersRewards { .. }
        | Request::RegistersSuggest { .. }
        | Request::RegistersConversation { .. }
        // Packets are read from the workspace, and opened in memory only.
        | Request::PacketAgents
        | Request::ExportPackets { .. }
        | Request::OpenPacket { .. } => ReadOnly,
        Request::EraseBuyer { apply, .. } | Request::Retention { apply, .. } => {
            if *apply {
                Records(AuditArea::Rights)
            } else {
                ReadOnly
            }
        }
        Request::LoadDemo { .. } | Request::RestoreBackup { .. } => Records(AuditArea::Workspace),
        Request::ClearAll => ErasesLog,
        Request::Commit { .. } | Request::Discard { .. } => Records(AuditArea::Import),
        Request::QaSaveReview { .. } | Request::QaEdit { .. } | Request::ApplyReply { .. } => {
            Records(AuditArea::Qa)
        }
        Request::SaveWork { area, .. } => Records(AuditArea::of(*area)),
    }
}

/// The user-work documents the hook must read before and after `req` to describe it.
pub fn areas_read(req: &Request) -> Vec<WorkArea> {
    match req {
        Request::SaveWork { area, .. } => vec![*area],
        Request::QaSaveReview { .. } | Request::QaEdit { .. } => vec![WorkArea::Qa],
        _ => Vec::new(),
    }
}

/// Snapshots of work documents (bodies as JSON), by area.
pub type Docs = BTreeMap<WorkArea, Value>;

/// The entries to record for `req`, which was answered with `resp`. `before` and `after` hold
/// the documents [`areas_read`] named (missing: there was none). Nothing for a request that
/// changed nothing (a refused edit, a preview, a save that saved the same document).
pub fn describe(req: &Request, resp: &Response, before: &Docs, after: &Docs, at: &str) -> Vec<AuditEntry> {
    let AuditRule::Records(area) = rule(req) else { return Vec::new() };
    let entry = |action: &str, zh: String, en: String, count: u64| AuditEntry {
        at: at.to_owned(),
        area,
        action: action.to_owned(),
        zh,
        en,
        count,
    };
    let null = Value::Null;
    let doc = |docs: &'_ Docs, a: WorkArea| docs.get(&a).cloned().unwrap_or(null.clone());
    match (req, resp) {
        (Request::SaveWork { area: wa, .. }, _) => {
            let (old, new) = normalised(*wa, doc(before, *wa), doc(after, *wa));
            work_change(*wa, &old, &new)
                .map(|(zh, en, n)| entry("save-work", zh, en, n))
                .into_iter()
                .collect()
        }
        (Request::QaSaveReview { review }, Response::QaReviewSaved { errors }) if errors.is_empty() => {
            let after = typed::<crate::qa::QaWork>(&doc(after, WorkArea::Qa));
            let score = after
                .config()
                .scorecards
                .cards
                .iter()
                .find(|c| c.id == review.scorecard)
                .and_then(|card| review.score(card).score);
            let (zh, en) = review_summary(review, score);
            vec![entry("qa-review", zh, en, 1)]
        }
        (Request::QaEdit { edit }, Response::QaDesk { error: None, .. }) => {
            let (old, new) = normalised(WorkArea::Qa, doc(before, WorkArea::Qa), doc(after, WorkArea::Qa));
            qa_edit(edit, &old, &new).map(|(a, zh, en, n)| entry(a, zh, en, n)).into_iter().collect()
        }
        (Request::Commit { .. }, Response::Imported { summary, .. }) => {
            let rows: u64 = summary.iter().map(|s| s.rows).sum();
            let dups: u64 = summary.iter().map(|s| s.duplicates).sum();
            let list = |lang: Lang| {
                summary
                    .iter()
                    .map(|s| match lang {
                        Lang::Zh => format!("{} {} 行", s.kind.label(lang), s.rows),
                        Lang::En => format!("{} {} rows", s.kind.label(lang), s.rows),
                    })
                    .collect::<Vec<_>>()
                    .join(lang.pick("，", ", "))
            };
            vec![entry(
                "import",
                format!("导入数据：{}（跳过重复 {dups} 行）", list(Lang::Zh)),
                format!("Imported: {} ({dups} duplicate rows skipped)", list(Lang::En)),
                rows,
            )]
        }
        (Request::Discard { items }, _) => vec![entry(
            "import-discard",
            format!("放弃 {} 个已分析但未导入的表格", items.len()),
            format!("Discarded {} analysed tables without importing them", items.len()),
            items.len() as u64,
        )],
        (Request::LoadDemo { seed, .. }, Response::Workspace { view, .. }) => vec![entry(
            "demo",
            format!(
                "载入示例数据（种子 {seed}）：工作区被替换为 {} 个数据集、{} 行；原有的用户工作被清空",
                view.manifest.datasets.len(),
                view.manifest.total_rows()
            ),
            format!(
                "Loaded the demo data (seed {seed}): the workspace was replaced with {} datasets, {} rows; earlier user work was cleared",
                view.manifest.datasets.len(),
                view.manifest.total_rows()
            ),
            view.manifest.datasets.len() as u64,
        )],
        (Request::RestoreBackup { file_name, .. }, Response::Restored { view, created, .. }) => {
            let file = mask(file_name, &[]);
            let n = view.manifest.datasets.len();
            vec![entry(
                "restore",
                format!("从备份“{file}”恢复（备份时间 {created}）：{n} 个数据集，用户工作一并恢复"),
                format!(
                    "Restored from the backup “{file}” (made {created}): {n} datasets, user work included"
                ),
                n as u64,
            )]
        }
        (Request::ApplyReply { .. }, Response::ReplyApplied { outcome }) if !outcome.already => {
            let who = crate::roster::work::nick(&outcome.agent);
            vec![entry(
                "agent-reply",
                format!(
                    "收回客服 {who} 的回复文件：新增申诉 {} 条（重复 {} 条未加），确认培训单 {} 份",
                    outcome.added, outcome.skipped, outcome.acks
                ),
                format!(
                    "Took in {who}'s reply file: {} disputes added ({} repeats left out), {} training sheets acknowledged",
                    outcome.added, outcome.skipped, outcome.acks
                ),
                u64::from(outcome.added + outcome.acks),
            )]
        }
        (Request::EraseBuyer { .. }, Response::Rights { report }) if report.applied => {
            let rows: u64 = report.erase.iter().map(|p| p.rows + p.messages).sum();
            vec![entry(
                "erase-buyer",
                format!(
                    "按删除请求删除一位买家的全部数据：{rows} 行/条消息，用户工作中 {} 处，另存记录 {} 条（日志不记录买家 ID）",
                    report.work_changes, report.kept_aside
                ),
                format!(
                    "Erased one buyer on request: {rows} rows/messages, {} places in user work, {} kept-aside records (the log does not keep the buyer id)",
                    report.work_changes, report.kept_aside
                ),
                rows,
            )]
        }
        (Request::Retention { months, .. }, Response::Rights { report }) if report.applied => {
            let dropped: u64 = report.retention.iter().map(|p| p.dropped).sum();
            let cutoff = report.cutoff.map(|d| d.to_string()).unwrap_or_default();
            vec![entry(
                "retention",
                format!("按保留期限（{months} 个月）删除 {cutoff} 之前的数据：{dropped} 行"),
                format!("Retention ({months} months): dropped {dropped} rows dated before {cutoff}"),
                dropped,
            )]
        }
        _ => Vec::new(),
    }
}

fn typed<T: serde::de::DeserializeOwned + Default>(v: &Value) -> T {
    serde_json::from_value(v.clone()).unwrap_or_default()
}

/// Fills in what a document means by default (no document is the area's defaults, QA's
/// `config: null` the default rules), so the first edit of a default is a change of fields, not
/// of "nothing" into "something".
fn normalised(area: WorkArea, old: Value, new: Value) -> (Value, Value) {
    fn fill(area: WorkArea, mut v: Value) -> Value {
        if area == WorkArea::Qa
            && let Some(o) = v.as_object_mut()
            && o.get("config").is_none_or(Value::is_null)
        {
            let cfg = serde_json::to_value(crate::qa::QaConfig::default()).unwrap_or(Value::Null);
            o.insert("config".into(), cfg);
        }
        if v.is_null() {
            // No document yet: the area's defaults, which is what the page started from.
            let fresh = match area {
                WorkArea::Qa => serde_json::to_value(crate::qa::QaWork::default()),
                WorkArea::Kpi => serde_json::to_value(crate::kpi::KpiWork::default()),
                WorkArea::Roster => serde_json::to_value(crate::roster::work::RosterWork::default()),
                WorkArea::Training => serde_json::to_value(crate::training::TrainingWork::default()),
                WorkArea::Registers => serde_json::to_value(crate::registers::RegistersWork::default()),
            };
            return match fresh {
                Ok(fresh) if !fresh.is_null() => fill(area, fresh),
                _ => Value::Object(Default::default()),
            };
        }
        v
    }
    (fill(area, old), fill(area, new))
}

fn review_summary(review: &crate::qa::Review, score: Option<f64>) -> (String, String) {
    let when = review.conv.start.iso();
    let when = when.get(..16).unwrap_or(&when).replace('T', " ");
    let shop = mask(&review.conv.shop, &[&review.conv.buyer]);
    let score_zh = score.map_or("不适用".to_owned(), fmt_num);
    let score_en = score.map_or("n/a".to_owned(), fmt_num);
    let reviewer = mask(&review.reviewer, &[&review.conv.buyer]);
    let (cal_zh, cal_en) = match &review.calibration {
        Some(c) => {
            (format!("，校准场次“{}”", mask(c, &[])), format!(", calibration session “{}”", mask(c, &[])))
        }
        None => (String::new(), String::new()),
    };
    (
        format!("复核：店铺“{shop}” {when} 开始的会话 评分 {score_zh}（评审人 {reviewer}{cal_zh}）"),
        format!(
            "Review: the conversation of shop “{shop}” starting {when} scored {score_en} (reviewer {reviewer}{cal_en})"
        ),
    )
}

fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 { format!("{x:.0}") } else { format!("{x:.2}").trim_end_matches('0').to_owned() }
}

fn qa_edit(
    edit: &crate::qa::QaEdit,
    old: &Value,
    new: &Value,
) -> Option<(&'static str, String, String, u64)> {
    use crate::qa::QaEdit::*;
    let sensitive = sensitive_strings(old, new);
    let s: Vec<&str> = sensitive.iter().map(String::as_str).collect();
    match edit {
        SetReviewer { name, calibration } => {
            let name = mask(name, &s);
            let (zh, en) = match calibration {
                Some(c) => {
                    let c = mask(c, &s);
                    (
                        format!("评审人设为 {name}，校准场次“{c}”"),
                        format!("Reviewer set to {name}, calibration session “{c}”"),
                    )
                }
                None => (
                    format!("评审人设为 {name}（正式复核）"),
                    format!("Reviewer set to {name} (ordinary reviews)"),
                ),
            };
            (old != new).then_some(("qa-reviewer", zh, en, 1))
        }
        SetConfig { .. } | ResetConfig => {
            let (o, n) =
                (old.get("config").unwrap_or(&Value::Null), new.get("config").unwrap_or(&Value::Null));
            let (zh, en, count) = summarise_changes(o, n, &s)?;
            let reset = matches!(edit, ResetConfig);
            Some((
                "qa-config",
                format!("{}质检规则与评分表：{zh}", if reset { "恢复默认 " } else { "" }),
                format!("{}QA rules and scorecards: {en}", if reset { "Back to defaults — " } else { "" }),
                count,
            ))
        }
        DrawSample { plan, week } => {
            let n = new.pointer("/sampling/items").and_then(Value::as_array).map_or(0, Vec::len);
            let wk = week.map_or_else(|| "全部周".to_owned(), |w| format!("{w} 当周"));
            let wk_en = week.map_or_else(|| "every week".to_owned(), |w| format!("the week of {w}"));
            Some((
                "qa-sample",
                format!("抽查计划：{wk}每人每周抽 {} 个，共抽出 {n} 个会话", plan.per_agent),
                format!(
                    "Sampling plan for {wk_en}: {} per agent and week, {n} conversations drawn",
                    plan.per_agent
                ),
                n as u64,
            ))
        }
        ClearSample => Some((
            "qa-sample-clear",
            "清除抽查计划（复核保留）".into(),
            "Cleared the sampling plan (reviews kept)".into(),
            1,
        )),
        Dispute { conv, reviewer, by, reason } => {
            let s = [s.as_slice(), &[conv.buyer.as_str()]].concat();
            let when = conv.start.iso().get(..16).unwrap_or_default().replace('T', " ");
            let (shop, reviewer, by, reason) =
                (mask(&conv.shop, &s), mask(reviewer, &s), mask(by, &s), mask(reason, &s));
            Some((
                "qa-dispute",
                format!("申诉：{by} 对 {reviewer} 复核的店铺“{shop}” {when} 会话提出申诉，理由“{reason}”"),
                format!(
                    "Dispute: {by} disputes {reviewer}'s review of shop “{shop}” at {when}, reason “{reason}”"
                ),
                1,
            ))
        }
        Resolve { conv, reviewer, note, values } => {
            let s = [s.as_slice(), &[conv.buyer.as_str()]].concat();
            let when = conv.start.iso().get(..16).unwrap_or_default().replace('T', " ");
            let (shop, reviewer, note) = (mask(&conv.shop, &s), mask(reviewer, &s), mask(note, &s));
            let (d_zh, d_en) = if values.is_some() {
                ("接受，按更正后的分值重新评分", "accepted, rescored with the corrected values")
            } else {
                ("驳回，评分不变", "rejected, the score stays")
            };
            Some((
                "qa-resolve",
                format!("申诉处理：{reviewer} 复核的店铺“{shop}” {when} 会话 — {d_zh}；说明“{note}”"),
                format!(
                    "Dispute decided on {reviewer}'s review of shop “{shop}” at {when}: {d_en}; note “{note}”"
                ),
                1,
            ))
        }
    }
}

/// A save of a work document: what changed, or `None` when nothing did.
fn work_change(area: WorkArea, old: &Value, new: &Value) -> Option<(String, String, u64)> {
    let sensitive = sensitive_strings(old, new);
    let s: Vec<&str> = sensitive.iter().map(String::as_str).collect();
    let label = AuditArea::of(area);
    let (mut zh, mut en, mut count) = (Vec::new(), Vec::new(), 0);
    let (mut old, mut new) = (old.clone(), new.clone());
    if area == WorkArea::Roster {
        // The grid is summarised as a grid, not cell by cell.
        let take = |v: &mut Value| v.as_object_mut().and_then(|o| o.remove("roster")).unwrap_or(Value::Null);
        let (a, b) = (take(&mut old), take(&mut new));
        if a != b {
            let r: Option<crate::roster::work::SavedRoster> =
                serde_json::from_value(b.clone()).ok().flatten();
            let before: Option<crate::roster::work::SavedRoster> = serde_json::from_value(a).ok().flatten();
            match r {
                Some(r) => {
                    let start = r.start.map(|d| d.to_string()).unwrap_or_default();
                    let shifts = r.cells.iter().filter(|&&c| (c as usize) < r.types.len()).count();
                    let moved = before
                        .filter(|p| p.agents == r.agents && p.days == r.days && p.start == r.start)
                        .map(|p| p.cells.iter().zip(&r.cells).filter(|(x, y)| x != y).count());
                    let (mz, me) = match moved {
                        Some(m) => (format!("，改动 {m} 格"), format!(", {m} cells changed")),
                        None => (String::new(), String::new()),
                    };
                    zh.push(format!(
                        "保存 {start} 起 {} 天排班：{} 人，{shifts} 个班次{mz}",
                        r.days,
                        r.agents.len()
                    ));
                    en.push(format!(
                        "saved the roster from {start} for {} days: {} agents, {shifts} shifts{me}",
                        r.days,
                        r.agents.len()
                    ));
                }
                None => {
                    zh.push("删除已保存的排班".into());
                    en.push("removed the saved roster".into());
                }
            }
            count += 1;
        }
    }
    if let Some((z, e, n)) = summarise_changes(&old, &new, &s) {
        zh.push(z);
        en.push(e);
        count += n;
    }
    if zh.is_empty() {
        return None;
    }
    Some((
        format!("{}：{}", label.label(Lang::Zh), zh.join("；")),
        format!("{}: {}", label.label(Lang::En), en.join("; ")),
        count,
    ))
}

/// How many changes a summary spells out; the rest are counted.
const SHOWN: usize = 4;

/// The generic diff as one sentence per language: the first few changes and the count.
fn summarise_changes(old: &Value, new: &Value, sensitive: &[&str]) -> Option<(String, String, u64)> {
    let mut changes = Vec::new();
    diff(&mut Vec::new(), old, new, &mut changes);
    if changes.is_empty() {
        return None;
    }
    let n = changes.len();
    let text = |lang: Lang| {
        let mut parts: Vec<String> = changes.iter().take(SHOWN).map(|c| c.text(lang, sensitive)).collect();
        if n > SHOWN {
            parts.push(match lang {
                Lang::Zh => format!("等共 {n} 处改动"),
                Lang::En => format!("and more: {n} changes in all"),
            });
        }
        parts.join(lang.pick("；", "; "))
    };
    Some((text(Lang::Zh), text(Lang::En), n as u64))
}

/// One step of a path into a document.
#[derive(Clone, Debug, PartialEq)]
enum Seg {
    Key(String),
    Item { zh: String, en: String },
}

/// One changed place: `old: None` added, `new: None` removed.
#[derive(Clone, Debug, PartialEq)]
struct Change {
    path: Vec<Seg>,
    old: Option<Value>,
    new: Option<Value>,
}

fn diff(path: &mut Vec<Seg>, a: &Value, b: &Value, out: &mut Vec<Change>) {
    if a == b {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                path.push(Seg::Key(k.clone()));
                let empty = Value::Object(Default::default());
                match (x.get(k), y.get(k)) {
                    (Some(p), Some(q)) => diff(path, p, q, out),
                    // A nameless group (a month of comments…): what is in it.
                    (Some(p), None) if p.is_object() && !named(p) => diff(path, p, &empty, out),
                    (None, Some(q)) if q.is_object() && !named(q) => diff(path, &empty, q, out),
                    (Some(p), None) => {
                        out.push(Change { path: path.clone(), old: Some(p.clone()), new: None })
                    }
                    (None, Some(q)) => {
                        out.push(Change { path: path.clone(), old: None, new: Some(q.clone()) })
                    }
                    (None, None) => {}
                }
                path.pop();
            }
        }
        (Value::Array(x), Value::Array(y)) => diff_array(path, x, y, out),
        _ => out.push(Change { path: path.clone(), old: Some(a.clone()), new: Some(b.clone()) }),
    }
}

/// Whether an object can be named in a summary (it has an id, a name or a title).
fn named(v: &Value) -> bool {
    ident(v).is_some() || v.get("name").is_some() || v.get("title").is_some() || v.get("zh").is_some()
}

/// The identity of an array element: its `id` (or `key`/`code`), when it has one.
fn ident(v: &Value) -> Option<String> {
    let o = v.as_object()?;
    ["id", "code"].iter().find_map(|k| match o.get(*k)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

fn item_seg(v: &Value, index: usize) -> Seg {
    let pick = |keys: &[&str]| {
        let o = v.as_object()?;
        keys.iter()
            .find_map(|k| o.get(*k).and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_owned))
    };
    let zh = pick(&["zh", "name", "title", "label", "id"]).unwrap_or_else(|| format!("第 {} 项", index + 1));
    let en = pick(&["en", "name", "title", "label", "id"]).unwrap_or_else(|| format!("item {}", index + 1));
    Seg::Item { zh, en }
}

fn diff_array(path: &mut Vec<Seg>, x: &[Value], y: &[Value], out: &mut Vec<Change>) {
    let ids = |v: &[Value]| -> Option<Vec<String>> {
        let ids: Option<Vec<String>> = v.iter().map(ident).collect();
        ids.filter(|ids| ids.iter().collect::<BTreeSet<_>>().len() == ids.len())
    };
    if let (Some(ix), Some(iy)) = (ids(x), ids(y)) {
        for (i, (id, a)) in ix.iter().zip(x).enumerate() {
            path.push(item_seg(a, i));
            match iy.iter().position(|j| j == id) {
                Some(j) => diff(path, a, &y[j], out),
                None => {
                    path.pop();
                    out.push(Change { path: path.clone(), old: Some(a.clone()), new: None });
                    continue;
                }
            }
            path.pop();
        }
        for (id, b) in iy.iter().zip(y) {
            if !ix.contains(id) {
                out.push(Change { path: path.clone(), old: None, new: Some(b.clone()) });
            }
        }
        return;
    }
    let scalar = |v: &Value| !v.is_object() && !v.is_array();
    if x.iter().chain(y).all(scalar) {
        // Word lists and the like: what was taken out and what was put in.
        for a in x.iter().filter(|a| !y.contains(a)) {
            out.push(Change { path: path.clone(), old: Some(a.clone()), new: None });
        }
        for b in y.iter().filter(|b| !x.contains(b)) {
            out.push(Change { path: path.clone(), old: None, new: Some(b.clone()) });
        }
        return;
    }
    for i in 0..x.len().max(y.len()) {
        match (x.get(i), y.get(i)) {
            (Some(a), Some(b)) => {
                path.push(item_seg(b, i));
                diff(path, a, b, out);
                path.pop();
            }
            (Some(a), None) => out.push(Change { path: path.clone(), old: Some(a.clone()), new: None }),
            (None, Some(b)) => out.push(Change { path: path.clone(), old: None, new: Some(b.clone()) }),
            (None, None) => {}
        }
    }
}

/// Labels of the keys of the work documents, `(key, zh, en)`; keys not listed read as they are.
/// An empty label leaves the step out of the path (containers such as `cards`).
const KEYS: &[(&str, &str, &str)] = &[
    ("config", "", ""),
    ("cards", "", ""),
    ("scorecards", "评分表", "scorecards"),
    ("categories", "", ""),
    ("rules", "规则", "rules"),
    ("weight", "权重", "weight"),
    ("points", "分值", "points"),
    ("critical", "致命项", "critical"),
    ("bonus", "加分", "bonus"),
    ("enabled", "启用", "enabled"),
    ("phrases", "词表", "word list"),
    ("triggers", "触发词", "triggers"),
    ("exceptions", "例外词", "exceptions"),
    ("session_gap_secs", "会话间隔（秒）", "session gap (s)"),
    ("slow_reply_secs", "慢回复阈值（秒）", "slow reply (s)"),
    ("unconverted", "未成交原因词表", "unconverted-enquiry words"),
    ("price", "价格", "price"),
    ("stock", "库存", "stock"),
    ("size", "尺码", "size"),
    ("shipping", "物流/运费", "shipping"),
    ("window_days", "下单期限（天）", "order window (days)"),
    ("after_sale_days", "售后期（天）", "after-sale window (days)"),
    ("reviewer", "评审人", "reviewer"),
    ("calibration", "校准场次", "calibration session"),
    ("reviews", "复核", "reviews"),
    ("sampling", "抽查计划", "sampling plan"),
    ("zh", "中文名", "Chinese name"),
    ("en", "英文名", "English name"),
    ("templates", "考核模板", "templates"),
    ("items", "", ""),
    ("grades", "等级", "grades"),
    ("adjustments", "加减分项", "adjustments"),
    ("band", "区间", "band"),
    ("min", "下限", "minimum"),
    ("months", "月份", "months"),
    ("comments", "评语", "comments"),
    ("ratings", "主管评分", "ratings"),
    ("agents", "客服", "agents"),
    ("requests", "请假与排班要求", "leave and requests"),
    ("staffing", "人手测算", "staffing"),
    ("forecast", "预测", "forecast"),
    ("pre_share", "售前占比", "pre-sale share"),
    ("open_from", "营业开始", "opening"),
    ("open_to", "营业结束", "closing"),
    ("days", "天数", "days"),
    ("start", "开始日期", "start"),
    ("seed", "随机种子", "seed"),
    ("iterations", "迭代次数", "iterations"),
    ("library", "话术库", "script library"),
    ("scripts", "", ""),
    ("sessions", "培训场次", "training sessions"),
    ("actions", "待办", "actions"),
    ("checklist", "新人清单", "new-hire checklist"),
    ("signoffs", "签收", "sign-offs"),
    ("supervisor", "主管", "supervisor"),
    ("attendees", "参训人", "attendees"),
    ("complaints", "投诉登记", "complaints"),
    ("rewards", "奖惩登记", "rewards and penalties"),
    ("status", "状态", "status"),
    ("handler", "处理人", "handler"),
    ("category", "类别", "category"),
    ("title", "标题", "title"),
    ("text", "内容", "text"),
    ("reason", "原因", "reason"),
    ("amount", "金额", "amount"),
    ("date", "日期", "date"),
];

fn key_label(k: &str, lang: Lang) -> Option<String> {
    match KEYS.iter().find(|(key, _, _)| *key == k) {
        Some((_, zh, en)) => {
            let l = lang.pick(zh, en);
            (!l.is_empty()).then(|| l.to_owned())
        }
        None => Some(k.to_owned()),
    }
}

impl Change {
    fn text(&self, lang: Lang, sensitive: &[&str]) -> String {
        let mut path: Vec<String> = self
            .path
            .iter()
            .filter_map(|s| match s {
                Seg::Key(k) => key_label(k, lang).map(|l| mask(&l, sensitive)),
                Seg::Item { zh, en } => Some(format!("“{}”", mask(lang.pick(zh, en), sensitive))),
            })
            .collect();
        path.dedup(); // the rule set's `rules.rules` reads once
        let at =
            if path.is_empty() { lang.pick("整体", "the whole").to_owned() } else { path.join(" · ") };
        let v = |x: &Value| value_text(x, lang, sensitive);
        match (&self.old, &self.new) {
            (Some(a), Some(b)) => format!("{at} {} → {}", v(a), v(b)),
            (None, Some(b)) => match lang {
                Lang::Zh => format!("{at} 新增 {}", v(b)),
                Lang::En => format!("{at}: added {}", v(b)),
            },
            (Some(a), None) => match lang {
                Lang::Zh => format!("{at} 删除 {}", v(a)),
                Lang::En => format!("{at}: removed {}", v(a)),
            },
            (None, None) => at,
        }
    }
}

fn value_text(v: &Value, lang: Lang, sensitive: &[&str]) -> String {
    match v {
        Value::Null => lang.pick("无", "none").into(),
        Value::Bool(b) => lang.pick(if *b { "是" } else { "否" }, if *b { "yes" } else { "no" }).into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => {
            let short: String = s.chars().take(30).collect();
            let more = if s.chars().count() > 30 { "…" } else { "" };
            format!("“{}{more}”", mask(&short, sensitive))
        }
        Value::Array(a) => match lang {
            Lang::Zh => format!("（{} 项）", a.len()),
            Lang::En => format!("({} items)", a.len()),
        },
        Value::Object(_) => match item_seg(v, 0) {
            Seg::Item { zh, en }
                if ident(v).is_some() || v.get("name").is_some() || v.get("title").is_some() =>
            {
                format!("“{}”", mask(lang.pick(&zh, &en), sensitive))
            }
            _ => lang.pick("（一项）", "(an entry)").into(),
        },
    }
}

/// Keys under which a document keeps personal data of buyers.
const SENSITIVE_KEYS: &[&str] =
    &["buyer", "customer", "nick", "phone", "mobile", "tel", "address", "receiver", "order_id"];

/// Every string under a buyer-ish key in either document (at least two characters).
fn sensitive_strings(a: &Value, b: &Value) -> BTreeSet<String> {
    fn all_strings(v: &Value, out: &mut BTreeSet<String>) {
        match v {
            Value::String(s) if s.chars().count() >= 2 => {
                out.insert(s.clone());
            }
            Value::Array(a) => a.iter().for_each(|x| all_strings(x, out)),
            Value::Object(o) => o.values().for_each(|x| all_strings(x, out)),
            _ => {}
        }
    }
    fn walk(v: &Value, out: &mut BTreeSet<String>) {
        match v {
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            Value::Object(o) => {
                for (k, x) in o {
                    if SENSITIVE_KEYS.iter().any(|s| k.to_lowercase().contains(s)) {
                        all_strings(x, out);
                    } else {
                        walk(x, out);
                    }
                }
            }
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    walk(a, &mut out);
    walk(b, &mut out);
    out
}

/// Masks phones, addresses and the given strings in a text that goes into the log.
fn mask(text: &str, sensitive: &[&str]) -> String {
    let mut out = crate::training::mask::mask_text(text, &[]);
    for s in sensitive.iter().filter(|s| s.chars().count() >= 2) {
        if out.contains(s) {
            out = out.replace(s, "***");
        }
    }
    out
}

/// Which entries the log view shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditFilter {
    pub area: Option<AuditArea>,
    /// First and last day shown (inclusive).
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl AuditFilter {
    pub fn admits(&self, e: &AuditEntry) -> bool {
        if self.area.is_some_and(|a| a != e.area) {
            return false;
        }
        if self.from.is_none() && self.to.is_none() {
            return true;
        }
        let Some(day) = e.day() else { return false };
        self.from.is_none_or(|f| day >= f) && self.to.is_none_or(|t| day <= t)
    }
}

/// The entries `filter` admits, newest first (entries of the same second keep the order they
/// were recorded in, newest first too).
pub fn select<'a>(log: &'a [AuditEntry], filter: &AuditFilter) -> Vec<&'a AuditEntry> {
    let mut out: Vec<(usize, &AuditEntry)> =
        log.iter().enumerate().filter(|(_, e)| filter.admits(e)).collect();
    out.sort_by(|(i, a), (j, b)| b.at.cmp(&a.at).then(j.cmp(i)));
    out.into_iter().map(|(_, e)| e).collect()
}

/// The entries as a table for CSV/XLSX export (`registers::table` neutralises every text cell).
pub fn audit_table(entries: &[&AuditEntry], lang: Lang) -> Table {
    Table {
        title: lang.pick("操作日志", "Audit trail").into(),
        columns: vec![
            lang.pick("时间", "Time").into(),
            lang.pick("范围", "Area").into(),
            lang.pick("操作", "Action").into(),
            lang.pick("说明", "Summary").into(),
            lang.pick("数量", "Count").into(),
        ],
        rows: entries
            .iter()
            .map(|e| {
                vec![
                    Cell::text(e.at.clone()),
                    Cell::text(e.area.label(lang)),
                    Cell::text(e.action.clone()),
                    Cell::text(e.summary(lang)),
                    Cell::Num(e.count as f64),
                ]
            })
            .collect(),
        highlight: Vec::new(),
    }
}

#[cfg(test)]
mod tests;
