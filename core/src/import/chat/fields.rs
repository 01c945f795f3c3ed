//! The fields of the two chat table layouts: the generic chat table
//! ([`Layout::ChatRows`](crate::import::Layout::ChatRows), one message per row) and the
//! `客户ID | 聊天记录` spreadsheet
//! ([`Layout::ChatTranscripts`](crate::import::Layout::ChatTranscripts), one whole transcript
//! per row).
//!
//! Synonyms are written as `clean::normalize_header` leaves a header: lower-case ASCII, no
//! whitespace, half-width punctuation. A synonym appears in one field of a layout only.
//! The index constants (`ROW_*`, `TR_*`) are the positions of the fields in the arrays, and
//! therefore in [`Mapping::columns`](crate::import::Mapping::columns).

use crate::import::schema::{Field, FieldType};

/// Index of `time` in [`CHAT_ROW_FIELDS`].
pub const ROW_TIME: usize = 0;
/// Index of `conversation` in [`CHAT_ROW_FIELDS`].
pub const ROW_CONVERSATION: usize = 1;
/// Index of `sender` in [`CHAT_ROW_FIELDS`].
pub const ROW_SENDER: usize = 2;
/// Index of `role` in [`CHAT_ROW_FIELDS`].
pub const ROW_ROLE: usize = 3;
/// Index of `text` in [`CHAT_ROW_FIELDS`].
pub const ROW_TEXT: usize = 4;
/// Index of `shop` in [`CHAT_ROW_FIELDS`].
pub const ROW_SHOP: usize = 5;
/// Index of `buyer` in [`CHAT_ROW_FIELDS`].
pub const ROW_BUYER: usize = 6;
/// Index of `receiver` in [`CHAT_ROW_FIELDS`].
pub const ROW_RECEIVER: usize = 7;
/// Index of `msg_id` in [`CHAT_ROW_FIELDS`].
pub const ROW_MSG_ID: usize = 8;

/// The generic chat table: `time, conversation, sender, role, text` (as
/// `export::chat::chat_csv` writes it), plus optional shop, buyer, receiver and message id.
pub static CHAT_ROW_FIELDS: [Field; 9] = [
    Field {
        key: "time",
        zh: "时间",
        en: "Time",
        required: true,
        ty: FieldType::DateTime,
        synonyms: &[
            "time",
            "datetime",
            "timestamp",
            "sendtime",
            "senttime",
            "msgtime",
            "messagetime",
            "时间",
            "发送时间",
            "消息时间",
            "聊天时间",
            "日期时间",
            "创建时间",
            "发言时间",
        ],
    },
    Field {
        key: "conversation",
        zh: "会话",
        en: "Conversation",
        required: true,
        ty: FieldType::Text,
        synonyms: &[
            "conversation",
            "conversationid",
            "conversationkey",
            "session",
            "sessionid",
            "chatid",
            "thread",
            "threadid",
            "会话",
            "会话id",
            "会话编号",
            "会话标识",
            "对话id",
            "买家",
            "买家昵称",
            "买家旺旺",
            "顾客",
        ],
    },
    Field {
        key: "sender",
        zh: "发送人",
        en: "Sender",
        required: true,
        ty: FieldType::Text,
        synonyms: &[
            "sender",
            "from",
            "nick",
            "nickname",
            "author",
            "speaker",
            "sendernick",
            "发送人",
            "发送方",
            "发送者",
            "发信人",
            "发言人",
            "昵称",
            "发送人昵称",
        ],
    },
    Field {
        key: "role",
        zh: "角色",
        en: "Role",
        required: true,
        ty: FieldType::Choice,
        synonyms: &[
            "role",
            "senderrole",
            "sendertype",
            "type",
            "kind",
            "角色",
            "身份",
            "类型",
            "发送方类型",
            "发送人角色",
            "发送人身份",
            "消息类型",
        ],
    },
    Field {
        key: "text",
        zh: "内容",
        en: "Text",
        required: true,
        ty: FieldType::Text,
        synonyms: &[
            "text",
            "content",
            "message",
            "msg",
            "body",
            "messagecontent",
            "内容",
            "消息内容",
            "聊天内容",
            "消息",
            "文本",
            "发言内容",
        ],
    },
    Field {
        key: "shop",
        zh: "店铺",
        en: "Shop",
        required: false,
        ty: FieldType::Text,
        synonyms: &["shop", "store", "shopname", "storename", "店铺", "店铺名称", "店铺名", "店名", "商家"],
    },
    Field {
        key: "buyer",
        zh: "买家",
        en: "Buyer",
        required: false,
        ty: FieldType::Text,
        synonyms: &[
            "buyer",
            "buyerid",
            "buyernick",
            "customer",
            "customerid",
            "客户",
            "客户昵称",
            "买家id",
            "买家账号",
            "买家会员名",
        ],
    },
    Field {
        key: "receiver",
        zh: "接收人（客服）",
        en: "Receiver (agent)",
        required: false,
        ty: FieldType::Text,
        synonyms: &[
            "receiver",
            "to",
            "agent",
            "agentnick",
            "staff",
            "接收人",
            "接收方",
            "接收者",
            "客服",
            "客服昵称",
            "客服账号",
            "接待客服",
            "子账号",
        ],
    },
    Field {
        key: "msg_id",
        zh: "消息ID",
        en: "Message ID",
        required: false,
        ty: FieldType::Id,
        synonyms: &["messageid", "msgid", "id", "消息id", "消息编号", "记录id", "聊天记录id"],
    },
];

