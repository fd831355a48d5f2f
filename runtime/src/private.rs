//! What the attribute's expansion calls. Not public API: no stability
//! promise.

pub use crate::boundary::{Boundary, Main, is_program_root, main, test};
pub use crate::guard::{GracefulScope, ImmediateScope};
pub use crate::policy::Policy::{Graceful, Immediate};
