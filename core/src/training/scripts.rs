//! The script library (话术库): model replies by category, with a default set in Chinese for
//! Taobao/Tmall customer service, editable, searchable, and exchanged as CSV.
//!
//! The default replies are written to pass the QA rules: no forbidden service phrases, no
//! off-platform contact, no absolute advertising claims (a test runs every one of them through
//! the QA word lists), and each category's replies carry the words the QA checks look for
//! (greetings greet, farewells close or invite a rating, address replies confirm the address,
//! soothing replies apologise).
//!
//! Search folds full-width letters and digits and ASCII case the way QA does
//! ([`crate::qa::text::fold_char`]) and ignores spaces and punctuation of either width, so
//! `ＶＩＰ 退货` finds `vip退货`. CSV: UTF-8 with BOM (GBK is read too); headers in Chinese or
//! English or as keys; every error names the row and the column.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::Lang;
use crate::lang::Localize;
use crate::privacy::neutralise_cell;
use crate::qa::text::fold_char;

/// What a reply is for; the stages of the reception flow plus after-sale work.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScriptCategory {
    Greeting,
    Enquiry,
    Recommendation,
    Objection,
    UrgePayment,
    AddressConfirm,
    AfterSale,
    Soothe,
    Farewell,
}

impl ScriptCategory {
    pub const ALL: [ScriptCategory; 9] = [
        ScriptCategory::Greeting,
        ScriptCategory::Enquiry,
        ScriptCategory::Recommendation,
        ScriptCategory::Objection,
        ScriptCategory::UrgePayment,
        ScriptCategory::AddressConfirm,
        ScriptCategory::AfterSale,
        ScriptCategory::Soothe,
        ScriptCategory::Farewell,
    ];

    /// Stable key (`greeting`, `urge_payment`…), as in JSON and CSV.
    pub fn key(self) -> &'static str {
        match self {
            ScriptCategory::Greeting => "greeting",
            ScriptCategory::Enquiry => "enquiry",
            ScriptCategory::Recommendation => "recommendation",
            ScriptCategory::Objection => "objection",
            ScriptCategory::UrgePayment => "urge_payment",
            ScriptCategory::AddressConfirm => "address_confirm",
            ScriptCategory::AfterSale => "after_sale",
            ScriptCategory::Soothe => "soothe",
            ScriptCategory::Farewell => "farewell",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ScriptCategory::Greeting => lang.pick("进门问好", "Greeting"),
            ScriptCategory::Enquiry => lang.pick("接待咨询", "Enquiry"),
            ScriptCategory::Recommendation => lang.pick("推荐商品", "Recommendation"),
            ScriptCategory::Objection => lang.pick("处理异议", "Objection"),
            ScriptCategory::UrgePayment => lang.pick("催拍催付", "Urging payment"),
            ScriptCategory::AddressConfirm => lang.pick("核对地址", "Address confirmation"),
            ScriptCategory::AfterSale => lang.pick("售后处理", "After-sale"),
            ScriptCategory::Soothe => lang.pick("安抚投诉", "Soothing a complaint"),
            ScriptCategory::Farewell => lang.pick("礼貌告别", "Farewell"),
        }
    }

    /// Reads a category from its key or its label in either language (CSV cells).
    pub fn parse(s: &str) -> Option<ScriptCategory> {
        let s = s.trim();
        ScriptCategory::ALL.into_iter().find(|c| {
            c.key().eq_ignore_ascii_case(s)
                || c.label(Lang::Zh) == s
                || c.label(Lang::En).eq_ignore_ascii_case(s)
        })
    }

    /// The category whose replies show how to avoid a QA rule's fault (by rule id).
    pub fn for_rule(rule_id: &str) -> Option<ScriptCategory> {
        Some(match rule_id {
            "greeting" => ScriptCategory::Greeting,
            "closing" | "rating_invite" => ScriptCategory::Farewell,
            "rude" => ScriptCategory::Objection,
            "absolute_claim" => ScriptCategory::Recommendation,
            "platform_risk" | "late_no_apology" | "slow_reply" | "unanswered" | "single_char"
            | "transfer_no_reply" => ScriptCategory::Enquiry,
            "follow_up" => ScriptCategory::AfterSale,
            "address_confirm" => ScriptCategory::AddressConfirm,
            "soothe" | "escalation" => ScriptCategory::Soothe,
            _ => return None,
        })
    }

    /// A likely category for a buyer question (for library candidates), from its words.
    pub fn guess(question: &str) -> ScriptCategory {
        let has = |ws: &[&str]| ws.iter().any(|w| question.contains(w));
        if has(&["地址", "改地址", "收货人"]) {
            ScriptCategory::AddressConfirm
        } else if has(&["退", "换货", "坏", "破", "质量", "快递", "物流", "到货", "没收到", "发票", "售后"])
        {
            ScriptCategory::AfterSale
        } else if has(&["投诉", "差评", "生气", "太差", "失望"]) {
            ScriptCategory::Soothe
        } else if has(&["贵", "便宜", "优惠", "正品", "假", "包邮", "能少"]) {
            ScriptCategory::Objection
        } else if has(&["推荐", "哪款", "哪个好", "搭配", "区别"]) {
            ScriptCategory::Recommendation
        } else if has(&["在吗", "你好", "您好", "有人吗"]) {
            ScriptCategory::Greeting
        } else {
            ScriptCategory::Enquiry
        }
    }
}

