//! The exit value users see (`Exit`) and the unwinding payload that carries
//! it (`Request`). Plain data: what happens when a payload is dropped is
//! decided by whoever arms it.

use std::fmt;
use std::panic::Location;

/// A request's identity: every `exit` call, and every checkpoint that
/// exits, makes a request of its own, even from the same line with the same
/// code, so the one that won the race and the ones that lost it are never
/// taken for each other. It lives here, with the payload that carries it,
/// so that the payload depends on nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RequestId(pub(crate) u64);

impl RequestId {
    /// The id of a request the shutdown never numbered: one made by an
    /// `at_exit` hook, which is ignored, or a thread's own exit (G4), named
    /// in a line. The shutdown numbers requests from 1.
    pub(crate) const NONE: RequestId = RequestId(0);
}

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
    /// Which call, or which signal, asked.
    pub(crate) kind: Kind,
}

/// What asked for an exit, as the lines name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `exit`, or a checkpoint that exits.
    Exit,
    /// `exit_now` (C3).
    Now,
    /// `request_exit`, which unwinds nothing (G10).
    Request,
    /// A handled signal; `location` is where the signals were handled.
    /// `chosen`: `set_signal_status` gave the shutdown its code, so its
    /// orderly end does not die by the signal (S7).
    #[cfg_attr(not(feature = "signals"), allow(dead_code))]
    Signal { number: i32, chosen: bool },
}

impl Exit {
    /// A request for `code`, made at `location`.
    pub(crate) fn new(code: i32, location: &'static Location<'static>) -> Self {
        Self {
            code,
            location,
            kind: Kind::Exit,
        }
    }

    /// A request for `code` made with `exit_now` at `location`.
    pub(crate) fn now(code: i32, location: &'static Location<'static>) -> Self {
        Self {
            kind: Kind::Now,
            ..Self::new(code, location)
        }
    }

    /// A shutdown for `code` asked for with `request_exit` at `location`.
    pub(crate) fn asked(code: i32, location: &'static Location<'static>) -> Self {
        Self {
            kind: Kind::Request,
            ..Self::new(code, location)
        }
    }

    /// The shutdown a handled signal asks for: code 128 + the signal's
    /// number, as a shell reports a death by that signal, unless
    /// `set_signal_status` chose one (`status`, S7).
    #[cfg(any(feature = "signals", test))]
    pub(crate) fn from_signal(
        signal: i32,
        status: Option<i32>,
        handled_at: &'static Location<'static>,
    ) -> Self {
        Self {
            code: status.unwrap_or(128 + signal),
            location: handled_at,
            kind: Kind::Signal {
                number: signal,
                chosen: status.is_some(),
            },
        }
    }

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
}

// `Exit::resume` continues an exit, so it lives with the code that unwinds,
// in `exit.rs`.

impl fmt::Debug for Exit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut exit = f.debug_struct("Exit");
        exit.field("code", &self.code)
            .field("location", &format_args!("{}", self.location));
        match self.kind {
            Kind::Signal { number, .. } => {
                exit.field("signal", &format_args!("{}", SignalName(number)));
            }
            Kind::Now => {
                exit.field("now", &true);
            }
            Kind::Exit | Kind::Request => {}
        }
        exit.finish()
    }
}

impl fmt::Display for Exit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (code, at) = (self.code, self.location);
        match self.kind {
            Kind::Signal { number, .. } => write!(f, "{}", SignalName(number)),
            Kind::Now => write!(f, "exit_now({code}) requested at {at}"),
            Kind::Request => write!(f, "request_exit({code}) at {at}"),
            Kind::Exit => write!(f, "exit({code}) requested at {at}"),
        }
    }
}

/// Where a panic that started a shutdown happened, and on which thread
/// (K3). The strings are `'static` because the shutdown it starts keeps
/// them until the process ends: a panic's shutdown can't be caught, so at
/// most one is ever made, and its two short strings are leaked for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PanicSite {
    /// `file:line:column`, if the panic said.
    pub(crate) at: Option<&'static str>,
    /// The thread's name, if it has one.
    pub(crate) thread: Option<&'static str>,
}

impl PanicSite {
    /// The status a panic's shutdown ends with, as std's for a panic.
    pub(crate) const CODE: i32 = 101;
}

impl fmt::Display for PanicSite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a panic")?;
        if let Some(at) = self.at {
            write!(f, " at {at}")?;
        }
        match self.thread {
            Some(thread) => write!(f, " on thread '{thread}'"),
            None => f.write_str(" on an unnamed thread"),
        }
    }
}

