//! Helpers shared by the scenario programs: the case a program runs, a
//! deterministic `.await` point and the smallest executor, so async
//! scenarios need no runtime; and a way to know that exit-policy's signal
//! thread has dealt with a signal.

use std::future::Future;
use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

/// How a case of a scenario program runs: most return nothing; some return
/// what `main` returns, to show what an annotated `main` does with it.
#[derive(Clone, Copy, Debug)]
pub enum Run {
    /// A case that returns nothing.
    Plain(fn()),
    /// A case that returns `main`'s result.
    Returns(fn() -> Result<(), String>),
}

/// A case of a scenario program: its name, and how it runs.
pub type Case = (&'static str, Run);

/// Runs the case that the program's first argument names, from the tables
/// of `cases`, and returns what it returns, for `main` to return.
///
/// # Errors
///
/// What a case that returns `main`'s result returns.
///
/// # Panics
///
/// If no case has that name: the message lists them.
pub fn run_case(cases: &[&[Case]]) -> Result<(), String> {
    let name = std::env::args().nth(1).unwrap_or_default();
    let Some((_, run)) = cases
        .iter()
        .flat_map(|table| table.iter())
        .find(|(case, _)| *case == name)
    else {
        let names: Vec<&str> = cases
            .iter()
            .flat_map(|table| table.iter())
            .map(|(case, _)| *case)
            .collect();
        panic!("no case {name:?}; the cases are {names:?}");
    };
    match run {
        Run::Plain(case) => {
            case();
            Ok(())
        }
        Run::Returns(case) => case(),
    }
}

/// The `n`-th argument after the case's name (from 1), if given.
#[must_use]
pub fn argument(n: usize) -> Option<String> {
    std::env::args().nth(n + 1)
}

/// The process's exit with `code`: asked for on another thread, so that it
/// is not this thread's alone inside `catch_exit` (G4), and continued on
/// this one.
pub fn exit_on_another_thread(code: i32) -> ! {
    let worker = std::thread::spawn(move || exit_policy::exit(code));
    let payload = worker.join().expect_err("the worker exited");
    std::panic::resume_unwind(exit_policy::resume_if_exit(payload))
}

/// Pending once (waking itself), then ready: a deterministic `.await` point.
#[derive(Debug, Default)]
pub struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

/// Polls `future` with a no-op waker until it is ready, on this thread,
/// yielding between polls. It allocates nothing, so the allocation tests
/// can run futures with it too.
pub fn block_on<F: Future>(future: F) -> F::Output {
    block_on_counting(future).0
}

/// [`block_on`], and how many polls it took.
pub fn block_on_counting<F: Future>(future: F) -> (F::Output, u32) {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    let mut polls = 0;
    loop {
        polls += 1;
        if let Poll::Ready(value) = future.as_mut().poll(&mut cx) {
            return (value, polls);
        }
        std::thread::yield_now();
    }
}

/// How many times exit-policy's signal thread has blocked so far: it
/// blocks again once it has dealt with a signal. Linux names threads in
/// `/proc`, cut to 15 bytes; `None` until the thread has named itself.
#[must_use]
pub fn signal_thread_blocked() -> Option<u64> {
    let tasks = std::fs::read_dir("/proc/self/task").ok()?;
    for task in tasks.flatten() {
        let comm = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
        if comm.trim_end() == "exit-policy-sig" {
            let status = std::fs::read_to_string(task.path().join("status")).ok()?;
            let line = status
                .lines()
                .find_map(|line| line.strip_prefix("voluntary_ctxt_switches:"))?;
            return line.trim().parse().ok();
        }
    }
    None
}

/// Whether the thread that Linux names `comm` (cut to 15 bytes) is idle:
/// asleep, with the same count of voluntary switches, twice 10 ms apart
/// (a thread waiting on a condition variable, holding no lock). `false`
/// while there is no such thread.
#[must_use]
pub fn thread_idle(comm: &str) -> bool {
    let look = || -> Option<(String, String)> {
        let tasks = std::fs::read_dir("/proc/self/task").ok()?;
        for task in tasks.flatten() {
            let name = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
            if name.trim_end() == comm {
                let status = std::fs::read_to_string(task.path().join("status")).ok()?;
                let field = |key: &str| {
                    status
                        .lines()
                        .find_map(|line| line.strip_prefix(key))
                        .map(|value| value.trim().to_owned())
                };
                return Some((field("State:")?, field("voluntary_ctxt_switches:")?));
            }
        }
        None
    };
    let Some(first) = look() else {
        return false;
    };
    std::thread::sleep(Duration::from_millis(10));
    first.0.starts_with('S') && look() == Some(first)
}

/// Waits (at most 10 s) until `done` holds.
pub fn wait_until(done: impl Fn() -> bool) {
    let start = Instant::now();
    while !done() && start.elapsed() < Duration::from_secs(10) {
        std::thread::yield_now();
    }
}

/// Prints `dropped NAME` when dropped.
#[derive(Debug)]
pub struct Noisy(pub &'static str);

impl Drop for Noisy {
    fn drop(&mut self) {
        println!("dropped {}", self.0);
    }
}

/// A `Drop` that hangs for a minute: what a deadline is for.
#[derive(Debug)]
pub struct Hangs;

impl Drop for Hangs {
    fn drop(&mut self) {
        println!("drop: hanging");
        std::thread::sleep(Duration::from_secs(60));
        println!("unreachable: the hanging drop returned");
    }
}

/// What every shutdown scenario does first: handle signals (twice; the
/// second call does nothing) and register a hook that calls `checkpoint()`,
/// which returns there (the hooks are part of the shutdown), then prints
/// the status.
///
/// # Panics
///
/// If the signal handlers can't be installed.
pub fn handle_signals_with_a_hook() {
    exit_policy::handle_signals().expect("signal handlers");
    exit_policy::handle_signals().expect("a second call does nothing");
    exit_policy::at_exit(|status| {
        exit_policy::checkpoint();
        println!("hook: status {status}");
    });
}

/// Says the child is ready for the test's signal.
pub fn ready() {
    println!("ready");
}

/// How many threads the process has. A thread is counted from the moment
/// `spawn` returns, before it has named itself, so this has no race.
///
/// # Panics
///
/// Where there is no `/proc/self/task` (not Linux).
#[must_use]
pub fn thread_count() -> usize {
    std::fs::read_dir("/proc/self/task")
        .expect("/proc/self/task")
        .count()
}

/// Waits for the forked child `child` to end, and says how: `exited with N`
/// or `died by signal N`.
///
/// # Panics
///
/// If `waitpid` fails: `child` is not this process's child.
#[cfg(unix)]
#[allow(unsafe_code)] // waitpid, which std does not offer for a forked child
#[must_use]
pub fn wait_for_child(child: libc::pid_t) -> String {
    let mut status = 0;
    // SAFETY: `status` is valid for writes; a `child` that is not this
    // process's makes the call fail, which the assertion reports.
    let waited = unsafe { libc::waitpid(child, &raw mut status, 0) };
    assert_eq!(waited, child, "waitpid");
    if libc::WIFSIGNALED(status) {
        format!("died by signal {}", libc::WTERMSIG(status))
    } else {
        format!("exited with {}", libc::WEXITSTATUS(status))
    }
}
