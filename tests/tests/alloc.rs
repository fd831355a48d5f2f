//! The happy path allocates nothing (P1, W1, W2): a counting global
//! allocator sees zero heap allocations across many calls of annotated sync
//! functions and many calls and polls of annotated `async fn`s, driven by a
//! the tests crate's one executor, which has a no-op waker.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::task::{Context, Waker};

use exit_policy::{Policy, current_policy, exit_policy};
use exit_policy_tests::{YieldOnce, block_on_counting};

/// Counts the allocations of threads that asked to be counted, per thread,
/// so that tests running in parallel do not see each other's.
struct Counting;

thread_local! {
    // `const` and no `Drop`: using them never allocates.
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn count() {
    if COUNTING.get() {
        ALLOCATIONS.set(ALLOCATIONS.get() + 1);
    }
}

#[allow(unsafe_code)]
// SAFETY: forwards every call to `System` unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations `f` makes on this thread.
fn allocations_in(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.get();
    COUNTING.set(true);
    f();
    COUNTING.set(false);
    ALLOCATIONS.get() - before
}

#[exit_policy(graceful)]
async fn graceful_step(n: u64) -> u64 {
    YieldOnce::default().await;
    assert_eq!(current_policy(), Some(Policy::Graceful));
    immediate_step(n).await + 1
}

#[exit_policy(immediate)]
async fn immediate_step(n: u64) -> u64 {
    YieldOnce::default().await;
    assert_eq!(current_policy(), Some(Policy::Immediate));
    YieldOnce::default().await;
    n * 2
}

#[exit_policy(graceful)]
fn graceful_sync(n: u64) -> u64 {
    immediate_sync(n) + 1
}

#[exit_policy(immediate)]
fn immediate_sync(n: u64) -> u64 {
    n * 2
}

/// Runs `future` with the tests crate's one executor, adding its polls to
/// `polls`.
fn block_on<F: Future>(future: F, polls: &mut u32) -> F::Output {
    let (value, taken) = block_on_counting(future);
    *polls += taken;
    value
}

const CALLS: u64 = 10_000;

#[test]
fn the_counting_allocator_counts() {
    // Guard against a vacuous zero: a Box inside the window is seen.
    assert_eq!(allocations_in(|| drop(black_box(Box::new(1_u64)))), 1);
}

#[test]
fn p1_annotated_async_calls_and_polls_allocate_nothing() {
    let mut polls = 0;
    let mut sum = 0;
    let allocations = allocations_in(|| {
        for n in 0..CALLS {
            sum += block_on(graceful_step(black_box(n)), &mut polls);
        }
    });
    assert_eq!(sum, (0..CALLS).map(|n| n * 2 + 1).sum::<u64>());
    // Three awaits that each return Pending once: four polls per call.
    assert_eq!(u64::from(polls), 4 * CALLS);
    assert_eq!(allocations, 0, "over {CALLS} calls and {polls} polls");
    assert_eq!(current_policy(), None);
}

#[test]
fn p1_annotated_sync_calls_allocate_nothing() {
    let mut sum = 0;
    let allocations = allocations_in(|| {
        for n in 0..CALLS {
            sum += graceful_sync(black_box(n));
        }
    });
    assert_eq!(sum, (0..CALLS).map(|n| n * 2 + 1).sum::<u64>());
    assert_eq!(allocations, 0, "over {CALLS} calls");
}

#[test]
fn w1_a_closure_in_scope_allocates_nothing() {
    let mut sum = 0;
    let allocations = allocations_in(|| {
        for n in 0..CALLS {
            sum += Policy::Immediate.in_scope(|| {
                assert_eq!(current_policy(), Some(Policy::Immediate));
                black_box(n) * 2
            });
        }
    });
    assert_eq!(sum, (0..CALLS).map(|n| n * 2).sum::<u64>());
    assert_eq!(allocations, 0, "over {CALLS} calls");
}

#[test]
fn w2_a_wrapped_future_allocates_nothing_per_call_or_poll() {
    let mut polls = 0;
    let mut sum = 0;
    let allocations = allocations_in(|| {
        for n in 0..CALLS {
            let task = Policy::Graceful.wrap(async move {
                YieldOnce::default().await;
                assert_eq!(current_policy(), Some(Policy::Graceful));
                black_box(n) + 1
            });
            sum += block_on(task, &mut polls);
        }
    });
    assert_eq!(sum, (0..CALLS).map(|n| n + 1).sum::<u64>());
    assert_eq!(u64::from(polls), 2 * CALLS);
    assert_eq!(allocations, 0, "over {CALLS} calls and {polls} polls");
}

#[test]
fn s3_futures_that_wait_and_are_dropped_leave_nothing_behind() {
    let poll_once = || {
        let mut waiting = pin!(exit_policy::exit_requested());
        let polled = waiting
            .as_mut()
            .poll(&mut Context::from_waker(Waker::noop()));
        assert!(polled.is_pending());
    };
    // The first wait gives the shutdown state its room for wakers.
    poll_once();
    let allocations = allocations_in(|| {
        for _ in 0..CALLS {
            poll_once();
        }
    });
    assert_eq!(allocations, 0, "over {CALLS} futures that waited once");
}
