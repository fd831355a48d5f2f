//! H1: the `at_exit` hooks.

mod h1_hooks;
mod h1_shutdown_during_mains_hooks;

use exit_policy_tests::{Case, Run};

/// The cases, by name.
pub(crate) const CASES: &[Case] = &[
    ("h1_hooks_on_exit", Run::Returns(|| h1_hooks::main("exit"))),
    (
        "h1_hooks_on_return_ok",
        Run::Returns(|| h1_hooks::main("return-ok")),
    ),
    (
        "h1_hooks_on_return_err",
        Run::Returns(|| h1_hooks::main("return-err")),
    ),
    (
        "h1_hooks_on_panic",
        Run::Returns(|| h1_hooks::main("panic")),
    ),
    (
        "h1_no_hooks_on_exit_now",
        Run::Returns(|| h1_hooks::main("exit-now")),
    ),
    (
        "h1_panicking_hook",
        Run::Returns(|| h1_hooks::main("panicking-hook")),
    ),
    (
        "h1_exit_during_mains_hooks",
        Run::Plain(|| h1_shutdown_during_mains_hooks::main("worker-exit")),
    ),
    (
        "h1_signal_during_mains_hooks",
        Run::Plain(|| h1_shutdown_during_mains_hooks::main("sigterm")),
    ),
];
