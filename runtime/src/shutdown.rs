//! The shell around the state machine (`machine.rs`): the one lock it lives
//! behind, the copy of its code that lock-free readers load, the wakers of
//! the futures that wait for a shutdown, and the deadline's watchdog thread.
//! Each function here applies one input of the machine and carries out the
//! decision it returned; only the functions named `end_*` end the process.
//!
//! The happy path reads one atomic (`code`, `shutting_down`); the lock is
//! taken only on the exit path, by `set_deadline`, and by `exit_requested()`
//! futures when they wait.

use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU32, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError, TryLockError};
use std::task::Waker;
use std::time::{Duration, Instant};

use crate::end;
use crate::hooks::{self, Failed};
use crate::lines::{self, Copied, Dropped, How, Running};
#[cfg(feature = "signals")]
use crate::machine::Signalled;
use crate::machine::{
    Arm, AtMain, Busy, Caught, Ender, Machine, Requested, Stop, ThreadKey, Watch,
};
use crate::request::{Cause, Exit, PanicSite, RequestId};
use crate::thread;

/// What is shared between threads and changes only off the happy path.
struct Shared {
    machine: Machine,
    /// The wakers of `exit_requested()` futures waiting for a shutdown, each
    /// under the number of the future that left it.
    waiting: Vec<(u64, Waker)>,
    /// The number the next waiting future gets.
    next_waiter: u64,
    /// A start is being told (`announce`): its code is not published yet,
    /// whatever transition comes meanwhile (a drain that ends, another
    /// thread's request), so that nothing sees the shutdown before its
    /// record and its line (L2, S6).
    announcing: bool,
}

static SHARED: Mutex<Shared> = Mutex::new(Shared {
    machine: Machine::new(),
    waiting: Vec::new(),
    next_waiter: 0,
    announcing: false,
});

/// Notified on every transition: the watchdog and a `main` that waits for
/// another thread's unwind look again.
static CHANGED: Condvar = Condvar::new();

/// `Machine::exiting()`, copied after every transition for lock-free
/// readers; `NO_CODE` for `None`. Outside the `i32` range, so it can't
/// collide with a code.
static CODE: AtomicI64 = AtomicI64::new(NO_CODE);
const NO_CODE: i64 = i64::MIN;

/// `Machine::draining()`, copied with `CODE`.
static DRAINING: AtomicBool = AtomicBool::new(false);

/// The names of the threads that unwind for an exit, by key, for the
/// deadline's line (O4): copied when a thread starts its unwind (the exit
/// path may allocate), read by the watchdog without waiting.
static NAMES: Mutex<Vec<(u64, Copied)>> = Mutex::new(Vec::new());

/// The request that started the last shutdown a request started, the key
/// of the thread that asked, and that thread's name if it has one: for the
/// trace (C3), which names the asker only for that very request.
static ASKED_ON: Mutex<Option<Asker>> = Mutex::new(None);

/// A request, the key of the thread that made it, and its name if it has
/// one.
type Asker = (RequestId, u64, Option<Box<str>>);

/// The process the deadline's watchdog thread was started in; 0 before.
/// A child forked after that has the value but not the thread: it starts
/// its own.
static WATCHDOG: AtomicU32 = AtomicU32::new(0);

fn shared() -> MutexGuard<'static, Shared> {
    // Nothing panics while the lock is held, but a poisoned lock must never
    // stop an exit.
    SHARED.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Applies one input, at the current time, and publishes the result.
fn transition<R>(input: impl FnOnce(&mut Machine, Instant) -> R) -> R {
    let mut shared = shared();
    let decision = input(&mut shared.machine, Instant::now());
    let woken = publish(&mut shared);
    drop(shared);
    wake(woken);
    decision
}

