//! Text matching for QA: normalisation (full-width → half-width, ASCII case), one Aho-Corasick
//! automaton per side over every word list of the rule set, and the false-hit filters
//! (negation, quotation, ASCII word boundaries).
//!
//! **Spans are byte ranges into the original `ChatMessage::text`**, always on `char` boundaries,
//! so `&text[start..end]` is the matched phrase as written. [`char_range`] converts a span to
//! character offsets for front ends that count characters (JavaScript counts UTF-16 units; use
//! `str::encode_utf16` on the prefix there).
//!
//! Speed: a line without full-width characters (most lines) is searched in place, with no copy.
//! Otherwise it is folded into a reused buffer with a map back to original offsets.
//!
//! Known limits (documented for the supervisor): double negation (不能不) and negation further
//! than `negation_gap` characters away are not understood; "A不A" questions (是不是, 有没有) and
//! clauses ending in 吗/吧/? are treated as questions, not negations (so 不会是假货吧 still
//! flags 假货); an echo of the buyer is recognised only when the agent repeats the phrase with
//! at least two neighbouring characters of the buyer's line; within one side, when two phrases
//! start at the same place the longer one wins (好评返现 over 好评), and overlapping shorter
//! phrases are not reported separately.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use super::rules::{Check, RuleSet, Side};

/// Folds one char: full-width letters, digits and `％` (U+FF10–19, U+FF21–3A, U+FF41–5A,
/// U+FF05) to ASCII, and ASCII upper case to lower case. Full-width punctuation (，？！…) is
/// kept as written — word lists never need it folded and Chinese text is full of it, so most
/// lines are searched in place; the clause logic knows both widths.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' | '\u{FF05}' => {
            let a = (c as u32 - 0xFF01 + 0x21) as u8;
            (a as char).to_ascii_lowercase()
        }
        _ => c.to_ascii_lowercase(),
    }
}

/// The normalised form of a phrase or line (used for word lists; lines use [`Folder`]).
pub fn normalise(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// Character offsets of a byte span of `text` (spans are bytes; see the module doc).
pub fn char_range(text: &str, span: (u32, u32)) -> (usize, usize) {
    let (s, e) = (span.0 as usize, span.1 as usize);
    let start = text.get(..s).map(|p| p.chars().count()).unwrap_or(0);
    let len = text.get(s..e).map(|p| p.chars().count()).unwrap_or(0);
    (start, start + len)
}

/// The ASCII byte [`fold_char`] turns a three-byte character into, given its UTF-8 bytes
/// (all the folded forms are EF BC xx or EF BD xx).
fn fold3(b1: u8, b2: u8) -> Option<u8> {
    let c = match (b1, b2) {
        (0xBC, 0x85) => b'%',
        (0xBC, 0x90..=0x99) => b'0' + (b2 - 0x90),
        (0xBC, 0xA1..=0xBA) => b'a' + (b2 - 0xA1),
        (0xBD, 0x81..=0x9A) => b'a' + (b2 - 0x81),
        _ => return None,
    };
    Some(c)
}

/// A reusable folding buffer. Folding only ever turns a three-byte character into one ASCII
/// byte, so the way back to original offsets is the list of places where that happened.
#[derive(Default)]
pub struct Folder {
    buf: Vec<u8>,
    /// Folded offsets of the folded characters, ascending.
    folds: Vec<u32>,
    folded: bool,
}

impl Folder {
    /// Prepares `text`; [`Folder::hay`] then gives the text to search.
    pub fn prepare(&mut self, text: &str) {
        let bytes = text.as_bytes();
        self.folded = false;
        let mut copied = 0;
        let mut i = 0;
        while let Some(p) = memchr::memchr(0xEF, &bytes[i..]) {
            let j = i + p;
            let folded = match (bytes.get(j + 1), bytes.get(j + 2)) {
                (Some(&b1), Some(&b2)) => fold3(b1, b2),
                _ => None,
            };
            if let Some(a) = folded {
                if !self.folded {
                    self.folded = true;
                    self.buf.clear();
                    self.folds.clear();
                }
                self.buf.extend_from_slice(&bytes[copied..j]);
                self.folds.push(self.buf.len() as u32);
                self.buf.push(a);
                copied = j + 3;
                i = j + 3;
            } else {
                i = j + 1;
            }
        }
        if self.folded {
            self.buf.extend_from_slice(&bytes[copied..]);
        }
    }

    /// The text to search: the folded copy, or `text` itself when nothing needed folding.
    /// Only whole characters are ever replaced by ASCII bytes, so it is still UTF-8.
    pub fn hay_bytes<'a>(&'a self, text: &'a str) -> &'a [u8] {
        if self.folded { &self.buf } else { text.as_bytes() }
    }

    /// [`Folder::hay_bytes`] as text (validated; for the rare paths).
    pub fn hay<'a>(&'a self, text: &'a str) -> &'a str {
        std::str::from_utf8(self.hay_bytes(text)).unwrap_or(text)
    }

    /// Original byte offset of a folded offset (identity when nothing was folded).
    fn orig(&self, pos: usize) -> u32 {
        if !self.folded {
            return pos as u32;
        }
        let before = self.folds.partition_point(|&f| (f as usize) < pos);
        (pos + 2 * before) as u32
    }
}

/// What a pattern of the automaton stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    /// A phrase rule hit (rule index).
    Hit(u16),
    /// A word of a timing rule's list: sets `bit` in the line's mask (rule index for filters).
    Class { bit: u8, rule: u16 },
    /// An exception: the match itself cancels whatever else would have matched here.
    Except,
}

