//! The model test of the shutdown state machine: random sequences of
//! events are applied to the machine and to a small reference model,
//! written from the contract page's state table in its own terms (epochs of
//! shutdowns, requests that won or lost, threads that unwind, the payload
//! that carries a shutdown's request), and after every step the two must
//! agree on `exiting()`, the phase, and what the step did: start, join,
//! wait, return, end at once or in order, with which status or signal, and
//! whether it printed the interception line.
//!
//! The harness (`Driven`) does only what the shell does with the machine:
//! each event is what one thread does, and a thread knows only its own
//! state (whether it is unwinding), never another thread's. What a payload
//! that moved between threads means for the thread it left, the machine
//! must know by itself.
//!
//! Once per run it prints how many times each row of the contract's state
//! table was taken, and fails if a row was never reached.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRng, TestRunner};
use proptest_state_machine::{ReferenceStateMachine, StateMachineTest};

use super::{Arm, AtMain, Ender, Machine, PhaseName, Signalled, Stop, ThreadKey, Watch};
use crate::request::{Cause, Exit, PanicSite, RequestId};

/// Threads: 0 is `main`, the others are workers.
const THREADS: usize = 4;
const MAIN: usize = 0;
const SIGNALS: [i32; 3] = [1, 2, 15];

/// Where the test's requests say they come from.
fn location() -> &'static std::panic::Location<'static> {
    std::panic::Location::caller()
}

/// One event in the life of a process.
#[derive(Clone, Debug)]
enum Event {
    /// `exit(code)`, graceful, on a thread.
    Exit { thread: usize, code: i32 },
    /// `checkpoint()` on a thread; `can_unwind` is false under
    /// `panic = "abort"`.
    Checkpoint { thread: usize, can_unwind: bool },
    /// `exit_now(code)`, or `exit` under `immediate`.
    ExitNow { code: i32 },
    /// A handled signal, with the status `set_signal_status` chose, if
    /// any.
    Signal { n: i32, status: Option<i32> },
    /// `request_exit(code)`.
    Ask { code: i32 },
    /// `set_drain_delay`, in milliseconds.
    SetDrain(Option<u64>),
    /// A panic on some thread, after `handle_panics()` (or a payload
    /// handed to `panic_handler`).
    Panic,
    /// `catch_exit` on `thread`, which unwinds for request `n`, caught it.
    Catch { n: usize, thread: usize },
    /// A `catch_unwind` on `thread` caught what the thread unwinds for and
    /// keeps it: the thread no longer unwinds, the payload lives on.
    ForeignCatch(usize),
    /// Request `n`'s payload was dropped on `thread` without `catch_exit`,
    /// while `thread` unwinds or not.
    Drop { n: usize, thread: usize },
    /// Request `n`'s payload, caught by a pool, was handed to
    /// `panic_handler` on `thread`.
    HandOver { n: usize, thread: usize },
    /// A thread's own exit (raised inside `catch_exit`, unknown to the
    /// shutdown) was intercepted on `thread`.
    LocalIntercepted { thread: usize, code: i32 },
    /// `resume_if_exit` continued request `n` on `thread`.
    Resume { n: usize, thread: usize },
    /// A print to a closed pipe panicked, once `handle_closed_pipe()` made
    /// that the program's quiet end.
    PipeClosed,
    /// A worker thread ended.
    ThreadEnds(usize),
    /// An unwind on this thread (for an exit, or a panic after the thread
    /// handed its exit away) reached an immediate frame entered before the
    /// thread's last exit unwind started.
    ImmediateFrame(usize),
    /// `main` returned with this status.
    MainReturns(i32),
    /// `main`'s unwind for request `n` reached the boundary.
    MainBoundary(usize),
    /// `set_deadline`, in milliseconds.
    SetDeadline(Option<u64>),
    /// The clock moves on.
    Tick(u64),
    /// The thread ending the process finished the hooks.
    HooksDone,
    /// Nothing: the process has ended; a sequence may go on past its end.
    Over,
}

/// What one step did, as both sides report it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Did {
    Nothing,
    /// A shutdown started; the deadline must keep time if `arm`.
    Started {
        arm: bool,
    },
    /// A request or a signal joined what was under way.
    Joined,
    /// `set_deadline` during a shutdown: keep time.
    Armed,
    /// The process ends at once, with `code`, or by `signal`.
    AtOnce {
        code: i32,
        signal: Option<i32>,
    },
    /// This thread runs the hooks, then ends the process with `code` or by
    /// `signal`; `intercepted`: it prints the interception line first.
    InOrder {
        code: i32,
        signal: Option<i32>,
        intercepted: bool,
    },
    /// The thread that ends the process comes back for the final exit.
    Again,
    /// Another thread ends the process; this one waits to be taken down.
    Parked,
    /// `main` ends with its own status after the hooks.
    MainOwn,
    /// A checkpoint returns.
    Returns,
    /// `main` waits for another thread's unwind.
    Waits,
    /// The hooks are done: the process ended in order.
    Ended {
        code: i32,
        signal: Option<i32>,
    },
}

/// The rows of the contract's state table, as the model names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Row {
    StartByExit,
    StartBySignal,
    StartByResume,
    RequestLoses,
    FirstSignalJoins,
    SecondSignalEndsAtOnce,
    CatchEndsShutdown,
    CatchOfALoser,
    DropEndsInOrder,
    DropOfALoser,
    BoundaryEnds,
    MainWaits,
    UnwinderGone,
    MainReturnsRunning,
    NothingDuringEnding,
    SignalDuringEnding,
    ExitNowEndsAtOnce,
    DeadlineEndsAtOnce,
    HooksDoneEnd,
    OtherThreadParks,
    ImmediateFrameEnds,
    PanicThroughImmediate,
    StartByPanic,
    StartByClosedPipe,
    PanicChangesNothing,
    WinnerCarried,
    HandOverEndsInOrder,
    LocalInterceptedEnds,
    LocalInterceptedLoses,
    CheckpointOfTheEnder,
    CheckpointCannotUnwindReturns,
    CheckpointCannotUnwindEnds,
    StartByAsk,
    AskJoins,
    DrainEnds,
    DrainStopped,
    Quiet,
}

