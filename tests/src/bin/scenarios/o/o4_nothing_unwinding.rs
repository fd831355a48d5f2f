//! O4: a signal's shutdown whose `main` never reaches a checkpoint: the
//! deadline's line says that no thread was unwinding for it.

use std::time::Duration;

use exit_policy::set_deadline;
use exit_policy_tests::ready;

pub fn main() {
    exit_policy::handle_signals().expect("signal handlers");
    set_deadline(Some(Duration::from_millis(200)));
    ready();
    loop {
        std::thread::sleep(Duration::from_millis(1));
    }
}
