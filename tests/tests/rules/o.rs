//! O: where services run: systemd's notify protocol (O1), the termination
//! message (O2), the drain (O3) and what the deadline's line names (O4).

use std::path::Path;
use std::process::Command;

use crate::common::{
    Outcome, RUNNING_NOTHING, Running, SCENARIOS, assert_killed, assert_outcome, case, lines, run,
    scratch, site,
};
use crate::support::{SIGTERM, start};

/// Runs `command`, sending it SIGTERM once it is ready if `signal`.
fn finish(command: Command, signal: bool) -> Outcome {
    if !signal {
        return run(command);
    }
    #[cfg(unix)]
    {
        let mut child = Running::start(command);
        child.wait_for("ready");
        child.signal("TERM");
        child.finish().0
    }
    #[cfg(not(unix))]
    unreachable!("no SIGTERM here")
}

/// The datagrams `socket` received, in order.
#[cfg(unix)]
fn received(socket: &std::os::unix::net::UnixDatagram) -> Vec<String> {
    socket.set_nonblocking(true).expect("non-blocking");
    let mut buffer = [0; 4096];
    let mut messages = Vec::new();
    while let Ok(n) = socket.recv(&mut buffer) {
        messages.push(String::from_utf8_lossy(&buffer[..n]).into_owned());
    }
    messages
}

/// Runs the O1 case `name` with `NOTIFY_SOCKET` naming a datagram socket
/// bound here: its outcome, and the messages systemd would have had.
#[cfg(unix)]
fn notified(name: &str, signal: bool) -> (Outcome, Vec<String>) {
    let dir = scratch(&format!("o1-{name}"));
    let path = dir.join("notify.sock");
    let socket = std::os::unix::net::UnixDatagram::bind(&path).expect("bind");
    let mut command = case(SCENARIOS, name);
    command.env("NOTIFY_SOCKET", &path);
    let out = finish(command, signal);
    (out, received(&socket))
}

/// O1: ready, then the stop and why, then more time, again and again, while
/// the shutdown (0.7 s, against a 1 s deadline: extensions every 0.25 s,
/// of 0.5 s each) runs.
#[cfg(unix)]
#[track_caller]
fn assert_notified(messages: &[String], why: &str) {
    assert!(messages.len() >= 4, "{messages:#?}");
    assert_eq!(messages[0], "READY=1\n");
    assert_eq!(messages[1], format!("STOPPING=1\nSTATUS=stopping: {why}\n"));
    for extension in &messages[2..] {
        assert_eq!(extension, "EXTEND_TIMEOUT_USEC=500000\n", "{messages:#?}");
    }
}

#[test]
#[cfg(unix)]
fn o1_a_signal_shutdown_tells_systemd_and_keeps_its_timer_ahead_of_the_deadline() {
    let (out, messages) = notified("o1_systemd_signal", true);
    assert_killed(&out, SIGTERM, "ready\nslow drop: done\n", "");
    assert_notified(&messages, "SIGTERM, status 143");
}

#[test]
#[cfg(unix)]
fn o1_an_exit_tells_systemd_where_it_was_asked_for() {
    let (out, messages) = notified("o1_systemd_exit", false);
    assert_outcome(&out, 3, "slow drop: done\n", "");
    let at = site("o1_systemd", "o1 exit", "exit(3)");
    assert_notified(&messages, &format!("exit(3) requested at {at}, status 3"));
}

#[test]
#[cfg(unix)]
fn o1_a_handled_panic_tells_systemd_where_it_happened() {
    let (out, messages) = notified("o1_systemd_panic", false);
    assert_eq!(out.status, Some(101), "{out:#?}");
    let at = site("o1_systemd", "o1 panic", "panic!");
    assert_notified(
        &messages,
        &format!("a panic at {at} on thread 'worker', status 101"),
    );
}

/// Runs `name` (sending SIGTERM once it is ready if `signal`) with its
/// termination log at `log`: its outcome.
fn with_termination_log(name: &str, signal: bool, log: &Path) -> Outcome {
    let mut command = case(SCENARIOS, name);
    command.env("EXIT_POLICY_TERMINATION_LOG", log);
    finish(command, signal)
}

/// What was in the termination log before: longer than any message, so
/// that a message written over it without truncating shows.
const OLD: &str = "an earlier run's message, longer than any this run writes, which must go: \
     .........................................................................................\
     .........................................................................................\
     .........................................................................................\n";