const ROWS: [(Row, &str); 37] = [
    (Row::StartByExit, "running -> shutting down: exit(c)"),
    (
        Row::StartBySignal,
        "running -> shutting down: first handled signal",
    ),
    (
        Row::StartByResume,
        "running -> shutting down: `resume_if_exit` of a request from an earlier shutdown",
    ),
    (
        Row::RequestLoses,
        "shutting down: a later request loses the race",
    ),
    (
        Row::FirstSignalJoins,
        "shutting down or ending: the first signal of this shutdown joins it",
    ),
    (
        Row::SecondSignalEndsAtOnce,
        "shutting down or ending -> ended at once: a second signal",
    ),
    (
        Row::CatchEndsShutdown,
        "shutting down -> running: `catch_exit` caught the first request",
    ),
    (
        Row::CatchOfALoser,
        "`catch_exit` caught a request that lost the race: nothing",
    ),
    (
        Row::DropEndsInOrder,
        "shutting down -> ending: the first request dropped (interception)",
    ),
    (
        Row::DropOfALoser,
        "a request that lost the race dropped: nothing",
    ),
    (
        Row::BoundaryEnds,
        "shutting down -> ending: main's boundary",
    ),
    (
        Row::MainWaits,
        "main's boundary waits for another thread's unwind",
    ),
    (
        Row::UnwinderGone,
        "the unwinding thread ended: main stops waiting",
    ),
    (Row::MainReturnsRunning, "running -> ending: main returned"),
    (
        Row::NothingDuringEnding,
        "ending: a request changes nothing",
    ),
    (
        Row::SignalDuringEnding,
        "ending after main returned: a first signal changes nothing",
    ),
    (Row::ExitNowEndsAtOnce, "any -> ended at once: `exit_now`"),
    (
        Row::DeadlineEndsAtOnce,
        "shutting down or ending -> ended at once: the deadline",
    ),
    (Row::HooksDoneEnd, "ending -> ended: the hooks are done"),
    (
        Row::OtherThreadParks,
        "ending: another thread waits to be taken down",
    ),
    (
        Row::ImmediateFrameEnds,
        "shutting down or ending -> ended at once: the exit unwinds into an immediate frame",
    ),
    (
        Row::PanicThroughImmediate,
        "an unwind through an immediate frame on a thread whose exit is over: nothing",
    ),
    (
        Row::StartByPanic,
        "running -> shutting down: a panic, once panics are handled",
    ),
    (
        Row::StartByClosedPipe,
        "running -> shutting down: a print to a closed pipe, once handled",
    ),
    (
        Row::PanicChangesNothing,
        "shutting down or ending: a panic changes nothing",
    ),
    (
        Row::WinnerCarried,
        "shutting down: the first request intercepted on a thread unwinding for a later one: that one carries it",
    ),
    (
        Row::HandOverEndsInOrder,
        "shutting down -> ending: the first request handed to `panic_handler`",
    ),
    (
        Row::LocalInterceptedEnds,
        "running -> ending: a thread's own exit intercepted",
    ),
    (
        Row::LocalInterceptedLoses,
        "a thread's own exit intercepted during a shutdown or an end: nothing",
    ),
    (
        Row::CheckpointOfTheEnder,
        "ending: a checkpoint on the thread that ends the process returns",
    ),
    (
        Row::CheckpointCannotUnwindReturns,
        "ending: a checkpoint that can't unwind returns while another thread ends the process",
    ),
    (
        Row::CheckpointCannotUnwindEnds,
        "shutting down -> ending: a checkpoint that can't unwind ends the process in order",
    ),
    (
        Row::StartByAsk,
        "running -> shutting down: `request_exit(c)`",
    ),
    (
        Row::AskJoins,
        "shutting down or ending: `request_exit` joins what is under way",
    ),
    (
        Row::DrainEnds,
        "draining -> shutting down: the drain delay passed",
    ),
    (
        Row::DrainStopped,
        "draining -> shutting down: a request, a panic or main's end stops the drain",
    ),
    (
        Row::Quiet,
        "nothing to do (checkpoint while running, clock, deadline)",
    ),
];

static TAKEN: [AtomicUsize; 37] = [const { AtomicUsize::new(0) }; 37];

// ---- the reference model ----------------------------------------------

/// What started a shutdown.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Winner {
    Request(usize),
    /// A signal, and whether its status was chosen (S7).
    Signal(i32, bool),
    Asked,
    Panic,
}

#[derive(Clone, Debug)]
struct Down {
    winner: Winner,
    code: i32,
    began_ms: u64,
    /// Which shutdown this is, counted from 1.
    epoch: u32,
    signal_seen: bool,
    /// The request whose payload carries the winning request: its own, or
    /// a later one of this shutdown whose thread intercepted it while
    /// unwinding.
    carrier: Option<usize>,
    /// While it drains: when the drain ends.
    drain: Option<Drain>,
}

/// When a drain ends by itself.
#[derive(Clone, Copy, Debug)]
enum Drain {
    Until(u64),
    /// A delay past the clock's end.
    Never,
}

#[derive(Clone, Debug)]
struct Request {
    code: i32,
    epoch: u32,
    /// Its payload still exists, armed.
    live: bool,
}

#[derive(Clone, Debug, Default)]
struct Model {
    now_ms: u64,
    deadline_ms: Option<u64>,
    drain_ms: Option<u64>,
    epochs: u32,
    requests: Vec<Request>,
    /// The shutdown under way, also while it ends.
    down: Option<Down>,
    /// Who runs the hooks, once something ends the process in order.
    ender: Option<usize>,
    /// `main` ended with its own status and nothing was shutting down.
    main_status: Option<i32>,
    /// A signal arrived during main's own end.
    main_end_signalled: bool,
    /// Which request each thread unwinds for: the one it raised or last
    /// resumed, while that payload lives and has not moved on.
    unwinding: [Option<usize>; THREADS],
    /// Whether each thread is unwinding now (std's `panicking()`).
    panicking: [bool; THREADS],
    /// Whether each thread ever started an exit unwind, so that an unwind
    /// may reach an immediate frame entered before it.
    unwound: [bool; THREADS],
    gone: [bool; THREADS],
    main_waiting: Option<i32>,
    main_done: bool,
    over: bool,
    last: Option<(Did, Vec<Row>)>,
}

impl Model {
    fn exiting(&self) -> Option<i32> {
        self.down
            .as_ref()
            .filter(|down| down.drain.is_none())
            .map(|down| down.code)
    }

    /// A request, a panic or an end stops a drain; says whether one was
    /// under way.
    fn stop_draining(&mut self) -> bool {
        self.down
            .as_mut()
            .and_then(|down| down.drain.take())
            .is_some()
    }

