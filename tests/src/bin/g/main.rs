//! G1 to G9: graceful exits.
//!
//! Run as `g CASE [ARGS]`: each case is a module's `main`, and
//! `CASES` names them. Its `main` is annotated, so it is each case's
//! boundary: a case's own `main` runs under it.

mod async_fn_exits;
mod g1_deep_bufwriter;
mod g1_main_waits_for_a_worker_unwind;
mod g3_seed_banking;
mod g3_swallow_then_panic;
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
mod g7_join_resume;
mod g7_scoped_thread_exit;
mod g9_codes;

use exit_policy_tests::Case;

/// The cases, by name.
const CASES: &[Case<()>] = &[
    ("g1_async_exit_two_awaits_deep", || {
        async_fn_exits::main("graceful");
    }),
    ("i1_async_immediate_exit_after_an_await", || {
        async_fn_exits::main("immediate");
    }),
    ("i2_async_graceful_callee_in_an_immediate_future", || {
        async_fn_exits::main("immediate-frame");
    }),
    ("g6_async_exit_from_a_drop_while_unwinding", || {
        async_fn_exits::main("drop-exits");
    }),
    ("g5_async_panic_through_annotated_futures", || {
        async_fn_exits::main("panic");
    }),
    ("g1_deep_bufwriter", g1_deep_bufwriter::main),
    (
        "g1_main_waits_for_a_worker_unwind",
        g1_main_waits_for_a_worker_unwind::main,
    ),
    ("g3_seed_banking", g3_seed_banking::main),
    ("g3_swallow_then_panic", g3_swallow_then_panic::main),
    ("g4_catch_exit_goes_on", || g4_catch_exit_goes_on::main("")),
    ("g4_catch_exit_then_resume", || {
        g4_catch_exit_goes_on::main("resume");
    }),
    (
        "g4_worker_exit_caught_on_main",
        g4_worker_exit_caught_on_main::main,
    ),
    (
        "g5_panic_through_annotated",
        g5_panic_through_annotated::main,
    ),
    ("g6_eight_threads_race_joined", || {
        g6_eight_threads_race::main("joined");
    }),
    ("g6_eight_threads_race_detached", || {
        g6_eight_threads_race::main("detached");
    }),
    ("g3_eight_alike_exits_detached", || {
        g6_eight_threads_race::main("detached-same-code");
    }),
    ("g6_exit_in_drop", || g6_exit_in_drop::main("exit")),
    ("g6_exit_now_in_drop", || g6_exit_in_drop::main("exit-now")),
    ("g6_exit_now_same_code_in_drop", || {
        g6_exit_in_drop::main("exit-now-same");
    }),
    ("g6_exit_in_drop_during_a_panic", || {
        g6_exit_in_drop::main("panic");
    }),
    ("g6_exit_in_drop_during_a_panic_after_catch", || {
        g6_exit_in_drop::main("panic-after-catch");
    }),
    ("g6_exit_in_drop_hook_mid_unwind", || {
        g6_exit_in_drop::main("hook-mid-unwind");
    }),
    ("g6_exit_in_hook", g6_exit_in_hook::main),
    ("g6_main_returns_while_a_worker_exits", || {
        g6_main_ends_while_a_worker_exits::main("");
    }),
    ("g6_main_panics_while_a_worker_exits", || {
        g6_main_ends_while_a_worker_exits::main("panic");
    }),
    ("g6_loser_from_the_same_line_dropped", || {
        g6_requests_from_one_line::main("drop-loser");
    }),
    ("g6_loser_from_the_same_line_caught", || {
        g6_requests_from_one_line::main("catch-loser");
    }),
    ("g3_second_thread_observes_an_exit", || {
        g6_second_thread_during_an_exit::main("observe");
    }),
    ("g4_second_thread_after_catch_exit", || {
        g6_second_thread_during_an_exit::main("caught");
    }),
    ("g6_second_thread_exits_during_an_exit", || {
        g6_second_thread_during_an_exit::main("second-exit");
    }),
    ("g6_second_thread_exits_now_during_an_exit", || {
        g6_second_thread_during_an_exit::main("second-exit-now");
    }),
    ("g7_detached_worker", g7_detached_worker::main),
    ("g7_exit_through_two_joins", || {
        g7_exit_through_joins::main("chain");
    }),
    ("i2_exit_resumed_in_an_immediate_joiner", || {
        g7_exit_through_joins::main("immediate-joiner");
    }),
    ("g7_join_resume", g7_join_resume::main),
    ("g7_scoped_thread_exit_joined", || {
        g7_scoped_thread_exit::main("joined");
    }),
    ("g3_scoped_thread_exit_unjoined", || {
        g7_scoped_thread_exit::main("unjoined");
    }),
    ("g7_scoped_thread_exit_held", || {
        g7_scoped_thread_exit::main("held");
    }),
    ("g9_codes", g9_codes::main),
];

#[exit_policy::exit_policy(graceful)]
fn main() {
    exit_policy_tests::run_case(CASES);
}
