//! S4, S5, D1 under a storm: a thread takes the stdout lock now and then,
//! sometimes for good (a filter waiting on stdin), and main's guard takes
//! the stderr lock in its `Drop` and sometimes never lets go (a stuck
//! connection). The test sends SIGTERMs at random moments: whatever it
//! hits, the process ends within the deadline, by SIGTERM, never by
//! another signal, and never hangs.
//!
//! The randomness comes from the test, as the case's argument (a seed).

use std::io::Write;
use std::time::Duration;

use exit_policy::{at_exit, checkpoint, handle_signals, set_deadline};
use exit_policy_tests::argument;

/// A small deterministic generator, seeded by the test.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, sides: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % sides
    }
}

/// Takes the stderr lock as it drops, and keeps it if `stuck`.
struct Connection {
    stuck: bool,
    hold: Duration,
}

impl Drop for Connection {
    fn drop(&mut self) {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "closing the connection...");
        if self.stuck {
            loop {
                std::thread::park();
            }
        }
        std::thread::sleep(self.hold);
    }
}

pub fn main() {
    let seed: u64 = argument(1).and_then(|seed| seed.parse().ok()).unwrap_or(1);
    let mut dice = Dice(seed.max(1));
    handle_signals().expect("signal handlers");
    set_deadline(Some(Duration::from_millis(300)));
    at_exit(|status| eprintln!("hook: status {status}"));
    let _connection = Connection {
        stuck: dice.roll(3) == 0,
        hold: Duration::from_millis(dice.roll(50)),
    };
    let forever = dice.roll(3) == 0;
    let mut filter_dice = Dice(dice.roll(1 << 20) + 1);
    println!("ready");
    std::thread::spawn(move || {
        loop {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "filtered a line");
            if forever {
                loop {
                    std::thread::park();
                }
            }
            std::thread::sleep(Duration::from_millis(filter_dice.roll(5)));
            drop(out);
            std::thread::sleep(Duration::from_millis(filter_dice.roll(5)));
        }
    });
    loop {
        checkpoint();
        std::thread::yield_now();
    }
}
