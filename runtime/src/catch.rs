//! Deliberate interception (`catch_exit`) and forwarding (`resume_if_exit`).

use std::any::Any;
use std::panic::{self, AssertUnwindSafe};

use crate::Exit;
use crate::latch;
use crate::request::{self, Request};

/// Runs `f` and intercepts a graceful exit raised inside it, returning
/// `Err(Exit)`; the program goes on.
///
/// This is the one sanctioned way to stop an exit: for tests that assert
/// "this exits with 2", and for supervisors. Dropping the returned [`Exit`]
/// does nothing; [`Exit::resume`] continues it. Once caught, the exit is no
/// longer in progress: [`exiting`](crate::exiting) returns `None` again.
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
                let exit = request.disarm();
                latch::release(exit);
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
        Some(request) => request::forward(request.exit, payload),
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
    latch::code()
}
