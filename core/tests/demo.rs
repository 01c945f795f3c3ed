//! Tests of the demo-workspace generator: determinism, team and roster, the consistency of
//! chats, orders, refunds, reviews and stats, the QA-relevant content, volume scaling and
//! cancellation.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use chrono::NaiveDate;
use kefu_core::Ts;
use kefu_core::demo::{DemoConfig, DemoWorkspace, generate, generate_simple};
use kefu_core::jobs::Cancelled;
use kefu_core::model::{AttendanceStatus, MsgKind, OrderStatus, RefundState, RefundStatus, Role};

fn default_ws() -> &'static DemoWorkspace {
    static WS: OnceLock<DemoWorkspace> = OnceLock::new();
    WS.get_or_init(|| generate_simple(&DemoConfig::default()))
}

fn small(seed: u64) -> DemoConfig {
    DemoConfig { seed, days: 7, ..DemoConfig::default() }
}

const RUDE: &[&str] = &[
    "不知道",
    "不可能",
    "做不到",
    "没办法",
    "不关我事",
    "这不是我的问题",
    "你听不懂吗",
    "你不懂",
    "别啰嗦",
    "爱办不办",
    "随你便",
    "随便",
    "我怎么知道",
    "别问我",
    "自己看",
];
const PLATFORM_RISK: &[&str] = &[
    "微信",
    "加V",
    "VX",
    "QQ",
    "手机号",
    "银行卡",
    "二维码",
    "外部链接",
    "私下转账",
    "好评返现",
    "晒单返现",
    "刷单",
    "改价",
];
const ESCALATION: &[&str] =
    &["投诉", "起诉", "12315", "消协", "工商", "媒体", "曝光", "315", "差评", "经理", "主管", "骗子", "假货"];

#[test]
fn same_seed_same_workspace_other_seed_other_workspace() {
    let a = generate_simple(&small(7));
    let b = generate_simple(&small(7));
    assert!(a == b, "same config must give an identical workspace");
    let c = generate_simple(&small(8));
    assert!(a != c);
    assert_ne!(a.chats.names, c.chats.names);
    // The default workspace is reproducible too.
    assert!(*default_ws() == generate_simple(&DemoConfig::default()));
}

#[test]
fn period_is_the_configured_days_from_the_start() {
    let ws = default_ws();
    let start = NaiveDate::from_ymd_opt(2026, 10, 19).unwrap();
    assert_eq!(ws.period.from, start);
    assert_eq!(ws.period.days(), 28);
    for t in &ws.chats.threads {
        for m in &t.messages {
            let d = m.ts.date();
            assert!(d >= start && d <= ws.period.to + chrono::Duration::days(1), "{}", m.ts);
        }
    }
    for o in &ws.orders {
        assert!(ws.period.contains(o.created.date()));
    }
    for r in &ws.refunds {
        assert!(ws.period.contains(r.applied.date()));
    }
    for r in &ws.reviews {
        assert!(ws.period.contains(r.created.date()));
    }
}

fn check_team(ws: &DemoWorkspace, n: usize) {
    assert_eq!(ws.staff.len(), n);
    let pre = ws.staff.iter().filter(|s| s.role == Role::PreSale).count();
    let after = n - pre;
    assert!(pre > 0 && after > 0);
    assert!((pre as f64 / n as f64 - 2.0 / 3.0).abs() < 0.1, "{pre}/{n}");
    let prefix = format!("{}:", ws.config.shop);
    let accounts: HashSet<&str> = ws.staff.iter().map(|s| s.account.as_str()).collect();
    let names: HashSet<&str> = ws.staff.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(accounts.len(), n, "accounts unique");
    assert_eq!(names.len(), n, "names unique");
    for s in &ws.staff {
        assert!(s.account.starts_with(&prefix), "{}", s.account);
        assert!(!s.nick().is_empty());
        assert!(s.skills.contains(&s.role));
        assert!(["初级", "中级", "高级", "专家"].contains(&s.level.as_str()));
        let chars = s.name.chars().count();
        assert!((2..=4).contains(&chars), "{}", s.name);
        let phone = s.phone.as_deref().unwrap();
        assert!(phone.len() == 11 && phone.starts_with('1'));
        assert!(s.shop == ws.config.shop && s.active);
    }
    let hires = ws.staff.iter().filter(|s| ws.period.contains(s.hired)).count();
    assert!((1..=2 + n / 25).contains(&hires), "{hires} new hires");
}

