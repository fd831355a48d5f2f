//! G5: an ordinary panic crossing annotated functions is unchanged: same
//! message on stderr, status 101; every `Drop` on the way runs, and the
//! `at_exit` hooks run with 101 (H1).

use exit_policy::{at_exit, exit_policy};

struct Guard(&'static str);

impl Drop for Guard {
    fn drop(&mut self) {
        println!("dropped {}", self.0);
    }
}

#[exit_policy(immediate)]
fn check(balance: i64) {
    let _guard = Guard("immediate frame");
    assert!(balance >= 0, "ledger corrupted: balance {balance}"); // SITE: panic
}

#[exit_policy(graceful)]
fn settle(balance: i64) {
    let _guard = Guard("graceful frame");
    check(balance);
}

pub fn main() {
    at_exit(|status| println!("hook: status {status}"));
    let _guard = Guard("main frame");
    settle(-3);
    println!("not reached");
}
