//! Table layouts: their fields and the header names that mean each field, header-row and
//! layout detection, automatic column mapping, and the header fingerprint that remembered
//! mappings are keyed on.
//!
//! Every synonym is written already normalised by [`clean::normalize_header`] (no spaces,
//! ASCII lower-case, half-width brackets), and is listed in order of preference: when an
//! export has two columns that both mean a field, the earlier synonym wins.
//!
//! # Where the header names come from
//!
//! Taobao/Tmall (all layouts): `../shared/domain.md` §3 and the writers in
//! `export::backoffice`, which imitate the real exports; the newer Tmall order export names
//! (买家实付金额, 商品标题, 交易状态, 总金额(旧版)…) were seen in public import scripts.
//!
//! Confirmed in public code that reads the real exports:
//! - JD (京东) orders: 订单号, 商品ID, 商品名称, 订购数量, 支付方式, 下单时间, 京东价, 订单金额,
//!   结算金额, 余额支付, 应付金额, 订单状态, 订单类型, 下单帐号, 客户姓名, 客户地址, 联系电话,
//!   订单备注, 商家备注, 运费金额, 付款确认时间, 订单完成时间, 订单来源; statuses 等待付款,
//!   未付款, 等待出库, 等待确认收货, 完成, 已取消, and `(删除)…` / `(锁定)…` prefixes.
//! - Pinduoduo (拼多多) orders: 订单成交时间, 商品, 订单号, 订单状态, 商品总价(元), 邮费(元),
//!   店铺优惠折扣(元), 平台优惠折扣(元), 多多支付立减金额(元), 用户实付金额(元),
//!   商家实收金额(元), 商品数量(件), 发货时间, 确认收货时间, 商品id, 商品规格, 样式ID,
//!   商家编码-规格维度, 商家编码-商品维度, 商家备注, 售后状态, 快递单号, 快递公司, 支付时间,
//!   拼单成功时间, 收货人, 手机, 省, 市, 区, 详细地址; statuses 待发货, 已发货，待收货, 已收货,
//!   已取消; 售后状态 无售后或售后取消, 退款成功.
//! - Douyin (抖店) orders: 主订单编号, 子订单编号, 选购商品, 商品ID, 商品数量, 商家编码,
//!   商品单价, 商品金额, 订单应付金额, 运费, 订单提交时间, 订单完成时间, 支付完成时间, 订单状态,
//!   售后状态, 取消原因, 买家留言, 商家备注, 旗帜颜色, 快递信息; statuses 已完成, 备货中, 已发货.
//!
//! Inferred (from the brief, common usage, or the platforms' wording elsewhere; treat as
//! likely, not verified): 抖店 收件人, 收件人手机号, 街道; PDD 街道; the JD/PDD/抖店 refund
//! (售后) exports (售后单号, 售后类型, 售后状态, 申请时间, 退款金额, 售后原因…); JD/PDD review
//! exports (评价内容, 评价时间, 评分/星级…); 生意参谋 per-agent names (旺旺昵称, 有效接待人数,
//! 询单人数, 下单人数, 下单金额, 销售额, 个人销售额占比 — from domain.md, not seen in a file);
//! 钉钉 attendance variants (上班1打卡时间, 打卡结果…); every other synonym that is not a
//! Taobao header listed above.
//!
//! The two chat layouts take their fields from `chat::fields` (the chat importer's lists).

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::{Mapping, clean};
use crate::Lang;
use crate::model::DatasetKind;

/// How a field's text is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldType {
    Text,
    Id,
    Money,
    Int,
    Float,
    Percent,
    DateTime,
    Date,
    Duration,
    YesNo,
    Choice,
}

/// One field of a layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub required: bool,
    pub ty: FieldType,
    /// Header names that mean this field (normalised by `clean::normalize_header`).
    pub synonyms: &'static [&'static str],
}

impl Field {
    /// The field's name in `lang`.
    pub fn label(&self, lang: Lang) -> &'static str {
        lang.pick(self.zh, self.en)
    }
}

/// The kinds of tables the importer knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Layout {
    Orders,
    SubOrders,
    Refunds,
    Reviews,
    AgentStats,
    Staff,
    Attendance,
    /// Generic chat CSV: time, conversation, sender, role, text.
    ChatRows,
    /// Spreadsheet `客户ID | 聊天记录`: one whole transcript per row.
    ChatTranscripts,
}

impl Layout {
    pub const ALL: [Layout; 9] = [
        Layout::Orders,
        Layout::SubOrders,
        Layout::Refunds,
        Layout::Reviews,
        Layout::AgentStats,
        Layout::Staff,
        Layout::Attendance,
        Layout::ChatRows,
        Layout::ChatTranscripts,
    ];