/// One model reply.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Script {
    /// Stable id (`g1`…; user-made ones `u1`…).
    pub id: String,
    pub category: ScriptCategory,
    /// Short title shown in lists (the situation: 问尺码, 嫌贵…).
    pub title: String,
    /// The reply itself.
    pub text: String,
    /// Keywords for search.
    pub tags: Vec<String>,
    /// QA rule ids this reply is the model answer for (`greeting`, `rude`…).
    pub rules: Vec<String>,
}

impl Default for Script {
    fn default() -> Self {
        Script {
            id: String::new(),
            category: ScriptCategory::Enquiry,
            title: String::new(),
            text: String::new(),
            tags: Vec::new(),
            rules: Vec::new(),
        }
    }
}

/// The library.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScriptLibrary {
    pub scripts: Vec<Script>,
}

impl Default for ScriptLibrary {
    fn default() -> Self {
        ScriptLibrary { scripts: default_scripts() }
    }
}

/// The search form of a text: folded like QA text, without spaces or punctuation.
pub fn search_key(s: &str) -> String {
    s.chars().map(fold_char).filter(|c| c.is_alphanumeric() || *c == '%').collect()
}

/// One search result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    /// Index into [`ScriptLibrary::scripts`].
    pub index: usize,
    /// Higher is better: a title match counts 3, a tag 2, the text 1 (summed over terms).
    pub score: u32,
}

impl ScriptLibrary {
    pub fn get(&self, id: &str) -> Option<&Script> {
        self.scripts.iter().find(|s| s.id == id)
    }

    /// Scripts of one category, in library order.
    pub fn of_category(&self, cat: ScriptCategory) -> impl Iterator<Item = &Script> {
        self.scripts.iter().filter(move |s| s.category == cat)
    }

    /// The model replies for a QA rule: scripts tagged with the rule first, then the rest of
    /// the rule's category, at most `n`.
    pub fn model_for_rule(&self, rule_id: &str, n: usize) -> Vec<&Script> {
        let mut out: Vec<&Script> =
            self.scripts.iter().filter(|s| s.rules.iter().any(|r| r == rule_id)).collect();
        if let Some(cat) = ScriptCategory::for_rule(rule_id) {
            for s in self.of_category(cat) {
                if !out.iter().any(|o| o.id == s.id) {
                    out.push(s);
                }
            }
        }
        out.truncate(n);
        out
    }

