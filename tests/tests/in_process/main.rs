//! The rules a unit test of a user's crate relies on, tested in-process as
//! one would be: `catch_exit` (G4, G5, T1) and `exit_requested` (S3). A
//! file per letter; each test's name starts with the id of the one rule it
//! checks.

mod g;
mod s;
mod support;
mod t;