    pub fn kind(self) -> DatasetKind {
        match self {
            Layout::Orders => DatasetKind::Orders,
            Layout::SubOrders => DatasetKind::SubOrders,
            Layout::Refunds => DatasetKind::Refunds,
            Layout::Reviews => DatasetKind::Reviews,
            Layout::AgentStats => DatasetKind::AgentStats,
            Layout::Staff => DatasetKind::Staff,
            Layout::Attendance => DatasetKind::Attendance,
            Layout::ChatRows | Layout::ChatTranscripts => DatasetKind::Chats,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Layout::ChatRows => lang.pick("聊天记录（逐条）", "Chat log (one message per row)"),
            Layout::ChatTranscripts => {
                lang.pick("聊天记录（客户ID | 聊天记录）", "Chat transcripts (customer | transcript)")
            }
            other => other.kind().label(lang),
        }
    }

    /// The fields of the layout, in a fixed order ([`Mapping::columns`] follows it).
    pub fn fields(self) -> &'static [Field] {
        match self {
            Layout::Orders => &orders::FIELDS,
            Layout::SubOrders => &sub_orders::FIELDS,
            Layout::Refunds => &refunds::FIELDS,
            Layout::Reviews => &reviews::FIELDS,
            Layout::AgentStats => &agent_stats::FIELDS,
            Layout::Staff => &staff::FIELDS,
            Layout::Attendance => &attendance::FIELDS,
            Layout::ChatRows => &super::chat::fields::CHAT_ROW_FIELDS,
            Layout::ChatTranscripts => &super::chat::fields::TRANSCRIPT_FIELDS,
        }
    }

    /// Groups of fields of which at least one must have a column (indices into
    /// [`Layout::fields`]). A group of one is a field marked `required`; larger groups are
    /// alternatives (an order needs a paid amount *or* a total).
    pub fn required_groups(self) -> Vec<Vec<usize>> {
        match self {
            Layout::Orders => vec![
                vec![orders::ID],
                vec![orders::CREATED],
                vec![orders::PAID, orders::TOTAL, orders::GOODS],
            ],
            Layout::Reviews => {
                vec![vec![reviews::CREATED], vec![reviews::CONTENT, reviews::RATING, reviews::STARS]]
            }
            Layout::Staff => vec![vec![staff::ACCOUNT, staff::NAME]],
            other => {
                other.fields().iter().enumerate().filter(|(_, f)| f.required).map(|(i, _)| vec![i]).collect()
            }
        }
    }
}

