//! The KPI area's user work (`work/kpi`, see `store::work`): the appraisal templates in use —
//! with the supervisor's weights, targets, grade cut-offs and bonuses — and, per month, the
//! supervisor's comment, rating and adjustment points per agent. Imported data can be
//! re-imported; this cannot, so it is stored apart and carried in backups.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::appraisal::{AppraisalInputs, Band, Template, default_templates};
use super::query::QaInput;
use crate::Lang;

/// What the supervisor wrote for one month, by sub-account.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MonthWork {
    pub comments: BTreeMap<String, String>,
    /// 主管评分, 0–100.
    pub ratings: BTreeMap<String, f64>,
    /// 主管加减分 (positive: bonus).
    pub points: BTreeMap<String, f64>,
}

/// The body of the `work/kpi` document.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct KpiWork {
    /// The templates in use; empty means the defaults ([`default_templates`]).
    pub templates: Vec<Template>,
    /// By month (`2026-11`, see [`month_key`]).
    pub months: BTreeMap<String, MonthWork>,
}

/// The key of the month containing `day` (`2026-11`).
pub fn month_key(day: NaiveDate) -> String {
    format!("{:04}-{:02}", day.year(), day.month())
}

impl KpiWork {
    /// The templates in use.
    pub fn templates(&self, lang: Lang) -> Vec<Template> {
        if self.templates.is_empty() { default_templates(lang) } else { self.templates.clone() }
    }

    pub fn month(&self, key: &str) -> Option<&MonthWork> {
        self.months.get(key)
    }

    fn month_mut(&mut self, key: &str) -> &mut MonthWork {
        self.months.entry(key.to_owned()).or_default()
    }

    /// Sets an agent's comment for a month; blank text removes it.
    pub fn set_comment(&mut self, month: &str, account: &str, text: &str) {
        let m = self.month_mut(month);
        let text = text.trim();
        if text.is_empty() {
            m.comments.remove(account);
        } else {
            m.comments.insert(account.to_owned(), text.to_owned());
        }
        self.prune(month);
    }

    /// Sets an agent's supervisor rating (clamped to 0–100); `None` removes it.
    pub fn set_rating(&mut self, month: &str, account: &str, rating: Option<f64>) {
        let m = self.month_mut(month);
        match rating.filter(|r| r.is_finite()) {
            Some(r) => m.ratings.insert(account.to_owned(), r.clamp(0.0, 100.0)),
            None => m.ratings.remove(account),
        };
        self.prune(month);
    }

    /// Sets an agent's adjustment points; `None` or 0 removes them.
    pub fn set_points(&mut self, month: &str, account: &str, points: Option<f64>) {
        let m = self.month_mut(month);
        match points.filter(|p| p.is_finite() && *p != 0.0) {
            Some(p) => m.points.insert(account.to_owned(), p),
            None => m.points.remove(account),
        };
        self.prune(month);
    }

    fn prune(&mut self, month: &str) {
        if self.months.get(month).is_some_and(|m| *m == MonthWork::default()) {
            self.months.remove(month);
        }
    }

    /// The appraisal inputs of a month.
    pub fn inputs(
        &self,
        month: &str,
        previous_grades: HashMap<String, String>,
        qa: Option<QaInput>,
    ) -> AppraisalInputs {
        let m = self.months.get(month).cloned().unwrap_or_default();
        AppraisalInputs {
            supervisor: m.ratings.into_iter().collect(),
            comments: m.comments.into_iter().collect(),
            manual_points: m.points.into_iter().collect(),
            previous_grades,
            qa,
            // From the complaints register (another work area); the caller fills it.
            valid_complaints: HashMap::new(),
        }
    }
}

/// What is wrong with a template as edited (empty: nothing). The appraisal still runs — N/A
/// items are rescaled — but a supervisor should see these before printing sheets.
pub fn template_problems(t: &Template, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let sum: f64 = t.items.iter().map(|i| i.weight).sum();
    if (sum - 100.0).abs() > 1e-6 {
        out.push(match lang {
            Lang::Zh => format!("权重合计为 {sum:.1}，应为 100。"),
            Lang::En => format!("The weights add up to {sum:.1}; they should add up to 100."),
        });
    }
    if t.items.iter().any(|i| i.weight < 0.0 || !i.weight.is_finite()) {
        out.push(lang.pick("权重不能为负数。", "Weights cannot be negative.").into());
    }
    for i in &t.items {
        let bad = match &i.band {
            Band::Steps { higher_is_better, steps, .. } => {
                steps.windows(2).any(|w| if *higher_is_better { w[0].0 < w[1].0 } else { w[0].0 > w[1].0 })
            }
            Band::Linear { floor, target, .. } => (target - floor).abs() < f64::EPSILON,
            _ => false,
        };
        if bad {
            out.push(match lang {
                Lang::Zh => format!("“{}”的档位顺序不对：应从最好档到最差档。", i.measure.label(lang)),
                Lang::En => {
                    format!("“{}”: the steps should go from the best to the worst.", i.measure.label(lang))
                }
            });
        }
    }
    if t.grades.windows(2).any(|w| w[0].min < w[1].min) {
        out.push(
            lang.pick("等级分数线应从高到低排列。", "Grade cut-offs should go from the highest down.").into(),
        );
    }
    if t.grades.last().is_some_and(|g| g.min > 0.0) {
        out.push(
            lang.pick("最低等级的分数线应为 0，否则低分者没有等级。", "The lowest grade should start at 0.")
                .into(),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_ratings_and_points_round_trip_and_prune() {
        let mut w = KpiWork::default();
        w.set_comment("2026-11", "店:小美", "  主动催付做得好 ");
        w.set_rating("2026-11", "店:小美", Some(120.0));
        w.set_points("2026-11", "店:阿杰", Some(-3.0));
        let json = serde_json::to_string(&w).unwrap();
        let back: KpiWork = serde_json::from_str(&json).unwrap();
        assert_eq!(back, w);
        let i = back.inputs("2026-11", HashMap::new(), None);
        assert_eq!(i.comments["店:小美"], "主动催付做得好");
        assert_eq!(i.supervisor["店:小美"], 100.0);
        assert_eq!(i.manual_points["店:阿杰"], -3.0);
        w.set_comment("2026-11", "店:小美", " ");
        w.set_rating("2026-11", "店:小美", None);
        w.set_points("2026-11", "店:阿杰", Some(0.0));
        assert!(w.months.is_empty());
        // An older document without the newer fields still reads.
        let old: KpiWork = serde_json::from_str(r#"{"months":{"2026-10":{"comments":{"a":"b"}}}}"#).unwrap();
        assert_eq!(old.months["2026-10"].comments["a"], "b");
        assert_eq!(old.templates(Lang::Zh), default_templates(Lang::Zh));
        assert_eq!(month_key(NaiveDate::from_ymd_opt(2026, 3, 9).unwrap()), "2026-03");
    }

    #[test]
    fn template_problems_are_reported() {
        let mut t = default_templates(Lang::Zh).remove(0);
        assert!(template_problems(&t, Lang::Zh).is_empty());
        t.items[0].weight = 20.0;
        t.grades[0].min = 10.0;
        if let Band::Steps { steps, .. } = &mut t.items[0].band {
            steps[0].0 = 0.1;
        }
        let p = template_problems(&t, Lang::Zh);
        assert_eq!(p.len(), 3, "{p:?}");
        assert!(p[0].contains("90.0"));
    }
}
