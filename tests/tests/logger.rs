//! L2: with the `log` feature, the shutdown reaches the program's own
//! logger (`env_logger` here, writing `LOG LEVEL TARGET: message` to stdout):
//! the start of the shutdown is a record emitted while the program still
//! runs (before main's guard drops), and the lines the runtime would print
//! go to the logger instead of stderr; a logger that drops the target
//! `exit_policy` loses nothing: those lines go to stderr, as without one.

// The helpers of the Unix signal tests are unused where those are compiled
// out (the Windows lane).
#![cfg_attr(not(unix), allow(unused))]

mod common;

use common::{L, Running, assert_killed, assert_outcome, bin, case, intercepted, lines, site};

const BIN: &str = "l2_logger_sees_the_shutdown";

fn at(marker: &str, needle: &str) -> String {
    site(BIN, marker, needle)
}

#[test]
fn l2_an_exit_is_a_warn_record_before_mains_guard_drops() {
    let out = bin(L, &["l2_logger_sees_an_exit"]);
    let record = format!(
        "LOG WARN exit_policy: shutdown started by exit(2) requested at {}: status 2",
        at("exit", "exit(2)")
    );
    assert_outcome(&out, 2, &lines(&[&record, "dropped main's guard"]), "");
}

#[test]
#[cfg(unix)]
fn l2_a_signal_is_an_info_record() {
    let command = case(L, "l2_logger_sees_a_signal");
    let mut child = Running::start(command);
    child.wait_for("ready");
    child.signal("TERM");
    let (out, _) = child.finish();
    assert_killed(
        &out,
        15,
        &lines(&[
            "ready",
            "LOG INFO exit_policy: shutdown started by SIGTERM: status 143",
            "dropped main's guard",
        ]),
        "",
    );
}

#[test]
fn l2_k3_a_panic_is_an_error_record_naming_it() {
    let out = bin(L, &["l2_logger_sees_a_panic"]);
    let record = format!(
        "LOG ERROR exit_policy: shutdown started by a panic at {} on thread 'worker': status 101",
        at("panic", "panic!")
    );
    assert_eq!(out.status, Some(101), "{out:#?}");
    assert_eq!(
        out.stdout,
        lines(&[&record, "dropped main's guard"]),
        "{out:#?}"
    );
    // std's own panic message is the panic hook's, not the runtime's.
    assert!(out.stderr.contains("the worker's bug"), "{out:#?}");
    assert!(!out.stderr.contains("exit-policy:"), "{out:#?}");
}

#[test]
fn l2_a_line_the_runtime_would_print_goes_to_the_logger_instead() {
    let out = bin(L, &["l2_logger_sees_an_interception"]);
    let exit = format!("exit(1) requested at {}", at("swallowed", "exit(1)"));
    let line = intercepted(1, &at("swallowed", "exit(1)"));
    let line = line.strip_prefix("exit-policy: ").unwrap().trim_end();
    assert_outcome(
        &out,
        1,
        &lines(&[
            &format!("LOG WARN exit_policy: shutdown started by {exit}: status 1"),
            &format!("LOG WARN exit_policy: {line}"),
        ]),
        "",
    );
}

#[test]
fn l2_a_logger_that_drops_the_target_loses_no_line() {
    let out = bin(L, &["l2_logger_filters_the_target"]);
    assert_outcome(&out, 1, "", &intercepted(1, &at("swallowed", "exit(1)")));
}
