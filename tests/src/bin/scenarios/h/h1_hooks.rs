//! H1: `at_exit` hooks run last-registered first, each once, on every
//! orderly end, and never on an immediate one. The cases pick the end:
//! `h1_hooks_on_exit` (graceful `exit(3)`), `h1_hooks_on_return_ok`, `h1_hooks_on_return_err` (status 1 from
//! `main`'s `Result`), `h1_hooks_on_panic` (101), `h1_no_hooks_on_exit_now` (no hook), and
//! `h1_panicking_hook` (the middle hook panics: reported, the rest run, the
//! status stays 3).

use exit_policy::{at_exit, exit, exit_now, exit_policy};

#[exit_policy(graceful)]
fn finish(mode: &str) -> Result<(), String> {
    match mode {
        "exit" | "panicking-hook" => exit(3),
        "exit-now" => exit_now(3),
        "panic" => panic!("books do not balance"), // SITE: panic
        "return-err" => Err("ledger closed".to_owned()),
        _ => Ok(()),
    }
}

pub fn main(mode: &'static str) -> Result<(), String> {
    at_exit(|status| println!("hook registered first: status {status}"));
    if mode == "panicking-hook" {
        at_exit(|_| panic!("hook failed")); // SITE: hook panic
    } else {
        at_exit(|status| println!("hook registered second: status {status}"));
    }
    at_exit(|status| println!("hook registered third: status {status}"));
    println!("main: {mode}");
    finish(mode)?;
    println!("main: returning Ok");
    Ok(())
}
