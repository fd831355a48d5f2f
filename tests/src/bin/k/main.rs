//! K1, K2: panics under the shutdown policy.
//!
//! Run as `k CASE [ARGS]`: each case is a module's `main`, and
//! `CASES` names them. Its `main` is annotated, so it is each case's
//! boundary: a case's own `main` runs under it.

mod k1_detached_thread_panic;
mod k1_panics_meet_a_shutdown;
mod k1_tokio_task_panic;
mod k2_rayon_panic_handler;

use exit_policy_tests::Case;

/// The cases, by name.
const CASES: &[Case<()>] = &[
    ("k1_detached_thread_panic", || {
        k1_detached_thread_panic::main("");
    }),
    ("k1_detached_thread_panic_with_a_deadline", || {
        k1_detached_thread_panic::main("deadline");
    }),
    ("k1_panic_with_a_custom_hook", || {
        k1_panics_meet_a_shutdown::main("custom-hook");
    }),
    ("k1_panic_during_a_shutdown", || {
        k1_panics_meet_a_shutdown::main("during-a-shutdown");
    }),
    ("k1_two_panics_at_once", || {
        k1_panics_meet_a_shutdown::main("two-at-once");
    }),
    ("k1_tokio_task_panic_handled", || {
        k1_tokio_task_panic::main("handled");
    }),
    ("k1_tokio_task_panic_unhandled", || {
        k1_tokio_task_panic::main("unhandled");
    }),
    ("k2_rayon_job_exits", || {
        k2_rayon_panic_handler::main("exit");
    }),
    ("k2_rayon_job_panics", || {
        k2_rayon_panic_handler::main("panic");
    }),
];

#[exit_policy::exit_policy(graceful)]
fn main() {
    exit_policy_tests::run_case(CASES);
}
