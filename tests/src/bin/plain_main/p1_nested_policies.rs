//! P1: `current_policy()` is that of the innermost annotated function on
//! this thread, restored when it returns; `exit` follows it: here an `exit`
//! inside an immediate function nested in graceful ones skips every `Drop`.

use exit_policy::{current_policy, exit, exit_policy};

struct Guard(&'static str);

impl Drop for Guard {
    fn drop(&mut self) {
        println!("dropped {}", self.0);
    }
}

#[exit_policy(graceful)]
fn graceful_inner() {
    println!("graceful inside immediate: {:?}", current_policy());
}

#[exit_policy(immediate)]
fn immediate_middle() {
    println!("immediate: {:?}", current_policy());
    graceful_inner();
    println!("immediate again: {:?}", current_policy());
}

fn unannotated() {
    println!("unannotated callee: {:?}", current_policy());
}

#[exit_policy(immediate)]
fn immediate_exit() {
    let _guard = Guard("immediate guard");
    exit(2);
}

#[exit_policy(graceful)]
fn graceful_outer() {
    let _guard = Guard("graceful guard");
    println!("graceful: {:?}", current_policy());
    immediate_middle();
    println!("graceful again: {:?}", current_policy());
    unannotated();
    immediate_exit();
}

pub fn main() {
    println!("main: {:?}", current_policy());
    let _guard = Guard("main guard");
    graceful_outer();
}
