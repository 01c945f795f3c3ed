//! The QA rule set as data (质检规则): what each rule looks for, its word lists and thresholds,
//! with the defaults of domain.md §4. The supervisor edits these; the engine compiles them.
//!
//! Word lists are matched after normalisation (full-width → half-width, ASCII case folded), so
//! `ＶＸ`, `vx` and `VX` are the same word. `exceptions` are longer phrases that, when they
//! cover a hit at the same place, cancel it (`最近` is not the absolute claim `最`).

use serde::{Deserialize, Serialize};

use crate::Lang;

/// Which side of the conversation a word list is looked for in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// Human agent lines (auto-replies and system lines are never checked).
    Agent,
    /// Buyer lines.
    Buyer,
}

/// What a rule checks. Phrase rules fire on every occurrence of a word; the others are checks
/// over the order and timing of a conversation, written as code in `engine`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Check {
    /// A word from `phrases` in a line of `side`. `risk`: a buyer-side risk flag (投诉, 差评…),
    /// shown and used for sampling but not an agent fault.
    Phrase { side: Side, risk: bool },
    /// The first human reply of each agent in a conversation lacks a `phrases` greeting — unless
    /// that agent already wrote in the thread within `fresh_secs` before (a continued talk).
    Greeting { fresh_secs: u32 },
    /// The buyer ended the talk (a `triggers` word in one of the last three buyer lines) and none
    /// of the agent's last `window` human lines has a `phrases` closing.
    Closing { window: u8 },
    /// Same condition as closing, for a rating invitation in the last `window` agent lines.
    RatingInvite { window: u8 },
    /// A reply that came more than `after_secs` after the buyer's question, with no `phrases`
    /// apology in it or the agent's next `within - 1` lines.
    LateNoApology { after_secs: u32, within: u8 },
    /// A `phrases` "let me check" line not followed by another human agent line within
    /// `within_secs` (漏跟进). Looks past the end of the conversation, across the thread.
    FollowUp { within_secs: u32 },
    /// A human agent line of one character, ignoring spaces and punctuation (单字回复).
    SingleChar,
    /// A reply slower than the rule set's `slow_reply_secs` (单句响应慢).
    SlowReply,
    /// The conversation ends with buyer lines no human answered (超时未回复), unless every one
    /// of them contains a `triggers` word (谢谢, 好的…: nothing to answer).
    Unanswered,
    /// An order came up (`triggers`, either side) but no agent line of the conversation
    /// confirms the address (`phrases`) (核对地址).
    AddressConfirm,
    /// A buyer line with a `triggers` word (投诉, 太差…) and none of the agent's next `within`
    /// lines soothes (`phrases`: 抱歉, 理解…) (欠缺安抚).
    Soothe { within: u8 },
    /// An agent handed the buyer over after the buyer wrote but before replying themselves
    /// (转接前未有效回复).
    TransferNoReply,
}

/// One rule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Rule {
    /// Stable key used by scorecards and saved reviews (`greeting`, `rude`…).
    pub id: String,
    pub zh: String,
    pub en: String,
    pub enabled: bool,
    pub check: Check,
    /// The rule's main word list (see [`Check`] for what it means per kind).
    pub phrases: Vec<String>,
    /// A second word list for checks that need one (see [`Check`]).
    pub triggers: Vec<String>,
    /// Longer phrases that cancel a hit they cover.
    pub exceptions: Vec<String>,
    /// Phrase rules: a hit right after a negation (不/没/别/未/勿/禁, at most
    /// `RuleSet::negation_gap` characters before, same clause) does not count.
    pub negation: bool,
    /// Phrase rules: a hit inside quotation marks (“” 「」 『』 ‘’ "") or an agent echoing the
    /// buyer's own words does not count.
    pub quotes: bool,
}

impl Default for Rule {
    fn default() -> Self {
        Rule {
            id: String::new(),
            zh: String::new(),
            en: String::new(),
            enabled: true,
            check: Check::Phrase { side: Side::Agent, risk: false },
            phrases: Vec::new(),
            triggers: Vec::new(),
            exceptions: Vec::new(),
            negation: false,
            quotes: false,
        }
    }
}

impl Rule {
    pub fn label(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }

