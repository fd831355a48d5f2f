//! A tokio service whose request handler asks for a graceful exit.
//!
//! Requests come from an in-process queue (an `mpsc` channel; no network).
//! Each one is handled in a spawned task, possibly on another worker thread.
//! The handler for `POST /admin/shutdown` calls `exit(3)`: its task unwinds,
//! tokio catches the unwind in the task's `JoinHandle`, and the service
//! loop forwards it with `resume_if_exit`, so the exit continues on the main
//! thread. Every `Drop` on the way runs (the connection pool closes), the
//! `at_exit` hook runs, the requests still queued are never served, and the
//! process ends with 3.
//!
//! While it waits for a request, the loop also waits on `exit_requested()`
//! in `tokio::select!`: a Ctrl-C or SIGTERM (`handle_signals`) stops it there,
//! holding no worker thread while it waits.
//!
//! ```sh
//! cargo run -p exit-policy --example tokio_service   # exits with 3
//! ```

use std::time::Duration;

use exit_policy::{at_exit, exit, exit_policy, exit_requested, handle_signals, resume_if_exit};
use tokio::sync::mpsc;

#[exit_policy(graceful)]
#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    handle_signals().expect("signal handlers");
    at_exit(|status| println!("at_exit: service stopped with status {status}"));
    let _pool = Pool;

    let (queue, mut requests) = mpsc::channel(8);
    for request in [
        "GET /balance",
        "POST /transfer",
        "POST /admin/shutdown",
        "GET /never-served",
    ] {
        queue.send(request).await.expect("queue has room");
    }
    drop(queue);

    loop {
        let next = tokio::select! {
            next = requests.recv() => next,
            code = exit_requested() => {
                println!("service: shutting down with status {code}: no new requests");
                exit(code);
            }
        };
        let Some(request) = next else { break };
        match tokio::spawn(handle(request)).await {
            Ok(reply) => println!("service: {request} -> {reply}"),
            // The task unwound. An exit request continues here, on this
            // thread; anything else is an ordinary panic, resumed as one.
            Err(error) if error.is_panic() => {
                std::panic::resume_unwind(resume_if_exit(error.into_panic()))
            }
            Err(error) => println!("service: {request} -> task cancelled: {error}"),
        }
    }
    println!("service: queue drained");
}

/// Runs in a spawned task. The policy survives the `.await`.
#[exit_policy(graceful)]
async fn handle(request: &'static str) -> &'static str {
    tokio::time::sleep(Duration::from_millis(1)).await;
    if request == "POST /admin/shutdown" {
        println!("handler: {request}: asking for a graceful exit(3)");
        exit(3);
    }
    "200 OK"
}

/// Stands for a connection pool that must be closed cleanly.
struct Pool;

impl Drop for Pool {
    fn drop(&mut self) {
        println!("pool: connections closed (a Drop on the main thread)");
    }
}
