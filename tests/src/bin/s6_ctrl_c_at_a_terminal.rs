//! S6: with stderr at a terminal, the first Ctrl-C of a shutdown says that
//! the shutdown started and that a second one stops the process at once.
//! The loop stops at its checkpoint, the hook runs, and the process dies by
//! SIGINT. The test runs it on a pseudo-terminal and types Ctrl-C.

use exit_policy::{checkpoint, exit_policy};
use exit_policy_tests::{handle_signals_with_a_hook, ready};

#[exit_policy(graceful)]
fn main() {
    handle_signals_with_a_hook();
    ready();
    loop {
        checkpoint();
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
}
