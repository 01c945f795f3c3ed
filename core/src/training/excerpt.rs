//! Excerpts: a few lines of a real conversation around one piece of QA evidence, with the
//! buyer's personal data masked ([`super::mask`]) and the hit split out as a marked segment, so
//! a page highlights it without touching byte offsets and a print shows it in 【】.
//!
//! Choice is deterministic: an agent's excerpts for a rule come from distinct conversations,
//! worst first (lowest automatic score, unscored last), then most recent, then by conversation
//! key — never by position in the input, never at random.

use serde::{Deserialize, Serialize};

use super::mask::mask_text;
use crate::Ts;
use crate::model::{ChatLog, MsgKind, NameId};
use crate::privacy::mask_nick;
use crate::qa::{ConvKey, Hit, QaReport};

/// Who wrote a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Speaker {
    Buyer,
    Agent,
    /// Auto-replies, system lines, transfers.
    Other,
}

/// Part of a line; `mark` is the QA evidence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub text: String,
    pub mark: bool,
}

/// One line of an excerpt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExcerptLine {
    /// Message index within the thread.
    pub msg: u32,
    pub ts: Ts,
    /// Sender as shown (the buyer masked).
    pub who: String,
    pub speaker: Speaker,
    pub segments: Vec<Segment>,
    /// The whole line is the evidence (timing rules: a late or missing reply).
    pub flagged: bool,
}

impl ExcerptLine {
    /// The line as print text, the evidence in 【】 (a flagged line gets a leading ▶).
    pub fn print(&self) -> String {
        let mut s = String::new();
        if self.flagged {
            s.push('▶');
        }
        for seg in &self.segments {
            if seg.mark {
                s.push('【');
                s.push_str(&seg.text);
                s.push('】');
            } else {
                s.push_str(&seg.text);
            }
        }
        s
    }

    /// The line's text without marks.
    pub fn text(&self) -> String {
        self.segments.iter().map(|s| s.text.as_str()).collect()
    }
}

/// A few lines of one conversation around one hit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Excerpt {
    /// Index into `QaReport::conversations` (valid for the report it came from).
    pub conv: u32,
    /// The conversation's stable key, to open it in the viewer (holds the real buyer nick:
    /// never show it).
    pub key: ConvKey,
    /// The buyer as shown (masked).
    pub buyer: String,
    pub start: Ts,
    pub auto_score: Option<f64>,
    /// Index of the rule in the rule set.
    pub rule: u16,
    pub lines: Vec<ExcerptLine>,
}

/// Lines shown before and after the hit line.
pub const BEFORE: u32 = 2;
pub const AFTER: u32 = 1;

/// Builds the excerpt of `hit` (lines `BEFORE` before to `AFTER` after, inside its
/// conversation), masking the buyer's data. `None` when the hit does not fit the log.
pub fn excerpt(log: &ChatLog, report: &QaReport, hit: &Hit) -> Option<Excerpt> {
    let c = report.conversations.get(hit.conv as usize)?;
    let t = log.threads.get(c.thread as usize)?;
    let buyer = log.name(t.buyer);
    let shown = mask_nick(buyer);
    let from = hit.msg.saturating_sub(BEFORE).max(c.first);
    let to = (hit.msg + AFTER + 1).min(c.end);
    let hits = report.hits_of(hit.conv as usize);
    let mut lines = Vec::new();
    for i in from..to {
        let m = t.messages.get(i as usize)?;
        let text = match m.kind {
            // A transfer exported without its text: say where the buyer went.
            MsgKind::Transfer { to } if m.text.trim().is_empty() => format!("→ {}", agent_label(log, to)),
            _ => mask_text(&m.text, &[buyer]),
        };
        // Evidence of the same rule on this line (spans stay valid: masking keeps offsets).
        let mut spans: Vec<(usize, usize)> = hits
            .iter()
            .filter(|h| h.msg == i && h.rule == hit.rule)
            .filter_map(|h| h.span.map(|s| (s.0 as usize, s.1 as usize)))
            .filter(|&(s, e)| {
                s < e && text.is_char_boundary(s) && text.is_char_boundary(e) && e <= text.len()
            })
            .collect();
        spans.sort_unstable();
        let flagged = i == hit.msg && hit.span.is_none();
        let (speaker, who) = match m.kind {
            MsgKind::Buyer => (Speaker::Buyer, shown.clone()),
            MsgKind::Agent => (Speaker::Agent, agent_label(log, m.from)),
            _ => (Speaker::Other, agent_label(log, m.from)),
        };
        lines.push(ExcerptLine { msg: i, ts: m.ts, who, speaker, segments: split(&text, &spans), flagged });
    }
    Some(Excerpt {
        conv: hit.conv,
        key: report.key(log, hit.conv as usize),
        buyer: shown,
        start: c.start,
        auto_score: c.auto_score(),
        rule: hit.rule,
        lines,
    })
}

