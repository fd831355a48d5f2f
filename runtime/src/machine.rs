//! The process's shutdown as one state machine, with no I/O: it touches no
//! static, thread, clock or stream. So every order of events can be checked
//! in one process (`machine/model.rs`).
//!
//! Its interface reads as a grammar:
//!
//! - an **input** is named for the event that happened (`requested`,
//!   `resumed`, `caught`, `intercepted`, `handed_over`, `thread_ended`,
//!   `signalled`, `panicked`, `ready_to_end`, `main_ending`, `main_ended`,
//!   `immediate_requested`, `deadline_set`); it takes what it needs (the
//!   thread, the time), changes the state, and returns a **decision** named
//!   for what it says (`Requested`, `Signalled`, `Ender`, `AtMain`, `Arm`):
//!   what the shell in `shutdown.rs` must do next (wake the waiting futures,
//!   arm the deadline, end the process at once or in order, wait);
//! - a **query** (`exiting`, `cause`, `shutting_down_for`, `is_current`,
//!   `watch`) changes nothing.
//!
//! Nothing here ends the process: only `end.rs` does.
//!
//! The states and every transition between them are the contract page's
//! state table (`contract.md`, "The shutdown, as states"), with the same
//! names: the model test counts its rows. In short:
//!
//! - `Running`: nothing asked to end. `exiting()` is `None`.
//! - `ShuttingDown`: the first request or signal fixed the status; later
//!   ones lose the race and change nothing. It knows when it started (for
//!   the deadline), whether a signal arrived during it (a second one ends
//!   the process at once), and which thread unwinds for its request (an
//!   annotated `main` that returns waits for that thread).
//! - `Ending`: one thread runs the `at_exit` hooks, then ends the process;
//!   any other that gets there waits to be taken down. It is the end of a
//!   shutdown, or of `main` with its own status.
//!
//! Per-thread state stays in thread-locals, where the happy path reads it
//! without a lock: the policy in force (`policy.rs`), the request a thread
//! unwinds for and how many unwinds it started (`thread.rs`), and whether it
//! runs the hooks (`hooks.rs`).

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
    /// The thread unwinding for the cause's request, while one may be.
    unwinder: Option<ThreadKey>,
    /// Every request made since this shutdown started has an id at least
    /// this; with the cause's own request, they are this shutdown's.
    since: u64,
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
    /// The shutdown for `Cause` ran past `limit`: end the process at once.
    Overdue(Cause, Duration),
}

/// The shutdown state of one process.
#[derive(Debug)]
pub(crate) struct Machine {
    phase: Phase,
    deadline: Option<Duration>,
    requests: u64,
}

