//! O2: the termination message. Every end this crate drives writes its
//! one-line cause (the trace line's words, L1) to the file named by
//! `EXIT_POLICY_TERMINATION_LOG`, or to `/dev/termination-log`, where
//! Kubernetes reads a container's termination message from
//! (`kubectl describe pod`).
//!
//! The file is written only if it exists and is a regular file: never
//! created, never through a symbolic link, never a FIFO or a device, and
//! never waited for (it is opened non-blocking). In a program running with
//! elevated privileges (setuid or setgid) the environment variable is
//! ignored, as glibc's `secure_getenv` would: whoever sets the environment
//! of such a program can't make it truncate a file of their choosing. The
//! setting is read once, on the exit path before anything decides to end
//! the process at once, so that such an end only opens and writes.

use std::fs::OpenOptions;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Where the termination message goes, once read: `None` for nowhere.
static LOG: OnceLock<Option<PathBuf>> = OnceLock::new();

/// Kubernetes' default `terminationMessagePath`.
#[cfg(unix)]
const DEFAULT: Option<&str> = Some("/dev/termination-log");
#[cfg(not(unix))]
const DEFAULT: Option<&str> = None;

/// At most this much is written: what Kubernetes keeps of the message.
const LIMIT: usize = 4096;

/// Reads where the termination message goes, the first time only.
pub(crate) fn read_setting() {
    LOG.get_or_init(|| {
        let asked = std::env::var_os("EXIT_POLICY_TERMINATION_LOG")
            .filter(|path| !path.is_empty() && !crate::os::privileged());
        asked
            .map(PathBuf::from)
            .or_else(|| DEFAULT.map(PathBuf::from))
            .filter(|path| exists(path))
    });
}

/// Whether a message is to be written: a file to write it to was found
/// (the setting is read the first time if it was not yet).
pub(crate) fn wanted() -> bool {
    read_setting();
    LOG.get().is_some_and(Option::is_some)
}

/// Replaces the contents of the termination log with `message`, cut at
/// 4 KiB. Nothing happens where there is none, or it can't be written:
/// nobody is left to tell.
pub(crate) fn write(message: &[u8]) {
    let Some(Some(path)) = LOG.get() else {
        return;
    };
    let Some(mut file) = open(path) else {
        return;
    };
    if file.set_len(0).is_ok() {
        let _ = file.write_all(&message[..message.len().min(LIMIT)]);
    }
}

/// `path`, opened for writing if it is a regular file: not created, not
/// followed if it is a symbolic link, not waited for if it is a FIFO.
fn open(path: &Path) -> Option<std::fs::File> {
    let mut options = OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
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

/// Whether there is anything at `path` (a symbolic link included): where
/// there is nothing, no end needs to format a message. What it is, is
/// checked when it is opened, since it may change in between.
fn exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}
