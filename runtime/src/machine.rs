//! The process's shutdown as one state machine, with no I/O: it touches no
//! static, thread, clock or stream. So every order of events can be checked
//! in one process (`machine/model.rs`).
//!
//! Its interface reads as a grammar:
//!
//! - an **input** is named for the event that happened (`requested`,
//!   `requested_without_unwind`, `resumed`, `caught`, `intercepted`,
//!   `local_intercepted`, `handed_over`, `thread_ended`, `signalled`,
//!   `panicked`,
//!   `checkpoint_reached`, `unwound_into_immediate`, `ready_to_end`,
//!   `main_ending`, `main_ended`, `immediate_requested`, `deadline_set`,
//!   `asked`, `drain_set`, `drained`, `untimed`); it
//!   takes what it needs (the thread, the time), changes the state, and
//!   returns a **decision** named for what it says (`Requested`, `Caught`,
//!   `Signalled`, `Stop`, `Ender`, `AtMain`, `Arm`): what the shell in
//!   `shutdown.rs` must do next (wake the waiting futures, arm the deadline,
//!   unwind, end the process at once or in order, wait);
//! - a **query** (`exiting`, `draining`, `cause`, `shutting_down_for`,
//!   `unwinds_for`, `watch`) changes nothing.
//!
//! Nothing here ends the process: only `end.rs` does.
//!
//! The states and every transition between them are the contract page's
//! state table (`contract.md`, "The shutdown, as states"), with the same
//! names: the model test counts its rows. In short:
//!
//! - `Running`: nothing asked to end. `exiting()` is `None`.
//! - `ShuttingDown`: the first request or signal fixed the status; later
//!   ones lose the race and change nothing. One that unwound nothing (a
//!   signal, `request_exit`) may drain first: only `draining()` sees it
//!   until the drain delay passes, or a request or panic ends the drain. It knows when it started (for
//!   the deadline), whether a signal arrived during it (a second one ends
//!   the process at once), and which payload carries its request (the
//!   request's own, until it is intercepted on a thread that unwinds for a
//!   later request of the same shutdown: then that one's).
//! - `Ending`: one thread runs the `at_exit` hooks, then ends the process;
//!   any other that gets there waits to be taken down. It is the end of a
//!   shutdown, or of `main` with its own status.
//!
//! Besides the phase, the machine knows which request each thread unwinds
//! for: the one it raised or last resumed, until that payload is caught,
//! intercepted or handed over, wherever that happens, or the thread ends. A
//! thread can't be told from another thread that its payload moved on, so
//! this record is kept here, where every thread's events arrive, and not in
//! the thread itself. The happy path never reads any of it: the policy in
//! force (`policy.rs`) and the count of unwinds an immediate frame notes
//! (`thread.rs`) are thread-locals.

use std::panic::Location;
use std::time::{Duration, Instant};

use crate::request::{Cause, Exit, PanicSite, RequestId};

#[cfg(test)]
mod model;

/// A thread taking part in a shutdown, by a number the shell gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ThreadKey(pub(crate) u64);

/// A shutdown under way, and what belongs to it alone.
#[derive(Clone, Copy, Debug)]
struct Shutdown {
    /// Never `Cause::Main`: a shutdown starts from a request or a signal.
    cause: Cause,
    started: Instant,
    /// A handled signal arrived during this shutdown (S4 counts from here).
    signalled: bool,
    /// The request whose payload carries the cause's request, if a request
    /// started it: its own, or a later request of this shutdown whose
    /// thread intercepted it while unwinding (G3). Catching, intercepting
    /// or resuming the carrier is doing so to the cause.
    carrier: Option<RequestId>,
    /// Every request made since this shutdown started has an id at least
    /// this; with the cause's own request, they are this shutdown's.
    since: u64,
    /// While it drains (O3): when the drain ends. Nothing but `draining()`
    /// sees the shutdown until then.
    drain: Option<DrainEnd>,
}

