//! S1-S5 and D1-D2 in child processes: real signals, sent once the child
//! says it is ready; workers stopped at their checkpoints; shutdowns that
//! hang, cut by a deadline.

mod common;

use std::time::Duration;

use common::{Running, assert_killed, assert_outcome, lines, scenario, site};

const SIGINT: i32 = 2;
const SIGTERM: i32 = 15;

fn start(mode: &str) -> Running {
    let mut command = scenario(env!("CARGO_BIN_EXE_s_shutdown_from_outside"));
    command.arg(mode);
    Running::start(command)
}

#[test]
fn s1_s2_s5_sigterm_stops_a_checkpoint_loop_runs_every_drop_and_the_hook_then_dies_by_sigterm() {
    let mut child = start("checkpoint-loop");
    child.wait_for("ready");
    child.signal("TERM");
    let (out, _) = child.finish();
    assert_killed(
        &out,
        SIGTERM,
        &lines(&[
            "ready",
            "the loop's drop: checkpoint returned",
            "dropped the loop's guard",
            "report: buffered, flushed when the loop unwinds",
            "dropped main's guard",
            "hook: status 143",
        ]),
        "",
    );
}

#[test]
fn s3_s4_a_second_sigint_ends_the_process_at_once_by_sigint() {
    let mut child = start("two-signals");
    child.wait_for("ready");
    child.signal("INT");
    child.wait_for("shutdown started: 130");
    child.signal("INT");
    let (out, _) = child.finish();
    assert_killed(
        &out,
        SIGINT,
        &lines(&["ready", "shutdown started: 130"]),
        "exit-policy: a second signal, SIGINT, arrived while shutting down; ending the process \
         now, without destructors or hooks\n",
    );
}

fn exit_requested_in_select(mode: &str) {
    let mut child = start(mode);
    child.wait_for("ready");
    child.wait_for("ticking while exit_requested waits");
    child.signal("TERM");
    let (out, _) = child.finish();
    assert_killed(
        &out,
        SIGTERM,
        &lines(&[
            "ready",
            "ticking while exit_requested waits",
            "exit_requested: 143",
            "dropped main's guard",
            "hook: status 143",
        ]),
        "",
    );
}

#[test]
fn s3_exit_requested_completes_in_select_on_a_current_thread_runtime() {
    exit_requested_in_select("exit-requested-current");
}

#[test]
fn s3_exit_requested_completes_in_select_on_a_multi_thread_runtime() {
    exit_requested_in_select("exit-requested-multi");
}

#[test]
fn s2_workers_stop_at_their_checkpoints_when_main_exits_with_mains_code() {
    let mut child = start("workers");
    child.wait_for("ready");
    let (out, _) = child.finish();
    assert_eq!(out.signal, None, "{out:#?}");
    assert_eq!(out.status, Some(5), "{out:#?}");
    assert_eq!(out.stderr, "", "{out:#?}");
    let mut stopped: Vec<&str> = out.lines()[1..4].to_vec();
    stopped.sort_unstable();
    assert_eq!(
        stopped,
        [
            "dropped worker 1's guard",
            "dropped worker 2's guard",
            "dropped worker 3's guard"
        ],
        "{out:#?}"
    );
    assert_eq!(
        out.lines()[4..],
        ["joined the workers", "hook: status 5"],
        "{out:#?}"
    );
}

/// The one line of a deadline cut.
fn cut(what: &str, status: i32) -> String {
    format!(
        "exit-policy: the shutdown for {what} did not end within 200ms; ending the process now \
         with status {status}\n"
    )
}

/// Runs `mode`, where `exit(4)` (at the `SITE` marked `site`) starts a
/// shutdown that hangs where `hangs` says: the 200 ms deadline must end the
/// process with 4 and the one line, well under a second after the exit.
fn assert_cut_in_time(mode: &str, site_marker: &str, hangs: &str) {
    let mut child = start(mode);
    let exiting = child.wait_for("exiting");
    let (out, ended) = child.finish();
    let exit_site = site("s_shutdown_from_outside", site_marker, "exit(4)");
    assert_outcome(
        &out,
        4,
        &lines(&["exiting", hangs]),
        &cut(&format!("exit(4) requested at {exit_site}"), 4),
    );
    let took = ended - exiting;
    assert!(
        took < Duration::from_millis(1_200),
        "the cut came {took:?} after the exit"
    );
}

#[test]
fn s2_a_checkpoint_during_an_ordinary_panic_exits_there_at_once() {
    let mut child = start("checkpoint-while-panicking");
    child.wait_for("ready");
    child.signal("TERM");
    let (out, _) = child.finish();
    let checkpoint = site(
        "s_shutdown_from_outside",
        "checkpoint while panicking",
        "checkpoint()",
    );
    assert_killed(
        &out,
        SIGTERM,
        &lines(&["ready", "shutdown started: 143", "hook: status 143"]),
        &format!(
            "{}exit-policy: exit(143) requested at {checkpoint} came while this thread was \
             unwinding for a panic and cannot unwind again; ending the process now with status \
             143\n",
            common::std_panic(
                &site("s_shutdown_from_outside", "panic", "panic!"),
                "an ordinary panic during the shutdown"
            ),
        ),
    );
}

#[test]
fn d1_a_deadline_set_during_the_shutdown_counts_from_its_start() {
    assert_cut_in_time(
        "deadline-set-late",
        "deadline set late",
        "drop: 1 thread started, hanging",
    );
}

#[test]
fn d1_a_drop_that_hangs_is_cut_by_the_deadline_with_the_exit_code() {
    assert_cut_in_time("deadline-drop", "deadline exit", "drop: hanging");
}

#[test]
fn d1_a_hook_that_blocks_forever_is_cut_by_the_deadline_too() {
    assert_cut_in_time(
        "deadline-hook",
        "deadline hook exit",
        "hook: status 4, hanging",
    );
}

#[test]
fn d1_s5_a_signal_shutdown_cut_by_the_deadline_dies_by_the_signal() {
    let mut child = start("deadline-signal");
    child.wait_for("ready");
    child.signal("TERM");
    let (out, _) = child.finish();
    assert_killed(
        &out,
        SIGTERM,
        &lines(&["ready", "drop: hanging"]),
        &cut("SIGTERM", 143),
    );
}

#[test]
fn d2_a_shutdown_that_ends_in_time_prints_nothing_about_the_deadline() {
    let child = start("deadline-in-time");
    let (out, _) = child.finish();
    assert_outcome(
        &out,
        6,
        &lines(&["dropped main's guard", "hook: status 6"]),
        "",
    );
}

#[test]
fn d2_the_deadline_thread_exists_only_once_a_shutdown_with_a_deadline_started() {
    let out = start("watchdog").finish().0;
    assert_outcome(
        &out,
        6,
        &lines(&[
            "running: watchdog false",
            "shutting down: watchdog true",
            "hook: status 6",
        ]),
        "",
    );
    let out = start("no-watchdog").finish().0;
    assert_outcome(
        &out,
        6,
        &lines(&[
            "running: watchdog false",
            "shutting down: watchdog false",
            "hook: status 6",
        ]),
        "",
    );
}
