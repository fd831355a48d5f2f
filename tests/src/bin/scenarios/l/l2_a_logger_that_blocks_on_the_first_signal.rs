//! L2, S4: the program's logger blocks forever as it is told that a SIGTERM
//! started the shutdown (its lock is held by a thread that never lets go).
//! That keeps neither the deadline from counting nor the signal thread from
//! a second SIGTERM, which ends the process at once, by SIGTERM, with its
//! line on stderr: an end at once waits for no logger.

use std::io::Write;
use std::sync::Mutex;

use exit_policy::handle_signals;
use exit_policy_tests::ready;

/// A lock that a stuck thread holds: the logger takes it for every record.
static STUCK: Mutex<()> = Mutex::new(());

struct BlockingLogger;

impl log::Log for BlockingLogger {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &log::Record<'_>) {
        println!("logger: taking its lock for: {}", record.args());
        let _ = std::io::stdout().flush();
        let _lock = STUCK.lock();
    }

    fn flush(&self) {}
}

pub fn main() {
    let held = STUCK.lock().unwrap();
    log::set_logger(&BlockingLogger).unwrap();
    log::set_max_level(log::LevelFilter::Info);
    handle_signals().expect("signal handlers");
    ready();
    loop {
        std::thread::park();
        let _ = &held;
    }
}
