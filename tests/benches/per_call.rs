//! What `#[exit_policy(..)]` adds to a call, against
//! the same plain `#[inline(never)]` function, what it adds to each poll
//! of an `async fn`, against the same plain `async fn`, and what a
//! `checkpoint()` adds to a loop iteration, against the same empty one.
//!
//! Two parts, one binary:
//! - divan's table (`cargo bench -p exit-policy-tests --features bench --bench per_call`),
//!   with its allocation profiler: the annotated rows show 0 allocations;
//! - the budget check: the three variants measured in alternating rounds
//!   (order rotated every round), each figure printed with its baseline, the
//!   median of the per-round differences and the ratio, against the budget
//!   (1 ns per call or poll; 0.3 ns per checkpoint).
//!
//! Under `cargo test` or `-- --test`, divan runs each benchmark once and the
//! budget check runs a few short rounds without judging them (smoke pass).

use std::future::Future;
use std::hint::black_box;
use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};
use std::time::Instant;

use exit_policy::exit_policy;

#[global_allocator]
static ALLOC: divan::AllocProfiler = divan::AllocProfiler::system();

/// The functions under test: three copies of one body (a lookup, `?`, an
/// early `return`, and a call that can unwind, so the guard needs a landing
/// pad as it would in real code).
mod subject {
    use exit_policy::exit_policy;

    static TABLE: [u64; 64] = {
        let mut table = [0; 64];
        let mut i = 0;
        while i < 64 {
            table[i] = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
            i += 1;
        }
        table
    };

    /// Can panic, so callers keep an unwind edge.
    #[inline(never)]
    fn step(x: u64) -> u64 {
        assert!(x != u64::MAX, "unreachable in the benchmark");
        x.rotate_left(7) ^ 0x5555
    }

    #[inline(never)]
    pub fn plain(i: u64) -> Option<u64> {
        let x = *TABLE.get(usize::try_from(i & 127).ok()?)?;
        if x == 0 {
            return None;
        }
        Some(step(x ^ i))
    }

    #[exit_policy(graceful)]
    #[inline(never)]
    pub fn graceful(i: u64) -> Option<u64> {
        let x = *TABLE.get(usize::try_from(i & 127).ok()?)?;
        if x == 0 {
            return None;
        }
        Some(step(x ^ i))
    }

    #[exit_policy(immediate)]
    #[inline(never)]
    pub fn immediate(i: u64) -> Option<u64> {
        let x = *TABLE.get(usize::try_from(i & 127).ok()?)?;
        if x == 0 {
            return None;
        }
        Some(step(x ^ i))
    }

    /// Pending once, then ready: one extra poll of the enclosing future.
    struct YieldOnce(bool);

    impl std::future::Future for YieldOnce {
        type Output = ();

        fn poll(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<()> {
            if self.0 {
                std::task::Poll::Ready(())
            } else {
                self.0 = true;
                std::task::Poll::Pending
            }
        }
    }

    /// Polled `YIELDS + 1` times.
    pub const YIELDS: u64 = 16;

    pub async fn plain_async(seed: u64) -> u64 {
        let mut acc = seed;
        for i in 0..YIELDS {
            YieldOnce(false).await;
            acc = acc.rotate_left(5) ^ i;
        }
        acc
    }

    #[exit_policy(graceful)]
    pub async fn graceful_async(seed: u64) -> u64 {
        let mut acc = seed;
        for i in 0..YIELDS {
            YieldOnce(false).await;
            acc = acc.rotate_left(5) ^ i;
        }
        acc
    }

    /// An iteration of a worker loop, without and with its checkpoint.
    #[inline(never)]
    pub fn iteration(i: u64) -> u64 {
        std::hint::black_box(i).wrapping_mul(3)
    }

    #[inline(never)]
    pub fn iteration_with_checkpoint(i: u64) -> u64 {
        exit_policy::checkpoint();
        std::hint::black_box(i).wrapping_mul(3)
    }

