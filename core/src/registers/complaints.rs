//! The complaints and disputes register (投诉/维权登记): where each complaint came from, the
//! customer (always stored masked), the order, category, handler, the reply time promised,
//! status, the follow-up visit (回访) with its date and result, and the conversation it links
//! to. Overdue is computed against a clock the caller passes in — the core has none.

use serde::{Deserialize, Serialize};

use super::table::{Cell, Table};
use crate::model::{ChatLog, MsgKind};
use crate::privacy::mask_nick;
use crate::qa::{ConvKey, QaConfig, QaReport};
use crate::training::mask::mask_text;
use crate::{Lang, Ts};

/// Where a complaint came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Chat,
    /// 中差评.
    Review,
    /// 平台投诉 (the platform's complaint channel).
    Platform,
    /// 维权 / 纠纷 (a dispute over a refund).
    Dispute,
    Phone,
    Other,
}

impl Source {
    pub const ALL: [Source; 6] =
        [Source::Chat, Source::Review, Source::Platform, Source::Dispute, Source::Phone, Source::Other];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Source::Chat => lang.pick("旺旺聊天", "Chat"),
            Source::Review => lang.pick("中差评", "Bad review"),
            Source::Platform => lang.pick("平台投诉", "Platform complaint"),
            Source::Dispute => lang.pick("维权纠纷", "Dispute"),
            Source::Phone => lang.pick("电话", "Phone"),
            Source::Other => lang.pick("其他", "Other"),
        }
    }
}

/// What the complaint is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Quality,
    Logistics,
    Service,
    Refund,
    NotAsDescribed,
    Counterfeit,
    Other,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::Quality,
        Category::Logistics,
        Category::Service,
        Category::Refund,
        Category::NotAsDescribed,
        Category::Counterfeit,
        Category::Other,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Category::Quality => lang.pick("质量问题", "Quality"),
            Category::Logistics => lang.pick("物流问题", "Delivery"),
            Category::Service => lang.pick("服务态度", "Service"),
            Category::Refund => lang.pick("退款退货", "Refund/return"),
            Category::NotAsDescribed => lang.pick("描述不符", "Not as described"),
            Category::Counterfeit => lang.pick("疑似假货", "Suspected counterfeit"),
            Category::Other => lang.pick("其他", "Other"),
        }
    }

    /// A likely category from the buyer's words.
    pub fn guess(text: &str) -> Category {
        let has = |ws: &[&str]| ws.iter().any(|w| text.contains(w));
        if has(&["假货", "假的", "正品"]) {
            Category::Counterfeit
        } else if has(&["快递", "物流", "没收到", "发货", "派送"]) {
            Category::Logistics
        } else if has(&["退款", "退货", "换货", "退钱"]) {
            Category::Refund
        } else if has(&["质量", "破", "坏", "起球", "掉色", "开线"]) {
            Category::Quality
        } else if has(&["不符", "色差", "不一样", "图片"]) {
            Category::NotAsDescribed
        } else if has(&["态度", "客服"]) {
            Category::Service
        } else {
            Category::Other
        }
    }
}

/// Where a complaint stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Open,
    InProgress,
    Resolved,
    Closed,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Open, Status::InProgress, Status::Resolved, Status::Closed];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Status::Open => lang.pick("待处理", "Open"),
            Status::InProgress => lang.pick("处理中", "In progress"),
            Status::Resolved => lang.pick("已解决", "Resolved"),
            Status::Closed => lang.pick("已结案", "Closed"),
        }
    }

    pub fn is_done(self) -> bool {
        matches!(self, Status::Resolved | Status::Closed)
    }
}

/// The follow-up visit (回访).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Visit {
    /// When the visit is due.
    pub due: Option<Ts>,
    /// When it was made.
    pub done: Option<Ts>,
    pub result: String,
    /// The customer was satisfied with the outcome.
    pub satisfied: Option<bool>,
}

/// One complaint.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Complaint {
    pub id: String,
    pub received: Ts,
    pub source: Source,
    /// The customer, masked ([`mask_nick`]) when stored.
    pub customer: String,
    pub order_id: String,
    pub category: Category,
    pub summary: String,
    pub handler: String,
    /// The reply time promised to the customer.
    pub promised_reply: Option<Ts>,
    /// When the customer got the reply.
    pub replied: Option<Ts>,
    pub status: Status,
    pub visit: Visit,
    /// The conversation it came from (open it in the QA viewer).
    pub conversation: Option<ConvKey>,
    pub notes: String,
    /// The agent the complaint is about (sub-account), when it is about one.
    #[serde(default)]
    pub agent: String,
    /// 有效投诉: judged to be the agent's fault. Only these count in the monthly appraisal
    /// (a buyer merely saying 投诉 does not).
    #[serde(default)]
    pub valid: bool,
}

