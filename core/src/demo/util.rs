//! Small helpers shared by the demo generator: seeded sub-streams, the few distributions the
//! simulation needs (Bernoulli, uniform ranges, normal, log-normal, weighted choice), and
//! picking from the static word lists.
//!
//! Everything here is deterministic: the only source of randomness is the `Pcg64Mcg` passed
//! in, and sub-streams are derived from the workspace seed with a fixed mixing function.

use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;

/// The generator's random number generator.
pub(crate) type Rng = Pcg64Mcg;

/// SplitMix64 finaliser: a cheap, well-mixing bijection on `u64`.
pub(crate) fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// An independent stream for one phase (or one day) of the generation.
pub(crate) fn stream(seed: u64, tag: u64) -> Rng {
    Rng::seed_from_u64(splitmix(seed ^ splitmix(tag.wrapping_mul(0x2545_F491_4F6C_DD1D))))
}

/// Uniform in `[0, 1)`.
#[inline]
pub(crate) fn unit(rng: &mut Rng) -> f64 {
    rng.random::<f64>()
}

/// True with probability `p` (any `p`; values outside `[0, 1]` saturate).
#[inline]
pub(crate) fn chance(rng: &mut Rng, p: f64) -> bool {
    unit(rng) < p
}

/// Uniform integer in `lo..=hi`; returns `lo` when the range is empty.
#[inline]
pub(crate) fn between(rng: &mut Rng, lo: i64, hi: i64) -> i64 {
    if hi <= lo { lo } else { rng.random_range(lo..=hi) }
}

/// Uniform index below `n`; 0 when `n` is 0.
#[inline]
pub(crate) fn index(rng: &mut Rng, n: usize) -> usize {
    if n <= 1 { 0 } else { rng.random_range(0..n) }
}

/// A random element of a static word list.
///
/// Invariant: every list passed here is a non-empty constant of this module tree (the tests
/// in `dialogue` and `names` check them); an empty slice would be a programming error, so it
/// panics on indexing rather than returning an `Option` at hundreds of call sites.
#[inline]
pub(crate) fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[index(rng, items.len())]
}

/// A random word of a static list (see [`pick`] for the non-empty invariant).
#[inline]
pub(crate) fn word(rng: &mut Rng, items: &[&'static str]) -> &'static str {
    items[index(rng, items.len())]
}

/// Standard normal deviate (Box–Muller).
pub(crate) fn normal(rng: &mut Rng) -> f64 {
    let u1 = 1.0 - unit(rng); // (0, 1]
    let u2 = unit(rng);
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// Log-normal with the given median and shape.
pub(crate) fn lognormal(rng: &mut Rng, median: f64, sigma: f64) -> f64 {
    median * (sigma * normal(rng)).exp()
}

/// Index drawn from cumulative weights (`cum` non-decreasing, last entry the total).
pub(crate) fn weighted(rng: &mut Rng, cum: &[f64]) -> usize {
    let Some(&total) = cum.last() else { return 0 };
    let x = unit(rng) * total;
    cum.partition_point(|&c| c <= x).min(cum.len().saturating_sub(1))
}

/// Cumulative sums of `w`, for [`weighted`].
pub(crate) fn cumulative(w: &[f64]) -> Vec<f64> {
    let mut acc = 0.0;
    w.iter()
        .map(|x| {
            acc += x.max(0.0);
            acc
        })
        .collect()
}

/// Appends `n` random decimal digits.
pub(crate) fn push_digits(rng: &mut Rng, out: &mut String, n: usize) {
    for _ in 0..n {
        out.push(char::from(b'0' + rng.random_range(0..10u8)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_deterministic_and_distinct() {
        let a: Vec<u64> = (0..4).map(|_| unit(&mut stream(7, 1)).to_bits()).collect();
        let b: Vec<u64> = (0..4).map(|_| unit(&mut stream(7, 1)).to_bits()).collect();
        assert_eq!(a, b);
        assert_ne!(unit(&mut stream(7, 1)), unit(&mut stream(7, 2)));
        assert_ne!(unit(&mut stream(7, 1)), unit(&mut stream(8, 1)));
    }

    #[test]
    fn distributions_stay_in_range() {
        let mut rng = stream(1, 1);
        let cum = cumulative(&[1.0, 0.0, 3.0]);
        let mut seen = [0u32; 3];
        for _ in 0..4000 {
            seen[weighted(&mut rng, &cum)] += 1;
            let b = between(&mut rng, 5, 9);
            assert!((5..=9).contains(&b));
            assert!(lognormal(&mut rng, 10.0, 0.5) > 0.0);
        }
        assert_eq!(seen[1], 0);
        assert!(seen[2] > seen[0] * 2);
        assert_eq!(between(&mut rng, 3, 1), 3);
    }
}
