//! The exit value users see (`Exit`) and the unwinding payload that carries
//! it (`Request`). Plain data: what happens when a payload is dropped is
//! decided by whoever arms it.

use std::fmt;
use std::panic::Location;

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
    /// A request for `code`, made at `location`.
    pub(crate) fn new(code: i32, location: &'static Location<'static>) -> Self {
        Self { code, location }
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
// in `unwind.rs`.

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

/// The unwinding payload. While armed, dropping it calls the function it was
/// armed with, which ends the process: that is what makes a graceful exit
/// impossible to swallow.
pub(crate) struct Request {
    pub(crate) exit: Exit,
    on_swallow: Option<fn(Exit)>,
}

impl Request {
    /// A payload whose drop calls `on_swallow`, unless it is disarmed first.
    pub(crate) fn armed(exit: Exit, on_swallow: fn(Exit)) -> Self {
        Self {
            exit,
            on_swallow: Some(on_swallow),
        }
    }

    /// A payload whose drop does nothing.
    pub(crate) fn disarmed(exit: Exit) -> Self {
        Self {
            exit,
            on_swallow: None,
        }
    }

    /// Makes dropping this payload do nothing, and returns its request.
    pub(crate) fn disarm(&mut self) -> Exit {
        self.on_swallow = None;
        self.exit
    }
}

impl Drop for Request {
    fn drop(&mut self) {
        if let Some(on_swallow) = self.on_swallow.take() {
            on_swallow(self.exit);
        }
    }
}
