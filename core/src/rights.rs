//! Data rights: erasing one buyer on request (PIPL 删除权) and the retention rule that drops
//! rows older than N months.
//!
//! Both work on one [`Dataset`] (or one stored JSON document) at a time and return the new
//! version, or `None` when nothing changes, so the worker can write every changed record in one
//! transaction after showing the user a preview ([`ErasePreview`], [`RetentionPreview`]).
//!
//! "Mentions the buyer" means: the buyer's id occurs anywhere in the row, as a substring of any
//! text field (order, refund and review rows; a chat message's text; a file name). A chat
//! thread of that buyer goes entirely. Ids shorter than [`MIN_ID_CHARS`] characters are refused:
//! they would match unrelated text. After erasure the chat log's name table is rebuilt, so the
//! buyer's nick is not left behind as an unused entry.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::{ChatLog, Dataset, DatasetData, MsgKind, NameId, Origin};

/// The shortest buyer id that may be erased (shorter ones match too much).
pub const MIN_ID_CHARS: usize = 3;

/// What erasing one buyer removes from one dataset.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasePreview {
    pub dataset: String,
    pub label: String,
    /// Table rows removed (orders, refunds, reviews…).
    pub rows: u64,
    /// Chat threads removed (the buyer's own conversations).
    pub threads: u64,
    /// Messages removed, inside and outside the buyer's threads.
    pub messages: u64,
    /// Source file names rewritten because they carried the id.
    pub file_names: u64,
}

/// Why an erasure cannot run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum RightsError {
    #[error("the buyer id “{id}” is too short (at least {min} characters)")]
    IdTooShort { id: String, min: usize },
}

impl crate::lang::Localize for RightsError {
    fn localize(&self, lang: crate::Lang) -> String {
        match (self, lang) {
            (RightsError::IdTooShort { id, min }, crate::Lang::Zh) => {
                format!("买家ID“{id}”太短（至少 {min} 个字符），会误删无关记录。请输入完整的买家ID。")
            }
            (RightsError::IdTooShort { id, min }, crate::Lang::En) => format!(
                "The buyer id “{id}” is too short (at least {min} characters) and would match unrelated records. Enter the full id."
            ),
        }
    }
}

/// Checks a buyer id before anything is searched.
pub fn check_id(id: &str) -> Result<&str, RightsError> {
    let id = id.trim();
    if id.chars().count() < MIN_ID_CHARS {
        return Err(RightsError::IdTooShort { id: id.into(), min: MIN_ID_CHARS });
    }
    Ok(id)
}

/// `ds` without anything mentioning `buyer`, and what went; `None` when nothing mentions it.
pub fn erase_buyer(ds: &Dataset, buyer: &str) -> Option<(Dataset, ErasePreview)> {
    let mut out = ds.clone();
    let mut p =
        ErasePreview { dataset: ds.meta.id.clone(), label: ds.meta.label.clone(), ..Default::default() };
    let needle = Needle::new(buyer);
    match &mut out.data {
        DatasetData::Chats(log) => {
            let (threads, messages) = erase_in_chats(log, buyer);
            p.threads = threads;
            p.messages = messages;
        }
        DatasetData::Orders(v) => p.rows = retain_rows(v, |r| !needle.in_row(r)),
        DatasetData::SubOrders(v) => p.rows = retain_rows(v, |r| !needle.in_row(r)),
        DatasetData::Refunds(v) => p.rows = retain_rows(v, |r| !needle.in_row(r)),
        DatasetData::Reviews(v) => p.rows = retain_rows(v, |r| !needle.in_row(r)),
        DatasetData::AgentStats(v) => p.rows = retain_rows(v, |r| !needle.in_row(r)),
        DatasetData::Staff(v) => p.rows = retain_rows(v, |r| !needle.in_row(r)),
        DatasetData::Attendance(v) => p.rows = retain_rows(v, |r| !needle.in_row(r)),
    }
    if let Origin::Import { files } = &mut out.meta.origin {
        for f in files.iter_mut().filter(|f| f.name.contains(buyer)) {
            f.name = f.name.replace(buyer, "[已删除]");
            p.file_names += 1;
        }
    }
    if out.meta.label.contains(buyer) {
        out.meta.label = out.meta.label.replace(buyer, "[已删除]");
        p.file_names += 1;
    }
    if p.rows + p.threads + p.messages + p.file_names == 0 {
        return None;
    }
    out.meta.rows = out.data.rows();
    out.meta.period = out.data.period();
    Some((out, p))
}

