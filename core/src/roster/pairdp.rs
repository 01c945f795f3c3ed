//! Best pair of rows for two agents with everyone else fixed: the two agents' rule state
//! machines ([`RowRules`]) run side by side over the days, priced by the cover cost of both
//! agents' values together (so one may hand a shift to the other on any day) plus each one's
//! own cell costs. It re-plans what two single-row re-plans in turn cannot: an exchange that
//! only pays once both rows have changed. Each day's layer keeps at most `beam` cheapest
//! states, so on big instances it is a heuristic; the optimiser scores the result exactly.

use std::collections::HashMap;

use super::eval::Compiled;
use super::model::OFF;
use super::rowdp::RowRules;

#[derive(Clone, Copy)]
struct Node {
    a: u32,
    b: u32,
    cost: i64,
    /// Index in the previous layer, and the values taken on this layer's day.
    parent: u32,
    va: u8,
    vb: u8,
}

#[derive(Default)]
pub(crate) struct PairDp {
    layers: Vec<Vec<Node>>,
    index: HashMap<u64, u32>,
    trans_b: Vec<(usize, u32)>,
}

/// Inputs of one pair re-plan. Values are indexes `0..=ns` (ns = off).
pub(crate) struct PairInput<'a> {
    pub c: &'a Compiled,
    pub ra: &'a RowRules,
    pub rb: &'a RowRules,
    /// `cost[(d * nv + va) * nv + vb]`: cost of the pair taking (va, vb) on day d.
    pub cost: &'a [i64],
    pub fixed_a: &'a [Option<u8>],
    pub fixed_b: &'a [Option<u8>],
    pub beam: usize,
}

impl PairDp {
    /// The cheapest pair of rows, or None when the rules leave no pair (within the beam).
    pub fn solve(&mut self, x: &PairInput) -> Option<(Vec<u8>, Vec<u8>)> {
        let c = x.c;
        let (ns, days) = (c.ns, c.days);
        let nv = ns + 1;
        let beam = x.beam.max(1);
        self.layers.resize_with(days + 1, Vec::new);
        for l in &mut self.layers {
            l.clear();
        }
        self.layers[0].push(Node {
            a: x.ra.start() as u32,
            b: x.rb.start() as u32,
            cost: 0,
            parent: 0,
            va: 0,
            vb: 0,
        });
        for d in 0..days {
            let (done, rest) = self.layers.split_at_mut(d + 1);
            let cur = &mut done[d];
            if cur.len() > beam {
                cur.sort_unstable_by_key(|n| n.cost);
                cur.truncate(beam);
            }
            let next = &mut rest[0];
            self.index.clear();
            let row_cost = &x.cost[d * nv * nv..(d + 1) * nv * nv];
            for (pi, n) in cur.iter().enumerate() {
                let sb = x.rb.decode(n.b as usize);
                self.trans_b.clear();
                for vb in 0..nv {
                    if !x.rb.may(d, vb, x.fixed_b[d]) {
                        continue;
                    }
                    if let Some(nb) = x.rb.next(c, sb, d, vb) {
                        self.trans_b.push((vb, nb as u32));
                    }
                }
                if self.trans_b.is_empty() {
                    continue;
                }
                let sa = x.ra.decode(n.a as usize);
                for va in 0..nv {
                    if !x.ra.may(d, va, x.fixed_a[d]) {
                        continue;
                    }
                    let Some(na) = x.ra.next(c, sa, d, va) else {
                        continue;
                    };
                    for &(vb, nb) in &self.trans_b {
                        let cost = n.cost + row_cost[va * nv + vb];
                        let node =
                            Node { a: na as u32, b: nb, cost, parent: pi as u32, va: va as u8, vb: vb as u8 };
                        let key = (na as u64) << 32 | nb as u64;
                        match self.index.get(&key) {
                            Some(&k) => {
                                if cost < next[k as usize].cost {
                                    next[k as usize] = node;
                                }
                            }
                            None => {
                                self.index.insert(key, next.len() as u32);
                                next.push(node);
                            }
                        }
                    }
                }
            }
            if next.is_empty() {
                return None;
            }
        }
        let last = &self.layers[days];
        let (mut k, _) = last
            .iter()
            .enumerate()
            .filter(|(_, n)| {
                x.ra.final_ok(x.ra.decode(n.a as usize)) && x.rb.final_ok(x.rb.decode(n.b as usize))
            })
            .min_by_key(|(_, n)| n.cost)?;
        let (mut ra, mut rb) = (vec![OFF; days], vec![OFF; days]);
        for d in (0..days).rev() {
            let n = self.layers[d + 1][k];
            ra[d] = if n.va as usize == ns { OFF } else { n.va };
            rb[d] = if n.vb as usize == ns { OFF } else { n.vb };
            k = n.parent as usize;
        }
        Some((ra, rb))
    }
}