/// One side's automaton.
struct SideMatcher {
    ac: Option<AhoCorasick>,
    /// For pattern `p`: `targets[ranges[p].0 .. ranges[p].1]`.
    ranges: Vec<(u32, u32)>,
    targets: Vec<Target>,
    /// Pattern starts / ends with an ASCII letter or digit: check word boundaries.
    ascii_edges: Vec<(bool, bool)>,
}

/// Per-rule flags the filters need.
#[derive(Clone, Copy, Debug)]
struct RuleFlags {
    negation: bool,
    quotes: bool,
}

/// Which word list of a rule a class bit stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListKind {
    Phrases,
    Triggers,
}

/// The rule set compiled for matching.
pub struct Matcher {
    agent: SideMatcher,
    buyer: SideMatcher,
    flags: Vec<RuleFlags>,
    negation_gap: usize,
    /// Class bits per rule: (phrases bit, triggers bit); `u8::MAX` = none.
    bits: Vec<(u8, u8)>,
}

/// A phrase hit found in one line, before the engine attaches it to a conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawHit {
    pub rule: u16,
    /// Byte span in the original text.
    pub span: (u32, u32),
}

/// Errors compiling a rule set.
#[derive(Debug, thiserror::Error, PartialEq, Eq, Clone, serde::Serialize, serde::Deserialize)]
pub enum RuleSetError {
    #[error("the rule set has {count} rules; at most {max} are supported — remove or merge some")]
    TooManyRules { count: usize, max: usize },
    #[error("rule id {id:?} is used twice — give each rule its own id")]
    DuplicateId { id: String },
    #[error("rule {id:?}: the word lists need more than 64 marks in total — shorten the rule set")]
    TooManyLists { id: String },
    #[error("rule {id:?}: the word lists could not be compiled ({detail})")]
    Automaton { id: String, detail: String },
}

impl crate::lang::Localize for RuleSetError {
    fn localize(&self, lang: crate::Lang) -> String {
        match (self, lang) {
            (RuleSetError::TooManyRules { count, max }, crate::Lang::Zh) => {
                format!("规则集共有 {count} 条规则，最多支持 {max} 条：请删除或合并部分规则")
            }
            (RuleSetError::DuplicateId { id }, crate::Lang::Zh) => {
                format!("规则编号 {id} 重复：请为每条规则设置不同的编号")
            }
            (RuleSetError::TooManyLists { id }, crate::Lang::Zh) => {
                format!("规则 {id}：词表标记超过 64 个，请精简规则集")
            }
            (RuleSetError::Automaton { id, detail }, crate::Lang::Zh) => {
                format!("规则 {id}：词表无法编译（{detail}）")
            }
            (e, _) => e.to_string(),
        }
    }
}

