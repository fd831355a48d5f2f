//! S2 and G6: a worker's `checkpoint()` request loses the race to main's
//! `exit(2)` (asked for on another thread, continued on main: an exit of
//! main's own inside `catch_exit` would be its alone, G4). `catch_exit` then
//! catches that exit, and the process runs
//! again. Dropping the worker's lost request afterwards changes nothing:
//! no interception line, no end, and the program goes on to status 0.

use std::sync::mpsc::{Receiver, Sender, channel};

use exit_policy::{catch_exit, checkpoint, exiting};
use exit_policy_tests::exit_on_another_thread;

/// Tells main that the worker stopped at its checkpoint.
struct Stopped(Sender<()>);

impl Drop for Stopped {
    fn drop(&mut self) {
        let _ = self.0.send(());
    }
}

/// Holds main's exit until the worker has stopped.
struct WaitForWorker(Receiver<()>);

impl Drop for WaitForWorker {
    fn drop(&mut self) {
        let _ = self.0.recv();
    }
}

pub fn main() {
    let (tx, rx) = channel();
    let worker = std::thread::spawn(move || {
        let _stopped = Stopped(tx);
        loop {
            checkpoint();
        }
    });
    let caught = catch_exit(|| {
        let _wait = WaitForWorker(rx);
        exit_on_another_thread(2)
    });
    println!(
        "caught {:?}, exiting() = {:?}",
        caught.map_err(|e| e.code()).unwrap_err(),
        exiting()
    );
    let lost = worker
        .join()
        .expect_err("the worker stopped at its checkpoint");
    drop(lost);
    println!("still running");
}
