//! Signals as graceful shutdowns (S1, S4, S5), with `signal-hook`. The
//! handler that `signal-hook` installs only records the signal, which is all
//! a handler may safely do; the real work happens on a thread that waits
//! for it.

use std::io;
use std::panic::Location;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Mutex, PoisonError};

use crate::lines::{self, How};
use crate::machine::Signalled;
use crate::request::Exit;
use crate::shutdown;

/// A signal that can start the graceful shutdown (S1), for
/// [`handle_signals_for`].
///
/// ```
/// use exit_policy::Signal;
///
/// // A daemon whose SIGHUP means "reload" leaves it out.
/// let stop_on = [Signal::Interrupt, Signal::Terminate];
/// assert!(!stop_on.contains(&Signal::Hangup));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Signal {
    /// SIGINT: Ctrl-C at a terminal (Windows: Ctrl-C).
    Interrupt,
    /// SIGTERM: what `kill`, systemd, Docker and Kubernetes send to stop a
    /// process. Unix only.
    Terminate,
    /// SIGHUP: the terminal went away (daemons often use it for "reload").
    /// Unix only.
    Hangup,
    /// SIGQUIT: Ctrl-\\ at a terminal, which by default dumps core. Unix
    /// only.
    Quit,
    /// SIGBREAK: Ctrl-Break. Windows only.
    #[cfg(windows)]
    Break,
    /// The console window closed, or the system is shutting down
    /// (`CTRL_CLOSE_EVENT`, `CTRL_SHUTDOWN_EVENT`; a logoff is left to the
    /// next handler: Windows sends it only to services, for any user's
    /// logoff). Windows ends the process about 5 s after a close, whatever
    /// the deadline: the shutdown gets that long. Windows only.
    #[cfg(windows)]
    Close,
}

impl Signal {
    /// The signals [`handle_signals`] handles.
    #[cfg(unix)]
    const DEFAULT: &[Signal] = &[Signal::Interrupt, Signal::Terminate, Signal::Hangup];
    #[cfg(windows)]
    const DEFAULT: &[Signal] = &[Signal::Interrupt, Signal::Break, Signal::Close];

    /// Its number on this platform, or why it has none.
    fn number(self) -> io::Result<i32> {
        use signal_hook::consts as sig;
        let number = match self {
            Signal::Interrupt => Some(sig::SIGINT),
            #[cfg(unix)]
            Signal::Terminate => Some(sig::SIGTERM),
            #[cfg(unix)]
            Signal::Hangup => Some(sig::SIGHUP),
            #[cfg(unix)]
            Signal::Quit => Some(sig::SIGQUIT),
            #[cfg(windows)]
            Signal::Break => Some(sig::SIGBREAK),
            #[cfg(windows)]
            Signal::Close => Some(CLOSE),
            #[cfg(windows)]
            Signal::Terminate | Signal::Hangup | Signal::Quit => None,
        };
        number.ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::Unsupported,
                lines::signal_not_here(&format!("{self:?}")),
            )
        })
    }
}

/// The handled signals of one process (by id), behind a lock so that
/// concurrent calls install each handler once. A child made with `fork`
/// inherits the handlers but not the thread that serves them: its own
/// first call serves them again.
static HANDLED: Mutex<Option<Served>> = Mutex::new(None);

/// What serves the handled signals of a process.
struct Served {
    process: u32,
    numbers: Vec<i32>,
    #[cfg(unix)]
    handle: signal_hook::iterator::Handle,
    #[cfg(windows)]
    flags: Flags,
}

/// `set_signal_status`'s choice; `NONE` for none.
static SIGNAL_STATUS: AtomicI64 = AtomicI64::new(NONE);
const NONE: i64 = i64::MIN;