/// Index of `customer` in [`TRANSCRIPT_FIELDS`].
pub const TR_CUSTOMER: usize = 0;
/// Index of `transcript` in [`TRANSCRIPT_FIELDS`].
pub const TR_TRANSCRIPT: usize = 1;
/// Index of `agent` in [`TRANSCRIPT_FIELDS`].
pub const TR_AGENT: usize = 2;
/// Index of `shop` in [`TRANSCRIPT_FIELDS`].
pub const TR_SHOP: usize = 3;
/// Index of `date` in [`TRANSCRIPT_FIELDS`].
pub const TR_DATE: usize = 4;

/// The `客户ID | 聊天记录` spreadsheet: a buyer and a whole 千牛-like transcript per row, plus
/// optional agent, shop and date (the date lets transcripts whose headers carry only a time,
/// `小美 9:05:03`, be read).
pub static TRANSCRIPT_FIELDS: [Field; 5] = [
    Field {
        key: "customer",
        zh: "客户ID",
        en: "Customer",
        required: true,
        ty: FieldType::Text,
        synonyms: &[
            "客户id",
            "客户",
            "客户昵称",
            "客户名称",
            "买家",
            "买家id",
            "买家昵称",
            "买家旺旺",
            "买家会员名",
            "旺旺",
            "旺旺号",
            "旺旺昵称",
            "顾客",
            "customer",
            "customerid",
            "buyer",
            "buyerid",
            "buyernick",
            "user",
            "userid",
            "nick",
        ],
    },
    Field {
        key: "transcript",
        zh: "聊天记录",
        en: "Transcript",
        required: true,
        ty: FieldType::Text,
        synonyms: &[
            "聊天记录",
            "对话内容",
            "聊天内容",
            "对话记录",
            "会话内容",
            "会话记录",
            "消息记录",
            "聊天详情",
            "transcript",
            "chat",
            "chats",
            "chatlog",
            "chathistory",
            "conversation",
            "messages",
            "dialog",
            "dialogue",
        ],
    },
    Field {
        key: "agent",
        zh: "客服",
        en: "Agent",
        required: false,
        ty: FieldType::Text,
        synonyms: &[
            "客服",
            "客服昵称",
            "客服账号",
            "接待客服",
            "子账号",
            "agent",
            "agentnick",
            "staff",
            "receiver",
        ],
    },
    Field {
        key: "shop",
        zh: "店铺",
        en: "Shop",
        required: false,
        ty: FieldType::Text,
        synonyms: &["店铺", "店铺名称", "店铺名", "店名", "商家", "shop", "store", "shopname", "storename"],
    },
    Field {
        key: "date",
        zh: "日期",
        en: "Date",
        required: false,
        ty: FieldType::Date,
        synonyms: &[
            "日期",
            "聊天日期",
            "咨询日期",
            "会话日期",
            "时间",
            "咨询时间",
            "date",
            "chatdate",
            "day",
            "time",
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::clean::normalize_header;

    fn check(fields: &[Field]) {
        let mut seen = std::collections::HashSet::new();
        for f in fields {
            for s in f.synonyms {
                assert_eq!(normalize_header(s), *s, "{} synonym {s} is not normalised", f.key);
                assert!(seen.insert(*s), "{s} appears twice");
            }
        }
    }

    #[test]
    fn synonyms_are_normalised_and_unique() {
        check(&CHAT_ROW_FIELDS);
        check(&TRANSCRIPT_FIELDS);
        assert_eq!(CHAT_ROW_FIELDS[ROW_TIME].key, "time");
        assert_eq!(CHAT_ROW_FIELDS[ROW_TEXT].key, "text");
        assert_eq!(CHAT_ROW_FIELDS[ROW_MSG_ID].key, "msg_id");
        assert_eq!(TRANSCRIPT_FIELDS[TR_DATE].key, "date");
        // The header our writer uses maps one to one.
        for (i, h) in crate::export::chat::CHAT_CSV_HEADERS.iter().enumerate() {
            assert!(CHAT_ROW_FIELDS[i].synonyms.contains(h));
        }
    }
}