fn agent_label(log: &ChatLog, id: NameId) -> String {
    let n = log.name(id);
    n.split_once(':').map_or(n, |(_, nick)| nick).to_owned()
}

/// Splits `text` at the (sorted) spans; overlapping spans are merged.
fn split(text: &str, spans: &[(usize, usize)]) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut at = 0;
    for &(s, e) in spans {
        let s = s.max(at);
        if e <= s {
            continue;
        }
        if s > at {
            out.push(Segment { text: text[at..s].to_owned(), mark: false });
        }
        out.push(Segment { text: text[s..e].to_owned(), mark: true });
        at = e;
    }
    if at < text.len() || out.is_empty() {
        out.push(Segment { text: text[at..].to_owned(), mark: false });
    }
    out
}

/// The order excerpts are chosen in: worst automatic score first (unscored last), then most
/// recent, then by key (for ties across re-imports).
pub fn worst_first(report: &QaReport, log: &ChatLog) -> impl Fn(&u32, &u32) -> std::cmp::Ordering {
    move |a: &u32, b: &u32| {
        let ca = &report.conversations[*a as usize];
        let cb = &report.conversations[*b as usize];
        let sa = ca.auto_centi.unwrap_or(i32::MAX);
        let sb = cb.auto_centi.unwrap_or(i32::MAX);
        sa.cmp(&sb)
            .then(cb.start.cmp(&ca.start))
            .then_with(|| report.key(log, *a as usize).cmp(&report.key(log, *b as usize)))
    }
}

/// Up to `n` excerpts of `rule` from distinct conversations, chosen among `hits` (all of that
/// rule) in [`worst_first`] order; within a conversation the first hit is shown.
pub fn choose<'h>(
    log: &ChatLog,
    report: &QaReport,
    hits: impl Iterator<Item = &'h Hit>,
    n: usize,
) -> Vec<Excerpt> {
    let mut first_of: std::collections::BTreeMap<u32, &Hit> = std::collections::BTreeMap::new();
    for h in hits {
        first_of
            .entry(h.conv)
            .and_modify(|o| {
                if h.msg < o.msg {
                    *o = h
                }
            })
            .or_insert(h);
    }
    let mut convs: Vec<u32> = first_of.keys().copied().collect();
    convs.sort_by(worst_first(report, log));
    convs.iter().take(n).filter_map(|c| excerpt(log, report, first_of[c])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_marks_spans_and_keeps_the_rest() {
        let t = "亲，最好的选择";
        let s = split(t, &[(6, 9)]);
        assert_eq!(s.len(), 3);
        assert_eq!((s[1].text.as_str(), s[1].mark), ("最", true));
        assert_eq!(s.iter().map(|x| x.text.as_str()).collect::<String>(), t);
        assert_eq!(split("abc", &[]), vec![Segment { text: "abc".into(), mark: false }]);
        assert_eq!(split("abc", &[(0, 3)]), vec![Segment { text: "abc".into(), mark: true }]);
    }
}
