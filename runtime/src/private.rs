//! What the attribute's expansion calls. Not public API: no stability
//! promise.

pub use crate::boundary::{Boundary, Main, is_program_root, main, test};
pub use crate::guard::{GracefulScope, ImmediateScope};
pub use crate::policy::Policy::{Graceful, Immediate};

/// The function as written, for rustdoc and clippy only: the expansion
/// hands it over as one token tree behind a `cfg`, so every other build
/// strips the call without parsing the function a second time.
#[doc(hidden)]
#[macro_export]
macro_rules! __exit_policy_as_written {
    ($($item:tt)*) => {
        $($item)*
    };
}

pub use crate::__exit_policy_as_written as as_written;
