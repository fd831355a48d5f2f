//! K: panics under the shutdown policy.

use crate::common::{
    SCENARIOS, assert_outcome, bin, deadline_cut, lines, normalize, running_thread,
};
use crate::support::panic_at;

#[test]
fn k1_a_tokio_task_panic_shuts_an_annotated_tokio_main_down_with_101() {
    let (printed, _) = panic_at(
        "k1_tokio_task_panic",
        "task panic",
        "tokio-rt-worker",
        "a task's bug",
    );
    let out = bin(SCENARIOS, &["k1_tokio_task_panic_handled"]);
    assert_outcome(
        &out,
        101,
        &lines(&[
            "exit_requested: 101",
            "dropped main's guard",
            "hook: status 101",
        ]),
        &printed,
    );
}

#[test]
fn k1_a_detached_threads_panic_stops_main_at_its_checkpoint() {
    let (printed, _) = panic_at(
        "k1_detached_thread_panic",
        "worker panic",
        "worker",
        "the worker's bug",
    );
    let out = bin(SCENARIOS, &["k1_detached_thread_panic"]);
    assert_outcome(
        &out,
        101,
        &lines(&["dropped main's guard", "hook: status 101"]),
        &printed,
    );
}

#[test]
fn k3_the_deadline_line_names_the_panic_that_started_the_shutdown() {
    let (printed, named) = panic_at(
        "k1_detached_thread_panic",
        "worker panic",
        "worker",
        "the worker's bug",
    );
    let out = bin(SCENARIOS, &["k1_detached_thread_panic_with_a_deadline"]);
    assert_outcome(
        &out,
        101,
        "drop: hanging\n",
        &format!(
            "{printed}{}",
            deadline_cut(&named, &running_thread("main"), 101)
        ),
    );
}

#[test]
fn k3_the_trace_line_names_the_panic_that_started_the_shutdown() {
    let (_, named) = panic_at(
        "k1_detached_thread_panic",
        "worker panic",
        "worker",
        "the worker's bug",
    );
    let mut command = crate::common::case(SCENARIOS, "k1_detached_thread_panic");
    command.env("EXIT_POLICY_TRACE", "1");
    let out = crate::common::run(command);
    let trace = normalize(&out.stderr)
        .lines()
        .find(|line| line.starts_with("exit-policy: trace: "))
        .map(str::to_owned)
        .unwrap_or_default();
    let expected =
        format!("exit-policy: trace: graceful end, status 101: {named}, on thread 'main', ");
    assert!(
        trace.starts_with(&expected),
        "{trace:?} should start with {expected:?}"
    );
}

#[test]
fn k2_an_exit_in_a_rayon_job_ends_with_its_code_in_order_and_stderr_empty() {
    let out = bin(SCENARIOS, &["k2_rayon_job_exits"]);
    assert_outcome(
        &out,
        31,
        &lines(&["job: exiting with 31", "hook: status 31"]),
        "",
    );
}

#[test]
fn k2_a_panic_in_a_rayon_job_starts_a_101_shutdown_and_the_pool_goes_on() {
    let (printed, _) = panic_at(
        "k2_rayon_panic_handler",
        "job panic",
        "<unnamed>",
        "a job's bug",
    );
    let out = bin(SCENARIOS, &["k2_rayon_job_panics"]);
    assert_outcome(
        &out,
        101,
        &lines(&["main: the pool went on", "hook: status 101"]),
        &printed,
    );
}

#[test]
fn k1_the_panic_hook_in_place_runs_first_once_per_panic() {
    let out = bin(SCENARIOS, &["k1_panic_with_a_custom_hook"]);
    assert_outcome(
        &out,
        101,
        "hook: status 101\n",
        "custom hook: first\ncustom hook: second\n",
    );
}

#[test]
fn k1_a_panic_during_a_shutdown_under_way_changes_nothing() {
    let out = bin(SCENARIOS, &["k1_panic_during_a_shutdown"]);
    assert_eq!(out.status, Some(3), "{out:#?}");
    assert_eq!(
        out.stdout,
        lines(&["worker panicked: true", "hook: status 3"]),
        "{out:#?}"
    );
    assert!(
        out.stderr.contains("a worker's bug during the exit"),
        "{out:#?}"
    );
}

#[test]
fn k1_two_threads_panicking_at_once_end_with_101_once() {
    let out = bin(SCENARIOS, &["k1_two_panics_at_once"]);
    assert_eq!(out.status, Some(101), "{out:#?}");
    assert_eq!(out.stdout, "hook: status 101\n", "{out:#?}");
    assert_eq!(out.stderr.matches("panicked at").count(), 2, "{out:#?}");
}
