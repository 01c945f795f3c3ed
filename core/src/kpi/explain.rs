//! "Click a figure to see how it was made": the formula, numerator and denominator, and the
//! rows behind them (visits, rounds, orders, refunds, reviews, stats rows, attendance events),
//! capped, with the full count. Rows are found by scanning the fact tables of the index for
//! the scope and range, so nothing is kept per figure.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::index::{KpiIndex, Mode, NONE, VisitFact};
use super::metric::Kpi;
use super::query::{Figure, QaInput, Scope};
use crate::model::{Period, Rating};
use crate::{Lang, Money, Ts};

/// One row behind a figure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum RowRef {
    /// A buyer with an agent on a day; the flags say which numerators it is in.
    Visit {
        date: NaiveDate,
        buyer: String,
        agent: String,
        log: u16,
        thread: u32,
        buyer_msgs: u32,
        agent_msgs: u32,
        received: bool,
        enquiry: bool,
        ordered: bool,
        paid: bool,
        slow: bool,
        complaint: bool,
    },
    /// A round: the buyer line `msg` of thread `thread` and the seconds to the human reply.
    Round {
        date: NaiveDate,
        buyer: String,
        agent: String,
        log: u16,
        thread: u32,
        msg: u32,
        start: Ts,
        gap: Option<i64>,
    },
    Order {
        id: String,
        buyer: String,
        agent: String,
        created: Ts,
        paid_at: Option<Ts>,
        paid: Money,
        items: u32,
        paid_in_window: bool,
    },
    Refund {
        id: String,
        order_id: String,
        date: NaiveDate,
        amount: Money,
        succeeded: bool,
        dispute: bool,
    },
    Review {
        order_id: String,
        date: NaiveDate,
        rating: Rating,
    },
    /// A row of the per-agent stats files given to the index (`row` = its position).
    Stat {
        row: u32,
        agent: String,
        from: NaiveDate,
        to: NaiveDate,
    },
    Attendance {
        row: u32,
        agent: String,
        date: NaiveDate,
        what: String,
        points: f64,
    },
}

/// Everything behind one figure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    pub figure: Figure,
    pub name: String,
    pub scope: String,
    pub period: Period,
    pub formula: String,
    /// The value, numerator and denominator as people read them.
    pub value_text: String,
    pub num_text: Option<String>,
    pub den_text: Option<String>,
    /// Why the figure is provisional, when it is.
    pub note: Option<String>,
    pub rows: Vec<RowRef>,
    /// All matching rows (`rows` holds at most the cap).
    pub total_rows: u64,
}

impl KpiIndex {
    fn buyer_name(&self, b: u32) -> String {
        self.buyers.get(b as usize).cloned().unwrap_or_default()
    }

    fn agent_name(&self, a: u32) -> String {
        if a == NONE {
            String::new()
        } else {
            self.agents.get(a as usize).map(|x| x.account.clone()).unwrap_or_default()
        }
    }

