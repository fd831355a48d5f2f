//! G6: the first exit request fixes the status. A `Drop` that asks for
//! another exit while the thread unwinds for `exit(3)` can't start a second
//! unwind: the process ends at once with 3 (no abort) and one stderr line
//! names both requests. Modes: `exit` (the `Drop` calls `exit(4)`),
//! `exit-now` (it calls `exit_now(4)`), `panic` (the thread is unwinding
//! for a panic, not an exit, when the `Drop` calls `exit(4)`), and
//! `hook-mid-unwind` (as `exit`, plus a hook that asks for `exit(9)` while
//! the hooks run inside that `Drop`), and `exit-now-same` (the `Drop` calls
//! `exit_now(3)`, the code already in flight: nothing to report), and
//! `panic-after-catch` (as `panic`, after `catch_exit` caught an `exit(5)`
//! on this thread: that exit is no longer what the thread unwinds for).

use exit_policy::{at_exit, catch_exit, exit, exit_now, exit_policy};

struct Outer;

impl Drop for Outer {
    fn drop(&mut self) {
        println!("outer guard dropped");
    }
}

/// Asks for a second exit from its destructor.
struct Stubborn<'a>(&'a str);

impl Drop for Stubborn<'_> {
    fn drop(&mut self) {
        if self.0 == "exit-now-same" {
            println!("stubborn guard: asking for exit_now 3");
            exit_now(3);
        }
        println!("stubborn guard: asking for exit 4");
        if self.0 == "exit-now" {
            exit_now(4); // SITE: second exit_now
        }
        exit(4); // SITE: second exit
    }
}

#[exit_policy(graceful)]
fn work(mode: &str) {
    let _stubborn = Stubborn(mode);
    assert!(!mode.starts_with("panic"), "first a panic"); // SITE: panic
    exit(3); // SITE: first exit
}

#[exit_policy(graceful)]
fn main() {
    at_exit(|status| println!("hook: status {status}"));
    let mode = std::env::args().nth(1).unwrap_or_default();
    if mode == "hook-mid-unwind" {
        // The hooks run from the `Drop` below, mid-unwind: an exit from a
        // hook is still ignored, and the hook above still runs.
        at_exit(|_| exit(9)); // SITE: hook exit
    }
    if mode == "panic-after-catch" {
        assert!(catch_exit(|| exit(5)).is_err());
    }
    let _outer = Outer;
    work(&mode);
}
