//! W1-W3: a policy for work that is not an annotated function.
//! The cases:
//! - `w2_spawned_immediate_task`: `tokio::spawn(Policy::Immediate.wrap(async { .. }))`
//!   on a multi-thread runtime: the task's `exit(7)` ends the process at
//!   once, with no destructor anywhere (main's, the task's) and no hook (W2);
//! - `w2_cancelled_immediate_task` / `w2_cancelled_graceful_task`: an annotated `async fn` is
//!   polled once, then dropped from unannotated code. A local of it whose
//!   `Drop` calls `exit` sees the future's own policy (W3): immediate ends
//!   at once with 8, no other destructor; graceful unwinds the dropping code,
//!   runs its destructors and the hook, and ends with 9;
//! - `w1_in_scope`: `Policy::Immediate.in_scope(|| callee())` where the
//!   graceful callee exits with 6: the callee's values drop, the unwind
//!   stops at the scope (I2), no caller's value drops, no hook (W1);
//! - `w1_in_scope_restores`: a graceful exit inside `Policy::Graceful.in_scope`
//!   is caught with `catch_exit`; the caller's policy is back (W1).

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Waker};

use exit_policy::{Policy, at_exit, catch_exit, current_policy, exit, exit_policy};
use exit_policy_tests::YieldOnce;

struct Noisy(&'static str);

impl Drop for Noisy {
    fn drop(&mut self) {
        println!("dropped {}", self.0);
    }
}

/// A local whose `Drop` asks to exit, and says under which policy.
struct ExitsOnDrop(i32);

impl Drop for ExitsOnDrop {
    fn drop(&mut self) {
        println!("exits-on-drop: dropped under {:?}", current_policy());
        exit(self.0);
    }
}

#[exit_policy(immediate)]
async fn immediate_task() {
    let _local = ExitsOnDrop(8);
    YieldOnce::default().await;
    println!("unreachable: the immediate task completed");
}

#[exit_policy(graceful)]
async fn graceful_task() {
    let _local = ExitsOnDrop(9);
    YieldOnce::default().await;
    println!("unreachable: the graceful task completed");
}

/// Polls `future` once, then drops it: a cancellation, from code without a
/// policy of its own.
fn cancel(future: impl Future<Output = ()>) {
    let _caller = Noisy("canceller's value");
    {
        let mut future = pin!(future);
        let pending = future
            .as_mut()
            .poll(&mut Context::from_waker(Waker::noop()));
        println!(
            "polled once: {pending:?}; dropping it from {:?}",
            current_policy()
        );
    }
    println!("unreachable: the canceller went on");
}

#[exit_policy(graceful)]
fn callee() {
    let _value = Noisy("callee's value");
    println!("callee: exit(6) under {:?}", current_policy());
    exit(6);
}

fn spawn_immediate() {
    let _main_value = Noisy("main's value");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let task = tokio::spawn(Policy::Immediate.wrap(async {
            let _task_value = Noisy("task's value");
            tokio::task::yield_now().await;
            println!("task: exit(7) under {:?}", current_policy());
            exit(7);
        }));
        let _ = task.await;
        println!("unreachable: the task was joined");
    });
}

pub fn main(mode: &'static str) {
    at_exit(|status| println!("hook: status {status}"));
    match mode {
        "spawn-immediate" => spawn_immediate(),
        "cancel-immediate" => cancel(immediate_task()),
        "cancel-graceful" => cancel(graceful_task()),
        "in-scope" => {
            let _caller = Noisy("caller's value");
            Policy::Immediate.in_scope(callee);
            println!("unreachable: in_scope returned");
        }
        "in-scope-restores" => {
            let caught = catch_exit(|| Policy::Graceful.in_scope(callee));
            println!(
                "caught exit({}); policy now {:?}",
                caught.unwrap_err().code(),
                current_policy()
            );
        }
        other => panic!("unknown mode {other:?}"),
    }
}
