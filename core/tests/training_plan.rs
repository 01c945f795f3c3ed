//! The before/after check of a training session on a hand-made team: an agent who never
//! greeted before the session and always after it goes from 0 to 100; an agent marked absent
//! does not count; excerpts around a buyer's phone number show it masked, property-tested over
//! random numbers and positions.

use chrono::NaiveDate;
use kefu_core::model::{ChatLog, ChatMessage, ChatThread, MsgKind, Period};
use kefu_core::qa::{QaConfig, analyse};
use kefu_core::training::mask::has_phone;
use kefu_core::training::{Attendee, ScriptLibrary, Session, SheetParams, before_after, training_sheet};
use kefu_core::{Lang, Ts};
use proptest::prelude::*;

/// One conversation a day for each agent on days 1..=`days` of November 2026: the buyer asks,
/// the agent answers with or without a greeting.
fn team(days: u32, greets_from: u32, extra: Option<&str>) -> ChatLog {
    let mut log = ChatLog::default();
    let a = log.intern("店:小美");
    let b = log.intern("店:小王");
    for d in 1..=days {
        for (agent, greets) in [(a, d >= greets_from), (b, false)] {
            let buyer = log.intern(&format!("买家{d}-{agent}"));
            let t = Ts::from_ymd_hms(2026, 11, d, 10, 0, 0).unwrap();
            let reply = if greets { "您好，有现货的亲" } else { "有现货的" };
            let mut messages = vec![
                ChatMessage { ts: t, from: buyer, kind: MsgKind::Buyer, text: "这款有货吗".into() },
                ChatMessage { ts: t.plus(10), from: agent, kind: MsgKind::Agent, text: reply.into() },
            ];
            if let Some(x) = extra.filter(|_| agent == b) {
                messages.push(ChatMessage {
                    ts: t.plus(20),
                    from: buyer,
                    kind: MsgKind::Buyer,
                    text: x.into(),
                });
                messages.push(ChatMessage {
                    ts: t.plus(30),
                    from: agent,
                    kind: MsgKind::Agent,
                    text: "不知道".into(),
                });
            }
            log.threads.push(ChatThread { shop: "店".into(), buyer, messages });
        }
    }
    log
}

#[test]
fn a_session_that_worked_shows_in_the_before_after_check() {
    let log = team(20, 11, None);
    let cfg = QaConfig::default();
    let rep = analyse(&log, &cfg, &[]).unwrap();
    let d = |x| NaiveDate::from_ymd_opt(2026, 11, x).unwrap();
    let mut s = Session {
        id: "t1".into(),
        date: d(10),
        title: "问候".into(),
        trainer: "王主管".into(),
        rules: vec!["greeting".into()],
        attendees: vec![
            Attendee { agent: "小美".into(), present: Some(true) },
            Attendee { agent: "店:小王".into(), present: Some(false) },
        ],
        ..Session::default()
    };
    let ba = before_after(&rep, &log, &cfg, &s, 7);
    assert_eq!(ba.before.period, Some(Period { from: d(3), to: d(9) }));
    assert_eq!(ba.after.period, Some(Period { from: d(11), to: d(17) }));
    assert_eq!((ba.before.conversations, ba.before.clean, ba.before.hits), (7, 0, 7));
    assert_eq!((ba.after.conversations, ba.after.clean, ba.after.hits), (7, 7, 0));
    assert_eq!((ba.before.pass_rate, ba.after.pass_rate, ba.change), (Some(0.0), Some(100.0), Some(100.0)));
    assert_eq!(ba.agents, ["小美"]);
    // Everyone counts when attendance was not taken: 小王 never greets, so half pass after.
    for a in &mut s.attendees {
        a.present = None;
    }
    let all = before_after(&rep, &log, &cfg, &s, 7);
    assert_eq!((all.after.conversations, all.after.clean), (14, 7));
    assert_eq!(all.after.pass_rate, Some(50.0));
    assert!(all.agents.is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn excerpts_never_show_a_phone(
        digits in "1[3-9][0-9]{9}",
        before in "[我的电话是，号码 ]{0,6}",
        after in "[，打给我到了联系 ]{0,6}",
        sep in prop::sample::select(vec!["", " ", "-"]),
        wide in any::<bool>(),
    ) {
        let mut phone = format!("{}{sep}{}{sep}{}", &digits[..3], &digits[3..7], &digits[7..]);
        if wide {
            phone = phone.chars().map(|c| if c.is_ascii_digit() { char::from_u32(c as u32 + 0xFEE0).unwrap() } else { c }).collect();
        }
        let line = format!("{before}{phone}{after}");
        let log = team(3, 1, Some(&line));
        let cfg = QaConfig::default();
        let rep = analyse(&log, &cfg, &[]).unwrap();
        let d = |x| NaiveDate::from_ymd_opt(2026, 11, x).unwrap();
        let params = SheetParams { period: Period { from: d(1), to: d(3) }, ..SheetParams::default() };
        let sheet = training_sheet("小王", &log, &rep, &cfg, &ScriptLibrary::default(), None, &params, Lang::Zh).unwrap();
        let rude = sheet.focus.iter().find(|f| f.rule_id == "rude").expect("rude is trained");
        let mut saw_buyer_line = false;
        for e in &rude.excerpts {
            for l in &e.lines {
                prop_assert!(!has_phone(&l.text()), "{}", l.text());
                saw_buyer_line |= l.text().chars().count() == line.chars().count();
            }
        }
        prop_assert!(saw_buyer_line, "the buyer's line is in the excerpt");
        prop_assert!(!has_phone(&sheet.print_text(Lang::Zh)));
    }
}
