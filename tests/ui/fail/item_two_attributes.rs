// Two policies on one function: the second attribute is pointed at.
use exit_policy::exit_policy;

#[exit_policy(graceful)]
#[exit_policy(immediate)]
fn quit() {}

fn main() {
    quit();
}