#[test]
fn team_has_both_roles_and_unique_people() {
    let ws = default_ws();
    check_team(ws, 14);
    assert!(ws.staff.iter().any(|s| s.nick() == "小美"));
    let twelve = generate_simple(&DemoConfig { agents: 12, days: 7, ..DemoConfig::default() });
    check_team(&twelve, 12);
}

#[test]
fn a_large_team_works() {
    let cfg = DemoConfig { agents: 300, days: 7, messages: Some(60_000), ..DemoConfig::default() };
    let ws = generate_simple(&cfg);
    check_team(&ws, 300);
    let n = ws.chats.message_count() as f64;
    assert!((n - 60_000.0).abs() < 6_000.0, "{n}");
    check_shifts(&ws);
}

/// Every agent message falls on a day and within ±30 minutes of a shift the agent worked.
fn check_shifts(ws: &DemoWorkspace) {
    let mut shifts: HashMap<&str, Vec<(Ts, Ts)>> = HashMap::new();
    for a in &ws.attendance {
        if matches!(a.status, AttendanceStatus::Rest | AttendanceStatus::Leave | AttendanceStatus::Absent) {
            continue;
        }
        let (Some(s), Some(e), Some(acc)) = (a.start, a.end, a.account.as_deref()) else {
            panic!("working record without shift times: {a:?}");
        };
        shifts.entry(acc).or_default().push((s.plus(-1800), e.plus(1800)));
    }
    let c = &ws.chats;
    let mut checked = 0;
    for t in &c.threads {
        for m in &t.messages {
            if !matches!(m.kind, MsgKind::Agent | MsgKind::Transfer { .. }) {
                continue;
            }
            let who = c.name(m.from);
            let ok = shifts.get(who).is_some_and(|v| v.iter().any(|&(s, e)| s <= m.ts && m.ts <= e));
            assert!(ok, "{who} wrote at {} off shift: {}", m.ts, m.text);
            checked += 1;
        }
    }
    assert!(checked > 0);
}

#[test]
fn agents_only_write_on_their_shifts() {
    check_shifts(default_ws());
}

#[test]
fn attendance_has_one_record_per_agent_per_day() {
    let ws = default_ws();
    assert_eq!(ws.attendance.len(), ws.staff.len() * 28);
    let mut seen = HashSet::new();
    let by_account: HashMap<&str, &str> =
        ws.staff.iter().map(|s| (s.account.as_str(), s.name.as_str())).collect();
    for a in &ws.attendance {
        let acc = a.account.as_deref().unwrap();
        assert_eq!(by_account[acc], a.name);
        assert!(seen.insert((acc, a.date)));
        match a.status {
            AttendanceStatus::Rest => assert!(a.shift.is_empty()),
            _ => {
                let s = a.start.unwrap();
                assert!(
                    ["早班 08:00-16:30", "中班 12:00-20:30", "晚班 15:30-24:00"].contains(&a.shift.as_str())
                );
                assert_eq!(s.date(), a.date);
                if a.status == AttendanceStatus::Late {
                    assert!(a.late_minutes > 0);
                }
            }
        }
    }
    // 5–6 working days a week for someone employed all week; both roles covered every day.
    let role: HashMap<&str, Role> = ws.staff.iter().map(|s| (s.account.as_str(), s.role)).collect();
    let mut per_week: BTreeMap<(&str, i64), u32> = BTreeMap::new();
    let mut covered: BTreeMap<(NaiveDate, Role), u32> = BTreeMap::new();
    for a in &ws.attendance {
        let acc = a.account.as_deref().unwrap();
        if a.status != AttendanceStatus::Rest {
            // Rostered days, leave included.
            *per_week.entry((acc, (a.date - ws.period.from).num_days() / 7)).or_default() += 1;
        }
        if a.status.scheduled() && a.status != AttendanceStatus::Absent {
            *covered.entry((a.date, role[acc])).or_default() += 1;
        }
    }
    let hired: HashMap<&str, NaiveDate> = ws.staff.iter().map(|s| (s.account.as_str(), s.hired)).collect();
    for ((acc, week), n) in per_week {
        if hired[acc] <= ws.period.from {
            assert!((5..=6).contains(&n), "{acc} week {week}: {n} days");
        }
    }
    for d in 0..28 {
        let date = ws.period.from + chrono::Duration::days(d);
        for r in Role::ALL {
            assert!(covered.get(&(date, r)).copied().unwrap_or(0) >= 1, "{date} {r:?} uncovered");
        }
    }
    assert!(ws.attendance.iter().any(|a| a.status == AttendanceStatus::Late));
    assert!(ws.attendance.iter().any(|a| a.status == AttendanceStatus::Leave));
}

