//! D1, S5: a hanging `Drop` during a SIGTERM shutdown with a 200 ms
//! deadline: cut by the deadline, the process dies by SIGTERM.

use std::time::Duration;

use exit_policy::{checkpoint, set_deadline};
use exit_policy_tests::{Hangs, handle_signals_with_a_hook, ready};

pub fn main() {
    handle_signals_with_a_hook();
    set_deadline(Some(Duration::from_millis(200)));
    let _hangs = Hangs;
    ready();
    loop {
        checkpoint();
        std::thread::sleep(Duration::from_millis(1));
    }
}
