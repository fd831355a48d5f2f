//! The guards an annotated function's body runs under: each puts its
//! policy in force and restores the caller's on the way out, also when
//! unwinding. The immediate one also stops an exit request that unwinds
//! into its frame (I2). What the attribute's expansion, `Policy::in_scope`
//! and `WithPolicy` use; not public API.

use crate::lines::How;
use crate::policy::{self, Policy};
use crate::shutdown;
use crate::thread;

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
            previous: policy::enter(Some(Policy::Graceful)),
        }
    }
}

impl Drop for GracefulScope {
    #[inline]
    fn drop(&mut self) {
        policy::enter(self.previous);
    }
}

/// Guard for an `immediate` function: restores the caller's policy, and ends
/// the process if an exit request unwinds into this frame (I2).
#[must_use]
#[derive(Debug)]
pub struct ImmediateScope {
    previous: Option<Policy>,
    /// How many exit unwinds this thread had started when the frame was
    /// entered: only one started since then can have crossed it.
    unwinds: u32,
}

impl ImmediateScope {
    /// Makes `immediate` the active policy until the guard drops.
    #[inline]
    pub fn enter() -> Self {
        Self {
            previous: policy::enter(Some(Policy::Immediate)),
            unwinds: thread::unwinds(),
        }
    }
}

impl Drop for ImmediateScope {
    #[inline]
    fn drop(&mut self) {
        policy::enter(self.previous);
        // One relaxed load of std's global panic count on the happy path.
        if std::thread::panicking() {
            reached(self.unwinds);
        }
    }
}

/// An unwind reached an immediate function's frame. If it is an exit
/// request that unwound into it, it goes no further (I2): the process ends
/// now. Panics pass through (I3), and so does an unwind that was already
/// under way when the frame was entered (a `Drop` that called it): that
/// unwind never crossed the frame.
#[cold]
fn reached(unwinds_at_entry: u32) {
    if thread::unwinds() == unwinds_at_entry {
        return;
    }
    // This thread's own exit (G4), or the process's: the shutdown knows
    // whether this thread still unwinds for it, or handed it away since
    // (then this is a panic).
    let cause = match thread::local_exit() {
        Some(exit) => Some(shutdown::immediate_requested(exit)),
        None => shutdown::unwound_into_immediate(),
    };
    if let Some(cause) = cause {
        shutdown::end_at_once(cause, How::Immediate);
    }
}
