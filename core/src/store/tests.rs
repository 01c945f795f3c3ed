//! Store tests: opening (fresh, migrated, damaged, newer), dataset records, and the backup
//! round trip including hostile and truncated files.

use std::io::Write;

use proptest::prelude::*;

use super::*;
use crate::jobs::{JobError, no_tick};
use crate::model::*;
use crate::{Money, Ts};

fn order(i: u64, paid: i64) -> Order {
    Order {
        id: format!("{:019}", 1_930_679_858_170_647u64 + i),
        shop: "棉语旗舰店".into(),
        buyer: format!("tb_买家{i}"),
        created: Ts(1_790_000_000 + i as i64 * 37),
        paid_at: (paid > 0).then_some(Ts(1_790_000_100 + i as i64 * 37)),
        status: if paid > 0 { OrderStatus::Completed } else { OrderStatus::AwaitingPayment },
        goods: Money(paid),
        postage: Money::ZERO,
        total: Money(paid),
        paid: Money(paid),
        refunded: Money::ZERO,
        items: 1,
        kinds: 1,
        title: "纯棉长袖T恤 女 \"宽松\" =HYPERLINK(\"x\")".into(),
        receiver: Some("王美玲".into()),
        phone: Some("13812345678".into()),
        address: Some("浙江省杭州市西湖区文三路90号".into()),
        buyer_note: String::new(),
        seller_note: String::new(),
        close_reason: String::new(),
        carrier: String::new(),
        tracking_no: String::new(),
    }
}

fn chats() -> ChatLog {
    let mut log = ChatLog::default();
    let buyer = log.intern("tb_小鱼儿88");
    let agent = log.intern("棉语旗舰店:小美");
    let other = log.intern("棉语旗舰店:阿杰");
    log.threads.push(ChatThread {
        shop: "棉语旗舰店".into(),
        buyer,
        messages: vec![
            ChatMessage {
                ts: Ts(100),
                from: buyer,
                kind: MsgKind::Buyer,
                text: "在吗？<script>alert(1)</script>".into(),
            },
            ChatMessage { ts: Ts(110), from: agent, kind: MsgKind::Auto, text: "亲，欢迎光临~".into() },
            ChatMessage { ts: Ts(130), from: agent, kind: MsgKind::Agent, text: "您好，在的".into() },
            ChatMessage {
                ts: Ts(140),
                from: agent,
                kind: MsgKind::Transfer { to: other },
                text: String::new(),
            },
        ],
    });
    log
}

fn dataset(id: &str, data: DatasetData) -> Dataset {
    let meta = DatasetMeta {
        id: id.into(),
        kind: data.kind(),
        label: format!("test {id}"),
        origin: Origin::Import {
            files: vec![SourceFile {
                name: "订单报表.csv".into(),
                bytes: 1234,
                encoding: Some("GBK".into()),
            }],
        },
        rows: data.rows(),
        period: data.period(),
        masked: true,
        added: "2026-11-22 10:00:00".into(),
        choices: Default::default(),
    };
    Dataset { meta, data }
}

fn workspace() -> Vec<Dataset> {
    vec![
        dataset("x", DatasetData::Orders((0..5).map(|i| order(i, 12_850 + i as i64)).collect())),
        dataset("y", DatasetData::Chats(chats())),
        dataset("z", DatasetData::Staff(Vec::new())),
    ]
}

fn keys(records: &[(String, Vec<u8>)]) -> Vec<String> {
    records.iter().map(|(k, _)| k.clone()).collect()
}

#[test]
fn datasets_round_trip_through_their_stored_form() {
    for d in workspace() {
        let bytes = encode_dataset(&d);
        assert_eq!(schema_of(&bytes), Some(SCHEMA));
        assert_eq!(decode_dataset(&d.meta.id, &bytes).unwrap(), d);
    }
}

