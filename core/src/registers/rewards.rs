//! The rewards and penalties register (奖惩登记): entries generated from the appraisal (grade
//! bonuses, QA-critical and complaint deductions, the supervisor's adjustments) and from the
//! attendance rule book (each late arrival, absence or missing clock that costs points), plus
//! the supervisor's manual entries. Generated entries carry a stable id (`auto:…`), so
//! regenerating never duplicates them; only manual entries are stored.
//!
//! Attendance points appear once: per event from the rule book, never again as the appraisal's
//! attendance line.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::table::{Cell, Table};
use crate::kpi::appraisal::{AdjustSource, Ranking};
use crate::kpi::{KpiIndex, Scope};
use crate::model::Period;
use crate::{Lang, Money};

/// Reward or penalty.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Reward,
    Penalty,
}

impl Kind {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Kind::Reward => lang.pick("奖励", "Reward"),
            Kind::Penalty => lang.pick("处罚", "Penalty"),
        }
    }
}

/// Where an entry came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Appraisal,
    Attendance,
    Manual,
}

impl Origin {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Origin::Appraisal => lang.pick("绩效考核", "Appraisal"),
            Origin::Attendance => lang.pick("考勤制度", "Attendance rules"),
            Origin::Manual => lang.pick("手工登记", "Manual"),
        }
    }
}

/// One entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Entry {
    pub id: String,
    pub date: NaiveDate,
    /// Sub-account.
    pub agent: String,
    pub name: String,
    pub kind: Kind,
    pub origin: Origin,
    pub reason: String,
    /// Signed points: positive for a reward, negative for a penalty.
    pub points: f64,
    /// Signed money: a bonus is positive, a fine negative.
    pub amount: Money,
    /// Who recorded it (manual entries).
    pub by: String,
}

impl Default for Entry {
    fn default() -> Self {
        Entry {
            id: String::new(),
            date: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default(),
            agent: String::new(),
            name: String::new(),
            kind: Kind::Penalty,
            origin: Origin::Manual,
            reason: String::new(),
            points: 0.0,
            amount: Money::ZERO,
            by: String::new(),
        }
    }
}

/// Entries from an appraisal ranking, dated `date` (usually the month's last day): the grade
/// bonus, and every adjustment line except attendance (which [`from_attendance`] lists per
/// event). `lang` must be the language the ranking was made in (lines are told apart by label).
pub fn from_appraisal(ranking: &Ranking, date: NaiveDate, lang: Lang) -> Vec<Entry> {
    let attendance = AdjustSource::AttendancePenalty.label(lang);
    let mut out = Vec::new();
    for s in &ranking.sheets {
        for (i, a) in s.adjustments.iter().enumerate() {
            if a.label == attendance || a.points == 0.0 {
                continue;
            }
            let kind = if a.points > 0.0 { Kind::Reward } else { Kind::Penalty };
            out.push(Entry {
                id: format!("auto:appraisal:{}:{}:{i}", s.agent, ranking.period.from),
                date,
                agent: s.agent.clone(),
                name: s.name.clone(),
                kind,
                origin: Origin::Appraisal,
                reason: format!(
                    "{}（{} × {}）",
                    a.label,
                    fmt_num(a.count),
                    fmt_num(a.points / a.count.max(1e-9))
                ),
                points: a.points,
                ..Entry::default()
            });
        }
        if s.bonus > Money::ZERO {
            out.push(Entry {
                id: format!("auto:grade:{}:{}", s.agent, ranking.period.from),
                date,
                agent: s.agent.clone(),
                name: s.name.clone(),
                kind: Kind::Reward,
                origin: Origin::Appraisal,
                reason: match lang {
                    Lang::Zh => format!("{} 考核等级：{}", ranking.period.zh_range(), s.grade),
                    Lang::En => format!(
                        "Appraisal grade {} ({} to {})",
                        s.grade, ranking.period.from, ranking.period.to
                    ),
                },
                amount: s.bonus,
                ..Entry::default()
            });
        }
    }
    out
}

fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 { format!("{x:.0}") } else { format!("{x:.2}") }
}

