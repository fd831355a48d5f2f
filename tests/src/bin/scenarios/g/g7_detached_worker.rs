//! G7 + G3: nobody joins a worker that exits with 6. When its payload is
//! dropped the process ends with 6, hooks run, one stderr line reports the
//! interception, and the main thread never carries on.

use std::thread;
use std::time::Duration;

use exit_policy::{at_exit, exit, exit_policy};

struct Guard(&'static str);

impl Drop for Guard {
    fn drop(&mut self) {
        println!("dropped {}", self.0);
    }
}

#[exit_policy(graceful)]
fn worker(go: &std::sync::mpsc::Receiver<()>) {
    let _guard = Guard("worker guard");
    go.recv().expect("main lets the worker go");
    exit(6); // SITE: worker exit
}

pub fn main() {
    at_exit(|status| println!("hook: status {status}"));
    let _guard = Guard("main guard");
    println!("main: spawning a detached worker");
    // Detached before it exits: its payload is dropped by its own end.
    let (go, wait) = std::sync::mpsc::channel();
    drop(thread::spawn(move || worker(&wait)));
    go.send(()).expect("the worker waits for this");
    // Bounded: the worker ends the process long before this.
    for _ in 0..600 {
        thread::sleep(Duration::from_millis(100));
    }
    println!("main: the worker's exit was lost");
}
