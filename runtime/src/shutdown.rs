//! The start of a shutdown, and the futures that wait for one.
//!
//! Every graceful request and every first handled signal goes through
//! [`start`]: the first one latches the status and starts the shutdown,
//! which wakes the `exit_requested()` futures and arms the deadline.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::deadline;
use crate::request::Exit;
use crate::state;

/// A request is made: returns the request that fixes the status, and if
/// `request` is the one that starts the shutdown, wakes whoever waits for
/// it and arms the deadline.
pub(crate) fn start(request: Exit) -> Exit {
    let (first, started) = state::claim(request);
    if started {
        for (_, waker) in state::take_waiting() {
            waker.wake();
        }
        deadline::arm();
    }
    first
}

/// Completes with the shutdown's code once one is under way (S3). It waits
/// by leaving its waker with the shutdown state, never by holding a thread.
#[derive(Debug, Default)]
pub(crate) struct ExitRequested {
    /// The number its waker is kept under, once it has waited.
    waiter: Option<u64>,
}

impl Future for ExitRequested {
    type Output = i32;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<i32> {
        if let Some(code) = state::exiting() {
            return Poll::Ready(code);
        }
        let waiter = *self.waiter.get_or_insert_with(state::new_waiter);
        match state::exiting_or_wait(waiter, cx.waker()) {
            Some(code) => Poll::Ready(code),
            None => Poll::Pending,
        }
    }
}

impl Drop for ExitRequested {
    fn drop(&mut self) {
        if let Some(waiter) = self.waiter {
            state::stop_waiting(waiter);
        }
    }
}
