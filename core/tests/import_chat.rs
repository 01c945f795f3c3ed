//! Chat import: golden tests of the 千牛 text reader, the chat JSON reader and the two chat
//! table builders on small hand-written inputs; round trips through our own writers
//! (`export::chat`) on a generated demo team; a property test of the generic CSV; and a
//! throwaway speed measurement (`cargo test --release --test import_chat -- --ignored`).

use std::collections::BTreeMap;
use std::time::Instant;

use chrono::NaiveDate;
use kefu_core::Ts;
use kefu_core::demo::{DemoConfig, generate_simple};
use kefu_core::export::chat::{SYSTEM_SENDER, buyer_json, chat_csv, qianniu_day};
use kefu_core::import::chat::fields::{CHAT_ROW_FIELDS, TRANSCRIPT_FIELDS};
use kefu_core::import::chat::{ChatParse, json, qianniu, table_builder};
use kefu_core::import::rows::{BuildCtx, RowOutcome, RowSink};
use kefu_core::import::table::Record;
use kefu_core::import::{FileError, Layout, Mapping, Problem, Stop};
use kefu_core::model::{ChatLog, ChatMessage, ChatThread, DatasetData, MsgKind, NameId};
use proptest::prelude::*;

// ------------------------------------------------------------------ helpers

/// A log as comparable data: threads by (shop, buyer name), messages as
/// (time, sender name, kind with target name, text).
type Canon = BTreeMap<(String, String), Vec<(String, String, String, String)>>;

fn canon(log: &ChatLog) -> Canon {
    let mut out = Canon::new();
    for t in &log.threads {
        let msgs = t
            .messages
            .iter()
            .map(|m| {
                let kind = match m.kind {
                    MsgKind::Transfer { to } => format!("Transfer>{}", log.name(to)),
                    k => format!("{k:?}"),
                };
                (m.ts.iso(), log.name(m.from).to_owned(), kind, m.text.clone())
            })
            .collect();
        let prev = out.insert((t.shop.clone(), log.name(t.buyer).to_owned()), msgs);
        assert!(prev.is_none(), "two threads for {} / {}", t.shop, log.name(t.buyer));
    }
    out
}

/// One line per message: `shop|buyer|time|sender|kind|text` (text with `\n` shown as `⏎`).
fn render(log: &ChatLog) -> Vec<String> {
    let mut v = Vec::new();
    for t in &log.threads {
        for m in &t.messages {
            let kind = match m.kind {
                MsgKind::Transfer { to } => format!("transfer>{}", log.name(to)),
                k => format!("{k:?}").to_lowercase(),
            };
            v.push(format!(
                "{}|{}|{}|{}|{}|{}",
                t.shop,
                log.name(t.buyer),
                m.ts.iso(),
                log.name(m.from),
                kind,
                m.text.replace('\n', "⏎")
            ));
        }
    }
    v
}

fn qn(text: &str) -> ChatParse {
    let mut input = text.as_bytes();
    match qianniu::parse("chat.txt", &mut input, &mut || Ok(())) {
        Ok(p) => p,
        Err(e) => panic!("{e:?}"),
    }
}

fn js(text: &str) -> Result<ChatParse, Stop> {
    json::parse("chat.json", text.as_bytes())
}

fn mapping(layout: Layout, columns: &[Option<usize>]) -> Mapping {
    Mapping { layout, fingerprint: 0, columns: columns.to_vec() }
}

/// Runs a table builder over `rows` (the first is the header); row numbers start at 2.
fn build(
    layout: Layout,
    columns: &[Option<usize>],
    rows: &[Vec<&str>],
) -> (ChatLog, RowSink, Vec<RowOutcome>) {
    let header: Vec<String> = rows[0].iter().map(|s| s.to_string()).collect();
    let m = mapping(layout, columns);
    let ctx = BuildCtx { file: "chats.csv", header: &header, mapping: &m, period_hint: None };
    let mut b = table_builder(layout, &ctx);
    let mut sink = RowSink::new(layout, &header, &m);
    let mut outcomes = Vec::new();
    for (i, r) in rows[1..].iter().enumerate() {
        let rec = Record::from_cells(r.iter().copied());
        outcomes.push(b.push(&rec, i as u64 + 2, &mut sink));
    }
    let n = b.rows();
    let log = match b.finish() {
        DatasetData::Chats(log) => log,
        other => panic!("not chats: {:?}", other.kind()),
    };
    assert_eq!(n, log.message_count() as u64);
    (log, sink, outcomes)
}

const ROW_COLS: [Option<usize>; 9] = [Some(0), Some(1), Some(2), Some(3), Some(4), None, None, None, None];

/// Parses CSV bytes with the `csv` crate and runs the chat-rows builder.
fn read_chat_csv(bytes: &[u8]) -> (ChatLog, RowSink, Vec<RowOutcome>) {
    let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(bytes);
    let mut rows: Vec<Vec<String>> = Vec::new();
    for rec in r.records() {
        let rec = rec.expect("valid CSV");
        rows.push(rec.iter().map(str::to_owned).collect());
    }
    let rows: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
    build(Layout::ChatRows, &ROW_COLS, &rows)
}

fn ts(s: &str) -> Ts {
    kefu_core::import::clean::datetime(s).ok().flatten().expect("a time")
}

// ------------------------------------------------------------------ 千牛 text

const QN_ALL_RULES: &str = "\
当前用户来自 手机淘宝
这一行是复制时带进来的杂字
已读
tb_小鱼儿88 2026-10-19 9:05:03
在吗
棉语旗舰店:店小蜜 2026-10-19 9:05:04
您好，欢迎光临
未读
棉语旗舰店:小美 2026-10-19 9:05:05
[自动回复]亲，客服马上就来
已读
棉语旗舰店:小美2026-10-19 9:05:30
亲，在的

请问有什么可以帮您？