#[test]
fn threads_are_sorted_and_one_per_buyer() {
    let c = &default_ws().chats;
    let mut buyers = HashSet::new();
    for t in &c.threads {
        assert!(buyers.insert(t.buyer));
        assert!(!t.messages.is_empty());
        assert!(t.messages.windows(2).all(|w| w[0].ts <= w[1].ts));
        assert!(t.messages.iter().any(|m| m.kind == MsgKind::Buyer && m.from == t.buyer));
    }
    let names: HashSet<&String> = c.names.iter().collect();
    assert_eq!(names.len(), c.names.len(), "interned names are unique");
}

#[test]
fn default_volume_is_natural() {
    let ws = default_ws();
    let n = ws.chats.message_count();
    assert!((80_000..=120_000).contains(&n), "{n} messages");
    let mut per_day: BTreeMap<NaiveDate, HashSet<u32>> = BTreeMap::new();
    for t in &ws.chats.threads {
        for m in &t.messages {
            per_day.entry(m.ts.date()).or_default().insert(t.buyer);
        }
    }
    let ordinary = per_day[&NaiveDate::from_ymd_opt(2026, 10, 21).unwrap()].len();
    assert!((200..=450).contains(&ordinary), "{ordinary} buyers on an ordinary day");
    let d11 = per_day[&NaiveDate::from_ymd_opt(2026, 11, 11).unwrap()].len();
    assert!(d11 as f64 > 2.0 * ordinary as f64, "双11 {d11}");
}

#[test]
fn requested_volume_is_met() {
    let cfg = DemoConfig { messages: Some(200_000), ..DemoConfig::default() };
    let ws = generate_simple(&cfg);
    let n = ws.chats.message_count() as f64;
    assert!((n - 200_000.0).abs() <= 20_000.0, "{n}");
}

#[test]
fn order_arithmetic_is_exact() {
    let ws = default_ws();
    let mut ids = HashSet::new();
    let mut sub_ids = HashSet::new();
    let mut subs: HashMap<&str, Vec<&kefu_core::model::SubOrder>> = HashMap::new();
    for s in &ws.sub_orders {
        assert!(sub_ids.insert(s.id.as_str()), "duplicate sub-order id");
        subs.entry(s.order_id.as_str()).or_default().push(s);
        assert!(s.sku.starts_with("颜色分类:") && s.sku.contains(";尺码:"));
        assert!(!s.merchant_code.is_empty());
        assert!(s.refunded <= s.paid);
    }
    for o in &ws.orders {
        assert_eq!(o.id.len(), 19, "{}", o.id);
        assert!(o.id.bytes().all(|b| b.is_ascii_digit()));
        assert!(ids.insert(o.id.as_str()));
        assert!(!sub_ids.contains(o.id.as_str()));
        let lines = &subs[o.id.as_str()];
        assert_eq!(o.kinds as usize, lines.len());
        assert!((1..=3).contains(&lines.len()));
        assert_eq!(o.items, lines.iter().map(|s| s.qty).sum::<u32>());
        assert_eq!(o.goods.0, lines.iter().map(|s| s.price.0 * s.qty as i64).sum::<i64>());
        assert_eq!(o.total, o.goods + o.postage);
        assert_eq!(o.paid.0, lines.iter().map(|s| s.paid.0).sum::<i64>());
        assert_eq!(o.refunded.0, lines.iter().map(|s| s.refunded.0).sum::<i64>());
        assert!(o.paid <= o.total && o.refunded <= o.paid);
        for s in lines {
            assert!((5_900..=39_900).contains(&s.price.0));
            assert_eq!(s.created, o.created);
            assert_eq!(s.paid_at, o.paid_at);
        }
        assert!(o.receiver.is_some() && o.address.is_some());
        let phone = o.phone.as_deref().unwrap();
        assert!(phone.len() == 11 && phone.starts_with('1') && phone.bytes().all(|b| b.is_ascii_digit()));
        let addr = o.address.as_deref().unwrap();
        assert!(addr.contains('市') && addr.contains('号'), "{addr}");
        match o.paid_at {
            None => {
                assert_eq!(o.paid.0, 0);
                assert!(matches!(o.status, OrderStatus::AwaitingPayment | OrderStatus::Closed));
                if o.status == OrderStatus::Closed {
                    assert_eq!(o.close_reason, "买家未付款，交易超时关闭");
                }
            }
            Some(p) => {
                assert!(p >= o.created && o.paid.0 > 0);
                assert_ne!(o.status, OrderStatus::AwaitingPayment);
            }
        }
        let shipped = matches!(o.status, OrderStatus::Shipped | OrderStatus::Completed);
        if shipped {
            assert!(!o.carrier.is_empty() && !o.tracking_no.is_empty());
        }
        if o.status == OrderStatus::AwaitingShipment {
            assert!(o.tracking_no.is_empty());
        }
    }
    let n = ws.orders.len() as f64;
    let completed = ws.orders.iter().filter(|o| o.status == OrderStatus::Completed).count();
    let unpaid_closed = ws.orders.iter().filter(|o| o.close_reason.contains("未付款")).count();
    assert!(completed as f64 > 0.3 * n && unpaid_closed > 0);
    assert!(ws.orders.iter().any(|o| o.status == OrderStatus::Shipped));
    assert!(ws.orders.iter().any(|o| o.status == OrderStatus::AwaitingShipment));
    assert!(ws.orders.iter().any(|o| o.kinds > 1));
}

