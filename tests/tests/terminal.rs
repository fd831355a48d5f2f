//! S6 on a real pseudo-terminal: the test runs the program with Python's
//! `pty` (`fixtures/ctrl_c_at_a_terminal.py`) and types Ctrl-C, so the
//! terminal sends SIGINT as it does for a user. With stderr not a terminal
//! (every other signal test), the same shutdown prints nothing.

mod common;

use std::process::Command;

use common::run;

#[test]
fn s6_the_first_ctrl_c_at_a_terminal_says_the_shutdown_started() {
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/ctrl_c_at_a_terminal.py"
    );
    let mut command = Command::new("python3");
    command
        .args([
            script,
            env!("CARGO_BIN_EXE_s6_ctrl_c_at_a_terminal"),
            "ready",
        ])
        .env_remove("RUST_BACKTRACE");
    let out = run(command);
    assert_eq!(out.status, Some(0), "{out:#?}");
    // The terminal echoes the keystroke as `^C`.
    let shown = out.stdout.replace("^C", "");
    assert_eq!(
        shown,
        "ready\n\
         exit-policy: shutting down (Ctrl-C); press Ctrl-C again to stop at once\n\
         hook: status 130\n\
         killed by signal 2\n",
        "{out:#?}"
    );
}
