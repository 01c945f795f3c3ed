//! Tests of the audit trail: every mutating request is recorded (table-driven, and the table
//! must name every `Request` variant in jobs.rs), summaries are readable and carry no buyer id.

use super::*;
use crate::jobs::{CommitItem, ImportSummary, RightsReport, WorkspaceView};
use crate::model::DatasetKind;
use crate::qa::{ConvKey, QaConfig, QaDesk, QaEdit, QaWork, Review, ReviewValue};
use crate::rights::{ErasePreview, RetentionPreview};
use crate::{Lang, Ts};

const AT: &str = "2026-11-22 10:30:05";
const BUYER: &str = "tb_buyer_8848";

fn conv() -> ConvKey {
    ConvKey {
        shop: "棉语旗舰店".into(),
        buyer: BUYER.into(),
        start: Ts::from_ymd_hms(2026, 11, 2, 10, 31, 0).unwrap(),
    }
}

fn review() -> Review {
    Review {
        conv: conv(),
        reviewer: "主管".into(),
        scorecard: "presale".into(),
        at: Ts::from_ymd_hms(2026, 11, 3, 9, 0, 0).unwrap(),
        values: vec![ReviewValue {
            category: "attitude".into(),
            given: Some(2),
            auto: Some(2),
            comment: format!("买家 {BUYER} 电话 13812345678"),
        }],
        comment: format!("{BUYER} 态度好"),
        ..Review::default()
    }
}

fn qa_doc(w: &QaWork) -> Value {
    serde_json::to_value(w).unwrap()
}

fn desk() -> Response {
    Response::QaDesk {
        desk: Box::new(QaDesk {
            reviewer: "主管".into(),
            calibration: None,
            reviewers: vec![],
            sessions: vec![],
            config: QaConfig::default(),
            custom: false,
            sampling: None,
            disputes: vec![],
            calibrations: vec![],
            weeks: vec![],
        }),
        error: None,
    }
}

fn docs(area: WorkArea, v: Value) -> Docs {
    Docs::from([(area, v)])
}

