#!/usr/bin/env python3
"""Wall time of a graceful exit from stack depth 10,
1,000 and 10,000 (one Drop per frame), against std::process::exit from the
same depth, process-level; with an annotated `main`, and with an unannotated
one (whose end resolves a backtrace to tell std's runtime from a catch
inside `main`).

Builds tests/bench/templates/exit_latency.rs (release) into two generated
crates (`main` annotated or not), then spawns them `--runs` times per (mode,
depth), alternating, and takes the median wall time of each. The added time
(graceful - process::exit, paired by round) divided by the depth is the cost
per frame; the slopes between depths show whether it grows linearly.

    python3 tests/bench/exit_latency.py            # the README figure
    python3 tests/bench/exit_latency.py --quick    # smoke pass (CI)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
import common  # noqa: E402

# (label, binary variant, mode)
MODES = (
    ("process-exit", "annotated", "process-exit"),
    ("graceful", "annotated", "graceful"),
    ("unannotated", "unannotated", "graceful"),
)


def run(binary, mode: str, depth: int, check: bool = False) -> float:
    env = dict(os.environ, EXIT_LATENCY_CHECK="1") if check else None
    start = time.perf_counter_ns()
    done = subprocess.run([str(binary), mode, str(depth)], capture_output=True, text=True, env=env)
    elapsed = (time.perf_counter_ns() - start) / 1e3
    if done.returncode != 3:
        raise SystemExit(f"{mode} {depth}: status {done.returncode}, stderr {done.stderr!r}")
    if check:
        want = f"dropped {depth} status 3\n" if mode == "graceful" else ""
        if done.stdout != want or done.stderr:
            raise SystemExit(f"{mode} {depth}: stdout {done.stdout!r} stderr {done.stderr!r}, want {want!r}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--depths", type=int, nargs="+", default=[10, 1000, 10000])
    parser.add_argument("--quick", action="store_true", help="5 runs per point, not judged")
    args = parser.parse_args()
    if args.quick:
        args.runs = 5
    common.header(
        f"exit latency: {args.runs} spawns per point, alternating, median; release build",
        "python3 tests/bench/exit_latency.py" + (" --quick" if args.quick else ""),
    )
    template = (common.TEMPLATES / "exit_latency.rs").read_text()
    binaries = {}
    for variant, attr in (("annotated", "#[exit_policy::exit_policy(graceful)]"), ("unannotated", "")):
        name = "exit-latency" if variant == "annotated" else "exit-latency-unannotated"
        source = template.replace("@MAIN_ATTR@", attr)
        root = common.write_crate(name, [common.RUNTIME_DEP], {"src/main.rs": source})
        common.cargo(root, "build", "--release")
        binaries[variant] = common.WORK / "target" / "release" / name

    points = [(label, depth) for depth in args.depths for label, _, _ in MODES]
    how = {label: (binaries[variant], mode) for label, variant, mode in MODES}

    def once(label: str, depth: int, check: bool = False) -> float:
        binary, mode = how[label]
        return run(binary, mode, depth, check)

    for label, depth in points:  # what it claims: all frames dropped, or none
        once(label, depth, check=True)
    samples: dict[tuple[str, int], list[float]] = {p: [] for p in points}
    for r in range(args.runs):
        for point in common.rotate(points, r):
            samples[point].append(once(*point))

    def paired(label: str, base: str, depth: int) -> float:
        return common.median([a - b for a, b in zip(samples[(label, depth)], samples[(base, depth)])])

    print(
        f"   {'depth':>6} {'process::exit':>14} {'graceful':>12} {'added':>12} {'ratio':>7} {'per frame':>10}"
        f"   {'unannotated main':>17} {'vs annotated':>13}"
    )
    added = {}
    for depth in args.depths:
        base = common.median(samples[("process-exit", depth)])
        grace = common.median(samples[("graceful", depth)])
        bare = common.median(samples[("unannotated", depth)])
        added[depth] = paired("graceful", "process-exit", depth)
        print(
            f"   {depth:>6} {base:>11.1f} us {grace:>9.1f} us {added[depth]:>+9.1f} us"
            f" {grace / base:>7.2f} {added[depth] / depth * 1e3:>7.0f} ns"
            f"   {bare:>14.1f} us {paired('unannotated', 'graceful', depth):>+10.1f} us"
        )
    print("   (times are wall time of one spawn, in microseconds; added = median of paired differences)")
    depths = sorted(args.depths)
    slopes = [
        (added[b] - added[a]) / (b - a) * 1e3 for a, b in zip(depths, depths[1:])
    ]
    for (a, b), slope in zip(zip(depths, depths[1:]), slopes):
        print(f"   slope {a:>5} -> {b:<5}: {slope:7.0f} ns per extra frame")
    if len(slopes) >= 2 and slopes[0] > 0:
        print(f"   linearity: last slope / first slope = {slopes[-1] / slopes[0]:.2f} (1.00 = linear)")
    if args.quick:
        print("   (quick smoke pass: figures not judged)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