/// From now on, SIGINT, SIGTERM and SIGHUP start a graceful shutdown
/// instead of killing the process (S1). Calling it again does nothing.
/// [`handle_signals_for`] chooses other signals.
///
/// - The first of them starts a graceful shutdown with code 128 + the
///   signal's number (130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP), or
///   joins the shutdown already under way: [`exiting`](crate::exiting)
///   returns the code on every thread, [`checkpoint`](crate::checkpoint)
///   exits, [`exit_requested`](crate::exit_requested) completes, and the
///   deadline starts ([`set_deadline`](crate::set_deadline)). With a drain
///   delay ([`set_drain_delay`](crate::set_drain_delay)), all but the
///   deadline waits for the drain, during which only
///   [`draining`](crate::draining) says so.
/// - A second one ends the process at once, by that signal: no destructor,
///   no hook, one line on stderr (S4).
/// - A shutdown a signal started ends, after its destructors and hooks, by
///   re-raising that signal with its default action, so the parent sees
///   the real cause: a shell reports 130 for SIGINT, 143 for SIGTERM (S5),
///   unless [`set_signal_status`] chose a status. A deadline cut, or an
///   immediate exit, during that shutdown dies by the signal in any case.
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
/// On Windows, Ctrl-C (SIGINT), Ctrl-Break (SIGBREAK) and a console close
/// (the window closed, or a system shutdown: `Signal::Close`) are handled
/// the same way; a shutdown they start ends with `STATUS_CONTROL_C_EXIT`,
/// as an unhandled Ctrl-C does. After a close, Windows ends the process
/// about 5 s later whatever the deadline; until then the console handler
/// waits, so the shutdown runs.
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
    handle_signals_for(Signal::DEFAULT)
}

/// From now on, the signals in `signals` start a graceful shutdown, as
/// [`handle_signals`] describes; the others keep what they do. Each call
/// adds to the signals handled: a signal once handled stays handled.
///
/// For a daemon whose SIGHUP means "reload", or a tool that leaves
/// SIGQUIT's core dump alone.
///
/// # Errors
///
/// `InvalidInput` for an empty list and `Unsupported` for a signal this
/// platform can't deliver (on Windows, only [`Signal::Interrupt`],
/// `Signal::Break` and `Signal::Close`): then nothing changes. And the errors of
/// [`handle_signals`], from the OS: the signals handled before it stay
/// handled.
///
/// ```no_run
/// use exit_policy::{Signal, exit_policy, exit_requested, handle_signals_for};
///
/// #[exit_policy(graceful)]
/// fn main() {
///     // SIGHUP stays the program's own: it reloads the configuration.
///     handle_signals_for(&[Signal::Interrupt, Signal::Terminate]).expect("signal handlers");
///     // ...
/// }
/// ```
///
/// ```
/// use exit_policy::handle_signals_for;
///
/// let error = handle_signals_for(&[]).unwrap_err();
/// assert_eq!(error.kind(), std::io::ErrorKind::InvalidInput);
/// ```
#[track_caller]
pub fn handle_signals_for(signals: &[Signal]) -> io::Result<()> {
    let handled_at = Location::caller();
    if signals.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            lines::NO_SIGNALS,
        ));
    }
    let numbers = signals
        .iter()
        .map(|signal| signal.number())
        .collect::<io::Result<Vec<i32>>>()?;
    let mut handled = HANDLED.lock().unwrap_or_else(PoisonError::into_inner);
    let this_process = std::process::id();
    match handled.as_mut() {
        Some(served) if served.process == this_process => served.add(&numbers),
        inherited => {
            // A forked child inherits its parent's handlers, which write to
            // a pipe nobody reads here: it serves them all again, with the
            // new ones, or they would be ignored.
            let mut all = inherited
                .as_ref()
                .map(|served| served.numbers.clone())
                .unwrap_or_default();
            for number in numbers {
                if !all.contains(&number) {
                    all.push(number);
                }
            }
            *handled = Some(Served::start(this_process, &all, handled_at)?);
            Ok(())
        }
    }
}