/// One sample per `Request` variant: the request, a successful answer, and the work documents
/// before and after.
fn samples() -> Vec<(Request, Response, Docs, Docs)> {
    let none = Docs::new;
    let mut weighted = QaWork::default();
    let mut cfg = QaConfig::default();
    cfg.scorecards.cards[0].categories.iter_mut().find(|c| c.id == "attitude").unwrap().weight = 25;
    weighted.config = Some(cfg.clone());
    let mut reviewed = QaWork::default();
    reviewed.put(review());
    let mut disputed = reviewed.clone();
    disputed.reviews[0].open_dispute("小美", "没有态度问题", Ts(0)).unwrap();
    let view = WorkspaceView::default();
    let rights = |applied| Response::Rights {
        report: Box::new(RightsReport {
            applied,
            erase: vec![ErasePreview { rows: 3, messages: 40, ..Default::default() }],
            retention: vec![RetentionPreview { dropped: 500, ..Default::default() }],
            cutoff: chrono::NaiveDate::from_ymd_opt(2026, 5, 1),
            ..Default::default()
        }),
    };
    let mut out = vec![
        (Request::Open, Response::Workspace { view: view.clone(), notices: vec![] }, none(), none()),
        (
            Request::LoadDemo { seed: 2026, now: AT.into() },
            Response::Workspace { view: view.clone(), notices: vec![] },
            none(),
            none(),
        ),
        (
            Request::ExportBackup { settings_json: "{}".into(), now: AT.into(), passphrase: None },
            Response::File { name: "b.zip".into(), mime: "application/zip".into() },
            none(),
            none(),
        ),
        (
            Request::RestoreBackup { file_name: "备份.zip".into(), passphrase: Some("pw".into()) },
            Response::Restored { view: view.clone(), settings_json: "{}".into(), created: AT.into() },
            none(),
            none(),
        ),
        (Request::ClearAll, Response::Workspace { view: view.clone(), notices: vec![] }, none(), none()),
        (Request::ExportQuarantine, Response::Done, none(), none()),
        (
            Request::Analyse { files: vec![], discard: vec![] },
            Response::Analysis { items: vec![] },
            none(),
            none(),
        ),
        (
            Request::Commit { items: vec![CommitItem { id: 1, mask: true }], now: AT.into() },
            Response::Imported {
                view: view.clone(),
                summary: vec![ImportSummary {
                    kind: DatasetKind::Orders,
                    label: "订单".into(),
                    rows: 1234,
                    duplicates: 5,
                }],
            },
            none(),
            none(),
        ),
        (Request::Discard { items: vec![1, 2] }, Response::Done, none(), none()),
        (Request::QaOverview { config: None }, Response::Done, none(), none()),
        (Request::QaConversations { agent: None }, Response::Done, none(), none()),
        (Request::QaConversation { conv: 1 }, Response::Done, none(), none()),
        (
            Request::QaSaveReview { review: Box::new(review()) },
            Response::QaReviewSaved { errors: vec![] },
            docs(WorkArea::Qa, qa_doc(&QaWork::default())),
            docs(WorkArea::Qa, qa_doc(&reviewed)),
        ),
        (Request::QaDesk, desk(), none(), none()),
        (
            Request::QaEdit { edit: Box::new(QaEdit::SetConfig { config: Box::new(cfg) }) },
            desk(),
            docs(WorkArea::Qa, qa_doc(&QaWork::default())),
            docs(WorkArea::Qa, qa_doc(&weighted)),
        ),
        (Request::QaUnconverted, Response::QaUnconverted { view: None }, none(), none()),
        (
            Request::KpiTable { period: None, by: crate::kpi::GroupBy::Agent, lang: Lang::Zh },
            Response::Done,
            none(),
            none(),
        ),
        (Request::LoadWork { area: WorkArea::Kpi }, Response::Done, none(), none()),
        (Request::RosterStop, Response::Done, none(), none()),
        (
            Request::RosterCheck {
                job: Box::new(crate::roster::check::CheckJob {
                    source: crate::roster::check::CheckSource::Case { agents: 150, days: 28 },
                    seconds: 10.0,
                    seed: 1,
                }),
            },
            Response::Done,
            none(),
            none(),
        ),
        (
            Request::EraseBuyer { buyer: BUYER.into(), apply: true },
            rights(true),
            docs(WorkArea::Qa, qa_doc(&reviewed)),
            none(),
        ),
        (
            Request::Retention {
                months: 6,
                today: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
                apply: true,
            },
            rights(true),
            none(),
            none(),
        ),
        (Request::AuditLog, Response::Audit { entries: vec![] }, none(), none()),
        (
            Request::AuditExport { filter: AuditFilter::default(), xlsx: false, lang: Lang::Zh },
            Response::Done,
            none(),
            none(),
        ),
        (Request::StorageReport, Response::Storage { items: vec![] }, none(), none()),
        (
            Request::QaEdit {
                edit: Box::new(QaEdit::Resolve {
                    conv: conv(),
                    reviewer: "主管".into(),
                    note: format!("{BUYER} 的申诉不成立"),
                    values: None,
                }),
            },
            desk(),
            docs(WorkArea::Qa, qa_doc(&disputed)),
            docs(WorkArea::Qa, qa_doc(&reviewed)),
        ),
    ];
    // One save per work area, each changing something.
    for area in WorkArea::ALL {
        let before =
            serde_json::json!({"supervisor": "王主管", "items": [{"id": "a", "zh": "甲", "weight": 20}]});
        let after =
            serde_json::json!({"supervisor": "王主管", "items": [{"id": "a", "zh": "甲", "weight": 25}]});
        out.push((
            Request::SaveWork { area, body_json: after.to_string() },
            Response::Done,
            docs(area, before),
            docs(area, after),
        ));
    }
    // Variants whose payloads are heavy to build: the rule only looks at the variant.
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    let period = crate::model::Period { from: day, to: day };
    let reads = [
        Request::KpiExplain {
            kpi: crate::kpi::Kpi::Consulted,
            scope: crate::kpi::Scope::Shop(None),
            period,
            lang: Lang::Zh,
        },
        Request::KpiExport { period, by: crate::kpi::GroupBy::Agent, xlsx: true, lang: Lang::Zh },
        Request::KpiReport { kind: crate::kpi::report::ReportKind::Daily, day: None, lang: Lang::Zh },
        Request::KpiAppraisal { day: None, lang: Lang::Zh },
        Request::KpiRankingExport {
            ranking: Box::new(crate::kpi::appraisal::Ranking { period, sheets: Vec::new() }),
            xlsx: false,
            lang: Lang::Zh,
        },
        Request::SetFilter { filter: crate::model::Filter { shop: None, team: Some("@pre".into()) } },
        Request::TrainingOverview { period: None, lang: Lang::Zh },
        Request::TrainingSheet {
            agent: "店:小美".into(),
            period: None,
            supervisor: "主管".into(),
            lang: Lang::Zh,
        },
        Request::TrainingMeeting { day: None, lang: Lang::Zh },
        Request::TrainingQuestions,
        Request::TrainingReadScripts,
        Request::TrainingExport {
            table: crate::training::tables::TableKind::Library,
            xlsx: false,
            now: crate::Ts(0),
            lang: Lang::Zh,
        },
        Request::RegistersRewards { day: None, lang: Lang::Zh },
        Request::RegistersSuggest { reply_within_secs: 3600 },
        Request::RegistersConversation {
            key: crate::qa::ConvKey { shop: "店".into(), buyer: BUYER.into(), start: crate::Ts(0) },
        },
        Request::PacketAgents,
        Request::ExportPackets { agents: Vec::new(), passphrase: None, lang: Lang::Zh, now: AT.into() },
        Request::OpenPacket { file_name: "小美.kefupack".into(), passphrase: None },
    ];
    for req in reads {
        out.push((req, Response::Done, none(), none()));
    }
    // An agent's reply file adds disputes to the QA work.
    out.push((
        Request::ApplyReply { file_name: "小美.kefureply".into() },
        Response::ReplyApplied {
            outcome: crate::packet::ApplyOutcome {
                agent: "店:小美".into(),
                already: false,
                added: 2,
                skipped: 0,
                acks: 1,
            },
        },
        none(),
        none(),
    ));
    out
}

