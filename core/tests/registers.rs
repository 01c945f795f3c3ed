//! The registers: complaints turn overdue when the injected clock passes the promised reply
//! or the follow-up date; suggestions come from QA's escalation flags; rewards and penalties
//! come from the appraisal and the attendance rule book without counting attendance twice;
//! every register exports to CSV and XLSX with formulas neutralised (read back with calamine
//! and csv); the work document survives storage.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use kefu_core::demo::{DemoConfig, generate_simple};
use kefu_core::kpi::appraisal::{AdjustSource, AppraisalInputs, appraise, default_templates};
use kefu_core::kpi::{KpiConfig, KpiIndex, KpiInputs, Scope};
use kefu_core::model::Period;
use kefu_core::qa::{QaConfig, analyse};
use kefu_core::registers::complaints::{Category, Source, Status};
use kefu_core::registers::rewards::{Kind, Origin};
use kefu_core::registers::{
    Cell, Complaint, ComplaintRegister, Entry, Overdue, RegistersWork, RewardsRegister, Table,
    complaints_table, from_appraisal, from_attendance, rewards_table, rewards_view, table_csv, table_xlsx,
};
use kefu_core::store::{WorkArea, decode_work, encode_work};
use kefu_core::training::mask::has_phone;
use kefu_core::{Lang, Money, Ts};

fn at(d: u32, h: u32, m: u32) -> Ts {
    Ts::from_ymd_hms(2026, 11, d, h, m, 0).unwrap()
}

fn complaint(customer: &str, promised: Ts) -> Complaint {
    Complaint {
        received: at(2, 9, 0),
        source: Source::Platform,
        customer: customer.into(),
        order_id: "4012345678901234567".into(),
        category: Category::Quality,
        summary: "=HYPERLINK(\"http://x\") 衣服开线".into(),
        handler: "豆豆".into(),
        promised_reply: Some(promised),
        ..Complaint::default()
    }
}

#[test]
fn a_complaint_turns_overdue_when_the_clock_passes_the_promise() {
    let mut reg = ComplaintRegister::default();
    let id = reg.put(complaint("tb_小鱼儿88", at(2, 18, 0)));
    assert_eq!(id, "c1");
    assert_eq!(reg.items[0].customer, "tb***88", "stored masked");
    let c = reg.items[0].clone();
    assert_eq!(c.overdue(at(2, 17, 59)), None);
    assert_eq!(c.overdue(at(2, 18, 0)), None, "due, not yet late");
    assert_eq!(c.overdue(at(2, 18, 30)), Some(Overdue::Reply { late_secs: 1800 }));
    // Replied in time: not overdue, until the follow-up visit is late.
    let mut c2 = c.clone();
    c2.replied = Some(at(2, 17, 0));
    c2.status = Status::Resolved;
    c2.visit.due = Some(at(5, 12, 0));
    assert_eq!(c2.overdue(at(4, 12, 0)), None);
    assert_eq!(c2.overdue(at(5, 13, 0)), Some(Overdue::Visit { late_secs: 3600 }));
    c2.visit.done = Some(at(5, 12, 30));
    c2.visit.result = "顾客满意".into();
    assert_eq!(c2.overdue(at(9, 0, 0)), None);
    assert!(Overdue::Reply { late_secs: 5400 }.label(Lang::Zh).contains("1 小时 30 分"));
    // The view puts overdue ones first, longest late first.
    reg.put(Complaint { id: "c1".into(), ..c2 });
    reg.put(complaint("买家乙", at(2, 12, 0)));
    reg.put(complaint("买家丙", at(3, 12, 0)));
    let v = reg.view(at(3, 13, 0));
    let ids: Vec<(&str, bool)> = v.iter().map(|(c, o)| (c.id.as_str(), o.is_some())).collect();
    assert_eq!(ids, [("c2", true), ("c3", true), ("c1", false)]);
    assert!(reg.remove("c3") && !reg.remove("c3"));
}

