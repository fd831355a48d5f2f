//! S1: `handle_signals_for` chooses the signals that start the shutdown;
//! the others keep their default action. Bad input is an error.

use std::time::Duration;

use exit_policy::{Signal, at_exit, checkpoint, handle_signals_for};
use exit_policy_tests::{Noisy, ready};

/// `add_hangup`: a second call adds SIGHUP to the signals handled.
pub fn main(add_hangup: bool) {
    let empty = handle_signals_for(&[]).expect_err("an empty list");
    println!("empty list: {:?}", empty.kind());
    // SIGHUP stays the program's: here, its default action.
    handle_signals_for(&[Signal::Interrupt, Signal::Terminate]).expect("signal handlers");
    if add_hangup {
        handle_signals_for(&[Signal::Hangup, Signal::Terminate]).expect("SIGHUP too");
    }
    at_exit(|status| println!("hook: status {status}"));
    let _guard = Noisy("main's guard");
    ready();
    loop {
        checkpoint();
        std::thread::sleep(Duration::from_millis(1));
    }
}
