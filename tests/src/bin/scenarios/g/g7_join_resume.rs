//! G7: a graceful exit on a worker thread unwinds the worker, comes out of
//! `join()` as `Err(payload)`, and `resume_if_exit` continues it on the
//! joining thread: the main thread's `Drop`s run, hooks run, status 5.

use std::thread;

use exit_policy::{at_exit, exit, exit_policy, exiting, resume_if_exit};

struct Guard(&'static str);

impl Drop for Guard {
    fn drop(&mut self) {
        println!("dropped {}", self.0);
    }
}

#[exit_policy(graceful)]
fn worker() {
    let _guard = Guard("worker guard");
    exit(5);
}

pub fn main() {
    at_exit(|status| println!("hook: status {status}"));
    let _guard = Guard("main guard");
    let joined = thread::spawn(worker).join();
    println!("main: joined; exiting() = {:?}", exiting());
    if let Err(payload) = joined {
        let panic = resume_if_exit(payload);
        println!("main: not an exit request");
        std::panic::resume_unwind(panic);
    }
    println!("main: not reached");
}
