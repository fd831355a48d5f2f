//! S3: `exit_requested()` in `tokio::select!` against a ticking timer, on
//! the runtime flavour the argument names (`s3_exit_requested_in_select_current_thread` or `s3_exit_requested_in_select_multi_thread`); SIGTERM
//! completes it with 143 while the runtime kept ticking.

use std::pin::pin;
use std::time::Duration;

use exit_policy::{exit, exit_requested};
use exit_policy_tests::{Noisy, handle_signals_with_a_hook, ready};

fn exit_requested_in_select(runtime: &tokio::runtime::Runtime) {
    runtime.block_on(async {
        let _guard = Noisy("main's guard");
        let mut ticks = tokio::time::interval(Duration::from_millis(5));
        let mut ticked = false;
        let mut requested = pin!(exit_requested());
        ready();
        loop {
            tokio::select! {
                code = &mut requested => {
                    println!("exit_requested: {code}");
                    exit(code);
                }
                _ = ticks.tick() => {
                    if !ticked {
                        ticked = true;
                        println!("ticking while exit_requested waits");
                    }
                }
            }
        }
    });
}

pub fn main(mode: &'static str) {
    handle_signals_with_a_hook();
    let runtime = match mode {
        "current" => tokio::runtime::Builder::new_current_thread(),
        "multi" => {
            let mut multi = tokio::runtime::Builder::new_multi_thread();
            multi.worker_threads(2);
            multi
        }
        other => panic!("unknown flavour {other:?}"),
    }
    .enable_all()
    .build()
    .expect("a runtime");
    exit_requested_in_select(&runtime);
}