/// Declares one layout's field list as `pub static FIELDS` with a `pub const` index per field.
macro_rules! layout_fields {
    (
        $(#[$meta:meta])*
        $m:ident {
            $( $c:ident = $key:literal, $zh:literal, $en:literal, $req:literal, $ty:ident,
               [$($syn:literal),* $(,)?]; )*
        }
    ) => {
        $(#[$meta])*
        pub mod $m {
            use super::{Field, FieldType};

            #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
            enum Ix { $($c),* }

            $(
                #[doc = $zh]
                pub const $c: usize = Ix::$c as usize;
            )*

            /// The fields, in index order.
            pub static FIELDS: [Field; [$(Ix::$c),*].len()] = [
                $( Field {
                    key: $key,
                    zh: $zh,
                    en: $en,
                    required: $req,
                    ty: FieldType::$ty,
                    synonyms: &[$($syn),*],
                } ),*
            ];
        }
    };
}

layout_fields! {
    /// 订单报表 (Taobao/Tmall), JD 订单, PDD 订单, 抖店 订单. Either a paid amount, a total or
    /// the goods amount is needed besides `ID` and `CREATED`.
    orders {
        ID = "id", "订单编号", "Order ID", true, Id,
            ["订单编号", "订单号", "主订单编号", "订单id", "交易编号", "订单编码"];
        SHOP = "shop", "店铺名称", "Shop", false, Text, ["店铺名称", "店铺", "店铺名", "所属店铺"];
        BUYER = "buyer", "买家会员名", "Buyer", false, Text,
            ["买家会员名", "买家昵称", "买家账号", "买家会员号", "下单帐号", "下单账号", "买家id", "买家"];
        CREATED = "created", "订单创建时间", "Created", true, DateTime,
            ["订单创建时间", "创建时间", "下单时间", "订单提交时间", "订单成交时间", "拼单成功时间", "订单时间", "成交时间"];
        PAID_AT = "paid_at", "订单付款时间", "Paid at", false, DateTime,
            ["订单付款时间", "付款时间", "付款确认时间", "支付时间", "支付完成时间", "买家付款时间", "订单支付时间"];
        STATUS = "status", "订单状态", "Status", false, Choice, ["订单状态", "交易状态"];
        GOODS = "goods", "买家应付货款", "Goods amount", false, Money,
            ["买家应付货款", "商品总价(元)", "商品总价", "商品金额", "商品总金额", "货款金额", "货款"];
        POSTAGE = "postage", "买家应付邮费", "Postage", false, Money,
            ["买家应付邮费", "邮费(元)", "邮费", "运费", "运费金额", "运费(元)"];
        TOTAL = "total", "总金额", "Total", false, Money,
            ["总金额", "订单金额", "订单总金额", "订单金额(元)", "订单总额", "总金额(旧版)"];
        PAID = "paid", "买家实际支付金额", "Paid", false, Money,
            ["买家实际支付金额", "买家实付金额", "实付金额", "用户实付金额(元)", "用户实付金额", "应付金额",
             "订单应付金额", "实收款", "支付金额", "实付款", "商家实收金额(元)"];
        REFUNDED = "refunded", "退款金额", "Refunded", false, Money,
            ["退款金额", "退款金额(元)", "已退款金额", "订单退款金额"];
        ITEMS = "items", "宝贝总数量", "Items", false, Int,
            ["宝贝总数量", "商品数量", "商品数量(件)", "订购数量", "商品总数量", "数量", "件数"];
        KINDS = "kinds", "宝贝种类", "Kinds of goods", false, Int, ["宝贝种类", "商品种类", "商品种类数"];
        TITLE = "title", "宝贝标题", "Title", false, Text,
            ["宝贝标题", "商品标题", "商品名称", "选购商品", "商品", "商品信息"];
        RECEIVER = "receiver", "收货人姓名", "Receiver", false, Text,
            ["收货人姓名", "收货人", "收件人", "收件人姓名", "客户姓名", "收货人名称"];
        PHONE = "phone", "联系手机", "Mobile", false, Id,
            ["联系手机", "手机", "手机号", "手机号码", "收件人手机号", "收件人手机", "收货人手机", "收货人手机号", "收货人电话"];
        LANDLINE = "landline", "联系电话", "Phone", false, Id, ["联系电话", "电话", "固定电话", "收件人电话"];
        ADDRESS = "address", "收货地址", "Address", false, Text,
            ["收货地址", "客户地址", "收件地址", "收货人地址", "收件人地址", "地址"];
        PROVINCE = "province", "省", "Province", false, Text, ["省", "省份", "收货省份", "收件省"];
        CITY = "city", "市", "City", false, Text, ["市", "城市", "收货城市"];
        DISTRICT = "district", "区", "District", false, Text, ["区", "区县", "县/区", "区/县"];
        STREET = "street", "街道", "Street", false, Text, ["街道", "镇/街道", "乡镇/街道"];
        ADDRESS_DETAIL = "address_detail", "详细地址", "Address details", false, Text,
            ["详细地址", "收货详细地址", "收件人详细地址"];
        BUYER_NOTE = "buyer_note", "买家留言", "Buyer note", false, Text, ["买家留言", "买家备注", "主订单买家留言", "留言"];
        SELLER_NOTE = "seller_note", "订单备注", "Seller note", false, Text, ["商家备注", "卖家备注", "订单备注"];
        CLOSE_REASON = "close_reason", "订单关闭原因", "Close reason", false, Text,
            ["订单关闭原因", "关闭原因", "取消原因", "订单取消原因"];
        CARRIER = "carrier", "物流公司", "Carrier", false, Text, ["物流公司", "快递公司", "承运公司"];
        TRACKING_NO = "tracking_no", "物流单号", "Tracking number", false, Id,
            ["物流单号", "快递单号", "运单号", "运单号码"];
    }
}

layout_fields! {
    /// 宝贝报表 (Taobao/Tmall sub-orders), and line-level exports with a sub-order id.
    sub_orders {
        ID = "id", "子订单编号", "Line ID", true, Id, ["子订单编号", "子订单号", "子订单id", "订单明细编号"];
        ORDER_ID = "order_id", "主订单编号", "Order ID", true, Id,
            ["主订单编号", "订单编号", "订单号", "主订单号", "父订单编号"];
        TITLE = "title", "标题", "Title", false, Text, ["标题", "商品标题", "宝贝标题", "商品名称", "选购商品", "商品"];
        PRICE = "price", "价格", "Unit price", false, Money,
            ["价格", "商品价格", "单价", "商品单价", "商品单价(元)", "京东价"];
        QTY = "qty", "购买数量", "Quantity", false, Int, ["购买数量", "商品数量", "数量", "订购数量", "商品数量(件)"];
        SKU = "sku", "商品属性", "SKU", false, Text, ["商品属性", "商品规格", "规格", "sku", "销售属性", "规格名称"];
        PACKAGE = "package", "套餐信息", "Package", false, Text, ["套餐信息", "套餐"];
        STATUS = "status", "订单状态", "Status", false, Choice, ["订单状态", "交易状态"];
        MERCHANT_CODE = "merchant_code", "商家编码", "Merchant code", false, Text,
            ["商家编码", "商家编码-规格维度", "商家编码-sku维度", "商品编码", "货号", "外部系统编号"];
        PAID = "paid", "买家实际支付金额", "Paid", false, Money,
            ["买家实际支付金额", "买家实付金额", "实付金额", "用户实付金额(元)", "订单应付金额", "应付金额", "支付金额", "商品实付金额"];
        REFUND_STATE = "refund_state", "退款状态", "Refund state", false, Choice, ["退款状态", "售后状态"];
        REFUNDED = "refunded", "退款金额", "Refunded", false, Money, ["退款金额", "退款金额(元)", "已退款金额"];
        CREATED = "created", "订单创建时间", "Created", false, DateTime,
            ["订单创建时间", "创建时间", "下单时间", "订单提交时间", "订单成交时间"];
        PAID_AT = "paid_at", "订单付款时间", "Paid at", false, DateTime,
            ["订单付款时间", "付款时间", "付款确认时间", "支付时间", "支付完成时间"];
    }
}

layout_fields! {
    /// 退款报表 (Taobao/Tmall), and the 售后 exports of JD, PDD and 抖店.
    refunds {
        ID = "id", "退款编号", "Refund ID", true, Id,
            ["退款编号", "退款单号", "退款id", "售后单号", "售后编号", "售后单编号", "服务单号", "退款单编号"];
        ORDER_ID = "order_id", "订单编号", "Order ID", true, Id, ["订单编号", "订单号", "主订单编号", "订单id"];
        BUYER = "buyer", "买家会员名", "Buyer", false, Text, ["买家会员名", "买家昵称", "买家账号"];
        SHOP = "shop", "店铺名称", "Shop", false, Text, ["店铺名称", "店铺"];
        ORDER_PAID_AT = "order_paid_at", "订单付款时间", "Order paid at", false, DateTime,
            ["订单付款时间", "付款时间", "支付时间", "订单支付时间"];
        APPLIED = "applied", "退款的申请时间", "Applied", true, DateTime,
            ["退款的申请时间", "退款申请时间", "申请时间", "售后申请时间", "申请退款时间"];
        FINISHED = "finished", "退款完结时间", "Finished", false, DateTime,
            ["退款完结时间", "退款完成时间", "完结时间", "退款成功时间", "售后完成时间", "退款时间"];
        PAID = "paid", "买家实际支付金额", "Paid", false, Money,
            ["买家实际支付金额", "买家实付金额", "实付金额", "用户实付金额(元)", "订单实付金额", "订单金额"];
        TITLE = "title", "宝贝标题", "Title", false, Text, ["宝贝标题", "商品标题", "商品名称", "商品"];
        AMOUNT = "amount", "买家退款金额", "Refund amount", true, Money,
            ["买家退款金额", "退款金额", "退款金额(元)", "申请退款金额", "实际退款金额"];
        STATUS = "status", "退款状态", "Refund status", true, Choice, ["退款状态", "售后状态", "退款单状态"];
        GOODS_STATE = "goods_state", "货物状态", "Goods state", false, Text, ["货物状态", "收货状态", "发货状态"];
        RETURN_REQUIRED = "return_required", "是否需要退货", "Return required", false, YesNo,
            ["是否需要退货", "需要退货", "是否退货"];
        KIND = "kind", "售后类型", "Refund type", false, Choice, ["售后类型", "退款类型", "退款方式", "服务类型"];
        RULING = "ruling", "客服介入状态", "Platform ruling", false, Choice,
            ["客服介入状态", "小二介入状态", "平台介入状态", "介入状态", "是否介入"];
        REASON = "reason", "买家退款原因", "Reason", false, Text,
            ["买家退款原因", "退款原因", "售后原因", "申请原因", "退款理由"];
        DESCRIPTION = "description", "买家退款说明", "Description", false, Text,
            ["买家退款说明", "退款说明", "问题描述", "退款描述", "申请描述"];
        RESPONSIBLE = "responsible", "责任方", "Responsible party", false, Text, ["责任方", "责任判定"];
        PHASE = "phase", "售中或售后", "Phase", false, Choice, ["售中或售后", "售中/售后", "退款阶段"];
        FULL = "full", "部分退款/全部退款", "Full refund", false, Choice,
            ["部分退款/全部退款", "全部退款/部分退款", "是否全额退款", "退款范围"];
        OPERATOR = "operator", "退款操作人", "Operator", false, Text,
            ["退款操作人", "操作人", "处理人", "售后客服", "退款处理人"];
    }
}

layout_fields! {
    /// Reviews: the plug-in CSV, and the review exports of the platforms. A review needs its
    /// time and a content, a 好评/中评/差评 result or a star score.
    reviews {
        ORDER_ID = "order_id", "订单编号", "Order ID", false, Id, ["订单编号", "订单号", "订单id", "主订单编号"];
        BUYER = "buyer", "用户昵称", "Buyer", false, Text,
            ["用户昵称", "买家会员名", "买家昵称", "评价人", "会员名", "用户名", "买家"];
        SHOP = "shop", "店铺名称", "Shop", false, Text, ["店铺名称", "店铺"];
        RATING = "rating", "评价结果", "Rating", false, Choice, ["评价结果", "评价类型", "评价等级", "好中差评", "评价级别"];
        STARS = "stars", "评分", "Stars", false, Int,
            ["评分", "星级", "评价星级", "商品评分", "评价分数", "商品评价星级", "总体评分"];
        CREATED = "created", "评价时间", "Reviewed at", true, DateTime,
            ["评价时间", "日期", "评论时间", "评价日期", "评论日期", "创建时间", "首评时间"];
        CONTENT = "content", "评论内容", "Content", false, Text,
            ["评论内容", "评价内容", "初评内容", "首评内容", "评价详情", "评论"];
        FOLLOW_UP = "follow_up", "追加评论", "Follow-up", false, Text, ["追加评论", "追评", "追评内容", "追加评价", "追加评论内容"];
        REPLY = "reply", "商家回复", "Reply", false, Text,
            ["商家回复", "解释", "商家解释", "回复内容", "卖家回复", "掌柜回复", "商家回复内容"];
        SKU = "sku", "SKU", "SKU", false, Text, ["sku", "商品属性", "商品规格", "规格", "购买规格"];
        DSR_DESCRIPTION = "dsr_description", "描述相符", "Matches description", false, Int,
            ["描述相符", "宝贝与描述相符", "描述相符评分", "商品描述评分"];
        DSR_SERVICE = "dsr_service", "服务态度", "Service", false, Int,
            ["服务态度", "卖家的服务态度", "服务态度评分", "卖家服务评分"];
        DSR_LOGISTICS = "dsr_logistics", "物流服务", "Logistics", false, Int,
            ["物流服务", "物流服务的质量", "物流服务评分", "物流评分"];
    }
}

layout_fields! {
    /// 客服接待数据 (赤兔) and the 生意参谋 per-agent table. `ORDERED` and `SALES_SHARE` are
    /// checked but not kept: the model has no field for them.
    agent_stats {
        DATE = "date", "日期", "Date", false, Date, ["日期", "统计日期", "时间", "日期范围", "统计时间"];
        AGENT = "agent", "客服昵称", "Agent", true, Text,
            ["客服昵称", "旺旺昵称", "客服", "客服账号", "子账号", "客服名称", "客服旺旺", "旺旺"];
        CONSULTED = "consulted", "咨询人数", "Consulted", false, Int, ["咨询人数"];
        RECEIVED = "received", "接待人数", "Received", false, Int, ["接待人数", "有效接待人数", "接待客户数"];
        ENQUIRIES = "enquiries", "询单人数", "Enquiries", false, Int, ["询单人数"];
        ENQUIRY_PAID = "enquiry_paid", "询单->最终付款人数", "Enquiries that paid", false, Int,
            ["询单->最终付款人数", "询单->付款人数", "询单付款人数", "最终付款人数"];
        ORDERED = "ordered", "下单人数", "Buyers who ordered", false, Int, ["下单人数", "询单->最终下单人数", "询单->下单人数"];
        CONVERSION = "conversion", "询单->最终付款成功率", "Conversion", false, Percent,
            ["询单->最终付款成功率", "询单转化率", "询单->最终付款转化率", "询单->付款成功率", "询单->付款转化率"];
        SALES = "sales", "销售额", "Sales", false, Money, ["销售额", "客服销售额", "下单金额", "个人销售额", "销售金额"];
        SALES_SHARE = "sales_share", "个人销售额占比", "Share of sales", false, Percent,
            ["个人销售额占比", "客服销售占比", "销售额占比"];
        AVG_ORDER_VALUE = "avg_order_value", "客单价", "Average order value", false, Money, ["客单价"];
        ITEMS_PER_BUYER = "items_per_buyer", "客件数", "Items per buyer", false, Float, ["客件数"];
        AVG_ITEM_PRICE = "avg_item_price", "件均价", "Average item price", false, Money, ["件均价"];
        REPLY_RATE = "reply_rate", "回复率", "Reply rate", false, Percent, ["回复率"];
        AVG_RESPONSE_SECS = "avg_response_secs", "平均响应(秒)", "Average response (s)", false, Duration,
            ["平均响应(秒)", "平均响应时间", "平均响应", "平均响应时长", "平均响应时间(秒)"];
        FIRST_RESPONSE_SECS = "first_response_secs", "首次响应时间", "First response (s)", false, Duration,
            ["首次响应时间", "首次响应(秒)", "平均首次响应时间", "首响时间", "首次响应时长", "首次响应时间(秒)"];
        AVG_SESSION_SECS = "avg_session_secs", "平均接待时长", "Average session (s)", false, Duration,
            ["平均接待时长", "平均接待时长(秒)", "平均会话时长"];
        ANSWER_RATIO = "answer_ratio", "客服答问比", "Answer ratio", false, Float, ["客服答问比", "答问比"];
        SLOW_RESPONSES = "slow_responses", "慢响应人数", "Slow responses", false, Int, ["慢响应人数", "慢响应次数", "慢响应"];
        WORKING_DAYS = "working_days", "上班天数", "Working days", false, Int, ["上班天数", "出勤天数"];
        SATISFACTION = "satisfaction", "客户满意率", "Satisfaction", false, Percent,
            ["客户满意率", "满意率", "客户满意度", "满意度"];
        RATING_VERY_GOOD = "rating_very_good", "服务满意度评价很满意", "Rated very satisfied", false, Int,
            ["服务满意度评价很满意", "很满意"];
        RATING_GOOD = "rating_good", "服务满意度评价满意", "Rated satisfied", false, Int, ["服务满意度评价满意", "满意"];
        RATING_NEUTRAL = "rating_neutral", "服务满意度评价一般", "Rated so-so", false, Int, ["服务满意度评价一般", "一般"];
        RATING_BAD = "rating_bad", "服务满意度评价不满", "Rated unsatisfied", false, Int,
            ["服务满意度评价不满", "不满", "不满意"];
        RATING_VERY_BAD = "rating_very_bad", "服务满意度评价很不满", "Rated very unsatisfied", false, Int,
            ["服务满意度评价很不满", "很不满", "很不满意"];
    }
}

layout_fields! {
    /// 客服名单, the supervisor's own sheet. A row needs an account or a name.
    staff {
        ACCOUNT = "account", "客服账号", "Sub-account", false, Text,
            ["客服账号", "子账号", "账号", "客服子账号", "旺旺账号", "子账号名称"];
        NAME = "name", "姓名", "Name", false, Text, ["姓名", "真实姓名", "员工姓名", "名字"];
        SHOP = "shop", "店铺", "Shop", false, Text, ["店铺", "店铺名称", "所属店铺"];
        ROLE = "role", "岗位", "Role", false, Choice, ["岗位", "角色", "职位", "岗位类型", "客服类型"];
        SKILLS = "skills", "技能", "Skills", false, Text, ["技能", "可接岗位", "技能组", "兼岗"];
        LEVEL = "level", "级别", "Level", false, Text, ["级别", "等级", "职级", "客服等级"];
        HIRED = "hired", "入职日期", "Hired", false, Date, ["入职日期", "入职时间"];
        WEEKLY_HOURS = "weekly_hours", "每周工时", "Hours per week", false, Int,
            ["每周工时", "周工时", "每周工作时长", "每周工时(小时)", "工时"];
        NIGHTS_OK = "nights_ok", "可上夜班", "Night shifts", false, YesNo, ["可上夜班", "夜班", "能否上夜班", "可夜班", "接受夜班"];
        PHONE = "phone", "手机", "Phone", false, Id, ["手机", "手机号", "手机号码", "联系电话", "电话"];
        ACTIVE = "active", "在职", "Active", false, YesNo, ["在职", "是否在职", "在职状态", "状态"];
        TEAM = "team", "班组", "Team", false, Text, ["班组", "组别", "小组", "所属组", "所属班组", "团队", "客服组"];
    }
}

layout_fields! {
    /// 考勤 (钉钉/企业微信 daily records). 钉钉's 每日统计 gives a result per clock
    /// (上班1打卡结果, 下班1打卡结果) and the schedule only in the 班次 name.
    attendance {
        NAME = "name", "姓名", "Name", true, Text, ["姓名", "员工姓名", "名字"];
        ACCOUNT = "account", "客服账号", "Sub-account", false, Text, ["客服账号", "子账号", "账号"];
        DATE = "date", "日期", "Date", true, Date, ["日期", "考勤日期", "工作日期"];
        SHIFT = "shift", "班次", "Shift", false, Text, ["班次", "班次名称", "排班", "考勤组班次"];
        START = "start", "上班时间", "Scheduled start", false, DateTime,
            ["上班时间", "应上班时间", "计划上班时间", "班次开始时间"];
        END = "end", "下班时间", "Scheduled end", false, DateTime, ["下班时间", "应下班时间", "计划下班时间", "班次结束时间"];
        CLOCK_IN = "clock_in", "上班打卡", "Clock-in", false, DateTime,
            ["上班打卡", "上班打卡时间", "上班1打卡时间", "签到时间", "实际上班时间", "上班1打卡"];
        CLOCK_OUT = "clock_out", "下班打卡", "Clock-out", false, DateTime,
            ["下班打卡", "下班打卡时间", "下班1打卡时间", "签退时间", "实际下班时间", "下班1打卡"];
        STATUS = "status", "考勤结果", "Result", false, Choice,
            ["考勤结果", "出勤状态", "考勤状态", "打卡结果", "上班1打卡结果", "上班打卡结果"];
        STATUS_OUT = "status_out", "下班打卡结果", "Clock-out result", false, Choice, ["下班1打卡结果", "下班打卡结果"];
        LATE_MINUTES = "late_minutes", "迟到分钟", "Minutes late", false, Int,
            ["迟到分钟", "迟到时长(分钟)", "迟到时长", "迟到分钟数"];
        EARLY_MINUTES = "early_minutes", "早退分钟", "Minutes left early", false, Int,
            ["早退分钟", "早退时长(分钟)", "早退时长", "早退分钟数"];
        NOTE = "note", "备注", "Note", false, Text, ["备注", "审批单", "说明", "关联的审批单"];
    }
}

/// What [`detect`] concluded about the first rows of a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderGuess {
    /// Index in the rows given of the header row.
    pub row: usize,
    /// The best layout.
    pub layout: Layout,
    pub score: u32,
    /// Every layout that matched at least two columns of that row, with its score, best first
    /// (the chosen layout included).
    pub candidates: Vec<(Layout, u32)>,
    /// The best layout has a column for every required field and clearly beats the runner-up.
    pub confident: bool,
}

/// Rows looked at for the header.
pub const HEADER_SCAN_ROWS: usize = 64;

/// A stable 64-bit fingerprint of a header: FNV-1a over the normalised headers joined with
/// U+001F. The same export gives the same fingerprint on every run and platform, so a
/// remembered [`Mapping`] keeps working.
pub fn fingerprint(header: &[String]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h = OFFSET;
    let mut eat = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(PRIME);
    };
    for (i, cell) in header.iter().enumerate() {
        if i > 0 {
            eat(0x1f);
        }
        for b in clean::normalize_header(cell).bytes() {
            eat(b);
        }
    }
    h
}