/// Removes `buyer` from a stored JSON document (user work, the manifest): array elements that
/// mention it anywhere are dropped, other strings that contain it have it replaced. Returns how
/// many places changed.
pub fn scrub_json(doc: &mut serde_json::Value, buyer: &str) -> u64 {
    use serde_json::Value;
    fn mentions(v: &Value, id: &str) -> bool {
        match v {
            Value::String(s) => s.contains(id),
            Value::Array(a) => a.iter().any(|x| mentions(x, id)),
            Value::Object(o) => o.iter().any(|(k, x)| k.contains(id) || mentions(x, id)),
            _ => false,
        }
    }
    fn walk(v: &mut Value, id: &str) -> u64 {
        match v {
            Value::String(s) if s.contains(id) => {
                *s = s.replace(id, "[已删除]");
                1
            }
            Value::Array(a) => {
                let before = a.len();
                a.retain(|x| !mentions(x, id));
                (before - a.len()) as u64 + a.iter_mut().map(|x| walk(x, id)).sum::<u64>()
            }
            Value::Object(o) => {
                let keys: Vec<String> = o.keys().filter(|k| k.contains(id)).cloned().collect();
                let n = keys.len() as u64;
                for k in keys {
                    o.remove(&k);
                }
                n + o.values_mut().map(|x| walk(x, id)).sum::<u64>()
            }
            _ => 0,
        }
    }
    walk(doc, buyer)
}

/// Does a raw stored record (e.g. kept-aside bytes) contain the id, as UTF-8 or JSON-escaped?
pub fn bytes_mention(bytes: &[u8], buyer: &str) -> bool {
    let plain = buyer.as_bytes();
    let escaped = json_escaped(buyer);
    memchr::memmem::find(bytes, plain).is_some()
        || (escaped.as_bytes() != plain && memchr::memmem::find(bytes, escaped.as_bytes()).is_some())
}

/// What the retention rule drops from one dataset.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionPreview {
    pub dataset: String,
    pub label: String,
    /// Rows (messages for chats) dropped and kept.
    pub dropped: u64,
    pub kept: u64,
    /// The whole dataset goes (nothing is left).
    pub whole: bool,
}

/// The first day that is kept when the rule keeps `months` months before `today`.
pub fn retention_cutoff(today: NaiveDate, months: u32) -> NaiveDate {
    today.checked_sub_months(chrono::Months::new(months)).unwrap_or(NaiveDate::MIN)
}

/// `ds` without rows dated before `cutoff`; `None` when nothing is that old. Staff lists have
/// no dates and are always kept.
pub fn retain_since(ds: &Dataset, cutoff: NaiveDate) -> Option<(Dataset, RetentionPreview)> {
    let mut out = ds.clone();
    let before = ds.data.rows();
    match &mut out.data {
        DatasetData::Chats(log) => {
            for t in &mut log.threads {
                t.messages.retain(|m| m.ts.date() >= cutoff);
            }
            log.threads.retain(|t| !t.messages.is_empty());
            compact_names(log);
        }
        DatasetData::Orders(v) => {
            retain_rows(v, |r| r.created.date() >= cutoff);
        }
        DatasetData::SubOrders(v) => {
            retain_rows(v, |r| r.created.date() >= cutoff);
        }
        DatasetData::Refunds(v) => {
            retain_rows(v, |r| r.applied.date() >= cutoff);
        }
        DatasetData::Reviews(v) => {
            retain_rows(v, |r| r.created.date() >= cutoff);
        }
        DatasetData::AgentStats(v) => {
            retain_rows(v, |r| r.to >= cutoff);
        }
        DatasetData::Attendance(v) => {
            retain_rows(v, |r| r.date >= cutoff);
        }
        DatasetData::Staff(_) => {}
    }
    let kept = out.data.rows();
    if kept == before {
        return None;
    }
    out.meta.rows = kept;
    out.meta.period = out.data.period();
    let p = RetentionPreview {
        dataset: ds.meta.id.clone(),
        label: ds.meta.label.clone(),
        dropped: before - kept,
        kept,
        whole: kept == 0,
    };
    Some((out, p))
}

fn retain_rows<T>(v: &mut Vec<T>, keep: impl FnMut(&T) -> bool) -> u64 {
    let before = v.len();
    v.retain(keep);
    (before - v.len()) as u64
}

