//! I1 to I3: immediate exits.
//!
//! Run as `i CASE [ARGS]`: each case is a module's `main`, and
//! `CASES` names them. Its `main` is annotated, so it is each case's
//! boundary: a case's own `main` runs under it.

mod i1_immediate_nothing_runs;
mod i2_graceful_callee_in_immediate;
mod i2_immediate_entered_during_an_unwind;
mod i3_pool_thread_after_handing_off_an_exit;

use exit_policy_tests::Case;

/// The cases, by name.
const CASES: &[Case<()>] = &[
    ("i1_immediate_exit_runs_nothing", || {
        i1_immediate_nothing_runs::main("immediate-exit");
    }),
    ("i1_exit_now_runs_nothing", || {
        i1_immediate_nothing_runs::main("exit-now");
    }),
    (
        "i2_graceful_callee_in_immediate",
        i2_graceful_callee_in_immediate::main,
    ),
    ("i2_immediate_entered_from_a_drop", || {
        i2_immediate_entered_during_an_unwind::main("drop");
    }),
    ("w2_immediate_future_dropped_by_an_unwind", || {
        i2_immediate_entered_during_an_unwind::main("wrapped-future");
    }),
    (
        "i3_pool_thread_after_handing_off_an_exit",
        i3_pool_thread_after_handing_off_an_exit::main,
    ),
];

#[exit_policy::exit_policy(graceful)]
fn main() {
    exit_policy_tests::run_case(CASES);
}
