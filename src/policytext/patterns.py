"""Building blocks for the compiled patterns of the rules."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "FormFinder",
    "alternation",
    "leftmost_longest",
    "leftmost_of",
    "leftmost_taken",
    "occurrences_by_find",
    "trie_pattern",
]


def trie_pattern(words: Iterable[str]) -> str:
    """One regex matching any of `words`, the longest where several fit, shaped as a trie.

    A scan of the text then costs the depth of the trie at each position, not the number of
    words. The branches of a node start with different characters, so their order does not
    change what matches; they are sorted for a stable pattern.
    """
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    escaped: dict[str, str] = {}  # each character escaped once

    def build(node: dict[str, Any]) -> str:
        branches = []
        for ch in sorted(node):
            if ch:
                e = escaped.get(ch)
                if e is None:
                    e = escaped[ch] = re.escape(ch)
                sub = node[ch]
                # a chain of single children (the tail of one word) needs no recursion per
                # character
                while len(sub) == 1 and "" not in sub:
                    (nxt,) = sub
                    e2 = escaped.get(nxt)
                    if e2 is None:
                        e2 = escaped[nxt] = re.escape(nxt)
                    e += e2
                    sub = sub[nxt]
                branches.append(e + build(sub) if sub else e)
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first, so the longest word wins.

    Words of equal length cannot both match at one position, so their order does not matter;
    they are sorted for a stable pattern. No words make a pattern that matches nothing (an
    empty alternation would match everywhere).
    """
    unique = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(map(re.escape, unique)) if unique else "(?!)"


@dataclass(frozen=True)
class FormFinder:
    """Finds the occurrences of a set of literal forms in a text in one scan, as a regex
    alternation of them, longest first, would: at each place the longest form, then on after
    it (`find_all`).

    `starts` is a pattern of character classes (the first, second and third characters of the
    forms, as far as the shortest form goes) that stops wherever a form may start; a lookup by
    the characters there gives the forms that start with them, longest first. A trie pattern of
    the forms would try each of their first characters in turn at every place one of them
    stands: two to ten times slower, the more so the more forms.
    """

    starts: re.Pattern[str]
    width: int  # how many characters `starts` checks, and `by_prefix` is keyed by
    by_prefix: dict[str, tuple[str, ...]] = field(repr=False)

    @classmethod
    def of(cls, forms: Iterable[str]) -> FormFinder:
        """The finder of `forms` (not empty; no form is empty)."""
        unique = sorted(set(forms), key=lambda f: (-len(f), f))
        width = min(3, *map(len, unique))
        if width < 1:
            raise ValueError("an empty form matches everywhere")
        by_prefix: dict[str, list[str]] = {}
        for form in unique:
            by_prefix.setdefault(form[:width], []).append(form)
        chars = tuple(frozenset(f[i] for f in unique) for i in range(width))
        first, *rest = map(_char_class, chars)
        # zero width after the first character: every place is tried, overlapping ones too
        starts = re.compile(f"{first}(?={''.join(rest)})" if rest else first)
        return cls(starts, width, {k: tuple(v) for k, v in by_prefix.items()})

    def find_all(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, form) of each occurrence a left-to-right scan takes."""
        out = []
        end = 0
        width = self.width
        by_prefix = self.by_prefix
        for m in self.starts.finditer(text):
            at = m.start()
            if at < end:
                continue
            for form in by_prefix.get(text[at : at + width], ()):
                if text.startswith(form, at):
                    end = at + len(form)
                    out.append((at, end, form))
                    break
        return out

    def longest_at(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, form) of the longest form at each place one starts, in order, the
        places inside an earlier occurrence included (for a scan that merges other forms)."""
        out = []
        width = self.width
        by_prefix = self.by_prefix
        for m in self.starts.finditer(text):
            at = m.start()
            for form in by_prefix.get(text[at : at + width], ()):
                if text.startswith(form, at):
                    out.append((at, at + len(form), form))
                    break
        return out


def _char_class(chars: Iterable[str]) -> str:
    # (`re.escape` escapes character by character: once for the whole run of them)
    return "[" + re.escape("".join(sorted(chars))) + "]"


