//! G10: `request_exit` starts the shutdown and returns; the process ends
//! with its code at `main`'s end, after `main`'s destructors and the hooks.

use std::time::Duration;

use exit_policy::{at_exit, checkpoint, exit, exiting, request_exit};
use exit_policy_tests::Noisy;

fn hook() {
    at_exit(|status| println!("hook: status {status}"));
}

/// From a thread nobody joins: it goes on; `main`'s loop stops at its
/// checkpoint.
pub fn from_a_worker() {
    hook();
    let _guard = Noisy("main's guard");
    std::thread::spawn(|| {
        request_exit(3); // SITE: worker request
        println!("worker: request_exit returned, exiting() = {:?}", exiting());
    });
    loop {
        checkpoint();
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// `main` returns after asking: it ends with the code asked for.
pub fn then_main_returns() {
    hook();
    let _guard = Noisy("main's guard");
    request_exit(3); // SITE: main request
    println!("main: request_exit returned, exiting() = {:?}", exiting());
}

/// The first request fixes the status (G6): a later `request_exit` and a
/// later `exit` change nothing.
pub fn the_first_request_wins() {
    hook();
    let _guard = Noisy("main's guard");
    request_exit(3);
    request_exit(5);
    println!("main: exiting() = {:?}", exiting());
    exit(4);
}