tb_小鱼儿88 2026-10-19 9:06:00
这件有 2026-13-45 9:00:00 的货吗
tb_小鱼儿88 2026-2-30 9:00:00
tb_小鱼儿88 2026-10-19 9:06:10
tb_小鱼儿88 撤回了一条消息
tb_小鱼儿88 撤回了一条消息
发送中
棉语旗舰店:小美 --> 棉语旗舰店:小丽 2026-10-19 9:07:00
售后问题转交给 棉语旗舰店:小丽
系统消息 2026-10-19 9:07:01
原因：【客服下线自动分配】
棉语旗舰店:小丽 2026-10-19 9:07:30
您好，我是小丽
由 服务助手 转交给 棉语旗舰店:小丽
cntaobaotb_小鱼儿88 2026-10-19 9:08:00
好的 谢谢
";

fn qn_all_rules_expected() -> Vec<&'static str> {
    vec![
        "棉语旗舰店|tb_小鱼儿88|2026-10-19 09:05:03|系统消息|system|当前用户来自 手机淘宝",
        "棉语旗舰店|tb_小鱼儿88|2026-10-19 09:05:03|tb_小鱼儿88|buyer|在吗",
        "棉语旗舰店|tb_小鱼儿88|2026-10-19 09:05:04|棉语旗舰店:店小蜜|auto|您好，欢迎光临",
        "棉语旗舰店|tb_小鱼儿88|2026-10-19 09:05:05|棉语旗舰店:小美|auto|亲，客服马上就来",
        "棉语旗舰店|tb_小鱼儿88|2026-10-19 09:05:30|棉语旗舰店:小美|agent|亲，在的⏎⏎请问有什么可以帮您？",
        "棉语旗舰店|tb_小鱼儿88|2026-10-19 09:06:00|tb_小鱼儿88|buyer|这件有 2026-13-45 9:00:00 的货吗⏎tb_小鱼儿88 2026-2-30 9:00:00",
        "棉语旗舰店|tb_小鱼儿88|2026-10-19 09:07:00|棉语旗舰店:小美|transfer>棉语旗舰店:小丽|售后问题转交给 棉语旗舰店:小丽",
        "棉语旗舰店|tb_小鱼儿88|2026-10-19 09:07:01|系统消息|system|原因：【客服下线自动分配】",
        "棉语旗舰店|tb_小鱼儿88|2026-10-19 09:07:30|棉语旗舰店:小丽|agent|您好，我是小丽",
        "棉语旗舰店|tb_小鱼儿88|2026-10-19 09:07:30|系统消息|system|由 服务助手 转交给 棉语旗舰店:小丽",
        "棉语旗舰店|tb_小鱼儿88|2026-10-19 09:08:00|tb_小鱼儿88|buyer|好的 谢谢",
    ]
}

#[test]
fn qianniu_text_follows_every_rule() {
    let p = qn(QN_ALL_RULES);
    assert_eq!(render(&p.log), qn_all_rules_expected());
    assert_eq!(p.messages, 11);
    assert_eq!(p.lines, QN_ALL_RULES.lines().count() as u64);
    // 已读 before the first header, 未读, 已读, two withdrawals, 发送中.
    assert_eq!(p.skipped, 6);
    // The stray line before the first header is a row error with its line number; reading
    // went on.
    assert_eq!(p.errors.total, 1);
    assert_eq!(p.errors.bad_rows, 1);
    let e = &p.errors.listed[0];
    assert_eq!((e.row, e.value.as_str()), (2, "这一行是复制时带进来的杂字"));
    assert_eq!(e.problem, Problem::StrayText);
    assert!(e.problem.explain(kefu_core::Lang::En).contains("nick YYYY-M-D H:MM:SS"));
    // The withdrawn message (header + withdrawal only) is gone, and so is its header.
    assert!(!render(&p.log).iter().any(|l| l.contains("09:06:10")));
    // Names in first-seen order (the system line before the first header comes first).
    assert_eq!(p.log.names[..3], ["系统消息", "tb_小鱼儿88", "棉语旗舰店:店小蜜"]);
    assert_eq!(p.log.threads.len(), 1);
}

#[test]
fn qianniu_crlf_is_the_same_as_lf() {
    let crlf = QN_ALL_RULES.replace('\n', "\r\n");
    let a = qn(QN_ALL_RULES);
    let b = qn(&crlf);
    assert_eq!(a.log, b.log);
    assert_eq!((a.skipped, a.errors.total), (b.skipped, b.errors.total));
    // Nor does reading through a tiny buffer (lines split across reads).
    for cap in [1, 2, 7, 64] {
        let mut input = std::io::BufReader::with_capacity(cap, crlf.as_bytes());
        let c = qianniu::parse("chat.txt", &mut input, &mut || Ok(())).expect("read");
        assert_eq!((c.log, c.lines, c.skipped), (a.log.clone(), a.lines, a.skipped), "capacity {cap}");
    }
    // A BOM at the start changes nothing either.
    let bom = format!("\u{FEFF}{crlf}");
    assert_eq!(qn(&bom).log, a.log);
}

#[test]
fn qianniu_separators_set_the_buyer_of_each_block() {
    let text = "\
---------------- 与 买家 A 的聊天记录 ----------------\r
棉语旗舰店 2026-10-19 9:00:00\r
[自动回复]欢迎光临\r
买家 A 2026-10-19 9:00:05\r
在吗\r
棉语旗舰店:小美 2026-10-19 9:00:20\r
在的\r
\r
---------------- 与 tb_b 的聊天记录 ----------------\r
tb_b 2026-10-19 9:01:00\r
有货吗\r
棉语旗舰店 2026-10-19 9:01:30\r
有的\r
\r
---------------- 与 买家 A 的聊天记录 ----------------\r
买家 A 2026-10-20 8:00:00\r
发货了吗\r
";
    let p = qn(text);
    assert_eq!(
        render(&p.log),
        [
            "棉语旗舰店|买家 A|2026-10-19 09:00:00|棉语旗舰店|auto|欢迎光临",
            "棉语旗舰店|买家 A|2026-10-19 09:00:05|买家 A|buyer|在吗",
            "棉语旗舰店|买家 A|2026-10-19 09:00:20|棉语旗舰店:小美|agent|在的",
            "棉语旗舰店|买家 A|2026-10-20 08:00:00|买家 A|buyer|发货了吗",
            "棉语旗舰店|tb_b|2026-10-19 09:01:00|tb_b|buyer|有货吗",
            "棉语旗舰店|tb_b|2026-10-19 09:01:30|棉语旗舰店|agent|有的",
        ]
    );
    assert!(p.errors.is_empty());
}

