//! P1 for `async fn`: the policy re-enters on every poll, survives
//! `.await`, follows the future onto another thread, and is gone between
//! polls. Prints what `current_policy()` reports at each point.

use std::future::Future;
use std::task::{Context, Waker};
use std::thread;

use exit_policy::{Policy, current_policy, exit_policy};
use exit_policy_tests::YieldOnce;

fn show(at: &str) {
    println!("{at}: {:?}", current_policy());
}

#[exit_policy(immediate)]
async fn hops() {
    show("immediate, first poll");
    YieldOnce::default().await;
    show("immediate, second poll, after the move");
}

#[exit_policy(graceful)]
async fn nested() {
    show("graceful, before await");
    YieldOnce::default().await;
    show("graceful, after await");
    inner_immediate().await;
    show("graceful, after awaiting an immediate fn");
    unannotated().await;
    show("graceful, after awaiting an unannotated fn");
}

#[exit_policy(immediate)]
async fn inner_immediate() {
    YieldOnce::default().await;
    show("immediate, nested, after await");
}

async fn unannotated() {
    // The caller's policy is active while it polls us (P1: innermost
    // annotated future being polled).
    YieldOnce::default().await;
    show("unannotated, awaited by graceful");
}

/// Awaits three kinds of await point, at least 100 times each and until
/// the task has been polled on two worker threads; returns whether the
/// policy was `graceful` after every await, and whether the task moved.
#[exit_policy(graceful)]
async fn on_workers() -> (bool, bool) {
    let mut threads = std::collections::HashSet::new();
    let mut held = true;
    let mut check = || {
        threads.insert(thread::current().id());
        held &= current_policy() == Some(Policy::Graceful);
        threads.len()
    };
    let mut rounds = 0;
    while rounds < 10_000 {
        rounds += 1;
        tokio::task::yield_now().await;
        check();
        // Woken from a blocking-pool thread: the task goes to the shared
        // queue, and whichever worker is idle picks it up.
        tokio::task::spawn_blocking(|| ()).await.expect("blocking");
        check();
        // A task spawned from here runs elsewhere and does not inherit (P3).
        let spawned = tokio::spawn(async { current_policy() })
            .await
            .expect("task");
        assert_eq!(spawned, None, "a spawned task inherited the policy");
        if check() > 1 && rounds >= 100 {
            break;
        }
    }
    (held, threads.len() > 1)
}

pub fn main() {
    show("main, nothing annotated");

    // Poll by hand on one thread, then move the future to another thread.
    let mut future = Box::pin(hops());
    let mut cx = Context::from_waker(Waker::noop());
    assert!(future.as_mut().poll(&mut cx).is_pending());
    show("first thread, between polls");
    let first = thread::current().id();
    let moved = thread::spawn(move || {
        let mut cx = Context::from_waker(Waker::noop());
        assert!(future.as_mut().poll(&mut cx).is_ready());
        show("second thread, after the last poll");
        thread::current().id()
    })
    .join()
    .expect("second thread");
    println!("moved to another thread: {}", moved != first);

    // Nesting: each await restores the innermost annotated future's policy.
    let mut future = Box::pin(nested());
    while future.as_mut().poll(&mut cx).is_pending() {
        show("executor, between polls");
    }

    // On a multi-thread tokio runtime, across many awaits and worker moves.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .build()
        .expect("runtime");
    let (held, moved) = runtime
        .block_on(async { tokio::spawn(on_workers()).await })
        .expect("task");
    println!("tokio: polled on more than one worker: {moved}");
    println!("tokio: graceful after every await: {held}");
    show("main, at the end");
}
