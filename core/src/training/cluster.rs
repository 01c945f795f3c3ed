//! The most frequent buyer questions of imported chats, clustered on normalised text, with the
//! best-scoring agent replies to them — candidates for the script library.
//!
//! Method (deterministic, no randomness, no dependence on input order):
//! 1. **Questions**: buyer lines with a question mark or a question word (吗, 什么, 多少, 能不能…).
//! 2. **Key** ([`Normaliser`]): QA's folding (full-width → half-width, ASCII lower case),
//!    emoji codes (`[微笑]`) removed, every run of digits replaced by `#` (sizes, prices and
//!    order numbers become placeholders), punctuation, spaces and emoji dropped, particles at
//!    the end of a clause (吗 呢 啊 么 哦…) and 亲 dropped; then, in one leftmost-longest
//!    Aho-Corasick pass, synonyms replaced by their group's canonical word (几天/什么时候 →
//!    多久, 什么码/多大码 → 尺码…) and stop words (请问, 这款, 的, 了…) removed. Both lists are
//!    editable ([`ClusterParams`]). Identical keys are one *form*.
//! 3. **Similarity** of two keys on their shingles — tokens (a Chinese character, a run of
//!    ASCII letters, `#`) and token bigrams: Jaccard (resemblance), or the share of the
//!    leader's shingles the other key holds (containment, Broder 1997), for a longer wording
//!    of the same question. Exact, not MinHash: the sets are tiny and an inverted index over the
//!    leaders' shingles finds every candidate in one pass, so there is nothing approximate to
//!    explain. Ratios are compared as integers.
//! 4. **Leader clustering**: forms sorted by (frequency desc, key) — an order that depends only
//!    on the data — each join the most similar leader (resemblance ≥ `threshold` or
//!    containment ≥ `containment`; ties: the earlier leader), else lead a new cluster. Sorting
//!    first makes the most frequent wording the leader and makes the result independent of the
//!    order of threads (property-tested).
//! 5. **Replies**: the first human agent line after the question in the same conversation that
//!    is not a holding line (the follow-up rule's 稍等/我查一下 words), unless QA flagged that
//!    line (any agent fault on it) or it is shorter than four characters; grouped by the same key, ranked by the mean automatic QA score of their conversations,
//!    then by use. Texts are masked ([`super::mask`]).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::mask::mask_text;
use super::scripts::{Script, ScriptCategory};
use crate::model::{ChatLog, MsgKind, NameId};
use crate::qa::score::mean_centi;
use crate::qa::text::fold_char;
use crate::qa::{ConvKey, QaConfig, QaReport};

/// Clustering settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClusterParams {
    /// Least Jaccard similarity of shingle sets to join a cluster.
    pub threshold: f64,
    /// A question also joins a leader (of at least three shingles) when it holds this share
    /// of the leader's shingles: 今天下单多久发 holds most of 多久发货.
    pub containment: f64,
    /// Synonym groups (canonical word, variants) and stop words of the keys.
    pub synonyms: Vec<(String, Vec<String>)>,
    pub stop_words: Vec<String>,
    /// Clusters with fewer questions are left out.
    pub min_count: u32,
    pub max_clusters: usize,
    pub max_variants: usize,
    pub max_replies: usize,
    /// Keys shorter or longer (in characters) are not questions worth clustering.
    pub min_chars: usize,
    pub max_chars: usize,
}

impl Default for ClusterParams {
    fn default() -> Self {
        ClusterParams {
            threshold: 0.5,
            containment: 0.7,
            synonyms: default_synonyms(),
            stop_words: default_stop_words(),
            min_count: 2,
            max_clusters: 30,
            max_variants: 5,
            max_replies: 3,
            min_chars: 2,
            max_chars: 60,
        }
    }
}

/// A way the question was written, and how often.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variant {
    pub text: String,
    pub count: u32,
}

/// An agent reply offered for the library.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReplyCandidate {
    /// The reply as written most often (masked).
    pub text: String,
    /// The agent who gave it most (nick).
    pub agent: String,
    pub uses: u32,
    /// Mean automatic QA score of the conversations it was given in.
    pub score: Option<f64>,
    /// One conversation it was given in (the smallest key), to open in the viewer.
    pub example: ConvKey,
}