#[test]
fn silent_orders_are_about_half() {
    let ws = default_ws();
    let c = &ws.chats;
    let mut first_msg: HashMap<&str, Ts> = HashMap::new();
    for t in &c.threads {
        if let Some(m) = t.messages.iter().find(|m| m.kind == MsgKind::Buyer) {
            first_msg.insert(c.name(t.buyer), m.ts);
        }
    }
    let silent =
        ws.orders.iter().filter(|o| first_msg.get(o.buyer.as_str()).is_none_or(|&t| t > o.created)).count();
    let share = silent as f64 / ws.orders.len() as f64;
    assert!((0.38..=0.62).contains(&share), "silent share {share}");
}

#[test]
fn refunds_and_reviews_reference_real_orders() {
    let ws = default_ws();
    let orders: HashMap<&str, &kefu_core::model::Order> =
        ws.orders.iter().map(|o| (o.id.as_str(), o)).collect();
    let paid_orders = ws.orders.iter().filter(|o| o.paid_at.is_some()).count() as f64;
    let mut ids = HashSet::new();
    for r in &ws.refunds {
        assert!(ids.insert(r.id.as_str()));
        let o = orders[r.order_id.as_str()];
        assert!(o.paid_at.is_some(), "refund on an unpaid order");
        assert_eq!(r.order_paid_at, o.paid_at);
        assert!(r.amount.0 > 0 && r.amount <= r.paid && r.paid <= o.paid);
        assert_eq!(r.buyer, o.buyer);
        assert!(r.applied >= o.paid_at.unwrap());
        assert_eq!(r.full, r.amount == r.paid);
        if let Some(f) = r.finished {
            assert!(f >= r.applied);
            assert!(matches!(r.status, RefundStatus::Succeeded | RefundStatus::Closed));
        }
        assert!(ws.staff.iter().any(|s| s.account == r.operator));
        if r.phase == kefu_core::model::RefundPhase::AfterSale {
            assert_eq!(o.status, OrderStatus::Completed);
        }
        let line = ws.sub_orders.iter().find(|s| s.order_id == r.order_id && s.title == r.title).unwrap();
        match r.status {
            RefundStatus::Succeeded => assert_eq!(line.refund_state, RefundState::Succeeded),
            RefundStatus::Closed => assert_eq!(line.refund_state, RefundState::Closed),
            _ => assert_eq!(line.refund_state, RefundState::InProgress),
        }
    }
    let share = ws.refunds.len() as f64 / paid_orders;
    assert!((0.04..=0.1).contains(&share), "refund share {share}");
    assert!(ws.refunds.iter().any(|r| r.ruling == kefu_core::model::Ruling::ForBuyer));
    assert!(ws.refunds.iter().any(|r| !r.full));
    assert!(ws.refunds.iter().any(|r| r.status != RefundStatus::Succeeded));

    let completed = ws.orders.iter().filter(|o| o.status == OrderStatus::Completed).count() as f64;
    for r in &ws.reviews {
        let o = orders[r.order_id.as_str()];
        assert_eq!(o.status, OrderStatus::Completed);
        assert_eq!(r.buyer, o.buyer);
        assert!(!r.content.is_empty());
        let d = r.dsr.unwrap();
        assert!([d.description, d.service, d.logistics].iter().all(|x| (1..=5).contains(x)));
    }
    let share = ws.reviews.len() as f64 / completed;
    assert!((0.3..=0.5).contains(&share), "review share {share}");
    use kefu_core::model::Rating;
    let bad = ws.reviews.iter().filter(|r| r.rating != Rating::Good).count();
    assert!(bad > 0 && (bad as f64) < 0.2 * ws.reviews.len() as f64);
    assert!(ws.reviews.iter().any(|r| !r.follow_up.is_empty()));
    assert!(ws.reviews.iter().any(|r| !r.reply.is_empty()));
}

