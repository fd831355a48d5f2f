//! The process-wide latch: the first exit request in flight fixes the status
//! (SPEC G6). Readers (`exiting`) need one atomic load; only requests, which
//! are off the happy path, take the small lock that also keeps the location.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::Exit;

/// The latched request; the lock is held only for a compare and a copy.
static FIRST: Mutex<Option<Exit>> = Mutex::new(None);
/// A copy of the latched code for lock-free readers; `NONE` when unlatched.
static CODE: AtomicI64 = AtomicI64::new(NONE);

/// Outside the `i32` range, so it can't collide with a code.
const NONE: i64 = i64::MIN;

fn first() -> MutexGuard<'static, Option<Exit>> {
    // Nothing panics while the lock is held, but never let a poisoned lock
    // stop an exit.
    FIRST.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Latches `request` unless another request is already latched, and returns
/// the request that fixes the status: `request` itself or the earlier one.
pub(crate) fn claim(request: Exit) -> Exit {
    let mut first = first();
    if let Some(earlier) = *first {
        return earlier;
    }
    *first = Some(request);
    CODE.store(i64::from(request.code), Ordering::Release);
    request
}

/// The latched request, if any.
pub(crate) fn first_request() -> Option<Exit> {
    *first()
}

/// The latched request's code, if any.
pub(crate) fn code() -> Option<i32> {
    i32::try_from(CODE.load(Ordering::Acquire)).ok()
}

/// Clears the latch if it still holds `request`: `catch_exit` ended it.
pub(crate) fn release(request: Exit) {
    let mut first = first();
    if *first == Some(request) {
        *first = None;
        CODE.store(NONE, Ordering::Release);
    }
}
