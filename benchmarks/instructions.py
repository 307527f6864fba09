"""Instruction counts of `policytext.parse` and `jieba.lcut` over the corpus (valgrind).

    .venv/bin/python -m benchmarks.instructions            # parse and jieba.lcut, one pass each
    .venv/bin/python -m benchmarks.instructions --growth   # and each report ten times as long

Times on a shared machine move by a third between runs; the instructions a program executes do
not (the same binary, inputs and environment give the same count, whatever else the machine is
doing). This counts them with valgrind's callgrind for one pass over the corpus
(tests/corpus/<variant>/*.txt), in a fresh interpreter with a fixed hash seed: the count of a
run that makes one pass, less the count of a run that stops before it, so that starting Python,
importing and a first pass over the corpus (what loads once: lexicons, compiled patterns,
dictionaries, each when a report first needs it) are left out, as `python -m benchmarks` leaves
them out of its timings. Each pass starts with the package's memos of parsed text emptied, and
each long report too (they are made of the same reports); the long reports are compared with a
pass whose reports each start with them emptied (`fresh`), as that benchmark does. The
ratio jieba ÷ parse is the throughput ratio that benchmark measures in seconds, without the
noise; instructions are not seconds (a pass of Python code spends more cycles per instruction
than some C does), so the timed ratio stays the figure of record.

valgrind runs a program 50-100 times slower: the default run takes about six minutes,
`--growth` about seven more. The table is printed and written to benchmarks/instructions.md.
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
RESULTS = Path(__file__).resolve().parent / "instructions.md"
GOAL_JIEBA_RATIO = 3.0
GOAL_SCALING = 11.0

# The program valgrind runs: load the texts, warm up (jieba's dictionary; one pass of parse or
# jieba.lcut over the corpus), then make PASSES passes over them.
CHILD = """
import sys
sys.path[:0] = [{src!r}, {root!r}]
from pathlib import Path
mode, passes, variant = sys.argv[1], int(sys.argv[2]), sys.argv[3]
texts = [p.read_text(encoding="utf-8") for p in sorted(Path({corpus!r}, variant).glob("*.txt"))]
warm = texts
if mode == "long":  # each report ten different reports in a row, as `python -m benchmarks` does
    n = len(texts)
    texts = ["\\n".join(texts[(i + k) % n] for k in range(10)) for i in range(n)]
if mode == "jieba":
    import jieba
    jieba.setLogLevel(60)
    jieba.initialize()
    run = jieba.lcut
else:
    import policytext
    from policytext.rules import clear_memos
    run = policytext.parse
for t in warm:  # warm up on the whole corpus, as `python -m benchmarks` does
    run(t)
for _ in range(passes):
    if mode != "jieba":
        clear_memos()
    for t in texts:
        if mode in ("long", "fresh"):
            clear_memos()  # the long reports share their parts: each is read as new
        run(t)
"""

_COLLECTED = re.compile(r"Collected : (\d+)")


def _count(mode: str, passes: int, variant: str, workdir: Path) -> int:
    """Instructions of the child program in `mode` making `passes` passes."""
    script = workdir / "child.py"
    script.write_text(
        CHILD.format(src=str(ROOT / "src"), root=str(ROOT), corpus=str(CORPUS)), encoding="utf-8"
    )
    out = workdir / f"callgrind.{mode}.{passes}"
    proc = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={out}",
            sys.executable,
            str(script),
            mode,
            str(passes),
            variant,
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    m = _COLLECTED.search(proc.stderr)
    if proc.returncode != 0 or m is None:
        raise SystemExit(f"valgrind failed ({mode}, {passes} passes):\n{proc.stderr[-2000:]}")
    return int(m.group(1))


def one_pass(mode: str, variant: str, workdir: Path) -> int:
    """Instructions of one pass over the corpus in `mode` (parse, fresh, jieba or long)."""
    return _count(mode, 1, variant, workdir) - _count(mode, 0, variant, workdir)


def _millions(n: int) -> str:
    return f"{n / 1e6:,.0f} M"


def run(variant: str, growth: bool) -> str:
    """Count, and return the markdown table."""
    paths = sorted((CORPUS / variant).glob("*.txt"))
    if not paths:
        raise SystemExit(f"no texts in {CORPUS / variant}; run from a checkout of policytext")
    chars = sum(len(p.read_text(encoding="utf-8")) for p in paths)
    rows = [
        "| measure | value | goal | met |",
        "|---|---|---|---|",
        f"| corpus | {len(paths)} reports ({variant}), {chars:,} characters |  |  |",
        f"| parsing modules compiled (`policytext._speedups`) | {_compiled()} |  |  |",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        parse = one_pass("parse", variant, work)
        rows.append(
            f"| `policytext.parse`, one pass | {_millions(parse)} ({parse / chars:,.0f} a "
            "character) |  |  |"
        )
        jieba = one_pass("jieba", variant, work)
        rows.append(
            f"| `jieba.lcut`, one pass | {_millions(jieba)} ({jieba / chars:,.0f} a character) "
            "|  |  |"
        )
        ratio = jieba / parse
        met = "yes" if ratio >= GOAL_JIEBA_RATIO else "**no**"
        rows.append(
            f"| jieba.lcut ÷ parse, in instructions | {ratio:.2f}x | >= {GOAL_JIEBA_RATIO:g}x "
            f"| {met} |"
        )
        if growth:
            # Each long report starts with the memos emptied: so does each report of the pass
            # it is compared with, or the memo's hits across reports would enter the ratio.
            fresh = one_pass("fresh", variant, work)
            rows.append(
                f"| `policytext.parse`, one pass, memos emptied before each report | "
                f"{_millions(fresh)} |  |  |"
            )
            long = one_pass("long", variant, work)
            g = long / fresh
            met = "yes" if g <= GOAL_SCALING else "**no**"
            rows.append(
                f"| each report ten times as long (ten reports in a row), memos emptied before "
                f"each | {_millions(long)} ({g:.2f}x; {long / parse:.2f}x the pass above) "
                f"| <= {GOAL_SCALING:g}x | {met} |"
            )
    return "\n".join(rows)


COMPILED_SNIPPET = """
import policytext
from policytext import _speedups
policytext.parse_text("地区生产总值增长6%左右。")
print(len(_speedups.loaded()), "of", len(_speedups.MODULES))
"""


def _compiled() -> str:
    """How many of the parsing modules a fresh interpreter runs compiled (as the counted
    runs do: `POLICYTEXT_PURE=1` in the environment makes it none)."""
    from benchmarks.run import _fresh

    return _fresh(COMPILED_SNIPPET).strip()


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m benchmarks.instructions",
        description="Instruction counts of policytext.parse and jieba.lcut (valgrind).",
    )
    ap.add_argument("--variant", default="raw", choices=("raw", "segmented"))
    ap.add_argument(
        "--growth", action="store_true", help="also count each report ten times as long"
    )
    ap.add_argument(
        "--no-write", action="store_true", help="do not write benchmarks/instructions.md"
    )
    args = ap.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (Debian: apt-get install valgrind)", file=sys.stderr)
        return 2
    table = run(args.variant, args.growth)
    print(table)
    if not args.no_write:
        now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
        RESULTS.write_text(
            "# policytext benchmarks: instructions\n\n"
            f"`.venv/bin/python -m benchmarks.instructions` — Python "
            f"{sys.version.split()[0]}, {now}.\n\n{table}\n",
            encoding="utf-8",
        )
        print(f"\nwrote {RESULTS.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
