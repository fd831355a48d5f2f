//! S2: a `checkpoint()` in a thread-local's destructor, where nothing can
//! unwind, returns. A worker that stopped at its checkpoint ends, and its
//! thread-local's destructor checks again; main's own thread-local is
//! destroyed as the process exits. Both return, the process ends with
//! main's 3.

use std::cell::RefCell;
use std::thread::JoinHandle;

use exit_policy::{checkpoint, exit};

/// A connection cache kept in a thread-local; closing it checks whether to
/// stop.
struct Cache(&'static str);

impl Drop for Cache {
    fn drop(&mut self) {
        checkpoint();
        println!("{}: checkpoint returned", self.0);
    }
}

thread_local! {
    static CACHE: RefCell<Option<Cache>> = const { RefCell::new(None) };
}

/// Joins the worker when dropped, also while main unwinds.
struct Worker(Option<JoinHandle<()>>);

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.0.take().unwrap().join();
        println!("worker joined");
    }
}

pub fn main() {
    CACHE.with_borrow_mut(|cache| *cache = Some(Cache("main's thread-local")));
    let _worker = Worker(Some(std::thread::spawn(|| {
        CACHE.with_borrow_mut(|cache| *cache = Some(Cache("the worker's thread-local")));
        loop {
            checkpoint();
            std::thread::yield_now();
        }
    })));
    exit(3);
}
