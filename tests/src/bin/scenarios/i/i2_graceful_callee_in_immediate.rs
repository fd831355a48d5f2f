//! I2: a graceful callee's exit unwinds the callee (its `Drop`s run) and
//! stops at the immediate function's frame: the caller's `Drop` does not
//! run, the caller's `catch_unwind` never sees it, no hook runs.

use std::panic;

use exit_policy::{at_exit, exit, exit_policy};

struct Guard(&'static str);

impl Drop for Guard {
    fn drop(&mut self) {
        println!("dropped {}", self.0);
    }
}

#[exit_policy(graceful)]
fn validate(amount: i64) -> i64 {
    let _guard = Guard("callee guard");
    if amount < 0 {
        println!("callee: negative amount, exit(6)");
        exit(6);
    }
    amount
}

#[exit_policy(immediate)]
fn transfer(amount: i64) -> i64 {
    validate(amount)
}

fn caller() {
    let _guard = Guard("caller guard");
    let caught = panic::catch_unwind(|| transfer(-5));
    println!("caller: catch_unwind returned {caught:?}");
}

pub fn main() {
    at_exit(|status| println!("hook: status {status}"));
    caller();
    println!("main: carried on");
}
