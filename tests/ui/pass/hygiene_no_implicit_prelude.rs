// Generated code names everything absolutely: it compiles without the prelude.
#![no_implicit_prelude]

struct Counter;

#[::exit_policy::exit_policy(graceful)]
impl Counter {
    fn get(&self) -> ::std::option::Option<u32> {
        ::std::option::Option::Some(1)
    }
}

#[::exit_policy::exit_policy(graceful)]
async fn later() -> u32 {
    1
}

#[::exit_policy::exit_policy(graceful)]
mod app {
    pub fn run() -> u32 {
        2
    }
}

#[::exit_policy::exit_policy(immediate)]
fn main() -> ::std::result::Result<(), ::std::string::String> {
    let _ = later();
    ::std::assert_eq!(Counter.get(), ::std::option::Option::Some(1));
    ::std::assert_eq!(app::run(), 2);
    ::std::result::Result::Ok(())
}
