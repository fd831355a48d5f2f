// Generic functions, lifetimes and where-clauses.
use exit_policy::exit_policy;
use std::fmt::Display;

#[exit_policy(graceful)]
fn longest<'a, T>(items: &'a [T]) -> Option<&'a T>
where
    T: Display,
{
    items.iter().max_by_key(|item| item.to_string().len())
}

#[exit_policy(immediate)]
fn sum<const N: usize>(values: [u32; N]) -> u32 {
    values.iter().sum()
}

fn main() {
    assert_eq!(longest(&["a", "abc", "ab"]), Some(&"abc"));
    assert_eq!(sum([1, 2, 3]), 6);
}
