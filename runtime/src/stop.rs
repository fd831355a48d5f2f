//! Where work stops when the process shuts down: `checkpoint()` for loops,
//! `exit_requested()` for async code, and the deadline a shutdown must meet.

use std::future::Future;
use std::panic::Location;
use std::time::Duration;

use crate::deadline;
use crate::request::Exit;
use crate::shutdown::ExitRequested;
use crate::state;
use crate::unwind;

/// Where a thread can stop: returns at once unless the process is shutting
/// down, and then behaves as [`exit`](crate::exit) called on this line with
/// the shutdown's code, under the policy in force here (S2).
///
/// The process is shutting down once a handled signal arrived
/// ([`handle_signals`](crate::handle_signals)) or an exit is in flight on any
/// thread. A graceful checkpoint then unwinds this thread, so its values
/// drop; an immediate one ends the process. Its request loses the race to
/// the one already in flight (G6) and changes nothing else. On a thread that
/// is already unwinding for an exit, or running the `at_exit` hooks, it
/// returns.
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
    if state::shutting_down() {
        stop_here(Location::caller());
    }
}

#[cold]
#[inline(never)]
fn stop_here(location: &'static Location<'static>) {
    let unwinding_for_exit = std::thread::panicking() && state::unwinding().is_some();
    if unwinding_for_exit || state::hooks_running().is_some() {
        return;
    }
    // A `catch_exit` may have ended the shutdown since the fast check.
    if let Some(code) = state::exiting() {
        unwind::exit(Exit::new(code, location));
    }
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
    ExitRequested::default()
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
    state::set_deadline(limit);
    if state::shutting_down() {
        deadline::arm();
    }
}
