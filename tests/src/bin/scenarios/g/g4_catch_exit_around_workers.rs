//! G3, G4: the `checkpoint` docs' workers pattern inside `catch_exit`. A
//! worker's `exit(3)` wins; main's loop stops at its checkpoint (a request
//! that lost), and its `Workers` guard joins the worker and drops the
//! winner's payload on the way. Main's request carries the winner from then
//! on, so `catch_exit` catches the worker's `exit(3)`: the process is
//! running again, `exiting()` is `None`, and main goes on to return 0.

use std::thread::JoinHandle;

use exit_policy::{catch_exit, checkpoint, exit, exiting};

/// Joins the workers when dropped, also while main unwinds.
struct Workers(Vec<JoinHandle<()>>);

impl Drop for Workers {
    fn drop(&mut self) {
        for worker in self.0.drain(..) {
            let _ = worker.join();
        }
    }
}

pub fn main() {
    let caught = catch_exit(|| {
        let _workers = Workers(vec![std::thread::spawn(|| exit(3))]); // SITE: worker exit
        loop {
            checkpoint();
            std::thread::yield_now();
        }
    });
    let caught = caught.unwrap_err();
    println!(
        "caught exit({}) from line {}",
        caught.code(),
        caught.location().line()
    );
    println!("exiting() = {:?}", exiting());
    println!("main goes on");
}
