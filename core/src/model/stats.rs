//! Per-agent reception statistics as the 赤兔 / 生意参谋 reports give them.
//!
//! These are the platform's own aggregates for a date range. When no raw chats or orders are
//! imported, the KPI module reports from these rows instead.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Money;

/// One agent over one date range (`from..=to`; a daily report has `from == to`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AgentStat {
    /// 客服昵称 / 旺旺昵称 (sub-account).
    pub agent: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// 咨询人数.
    pub consulted: Option<u32>,
    /// 接待人数 (有效接待人数 in 生意参谋).
    pub received: Option<u32>,
    /// 询单人数.
    pub enquiries: Option<u32>,
    /// 询单->最终付款人数.
    pub enquiry_paid: Option<u32>,
    /// 询单->最终付款成功率, as a fraction (0.4 for 40%); blank on the newest day.
    pub conversion: Option<f64>,
    /// 销售额 / 下单金额 credited to the agent.
    pub sales: Option<Money>,
    /// 客单价.
    pub avg_order_value: Option<Money>,
    /// 客件数.
    pub items_per_buyer: Option<f64>,
    /// 件均价.
    pub avg_item_price: Option<Money>,
    /// 回复率, as a fraction.
    pub reply_rate: Option<f64>,
    /// 平均响应(秒).
    pub avg_response_secs: Option<f64>,
    /// 首次响应时间 (秒).
    pub first_response_secs: Option<f64>,
    /// 平均接待时长 (秒).
    pub avg_session_secs: Option<f64>,
    /// 客服答问比.
    pub answer_ratio: Option<f64>,
    /// 慢响应人数.
    pub slow_responses: Option<u32>,
    /// 上班天数.
    pub working_days: Option<u32>,
    /// 客户满意率, as a fraction.
    pub satisfaction: Option<f64>,
    /// 服务满意度评价: 很满意, 满意, 一般, 不满, 很不满.
    pub ratings: [u32; 5],
}
