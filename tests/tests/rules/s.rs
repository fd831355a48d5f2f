//! S: signals, checkpoints and `exit_requested`.

use crate::common::{
    Outcome, Running, SCENARIOS, assert_killed, assert_outcome, bin, case, ctrl_c_at_a_terminal,
    lines, shown, site,
};
use crate::support::{SIGINT, SIGTERM, start};
use std::time::Duration;

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
    let out = crate::support::terminated("s1_sigterm_stops_a_checkpoint_loop");
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
    let out = crate::support::terminated("s2_checkpoint_while_panicking");
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

// ---- S5 and S4 under hostile conditions: locks held, PID 1, storms ----

#[test]
#[cfg(unix)]
fn s5_a_signal_shutdown_ends_while_a_thread_holds_the_stdout_lock() {
    let out = crate::support::terminated("s5_signal_while_a_thread_holds_stdout");
    assert_killed(
        &out,
        SIGTERM,
        "ready\n",
        "dropped main's guard\nhook: status 143\n",
    );
}

#[test]
#[cfg(unix)]
fn s4_a_second_signal_ends_the_process_while_a_drop_holds_the_stderr_lock() {
    let mut child = start(SCENARIOS, &["s4_second_signal_while_a_drop_holds_stderr"]);
    child.wait_for("ready");
    child.signal("TERM");
    child.wait_for("closing");
    child.signal("TERM");
    let (out, _) = child.finish();
    assert_killed(
        &out,
        SIGTERM,
        "ready\nclosing\n",
        &format!(
            "closing the connection...\n{}",
            crate::common::second_signal("SIGTERM")
        ),
    );
}

#[test]
fn s2_a_checkpoint_in_a_thread_locals_destructor_returns() {
    let out = bin(SCENARIOS, &["s2_checkpoint_in_a_thread_local_destructor"]);
    let mut expected = vec![
        "the worker's thread-local: checkpoint returned",
        "worker joined",
    ];
    // The C library's `exit` runs the main thread's thread-local destructors;
    // Windows ends the process without running them.
    if cfg!(unix) {
        expected.push("main's thread-local: checkpoint returned");
    }
    assert_outcome(&out, 3, &lines(&expected), "");
}

#[test]
#[cfg(target_os = "linux")]
fn s1_a_forked_child_that_handles_signals_again_stops_in_order_on_sigterm() {
    let mut parent = start(SCENARIOS, &["s1_forked_child_handles_signals_again"]);
    let ready = parent.wait_for_line_starting("child ready: ");
    let pid = ready["child ready: ".len()..]
        .parse()
        .expect("the child's pid");
    crate::common::signal_pid(pid, "TERM");
    let (out, _) = parent.finish();
    assert_outcome(
        &out,
        0,
        &lines(&[
            &ready,
            "child's hook: status 143",
            "parent: the child died by signal 15",
        ]),
        "",
    );
}

/// Runs the S1 case under `wrapper` (a program that leaves `signal`
/// ignored, then runs the case), sends `signal`, then SIGTERM: the ignored
/// signal stays ignored, and SIGTERM stops the process in order.
#[cfg(unix)]
fn s1_an_ignored_signal_stays_ignored(wrapper: &[&str], signal: &str) {
    let mut command = std::process::Command::new(wrapper[0]);
    command
        .args(&wrapper[1..])
        .args([SCENARIOS, "s1_sigterm_stops_a_checkpoint_loop"])
        .env_remove("RUST_BACKTRACE");
    let mut child = Running::start(command);
    child.wait_for("ready");
    child.signal(signal);
    child.signal("TERM");
    let (out, _) = child.finish();
    assert_eq!(out.signal, Some(SIGTERM), "{out:#?}");
    assert!(out.stdout.ends_with("hook: status 143\n"), "{out:#?}");
}

#[test]
#[cfg(unix)]
fn s1_a_sighup_that_nohup_ignores_stays_ignored() {
    s1_an_ignored_signal_stays_ignored(&["nohup"], "HUP");
}

#[test]
#[cfg(unix)]
fn s1_a_sigint_that_the_parent_shell_ignores_stays_ignored() {
    s1_an_ignored_signal_stays_ignored(&["sh", "-c", "trap '' INT; exec \"$0\" \"$@\""], "INT");
}

/// Runs `case` of the scenario program as PID 1 of a new PID namespace (as
/// a container without an init runs its program), or says why it can't:
/// in CI (`CI` set) that fails the test, elsewhere it is skipped.
#[cfg(target_os = "linux")]
pub(crate) fn as_pid_1(case: &str) -> Option<(Running, u32)> {
    let probe = std::process::Command::new("unshare")
        .args(["--pid", "--fork", "--mount-proc", "true"])
        .output();
    let refused = match &probe {
        Ok(out) if out.status.success() => None,
        Ok(out) => Some(String::from_utf8_lossy(&out.stderr).into_owned()),
        Err(error) => Some(error.to_string()),
    };
    if let Some(why) = refused {
        assert!(
            std::env::var_os("CI").is_none(),
            "unshare --pid --fork --mount-proc is refused here, so PID 1 is not tested: {why}"
        );
        eprintln!("skipped: unshare --pid --fork --mount-proc is refused here: {why}");
        return None;
    }
    let mut command = std::process::Command::new("unshare");
    command
        .args(["--pid", "--fork", "--mount-proc", SCENARIOS, case])
        .env_remove("RUST_BACKTRACE");
    let mut child = Running::start(command);
    child.wait_for("ready");
    // unshare's one child is PID 1 inside; outside it has a pid of its own.
    let unshare = child.id();
    let children = std::fs::read_to_string(format!("/proc/{unshare}/task/{unshare}/children"))
        .expect("unshare's children");
    let pid = children.trim().parse().expect("one child");
    Some((child, pid))
}

