//! S1-S5 and D1-D2 in child processes: real signals, sent once the child
//! says it is ready; workers stopped at their checkpoints; shutdowns that
//! hang, cut by a deadline. Tests that send Unix signals are `cfg(unix)`,
//! and those that count threads in `/proc` are Linux-only; the rest also
//! run in the Windows lane, under Wine.

// The helpers of the Unix signal tests are unused where those are compiled
// out (the Windows lane).
#![cfg_attr(not(unix), allow(unused))]

mod common;

use std::time::Duration;

use common::{D, Running, S, assert_killed, assert_outcome, lines, scenario, site};

const SIGINT: i32 = 2;
const SIGTERM: i32 = 15;

/// Starts the scenario binary at `path` with `args`.
fn start(path: &str, args: &[&str]) -> Running {
    let mut command = scenario(path);
    command.args(args);
    Running::start(command)
}

#[test]
#[cfg(unix)]
fn s1_s2_s5_sigterm_stops_a_checkpoint_loop_runs_every_drop_and_the_hook_then_dies_by_sigterm() {
    let mut child = start(S, &["s1_sigterm_stops_a_checkpoint_loop"]);
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
#[cfg(unix)]
fn s3_s4_a_second_sigint_ends_the_process_at_once_by_sigint() {
    let mut child = start(S, &["s4_two_signals"]);
    child.wait_for("ready");
    child.signal("INT");
    child.wait_for("shutdown started: 130");
    child.signal("INT");
    let (out, _) = child.finish();
    assert_killed(
        &out,
        SIGINT,
        &lines(&["ready", "shutdown started: 130"]),
        &common::second_signal("SIGINT"),
    );
}

#[cfg(unix)]
fn exit_requested_in_select(case: &str) {
    let mut child = start(S, &[case]);
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
#[cfg(unix)]
fn s3_exit_requested_completes_in_select_on_a_current_thread_runtime() {
    exit_requested_in_select("s3_exit_requested_in_select_current_thread");
}

#[test]
#[cfg(unix)]
fn s3_exit_requested_completes_in_select_on_a_multi_thread_runtime() {
    exit_requested_in_select("s3_exit_requested_in_select_multi_thread");
}

#[test]
fn s2_workers_stop_at_their_checkpoints_when_main_exits_with_mains_code() {
    let mut child = start(S, &["s2_workers_stop_at_their_checkpoints"]);
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

/// Runs `mode`, where `exit(4)` (at the `SITE` marked `site`) starts a
/// shutdown that hangs where `hangs` says: the 200 ms deadline must end the
/// process with 4 and the one line, well under a second after the exit.
fn assert_cut_in_time(case: &str, site_marker: &str, hangs: &str) {
    let mut child = start(D, &[case]);
    let exiting = child.wait_for("exiting");
    let (out, ended) = child.finish();
    let exit_site = site(case, site_marker, "exit(4)");
    assert_outcome(
        &out,
        4,
        &lines(&["exiting", hangs]),
        &common::deadline_cut(&format!("exit(4) requested at {exit_site}"), 4),
    );
    let took = ended - exiting;
    assert!(
        took < Duration::from_millis(1_200),
        "the cut came {took:?} after the exit"
    );
}

#[test]
#[cfg(unix)]
fn s2_a_checkpoint_during_an_ordinary_panic_exits_there_at_once() {
    let mut child = start(S, &["s2_checkpoint_while_panicking"]);
    child.wait_for("ready");
    child.signal("TERM");
    let (out, _) = child.finish();
    let bin_name = "s2_checkpoint_while_panicking";
    let checkpoint = site(bin_name, "checkpoint while panicking", "checkpoint()");
    assert_killed(
        &out,
        SIGTERM,
        &lines(&["ready", "shutdown started: 143", "hook: status 143"]),
        &format!(
            "{}{}",
            common::std_panic(
                &site(bin_name, "panic", "panic!"),
                "an ordinary panic during the shutdown"
            ),
            common::came_during_a_panic(&format!("exit(143) requested at {checkpoint}"), 143),
        ),
    );
}

#[test]
#[cfg(target_os = "linux")]
fn d1_a_deadline_set_during_the_shutdown_counts_from_its_start() {
    assert_cut_in_time(
        "d1_deadline_set_during_the_shutdown",
        "deadline set late",
        "drop: 1 thread started, hanging",
    );
}

#[test]
fn d1_a_drop_that_hangs_is_cut_by_the_deadline_with_the_exit_code() {
    assert_cut_in_time(
        "d1_deadline_cuts_a_hanging_drop",
        "deadline exit",
        "drop: hanging",
    );
}

#[test]
fn d1_a_hook_that_blocks_forever_is_cut_by_the_deadline_too() {
    assert_cut_in_time(
        "d1_deadline_cuts_a_hanging_hook",
        "deadline hook exit",
        "hook: status 4, hanging",
    );
}

#[test]
#[cfg(unix)]
fn d1_s5_a_signal_shutdown_cut_by_the_deadline_dies_by_the_signal() {
    let mut child = start(D, &["d1_deadline_cuts_a_signal_shutdown"]);
    child.wait_for("ready");
    child.signal("TERM");
    let (out, _) = child.finish();
    assert_killed(
        &out,
        SIGTERM,
        &lines(&["ready", "drop: hanging"]),
        &common::deadline_cut("SIGTERM", 143),
    );
}

#[test]
fn d2_a_shutdown_that_ends_in_time_prints_nothing_about_the_deadline() {
    let child = start(D, &["d2_deadline_met_prints_nothing"]);
    let (out, _) = child.finish();
    assert_outcome(
        &out,
        6,
        &lines(&["dropped main's guard", "hook: status 6"]),
        "",
    );
}

#[test]
#[cfg(target_os = "linux")]
fn d2_the_deadline_thread_exists_only_once_a_shutdown_with_a_deadline_started() {
    let out = start(D, &["d2_watchdog_starts_with_a_deadline"]).finish().0;
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
    let out = start(D, &["d2_no_watchdog_without_a_deadline"]).finish().0;
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