fn variant(req: &Request) -> String {
    match serde_json::to_value(req).unwrap() {
        Value::String(s) => s,
        Value::Object(o) => o.keys().next().unwrap().clone(),
        other => panic!("{other}"),
    }
}

/// The variant names of `pub enum Request` in jobs.rs, read from the source.
fn request_variants_in_source() -> BTreeSet<String> {
    let src = include_str!("../jobs.rs");
    let body = src.split("pub enum Request {").nth(1).unwrap().split("\n}\n").next().unwrap();
    body.lines()
        .filter(|l| l.starts_with("    ") && !l.starts_with("     "))
        .map(str::trim)
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
        .map(|l| l.split([' ', ',', '{', '(']).next().unwrap().to_owned())
        .collect()
}

#[test]
fn every_request_variant_is_sampled_and_every_mutating_one_is_recorded() {
    let samples = samples();
    let sampled: BTreeSet<String> = samples.iter().map(|(r, ..)| variant(r)).collect();
    let declared = request_variants_in_source();
    assert!(declared.len() >= 30, "{declared:?}");
    // RosterSolve and RosterPrepare carry whole plans; they are read-only by their rule.
    let unsampled: Vec<&String> = declared
        .iter()
        .filter(|v| !sampled.contains(*v) && !["RosterSolve", "RosterPrepare"].contains(&v.as_str()))
        .collect();
    assert!(unsampled.is_empty(), "add an audit sample (and decide its rule) for {unsampled:?}");
    for (req, resp, before, after) in &samples {
        let entries = describe(req, resp, before, after, AT);
        match rule(req) {
            AuditRule::Records(area) => {
                assert!(!entries.is_empty(), "{} changes the workspace but records nothing", variant(req));
                for e in &entries {
                    assert_eq!(e.area, area);
                    assert_eq!(e.at, AT);
                    assert!(!e.zh.is_empty() && !e.en.is_empty() && !e.action.is_empty(), "{e:?}");
                    for text in [&e.zh, &e.en] {
                        assert!(!text.contains(BUYER), "{} leaks the buyer: {text}", variant(req));
                        assert!(!text.contains("13812345678"), "{text}");
                    }
                }
            }
            AuditRule::ReadOnly | AuditRule::ErasesLog => {
                assert!(entries.is_empty(), "{} is not recorded but gave {entries:?}", variant(req))
            }
        }
    }
    assert_eq!(rule(&Request::ClearAll), AuditRule::ErasesLog);
    assert_eq!(rule(&Request::EraseBuyer { buyer: BUYER.into(), apply: false }), AuditRule::ReadOnly);
}

