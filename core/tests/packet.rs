//! Agent packets over demo workspaces: a packet for one agent holds no record of any other
//! agent and no buyer's full nick (property test over random team sizes and seeds); sealed
//! packets open with the passphrase only; a reply adds its disputes to the QA queue once.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use kefu_core::demo::{DemoConfig, generate_simple};
use kefu_core::kpi::{GroupBy, KpiConfig, KpiIndex, KpiInputs, KpiTable, KpiWork, appraisal, month_key};
use kefu_core::lang::Localize;
use kefu_core::model::{MsgKind, Period, Workspace};
use kefu_core::packet::{
    AgentPacket, DisputeReason, PacketError, PacketInput, ReplyDispute, agents_of, apply_reply,
    build_packets, decode_reply, encode_packet, encode_reply, make_reply, open_packet, packet_file,
};
use kefu_core::qa::{self, QaConfig, QaReport, QaWork, Review, desk};
use kefu_core::roster::work::{RosterWork, SavedRoster};
use kefu_core::store::{KdfParams, SealError};
use kefu_core::training::scripts::ScriptLibrary;
use kefu_core::{Lang, Ts};
use proptest::prelude::*;

const FAST: KdfParams = KdfParams { m_kib: 64, t: 1, p: 1 };

struct Fixture {
    ws: Workspace,
    cfg: QaConfig,
    report: QaReport,
    work: QaWork,
    table: KpiTable,
    ranking: appraisal::Ranking,
    roster: RosterWork,
    library: ScriptLibrary,
    period: Period,
}

fn fixture(seed: u64, agents: usize, days: u32) -> Fixture {
    let cfg_demo = DemoConfig { seed, agents, days, ..DemoConfig::default() };
    let demo = generate_simple(&cfg_demo);
    let ws = Workspace::from_datasets(demo.into_datasets("2026-11-22 10:00:00", false));
    let cfg = QaConfig::default();
    let report = qa::analyse(&ws.chats, &cfg, &ws.staff).expect("default rules compile");
    // Review every fourth conversation of every agent (a reviewer who is also on the staff
    // list reviews some, so names can come from reviews too).
    let mut work = QaWork::default();
    let lead = ws.staff.first().map(|s| s.name.clone()).unwrap_or_default();
    for (i, c) in report.conversations.iter().enumerate() {
        if c.agent.is_none() || i % 4 != 0 {
            continue;
        }
        let Some(card) = cfg.scorecards.cards.get(c.scorecard as usize) else { continue };
        let key = report.key(&ws.chats, i);
        let reviewer = if i % 8 == 0 { "主管".to_owned() } else { lead.clone() };
        let mut r =
            Review::draft(key, card, &qa::auto_values(&report, &cfg, i), &reviewer, c.start.plus(3600));
        r.comment = format!("复核备注 {}", ws.chats.name(c.agent.unwrap_or_default()));
        work.put(r);
    }
    let inputs = KpiInputs {
        chats: vec![&ws.chats],
        orders: ws.orders.iter().collect(),
        refunds: ws.refunds.iter().collect(),
        reviews: ws.reviews.iter().collect(),
        stats: ws.agent_stats.iter().collect(),
        staff: ws.staff.iter().collect(),
        attendance: ws.attendance.iter().collect(),
    };
    let index = KpiIndex::build(&inputs, &KpiConfig::default());
    let period = index.span().expect("demo data has days");
    let table = index.table(&period, GroupBy::Agent, None, None, Lang::Zh);
    let kw = KpiWork::default();
    let ranking = appraisal::appraise(
        &index,
        &period,
        &kw.templates(Lang::Zh),
        &kw.inputs(&month_key(period.from), HashMap::new(), None),
        Lang::Zh,
    );
    // A saved roster of every agent: 早 on even days, 晚 on odd days, every third day off.
    let accounts: Vec<String> = ws.staff.iter().map(|s| s.account.clone()).collect();
    let days = 7u16;
    let cells = (0..accounts.len() * days as usize)
        .map(|i| if i % 3 == 2 { u8::MAX } else { (i % 2) as u8 })
        .collect();
    let roster = RosterWork {
        roster: Some(SavedRoster {
            start: NaiveDate::from_ymd_opt(2026, 11, 23),
            days,
            agents: accounts,
            types: vec!["早-售前".into(), "晚-售后".into()],
            cells,
            ..SavedRoster::default()
        }),
        ..RosterWork::default()
    };
    Fixture { ws, cfg, report, work, table, ranking, roster, library: ScriptLibrary::default(), period }
}

