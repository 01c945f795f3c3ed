//! KPI and appraisal (绩效): the numbers a supervisor reports, computed the way the platforms
//! compute them, each one able to explain itself.
//!
//! Pipeline: [`KpiInputs`] (borrowed datasets) → [`KpiIndex::build`] (one pass over chats and
//! orders: sessions, owners, rounds, visits, order credit → additive [`Cell`]s per agent × day
//! and shop × day, plus fact tables) → range queries ([`KpiIndex::row`], [`KpiIndex::table`])
//! that only add cells → [`Figure`]s with value, provisional flag, numerator and denominator;
//! [`KpiIndex::explain`] lists the rows behind a figure. On top: [`appraisal`] (templates,
//! bands, penalties, grades, bonus), [`report`] (日报/周报/月报 data), [`svg`] (charts),
//! [`export`] (XLSX/CSV) and the help text in [`metric`].
//!
//! # Rules (where domain.md §2 is silent, Taobao/赤兔 practice is followed)
//!
//! - **Sessions**: a silence of `session_gap_secs` (600) or more between two consecutive
//!   messages of a thread starts a new session ([`split_sessions`]).
//! - **Agents** are the senders of agent-side lines (human, auto-reply, transfer) and the staff
//!   list; a name without `店铺:` prefix matches a staff sub-account by its nick; a `cntaobao`
//!   prefix is dropped.
//! - **Owner of a buyer line**: the next agent in the same session who replies by hand; else the
//!   next agent-side sender in the session (auto-reply, transfer); else the last agent-side
//!   sender earlier in the thread (after a transfer, the receiving agent); else nobody (the
//!   buyer then counts only for the shop).
//! - **Visit** = buyer × agent × calendar day with at least one buyer line owned by the agent
//!   that day (咨询). It is *received* (接待, and replied for 回复率) when the agent also wrote a
//!   human line in the thread that day; a reply after midnight to a line before midnight does
//!   not make the earlier day's visit replied. Shop figures count buyer × shop × day once,
//!   however many agents took part; team figures are sums over members (as 赤兔's 汇总 row).
//! - **Rounds**: a buyer line opens a round when none is open; the next human agent line in the
//!   same session closes it (auto-replies and transfers do not). The gap is the response time,
//!   credited to the replying agent on the day the round opened. Rounds left open at the session
//!   end are unanswered (owner of the opening line). The session's first round gives the first
//!   response time. Slow: gap > `slow_secs`; 慢响应人数 counts visits with a slow round.
//!   3分钟响应率: rounds opened within `metric_hours` (08–24) answered within `fast_secs`.
//! - **Enquiry (询单)**: a visit, unless the buyer paid an order in the `after_sale_days` (21)
//!   before that day and created no order that day or within `order_window_days` after.
//! - **Order credit (Taobao)**: the agent of the last human line to the buyer from midnight
//!   `order_window_days` (1) before the anchor day up to the anchor time (creation by default:
//!   下单判定; payment with [`Anchor::Paid`]); other agents writing in that window get assist
//!   credit. Buyers join chats and orders by nick. **JD**: window `jd_window_hours` (24) before
//!   the anchor, the last agent whose line mentions the order title (the SKU discussed) else
//!   the last agent, and closed orders (cancelled or fully refunded) removed — the exports do
//!   not say when an order closed, so "cancelled within 15 days" is read as 交易关闭 at export
//!   time.
//! - **Paid** = paid within `pay_window_days` (7) of creation. 客服销售额 = paid amount
//!   (买家实际支付金额, before refunds) of credited paid orders on the anchor day; 静默销售额 =
//!   all paid orders − 客服销售额 (shop only). An enquiry *ordered* / *paid* when an order
//!   credited to the same agent (shop: to anyone) was created that day or in the window after.
//!   Paying buyers (客单价, 客件数) are distinct buyers per agent and anchor day.
//! - **Provisional**: sales-family figures until `order_window_days + pay_window_days` days after
//!   the range ends, refund figures until `refund_maturity_days` (30) after; "now" is
//!   `config.now` or the latest time stamp in the data.
//! - **Refunds** count on the day they finished (succeeded) or were applied for (others), for
//!   the agent credited with the order; 退款率 and 纠纷退款率 divide by paid orders on their
//!   payment day (orders, not sub-orders). 纠纷 = ruled for the buyer (支持买家).
//! - **Reviews** count on their day for the agent credited with the order.
//! - **Complaints (投诉)**: a visit whose buyer lines contain a complaint word (投诉, 举报, 12315,
//!   消协, 工商, 曝光; configurable); 投诉率 = complaints ÷ 接待人数.
//! - **QA** scores are an input ([`QaInput`]: sub-account → automatic score, review score,
//!   critical failures) for the period; teams and shops show the mean of their agents' scores
//!   and the sum of critical failures.
//! - **Attendance** follows [`AttendanceRules`] (default: from the 3rd late arrival of a
//!   calendar month 5 points each, an absence 20 points).
//! - **Satisfaction** comes from the stats files' 服务满意度评价 counts (or the rate weighted by
//!   接待人数), the only place it exists.
//! - **Stats fallback**: with no chats and no orders, every figure comes from the per-agent stats
//!   rows; a row counts whole on its last day (`to`); rates are weighted by 咨询/接待人数;
//!   figures the files cannot give are `None`. A blank conversion (the newest day) makes the
//!   sales figures provisional.

//!
//! # For the app
//!
//! Build once per workspace change (in the worker): `KpiIndex::build(&KpiInputs::from_datasets(..),
//! &config)`. Then every screen is a cheap call: `index.table(&period, GroupBy::Agent, None,
//! qa, lang)` (sort with [`KpiTable::sort_by`]), `index.row(&scope, &period, qa, lang)`,
//! `index.explain(kpi, &scope, &period, qa, cap, lang)` on click, `report::report(..)` +
//! `svg::report_charts(..)` for 日报/周报/月报, `appraisal::appraise(..)` for the monthly sheets
//! and ranking, `export::{table_csv, table_xlsx, ranking_csv, ranking_xlsx}` for downloads and
//! `metric::help_all(lang)` for the help page. The index is `serde`, so it can be cached.
//! QA scores: [`QaFacts::build`] once per QA run, then [`QaFacts::input`] per range. The
//! supervisor's templates, comments, ratings and points are [`KpiWork`] (`work/kpi`).

pub mod appraisal;
pub mod attendance;
pub mod config;
pub mod explain;
pub mod export;
mod index;
pub mod metric;
pub mod qa_link;
mod query;
pub mod report;
mod session;
pub mod svg;
pub mod work;

pub use attendance::{AttendanceRules, AttendanceSummary};
pub use config::{Anchor, Attribution, AttributionRule, KpiConfig};
pub use explain::{Explanation, RowRef};
pub use index::{
    AgentInfo, AttendanceFact, Cell, HIST_BINS, HIST_EDGES, KpiIndex, KpiInputs, Mode, NONE, OrderFact,
    RefundFact, ReviewFact, RoundFact, StatFact, VisitFact,
};
pub use metric::{Group, Kpi, KpiHelp, Unit, help_all, help_note};
pub use qa_link::{QaFact, QaFacts};
pub use query::{Figure, GroupBy, KpiRow, KpiTable, QaInput, QaScores, Scope, Value, div_money};
pub use session::{for_each_session, split_sessions};
pub use work::{KpiWork, MonthWork, month_key, template_problems};