/// When a drain ends by itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DrainEnd {
    At(Instant),
    /// A delay too long for the clock: only a request, a panic or an end
    /// stops it.
    Never,
}

impl Shutdown {
    /// Whether request `id` is this shutdown's: its cause, or made since it
    /// started.
    fn owns(&self, id: RequestId) -> bool {
        self.cause.request() == Some(id) || id.0 >= self.since
    }
}

/// What is ending the process.
#[derive(Clone, Copy, Debug)]
enum EndOf {
    /// A shutdown reached its end.
    Shutdown(Shutdown),
    /// `main` ended with nothing shutting down; a signal may have arrived
    /// since.
    Main { status: i32, signalled: bool },
}

impl EndOf {
    fn cause(self) -> Cause {
        match self {
            EndOf::Shutdown(shutdown) => shutdown.cause,
            EndOf::Main { status, .. } => Cause::Main(status),
        }
    }
}

#[derive(Clone, Copy, Debug)]
enum Phase {
    Running,
    ShuttingDown(Shutdown),
    Ending { ender: ThreadKey, of: EndOf },
}

/// The phase, by name, for the model test.
#[cfg(test)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PhaseName {
    Running,
    ShuttingDown,
    Ending,
}

/// What a graceful request, or a resumed one, did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Requested {
    /// The request's identity.
    pub(crate) id: RequestId,
    /// What fixes the status now: this request, or what came before.
    pub(crate) cause: Cause,
    /// It started a shutdown: wake the waiting futures; arm the deadline if
    /// `arm`.
    pub(crate) started: Option<Arm>,
}

/// Whether the deadline's watchdog must keep time from now on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Arm(pub(crate) bool);

/// What `catch_exit` caught.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Caught {
    /// The payload carried the shutdown under way, whose request is this:
    /// the process is running again.
    Shutdown(Exit),
    /// A request that lost the race, or whose shutdown is over: nothing
    /// changes.
    Lost,
}

/// What a handled signal does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Signalled {
    /// It started a shutdown: wake the waiting futures, arm the deadline
    /// if asked, and, at a terminal, say so.
    Started(Arm),
    /// It joined the shutdown or end under way, which keeps its status.
    Joined,
    /// A second signal during one shutdown: end the process at once, by
    /// this signal, with one line (S4).
    AtOnce(Cause),
}

/// What a `checkpoint()` does once it has seen a shutdown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stop {
    /// Return: the shutdown was caught since, or this thread already
    /// unwinds for an exit, or it ends the process itself (its hooks, its
    /// final exit), or it can't unwind while another thread ends the
    /// process.
    Return,
    /// Exit here with this code, under the policy in force (S2).
    Exit(i32),
    /// This thread can't unwind, and nobody ends the process yet: it does,
    /// in order, as `ender` says.
    EndInOrder(Ender),
}

/// Who ends the process in order, as seen by a thread that wants to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ender {
    /// This thread: it runs the hooks, then ends the process for `Cause`.
    ThisThread(Cause),
    /// This thread already is, and came back from a hook's cleanup: only
    /// the final exit is left.
    Again(Cause),
    /// Another thread is; it will take this one down.
    Another,
}

/// What an annotated `main` does at its end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AtMain {
    /// Nothing is shutting down: `main` ends with its own status.
    Own,
    /// Another thread still unwinds for the shutdown's request: wait until
    /// it is done, then ask again.
    Wait,
    /// End the process for the shutdown under way.
    Ender(Ender),
}

/// What the deadline's watchdog should do now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Watch {
    /// Nothing to keep time for: wait for a change.
    Idle,
    /// Look again after this long, or at a change.
    Sleep(Duration),
    /// The drain delay passed: apply `drained`, then look again.
    Drained,
    /// The shutdown for `Cause` ran past `limit`: end the process at once.
    /// What it was still doing is named in the line (O4).
    Overdue(Cause, Duration, Busy),
}