    /// Scripts matching every whitespace-separated term of `query` (folded, see
    /// [`search_key`]), optionally of one category; best first, then library order. An empty
    /// query lists the category (or everything).
    pub fn search(&self, query: &str, category: Option<ScriptCategory>) -> Vec<SearchHit> {
        let terms: Vec<String> = query.split_whitespace().map(search_key).filter(|t| !t.is_empty()).collect();
        let mut hits: Vec<SearchHit> = self
            .scripts
            .iter()
            .enumerate()
            .filter(|(_, s)| category.is_none_or(|c| s.category == c))
            .filter_map(|(index, s)| {
                let title = search_key(&s.title);
                let text = search_key(&s.text);
                let tags: Vec<String> = s.tags.iter().map(|t| search_key(t)).collect();
                let cat = format!(
                    "{}{}{}",
                    search_key(s.category.label(Lang::Zh)),
                    search_key(s.category.label(Lang::En)),
                    s.category.key()
                );
                let mut score = 0;
                for t in &terms {
                    let mut s = 0;
                    if title.contains(t.as_str()) {
                        s += 3;
                    }
                    if tags.iter().any(|g| g.contains(t.as_str())) {
                        s += 2;
                    }
                    if text.contains(t.as_str()) || cat.contains(t.as_str()) {
                        s += 1;
                    }
                    if s == 0 {
                        return None;
                    }
                    score += s;
                }
                Some(SearchHit { index, score })
            })
            .collect();
        hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.index.cmp(&b.index)));
        hits
    }

    /// A fresh id for a new script (`u1`, `u2`…).
    pub fn new_id(&self) -> String {
        let used: HashSet<&str> = self.scripts.iter().map(|s| s.id.as_str()).collect();
        (1..).map(|i| format!("u{i}")).find(|id| !used.contains(id.as_str())).unwrap_or_default()
    }

    /// Adds or replaces (same id) a script; a script without id gets a new one. Returns its id.
    pub fn upsert(&mut self, mut script: Script) -> String {
        if script.id.trim().is_empty() {
            script.id = self.new_id();
        }
        let id = script.id.clone();
        match self.scripts.iter_mut().find(|s| s.id == id) {
            Some(s) => *s = script,
            None => self.scripts.push(script),
        }
        id
    }

    /// Removes a script; whether it was there.
    pub fn remove(&mut self, id: &str) -> bool {
        let n = self.scripts.len();
        self.scripts.retain(|s| s.id != id);
        self.scripts.len() != n
    }

    /// Merges imported scripts: same id replaces, new ids are added, scripts without an id get
    /// a new one. With `replace`, the library becomes exactly the imported set.
    pub fn import(&mut self, scripts: Vec<Script>, replace: bool) {
        if replace {
            self.scripts.clear();
        }
        for s in scripts {
            self.upsert(s);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// CSV

/// The CSV columns, in export order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScriptColumn {
    Id,
    Category,
    Title,
    Text,
    Tags,
    Rules,
}

impl ScriptColumn {
    pub const ALL: [ScriptColumn; 6] = [
        ScriptColumn::Id,
        ScriptColumn::Category,
        ScriptColumn::Title,
        ScriptColumn::Text,
        ScriptColumn::Tags,
        ScriptColumn::Rules,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ScriptColumn::Id => "id",
            ScriptColumn::Category => "category",
            ScriptColumn::Title => "title",
            ScriptColumn::Text => "text",
            ScriptColumn::Tags => "tags",
            ScriptColumn::Rules => "rules",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ScriptColumn::Id => lang.pick("编号", "ID"),
            ScriptColumn::Category => lang.pick("分类", "Category"),
            ScriptColumn::Title => lang.pick("场景", "Title"),
            ScriptColumn::Text => lang.pick("话术", "Reply"),
            ScriptColumn::Tags => lang.pick("关键词", "Keywords"),
            ScriptColumn::Rules => lang.pick("对应质检规则", "QA rules"),
        }
    }

    fn parse(h: &str) -> Option<ScriptColumn> {
        let h = h.trim().trim_start_matches('\u{feff}').trim();
        ScriptColumn::ALL.into_iter().find(|c| {
            c.key().eq_ignore_ascii_case(h)
                || c.label(Lang::Zh) == h
                || c.label(Lang::En).eq_ignore_ascii_case(h)
        })
    }
}

