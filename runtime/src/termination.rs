//! O2: the termination message. Every end this crate drives writes its
//! one-line cause (the trace line's words, L1) to the file named by
//! `EXIT_POLICY_TERMINATION_LOG`, or else to `/dev/termination-log`, where
//! Kubernetes reads a container's termination message from
//! (`kubectl describe pod`).
//!
//! The file is opened when the exit path first reads the setting, before
//! anything decides to end the process at once, and only if it is a
//! regular file: never created, never through a symbolic link, never as
//! the controlling terminal, and without waiting (a FIFO with no reader is
//! refused at once, any other non-regular file is closed again). An end
//! then only writes at offset 0 and truncates to what it wrote: no path,
//! no allocation, no lock. In a program running with elevated privileges
//! (setuid or setgid) the environment variable is ignored, as glibc's
//! `secure_getenv` would: whoever sets the environment of such a program
//! can't make it truncate a file of their choosing.

use std::fs::{File, OpenOptions};
use std::path::Path;
use std::sync::OnceLock;

/// The termination log, once the setting is read: `None` for none.
static LOG: OnceLock<Option<File>> = OnceLock::new();

/// Kubernetes' default `terminationMessagePath`.
#[cfg(unix)]
const DEFAULT: Option<&str> = Some("/dev/termination-log");
#[cfg(not(unix))]
const DEFAULT: Option<&str> = None;

/// At most this much is written: what Kubernetes keeps of the message.
const LIMIT: usize = 4096;

/// Reads where the termination message goes and opens it, the first time
/// only.
pub(crate) fn read_setting() {
    LOG.get_or_init(|| {
        let asked = std::env::var_os("EXIT_POLICY_TERMINATION_LOG")
            .filter(|path| !path.is_empty() && !crate::os::privileged());
        match asked {
            Some(path) => open(Path::new(&path)),
            None => DEFAULT.and_then(|path| open(Path::new(path))),
        }
    });
}

/// Whether a message is to be written: the log was found (the setting is
/// read the first time if it was not yet).
pub(crate) fn wanted() -> bool {
    read_setting();
    LOG.get().is_some_and(Option::is_some)
}

/// Replaces the contents of the termination log with `message`, cut at
/// 4 KiB. Nothing happens where there is none, or it can't be written:
/// nobody is left to tell.
pub(crate) fn write(message: &[u8]) {
    let Some(Some(log)) = LOG.get() else {
        return;
    };
    let message = &message[..message.len().min(LIMIT)];
    if write_all_at_start(log, message) {
        let _ = log.set_len(message.len() as u64);
    }
}

#[cfg(unix)]
fn write_all_at_start(log: &File, message: &[u8]) -> bool {
    use std::os::unix::fs::FileExt as _;
    log.write_all_at(message, 0).is_ok()
}

#[cfg(windows)]
fn write_all_at_start(log: &File, mut message: &[u8]) -> bool {
    use std::os::windows::fs::FileExt as _;
    let mut at = 0;
    while !message.is_empty() {
        match log.seek_write(message, at) {
            Ok(0) | Err(_) => return false,
            Ok(n) => {
                message = &message[n..];
                at += n as u64;
            }
        }
    }
    true
}

/// `path`, opened for writing if it is a regular file: not created, not
/// followed if it is a symbolic link, not made the controlling terminal,
/// not waited for if it is a FIFO.
fn open(path: &Path) -> Option<File> {
    let mut options = OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt as _;
        // FILE_FLAG_OPEN_REPARSE_POINT: a symbolic link is opened as
        // itself, which is no regular file, so nothing is written.
        options.custom_flags(0x0020_0000);
    }
    let file = options.open(path).ok()?;
    file.metadata()
        .is_ok_and(|metadata| metadata.is_file())
        .then_some(file)
}
