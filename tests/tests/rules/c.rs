//! C: command-line programs, as child processes. The examples' tests are
//! in `examples.rs`.

use crate::common::{PLAIN_MAIN, Running, SCENARIOS, case, run, site};

/// The case `name` with stdout a pipe whose reader has gone.
fn into_a_closed_pipe(name: &str) -> crate::common::Outcome {
    Running::start_into_a_closed_pipe(case(SCENARIOS, name))
        .finish()
        .0
}

/// The case `name` with `EXIT_POLICY_TRACE=1`.
fn traced(name: &str) -> crate::common::Outcome {
    let mut command = case(SCENARIOS, name);
    command.env("EXIT_POLICY_TRACE", "1");
    run(command)
}

/// The trace lines of `stderr`, the duration cut off.
fn trace_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|line| line.starts_with("exit-policy: trace: "))
        .map(|line| line.rsplit_once(", ").expect("a duration last").0)
        .collect()
}

#[test]
fn c1_clap_exit_for_help_into_a_closed_pipe_is_no_error_even_without_the_pipe_hook() {
    let out = into_a_closed_pipe("c1_help_into_a_closed_pipe_without_handle_closed_pipe");
    assert_eq!(out.status, Some(0), "{out:#?}");
    assert_eq!(out.stderr, "guard dropped\n", "{out:#?}");
}

#[test]
fn c2_println_into_a_closed_pipe_ends_in_order_with_0_and_no_message() {
    let out = into_a_closed_pipe("c2_println_into_a_closed_pipe");
    assert_eq!(out.status, Some(0), "{out:#?}");
    assert_eq!(
        out.stderr, "dropped main's guard\nhook: status 0\n",
        "{out:#?}"
    );
}

#[test]
fn c2_an_unannotated_main_s_closed_pipe_ends_at_once_with_0_and_no_message() {
    let command = case(PLAIN_MAIN, "c2_closed_pipe_unannotated_main");
    let out = Running::start_into_a_closed_pipe(command).finish().0;
    assert_eq!(out.status, Some(0), "{out:#?}");
    assert_eq!(out.stderr, "", "{out:#?}");
}

#[test]
fn c2_a_destructor_that_prints_again_while_the_closed_pipe_unwinds_ends_at_once_with_0() {
    let out = into_a_closed_pipe("c2_closed_pipe_again_in_a_destructor");
    assert_eq!(out.signal, None, "no abort: {out:#?}");
    assert_eq!(out.status, Some(0), "{out:#?}");
    assert_eq!(out.stderr, "dropped a guard that prints\n", "{out:#?}");
}

#[test]
fn c2_a_worker_s_closed_pipe_stops_main_at_its_checkpoint_with_0() {
    let out = into_a_closed_pipe("c2_closed_pipe_on_a_worker");
    assert_eq!(out.status, Some(0), "{out:#?}");
    assert_eq!(
        out.stderr, "dropped main's guard\nhook: status 0\n",
        "{out:#?}"
    );
}

#[test]
fn c2_with_handle_panics_too_a_closed_pipe_still_ends_with_0() {
    let out = into_a_closed_pipe("c2_closed_pipe_with_handle_panics");
    assert_eq!(out.status, Some(0), "{out:#?}");
    assert_eq!(
        out.stderr, "dropped main's guard\nhook: status 0\n",
        "{out:#?}"
    );
}

/// Runs `case` traced, and checks its status and its one trace line:
/// `what` (how, and the status), the request `needle` made at the line
/// marked `marker` of the C3 scenario, then `threads`.
fn assert_trace(
    case: &str,
    status: i32,
    what: &str,
    (marker, needle): (&str, &str),
    threads: &str,
) {
    let out = traced(case);
    assert_eq!(out.status, Some(status), "{out:#?}");
    let at = site("c3_the_trace_names_who_asked", marker, needle);
    assert_eq!(
        trace_lines(&out.stderr),
        [format!(
            "exit-policy: trace: {what}: {needle} requested at {at}, {threads}"
        )],
        "{out:#?}"
    );
}

#[test]
fn c3_the_trace_names_the_worker_that_asked_when_main_ended_the_process() {
    assert_trace(
        "c3_a_named_worker_asks",
        3,
        "graceful end, status 3",
        ("worker exit", "exit(3)"),
        "on thread 'main', asked on thread 'squarer'",
    );
}

#[test]
fn c3_the_trace_names_exit_now_as_exit_now() {
    assert_trace(
        "c3_exit_now_is_named",
        4,
        "immediate end, status 4",
        ("exit_now", "exit_now(4)"),
        "on thread 'main'",
    );
}

#[test]
fn c3_an_exit_now_after_a_caught_shutdown_names_no_earlier_asker() {
    assert_trace(
        "c3_exit_now_after_a_worker_s_exit_was_caught",
        5,
        "immediate end, status 5",
        ("exit_now after catch", "exit_now(5)"),
        "on thread 'main'",
    );
}

#[test]
fn c3_a_logger_that_blocks_on_the_trace_keeps_the_deadline_from_nothing() {
    assert_trace(
        "c3_the_trace_s_logger_blocks_and_the_deadline_cuts",
        3,
        "immediate end at the deadline, status 3",
        ("exit under a blocking logger", "exit(3)"),
        "on thread 'exit-policy-deadline', asked on thread 'main'",
    );
}