/// The normalised header of one row, indexed for synonym look-ups.
struct HeaderIndex {
    columns: usize,
    /// Normalised header → columns with exactly that header.
    exact: HashMap<String, Vec<usize>>,
    /// For headers with a bracketed tail (`订单付款时间(北京时间)`, `买家实际支付金额(元)`)
    /// or a leading `*`: the header without them → columns.
    stripped: HashMap<String, Vec<usize>>,
}

impl HeaderIndex {
    fn new<S: AsRef<str>>(header: &[S]) -> HeaderIndex {
        let mut exact: HashMap<String, Vec<usize>> = HashMap::with_capacity(header.len());
        let mut stripped: HashMap<String, Vec<usize>> = HashMap::new();
        for (c, h) in header.iter().enumerate() {
            let n = clean::normalize_header(h.as_ref());
            if n.is_empty() {
                continue;
            }
            let base = strip_decorations(&n);
            if base != n && base.chars().count() >= 2 {
                stripped.entry(base.to_owned()).or_default().push(c);
            }
            exact.entry(n).or_default().push(c);
        }
        HeaderIndex { columns: header.len(), exact, stripped }
    }

    fn matched_cells(&self) -> usize {
        self.exact.values().map(Vec::len).sum()
    }
}

/// `*订单编号` → `订单编号`; `订单付款时间(北京时间)` → `订单付款时间`.
fn strip_decorations(n: &str) -> &str {
    let n = n.trim_start_matches('*');
    match n.find(['(', '[', '【', '<', '《']) {
        Some(i) if i > 0 => &n[..i],
        _ => n,
    }
}

