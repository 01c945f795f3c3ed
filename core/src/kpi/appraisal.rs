//! Monthly appraisal (绩效考核): templates per role (KPI, weight, target, scoring band),
//! penalties and bonuses (attendance, critical QA failures, complaints, manual), total →
//! grade (configurable cut-offs) → bonus amount by tier; one sheet per agent with the
//! supervisor's comment, and the team ranking.
//!
//! Conventions: an item whose KPI has no value (no data) is N/A and left out, the remaining
//! weights are rescaled to 100 (the QA products' "N/A excluded"); a band gives a percentage
//! of the item's weight; the total is the KPI score plus adjustments, never below 0; ties in
//! the ranking share a rank (1, 2, 2, 4). Defaults follow domain.md §8 (pre-sale template with
//! 询单转化率 30%, 客单价 ratio 15%, first response 15%, average response 10%, 回复率 10%,
//! after-sale composite 10% (here 好评率), supervisor rating 10%; grades 卓越/优秀/良好/中/不合格;
//! a valid complaint costs 20 points).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::index::KpiIndex;
use super::metric::{Kpi, Unit};
use super::query::{GroupBy, KpiRow, QaInput, Scope, Value};
use crate::model::{Period, Role};
use crate::{Lang, Money};

/// What an item measures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    Kpi(Kpi),
    /// The agent's 客单价 ÷ the shop's.
    AovRatio,
    /// The supervisor's rating, 0–100, from [`AppraisalInputs::supervisor`].
    SupervisorRating,
}

impl Measure {
    pub fn label(&self, lang: Lang) -> String {
        match self {
            Measure::Kpi(k) => k.name(lang).to_owned(),
            Measure::AovRatio => lang.pick("客单价比（个人÷全店）", "AOV ratio (agent ÷ shop)").into(),
            Measure::SupervisorRating => lang.pick("主管评分", "Supervisor rating").into(),
        }
    }

    /// The unit of the measured value (rates are fractions).
    pub fn unit(&self) -> Unit {
        match self {
            Measure::Kpi(k) => k.unit(),
            Measure::AovRatio => Unit::Ratio,
            Measure::SupervisorRating => Unit::Points,
        }
    }
}

/// How a value becomes a percentage (0–100, or more when a cap allows) of the item's weight.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    /// The first step reached gives its percentage; `steps` go from best to worst
    /// (`(threshold, pct)`); below all steps gives `below`.
    Steps { higher_is_better: bool, steps: Vec<(f64, f64)>, below: f64 },
    /// 0% at `floor`, 100% at `target`, linear between, capped at `cap` percent.
    Linear { floor: f64, target: f64, cap: f64 },
    /// 100% at or above `target`; `per_point` percent off per percentage point below (JD).
    PerPointBelow { target: f64, per_point: f64 },
    /// The value already is a 0–100 score.
    Direct,
}

impl Band {
    pub fn pct(&self, v: f64) -> f64 {
        match self {
            Band::Steps { higher_is_better, steps, below } => steps
                .iter()
                .find(|(t, _)| if *higher_is_better { v >= *t } else { v <= *t })
                .map_or(*below, |s| s.1),
            Band::Linear { floor, target, cap } => {
                if (target - floor).abs() < f64::EPSILON {
                    return if v >= *target { 100.0 } else { 0.0 };
                }
                ((v - floor) / (target - floor) * 100.0).clamp(0.0, *cap)
            }
            Band::PerPointBelow { target, per_point } => {
                if v >= *target {
                    100.0
                } else {
                    (100.0 - (target - v) * 100.0 * per_point).max(0.0)
                }
            }
            Band::Direct => v.clamp(0.0, 100.0),
        }
    }

    /// The target as people read it (`≥ 60.0%`, `≤ 6.0秒`).
    pub fn target_text(&self, unit: Unit, lang: Lang) -> String {
        let show = |x: f64| match unit {
            Unit::Money => format!("¥{x:.2}"),
            _ => Value::Num(x).display(unit, lang),
        };
        match self {
            Band::Steps { higher_is_better, steps, .. } => steps
                .first()
                .map(|(t, _)| format!("{} {}", if *higher_is_better { "≥" } else { "≤" }, show(*t)))
                .unwrap_or_default(),
            Band::Linear { target, .. } | Band::PerPointBelow { target, .. } => {
                format!("≥ {}", show(*target))
            }
            Band::Direct => "0–100".into(),
        }
    }
}

