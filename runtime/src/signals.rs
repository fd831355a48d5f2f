//! Signals as graceful shutdowns (S1, S4, S5), with `signal-hook`. The
//! handler that `signal-hook` installs only records the signal, which is all
//! a handler may safely do; the real work happens on a thread that waits
//! for it.

use std::io;
use std::panic::Location;
use std::sync::{Mutex, PoisonError};

use crate::lines::{self, How};
use crate::machine::Signalled;
use crate::request::Exit;
use crate::shutdown;

/// The process (by id) whose signals are handled, behind a lock so that
/// concurrent first calls install the handlers once. A child made with
/// `fork` inherits the handlers but not the thread that serves them: its
/// own first call serves them again.
static HANDLED: Mutex<Option<u32>> = Mutex::new(None);

/// From now on, SIGINT, SIGTERM and SIGHUP start a graceful shutdown
/// instead of killing the process (S1). Calling it again does nothing.
///
/// - The first of them starts a graceful shutdown with code 128 + the
///   signal's number (130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP), or
///   joins the shutdown already under way: [`exiting`](crate::exiting)
///   returns the code on every thread, [`checkpoint`](crate::checkpoint)
///   exits, [`exit_requested`](crate::exit_requested) completes, and the
///   deadline starts ([`set_deadline`](crate::set_deadline)).
/// - A second one ends the process at once, by that signal: no destructor,
///   no hook, one line on stderr (S4).
/// - A shutdown a signal started ends, after its destructors and hooks, by
///   re-raising that signal with its default action, so the parent sees
///   the real cause: a shell reports 130 for SIGINT, 143 for SIGTERM (S5).
///   So does a deadline cut, or an immediate exit, during that shutdown.
///   As PID 1 of a PID namespace (a container's program without an init),
///   where the kernel drops that signal, it ends with 128 + its number.
/// - A signal its parent left ignored stays ignored: under `nohup`, SIGHUP
///   does nothing; in a shell's background job, SIGINT does nothing.
/// - A child made with `fork()` (and no `exec`) keeps the handlers but not
///   the thread that serves them: it calls `handle_signals()` again, which
///   serves them in that process.
///
/// Annotate `main`: a shutdown ends at an annotated `main`, also when `main`
/// returns; an unannotated `main` that returns ends the process with its
/// own status.
///
/// On Windows, Ctrl-C (SIGINT) and Ctrl-Break (SIGBREAK) are handled the
/// same way; a shutdown they start ends with `STATUS_CONTROL_C_EXIT`, as an
/// unhandled Ctrl-C does. Closing the console window is not handled: it
/// ends the process at once.
///
/// # Errors
///
/// When the handlers can't be installed or the thread that serves them
/// can't start; the signals then keep their default action.
///
/// ```no_run
/// use exit_policy::{at_exit, checkpoint, exit_policy, handle_signals};
///
/// #[exit_policy(graceful)]
/// fn main() {
///     handle_signals().expect("signal handlers");
///     at_exit(|status| eprintln!("stopped with {status}"));
///     let _report = std::io::BufWriter::new(std::io::stdout()); // flushed on Ctrl-C
///     loop {
///         checkpoint(); // Ctrl-C: unwinds from here; the process dies by SIGINT
///         // ... one unit of work ...
///     }
/// }
/// ```
#[track_caller]
pub fn handle_signals() -> io::Result<()> {
    let handled_at = Location::caller();
    #[cfg(unix)]
    let serve = serve;
    #[cfg(windows)]
    let serve = serve_windows_console;
    let mut handled = HANDLED.lock().unwrap_or_else(PoisonError::into_inner);
    let this_process = std::process::id();
    if *handled != Some(this_process) {
        serve(handled_at)?;
        *handled = Some(this_process);
    }
    Ok(())
}

/// What the serving thread does with each handled signal.
fn arrived(signal: i32, handled_at: &'static Location<'static>) {
    let request = Exit::from_signal(signal, handled_at);
    // A shutdown this signal starts is said before `exiting()`,
    // `checkpoint()` and the waiting futures can see it, so the line comes
    // before anything they make other threads print. An annotated `main`
    // that returns meanwhile ends the process for the shutdown without
    // waiting for a logger that blocks (S5), and may cut the line short.
    let signalled = shutdown::signalled(request, move || say_what_ctrl_c_does(signal));
    if let Signalled::Joined = signalled {
        shutdown::say_off_the_signal_thread(move || say_what_ctrl_c_does(signal));
    }
    if let Signalled::AtOnce(cause) = signalled {
        lines::second_signal(signal);
        shutdown::end_at_once(cause, How::SecondSignal);
    }
}

/// S6: at a terminal, the first Ctrl-C of a shutdown says that the
/// shutdown started and what a second one does, so that a program whose
/// loop has no checkpoint does not look as if it ignored it. Anywhere else
/// (a pipe, a file, a service manager) stderr stays empty.
fn say_what_ctrl_c_does(signal: i32) {
    if signal == signal_hook::consts::SIGINT {
        lines::ctrl_c_at_a_terminal();
    }
}

#[cfg(unix)]
fn serve(handled_at: &'static Location<'static>) -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    use signal_hook::iterator::Signals;

    // A signal its parent left ignored stays ignored (S1): `nohup` keeps a
    // program alive on SIGHUP, a shell's background job ignores SIGINT.
    let handled: Vec<i32> = [SIGINT, SIGTERM, SIGHUP]
        .into_iter()
        .filter(|&signal| !crate::os::signal_ignored(signal))
        .collect();
    let mut signals = Signals::new(handled)?;
    // If the thread can't start, `signals` is dropped with the closure,
    // which puts the default actions back.
    std::thread::Builder::new()
        .name("exit-policy-signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                arrived(signal, handled_at);
            }
        })?;
    Ok(())
}

#[cfg(windows)]
fn serve_windows_console(handled_at: &'static Location<'static>) -> io::Result<()> {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;

    use signal_hook::consts::{SIGBREAK, SIGINT};

    // The C runtime runs console handlers on a thread of their own; a flag
    // per signal, checked by the serving thread, is all they set.
    let flags = [SIGINT, SIGBREAK].map(|signal| (signal, Arc::new(AtomicBool::new(false))));
    for (signal, flag) in &flags {
        signal_hook::flag::register(*signal, Arc::clone(flag))?;
    }
    std::thread::Builder::new()
        .name("exit-policy-signals".into())
        .spawn(move || {
            loop {
                for (signal, flag) in &flags {
                    if flag.swap(false, Ordering::AcqRel) {
                        arrived(*signal, handled_at);
                    }
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        })?;
    Ok(())
}
