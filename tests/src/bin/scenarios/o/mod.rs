//! O3, O4: the drain before a shutdown proceeds, and what the deadline's
//! line names.

#[cfg(unix)]
mod o1_systemd;
mod o3_drain;
mod o3_drain_shorter_than_the_logger;
mod o4_nothing_unwinding;

use exit_policy_tests::{Case, Run};

/// The cases, by name.
pub(crate) const CASES: &[Case] = &[
    #[cfg(unix)]
    (
        "o1_systemd_signal",
        Run::Plain(|| o1_systemd::main("signal")),
    ),
    #[cfg(unix)]
    ("o1_systemd_exit", Run::Plain(|| o1_systemd::main("exit"))),
    #[cfg(unix)]
    ("o1_systemd_panic", Run::Plain(|| o1_systemd::main("panic"))),
    (
        "o3_a_signal_drains_first",
        Run::Plain(|| o3_drain::main(o3_drain::Start::Signal, None)),
    ),
    (
        "o3_request_exit_drains_first",
        Run::Plain(|| o3_drain::main(o3_drain::Start::Request, None)),
    ),
    (
        "o3_an_exit_stops_the_drain",
        Run::Plain(|| o3_drain::main(o3_drain::Start::Signal, Some(2))),
    ),
    (
        "o3_an_exit_does_not_drain",
        Run::Plain(o3_drain::an_exit_does_not_drain),
    ),
    (
        "o3_a_drain_shorter_than_the_logger",
        Run::Plain(o3_drain_shorter_than_the_logger::main),
    ),
    (
        "o4_nothing_unwinding_at_the_deadline",
        Run::Plain(o4_nothing_unwinding::main),
    ),
    (
        "o4_past_the_hooks_at_the_deadline",
        Run::Plain(o4_nothing_unwinding::past_the_hooks),
    ),
    (
        "o4_a_named_worker_hangs_at_the_deadline",
        Run::Plain(o4_nothing_unwinding::a_named_worker_hangs),
    ),
    (
        "o4_during_the_drain_at_the_deadline",
        Run::Plain(o4_nothing_unwinding::during_the_drain),
    ),
];
