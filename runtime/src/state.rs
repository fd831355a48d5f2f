//! Every piece of state this crate keeps, process-wide and per thread, and
//! every transition between states. Nothing outside this module touches a
//! static or a thread-local.
//!
//! The process moves one way, except for a deliberate catch:
//!
//! ```text
//!        exit request, or a handled signal         first thread to end it
//!  running ─────────────────────────────► shutting down ─────────────────► ending
//!     ▲                                     │      (hooks run, then the process ends)
//!     └──────── catch_exit caught it ───────┘
//! ```
//!
//! - **running**: no request. `exiting()` is `None`.
//! - **shutting down**: the first request (or handled signal) is latched and
//!   fixes the status; later requests change nothing. `exiting()` is its
//!   code, `checkpoint()` exits, `exit_requested()` futures are woken, and
//!   the deadline, if one is set, counts from the moment it started.
//! - **ending**: one thread runs the `at_exit` hooks and ends the process;
//!   any other thread that tries to end it waits to be taken down.
//!
//! A second handled signal, a deadline that passes, or an immediate exit
//! end the process from any of these states at once.
//!
//! Each thread has its own small state on top: the policy in force, the
//! request it is unwinding for, and whether it is running the hooks.
//!
//! The happy path reads only thread-locals with `const` initialisers and no
//! `Drop` (a plain load or store, no lazy-init check) and one atomic. The
//! lock is taken only on the exit path, by hook registration, by
//! `set_deadline`, and by `exit_requested()` futures when they wait.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::task::Waker;
use std::time::{Duration, Instant};

use crate::policy::Policy;
use crate::request::Exit;

/// An `at_exit` hook.
pub(crate) type Hook = Box<dyn FnOnce(i32) + Send>;

/// What is shared between threads and changes only off the happy path.
struct Shared {
    /// The first request in flight, which fixes the status, and when it came.
    first: Option<(Exit, Instant)>,
    /// Registered hooks, oldest first.
    hooks: Vec<Hook>,
    /// The wakers of `exit_requested()` futures waiting for a shutdown, each
    /// under the number of the future that registered it.
    waiting: Vec<(u64, Waker)>,
    /// The number the next `exit_requested()` future gets.
    next_waiter: u64,
    /// How long a shutdown may take, if limited.
    deadline: Option<Duration>,
}

static SHARED: Mutex<Shared> = Mutex::new(Shared {
    first: None,
    hooks: Vec::new(),
    waiting: Vec::new(),
    next_waiter: 0,
    deadline: None,
});

/// Wakes the deadline's watchdog when a shutdown starts or ends, or the
/// deadline changes.
static WATCHDOG: Condvar = Condvar::new();

/// A copy of the first request's code for lock-free readers; `NO_CODE` while
/// running. Outside the `i32` range, so it can't collide with a code.
static CODE: AtomicI64 = AtomicI64::new(NO_CODE);
const NO_CODE: i64 = i64::MIN;

/// How many handled signals have arrived.
#[cfg(feature = "signals")]
static SIGNALS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// Set when the deadline's watchdog thread has been started.
static WATCHDOG_STARTED: AtomicBool = AtomicBool::new(false);
/// Whether handled signals now start a shutdown.
#[cfg(feature = "signals")]
static SIGNALS_HANDLED: Mutex<bool> = Mutex::new(false);

/// Set once some thread has started to end the process.
static ENDING: AtomicBool = AtomicBool::new(false);
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

/// A request is made: latches it unless another is latched already. Returns
/// the request that fixes the status (`request` or the earlier one), and
/// whether `request` started the shutdown.
pub(crate) fn claim(request: Exit) -> (Exit, bool) {
    let mut shared = shared();
    if let Some((earlier, _)) = shared.first {
        return (earlier, false);
    }
    shared.first = Some((request, Instant::now()));
    CODE.store(i64::from(request.code), Ordering::Release);
    WATCHDOG.notify_all();
    (request, true)
}

/// The latched request, if the process is shutting down.
pub(crate) fn first() -> Option<Exit> {
    shared().first.map(|(first, _)| first)
}

