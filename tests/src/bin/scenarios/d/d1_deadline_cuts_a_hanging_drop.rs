//! D1: with a 200 ms deadline, a `Drop` hangs during `exit(4)`: the process
//! ends with 4 soon after the limit, with one line.

use std::time::Duration;

use exit_policy::{exit, set_deadline};
use exit_policy_tests::{Hangs, handle_signals_with_a_hook};

pub fn main() {
    handle_signals_with_a_hook();
    set_deadline(Some(Duration::from_millis(200)));
    let _hangs = Hangs;
    println!("exiting");
    exit(4); // SITE: deadline exit
}
