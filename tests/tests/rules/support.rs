//! Helpers that tests of more than one letter use.

use crate::common::{PLAIN_MAIN, Running, bin, scenario, scratch, site, std_panic_on};

/// What a panic at `marker` of `bin_name` on `thread` prints (std's
/// message, unchanged), and how the runtime names it (K3).
pub(crate) fn panic_at(
    bin_name: &str,
    marker: &str,
    thread: &str,
    message: &str,
) -> (String, String) {
    let at = site(bin_name, marker, "panic!");
    let named = match thread {
        "<unnamed>" => format!("a panic at {at} on an unnamed thread"),
        _ => format!("a panic at {at} on thread '{thread}'"),
    };
    (std_panic_on(thread, &at, message), named)
}

/// Starts the scenario binary at `path` with `args`.
pub(crate) fn start(path: &str, args: &[&str]) -> Running {
    let mut command = scenario(path);
    command.args(args);
    Running::start(command)
}

/// Runs the scenario `case`, sends it SIGTERM once it is ready, and waits
/// for its end.
#[cfg(unix)]
pub(crate) fn terminated(case: &str) -> crate::common::Outcome {
    let mut child = start(crate::common::SCENARIOS, &[case]);
    child.wait_for("ready");
    child.signal("TERM");
    child.finish().0
}

pub(crate) const SIGTERM: i32 = 15;

pub(crate) const SIGINT: i32 = 2;

pub(crate) const TOKIO: [(&str, &str, bool); 4] = [
    (
        "exit_policy above, multi-thread",
        env!("CARGO_BIN_EXE_a7_policy_above_tokio_main_multi_thread"),
        true,
    ),
    (
        "exit_policy above, current-thread",
        env!("CARGO_BIN_EXE_a7_policy_above_tokio_main_current_thread"),
        false,
    ),
    (
        "exit_policy below, multi-thread",
        env!("CARGO_BIN_EXE_a7_policy_below_tokio_main_multi_thread"),
        true,
    ),
    (
        "exit_policy below, current-thread",
        env!("CARGO_BIN_EXE_a7_policy_below_tokio_main_current_thread"),
        false,
    ),
];

/// A copy of the scenario binary `path` without symbols, or `None` where
/// `strip` (binutils) is not available.
pub(crate) fn stripped(path: &str, name: &str) -> Option<std::path::PathBuf> {
    let copy = scratch(name).join("stripped");
    let status = std::process::Command::new("strip")
        .arg(path)
        .arg("-o")
        .arg(&copy)
        .status();
    if status.is_ok_and(|status| status.success()) {
        Some(copy)
    } else {
        eprintln!("skipped: `strip` (binutils) is not available here");
        None
    }
}

pub(crate) fn seed(case: &str) -> crate::common::Outcome {
    bin(PLAIN_MAIN, &[case])
}
