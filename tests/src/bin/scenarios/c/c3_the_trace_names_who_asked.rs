//! C3: the trace (L1) names the thread that asked for the exit when another
//! thread ended the process, and names `exit_now` as `exit_now`. The cases:
//! `c3_a_named_worker_asks` (a worker named `squarer` calls `exit(3)`;
//! main joins it and resumes the exit, so main ends the process),
//! `c3_exit_now_is_named` (main calls `exit_now(4)`),
//! `c3_exit_now_after_a_worker_s_exit_was_caught` (as that, after `catch_exit`
//! caught the worker's `exit(3)`: the trace names no asker), and
//! `c3_the_trace_s_logger_blocks_and_the_deadline_cuts` (the program's
//! logger blocks on the trace record of `exit(3)`'s end: the deadline still
//! ends the process, with its own trace line on stderr).

use std::io::Write as _;
use std::time::Duration;

use exit_policy::{catch_exit, exit, exit_now, resume_if_exit, set_deadline};

/// Takes every record; blocks for ever on the trace's.
struct BlocksOnTheTrace;

impl log::Log for BlocksOnTheTrace {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &log::Record<'_>) {
        let text = record.args().to_string();
        println!("logger: {text}");
        let _ = std::io::stdout().flush();
        if text.starts_with("trace: ") {
            loop {
                std::thread::park();
            }
        }
    }

    fn flush(&self) {}
}

fn worker_exits() -> ! {
    let worker = std::thread::Builder::new()
        .name("squarer".into())
        .spawn(|| exit(3)) // SITE: worker exit
        .expect("spawn the worker");
    let Err(payload) = worker.join();
    std::panic::resume_unwind(resume_if_exit(payload))
}

pub fn main(mode: &str) {
    match mode {
        "exit-now" => exit_now(4), // SITE: exit_now
        "exit-now-after-catch" => {
            let caught = catch_exit(|| worker_exits());
            println!("caught {:?}", caught.map_err(|exit| exit.code()));
            exit_now(5); // SITE: exit_now after catch
        }
        "blocking-logger" => {
            log::set_logger(&BlocksOnTheTrace).unwrap();
            log::set_max_level(log::LevelFilter::Info);
            set_deadline(Some(Duration::from_millis(200)));
            exit(3); // SITE: exit under a blocking logger
        }
        _ => worker_exits(),
    }
}
