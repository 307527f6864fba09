"""Structure: the numbered section tree, paragraphs (lines) and sentences of a normalized text.

Heading grammar (ANNOTATION.md), at the start of a line of the normalized text:

* level 1: ``一、`` ``二、`` ...
* level 2: ``（一）`` ``(一)`` ...
* level 3: ``1.`` ``1、`` ``（1）`` ``(1)``

A top-level part heading printed without its numeral (web copies often drop them) is a level-1
section with ``number`` None: a line of its own, short, without sentence punctuation, that names
a part of the report (``“十四五”时期工作回顾``, ``2026年重点工作``, ``加强政府自身建设``). Such
lines are read only before the first numbered level-1 heading, and only when there are two or
more: a copy drops all its numerals or none (an annex may number its own items), and a numbered
report's short box titles (``主要预期目标``) stay paragraphs.

A heading whose line runs on into its paragraph gets the text up to the first ``。`` as title.
A line is only a heading when that title is short enough to be one, so a paragraph that opens
with ``一、`` inside running text is not taken for a heading. Enumerations inside paragraphs
(``一是``, ``第一，``) and dates never match the grammar. Numbering that skips or restarts is
kept as written.
"""

from __future__ import annotations

import bisect
import re
import struct
import sys
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate, repeat
from operator import add, attrgetter

from pydantic import TypeAdapter

from .models import Paragraph, Role, Section, Sentences
from .numbers import parse_chinese_numeral
from .periods import PLAN_RE, plan_number

__all__ = [
    "build_sections",
    "chinese_ordinal",
    "find_headings",
    "flatten",
    "paragraphs_of",
    "sentences_of",
]

_CN_NUM = "一二三四五六七八九十百零〇两"
_HEADING = re.compile(
    rf"""
    (?P<l1>(?P<n1>[{_CN_NUM}]{{1,4}})、)                  # 一、
    | (?P<l2>[（(](?P<n2>[{_CN_NUM}]{{1,4}})[）)])        # （一） (一)
    | (?P<l3a>(?P<n3a>\d{{1,2}})(?:\.(?!\d)|、))          # 1.  1、  (not 1.5)
    | (?P<l3b>[（(](?P<n3b>\d{{1,2}})[）)])                # （1） (1)
    """,
    re.VERBOSE,
)
# Longest title a heading line may have before its first 。 (longer: a paragraph, not a heading).
_MAX_TITLE = 60
_TRAILING = "。：:，,；; 　"

_REVIEW = re.compile(r"回顾|过去|成绩|总结|成就|工作情况")
_PLAN = re.compile(r"安排|任务|目标|计划|部署|打算|重点工作|主要工作|建议|展望|思路|总体要求")


# The one-character numerals most headings use, read without the numeral parser.
_ONE_CHARACTER = {c: i for i, c in enumerate("一二三四五六七八九十", 1)}


def chinese_ordinal(number: str) -> int:
    """Value of a heading numeral: ``"三"`` -> 3, ``"十二"`` -> 12, ``"7"`` -> 7 (0 if none)."""
    if number.isdigit():
        return int(number)
    if number in _ONE_CHARACTER:
        return _ONE_CHARACTER[number]
    value = parse_chinese_numeral(number)
    return int(value) if value is not None else 0


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)年")


# Years named by level-1 titles beyond this many after the earliest are a vision (2035).
_NEAR_YEARS = 5
_YEAR_SPAN = re.compile(r"((?:19|20)\d\d)\s*年?\s*[-—–~～至到]\s*(?:19|20)\d\d\s*年")


def _periods(title: str) -> tuple[set[int], set[int]]:
    """Years and five-year-plan numbers (十四五 -> 14) a title names; a span of years
    (`2026—2030年`) names its first year."""
    # (a year opens on 19 or 20, a plan's name on 十: most titles hold neither)
    years = (
        {int(y) for y in _YEAR_SPAN.findall(title)}
        | {int(y) for y in _YEAR.findall(_YEAR_SPAN.sub("", title))}
        if "1" in title or "2" in title
        else set()
    )
    plans = {plan_number(d) for d in PLAN_RE.findall(title)} if "十" in title else set()
    return years, plans


