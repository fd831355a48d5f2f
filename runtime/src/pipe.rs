//! A command-line program whose reader goes away (`prog | head -1`) ends
//! quietly, as Unix tools do, instead of with a panic and 101 (C2):
//! `handle_closed_pipe()`. Nothing here exists until it is called: no
//! hook, no lock.

use std::any::Any;
use std::cell::Cell;
use std::io;
use std::sync::atomic::AtomicBool;

use crate::lines::How;
use crate::request::Cause;
use crate::{panics, shutdown, thread};

/// Whether the hook is installed.
static HANDLED: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// Set once a closed pipe's panic started to unwind this thread.
    static CLOSING: Cell<bool> = const { Cell::new(false) };
}

/// From now on, a write to a closed pipe ends the program quietly with
/// status 0, in order, as Unix tools end when their reader goes away
/// (`prog | head -1`) (C2). Calling it again does nothing. For command-line
/// programs: call it first thing in `main`.
///
/// Rust ignores `SIGPIPE`, so a write to a pipe whose reader has gone
/// fails with `BrokenPipe`: `println!` panics ("failed printing to
/// stdout"), and so does `unwrap()` or `expect()` on a write's result.
/// After this call such a panic prints nothing and starts a graceful
/// shutdown with status 0 (a shutdown under way keeps its own status). The
/// panic unwinds as any panic does, so every destructor on the way runs;
/// an annotated `main` then ends with 0 after the `at_exit` hooks, and
/// workers stop at their next [`checkpoint`](crate::checkpoint).
///
/// Where that unwind can't happen, the process ends where the write
/// failed, with the status under way: at once (no hook, no destructor)
/// for a closed pipe met while the thread already unwinds (a destructor
/// that prints, an exit under way), where a second unwind would abort, and
/// on the main thread of an unannotated `main`, which std's runtime would
/// end with 101; in order (the hooks run) under `panic = "abort"` (G8).
/// Annotate `main` for the orderly end.
///
/// It recognises a panic whose message is std's for a failed print, or
/// shows an `io::Error` of kind `BrokenPipe`; other panics reach the hook
/// that was in place (std's, or [`handle_panics`](crate::handle_panics)'s)
/// unchanged. Every broken pipe counts: a socket's, and a child process's
/// stdin after the child died (`write_all(..).unwrap()`), which then ends
/// the program with 0 too. So a service does not call this, nor a program
/// that feeds other processes. Called during a panic, it does nothing.
///
/// The status is 0, not death by `SIGPIPE` as for C tools: nothing failed,
/// the reader just wanted no more, and a shell with `set -o pipefail` sees
/// success. An error returned rather than unwrapped is the program's to
/// handle: `if e.kind() == io::ErrorKind::BrokenPipe { exit(0) }`.
///
/// ```no_run
/// use exit_policy::{exit_policy, handle_closed_pipe};
///
/// #[exit_policy(graceful)]
/// fn main() {
///     handle_closed_pipe();
///     for n in 0.. {
///         println!("{n}"); // `prog | head -1`: ends with 0, quietly
///     }
/// }
/// ```
pub fn handle_closed_pipe() {
    panics::chain_hook(&HANDLED, |info, previous| {
        if is_a_closed_pipe(info.payload()) {
            closed();
        } else {
            previous(info);
        }
    });
}

/// A write to a closed pipe panicked on this thread; this runs in the
/// panic hook, before the unwind.
fn closed() {
    shutdown::pipe_closed();
    if cfg!(panic = "abort") {
        // Nothing unwinds: end in order from here, as an exit does (G8).
        shutdown::end_in_order_for(Cause::ClosedPipe, How::Graceful);
    }
    // A panic while the thread unwinds (for this or an exit) would abort
    // when this hook returns.
    let unwinding = CLOSING.replace(true)
        || thread::local_exit().is_some()
        || shutdown::unwinds_for_this_thread().is_some();
    let unannotated_main =
        std::thread::current().name() == Some("main") && !thread::main_has_boundary();
    if unwinding || unannotated_main {
        let cause = shutdown::cause().unwrap_or(Cause::ClosedPipe);
        shutdown::end_at_once(cause, How::Immediate);
    }
}

/// Whether a panic's payload says a write found its pipe closed.
fn is_a_closed_pipe(payload: &(dyn Any + Send)) -> bool {
    let message = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied());
    message.is_some_and(|message| {
        // An `io::Error` shown with `{:?}` (`unwrap`, `expect`).
        message.contains("kind: BrokenPipe")
            || message.contains("Kind(BrokenPipe)")
            // std's own, for `print!` and `eprint!`, shows it with `{}`.
            || ["failed printing to stdout: ", "failed printing to stderr: "]
                .iter()
                .filter_map(|prefix| message.strip_prefix(prefix))
                .any(|error| {
                    BROKEN_PIPE
                        .iter()
                        .any(|&code| error == io::Error::from_raw_os_error(code).to_string())
                })
    })
}

/// The OS errors of a write to a pipe whose reader is gone.
#[cfg(unix)]
const BROKEN_PIPE: [i32; 1] = [libc::EPIPE];
/// `ERROR_BROKEN_PIPE` and `ERROR_NO_DATA` ("the pipe is being closed").
#[cfg(windows)]
const BROKEN_PIPE: [i32; 2] = [109, 232];
#[cfg(not(any(unix, windows)))]
const BROKEN_PIPE: [i32; 0] = [];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_pipe_is_recognised_in_the_messages_that_show_it() {
        let error = io::Error::from(io::ErrorKind::BrokenPipe);
        let os = io::Error::from_raw_os_error(BROKEN_PIPE[0]);
        let closed: [Box<dyn Any + Send>; 4] = [
            Box::new(format!("failed printing to stdout: {os}")),
            Box::new(format!("write: {os:?}")),
            Box::new(format!(
                "called `Result::unwrap()` on an `Err` value: {error:?}"
            )),
            Box::new(format!("failed printing to stderr: {os}")),
        ];
        for payload in &closed {
            assert!(is_a_closed_pipe(payload.as_ref()), "{payload:?}");
        }
        let other = io::Error::from(io::ErrorKind::NotFound);
        let not: [Box<dyn Any + Send>; 4] = [
            Box::new(format!("failed printing to stdout: {other}")),
            Box::new(format!("write: {other:?}")),
            Box::new("a plain panic"),
            Box::new(7_i32),
        ];
        for payload in &not {
            assert!(!is_a_closed_pipe(payload.as_ref()), "{payload:?}");
        }
    }
}