/// A cluster of questions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionCluster {
    /// The leader's key.
    pub key: String,
    /// The most frequent wording (masked).
    pub question: String,
    /// Questions in the cluster.
    pub count: u32,
    /// Distinct buyers who asked.
    pub buyers: u32,
    pub variants: Vec<Variant>,
    pub replies: Vec<ReplyCandidate>,
    pub category: ScriptCategory,
}

impl QuestionCluster {
    /// Reply `i` as a new library script (no id yet: [`super::ScriptLibrary::upsert`] gives one).
    pub fn candidate(&self, i: usize) -> Option<Script> {
        let r = self.replies.get(i)?;
        Some(Script {
            id: String::new(),
            category: self.category,
            title: self.question.clone(),
            text: r.text.clone(),
            tags: Vec::new(),
            rules: Vec::new(),
        })
    }
}

/// Particles dropped at the end of a clause (and 亲 anywhere): they change no question.
const FILLERS: [char; 13] = ['亲', '啊', '呀', '呢', '吗', '么', '哦', '吧', '啦', '嘛', '哈', '嗯', '噢'];
/// `么` is a particle unless it ends 什么, 怎么, 那么, 这么, 多么.
const MO_WORDS: [char; 5] = ['什', '怎', '那', '这', '多'];
const QUESTION_WORDS: [&str; 21] = [
    "?",
    "？",
    "吗",
    "么",
    "呢",
    "多少",
    "多大",
    "几",
    "哪",
    "能不能",
    "可不可以",
    "可以",
    "是不是",
    "有没有",
    "会不会",
    "多久",
    "啥",
    "咋",
    "如何",
    "为啥",
    "怎",
];

/// Whether a buyer line asks something.
pub fn is_question(text: &str) -> bool {
    QUESTION_WORDS.iter().any(|w| text.contains(w))
}

/// The default synonym groups: (canonical word, the ways buyers write it). Canonical words
/// stand for the whole group in keys, so 几天发货 and 什么时候发货 are one question.
pub fn default_synonyms() -> Vec<(String, Vec<String>)> {
    let g = |c: &str, v: &[&str]| (c.to_owned(), v.iter().map(|s| (*s).to_owned()).collect());
    vec![
        g("多久", &["什么时候", "啥时候", "几天", "多长时间", "多少天", "何时", "几时", "多久"]),
        g(
            "尺码",
            &[
                "什么码",
                "多大码",
                "几码",
                "哪个码",
                "多大号",
                "什么尺码",
                "哪个尺码",
                "多大尺码",
                "什么号",
                "哪个号",
                "尺码",
            ],
        ),
        g("有货", &["有现货", "现货", "有库存", "还有货", "有货", "断货", "缺货"]),
        g("优惠", &["优惠券", "便宜点", "便宜一点", "便宜些", "打折", "折扣", "能少", "活动价", "优惠"]),
        g("包邮", &["免运费", "包运费", "包邮"]),
        g("快递", &["物流", "快递", "包裹", "快件"]),
        g("到哪", &["到哪了", "到哪里了", "到哪里", "在哪里", "到哪儿", "到哪"]),
        g("退货", &["退换", "退回去", "退货"]),
    ]
}

