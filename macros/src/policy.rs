//! The two policies, as the macro sees them: a leaf that the parser, the
//! messages and the expansion all use.

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Policy {
    Graceful,
    Immediate,
}

impl Policy {
    /// Every policy, in the order messages list them.
    pub(crate) const ALL: [Policy; 2] = [Policy::Graceful, Policy::Immediate];

    /// The word that names it in `#[exit_policy(..)]`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Policy::Graceful => "graceful",
            Policy::Immediate => "immediate",
        }
    }
}
