//! Natural keys, and merging datasets without double counting.
//!
//! Re-importing an export that overlaps what the workspace already holds must not count
//! anything twice. Every record has a natural key — the order id, the refund id, an agent and
//! a period, a message's (shop, buyer, time, sender, kind, text) — hashed to 64 bits.
//! [`remove_known`] drops records whose key was seen before (in the workspace or earlier in the
//! same import) and [`merge`] concatenates datasets of one kind.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::model::{
    AgentStat, Attendance, ChatLog, ChatMessage, ChatThread, DatasetData, DatasetKind, MsgKind, NameId,
    Order, Refund, Review, Staff, SubOrder, Workspace,
};

/// A record's natural key, hashed. `DefaultHasher::new()` uses fixed keys, so keys are stable
/// within a build; they are never stored.
pub type Key = u64;

fn key<T: Hash + ?Sized>(kind: u8, v: &T) -> Key {
    let mut h = DefaultHasher::new();
    kind.hash(&mut h);
    v.hash(&mut h);
    h.finish()
}

fn msg_key(log: &ChatLog, t: &ChatThread, m: &ChatMessage) -> Key {
    let kind = match m.kind {
        MsgKind::Buyer => 0u8,
        MsgKind::Agent => 1,
        MsgKind::Auto => 2,
        MsgKind::System => 3,
        MsgKind::Transfer { .. } => 4,
    };
    let to = match m.kind {
        MsgKind::Transfer { to } => log.name(to),
        _ => "",
    };
    key(0, &(&t.shop, log.name(t.buyer), m.ts, log.name(m.from), kind, to, &m.text))
}

/// Every key of a dataset, in record order.
pub fn keys(data: &DatasetData) -> Vec<Key> {
    match data {
        DatasetData::Chats(log) => chat_keys(log),
        DatasetData::Orders(v) => order_keys(v),
        DatasetData::SubOrders(v) => sub_order_keys(v),
        DatasetData::Refunds(v) => refund_keys(v),
        DatasetData::Reviews(v) => review_keys(v),
        DatasetData::AgentStats(v) => stat_keys(v),
        DatasetData::Staff(v) => staff_keys(v),
        DatasetData::Attendance(v) => attendance_keys(v),
    }
}

/// Every key of one kind of record a merged workspace holds: the same keys, as a set, as
/// [`keys`] gives over the stored datasets of that kind (merging only concatenates).
pub fn workspace_keys(ws: &Workspace, kind: DatasetKind) -> Vec<Key> {
    match kind {
        DatasetKind::Chats => chat_keys(&ws.chats),
        DatasetKind::Orders => order_keys(&ws.orders),
        DatasetKind::SubOrders => sub_order_keys(&ws.sub_orders),
        DatasetKind::Refunds => refund_keys(&ws.refunds),
        DatasetKind::Reviews => review_keys(&ws.reviews),
        DatasetKind::AgentStats => stat_keys(&ws.agent_stats),
        DatasetKind::Staff => staff_keys(&ws.staff),
        DatasetKind::Attendance => attendance_keys(&ws.attendance),
    }
}

fn chat_keys(log: &ChatLog) -> Vec<Key> {
    log.threads.iter().flat_map(|t| t.messages.iter().map(move |m| msg_key(log, t, m))).collect()
}

fn order_keys(v: &[Order]) -> Vec<Key> {
    v.iter().map(|o| key(1, &o.id)).collect()
}

fn sub_order_keys(v: &[SubOrder]) -> Vec<Key> {
    v.iter().map(|o| key(2, &o.id)).collect()
}

fn refund_keys(v: &[Refund]) -> Vec<Key> {
    v.iter().map(|r| key(3, &r.id)).collect()
}

fn review_keys(v: &[Review]) -> Vec<Key> {
    v.iter().map(|r| key(4, &(&r.order_id, &r.buyer, r.created, &r.content))).collect()
}