/// After a transition: the new code for lock-free readers, and a nudge for
/// whoever waits for a change. Once there is a code to see (a shutdown
/// started, or its drain ended), the waiting futures' wakers are taken,
/// to be woken (`wake`) once the lock is let go.
#[must_use = "the wakers taken must be woken"]
fn publish(shared: &mut Shared) -> Vec<(u64, Waker)> {
    let code = shared.machine.exiting().filter(|_| !shared.announcing);
    // Draining first: a reader that sees the code sees it draining too.
    DRAINING.store(shared.machine.draining(), Ordering::Release);
    CODE.store(code.map_or(NO_CODE, i64::from), Ordering::Release);
    CHANGED.notify_all();
    if code.is_some() {
        std::mem::take(&mut shared.waiting)
    } else {
        Vec::new()
    }
}

/// Wakes the futures `publish` took, without the lock held: a waker runs
/// the executor's code.
fn wake(woken: Vec<(u64, Waker)>) {
    for (_, waker) in woken {
        waker.wake();
    }
}

/// A shutdown that a transition started, not told or published yet.
#[derive(Clone, Copy)]
struct Started(Option<Cause>);

/// Applies an input that may start a shutdown (`started` says whether it
/// did). A start arms the deadline at once, so that nothing that comes
/// later (a logger that blocks) keeps it from counting; then it is to be
/// told (`announce`).
fn starting<R>(
    input: impl FnOnce(&mut Machine, Instant) -> R,
    started: impl FnOnce(&R) -> Option<Arm>,
) -> (R, Option<Started>) {
    // Before anything is decided, so that an end at once decided from here
    // on reads only these copies.
    read_settings();
    let mut shared = shared();
    let decision = input(&mut shared.machine, Instant::now());
    let Some(arm) = started(&decision) else {
        let woken = publish(&mut shared);
        drop(shared);
        wake(woken);
        return (decision, None);
    };
    let cause = shared.machine.cause();
    shared.announcing = true;
    // A watchdog left idle by an earlier shutdown (caught since) waits for
    // a change: this start is one, even before it is published.
    CHANGED.notify_all();
    drop(shared);
    // The deadline counts before anything that could block (S4, D1).
    keep_time(arm);
    if let Some(Cause::Request(id, _)) = cause {
        // The thread that applies a request's start is the one that asked
        // (or resumed it): named now, while allocating is still fine.
        let name = std::thread::current().name().map(Box::from);
        *ASKED_ON.lock().unwrap_or_else(PoisonError::into_inner) = Some((id, thread::key(), name));
    }
    (decision, Some(Started(cause)))
}

/// A start is told to the program's logger first, then `first` says what
/// the caller has to say about it, and only then is it published: so both
/// come before anything `exiting()`, `checkpoint()` and the waiting futures
/// make other threads do (L2, S6). A thread that reaches an end meanwhile
/// (an annotated `main` returning) does not wait for them: the end never
/// waits for a logger. Then the waiting futures are woken. All of it runs
/// without the lock held: a logger that panics reaches the panic hook,
/// which takes it.
///
/// systemd hears of it first (O1): for a signal, this runs off the signal
/// thread, which a send that blocks must not keep from a second signal.
fn announce(Started(cause): Started, first: impl FnOnce()) {
    #[cfg(feature = "systemd")]
    if let Some(cause) = cause {
        crate::systemd::stopping(cause);
    }
    if let Some(cause) = cause {
        lines::shutdown_started(cause);
    }
    first();
    let woken = {
        let mut shared = shared();
        shared.announcing = false;
        publish(&mut shared)
    };
    wake(woken);
}

/// Applies an input that may start a shutdown, and announces a start on
/// this thread.
fn starting_here<R>(
    input: impl FnOnce(&mut Machine, Instant) -> R,
    started: impl FnOnce(&R) -> Option<Arm>,
) -> R {
    let (decision, start) = starting(input, started);
    if let Some(start) = start {
        announce(start, || ());
    }
    decision
}

