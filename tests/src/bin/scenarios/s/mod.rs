//! S1 to S6: signals, checkpoints and `exit_requested`.

#[cfg(unix)]
mod s1_forked_child_handles_signals_again;
mod s1_handle_signals_for;
mod s1_sigterm_stops_a_checkpoint_loop;
mod s2_checkpoint_in_a_thread_local_destructor;
mod s2_checkpoint_while_panicking;
mod s2_lost_checkpoint_dropped_after_catch;
mod s2_workers_stop_at_their_checkpoints;
mod s3_exit_requested_in_select;
mod s4_second_signal_while_a_drop_holds_stderr;
mod s4_signal_count_resets_after_catch;
mod s4_two_signals;
mod s5_signal_while_a_thread_holds_stdout;
mod s5_sigterm_storm_with_locks_held;
mod s6_ctrl_c_at_a_terminal;
mod s7_signal_status;

use exit_policy_tests::{Case, Run};

/// The cases, by name.
pub(crate) const CASES: &[Case] = &[
    (
        "s1_handle_signals_for",
        Run::Plain(|| s1_handle_signals_for::main(false)),
    ),
    (
        "s1_handle_signals_for_twice",
        Run::Plain(|| s1_handle_signals_for::main(true)),
    ),
    (
        "s7_signal_status",
        Run::Plain(|| s7_signal_status::main(false)),
    ),
    (
        "s7_signal_status_cut_by_the_deadline",
        Run::Plain(|| s7_signal_status::main(true)),
    ),
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
    (
        "s5_signal_while_a_thread_holds_stdout",
        Run::Plain(s5_signal_while_a_thread_holds_stdout::main),
    ),
    (
        "s4_second_signal_while_a_drop_holds_stderr",
        Run::Plain(s4_second_signal_while_a_drop_holds_stderr::main),
    ),
    (
        "s2_checkpoint_in_a_thread_local_destructor",
        Run::Plain(s2_checkpoint_in_a_thread_local_destructor::main),
    ),
    #[cfg(unix)]
    (
        "s1_forked_child_handles_signals_again",
        Run::Plain(s1_forked_child_handles_signals_again::main),
    ),
    (
        "s5_sigterm_storm_with_locks_held",
        Run::Plain(s5_sigterm_storm_with_locks_held::main),
    ),
];