    fn phase(&self) -> PhaseName {
        if self.ender.is_some() {
            PhaseName::Ending
        } else if self.down.is_some() {
            PhaseName::ShuttingDown
        } else {
            PhaseName::Running
        }
    }

    /// The signal an orderly end dies by: none if its status was chosen
    /// (S5, S7).
    fn signal_of(&self) -> Option<i32> {
        match self.down.as_ref()?.winner {
            Winner::Signal(n, false) => Some(n),
            Winner::Signal(_, true) | Winner::Request(_) | Winner::Asked | Winner::Panic => None,
        }
    }

    /// An end at once: by the signal that started the shutdown, whatever
    /// status was chosen, with 128 + n; otherwise with the status under way.
    fn at_once(&self) -> Option<Did> {
        if let Some(Down {
            winner: Winner::Signal(n, _),
            ..
        }) = self.down
        {
            return Some(Did::AtOnce {
                code: 128 + n,
                signal: Some(n),
            });
        }
        self.status().map(|code| Did::AtOnce { code, signal: None })
    }

    /// The status the end under way has.
    fn status(&self) -> Option<i32> {
        self.down
            .as_ref()
            .map(|down| down.code)
            .or(self.main_status)
    }

    fn start(&mut self, winner: Winner, code: i32) -> Did {
        self.epochs += 1;
        let drains = matches!(winner, Winner::Signal(..) | Winner::Asked);
        let drain = self.drain_ms.filter(|_| drains).map(|d| {
            self.now_ms
                .checked_add(d)
                .map_or(Drain::Never, Drain::Until)
        });
        self.down = Some(Down {
            winner,
            code,
            began_ms: self.now_ms,
            epoch: self.epochs,
            signal_seen: matches!(winner, Winner::Signal(..)),
            carrier: match winner {
                Winner::Request(n) => Some(n),
                Winner::Signal(..) | Winner::Asked | Winner::Panic => None,
            },
            drain,
        });
        Did::Started {
            arm: self.deadline_ms.is_some() || drain.is_some(),
        }
    }

    /// A thread asks to end the process in order.
    fn end_in_order(&mut self, thread: usize, intercepted: bool) -> Did {
        self.stop_draining();
        match self.ender {
            None => {
                self.ender = Some(thread);
                Did::InOrder {
                    code: self.status().expect("something to end"),
                    signal: self.signal_of(),
                    intercepted,
                }
            }
            Some(ender) if ender == thread => Did::Again,
            Some(_) => Did::Parked,
        }
    }

    /// The thread that holds request `n`'s payload, if one does.
    fn holder(&self, n: usize) -> Option<usize> {
        self.unwinding.iter().position(|&u| u == Some(n))
    }

    /// Request `n`'s payload moves to `thread`, which unwinds for it.
    fn hold(&mut self, n: usize, thread: usize) {
        if let Some(old) = self.holder(n) {
            self.unwinding[old] = None;
        }
        self.unwinding[thread] = Some(n);
        self.panicking[thread] = true;
        self.unwound[thread] = true;
    }

    /// Request `n`'s payload is caught or gone: nobody unwinds for it.
    fn release(&mut self, n: usize) {
        self.requests[n].live = false;
        if let Some(old) = self.holder(n) {
            self.unwinding[old] = None;
        }
    }

    /// A graceful request on `thread`: it unwinds for it, or, if it can't
    /// (it unwinds already, or nothing unwinds), ends the process in order.
    fn request(&mut self, thread: usize, code: i32, can_unwind: bool) -> (Did, Row) {
        let n = self.requests.len();
        let unwinds = can_unwind && !self.panicking[thread];
        let (mut did, row) = if self.ender.is_some() {
            (Did::Joined, Row::NothingDuringEnding)
        } else if self.stop_draining() {
            (Did::Joined, Row::DrainStopped)
        } else if self.down.is_some() {
            (Did::Joined, Row::RequestLoses)
        } else {
            (self.start(Winner::Request(n), code), Row::StartByExit)
        };
        self.requests.push(Request {
            code,
            epoch: self.epochs,
            live: unwinds,
        });
        if unwinds {
            self.hold(n, thread);
        } else {
            // It can't unwind: the process ends in order now. The machine
            // reports a start to the shell and the end to the caller; the
            // model checks the end.
            did = self.end_in_order(thread, false);
        }
        (did, row)
    }

    fn step(&mut self, event: &Event) -> (Did, Row) {
        match *event {
            Event::Exit { thread, code } => self.request(thread, code, true),
            Event::Checkpoint { thread, can_unwind } => self.checkpoint(thread, can_unwind),
            Event::ExitNow { code } => (
                self.at_once().unwrap_or(Did::AtOnce { code, signal: None }),
                Row::ExitNowEndsAtOnce,
            ),
            Event::Signal { n, status } => self.signal(n, status),
            Event::Ask { code } => {
                if self.down.is_none() && self.ender.is_none() {
                    (self.start(Winner::Asked, code), Row::StartByAsk)
                } else {
                    (Did::Joined, Row::AskJoins)
                }
            }
            Event::SetDrain(delay) => {
                self.drain_ms = delay;
                (Did::Nothing, Row::Quiet)
            }
            Event::Panic => self.panic(101, Row::StartByPanic),
            Event::PipeClosed => self.panic(0, Row::StartByClosedPipe),
            Event::Catch { n, .. } => self.catch(n),
            Event::ForeignCatch(thread) => {
                self.panicking[thread] = false;
                (Did::Nothing, Row::Quiet)
            }
            Event::Drop { n, thread } => self.drop_request(n, thread),
            Event::HandOver { n, thread } => self.hand_over(n, thread),
            Event::LocalIntercepted { thread, code } => self.local_intercepted(thread, code),
            Event::Resume { n, thread } => self.resume(n, thread),
            Event::ImmediateFrame(thread) => self.immediate_frame(thread),
            Event::ThreadEnds(thread) => {
                self.gone[thread] = true;
                let held = self.unwinding[thread].take();
                self.panicking[thread] = false;
                let carried = held.is_some() && self.carrier() == held;
                if carried && self.ender.is_none() {
                    (Did::Nothing, Row::UnwinderGone)
                } else {
                    (Did::Nothing, Row::Quiet)
                }
            }
            Event::MainReturns(status) => {
                self.main_done = true;
                self.main_ends(status)
            }
            Event::MainBoundary(n) => {
                self.main_done = true;
                // `main` takes the payload and resumes it there.
                let resumed = self.resume(n, MAIN);
                self.requests[n].live = false;
                let code = self.requests[n].code;
                let (did, row) = self.main_ends(code);
                match resumed {
                    (Did::Started { .. }, _) => (did, Row::StartByResume),
                    _ => (did, row),
                }
            }
            Event::SetDeadline(limit) => {
                self.deadline_ms = limit;
                if limit.is_some() && self.down.is_some() {
                    (Did::Armed, Row::Quiet)
                } else {
                    (Did::Nothing, Row::Quiet)
                }
            }
            Event::Tick(ms) => {
                self.now_ms += ms;
                self.overdue()
            }
            Event::Over => (Did::Nothing, Row::Quiet),
            Event::HooksDone => {
                let code = self.status().expect("an end");
                (
                    Did::Ended {
                        code,
                        signal: self.signal_of(),
                    },
                    Row::HooksDoneEnd,
                )
            }
        }
    }

