//! G1 across threads: an annotated `main` returns while a worker still
//! unwinds for its `exit(4)`. The boundary waits for that unwind, so the
//! worker's slow destructor finishes before the hooks run, and the status is
//! 4. Nobody joins the worker, so its request is dropped when it ends: one
//! interception line (G7, G3).

use std::sync::mpsc::channel;
use std::thread;
use std::time::Duration;

use exit_policy::{at_exit, exit, exit_policy};

struct Slow;

impl Drop for Slow {
    fn drop(&mut self) {
        println!("worker: cleanup started");
        // Behaviour, not synchronisation: main returns during this sleep.
        thread::sleep(Duration::from_millis(300));
        println!("worker: cleanup done");
    }
}

#[exit_policy(graceful)]
fn main() {
    at_exit(|status| println!("hook ran with {status}"));
    let (tx, rx) = channel::<()>();
    let _worker = thread::spawn(move || {
        let _slow = Slow;
        let _tx = tx;
        exit(4) // SITE: worker exit
    });
    let _ = rx.recv();
    println!("main: returning");
}
