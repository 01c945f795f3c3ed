//! The weekly meeting (例会) sheet: the week's headline KPIs with the change since last week,
//! the QA headline, the top problems of the week with example excerpts and the model reply,
//! and the actions with owners — this week's and the ones still open from earlier weeks.
//! Actions are the user's (stored in the Training work document); everything else is computed.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::excerpt::{Excerpt, choose};
use super::scripts::ScriptLibrary;
use super::sheet::ScriptRef;
use crate::kpi::report::{HEADLINE, Headline};
use crate::kpi::{KpiIndex, Scope};
use crate::model::{ChatLog, Period};
use crate::qa::sample::week_of;
use crate::qa::score::mean_centi;
use crate::qa::{QaConfig, QaReport};
use crate::{Lang, Ts};

/// An action agreed in a meeting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MeetingAction {
    pub id: String,
    /// Monday of the meeting's week.
    pub week: NaiveDate,
    pub text: String,
    pub owner: String,
    pub due: Option<NaiveDate>,
    pub done: bool,
    /// The QA rule it addresses, if any.
    pub rule: Option<String>,
}

impl Default for MeetingAction {
    fn default() -> Self {
        MeetingAction {
            id: String::new(),
            week: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default(),
            text: String::new(),
            owner: String::new(),
            due: None,
            done: false,
            rule: None,
        }
    }
}

/// A problem of the week.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    pub rule_id: String,
    pub label: String,
    pub hits: u32,
    pub hits_last_week: u32,
    /// Agents with hits this week, most first: (agent nick, hits).
    pub agents: Vec<(String, u32)>,
    pub examples: Vec<Excerpt>,
    pub model_reply: Option<ScriptRef>,
}

/// QA this week vs last week.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct QaHeadline {
    pub conversations: u32,
    pub conversations_last_week: u32,
    pub auto_score: Option<f64>,
    pub auto_score_last_week: Option<f64>,
}

/// The meeting sheet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeetingSheet {
    pub title: String,
    pub week: Period,
    pub last_week: Period,
    /// Shop-wide KPIs (empty without a KPI index).
    pub kpis: Vec<Headline>,
    pub qa: QaHeadline,
    pub problems: Vec<Problem>,
    /// Actions of this week.
    pub actions: Vec<MeetingAction>,
    /// Actions of earlier weeks still open.
    pub open_actions: Vec<MeetingAction>,
}

fn week_period(monday: NaiveDate) -> Period {
    Period { from: monday, to: monday + Duration::days(6) }
}

fn nick(name: &str) -> &str {
    name.split_once(':').map_or(name, |(_, n)| n)
}

/// Builds the sheet for the week containing `day`. `index`: the KPI index, for the headline
/// KPIs (shop-wide); `max_problems` rules, two examples each.
#[allow(clippy::too_many_arguments)]
pub fn meeting_sheet(
    day: NaiveDate,
    report: &QaReport,
    log: &ChatLog,
    cfg: &QaConfig,
    library: &ScriptLibrary,
    index: Option<&KpiIndex>,
    actions: &[MeetingAction],
    max_problems: usize,
    lang: Lang,
) -> MeetingSheet {
    let monday = week_of(day);
    let week = week_period(monday);
    let last_week = week_period(monday - Duration::days(7));
    let kpis = index.map(|ix| headline(ix, &week, &last_week, lang)).unwrap_or_default();
    let in_week = |p: &Period, t: Ts| p.contains(t.date());
    let mut qa = QaHeadline::default();
    let (mut s0, mut n0, mut s1, mut n1) = (0i64, 0u64, 0i64, 0u64);
    for c in report.conversations.iter().filter(|c| c.agent.is_some()) {
        if in_week(&week, c.start) {
            qa.conversations += 1;
            if let Some(s) = c.auto_centi {
                s0 += s as i64;
                n0 += 1;
            }
        } else if in_week(&last_week, c.start) {
            qa.conversations_last_week += 1;
            if let Some(s) = c.auto_centi {
                s1 += s as i64;
                n1 += 1;
            }
        }
    }
    qa.auto_score = mean_centi(s0, n0);
    qa.auto_score_last_week = mean_centi(s1, n1);
    // Hits per rule this week and last week, agent faults only.
    let mut per: BTreeMap<u16, (u32, u32, BTreeMap<String, u32>)> = BTreeMap::new();
    for h in &report.hits {
        let Some(rule) = cfg.rules.rules.get(h.rule as usize) else { continue };
        let Some(c) = report.conversations.get(h.conv as usize) else { continue };
        if rule.is_risk() {
            continue;
        }
        if in_week(&week, c.start) {
            let e = per.entry(h.rule).or_default();
            e.0 += 1;
            if let Some(a) = h.agent {
                *e.2.entry(nick(log.name(a)).to_owned()).or_default() += 1;
            }
        } else if in_week(&last_week, c.start) {
            per.entry(h.rule).or_default().1 += 1;
        }
    }
    let mut ranked: Vec<(u16, u32)> = per.iter().filter(|(_, v)| v.0 > 0).map(|(&r, v)| (r, v.0)).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let problems = ranked
        .into_iter()
        .take(max_problems)
        .filter_map(|(r, hits)| {
            let rule = cfg.rules.rules.get(r as usize)?;
            let (_, last, by_agent) = &per[&r];
            let mut agents: Vec<(String, u32)> = by_agent.iter().map(|(a, n)| (a.clone(), *n)).collect();
            agents.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let hits_of_rule = report.hits.iter().filter(|h| {
                h.rule == r
                    && report.conversations.get(h.conv as usize).is_some_and(|c| in_week(&week, c.start))
            });
            Some(Problem {
                rule_id: rule.id.clone(),
                label: rule.label(lang).to_owned(),
                hits,
                hits_last_week: *last,
                agents,
                examples: choose(log, report, hits_of_rule, 2),
                model_reply: library.model_for_rule(&rule.id, 1).first().map(|s| ScriptRef::of(s, lang)),
            })
        })
        .collect();
    let mut this: Vec<MeetingAction> = actions.iter().filter(|a| a.week == monday).cloned().collect();
    this.sort_by(|a, b| a.id.cmp(&b.id));
    let mut open: Vec<MeetingAction> =
        actions.iter().filter(|a| a.week < monday && !a.done).cloned().collect();
    open.sort_by(|a, b| a.week.cmp(&b.week).then(a.id.cmp(&b.id)));
    let title = match lang {
        Lang::Zh => format!("客服周例会 {} 至 {}", week.from, week.to),
        Lang::En => format!("Weekly team meeting {} to {}", week.from, week.to),
    };
    MeetingSheet { title, week, last_week, kpis, qa, problems, actions: this, open_actions: open }
}

