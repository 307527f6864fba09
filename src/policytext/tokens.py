"""Tokens of a `Document`, each with its span in `Document.text`.

Three segmenters:

* ``"original"``: the words of a word-segmented report as written (the pieces of
  `Document.original` between blanks), mapped through the alignment onto `Document.text`;
  the default for segmented input (`Document.source.segmented`).
* ``"jieba"``: jieba's precise mode (with its HMM for unknown words); the default for raw text.
* ``"pkuseg"``: pkuseg with the ``default`` model shipped inside the `pkuseg` package.

jieba and pkuseg are imported on first use only, and each segmenter is built once per process.
Both segment `Document.text` (the normalized text). They get the bundled slogan formulas as
user words (jieba also the project heads, see `user_words`), and the slogans and projects that
the document itself holds are kept as one token each (the text is cut around their mentions
before segmenting), so ``华为云计算中心`` or ``放管服`` always come out whole. Extraction never
depends on the segmenter: it runs on the normalized text before any token exists.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from .errors import PolicyTextError

if TYPE_CHECKING:
    from .models import Document

__all__ = [
    "SEGMENTERS",
    "SegmenterError",
    "Token",
    "segment",
    "tokenize",
    "user_words",
]

SEGMENTERS = ("original", "jieba", "pkuseg")

# A word of a segmented text: a run without blanks (the blanks `normalize` removes).
_WORD = re.compile(r"[^\s\u200b\ufeff]+")
# A user word: CJK characters, Latin letters and digits only (segmenters split on the rest).
_USER_WORD = re.compile(r"[\u3400-\u9fff\uf900-\ufaffA-Za-z0-9]{2,40}")
_OPEN_QUOTES = "“‘「『\"'"
_CLOSE_QUOTES = "”’」』\"'"


class SegmenterError(PolicyTextError, ValueError):
    """An unknown segmenter name was asked for."""

    code = "PT009"


class Token(NamedTuple):
    """One token: `text == document.text[start:end]`."""

    text: str
    start: int
    end: int


Cutter = Callable[[str], Iterable[tuple[str, int, int]]]


def tokenize(
    document: Document,
    segmenter: str | None = None,
    *,
    keep_spans: bool = True,
) -> list[Token]:
    """The tokens of `document`, in text order, blanks and line breaks left out.

    `segmenter` is ``"original"``, ``"jieba"`` or ``"pkuseg"``; by default ``"original"`` for
    segmented input and ``"jieba"`` for raw input. With `keep_spans` (the default) every
    mention of the document's slogans and projects is one token (jieba and pkuseg only).
    Raises `SegmenterError` for another name, and `ImportError` naming the extra to install
    when jieba or pkuseg is missing.
    """
    name = _check(segmenter, document.source.segmented)
    if name == "original":
        return original_tokens(document)
    keep = _mention_spans(document) if keep_spans else []
    return segment(document.text, name, keep=keep)


def segment(
    text: str,
    segmenter: str = "jieba",
    *,
    keep: Iterable[tuple[int, int]] = (),
) -> list[Token]:
    """Segment any `text` with ``"jieba"``, ``"pkuseg"`` or ``"original"`` (split on blanks).

    The spans in `keep` (non-overlapping `(start, end)` offsets into `text`) come out as one
    token each; the text between them is segmented piece by piece.
    """
    name = _check(segmenter, False)
    if name == "original":
        return [Token(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
    cut = _jieba_cutter() if name == "jieba" else _pkuseg_cutter()
    out: list[Token] = []
    pos = 0
    for start, end in _non_overlapping(keep):
        if start < pos or end > len(text):
            continue
        out.extend(_cut_piece(cut, text, pos, start))
        out.append(Token(text[start:end], start, end))
        pos = end
    out.extend(_cut_piece(cut, text, pos, len(text)))
    return out


def original_tokens(document: Document) -> list[Token]:
    """The blank-separated words of `document.original`, mapped onto `document.text`."""
    text = document.text
    align = document.alignment or ((0, 0),)
    norms = [n for n, _ in align]
    origs = [o for _, o in align]
    out: list[Token] = []
    for m in _WORD.finditer(document.original):
        a, b = m.span()
        i = bisect.bisect_right(origs, a) - 1
        if i < 0:
            continue
        start = norms[i] + (a - origs[i])
        run_end = norms[i + 1] if i + 1 < len(norms) else len(text)
        end = start + (b - a)
        if end > run_end:
            # A word over a run boundary cannot come from `normalize`; map it piecewise.
            out.extend(_map_piecewise(document, a, b))
            continue
        out.append(Token(text[start:end], start, end))
    return out


def _map_piecewise(document: Document, a: int, b: int) -> Iterator[Token]:
    text = document.text
    orig_to_norm = {document.original_offset(i): i for i in range(len(text))}
    start = orig_to_norm.get(a)
    last = orig_to_norm.get(b - 1)
    if start is not None and last is not None and last >= start:
        yield Token(text[start : last + 1], start, last + 1)


def user_words(segmenter: str = "jieba") -> tuple[str, ...]:
    """The user words fed to `segmenter`.

    jieba gets the bundled slogan formulas (the text and aliases of each formula that counts
    as a bare mention, ``lexicons/slogans.toml``) and the facility heads of
    ``lexicons/projects.toml``; jieba weighs user words against its dictionary in context.
    pkuseg gets the formulas only: it cuts every user word out by longest match whatever the
    context, so a short head such as ``国道`` would split ``全国道德``. A lexicon file that is
    missing or unreadable contributes nothing.
    """
    return _user_words(_check(segmenter, False) == "jieba")


@cache
def _user_words(with_heads: bool) -> tuple[str, ...]:
    words: dict[str, None] = {}
    heads = _project_words() if with_heads else iter(())
    for w in (*_slogan_words(), *heads):
        if _USER_WORD.fullmatch(w):
            words[w] = None
    return tuple(words)


def _bundled(name: str) -> dict[str, Any]:
    from .lexicons import load_bundled

    try:
        return load_bundled(name)
    except PolicyTextError:
        return {}


def _slogan_words() -> Iterator[str]:
    for entry in _as_list(_bundled("slogans.toml").get("slogan")):
        if not isinstance(entry, dict):
            continue
        forms = [entry.get("text"), *_as_list(entry.get("aliases"))]
        bare = entry.get("unquoted")
        for form in forms:
            if not isinstance(form, str):
                continue
            # same default as the slogan rules: a bare form of 3+ characters is a mention
            if bare is True or (bare is None and len(form) >= 3):
                yield form


def _project_words() -> Iterator[str]:
    for group in _as_list(_bundled("projects.toml").get("head")):
        if isinstance(group, dict):
            yield from (w for w in _as_list(group.get("words")) if isinstance(w, str))


def _as_list(value: object) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _check(segmenter: str | None, segmented: bool) -> str:
    if segmenter is None:
        return "original" if segmented else "jieba"
    if segmenter not in SEGMENTERS:
        raise SegmenterError(
            f"unknown segmenter {segmenter!r}; use one of {', '.join(map(repr, SEGMENTERS))}"
        )
    return segmenter


def _mention_spans(document: Document) -> list[tuple[int, int]]:
    """The mentions of the document's slogans and projects, without surrounding quotes."""
    spans: list[tuple[int, int]] = []
    text = document.text
    places: list[tuple[int, int]] = []
    for group in (document.slogans, document.projects):
        for item in group:
            places += [(m.start, m.end) for m in item.mentions] or [(item.start, item.end)]
    for start, end in places:
        while start < end and text[start] in _OPEN_QUOTES:
            start += 1
        while end > start and text[end - 1] in _CLOSE_QUOTES:
            end -= 1
        if start < end and not any(c.isspace() for c in text[start:end]):
            spans.append((start, end))
    return spans


