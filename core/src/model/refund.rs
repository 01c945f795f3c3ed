//! Refunds (退款报表): after-sale money going back to buyers, and the platform's rulings.

use serde::{Deserialize, Serialize};

use crate::{Lang, Money, Ts};

/// 退款状态.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RefundStatus {
    /// 买家已经申请退款，等待卖家同意
    AwaitingSeller,
    /// 卖家已经同意退款，等待买家退货
    AwaitingReturn,
    /// 买家已经退货，等待卖家确认收货
    AwaitingReceipt,
    /// 卖家拒绝退款
    SellerRefused,
    /// 退款成功
    Succeeded,
    /// 退款关闭
    Closed,
}

impl RefundStatus {
    pub const ALL: [RefundStatus; 6] = [
        RefundStatus::AwaitingSeller,
        RefundStatus::AwaitingReturn,
        RefundStatus::AwaitingReceipt,
        RefundStatus::SellerRefused,
        RefundStatus::Succeeded,
        RefundStatus::Closed,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        use RefundStatus::*;
        match self {
            AwaitingSeller => lang.pick("买家已经申请退款，等待卖家同意", "Awaiting seller"),
            AwaitingReturn => lang.pick("卖家已经同意退款，等待买家退货", "Awaiting return"),
            AwaitingReceipt => lang.pick("买家已经退货，等待卖家确认收货", "Awaiting receipt"),
            SellerRefused => lang.pick("卖家拒绝退款", "Seller refused"),
            Succeeded => lang.pick("退款成功", "Refunded"),
            Closed => lang.pick("退款关闭", "Closed"),
        }
    }
}

/// 客服介入状态: whether the platform stepped in, and for whom it ruled.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Ruling {
    /// 客服未介入
    #[default]
    None,
    /// 客服介入中
    Pending,
    /// 支持买家 — counts towards 纠纷退款率.
    ForBuyer,
    /// 支持卖家
    ForSeller,
}

/// 售中或售后.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RefundPhase {
    /// 售中 (before the trade completed)
    InSale,
    /// 售后 (after the trade completed)
    AfterSale,
}

/// One refund request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Refund {
    /// 退款编号.
    pub id: String,
    /// 订单编号.
    pub order_id: String,
    /// 买家会员名 (not in every export).
    #[serde(default)]
    pub buyer: String,
    /// 店铺名称 (not in every export).
    #[serde(default)]
    pub shop: String,
    /// 订单付款时间.
    pub order_paid_at: Option<Ts>,
    /// 退款的申请时间.
    pub applied: Ts,
    /// 退款完结时间.
    pub finished: Option<Ts>,
    /// 买家实际支付金额.
    pub paid: Money,
    /// 宝贝标题.
    pub title: String,
    /// 买家退款金额.
    pub amount: Money,
    /// 退款状态.
    pub status: RefundStatus,
    /// 货物状态 (买家未收到货 / 买家已收到货 / 买家已退货).
    #[serde(default)]
    pub goods_state: String,
    /// 是否需要退货.
    pub return_required: bool,
    /// 客服介入状态.
    pub ruling: Ruling,
    /// 买家退款原因.
    pub reason: String,
    /// 买家退款说明.
    #[serde(default)]
    pub description: String,
    /// 责任方.
    #[serde(default)]
    pub responsible: String,
    /// 售中或售后.
    pub phase: RefundPhase,
    /// 部分退款/全部退款: true when the whole paid amount went back.
    pub full: bool,
    /// 退款操作人 (often an after-sale sub-account).
    #[serde(default)]
    pub operator: String,
}