#[test]
fn qa_relevant_content_occurs() {
    let ws = default_ws();
    let c = &ws.chats;
    let all = || c.threads.iter().flat_map(|t| t.messages.iter());
    let agent_has =
        |words: &[&str]| all().any(|m| m.kind == MsgKind::Agent && words.iter().any(|w| m.text.contains(w)));
    assert!(agent_has(RUDE), "a rude agent line");
    assert!(agent_has(PLATFORM_RISK), "an off-platform line");
    assert!(agent_has(&["绝对正品", "最", "第一", "顶级"]), "an absolute claim");
    assert!(all().any(|m| m.kind == MsgKind::Buyer && ESCALATION.iter().any(|w| m.text.contains(w))));
    assert!(all().any(|m| m.kind == MsgKind::Auto));
    assert!(all().any(|m| matches!(m.kind, MsgKind::Transfer { .. })));
    assert!(all().any(|m| m.kind == MsgKind::System && m.text.contains("离线留言")));
    assert!(all().any(|m| m.kind == MsgKind::System && m.text.starts_with("当前用户来自")));
    assert!(all().any(|m| m.text == "[图片]"));
    assert!(agent_has(&["抱歉", "不好意思", "久等了"]));
    assert!(agent_has(&["评价", "五星"]));
    assert!(agent_has(&["我帮您查一下", "稍等"]));
    // Transfers go from pre-sale to after-sale agents.
    let roles: HashMap<&str, Role> = ws.staff.iter().map(|s| (s.account.as_str(), s.role)).collect();
    for m in all() {
        if let MsgKind::Transfer { to } = m.kind {
            assert_eq!(roles[c.name(m.from)], Role::PreSale);
            assert_eq!(roles[c.name(to)], Role::AfterSale);
        }
    }
    let silence = c.threads.iter().any(|t| {
        t.messages.windows(2).any(|w| {
            w[1].ts.0 - w[0].ts.0 >= 600 && w[1].ts.date() == w[0].ts.date() && w[1].kind == MsgKind::Buyer
        })
    });
    assert!(silence, "a buyer returning after ten minutes of silence");
    let midnight = c.threads.iter().any(|t| {
        t.messages.windows(2).any(|w| w[0].ts.date() != w[1].ts.date() && w[1].ts.0 - w[0].ts.0 < 600)
    });
    assert!(midnight, "a conversation across midnight");
    let later_day = c.threads.iter().any(|t| {
        let first = t.messages[0].ts.date();
        t.messages.iter().any(|m| m.kind == MsgKind::Buyer && (m.ts.date() - first).num_days() >= 2)
    });
    assert!(later_day, "a buyer coming back on a later day");

    // Faults stay rare: the rude agent is rude in a few percent of conversations at most.
    let mut rude_threads: HashMap<&str, usize> = HashMap::new();
    let mut agent_threads: HashMap<&str, usize> = HashMap::new();
    for t in &c.threads {
        let mut seen = HashSet::new();
        for m in t.messages.iter().filter(|m| m.kind == MsgKind::Agent) {
            let who = c.name(m.from);
            if seen.insert(who) {
                *agent_threads.entry(who).or_default() += 1;
            }
            if RUDE.iter().any(|w| m.text.contains(w)) {
                *rude_threads.entry(who).or_default() += 1;
            }
        }
    }
    let (worst, rude) = rude_threads.iter().max_by_key(|(_, n)| **n).map(|(a, n)| (*a, *n)).unwrap();
    let rate = rude as f64 / agent_threads[worst] as f64;
    assert!((0.02..=0.12).contains(&rate), "{worst} rude in {rate}");
    let total_rude: usize = rude_threads.values().sum();
    let total: usize = agent_threads.values().sum();
    assert!((total_rude as f64) < 0.02 * total as f64);
}

