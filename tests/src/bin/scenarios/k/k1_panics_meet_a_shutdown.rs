//! K1 and G6, the first cause wins, after `handle_panics()`:
//!
//! - `k1_panic_with_a_custom_hook`: a panic hook installed before keeps running first,
//!   exactly once per panic (two panics, two lines), and std's message is
//!   not printed twice.
//! - `k1_panic_during_a_shutdown`: `exit(3)` is under way when a worker panics: the
//!   panic changes nothing, the status is 3, the hook sees 3.
//! - `k1_two_panics_at_once`: two threads panic at the same moment: one shutdown
//!   with 101, its hook runs once.

use std::sync::{Arc, Barrier};
use std::thread;

use exit_policy::{at_exit, checkpoint, exit, handle_panics};

/// During the unwind for `exit(3)`, lets a worker panic and waits for it.
struct WorkerPanics;

impl Drop for WorkerPanics {
    fn drop(&mut self) {
        let worker = thread::spawn(|| panic!("a worker's bug during the exit"));
        println!("worker panicked: {}", worker.join().is_err());
    }
}

pub fn main(mode: &'static str) {
    at_exit(|status| println!("hook: status {status}"));
    match mode {
        "custom-hook" => {
            std::panic::set_hook(Box::new(|info| {
                let message = info.payload().downcast_ref::<&str>().copied();
                eprintln!("custom hook: {}", message.unwrap_or("?"));
            }));
            handle_panics();
            let first = thread::spawn(|| panic!("first"));
            assert!(first.join().is_err());
            let second = thread::spawn(|| panic!("second"));
            assert!(second.join().is_err());
            loop {
                checkpoint();
            }
        }
        "during-a-shutdown" => {
            handle_panics();
            let _panics = WorkerPanics;
            exit(3);
        }
        "two-at-once" => {
            handle_panics();
            let start = Arc::new(Barrier::new(2));
            let workers: Vec<_> = (0..2)
                .map(|_| {
                    let start = Arc::clone(&start);
                    thread::spawn(move || {
                        start.wait();
                        panic!("at once");
                    })
                })
                .collect();
            for worker in workers {
                assert!(worker.join().is_err());
            }
            loop {
                checkpoint();
            }
        }
        other => panic!("unknown mode {other:?}"),
    }
}
