"""Normalization: segmented or raw report text -> one clean string plus an exact alignment.

The normalized form is the one the annotation guideline compares strings in:

* line breaks (CRLF, CR, LF) become LF; blank lines are dropped;
* each line loses its leading and trailing blanks (spaces, tabs, U+3000 indentation, NBSP);
* the spaces of word segmentation are removed, so split numbers and signs join again
  (``6 . 6 %`` -> ``6.6%``, ``“ 8 + 3 ”`` -> ``“8+3”``); one space stays between two Latin
  words (``Hong Kong``), not inside one that a segmenter split (``Ｇ Ｄ Ｐ`` -> ``GDP``);
* full-width ASCII variants (digits, letters, ``％`` ``＋`` ``．`` ...) fold to ASCII; the CJK
  punctuation ``，：；！？（）``, quotes and all other characters stay as written, but for the
  variants of the middle dot, the dash and the enumeration comma that GB2312 decoders and
  half-width forms give (``・`` ``･`` ``‧`` -> ``·``, ``―`` -> ``—``, ``､`` ``﹑`` -> ``、``).

Every normalized character comes from exactly one original character; `Normalized.alignment`
records where, as breakpoints, so any span maps back to the exact slice of the original.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from operator import add
from typing import Any, overload

__all__ = ["Alignment", "Normalized", "fold_width", "is_segmented_line", "normalize"]

# Full-width forms U+FF01..U+FF5E map to ASCII, except the CJK punctuation kept as written.
_KEEP_WIDE = "，：；！？（）"
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if chr(cp) not in _KEEP_WIDE}
# The variants of the middle dot, the dash and the enumeration comma that the GB2312 codecs
# (A1A4 -> U+30FB, A1AA -> U+2015) and the half-width or small forms give fold to the forms
# GBK and GB18030 give, one character for one.
_FOLD |= {0x30FB: 0xB7, 0xFF65: 0xB7, 0x2027: 0xB7, 0x2015: 0x2014, 0xFF64: 0x3001, 0xFE51: 0x3001}

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Characters that show nothing and mean nothing in a report, dropped wherever they stand (inside
# a figure they would split it: 6<U+200D>.6%): zero-width joiners and non-joiners, the soft
# hyphen, direction marks, embeddings and isolates, the word joiner and invisible operators,
# variation selectors, fillers and the BOM (Unicode's default-ignorable code points).
_INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0"
)
# Blanks inside a line: any Unicode whitespace and the invisible characters.
_BLANK = rf"[\s{_INVISIBLE}]"
_BLANKS = re.compile(f"{_BLANK}+")
_BLANK_SPLIT = re.compile(f"({_BLANK}+)")
# The blanks word segmentation leaves, counted to tell a segmented line; not those between two
# Latin letters.
_SEGMENTATION_BLANK = r"[\s\u200b\ufeff]"
_SEGMENTATION_BLANKS = re.compile(f"{_SEGMENTATION_BLANK}+")
_LATIN_LETTER = "[A-Za-zＡ-Ｚａ-ｚ]"  # ASCII or full-width
_LATIN_BLANKS = re.compile(f"(?<={_LATIN_LETTER}){_SEGMENTATION_BLANK}+(?={_LATIN_LETTER})")
# A blank run between two Latin letters: the slow path keeps a space.
_LATIN_GAP = re.compile(f"{_LATIN_LETTER}{_BLANK}+{_LATIN_LETTER}")
_SPACE = re.compile(r"\s")
_STRIP = " \t\u3000\u00a0\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029" + re.sub(
    r"(.)-(.)",
    lambda m: "".join(map(chr, range(ord(m.group(1)), ord(m.group(2)) + 1))),
    _INVISIBLE,
)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_ANY_INVISIBLE = re.compile(f"[{_INVISIBLE}]")
# The whitespace characters (`\s` spelled out: a class of characters is scanned twice as fast
# as the category).
_WHITESPACE = "\t\n\x0b\x0c\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"


def _blank_free(line: str) -> bool:
    """True when `line` holds no blank (`_BLANK`), in a text without invisible characters.

    Two scans in C instead of a regex: every whitespace character but the ASCII space is
    unprintable (`str.isprintable`), so a printable line without a space has none.
    """
    return " " not in line and line.isprintable()


# The characters `_FOLD` changes, found by one scan: `str.translate` with a dict looks up every
# character of the text, and most of a report has none to fold.
# (A pattern opening on a repeat is tried at every position; one opening on a character class
# skips ahead to the first character that can start a match, several times faster.)
_WIDE_CHARS = "".join(re.escape(chr(cp)) for cp in _FOLD)
_WIDE = re.compile(f"[{_WIDE_CHARS}][{_WIDE_CHARS}]*")
# A character that needs more than the common path: invisible, or full-width to fold.
_RARE = re.compile(f"[{_INVISIBLE}{_WIDE_CHARS}]")
# Where the next line to normalize piece by piece is (in a text without CR or invisible
# characters), the end of a run of clean lines: at a blank inside a line, or after a line break
# followed by another (an empty line); with a rare character too (`_RUN_END_OR_RARE`) while
# the text is not known to hold one. Before those, a gap between two lines that holds common
# blanks or empty lines (group `gap`): blanks ending a line, line breaks, blanks opening the
# line after, which holds something else; the run goes on after it, as the lines' strips drop
# it (an empty line is dropped whole). A gap's blanks are at an edge only when a character
# that is no blank stands before them. (Each pattern opens on one class of characters, which
# the search skips to.)
_INDENT = " \t\u3000\xa0"
_GAP = (
    f"(?<=[^{_WHITESPACE}]\n)[{_INDENT}\n]+(?=[^{_WHITESPACE}])"
    f"|(?<=[^{_WHITESPACE}][{_INDENT}])[{_INDENT}]*\n[{_INDENT}\n]*(?=[^{_WHITESPACE}])"
)
_RUN_END = re.compile(f"[{_WHITESPACE}](?:(?P<gap>{_GAP})|(?<!\n)|(?=\n))")
_RUN_END_OR_RARE = re.compile(
    f"[{_INVISIBLE}{_WIDE_CHARS}{_WHITESPACE}]"
    f"(?:(?P<gap>{_GAP})|(?<!\n)|(?=\n)|(?<=[{_INVISIBLE}{_WIDE_CHARS}]))"
)


def _fold_run(m: re.Match[str]) -> str:
    return m.group().translate(_FOLD)


def fold_width(text: str) -> str:
    """Fold full-width ASCII variants to ASCII, and the variants of ·, — and 、 to them (one
    character for one, offsets unchanged)."""
    return _WIDE.sub(_fold_run, text)


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _single_spaced(line: str) -> bool:
    """True when the only blanks of `line` are single ASCII spaces (word-segmented text as
    segmenters write it); every other whitespace character is unprintable."""
    return "  " not in line and line.replace(" ", "").isprintable()


def is_segmented_line(line: str) -> bool:
    """True when a line looks word-segmented: many blanks between CJK characters."""
    # the blanks first: most lines of a raw report have none, and then no count of CJK
    # characters is needed (a segmented line holds at least four of them)
    stripped = line.strip(_STRIP)
    if _single_spaced(stripped):
        blanks = stripped.count(" ")
    else:
        blanks = len(_SEGMENTATION_BLANKS.findall(stripped))
    if blanks:
        # not a blank between two Latin letters (A H股, Hong Kong): a space of the text, which
        # normalizing keeps; counted, it would make the line it leaves look segmented again
        blanks -= len(_LATIN_BLANKS.findall(stripped))
    if blanks <= 0:
        return False
    if blanks * 4 >= len(line):
        # as many blanks as the line could hold CJK characters: four of them decide
        return len(_CJK.findall(line, 0, 16)) >= 4 or len(_CJK.findall(line)) >= 4
    cjk = len(_CJK.findall(line))
    if cjk < 4:
        return False
    return blanks * 4 >= cjk


class Alignment(Sequence[tuple[int, int]]):
    """The breakpoints `(normalized_offset, original_offset)` of an alignment, sorted: from
    each one on, normalized characters map one-to-one onto original characters until the next.

    Kept as two arrays of machine integers (8 bytes a breakpoint, where a tuple of two Python
    ints costs about 120), so a word-segmented report, with a breakpoint at every removed
    blank, stays small. It reads as a sequence of pairs, compares equal to one, and pydantic
    validates it from and serializes it to a list of pairs (see `__get_pydantic_core_schema__`).
    """

    __slots__ = ("_norm", "_orig")

    def __init__(self, norm: Iterable[int] = (), orig: Iterable[int] = ()) -> None:
        self._norm = norm if isinstance(norm, array) else array("q", norm)
        self._orig = orig if isinstance(orig, array) else array("q", orig)
        if len(self._norm) != len(self._orig):
            raise ValueError("an alignment needs as many original offsets as normalized ones")

    @classmethod
    def from_pairs(cls, pairs: Iterable[Sequence[int]]) -> Alignment:
        if isinstance(pairs, Alignment):
            return pairs
        norm, orig = array("q"), array("q")
        for n, o in pairs:
            norm.append(n)
            orig.append(o)
        return cls(norm, orig)

    @property
    def normalized_offsets(self) -> array[int]:
        return self._norm

    @property
    def original_offsets(self) -> array[int]:
        return self._orig

    def __len__(self) -> int:
        return len(self._norm)

    @overload
    def __getitem__(self, index: int) -> tuple[int, int]: ...
    @overload
    def __getitem__(self, index: slice) -> Alignment: ...
    def __getitem__(self, index: int | slice) -> tuple[int, int] | Alignment:
        if isinstance(index, slice):
            return Alignment(self._norm[index], self._orig[index])
        return self._norm[index], self._orig[index]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return zip(self._norm, self._orig, strict=True)

    def pairs(self) -> tuple[tuple[int, int], ...]:
        """The breakpoints as a tuple of pairs."""
        return tuple(zip(self._norm, self._orig, strict=True))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Alignment):
            return self._norm == other._norm and self._orig == other._orig
        if isinstance(other, tuple | list):
            return len(other) == len(self) and all(
                tuple(x) == y for x, y in zip(other, self, strict=True)
            )
        return NotImplemented

    def __hash__(self) -> int:
        # equal alignments may use arrays of other item sizes: hash values, a few of them
        n, o = self._norm, self._orig
        return hash((len(n), tuple(n[:8]), tuple(o[:8]), tuple(n[-8:]), tuple(o[-8:])))

    def __repr__(self) -> str:
        shown = ", ".join(map(str, self.pairs()[:4]))
        more = f", ... ({len(self)} breakpoints)" if len(self) > 4 else ""
        return f"Alignment([{shown}{more}])"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Alignment, (self._norm, self._orig))

    def original_offset(self, offset: int) -> int:
        """Offset in the original of the normalized character at `offset`."""
        if not self._norm:
            return offset
        i = max(bisect.bisect_right(self._norm, offset) - 1, 0)
        return self._orig[i] + (offset - self._norm[i])

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        pairs = handler.generate_schema(tuple[tuple[int, int], ...])
        from_pairs = core_schema.no_info_after_validator_function(cls.from_pairs, pairs)
        return core_schema.json_or_python_schema(
            json_schema=from_pairs,
            python_schema=core_schema.union_schema(
                [core_schema.is_instance_schema(cls), from_pairs]
            ),
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda a: a.pairs(), return_schema=pairs
            ),
        )


@dataclass(frozen=True)
class Normalized:
    """A normalized text and its alignment to the original (see `Alignment`)."""

    text: str
    alignment: Alignment
    segmented: bool

    def original_offset(self, offset: int) -> int:
        """Offset in the original of the normalized character at `offset`."""
        return self.alignment.original_offset(offset)


class _Builder:
    """Collects normalized pieces and breakpoints, dropping a breakpoint that continues the
    run before it (same offset difference)."""

    __slots__ = ("delta", "norm", "orig", "pieces")

    def __init__(self, size: int) -> None:
        self.pieces: list[str] = []
        # 4-byte offsets while the text allows (under 2**31 characters), else 8-byte ones
        code = "i" if size < 2**31 - 1 else "q"
        self.norm = array(code)
        self.orig = array(code)
        self.delta: int | None = None

    def point(self, norm: int, orig: int) -> None:
        if orig - norm != self.delta:
            self.norm.append(norm)
            self.orig.append(orig)
            self.delta = orig - norm

    def points(self, norms: list[int], origs: list[int]) -> None:
        """Breakpoints whose offset differences strictly increase (a blank run dropped
        between each two): only the first can continue the run before."""
        self.point(norms[0], origs[0])
        if len(norms) > 1:
            self.norm.fromlist(norms[1:])
            self.orig.fromlist(origs[1:])
            self.delta = origs[-1] - norms[-1]


def normalize(original: str) -> Normalized:
    """Normalize report text (segmented, raw or mixed, line by line) keeping an alignment."""
    out = _Builder(len(original))
    pieces = out.pieces
    out_len = 0
    seg_chars = 0
    all_chars = 0
    pos = 0
    prev_break = 0
    n = len(original)
    # Most lines of a raw report hold no blank: they are copied whole, without a regex scan
    # (when the text has no invisible character: some of those are printable).
    # Without CR, a run of lines that are neither empty nor hold a blank nor a rare character
    # is copied in one piece: its line breaks map one-to-one, its offsets shift by one
    # difference. Whether the text holds a rare character is learnt on the way (most texts hold
    # none): the scan for the end of a run stops at one too, and each line read on its own is
    # searched; a line without one reads the same whether the text holds invisible characters
    # or not. Every character before `pos` has been looked at while `rare` is None.
    runs = "\r" not in original
    rare: bool | None = None if runs else _RARE.search(original) is not None
    plain_text = not rare or not _ANY_INVISIBLE.search(original)
    runs = runs and plain_text
    dirty_line = _RUN_END_OR_RARE if rare is None else _RUN_END
    while pos <= n:
        if runs and pos < n and original[pos] != "\n":
            d = dirty_line.search(original, pos)
            if rare is None and d is not None and _RARE.match(original, d.start()):
                # a rare character: the text holds one
                rare, plain_text, runs, dirty_line = _settle_rare(original)
                continue
            gap = d is not None and d.lastindex == 1
            if d is None:
                # the last line, empty when the text ends with a line break
                dirty = n if original.endswith("\n") else n + 1
            elif gap:
                # the lines up to the gap are clean: the run ends where the gap starts (`end`
                # below) and goes on after it
                dirty = d.start() + 1
            elif original[d.start()] == "\n":
                dirty = d.start() + 1
            else:
                dirty = original.rfind("\n", pos, d.start()) + 1 or pos
            if dirty > pos:
                end = dirty - 1  # the line break after the run, or the end of the text
                if out_len:
                    pieces.append("\n")
                    out.point(out_len, prev_break)
                    out_len += 1
                pieces.append(original[pos:end])
                out.point(out_len, pos)
                out_len += end - pos
                all_chars += end - pos - original.count("\n", pos, end)
                prev_break = end
                pos = dirty
                if gap:
                    assert d is not None
                    prev_break = original.index("\n", end)
                    pos = d.end()
                continue
        m = _LINE_BREAK.search(original, pos)
        line_end = m.start() if m else n
        next_pos = m.end() if m else n + 1
        if rare is None and _RARE.search(original, pos, line_end):
            rare, plain_text, runs, dirty_line = _settle_rare(original)
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
                out.point(out_len, prev_break)
                out_len += 1
            all_chars += len(stripped)
            if plain_text and _blank_free(stripped):
                # (not segmented, no blank to drop: what `_copy_line` does with such a line)
                pieces.append(stripped)
                out.point(out_len, a)
                out_len += len(stripped)
            else:
                segmented_line = is_segmented_line(stripped)
                if segmented_line:
                    seg_chars += len(stripped)
                if _LATIN_GAP.search(stripped):
                    out_len = _copy_line_latin(original, a, b, out, out_len, segmented_line)
                elif plain_text and _single_spaced(stripped):
                    out_len = _copy_spaced_line(stripped, a, out, out_len)
                else:
                    out_len = _copy_line(stripped, a, out, out_len)
            prev_break = line_end
        pos = next_pos
    text = "".join(pieces)
    if rare:  # (a text without a full-width character to fold is left as it is)
        text = fold_width(text)
    return Normalized(
        text=text,
        alignment=Alignment(out.norm, out.orig),
        segmented=all_chars > 0 and seg_chars * 2 >= all_chars,
    )


def _settle_rare(original: str) -> tuple[bool, bool, bool, re.Pattern[str]]:
    """`normalize`'s state once a rare character is met in a text without CR: rare, whether
    the text is plain (holds no invisible character), whether runs of lines are still copied
    whole, and the pattern that ends a run."""
    plain_text = _ANY_INVISIBLE.search(original) is None
    return True, plain_text, plain_text, _RUN_END


def _copy_line(line: str, a: int, out: _Builder, out_len: int) -> int:
    """Copy a stripped line starting at original offset `a`, dropping every blank run.

    The common case (no blank between two Latin letters): the chunks between blanks and their
    offsets come from one split and two running sums, without a Python step per character.
    """
    parts = _BLANK_SPLIT.split(line)
    if len(parts) == 1:
        out.pieces.append(line)
        out.point(out_len, a)
        return out_len + len(line)
    chunks = parts[0::2]
    lengths = [len(p) for p in parts]
    # original offset of each chunk: a + lengths of everything before it
    orig_starts = list(accumulate(lengths, initial=a))[0::2]
    out_starts = list(accumulate(lengths[0::2], initial=out_len))
    out.pieces.append("".join(chunks))
    out.points(out_starts[:-1], orig_starts)
    return out_starts[-1]


def _copy_spaced_line(line: str, a: int, out: _Builder, out_len: int) -> int:
    """`_copy_line` for a line whose only blanks are single spaces: split on them in C."""
    chunks = line.split(" ")
    out_starts = list(accumulate(map(len, chunks[:-1]), initial=out_len))
    # chunk k starts k spaces further in the original than in the output
    shift = a - out_len
    orig_starts = list(map(add, out_starts, range(shift, shift + len(chunks))))
    out.pieces.append(line.replace(" ", ""))
    out.points(out_starts, orig_starts)
    return out_starts[-1] + len(chunks[-1])


def _split_word(original: str, gap: int, after: int, a: int, b: int) -> bool:
    """Whether the one space at original[gap:after] (within the line a..b) splits a word: the
    letters before or after it are one letter alone, or those after it go on in Chinese."""
    i = gap
    while i > a and _is_latin(fold_width(original[i - 1])):
        i -= 1
    j = after
    while j < b and _is_latin(fold_width(original[j])):
        j += 1
    return gap - i == 1 or j - after == 1 or (j < b and _CJK.match(original, j) is not None)


def _copy_line_latin(
    original: str, a: int, b: int, out: _Builder, out_len: int, segmented: bool = False
) -> int:
    """Copy original[a:b], keeping one space between two Latin letters; on a segmented line,
    not for one space that a segmenter put inside a word: next to a letter standing alone
    (Ｇ Ｄ Ｐ, A H股) or before letters glued to Chinese (Vo IP电话). Two words (Hong Kong)
    keep it, as does a space of the text, a token of its own (three blanks: Hong   Kong)."""
    seg_start = a
    pieces = out.pieces
    for bm in _BLANKS.finditer(original, a, b):
        if bm.start() > seg_start:
            chunk = original[seg_start : bm.start()]
            pieces.append(chunk)
            out.point(out_len, seg_start)
            out_len += len(chunk)
        left = original[bm.start() - 1]
        right = original[bm.end()] if bm.end() < len(original) else ""
        space = _SPACE.search(bm.group())
        if segmented and bm.group() == " " and _split_word(original, bm.start(), bm.end(), a, b):
            space = None  # (a segmenter's space inside a word)
        if space and _is_latin(fold_width(left)) and _is_latin(fold_width(right)):
            pieces.append(" ")
            out.point(out_len, bm.start() + space.start())
            out_len += 1
        seg_start = bm.end()
    if seg_start < b:
        chunk = original[seg_start:b]
        pieces.append(chunk)
        out.point(out_len, seg_start)
        out_len += len(chunk)
    return out_len