/// One line of a template.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub measure: Measure,
    /// Points of 100.
    pub weight: f64,
    pub band: Band,
}

/// Where an adjustment's count comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdjustSource {
    /// Points from the attendance rule book (already points; use 1.0 per unit).
    AttendancePenalty,
    QaCritical,
    Complaints,
    /// [`AppraisalInputs::manual_points`] (positive = bonus, negative = penalty).
    Manual,
}

impl AdjustSource {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            AdjustSource::AttendancePenalty => lang.pick("考勤扣分", "Attendance"),
            AdjustSource::QaCritical => lang.pick("严重质检问题", "Critical QA failures"),
            AdjustSource::Complaints => lang.pick("有效投诉", "Complaints"),
            AdjustSource::Manual => lang.pick("主管加减分", "Supervisor adjustment"),
        }
    }
}

/// A penalty (negative `points_per_unit`) or bonus.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Adjustment {
    pub source: AdjustSource,
    pub points_per_unit: f64,
}

/// A grade and the bonus it pays.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Grade {
    pub label: String,
    /// Lowest total that earns this grade.
    pub min: f64,
    pub bonus: Money,
}

/// An appraisal template.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Template {
    pub name: String,
    /// Agents of this role use it (`None`: any role, as a fallback).
    pub role: Option<Role>,
    pub items: Vec<Item>,
    pub adjustments: Vec<Adjustment>,
    /// From the best grade down; the last one should have `min` 0.
    pub grades: Vec<Grade>,
}

impl Default for Template {
    fn default() -> Self {
        default_templates(Lang::Zh).remove(0)
    }
}

fn steps(higher_is_better: bool, s: &[(f64, f64)]) -> Band {
    Band::Steps { higher_is_better, steps: s.to_vec(), below: 0.0 }
}

fn grades(lang: Lang) -> Vec<Grade> {
    [
        ("卓越", "Outstanding", 95.0, 1000),
        ("优秀", "Excellent", 90.0, 600),
        ("良好", "Good", 85.0, 300),
        ("中", "Fair", 70.0, 0),
        ("不合格", "Failing", 0.0, 0),
    ]
    .iter()
    .map(|&(zh, en, min, y)| Grade { label: lang.pick(zh, en).into(), min, bonus: Money::yuan(y) })
    .collect()
}

fn adjustments() -> Vec<Adjustment> {
    vec![
        Adjustment { source: AdjustSource::AttendancePenalty, points_per_unit: -1.0 },
        Adjustment { source: AdjustSource::QaCritical, points_per_unit: -10.0 },
        Adjustment { source: AdjustSource::Complaints, points_per_unit: -20.0 },
        Adjustment { source: AdjustSource::Manual, points_per_unit: 1.0 },
    ]
}

/// The default templates (domain.md §8): 售前 and 售后.
pub fn default_templates(lang: Lang) -> Vec<Template> {
    let pre = Template {
        name: lang.pick("售前月度考核", "Pre-sale monthly").into(),
        role: Some(Role::PreSale),
        items: vec![
            Item {
                measure: Measure::Kpi(Kpi::Conversion),
                weight: 30.0,
                band: steps(true, &[(0.60, 100.0), (0.50, 80.0), (0.45, 60.0), (0.38, 40.0)]),
            },
            Item {
                measure: Measure::AovRatio,
                weight: 15.0,
                band: steps(true, &[(1.25, 100.0), (1.15, 80.0), (1.05, 60.0), (0.95, 40.0)]),
            },
            Item {
                measure: Measure::Kpi(Kpi::FirstResponse),
                weight: 15.0,
                band: steps(false, &[(6.0, 100.0), (12.0, 80.0), (20.0, 60.0), (30.0, 40.0)]),
            },
            Item {
                measure: Measure::Kpi(Kpi::AvgResponse),
                weight: 10.0,
                band: steps(false, &[(18.0, 100.0), (25.0, 80.0), (35.0, 60.0), (45.0, 40.0)]),
            },
            Item {
                measure: Measure::Kpi(Kpi::ReplyRate),
                weight: 10.0,
                band: steps(true, &[(0.98, 100.0), (0.95, 80.0), (0.92, 60.0)]),
            },
            Item {
                measure: Measure::Kpi(Kpi::GoodReviewRate),
                weight: 10.0,
                band: Band::Linear { floor: 0.90, target: 0.99, cap: 100.0 },
            },
            Item { measure: Measure::SupervisorRating, weight: 10.0, band: Band::Direct },
        ],
        adjustments: adjustments(),
        grades: grades(lang),
    };
    let after = Template {
        name: lang.pick("售后月度考核", "After-sale monthly").into(),
        role: Some(Role::AfterSale),
        items: vec![
            Item {
                measure: Measure::Kpi(Kpi::Satisfaction),
                weight: 40.0,
                band: Band::PerPointBelow { target: 0.90, per_point: 2.0 },
            },
            Item {
                measure: Measure::Kpi(Kpi::DisputeRate),
                weight: 20.0,
                band: steps(false, &[(0.001, 100.0), (0.003, 80.0), (0.005, 60.0), (0.01, 40.0)]),
            },
            Item {
                measure: Measure::Kpi(Kpi::ReplyRate),
                weight: 15.0,
                band: steps(true, &[(0.98, 100.0), (0.95, 80.0), (0.92, 60.0)]),
            },
            Item {
                measure: Measure::Kpi(Kpi::AvgResponse),
                weight: 15.0,
                band: steps(false, &[(25.0, 100.0), (35.0, 80.0), (45.0, 60.0), (60.0, 40.0)]),
            },
            Item { measure: Measure::SupervisorRating, weight: 10.0, band: Band::Direct },
        ],
        adjustments: adjustments(),
        grades: grades(lang),
    };
    vec![pre, after]
}

