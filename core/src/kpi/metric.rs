//! The KPIs: identity, unit, direction, group, and the help text (one line plus the formula,
//! in Chinese and English) that the app shows and every explanation quotes.

use serde::{Deserialize, Serialize};

use crate::Lang;

/// Every KPI the engine computes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kpi {
    // Volume
    Consulted,
    Received,
    Enquiries,
    Messages,
    AnswerRatio,
    // Sales
    EnquiryToOrder,
    OrderToPay,
    Conversion,
    Sales,
    SilentSales,
    SalesShare,
    AvgOrderValue,
    ItemsPerBuyer,
    AvgItemPrice,
    // Service
    FirstResponse,
    AvgResponse,
    SlowResponses,
    FastReplyRate,
    ReplyRate,
    Satisfaction,
    // After-sale
    RefundRate,
    RefundAmount,
    DisputeRate,
    Complaints,
    ComplaintRate,
    GoodReviewRate,
    NeutralBadReviews,
    DsrDescription,
    DsrService,
    DsrLogistics,
    // QA (supplied by the QA module)
    QaAuto,
    QaReview,
    QaCritical,
    // Attendance
    Lates,
    Absences,
    AttendancePenalty,
}

/// How a KPI's value reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Count,
    Money,
    /// A fraction shown as a percentage.
    Rate,
    Seconds,
    /// A plain ratio with two decimals (答问比, 客件数).
    Ratio,
    /// Points (QA scores, penalty points).
    Points,
    /// A 1–5 rating shown to two decimals (DSR).
    Stars,
}

/// KPI groups, in the order reports show them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    Volume,
    Sales,
    Service,
    AfterSale,
    Qa,
    Attendance,
}

impl Group {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Group::Volume => lang.pick("接待量", "Volume"),
            Group::Sales => lang.pick("销售", "Sales"),
            Group::Service => lang.pick("服务", "Service"),
            Group::AfterSale => lang.pick("售后", "After-sale"),
            Group::Qa => lang.pick("质检", "QA"),
            Group::Attendance => lang.pick("考勤", "Attendance"),
        }
    }
}

/// Help for one KPI: its name, one line saying what it is, and its formula.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KpiHelp {
    pub kpi: Kpi,
    pub name: String,
    pub line: String,
    pub formula: String,
}

impl Kpi {
    pub const ALL: [Kpi; 36] = [
        Kpi::Consulted,
        Kpi::Received,
        Kpi::Enquiries,
        Kpi::Messages,
        Kpi::AnswerRatio,
        Kpi::EnquiryToOrder,
        Kpi::OrderToPay,
        Kpi::Conversion,
        Kpi::Sales,
        Kpi::SilentSales,
        Kpi::SalesShare,
        Kpi::AvgOrderValue,
        Kpi::ItemsPerBuyer,
        Kpi::AvgItemPrice,
        Kpi::FirstResponse,
        Kpi::AvgResponse,
        Kpi::SlowResponses,
        Kpi::FastReplyRate,
        Kpi::ReplyRate,
        Kpi::Satisfaction,
        Kpi::RefundRate,
        Kpi::RefundAmount,
        Kpi::DisputeRate,
        Kpi::Complaints,
        Kpi::ComplaintRate,
        Kpi::GoodReviewRate,
        Kpi::NeutralBadReviews,
        Kpi::DsrDescription,
        Kpi::DsrService,
        Kpi::DsrLogistics,
        Kpi::QaAuto,
        Kpi::QaReview,
        Kpi::QaCritical,
        Kpi::Lates,
        Kpi::Absences,
        Kpi::AttendancePenalty,
    ];

