//! Panics under the shutdown policy (K1 to K4): `handle_panics()` makes a
//! panic on any thread start (or join) a graceful shutdown with status 101,
//! and `panic_handler` does the same for pools that hand a caught payload
//! to a handler. Nothing here exists until it is called: no hook, no
//! thread, no lock.

use std::any::Any;
use std::panic::{self, PanicHookInfo};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};

use crate::exit;
use crate::request::{PanicSite, Request};
use crate::shutdown;

/// Whether the hook is installed.
static HANDLED: AtomicBool = AtomicBool::new(false);

/// Held while a hook of this crate is chained in, so that two first calls
/// on different threads (`handle_panics`, `handle_closed_pipe`) can't both
/// take the same previous hook and lose one of theirs.
static CHAINING: Mutex<()> = Mutex::new(());

/// Chains `hook` in front of the panic hook in place, once (`handled` says
/// whether it was). `hook` gets the previous one to call or not. During a
/// panic it does nothing: std forbids changing the hook then.
pub(crate) fn chain_hook(
    handled: &'static AtomicBool,
    hook: impl Fn(&PanicHookInfo<'_>, &(dyn Fn(&PanicHookInfo<'_>) + Sync + Send))
    + Sync
    + Send
    + 'static,
) {
    if std::thread::panicking() {
        return;
    }
    let _chaining = CHAINING.lock().unwrap_or_else(PoisonError::into_inner);
    if handled.load(Ordering::Acquire) {
        return;
    }
    let previous = panic::take_hook();
    panic::set_hook(Box::new(move |info| hook(info, &*previous)));
    handled.store(true, Ordering::Release);
}

/// From now on, a panic on any thread starts a graceful shutdown with
/// status 101, or joins the one under way (K1). Calling it again does
/// nothing.
///
/// The panic hook that was in place (std's, or a crash reporter's) keeps
/// running first, so panic messages look as before. Then the shutdown is a
/// shutdown like a signal's: [`exiting`](crate::exiting) is `Some(101)` on
/// every thread, [`checkpoint`](crate::checkpoint) exits,
/// [`exit_requested`](crate::exit_requested) completes, the deadline
/// counts, the `at_exit` hooks run with 101, and an annotated `main` ends
/// with 101. The first cause fixes the status: a panic during a shutdown
/// under way changes nothing. An exit request is not a panic and never
/// triggers it.
///
/// It is for services where a panic anywhere (a tokio task nobody awaits,
/// a detached thread, a request handler) means the process is no longer
/// sound: the service drains and ends, in order, instead of running on
/// half broken. Code that contains panics on purpose still does (a
/// `CatchPanicLayer` still answers 500), and then the service ends. In a
/// test binary it would turn one failing test into a shutdown, so call it
/// from `main`, not from tests.
///
/// Under `panic = "abort"` a panic still aborts the process (K4): the hook
/// runs, but nothing unwinds and nothing else does.
///
/// ```no_run
/// use exit_policy::{exit, exit_policy, exit_requested, handle_panics};
///
/// #[exit_policy(graceful)]
/// #[tokio::main]
/// async fn main() {
///     handle_panics();
///     tokio::spawn(async { panic!("a worker's bug") }); // nobody awaits it
///     let code = exit_requested().await; // 101, once the task panicked
///     exit(code); // main's guards drop, the hooks run with 101
/// }
/// ```
pub fn handle_panics() {
    chain_hook(&HANDLED, |info, previous| {
        previous(info);
        on_panic(info);
    });
}

/// What the hook adds to the one that was in place.
fn on_panic(info: &PanicHookInfo<'_>) {
    // Exit requests unwind with `resume_unwind`, which skips the hook; a
    // payload that is one all the same is still no panic.
    if info.payload().is::<Request>() {
        return;
    }
    shutdown::panicked(|| PanicSite {
        at: info
            .location()
            .map(|at| leak(format!("{}:{}:{}", at.file(), at.line(), at.column()))),
        thread: std::thread::current()
            .name()
            .map(|name| leak(name.to_owned())),
    });
}

/// A string for the one panic that starts a shutdown (see `PanicSite`).
fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

/// A panic handler for thread pools that hand a caught payload to one
/// instead of letting it unwind, such as rayon's (K2). Without a handler,
/// rayon aborts the process on any unwind, an exit request included.
///
/// - An exit request in the payload ends the process with its code, in
///   order (the `at_exit` hooks run, stdout is flushed), as dropping it
///   would (G3), but without the interception line: handing it here is
///   deliberate. A request that lost the race to an earlier one changes
///   nothing, as always (G6).
/// - Any other payload starts or joins a graceful shutdown with status 101
///   (K1), and the pool goes on. Call [`handle_panics`] too for the trace
///   to say where the panic happened; this function sees only the payload.
///
/// ```no_run
/// rayon::ThreadPoolBuilder::new()
///     .panic_handler(exit_policy::panic_handler)
///     .build_global()
///     .expect("the global pool");
/// ```
pub fn panic_handler(payload: Box<dyn Any + Send>) {
    match payload.downcast::<Request>() {
        Ok(mut request) => {
            let (id, _) = exit::take(&mut request);
            drop(request);
            shutdown::handed_over(id);
        }
        Err(payload) => {
            shutdown::panicked(|| PanicSite {
                at: None,
                thread: std::thread::current()
                    .name()
                    .map(|name| leak(name.to_owned())),
            });
            drop(payload);
        }
    }
}
