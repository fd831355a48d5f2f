//! L1: with `EXIT_POLICY_TRACE=1`, every end this crate drives prints one
//! line on stderr: how it ended, the status, the request and where it was
//! made, the thread, and how long the shutdown took. Without the variable
//! the other tests' exact stderr shows nothing extra; the test boundary's
//! line is checked in `test_boundary.rs`.

// The helpers of the Unix signal tests are unused where those are compiled
// out (the Windows lane).
#![cfg_attr(not(unix), allow(unused))]

mod common;

use std::time::Duration;

use common::{D, G, I, PLAIN_MAIN, Running, S, bin, case, run, scenario, site};

/// Runs a scenario binary with the variable set.
fn traced(path: &str, args: &[&str]) -> common::Outcome {
    let mut command = scenario(path);
    command.args(args).env("EXIT_POLICY_TRACE", "1");
    run(command)
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

fn line(what: &str, status: i32, request: &str, thread: &str) -> String {
    format!(
        "exit-policy: trace: {what}, status {status}: {request}, on thread '{thread}', T after the \
         request"
    )
}

#[test]
fn l1_a_graceful_end() {
    let out = traced(G, &["g1_deep_bufwriter"]);
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
    let out = traced(I, &["i1_immediate_exit_runs_nothing"]);
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
    let out = traced(G, &["g3_seed_banking"]);
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

fn traced_running(program: &str, name: &str) -> Running {
    let mut command = case(program, name);
    command.env("EXIT_POLICY_TRACE", "1");
    Running::start(command)
}

#[test]
#[cfg(unix)]
fn l1_a_signal() {
    let mut child = traced_running(S, "s1_sigterm_stops_a_checkpoint_loop");
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
    let mut child = traced_running(S, "s4_two_signals");
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

#[test]
fn l1_a_deadline() {
    let out = traced(D, &["d1_deadline_cuts_a_hanging_drop"]);
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
        [line(
            "immediate end at the deadline",
            4,
            &format!("exit(4) requested at {at}"),
            "exit-policy-deadline"
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
        let mut command = case(G, "g1_deep_bufwriter");
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
        (G, &["g1_deep_bufwriter"][..]),
        (I, &["i1_immediate_exit_runs_nothing"][..]),
        (D, &["d2_deadline_met_prints_nothing"][..]),
    ] {
        let out = bin(path, args);
        assert_eq!(out.stderr, "", "{out:#?}");
    }
}
