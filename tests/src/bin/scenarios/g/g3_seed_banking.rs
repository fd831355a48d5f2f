//! G3: the seed's Python program, ported. The cleanup runs, the framework's
//! catch-all `catch_unwind` catches the exit and drops it, and the process
//! ends right there with status 1 and one stderr line: the corrupted
//! transaction is never committed.

use std::panic;

use exit_policy::{at_exit, exit, exit_policy, exiting};

/// Python's `finally:` block.
struct Cleanup;

impl Drop for Cleanup {
    fn drop(&mut self) {
        println!("CRITICAL SECURITY WARN: Running post-execution cleanup!");
    }
}

#[exit_policy(graceful)]
fn terminate_securely() {
    let _finally = Cleanup;
    println!("Authenticating transaction...");
    exit(1); // SITE: terminate_securely
}

/// A framework that catches everything "to keep the container alive", like
/// Python's `except BaseException`.
fn framework(transaction: fn()) {
    if let Err(payload) = panic::catch_unwind(transaction) {
        println!("framework: caught it; exiting() = {:?}", exiting());
        drop(payload);
        println!("framework: committing the corrupted transaction");
    }
}

pub fn main() {
    at_exit(|status| println!("hook: status {status}"));
    framework(terminate_securely);
    println!("main: carried on");
}
