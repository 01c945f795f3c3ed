//! Sessions: a thread is cut wherever two consecutive messages are `gap` seconds or more
//! apart (快麦/Taobao: 10 minutes). The JD wording ("a repeat contact within 10 minutes of a
//! session's close is the same session") gives the same cuts. Kept small and separate so the
//! lead can unify it with the QA module's splitter.

use std::ops::Range;

use crate::model::ChatMessage;

/// Index ranges of the sessions of `messages` (sorted by time), in order. Every message is in
/// exactly one session; an empty slice has none.
pub fn split_sessions(messages: &[ChatMessage], gap_secs: i64) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for_each_session(messages, gap_secs, |r| out.push(r));
    out
}

/// Calls `f` with each session range, without allocating.
pub fn for_each_session(messages: &[ChatMessage], gap_secs: i64, mut f: impl FnMut(Range<usize>)) {
    if messages.is_empty() {
        return;
    }
    let mut start = 0;
    for i in 1..messages.len() {
        if messages[i].ts.0 - messages[i - 1].ts.0 >= gap_secs {
            f(start..i);
            start = i;
        }
    }
    f(start..messages.len());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Ts;
    use crate::model::MsgKind;

    fn at(secs: &[i64]) -> Vec<ChatMessage> {
        secs.iter()
            .map(|&s| ChatMessage { ts: Ts(s), from: 0, kind: MsgKind::Buyer, text: String::new() })
            .collect()
    }

    #[test]
    fn ten_minutes_of_silence_starts_a_session() {
        assert_eq!(split_sessions(&at(&[0, 599, 1198, 1798]), 600), vec![0..3, 3..4]);
        assert_eq!(split_sessions(&at(&[0, 600]), 600), vec![0..1, 1..2]);
        assert!(split_sessions(&[], 600).is_empty());
        assert_eq!(split_sessions(&at(&[5]), 600), vec![0..1]);
    }
}
