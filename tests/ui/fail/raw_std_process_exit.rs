// A raw `std::process::exit` in a graceful function skips every destructor.
use exit_policy::exit_policy;

#[exit_policy(graceful)]
fn quit(code: i32) {
    let _log = std::io::BufWriter::new(std::io::stdout());
    std::process::exit(code);
}

fn main() {
    quit(2);
}