/// Runs `f` on a thread of its own, or here if none can start: for what
/// the signal thread must not wait for (a logger that blocks), since it
/// must stay free to see a second signal (S4), and for the wakers the
/// watchdog takes, which run an executor's code (a waker that blocks or
/// panics must not stop the deadline), and systemd's extensions (O1).
fn off_this_thread(f: impl FnOnce() + Send + 'static) {
    let f = std::sync::Arc::new(std::sync::Mutex::new(Some(f)));
    let on_its_own = std::sync::Arc::clone(&f);
    let spawned = std::thread::Builder::new()
        .name("exit-policy-announce".into())
        .spawn(move || {
            let f = on_its_own
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take();
            if let Some(f) = f {
                f();
            }
        });
    if spawned.is_err() {
        let f = f.lock().unwrap_or_else(PoisonError::into_inner).take();
        if let Some(f) = f {
            f();
        }
    }
}

// ---- the inputs, applied -----------------------------------------------

/// This thread asks for a graceful exit and will unwind for it.
pub(crate) fn requested(exit: Exit) -> Requested {
    let me = ThreadKey(thread::key());
    name_this_thread(me);
    starting_here(
        |machine, now| machine.requested(exit, me, now),
        |requested| requested.started,
    )
}

/// This thread asks for a graceful exit that can't unwind (under
/// `panic = "abort"`, or during an unwind): returns the request, the exit
/// the thread unwinds for (`local`, its own, or the one the shutdown knows
/// it unwinds for), and who ends the process in order, which the caller
/// does next.
pub(crate) fn requested_without_unwind(
    exit: Exit,
    local: Option<Exit>,
) -> (Requested, Option<Exit>, Ender) {
    let me = ThreadKey(thread::key());
    starting_here(
        |machine, now| {
            let current = local.or_else(|| machine.unwinds_for(me).map(|(_, exit)| exit));
            let (requested, ender) = machine.requested_without_unwind(exit, local, me, now);
            (requested, current, ender)
        },
        |(requested, ..)| requested.started,
    )
}

/// This thread continues request `id` (`resume_if_exit`, `main`'s
/// boundary).
pub(crate) fn resumed(id: RequestId, exit: Exit) -> Requested {
    let me = ThreadKey(thread::key());
    name_this_thread(me);
    starting_here(
        |machine, now| machine.resumed(id, exit, me, now),
        |requested| requested.started,
    )
}

/// `catch_exit` caught request `id`.
pub(crate) fn caught(id: RequestId) -> Caught {
    transition(|machine, _| machine.caught(id))
}

/// Request `id` was intercepted (caught and dropped without `catch_exit`):
/// if it carried the shutdown under way, the process ends here, in order,
/// with one line (G3) that says how it was dropped (G7); otherwise this
/// returns and nothing happens.
pub(crate) fn intercepted(id: RequestId) {
    let me = ThreadKey(thread::key());
    let panicking = std::thread::panicking();
    let (ender, held_here, own) = transition(|machine, _| {
        let own = machine.unwinds_for(me).map(|(own, _)| own);
        let ender = machine.intercepted(id, me, panicking);
        (ender, own == Some(id), own)
    });
    let Some(ender) = ender else {
        return;
    };
    let dropped = if panicking && own.is_none() {
        // Not unwinding for an exit: for a panic, which `.unwrap()` on a
        // join's result raises before it drops the payload.
        Dropped::InAPanic
    } else if !panicking && held_here && crate::exit::body_on_the_stack() == Some(false) {
        // Its own thread dropped it after the thread's body was over: std
        // dropping the result of a thread nobody joined.
        Dropped::ThreadEnded
    } else {
        Dropped::Caught
    };
    end_in_order(ender, How::Intercepted(dropped));
}

/// A thread's own exit (G4) was intercepted here: it ends the process here,
/// in order, with one line, unless a shutdown under way keeps its status.
pub(crate) fn local_intercepted(exit: Exit) {
    let me = ThreadKey(thread::key());
    let ender = starting_here(
        |machine, now| machine.local_intercepted(exit, me, now),
        |started| started.map(|(arm, _)| arm),
    );
    if let Some((_, ender)) = ender {
        end_in_order(ender, How::Intercepted(Dropped::Caught));
    }
}

/// Request `id`, caught by a pool, was handed to `panic_handler` on
/// purpose: as if intercepted (G3), but without the line.
pub(crate) fn handed_over(id: RequestId) {
    let me = ThreadKey(thread::key());
    if let Some(ender) = transition(|machine, _| machine.handed_over(id, me)) {
        end_in_order(ender, How::Graceful);
    }
}

