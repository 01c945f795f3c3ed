//! The script library (话术库): the default set passes the QA word lists and carries the words
//! the QA checks look for; search folds widths and case; CSV round-trips and names the row and
//! column of every problem.

use kefu_core::Lang;
use kefu_core::lang::Localize;
use kefu_core::qa::text::normalise;
use kefu_core::qa::{Check, RuleSet};
use kefu_core::training::{
    Script, ScriptCategory, ScriptColumn, ScriptCsvError, ScriptLibrary, check_scripts, scripts_csv,
    scripts_from_csv,
};
use proptest::prelude::*;

#[test]
fn the_default_set_passes_the_forbidden_and_risk_word_lists() {
    let rules = RuleSet::default();
    let lib = ScriptLibrary::default();
    assert!(lib.scripts.len() >= 40);
    for cat in ScriptCategory::ALL {
        assert!(lib.of_category(cat).count() >= 4, "{cat:?} has several replies");
    }
    let warnings = check_scripts(&lib.scripts, &rules).unwrap();
    assert!(warnings.is_empty(), "{warnings:#?}");
    // The check does fire on a bad reply.
    let bad =
        Script {
            id: "x".into(), text: "亲，这是全网最好的，加我微信给你改价".into(), ..Script::default()
        };
    let w = check_scripts(&[bad], &rules).unwrap();
    let found: Vec<(&str, &str)> = w.iter().map(|w| (w.rule.as_str(), w.phrase.as_str())).collect();
    assert_eq!(found, [("absolute_claim", "最"), ("platform_risk", "微信"), ("platform_risk", "改价")]);
}

fn has_any(text: &str, words: &[String]) -> bool {
    let t = normalise(text);
    words.iter().any(|w| t.contains(&normalise(w)))
}

#[test]
fn each_category_says_what_the_qa_checks_look_for() {
    let rules = RuleSet::default();
    let list = |id: &str| rules.rule(id).unwrap().phrases.clone();
    let lib = ScriptLibrary::default();
    for s in &lib.scripts {
        let ok = match s.category {
            ScriptCategory::Greeting => has_any(&s.text, &list("greeting")),
            ScriptCategory::Farewell => {
                has_any(&s.text, &list("closing")) || has_any(&s.text, &list("rating_invite"))
            }
            ScriptCategory::AddressConfirm => has_any(&s.text, &list("address_confirm")),
            ScriptCategory::Soothe => has_any(&s.text, &list("soothe")),
            _ => true,
        };
        assert!(ok, "{} ({:?}) lacks the words its QA check looks for: {}", s.id, s.category, s.text);
        assert!(s.text.chars().count() >= 8, "{} is a full sentence", s.id);
        for r in &s.rules {
            assert!(rules.rule(r).is_some(), "{} names an unknown rule {r}", s.id);
        }
    }
    // Every agent-fault rule has a model reply.
    for r in rules.rules.iter().filter(|r| !matches!(r.check, Check::Phrase { risk: true, .. })) {
        assert!(!lib.model_for_rule(&r.id, 2).is_empty(), "no model reply for {}", r.id);
    }
    let ids: std::collections::HashSet<&str> = lib.scripts.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids.len(), lib.scripts.len(), "ids are unique");
}

#[test]
fn search_folds_width_case_and_punctuation() {
    let mut lib = ScriptLibrary::default();
    let id = lib.upsert(Script {
        category: ScriptCategory::AfterSale,
        title: "VIP 退货".into(),
        text: "亲，VIP会员退货免运费哦。".into(),
        ..Script::default()
    });
    assert_eq!(id, "u1");
    let found =
        |q: &str, c| lib.search(q, c).iter().map(|h| lib.scripts[h.index].id.clone()).collect::<Vec<_>>();
    assert_eq!(found("ｖｉｐ 退货", None), ["u1"]);
    assert_eq!(found("Vip，退货！", None), ["u1"]);
    assert_eq!(found("vip", Some(ScriptCategory::Greeting)), Vec::<String>::new());
    // Title matches rank before text matches.
    let addr = found("地址", None);
    assert!(addr.len() >= 3);
    assert!(lib.get(&addr[0]).unwrap().title.contains("地址"));
    // Category names are searchable in both languages.
    assert_eq!(found("farewell", None).len(), lib.of_category(ScriptCategory::Farewell).count());
    assert_eq!(
        found("", Some(ScriptCategory::Soothe)).len(),
        lib.of_category(ScriptCategory::Soothe).count()
    );
    assert!(lib.remove("u1") && !lib.remove("u1"));
}

