//! B1: the boundary is the program's own `main` at the crate root.

mod b1_main_in_submodule;

use exit_policy_tests::{Case, Run};

/// The cases, by name.
pub(crate) const CASES: &[Case] = &[(
    "b1_main_in_submodule",
    Run::Plain(b1_main_in_submodule::main),
)];