/// How long ago the shutdown started, if one is under way.
pub(crate) fn shutting_down_for() -> Option<Duration> {
    shared().first.map(|(_, started)| started.elapsed())
}

/// The latched request's code: one atomic load.
#[inline]
pub(crate) fn exiting() -> Option<i32> {
    i32::try_from(CODE.load(Ordering::Acquire)).ok()
}

/// Whether the process is shutting down: one relaxed atomic load, for
/// `checkpoint()`'s happy path.
#[inline]
pub(crate) fn shutting_down() -> bool {
    CODE.load(Ordering::Relaxed) != NO_CODE
}

/// `catch_exit` caught `request`: back to running, if it was the latched one.
pub(crate) fn release(request: Exit) {
    let mut shared = shared();
    if shared.first.is_some_and(|(first, _)| first == request) {
        shared.first = None;
        CODE.store(NO_CODE, Ordering::Release);
        WATCHDOG.notify_all();
    }
}

// ---- futures waiting for a shutdown -------------------------------------

/// A new number for an `exit_requested()` future.
pub(crate) fn new_waiter() -> u64 {
    let mut shared = shared();
    shared.next_waiter += 1;
    shared.next_waiter
}

/// The shutdown's code if one is under way; otherwise `waker` (for future
/// `id`) is kept, replacing the one that future left before, and woken when
/// a shutdown starts.
pub(crate) fn exiting_or_wait(id: u64, waker: &Waker) -> Option<i32> {
    let mut shared = shared();
    if let Some((first, _)) = shared.first {
        return Some(first.code);
    }
    match shared.waiting.iter_mut().find(|(waiter, _)| *waiter == id) {
        Some((_, kept)) => kept.clone_from(waker),
        None => shared.waiting.push((id, waker.clone())),
    }
    None
}

/// Future `id` stops waiting.
pub(crate) fn stop_waiting(id: u64) {
    shared().waiting.retain(|(waiter, _)| *waiter != id);
}

/// Takes every waiting future's waker, to wake them once a shutdown started.
pub(crate) fn take_waiting() -> Vec<(u64, Waker)> {
    std::mem::take(&mut shared().waiting)
}

// ---- the deadline -------------------------------------------------------

/// Sets (or, with `None`, clears) the time a shutdown may take.
pub(crate) fn set_deadline(limit: Option<Duration>) {
    shared().deadline = limit;
    WATCHDOG.notify_all();
}

/// The time a shutdown may take, if limited.
pub(crate) fn deadline() -> Option<Duration> {
    shared().deadline
}

/// Whether this is the first call: the watchdog thread starts only once.
pub(crate) fn first_watchdog() -> bool {
    !WATCHDOG_STARTED.swap(true, Ordering::AcqRel)
}

/// Blocks until a shutdown has run past the deadline; returns its request
/// and the limit it broke. What the watchdog thread waits for.
pub(crate) fn wait_until_overdue() -> (Exit, Duration) {
    let mut shared = shared();
    loop {
        match (shared.first, shared.deadline) {
            (Some((first, started)), Some(limit)) => {
                let elapsed = started.elapsed();
                if elapsed >= limit {
                    return (first, limit);
                }
                shared = WATCHDOG
                    .wait_timeout(shared, limit.saturating_sub(elapsed))
                    .unwrap_or_else(PoisonError::into_inner)
                    .0;
            }
            _ => {
                shared = WATCHDOG
                    .wait(shared)
                    .unwrap_or_else(PoisonError::into_inner);
            }
        }
    }
}

// ---- handled signals ----------------------------------------------------

/// Runs `install` unless it succeeded before; one caller at a time, so that
/// concurrent first calls install once.
#[cfg(feature = "signals")]
pub(crate) fn handle_signals_once(
    install: impl FnOnce() -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut handled = SIGNALS_HANDLED
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    if !*handled {
        install()?;
        *handled = true;
    }
    Ok(())
}

/// A handled signal arrived: how many have, this one included.
#[cfg(feature = "signals")]
pub(crate) fn signal_arrived() -> u32 {
    SIGNALS.fetch_add(1, Ordering::AcqRel) + 1
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