#[test]
fn csv_round_trip_and_import_modes() {
    let lib = ScriptLibrary::default();
    for lang in [Lang::Zh, Lang::En] {
        let csv = scripts_csv(&lib.scripts, lang);
        assert!(csv.starts_with('\u{feff}'));
        assert_eq!(scripts_from_csv(csv.as_bytes()).unwrap(), lib.scripts);
    }
    // GBK files (as WPS saves them) are read too.
    let csv = scripts_csv(&lib.scripts[..3], Lang::Zh);
    let (gbk, _, _) = encoding_rs::GBK.encode(csv.trim_start_matches('\u{feff}'));
    assert_eq!(scripts_from_csv(&gbk).unwrap(), lib.scripts[..3]);
    // Merge replaces by id and adds the rest; replace keeps only the import.
    let mut l2 = lib.clone();
    let mut changed = lib.scripts[0].clone();
    changed.text = "您好，欢迎光临！".into();
    l2.import(vec![changed.clone(), Script { text: "新的".into(), ..Script::default() }], false);
    assert_eq!(l2.scripts.len(), lib.scripts.len() + 1);
    assert_eq!(l2.scripts[0], changed);
    l2.import(vec![changed.clone()], true);
    assert_eq!(l2.scripts, [changed]);
}

#[test]
fn csv_errors_name_row_and_column() {
    let csv = "编号,分类,场景,话术\n\
               a,进门问好,问好,您好\n\
               b,打招呼,问好,您好\n\
               c,farewell,,\n\
               a,Greeting,x,\"多行\n话术\"\n\
               \n\
               d,soothe,x,抱歉\n";
    let errs = scripts_from_csv(csv.as_bytes()).unwrap_err();
    assert_eq!(
        errs,
        [
            ScriptCsvError::UnknownCategory {
                row: 3,
                column: ScriptColumn::Category,
                value: "打招呼".into()
            },
            ScriptCsvError::EmptyText { row: 4, column: ScriptColumn::Text },
            ScriptCsvError::DuplicateId { row: 5, column: ScriptColumn::Id, value: "a".into() },
        ]
    );
    let zh = errs[0].localize(Lang::Zh);
    assert!(zh.contains("第 3 行") && zh.contains("分类") && zh.contains("打招呼"), "{zh}");
    assert!(errs[1].localize(Lang::En).contains("Row 4, column \"Reply\""));
    let missing = scripts_from_csv("id,title\n1,x\n".as_bytes()).unwrap_err();
    assert_eq!(
        missing,
        [
            ScriptCsvError::MissingColumn { column: ScriptColumn::Category },
            ScriptCsvError::MissingColumn { column: ScriptColumn::Text }
        ]
    );
    assert!(scripts_from_csv(b"").is_err());
}

fn any_category() -> impl Strategy<Value = ScriptCategory> {
    (0..ScriptCategory::ALL.len()).prop_map(|i| ScriptCategory::ALL[i])
}

fn cell() -> impl Strategy<Value = String> {
    // Text with commas, quotes, new lines, full-width characters and formula starts.
    proptest::string::string_regex("[=+@\\-]?[a-zA-Z0-9亲您好，,\"\n ＡＢ１２;]{0,20}").unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_library_survives_a_csv_round_trip(
        items in proptest::collection::vec((any_category(), cell(), cell(), proptest::collection::vec("[a-z好]{1,4}", 0..3)), 1..8)
    ) {
        let scripts: Vec<Script> = items
            .into_iter()
            .enumerate()
            .map(|(i, (category, title, text, tags))| Script {
                id: format!("s{i}"),
                category,
                title,
                text: format!("x{text}"),
                tags,
                rules: vec!["greeting".into()],
            })
            .collect();
        let csv = scripts_csv(&scripts, Lang::Zh);
        // Nothing in the file starts with a formula character (plain numbers such as +0 stay).
        let mut rd = csv::ReaderBuilder::new().has_headers(false).from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
        for rec in rd.records() {
            for c in rec.unwrap().iter() {
                let number = c.trim_start_matches(['+', '-']).parse::<f64>().is_ok();
                prop_assert!(!c.starts_with(['=', '@']) && (!c.starts_with(['+', '-']) || number), "{c:?}");
            }
        }
        prop_assert_eq!(scripts_from_csv(csv.as_bytes()).unwrap(), scripts);
    }
}

