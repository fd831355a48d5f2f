//! D: the deadline on a graceful shutdown.

use crate::common::{
    SCENARIOS, assert_killed, assert_outcome, lines, running_hook, running_thread, site,
};
use crate::support::{SIGTERM, start};
use std::time::Duration;

/// Runs `mode`, where `exit(4)` (at the `SITE` marked `site`) starts a
/// shutdown that hangs where `hangs` says: the 200 ms deadline must end the
/// process with 4 and the one line, which names what was `running` (O4),
/// well under a second after the exit.
fn assert_cut_in_time(case: &str, site_marker: &str, hangs: &str, running: &str) {
    let mut child = start(SCENARIOS, &[case]);
    let exiting = child.wait_for("exiting");
    let (out, ended) = child.finish();
    let exit_site = site(case, site_marker, "exit(4)");
    assert_outcome(
        &out,
        4,
        &lines(&["exiting", hangs]),
        &crate::common::deadline_cut(&format!("exit(4) requested at {exit_site}"), running, 4),
    );
    let took = ended - exiting;
    assert!(
        took < Duration::from_millis(1_200),
        "the cut came {took:?} after the exit"
    );
}

#[test]
#[cfg(target_os = "linux")]
fn d1_a_deadline_set_during_the_shutdown_counts_from_its_start() {
    assert_cut_in_time(
        "d1_deadline_set_during_the_shutdown",
        "deadline set late",
        "drop: 1 thread started, hanging",
        &running_thread("main"),
    );
}

#[test]
fn d1_a_drop_that_hangs_is_cut_by_the_deadline_with_the_exit_code() {
    assert_cut_in_time(
        "d1_deadline_cuts_a_hanging_drop",
        "deadline exit",
        "drop: hanging",
        &running_thread("main"),
    );
}

#[test]
fn d1_a_hook_that_blocks_forever_is_cut_by_the_deadline_too() {
    assert_cut_in_time(
        "d1_deadline_cuts_a_hanging_hook",
        "deadline hook exit",
        "hook: status 4, hanging",
        &running_hook(&site(
            "d1_deadline_cuts_a_hanging_hook",
            "hanging hook",
            "at_exit(",
        )),
    );
}

#[test]
#[cfg(unix)]
fn d1_a_signal_shutdown_cut_by_the_deadline_dies_by_the_signal() {
    let mut child = start(SCENARIOS, &["d1_deadline_cuts_a_signal_shutdown"]);
    child.wait_for("ready");
    child.signal("TERM");
    let (out, _) = child.finish();
    assert_killed(
        &out,
        SIGTERM,
        &lines(&["ready", "drop: hanging"]),
        &crate::common::deadline_cut("SIGTERM", &running_thread("main"), 143),
    );
}

#[test]
fn d2_a_shutdown_that_ends_in_time_prints_nothing_about_the_deadline() {
    let child = start(SCENARIOS, &["d2_deadline_met_prints_nothing"]);
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
    let out = start(SCENARIOS, &["d2_watchdog_starts_with_a_deadline"])
        .finish()
        .0;
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
    let out = start(SCENARIOS, &["d2_no_watchdog_without_a_deadline"])
        .finish()
        .0;
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

#[test]
fn d1_the_deadline_cuts_a_drop_that_holds_the_stderr_lock() {
    let case = "d1_deadline_cuts_a_drop_that_holds_stderr";
    let mut child = start(SCENARIOS, &[case]);
    let exiting = child.wait_for("exiting");
    let (out, ended) = child.finish();
    let exit_site = site(case, "deadline exit", "exit(4)");
    assert_outcome(
        &out,
        4,
        "exiting\n",
        &format!(
            "closing the connection...\n{}",
            crate::common::deadline_cut(
                &format!("exit(4) requested at {exit_site}"),
                &running_thread("main"),
                4
            )
        ),
    );
    let took = ended - exiting;
    assert!(
        took < Duration::from_millis(1_200),
        "the cut came {took:?} after the exit"
    );
}

#[test]
fn d1_the_deadline_cuts_a_second_shutdown_whose_logger_blocks_after_a_first_was_caught() {
    let case = "d1_deadline_after_a_caught_shutdown";
    let mut child = start(SCENARIOS, &[case]);
    child.wait_for_line_starting("logger: blocking on: ");
    let (out, _) = child.finish();
    let exit_site = site(case, "second shutdown", "exit(3)");
    assert_eq!(out.status, Some(3), "{out:#?}");
    assert!(out.stdout.starts_with("caught Err(2)\n"), "{out:#?}");
    assert_eq!(
        out.stderr,
        crate::common::deadline_cut(
            &format!("exit(3) requested at {exit_site}"),
            &running_thread("main"),
            3
        ),
        "{out:#?}"
    );
}

#[cfg(unix)]
#[test]
fn d1_a_forked_child_keeps_time_with_a_watchdog_of_its_own() {
    let case = "d1_deadline_in_a_forked_child";
    let out = crate::common::bin(SCENARIOS, &[case]);
    let exit_site = site(case, "child exit", "exit(4)");
    assert_outcome(
        &out,
        0,
        "parent: caught Err(2)\nchild: a drop hangs\nparent: the child exited with 4\n",
        &crate::common::deadline_cut(
            &format!("exit(4) requested at {exit_site}"),
            &running_thread("main"),
            4,
        ),
    );
}