/// Does this check use its `phrases` / `triggers` lists as marks (class bits), and on which side?
fn class_lists(check: &Check) -> (Option<Side>, Option<Option<Side>>) {
    // (phrases side, triggers side: Some(None) = both sides)
    match check {
        Check::Phrase { .. } | Check::SingleChar | Check::SlowReply | Check::TransferNoReply => (None, None),
        Check::Greeting { .. } | Check::LateNoApology { .. } | Check::FollowUp { .. } => {
            (Some(Side::Agent), None)
        }
        Check::Closing { .. } | Check::RatingInvite { .. } => (Some(Side::Agent), Some(Some(Side::Buyer))),
        Check::Unanswered => (None, Some(Some(Side::Buyer))),
        Check::AddressConfirm => (Some(Side::Agent), Some(None)),
        Check::Soothe { .. } => (Some(Side::Agent), Some(Some(Side::Buyer))),
    }
}

#[derive(Default)]
struct SideBuilder {
    patterns: Vec<String>,
    targets: Vec<Vec<Target>>,
}

impl SideBuilder {
    fn add(&mut self, phrase: &str, t: Target) {
        let p = normalise(phrase.trim());
        if p.is_empty() {
            return;
        }
        match self.patterns.iter().position(|q| *q == p) {
            Some(i) => {
                if !self.targets[i].contains(&t) {
                    self.targets[i].push(t)
                }
            }
            None => {
                self.patterns.push(p);
                self.targets.push(vec![t]);
            }
        }
    }

    fn build(self) -> Result<SideMatcher, String> {
        let ascii_edges = self
            .patterns
            .iter()
            .map(|p| {
                let b = p.as_bytes();
                (
                    b.first().is_some_and(u8::is_ascii_alphanumeric),
                    b.last().is_some_and(u8::is_ascii_alphanumeric),
                )
            })
            .collect();
        let ac = if self.patterns.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::LeftmostLongest)
                    .ascii_case_insensitive(true)
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(&self.patterns)
                    .map_err(|e| e.to_string())?,
            )
        };
        let mut ranges = Vec::with_capacity(self.targets.len());
        let mut targets = Vec::new();
        for ts in self.targets {
            let s = targets.len() as u32;
            // Exceptions first: they cancel everything at this place.
            let except = ts.contains(&Target::Except);
            if except {
                targets.push(Target::Except);
            } else {
                targets.extend(ts);
            }
            ranges.push((s, targets.len() as u32));
        }
        Ok(SideMatcher { ac, ranges, targets, ascii_edges })
    }
}

impl Matcher {
    /// Compiles the enabled rules of `set`.
    pub fn new(set: &RuleSet) -> Result<Matcher, RuleSetError> {
        if set.rules.len() > super::rules::MAX_RULES {
            return Err(RuleSetError::TooManyRules { count: set.rules.len(), max: super::rules::MAX_RULES });
        }
        for (i, r) in set.rules.iter().enumerate() {
            if set.rules[..i].iter().any(|q| q.id == r.id) {
                return Err(RuleSetError::DuplicateId { id: r.id.clone() });
            }
        }
        let mut agent = SideBuilder::default();
        let mut buyer = SideBuilder::default();
        let mut bits = Vec::with_capacity(set.rules.len());
        let mut next_bit: u8 = 0;
        for (ri, r) in set.rules.iter().enumerate() {
            let rule = ri as u16;
            let mut b = (u8::MAX, u8::MAX);
            if !r.enabled {
                bits.push(b);
                continue;
            }
            let mut alloc = |id: &str| -> Result<u8, RuleSetError> {
                if next_bit >= 64 {
                    return Err(RuleSetError::TooManyLists { id: id.to_owned() });
                }
                next_bit += 1;
                Ok(next_bit - 1)
            };
            let side_of = |s: Side| match s {
                Side::Agent => 0,
                Side::Buyer => 1,
            };
            match r.check {
                Check::Phrase { side, .. } => {
                    let sb = if side_of(side) == 0 { &mut agent } else { &mut buyer };
                    for p in &r.phrases {
                        sb.add(p, Target::Hit(rule));
                    }
                    for p in &r.exceptions {
                        sb.add(p, Target::Except);
                    }
                }
                ref check => {
                    let (ph, tr) = class_lists(check);
                    if let Some(side) = ph {
                        let bit = alloc(&r.id)?;
                        b.0 = bit;
                        let sb = if side_of(side) == 0 { &mut agent } else { &mut buyer };
                        for p in &r.phrases {
                            sb.add(p, Target::Class { bit, rule });
                        }
                        for p in &r.exceptions {
                            sb.add(p, Target::Except);
                        }
                    }
                    if let Some(sides) = tr {
                        let bit = alloc(&r.id)?;
                        b.1 = bit;
                        for p in &r.triggers {
                            if sides != Some(Side::Buyer) {
                                agent.add(p, Target::Class { bit, rule });
                            }
                            if sides != Some(Side::Agent) {
                                buyer.add(p, Target::Class { bit, rule });
                            }
                        }
                    }
                }
            }
            bits.push(b);
        }
        let err = |detail: String| RuleSetError::Automaton { id: "*".into(), detail };
        Ok(Matcher {
            agent: agent.build().map_err(err)?,
            buyer: buyer.build().map_err(err)?,
            flags: set.rules.iter().map(|r| RuleFlags { negation: r.negation, quotes: r.quotes }).collect(),
            negation_gap: set.negation_gap as usize,
            bits,
        })
    }

