// A struct has no body to run under a policy.
use exit_policy::exit_policy;

#[exit_policy(graceful)]
struct Config {
    verbose: bool,
}

fn main() {
    let _ = Config { verbose: true }.verbose;
}
