// A near miss gets a did-you-mean, pointed at the word.
use exit_policy::exit_policy;

#[exit_policy(gracefull)]
fn quit() {}

fn main() {
    quit();
}