/// Entries from the attendance rule book over `period`: one per event that costs points.
pub fn from_attendance(index: &KpiIndex, period: &Period, lang: Lang) -> Vec<Entry> {
    let mut out = Vec::new();
    for a in &index.agents {
        let s = index.attendance_summary(&Scope::Agent(a.account.clone()), period);
        for e in s.events.iter().filter(|e| e.points > 0.0) {
            out.push(Entry {
                id: format!("auto:attendance:{}:{}:{}:{:?}", a.account, e.date, e.row, e.kind),
                date: e.date,
                agent: a.account.clone(),
                name: a.name.clone(),
                kind: Kind::Penalty,
                origin: Origin::Attendance,
                reason: e.kind.label(lang),
                points: -e.points,
                ..Entry::default()
            });
        }
    }
    out
}

/// The register (stored in the Registers work document): manual entries only.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RewardsRegister {
    pub manual: Vec<Entry>,
}

impl RewardsRegister {
    /// Adds or replaces (same id) a manual entry; one without id gets `r1`, `r2`…; the sign
    /// of points and amount follows the kind.
    pub fn put(&mut self, mut e: Entry) -> String {
        e.origin = Origin::Manual;
        let sign = if e.kind == Kind::Reward { 1.0 } else { -1.0 };
        e.points = e.points.abs() * sign;
        e.amount = Money(e.amount.fen().abs() * sign as i64);
        if e.id.trim().is_empty() {
            let used: std::collections::HashSet<&str> = self.manual.iter().map(|x| x.id.as_str()).collect();
            e.id = (1..).map(|i| format!("r{i}")).find(|id| !used.contains(id.as_str())).unwrap_or_default();
        }
        let id = e.id.clone();
        match self.manual.iter_mut().find(|x| x.id == id) {
            Some(x) => *x = e,
            None => self.manual.push(e),
        }
        id
    }

    pub fn remove(&mut self, id: &str) -> bool {
        let n = self.manual.len();
        self.manual.retain(|e| e.id != id);
        n != self.manual.len()
    }
}

/// Per-agent totals.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AgentTotal {
    pub agent: String,
    pub name: String,
    pub rewards: u32,
    pub penalties: u32,
    /// Net points.
    pub points: f64,
    /// Net money.
    pub amount: Money,
}

/// The register as shown for a period.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RewardsView {
    pub period: Option<Period>,
    /// Generated and manual entries of the period, by date, agent, id.
    pub entries: Vec<Entry>,
    pub totals: Vec<AgentTotal>,
}

/// Merges generated entries and the manual ones dated inside `period`.
pub fn rewards_view(generated: Vec<Entry>, reg: &RewardsRegister, period: &Period) -> RewardsView {
    let mut entries: Vec<Entry> =
        generated.into_iter().chain(reg.manual.iter().cloned()).filter(|e| period.contains(e.date)).collect();
    entries.sort_by(|a, b| a.date.cmp(&b.date).then(a.agent.cmp(&b.agent)).then(a.id.cmp(&b.id)));
    let mut by: BTreeMap<&str, AgentTotal> = BTreeMap::new();
    for e in &entries {
        let t = by.entry(&e.agent).or_insert_with(|| AgentTotal {
            agent: e.agent.clone(),
            name: e.name.clone(),
            ..AgentTotal::default()
        });
        match e.kind {
            Kind::Reward => t.rewards += 1,
            Kind::Penalty => t.penalties += 1,
        }
        t.points += e.points;
        t.amount += e.amount;
    }
    let totals = by.into_values().collect();
    RewardsView { period: Some(*period), entries, totals }
}

/// The entries as a table (penalties highlighted).
pub fn rewards_table(view: &RewardsView, lang: Lang) -> Table {
    let t = |zh, en| lang.pick(zh, en).to_owned();
    Table {
        title: lang.pick("奖惩登记", "Rewards and penalties").into(),
        columns: vec![
            t("日期", "Date"),
            t("客服", "Agent"),
            t("姓名", "Name"),
            t("类型", "Kind"),
            t("来源", "Origin"),
            t("事由", "Reason"),
            t("分值", "Points"),
            t("金额", "Amount"),
            t("登记人", "Recorded by"),
        ],
        highlight: view
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == Kind::Penalty)
            .map(|(i, _)| i)
            .collect(),
        rows: view
            .entries
            .iter()
            .map(|e| {
                vec![
                    Cell::Date(e.date),
                    Cell::text(&e.agent),
                    Cell::text(&e.name),
                    Cell::text(e.kind.label(lang)),
                    Cell::text(e.origin.label(lang)),
                    Cell::text(&e.reason),
                    Cell::Num(e.points),
                    Cell::Money(e.amount),
                    Cell::text(&e.by),
                ]
            })
            .collect(),
    }
}
