//! W: the policy for closures and futures.

use crate::common::{PLAIN_MAIN, SCENARIOS, assert_outcome, bin, lines};

impl std::future::Future for MustStayPinned {
    type Output = ();

    fn poll(self: std::pin::Pin<&mut Self>, _: &mut std::task::Context<'_>) -> std::task::Poll<()> {
        std::task::Poll::Ready(())
    }
}

/// A future that must stay pinned (and is `Send`).
struct MustStayPinned(std::marker::PhantomPinned);

fn w(case: &str) -> crate::common::Outcome {
    bin(PLAIN_MAIN, &[case])
}

/// Whether a concrete type has an auto trait, as a value: the inherent
/// method exists only when the bound holds, and method lookup prefers it to
/// the trait's fallback.
macro_rules! has {
    ($t:ty: $bound:ident) => {{
        struct Probe<T>(std::marker::PhantomData<T>);
        #[allow(dead_code)] // used only where the bound does not hold
        trait Fallback {
            fn has(&self) -> bool {
                false
            }
        }
        impl<T> Fallback for Probe<T> {}
        impl<T: $bound> Probe<T> {
            #[allow(dead_code)] // used only where the bound holds
            fn has(&self) -> bool {
                true
            }
        }
        Probe::<$t>(std::marker::PhantomData).has()
    }};
}

#[test]
fn w2_an_immediate_future_dropped_by_an_unwind_inside_catch_exit_lets_it_return() {
    let out = bin(SCENARIOS, &["w2_immediate_future_dropped_by_an_unwind"]);
    assert_outcome(&out, 0, &lines(&["catch_exit gave Err(4)", "hook 0"]), "");
}

#[test]
fn w2_an_immediate_task_spawned_on_a_multi_thread_runtime_ends_at_once() {
    assert_outcome(
        &w("w2_spawned_immediate_task"),
        7,
        &lines(&["task: exit(7) under Some(Immediate)"]),
        "",
    );
}

#[test]
fn w3_a_cancelled_immediate_async_fn_drops_its_values_under_its_own_policy() {
    assert_outcome(
        &w("w2_cancelled_immediate_task"),
        8,
        &lines(&[
            "polled once: Pending; dropping it from None",
            "exits-on-drop: dropped under Some(Immediate)",
        ]),
        "",
    );
}

#[test]
fn w3_a_cancelled_graceful_async_fn_drops_its_values_under_its_own_policy() {
    assert_outcome(
        &w("w2_cancelled_graceful_task"),
        9,
        &lines(&[
            "polled once: Pending; dropping it from None",
            "exits-on-drop: dropped under Some(Graceful)",
            "dropped canceller's value",
            "hook: status 9",
        ]),
        "",
    );
}

#[test]
fn w1_an_immediate_scope_stops_its_graceful_callees_exit() {
    assert_outcome(
        &w("w1_in_scope"),
        6,
        &lines(&[
            "callee: exit(6) under Some(Graceful)",
            "dropped callee's value",
        ]),
        "",
    );
}

#[test]
fn w1_the_callers_policy_is_back_after_an_exit_unwinds_out_of_a_scope() {
    assert_outcome(
        &w("w1_in_scope_restores"),
        0,
        &lines(&[
            "callee: exit(6) under Some(Graceful)",
            "dropped callee's value",
            "caught exit(6); policy now None",
        ]),
        "",
    );
}

#[test]
fn w2_a_wrapped_future_has_exactly_the_auto_traits_of_its_future() {
    use std::future::Ready;
    use std::rc::Rc;

    type Plain = exit_policy::WithPolicy<Ready<u8>>;
    // A future holding an `Rc` is neither `Send` nor `Sync`; neither is its wrapper.
    type Shared = exit_policy::WithPolicy<Ready<Rc<u8>>>;
    // A future that must stay pinned makes a wrapper that must stay pinned.
    type Pinned = exit_policy::WithPolicy<MustStayPinned>;
    assert!(has!(Plain: Send) && has!(Plain: Sync) && has!(Plain: Unpin));
    assert!(!has!(Shared: Send) && !has!(Shared: Sync) && has!(Shared: Unpin));
    assert!(has!(MustStayPinned: Send) && !has!(MustStayPinned: Unpin));
    assert!(has!(Pinned: Send) && !has!(Pinned: Unpin));
}