impl Machine {
    /// A process that is running, with no deadline.
    pub(crate) const fn new() -> Self {
        Self {
            phase: Phase::Running,
            deadline: None,
            requests: 0,
        }
    }

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
    pub(crate) fn exiting(&self) -> Option<i32> {
        self.shutdown().map(|shutdown| shutdown.cause.code())
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

    /// The deadline set with `set_deadline`.
    #[cfg(test)]
    pub(crate) fn deadline(&self) -> Option<Duration> {
        self.deadline
    }

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
    fn start(&mut self, cause: Cause, unwinder: Option<ThreadKey>, now: Instant) -> Option<Arm> {
        if !matches!(self.phase, Phase::Running) {
            return None;
        }
        let since = self.requests + 1;
        self.phase = Phase::ShuttingDown(Shutdown {
            cause,
            started: now,
            signalled: matches!(cause, Cause::Signal(_)),
            unwinder,
            since,
        });
        Some(Arm(self.deadline.is_some()))
    }

    // ---- inputs: what happened ----------------------------------------

    /// Thread `me` asked for a graceful exit and will unwind for it.
    pub(crate) fn requested(&mut self, exit: Exit, me: ThreadKey, now: Instant) -> Requested {
        let id = self.new_id();
        let started = self.start(Cause::Request(id, exit), Some(me), now);
        Requested {
            id,
            cause: self.cause().unwrap_or(Cause::Request(id, exit)),
            started,
        }
    }

    /// Thread `me` asked for a graceful exit that can't unwind (under
    /// `panic = "abort"`, or during an unwind that a second one would
    /// abort): the process ends in order right away. Returns the request,
    /// and who ends the process.
    pub(crate) fn requested_without_unwind(
        &mut self,
        exit: Exit,
        me: ThreadKey,
        now: Instant,
    ) -> (Requested, Ender) {
        let requested = self.requested(exit, me, now);
        (requested, self.ready_to_end(me, requested.cause, now))
    }

    /// Thread `me` continued request `id` that another thread started
    /// (`resume_if_exit`), or took it at `main`'s boundary. If the shutdown
    /// it lost to, or won, is over, it starts a new one: the caller asked
    /// for the exit to go on.
    pub(crate) fn resumed(
        &mut self,
        id: RequestId,
        exit: Exit,
        me: ThreadKey,
        now: Instant,
    ) -> Requested {
        let started = self.start(Cause::Request(id, exit), Some(me), now);
        if let Phase::ShuttingDown(shutdown) = &mut self.phase {
            if shutdown.cause == Cause::Request(id, exit) {
                shutdown.unwinder = Some(me);
            }
        }
        Requested {
            id,
            cause: self.cause().unwrap_or(Cause::Request(id, exit)),
            started,
        }
    }

    /// `catch_exit` caught request `id`. If it started the shutdown under
    /// way, the process is running again and everything that belonged to
    /// that shutdown (its signal, its deadline) is gone; returns whether
    /// that happened. A request that lost the race changes nothing.
    pub(crate) fn caught(&mut self, id: RequestId) -> bool {
        match self.phase {
            Phase::ShuttingDown(shutdown) if shutdown.cause.request() == Some(id) => {
                self.phase = Phase::Running;
                true
            }
            _ => false,
        }
    }

    /// Request `id` was intercepted on thread `me`: caught and dropped
    /// without `catch_exit` (G3). If it started the shutdown under way,
    /// this thread ends the process in order, where the drop is, unless the
    /// thread is itself unwinding (`unwinding_for`) for another request of
    /// the same shutdown: its own boundary ends it. A request that lost a
    /// race, also to a shutdown that is over, changes nothing.
    pub(crate) fn intercepted(
        &mut self,
        id: RequestId,
        me: ThreadKey,
        unwinding_for: Option<RequestId>,
        now: Instant,
    ) -> Option<Ender> {
        let Phase::ShuttingDown(shutdown) = self.phase else {
            return None;
        };
        if shutdown.cause.request() != Some(id) {
            return None;
        }
        if unwinding_for.is_some_and(|other| other != id && shutdown.owns(other)) {
            return None;
        }
        Some(self.ready_to_end(me, shutdown.cause, now))
    }

    /// Request `id`, caught by a pool, was handed to `panic_handler` on
    /// thread `me` (K2): as if intercepted, and never while the thread
    /// unwinds for another request.
    pub(crate) fn handed_over(
        &mut self,
        id: RequestId,
        me: ThreadKey,
        now: Instant,
    ) -> Option<Ender> {
        self.intercepted(id, me, None, now)
    }

    /// Thread `me` is gone. If it was unwinding for the shutdown's request,
    /// no thread is now; returns whether that changed.
    pub(crate) fn thread_ended(&mut self, me: ThreadKey) -> bool {
        match &mut self.phase {
            Phase::ShuttingDown(shutdown) if shutdown.unwinder == Some(me) => {
                shutdown.unwinder = None;
                true
            }
            _ => false,
        }
    }

    /// A handled signal arrived; `exit` is the shutdown it asks for.
    pub(crate) fn signalled(&mut self, exit: Exit, now: Instant) -> Signalled {
        let signalled = match &mut self.phase {
            Phase::Running => {
                let arm = self.start(Cause::Signal(exit), None, now);
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
            return self.start(Cause::Panic(site()), None, now);
        }
        None
    }

    /// Thread `me` is ready to end the process in order for the shutdown
    /// under way: it reached the boundary, or its request was intercepted,
    /// or it can't unwind. If the shutdown was caught since (running
    /// again), `fallback` starts one first: what this thread asks for still
    /// ends the process. Returns who ends it.
    pub(crate) fn ready_to_end(&mut self, me: ThreadKey, fallback: Cause, now: Instant) -> Ender {
        if let Phase::Running = self.phase {
            self.start(fallback, None, now);
        }
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
    pub(crate) fn main_ending(&mut self, me: ThreadKey, now: Instant) -> AtMain {
        self.shutdown_at_main(me, now).unwrap_or(AtMain::Own)
    }

    /// An annotated `main` on thread `me` ended with `status` (it returned
    /// and reported its value, or a panic or a request unwound out of it).
    /// With nothing under way, the process ends with `main`'s own status
    /// (`Own`: this thread runs the hooks); otherwise as `main_ending`.
    pub(crate) fn main_ended(&mut self, me: ThreadKey, status: i32, now: Instant) -> AtMain {
        if let Some(at_main) = self.shutdown_at_main(me, now) {
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

    /// What `main`'s end does with a shutdown or an end under way; `None`
    /// while running.
    fn shutdown_at_main(&mut self, me: ThreadKey, now: Instant) -> Option<AtMain> {
        if let Phase::ShuttingDown(Shutdown {
            unwinder: Some(other),
            ..
        }) = self.phase
        {
            if other != me {
                return Some(AtMain::Wait);
            }
        }
        // The fallback only counts while running, which this is not.
        let cause = self.cause()?;
        Some(AtMain::Ender(self.ready_to_end(me, cause, now)))
    }

    /// An immediate exit was asked for: returns the cause the process ends
    /// with, now. The shutdown or end under way keeps its status (G6);
    /// otherwise `exit` gives it.
    pub(crate) fn immediate_requested(&mut self, exit: Exit) -> Cause {
        match self.cause() {
            Some(cause) => cause,
            None => Cause::Request(self.new_id(), exit),
        }
    }

    /// `set_deadline`: returns whether the watchdog must keep time from now
    /// on (a shutdown is under way, counted from its start).
    pub(crate) fn deadline_set(&mut self, limit: Option<Duration>) -> Arm {
        self.deadline = limit;
        Arm(limit.is_some() && self.shutdown().is_some())
    }

    // ---- queries -------------------------------------------------------

    /// Whether request `id` belongs to the shutdown under way (or ending):
    /// made since it started. One made before, and caught since, does not.
    pub(crate) fn is_current(&self, id: RequestId) -> bool {
        self.shutdown().is_some_and(|shutdown| shutdown.owns(id))
    }

    /// What the deadline's watchdog should do at `now` (D1): a shutdown and
    /// its hooks must end within the limit from its start. The end of
    /// `main` with its own status has no deadline.
    pub(crate) fn watch(&self, now: Instant) -> Watch {
        match (self.shutdown(), self.deadline) {
            (Some(shutdown), Some(limit)) => {
                let elapsed = now.saturating_duration_since(shutdown.started);
                if elapsed >= limit {
                    Watch::Overdue(shutdown.cause, limit)
                } else {
                    Watch::Sleep(limit.saturating_sub(elapsed))
                }
            }
            _ => Watch::Idle,
        }
    }
}
