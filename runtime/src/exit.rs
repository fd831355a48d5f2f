//! Asking to exit, and what a request does once made: the graceful path
//! (unwind, or end in order where unwinding is impossible), the immediate
//! path, and what happens when an unwinding request is caught, forwarded or
//! intercepted. The shutdown it starts or joins is `shutdown.rs`.
//!
//! A graceful exit raised inside `catch_exit`, on the thread that runs it,
//! is that thread's alone while it unwinds to the catch (G4): its payload
//! is `Scope::Local`, and the shutdown never hears of it unless it leaves
//! that way (intercepted, resumed on another thread, or past every
//! `catch_exit`): then it becomes the process's own request, there.

use std::any::Any;
use std::panic::{self, AssertUnwindSafe, Location};

use crate::hooks;
use crate::lines::{self, How};
use crate::machine::{Caught, Stop};
use crate::policy::{self, Policy};
use crate::request::{Cause, Exit, Request, RequestId, Scope};
use crate::shutdown;
use crate::thread;

/// Asks the process to exit with `code`, under the policy of the innermost
/// annotated function on this thread.
///
/// - **Graceful** (also the default, with no annotated function active):
///   the thread unwinds, so every live value is dropped, innermost first;
///   then the process ends with `code`, after the [`at_exit`](crate::at_exit) hooks. No
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
    request(Exit::new(code, Location::caller()))
}

/// Ends the process at once with `code`, whatever the active policy.
///
/// Like Python's `os._exit`: no destructor runs on any thread, no
/// `catch_unwind` sees it, no panic hook, no [`at_exit`](crate::at_exit) hook and no libc
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
    immediate(Exit::now(code, Location::caller()))
}

/// Starts the graceful shutdown with `code`, or joins the one under way,
/// and returns: nothing unwinds, and the caller goes on (G10). An HTTP
/// handler answers its request; an admin command says "stopping".
///
/// From then on it is a shutdown like a signal's: [`exiting`](crate::exiting)
/// is `Some(code)` on every thread, [`checkpoint`] exits,
/// [`exit_requested`](crate::exit_requested) completes, and the deadline
/// counts ([`set_deadline`](crate::set_deadline)). With a drain delay
/// ([`set_drain_delay`](crate::set_drain_delay)), all but the deadline
/// waits for the drain, during which only [`draining`](crate::draining)
/// says so. The process ends with
/// `code` when the annotated `main` ends, whether it returns or unwinds,
/// after its destructors and the [`at_exit`](crate::at_exit) hooks. The
/// first request fixes the status (G6): during a shutdown, this changes
/// nothing.
///
/// An unannotated `main` that returns ends the process with its own
/// status, as std does: annotate `main`.
///
/// ```no_run
/// use exit_policy::{exit_policy, exit_requested, request_exit};
///
/// async fn admin_stop() -> &'static str {
///     request_exit(3); // returns: this request is answered
///     "stopping\n"
/// }
///
/// #[exit_policy(graceful)]
/// #[tokio::main]
/// async fn main() {
///     // axum::serve(listener, app).with_graceful_shutdown(exit_requested())
///     // finishes every request in flight; `main` returns; the status is 3.
///     # let _ = admin_stop;
///     exit_requested().await;
/// }
/// ```
#[track_caller]
pub fn request_exit(code: i32) {
    shutdown::asked(Exit::asked(code, Location::caller()));
}

