//! `at_exit` hooks (H1): registered by anyone, run by the one thread that
//! ends the process in order, newest first, each once.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Mutex, PoisonError};

use crate::request::{Exit, Request};

/// An `at_exit` hook.
type Hook = Box<dyn FnOnce(i32) + Send>;

/// Registered hooks, oldest first. Its own lock: registering a hook never
/// waits for the shutdown's.
static HOOKS: Mutex<Vec<Hook>> = Mutex::new(Vec::new());

thread_local! {
    /// The status the hooks are running for, while this thread runs them.
    static RUNNING: Cell<Option<i32>> = const { Cell::new(None) };
}

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
pub fn at_exit(hook: impl FnOnce(i32) + Send + 'static) {
    hooks().push(Box::new(hook));
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
        let Some(hook) = hooks().pop() else {
            return;
        };
        RUNNING.set(Some(status));
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| hook(status)));
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
