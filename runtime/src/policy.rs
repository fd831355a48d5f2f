//! The two exit policies, as a value.

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