    /// A handled panic, or a print to a closed pipe: it starts a shutdown
    /// with `code` while running, and otherwise joins, ending a drain.
    fn panic(&mut self, code: i32, start: Row) -> (Did, Row) {
        if self.down.is_none() && self.ender.is_none() {
            (self.start(Winner::Panic, code), start)
        } else if self.stop_draining() {
            (Did::Joined, Row::DrainStopped)
        } else {
            (Did::Joined, Row::PanicChangesNothing)
        }
    }

    /// A checkpoint on `thread` (S2): it returns while nothing is shutting
    /// down, on the thread that ends the process, and on a thread that
    /// unwinds for an exit already; otherwise it exits there, or, if the
    /// thread can't unwind, returns while another thread ends the process,
    /// and ends it in order itself if none does.
    fn checkpoint(&mut self, thread: usize, can_unwind: bool) -> (Did, Row) {
        let Some(code) = self.exiting() else {
            return (Did::Nothing, Row::Quiet);
        };
        if self.ender == Some(thread) {
            return (Did::Returns, Row::CheckpointOfTheEnder);
        }
        if self.panicking[thread] && self.unwinding[thread].is_some() {
            return (Did::Returns, Row::Quiet);
        }
        if can_unwind {
            return self.request(thread, code, true);
        }
        if self.ender.is_some() {
            return (Did::Returns, Row::CheckpointCannotUnwindReturns);
        }
        let (did, _) = self.request(thread, code, false);
        (did, Row::CheckpointCannotUnwindEnds)
    }

    fn signal(&mut self, n: i32, status: Option<i32>) -> (Did, Row) {
        if self.down.is_none() && self.ender.is_none() {
            let winner = Winner::Signal(n, status.is_some());
            return (
                self.start(winner, status.unwrap_or(128 + n)),
                Row::StartBySignal,
            );
        }
        let seen = match &mut self.down {
            Some(down) => &mut down.signal_seen,
            None => &mut self.main_end_signalled,
        };
        if std::mem::replace(seen, true) {
            let did = Did::AtOnce {
                code: 128 + n,
                signal: Some(n),
            };
            (did, Row::SecondSignalEndsAtOnce)
        } else if self.down.is_some() {
            (Did::Joined, Row::FirstSignalJoins)
        } else {
            (Did::Joined, Row::SignalDuringEnding)
        }
    }

    /// The request whose payload carries the shutdown under way, while it
    /// is not ending.
    fn carrier(&self) -> Option<usize> {
        self.down.as_ref().and_then(|down| down.carrier)
    }

    fn catch(&mut self, n: usize) -> (Did, Row) {
        if let Some(thread) = self.holder(n) {
            self.panicking[thread] = false;
        }
        self.release(n);
        if self.ender.is_none() && self.carrier() == Some(n) {
            self.down = None;
            (Did::Nothing, Row::CatchEndsShutdown)
        } else {
            (Did::Nothing, Row::CatchOfALoser)
        }
    }

    fn drop_request(&mut self, n: usize, thread: usize) -> (Did, Row) {
        self.release(n);
        if self.ender.is_some() || self.carrier() != Some(n) {
            return (Did::Nothing, Row::DropOfALoser);
        }
        // The thread that drops it unwinds for a later request of this same
        // shutdown: that one carries it from now on.
        let own = self.unwinding[thread].filter(|_| self.panicking[thread]);
        if let Some(own) = own.filter(|&own| self.is_current(own)) {
            self.down.as_mut().expect("a shutdown").carrier = Some(own);
            return (Did::Nothing, Row::WinnerCarried);
        }
        (self.end_in_order(thread, true), Row::DropEndsInOrder)
    }

    fn hand_over(&mut self, n: usize, thread: usize) -> (Did, Row) {
        self.release(n);
        if self.ender.is_none() && self.carrier() == Some(n) {
            (self.end_in_order(thread, false), Row::HandOverEndsInOrder)
        } else {
            (Did::Nothing, Row::DropOfALoser)
        }
    }

    /// A thread's own exit, which the model never saw, was intercepted: it
    /// becomes a request (of the next shutdown, if it starts one).
    fn local_intercepted(&mut self, thread: usize, code: i32) -> (Did, Row) {
        let n = self.requests.len();
        self.requests.push(Request {
            code,
            epoch: self.epochs + 1,
            live: false,
        });
        if self.down.is_none() && self.ender.is_none() {
            self.start(Winner::Request(n), code);
            (self.end_in_order(thread, true), Row::LocalInterceptedEnds)
        } else if self.stop_draining() {
            (Did::Nothing, Row::DrainStopped)
        } else {
            (Did::Nothing, Row::LocalInterceptedLoses)
        }
    }

    fn resume(&mut self, n: usize, thread: usize) -> (Did, Row) {
        self.hold(n, thread);
        if self.stop_draining() {
            return (Did::Nothing, Row::DrainStopped);
        }
        if self.down.is_none() && self.ender.is_none() {
            // Its shutdown was caught since: the exit goes on as a
            // new one, and so the request belongs to it.
            self.requests[n].epoch = self.epochs + 1;
            let code = self.requests[n].code;
            return (self.start(Winner::Request(n), code), Row::StartByResume);
        }
        (Did::Nothing, Row::Quiet)
    }

    /// Whether request `n` belongs to the shutdown under way (or ending):
    /// made during it, or the one that started it.
    fn is_current(&self, n: usize) -> bool {
        self.down
            .as_ref()
            .is_some_and(|down| self.requests[n].epoch == down.epoch)
    }

