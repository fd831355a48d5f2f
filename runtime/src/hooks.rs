//! `at_exit` hooks: run LIFO, each once, on every orderly end.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Mutex, PoisonError};

use crate::Exit;
use crate::request::Request;
use crate::terminate;

type Hook = Box<dyn FnOnce(i32) + Send>;

static HOOKS: Mutex<Vec<Hook>> = Mutex::new(Vec::new());

thread_local! {
    /// The status the hooks are running for, while one runs on this thread.
    static RUNNING_HERE: Cell<Option<i32>> = const { Cell::new(None) };
}

/// Registers `hook` to run when the process ends in order; it receives the
/// exit status.
///
/// Hooks run last-registered first, each once, after the exiting thread has
/// unwound, on:
/// - a completed graceful [`exit`](crate::exit) (also one that a
///   `catch_unwind` intercepted, and a graceful exit under `panic = "abort"`);
/// - an annotated `main` returning, with the status its return value reports;
/// - a panic escaping an annotated `main`, with status 101.
///
/// They never run on an immediate exit ([`exit_now`](crate::exit_now), or
/// `exit` under `#[exit_policy(immediate)]`). A hook that panics is reported
/// on stderr and the remaining hooks still run; an `exit` from a hook changes
/// nothing.
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
    HOOKS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(Box::new(hook));
}

/// Whether this thread is inside an `at_exit` hook.
pub(crate) fn running_here() -> bool {
    RUNNING_HERE.get().is_some()
}

/// An exit from a hook under `panic = "abort"`, where it can't unwind back
/// to the runner (SPEC G6, G8): it is ignored all the same. The remaining
/// hooks run from here, then the process ends with the status the hooks
/// were running for. Never SIGABRT.
#[cold]
pub(crate) fn exit_from_hook_without_unwinding(request: Exit) -> ! {
    let status = RUNNING_HERE.get().unwrap_or(request.code);
    report_ignored(request, status);
    run(status);
    std::process::exit(status)
}

fn report_ignored(request: Exit, status: i32) {
    terminate::report(format_args!(
        "{request} from an at_exit hook was ignored: the process is already ending with \
         status {status}"
    ));
}

/// Runs every registered hook, newest first, including hooks that hooks
/// register. The lock is not held while a hook runs.
pub(crate) fn run(status: i32) {
    loop {
        let hook = HOOKS.lock().unwrap_or_else(PoisonError::into_inner).pop();
        let Some(hook) = hook else { return };
        RUNNING_HERE.set(Some(status));
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| hook(status)));
        RUNNING_HERE.set(None);
        if let Err(mut payload) = outcome {
            if let Some(request) = payload.downcast_mut::<Request>() {
                report_ignored(request.disarm(), status);
            } else {
                terminate::report(format_args!(
                    "an at_exit hook panicked; the remaining hooks still run and the status \
                     stays {status}"
                ));
            }
            // A payload whose own Drop panics must not stop the other hooks.
            let _ = panic::catch_unwind(AssertUnwindSafe(move || drop(payload)));
        }
    }
}
