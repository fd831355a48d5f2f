// Methods, associated functions and whole `impl` blocks; a method with its
// own policy keeps it.
use exit_policy::{Policy, current_policy, exit_policy};

struct Counter {
    n: u32,
}

#[exit_policy(graceful)]
impl Counter {
    fn new() -> Self {
        Counter { n: 0 }
    }

    fn bump(&mut self) -> &mut Self {
        self.n += 1;
        self
    }

    fn policy(&self) -> Option<Policy> {
        current_policy()
    }

    #[exit_policy(immediate)]
    fn strict(&self) -> Option<Policy> {
        current_policy()
    }
}

struct Single;

impl Single {
    #[exit_policy(immediate)]
    fn policy(self) -> Option<Policy> {
        current_policy()
    }
}

fn main() {
    let mut c = Counter::new();
    c.bump().bump();
    assert_eq!(c.n, 2);
    assert_eq!(c.policy(), Some(Policy::Graceful));
    assert_eq!(c.strict(), Some(Policy::Immediate));
    assert_eq!(Single.policy(), Some(Policy::Immediate));
}
