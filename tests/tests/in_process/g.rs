//! G: graceful exits.

use crate::support::{log, serial, take_log};
use exit_policy::{catch_exit, exit, exit_policy, exiting, resume_if_exit};
use std::panic;

impl Drop for Probe {
    fn drop(&mut self) {
        log(format!("{} dropped; exiting() = {:?}", self.0, exiting()));
    }
}

/// Records its name and what `exiting()` said when it was dropped.
struct Probe(&'static str);

#[exit_policy(graceful)]
fn parse_port(arg: &str) -> u16 {
    arg.parse().unwrap_or_else(|_| exit(2))
}

#[test]
fn g4_catch_exit_returns_ok_when_nothing_exits() {
    let _serial = serial();
    assert_eq!(catch_exit(|| parse_port("8080")), Ok(8080));
    assert_eq!(exiting(), None);
}

#[test]
fn g4_catch_exit_returns_the_exit_and_the_test_goes_on() {
    let _serial = serial();
    let (caught, line) = (catch_exit(|| parse_port("http")), line!());
    let exit = caught.expect_err("parse_port exits on a bad port");
    assert_eq!(exit.code(), 2);
    // The location is that of the `exit` call, inside `parse_port`.
    assert_eq!(exit.location().file(), file!());
    assert!(exit.location().line() < line);
    assert_eq!(
        exit.to_string(),
        format!("exit(2) requested at {}", exit.location())
    );
    assert!(format!("{exit:?}").starts_with("Exit { code: 2, location: "));
    assert_eq!(exiting(), None);
}

#[test]
fn g4_drops_run_innermost_first_and_see_exiting() {
    let _serial = serial();
    take_log();
    assert_eq!(exiting(), None);
    let caught = catch_exit(|| {
        let _outer = Probe("outer");
        let _inner = Probe("inner");
        exit(3)
    });
    assert_eq!(caught.map_err(|exit| exit.code()), Err(3));
    assert_eq!(
        take_log(),
        [
            "inner dropped; exiting() = Some(3)",
            "outer dropped; exiting() = Some(3)"
        ]
    );
    assert_eq!(exiting(), None, "catch_exit ends the exit in progress");
}

#[test]
fn g4_exit_zero_is_caught_like_any_other_code() {
    let _serial = serial();
    assert_eq!(catch_exit(|| exit(0)).map_err(|exit| exit.code()), Err(0));
}

#[test]
fn g5_ordinary_panics_pass_through_catch_exit() {
    let _serial = serial();
    let outcome = panic::catch_unwind(|| catch_exit(|| panic!("not an exit")));
    let payload = outcome.expect_err("the panic goes through");
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"not an exit"));
    assert_eq!(exiting(), None);
}

#[test]
fn g4_a_resumed_exit_reaches_the_outer_catch_exit() {
    let _serial = serial();
    let outer = catch_exit(|| {
        let inner = catch_exit(|| exit(4)).unwrap_err();
        assert_eq!(exiting(), None);
        inner.resume()
    });
    assert_eq!(outer.map_err(|exit| exit.code()), Err(4));
    assert_eq!(exiting(), None);
}

#[test]
fn g4_a_worker_exit_resumed_after_join_is_caught_on_this_thread() {
    let _serial = serial();
    let mut seen_after_join = None;
    let caught = catch_exit(|| {
        let joined = std::thread::spawn(|| parse_port("http")).join();
        // No assertion here: a panic now would drop the armed request (G3).
        seen_after_join = exiting();
        match joined {
            Ok(port) => port,
            Err(payload) => panic::resume_unwind(resume_if_exit(payload)),
        }
    });
    assert_eq!(caught.map_err(|exit| exit.code()), Err(2));
    assert_eq!(
        seen_after_join,
        Some(2),
        "the worker's exit was in progress"
    );
    assert_eq!(exiting(), None);
}