def _role(title: str, latest: tuple[int, int]) -> Role | None:
    """Review or plan, from the periods the title names, else from its words.

    `latest` is the latest year and five-year plan named by any level-1 title: a title that
    names only earlier periods looks back whatever its words (`2025年主要工作` beside
    `2026年重点工作`); otherwise its words decide, and without them a title naming the latest
    period looks ahead. A title with words of both kinds gets None.
    """
    years, plans = _periods(title)
    older = (
        (years or plans) and all(y < latest[0] for y in years) and all(p < latest[1] for p in plans)
    )
    if older:
        return "review"
    review, plan = bool(_REVIEW.search(title)), bool(_PLAN.search(title))
    if review != plan:
        return "review" if review else "plan"
    if review:  # both: a section that reviews and plans, decided sentence by sentence
        return None
    if not years and not plans:
        return None
    newest = (years and max(years) == latest[0]) or (plans and max(plans) == latest[1])
    return "plan" if newest else "review"


@dataclass(frozen=True)
class Heading:
    """A heading line found in the text; `number` None for a part heading without numeral."""

    level: int
    number: str | None
    start: int
    title: str
    heading_end: int


# A part heading without numeral: at most this long, no sentence punctuation, and naming a
# part of a work report: a period (a year, a five-year plan, 今年, 过去五年...) with a word of
# review or plan or 工作, or the closing part on the government itself.
_PART_MAX = 40
_PART_MIN = 4
_SENTENCE_PUNCT = re.compile(r"[，。；！？：,;!?:、…]")
_PART_PERIOD = re.compile(
    r"(?:19|20)\d\d年|十[一二三四五六七八九]五|五年规划"
    r"|今年|明年|过去一年|过去五年|今后五年|未来五年|一年来|五年来"
)
_PART_WORD = re.compile(_REVIEW.pattern + "|" + _PLAN.pattern + "|工作|时期|发展|考虑|规划")
# The closing part, on the government itself (加强政府自身建设, 建设人民满意的服务型政府).
_PART_SELF = re.compile(r"政府自身建设|政府建设|政府治理|建设.{0,16}政府$")
# A title never ends on a particle or a conjunction: such a line is a title broken in two.
_OPEN_END = "的和与及之"
# Lines of the opening that name a year too: the report's title, its date and venue; and the
# box title of the year's main targets, a paragraph inside the plan part, never a part itself.
_NOT_PART = re.compile(r"报告|会议|代表大会|^[-—－]|预期目标|主要指标")


def _part_heading(text: str, start: int, eol: int) -> Heading | None:
    """The line `text[start:eol]` as a level-1 part heading without numeral, or None."""
    line = text[start:eol]
    title = line.strip(" 　\t")
    if not _PART_MIN <= len(title) <= _PART_MAX or _SENTENCE_PUNCT.search(title):
        return None
    if _NOT_PART.search(title) or title[-1].isdigit() or title[-1] in _OPEN_END:
        return None
    named = bool(_PART_PERIOD.search(title) and _PART_WORD.search(title))
    if not named and not _PART_SELF.search(title):
        return None
    return Heading(1, None, start, title, eol)


# A line opening on a heading numeral: one scan of the text finds them all (the line break
# before, group "at", is the literal the search skips to).
_LINE_HEADING = re.compile(rf"(?P<at>\n)(?:{_HEADING.pattern})", re.VERBOSE)


