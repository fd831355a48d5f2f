//! I2 is about exit requests that unwind *into* an immediate frame. An
//! immediate function that is only *entered* while the thread already
//! unwinds (a `Drop` calls it) was never crossed by that unwind: it returns,
//! and the graceful exit goes on (G1, H1).
//!
//! - `i2_immediate_entered_from_a_drop`: a `Drop` during `exit(3)` calls an immediate function; every
//!   other destructor and the hook still run, status 3.
//! - `w2_immediate_future_dropped_by_an_unwind`: inside `catch_exit`, the unwind drops a
//!   `Policy::Immediate.wrap(..)` future; `catch_exit` returns `Err(4)`.

use exit_policy::{Policy, at_exit, catch_exit, exit, exit_policy};

struct Guard(&'static str);

impl Drop for Guard {
    fn drop(&mut self) {
        if self.0 == "inner" {
            audit();
        }
        println!("dropped {}", self.0);
    }
}

#[exit_policy(immediate)]
fn audit() {
    println!("audit returned");
}

pub fn main(mode: &'static str) {
    at_exit(|status| println!("hook {status}"));
    match mode {
        "drop" => {
            let (_outer, _inner) = (Guard("outer"), Guard("inner"));
            exit(3);
        }
        "wrapped-future" => {
            let caught = catch_exit(|| {
                let _task = Policy::Immediate.wrap(async { println!("never polled") });
                exit(4)
            });
            println!("catch_exit gave {:?}", caught.map_err(|e| e.code()));
        }
        other => panic!("unknown mode {other:?}"),
    }
}
