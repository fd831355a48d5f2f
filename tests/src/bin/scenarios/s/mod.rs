//! S1 to S6: signals, checkpoints and `exit_requested`.

mod s1_sigterm_stops_a_checkpoint_loop;
mod s2_checkpoint_while_panicking;
mod s2_lost_checkpoint_dropped_after_catch;
mod s2_workers_stop_at_their_checkpoints;
mod s3_exit_requested_in_select;
mod s4_signal_count_resets_after_catch;
mod s4_two_signals;
mod s6_ctrl_c_at_a_terminal;

use exit_policy_tests::{Case, Run};

/// The cases, by name.
pub(crate) const CASES: &[Case] = &[
    (
        "s1_sigterm_stops_a_checkpoint_loop",
        Run::Plain(s1_sigterm_stops_a_checkpoint_loop::main),
    ),
    (
        "s2_checkpoint_while_panicking",
        Run::Plain(s2_checkpoint_while_panicking::main),
    ),
    (
        "s2_lost_checkpoint_dropped_after_catch",
        Run::Plain(s2_lost_checkpoint_dropped_after_catch::main),
    ),
    (
        "s2_workers_stop_at_their_checkpoints",
        Run::Plain(s2_workers_stop_at_their_checkpoints::main),
    ),
    (
        "s3_exit_requested_in_select_current_thread",
        Run::Plain(|| s3_exit_requested_in_select::main("current")),
    ),
    (
        "s3_exit_requested_in_select_multi_thread",
        Run::Plain(|| s3_exit_requested_in_select::main("multi")),
    ),
    (
        "s4_signal_count_resets_after_catch",
        Run::Plain(s4_signal_count_resets_after_catch::main),
    ),
    ("s4_two_signals", Run::Plain(s4_two_signals::main)),
    (
        "s6_ctrl_c_at_a_terminal",
        Run::Plain(|| {
            s6_ctrl_c_at_a_terminal::main("");
        }),
    ),
    (
        "s6_ctrl_c_at_a_terminal_logged",
        Run::Plain(|| s6_ctrl_c_at_a_terminal::main("logged")),
    ),
];
