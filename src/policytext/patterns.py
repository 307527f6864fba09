"""Building blocks for the compiled patterns of the rules."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

__all__ = ["alternation", "trie_pattern"]


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
    they are sorted for a stable pattern.
    """
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))
