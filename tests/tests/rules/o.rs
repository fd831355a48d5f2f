//! O: where services run: the drain (O3) and what the deadline's line
//! names (O4).

use crate::common::{RUNNING_NOTHING, SCENARIOS, assert_killed, assert_outcome, lines};
use crate::support::{SIGTERM, start};

/// What every drain case prints before its shutdown proceeds.
const DRAINED: [&str; 2] = [
    "draining() = false",
    "draining: exiting() = None, checkpoint returned",
];

#[test]
#[cfg(unix)]
fn o3_a_signal_drains_first_while_everything_goes_on() {
    let mut child = start(SCENARIOS, &["o3_a_signal_drains_first"]);
    child.wait_for("ready");
    child.signal("TERM");
    let (out, _) = child.finish();
    assert_killed(
        &out,
        SIGTERM,
        &lines(&[
            DRAINED[0],
            "ready",
            DRAINED[1],
            "exit_requested: 143, draining() = true",
            "stopped after the drain delay: true",
            "dropped main's guard",
            "hook: status 143",
        ]),
        "",
    );
}

#[test]
fn o3_request_exit_drains_first() {
    let out = crate::common::bin(SCENARIOS, &["o3_request_exit_drains_first"]);
    assert_outcome(
        &out,
        0,
        &lines(&[
            DRAINED[0],
            DRAINED[1],
            "exit_requested: 0, draining() = true",
            "stopped after the drain delay: true",
            "dropped main's guard",
            "hook: status 0",
        ]),
        "",
    );
}

#[test]
#[cfg(unix)]
fn o3_an_exit_during_the_drain_ends_it_and_the_signal_keeps_the_status() {
    let mut child = start(SCENARIOS, &["o3_an_exit_stops_the_drain"]);
    child.wait_for("ready");
    child.signal("TERM");
    let (out, _) = child.finish();
    assert_killed(
        &out,
        SIGTERM,
        &lines(&[
            DRAINED[0],
            "ready",
            DRAINED[1],
            "exit_requested: 143, draining() = true",
            "stopped after the drain delay: false",
            "dropped main's guard",
            "hook: status 143",
        ]),
        "",
    );
}

#[test]
#[cfg(unix)]
fn o3_a_second_signal_during_the_drain_ends_the_process_at_once() {
    let mut child = start(SCENARIOS, &["o3_a_signal_drains_first"]);
    child.wait_for("ready");
    child.signal("TERM");
    child.wait_for(DRAINED[1]);
    child.signal("TERM");
    let (out, _) = child.finish();
    assert_killed(
        &out,
        SIGTERM,
        &lines(&[DRAINED[0], "ready", DRAINED[1]]),
        &crate::common::second_signal("SIGTERM"),
    );
}

#[test]
#[cfg(unix)]
fn o4_the_deadline_says_when_no_thread_was_unwinding_for_the_shutdown() {
    let mut child = start(SCENARIOS, &["o4_nothing_unwinding_at_the_deadline"]);
    child.wait_for("ready");
    child.signal("TERM");
    let (out, _) = child.finish();
    assert_killed(
        &out,
        SIGTERM,
        "ready\n",
        &crate::common::deadline_cut("SIGTERM", RUNNING_NOTHING, 143),
    );
}

#[test]
#[cfg(unix)]
fn o3_a_drain_shorter_than_the_logger_is_seen_only_once_the_logger_has_it() {
    let mut child = start(SCENARIOS, &["o3_a_drain_shorter_than_the_logger"]);
    child.wait_for("ready");
    child.signal("TERM");
    let (out, _) = child.finish();
    assert_killed(
        &out,
        SIGTERM,
        &lines(&[
            "ready",
            "logger: told: shutdown started by SIGTERM: status 143",
            "main: exiting() = 143",
        ]),
        "",
    );
}

#[test]
#[cfg(target_os = "linux")]
fn o4_the_deadline_names_the_thread_ending_the_process_past_the_hooks() {
    let out = crate::common::bin(SCENARIOS, &["o4_past_the_hooks_at_the_deadline"]);
    assert_outcome(
        &out,
        3,
        "hook: status 3\natexit: hanging\n",
        &crate::common::deadline_cut(
            &format!(
                "request_exit(3) at {}",
                crate::common::site(
                    "o4_nothing_unwinding",
                    "past the hooks",
                    "exit_policy::request_exit(3)",
                )
            ),
            "thread 'main' was still ending the process, past the hooks (a libc atexit handler, \
             or a thread-local's destructor)",
            3,
        ),
    );
}

#[test]
#[cfg(unix)]
fn o4_a_deadline_shorter_than_the_drain_says_it_was_still_draining() {
    let mut child = start(SCENARIOS, &["o4_during_the_drain_at_the_deadline"]);
    child.wait_for("ready");
    child.signal("TERM");
    let (out, _) = child.finish();
    assert_killed(
        &out,
        SIGTERM,
        "ready\n",
        &crate::common::deadline_cut("SIGTERM", "it was still draining (set_drain_delay)", 143),
    );
}
