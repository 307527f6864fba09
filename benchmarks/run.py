"""policytext's benchmarks: one command, one markdown table.

    .venv/bin/python -m benchmarks            # or: .venv/bin/python benchmarks/run.py
    .venv/bin/python -m benchmarks --quick    # fewer repeats, no 10x runs, no profile

Measures, on the shipped corpus (tests/corpus/<variant>/*.txt):

* throughput of `policytext.parse` in characters per second, side by side in the same run with
  `jieba.lcut` over the same texts (dictionary loaded beforehand) and with one compiled `regex`
  pass over them (the floor of any text scan), and the ratios;
* import time of `import policytext` (fresh interpreters, median) and of the first parse;
* parse latency of one provincial report (median of repeats);
* peak memory while parsing the whole corpus and keeping every Document (fresh interpreter:
  tracemalloc peak and maximum resident set size);
* time at 1x and 10x the corpus: ten copies of it, and each report ten times as long;
* where the time goes: the share of each step of the pipeline, and a cProfile of parsing
  the corpus.

The table is printed and written, with the machine and the profile, to benchmarks/results.md.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import io
import json
import os
import platform
import pstats
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
RESULTS = Path(__file__).resolve().parent / "results.md"
LATENCY_REPORT = "beijing_2026.txt"  # a provincial report of typical length

# Goals, as ratios from the same run.
GOAL_JIEBA_RATIO = 3.0
GOAL_IMPORT_S = 0.2
GOAL_SCALING = 11.0

# One pass of one compiled pattern over the text: Han runs and numbers, so every character of
# the report is visited once.
SCAN_PATTERN = r"\p{Han}+|\d+(?:\.\d+)?%?"

IMPORT_SNIPPET = """
import time
t0 = time.perf_counter()
import policytext
t1 = time.perf_counter()
policytext.parse_text(open({seed!r}, encoding="utf-8").read())
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
"""

MEMORY_SNIPPET = """
import json, resource, sys, tracemalloc
from pathlib import Path
import policytext
texts = [Path(p).read_text(encoding="utf-8") for p in sys.argv[1:]]
tracemalloc.start()
docs = [policytext.parse(t) for t in texts]
current, peak = tracemalloc.get_traced_memory()
tracemalloc.stop()
rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"peak": peak, "kept": current, "rss_kb": rss_kb, "docs": len(docs)}))
"""


_CPU: dict[int, float] = {}  # id of a timed function -> median CPU time of its last timing


def _timed(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of `repeat` calls of `fn` (the median CPU time goes to `_CPU`)."""
    times, cpu = [], []
    for _ in range(repeat):
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    _CPU[id(fn)] = statistics.median(cpu)
    return statistics.median(times)


def _parse_all(texts: Sequence[str]) -> Callable[[], object]:
    import policytext

    return lambda: [policytext.parse(t) for t in texts]


def _jieba_all(texts: Sequence[str]) -> Callable[[], object] | None:
    try:
        import jieba
    except ImportError:
        return None
    jieba.setLogLevel(60)
    jieba.initialize()
    return lambda: [jieba.lcut(t) for t in texts]


def _scan_all(texts: Sequence[str]) -> Callable[[], object]:
    import regex

    pattern = regex.compile(SCAN_PATTERN)
    return lambda: [len(pattern.findall(t)) for t in texts]


def _fresh(snippet: str, *args: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", snippet, *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return out.stdout


def _import_times(repeat: int) -> tuple[float, float]:
    seed = str(ROOT / "seeds" / "jinzhou_2019_part2.txt")
    runs = [_fresh(IMPORT_SNIPPET.format(seed=seed)).split() for _ in range(repeat)]
    return (
        statistics.median(float(r[0]) for r in runs),
        statistics.median(float(r[1]) for r in runs),
    )


def _import_breakdown(top: int = 6) -> list[tuple[str, float]]:
    """Modules with the largest own import time (`python -X importtime`), in seconds."""
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import policytext"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    rows = []
    for line in out.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[0].strip().isdigit():
            rows.append((parts[2].strip(), int(parts[0]) / 1e6))
    return sorted(rows, key=lambda r: -r[1])[:top]


def _memory(paths: Sequence[Path]) -> dict[str, int]:
    data: dict[str, int] = json.loads(_fresh(MEMORY_SNIPPET, *map(str, paths)))
    return data


def _stats_lines(prof: cProfile.Profile, key: str, top: int, only: str = "") -> list[str]:
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf)
    stats.sort_stats(key)
    if only:
        stats.print_stats(only, top)
    else:
        stats.print_stats(top)
    lines = buf.getvalue().splitlines()
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    return [line.replace(str(ROOT) + os.sep, "") for line in lines[start:] if line.strip()]


