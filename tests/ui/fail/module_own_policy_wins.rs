// Inside an annotated `mod`, a function with its own policy is checked under
// that policy (here `immediate`), not the module's.
use exit_policy::exit_policy;

#[exit_policy(graceful)]
mod app {
    use exit_policy::exit_policy;

    #[exit_policy(immediate)]
    pub fn stop() {
        std::process::exit(1);
    }
}

fn main() {
    app::stop();
}
