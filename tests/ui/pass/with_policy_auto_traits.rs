// W2: `WithPolicy<F>` is `Send`, `Sync` and `Unpin` when `F` is, and
// `Debug` whatever `F` is.
use std::future::{Ready, ready};

use exit_policy::{Policy, WithPolicy};

fn send_sync_unpin<T: Send + Sync + Unpin>(value: T) -> T {
    value
}

struct NotDebug;

fn main() {
    let wrapped: WithPolicy<Ready<u8>> = send_sync_unpin(Policy::Graceful.wrap(ready(1)));
    assert_eq!(
        format!("{wrapped:?}"),
        "WithPolicy { policy: Graceful, .. }"
    );
    let opaque = Policy::Immediate.wrap(ready(NotDebug));
    assert_eq!(format!("{opaque:?}"), "WithPolicy { policy: Immediate, .. }");
}
