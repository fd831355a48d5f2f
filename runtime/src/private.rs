//! What the attribute expands to. Not public API: no stability promise.

use std::any::Any;
use std::future::Future;
use std::panic::{self, AssertUnwindSafe};
use std::pin::Pin;
use std::process::{ExitCode, Termination};
use std::task::{Context, Poll};

use crate::policy::{self, GRACEFUL, IMMEDIATE, Policy};
use crate::request::{self, Request};
use crate::{hooks, latch, terminate};

pub use crate::policy::Policy::{Graceful, Immediate};

/// Guard for a `graceful` function: restores the caller's policy on the way
/// out, including when unwinding.
#[must_use]
#[derive(Debug)]
pub struct GracefulScope {
    previous: u8,
}

impl GracefulScope {
    /// Makes `graceful` the active policy until the guard drops.
    #[inline]
    pub fn enter() -> Self {
        Self {
            previous: policy::replace(GRACEFUL),
        }
    }
}

impl Drop for GracefulScope {
    #[inline]
    fn drop(&mut self) {
        policy::restore(self.previous);
    }
}

/// Guard for an `immediate` function: restores the caller's policy, and ends
/// the process if an exit request unwinds into this frame (SPEC I2).
#[must_use]
#[derive(Debug)]
pub struct ImmediateScope {
    previous: u8,
}

impl ImmediateScope {
    /// Makes `immediate` the active policy until the guard drops.
    #[inline]
    pub fn enter() -> Self {
        Self {
            previous: policy::replace(IMMEDIATE),
        }
    }
}

impl Drop for ImmediateScope {
    #[inline]
    fn drop(&mut self) {
        policy::restore(self.previous);
        // One relaxed load of std's global panic count on the happy path.
        if std::thread::panicking() {
            request::reached_immediate_frame();
        }
    }
}

/// The boundary of an annotated `main` (SPEC G2): runs the body under
/// `policy`, ends a graceful exit that reaches it, runs the `at_exit` hooks,
/// and reports the body's return value as `main` would.
pub fn main<T: Termination>(policy: Policy, body: impl FnOnce() -> T) -> ExitCode {
    terminate::mark_main_boundary();
    let previous = policy::replace(policy::encode(policy));
    let outcome = panic::catch_unwind(AssertUnwindSafe(body));
    policy::restore(previous);
    match outcome {
        Ok(value) => {
            if let Some(code) = latch::code() {
                // Another thread's exit is still in flight: the first
                // request fixes the status, not main's return (SPEC G6).
                terminate::graceful(code);
            }
            let code = value.report();
            hooks::run(status_of(code));
            code
        }
        Err(payload) => main_unwound(policy, payload),
    }
}

#[cold]
fn main_unwound(policy: Policy, mut payload: Box<dyn Any + Send>) -> ! {
    if let Some(request) = payload.downcast_mut::<Request>() {
        let first = latch::claim(request.disarm());
        match policy {
            Policy::Graceful => terminate::graceful(first.code),
            Policy::Immediate => terminate::immediate(first.code),
        }
    }
    if let Some(code) = latch::code() {
        // Another thread's exit is in flight, and main's panic is likely its
        // consequence (a channel it closed): the exit fixes the status (G6).
        terminate::graceful(code);
    }
    // An ordinary panic: its message is already printed; std reports 101.
    hooks::run(101);
    panic::resume_unwind(payload)
}

/// `ExitCode` hides its number; find it by comparison (exit path only).
fn status_of(code: ExitCode) -> i32 {
    (0..=u8::MAX)
        .find(|&n| ExitCode::from(n) == code)
        .map_or(1, i32::from)
}

/// Runs an `async fn` body under `policy`, re-entered on every poll, so the
/// policy survives `.await` points and moves between executor threads. The
/// body is pinned in the caller's own future (`core::pin::pin!`): no heap
/// allocation, per call or per poll.
#[must_use = "futures do nothing unless polled"]
#[derive(Debug)]
pub struct Scoped<'a, F> {
    policy: Policy,
    body: Pin<&'a mut F>,
}

impl<'a, F: Future> Scoped<'a, F> {
    /// Wraps `body`, pinned by the caller.
    #[inline]
    pub fn new(policy: Policy, body: Pin<&'a mut F>) -> Self {
        Self { policy, body }
    }
}

impl<F: Future> Future for Scoped<'_, F> {
    type Output = F::Output;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.get_mut();
        match this.policy {
            Policy::Graceful => {
                let _scope = GracefulScope::enter();
                this.body.as_mut().poll(cx)
            }
            Policy::Immediate => {
                let _scope = ImmediateScope::enter();
                this.body.as_mut().poll(cx)
            }
        }
    }
}