/// `Some(status)`: an orderly shutdown that a handled signal started ends
/// with `status` instead of dying by the signal (S7): 0 for orchestrators
/// that count anything else as a failure, such as a Kubernetes Job. The
/// shutdown's code is `status` from its start: [`exiting`](crate::exiting)
/// and the [`at_exit`](crate::at_exit) hooks see it. A second signal and a
/// deadline cut still end the process by the signal (S4, D1). `None`, the
/// default, dies by the signal.
///
/// ```
/// // A batch job under Kubernetes: SIGTERM stops it in order, as a success.
/// exit_policy::set_signal_status(Some(0));
/// # exit_policy::set_signal_status(None);
/// ```
pub fn set_signal_status(status: Option<i32>) {
    SIGNAL_STATUS.store(status.map_or(NONE, i64::from), Ordering::Relaxed);
}

/// The status `set_signal_status` chose, if any.
fn signal_status() -> Option<i32> {
    i32::try_from(SIGNAL_STATUS.load(Ordering::Relaxed)).ok()
}

impl Served {
    /// Handles the ones of `numbers` not handled yet.
    fn add(&mut self, numbers: &[i32]) -> io::Result<()> {
        for &number in numbers {
            if self.numbers.contains(&number) {
                continue;
            }
            // A signal its parent left ignored stays ignored (S1).
            #[cfg(unix)]
            if crate::os::signal_ignored(number) {
                continue;
            }
            #[cfg(unix)]
            self.handle.add_signal(number)?;
            #[cfg(windows)]
            self.flags.add(number)?;
            self.numbers.push(number);
        }
        Ok(())
    }
}

