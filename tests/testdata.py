"""Paths of the data the tests use: the bundled seed, the shipped corpus and gold files."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "jinzhou_2019_part2.txt"
CORPUS = Path(__file__).resolve().parent / "corpus"
GOLD = Path(__file__).resolve().parent / "gold"
REPORTS = sorted(p.name for p in (CORPUS / "raw").glob("*.txt"))

# Tests that feed adversarial text (1 MB lines, 100 000 quotes, 50 000 digits) fail only past
# this many seconds: the bound catches pathological (quadratic, backtracking) slowdowns, not
# ordinary speed, which the benchmarks measure. Linear code takes about a second on each.
PATHOLOGICAL_SECONDS = 20.0
