//! The waiting side of a shutdown, for the rest of the program: whether one
//! is under way (`exiting`), a future that completes once one starts
//! (`exit_requested`), and how long one may take (`set_deadline`).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use crate::shutdown;
use crate::thread;

/// The code of a graceful exit in progress anywhere in the process, from the
/// `exit` call (or a handled signal, or [`request_exit`](crate::request_exit))
/// until the process ends; `None` otherwise (also after
/// [`catch_exit`](crate::catch_exit) caught it, and while a shutdown drains,
/// [`set_drain_delay`]). An exit raised inside `catch_exit` on this thread
/// counts here, while it unwinds to the catch, and only here.
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
    match shutdown::code() {
        Some(code) => {
            // From now on this thread notes the end of its body (S2).
            thread::met_a_shutdown(None);
            Some(code)
        }
        // An exit raised inside `catch_exit` on this thread is its alone
        // while it unwinds to the catch (G4).
        None => thread::local_exit().map(|exit| exit.code),
    }
}

/// How long a graceful shutdown may take before it is cut short (D1);
/// `None`, the default, means no limit.
///
/// The limit counts from the start of the shutdown, drain included
/// ([`set_drain_delay`]): the first graceful exit request, handled signal or
/// [`request_exit`](crate::request_exit). If destructors or `at_exit` hooks
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
    shutdown::deadline_set(limit);
}

/// A future that completes, with the code, once the process is shutting
/// down: a handled signal arrived, [`request_exit`](crate::request_exit)
/// was called, or an exit is in flight (S3), and, with a drain delay
/// ([`set_drain_delay`]), once the drain is over. A thread's own exit inside
/// `catch_exit` is not the process's: this waits on.
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
        if let Some(code) = shutdown::code() {
            return Poll::Ready(code);
        }
        // Cloned before the lock is taken, and a replaced waker dropped
        // after it is released: both run the executor's code.
        let waker = cx.waker().clone();
        match shutdown::wait_for_code(&mut self.waiter, waker) {
            Ok(code) => Poll::Ready(code),
            Err(replaced) => {
                drop(replaced);
                Poll::Pending
            }
        }
    }
}

impl Drop for ExitRequested {
    fn drop(&mut self) {
        if let Some(waiter) = self.waiter {
            drop(shutdown::stop_waiting(waiter));
        }
    }
}

/// How long a shutdown that unwound nothing (a handled signal,
/// [`request_exit`](crate::request_exit)) drains before it proceeds (O3);
/// `None`, the default, means no drain.
///
/// During the drain, [`draining`] is `true` (a readiness endpoint answers
/// 503, and the load balancer stops sending) while everything else goes on
/// as if nothing had happened: [`exiting`] is `None`,
/// [`checkpoint`](crate::checkpoint) returns, [`exit_requested`] stays
/// pending, requests are served. Then the shutdown proceeds as the signal
/// or request asked. The deadline counts from the start, drain included. A
/// second signal during the drain ends the process at once (S4); an
/// [`exit`](crate::exit) or a handled panic ends the drain early. It
/// applies to shutdowns that start after the call.
///
/// ```
/// use std::time::Duration;
///
/// // Kubernetes: endpoints are removed while SIGTERM is on its way; keep
/// // serving for 5 s, answering 503 on the readiness route.
/// exit_policy::set_drain_delay(Some(Duration::from_secs(5)));
/// # exit_policy::set_drain_delay(None);
/// ```
pub fn set_drain_delay(delay: Option<Duration>) {
    shutdown::drain_set(delay);
}

/// Whether a shutdown is under way, draining or not: `true` from its start
/// (also during the drain, [`set_drain_delay`]) until the process ends. The
/// answer for a readiness check. One atomic load.
///
/// ```
/// // A readiness handler.
/// fn ready() -> (u16, &'static str) {
///     if exit_policy::draining() {
///         (503, "draining\n")
///     } else {
///         (200, "ready\n")
///     }
/// }
/// assert_eq!(ready().0, 200);
/// ```
#[inline]
#[must_use]
pub fn draining() -> bool {
    shutdown::draining()
}
