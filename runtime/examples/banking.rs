//! The demo: a banking handler detects a double spend and exits with 1.
//!
//! Its framework wraps every handler in a catch-all (`catch_unwind`, Rust's
//! `except BaseException`) so that one bad request can't take the service
//! down, and then commits the transaction. That is how a Python backend
//! committed a corrupted transaction after `sys.exit()`.
//!
//! The same handler runs four times, each in a child process of this one:
//! with `panic!` (for contrast), with `std::process::exit`, and with this
//! crate's `exit` under `#[exit_policy(graceful)]` and
//! `#[exit_policy(immediate)]`. The parent then reports what it observed:
//! exit status, the audit log, the temp file, the ledger, and what each child
//! printed.
//!
//! ```sh
//! cargo run -p exit-policy --example banking
//! ```

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{SystemTime, UNIX_EPOCH};

use exit_policy::{at_exit, exit, exit_policy, exiting};

/// The variants, in the order the report shows them: the name the child
/// process gets, and the label of its row.
const VARIANTS: [(&str, &str); 4] = [
    ("panic", "panic!() (for contrast)"),
    ("process-exit", "std::process::exit(1)"),
    ("graceful", "#[exit_policy(graceful)]"),
    ("immediate", "#[exit_policy(immediate)]"),
];

const AUDIT_LINE: &str = "tx-42 REJECTED: double spend";
const COMMIT_LINE: &str = "COMMIT tx-42";

#[exit_policy(graceful)]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [variant, dir] => child(variant, Path::new(dir)),
        [] => parent(),
        _ => {
            eprintln!("usage: banking  (the child processes take: VARIANT DIR)");
            exit(2);
        }
    }
}

// ---------------------------------------------------------------- the child

/// One run of the service: a framework that serves one request.
fn child(variant: &str, dir: &Path) {
    at_exit(|status| println!("at_exit hook: ran, status {status}"));
    let ledger = dir.join("ledger.txt");
    let handler: fn(&Path) = match variant {
        "panic" => handle_with_panic,
        "process-exit" => handle_with_process_exit,
        "graceful" => handle_graceful,
        "immediate" => handle_immediate,
        _ => {
            eprintln!("unknown variant {variant:?}");
            exit(2);
        }
    };
    serve(&ledger, || handler(dir));
}

/// The framework. Like the seed's, it catches everything, logs, and commits
/// anyway; unlike the seed's, its commit path asks `exiting()` first.
fn serve(ledger: &Path, handler: impl FnOnce()) {
    match panic::catch_unwind(AssertUnwindSafe(handler)) {
        Ok(()) => commit(ledger),
        Err(payload) => {
            println!("framework: caught the handler's unwind, committing anyway");
            commit(ledger);
            // A graceful exit request ends the process right here, when the
            // swallowed payload is dropped, with its own status.
            drop(payload);
        }
    }
    println!("framework: carrying on with the next request");
}

fn commit(ledger: &Path) {
    if let Some(code) = exiting() {
        println!("framework: commit refused, exit({code}) is in progress");
        return;
    }
    let mut file = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(ledger)
        .expect("open the ledger");
    writeln!(file, "{COMMIT_LINE}").expect("write the ledger");
    println!("framework: committed tx-42");
}

/// What every handler holds when it bails out: an audit log behind a
/// `BufWriter`, and a temp file that its guard removes on drop.
struct Work {
    _audit: BufWriter<File>,
    _temp: TempFile,
}

impl Work {
    fn start(dir: &Path) -> Work {
        let temp = TempFile::create(dir.join("tx-42.tmp"));
        let mut audit = BufWriter::new(File::create(dir.join("audit.log")).expect("audit log"));
        writeln!(audit, "{AUDIT_LINE}").expect("buffered write");
        println!("handler: double spend on tx-42, bailing out");
        Work {
            _audit: audit,
            _temp: temp,
        }
    }
}

struct TempFile(PathBuf);

