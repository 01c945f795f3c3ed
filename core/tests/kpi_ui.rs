//! What the app's KPI page relies on beyond the engine: QA results feed the KPI table and the
//! appraisal with the QA overview's numbers; report charts escape hostile names coming from
//! the data (the page inserts the SVG as markup); the appraisal work document drives comments
//! and ratings.

use std::collections::HashMap;

use kefu_core::Lang;
use kefu_core::demo::{DemoConfig, generate_simple};
use kefu_core::kpi::appraisal::appraise;
use kefu_core::kpi::report::{ReportKind, ReportSpec, report};
use kefu_core::kpi::svg::report_charts;
use kefu_core::kpi::{
    GroupBy, Kpi, KpiConfig, KpiIndex, KpiInputs, KpiWork, QaFacts, Scope, Value, month_key,
};
use kefu_core::model::Period;
use kefu_core::qa::{self, QaConfig, QaWork, Review};

fn demo(days: u32) -> kefu_core::demo::DemoWorkspace {
    generate_simple(&DemoConfig { days, ..Default::default() })
}

fn index(ws: &kefu_core::demo::DemoWorkspace) -> KpiIndex {
    let mut inputs = KpiInputs { chats: vec![&ws.chats], ..KpiInputs::default() };
    inputs.orders = ws.orders.iter().collect();
    inputs.refunds = ws.refunds.iter().collect();
    inputs.reviews = ws.reviews.iter().collect();
    inputs.staff = ws.staff.iter().collect();
    inputs.attendance = ws.attendance.iter().collect();
    KpiIndex::build(&inputs, &KpiConfig::default())
}

#[test]
fn qa_scores_reach_the_kpi_table_as_the_qa_overview_has_them() {
    let ws = demo(14);
    let idx = index(&ws);
    let cfg = QaConfig::default();
    let report = qa::analyse(&ws.chats, &cfg, &ws.staff).unwrap();
    // One human review, so the review column has a number too.
    let conv = report.conversations.iter().position(|c| c.agent.is_some() && c.auto_centi.is_some()).unwrap();
    let card = &cfg.scorecards.cards[report.conversations[conv].scorecard as usize];
    let key = report.key(&ws.chats, conv);
    let review = Review::draft(key, card, &qa::auto_values(&report, &cfg, conv), "主管", kefu_core::Ts(1));
    let work = QaWork { reviews: vec![review.clone()], ..QaWork::default() };
    let overview = qa::overview(&report, &ws.chats, &cfg, &work.reviews);
    let facts = QaFacts::build(&idx, &report, &ws.chats, &cfg, &work.reviews);
    assert_eq!(facts.unmatched, 0, "every QA agent is a KPI agent");
    let span = idx.span().unwrap();
    let input = facts.input(&idx, &span);
    let table = idx.table(&span, GroupBy::Agent, None, Some(&input), Lang::Zh);
    let mut with_scores = 0;
    for a in &overview.agents {
        let acc = idx.agents[idx.agent_of_name(&a.agent).unwrap() as usize].account.clone();
        let row = table.rows.iter().find(|r| r.scope == Scope::Agent(acc.clone())).unwrap();
        let auto = row.value(Kpi::QaAuto).map(Value::as_f64);
        assert_eq!(auto, a.auto_score, "{acc}");
        assert_eq!(row.value(Kpi::QaReview).map(Value::as_f64), a.review_score, "{acc}");
        with_scores += auto.is_some() as usize;
    }
    assert!(with_scores >= 10, "QA scores for most agents: {with_scores}");
    let reviewed = table.rows.iter().filter(|r| r.value(Kpi::QaReview).is_some()).count();
    assert_eq!(reviewed, 1);
    // A shorter range only counts its own conversations.
    let day = Period { from: span.to, to: span.to };
    let one = facts.input(&idx, &day);
    let n_day =
        report.conversations.iter().filter(|c| c.agent.is_some() && c.start.date() == span.to).count();
    assert!(n_day > 0 && one.len() <= input.len());
    // Critical failures feed the appraisal's penalty.
    let crit: u32 = input.values().map(|q| q.critical).sum();
    let ov_crit: u32 = overview.agents.iter().map(|a| a.critical_failed).sum();
    assert!(crit <= ov_crit + 1);
    let templates = KpiWork::default().templates(Lang::Zh);
    let work = KpiWork::default();
    let ranking =
        appraise(&idx, &span, &templates, &work.inputs("x", HashMap::new(), Some(input.clone())), Lang::Zh);
    for s in &ranking.sheets {
        let c = input.get(&s.agent).map_or(0, |q| q.critical);
        let qa_line = s.adjustments.iter().find(|a| a.label == "严重质检问题");
        assert_eq!(qa_line.map_or(0.0, |l| l.count), c as f64, "{}", s.agent);
    }
}

#[test]
fn hostile_agent_names_come_out_of_the_charts_escaped() {
    let mut ws = demo(7);
    let evil = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    // Rename one agent everywhere it appears in the chats (sub-account) and the staff list.
    let old = ws.staff[0].account.clone();
    let new = format!("{}:{evil}", old.split_once(':').unwrap().0);
    for n in ws.chats.names.iter_mut().filter(|n| **n == old) {
        *n = new.clone();
    }
    ws.staff[0].account = new.clone();
    ws.staff[0].name = evil.into();
    let idx = index(&ws);
    let span = idx.span().unwrap();
    let spec = ReportSpec {
        kind: ReportKind::Custom,
        period: span,
        scope: Scope::Shop(None),
        ..ReportSpec::default()
    };
    let r = report(&idx, &spec, None, Lang::Zh);
    assert!(r.bars[0].points.iter().any(|(label, _)| label.contains("<script>")), "the name is in the data");
    let charts = report_charts(&r, Lang::Zh);
    assert!(charts.len() >= 4);
    let all: String = charts.iter().map(|c| c.svg.as_str()).collect();
    assert!(all.contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"));
    for c in &charts {
        // The only elements are the chart's own.
        let mut rest = c.svg.as_str();
        while let Some(i) = rest.find('<') {
            rest = &rest[i + 1..];
            let tag: String =
                rest.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphabetic()).collect();
            assert!(
                ["svg", "title", "rect", "text", "line", "path", "circle"].contains(&tag.as_str()),
                "unexpected element <{tag}> in {}",
                c.title
            );
        }
        assert!(!c.svg.contains("onerror=alert(2)>"));
    }
}

#[test]
fn comments_saved_in_the_work_document_reach_the_sheets() {
    let ws = demo(14);
    let idx = index(&ws);
    let span = idx.span().unwrap();
    let month = month_key(span.to);
    let mut work = KpiWork::default();
    let acc = idx.agents[0].account.clone();
    work.set_comment(&month, &acc, "主动催付做得好");
    work.set_rating(&month, &acc, Some(95.0));
    let bytes = kefu_core::store::encode_work(kefu_core::store::WorkArea::Kpi, &work);
    let back: KpiWork = kefu_core::store::decode_work(kefu_core::store::WorkArea::Kpi, &bytes).unwrap();
    let inputs = back.inputs(&month, HashMap::new(), None);
    let r = appraise(&idx, &span, &back.templates(Lang::Zh), &inputs, Lang::Zh);
    let s = r.sheets.iter().find(|s| s.agent == acc).unwrap();
    assert_eq!(s.comment, "主动催付做得好");
    let rating = s.items.iter().find(|i| i.label == "主管评分").unwrap();
    assert_eq!(rating.value, Some(95.0));
    assert_eq!(r.sheets.len(), ws.staff.len(), "every staff member is ranked");
}