impl Default for Complaint {
    fn default() -> Self {
        Complaint {
            id: String::new(),
            received: Ts(0),
            source: Source::Chat,
            customer: String::new(),
            order_id: String::new(),
            category: Category::Other,
            summary: String::new(),
            handler: String::new(),
            promised_reply: None,
            replied: None,
            status: Status::Open,
            visit: Visit::default(),
            conversation: None,
            notes: String::new(),
            agent: String::new(),
            valid: false,
        }
    }
}

/// Why a complaint is overdue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Overdue {
    /// The promised reply time has passed without a reply.
    Reply { late_secs: i64 },
    /// The follow-up visit is past due and not made.
    Visit { late_secs: i64 },
}

impl Overdue {
    pub fn label(self, lang: Lang) -> String {
        let (s, zh, en) = match self {
            Overdue::Reply { late_secs } => (late_secs, "回复超时", "reply overdue"),
            Overdue::Visit { late_secs } => (late_secs, "回访超时", "follow-up overdue"),
        };
        let h = s / 3600;
        let m = (s % 3600) / 60;
        match lang {
            Lang::Zh => format!("{zh} {h} 小时 {m} 分"),
            Lang::En => format!("{en} by {h} h {m} min"),
        }
    }
}

impl Complaint {
    /// Whether the complaint is overdue at `now`: an unanswered promise past its time (while
    /// not resolved), else a follow-up visit past due and not made.
    pub fn overdue(&self, now: Ts) -> Option<Overdue> {
        if let Some(p) = self.promised_reply
            && self.replied.is_none()
            && !self.status.is_done()
            && now > p
        {
            return Some(Overdue::Reply { late_secs: now.0 - p.0 });
        }
        if let Some(d) = self.visit.due
            && self.visit.done.is_none()
            && self.status != Status::Closed
            && now > d
        {
            return Some(Overdue::Visit { late_secs: now.0 - d.0 });
        }
        None
    }
}

/// The register (stored in the Registers work document).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ComplaintRegister {
    pub items: Vec<Complaint>,
}

impl ComplaintRegister {
    /// Adds or replaces (same id) a complaint, masking the customer; returns the id (`c1`…).
    pub fn put(&mut self, mut c: Complaint) -> String {
        c.customer = mask_nick(&c.customer);
        if c.id.trim().is_empty() {
            let used: std::collections::HashSet<&str> = self.items.iter().map(|x| x.id.as_str()).collect();
            c.id = (1..).map(|i| format!("c{i}")).find(|id| !used.contains(id.as_str())).unwrap_or_default();
        }
        let id = c.id.clone();
        match self.items.iter_mut().find(|x| x.id == id) {
            Some(x) => *x = c,
            None => self.items.push(c),
        }
        id
    }

    pub fn remove(&mut self, id: &str) -> bool {
        let n = self.items.len();
        self.items.retain(|c| c.id != id);
        n != self.items.len()
    }

    /// Every complaint with its overdue state at `now`: overdue first (longest late first),
    /// then open ones by promised time, then the rest newest first.
    pub fn view(&self, now: Ts) -> Vec<(Complaint, Option<Overdue>)> {
        let mut v: Vec<(Complaint, Option<Overdue>)> =
            self.items.iter().map(|c| (c.clone(), c.overdue(now))).collect();
        let late = |o: &Option<Overdue>| match o {
            Some(Overdue::Reply { late_secs }) | Some(Overdue::Visit { late_secs }) => *late_secs,
            None => -1,
        };
        v.sort_by(|a, b| {
            late(&b.1)
                .cmp(&late(&a.1))
                .then(a.0.status.is_done().cmp(&b.0.status.is_done()))
                .then(
                    a.0.promised_reply
                        .unwrap_or(Ts(i64::MAX))
                        .cmp(&b.0.promised_reply.unwrap_or(Ts(i64::MAX))),
                )
                .then(b.0.received.cmp(&a.0.received))
                .then(a.0.id.cmp(&b.0.id))
        });
        v
    }

