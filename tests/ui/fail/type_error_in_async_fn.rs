// In an `async fn` (the body runs inside a generated async block), a type
// error still points at the user's tail expression.
use exit_policy::exit_policy;

#[exit_policy(graceful)]
async fn count(text: &str) -> Result<usize, std::num::ParseIntError> {
    let n: usize = text.parse()?;
    n
}

fn main() {
    let _ = count("1");
}