def find_headings(text: str) -> list[Heading]:
    """Every heading line of `text`, in order (part headings without numeral only before the
    first numbered level-1 heading, two or more of them)."""
    out: list[Heading] = []
    first = -1
    matches = [m for m in [_HEADING.match(text)] if m is not None]
    matches += _LINE_HEADING.finditer(text)
    numbered: set[int] = set()  # the starts of the lines opening on a numeral
    for m in matches:
        pos = m.end("at") if m.re is _LINE_HEADING else 0
        numbered.add(pos)
        eol = text.find("\n", m.end())
        h = _heading(text, m, pos, eol if eol >= 0 else len(text))
        if h is not None:
            out.append(h)
            if first < 0 and h.level == 1:
                first = pos
    # lines opening on no numeral, before the first level 1
    plain: list[tuple[int, int]] = []
    pos = 0
    n = len(text) if first < 0 else first
    while pos < n:
        eol = text.find("\n", pos)
        if eol < 0:
            eol = len(text)
        if pos not in numbered:
            plain.append((pos, eol))
        pos = eol + 1
    parts = [h for a, b in plain if (h := _part_heading(text, a, b)) is not None]
    # A copy drops all its numerals or none: part headings count only before the first
    # numbered level-1 heading (an annex may number its own items), and only two or more.
    if len(parts) >= 2:
        out = sorted(out + parts, key=lambda h: h.start)
    return out


def _heading(text: str, m: re.Match[str], start: int, eol: int) -> Heading | None:
    if m.group("l1"):
        level, number = 1, m.group("n1")
    elif m.group("l2"):
        level, number = 2, m.group("n2")
    else:
        level, number = 3, m.group("n3a") or m.group("n3b")
    body_start = m.end()
    stop = text.find("。", body_start, eol)
    title_end = stop if stop >= 0 else eol
    if title_end - body_start > _MAX_TITLE:
        return None
    title = text[body_start:title_end].rstrip(_TRAILING)
    if not title:
        return None
    heading_end = stop + 1 if stop >= 0 else eol
    return Heading(level, number, start, title, heading_end)


@dataclass
class _Open:
    head: Heading
    end: int = 0
    children: list[_Open] = field(default_factory=list)


def build_sections(text: str) -> tuple[tuple[Section, ...], int]:
    """The section tree of `text` and the end of its preamble."""
    headings = find_headings(text)
    roots: list[_Open] = []
    stack: list[_Open] = []
    for h in headings:
        while stack and stack[-1].head.level >= h.level:
            stack.pop().end = h.start
        node = _Open(h)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    for node in stack:
        node.end = len(text)
    preamble_end = headings[0].start if headings else len(text)
    years: set[int] = set()
    plans: set[int] = set()
    for node in roots:
        y, p = _periods(node.head.title)
        years |= y
        plans |= p
    # a far later year (`展望2035年`) is a vision, not the year the report plans
    near = {y for y in years if y <= min(years) + _NEAR_YEARS}
    latest = (max(near, default=0), max(plans, default=0))
    return _section_tree().validate_python(_freeze(roots, "", None, latest)), preamble_end


@cache
def _section_tree() -> TypeAdapter[tuple[Section, ...]]:
    """Validates a text's section tree in one call."""
    return TypeAdapter(tuple[Section, ...])


def _freeze(
    nodes: Sequence[_Open], prefix: str, inherited: Role | None, latest: tuple[int, int]
) -> list[dict[str, object]]:
    """The fields of each section of `nodes`, their children's within."""
    out = []
    for i, node in enumerate(nodes, 1):
        h = node.head
        sid = f"{prefix}{i}"
        role = inherited or _role(h.title, latest)
        out.append(
            {
                "id": sid,
                "level": h.level,
                "number": h.number,
                "ordinal": i if h.number is None else chinese_ordinal(h.number),
                "title": h.title,
                "start": h.start,
                "end": node.end,
                "heading_end": h.heading_end,
                "role": role,
                "children": _freeze(node.children, sid + ".", role, latest),
            }
        )
    return out


def flatten(sections: Sequence[Section]) -> list[Section]:
    """All sections depth first, in text order."""
    out: list[Section] = []
    for s in sections:
        out.append(s)
        out.extend(flatten(s.children))
    return out


