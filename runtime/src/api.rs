//! The public functions: asking to exit, intercepting and forwarding an
//! exit, hooks, and questions about the current state.

use std::any::Any;
use std::panic::{self, AssertUnwindSafe, Location};

use crate::policy::Policy;
use crate::request::{Exit, Request};
use crate::state;
use crate::unwind;

/// Asks the process to exit with `code`, under the policy of the innermost
/// annotated function on this thread.
///
/// - **Graceful** (also the default, with no annotated function active):
///   the thread unwinds, so every live value is dropped, innermost first;
///   then the process ends with `code`, after the [`at_exit`] hooks. No
///   panic message is printed. A `catch_unwind` that catches the request and
///   drops it ends the process right there, with `code` and one line on
///   stderr. Use [`catch_exit`] to intercept it on purpose.
/// - **Immediate**: the process ends at once, as [`exit_now`] does.
///
/// On Unix a nonzero code whose low byte is zero (256, -256, ...) would read
/// as success, so the process exits with 1 instead and says so on stderr.
/// Under `panic = "abort"`, nothing can unwind: a graceful exit then runs the
/// hooks, flushes stdout and ends with `code`, without destructors.
///
/// ```
/// use exit_policy::{catch_exit, exit};
///
/// struct Cleanup;
/// impl Drop for Cleanup {
///     fn drop(&mut self) {
///         println!("cleanup ran");
///     }
/// }
///
/// let caught = catch_exit(|| {
///     let _cleanup = Cleanup;
///     exit(2) // unwinds: "cleanup ran" is printed first
/// });
/// assert_eq!(caught.unwrap_err().code(), 2);
/// ```
#[track_caller]
pub fn exit(code: i32) -> ! {
    unwind::exit(Exit::new(code, Location::caller()))
}

/// Ends the process at once with `code`, whatever the active policy.
///
/// Like Python's `os._exit`: no destructor runs on any thread, no
/// `catch_unwind` sees it, no panic hook, no [`at_exit`] hook and no libc
/// `atexit` handler runs, and unflushed stdout is lost.
///
/// If a graceful exit is already in flight, its code is kept (the first
/// request fixes the status).
///
/// ```
/// struct Session;
/// impl Drop for Session {
///     fn drop(&mut self) {
///         println!("session saved"); // not on `--tampered`: exit_now skips it
///     }
/// }
///
/// let _session = Session;
/// if std::env::args().any(|a| a == "--tampered") {
///     exit_policy::exit_now(99); // nothing after this runs, not even a Drop
/// }
/// ```
#[track_caller]
pub fn exit_now(code: i32) -> ! {
    unwind::immediate(Exit::new(code, Location::caller()))
}

/// Runs `f` and intercepts a graceful exit raised inside it, returning
/// `Err(Exit)`; the program goes on.
///
/// This is the one sanctioned way to stop an exit: for tests that assert
/// "this exits with 2", and for supervisors. Dropping the returned [`Exit`]
/// does nothing; [`Exit::resume`] continues it. Once caught, the exit is no
/// longer in progress: [`exiting`] returns `None` again.
///
/// Ordinary panics pass through unchanged, and an immediate exit ends the
/// process before `catch_exit` could see it. `f` need not be `UnwindSafe`:
/// only exit requests are caught, and the caller asked for them.
///
/// # Errors
///
/// `Err(Exit)` when `f` asked for a graceful exit.
///
/// ```
/// use exit_policy::{catch_exit, exit, exit_policy};
///
/// #[exit_policy(graceful)]
/// fn parse_port(arg: &str) -> u16 {
///     arg.parse().unwrap_or_else(|_| {
///         eprintln!("not a port: {arg}");
///         exit(2)
///     })
/// }
///
/// assert_eq!(catch_exit(|| parse_port("8080")).unwrap(), 8080);
/// assert_eq!(catch_exit(|| parse_port("http")).unwrap_err().code(), 2);
/// ```
pub fn catch_exit<T>(f: impl FnOnce() -> T) -> Result<T, Exit> {
    match panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(value) => Ok(value),
        Err(mut payload) => match payload.downcast_mut::<Request>() {
            Some(request) => {
                let exit = unwind::take(request);
                state::release(exit);
                Err(exit)
            }
            None => panic::resume_unwind(payload),
        },
    }
}

/// For code that catches panics (thread joins, task joins, pools): if
/// `payload` is an exit request, the exit continues on this thread;
/// otherwise the payload is handed back.
///
/// ```
/// use exit_policy::{catch_exit, exit, resume_if_exit};
///
/// let caught = catch_exit(|| {
///     let worker = std::thread::spawn(|| exit(4));
///     if let Err(payload) = worker.join() {
///         let panic = resume_if_exit(payload); // the exit continues here
///         std::panic::resume_unwind(panic);
///     }
/// });
/// assert_eq!(caught.unwrap_err().code(), 4);
/// ```
#[must_use = "the payload handed back is an ordinary panic: resume or report it"]
pub fn resume_if_exit(payload: Box<dyn Any + Send>) -> Box<dyn Any + Send> {
    match payload.downcast_ref::<Request>() {
        Some(request) => unwind::forward(request.exit, payload),
        None => payload,
    }
}

/// The code of a graceful exit in progress anywhere in the process, from the
/// `exit` call until the process ends; `None` otherwise (also after
/// [`catch_exit`] caught it).
///
/// Code that runs between an interception and the end of the process, and
/// `Drop` impls on the unwinding path, use it to refuse to commit.
///
/// ```
/// use exit_policy::{catch_exit, exit, exiting};
///
/// struct Transaction;
/// impl Drop for Transaction {
///     fn drop(&mut self) {
///         if let Some(code) = exiting() {
///             println!("rolled back: exit({code}) under way");
///         } else {
///             println!("committed");
///         }
///     }
/// }
///
/// let _ = catch_exit(|| {
///     let _tx = Transaction;
///     exit(1) // prints "rolled back: exit(1) under way"
/// });
/// assert_eq!(exiting(), None); // caught: no exit in progress any more
/// ```
#[must_use]
pub fn exiting() -> Option<i32> {
    state::exiting()
}

/// Registers `hook` to run when the process ends in order; it receives the
/// exit status.
///
/// Hooks run last-registered first, each once, after the exiting thread has
/// unwound, on:
/// - a completed graceful [`exit`] (also one that a `catch_unwind`
///   intercepted, and a graceful exit under `panic = "abort"`);
/// - an annotated `main` returning, with the status its return value reports;
/// - a panic escaping an annotated `main`, with status 101.
///
/// They never run on an immediate exit ([`exit_now`], or `exit` under
/// `#[exit_policy(immediate)]`). A hook that panics is reported on stderr
/// and the remaining hooks still run; an `exit` from a hook changes nothing.
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
    state::push_hook(Box::new(hook));
}

/// The policy `exit` would follow here: that of the innermost annotated
/// function (or annotated future being polled) on this thread.
///
/// `None` means no annotated function is active, and then `exit` is graceful.
///
/// ```
/// use exit_policy::{exit_policy, current_policy, Policy};
///
/// #[exit_policy(graceful)]
/// fn outer() -> (Option<Policy>, Option<Policy>) {
///     (current_policy(), inner())
/// }
///
/// #[exit_policy(immediate)]
/// fn inner() -> Option<Policy> {
///     current_policy()
/// }
///
/// assert_eq!(outer(), (Some(Policy::Graceful), Some(Policy::Immediate)));
/// ```
#[must_use]
pub fn current_policy() -> Option<Policy> {
    state::policy()
}
