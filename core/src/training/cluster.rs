//! The most frequent buyer questions of imported chats, clustered on normalised text, with the
//! best-scoring agent replies to them — candidates for the script library.
//!
//! Method (deterministic, no randomness, no dependence on input order):
//! 1. **Questions**: buyer lines with a question mark or a question word (吗, 什么, 多少, 能不能…).
//! 2. **Key** ([`question_key`]): QA's folding (full-width → half-width, ASCII lower case),
//!    emoji codes (`[微笑]`) removed, every run of digits replaced by `#` (sizes, prices and
//!    order numbers become placeholders), punctuation, spaces, emoji and filler particles
//!    (亲 啊 呀 呢 吗 么 哦 吧 啦 嘛 哈 嗯) dropped. Identical keys are one *form*.
//! 3. **Similarity**: Jaccard similarity of the sets of character bigrams of two keys (Chinese has
//!    no spaces; bigrams are the standard shingles for it). Exact, not MinHash: the sets are tiny
//!    and an inverted index over the leaders' bigrams finds every candidate in one pass, so there
//!    is no approximation to explain.
//! 4. **Leader clustering**: forms sorted by (frequency desc, key) — an order that depends only
//!    on the data — each join the leader with the highest similarity ≥ `threshold` (ties: the
//!    earlier leader), else lead a new cluster. Sorting first makes the frequent phrasing the
//!    leader and makes the result independent of the order of threads (property-tested).
//! 5. **Replies**: the first human agent line after the question in the same conversation,
//!    unless QA flagged that line (any agent fault on it) or it is shorter than four characters;
//!    grouped by the same key, ranked by the mean automatic QA score of their conversations,
//!    then by use. Texts are masked ([`super::mask`]).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::mask::mask_text;
use super::scripts::{Script, ScriptCategory};
use crate::model::{ChatLog, MsgKind};
use crate::qa::score::mean_centi;
use crate::qa::text::fold_char;
use crate::qa::{ConvKey, QaConfig, QaReport};

/// Clustering settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClusterParams {
    /// Least Jaccard similarity of bigram sets to join a cluster.
    pub threshold: f64,
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

const FILLERS: [char; 13] = ['亲', '啊', '呀', '呢', '吗', '么', '哦', '吧', '啦', '嘛', '哈', '嗯', '噢'];
const QUESTION_WORDS: [&str; 20] = [
    "?",
    "？",
    "吗",
    "么",
    "呢",
    "多少",
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

/// The normalised key of a question or reply (see the module doc).
pub fn question_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut last_hash = false;
    while i < chars.len() {
        let c = chars[i];
        // Emoji codes: [微笑], 【哭】 of at most 8 characters.
        if c == '[' || c == '【' {
            let close = if c == '[' { ']' } else { '】' };
            if let Some(len) = chars[i + 1..].iter().take(9).position(|&x| x == close) {
                i += len + 2;
                continue;
            }
        }
        let f = fold_char(c);
        i += 1;
        if f.is_ascii_digit() {
            if !last_hash {
                out.push('#');
                last_hash = true;
            }
            continue;
        }
        last_hash = false;
        if f.is_alphanumeric() && !FILLERS.contains(&f) {
            out.push(f);
        }
    }
    out
}

