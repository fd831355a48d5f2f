//! G6: an annotated `main` that returns while another thread is still
//! unwinding for `exit(7)` does not end the process with its own status:
//! the first exit request fixes it, and the hooks see 7. The worker blocks
//! in a `Drop` during its unwind until main's body has ended, so main
//! returns mid-unwind every time; main's boundary then waits for the
//! worker's unwind to finish (G1). With `g6_main_panics_while_a_worker_exits`, main panics instead of
//! returning (as a `recv().unwrap()` would when the exiting worker drops
//! its sender): the exit still wins.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread;

use exit_policy::{at_exit, exit, exiting};

/// Says so when the worker's unwind reaches it, then blocks until main's
/// body has ended.
struct Slow(Sender<()>, Receiver<()>);

impl Drop for Slow {
    fn drop(&mut self) {
        println!("worker: unwinding, blocked in a Drop");
        let _ = self.0.send(());
        let _ = self.1.recv();
        println!("worker: the unwind went on after main's body ended");
    }
}

pub fn main(mode: &'static str) {
    at_exit(|status| println!("hook: status {status}"));
    let (unwinding, unwound) = channel();
    let (release, blocked) = channel::<()>();
    let worker = thread::spawn(move || {
        let _slow = Slow(unwinding, blocked);
        exit(7);
    });
    unwound.recv().expect("the worker is unwinding");
    // Keep the worker blocked until main's body ends (`release` is dropped
    // then), and its request undropped for good.
    let _release = release;
    std::mem::forget(worker);
    if mode == "panic" {
        println!("main: exiting() = {:?}, panicking", exiting());
        panic!("main gave up while the worker exits"); // SITE: main panics
    }
    println!("main: exiting() = {:?}, returning", exiting());
}
