"""Shared helpers for the benchmark scripts (Python 3.11, stdlib only).

The scripts generate small crates under <repo>/target/bench/ (never committed),
depending on this checkout's `exit-policy` by path, build them with the pinned
toolchain, and print every figure next to its baseline from the same run.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
TEMPLATES = HERE / "templates"
WORK = Path(
    os.environ.get("EXIT_POLICY_BENCH_DIR")
    or Path(os.environ.get("CARGO_TARGET_DIR") or REPO / "target") / "bench"
)

# Every generated crate is a workspace of its own: the repo's workspace must
# not see it, and its builds must not touch the repo's Cargo.lock.
MANIFEST = """\
[package]
name = "{name}"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
{deps}

[workspace]
"""

RUNTIME_DEP = f'exit-policy = {{ path = "{(REPO / "runtime").as_posix()}" }}'


def functions(groups: int, attr: str) -> str:
    """`groups` x 4 functions (loops, `?`, early `return`), each under `attr`."""
    block = (TEMPLATES / "functions.rs.in").read_text()
    out = []
    for i in range(groups):
        out.append(
            block.replace("@ATTR@", attr).replace("@I@", str(i)).replace("@C@", str(1000 + 37 * i))
        )
    return "\n".join(out)


def write_crate(name: str, deps: list[str], files: dict[str, str]) -> Path:
    """(Re)writes a crate under WORK; unchanged files keep their mtime. All
    generated crates share one target dir (see `cargo`): dependencies build once."""
    root = WORK / name
    for rel, text in {"Cargo.toml": MANIFEST.format(name=name, deps="\n".join(deps)), **files}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
    return root


def cargo(root: Path, *args: str, quiet: bool = True) -> subprocess.CompletedProcess:
    # Non-incremental: every rebuild compiles the whole crate, as a clean or
    # CI build does (incremental reuse would hide most of the codegen).
    env = dict(os.environ, CARGO_TARGET_DIR=str(WORK / "target"), CARGO_INCREMENTAL="0")
    env.pop("RUSTFLAGS", None)
    cmd = ["cargo", *args, "--manifest-path", str(root / "Cargo.toml")]
    if quiet:
        cmd.append("--quiet")
    done = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return done


def timed(fn) -> float:
    start = time.perf_counter_ns()
    fn()
    return (time.perf_counter_ns() - start) / 1e9


def median(values: list[float]) -> float:
    return statistics.median(values)


def rotate(items: list, k: int) -> list:
    k %= len(items)
    return items[k:] + items[:k]


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    rustc = subprocess.run(["rustc", "--version"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    return f"{model}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}; {rustc}"


def header(title: str, command: str) -> None:
    print(f"== {title}")
    print(f"   machine: {machine()}")
    print(f"   command: {command}")


def which(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise SystemExit(f"{tool} not found")
    return path
