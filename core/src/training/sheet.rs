//! The training sheet (培训单) of one agent for a period: KPIs against the appraisal targets,
//! the QA rules they failed most — each with excerpts of their own conversations (masked, the
//! evidence marked), the model replies from the script library and a short practice task — and
//! the signature lines. Plain data for the page; [`TrainingSheet::print_text`] for the command
//! line and plain-text prints.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::TrainingError;
use super::excerpt::{Excerpt, choose};
use super::scripts::{Script, ScriptLibrary};
use crate::kpi::appraisal::Sheet as AppraisalSheet;
use crate::model::{ChatLog, NameId, Period};
use crate::qa::score::mean_centi;
use crate::qa::{QaConfig, QaReport};
use crate::{Lang, Ts};

/// What to put on the sheet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SheetParams {
    pub period: Period,
    /// How many failed rules to train on.
    pub max_rules: usize,
    pub excerpts_per_rule: usize,
    pub replies_per_rule: usize,
    /// Printed on the supervisor's signature line.
    pub supervisor: String,
}

impl Default for SheetParams {
    fn default() -> Self {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
        SheetParams {
            period: Period { from: d, to: d },
            max_rules: 3,
            excerpts_per_rule: 3,
            replies_per_rule: 2,
            supervisor: String::new(),
        }
    }
}

/// One KPI of the appraisal against its target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KpiLine {
    pub label: String,
    pub value: String,
    pub target: String,
    /// Full marks reached (`None`: no data).
    pub met: Option<bool>,
    /// Points earned of `weight`.
    pub points: f64,
    pub weight: f64,
    pub provisional: bool,
}

/// A model reply as shown on a sheet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScriptRef {
    pub id: String,
    pub category: String,
    pub title: String,
    pub text: String,
}

impl ScriptRef {
    pub fn of(s: &Script, lang: Lang) -> ScriptRef {
        ScriptRef {
            id: s.id.clone(),
            category: s.category.label(lang).to_owned(),
            title: s.title.clone(),
            text: s.text.clone(),
        }
    }
}

/// One rule to train on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FocusRule {
    pub rule_id: String,
    pub label: String,
    /// Hits in the period.
    pub hits: u32,
    /// Conversations with at least one hit.
    pub conversations: u32,
    /// The rule is in a critical (auto-fail) category of a scorecard.
    pub critical: bool,
    /// Hits per conversation of this agent, and of the whole team, in the period (four decimals).
    pub rate: f64,
    pub team_rate: f64,
    pub excerpts: Vec<Excerpt>,
    pub model_replies: Vec<ScriptRef>,
    pub practice: String,
}

/// A signature line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    /// `主管签字` / `客服签字`.
    pub role: String,
    /// Name printed under the line (may be empty).
    pub name: String,
    /// `日期`.
    pub date_label: String,
}

/// The sheet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainingSheet {
    pub title: String,
    /// The agent's sub-account as in the chats.
    pub agent: String,
    /// Real name when the appraisal knows it.
    pub name: String,
    pub period: Period,
    pub conversations: u32,
    pub auto_score: Option<f64>,
    pub kpis: Vec<KpiLine>,
    /// Appraisal total and grade, when given.
    pub appraisal: Option<(f64, String)>,
    pub focus: Vec<FocusRule>,
    pub signatures: Vec<Signature>,
}

/// The name ids of `agent` in `log`: the sub-account itself or its nick after `店铺:`.
pub fn agent_ids(log: &ChatLog, agent: &str) -> Vec<NameId> {
    let agent = agent.trim();
    log.names
        .iter()
        .enumerate()
        .filter(|(_, n)| n.as_str() == agent || n.split_once(':').is_some_and(|(_, nick)| nick == agent))
        .map(|(i, _)| i as NameId)
        .collect()
}

/// Agents of the report: every name a conversation is assigned to, sorted.
pub fn agents_of(log: &ChatLog, report: &QaReport) -> Vec<String> {
    let set: BTreeSet<&str> =
        report.conversations.iter().filter_map(|c| c.agent).map(|a| log.name(a)).collect();
    set.into_iter().map(str::to_owned).collect()
}

struct Ranked {
    rule: u16,
    hits: u32,
    conversations: u32,
    critical: bool,
    rate: f64,
    team_rate: f64,
}

