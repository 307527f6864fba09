"""Finding and loading lexicon files: the bundled ones of `lexicons/` (shipped inside the
package) and the user's (``parse(..., lexicons=[...])``, ``--lexicon``).

A lexicon file is UTF-8 TOML. Whatever is wrong with one (missing, a folder, unreadable, in
another encoding, not text at all, not TOML, nested absurdly deep, an empty word in a list)
raises `LexiconError` naming the file and the problem.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import sys
import threading
import tomllib
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from .errors import LexiconError
from .signatures import BINARY_SIGNATURES

__all__ = [
    "Words",
    "dictionary_words",
    "lexicon_dir",
    "lexicon_path",
    "load_bundled",
    "load_toml",
    "user_lexicons",
]

# Deeper nesting of arrays and tables than any lexicon needs: a sign of a broken or hostile file.
MAX_DEPTH = 16


@cache
def lexicon_dir() -> Path:
    """The folder holding the bundled lexicons (inside the wheel, or the source checkout)."""
    here = Path(__file__).resolve().parent
    for cand in (here / "lexicons", here.parents[1] / "lexicons"):
        if cand.is_dir():
            return cand
    raise LexiconError(f"bundled lexicons not found next to {here}; reinstall policytext")


def lexicon_path(name: str) -> Path:
    """Path of the bundled lexicon file `name` (e.g. ``"units.toml"``)."""
    return lexicon_dir() / name


def _read_bytes(p: Path) -> bytes:
    try:
        return p.read_bytes()
    except FileNotFoundError:
        raise LexiconError(f"lexicon file not found: {p}") from None
    except IsADirectoryError:
        raise LexiconError(f"{p}: is a folder, not a lexicon file; pass the .toml file") from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise LexiconError(f"{p}: lexicon file cannot be read ({reason})") from None


def _text(p: Path, data: bytes) -> str:
    """The UTF-8 text of a lexicon file (a UTF-8 byte-order mark is allowed)."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if b"\x00" not in data:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            first_bad = exc.start
    else:
        first_bad = data.index(b"\x00")
    for magic, what in BINARY_SIGNATURES:
        if data.startswith(magic):
            raise LexiconError(f"{p}: is {what}, not a TOML lexicon file")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _utf16_like(data):
        raise LexiconError(
            f"{p}: is UTF-16 (or UTF-32) text; lexicon files must be UTF-8: save it again as UTF-8"
        )
    if b"\x00" in data:
        raise LexiconError(f"{p}: holds NUL bytes: it is binary, not a TOML lexicon file")
    try:
        data.decode("gb18030")
        guess = " (it reads as GBK/GB18030)"
    except UnicodeDecodeError:
        guess = ""
    raise LexiconError(
        f"{p}: is not UTF-8{guess}, invalid at byte {first_bad}; lexicon files must be UTF-8: "
        "save it again as UTF-8 (e.g. iconv -f gbk -t utf-8)"
    )


def _utf16_like(data: bytes) -> bool:
    """NUL bytes on one side of most byte pairs: UTF-16 text of mostly ASCII (TOML keys)."""
    head = data[:4096]
    return max(head[0::2].count(0), head[1::2].count(0)) * 4 >= len(head) > 0


def _check_values(p: Path, value: Any, where: str, depth: int) -> None:
    """Refuse nesting deeper than `MAX_DEPTH` and empty strings in lists (an empty word)."""
    if depth > MAX_DEPTH:
        raise LexiconError(
            f"{p}: nests arrays or tables more than {MAX_DEPTH} levels deep (at {where or 'top'})"
        )
    if isinstance(value, dict):
        for key, item in value.items():
            _check_values(p, item, f"{where}.{key}" if where else str(key), depth + 1)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, str) and not item.strip():
                raise LexiconError(f"{p}: {where}[{i}] is an empty string; remove it from the list")
            _check_values(p, item, f"{where}[{i}]", depth + 1)


def load_toml(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a TOML lexicon file; any problem is a `LexiconError` naming the file."""
    p = Path(path)
    text = _text(p, _read_bytes(p))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"{p}: not valid TOML: {exc}") from None
    except RecursionError:
        raise LexiconError(
            f"{p}: nests arrays or tables more than {MAX_DEPTH} levels deep"
        ) from None
    _check_values(p, data, "", 0)
    return data


@cache
def load_bundled(name: str) -> dict[str, Any]:
    """A bundled TOML lexicon, parsed once per process."""
    return load_toml(lexicon_path(name))


# A set of words to look words up in (`word in words`; `.keys()` for set algebra): a dict of the
# words to None, typed as a read-only `Mapping`. The garbage collector does not track a dict
# that holds only strings, while it tracks every frozenset and walks its members at each full
# collection: the general dictionary's quarter of a million words, held as frozensets, cost the
# caller's process some 20-30 ms per full collection. (A `MappingProxyType` would guard it at
# run time too, but cannot be pickled, which Dask needs of anything a task captures.)
Words = Mapping[str, None]


def word_set(words: Iterable[str]) -> Words:
    """`words` as a `Words` set (see above), in their first order."""
    return dict.fromkeys(words)


# The content fingerprint of each user lexicon file as last read, by resolved path.
_SEEN: dict[str, str] = {}
_SEEN_LOCK = threading.Lock()


def dictionary_words() -> dict[str, Words]:
    """The sections of `lexicons/words.txt` (a general dictionary's words, derived from jieba's
    by `lexicons/derive_words.py`): ``common``, ``name``, ``proper``, ``proper_rare``, read once;
    each a `Words` set (`"发展" in dictionary_words()["common"]`; `.keys()` for set algebra).
    """
    return word_sections("words.txt")


@cache
def word_sections(name: str) -> dict[str, Words]:
    """The sections of the bundled word list `name` (a header of ``#`` lines, then ``@section``
    lines, each followed by its words), read once."""
    path = lexicon_path(name)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LexiconError(f"lexicon file not found: {path}; reinstall policytext") from None
    sections: dict[str, Words] = {}
    for chunk in text.split("\n@")[1:]:  # the header is the run of # lines before the first @
        name, _, words = chunk.partition("\n")
        sections[name] = word_set(words.split())
    return sections


def user_lexicons(paths: Iterable[str | os.PathLike[str]]) -> tuple[Path, ...]:
    """The user lexicon files `paths`, checked readable (else `LexiconError`).

    The rules compile each list of lexicon paths once per process. When the content of one of
    these files differs from when it was last read here (edited between two `parse` calls),
    the rules' caches are emptied, so that the new content is read: the cache follows the
    content, not only the path.
    """
    out = tuple(Path(p) for p in paths)
    changed = False
    for p in out:
        fingerprint = hashlib.sha256(_read_bytes(p)).hexdigest()
        key = os.path.realpath(p)
        with _SEEN_LOCK:
            before = _SEEN.get(key)
            _SEEN[key] = fingerprint
        changed |= before is not None and before != fingerprint
    if changed:
        _clear_rule_caches()
    return out


def _clear_rule_caches() -> None:
    """Empty every cache of the rule modules loaded so far (they hold compiled lexicons)."""
    for name, module in list(sys.modules.items()):
        if module is None or not name.startswith("policytext.rules."):
            continue
        for value in list(vars(module).values()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear) and getattr(value, "__module__", None) == name:
                clear()