fn stat_keys(v: &[AgentStat]) -> Vec<Key> {
    v.iter().map(|s| key(5, &(&s.agent, s.from, s.to))).collect()
}

fn staff_keys(v: &[Staff]) -> Vec<Key> {
    v.iter().map(|s| key(6, if s.account.is_empty() { &s.name } else { &s.account })).collect()
}

fn attendance_keys(v: &[Attendance]) -> Vec<Key> {
    v.iter().map(|a| key(7, &(&a.name, a.date))).collect()
}

/// Removes from `data` every record whose key is in `known`, and adds the keys it keeps to
/// `known` (so duplicates within `data` go too). Returns how many records were removed.
pub fn remove_known(data: &mut DatasetData, known: &mut HashSet<Key>) -> u64 {
    let before = data.rows();
    match &mut *data {
        DatasetData::Chats(log) => {
            let keys_per_thread: Vec<Vec<Key>> =
                log.threads.iter().map(|t| t.messages.iter().map(|m| msg_key(log, t, m)).collect()).collect();
            for (t, ks) in log.threads.iter_mut().zip(keys_per_thread) {
                let mut it = ks.into_iter();
                t.messages.retain(|_| it.next().is_some_and(|k| known.insert(k)));
            }
            log.threads.retain(|t| !t.messages.is_empty());
            if log.message_count() as u64 != before {
                compact_names(log);
            }
        }
        other => {
            let mask: Vec<bool> = keys(other).into_iter().map(|k| known.insert(k)).collect();
            match other {
                DatasetData::Orders(v) => retain_mask(v, &mask),
                DatasetData::SubOrders(v) => retain_mask(v, &mask),
                DatasetData::Refunds(v) => retain_mask(v, &mask),
                DatasetData::Reviews(v) => retain_mask(v, &mask),
                DatasetData::AgentStats(v) => retain_mask(v, &mask),
                DatasetData::Staff(v) => retain_mask(v, &mask),
                DatasetData::Attendance(v) => retain_mask(v, &mask),
                DatasetData::Chats(_) => unreachable!("handled above"),
            }
        }
    }
    before - data.rows()
}

fn retain_mask<T>(v: &mut Vec<T>, keep: &[bool]) {
    let mut it = keep.iter();
    v.retain(|_| it.next().copied().unwrap_or(false));
}

/// Drops names no thread or message refers to any more, renumbering the rest in order.
fn compact_names(log: &mut ChatLog) {
    let mut used = vec![false; log.names.len()];
    let mut mark = |id: NameId| {
        if let Some(u) = used.get_mut(id as usize) {
            *u = true;
        }
    };
    for t in &log.threads {
        mark(t.buyer);
        for m in &t.messages {
            mark(m.from);
            if let MsgKind::Transfer { to } = m.kind {
                mark(to);
            }
        }
    }
    if used.iter().all(|u| *u) {
        return;
    }
    let mut remap = vec![0 as NameId; log.names.len()];
    let mut names = Vec::with_capacity(log.names.len());
    for (i, name) in std::mem::take(&mut log.names).into_iter().enumerate() {
        if used[i] {
            remap[i] = names.len() as NameId;
            names.push(name);
        }
    }
    log.names = names;
    let re = |id: NameId| remap.get(id as usize).copied().unwrap_or(0);
    for t in &mut log.threads {
        t.buyer = re(t.buyer);
        for m in &mut t.messages {
            m.from = re(m.from);
            if let MsgKind::Transfer { to } = &mut m.kind {
                *to = re(*to);
            }
        }
    }
}