/// Four decimals: enough for a rate, and exact through JSON.
fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Rule ids in a critical (auto-fail) category of any scorecard.
pub fn critical_rules(cfg: &QaConfig) -> BTreeSet<String> {
    cfg.scorecards
        .cards
        .iter()
        .flat_map(|c| c.categories.iter())
        .filter(|c| c.critical)
        .flat_map(|c| c.rules.iter().cloned())
        .collect()
}

/// Least hits for a non-critical rule to be trained on (one hit of a critical rule is enough).
pub const MIN_HITS: u32 = 2;

/// Orders an agent's failed rules for training: critical (auto-fail) rules first; then the
/// rules where the agent is furthest above the team's rate (hits per conversation, so a fault
/// everybody makes does not crowd out the agent's own habit); then by hits, then rule order.
fn rank_rules(
    report: &QaReport,
    cfg: &QaConfig,
    per_rule: &BTreeMap<u16, (u32, BTreeSet<u32>)>,
    convs: u32,
    in_period: &dyn Fn(Ts) -> bool,
) -> Vec<Ranked> {
    let critical = critical_rules(cfg);
    let team_convs =
        report.conversations.iter().filter(|c| c.agent.is_some() && in_period(c.start)).count().max(1) as f64;
    let mut team_hits: BTreeMap<u16, u32> = BTreeMap::new();
    for h in &report.hits {
        if per_rule.contains_key(&h.rule)
            && report.conversations.get(h.conv as usize).is_some_and(|c| in_period(c.start))
        {
            *team_hits.entry(h.rule).or_default() += 1;
        }
    }
    let mut v: Vec<Ranked> = per_rule
        .iter()
        .filter_map(|(&r, (hits, cs))| {
            let crit = cfg.rules.rules.get(r as usize).is_some_and(|x| critical.contains(&x.id));
            if !crit && *hits < MIN_HITS {
                return None;
            }
            Some(Ranked {
                rule: r,
                hits: *hits,
                conversations: cs.len() as u32,
                critical: crit,
                rate: round4(*hits as f64 / convs.max(1) as f64),
                team_rate: round4(team_hits.get(&r).copied().unwrap_or(0) as f64 / team_convs),
            })
        })
        .collect();
    // Lift compared as integers (rate ÷ team rate = hits × team_convs ÷ (convs × team hits)).
    let lift = |x: &Ranked| {
        let th = team_hits.get(&x.rule).copied().unwrap_or(1).max(1) as u128;
        (x.hits as u128 * team_convs as u128 * 1_000_000) / (convs.max(1) as u128 * th)
    };
    v.sort_by(|a, b| {
        b.critical
            .cmp(&a.critical)
            .then(lift(b).cmp(&lift(a)))
            .then(b.hits.cmp(&a.hits))
            .then(a.rule.cmp(&b.rule))
    });
    v
}

