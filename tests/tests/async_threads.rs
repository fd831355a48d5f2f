//! Process-level scenarios for async code, tokio, threads and exits that
//! race or overlap (P1, P3, G1-G3, G5-G7, H1, I1-I3): each runs one
//! binary from `tests/src/bin` as a child process and asserts its exact
//! status, stdout and stderr.

mod common;

use common::{
    G, PLAIN_MAIN, assert_outcome, bin, came_while_unwinding, ends_at_once_with_the_earlier,
    hook_exit_ignored, intercepted, lines, site, std_panic,
};

// ---- async fn (P1, A1, G1, G5, G6, I1-I3) ----

#[test]
fn p1_async_policy_reenters_on_every_poll_and_follows_the_future_across_threads() {
    let out = bin(PLAIN_MAIN, &["p1_async_policy_on_every_poll"]);
    assert_outcome(
        &out,
        0,
        &lines(&[
            "main, nothing annotated: None",
            "immediate, first poll: Some(Immediate)",
            "first thread, between polls: None",
            "immediate, second poll, after the move: Some(Immediate)",
            "second thread, after the last poll: None",
            "moved to another thread: true",
            "graceful, before await: Some(Graceful)",
            "executor, between polls: None",
            "graceful, after await: Some(Graceful)",
            "executor, between polls: None",
            "immediate, nested, after await: Some(Immediate)",
            "graceful, after awaiting an immediate fn: Some(Graceful)",
            "executor, between polls: None",
            "unannotated, awaited by graceful: Some(Graceful)",
            "graceful, after awaiting an unannotated fn: Some(Graceful)",
            "tokio: polled on more than one worker: true",
            "tokio: graceful after every await: true",
            "main, at the end: None",
        ]),
        "",
    );
}

#[test]
fn a1_async_return_question_mark_self_impl_trait_and_send_behave_as_without_the_attribute() {
    let out = bin(PLAIN_MAIN, &["a1_async_fn_forms"]);
    assert_outcome(
        &out,
        0,
        &lines(&[
            "self: (42, Some(Graceful), Some(Immediate), 42)",
            "?: \"21\" -> Ok(42)",
            "?: \"0\" -> Ok(100)",
            "?: \"x\" -> Err(ParseIntError { kind: InvalidDigit })",
            "? into Box<dyn Error>: Ok(\"fine\")",
            "? into Box<dyn Error>: Err(\"converted by ?\")",
            "impl Trait: [0, 2, 4, 6]",
            "borrow: hello",
            "generic: <7>",
            "mut param: 3",
            "early: returned early",
            "early: ran to the end",
        ]),
        "",
    );
}

#[test]
fn g1_async_graceful_exit_drops_every_async_frame_innermost_first_then_main() {
    let out = bin(G, &["g1_async_exit_two_awaits_deep"]);
    assert_outcome(
        &out,
        3,
        &lines(&[
            "leaf: exit(3)",
            "drop leaf",
            "drop middle (unannotated)",
            "drop outer",
            "drop main",
            "hook: status 3",
        ]),
        "",
    );
}

#[test]
fn i1_async_immediate_exit_after_an_await_runs_nothing() {
    let out = bin(G, &["i1_async_immediate_exit_after_an_await"]);
    assert_outcome(&out, 4, &lines(&["immediate leaf: exit(4)"]), "");
}

#[test]
fn i2_async_graceful_callee_exit_stops_at_the_awaiting_immediate_future() {
    let out = bin(G, &["i2_async_graceful_callee_in_an_immediate_future"]);
    assert_outcome(
        &out,
        5,
        &lines(&["leaf: exit(5)", "drop leaf", "drop immediate frame"]),
        "",
    );
}

#[test]
fn g6_async_exit_from_a_drop_while_unwinding_keeps_the_first_code() {
    let file = "async_fn_exits.rs";
    let out = bin(G, &["g6_async_exit_from_a_drop_while_unwinding"]);
    assert_outcome(
        &out,
        3,
        &lines(&[
            "stubborn: asking for exit(4) while unwinding",
            "hook: status 3",
        ]),
        &came_while_unwinding(
            &common::requested(4, &site(file, "second exit", "exit(4)")),
            &common::requested(3, &site(file, "first exit", "exit(3)")),
            3,
        ),
    );
}

