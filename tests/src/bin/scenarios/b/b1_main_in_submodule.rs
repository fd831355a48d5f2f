//! B1: only the crate root's `fn main` is the program's boundary. A
//! `fn main` in a submodule is an ordinary annotated function: its caller
//! gets the type it declares, and returning from it runs no hook.

use exit_policy::{at_exit, current_policy};

mod cli {
    use exit_policy::{current_policy, exit_policy};

    /// Returns a `u32` to its caller; as the program's boundary it would
    /// return `ExitCode`, and the caller would not compile.
    #[exit_policy(immediate)]
    pub fn main() -> u32 {
        println!("cli::main runs under {:?}", current_policy());
        7
    }

    /// Returns nothing; as a boundary it would run the hooks on return.
    #[exit_policy(graceful)]
    pub mod nested {
        pub fn main() {
            println!(
                "cli::nested::main runs under {:?}",
                exit_policy::current_policy()
            );
        }
    }
}

pub fn main() {
    at_exit(|status| println!("hook: status {status}"));
    let n: u32 = cli::main();
    println!("cli::main returned {n}; back under {:?}", current_policy());
    cli::nested::main();
    println!("main: returning");
}