/// Words that carry no question of their own.
pub fn default_stop_words() -> Vec<String> {
    [
        "请问",
        "这款",
        "这个",
        "这件",
        "那个",
        "那款",
        "你们",
        "你家",
        "咱们",
        "我想问",
        "想问",
        "问一下",
        "问下",
        "一下",
        "我的",
        "宝贝",
        "还",
        "的",
        "了",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect()
}

/// Turns text into question keys: see the module doc. Built once per clustering.
pub struct Normaliser {
    ac: Option<aho_corasick::AhoCorasick>,
    /// Replacement of each pattern.
    with: Vec<String>,
}

impl Normaliser {
    pub fn new(synonyms: &[(String, Vec<String>)], stop_words: &[String]) -> Normaliser {
        let mut pats: Vec<String> = Vec::new();
        let mut with = Vec::new();
        let mut seen = HashSet::new();
        let fold = |s: &str| -> String { s.chars().map(fold_char).filter(|c| c.is_alphanumeric()).collect() };
        for (canon, vars) in synonyms {
            for v in vars.iter().chain(std::iter::once(canon)) {
                let v = fold(v);
                if !v.is_empty() && seen.insert(v.clone()) {
                    pats.push(v);
                    with.push(fold(canon));
                }
            }
        }
        for w in stop_words {
            let w = fold(w);
            if !w.is_empty() && seen.insert(w.clone()) {
                pats.push(w);
                with.push(String::new());
            }
        }
        let ac = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(&pats)
            .ok();
        Normaliser { ac, with }
    }

    /// The key of one line.
    pub fn key(&self, text: &str) -> String {
        // 1. Clauses: folded, emoji codes dropped, digit runs as `#`, fillers trimmed.
        let chars: Vec<char> = text.chars().collect();
        let mut flat = String::with_capacity(text.len());
        let mut clause = String::new();
        let end_clause = |clause: &mut String, flat: &mut String| {
            loop {
                let mut it = clause.chars().rev();
                let Some(last) = it.next() else { break };
                let before = it.next();
                let particle = FILLERS.contains(&last)
                    && !(last == '么' && before.is_some_and(|b| MO_WORDS.contains(&b)));
                if !particle {
                    break;
                }
                clause.pop();
            }
            flat.extend(clause.chars().filter(|&c| c != '亲'));
            clause.clear();
        };
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == '[' || c == '【' {
                let close = if c == '[' { ']' } else { '】' };
                if let Some(len) = chars[i + 1..].iter().take(9).position(|&x| x == close) {
                    i += len + 2;
                    continue;
                }
            }
            i += 1;
            let f = fold_char(c);
            if f.is_ascii_digit() {
                if !clause.ends_with('#') {
                    clause.push('#');
                }
            } else if f.is_alphanumeric() {
                clause.push(f);
            } else {
                end_clause(&mut clause, &mut flat);
            }
        }
        end_clause(&mut clause, &mut flat);
        // 2. Synonyms to their canonical word, stop words out.
        let Some(ac) = &self.ac else { return flat };
        let mut out = String::with_capacity(flat.len());
        ac.replace_all_with(&flat, &mut out, |m, _, dst| {
            dst.push_str(&self.with[m.pattern().as_usize()]);
            true
        });
        out
    }
}

/// The key of a question with the default synonyms and stop words (see the module doc).
pub fn question_key(text: &str) -> String {
    Normaliser::new(&default_synonyms(), &default_stop_words()).key(text)
}

/// The tokens of a key: each Chinese character, each run of ASCII letters (`xl`), `#`.
fn tokens(key: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in key.char_indices() {
        if c.is_ascii_alphabetic() {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            out.push(&key[s..i]);
        }
        out.push(&key[i..i + c.len_utf8()]);
    }
    if let Some(s) = start {
        out.push(&key[s..]);
    }
    out
}

fn fnv(b: &[u8], seed: u64) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325 ^ seed;
    for &x in b {
        h = (h ^ x as u64).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Shingles of a key: its tokens and its token bigrams (as stable 64-bit hashes), sorted and
/// unique. Unigrams let 有现货 meet 有货; bigrams keep word order.
pub fn shingles(key: &str) -> Vec<u64> {
    let t = tokens(key);
    let mut v: Vec<u64> = t.iter().map(|x| fnv(x.as_bytes(), 1)).collect();
    v.extend(t.windows(2).map(|w| fnv(w[1].as_bytes(), fnv(w[0].as_bytes(), 2))));
    v.sort_unstable();
    v.dedup();
    v
}

/// Jaccard similarity of two sorted, unique shingle sets.
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    both as f64 / (a.len() + b.len() - both) as f64
}

/// Counts of texts: borrowed from the log unless they had to be masked on the way in.
type Texts<'a> = HashMap<Cow<'a, str>, u32>;

#[derive(Default)]
struct ReplyAgg<'a> {
    texts: Texts<'a>,
    agents: HashMap<NameId, u32>,
    uses: u32,
    score_sum: i64,
    score_n: u64,
    /// The conversation with the smallest key it was given in.
    example: Option<u32>,
}

/// Compares the `ConvKey`s of two conversations without building them.
fn key_cmp(report: &QaReport, log: &ChatLog, a: u32, b: u32) -> std::cmp::Ordering {
    let part = |i: u32| {
        let c = &report.conversations[i as usize];
        let t = &log.threads[c.thread as usize];
        (t.shop.as_str(), log.name(t.buyer), c.start)
    };
    part(a).cmp(&part(b))
}

