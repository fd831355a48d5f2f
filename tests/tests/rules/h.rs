//! H: the `at_exit` hooks.

use crate::common::{
    Running, SCENARIOS, assert_outcome, bin, case, hook_panicked, lines, site, std_panic,
};
use crate::support::TOKIO;

fn hooks_ran(status: i32) -> [String; 3] {
    ["third", "second", "first"].map(|which| format!("hook registered {which}: status {status}"))
}

#[test]
fn h1_hooks_run_lifo_once_on_a_graceful_exit() {
    let out = bin(SCENARIOS, &["h1_hooks_on_exit"]);
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
    let out = bin(SCENARIOS, &["h1_hooks_on_return_ok"]);
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
    let out = bin(SCENARIOS, &["h1_hooks_on_return_err"]);
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
    let out = bin(SCENARIOS, &["h1_hooks_on_panic"]);
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
    let out = bin(SCENARIOS, &["h1_no_hooks_on_exit_now"]);
    assert_outcome(&out, 3, "main: exit-now\n", "");
}

#[test]
fn h1_a_panicking_hook_is_reported_and_the_rest_run_with_the_same_status() {
    let out = bin(SCENARIOS, &["h1_panicking_hook"]);
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

#[test]
fn h1_an_exit_during_mains_own_hooks_changes_nothing_and_each_hook_runs_once() {
    let out = bin(SCENARIOS, &["h1_exit_during_mains_hooks"]);
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
    let command = case(SCENARIOS, "h1_signal_during_mains_hooks");
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