/// Character bigrams of a key (a one-character key is its own shingle), sorted and unique.
pub fn shingles(key: &str) -> Vec<u64> {
    let cs: Vec<char> = key.chars().collect();
    let mut v: Vec<u64> = if cs.len() < 2 {
        cs.iter().map(|&c| c as u64).collect()
    } else {
        cs.windows(2).map(|w| ((w[0] as u64) << 32) | w[1] as u64).collect()
    };
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

#[derive(Default)]
struct ReplyAgg {
    texts: BTreeMap<String, u32>,
    agents: BTreeMap<String, u32>,
    uses: u32,
    score_sum: i64,
    score_n: u64,
    example: Option<ConvKey>,
}

impl ReplyAgg {
    fn merge(&mut self, o: ReplyAgg) {
        for (k, v) in o.texts {
            *self.texts.entry(k).or_default() += v;
        }
        for (k, v) in o.agents {
            *self.agents.entry(k).or_default() += v;
        }
        self.uses += o.uses;
        self.score_sum += o.score_sum;
        self.score_n += o.score_n;
        self.example = match (self.example.take(), o.example) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
}

#[derive(Default)]
struct FormAgg {
    count: u32,
    texts: BTreeMap<String, u32>,
    buyers: BTreeSet<String>,
    replies: BTreeMap<String, ReplyAgg>,
}

/// The most frequent key of a count map: most uses, then shorter, then smaller.
fn most_used(m: &BTreeMap<String, u32>) -> Option<(&String, u32)> {
    m.iter()
        .min_by(|a, b| b.1.cmp(a.1).then(a.0.chars().count().cmp(&b.0.chars().count())).then(a.0.cmp(b.0)))
        .map(|(k, v)| (k, *v))
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
    let mut forms: HashMap<String, FormAgg> = HashMap::new();
    for (ci, c) in report.conversations.iter().enumerate() {
        let Some(t) = log.threads.get(c.thread as usize) else { continue };
        let buyer = log.name(t.buyer);
        let mut key_of_conv: Option<ConvKey> = None;
        for i in c.first..c.end {
            let Some(m) = t.messages.get(i as usize) else { break };
            if m.kind != MsgKind::Buyer || !is_question(&m.text) {
                continue;
            }
            let key = question_key(&m.text);
            let n = key.chars().count();
            if n < params.min_chars || n > params.max_chars {
                continue;
            }
            let f = forms.entry(key).or_default();
            f.count += 1;
            *f.texts.entry(mask_text(m.text.trim(), &[buyer])).or_default() += 1;
            f.buyers.insert(buyer.to_owned());
            // The first human reply after it in the conversation.
            let reply = (i + 1..c.end).find_map(|j| {
                let r = t.messages.get(j as usize)?;
                (r.kind == MsgKind::Agent).then_some((j, r))
            });
            let Some((j, r)) = reply else { continue };
            if flagged.contains(&(ci as u32, j)) {
                continue;
            }
            let rkey = question_key(&r.text);
            if rkey.chars().count() < 4 {
                continue;
            }
            let conv_key = key_of_conv.get_or_insert_with(|| report.key(log, ci)).clone();
            let agg = f.replies.entry(rkey).or_default();
            *agg.texts.entry(mask_text(r.text.trim(), &[buyer])).or_default() += 1;
            let who = log.name(r.from);
            *agg.agents.entry(who.split_once(':').map_or(who, |(_, n)| n).to_owned()).or_default() += 1;
            agg.uses += 1;
            if let Some(s) = c.auto_centi {
                agg.score_sum += s as i64;
                agg.score_n += 1;
            }
            agg.example = Some(agg.example.take().map_or(conv_key.clone(), |e| e.min(conv_key)));
        }
    }
    // Leader clustering in an order that depends only on the data.
    let mut order: Vec<(String, FormAgg)> = forms.into_iter().collect();
    order.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(&b.0)));
    let mut leaders: Vec<(String, Vec<u64>)> = Vec::new();
    let mut members: Vec<Vec<(String, FormAgg)>> = Vec::new();
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
        let mut best: Option<(f64, u32)> = None;
        for &l in &touched {
            let both = overlap[l as usize] as usize;
            let j = both as f64 / (sh.len() + leaders[l as usize].1.len() - both) as f64;
            if j + 1e-12 >= params.threshold
                && best.is_none_or(|(bj, bl)| j > bj + 1e-12 || ((j - bj).abs() <= 1e-12 && l < bl))
            {
                best = Some((j, l));
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
    let mut out: Vec<QuestionCluster> = leaders
        .into_iter()
        .zip(members)
        .filter_map(|((key, _), forms)| {
            let count: u32 = forms.iter().map(|f| f.1.count).sum();
            if count < params.min_count {
                return None;
            }
            let mut texts: BTreeMap<String, u32> = BTreeMap::new();
            let mut buyers: BTreeSet<String> = BTreeSet::new();
            let mut replies: BTreeMap<String, ReplyAgg> = BTreeMap::new();
            for (_, f) in forms {
                for (k, v) in f.texts {
                    *texts.entry(k).or_default() += v;
                }
                buyers.extend(f.buyers);
                for (k, r) in f.replies {
                    replies.entry(k).or_default().merge(r);
                }
            }
            let question = most_used(&texts).map(|(k, _)| k.clone()).unwrap_or_default();
            let mut variants: Vec<Variant> =
                texts.into_iter().map(|(text, count)| Variant { text, count }).collect();
            variants.sort_by(|a, b| b.count.cmp(&a.count).then(a.text.cmp(&b.text)));
            variants.truncate(params.max_variants);
            let mut cands: Vec<(String, ReplyCandidate, i64)> = replies
                .into_iter()
                .filter_map(|(k, r)| {
                    let text = most_used(&r.texts)?.0.clone();
                    let agent = most_used(&r.agents).map(|(a, _)| a.clone()).unwrap_or_default();
                    let centi = if r.score_n > 0 { r.score_sum * 100 / r.score_n as i64 } else { i64::MIN };
                    Some((
                        k,
                        ReplyCandidate {
                            text,
                            agent,
                            uses: r.uses,
                            score: mean_centi(r.score_sum, r.score_n),
                            example: r.example?,
                        },
                        centi,
                    ))
                })
                .collect();
            cands.sort_by(|a, b| b.2.cmp(&a.2).then(b.1.uses.cmp(&a.1.uses)).then(a.0.cmp(&b.0)));
            let replies: Vec<ReplyCandidate> =
                cands.into_iter().take(params.max_replies).map(|c| c.1).collect();
            Some(QuestionCluster {
                category: ScriptCategory::guess(&question),
                key,
                question,
                count,
                buyers: buyers.len() as u32,
                variants,
                replies,
            })
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then(a.key.cmp(&b.key)));
    out.truncate(params.max_clusters);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_widths_numbers_fillers_and_emoji() {
        assert_eq!(question_key("亲，这款有货吗？？[微笑]"), "这款有货");
        assert_eq!(question_key("ＸＬ码 165斤能穿吗"), "xl码#斤能穿");
        assert_eq!(question_key("XL码165斤能穿吗😀"), "xl码#斤能穿");
        assert_eq!(question_key("今天发货么 "), "今天发货");
        assert!(is_question("什么时候发货") && is_question("在吗") && !is_question("好的谢谢"));
    }

    #[test]
    fn jaccard_on_bigrams() {
        let a = shingles("今天能发货");
        let b = shingles("今天可以发货");
        assert_eq!(a.len(), 4);
        let j = jaccard(&a, &b);
        assert!((j - 2.0 / 7.0).abs() < 1e-12, "{j}");
        assert_eq!(jaccard(&a, &a), 1.0);
        assert_eq!(jaccard(&shingles("好"), &shingles("好")), 1.0);
    }
}
