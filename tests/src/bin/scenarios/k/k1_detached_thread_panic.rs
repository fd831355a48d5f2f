//! K1: after `handle_panics()`, a detached thread's panic stops main at its
//! `checkpoint()`: main unwinds (its guard drops), the hook sees 101, and
//! the status is 101. The panic message is std's, unchanged.
//!
//! With `k1_detached_thread_panic_with_a_deadline`, main's guard hangs instead and a 200 ms deadline cuts
//! the shutdown; its line names the panic (K3).

use std::time::Duration;

use exit_policy::{at_exit, checkpoint, handle_panics, set_deadline};
use exit_policy_tests::{Hangs, Noisy};

pub fn main(mode: &'static str) {
    at_exit(|status| println!("hook: status {status}"));
    handle_panics();
    handle_panics(); // a second call does nothing
    let _guard = Noisy("main's guard");
    let _hangs = (mode == "deadline").then(|| {
        set_deadline(Some(Duration::from_millis(200)));
        Hangs
    });
    drop(
        std::thread::Builder::new()
            .name("worker".into())
            .spawn(|| panic!("the worker's bug")) // SITE: worker panic
            .unwrap(),
    );
    loop {
        checkpoint();
        std::thread::yield_now();
    }
}
