// Every spelling of a raw exit is the raw exit: a turbofish, raw
// identifiers, and renames the item itself makes (`use .. as ..`, a group,
// a crate renamed). Each of these calls the exit without the attribute.
use exit_policy::exit_policy;

#[exit_policy(graceful)]
fn spelled(code: i32) {
    use std as s;
    use std::process as p;
    use std::{process as q};
    use std::process::r#exit;
    match code {
        0 => std::process::exit::<>(code),
        1 => r#std::process::exit(code),
        2 => std::process::r#exit(code),
        3 => std::r#process::abort(),
        4 => p::exit(code),
        5 => q::abort(),
        6 => s::process::exit(code),
        _ => r#exit(code),
    }
}

fn main() {
    spelled(0);
}
