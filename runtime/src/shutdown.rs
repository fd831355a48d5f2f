//! The shell around the state machine (`machine.rs`): the one lock it lives
//! behind, the copy of its code that lock-free readers load, the futures
//! that wait for a shutdown, the deadline's watchdog thread, and the ends
//! it asks for. Each function here applies one transition and does what
//! the transition returned.
//!
//! The happy path reads one atomic (`exiting`, `shutting_down`); the lock
//! is taken only on the exit path, by `set_deadline`, and by
//! `exit_requested()` futures when they wait.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use crate::end::{self, How, Level};
use crate::hooks;
#[cfg(feature = "signals")]
use crate::machine::SignalEffect;
use crate::machine::{Arm, Cause, Claim, Ender, Machine, MainEnd, ThreadKey, Watch};
use crate::request::{Exit, PanicSite, RequestId};
use crate::thread;

/// What is shared between threads and changes only off the happy path.
struct Shared {
    machine: Machine,
    /// The wakers of `exit_requested()` futures waiting for a shutdown, each
    /// under the number of the future that left it.
    waiting: Vec<(u64, Waker)>,
    /// The number the next waiting future gets.
    next_waiter: u64,
}

static SHARED: Mutex<Shared> = Mutex::new(Shared {
    machine: Machine::new(),
    waiting: Vec::new(),
    next_waiter: 0,
});

/// Notified on every transition: the watchdog and a `main` that waits for
/// another thread's unwind look again.
static CHANGED: Condvar = Condvar::new();

/// `Machine::exiting()`, copied after every transition for lock-free
/// readers; `NO_CODE` for `None`. Outside the `i32` range, so it can't
/// collide with a code.
static CODE: AtomicI64 = AtomicI64::new(NO_CODE);
const NO_CODE: i64 = i64::MIN;

/// Set once the deadline's watchdog thread has been started.
static WATCHDOG: AtomicBool = AtomicBool::new(false);

fn shared() -> MutexGuard<'static, Shared> {
    // Nothing panics while the lock is held, but a poisoned lock must never
    // stop an exit.
    SHARED.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Applies one transition, at the current time, and publishes the result.
fn transition<R>(step: impl FnOnce(&mut Machine, Instant) -> R) -> R {
    let mut shared = shared();
    let outcome = step(&mut shared.machine, Instant::now());
    publish(&shared);
    outcome
}

/// After a transition: the new code for lock-free readers, and a nudge for
/// whoever waits for a change.
fn publish(shared: &Shared) {
    let code = shared.machine.exiting().map_or(NO_CODE, i64::from);
    CODE.store(code, Ordering::Release);
    CHANGED.notify_all();
}

/// Applies a transition that may start a shutdown (`started` says whether
/// it did). A start is told to the program's logger first, then `first`
/// says what the caller has to say about it, and only then is it
/// published: so both come before anything the shutdown makes other
/// threads do (L2, S6), and no thread can end the process in the middle of
/// them. Then the waiting futures are woken and the deadline keeps time if
/// asked. Both run without the lock held: a logger that panics reaches the
/// panic hook, which takes it.
fn starting<R>(
    step: impl FnOnce(&mut Machine, Instant) -> R,
    started: impl FnOnce(&R) -> Option<Arm>,
    first: impl FnOnce(),
) -> R {
    let mut shared = shared();
    let outcome = step(&mut shared.machine, Instant::now());
    let Some(arm) = started(&outcome) else {
        publish(&shared);
        return outcome;
    };
    let cause = shared.machine.cause();
    drop(shared);
    if let Some(cause) = cause {
        announce(cause);
    }
    first();
    let waiting = {
        let mut shared = self::shared();
        publish(&shared);
        std::mem::take(&mut shared.waiting)
    };
    for (_, waker) in waiting {
        waker.wake();
    }
    keep_time(arm);
    outcome
}

/// The record the start of a shutdown is (L2), while the program and its
/// logger still run: an orderly `exit(0)` or a signal is news, a nonzero
/// exit is worth a look, a panic is an error.
fn announce(cause: Cause) {
    let level = match cause {
        Cause::Request(_, exit) if exit.code == 0 => Level::Info,
        Cause::Request(..) => Level::Warn,
        Cause::Signal(_) | Cause::Main(_) => Level::Info,
        Cause::Panic(_) => Level::Error,
    };
    end::log_only(
        level,
        format_args!(
            "shutdown started by {}: status {}",
            Named(cause),
            cause.code()
        ),
    );
}

