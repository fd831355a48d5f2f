#!/usr/bin/env python3
"""Bytes an annotated function adds to a release binary.

Three copies of one generated binary (plain / #[exit_policy(graceful)] /
#[exit_policy(immediate)]) with `--functions` functions each (loops, `?`,
early `return`); every function's address is taken in `main`, so each one is
emitted once, out of line. Release profile (opt-level 3, unwind). Reports the
ELF sections that grow (`size -A`: .text, and the unwind tables .eh_frame and
.gcc_except_table), the stripped file size, and the bytes per function.

    python3 tests/bench/binary_size.py            # the README figure
    python3 tests/bench/binary_size.py --quick    # smoke pass (CI)
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
import common  # noqa: E402

VARIANTS = {
    "plain": "",
    "graceful": "#[exit_policy::exit_policy(graceful)]",
    "immediate": "#[exit_policy::exit_policy(immediate)]",
}

SIGNATURES = {
    "sum": "fn(&[i64], i64) -> Option<i64>",
    "parse": "fn(&str) -> Result<u32, std::num::ParseIntError>",
    "walk": "fn(u64) -> u64",
    "push": "fn(&mut Vec<u32>, u32) -> Result<usize, String>",
}

SECTIONS = (".text", ".eh_frame", ".eh_frame_hdr", ".gcc_except_table")


def source(groups: int, attr: str) -> str:
    refs = "\n".join(
        f"    std::hint::black_box(f::{name}_{i} as {sig});"
        for i in range(groups)
        for name, sig in SIGNATURES.items()
    )
    return (
        "#![allow(warnings)]\n\nmod f {\n"
        + common.functions(groups, attr)
        + "\n}\n\nfn main() {\n"
        + refs
        + "\n}\n"
    )


def sections(binary) -> dict[str, int]:
    """`size -A` for the sections that grow; empty without binutils."""
    size = shutil.which("size")
    if size is None:
        return {}
    out = subprocess.run([size, "-A", str(binary)], capture_output=True, text=True, check=True)
    sizes = {}
    for line in out.stdout.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] in SECTIONS:
            sizes[parts[0]] = int(parts[1])
    return sizes


def stripped_size(binary) -> dict[str, int]:
    """The stripped file's size, or the unstripped one without binutils."""
    strip = shutil.which("strip")
    if strip is None:
        return {"file (unstripped)": binary.stat().st_size}
    copy = binary.with_name(binary.name + ".stripped")
    shutil.copyfile(binary, copy)
    subprocess.run([strip, str(copy)], check=True)
    return {"file (stripped)": copy.stat().st_size}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--functions", type=int, default=400)
    parser.add_argument("--quick", action="store_true", help="20 functions")
    args = parser.parse_args()
    if args.quick:
        args.functions = 20
    groups = max(1, args.functions // 4)
    n = groups * 4
    common.header(
        f"binary size: {n} functions, release profile",
        "python3 tests/bench/binary_size.py" + (" --quick" if args.quick else ""),
    )

    figures = {}
    for name, attr in VARIANTS.items():
        crate = f"size-{name}"
        root = common.write_crate(crate, [common.RUNTIME_DEP], {"src/main.rs": source(groups, attr)})
        common.cargo(root, "build", "--release")
        binary = common.WORK / "target" / "release" / crate
        figures[name] = {**sections(binary), **stripped_size(binary)}

    rows = [r for r in (*SECTIONS, "file (stripped)", "file (unstripped)") if r in figures["plain"]]
    if not any(row in SECTIONS for row in rows):
        print("   (binutils' size and strip not found: file size only)")
    print(f"   {'bytes':<18}" + "".join(f"{v:>12}" for v in VARIANTS) + "".join(f"{'+/fn ' + v:>18}" for v in list(VARIANTS)[1:]))
    for row in rows:
        base = figures["plain"].get(row, 0)
        line = f"   {row:<18}" + "".join(f"{figures[v].get(row, 0):>12}" for v in VARIANTS)
        for v in list(VARIANTS)[1:]:
            added = (figures[v].get(row, 0) - base) / n
            ratio = figures[v].get(row, 0) / base if base else float("nan")
            line += f"{added:>+10.1f} ({ratio:.3f})"
        print(line)
    print("   (+/fn: bytes added per annotated function over plain; in brackets the ratio to plain)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
