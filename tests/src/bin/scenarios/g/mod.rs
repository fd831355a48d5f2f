//! G1 to G9: graceful exits.

mod async_fn_exits;
mod g10_request_exit;
mod g1_deep_bufwriter;
mod g1_main_waits_for_a_worker_unwind;
mod g3_seed_banking;
mod g3_swallow_then_panic;
mod g4_catch_exit_around_workers;
mod g4_catch_exit_goes_on;
mod g4_worker_exit_caught_on_main;
mod g5_panic_through_annotated;
mod g6_eight_threads_race;
mod g6_exit_in_drop;
mod g6_exit_in_hook;
mod g6_main_ends_while_a_worker_exits;
mod g6_requests_from_one_line;
mod g6_second_thread_during_an_exit;
mod g7_detached_worker;
mod g7_exit_through_joins;
mod g7_forward_exit;
mod g7_join_resume;
mod g7_scoped_thread_exit;
mod g8_resume_if_exit_during_an_unwind;
mod g9_codes;

use exit_policy_tests::{Case, Run};

/// The cases, by name.
pub(crate) const CASES: &[Case] = &[
    (
        "g10_request_exit_from_a_worker",
        Run::Plain(g10_request_exit::from_a_worker),
    ),
    (
        "g10_request_exit_then_main_returns",
        Run::Plain(g10_request_exit::then_main_returns),
    ),
    (
        "g10_the_first_request_wins",
        Run::Plain(g10_request_exit::the_first_request_wins),
    ),
    (
        "g7_forward_exit_thread",
        Run::Plain(g7_forward_exit::thread),
    ),
    (
        "g7_forward_exit_thread_unwrapped",
        Run::Plain(g7_forward_exit::thread_unwrapped),
    ),
    ("g7_forward_exit_task", Run::Plain(g7_forward_exit::task)),
    (
        "g7_forward_exit_task_unwrapped",
        Run::Plain(g7_forward_exit::task_unwrapped),
    ),
    (
        "g1_async_exit_two_awaits_deep",
        Run::Plain(|| async_fn_exits::main("graceful")),
    ),
    (
        "i1_async_immediate_exit_after_an_await",
        Run::Plain(|| async_fn_exits::main("immediate")),
    ),
    (
        "i2_async_graceful_callee_in_an_immediate_future",
        Run::Plain(|| async_fn_exits::main("immediate-frame")),
    ),
    (
        "g6_async_exit_from_a_drop_while_unwinding",
        Run::Plain(|| async_fn_exits::main("drop-exits")),
    ),
    (
        "g5_async_panic_through_annotated_futures",
        Run::Plain(|| async_fn_exits::main("panic")),
    ),
    ("g1_deep_bufwriter", Run::Plain(g1_deep_bufwriter::main)),
    (
        "g1_main_waits_for_a_worker_unwind",
        Run::Plain(g1_main_waits_for_a_worker_unwind::main),
    ),
    ("g3_seed_banking", Run::Plain(g3_seed_banking::main)),
    (
        "g3_swallow_then_panic",
        Run::Plain(g3_swallow_then_panic::main),
    ),
    (
        "g4_catch_exit_goes_on",
        Run::Plain(|| g4_catch_exit_goes_on::main("")),
    ),
    (
        "g4_own_exit_intercepted_inside_catch_exit",
        Run::Plain(|| g4_catch_exit_goes_on::main("intercepted")),
    ),
    (
        "g4_catch_exit_then_resume",
        Run::Plain(|| g4_catch_exit_goes_on::main("resume")),
    ),
    (
        "g4_worker_exit_caught_on_main",
        Run::Plain(g4_worker_exit_caught_on_main::main),
    ),
    (
        "g5_panic_through_annotated",
        Run::Plain(g5_panic_through_annotated::main),
    ),
    (
        "g6_eight_threads_race_joined",
        Run::Plain(|| g6_eight_threads_race::main("joined")),
    ),
    (
        "g6_eight_threads_race_detached",
        Run::Plain(|| g6_eight_threads_race::main("detached")),
    ),
    (
        "g3_eight_alike_exits_detached",
        Run::Plain(|| g6_eight_threads_race::main("detached-same-code")),
    ),
    (
        "g6_exit_in_drop",
        Run::Plain(|| g6_exit_in_drop::main("exit")),
    ),
    (
        "g6_exit_now_in_drop",
        Run::Plain(|| g6_exit_in_drop::main("exit-now")),
    ),
    (
        "g6_exit_now_same_code_in_drop",
        Run::Plain(|| g6_exit_in_drop::main("exit-now-same")),
    ),
    (
        "g6_exit_in_drop_inside_catch_exit",
        Run::Plain(|| g6_exit_in_drop::main("exit-inside-catch-exit")),
    ),
    (
        "g6_exit_now_in_drop_inside_catch_exit",
        Run::Plain(|| g6_exit_in_drop::main("exit-now-inside-catch-exit")),
    ),
    (
        "g6_exit_in_drop_during_a_panic",
        Run::Plain(|| g6_exit_in_drop::main("panic")),
    ),
    (
        "g6_exit_in_drop_during_a_panic_after_catch",
        Run::Plain(|| g6_exit_in_drop::main("panic-after-catch")),
    ),
    (
        "g6_exit_in_drop_hook_mid_unwind",
        Run::Plain(|| g6_exit_in_drop::main("hook-mid-unwind")),
    ),
    ("g6_exit_in_hook", Run::Plain(g6_exit_in_hook::main)),
    (
        "g6_main_returns_while_a_worker_exits",
        Run::Plain(|| {
            g6_main_ends_while_a_worker_exits::main("");
        }),
    ),
    (
        "g6_main_panics_while_a_worker_exits",
        Run::Plain(|| g6_main_ends_while_a_worker_exits::main("panic")),
    ),
    (
        "g6_loser_from_the_same_line_dropped",
        Run::Plain(|| g6_requests_from_one_line::main("drop-loser")),
    ),
    (
        "g6_loser_from_the_same_line_caught",
        Run::Plain(|| g6_requests_from_one_line::main("catch-loser")),
    ),
    (
        "g3_second_thread_observes_an_exit",
        Run::Plain(|| g6_second_thread_during_an_exit::main("observe")),
    ),
    (
        "g4_own_exit_resumed_inside_catch_exit",
        Run::Plain(|| g6_second_thread_during_an_exit::main("resumed")),
    ),
    (
        "g4_a_worker_s_own_exit_resumed_on_main",
        Run::Plain(|| g6_second_thread_during_an_exit::main("resumed-from-a-worker")),
    ),
    (
        "g4_second_thread_after_catch_exit",
        Run::Plain(|| g6_second_thread_during_an_exit::main("caught")),
    ),
    (
        "g6_second_thread_exits_during_an_exit",
        Run::Plain(|| g6_second_thread_during_an_exit::main("second-exit")),
    ),
    (
        "g6_second_thread_exits_now_during_an_exit",
        Run::Plain(|| g6_second_thread_during_an_exit::main("second-exit-now")),
    ),
    ("g7_detached_worker", Run::Plain(g7_detached_worker::main)),
    (
        "g7_exit_through_two_joins",
        Run::Plain(|| g7_exit_through_joins::main("chain")),
    ),
    (
        "i2_exit_resumed_in_an_immediate_joiner",
        Run::Plain(|| g7_exit_through_joins::main("immediate-joiner")),
    ),
    ("g7_join_resume", Run::Plain(g7_join_resume::main)),
    (
        "g7_scoped_thread_exit_joined",
        Run::Plain(|| g7_scoped_thread_exit::main("joined")),
    ),
    (
        "g3_scoped_thread_exit_unjoined",
        Run::Plain(|| g7_scoped_thread_exit::main("unjoined")),
    ),
    (
        "g7_scoped_thread_exit_held",
        Run::Plain(|| g7_scoped_thread_exit::main("held")),
    ),
    (
        "g8_resume_if_exit_during_an_unwind",
        Run::Plain(g8_resume_if_exit_during_an_unwind::main),
    ),
    ("g9_codes", Run::Plain(g9_codes::main)),
    (
        "g4_catch_exit_around_workers",
        Run::Plain(g4_catch_exit_around_workers::main),
    ),
];
