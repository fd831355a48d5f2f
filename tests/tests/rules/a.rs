//! A: the attribute.

use crate::common::{PLAIN_MAIN, assert_outcome, bin, lines};

#[test]
fn a1_every_accepted_form_runs_under_its_policy_and_unwinds() {
    let out = bin(PLAIN_MAIN, &["a1_every_form"]);
    assert_outcome(
        &out,
        7,
        &lines(&[
            "associated fn: Some(Graceful)",
            "method: Some(Graceful)",
            "withdraw 30: Ok(70)",
            "method: Some(Graceful)",
            "withdraw x: true",
            "own policy in impl: Some(Immediate)",
            "trait default: Some(Immediate)",
            "mod trait default: Some(Graceful)",
            "mod fn: Some(Graceful)",
            "mut param, early return: 99 1",
            "generic: 9",
            "impl Trait: Some(Immediate)",
            "evens: [0, 2, 4, 6]",
            "unsafe fn: Some(Graceful)",
            "raw: 70",
            "main: None",
            "generic: closing because \"end of day\"",
            "never-returning fn: Some(Graceful)",
            "dropped never-returning fn",
            "dropped generic fn",
            "account dropped: balance 70, Some(Graceful)",
        ]),
        "",
    );
}

#[test]
fn a1_async_return_question_mark_self_impl_trait_and_send_behave_as_without_the_attribute() {
    let out = bin(PLAIN_MAIN, &["a1_async_fn_forms"]);
    assert_outcome(
        &out,
        0,
        &lines(&[
            "self: (42, Some(Graceful), Some(Immediate), 42)",
            "?: \"21\" -> Ok(42)",
            "?: \"0\" -> Ok(100)",
            "?: \"x\" -> Err(ParseIntError { kind: InvalidDigit })",
            "? into Box<dyn Error>: Ok(\"fine\")",
            "? into Box<dyn Error>: Err(\"converted by ?\")",
            "impl Trait: [0, 2, 4, 6]",
            "borrow: hello",
            "generic: <7>",
            "mut param: 3",
            "early: returned early",
            "early: ran to the end",
        ]),
        "",
    );
}

#[test]
fn a7_instrument_and_async_trait_give_in_either_order_what_they_give_without_the_attribute() {
    let out = bin(PLAIN_MAIN, &["a7_neighbours"]);
    assert_outcome(
        &out,
        0,
        &lines(&[
            // Without the attribute: the span covers the body, `ret` logs
            // the value.
            " INFO plain{x=1}: inside, under None",
            " INFO plain{x=1}: return=2",
            // The same with it, above or below, and the policy inside.
            " INFO above{x=1}: inside, under Some(Immediate)",
            " INFO above{x=1}: return=2",
            " INFO below{x=1}: inside, under Some(Immediate)",
            " INFO below{x=1}: return=2",
            " INFO fallible{x=0}: inside, under Some(Immediate)",
            "ERROR fallible{x=0}: error=zero",
            // On a method of an `#[async_trait]` impl, and on the impl.
            "async_trait method: Some(Immediate)",
            "async_trait method: Some(Immediate)",
            // An `#[async_trait]` trait of an annotated `mod`, used as `dyn`.
            "async_trait default, as dyn: Some(Graceful)",
            " INFO sync_above{x=1}: inside, under Some(Immediate)",
            " INFO sync_above{x=1}: return=2",
        ]),
        "",
    );
}