/// A short practice task for a rule.
pub fn practice_task(rule_id: &str, lang: Lang) -> String {
    let (zh, en) = match rule_id {
        "greeting" => (
            "把上面每段对话的第一句回复改写成带问候的开场白，并背熟两条问候话术；下周抽查首句问候。",
            "Rewrite the first reply of each excerpt with a greeting and learn two greeting replies by heart; first replies are spot-checked next week.",
        ),
        "closing" | "rating_invite" => (
            "为上面的对话各写一句结束语（感谢 + 随时联系 + 邀请评价），每天下班前自查 5 段对话的结尾。",
            "Write a closing line for each excerpt (thanks + contact us any time + rating invitation); check the endings of 5 of your conversations before each shift ends.",
        ),
        "rude" => (
            "把标出的禁语换成话术库里的说法，写出替换后的整句；背熟“处理异议”分类的两条话术。",
            "Replace each marked phrase with the library's wording and write the whole new sentence; learn two replies of the Objection category.",
        ),
        "platform_risk" => (
            "复习平台规则：不得引导站外联系、私下交易或好评返现；写出顾客要求加联系方式时的标准回复。",
            "Review the platform rules (no off-platform contact, private deals or paid reviews); write the standard reply to a buyer asking for other contact details.",
        ),
        "absolute_claim" => (
            "圈出广告法禁用的极限词，用具体事实（面料、销量、评价）改写每一句推荐。",
            "Circle the superlatives the advertising law forbids and rewrite each recommendation with concrete facts (fabric, sales, reviews).",
        ),
        "late_no_apology" | "slow_reply" | "unanswered" => (
            "整理 10 条常见问题的快捷短语并设置到千牛；回复超过 3 分钟时先致歉再回答。",
            "Set up quick phrases in Qianniu for 10 frequent questions; when a reply is later than 3 minutes, apologise first.",
        ),
        "follow_up" => (
            "“稍等/我查一下”之后 15 分钟内必须给出结果；把上面每段对话补写跟进的那一句。",
            "After \"let me check\", give the answer within 15 minutes; write the missing follow-up line for each excerpt.",
        ),
        "single_char" => (
            "把每个单字回复扩写成完整的一句（称呼 + 回答 + 语气词），练习 10 条常用回复。",
            "Expand each one-character reply into a full sentence (address + answer + friendly particle); practise 10 common replies.",
        ),
        "address_confirm" => (
            "顾客下单后必须核对收货地址；练习“核对地址”话术，并在下 10 个订单中逐一执行。",
            "Confirm the address after every order; practise the address replies and apply them to your next 10 orders.",
        ),
        "soothe" | "escalation" => (
            "先安抚再处理：为每段对话写出一句致歉/理解的回复，再写出具体处理方案。",
            "Soothe first, then solve: write an apology or empathy line for each excerpt, then the concrete next step.",
        ),
        "transfer_no_reply" => (
            "转接前先回复顾客并说明原因；写出转接售后前的标准说明。",
            "Reply and explain before handing a buyer over; write the standard line before transferring to after-sale.",
        ),
        _ => (
            "对照话术库改写上面的回复，并与主管复盘一次。",
            "Rewrite the replies above with the library's help and go through them with your supervisor.",
        ),
    };
    lang.pick(zh, en).to_owned()
}

/// Builds the training sheet of `agent` (sub-account or nick). `appraisal`: this agent's
/// appraisal sheet for the period, for the KPI part.
#[allow(clippy::too_many_arguments)]
pub fn training_sheet(
    agent: &str,
    log: &ChatLog,
    report: &QaReport,
    cfg: &QaConfig,
    library: &ScriptLibrary,
    appraisal: Option<&AppraisalSheet>,
    params: &SheetParams,
    lang: Lang,
) -> Result<TrainingSheet, TrainingError> {
    let ids = agent_ids(log, agent);
    if ids.is_empty() {
        return Err(TrainingError::UnknownAgent { agent: agent.to_owned(), known: agents_of(log, report) });
    }
    let in_period = |start: Ts| params.period.contains(start.date());
    let mut convs = 0u32;
    let (mut sum, mut n) = (0i64, 0u64);
    for c in &report.conversations {
        if c.agent.is_some_and(|a| ids.contains(&a)) && in_period(c.start) {
            convs += 1;
            if let Some(s) = c.auto_centi {
                sum += s as i64;
                n += 1;
            }
        }
    }
    // Hits per rule (agent faults only), in the period.
    let mut per_rule: BTreeMap<u16, (u32, BTreeSet<u32>)> = BTreeMap::new();
    let mine = |h: &&crate::qa::Hit| {
        h.agent.is_some_and(|a| ids.contains(&a))
            && cfg.rules.rules.get(h.rule as usize).is_some_and(|r| !r.is_risk())
            && report.conversations.get(h.conv as usize).is_some_and(|c| in_period(c.start))
    };
    for h in report.hits.iter().filter(mine) {
        let e = per_rule.entry(h.rule).or_default();
        e.0 += 1;
        e.1.insert(h.conv);
    }
    let ranked = rank_rules(report, cfg, &per_rule, convs, &in_period);
    let focus = ranked
        .iter()
        .take(params.max_rules)
        .filter_map(|rk| {
            let (r, hits, conversations) = (rk.rule, rk.hits, rk.conversations);
            let rule = cfg.rules.rules.get(r as usize)?;
            let excerpts = choose(
                log,
                report,
                report.hits.iter().filter(mine).filter(|h| h.rule == r),
                params.excerpts_per_rule,
            );
            Some(FocusRule {
                rule_id: rule.id.clone(),
                label: rule.label(lang).to_owned(),
                hits,
                conversations,
                critical: rk.critical,
                rate: rk.rate,
                team_rate: rk.team_rate,
                excerpts,
                model_replies: library
                    .model_for_rule(&rule.id, params.replies_per_rule)
                    .into_iter()
                    .map(|s| ScriptRef::of(s, lang))
                    .collect(),
                practice: practice_task(&rule.id, lang),
            })
        })
        .collect();
    let kpis = appraisal
        .map(|a| {
            a.items
                .iter()
                .map(|i| KpiLine {
                    label: i.label.clone(),
                    value: i.value_text.clone(),
                    target: i.target_text.clone(),
                    met: i.pct.map(|p| p >= 100.0 - 1e-9),
                    points: i.points,
                    weight: i.weight,
                    provisional: i.provisional,
                })
                .collect()
        })
        .unwrap_or_default();
    let account = log.name(ids[0]).to_owned();
    let name = appraisal
        .map(|a| a.name.clone())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| account.split_once(':').map_or(account.as_str(), |(_, nick)| nick).to_owned());
    let title = match lang {
        Lang::Zh => format!("培训单 — {name} — {} 至 {}", params.period.from, params.period.to),
        Lang::En => format!("Training sheet — {name} — {} to {}", params.period.from, params.period.to),
    };
    let date_label = lang.pick("日期", "Date").to_owned();
    Ok(TrainingSheet {
        title,
        agent: account,
        name: name.clone(),
        period: params.period,
        conversations: convs,
        auto_score: mean_centi(sum, n),
        kpis,
        appraisal: appraisal.map(|a| (a.total, a.grade.clone())),
        focus,
        signatures: vec![
            Signature {
                role: lang.pick("主管签字", "Supervisor").into(),
                name: params.supervisor.clone(),
                date_label: date_label.clone(),
            },
            Signature { role: lang.pick("客服签字", "Agent").into(), name, date_label },
        ],
    })
}