def _profile(texts: Sequence[str], top: int) -> str:
    """cProfile of parsing `texts`: top functions by own time, and the stages by cumulative."""
    import policytext

    prof = cProfile.Profile()
    prof.enable()
    for t in texts:
        policytext.parse(t)
    prof.disable()
    total = sum(v[2] for v in pstats.Stats(prof).stats.values())  # type: ignore[attr-defined]
    return "\n".join(
        [
            f"total own time {total:.2f} s (with profiling overhead)",
            "",
            "by own time:",
            *_stats_lines(prof, "tottime", top),
            "",
            "policytext functions by cumulative time (the stages):",
            *_stats_lines(prof, "cumulative", 15, only="policytext"),
        ]
    )


def _stages(texts: Sequence[str]) -> list[tuple[str, float]]:
    """Share of parse time spent in each step `policytext.pipeline` calls (its functions and
    the `Document` construction), measured by wrapping them for one pass over `texts`."""
    import inspect

    import policytext
    from policytext import pipeline

    spent: dict[str, float] = {}
    originals: dict[str, Any] = {}

    def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - t0

        return wrapper

    for name, obj in vars(pipeline).items():
        own = getattr(obj, "__module__", "").startswith("policytext")
        step = inspect.isfunction(obj) and name not in ("parse", "parse_text", "_is_path")
        if own and (step or name == "Document"):
            originals[name] = obj
            setattr(pipeline, name, timed(name, obj))
    try:
        t0 = time.perf_counter()
        for t in texts:
            policytext.parse(t)
        total = time.perf_counter() - t0
    finally:
        for name, obj in originals.items():
            setattr(pipeline, name, obj)
    spent["rest of parse"] = total - sum(spent.values())
    return sorted(((k, v / total) for k, v in spent.items()), key=lambda kv: -kv[1])


def _commas(x: float) -> str:
    return f"{x:,.0f}"


def _ok(passed: bool) -> str:
    return "yes" if passed else "**no**"


