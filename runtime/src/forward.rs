//! Forwarding a worker's exit out of a join (G7): one call on the join's
//! result, for std threads and, with the `tokio` feature, tokio tasks.

use std::any::Any;

use crate::exit::resume_if_exit;

/// The result of a join, out of which a worker's graceful exit is
/// forwarded with one call: `.forward_exit()`.
///
/// A worker's exit comes out of a join as an error (the thread unwound, the
/// task panicked). `.forward_exit()` continues that exit on the joining
/// thread (it unwinds from here, as [`resume_if_exit`] does), and hands
/// back every other result unchanged. Where the join's result would be
/// unwrapped, unwrap `.forward_exit()`'s instead: an `.unwrap()` on the
/// raw result panics, and the exit it drops ends the process there,
/// skipping `main`'s destructors.
///
/// - `std::thread::Result<T>` (from `JoinHandle::join`, also scoped
///   threads): an ordinary panic comes back as `Err(payload)`.
/// - `Result<T, tokio::task::JoinError>` (feature `tokio`): an ordinary
///   panic continues as a panic on the awaiting task (as `.unwrap()` would
///   make it, since tokio can't rebuild the `JoinError` from its payload);
///   a cancelled task comes back as `Err`.
///
/// ```
/// use exit_policy::{ForwardExit, catch_exit, exit};
///
/// let caught = catch_exit(|| {
///     let worker = std::thread::spawn(|| exit(4));
///     worker.join().forward_exit().expect("the worker panicked"); // exit(4) goes on here
/// });
/// assert_eq!(caught.unwrap_err().code(), 4);
///
/// let fine = std::thread::spawn(|| 2).join().forward_exit();
/// assert_eq!(fine.unwrap(), 2);
/// ```
pub trait ForwardExit {
    /// The result with a worker's exit taken out.
    type Output;

    /// Continues a worker's graceful exit here; hands back anything else.
    #[must_use = "an ordinary panic or a cancellation is handed back: handle it"]
    fn forward_exit(self) -> Self::Output;
}

impl<T> ForwardExit for Result<T, Box<dyn Any + Send + 'static>> {
    type Output = Self;

    fn forward_exit(self) -> Self {
        self.map_err(resume_if_exit)
    }
}

#[cfg(feature = "tokio")]
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
impl<T> ForwardExit for Result<T, tokio::task::JoinError> {
    type Output = Self;

    fn forward_exit(self) -> Self {
        match self {
            Err(error) if error.is_panic() => {
                std::panic::resume_unwind(resume_if_exit(error.into_panic()))
            }
            other => other,
        }
    }
}