    /// 有效投诉 per agent (sub-account) received in `from..=to` (dates), for the appraisal.
    pub fn valid_by_agent(
        &self,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> std::collections::HashMap<String, f64> {
        let mut out = std::collections::HashMap::new();
        for c in &self.items {
            let day = c.received.date();
            if c.valid && !c.agent.trim().is_empty() && from <= day && day <= to {
                *out.entry(c.agent.trim().to_owned()).or_insert(0.0) += 1.0;
            }
        }
        out
    }

    /// Complaints suggested from QA: every conversation where the buyer escalated (the risk
    /// rules) and that no complaint links to yet — the buyer's words as summary (masked),
    /// the conversation's agent as handler, a reply promised `reply_within_secs` after.
    pub fn suggest_from_qa(
        &self,
        report: &QaReport,
        log: &ChatLog,
        cfg: &QaConfig,
        reply_within_secs: i64,
    ) -> Vec<Complaint> {
        let linked: std::collections::HashSet<&ConvKey> =
            self.items.iter().filter_map(|c| c.conversation.as_ref()).collect();
        let mut out = Vec::new();
        for (i, c) in report.conversations.iter().enumerate() {
            if !c.risk {
                continue;
            }
            let key = report.key(log, i);
            if linked.contains(&key) {
                continue;
            }
            let Some(t) = log.threads.get(c.thread as usize) else { continue };
            let buyer = log.name(t.buyer);
            let hit = report.hits_of(i).iter().find(|h| {
                cfg.rules.rules.get(h.rule as usize).is_some_and(|r| r.is_risk())
                    && t.messages.get(h.msg as usize).is_some_and(|m| m.kind == MsgKind::Buyer)
            });
            let Some(m) = hit.and_then(|h| t.messages.get(h.msg as usize)) else { continue };
            let account = c.agent.map(|a| log.name(a));
            let handler = account.map(|n| n.split_once(':').map_or(n, |(_, x)| x));
            out.push(Complaint {
                received: m.ts,
                source: Source::Chat,
                customer: mask_nick(buyer),
                category: Category::guess(&m.text),
                summary: mask_text(&m.text, &[buyer]),
                handler: handler.unwrap_or_default().to_owned(),
                promised_reply: Some(m.ts.plus(reply_within_secs)),
                conversation: Some(key),
                agent: account.unwrap_or_default().to_owned(),
                ..Complaint::default()
            });
        }
        out.sort_by(|a, b| a.received.cmp(&b.received).then(a.conversation.cmp(&b.conversation)));
        out
    }
}

/// The register as a table (overdue rows highlighted), for download and print.
pub fn complaints_table(reg: &ComplaintRegister, now: Ts, lang: Lang) -> Table {
    let view = reg.view(now);
    let t = |zh, en| lang.pick(zh, en).to_owned();
    let columns = vec![
        t("编号", "ID"),
        t("登记时间", "Received"),
        t("来源", "Source"),
        t("顾客", "Customer"),
        t("订单号", "Order"),
        t("类别", "Category"),
        t("问题摘要", "Summary"),
        t("涉及客服", "Agent"),
        t("有效投诉", "Valid"),
        t("处理人", "Handler"),
        t("承诺回复时间", "Reply promised"),
        t("状态", "Status"),
        t("回访日期", "Follow-up"),
        t("回访结果", "Follow-up result"),
        t("超时", "Overdue"),
    ];
    let mut highlight = Vec::new();
    let rows = view
        .iter()
        .enumerate()
        .map(|(i, (c, o))| {
            if o.is_some() {
                highlight.push(i);
            }
            vec![
                Cell::text(&c.id),
                Cell::Time(c.received),
                Cell::text(c.source.label(lang)),
                Cell::text(mask_nick(&c.customer)),
                Cell::text(&c.order_id),
                Cell::text(c.category.label(lang)),
                Cell::text(&c.summary),
                Cell::text(c.agent.split_once(':').map_or(c.agent.as_str(), |(_, n)| n)),
                Cell::text(if c.valid { lang.pick("是", "yes") } else { "" }),
                Cell::text(&c.handler),
                c.promised_reply.map_or(Cell::Empty, Cell::Time),
                Cell::text(c.status.label(lang)),
                c.visit.done.or(c.visit.due).map_or(Cell::Empty, Cell::Time),
                Cell::text(&c.visit.result),
                o.map_or(Cell::Empty, |o| Cell::text(o.label(lang))),
            ]
        })
        .collect();
    Table {
        title: lang.pick("投诉维权登记", "Complaints and disputes").into(), columns, rows, highlight
    }
}