#[test]
fn the_parser_of_the_source_sees_the_variants() {
    let v = request_variants_in_source();
    for name in ["Open", "SaveWork", "QaSaveReview", "ClearAll", "AuditLog", "StorageReport"] {
        assert!(v.contains(name), "{name} missing from {v:?}");
    }
    assert!(!v.contains("Progress") && !v.contains("AnalyseFile"));
}

fn one(entries: Vec<AuditEntry>) -> AuditEntry {
    assert_eq!(entries.len(), 1, "{entries:?}");
    entries.into_iter().next().unwrap()
}

#[test]
fn a_scorecard_weight_change_reads_as_one() {
    let (req, resp, before, after) = samples()
        .into_iter()
        .find(|(r, ..)| matches!(r, Request::QaEdit { edit } if matches!(**edit, QaEdit::SetConfig { .. })))
        .unwrap();
    let e = one(describe(&req, &resp, &before, &after, AT));
    assert_eq!(e.zh, "质检规则与评分表：评分表 · “售前质检评分表” · “服务态度” · 权重 20 → 25", "{e:?}");
    assert!(e.en.contains("“Attitude” · weight 20 → 25"), "{}", e.en);
    assert_eq!((e.area, e.action.as_str(), e.count), (AuditArea::Qa, "qa-config", 1));
}

#[test]
fn reviews_and_disputes_name_shop_time_and_score_never_the_buyer() {
    let samples = samples();
    let (req, resp, before, after) =
        samples.iter().find(|(r, ..)| matches!(r, Request::QaSaveReview { .. })).unwrap();
    let e = one(describe(req, resp, before, after, AT));
    assert!(e.zh.starts_with("复核：店铺“棉语旗舰店” 2026-11-02 10:31 开始的会话 评分 "), "{}", e.zh);
    assert!(e.zh.ends_with("（评审人 主管）"), "{}", e.zh);
    // A refused review records nothing.
    let refused = Response::QaReviewSaved { errors: vec![crate::qa::ReviewError::EmptyReason] };
    assert!(describe(req, &refused, before, after, AT).is_empty());
    let (req, resp, before, after) = samples
        .iter()
        .find(|(r, ..)| matches!(r, Request::QaEdit { edit } if matches!(**edit, QaEdit::Resolve { .. })))
        .unwrap();
    let e = one(describe(req, resp, before, after, AT));
    assert!(e.zh.contains("驳回") && e.zh.contains("棉语旗舰店") && e.zh.contains("***"), "{}", e.zh);
    // A refused edit records nothing.
    let Response::QaDesk { desk, .. } = desk() else { unreachable!() };
    let refused = Response::QaDesk { desk, error: Some(crate::qa::EditError::NoReviewer) };
    assert!(describe(req, &refused, before, after, AT).is_empty());
}

