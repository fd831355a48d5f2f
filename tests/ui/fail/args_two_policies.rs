// A function has one exit policy.
use exit_policy::exit_policy;

#[exit_policy(graceful, immediate)]
fn quit() {}

fn main() {
    quit();
}
