//! What an exit request does once made: the graceful path (unwind, or end in
//! order where unwinding is impossible), the immediate path, and what
//! happens when an unwinding request is caught, forwarded, swallowed, or
//! reaches an immediate frame.

use std::any::Any;
use std::panic;

use crate::end::{self, How};
use crate::policy::Policy;
use crate::request::{Exit, Request};
use crate::shutdown;
use crate::state;

impl Exit {
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

/// A request to exit, under the policy in force on this thread (P1, P2).
pub(crate) fn exit(request: Exit) -> ! {
    match state::policy() {
        Some(Policy::Immediate) => immediate(request),
        Some(Policy::Graceful) | None => graceful(request),
    }
}

/// The immediate path: the process ends now, with the first request's code.
pub(crate) fn immediate(request: Exit) -> ! {
    let (first, _) = state::claim(request);
    if first != request && first.code != request.code {
        end::report(format_args!(
            "{request} ends the process at once, with status {} from the earlier {first}",
            first.code
        ));
    }
    end::immediate(How::Immediate, first)
}

/// The graceful path: unwind if possible, or end in order if not.
pub(crate) fn graceful(request: Exit) -> ! {
    if state::hooks_running().is_some() {
        if cfg!(panic = "abort") {
            end::exit_from_hook_without_unwinding(request);
        }
        // A request from an at_exit hook changes nothing (G6). The hook
        // runner catches this unwind; that is safe even mid-panic, because
        // the runner's `catch_unwind` sits between here and any cleanup
        // frame.
        panic::resume_unwind(Box::new(Request::disarmed(request)));
    }
    let first = shutdown::start(request);
    if cfg!(panic = "abort") {
        // Nothing can unwind (G8): hooks, flush, then the code.
        end::graceful(How::Graceful, first);
    }
    if std::thread::panicking() {
        // A second unwind would abort the process (G6).
        match state::unwinding() {
            Some(current) => end::report(format_args!(
                "{request} came while this thread was unwinding for {current}; \
                 ending the process now with status {}",
                first.code
            )),
            None => end::report(format_args!(
                "{request} came while this thread was unwinding for a panic and \
                 cannot unwind again; ending the process now with status {}",
                first.code
            )),
        }
        end::graceful(How::Graceful, first);
    }
    unwind(request)
}

/// Starts unwinding this thread for `request`.
fn unwind(request: Exit) -> ! {
    state::set_unwinding(Some(request));
    // `resume_unwind` skips the panic hook: no message, no backtrace (G1).
    panic::resume_unwind(Box::new(Request::armed(request, swallowed)))
}

/// Takes the request out of a caught payload, so that dropping the payload
/// does nothing: this thread is no longer unwinding for it.
pub(crate) fn take(payload: &mut Request) -> Exit {
    state::set_unwinding(None);
    payload.disarm()
}

/// Continues the exit that `payload` (holding `request`) carries, on this
/// thread: the forwarding half of `resume_if_exit`.
pub(crate) fn forward(request: Exit, payload: Box<dyn Any + Send>) -> ! {
    shutdown::start(request);
    state::set_unwinding(Some(request));
    panic::resume_unwind(payload)
}

/// An armed payload was dropped: someone caught the unwind and threw the
/// request away, unless another request already fixes the status, or this
/// is std's runtime ending an unannotated `main` the normal way.
fn swallowed(request: Exit) {
    let ends_main = ends_unannotated_main(request);
    if !superseded(request, ends_main) {
        intercepted(request, ends_main);
    }
}

/// Another request already fixes the status and will end the process, so
/// dropping `request` changes nothing (G6). That is the case when this
/// thread is unwinding for an exit (its boundary ends the process with the
/// first code), or when `request` lost the race to an earlier one (eight
/// workers exit at once; the joiner resumes one payload and drops the rest),
/// unless this drop is std's runtime ending an unannotated `main`
/// (`ends_main`): the last chance to end with the first code.
fn superseded(request: Exit, ends_main: bool) -> bool {
    let Some(first) = state::first() else {
        return false;
    };
    // Another request is unwinding this thread. (This thread's own request
    // can't be dropped while it unwinds: if the record names it, the record
    // is stale and this drop is a swallow.)
    if std::thread::panicking() && state::unwinding().is_some_and(|current| current != request) {
        return true;
    }
    first != request && !ends_main
}

/// Whether dropping `request` here is std's runtime catching the main
/// thread's own unwind after an unannotated `main` unwound: the expected
/// end, not a swallow (B2). A request from another thread, dropped on the
/// main thread with its `JoinHandle`, is not.
fn ends_unannotated_main(request: Exit) -> bool {
    !state::main_is_boundary()
        && end::on_main_thread()
        && state::unwinding() == Some(request)
        && !main_on_the_stack()
}

/// Whether `main` is still on this stack, so a drop here is a catch inside
/// it. std calls `main` through a frame named
/// `__rust_begin_short_backtrace`, which is gone once `main` has unwound. A
/// backtrace shows it, at the cost of resolving symbols, which this cold path
/// pays once (about half a millisecond in a release binary; more where
/// debug information is large). Where the symbols are stripped nothing can
/// be told, and the drop is taken for the normal end: silent.
#[cold]
fn main_on_the_stack() -> bool {
    let trace = format!("{:?}", std::backtrace::Backtrace::force_capture());
    trace.contains("__rust_begin_short_backtrace")
}

/// The process ends where the request was swallowed, with the first code
/// (G3); the end says so in one line, unless it is the normal end of an
/// unannotated `main` (`ends_main`).
#[cold]
fn intercepted(request: Exit, ends_main: bool) -> ! {
    state::set_unwinding(None);
    let first = shutdown::start(request);
    let how = if ends_main {
        How::Graceful
    } else {
        How::Intercepted
    };
    end::graceful(how, first)
}

/// An unwind reached an immediate function's frame: if it is an exit
/// request, it goes no further (I2). Panics pass through (I3).
#[cold]
pub(crate) fn reached_immediate_frame() {
    // Only while an exit is in flight: when a request that left this thread
    // (a join, `resume_if_exit`) was caught elsewhere with `catch_exit`, this
    // thread's record of it is stale, and this unwind is a panic (I3).
    if let Some(request) = state::unwinding() {
        if state::first().is_some() {
            end::immediate(How::Immediate, state::claim(request).0);
        }
    }
}