/// What a shutdown was still doing when its deadline passed (O4), as far
/// as the machine knows; the shell knows which hook runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Busy {
    /// Draining: the drain delay had not passed.
    Draining,
    /// This thread was ending the process (its hooks, its last steps).
    Ending(ThreadKey),
    /// This thread was unwinding for a request of the shutdown.
    Unwinding(ThreadKey),
    /// No thread unwound for it: `main` had not come to its end.
    Nothing,
}

/// A thread and the request it unwinds for.
#[derive(Clone, Copy, Debug)]
struct Unwinding {
    thread: ThreadKey,
    id: RequestId,
    exit: Exit,
}

/// The shutdown state of one process.
#[derive(Debug)]
pub(crate) struct Machine {
    phase: Phase,
    deadline: Option<Duration>,
    drain: Option<Duration>,
    requests: u64,
    /// Which request each thread unwinds for, at most one per thread (see
    /// the module's doc).
    unwinding: Vec<Unwinding>,
}

impl Machine {
    /// A process that is running, with no deadline.
    pub(crate) const fn new() -> Self {
        Self {
            phase: Phase::Running,
            deadline: None,
            drain: None,
            requests: 0,
            unwinding: Vec::new(),
        }
    }

    // ---- queries -------------------------------------------------------

    /// The phase, by name.
    #[cfg(test)]
    pub(crate) fn phase(&self) -> PhaseName {
        match self.phase {
            Phase::Running => PhaseName::Running,
            Phase::ShuttingDown(_) => PhaseName::ShuttingDown,
            Phase::Ending { .. } => PhaseName::Ending,
        }
    }

    /// What `exiting()` says: the code of the shutdown under way, also while
    /// it ends; `None` while running and while `main` ends with its own
    /// status.
    /// While a shutdown drains, `None` too (O3).
    pub(crate) fn exiting(&self) -> Option<i32> {
        self.shutdown()
            .filter(|shutdown| shutdown.drain.is_none())
            .map(|shutdown| shutdown.cause.code())
    }

    /// What `draining()` says: whether a shutdown is under way, draining
    /// or not, also while it ends (O3).
    pub(crate) fn draining(&self) -> bool {
        self.shutdown().is_some()
    }

    /// What fixes the status now, if anything does.
    pub(crate) fn cause(&self) -> Option<Cause> {
        match self.phase {
            Phase::Running => None,
            Phase::ShuttingDown(shutdown) => Some(shutdown.cause),
            Phase::Ending { of, .. } => Some(of.cause()),
        }
    }

    /// How long the shutdown under way (or ending) has taken at `now`.
    pub(crate) fn shutting_down_for(&self, now: Instant) -> Option<Duration> {
        self.shutdown()
            .map(|shutdown| now.saturating_duration_since(shutdown.started))
    }

    /// When the shutdown under way (or ending) started, and its deadline,
    /// if it has one: for systemd's stop timer (O1).
    #[cfg(feature = "systemd")]
    pub(crate) fn deadline_of_shutdown(&self) -> Option<(Instant, Duration)> {
        Some((self.shutdown()?.started, self.deadline?))
    }

    /// The deadline set with `set_deadline`.
    #[cfg(test)]
    pub(crate) fn deadline(&self) -> Option<Duration> {
        self.deadline
    }

    /// The request thread `me` unwinds for, as far as the machine knows.
    pub(crate) fn unwinds_for(&self, me: ThreadKey) -> Option<(RequestId, Exit)> {
        self.unwinding
            .iter()
            .find(|unwinding| unwinding.thread == me)
            .map(|unwinding| (unwinding.id, unwinding.exit))
    }

