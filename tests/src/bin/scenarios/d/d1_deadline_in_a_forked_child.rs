//! D1 after `fork`: the parent's deadline watchdog is running (a first
//! shutdown, caught, started it) when the parent forks. The child has the
//! deadline but not the watchdog's thread: its own shutdown, `exit(4)`
//! with a `Drop` that hangs, is still cut after 200 ms, by a watchdog of
//! its own. The parent reports how the child ended.

#![allow(unsafe_code)] // fork and waitpid, which std does not offer

use std::time::Duration;

use exit_policy::{catch_exit, exit, resume_if_exit, set_deadline};

/// Hangs for ever when dropped.
struct Hangs;

impl Drop for Hangs {
    fn drop(&mut self) {
        println!("child: a drop hangs");
        loop {
            std::thread::park();
        }
    }
}

pub fn main() {
    set_deadline(Some(Duration::from_millis(200)));
    let caught = catch_exit(|| {
        let Err(payload) = std::thread::spawn(|| exit(2)).join();
        std::panic::resume_unwind(resume_if_exit(payload));
    });
    println!("parent: caught {:?}", caught.map_err(|exit| exit.code()));
    // The catch woke the watchdog, which looks at the shutdown's state under
    // its lock: a fork in that moment would leave the child a lock nobody
    // lets go. Once it waits again, idle, it holds none.
    exit_policy_tests::wait_until(|| exit_policy_tests::thread_idle("exit-policy-dea"));
    // SAFETY: the other threads (the idle watchdog) hold no lock the child
    // takes; the child only unwinds, prints and ends.
    let child = unsafe { libc::fork() };
    if child == 0 {
        let _hangs = Hangs;
        exit(4); // SITE: child exit
    }
    println!(
        "parent: the child {}",
        exit_policy_tests::wait_for_child(child)
    );
}
