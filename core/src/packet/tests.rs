//! Unit tests of the packet formats (the workspace-level tests are in `core/tests/packet.rs`).

use super::*;

#[test]
fn share_files_are_told_by_their_extension() {
    assert_eq!(ShareFile::of_name("绩效包_小美_2026-11-22.kefupack"), Some(ShareFile::Packet));
    assert_eq!(ShareFile::of_name("回执.KEFUREPLY"), Some(ShareFile::Reply));
    assert_eq!(ShareFile::of_name("chats.csv"), None);
    assert_eq!(ShareFile::of_name("kefupack"), None);
}

#[test]
fn file_names_use_the_nick_and_the_day() {
    let p = AgentPacket {
        agent: "棉语旗舰店:小美".into(),
        made: "2026-11-22 10:30:00".into(),
        ..Default::default()
    };
    assert_eq!(p.file_name(), "绩效包_小美_2026-11-22.kefupack");
    let r = make_reply(&p, Vec::new(), false, "2026-11-23 08:00:00");
    assert_eq!(r.file_name(), "回执_小美_2026-11-23.kefureply");
    assert_eq!(safe_file_part("a/b:c"), "a_b_c");
}

#[test]
fn ids_are_stable_and_separate_their_parts() {
    assert_eq!(fnv_hex(&["a", "b"]), fnv_hex(&["a", "b"]));
    assert_ne!(fnv_hex(&["ab", ""]), fnv_hex(&["a", "b"]));
    assert_eq!(fnv_hex(&["x"]).len(), 16);
}

#[test]
fn dispute_reasons_round_trip_by_key_and_read_in_both_languages() {
    for r in DisputeReason::ALL {
        assert_eq!(DisputeReason::from_key(r.key()), Some(r));
        assert!(!r.label(Lang::Zh).is_empty() && r.label(Lang::En).is_ascii());
    }
    let d =
        ReplyDispute { review: "x".into(), reason: DisputeReason::Misjudged, comment: " 没问题 ".into() };
    assert_eq!(d.text(), "误判（规则不适用）：没问题");
}

#[test]
fn errors_say_what_to_do() {
    let e = PacketError::WrongKind { file: "a.csv".into(), expected: "绩效包".into() };
    assert!(e.localize(Lang::Zh).contains(".kefupack"));
    assert!(PacketError::NeedsPassphrase { file: "f".into() }.localize(Lang::En).contains("passphrase"));
    assert!(PacketError::Empty.localize(Lang::Zh).contains("示例数据"));
}

#[test]
fn the_all_agents_zip_holds_every_file_unchanged() {
    let files = vec![("a.kefupack".to_owned(), b"one".to_vec()), ("b.kefupack".to_owned(), b"two".to_vec())];
    let zip = packets_zip(&files);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    assert_eq!(archive.len(), 2);
    let mut body = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("b.kefupack").unwrap(), &mut body).unwrap();
    assert_eq!(body, "two");
}