    #[exit_policy(immediate)]
    pub async fn immediate_async(seed: u64) -> u64 {
        let mut acc = seed;
        for i in 0..YIELDS {
            YieldOnce(false).await;
            acc = acc.rotate_left(5) ^ i;
        }
        acc
    }
}

/// Polls `future` to completion with a noop waker, no executor. As in an
/// executor, `poll` is an opaque call through the future's vtable: the
/// compiler can't merge the future's state machine into this loop.
#[allow(clippy::inline_always)] // the loop must hold no call but the measured one
#[inline(always)]
fn drive<F: Future<Output = u64>>(future: F) -> u64 {
    let future = pin!(future);
    let mut future: Pin<&mut dyn Future<Output = u64>> = black_box(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(value) = future.as_mut().poll(&mut cx) {
            return value;
        }
    }
}

mod sync_call {
    use super::subject;

    #[divan::bench]
    fn plain() -> Option<u64> {
        subject::plain(divan::black_box(5))
    }

    #[divan::bench]
    fn graceful() -> Option<u64> {
        subject::graceful(divan::black_box(5))
    }

    #[divan::bench]
    fn immediate() -> Option<u64> {
        subject::immediate(divan::black_box(5))
    }
}

/// One iteration is one whole future: `YIELDS + 1` polls.
mod async_17_polls {
    use super::{drive, subject};

    #[divan::bench]
    fn plain() -> u64 {
        drive(subject::plain_async(divan::black_box(5)))
    }

    #[divan::bench]
    fn graceful() -> u64 {
        drive(subject::graceful_async(divan::black_box(5)))
    }

    #[divan::bench]
    fn immediate() -> u64 {
        drive(subject::immediate_async(divan::black_box(5)))
    }
}

/// A worker loop's iteration, without and with `checkpoint()`.
mod checkpoint {
    use super::subject;

    #[divan::bench]
    fn plain() -> u64 {
        subject::iteration(divan::black_box(5))
    }

    #[divan::bench]
    fn checkpoint() -> u64 {
        subject::iteration_with_checkpoint(divan::black_box(5))
    }
}

/// Shows the allocation profiler at work: this row has `alloc:` lines, the
/// rows above have none because they allocate nothing.
mod control {
    #[divan::bench]
    #[allow(clippy::unnecessary_box_returns)] // the allocation is the point
    fn one_allocation() -> Box<u64> {
        Box::new(divan::black_box(5))
    }
}

/// The budget in nanoseconds per call (sync) or per poll (async).
const BUDGET_NS: f64 = 1.0;
/// The budget of a `checkpoint()`: within noise of an empty call.
const CHECKPOINT_BUDGET_NS: f64 = 0.3;

/// Nanoseconds per unit of `units` for `f` run `iterations` times.
#[allow(clippy::inline_always)] // the loop must hold no call but the measured one
#[inline(always)]
fn time_ns(iterations: u64, units: u64, mut f: impl FnMut(u64) -> u64) -> f64 {
    let start = Instant::now();
    for i in 0..iterations {
        black_box(f(black_box(i)));
    }
    #[allow(clippy::cast_precision_loss)]
    let ns = start.elapsed().as_nanos() as f64 / (iterations * units) as f64;
    ns
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        f64::midpoint(values[mid - 1], values[mid])
    }
}