#[test]
fn training_lists_export_as_tables() {
    use kefu_core::registers::{Cell, table_csv, table_xlsx};
    use kefu_core::training::tables::{actions_table, checklist_table, library_table};
    use kefu_core::training::{MeetingAction, TrainingWork};
    let mut lib = ScriptLibrary::default();
    lib.upsert(Script { text: "=cmd|' /C calc'!A0".into(), ..Script::default() });
    let t = library_table(&lib.scripts, Lang::Zh);
    assert_eq!(t.rows.len(), lib.scripts.len());
    let mut bytes = Vec::new();
    table_xlsx(&mut bytes, &t).unwrap();
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(range.height(), lib.scripts.len() + 1);
    assert_eq!(range.get((0, 3)).unwrap().to_string(), "话术");
    assert_eq!(range.get((1, 1)).unwrap().to_string(), "进门问好");
    assert_eq!(range.get((lib.scripts.len(), 3)).unwrap().to_string(), "'=cmd|' /C calc'!A0");
    let mut csv = Vec::new();
    table_csv(&mut csv, &t).unwrap();
    assert!(String::from_utf8(csv).unwrap().contains("'=cmd"));

    let mut work = TrainingWork::default();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    work.sign_off("小美", "flow_greet", day, "王主管").unwrap();
    let agents = vec!["小美".to_owned(), "小王".to_owned()];
    let c = checklist_table(&work.checklist, &work.signoffs, &agents, Lang::Zh);
    assert_eq!(c.rows.len(), 2 * work.checklist.len());
    assert_eq!(c.highlight.len(), c.rows.len() - 1, "everything but the signed item is open");
    let signed = c.rows.iter().find(|r| r[3] != Cell::Empty).unwrap();
    assert_eq!((&signed[0], &signed[3]), (&Cell::text("小美"), &Cell::Date(day)));
    work.put_action(MeetingAction {
        week: day,
        text: "复盘".into(),
        owner: "组长".into(),
        ..Default::default()
    });
    let a = actions_table(&work.actions, Lang::En);
    assert_eq!((a.rows.len(), a.highlight.clone()), (1, vec![0]));
    assert_eq!(a.rows[0][4], Cell::text("Open"));
}

#[test]
fn a_conversation_told_in_library_replies_has_no_qa_fault() {
    use kefu_core::Ts;
    use kefu_core::model::{ChatLog, ChatMessage, ChatThread, MsgKind};
    use kefu_core::qa::{QaConfig, analyse};
    let lib = ScriptLibrary::default();
    let text = |id: &str| lib.get(id).unwrap().text.clone();
    let mut log = ChatLog::default();
    let b = log.intern("买家");
    let a = log.intern("店:小美");
    let t0 = Ts::from_ymd_hms(2026, 11, 2, 10, 0, 0).unwrap();
    let lines = [
        (b, "在吗".to_owned()),
        (a, text("g1")),
        (b, "这款有货吗，165穿什么码".to_owned()),
        (a, text("e1")),
        (a, text("e2")),
        (b, "太贵了".to_owned()),
        (a, text("o1")),
        (b, "拍好了".to_owned()),
        (a, text("a1")),
        (b, "好的谢谢".to_owned()),
        (a, text("f1")),
        (a, text("f2")),
    ];
    let messages = lines
        .into_iter()
        .enumerate()
        .map(|(i, (from, text))| ChatMessage {
            ts: t0.plus(i as i64 * 15),
            from,
            kind: if from == b { MsgKind::Buyer } else { MsgKind::Agent },
            text,
        })
        .collect();
    log.threads.push(ChatThread { shop: "店".into(), buyer: b, messages });
    let cfg = QaConfig::default();
    let rep = analyse(&log, &cfg, &[]).unwrap();
    let faults: Vec<&str> = rep.hits.iter().map(|h| cfg.rules.rules[h.rule as usize].id.as_str()).collect();
    assert!(faults.is_empty(), "{faults:?}");
    assert_eq!(rep.conversations[0].auto_score(), Some(105.0), "full marks plus the good-closing bonus");
}
