//! G: graceful exits.

use crate::common::{
    PLAIN_MAIN, SCENARIOS, assert_outcome, bin, came_during_a_panic, came_while_unwinding, case,
    ends_at_once_with_the_earlier, hook_exit_ignored, intercepted, lines, run, scratch, site,
    std_panic, unjoined,
};
use crate::support::{TOKIO, panic_at, stripped};

/// Runs the `g6_eight_threads_race` case `case` 50 times: every run exits (no signal, no hang)
/// with one of the eight codes and the exact output for that code.
fn race(case: &str, stdout: &str, stderr: impl Fn(i32) -> String) {
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..50 {
        let out = bin(SCENARIOS, &[case]);
        let status = out.status.unwrap_or_else(|| panic!("no status: {out:#?}"));
        assert!((10..18).contains(&status), "status: {out:#?}");
        assert_outcome(&out, status, stdout, &stderr(status));
        seen.insert(status);
    }
    println!("{case}: codes seen {seen:?}");
}

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

/// The `g6_exit_in_drop` case `case`, where a `Drop` asks for `exit(4)` while the
/// thread unwinds for a panic: it ends at once with 4, after std's message
/// and one line that names a panic.
fn assert_exit_from_a_drop_during_a_panic(case: &str) {
    let bin_name = "g6_exit_in_drop";
    let out = bin(SCENARIOS, &[case]);
    assert_outcome(
        &out,
        4,
        &lines(&["stubborn guard: asking for exit 4", "hook: status 4"]),
        &format!(
            "{}{}",
            std_panic(&site(bin_name, "panic", "assert!"), "first a panic"),
            came_during_a_panic(
                &crate::common::requested(4, &site(bin_name, "second exit", "exit(4)")),
                4
            ),
        ),
    );
}

fn depth_40_stdout() -> String {
    let entered = (1..=40).map(|depth| format!("entered {depth}"));
    let unwound = (1..=40).rev().map(|depth| format!("unwound {depth}"));
    let all: Vec<String> = entered.chain(unwound).collect();
    lines(&all.iter().map(String::as_str).collect::<Vec<_>>())
}

#[test]
fn g1_exit_at_depth_40_unwinds_innermost_first_and_loses_no_buffered_line() {
    let out = bin(SCENARIOS, &["g1_deep_bufwriter"]);
    assert_outcome(&out, 3, &depth_40_stdout(), "");
}

#[test]
fn g1_rust_backtrace_prints_nothing_for_a_graceful_exit() {
    for value in ["1", "full"] {
        let mut command = case(SCENARIOS, "g1_deep_bufwriter");
        command.env("RUST_BACKTRACE", value);
        assert_outcome(&run(command), 3, &depth_40_stdout(), "");
    }
}

#[test]
fn g2_unannotated_main_unwinds_and_removes_the_temp_dir() {
    let dir = scratch("g2_unannotated_tempdir");
    let out = bin(
        PLAIN_MAIN,
        &["g2_unannotated_tempdir", dir.to_str().unwrap()],
    );
    assert_outcome(
        &out,
        4,
        &lines(&[
            "created the temp dir",
            "wrote partial.csv",
            "removed the temp dir",
            "hook: status 4",
        ]),
        "",
    );
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert!(left.is_empty(), "files left behind: {left:?}");
}

#[test]
fn g3_seed_program_cleanup_runs_and_the_catch_all_cannot_commit() {
    let bin_name = "g3_seed_banking";
    let out = bin(SCENARIOS, &["g3_seed_banking"]);
    let exit_site = site(bin_name, "terminate_securely", "exit(1)");
    assert_outcome(
        &out,
        1,
        &lines(&[
            "Authenticating transaction...",
            "CRITICAL SECURITY WARN: Running post-execution cleanup!",
            "framework: caught it; exiting() = Some(1)",
            "hook: status 1",
        ]),
        &intercepted(1, &exit_site),
    );
}

