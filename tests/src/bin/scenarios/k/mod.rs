//! K1, K2: panics under the shutdown policy.

mod k1_detached_thread_panic;
mod k1_panics_meet_a_shutdown;
mod k1_tokio_task_panic;
mod k2_rayon_panic_handler;

use exit_policy_tests::{Case, Run};

/// The cases, by name.
pub(crate) const CASES: &[Case] = &[
    (
        "k1_detached_thread_panic",
        Run::Plain(|| {
            k1_detached_thread_panic::main("");
        }),
    ),
    (
        "k1_detached_thread_panic_with_a_deadline",
        Run::Plain(|| k1_detached_thread_panic::main("deadline")),
    ),
    (
        "k1_panic_with_a_custom_hook",
        Run::Plain(|| k1_panics_meet_a_shutdown::main("custom-hook")),
    ),
    (
        "k1_panic_during_a_shutdown",
        Run::Plain(|| k1_panics_meet_a_shutdown::main("during-a-shutdown")),
    ),
    (
        "k1_two_panics_at_once",
        Run::Plain(|| k1_panics_meet_a_shutdown::main("two-at-once")),
    ),
    (
        "k1_tokio_task_panic_handled",
        Run::Plain(|| k1_tokio_task_panic::main("handled")),
    ),
    (
        "k1_tokio_task_panic_unhandled",
        Run::Plain(|| k1_tokio_task_panic::main("unhandled")),
    ),
    (
        "k2_rayon_job_exits",
        Run::Plain(|| k2_rayon_panic_handler::main("exit")),
    ),
    (
        "k2_rayon_job_panics",
        Run::Plain(|| k2_rayon_panic_handler::main("panic")),
    ),
];
