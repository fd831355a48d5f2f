//! A security check whose exit nothing may delay, observe or stop:
//! `#[exit_policy(immediate)]`, the `os._exit` of this crate.
//!
//! The check runs inside a catch-all `catch_unwind`, with a `Drop` guard, a
//! panic hook and an `at_exit` hook all in place. When the token is
//! tampered with, `exit(77)` ends the process at once: none of them runs,
//! so none of the lines marked "MUST NOT APPEAR" is printed.
//!
//! ```sh
//! cargo run -p exit-policy --example security_check                 # tampered: exits with 77
//! cargo run -p exit-policy --example security_check -- signed:ok    # valid: exits with 0
//! ```

use std::panic::{self, AssertUnwindSafe};

use exit_policy::{at_exit, exit, exit_policy};

#[exit_policy(graceful)]
fn main() {
    let token = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "tampered:0xdead".to_owned());
    println!("security_check: verifying `{token}` under #[exit_policy(immediate)]");
    println!("security_check: a Drop guard, a catch-all, a panic hook and an at_exit hook are set");

    at_exit(|status| {
        println!("at_exit: hook ran, status {status} (MUST NOT APPEAR on a failed check)");
    });
    panic::set_hook(Box::new(|_| println!("panic hook: ran (MUST NOT APPEAR)")));
    let _session = Session;

    // A framework's catch-all, like Python's `except BaseException`.
    match panic::catch_unwind(AssertUnwindSafe(|| verify(&token))) {
        Ok(()) => println!("security_check: `{token}` is valid"),
        Err(_) => println!("catch-all: intercepted the exit (MUST NOT APPEAR)"),
    }
}

/// Ends the process with 77 if `token` is not signed. Nothing the caller set
/// up runs after that.
#[exit_policy(immediate)]
fn verify(token: &str) {
    let _pending = PendingAudit;
    if !token.starts_with("signed:") {
        println!("verify: `{token}` is not signed: exit(77), and nothing else runs");
        exit(77);
    }
}

/// Stands for state that must not be written out after a failed check.
struct Session;

impl Drop for Session {
    fn drop(&mut self) {
        println!("session: saved (a Drop; MUST NOT APPEAR on a failed check)");
    }
}

struct PendingAudit;

impl Drop for PendingAudit {
    fn drop(&mut self) {
        println!("audit: flushed (a Drop; MUST NOT APPEAR on a failed check)");
    }
}
