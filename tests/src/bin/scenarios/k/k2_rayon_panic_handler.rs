//! K2: rayon's global pool with `exit_policy::panic_handler`.
//!
//! - `k2_rayon_job_exits`: a job spawned with `rayon::spawn` calls `exit(31)` under a
//!   graceful function: the process ends with 31, in order (the hook runs,
//!   buffered stdout is flushed), and stderr stays empty; without the
//!   handler rayon would abort (SIGABRT).
//! - `k2_rayon_job_panics`: a job panics: a graceful shutdown with 101 starts, the pool
//!   goes on (a second job still runs), and main, waiting at its
//!   checkpoint, ends with 101.

use std::sync::mpsc::channel;

use exit_policy::{at_exit, checkpoint, exit, exit_policy, panic_handler};

#[exit_policy(graceful)]
fn job() {
    println!("job: exiting with 31");
    exit(31);
}

pub fn main(mode: &'static str) {
    at_exit(|status| println!("hook: status {status}"));
    rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .panic_handler(panic_handler)
        .build_global()
        .unwrap();
    match mode {
        "exit" => {
            rayon::spawn(job);
            loop {
                std::thread::park();
            }
        }
        "panic" => {
            let (done, second) = channel();
            rayon::spawn(|| panic!("a job's bug")); // SITE: job panic
            rayon::spawn(move || done.send(()).unwrap());
            second.recv().unwrap();
            println!("main: the pool went on");
            loop {
                checkpoint();
                std::thread::yield_now();
            }
        }
        other => panic!("unknown mode {other:?}"),
    }
}
