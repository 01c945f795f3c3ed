//! Training material over the demo team: the rude agent's training sheet holds their own
//! excerpts (masked, the forbidden phrase marked) and their most failed rules with model
//! replies; choices do not depend on the order of threads; the KPI part follows the
//! appraisal; the plan, meeting sheet and checklist come out of the same data; the work
//! document survives storage.

use std::sync::OnceLock;

use kefu_core::demo::{DemoConfig, DemoWorkspace, generate_simple};
use kefu_core::kpi::appraisal::{AppraisalInputs, appraise, default_templates};
use kefu_core::kpi::{KpiConfig, KpiIndex, KpiInputs};
use kefu_core::lang::Localize;
use kefu_core::model::Period;
use kefu_core::qa::text::normalise;
use kefu_core::qa::{QaConfig, QaReport, analyse, overview};
use kefu_core::store::{WorkArea, decode_work, encode_work};
use kefu_core::training::mask::has_phone;
use kefu_core::training::{
    Attendee, ScriptLibrary, Session, SheetParams, Speaker, TrainingError, TrainingSheet, TrainingWork,
    before_after, checklist_view, meeting_sheet, plan_view, topics, training_sheet,
};
use kefu_core::{Lang, Ts};

struct Fixture {
    ws: DemoWorkspace,
    cfg: QaConfig,
    rep: QaReport,
}

fn fx() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let ws = generate_simple(&DemoConfig::default());
        let cfg = QaConfig::default();
        let rep = analyse(&ws.chats, &cfg, &ws.staff).unwrap();
        Fixture { ws, cfg, rep }
    })
}

fn index(ws: &DemoWorkspace) -> KpiIndex {
    let inputs = KpiInputs {
        chats: vec![&ws.chats],
        orders: ws.orders.iter().collect(),
        refunds: ws.refunds.iter().collect(),
        reviews: ws.reviews.iter().collect(),
        staff: ws.staff.iter().collect(),
        attendance: ws.attendance.iter().collect(),
        ..KpiInputs::default()
    };
    KpiIndex::build(&inputs, &KpiConfig::default())
}

/// The agent with the most hits of `rule`.
fn worst_at(f: &Fixture, rule: &str) -> String {
    let ov = overview(&f.rep, &f.ws.chats, &f.cfg, &[]);
    let r = f.cfg.rules.index_of(rule).unwrap();
    ov.agents.iter().max_by_key(|a| a.rule_hits[r]).unwrap().agent.clone()
}

fn sheet_of(f: &Fixture, agent: &str) -> TrainingSheet {
    let params =
        SheetParams { period: f.ws.period, supervisor: "王主管".into(), ..SheetParams::default() };
    training_sheet(agent, &f.ws.chats, &f.rep, &f.cfg, &ScriptLibrary::default(), None, &params, Lang::Zh)
        .unwrap()
}

#[test]
fn the_rude_agents_sheet_holds_their_own_excerpts_and_failed_rules() {
    let f = fx();
    let agent = worst_at(f, "rude");
    let nick = agent.split_once(':').unwrap().1;
    let sheet = sheet_of(f, &agent);
    assert_eq!(sheet.agent, agent);
    assert!(sheet.conversations > 50);
    assert!(!sheet.focus.is_empty() && sheet.focus.len() <= 3);
    let rude = sheet.focus.iter().find(|r| r.rule_id == "rude").expect("rude is among the most failed");
    let phrases: Vec<String> =
        f.cfg.rules.rule("rude").unwrap().phrases.iter().map(|p| normalise(p)).collect();
    for focus in &sheet.focus {
        assert!(!focus.excerpts.is_empty() && focus.excerpts.len() <= 3, "{}", focus.rule_id);
        assert!(focus.hits as usize >= focus.excerpts.len());
        assert!(!focus.model_replies.is_empty() && !focus.practice.is_empty());
        let mut convs: Vec<u32> = focus.excerpts.iter().map(|e| e.conv).collect();
        convs.dedup();
        assert_eq!(convs.len(), focus.excerpts.len(), "distinct conversations");
        // Worst first.
        let scores: Vec<i64> =
            focus.excerpts.iter().map(|e| e.auto_score.map_or(i64::MAX, |s| (s * 100.0) as i64)).collect();
        assert!(scores.windows(2).all(|w| w[0] <= w[1]), "{scores:?}");
        for e in &focus.excerpts {
            assert!(e.lines.len() <= 4);
            assert!(e.buyer.contains("***"), "buyer masked: {}", e.buyer);
            for l in &e.lines {
                assert!(!has_phone(&l.text()), "{}", l.text());
            }
        }
    }
    for e in &rude.excerpts {
        // The marked phrase is a rude word, on a line the agent wrote.
        let line = e.lines.iter().find(|l| l.segments.iter().any(|s| s.mark)).expect("a marked line");
        assert_eq!(line.speaker, Speaker::Agent);
        assert_eq!(line.who, nick);
        for s in line.segments.iter().filter(|s| s.mark) {
            assert!(phrases.contains(&normalise(&s.text)), "{:?} is a rude phrase", s.text);
        }
        let c = &f.rep.conversations[e.conv as usize];
        assert!(
            f.rep
                .hits_of(e.conv as usize)
                .iter()
                .any(|h| h.rule == e.rule && h.agent.is_some_and(|a| f.ws.chats.name(a) == agent))
        );
        assert_eq!(
            f.ws.chats.threads[c.thread as usize].messages[line.msg as usize].text.len(),
            line.text().len()
        );
    }
    let text = sheet.print_text(Lang::Zh);
    assert!(
        text.contains(nick) && text.contains("服务禁语") && text.contains("【") && text.contains("王主管")
    );
    assert_eq!(sheet.signatures.len(), 2);
}

