//! I1: an immediate exit ends the process at once. No `Drop` guard, no
//! `catch_unwind`, no panic hook, no `at_exit` hook, no libc `atexit`
//! handler runs, and unflushed output (a `print!` without newline, a
//! `BufWriter`) is lost.
//!
//! `i1_immediate_exit_runs_nothing`: `exit(7)` inside `#[exit_policy(immediate)]`;
//! `i1_exit_now_runs_nothing`: `exit_now(7)` inside `#[exit_policy(graceful)]`.

#![allow(unsafe_code)] // registers a libc `atexit` handler

use std::io::{BufWriter, Write};
use std::panic;

use exit_policy::{at_exit, exit, exit_now, exit_policy};

unsafe extern "C" {
    fn atexit(handler: extern "C" fn()) -> std::ffi::c_int;
}

extern "C" fn libc_handler() {
    let _ = writeln!(std::io::stdout(), "libc atexit handler ran");
}

struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        println!("guard dropped");
    }
}

#[exit_policy(immediate)]
fn seal_vault() {
    let _guard = Guard;
    exit(7); // SITE: immediate
}

#[exit_policy(graceful)]
fn shut_down() {
    let _guard = Guard;
    exit_now(7); // SITE: exit now
}

pub fn main(mode: &'static str) {
    panic::set_hook(Box::new(|_| println!("panic hook ran")));
    at_exit(|status| println!("at_exit hook ran: {status}"));
    // SAFETY: registers a plain function; libc calls it at `exit`.
    assert_eq!(unsafe { atexit(libc_handler) }, 0);
    let mut buffered = BufWriter::new(std::io::stdout());
    writeln!(buffered, "buffered line").unwrap();
    println!("flushed line");
    print!("unflushed text");
    let _guard = Guard;
    let caught = panic::catch_unwind(|| match mode {
        "immediate-exit" => seal_vault(),
        "exit-now" => shut_down(),
        _ => panic!("usage: i1 immediate-exit|exit-now"),
    });
    println!("catch_unwind returned: is_err = {}", caught.is_err());
    drop(buffered);
}
