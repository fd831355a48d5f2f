//! S1, S2, S5: main loops on `checkpoint()`; SIGTERM unwinds it (its
//! guards drop, the buffered report is flushed), the hook sees 143, and the
//! process dies by SIGTERM. A `checkpoint()` in a `Drop` on the way, and
//! one in the hook, return.

use std::io::{BufWriter, Write};
use std::time::Duration;

use exit_policy::checkpoint;
use exit_policy_tests::{Noisy, handle_signals_with_a_hook, ready};

/// A `Drop` that calls `checkpoint()`: on a thread unwinding for an exit,
/// it returns.
struct CheckpointOnDrop(&'static str);

impl Drop for CheckpointOnDrop {
    fn drop(&mut self) {
        checkpoint(); // SITE: checkpoint while panicking
        println!("{}: checkpoint returned", self.0);
    }
}

fn work() {
    let _guard = Noisy("the loop's guard");
    let _checks = CheckpointOnDrop("the loop's drop");
    loop {
        checkpoint();
        std::thread::sleep(Duration::from_millis(1));
    }
}

pub fn main() {
    handle_signals_with_a_hook();
    let _main_guard = Noisy("main's guard");
    let mut report = BufWriter::new(std::io::stdout());
    writeln!(report, "report: buffered, flushed when the loop unwinds").unwrap();
    ready();
    work();
}