    /// The class bit of a rule's list, if it has one.
    pub fn bit(&self, rule: usize, list: ListKind) -> Option<u8> {
        let b = self.bits.get(rule)?;
        let v = match list {
            ListKind::Phrases => b.0,
            ListKind::Triggers => b.1,
        };
        (v != u8::MAX).then_some(v)
    }

    /// Scans one line of `side`: returns its class mask and appends phrase hits to `hits`.
    /// `quoted_from`: for agent lines, the buyer's recent lines (normalised) to detect echoes.
    pub fn scan(
        &self,
        side: Side,
        text: &str,
        folder: &mut Folder,
        hits: &mut Vec<RawHit>,
        echo_of: &dyn Fn(&str) -> bool,
    ) -> u64 {
        let sm = match side {
            Side::Agent => &self.agent,
            Side::Buyer => &self.buyer,
        };
        let Some(ac) = &sm.ac else { return 0 };
        folder.prepare(text);
        let bytes = folder.hay_bytes(text);
        // The folded line as text, made only when a filter needs it.
        let mut text_of: Option<&str> = None;
        let mut hay_str = || *text_of.get_or_insert_with(|| std::str::from_utf8(bytes).unwrap_or(text));
        let mut mask = 0u64;
        for m in ac.find_iter(bytes) {
            let p = m.pattern().as_usize();
            let (s, e) = (m.start(), m.end());
            let (first, last) = sm.ascii_edges[p];
            if (first && s > 0 && bytes[s - 1].is_ascii_alphanumeric())
                || (last && e < bytes.len() && bytes[e].is_ascii_alphanumeric())
            {
                continue;
            }
            let (a, b) = sm.ranges[p];
            for t in &sm.targets[a as usize..b as usize] {
                match *t {
                    Target::Except => break,
                    Target::Hit(rule) => {
                        let f = self.flags[rule as usize];
                        let hay = hay_str();
                        if f.negation && self.negated(hay, s, e) {
                            continue;
                        }
                        if f.quotes
                            && (in_quotes(hay, s) || (side == Side::Agent && echoes(hay, s, e, echo_of)))
                        {
                            continue;
                        }
                        hits.push(RawHit { rule, span: (folder.orig(s), folder.orig(e)) });
                    }
                    Target::Class { bit, rule } => {
                        if self.flags[rule as usize].negation && self.negated(hay_str(), s, e) {
                            continue;
                        }
                        mask |= 1u64 << bit;
                    }
                }
            }
        }
        mask
    }

    /// Byte span (original text) of the first word of class `bit` in `text`, for evidence.
    pub fn class_span(&self, side: Side, text: &str, bit: u8) -> Option<(u32, u32)> {
        let sm = match side {
            Side::Agent => &self.agent,
            Side::Buyer => &self.buyer,
        };
        let ac = sm.ac.as_ref()?;
        let mut folder = Folder::default();
        folder.prepare(text);
        let hay = folder.hay(text);
        for m in ac.find_iter(hay) {
            let (a, b) = sm.ranges[m.pattern().as_usize()];
            if sm.targets[a as usize..b as usize]
                .iter()
                .any(|t| matches!(t, Target::Class { bit: x, .. } if *x == bit))
            {
                return Some((folder.orig(m.start()), folder.orig(m.end())));
            }
        }
        None
    }

