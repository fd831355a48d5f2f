//! O3, L2: a drain shorter than the time the program's logger takes to
//! hear of the shutdown: the shutdown is seen (`exiting()`) only after the
//! logger has it, not when the drain ends.

use std::time::Duration;

use exit_policy::{checkpoint, exiting, set_drain_delay};
use exit_policy_tests::ready;

struct SlowLogger;

impl log::Log for SlowLogger {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &log::Record<'_>) {
        std::thread::sleep(Duration::from_millis(300));
        println!("logger: told: {}", record.args());
    }

    fn flush(&self) {}
}

pub fn main() {
    log::set_logger(&SlowLogger).unwrap();
    log::set_max_level(log::LevelFilter::Info);
    exit_policy::handle_signals().expect("signal handlers");
    set_drain_delay(Some(Duration::from_millis(20)));
    ready();
    loop {
        if let Some(code) = exiting() {
            println!("main: exiting() = {code}");
            checkpoint();
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}
