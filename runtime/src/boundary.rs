//! The program's boundary: an annotated `main`, where a graceful exit that
//! unwound every frame ends the process, and where the hooks run when
//! `main` returns.

use std::any::Any;
use std::panic::{self, AssertUnwindSafe};
use std::process::{ExitCode, Termination};

use crate::end;
use crate::policy::Policy;
use crate::request::Request;
use crate::shutdown;
use crate::state;
use crate::unwind;

/// Runs `main`'s body under `policy`, ends a graceful exit that reaches it,
/// runs the `at_exit` hooks, and reports the body's return value as `main`
/// would (G2, H1).
pub fn main<T: Termination>(policy: Policy, body: impl FnOnce() -> T) -> ExitCode {
    state::mark_main_boundary();
    let previous = state::enter_policy(Some(policy));
    let outcome = panic::catch_unwind(AssertUnwindSafe(body));
    state::enter_policy(previous);
    match outcome {
        Ok(value) => {
            if let Some(first) = state::first() {
                // A shutdown is under way (another thread's exit, a handled
                // signal): the first request fixes the status, not main's
                // return (G6, S5).
                end::graceful(first);
            }
            let code = value.report();
            end::run_hooks(status_of(code));
            code
        }
        Err(payload) => unwound(policy, payload),
    }
}

#[cold]
fn unwound(policy: Policy, mut payload: Box<dyn Any + Send>) -> ! {
    if let Some(request) = payload.downcast_mut::<Request>() {
        let first = shutdown::start(unwind::take(request));
        match policy {
            Policy::Graceful => end::graceful(first),
            Policy::Immediate => end::immediate(first),
        }
    }
    if let Some(first) = state::first() {
        // Another thread's exit is in flight, and main's panic is likely its
        // consequence (a channel it closed): the exit fixes the status (G6).
        end::graceful(first);
    }
    // An ordinary panic: its message is already printed; std reports 101.
    end::run_hooks(101);
    panic::resume_unwind(payload)
}

/// `ExitCode` hides its number; find it by comparison (exit path only).
fn status_of(code: ExitCode) -> i32 {
    (0..=u8::MAX)
        .find(|&n| ExitCode::from(n) == code)
        .map_or(1, i32::from)
}
