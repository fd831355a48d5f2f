// `process::abort` is a crash, not an exit: rejected under either policy.
use exit_policy::exit_policy;
use std::process;

#[exit_policy(graceful)]
fn quit() {
    process::abort();
}

fn main() {
    quit();
}