    /// An unwind on `thread` reaches an immediate frame that was entered
    /// before it started (I2, I3): if the thread unwinds for a request of
    /// the shutdown under way, the process ends at once; a thread whose
    /// exit is over, or went on elsewhere, unwinds for a panic, which
    /// passes.
    fn immediate_frame(&self, thread: usize) -> (Did, Row) {
        match (self.unwinding[thread], self.at_once()) {
            (Some(_), Some(did)) => (did, Row::ImmediateFrameEnds),
            _ => (Did::Nothing, Row::PanicThroughImmediate),
        }
    }

    /// The clock moved: the deadline first (it counts from the start,
    /// drain included), then the drain's end.
    fn overdue(&mut self) -> (Did, Row) {
        let at_once = self.at_once();
        let now_ms = self.now_ms;
        match (&mut self.down, self.deadline_ms, at_once) {
            (Some(down), Some(limit), Some(did)) if now_ms - down.began_ms >= limit => {
                (did, Row::DeadlineEndsAtOnce)
            }
            (Some(down), ..) if matches!(down.drain, Some(Drain::Until(until)) if until <= now_ms) =>
            {
                down.drain = None;
                (Did::Nothing, Row::DrainEnds)
            }
            _ => (Did::Nothing, Row::Quiet),
        }
    }

    fn main_ends(&mut self, status: i32) -> (Did, Row) {
        self.main_waiting = None;
        if self.ender.is_some() {
            let did = self.end_in_order(MAIN, false);
            return (did, Row::OtherThreadParks);
        }
        if self.down.is_none() {
            self.main_status = Some(status);
            self.ender = Some(MAIN);
            return (Did::MainOwn, Row::MainReturnsRunning);
        }
        let unwinder = self.carrier().and_then(|n| self.holder(n));
        if unwinder.is_some_and(|t| t != MAIN) {
            self.main_waiting = Some(status);
            return (Did::Waits, Row::MainWaits);
        }
        (self.end_in_order(MAIN, false), Row::BoundaryEnds)
    }

    /// After every step, as the shell's loop does: a `main` that waits
    /// looks again.
    fn settle(&mut self, did: Did, row: Row) -> (Did, Vec<Row>) {
        if matches!(did, Did::AtOnce { .. } | Did::Ended { .. }) {
            self.over = true;
            return (did, vec![row]);
        }
        match self.main_waiting {
            Some(status) if row != Row::MainWaits => {
                let (again, again_row) = self.main_ends(status);
                if again == Did::Waits {
                    (did, vec![row])
                } else {
                    (again, vec![row, again_row])
                }
            }
            _ => (did, vec![row]),
        }
    }
}

struct Reference;

impl ReferenceStateMachine for Reference {
    type State = Model;
    type Transition = Event;

    fn init_state() -> BoxedStrategy<Model> {
        Just(Model::default()).boxed()
    }

    fn transitions(state: &Model) -> BoxedStrategy<Event> {
        if state.over {
            return Just(Event::Over).boxed();
        }
        let waiting = state.main_waiting.is_some();
        let alive: Vec<usize> = (0..THREADS)
            .filter(|&t| !state.gone[t] && (t != MAIN || !state.main_done))
            .collect();
        let code = prop_oneof![Just(0), Just(2), Just(3), Just(7)];
        // Relative weights: the events that end a sequence at once are
        // rare, the ones that build up races (unwinds, catches, drops,
        // resumes) common, so each row of the table is taken often.
        let mut events: Vec<(u32, BoxedStrategy<Event>)> = vec![
            (
                4,
                (
                    prop::sample::select(SIGNALS.to_vec()),
                    prop_oneof![3 => Just(None), 1 => Just(Some(0))],
                )
                    .prop_map(|(n, status)| Event::Signal { n, status })
                    .boxed(),
            ),
            (
                10,
                prop_oneof![Just(None), (1..50u64).prop_map(Some)]
                    .prop_map(Event::SetDeadline)
                    .boxed(),
            ),
            (10, (1..40u64).prop_map(Event::Tick).boxed()),
            (4, code.clone().prop_map(|code| Event::Ask { code }).boxed()),
            (
                // Often, and mostly to a delay: a drain needs one set before
                // its shutdown starts.
                if state.drain_ms.is_none() { 12 } else { 2 },
                prop_oneof![
                    4 => Just(None),
                    8 => (1..60u64).prop_map(Some),
                    1 => Just(Some(u64::MAX)),
                ]
                .prop_map(Event::SetDrain)
                .boxed(),
            ),
            (4, Just(Event::Panic).boxed()),
            (2, Just(Event::PipeClosed).boxed()),
        ];
        // While a drain runs, the clock moves on more often, so that drains
        // end by their delay as often as something stops them.
        if state.down.as_ref().is_some_and(|down| down.drain.is_some()) {
            events.push((30, (10..40u64).prop_map(Event::Tick).boxed()));
        }
        if !alive.is_empty() {
            let thread = prop::sample::select(alive.clone());
            events.push((
                10,
                (thread.clone(), code.clone())
                    .prop_map(|(thread, code)| Event::Exit { thread, code })
                    .boxed(),
            ));
            events.push((
                10,
                (thread, prop::bool::weighted(0.8))
                    .prop_map(|(thread, can_unwind)| Event::Checkpoint { thread, can_unwind })
                    .boxed(),
            ));
        }
        let workers: Vec<usize> = alive
            .iter()
            .copied()
            .filter(|&t| t != MAIN && state.ender != Some(t))
            .collect();
        if !workers.is_empty() {
            events.push((
                5,
                prop::sample::select(workers)
                    .prop_map(Event::ThreadEnds)
                    .boxed(),
            ));
        }
        unwinding_events(state, &alive, &mut events);
        if !waiting && alive.contains(&MAIN) {
            events.push((
                10,
                prop_oneof![Just(0), Just(1)]
                    .prop_map(Event::MainReturns)
                    .boxed(),
            ));
            if let Some(n) = state.unwinding[MAIN].filter(|_| state.panicking[MAIN]) {
                events.push((10, Just(Event::MainBoundary(n)).boxed()));
            }
        }
        if !waiting && state.ender.is_some() {
            events.push((10, Just(Event::HooksDone).boxed()));
        }
        // Rare: it ends every sequence it appears in.
        if state.requests.len() % 5 == 4 {
            events.push((
                10,
                code.clone()
                    .prop_map(|code| Event::ExitNow { code })
                    .boxed(),
            ));
        }
        request_events(state, &alive, code.boxed(), &mut events);
        prop::strategy::Union::new_weighted(events).boxed()
    }

