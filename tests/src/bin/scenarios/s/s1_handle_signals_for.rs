//! S1: `handle_signals_for` chooses the signals that start the shutdown;
//! the others keep their default action. Bad input is an error.

use std::time::Duration;

use exit_policy::{Signal, at_exit, checkpoint, handle_signals_for};
use exit_policy_tests::{Noisy, ready};

pub fn main() {
    let empty = handle_signals_for(&[]).expect_err("an empty list");
    println!("empty list: {:?}", empty.kind());
    // SIGHUP stays the program's: here, its default action.
    handle_signals_for(&[Signal::Interrupt, Signal::Terminate]).expect("signal handlers");
    at_exit(|status| println!("hook: status {status}"));
    let _guard = Noisy("main's guard");
    ready();
    loop {
        checkpoint();
        std::thread::sleep(Duration::from_millis(1));
    }
}
