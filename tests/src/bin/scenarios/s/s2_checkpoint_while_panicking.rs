//! S2, G6: once SIGTERM started the shutdown, a `checkpoint()` in a `Drop`
//! that runs for an ordinary panic behaves as `exit(143)` there: it can't
//! unwind a second time, so the process ends at once with one line, by
//! SIGTERM.

use exit_policy::{checkpoint, exit_requested};
use exit_policy_tests::{block_on, handle_signals_with_a_hook, ready};

/// A `Drop` that calls `checkpoint()`: on a thread unwinding for an exit,
/// it returns.
struct CheckpointOnDrop(&'static str);

impl Drop for CheckpointOnDrop {
    fn drop(&mut self) {
        checkpoint(); // SITE: checkpoint while panicking
        println!("{}: checkpoint returned", self.0);
    }
}

pub fn main() {
    handle_signals_with_a_hook();
    let waiter = std::thread::spawn(|| block_on(exit_requested()));
    ready();
    println!("shutdown started: {}", waiter.join().unwrap());
    let _checks = CheckpointOnDrop("unreachable: the panic's drop");
    panic!("an ordinary panic during the shutdown"); // SITE: panic
}
