//! The deadline on a graceful shutdown (D1, D2): a watchdog thread that
//! ends the process if a shutdown runs past the limit. It is started by the
//! first shutdown that has a deadline, never before, so the happy path has
//! no thread, lock or allocation for it.

use crate::end::{self, How};
use crate::state;

/// A shutdown started, or a deadline was set during one: from now on the
/// watchdog keeps time (it is started the first time only).
pub(crate) fn arm() {
    if state::deadline().is_none() || !state::first_watchdog() {
        return;
    }
    let spawned = std::thread::Builder::new()
        .name("exit-policy-deadline".into())
        .spawn(watch);
    if let Err(error) = spawned {
        end::report(format_args!(
            "the deadline's watchdog thread could not start ({error}); this shutdown has no \
             deadline"
        ));
    }
}

/// Waits for a shutdown to run past the deadline, then ends the process at
/// once, as `exit_now` would, with the shutdown's code.
fn watch() {
    let (first, limit) = state::wait_until_overdue();
    end::report(format_args!(
        "the shutdown for {first} did not end within {limit:?}; ending the process now with \
         status {}",
        first.code
    ));
    end::immediate(How::Deadline, first)
}
