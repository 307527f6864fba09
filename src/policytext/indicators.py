"""Canonical indicators: one key (`gdp`, `cpi`, `urban_new_jobs`...) for the many names a report
gives one statistical indicator, from ``lexicons/indicators.toml``.

A name is matched whole, never as a substring: the extracted indicator loses the words that do
not change what it measures (the place as a whole in front, 全省地区生产总值; how the figure
moves after it, 地区生产总值年均增速), and what is left must be a name of the lexicon. A
qualifier in front makes another indicator, so ``海洋生产总值``, ``人均地区生产总值`` and
``单位地区生产总值能耗`` are not ``gdp``.

>>> indicator_key("全省地区生产总值")
'gdp'
>>> indicator_key("经济", "growth")  # 经济增长5%左右: the GDP growth target
'gdp'
>>> indicator_key("海洋生产总值") is None
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, model_validator

from .errors import LexiconError
from .lexicons import load_bundled
from .patterns import trie_pattern

if TYPE_CHECKING:
    from .models import Figure

__all__ = [
    "Indicator",
    "indicator_entry",
    "indicator_key",
    "indicator_of",
    "indicators",
    "is_indicator",
    "key_of",
    "with_keys",
]

F = TypeVar("F", bound="Figure")


# (this module's function type, Cython's when compiled: pydantic must know it for methods)
_FUNCTION_TYPES = (type(lambda: None),)


class Indicator(BaseModel):
    """One canonical indicator of ``lexicons/indicators.toml``."""

    model_config = ConfigDict(
        ignored_types=_FUNCTION_TYPES, extra="forbid", frozen=True, defer_build=True
    )

    key: str
    name: str
    synonyms: tuple[str, ...] = ()
    growth: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    better: Literal["higher", "lower"] = "higher"

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name and its synonyms (not the growth-only names)."""
        return (self.name, *(s for s in self.synonyms if s != self.name))


class _Affixes(BaseModel):
    model_config = ConfigDict(
        ignored_types=_FUNCTION_TYPES, extra="forbid", frozen=True, defer_build=True
    )

    leading: tuple[str, ...] = ()
    leading_patterns: tuple[str, ...] = ()
    trailing: tuple[str, ...] = ()
    trailing_patterns: tuple[str, ...] = ()


# What makes a match depend on the text around it: anchors, word boundaries, lookarounds. An
# indicator pattern is matched against a whole core (`fullmatch`); a name is first declined
# when no stretch of it matches (`_Matcher.holds_pattern`), which holds only for patterns free
# of these (a `^` inside a name would never match where the core's start is not the name's).
_CONTEXTUAL = re.compile(r"(?<![\\\[])\^|(?<!\\)\$|\\[AZbBG]|\(\?<?[=!]")  # ([^…] is a class)


class _Lexicon(BaseModel):
    model_config = ConfigDict(
        ignored_types=_FUNCTION_TYPES, extra="forbid", frozen=True, defer_build=True
    )

    generic: tuple[str, ...] = ()
    affixes: _Affixes = _Affixes.model_construct()  # no validator built at import
    indicators: tuple[Indicator, ...]

    @model_validator(mode="after")
    def _unique(self) -> _Lexicon:
        keys: set[str] = set()
        owner: dict[str, str] = {}
        for entry in self.indicators:
            if not re.fullmatch(r"[a-z][a-z0-9_]*", entry.key):
                raise ValueError(f"key {entry.key!r}: lower-case ASCII words joined by _")
            if entry.key in keys:
                raise ValueError(f"key {entry.key!r} appears twice")
            keys.add(entry.key)
            for name in (*entry.names, *entry.growth):
                if owner.setdefault(name, entry.key) != entry.key:
                    raise ValueError(f"name {name!r} is under both {owner[name]} and {entry.key}")
            for pattern in (*entry.patterns,):
                re.compile(pattern)
                if _CONTEXTUAL.search(pattern):
                    raise ValueError(
                        f"pattern {pattern!r} of {entry.key}: no anchors or lookarounds (a"
                        " pattern is matched against a whole core already, and a name is"
                        " first searched for any match of it)"
                    )
        for pattern in (*self.affixes.leading_patterns, *self.affixes.trailing_patterns):
            re.compile(pattern)
        return self


@cache
def _lexicon() -> _Lexicon:
    data = load_bundled("indicators.toml")
    try:
        return _Lexicon.model_validate(data)
    except (ValueError, re.error) as exc:
        raise LexiconError(f"indicators.toml: {exc}") from None


def _alternation(words: Iterable[str], patterns: Iterable[str]) -> str:
    literal = sorted(set(words), key=len, reverse=True)
    return "|".join([*(re.escape(w) for w in literal), *(f"(?:{p})" for p in patterns)])


