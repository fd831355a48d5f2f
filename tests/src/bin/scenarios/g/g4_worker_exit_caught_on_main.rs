//! G4 + I3 across threads: a worker's exit is carried to main and
//! caught there with `catch_exit`, so the program goes on. Later an ordinary
//! panic on that same worker crosses an immediate function: it must pass
//! through unchanged (I3), not end the process as if the old exit were
//! still unwinding there.

use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::channel;
use std::thread;

use exit_policy::{catch_exit, exit, exit_policy, resume_if_exit};

#[exit_policy(immediate)]
fn immediate_then_panic() {
    panic!("an ordinary panic"); // SITE: panic
}

pub fn main() {
    let (to_main, from_worker) = channel();
    let (to_worker, from_main) = channel::<()>();
    let worker = thread::spawn(move || {
        // A framework's catch: it hands the payload on instead of dropping it.
        let payload = panic::catch_unwind(|| exit(3)).expect_err("an exit");
        to_main.send(payload).expect("main alive");
        from_main.recv().expect("main's go-ahead");
        let caught = panic::catch_unwind(AssertUnwindSafe(immediate_then_panic));
        println!(
            "worker: the panic came out of catch_unwind: {}",
            caught.is_err()
        );
    });
    let payload = from_worker.recv().expect("the worker's payload");
    let caught = catch_exit(|| panic::resume_unwind(resume_if_exit(payload)));
    println!("main: catch_exit gave {:?}", caught.map_err(|e| e.code()));
    to_worker.send(()).expect("worker alive");
    worker.join().expect("the worker ends normally");
    println!("main: returning normally");
}