    /// What the deadline's watchdog should do at `now` (D1): a shutdown and
    /// its hooks must end within the limit from its start. The end of
    /// `main` with its own status has no deadline.
    /// A drain that ends first is `Drained`; the deadline counts from the
    /// start, drain included.
    pub(crate) fn watch(&self, now: Instant) -> Watch {
        let Some(shutdown) = self.shutdown() else {
            return Watch::Idle;
        };
        let deadline_left = self.deadline.map(|limit| {
            let elapsed = now.saturating_duration_since(shutdown.started);
            (limit, limit.saturating_sub(elapsed))
        });
        if let Some((limit, Duration::ZERO)) = deadline_left {
            return Watch::Overdue(shutdown.cause, limit, self.busy());
        }
        let drain_left = match shutdown.drain {
            Some(DrainEnd::At(until)) => Some(until.saturating_duration_since(now)),
            Some(DrainEnd::Never) | None => None,
        };
        if drain_left == Some(Duration::ZERO) {
            return Watch::Drained;
        }
        match (deadline_left.map(|(_, left)| left), drain_left) {
            (Some(a), Some(b)) => Watch::Sleep(a.min(b)),
            (Some(left), None) | (None, Some(left)) => Watch::Sleep(left),
            (None, None) => Watch::Idle,
        }
    }

    /// What the shutdown under way is doing, as far as the machine knows
    /// (O4): draining; or ending the process on a thread; or else waiting
    /// for the thread that unwinds for its request, or for any that
    /// unwinds for a request of it.
    fn busy(&self) -> Busy {
        match self.phase {
            Phase::Ending { ender, .. } => Busy::Ending(ender),
            Phase::ShuttingDown(Shutdown { drain: Some(_), .. }) => Busy::Draining,
            Phase::ShuttingDown(shutdown) => shutdown
                .carrier
                .and_then(|id| self.holder_of(id))
                .or_else(|| {
                    self.unwinding
                        .iter()
                        .find(|unwinding| shutdown.owns(unwinding.id))
                        .map(|unwinding| unwinding.thread)
                })
                .map_or(Busy::Nothing, Busy::Unwinding),
            Phase::Running => Busy::Nothing,
        }
    }

    // ---- inputs: what happened ----------------------------------------

    /// Thread `me` asked for a graceful exit and will unwind for it.
    pub(crate) fn requested(&mut self, exit: Exit, me: ThreadKey, now: Instant) -> Requested {
        let id = self.new_id();
        self.record(me, id, exit);
        self.stop_draining();
        let started = self.start(Cause::Request(id, exit), now);
        Requested {
            id,
            cause: self.cause().unwrap_or(Cause::Request(id, exit)),
            started,
        }
    }

    /// Thread `me` asked for a graceful exit that can't unwind (under
    /// `panic = "abort"`, or during an unwind that a second one would
    /// abort): the process ends in order right away. `local` is the exit
    /// that is the thread's alone, if it unwinds for one (G4): it came
    /// first, so it becomes the process's request before this one, and
    /// keeps its code (G6). Returns the request, and who ends the process.
    pub(crate) fn requested_without_unwind(
        &mut self,
        exit: Exit,
        local: Option<Exit>,
        me: ThreadKey,
        now: Instant,
    ) -> (Requested, Ender) {
        self.stop_draining();
        let mut started = local.and_then(|local| {
            let id = self.new_id();
            self.start(Cause::Request(id, local), now)
        });
        let id = self.new_id();
        started = started.or(self.start(Cause::Request(id, exit), now));
        let cause = self.cause().unwrap_or(Cause::Request(id, exit));
        let requested = Requested { id, cause, started };
        (requested, self.ender(me))
    }

    /// Thread `me` continued request `id` (`resume_if_exit`), or took it at
    /// `main`'s boundary: it unwinds for it now, and the thread the request
    /// came from no longer does. If the shutdown the request belonged to is
    /// over, it starts a new one: the caller asked for the exit to go on.
    pub(crate) fn resumed(
        &mut self,
        id: RequestId,
        exit: Exit,
        me: ThreadKey,
        now: Instant,
    ) -> Requested {
        self.record(me, id, exit);
        self.stop_draining();
        let started = self.start(Cause::Request(id, exit), now);
        Requested {
            id,
            cause: self.cause().unwrap_or(Cause::Request(id, exit)),
            started,
        }
    }