/// What the serving thread does with each handled signal.
fn arrived(signal: i32, handled_at: &'static Location<'static>) {
    let request = Exit::from_signal(signal, signal_status(), handled_at);
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
impl Served {
    /// Handles `numbers` in this process, on a thread of its own.
    fn start(
        process: u32,
        numbers: &[i32],
        handled_at: &'static Location<'static>,
    ) -> io::Result<Served> {
        use signal_hook::iterator::Signals;

        // A signal its parent left ignored stays ignored (S1): `nohup` keeps
        // a program alive on SIGHUP, a shell's background job ignores
        // SIGINT.
        let numbers: Vec<i32> = numbers
            .iter()
            .copied()
            .filter(|&signal| !crate::os::signal_ignored(signal))
            .collect();
        let mut signals = Signals::new(&numbers)?;
        let handle = signals.handle();
        // If the thread can't start, `signals` is dropped with the closure,
        // which puts the default actions back.
        std::thread::Builder::new()
            .name("exit-policy-signals".into())
            .spawn(move || {
                for signal in signals.forever() {
                    arrived(signal, handled_at);
                }
            })?;
        Ok(Served {
            process,
            numbers,
            handle,
        })
    }
}

/// The flags the C runtime's console handlers set, one per handled signal,
/// shared with the thread that checks them; and whether a console close is
/// handled too (its flag is the console handler's, `console::CLOSED`).
#[cfg(windows)]
#[derive(Clone, Default)]
struct Flags {
    signals: std::sync::Arc<Mutex<Vec<Flag>>>,
    close: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

/// A handled signal and the flag its console handler sets.
#[cfg(windows)]
type Flag = (i32, std::sync::Arc<std::sync::atomic::AtomicBool>);

/// The number a console close goes by: SIGHUP's on Unix, where a terminal
/// that goes away sends it; Windows has no signal of that number.
#[cfg(windows)]
const CLOSE: i32 = 1;

/// A console close on Windows: the C runtime maps it to no signal, so a
/// console handler of this crate's own sees it.
#[cfg(windows)]
mod console {
    use std::io;
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicBool, Ordering};

    use windows_sys::Win32::System::Console::{CTRL_CLOSE_EVENT, CTRL_SHUTDOWN_EVENT};

    /// Set by the handler when the console closes; taken by the serving
    /// thread.
    static CLOSED: AtomicBool = AtomicBool::new(false);

    /// Whether the handler is installed; behind a lock so that it is
    /// installed once.
    static INSTALLED: Mutex<bool> = Mutex::new(false);

    /// From now on a close sets the flag. Installed once; on an error
    /// nothing is installed.
    pub(super) fn watch_for_close() -> io::Result<()> {
        let mut installed = INSTALLED
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !*installed {
            if !crate::os::on_console_events(handler) {
                return Err(io::Error::last_os_error());
            }
            *installed = true;
        }
        Ok(())
    }

    /// Whether the console closed since the last look.
    pub(super) fn closed() -> bool {
        CLOSED.swap(false, Ordering::AcqRel)
    }

    /// Whether Windows ends the process once the handlers of this event
    /// return (or after its time is up): the console's window closed, or
    /// the system shuts down. A logoff is not: Windows sends it only to
    /// services, for any user's logoff, and does not end them.
    pub(super) fn ends_the_process(event: u32) -> bool {
        matches!(event, CTRL_CLOSE_EVENT | CTRL_SHUTDOWN_EVENT)
    }

    /// The console handler. Ctrl-C, Ctrl-Break and a logoff go on to the
    /// next handler (`0`, FALSE): the C runtime's, for the first two. A
    /// close sets the flag, and the handler never returns: Windows ends
    /// the process as soon as it does, so the shutdown the flag starts runs
    /// until the process ends, or until Windows' time for the event is up.
    pub(super) extern "system" fn handler(event: u32) -> i32 {
        if !ends_the_process(event) {
            return 0;
        }
        CLOSED.store(true, Ordering::Release);
        loop {
            std::thread::park();
        }
    }

    #[cfg(test)]
    mod tests {
        use windows_sys::Win32::System::Console::{
            CTRL_BREAK_EVENT, CTRL_C_EVENT, CTRL_LOGOFF_EVENT,
        };

        use super::*;

        #[test]
        fn only_the_events_of_a_close_are_this_handlers() {
            for event in [CTRL_CLOSE_EVENT, CTRL_SHUTDOWN_EVENT] {
                assert!(ends_the_process(event));
            }
            for event in [CTRL_C_EVENT, CTRL_BREAK_EVENT, CTRL_LOGOFF_EVENT] {
                assert!(!ends_the_process(event));
                assert_eq!(handler(event), 0, "passed on to the next handler");
            }
        }
    }
}

#[cfg(windows)]
impl Flags {
    /// Handles `signal` from now on: a C runtime signal's flag is
    /// registered; a close installs the console handler.
    fn add(&self, signal: i32) -> io::Result<()> {
        if signal == CLOSE {
            console::watch_for_close()?;
            self.close.store(true, Ordering::Release);
            return Ok(());
        }
        let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        signal_hook::flag::register(signal, std::sync::Arc::clone(&flag))?;
        self.signals
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((signal, flag));
        Ok(())
    }

    /// The signals that arrived since the last look.
    fn arrived(&self) -> Vec<i32> {
        let signals = self.signals.lock().unwrap_or_else(PoisonError::into_inner);
        let mut arrived: Vec<i32> = signals
            .iter()
            .filter(|(_, flag)| flag.swap(false, Ordering::AcqRel))
            .map(|(signal, _)| *signal)
            .collect();
        if self.close.load(Ordering::Acquire) && console::closed() {
            arrived.push(CLOSE);
        }
        arrived
    }
}

#[cfg(windows)]
impl Served {
    /// Handles `numbers` in this process: the C runtime runs console
    /// handlers on a thread of their own, and a flag per signal, checked by
    /// the serving thread, is all they set.
    fn start(
        process: u32,
        numbers: &[i32],
        handled_at: &'static Location<'static>,
    ) -> io::Result<Served> {
        use std::time::Duration;

        // The thread first: no handler is installed that nobody serves.
        let flags = Flags::default();
        let serving = flags.clone();
        std::thread::Builder::new()
            .name("exit-policy-signals".into())
            .spawn(move || {
                loop {
                    for signal in serving.arrived() {
                        arrived(signal, handled_at);
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
            })?;
        for &number in numbers {
            flags.add(number)?;
        }
        Ok(Served {
            process,
            numbers: numbers.to_vec(),
            flags,
        })
    }
}