class _Matcher:
    """The compiled lexicon: exact names, growth-only names, patterns and affixes."""

    def __init__(self, lex: _Lexicon) -> None:
        self.by_name = {n: e for e in lex.indicators for n in e.names}
        self.by_growth = {n: e for e in lex.indicators for n in e.growth}
        self.patterns = [
            (re.compile(p), e) for e in lex.indicators for p in e.patterns
        ]  # fmt: skip
        # Every core is a stretch of the name: a name holding no name of the lexicon and no
        # match of its patterns has no indicator, whatever its affixes. Two searches decline
        # it (most names are not indicators); the names' trie opens on one branch per first
        # character, which the search skips to.
        words = sorted({*self.by_name, *self.by_growth})
        patterns = [p for e in lex.indicators for p in e.patterns]
        self.holds_name = re.compile(trie_pattern(words) or "(?!)")
        self.holds_pattern = re.compile("|".join(f"(?:{p})" for p in patterns) or "(?!)")
        a = lex.affixes
        self.leading = re.compile(f"(?:{_alternation(a.leading, a.leading_patterns)})")
        self.trailing = re.compile(f"(?:{_alternation(a.trailing, a.trailing_patterns)})$")
        # The same search in two parts: the trailing words by their lengths (a lookup for each,
        # not a try at every position), the patterns by a search of their own.
        self.trailing_words = frozenset(a.trailing)
        # the lengths of the trailing words ending with each character, longest first
        self.trailing_by_last = {
            last: sorted({len(w) for w in a.trailing if w.endswith(last)}, reverse=True)
            for last in {w[-1] for w in a.trailing if w}
        }
        self.trailing_patterns = (
            re.compile(f"(?:{_alternation((), a.trailing_patterns)})$")
            if a.trailing_patterns
            else None
        )

    def trailing_start(self, core: str) -> int | None:
        """Where `trailing` matches `core` (its leftmost match: the longest trailing affix)."""
        if "\n" in core or "" in self.trailing_words:
            m = self.trailing.search(core)  # ($ also matches before a last line break)
            return m.start() if m else None
        found: int | None = None
        size = len(core)
        for n in self.trailing_by_last.get(core[-1:], ()):
            if n <= size and core[size - n :] in self.trailing_words:
                found = size - n  # the longest word that ends `core`
                break
        if self.trailing_patterns is not None:
            m = self.trailing_patterns.search(core)
            if m is not None and (found is None or m.start() < found):
                found = m.start()
        return found

    def cores(self, name: str) -> Iterator[str]:
        """`name`, then `name` with its leading and trailing affixes peeled one by one."""
        fronts = [name]
        rest = name
        while (m := self.leading.match(rest)) and 0 < m.end() < len(rest):
            rest = rest[m.end() :]
            fronts.append(rest)
        for front in fronts:
            core = front
            yield core
            while (start := self.trailing_start(core)) is not None and start > 0:
                core = core[:start]
                yield core

    def lookup(self, core: str, growth: bool) -> Indicator | None:
        entry = self.by_name.get(core)
        if entry is None and growth:
            entry = self.by_growth.get(core)
        if entry is None:
            for p, e in self.patterns:
                if p.fullmatch(core):
                    return e
        return entry


@cache
def _matcher() -> _Matcher:
    return _Matcher(_lexicon())


# A parenthesis inside a name glosses it (研究与试验发展（R&D）经费投入强度, 地区生产总值（GDP）).
_GLOSS = re.compile(r"[（(][^（）()]*[）)]")


def indicator_entry(indicator: str, kind: str | None = None) -> Indicator | None:
    """The canonical indicator that the extracted name `indicator` stands for, or None.

    `kind` is the figure's kind (``"growth"``, ``"level"``...): some names stand for an
    indicator only in a growth figure (``经济`` in 经济增长5%).
    """
    return _entry(indicator, kind == "growth")


@lru_cache(maxsize=8192)
def _entry(indicator: str, growth: bool) -> Indicator | None:
    """`indicator_entry`, remembered by the one thing of the kind it reads."""
    m = _matcher()
    name = "".join(indicator.split())  # (str.split and \s+ split on the same blanks)
    if "(" in name or "（" in name:
        name = _GLOSS.sub("", name)
    if m.holds_name.search(name) is None and m.holds_pattern.search(name) is None:
        return None
    for core in m.cores(name):
        entry = m.lookup(core, growth)
        if entry is not None:
            return entry
    return None


def indicator_key(indicator: str, kind: str | None = None) -> str | None:
    """The canonical key of an extracted indicator name (``"gdp"``...), or None."""
    entry = _entry(indicator, kind == "growth")
    return entry.key if entry else None


def key_of(figure: Figure) -> str | None:
    """The key of a target or outcome: its `indicator_key` when set, else matched now."""
    return figure.indicator_key or indicator_key(figure.indicator, figure.kind)


def with_keys(figures: Sequence[F]) -> list[F]:
    """The figures with `indicator_key` set from their indicator name and kind."""
    out = []
    for f in figures:
        key = indicator_key(f.indicator, f.kind)
        out.append(f if key == f.indicator_key else f.model_copy(update={"indicator_key": key}))
    return out


def indicator_of(figure: Figure) -> Indicator | None:
    """The canonical indicator of a target or outcome, by its key (see `key_of`)."""
    key = key_of(figure)
    return next((e for e in _lexicon().indicators if e.key == key), None) if key else None


def indicators() -> tuple[Indicator, ...]:
    """Every canonical indicator of the bundled lexicon, in its order."""
    return _lexicon().indicators


def generic_names() -> tuple[str, ...]:
    """Names too vague to align on their own (`投资`, `资金`...)."""
    return _lexicon().generic


def is_indicator(name: str) -> bool:
    """Whether `name` is exactly a canonical name or a synonym of the lexicon."""
    return name in _matcher().by_name