    fn preconditions(state: &Model, event: &Event) -> bool {
        if state.over {
            return matches!(event, Event::Over);
        }
        if state.main_waiting.is_some() && !waiting_allows(event) {
            return false;
        }
        let alive = |t: usize| !state.gone[t] && (t != MAIN || !state.main_done);
        let live = |n: usize| state.requests.get(n).is_some_and(|r| r.live);
        match *event {
            Event::Exit { thread, .. }
            | Event::Checkpoint { thread, .. }
            | Event::LocalIntercepted { thread, .. } => alive(thread),
            Event::ExitNow { .. }
            | Event::Signal { .. }
            | Event::Panic
            | Event::PipeClosed
            | Event::SetDeadline(_)
            | Event::Ask { .. }
            | Event::SetDrain(_)
            | Event::Tick(_) => true,
            // `catch_exit` runs on the thread that unwinds for the request.
            Event::Catch { n, thread } => {
                live(n)
                    && alive(thread)
                    && state.unwinding[thread] == Some(n)
                    && state.panicking[thread]
            }
            Event::ForeignCatch(thread) => {
                alive(thread) && state.panicking[thread] && state.unwinding[thread].is_some()
            }
            Event::Drop { n, thread } | Event::HandOver { n, thread } => live(n) && alive(thread),
            Event::Resume { n, thread } => live(n) && alive(thread) && !state.panicking[thread],
            Event::ThreadEnds(thread) => alive(thread) && state.ender != Some(thread),
            Event::ImmediateFrame(thread) => alive(thread) && state.unwound[thread],
            Event::MainReturns(_) => alive(MAIN) && !state.panicking[MAIN],
            Event::MainBoundary(n) => {
                alive(MAIN) && state.panicking[MAIN] && state.unwinding[MAIN] == Some(n) && live(n)
            }
            Event::HooksDone => state.ender.is_some() && !waiting(state),
            Event::Over => false,
        }
    }

    fn apply(mut state: Model, event: &Event) -> Model {
        if let Event::Over = event {
            state.last = None;
            return state;
        }
        let (did, row) = state.step(event);
        state.last = Some(state.settle(did, row));
        state
    }
}

/// The events of requests whose payloads live (dropped, resumed, handed
/// to a pool's handler), and of a thread's own exit intercepted.
fn request_events(
    state: &Model,
    alive: &[usize],
    code: BoxedStrategy<i32>,
    events: &mut Vec<(u32, BoxedStrategy<Event>)>,
) {
    let live: Vec<usize> = (0..state.requests.len())
        .filter(|&n| state.requests[n].live)
        .collect();
    if !live.is_empty() && !alive.is_empty() {
        let pick = prop::sample::select(live);
        let thread = prop::sample::select(alive.to_vec());
        events.push((
            10,
            (pick.clone(), thread.clone())
                .prop_map(|(n, thread)| Event::Drop { n, thread })
                .boxed(),
        ));
        events.push((
            10,
            (pick.clone(), thread.clone())
                .prop_map(|(n, thread)| Event::Resume { n, thread })
                .boxed(),
        ));
        events.push((
            4,
            (pick, thread)
                .prop_map(|(n, thread)| Event::HandOver { n, thread })
                .boxed(),
        ));
    }
    // The races that decide who carries the first request (G3): its payload
    // dropped on a thread that unwinds for another request, of this
    // shutdown or of an earlier one; and a request of an earlier shutdown
    // resumed, which starts a new one.
    if let Some(carrier) = state.carrier().filter(|&n| state.requests[n].live) {
        let unwinders: Vec<usize> = alive
            .iter()
            .copied()
            .filter(|&t| state.panicking[t] && state.unwinding[t].is_some_and(|m| m != carrier))
            .collect();
        if !unwinders.is_empty() {
            events.push((
                20,
                prop::sample::select(unwinders)
                    .prop_map(move |thread| Event::Drop { n: carrier, thread })
                    .boxed(),
            ));
        }
    }
    let earlier: Vec<usize> = (0..state.requests.len())
        .filter(|&n| state.requests[n].live && state.down.is_none() && state.ender.is_none())
        .collect();
    let calm: Vec<usize> = alive
        .iter()
        .copied()
        .filter(|&t| !state.panicking[t])
        .collect();
    if !earlier.is_empty() && !calm.is_empty() {
        events.push((
            20,
            (prop::sample::select(earlier), prop::sample::select(calm))
                .prop_map(|(n, thread)| Event::Resume { n, thread })
                .boxed(),
        ));
    }
    // Rarer while running, where it ends the sequence.
    if !alive.is_empty() {
        events.push((
            if state.down.is_some() { 4 } else { 1 },
            (prop::sample::select(alive.to_vec()), code)
                .prop_map(|(thread, code)| Event::LocalIntercepted { thread, code })
                .boxed(),
        ));
    }
}

/// The events of threads that unwind or did: an unwind reaching an old
/// immediate frame, a catch of what a thread unwinds for.
fn unwinding_events(state: &Model, alive: &[usize], events: &mut Vec<(u32, BoxedStrategy<Event>)>) {
    let unwound: Vec<usize> = alive
        .iter()
        .copied()
        .filter(|&t| state.unwound[t])
        .collect();
    if !unwound.is_empty() {
        events.push((
            10,
            prop::sample::select(unwound)
                .prop_map(Event::ImmediateFrame)
                .boxed(),
        ));
    }
    let catching: Vec<usize> = alive
        .iter()
        .copied()
        .filter(|&t| state.panicking[t] && state.unwinding[t].is_some())
        .collect();
    if !catching.is_empty() {
        let thread = prop::sample::select(catching);
        events.push((10, thread.clone().prop_map(Event::ForeignCatch).boxed()));
        let unwinding = state.unwinding;
        // More often while other payloads live: a catch of the first request
        // then leaves requests of an ended shutdown to be resumed.
        let others = state.requests.iter().filter(|r| r.live).count() > 1;
        events.push((
            if others { 30 } else { 10 },
            thread
                .prop_map(move |thread| Event::Catch {
                    n: unwinding[thread].expect("it unwinds for one"),
                    thread,
                })
                .boxed(),
        ));
    }
}

fn waiting(state: &Model) -> bool {
    state.main_waiting.is_some()
}

