//! G8, G6: a `Drop` that joins a worker runs while `main` unwinds for its
//! own `exit(3)`, which lost to the worker's `exit(5)`. The join gives the
//! worker's payload, and `resume_if_exit` can't start a second unwind
//! there: the process ends in order from that `Drop`, with 5, the hooks
//! run, and nothing aborts.

use std::thread::{self, JoinHandle};

use exit_policy::{at_exit, exit, exiting, resume_if_exit};

/// Joins its worker when dropped, and continues the worker's exit.
struct Joiner(Option<JoinHandle<()>>);

impl Drop for Joiner {
    fn drop(&mut self) {
        let joined = self.0.take().expect("a worker").join();
        println!("joined the worker");
        if let Err(payload) = joined {
            let panic = resume_if_exit(payload);
            println!("not an exit request");
            std::panic::resume_unwind(panic);
        }
    }
}

struct Guard(&'static str);

impl Drop for Guard {
    fn drop(&mut self) {
        println!("dropped {}", self.0);
    }
}

pub fn main() {
    at_exit(|status| println!("hook: status {status}"));
    let _outer = Guard("outer guard");
    let worker = thread::spawn(|| exit(5));
    while exiting().is_none() {
        thread::yield_now();
    }
    let _joiner = Joiner(Some(worker));
    exit(3);
}
