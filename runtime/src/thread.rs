//! What one thread knows about the exits it takes part in: its key for the
//! state machine, how many exit unwinds it started (for immediate frames),
//! how many `catch_exit`es it runs inside, the exit that is its alone while
//! it unwinds to one of them (G4), and whether its body has ended (its
//! thread-local destructors run). Only the exit path writes any of it; the
//! happy path never reads it, except the one counter an immediate frame
//! notes on entry and the one cell `exiting()` reads when nothing is
//! shutting down.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use crate::request::Exit;

thread_local! {
    /// This thread's key for the state machine; 0 until it needs one.
    static KEY: Cell<u64> = const { Cell::new(0) };
    /// How many exit unwinds this thread has started. An immediate frame
    /// notes it on entry: only an unwind started after that crossed the
    /// frame (I2); one that was under way when the frame was entered (a
    /// `Drop` calling it), or that a `catch_unwind` ended before, did not.
    static UNWINDS: Cell<u32> = const { Cell::new(0) };
    /// How many `catch_exit`s (and test boundaries) this thread runs inside.
    static CATCHING: Cell<u32> = const { Cell::new(0) };
    /// The exit that is this thread's alone (raised inside `catch_exit` on
    /// this thread, G4), by its serial, until it is caught, or leaves.
    static LOCAL: Cell<Option<(u64, Exit)>> = const { Cell::new(None) };
    /// Set once this thread's body has ended: its thread-local destructors
    /// run, where nothing can unwind.
    static BODY_OVER: Cell<bool> = const { Cell::new(false) };
    /// Notes the end of this thread's body, and tells the shutdown when the
    /// thread is gone; registered the first time the thread meets a
    /// shutdown.
    static GONE: Gone = const { Gone(Cell::new(None)) };
}

/// The number the next thread's key gets.
static NEXT_KEY: AtomicU64 = AtomicU64::new(1);

/// The serial the next local exit gets.
static NEXT_LOCAL: AtomicU64 = AtomicU64::new(1);

/// Local exits that left the thread they were raised on (a payload handed
/// to another thread, and handled there) while that thread's `LOCAL` may
/// still name them: they are no longer that thread's alone.
static LEFT: Mutex<Vec<u64>> = Mutex::new(Vec::new());

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

/// How many exit unwinds this thread has started: one thread-local load.
#[inline]
pub(crate) fn unwinds() -> u32 {
    UNWINDS.get()
}

/// This thread starts an exit unwind. `on_gone` is called with its key
/// when the thread ends, so that a boundary waiting for this unwind stops
/// waiting.
pub(crate) fn start_unwinding(on_gone: fn(u64)) {
    UNWINDS.set(UNWINDS.get().wrapping_add(1));
    met_a_shutdown(Some(on_gone));
}

/// This thread met a shutdown (a checkpoint saw it, or it unwinds for an
/// exit): from now on the end of its body is noted, and, with `on_gone`,
/// the shutdown is told when the thread is gone. Registering a
/// thread-local with a destructor allocates once per thread; this is the
/// exit path. During thread teardown it may be gone already.
pub(crate) fn met_a_shutdown(on_gone: Option<fn(u64)>) {
    let _ = GONE.try_with(|gone| {
        if on_gone.is_some() {
            gone.0.set(on_gone);
        }
    });
}

/// Whether this thread's body has ended: its thread-local destructors run.
/// Known once the thread has met a shutdown before (`met_a_shutdown`), and
/// for destructors of thread-locals first used before that, which run
/// after the note is made.
pub(crate) fn body_over() -> bool {
    BODY_OVER.get()
}

/// This thread enters a `catch_exit` (or a test boundary); returns a guard
/// that leaves it, also when unwinding.
pub(crate) fn catching() -> Catching {
    CATCHING.set(CATCHING.get() + 1);
    Catching
}

/// Whether an exit raised here now would be this thread's alone (G4).
pub(crate) fn inside_catch_exit() -> bool {
    CATCHING.get() > 0
}

/// Leaves a `catch_exit` when dropped.
pub(crate) struct Catching;

impl Drop for Catching {
    fn drop(&mut self) {
        CATCHING.set(CATCHING.get().saturating_sub(1));
    }
}

/// This thread raises `exit` as its own (G4): returns the serial that
/// names it, and counts the unwind.
pub(crate) fn start_local(exit: Exit) -> u64 {
    let serial = NEXT_LOCAL.fetch_add(1, Ordering::Relaxed);
    LOCAL.set(Some((serial, exit)));
    UNWINDS.set(UNWINDS.get().wrapping_add(1));
    serial
}

/// The local exit `serial` of thread `origin` is over for that thread:
/// caught, or gone on as the process's own exit. From `origin` itself the
/// record is cleared; from another thread it is noted for `origin` to see.
pub(crate) fn local_over(serial: u64, origin: u64) {
    if origin == key() {
        if LOCAL.get().is_some_and(|(own, _)| own == serial) {
            LOCAL.set(None);
        }
    } else {
        left().push(serial);
    }
}

/// The exit that is this thread's alone, if one is under way: what
/// `exiting()` says here while nothing is shutting down.
#[inline]
pub(crate) fn local_exit() -> Option<Exit> {
    let (serial, exit) = LOCAL.get()?;
    local_still_here(serial).then_some(exit)
}

/// Whether the local exit `serial`, recorded on this thread, is still its
/// own; a record of one that left is cleared.
#[cold]
fn local_still_here(serial: u64) -> bool {
    let mut left = left();
    let Some(at) = left.iter().position(|&gone| gone == serial) else {
        return true;
    };
    left.swap_remove(at);
    drop(left);
    LOCAL.set(None);
    false
}

fn left() -> std::sync::MutexGuard<'static, Vec<u64>> {
    LEFT.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Notes the end of the thread's body, and calls the shutdown back when
/// the thread ends.
struct Gone(Cell<Option<fn(u64)>>);

impl Drop for Gone {
    fn drop(&mut self) {
        BODY_OVER.set(true);
        if let Some(on_gone) = self.0.take() {
            on_gone(KEY.try_with(Cell::get).unwrap_or(0));
        }
    }
}
