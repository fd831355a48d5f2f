//! S: signals, checkpoints and `exit_requested`.

use crate::common::{
    Outcome, Running, SCENARIOS, assert_killed, assert_outcome, bin, case, ctrl_c_at_a_terminal,
    lines, shown, site,
};
use crate::support::{SIGINT, SIGTERM, start};

/// Runs the S6 case `case` on a pseudo-terminal and types Ctrl-C once it
/// is ready.
#[cfg(unix)]
fn s6_at_a_terminal(case: &str) -> Outcome {
    ctrl_c_at_a_terminal(&["ready"], SCENARIOS, &[case])
}

#[cfg(unix)]
fn exit_requested_in_select(case: &str) {
    let mut child = start(SCENARIOS, &[case]);
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
fn s2_a_lost_checkpoint_request_dropped_after_catch_exit_changes_nothing() {
    let out = bin(SCENARIOS, &["s2_lost_checkpoint_dropped_after_catch"]);
    assert_outcome(
        &out,
        0,
        &lines(&["caught 2, exiting() = None", "still running"]),
        "",
    );
}

#[test]
#[cfg(unix)]
fn s4_after_catch_exit_ended_a_shutdown_the_next_signal_is_a_first_one() {
    let mut child = Running::start(case(SCENARIOS, "s4_signal_count_resets_after_catch"));
    child.wait_for("unwinding for exit(2): send SIGINT");
    child.signal("INT");
    child.wait_for("running again: send SIGINT");
    child.signal("INT");
    let (out, _) = child.finish();
    assert_killed(
        &out,
        SIGINT,
        &lines(&[
            "unwinding for exit(2): send SIGINT",
            "caught 2, exiting() = None",
            "running again: send SIGINT",
            "dropped main's guard",
            "hook: status 130",
        ]),
        "",
    );
}

#[test]
#[cfg(unix)]
fn s1_sigterm_stops_a_checkpoint_loop_runs_every_drop_and_the_hook_then_dies_by_sigterm() {
    let mut child = start(SCENARIOS, &["s1_sigterm_stops_a_checkpoint_loop"]);
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
fn s4_a_second_sigint_ends_the_process_at_once_by_sigint() {
    let mut child = start(SCENARIOS, &["s4_two_signals"]);
    child.wait_for("ready");
    child.signal("INT");
    child.wait_for("shutdown started: 130");
    child.signal("INT");
    let (out, _) = child.finish();
    assert_killed(
        &out,
        SIGINT,
        &lines(&["ready", "shutdown started: 130"]),
        &crate::common::second_signal("SIGINT"),
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
    let mut child = start(SCENARIOS, &["s2_workers_stop_at_their_checkpoints"]);
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

#[test]
#[cfg(unix)]
fn s2_a_checkpoint_during_an_ordinary_panic_exits_there_at_once() {
    let mut child = start(SCENARIOS, &["s2_checkpoint_while_panicking"]);
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
            crate::common::std_panic(
                &site(bin_name, "panic", "panic!"),
                "an ordinary panic during the shutdown"
            ),
            crate::common::came_during_a_panic(
                &format!("exit(143) requested at {checkpoint}"),
                143
            ),
        ),
    );
}

#[test]
#[cfg(unix)]
fn s6_the_first_ctrl_c_at_a_terminal_says_the_shutdown_started() {
    let out = s6_at_a_terminal("s6_ctrl_c_at_a_terminal");
    assert_eq!(out.status, Some(0), "{out:#?}");
    assert_eq!(
        shown(&out),
        "ready\n\
         exit-policy: shutting down (Ctrl-C); press Ctrl-C again to stop at once\n\
         hook: status 130\n\
         killed by signal 2\n",
        "{out:#?}"
    );
}

#[test]
#[cfg(unix)]
fn s6_the_ctrl_c_line_comes_before_any_other_thread_sees_the_shutdown() {
    let out = s6_at_a_terminal("s6_ctrl_c_at_a_terminal_logged");
    assert_eq!(out.status, Some(0), "{out:#?}");
    assert_eq!(
        shown(&out),
        "ready\n\
         LOG INFO: shutdown started by SIGINT: status 130 (exiting: None, exit_requested: Pending)\n\
         LOG INFO: shutting down (Ctrl-C); press Ctrl-C again to stop at once (exiting: None, \
         exit_requested: Pending)\n\
         hook: status 130\n\
         killed by signal 2\n",
        "{out:#?}"
    );
}