/// Runs `f` and intercepts a graceful exit raised inside it, returning
/// `Err(Exit)`; the program goes on.
///
/// This is the one sanctioned way to stop an exit: for tests that assert
/// "this exits with 2", and for supervisors. Dropping the returned [`Exit`]
/// does nothing; [`Exit::resume`] continues it. Once caught, the exit is no
/// longer in progress: [`exiting`](crate::exiting) returns `None` again.
///
/// An exit raised inside `f` on this thread is this thread's alone while it
/// unwinds to the catch: other threads don't see it (their
/// [`exiting`](crate::exiting) is `None`, their
/// [`checkpoint`](crate::checkpoint)s return), so tests that assert exits
/// run in parallel with tests whose code checkpoints. An exit raised on
/// another thread is the process's, also when it is continued inside `f`
/// and caught here; then the process is running again.
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
    let outcome = {
        let _catching = thread::catching();
        panic::catch_unwind(AssertUnwindSafe(f))
    };
    match outcome {
        Ok(value) => Ok(value),
        Err(mut payload) => match payload.downcast_mut::<Request>() {
            Some(request) => Err(caught(request)),
            None => panic::resume_unwind(payload),
        },
    }
}

/// `catch_exit`, or a test's boundary, caught `request`: the exit it
/// stood for, which is no longer in progress.
pub(crate) fn caught(request: &mut Request) -> Exit {
    match request.disarm() {
        (Scope::Local { serial, origin }, exit) => {
            thread::local_over(serial, origin);
            exit
        }
        (Scope::Process(id), exit) => match shutdown::caught(id) {
            Caught::Shutdown(winner) => winner,
            Caught::Lost => exit,
        },
    }
}

/// For code that catches panics (thread joins, task joins, pools): if
/// `payload` is an exit request, the exit continues on this thread;
/// otherwise the payload is handed back. Called during an unwind (a `Drop`
/// that joins workers), where a second unwind would abort the process, the
/// exit can't unwind: the process ends in order from there, with the
/// status of the shutdown under way if there is one (G6, G8).
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
pub fn resume_if_exit(mut payload: Box<dyn Any + Send>) -> Box<dyn Any + Send> {
    let Some(request) = payload.downcast_mut::<Request>() else {
        return payload;
    };
    if std::thread::panicking() {
        resumed_during_an_unwind(request);
    }
    match request.scope {
        // Back on the thread it is the exit of, inside a `catch_exit`: it
        // stays that thread's alone.
        Scope::Local { origin, .. } if origin == thread::key() && thread::inside_catch_exit() => {
            thread::start_unwinding(shutdown::thread_ended);
        }
        Scope::Local { .. } => become_the_process_s(request),
        Scope::Process(id) => {
            shutdown::resumed(id, request.exit);
            thread::start_unwinding(shutdown::thread_ended);
        }
    }
    panic::resume_unwind(payload)
}

/// `resume_if_exit` during an unwind (a `Drop` that joins workers): a
/// second unwind would abort the process, so the exit goes on as one that
/// can't unwind (G8): the process ends in order from here, with the status
/// of the shutdown under way if there is one (G6).
#[cold]
fn resumed_during_an_unwind(request: &mut Request) -> ! {
    let (id, exit) = take(request);
    shutdown::resumed(id, exit);
    shutdown::end_in_order_for(Cause::Request(id, exit), How::Graceful)
}

/// A local exit leaves its thread's `catch_exit`: from here on it is the
/// process's own request, made on this thread, which unwinds for it.
fn become_the_process_s(request: &mut Request) {
    if let (Scope::Local { serial, origin }, exit) = request.disarm() {
        thread::local_over(serial, origin);
        let requested = shutdown::requested(exit);
        thread::start_unwinding(shutdown::thread_ended);
        *request = Request::armed(Scope::Process(requested.id), exit, intercepted);
    }
}

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

