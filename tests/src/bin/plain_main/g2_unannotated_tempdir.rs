//! G2: with an unannotated `main`, a graceful exit still unwinds `main`'s
//! frames (the temp dir's guard removes it), then ends with the code,
//! silently; `at_exit` hooks still run.

use std::path::PathBuf;

use exit_policy::{at_exit, exit, exit_policy};

/// Removes its directory when dropped, like `tempfile::TempDir`.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).unwrap();
        println!("removed the temp dir");
    }
}

#[exit_policy(graceful)]
fn process(dir: &TempDir) {
    std::fs::write(dir.0.join("partial.csv"), "id,amount\n").unwrap();
    println!("wrote partial.csv");
    exit(4);
}

pub fn main() {
    let root = PathBuf::from(exit_policy_tests::argument(1).expect("usage: g2 <dir>"));
    at_exit(|status| println!("hook: status {status}"));
    let dir = TempDir(root.join("work"));
    std::fs::create_dir(&dir.0).unwrap();
    println!("created the temp dir");
    process(&dir);
    println!("not reached");
}