/// One field's column: where, through which synonym, and whether exactly.
#[derive(Clone, Copy)]
struct Hit {
    column: usize,
    synonym: &'static str,
    exact: bool,
}

/// Maps `fields` onto the indexed header: exact matches first (by synonym preference), then
/// headers with a bracketed tail; a column feeds at most one field.
fn map_fields(fields: &'static [Field], idx: &HeaderIndex) -> Vec<Option<Hit>> {
    let mut used = vec![false; idx.columns];
    let mut out: Vec<Option<Hit>> = vec![None; fields.len()];
    for (table, exact) in [(&idx.exact, true), (&idx.stripped, false)] {
        if table.is_empty() {
            continue;
        }
        for (i, f) in fields.iter().enumerate() {
            if out[i].is_some() {
                continue;
            }
            'syn: for &s in f.synonyms {
                if let Some(cols) = table.get(s) {
                    for &c in cols {
                        if !used[c] {
                            used[c] = true;
                            out[i] = Some(Hit { column: c, synonym: s, exact });
                            break 'syn;
                        }
                    }
                }
            }
        }
    }
    out
}

/// The mapping of `layout` onto `header`: each field to the first column whose normalised
/// header is one of its synonyms (the earliest synonym wins when several columns match), then
/// to a column whose header is a synonym followed by a bracketed note (`订单付款时间 (北京时间)`).
/// A column feeds at most one field.
pub fn auto_mapping(layout: Layout, header: &[String]) -> Mapping {
    let idx = HeaderIndex::new(header);
    let columns = map_fields(layout.fields(), &idx).into_iter().map(|h| h.map(|h| h.column)).collect();
    Mapping { layout, fingerprint: fingerprint(header), columns }
}