# What finding every occurrence of a report's forms (quoted texts, names of projects) costs,
# measured on the corpus's calls and on reports ten times as long (CPU time, best of several
# runs on the 2-core machine of `benchmarks/`; each pattern compiled anew, as for a report never
# seen: the compile cache of `re` would otherwise hide what a report's own finder costs to
# build). `str.find` scans the text once per form, about 0.9 ns a character each, so its cost
# grows with the square of the length (a report ten times as long has four to five times the
# forms). A `FormFinder` costs about 1.2 ms to compile its character classes (0.4-1.3 ms in
# runs on a busy and an idle machine), 18 µs a form, and a scan of 2 ns a character plus about
# 0.13 ns a character a form (the more forms, the more places their classes let through). On
# the corpus this picks `str.find` for every report (where the finder was measured faster, on
# a few reports of 20,000-33,000 characters, by tenths of a millisecond); on reports ten times
# as long it picks the finder, four to six times faster there.
_FIND_NS_PER_FORM_CHAR = 0.9
_FINDER_NS = 1_200_000
_FINDER_NS_PER_FORM = 18_000
_FINDER_NS_PER_CHAR = 2
_FINDER_NS_PER_CHAR_FORM = 0.13


def leftmost_longest(text: str, forms: Iterable[str]) -> list[tuple[int, int, str]]:
    """The occurrences of `forms` a left-to-right scan takes: at each place the longest form,
    then on after it (what a regex alternation of the forms, longest first, finds).

    A few dozen forms in a report of ordinary length: `str.find` per form beats compiling a
    pattern for the report; many forms in a long text: one scan (`FormFinder`), whose cost
    grows far less with the number of forms (see `_FIND_NS_PER_FORM_CHAR`).
    """
    forms = list(forms)
    n, m = len(text), len(forms)
    by_find = _FIND_NS_PER_FORM_CHAR * m * n
    per_char = _FINDER_NS_PER_CHAR + _FINDER_NS_PER_CHAR_FORM * m
    by_finder = _FINDER_NS + _FINDER_NS_PER_FORM * m + per_char * n
    if forms and by_find > by_finder:
        return _by_finders(text, forms)
    return leftmost_longest_by_find(text, forms)


# A finder checks as many characters as its shortest form has, up to three. The classes of the
# first two characters of hundreds of names let through one place in ten of a text (each then
# looked up in Python), those of the first three one in thirty: a few short forms read by a
# finder of their own keep the others' finder on three characters. With more short forms (one
# in sixteen), their own classes let through as much: one finder for all is cheaper.
_SHORT_FORM = 3
_SHORT_SHARE = 16


def _by_finders(
    text: str, forms: list[str], short_share: int = _SHORT_SHARE
) -> list[tuple[int, int, str]]:
    """`leftmost_longest` by finders: one for the forms of three characters or more, one for
    the shorter ones when there are both (and few of them: see `_SHORT_SHARE`), their
    occurrences merged and scanned."""
    unique = set(forms)
    short = [f for f in unique if len(f) < _SHORT_FORM]
    if not short or len(short) == len(unique) or len(short) * short_share > len(unique):
        return FormFinder.of(unique).find_all(text)
    hits = FormFinder.of(f for f in unique if len(f) >= _SHORT_FORM).longest_at(text)
    starts = {a for a, _, _ in hits}  # (where a long form starts, it is the longest there)
    hits += (h for h in FormFinder.of(short).longest_at(text) if h[0] not in starts)
    hits.sort()
    return leftmost_taken(hits)


def leftmost_taken(hits: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The hits `(start, end, form)` a left-to-right scan takes, from hits in text order with
    at most one a place (the longest form there, as `FormFinder.longest_at` gives them): each
    that starts at or after the end of the last one taken."""
    out = []
    end = 0
    for hit in hits:
        if hit[0] >= end:
            out.append(hit)
            end = hit[1]
    return out


def leftmost_longest_by_find(text: str, forms: list[str]) -> list[tuple[int, int, str]]:
    """`leftmost_longest` by `str.find`: every occurrence of each form, then the scan."""
    return leftmost_of(occurrences_by_find(text, forms))


def occurrences_by_find(text: str, forms: Iterable[str]) -> list[tuple[int, int, str]]:
    """Every occurrence of each form, found by `str.find`, as `(start, -length, form)`."""
    hits = []
    for form in forms:
        at = text.find(form)
        while at >= 0:
            hits.append((at, -len(form), form))
            at = text.find(form, at + 1)
    return hits


def leftmost_of(hits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The occurrences `(start, -length, form)` a left-to-right scan takes, as `(start, end,
    form)`: the longest at each place, then on after it (`hits` is sorted in place)."""
    hits.sort()
    out = []
    end = 0
    for at, neg, form in hits:
        if at >= end:
            end = at - neg
            out.append((at, end, form))
    return out