    /// Stable identifier (`snake_case`), used in CSV headers and settings.
    pub fn key(self) -> &'static str {
        use Kpi::*;
        match self {
            Consulted => "consulted",
            Received => "received",
            Enquiries => "enquiries",
            Messages => "messages",
            AnswerRatio => "answer_ratio",
            EnquiryToOrder => "enquiry_to_order",
            OrderToPay => "order_to_pay",
            Conversion => "conversion",
            Sales => "sales",
            SilentSales => "silent_sales",
            SalesShare => "sales_share",
            AvgOrderValue => "avg_order_value",
            ItemsPerBuyer => "items_per_buyer",
            AvgItemPrice => "avg_item_price",
            FirstResponse => "first_response",
            AvgResponse => "avg_response",
            SlowResponses => "slow_responses",
            FastReplyRate => "fast_reply_rate",
            ReplyRate => "reply_rate",
            Satisfaction => "satisfaction",
            RefundRate => "refund_rate",
            RefundAmount => "refund_amount",
            DisputeRate => "dispute_rate",
            Complaints => "complaints",
            ComplaintRate => "complaint_rate",
            GoodReviewRate => "good_review_rate",
            NeutralBadReviews => "neutral_bad_reviews",
            DsrDescription => "dsr_description",
            DsrService => "dsr_service",
            DsrLogistics => "dsr_logistics",
            QaAuto => "qa_auto",
            QaReview => "qa_review",
            QaCritical => "qa_critical",
            Lates => "lates",
            Absences => "absences",
            AttendancePenalty => "attendance_penalty",
        }
    }

    /// The KPI with this [`Kpi::key`].
    pub fn from_key(key: &str) -> Option<Kpi> {
        Kpi::ALL.iter().copied().find(|k| k.key() == key)
    }

    pub fn unit(self) -> Unit {
        use Kpi::*;
        match self {
            Consulted | Received | Enquiries | Messages | SlowResponses | Complaints | NeutralBadReviews
            | QaCritical | Lates | Absences => Unit::Count,
            Sales | SilentSales | AvgOrderValue | AvgItemPrice | RefundAmount => Unit::Money,
            EnquiryToOrder | OrderToPay | Conversion | SalesShare | FastReplyRate | ReplyRate
            | Satisfaction | RefundRate | DisputeRate | ComplaintRate | GoodReviewRate => Unit::Rate,
            FirstResponse | AvgResponse => Unit::Seconds,
            AnswerRatio | ItemsPerBuyer => Unit::Ratio,
            QaAuto | QaReview | AttendancePenalty => Unit::Points,
            DsrDescription | DsrService | DsrLogistics => Unit::Stars,
        }
    }

    /// Whether a larger value is better (for ranking, colours and change arrows).
    pub fn higher_is_better(self) -> bool {
        use Kpi::*;
        !matches!(
            self,
            FirstResponse
                | AvgResponse
                | SlowResponses
                | RefundRate
                | RefundAmount
                | DisputeRate
                | Complaints
                | ComplaintRate
                | NeutralBadReviews
                | QaCritical
                | Lates
                | Absences
                | AttendancePenalty
                | SilentSales
        )
    }

    pub fn group(self) -> Group {
        use Kpi::*;
        match self {
            Consulted | Received | Enquiries | Messages | AnswerRatio => Group::Volume,
            EnquiryToOrder | OrderToPay | Conversion | Sales | SilentSales | SalesShare | AvgOrderValue
            | ItemsPerBuyer | AvgItemPrice => Group::Sales,
            FirstResponse | AvgResponse | SlowResponses | FastReplyRate | ReplyRate | Satisfaction => {
                Group::Service
            }
            RefundRate | RefundAmount | DisputeRate | Complaints | ComplaintRate | GoodReviewRate
            | NeutralBadReviews | DsrDescription | DsrService | DsrLogistics => Group::AfterSale,
            QaAuto | QaReview | QaCritical => Group::Qa,
            Lates | Absences | AttendancePenalty => Group::Attendance,
        }
    }

    /// The name as the platforms write it (zh) or its English equivalent.
    pub fn name(self, lang: Lang) -> &'static str {
        self.texts(lang).0
    }

    /// One line of help plus the formula.
    pub fn help(self, lang: Lang) -> KpiHelp {
        let (name, line, formula) = self.texts(lang);
        KpiHelp { kpi: self, name: name.into(), line: line.into(), formula: formula.into() }
    }

    /// The formula alone (as shown in every explanation).
    pub fn formula(self, lang: Lang) -> &'static str {
        self.texts(lang).2
    }

    fn texts(self, lang: Lang) -> (&'static str, &'static str, &'static str) {
        use Kpi::*;
        let zh = lang == Lang::Zh;
        macro_rules! t {
            ($zn:expr, $zl:expr, $zf:expr; $en:expr, $el:expr, $ef:expr) => {
                if zh { ($zn, $zl, $zf) } else { ($en, $el, $ef) }
            };
        }
        match self {
            Consulted => t!("咨询人数", "发过至少一条消息的买家，每个客服每天每人计一次",
                "Σ 日 × 客服 × 买家（买家有消息）";
                "Buyers consulting", "Buyers who sent at least one message; once per agent, buyer and day",
                "Σ day × agent × buyer with a buyer message"),
            Received => t!("接待人数", "双方都发过消息的买家（自动回复不算），每个客服每天每人计一次",
                "Σ 日 × 客服 × 买家（买家有消息且客服人工回复）";
                "Buyers received", "Buyers where both sides wrote (auto-replies do not count); once per agent, buyer and day",
                "Σ day × agent × buyer with a buyer message and a human reply"),
            Enquiries => t!("询单人数", "售前咨询的买家；付款后N天内来问且未再下单的算售后",
                "咨询人数 − 售后咨询（N天内付过款且当日/次日未再下单）";
                "Enquiries", "Pre-sale buyers; a buyer writing within N days after paying who does not order again is after-sale",
                "buyers consulting − after-sale (paid within N days, no new order same/next day)"),
            Messages => t!("消息数", "买家消息与客服人工消息的总数", "买家消息 + 客服消息";
                "Messages", "Buyer messages plus human agent messages", "buyer messages + agent messages"),
            AnswerRatio => t!("答问比", "客服消息数与买家消息数之比", "客服消息 ÷ 买家消息";
                "Answer ratio", "Agent messages per buyer message", "agent messages ÷ buyer messages"),
            EnquiryToOrder => t!("询单→最终下单率", "询单后当日或次日下单（订单归属该客服）的比例",
                "询单后下单人数 ÷ 询单人数";
                "Enquiry → order", "Share of enquiries followed by an order (credited to the agent) the same or next day",
                "enquiries that ordered ÷ enquiries"),
            OrderToPay => t!("下单→最终付款率", "下单后7天内付款的比例", "付款人数 ÷ 下单人数";
                "Order → payment", "Share of ordering enquiries paid within 7 days", "paid ÷ ordered"),
            Conversion => t!("询单转化率", "询单→最终付款成功率", "询单后最终付款人数 ÷ 询单人数";
                "Enquiry conversion", "Enquiry → final payment", "enquiries that paid ÷ enquiries"),
            Sales => t!("客服销售额", "归属客服的订单的实付金额", "Σ 归属订单实付金额（7天内付款）";
                "Agent sales", "Paid amount of orders credited to the agent", "Σ paid amount of credited orders (paid within 7 days)"),
            SilentSales => t!("静默销售额", "没有客服参与的成交", "全店实付金额 − 客服销售额";
                "Silent sales", "Sales with no agent involved", "total paid − agent sales"),
            SalesShare => t!("客服销售占比", "客服销售额在团队客服销售额中的占比（全店：占全店销售额）",
                "客服销售额 ÷ 团队客服销售额";
                "Share of sales", "Agent sales as a share of the team's agent sales (shop: of all sales)",
                "agent sales ÷ team agent sales"),
            AvgOrderValue => t!("客单价", "每个付款买家的平均金额", "客服销售额 ÷ 付款人数";
                "Average order value", "Amount per paying buyer", "agent sales ÷ paying buyers"),
            ItemsPerBuyer => t!("客件数", "每个付款买家的平均件数", "件数 ÷ 付款人数";
                "Items per buyer", "Items per paying buyer", "items ÷ paying buyers"),
            AvgItemPrice => t!("件均价", "每件商品的平均金额", "客服销售额 ÷ 件数";
                "Average item price", "Amount per item", "agent sales ÷ items"),
            FirstResponse => t!("首次响应时间", "会话中买家第一条消息到客服首次人工回复的平均秒数",
                "Σ 首次响应秒数 ÷ 有首次回复的会话数";
                "First response", "Mean seconds from a session's first buyer message to the first human reply",
                "Σ first-response seconds ÷ sessions with a first reply"),
            AvgResponse => {
                t!("平均响应时间", "买家每轮消息到客服下一次人工回复的平均秒数（不含会话间隔与自动回复）",
                "Σ 响应秒数 ÷ 已回复轮次";
                "Average response", "Mean seconds from each buyer round to the next human reply (no silent gaps, no auto-replies)",
                "Σ response seconds ÷ answered rounds")
            }
            SlowResponses => t!("慢响应人数", "有一轮回复慢于阈值（默认120秒）的买家，每客服每天计一次",
                "Σ 日 × 客服 × 买家（有慢响应）";
                "Slow responses", "Buyers with a round answered slower than the threshold (120 s), once per agent and day",
                "Σ day × agent × buyer with a slow round"),
            FastReplyRate => {
                t!("3分钟响应率", "08–24点的轮次中3分钟内回复的比例", "3分钟内回复轮次 ÷ 全部轮次（08–24点）";
                "3-minute response rate", "Rounds between 08:00 and 24:00 answered within 3 minutes",
                "rounds answered within 3 min ÷ all rounds (08–24)")
            }
            ReplyRate => t!("回复率", "当天得到人工回复的咨询买家比例（只转接不算）", "接待人数 ÷ 咨询人数";
                "Reply rate", "Consulting buyers who got a human reply the same day (a transfer alone does not count)",
                "buyers received ÷ buyers consulting"),
            Satisfaction => t!("客户满意率", "服务评价中很满意与满意的比例", "(很满意 + 满意) ÷ 全部评价";
                "Satisfaction", "Very satisfied and satisfied among service ratings", "(very satisfied + satisfied) ÷ all ratings"),
            RefundRate => t!("退款率", "成功退款笔数与付款订单数之比", "退款成功笔数 ÷ 付款订单数";
                "Refund rate", "Successful refunds per paid order", "successful refunds ÷ paid orders"),
            RefundAmount => t!("退款金额", "成功退款的金额（含部分退款）", "Σ 退款成功金额";
                "Refund amount", "Amount of successful refunds (partial ones included)", "Σ successful refund amounts"),
            DisputeRate => {
                t!("纠纷退款率", "平台判定支持买家的退款与付款订单数之比", "判定支持买家的退款 ÷ 付款订单数";
                "Dispute refund rate", "Refunds the platform ruled for the buyer, per paid order", "refunds ruled for the buyer ÷ paid orders")
            }
            Complaints => {
                t!("投诉数", "买家提到投诉/举报/12315等的接待，每客服每天每人计一次", "Σ 日 × 客服 × 买家（含投诉词）";
                "Complaints", "Buyers mentioning a complaint (投诉, 12315…), once per agent, buyer and day",
                "Σ day × agent × buyer with a complaint word")
            }
            ComplaintRate => t!("投诉率", "投诉数与接待人数之比", "投诉数 ÷ 接待人数";
                "Complaint rate", "Complaints per buyer received", "complaints ÷ buyers received"),
            GoodReviewRate => t!("好评率", "好评在全部评价中的比例", "好评数 ÷ 评价数";
                "Positive review rate", "Positive reviews among all reviews", "positive ÷ all reviews"),
            NeutralBadReviews => t!("中差评", "中评与差评的条数", "中评数 + 差评数";
                "Neutral and negative reviews", "Count of neutral and negative reviews", "neutral + negative"),
            DsrDescription => t!("描述相符", "DSR 描述相符平均分（1–5）", "Σ 评分 ÷ 评分数";
                "DSR: as described", "Mean 描述相符 score (1–5)", "Σ scores ÷ ratings"),
            DsrService => t!("服务态度", "DSR 服务态度平均分（1–5）", "Σ 评分 ÷ 评分数";
                "DSR: service", "Mean 服务态度 score (1–5)", "Σ scores ÷ ratings"),
            DsrLogistics => t!("物流服务", "DSR 物流服务平均分（1–5）", "Σ 评分 ÷ 评分数";
                "DSR: logistics", "Mean 物流服务 score (1–5)", "Σ scores ÷ ratings"),
            QaAuto => t!("质检自动分", "质检模块的自动评分", "质检模块给出";
                "QA automatic score", "Automatic score from the QA module", "from the QA module"),
            QaReview => t!("质检复核分", "质检人工复核评分", "质检模块给出";
                "QA review score", "Human review score from the QA module", "from the QA module"),
            QaCritical => t!("严重质检问题", "质检中的致命项次数", "质检模块给出";
                "Critical QA failures", "Auto-fail items found by QA", "from the QA module"),
            Lates => t!("迟到次数", "考勤记录中的迟到（含迟到早退）", "Σ 迟到记录";
                "Late arrivals", "Late arrivals in the attendance records", "Σ late records"),
            Absences => t!("旷工天数", "旷工天数（按规则由迟到折算的也计入）", "旷工记录 + 迟到折算";
                "Absences", "Days absent, including those the rule book converts from late arrivals",
                "absent records + converted late arrivals"),
            AttendancePenalty => {
                t!("考勤扣分", "按考勤规则计算的扣分", "按规则：第N次迟到起每次扣分 + 旷工扣分";
                "Attendance penalty", "Penalty points from the attendance rules", "per rule book: points from the Nth late arrival + absences")
            }
        }
    }
}