fn xlsx_rows(t: &Table) -> Vec<Vec<Data>> {
    let mut bytes = Vec::new();
    table_xlsx(&mut bytes, t).unwrap();
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

fn csv_rows(t: &Table) -> Vec<Vec<String>> {
    let mut bytes = Vec::new();
    table_csv(&mut bytes, t).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let mut rd = csv::ReaderBuilder::new().has_headers(false).from_reader(&bytes[3..]);
    rd.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect()
}

/// Excel's serial number of a day.
fn serial(d: NaiveDate) -> f64 {
    (d - NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()).num_days() as f64
}

#[test]
fn only_valid_complaints_count_for_an_agent_in_the_month() {
    let mut reg = ComplaintRegister::default();
    let about = |agent: &str, valid: bool, day: u32| Complaint {
        agent: agent.into(),
        valid,
        received: at(day, 10, 0),
        ..complaint("买家", at(day, 12, 0))
    };
    reg.put(about("店:小美", true, 2));
    reg.put(about("店:小美", true, 3));
    reg.put(about("店:小美", false, 3));
    reg.put(about("店:阿强", true, 4));
    reg.put(about("", true, 4));
    let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    let all = reg.valid_by_agent(day(1), day(30));
    assert_eq!(all.get("店:小美"), Some(&2.0));
    assert_eq!(all.get("店:阿强"), Some(&1.0));
    assert_eq!(all.len(), 2, "no agent, no count");
    let early = reg.valid_by_agent(day(1), day(2));
    assert_eq!(early.get("店:小美"), Some(&1.0));
    assert_eq!(early.get("店:阿强"), None);
    let t = complaints_table(&reg, at(5, 9, 0), Lang::Zh);
    assert_eq!(t.columns[7], "涉及客服");
    assert!(t.rows.iter().any(|r| r[7] == Cell::text("小美") && r[8] == Cell::text("是")));
}

#[test]
fn the_complaints_register_exports_and_reads_back() {
    let mut reg = ComplaintRegister::default();
    reg.put(complaint("tb_小鱼儿88", at(2, 18, 0)));
    reg.put(Complaint { status: Status::Closed, ..complaint("买家乙", at(2, 12, 0)) });
    let now = at(3, 9, 0);
    let t = complaints_table(&reg, now, Lang::Zh);
    assert_eq!(t.highlight, [0], "the open, late one");
    let rows = xlsx_rows(&t);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0][0], Data::String("编号".into()));
    assert_eq!(rows[0].len(), t.columns.len());
    assert_eq!(rows[1][0], Data::String("c1".into()));
    assert_eq!(rows[1][3], Data::String("tb***88".into()));
    assert_eq!(rows[1][4], Data::String("4012345678901234567".into()), "order ids stay text");
    assert_eq!(rows[1][6], Data::String("'=HYPERLINK(\"http://x\") 衣服开线".into()), "formula neutralised");
    let Data::DateTime(received) = &rows[1][1] else { panic!("{:?}", rows[1][1]) };
    let day = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    assert!((received.as_f64() - (serial(day) + 9.0 / 24.0)).abs() < 1e-6);
    assert!(matches!(&rows[1][14], Data::String(s) if s.starts_with("回复超时")));
    assert_eq!(rows[2][11], Data::String("已结案".into()));
    let csv = csv_rows(&t);
    assert_eq!(csv.len(), 3);
    assert_eq!(csv[1][6], "'=HYPERLINK(\"http://x\") 衣服开线");
    assert_eq!(csv[1][1], "2026-11-02 09:00");
    let en = complaints_table(&reg, now, Lang::En);
    assert_eq!(csv_rows(&en)[0][0], "ID");
}

#[test]
fn suggestions_come_from_escalations_and_are_masked() {
    let ws = generate_simple(&DemoConfig { days: 7, ..DemoConfig::default() });
    let cfg = QaConfig::default();
    let rep = analyse(&ws.chats, &cfg, &ws.staff).unwrap();
    let mut reg = ComplaintRegister::default();
    let s = reg.suggest_from_qa(&rep, &ws.chats, &cfg, 24 * 3600);
    let risky = rep.conversations.iter().filter(|c| c.risk).count();
    assert!(!s.is_empty() && s.len() <= risky);
    for c in &s {
        assert!(c.customer.contains("***"));
        assert!(!has_phone(&c.summary));
        assert_eq!(c.promised_reply, Some(c.received.plus(24 * 3600)));
        assert!(c.conversation.is_some() && !c.handler.is_empty());
    }
    reg.put(s[0].clone());
    let again = reg.suggest_from_qa(&rep, &ws.chats, &cfg, 24 * 3600);
    assert_eq!(again.len(), s.len() - 1, "a registered conversation is not suggested again");
}

