//! Helpers that tests of more than one letter use.

use std::cell::RefCell;
use std::sync::{Mutex, MutexGuard, PoisonError};

pub(crate) fn log(entry: String) {
    LOG.with_borrow_mut(|log| log.push(entry));
}

thread_local! {
    static LOG: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

pub(crate) fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(PoisonError::into_inner)
}

pub(crate) static SERIAL: Mutex<()> = Mutex::new(());

pub(crate) fn take_log() -> Vec<String> {
    LOG.with_borrow_mut(std::mem::take)
}
