//! S1 after `fork`: the parent handles signals, then forks. The child keeps
//! the handlers but not the thread that serves them; it calls
//! `handle_signals()` again, which serves them in the child. SIGTERM to the
//! child then stops it in order: its loop unwinds, its hook runs, and it
//! dies by SIGTERM, which the parent reports.

#![allow(unsafe_code)] // fork and waitpid, which std does not offer

use exit_policy::{at_exit, checkpoint, handle_signals};

pub fn main() {
    handle_signals().expect("signal handlers in the parent");
    // SAFETY: one thread besides the signal thread, which the child does
    // not get; the child calls only what is safe after a fork in a program
    // whose other threads hold no lock it takes (the allocator's, stdout's).
    let child = unsafe { libc::fork() };
    if child == 0 {
        handle_signals().expect("signal handlers in the child");
        at_exit(|status| println!("child's hook: status {status}"));
        println!("child ready: {}", std::process::id());
        loop {
            checkpoint();
            std::thread::yield_now();
        }
    }
    println!(
        "parent: the child {}",
        exit_policy_tests::wait_for_child(child)
    );
}
