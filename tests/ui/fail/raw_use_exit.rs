// `use std::process::exit` inside an annotated body is rejected at the import.
use exit_policy::exit_policy;

#[exit_policy(graceful)]
fn quit() {
    use std::process::exit;
    exit(1);
}

fn main() {
    quit();
}