/// Where a thread can stop: returns at once unless the process is shutting
/// down, and then behaves as [`exit`](crate::exit) called on this line with
/// the shutdown's code, under the policy in force here (S2).
///
/// The process is shutting down once a handled signal arrived
/// ([`handle_signals`](crate::handle_signals)) or an exit is in flight on any
/// thread. A graceful checkpoint then unwinds this thread, so its values
/// drop; an immediate one ends the process. Its request loses the race to
/// the one already in flight (G6) and changes nothing else. It returns where
/// it can't or mustn't unwind: on a thread already unwinding for an exit,
/// on the thread that ends the process (the `at_exit` hooks, its
/// thread-locals' destructors), and in a thread-local's destructor once the
/// thread's body is over, on a thread that met the shutdown before. Under
/// `panic = "abort"` it can't unwind at all: while another thread ends the
/// process it returns, and otherwise it ends the process in order.
///
/// The happy path is one relaxed atomic load.
///
/// Workers that call it in their loops stop cleanly when `main` exits:
///
/// ```no_run
/// use exit_policy::{checkpoint, exit, exit_policy, resume_if_exit};
///
/// #[exit_policy(graceful)]
/// fn main() {
///     let workers = Workers((0..4).map(|_| std::thread::spawn(work)).collect());
///     exit(3); // unwinds main: `workers` is dropped, which joins them
/// }
///
/// fn work() {
///     loop {
///         checkpoint(); // once main exits, this worker unwinds from here
///         // ... one unit of work ...
///     }
/// }
///
/// /// Joins the workers when dropped, also while `main` unwinds.
/// struct Workers(Vec<std::thread::JoinHandle<()>>);
///
/// impl Drop for Workers {
///     fn drop(&mut self) {
///         for worker in self.0.drain(..) {
///             // A worker stopped at its checkpoint comes back as Err; its
///             // request lost the race to main's, so dropping it is silent.
///             let _ = worker.join();
///         }
///     }
/// }
/// ```
#[inline]
#[track_caller]
pub fn checkpoint() {
    if shutdown::shutting_down() {
        stop_here(Location::caller());
    }
}

#[cold]
#[inline(never)]
fn stop_here(at: &'static Location<'static>) {
    // From now on this thread notes the end of its body: a checkpoint in a
    // thread-local destructor, where nothing can unwind, then returns.
    thread::met_a_shutdown(None);
    let unwinding_locally = std::thread::panicking() && thread::local_exit().is_some();
    if thread::body_over() || hooks::running().is_some() || unwinding_locally {
        return;
    }
    match shutdown::checkpoint_reached(at, cfg!(panic = "unwind")) {
        Stop::Return => {}
        Stop::Exit(code) => request(Exit::new(code, at)),
        Stop::EndInOrder(ender) => shutdown::end_in_order(ender, How::Graceful),
    }
}

/// A request to exit, under the policy in force on this thread (P1, P2).
pub(crate) fn request(exit: Exit) -> ! {
    match policy::in_force() {
        Some(Policy::Immediate) => immediate(exit),
        Some(Policy::Graceful) | None => graceful(exit),
    }
}

/// The immediate path: the process ends now, with the status of the
/// shutdown under way if there is one (G6), otherwise with `exit`'s.
fn immediate(exit: Exit) -> ! {
    let cause = shutdown::immediate_requested(exit);
    if cause.code_at_once() != exit.code {
        lines::immediate_keeps_the_earlier_code(exit, cause);
    }
    shutdown::end_at_once(cause, How::Immediate)
}

