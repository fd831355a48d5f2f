//! C3: the trace (L1) names the thread that asked for the exit when another
//! thread ended the process, and names `exit_now` as `exit_now`. The cases:
//! `c3_a_named_worker_asks` (a worker named `squarer` calls `exit(3)`;
//! main joins it and resumes the exit, so main ends the process) and
//! `c3_exit_now_is_named` (main calls `exit_now(4)`).

use exit_policy::{exit, exit_now, resume_if_exit};

pub fn main(mode: &str) {
    if mode == "exit-now" {
        exit_now(4); // SITE: exit_now
    }
    let worker = std::thread::Builder::new()
        .name("squarer".into())
        .spawn(|| exit(3)) // SITE: worker exit
        .expect("spawn the worker");
    let Err(payload) = worker.join();
    std::panic::resume_unwind(resume_if_exit(payload));
}
