//! Staffing (人力需求): how many agents an interval needs, by Erlang C (no abandonment) or
//! Erlang A (buyers give up after an exponential patience), for chat with concurrency.
//!
//! Model choices (shown in the app's help):
//! - Traffic `A = λ · AHT` in Erlangs, with λ the contacts per second of the interval.
//! - Chat concurrency `k`: by default each agent is `k` servers ([`Concurrency::ServersPerAgent`]),
//!   so `N` agents give `k·N` servers and a chat waits only when every slot is busy; AHT is the
//!   chat's whole duration. The alternative [`Concurrency::DivideAht`] keeps one server per agent
//!   and divides AHT by `k`. With `k = 1` both equal plain Erlang.
//! - Erlang B by its stable recursion `B(n) = A·B(n−1) / (n + A·B(n−1))` (values stay in [0, 1], so
//!   no factorials overflow for thousands of servers); Erlang C from B.
//! - Service level (Erlang C) `SL = 1 − C(N, A) · e^(−(N−A)·T/AHT)`; required = smallest `N > A`
//!   meeting the SL target and the occupancy cap `A/N ≤ max`; scheduled = `ceil(required / (1 −
//!   shrinkage))`. This reproduces domain.md §5's figure (14 on the floor, 20 scheduled).
//! - Erlang A (M/M/N+M): exact birth–death chain truncated where probabilities vanish. Service
//!   level = share of ALL arrivals answered within `T` (abandoned contacts count as misses, also
//!   those that abandon after `T`), computed by uniformisation of the tagged buyer's queue.

use serde::{Deserialize, Serialize};

/// How chat concurrency enters the queueing model.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Concurrency {
    /// Each agent is `k` servers; AHT unchanged (default).
    #[default]
    ServersPerAgent,
    /// One server per agent; effective AHT = AHT ÷ k.
    DivideAht,
}

/// Parameters of the staffing model; persisted with the roster plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StaffingParams {
    /// Average handle time of one chat, seconds.
    pub aht_secs: f64,
    /// Interval length, seconds (1800 for 30-minute intervals).
    pub interval_secs: f64,
    /// Service-level target as a share, e.g. 0.8.
    pub sl_target: f64,
    /// Answer within this many seconds (30; 6 for the training deck's golden six seconds).
    pub answer_secs: f64,
    /// Maximum occupancy (share of server time busy), 1.0 = no cap.
    pub max_occupancy: f64,
    /// Shrinkage share (breaks, meetings, training, absence), e.g. 0.3.
    pub shrinkage: f64,
    /// Chats one agent handles at once (1 = calls).
    pub concurrency: u32,
    pub concurrency_model: Concurrency,
    /// Mean patience in seconds; `Some` switches to Erlang A.
    pub patience_secs: Option<f64>,
}

impl Default for StaffingParams {
    fn default() -> Self {
        StaffingParams {
            aht_secs: 180.0,
            interval_secs: 1800.0,
            sl_target: 0.8,
            answer_secs: 30.0,
            max_occupancy: 1.0,
            shrinkage: 0.3,
            concurrency: 1,
            concurrency_model: Concurrency::ServersPerAgent,
            patience_secs: None,
        }
    }
}

/// What `N` servers achieve on traffic `A`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueStats {
    pub servers: u32,
    pub service_level: f64,
    /// Probability an arrival waits at all.
    pub p_wait: f64,
    /// Mean wait over all arrivals, seconds (Erlang A: of those who are eventually served or
    /// abandon, i.e. time in queue).
    pub avg_wait_secs: f64,
    /// Busy share of server capacity.
    pub occupancy: f64,
    /// Share of arrivals who abandon (0 for Erlang C).
    pub p_abandon: f64,
}

/// Result of [`required_agents`] for one interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Requirement {
    /// Agents needed on the floor (after concurrency).
    pub agents: u32,
    /// Agents to schedule: `ceil(agents / (1 − shrinkage))`.
    pub scheduled: u32,
    /// Queue figures at `agents` on the floor.
    pub stats: QueueStats,
}

/// Erlang B blocking probability for `n` servers and traffic `a` Erlangs (stable recursion).
pub fn erlang_b(n: u32, a: f64) -> f64 {
    if a <= 0.0 {
        return if n == 0 { 1.0 } else { 0.0 };
    }
    let mut b = 1.0;
    for i in 1..=n {
        b = a * b / (i as f64 + a * b);
    }
    b
}

/// Erlang C probability of waiting; 1 when `n ≤ a` (the queue is unstable).
pub fn erlang_c(n: u32, a: f64) -> f64 {
    if a <= 0.0 {
        return 0.0;
    }
    let nf = n as f64;
    if nf <= a {
        return 1.0;
    }
    let b = erlang_b(n, a);
    let c = nf * b / (nf - a * (1.0 - b));
    c.clamp(0.0, 1.0)
}

