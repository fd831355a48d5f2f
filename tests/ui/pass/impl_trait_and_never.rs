// `impl Trait` returns and `-> !`.
use exit_policy::{catch_exit, exit, exit_policy};

#[exit_policy(graceful)]
fn evens(limit: u32) -> impl Iterator<Item = u32> {
    (0..limit).filter(|n| n % 2 == 0)
}

#[exit_policy(graceful)]
fn give_up(code: i32) -> ! {
    exit(code)
}

fn main() {
    assert_eq!(evens(5).collect::<Vec<_>>(), [0, 2, 4]);
    let err = catch_exit(|| give_up(3)).unwrap_err();
    assert_eq!(err.code(), 3);
}
