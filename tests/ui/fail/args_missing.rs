// `#[exit_policy]` without a policy: the error says which two exist.
use exit_policy::exit_policy;

#[exit_policy]
fn quit() {}

fn main() {
    quit();
}
