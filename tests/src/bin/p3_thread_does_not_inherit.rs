//! P3: a spawned thread does not inherit its spawner's policy. Under an
//! immediate `main`, the worker sees `None` and its `exit(8)` is graceful
//! (its `Drop` runs); joined and resumed on `main`, the exit then ends the
//! process at `main`'s immediate boundary with 8.

use std::thread;

use exit_policy::{at_exit, current_policy, exit, exit_policy, resume_if_exit};

struct Guard(&'static str);

impl Drop for Guard {
    fn drop(&mut self) {
        println!("dropped {}", self.0);
    }
}

#[exit_policy(immediate)]
fn main() {
    at_exit(|status| println!("hook: status {status}"));
    println!("main: {:?}", current_policy());
    let worker = thread::spawn(|| {
        let _guard = Guard("worker guard");
        println!("worker: {:?}", current_policy());
        exit(8);
    });
    // The worker never returns, so `join` can only give `Err`.
    let Err(payload) = worker.join();
    println!("main: the worker's exit came out of join");
    std::panic::resume_unwind(resume_if_exit(payload));
}
