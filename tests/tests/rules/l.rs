//! L: knowing why the process ended.

use crate::common::{
    PLAIN_MAIN, Running, SCENARIOS, assert_killed, assert_outcome, bin, case, intercepted, lines,
    run, scenario, site,
};
use std::time::Duration;

fn at(marker: &str, needle: &str) -> String {
    site(BIN, marker, needle)
}

const BIN: &str = "l2_logger_sees_the_shutdown";

/// How long the trace line says the shutdown took.
fn took(stderr: &str) -> Duration {
    let line = stderr
        .lines()
        .find(|line| line.starts_with("exit-policy: trace: "))
        .expect("a trace line");
    let shown = line.rsplit(", ").next().unwrap().split(' ').next().unwrap();
    let (number, unit) = shown.split_at(shown.find(char::is_alphabetic).unwrap());
    let number: f64 = number.parse().unwrap();
    let seconds = match unit {
        "ns" => number / 1e9,
        "µs" => number / 1e6,
        "ms" => number / 1e3,
        "s" => number,
        other => panic!("unit {other}"),
    };
    Duration::from_secs_f64(seconds)
}

fn traced_running(program: &str, name: &str) -> Running {
    let mut command = case(program, name);
    command.env("EXIT_POLICY_TRACE", "1");
    Running::start(command)
}

fn line(what: &str, status: i32, request: &str, thread: &str) -> String {
    format!(
        "exit-policy: trace: {what}, status {status}: {request}, on thread '{thread}', T after the \
         request"
    )
}

/// The trace lines of `stderr`, with the duration replaced by `T`.
fn trace_lines(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|line| line.starts_with("exit-policy: trace: "))
        .map(|line| {
            let (head, _) = line
                .rsplit_once(", ")
                .expect("the duration comes last, after a comma");
            let took = &line[head.len() + 2..];
            assert!(took.ends_with(" after the request"), "{line}");
            assert!(
                took.split(' ').next().unwrap().ends_with('s'),
                "a duration: {line}"
            );
            format!("{head}, T after the request")
        })
        .collect()
}

/// Runs a scenario binary with the variable set.
fn traced(path: &str, args: &[&str]) -> crate::common::Outcome {
    let mut command = scenario(path);
    command.args(args).env("EXIT_POLICY_TRACE", "1");
    run(command)
}

#[test]
fn l1_a_graceful_end() {
    let out = traced(SCENARIOS, &["g1_deep_bufwriter"]);
    let request = format!(
        "exit(3) requested at {}",
        site("g1_deep_bufwriter", "deepest", "exit(3)")
    );
    assert_eq!(out.status, Some(3));
    assert_eq!(
        trace_lines(&out.stderr),
        [line("graceful end", 3, &request, "main")]
    );
    assert_eq!(out.stderr.lines().count(), 1, "{out:#?}");
}

#[test]
fn l1_an_immediate_end() {
    let out = traced(SCENARIOS, &["i1_immediate_exit_runs_nothing"]);
    let at = site("i1_immediate_nothing_runs", "immediate", "exit(7)");
    assert_eq!(out.status, Some(7));
    assert_eq!(
        trace_lines(&out.stderr),
        [line(
            "immediate end",
            7,
            &format!("exit(7) requested at {at}"),
            "main"
        )]
    );
}

#[test]
fn l1_an_interception() {
    let out = traced(SCENARIOS, &["g3_seed_banking"]);
    let at = site("g3_seed_banking", "terminate_securely", "exit(1)");
    assert_eq!(out.status, Some(1));
    let what = "graceful end where a catch_unwind dropped the request";
    assert_eq!(
        trace_lines(&out.stderr),
        [line(what, 1, &format!("exit(1) requested at {at}"), "main")]
    );
    assert_eq!(
        out.stderr.lines().count(),
        2,
        "the interception line, then the trace"
    );
}

#[test]
#[cfg(unix)]
fn l1_a_signal() {
    let mut child = traced_running(SCENARIOS, "s1_sigterm_stops_a_checkpoint_loop");
    child.wait_for("ready");
    child.signal("TERM");
    let (out, _) = child.finish();
    assert_eq!(out.signal, Some(15));
    assert_eq!(
        trace_lines(&out.stderr),
        [line("graceful end", 143, "SIGTERM", "main")]
    );
}

#[test]
#[cfg(unix)]
fn l1_a_second_signal() {
    let mut child = traced_running(SCENARIOS, "s4_two_signals");
    child.wait_for("ready");
    child.signal("INT");
    child.wait_for("shutdown started: 130");
    child.signal("INT");
    let (out, _) = child.finish();
    assert_eq!(out.signal, Some(2));
    assert_eq!(
        trace_lines(&out.stderr),
        [line(
            "immediate end on a second signal",
            130,
            "SIGINT",
            "exit-policy-signals"
        )]
    );
}

