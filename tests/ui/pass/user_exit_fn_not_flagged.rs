// A user's own function or module named `exit`, `process` or `libc` is never
// flagged: only paths that reach std's or libc's exits are.
use exit_policy::exit_policy;

fn exit(code: i32) -> i32 {
    code
}

mod my {
    pub mod process {
        pub fn exit(code: i32) -> i32 {
            code
        }
    }
    pub mod libc {
        pub fn exit(code: i32) -> i32 {
            code
        }
    }
}

struct Door;
impl Door {
    fn exit(&self) -> i32 {
        1
    }
}

#[exit_policy(graceful)]
fn run() -> i32 {
    let process = Door;
    exit(1)
        + crate::exit(1)
        + my::process::exit(1)
        + my::libc::exit(1)
        + process.exit()
        + Door.exit()
}

fn main() {
    assert_eq!(run(), 6);
}