/// Help for every KPI, in report order.
pub fn help_all(lang: Lang) -> Vec<KpiHelp> {
    Kpi::ALL.iter().map(|k| k.help(lang)).collect()
}

/// What the KPI help says before the list: how to read the figures, which may still change.
pub fn help_note(lang: Lang) -> &'static str {
    lang.pick(
        "每个指标一句话说明和计算公式。带 * 的数字仍在成熟期内：销售类指标在下单后 1 天归属窗口 + 7 天付款窗口内，退款类在 30 天内可能还会变化。",
        "Each KPI in one line with its formula. Figures marked * are still maturing: sales figures for the 1-day attribution window plus the 7-day payment window, refund figures for 30 days.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kpi_has_a_key_that_round_trips_and_help_in_both_languages() {
        let mut keys = std::collections::HashSet::new();
        for k in Kpi::ALL {
            assert!(keys.insert(k.key()), "duplicate key {}", k.key());
            assert_eq!(Kpi::from_key(k.key()), Some(k));
            for lang in [Lang::Zh, Lang::En] {
                let h = k.help(lang);
                assert!(!h.name.is_empty() && !h.line.is_empty() && !h.formula.is_empty(), "{k:?}");
            }
            assert_ne!(k.help(Lang::Zh).line, k.help(Lang::En).line);
        }
    }
}
