//! G6 under contention: eight threads ask for `exit(10 + i)` at the
//! same instant (a `Barrier`). One request wins the latch and fixes the
//! status; the other seven change nothing. No abort, no hang, no stray line.
//! The cases:
//! - `g6_eight_threads_race_joined`: main joins every worker, then continues the first exit it
//!   got with `resume_if_exit`; the other payloads are dropped as main
//!   unwinds. stdout shows main's guard dropped, then the hook;
//! - `g6_eight_threads_race_detached`: nobody joins; each worker's payload is dropped when its
//!   thread ends. The winner's drop ends the process (G3: one line on
//!   stderr, naming the winning code);
//! - `g3_eight_alike_exits_detached`: as `g6_eight_threads_race_detached`, but every worker asks for
//!   `exit(10)` on the same line: eight requests alike, each dropped, and
//!   still one line between them (G3).

use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Duration;

use exit_policy::{at_exit, exit, exiting, resume_if_exit};

const WORKERS: i32 = 8;

struct Guard(&'static str);

impl Drop for Guard {
    fn drop(&mut self) {
        println!("dropped {}", self.0);
    }
}

/// Spawns the workers; they exit together once `main` has waited at the
/// barrier returned too, so that it can first drop their handles.
fn spawn_all(same_code: bool) -> (Vec<thread::JoinHandle<()>>, Arc<Barrier>) {
    let barrier = Arc::new(Barrier::new(WORKERS as usize + 1));
    let workers = (0..WORKERS)
        .map(|i| {
            let barrier = Arc::clone(&barrier);
            let code = if same_code { 10 } else { 10 + i };
            thread::spawn(move || {
                barrier.wait();
                exit(code); // SITE: worker exit
            })
        })
        .collect();
    (workers, barrier)
}

pub fn main(mode: &'static str) {
    at_exit(|status| {
        assert!((10..10 + WORKERS).contains(&status), "status {status}");
        println!("hook: one of the eight codes");
    });
    let _guard = Guard("main guard");
    if mode == "joined" {
        let (workers, barrier) = spawn_all(false);
        barrier.wait();
        let results: Vec<_> = workers.into_iter().map(thread::JoinHandle::join).collect();
        let code = exiting().expect("an exit is in progress");
        assert!((10..10 + WORKERS).contains(&code), "exiting() = {code}");
        println!("main: joined {} workers", results.len());
        for result in results {
            if let Err(payload) = result {
                std::panic::resume_unwind(resume_if_exit(payload));
            }
        }
        println!("main: no worker exited");
    } else {
        // Detached before they exit: each payload is dropped by its own
        // thread's end.
        let (workers, barrier) = spawn_all(mode == "detached-same-code");
        drop(workers);
        barrier.wait();
        // Bounded: a worker ends the process long before this.
        for _ in 0..600 {
            thread::sleep(Duration::from_millis(100));
        }
        println!("main: every exit was lost");
    }
}
