//! S3, S4: nothing reaches a checkpoint; a thread waiting on
//! `exit_requested()` says when the first SIGINT started the shutdown; a
//! second SIGINT ends the process at once by SIGINT: no guard, no hook.

use exit_policy::exit_requested;
use exit_policy_tests::{Noisy, block_on, handle_signals_with_a_hook, ready};

pub fn main() {
    handle_signals_with_a_hook();
    let _guard = Noisy("main's guard");
    std::thread::spawn(|| {
        let code = block_on(exit_requested());
        println!("shutdown started: {code}");
    });
    ready();
    loop {
        std::thread::park();
    }
}
