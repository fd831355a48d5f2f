//! D1: a first shutdown (a worker's `exit(2)`, resumed inside `catch_exit`
//! on main) starts the deadline's watchdog and is caught, so the watchdog
//! goes idle. Then `exit(3)` starts a second shutdown, and the program's
//! logger blocks forever as it is told. The deadline still cuts that
//! shutdown after 200 ms, with 3: a start wakes an idle watchdog before it
//! is told to anyone.

use std::io::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use exit_policy::{catch_exit, exit, resume_if_exit, set_deadline};

/// A lock that `main` holds from the catch on: the logger then waits for
/// it for every record.
static STUCK: Mutex<()> = Mutex::new(());
static BLOCKING: AtomicBool = AtomicBool::new(false);

struct BlockingLogger;

impl log::Log for BlockingLogger {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &log::Record<'_>) {
        if BLOCKING.load(Ordering::SeqCst) {
            println!("logger: blocking on: {}", record.args());
            let _ = std::io::stdout().flush();
            let _lock = STUCK.lock();
        }
    }

    fn flush(&self) {}
}

pub fn main() {
    log::set_logger(&BlockingLogger).unwrap();
    log::set_max_level(log::LevelFilter::Info);
    set_deadline(Some(Duration::from_millis(200)));
    let caught = catch_exit(|| {
        let Err(payload) = std::thread::spawn(|| exit(2)).join();
        std::panic::resume_unwind(resume_if_exit(payload));
    });
    println!("caught {:?}", caught.map_err(|exit| exit.code()));
    let held = STUCK.lock().unwrap();
    BLOCKING.store(true, Ordering::SeqCst);
    let _ = &held;
    exit(3); // SITE: second shutdown
}
