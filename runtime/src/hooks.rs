//! `at_exit` hooks (H1): registered by anyone, run by the one thread that
//! ends the process in order, newest first, each once.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe, Location};
use std::sync::{Mutex, PoisonError};

use crate::request::{Exit, Request};

/// An `at_exit` hook, and where it was registered (O4).
type Hook = (Box<dyn FnOnce(i32) + Send>, &'static Location<'static>);

/// Registered hooks, oldest first. Its own lock: registering a hook never
/// waits for the shutdown's.
static HOOKS: Mutex<Vec<Hook>> = Mutex::new(Vec::new());

thread_local! {
    /// The status the hooks are running for, while this thread runs them.
    static RUNNING: Cell<Option<i32>> = const { Cell::new(None) };
}

/// Where the hook that runs now was registered, for the deadline's line
/// (O4); `None` between hooks. Held only to store or copy it, never while
/// a hook runs.
static RUNNING_HOOK: Mutex<Option<&'static Location<'static>>> = Mutex::new(None);

/// Registers `hook` to run when the process ends in order; it receives the
/// exit status.
///
/// Hooks run last-registered first, each once, after the exiting thread has
/// unwound, on:
/// - a completed graceful [`exit`](crate::exit) (also one that a
///   `catch_unwind` intercepted, and a graceful exit under
///   `panic = "abort"`);
/// - an annotated `main` returning, with the status its return value
///   reports;
/// - a panic escaping an annotated `main`, with status 101.
///
/// They never run on an immediate exit ([`exit_now`](crate::exit_now), or
/// `exit` under `#[exit_policy(immediate)]`). A hook that panics is reported
/// on stderr and the remaining hooks still run; an `exit` from a hook
/// changes nothing.
///
/// ```
/// use exit_policy::{at_exit, exit_policy};
///
/// #[exit_policy(graceful)]
/// fn main() {
///     at_exit(|status| println!("second: status {status}"));
///     at_exit(|_| println!("first: the terminal is restored"));
/// }
/// ```
#[track_caller]
pub fn at_exit(hook: impl FnOnce(i32) + Send + 'static) {
    hooks().push((Box::new(hook), Location::caller()));
}

fn hooks() -> std::sync::MutexGuard<'static, Vec<Hook>> {
    // Nothing panics while the lock is held, but a poisoned lock must never
    // stop an exit.
    HOOKS.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The status the hooks are running for, if this thread is running them.
pub(crate) fn running() -> Option<i32> {
    RUNNING.get()
}

/// Where the hook that runs now was registered, if one runs.
/// The watchdog asks without waiting: a busy lock (the runner storing the
/// next one) reads as none.
pub(crate) fn running_hook() -> Option<&'static Location<'static>> {
    match RUNNING_HOOK.try_lock() {
        Ok(at) => *at,
        Err(std::sync::TryLockError::Poisoned(at)) => *at.into_inner(),
        Err(std::sync::TryLockError::WouldBlock) => None,
    }
}

fn set_running_hook(at: Option<&'static Location<'static>>) {
    *RUNNING_HOOK.lock().unwrap_or_else(PoisonError::into_inner) = at;
}

/// What went wrong with a hook; the others still run, and the status
/// stays.
pub(crate) enum Failed {
    /// It panicked.
    Panicked,
    /// It asked to exit, which changes nothing (G6).
    AskedToExit(Exit),
}

/// Runs every registered hook, newest first, including hooks that hooks
/// register, and tells `failed` of each that went wrong. The lock is
/// released while each runs.
pub(crate) fn run(status: i32, failed: impl Fn(Failed)) {
    loop {
        let Some((hook, at)) = hooks().pop() else {
            return;
        };
        RUNNING.set(Some(status));
        set_running_hook(Some(at));
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| hook(status)));
        set_running_hook(None);
        RUNNING.set(None);
        if let Err(mut payload) = outcome {
            match payload.downcast_mut::<Request>() {
                Some(request) => failed(Failed::AskedToExit(request.disarm().1)),
                None => failed(Failed::Panicked),
            }
            // A payload whose own Drop panics must not stop the other hooks.
            let _ = panic::catch_unwind(AssertUnwindSafe(move || drop(payload)));
        }
    }
}
