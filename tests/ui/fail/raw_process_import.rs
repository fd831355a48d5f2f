// `use std::process;` then `process::exit`: the short path is caught too.
use exit_policy::exit_policy;
use std::process;

#[exit_policy(immediate)]
fn quit() {
    process::exit(1);
}

fn main() {
    quit();
}