    /// A negation word shortly before `s` in the same clause, which is not part of an
    /// "A不A" question and not in a clause that ends as a question.
    fn negated(&self, hay: &str, s: usize, e: usize) -> bool {
        let before = &hay[..s];
        let mut chars = before.char_indices().rev();
        let mut gap = 0;
        let mut found = None;
        for (i, c) in chars.by_ref() {
            if is_clause_break(c) {
                break;
            }
            if NEGATIONS.contains(&c) {
                found = Some(i);
                break;
            }
            gap += 1;
            if gap > self.negation_gap {
                break;
            }
        }
        let Some(ni) = found else { return false };
        // "A不A": 是不是, 有没有, 会不会 …
        let prev = hay[..ni].chars().next_back();
        let next = hay[ni..].chars().nth(1);
        if prev.is_some() && prev == next {
            return false;
        }
        // A clause that ends as a question is not a denial (不会是假货吧？).
        let rest = &hay[e..];
        let end = rest
            .char_indices()
            .find(|&(_, c)| is_clause_break(c) && !matches!(c, '?' | '？'))
            .map(|(i, _)| i);
        let clause = &rest[..end.unwrap_or(rest.len())];
        let last = clause.trim_end_matches([' ', '~', '～']).chars().next_back();
        !matches!(last, Some('吗' | '吧' | '?' | '？' | '呢'))
    }
}

const NEGATIONS: &[char] = &['不', '没', '别', '未', '勿', '禁'];

fn is_clause_break(c: char) -> bool {
    matches!(
        c,
        ',' | '.'
            | '!'
            | '?'
            | ';'
            | ':'
            | '，'
            | '。'
            | '、'
            | '！'
            | '？'
            | '；'
            | '：'
            | '…'
            | '\n'
            | '\r'
            | ' '
            | '\u{3000}'
            | '~'
            | '～'
    )
}

/// Whether byte `s` lies inside a quotation (“” 「」 『』 ‘’, or an open ASCII `"`).
fn in_quotes(hay: &str, s: usize) -> bool {
    let mut depth: i32 = 0;
    let mut ascii = false;
    for c in hay[..s].chars() {
        match c {
            '“' | '「' | '『' | '‘' => depth += 1,
            '”' | '」' | '』' | '’' => depth = (depth - 1).max(0),
            '"' => ascii = !ascii,
            _ => {}
        }
    }
    depth > 0 || ascii
}

/// Whether the phrase at `s..e` together with two neighbouring characters occurs in one of
/// the buyer's recent lines (the agent repeating the buyer's words).
fn echoes(hay: &str, s: usize, e: usize, echo_of: &dyn Fn(&str) -> bool) -> bool {
    let back: Vec<usize> = hay[..s].char_indices().rev().take(2).map(|(i, _)| i).collect();
    // Ends of the first and second characters after the phrase.
    let mut fwd: Vec<usize> = hay[e..].char_indices().skip(1).take(2).map(|(i, _)| e + i).collect();
    if fwd.len() < 2 && e < hay.len() {
        fwd.push(hay.len());
    }
    // (chars before, chars after) with two extra characters in total.
    for (nb, na) in [(2usize, 0usize), (1, 1), (0, 2)] {
        let start = if nb == 0 { Some(s) } else { back.get(nb - 1).copied() };
        let end = if na == 0 { Some(e) } else { fwd.get(na - 1).copied() };
        if let (Some(a), Some(b)) = (start, end)
            && b <= hay.len()
            && echo_of(&hay[a..b])
        {
            return true;
        }
    }
    false
}