#[test]
fn sheets_do_not_depend_on_the_order_of_threads() {
    let f = fx();
    let agent = worst_at(f, "greeting");
    let a = sheet_of(f, &agent);
    let mut ws = f.ws.clone();
    ws.chats.threads.reverse();
    let rep = analyse(&ws.chats, &f.cfg, &ws.staff).unwrap();
    let g = Fixture { ws, cfg: f.cfg.clone(), rep };
    let b = sheet_of(&g, &agent);
    let strip = |s: &TrainingSheet| {
        let mut s = s.clone();
        for r in &mut s.focus {
            for e in &mut r.excerpts {
                e.conv = 0;
            }
        }
        s
    };
    assert_eq!(strip(&a), strip(&b));
    assert_eq!(a, sheet_of(f, &agent), "same input, same sheet");
}

#[test]
fn unknown_agents_are_refused_with_the_names_found() {
    let f = fx();
    let err = training_sheet(
        "没有这个人",
        &f.ws.chats,
        &f.rep,
        &f.cfg,
        &ScriptLibrary::default(),
        None,
        &SheetParams { period: f.ws.period, ..SheetParams::default() },
        Lang::Zh,
    )
    .unwrap_err();
    let TrainingError::UnknownAgent { known, .. } = &err else { panic!("{err:?}") };
    assert!(known.len() >= 12);
    assert!(err.localize(Lang::Zh).contains("没有客服“没有这个人”"));
    // A nick alone is enough.
    let agent = worst_at(f, "rude");
    let nick = agent.split_once(':').unwrap().1;
    assert_eq!(sheet_of(f, nick).agent, agent);
}

#[test]
fn the_kpi_part_follows_the_appraisal() {
    let f = fx();
    let idx = index(&f.ws);
    let ranking =
        appraise(&idx, &f.ws.period, &default_templates(Lang::Zh), &AppraisalInputs::default(), Lang::Zh);
    let sheet = &ranking.sheets[0];
    let params = SheetParams { period: f.ws.period, ..SheetParams::default() };
    let t = training_sheet(
        &sheet.agent,
        &f.ws.chats,
        &f.rep,
        &f.cfg,
        &ScriptLibrary::default(),
        Some(sheet),
        &params,
        Lang::Zh,
    )
    .unwrap();
    assert_eq!(t.kpis.len(), sheet.items.len());
    for (k, i) in t.kpis.iter().zip(&sheet.items) {
        assert_eq!((&k.label, &k.value, &k.target), (&i.label, &i.value_text, &i.target_text));
        assert_eq!(k.met, i.pct.map(|p| p >= 100.0));
    }
    assert_eq!(t.name, sheet.name);
    assert_eq!(t.appraisal, Some((sheet.total, sheet.grade.clone())));
    assert!(t.print_text(Lang::Zh).contains("目标"));
}

