//! Exit requests: the public `Exit` value, the unwinding payload that carries
//! it, and the entry points `exit` and `exit_now`.

use std::cell::Cell;
use std::fmt;
use std::panic::{self, Location};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::policy::{self, Policy};
use crate::{hooks, latch, terminate};

/// An exit request: the code and the place `exit` was called.
///
/// You get one from [`catch_exit`](crate::catch_exit). Dropping it does
/// nothing; [`Exit::resume`] continues the exit. `Exit` deliberately does not
/// implement `std::error::Error`, so `?` cannot turn an exit into an ordinary
/// error that some caller reports and survives.
///
/// ```
/// use exit_policy::{catch_exit, exit};
///
/// let caught = catch_exit(|| exit(2)).unwrap_err();
/// assert_eq!(caught.code(), 2);
/// assert!(caught.location().file().ends_with(".rs"));
/// assert!(caught.to_string().starts_with("exit(2) requested at "));
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Exit {
    pub(crate) code: i32,
    pub(crate) location: &'static Location<'static>,
}

impl Exit {
    /// The code passed to `exit`.
    ///
    /// ```
    /// let caught = exit_policy::catch_exit(|| exit_policy::exit(7)).unwrap_err();
    /// assert_eq!(caught.code(), 7);
    /// ```
    #[must_use]
    pub fn code(&self) -> i32 {
        self.code
    }

    /// Where `exit` was called.
    ///
    /// ```
    /// let (caught, line) = (exit_policy::catch_exit(|| exit_policy::exit(1)), line!());
    /// assert_eq!(caught.unwrap_err().location().line(), line);
    /// ```
    #[must_use]
    pub fn location(&self) -> &'static Location<'static> {
        self.location
    }

    /// Continues the exit, as if it had never been caught.
    ///
    /// ```
    /// use exit_policy::{catch_exit, exit};
    ///
    /// // A supervisor that logs the request, then lets it proceed.
    /// let outer = catch_exit(|| {
    ///     let inner = catch_exit(|| exit(3)).unwrap_err();
    ///     eprintln!("shutting down: {inner}");
    ///     inner.resume()
    /// });
    /// assert_eq!(outer.unwrap_err().code(), 3);
    /// ```
    pub fn resume(self) -> ! {
        graceful(self)
    }
}

impl fmt::Debug for Exit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Exit")
            .field("code", &self.code)
            .field("location", &format_args!("{}", self.location))
            .finish()
    }
}

impl fmt::Display for Exit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "exit({}) requested at {}", self.code, self.location)
    }
}

/// The unwinding payload. While armed, dropping it ends the process: that is
/// what makes a graceful exit impossible to swallow (SPEC G3).
pub(crate) struct Request {
    pub(crate) exit: Exit,
    armed: bool,
}

impl Request {
    /// Takes the request out of the payload so that dropping it does nothing.
    pub(crate) fn disarm(&mut self) -> Exit {
        self.armed = false;
        UNWINDING.set(None);
        self.exit
    }
}

impl Drop for Request {
    fn drop(&mut self) {
        if self.armed && !superseded(self.exit) {
            intercepted(self.exit);
        }
    }
}

/// SPEC G6: another request already fixes the status and will end the
/// process, so dropping `request` changes nothing. That is the case when
/// this thread is unwinding for an exit (its boundary ends the process with
/// the first code), or when `request` lost the race to an earlier one (eight
/// workers exit at once; the joiner resumes one payload and drops the rest),
/// unless this drop is std's runtime ending an unannotated `main`: the last
/// chance to end with the first code.
fn superseded(request: Exit) -> bool {
    let Some(first) = latch::first_request() else {
        return false;
    };
    // Another request is unwinding this thread. (This thread's own request
    // can't be dropped while it unwinds: if the record names it, the record
    // is stale and this drop is a swallow.)
    if std::thread::panicking() && unwinding().is_some_and(|current| current != request) {
        return true;
    }
    first != request && !ends_unannotated_main(request)
}

/// Whether dropping `request` here may be std's runtime catching the main
/// thread's own unwind at the end of an unannotated `main`: the expected
/// end, not a swallow. (A `catch_unwind` on the main thread that swallows
/// the main thread's own exit looks the same; see README.) A request from
/// another thread, dropped on the main thread with its `JoinHandle`, is not.
fn ends_unannotated_main(request: Exit) -> bool {
    !terminate::main_is_boundary() && terminate::on_main_thread() && unwinding() == Some(request)
}

thread_local! {
    /// The exit request this thread is unwinding for, if any. Scope guards
    /// read it when they see `panicking()`, to tell an exit from a panic.
    static UNWINDING: Cell<Option<Exit>> = const { Cell::new(None) };
}