fn input(f: &Fixture) -> PacketInput<'_> {
    PacketInput {
        log: &f.ws.chats,
        staff: &f.ws.staff,
        report: &f.report,
        config: &f.cfg,
        qa: &f.work,
        kpis: Some(&f.table),
        ranking: Some(&f.ranking),
        library: &f.library,
        supervisor: "王主管",
        roster: Some(&f.roster),
        period: Some(f.period),
        made: "2026-11-22 10:30:00",
        lang: Lang::Zh,
    }
}

/// Checks the serialised packet of `account` for every other agent and every buyer.
fn assert_only_own(f: &Fixture, packet: &AgentPacket) {
    let text = String::from_utf8(encode_packet(packet)).expect("JSON is UTF-8");
    let all = agents_of(&f.ws.chats, &f.ws.staff);
    let me = all.iter().find(|a| a.account == packet.agent).expect("packet agent exists");
    let nick = |a: &str| a.split_once(':').map_or(a.to_owned(), |(_, n)| n.to_owned());
    let own = [me.account.clone(), nick(&me.account), me.name.clone()];
    for other in all.iter().filter(|a| a.account != me.account) {
        for id in [other.account.clone(), nick(&other.account), other.name.clone()] {
            // An identifier inside the agent's own name cannot be told apart from it.
            if id.chars().count() < 2 || own.iter().any(|o| o.contains(&id)) {
                continue;
            }
            assert!(!text.contains(&id), "packet of {} mentions {id:?} of {}", me.account, other.account);
        }
    }
    // No buyer's full nick (the agent's own buyers appear masked only). One automaton over
    // every nick: a plain search per buyer is too slow over thousands of buyers.
    let buyers: BTreeSet<&str> = f.ws.chats.threads.iter().map(|t| f.ws.chats.name(t.buyer)).collect();
    let buyers: Vec<&str> = buyers.into_iter().filter(|b| b.chars().count() >= 4).collect();
    let ac = aho_corasick::AhoCorasick::new(&buyers).expect("nicks build an automaton");
    if let Some(m) = ac.find(&text) {
        panic!("packet of {} holds buyer nick {:?}", me.account, buyers[m.pattern().as_usize()]);
    }
    // No phone number of any buyer or agent.
    let phones = f.ws.orders.iter().filter_map(|o| o.phone.as_deref());
    for ph in phones.chain(f.ws.staff.iter().filter_map(|s| s.phone.as_deref())).filter(|p| p.len() >= 7) {
        assert!(!text.contains(ph), "packet of {} holds phone {ph}", me.account);
    }
}

#[test]
fn one_packet_holds_the_agents_own_records_and_nothing_else() {
    let f = fixture(2026, 12, 7);
    let all = agents_of(&f.ws.chats, &f.ws.staff);
    assert!(all.len() >= 12);
    let accounts: Vec<String> = all.iter().map(|a| a.account.clone()).collect();
    let packets = build_packets(&input(&f), &accounts).unwrap();
    assert_eq!(packets.len(), accounts.len());
    let mut with_reviews = 0;
    let index = f.report.index(&f.ws.chats);
    for p in &packets {
        assert_only_own(&f, p);
        assert_eq!(p.schedule.len(), 7, "{}", p.agent);
        assert!(p.schedule.iter().any(|d| d.hours.contains('–')), "{:?}", p.schedule);
        assert!(!p.kpis.is_empty(), "{} has KPIs", p.agent);
        assert_eq!(p.appraisal.as_ref().map(|s| s.agent.as_str()), Some(p.agent.as_str()));
        if !p.reviews.is_empty() {
            with_reviews += 1;
            // Reviewed conversations are the agent's own: their lines are marked own (an agent
            // who only received a transfer may have written nothing yet).
            let with_own = p.reviews.iter().filter(|r| r.conversation.lines.iter().any(|l| l.own)).count();
            assert!(with_own * 2 >= p.reviews.len(), "{}: {with_own} of {}", p.agent, p.reviews.len());
            assert!(p.reviews.iter().all(|r| r.conversation.buyer.contains('*')));
        }
        // The reviews are exactly those of the agent's conversations.
        let ids: Vec<_> =
            f.ws.chats
                .names
                .iter()
                .enumerate()
                .filter(|(_, n)| n.as_str() == p.agent)
                .map(|(i, _)| i as u32)
                .collect();
        let expected = f
            .work
            .reviews
            .iter()
            .filter(|r| {
                index
                    .get(&r.conv)
                    .is_some_and(|&i| f.report.conversations[i].agent.is_some_and(|a| ids.contains(&a)))
            })
            .count();
        assert_eq!(p.reviews.len(), expected, "{}", p.agent);
    }
    assert!(with_reviews >= 10, "{with_reviews} agents with reviews");
    assert!(packets.iter().filter(|p| p.training.is_some()).count() >= 10);
    // Unknown agents are refused by name.
    let err = build_packets(&input(&f), &["别的店:无名".into()]).unwrap_err();
    assert_eq!(err, PacketError::UnknownAgent { agent: "别的店:无名".into() });
}

