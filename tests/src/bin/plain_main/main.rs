//! The cases whose `main` carries no attribute, because what they show
//! depends on it (G2, G3 and B2 with an unannotated `main`) or because they
//! read `current_policy()` from a `main` that has none (A1, P1, P2, I3, W1,
//! W2).
//!
//! Run as `plain_main CASE [ARGS]`: each case is a module's `main`, and
//! `CASES` names them. Its `main` is unannotated.

mod a1_async_fn_forms;
mod a1_every_form;
mod a7_neighbours;
mod b2_seed_unannotated_main;
mod c2_closed_pipe_unannotated_main;
mod g2_unannotated_tempdir;
mod g3_detached_worker_unannotated_main;
mod g3_winner_dropped_while_unwinding_for_a_loser;
mod i3_panic_through_immediate;
mod p1_async_policy_on_every_poll;
mod p1_nested_policies;
mod p2_default_graceful;
mod w_policy_for_closures_and_futures;

use exit_policy_tests::{Case, Run};

/// The cases, by name.
const CASES: &[Case] = &[
    ("a1_async_fn_forms", Run::Plain(a1_async_fn_forms::main)),
    ("a1_every_form", Run::Plain(a1_every_form::main)),
    ("a7_neighbours", Run::Plain(a7_neighbours::main)),
    (
        "b2_seed_catch_in_main",
        Run::Plain(|| b2_seed_unannotated_main::main("catch")),
    ),
    (
        "b2_seed_loop_in_main",
        Run::Plain(|| b2_seed_unannotated_main::main("loop")),
    ),
    (
        "b2_seed_exit_out_of_main",
        Run::Plain(|| b2_seed_unannotated_main::main("no-catch")),
    ),
    (
        "b2_seed_trace_set_late",
        Run::Plain(|| b2_seed_unannotated_main::main("trace-set-late")),
    ),
    (
        "c2_closed_pipe_unannotated_main",
        Run::Plain(c2_closed_pipe_unannotated_main::main),
    ),
    (
        "g2_unannotated_tempdir",
        Run::Plain(g2_unannotated_tempdir::main),
    ),
    (
        "g3_detached_worker_unannotated_main",
        Run::Plain(|| g3_detached_worker_unannotated_main::main("plain")),
    ),
    (
        "g6_detached_worker_hook_exits_unannotated_main",
        Run::Plain(|| g3_detached_worker_unannotated_main::main("hook-exits")),
    ),
    (
        "i3_panic_through_immediate",
        Run::Plain(i3_panic_through_immediate::main),
    ),
    (
        "p1_async_policy_on_every_poll",
        Run::Plain(p1_async_policy_on_every_poll::main),
    ),
    ("p1_nested_policies", Run::Plain(p1_nested_policies::main)),
    ("p2_default_graceful", Run::Plain(p2_default_graceful::main)),
    (
        "w2_spawned_immediate_task",
        Run::Plain(|| w_policy_for_closures_and_futures::main("spawn-immediate")),
    ),
    (
        "w2_cancelled_immediate_task",
        Run::Plain(|| w_policy_for_closures_and_futures::main("cancel-immediate")),
    ),
    (
        "w2_cancelled_graceful_task",
        Run::Plain(|| w_policy_for_closures_and_futures::main("cancel-graceful")),
    ),
    (
        "w1_in_scope",
        Run::Plain(|| w_policy_for_closures_and_futures::main("in-scope")),
    ),
    (
        "w1_in_scope_restores",
        Run::Plain(|| w_policy_for_closures_and_futures::main("in-scope-restores")),
    ),
    (
        "g3_winner_dropped_while_unwinding_for_a_loser",
        Run::Plain(|| g3_winner_dropped_while_unwinding_for_a_loser::main("")),
    ),
    (
        "g6_racing_exits_dropped_in_a_catch",
        Run::Plain(|| g3_winner_dropped_while_unwinding_for_a_loser::main("racing")),
    ),
];

fn main() -> Result<(), String> {
    exit_policy_tests::run_case(&[CASES])
}
