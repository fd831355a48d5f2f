//! Putting a policy in force for a stretch of code: the scope guards an
//! annotated function's body runs under, and the future wrapper that
//! re-enters them on every poll.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::policy::Policy;
use crate::state;
use crate::unwind;

/// Guard for a `graceful` function: restores the caller's policy on the way
/// out, including when unwinding.
#[must_use]
#[derive(Debug)]
pub struct GracefulScope {
    previous: Option<Policy>,
}

impl GracefulScope {
    /// Makes `graceful` the active policy until the guard drops.
    #[inline]
    pub fn enter() -> Self {
        Self {
            previous: state::enter_policy(Some(Policy::Graceful)),
        }
    }
}

impl Drop for GracefulScope {
    #[inline]
    fn drop(&mut self) {
        state::enter_policy(self.previous);
    }
}

/// Guard for an `immediate` function: restores the caller's policy, and ends
/// the process if an exit request unwinds into this frame (I2).
#[must_use]
#[derive(Debug)]
pub struct ImmediateScope {
    previous: Option<Policy>,
}

impl ImmediateScope {
    /// Makes `immediate` the active policy until the guard drops.
    #[inline]
    pub fn enter() -> Self {
        Self {
            previous: state::enter_policy(Some(Policy::Immediate)),
        }
    }
}

impl Drop for ImmediateScope {
    #[inline]
    fn drop(&mut self) {
        state::enter_policy(self.previous);
        // One relaxed load of std's global panic count on the happy path.
        if std::thread::panicking() {
            unwind::reached_immediate_frame();
        }
    }
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