def run(variant: str, repeat: int, quick: bool, profile: bool) -> tuple[str, str]:
    """Run every measurement; return the markdown table and the profile text."""
    paths = sorted((CORPUS / variant).glob("*.txt"))
    if not paths:
        raise SystemExit(f"no texts in {CORPUS / variant}; run from a checkout of policytext")
    texts = [p.read_text(encoding="utf-8") for p in paths]
    chars = sum(len(t) for t in texts)
    rows: list[tuple[str, str, str, str]] = []

    def row(measure: str, value: str, goal: str = "", ok: str = "") -> None:
        rows.append((measure, value, goal, ok))
        print(f"  {measure}: {value}", file=sys.stderr, flush=True)

    row("corpus", f"{len(texts)} reports ({variant}), {_commas(chars)} characters")
    if hasattr(os, "getloadavg"):
        row("load average of the machine at the start (1 min)", f"{os.getloadavg()[0]:.1f}")

    imp, first = _import_times(repeat=7 if not quick else 3)
    row("`import policytext` (fresh interpreter, median of runs)", f"{imp:.3f} s",
        f"< {GOAL_IMPORT_S} s", _ok(imp < GOAL_IMPORT_S))  # fmt: skip
    breakdown = ", ".join(f"{name} {s * 1000:.0f} ms" for name, s in _import_breakdown())
    row("largest own import times", breakdown)
    row("first parse in a fresh interpreter (seed report, lexicons loaded)", f"{first:.3f} s")

    parse_all = _parse_all(texts)
    parse_all()  # warm: lexicons and compiled patterns are loaded once per process
    t_parse = _timed(parse_all, repeat)
    row("`policytext.parse` throughput", f"{_commas(chars / t_parse)} chars/s ({t_parse:.2f} s)")

    shares = ", ".join(f"{name} {share:.0%}" for name, share in _stages(texts) if share >= 0.005)
    row("share of parse time by step of the pipeline", shares)

    jieba_all = _jieba_all(texts)
    if jieba_all is not None:
        t_jieba = _timed(jieba_all, repeat)
        ratio = t_jieba / t_parse
        row("`jieba.lcut` throughput (dictionary loaded beforehand)",
            f"{_commas(chars / t_jieba)} chars/s ({t_jieba:.2f} s)")  # fmt: skip
        row("parse ÷ jieba.lcut throughput", f"{ratio:.2f}x", f">= {GOAL_JIEBA_RATIO:g}x",
            _ok(ratio >= GOAL_JIEBA_RATIO))  # fmt: skip
        cpu_ratio = _CPU[id(jieba_all)] / _CPU[id(parse_all)]
        row("the same ratio in CPU time (less sensitive to a busy machine)", f"{cpu_ratio:.2f}x")
    else:
        row("`jieba.lcut` throughput", "jieba not installed: pip install 'policytext[jieba]'")

    scan_all = _scan_all(texts)
    t_scan = _timed(scan_all, repeat)
    row(f"one `regex` pass (`{SCAN_PATTERN}`)",
        f"{_commas(chars / t_scan)} chars/s ({t_scan:.3f} s)")  # fmt: skip
    row("parse ÷ regex pass throughput", f"{t_scan / t_parse:.3f}x")

    import policytext

    one = texts[[p.name for p in paths].index(LATENCY_REPORT)]
    latency = _timed(lambda: policytext.parse(one), max(repeat, 10))
    row(f"parse latency, {LATENCY_REPORT.removesuffix('.txt')} ({_commas(len(one))} chars)",
        f"{latency * 1000:.1f} ms (median of {max(repeat, 10)})")  # fmt: skip

    mem = _memory(paths)
    row("peak memory, whole corpus parsed and kept (tracemalloc)",
        f"{mem['peak'] / 2**20:.1f} MiB (kept {mem['kept'] / 2**20:.1f} MiB)")  # fmt: skip
    row("maximum resident set size of that process", f"{mem['rss_kb'] / 1024:.1f} MiB")

    if not quick:
        t10 = _timed(_parse_all(texts * 10), 1)
        r10 = t10 / t_parse
        row("time at 1x the corpus", f"{t_parse:.2f} s")
        row("time at 10x: ten copies of the corpus", f"{t10:.2f} s ({r10:.2f}x)",
            f"<= {GOAL_SCALING:g}x", _ok(r10 <= GOAL_SCALING))  # fmt: skip
        # each long report is ten different reports in a row, so no text repeats within it
        n = len(texts)
        long = ["\n".join(texts[(i + k) % n] for k in range(10)) for i in range(n)]
        t_long = _timed(_parse_all(long), 1)
        r_long = t_long / t_parse
        row("time at 10x: each report ten times as long (ten reports in a row)",
            f"{t_long:.2f} s ({r_long:.2f}x)", f"<= {GOAL_SCALING:g}x",
            _ok(r_long <= GOAL_SCALING))  # fmt: skip

    table = ["| measure | value | goal | met |", "|---|---|---|---|"]
    table += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows]
    prof = _profile(texts, top=25) if profile else ""
    return "\n".join(table), prof


def _machine() -> str:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        ).stdout.strip()
    except OSError:
        commit = ""
    cpu = platform.processor() or platform.machine()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return (
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()} "
        f"({os.cpu_count()} cores, {cpu}, load average {load} at the end); "
        f"commit {commit or 'unknown'}; "
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC"
    )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Throughput, import time, latency, memory and scaling of policytext.",
    )
    ap.add_argument("--variant", default="raw", choices=("raw", "segmented"))
    ap.add_argument("--repeat", type=int, default=3, help="timed repeats (median is kept)")
    ap.add_argument("--quick", action="store_true", help="fewer repeats, no 10x, no profile")
    ap.add_argument("--no-write", action="store_true", help="do not write benchmarks/results.md")
    args = ap.parse_args(argv)
    repeat = 1 if args.quick else max(1, args.repeat)
    table, prof = run(args.variant, repeat, args.quick, profile=not args.quick)
    print(table)
    if prof:
        print("\n" + prof)
    if not args.no_write:
        text = [
            "# policytext benchmarks",
            "",
            f"`.venv/bin/python -m benchmarks` — {_machine()}.",
            "",
            table,
            "",
        ]
        if prof:
            text += [
                "## Where the time goes",
                "",
                "cProfile of `policytext.parse` over the corpus, top functions by own time:",
                "",
                "```",
                prof,
                "```",
                "",
            ]
        RESULTS.write_text("\n".join(text), encoding="utf-8")
        print(f"\nwrote {RESULTS.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
