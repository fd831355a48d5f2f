//! C1: `clap_exit` for `--help` whose reader has gone, in a program that
//! did not call `handle_closed_pipe()`: what clap can't print is dropped,
//! the guard drops, and the status is clap's, 0.

use exit_policy::clap_exit;

struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        eprintln!("guard dropped");
    }
}

pub fn main() {
    let _guard = Guard;
    let command = clap::Command::new("squares").arg(clap::Arg::new("count"));
    let matches = command
        .try_get_matches_from(["squares", "--help"])
        .unwrap_or_else(|error| clap_exit(&error));
    eprintln!("not reached: {matches:?}");
}
