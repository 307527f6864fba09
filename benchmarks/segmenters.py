"""Throughput of parse + tokens with each segmenter, and of the spaCy component.

    .venv/bin/python benchmarks/segmenters.py            # the whole shipped corpus
    .venv/bin/python benchmarks/segmenters.py --quick    # four reports
    .venv/bin/python benchmarks/segmenters.py -o benchmarks/segmenters.md

Measures, on the shipped corpus (tests/corpus/raw and tests/corpus/segmented, the same reports
raw and word-segmented):

* for each segmenter of `Document.tokens` (``original`` on the segmented copies, ``jieba`` and
  ``pkuseg`` on the raw ones): the time to load it (first call, in this process), the
  throughput of `parse()` alone (same input), of `tokens()` alone and of `parse()` +
  `tokens()`, in characters of normalized text per second, the tokens per 1,000 characters,
  and the agreement of the word boundaries with the reports' own segmentation (boundary F1,
  with the slogan and project mentions kept whole as `tokens()` does);
* for spaCy: ``nlp(text)`` with the ``policytext`` component after spaCy's ``char``,
  ``jieba`` and ``pkuseg`` segmenters, and `policytext.to_spacy` on the segmented copies.

Every figure is the median of `--repeat` runs over all the reports, after one warm-up run.
"""

from __future__ import annotations

import argparse
import logging
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
QUICK = ("beijing_2026.txt", "hailaer_2014.txt", "hebei_2026.txt", "zhejiang_2026.txt")


def _median_time(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _boundaries(tokens: Sequence[tuple[str, int, int]]) -> set[int]:
    return {t[1] for t in tokens} | {t[2] for t in tokens}


def _f1(pred: set[int], gold: set[int]) -> float:
    hit = len(pred & gold)
    if not hit:
        return 0.0
    p, r = hit / len(pred), hit / len(gold)
    return 2 * p * r / (p + r)


def run(reports: Sequence[str], repeat: int) -> list[str]:
    import policytext

    raw = [(CORPUS / "raw" / r).read_text(encoding="utf-8") for r in reports]
    seg = [(CORPUS / "segmented" / r).read_text(encoding="utf-8") for r in reports]
    raw_docs = [policytext.parse_text(t) for t in raw]
    seg_docs = [policytext.parse_text(t) for t in seg]
    chars = sum(len(d.text) for d in raw_docs)
    gold = [_boundaries(d.tokens("original")) for d in seg_docs]

    lines = [
        f"Corpus: {len(reports)} reports, {chars:,} characters of normalized text; "
        f"median of {repeat} runs after a warm-up.",
        "",
        "| segmenter | input | load (s) | parse() chars/s | tokens() chars/s "
        "| parse+tokens chars/s | tokens / 1k chars | boundary F1 vs. the reports' segmentation |",
        "|---|---|--:|--:|--:|--:|--:|--:|",
    ]
    parse_s = {
        "segmented": _median_time(lambda: [policytext.parse_text(t) for t in seg], repeat),
        "raw": _median_time(lambda: [policytext.parse_text(t) for t in raw], repeat),
    }
    for name, texts, docs in (
        ("original", seg, seg_docs),
        ("jieba", raw, raw_docs),
        ("pkuseg", raw, raw_docs),
    ):
        kind = "segmented" if name == "original" else "raw"
        t0 = time.perf_counter()
        first = [d.tokens(name) for d in docs]  # loads the segmenter, warms up
        load = time.perf_counter() - t0
        tok_s = _median_time(lambda docs=docs, name=name: [d.tokens(name) for d in docs], repeat)

        def both(texts: list[str] = texts, name: str = name) -> None:
            for t in texts:
                policytext.parse_text(t).tokens(name)

        both_s = _median_time(both, repeat)
        load -= tok_s  # the first call's own segmenting time is not loading
        n_tokens = sum(len(t) for t in first)
        f1 = statistics.mean(_f1(_boundaries(t), g) for t, g in zip(first, gold, strict=True))
        lines.append(
            f"| {name} | {kind} | {max(load, 0):.2f} | {chars / parse_s[kind]:,.0f} "
            f"| {chars / tok_s:,.0f} | {chars / both_s:,.0f} | {1000 * n_tokens / chars:.0f} "
            f"| {f1:.3f} |"
        )

    lines.append("")
    lines += _spacy_rows(raw, seg_docs, chars, repeat)
    return lines


def _spacy_rows(
    raw: Sequence[str], seg_docs: Sequence[object], chars: int, repeat: int
) -> list[str]:
    try:
        import spacy
    except ImportError:
        return ["spaCy is not installed: no spaCy rows."]
    import policytext
    from policytext.integrations.spacy import blank_zh

    lines = [
        "| spaCy pipeline | load (s) | chars/s | tokens / 1k chars |",
        "|---|--:|--:|--:|",
    ]
    for name in ("char", "jieba", "pkuseg"):
        t0 = time.perf_counter()
        nlp = blank_zh(name)
        nlp.add_pipe("policytext")
        docs = [nlp(t) for t in raw]
        load = time.perf_counter() - t0
        secs = _median_time(lambda nlp=nlp: [nlp(t) for t in raw], repeat)
        n = sum(len(d) for d in docs)
        lines.append(
            f"| `blank_zh({name!r})` + policytext | {max(load - secs, 0):.2f} "
            f"| {chars / secs:,.0f} | {1000 * n / chars:.0f} |"
        )
    nlp = spacy.blank("zh")
    secs = _median_time(lambda: [policytext.to_spacy(d, nlp) for d in seg_docs], repeat)  # type: ignore[arg-type]
    n = sum(len(policytext.to_spacy(d, nlp)) for d in seg_docs)  # type: ignore[arg-type]
    lines.append(
        f"| `to_spacy(document, spacy.blank('zh'))`, segmented input, parsed beforehand "
        f"| - | {chars / secs:,.0f} | {1000 * n / chars:.0f} |"
    )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--quick", action="store_true", help=f"only {', '.join(QUICK)}")
    ap.add_argument("--repeat", type=int, default=3, help="runs per figure (default 3)")
    ap.add_argument("-o", "--output", type=Path, help="also write the table to this file")
    args = ap.parse_args(argv)
    try:
        import jieba

        jieba.setLogLevel(logging.WARNING)
    except ImportError:
        pass
    reports = QUICK if args.quick else sorted(p.name for p in (CORPUS / "raw").glob("*.txt"))
    lines = run(reports, max(args.repeat, 1))
    machine = f"{platform.python_implementation()} {platform.python_version()}, "
    machine += f"{platform.machine()}, {platform.system()}"
    text = "\n".join(["# Segmenter benchmarks", "", f"Machine: {machine}.", "", *lines, ""])
    print(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.exit(main())