#[test]
fn g3_with_an_annotated_main_a_catch_is_reported_even_without_symbols() {
    let Some(seed) = stripped(SCENARIOS, "g3_stripped") else {
        return;
    };
    let out = bin(seed.to_str().unwrap(), &["g3_seed_banking"]);
    let exit_site = site("g3_seed_banking", "terminate_securely", "exit(1)");
    assert_eq!(out.status, Some(1), "{out:#?}");
    assert_eq!(out.stderr, intercepted(1, &exit_site), "{out:#?}");
}

#[test]
fn g4_catch_exit_returns_the_exit_and_the_program_goes_on() {
    let out = bin(SCENARIOS, &["g4_catch_exit_goes_on"]);
    assert_outcome(
        &out,
        0,
        &lines(&[
            "guard dropped; exiting() = Some(2)",
            "caught exit(2); exiting() = None",
            "guard dropped; exiting() = None",
            "went on: Ok(8080)",
            "hook: status 0",
        ]),
        "",
    );
}

#[test]
fn g4_a_caught_exit_resumed_ends_the_process_with_its_code() {
    let out = bin(SCENARIOS, &["g4_catch_exit_then_resume"]);
    assert_outcome(
        &out,
        2,
        &lines(&[
            "guard dropped; exiting() = Some(2)",
            "caught exit(2); exiting() = None",
            "hook: status 2",
        ]),
        "",
    );
}

#[test]
fn g5_panic_through_annotated_functions_keeps_message_and_status_101() {
    let bin_name = "g5_panic_through_annotated";
    let out = bin(SCENARIOS, &["g5_panic_through_annotated"]);
    assert_outcome(
        &out,
        101,
        &lines(&[
            "dropped immediate frame",
            "dropped graceful frame",
            "dropped main frame",
            "hook: status 101",
        ]),
        &std_panic(
            &site(bin_name, "panic", "assert!"),
            "ledger corrupted: balance -3",
        ),
    );
}

/// The `g6_exit_in_drop` case `case`, where a `Drop` asks for `exit(4)`
/// while the thread unwinds for `exit(3)`: the process ends in order with
/// 3, and one line names both requests.
fn assert_a_second_exit_from_the_drop_keeps_3(case: &str) {
    let bin_name = "g6_exit_in_drop";
    let out = bin(SCENARIOS, &[case]);
    assert_outcome(
        &out,
        3,
        &lines(&["stubborn guard: asking for exit 4", "hook: status 3"]),
        &came_while_unwinding(
            &crate::common::requested(4, &site(bin_name, "second exit", "exit(4)")),
            &crate::common::requested(3, &site(bin_name, "first exit", "exit(3)")),
            3,
        ),
    );
}

/// As `assert_a_second_exit_from_the_drop_keeps_3`, with `exit_now(4)`:
/// the process ends at once with 3.
fn assert_an_exit_now_from_the_drop_keeps_3(case: &str) {
    let bin_name = "g6_exit_in_drop";
    let out = bin(SCENARIOS, &[case]);
    assert_outcome(
        &out,
        3,
        &lines(&["stubborn guard: asking for exit 4"]),
        &ends_at_once_with_the_earlier(
            &crate::common::requested_now(4, &site(bin_name, "second exit_now", "exit_now(4)")),
            3,
            &crate::common::requested(3, &site(bin_name, "first exit", "exit(3)")),
        ),
    );
}

#[test]
fn g6_exit_from_a_drop_during_an_exit_keeps_the_first_code_without_abort() {
    assert_a_second_exit_from_the_drop_keeps_3("g6_exit_in_drop");
}

#[test]
fn g6_exit_now_from_a_drop_during_an_exit_keeps_the_first_code() {
    assert_an_exit_now_from_the_drop_keeps_3("g6_exit_now_in_drop");
}

#[test]
fn g6_exit_from_a_drop_while_unwinding_for_the_thread_s_own_exit_keeps_its_code() {
    assert_a_second_exit_from_the_drop_keeps_3("g6_exit_in_drop_inside_catch_exit");
}