#[test]
fn a_colleagues_lines_and_names_are_withheld() {
    let f = fixture(7, 12, 7);
    // Find a conversation where another agent also wrote (a transfer), and review it.
    let log = &f.ws.chats;
    let mut work = f.work.clone();
    let found = f.report.conversations.iter().enumerate().find(|(_, c)| {
        let t = &log.threads[c.thread as usize];
        t.messages[c.first as usize..c.end as usize]
            .iter()
            .any(|m| matches!(m.kind, MsgKind::Agent) && Some(m.from) != c.agent)
    });
    let (i, c) = found.expect("the demo team transfers some conversations");
    let card = &f.cfg.scorecards.cards[c.scorecard as usize];
    let mut r =
        Review::draft(f.report.key(log, i), card, &qa::auto_values(&f.report, &f.cfg, i), "主管", Ts(1));
    let colleague = log.threads[c.thread as usize].messages[c.first as usize..c.end as usize]
        .iter()
        .find(|m| Some(m.from) != c.agent && m.kind == MsgKind::Agent)
        .map(|m| log.name(m.from).to_owned())
        .unwrap_or_default();
    r.comment = format!("比{colleague}处理得慢");
    work.put(r);
    let me = log.name(c.agent.unwrap_or_default()).to_owned();
    let f2 = Fixture { work, ..f };
    let p = build_packets(&input(&f2), std::slice::from_ref(&me)).unwrap().remove(0);
    assert_only_own(&f2, &p);
    let text = String::from_utf8(encode_packet(&p)).unwrap();
    assert!(text.contains("比**处理得慢"), "the colleague in the comment is scrubbed");
    assert!(text.contains("其他客服的消息，已隐去"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4))]
    #[test]
    fn packets_never_hold_another_agents_records(seed in any::<u64>(), agents in 12usize..18,
                                                 days in 5u32..9, pick in any::<prop::sample::Index>()) {
        let f = fixture(seed, agents, days);
        let all = agents_of(&f.ws.chats, &f.ws.staff);
        let me = all[pick.index(all.len())].account.clone();
        let p = build_packets(&input(&f), &[me]).unwrap().remove(0);
        assert_only_own(&f, &p);
    }
}

#[test]
fn sealed_packets_open_with_the_passphrase_only_and_refuse_any_flipped_byte() {
    let f = fixture(11, 12, 7);
    let me = f.ws.staff[3].account.clone();
    let p = build_packets(&input(&f), &[me]).unwrap().remove(0);
    let random: [u8; 40] = std::array::from_fn(|i| (i as u8).wrapping_mul(7));
    // Same packet back (compared as text: JSON floats may differ in the last bit).
    let same = |q: &AgentPacket| {
        assert_eq!(
            (&q.id, &q.agent, &q.reviews, &q.schedule, &q.kpis),
            (&p.id, &p.agent, &p.reviews, &p.schedule, &p.kpis)
        );
        assert_eq!(q.training.as_ref().map(|t| &t.title), p.training.as_ref().map(|t| &t.title));
    };
    let plain = packet_file(&p, None, &random, FAST).unwrap();
    same(&open_packet(&plain, None, "a.kefupack").unwrap());
    let sealed = packet_file(&p, Some("口令123"), &random, FAST).unwrap();
    assert!(kefu_core::store::is_sealed(&sealed));
    assert!(
        !sealed.windows(p.agent.len()).any(|w| w == p.agent.as_bytes()),
        "the agent's name is not readable"
    );
    same(&open_packet(&sealed, Some("口令123"), "a.kefupack").unwrap());
    assert_eq!(
        open_packet(&sealed, None, "a.kefupack").unwrap_err(),
        PacketError::NeedsPassphrase { file: "a.kefupack".into() }
    );
    let wrong = open_packet(&sealed, Some("口令124"), "a.kefupack").unwrap_err();
    assert_eq!(wrong, PacketError::Seal(SealError::WrongPassphraseOrTampered { file: "a.kefupack".into() }));
    assert!(wrong.localize(Lang::Zh).contains("口令不对"));
    for at in [0usize, 9, 30, 60, sealed.len() / 2, sealed.len() - 1] {
        let mut bad = sealed.clone();
        bad[at] ^= 0x10;
        assert!(
            open_packet(&bad, Some("口令123"), "b.kefupack").is_err(),
            "flipped byte {at} went unnoticed"
        );
    }
    // A reply or another JSON file is not a packet.
    let reply = encode_reply(&make_reply(&p, Vec::new(), true, "2026-11-23 09:00:00"));
    assert!(matches!(open_packet(&reply, None, "r.kefupack"), Err(PacketError::WrongKind { .. })));
    assert!(matches!(open_packet(b"{\"a\":1}", None, "x"), Err(PacketError::WrongKind { .. })));
    assert!(matches!(open_packet(b"\xff\xfe", None, "x"), Err(PacketError::WrongKind { .. })));
    let newer = String::from_utf8(plain.clone()).unwrap().replacen("\"format\":1", "\"format\":9", 1);
    assert_eq!(
        open_packet(newer.as_bytes(), None, "n").unwrap_err(),
        PacketError::Newer { file: "n".into(), found: 9 }
    );
    assert!(matches!(decode_reply(&plain, "p.kefureply"), Err(PacketError::WrongKind { .. })));
}