/// Starts the deadline's watchdog the first time it is needed (D2).
fn keep_time(Arm(arm): Arm) {
    if !arm || WATCHDOG.swap(true, Ordering::AcqRel) {
        return;
    }
    let spawned = std::thread::Builder::new()
        .name("exit-policy-deadline".into())
        .spawn(watch);
    if let Err(error) = spawned {
        end::report(
            Level::Error,
            format_args!(
                "the deadline's watchdog thread could not start ({error}); this shutdown has no \
             deadline"
            ),
        );
    }
}

/// The watchdog: waits for a shutdown to run past the deadline, then ends
/// the process at once, as `exit_now` would, with the shutdown's code (D1).
fn watch() {
    let mut shared = shared();
    loop {
        match shared.machine.watch(Instant::now()) {
            Watch::Idle => {
                shared = CHANGED.wait(shared).unwrap_or_else(PoisonError::into_inner);
            }
            Watch::Sleep(left) => {
                shared = CHANGED
                    .wait_timeout(shared, left)
                    .unwrap_or_else(PoisonError::into_inner)
                    .0;
            }
            Watch::Overdue(cause, limit) => {
                drop(shared);
                end::report(
                    Level::Error,
                    format_args!(
                        "the shutdown for {} did not end within {limit:?}; ending the process now \
                     with status {}",
                        Named(cause),
                        cause.code()
                    ),
                );
                end_now(cause, How::Deadline);
            }
        }
    }
}

// ---- what the rest of the crate asks ----------------------------------

/// The code of the shutdown under way: one atomic load.
#[inline]
pub(crate) fn code() -> Option<i32> {
    i32::try_from(CODE.load(Ordering::Acquire)).ok()
}

/// Whether the process is shutting down: one relaxed atomic load, for
/// `checkpoint()`'s happy path.
#[inline]
pub(crate) fn shutting_down() -> bool {
    CODE.load(Ordering::Relaxed) != NO_CODE
}

/// What fixes the status now, if anything does.
pub(crate) fn cause() -> Option<Cause> {
    shared().machine.cause()
}

/// This thread asks for a graceful exit and will unwind for it.
pub(crate) fn request(exit: Exit) -> Claim {
    let me = ThreadKey(thread::key());
    starting(
        |machine, now| machine.request(exit, me, now),
        |claim| claim.started,
        || (),
    )
}

/// This thread continues request `id` (`resume_if_exit`).
pub(crate) fn resumed(id: RequestId, exit: Exit) -> Claim {
    let me = ThreadKey(thread::key());
    starting(
        |machine, now| machine.resumed(id, exit, me, now),
        |claim| claim.started,
        || (),
    )
}

/// `catch_exit` caught request `id`.
pub(crate) fn caught(id: RequestId) {
    transition(|machine, _| machine.caught(id));
}

/// Request `id` was dropped without `catch_exit`: if it started the
/// shutdown under way, the process ends here, in order, with one line
/// (G3); otherwise nothing happens.
pub(crate) fn dropped(id: RequestId) {
    let me = ThreadKey(thread::key());
    let unwinding_for = std::thread::panicking()
        .then(thread::unwinding)
        .flatten()
        .map(|(other, _)| other);
    if let Some(ender) = transition(|machine, now| machine.dropped(id, me, unwinding_for, now)) {
        end_in_order(ender, How::Intercepted);
    }
}

/// Whether request `id` belongs to the shutdown under way.
pub(crate) fn is_current(id: RequestId) -> bool {
    shared().machine.is_current(id)
}

/// A thread that unwound for an exit is gone.
pub(crate) fn thread_gone(key: u64) {
    transition(|machine, _| machine.thread_ended(ThreadKey(key)));
}

/// A handled signal arrived, asking for `exit`. Returns what it did; the
/// caller ends the process if that is what it says. If it starts a
/// shutdown, `first` runs before any other thread can see it.
#[cfg(feature = "signals")]
pub(crate) fn signal(exit: Exit, first: impl FnOnce()) -> SignalEffect {
    starting(
        |machine, now| machine.signal(exit, now),
        |effect| match effect {
            SignalEffect::Started(arm) => Some(*arm),
            SignalEffect::Joined | SignalEffect::EndNow(_) => None,
        },
        first,
    )
}

/// A panic happened (K1, K2): while running, it starts a shutdown with
/// status 101; `site` says where, and is called only then. Otherwise the
/// shutdown or end under way keeps its status.
pub(crate) fn panicked(site: impl FnOnce() -> PanicSite) {
    starting(
        |machine, now| machine.panicked(site, now),
        |arm| *arm,
        || (),
    );
}

