// Imports inside `use` groups, nested or renamed, are rejected one by one,
// each named by its full path.
use exit_policy::exit_policy;

#[exit_policy(graceful)]
fn quit(code: i32) {
    use std::process::{Command, abort as crash, exit};
    use std::{io, process::exit as leave};
    let _ = (Command::new("true"), io::stdout());
    match code {
        0 => crash(),
        1 => leave(1),
        _ => exit(code),
    }
}

fn main() {
    quit(0);
}
