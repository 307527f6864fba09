"""Normalization: segmented or raw report text -> one clean string plus an exact alignment.

The normalized form is the one the annotation guideline compares strings in:

* line breaks (CRLF, CR, LF) become LF; blank lines are dropped;
* each line loses its leading and trailing blanks (spaces, tabs, U+3000 indentation, NBSP);
* the spaces of word segmentation are removed, so split numbers and signs join again
  (``6 . 6 %`` -> ``6.6%``, ``“ 8 + 3 ”`` -> ``“8+3”``); one space stays between two Latin
  letters (``Hong Kong``);
* full-width ASCII variants (digits, letters, ``％`` ``＋`` ``．`` ...) fold to ASCII; the CJK
  punctuation ``，：；！？（）``, quotes and all other characters stay as written.

Every normalized character comes from exactly one original character; `Normalized.alignment`
records where, as breakpoints, so any span maps back to the exact slice of the original.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import accumulate

__all__ = ["Normalized", "fold_width", "is_segmented_line", "normalize"]

# Full-width forms U+FF01..U+FF5E map to ASCII, except the CJK punctuation kept as written.
_KEEP_WIDE = "，：；！？（）"
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if chr(cp) not in _KEEP_WIDE}

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Characters that show nothing and mean nothing in a report, dropped wherever they stand (inside
# a figure they would split it: 6<U+200D>.6%): zero-width joiners and non-joiners, the soft
# hyphen, direction marks, embeddings and isolates, the word joiner and invisible operators,
# variation selectors, fillers and the BOM (Unicode's default-ignorable code points).
_INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0"
)
# Blanks inside a line: any Unicode whitespace and the invisible characters; a percent sign
# repeated after a percent sign (6.6%%, 6 . 6 % %) is dropped with them.
_BLANK = rf"[\s{_INVISIBLE}]"
_PERCENT = "%％"
_RUN = rf"(?:(?<=[{_PERCENT}])(?:{_BLANK}*[{_PERCENT}])+{_BLANK}*|{_BLANK}+)"
_BLANKS = re.compile(_RUN)
_BLANK_SPLIT = re.compile(f"({_RUN})")
# The blanks word segmentation leaves, counted to tell a segmented line.
_SEGMENTATION_BLANKS = re.compile(r"[\s\u200b\ufeff]+")
# A blank run between two Latin letters (ASCII or full-width): the slow path keeps a space.
_LATIN_GAP = re.compile(rf"[A-Za-zＡ-Ｚａ-ｚ]{_BLANK}+[A-Za-zＡ-Ｚａ-ｚ]")
_SPACE = re.compile(r"\s")
_STRIP = " \t\u3000\u00a0\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029" + re.sub(
    r"(.)-(.)",
    lambda m: "".join(map(chr, range(ord(m.group(1)), ord(m.group(2)) + 1))),
    _INVISIBLE,
)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def fold_width(text: str) -> str:
    """Fold full-width ASCII variants to ASCII (one character for one, offsets unchanged)."""
    return text.translate(_FOLD)


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def is_segmented_line(line: str) -> bool:
    """True when a line looks word-segmented: many blanks between CJK characters."""
    cjk = len(_CJK.findall(line))
    if cjk < 4:
        return False
    blanks = sum(1 for _ in _SEGMENTATION_BLANKS.finditer(line.strip(_STRIP)))
    return blanks * 4 >= cjk


@dataclass(frozen=True)
class Normalized:
    """A normalized text and its alignment to the original.

    `alignment` is a tuple of `(normalized_offset, original_offset)` breakpoints: from each
    one on, characters map one-to-one until the next breakpoint.
    """

    text: str
    alignment: tuple[tuple[int, int], ...]
    segmented: bool

    def original_offset(self, offset: int) -> int:
        """Offset in the original of the normalized character at `offset`."""
        if not self.alignment:
            return offset
        i = bisect.bisect_right(self.alignment, (offset, float("inf"))) - 1
        norm, orig = self.alignment[max(i, 0)]
        return orig + (offset - norm)


def normalize(original: str) -> Normalized:
    """Normalize report text (segmented, raw or mixed, line by line) keeping an alignment."""
    pieces: list[str] = []
    align: list[tuple[int, int]] = []
    out_len = 0
    seg_chars = 0
    all_chars = 0
    pos = 0
    prev_break = 0
    n = len(original)
    while pos <= n:
        m = _LINE_BREAK.search(original, pos)
        line_end = m.start() if m else n
        next_pos = m.end() if m else n + 1
        # Strip the line's leading and trailing blanks.
        a, b = pos, line_end
        line = original[a:b]
        stripped = line.strip(_STRIP)
        if stripped:
            lead = len(line) - len(line.lstrip(_STRIP))
            a += lead
            b = a + len(stripped)
            if out_len:
                # The line break before this line maps to the previous line terminator.
                pieces.append("\n")
                align.append((out_len, prev_break))
                out_len += 1
            if is_segmented_line(stripped):
                seg_chars += len(stripped)
            all_chars += len(stripped)
            if _LATIN_GAP.search(stripped):
                out_len = _copy_line_latin(original, a, b, pieces, align, out_len)
            else:
                out_len = _copy_line(stripped, a, pieces, align, out_len)
            prev_break = line_end
        pos = next_pos
    text = fold_width("".join(pieces))
    return Normalized(
        text=text,
        alignment=_merge(align),
        segmented=all_chars > 0 and seg_chars * 2 >= all_chars,
    )


def _copy_line(
    line: str, a: int, pieces: list[str], align: list[tuple[int, int]], out_len: int
) -> int:
    """Copy a stripped line starting at original offset `a`, dropping every blank run.

    The common case (no blank between two Latin letters): the chunks between blanks and their
    offsets come from one split and two running sums, without a Python step per character.
    """
    parts = _BLANK_SPLIT.split(line)
    chunks = parts[0::2]
    if len(chunks) == 1:
        pieces.append(line)
        align.append((out_len, a))
        return out_len + len(line)
    lengths = [len(p) for p in parts]
    # original offset of each chunk: a + lengths of everything before it
    orig_starts = list(accumulate(lengths, initial=a))[0::2]
    out_starts = list(accumulate(lengths[0::2], initial=out_len))
    pieces.extend(chunks)
    align.extend(zip(out_starts, orig_starts, strict=False))
    return out_starts[-1]


def _copy_line_latin(
    original: str, a: int, b: int, pieces: list[str], align: list[tuple[int, int]], out_len: int
) -> int:
    """Copy original[a:b], keeping one space between two Latin letters."""
    seg_start = a
    for bm in _BLANKS.finditer(original, a, b):
        if bm.start() > seg_start:
            chunk = original[seg_start : bm.start()]
            pieces.append(chunk)
            align.append((out_len, seg_start))
            out_len += len(chunk)
        left = original[bm.start() - 1]
        right = original[bm.end()] if bm.end() < len(original) else ""
        space = _SPACE.search(bm.group())
        if space and _is_latin(fold_width(left)) and _is_latin(fold_width(right)):
            pieces.append(" ")
            align.append((out_len, bm.start() + space.start()))
            out_len += 1
        seg_start = bm.end()
    if seg_start < b:
        chunk = original[seg_start:b]
        pieces.append(chunk)
        align.append((out_len, seg_start))
        out_len += len(chunk)
    return out_len


def _merge(points: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Drop breakpoints that continue the previous run (same offset delta)."""
    out: list[tuple[int, int]] = []
    for norm, orig in points:
        if out and orig - norm == out[-1][1] - out[-1][0]:
            continue
        out.append((norm, orig))
    return tuple(out)
