//! What the attribute's expansion calls. Not public API: no stability
//! promise.

pub use crate::boundary::main;
pub use crate::policy::Policy::{Graceful, Immediate};
pub use crate::scope::{GracefulScope, ImmediateScope};
