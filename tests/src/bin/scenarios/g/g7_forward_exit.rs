//! G7: a worker's exit forwarded out of a join with `.forward_exit()`, for a
//! std thread and a tokio task; and what an `.unwrap()` on the raw result
//! does instead.

use exit_policy::{ForwardExit, at_exit, exit};
use exit_policy_tests::Noisy;

fn hook() {
    at_exit(|status| println!("hook: status {status}"));
}

/// `join().forward_exit()`: the exit goes on on `main`, whose guard drops.
pub fn thread() {
    hook();
    let _guard = Noisy("main's guard");
    let worker = std::thread::spawn(|| {
        exit(4); // SITE: thread exit
    });
    let () = worker.join().forward_exit().expect("the worker panicked");
    println!("unreachable: the exit went on");
}

/// `join().unwrap()`: the unwrap panics, and the payload it drops ends the
/// process there; `main`'s guard never drops.
pub fn thread_unwrapped() {
    hook();
    let _guard = Noisy("main's guard");
    let worker = std::thread::spawn(|| {
        exit(4); // SITE: thread exit unwrapped
    });
    worker.join().unwrap(); // SITE: thread unwrap
    println!("unreachable: the unwrap panicked");
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime")
}

/// `handle.await.forward_exit()`: the task's exit goes on on the task that
/// awaits it, then out of `block_on`, and `main`'s guard drops.
pub fn task() {
    hook();
    let _guard = Noisy("main's guard");
    runtime().block_on(async {
        let task = tokio::spawn(async {
            exit(5); // SITE: task exit
        });
        let () = task.await.forward_exit().expect("cancelled");
        println!("unreachable: the exit went on");
    });
}

/// `handle.await.unwrap()`: as for a thread.
pub fn task_unwrapped() {
    hook();
    let _guard = Noisy("main's guard");
    runtime().block_on(async {
        let task = tokio::spawn(async {
            exit(5); // SITE: task exit unwrapped
        });
        task.await.unwrap(); // SITE: task unwrap
        println!("unreachable: the unwrap panicked");
    });
}