/// Removes the buyer's threads and every message mentioning the id; returns (threads, messages).
fn erase_in_chats(log: &mut ChatLog, buyer: &str) -> (u64, u64) {
    let (mut threads, mut messages) = (0, 0);
    let names = &log.names;
    log.threads.retain(|t| {
        let theirs = names.get(t.buyer as usize).is_some_and(|n| n.contains(buyer));
        if theirs {
            threads += 1;
            messages += t.messages.len() as u64;
        }
        !theirs
    });
    for t in &mut log.threads {
        let before = t.messages.len();
        t.messages.retain(|m| !m.text.contains(buyer));
        messages += (before - t.messages.len()) as u64;
    }
    log.threads.retain(|t| !t.messages.is_empty());
    // A name that contains the id but is not the buyer's own (a transfer note, another nick
    // quoting it) must not survive either; an agent's sub-account never contains a buyer id in
    // practice, and if it did it is rewritten rather than dropped so the agent stays.
    compact_names(log);
    for n in log.names.iter_mut().filter(|n| n.contains(buyer)) {
        *n = n.replace(buyer, "[已删除]");
    }
    (threads, messages)
}

/// Rebuilds the name table with only the names still referenced, in first-use order.
fn compact_names(log: &mut ChatLog) {
    let mut map: Vec<Option<NameId>> = vec![None; log.names.len()];
    let mut names = Vec::new();
    let mut remap = |id: &mut NameId| {
        let slot = map.get_mut(*id as usize);
        match slot {
            Some(Some(new)) => *id = *new,
            Some(s @ None) => {
                let new = names.len() as NameId;
                names.push(std::mem::take(&mut log.names[*id as usize]));
                *s = Some(new);
                *id = new;
            }
            // Out of range ids stay as they are (they render as "").
            None => {}
        }
    };
    for t in &mut log.threads {
        remap(&mut t.buyer);
        for m in &mut t.messages {
            remap(&mut m.from);
            if let MsgKind::Transfer { to } = &mut m.kind {
                remap(to);
            }
        }
    }
    log.names = names;
}

struct Needle {
    escaped: String,
}

impl Needle {
    fn new(id: &str) -> Needle {
        Needle { escaped: json_escaped(id) }
    }

    /// Serialises the row as JSON and looks for the id in it: every text field of every row
    /// type, including ones added later, without a hand-kept list of fields.
    fn in_row<T: Serialize>(&self, row: &T) -> bool {
        serde_json::to_string(row).is_ok_and(|s| s.contains(&self.escaped))
    }
}