/// What the supervisor adds to an appraisal (by sub-account).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AppraisalInputs {
    pub supervisor: HashMap<String, f64>,
    pub comments: HashMap<String, String>,
    pub manual_points: HashMap<String, f64>,
    /// Last month's grade label, to flag a second failing month in a row.
    pub previous_grades: HashMap<String, String>,
    pub qa: Option<QaInput>,
    /// 有效投诉 in the month per sub-account: complaints in the register judged to be the
    /// agent's fault (`registers::ComplaintRegister::valid_by_agent`). The 投诉数 KPI (buyers
    /// who used a complaint word) is shown, never deducted.
    pub valid_complaints: HashMap<String, f64>,
}

/// One scored item of a sheet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemScore {
    pub label: String,
    pub kpi: Option<Kpi>,
    pub value: Option<f64>,
    pub value_text: String,
    pub target_text: String,
    pub weight: f64,
    /// Band result, percent of the weight; `None` when N/A.
    pub pct: Option<f64>,
    /// Points earned after rescaling.
    pub points: f64,
    pub provisional: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdjustLine {
    pub label: String,
    pub count: f64,
    pub points: f64,
}

/// One agent's appraisal sheet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sheet {
    pub agent: String,
    pub name: String,
    pub template: String,
    pub period: Period,
    pub items: Vec<ItemScore>,
    pub kpi_score: f64,
    pub adjustments: Vec<AdjustLine>,
    pub penalty: f64,
    pub bonus_points: f64,
    pub total: f64,
    pub grade: String,
    pub bonus: Money,
    pub comment: String,
    pub rank: u32,
    /// E.g. a second failing month in a row (→ reassignment, per the rule books).
    pub warning: Option<String>,
}

/// The team ranking: every sheet, best first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ranking {
    pub period: Period,
    pub sheets: Vec<Sheet>,
}

fn value_of(
    m: &Measure,
    row: &KpiRow,
    shop: &KpiRow,
    inputs: &AppraisalInputs,
    account: &str,
) -> (Option<f64>, bool) {
    match m {
        Measure::Kpi(k) => row.get(*k).map_or((None, false), |f| (f.value.map(Value::as_f64), f.provisional)),
        Measure::AovRatio => {
            let a = row.get(Kpi::AvgOrderValue);
            let s = shop.value(Kpi::AvgOrderValue).map(Value::as_f64).filter(|x| *x > 0.0);
            match (a.and_then(|f| f.value), s) {
                (Some(v), Some(s)) => (Some(v.as_f64() / s), a.is_some_and(|f| f.provisional)),
                _ => (None, false),
            }
        }
        Measure::SupervisorRating => (inputs.supervisor.get(account).copied(), false),
    }
}