/// Erlang C figures for `n` servers, traffic `a`, handle time `aht`, answer target `t`.
pub fn erlang_c_stats(n: u32, a: f64, aht: f64, t: f64) -> QueueStats {
    let nf = n as f64;
    let pw = erlang_c(n, a);
    let (sl, asa) = if nf > a {
        ((1.0 - pw * (-(nf - a) * t / aht).exp()).max(0.0), pw * aht / (nf - a))
    } else {
        (0.0, f64::INFINITY)
    };
    QueueStats {
        servers: n,
        service_level: sl,
        p_wait: pw,
        avg_wait_secs: asa,
        occupancy: if n == 0 { 1.0 } else { (a / nf).min(1.0) },
        p_abandon: 0.0,
    }
}

/// Erlang A (M/M/N+M) figures: arrival rate `lambda` per second, handle time `aht`, mean patience
/// `patience`, answer target `t`, `n` servers. Stable for any `n` (abandonment bounds the queue).
pub fn erlang_a_stats(n: u32, lambda: f64, aht: f64, patience: f64, t: f64) -> QueueStats {
    let mu = 1.0 / aht;
    let theta = if patience > 0.0 { 1.0 / patience } else { 1e9 };
    let nf = n as f64;
    if lambda <= 0.0 {
        return QueueStats {
            servers: n,
            service_level: 1.0,
            p_wait: 0.0,
            avg_wait_secs: 0.0,
            occupancy: 0.0,
            p_abandon: 0.0,
        };
    }
    // Unnormalised stationary probabilities in log space, π_0 = 1.
    let mut logp: Vec<f64> = Vec::with_capacity(n as usize + 64);
    logp.push(0.0);
    let mut k = 0usize;
    let mut top = 0.0f64;
    loop {
        let next = k + 1;
        let death = if next as f64 <= nf { next as f64 * mu } else { nf * mu + (next as f64 - nf) * theta };
        let lp = logp[k] + lambda.ln() - death.ln();
        logp.push(lp);
        k = next;
        top = top.max(lp);
        if k as f64 > nf && lp < top - 40.0 {
            break;
        }
        if k > 200_000 {
            break;
        }
    }
    let max = logp.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    let w: Vec<f64> = logp.iter().map(|l| (l - max).exp()).collect();
    let z: f64 = w.iter().sum();
    let pi: Vec<f64> = w.iter().map(|x| x / z).collect();
    let n_us = n as usize;
    let p_wait: f64 = pi.iter().skip(n_us).sum();
    let lq: f64 = pi.iter().enumerate().skip(n_us).map(|(i, p)| (i - n_us) as f64 * p).sum();
    let busy: f64 = pi.iter().enumerate().map(|(i, p)| (i.min(n_us)) as f64 * p).sum();
    let p_abandon = (theta * lq / lambda).clamp(0.0, 1.0);
    // Tagged arrival that finds j waiting ahead: position falls at rate nμ + jθ, it abandons at θ.
    // Uniformisation over [0, t] gives P(served by t).
    let served_now: f64 = pi.iter().take(n_us).sum();
    let sl = if n == 0 {
        0.0
    } else {
        let q: Vec<f64> = pi[n_us..].to_vec();
        served_now + served_within(&q, nf * mu, theta, t)
    };
    QueueStats {
        servers: n,
        service_level: sl.clamp(0.0, 1.0),
        p_wait,
        avg_wait_secs: lq / lambda,
        occupancy: if n == 0 { 1.0 } else { busy / nf },
        p_abandon,
    }
}

/// Probability mass (from `start[j]` = P(arrive with j ahead)) served within `t`.
fn served_within(start: &[f64], nmu: f64, theta: f64, t: f64) -> f64 {
    let m = start.len();
    if m == 0 || t <= 0.0 {
        return 0.0;
    }
    let rate = |j: usize| nmu + j as f64 * theta + theta; // total leaving rate at j ahead
    let big = rate(m - 1) * 1.0001;
    let lt = big * t;
    let mut v = start.to_vec();
    let mut served = 0.0; // absorbed into service after each jump count
    let mut total = 0.0;
    let last = lt + 12.0 * lt.sqrt() + 40.0;
    // Poisson(n; lt) in log space.
    let mut n = 0usize;
    loop {
        let logpn = -lt + (n as f64) * lt.ln() - ln_factorial(n);
        let pn = logpn.exp();
        total += pn * served;
        if n as f64 > last {
            break;
        }
        // One uniformised step.
        let mut nv = vec![0.0; m];
        served += v[0] * nmu / big;
        for j in 0..m {
            let stay = 1.0 - rate(j) / big;
            nv[j] += v[j] * stay;
            if j > 0 {
                nv[j - 1] += v[j] * (nmu + j as f64 * theta) / big;
            }
        }
        v = nv;
        n += 1;
    }
    total
}

fn ln_factorial(n: usize) -> f64 {
    if n < 2 {
        return 0.0;
    }
    let x = n as f64 + 1.0;
    // Stirling series for ln Γ(x), accurate to ~1e-12 for x ≥ 2.
    (x - 0.5) * x.ln() - x + 0.5 * (2.0 * std::f64::consts::PI).ln() + 1.0 / (12.0 * x)
        - 1.0 / (360.0 * x * x * x)
        + 1.0 / (1260.0 * x.powi(5))
}

