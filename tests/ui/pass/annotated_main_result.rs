// An annotated `main` returning `Result`, with `?`.
use exit_policy::exit_policy;

#[exit_policy(graceful)]
fn main() -> Result<(), std::num::ParseIntError> {
    let n: u32 = "7".parse()?;
    assert_eq!(n, 7);
    Ok(())
}
