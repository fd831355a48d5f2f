// In an annotated `main` (the body runs inside the exit boundary), a type
// error still points at the user's tail expression and return type.
use exit_policy::exit_policy;

#[exit_policy(graceful)]
fn main() -> Result<(), std::num::ParseIntError> {
    let n: u32 = "2".parse()?;
    n
}