#[test]
fn qianniu_without_separators_the_buyer_is_the_first_other_sender() {
    // The welcome auto-reply and the system line come first; the main account is known as a
    // shop once an agent with a colon has written.
    let text = "\
系统消息 2026-10-19 9:00:00
当前用户来自 天猫APP
棉语旗舰店 2026-10-19 9:00:01
[自动回复]欢迎光临
jessie_2020 2026-10-19 9:00:05
你好
棉语旗舰店:小美 2026-10-19 9:00:20
您好
棉语旗舰店 2026-10-19 9:00:40
还有什么问题吗
";
    let p = qn(text);
    assert_eq!(
        render(&p.log),
        [
            "棉语旗舰店|jessie_2020|2026-10-19 09:00:00|系统消息|system|当前用户来自 天猫APP",
            "棉语旗舰店|jessie_2020|2026-10-19 09:00:01|棉语旗舰店|auto|欢迎光临",
            "棉语旗舰店|jessie_2020|2026-10-19 09:00:05|jessie_2020|buyer|你好",
            "棉语旗舰店|jessie_2020|2026-10-19 09:00:20|棉语旗舰店:小美|agent|您好",
            "棉语旗舰店|jessie_2020|2026-10-19 09:00:40|棉语旗舰店|agent|还有什么问题吗",
        ]
    );
    // Only agents: kept under an unnamed buyer, with a row error on the block's first header.
    let p = qn("棉语旗舰店:小美 2026-10-19 9:00:20\n您好\n");
    assert_eq!(render(&p.log), ["棉语旗舰店||2026-10-19 09:00:20|棉语旗舰店:小美|agent|您好"]);
    assert_eq!(p.errors.listed[0].row, 1);
}

#[test]
fn qianniu_headers_with_odd_nicks_and_empty_texts() {
    // A buyer nick with a colon needs its separator (a colon otherwise means an agent).
    let text = "\
-- 与 tb 小 鱼:儿 的聊天记录 --
tb 小 鱼:儿 2026-1-2 3:04:05
x
棉语旗舰店：小美 2026-01-02 03:04:06
tb 小 鱼:儿2026/1/2 3:04:07
";
    let p = qn(text);
    assert_eq!(
        render(&p.log),
        [
            "棉语旗舰店|tb 小 鱼:儿|2026-01-02 03:04:05|tb 小 鱼:儿|buyer|x",
            "棉语旗舰店|tb 小 鱼:儿|2026-01-02 03:04:06|棉语旗舰店：小美|agent|",
            "棉语旗舰店|tb 小 鱼:儿|2026-01-02 03:04:07|tb 小 鱼:儿|buyer|",
        ]
    );
}

#[test]
fn qianniu_refuses_empty_and_headerless_text_and_never_panics() {
    let mut empty: &[u8] = b"\r\n  \n";
    assert!(matches!(
        qianniu::parse("a.txt", &mut empty, &mut || Ok(())),
        Err(Stop::File(FileError::Empty { .. }))
    ));
    let mut text: &[u8] = "随便写的\n一些文字 2026-13-01 9:00:00\n".as_bytes();
    match qianniu::parse("a.txt", &mut text, &mut || Ok(())) {
        Err(Stop::File(FileError::UnknownFormat { detail, .. })) => assert!(detail.contains("昵称")),
        other => panic!("{other:?}"),
    }
    // Cancelling stops the parse.
    let mut text = QN_ALL_RULES.as_bytes();
    let r = qianniu::parse("a.txt", &mut text, &mut || Err(kefu_core::jobs::Cancelled));
    assert!(matches!(r, Err(Stop::Cancelled)));
    // Invalid UTF-8 and odd bytes are read, not a panic.
    let mut bytes: &[u8] = b"\xff\xfe a 2026-10-19 9:00:00\n\xc3\x28\n\x00\n-->\n --> 2026-1-1 1:1:1\n";
    let p = qianniu::parse("a.txt", &mut bytes, &mut || Ok(())).expect("read");
    // `\u{FFFD}\u{FFFD} a` with three text lines, and a message from `-->` (not a transfer).
    assert_eq!(p.messages, 2);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]
    #[test]
    fn qianniu_never_panics(lines in proptest::collection::vec(
        prop_oneof![
            "[a-z:： 小美0-9\\-/]{0,12} 20[0-9]{2}-[0-9]{1,2}-[0-9]{1,2} [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}",
            "-{0,4} ?与 ?[a-z]{0,3} ?的聊天记录 ?-{0,4}",
            "(已读|未读|发送中|x 撤回了一条消息|当前用户来自 淘宝|原因：【排队】)",
            "[ -~\\u{4e00}-\\u{4e10}\\r]{0,20}",
        ],
        0..30,
    )) {
        let text = lines.join("\n");
        let mut input = text.as_bytes();
        let _ = qianniu::parse("p.txt", &mut input, &mut || Ok(()));
    }
}

// ------------------------------------------------------------------ JSON

const JSON_ONE: &str = r#"{
  "user": "tb_小鱼儿88",
  "exportTime": "2026-11-16 09:30:00",
  "count": 6,
  "chats": [
    {"date": "2026-10-19", "time": "09:05:03", "sender": "tb_小鱼儿88", "text": "在吗", "imgUrl": ""},
    {"date": "2026-10-19", "time": "09:05:04", "sender": "棉语旗舰店:小美", "text": "[自动回复]您好", "imgUrl": ""},
    {"date": "2026-10-19", "time": "09:05:10", "sender": "tb_小鱼儿88", "text": "", "imgUrl": "https://img.example/1.jpg"},
    {"date": "2026-10-19", "time": "09:05:30", "sender": "棉语旗舰店:小美", "text": "亲，在的\n请问", "imgUrl": ""},
    {"date": "2026-10-19", "time": "09:06:00", "sender": "系统消息", "text": "原因：【排队分配】", "imgUrl": ""},
    {"date": "2026-10-19", "time": "09:07:00", "sender": "棉语旗舰店:小美", "text": "棉语旗舰店:小美 --> 棉语旗舰店:小丽\n转售后", "imgUrl": ""}
  ]
}"#;

