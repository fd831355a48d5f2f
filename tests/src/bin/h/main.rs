//! H1: the `at_exit` hooks.
//!
//! Run as `h CASE [ARGS]`: each case is a module's `main`, and
//! `CASES` names them. Its `main` is annotated, so it is each case's
//! boundary: a case's own `main` runs under it, and returns the case's result.

mod h1_hooks;
mod h1_shutdown_during_mains_hooks;

use exit_policy_tests::Case;

/// The cases, by name.
const CASES: &[Case<Result<(), String>>] = &[
    ("h1_hooks_on_exit", || h1_hooks::main("exit")),
    ("h1_hooks_on_return_ok", || h1_hooks::main("return-ok")),
    ("h1_hooks_on_return_err", || h1_hooks::main("return-err")),
    ("h1_hooks_on_panic", || h1_hooks::main("panic")),
    ("h1_no_hooks_on_exit_now", || h1_hooks::main("exit-now")),
    ("h1_panicking_hook", || h1_hooks::main("panicking-hook")),
    ("h1_exit_during_mains_hooks", || {
        h1_shutdown_during_mains_hooks::main("worker-exit");
        Ok(())
    }),
    ("h1_signal_during_mains_hooks", || {
        h1_shutdown_during_mains_hooks::main("sigterm");
        Ok(())
    }),
];

#[exit_policy::exit_policy(graceful)]
fn main() -> Result<(), String> {
    exit_policy_tests::run_case(CASES)
}
