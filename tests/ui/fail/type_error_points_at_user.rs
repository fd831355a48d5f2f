// A type error in an annotated body points at the user's own token, not at
// generated code.
use exit_policy::exit_policy;

#[exit_policy(graceful)]
fn parse(text: &str) -> Result<u32, std::num::ParseIntError> {
    let n: u32 = text.parse()?;
    let label: String = n;
    Ok(label.len() as u32)
}

fn main() {
    let _ = parse("1");
}
