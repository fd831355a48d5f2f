//! S7: with `set_signal_status(Some(0))`, SIGTERM's orderly shutdown ends
//! with 0 (the hooks see 0); a deadline cut still dies by the signal.

use std::time::Duration;

use exit_policy::{at_exit, checkpoint, exiting, set_deadline, set_signal_status};
use exit_policy_tests::{Hangs, Noisy, ready};

/// Prints what `exiting()` says while it drops.
struct Says;

impl Drop for Says {
    fn drop(&mut self) {
        println!("drop: exiting() = {:?}", exiting());
    }
}

pub fn main(hang: bool) {
    exit_policy::handle_signals().expect("signal handlers");
    set_signal_status(Some(0));
    if hang {
        set_deadline(Some(Duration::from_millis(200)));
    }
    at_exit(|status| println!("hook: status {status}"));
    let _guard = Noisy("main's guard");
    let _hangs = if hang { Some(Hangs) } else { None };
    let _says = Says;
    ready();
    loop {
        checkpoint();
        std::thread::sleep(Duration::from_millis(1));
    }
}