/// What fixed the status of the shutdown or end under way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cause {
    /// The graceful request that started the shutdown.
    Request(RequestId, Exit),
    /// A handled signal; its `Exit` has the code 128 + the signal's number,
    /// or the status `set_signal_status` chose.
    Signal(Exit),
    /// `request_exit`: a shutdown asked for without unwinding (G10).
    Asked(Exit),
    /// A panic, once `handle_panics()` made panics shut the process down,
    /// or a payload handed to `panic_handler` (K1, K2): status 101.
    Panic(PanicSite),
    /// `main` came to its end with this status while nothing was shutting
    /// down: it returned, or a panic escaped it (101).
    Main(i32),
    /// A print to a closed pipe, once `handle_closed_pipe()` made it end
    /// the program quietly (C2): status 0.
    ClosedPipe,
}

impl Cause {
    /// The status this cause asks for.
    pub(crate) fn code(self) -> i32 {
        match self {
            Cause::Request(_, exit) | Cause::Signal(exit) | Cause::Asked(exit) => exit.code,
            Cause::Panic(_) => PanicSite::CODE,
            Cause::Main(status) => status,
            Cause::ClosedPipe => 0,
        }
    }

    /// The status an end at once for this cause reports: one that dies by
    /// a signal says 128 + n, whatever status `set_signal_status` chose
    /// for the orderly end (S7).
    pub(crate) fn code_at_once(self) -> i32 {
        self.signal(false).map_or(self.code(), |n| 128 + n)
    }

    /// The request that started it, if a request did.
    pub(crate) fn request(self) -> Option<RequestId> {
        match self {
            Cause::Request(id, _) => Some(id),
            Cause::Signal(_)
            | Cause::Asked(_)
            | Cause::Panic(_)
            | Cause::Main(_)
            | Cause::ClosedPipe => None,
        }
    }

    /// Whether a shutdown for this cause drains first (O3): one that
    /// started without unwinding anything.
    pub(crate) fn drains(self) -> bool {
        matches!(self, Cause::Signal(_) | Cause::Asked(_))
    }

    /// The signal an end for this cause dies by: an orderly end (`in_order`)
    /// only if the signal's status was not chosen (S5, S7); an end at once
    /// always (S4, D1).
    pub(crate) fn signal(self, in_order: bool) -> Option<i32> {
        match self {
            Cause::Signal(Exit {
                kind: Kind::Signal { number, chosen },
                ..
            }) if !(in_order && chosen) => Some(number),
            _ => None,
        }
    }
}

/// A signal's conventional name, for messages.
pub(crate) struct SignalName(pub(crate) i32);

impl fmt::Display for SignalName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The numbers POSIX and Windows give these signals.
        match self.0 {
            #[cfg(unix)]
            1 => f.write_str("SIGHUP"),
            2 => f.write_str("SIGINT"),
            #[cfg(unix)]
            3 => f.write_str("SIGQUIT"),
            #[cfg(windows)]
            1 => f.write_str("a console close (the window closed, or a system shutdown)"),
            15 => f.write_str("SIGTERM"),
            #[cfg(windows)]
            21 => f.write_str("SIGBREAK"),
            n => write!(f, "signal {n}"),
        }
    }
}

/// Whose exit a payload carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scope {
    /// The process's: a request the shutdown knows by this id.
    Process(RequestId),
    /// One thread's alone (G4): raised inside `catch_exit` on the thread
    /// whose key is `origin`, named by `serial`; the shutdown never saw it.
    Local { serial: u64, origin: u64 },
}

/// The unwinding payload: a request and whose it is. While armed, dropping
/// it calls the function it was armed with, which ends the process unless
/// the request lost a race: that is what makes a graceful exit impossible
/// to swallow.
pub(crate) struct Request {
    pub(crate) scope: Scope,
    pub(crate) exit: Exit,
    on_intercept: Option<fn(Scope, Exit)>,
}

impl Request {
    /// A payload whose drop calls `on_intercept`, unless it is disarmed
    /// first.
    pub(crate) fn armed(scope: Scope, exit: Exit, on_intercept: fn(Scope, Exit)) -> Self {
        Self {
            scope,
            exit,
            on_intercept: Some(on_intercept),
        }
    }

    /// A payload whose drop does nothing.
    pub(crate) fn disarmed(scope: Scope, exit: Exit) -> Self {
        Self {
            scope,
            exit,
            on_intercept: None,
        }
    }

    /// Makes dropping this payload do nothing, and returns its request.
    pub(crate) fn disarm(&mut self) -> (Scope, Exit) {
        self.on_intercept = None;
        (self.scope, self.exit)
    }
}

impl Drop for Request {
    fn drop(&mut self) {
        if let Some(on_intercept) = self.on_intercept.take() {
            on_intercept(self.scope, self.exit);
        }
    }
}