/// While `main` waits, the other threads go on; `main` does nothing.
fn waiting_allows(event: &Event) -> bool {
    match *event {
        Event::Exit { thread, .. }
        | Event::Checkpoint { thread, .. }
        | Event::Resume { thread, .. }
        | Event::Drop { thread, .. }
        | Event::HandOver { thread, .. }
        | Event::LocalIntercepted { thread, .. }
        | Event::Catch { thread, .. }
        | Event::ForeignCatch(thread)
        | Event::ImmediateFrame(thread) => thread != MAIN,
        Event::MainReturns(_) | Event::MainBoundary(_) | Event::HooksDone => false,
        _ => true,
    }
}

// ---- the machine, driven the way the shell drives it -------------------

/// The machine and what each thread of the shell knows of itself: whether
/// it unwinds (std's `panicking()`). The harness keeps no record of which
/// request a thread unwinds for: the shell has none to give.
struct Driven {
    machine: Machine,
    base: Instant,
    now_ms: u64,
    ids: Vec<RequestId>,
    codes: Vec<i32>,
    panicking: [bool; THREADS],
    main_waiting: Option<i32>,
}

fn key(thread: usize) -> ThreadKey {
    ThreadKey(thread as u64 + 1)
}

fn exit(code: i32) -> Exit {
    Exit::new(code, location())
}

impl Driven {
    fn now(&self) -> Instant {
        self.base + Duration::from_millis(self.now_ms)
    }

    fn ender(ender: Ender, intercepted: bool) -> Did {
        match ender {
            Ender::ThisThread(cause) => Did::InOrder {
                code: cause.code(),
                signal: signal_of(cause),
                intercepted,
            },
            Ender::Again(_) => Did::Again,
            Ender::Another => Did::Parked,
        }
    }

    /// What `exit(code)` does on `thread`: unwind, or, where it can't,
    /// end in order.
    fn request(&mut self, thread: usize, code: i32, can_unwind: bool) -> Did {
        let now = self.now();
        self.codes.push(code);
        if !can_unwind || self.panicking[thread] {
            let (requested, ender) =
                self.machine
                    .requested_without_unwind(exit(code), None, key(thread), now);
            self.ids.push(requested.id);
            return Self::ender(ender, false);
        }
        let requested = self.machine.requested(exit(code), key(thread), now);
        self.ids.push(requested.id);
        self.panicking[thread] = true;
        match requested.started {
            Some(Arm(arm)) => Did::Started { arm },
            None => Did::Joined,
        }
    }

    fn main_ends(&mut self, status: i32) -> Did {
        self.main_waiting = None;
        match self.machine.main_ended(key(MAIN), status) {
            AtMain::Own => Did::MainOwn,
            AtMain::Wait => {
                self.main_waiting = Some(status);
                Did::Waits
            }
            AtMain::Ender(ender) => Self::ender(ender, false),
        }
    }

    fn step(&mut self, event: &Event) -> Did {
        let now = self.now();
        match *event {
            Event::Exit { thread, code } => self.request(thread, code, true),
            Event::Checkpoint { thread, can_unwind } => self.checkpoint(thread, can_unwind, now),
            Event::ExitNow { code } => {
                let cause = self.machine.immediate_requested(exit(code), None);
                at_once(cause)
            }
            Event::Signal { n, status } => self.signal(n, status, now),
            Event::Ask { code } => match self.machine.asked(Exit::asked(code, location()), now) {
                Some(Arm(arm)) => Did::Started { arm },
                None => Did::Joined,
            },
            Event::SetDrain(delay) => {
                self.machine.drain_set(delay.map(Duration::from_millis));
                Did::Nothing
            }
            Event::Panic => self.panic(now),
            Event::PipeClosed => match self.machine.pipe_closed(now) {
                Some(Arm(arm)) => Did::Started { arm },
                None => Did::Joined,
            },
            Event::Catch { n, thread } => {
                self.panicking[thread] = false;
                self.machine.caught(self.ids[n]);
                Did::Nothing
            }
            Event::ForeignCatch(thread) => {
                self.panicking[thread] = false;
                Did::Nothing
            }
            Event::Drop { n, thread } => {
                match self
                    .machine
                    .intercepted(self.ids[n], key(thread), self.panicking[thread])
                {
                    Some(ender) => Self::ender(ender, true),
                    None => Did::Nothing,
                }
            }
            Event::HandOver { n, thread } => {
                match self.machine.handed_over(self.ids[n], key(thread)) {
                    Some(ender) => Self::ender(ender, false),
                    None => Did::Nothing,
                }
            }
            Event::LocalIntercepted { thread, code } => self.local_intercepted(thread, code, now),
            Event::Resume { n, thread } => {
                self.panicking[thread] = true;
                let requested =
                    self.machine
                        .resumed(self.ids[n], exit(self.codes[n]), key(thread), now);
                match requested.started {
                    Some(Arm(arm)) => Did::Started { arm },
                    None => Did::Nothing,
                }
            }
            Event::ThreadEnds(thread) => {
                self.panicking[thread] = false;
                self.machine.thread_ended(key(thread));
                Did::Nothing
            }
            Event::ImmediateFrame(thread) => match self.machine.unwound_into_immediate(key(thread))
            {
                Some(cause) => at_once(cause),
                None => Did::Nothing,
            },
            Event::MainReturns(status) => self.main_ends(status),
            Event::MainBoundary(n) => {
                let code = self.codes[n];
                self.machine
                    .resumed(self.ids[n], exit(code), key(MAIN), now);
                self.main_ends(code)
            }
            Event::SetDeadline(limit) => {
                match self.machine.deadline_set(limit.map(Duration::from_millis)) {
                    Arm(true) => Did::Armed,
                    Arm(false) => Did::Nothing,
                }
            }
            Event::Tick(ms) => self.tick(ms),
            Event::Over => Did::Nothing,
            Event::HooksDone => {
                let cause = self.machine.cause().expect("an end under way");
                Did::Ended {
                    code: cause.code(),
                    signal: signal_of(cause),
                }
            }
        }
    }

    /// The clock moves on, and the watchdog looks: a drain that ended is
    /// applied, then it looks again.
    fn tick(&mut self, ms: u64) -> Did {
        self.now_ms += ms;
        loop {
            match self.machine.watch(self.now()) {
                Watch::Overdue(cause, ..) => {
                    break at_once(cause);
                }
                Watch::Drained => {
                    assert!(self.machine.drained(self.now()), "a drain to end");
                }
                Watch::Idle | Watch::Sleep(_) => break Did::Nothing,
            }
        }
    }