/// The graceful path: unwind if possible, or end in order if not.
fn graceful(exit: Exit) -> ! {
    if let Some(status) = hooks::running() {
        if cfg!(panic = "abort") {
            // It can't unwind back to the hook runner: it is ignored all
            // the same (G6, G8); the remaining hooks run from here.
            lines::hook_exit_ignored(exit, status);
            shutdown::run_hooks(status);
            shutdown::end_after_hooks(status);
        }
        // A request from an at_exit hook changes nothing (G6). The hook
        // runner catches this unwind; that is safe even mid-panic, because
        // the runner's `catch_unwind` sits between here and any cleanup
        // frame.
        panic::resume_unwind(Box::new(Request::disarmed(
            Scope::Process(RequestId::NONE),
            exit,
        )));
    }
    if cfg!(panic = "abort") || std::thread::panicking() {
        // Nothing can unwind (G8), or a second unwind would abort the
        // process (G6): hooks, flush, then the code. The exit this thread
        // unwinds for is its own, or the one the shutdown says it carries.
        let local = thread::local_exit();
        let (requested, current, ender) = shutdown::requested_without_unwind(exit, local);
        if std::thread::panicking() {
            let code = requested.cause.code();
            match current {
                Some(current) => lines::came_while_unwinding(exit, current, code),
                None => lines::came_during_a_panic(exit, code),
            }
        }
        shutdown::end_in_order(ender, How::Graceful);
    }
    if thread::inside_catch_exit() && shutdown::code().is_none() {
        // This thread's alone while it unwinds to the catch (G4). During a
        // shutdown it is a later request of that shutdown instead, whose
        // payload may come to carry the first one (G3).
        let serial = thread::start_local(exit);
        let origin = thread::key();
        let scope = Scope::Local { serial, origin };
        panic::resume_unwind(Box::new(Request::armed(scope, exit, intercepted)));
    }
    let requested = shutdown::requested(exit);
    thread::start_unwinding(shutdown::thread_ended);
    // `resume_unwind` skips the panic hook: no message, no backtrace (G1).
    panic::resume_unwind(Box::new(Request::armed(
        Scope::Process(requested.id),
        exit,
        intercepted,
    )))
}

/// Takes the request out of a caught payload, so that dropping the payload
/// does nothing, and makes it the process's own if it was a thread's alone
/// (a boundary takes it on): returns its identity.
pub(crate) fn take(payload: &mut Request) -> (RequestId, Exit) {
    match payload.disarm() {
        (Scope::Process(id), exit) => (id, exit),
        (Scope::Local { serial, origin }, exit) => {
            thread::local_over(serial, origin);
            (shutdown::requested(exit).id, exit)
        }
    }
}

/// An armed payload was dropped: someone caught the unwind and threw the
/// request away, which intercepts it. That ends the process there (G3) if
/// the request carried the shutdown under way, or, if it was a thread's
/// alone (G4), starts one that ends there; a request that lost a race
/// changes nothing (G6). The one exception is std's runtime ending an
/// unannotated `main` the normal way, which ends the process with the
/// shutdown's code, silently (B2).
fn intercepted(scope: Scope, exit: Exit) {
    match scope {
        Scope::Local { serial, origin } => {
            thread::local_over(serial, origin);
            shutdown::local_intercepted(exit);
        }
        Scope::Process(id) => {
            if ends_unannotated_main(id) {
                shutdown::end_in_order_for(Cause::Request(id, exit), How::Graceful);
            }
            shutdown::intercepted(id);
        }
    }
}

/// Whether dropping request `id` here is std's runtime catching the main
/// thread's own unwind after an unannotated `main` unwound: the expected
/// end, not an interception (B2). A request from another thread, dropped
/// on the main thread with its `JoinHandle`, is not. Where the symbols are
/// stripped nothing can be told, and the drop is taken for the normal end:
/// silent.
fn ends_unannotated_main(id: RequestId) -> bool {
    !thread::main_has_boundary()
        && std::thread::current().name() == Some("main")
        && shutdown::unwinds_for_this_thread() == Some(id)
        && body_on_the_stack() != Some(true)
}

/// Whether this thread's body (`main`, or the closure a spawned thread
/// runs) is still on this stack, so a drop here is a catch inside it. std
/// calls both through a frame named `__rust_begin_short_backtrace`, which
/// is gone once the body has returned or unwound. A backtrace shows it, at
/// the cost of resolving symbols, which this cold path pays once (about
/// half a millisecond in a release binary; more where debug information is
/// large). Where the symbols are stripped (no frame of this crate has a
/// name), nothing can be told: `None`.
#[cold]
pub(crate) fn body_on_the_stack() -> Option<bool> {
    let trace = format!("{:?}", std::backtrace::Backtrace::force_capture());
    if trace.contains("__rust_begin_short_backtrace") {
        Some(true)
    } else if trace.contains("exit_policy") {
        Some(false)
    } else {
        None
    }
}