    /// `catch_exit` caught request `id`. If its payload carried the
    /// shutdown under way, the process is running again and everything that
    /// belonged to that shutdown (its signal, its deadline) is gone.
    pub(crate) fn caught(&mut self, id: RequestId) -> Caught {
        self.forget(id);
        match self.phase {
            Phase::ShuttingDown(Shutdown {
                carrier: Some(carrier),
                cause: Cause::Request(_, exit),
                ..
            }) if carrier == id => {
                self.phase = Phase::Running;
                Caught::Shutdown(exit)
            }
            _ => Caught::Lost,
        }
    }

    /// Request `id` was intercepted on thread `me`: caught and dropped
    /// without `catch_exit` (G3); `panicking` says whether the thread is
    /// unwinding as it drops it. If the payload carried the shutdown under
    /// way, this thread ends the process in order, where the drop is. One
    /// exception: a thread that unwinds for a later request of the same
    /// shutdown takes the shutdown's request on with its own, which carries
    /// it from then on: its own catch, interception or boundary decides. A
    /// request that lost a race, also to a shutdown that is over, changes
    /// nothing.
    pub(crate) fn intercepted(
        &mut self,
        id: RequestId,
        me: ThreadKey,
        panicking: bool,
    ) -> Option<Ender> {
        self.forget(id);
        let Phase::ShuttingDown(mut shutdown) = self.phase else {
            return None;
        };
        if shutdown.carrier != Some(id) {
            return None;
        }
        let own = panicking.then(|| self.record_of(me)).flatten();
        if let Some(own) = own.filter(|&own| shutdown.owns(own)) {
            shutdown.carrier = Some(own);
            self.phase = Phase::ShuttingDown(shutdown);
            return None;
        }
        Some(self.ender(me))
    }

    /// A thread's own exit (raised inside `catch_exit`, which the shutdown
    /// never heard of, G4) was intercepted on thread `me`: it becomes the
    /// process's request there, and ends the process in order, unless a
    /// shutdown or end under way keeps its status (it lost the race).
    pub(crate) fn local_intercepted(
        &mut self,
        exit: Exit,
        me: ThreadKey,
        now: Instant,
    ) -> Option<(Arm, Ender)> {
        let id = self.new_id();
        let Some(arm) = self.start(Cause::Request(id, exit), now) else {
            // It lost the race; as any exit, it ends a drain (O3).
            self.stop_draining();
            return None;
        };
        Some((arm, self.ender(me)))
    }

    /// Request `id`, caught by a pool, was handed to `panic_handler` on
    /// thread `me` (K2): as if intercepted by a thread that is not
    /// unwinding.
    pub(crate) fn handed_over(&mut self, id: RequestId, me: ThreadKey) -> Option<Ender> {
        self.intercepted(id, me, false)
    }

    /// Thread `me` is gone: it unwinds for nothing any more (an annotated
    /// `main` may be waiting for it).
    pub(crate) fn thread_ended(&mut self, me: ThreadKey) {
        if let Some(id) = self.record_of(me) {
            self.forget(id);
        }
    }

    /// A handled signal arrived; `exit` is the shutdown it asks for.
    pub(crate) fn signalled(&mut self, exit: Exit, now: Instant) -> Signalled {
        let signalled = match &mut self.phase {
            Phase::Running => {
                let arm = self.start(Cause::Signal(exit), now);
                return Signalled::Started(arm.unwrap_or(Arm(false)));
            }
            Phase::ShuttingDown(shutdown)
            | Phase::Ending {
                of: EndOf::Shutdown(shutdown),
                ..
            } => &mut shutdown.signalled,
            Phase::Ending {
                of: EndOf::Main { signalled, .. },
                ..
            } => signalled,
        };
        if std::mem::replace(signalled, true) {
            Signalled::AtOnce(Cause::Signal(exit))
        } else {
            Signalled::Joined
        }
    }

