// A trait method with a default body, and trait impls.
use exit_policy::{Policy, current_policy, exit_policy};

trait Job {
    #[exit_policy(immediate)]
    fn run(&self) -> Option<Policy> {
        current_policy()
    }

    fn name(&self) -> &'static str;
}

struct Build;

#[exit_policy(graceful)]
impl Job for Build {
    fn name(&self) -> &'static str {
        assert_eq!(current_policy(), Some(Policy::Graceful));
        "build"
    }
}

fn main() {
    assert_eq!(Build.run(), Some(Policy::Immediate));
    assert_eq!(Build.name(), "build");
}
