//! One shutdown per process: what joins it, what it ignores, and who ends
//! it, with requests, catches and signals meeting in every order that once
//! went wrong. Each scenario runs as a child process.

// The helpers of the Unix signal tests are unused where those are compiled
// out (the Windows lane).
#![cfg_attr(not(unix), allow(unused))]

mod common;

use common::{
    G, H, I, Running, S, assert_killed, assert_outcome, bin, case, intercepted, lines, site,
};

const SIGINT: i32 = 2;

#[test]
fn i2_an_immediate_function_entered_from_a_drop_during_an_exit_returns() {
    let out = bin(I, &["i2_immediate_entered_from_a_drop"]);
    assert_outcome(
        &out,
        3,
        &lines(&["audit returned", "dropped inner", "dropped outer", "hook 3"]),
        "",
    );
}

#[test]
fn w2_an_immediate_future_dropped_by_an_unwind_inside_catch_exit_lets_it_return() {
    let out = bin(I, &["w2_immediate_future_dropped_by_an_unwind"]);
    assert_outcome(&out, 0, &lines(&["catch_exit gave Err(4)", "hook 0"]), "");
}

#[test]
fn s2_a_lost_checkpoint_request_dropped_after_catch_exit_changes_nothing() {
    let out = bin(S, &["s2_lost_checkpoint_dropped_after_catch"]);
    assert_outcome(
        &out,
        0,
        &lines(&["caught 2, exiting() = None", "still running"]),
        "",
    );
}

#[test]
fn g6_a_loser_from_the_same_line_as_the_winner_is_dropped_silently() {
    let out = bin(G, &["g6_loser_from_the_same_line_dropped"]);
    assert_outcome(&out, 3, &lines(&["dropped the loser", "hook 3"]), "");
}

#[test]
fn g6_catching_a_loser_from_the_same_line_leaves_the_winners_shutdown_on() {
    let out = bin(G, &["g6_loser_from_the_same_line_caught"]);
    assert_outcome(
        &out,
        3,
        &lines(&["B caught Err(3)", "A's drop: exiting() = Some(3)", "hook 3"]),
        "",
    );
}

#[test]
fn i3_a_pool_thread_that_handed_its_exit_away_lets_the_next_panic_through() {
    let out = bin(I, &["i3_pool_thread_after_handing_off_an_exit"]);
    assert_eq!(out.status, Some(3), "{out:#?}");
    assert_eq!(
        out.stdout,
        lines(&["job 2 panicked: true", "pool done", "hook 3"]),
        "{out:#?}"
    );
    assert!(out.stderr.contains("negative entry -2"), "{out:#?}");
}

#[test]
fn g1_main_returning_waits_for_a_worker_still_unwinding_for_its_exit() {
    let bin_name = "g1_main_waits_for_a_worker_unwind";
    let out = bin(G, &["g1_main_waits_for_a_worker_unwind"]);
    assert_outcome(
        &out,
        4,
        &lines(&[
            "worker: cleanup started",
            "main: returning",
            "worker: cleanup done",
            "hook ran with 4",
        ]),
        &intercepted(4, &site(bin_name, "worker exit", "exit(4)")),
    );
}

#[test]
fn h1_an_exit_during_mains_own_hooks_changes_nothing_and_each_hook_runs_once() {
    let out = bin(H, &["h1_exit_during_mains_hooks"]);
    assert_outcome(
        &out,
        0,
        &lines(&[
            "main: returning",
            "hook 2 started",
            "hook 2 done",
            "hook 1 ran: status 0, exiting() = None",
        ]),
        "",
    );
}

#[test]
#[cfg(unix)]
fn h1_a_signal_during_mains_own_hooks_changes_nothing_and_starts_no_deadline() {
    let command = case(H, "h1_signal_during_mains_hooks");
    let mut child = Running::start(command);
    child.wait_for("hook 2 started");
    child.signal("TERM");
    let (out, _) = child.finish();
    assert_outcome(
        &out,
        0,
        &lines(&[
            "main: returning",
            "hook 2 started",
            "hook 2 saw SIGTERM: exiting() = None",
            "hook 2 done",
            "hook 1 ran: status 0, exiting() = None",
        ]),
        "",
    );
}

#[test]
#[cfg(unix)]
fn s4_after_catch_exit_ended_a_shutdown_the_next_signal_is_a_first_one() {
    let mut child = Running::start(case(S, "s4_signal_count_resets_after_catch"));
    child.wait_for("unwinding for exit(2): send SIGINT");
    child.signal("INT");
    child.wait_for("running again: send SIGINT");
    child.signal("INT");
    let (out, _) = child.finish();
    assert_killed(
        &out,
        SIGINT,
        &lines(&[
            "unwinding for exit(2): send SIGINT",
            "caught 2, exiting() = None",
            "running again: send SIGINT",
            "dropped main's guard",
            "hook: status 130",
        ]),
        "",
    );
}