    /// A panic happened (K1): while running, it starts a shutdown with
    /// status 101, and `site` (called only then) says where; any shutdown
    /// or end under way keeps its status (G6). Returns the start's effect.
    pub(crate) fn panicked(
        &mut self,
        site: impl FnOnce() -> PanicSite,
        now: Instant,
    ) -> Option<Arm> {
        if let Phase::Running = self.phase {
            return self.start(Cause::Panic(site()), now);
        }
        self.stop_draining();
        None
    }

    /// A print to a closed pipe panicked, once `handle_closed_pipe()` made
    /// that the program's quiet end (C2): while running, it starts a
    /// shutdown with status 0; any shutdown or end under way keeps its
    /// status (G6). Returns the start's effect.
    pub(crate) fn pipe_closed(&mut self, now: Instant) -> Option<Arm> {
        if let Phase::Running = self.phase {
            return self.start(Cause::ClosedPipe, now);
        }
        self.stop_draining();
        None
    }

    /// `request_exit` (G10): while running, starts a shutdown for `exit`
    /// that no payload carries, like a signal's; any shutdown or end under
    /// way keeps its status (G6), and a drain goes on. Returns the start's
    /// effect.
    pub(crate) fn asked(&mut self, exit: Exit, now: Instant) -> Option<Arm> {
        self.start(Cause::Asked(exit), now)
    }

    /// `set_drain_delay` (O3): applies to the shutdowns that start from
    /// now on.
    pub(crate) fn drain_set(&mut self, delay: Option<Duration>) {
        self.drain = delay;
    }

    /// The watchdog saw the drain delay pass at `now`: the shutdown goes
    /// on, seen by everyone. Returns whether it was still draining.
    pub(crate) fn drained(&mut self, now: Instant) -> bool {
        if let Phase::ShuttingDown(shutdown) = &mut self.phase {
            if let Some(DrainEnd::At(until)) = shutdown.drain {
                if until <= now {
                    shutdown.drain = None;
                    return true;
                }
            }
        }
        false
    }

    /// A `checkpoint()` at `at` on thread `me` saw the process shutting
    /// down (S2). `can_unwind` is false under `panic = "abort"`;
    /// `panicking` says whether the thread is unwinding.
    pub(crate) fn checkpoint_reached(
        &mut self,
        me: ThreadKey,
        at: &'static Location<'static>,
        can_unwind: bool,
        panicking: bool,
        now: Instant,
    ) -> Stop {
        let Some(code) = self.exiting() else {
            return Stop::Return;
        };
        let unwinding_for_an_exit = panicking && self.record_of(me).is_some();
        match self.phase {
            Phase::Ending { ender, .. } if ender == me => Stop::Return,
            _ if unwinding_for_an_exit => Stop::Return,
            _ if can_unwind => Stop::Exit(code),
            // The thread that ends the process may be waiting for this one
            // (a hook that joins it): it must not wait to be taken down.
            Phase::Ending { .. } => Stop::Return,
            _ => {
                let exit = Exit::new(code, at);
                Stop::EndInOrder(self.requested_without_unwind(exit, None, me, now).1)
            }
        }
    }

    /// An unwind on thread `me` reached an immediate frame entered before
    /// the thread's last exit unwind started. If the thread still unwinds
    /// for a request, the exit goes no further (I2): returns the cause the
    /// process ends with, at once, which is the one under way (a shutdown,
    /// or `main`'s own end) whichever request the thread unwinds for (G6).
    /// Otherwise it is a panic, which passes (I3): the thread's exit was
    /// caught, or its payload went on elsewhere.
    pub(crate) fn unwound_into_immediate(&self, me: ThreadKey) -> Option<Cause> {
        self.record_of(me)?;
        self.cause()
    }

