"""Examples in tests and in the package's docstrings are written fresh, never copied from a
report of the corpus or from the seed. Some of those reports have gold files that measure the
rules, and the others are where rules are tried out; an example taken from one of them makes
the rules look better on it than they are.

A line fails when it shares a stretch of `WIDTH` characters with a report and that stretch is
distinctive: found in at most `DISTINCT` of the bundled reports. Boilerplate that many reports
repeat (完整准确全面贯彻新发展理念) passes. So do the national formulas of the slogan
lexicon, which are general knowledge rather than examples.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

import pytest

from testdata import CORPUS, ROOT, SEED

WIDTH = 14
DISTINCT = 2

# the files whose text holds examples: golden cases, rule tests, the package's docstrings
CHECKED = sorted(
    [
        *(ROOT / "tests" / "golden").glob("*.json"),
        *(ROOT / "tests" / "rules").glob("*.py"),
        *(ROOT / "src" / "policytext").rglob("*.py"),
    ]
)


@cache
def _reports() -> dict[str, str]:
    texts = {p.stem: p.read_text(encoding="utf-8") for p in (CORPUS / "raw").glob("*.txt")}
    texts[SEED.stem] = SEED.read_text(encoding="utf-8").replace(" ", "")  # (space-segmented)
    return texts


@cache
def _stretches() -> dict[str, int]:
    """Every stretch of `WIDTH` characters of the reports: in how many reports it stands."""
    held: dict[str, int] = {}
    for text in _reports().values():
        for s in {text[i : i + WIDTH] for i in range(len(text) - WIDTH + 1)}:
            held[s] = held.get(s, 0) + 1
    return held


@cache
def _formulas() -> tuple[str, ...]:
    """The forms and expansions of the slogan lexicon's national formulas."""
    lexicon = tomllib.loads((ROOT / "lexicons" / "slogans.toml").read_text(encoding="utf-8"))
    out: list[str] = []
    for entry in lexicon.get("slogan", []):
        out.append(entry.get("text", ""))
        out.extend(entry.get("aliases", []))
        out.append("、".join(entry.get("expansion", [])))
    return tuple(f for f in out if f)


def copied_stretches(line: str) -> list[str]:
    """The distinctive stretches `line` shares with a report."""
    held = _stretches()
    return [
        s
        for s in (line[i : i + WIDTH] for i in range(len(line) - WIDTH + 1))
        if 0 < held.get(s, 0) <= DISTINCT and not any(s in f for f in _formulas())
    ]


def test_the_check_finds_a_copied_sentence_and_passes_a_fresh_one() -> None:
    held = _stretches()
    text = _reports()[SEED.stem]
    # forty characters of the seed that no other report shares
    copied = next(
        text[i : i + 40]
        for i in range(0, len(text) - 40, 40)
        if all(held[text[j : j + WIDTH]] == 1 for j in range(i, i + 40 - WIDTH + 1))
    )
    assert copied_stretches("例如：" + copied)
    assert not copied_stretches("青禾县推进云岭大道二期工程建设，年内建成山前污水处理厂。")
    # boilerplate that many reports repeat passes
    assert not copied_stretches("完整准确全面贯彻新发展理念，扎实推进青禾县乡村振兴。")


@pytest.mark.parametrize("path", CHECKED, ids=lambda p: str(p.relative_to(ROOT)))
def test_examples_are_not_copied_from_reports(path: Path) -> None:
    copied = [
        f"{path.name}:{n}: {line.strip()[:60]}"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if copied_stretches(line)
    ]
    assert not copied, "taken from a report; write the example fresh:\n" + "\n".join(copied)
