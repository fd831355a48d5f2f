//! S1-S5 and D1-D2: shutdowns that come from outside (a signal), that stop
//! workers at `checkpoint()`, and that a deadline cuts. The test sends real
//! signals once the child printed `ready`. `s_shutdown_from_outside MODE`:
//! - `checkpoint-loop`: main loops on `checkpoint()`; SIGTERM unwinds it
//!   (its guards drop, the report is flushed), the hook sees 143, and the
//!   process dies by SIGTERM (S1, S2, S5). A `checkpoint()` in a `Drop` on
//!   the way, and one in the hook, return (S2);
//! - `checkpoint-while-panicking`: once SIGTERM started the shutdown, a
//!   `checkpoint()` in a `Drop` that runs for an ordinary panic behaves as
//!   `exit(143)` there: the process ends at once with one line, by SIGTERM
//!   (S2, G6);
//! - `two-signals`: nothing reaches a checkpoint; a thread waiting on
//!   `exit_requested()` says when the first SIGINT started the shutdown;
//!   a second SIGINT ends the process at once by SIGINT: no guard, no hook
//!   (S3, S4);
//! - `exit-requested-current` / `exit-requested-multi`: `exit_requested()`
//!   in `tokio::select!` against a ticking timer, on either runtime flavour;
//!   SIGTERM completes it with 143 while the runtime kept ticking (S3);
//! - `workers`: three workers loop on `checkpoint()`; main exits with 5, its
//!   guard joins them, each stops at its checkpoint; status 5, nothing on
//!   stderr (S2, G6);
//! - `deadline-drop`, `deadline-hook`: with a 200 ms deadline, a `Drop` (or
//!   an `at_exit` hook) hangs during `exit(4)`: the process ends with 4 soon
//!   after the limit, with one line (D1);
//! - `deadline-set-late`: the deadline is set (twice: 10 s, then 200 ms) by a
//!   `Drop` during the shutdown; it counts from the shutdown's start, one
//!   watchdog keeps it, and it cuts the hang with one line (D1);
//! - `deadline-signal`: the same hanging `Drop` during a SIGTERM shutdown:
//!   cut by the deadline, the process dies by SIGTERM (D1, S5);
//! - `deadline-in-time`: a 10 s deadline, an exit that ends in time: nothing
//!   extra is printed (D2);
//! - `watchdog` / `no-watchdog`: the deadline's thread exists only once a
//!   shutdown with a deadline has started, and never without one (D2).

use std::future::Future;
use std::io::{BufWriter, Write};
use std::pin::pin;
use std::sync::{Arc, Barrier};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::Thread;
use std::time::Duration;

use exit_policy::{
    at_exit, checkpoint, exit, exit_policy, exit_requested, handle_signals, set_deadline,
};

