//! O1: systemd's notify protocol, through `sd-notify` (cargo feature
//! `systemd`). A `Type=notify` service says when it is ready
//! (`notify_ready`); every shutdown says `STOPPING=1` and, in `STATUS=`,
//! why, before any other thread can see it; while a shutdown with a
//! deadline runs, `EXTEND_TIMEOUT_USEC=` keeps systemd's stop timer ahead
//! of the deadline, so `TimeoutStopSec` never cuts a stop that
//! `set_deadline` allows.
//!
//! Without `NOTIFY_SOCKET` in the environment nothing is sent and no
//! socket is opened; in a program running with elevated privileges
//! (setuid or setgid) `NOTIFY_SOCKET` is ignored, as glibc's
//! `secure_getenv` would. Nothing here runs before a shutdown starts,
//! except `notify_ready`.

use std::io;
use std::time::{Duration, Instant};

use crate::request::Cause;

/// Tells systemd that the service is ready (`READY=1`), for a unit with
/// `Type=notify`: call it once the service accepts work. Without
/// `NOTIFY_SOCKET` (not started by systemd), or in a setuid or setgid
/// program, it does nothing. Cargo feature `systemd`.
///
/// Every shutdown then tells systemd `STOPPING=1` and why (`STATUS=`), and
/// while one with a deadline ([`set_deadline`](crate::set_deadline)) runs,
/// asks for more time (`EXTEND_TIMEOUT_USEC=`) until the deadline, so a
/// `TimeoutStopSec` shorter than the deadline does not cut it.
///
/// # Errors
///
/// When the message can't be sent to `NOTIFY_SOCKET`.
///
/// ```no_run
/// # fn bind() {}
/// bind(); // listen, load the configuration, ...
/// exit_policy::notify_ready().expect("tell systemd");
/// ```
pub fn notify_ready() -> io::Result<()> {
    #[cfg(unix)]
    if enabled() {
        return sd_notify::notify(false, &[sd_notify::NotifyState::Ready]);
    }
    Ok(())
}

/// Whether there is a service manager to tell: `NOTIFY_SOCKET` is set and
/// may be believed.
#[cfg(unix)]
fn enabled() -> bool {
    std::env::var_os("NOTIFY_SOCKET").is_some_and(|socket| !socket.is_empty())
        && !crate::os::privileged()
}

/// A shutdown started for `cause`: `STOPPING=1` and `STATUS=` with its
/// cause. Errors are ignored: the shutdown goes on as it would without a
/// service manager.
pub(crate) fn stopping(cause: Cause) {
    #[cfg(unix)]
    if enabled() {
        let why = crate::lines::stopping_status(cause);
        let states = [
            sd_notify::NotifyState::Stopping,
            sd_notify::NotifyState::Status(&why),
        ];
        let _ = sd_notify::notify(false, &states);
    }
    #[cfg(not(unix))]
    let _ = cause;
}

/// Keeps systemd's stop timer ahead of a shutdown's deadline: the
/// watchdog asks it, at every look, when to look again for this.
pub(crate) struct Extending {
    /// Whether there is a service manager to tell.
    on: bool,
    /// The start of the shutdown being extended, and when to send next.
    next: Option<(Instant, Instant)>,
}

impl Extending {
    pub(crate) fn new() -> Extending {
        #[cfg(unix)]
        let on = enabled();
        #[cfg(not(unix))]
        let on = false;
        Extending { on, next: None }
    }

    /// At `now`, for a shutdown that started at `started` with a deadline
    /// of `limit` (none: nothing to extend): the extension to send now, if
    /// it is time (`extend`), and how long until the next one.
    pub(crate) fn look(
        &mut self,
        now: Instant,
        shutdown: Option<(Instant, Duration)>,
    ) -> Option<(Option<Duration>, Duration)> {
        let shutdown = shutdown.filter(|_| self.on)?;
        Some(self.due(now, shutdown))
    }

    /// What `look` does, without sending: the extension to send now, if
    /// it is time, and when to look again. Every `interval` (a quarter of
    /// the limit, from 100 ms to 5 s) it grants two intervals, but no more
    /// than to one interval past the deadline: systemd's timer stays ahead
    /// of the process until the deadline ends it, and never long after. A
    /// new shutdown (caught since, then another) is extended at once.
    fn due(
        &mut self,
        now: Instant,
        (started, limit): (Instant, Duration),
    ) -> (Option<Duration>, Duration) {
        let interval = (limit / 4).clamp(Duration::from_millis(100), Duration::from_secs(5));
        let next = match self.next {
            Some((of, next)) if of == started => next,
            _ => now,
        };
        if now < next {
            return (None, next - now);
        }
        let left = limit.saturating_sub(now.saturating_duration_since(started));
        self.next = Some((started, now + interval));
        (Some((2 * interval).min(left + interval)), interval)
    }
}

/// Asks systemd for `by` more (`EXTEND_TIMEOUT_USEC=`).
pub(crate) fn extend(by: Duration) {
    #[cfg(unix)]
    {
        let micros = u32::try_from(by.as_micros()).unwrap_or(u32::MAX);
        let _ = sd_notify::notify(false, &[sd_notify::NotifyState::ExtendTimeoutUsec(micros)]);
    }
    #[cfg(not(unix))]
    let _ = by;
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn extensions_keep_ahead_of_the_deadline_and_never_long_past_it() {
        let mut extending = Extending {
            on: true,
            next: None,
        };
        let start = Instant::now();
        let shutdown = (start, 1000 * MS);
        // At the start: two intervals (of 250 ms), look again in one.
        assert_eq!(extending.due(start, shutdown), (Some(500 * MS), 250 * MS));
        // Before the next is due: nothing, and how long until it is.
        assert_eq!(extending.due(start + 100 * MS, shutdown), (None, 150 * MS));
        assert_eq!(extending.due(start + 250 * MS, shutdown).0, Some(500 * MS));
        // Near the deadline: to one interval past it, no more.
        assert_eq!(extending.due(start + 900 * MS, shutdown).0, Some(350 * MS));
        // A new shutdown (the last was caught), before the old one's next
        // extension was due, with a deadline of hours: at once, 5 s apart.
        let at = start + 1000 * MS;
        let later = (at, Duration::from_secs(3600));
        assert_eq!(extending.due(at, later), (Some(10_000 * MS), 5_000 * MS));
        // A short deadline: intervals of at least 100 ms.
        let short = (start + 3000 * MS, 200 * MS);
        assert_eq!(
            extending.due(start + 3000 * MS, short),
            (Some(200 * MS), 100 * MS)
        );
    }
}