/// What is wrong with an imported script file.
#[derive(Clone, Debug, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum ScriptCsvError {
    #[error("the file has no header row with a 话术/text column and a 分类/category column")]
    MissingColumn { column: ScriptColumn },
    #[error("row {row}: the file cannot be read as CSV ({detail})")]
    Unreadable { row: usize, detail: String },
    #[error("row {row}, column {column:?}: unknown category {value:?}")]
    UnknownCategory { row: usize, column: ScriptColumn, value: String },
    #[error("row {row}, column {column:?}: the reply is empty")]
    EmptyText { row: usize, column: ScriptColumn },
    #[error("row {row}, column {column:?}: id {value:?} is used twice")]
    DuplicateId { row: usize, column: ScriptColumn, value: String },
}

impl Localize for ScriptCsvError {
    fn localize(&self, lang: Lang) -> String {
        let col = |c: &ScriptColumn| c.label(lang);
        match (self, lang) {
            (ScriptCsvError::MissingColumn { column }, Lang::Zh) => {
                format!(
                    "文件缺少“{}”列：请在第一行写上列名（编号、分类、场景、话术、关键词、对应质检规则）",
                    col(column)
                )
            }
            (ScriptCsvError::MissingColumn { column }, Lang::En) => format!(
                "The file has no \"{}\" column: put the column names (ID, Category, Title, Reply, Keywords, QA rules) in the first row",
                col(column)
            ),
            (ScriptCsvError::Unreadable { row, detail }, Lang::Zh) => {
                format!("第 {row} 行无法按 CSV 读取（{detail}）：请用 Excel/WPS 另存为 CSV 后重试")
            }
            (ScriptCsvError::Unreadable { row, detail }, Lang::En) => {
                format!(
                    "Row {row} cannot be read as CSV ({detail}): save the file as CSV from Excel/WPS and retry"
                )
            }
            (ScriptCsvError::UnknownCategory { row, column, value }, Lang::Zh) => format!(
                "第 {row} 行“{}”列：分类“{value}”不存在，请填写：{}",
                col(column),
                ScriptCategory::ALL.map(|c| c.label(Lang::Zh)).join("、")
            ),
            (ScriptCsvError::UnknownCategory { row, column, value }, Lang::En) => format!(
                "Row {row}, column \"{}\": unknown category \"{value}\"; use one of: {}",
                col(column),
                ScriptCategory::ALL.map(|c| c.label(Lang::En)).join(", ")
            ),
            (ScriptCsvError::EmptyText { row, column }, Lang::Zh) => {
                format!("第 {row} 行“{}”列为空：请填写话术内容或删除该行", col(column))
            }
            (ScriptCsvError::EmptyText { row, column }, Lang::En) => {
                format!("Row {row}, column \"{}\" is empty: write the reply or delete the row", col(column))
            }
            (ScriptCsvError::DuplicateId { row, column, value }, Lang::Zh) => {
                format!("第 {row} 行“{}”列：编号“{value}”重复，请改成唯一的编号", col(column))
            }
            (ScriptCsvError::DuplicateId { row, column, value }, Lang::En) => {
                format!("Row {row}, column \"{}\": ID \"{value}\" is used twice; make it unique", col(column))
            }
        }
    }
}

fn split_list(s: &str) -> Vec<String> {
    s.split([';', '；', '|']).map(str::trim).filter(|x| !x.is_empty()).map(str::to_owned).collect()
}

/// The library as CSV (UTF-8 with BOM, CRLF), headers in `lang`; lists joined with `;`.
/// Text cells are neutralised against formulas (a reply starting with `=` gets a `'`, which
/// [`scripts_from_csv`] removes again).
pub fn scripts_csv(scripts: &[Script], lang: Lang) -> String {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let _ = w.write_record(ScriptColumn::ALL.map(|c| c.label(lang)));
    for s in scripts {
        let cells = [
            s.id.clone(),
            s.category.label(lang).to_owned(),
            s.title.clone(),
            s.text.clone(),
            s.tags.join(";"),
            s.rules.join(";"),
        ];
        let _ = w.write_record(cells.iter().map(|c| neutralise_cell(c).into_owned()));
    }
    let body = w.into_inner().unwrap_or_default();
    let mut out = String::from("\u{feff}");
    out.push_str(&String::from_utf8_lossy(&body));
    out
}

