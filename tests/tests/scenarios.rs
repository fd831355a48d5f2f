//! Process-level scenarios for the synchronous rules (P1-P3, G1-G7,
//! G9, I1-I3, H1): each runs one binary from `tests/src/bin` as a child
//! process and asserts its exact status, stdout, stderr and files left.

mod common;

use common::{
    B, G, H, I, P3_THREAD_DOES_NOT_INHERIT, PLAIN_MAIN, assert_outcome, bin, came_during_a_panic,
    came_while_unwinding, case, ends_at_once_with_the_earlier, hook_exit_ignored, hook_panicked,
    intercepted, lines, run, scratch, site, std_panic,
};

// ---- G1, G2: graceful exits unwind everything, silently ----

fn depth_40_stdout() -> String {
    let entered = (1..=40).map(|depth| format!("entered {depth}"));
    let unwound = (1..=40).rev().map(|depth| format!("unwound {depth}"));
    let all: Vec<String> = entered.chain(unwound).collect();
    lines(&all.iter().map(String::as_str).collect::<Vec<_>>())
}

#[test]
fn g1_exit_at_depth_40_unwinds_innermost_first_and_loses_no_buffered_line() {
    let out = bin(G, &["g1_deep_bufwriter"]);
    assert_outcome(&out, 3, &depth_40_stdout(), "");
}