/// The headline KPIs of the week containing `day` against the week before (the part of
/// [`meeting_sheet`] that needs the KPI index, for callers that hold it apart from QA's run).
pub fn kpi_headline(index: &KpiIndex, day: NaiveDate, lang: Lang) -> Vec<Headline> {
    let monday = week_of(day);
    headline(index, &week_period(monday), &week_period(monday - Duration::days(7)), lang)
}

fn headline(index: &KpiIndex, week: &Period, last: &Period, lang: Lang) -> Vec<Headline> {
    let scope = Scope::Shop(None);
    let (now, before) = (index.row(&scope, week, None, lang), index.row(&scope, last, None, lang));
    crate::kpi::report::headlines(&now, &before, &HEADLINE, lang)
}

impl MeetingSheet {
    /// Plain-text print of the sheet.
    pub fn print_text(&self, lang: Lang) -> String {
        let mut o = format!("{}\n", self.title);
        if !self.kpis.is_empty() {
            o.push_str(lang.pick("\n一、本周数据（较上周）\n", "\n1. This week (vs last week)\n"));
            for h in &self.kpis {
                let arrow = match h.better {
                    Some(true) => "↑",
                    Some(false) => "↓",
                    None => "=",
                };
                o.push_str(&format!(
                    "  {}：{}（{} {}）{arrow}\n",
                    h.name,
                    h.current.display(lang),
                    lang.pick("上周", "last week"),
                    h.previous.display(lang)
                ));
            }
        }
        let sc = |s: Option<f64>| s.map_or("—".to_owned(), |x| format!("{x:.1}"));
        o.push_str(&format!(
            "  {}：{}（{} {}）\n",
            lang.pick("自动质检均分", "Mean automatic QA score"),
            sc(self.qa.auto_score),
            lang.pick("上周", "last week"),
            sc(self.qa.auto_score_last_week)
        ));
        o.push_str(lang.pick("\n二、本周主要问题\n", "\n2. Top problems\n"));
        for (i, p) in self.problems.iter().enumerate() {
            o.push_str(&format!(
                "{}. {}：{}（{} {}）\n",
                i + 1,
                p.label,
                p.hits,
                lang.pick("上周", "last week"),
                p.hits_last_week
            ));
            for e in &p.examples {
                for l in &e.lines {
                    o.push_str(&format!("    {}：{}\n", l.who, l.print()));
                }
                o.push('\n');
            }
            if let Some(r) = &p.model_reply {
                o.push_str(&format!("  {}：{}\n", lang.pick("参考话术", "Model reply"), r.text));
            }
        }
        o.push_str(lang.pick("\n三、行动项\n", "\n3. Actions\n"));
        for a in self.open_actions.iter().chain(&self.actions) {
            let due = a.due.map(|d| d.to_string()).unwrap_or_default();
            let done = if a.done { "✓" } else { "☐" };
            o.push_str(&format!(
                "  {done} {}（{}：{} {due}）\n",
                a.text,
                lang.pick("负责人", "owner"),
                a.owner
            ));
        }
        o
    }
}