#[test]
fn g5_async_panic_crosses_annotated_futures_unchanged() {
    let out = bin(G, &["g5_async_panic_through_annotated_futures"]);
    assert_outcome(
        &out,
        101,
        &lines(&[
            "drop panicking",
            "drop middle (unannotated)",
            "drop outer",
            "drop main",
            "hook: status 101",
        ]),
        &std_panic(
            &site("async_fn_exits.rs", "panic", "panic!"),
            "an ordinary panic",
        ),
    );
}

// ---- tokio (G1-G3, G7, H1), both attribute orders, both flavours ----

const TOKIO: [(&str, &str, bool); 4] = [
    (
        "exit_policy above, multi-thread",
        env!("CARGO_BIN_EXE_a7_policy_above_tokio_main_multi_thread"),
        true,
    ),
    (
        "exit_policy above, current-thread",
        env!("CARGO_BIN_EXE_a7_policy_above_tokio_main_current_thread"),
        false,
    ),
    (
        "exit_policy below, multi-thread",
        env!("CARGO_BIN_EXE_a7_policy_below_tokio_main_multi_thread"),
        true,
    ),
    (
        "exit_policy below, current-thread",
        env!("CARGO_BIN_EXE_a7_policy_below_tokio_main_current_thread"),
        false,
    ),
];

/// What the worker task prints: tasks on a worker thread inherit nothing;
/// a current-thread runtime polls them inside main's annotated frame.
fn worker_line(multi_thread: bool, code: i32) -> String {
    let policy = if multi_thread {
        "None"
    } else {
        "Some(Graceful)"
    };
    format!("worker task: policy {policy}, exit({code})")
}

#[test]
fn g1_tokio_exit_deep_in_awaited_code_drops_async_frames_then_main() {
    for (name, path, _) in TOKIO {
        let out = bin(path, &["g1_exit_deep_in_awaited_code"]);
        println!("{name}");
        assert_outcome(
            &out,
            3,
            &lines(&[
                "level 0: exit(3)",
                "drop level 0",
                "drop level 1",
                "drop level 2",
                "drop run",
                "drop main",
                "hook: status 3",
            ]),
            "",
        );
    }
}

#[test]
fn g7_tokio_task_exit_continues_on_the_awaiting_task_through_resume_if_exit() {
    for (name, path, multi_thread) in TOKIO {
        let out = bin(path, &["g7_task_exit_through_a_join"]);
        println!("{name}");
        assert_outcome(
            &out,
            4,
            &lines(&[
                &worker_line(multi_thread, 4),
                "drop worker task",
                "drop supervisor task",
                "drop run",
                "drop main",
                "hook: status 4",
            ]),
            "",
        );
    }
}

#[test]
fn g3_tokio_detached_task_exit_ends_the_process_with_its_code() {
    let worker = site("tokio_shared/mod.rs", "worker exit", "exit(code)");
    for (name, path, multi_thread) in TOKIO {
        let out = bin(path, &["g3_detached_task_exit"]);
        println!("{name}");
        assert_outcome(
            &out,
            5,
            &lines(&[
                &worker_line(multi_thread, 5),
                "drop worker task",
                "hook: status 5",
            ]),
            &intercepted(5, &worker),
        );
    }
}

#[test]
fn h1_tokio_main_returning_runs_the_hooks_with_status_0() {
    for (name, path, _) in TOKIO {
        let out = bin(path, &["h1_main_returns"]);
        println!("{name}");
        assert_outcome(
            &out,
            0,
            &lines(&["main: returning", "drop run", "drop main", "hook: status 0"]),
            "",
        );
    }
}

// ---- threads (G3, G6, G7, I2, P3) ----

#[test]
fn g7_thread_exit_continues_through_two_joins() {
    let out = bin(G, &["g7_exit_through_two_joins"]);
    assert_outcome(
        &out,
        4,
        &lines(&[
            "worker: policy None, exit(4)",
            "dropped worker guard",
            "dropped supervisor guard",
            "dropped main guard",
            "hook: status 4",
        ]),
        "",
    );
}

