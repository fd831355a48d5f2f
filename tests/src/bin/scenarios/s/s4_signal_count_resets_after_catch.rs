//! S4 counts the signals of one shutdown. A SIGINT joins a shutdown that
//! another thread's `exit(2)` started, continued on main; `catch_exit` then
//! catches that exit and the process
//! runs again. The next SIGINT is a first one again (S1): a graceful
//! shutdown, every `Drop` and the hook, then death by SIGINT (S5), not an
//! end at once.

use exit_policy::{at_exit, catch_exit, checkpoint, exiting, handle_signals};
use exit_policy_tests::{exit_on_another_thread, signal_thread_blocked, wait_until};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

struct Guard(&'static str);

impl Drop for Guard {
    fn drop(&mut self) {
        println!("dropped {}", self.0);
    }
}

/// During the unwind for `exit(2)`: says it is ready, then waits until the
/// SIGINT that joins the shutdown arrived and exit-policy's signal thread
/// has dealt with it (it blocked again since).
struct JoinedBySigint(Arc<AtomicUsize>);

impl Drop for JoinedBySigint {
    fn drop(&mut self) {
        wait_until(|| signal_thread_blocked().is_some());
        let blocked = signal_thread_blocked();
        println!("unwinding for exit(2): send SIGINT");
        wait_until(|| self.0.load(Ordering::SeqCst) == 1);
        wait_until(|| signal_thread_blocked() > blocked);
    }
}

pub fn main() {
    handle_signals().unwrap();
    // A second observer of SIGINT, so that the program knows it came: it
    // stores 1 on each arrival.
    let sigints = Arc::new(AtomicUsize::new(0));
    signal_hook::flag::register_usize(signal_hook::consts::SIGINT, Arc::clone(&sigints), 1)
        .unwrap();
    at_exit(|status| println!("hook: status {status}"));
    let _guard = Guard("main's guard");
    let caught = catch_exit(|| {
        let _joined = JoinedBySigint(Arc::clone(&sigints));
        exit_on_another_thread(2)
    });
    println!(
        "caught {:?}, exiting() = {:?}",
        caught.map_err(|e| e.code()).unwrap_err(),
        exiting()
    );
    sigints.store(0, Ordering::SeqCst);
    println!("running again: send SIGINT");
    loop {
        checkpoint();
        std::thread::yield_now();
    }
}
