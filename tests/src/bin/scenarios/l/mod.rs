//! L2: the shutdown in the program's own logger.

mod l2_a_logger_that_blocks_on_the_first_signal;
mod l2_logger_sees_the_shutdown;

use exit_policy_tests::{Case, Run};

/// The cases, by name.
pub(crate) const CASES: &[Case] = &[
    (
        "l2_logger_sees_an_exit",
        Run::Plain(|| l2_logger_sees_the_shutdown::main("exit")),
    ),
    (
        "l2_logger_sees_a_signal",
        Run::Plain(|| l2_logger_sees_the_shutdown::main("signal")),
    ),
    (
        "l2_logger_sees_a_panic",
        Run::Plain(|| l2_logger_sees_the_shutdown::main("panic")),
    ),
    (
        "l2_logger_sees_an_interception",
        Run::Plain(|| l2_logger_sees_the_shutdown::main("interception")),
    ),
    (
        "l2_logger_filters_the_target",
        Run::Plain(|| l2_logger_sees_the_shutdown::main("filtered")),
    ),
    (
        "l2_a_logger_that_blocks_on_the_first_signal",
        Run::Plain(l2_a_logger_that_blocks_on_the_first_signal::main),
    ),
];
