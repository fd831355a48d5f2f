//! S1 to S6: signals, checkpoints and `exit_requested`.
//!
//! Run as `s CASE [ARGS]`: each case is a module's `main`, and
//! `CASES` names them. Its `main` is annotated, so it is each case's
//! boundary: a case's own `main` runs under it.

mod s1_sigterm_stops_a_checkpoint_loop;
mod s2_checkpoint_while_panicking;
mod s2_lost_checkpoint_dropped_after_catch;
mod s2_workers_stop_at_their_checkpoints;
mod s3_exit_requested_in_select;
mod s4_signal_count_resets_after_catch;
mod s4_two_signals;
mod s6_ctrl_c_at_a_terminal;

use exit_policy_tests::Case;

/// The cases, by name.
const CASES: &[Case<()>] = &[
    (
        "s1_sigterm_stops_a_checkpoint_loop",
        s1_sigterm_stops_a_checkpoint_loop::main,
    ),
    (
        "s2_checkpoint_while_panicking",
        s2_checkpoint_while_panicking::main,
    ),
    (
        "s2_lost_checkpoint_dropped_after_catch",
        s2_lost_checkpoint_dropped_after_catch::main,
    ),
    (
        "s2_workers_stop_at_their_checkpoints",
        s2_workers_stop_at_their_checkpoints::main,
    ),
    ("s3_exit_requested_in_select_current_thread", || {
        s3_exit_requested_in_select::main("current");
    }),
    ("s3_exit_requested_in_select_multi_thread", || {
        s3_exit_requested_in_select::main("multi");
    }),
    (
        "s4_signal_count_resets_after_catch",
        s4_signal_count_resets_after_catch::main,
    ),
    ("s4_two_signals", s4_two_signals::main),
    ("s6_ctrl_c_at_a_terminal", || {
        s6_ctrl_c_at_a_terminal::main("");
    }),
    ("s6_ctrl_c_at_a_terminal_logged", || {
        s6_ctrl_c_at_a_terminal::main("logged");
    }),
];

#[exit_policy::exit_policy(graceful)]
fn main() {
    exit_policy_tests::run_case(CASES);
}