/// A thread that unwound for an exit is gone.
pub(crate) fn thread_ended(key: u64) {
    transition(|machine, _| machine.thread_ended(ThreadKey(key)));
    names().retain(|(named, _)| *named != key);
}

fn names() -> MutexGuard<'static, Vec<(u64, Copied)>> {
    NAMES.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Notes this thread's name for the deadline's line (O4), on the exit
/// path, where copying it costs nothing that matters.
fn name_this_thread(me: ThreadKey) {
    let current = std::thread::current();
    let name = Copied::of(current.name().unwrap_or("<unnamed>"));
    let mut names = names();
    names.retain(|(key, _)| *key != me.0);
    names.push((me.0, name));
}

/// A `checkpoint()` at `at` saw the process shutting down: what it does.
pub(crate) fn checkpoint_reached(
    at: &'static std::panic::Location<'static>,
    can_unwind: bool,
) -> Stop {
    let me = ThreadKey(thread::key());
    let panicking = std::thread::panicking();
    starting_here(
        |machine, now| machine.checkpoint_reached(me, at, can_unwind, panicking, now),
        |_| None,
    )
}

/// An unwind on this thread reached an immediate frame entered before the
/// thread's last exit unwind started: the cause to end the process with at
/// once, if the thread unwinds for a request of the shutdown under way (I2).
pub(crate) fn unwound_into_immediate() -> Option<Cause> {
    let me = ThreadKey(thread::key());
    read_settings();
    shared().machine.unwound_into_immediate(me)
}

/// The request this thread unwinds for, as far as the shutdown knows.
pub(crate) fn unwinds_for_this_thread() -> Option<RequestId> {
    let me = ThreadKey(thread::key());
    shared().machine.unwinds_for(me).map(|(id, _)| id)
}

/// A handled signal arrived, asking for `exit`. Returns what it did; the
/// caller ends the process if that is what it says. If it starts a
/// shutdown, the start is told, and `first` says what it has to say, on a
/// thread of their own, before any other thread can see the shutdown.
#[cfg(feature = "signals")]
pub(crate) fn signalled(exit: Exit, first: impl FnOnce() + Send + 'static) -> Signalled {
    let (signalled, start) = starting(
        |machine, now| machine.signalled(exit, now),
        |signalled| match signalled {
            Signalled::Started(arm) => Some(*arm),
            Signalled::Joined | Signalled::AtOnce(_) => None,
        },
    );
    if let Some(start) = start {
        off_this_thread(move || announce(start, first));
    }
    signalled
}

/// Says `line` on a thread of its own: what the signal thread has to say
/// must not keep it from the next signal.
#[cfg(feature = "signals")]
pub(crate) fn say_off_the_signal_thread(line: impl FnOnce() + Send + 'static) {
    off_this_thread(line);
}

/// `request_exit` (G10): starts or joins the shutdown, and returns. A
/// start is told on this thread; its code is published then, or once it
/// has drained (O3).
pub(crate) fn asked(exit: Exit) {
    starting_here(|machine, now| machine.asked(exit, now), |arm| *arm);
}

/// `set_drain_delay` (O3).
pub(crate) fn drain_set(delay: Option<Duration>) {
    transition(|machine, _| machine.drain_set(delay));
}

/// A panic happened (K1, K2): while running, it starts a shutdown with
/// status 101; `site` says where, and is called only then. Otherwise the
/// shutdown or end under way keeps its status.
pub(crate) fn panicked(site: impl FnOnce() -> PanicSite) {
    starting_here(|machine, now| machine.panicked(site, now), |arm| *arm);
}

/// A print to a closed pipe panicked here, once `handle_closed_pipe()`
/// made that the program's quiet end (C2): while running, it starts a
/// shutdown with status 0.
pub(crate) fn pipe_closed() {
    starting_here(Machine::pipe_closed, |arm| *arm);
}

