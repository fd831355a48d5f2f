//! Ctrl-C on Windows, run for real: the Windows build of a scenario runs
//! under Wine on a pseudo-terminal (`fixtures/ctrl_c_at_a_terminal.py`),
//! whose console turns a typed Ctrl-C into `CTRL_C_EVENT`, which the C
//! runtime hands to the handler `handle_signals` installed, as a console
//! window does on Windows.
//!
//! These run on the host. They are ignored by a plain `cargo test`, since
//! they need Wine and the Windows build: `.ci/run`'s Windows lane builds the
//! scenarios for `x86_64-pc-windows-gnu` and runs them with
//! `cargo test --test rules -- --ignored windows_console` and
//! `EXIT_POLICY_WINDOWS_BINS` naming where they are.
//!
//! Wine itself is a Unix process, so its status is the low 8 bits of the
//! Windows program's exit code: 58 for `STATUS_CONTROL_C_EXIT`
//! (0xC000013A), what a console gives a process that Ctrl-C ends.

use std::path::PathBuf;

use crate::common::{Outcome, ctrl_c_at_a_terminal, second_signal, shown};

/// Wine's status for a program that ended with `STATUS_CONTROL_C_EXIT`.
const CONTROL_C_EXIT_LOW_BYTE: i32 = 0x3A;

/// The S6 line, as the console shows it.
const CTRL_C_LINE: &str = "exit-policy: shutting down (Ctrl-C); press Ctrl-C again to stop at once";

/// The Windows build of the scenario `name`.
fn windows_exe(name: &str) -> PathBuf {
    let dir = std::env::var_os("EXIT_POLICY_WINDOWS_BINS").expect(
        "EXIT_POLICY_WINDOWS_BINS names the directory of the scenarios built for \
         x86_64-pc-windows-gnu; .ci/run's Windows lane sets it",
    );
    let exe = PathBuf::from(dir).join(format!("{name}.exe"));
    assert!(exe.is_file(), "no Windows build at {}", exe.display());
    exe
}

/// Runs the Windows scenario `name` with `wine` on a pseudo-terminal, and
/// types Ctrl-C after each of `markers` in turn.
fn ctrl_c_in_a_console(case: &str, markers: &[&str]) -> Outcome {
    let exe = windows_exe("scenarios");
    let exe = exe.to_str().expect("a UTF-8 path under target/");
    ctrl_c_at_a_terminal(markers, "wine", &[exe, case])
}

#[test]
#[ignore = "needs Wine and the Windows build; .ci/run's Windows lane runs it"]
fn s1_s2_s5_s6_ctrl_c_in_a_windows_console_unwinds_runs_the_hook_and_ends_as_ctrl_c_does() {
    let out = ctrl_c_in_a_console("s1_sigterm_stops_a_checkpoint_loop", &["ready"]);
    assert_eq!(out.status, Some(0), "{out:#?}");
    assert_eq!(
        shown(&out),
        crate::common::lines(&[
            "ready",
            CTRL_C_LINE,
            "the loop's drop: checkpoint returned",
            "dropped the loop's guard",
            "report: buffered, flushed when the loop unwinds",
            "dropped main's guard",
            "hook: status 130",
            &format!("exited with {CONTROL_C_EXIT_LOW_BYTE}"),
        ]),
        "{out:#?}"
    );
}

#[test]
#[ignore = "needs Wine and the Windows build; .ci/run's Windows lane runs it"]
fn s3_s4_a_second_ctrl_c_in_a_windows_console_ends_the_process_at_once() {
    let out = ctrl_c_in_a_console("s4_two_signals", &["ready", "shutdown started: 130"]);
    assert_eq!(out.status, Some(0), "{out:#?}");
    assert_eq!(
        shown(&out),
        format!(
            "ready\n{CTRL_C_LINE}\nshutdown started: 130\n{}exited with {CONTROL_C_EXIT_LOW_BYTE}\n",
            second_signal("SIGINT")
        ),
        "{out:#?}"
    );
}
