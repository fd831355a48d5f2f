//! The two exit policies, as a value, and the one in force on this thread.

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

thread_local! {
    /// The policy of the innermost annotated function (or annotated future
    /// being polled) on this thread. A `const` initialiser and no `Drop`:
    /// reading and writing it is a plain load and store, with no lazy-init
    /// check, which is what keeps an annotated call next to free.
    static IN_FORCE: Cell<Option<Policy>> = const { Cell::new(None) };
}

/// The policy `exit` follows on this thread.
#[inline]
pub(crate) fn in_force() -> Option<Policy> {
    IN_FORCE.get()
}

/// Puts `policy` in force and returns what was in force before.
#[inline]
pub(crate) fn enter(policy: Option<Policy>) -> Option<Policy> {
    IN_FORCE.replace(policy)
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
    in_force()
}