/// An immediate exit was asked for: the cause it ends the process with.
/// An exit this thread unwinds for as its own (G4) came first, and keeps
/// its code (G6).
pub(crate) fn immediate_requested(exit: Exit) -> Cause {
    let local = thread::local_exit();
    read_settings();
    transition(|machine, _| machine.immediate_requested(exit, local))
}

/// `set_deadline`: the deadline keeps time from now on if a shutdown is
/// under way.
pub(crate) fn deadline_set(limit: Option<Duration>) {
    let arm = transition(|machine, _| machine.deadline_set(limit));
    keep_time(arm);
}

/// An annotated `main` returned and has not reported its value yet. With a
/// shutdown under way, the process ends for it, once no other thread
/// unwinds for it (G1, G6), and this never returns. Otherwise it returns
/// at once, so that `main` can work out its status.
pub(crate) fn main_ending() {
    at_main(Machine::main_ending);
}

/// An annotated `main` ended with `status`. With a shutdown under way, as
/// `main_ending`. Otherwise the hooks run with `status`, and this returns.
pub(crate) fn main_ended(status: i32) {
    at_main(|machine, me| machine.main_ended(me, status));
    run_hooks(status);
}

/// Applies `input` at `main`'s end until it no longer says to wait; returns
/// if `main` ends with its own status.
fn at_main(input: impl Fn(&mut Machine, ThreadKey) -> AtMain) {
    // `main`'s end may decide an end at once later (a second signal while
    // the hooks run): the settings it reads are read now.
    read_settings();
    let me = ThreadKey(thread::key());
    let mut shared = shared();
    loop {
        let at_main = input(&mut shared.machine, me);
        let woken = publish(&mut shared);
        match at_main {
            AtMain::Wait if woken.is_empty() => {
                // Look again after any transition: the unwinding thread
                // ended, the exit was caught, or the process is ending.
                shared = CHANGED.wait(shared).unwrap_or_else(PoisonError::into_inner);
            }
            AtMain::Wait => {
                // Wakers to wake first, without the lock; then look again.
                drop(shared);
                wake(woken);
                shared = self::shared();
            }
            AtMain::Own => {
                drop(shared);
                wake(woken);
                return;
            }
            AtMain::Ender(ender) => {
                drop(shared);
                wake(woken);
                end_in_order(ender, How::Graceful)
            }
        }
    }
}

// ---- the ends ----------------------------------------------------------

/// Ends the process in order, as `ender` says: the thread that ends it
/// runs the hooks, then ends it; any other waits to be taken down. Only
/// the thread that ends the process prints about it, so no line is cut
/// short by an end on another thread.
pub(crate) fn end_in_order(ender: Ender, how: How) -> ! {
    match ender {
        Ender::ThisThread(cause) => {
            name_this_thread(ThreadKey(thread::key()));
            if let How::Intercepted(dropped) = how {
                lines::intercepted(cause, dropped);
            }
            let status = status(cause.code(), how);
            run_hooks(status);
            end_after_hooks_for(how, cause, status)
        }
        Ender::Again(cause) => end_after_hooks_for(how, cause, status(cause.code(), how)),
        Ender::Another => loop {
            std::thread::park();
        },
    }
}

/// Runs the `at_exit` hooks for `status`, with a line for each that went
/// wrong (H1).
pub(crate) fn run_hooks(status: i32) {
    hooks::run(status, |failed| match failed {
        Failed::Panicked => lines::hook_panicked(status),
        Failed::AskedToExit(exit) => lines::hook_exit_ignored(exit, status),
    });
}

/// Ends the process in order for the shutdown under way, or, if there is
/// none, for `fallback`, which then starts one as any other start does:
/// the deadline counts, and the start is told.
pub(crate) fn end_in_order_for(fallback: Cause, how: How) -> ! {
    let me = ThreadKey(thread::key());
    let (_, ender) = starting_here(
        |machine, now| machine.ready_to_end(me, fallback, now),
        |(started, _)| *started,
    );
    end_in_order(ender, how)
}

/// Ends the process in order once this thread ran the hooks for `status`:
/// under `panic = "abort"`, from a hook that asked to exit.
pub(crate) fn end_after_hooks(status: i32) -> ! {
    let cause = cause().unwrap_or(Cause::Main(status));
    end_after_hooks_for(How::Graceful, cause, status)
}