struct Noisy(&'static str);

impl Drop for Noisy {
    fn drop(&mut self) {
        println!("dropped {}", self.0);
    }
}

/// A `Drop` that hangs: what a deadline is for.
struct Hangs;

impl Drop for Hangs {
    fn drop(&mut self) {
        println!("drop: hanging");
        std::thread::sleep(Duration::from_secs(60));
        println!("unreachable: the hanging drop returned");
    }
}

fn ready() {
    println!("ready");
}

/// Runs `future` on this thread, parking between polls.
fn block_on<F: Future>(future: F) -> F::Output {
    struct Unpark(Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut future = pin!(future);
    loop {
        if let Poll::Ready(value) = future.as_mut().poll(&mut cx) {
            return value;
        }
        std::thread::park();
    }
}

fn checkpoint_loop() {
    let _main_guard = Noisy("main's guard");
    let mut report = BufWriter::new(std::io::stdout());
    writeln!(report, "report: buffered, flushed when the loop unwinds").unwrap();
    ready();
    work();
}

/// A `Drop` that calls `checkpoint()`: on a thread unwinding for an exit,
/// it returns.
struct CheckpointOnDrop(&'static str);

impl Drop for CheckpointOnDrop {
    fn drop(&mut self) {
        checkpoint(); // SITE: checkpoint while panicking
        println!("{}: checkpoint returned", self.0);
    }
}

fn work() {
    let _guard = Noisy("the loop's guard");
    let _checks = CheckpointOnDrop("the loop's drop");
    loop {
        checkpoint();
        std::thread::sleep(Duration::from_millis(1));
    }
}

fn checkpoint_while_panicking() {
    let waiter = std::thread::spawn(|| block_on(exit_requested()));
    ready();
    println!("shutdown started: {}", waiter.join().unwrap());
    let _checks = CheckpointOnDrop("unreachable: the panic's drop");
    panic!("an ordinary panic during the shutdown"); // SITE: panic
}

fn two_signals() {
    let _guard = Noisy("main's guard");
    std::thread::spawn(|| {
        let code = block_on(exit_requested());
        println!("shutdown started: {code}");
    });
    ready();
    loop {
        std::thread::park();
    }
}

fn exit_requested_in_select(runtime: &tokio::runtime::Runtime) {
    runtime.block_on(async {
        let _guard = Noisy("main's guard");
        let mut ticks = tokio::time::interval(Duration::from_millis(5));
        let mut ticked = false;
        let mut requested = pin!(exit_requested());
        ready();
        loop {
            tokio::select! {
                code = &mut requested => {
                    println!("exit_requested: {code}");
                    exit(code);
                }
                _ = ticks.tick() => {
                    if !ticked {
                        ticked = true;
                        println!("ticking while exit_requested waits");
                    }
                }
            }
        }
    });
}

fn workers() {
    /// Joins the workers when dropped, also while main unwinds.
    struct Workers(Vec<std::thread::JoinHandle<()>>);
    impl Drop for Workers {
        fn drop(&mut self) {
            for worker in self.0.drain(..) {
                assert!(worker.join().is_err(), "a worker stops by unwinding");
            }
            println!("joined the workers");
        }
    }
    let started = Arc::new(Barrier::new(4));
    let names = ["worker 1's guard", "worker 2's guard", "worker 3's guard"];
    let workers = Workers(
        names
            .into_iter()
            .map(|name| {
                let started = Arc::clone(&started);
                std::thread::spawn(move || {
                    let _guard = Noisy(name);
                    started.wait();
                    loop {
                        checkpoint();
                        std::thread::yield_now();
                    }
                })
            })
            .collect(),
    );
    started.wait();
    ready();
    let _keep = workers;
    exit(5);
}

fn deadline_drop() {
    set_deadline(Some(Duration::from_millis(200)));
    let _hangs = Hangs;
    println!("exiting");
    exit(4); // SITE: deadline exit
}

/// Sets the deadline twice from inside the shutdown, says how many threads
/// that started (one watchdog, however often it is set), then hangs.
struct SetsDeadlineThenHangs;

impl Drop for SetsDeadlineThenHangs {
    fn drop(&mut self) {
        let before = thread_count();
        set_deadline(Some(Duration::from_secs(10)));
        set_deadline(Some(Duration::from_millis(200)));
        println!("drop: {} thread started, hanging", thread_count() - before);
        std::thread::sleep(Duration::from_secs(60));
    }
}

fn deadline_set_late() {
    let _hangs = SetsDeadlineThenHangs;
    println!("exiting");
    exit(4); // SITE: deadline set late
}

fn deadline_hook() {
    set_deadline(Some(Duration::from_millis(200)));
    at_exit(|status| {
        println!("hook: status {status}, hanging");
        loop {
            std::thread::park();
        }
    });
    println!("exiting");
    exit(4); // SITE: deadline hook exit
}

fn deadline_signal() {
    set_deadline(Some(Duration::from_millis(200)));
    let _hangs = Hangs;
    ready();
    loop {
        checkpoint();
        std::thread::sleep(Duration::from_millis(1));
    }
}

fn deadline_in_time() {
    set_deadline(Some(Duration::from_secs(10)));
    let _guard = Noisy("main's guard");
    exit(6);
}

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

/// How many threads the process has. A thread is counted from the moment
/// `spawn` returns, before it has named itself, so this has no race.
fn thread_count() -> usize {
    std::fs::read_dir("/proc/self/task")
        .expect("/proc/self/task")
        .count()
}

fn watchdog(deadline: bool) {
    let before = thread_count();
    if deadline {
        set_deadline(Some(Duration::from_secs(10)));
    }
    println!("running: watchdog {}", thread_count() != before);
    let _probe = WatchdogProbe;
    exit(6);
}

#[exit_policy(graceful)]
fn main() {
    handle_signals().expect("signal handlers");
    handle_signals().expect("a second call does nothing");
    at_exit(|status| {
        checkpoint(); // returns: the hooks are part of the shutdown
        println!("hook: status {status}");
    });
    let mode = std::env::args().nth(1).unwrap_or_default();
    match mode.as_str() {
        "checkpoint-loop" => checkpoint_loop(),
        "two-signals" => two_signals(),
        "checkpoint-while-panicking" => checkpoint_while_panicking(),
        "exit-requested-current" => {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime");
            exit_requested_in_select(&runtime);
        }
        "exit-requested-multi" => {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("a runtime");
            exit_requested_in_select(&runtime);
        }
        "workers" => workers(),
        "deadline-drop" => deadline_drop(),
        "deadline-hook" => deadline_hook(),
        "deadline-set-late" => deadline_set_late(),
        "deadline-signal" => deadline_signal(),
        "deadline-in-time" => deadline_in_time(),
        "watchdog" => watchdog(true),
        "no-watchdog" => watchdog(false),
        other => panic!("unknown mode {other:?}"),
    }
}
