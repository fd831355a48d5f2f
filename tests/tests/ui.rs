//! Compile-time behaviour of `#[exit_policy]` (A1-A6): what compiles,
//! and the exact diagnostics for what does not. Bless with
//! `TRYBUILD=overwrite cargo test -p exit-policy-tests --test ui`, then read
//! every changed `.stderr` as a user would.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass/*.rs");
    cases.compile_fail("ui/fail/*.rs");
}
