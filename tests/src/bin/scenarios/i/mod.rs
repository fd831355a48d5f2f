//! I1 to I3: immediate exits.

mod i1_immediate_nothing_runs;
mod i2_graceful_callee_in_immediate;
mod i2_immediate_entered_during_an_unwind;
mod i3_immediate_pool_thread_hands_its_exit_to_main;
mod i3_pool_thread_after_handing_off_an_exit;

use exit_policy_tests::{Case, Run};

/// The cases, by name.
pub(crate) const CASES: &[Case] = &[
    (
        "i1_immediate_exit_runs_nothing",
        Run::Plain(|| i1_immediate_nothing_runs::main("immediate-exit")),
    ),
    (
        "i1_exit_now_runs_nothing",
        Run::Plain(|| i1_immediate_nothing_runs::main("exit-now")),
    ),
    (
        "i2_graceful_callee_in_immediate",
        Run::Plain(i2_graceful_callee_in_immediate::main),
    ),
    (
        "i2_immediate_entered_from_a_drop",
        Run::Plain(|| i2_immediate_entered_during_an_unwind::main("drop")),
    ),
    (
        "w2_immediate_future_dropped_by_an_unwind",
        Run::Plain(|| i2_immediate_entered_during_an_unwind::main("wrapped-future")),
    ),
    (
        "i3_pool_thread_after_handing_off_an_exit",
        Run::Plain(i3_pool_thread_after_handing_off_an_exit::main),
    ),
    (
        "i3_immediate_pool_thread_hands_its_exit_to_main",
        Run::Plain(i3_immediate_pool_thread_hands_its_exit_to_main::main),
    ),
];
