use exit_policy::exit_policy;

/// # Safety
/// `ptr` must be valid.
#[exit_policy(immediate)]
unsafe fn read(ptr: *const u32) -> u32 {
    unsafe { *ptr }
}

fn main() {
    let n = 5;
    assert_eq!(unsafe { read(&n) }, 5);
}
