// Extra tokens after the policy are pointed at.
use exit_policy::exit_policy;

#[exit_policy(graceful = true)]
fn quit() {}

fn main() {
    quit();
}