    /// Thread `me` is ready to end the process in order for the shutdown
    /// under way: it reached the boundary, or its request was intercepted.
    /// If the shutdown was caught since (running again), `fallback` starts
    /// one first: what this thread asks for still ends the process. Returns
    /// the start's effect, if it started one, and who ends the process.
    pub(crate) fn ready_to_end(
        &mut self,
        me: ThreadKey,
        fallback: Cause,
        now: Instant,
    ) -> (Option<Arm>, Ender) {
        let started = self.start(fallback, now);
        (started, self.ender(me))
    }

    /// Who ends the process in order, now that thread `me` is ready to:
    /// `me`, unless another thread does already.
    fn ender(&mut self, me: ThreadKey) -> Ender {
        self.stop_draining();
        match self.phase {
            Phase::ShuttingDown(shutdown) => {
                self.phase = Phase::Ending {
                    ender: me,
                    of: EndOf::Shutdown(shutdown),
                };
                Ender::ThisThread(shutdown.cause)
            }
            Phase::Ending { ender, of } if ender == me => Ender::Again(of.cause()),
            Phase::Ending { .. } | Phase::Running => Ender::Another,
        }
    }

    /// An annotated `main` on thread `me` is coming to its end (it
    /// returned, and has not reported its value yet). With a shutdown under
    /// way, the process ends for it (G6), but not while another thread
    /// still unwinds for its request (G1: that thread's destructors run
    /// first). With nothing under way, `Own`: nothing changes, and `main`
    /// works out its status.
    pub(crate) fn main_ending(&mut self, me: ThreadKey) -> AtMain {
        self.shutdown_at_main(me).unwrap_or(AtMain::Own)
    }

    /// An annotated `main` on thread `me` ended with `status` (it returned
    /// and reported its value, or a panic or a request unwound out of it).
    /// With nothing under way, the process ends with `main`'s own status
    /// (`Own`: this thread runs the hooks); otherwise as `main_ending`.
    pub(crate) fn main_ended(&mut self, me: ThreadKey, status: i32) -> AtMain {
        if let Some(at_main) = self.shutdown_at_main(me) {
            return at_main;
        }
        self.phase = Phase::Ending {
            ender: me,
            of: EndOf::Main {
                status,
                signalled: false,
            },
        };
        AtMain::Own
    }

    /// An immediate exit was asked for: returns the cause the process ends
    /// with, now. The shutdown or end under way keeps its status (G6), and
    /// so does `local`, the exit that is the asking thread's alone if it
    /// unwinds for one (G4): it came first. Otherwise `exit` gives it.
    pub(crate) fn immediate_requested(&mut self, exit: Exit, local: Option<Exit>) -> Cause {
        match self.cause() {
            Some(cause) => cause,
            None => Cause::Request(self.new_id(), local.unwrap_or(exit)),
        }
    }

    /// `set_deadline`: returns whether the watchdog must keep time from now
    /// on (a shutdown is under way, counted from its start).
    pub(crate) fn deadline_set(&mut self, limit: Option<Duration>) -> Arm {
        self.deadline = limit;
        Arm(limit.is_some() && self.shutdown().is_some())
    }

    // ---- the steps the inputs share -------------------------------------

    fn shutdown(&self) -> Option<&Shutdown> {
        match &self.phase {
            Phase::ShuttingDown(shutdown)
            | Phase::Ending {
                of: EndOf::Shutdown(shutdown),
                ..
            } => Some(shutdown),
            _ => None,
        }
    }

    fn new_id(&mut self) -> RequestId {
        self.requests += 1;
        RequestId(self.requests)
    }