#[test]
fn saves_that_change_nothing_record_nothing_and_lists_are_summed_up() {
    let doc = serde_json::json!({"phrases": ["亲", "您好"], "n": 1});
    let save = Request::SaveWork { area: WorkArea::Training, body_json: doc.to_string() };
    let same = docs(WorkArea::Training, doc.clone());
    assert!(describe(&save, &Response::Done, &same, &same, AT).is_empty());
    let more = serde_json::json!({"phrases": ["亲", "在的", "您好"], "n": 2, "x": 1, "y": 2, "z": 3});
    let e = one(describe(&save, &Response::Done, &same, &docs(WorkArea::Training, more), AT));
    assert_eq!(e.count, 5);
    assert!(e.zh.starts_with("培训："), "{}", e.zh);
    assert!(e.zh.contains("词表 新增 “在的”"), "{}", e.zh);
    assert!(e.zh.contains("n 1 → 2"), "{}", e.zh);
    assert!(e.zh.ends_with("等共 5 处改动"), "{}", e.zh);
}

#[test]
fn registers_and_rosters_read_as_work_not_as_json() {
    let before = serde_json::json!({"complaints": {"items": []}});
    let after = serde_json::json!({"complaints": {"items": [
        {"id": "c1", "customer": BUYER, "summary": format!("{BUYER} 要求退款，电话 13812345678")}]}});
    let save = Request::SaveWork { area: WorkArea::Registers, body_json: after.to_string() };
    let e = one(describe(
        &save,
        &Response::Done,
        &docs(WorkArea::Registers, before),
        &docs(WorkArea::Registers, after),
        AT,
    ));
    assert!(e.zh.starts_with("登记簿：投诉登记 新增 “c1”"), "{}", e.zh);
    assert!(!e.zh.contains(BUYER) && !e.en.contains(BUYER));

    let roster = |cells: Vec<u8>| {
        serde_json::json!({"days": 2, "roster": {"start": "2026-11-02", "days": 2, "agents": ["小美", "小王"],
            "types": ["早", "晚"], "cells": cells, "locks": [false, false, false, false]}})
    };
    let save = Request::SaveWork { area: WorkArea::Roster, body_json: String::new() };
    let e = one(describe(
        &save,
        &Response::Done,
        &docs(WorkArea::Roster, roster(vec![0, 1, 255, 0])),
        &docs(WorkArea::Roster, roster(vec![0, 0, 255, 1])),
        AT,
    ));
    assert_eq!(e.zh, "排班：保存 2026-11-02 起 2 天排班：2 人，3 个班次，改动 2 格");
    let e = one(describe(
        &save,
        &Response::Done,
        &Docs::new(),
        &docs(WorkArea::Roster, roster(vec![0, 1, 255, 0])),
        AT,
    ));
    assert!(e.zh.starts_with("排班：保存 2026-11-02 起 2 天排班：2 人，3 个班次"), "{}", e.zh);
    assert!(!e.zh.contains(" 格"), "a first roster has no earlier cells to compare: {}", e.zh);
}