/// The first field of every required group that has no column in `mapping` (for an order
/// with neither a paid amount nor a total: the paid amount).
pub fn missing_required(layout: Layout, mapping: &Mapping) -> Vec<&'static Field> {
    let fields = layout.fields();
    let mapped = |i: usize| mapping.columns.get(i).copied().flatten().is_some();
    layout
        .required_groups()
        .into_iter()
        .filter(|g| !g.iter().any(|&i| mapped(i)))
        .filter_map(|g| g.first().and_then(|&i| fields.get(i)))
        .collect()
}

/// For each normalised synonym, the layouts (bit per [`Layout::ALL`] index) that use it.
fn synonym_owners() -> &'static HashMap<&'static str, u16> {
    static OWNERS: OnceLock<HashMap<&'static str, u16>> = OnceLock::new();
    OWNERS.get_or_init(|| {
        let mut m: HashMap<&'static str, u16> = HashMap::new();
        for (li, l) in Layout::ALL.iter().enumerate() {
            for f in l.fields() {
                for &s in f.synonyms {
                    *m.entry(s).or_default() |= 1 << li;
                }
            }
        }
        m
    })
}

/// Score of `layout` on one header row, the number of fields matched, and whether every
/// required group has a column. A field in a required group weighs 3, any other 1; a column
/// matched exactly through a synonym no other layout uses (宝贝标题 is not one: refunds have it
/// too; 买家应付邮费 is) weighs 2 more.
fn score(layout: Layout, idx: &HeaderIndex) -> (u32, usize, bool) {
    let li = Layout::ALL.iter().position(|&l| l == layout).unwrap_or(0);
    let hits = map_fields(layout.fields(), idx);
    let groups = layout.required_groups();
    let owners = synonym_owners();
    let mut score = 0u32;
    let mut matched = 0usize;
    for (i, h) in hits.iter().enumerate() {
        let Some(h) = h else { continue };
        matched += 1;
        score += if groups.iter().any(|g| g.contains(&i)) { 3 } else { 1 };
        if h.exact && owners.get(h.synonym).is_some_and(|&o| o == 1 << li) {
            score += 2;
        }
    }
    let complete = groups.iter().all(|g| g.iter().any(|&i| hits.get(i).is_some_and(Option::is_some)));
    (score, matched, complete)
}

