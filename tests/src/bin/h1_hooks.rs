//! H1: `at_exit` hooks run last-registered first, each once, on every
//! orderly end, and never on an immediate one. The mode picks the end:
//! `exit` (graceful `exit(3)`), `return-ok`, `return-err` (status 1 from
//! `main`'s `Result`), `panic` (101), `exit-now` (no hook), and
//! `panicking-hook` (the middle hook panics: reported, the rest run, the
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

#[exit_policy(graceful)]
fn main() -> Result<(), String> {
    let mode = std::env::args().nth(1).unwrap_or_default();
    at_exit(|status| println!("hook registered first: status {status}"));
    if mode == "panicking-hook" {
        at_exit(|_| panic!("hook failed")); // SITE: hook panic
    } else {
        at_exit(|status| println!("hook registered second: status {status}"));
    }
    at_exit(|status| println!("hook registered third: status {status}"));
    println!("main: {mode}");
    finish(&mode)?;
    println!("main: returning Ok");
    Ok(())
}
