//! D1: the deadline is set (twice: 10 s, then 200 ms) by a `Drop` during the
//! shutdown; it counts from the shutdown's start, one watchdog keeps it, and
//! it cuts the hang with one line.

use std::time::Duration;

use exit_policy::{exit, set_deadline};
use exit_policy_tests::{handle_signals_with_a_hook, thread_count};

/// Sets the deadline twice from inside the shutdown, says how many threads
/// that started (one watchdog, however often it is set), then hangs.
struct SetsDeadlineThenHangs;

impl Drop for SetsDeadlineThenHangs {
    fn drop(&mut self) {
        let before = thread_count();
        set_deadline(Some(Duration::from_secs(10)));
        set_deadline(Some(Duration::from_millis(200)));
        println!("drop: {} thread started, hanging", thread_count() - before);
        std::thread::sleep(Duration::from_secs(60));
    }
}

pub fn main() {
    handle_signals_with_a_hook();
    let _hangs = SetsDeadlineThenHangs;
    println!("exiting");
    exit(4); // SITE: deadline set late
}
