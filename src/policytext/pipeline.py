"""The flow from text to `Document`: normalize, structure, recognize, resolve.

Each step is a pure function of its input and the loaded lexicons.
"""

from __future__ import annotations

import gc
import os
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .lexicons import user_lexicons
from .meta import detect_place_year
from .models import Document, Paragraph, Section, Sentences, SourceInfo
from .normalize import normalize
from .reader import decode, read_file
from .sections import build_sections, flatten, paragraphs_of, sentences_of

if TYPE_CHECKING:
    from .rules.context import Context

__all__ = ["context_of", "parse", "parse_text"]


@cache
def _cascade() -> tuple[Callable[..., Any], ...]:
    """The rule stages, imported on the first parse so that `import policytext` stays light."""
    from .rules.outcomes import find_outcomes
    from .rules.projects import find_projects
    from .rules.resolve import resolve
    from .rules.slogans import find_slogans
    from .rules.targets import find_targets

    return find_targets, find_slogans, find_projects, find_outcomes, resolve


LexiconPaths = Sequence[str | os.PathLike[str]]

# The cyclic garbage collector is paused while a document is parsed. Parsing builds tens of
# thousands of objects and no reference cycles (a test proves it on the corpus), so the
# collections it would trigger find nothing to free, and the full ones walk every object the
# process holds, which makes a longer report cost more than its length. Objects are freed by
# their reference counts as before; the collector runs again once the last parse in any thread
# is done, and never if it was off before.
_pause_lock = threading.Lock()
_pausing = 0
_collector_was_on = False


@contextmanager
def _collector_paused() -> Iterator[None]:
    global _pausing, _collector_was_on
    with _pause_lock:
        if _pausing == 0:
            _collector_was_on = gc.isenabled()
            gc.disable()
        _pausing += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pausing -= 1
            if _pausing == 0 and _collector_was_on:
                gc.enable()


_PATH_SUFFIXES = (".txt", ".text", ".csv", ".md", ".html", ".htm", ".json")
# Punctuation of running text, rare in file names: a str holding one is text, not a path.
_TEXT_MARKS = "。，；！？、%"
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def parse_text(
    text: str,
    *,
    lexicons: LexiconPaths = (),
    source: SourceInfo | None = None,
) -> Document:
    """Parse report text (segmented or raw) into a `Document`.

    >>> doc = parse_text("二、2026年工作安排\\n地区生产总值增长6.6%左右。")
    >>> [s.title for s in doc.sections]
    ['2026年工作安排']
    """
    with _collector_paused():
        return _parse_text(text, lexicons=lexicons, source=source)


def _parse_text(text: str, *, lexicons: LexiconPaths, source: SourceInfo | None) -> Document:
    norm = normalize(text)
    sections, preamble_end = build_sections(norm.text)
    paragraphs = paragraphs_of(norm.text, sections)
    sentences = sentences_of(norm.text, paragraphs)
    ctx = _context(norm.text, sections, tuple(paragraphs), sentences, lexicons)
    place, year = detect_place_year(norm.text, preamble_end)
    find_targets, find_slogans, find_projects, find_outcomes, resolve = _cascade()
    targets, slogans, projects, outcomes = resolve(
        find_targets(ctx), find_slogans(ctx), find_projects(ctx), find_outcomes(ctx, year)
    )
    # (each target and outcome carries its canonical indicator's key from its rule: see
    # `indicators.with_keys` and its test)
    info = source or SourceInfo()
    return Document(
        text=norm.text,
        original=text,
        alignment=norm.alignment,
        source=info.model_copy(update={"segmented": norm.segmented}),
        place=place,
        year=year,
        preamble_end=preamble_end,
        sections=sections,
        paragraphs=tuple(paragraphs),
        sentences=sentences,
        targets=tuple(targets),
        slogans=tuple(slogans),
        projects=tuple(projects),
        outcomes=tuple(outcomes),
    )


def context_of(doc: Document, *, lexicons: LexiconPaths = ()) -> Context:
    """The context the rules read for `doc` (its text, sections, paragraphs and sentences),
    to run a rule stage's explanation on a parsed report::

        from policytext.rules.slogans import explain_slogans
        for d in explain_slogans(context_of(doc)):
            print(d.candidate.text, d.rule, d.accepted)

    `lexicons` are the extra lexicon files `doc` was parsed with.
    """
    return _context(doc.text, doc.sections, doc.paragraphs, doc.sentences, lexicons)


def _context(
    text: str,
    sections: Sequence[Section],
    paragraphs: tuple[Paragraph, ...],
    sentences: Sentences,
    lexicons: LexiconPaths,
) -> Context:
    """The context the rule stages read: the text, its sections flattened, its paragraphs and
    sentences, and the user's lexicon files."""
    from .rules.context import Context  # (the rule modules load on the first parse)

    return Context(
        text=text,
        sections=tuple(flatten(sections)),
        paragraphs=paragraphs,
        sentences=sentences,
        user_lexicons=user_lexicons(lexicons),
    )


def parse(
    source: str | os.PathLike[str] | bytes,
    *,
    encoding: str | None = None,
    lexicons: LexiconPaths = (),
) -> Document:
    """Parse a report file (a path) or report text (a `str` holding the text) into a `Document`.

    A `str` is read as a path when it names an existing file; a one-line `str` that looks like
    a path (ends in ``.txt``, ``.csv``..., or holds a slash and neither Chinese characters nor
    sentence punctuation) but names no file raises `InputError`, so a typo is not silently
    parsed as text. `bytes` are decoded like a file's content. `encoding` forces
    an encoding; by default a BOM, UTF-8, then GB18030 are tried.
    """
    if isinstance(source, bytes):
        text, enc = decode(source, encoding=encoding)
        return parse_text(text, lexicons=lexicons, source=SourceInfo(encoding=enc))
    if isinstance(source, str) and not _is_path(source):
        return parse_text(source, lexicons=lexicons)
    path = Path(source)
    text, enc = read_file(path, encoding=encoding)
    return parse_text(text, lexicons=lexicons, source=SourceInfo(path=str(path), encoding=enc))


def _is_path(s: str) -> bool:
    if "\n" in s or len(s) > 1024:
        return False
    if os.path.exists(s):
        return True
    if s.lower().endswith(_PATH_SUFFIXES):
        return True
    # A slash makes a path unless the string reads as text: it holds the punctuation of running
    # text (人均GDP达到1万美元/人，增长6%) or Chinese characters (城镇/农村居民人均消费支出增长6).
    return os.sep in s and not any(mark in s for mark in _TEXT_MARKS) and not _CJK.search(s)