impl TrainingSheet {
    /// The sheet as plain text (command line; a print without the page).
    pub fn print_text(&self, lang: Lang) -> String {
        let mut o = format!("{}\n", self.title);
        let score = self.auto_score.map_or("—".into(), |s| format!("{s:.1}"));
        o.push_str(&match lang {
            Lang::Zh => format!("会话数 {}，自动质检均分 {score}\n", self.conversations),
            Lang::En => format!("Conversations {}, mean automatic QA score {score}\n", self.conversations),
        });
        if !self.kpis.is_empty() {
            o.push_str(lang.pick("\n一、考核指标\n", "\n1. KPIs against targets\n"));
            for k in &self.kpis {
                let mark = match k.met {
                    Some(true) => "✓",
                    Some(false) => "✗",
                    None => "—",
                };
                o.push_str(&format!("  {mark} {}：{}（目标 {}）\n", k.label, k.value, k.target));
            }
            if let Some((total, grade)) = &self.appraisal {
                o.push_str(&format!("  {} {total:.1} {grade}\n", lang.pick("总分", "Total")));
            }
        }
        o.push_str(if self.kpis.is_empty() {
            lang.pick("\n一、重点改进项\n", "\n1. What to improve\n")
        } else {
            lang.pick("\n二、重点改进项\n", "\n2. What to improve\n")
        });
        if self.focus.is_empty() {
            o.push_str(lang.pick("  本期没有扣分项。\n", "  No faults in this period.\n"));
        }
        for (i, f) in self.focus.iter().enumerate() {
            o.push_str(&match lang {
                Lang::Zh => {
                    format!("{}. {}（{} 次，涉及 {} 段会话）\n", i + 1, f.label, f.hits, f.conversations)
                }
                Lang::En => {
                    format!("{}. {} ({} hits in {} conversations)\n", i + 1, f.label, f.hits, f.conversations)
                }
            });
            for (j, e) in f.excerpts.iter().enumerate() {
                o.push_str(&format!("  {} {} {}\n", lang.pick("例", "Example"), j + 1, e.start));
                for l in &e.lines {
                    o.push_str(&format!("    {} {}：{}\n", &l.ts.iso()[11..], l.who, l.print()));
                }
            }
            for r in &f.model_replies {
                o.push_str(&format!("  {}：{}\n", lang.pick("参考话术", "Model reply"), r.text));
            }
            o.push_str(&format!("  {}：{}\n", lang.pick("练习", "Practice"), f.practice));
        }
        o.push('\n');
        for s in &self.signatures {
            o.push_str(&format!("{}：________ {}  {}：________\n", s.role, s.name, s.date_label));
        }
        o
    }
}