/// The exit request this thread is unwinding for, if any.
pub(crate) fn unwinding() -> Option<Exit> {
    UNWINDING.get()
}

/// Asks the process to exit with `code`, under the policy of the innermost
/// annotated function on this thread.
///
/// - **Graceful** (also the default, with no annotated function active):
///   the thread unwinds, so every live value is dropped, innermost first;
///   then the process ends with `code`, after the [`at_exit`](crate::at_exit)
///   hooks. No panic message is printed. A `catch_unwind` that catches the
///   request and drops it ends the process right there, with `code` and one
///   line on stderr. Use [`catch_exit`](crate::catch_exit) to intercept it on
///   purpose.
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
    let request = Exit {
        code,
        location: Location::caller(),
    };
    match policy::current_policy() {
        Some(Policy::Immediate) => immediate(request),
        Some(Policy::Graceful) | None => graceful(request),
    }
}

/// Ends the process at once with `code`, whatever the active policy.
///
/// Like Python's `os._exit`: no destructor runs on any thread, no
/// `catch_unwind` sees it, no panic hook, no [`at_exit`](crate::at_exit) hook
/// and no libc `atexit` handler runs, and unflushed stdout is lost.
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
    immediate(Exit {
        code,
        location: Location::caller(),
    })
}

fn immediate(request: Exit) -> ! {
    let first = latch::claim(request);
    if first != request && first.code != request.code {
        terminate::report(format_args!(
            "{request} ends the process at once, with status {} from the earlier {first}",
            first.code
        ));
    }
    terminate::immediate(first.code)
}

/// The graceful path: unwind if possible, or end in order if not.
fn graceful(request: Exit) -> ! {
    if hooks::running_here() {
        if cfg!(panic = "abort") {
            hooks::exit_from_hook_without_unwinding(request);
        }
        // Requests from an at_exit hook change nothing (SPEC G6). The hook
        // runner catches this unwind; it is safe even mid-panic because the
        // runner's `catch_unwind` sits between here and any cleanup frame.
        panic::resume_unwind(Box::new(Request {
            exit: request,
            armed: false,
        }));
    }
    let first = latch::claim(request);
    if cfg!(panic = "abort") {
        // Nothing can unwind (SPEC G8): hooks, flush, then the code.
        terminate::graceful(first.code);
    }
    if std::thread::panicking() {
        // A second unwind would abort the process (SPEC G6).
        match unwinding() {
            Some(current) => terminate::report(format_args!(
                "{request} came while this thread was unwinding for {current}; \
                 ending the process now with status {}",
                first.code
            )),
            None => terminate::report(format_args!(
                "{request} came while this thread was unwinding for a panic and \
                 cannot unwind again; ending the process now with status {}",
                first.code
            )),
        }
        terminate::graceful(first.code);
    }
    unwind(request)
}

/// Starts (or continues) unwinding this thread for `request`.
pub(crate) fn unwind(request: Exit) -> ! {
    UNWINDING.set(Some(request));
    // `resume_unwind` skips the panic hook: no message, no backtrace (G1).
    panic::resume_unwind(Box::new(Request {
        exit: request,
        armed: true,
    }))
}

/// Set by the first interception report: one line even when several threads
/// drop requests at once (SPEC G3).
static REPORTED: AtomicBool = AtomicBool::new(false);

/// An armed request was dropped: someone caught the unwind and threw it away.
#[cold]
fn intercepted(request: Exit) -> ! {
    let silent = ends_unannotated_main(request);
    UNWINDING.set(None);
    let first = latch::claim(request);
    if !silent && !REPORTED.swap(true, Ordering::AcqRel) {
        terminate::report(format_args!(
            "{request} was intercepted: a catch_unwind (or a thread or task join) caught it \
             and dropped it instead of passing it to `exit_policy::resume_if_exit`; \
             ending the process here with status {}",
            first.code
        ));
    }
    terminate::graceful(first.code)
}

/// Continues the exit that `payload` (holding `request`) carries, on this
/// thread: the forwarding half of `resume_if_exit`.
pub(crate) fn forward(request: Exit, payload: Box<dyn std::any::Any + Send>) -> ! {
    latch::claim(request);
    UNWINDING.set(Some(request));
    panic::resume_unwind(payload)
}

/// An unwind reached an immediate function's frame: if it is an exit
/// request, it goes no further (SPEC I2). Panics pass through (I3).
#[cold]
pub(crate) fn reached_immediate_frame() {
    // Only while an exit is in flight: when a request that left this thread
    // (a join, `resume_if_exit`) was caught elsewhere with `catch_exit`, this
    // thread's record of it is stale, and this unwind is a panic (I3).
    if let Some(request) = unwinding() {
        if latch::first_request().is_some() {
            terminate::immediate(latch::claim(request).code);
        }
    }
}