impl<'a> ReplyAgg<'a> {
    fn merge(&mut self, o: ReplyAgg<'a>, report: &QaReport, log: &ChatLog) {
        for (k, v) in o.texts {
            *self.texts.entry(k).or_default() += v;
        }
        for (k, v) in o.agents {
            *self.agents.entry(k).or_default() += v;
        }
        self.uses += o.uses;
        self.score_sum += o.score_sum;
        self.score_n += o.score_n;
        self.example = match (self.example, o.example) {
            (Some(a), Some(b)) => Some(if key_cmp(report, log, b, a).is_lt() { b } else { a }),
            (a, b) => a.or(b),
        };
    }
}

#[derive(Default)]
struct FormAgg<'a> {
    count: u32,
    texts: Texts<'a>,
    buyers: HashSet<NameId>,
    replies: HashMap<String, ReplyAgg<'a>>,
}

/// The forms of one cluster (key and counts).
type Members<'a> = Vec<(String, FormAgg<'a>)>;

/// Masks the texts (the same masked text from several raw ones adds up) for output.
fn masked(texts: Texts<'_>) -> BTreeMap<String, u32> {
    let mut out: BTreeMap<String, u32> = BTreeMap::new();
    for (k, v) in texts {
        *out.entry(mask_text(&k, &[])).or_default() += v;
    }
    out
}

/// The most frequent key of a count map: most uses, then shorter, then smaller.
fn most_used(m: &BTreeMap<String, u32>) -> Option<(&String, u32)> {
    m.iter()
        .min_by(|a, b| b.1.cmp(a.1).then(a.0.chars().count().cmp(&b.0.chars().count())).then(a.0.cmp(b.0)))
        .map(|(k, v)| (k, *v))
}

/// A line's text as counted: masked at once when it holds the buyer's nick (the mask needs
/// the nick), else borrowed and masked on output.
fn text_of<'a>(text: &'a str, buyer: &str) -> Cow<'a, str> {
    let t = text.trim();
    if !buyer.is_empty() && t.contains(buyer) { Cow::Owned(mask_text(t, &[buyer])) } else { Cow::Borrowed(t) }
}