#[test]
fn g1_rust_backtrace_prints_nothing_for_a_graceful_exit() {
    for value in ["1", "full"] {
        let mut command = case(G, "g1_deep_bufwriter");
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

// ---- G3: a swallowed exit still ends the process ----

#[test]
fn g3_seed_program_cleanup_runs_and_the_catch_all_cannot_commit() {
    let bin_name = "g3_seed_banking";
    let out = bin(G, &["g3_seed_banking"]);
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
    let Some(seed) = stripped(G, "g3_stripped") else {
        return;
    };
    let out = bin(seed.to_str().unwrap(), &["g3_seed_banking"]);
    let exit_site = site("g3_seed_banking", "terminate_securely", "exit(1)");
    assert_eq!(out.status, Some(1), "{out:#?}");
    assert_eq!(out.stderr, intercepted(1, &exit_site), "{out:#?}");
}

// ---- G4: catch_exit intercepts on purpose ----

#[test]
fn g4_catch_exit_returns_the_exit_and_the_program_goes_on() {
    let out = bin(G, &["g4_catch_exit_goes_on"]);
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
    let out = bin(G, &["g4_catch_exit_then_resume"]);
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

// ---- G5, I3: panics are unchanged ----

#[test]
fn g5_panic_through_annotated_functions_keeps_message_and_status_101() {
    let bin_name = "g5_panic_through_annotated";
    let out = bin(G, &["g5_panic_through_annotated"]);
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

// ---- G6: the first request wins ----

#[test]
fn g6_exit_from_a_drop_during_an_exit_keeps_the_first_code_without_abort() {
    let bin_name = "g6_exit_in_drop";
    let out = bin(G, &["g6_exit_in_drop"]);
    assert_outcome(
        &out,
        3,
        &lines(&["stubborn guard: asking for exit 4", "hook: status 3"]),
        &came_while_unwinding(
            &common::requested(4, &site(bin_name, "second exit", "exit(4)")),
            &common::requested(3, &site(bin_name, "first exit", "exit(3)")),
            3,
        ),
    );
}

#[test]
fn g6_exit_now_from_a_drop_during_an_exit_keeps_the_first_code() {
    let bin_name = "g6_exit_in_drop";
    let out = bin(G, &["g6_exit_now_in_drop"]);
    assert_outcome(
        &out,
        3,
        &lines(&["stubborn guard: asking for exit 4"]),
        &ends_at_once_with_the_earlier(
            &common::requested(4, &site(bin_name, "second exit_now", "exit_now(4)")),
            3,
            &common::requested(3, &site(bin_name, "first exit", "exit(3)")),
        ),
    );
}

#[test]
fn g6_exit_now_with_the_code_already_in_flight_ends_at_once_and_says_nothing() {
    let out = bin(G, &["g6_exit_now_same_code_in_drop"]);
    assert_outcome(
        &out,
        3,
        &lines(&["stubborn guard: asking for exit_now 3"]),
        "",
    );
}

/// The `g6_exit_in_drop` case `case`, where a `Drop` asks for `exit(4)` while the
/// thread unwinds for a panic: it ends at once with 4, after std's message
/// and one line that names a panic.
fn assert_exit_from_a_drop_during_a_panic(case: &str) {
    let bin_name = "g6_exit_in_drop";
    let out = bin(G, &[case]);
    assert_outcome(
        &out,
        4,
        &lines(&["stubborn guard: asking for exit 4", "hook: status 4"]),
        &format!(
            "{}{}",
            std_panic(&site(bin_name, "panic", "assert!"), "first a panic"),
            came_during_a_panic(
                &common::requested(4, &site(bin_name, "second exit", "exit(4)")),
                4
            ),
        ),
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
    let out = bin(G, &["g6_exit_in_drop_hook_mid_unwind"]);
    assert_outcome(
        &out,
        3,
        &lines(&["stubborn guard: asking for exit 4", "hook: status 3"]),
        &format!(
            "{}{}",
            came_while_unwinding(
                &common::requested(4, &site(bin_name, "second exit", "exit(4)")),
                &common::requested(3, &site(bin_name, "first exit", "exit(3)")),
                3,
            ),
            hook_exit_ignored(
                &common::requested(9, &site(bin_name, "hook exit", "exit(9)")),
                3
            ),
        ),
    );
}

#[test]
fn g6_exit_from_a_hook_is_ignored_and_the_other_hooks_run() {
    let bin_name = "g6_exit_in_hook";
    let out = bin(G, &["g6_exit_in_hook"]);
    assert_outcome(
        &out,
        3,
        &lines(&[
            "hook registered third: status 3",
            "hook registered second: asking for exit 9",
            "hook registered first: status 3",
        ]),
        &hook_exit_ignored(
            &common::requested(9, &site(bin_name, "hook exit", "exit(9)")),
            3,
        ),
    );
}

// ---- G7: threads ----

#[test]
fn g7_worker_exit_resumed_on_main_through_join() {
    let out = bin(G, &["g7_join_resume"]);
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
fn g7_detached_worker_exit_ends_the_process_with_its_code() {
    let bin_name = "g7_detached_worker";
    let out = bin(G, &["g7_detached_worker"]);
    assert_outcome(
        &out,
        6,
        &lines(&[
            "main: spawning a detached worker",
            "dropped worker guard",
            "hook: status 6",
        ]),
        &intercepted(6, &site(bin_name, "worker exit", "exit(6)")),
    );
}

// ---- G9: codes ----

#[test]
fn g9_exit_zero_is_a_success_and_still_unwinds() {
    let out = bin(G, &["g9_codes", "0"]);
    assert_outcome(&out, 0, "guard dropped\n", "");
}

// On Unix the OS keeps the low 8 bits of a status (G9).
#[test]
#[cfg(unix)]
fn g9_codes_pass_through_as_the_os_takes_them() {
    for (code, status) in [("1", 1), ("255", 255), ("-1", 255), ("257", 1), ("-255", 1)] {
        let out = bin(G, &["g9_codes", code]);
        assert_outcome(&out, status, "guard dropped\n", "");
        let out = bin(G, &["g9_codes", code, "immediate"]);
        assert_outcome(&out, status, "", "");
    }
}

#[test]
#[cfg(unix)]
fn g9_codes_that_would_read_as_success_exit_with_1_and_say_so() {
    for code in [256, -256, 512, i32::MIN] {
        let arg = code.to_string();
        let stderr = common::low_byte_zero(code);
        let out = bin(G, &["g9_codes", &arg]);
        assert_outcome(&out, 1, "guard dropped\n", &stderr);
        let out = bin(G, &["g9_codes", &arg, "immediate"]);
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
        let out = bin(G, &["g9_codes", &arg]);
        assert_outcome(&out, code, "guard dropped\n", "");
        let out = bin(G, &["g9_codes", &arg, "immediate"]);
        assert_outcome(&out, code, "", "");
    }
}

// ---- H1: hooks ----

fn hooks_ran(status: i32) -> [String; 3] {
    ["third", "second", "first"].map(|which| format!("hook registered {which}: status {status}"))
}

#[test]
fn h1_hooks_run_lifo_once_on_a_graceful_exit() {
    let out = bin(H, &["h1_hooks_on_exit"]);
    let [third, second, first] = hooks_ran(3);
    assert_outcome(
        &out,
        3,
        &lines(&["main: exit", &third, &second, &first]),
        "",
    );
}

#[test]
fn h1_hooks_run_when_annotated_main_returns_ok() {
    let out = bin(H, &["h1_hooks_on_return_ok"]);
    let [third, second, first] = hooks_ran(0);
    assert_outcome(
        &out,
        0,
        &lines(&[
            "main: return-ok",
            "main: returning Ok",
            &third,
            &second,
            &first,
        ]),
        "",
    );
}

#[test]
fn h1_hooks_get_status_1_when_annotated_main_returns_err() {
    let out = bin(H, &["h1_hooks_on_return_err"]);
    let [third, second, first] = hooks_ran(1);
    assert_outcome(
        &out,
        1,
        &lines(&["main: return-err", &third, &second, &first]),
        "Error: \"ledger closed\"\n",
    );
}

#[test]
fn h1_hooks_get_101_when_a_panic_escapes_annotated_main() {
    let out = bin(H, &["h1_hooks_on_panic"]);
    let [third, second, first] = hooks_ran(101);
    assert_outcome(
        &out,
        101,
        &lines(&["main: panic", &third, &second, &first]),
        &std_panic(&site("h1_hooks", "panic", "panic!"), "books do not balance"),
    );
}

#[test]
fn h1_hooks_never_run_on_exit_now() {
    let out = bin(H, &["h1_no_hooks_on_exit_now"]);
    assert_outcome(&out, 3, "main: exit-now\n", "");
}

#[test]
fn h1_a_panicking_hook_is_reported_and_the_rest_run_with_the_same_status() {
    let out = bin(H, &["h1_panicking_hook"]);
    let [third, _, first] = hooks_ran(3);
    assert_outcome(
        &out,
        3,
        &lines(&["main: panicking-hook", &third, &first]),
        &format!(
            "{}{}",
            std_panic(&site("h1_hooks", "hook panic", "panic!"), "hook failed"),
            hook_panicked(3),
        ),
    );
}

// ---- I1, I2: immediate ----

#[test]
fn i1_immediate_exit_runs_nothing_and_flushes_nothing() {
    for case in ["i1_immediate_exit_runs_nothing", "i1_exit_now_runs_nothing"] {
        let out = bin(I, &[case]);
        assert_outcome(&out, 7, "flushed line\n", "");
    }
}

#[test]
fn i2_graceful_callee_exit_stops_at_the_immediate_frame() {
    let out = bin(I, &["i2_graceful_callee_in_immediate"]);
    assert_outcome(
        &out,
        6,
        &lines(&["callee: negative amount, exit(6)", "dropped callee guard"]),
        "",
    );
}

// ---- P1-P3: which policy applies ----

#[test]
fn p1_innermost_annotated_function_decides() {
    let out = bin(PLAIN_MAIN, &["p1_nested_policies"]);
    assert_outcome(
        &out,
        2,
        &lines(&[
            "main: None",
            "graceful: Some(Graceful)",
            "immediate: Some(Immediate)",
            "graceful inside immediate: Some(Graceful)",
            "immediate again: Some(Immediate)",
            "graceful again: Some(Graceful)",
            "unannotated callee: Some(Graceful)",
        ]),
        "",
    );
}

#[test]
fn p2_without_annotation_exit_is_graceful() {
    let out = bin(PLAIN_MAIN, &["p2_default_graceful"]);
    assert_outcome(
        &out,
        5,
        &lines(&["inner: None", "dropped inner guard", "dropped main guard"]),
        "",
    );
}

#[test]
fn p3_a_spawned_thread_does_not_inherit_the_policy() {
    let out = bin(P3_THREAD_DOES_NOT_INHERIT, &["p3_thread_does_not_inherit"]);
    assert_outcome(
        &out,
        8,
        &lines(&[
            "main: Some(Immediate)",
            "worker: None",
            "dropped worker guard",
            "main: the worker's exit came out of join",
        ]),
        "",
    );
}

// ---- A1 at run time ----

#[test]
fn a1_every_accepted_form_runs_under_its_policy_and_unwinds() {
    let out = bin(PLAIN_MAIN, &["a1_every_form"]);
    assert_outcome(
        &out,
        7,
        &lines(&[
            "associated fn: Some(Graceful)",
            "method: Some(Graceful)",
            "withdraw 30: Ok(70)",
            "method: Some(Graceful)",
            "withdraw x: true",
            "own policy in impl: Some(Immediate)",
            "trait default: Some(Immediate)",
            "mod trait default: Some(Graceful)",
            "mod fn: Some(Graceful)",
            "mut param, early return: 99 1",
            "generic: 9",
            "impl Trait: Some(Immediate)",
            "evens: [0, 2, 4, 6]",
            "unsafe fn: Some(Graceful)",
            "raw: 70",
            "main: None",
            "generic: closing because \"end of day\"",
            "never-returning fn: Some(Graceful)",
            "dropped never-returning fn",
            "dropped generic fn",
            "account dropped: balance 70, Some(Graceful)",
        ]),
        "",
    );
}

#[test]
fn g3_a_request_dropped_during_an_unrelated_panic_still_ends_the_process() {
    let bin_name = "g3_swallow_then_panic";
    let out = bin(G, &["g3_swallow_then_panic"]);
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

// ---- B1, B2: the program's boundary ----

#[test]
fn b1_a_fn_main_in_a_submodule_keeps_its_type_and_runs_no_hook() {
    let out = bin(B, &["b1_main_in_submodule"]);
    assert_outcome(
        &out,
        0,
        &lines(&[
            "cli::main runs under Some(Immediate)",
            "cli::main returned 7; back under Some(Graceful)",
            "cli::nested::main runs under Some(Graceful)",
            "main: returning",
            "hook: status 0",
        ]),
        "",
    );
}

fn seed(case: &str) -> common::Outcome {
    bin(PLAIN_MAIN, &[case])
}

#[test]
fn b2_the_seed_program_with_an_unannotated_main_prints_the_one_line() {
    let exit_site = site("b2_seed_unannotated_main", "terminate_securely", "exit(1)");
    assert_outcome(
        &seed("b2_seed_catch_in_main"),
        1,
        &lines(&[
            "Authenticating transaction...",
            "CRITICAL SECURITY WARN: Running post-execution cleanup!",
            "Intercepted the exit; exiting() = Some(1)",
        ]),
        &intercepted(1, &exit_site),
    );
}

#[test]
fn b2_a_banking_loop_that_swallows_and_carries_on_ends_at_the_first_exit() {
    let exit_site = site("b2_seed_unannotated_main", "handle", "exit(1)");
    assert_outcome(
        &seed("b2_seed_loop_in_main"),
        1,
        &lines(&[
            "handling request 1",
            "committed request 1",
            "handling request 2",
        ]),
        &intercepted(1, &exit_site),
    );
}

#[test]
fn b2_an_exit_that_unwinds_out_of_an_unannotated_main_stays_silent() {
    assert_outcome(
        &seed("b2_seed_exit_out_of_main"),
        1,
        &lines(&[
            "Authenticating transaction...",
            "CRITICAL SECURITY WARN: Running post-execution cleanup!",
        ]),
        "",
    );
}

/// A copy of the scenario binary `path` without symbols, or `None` where
/// `strip` (binutils) is not available.
fn stripped(path: &str, name: &str) -> Option<std::path::PathBuf> {
    let copy = scratch(name).join("stripped");
    let status = std::process::Command::new("strip")
        .arg(path)
        .arg("-o")
        .arg(&copy)
        .status();
    if status.is_ok_and(|status| status.success()) {
        Some(copy)
    } else {
        eprintln!("skipped: `strip` (binutils) is not available here");
        None
    }
}

/// The documented limit: without symbols, a catch in an unannotated `main`
/// can't be told from its normal end, and the exit ends silently.
#[test]
fn b2_without_symbols_a_catch_in_an_unannotated_main_ends_silently() {
    let Some(seed) = stripped(PLAIN_MAIN, "b2_stripped") else {
        return;
    };
    let out = bin(seed.to_str().unwrap(), &["b2_seed_catch_in_main"]);
    assert_outcome(
        &out,
        1,
        &lines(&[
            "Authenticating transaction...",
            "CRITICAL SECURITY WARN: Running post-execution cleanup!",
            "Intercepted the exit; exiting() = Some(1)",
        ]),
        "",
    );
}
