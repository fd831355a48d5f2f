//! An axum service that stops the way a load balancer and an orchestrator
//! expect, with about ten lines of shutdown plumbing.
//!
//! - `GET /ready` answers `200 ready`, or `503 draining` once a shutdown
//!   started ([`draining`]): the readiness check a load balancer polls.
//! - `GET /slow` takes a second to answer: a request in flight.
//! - `POST /jobs` queues a job for the background worker.
//! - `POST /admin/stop` asks for an orderly stop with status 3
//!   ([`request_exit`]) and answers `202 stopping`: nothing unwinds, the
//!   request is answered.
//! - `GET /panic` panics in its handler: [`handle_panics`] makes that a
//!   shutdown with status 101, although hyper catches the panic.
//!
//! SIGINT and SIGTERM start the shutdown ([`handle_signals_for`]); SIGHUP
//! stays the program's own, and reloads. Every shutdown first drains for
//! `--drain-ms` (default 500): `/ready` says 503 while everything else goes
//! on. Then [`exit_requested`] completes, axum stops accepting and finishes
//! every request in flight, `main` closes the job queue and waits for the
//! worker to finish its jobs, and the process ends: by the signal (a shell
//! shows 143 for SIGTERM), with 3 for the admin route, 101 for the panic.
//! The whole stop must take at most the drain plus 10 s ([`set_deadline`]).
//!
//! ```sh
//! cargo run -p exit-policy --features tokio --example tokio_service
//! curl -X POST localhost:3000/jobs; curl -X POST localhost:3000/admin/stop
//! ```

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::{get, post};
use exit_policy::{
    ForwardExit, Signal, at_exit, draining, exit_policy, exit_requested, handle_panics,
    handle_signals_for, request_exit, set_deadline, set_drain_delay,
};
use tokio::sync::mpsc;

#[exit_policy(graceful)]
#[tokio::main]
async fn main() {
    let options = Options::from_args();
    // SIGHUP is left out: this service reloads on it.
    #[cfg(unix)]
    let stop_on = [Signal::Interrupt, Signal::Terminate];
    #[cfg(windows)]
    let stop_on = [Signal::Interrupt, Signal::Close];
    handle_signals_for(&stop_on).expect("signal handlers");
    handle_panics();
    set_drain_delay(Some(options.drain));
    set_deadline(Some(options.drain + Duration::from_secs(10)));
    at_exit(|status| println!("at_exit: stopped with status {status}"));

    let (jobs, queue) = mpsc::channel(16);
    let worker = tokio::spawn(work(queue));
    #[cfg(unix)]
    tokio::spawn(reload_on_sighup());
    let app = Router::new()
        .route("/ready", get(ready))
        .route("/slow", get(slow))
        .route("/jobs", post(move || queue_job(jobs.clone())))
        .route("/admin/stop", post(stop))
        .route("/panic", get(panics));
    let listener = tokio::net::TcpListener::bind(options.address)
        .await
        .expect("bind the address");
    println!(
        "listening on {}",
        listener.local_addr().expect("an address")
    );

    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let code = exit_requested().await;
            println!("server: shutting down ({code}): no new connections");
        })
        .await
        .expect("serve");
    // The router, and with it the job queue's last sender, is gone: the
    // worker finishes the jobs queued and ends.
    println!("server: every request in flight answered");
    worker
        .await
        .forward_exit()
        .expect("the worker was cancelled");
    println!("worker: done");
}

/// The readiness check: 503 from the start of a shutdown, drain included.
async fn ready() -> (StatusCode, &'static str) {
    if draining() {
        (StatusCode::SERVICE_UNAVAILABLE, "draining\n")
    } else {
        (StatusCode::OK, "ready\n")
    }
}

async fn slow() -> &'static str {
    println!("slow: started");
    tokio::time::sleep(Duration::from_secs(1)).await;
    println!("slow: answered");
    "slow: done\n"
}

async fn queue_job(jobs: mpsc::Sender<u32>) -> (StatusCode, &'static str) {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);
    let job = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    match jobs.send(job).await {
        Ok(()) => (StatusCode::ACCEPTED, "queued\n"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "stopping\n"),
    }
}

/// Starts the orderly stop and answers: `request_exit` returns.
async fn stop() -> (StatusCode, &'static str) {
    println!("admin: stop requested");
    request_exit(3);
    (StatusCode::ACCEPTED, "stopping\n")
}

async fn panics() -> &'static str {
    panic!("a bug in a handler");
}

/// The background worker: runs every job queued, also the ones queued
/// before the stop, then ends when the queue closes.
#[exit_policy(graceful)]
async fn work(mut queue: mpsc::Receiver<u32>) {
    while let Some(job) = queue.recv().await {
        tokio::time::sleep(Duration::from_millis(50)).await;
        println!("worker: job {job} done");
    }
}

/// SIGHUP is this program's: "reload the configuration".
#[cfg(unix)]
async fn reload_on_sighup() {
    use tokio::signal::unix::{SignalKind, signal};
    let mut hangups = signal(SignalKind::hangup()).expect("a SIGHUP handler");
    while hangups.recv().await.is_some() {
        println!("reload: configuration reloaded");
    }
}

struct Options {
    address: SocketAddr,
    drain: Duration,
}

impl Options {
    /// `--port N` (default 3000; 0 picks a free one) and `--drain-ms N`.
    fn from_args() -> Options {
        let mut options = Options {
            address: SocketAddr::from(([127, 0, 0, 1], 3000)),
            drain: Duration::from_millis(500),
        };
        let mut args = std::env::args().skip(1);
        while let Some(flag) = args.next() {
            let value = args.next().and_then(|value| value.parse().ok());
            match (flag.as_str(), value) {
                ("--port", Some(port)) => {
                    options.address.set_port(u16::try_from(port).unwrap_or(0));
                }
                ("--drain-ms", Some(ms)) => options.drain = Duration::from_millis(ms),
                _ => {
                    eprintln!("usage: tokio_service [--port N] [--drain-ms N]");
                    exit_policy::exit(2);
                }
            }
        }
        options
    }
}