/// Clusters the buyers' questions of `log` (conversations as `report` split them).
pub fn cluster_questions(
    log: &ChatLog,
    report: &QaReport,
    cfg: &QaConfig,
    params: &ClusterParams,
) -> Vec<QuestionCluster> {
    // Agent-fault hits by (conversation, message): such replies are not offered.
    let flagged: HashSet<(u32, u32)> = report
        .hits
        .iter()
        .filter(|h| cfg.rules.rules.get(h.rule as usize).is_some_and(|r| !r.is_risk()))
        .map(|h| (h.conv, h.msg))
        .collect();
    let norm = Normaliser::new(&params.synonyms, &params.stop_words);
    let question = aho_corasick::AhoCorasick::new(QUESTION_WORDS).ok();
    let is_q = |t: &str| question.as_ref().map_or_else(|| is_question(t), |ac| ac.is_match(t));
    // "Let me check" lines (the follow-up rule's words) are not answers: the answer comes next.
    let hold_words: Vec<String> = cfg
        .rules
        .rules
        .iter()
        .filter(|r| matches!(r.check, crate::qa::Check::FollowUp { .. }))
        .flat_map(|r| r.phrases.iter().map(|p| crate::qa::text::normalise(p)))
        .collect();
    // Keys of buyer lines (None: not a question worth clustering), and of agent lines (None:
    // a holding line), each text computed once.
    let mut q_keys: HashMap<&str, Option<String>> = HashMap::new();
    let mut r_keys: HashMap<&str, Option<String>> = HashMap::new();
    let mut forms: HashMap<String, FormAgg> = HashMap::new();
    for (ci, c) in report.conversations.iter().enumerate() {
        let Some(t) = log.threads.get(c.thread as usize) else { continue };
        let buyer = log.name(t.buyer);
        for i in c.first..c.end {
            let Some(m) = t.messages.get(i as usize) else { break };
            if m.kind != MsgKind::Buyer {
                continue;
            }
            let key = q_keys.entry(m.text.as_str()).or_insert_with(|| {
                if !is_q(&m.text) {
                    return None;
                }
                let k = norm.key(&m.text);
                let n = k.chars().count();
                (n >= params.min_chars && n <= params.max_chars).then_some(k)
            });
            let Some(key) = key.as_deref() else { continue };
            if !forms.contains_key(key) {
                forms.insert(key.to_owned(), FormAgg::default());
            }
            let Some(f) = forms.get_mut(key) else { continue };
            f.count += 1;
            *f.texts.entry(text_of(&m.text, buyer)).or_default() += 1;
            f.buyers.insert(t.buyer);
            // The first human reply after it in the conversation that is not a holding line.
            let mut reply = None;
            for j in i + 1..c.end {
                let Some(r) = t.messages.get(j as usize) else { break };
                if r.kind != MsgKind::Agent {
                    continue;
                }
                let rk = r_keys.entry(r.text.as_str()).or_insert_with(|| {
                    let n = crate::qa::text::normalise(&r.text);
                    (!hold_words.iter().any(|w| n.contains(w.as_str()))).then(|| norm.key(&r.text))
                });
                if rk.is_some() {
                    reply = Some((j, r));
                    break;
                }
            }
            let Some((j, r)) = reply else { continue };
            let Some(Some(rkey)) = r_keys.get(r.text.as_str()) else { continue };
            if flagged.contains(&(ci as u32, j)) || rkey.chars().count() < 4 {
                continue;
            }
            if !f.replies.contains_key(rkey) {
                f.replies.insert(rkey.to_owned(), ReplyAgg::default());
            }
            let Some(agg) = f.replies.get_mut(rkey) else { continue };
            *agg.texts.entry(text_of(&r.text, buyer)).or_default() += 1;
            *agg.agents.entry(r.from).or_default() += 1;
            agg.uses += 1;
            if let Some(s) = c.auto_centi {
                agg.score_sum += s as i64;
                agg.score_n += 1;
            }
            let ci = ci as u32;
            agg.example = Some(match agg.example {
                Some(e) if key_cmp(report, log, e, ci).is_le() => e,
                _ => ci,
            });
        }
    }
    // Leader clustering in an order that depends only on the data.
    let mut order: Vec<(String, FormAgg)> = forms.into_iter().collect();
    order.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(&b.0)));
    let mut leaders: Vec<(String, Vec<u64>)> = Vec::new();
    let mut members: Vec<Members> = Vec::new();
    let mut postings: HashMap<u64, Vec<u32>> = HashMap::new();
    let mut overlap: Vec<u32> = Vec::new();
    let mut touched: Vec<u32> = Vec::new();
    for (key, agg) in order {
        let sh = shingles(&key);
        for s in &sh {
            if let Some(ls) = postings.get(s) {
                for &l in ls {
                    if overlap[l as usize] == 0 {
                        touched.push(l);
                    }
                    overlap[l as usize] += 1;
                }
            }
        }
        let mut best: Option<(u64, u32)> = None;
        for &l in &touched {
            let both = overlap[l as usize] as u64;
            let lead = leaders[l as usize].1.len() as u64;
            let union = sh.len() as u64 + lead - both;
            // Compared as integers: both ÷ union ≥ threshold, or both ÷ lead ≥ containment.
            let similar = both * 1000 >= (params.threshold * 1000.0).round() as u64 * union;
            let contains = lead >= 3 && both * 1000 >= (params.containment * 1000.0).round() as u64 * lead;
            if !(similar || contains) {
                continue;
            }
            // The best leader: highest Jaccard (cross-multiplied), then the earliest.
            let better = match best {
                None => true,
                Some((bb, bl)) => {
                    let bu = sh.len() as u64 + leaders[bl as usize].1.len() as u64 - bb;
                    both * bu > bb * union || (both * bu == bb * union && l < bl)
                }
            };
            if better {
                best = Some((both, l));
            }
        }
        for &l in &touched {
            overlap[l as usize] = 0;
        }
        touched.clear();
        match best {
            Some((_, l)) => members[l as usize].push((key, agg)),
            None => {
                let id = leaders.len() as u32;
                for s in &sh {
                    postings.entry(*s).or_default().push(id);
                }
                leaders.push((key.clone(), sh));
                members.push(vec![(key, agg)]);
                overlap.push(0);
            }
        }
    }
    // Keep the most frequent clusters before building their details (masking, ranking).
    let mut kept: Vec<(u32, String, Members)> = leaders
        .into_iter()
        .zip(members)
        .map(|((key, _), forms)| (forms.iter().map(|f| f.1.count).sum::<u32>(), key, forms))
        .filter(|(count, _, _)| *count >= params.min_count)
        .collect();
    kept.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    kept.truncate(params.max_clusters);
    kept.into_iter()
        .map(|(count, key, forms)| {
            let mut raw: Texts = HashMap::new();
            let mut buyers: HashSet<NameId> = HashSet::new();
            let mut replies: BTreeMap<String, ReplyAgg> = BTreeMap::new();
            for (_, f) in forms {
                for (k, v) in f.texts {
                    *raw.entry(k).or_default() += v;
                }
                buyers.extend(f.buyers);
                for (k, r) in f.replies {
                    replies.entry(k).or_default().merge(r, report, log);
                }
            }
            let texts = masked(raw);
            let question = most_used(&texts).map(|(k, _)| k.clone()).unwrap_or_default();
            let mut variants: Vec<Variant> =
                texts.into_iter().map(|(text, count)| Variant { text, count }).collect();
            variants.sort_by(|a, b| b.count.cmp(&a.count).then(a.text.cmp(&b.text)));
            variants.truncate(params.max_variants);
            let mut cands: Vec<(String, ReplyCandidate, i64)> = replies
                .into_iter()
                .filter_map(|(k, r)| {
                    let text = most_used(&masked(r.texts))?.0.clone();
                    let mut agents: BTreeMap<String, u32> = BTreeMap::new();
                    for (a, n) in r.agents {
                        let who = log.name(a);
                        *agents.entry(who.split_once(':').map_or(who, |(_, x)| x).to_owned()).or_default() +=
                            n;
                    }
                    let agent = most_used(&agents).map(|(a, _)| a.clone()).unwrap_or_default();
                    let centi = if r.score_n > 0 { r.score_sum * 100 / r.score_n as i64 } else { i64::MIN };
                    Some((
                        k,
                        ReplyCandidate {
                            text,
                            agent,
                            uses: r.uses,
                            score: mean_centi(r.score_sum, r.score_n),
                            example: report.key(log, r.example? as usize),
                        },
                        centi,
                    ))
                })
                .collect();
            cands.sort_by(|a, b| b.2.cmp(&a.2).then(b.1.uses.cmp(&a.1.uses)).then(a.0.cmp(&b.0)));
            let replies: Vec<ReplyCandidate> =
                cands.into_iter().take(params.max_replies).map(|c| c.1).collect();
            QuestionCluster {
                category: ScriptCategory::guess(&question),
                key,
                question,
                count,
                buyers: buyers.len() as u32,
                variants,
                replies,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_widths_numbers_fillers_synonyms_and_emoji() {
        assert_eq!(question_key("亲，这款有货吗？？[微笑]"), "有货");
        assert_eq!(question_key("ＸＬ码 165斤能穿吗"), "xl码#斤能穿");
        assert_eq!(question_key("XL码165斤能穿吗😀"), "xl码#斤能穿");
        assert_eq!(question_key("今天发货么 "), "今天发货");
        assert_eq!(question_key("穿什么码？"), "穿尺码");
        assert_eq!(question_key("几天发货啊"), question_key("什么时候发货"));
        assert_eq!(question_key("我的快递到哪里了？"), "快递到哪");
        assert_eq!(question_key("什么"), "什么", "么 after 什 is no particle");
        assert!(is_question("什么时候发货") && is_question("在吗") && !is_question("好的谢谢"));
    }

    #[test]
    fn jaccard_on_token_shingles() {
        let a = shingles("有现货");
        let b = shingles("有货");
        assert_eq!((a.len(), b.len()), (5, 3));
        assert!((jaccard(&a, &b) - 2.0 / 6.0).abs() < 1e-12);
        assert_eq!(tokens("xl有货#"), ["xl", "有", "货", "#"]);
        assert_eq!(jaccard(&a, &a), 1.0);
        assert_eq!(jaccard(&shingles("好"), &shingles("好")), 1.0);
    }
}
