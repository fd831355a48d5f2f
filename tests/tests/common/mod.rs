//! Runs a scenario binary as a child process and captures what it did.

#![allow(dead_code)] // each test file uses a different part

use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What a child process did, seen from outside.
#[derive(Debug)]
pub struct Outcome {
    /// The exit status, if it exited.
    pub status: Option<i32>,
    /// The signal that killed it, if one did (SIGABRT is 6).
    pub signal: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    /// Stdout as lines.
    pub fn lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }
}

/// A command for the scenario binary `path` (from `env!("CARGO_BIN_EXE_..")`),
/// with a clean environment for panics: no backtrace unless a test asks.
pub fn scenario(path: &str) -> Command {
    let mut command = Command::new(path);
    command
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE");
    command
}

/// Runs `command` to completion (at most 60 s, then it is killed and the
/// test fails) and captures status, signal, stdout and stderr.
pub fn run(mut command: Command) -> Outcome {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn scenario");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        stdout.read_to_string(&mut s).map(|_| s)
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        stderr.read_to_string(&mut s).map(|_| s)
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("scenario {command:?} hung for 60 s and was killed");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Outcome {
        status: status.code(),
        signal: status.signal(),
        stdout: out.join().expect("stdout reader").expect("utf-8 stdout"),
        stderr: err.join().expect("stderr reader").expect("utf-8 stderr"),
    }
}

/// A fresh, empty directory for one test's files, under the target dir.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}
