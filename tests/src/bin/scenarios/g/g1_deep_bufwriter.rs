//! G1: `exit(3)` forty frames deep unwinds every frame, innermost first, and
//! a `BufWriter` that the exit left unflushed loses no line.

use std::cell::RefCell;
use std::io::{BufWriter, Stdout, Write};

use exit_policy::{exit, exit_policy};

const DEPTH: u32 = 40;

/// One frame of the descent; it logs when it is dropped.
struct Frame<'a> {
    depth: u32,
    log: &'a RefCell<BufWriter<Stdout>>,
}

impl Drop for Frame<'_> {
    fn drop(&mut self) {
        writeln!(self.log.borrow_mut(), "unwound {}", self.depth).unwrap();
    }
}

/// Walks down the frames; an annotated `impl` block (A1).
struct Walker<'a> {
    log: &'a RefCell<BufWriter<Stdout>>,
}

#[exit_policy(graceful)]
impl Walker<'_> {
    fn descend(&self, depth: u32) {
        let _frame = Frame {
            depth,
            log: self.log,
        };
        writeln!(self.log.borrow_mut(), "entered {depth}").unwrap();
        if depth == DEPTH {
            exit(3); // SITE: deepest
        }
        self.descend(depth + 1);
    }
}

pub fn main() {
    // Big enough that nothing reaches stdout before the BufWriter drops.
    let log = RefCell::new(BufWriter::with_capacity(1 << 16, std::io::stdout()));
    Walker { log: &log }.descend(1);
    writeln!(log.borrow_mut(), "not reached").unwrap();
}
