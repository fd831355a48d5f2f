//! G7 through `std::thread::spawn` and `join`. The cases:
//! - `g7_exit_through_two_joins`: a worker exits with 4; its supervisor thread joins it and
//!   continues the exit with `resume_if_exit`, and main does the same with
//!   the supervisor: every thread's values drop, innermost first, then the
//!   hook, status 4. The worker runs unannotated code (P3);
//! - `i2_exit_resumed_in_an_immediate_joiner`: an immediate function joins a worker that exits
//!   with 5 and continues the exit: the unwind stops at the immediate
//!   function's frame (I2): main's values are not dropped, no hook runs.

use std::thread;

use exit_policy::{at_exit, current_policy, exit, exit_policy, resume_if_exit};

struct Guard(&'static str);

impl Drop for Guard {
    fn drop(&mut self) {
        println!("dropped {}", self.0);
    }
}

/// The `resume_if_exit` pattern for thread joins.
fn join(handle: thread::JoinHandle<()>) {
    if let Err(payload) = handle.join() {
        std::panic::resume_unwind(resume_if_exit(payload));
    }
}

fn worker(code: i32) {
    let _guard = Guard("worker guard");
    // Spawned from annotated code, but a new thread inherits nothing (P3).
    println!("worker: policy {:?}, exit({code})", current_policy());
    exit(code);
}

#[exit_policy(graceful)]
fn supervisor() {
    let _guard = Guard("supervisor guard");
    join(thread::spawn(|| worker(4)));
    println!("unreachable: supervisor after join");
}

#[exit_policy(immediate)]
fn immediate_joiner() {
    let _guard = Guard("immediate joiner guard");
    join(thread::spawn(|| worker(5)));
    println!("unreachable: immediate joiner after join");
}

pub fn main(mode: &'static str) {
    at_exit(|status| println!("hook: status {status}"));
    let _guard = Guard("main guard");
    if mode == "chain" {
        join(thread::spawn(supervisor));
    } else {
        immediate_joiner();
    }
    println!("unreachable: main after join");
}
