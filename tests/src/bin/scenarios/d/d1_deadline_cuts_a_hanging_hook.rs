//! D1: with a 200 ms deadline, an `at_exit` hook hangs during `exit(4)`: the
//! process ends with 4 soon after the limit, with one line.

use std::time::Duration;

use exit_policy::{at_exit, exit, set_deadline};
use exit_policy_tests::handle_signals_with_a_hook;

pub fn main() {
    handle_signals_with_a_hook();
    set_deadline(Some(Duration::from_millis(200)));
    let hang = |status| {
        println!("hook: status {status}, hanging");
        loop {
            std::thread::park();
        }
    };
    at_exit(hang); // SITE: hanging hook
    println!("exiting");
    exit(4); // SITE: deadline hook exit
}
