//! L2: the shutdown in the program's own logger.
//!
//! Run as `l CASE [ARGS]`: each case is a module's `main`, and
//! `CASES` names them. Its `main` is annotated, so it is each case's
//! boundary: a case's own `main` runs under it.

mod l2_logger_sees_the_shutdown;

use exit_policy_tests::Case;

/// The cases, by name.
const CASES: &[Case<()>] = &[
    ("l2_logger_sees_an_exit", || {
        l2_logger_sees_the_shutdown::main("exit");
    }),
    ("l2_logger_sees_a_signal", || {
        l2_logger_sees_the_shutdown::main("signal");
    }),
    ("l2_logger_sees_a_panic", || {
        l2_logger_sees_the_shutdown::main("panic");
    }),
    ("l2_logger_sees_an_interception", || {
        l2_logger_sees_the_shutdown::main("interception");
    }),
    ("l2_logger_filters_the_target", || {
        l2_logger_sees_the_shutdown::main("filtered");
    }),
];

#[exit_policy::exit_policy(graceful)]
fn main() {
    exit_policy_tests::run_case(CASES);
}