impl TempFile {
    fn create(path: PathBuf) -> TempFile {
        File::create(&path).expect("temp file");
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

fn handle_with_panic(dir: &Path) {
    let _work = Work::start(dir);
    panic!("double spend on tx-42");
}

fn handle_with_process_exit(dir: &Path) {
    let _work = Work::start(dir);
    std::process::exit(1);
}

#[exit_policy(graceful)]
fn handle_graceful(dir: &Path) {
    let _work = Work::start(dir);
    exit(1);
}

#[exit_policy(immediate)]
fn handle_immediate(dir: &Path) {
    let _work = Work::start(dir);
    exit(1);
}

// --------------------------------------------------------------- the parent

/// What the parent saw of one child: the cells of its report row, and the
/// child's own output.
struct Observed {
    label: &'static str,
    status: String,
    audit: &'static str,
    temp: &'static str,
    committed: &'static str,
    hook: &'static str,
    stderr_summary: &'static str,
    stdout: String,
    stderr: String,
}

fn parent() {
    let root = ScratchDir::create();
    let me = std::env::current_exe().expect("path of this example");
    let observed: Vec<Observed> = VARIANTS
        .iter()
        .map(|&(variant, label)| {
            let dir = root.0.join(variant);
            fs::create_dir(&dir).expect("variant dir");
            let output = Command::new(&me)
                .arg(variant)
                .arg(&dir)
                .env_remove("RUST_BACKTRACE")
                .output()
                .expect("run a child");
            observe(label, &dir, &output)
        })
        .collect();
    report(&observed);
}

fn observe(label: &'static str, dir: &Path, output: &Output) -> Observed {
    let read = |name: &str| fs::read_to_string(dir.join(name)).unwrap_or_default();
    let status = match output.status.code() {
        Some(code) => code.to_string(),
        None => "killed".to_owned(),
    };
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    Observed {
        label,
        status,
        audit: pick(read("audit.log").contains(AUDIT_LINE), "written", "LOST"),
        temp: pick(dir.join("tx-42.tmp").exists(), "LEFT", "removed"),
        committed: pick(
            read("ledger.txt").contains(COMMIT_LINE),
            "YES, corrupt",
            "no",
        ),
        hook: pick(stdout.contains("at_exit hook: ran"), "ran", "-"),
        stderr_summary: summarize(&stderr),
        stderr,
        stdout,
    }
}

fn pick(observed: bool, yes: &'static str, no: &'static str) -> &'static str {
    if observed { yes } else { no }
}

fn summarize(stderr: &str) -> &'static str {
    if stderr.contains("was intercepted") {
        "interception"
    } else if stderr.contains("panicked at") {
        "panic message"
    } else if stderr.trim().is_empty() {
        "nothing"
    } else {
        "other"
    }
}

fn report(rows: &[Observed]) {
    println!("exit-policy demo: a banking handler detects a double spend and bails out.");
    println!("Its framework catches every unwind (catch_unwind) and commits anyway.");
    println!("Each variant ran as a child process; this is what the parent observed.");
    println!();
    println!(
        "{:<26} {:<7} {:<11} {:<10} {:<14} {:<8} stderr",
        "the handler leaves with", "status", "audit line", "temp file", "tx committed", "at_exit"
    );
    for row in rows {
        println!(
            "{:<26} {:<7} {:<11} {:<10} {:<14} {:<8} {}",
            row.label, row.status, row.audit, row.temp, row.committed, row.hook, row.stderr_summary,
        );
    }
    println!();
    println!("What each child printed:");
    for row in rows {
        println!("  {}", row.label);
        for line in row.stdout.lines() {
            println!("    stdout: {line}");
        }
        let stderr = row.stderr.lines();
        for line in stderr.filter(|line| !line.trim().is_empty() && !line.starts_with("note:")) {
            println!("    stderr: {line}");
        }
    }
}

/// The parent's working directory, unique per run, removed on drop.
struct ScratchDir(PathBuf);

impl ScratchDir {
    fn create() -> ScratchDir {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_nanos());
        let name = format!("exit-policy-banking-{}-{nanos}", std::process::id());
        let dir = std::env::temp_dir().join(name);
        fs::create_dir_all(&dir).expect("create the demo's temp dir");
        ScratchDir(dir)
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}
