//! P: which policy applies.

use crate::common::{P3_THREAD_DOES_NOT_INHERIT, PLAIN_MAIN, assert_outcome, bin, lines};

#[test]
fn p1_innermost_annotated_function_decides() {
    let out = bin(PLAIN_MAIN, &["p1_nested_policies"]);
    assert_outcome(
        &out,
        2,
        &lines(&[
            "main: None",
            "graceful: Some(Graceful)",
            "immediate: Some(Immediate)",
            "graceful inside immediate: Some(Graceful)",
            "immediate again: Some(Immediate)",
            "graceful again: Some(Graceful)",
            "unannotated callee: Some(Graceful)",
        ]),
        "",
    );
}

#[test]
fn p2_without_annotation_exit_is_graceful() {
    let out = bin(PLAIN_MAIN, &["p2_default_graceful"]);
    assert_outcome(
        &out,
        5,
        &lines(&["inner: None", "dropped inner guard", "dropped main guard"]),
        "",
    );
}

#[test]
fn p3_a_spawned_thread_does_not_inherit_the_policy() {
    let out = bin(P3_THREAD_DOES_NOT_INHERIT, &["p3_thread_does_not_inherit"]);
    assert_outcome(
        &out,
        8,
        &lines(&[
            "main: Some(Immediate)",
            "worker: None",
            "dropped worker guard",
            "main: the worker's exit came out of join",
        ]),
        "",
    );
}

#[test]
fn p1_async_policy_reenters_on_every_poll_and_follows_the_future_across_threads() {
    let out = bin(PLAIN_MAIN, &["p1_async_policy_on_every_poll"]);
    assert_outcome(
        &out,
        0,
        &lines(&[
            "main, nothing annotated: None",
            "immediate, first poll: Some(Immediate)",
            "first thread, between polls: None",
            "immediate, second poll, after the move: Some(Immediate)",
            "second thread, after the last poll: None",
            "moved to another thread: true",
            "graceful, before await: Some(Graceful)",
            "executor, between polls: None",
            "graceful, after await: Some(Graceful)",
            "executor, between polls: None",
            "immediate, nested, after await: Some(Immediate)",
            "graceful, after awaiting an immediate fn: Some(Graceful)",
            "executor, between polls: None",
            "unannotated, awaited by graceful: Some(Graceful)",
            "graceful, after awaiting an unannotated fn: Some(Graceful)",
            "tokio: polled on more than one worker: true",
            "tokio: graceful after every await: true",
            "main, at the end: None",
        ]),
        "",
    );
}