/// The last step of an orderly end, once the hooks ran.
fn end_after_hooks_for(how: How, cause: Cause, status: i32) -> ! {
    trace(how, cause, status);
    end::in_order(status, cause.signal(true))
}

/// Ends the process at once for `cause`: no destructor, no hook, no flush.
pub(crate) fn end_at_once(cause: Cause, how: How) -> ! {
    let status = status(cause.code_at_once(), how);
    trace(how, cause, status);
    end::at_once(status, cause.signal(false))
}

/// Reads what the exit path needs from the environment (the trace, L1; the
/// termination log, O2), before anything decides to end the process at
/// once: such an end then reads only these copies.
fn read_settings() {
    lines::read_trace_setting();
    crate::termination::read_setting();
}

/// The trace line (L1) for an end or a test boundary, and the termination
/// message (O2) for an end.
pub(crate) fn trace(how: How, cause: Cause, status: i32) {
    let took = shared()
        .machine
        .shutting_down_for(Instant::now())
        .unwrap_or_default();
    if !lines::tracing() && !crate::termination::wanted() {
        return;
    }
    // Another thread's request: the line names it too (C3). The name is
    // copied to the stack and the lock let go before the line is written,
    // which may reach the program's logger; a lock that is busy (its one
    // writer is a start on another thread) leaves the name out rather than
    // wait.
    let mut asker = None;
    let asked_on = match ASKED_ON.try_lock() {
        Ok(asked_on) => Some(asked_on),
        Err(TryLockError::Poisoned(asked_on)) => Some(asked_on.into_inner()),
        Err(TryLockError::WouldBlock) => None,
    };
    if let (Some(asked_on), Some(id)) = (asked_on, cause.request()) {
        if let Some((asked, key, name)) = asked_on.as_ref() {
            if *asked == id && *key != thread::key() {
                asker = Some(lines::Copied::of(name.as_deref().unwrap_or("<unnamed>")));
            }
        }
    }
    lines::trace(
        how,
        cause,
        status,
        took,
        asker.as_ref().map(lines::Copied::as_str),
    );
}

/// The status the OS will report for `code`, with one fix-up (G9): on Unix
/// a nonzero code whose low byte is zero would read as success.
fn status(code: i32, how: How) -> i32 {
    if cfg!(unix) && code != 0 && code.trailing_zeros() >= 8 {
        lines::low_byte_zero(code, how);
        return 1;
    }
    code
}

// ---- the deadline's watchdog -------------------------------------------

/// The name of the thread `busy` names, if it has one noted. The names'
/// writers are threads on the exit path; a busy lock leaves the name out
/// rather than wait.
fn name_of(busy: Busy) -> Option<Copied> {
    let (Busy::Ending(ThreadKey(key)) | Busy::Unwinding(ThreadKey(key))) = busy else {
        return None;
    };
    let names = NAMES.try_lock().ok()?;
    names
        .iter()
        .find(|(named, _)| *named == key)
        .map(|(_, name)| *name)
}

/// Starts the deadline's watchdog the first time it is needed (D2).
fn keep_time(Arm(arm): Arm) {
    let this_process = std::process::id();
    if !arm || WATCHDOG.swap(this_process, Ordering::AcqRel) == this_process {
        return;
    }
    let spawned = std::thread::Builder::new()
        .name("exit-policy-deadline".into())
        .spawn(watch);
    if let Err(error) = spawned {
        WATCHDOG.store(0, Ordering::Release);
        lines::no_watchdog(&error);
        // Nothing can time a drain either: it ends now rather than never.
        transition(|machine, _| machine.untimed());
    }
}