/// Figures for `agents` on the floor for `contacts` in one interval under `p`.
pub fn stats_for(agents: u32, contacts: f64, p: &StaffingParams) -> QueueStats {
    let k = p.concurrency.max(1);
    let lambda = contacts.max(0.0) / p.interval_secs;
    let (servers, aht) = match p.concurrency_model {
        Concurrency::ServersPerAgent => (agents * k, p.aht_secs),
        Concurrency::DivideAht => (agents, p.aht_secs / k as f64),
    };
    match p.patience_secs {
        Some(pat) => erlang_a_stats(servers, lambda, aht, pat, p.answer_secs),
        None => erlang_c_stats(servers, lambda * aht, aht, p.answer_secs),
    }
}

/// The smallest number of agents meeting the service-level target and occupancy cap for
/// `contacts` arriving in one interval; 0 when there are none.
pub fn required_agents(contacts: f64, p: &StaffingParams) -> Requirement {
    let k = p.concurrency.max(1) as f64;
    let zero = Requirement { agents: 0, scheduled: 0, stats: stats_for(0, 0.0, p) };
    if contacts <= 0.0 || !contacts.is_finite() || p.interval_secs <= 0.0 || p.aht_secs <= 0.0 {
        return zero;
    }
    let a = contacts / p.interval_secs * p.aht_secs; // Erlangs of chat work
    let agents_a = a / k; // the same floor for both concurrency models
    // Erlang C needs N > A; Erlang A is stable for any N, start from 1.
    let mut n = if p.patience_secs.is_some() { 1 } else { agents_a.floor() as u32 + 1 };
    let cap = p.max_occupancy.clamp(0.01, 1.0);
    loop {
        let s = stats_for(n, contacts, p);
        let occ_ok = s.occupancy <= cap + 1e-12;
        if (s.service_level >= p.sl_target - 1e-12 && occ_ok) || n > 100_000 {
            let shrink = p.shrinkage.clamp(0.0, 0.95);
            let scheduled = (n as f64 / (1.0 - shrink) - 1e-9).ceil() as u32;
            return Requirement { agents: n, scheduled, stats: s };
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference() -> StaffingParams {
        StaffingParams {
            aht_secs: 180.0,
            interval_secs: 1800.0,
            sl_target: 0.8,
            answer_secs: 20.0,
            shrinkage: 0.3,
            ..StaffingParams::default()
        }
    }

    #[test]
    fn domain_reference_figure() {
        let r = required_agents(100.0, &reference());
        assert_eq!(r.agents, 14);
        assert_eq!(r.scheduled, 20);
        let s = r.stats;
        assert_eq!(format!("{:.5}", s.service_level), "0.88835");
        assert_eq!(format!("{:.4}", s.occupancy), "0.7143");
        assert_eq!(format!("{:.5}", s.p_wait), "0.17413");
        assert_eq!(format!("{:.3}", s.avg_wait_secs), "7.836");
        let s13 = stats_for(13, 100.0, &reference());
        assert_eq!(format!("{:.4}", s13.service_level), "0.7956");
    }

    #[test]
    fn erlang_b_large_is_finite() {
        let b = erlang_b(5000, 4900.0);
        assert!(b.is_finite() && b > 0.0 && b < 1.0);
        let r = required_agents(50_000.0, &StaffingParams { concurrency: 3, ..reference() });
        assert!(r.agents > 0 && r.stats.service_level >= 0.8);
    }

    #[test]
    fn occupancy_cap_binds() {
        let p = StaffingParams { max_occupancy: 0.6, ..reference() };
        let r = required_agents(100.0, &p);
        assert_eq!(r.agents, 17); // 10 / 17 = 0.588 ≤ 0.6 < 10 / 16
    }

    #[test]
    fn concurrency_models() {
        let p = StaffingParams { concurrency: 3, ..reference() };
        let r = required_agents(300.0, &p);
        // 30 Erlangs over 3-chat agents: at least 10 agents and SL met.
        assert!(r.agents >= 11 && r.stats.service_level >= 0.8);
        let d = required_agents(300.0, &StaffingParams { concurrency_model: Concurrency::DivideAht, ..p });
        assert!(d.agents >= 11);
    }

    #[test]
    fn erlang_a_approaches_c_with_infinite_patience() {
        let c = stats_for(14, 100.0, &reference());
        let a = stats_for(14, 100.0, &StaffingParams { patience_secs: Some(1e9), ..reference() });
        assert!((a.service_level - c.service_level).abs() < 1e-4, "{a:?} {c:?}");
        assert!((a.p_wait - c.p_wait).abs() < 1e-4);
        // Impatient buyers: fewer wait long, some abandon.
        let imp = stats_for(11, 100.0, &StaffingParams { patience_secs: Some(60.0), ..reference() });
        assert!(imp.p_abandon > 0.0 && imp.p_abandon < 0.2);
        let need = required_agents(100.0, &StaffingParams { patience_secs: Some(60.0), ..reference() });
        assert!(need.agents <= 14);
    }

    #[test]
    fn zero_demand_needs_nobody() {
        assert_eq!(required_agents(0.0, &reference()).agents, 0);
    }
}