/// Appends `other` to `into` (same kind; a different kind is returned as `Err`). Chat logs are
/// merged thread by thread: a buyer's messages from several files end up in one thread, in
/// time order.
pub fn merge(into: &mut DatasetData, other: DatasetData) -> Result<(), DatasetData> {
    match (into, other) {
        (DatasetData::Chats(a), DatasetData::Chats(b)) => merge_chats(a, b),
        (DatasetData::Orders(a), DatasetData::Orders(b)) => a.extend(b),
        (DatasetData::SubOrders(a), DatasetData::SubOrders(b)) => a.extend(b),
        (DatasetData::Refunds(a), DatasetData::Refunds(b)) => a.extend(b),
        (DatasetData::Reviews(a), DatasetData::Reviews(b)) => a.extend(b),
        (DatasetData::AgentStats(a), DatasetData::AgentStats(b)) => a.extend(b),
        (DatasetData::Staff(a), DatasetData::Staff(b)) => a.extend(b),
        (DatasetData::Attendance(a), DatasetData::Attendance(b)) => a.extend(b),
        (_, other) => return Err(other),
    }
    Ok(())
}

fn merge_chats(a: &mut ChatLog, b: ChatLog) {
    let mut ids: HashMap<String, NameId> =
        a.names.iter().enumerate().map(|(i, n)| (n.clone(), i as NameId)).collect();
    let mut map = Vec::with_capacity(b.names.len());
    for name in b.names {
        let id = *ids.entry(name.clone()).or_insert_with(|| {
            a.names.push(name);
            (a.names.len() - 1) as NameId
        });
        map.push(id);
    }
    let re = |id: NameId| map.get(id as usize).copied().unwrap_or(0);
    let mut threads: HashMap<(String, NameId), usize> =
        a.threads.iter().enumerate().map(|(i, t)| ((t.shop.clone(), t.buyer), i)).collect();
    let mut touched = HashSet::new();
    for mut t in b.threads {
        t.buyer = re(t.buyer);
        for m in &mut t.messages {
            m.from = re(m.from);
            if let MsgKind::Transfer { to } = &mut m.kind {
                *to = re(*to);
            }
        }
        match threads.get(&(t.shop.clone(), t.buyer)) {
            Some(&i) => {
                a.threads[i].messages.extend(t.messages);
                touched.insert(i);
            }
            None => {
                threads.insert((t.shop.clone(), t.buyer), a.threads.len());
                a.threads.push(t);
            }
        }
    }
    for i in touched {
        a.threads[i].messages.sort_by_key(|m| m.ts);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Ts;
    use crate::demo::{DemoConfig, generate_simple};

    fn demo() -> crate::demo::DemoWorkspace {
        generate_simple(&DemoConfig { days: 3, agents: 12, ..DemoConfig::default() })
    }

    #[test]
    fn a_merged_workspace_has_the_keys_of_its_datasets() {
        // Each kind stored as two datasets (chats and orders split in halves), then merged as
        // the worker's cache merges them.
        let mut split = Vec::new();
        for d in demo().into_datasets("2026-11-22 10:00:00", false) {
            let mut data = d.data;
            let second = match &mut data {
                DatasetData::Orders(v) => DatasetData::Orders(v.split_off(v.len() / 2)),
                DatasetData::Chats(log) => {
                    let mut rest = log.clone();
                    rest.threads = log.threads.split_off(log.threads.len() / 2);
                    DatasetData::Chats(rest)
                }
                other => other.clone(),
            };
            split.push(data);
            split.push(second);
        }
        let set = |keys: Vec<Key>| keys.into_iter().collect::<HashSet<_>>();
        for kind in DatasetKind::ALL {
            let of_kind = || split.iter().filter(|d| d.kind() == kind);
            let want = set(of_kind().flat_map(keys).collect());
            let merged = Workspace::from_data(of_kind().cloned());
            assert_eq!(set(workspace_keys(&merged, kind)), want, "{kind:?}");
            if matches!(kind, DatasetKind::Chats | DatasetKind::Orders) {
                assert!(want.len() > 100, "{kind:?}: {}", want.len());
            }
        }
        assert!(workspace_keys(&Workspace::default(), DatasetKind::Chats).is_empty());
    }

    #[test]
    fn reimporting_the_same_rows_adds_nothing() {
        let ws = demo();
        for data in [
            DatasetData::Orders(ws.orders.clone()),
            DatasetData::SubOrders(ws.sub_orders.clone()),
            DatasetData::Refunds(ws.refunds.clone()),
            DatasetData::Reviews(ws.reviews.clone()),
            DatasetData::AgentStats(ws.agent_stats.clone()),
            DatasetData::Staff(ws.staff.clone()),
            DatasetData::Attendance(ws.attendance.clone()),
            DatasetData::Chats(ws.chats.clone()),
        ] {
            let mut known = HashSet::new();
            let mut first = data.clone();
            assert_eq!(remove_known(&mut first, &mut known), 0, "{:?}: no duplicates inside", data.kind());
            assert_eq!(first, data);
            let mut again = data.clone();
            assert_eq!(remove_known(&mut again, &mut known), data.rows());
            assert_eq!(again.rows(), 0);
        }
    }

    #[test]
    fn overlapping_chat_imports_keep_only_new_messages() {
        let ws = demo();
        let log = ws.chats;
        let total = log.message_count() as u64;
        // Split each thread in half by time: the first import has the first two thirds, the
        // second import the last two thirds.
        let part = |from: f64, to: f64| {
            let mut l = log.clone();
            for t in &mut l.threads {
                let n = t.messages.len() as f64;
                let (a, b) = ((n * from) as usize, (n * to).ceil() as usize);
                t.messages = t.messages[a..b.min(t.messages.len())].to_vec();
            }
            l.threads.retain(|t| !t.messages.is_empty());
            DatasetData::Chats(l)
        };
        let mut known = HashSet::new();
        let mut a = part(0.0, 0.67);
        remove_known(&mut a, &mut known);
        let mut b = part(0.33, 1.0);
        let dropped = remove_known(&mut b, &mut known);
        assert!(dropped > 0);
        merge(&mut a, b).unwrap();
        assert_eq!(a.rows(), total, "every message once");
        let DatasetData::Chats(merged) = a else { unreachable!() };
        for t in &merged.threads {
            assert!(t.messages.windows(2).all(|w| w[0].ts <= w[1].ts), "thread sorted after merge");
        }
        assert_eq!(merged.threads.len(), log.threads.len());
    }

    #[test]
    fn merge_refuses_different_kinds() {
        let mut a = DatasetData::Orders(Vec::new());
        assert!(merge(&mut a, DatasetData::Refunds(Vec::new())).is_err());
    }

    #[test]
    fn compacting_keeps_names_consistent() {
        let mut log = ChatLog::default();
        let b1 = log.intern("buyer1");
        let a = log.intern("店:小美");
        let b2 = log.intern("buyer2");
        let c = log.intern("店:阿杰");
        let msg = |from, text: &str| ChatMessage { ts: Ts(1), from, kind: MsgKind::Buyer, text: text.into() };
        log.threads.push(ChatThread { shop: "店".into(), buyer: b1, messages: vec![msg(b1, "x")] });
        log.threads.push(ChatThread {
            shop: "店".into(),
            buyer: b2,
            messages: vec![
                msg(b2, "y"),
                ChatMessage { ts: Ts(2), from: a, kind: MsgKind::Transfer { to: c }, text: String::new() },
            ],
        });
        let mut data = DatasetData::Chats(log);
        let mut known: HashSet<Key> = keys(&data).into_iter().take(1).collect();
        assert_eq!(remove_known(&mut data, &mut known), 1);
        let DatasetData::Chats(log) = data else { unreachable!() };
        assert_eq!(log.names, ["店:小美", "buyer2", "店:阿杰"]);
        let t = &log.threads[0];
        assert_eq!(log.name(t.buyer), "buyer2");
        assert_eq!(log.name(t.messages[1].from), "店:小美");
        assert!(matches!(t.messages[1].kind, MsgKind::Transfer { to } if log.name(to) == "店:阿杰"));
    }
}
