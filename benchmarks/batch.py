"""Benchmark of `policytext batch`: 1 local worker against 2 (and optionally Dask).

The 21 shipped reports (tests/corpus/raw) are copied round-robin to N files (default 500) in a
temporary folder; each engine writes Parquet tables to a fresh folder; the script prints wall
times, files per second and the speed-up over 1 worker, and checks that every run wrote the
same tables, row for row.

    .venv/bin/python benchmarks/batch.py                  # 500 files, 1 vs 2 workers
    .venv/bin/python benchmarks/batch.py --files 100 --dask --json out.json

Goal: 2 workers at least 1.7x faster than 1 on a 2-core machine. Wall times depend on what
else the machine runs: the load average at the start is printed with the figures, and
`--repeat` keeps the best of several runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus" / "raw"
GOAL = 1.7


def make_corpus(folder: Path, n: int) -> list[Path]:
    """`n` report files in `folder`, copies of the shipped corpus in turn."""
    sources = sorted(CORPUS.glob("*.txt"))
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        src = sources[i % len(sources)]
        dst = folder / f"{i:05d}_{src.name}"
        shutil.copyfile(src, dst)
        out.append(dst)
    return out


def cpu_seconds() -> float:
    """CPU time of this process and of its finished child processes."""
    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def run(files: list[Path], out: Path, *, workers: int, client: Any = None) -> tuple[float, float]:
    """Wall seconds and CPU seconds of one batch (CPU of this process and its children)."""
    from policytext.batch import run_batch

    t0, c0 = time.perf_counter(), cpu_seconds()
    summary = run_batch(files, out, workers=workers, client=client, progress=False)
    seconds, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    if summary.parsed != len(files) or summary.failed:
        sys.exit(f"benchmark: {summary.failed} files failed in {out}")
    return seconds, cpu


def tables(out: Path) -> dict[str, Any]:
    import pyarrow.parquet as pq

    from policytext.batch import table_names

    return {name: pq.read_table(out / name).to_pylist() for name in table_names()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--files", type=int, default=500, help="number of files (default 500)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per engine; the best counts")
    ap.add_argument("--dask", action="store_true", help="also run on a 2-process LocalCluster")
    ap.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    args = ap.parse_args()

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"policytext batch benchmark: {args.files} files, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, load average {load:.2f}"
    )
    results: dict[str, float] = {}
    cpu: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="policytext-bench-") as tmp:
        base = Path(tmp)
        files = make_corpus(base / "in", args.files)
        size = sum(f.stat().st_size for f in files) / 1e6
        print(f"corpus: {size:.1f} MB in {len(files)} files")
        engines: list[tuple[str, int]] = [("1 worker", 1), ("2 workers", 2)]
        outs: dict[str, Path] = {}
        for r in range(args.repeat):
            for name, workers in engines:
                out = base / f"out-{workers}-{r}"
                seconds, used = run(files, out, workers=workers)
                if seconds < results.get(name, float("inf")):
                    results[name], cpu[name] = seconds, used
                outs[name] = out
        if args.dask:
            from distributed import Client, LocalCluster

            with (
                LocalCluster(
                    n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
                ) as cluster,
                Client(cluster) as client,
            ):
                for r in range(args.repeat):
                    out = base / f"out-dask-{r}"
                    seconds, used = run(files, out, workers=1, client=client)
                    name = "dask (2 processes)"
                    if seconds < results.get(name, float("inf")):
                        results[name], cpu[name] = seconds, used
                    outs[name] = out
        reference = tables(outs["1 worker"])
        same = all(tables(out) == reference for out in outs.values())

    one = results["1 worker"]
    # "CPU share" is the 1-worker run's CPU seconds over its wall seconds: near 1.00 when the
    # machine is otherwise idle; lower when other work takes the cores, and then the speed-up
    # says little. (Worker processes are forked by a fork server, not by this process, so
    # their CPU time cannot be counted here.)
    print(f"{'engine':<20} {'seconds':>8} {'files/s':>8} {'speed-up':>9}")
    for name, seconds in results.items():
        print(f"{name:<20} {seconds:8.1f} {args.files / seconds:8.1f} {one / seconds:8.2f}x")
    print(f"CPU share of the 1-worker run: {cpu['1 worker'] / one:.2f}")
    speedup = one / results["2 workers"]
    verdict = "met" if speedup >= GOAL else "NOT met"
    print(f"2 workers vs 1: {speedup:.2f}x (goal >= {GOAL}x: {verdict})")
    print(f"identical tables across engines: {'yes' if same else 'NO'}")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "files": args.files,
                    "load_average": load,
                    "seconds": results,
                    "cpu_seconds": cpu,
                    "speedup_2_vs_1": speedup,
                    "identical": same,
                },
                indent=2,
            ),
            encoding="utf-8",
        )
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
