//! D2: the deadline's thread exists only once a shutdown with a deadline
//! has started (argument `d2_watchdog_starts_with_a_deadline`), and never without one (`d2_no_watchdog_without_a_deadline`).

use std::time::Duration;

use exit_policy::{exit, set_deadline};
use exit_policy_tests::{handle_signals_with_a_hook, thread_count};

/// Whether the deadline's watchdog thread exists (Linux: its name, cut to
/// 15 bytes, is in `/proc/self/task/*/comm`). A thread just spawned may not
/// have named itself yet, so look for up to `patience`.
fn watchdog_exists(patience: Duration) -> bool {
    let started = std::time::Instant::now();
    loop {
        let found = std::fs::read_dir("/proc/self/task")
            .expect("/proc/self/task")
            .filter_map(Result::ok)
            .any(|task| {
                std::fs::read_to_string(task.path().join("comm"))
                    .is_ok_and(|name| name.trim_end() == "exit-policy-dea")
            });
        if found || started.elapsed() >= patience {
            return found;
        }
        std::thread::yield_now();
    }
}

/// Says, while the exit unwinds, whether the watchdog exists.
struct WatchdogProbe;

impl Drop for WatchdogProbe {
    fn drop(&mut self) {
        let patience = Duration::from_millis(500);
        println!("shutting down: watchdog {}", watchdog_exists(patience));
    }
}

pub fn main(mode: &'static str) {
    handle_signals_with_a_hook();
    let deadline = match mode {
        "deadline" => true,
        "none" => false,
        other => panic!("unknown mode {other:?}"),
    };
    let before = thread_count();
    if deadline {
        set_deadline(Some(Duration::from_secs(10)));
    }
    println!("running: watchdog {}", thread_count() != before);
    let _probe = WatchdogProbe;
    exit(6);
}