#[test]
fn chat_messages_are_stored_as_arrays_and_the_older_objects_still_read() {
    let d = workspace().into_iter().find(|d| matches!(d.data, DatasetData::Chats(_))).unwrap();
    let bytes = encode_dataset(&d);
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.contains(r#""messages":[["#) && !text.contains(r#""text":"#), "{text}");
    // The same record as written before messages became arrays.
    let mut v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    for t in v.pointer_mut("/data/Chats/threads").and_then(|t| t.as_array_mut()).unwrap() {
        for m in t["messages"].as_array_mut().unwrap() {
            let a = m.as_array().unwrap().clone();
            *m = serde_json::json!({ "ts": a[0], "from": a[1], "kind": a[2], "text": a[3] });
        }
    }
    let old = serde_json::to_vec(&v).unwrap();
    assert!(String::from_utf8_lossy(&old).contains(r#""text":"#));
    assert_eq!(decode_dataset(&d.meta.id, &old).unwrap(), d);
}

#[test]
fn a_record_under_the_wrong_key_is_corrupt() {
    let d = &workspace()[0];
    let err = decode_dataset("ds-99", &encode_dataset(d)).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
}

#[test]
fn replace_all_numbers_datasets_in_order() {
    let (m, records) = replace_all(workspace());
    assert_eq!(keys(&records), ["ds-1", "ds-2", "ds-3"]);
    assert_eq!(m.next_id, 4);
    assert_eq!(m.datasets.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), ["ds-1", "ds-2", "ds-3"]);
    assert_eq!(m.total_rows(), 5 + 4);
}

#[test]
fn a_fresh_browser_opens_empty_and_writes_a_manifest() {
    let plan = plan_open(None, &[]);
    assert_eq!(plan.manifest, Manifest::empty());
    assert!(plan.write_manifest);
    assert!(plan.quarantine.is_empty() && plan.notices.is_empty());
}

#[test]
fn a_healthy_store_opens_without_writes() {
    let (m, records) = replace_all(workspace());
    let plan = plan_open(Some(&encode_manifest(&m)), &keys(&records));
    assert_eq!(plan.manifest, m);
    assert!(!plan.write_manifest);
    assert!(plan.quarantine.is_empty() && plan.notices.is_empty());
}

#[test]
fn a_newer_store_is_kept_aside_whole() {
    let (m, records) = replace_all(workspace());
    let mut doc: serde_json::Value = serde_json::from_slice(&encode_manifest(&m)).unwrap();
    doc["schema"] = (SCHEMA + 1).into();
    let plan = plan_open(Some(&serde_json::to_vec(&doc).unwrap()), &keys(&records));
    assert_eq!(plan.manifest, Manifest::empty());
    assert!(plan.write_manifest);
    assert_eq!(plan.quarantine.len(), 1 + records.len());
    assert!(plan.quarantine.contains(&(STORE_META.into(), MANIFEST_KEY.into())));
    assert!(matches!(
        &plan.notices[..],
        [OpenNotice::KeptAside { error: StoreError::Newer { found, .. }, .. }] if *found == SCHEMA + 1
    ));
}

#[test]
fn a_damaged_manifest_is_kept_aside_not_dropped() {
    let plan = plan_open(Some(b"{\"schema\":1,\"datasets\":[{\"id\":"), &["ds-1".to_owned()]);
    assert_eq!(plan.quarantine.len(), 2);
    assert!(matches!(&plan.notices[..], [OpenNotice::KeptAside { error: StoreError::Corrupt { .. }, .. }]));
}

#[test]
fn missing_and_unlisted_records_are_reported() {
    let (m, _) = replace_all(workspace());
    let present = vec!["ds-1".to_owned(), "ds-3".to_owned(), "ds-9".to_owned()];
    let plan = plan_open(Some(&encode_manifest(&m)), &present);
    assert!(plan.write_manifest);
    assert_eq!(plan.manifest.datasets.len(), 2);
    assert_eq!(plan.quarantine, vec![(STORE_DATASETS.to_owned(), "ds-9".to_owned())]);
    assert!(plan.notices.iter().any(|n| matches!(n, OpenNotice::Missing { id, .. } if id == "ds-2")));
}

#[test]
fn every_notice_and_error_reads_in_both_languages() {
    use crate::lang::Localize;
    let notices = [
        OpenNotice::Migrated { from: 1, to: 2 },
        OpenNotice::Missing { id: "ds-1".into(), label: "订单".into() },
        OpenNotice::KeptAside {
            key: "manifest".into(),
            error: StoreError::Newer { what: "manifest".into(), found: 3, supported: 1 },
        },
    ];
    for n in notices {
        let (zh, en) = (n.localize(crate::Lang::Zh), n.localize(crate::Lang::En));
        assert!(!zh.is_empty() && !en.is_empty() && zh != en);
    }
}

type Records = Vec<(String, Vec<u8>)>;

fn backup_of(datasets: Vec<Dataset>, settings: &Settings) -> (Manifest, Records, Vec<u8>) {
    let (m, records) = replace_all(datasets);
    let zip = write_backup(
        "2026-11-22 10:30:05",
        &settings.encode(),
        &m,
        records.iter().map(|(k, b)| (k.as_str(), b.as_slice())),
        &[(WorkArea::Qa, encode_work(WorkArea::Qa, &serde_json::json!({"reviews": [{"score": 92}]})))],
        &mut no_tick(),
    )
    .unwrap();
    (m, records, zip)
}

#[test]
fn backups_round_trip_exactly() {
    let settings = Settings { lang: crate::Lang::En, ..Settings::default() };
    let (m, records, zip) = backup_of(workspace(), &settings);
    let plan = read_backup("备份.zip", &zip, &mut no_tick()).unwrap();
    assert_eq!(plan.manifest, m);
    assert_eq!(plan.records, records, "record bytes come back unchanged");
    assert_eq!(Settings::decode(&plan.settings_json).unwrap(), settings);
    assert_eq!(plan.header.created, "2026-11-22 10:30:05");
    // Packing the restored workspace again gives the same file.
    let again = write_backup(
        "2026-11-22 10:30:05",
        &plan.settings_json,
        &plan.manifest,
        plan.records.iter().map(|(k, b)| (k.as_str(), b.as_slice())),
        &plan.work,
        &mut no_tick(),
    )
    .unwrap();
    assert_eq!(again, zip);
    assert_eq!(plan.work.len(), 1, "the QA work document travels with the backup");
    let body: serde_json::Value = decode_work(WorkArea::Qa, &plan.work[0].1).unwrap();
    assert_eq!(body["reviews"][0]["score"], 92);
}

#[test]
fn backups_with_a_bad_work_document_are_refused() {
    let (m, records) = replace_all(workspace());
    let settings = Settings::default();
    for bad in
        [&b"{oops"[..], br#"{"schema":99,"area":"qa","body":{}}"#, br#"{"schema":1,"area":"kpi","body":{}}"#]
    {
        let zip = write_backup(
            "2026-11-22 10:30:05",
            &settings.encode(),
            &m,
            records.iter().map(|(k, b)| (k.as_str(), b.as_slice())),
            &[(WorkArea::Qa, bad.to_vec())],
            &mut no_tick(),
        )
        .unwrap();
        let err = read_backup("b.zip", &zip, &mut no_tick()).unwrap_err();
        assert!(
            matches!(err, JobError::Store(StoreError::Corrupt { .. } | StoreError::Newer { .. })),
            "{err:?}"
        );
    }
}

fn not_a_backup(bytes: &[u8]) -> bool {
    matches!(read_backup("x.zip", bytes, &mut no_tick()), Err(JobError::Store(StoreError::NotABackup { .. })))
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        z.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap().into_inner()
}

#[test]
fn files_that_are_not_backups_are_refused() {
    assert!(not_a_backup(b""));
    assert!(not_a_backup(b"\x00\x01garbage"));
    assert!(not_a_backup("订单编号,买家会员名\n1,a\n".as_bytes()));
    assert!(not_a_backup(&zip_of(&[("readme.txt", b"hello")])));
    assert!(not_a_backup(&zip_of(&[(
        "kefu-backup.json",
        b"{\"format\":\"other\",\"schema\":1,\"created\":\"\",\"app_version\":\"\",\"datasets\":0}"
    )])));
    assert!(not_a_backup(&zip_of(&[("kefu-backup.json", b"not json")])));
}

#[test]
fn a_truncated_backup_is_refused() {
    let (_, _, zip) = backup_of(workspace(), &Settings::default());
    for cut in [10, zip.len() / 2, zip.len() - 30] {
        assert!(read_backup("x.zip", &zip[..cut], &mut no_tick()).is_err(), "cut at {cut}");
    }
}

#[test]
fn a_backup_from_a_newer_version_is_refused() {
    let header = format!(
        "{{\"format\":\"{BACKUP_FORMAT}\",\"schema\":{},\"created\":\"\",\"app_version\":\"9\",\"datasets\":0}}",
        SCHEMA + 1
    );
    let err = read_backup("new.zip", &zip_of(&[("kefu-backup.json", header.as_bytes())]), &mut no_tick())
        .unwrap_err();
    assert!(matches!(err, JobError::Store(StoreError::Newer { .. })), "{err:?}");
}

/// Rebuilds a backup with one entry replaced (or removed when `with` is `None`).
fn tamper(zip: &[u8], name: &str, with: Option<&[u8]>) -> Vec<u8> {
    let mut a = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut entries = Vec::new();
    for i in 0..a.len() {
        let mut f = a.by_index(i).unwrap();
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut b).unwrap();
        entries.push((f.name().unwrap().to_string(), b));
    }
    let kept: Vec<(String, Vec<u8>)> = entries
        .into_iter()
        .filter_map(|(n, b)| if n == name { with.map(|w| (n, w.to_vec())) } else { Some((n, b)) })
        .collect();
    zip_of(&kept.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect::<Vec<_>>())
}

#[test]
fn a_backup_missing_a_dataset_is_incomplete() {
    let (_, _, zip) = backup_of(workspace(), &Settings::default());
    let err = read_backup("x.zip", &tamper(&zip, "datasets/ds-2.json", None), &mut no_tick()).unwrap_err();
    assert!(
        matches!(err, JobError::Store(StoreError::BackupIncomplete { ref missing, .. }) if missing == "datasets/ds-2.json"),
        "{err:?}"
    );
}

#[test]
fn a_tampered_dataset_is_refused() {
    let (_, records, zip) = backup_of(workspace(), &Settings::default());
    // Drop one order from the record while the manifest still counts five.
    let mut d = decode_dataset("ds-1", &records[0].1).unwrap();
    if let DatasetData::Orders(o) = &mut d.data {
        o.pop();
    }
    let bad = tamper(&zip, "datasets/ds-1.json", Some(&encode_dataset(&d)));
    assert!(matches!(
        read_backup("x.zip", &bad, &mut no_tick()),
        Err(JobError::Store(StoreError::Corrupt { .. }))
    ));
    let bad = tamper(&zip, "datasets/ds-1.json", Some(b"{\"schema\":1,"));
    assert!(matches!(
        read_backup("x.zip", &bad, &mut no_tick()),
        Err(JobError::Store(StoreError::Corrupt { .. }))
    ));
}

#[test]
fn restoring_can_be_cancelled() {
    let (_, _, zip) = backup_of(workspace(), &Settings::default());
    let mut stop = |_: u64, _: u64| Err(crate::jobs::Cancelled);
    assert_eq!(read_backup("x.zip", &zip, &mut stop).unwrap_err(), JobError::Cancelled);
}

#[test]
fn kept_aside_records_pack_with_an_index() {
    let zip = pack_kept_aside(&[("2026-11-22 meta/manifest".into(), b"{\"schema\":7}".to_vec())]);
    let mut a = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    assert!(a.by_name("kept-aside/001.bin").is_ok());
    let mut idx = String::new();
    std::io::Read::read_to_string(&mut a.by_name("kept-aside/index.json").unwrap(), &mut idx).unwrap();
    assert!(idx.contains("meta/manifest"));
}

fn arb_order() -> impl Strategy<Value = Order> {
    (any::<u32>(), 0i64..10_000_000, "[\\p{Han}a-z0-9 =+@,\"\\n]{0,12}", proptest::option::of("[0-9]{11}"))
        .prop_map(|(i, paid, title, phone)| Order { title, phone, ..order(u64::from(i), paid) })
}

fn arb_chats() -> impl Strategy<Value = ChatLog> {
    proptest::collection::vec(("[\\p{Han}a-z?!。，\\n]{0,20}", 0u8..5, 0i64..1_000_000), 0..30).prop_map(
        |msgs| {
            let mut log = chats();
            for (text, k, ts) in msgs {
                let kind = match k {
                    0 => MsgKind::Buyer,
                    1 => MsgKind::Agent,
                    2 => MsgKind::Auto,
                    3 => MsgKind::System,
                    _ => MsgKind::Transfer { to: 2 },
                };
                log.threads[0].messages.push(ChatMessage { ts: Ts(ts), from: 1, kind, text });
            }
            log
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn any_workspace_survives_backup_and_restore(
        orders in proptest::collection::vec(arb_order(), 0..20),
        log in arb_chats(),
        lang_en in any::<bool>(),
    ) {
        let settings = Settings { lang: if lang_en { crate::Lang::En } else { crate::Lang::Zh }, ..Settings::default() };
        let ws = vec![dataset("a", DatasetData::Orders(orders)), dataset("b", DatasetData::Chats(log))];
        let (m, _, zip) = backup_of(ws.clone(), &settings);
        let plan = read_backup("p.zip", &zip, &mut no_tick()).unwrap();
        prop_assert_eq!(&plan.manifest, &m);
        let back: Vec<Dataset> = plan.records.iter().map(|(k, b)| decode_dataset(k, b).unwrap()).collect();
        for (a, b) in ws.iter().zip(&back) {
            prop_assert_eq!(&a.data, &b.data);
        }
        prop_assert_eq!(Settings::decode(&plan.settings_json).unwrap(), settings);
    }
}

#[test]
fn protected_backups_carry_the_audit_log_and_refuse_a_wrong_passphrase_or_a_changed_byte() {
    let (m, records) = replace_all(workspace());
    let log = crate::audit::AuditLog {
        entries: vec![crate::audit::AuditEntry {
            at: "2026-11-22 10:30:05".into(),
            zh: "复核".into(),
            ..Default::default()
        }],
    };
    let zip = write_full_backup(
        "2026-11-22 10:30:05",
        &Settings::default().encode(),
        &m,
        records.iter().map(|(k, b)| (k.as_str(), b.as_slice())),
        &[],
        Some(&log.encode()),
        &mut no_tick(),
    )
    .unwrap();
    let random: [u8; SEAL_RANDOM_LEN] = std::array::from_fn(|i| (i as u8).wrapping_mul(7));
    let sealed = seal_backup(&zip, "正确 口令", &random).unwrap();
    assert!(is_sealed(&sealed));
    assert!(!sealed.windows(4).any(|w| w == b"PK\x03\x04"), "nothing of the zip shows through");
    // A plain backup passes through; a sealed one needs its passphrase.
    assert_eq!(unseal_backup("a.zip", &zip, None).unwrap().as_ref(), zip.as_slice());
    let need = unseal_backup("b.kefubak", &sealed, None).unwrap_err();
    assert_eq!(need, StoreError::NeedsPassphrase { file: "b.kefubak".into() });
    assert!(need.localize(crate::Lang::Zh).contains("口令"));
    let wrong = unseal_backup("b.kefubak", &sealed, Some("错误口令")).unwrap_err();
    assert!(matches!(wrong, StoreError::Seal(SealError::WrongPassphraseOrTampered { .. })), "{wrong:?}");
    assert!(wrong.localize(crate::Lang::Zh).contains("工作区未改变"));
    let mut flipped = sealed.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x10;
    assert!(matches!(
        unseal_backup("b.kefubak", &flipped, Some("正确 口令")),
        Err(StoreError::Seal(SealError::WrongPassphraseOrTampered { .. }))
    ));
    let opened = unseal_backup("b.kefubak", &sealed, Some("正确 口令")).unwrap();
    assert_eq!(opened.as_ref(), zip.as_slice());
    let plan = read_backup("b.kefubak", &opened, &mut no_tick()).unwrap();
    assert_eq!(plan.records, records);
    assert_eq!(plan.audit.as_deref(), Some(log.encode().as_slice()), "the audit log travels byte for byte");
    // An old backup without a log restores without one.
    let (_, _, old) = backup_of(workspace(), &Settings::default());
    assert_eq!(read_backup("old.zip", &old, &mut no_tick()).unwrap().audit, None);
}
