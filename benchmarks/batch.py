"""Benchmark of `policytext batch`: 1 local worker against 2 (and optionally Dask).

The 21 shipped reports (tests/corpus/raw) are copied round-robin to N files (default 500) in a
temporary folder; each engine writes Parquet tables to a fresh folder; the script prints wall
times, files per second and the speed-up over 1 worker, and checks that every run wrote the
same tables, row for row.

    .venv/bin/python benchmarks/batch.py                  # 500 files, 1 vs 2 workers
    .venv/bin/python benchmarks/batch.py --files 100 --dask --json out.json
    .venv/bin/python benchmarks/batch.py --memory 250     # Dask: client memory, 250 vs 1000

`--memory N` measures what the batch process (the Dask client) holds while a two-process
`LocalCluster` parses N files and then 4N: the peak of Python allocations during the run
(tracemalloc) and the peak resident set size sampled every 10 ms, as growth over the RSS at the
start of the run. The workers write the parts, so neither figure should grow with N.

Goal: 2 workers at least 1.7x faster than 1 on a 2-core machine. Wall times depend on what
else the machine runs: the load average at the start is printed with the figures, and
`--repeat` keeps the best of several runs.
"""

from __future__ import annotations

import argparse
import dataclasses
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


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _processes() -> dict[int, tuple[int, float]]:
    """`{pid: (parent pid, CPU seconds of it and its reaped children)}` from /proc."""
    out = {}
    for d in Path("/proc").glob("[0-9]*"):
        try:
            raw = (d / "stat").read_text()
        except OSError:
            continue
        fields = raw[raw.rindex(")") + 2 :].split()
        # fields[1] is the parent pid; [11:15] utime, stime, cutime, cstime (in ticks)
        out[int(d.name)] = (int(fields[1]), sum(int(x) for x in fields[11:15]) / _TICK)
    return out


def own_cpu() -> float:
    """CPU seconds of this process and every process it started, alive or finished.

    Finished children are counted by their parent (getrusage, or the parent's cutime/cstime in
    /proc); live descendants (the fork server and its workers, Dask's nannies and workers) are
    read from /proc.
    """
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
    procs = _processes()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in procs.items():
        children.setdefault(ppid, []).append(pid)
    todo = list(children.get(os.getpid(), []))
    while todo:
        pid = todo.pop()
        total += procs[pid][1]
        todo.extend(children.get(pid, []))
    return total


def machine_cpu() -> float:
    """CPU seconds all processes of the machine have used since boot (NaN without /proc)."""
    try:
        with open("/proc/stat", encoding="ascii") as f:
            user, nice, system, _idle, _iowait, irq, softirq = map(int, f.readline().split()[1:8])
    except OSError:
        return float("nan")
    return (user + nice + system + irq + softirq) / _TICK


@dataclasses.dataclass
class Run:
    seconds: float
    cpu: float  # CPU seconds of the batch's own processes
    others: float  # CPU seconds other processes of the machine used meanwhile


def run(files: list[Path], out: Path, *, workers: int, client: Any = None) -> Run:
    """Time one batch and count its CPU use and that of the rest of the machine."""
    from policytext.batch import run_batch

    t0, c0, m0 = time.perf_counter(), own_cpu(), machine_cpu()
    summary = run_batch(files, out, workers=workers, client=client, progress=False)
    seconds, cpu, machine = time.perf_counter() - t0, own_cpu() - c0, machine_cpu() - m0
    if summary.parsed != len(files) or summary.failed:
        from policytext.batch import read_table

        errors = read_table(out, "errors")
        first = errors[0]["message"] if errors else "?"
        sys.exit(f"benchmark: {summary.failed} of {len(files)} files failed ({first})")
    return Run(seconds, cpu, max(machine - cpu, 0.0))


@dataclasses.dataclass
class Memory:
    files: int
    seconds: float
    traced_peak_mib: float  # peak of Python allocations during the run (tracemalloc)
    rss_start_mib: float  # resident set size when the run starts
    rss_growth_mib: float  # peak RSS during the run minus rss_start