_TOPIC_MAX = 25


def paragraphs_of(text: str, sections: Sequence[Section]) -> list[Paragraph]:
    """One paragraph per line; a short first sentence ending in 。 is its `topic`."""
    flat = flatten(sections)
    heading_starts = {s.start for s in flat}
    out: list[dict[str, object]] = []
    pos = 0
    n = len(text)
    find = text.find
    cursor = 0  # next section of `flat` (text order) not yet opened
    stack: list[Section] = []  # open sections, innermost last
    current: str | None = None
    change = 0  # the open sections stay as they are before this offset
    while pos < n:
        eol = find("\n", pos)
        if eol < 0:
            eol = n
        if pos >= change:
            while cursor < len(flat) and flat[cursor].start <= pos:
                while stack and stack[-1].end <= flat[cursor].start:
                    stack.pop()
                stack.append(flat[cursor])
                cursor += 1
            while stack and stack[-1].end <= pos:
                stack.pop()
            current = stack[-1].id if stack else None
            change = min(
                flat[cursor].start if cursor < len(flat) else n,
                stack[-1].end if stack else n,
            )
        topic = None
        if pos not in heading_starts:
            stop = find("。", pos, min(eol, pos + _TOPIC_MAX + 1))
            if stop > pos and stop + 1 < eol:
                topic = text[pos:stop]
        out.append({"start": pos, "end": eol, "section": current, "topic": topic})
        pos = eol + 1
    return _paragraph_list().validate_python(out)


@cache
def _paragraph_list() -> TypeAdapter[list[Paragraph]]:
    """Validates the paragraphs of a text in one call."""
    return TypeAdapter(list[Paragraph])


_OPEN = "“「『（(《【"
_CLOSE = "”」』）)》】"
_SENT_MARK = re.compile(r"[。！？；!?;“「『（(《【”」』）)》】]")
# An opening quote or bracket unclosed after this many characters no longer shields a stop.
_MAX_QUOTE = 200


_STOPS = "。！？；!?;"
# One sentence of a paragraph, from where the last one ended: text and quotes that close without
# a stop or another quote inside, up to and with a stop. At an opening mark that does not close
# so, the match takes the rest of the paragraph (group 1), which is then read mark by mark.
_SENTENCE = re.compile(
    rf"""(?s)(?=.)
    (?: [^{_STOPS}{_OPEN}]++ | [{_OPEN}] [^{_STOPS}{_OPEN}{_CLOSE}]*+ [{_CLOSE}] )*+
    (?: [{_STOPS}] | [{_OPEN}](.*) )?""",
    re.VERBOSE,
)


def _all_but(chars: str) -> str:
    """The body of a character class holding every character but `chars`, written as the
    ranges between them: the same set as `[^chars]`, which the engine tests about a fifth
    slower at each character."""
    out = []
    lo = 0
    for c in sorted(set(map(ord, chars))):
        if lo < c:
            out.append((lo, c - 1))
        lo = c + 1
    if lo <= sys.maxunicode:
        out.append((lo, sys.maxunicode))
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in out
    )


# `_SENTENCE` over a whole text whose paragraphs are its lines: no part of a match crosses a
# line break, so one scan of the text gives, line by line, what `_SENTENCE` gives in each line.
_LINE_SENTENCE = re.compile(
    rf"""(?=[^\n])
    (?: [{_all_but(_STOPS + _OPEN + chr(10))}]++
      | [{_OPEN}] [{_all_but(_STOPS + _OPEN + _CLOSE + chr(10))}]*+ [{_CLOSE}] )*+
    (?: [{_STOPS}] | [{_OPEN}]([^\n]*) )?""",
    re.VERBOSE,
)