/// Request `id`, caught by a pool, was handed to `panic_handler` on
/// purpose: as if dropped (G3), but without the interception line.
pub(crate) fn handed_over(id: RequestId) {
    let me = ThreadKey(thread::key());
    if let Some(ender) = transition(|machine, now| machine.dropped(id, me, None, now)) {
        end_in_order(ender, How::Graceful);
    }
}

/// This thread asks for a graceful exit that can't unwind (under
/// `panic = "abort"`, or during an unwind): returns the request, and who
/// ends the process in order, which the caller does next.
pub(crate) fn request_end(exit: Exit) -> (Claim, Ender) {
    let me = ThreadKey(thread::key());
    starting(
        |machine, now| machine.request_end(exit, me, now),
        |(claim, _)| claim.started,
        || (),
    )
}

/// Ends the process in order for the shutdown under way, or, if there is
/// none, for `fallback`.
pub(crate) fn end(fallback: Cause, how: How) -> ! {
    let me = ThreadKey(thread::key());
    let ender = transition(|machine, now| machine.end_in_order(me, fallback, now));
    end_in_order(ender, how)
}

/// The cause an immediate exit asking for `exit` ends the process with.
pub(crate) fn immediate(exit: Exit) -> Cause {
    transition(|machine, _| machine.end_now(exit))
}

/// An annotated `main` came to its end. With a shutdown under way, the
/// process ends for it, once no other thread unwinds for it (G1, G6), and
/// this never returns. Otherwise it returns: with `status`, after the hooks
/// ran for it; with `None`, at once, so that `main` can work out its status
/// (reporting an `Err` prints it) and come back.
pub(crate) fn main_ends(status: Option<i32>) {
    let me = ThreadKey(thread::key());
    let mut shared = shared();
    loop {
        let end = shared.machine.main_ends(me, status, Instant::now());
        publish(&shared);
        match end {
            MainEnd::Wait => {
                // Look again after any transition: the unwinding thread
                // ended, the exit was caught, or the process is ending.
                shared = CHANGED.wait(shared).unwrap_or_else(PoisonError::into_inner);
            }
            MainEnd::Own => {
                drop(shared);
                if let Some(status) = status {
                    hooks::run(status);
                }
                return;
            }
            MainEnd::Ender(ender) => {
                drop(shared);
                end_in_order(ender, How::Graceful)
            }
        }
    }
}

/// Ends the process in order, as `ender` says: the thread that ends it
/// runs the hooks, then ends it; any other waits to be taken down. Only
/// the thread that ends the process prints about it, so no line is cut
/// short by an end on another thread.
pub(crate) fn end_in_order(ender: Ender, how: How) -> ! {
    match ender {
        Ender::ThisThread(cause) => {
            if let How::Intercepted = how {
                end::report(
                    Level::Warn,
                    format_args!(
                        "{} was intercepted: a catch_unwind (or a thread or task join) caught it and \
                     dropped it instead of passing it to `exit_policy::resume_if_exit`; ending \
                     the process here with status {}",
                        Named(cause),
                        cause.code()
                    ),
                );
            }
            let status = end::status(cause.code());
            hooks::run(status);
            finish(how, cause, status)
        }
        Ender::Again(cause) => finish(how, cause, end::status(cause.code())),
        Ender::Another => loop {
            std::thread::park();
        },
    }
}

/// Ends the process in order once this thread ran the hooks for `cause`
/// with `status`: under `panic = "abort"`, from a hook that asked to exit.
pub(crate) fn finish_after_hooks(status: i32) -> ! {
    let cause = cause().unwrap_or(Cause::Main(status));
    finish(How::Graceful, cause, status)
}

/// The last step of an orderly end.
fn finish(how: How, cause: Cause, status: i32) -> ! {
    trace(how, cause, status);
    end::in_order(status, signal_of(cause))
}

/// Ends the process at once for `cause`: no destructor, no hook, no flush.
pub(crate) fn end_now(cause: Cause, how: How) -> ! {
    let status = end::status(cause.code());
    trace(how, cause, status);
    end::at_once(status, signal_of(cause))
}

/// The trace line (L1) for an end or a test boundary.
pub(crate) fn trace(how: How, cause: Cause, status: i32) {
    let took = shared()
        .machine
        .shutting_down_for(Instant::now())
        .unwrap_or_default();
    end::trace(how, &Named(cause), status, took);
}

/// The signal a shutdown started by one ends by (S5).
fn signal_of(cause: Cause) -> Option<i32> {
    match cause {
        Cause::Signal(exit) => exit.signal,
        Cause::Request(..) | Cause::Panic(_) | Cause::Main(_) => None,
    }
}

