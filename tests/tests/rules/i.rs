//! I: immediate exits.

use crate::common::{PLAIN_MAIN, SCENARIOS, assert_outcome, bin, lines, site, std_panic};

#[test]
fn i3_panic_passes_through_an_immediate_function_unchanged() {
    let bin_name = "i3_panic_through_immediate";
    let out = bin(PLAIN_MAIN, &["i3_panic_through_immediate"]);
    assert_outcome(
        &out,
        0,
        &lines(&[
            "dropped immediate guard",
            "caught: negative entry -2",
            "main: carried on",
        ]),
        &std_panic(&site(bin_name, "panic", "assert!"), "negative entry -2"),
    );
}

#[test]
fn i1_immediate_exit_runs_nothing_and_flushes_nothing() {
    for case in ["i1_immediate_exit_runs_nothing", "i1_exit_now_runs_nothing"] {
        let out = bin(SCENARIOS, &[case]);
        assert_outcome(&out, 7, "flushed line\n", "");
    }
}

#[test]
fn i2_graceful_callee_exit_stops_at_the_immediate_frame() {
    let out = bin(SCENARIOS, &["i2_graceful_callee_in_immediate"]);
    assert_outcome(
        &out,
        6,
        &lines(&["callee: negative amount, exit(6)", "dropped callee guard"]),
        "",
    );
}

#[test]
fn i1_async_immediate_exit_after_an_await_runs_nothing() {
    let out = bin(SCENARIOS, &["i1_async_immediate_exit_after_an_await"]);
    assert_outcome(&out, 4, &lines(&["immediate leaf: exit(4)"]), "");
}

#[test]
fn i2_async_graceful_callee_exit_stops_at_the_awaiting_immediate_future() {
    let out = bin(
        SCENARIOS,
        &["i2_async_graceful_callee_in_an_immediate_future"],
    );
    assert_outcome(
        &out,
        5,
        &lines(&["leaf: exit(5)", "drop leaf", "drop immediate frame"]),
        "",
    );
}

#[test]
fn i2_thread_exit_resumed_in_an_immediate_joiner_stops_at_its_frame() {
    let out = bin(SCENARIOS, &["i2_exit_resumed_in_an_immediate_joiner"]);
    assert_outcome(
        &out,
        5,
        &lines(&[
            "worker: policy None, exit(5)",
            "dropped worker guard",
            "dropped immediate joiner guard",
        ]),
        "",
    );
}

#[test]
fn i3_exit_caught_on_another_thread_leaves_no_trace_for_later_panics() {
    let out = bin(SCENARIOS, &["g4_worker_exit_caught_on_main"]);
    assert_outcome(
        &out,
        0,
        &lines(&[
            "main: catch_exit gave Err(3)",
            "worker: the panic came out of catch_unwind: true",
            "main: returning normally",
        ]),
        &crate::common::std_panic_on(
            "<unnamed>",
            &site("g4_worker_exit_caught_on_main.rs", "panic", "panic!"),
            "an ordinary panic",
        ),
    );
}

#[test]
fn i2_an_immediate_function_entered_from_a_drop_during_an_exit_returns() {
    let out = bin(SCENARIOS, &["i2_immediate_entered_from_a_drop"]);
    assert_outcome(
        &out,
        3,
        &lines(&["audit returned", "dropped inner", "dropped outer", "hook 3"]),
        "",
    );
}

#[test]
fn i3_a_pool_thread_that_handed_its_exit_away_lets_the_next_panic_through() {
    let out = bin(SCENARIOS, &["i3_pool_thread_after_handing_off_an_exit"]);
    assert_eq!(out.status, Some(3), "{out:#?}");
    assert_eq!(
        out.stdout,
        lines(&["job 2 panicked: true", "pool done", "hook 3"]),
        "{out:#?}"
    );
    assert!(out.stderr.contains("negative entry -2"), "{out:#?}");
}

#[test]
fn i3_an_immediate_pool_thread_that_handed_its_exit_to_main_lets_its_next_panic_through() {
    let out = bin(
        SCENARIOS,
        &["i3_immediate_pool_thread_hands_its_exit_to_main"],
    );
    assert_eq!(out.status, Some(3), "{out:#?}");
    assert_eq!(
        out.stdout,
        lines(&[
            "the pool's panic passed: true",
            "pool done",
            "dropped main's guard",
            "hook 3"
        ]),
        "{out:#?}"
    );
    assert!(out.stderr.contains("the pool's own bug"), "{out:#?}");
}