    /// Starts a shutdown for `cause` if nothing is shutting down or ending.
    fn start(&mut self, cause: Cause, now: Instant) -> Option<Arm> {
        if !matches!(self.phase, Phase::Running) {
            return None;
        }
        let since = self.requests + 1;
        let drain = self
            .drain
            .filter(|_| cause.drains())
            .map(|d| now.checked_add(d).map_or(DrainEnd::Never, DrainEnd::At));
        self.phase = Phase::ShuttingDown(Shutdown {
            cause,
            started: now,
            signalled: matches!(cause, Cause::Signal(_)),
            carrier: cause.request(),
            since,
            drain,
        });
        Some(Arm(self.deadline.is_some() || drain.is_some()))
    }

    /// A request or a panic during a drain ends it: the process is going
    /// down now (O3).
    fn stop_draining(&mut self) {
        if let Phase::ShuttingDown(shutdown) = &mut self.phase {
            shutdown.drain = None;
        }
    }

    /// The drain's timer could not start (no thread for the watchdog): the
    /// drain ends now rather than never (O3).
    pub(crate) fn untimed(&mut self) {
        self.stop_draining();
    }

    /// What `main`'s end does with a shutdown or an end under way; `None`
    /// while running.
    fn shutdown_at_main(&mut self, me: ThreadKey) -> Option<AtMain> {
        if let Phase::ShuttingDown(shutdown) = self.phase {
            let unwinder = shutdown.carrier.and_then(|id| self.holder_of(id));
            if unwinder.is_some_and(|other| other != me) {
                return Some(AtMain::Wait);
            }
        }
        self.cause()?;
        Some(AtMain::Ender(self.ender(me)))
    }

    /// Thread `me` unwinds for request `id` from now on, and no other
    /// thread does.
    fn record(&mut self, me: ThreadKey, id: RequestId, exit: Exit) {
        self.unwinding
            .retain(|unwinding| unwinding.thread != me && unwinding.id != id);
        self.unwinding.push(Unwinding {
            thread: me,
            id,
            exit,
        });
    }

    /// Request `id`'s payload is gone, or caught: no thread unwinds for it.
    fn forget(&mut self, id: RequestId) {
        self.unwinding.retain(|unwinding| unwinding.id != id);
    }

    fn record_of(&self, me: ThreadKey) -> Option<RequestId> {
        self.unwinds_for(me).map(|(id, _)| id)
    }

    fn holder_of(&self, id: RequestId) -> Option<ThreadKey> {
        self.unwinding
            .iter()
            .find(|unwinding| unwinding.id == id)
            .map(|unwinding| unwinding.thread)
    }
}

#[cfg(test)]
mod tests {
    //! Sequences the model's random ones reach too rarely to be sure of
    //! them in a plain `cargo test`.

    use super::*;

    #[test]
    fn a_request_from_before_a_resumed_shutdown_does_not_carry_it() {
        let (one, two, three) = (ThreadKey(1), ThreadKey(2), ThreadKey(3));
        let now = Instant::now();
        let exit = |code| Exit::new(code, Location::caller());
        let mut machine = Machine::new();
        let first = machine.requested(exit(3), one, now).id;
        let second = machine.requested(exit(4), two, now).id;
        let _third = machine.requested(exit(5), three, now).id;
        assert!(matches!(machine.caught(first), Caught::Shutdown(_)));
        // The second request goes on, as a new shutdown: the third, made
        // before that shutdown, lost to an earlier one and carries nothing.
        assert!(machine.resumed(second, exit(4), one, now).started.is_some());
        let ender = machine.intercepted(second, three, true);
        assert!(matches!(ender, Some(Ender::ThisThread(Cause::Request(id, _))) if id == second));
    }

    #[test]
    fn a_drain_nothing_can_time_ends_at_once() {
        let mut machine = Machine::new();
        machine.drain_set(Some(Duration::from_secs(5)));
        let asked = Exit::asked(3, Location::caller());
        assert!(machine.asked(asked, Instant::now()).is_some());
        assert_eq!((machine.exiting(), machine.draining()), (None, true));
        machine.untimed();
        assert_eq!(machine.exiting(), Some(3));
    }
}