#[test]
fn g6_exit_now_from_a_drop_while_unwinding_for_the_thread_s_own_exit_keeps_its_code() {
    assert_an_exit_now_from_the_drop_keeps_3("g6_exit_now_in_drop_inside_catch_exit");
}

#[test]
fn g6_exit_now_with_the_code_already_in_flight_ends_at_once_and_says_nothing() {
    let out = bin(SCENARIOS, &["g6_exit_now_same_code_in_drop"]);
    assert_outcome(
        &out,
        3,
        &lines(&["stubborn guard: asking for exit_now 3"]),
        "",
    );
}

#[test]
fn g6_exit_from_a_drop_during_a_panic_ends_at_once_without_abort() {
    assert_exit_from_a_drop_during_a_panic("g6_exit_in_drop_during_a_panic");
}

#[test]
fn g6_after_catch_exit_a_drop_during_a_panic_still_sees_a_panic_not_the_old_exit() {
    assert_exit_from_a_drop_during_a_panic("g6_exit_in_drop_during_a_panic_after_catch");
}

#[test]
fn g6_exit_from_a_hook_running_mid_unwind_is_ignored_too() {
    let bin_name = "g6_exit_in_drop";
    let out = bin(SCENARIOS, &["g6_exit_in_drop_hook_mid_unwind"]);
    assert_outcome(
        &out,
        3,
        &lines(&["stubborn guard: asking for exit 4", "hook: status 3"]),
        &format!(
            "{}{}",
            came_while_unwinding(
                &crate::common::requested(4, &site(bin_name, "second exit", "exit(4)")),
                &crate::common::requested(3, &site(bin_name, "first exit", "exit(3)")),
                3,
            ),
            hook_exit_ignored(
                &crate::common::requested(9, &site(bin_name, "hook exit", "exit(9)")),
                3
            ),
        ),
    );
}

#[test]
fn g6_exit_from_a_hook_is_ignored_and_the_other_hooks_run() {
    let bin_name = "g6_exit_in_hook";
    let out = bin(SCENARIOS, &["g6_exit_in_hook"]);
    assert_outcome(
        &out,
        3,
        &lines(&[
            "hook registered third: status 3",
            "hook registered second: asking for exit 9",
            "hook registered first: status 3",
        ]),
        &hook_exit_ignored(
            &crate::common::requested(9, &site(bin_name, "hook exit", "exit(9)")),
            3,
        ),
    );
}

#[test]
fn g7_worker_exit_resumed_on_main_through_join() {
    let out = bin(SCENARIOS, &["g7_join_resume"]);
    assert_outcome(
        &out,
        5,
        &lines(&[
            "dropped worker guard",
            "main: joined; exiting() = Some(5)",
            "dropped main guard",
            "hook: status 5",
        ]),
        "",
    );
}

#[test]
fn g8_resume_if_exit_in_a_drop_during_an_unwind_ends_in_order_with_the_first_code() {
    let out = bin(SCENARIOS, &["g8_resume_if_exit_during_an_unwind"]);
    assert_outcome(
        &out,
        5,
        &lines(&["joined the worker", "hook: status 5"]),
        "",
    );
}

#[test]
fn g7_detached_worker_exit_ends_the_process_with_its_code() {
    let bin_name = "g7_detached_worker";
    let out = bin(SCENARIOS, &["g7_detached_worker"]);
    assert_outcome(
        &out,
        6,
        &lines(&[
            "main: spawning a detached worker",
            "dropped worker guard",
            "hook: status 6",
        ]),
        &unjoined(6, &site(bin_name, "worker exit", "exit(6)")),
    );
}

#[test]
fn g9_exit_zero_is_a_success_and_still_unwinds() {
    let out = bin(SCENARIOS, &["g9_codes", "0"]);
    assert_outcome(&out, 0, "guard dropped\n", "");
}