/// Scores one agent with one template.
pub fn sheet(
    template: &Template,
    row: &KpiRow,
    shop: &KpiRow,
    inputs: &AppraisalInputs,
    name: &str,
    lang: Lang,
) -> Sheet {
    let account = match &row.scope {
        Scope::Agent(a) => a.clone(),
        _ => row.label.clone(),
    };
    let mut items = Vec::new();
    let mut avail_weight = 0.0;
    let mut raw = 0.0;
    for it in &template.items {
        let (value, provisional) = value_of(&it.measure, row, shop, inputs, &account);
        let pct = value.map(|v| it.band.pct(v));
        if let Some(p) = pct {
            avail_weight += it.weight;
            raw += p / 100.0 * it.weight;
        }
        let unit = it.measure.unit();
        let value_text = match (value, &it.measure) {
            (None, _) => "—".into(),
            (Some(v), Measure::Kpi(k)) => {
                row.get(*k).and_then(|f| f.value).map_or(format!("{v:.2}"), |x| x.display(unit, lang))
            }
            (Some(v), _) => format!("{v:.2}"),
        };
        items.push(ItemScore {
            label: it.measure.label(lang),
            kpi: match it.measure {
                Measure::Kpi(k) => Some(k),
                _ => None,
            },
            value,
            value_text,
            target_text: it.band.target_text(unit, lang),
            weight: it.weight,
            pct,
            points: 0.0,
            provisional,
        });
    }
    let total_weight: f64 = template.items.iter().map(|i| i.weight).sum();
    let scale = if avail_weight > 0.0 { total_weight / avail_weight } else { 0.0 };
    for i in &mut items {
        i.points = i.pct.map_or(0.0, |p| p / 100.0 * i.weight * scale);
    }
    let kpi_score = raw * scale;
    let mut adjustments = Vec::new();
    let (mut penalty, mut bonus_points) = (0.0, 0.0);
    for a in &template.adjustments {
        let count = match a.source {
            AdjustSource::AttendancePenalty => row.value(Kpi::AttendancePenalty).map_or(0.0, Value::as_f64),
            AdjustSource::QaCritical => row.value(Kpi::QaCritical).map_or(0.0, Value::as_f64),
            AdjustSource::Complaints => inputs.valid_complaints.get(&account).copied().unwrap_or(0.0),
            AdjustSource::Manual => inputs.manual_points.get(&account).copied().unwrap_or(0.0),
        };
        let points = count * a.points_per_unit;
        if points == 0.0 {
            continue;
        }
        if points < 0.0 {
            penalty += -points;
        } else {
            bonus_points += points;
        }
        adjustments.push(AdjustLine { label: a.source.label(lang).into(), count, points });
    }
    let total = (kpi_score - penalty + bonus_points).max(0.0);
    let grade = template.grades.iter().find(|g| total >= g.min - 1e-9).or(template.grades.last());
    let grade_label = grade.map(|g| g.label.clone()).unwrap_or_default();
    let lowest = template.grades.last().map(|g| g.label.as_str());
    let warning = (lowest == Some(grade_label.as_str())
        && inputs.previous_grades.get(&account).map(String::as_str) == lowest)
        .then(|| {
            lang.pick(
                "连续两个月不合格，按制度需调岗",
                "Failing two months in a row: reassignment per the rule book",
            )
            .into()
        });
    Sheet {
        agent: account.clone(),
        name: name.to_owned(),
        template: template.name.clone(),
        period: row.period,
        items,
        kpi_score,
        adjustments,
        penalty,
        bonus_points,
        total,
        grade: grade_label,
        bonus: grade.map_or(Money::ZERO, |g| g.bonus),
        comment: inputs.comments.get(&account).cloned().unwrap_or_default(),
        rank: 0,
        warning,
    }
}

/// Appraises every agent of the index over `period` (usually a month) and ranks them.
pub fn appraise(
    index: &KpiIndex,
    period: &Period,
    templates: &[Template],
    inputs: &AppraisalInputs,
    lang: Lang,
) -> Ranking {
    let table = index.table(period, GroupBy::Agent, None, inputs.qa.as_ref(), lang);
    let shop = &table.total;
    let mut sheets: Vec<Sheet> = table
        .rows
        .iter()
        .filter_map(|row| {
            let Scope::Agent(acc) = &row.scope else { return None };
            let info = index.agents.iter().find(|a| &a.account == acc)?;
            let role = info.role.unwrap_or(Role::PreSale);
            let t = templates
                .iter()
                .find(|t| t.role == Some(role))
                .or_else(|| templates.iter().find(|t| t.role.is_none()))
                .or(templates.first())?;
            Some(sheet(t, row, shop, inputs, &info.name, lang))
        })
        .collect();
    sheets.sort_by(|a, b| {
        b.total
            .partial_cmp(&a.total)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(b.kpi_score.partial_cmp(&a.kpi_score).unwrap_or(std::cmp::Ordering::Equal))
            .then(a.agent.cmp(&b.agent))
    });
    for i in 0..sheets.len() {
        sheets[i].rank = if i > 0 && (sheets[i].total - sheets[i - 1].total).abs() < 1e-9 {
            sheets[i - 1].rank
        } else {
            i as u32 + 1
        };
    }
    Ranking { period: *period, sheets }
}

