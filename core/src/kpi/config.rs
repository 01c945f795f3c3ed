//! KPI settings: sessions, response thresholds, the enquiry/after-sale rule and the order
//! attribution rule with its windows (Taobao default, JD variant), and "now" for maturity.
//!
//! Everything is `serde` with defaults so stored settings survive later additions.

use serde::{Deserialize, Serialize};

use crate::Ts;

/// Which platform's order-credit rule to apply.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AttributionRule {
    /// Taobao/赤兔: the last agent who wrote to the buyer (human message) from midnight of
    /// `order_window_days` before the anchor day up to the anchor time gets the order.
    #[default]
    Taobao,
    /// JD: the last agent who wrote within `jd_window_hours` before the anchor time; among
    /// them the last one whose messages mention the order's title (the SKU discussed) wins,
    /// else the last one shop-wide. Orders closed (cancelled or fully refunded) are removed.
    Jd,
}

/// Which moment of an order the credit window and the sales day are anchored on
/// (下单判定 / 付款判定).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Anchor {
    /// 下单判定: order creation time (default; the domain's "order day").
    #[default]
    Created,
    /// 付款判定: payment time (unpaid orders fall back to creation time).
    Paid,
}

/// Order-credit settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Attribution {
    pub rule: AttributionRule,
    pub anchor: Anchor,
    /// Taobao: chats on the anchor day or up to this many days before count (1 = 当日或次日).
    pub order_window_days: u32,
    /// An order counts as paid when paid within this many days of creation (下单→付款 window).
    pub pay_window_days: u32,
    /// JD: chats within this many hours before the anchor time count.
    pub jd_window_hours: u32,
}

impl Default for Attribution {
    fn default() -> Self {
        Attribution {
            rule: AttributionRule::Taobao,
            anchor: Anchor::Created,
            order_window_days: 1,
            pay_window_days: 7,
            jd_window_hours: 24,
        }
    }
}

impl Attribution {
    /// The JD variant with its usual windows.
    pub fn jd() -> Attribution {
        Attribution { rule: AttributionRule::Jd, ..Attribution::default() }
    }
}

/// What counts as a complaint (投诉) when no complaint list is imported: a buyer line with one
/// of these words, once per agent, buyer and day.
fn default_complaint_words() -> Vec<String> {
    ["投诉", "举报", "12315", "消协", "工商", "曝光"].iter().map(|s| s.to_string()).collect()
}

/// All KPI settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct KpiConfig {
    /// Silence (seconds) that starts a new session; the gap is never response time.
    pub session_gap_secs: i64,
    /// A response slower than this many seconds is slow (慢响应).
    pub slow_secs: i64,
    /// The "answered within" target of the response-rate KPI (3分钟响应率).
    pub fast_secs: i64,
    /// Hours (`from..to`, 0–24) in which rounds count for the response rate (Taobao 08–24).
    pub metric_hours: (u32, u32),
    /// A buyer who writes within this many days after a paid order and does not order again
    /// (same or next day) is after-sale, not an enquiry (询单).
    pub after_sale_days: u32,
    pub attribution: Attribution,
    /// Refund figures are provisional until this many days after the range ends.
    pub refund_maturity_days: u32,
    pub complaint_words: Vec<String>,
    /// The attendance rule book.
    pub attendance: super::attendance::AttendanceRules,
    /// "Now", for marking figures still inside their maturity window. `None`: the latest
    /// time stamp in the data (the evening the exports were taken).
    pub now: Option<Ts>,
}

impl Default for KpiConfig {
    fn default() -> Self {
        KpiConfig {
            session_gap_secs: 600,
            slow_secs: 120,
            fast_secs: 180,
            metric_hours: (8, 24),
            after_sale_days: 21,
            attribution: Attribution::default(),
            refund_maturity_days: 30,
            complaint_words: default_complaint_words(),
            attendance: super::attendance::AttendanceRules::default(),
            now: None,
        }
    }
}
