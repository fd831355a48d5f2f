//! B: the program's boundary.

use crate::common::{PLAIN_MAIN, SCENARIOS, assert_outcome, bin, intercepted, lines, site};
use crate::support::{seed, stripped};

#[test]
fn b1_a_fn_main_in_a_submodule_keeps_its_type_and_runs_no_hook() {
    let out = bin(SCENARIOS, &["b1_main_in_submodule"]);
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