def _non_overlapping(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest first among overlapping spans, then earliest; returned in text order."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(set(spans), key=lambda s: (s[0] - s[1], s[0])):
        if start < end and all(end <= a or start >= b for a, b in kept):
            kept.append((start, end))
    return sorted(kept)


def _cut_piece(cut: Cutter, text: str, start: int, end: int) -> Iterator[Token]:
    if start >= end:
        return
    piece = text[start:end]
    for word, a, b in cut(piece):
        if not word.isspace():
            yield Token(word, start + a, start + b)


# --------------------------------------------------------------------------------------------
# Segmenter backends, each built once per process
# --------------------------------------------------------------------------------------------


def _require(module: str) -> Any:
    """Import an optional segmenter package, or say which extra brings it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        how = {
            "jieba": "pip install 'policytext[jieba]'",
            "pkuseg": "pip install numpy cython, then "
            "pip install --no-build-isolation 'policytext[pkuseg]'",
        }[module]
        raise ImportError(f"the {module} segmenter needs {module}: {how}") from None


@cache
def _jieba_cutter() -> Cutter:
    jieba = _require("jieba")
    tok = jieba.Tokenizer()
    for word in user_words("jieba"):
        tok.add_word(word)

    def cut(piece: str) -> Iterator[tuple[str, int, int]]:
        for word, a, b in tok.tokenize(piece):
            yield str(word), int(a), int(b)

    return cut


def pkuseg_model_dir() -> str:
    """The folder of the ``default`` model shipped inside the installed `pkuseg` package."""
    import os

    pkuseg = _require("pkuseg")
    return os.path.join(os.path.dirname(os.path.realpath(pkuseg.__file__)), "models", "default")


@cache
def _pkuseg_cutter() -> Cutter:
    model = pkuseg_model_dir()
    seg = _require("pkuseg").pkuseg(model_name=model, user_dict=list(user_words("pkuseg")))

    def cut(piece: str) -> Iterator[tuple[str, int, int]]:
        pos = 0
        for word in seg.cut(piece):
            # pkuseg drops blanks and keeps every other character, in order
            while piece[pos].isspace():
                pos += 1
            if not piece.startswith(word, pos):
                raise PolicyTextError(f"pkuseg returned {word!r} where the text has {piece!r}")
            yield word, pos, pos + len(word)
            pos += len(word)

    return cut
