//! Orders (订单报表) and sub-orders (宝贝报表).

use serde::{Deserialize, Serialize};

use crate::{Lang, Money, Ts};

/// 订单状态.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrderStatus {
    /// 等待买家付款
    AwaitingPayment,
    /// 买家已付款，等待卖家发货
    AwaitingShipment,
    /// 卖家已发货，等待买家确认
    Shipped,
    /// 交易成功
    Completed,
    /// 交易关闭 (unpaid and timed out, or fully refunded)
    Closed,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 5] = [
        OrderStatus::AwaitingPayment,
        OrderStatus::AwaitingShipment,
        OrderStatus::Shipped,
        OrderStatus::Completed,
        OrderStatus::Closed,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        use OrderStatus::*;
        match self {
            AwaitingPayment => lang.pick("等待买家付款", "Awaiting payment"),
            AwaitingShipment => lang.pick("买家已付款，等待卖家发货", "Paid, awaiting shipment"),
            Shipped => lang.pick("卖家已发货，等待买家确认", "Shipped"),
            Completed => lang.pick("交易成功", "Completed"),
            Closed => lang.pick("交易关闭", "Closed"),
        }
    }
}

/// Refund state of a sub-order (退款状态).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RefundState {
    /// 没有申请退款 / 无退款申请
    #[default]
    None,
    /// 退款中
    InProgress,
    /// 退款成功
    Succeeded,
    /// 退款关闭
    Closed,
}

/// One order, as in 订单报表.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Order {
    /// 订单编号.
    pub id: String,
    /// 店铺名称.
    pub shop: String,
    /// 买家会员名.
    pub buyer: String,
    /// 订单创建时间.
    pub created: Ts,
    /// 订单付款时间; `None` while unpaid.
    pub paid_at: Option<Ts>,
    /// 订单状态.
    pub status: OrderStatus,
    /// 买家应付货款.
    pub goods: Money,
    /// 买家应付邮费.
    pub postage: Money,
    /// 总金额.
    pub total: Money,
    /// 买家实际支付金额 (0 when unpaid).
    pub paid: Money,
    /// 退款金额 (0 for 无退款申请).
    pub refunded: Money,
    /// 宝贝总数量.
    pub items: u32,
    /// 宝贝种类.
    pub kinds: u32,
    /// 宝贝标题.
    pub title: String,
    /// 收货人姓名 — personal data.
    pub receiver: Option<String>,
    /// 联系手机 — personal data.
    pub phone: Option<String>,
    /// 收货地址 — personal data.
    pub address: Option<String>,
    /// 买家留言.
    #[serde(default)]
    pub buyer_note: String,
    /// 订单备注.
    #[serde(default)]
    pub seller_note: String,
    /// 订单关闭原因.
    #[serde(default)]
    pub close_reason: String,
    /// 物流公司.
    #[serde(default)]
    pub carrier: String,
    /// 物流单号.
    #[serde(default)]
    pub tracking_no: String,
}

/// One line of an order, as in 宝贝报表.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubOrder {
    /// 子订单编号.
    pub id: String,
    /// 主订单编号.
    pub order_id: String,
    /// 标题.
    pub title: String,
    /// 价格 (unit price).
    pub price: Money,
    /// 购买数量.
    pub qty: u32,
    /// 商品属性, e.g. `颜色分类:米白;尺码:L`.
    pub sku: String,
    /// 套餐信息.
    #[serde(default)]
    pub package: String,
    /// 订单状态.
    pub status: OrderStatus,
    /// 商家编码.
    #[serde(default)]
    pub merchant_code: String,
    /// 买家实际支付金额.
    pub paid: Money,
    /// 退款状态.
    pub refund_state: RefundState,
    /// 退款金额.
    pub refunded: Money,
    /// 订单创建时间.
    pub created: Ts,
    /// 订单付款时间.
    pub paid_at: Option<Ts>,
}
