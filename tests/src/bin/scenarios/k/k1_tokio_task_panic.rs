//! K1 in tokio: a spawned task panics and nobody awaits its handle.
//!
//! - `k1_tokio_task_panic_handled`: after `handle_panics()`, the panic starts a shutdown with
//!   101: `exit_requested()` completes in main's `select!`, main exits with
//!   that code, its guard drops, and the hook sees 101.
//! - `k1_tokio_task_panic_unhandled`: without it nothing changes (G5): tokio keeps the panic
//!   in the task, main's timer fires, and main returns with 0.

use std::time::Duration;

use exit_policy::{at_exit, exit, exit_requested, exiting, handle_panics};
use exit_policy_tests::Noisy;

pub fn main(mode: &'static str) {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime")
        .block_on(service(mode == "handled"));
}

async fn service(handled: bool) {
    at_exit(|status| println!("hook: status {status}"));
    if handled {
        handle_panics();
    }
    let _guard = Noisy("main's guard");
    drop(tokio::spawn(async { panic!("a task's bug") })); // SITE: task panic
    tokio::select! {
        code = exit_requested() => {
            println!("exit_requested: {code}");
            exit(code);
        }
        () = tokio::time::sleep(Duration::from_millis(if handled { 10_000 } else { 300 })) => {
            println!("main: the service runs on, exiting() = {:?}", exiting());
        }
    }
}
