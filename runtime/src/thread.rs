//! What each thread knows about the exit it may be unwinding for, and
//! whether the main thread has a boundary. Only the exit path writes it;
//! the happy path never reads it, except the one counter an immediate frame
//! notes on entry.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use crate::request::{Exit, RequestId};

thread_local! {
    /// The request this thread is unwinding for, as it last knew. It goes
    /// stale when a foreign `catch_unwind` takes the payload away, which is
    /// why `UNWINDS` exists.
    static UNWINDING: Cell<Option<(RequestId, Exit)>> = const { Cell::new(None) };
    /// How many exit unwinds this thread has started. An immediate frame
    /// notes it on entry: only an unwind started after that crossed the
    /// frame (I2); one that was under way when the frame was entered (a
    /// `Drop` calling it), or that a `catch_unwind` ended before, did not.
    static UNWINDS: Cell<u32> = const { Cell::new(0) };
    /// This thread's key for the state machine; 0 until it needs one.
    static KEY: Cell<u64> = const { Cell::new(0) };
    /// Tells the shutdown when this thread is gone, once it has unwound for
    /// an exit (registered on the first such unwind).
    static GONE: Gone = const { Gone(Cell::new(None)) };
}

/// The number the next thread's key gets.
static NEXT_KEY: AtomicU64 = AtomicU64::new(1);

/// Set when an annotated `main` starts: the main thread has a boundary.
static MAIN_BOUNDARY: AtomicBool = AtomicBool::new(false);

/// An annotated `main` started: the main thread has a boundary.
pub(crate) fn mark_main_boundary() {
    MAIN_BOUNDARY.store(true, Ordering::Relaxed);
}

/// Whether an annotated `main` is the main thread's boundary.
pub(crate) fn main_has_boundary() -> bool {
    MAIN_BOUNDARY.load(Ordering::Relaxed)
}

/// This thread's number for the shutdown's state machine (its
/// `ThreadKey`): unique in the process, never 0.
pub(crate) fn key() -> u64 {
    let key = KEY.get();
    if key != 0 {
        return key;
    }
    let key = NEXT_KEY.fetch_add(1, Ordering::Relaxed);
    KEY.set(key);
    key
}

/// This thread starts unwinding for `request`. `on_gone` is called with
/// its key when the thread ends, so that a boundary waiting for this unwind
/// stops waiting.
pub(crate) fn start_unwinding(request: (RequestId, Exit), on_gone: fn(u64)) {
    UNWINDING.set(Some(request));
    UNWINDS.set(UNWINDS.get().wrapping_add(1));
    // Registering a thread-local with a destructor allocates once per
    // thread; this is the exit path. During thread teardown it may be
    // gone already, and then there is nothing to wait for.
    let _ = GONE.try_with(|gone| gone.0.set(Some(on_gone)));
}

/// The request this thread was unwinding for is no longer its business:
/// caught here, or handed back.
pub(crate) fn stop_unwinding() {
    UNWINDING.set(None);
}

/// The request this thread is unwinding for, if it knows of one.
pub(crate) fn unwinding() -> Option<(RequestId, Exit)> {
    UNWINDING.get()
}

/// How many exit unwinds this thread has started: one thread-local load.
#[inline]
pub(crate) fn unwinds() -> u32 {
    UNWINDS.get()
}

/// Calls the shutdown back when the thread ends.
struct Gone(Cell<Option<fn(u64)>>);

impl Drop for Gone {
    fn drop(&mut self) {
        if let Some(on_gone) = self.0.take() {
            on_gone(KEY.try_with(Cell::get).unwrap_or(0));
        }
    }
}