/// Runs `variants` (the baseline first) in `rounds` alternating rounds and
/// prints each variant's median, its median difference from the baseline
/// within a round, and the ratio. Returns whether every difference is within
/// the budget.
fn compare(
    title: &str,
    unit: &str,
    budget: f64,
    judge: bool,
    rounds: usize,
    variants: &mut [(&str, &mut dyn FnMut() -> f64)],
) -> bool {
    let n = variants.len();
    let mut samples = vec![Vec::with_capacity(rounds); n];
    for round in 0..rounds {
        for k in 0..n {
            let v = (round + k) % n;
            samples[v].push((variants[v].1)());
        }
    }
    let mut base = samples[0].clone();
    let base_median = median(&mut base);
    println!("{title}");
    println!(
        "  {:<10} {:>10} {:>12} {:>8}   budget: +{budget} ns per {unit}",
        "variant", "median", "+ over plain", "ratio"
    );
    println!(
        "  {:<10} {:>7.3} ns {:>12} {:>8}",
        variants[0].0, base_median, "(baseline)", "1.000"
    );
    let mut within = true;
    for v in 1..n {
        let mut diffs: Vec<f64> = samples[v]
            .iter()
            .zip(&samples[0])
            .map(|(x, b)| x - b)
            .collect();
        let diff = median(&mut diffs);
        let med = median(&mut samples[v]);
        let ok = diff <= budget;
        within &= ok;
        println!(
            "  {:<10} {:>7.3} ns {:>+9.3} ns {:>8.3}   {}",
            variants[v].0,
            med,
            diff,
            med / base_median,
            match (judge, ok) {
                (false, _) => "",
                (true, true) => "ok",
                (true, false) => "OVER BUDGET",
            }
        );
    }
    within
}

fn budget_check(quick: bool) -> bool {
    let (rounds, calls) = if quick { (3, 10_000) } else { (301, 400_000) };
    let polls = subject::YIELDS + 1;
    let futures = calls / polls;
    println!(
        "\nbudget: {rounds} alternating rounds of {calls} calls (sync) and {futures} futures x {polls} polls (async); median of rounds"
    );
    let sync_ok = compare(
        "sync call, ns per call",
        "call",
        BUDGET_NS,
        !quick,
        rounds,
        &mut [
            ("plain", &mut || {
                time_ns(calls, 1, |i| subject::plain(i).unwrap_or(0))
            }),
            ("graceful", &mut || {
                time_ns(calls, 1, |i| subject::graceful(i).unwrap_or(0))
            }),
            ("immediate", &mut || {
                time_ns(calls, 1, |i| subject::immediate(i).unwrap_or(0))
            }),
        ],
    );
    let async_ok = compare(
        "async fn, ns per poll (noop waker, no executor)",
        "poll",
        BUDGET_NS,
        !quick,
        rounds,
        &mut [
            ("plain", &mut || {
                time_ns(futures, polls, |i| drive(subject::plain_async(i)))
            }),
            ("graceful", &mut || {
                time_ns(futures, polls, |i| drive(subject::graceful_async(i)))
            }),
            ("immediate", &mut || {
                time_ns(futures, polls, |i| drive(subject::immediate_async(i)))
            }),
        ],
    );
    let checkpoint_ok = compare(
        "checkpoint(), ns per loop iteration",
        "checkpoint",
        CHECKPOINT_BUDGET_NS,
        !quick,
        rounds,
        &mut [
            ("plain", &mut || time_ns(calls, 1, subject::iteration)),
            ("checkpoint", &mut || {
                time_ns(calls, 1, subject::iteration_with_checkpoint)
            }),
        ],
    );
    sync_ok && async_ok && checkpoint_ok
}

/// Sanity: the three copies compute the same thing, and the policy is
/// really active inside the annotated ones.
#[exit_policy(immediate)]
fn policy_inside_immediate() -> Option<exit_policy::Policy> {
    exit_policy::current_policy()
}

fn main() {
    for i in 0..200 {
        assert_eq!(subject::plain(i), subject::graceful(i));
        assert_eq!(subject::plain(i), subject::immediate(i));
        assert_eq!(
            drive(subject::plain_async(i)),
            drive(subject::graceful_async(i))
        );
        assert_eq!(
            drive(subject::plain_async(i)),
            drive(subject::immediate_async(i))
        );
    }
    assert_eq!(
        policy_inside_immediate(),
        Some(exit_policy::Policy::Immediate)
    );

    // divan: `cargo bench` passes `--bench`; `cargo test` and `-- --test`
    // mean one run of each benchmark.
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--test") || !args.iter().any(|a| a == "--bench");
    divan::main();

    let within = budget_check(quick);
    if quick {
        println!("(quick smoke pass: figures not judged)");
    } else if within {
        println!("budget: every figure within its budget");
    } else {
        println!("budget: OVER BUDGET");
        std::process::exit(1);
    }
}