// On Unix the OS keeps the low 8 bits of a status (G9).
#[test]
#[cfg(unix)]
fn g9_codes_pass_through_as_the_os_takes_them() {
    for (code, status) in [("1", 1), ("255", 255), ("-1", 255), ("257", 1), ("-255", 1)] {
        let out = bin(SCENARIOS, &["g9_codes", code]);
        assert_outcome(&out, status, "guard dropped\n", "");
        let out = bin(SCENARIOS, &["g9_codes", code, "immediate"]);
        assert_outcome(&out, status, "", "");
    }
}

#[test]
#[cfg(unix)]
fn g9_codes_that_would_read_as_success_exit_with_1_and_say_so() {
    for code in [256, -256, 512, i32::MIN] {
        let arg = code.to_string();
        let stderr = crate::common::low_byte_zero(code);
        let out = bin(SCENARIOS, &["g9_codes", &arg]);
        assert_outcome(&out, 1, "guard dropped\n", &stderr);
        let out = bin(SCENARIOS, &["g9_codes", &arg, "immediate"]);
        assert_outcome(&out, 1, "", &stderr);
    }
}

/// On Windows an exit code is 32 bits: every code passes through as it is,
/// and the fix-up of G9, which is for Unix's low byte, must not apply.
#[test]
#[cfg(windows)]
fn g9_on_windows_every_code_passes_through_whole() {
    for code in [1, 255, 256, 257, -1, -256, 512, i32::MIN] {
        let arg = code.to_string();
        let out = bin(SCENARIOS, &["g9_codes", &arg]);
        assert_outcome(&out, code, "guard dropped\n", "");
        let out = bin(SCENARIOS, &["g9_codes", &arg, "immediate"]);
        assert_outcome(&out, code, "", "");
    }
}

#[test]
fn g3_a_request_dropped_during_an_unrelated_panic_still_ends_the_process() {
    let bin_name = "g3_swallow_then_panic";
    let out = bin(SCENARIOS, &["g3_swallow_then_panic"]);
    let exit_site = site(bin_name, "transaction", "exit(3)");
    assert_eq!(out.status, Some(3), "{out:?}");
    assert_eq!(out.signal, None, "{out:?}");
    assert_eq!(
        out.stdout, "framework: holding the request: true\n",
        "{out:?}"
    );
    assert!(
        out.stderr
            .contains("framework bug while holding the request"),
        "{out:?}"
    );
    assert!(out.stderr.ends_with(&intercepted(3, &exit_site)), "{out:?}");
}

