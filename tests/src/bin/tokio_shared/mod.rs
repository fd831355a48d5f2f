//! The cases the `a7_policy_*_tokio_main_*` programs share; each program differs only in
//! how its `main` combines `#[tokio::main]` and `#[exit_policy(graceful)]`.
//!
//! The cases, run as `a7_policy_* CASE`:
//! - `g1_exit_deep_in_awaited_code`: an exit three annotated `async fn`s deep, across timer and
//!   yield awaits, drops each frame's values innermost first, then main's,
//!   runs the hook and ends with 3 (G1, G2);
//! - `g7_task_exit_through_a_join`: a spawned task exits with 4; its supervisor task gets the
//!   request from `JoinError::into_panic`, `resume_if_exit` continues it
//!   there, and again in main: every value drops, then the hook, status 4 (G7);
//! - `g3_detached_task_exit`: a task nobody joins exits with 5: tokio drops the request,
//!   which ends the process with 5, the hook and one line on stderr (G3, G7);
//! - `h1_main_returns`: main returns normally: the hook sees 0.

use std::time::Duration;

use exit_policy::{Policy, current_policy, exit, exit_policy, resume_if_exit};

pub struct Noisy(pub &'static str);

impl Drop for Noisy {
    fn drop(&mut self) {
        println!("drop {}", self.0);
    }
}

pub async fn run(case: &str) {
    let _value = Noisy("run");
    match case {
        "g1_exit_deep_in_awaited_code" => level(2).await,
        "g7_task_exit_through_a_join" => {
            let supervisor = tokio::spawn(supervise());
            join(supervisor).await;
        }
        "g3_detached_task_exit" => {
            drop(tokio::spawn(worker(5)));
            // Main never finishes: the detached task's exit ends the process.
            std::future::pending::<()>().await;
        }
        _ => {
            println!("main: returning");
            return;
        }
    }
    println!("unreachable: after the {case} scenario");
}

#[exit_policy(graceful)]
async fn level(depth: u32) {
    let _value = Noisy(["level 0", "level 1", "level 2"][depth as usize]);
    tokio::time::sleep(Duration::from_millis(1)).await;
    tokio::task::yield_now().await;
    assert_eq!(current_policy(), Some(Policy::Graceful));
    if depth == 0 {
        println!("level 0: exit(3)");
        exit(3);
    }
    Box::pin(level(depth - 1)).await;
}

async fn supervise() {
    let _value = Noisy("supervisor task");
    join(tokio::spawn(worker(4))).await;
    println!("unreachable: supervisor after join");
}

/// The `resume_if_exit` pattern for tokio: a task's exit continues here.
async fn join(handle: tokio::task::JoinHandle<()>) {
    match handle.await {
        Ok(()) => {}
        Err(error) if error.is_panic() => {
            std::panic::resume_unwind(resume_if_exit(error.into_panic()));
        }
        Err(error) => println!("task cancelled: {error}"),
    }
}

async fn worker(code: i32) {
    let _value = Noisy("worker task");
    tokio::task::yield_now().await;
    // On a worker thread nothing is annotated: `None`, and `exit` is
    // graceful by default (P2, P3). A current-thread runtime polls tasks on
    // main's thread, inside main's annotated frame: main's policy (P1).
    println!("worker task: policy {:?}, exit({code})", current_policy());
    exit(code); // SITE: worker exit
}
