//! A small worker service that stops cleanly on Ctrl-C or SIGTERM.
//!
//! Two workers process jobs; main writes each result to a buffered report
//! and keeps a scratch file while it runs. Press Ctrl-C (or send SIGTERM):
//! every loop stops at its `checkpoint()`, the workers are joined, the
//! report is flushed, the scratch file is removed, the `at_exit` hook runs,
//! and the process dies by that signal (a shell prints 130 for Ctrl-C).
//!
//! With `--hang`, stopping gets stuck in a `Drop` (an upload that never
//! returns). Then a second Ctrl-C ends the process at once, or the deadline
//! (`--deadline-ms`, 3 s by default) cuts the shutdown short.
//!
//! With `--panic-after N`, worker 1 panics on its N-th job: `handle_panics`
//! turns that into the same orderly stop, with status 101, instead of a
//! service that runs on with one worker fewer.
//!
//! ```sh
//! cargo run -p exit-policy --example worker_service                      # then Ctrl-C
//! cargo run -p exit-policy --example worker_service -- --hang            # then Ctrl-C, and wait or Ctrl-C again
//! cargo run -p exit-policy --example worker_service -- --panic-after 3   # a worker's bug stops it
//! ```

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use exit_policy::{
    at_exit, checkpoint, exit, exit_policy, handle_panics, handle_signals, set_deadline,
};

struct Options {
    dir: PathBuf,
    hang: bool,
    deadline: Duration,
    panic_after: Option<u64>,
}

#[exit_policy(graceful)]
fn main() {
    let options = options();
    handle_signals().unwrap_or_else(|error| {
        eprintln!("worker_service: can't handle signals: {error}");
        exit(1)
    });
    // A worker's panic stops the whole service in order, with status 101.
    handle_panics();
    set_deadline(Some(options.deadline));
    at_exit(|status| eprintln!("worker_service: stopped, status {status}"));

    fs::create_dir_all(&options.dir).expect("create the service's directory");
    let _scratch = Scratch::create(options.dir.join("scratch.tmp"));
    let mut report = BufWriter::new(File::create(options.dir.join("report.txt")).expect("report"));
    let _upload = if options.hang {
        Some(StuckUpload)
    } else {
        None
    };
    let (done, results) = mpsc::channel();
    let _workers = Workers::spawn(2, &done, options.panic_after);

    println!("ready: press Ctrl-C to stop, twice to stop at once");
    serve(&results, &mut report);
}

/// Writes each finished job to the report until the process shuts down.
fn serve(results: &Receiver<u64>, report: &mut BufWriter<File>) {
    loop {
        checkpoint(); // a signal, or an exit elsewhere: main unwinds from here
        match results.recv_timeout(Duration::from_millis(20)) {
            Ok(job) => {
                writeln!(report, "job {job} done").expect("write the report");
                println!("job {job} done");
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => unreachable!("main holds the workers"),
        }
    }
}

/// One worker: a job every 30 ms, until the process shuts down. Worker 1
/// panics on its `panic_after`-th job, if asked to.
fn work(first_job: u64, step: u64, done: &Sender<u64>, panic_after: Option<u64>) {
    let mut job = first_job;
    for count in 1.. {
        checkpoint(); // the worker unwinds from here, and `join` returns Err
        std::thread::sleep(Duration::from_millis(30));
        // The bug: an assertion that fails on that job.
        let buggy = first_job == 1 && panic_after == Some(count);
        assert!(!buggy, "worker 1: a bug in job {job}");
        if done.send(job).is_err() {
            return;
        }
        job += step;
    }
}

/// The workers, joined when main unwinds.
struct Workers(Vec<JoinHandle<()>>);

impl Workers {
    fn spawn(count: u64, done: &Sender<u64>, panic_after: Option<u64>) -> Workers {
        let handles = (1..=count).map(|first_job| {
            let done = done.clone();
            std::thread::spawn(move || work(first_job, count, &done, panic_after))
        });
        Workers(handles.collect())
    }
}

impl Drop for Workers {
    fn drop(&mut self) {
        for worker in self.0.drain(..) {
            // A worker that stopped at its checkpoint (or panicked) comes
            // back as `Err`: its request lost the race to the shutdown, so
            // it is dropped.
            let _ = worker.join();
        }
        println!("workers stopped");
    }
}

/// A scratch file, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn create(path: PathBuf) -> Scratch {
        fs::write(&path, "work in progress").expect("create the scratch file");
        Scratch(path)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
        println!("scratch file removed");
    }
}

/// An upload that never returns once the service stops.
struct StuckUpload;

impl Drop for StuckUpload {
    fn drop(&mut self) {
        println!("uploading the report... (stuck)");
        loop {
            std::thread::park();
        }
    }
}

fn options() -> Options {
    let mut options = Options {
        dir: std::env::temp_dir()
            .join(format!("exit-policy-worker-service-{}", std::process::id())),
        hang: false,
        deadline: Duration::from_secs(3),
        panic_after: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--hang" => options.hang = true,
            "--dir" => options.dir = args.next().map_or_else(|| usage(), PathBuf::from),
            "--panic-after" => {
                let jobs = args.next().and_then(|jobs| jobs.parse().ok());
                options.panic_after = Some(jobs.unwrap_or_else(|| usage()));
            }
            "--deadline-ms" => {
                let ms = args.next().and_then(|ms| ms.parse().ok());
                options.deadline = Duration::from_millis(ms.unwrap_or_else(|| usage()));
            }
            _ => usage(),
        }
    }
    options
}

fn usage() -> ! {
    eprintln!("usage: worker_service [--hang] [--panic-after JOBS] [--dir DIR] [--deadline-ms MS]");
    exit(2)
}