#[test]
fn o2_every_end_replaces_the_termination_log_with_its_cause() {
    let dir = scratch("o2-every-end");
    let log = dir.join("termination-log");
    let ends = [
        (
            "g10_request_exit_then_main_returns",
            false,
            format!(
                "graceful end, status 3: request_exit(3) at {}, on thread 'main'",
                site("g10_request_exit", "main request", "request_exit(3)")
            ),
        ),
        (
            "i1_exit_now_runs_nothing",
            false,
            format!(
                "immediate end, status 7: exit_now(7) requested at {}, on thread 'main'",
                site("i1_immediate_nothing_runs", "exit now", "exit_now(7)")
            ),
        ),
        (
            "d1_deadline_cuts_a_hanging_drop",
            false,
            format!(
                "immediate end at the deadline, status 4: exit(4) requested at {}, on thread \
                 'exit-policy-deadline', asked on thread 'main'",
                site(
                    "d1_deadline_cuts_a_hanging_drop",
                    "deadline exit",
                    "exit(4)"
                )
            ),
        ),
        #[cfg(unix)]
        (
            "s1_sigterm_stops_a_checkpoint_loop",
            true,
            "graceful end, status 143: SIGTERM, on thread 'main'".to_owned(),
        ),
    ];
    for (name, signal, cause) in ends {
        std::fs::write(&log, OLD).expect("an old message");
        let out = with_termination_log(name, signal, &log);
        assert!(out.status.is_some() || out.signal.is_some(), "{out:#?}");
        let message = std::fs::read_to_string(&log).expect("the log");
        assert_eq!(
            message,
            format!("exit-policy: {cause}\n"),
            "{name}: {out:#?}"
        );
    }
}

#[test]
#[cfg(unix)]
fn o2_a_termination_log_that_is_not_a_regular_file_changes_nothing() {
    let dir = scratch("o2-not-a-file");
    let target = dir.join("target");
    std::fs::write(&target, OLD).expect("a file");
    let link = dir.join("link");
    std::os::unix::fs::symlink(&target, &link).expect("a symbolic link");
    let fifo = dir.join("fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let missing = dir.join("missing");
    let expected = run(case(SCENARIOS, "g10_request_exit_then_main_returns"));
    for log in [&link, &fifo, &missing, &dir] {
        let out = with_termination_log("g10_request_exit_then_main_returns", false, log);
        assert_eq!(
            (out.status, &out.stdout, &out.stderr),
            (expected.status, &expected.stdout, &expected.stderr),
            "{}",
            log.display()
        );
    }
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        OLD,
        "written through a link"
    );
    assert!(!missing.exists(), "created");
}