#[test]
fn json_one_buyer_with_images_auto_system_and_transfer() {
    let p = js(JSON_ONE).expect("read");
    assert_eq!(
        render(&p.log),
        [
            "棉语旗舰店|tb_小鱼儿88|2026-10-19 09:05:03|tb_小鱼儿88|buyer|在吗",
            "棉语旗舰店|tb_小鱼儿88|2026-10-19 09:05:04|棉语旗舰店:小美|auto|您好",
            "棉语旗舰店|tb_小鱼儿88|2026-10-19 09:05:10|tb_小鱼儿88|buyer|[图片]",
            "棉语旗舰店|tb_小鱼儿88|2026-10-19 09:05:30|棉语旗舰店:小美|agent|亲，在的⏎请问",
            "棉语旗舰店|tb_小鱼儿88|2026-10-19 09:06:00|系统消息|system|原因：【排队分配】",
            "棉语旗舰店|tb_小鱼儿88|2026-10-19 09:07:00|棉语旗舰店:小美|transfer>棉语旗舰店:小丽|转售后",
        ]
    );
    assert!(p.errors.is_empty());
    assert_eq!((p.lines, p.messages), (6, 6));
}

#[test]
fn json_array_of_buyers_and_count_mismatch_warning() {
    let doc = r#"[
      {"user": "a", "count": 3, "chats": [
        {"date": "2026-10-19", "time": "09:00:00", "sender": "a", "text": "在吗"},
        {"date": "2026-10-19", "time": "09:00:09", "sender": "店:小美", "text": "在"}]},
      {"user": 12345, "chats": [
        {"date": "", "time": "2026-10-19 10:00:00", "sender": "12345", "text": "hi"},
        {"date": "2026-10-19", "time": "25:00:00", "sender": "12345", "text": "bad time"},
        "not an object"]}
    ]"#;
    let p = js(doc).expect("read");
    assert_eq!(
        render(&p.log),
        [
            "店|a|2026-10-19 09:00:00|a|buyer|在吗",
            "店|a|2026-10-19 09:00:09|店:小美|agent|在",
            "店|12345|2026-10-19 10:00:00|12345|buyer|hi",
        ]
    );
    // count 3 vs 2 chats: a warning on row 0; then the bad time (entry 4) and the non-object
    // (entry 5).
    let rows: Vec<(u64, Option<&str>)> =
        p.errors.listed.iter().map(|e| (e.row, e.column.as_deref())).collect();
    assert_eq!(rows, [(0, Some("count")), (4, Some("date/time")), (5, None)]);
    assert_eq!(p.errors.listed[1].problem, Problem::NotADateTime);
    assert_eq!(p.errors.bad_rows, 2);
    assert_eq!(p.messages, 3);
}