/// Finds the header row among the first [`HEADER_SCAN_ROWS`] rows (exports may put a title
/// line or blank lines before it) and the layout it belongs to: the row where some layout
/// scores highest (the earliest on ties), needing at least two matched columns. `None` when
/// no row matches any layout that well.
///
/// The guess is `confident` when the best layout has a column for every required field and
/// scores at least one and a half times the runner-up.
pub fn detect(rows: &[Vec<String>]) -> Option<HeaderGuess> {
    /// A layout's score on a row, and whether its required fields all have columns.
    type Scored = (Layout, u32, bool);
    let mut best: Option<(usize, Vec<Scored>)> = None;
    for (r, row) in rows.iter().take(HEADER_SCAN_ROWS).enumerate() {
        if row.iter().filter(|c| !c.trim().is_empty()).count() < 2 {
            continue;
        }
        let idx = HeaderIndex::new(row);
        if idx.matched_cells() < 2 {
            continue;
        }
        let mut scores: Vec<Scored> = Layout::ALL
            .iter()
            .filter_map(|&l| {
                let (s, matched, complete) = score(l, &idx);
                (matched >= 2).then_some((l, s, complete))
            })
            .collect();
        if scores.is_empty() {
            continue;
        }
        scores.sort_by_key(|s| std::cmp::Reverse(s.1));
        let top = scores[0].1;
        if best.as_ref().is_none_or(|(_, s)| top > s[0].1) {
            best = Some((r, scores));
        }
    }
    let (row, scores) = best?;
    let (layout, score, complete) = scores[0];
    let runner_up = scores.get(1).map_or(0, |s| s.1);
    let confident = complete && u64::from(score) * 2 >= u64::from(runner_up) * 3 && score > runner_up;
    Some(HeaderGuess {
        row,
        layout,
        score,
        candidates: scores.iter().map(|&(l, s, _)| (l, s)).collect(),
        confident,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn every_field_list_is_well_formed() {
        for layout in Layout::ALL {
            let fields = layout.fields();
            for (i, f) in fields.iter().enumerate() {
                assert!(!f.synonyms.is_empty() || fields.is_empty(), "{layout:?}.{} has no synonyms", f.key);
                assert!(fields[..i].iter().all(|g| g.key != f.key), "{layout:?}: key {} twice", f.key);
                for s in f.synonyms {
                    assert_eq!(clean::normalize_header(s), *s, "{layout:?}.{}: {s} is not normalised", f.key);
                    for g in &fields[..i] {
                        assert!(
                            !g.synonyms.contains(s),
                            "{layout:?}: {s} means both {} and {}",
                            g.key,
                            f.key
                        );
                    }
                }
                for (j, s) in f.synonyms.iter().enumerate() {
                    assert!(!f.synonyms[..j].contains(s), "{layout:?}.{}: {s} twice", f.key);
                }
            }
        }
    }

    #[test]
    fn indices_follow_the_lists() {
        assert_eq!(orders::FIELDS[orders::TRACKING_NO].key, "tracking_no");
        assert_eq!(agent_stats::FIELDS[agent_stats::RATING_VERY_BAD].key, "rating_very_bad");
        assert_eq!(agent_stats::RATING_VERY_BAD - agent_stats::RATING_VERY_GOOD, 4);
        assert_eq!(attendance::FIELDS[attendance::NOTE].key, "note");
    }

    #[test]
    fn fingerprint_is_fnv1a_over_normalised_headers() {
        // FNV-1a 64 of "a\u{1f}b".
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in "a\u{1f}b".bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100_0000_01b3);
        }
        assert_eq!(fingerprint(&header(&["A ", " b"])), h);
        assert_eq!(fingerprint(&header(&[])), 0xcbf2_9ce4_8422_2325);
        assert_ne!(fingerprint(&header(&["a", "b"])), fingerprint(&header(&["b", "a"])));
    }

    #[test]
    fn mapping_prefers_earlier_synonyms_and_bracketed_tails() {
        let h = header(&["订单备注", "订单号", "商家备注", "订单付款时间 (北京时间)", "下单时间"]);
        let m = auto_mapping(Layout::Orders, &h);
        assert_eq!(m.columns[orders::SELLER_NOTE], Some(2));
        assert_eq!(m.columns[orders::ID], Some(1));
        assert_eq!(m.columns[orders::PAID_AT], Some(3));
        assert_eq!(m.columns[orders::CREATED], Some(4));
        assert_eq!(m.columns.len(), orders::FIELDS.len());
        let missing: Vec<&str> = missing_required(Layout::Orders, &m).iter().map(|f| f.key).collect();
        assert_eq!(missing, ["paid"]);
    }
}
