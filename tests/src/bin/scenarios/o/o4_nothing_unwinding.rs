//! O4: what the deadline's line names when no hook runs: no thread
//! unwinding for the shutdown, or the thread ending the process.

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

extern "C" fn hangs() {
    println!("atexit: hanging");
    std::thread::sleep(Duration::from_secs(60));
}

/// O4: `main` returns after `request_exit(3)` and ends the process; a libc
/// `atexit` handler hangs after the hooks: the line names `main` as the
/// thread ending the process.
#[allow(unsafe_code)] // libc's atexit, which std does not offer
pub fn past_the_hooks() {
    set_deadline(Some(Duration::from_millis(200)));
    // SAFETY: `hangs` is an `extern "C" fn()` that never unwinds.
    let registered = unsafe { libc::atexit(hangs) };
    assert_eq!(registered, 0, "atexit");
    exit_policy::at_exit(|status| println!("hook: status {status}"));
    exit_policy::request_exit(3); // SITE: past the hooks
}

/// O4: a deadline shorter than the drain cuts it: the line says so.
pub fn during_the_drain() {
    exit_policy::handle_signals().expect("signal handlers");
    exit_policy::set_drain_delay(Some(Duration::from_secs(60)));
    set_deadline(Some(Duration::from_millis(200)));
    ready();
    loop {
        exit_policy::checkpoint();
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// O4: a named worker's exit hangs in a `Drop`; `main` asks for an exit
/// too (it loses, G6) and waits for the worker at its end: the line names
/// the worker, although `main` asked last.
pub fn a_named_worker_hangs() {
    set_deadline(Some(Duration::from_millis(200)));
    let _worker = std::thread::Builder::new()
        .name("uploader".into())
        .spawn(|| {
            let _hangs = exit_policy_tests::Hangs;
            exit_policy::exit(4); // SITE: uploader exit
        })
        .expect("a worker");
    exit_policy_tests::wait_until(|| exit_policy::exiting().is_some());
    exit_policy::exit(7);
}