#[test]
fn the_log_round_trips_filters_newest_first_and_scrubs_an_id() {
    let entry = |at: &str, area, zh: &str| AuditEntry {
        at: at.into(),
        area,
        zh: zh.into(),
        en: zh.into(),
        ..Default::default()
    };
    let mut log = AuditLog {
        entries: vec![
            entry("2026-11-01 09:00:00", AuditArea::Qa, "a"),
            entry("2026-11-02 09:00:00", AuditArea::Roster, "b"),
            entry("2026-11-02 09:00:00", AuditArea::Qa, &format!("c {BUYER}")),
            entry("2026-11-03 09:00:00", AuditArea::Qa, "d"),
        ],
    };
    assert_eq!(AuditLog::decode(&log.encode()).unwrap(), log);
    let all: Vec<&str> = select(&log.entries, &AuditFilter::default()).iter().map(|e| &e.zh[..1]).collect();
    assert_eq!(all, ["d", "c", "b", "a"]);
    let f = AuditFilter {
        area: Some(AuditArea::Qa),
        from: chrono::NaiveDate::from_ymd_opt(2026, 11, 2),
        to: chrono::NaiveDate::from_ymd_opt(2026, 11, 2),
    };
    let some: Vec<&str> = select(&log.entries, &f).iter().map(|e| &e.zh[..1]).collect();
    assert_eq!(some, ["c"]);
    assert_eq!(log.scrub(BUYER), 1);
    assert!(!String::from_utf8(log.encode()).unwrap().contains(BUYER));
    assert!(matches!(AuditLog::decode(br#"{"schema":99,"entries":[]}"#), Err(StoreError::Newer { .. })));
}

#[test]
fn the_export_neutralises_formulas() {
    let e = AuditEntry {
        at: AT.into(),
        zh: "=HYPERLINK(\"http://x\")".into(),
        en: "x".into(),
        ..Default::default()
    };
    let t = audit_table(&[&e], Lang::Zh);
    let mut csv = Vec::new();
    crate::registers::table::table_csv(&mut csv, &t).unwrap();
    let text = String::from_utf8(csv).unwrap();
    assert!(text.contains("'=HYPERLINK"), "{text}");
    assert!(text.contains("时间,范围,操作,说明,数量"));
}

#[test]
fn the_first_save_of_an_area_is_compared_with_its_defaults() {
    let mut kpi = crate::kpi::KpiWork::default();
    kpi.months
        .entry("2026-11".into())
        .or_default()
        .comments
        .insert("棉语旗舰店:小美".into(), "本月表现好".into());
    let after = serde_json::to_value(&kpi).unwrap();
    let save = Request::SaveWork { area: WorkArea::Kpi, body_json: after.to_string() };
    let e = one(describe(&save, &Response::Done, &Docs::new(), &docs(WorkArea::Kpi, after), AT));
    assert!(!e.zh.contains("整体"), "{}", e.zh);
    assert_eq!(e.zh, "绩效考核：月份 · 2026-11 · 评语 · 棉语旗舰店:小美 新增 “本月表现好”");
}

#[test]
fn a_rule_word_list_edit_names_the_rule_once() {
    let mut cfg = QaConfig::default();
    let rude = cfg.rules.rules.iter_mut().find(|r| r.id == "rude").unwrap();
    rude.phrases.push("亲".into());
    let after = QaWork { config: Some(cfg.clone()), ..Default::default() };
    let req = Request::QaEdit { edit: Box::new(QaEdit::SetConfig { config: Box::new(cfg) }) };
    let e = one(describe(
        &req,
        &desk(),
        &docs(WorkArea::Qa, qa_doc(&QaWork::default())),
        &docs(WorkArea::Qa, qa_doc(&after)),
        AT,
    ));
    assert_eq!(e.zh, "质检规则与评分表：规则 · “服务禁语” · 词表 新增 “亲”");
}

#[test]
fn an_own_rule_and_category_read_as_additions_by_name() {
    let mut cfg = QaConfig::default();
    let id = cfg.add_phrase_rule("不用“亲”称呼", crate::qa::Side::Agent, false, vec!["亲".into()]);
    cfg.add_category(0, "称呼规范", vec![id]);
    cfg.unconverted.price.clear();
    let after = QaWork { config: Some(cfg.clone()), ..Default::default() };
    let req = Request::QaEdit { edit: Box::new(QaEdit::SetConfig { config: Box::new(cfg) }) };
    let e = describe(
        &req,
        &desk(),
        &docs(WorkArea::Qa, qa_doc(&QaWork::default())),
        &docs(WorkArea::Qa, qa_doc(&after)),
        AT,
    )
    .into_iter()
    .next()
    .unwrap();
    assert!(e.zh.starts_with("质检规则与评分表：规则 新增 “不用“亲”称呼”；评分表 · “售前质检评分表” 新增 “称呼规范”；未成交原因词表 · 价格 删除 “贵”"), "{}", e.zh);
}
