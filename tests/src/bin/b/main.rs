//! B1: the boundary is the program's own `main` at the crate root.
//!
//! Run as `b CASE [ARGS]`: each case is a module's `main`, and
//! `CASES` names them. Its `main` is annotated, so it is each case's
//! boundary: a case's own `main` runs under it.

mod b1_main_in_submodule;

use exit_policy_tests::Case;

/// The cases, by name.
const CASES: &[Case<()>] = &[("b1_main_in_submodule", b1_main_in_submodule::main)];

#[exit_policy::exit_policy(graceful)]
fn main() {
    exit_policy_tests::run_case(CASES);
}
