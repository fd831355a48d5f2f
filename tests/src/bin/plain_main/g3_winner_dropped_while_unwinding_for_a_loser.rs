//! G3: a worker's `exit(3)` wins; main then unwinds for its own `exit(5)`,
//! which lost, inside a plain `catch_unwind`, and a `Drop` on the way joins
//! the worker and drops its payload. Main's request carries the winner from
//! then on: when main drops the caught payload, the process ends there with
//! 3 and the one line that names the worker's `exit(3)`. Nothing after the
//! drop runs.
//!
//! `g6_racing_exits_dropped_in_a_catch` is the same with the two exits
//! racing: whichever wins, the drop ends the process with its code and the
//! line that names it.

use std::sync::{Arc, Barrier};
use std::thread::JoinHandle;

use exit_policy::{exit, exiting};

/// Joins the worker when dropped, and drops what the join gives.
struct JoinOnDrop(Option<JoinHandle<()>>);

impl Drop for JoinOnDrop {
    fn drop(&mut self) {
        let joined = self.0.take().unwrap().join();
        drop(joined);
        println!("after the join");
    }
}

pub fn main(mode: &'static str) {
    let racing = mode == "racing";
    let barrier = Arc::new(Barrier::new(2));
    let at_the_start = Arc::clone(&barrier);
    let worker = std::thread::spawn(move || {
        if racing {
            at_the_start.wait();
        }
        exit(3); // SITE: worker exit
    });
    if racing {
        barrier.wait();
    } else {
        while exiting().is_none() {
            std::thread::yield_now();
        }
    }
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _join = JoinOnDrop(Some(worker));
        exit(5); // SITE: main exit
    }));
    drop(caught);
    println!("still running");
}