    /// A buyer-side risk flag rather than an agent fault.
    pub fn is_risk(&self) -> bool {
        matches!(self.check, Check::Phrase { risk: true, .. })
    }

    /// What the rule checks, in plain words with its current thresholds (for the app's help).
    pub fn explain(&self, lang: Lang, set: &RuleSet) -> String {
        let slow = set.slow_reply_secs;
        let zh = lang == Lang::Zh;
        let t = |z: String, e: String| if zh { z } else { e };
        match self.check {
            Check::Phrase { side: Side::Agent, .. } => t(
                "客服人工消息中出现词表中的词即命中，每出现一次算一次（自动回复不检查）。".into(),
                "A word of the list in a human agent line; every occurrence counts (auto-replies are not checked).".into(),
            ),
            Check::Phrase { side: Side::Buyer, .. } => t(
                "买家消息中出现词表中的词时标记为风险会话并记录触发的句子；只作标记，不扣客服分。".into(),
                "A word of the list in a buyer line flags the conversation as a risk, with the line; never costs the agent points.".into(),
            ),
            Check::Greeting { fresh_secs } => t(
                format!("每位客服在会话中的第一条人工回复没有问候语即命中；该客服在此前 {} 分钟内已在同一买家处发过言（接续对话）时不查。", fresh_secs / 60),
                format!("An agent's first human reply in a conversation has no greeting; not checked when that agent wrote to the buyer within the previous {} minutes (a continued talk).", fresh_secs / 60),
            ),
            Check::Closing { window } => t(
                format!("买家最后三句中出现结束用语（触发词，如“谢谢”“好的”）而客服最后 {window} 句人工消息都没有结束语即命中。"),
                format!("The buyer ended the talk (a trigger word such as 谢谢 in one of their last three lines) and none of the agent's last {window} human lines has a closing."),
            ),
            Check::RatingInvite { window } => t(
                format!("同结束语的条件下，客服最后 {window} 句人工消息没有邀请评价即命中。"),
                format!("Same condition as the closing, with no rating invitation in the agent's last {window} human lines."),
            ),
            Check::LateNoApology { after_secs, within } => t(
                format!("买家提问后超过 {after_secs} 秒才回复，且该回复及其后 {} 句内没有致歉语即命中。", within.saturating_sub(1)),
                format!("A reply more than {after_secs} s after the buyer's question with no apology in it or the next {} agent lines.", within.saturating_sub(1)),
            ),
            Check::FollowUp { within_secs } => t(
                format!("客服说了“稍等/我帮您查一下”这类话后 {} 分钟内没有再发人工消息即命中（跨会话查看同一买家）。", within_secs / 60),
                format!("A \"let me check\" line not followed by another human agent line within {} minutes (looks across the buyer's thread).", within_secs / 60),
            ),
            Check::SingleChar => t(
                "客服人工消息去掉空格和标点后只有一个字（如“嗯”“哦”）即命中。".into(),
                "A human agent line of one character once spaces and punctuation are removed (嗯, 哦).".into(),
            ),
            Check::SlowReply => t(
                format!("买家发言后超过 {slow} 秒客服才回复，每次算一次。"),
                format!("A reply more than {slow} s after the buyer wrote; each one counts."),
            ),
            Check::Unanswered => t(
                "会话以买家消息结束且无人回复即命中；若这些消息都只是“谢谢、好的、再看看”之类（触发词）则不算。".into(),
                "The conversation ends with buyer lines nobody answered, unless each of them holds a trigger word (谢谢, 好的, 再看看…).".into(),
            ),
            Check::AddressConfirm => t(
                "会话中提到已下单/付款（触发词），而客服没有任何核对地址的话即命中。".into(),
                "An order came up (trigger words, either side) but no agent line confirms the address.".into(),
            ),
            Check::Soothe { within } => t(
                format!("买家表达不满（触发词，如“投诉”“太差”）后，客服接下来 {within} 句人工消息都没有安抚或致歉即命中。"),
                format!("A buyer line with an upset word (投诉, 太差…) and none of the agent's next {within} human lines soothes or apologises."),
            ),
            Check::TransferNoReply => t(
                "买家发言后客服没有先回复就把会话转给了别人即命中。".into(),
                "The agent handed the buyer over after the buyer wrote but before replying themselves.".into(),
            ),
        }
    }
}