/// A cause as messages name it.
pub(crate) struct Named(pub(crate) Cause);

impl std::fmt::Display for Named {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Cause::Request(_, exit) | Cause::Signal(exit) => exit.fmt(f),
            Cause::Panic(site) => site.fmt(f),
            Cause::Main(status) => write!(f, "main's end with status {status}"),
        }
    }
}

// ---- the public functions ---------------------------------------------

/// The code of a graceful exit in progress anywhere in the process, from the
/// `exit` call until the process ends; `None` otherwise (also after
/// [`catch_exit`](crate::catch_exit) caught it).
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
    code()
}

/// How long a graceful shutdown may take before it is cut short (D1);
/// `None`, the default, means no limit.
///
/// The limit counts from the start of the shutdown: the first graceful exit
/// request, or the first handled signal. If destructors or `at_exit` hooks
/// are still running when it passes, the process ends at once, as
/// [`exit_now`](crate::exit_now) would, with the shutdown's code, and stderr
/// gets one line naming the code, where the exit was requested, and the
/// limit. A shutdown that ends in time prints nothing about it.
///
/// Nothing runs for the deadline until a shutdown starts (D2): its thread
/// starts with the first shutdown that has a deadline, and the happy path
/// never looks at it. Setting it during a shutdown applies to that shutdown,
/// counted from its start.
///
/// ```
/// use std::time::Duration;
///
/// exit_policy::set_deadline(Some(Duration::from_secs(5)));
/// // ... a `Drop` that hangs during an exit is cut 5 s after the exit call.
/// exit_policy::set_deadline(None);
/// ```
pub fn set_deadline(limit: Option<Duration>) {
    let arm = transition(|machine, _| machine.set_deadline(limit));
    keep_time(arm);
}

/// A future that completes, with the code, once the process is shutting
/// down: a handled signal arrived or an exit is in flight (S3).
///
/// It waits by leaving its waker with the shutdown state, so it holds no
/// thread of the runtime while it waits, and it allocates only when it
/// first waits. It is `Send`, `Sync` and `Unpin`, for `tokio::select!` and
/// friends:
///
/// ```no_run
/// use exit_policy::{exit, exit_policy, exit_requested, handle_signals};
///
/// #[exit_policy(graceful)]
/// #[tokio::main]
/// async fn main() {
///     handle_signals().expect("signal handlers");
///     loop {
///         tokio::select! {
///             code = exit_requested() => {
///                 println!("shutting down ({code}): closing connections");
///                 exit(code); // joins the shutdown: the first request's code wins
///             }
///             () = tokio::time::sleep(std::time::Duration::from_secs(1)) => {
///                 println!("tick");
///             }
///         }
///     }
/// }
/// ```
pub fn exit_requested() -> impl Future<Output = i32> + Send + Sync + Unpin + 'static {
    ExitRequested { waiter: None }
}

/// What [`exit_requested`] returns.
#[derive(Debug)]
struct ExitRequested {
    /// The number its waker is kept under, once it has waited.
    waiter: Option<u64>,
}

impl Future for ExitRequested {
    type Output = i32;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<i32> {
        if let Some(code) = code() {
            return Poll::Ready(code);
        }
        // Cloning and dropping a waker runs the executor's code, which must
        // not run under the lock: a panic there would reach the panic hook
        // of `handle_panics`, which takes the lock too.
        let waker = cx.waker().clone();
        let mut shared = shared();
        // The published code, not the machine's: a shutdown that is being
        // started is told to the logger (L2) and the terminal (S6) before
        // it is published, and no waiter may go on before that. Publishing
        // happens under this lock and takes the wakers with it, so a waker
        // left here now is woken then.
        if let Some(code) = code() {
            return Poll::Ready(code);
        }
        let id = *self.waiter.get_or_insert_with(|| {
            shared.next_waiter += 1;
            shared.next_waiter
        });
        let kept = shared.waiting.iter_mut().find(|(waiter, _)| *waiter == id);
        let replaced = if let Some((_, kept)) = kept {
            Some(std::mem::replace(kept, waker))
        } else {
            shared.waiting.push((id, waker));
            None
        };
        drop(shared);
        drop(replaced);
        Poll::Pending
    }
}

impl Drop for ExitRequested {
    fn drop(&mut self) {
        if let Some(id) = self.waiter {
            let mut shared = shared();
            let at = shared.waiting.iter().position(|(waiter, _)| *waiter == id);
            let removed = at.map(|at| shared.waiting.swap_remove(at));
            drop(shared);
            drop(removed);
        }
    }
}