/// Undoes [`neutralise_cell`]: a `'` before `=`, `+`, `-`, `@`, tab or CR.
fn unneutralise(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if matches!(rest.as_bytes().first(), Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')) => {
            rest
        }
        _ => s,
    }
}

/// Reads a script CSV (UTF-8 with or without BOM, or GBK). Every problem is returned, each
/// naming its row (1 = the header) and column; nothing is imported when there is any.
pub fn scripts_from_csv(bytes: &[u8]) -> Result<Vec<Script>, Vec<ScriptCsvError>> {
    let enc = crate::import::encoding::detect(&bytes[..bytes.len().min(65536)]).encoding;
    let (text, _) = crate::import::encoding::decode_all(bytes, enc);
    let text = text.trim_start_matches('\u{feff}');
    let mut rd = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut records = rd.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(vec![ScriptCsvError::Unreadable { row: 1, detail: e.to_string() }]),
        None => return Err(vec![ScriptCsvError::MissingColumn { column: ScriptColumn::Text }]),
    };
    let cols: Vec<Option<ScriptColumn>> = header.iter().map(ScriptColumn::parse).collect();
    let pos = |c: ScriptColumn| cols.iter().position(|x| *x == Some(c));
    let mut errors = Vec::new();
    for need in [ScriptColumn::Category, ScriptColumn::Text] {
        if pos(need).is_none() {
            errors.push(ScriptCsvError::MissingColumn { column: need });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut out = Vec::new();
    let mut ids = HashSet::new();
    for (i, rec) in records.enumerate() {
        let row = rec.as_ref().ok().and_then(|r| r.position()).map_or(i + 2, |p| p.line() as usize);
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                errors.push(ScriptCsvError::Unreadable { row, detail: e.to_string() });
                continue;
            }
        };
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let get = |c: ScriptColumn| pos(c).and_then(|p| rec.get(p)).map(unneutralise).unwrap_or("");
        let cat_cell = get(ScriptColumn::Category);
        let Some(category) = ScriptCategory::parse(cat_cell) else {
            errors.push(ScriptCsvError::UnknownCategory {
                row,
                column: ScriptColumn::Category,
                value: cat_cell.to_owned(),
            });
            continue;
        };
        let text = get(ScriptColumn::Text);
        if text.trim().is_empty() {
            errors.push(ScriptCsvError::EmptyText { row, column: ScriptColumn::Text });
            continue;
        }
        let id = get(ScriptColumn::Id).trim().to_owned();
        if !id.is_empty() && !ids.insert(id.clone()) {
            errors.push(ScriptCsvError::DuplicateId { row, column: ScriptColumn::Id, value: id });
            continue;
        }
        out.push(Script {
            id,
            category,
            title: get(ScriptColumn::Title).to_owned(),
            text: text.to_owned(),
            tags: split_list(get(ScriptColumn::Tags)),
            rules: split_list(get(ScriptColumn::Rules)),
        });
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

// ---------------------------------------------------------------------------------------------
// Checking replies against the QA rules

/// A QA phrase found in a script.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScriptWarning {
    pub script: String,
    pub rule: String,
    /// The phrase as written in the reply.
    pub phrase: String,
}

