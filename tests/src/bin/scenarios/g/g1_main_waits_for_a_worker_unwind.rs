//! G1 across threads: an annotated `main` returns while a worker still
//! unwinds for its `exit(4)`. The boundary waits for that unwind, so the
//! worker's destructor finishes before the hooks run, and the status is 4.
//! The destructor goes on only once main has said it returns, so main
//! returns mid-unwind every time. Nobody joins the worker, so its request
//! is dropped when it ends: one interception line (G7, G3).

use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread;

use exit_policy::{at_exit, exit};

/// Says when cleanup starts, then finishes only once main has returned.
struct Slow(Sender<()>, Receiver<()>);

impl Drop for Slow {
    fn drop(&mut self) {
        println!("worker: cleanup started");
        let _ = self.0.send(());
        let _ = self.1.recv();
        // Slow cleanup: a boundary that did not wait would end the process
        // during it (behaviour under test, not synchronisation).
        thread::sleep(std::time::Duration::from_millis(300));
        println!("worker: cleanup done");
    }
}

pub fn main() {
    at_exit(|status| println!("hook ran with {status}"));
    let (started, cleaning) = channel();
    let (returned, finish) = channel();
    let _worker = thread::spawn(move || {
        let _slow = Slow(started, finish);
        exit(4) // SITE: worker exit
    });
    let _ = cleaning.recv();
    println!("main: returning");
    // Dropped with main's other locals as it returns: the worker's cleanup
    // goes on while main waits at its boundary.
    let _returned = returned;
}
