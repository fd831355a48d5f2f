// On an inline `mod`, the ban covers every function inside, nested `impl`
// blocks included, and `use` items of the module.
use exit_policy::exit_policy;

#[exit_policy(graceful)]
mod app {
    use std::process::exit;

    pub fn run() {
        std::process::exit(1);
    }

    pub struct Server;

    impl Server {
        pub fn stop(&self) {
            std::process::abort();
        }
    }

    pub mod nested {
        pub fn deep() {
            ::std::process::exit(2);
        }
    }

    pub fn helper() {
        exit(3);
    }
}

fn main() {
    app::run();
    app::Server.stop();
    app::nested::deep();
    app::helper();
}