#[test]
fn i2_thread_exit_resumed_in_an_immediate_joiner_stops_at_its_frame() {
    let out = bin(G, &["i2_exit_resumed_in_an_immediate_joiner"]);
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
fn g3_thread_detached_exit_ends_the_process_with_an_unannotated_main() {
    let out = bin(PLAIN_MAIN, &["g3_detached_worker_unannotated_main"]);
    assert_outcome(
        &out,
        6,
        &lines(&["dropped worker guard", "hook registered first: status 6"]),
        &intercepted(
            6,
            &site(
                "g3_detached_worker_unannotated_main.rs",
                "worker exit",
                "exit(6)",
            ),
        ),
    );
}

#[test]
fn g6_thread_detached_exit_from_a_hook_on_the_worker_changes_nothing() {
    let file = "g3_detached_worker_unannotated_main.rs";
    let out = bin(
        PLAIN_MAIN,
        &["g6_detached_worker_hook_exits_unannotated_main"],
    );
    assert_outcome(
        &out,
        6,
        &lines(&[
            "dropped worker guard",
            "hook registered second: asking for exit 9",
            "hook registered first: status 6",
        ]),
        &format!(
            "{}{}",
            intercepted(6, &site(file, "worker exit", "exit(6)")),
            hook_exit_ignored(
                &common::requested(9, &site(file, "hook exit", "exit(9)")),
                6
            ),
        ),
    );
}

#[test]
fn g7_thread_scope_joined_exit_unwinds_the_owner() {
    let out = bin(G, &["g7_scoped_thread_exit_joined"]);
    assert_outcome(
        &out,
        3,
        &lines(&[
            "dropped scoped thread guard",
            "dropped guard inside the scope closure",
            "dropped main guard",
            "hook: status 3",
        ]),
        "",
    );
}

#[test]
fn g3_thread_scope_unjoined_exit_ends_with_its_code_not_101() {
    let site = site("g7_scoped_thread_exit.rs", "scoped exit", "exit(code)");
    let out = bin(G, &["g3_scoped_thread_exit_unjoined"]);
    assert_outcome(
        &out,
        4,
        &lines(&[
            "dropped guard inside the scope closure",
            "dropped scoped thread guard",
            "hook: status 4",
        ]),
        &intercepted(4, &site),
    );
    let out = bin(G, &["g7_scoped_thread_exit_held"]);
    assert_outcome(
        &out,
        4,
        &lines(&[
            "dropped scoped thread guard",
            "owner: dropping the finished thread's handle",
            "hook: status 4",
        ]),
        &intercepted(4, &site),
    );
}

/// Runs the `g6_eight_threads_race` case `case` 50 times: every run exits (no signal, no hang)
/// with one of the eight codes and the exact output for that code.
fn race(case: &str, stdout: &str, stderr: impl Fn(i32) -> String) {
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..50 {
        let out = bin(G, &[case]);
        let status = out.status.unwrap_or_else(|| panic!("no status: {out:#?}"));
        assert!((10..18).contains(&status), "status: {out:#?}");
        assert_outcome(&out, status, stdout, &stderr(status));
        seen.insert(status);
    }
    println!("{case}: codes seen {seen:?}");
}

#[test]
fn g6_eight_joined_exits_one_code_wins_50_times() {
    race(
        "g6_eight_threads_race_joined",
        &lines(&[
            "main: joined 8 workers",
            "dropped main guard",
            "hook: one of the eight codes",
        ]),
        |_| String::new(),
    );
}

#[test]
fn g6_eight_detached_exits_one_code_wins_one_line_50_times() {
    let site = site("g6_eight_threads_race.rs", "worker exit", "exit(code)");
    race(
        "g6_eight_threads_race_detached",
        &lines(&["hook: one of the eight codes"]),
        |status| intercepted(status, &site),
    );
}

#[test]
fn g3_eight_alike_exits_dropped_at_once_print_one_line_50_times() {
    let site = site("g6_eight_threads_race.rs", "worker exit", "exit(code)");
    race(
        "g3_eight_alike_exits_detached",
        &lines(&["hook: one of the eight codes"]),
        |status| intercepted(status, &site),
    );
}

// ---- exiting() and G6 across threads ----

#[test]
fn g3_exiting_is_seen_from_another_thread_while_main_unwinds() {
    let out = bin(G, &["g3_second_thread_observes_an_exit"]);
    assert_outcome(
        &out,
        3,
        &lines(&[
            "second thread: before, exiting() = None",
            "main guard: unwinding, exiting() = Some(3)",
            "second thread: during the unwind, exiting() = Some(3)",
            "main guard: the second thread saw it",
            "hook: status 3",
        ]),
        "",
    );
}

#[test]
fn g4_exiting_is_none_again_on_another_thread_after_catch_exit() {
    let out = bin(G, &["g4_second_thread_after_catch_exit"]);
    assert_outcome(
        &out,
        0,
        &lines(&[
            "second thread: before, exiting() = None",
            "main guard: unwinding, exiting() = Some(3)",
            "second thread: during the unwind, exiting() = Some(3)",
            "main guard: the second thread saw it",
            "main: catch_exit gave Err(3)",
            "second thread: after catch_exit, exiting() = None",
            "main: the second thread saw it again",
            "hook: status 0",
        ]),
        "",
    );
}

#[test]
fn g6_exit_from_another_thread_while_main_unwinds_changes_nothing() {
    let out = bin(G, &["g6_second_thread_exits_during_an_exit"]);
    assert_outcome(
        &out,
        3,
        &lines(&[
            "second thread: before, exiting() = None",
            "main guard: unwinding, exiting() = Some(3)",
            "second thread: during the unwind, exiting() = Some(3)",
            "main guard: the second thread asked for exit(4) and unwound",
            "hook: status 3",
        ]),
        "",
    );
}

#[test]
fn i3_exit_caught_on_another_thread_leaves_no_trace_for_later_panics() {
    let out = bin(G, &["g4_worker_exit_caught_on_main"]);
    assert_outcome(
        &out,
        0,
        &lines(&[
            "main: catch_exit gave Err(3)",
            "worker: the panic came out of catch_unwind: true",
            "main: returning normally",
        ]),
        &common::std_panic_on(
            "<unnamed>",
            &site("g4_worker_exit_caught_on_main.rs", "panic", "panic!"),
            "an ordinary panic",
        ),
    );
}

#[test]
fn g6_main_returning_while_another_thread_exits_ends_with_the_exit_code() {
    let out = bin(G, &["g6_main_returns_while_a_worker_exits"]);
    assert_outcome(
        &out,
        7,
        &lines(&[
            "worker: unwinding, blocked in a Drop",
            "main: exiting() = Some(7), returning",
            "worker: the unwind went on after main's body ended",
            "hook: status 7",
        ]),
        "",
    );
}

#[test]
fn g6_main_panicking_while_another_thread_exits_ends_with_the_exit_code() {
    let out = bin(G, &["g6_main_panics_while_a_worker_exits"]);
    assert_outcome(
        &out,
        7,
        &lines(&[
            "worker: unwinding, blocked in a Drop",
            "main: exiting() = Some(7), panicking",
            "worker: the unwind went on after main's body ended",
            "hook: status 7",
        ]),
        &std_panic(
            &site("g6_main_ends_while_a_worker_exits", "main panics", "panic!"),
            "main gave up while the worker exits",
        ),
    );
}

#[test]
fn g6_exit_now_from_another_thread_while_main_unwinds_ends_with_the_first_code() {
    let file = "g6_second_thread_during_an_exit.rs";
    let out = bin(G, &["g6_second_thread_exits_now_during_an_exit"]);
    assert_outcome(
        &out,
        3,
        &lines(&[
            "second thread: before, exiting() = None",
            "main guard: unwinding, exiting() = Some(3)",
            "second thread: during the unwind, exiting() = Some(3)",
        ]),
        &ends_at_once_with_the_earlier(
            &common::requested(4, &site(file, "second exit_now", "exit_now(4)")),
            3,
            &common::requested(3, &site(file, "first exit", "exit(3)")),
        ),
    );
}
