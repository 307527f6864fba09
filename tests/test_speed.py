"""A floor under the speed of `parse`, as a ratio to `jieba.lcut` measured in the same run.

CI machines differ in speed, so no absolute time can be a floor; tokenizing the same texts with
jieba in the same process, round for round, gives a yardstick that slows down with the machine.
`benchmarks/` measures the whole corpus and the goal (3x); this test only guards against a
regression, cheaply (a third of the corpus, about three seconds).

How the floor was set (this test's measure: one report in three, memos emptied before each
round, best of three rounds; 2 cores): 1.29-1.30x before the stages of numbers, targets,
outcomes, normalize and sections were made faster, 1.37-1.39x after; 1.86-1.90x once the
project and slogan stages were made faster too (single rounds down to 1.55x on an idle machine;
jieba suffers more from a shared machine than parse does, so load raises the ratio); 2.11-2.15x
after a second pass over every stage and the dictionary's words held where the garbage
collector does not walk them (the code before that pass: 1.77x in a rerun on a busier machine,
1.86-1.90x before; the ratio moves by about 0.1 with the load); 2.22-2.48x after a third pass
(the code before it, back to back: 2.14-2.23x); 2.79-2.92x after a fourth pass (prefilters of
the project stage derived from its lexicon, drafts of targets validated once, cheaper keys);
3.12-4.12x with the parsing modules compiled (`policytext._speedups`; 2.72-2.99x from source, in
the same runs on a machine busy with another job). `FLOOR` is 2.4x, a quarter under the
compiled best-of-three figure: noise on a 2-core machine stays above it, a parse a third slower
than today falls under it (a build that silently lost its compiled modules would not: CI fails
that one with POLICYTEXT_REQUIRE_SPEEDUPS, see test_speedups.py). When it falls short, more rounds
are measured (the best of each kind counts) before the test fails. Raise the floor when parse
gets faster.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

import policytext
from policytext.rules import bounded_caches, clear_memos
from testdata import CORPUS

FLOOR = 2.4
ROUNDS = 3  # rounds measured at first; up to MAX_ROUNDS while the ratio is under the floor
MAX_ROUNDS = 6
# One report in three of the corpus: about 140,000 characters.
TEXTS = [p.read_text(encoding="utf-8") for p in sorted((CORPUS / "raw").glob("*.txt"))[::3]]


def clear_content_caches() -> None:
    """Empty the package's memos, so that each round reads the texts as new reports (the same
    texts again would find their clauses memoized: a third of the corpus fits in the caches,
    and its parse then looks nearly twice as fast)."""
    clear_memos()


def _cpu_time(fn: Callable[[str], object], texts: Sequence[str]) -> float:
    t0 = time.process_time()
    for t in texts:
        fn(t)
    return time.process_time() - t0


def test_parse_keeps_its_lead_over_jieba() -> None:
    jieba = pytest.importorskip("jieba", reason="the yardstick needs jieba (policytext[jieba])")
    assert sum(map(len, TEXTS)) > 100_000
    jieba.setLogLevel(60)
    jieba.initialize()
    for t in TEXTS:
        policytext.parse(t)  # lexicons and patterns load once per process
    best_parse = best_jieba = float("inf")
    rounds = 0
    while rounds < ROUNDS or (best_jieba / best_parse < FLOOR and rounds < MAX_ROUNDS):
        clear_content_caches()
        best_parse = min(best_parse, _cpu_time(policytext.parse, TEXTS))
        best_jieba = min(best_jieba, _cpu_time(jieba.lcut, TEXTS))
        rounds += 1
    ratio = best_jieba / best_parse
    chars = sum(map(len, TEXTS))
    assert ratio >= FLOOR, (
        f"parse reads {chars / best_parse:,.0f} chars/s, jieba.lcut {chars / best_jieba:,.0f}: "
        f"{ratio:.2f}x, under the floor of {FLOOR}x (best of {rounds} rounds); profile with "
        "`python -m benchmarks` to find the stage that slowed down"
    )


def test_cache_clearing_empties_the_memos() -> None:
    """The floor is only honest if the memoized results are dropped between rounds."""
    from policytext.rules.projects import _ENDINGS

    policytext.parse(TEXTS[0])
    caches = bounded_caches()
    assert any(c.cache_info().currsize for c in caches)
    assert any(e.remembered() for e in _ENDINGS)
    clear_content_caches()
    assert all(c.cache_info().currsize == 0 for c in caches)
    assert all(e.remembered() == 0 for e in _ENDINGS)


def test_cache_clearing_forgets_compiled_patterns() -> None:
    """A report's own patterns (a finder of its names) are compiled again for it after the
    memos are emptied, as for a report never seen."""
    import re

    source = "[甲乙丙](?=[丁戊])"
    assert re.compile(source) is re.compile(source)  # (the compile cache holds it)
    kept = re.compile(source)
    clear_content_caches()
    assert re.compile(source) is not kept


@pytest.mark.parametrize(("mode", "passes"), [("parse", "1"), ("jieba", "0")])
def test_the_program_the_instruction_count_runs_works(
    mode: str, passes: str, tmp_path: Path
) -> None:
    """`benchmarks.instructions` runs its program under valgrind (minutes: not here); the
    program itself, run by Python, loads the corpus, warms up and makes its pass, or says why."""
    import importlib.util
    import subprocess
    import sys

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "instructions.py"
    spec = importlib.util.spec_from_file_location("_instructions", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if mode == "jieba":
        pytest.importorskip("jieba")
    script = tmp_path / "child.py"
    root = module.ROOT
    script.write_text(
        module.CHILD.format(src=str(root / "src"), root=str(root), corpus=str(module.CORPUS)),
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, str(script), mode, passes, "raw"], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
