// Free functions, `mut` parameters, borrows, `return` and `?` behave as
// without the attribute.
use exit_policy::{Policy, current_policy, exit_policy};

#[exit_policy(graceful)]
fn first_word(mut text: &str) -> &str {
    text = text.trim();
    if text.is_empty() {
        return "";
    }
    text.split(' ').next().unwrap_or(text)
}

#[exit_policy(immediate)]
fn parse(text: &str) -> Result<u32, std::num::ParseIntError> {
    let n: u32 = text.parse()?;
    assert_eq!(current_policy(), Some(Policy::Immediate));
    Ok(n)
}

fn main() {
    assert_eq!(first_word("  hello world"), "hello");
    assert_eq!(parse("7"), Ok(7));
    assert!(parse("x").is_err());
    assert_eq!(current_policy(), None);
}
