"""Scaling of `policytext render`: the HTML view of the corpus x1, x2, x4, and of one long line.

    .venv/bin/python benchmarks/render_scale.py
    .venv/bin/python benchmarks/render_scale.py --times 1 2 4 8 --json out.json

Each input is the shipped corpus (tests/corpus/raw) joined into one report, repeated k times;
it is parsed once, then `to_html` is timed (CPU, best of --repeat runs). A last input is one
line of about 1 MB holding a slogan and a target every 20 characters.

Goal (issue 17): the corpus x4 renders within 5x the time of x1 (it took 90x when each line
scanned every highlight of the document). The exit status is 1 when the goal is missed.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus" / "raw"
GOAL = 5.0
LONG_LINE = "深化“放管服”改革，地区生产总值增长6%。"


def render_seconds(text: str, repeat: int) -> tuple[float, int, int]:
    import policytext
    from policytext.html import to_html

    doc = policytext.parse_text(text)
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        to_html(doc)
        best = min(best, time.process_time() - t0)
    marks = len(doc.targets) + len(doc.outcomes) + sum(len(s.mentions) for s in doc.slogans)
    return best, len(doc.text), marks


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--times", type=int, nargs="+", default=[1, 2, 4], metavar="K")
    ap.add_argument("--repeat", type=int, default=2, help="best of N runs (default 2)")
    ap.add_argument("--json", metavar="OUT", help="also write the figures to OUT as JSON")
    args = ap.parse_args(argv)
    print(
        f"policytext render benchmark: Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        flush=True,
    )
    corpus = "\n".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))
    rows = []
    for k in sorted(args.times):
        seconds, chars, marks = render_seconds(corpus * k, args.repeat)
        rows.append({"input": f"corpus x{k}", "times": k, "seconds": seconds, "chars": chars})
        print(f"corpus x{k}: {chars:,} characters, {marks:,} highlights, {seconds:.2f} s CPU")
    seconds, chars, marks = render_seconds(LONG_LINE * (1_000_000 // 60), args.repeat)
    rows.append({"input": "one 1 MB line", "times": 0, "seconds": seconds, "chars": chars})
    print(f"one line of {chars:,} characters, {marks:,} highlights: {seconds:.2f} s CPU")
    first, last = rows[0], rows[-2]
    ratio = last["seconds"] / max(first["seconds"], 1e-9)
    size = last["times"] / first["times"]
    goal = GOAL * size / 4
    ok = ratio <= goal
    print(
        f"time ratio x{last['times']} / x{first['times']}: {ratio:.2f}x for {size:g}x the text "
        f"(goal <= {goal:g}x): {'ok' if ok else 'MISSED'}"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
