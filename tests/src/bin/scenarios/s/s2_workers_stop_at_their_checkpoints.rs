//! S2, G6: three workers loop on `checkpoint()`; main exits with 5, its
//! guard joins them, each stops at its checkpoint; status 5, nothing on
//! stderr.

use std::sync::{Arc, Barrier};

use exit_policy::{checkpoint, exit};
use exit_policy_tests::{Noisy, handle_signals_with_a_hook, ready};

/// Joins the workers when dropped, also while main unwinds.
struct Workers(Vec<std::thread::JoinHandle<()>>);
impl Drop for Workers {
    fn drop(&mut self) {
        for worker in self.0.drain(..) {
            assert!(worker.join().is_err(), "a worker stops by unwinding");
        }
        println!("joined the workers");
    }
}

pub fn main() {
    handle_signals_with_a_hook();

    let started = Arc::new(Barrier::new(4));
    let names = ["worker 1's guard", "worker 2's guard", "worker 3's guard"];
    let workers = Workers(
        names
            .into_iter()
            .map(|name| {
                let started = Arc::clone(&started);
                std::thread::spawn(move || {
                    let _guard = Noisy(name);
                    started.wait();
                    loop {
                        checkpoint();
                        std::thread::yield_now();
                    }
                })
            })
            .collect(),
    );
    started.wait();
    ready();
    let _keep = workers;
    exit(5);
}