/// The id as it appears inside a JSON string.
fn json_escaped(id: &str) -> String {
    let s = serde_json::to_string(id).unwrap_or_default();
    s.get(1..s.len().saturating_sub(1)).unwrap_or_default().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Ts;
    use crate::demo::{DemoConfig, generate_simple};
    use crate::model::{ChatMessage, ChatThread, DatasetKind, DatasetMeta, SourceFile};

    fn ts(s: &str) -> Ts {
        let dt = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap();
        Ts::from_datetime(dt)
    }

    fn meta(kind: DatasetKind) -> DatasetMeta {
        DatasetMeta {
            id: "ds-1".into(),
            kind,
            label: "聊天记录".into(),
            origin: Origin::Import {
                files: vec![SourceFile { name: "buyer_tb_abc123.json".into(), bytes: 10, encoding: None }],
            },
            rows: 0,
            period: None,
            masked: true,
            added: String::new(),
            choices: Default::default(),
        }
    }

    fn chats() -> Dataset {
        let names = vec!["tb_abc123".to_string(), "店:小美".into(), "tb_other9".into(), "店:小王".into()];
        let msg = |t: &str, from: NameId, kind: MsgKind, text: &str| ChatMessage {
            ts: ts(t),
            from,
            kind,
            text: text.into(),
        };
        let log = ChatLog {
            names,
            threads: vec![
                ChatThread {
                    shop: "店".into(),
                    buyer: 0,
                    messages: vec![
                        msg("2026-10-01 10:00:00", 0, MsgKind::Buyer, "在吗"),
                        msg("2026-10-01 10:00:20", 1, MsgKind::Agent, "您好"),
                    ],
                },
                ChatThread {
                    shop: "店".into(),
                    buyer: 2,
                    messages: vec![
                        msg("2026-10-02 10:00:00", 2, MsgKind::Buyer, "我朋友 tb_abc123 推荐的"),
                        msg("2026-10-02 10:00:30", 1, MsgKind::Transfer { to: 3 }, "转交"),
                        msg("2026-10-02 10:01:00", 3, MsgKind::Agent, "好的亲"),
                    ],
                },
            ],
        };
        let data = DatasetData::Chats(log);
        let mut m = meta(DatasetKind::Chats);
        m.rows = data.rows();
        Dataset { meta: m, data }
    }

    #[test]
    fn erasing_a_buyer_removes_their_threads_mentions_names_and_file_names() {
        let ds = chats();
        let (out, p) = erase_buyer(&ds, "tb_abc123").unwrap();
        assert_eq!((p.threads, p.messages, p.file_names), (1, 3, 1));
        let json = serde_json::to_string(&out).unwrap();
        assert!(!json.contains("tb_abc123"), "{json}");
        let DatasetData::Chats(log) = &out.data else { unreachable!() };
        assert_eq!(log.threads.len(), 1);
        assert_eq!(log.names, ["tb_other9", "店:小美", "店:小王"]);
        // References were remapped consistently.
        let t = &log.threads[0];
        assert_eq!(log.name(t.buyer), "tb_other9");
        assert_eq!(log.name(t.messages[0].from), "店:小美");
        assert_eq!(t.messages[0].kind, MsgKind::Transfer { to: 2 });
        assert_eq!(out.meta.rows, 2);
        assert!(erase_buyer(&out, "tb_abc123").is_none(), "nothing left to erase");
    }

    #[test]
    fn erasing_from_the_demo_workspace_leaves_no_trace_and_touches_nothing_else() {
        let sets = generate_simple(&DemoConfig::default()).into_datasets("2026-11-22 10:00:00", true);
        let buyer = sets
            .iter()
            .find_map(|d| match &d.data {
                DatasetData::Orders(v) => v.first().map(|o| o.buyer.clone()),
                _ => None,
            })
            .unwrap();
        let mut touched = 0;
        for ds in &sets {
            match erase_buyer(ds, &buyer) {
                Some((out, p)) => {
                    touched += 1;
                    let json = serde_json::to_string(&out).unwrap();
                    assert!(!json.contains(&buyer), "{} still mentions the buyer", ds.meta.label);
                    let removed = p.rows + p.messages;
                    assert_eq!(out.data.rows() + removed, ds.data.rows(), "{}", ds.meta.label);
                }
                None => assert!(!serde_json::to_string(ds).unwrap().contains(&buyer)),
            }
        }
        assert!(touched >= 2, "the demo buyer has chats and orders");
    }

    #[test]
    fn short_ids_are_refused() {
        assert!(check_id(" ab ").is_err());
        assert_eq!(check_id(" abc ").unwrap(), "abc");
    }

    #[test]
    fn scrub_json_drops_elements_and_rewrites_strings() {
        let mut doc = serde_json::json!({
            "reviews": [{"conv": {"buyer": "tb_abc123"}, "comment": "x"}, {"conv": {"buyer": "b2"}}],
            "note": "回访 tb_abc123 已完成",
            "by_buyer": {"tb_abc123": 1, "b2": 2},
        });
        assert_eq!(scrub_json(&mut doc, "tb_abc123"), 3);
        assert!(!doc.to_string().contains("tb_abc123"));
        assert_eq!(doc["reviews"].as_array().unwrap().len(), 1);
        assert_eq!(doc["by_buyer"]["b2"], 2);
    }

    #[test]
    fn bytes_mention_sees_plain_and_escaped_ids() {
        assert!(bytes_mention("{\"b\":\"买家\\\"甲\"}".as_bytes(), "买家\"甲"));
        assert!(bytes_mention("…tb_abc123…".as_bytes(), "tb_abc123"));
        assert!(!bytes_mention(b"nothing", "tb_abc123"));
    }

    #[test]
    fn retention_drops_old_rows_and_unused_names() {
        let ds = chats();
        let cutoff = NaiveDate::from_ymd_opt(2026, 10, 2).unwrap();
        let (out, p) = retain_since(&ds, cutoff).unwrap();
        assert_eq!((p.dropped, p.kept, p.whole), (2, 3, false));
        let DatasetData::Chats(log) = &out.data else { unreachable!() };
        assert!(!log.names.iter().any(|n| n == "tb_abc123"));
        assert_eq!(out.meta.period.unwrap().from, cutoff);
        assert!(retain_since(&out, cutoff).is_none());
        let (_, all) = retain_since(&ds, NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()).unwrap();
        assert!(all.whole);
    }

    #[test]
    fn retention_cutoff_counts_calendar_months() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(retention_cutoff(d(2026, 11, 22), 6), d(2026, 5, 22));
        assert_eq!(retention_cutoff(d(2026, 3, 31), 1), d(2026, 2, 28));
    }
}
