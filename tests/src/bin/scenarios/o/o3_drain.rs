//! O3: with a drain delay, a signal's (or `request_exit`'s) shutdown is
//! seen only by `draining()` until the delay passed: `exiting()` is `None`,
//! `checkpoint()` returns, `exit_requested()` waits. Then `main`'s loop
//! stops at its checkpoint. An `exit` on a worker during the drain ends it
//! early.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use exit_policy::{
    at_exit, checkpoint, draining, exit, exit_requested, exiting, request_exit, set_drain_delay,
};
use exit_policy_tests::{Noisy, ready};

/// What starts the shutdown.
#[derive(Clone, Copy)]
pub enum Start {
    Signal,
    Request,
}

/// The drain: long enough to see the program go on, short enough for a
/// test; a worker's exit during a long one ends it early.
const DELAY: Duration = Duration::from_millis(300);
const LONG: Duration = Duration::from_secs(60);

/// When `main`'s loop first saw `draining()`.
static SEEN: Mutex<Option<Instant>> = Mutex::new(None);

/// The thread that awaits `exit_requested()` saw it complete.
static AWAITED: AtomicBool = AtomicBool::new(false);

/// Says, as `main` unwinds, whether the drain held: `main` saw it start
/// within a loop's turn (1 ms), so it stops at most that much less than
/// the delay after; 50 ms is room for a busy machine's scheduling.
struct Measures(Duration);

impl Drop for Measures {
    fn drop(&mut self) {
        // Its line first, so that the order of the lines is fixed.
        exit_policy_tests::wait_until(|| AWAITED.load(Ordering::Acquire));
        let seen = SEEN.lock().unwrap().expect("the drain was seen");
        println!(
            "stopped after the drain delay: {}",
            seen.elapsed() + Duration::from_millis(50) >= self.0
        );
    }
}

pub fn main(start: Start, worker_exit: Option<i32>) {
    let delay = if worker_exit.is_some() { LONG } else { DELAY };
    exit_policy::handle_signals().expect("signal handlers");
    set_drain_delay(Some(delay));
    at_exit(|status| println!("hook: status {status}"));
    let _guard = Noisy("main's guard");
    let _measures = Measures(delay);
    std::thread::spawn(|| {
        let code = exit_policy_tests::block_on(exit_requested());
        println!("exit_requested: {code}, draining() = {}", draining());
        AWAITED.store(true, Ordering::Release);
    });
    println!("draining() = {}", draining());
    match start {
        Start::Signal => ready(),
        Start::Request => request_exit(0),
    }
    loop {
        if draining() && SEEN.lock().unwrap().is_none() {
            *SEEN.lock().unwrap() = Some(Instant::now());
            checkpoint(); // returns: the drain goes on
            println!("draining: exiting() = {:?}, checkpoint returned", exiting());
            if let Some(code) = worker_exit {
                std::thread::spawn(move || exit(code));
            }
        }
        checkpoint();
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// Joins the worker when dropped.
struct Joins(Option<std::thread::JoinHandle<()>>);

impl Drop for Joins {
    fn drop(&mut self) {
        if let Some(worker) = self.0.take() {
            let _ = worker.join();
            println!("main: the worker stopped at its checkpoint");
        }
    }
}

/// An `exit` unwinds: its shutdown does not drain, whatever the delay; the
/// worker stops at its checkpoint at once. (Were it to drain, the worker
/// would go on until the deadline cut the process, with a line.)
pub fn an_exit_does_not_drain() {
    set_drain_delay(Some(LONG));
    exit_policy::set_deadline(Some(Duration::from_secs(10)));
    at_exit(|status| println!("hook: status {status}"));
    let worker = std::thread::spawn(|| {
        loop {
            checkpoint();
            std::thread::sleep(Duration::from_millis(1));
        }
    });
    let _joins = Joins(Some(worker));
    exit(3);
}