#[test]
fn json_of_the_wrong_shape_is_an_unknown_format() {
    for (doc, needle) in [
        ("[]", "empty array"),
        ("42", "a number"),
        (r#"{"user": "a"}"#, "no \"chats\""),
        (r#"{"user": "a", "chats": {}}"#, "not an array"),
        (r#"[{"user": "a", "chats": []}, 7]"#, "item 2"),
        ("{\"user\": ,}", "not valid JSON"),
    ] {
        match js(doc) {
            Err(Stop::File(FileError::UnknownFormat { detail, .. })) => {
                assert!(detail.contains(needle), "{doc}: {detail}");
                assert!(detail.contains("\"chats\""), "{doc}: {detail}");
            }
            other => panic!("{doc}: {other:?}"),
        }
    }
    assert!(matches!(js("  "), Err(Stop::File(FileError::Empty { .. }))));
    assert!(matches!(js("{\"user\": \"a\", \"chats\": ["), Err(Stop::File(FileError::Unreadable { .. }))));
    // A missing user: the buyer is found among the senders.
    let p = js(r#"{"chats": [{"date": "2026-10-19", "time": "9:00:00", "sender": "b", "text": "x"}]}"#)
        .expect("read");
    assert_eq!(render(&p.log), ["|b|2026-10-19 09:00:00|b|buyer|x"]);
}

// ------------------------------------------------------------------ chat rows

#[test]
fn chat_rows_in_our_csv_shape() {
    let rows = vec![
        vec!["time", "conversation", "sender", "role", "text"],
        vec!["2026-10-19 09:05:03", "棉语旗舰店/tb_小鱼儿88", "tb_小鱼儿88", "buyer", "在吗"],
        vec![
            "2026-10-19 09:05:04",
            "棉语旗舰店/tb_小鱼儿88",
            "棉语旗舰店:小美",
            "auto",
            "[自动回复]原样保留",
        ],
        vec!["", "", "", "", ""],
        vec!["time", "conversation", "sender", "role", "text"],
        vec!["2026-10-19 09:05:30", "棉语旗舰店/tb_小鱼儿88", "棉语旗舰店:小美", "客服", " 亲，在的\n请问 "],
        vec![
            "2026-10-19 09:06:00",
            "棉语旗舰店/tb_小鱼儿88",
            "棉语旗舰店:小美",
            "转接",
            "cntaobao棉语旗舰店:小丽",
        ],
        vec![
            "2026-10-19 09:06:01",
            "棉语旗舰店/tb_小鱼儿88",
            "棉语旗舰店:小美",
            "系统",
            "原因：【排队分配】",
        ],
        vec![
            "2026-10-19 09:05:00",
            "棉语旗舰店/tb_小鱼儿88",
            "cntaobaotb_小鱼儿88",
            "买家",
            "早于前面的消息",
        ],
        vec!["2026/13/45", "棉语旗舰店/tb_小鱼儿88", "tb_小鱼儿88", "buyer", "坏时间"],
        vec!["2026-10-19 09:07:00", "棉语旗舰店/tb_小鱼儿88", "tb_小鱼儿88", "路人", "坏角色"],
        vec!["2026-10-19 09:07:00", "棉语旗舰店/tb_小鱼儿88", "tb_小鱼儿88", "buyer", "  "],
        vec!["2026-10-19 09:08:00", "/jessie", "jessie", "buyer", "no shop"],
    ];
    let (log, sink, outcomes) = build(Layout::ChatRows, &ROW_COLS, &rows);
    use RowOutcome::*;
    assert_eq!(
        outcomes,
        [Kept, Kept, Skipped, Skipped, Kept, Kept, Kept, Kept, Rejected, Rejected, Rejected, Kept]
    );
    assert_eq!(
        render(&log),
        [
            "棉语旗舰店|tb_小鱼儿88|2026-10-19 09:05:00|tb_小鱼儿88|buyer|早于前面的消息",
            "棉语旗舰店|tb_小鱼儿88|2026-10-19 09:05:03|tb_小鱼儿88|buyer|在吗",
            "棉语旗舰店|tb_小鱼儿88|2026-10-19 09:05:04|棉语旗舰店:小美|auto|[自动回复]原样保留",
            "棉语旗舰店|tb_小鱼儿88|2026-10-19 09:05:30|棉语旗舰店:小美|agent| 亲，在的⏎请问 ",
            "棉语旗舰店|tb_小鱼儿88|2026-10-19 09:06:00|棉语旗舰店:小美|transfer>棉语旗舰店:小丽|",
            "棉语旗舰店|tb_小鱼儿88|2026-10-19 09:06:01|棉语旗舰店:小美|system|原因：【排队分配】",
            "|jessie|2026-10-19 09:08:00|jessie|buyer|no shop",
        ]
    );
    let errs: Vec<(u64, Option<&str>)> =
        sink.errors.listed.iter().map(|e| (e.row, e.column.as_deref())).collect();
    if Layout::ChatRows.fields().len() == CHAT_ROW_FIELDS.len() {
        // The layout's fields are wired in schema.rs: Cells names the columns and counts them.
        assert_eq!(errs, [(10, Some("time")), (11, Some("role")), (12, Some("text"))]);
        let time = &sink.columns[0];
        assert_eq!((time.ok, time.bad), (9, 1));
        assert_eq!(sink.columns[4].blank, 1);
    } else {
        assert_eq!(errs.iter().map(|e| e.0).collect::<Vec<_>>(), [10, 11, 12]);
    }
    assert!(matches!(sink.errors.listed[1].problem, Problem::Unknown { .. }));
}

#[test]
fn chat_rows_with_opaque_ids_and_optional_columns() {
    // time, id, sender, role, text, shop, buyer, receiver, msg id
    let cols = [Some(0), Some(1), Some(2), Some(3), Some(4), Some(5), Some(6), Some(7), Some(8)];
    let rows = vec![
        vec!["发送时间", "会话ID", "发送人", "身份", "消息内容", "店铺", "客户", "接收人", "消息ID"],
        // An opaque id: the buyer is the sender of the buyer rows, the shop the receiver's.
        vec!["2026/10/19 9:05", "2026/10/19-001", "tb_a", "买家", "在吗", "", "", "店一:小美", "m1"],
        vec!["2026/10/19 9:06", "2026/10/19-001", "店一:小美", "客服", "在的", "", "", "tb_a", "m2"],
        vec!["2026/10/19 9:06", "2026/10/19-001", "店一:小美", "客服", "在的", "", "", "tb_a", "m2"],
        // Shop and buyer columns win.
        vec!["2026-10-19 10:00:00", "c-2", "小王", "buyer", "hi", "店二", "tb_b", "", "m3"],
        vec!["2026-10-19 10:00:30", "c-2", "店二:小李", "agent", "hello", "", "", "", "m4"],
        // No buyer row, no shape: the id is the buyer; the shop is the agent's.
        vec!["2026-10-19 11:00:00", "c-3", "店一:小美", "agent", "还在吗", "", "", "", "m5"],
        // A `/` key whose buyer part is not the buyer: an opaque id.
        vec!["2026-10-19 12:00:00", "x/y", "tb_c", "buyer", "?", "", "", "", "m6"],
    ];
    let (log, _sink, outcomes) = build(Layout::ChatRows, &cols, &rows);
    assert_eq!(outcomes[2], RowOutcome::Skipped, "repeated message id");
    assert_eq!(
        render(&log),
        [
            "店一|tb_a|2026-10-19 09:05:00|tb_a|buyer|在吗",
            "店一|tb_a|2026-10-19 09:06:00|店一:小美|agent|在的",
            "店二|tb_b|2026-10-19 10:00:00|小王|buyer|hi",
            "店二|tb_b|2026-10-19 10:00:30|店二:小李|agent|hello",
            "店一|c-3|2026-10-19 11:00:00|店一:小美|agent|还在吗",
            // Two shops in the file: a conversation without any hint has none.
            "|tb_c|2026-10-19 12:00:00|tb_c|buyer|?",
        ]
    );
}

// ------------------------------------------------------------------ transcripts

#[test]
fn transcripts_reuse_the_qianniu_reader_per_row() {
    let cols = [Some(0), Some(1), Some(2), Some(3), Some(4)];
    let t1 = "tb_a 2026-10-19 9:05:03\r\n在吗\r\n已读\r\n棉语旗舰店:小美 2026-10-19 9:05:30\r\n在的\r\n";
    // A numeric customer id that never appears as a sender, headers with a time only.
    let t2 = "垃圾行\n小王 10:00:00\n有货吗\n小李 10:00:20\n有的";
    let t3 = "只有杂字\n没有表头";
    let rows = vec![
        vec!["客户ID", "聊天记录", "客服", "店铺", "日期"],
        vec!["tb_a", t1, "", "", ""],
        vec!["", "", "", "", ""],
        vec!["123456", t2, "小李", "棉语旗舰店", "2026-10-20"],
        vec!["tb_c", t3, "", "", ""],
        vec!["tb_d", "", "", "", ""],
    ];
    let (log, sink, outcomes) = build(Layout::ChatTranscripts, &cols, &rows);
    use RowOutcome::*;
    assert_eq!(outcomes, [Kept, Skipped, Kept, Rejected, Rejected]);
    assert_eq!(
        render(&log),
        [
            "棉语旗舰店|tb_a|2026-10-19 09:05:03|tb_a|buyer|在吗",
            "棉语旗舰店|tb_a|2026-10-19 09:05:30|棉语旗舰店:小美|agent|在的",
            "棉语旗舰店|123456|2026-10-20 10:00:00|小王|buyer|有货吗",
            "棉语旗舰店|123456|2026-10-20 10:00:20|小李|agent|有的",
        ]
    );
    // Errors carry the spreadsheet row and the transcript column; one per row for stray text.
    let errs: Vec<(u64, Option<&str>, &str)> =
        sink.errors.listed.iter().map(|e| (e.row, e.column.as_deref(), e.value.as_str())).collect();
    assert_eq!(errs[0], (4, Some("聊天记录"), "垃圾行"));
    assert_eq!(errs[1], (5, Some("聊天记录"), "只有杂字"));
    assert_eq!(errs[2].0, 6);
    assert_eq!(TRANSCRIPT_FIELDS[1].key, "transcript");
}

// ------------------------------------------------------------------ round trips

fn demo() -> ChatLog {
    generate_simple(&DemoConfig { days: 2, agents: 12, ..Default::default() }).chats
}

/// `log` with what a format cannot carry replaced: transfer texts emptied, system senders
/// replaced by `系统消息`, as chosen.
fn degrade(log: &ChatLog, transfer_text: bool, system_sender: bool) -> ChatLog {
    let mut log = log.clone();
    let sys = log.intern(SYSTEM_SENDER);
    for t in &mut log.threads {
        for m in &mut t.messages {
            if transfer_text && matches!(m.kind, MsgKind::Transfer { .. }) {
                m.text.clear();
            }
            if system_sender && m.kind == MsgKind::System {
                m.from = sys;
            }
        }
    }
    log
}

fn assert_same(got: &ChatLog, want: &ChatLog) {
    let (g, w) = (canon(got), canon(want));
    assert_eq!(g.len(), w.len(), "thread count");
    for (k, wm) in &w {
        let gm = g.get(k).unwrap_or_else(|| panic!("missing thread {k:?}"));
        for (i, (a, b)) in gm.iter().zip(wm).enumerate() {
            assert_eq!(a, b, "thread {k:?} message {i}");
        }
        assert_eq!(gm.len(), wm.len(), "thread {k:?} length");
    }
}

#[test]
fn round_trip_generic_csv_is_exact_except_transfer_texts() {
    let log = demo();
    let mut bytes = Vec::new();
    let n = chat_csv(&mut bytes, &log).expect("write");
    let (back, sink, outcomes) = read_chat_csv(&bytes);
    assert!(sink.errors.is_empty(), "{:?}", sink.errors.listed.first());
    assert!(outcomes.iter().all(|o| *o == RowOutcome::Kept));
    assert_eq!(back.message_count() as u64, n);
    let transfers = log
        .threads
        .iter()
        .flat_map(|t| &t.messages)
        .filter(|m| matches!(m.kind, MsgKind::Transfer { .. }))
        .count();
    assert!(transfers > 0, "the demo has transfers");
    assert_same(&back, &degrade(&log, true, false));
    // The threads come out in the file's order, the names in first-seen order.
    assert_eq!(back.threads.len(), log.threads.len());
    for (a, b) in back.threads.iter().zip(&log.threads) {
        assert_eq!((a.shop.as_str(), back.name(a.buyer)), (b.shop.as_str(), log.name(b.buyer)));
    }
}

#[test]
fn round_trip_qianniu_days_keep_times_senders_kinds_and_texts() {
    let log = demo();
    let mut text = Vec::new();
    let mut written = 0;
    for day in 0..2 {
        let date = NaiveDate::from_ymd_opt(2026, 10, 19 + day).expect("date");
        written += qianniu_day(&mut text, &log, date).expect("write");
    }
    assert_eq!(written as usize, log.message_count());
    let mut input = text.as_slice();
    let p = qianniu::parse("demo.txt", &mut input, &mut || Ok(())).expect("read");
    assert!(p.errors.is_empty(), "{:?}", p.errors.listed.first());
    assert!(p.skipped > 0, "the writer adds 已读/未读 noise");
    assert_eq!(p.messages as usize, log.message_count());
    // Everything but the sender of system lines comes back (transfer texts included).
    assert_same(&p.log, &degrade(&log, false, true));
    let no_space = String::from_utf8_lossy(&text)
        .lines()
        .filter(|l| l.ends_with(|c: char| c.is_ascii_digit()) && !l.contains(" 2026-"))
        .count();
    assert!(no_space > 0, "some headers have no space before the date");
}

#[test]
fn round_trip_buyer_json() {
    let log = demo();
    let buyers: Vec<NameId> = log.threads.iter().map(|t| t.buyer).step_by(7).take(12).collect();
    let mut want = ChatLog { names: log.names.clone(), threads: Vec::new() };
    let mut docs = Vec::new();
    for &b in &buyers {
        let mut bytes = Vec::new();
        buyer_json(&mut bytes, &log, b, "2026-11-16 09:30:00").expect("write");
        let p = json::parse("b.json", &bytes).expect("read");
        assert!(p.errors.is_empty(), "{:?}", p.errors.listed.first());
        assert_same(
            &p.log,
            &degrade(
                &ChatLog {
                    names: log.names.clone(),
                    threads: log.threads.iter().filter(|t| t.buyer == b).cloned().collect(),
                },
                false,
                true,
            ),
        );
        want.threads.extend(log.threads.iter().filter(|t| t.buyer == b).cloned());
        docs.push(String::from_utf8(bytes).expect("utf-8"));
    }
    // The same buyers as one top-level array.
    let all = format!("[{}]", docs.join(","));
    let p = json::parse("all.json", all.as_bytes()).expect("read");
    assert_same(&p.log, &degrade(&want, false, true));
}

// ------------------------------------------------------------------ property: generic CSV

fn name_strategy() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9_小美鱼儿店铺旗舰:：\\[\\]【】，。！？“”、（）/ ,\"-]{1,12}".prop_filter_map(
        "a clean name",
        |s| {
            let t = s.trim().to_owned();
            let ok = !t.is_empty() && !t.starts_with(['\'', '=']) && !t.starts_with("cntaobao");
            ok.then_some(t)
        },
    )
}

fn text_strategy() -> impl Strategy<Value = String> {
    "[a-z0-9 小美在吗？！，。：:\\[\\]【】（）\"',=\\n\\r\\t/-]{1,40}"
        .prop_filter("non-blank", |s| !s.trim().is_empty())
}

#[derive(Clone, Debug)]
struct GenThread {
    shop: String,
    buyer: String,
    msgs: Vec<(i64, u8, usize, usize, String)>,
}

fn log_strategy() -> impl Strategy<Value = ChatLog> {
    let shop = "[a-z店铺旗舰:：【】，。 ]{0,8}".prop_map(|s| s.trim().replace('/', ""));
    let thread = (
        shop,
        name_strategy(),
        proptest::collection::vec((0i64..200_000, 0u8..5, 0usize..6, 0usize..6, text_strategy()), 1..12),
    )
        .prop_map(|(shop, buyer, msgs)| GenThread { shop, buyer, msgs });
    (proptest::collection::vec(name_strategy(), 6), proptest::collection::vec(thread, 1..6)).prop_map(
        |(agents, threads)| {
            let mut log = ChatLog::default();
            let mut keys = std::collections::HashSet::new();
            for t in threads {
                if !keys.insert((t.shop.clone(), t.buyer.clone())) {
                    continue;
                }
                let buyer = log.intern(&t.buyer);
                let base = 1_792_000_000i64;
                let mut messages: Vec<ChatMessage> = t
                    .msgs
                    .iter()
                    .map(|(dt, kind, a, b, text)| {
                        let from_agent = log.intern(&agents[*a]);
                        let (from, kind, text) = match kind {
                            0 => (buyer, MsgKind::Buyer, text.clone()),
                            1 => (from_agent, MsgKind::Agent, text.clone()),
                            2 => (from_agent, MsgKind::Auto, text.clone()),
                            3 => (from_agent, MsgKind::System, text.clone()),
                            _ => {
                                (from_agent, MsgKind::Transfer { to: log.intern(&agents[*b]) }, String::new())
                            }
                        };
                        ChatMessage { ts: Ts(base + dt / 7), from, kind, text }
                    })
                    .collect();
                messages.sort_by_key(|m| m.ts);
                log.threads.push(ChatThread { shop: t.shop, buyer, messages });
            }
            log
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]
    #[test]
    fn generic_csv_round_trips_any_log(log in log_strategy()) {
        let mut bytes = Vec::new();
        chat_csv(&mut bytes, &log).expect("write");
        let (back, sink, _) = read_chat_csv(&bytes);
        prop_assert!(sink.errors.is_empty(), "{:?}", sink.errors.listed.first());
        prop_assert_eq!(canon(&back), canon(&log));
        // Thread order and name order follow the file.
        let order = |l: &ChatLog| l.threads.iter().map(|t| (t.shop.clone(), l.name(t.buyer).to_owned())).collect::<Vec<_>>();
        prop_assert_eq!(order(&back), order(&log));
    }
}

#[test]
fn generic_csv_keeps_texts_that_look_like_export_quirks() {
    // Found by the property test: texts are verbatim, even `=` alone or a `="…"` wrapper.
    let mut log = ChatLog::default();
    let b = log.intern("_");
    let a = log.intern("店:小美");
    let texts = ["=", "'", "=\"x\"", " padded ", "a,\"b\"\r\nc", "[自动回复]原样"];
    let messages = texts
        .iter()
        .enumerate()
        .map(|(i, t)| ChatMessage {
            ts: Ts(1_792_000_000 + i as i64),
            from: if i % 2 == 0 { b } else { a },
            kind: if i % 2 == 0 { MsgKind::Buyer } else { MsgKind::Agent },
            text: (*t).to_owned(),
        })
        .collect();
    log.threads.push(ChatThread { shop: String::new(), buyer: b, messages });
    let mut bytes = Vec::new();
    chat_csv(&mut bytes, &log).expect("write");
    let (back, sink, _) = read_chat_csv(&bytes);
    assert!(sink.errors.is_empty(), "{:?}", sink.errors.listed);
    assert_eq!(canon(&back), canon(&log));
}

// ------------------------------------------------------------------ speed (throwaway)

/// A synthetic log of `n` messages over 2 days: 20 messages per thread.
fn big_log(n: usize) -> ChatLog {
    let mut log = ChatLog::default();
    let agents: Vec<NameId> = (0..40).map(|i| log.intern(&format!("棉语旗舰店:客服{i:02}"))).collect();
    let start = ts("2026-10-19 08:00:00");
    let texts = [
        "在吗",
        "亲，在的，请问有什么可以帮您？",
        "这件衣服有M码吗，我身高165体重110斤",
        "有的亲，建议您拍M码哦~",
        "好的谢谢",
    ];
    for t in 0..n.div_ceil(20) {
        log.names.push(format!("tb_买家{t:07}"));
        let buyer = (log.names.len() - 1) as NameId;
        let agent = agents[t % agents.len()];
        let t0 = start.plus((t as i64 * 3) % (2 * 86_400 - 3_600));
        let messages = (0..20)
            .map(|i| {
                let (from, kind) = match i % 4 {
                    0 | 2 => (buyer, MsgKind::Buyer),
                    1 => (agent, MsgKind::Agent),
                    _ if i == 19 => (agent, MsgKind::Auto),
                    _ => (agent, MsgKind::Agent),
                };
                ChatMessage {
                    ts: t0.plus(i * 30),
                    from,
                    kind,
                    text: texts[i as usize % texts.len()].to_owned(),
                }
            })
            .collect();
        log.threads.push(ChatThread { shop: "棉语旗舰店".into(), buyer, messages });
    }
    log
}

/// CPU time of this thread in seconds (Linux), to measure on a busy machine; wall time
/// elsewhere.
fn cpu_secs(wall: Instant) -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|n| n.parse::<f64>().ok()))
        .map_or_else(|| wall.elapsed().as_secs_f64(), |ns| ns / 1e9)
}

/// Runs `f` and returns (its result, CPU seconds, wall seconds).
fn timed<T>(f: impl FnOnce() -> T) -> (T, f64, f64) {
    let w = Instant::now();
    let c0 = cpu_secs(w);
    let r = f();
    let c1 = cpu_secs(w);
    (r, c1 - c0, w.elapsed().as_secs_f64())
}

#[test]
#[ignore = "speed measurement: cargo test --release --test import_chat -- --ignored --nocapture"]
fn speed_of_qianniu_text_and_chat_rows() {
    let n = 1_000_000;
    let log = big_log(n);
    let mut text = Vec::new();
    for d in 19..=21 {
        qianniu_day(&mut text, &log, NaiveDate::from_ymd_opt(2026, 10, d).expect("date")).expect("write");
    }
    for _ in 0..3 {
        let (p, cpu, wall) = timed(|| {
            let mut input = std::io::BufReader::with_capacity(64 << 10, text.as_slice());
            qianniu::parse("big.txt", &mut input, &mut || Ok(())).expect("read")
        });
        assert_eq!(p.messages as usize, log.message_count());
        println!(
            "千牛 text: {} messages, {} MB: {:.3} s CPU ({:.3} s wall) = {:.2} M messages/s",
            p.messages,
            text.len() >> 20,
            cpu,
            wall,
            p.messages as f64 / cpu / 1e6
        );
    }

    let mut csv_bytes = Vec::new();
    chat_csv(&mut csv_bytes, &log).expect("write");
    let header: Vec<String> = ["time", "conversation", "sender", "role", "text"].map(String::from).to_vec();
    let m = mapping(Layout::ChatRows, &ROW_COLS);
    let ctx = BuildCtx { file: "big.csv", header: &header, mapping: &m, period_hint: None };
    for _ in 0..3 {
        // Rows as the table reader hands them (parsed beforehand), then the builder alone.
        let (records, csv_cpu, _) = timed(|| {
            let mut r = csv::ReaderBuilder::new().has_headers(true).from_reader(csv_bytes.as_slice());
            r.records().map(|x| Record::from_cells(x.expect("csv").iter())).collect::<Vec<Record>>()
        });
        let (back, cpu, wall) = timed(|| {
            let mut b = table_builder(Layout::ChatRows, &ctx);
            let mut sink = RowSink::new(Layout::ChatRows, &header, &m);
            for (i, rec) in records.iter().enumerate() {
                b.push(rec, i as u64 + 2, &mut sink);
            }
            match b.finish() {
                DatasetData::Chats(log) => log,
                _ => ChatLog::default(),
            }
        });
        assert_eq!(back.message_count(), log.message_count());
        println!(
            "chat rows: {} messages: {:.3} s CPU ({:.3} s wall) = {:.2} M messages/s (builder only; csv crate + Record: {:.3} s CPU more)",
            back.message_count(),
            cpu,
            wall,
            back.message_count() as f64 / cpu / 1e6,
            csv_cpu
        );
    }
}

/// For profiling (`perf stat`/`perf record` on the test binary): parses the files written
/// by a first run, so that a run measures the readers only. `KEFU_CHAT_PROFILE=qianniu|rows`.
#[test]
#[ignore = "profiling helper"]
fn profile_readers() {
    let dir = std::env::temp_dir();
    let (txt, csv_path) = (dir.join("kefu-chat-big.txt"), dir.join("kefu-chat-big.csv"));
    if !txt.exists() || !csv_path.exists() {
        let log = big_log(1_000_000);
        let mut text = Vec::new();
        for d in 19..=21 {
            qianniu_day(&mut text, &log, NaiveDate::from_ymd_opt(2026, 10, d).expect("date")).expect("write");
        }
        std::fs::write(&txt, text).expect("write");
        let mut bytes = Vec::new();
        chat_csv(&mut bytes, &log).expect("write");
        std::fs::write(&csv_path, bytes).expect("write");
        return;
    }
    let which = std::env::var("KEFU_CHAT_PROFILE").unwrap_or_default();
    if which != "rows" {
        let text = std::fs::read(&txt).expect("read");
        let (p, cpu, _) = timed(|| {
            let mut input = std::io::BufReader::with_capacity(64 << 10, text.as_slice());
            qianniu::parse("big.txt", &mut input, &mut || Ok(())).expect("read")
        });
        println!("千牛 text: {} messages in {cpu:.3} s CPU", p.messages);
    }
    if which != "qianniu" {
        let bytes = std::fs::read(&csv_path).expect("read");
        let mut r = csv::ReaderBuilder::new().has_headers(true).from_reader(bytes.as_slice());
        let records: Vec<Record> = r.records().map(|x| Record::from_cells(x.expect("csv").iter())).collect();
        let header: Vec<String> =
            ["time", "conversation", "sender", "role", "text"].map(String::from).to_vec();
        let m = mapping(Layout::ChatRows, &ROW_COLS);
        let ctx = BuildCtx { file: "big.csv", header: &header, mapping: &m, period_hint: None };
        let (texts, clone_cpu, _) =
            timed(|| records.iter().map(|r| r.get(4).to_owned()).collect::<Vec<String>>());
        println!("calibration: cloning the 1M texts alone takes {clone_cpu:.3} s CPU ({})", texts.len());
        drop(texts);
        let ((b, _sink), push_cpu, _) = timed(|| {
            let mut b = table_builder(Layout::ChatRows, &ctx);
            let mut sink = RowSink::new(Layout::ChatRows, &header, &m);
            for (i, rec) in records.iter().enumerate() {
                b.push(rec, i as u64 + 2, &mut sink);
            }
            (b, sink)
        });
        let (data, finish_cpu, _) = timed(|| b.finish());
        let n = data.rows();
        let (_, drop_cpu, _) = timed(|| drop(data));
        println!(
            "chat rows: {n} messages in {:.3} s CPU (rows {push_cpu:.3} s, finish {finish_cpu:.3} s; dropping the log {drop_cpu:.3} s)",
            push_cpu + finish_cpu
        );
    }
}