#[test]
#[cfg(target_os = "linux")]
fn s5_as_pid_1_a_signal_shutdown_ends_in_order_with_128_plus_the_signal() {
    let Some((child, pid)) = as_pid_1("s1_sigterm_stops_a_checkpoint_loop") else {
        return;
    };
    crate::common::signal_pid(pid, "TERM");
    let (out, _) = child.finish();
    assert_eq!((out.status, out.signal), (Some(143), None), "{out:#?}");
    assert!(out.stdout.ends_with("hook: status 143\n"), "{out:#?}");
    assert_eq!(out.stderr, "", "{out:#?}");
}

#[test]
#[cfg(target_os = "linux")]
fn s5_as_pid_1_a_second_signal_ends_at_once_with_128_plus_the_signal() {
    let Some((mut child, pid)) = as_pid_1("s4_two_signals") else {
        return;
    };
    crate::common::signal_pid(pid, "INT");
    child.wait_for("shutdown started: 130");
    crate::common::signal_pid(pid, "INT");
    let (out, _) = child.finish();
    assert_eq!((out.status, out.signal), (Some(130), None), "{out:#?}");
    assert_eq!(
        out.stderr,
        crate::common::second_signal("SIGINT"),
        "{out:#?}"
    );
}

#[test]
#[cfg(target_os = "linux")]
fn s7_as_pid_1_a_chosen_status_ends_with_it_and_a_deadline_cut_with_128_plus_the_signal() {
    let Some((child, pid)) = as_pid_1("s7_signal_status") else {
        return;
    };
    crate::common::signal_pid(pid, "TERM");
    let (out, _) = child.finish();
    assert_eq!((out.status, out.signal), (Some(0), None), "{out:#?}");
    assert!(out.stdout.ends_with("hook: status 0\n"), "{out:#?}");
    let Some((child, pid)) = as_pid_1("s7_signal_status_cut_by_the_deadline") else {
        return;
    };
    crate::common::signal_pid(pid, "TERM");
    let (out, _) = child.finish();
    assert_eq!((out.status, out.signal), (Some(143), None), "{out:#?}");
    assert_eq!(
        out.stderr,
        crate::common::deadline_cut("SIGTERM", &crate::common::running_thread("main"), 143),
        "{out:#?}"
    );
}

/// A small generator for the storm's random moments.
#[cfg(unix)]
struct Dice(u64);

#[cfg(unix)]
impl Dice {
    fn roll(&mut self, sides: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % sides
    }
}

#[test]
#[cfg(unix)]
fn s5_a_sigterm_storm_with_locks_held_never_hangs_and_always_dies_by_sigterm_20_times() {
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |time| u64::from(time.subsec_nanos()) | 1);
    let mut dice = Dice(seed);
    for run in 0..20 {
        let child_seed = (dice.roll(1 << 30) + 1).to_string();
        let mut child = start(
            SCENARIOS,
            &["s5_sigterm_storm_with_locks_held", &child_seed],
        );
        child.wait_for("ready");
        for _ in 0..=dice.roll(3) {
            // Random moments, not synchronisation: whatever the child is
            // doing when a signal lands, it must end the same way.
            std::thread::sleep(Duration::from_millis(dice.roll(40)));
            child.signal("TERM");
        }
        let (out, _) = child.finish();
        assert_eq!(
            (out.status, out.signal),
            (None, Some(SIGTERM)),
            "run {run}, seed {seed}, child seed {child_seed}: {out:#?}"
        );
    }
}

#[test]
#[cfg(unix)]
fn s1_handle_signals_for_leaves_the_other_signals_their_default_action() {
    // SIGHUP is not in the list: it kills the process, no hook runs.
    let mut child = start(SCENARIOS, &["s1_handle_signals_for"]);
    child.wait_for("ready");
    child.signal("HUP");
    let (out, _) = child.finish();
    assert_killed(&out, 1, "empty list: InvalidInput\nready\n", "");
    // SIGTERM is: an orderly shutdown.
    let out = crate::support::terminated("s1_handle_signals_for");
    assert_killed(
        &out,
        SIGTERM,
        &lines(&[
            "empty list: InvalidInput",
            "ready",
            "dropped main's guard",
            "hook: status 143",
        ]),
        "",
    );
}

#[test]
#[cfg(unix)]
fn s7_a_chosen_status_ends_a_signal_shutdown_with_it() {
    let out = crate::support::terminated("s7_signal_status");
    assert_outcome(
        &out,
        0,
        &lines(&[
            "ready",
            "drop: exiting() = Some(0)",
            "dropped main's guard",
            "hook: status 0",
        ]),
        "",
    );
}

#[test]
#[cfg(unix)]
fn s7_a_deadline_cut_still_dies_by_the_signal() {
    let out = crate::support::terminated("s7_signal_status_cut_by_the_deadline");
    assert_killed(
        &out,
        SIGTERM,
        &lines(&["ready", "drop: exiting() = Some(0)", "drop: hanging"]),
        &crate::common::deadline_cut("SIGTERM", &crate::common::running_thread("main"), 143),
    );
}

#[test]
#[cfg(unix)]
fn s1_a_second_handle_signals_for_adds_to_the_signals_handled() {
    let mut child = start(SCENARIOS, &["s1_handle_signals_for_twice"]);
    child.wait_for("ready");
    child.signal("HUP");
    let (out, _) = child.finish();
    assert_killed(
        &out,
        1,
        &lines(&[
            "empty list: InvalidInput",
            "ready",
            "dropped main's guard",
            "hook: status 129",
        ]),
        "",
    );
}