#[test]
fn a_reply_adds_its_disputes_to_the_queue_once() {
    let f = fixture(5, 12, 7);
    let all = agents_of(&f.ws.chats, &f.ws.staff);
    let accounts: Vec<String> = all.iter().map(|a| a.account.clone()).collect();
    let packets = build_packets(&input(&f), &accounts).unwrap();
    let p =
        packets.iter().find(|p| p.reviews.len() >= 2 && p.training.is_some()).expect("an agent with reviews");
    let disputes = vec![
        ReplyDispute {
            review: p.reviews[0].id.clone(),
            reason: DisputeReason::Misjudged,
            comment: "买家没有问问题".into(),
        },
        ReplyDispute {
            review: p.reviews[1].id.clone(),
            reason: DisputeReason::TooHarsh,
            comment: String::new(),
        },
        // Not in the packet: left out of the reply.
        ReplyDispute { review: "0000".into(), reason: DisputeReason::Other, comment: "x".into() },
    ];
    let reply = make_reply(p, disputes, true, "2026-11-23 09:00:00");
    assert_eq!(reply.disputes.len(), 2);
    assert_eq!(reply.acks.len(), 1);
    let bytes = encode_reply(&reply);
    let back = decode_reply(&bytes, "r.kefureply").unwrap();
    assert_eq!(back, reply);

    let mut work = f.work.clone();
    let before = desk(&work, &f.report, &f.ws.chats).disputes.len();
    let out = apply_reply(&mut work, &back, Ts(100)).unwrap();
    assert_eq!((out.added, out.skipped, out.acks, out.already), (2, 0, 1, false));
    let d = desk(&work, &f.report, &f.ws.chats);
    assert_eq!(d.disputes.len(), before + 2);
    let row = d.disputes.iter().find(|r| r.reason.contains("买家没有问问题")).expect("in the queue");
    assert_eq!(row.by, p.agent);
    assert_eq!(row.agent.as_deref(), Some(p.agent.as_str()));
    assert!(row.reason.starts_with("误判"));
    assert_eq!(work.replies.len(), 1);
    assert_eq!(work.replies[0].acks.len(), 1);

    // The same reply again: nothing changes.
    let snapshot = work.clone();
    let again = apply_reply(&mut work, &back, Ts(200)).unwrap();
    assert!(again.already);
    assert_eq!(work, snapshot);

    // A reply naming a review this workspace lacks changes nothing.
    let mut forged = reply.clone();
    forged.id = "other".into();
    forged.disputes[1].review = "ffffffffffffffff".into();
    let err = apply_reply(&mut work, &forged, Ts(300)).unwrap_err();
    assert!(matches!(err, PacketError::UnknownReview { .. }));
    assert!(err.localize(Lang::Zh).contains("找不到"));
    assert_eq!(work, snapshot);

    // A second reply for an already disputed review skips it.
    let second = make_reply(
        p,
        vec![ReplyDispute {
            review: p.reviews[0].id.clone(),
            reason: DisputeReason::SystemIssue,
            comment: "网卡".into(),
        }],
        false,
        "2026-11-24 09:00:00",
    );
    // The packet still shows the review as disputable (it was made before), so the reply
    // holds it; applying skips it because the review has an open dispute now.
    let out = apply_reply(&mut work, &second, Ts(400)).unwrap();
    assert_eq!((out.added, out.skipped), (0, 1));
}