/// The whole rule set plus the conversation conventions it relies on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RuleSet {
    /// A silence of this many seconds or more starts a new conversation (domain.md §2: 600).
    pub session_gap_secs: u32,
    /// A reply slower than this is a slow reply (domain.md §2: 120).
    pub slow_reply_secs: u32,
    /// How many characters may stand between a negation and the phrase it negates.
    pub negation_gap: u8,
    pub rules: Vec<Rule>,
}

impl Default for RuleSet {
    fn default() -> Self {
        RuleSet { session_gap_secs: 600, slow_reply_secs: 120, negation_gap: 3, rules: default_rules() }
    }
}

/// Most rules a rule set may hold (the engine keeps a per-conversation bit per rule).
pub const MAX_RULES: usize = 64;

impl RuleSet {
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.rules.iter().position(|r| r.id == id)
    }
}

fn words(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

/// Words that mean the buyer is done (closing and "nothing left to answer").
const BUYER_DONE: &[&str] = &[
    "谢谢",
    "谢啦",
    "多谢",
    "感谢",
    "好的",
    "好滴",
    "好嘞",
    "知道了",
    "明白了",
    "再见",
    "拜拜",
    "ok",
    "嗯嗯",
];

/// Words of a buyer leaving without a question (nothing left to answer).
const BUYER_LEAVING: &[&str] =
    &["考虑一下", "再看看", "再说吧", "先收藏", "收藏了", "先不", "不用了", "算了", "下次吧", "好吧"];

/// The default rules, from domain.md §4 (word lists as shipped defaults, all editable).
pub fn default_rules() -> Vec<Rule> {
    vec![
        Rule {
            id: "greeting".into(),
            zh: "首次回复未问候".into(),
            en: "No greeting in the first reply".into(),
            check: Check::Greeting { fresh_secs: 3600 },
            phrases: words(&["您好", "你好", "欢迎", "光临", "很高兴为您服务", "hello", "哈喽"]),
            ..Rule::default()
        },
        Rule {
            id: "closing".into(),
            zh: "结束语不规范".into(),
            en: "No proper closing".into(),
            check: Check::Closing { window: 2 },
            phrases: words(&[
                "随时联系",
                "随时找我",
                "随时喊我",
                "有问题随时",
                "有需要再来",
                "祝您",
                "愉快",
                "再次光临",
                "感谢亲的支持",
                "感谢您的支持",
                "感谢支持",
                "不客气",
                "应该的",
                "都可以找我",
                "先忙",
                "再见",
                "拜拜",
            ]),
            triggers: words(BUYER_DONE),
            ..Rule::default()
        },
        Rule {
            id: "rating_invite".into(),
            zh: "未邀请评价".into(),
            en: "No rating invitation".into(),
            check: Check::RatingInvite { window: 3 },
            phrases: words(&["评价", "五星", "点个满意", "给个满意", "好评", "打个分", "满意的话"]),
            triggers: words(BUYER_DONE),
            ..Rule::default()
        },
        Rule {
            id: "rude".into(),
            zh: "服务禁语".into(),
            en: "Rude or forbidden phrase".into(),
            check: Check::Phrase { side: Side::Agent, risk: false },
            phrases: words(&[
                "不知道",
                "不可能",
                "做不到",
                "没办法",
                "不关我事",
                "这不是我的问题",
                "你听不懂吗",
                "你不懂",
                "别啰嗦",
                "爱办不办",
                "随你便",
                "随便",
                "我怎么知道",
                "别问我",
                "自己看",
                "爱买不买",
            ]),
            exceptions: words(&["随便看", "随便挑", "随便问", "不知道您", "不知道亲"]),
            negation: true,
            quotes: true,
            ..Rule::default()
        },
        Rule {
            id: "platform_risk".into(),
            zh: "平台违规用语".into(),
            en: "Platform-risk phrase".into(),
            check: Check::Phrase { side: Side::Agent, risk: false },
            phrases: words(&[
                "微信",
                "加V",
                "VX",
                "QQ",
                "手机号",
                "银行卡",
                "二维码",
                "外部链接",
                "私下转账",
                "好评返现",
                "晒单返现",
                "刷单",
                "改价",
            ]),
            negation: true,
            quotes: true,
            ..Rule::default()
        },
        Rule {
            id: "absolute_claim".into(),
            zh: "绝对化用语".into(),
            en: "Absolute claim".into(),
            check: Check::Phrase { side: Side::Agent, risk: false },
            phrases: words(&["最", "第一", "顶级", "绝对正品", "100%有效", "肯定能退款"]),
            exceptions: words(&[
                "最近",
                "最后",
                "最终",
                "最晚",
                "最迟",
                "最早",
                "最快",
                "最多",
                "最少",
                "您最好",
                "你最好",
                "最好先",
                "第一次",
                "第一件",
                "第一个",
                "第一天",
                "第一时间",
                "第一步",
            ]),
            negation: true,
            quotes: true,
            ..Rule::default()
        },
        Rule {
            id: "late_no_apology".into(),
            zh: "超时回复未致歉".into(),
            en: "Late reply without apology".into(),
            check: Check::LateNoApology { after_secs: 180, within: 2 },
            phrases: words(&["抱歉", "不好意思", "久等", "对不起", "sorry"]),
            ..Rule::default()
        },
        Rule {
            id: "follow_up".into(),
            zh: "漏跟进".into(),
            en: "\"Let me check\" not followed up".into(),
            check: Check::FollowUp { within_secs: 900 },
            phrases: words(&[
                "稍等",
                "我帮您查",
                "帮您查一下",
                "我查一下",
                "帮您查询",
                "我看一下",
                "我核实一下",
            ]),
            ..Rule::default()
        },
        Rule {
            id: "single_char".into(),
            zh: "单字回复".into(),
            en: "Single-character reply".into(),
            check: Check::SingleChar,
            ..Rule::default()
        },
        Rule {
            id: "slow_reply".into(),
            zh: "单句响应慢".into(),
            en: "Slow reply".into(),
            check: Check::SlowReply,
            ..Rule::default()
        },
        Rule {
            id: "unanswered".into(),
            zh: "超时未回复".into(),
            en: "Buyer left unanswered".into(),
            check: Check::Unanswered,
            triggers: [BUYER_DONE, BUYER_LEAVING].concat().iter().map(|s| (*s).to_owned()).collect(),
            ..Rule::default()
        },
        Rule {
            id: "address_confirm".into(),
            zh: "未核对地址".into(),
            en: "Address not confirmed".into(),
            check: Check::AddressConfirm,
            phrases: words(&["核对", "确认一下地址", "地址是", "收货地址", "收货信息", "地址对"]),
            triggers: words(&[
                "拍了",
                "拍好了",
                "已拍",
                "下单了",
                "下好单",
                "已付款",
                "付款了",
                "付了",
                "付好了",
            ]),
            ..Rule::default()
        },
        Rule {
            id: "soothe".into(),
            zh: "欠缺安抚".into(),
            en: "Upset buyer not soothed".into(),
            check: Check::Soothe { within: 2 },
            phrases: words(&[
                "抱歉",
                "不好意思",
                "对不起",
                "理解",
                "消消气",
                "别着急",
                "别生气",
                "马上给您",
                "负责到底",
                "妥善处理",
            ]),
            triggers: words(&[
                "投诉",
                "差评",
                "12315",
                "消协",
                "骗子",
                "什么态度",
                "垃圾",
                "太差",
                "破服务",
                "失望",
                "生气",
            ]),
            negation: true,
            ..Rule::default()
        },
        Rule {
            id: "transfer_no_reply".into(),
            zh: "转接前未有效回复".into(),
            en: "Transferred before replying".into(),
            check: Check::TransferNoReply,
            ..Rule::default()
        },
        Rule {
            id: "escalation".into(),
            zh: "顾客投诉风险".into(),
            en: "Buyer escalation risk".into(),
            check: Check::Phrase { side: Side::Buyer, risk: true },
            phrases: words(&[
                "投诉",
                "起诉",
                "12315",
                "消协",
                "工商",
                "媒体",
                "曝光",
                "315",
                "差评",
                "你们经理",
                "你们主管",
                "找经理",
                "找主管",
                "骗子",
                "假货",
            ]),
            negation: true,
            ..Rule::default()
        },
    ]
}
