//! D1, D2: the deadline on a graceful shutdown.

mod d1_deadline_after_a_caught_shutdown;
mod d1_deadline_cuts_a_drop_that_holds_stderr;
mod d1_deadline_cuts_a_hanging_drop;
mod d1_deadline_cuts_a_hanging_hook;
mod d1_deadline_cuts_a_signal_shutdown;
#[cfg(unix)]
mod d1_deadline_in_a_forked_child;
mod d1_deadline_set_during_the_shutdown;
mod d2_deadline_met_prints_nothing;
mod d2_watchdog_only_with_a_deadline;

use exit_policy_tests::{Case, Run};

/// The cases, by name.
pub(crate) const CASES: &[Case] = &[
    (
        "d1_deadline_cuts_a_hanging_drop",
        Run::Plain(d1_deadline_cuts_a_hanging_drop::main),
    ),
    (
        "d1_deadline_cuts_a_hanging_hook",
        Run::Plain(d1_deadline_cuts_a_hanging_hook::main),
    ),
    (
        "d1_deadline_cuts_a_signal_shutdown",
        Run::Plain(d1_deadline_cuts_a_signal_shutdown::main),
    ),
    (
        "d1_deadline_set_during_the_shutdown",
        Run::Plain(d1_deadline_set_during_the_shutdown::main),
    ),
    (
        "d2_deadline_met_prints_nothing",
        Run::Plain(d2_deadline_met_prints_nothing::main),
    ),
    (
        "d2_watchdog_starts_with_a_deadline",
        Run::Plain(|| d2_watchdog_only_with_a_deadline::main("deadline")),
    ),
    (
        "d2_no_watchdog_without_a_deadline",
        Run::Plain(|| d2_watchdog_only_with_a_deadline::main("none")),
    ),
    (
        "d1_deadline_cuts_a_drop_that_holds_stderr",
        Run::Plain(d1_deadline_cuts_a_drop_that_holds_stderr::main),
    ),
    (
        "d1_deadline_after_a_caught_shutdown",
        Run::Plain(d1_deadline_after_a_caught_shutdown::main),
    ),
    #[cfg(unix)]
    (
        "d1_deadline_in_a_forked_child",
        Run::Plain(d1_deadline_in_a_forked_child::main),
    ),
];
