//! The new-hire checklist (新人上岗清单): product knowledge (the training deck's 产品知识:
//! 规格, 材质面料, 功效功用, 包装, 顾客可能会问), platform rules, and the eight steps of the
//! reception flow (进门问好 → 接待咨询 → 提问 → 推荐商品 → 处理异议 → 促成交易 → 确认订单 →
//! 礼貌告别), each signed off per agent with the date and by whom. Items are editable; the
//! sign-offs live in the Training work document.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Lang;

/// A section of the checklist.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    Product,
    Platform,
    Reception,
    Tools,
}

impl Section {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Section::Product => lang.pick("产品知识", "Product knowledge"),
            Section::Platform => lang.pick("平台规则", "Platform rules"),
            Section::Reception => lang.pick("接待流程", "Reception flow"),
            Section::Tools => lang.pick("工具与制度", "Tools and house rules"),
        }
    }
}

/// One item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChecklistItem {
    pub id: String,
    pub section: Section,
    pub zh: String,
    pub en: String,
}

impl Default for ChecklistItem {
    fn default() -> Self {
        ChecklistItem { id: String::new(), section: Section::Product, zh: String::new(), en: String::new() }
    }
}

impl ChecklistItem {
    pub fn label(&self, lang: Lang) -> &str {
        let s = lang.pick(&self.zh, &self.en);
        if s.is_empty() { &self.zh } else { s }
    }
}

/// A sign-off of one item for one agent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SignOff {
    pub agent: String,
    pub item: String,
    pub date: NaiveDate,
    pub by: String,
}

/// The eight reception steps of the training deck, in order.
pub const RECEPTION_FLOW: [(&str, &str, &str); 8] = [
    (
        "flow_greet",
        "进门问好：黄金 6 秒内首次回复，带问候语",
        "Greeting: first reply within the golden 6 seconds, with a greeting",
    ),
    (
        "flow_consult",
        "接待咨询：回复及时、语气亲切，注意交易安全",
        "Enquiry: prompt, friendly replies; keep the deal on the platform",
    ),
    (
        "flow_ask",
        "提问：七分听三分问，问清需求再推荐",
        "Asking: listen more than you talk, find the need before recommending",
    ),
    (
        "flow_recommend",
        "推荐商品：站在顾客角度，讲清利益，及时告知优惠",
        "Recommending: from the buyer's side, clear benefits, mention offers",
    ),
    (
        "flow_objection",
        "处理异议：及时回应和解释，不生硬拒绝",
        "Objections: answer and explain, never refuse bluntly",
    ),
    (
        "flow_close",
        "促成交易：了解顾客心理，适时催拍催付",
        "Closing the sale: read the buyer, prompt the order and payment",
    ),
    (
        "flow_confirm",
        "确认订单：核对收货地址和规格",
        "Confirming the order: check the address and the variant",
    ),
    (
        "flow_farewell",
        "礼貌告别：感谢、邀请评价、欢迎再来",
        "Farewell: thanks, rating invitation, welcome back",
    ),
];

/// The default checklist.
pub fn default_items() -> Vec<ChecklistItem> {
    let it = |id: &str, section, zh: &str, en: &str| ChecklistItem {
        id: id.into(),
        section,
        zh: zh.into(),
        en: en.into(),
    };
    let mut v = vec![
        it(
            "prod_spec",
            Section::Product,
            "产品规格：尺码、重量、容量等规格表",
            "Specifications: sizes, weights, capacities",
        ),
        it(
            "prod_material",
            Section::Product,
            "材质面料：成分、配比、特性、颜色",
            "Materials: composition, properties, colours",
        ),
        it(
            "prod_function",
            Section::Product,
            "功效功用与使用方法、洗涤保养",
            "What it does, how to use and care for it",
        ),
        it("prod_package", Section::Product, "产品包装与赠品", "Packaging and gifts"),
        it("prod_faq", Section::Product, "顾客可能会问的问题（常见问答）", "Questions buyers ask (FAQ)"),
        it("rule_words", Section::Platform, "服务禁语与文明用语", "Forbidden and polite phrases"),
        it(
            "rule_offsite",
            Section::Platform,
            "禁止引导站外联系、私下交易、好评返现",
            "No off-platform contact, private deals or paid reviews",
        ),
        it(
            "rule_ads",
            Section::Platform,
            "广告法：不用极限词和绝对化承诺",
            "Advertising law: no superlatives or absolute promises",
        ),
        it(
            "rule_aftersale",
            Section::Platform,
            "退换货、七天无理由、运费险规则",
            "Returns, 7-day no-reason returns, shipping insurance",
        ),
        it(
            "rule_disputes",
            Section::Platform,
            "投诉、维权与中差评处理流程",
            "Complaints, disputes and bad reviews",
        ),
    ];
    for (id, zh, en) in RECEPTION_FLOW {
        v.push(it(id, Section::Reception, zh, en));
    }
    v.push(it(
        "tool_qianniu",
        Section::Tools,
        "千牛工作台：快捷短语、转接、备注",
        "Qianniu: quick phrases, transfers, notes",
    ));
    v.push(it(
        "tool_rules",
        Section::Tools,
        "考勤、排班与绩效考核制度",
        "Attendance, rosters and appraisal rules",
    ));
    v
}

/// One row of an agent's checklist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistRow {
    pub item: String,
    pub section: String,
    pub label: String,
    pub signed: Option<SignOff>,
}

/// An agent's checklist with progress.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistView {
    pub agent: String,
    pub rows: Vec<ChecklistRow>,
    pub done: usize,
    pub total: usize,
}

/// The checklist of `agent`: every item in order, with the latest sign-off if any.
pub fn checklist_view(
    items: &[ChecklistItem],
    signoffs: &[SignOff],
    agent: &str,
    lang: Lang,
) -> ChecklistView {
    let rows: Vec<ChecklistRow> = items
        .iter()
        .map(|i| ChecklistRow {
            item: i.id.clone(),
            section: i.section.label(lang).to_owned(),
            label: i.label(lang).to_owned(),
            signed: signoffs
                .iter()
                .filter(|s| s.agent == agent && s.item == i.id)
                .max_by(|a, b| a.date.cmp(&b.date).then(a.by.cmp(&b.by)))
                .cloned(),
        })
        .collect();
    let done = rows.iter().filter(|r| r.signed.is_some()).count();
    ChecklistView { agent: agent.to_owned(), total: rows.len(), done, rows }
}
