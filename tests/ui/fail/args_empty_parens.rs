// `#[exit_policy()]`: empty parentheses are the same mistake as no arguments.
use exit_policy::exit_policy;

#[exit_policy()]
fn quit() {}

fn main() {
    quit();
}