/// How the appraisal total, grade and bonus are computed, one line per step (the KPI page's
/// help and the manual show these; the grade line names the default cut-offs).
pub fn formulas(lang: Lang) -> Vec<String> {
    let cutoffs =
        grades(lang).iter().map(|g| format!("{} {}", g.label, g.min)).collect::<Vec<_>>().join(" / ");
    vec![
        lang.pick(
            "单项得分 = 权重 × 档位得分率（达到某一档即得该档的百分比；线性档在下限 0% 与目标 100% 之间按比例，最多到封顶）",
            "Item points = weight × band share (reaching a step earns its percentage; a linear band goes from 0% at the floor to 100% at the target, up to the cap)",
        )
        .to_owned(),
        lang.pick(
            "指标得分 = Σ 单项得分 × (权重合计 ÷ 有数据的考核项权重合计) —— 没有数据的考核项不计，其余按比例放大",
            "KPI score = Σ item points × (sum of weights ÷ sum of weights of items with data) — items without data are left out and the rest scaled up",
        )
        .to_owned(),
        lang.pick(
            "总分 = 指标得分 − 扣分（考勤扣分、严重质检问题、有效投诉，每次按模板的分数）+ 主管加减分，最低 0 分",
            "Total = KPI score − penalties (attendance points, critical QA failures, complaints, each at the template's points) + supervisor points, never below 0",
        )
        .to_owned(),
        match lang {
            Lang::Zh => format!("等级 = 总分达到的最高分数线（默认 {cutoffs}）；奖金按等级；同分同名次"),
            Lang::En => format!(
                "Grade = the highest cut-off the total reaches (default {cutoffs}); the bonus follows the grade; equal totals share a rank"
            ),
        },
        lang.pick(
            "客单价比 = 个人客单价 ÷ 全店客单价；质检分来自“质检”页（自动评分与人工复核），按会话开始日期计入所选时间",
            "AOV ratio = the agent's AOV ÷ the shop's; QA scores come from the QA page (automatic and reviewed), counted by the day a conversation started",
        )
        .to_owned(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_name_the_default_grade_cut_offs() {
        for lang in [Lang::Zh, Lang::En] {
            let f = formulas(lang);
            assert_eq!(f.len(), 5);
            let t = &default_templates(lang)[0];
            for g in &t.grades {
                assert!(f[3].contains(&format!("{} {}", g.label, g.min)), "{lang:?}: {}", f[3]);
            }
        }
        assert_ne!(formulas(Lang::Zh), formulas(Lang::En));
    }

    #[test]
    fn bands_score_as_the_rule_books_say() {
        let conv = steps(true, &[(0.60, 100.0), (0.50, 80.0), (0.45, 60.0), (0.38, 40.0)]);
        assert_eq!(conv.pct(0.61), 100.0);
        assert_eq!(conv.pct(0.5), 80.0);
        assert_eq!(conv.pct(0.2), 0.0);
        let first = steps(false, &[(6.0, 100.0), (12.0, 80.0)]);
        assert_eq!(first.pct(5.0), 100.0);
        assert_eq!(first.pct(12.0), 80.0);
        assert_eq!(first.pct(12.5), 0.0);
        let lin = Band::Linear { floor: 0.9, target: 0.99, cap: 120.0 };
        assert!((lin.pct(0.945) - 50.0).abs() < 1e-9);
        assert_eq!(lin.pct(0.5), 0.0);
        assert!((lin.pct(1.2) - 120.0).abs() < 1e-9);
        let jd = Band::PerPointBelow { target: 0.9, per_point: 2.0 };
        assert!((jd.pct(0.85) - 90.0).abs() < 1e-9);
        assert_eq!(jd.pct(0.95), 100.0);
    }
}
