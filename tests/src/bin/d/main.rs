//! D1, D2: the deadline on a graceful shutdown.
//!
//! Run as `d CASE [ARGS]`: each case is a module's `main`, and
//! `CASES` names them. Its `main` is annotated, so it is each case's
//! boundary: a case's own `main` runs under it.

mod d1_deadline_cuts_a_hanging_drop;
mod d1_deadline_cuts_a_hanging_hook;
mod d1_deadline_cuts_a_signal_shutdown;
mod d1_deadline_set_during_the_shutdown;
mod d2_deadline_met_prints_nothing;
mod d2_watchdog_only_with_a_deadline;

use exit_policy_tests::Case;

/// The cases, by name.
const CASES: &[Case<()>] = &[
    (
        "d1_deadline_cuts_a_hanging_drop",
        d1_deadline_cuts_a_hanging_drop::main,
    ),
    (
        "d1_deadline_cuts_a_hanging_hook",
        d1_deadline_cuts_a_hanging_hook::main,
    ),
    (
        "d1_deadline_cuts_a_signal_shutdown",
        d1_deadline_cuts_a_signal_shutdown::main,
    ),
    (
        "d1_deadline_set_during_the_shutdown",
        d1_deadline_set_during_the_shutdown::main,
    ),
    (
        "d2_deadline_met_prints_nothing",
        d2_deadline_met_prints_nothing::main,
    ),
    ("d2_watchdog_starts_with_a_deadline", || {
        d2_watchdog_only_with_a_deadline::main("deadline");
    }),
    ("d2_no_watchdog_without_a_deadline", || {
        d2_watchdog_only_with_a_deadline::main("none");
    }),
];

#[exit_policy::exit_policy(graceful)]
fn main() {
    exit_policy_tests::run_case(CASES);
}
