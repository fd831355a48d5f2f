//! G3: a framework catches an exit, then panics while still holding the
//! request; an outer catch-all swallows that panic. The request is dropped
//! during the panic's unwind, and that drop still ends the process with the
//! exit's code: a stale record of the exit must not make it look superseded.

use std::panic;

use exit_policy::{exit, exit_policy};

#[exit_policy(graceful)]
fn transaction() {
    exit(3); // SITE: transaction
}

fn framework() {
    let caught = panic::catch_unwind(transaction);
    println!("framework: holding the request: {}", caught.is_err());
    panic!("framework bug while holding the request");
}

pub fn main() {
    let outer = panic::catch_unwind(framework);
    println!("main: carried on after {}", outer.is_err());
}
