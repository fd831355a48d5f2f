// A word that is no policy at all: the error lists both, with what each means.
use exit_policy::exit_policy;

#[exit_policy(fast)]
fn quit() {}

fn main() {
    quit();
}