def _rss_bytes() -> int:
    with open("/proc/self/statm", encoding="ascii") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def client_memory(files: list[Path], out: Path, client: Any) -> Memory:
    """Run a Dask batch and measure the memory of this process (the client) meanwhile."""
    import threading
    import tracemalloc

    from policytext.batch import run_batch

    start = _rss_bytes()
    peak = [start]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.01):
            peak[0] = max(peak[0], _rss_bytes())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        summary = run_batch(files, out, client=client, progress=False)
    finally:
        seconds = time.perf_counter() - t0
        _, traced = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        stop.set()
        sampler.join()
    if summary.parsed != len(files):
        sys.exit(f"benchmark: {summary.failed} of {len(files)} files failed")
    mib = 1024 * 1024
    return Memory(len(files), seconds, traced / mib, start / mib, (peak[0] - start) / mib)


def memory_main(n: int, json_path: str | None) -> int:
    """Client memory of the Dask engine at `n` and `4n` files."""
    from distributed import Client, LocalCluster

    print(f"policytext batch, Dask client memory: {n} and {4 * n} files, 2 worker processes")
    results = []
    with (
        tempfile.TemporaryDirectory(prefix="policytext-bench-") as tmp,
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        base = Path(tmp)
        files = make_corpus(base / "in", 4 * n)
        client_memory(files[:4], base / "warm-up", client)  # imports, first connections
        for count in (n, 4 * n):
            results.append(client_memory(files[:count], base / f"out-{count}", client))
    print(f"{'files':>6} {'seconds':>8} {'traced peak':>12} {'RSS start':>10} {'RSS growth':>11}")
    for m in results:
        print(
            f"{m.files:6d} {m.seconds:8.1f} {m.traced_peak_mib:9.1f} MiB "
            f"{m.rss_start_mib:6.1f} MiB {m.rss_growth_mib:7.1f} MiB"
        )
    small, large = results
    print(
        f"4x the files: traced peak x{large.traced_peak_mib / small.traced_peak_mib:.2f}, "
        f"RSS growth {small.rss_growth_mib:.1f} -> {large.rss_growth_mib:.1f} MiB"
    )
    if json_path:
        figures = {"memory": [dataclasses.asdict(m) for m in results]}
        Path(json_path).write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


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
    ap.add_argument(
        "--memory", type=int, metavar="N", help="only measure the Dask client's memory, N vs 4N"
    )
    args = ap.parse_args()
    if args.memory:
        return memory_main(args.memory, args.json)

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"policytext batch benchmark: {args.files} files, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, load average {load:.2f}"
    )
    best: dict[str, Run] = {}
    outs: dict[str, Path] = {}

    def keep(name: str, result: Run, out: Path) -> None:
        if name not in best or result.seconds < best[name].seconds:
            best[name] = result
        outs[name] = out

    with tempfile.TemporaryDirectory(prefix="policytext-bench-") as tmp:
        base = Path(tmp)
        files = make_corpus(base / "in", args.files)
        size = sum(f.stat().st_size for f in files) / 1e6
        print(f"corpus: {size:.1f} MB in {len(files)} files")
        for r in range(args.repeat):
            for name, workers in (("1 worker", 1), ("2 workers", 2)):
                out = base / f"out-{workers}-{r}"
                keep(name, run(files, out, workers=workers), out)
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
                    keep("dask (2 processes)", run(files, out, workers=1, client=client), out)
        reference = tables(outs["1 worker"])
        same = all(tables(out) == reference for out in outs.values())

    # "own CPUs": CPU seconds of the batch's processes per wall second (1 worker: near 1.0;
    # 2 workers: near 2.0). "others' CPUs": what the rest of the machine used meanwhile; well
    # above 0 means other work took cores from the batch, and the speed-up says little.
    one = best["1 worker"].seconds
    print(f"{'engine':<20} {'seconds':>8} {'files/s':>8} {'speed-up':>9} {'own CPUs':>9} "
          f"{'others':>7}")  # fmt: skip
    for name, r in best.items():
        print(
            f"{name:<20} {r.seconds:8.1f} {args.files / r.seconds:8.1f} {one / r.seconds:8.2f}x "
            f"{r.cpu / r.seconds:9.2f} {r.others / r.seconds:7.2f}"
        )
    speedup = one / best["2 workers"].seconds
    verdict = "met" if speedup >= GOAL else "NOT met"
    print(f"2 workers vs 1: {speedup:.2f}x (goal >= {GOAL}x: {verdict})")
    print(f"identical tables across engines: {'yes' if same else 'NO'}")
    if args.json:
        figures = {
            "files": args.files,
            "load_average": load,
            "runs": {name: dataclasses.asdict(r) for name, r in best.items()},
            "speedup_2_vs_1": speedup,
            "identical": same,
        }
        Path(args.json).write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