#[test]
fn g1_async_graceful_exit_drops_every_async_frame_innermost_first_then_main() {
    let out = bin(SCENARIOS, &["g1_async_exit_two_awaits_deep"]);
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
fn g6_async_exit_from_a_drop_while_unwinding_keeps_the_first_code() {
    let file = "async_fn_exits.rs";
    let out = bin(SCENARIOS, &["g6_async_exit_from_a_drop_while_unwinding"]);
    assert_outcome(
        &out,
        3,
        &lines(&[
            "stubborn: asking for exit(4) while unwinding",
            "hook: status 3",
        ]),
        &came_while_unwinding(
            &crate::common::requested(4, &site(file, "second exit", "exit(4)")),
            &crate::common::requested(3, &site(file, "first exit", "exit(3)")),
            3,
        ),
    );
}

#[test]
fn g5_async_panic_crosses_annotated_futures_unchanged() {
    let out = bin(SCENARIOS, &["g5_async_panic_through_annotated_futures"]);
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
fn g7_thread_exit_continues_through_two_joins() {
    let out = bin(SCENARIOS, &["g7_exit_through_two_joins"]);
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
fn g3_thread_detached_exit_ends_the_process_with_an_unannotated_main() {
    let out = bin(PLAIN_MAIN, &["g3_detached_worker_unannotated_main"]);
    assert_outcome(
        &out,
        6,
        &lines(&["dropped worker guard", "hook registered first: status 6"]),
        &unjoined(
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
            unjoined(6, &site(file, "worker exit", "exit(6)")),
            hook_exit_ignored(
                &crate::common::requested(9, &site(file, "hook exit", "exit(9)")),
                6
            ),
        ),
    );
}

#[test]
fn g7_thread_scope_joined_exit_unwinds_the_owner() {
    let out = bin(SCENARIOS, &["g7_scoped_thread_exit_joined"]);
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
    let out = bin(SCENARIOS, &["g3_scoped_thread_exit_unjoined"]);
    assert_outcome(
        &out,
        4,
        &lines(&[
            "dropped guard inside the scope closure",
            "dropped scoped thread guard",
            "hook: status 4",
        ]),
        &unjoined(4, &site),
    );
    let out = bin(SCENARIOS, &["g7_scoped_thread_exit_held"]);
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
        |status| unjoined(status, &site),
    );
}

#[test]
fn g3_eight_alike_exits_dropped_at_once_print_one_line_50_times() {
    let site = site("g6_eight_threads_race.rs", "worker exit", "exit(code)");
    race(
        "g3_eight_alike_exits_detached",
        &lines(&["hook: one of the eight codes"]),
        |status| unjoined(status, &site),
    );
}

#[test]
fn g3_exiting_is_seen_from_another_thread_while_main_unwinds() {
    let out = bin(SCENARIOS, &["g3_second_thread_observes_an_exit"]);
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
fn g4_the_thread_s_own_exit_dropped_by_a_catch_unwind_inside_catch_exit_ends_the_process() {
    let case = "g4_own_exit_intercepted_inside_catch_exit";
    let out = bin(SCENARIOS, &[case]);
    assert_outcome(
        &out,
        2,
        &lines(&["guard dropped; exiting() = Some(2)", "hook: status 2"]),
        &intercepted(2, &site("g4_catch_exit_goes_on", "port exit", "exit(2)")),
    );
}

/// The `g6_second_thread_during_an_exit` case `case`, where `catch_exit`
/// catches main's unwind for `exit(3)`: the second thread sees `seen`
/// during the unwind, and `None` after the catch.
fn assert_caught_while_the_second_thread_sees(case: &str, seen: &str) {
    let out = bin(SCENARIOS, &[case]);
    let during = format!("second thread: during the unwind, exiting() = {seen}");
    assert_outcome(
        &out,
        0,
        &lines(&[
            "second thread: before, exiting() = None",
            "main guard: unwinding, exiting() = Some(3)",
            &during,
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
fn g4_an_own_exit_resumed_by_resume_if_exit_inside_catch_exit_stays_the_thread_s_alone() {
    assert_caught_while_the_second_thread_sees("g4_own_exit_resumed_inside_catch_exit", "None");
}

#[test]
fn g4_a_worker_s_own_exit_resumed_on_main_is_the_process_s() {
    assert_caught_while_the_second_thread_sees("g4_a_worker_s_own_exit_resumed_on_main", "Some(3)");
}

/// An exit inside `catch_exit` is main's alone while it unwinds to the
/// catch: main sees it, the second thread does not (G4).
#[test]
fn g4_an_exit_inside_catch_exit_is_its_threads_alone_while_it_unwinds() {
    assert_caught_while_the_second_thread_sees("g4_second_thread_after_catch_exit", "None");
}

#[test]
fn g6_exit_from_another_thread_while_main_unwinds_changes_nothing() {
    let out = bin(SCENARIOS, &["g6_second_thread_exits_during_an_exit"]);
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
fn g6_main_returning_while_another_thread_exits_ends_with_the_exit_code() {
    let out = bin(SCENARIOS, &["g6_main_returns_while_a_worker_exits"]);
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
    let out = bin(SCENARIOS, &["g6_main_panics_while_a_worker_exits"]);
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
    let out = bin(SCENARIOS, &["g6_second_thread_exits_now_during_an_exit"]);
    assert_outcome(
        &out,
        3,
        &lines(&[
            "second thread: before, exiting() = None",
            "main guard: unwinding, exiting() = Some(3)",
            "second thread: during the unwind, exiting() = Some(3)",
        ]),
        &ends_at_once_with_the_earlier(
            &crate::common::requested_now(4, &site(file, "second exit_now", "exit_now(4)")),
            3,
            &crate::common::requested(3, &site(file, "first exit", "exit(3)")),
        ),
    );
}

#[test]
fn g6_a_loser_from_the_same_line_as_the_winner_is_dropped_silently() {
    let out = bin(SCENARIOS, &["g6_loser_from_the_same_line_dropped"]);
    assert_outcome(&out, 3, &lines(&["dropped the loser", "hook 3"]), "");
}

#[test]
fn g6_catching_a_loser_from_the_same_line_leaves_the_winners_shutdown_on() {
    let out = bin(SCENARIOS, &["g6_loser_from_the_same_line_caught"]);
    assert_outcome(
        &out,
        3,
        &lines(&["B caught Err(3)", "A's drop: exiting() = Some(3)", "hook 3"]),
        "",
    );
}

#[test]
fn g1_main_returning_waits_for_a_worker_still_unwinding_for_its_exit() {
    let bin_name = "g1_main_waits_for_a_worker_unwind";
    let out = bin(SCENARIOS, &["g1_main_waits_for_a_worker_unwind"]);
    assert_outcome(
        &out,
        4,
        &lines(&[
            "worker: cleanup started",
            "main: returning",
            "worker: cleanup done",
            "hook ran with 4",
        ]),
        &unjoined(4, &site(bin_name, "worker exit", "exit(4)")),
    );
}

#[test]
fn g5_without_handle_panics_a_tokio_task_panic_changes_nothing() {
    let (printed, _) = panic_at(
        "k1_tokio_task_panic",
        "task panic",
        "tokio-rt-worker",
        "a task's bug",
    );
    let out = bin(SCENARIOS, &["k1_tokio_task_panic_unhandled"]);
    assert_outcome(
        &out,
        0,
        &lines(&[
            "main: the service runs on, exiting() = None",
            "dropped main's guard",
            "hook: status 0",
        ]),
        &printed,
    );
}
// ---- G3, G4: the request that fixed the status travels with its payload ----

#[test]
fn g3_a_winner_dropped_on_a_thread_unwinding_for_a_loser_ends_the_process_at_the_catchs_drop() {
    let case = "g3_winner_dropped_while_unwinding_for_a_loser";
    let out = bin(PLAIN_MAIN, &[case]);
    let worker = site(case, "worker exit", "exit(3)");
    assert_outcome(
        &out,
        3,
        &lines(&["after the join"]),
        &intercepted(3, &worker),
    );
}

#[test]
fn g3_racing_exits_dropped_in_a_catch_end_with_the_winners_code_and_line_50_times() {
    let file = "g3_winner_dropped_while_unwinding_for_a_loser";
    let worker = site(file, "worker exit", "exit(3)");
    let main = site(file, "main exit", "exit(5)");
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..50 {
        let out = bin(PLAIN_MAIN, &["g6_racing_exits_dropped_in_a_catch"]);
        let (status, winner) = match out.status {
            Some(3) => (3, &worker),
            Some(5) => (5, &main),
            _ => panic!("neither exit's code: {out:#?}"),
        };
        assert_outcome(
            &out,
            status,
            &lines(&["after the join"]),
            &intercepted(status, winner),
        );
        seen.insert(status);
    }
    println!("codes seen {seen:?}");
}

#[test]
fn g4_catch_exit_around_workers_catches_the_workers_winning_exit_and_the_program_goes_on() {
    let case = "g4_catch_exit_around_workers";
    let out = bin(SCENARIOS, &[case]);
    let worker = site(case, "worker exit", "exit(3)");
    let line = worker.rsplit(':').nth(1).unwrap();
    assert_outcome(
        &out,
        0,
        &lines(&[
            &format!("caught exit(3) from line {line}"),
            "exiting() = None",
            "main goes on",
        ]),
        "",
    );
}

/// G10: the shutdown `request_exit` started, and how the process ended.
fn assert_requested(case: &str, printed: &str) {
    let out = bin(SCENARIOS, &[case]);
    assert_outcome(
        &out,
        3,
        &lines(&[printed, "dropped main's guard", "hook: status 3"]),
        "",
    );
}

#[test]
fn g10_request_exit_from_a_thread_nobody_joins_returns_and_main_ends_with_its_code() {
    assert_requested(
        "g10_request_exit_from_a_worker",
        "worker: request_exit returned, exiting() = Some(3)",
    );
}

#[test]
fn g10_main_that_returns_after_request_exit_ends_with_the_code_after_its_destructors_and_hooks() {
    assert_requested(
        "g10_request_exit_then_main_returns",
        "main: request_exit returned, exiting() = Some(3)",
    );
}

#[test]
fn g10_the_first_request_fixes_the_status() {
    assert_requested("g10_the_first_request_wins", "main: exiting() = Some(3)");
}

#[test]
fn g10_the_trace_names_request_exit() {
    let mut command = case(SCENARIOS, "g10_request_exit_then_main_returns");
    command.env("EXIT_POLICY_TRACE", "1");
    let out = run(command);
    let at = site("g10_request_exit", "main request", "request_exit(3)");
    assert_eq!(out.status, Some(3), "{out:#?}");
    assert!(
        out.stderr.starts_with(&format!(
            "exit-policy: trace: graceful end, status 3: request_exit(3) at {at}, on thread 'main', "
        )),
        "{out:#?}"
    );
}

#[test]
fn g7_forward_exit_continues_a_threads_exit_on_the_joining_thread() {
    let out = bin(SCENARIOS, &["g7_forward_exit_thread"]);
    assert_outcome(
        &out,
        4,
        &lines(&["dropped main's guard", "hook: status 4"]),
        "",
    );
}

#[test]
fn g7_forward_exit_continues_a_tasks_exit_on_the_awaiting_task() {
    let out = bin(SCENARIOS, &["g7_forward_exit_task"]);
    assert_outcome(
        &out,
        5,
        &lines(&["dropped main's guard", "hook: status 5"]),
        "",
    );
}

/// G7: `.unwrap()` on a join's result: std's message for the unwrap, then
/// the line that says so and names `.forward_exit()`; `main`'s guard never
/// drops.
fn assert_unwrapped(case: &str, code: i32, exit_marker: &str, unwrap_marker: &str, shown: &str) {
    let mut out = bin(SCENARIOS, &[case]);
    // A tokio task's id depends on what the runtime spawned before.
    if let Some(at) = out.stderr.find("Panic(Id(") {
        let digits = out.stderr[at + 9..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        out.stderr.replace_range(at + 9..at + 9 + digits, "ID");
    }
    let exit_site = site("g7_forward_exit", exit_marker, &format!("exit({code})"));
    let unwrap_site = site("g7_forward_exit", unwrap_marker, "unwrap()");
    let expected = format!(
        "{}{}",
        std_panic(
            &unwrap_site,
            &format!("called `Result::unwrap()` on an `Err` value: {shown}")
        ),
        crate::common::dropped_in_a_panic(
            &format!("exit({code}) requested at {exit_site}"),
            "main",
            code
        ),
    );
    assert_outcome(
        &out,
        code,
        &lines(&[&format!("hook: status {code}")]),
        &expected,
    );
}

#[test]
fn g7_an_unwrap_of_a_threads_join_names_forward_exit_not_a_catch_unwind() {
    assert_unwrapped(
        "g7_forward_exit_thread_unwrapped",
        4,
        "thread exit unwrapped",
        "thread unwrap",
        "Any { .. }",
    );
}

#[test]
fn g7_an_unwrap_of_a_tasks_join_names_forward_exit_not_a_catch_unwind() {
    assert_unwrapped(
        "g7_forward_exit_task_unwrapped",
        5,
        "task exit unwrapped",
        "task unwrap",
        "JoinError::Panic(Id(ID), ...)",
    );
}
