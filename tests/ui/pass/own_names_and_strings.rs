// Not raw exits: a `process` module or a `libc` type the item declares
// itself, and `stringify!`, which only makes a string.
use exit_policy::exit_policy;

#[exit_policy(graceful)]
mod app {
    pub mod process {
        pub fn exit(code: i32) -> i32 {
            code
        }
    }

    #[allow(non_camel_case_types)]
    pub struct libc;

    impl libc {
        pub fn exit(code: i32) -> i32 {
            code + 1
        }
    }

    pub fn run() -> i32 {
        process::exit(1) + libc::exit(1)
    }

    pub fn named() -> &'static str {
        stringify!(std::process::exit)
    }
}

fn main() {
    assert_eq!(app::run(), 3);
    assert_eq!(app::named(), "std::process::exit");
}
