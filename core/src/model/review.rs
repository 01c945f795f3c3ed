//! Reviews (评价): the buyer's verdict, and the detailed shop ratings (DSR).

use serde::{Deserialize, Serialize};

use crate::{Lang, Ts};

/// 好评 / 中评 / 差评.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Rating {
    Good,
    Neutral,
    Bad,
}

impl Rating {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Rating::Good => lang.pick("好评", "Positive"),
            Rating::Neutral => lang.pick("中评", "Neutral"),
            Rating::Bad => lang.pick("差评", "Negative"),
        }
    }
}

/// Detailed seller ratings, each 1–5: 描述相符, 服务态度, 物流服务.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Dsr {
    pub description: u8,
    pub service: u8,
    pub logistics: u8,
}

/// One review.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Review {
    /// 订单编号.
    pub order_id: String,
    /// 用户昵称 / 买家会员名.
    pub buyer: String,
    /// 店铺名称.
    #[serde(default)]
    pub shop: String,
    /// 评价结果.
    pub rating: Rating,
    /// 评价时间 / 日期.
    pub created: Ts,
    /// 评论内容.
    pub content: String,
    /// 追加评论.
    #[serde(default)]
    pub follow_up: String,
    /// 商家回复 / 解释.
    #[serde(default)]
    pub reply: String,
    /// SKU (商品属性).
    #[serde(default)]
    pub sku: String,
    /// Detailed ratings, when the export carries them.
    #[serde(default)]
    pub dsr: Option<Dsr>,
}