/// O1, O2: a setuid copy of the scenarios, run by an unprivileged user
/// whose environment names a file it can't write and a socket: the file
/// stays untouched and the socket gets nothing. The same copy without the
/// setuid bit, run by root, writes both: what the test would catch.
#[test]
#[cfg(target_os = "linux")]
fn o2_a_setuid_program_ignores_the_termination_log_and_notify_socket() {
    use std::os::unix::fs::PermissionsExt as _;

    let root = Command::new("id").arg("-u").output().expect("id -u").stdout == b"0\n";
    let setpriv = Path::new("/usr/bin/setpriv").exists();
    if !root || !setpriv {
        println!("skipped: needs root and setpriv (util-linux) to make a setuid program");
        return;
    }
    let dir = scratch("o2-setuid");
    let program = dir.join("scenarios");
    std::fs::copy(crate::common::SCENARIOS, &program).expect("a copy of the scenarios");
    let log = dir.join("termination-log");
    let path = dir.join("notify.sock");
    let socket = std::os::unix::net::UnixDatagram::bind(&path).expect("bind");
    for (file, mode) in [(&dir, 0o755), (&path, 0o777)] {
        std::fs::set_permissions(file, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    let attempt = |setuid: bool| {
        std::fs::write(&log, "untouched\n").expect("the log");
        let mode = if setuid { 0o4755 } else { 0o755 };
        std::fs::set_permissions(&program, std::fs::Permissions::from_mode(mode)).unwrap();
        let mut command = if setuid {
            let mut command = Command::new("/usr/bin/setpriv");
            command.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"]);
            command.arg(&program);
            command
        } else {
            Command::new(&program)
        };
        command
            .arg("o1_systemd_exit")
            .env("EXIT_POLICY_TERMINATION_LOG", &log)
            .env("NOTIFY_SOCKET", &path);
        let out = run(command);
        assert_eq!(out.status, Some(3), "{out:#?}");
        (std::fs::read_to_string(&log).unwrap(), received(&socket))
    };
    let (message, messages) = attempt(true);
    assert_eq!(message, "untouched\n", "the setuid program wrote the log");
    assert_eq!(
        messages,
        Vec::<String>::new(),
        "the setuid program notified"
    );
    let (message, messages) = attempt(false);
    assert!(
        message.starts_with("exit-policy: graceful end, status 3"),
        "{message}"
    );
    assert!(messages.len() >= 2, "{messages:#?}");
}

/// What a drain case prints: before its shutdown proceeds (after `ready`
/// if a signal starts it), then once it does, with `code`, and whether the
/// drain lasted its delay (`held`).
fn drained(signal: bool, code: i32, held: bool) -> String {
    let mut printed = vec![DRAINED[0]];
    if signal {
        printed.push("ready");
    }
    let awaited = format!("exit_requested: {code}, draining() = true");
    let stopped = format!("stopped after the drain delay: {held}");
    let hook = format!("hook: status {code}");
    printed.extend([
        DRAINED[1],
        &awaited,
        &stopped,
        "dropped main's guard",
        &hook,
    ]);
    lines(&printed)
}

/// What every drain case prints before its shutdown proceeds.
const DRAINED: [&str; 2] = [
    "draining() = false",
    "draining: exiting() = None, checkpoint returned",
];

#[test]
#[cfg(unix)]
fn o3_a_signal_drains_first_while_everything_goes_on() {
    let out = crate::support::terminated("o3_a_signal_drains_first");
    assert_killed(&out, SIGTERM, &drained(true, 143, true), "");
}

#[test]
fn o3_request_exit_drains_first() {
    let out = crate::common::bin(SCENARIOS, &["o3_request_exit_drains_first"]);
    assert_outcome(&out, 0, &drained(false, 0, true), "");
}

#[test]
#[cfg(unix)]
fn o3_an_exit_during_the_drain_ends_it_and_the_signal_keeps_the_status() {
    let out = crate::support::terminated("o3_an_exit_stops_the_drain");
    assert_killed(&out, SIGTERM, &drained(true, 143, false), "");
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
    let out = crate::support::terminated("o4_nothing_unwinding_at_the_deadline");
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
    let out = crate::support::terminated("o3_a_drain_shorter_than_the_logger");
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
    let out = crate::support::terminated("o4_during_the_drain_at_the_deadline");
    assert_killed(
        &out,
        SIGTERM,
        "ready\n",
        &crate::common::deadline_cut("SIGTERM", "it was still draining (set_drain_delay)", 143),
    );
}

#[test]
fn o3_an_exit_does_not_drain() {
    let out = crate::common::bin(SCENARIOS, &["o3_an_exit_does_not_drain"]);
    assert_outcome(
        &out,
        3,
        "main: the worker stopped at its checkpoint\nhook: status 3\n",
        "",
    );
}

#[test]
fn o4_the_deadline_names_the_worker_whose_destructors_hang() {
    let out = crate::common::bin(SCENARIOS, &["o4_a_named_worker_hangs_at_the_deadline"]);
    let at = site(
        "o4_nothing_unwinding",
        "uploader exit",
        "exit_policy::exit(4)",
    );
    assert_outcome(
        &out,
        4,
        "drop: hanging\n",
        &crate::common::deadline_cut(
            &format!("exit(4) requested at {at}"),
            &crate::common::running_thread("uploader"),
            4,
        ),
    );
}

#[test]
#[cfg(target_os = "linux")]
fn o3_as_pid_1_a_drained_signal_shutdown_ends_in_order_with_128_plus_the_signal() {
    let Some((child, pid)) = crate::s::as_pid_1("o3_a_signal_drains_first") else {
        return;
    };
    crate::common::signal_pid(pid, "TERM");
    let (out, _) = child.finish();
    assert_eq!((out.status, out.signal), (Some(143), None), "{out:#?}");
    assert!(
        out.stdout.ends_with(
            "stopped after the drain delay: true\ndropped main's guard\nhook: status 143\n"
        ),
        "{out:#?}"
    );
}