#[test]
fn plan_meeting_and_checklist_come_out_of_the_same_data() {
    let f = fx();
    let p = f.ws.period;
    let tops = topics(&f.rep, &f.cfg, &p, 5, Lang::Zh);
    assert_eq!(tops.len(), 5);
    assert!(tops.windows(2).all(|w| w[0].hits >= w[1].hits));
    assert!(tops.iter().all(|t| t.rule_id != "escalation"), "risk flags are not training topics");
    // A session in the middle of the period, on the top topic, everyone present.
    let mid = p.from + chrono::Duration::days(14);
    let agents = kefu_core::training::agents_of(&f.ws.chats, &f.rep);
    let mut s = Session::proposed("", mid, &tops[..1], &agents, Lang::Zh);
    let mut work = TrainingWork::default();
    let id = work.put_session(s.clone());
    assert_eq!(id, "t1");
    s.id = id;
    let ba = before_after(&f.rep, &f.ws.chats, &f.cfg, &s, 7);
    assert!(ba.before.conversations > 100 && ba.after.conversations > 100);
    assert!(ba.before.clean <= ba.before.conversations);
    assert_eq!(ba.per_rule.len(), 1);
    assert_eq!(ba.per_rule[0].1, ba.before, "one rule: the per-rule line is the whole check");
    // Only present attendees count once attendance is taken.
    let one = &agents[0];
    s.attendees = agents.iter().map(|a| Attendee { agent: a.clone(), present: Some(a == one) }).collect();
    let only = before_after(&f.rep, &f.ws.chats, &f.cfg, &s, 7);
    assert_eq!(only.agents, std::slice::from_ref(one));
    assert!(only.before.conversations < ba.before.conversations);
    let view = plan_view(&f.rep, &f.ws.chats, &f.cfg, &work.sessions, &p, 7, Lang::Zh);
    assert_eq!(view.sessions.len(), 1);

    // Meeting sheet for the third week, with actions carried over.
    let idx = index(&f.ws);
    let week3 = p.from + chrono::Duration::days(14);
    let mut act = kefu_core::training::MeetingAction {
        week: p.from + chrono::Duration::days(7),
        text: "全员背熟问候话术".into(),
        owner: "组长".into(),
        ..Default::default()
    };
    work.put_action(act.clone());
    act.text = "已完成的".into();
    act.done = true;
    work.put_action(act);
    let m = meeting_sheet(
        week3,
        &f.rep,
        &f.ws.chats,
        &f.cfg,
        &work.library,
        Some(&idx),
        &work.actions,
        3,
        Lang::Zh,
    );
    assert_eq!(m.week, Period { from: week3, to: week3 + chrono::Duration::days(6) });
    assert!(!m.kpis.is_empty());
    assert!(m.kpis.iter().any(|h| h.change.is_some()));
    // The app builds the headline apart from QA's run (the worker holds them in two caches).
    assert_eq!(
        kefu_core::training::meeting::kpi_headline(&idx, week3 + chrono::Duration::days(3), Lang::Zh),
        m.kpis
    );
    assert_eq!(m.problems.len(), 3);
    assert!(m.problems.iter().all(|p| !p.examples.is_empty() && p.examples.len() <= 2 && p.hits > 0));
    assert_eq!(m.open_actions.len(), 1, "the done action is not carried over");
    assert!(m.qa.auto_score.is_some() && m.qa.auto_score_last_week.is_some());
    let text = m.print_text(Lang::Zh);
    assert!(text.contains("全员背熟问候话术") && text.contains("上周"));
    // Everything the page receives crosses the worker boundary as JSON.
    let back: kefu_core::training::MeetingSheet =
        serde_json::from_str(&serde_json::to_string(&m).unwrap()).unwrap();
    assert_eq!(back.problems, m.problems);
    assert_eq!(back.actions, m.actions);
    let back: kefu_core::training::PlanView =
        serde_json::from_str(&serde_json::to_string(&view).unwrap()).unwrap();
    assert_eq!(back, view);
    let sheet = sheet_of(f, &agents[0]);
    let back: TrainingSheet = serde_json::from_str(&serde_json::to_string(&sheet).unwrap()).unwrap();
    assert_eq!(back, sheet);

    // Checklist sign-off.
    let agent = &agents[1];
    let day = p.from;
    work.sign_off(agent, "flow_greet", day, "王主管").unwrap();
    work.sign_off(agent, "flow_greet", day + chrono::Duration::days(1), "王主管").unwrap();
    assert!(matches!(work.sign_off(agent, "nope", day, "x"), Err(TrainingError::UnknownItem { .. })));
    let v = checklist_view(&work.checklist, &work.signoffs, agent, Lang::Zh);
    assert_eq!((v.done, v.total), (1, work.checklist.len()));
    let flow: Vec<&str> =
        v.rows.iter().filter(|r| r.section == "接待流程").map(|r| r.label.as_str()).collect();
    assert_eq!(flow.len(), 8);
    for (row, step) in flow.iter().zip([
        "进门问好",
        "接待咨询",
        "提问",
        "推荐商品",
        "处理异议",
        "促成交易",
        "确认订单",
        "礼貌告别",
    ]) {
        assert!(row.starts_with(step), "{row}");
    }
    assert!(work.unsign(agent, "flow_greet"));

    // The work document survives storage, and an old one without the new fields reads.
    let bytes = encode_work(WorkArea::Training, &work);
    assert_eq!(decode_work::<TrainingWork>(WorkArea::Training, &bytes).unwrap(), work);
    let old = br#"{"schema":1,"area":"training","body":{"sessions":[]}}"#;
    let w: TrainingWork = decode_work(WorkArea::Training, old).unwrap();
    assert_eq!(w, TrainingWork::default());
    let _ = Ts(0);
}
