//! Shared helper of the import golden tests: a dataset as JSON for reading, with each chat
//! message as an object (`ts`, `from`, `kind`, `text`) rather than the compact array it is
//! stored as, so the expected files show what every field is. Other kinds print as stored.

use kefu_core::Ts;
use kefu_core::model::{ChatLog, DatasetData, MsgKind, NameId};
use serde::Serialize;

#[derive(Serialize)]
struct Message<'a> {
    ts: Ts,
    from: NameId,
    kind: MsgKind,
    text: &'a str,
}

#[derive(Serialize)]
struct Thread<'a> {
    shop: &'a str,
    buyer: NameId,
    messages: Vec<Message<'a>>,
}

#[derive(Serialize)]
struct Log<'a> {
    names: &'a [String],
    threads: Vec<Thread<'a>>,
}

#[derive(Serialize)]
enum Shown<'a> {
    Chats(Log<'a>),
}

fn log(l: &ChatLog) -> Log<'_> {
    let threads = l
        .threads
        .iter()
        .map(|t| Thread {
            shop: &t.shop,
            buyer: t.buyer,
            messages: t
                .messages
                .iter()
                .map(|m| Message { ts: m.ts, from: m.from, kind: m.kind, text: &m.text })
                .collect(),
        })
        .collect();
    Log { names: &l.names, threads }
}

/// `d` as JSON (pretty or compact), chat messages spelled out as objects.
pub fn dataset_json(d: &DatasetData, pretty: bool) -> String {
    let out = match (d, pretty) {
        (DatasetData::Chats(l), true) => serde_json::to_string_pretty(&Shown::Chats(log(l))),
        (DatasetData::Chats(l), false) => serde_json::to_string(&Shown::Chats(log(l))),
        (_, true) => serde_json::to_string_pretty(d),
        (_, false) => serde_json::to_string(d),
    };
    out.expect("datasets serialise")
}
