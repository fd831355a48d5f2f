//! Which policy is active on this thread: one byte of thread-local state,
//! saved and restored by the scope guards the attribute expands to.

use std::cell::Cell;

/// The exit policy a function declares with `#[exit_policy(..)]`.
///
/// ```
/// use exit_policy::{exit_policy, current_policy, Policy};
///
/// #[exit_policy(immediate)]
/// fn guarded() -> Option<Policy> {
///     current_policy()
/// }
///
/// assert_eq!(guarded(), Some(Policy::Immediate));
/// assert_eq!(current_policy(), None); // nothing annotated is running here
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// `exit` unwinds so every destructor runs, then ends the process with
    /// its code. Nobody can swallow the request.
    Graceful,
    /// `exit` ends the process at once: no destructor, no hook, no
    /// interception.
    Immediate,
}

pub(crate) const NONE: u8 = 0;
pub(crate) const GRACEFUL: u8 = 1;
pub(crate) const IMMEDIATE: u8 = 2;

thread_local! {
    // A `const` initialiser and a type without `Drop`: access compiles to a
    // plain thread-local load or store, with no lazy-init or destructor check.
    static ACTIVE: Cell<u8> = const { Cell::new(NONE) };
}

/// The policy `exit` would follow here: that of the innermost annotated
/// function (or annotated future being polled) on this thread.
///
/// `None` means no annotated function is active, and then `exit` is graceful.
///
/// ```
/// use exit_policy::{exit_policy, current_policy, Policy};
///
/// #[exit_policy(graceful)]
/// fn outer() -> (Option<Policy>, Option<Policy>) {
///     (current_policy(), inner())
/// }
///
/// #[exit_policy(immediate)]
/// fn inner() -> Option<Policy> {
///     current_policy()
/// }
///
/// assert_eq!(outer(), (Some(Policy::Graceful), Some(Policy::Immediate)));
/// ```
#[must_use]
pub fn current_policy() -> Option<Policy> {
    decode(ACTIVE.get())
}

pub(crate) fn decode(raw: u8) -> Option<Policy> {
    match raw {
        GRACEFUL => Some(Policy::Graceful),
        IMMEDIATE => Some(Policy::Immediate),
        _ => None,
    }
}

pub(crate) fn encode(policy: Policy) -> u8 {
    match policy {
        Policy::Graceful => GRACEFUL,
        Policy::Immediate => IMMEDIATE,
    }
}

/// Makes `policy` active and returns what was active before.
#[inline]
pub(crate) fn replace(policy: u8) -> u8 {
    ACTIVE.replace(policy)
}

/// Restores what `replace` returned.
#[inline]
pub(crate) fn restore(previous: u8) {
    ACTIVE.set(previous);
}
