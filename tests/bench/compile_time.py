#!/usr/bin/env python3
"""Compile time the attribute adds, against what
`#[tracing::instrument]` adds, on one generated crate of 400 functions.

Three copies of the same crate (plain / #[exit_policy(graceful)] /
#[tracing::instrument]) with identical dependencies. After one warm-up build
(dependencies included), each copy is rebuilt `--rounds` times, alternating,
by touching its src/lib.rs: only that crate compiles. The figure is the
median over rounds of (variant - plain) within a round.

    python3 tests/bench/compile_time.py            # the README figure
    python3 tests/bench/compile_time.py --quick    # smoke pass (CI)
"""

from __future__ import annotations

import argparse
import os
import re
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
import common  # noqa: E402

BUDGET = 0.5  # attribute's added time / tracing's added time

VARIANTS = {
    "plain": "",
    "exit_policy": "#[exit_policy::exit_policy(graceful)]",
    "tracing": "#[tracing::instrument]",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--functions", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--profile", choices=["dev", "release"], default="dev")
    parser.add_argument("--quick", action="store_true", help="20 functions, 1 round, not judged")
    args = parser.parse_args()
    if args.quick:
        args.functions, args.rounds = 20, 1
    groups = max(1, args.functions // 4)
    n = groups * 4

    common.header(
        f"compile time: {n} functions, {args.rounds} alternating rebuilds per variant, profile {args.profile}",
        "python3 tests/bench/compile_time.py" + (" --quick" if args.quick else ""),
    )
    syn = re.search(r"^syn\s*=.*$", (common.REPO / "macros" / "Cargo.toml").read_text(), re.M)
    print(f"   exit-policy-macros: {syn.group(0) if syn else '?'}")

    deps = [common.RUNTIME_DEP, 'tracing = "0.1"']
    crates = {}
    for name, attr in VARIANTS.items():
        lib = "#![allow(warnings)]\n\n" + common.functions(groups, attr)
        crates[name] = common.write_crate(f"ct-{name.replace('_', '-')}", deps, {"src/lib.rs": lib})

    build = ["build", "--lib"] + (["--release"] if args.profile == "release" else [])
    for root in crates.values():  # warm-up: dependencies, and a first build
        common.cargo(root, *build)

    names = list(VARIANTS)
    times: dict[str, list[float]] = {name: [] for name in names}
    for r in range(args.rounds):
        for name in common.rotate(names, r):
            lib = crates[name] / "src" / "lib.rs"
            os.utime(lib)
            times[name].append(common.timed(lambda: common.cargo(crates[name], *build)))

    plain = common.median(times["plain"])
    added = {
        name: common.median([t - p for t, p in zip(times[name], times["plain"])])
        for name in names[1:]
    }
    print(f"   {'variant':<24} {'median rebuild':>14} {'added over plain':>17}")
    print(f"   {'plain fns (baseline)':<24} {plain:>12.3f} s {'':>17}")
    for name, label in (("exit_policy", "#[exit_policy(graceful)]"), ("tracing", "#[tracing::instrument]")):
        print(
            f"   {label:<24} {common.median(times[name]):>12.3f} s {added[name]:>+15.3f} s"
            f"   ({added[name] / n * 1e3:+.3f} ms per fn)"
        )
    ratio = added["exit_policy"] / added["tracing"] if added["tracing"] > 0 else float("inf")
    verdict = "ok" if ratio <= BUDGET else "OVER BUDGET"
    print(
        f"   ratio: exit_policy added / tracing added = {ratio:.3f}"
        f"   (budget <= {BUDGET}){'' if args.quick else '   ' + verdict}"
    )
    if args.quick:
        print("   (quick smoke pass: figures not judged)")
        return 0
    return 0 if ratio <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
