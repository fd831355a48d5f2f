//! A command-line tool that exits on a bad argument without losing output.
//!
//! It squares each number it is given, writing results through a
//! `BufWriter` (nothing reaches stdout until it is flushed) and keeping a
//! scratch directory that a guard removes on drop. A bad argument makes a
//! function deep in the call stack call `exit(2)`. Under
//! `#[exit_policy(graceful)]` that unwinds: the buffered results are flushed
//! and the scratch directory is removed before the process ends with 2.
//! `std::process::exit(2)` in the same place would lose both.
//!
//! ```sh
//! cargo run -p exit-policy --example cli             # 4 7 seven 9: exits with 2
//! cargo run -p exit-policy --example cli -- 3 5      # all good: exits with 0
//! ```

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use exit_policy::{exit, exit_policy, handle_closed_pipe};

#[exit_policy(graceful)]
fn main() {
    // `cli ... | head -1`: a reader that goes away ends the program quietly,
    // with 0, after the guards below are dropped.
    handle_closed_pipe();
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        args = ["4", "7", "seven", "9"].map(String::from).to_vec();
    }
    eprintln!("cli: squaring {}", args.join(" "));
    eprintln!("cli: results are buffered; a bad argument calls exit(2) deep inside `parse`");

    let scratch = Scratch::create();
    let mut out = BufWriter::new(io::stdout().lock());
    for arg in &args {
        let n = parse(arg);
        fs::write(scratch.0.join(arg), n.to_string()).expect("scratch file");
        writeln!(out, "{n}^2 = {}", n * n).expect("write");
    }
    drop(out);
    eprintln!("cli: all {} arguments were numbers", args.len());
}

/// Exits with 2 on a bad argument, from wherever it is called.
#[exit_policy(graceful)]
fn parse(arg: &str) -> u64 {
    arg.parse().unwrap_or_else(|_| {
        eprintln!("cli: error: `{arg}` is not a number; exit(2) unwinds from here");
        exit(2)
    })
}

/// A scratch directory, removed when dropped (also during an exit).
struct Scratch(PathBuf);

impl Scratch {
    fn create() -> Scratch {
        let dir = std::env::temp_dir().join(format!("exit-policy-cli-{}", std::process::id()));
        fs::create_dir_all(&dir).expect("create the scratch dir");
        eprintln!("cli: scratch dir {} created", dir.display());
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let removed = fs::remove_dir_all(&self.0).is_ok();
        eprintln!(
            "cli: scratch dir {} {}",
            self.0.display(),
            if removed { "removed" } else { "NOT removed" }
        );
    }
}
