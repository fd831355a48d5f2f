//! T: annotated tests.

use crate::support::serial;
use exit_policy::{catch_exit, exit, exit_policy, exiting};

/// Parameterless, so in this test build it could be a test: only the test
/// named after it on libtest's thread would make it a boundary (T1).
#[exit_policy(graceful)]
fn bail() -> u16 {
    exit(5)
}

#[test]
fn t1_a_parameterless_helper_called_by_a_test_is_no_boundary() {
    let _serial = serial();
    assert_eq!(catch_exit(bail).unwrap_err().code(), 5);
    assert_eq!(exiting(), None);
}

/// At the crate root of a test crate the test's path is its bare name.
#[exit_policy(graceful)]
#[test]
#[should_panic(expected = "ended this test, which fails it")]
fn t1_an_annotated_test_at_the_crate_root_is_a_boundary() {
    let _serial = serial();
    exit(6);
}