    fn signal(&mut self, n: i32, status: Option<i32>, now: Instant) -> Did {
        match self
            .machine
            .signalled(Exit::from_signal(n, status, location()), now)
        {
            Signalled::Started(Arm(arm)) => Did::Started { arm },
            Signalled::Joined => Did::Joined,
            Signalled::AtOnce(cause) => at_once(cause),
        }
    }

    fn local_intercepted(&mut self, thread: usize, code: i32, now: Instant) -> Did {
        // The shell knows no id for it: the shutdown numbers it.
        self.codes.push(code);
        self.ids.push(RequestId::NONE);
        match self.machine.local_intercepted(exit(code), key(thread), now) {
            Some((_, ender)) => Self::ender(ender, true),
            None => Did::Nothing,
        }
    }

    /// What `checkpoint()` does on `thread`.
    fn checkpoint(&mut self, thread: usize, can_unwind: bool, now: Instant) -> Did {
        // checkpoint()'s fast path: one load of the published code.
        if self.machine.exiting().is_none() {
            return Did::Nothing;
        }
        let stop = self.machine.checkpoint_reached(
            key(thread),
            location(),
            can_unwind,
            self.panicking[thread],
            now,
        );
        match stop {
            Stop::Return => Did::Returns,
            Stop::Exit(code) => self.request(thread, code, true),
            Stop::EndInOrder(ender) => {
                // The request it made can't be caught, dropped or resumed.
                self.codes.push(0);
                self.ids.push(RequestId::NONE);
                Self::ender(ender, false)
            }
        }
    }

    /// What the panic hook of `handle_panics` does.
    fn panic(&mut self, now: Instant) -> Did {
        let site = || PanicSite {
            at: Some("src/lib.rs:1:1"),
            thread: Some("worker"),
        };
        match self.machine.panicked(site, now) {
            Some(Arm(arm)) => Did::Started { arm },
            None => Did::Joined,
        }
    }
}

/// The signal an orderly end for `cause` dies by.
fn signal_of(cause: Cause) -> Option<i32> {
    cause.signal(true)
}

/// An end at once for `cause`.
fn at_once(cause: Cause) -> Did {
    Did::AtOnce {
        code: cause.code_at_once(),
        signal: cause.signal(false),
    }
}

struct Checked;

impl StateMachineTest for Checked {
    type SystemUnderTest = Driven;
    type Reference = Reference;

    fn init_test(_: &Model) -> Driven {
        Driven {
            machine: Machine::new(),
            base: Instant::now(),
            now_ms: 0,
            ids: Vec::new(),
            codes: Vec::new(),
            panicking: [false; THREADS],
            main_waiting: None,
        }
    }

    fn apply(mut driven: Driven, model: &Model, event: Event) -> Driven {
        if let Event::Over = event {
            return driven;
        }
        let mut did = driven.step(&event);
        // The shell's loop: a waiting `main` looks again after every change.
        if let Some(status) = driven.main_waiting {
            if !matches!(event, Event::MainReturns(_) | Event::MainBoundary(_)) || did != Did::Waits
            {
                let again = driven.main_ends(status);
                if again != Did::Waits {
                    did = again;
                }
            }
        }
        let (expected, rows) = model.last.clone().expect("the model took a step");
        assert_eq!(did, expected, "what {event:?} did");
        assert_eq!(
            driven.machine.exiting(),
            model.exiting(),
            "exiting() after {event:?}"
        );
        assert_eq!(
            driven.machine.phase(),
            model.phase(),
            "the phase after {event:?}"
        );
        assert_eq!(
            driven.machine.draining(),
            model.down.is_some(),
            "draining() after {event:?}"
        );
        // A drain with an end: the watchdog wakes by then at the latest.
        if let Some(Drain::Until(until)) = model.down.as_ref().and_then(|down| down.drain) {
            let left = Duration::from_millis(until.saturating_sub(model.now_ms));
            match driven.machine.watch(driven.now()) {
                Watch::Sleep(sleep) => assert!(sleep <= left, "a watchdog asleep past the drain"),
                Watch::Overdue(..) => {}
                other => panic!("{other:?} during a drain that ends in {left:?}"),
            }
        }
        assert_eq!(
            driven.machine.deadline(),
            model.deadline_ms.map(Duration::from_millis)
        );
        assert_eq!(
            driven.machine.shutting_down_for(driven.now()),
            model
                .down
                .as_ref()
                .map(|down| Duration::from_millis(model.now_ms - down.began_ms)),
            "how long the shutdown took, after {event:?}"
        );
        for thread in 0..THREADS {
            assert_eq!(
                driven.machine.unwinds_for(key(thread)).map(|(id, _)| id),
                model.unwinding[thread].map(|n| driven.ids[n]),
                "what thread {thread} unwinds for, after {event:?}"
            );
        }
        for row in rows {
            TAKEN[ROWS.iter().position(|(r, _)| *r == row).unwrap()]
                .fetch_add(1, Ordering::Relaxed);
        }
        driven
    }
}

#[test]
fn every_row_the_model_counts_is_a_row_of_the_contracts_table() {
    let page = include_str!("../contract.md");
    for (_, name) in ROWS {
        assert!(
            page.contains(&format!("| {name} |")),
            "not on the contract page: {name}"
        );
    }
}

/// How many random sequences a plain `cargo test` checks (`MODEL_CASES`
/// sets another number).
const CASES: u32 = 3_000;

#[test]
fn the_machine_agrees_with_the_model_of_the_contract() {
    let cases = std::env::var("MODEL_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(CASES);
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    // The same sequences every run, so whether every row is reached never
    // depends on luck; `MODEL_SEED=random` (CI's long run) explores new ones.
    let mut runner = if std::env::var_os("MODEL_SEED").is_some_and(|seed| seed == "random") {
        TestRunner::new(config.clone())
    } else {
        TestRunner::new_with_rng(
            config.clone(),
            TestRng::deterministic_rng(config.rng_algorithm),
        )
    };
    let outcome = runner.run(
        &Reference::sequential_strategy(1..40),
        |(init, events, seen)| {
            Checked::test_sequential(config.clone(), init, events, seen);
            Ok(())
        },
    );
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
    let mut unreached = Vec::new();
    println!("rows of the contract's state table taken, over {cases} sequences:");
    for ((row, name), taken) in ROWS.iter().zip(&TAKEN) {
        let taken = taken.load(Ordering::Relaxed);
        println!("{taken:>8}  {name}");
        if taken == 0 {
            unreached.push(format!("{row:?}"));
        }
    }
    assert!(
        unreached.is_empty(),
        "rows no sequence reached: {unreached:?}"
    );
}
