//! O1: a service speaks systemd's notify protocol: `READY=1` when it is
//! ready, then, at a shutdown's start, `STOPPING=1` and why, and, while a
//! shutdown with a deadline runs, `EXTEND_TIMEOUT_USEC=` until it ends.

use std::time::Duration;

use exit_policy::{checkpoint, exit, handle_panics, notify_ready, set_deadline};
use exit_policy_tests::ready;

/// A `Drop` that takes `0.7 s`: longer than one extension interval of a
/// 1 s deadline (a quarter of it).
struct Slow;

impl Drop for Slow {
    fn drop(&mut self) {
        std::thread::sleep(Duration::from_millis(700));
        println!("slow drop: done");
    }
}

/// How the shutdown starts: `signal` (the test sends SIGTERM), `exit`, or
/// `panic` (on a worker, under `handle_panics`).
pub fn main(start: &str) {
    exit_policy::handle_signals().expect("signal handlers");
    set_deadline(Some(Duration::from_secs(1)));
    notify_ready().expect("READY=1");
    let _slow = Slow;
    match start {
        "exit" => exit(3), // SITE: o1 exit
        "panic" => {
            handle_panics();
            std::thread::Builder::new()
                .name("worker".into())
                .spawn(|| panic!("a worker's bug")) // SITE: o1 panic
                .expect("a worker");
        }
        _ => ready(),
    }
    loop {
        checkpoint();
        std::thread::sleep(Duration::from_millis(1));
    }
}