def sentences_of(text: str, paragraphs: Sequence[Paragraph]) -> Sentences:
    """Sentences of each paragraph, split after 。！？； outside quotes and brackets.

    One regex match is one sentence; only a paragraph with a stop inside quotes (or a quote
    inside quotes) is read mark by mark, from the sentence where that happens. When the
    paragraphs are the lines of the text (as `paragraphs_of` makes them), one scan of the
    whole text finds them all.
    """
    out = _SentenceRows()
    starts = list(map(_START, paragraphs))
    ends = list(map(_END, paragraphs))
    if _are_lines(text, starts, ends):
        last = len(starts) - 1
        pi = 0
        next_start = starts[1] if last > 0 else len(text) + 1  # where paragraph `pi` is over
        # (the rows' appends bound once: a step per sentence, thousands in a report)
        add_start, add_end, add_paragraph = (
            out.starts.append,
            out.ends.append,
            out.paragraphs.append,
        )
        for m in _LINE_SENTENCE.finditer(text):
            s, e = m.span()
            if s >= next_start:
                pi = bisect.bisect_right(starts, s, pi) - 1
                next_start = starts[pi + 1] if pi < last else len(text) + 1
            if m.lastindex:
                _quoted_sentences(text, s, ends[pi], pi, out)
            else:
                add_start(s)
                add_end(e)
                add_paragraph(pi)
        return out.table()
    for pi, p in enumerate(paragraphs):
        found = list(_SENTENCE.finditer(text, p.start, p.end))
        rest = found.pop() if found and found[-1].lastindex else None
        for m in found:
            out.add(m.start(), m.end(), pi)
        if rest is not None:
            _quoted_sentences(text, rest.start(), p.end, pi, out)
    return out.table()


class _SentenceRows:
    """The start, end and paragraph of each sentence found, in order, as `Sentences` keeps
    them: in lists while they are found (`array.append` parses each integer it is given, at
    several times the cost of `list.append`), made arrays once at the end."""

    __slots__ = ("ends", "paragraphs", "starts")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.paragraphs: list[int] = []

    def add(self, start: int, end: int, paragraph: int) -> None:
        self.starts.append(start)
        self.ends.append(end)
        self.paragraphs.append(paragraph)

    def table(self) -> Sentences:
        return Sentences(_offsets(self.starts), _offsets(self.ends), _offsets(self.paragraphs))


_START = attrgetter("start")
_END = attrgetter("end")


def _offsets(values: list[int]) -> array[int]:
    """`array("q", values)` (the arrays `Sentences` keeps), made from the integers packed by
    one call: the array's constructor parses each integer it is given (`PyArg_Parse`), at
    several times the cost."""
    return array("q", struct.pack(f"{len(values)}q", *values))


def _lines(text: str) -> tuple[list[int], list[int]]:
    """The start and the end of each line of `text` (a line ends at each line break, and the
    text after the last one is a line unless it is empty), from one split: no step per line in
    Python."""
    if not text:
        return [], []
    lines = text.split("\n")
    if text[-1] == "\n":
        lines.pop()  # (the empty string after the last line break)
    lengths = list(map(len, lines))
    # each line starts one past the end of the one before it
    starts = list(accumulate(map(add, lengths, repeat(1)), initial=0))
    starts.pop()
    return starts, list(map(add, starts, lengths))


def _are_lines(text: str, starts: list[int], ends: list[int]) -> bool:
    """Whether the paragraphs from `starts` to `ends` are the lines of `text`, in order, as
    `paragraphs_of` makes them."""
    return (starts, ends) == _lines(text)


def _quoted_sentences(text: str, start: int, end: int, pi: int, out: _SentenceRows) -> None:
    """Adds to `out` the sentences of paragraph `pi` in `text[start:end]`, its marks read one
    by one."""
    depth = 0
    opened = -1
    for m in _SENT_MARK.finditer(text, start, end):
        ch = m.group()
        if ch in _OPEN:
            if depth == 0:
                opened = m.start()
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 or m.start() - opened > _MAX_QUOTE:
            depth = 0
            out.add(start, m.end(), pi)
            start = m.end()
    if start < end:
        out.add(start, end, pi)