#[test]
fn rewards_and_penalties_come_from_appraisal_attendance_and_hand() {
    let ws = generate_simple(&DemoConfig::default());
    let inputs = KpiInputs {
        chats: vec![&ws.chats],
        orders: ws.orders.iter().collect(),
        refunds: ws.refunds.iter().collect(),
        reviews: ws.reviews.iter().collect(),
        staff: ws.staff.iter().collect(),
        attendance: ws.attendance.iter().collect(),
        ..KpiInputs::default()
    };
    let idx = KpiIndex::build(&inputs, &KpiConfig::default());
    let period = ws.period;
    let ranking =
        appraise(&idx, &period, &default_templates(Lang::Zh), &AppraisalInputs::default(), Lang::Zh);
    // A buyer saying 投诉 costs nothing; a complaint the supervisor marked 有效 costs 20 points.
    let complaints_label = AdjustSource::Complaints.label(Lang::Zh);
    assert!(ranking.sheets.iter().all(|s| s.adjustments.iter().all(|a| a.label != complaints_label)));
    let who = ranking.sheets[0].agent.clone();
    let mut register = ComplaintRegister::default();
    for day in [period.from, period.to] {
        register.put(Complaint {
            agent: who.clone(),
            valid: true,
            received: Ts::from_date(day),
            ..Complaint::default()
        });
    }
    let with_complaints = AppraisalInputs {
        valid_complaints: register.valid_by_agent(period.from, period.to),
        ..AppraisalInputs::default()
    };
    let judged = appraise(&idx, &period, &default_templates(Lang::Zh), &with_complaints, Lang::Zh);
    let sheet =
        |r: &kefu_core::kpi::appraisal::Ranking| r.sheets.iter().find(|s| s.agent == who).cloned().unwrap();
    let (before, after) = (sheet(&ranking), sheet(&judged));
    let line = after.adjustments.iter().find(|a| a.label == complaints_label).expect("a complaints line");
    assert_eq!((line.count, line.points), (2.0, -40.0));
    assert!((after.penalty - before.penalty - 40.0).abs() < 1e-9);
    let from_app = from_appraisal(&ranking, period.to, Lang::Zh);
    let from_att = from_attendance(&idx, &period, Lang::Zh);
    assert!(!from_att.is_empty(), "the demo team is late sometimes");
    // Attendance: one entry per costly event; the sum is the rule book's penalty.
    for a in &idx.agents {
        let want = idx.attendance_summary(&Scope::Agent(a.account.clone()), &period).penalty;
        let got: f64 = from_att.iter().filter(|e| e.agent == a.account).map(|e| -e.points).sum();
        assert!((want - got).abs() < 1e-9, "{}: {want} vs {got}", a.account);
    }
    // Appraisal: never the attendance line again; grade bonuses as money.
    let att_label = AdjustSource::AttendancePenalty.label(Lang::Zh);
    assert!(from_app.iter().all(|e| !e.reason.starts_with(att_label)));
    let bonus: i64 = from_app.iter().map(|e| e.amount.fen()).sum();
    assert_eq!(bonus, ranking.sheets.iter().map(|s| s.bonus.fen()).sum::<i64>());
    assert!(from_app.iter().all(|e| e.origin == Origin::Appraisal));
    // Manual entries: the sign follows the kind.
    let mut reg = RewardsRegister::default();
    let id = reg.put(Entry {
        date: period.from,
        agent: "棉语旗舰店:豆豆".into(),
        kind: Kind::Penalty,
        reason: "=1+1 与顾客争吵".into(),
        points: 20.0,
        amount: Money::yuan(50),
        by: "王主管".into(),
        ..Entry::default()
    });
    assert_eq!(id, "r1");
    assert_eq!((reg.manual[0].points, reg.manual[0].amount), (-20.0, Money::yuan(-50)));
    reg.put(Entry { date: period.to + chrono::Duration::days(3), ..reg.manual[0].clone() });
    assert_eq!(reg.manual.len(), 1, "same id replaces");
    reg.put(Entry {
        id: String::new(),
        date: period.from,
        kind: Kind::Reward,
        points: 5.0,
        ..reg.manual[0].clone()
    });
    let mut generated = from_app.clone();
    generated.extend(from_att.clone());
    let view = rewards_view(generated, &reg, &period);
    assert_eq!(view.entries.len(), from_app.len() + from_att.len() + 1, "the moved entry is outside");
    assert!(view.entries.windows(2).all(|w| (w[0].date, &w[0].agent) <= (w[1].date, &w[1].agent)));
    let total_points: f64 = view.totals.iter().map(|t| t.points).sum();
    let entry_points: f64 = view.entries.iter().map(|e| e.points).sum();
    assert!((total_points - entry_points).abs() < 1e-9);
    // Export and read back.
    let t = rewards_table(&view, Lang::Zh);
    let rows = xlsx_rows(&t);
    assert_eq!(rows.len(), view.entries.len() + 1);
    let r = 1 + view.entries.iter().position(|e| e.reason.starts_with("=1+1")).unwrap();
    assert_eq!(rows[r][5], Data::String("'=1+1 与顾客争吵".into()));
    assert_eq!(rows[r][6], Data::Float(5.0), "the reward left in the period");
    let Data::DateTime(d) = &rows[r][0] else { panic!("{:?}", rows[r][0]) };
    assert_eq!(d.as_f64(), serial(period.from));
    assert_eq!(t.highlight.len(), view.entries.iter().filter(|e| e.kind == Kind::Penalty).count());
    assert_eq!(rows[r][7], Data::Float(50.0));
    assert_eq!(csv_rows(&t)[r][7], "50.00");
    // A fine is negative money.
    let fine = rewards_view(
        Vec::new(),
        &RewardsRegister { manual: vec![reg.manual[0].clone()] },
        &Period { from: period.from, to: period.to + chrono::Duration::days(7) },
    );
    assert_eq!(xlsx_rows(&rewards_table(&fine, Lang::Zh))[1][7], Data::Float(-50.0));
    // The stored document.
    let mut work = RegistersWork { rewards: reg, ..RegistersWork::default() };
    work.complaints.put(complaint("tb_小鱼儿88", at(2, 18, 0)));
    let bytes = encode_work(WorkArea::Registers, &work);
    assert_eq!(decode_work::<RegistersWork>(WorkArea::Registers, &bytes).unwrap(), work);
    let old = br#"{"schema":1,"area":"registers","body":{}}"#;
    assert_eq!(decode_work::<RegistersWork>(WorkArea::Registers, old).unwrap(), RegistersWork::default());
    let _ = Period { from: period.from, to: period.to };
}
