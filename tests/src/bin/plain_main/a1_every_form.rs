//! A1 at run time: the attribute on an `impl` block (methods and associated
//! functions), a trait default method, an inline `mod` with a trait, a
//! generic function, a `Result` function using `?`, an `impl Trait`
//! return, an `unsafe fn`, a `mut` parameter with an early `return`, and a
//! `!` function. Each reports its policy and behaves as without the
//! attribute; the `!` function's `exit(7)` unwinds through several of them,
//! dropping each frame's guard innermost first.

#![allow(unsafe_code)] // one `unsafe fn`, to show the attribute accepts it

use std::num::ParseIntError;

use exit_policy::{Policy, current_policy, exit, exit_policy};

struct Guard(&'static str);

impl Drop for Guard {
    fn drop(&mut self) {
        println!("dropped {}", self.0);
    }
}

struct Account {
    balance: i64,
}

#[exit_policy(graceful)]
impl Account {
    fn open(balance: i64) -> Self {
        println!("associated fn: {:?}", current_policy());
        Self { balance }
    }

    fn withdraw(&mut self, amount: &str) -> Result<i64, ParseIntError> {
        println!("method: {:?}", current_policy());
        self.balance -= parse(amount)?;
        Ok(self.balance)
    }

    // A method that takes `self` only to show the form; clippy says so, as
    // it would without the attribute.
    #[allow(clippy::unused_self)]
    #[exit_policy(immediate)]
    fn own_policy(&self) -> Option<Policy> {
        current_policy()
    }
}

trait Audit {
    #[exit_policy(immediate)]
    fn audit(&self) -> Option<Policy> {
        current_policy()
    }
}

impl Audit for Account {}

#[exit_policy(graceful)]
mod ledger {
    use exit_policy::{Policy, current_policy};

    pub trait Report {
        fn report(&self) -> Option<Policy> {
            current_policy()
        }
    }

    pub fn in_module() -> Option<Policy> {
        current_policy()
    }
}

impl ledger::Report for Account {}

#[exit_policy(graceful)]
fn parse(amount: &str) -> Result<i64, ParseIntError> {
    let value = amount.parse::<i64>()?;
    Ok(value)
}

#[exit_policy(graceful)]
fn countdown(mut n: u32) -> u32 {
    if n == 0 {
        return 99;
    }
    while n > 1 {
        n -= 1;
    }
    n
}

#[exit_policy(graceful)]
fn largest<T: PartialOrd + Copy>(items: &[T]) -> T {
    let mut best = items[0];
    for &item in items {
        if item > best {
            best = item;
        }
    }
    best
}

#[exit_policy(immediate)]
fn evens(limit: u32) -> impl Iterator<Item = u32> {
    println!("impl Trait: {:?}", current_policy());
    (0..limit).filter(|n| n % 2 == 0)
}

/// # Safety
/// `balance` must point to a live `i64`.
#[exit_policy(graceful)]
unsafe fn read_raw(balance: *const i64) -> i64 {
    println!("unsafe fn: {:?}", current_policy());
    // SAFETY: the caller passes a live `i64`.
    unsafe { *balance }
}

#[exit_policy(graceful)]
fn close(code: i32) -> ! {
    let _guard = Guard("never-returning fn");
    println!("never-returning fn: {:?}", current_policy());
    exit(code);
}

#[exit_policy(graceful)]
impl Drop for Account {
    fn drop(&mut self) {
        println!(
            "account dropped: balance {}, {:?}",
            self.balance,
            current_policy()
        );
    }
}

#[exit_policy(graceful)]
fn generic_close<T: std::fmt::Debug>(reason: T) -> ! {
    let _guard = Guard("generic fn");
    println!("generic: closing because {reason:?}");
    close(7)
}

pub fn main() {
    let mut account = Account::open(100);
    println!("withdraw 30: {:?}", account.withdraw("30"));
    println!("withdraw x: {:?}", account.withdraw("x").is_err());
    println!("own policy in impl: {:?}", account.own_policy());
    println!("trait default: {:?}", account.audit());
    println!("mod trait default: {:?}", ledger::Report::report(&account));
    println!("mod fn: {:?}", ledger::in_module());
    println!("mut param, early return: {} {}", countdown(0), countdown(5));
    println!("generic: {}", largest(&[3, 9, 4]));
    println!("evens: {:?}", evens(7).collect::<Vec<_>>());
    // SAFETY: `account.balance` is a live `i64`.
    println!("raw: {}", unsafe { read_raw(&raw const account.balance) });
    println!("main: {:?}", current_policy());
    generic_close("end of day");
}
