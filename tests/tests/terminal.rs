//! S6 on a real pseudo-terminal: the test runs the program with Python's
//! `pty` (`fixtures/ctrl_c_at_a_terminal.py`) and types Ctrl-C, so the
//! terminal sends SIGINT as it does for a user. With stderr not a terminal
//! (every other signal test), the same shutdown prints nothing.

mod common;

use common::{Outcome, S, ctrl_c_at_a_terminal, shown};

/// Runs the S6 scenario with `args` on a pseudo-terminal and types Ctrl-C
/// once it is ready.
fn s6_at_a_terminal(case: &str) -> Outcome {
    ctrl_c_at_a_terminal(&["ready"], S, &[case])
}

#[test]
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
fn s6_l2_the_ctrl_c_line_comes_before_any_other_thread_sees_the_shutdown() {
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
