//! Every piece of state this crate keeps, process-wide and per thread, and
//! every transition between states. Nothing outside this module touches a
//! static or a thread-local.
//!
//! The process moves one way, except for a deliberate catch:
//!
//! ```text
//!            first exit request               first thread to end it
//!  running ──────────────────────► shutting down ──────────────────► ending
//!     ▲                                │    (hooks run, then the process exits)
//!     └───── catch_exit caught it ─────┘
//! ```
//!
//! - **running**: no request. `exiting()` is `None`.
//! - **shutting down**: the first request is latched and fixes the status;
//!   later requests change nothing. `exiting()` is its code.
//! - **ending**: one thread runs the `at_exit` hooks and ends the process;
//!   any other thread that tries to end it waits to be taken down.
//!
//! Each thread has its own small state on top: the policy in force, the
//! request it is unwinding for, and whether it is running the hooks.
//!
//! The happy path reads only thread-locals with `const` initialisers and no
//! `Drop` (a plain load or store, no lazy-init check) and one atomic.
//! The lock is taken only by exit requests and hook registration.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::policy::Policy;
use crate::request::Exit;

/// An `at_exit` hook.
pub(crate) type Hook = Box<dyn FnOnce(i32) + Send>;

/// What is shared between threads and changes only on the exit path.
struct Shared {
    /// The first request in flight, which fixes the status.
    first: Option<Exit>,
    /// Registered hooks, oldest first.
    hooks: Vec<Hook>,
}

static SHARED: Mutex<Shared> = Mutex::new(Shared {
    first: None,
    hooks: Vec::new(),
});

/// A copy of the first request's code for lock-free readers; `NO_CODE` while
/// running. Outside the `i32` range, so it can't collide with a code.
static CODE: AtomicI64 = AtomicI64::new(NO_CODE);
const NO_CODE: i64 = i64::MIN;

/// Set once some thread has started to end the process.
static ENDING: AtomicBool = AtomicBool::new(false);
/// Set by the first interception report, so that threads racing to report
/// one print one line between them.
static INTERCEPTION_REPORTED: AtomicBool = AtomicBool::new(false);
/// Set when an annotated `main` starts: the main thread has a boundary.
static MAIN_BOUNDARY: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// The policy of the innermost annotated function (or annotated future
    /// being polled) on this thread.
    static POLICY: Cell<Option<Policy>> = const { Cell::new(None) };
    /// The request this thread is unwinding for. Scope guards read it when
    /// they see `panicking()`, to tell an exit from a panic.
    static UNWINDING: Cell<Option<Exit>> = const { Cell::new(None) };
    /// The status the hooks are running for, while this thread runs them.
    static HOOKS_RUNNING: Cell<Option<i32>> = const { Cell::new(None) };
    /// Whether this thread is the one ending the process.
    static ENDING_HERE: Cell<bool> = const { Cell::new(false) };
}

fn shared() -> MutexGuard<'static, Shared> {
    // Nothing panics while the lock is held, but a poisoned lock must never
    // stop an exit.
    SHARED.lock().unwrap_or_else(PoisonError::into_inner)
}

// ---- the policy in force on this thread -------------------------------

/// The policy `exit` follows on this thread.
#[inline]
pub(crate) fn policy() -> Option<Policy> {
    POLICY.get()
}

/// Puts `policy` in force and returns what was in force before.
#[inline]
pub(crate) fn enter_policy(policy: Option<Policy>) -> Option<Policy> {
    POLICY.replace(policy)
}

// ---- running → shutting down → running ---------------------------------

/// A request is made: latches it unless another is latched already, and
/// returns the request that fixes the status (`request` or the earlier one).
pub(crate) fn claim(request: Exit) -> Exit {
    let mut shared = shared();
    if let Some(earlier) = shared.first {
        return earlier;
    }
    shared.first = Some(request);
    CODE.store(i64::from(request.code), Ordering::Release);
    request
}

/// The latched request, if the process is shutting down.
pub(crate) fn first() -> Option<Exit> {
    shared().first
}

/// The latched request's code: one atomic load.
#[inline]
pub(crate) fn exiting() -> Option<i32> {
    i32::try_from(CODE.load(Ordering::Acquire)).ok()
}

/// `catch_exit` caught `request`: back to running, if it was the latched one.
pub(crate) fn release(request: Exit) {
    let mut shared = shared();
    if shared.first == Some(request) {
        shared.first = None;
        CODE.store(NO_CODE, Ordering::Release);
    }
}

// ---- unwinding, per thread --------------------------------------------

/// The request this thread is unwinding for, if any.
#[inline]
pub(crate) fn unwinding() -> Option<Exit> {
    UNWINDING.get()
}

/// This thread starts (or stops, with `None`) unwinding for a request.
pub(crate) fn set_unwinding(request: Option<Exit>) {
    UNWINDING.set(request);
}

/// Whether this is the first interception to be reported in the process.
pub(crate) fn first_interception_report() -> bool {
    !INTERCEPTION_REPORTED.swap(true, Ordering::AcqRel)
}

// ---- hooks -------------------------------------------------------------

/// Registers a hook.
pub(crate) fn push_hook(hook: Hook) {
    shared().hooks.push(hook);
}

/// Takes the newest hook; the lock is released before it runs.
pub(crate) fn pop_hook() -> Option<Hook> {
    shared().hooks.pop()
}

/// This thread starts (or stops, with `None`) running the hooks for a
/// status.
pub(crate) fn set_hooks_running(status: Option<i32>) {
    HOOKS_RUNNING.set(status);
}

/// The status the hooks are running for, if this thread is running them.
pub(crate) fn hooks_running() -> Option<i32> {
    HOOKS_RUNNING.get()
}

// ---- shutting down → ending --------------------------------------------

/// Who ends the process, as seen by a thread that wants to end it.
pub(crate) enum Ender {
    /// This thread: it runs the hooks, then ends the process.
    ThisThread,
    /// This thread already is, and came back here from a hook's cleanup:
    /// only the final exit is left to do.
    ThisThreadAgain,
    /// Another thread is; it will take this one down.
    AnotherThread,
}

/// A thread wants to end the process.
pub(crate) fn start_ending() -> Ender {
    if !ENDING.swap(true, Ordering::AcqRel) {
        ENDING_HERE.set(true);
        Ender::ThisThread
    } else if ENDING_HERE.get() {
        Ender::ThisThreadAgain
    } else {
        Ender::AnotherThread
    }
}

// ---- the main thread's boundary ---------------------------------------

/// An annotated `main` started: the main thread has a boundary.
pub(crate) fn mark_main_boundary() {
    MAIN_BOUNDARY.store(true, Ordering::Relaxed);
}

/// Whether an annotated `main` is the main thread's boundary.
pub(crate) fn main_is_boundary() -> bool {
    MAIN_BOUNDARY.load(Ordering::Relaxed)
}
