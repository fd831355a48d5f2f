//! G3, G7 and H1 for a detached thread, with an unannotated `main`.
//! Nobody joins a worker that exits with 6: when its request is dropped at
//! the end of the worker thread, the process ends with 6. The hooks run on
//! the worker thread, stderr gets one line, and main never carries on.
//! `g3_detached_worker_unannotated_main hook-exits`: a hook asks for `exit(9)` too; that changes
//! nothing (G6), the other hook still runs.

use std::thread;
use std::time::Duration;

use exit_policy::{at_exit, exit};

struct Guard(&'static str);

impl Drop for Guard {
    fn drop(&mut self) {
        println!("dropped {}", self.0);
    }
}

pub fn main(mode: &'static str) {
    at_exit(|status| println!("hook registered first: status {status}"));
    if mode == "hook-exits" {
        at_exit(|_| {
            println!("hook registered second: asking for exit 9");
            exit(9); // SITE: hook exit
        });
    }
    let _guard = Guard("main guard");
    // The worker exits only once its handle is gone, so its request is
    // always dropped by the worker's own end, never by a late handle drop on
    // the main thread.
    let (go, wait) = std::sync::mpsc::channel::<()>();
    drop(thread::spawn(move || {
        let _guard = Guard("worker guard");
        wait.recv().expect("main lets the worker go");
        exit(6); // SITE: worker exit
    }));
    go.send(()).expect("the worker waits for this");
    // Bounded: the worker ends the process long before this.
    for _ in 0..600 {
        thread::sleep(Duration::from_millis(100));
    }
    println!("unreachable: the worker's exit was lost");
}