#[test]
fn l1_a_deadline() {
    let out = traced(SCENARIOS, &["d1_deadline_cuts_a_hanging_drop"]);
    let at = site(
        "d1_deadline_cuts_a_hanging_drop",
        "deadline exit",
        "exit(4)",
    );
    assert_eq!(out.status, Some(4));
    // The shutdown took as long as the deadline let it.
    let took = took(&out.stderr);
    assert!(took >= Duration::from_millis(200), "{took:?}: {out:#?}");
    assert!(took < Duration::from_secs(2), "{took:?}: {out:#?}");
    assert_eq!(
        trace_lines(&out.stderr),
        [format!(
            "{}, asked on thread 'main', T after the request",
            line(
                "immediate end at the deadline",
                4,
                &format!("exit(4) requested at {at}"),
                "exit-policy-deadline"
            )
            .strip_suffix(", T after the request")
            .unwrap()
        )]
    );
}

#[test]
fn l1_the_variable_is_read_on_the_way_out() {
    // The program sets it itself, just before it exits.
    let out = bin(PLAIN_MAIN, &["b2_seed_trace_set_late"]);
    let at = site("b2_seed_unannotated_main", "terminate_securely", "exit(1)");
    assert_eq!(out.status, Some(1));
    assert_eq!(
        trace_lines(&out.stderr),
        [line(
            "graceful end",
            1,
            &format!("exit(1) requested at {at}"),
            "main"
        )]
    );
}

#[test]
fn l1_zero_or_empty_means_off() {
    for value in ["0", ""] {
        let mut command = case(SCENARIOS, "g1_deep_bufwriter");
        command.env("EXIT_POLICY_TRACE", value);
        let out = run(command);
        assert_eq!(
            (out.status, out.stderr.as_str()),
            (Some(3), ""),
            "{value:?}"
        );
    }
}

#[test]
fn l1_without_the_variable_nothing_is_printed() {
    for (path, args) in [
        (SCENARIOS, &["g1_deep_bufwriter"][..]),
        (SCENARIOS, &["i1_immediate_exit_runs_nothing"][..]),
        (SCENARIOS, &["d2_deadline_met_prints_nothing"][..]),
    ] {
        let out = bin(path, args);
        assert_eq!(out.stderr, "", "{out:#?}");
    }
}

#[test]
fn l2_an_exit_is_a_warn_record_before_mains_guard_drops() {
    let out = bin(SCENARIOS, &["l2_logger_sees_an_exit"]);
    let record = format!(
        "LOG WARN exit_policy: shutdown started by exit(2) requested at {}: status 2",
        at("exit", "exit(2)")
    );
    assert_outcome(&out, 2, &lines(&[&record, "dropped main's guard"]), "");
}

#[test]
#[cfg(unix)]
fn l2_a_signal_is_an_info_record() {
    let command = case(SCENARIOS, "l2_logger_sees_a_signal");
    let mut child = Running::start(command);
    child.wait_for("ready");
    child.signal("TERM");
    let (out, _) = child.finish();
    assert_killed(
        &out,
        15,
        &lines(&[
            "ready",
            "LOG INFO exit_policy: shutdown started by SIGTERM: status 143",
            "dropped main's guard",
        ]),
        "",
    );
}

#[test]
fn l2_a_panic_is_an_error_record_naming_it() {
    let out = bin(SCENARIOS, &["l2_logger_sees_a_panic"]);
    let record = format!(
        "LOG ERROR exit_policy: shutdown started by a panic at {} on thread 'worker': status 101",
        at("panic", "panic!")
    );
    assert_eq!(out.status, Some(101), "{out:#?}");
    assert_eq!(
        out.stdout,
        lines(&[&record, "dropped main's guard"]),
        "{out:#?}"
    );
    // std's own panic message is the panic hook's, not the runtime's.
    assert!(out.stderr.contains("the worker's bug"), "{out:#?}");
    assert!(!out.stderr.contains("exit-policy:"), "{out:#?}");
}

#[test]
fn l2_a_line_the_runtime_would_print_goes_to_the_logger_instead() {
    let out = bin(SCENARIOS, &["l2_logger_sees_an_interception"]);
    let exit = format!("exit(1) requested at {}", at("swallowed", "exit(1)"));
    let line = intercepted(1, &at("swallowed", "exit(1)"));
    let line = line.strip_prefix("exit-policy: ").unwrap().trim_end();
    assert_outcome(
        &out,
        1,
        &lines(&[
            &format!("LOG WARN exit_policy: shutdown started by {exit}: status 1"),
            &format!("LOG WARN exit_policy: {line}"),
        ]),
        "",
    );
}

#[test]
fn l2_a_logger_that_drops_the_target_loses_no_line() {
    let out = bin(SCENARIOS, &["l2_logger_filters_the_target"]);
    assert_outcome(&out, 1, "", &intercepted(1, &at("swallowed", "exit(1)")));
}

#[test]
#[cfg(unix)]
fn l2_a_logger_that_blocks_on_the_first_signal_keeps_neither_the_second_signal_nor_its_line() {
    let mut child = Running::start(case(
        SCENARIOS,
        "l2_a_logger_that_blocks_on_the_first_signal",
    ));
    child.wait_for("ready");
    child.signal("TERM");
    child.wait_for_line_starting("logger: taking its lock for: shutdown started by SIGTERM");
    child.signal("TERM");
    let (out, _) = child.finish();
    assert_eq!(out.signal, Some(crate::support::SIGTERM), "{out:#?}");
    assert_eq!(
        out.stderr,
        crate::common::second_signal("SIGTERM"),
        "{out:#?}"
    );
}