#[test]
fn agent_stats_follow_the_data() {
    let ws = default_ws();
    let working: HashSet<(&str, NaiveDate)> = ws
        .attendance
        .iter()
        .filter(|a| a.status.scheduled() && a.status != AttendanceStatus::Absent)
        .map(|a| (a.account.as_deref().unwrap(), a.date))
        .collect();
    assert_eq!(ws.agent_stats.len(), working.len());
    let last = ws.period.to;
    for s in &ws.agent_stats {
        assert_eq!(s.from, s.to);
        assert!(working.contains(&(s.agent.as_str(), s.from)), "{} {}", s.agent, s.from);
        assert_eq!(s.working_days, Some(1));
        let consulted = s.consulted.unwrap();
        assert!(s.received.unwrap() <= consulted);
        assert!(s.enquiries.unwrap() <= consulted);
        if s.from == last {
            assert!(s.conversion.is_none());
        } else if let Some(c) = s.conversion {
            assert!((0.0..=1.0).contains(&c));
            assert!(s.enquiry_paid.unwrap() <= s.enquiries.unwrap());
        }
        if let Some(r) = s.reply_rate {
            assert!((0.0..=1.0).contains(&r));
        }
        if let Some(sat) = s.satisfaction {
            assert!((0.0..=1.0).contains(&sat));
        }
    }
    // The star converts better and answers faster than the slow responder.
    let mean = |nick: &str, f: &dyn Fn(&kefu_core::model::AgentStat) -> Option<f64>| {
        let v: Vec<f64> = ws.agent_stats.iter().filter(|s| s.agent.ends_with(nick)).filter_map(f).collect();
        v.iter().sum::<f64>() / v.len().max(1) as f64
    };
    assert!(mean(":小美", &|s| s.conversion) > mean(":小雅", &|s| s.conversion) + 0.1);
    assert!(mean(":小美", &|s| s.avg_response_secs) * 3.0 < mean(":小雅", &|s| s.avg_response_secs));
    let busy: u32 = ws.agent_stats.iter().filter_map(|s| s.consulted).sum();
    assert!(busy > 5_000);
}

#[test]
fn cancelling_stops_the_generation() {
    let mut calls = 0u64;
    let mut last_total = 0;
    let mut tick = |done: u64, total: u64| {
        calls += 1;
        last_total = total;
        if done >= 4 { Err(Cancelled) } else { Ok(()) }
    };
    let r = generate(&DemoConfig::default(), &mut tick);
    assert!(matches!(r, Err(Cancelled)));
    assert_eq!(calls, 5);
    assert!(last_total >= 28);

    let mut seen = Vec::new();
    let mut record = |done: u64, total: u64| {
        seen.push((done, total));
        Ok(())
    };
    generate(&small(1), &mut record).unwrap();
    assert!(seen.len() >= 7 + 2);
    assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0));
    assert_eq!(seen.last().map(|&(d, t)| d == t), Some(true));
}

/// `cargo test --release -p kefu-core --test demo -- --ignored --nocapture`
#[test]
#[ignore]
fn a_million_messages_timing() {
    let cfg = DemoConfig { messages: Some(1_000_000), ..DemoConfig::default() };
    let t0 = std::time::Instant::now();
    let ws = generate_simple(&cfg);
    let el = t0.elapsed();
    let n = ws.chats.message_count();
    eprintln!(
        "{n} messages, {} threads, {} orders, {} refunds, {} reviews in {el:?}",
        ws.chats.threads.len(),
        ws.orders.len(),
        ws.refunds.len(),
        ws.reviews.len()
    );
    assert!((n as f64 - 1e6).abs() <= 1e5);
}