    /// Explains `kpi` for `scope` over `period`, listing at most `cap` rows.
    pub fn explain(
        &self,
        kpi: Kpi,
        scope: &Scope,
        period: &Period,
        qa: Option<&QaInput>,
        cap: usize,
        lang: Lang,
    ) -> Explanation {
        let row = self.row(scope, period, qa, lang);
        let figure = row.get(kpi).cloned().unwrap_or(Figure {
            kpi,
            value: None,
            num: None,
            den: None,
            provisional: false,
        });
        let days = self.day_range(period);
        let in_days = |d: u32| days.contains(&d);
        let shop_scope = matches!(scope, Scope::Shop(_));
        let agent_rows: Vec<usize> = if shop_scope { Vec::new() } else { self.rows_of(scope) };
        let shop_ids: Vec<u32> = match scope {
            Scope::Shop(_) => self.rows_of(scope).iter().map(|r| (r - self.agents.len()) as u32).collect(),
            _ => Vec::new(),
        };
        let mine = |agent: u32, shop: u32| {
            if shop_scope {
                shop_ids.contains(&shop)
            } else {
                agent != NONE && agent_rows.contains(&(agent as usize))
            }
        };
        let mut rows = Vec::new();
        let mut total = 0u64;
        let mut push = |r: RowRef| {
            total += 1;
            if rows.len() < cap {
                rows.push(r);
            }
        };
        let date = |d: u32| self.day0.map(|d0| d0 + chrono::Duration::days(d as i64)).unwrap_or_default();
        let visit_ref = |v: &VisitFact| RowRef::Visit {
            date: date(v.day),
            buyer: self.buyer_name(v.buyer),
            agent: self.agent_name(v.agent),
            log: v.log,
            thread: v.thread,
            buyer_msgs: v.buyer_msgs,
            agent_msgs: v.human_msgs,
            received: v.received,
            enquiry: v.enquiry,
            ordered: v.ordered,
            paid: v.paid,
            slow: v.slow,
            complaint: v.complaint,
        };
        let from_stats = self.mode == Mode::Stats || kpi == Kpi::Satisfaction;
        let visit_pred: Option<fn(&VisitFact) -> bool> = match kpi {
            Kpi::Consulted | Kpi::ReplyRate => Some(|v| v.buyer_msgs > 0),
            Kpi::Messages | Kpi::AnswerRatio => Some(|_| true),
            Kpi::Received | Kpi::ComplaintRate => Some(|v| v.received),
            Kpi::Enquiries | Kpi::EnquiryToOrder | Kpi::Conversion => Some(|v| v.enquiry),
            Kpi::OrderToPay => Some(|v| v.ordered),
            Kpi::SlowResponses => Some(|v| v.slow),
            Kpi::Complaints => Some(|v| v.complaint),
            _ => None,
        };
        if from_stats && !matches!(kpi.group(), super::metric::Group::Qa | super::metric::Group::Attendance) {
            for s in &self.stat_rows {
                let shop = self
                    .agents
                    .get(s.agent as usize)
                    .and_then(|a| self.shops.iter().position(|x| *x == a.shop));
                let ok = if shop_scope {
                    shop.is_some_and(|s| shop_ids.contains(&(s as u32)))
                } else {
                    agent_rows.contains(&(s.agent as usize))
                };
                if ok && in_days(s.day) {
                    push(RowRef::Stat {
                        row: s.row,
                        agent: self.agent_name(s.agent),
                        from: s.from,
                        to: s.to,
                    });
                }
            }
        } else if let Some(pred) = visit_pred {
            let list = if shop_scope { &self.shop_visits } else { &self.visits };
            for v in list.iter().filter(|v| in_days(v.day) && mine(v.agent, v.shop) && pred(v)) {
                push(visit_ref(v));
            }
        } else {
            match kpi {
                Kpi::FirstResponse | Kpi::AvgResponse | Kpi::FastReplyRate => {
                    for r in self.rounds.iter().filter(|r| in_days(r.day) && mine(r.agent, r.shop)) {
                        let keep = match kpi {
                            Kpi::FirstResponse => r.first && r.gap.is_some(),
                            Kpi::AvgResponse => r.gap.is_some(),
                            _ => r.metric,
                        };
                        if keep {
                            let buyer = self
                                .thread_buyers
                                .get(r.log as usize)
                                .and_then(|t| t.get(r.thread as usize))
                                .map(|&b| self.buyer_name(b))
                                .unwrap_or_default();
                            push(RowRef::Round {
                                date: date(r.day),
                                buyer,
                                agent: self.agent_name(r.agent),
                                log: r.log,
                                thread: r.thread,
                                msg: r.msg,
                                start: r.start,
                                gap: r.gap,
                            });
                        }
                    }
                }
                Kpi::Sales
                | Kpi::SilentSales
                | Kpi::SalesShare
                | Kpi::AvgOrderValue
                | Kpi::ItemsPerBuyer
                | Kpi::AvgItemPrice => {
                    for o in &self.orders {
                        let Some(d) = o.day else { continue };
                        let credited = o.agent != NONE;
                        let keep = !o.excluded
                            && o.paid_ok
                            && in_days(d)
                            && mine(o.agent, o.shop)
                            && (kpi == Kpi::SilentSales) != credited;
                        if keep {
                            push(RowRef::Order {
                                id: o.id.clone(),
                                buyer: self.buyer_name(o.buyer),
                                agent: self.agent_name(o.agent),
                                created: o.created,
                                paid_at: o.paid_at,
                                paid: o.paid,
                                items: o.items,
                                paid_in_window: o.paid_ok,
                            });
                        }
                    }
                }
                Kpi::RefundRate | Kpi::RefundAmount | Kpi::DisputeRate => {
                    for r in self.refunds.iter().filter(|r| in_days(r.day) && mine(r.agent, r.shop)) {
                        let keep = if kpi == Kpi::DisputeRate { r.dispute } else { r.ok };
                        if keep {
                            push(RowRef::Refund {
                                id: r.id.clone(),
                                order_id: r.order_id.clone(),
                                date: date(r.day),
                                amount: r.amount,
                                succeeded: r.ok,
                                dispute: r.dispute,
                            });
                        }
                    }
                }
                Kpi::GoodReviewRate
                | Kpi::NeutralBadReviews
                | Kpi::DsrDescription
                | Kpi::DsrService
                | Kpi::DsrLogistics => {
                    for r in self.reviews.iter().filter(|r| in_days(r.day) && mine(r.agent, r.shop)) {
                        let keep = match kpi {
                            Kpi::NeutralBadReviews => r.rating != Rating::Good,
                            Kpi::GoodReviewRate => true,
                            _ => r.dsr.is_some(),
                        };
                        if keep {
                            push(RowRef::Review {
                                order_id: r.order_id.clone(),
                                date: date(r.day),
                                rating: r.rating,
                            });
                        }
                    }
                }
                Kpi::Lates | Kpi::Absences | Kpi::AttendancePenalty => {
                    let s = self.attendance_summary(scope, period);
                    for e in &s.events {
                        let agent = self
                            .attendance
                            .iter()
                            .find(|r| r.row == e.row)
                            .map(|r| self.agent_name(r.agent))
                            .unwrap_or_default();
                        push(RowRef::Attendance {
                            row: e.row,
                            agent,
                            date: e.date,
                            what: e.kind.label(lang),
                            points: e.points,
                        });
                    }
                }
                _ => {}
            }
        }
        let unit = kpi.unit();
        let text = |v: Option<super::query::Value>| v.map(|v| v.display(unit, lang));
        let note = figure.provisional.then(|| {
            lang.pick(
                "仍在成熟期内（付款或退款可能还会发生），数字可能变化",
                "Still inside its maturity window (payments or refunds may still come); the figure may change",
            )
            .to_owned()
        });
        let num_text = figure.num.map(|v| v.part_display(unit, lang));
        let den_text = figure.den.map(|v| v.part_display(unit, lang));
        Explanation {
            value_text: text(figure.value).unwrap_or_else(|| "—".into()),
            figure,
            name: kpi.name(lang).to_owned(),
            scope: self.scope_label(scope, lang),
            period: *period,
            formula: kpi.formula(lang).to_owned(),
            num_text,
            den_text,
            note,
            rows,
            total_rows: total,
        }
    }
}
