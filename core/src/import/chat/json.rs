//! Chat JSON of community exporters (and `export::chat::buyer_json`): one buyer per object
//!
//! ```text
//! {"user": "tb_小鱼儿88", "exportTime": "2026-11-16 09:30:00", "count": 2,
//!  "chats": [{"date": "2026-10-19", "time": "09:05:03", "sender": "tb_小鱼儿88",
//!             "text": "在吗", "imgUrl": ""}, …]}
//! ```
//!
//! or a top-level array of such objects. A chat whose `sender` is the `user` is the buyer's;
//! `系统消息` (and other system senders) are system lines; `[自动回复]`-prefixed text and robot
//! senders are auto-replies (prefix removed); a text whose first line is `A --> B` is a
//! transfer to B whose text is the lines after it; everything else is an agent's. An image
//! (`imgUrl` set, `text` empty) becomes `[图片]`. A missing `user` is inferred like the buyer
//! of a 千牛 block. `date` may be empty when `time` holds the full date and time.
//!
//! Row errors carry the 1-based position of the chat entry in the file (over all objects);
//! a `count` that disagrees with the chats is reported on row 0 and does not stop the import.
//! Anything else than the shape above is [`FileError::UnknownFormat`].

use serde_json::Value;

use super::ChatParse;
use super::build::{ChatLogBuilder, Preset, RawMsg, account, is_system_sender, split_transfer};
use crate::import::{ErrorSink, FileError, Problem, RowError, Stop, clean};

/// What the reader expects, for error messages.
const EXPECTED: &str = "expected a chat exporter's JSON: an object {\"user\", \"chats\": [{\"date\", \"time\", \
                        \"sender\", \"text\", \"imgUrl\"}]} or an array of such objects";

/// Placeholder for an image without text.
const IMAGE: &str = "[图片]";

/// Reads a chat JSON file (UTF-8, a BOM is ignored).
pub fn parse(file: &str, bytes: &[u8]) -> Result<ChatParse, Stop> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(FileError::Empty { file: file.to_owned() }.into());
    }
    let unknown =
        |detail: String| -> Stop { FileError::UnknownFormat { file: file.to_owned(), detail }.into() };
    let doc: Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) if e.is_eof() => {
            return Err(FileError::Unreadable {
                file: file.to_owned(),
                detail: format!("the JSON ends too early: {e}"),
            }
            .into());
        }
        Err(e) => return Err(unknown(format!("not valid JSON ({e}); {EXPECTED}"))),
    };
    let objects: Vec<&serde_json::Map<String, Value>> = match &doc {
        Value::Object(o) => vec![o],
        Value::Array(items) if !items.is_empty() => {
            let mut v = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::Object(o) => v.push(o),
                    other => {
                        return Err(unknown(format!(
                            "item {} of the array is {}; {EXPECTED}",
                            i + 1,
                            kind(other)
                        )));
                    }
                }
            }
            v
        }
        Value::Array(_) => return Err(unknown(format!("an empty array; {EXPECTED}"))),
        other => return Err(unknown(format!("the file holds {}; {EXPECTED}", kind(other)))),
    };
    for (i, o) in objects.iter().enumerate() {
        match o.get("chats") {
            Some(Value::Array(_)) => {}
            Some(other) => {
                return Err(unknown(format!(
                    "\"chats\" of object {} is {}, not an array; {EXPECTED}",
                    i + 1,
                    kind(other)
                )));
            }
            None => {
                let keys: Vec<&str> = o.keys().map(String::as_str).take(8).collect();
                return Err(unknown(format!(
                    "object {} has no \"chats\" (keys: {}); {EXPECTED}",
                    i + 1,
                    if keys.is_empty() { "none".to_owned() } else { keys.join(", ") }
                )));
            }
        }
    }

    let mut b = ChatLogBuilder::new();
    let mut errors = ErrorSink::default();
    let mut entry = 0u64;
    let mut skipped = 0u64;
    for o in objects {
        let chats: &[Value] = match o.get("chats") {
            Some(Value::Array(a)) => a,
            _ => &[],
        };
        if let Some(count) = o.get("count")
            && count.as_u64() != Some(chats.len() as u64)
        {
            let shown = scalar(count).unwrap_or_default();
            errors.push(RowError::new(
                0,
                Some("count"),
                &shown,
                Problem::CountMismatch { declared: shown.clone(), found: chats.len() as u64 },
            ));
        }
        let user = o.get("user").and_then(scalar).map(|u| account(&u).to_owned()).filter(|u| !u.is_empty());
        let buyer = user.as_deref().map(|u| b.intern(u));
        let mut msgs = Vec::with_capacity(chats.len());
        for chat in chats {
            entry += 1;
            let Value::Object(c) = chat else {
                errors.push(RowError::new(entry, None, &chat.to_string(), Problem::NotAChat));
                errors.bad_rows += 1;
                continue;
            };
            let field = |k: &str| c.get(k).and_then(scalar).unwrap_or_default();
            let (date, time) = (field("date"), field("time"));
            let when = format!("{} {}", date.trim(), time.trim());
            let ts = match clean::datetime(&when) {
                Ok(Some(ts)) => ts,
                Ok(None) => {
                    errors.push(RowError::new(entry, Some("date/time"), &when, Problem::Missing));
                    errors.bad_rows += 1;
                    continue;
                }
                Err(p) => {
                    errors.push(RowError::new(entry, Some("date/time"), &when, p));
                    errors.bad_rows += 1;
                    continue;
                }
            };
            let sender = field("sender");
            let sender = account(&sender);
            let mut text = field("text");
            if text.trim().is_empty() && !field("imgUrl").trim().is_empty() {
                text = IMAGE.to_owned();
            }
            if sender.is_empty() && text.trim().is_empty() {
                skipped += 1;
                continue;
            }
            let from = b.intern(sender);
            let first = text.split('\n').next().unwrap_or("");
            let transfer = if Some(from) != buyer { split_transfer(first) } else { None };
            let msg = match transfer {
                Some((a, to)) => {
                    let from = b.intern(account(a));
                    let to = b.intern(account(to));
                    let rest = text.split_once('\n').map(|(_, r)| r.to_owned()).unwrap_or_default();
                    RawMsg { ts, from, to: Some(to), text: rest, system: false }
                }
                None => RawMsg { ts, from, to: None, text, system: is_system_sender(sender) },
            };
            msgs.push(msg);
        }
        let preset = Preset { buyer, shop: None, agent: None, buyer_exact: true };
        if !msgs.is_empty() && !b.push_block(&mut msgs, preset) {
            errors.push(RowError::new(0, Some("user"), "", Problem::NoBuyer));
        }
    }
    let messages = b.messages();
    Ok(ChatParse { log: b.finish(), lines: entry, messages, skipped, errors })
}

/// A string or number as text.
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a true/false value",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
