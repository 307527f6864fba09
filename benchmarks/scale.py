"""Scaling to very large input: one 5 MB and one 50 MB report, parsed in fresh interpreters.

    .venv/bin/python benchmarks/scale.py              # 5 MB and 50 MB
    .venv/bin/python benchmarks/scale.py --sizes 1 10 # other sizes, in MB (the first is the base)
    .venv/bin/python benchmarks/scale.py --json out.json
    .venv/bin/python benchmarks/scale.py --variant segmented   # the word-segmented copies

Each input is the shipped corpus (tests/corpus/raw, or tests/corpus/segmented with
``--variant segmented``, whose alignment has a breakpoint at every removed blank) concatenated
over and over into one text of the given size in UTF-8, so it has the density of real reports:
headings, targets, slogans and projects throughout. Each size is parsed by
`policytext.parse(path)` in a fresh interpreter after a warm-up parse (lexicons loaded), and the
script reports:

* the CPU time of `parse` (and its wall time) and the throughput; the goal compares CPU times,
  which other processes on the machine do not inflate;
* the growth of the maximum resident set size during `parse`, as a multiple of the input size;
* the time ratio of the largest to the smallest size against the size ratio.

Goals (issues 7 and 17): time linear in size, 50 MB within 11x the time of 5 MB; memory within
20x the input, for raw and for segmented text. The exit status is 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus" / "raw"
MB = 1_000_000

GOAL_TIME_SLACK = 1.1  # the largest size may take 1.1x its share: 10x the size, 11x the time
GOAL_MEMORY = 20.0  # peak memory growth within 20x the input size

CHILD = """
import json, resource, sys, time
from pathlib import Path
import policytext

path = Path(sys.argv[1])
policytext.parse_text(Path(sys.argv[2]).read_text(encoding="utf-8"))  # warm-up: lexicons


def rss() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize()


before = rss()
t0, c0 = time.perf_counter(), time.process_time()
doc = policytext.parse(path)
seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({
    "seconds": seconds,
    "cpu_seconds": cpu,
    "rss_before": before,
    "peak_rss": peak,
    "chars": len(doc.text),
    "sections": len(doc.iter_sections()),
    "sentences": len(doc.sentences),
    "targets": len(doc.targets),
    "slogans": len(doc.slogans),
    "mentions": sum(len(s.mentions) for s in doc.slogans),
    "projects": len(doc.projects),
}))
"""


def build_input(size: int, path: Path, corpus: Path = CORPUS) -> int:
    """Write one report of about `size` bytes (UTF-8) made of the corpus; return its size."""
    reports = [p.read_bytes().rstrip(b"\n") + b"\n" for p in sorted(corpus.glob("*.txt"))]
    out = bytearray()
    i = 0
    while len(out) < size:
        out += reports[i % len(reports)]
        i += 1
    cut = out.rfind(b"\n", 0, size) + 1  # end on a whole line
    path.write_bytes(out[: cut or size])
    return path.stat().st_size


def measure(path: Path) -> dict[str, float]:
    """Parse `path` in a fresh interpreter; return its figures."""
    warm = sorted(CORPUS.glob("*.txt"))[0]
    res = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(warm)],
        capture_output=True,
        text=True,
        check=False,
    )
    if res.returncode != 0:
        raise SystemExit(f"parsing {path} failed:\n{res.stderr}")
    figures: dict[str, float] = json.loads(res.stdout)
    return figures


def run(sizes_mb: list[float], corpus: Path = CORPUS) -> tuple[list[dict[str, float]], bool]:
    rows: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="policytext-scale-") as tmp:
        for mb in sizes_mb:
            path = Path(tmp) / f"report_{mb:g}mb.txt"
            size = build_input(int(mb * MB), path, corpus)
            fig = measure(path)
            path.unlink()
            fig["mb"] = mb
            fig["bytes"] = size
            fig["mb_per_s"] = size / MB / fig["cpu_seconds"]
            fig["memory_x"] = (fig["peak_rss"] - fig["rss_before"]) / size
            rows.append(fig)
            print(
                f"{mb:>6g} MB  {fig['cpu_seconds']:7.1f} s CPU ({fig['seconds']:.1f} s wall)  "
                f"{fig['mb_per_s']:5.2f} MB/s  "
                f"memory {fig['memory_x']:5.1f}x input  "
                f"({int(fig['chars']):,} chars, {int(fig['sections']):,} sections, "
                f"{int(fig['targets']):,} targets, {int(fig['mentions']):,} slogan mentions, "
                f"{int(fig['projects']):,} projects)",
                flush=True,
            )
    base, top = rows[0], rows[-1]
    size_ratio = top["bytes"] / base["bytes"]
    time_ratio = top["cpu_seconds"] / base["cpu_seconds"]
    time_ok = time_ratio <= size_ratio * GOAL_TIME_SLACK
    memory_ok = all(r["memory_x"] <= GOAL_MEMORY for r in rows)
    print(
        f"CPU time ratio {top['mb']:g} MB / {base['mb']:g} MB: {time_ratio:.2f}x for "
        f"{size_ratio:.2f}x the size (goal <= {size_ratio * GOAL_TIME_SLACK:.1f}x): "
        f"{'ok' if time_ok else 'MISSED'}"
    )
    worst = max(r["memory_x"] for r in rows)
    print(
        f"peak memory growth: {worst:.1f}x the input at most (goal <= {GOAL_MEMORY:g}x): "
        f"{'ok' if memory_ok else 'MISSED'}"
    )
    return rows, time_ok and memory_ok


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", type=float, nargs="+", default=[5, 50], metavar="MB")
    ap.add_argument("--json", metavar="OUT", help="also write the figures to OUT as JSON")
    ap.add_argument("--variant", choices=("raw", "segmented"), default="raw")
    args = ap.parse_args(argv)
    if not sys.platform.startswith("linux"):
        print("benchmarks/scale.py reads /proc for memory; run it on Linux", file=sys.stderr)
        return 2
    print(
        f"policytext scale benchmark: Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        flush=True,
    )
    rows, ok = run(sorted(args.sizes), CORPUS.parent / args.variant)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