/// The watchdog: waits for a shutdown to run past the deadline, then ends
/// the process at once, as `exit_now` would, with the shutdown's code (D1).
fn watch() {
    #[cfg(feature = "systemd")]
    let mut extending = crate::systemd::Extending::new();
    let mut shared = shared();
    loop {
        let now = Instant::now();
        let watch = shared.machine.watch(now);
        // O1: systemd's stop timer is kept ahead of the deadline, once
        // the start has been told (STOPPING first). The message is sent
        // from a thread of its own: a send that blocks must not keep the
        // watchdog from the deadline, nor hold this lock.
        #[cfg(feature = "systemd")]
        let watch = {
            let shutdown = shared.machine.deadline_of_shutdown();
            match (
                watch,
                extending.look(now, shutdown.filter(|_| !shared.announcing)),
            ) {
                (Watch::Sleep(left), Some((send, next))) => {
                    if let Some(by) = send {
                        off_this_thread(move || crate::systemd::extend(by));
                    }
                    Watch::Sleep(left.min(next))
                }
                (watch, _) => watch,
            }
        };
        match watch {
            Watch::Idle => {
                shared = CHANGED.wait(shared).unwrap_or_else(PoisonError::into_inner);
            }
            Watch::Sleep(left) => {
                shared = CHANGED
                    .wait_timeout(shared, left)
                    .unwrap_or_else(PoisonError::into_inner)
                    .0;
            }
            Watch::Drained => {
                shared.machine.drained(now);
                let woken = publish(&mut shared);
                drop(shared);
                if !woken.is_empty() {
                    off_this_thread(move || wake(woken));
                }
                shared = self::shared();
            }
            Watch::Overdue(cause, limit, busy) => {
                drop(shared);
                let (hook, name) = (hooks::running_hook(), name_of(busy));
                let running = match (hook, busy, &name) {
                    (Some(at), ..) => Running::Hook(at),
                    (None, Busy::Draining, _) => Running::Draining,
                    (None, Busy::Ending(_), Some(name)) => Running::Ending(name.as_str()),
                    (None, Busy::Unwinding(_), Some(name)) => Running::Unwinding(name.as_str()),
                    (None, ..) => Running::Nothing,
                };
                lines::deadline_passed(cause, limit, running);
                end_at_once(cause, How::Deadline);
            }
        }
    }
}

// ---- what the rest of the crate asks -----------------------------------

/// The code of the shutdown under way: one atomic load.
#[inline]
pub(crate) fn code() -> Option<i32> {
    i32::try_from(CODE.load(Ordering::Acquire)).ok()
}

/// Whether a shutdown is under way, draining or not (O3): one atomic
/// load.
#[inline]
pub(crate) fn draining() -> bool {
    DRAINING.load(Ordering::Acquire)
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

/// An `exit_requested()` future that has not seen a shutdown: with the
/// lock held, the code if one was published since its fast check, or
/// else its waker is kept (under its number, `waiter`, given the first
/// time) until a shutdown starts. The waker a call replaces is returned,
/// to be dropped without the lock held: dropping a waker runs the
/// executor's code, and a panic there would reach the panic hook of
/// `handle_panics`, which takes the lock too.
pub(crate) fn wait_for_code(waiter: &mut Option<u64>, waker: Waker) -> Result<i32, Option<Waker>> {
    let mut shared = shared();
    // The published code, not the machine's: a shutdown that is being
    // started is told to the logger (L2) and the terminal (S6) before it is
    // published, and no waiter may go on before that. Publishing happens
    // under this lock and takes the wakers with it, so a waker left here
    // now is woken then.
    if let Some(code) = code() {
        return Ok(code);
    }
    let id = *waiter.get_or_insert_with(|| {
        shared.next_waiter += 1;
        shared.next_waiter
    });
    let kept = shared.waiting.iter_mut().find(|(waiter, _)| *waiter == id);
    Err(if let Some((_, kept)) = kept {
        Some(std::mem::replace(kept, waker))
    } else {
        shared.waiting.push((id, waker));
        None
    })
}

/// An `exit_requested()` future that waited is gone: its waker, if still
/// kept, is returned to be dropped without the lock held.
pub(crate) fn stop_waiting(waiter: u64) -> Option<Waker> {
    let mut shared = shared();
    let at = shared.waiting.iter().position(|(id, _)| *id == waiter);
    at.map(|at| shared.waiting.swap_remove(at).1)
}
