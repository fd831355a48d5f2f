//! B2: the seed's own program, with an unannotated `main`.
//! The cases:
//! - `b2_seed_catch_in_main`: a catch-all in `main` catches the exit and drops it: the
//!   process ends at the drop with 1 and one stderr line naming the `exit`
//!   call; the transaction is never committed;
//! - `b2_seed_loop_in_main`: a banking loop that swallows each handler's unwind and carries
//!   on: it ends at the first exit, the same way;
//! - `b2_seed_exit_out_of_main`: the exit simply unwinds out of `main`: status 1, silent;
//! - `b2_seed_trace_set_late`: as `b2_seed_exit_out_of_main`, but `EXIT_POLICY_TRACE=1` is set by
//!   the program itself just before it exits: the trace line appears, since
//!   the variable is read only on the way out (L1).

use std::panic;

use exit_policy::{exit, exiting};

/// Python's `finally:` block.
struct Cleanup;

impl Drop for Cleanup {
    fn drop(&mut self) {
        println!("CRITICAL SECURITY WARN: Running post-execution cleanup!");
    }
}

fn terminate_securely() {
    let _finally = Cleanup;
    println!("Authenticating transaction...");
    exit(1); // SITE: terminate_securely
}

fn handle(request: u32) {
    println!("handling request {request}");
    if request == 2 {
        exit(1); // SITE: handle
    }
}

pub fn main(mode: &'static str) {
    match mode {
        "catch" => {
            // Python's `except SystemExit`, in `main` itself.
            let caught = panic::catch_unwind(terminate_securely);
            println!("Intercepted the exit; exiting() = {:?}", exiting());
            drop(caught);
            println!("COMMIT the corrupted transaction");
        }
        "loop" => {
            for request in 1..=3 {
                let _ = panic::catch_unwind(|| handle(request));
                println!("committed request {request}");
            }
        }
        "no-catch" => terminate_securely(),
        "trace-set-late" => {
            #[allow(unsafe_code)]
            // SAFETY: one thread so far: nothing reads the environment
            // while it changes.
            unsafe {
                std::env::set_var("EXIT_POLICY_TRACE", "1");
            }
            terminate_securely();
        }
        other => panic!("unknown mode {other:?}"),
    }
}
