//! The rules that a build shows: the attribute's diagnostics and
//! transparency (A), annotated tests (T), `panic = "abort"` (G8), each
//! checked by building a fixture crate or UI case with cargo; and the house
//! rules of the repository. A file per letter; each test's name starts with
//! the id of the one rule it checks. Kept apart from `rules`, whose timing
//! tests must not share the machine with these builds.

#[path = "../common/mod.rs"]
mod common;

mod a;
mod g;
mod house;
mod t;
