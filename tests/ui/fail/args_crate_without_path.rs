// `crate =` needs the path of the renamed dependency.
use exit_policy::exit_policy;

#[exit_policy(graceful, crate = )]
fn quit() {}

fn main() {
    quit();
}
