//! G6: the first exit request fixes the status. A `Drop` that asks for
//! another exit while the thread unwinds for `exit(3)` can't start a second
//! unwind: the process ends at once with 3 (no abort) and one stderr line
//! names both requests. The cases: `g6_exit_in_drop` (the `Drop` calls `exit(4)`),
//! `g6_exit_now_in_drop` (it calls `exit_now(4)`), `g6_exit_in_drop_during_a_panic` (the thread is unwinding
//! for a panic, not an exit, when the `Drop` calls `exit(4)`), and
//! `g6_exit_in_drop_hook_mid_unwind` (as `g6_exit_in_drop`, plus a hook that asks for `exit(9)` while
//! the hooks run inside that `Drop`), and `g6_exit_now_same_code_in_drop` (the `Drop` calls
//! `exit_now(3)`, the code already in flight: nothing to report), and
//! `g6_exit_in_drop_during_a_panic_after_catch` (as `g6_exit_in_drop_during_a_panic`, after `catch_exit` caught an `exit(5)`
//! on this thread: that exit is no longer what the thread unwinds for),
//! and `g6_exit_in_drop_inside_catch_exit` and
//! `g6_exit_now_in_drop_inside_catch_exit` (as `g6_exit_in_drop` and
//! `g6_exit_now_in_drop`, with `work` inside `catch_exit`, so `exit(3)` is
//! the thread's alone (G4) when the `Drop` asks: it came first all the
//! same).

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
        if self.0.starts_with("exit-now") {
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

pub fn main(mode: &'static str) {
    at_exit(|status| println!("hook: status {status}"));
    if mode == "hook-mid-unwind" {
        // The hooks run from the `Drop` below, mid-unwind: an exit from a
        // hook is still ignored, and the hook above still runs.
        at_exit(|_| exit(9)); // SITE: hook exit
    }
    if mode == "panic-after-catch" {
        assert!(catch_exit(|| exit(5)).is_err());
    }
    let _outer = Outer;
    if let Some(mode) = mode.strip_suffix("-inside-catch-exit") {
        let caught = catch_exit(|| work(mode));
        println!("caught {caught:?}");
        return;
    }
    work(mode);
}
