// On an inline `mod`: every function inside, nested `impl` blocks, nested
// modules and trait default methods included; a function with its own
// policy keeps it; `const fn` helpers are left alone.
use exit_policy::{Policy, current_policy, exit_policy};

#[exit_policy(graceful)]
mod app {
    use exit_policy::{Policy, current_policy, exit_policy};

    pub const fn limit() -> u32 {
        3
    }

    pub fn run() -> Option<Policy> {
        current_policy()
    }

    #[exit_policy(immediate)]
    pub fn strict() -> Option<Policy> {
        current_policy()
    }

    pub struct Server;

    impl Server {
        pub fn stop(&self) -> Option<Policy> {
            current_policy()
        }
    }

    pub trait Job {
        fn run(&self) -> Option<Policy> {
            current_policy()
        }
    }

    impl Job for Server {}

    pub mod nested {
        pub fn deep() -> Option<super::Policy> {
            super::current_policy()
        }
    }

    /// A user's own `exit` is never flagged.
    pub fn exit(code: i32) -> i32 {
        code
    }

    pub fn uses_own_exit() -> i32 {
        exit(4) + self::exit(1)
    }
}

fn main() {
    use app::Job;
    assert_eq!(app::limit(), 3);
    assert_eq!(app::run(), Some(Policy::Graceful));
    assert_eq!(app::strict(), Some(Policy::Immediate));
    assert_eq!(app::Server.stop(), Some(Policy::Graceful));
    assert_eq!(Job::run(&app::Server), Some(Policy::Graceful));
    assert_eq!(app::nested::deep(), Some(Policy::Graceful));
    assert_eq!(app::uses_own_exit(), 5);
    assert_eq!(current_policy(), None);
}
