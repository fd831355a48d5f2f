//! The contract's rules, tested from outside: each test runs a case of a
//! scenario program (`tests/src/bin`) as a child process and asserts its
//! exact status (or killing signal), stdout, stderr and the files it leaves.
//! A file per letter of the contract; each test's name starts with the id of
//! the one rule it checks.

// The helpers of the Unix signal tests are unused where those are compiled
// out (the Windows lane).
#![cfg_attr(not(unix), allow(unused))]

#[path = "../common/mod.rs"]
mod common;

mod a;
mod b;
mod c;
mod d;
// The examples are built and run on the host; the Windows lane runs the
// scenario programs.
#[cfg(not(windows))]
mod examples;
// Ctrl-C under Wine, run from the host by the Windows lane (ignored here).
mod g;
mod h;
mod i;
mod k;
mod l;
mod o;
mod p;
mod s;
mod support;
mod w;
#[cfg(not(windows))]
mod windows_console;
