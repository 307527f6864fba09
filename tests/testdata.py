"""Paths of the data the tests use: the bundled seed, the shipped corpus and gold files."""

from __future__ import annotations

from pathlib import Path

from policytext.models import Document
from policytext.normalize import Normalized, fold_width

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "jinzhou_2019_part2.txt"
CORPUS = Path(__file__).resolve().parent / "corpus"
GOLD = Path(__file__).resolve().parent / "gold"
# The report whose raw and segmented copies the segmenter and spaCy tests compare.
PAIR_REPORT = "hebei_2026.txt"
REPORTS = sorted(p.name for p in (CORPUS / "raw").glob("*.txt"))

# Tests that feed adversarial text (1 MB lines, 100 000 quotes, 50 000 digits) fail only past
# this many seconds: the bound catches pathological (quadratic, backtracking) slowdowns, not
# ordinary speed, which the benchmarks measure. Linear code takes about a second on each.
PATHOLOGICAL_SECONDS = 20.0


def sections_tile_the_text(doc: Document) -> bool:
    """The preamble and each section's own text (outside its children) tile `doc.text` exactly:
    every character lies in exactly one innermost section or the preamble."""
    parts = [(0, doc.preamble_end)]
    for s in doc.iter_sections():
        at = s.start
        for c in s.children:
            parts.append((at, c.start))
            at = c.end
        parts.append((at, s.end))
    at = 0
    for a, b in sorted(p for p in parts if p[0] < p[1]):
        if a != at:
            return False
        at = b
    return at == len(doc.text)


def assert_spans_slice_back(doc: Document) -> None:
    """Every extracted span and mention slices back to its text; sentences are in order."""
    for t in doc.targets:
        assert doc.text[t.start : t.end] == t.text
    for o in doc.outcomes:
        assert doc.text[o.start : o.end] == o.text
    for s in doc.slogans:
        for m in s.mentions:
            assert doc.text[m.start : m.end] == m.text
    for p in doc.projects:
        assert doc.text[p.start : p.end] == p.text
        for m in p.mentions:
            assert doc.text[m.start : m.end] == m.text
    prev = 0
    for sent in doc.sentences:
        assert prev <= sent.start < sent.end <= len(doc.text)
        prev = sent.end


def assert_char_comes_from(original: str, norm: Normalized, i: int) -> int:
    """Normalized character `i` maps onto the original character it came from; its offset."""
    o = norm.original_offset(i)
    ch, src = norm.text[i], original[o]
    if ch == "\n":
        assert src in "\r\n"
    elif ch == " ":
        assert src.isspace()
    else:
        assert fold_width(src) == ch
    return o