/// Runs every script through the agent-side phrase rules of `rules` (禁语, 平台违规, 绝对化…),
/// so the page can warn when an edited reply would itself be flagged.
pub fn check_scripts(
    scripts: &[Script],
    rules: &crate::qa::RuleSet,
) -> Result<Vec<ScriptWarning>, crate::qa::RuleSetError> {
    use crate::qa::text::{Folder, Matcher};
    let m = Matcher::new(rules)?;
    let mut folder = Folder::default();
    let mut raw = Vec::new();
    let mut out = Vec::new();
    for s in scripts {
        raw.clear();
        m.scan(crate::qa::Side::Agent, &s.text, &mut folder, &mut raw, &|_| false);
        for h in &raw {
            let rule = rules.rules.get(h.rule as usize).map(|r| r.id.clone()).unwrap_or_default();
            let phrase = s.text.get(h.span.0 as usize..h.span.1 as usize).unwrap_or("").to_owned();
            out.push(ScriptWarning { script: s.id.clone(), rule, phrase });
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// The default set

fn sc(id: &str, category: ScriptCategory, title: &str, text: &str, tags: &[&str], rules: &[&str]) -> Script {
    Script {
        id: id.into(),
        category,
        title: title.into(),
        text: text.into(),
        tags: tags.iter().map(|s| (*s).to_owned()).collect(),
        rules: rules.iter().map(|s| (*s).to_owned()).collect(),
    }
}

/// The default library: several replies per category, polite, platform-rule-safe.
pub fn default_scripts() -> Vec<Script> {
    use ScriptCategory::*;
    vec![
        sc(
            "g1",
            Greeting,
            "首次接待",
            "亲，您好！欢迎光临本店，很高兴为您服务，请问您想了解哪款宝贝呢？",
            &["问好", "欢迎"],
            &["greeting"],
        ),
        sc(
            "g2",
            Greeting,
            "首次接待（自我介绍）",
            "您好，欢迎光临～我是今天为您服务的客服，有什么问题都可以问我哦。",
            &["问好", "自我介绍"],
            &["greeting"],
        ),
        sc(
            "g3",
            Greeting,
            "让顾客久等",
            "亲，您好，让您久等了，非常抱歉！请问有什么可以帮您？",
            &["久等", "致歉"],
            &["greeting", "late_no_apology"],
        ),
        sc(
            "g4",
            Greeting,
            "老顾客回访",
            "您好，欢迎回来～感谢您一直以来的支持，这次想看看哪类商品呢？",
            &["老顾客", "复购"],
            &["greeting"],
        ),
        sc(
            "g5",
            Greeting,
            "活动期间接待",
            "亲，您好！店铺正在做活动，领券下单更划算，请问您想了解哪款呢？",
            &["活动", "优惠券"],
            &["greeting"],
        ),
        sc(
            "e1",
            Enquiry,
            "问库存和发货",
            "亲，这款有现货的，付款后48小时内发货，请问您需要什么颜色和尺码呢？",
            &["库存", "现货", "发货时间"],
            &["single_char"],
        ),
        sc(
            "e2",
            Enquiry,
            "问尺码",
            "亲，麻烦告诉我一下您的身高和体重，我帮您推荐合适的尺码哦。",
            &["尺码", "身高体重"],
            &["single_char"],
        ),
        sc(
            "e3",
            Enquiry,
            "问面料",
            "亲，这款面料是纯棉的，透气吸汗、亲肤柔软，机洗手洗都可以哦。",
            &["面料", "材质"],
            &[],
        ),
        sc(
            "e4",
            Enquiry,
            "顾客要求站外联系",
            "亲，为了保障您的交易安全，咱们就在旺旺上沟通哦，有任何问题我都会在这里为您处理。",
            &["站外", "联系方式", "交易安全"],
            &["platform_risk"],
        ),
        sc(
            "e5",
            Enquiry,
            "需要转接售后",
            "亲，这个问题由售后同事专门为您处理，我已经把情况记录好了，现在为您转接，请您稍候。",
            &["转接", "售后"],
            &["transfer_no_reply"],
        ),
        sc(
            "e6",
            Enquiry,
            "回复慢了",
            "亲，不好意思让您久等了，您的问题我看到了，这就为您解答。",
            &["久等", "回复慢"],
            &["late_no_apology", "slow_reply", "unanswered"],
        ),
        sc(
            "r1",
            Recommendation,
            "按需求推荐",
            "亲，根据您说的需求，推荐您看看这款，面料柔软亲肤，很多买家反馈穿着很舒服哦。",
            &["推荐", "需求"],
            &["absolute_claim"],
        ),
        sc(
            "r2",
            Recommendation,
            "关联推荐",
            "亲，这款和您选的很搭，一起买还可以参加满减，算下来更划算哦。",
            &["搭配", "满减", "关联"],
            &[],
        ),
        sc(
            "r3",
            Recommendation,
            "介绍热销款（不用极限词）",
            "这款是店里的热销款，近30天买家评价很多，您可以看看买家秀参考一下哦。",
            &["热销", "买家秀"],
            &["absolute_claim"],
        ),
        sc(
            "r4",
            Recommendation,
            "选码建议",
            "亲，如果您喜欢宽松一点的效果，可以选大一码；喜欢合身的就选正常尺码哦。",
            &["尺码", "宽松"],
            &[],
        ),
        sc(
            "r5",
            Recommendation,
            "两款对比",
            "亲，这两款的区别主要在面料厚度，春秋穿选薄款，冬天穿选加厚款会更保暖哦。",
            &["对比", "区别"],
            &[],
        ),
        sc(
            "o1",
            Objection,
            "嫌贵",
            "亲，价格方面确实理解您的考虑，这款用的是精梳棉，做工和面料都经得起比较，现在领券下单还能再省一些哦。",
            &["贵", "价格", "优惠"],
            &["rude"],
        ),
        sc(
            "o2",
            Objection,
            "担心不是正品",
            "亲，本店是品牌官方店铺，商品都支持平台的正品保障，收到后有任何问题都可以联系我们处理。",
            &["正品", "假货"],
            &["absolute_claim"],
        ),
        sc(
            "o3",
            Objection,
            "担心不合适",
            "亲，您的担心我理解，这款支持七天无理由退换，收到后试穿不合适可以放心退换哦。",
            &["七天无理由", "退换"],
            &[],
        ),
        sc(
            "o4",
            Objection,
            "要求暂时满足不了",
            "亲，这个要求我这边暂时满足不了，非常抱歉，不过我可以为您申请店铺的优惠券，您看可以吗？",
            &["拒绝", "替代方案"],
            &["rude"],
        ),
        sc(
            "o5",
            Objection,
            "一时答不上来",
            "亲，这个问题我需要跟仓库确认清楚，确认好了第一时间回复您，好吗？",
            &["确认", "答复"],
            &["rude"],
        ),
        sc(
            "p1",
            UrgePayment,
            "拍下未付款",
            "亲，您拍下的宝贝还没有付款哦，现在付款今天就能为您安排发货～",
            &["未付款", "催付"],
            &[],
        ),
        sc(
            "p2",
            UrgePayment,
            "活动截止提醒",
            "亲，店铺活动今晚24点结束，喜欢的话可以早点下单，享受活动价哦。",
            &["活动", "截止"],
            &[],
        ),
        sc(
            "p3",
            UrgePayment,
            "询问付款顾虑",
            "亲，看到您的订单还在待付款，是遇到什么问题了吗？有需要我随时为您解答哦。",
            &["待付款", "顾虑"],
            &[],
        ),
        sc(
            "p4",
            UrgePayment,
            "打消顾虑促成交易",
            "亲，您选的颜色和尺码都没问题，可以放心拍下，付款后我这边马上为您备注优先发货。",
            &["促成", "优先发货"],
            &[],
        ),
        sc(
            "a1",
            AddressConfirm,
            "下单后核对地址",
            "亲，订单已收到，麻烦核对一下收货地址和收件人是否正确哦，确认无误今天就为您发出。",
            &["核对", "收货地址"],
            &["address_confirm"],
        ),
        sc(
            "a2",
            AddressConfirm,
            "确认订单地址",
            "亲，跟您确认一下地址是订单上填写的这个吗？如需修改请在发货前告诉我哦。",
            &["确认地址", "修改地址"],
            &["address_confirm"],
        ),
        sc(
            "a3",
            AddressConfirm,
            "核对收货信息",
            "亲，麻烦核对一下收货信息：收件人、电话和地址都正确的话，回复我“对的”就可以啦。",
            &["收货信息"],
            &["address_confirm"],
        ),
        sc(
            "a4",
            AddressConfirm,
            "地址已修改",
            "好的亲，收货地址已为您备注修改，麻烦您再核对一下新地址哦。",
            &["改地址"],
            &["address_confirm"],
        ),
        sc(
            "s1",
            AfterSale,
            "查询后跟进",
            "亲，让您久等了，刚才帮您查到了：您的包裹已经到达当地转运中心，预计明天派送哦。",
            &["物流", "跟进"],
            &["follow_up"],
        ),
        sc(
            "s2",
            AfterSale,
            "退货说明",
            "亲，您申请退货后，我这边会第一时间为您审核，寄回时请保持商品吊牌完好哦。",
            &["退货", "审核"],
            &[],
        ),
        sc(
            "s3",
            AfterSale,
            "商品有问题",
            "亲，收到的商品有问题实在抱歉，麻烦您拍一下问题部位的照片发给我，我马上为您处理。",
            &["质量问题", "照片"],
            &["soothe"],
        ),
        sc(
            "s4",
            AfterSale,
            "退款到账",
            "亲，退款已为您处理，原路退回，一般1到3个工作日到账，请您留意查收哦。",
            &["退款", "到账"],
            &[],
        ),
        sc(
            "s5",
            AfterSale,
            "换货登记",
            "亲，换货已为您登记，新商品寄出后我会把快递单号同步给您，请您放心。",
            &["换货", "单号"],
            &["follow_up"],
        ),
        sc(
            "c1",
            Soothe,
            "顾客不满",
            "亲，真的非常抱歉给您带来不好的体验，您先别着急，我马上为您核实处理。",
            &["不满", "安抚"],
            &["soothe"],
        ),
        sc(
            "c2",
            Soothe,
            "顾客着急",
            "非常理解您的心情，换作是我也会着急的，这件事我会负责到底，尽快给您一个答复。",
            &["理解", "负责到底"],
            &["soothe"],
        ),
        sc(
            "c3",
            Soothe,
            "顾客要投诉",
            "亲，给您添麻烦了，对不起！我已经把情况反馈给主管，今天之内给您回复处理结果。",
            &["投诉", "升级"],
            &["soothe", "escalation"],
        ),
        sc(
            "c4",
            Soothe,
            "提出解决方案",
            "亲，您消消气，这次是我们没做好，我们会妥善处理，您看是为您补发还是退款更方便呢？",
            &["补发", "退款"],
            &["soothe"],
        ),
        sc(
            "c5",
            Soothe,
            "记录反馈",
            "亲，抱歉让您不愉快了，您反馈的问题我们非常重视，已经记录下来，处理进度我会及时告诉您。",
            &["反馈", "进度"],
            &["soothe", "escalation"],
        ),
        sc(
            "f1",
            Farewell,
            "结束语",
            "不客气亲，感谢您的支持，有问题随时联系我哦，祝您生活愉快！",
            &["结束语", "感谢"],
            &["closing"],
        ),
        sc(
            "f2",
            Farewell,
            "邀请评价",
            "亲，收到宝贝后满意的话，麻烦给个五星评价哦，您的鼓励是我们前进的动力～",
            &["评价", "五星"],
            &["rating_invite"],
        ),
        sc(
            "f3",
            Farewell,
            "欢迎再来",
            "感谢亲的支持，期待您再次光临，祝您购物愉快！",
            &["再次光临"],
            &["closing"],
        ),
        sc(
            "f4",
            Farewell,
            "顾客先走",
            "好的亲，那您先忙，有需要再来找我哦，再见～",
            &["先忙", "再见"],
            &["closing"],
        ),
        sc(
            "f5",
            Farewell,
            "服务结束邀评",
            "亲，问题已经为您处理好了，如果对我的服务满意的话，可以给我点个满意哦，谢谢您！",
            &["满意", "邀评"],
            &["rating_invite", "closing"],
        ),
    ]
}