/// How phrases are matched and which false hits are handled, for the app's help page.
pub fn matching_notes(lang: crate::Lang) -> String {
    lang.pick(
        "词语匹配说明\n\
         · 匹配前统一全角字母、数字和％为半角，英文不区分大小写（ＶＸ、vx、VX 相同）；标点保持原样。\n\
         · 同一位置有多个词时取最长的（“好评返现”优先于“好评”）；例外词覆盖的位置不算命中（“最近”不算“最”）。\n\
         · 否定：词前 3 个字以内、同一分句中有“不、没、别、未、勿、禁”时不算命中（“不能加微信”）；“是不是、有没有”这类正反问句和以“吗、吧、呢、？”结尾的分句不算否定（“不会是假货吧”仍会标记）。\n\
         · 引用：引号（“”「」『』‘’\"\"）内的词不算命中；客服重复顾客原话（连同前后至少两个字）也不算。\n\
         · 暂不识别：双重否定（不能不）、更远的否定、反讽和语气。证据位置指向原始消息文字，可在会话中高亮。",
        "How phrases are matched\n\
         · Before matching, full-width letters, digits and ％ become half-width and case is ignored (ＶＸ, vx and VX are the same); punctuation stays as written.\n\
         · When several phrases start at the same place the longest wins (好评返现 over 好评); an exception covering the place cancels the hit (最近 is not 最).\n\
         · Negation: a hit does not count when 不/没/别/未/勿/禁 stands at most 3 characters before it in the same clause (不能加微信); \"A不A\" questions (是不是, 有没有) and clauses ending in 吗/吧/呢/? are not denials (不会是假货吧 is still flagged).\n\
         · Quotation: words inside quotation marks do not count, nor does an agent repeating the buyer's own words (with at least two neighbouring characters).\n\
         · Not understood yet: double negation (不能不), negation further away, irony and tone. Evidence points into the original message text and is highlighted in the conversation.",
    )
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::qa::rules::RuleSet;

    fn hits(side: Side, text: &str) -> Vec<(String, String)> {
        let set = RuleSet::default();
        let m = Matcher::new(&set).unwrap();
        let mut f = Folder::default();
        let mut out = Vec::new();
        m.scan(side, text, &mut f, &mut out, &|_| false);
        out.iter()
            .map(|h| {
                (set.rules[h.rule as usize].id.clone(), text[h.span.0 as usize..h.span.1 as usize].to_owned())
            })
            .collect()
    }

    #[test]
    fn folds_full_width_and_case_and_maps_spans_back() {
        assert_eq!(normalise("ＶＸ１２３Ａ　b，１００％"), "vx123a　b，100%");
        let h = hits(Side::Agent, "亲，加我ＶＸ吧");
        assert_eq!(h, vec![("platform_risk".into(), "ＶＸ".into())]);
        assert_eq!(hits(Side::Agent, "加个vx"), vec![("platform_risk".into(), "vx".into())]);
        assert_eq!(char_range("亲，加我ＶＸ吧", (12, 18)), (4, 6));
    }

    #[test]
    fn exceptions_and_ascii_boundaries() {
        assert!(hits(Side::Agent, "最近发货有点慢").is_empty());
        assert_eq!(hits(Side::Agent, "全网最低价").len(), 1);
        assert!(hits(Side::Buyer, "我的订单号是3150012").is_empty());
        assert_eq!(hits(Side::Buyer, "我要打12315"), vec![("escalation".into(), "12315".into())]);
    }

    #[test]
    fn negation_and_questions() {
        assert!(hits(Side::Agent, "我们不是最便宜的，但质量好").is_empty());
        assert!(hits(Side::Agent, "平台规定不能加微信哦").is_empty());
        assert!(hits(Side::Buyer, "放心，不会给差评的").is_empty());
        assert_eq!(hits(Side::Buyer, "不会是假货吧").len(), 1, "a question is not a denial");
        assert_eq!(hits(Side::Agent, "是不是最便宜").len(), 1, "A不A is a question");
        assert_eq!(hits(Side::Buyer, "不给退我就差评").len(), 1, "negation too far away");
    }

    #[test]
    fn quotes_and_echoes() {
        assert!(hits(Side::Agent, "您说的“最便宜”是指哪一款呢").is_empty());
        let set = RuleSet::default();
        let m = Matcher::new(&set).unwrap();
        let mut out = Vec::new();
        let buyer = normalise("你们是全网最便宜的吗");
        m.scan(
            Side::Agent,
            "亲，全网最便宜不敢说，但是性价比很高",
            &mut Folder::default(),
            &mut out,
            &|s| buyer.contains(s),
        );
        assert!(out.is_empty(), "{out:?}");
        m.scan(Side::Agent, "我们这款是最好的", &mut Folder::default(), &mut out, &|s| {
            buyer.contains(s)
        });
        assert_eq!(out.len(), 1);
    }

    #[test]
    fn the_help_text_names_the_negation_words_in_both_languages() {
        for lang in [crate::Lang::Zh, crate::Lang::En] {
            let t = matching_notes(lang);
            assert!(NEGATIONS.iter().all(|c| t.contains(*c)), "{t}");
        }
    }

    #[test]
    fn longer_phrase_wins() {
        assert_eq!(hits(Side::Agent, "好评返现5元"), vec![("platform_risk".into(), "好评返现".into())]);
    }
}
