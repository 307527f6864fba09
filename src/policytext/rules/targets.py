"""Stage 2 and 3 for targets: forward-looking quantified goals (ANNOTATION.md, "Target").

Stage 1 (`policytext.numbers`) finds every quantity. Here each quantity of a sentence that plans
ahead goes through `RULES`, an ordered tuple of named rules; the first rule that applies decides:
it either makes targets (recording its name in `Target.rule`, with `+inherited` when the
indicator comes from the target before) or rules the quantity out (a "blocking" rule, which
makes nothing). Goals without a figure come from `find_qualitative` (rule `qualitative`), only in
the paragraph that announces the main targets. `resolve_targets` is the one overlap policy.

Plan or review is decided, in this order:
- per level-1 section: its title's role (overruled only by text that plainly says the opposite);
  for a title without a role, the periods it names, then its words, then the wording of its text
  (`_section_modes`); a section both reviewing and planning is read paragraph by paragraph;
- per paragraph of such a mixed section: an opening on the past (`这五年，`) or wording that looks
  back; in a text without headings, everything before the first plan opening (`主要预期目标`);
- per sentence: stretches about an earlier year or the past (`2025年地区生产总值增长5.2%`,
  `在去年…基础上`) until a plan time word (`今年`); per item: a verb marked done (`设置了29项`)
  or what already is (`目前已建成`).

Each target's `period` (the years it is for) is read by `_PeriodReader`: the last time word of
its sentence before it (a span of years, a deadline `到2027年`, `今年`, `“十五五”时期`, `今后五年`),
then `年均增长` in the goal, then a paragraph opening on the next five years, then the titles of
its sections (`“十五五”时期主要目标任务` -> the plan's years, `2026年重点工作` -> 2026), else the
plan year.

The words the rules read (verbs, fillers, markers of the past, thresholds) are data in
`lexicons/target_words.toml`, validated on load.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import pairwise
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from ..errors import LexiconError
from ..indicators import indicator_key
from ..lexicons import dictionary_words, load_bundled
from ..meta import detect_place_year
from ..models import Comparator, Direction, Section, Target, TargetKind
from ..numbers import Quantity, unit_info
from ..patterns import alternation, trie_pattern
from ..periods import PLAN_RE, plan_label, plan_number, plan_of_year
from .context import Context

__all__ = ["RULES", "Rule", "find_qualitative", "find_targets", "looks_back", "resolve_targets"]


# --------------------------------------------------------------------------------------------
# lexicon
# --------------------------------------------------------------------------------------------


# (this module's function type, Cython's when compiled: pydantic must know it for methods)
_FUNCTION_TYPES = (type(lambda: None),)


class _Strict(BaseModel):
    model_config = ConfigDict(ignored_types=_FUNCTION_TYPES, frozen=True, extra="forbid")


class _Change(_Strict):
    up: list[str]
    down: list[str]


class _Level(_Strict):
    verbs: list[str]
    caps: list[str]
    exceed: list[str] = []


class _Count(_Strict):
    verbs: list[str]
    existing: list[str] = []
    prepositions: list[str] = []
    lead_ins: list[str] = []
    light: list[str] = []


class _Fillers(_Strict):
    leading: list[str]
    trailing: list[str]


class _Names(_Strict):
    nouns: list[str]
    outline: list[str]
    prework: list[str] = []
    project_heads: list[str] = []
    generic_tasks: list[str] = []


class _Markers(_Strict):
    each: list[str]
    joiners: list[str]
    from_words: list[str]
    totals: list[str]
    closers: list[str]


class _Past(_Strict):
    already: list[str]
    openers: list[str]
    plan_time: list[str]
    past_time: list[str]
    aspect: list[str]
    baseline: list[str]


class _QualPattern(_Strict):
    re: str
    cmp: Literal["", "=", "~", ">=", "<=", ">", "<"]
    dir: Literal["", "up", "down"]


class _Qualitative(_Strict):
    announce: list[str]
    skip_starts: list[str]
    patterns: list[_QualPattern]


class _Roles(_Strict):
    review_title: list[str]
    plan_title: list[str]
    past_words: list[str]
    plan_words: list[str]
    review_ratio: float
    review_min: int
    plan_start: list[str]
    paragraph_ratio: float
    paragraph_min: int
    override_length: int
    override_plan: float
    override_review: float


class _Period(_Strict):
    five_year: list[str]
    average: list[str]
    this_year: list[str]
    first_year: list[str]


class _TargetWords(_Strict):
    change: _Change
    level: _Level
    count: _Count
    fillers: _Fillers
    names: _Names
    markers: _Markers
    qualitative: _Qualitative
    distribute: dict[str, list[str]]
    roles: _Roles
    past: _Past
    period: _Period


_NEVER = re.compile(r"(?!)")


def _any_re(words: Sequence[str]) -> re.Pattern[str]:
    return re.compile(alternation(words)) if words else _NEVER


def _prefix_re(words: Sequence[str]) -> re.Pattern[str]:
    return re.compile(f"^(?:{alternation(words)})") if words else _NEVER


@dataclass(frozen=True)
class _Ending:
    """A search of `(?:word|...)$` by lookups: the start of the longest word of `words` that
    ends a text (the leftmost match of the pattern), found by one slice per word length, not
    a try of every word at every position."""

    pattern: re.Pattern[str]
    words: frozenset[str]
    # the lengths of the words ending with each character, longest first
    lengths: dict[str, tuple[int, ...]]
    empty: bool  # the empty text is one of the words: every text ends with one

    @classmethod
    def of(cls, words: Sequence[str]) -> _Ending:
        # (an empty list: no word ends a text, as its pattern matches nothing)
        found = frozenset(words)
        return cls(
            re.compile(f"(?:{alternation(words)})$"),
            found,
            {
                last: tuple(sorted({len(x) for x in found if x.endswith(last)}, reverse=True))
                for last in {x[-1] for x in found if x}
            },
            "" in found,
        )

    def start(self, s: str) -> int | None:
        """Where the pattern's match starts in `s`, or None."""
        if "\n" in s:  # ($ also matches before a last line break)
            m = self.pattern.search(s)
            return m.start() if m else None
        n = len(s)
        for k in self.lengths.get(s[-1:], ()):
            if k <= n and s[n - k :] in self.words:
                return n - k
        return n if self.empty else None


@dataclass(frozen=True)
class _Literals:
    """The matches of `alternation(words)` over a stretch of text, found by `str.find` of each
    word: for a few words read through a long text, several times quicker than the regex scan.

    The alternation tries the words longest first at the leftmost position where one occurs,
    and the next match is looked for after the end of the last: so does `spans`, keeping the
    next occurrence of each word at or after that end."""

    pattern: re.Pattern[str]
    words: tuple[str, ...]  # the words as the alternation tries them: longest first

    @classmethod
    def of(cls, words: Sequence[str]) -> _Literals:
        return cls(_any_re(words), tuple(sorted(set(words), key=lambda w: (-len(w), w))))

    def spans(self, text: str, lo: int, hi: int) -> Iterator[tuple[int, int]]:
        """The spans `pattern.finditer(text, lo, hi)` gives."""
        words = self.words
        if "" in words:  # (the empty word matches everywhere: left to the regex)
            yield from (m.span() for m in self.pattern.finditer(text, lo, hi))
            return
        found = [text.find(w, lo, hi) for w in words]  # the next occurrence of each, or -1
        pos = lo
        while True:
            best, size = -1, 0
            for k, at in enumerate(found):
                if 0 <= at < pos:
                    at = found[k] = text.find(words[k], pos, hi)
                if at >= 0 and (best < 0 or at < best):  # (a tie keeps the longer word)
                    best, size = at, len(words[k])
            if best < 0:
                return
            yield best, best + size
            pos = best + size


@dataclass(frozen=True)
class _Words:
    """The validated lexicon with its compiled patterns."""

    raw: _TargetWords
    verb_end: _Ending  # a verb at the end of a region
    verb_kind: dict[str, str]
    lead_re: re.Pattern[str]  # fillers and count verbs at the front of an indicator
    filler_re: re.Pattern[str]  # fillers only
    count_start_re: re.Pattern[str]  # a count verb at the front
    fillers: frozenset[str]
    trailing: tuple[str, ...]  # fillers at the end of an indicator, totals included
    totals: tuple[str, ...]  # words of a total before a figure (共, 合计)
    trail_re: _Ending  # fillers at the end of an indicator
    each_end: _Ending
    name_noun_re: re.Pattern[str]
    outline_end: _Ending
    joiner_re: re.Pattern[str]
    closer_re: re.Pattern[str]
    goal_verb_re: re.Pattern[str]
    existing_re: re.Pattern[str]
    preposition_re: re.Pattern[str]
    lead_in_re: re.Pattern[str]
    opener_re: re.Pattern[str]
    opener_at: re.Pattern[str]  # `opener_re` without its `^`: matched at a sentence's offset
    announce_re: re.Pattern[str]
    announce: _Literals  # (the same words, for scans of long stretches)
    qualitative: tuple[tuple[re.Pattern[str], _QualPattern], ...]
    time_re: re.Pattern[str]
    past_time: frozenset[str]  # (to tell a match of `time_re` apart: `_time_of`)
    aspect: frozenset[str]
    already_re: re.Pattern[str]
    baseline: tuple[str, ...]
    distribute_re: re.Pattern[str] | None
    review_title_re: re.Pattern[str]
    plan_title_re: re.Pattern[str]
    past_words_re: re.Pattern[str]
    plan_words_re: re.Pattern[str]
    plan_start_re: re.Pattern[str]
    five_year_re: re.Pattern[str]
    average_re: re.Pattern[str]
    this_year_re: re.Pattern[str]
    first_year_re: re.Pattern[str]
    light_re: re.Pattern[str]
    prework_re: re.Pattern[str]
    project_head_re: re.Pattern[str]
    generic_task_re: re.Pattern[str]
    # every word of `five_year` and `this_year` holds 年 (a text without it names no period)
    period_words_need_year: bool
    # every word of `past_time` holds 年, as a year of `time_re` does (a sentence without it
    # starts no stretch of the past but by its opening)
    past_words_need_year: bool


def _time_re(past_time: Sequence[str], plan_time: Sequence[str]) -> re.Pattern[str]:
    """A year (group 1), a word of the past (group 2) or of the plan. When no word is empty,
    the same alternatives in the same order with neither group, each opening with a character
    (`_time_of` tells the match apart): the engine then skips at C speed to the characters a
    match can open on, where a pattern opening on a group (or on a lookahead of those
    characters) is tried in full at every position; the matches are the same."""
    words = [*past_time, *plan_time]
    if not past_time or not plan_time or not all(words):
        return re.compile(
            f"((?:19|20)[0-9][0-9])年|({alternation(past_time)})|{alternation(plan_time)}"
        )
    return re.compile(
        f"19[0-9][0-9]年|20[0-9][0-9]年|{alternation(past_time)}|{alternation(plan_time)}"
    )


_DIGITS = frozenset("0123456789")


def _time_of(m: re.Match[str], past_time: frozenset[str]) -> tuple[str | None, str | None]:
    """The year and the word of the past of a match of `_time_re` (None for what it is not).
    A match of the grouped form names them by its groups; of the other, a year (the first
    alternative, tried before any word) is what has its form, a word of the past (tried
    before those of the plan) what is one."""
    if m.re.groups:
        return m.group(1), m.group(2)
    t = m.group()
    if (
        len(t) == 5
        and t[:2] in ("19", "20")
        and t[2] in _DIGITS
        and t[3] in _DIGITS
        and t[4] == "年"
    ):
        return t[:4], None
    return None, t if t in past_time else None


def _opener(openers: Sequence[str]) -> str:
    return f"(?:各位代表[，,！!]?)?(?:{alternation(openers)})"


@cache
def _words() -> _Words:
    try:
        w = _TargetWords.model_validate(load_bundled("target_words.toml"))
    except ValidationError as exc:
        raise LexiconError(f"target_words.toml does not fit its schema: {exc}") from None
    kind: dict[str, str] = {}
    for v in w.count.verbs:
        kind[v] = "count"
    for v in w.level.verbs:
        kind[v] = "level"
    for v in w.level.caps:
        kind[v] = "cap"
    for v in w.level.exceed:
        kind[v] = "exceed"
    for v in w.change.up:
        kind[v] = "up"
    for v in w.change.down:
        kind[v] = "down"
    lead = [*w.fillers.leading, *w.count.verbs]
    dist = alternation(list(w.distribute)) if w.distribute else ""
    trailing = (*w.fillers.trailing, *w.markers.totals)
    return _Words(
        raw=w,
        verb_end=_Ending.of(list(kind)),
        verb_kind=kind,
        lead_re=re.compile(f"^(?:{alternation(lead)})"),
        filler_re=_prefix_re(w.fillers.leading),
        count_start_re=_prefix_re(w.count.verbs),
        fillers=frozenset([*w.fillers.leading, *trailing, *w.markers.each]),
        trailing=trailing,
        totals=tuple(w.markers.totals),
        trail_re=_Ending.of(trailing),
        each_end=_Ending.of(w.markers.each),
        name_noun_re=re.compile(alternation(w.names.nouns)),
        outline_end=_Ending.of(w.names.outline),
        joiner_re=re.compile(alternation(w.markers.joiners)),
        closer_re=re.compile(alternation(w.markers.closers)),
        # (a trie: the same longest verb at each position, found without trying every verb)
        goal_verb_re=re.compile(
            trie_pattern([*w.count.verbs, *w.level.verbs, *w.level.exceed, *w.change.up])
        ),
        existing_re=_any_re(w.count.existing),
        preposition_re=_any_re(w.count.prepositions),
        lead_in_re=_prefix_re(w.count.lead_ins),
        opener_re=re.compile(f"^{_opener(w.past.openers)}"),
        opener_at=re.compile(_opener(w.past.openers)),
        announce_re=_any_re(w.qualitative.announce),
        announce=_Literals.of(w.qualitative.announce),
        qualitative=tuple((re.compile(p.re), p) for p in w.qualitative.patterns),
        time_re=_time_re(w.past.past_time, w.past.plan_time),
        past_time=frozenset(w.past.past_time),
        aspect=frozenset(w.past.aspect),
        already_re=_any_re(w.past.already),
        baseline=tuple(w.past.baseline),
        distribute_re=re.compile(f"^(?:{dist})") if dist else None,
        review_title_re=re.compile(alternation(w.roles.review_title)),
        plan_title_re=re.compile(alternation(w.roles.plan_title)),
        # (counted over whole sections: a trie finds the same words, at each position the
        # longest, faster than the alternation)
        past_words_re=re.compile(trie_pattern(w.roles.past_words)),
        plan_words_re=re.compile(trie_pattern(w.roles.plan_words)),
        plan_start_re=_any_re(w.roles.plan_start),
        five_year_re=_any_re(w.period.five_year),  # matched at a paragraph's start
        average_re=_any_re(w.period.average),
        this_year_re=_any_re(w.period.this_year),
        first_year_re=_any_re(w.period.first_year),
        # inside, before at least two characters, not in a rate's name (计划完成率)
        light_re=re.compile(f"(?<=.)(?:{alternation(w.count.light)})(?=..)(?!.*率$)")
        if w.count.light
        else _NEVER,
        prework_re=_any_re(w.names.prework),
        project_head_re=_any_re(w.names.project_heads),
        generic_task_re=re.compile(f"(?:{alternation(w.names.generic_tasks)})$")
        if w.names.generic_tasks
        else _NEVER,
        period_words_need_year=all("年" in x for x in (*w.period.five_year, *w.period.this_year)),
        past_words_need_year=all("年" in x for x in w.past.past_time),
    )


# --------------------------------------------------------------------------------------------
# the scan: a sentence, its clauses and items, and the quantities in it
# --------------------------------------------------------------------------------------------

# Clause boundaries (a clause ends at these) and item boundaries (、 also ends an item).
_CLAUSE_CHARS = "，,；;。：:！!？?\n"
_ITEM_CHARS = _CLAUSE_CHARS + "、"
_BOUNDARY_RE = re.compile(f"[{re.escape(_ITEM_CHARS)}]")
_CLAUSE_BOUNDARY_RE = re.compile(f"[{re.escape(_CLAUSE_CHARS)}]")
_SENTENCE_RE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]?")
_YEAR_RE = re.compile(r"((?:19|20)\d\d)年")
_CJK_RE = re.compile(r"[\u4e00-\u9fff“]")
# Longest stretch before a figure read as its indicator (keeps the scan linear on huge lines).
_MAX_REGION = 48
_MAX_NOUN = 24
_MAX_AFTER = 40


def reversed_text(ctx: Context) -> str:
    """The text reversed, made once per text (the target and the outcome rules both search it
    backwards from a position)."""
    return ctx.memo("text.reversed", lambda: ctx.text[::-1])


@dataclass(frozen=True)
class _Boundaries:
    """Finds the characters that end an item (`_ITEM_CHARS`) or a clause (`_CLAUSE_CHARS`) in
    a text by one regex search each: the next one forward in the text, the last one before a
    position forward in the text reversed (no list of them per sentence)."""

    text: str
    reversed_text: str

    @classmethod
    def of(cls, ctx: Context) -> _Boundaries:
        return cls(ctx.text, reversed_text(ctx))

    def last_before(self, pos: int, lo: int, chars: str) -> int:
        """The position of the last boundary in `[lo, pos)`, or -1."""
        pattern = _BOUNDARY_RE if chars == _ITEM_CHARS else _CLAUSE_BOUNDARY_RE
        n = len(self.text)
        m = pattern.search(self.reversed_text, n - pos, n - lo) if lo < pos else None
        return n - 1 - m.start() if m is not None else -1

    def first_from(self, pos: int, stop: int, chars: str) -> int:
        """The position of the first boundary in `[pos, stop)`, or -1."""
        pattern = _BOUNDARY_RE if chars == _ITEM_CHARS else _CLAUSE_BOUNDARY_RE
        m = pattern.search(self.text, pos, stop)
        return m.start() if m is not None else -1


@dataclass(slots=True)
class _Scan:
    """What the rules see of one sentence: text, quantities, boundaries, and the state."""

    ctx: Context
    text: str
    start: int
    end: int
    quantities: Sequence[Quantity]
    boundaries: _Boundaries
    i: int = 0  # index of the quantity being decided
    consumed: set[int] = field(default_factory=set)
    last_target_end: int = -1
    last_indicator: str | None = None
    last_unit: str | None = None
    last_verb_kind: str | None = None
    # the start of the sentence's paragraph and the reader of periods: given, the targets are
    # made with their period, plan name and indicator key
    p_start: int = -1
    periods: _PeriodReader | None = None
    # what the sentence holds, read once: a rule that needs a word it lacks cannot hold
    has_from: bool = True  # a word of `from_words` (从, 由)
    has_each: bool = True  # a word of `each` (分别, 均), some 、 taken out
    may_be_done: bool = True  # an aspect word (了) or a word of `already`
    q: Quantity = field(init=False)  # the quantity being decided: `quantities[i]` (see `at`)
    # what the rules ask of `q` several times, read once (the state they read, the last target,
    # holds while `q` is decided): its item's and clause's region, what follows it, whether it
    # closes its item, its post-nominal reading (once `_q_post_read`)
    _q_item: tuple[int, str] | None = field(default=None, init=False)
    _q_clause: tuple[int, str] | None = field(default=None, init=False)
    _q_after: tuple[int, str] | None = field(default=None, init=False)
    _q_closes: bool | None = field(default=None, init=False)
    _q_post: tuple[int, str, str | None] | None = field(default=None, init=False)
    _q_post_read: bool = field(default=False, init=False)

    def at(self, i: int) -> None:
        """Decide the quantity at index `i` next."""
        self.i = i
        self.q = self.quantities[i]
        self._q_item = self._q_clause = self._q_after = self._q_closes = None
        self._q_post_read = False

    def prev_boundary(self, pos: int, chars: str) -> int:
        """Start of the clause (`chars` = _CLAUSE_CHARS) or item (_ITEM_CHARS) holding `pos`:
        after the last boundary of the sentence before it, at most 400 characters back."""
        lo = max(self.start, pos - 400)
        b = self.boundaries.last_before(min(pos, self.end), lo, chars)
        return b + 1 if b >= 0 else lo

    def next_boundary(self, pos: int, chars: str, limit: int = 400) -> int:
        """End of the clause or item holding `pos`, looking at most `limit` characters ahead."""
        stop = min(self.end, pos + limit)
        b = self.boundaries.first_from(max(pos, self.start), stop, chars)
        return b if b >= 0 else stop

    def region(self, q: Quantity, chars: str = _ITEM_CHARS) -> tuple[int, str]:
        """The text before `q` back to its item start (or the last target), at most _MAX_REGION."""
        if q is self.q:
            if chars is _ITEM_CHARS:
                got = self._q_item
                if got is None:
                    got = self._q_item = self._read_region(q, chars)
                return got
            if chars is _CLAUSE_CHARS:
                got = self._q_clause
                if got is None:
                    got = self._q_clause = self._read_region(q, chars)
                return got
        return self._read_region(q, chars)  # (another figure: read, not kept)

    def _read_region(self, q: Quantity, chars: str) -> tuple[int, str]:
        a = self.prev_boundary(q.start, chars)
        if self.last_target_end > a:
            a = self.last_target_end
        a = max(a, q.start - _MAX_REGION)
        return a, self.text[a : q.start]


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


# A time in front of an indicator (`到2032年`, `2031年底前`, `至2030年末`): when, not what.
_DEADLINE_RE = re.compile(
    r"(?:到|至|在|于)?(?:(?:19|20)\d\d年?[-—–~～至到])?(?:19|20)\d\d年(?:年?底|年?末|内)?"
    r"(?:前|以前|之前)?[，,]?"
    r"|[“\"]?十[一二三四五六七八九]五[”\"]?(?:时期|期间)[，,]?"  # “十五五”时期
    r"|(?:今后|未来)[两二三四五]年[内里]?[，,]?"  # 今后三年
)


@lru_cache(maxsize=4096)
def _strip_indicator(s: str) -> str:
    """An indicator without fillers and count verbs in front, fillers at the end, quotes kept.
    (Remembered: the rules ask it again of the same stretch.)"""
    w = _words()
    s = s.strip(" 　，,、：:；;")
    if s in w.fillers:
        return ""  # 分别, 全年: nothing but a filler
    for _ in range(6):
        m = w.lead_re.match(s) or _DEADLINE_RE.match(s)
        if not m or m.end() >= len(s):
            break
        s = s[m.end() :]
        if s[0] in "和及" and len(s) > 1:
            s = s[1:]  # 新建改建和维护提升…: the verbs were a list
    for _ in range(4):
        at = w.trail_re.start(s)
        if not at:  # (none, or the whole indicator)
            break
        if at == len(s) - 1 and s[at - 1 :] in _common_words() and s[at - 1] not in w.fillers:
            break  # one character that ends a word (公共, 首都): part of the name, no filler
        s = s[:at]
    s = w.light_re.sub("", s)  # 城镇失业人员实现再就业 -> 城镇失业人员再就业
    return s.strip(" 　，,、：:；;")


def _split_verb(region: str) -> tuple[str, str, str | None]:
    """(head, verb, verb kind) with the verb that ends `region`, if any."""
    w = _words()
    at = w.verb_end.start(region)
    if at is None:
        return region, "", None
    verb = region[at:].rstrip("\n")  # (the match ends before a last line break)
    return region[:at], verb, w.verb_kind[verb]


_CJK_RUN_RE = re.compile(r"[\u4e00-\u9fff]{2,}")
_NOTE_RE = re.compile(r"[（(][^（()）\n]{1,20}[）)]")


def _after_at(scan: _Scan, q: Quantity) -> tuple[int, str]:
    """What follows the quantity up to the end of its item (at most _MAX_AFTER characters),
    without a note in brackets right after it (`15万套（间）`, `180座（含某某工程）`), and where
    that starts."""
    if q is scan.q:
        got = scan._q_after
        if got is None:
            got = scan._q_after = _read_after(scan, q)
        return got
    return _read_after(scan, q)


def _read_after(scan: _Scan, q: Quantity) -> tuple[int, str]:
    note = _NOTE_RE.match(scan.text, q.end, min(scan.end, q.end + 22))
    start = note.end() if note else q.end
    end = scan.next_boundary(start, _ITEM_CHARS, _MAX_AFTER + 1)
    return start, scan.text[start:end]


def _after(scan: _Scan, q: Quantity) -> str:
    return _after_at(scan, q)[1]


_LIST_TAIL = "等"


def _closes_item(scan: _Scan, q: Quantity) -> bool:
    """The quantity ends its item, or only a closer (`安排`, `的目标`) follows it."""
    if q is scan.q:
        closes = scan._q_closes
        if closes is None:
            closes = scan._q_closes = _reads_closed(scan, q)
        return closes
    return _reads_closed(scan, q)


def _reads_closed(scan: _Scan, q: Quantity) -> bool:
    rest = _after(scan, q)
    if not rest or rest.startswith(_LIST_TAIL):
        return True  # 泵站6座等配套设施: 等 closes a list, what follows sums it up
    if len(rest) > _MAX_AFTER:
        return False
    m = _words().closer_re.match(rest)
    return bool(m and m.end() == len(rest))


def _kind_of(q: Quantity, verb_kind: str | None) -> TargetKind:
    if verb_kind in ("up", "down"):
        return "growth"
    if verb_kind in ("level", "cap", "exceed"):
        return "level"
    if q.kind in ("percent", "points", "ratio", "concentration") or (q.unit and "/" in q.unit):
        return "level"
    if q.kind == "money":
        return "level"
    return "count"


def _comparator(q: Quantity, verb_kind: str | None) -> Comparator:
    if q.comparator == "=" and verb_kind == "cap":
        return "<="
    if q.comparator == "=" and verb_kind == "exceed":
        return ">"
    return q.comparator


def _direction(verb_kind: str | None) -> Direction | None:
    if verb_kind == "up":
        return "up"
    if verb_kind == "down":
        return "down"
    return None


Draft = dict[str, Any]
"""A target in the making: the fields of a `Target` by name. The rules make drafts, and
`find_targets` validates those it keeps into `Target`s in one call at the end."""


def _make(
    scan: _Scan,
    q: Quantity,
    start: int,
    indicator: str,
    verb_kind: str | None,
    rule: str,
    end: int | None = None,
) -> Draft:
    end = q.end if end is None else max(end, q.end)
    start = min(start, q.start)
    kind = _kind_of(q, verb_kind)
    fields: Draft = {
        "start": start,
        "end": end,
        "rule": rule,
        "section": scan.ctx.section_id(start),
        "text": scan.text[start:end],
        "indicator": indicator,
        "direction": _direction(verb_kind),
        "comparator": _comparator(q, verb_kind),
        "kind": kind,
        **q.figure_fields(),
    }
    if scan.periods is not None:
        # made dated at once, with the indicator's key as `with_keys` sets it: what
        # `find_targets` would otherwise set on a copy
        period, name = _period_at(scan.periods, start, end, scan.start, scan.p_start)
        fields["indicator_key"] = indicator_key(indicator, kind)
        fields["period"] = period
        fields["plan_name"] = name
    return fields


def _distribute(indicator: str) -> list[str]:
    """`城乡居民人均可支配收入` -> the urban and the rural indicator (lexicon [distribute])."""
    w = _words()
    if w.distribute_re is None:
        return [indicator]
    m = w.distribute_re.match(indicator)
    if not m:
        return [indicator]
    rest = indicator[m.end() :]
    return [p + rest for p in w.raw.distribute[m.group()]]


def _split_list(head: str, only_commas: bool = False) -> list[str]:
    """`内资和外资` -> [内资, 外资]; a short first item borrows the tail of the last
    (`城镇和农村居民收入` -> 城镇居民收入, 农村居民收入). `only_commas`: split on 、 alone
    (`货物和服务进出口、民间投资`: 和 joins one name)."""
    parts = [p for p in (head.split("、") if only_commas else _words().joiner_re.split(head))]
    parts = [p for p in parts if p.strip()]
    if len(parts) < 2:
        return [head]
    parts = [_strip_indicator(p) for p in parts]
    last = parts[-1]
    out = []
    for p in parts[:-1]:
        if 0 < len(p) <= 3 and len(last) > len(p) + 2 and not last.startswith(p):
            p = p + last[len(p) :]
        out.append(p)
    out.append(last)
    return [p for p in out if p]


# --------------------------------------------------------------------------------------------
# rules
# --------------------------------------------------------------------------------------------

Rule = Callable[[_Scan], "list[Draft] | None"]
"""A rule looks at `scan.q`: None = does not apply; a list (maybe empty) = decided."""


def rule_no_unit(scan: _Scan) -> list[Draft] | None:
    """A figure with no unit (`第2`, a bare number) is not a goal's quantity."""
    q = scan.q
    return [] if q.unit is None else None


def rule_word_numeral(scan: _Scan) -> list[Draft] | None:
    """Small counts in Chinese numerals (`七个方面`, `两个智慧应用`, `十条措施`) enumerate
    topics; statistics are written in Arabic figures. Percentages in words still count."""
    q = scan.q
    if q.numeral != "chinese" or q.kind in ("percent", "points"):
        return None
    size = q.base_value if q.base_value is not None else q.value
    return [] if size < 100 else None  # 两万亩 (20000) is a figure


def rule_name(scan: _Scan) -> list[Draft] | None:
    """A count that names a policy package or an outline (`落实31项新政`, `13项任务举措`,
    `以下14个方面`) is not a goal."""
    q = scan.q
    if q.kind != "count":
        return None  # (each test below reads a count)
    w = _words()
    _, region = scan.region(q)
    if w.outline_end.start(region) is not None:
        return []
    rest = _after(scan, q)
    noun = rest[: min(len(rest), 12)]
    k = noun.find("的")
    if k >= 0:
        noun = noun[:k]
    if noun:
        ends = [m.end() for m in w.name_noun_re.finditer(noun)]
        if ends and ends[-1] == len(noun):
            return []
    if _closes_item(scan, q):
        # 其中预期性指标12项: a count of the plan's own indicators, measures or tasks
        head = _strip_indicator(region)
        ends = [m.end() for m in w.name_noun_re.finditer(head)]
        if ends and ends[-1] == len(head):
            return []
    return None


# Kinds of a capacity that may stand inside a project's name (3万吨, 10万千瓦, 5万立方米).
_CAPACITY_KINDS = ("mass", "power", "energy", "volume")


def rule_project_name(scan: _Scan) -> list[Draft] | None:
    """A figure inside a project's name: the project is under preparation (`推进某某10万千瓦光伏
    等项目前期工作`), or a capacity stands before the name's head (`实施某水厂3万吨扩建项目`)."""
    q = scan.q
    if q.kind in ("count", "money", "percent", "points", None):
        return None  # 推进30个项目前期工作: a count of projects is a goal
    w = _words()
    rest = _after(scan, q)
    if w.prework_re.search(rest):
        return []
    if q.kind in _CAPACITY_KINDS and w.project_head_re.search(rest):
        return []
    return None


def rule_starting_level(scan: _Scan) -> list[Draft] | None:
    """A figure right after 从/由 (`从24家、36家增加到40家、55家`, `由64%提高到75%`) is the
    level the goal starts from, when a verb of its clause follows it: not a goal."""
    if not scan.has_from:
        return None  # (no 从/由 in the sentence: no starting level in it)
    q = scan.q
    w = _words()
    a = scan.prev_boundary(q.start, _CLAUSE_CHARS)
    seg = scan.text[a : q.start]
    k = max(seg.rfind(f) for f in w.raw.markers.from_words)
    if k < 0:
        return None
    between = seg[k + 1 :]
    for prev in scan.quantities[: scan.i]:
        if prev.start >= a + k + 1:
            between = between.replace(prev.text, "", 1)
    if between.strip("".join(w.raw.markers.joiners)):
        return None  # 从严控制: 从 is no starting point here
    after = scan.text[q.end : scan.next_boundary(q.end, _CLAUSE_CHARS)]
    return [] if w.goal_verb_re.search(after) or w.verb_end.start(after) is not None else None


def rule_done(scan: _Scan) -> list[Draft] | None:
    """A verb marked done right before the figure (`设置了29项`, `完成了...`), or an item
    telling what already is (`目前已建成5G基站2万个`), reports the past or the present."""
    if not scan.may_be_done:
        return None  # (neither an aspect word nor one of `already` in the sentence)
    q = scan.q
    w = _words()
    _, region = scan.region(q)
    tail = region[-3:]
    if any(a in tail for a in w.aspect) or w.already_re.search(region):
        return []
    return None


def _joined_to_next(scan: _Scan) -> bool:
    """A joiner alone stands between the figure and the next one (`_values_list` takes both)."""
    j = scan.i
    if j + 1 >= len(scan.quantities):
        return False
    a, b = scan.quantities[j], scan.quantities[j + 1]
    return scan.text[a.end : b.start] in _words().raw.markers.joiners


def _holds_any(words: Sequence[str]) -> Callable[[str], bool]:
    """Whether a text holds one of the literal `words` (`_any_re(words).search(text) is not
    None`). Up to three words, by `in` for each: the scan for a literal runs several times
    quicker than the regex's scan for the set of the words' first characters, which costs
    more than three of them over a sentence."""
    found = tuple(words)
    if len(found) == 1:
        a = found[0]
        return lambda text: a in text
    if len(found) == 2:
        a, b = found
        return lambda text: a in text or b in text
    if len(found) == 3:
        a, b, c = found
        return lambda text: a in text or b in text or c in text
    search = _any_re(found).search
    return lambda text: search(text) is not None


@cache
def _each_search() -> Callable[[str], bool]:
    """Whether a text holds a word of `each` (`分别`, `均`)."""
    each = _words().raw.markers.each
    if not each or any(not x or "、" in x for x in each):
        return lambda text: True  # (the test below would not be a superset: always read on)
    return _holds_any(each)


@cache
def _sentence_tests() -> tuple[Callable[[str], bool], Callable[[str], bool]]:
    """Tests telling whether a sentence holds a word of `from_words` (else
    `rule_starting_level` cannot hold in it), and an aspect word or a word of `already` (else
    `rule_done` cannot). Each word is a literal: one found in a part of the sentence is found
    in the sentence."""
    w = _words()
    from_words = w.raw.markers.from_words
    done_words = [*w.aspect, *w.raw.past.already]
    # (no words: `rule_starting_level` fails on its own, so it is left to; an empty word is
    # in every text)
    from_test = _holds_any(from_words) if from_words else (lambda text: True)
    done_test = _holds_any(done_words) if "" not in done_words else (lambda text: True)
    return from_test, done_test


def _each_in(text: str) -> bool:
    return _each_search()(text)


def _values_list(scan: _Scan) -> list[int]:
    """Indices of the figures shared out after `分别`: `7%和8%`, `35512元、25689元`."""
    out = [scan.i]
    j = scan.i
    while j + 1 < len(scan.quantities):
        a, b = scan.quantities[j], scan.quantities[j + 1]
        gap = scan.text[a.end : b.start]
        if gap not in _words().raw.markers.joiners:
            break
        out.append(j + 1)
        j += 1
    return out


def rule_distributed(scan: _Scan) -> list[Draft] | None:
    """`A和B分别增长10%以上`, `A、B均增长8%`, `城乡居民收入分别增长7%和8%`: one target for each
    indicator (and each figure when there are several). Without 分别/均 a list of indicators set
    off by 、 sharing one rate (`工业投资、民间投资年均增长6%左右`) distributes too, and so do as
    many indicators as figures (`A和B参保率保持在95%和97%以上`); a count or an amount after a list
    is one total, and a list closed by 等 names examples of one indicator (`甲、乙等项目占比`), one
    target. A qualifier after the last figure holds for every figure."""
    q = scan.q
    joined = _joined_to_next(scan)
    if q.kind not in ("percent", "points") and not joined:
        # one figure and no rate: only a word of `each` ending the indicator makes a list (see
        # below); the indicator is part of the clause, some 、 taken out, and that of the
        # sentence
        if not scan.has_each:
            return None
        if not _each_in(scan.region(q, _CLAUSE_CHARS)[1].replace("、", "")):
            return None
    a, region = scan.region(q, _CLAUSE_CHARS)
    if not joined and not scan.has_each and "、" not in region:
        # one rate, no word of `each` in the sentence and no 、 in the clause: no list ends
        # the indicator, and `_unmarked_list` finds none before one figure
        return None
    head, _verb, kind = _split_verb(region)
    head = _ORDINAL_LIST_RE.sub("", _cut_from(head))  # 一、二、三产业 is 一二三产业
    idx = _values_list(scan)
    at = _words().each_end.start(head)
    if at is not None:
        head = head[:at]
        items = _split_list(head)
        if len(items) == 1:
            items = _distribute(_strip_indicator(items[0]))
    else:
        items = _unmarked_list(head, len(idx), q)
        if not items:
            return None
    items = [_strip_indicator(x) for x in items]
    items = [x for x in items if x]
    if not items:
        return None
    quantities = _shared_qualifier([scan.quantities[k] for k in idx])
    if len(quantities) == 1:
        quantities = quantities * len(items)
    elif len(items) == 1:
        items = items * len(quantities)
    if len(items) != len(quantities):
        return None
    scan.consumed.update(idx)
    out = [
        _make(scan, qq, a, ind, kind, "distributed")
        for ind, qq in zip(items, quantities, strict=True)
    ]
    return out


_MAX_LISTED = 16  # longest indicator of a list distributed without 分别
_ORDINAL_LIST_RE = re.compile(r"(?<=[一二三])、(?=[二三])")


def _unmarked_list(head: str, figures: int, q: Quantity) -> list[str]:
    """The indicators a list without 分别/均 shares out: as many as the figures (joined by 、 or
    和), or several set off by 、 before one rate; [] when the list does not distribute."""
    w = _words()
    if figures >= 2:
        items = [p for p in w.joiner_re.split(head) if p.strip()]
        if len(items) != figures:
            return []
    elif q.kind in ("percent", "points"):
        items = [p for p in head.split("、") if p.strip()]
        if len(items) < 2:
            return []
    else:
        return []  # a count or an amount after a list is one total
    if _closes_examples(items[-1]):
        return [head]  # 甲、乙等项目的比例: examples of one thing (等 closes them), one indicator
    for item in items:
        lead = item
        for _ in range(4):
            f = w.filler_re.match(lead)
            if not f:
                break
            lead = lead[f.end() :]
        if (
            len(lead) > _MAX_LISTED
            or any(map(str.isdigit, lead))
            or w.count_start_re.match(lead)
            or _verb_start_re().match(lead)
        ):
            return []  # 推进产业升级、城镇化率达到60%: the first item is an action
    return _split_list(head, only_commas=figures < 2)


def _closes_examples(item: str) -> bool:
    """Whether a list's last item holds 等 as a word of its own after its first character (甲、
    乙等项目), not inside a word (高等教育, 中等收入, 等级)."""
    words = _common_words()
    k = item.find(_LIST_TAIL, 1)
    while k > 0:
        if (k >= 2 and item[k - 2 : k] in words) or (
            item[k - 1 : k + 1] not in words and item[k : k + 2] not in words
        ):
            return True  # (高中等学校: 高中 is a word, so 等 is one of its own)
        k = item.find(_LIST_TAIL, k + 1)
    return False


def _common_words() -> Mapping[str, None]:
    return dictionary_words()["common"]


@cache
def _verb_start_re() -> re.Pattern[str]:
    """A level or change verb opening an item (an action, not an indicator)."""
    w = _words().raw
    return _prefix_re([*w.level.verbs, *w.level.exceed, *w.change.up, *w.change.down])


def _shared_qualifier(quantities: list[Quantity]) -> list[Quantity]:
    """`分别增长5%、6.5%左右`: the qualifier written after the last figure of a list holds for
    the bare figures before it."""
    last = quantities[-1]
    if len(quantities) < 2 or last.comparator not in ("~", ">=", "<=") or last.end <= last.core_end:
        return quantities
    return [
        dataclasses.replace(x, comparator=last.comparator) if x.comparator == "=" else x
        for x in quantities
    ]


def rule_modifier(scan: _Scan) -> list[Draft] | None:
    """A figure inside a noun phrase that another figure of the same item measures
    (`5000万元以上项目86个`, `15分钟健身圈覆盖率提升至90%`) is part of an indicator."""
    q = scan.q
    if _closes_item(scan, q):
        return None
    item_end = scan.next_boundary(q.end, _ITEM_CHARS)
    if scan.i + 1 >= len(scan.quantities) or scan.quantities[scan.i + 1].start >= item_end:
        return None
    between = scan.text[q.end : scan.quantities[scan.i + 1].start]
    if _words().joiner_re.search(between):
        return None  # 12项关键技术攻关和8项应用示范: a list of counts
    if q.kind == "count" and q.comparator == "=" and len(_CJK_RUN_RE.findall(between)) == 1:
        return None  # 38个重点项目27亿元的投资计划: a count of things, then their amount
    return []


def _post_nominal(scan: _Scan) -> tuple[int, str, str | None] | None:
    """(region start, indicator, verb kind) for `indicator [verb] figure`, the figure ending its
    item; None when the figure does not end its item. Computed once per figure and state."""
    if not scan._q_post_read:
        scan._q_post = _read_post_nominal(scan)
        scan._q_post_read = True
    return scan._q_post


def _read_post_nominal(scan: _Scan) -> tuple[int, str, str | None] | None:
    q = scan.q
    if not _closes_item(scan, q):
        return None
    a, region = scan.region(q)
    head, verb, kind = _split_verb(region)
    if a > scan.start and scan.text[a - 1] == "、" and head.endswith(_words().totals):
        # 甲线路、乙线路共20条: the total sums the whole list, one target on all of it (unless
        # an item before has a figure of its own: 学校12所、医院共3所)
        ca, clause = scan.region(q, _CLAUSE_CHARS)
        if not scan.ctx.quantities_in(ca, a):
            a, region = ca, clause
            head, verb, kind = _split_verb(region)
    head = _cut_from(head)
    if kind == "count":
        lead = head
        for _ in range(4):
            m = _words().filler_re.match(lead) or _DEADLINE_RE.match(lead)
            if not m:
                break
            lead = lead[m.end() :]
        if _words().count_start_re.match(lead):
            head, kind = head + verb, None  # 拆除违法建设: 建设 belongs to what is counted
    indicator = _strip_indicator(head)
    if kind == "count" and indicator in _words().raw.fillers.leading:
        indicator = ""  # 全年培训40万人次: see _finish
    return a, indicator, kind


def _cut_from(head: str) -> str:
    """`最低比例从77%` -> `最低比例`: a starting level before the verb is not the indicator."""
    for word in _words().raw.markers.from_words:
        k = head.rfind(word)
        if k > 0 and any(map(str.isdigit, head[k:])):
            head = head[:k]
    return head


def rule_change(scan: _Scan) -> list[Draft] | None:
    """`地区生产总值增长6.3%`, `提高1个百分点`, `下降3%`: the figure is a change (up / down)."""
    got = _post_nominal(scan)
    if got is None or got[2] not in ("up", "down"):
        return None
    a, indicator, kind = got
    return _finish(scan, a, indicator, kind, "change")


def rule_level(scan: _Scan) -> list[Draft] | None:
    """`贡献率达到55%`, `控制在3.5%以内`, `压缩至90个工作日`, `提高到68%`: a level to reach
    or to stay under."""
    got = _post_nominal(scan)
    if got is None or got[2] not in ("level", "cap", "exceed"):
        return None
    a, indicator, kind = got
    return _finish(scan, a, indicator, kind, "level")


def rule_figure(scan: _Scan) -> list[Draft] | None:
    """`城镇调查失业率5%左右`, `新增科技型中小企业40家`, `荒山绿化3.4万亩`: an indicator then its
    figure, no change verb."""
    got = _post_nominal(scan)
    if got is None:
        return None
    a, indicator, kind = got
    return _finish(scan, a, indicator, kind, "figure")


def _finish(scan: _Scan, a: int, indicator: str, kind: str | None, rule: str) -> list[Draft]:
    q = scan.q
    if not indicator:
        _, region = scan.region(q)
        verb = _split_verb(region)[1]
        if scan.last_indicator is not None and _pairs_with(q, scan.last_unit):
            indicator, rule = scan.last_indicator, rule + "+inherited"
            if kind == "count" and not indicator.endswith(verb):
                indicator += verb  # 光伏开工300万千瓦、投产200万千瓦: 光伏投产
            if kind is None and q.unit == scan.last_unit:
                kind = scan.last_verb_kind  # 增长6.5%以上，力争7%: the same change
        else:
            # what is counted is named by the paragraph's lead holding the verb (加强技能培训。
            # …全年培训40万人次), else by the item before (整治黑臭水体，完成65条); with
            # neither, only the verb names it
            indicator = _lead_naming(scan, q, verb) or _previous_item(scan, q) or verb
            if not indicator:
                return []
    return [_make(scan, q, a, indicator, kind, rule)]


def _previous_item(scan: _Scan, q: Quantity) -> str:
    """The item before the one holding `q`, in the same sentence and without a figure of its
    own, as an indicator (`中欧班列拓线扩量、开行3000班次` -> `中欧班列拓线扩量`); else ""."""
    a = scan.prev_boundary(q.start, _ITEM_CHARS)
    if a <= scan.start or scan.text[a - 1] not in "、，,":
        return ""
    b = scan.prev_boundary(a - 1, _ITEM_CHARS)
    if b < scan.start or scan.ctx.quantities_in(b, a - 1):
        return ""
    item = _strip_indicator(scan.text[b : a - 1])
    return item if 2 <= len(item) <= _MAX_NOUN and not _verb_start_re().match(item) else ""


def _lead_naming(scan: _Scan, q: Quantity, verb: str) -> str:
    """The lead of the paragraph (its topic) up to the verb that counts, when the sentence is
    not the lead itself (`加强职业技能培训。…全年培训40万人次` -> `加强职业技能培训`); else ""."""
    para = scan.ctx.paragraph_at(q.start)
    if not verb or para is None or para.topic is None or scan.start <= para.start:
        return ""
    k = para.topic.rfind(verb)
    if k <= 0:
        return ""
    name = _strip_indicator(para.topic[: k + len(verb)])
    return name if len(verb) < len(name) <= _MAX_NOUN else ""


def _verb_kind_of(t: Draft) -> str | None:
    """The change verb kind (up / down) a target was made with, if any."""
    direction: str | None = t["direction"]
    return direction


def _pairs_with(q: Quantity, last_unit: str | None) -> bool:
    """A figure with no indicator of its own continues the previous target when one of the
    two is a rate (增长8%，达到296亿元) or both count the same unit (新增1000处、累计达8000处)."""
    rates = ("%", "个百分点", "百分点")
    if last_unit is None or q.unit is None:
        return False
    return q.unit in rates or last_unit in rates or q.base_unit == _base_of(last_unit)


def _base_of(unit: str) -> str:
    """The base unit of a unit as written (`万处` -> `处`)."""
    for k in range(len(unit)):
        info = unit_info(unit[k:])
        if info is not None:
            return info.base
    return unit


def rule_count_before_noun(scan: _Scan) -> list[Draft] | None:
    """`新建3所寄宿制小学`, `打通8条断头路`, `60个常办事项实现…`: a count before the things
    counted, after a verb of doing (or opening its item)."""
    q = scan.q
    if q.kind in ("percent", "points", "money", "ratio", "time") or (
        q.kind is None and (q.base_unit is not None or q.base_value is None)
    ):
        return None  # (a figure of a magnitude alone, 80万, counts what follows: 80万农户)
    rest = _after(scan, q)
    if not rest or not _CJK_RE.match(rest):
        return None
    w = _words()
    a, region = scan.region(q)
    if _sums_up_list(scan, q):
        return []  # 办好A、B、C等3件实事: the count sums up the list, it sets no goal
    rest0 = _after(scan, q)
    if (
        scan.last_indicator is not None
        and rest0.startswith(w.trailing)
        and scan.text[scan.last_target_end : q.start] in w.raw.markers.joiners
    ):
        # 库区移民58户、142人全部安置: a second figure of the same indicator, then its verb
        return [_make(scan, q, q.start, scan.last_indicator, None, "figure+inherited")]
    lead = _strip_indicator(region) if region else ""
    lead = lead.lstrip("和与及、")
    lead_in = w.lead_in_re.match(lead)  # (anchored: one match, not a substitution)
    if lead_in is not None:
        lead = lead[lead_in.end() :]
    verb_ends = [m.end() for m in w.goal_verb_re.finditer(region)]
    if w.preposition_re.search(region, verb_ends[-1] if verb_ends else 0):
        return []  # 加强与沿线5个港口的协作; but 从12个县扩大到30个县 counts the 30
    if rest.startswith("的") and q.comparator in (">=", "<=", ">", "<"):
        return []  # 年吞吐量80万吨以上的港口码头: a threshold, not a count
    # the verb of the clause governs the item when the item is the end of a list
    # (实施人工智能、高端装备等9个重大专项) or follows a counted item (建设40个A和6条B)
    k = scan.prev_boundary(q.start, _CLAUSE_CHARS)
    reach = max(k, q.start - _MAX_REGION)
    listed = not lead or lead.endswith("等") or scan.last_target_end > reach
    scope = scan.text[reach : q.start] if listed else region
    verbs = list(w.goal_verb_re.finditer(scope))
    if lead and not verbs:
        return []
    if verbs and any(m.start() > verbs[-1].start() for m in w.existing_re.finditer(scope)):
        return []
    rest_start = _after_at(scan, q)[0]
    shared = ""
    if scan.i + 1 < len(scan.quantities):
        nxt_q = scan.quantities[scan.i + 1]
        nxt = nxt_q.start - rest_start
        if 0 <= nxt < len(rest):
            own = rest[:nxt]
            rest = own.rstrip("和与及、等")  # 80项前沿技术研发和60项…
            if own != rest and nxt_q.kind == "count":
                shared = _shared_head(
                    rest,
                    scan.text[nxt_q.end : scan.next_boundary(nxt_q.end, _ITEM_CHARS, _MAX_NOUN)],
                )
        elif nxt == len(rest) + 1 and scan.text[nxt_q.start - 1] == "、" and nxt_q.kind == "count":
            # 新建3个国家级、15个省级重点实验室: the list is set off by 、
            shared = _shared_head(
                rest,
                scan.text[nxt_q.end : scan.next_boundary(nxt_q.end, _ITEM_CHARS, _MAX_NOUN)],
            )
    noun = rest[:_MAX_NOUN]
    cut = len(noun)
    k = noun.find("的")
    if 0 <= k < cut:
        cut = k
    if cut == 0 and noun.startswith("的"):
        # 完成4000户的改造任务: the thing counted is named after 的
        noun = noun[1:]
        cut = noun.find("的") if "的" in noun else len(noun)
    noun = noun[:cut]
    if not noun or (q.kind is None and len(noun) < 2):
        return []  # (after a magnitude alone, a word: 80万农户, not 1万期)
    noun_end = rest_start + rest.find(noun) + len(noun)
    indicator = noun + shared if shared else _task_of(scan, q, noun)
    start_level = _cut_from(region)
    if start_level != region and _strip_indicator(start_level):
        indicator = _strip_indicator(start_level)  # 帮扶从15个县扩大到57个县: 帮扶 is measured
    return [_make(scan, q, a, indicator, None, "count_before_noun", noun_end)]


def _sums_up_list(scan: _Scan, q: Quantity) -> bool:
    """A count right after 等 that is the number of the items listed before it (`办好A、B、C等3件
    实事`) sums the list up; a larger count (`完成A、B等9条道路`) says how many there are."""
    if scan.text[max(scan.start, q.start - 1) : q.start] != _LIST_TAIL:
        return False
    a = scan.prev_boundary(q.start, _CLAUSE_CHARS)
    listed = scan.text[a : q.start - 1].count("、") + 1
    return q.value == listed


def _shared_head(own: str, nxt: str) -> str:
    """The head a short modifier shares with the next item of a list of counts: `国家级` before
    `省级重点实验室` shares `重点实验室` (新建3个国家级和15个省级重点实验室); else ""."""
    if not own or len(own) > 3 or len(nxt) <= len(own):
        return ""
    k = nxt.find(own[-1])
    head = nxt[k + 1 :] if 0 <= k < len(nxt) - 1 else ""
    return head if "的" not in head else ""


_MAX_LEAD = 400  # how far back in its paragraph a task's lead is looked for


def _task_of(scan: _Scan, q: Quantity, noun: str) -> str:
    """A generic task noun (`改造任务`) names its task from the lead of its paragraph: the last
    clause before the sentence that holds the task (`继续推进棚户区改造工程。…完成4000户的改造
    任务` -> `棚户区改造`), else the title of a heading running on into the paragraph; else the
    noun itself."""
    w = _words()
    m = w.generic_task_re.search(noun)
    para = scan.ctx.paragraph_at(q.start)
    if m is None or para is None or m.start() == 0:
        return noun
    task = noun[: m.start()]
    k = scan.text.rfind(task, max(para.start, scan.start - _MAX_LEAD), scan.start)
    lead = ""
    if k >= 0:
        c = max(scan.text.rfind(ch, para.start, k) for ch in _CLAUSE_CHARS) + 1
        lead = scan.text[max(c, para.start) : k + len(task)]
    else:
        sec = scan.ctx.section_at(para.start)  # a heading running on into its paragraph
        if sec is not None and sec.start == para.start and task in sec.title:
            lead = sec.title[: sec.title.rfind(task) + len(task)]
    if not lead:
        return noun
    verbs = [v.end() for v in w.goal_verb_re.finditer(lead, 0, len(lead) - len(task))]
    name = _strip_indicator(lead[verbs[-1] if verbs else 0 :])
    return name if len(task) < len(name) <= _MAX_NOUN else noun


def rule_share_before_noun(scan: _Scan) -> list[Draft] | None:
    """`推动75%以上的村级卫生室标准化达标`, `完成27亿元的年度投资计划`: a share or an amount
    of the things named after 的, after a verb of doing in its item."""
    q = scan.q
    if q.kind not in ("percent", "money"):
        return None
    rest_start, rest = _after_at(scan, q)
    if not rest.startswith("的") or len(rest) < 3:
        return None
    w = _words()
    if q.kind == "money" and (q.comparator != "=" or not w.generic_task_re.search(rest)):
        return []  # 3000万元以上的项目, 投资1.3亿元的某某工程: describes a thing, not a goal
    a, region = scan.region(q)
    scope = region
    if not region.strip("和与及、") and scan.last_target_end >= 0:
        k = scan.prev_boundary(q.start, _CLAUSE_CHARS)  # 完成66个项目54亿元的投资计划
        scope = scan.text[k : q.start]
    if not w.goal_verb_re.search(scope) or w.preposition_re.search(region):
        return []
    noun = rest[1 : 1 + _MAX_NOUN]
    return [_make(scan, q, a, noun, None, "share_before_noun", rest_start + 1 + len(noun))]


_ITEM_RE = re.compile(r"[^，,；;。：:、！？\n]+")


def find_qualitative(ctx: Context, start: int, end: int) -> list[Draft]:
    """Rule `qualitative`: goals without a figure (`居民收入增长和经济增长同步`) in the stretch
    `start:end` of a paragraph announcing the main targets; items holding a figure are left to
    `RULES`."""
    w = _words()
    out: list[Draft] = []
    taken = ctx.quantities
    starts = ctx.quantity_starts
    for m in _ITEM_RE.finditer(ctx.text, start, end):
        k = bisect.bisect_left(starts, m.start())
        if k < len(taken) and taken[k].start < m.end():
            continue
        item = m.group().strip()
        if item.startswith(tuple(w.raw.qualitative.skip_starts)) or any(
            a in item for a in w.aspect
        ):
            continue
        for pattern, spec in w.qualitative:
            hit = pattern.match(item)
            if not hit:
                continue
            indicator = _strip_indicator(hit.group("ind"))
            if not indicator:
                break
            a = m.start() + (len(m.group()) - len(m.group().lstrip()))
            b = a + len(item)
            out.append(
                {
                    "start": a,
                    "end": b,
                    "rule": "qualitative",
                    "section": ctx.section_id(a),
                    "text": ctx.text[a:b],
                    "indicator": indicator,
                    "direction": spec.dir or None,
                    "comparator": spec.cmp or None,
                    "kind": "qualitative",
                }
            )
            break
    return out


RULES: tuple[tuple[str, Rule], ...] = (
    ("no_unit", rule_no_unit),
    ("word_numeral", rule_word_numeral),
    ("name", rule_name),
    ("project_name", rule_project_name),
    ("starting_level", rule_starting_level),
    ("done", rule_done),
    ("distributed", rule_distributed),
    ("modifier", rule_modifier),
    ("change", rule_change),
    ("level", rule_level),
    ("figure", rule_figure),
    ("count_before_noun", rule_count_before_noun),
    ("share_before_noun", rule_share_before_noun),
)
"""The target cascade, in order. Each rule's docstring says what it decides."""


# --------------------------------------------------------------------------------------------
# plan or review
# --------------------------------------------------------------------------------------------


Mode = str
"""How a level-1 section is read: "plan", "review", or "mixed" (decided paragraph by paragraph)."""

_CN_ORD = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}


def _periods(s: str) -> tuple[set[int], set[int]]:
    years = {int(y) for y in _YEAR_RE.findall(s)}
    plans = {plan_number(c) for c in PLAN_RE.findall(s)}
    return years, plans


def _counts(pattern: re.Pattern[str], text: str, monotone: bool) -> Iterator[int]:
    """0, then the number of matches of `pattern` in `text` so far after each match: a
    `monotone` verdict (one that turns at most once as the count grows) read by `all` or
    `any` stops where it turns. Otherwise only the whole count."""
    if not monotone:
        yield len(pattern.findall(text))
        return
    yield 0
    for n, _ in enumerate(pattern.finditer(text), start=1):
        yield n


def _section_modes(ctx: Context, plan_year: int | None) -> dict[str, Mode]:
    """The mode of each level-1 section. A title role is taken as it is; a section with none
    is read from the periods its title names (all earlier than the plan: review), from its
    title words (both kinds: mixed), else from its text (many words of looking back: review)."""
    w = _words()
    # The latest plan the text names, read when a title first needs it. (A plain variable, not
    # a function of this scope: a compiled module's inner function holds the whole scope, and
    # a scope holding that function would be a reference cycle.)
    latest = -1
    modes: dict[str, Mode] = {}
    r = w.raw.roles
    for s in ctx.sections:
        if s.level != 1:
            continue
        body = ctx.text[s.start : s.end]
        if s.role is not None:
            # a title's role stands unless the text plainly says the opposite
            if s.role == "review" and len(body) >= r.override_length:
                review = _keeps_looking_back(body, r.override_plan)
                modes[s.id] = "review" if review else "plan"
            elif s.role == "plan":
                review = _looks_back_in(body, r.review_min, r.override_review)
                modes[s.id] = "review" if review else "plan"
            else:
                modes[s.id] = s.role
            continue
        years, plans = _periods(s.title)
        if years or plans:
            if plans and latest < 0:
                latest = max((plan_number(c) for c in PLAN_RE.findall(ctx.text)), default=0)
            old = all(plan_year is not None and y < plan_year for y in years) and all(
                p < latest for p in plans
            )
            new = any(plan_year is not None and y >= plan_year for y in years) or any(
                p >= latest for p in plans
            )
            if old and not new:
                modes[s.id] = "review"
                continue
            if new and not old:
                modes[s.id] = "mixed" if w.review_title_re.search(s.title) else "plan"
                continue
        if w.review_title_re.search(s.title) and w.plan_title_re.search(s.title):
            modes[s.id] = "mixed"
            continue
        review = _looks_back_in(body, r.review_min, r.review_ratio)
        modes[s.id] = "review" if review else "mixed"
    return modes


def _keeps_looking_back(body: str, ratio: float) -> bool:
    """Whether `body` holds at least `ratio` words of looking back per word of looking ahead
    (`past >= ratio * plan`). The words of the past are counted only as far as the verdict
    needs: it turns once at most as they grow (most review sections reach it early)."""
    w = _words()
    least = ratio * len(w.plan_words_re.findall(body))
    return any(n >= least for n in _counts(w.past_words_re, body, True))


def _looks_back_in(body: str, minimum: int, ratio: float) -> bool:
    """Whether `body` holds at least `minimum` words of looking back and more than `ratio` of
    them per word of looking ahead (`past >= minimum and past > ratio * plan`). The words of
    the plan are counted only if the past ones reach `minimum`, and only as far as the
    verdict needs: with a ratio not below zero it turns once at most, when they outweigh the
    past."""
    w = _words()
    past = len(w.past_words_re.findall(body))
    return past >= minimum and all(
        past > ratio * n for n in _counts(w.plan_words_re, body, ratio >= 0)
    )


def _modes_of(ctx: Context) -> tuple[int | None, dict[str, Mode]]:
    """The plan year and the mode of each level-1 section, read once per text (the target and
    the outcome rules both need them)."""

    def make() -> tuple[int | None, dict[str, Mode]]:
        plan_year = _plan_year(ctx)
        return plan_year, _section_modes(ctx, plan_year)

    return ctx.memo("targets.modes", make)


def looks_back(ctx: Context) -> Callable[[int], bool]:
    """For the outcome rules: a test telling whether the text at an offset reports the past as
    the target rules read it: in a level-1 section read as a review (by its title, else by its
    wording, so that a review chapter titled without 回顾 counts), or in a paragraph of a mixed
    section whose wording looks back."""
    # (`_mode_at` and `ctx.section_at` by one bisect: the mode table's stretches are those of
    # the section table)
    bounds, modes = _mode_table(ctx)
    found = ctx.section_table()[1]
    judged: dict[int, bool] = {}

    def test(offset: int) -> bool:
        k = bisect.bisect_right(bounds, offset)
        mode = modes[k]
        if mode != "mixed" or found[k] is None:
            return mode == "review"
        para = ctx.paragraph_at(offset)
        if para is None:
            return False
        if para.start not in judged:
            judged[para.start] = _looks_back(ctx, para.start, para.end)
        return judged[para.start]

    return test


def _mode_at(ctx: Context, modes: dict[str, Mode], offset: int) -> Mode:
    s: Section | None = ctx.section_at(offset)
    if s is None:
        return "mixed"
    return modes.get(s.id.partition(".")[0], "mixed")


def _mode_table(ctx: Context) -> tuple[list[int], list[Mode]]:
    """`_mode_at` by one bisect: the bounds of `Context.section_at`'s stretches, and the mode
    of each stretch (`modes[bisect_right(bounds, offset)]`), read once per text."""

    def make() -> tuple[list[int], list[Mode]]:
        modes = _modes_of(ctx)[1]
        bounds, found = ctx.section_table()
        return bounds, [
            "mixed" if s is None else modes.get(s.id.partition(".")[0], "mixed") for s in found
        ]

    return ctx.memo("targets.mode_table", make)


def _plan_year(ctx: Context) -> int | None:
    """The year the plan is for: the earliest year a level-1 heading that plans ahead names
    (`2026年重点工作`, not the 2030 of a five-year outline); else the year after the latest one a
    review heading names; else the year of the report's title or date line; else the first
    year of the five-year plan a plan heading names; else the latest year in the opening
    lines."""
    top = [s for s in ctx.sections if s.level == 1]
    plan = [int(y) for s in top if s.role == "plan" for y in _YEAR_RE.findall(s.title)]
    if plan:
        return min(plan)
    review = [int(y) for s in top if s.role == "review" for y in _YEAR_RE.findall(s.title)]
    if review:
        return max(review) + 1
    dated = detect_place_year(ctx.text, top[0].start if top else None)[1]
    if dated is not None:
        return dated
    plans = [plan_number(c) for s in top if s.role == "plan" for c in PLAN_RE.findall(s.title)]
    if plans:
        return int(plan_label(min(plans))[0][:4])
    found = [int(y) for y in _YEAR_RE.findall(ctx.text[:400])]
    return max(found) if found else None


def _past_spans(sentence: str, plan_year: int | None) -> list[tuple[int, int]]:
    """Stretches of the sentence that speak of the past, as (start, end) offsets.

    A sentence opening on the past (`去年`, `过去五年`) does from its start; one naming an
    earlier year (`2025年地区生产总值增长5.2%`) from that year on, unless the year is a
    baseline (`比2020年增长`). A later plan time word (`今年`, a plan year) ends the stretch.
    """
    w = _words()
    spans: list[tuple[int, int]] = []
    start: int | None = 0 if w.opener_re.match(sentence) else None
    if start is None and w.past_words_need_year and "年" not in sentence:
        return spans  # (no year and no word of the past: the scan below would start none)
    for m in w.time_re.finditer(sentence):
        year, past_word = _time_of(m, w.past_time)
        past = False
        if past_word is not None or (
            year is not None and plan_year is not None and int(year) < plan_year
        ):
            before = sentence[max(0, m.start() - 2) : m.start()]
            past = not any(before.endswith(b) for b in w.baseline)
        ahead = past_word is None and (
            year is None or (plan_year is not None and int(year) >= plan_year)
        )
        if past and start is None:
            start = m.start()
        elif ahead and start is not None:
            spans.append((start, m.start()))
            start = None
    if start is not None:
        spans.append((start, len(sentence) + 1))
    return spans


def _sentences(ctx: Context) -> list[tuple[int, int, int]]:
    """(start, end, paragraph start) of every sentence."""
    sents = ctx.sentences
    if sents:
        paragraphs = ctx.paragraphs
        starts, ends, indexes = sents.starts, sents.ends, sents.paragraphs
        if all(0 <= i < len(paragraphs) for i in (indexes[0], indexes[-1])):
            # (sentences name their paragraph: no search for it)
            return [
                (a, b, paragraphs[i].start) for a, b, i in zip(starts, ends, indexes, strict=True)
            ]
        out = []
        for a, b in zip(starts, ends, strict=True):
            p = ctx.paragraph_at(a)
            out.append((a, b, p.start if p else a))
        return out
    para = 0
    res = []
    for m in _SENTENCE_RE.finditer(ctx.text):
        if m.start() == 0 or ctx.text[m.start() - 1] == "\n":
            para = m.start()
        res.append((m.start(), m.end(), para))
    return res


# --------------------------------------------------------------------------------------------
# period: the years a goal is for
# --------------------------------------------------------------------------------------------

# How far back in its sentence the time words of a goal are looked for (keeps huge lines linear).
_PERIOD_REACH = 200
# A plan named as a time in a sentence (`“十五五”时期`, `十五五末`); `“十五五”开局之年` is a year.
_PLAN_TIME_RE = re.compile(
    r"十([一二三四五六七八九])(?:五|个五年)[”\"]?(?:规划)?(?:时期|期间|期末|末)"
)
_YEAR_SPAN_RE = re.compile(r"((?:19|20)\d\d)\s*年?\s*[-—–~～至到]\s*((?:19|20)\d\d)\s*年")


@dataclass(frozen=True)
class _PeriodReader:
    """Reads the period of each goal: the last time word of its sentence before it (a span of
    years, a deadline `到2030年`, `今年`, `“十五五”时期`, `今后五年`), then `年均` in the goal, then
    a paragraph opening on the five-year plan (`今后五年`), then the titles of its sections, else
    the plan year."""

    ctx: Context
    year: int | None
    sections: dict[str, tuple[str, str | None] | None]  # the period each title names, as read
    titles: dict[str, str] = field(default_factory=dict)  # the title of each section
    # the period a goal takes from the titles over it, by its section (read at the first goal)
    by_section: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    reversed_text: str = ""  # the text reversed (see `_period_at`)

    @classmethod
    def of(cls, ctx: Context, year: int | None) -> _PeriodReader:
        titles = {sec.id: sec.title for sec in ctx.sections}
        return cls(ctx, year, {}, titles, reversed_text=reversed_text(ctx))

    def title_period(self, sid: str) -> tuple[str, str | None] | None:
        """The period the title of section `sid` names (read at the first goal under it)."""
        if sid not in self.sections:
            title = self.titles.get(sid)
            self.sections[sid] = None if title is None else _title_period(title, self.year)
        return self.sections[sid]

    def five_year(self) -> tuple[str | None, str | None]:
        if self.year is None:
            return None, None
        return plan_label(plan_of_year(self.year))

    def read(
        self, start: int, end: int, s_start: int, p_start: int
    ) -> tuple[str | None, str | None]:
        """(period, plan name) of the goal at `start:end`, in the sentence from `s_start`, in the
        paragraph from `p_start`."""
        if self.year is None:
            return None, None
        w = _words()
        s_start = max(s_start, start - _PERIOD_REACH)  # a sentence's time words stand near
        got = _sentence_period(self.ctx.text[s_start:end], self.year)
        average = bool(w.average_re.search(self.ctx.text, start, end))
        if got is not None and not (average and got == (str(self.year), None)):
            return got
        if average or w.five_year_re.match(self.ctx.text, p_start):
            return self.five_year()
        sid = self.ctx.section_id(start)
        if not sid:
            return str(self.year), None
        titled = self.by_section.get(sid)
        if titled is None:
            titled = self.by_section[sid] = self._from_titles(sid)
        return titled

    def _from_titles(self, sid: str) -> tuple[str | None, str | None]:
        """The period named by the title of section `sid` or the nearest one over it, else the
        plan year."""
        while sid:
            found = self.title_period(sid)
            if found is not None:
                return found
            sid = sid.rpartition(".")[0]  # the parent section
        return str(self.year), None


def _period_at(
    periods: _PeriodReader, start: int, end: int, s_start: int, p_start: int
) -> tuple[str | None, str | None]:
    """(period, plan name) of the goal at `start:end` of the sentence from `s_start`: read
    from its own sentence (a qualitative goal may lie in a later sentence of the paragraph)."""
    lo = max(s_start, start - _PERIOD_REACH)
    own = s_start
    # (the last stop before the goal: the first one found going back in the reversed text)
    n = len(periods.ctx.text)
    stop = _STOP_RE.search(periods.reversed_text, n - start, n - lo) if lo < start else None
    if stop is not None:
        own = n - stop.start()  # (after it: `lo` is not before `s_start`)
    return periods.read(start, end, own, p_start)


_STOP_RE = re.compile("[。！？；]")


def _deadline(y: int, year: int) -> tuple[str, str | None]:
    """A year at or after the plan year: the plan year itself, or the span up to a later one
    (`到2027年` in a 2026 plan: 2026-2027)."""
    return (str(y), None) if y == year else (f"{year}-{y}", None)


def _title_period(title: str, year: int | None) -> tuple[str, str | None] | None:
    """The period a section title names: a span of years, the first year at or after the plan
    year, else the newest plan at or after the current one (a title on 十四五 and 十五五 plans
    the latter; `实现“十五五”良好开局` names the plan's first year); None when it names none."""
    if year is None:
        return None
    spans = [(int(a), int(b)) for a, b in _YEAR_SPAN_RE.findall(title)]
    spans = [(a, b) for a, b in spans if b >= year and a < b]
    if spans:
        a, b = spans[-1]
        return f"{max(a, year)}-{b}", None
    first_re = _words().first_year_re
    years = [int(y) for y in _YEAR_RE.findall(title)]
    plans: list[int] = []
    for m in PLAN_RE.finditer(title):
        n = plan_number(m.group(1))
        if first_re.search(title, m.end(), m.end() + 6):
            years.append(int(plan_label(n)[0][:4]))
        else:
            plans.append(n)
    years = [y for y in years if y >= year]
    if years:
        return _deadline(min(years), year)
    plans = [n for n in plans if n >= plan_of_year(year)]
    return plan_label(max(plans)) if plans else None


_NEXT_YEARS_RE = re.compile(r"(?:今后|未来)([两二三四])年")
_DEADLINE_BEFORE = ("到", "至", "于", "在")
_DEADLINE_AFTER = re.compile(r"年?(?:底|末|前|以前|之前|内|[，,])")


def _is_deadline(text: str, m: re.Match[str]) -> bool:
    """The year at `m` (`2027年`) is written as a time: after 到/至, before 底/前/末 or a comma,
    or opening its clause."""
    before = text[m.start() - 1 : m.start()] if m.start() else ""
    return (
        not before
        or before in _DEADLINE_BEFORE
        or before in _CLAUSE_CHARS
        or bool(_DEADLINE_AFTER.match(text, m.end()))
    )


def _sentence_period(before: str, year: int) -> tuple[str, str | None] | None:
    """The period named by the last time word of `before` (the sentence up to the end of a
    goal): a span of years, a year at or after the plan year, a plan named as a time
    (`“十五五”时期`), `今后五年`, `今年`; None when there is none."""
    w = _words()
    found: list[tuple[int, tuple[str, str | None]]] = []
    taken: list[tuple[int, int]] = []
    # (each pattern below but the plan's needs a 年, the plan's a 十: no scan without them)
    has_year = "年" in before
    words_may_match = has_year or not w.period_words_need_year
    if not words_may_match and "十" not in before:
        return None  # (no 年 and no 十: no pattern below can match, see above)
    # (a year, alone or in a span, opens on 19 or 20; the next years on 今后 or 未来: no scan
    # without them either)
    has_digits = has_year and ("20" in before or "19" in before)
    for m in _YEAR_SPAN_RE.finditer(before) if has_digits else ():
        a, b = int(m.group(1)), int(m.group(2))
        taken.append(m.span())
        if b >= year and a < b:
            found.append((m.start(), (f"{max(a, year)}-{b}", None)))
    for m in _YEAR_RE.finditer(before) if has_digits else ():
        y = int(m.group(1))
        if y > year and not _is_deadline(before, m):
            continue  # 实现2035年远景目标: a later year named, not the goal's time
        if y >= year and not any(a <= m.start() < b for a, b in taken):
            found.append((m.start(), _deadline(y, year)))
    current = plan_of_year(year)
    for m in _PLAN_TIME_RE.finditer(before) if "十" in before else ():
        n = plan_number(m.group(1))
        if w.first_year_re.search(before, m.end(), m.end() + 6):
            first = int(plan_label(n)[0][:4])
            if first >= year:
                found.append((m.start(), _deadline(first, year)))
        elif n >= current:
            found.append((m.start(), plan_label(n)))
    for m in w.five_year_re.finditer(before) if words_may_match else ():
        found.append((m.start(), plan_label(current)))
    next_years = has_year and ("今后" in before or "未来" in before)
    for m in _NEXT_YEARS_RE.finditer(before) if next_years else ():
        n = _CN_ORD.get(m.group(1), 2 if m.group(1) == "两" else 0)
        if 2 <= n <= 4:  # 今后三年: the plan year and the two after it
            found.append((m.start(), (f"{year}-{year + n - 1}", None)))
    for m in w.this_year_re.finditer(before) if words_may_match else ():
        found.append((m.start(), (str(year), None)))
    return max(found, key=lambda f: f[0])[1] if found else None


# --------------------------------------------------------------------------------------------
# stage 3 and the entry point
# --------------------------------------------------------------------------------------------


def resolve_targets(targets: Sequence[Target]) -> list[Target]:
    """The overlap policy: one target per (figure, indicator); on a clash the rule earlier in
    `RULES` wins, then the longer span, then the earlier one. Result in text order."""
    rows = [(t.rule, t.start, t.end, t.value, t.unit, t.indicator) for t in targets]
    return [targets[i] for i in _kept(rows)]


_Row = tuple[str, int, int, object, "str | None", str]
"""What the overlap policy reads of a target: rule, start, end, value, unit, indicator."""


def _kept(rows: Sequence[_Row]) -> list[int]:
    """The indices of the targets `resolve_targets` keeps, in its order, from their rows.

    When no two rows share a key (end, value, unit, indicator), as in most texts, every row
    is kept and the ranking decides nothing: the indices are only put in text order (the
    general reading, `_kept_ranked`, ranks every row first)."""
    keys = [(row[2], str(row[3]), row[4], row[5]) for row in rows]
    if len(set(keys)) < len(keys):
        return _kept_ranked(rows)
    spans = [row[1:3] for row in rows]
    if all(a <= b for a, b in pairwise(spans)):
        return list(range(len(rows)))  # (already in text order, as the rules make them)
    return sorted(range(len(rows)), key=spans.__getitem__)  # (a stable sort: ties by index)


def _kept_ranked(rows: Sequence[_Row]) -> list[int]:
    """`_kept` by ranking: the first row of each key by rule, length and start is kept."""
    order = {name: i for i, (name, _) in enumerate(RULES)}

    def rank(i: int) -> tuple[int, int, int]:
        rule, start, end = rows[i][:3]
        return (order.get(rule.split("+")[0], len(order)), -(end - start), start)

    kept: dict[tuple[int, str, str | None, str], int] = {}
    for i in sorted(range(len(rows)), key=rank):  # (a stable sort: ties stay in text order)
        _rule, _start, end, value, unit, indicator = rows[i]
        key = (end, str(value), unit, indicator)
        if key not in kept:
            kept[key] = i
    return sorted(kept.values(), key=lambda i: (rows[i][1], rows[i][2], i))


def _plan_start(ctx: Context) -> int:
    """Where the plan begins in a text without level-1 headings: the paragraph holding the
    first plan opening (`主要预期目标`, `工作安排`) when the text before it looks back; else 0."""
    if any(s.level == 1 for s in ctx.sections):
        return 0
    w = _words()
    m = w.plan_start_re.search(ctx.text)
    if m is None:
        return 0
    para = ctx.paragraph_at(m.start())
    at = para.start if para is not None else ctx.text.rfind("\n", 0, m.start()) + 1
    looks_back = _looks_back_in(ctx.text[:at], w.raw.roles.review_min, w.raw.roles.review_ratio)
    return at if looks_back else 0


def _looks_back(ctx: Context, p_start: int, fallback_end: int) -> bool:
    """A paragraph (of a section without a clear role) full of words of looking back."""
    w = _words()
    para = ctx.paragraph_at(p_start)
    # (a paragraph's verdict is read once per text: the outcome rules ask it too)
    judged: dict[int, bool] = ctx.memo("targets.looks_back", dict)
    if para is not None and p_start in judged:
        return judged[p_start]
    body = ctx.text[p_start : para.end if para is not None else fallback_end]
    r = w.raw.roles
    verdict = _looks_back_in(body, r.paragraph_min, r.paragraph_ratio)
    if para is not None:
        judged[p_start] = verdict
    return verdict


def _sentence_rows(ctx: Context) -> tuple[Sequence[int], Sequence[int], Callable[[int], int]]:
    """The starts and the ends of the sentences (those `_sentences` gives), and the start of
    the paragraph of the sentence at an index, looked up only for the sentences read."""
    sents = ctx.sentences
    if sents:
        starts, ends = ctx.sentence_bounds()
        paragraphs = ctx.paragraphs
        indexes = sents.paragraphs
        if all(0 <= i < len(paragraphs) for i in (indexes[0], indexes[-1])):
            return starts, ends, lambda i: paragraphs[indexes[i]].start

        def para_start(i: int) -> int:
            p = ctx.paragraph_at(starts[i])
            return p.start if p else starts[i]

        return starts, ends, para_start
    rows = _sentences(ctx)
    return [r[0] for r in rows], [r[1] for r in rows], lambda i: rows[i][2]


def _sentences_holding(
    starts: Sequence[int], ends: Sequence[int], held: Sequence[int], lo: int, hi: int
) -> set[int]:
    """The indices in `lo:hi` of the sentences (their `starts` and `ends`, in text order) that
    hold an offset of `held` (in order, each at or after `starts[lo]`): for each offset, the
    last sentence starting at or before it, if it starts before that one's end. (Both in text
    order: the sentence is found by walking on from the last one found, several times cheaper
    than a bisect per offset.)"""
    out: set[int] = set()
    i = lo
    last = hi - 1
    for x in held:
        while i < last and starts[i + 1] <= x:
            i += 1
        if x < ends[i]:
            out.add(i)
    return out


def _read_sentences(
    ctx: Context, starts: Sequence[int], ends: Sequence[int], plan_start: int
) -> list[int]:
    """The indices of the sentences the cascade must read, in text order: every sentence of a
    stretch read as mixed (they carry the state of their paragraph), and in a stretch read as
    a plan those holding a quantity or an announcement of goals (a match of `announce`
    overlapping the sentence: a sentence whose own text holds one always has one); none of a
    review, and none before `plan_start`."""
    bounds, modes = _mode_table(ctx)
    qstarts = ctx.quantity_starts
    announce = _words().announce
    n = len(starts)
    out: list[int] = []
    for k, mode in enumerate(modes):
        if mode == "review":
            continue
        lo = bisect.bisect_left(starts, max(bounds[k - 1] if k else 0, plan_start))
        hi = bisect.bisect_left(starts, bounds[k]) if k < len(bounds) else n
        if lo >= hi:
            continue
        if mode != "plan":
            out.extend(range(lo, hi))
            continue
        # the sentences holding a quantity start
        qlo = bisect.bisect_left(qstarts, starts[lo])
        qhi = bisect.bisect_left(qstarts, ends[hi - 1])
        wanted = _sentences_holding(starts, ends, qstarts[qlo:qhi], lo, hi)
        # (the announcements found over the stretch's sentences alone, as over their text)
        for a_start, a_end in announce.spans(ctx.text, starts[lo], max(ends[lo:hi])):
            i = max(lo, bisect.bisect_right(starts, a_start, lo, hi) - 1)
            while i < hi and starts[i] < a_end:
                if ends[i] > a_start:
                    wanted.add(i)
                i += 1
        out.extend(sorted(wanted))
    return out


def find_targets(ctx: Context) -> list[Target]:
    """Every target of the text: stage 1 quantities through the `RULES` cascade, then
    `resolve_targets`."""
    text = ctx.text
    quantities = ctx.quantities
    starts = ctx.quantity_starts
    plan_year, _modes = _modes_of(ctx)
    bounds, modes = _mode_table(ctx)
    w = _words()
    out: list[Draft] = []
    review_paragraph = -1
    qual_done = -1
    judged = -1
    plan_start = _plan_start(ctx)
    periods = _PeriodReader.of(ctx, plan_year)
    from_test, done_test = _sentence_tests()
    boundaries = _Boundaries.of(ctx)

    def dated(made: list[Draft], s_start: int, p_start: int) -> list[Draft]:
        for t in made:
            period, name = _period_at(periods, t["start"], t["end"], s_start, p_start)
            t["period"], t["plan_name"] = period, name
            # (the indicator's key too, as `with_keys` sets it: it then makes no second copy)
            t["indicator_key"] = indicator_key(t["indicator"], t["kind"])
        return made

    s_starts, s_ends, para_start = _sentence_rows(ctx)
    for si in _read_sentences(ctx, s_starts, s_ends, plan_start):
        s_start, s_end = s_starts[si], s_ends[si]
        p_start = para_start(si)
        lo = bisect.bisect_left(starts, s_start)
        hi = bisect.bisect_left(starts, s_end)
        mode = modes[bisect.bisect_right(bounds, s_start)]
        if mode == "mixed":
            if judged != p_start:
                judged = p_start
                if _looks_back(ctx, p_start, s_end):
                    review_paragraph = p_start  # a paragraph of a mixed section telling the past
            if w.opener_at.match(text, s_start, s_end):
                review_paragraph = p_start  # a paragraph opening on the past, in a mixed section
        announce = (  # (looked for only where a goal without a figure may be)
            w.announce_re.search(text, s_start, s_end)
            if review_paragraph != p_start and s_start >= qual_done
            else None
        )
        if announce:
            para = ctx.paragraph_at(s_start)
            qual_done = para.end if para is not None else s_end
            qual = find_qualitative(ctx, announce.end(), qual_done)
            out.extend(dated(qual, s_start, p_start))
        if lo == hi or (mode == "mixed" and review_paragraph == p_start):
            continue
        sentence = text[s_start:s_end]
        scan = _Scan(ctx, text, s_start, s_end, quantities[lo:hi], boundaries)
        scan.p_start, scan.periods = p_start, periods
        scan.has_from = from_test(sentence)
        scan.has_each = _each_in(sentence.replace("、", ""))
        scan.may_be_done = done_test(sentence)
        past = _past_spans(sentence, plan_year)  # (offsets in the sentence)
        for i in range(len(scan.quantities)):
            if i in scan.consumed:
                continue
            scan.at(i)
            q = scan.q
            if past and any(a <= q.start - s_start < b for a, b in past):
                continue
            for _name, rule in RULES:
                made = rule(scan)
                if made is None:
                    continue
                if made:
                    out.extend(made)  # (made dated: see `_make`)
                    scan.last_target_end = (
                        made[0]["end"] if len(made) == 1 else max(t["end"] for t in made)
                    )
                    scan.last_indicator = made[-1]["indicator"]
                    scan.last_unit = made[-1]["unit"]
                    scan.last_verb_kind = _verb_kind_of(made[-1])
                break
    # the overlap policy over the drafts, then the kept ones validated as targets in one call
    rows = [
        (t["rule"], t["start"], t["end"], t.get("value"), t.get("unit"), t["indicator"])
        for t in out
    ]
    return _target_list().validate_python([out[i] for i in _kept(rows)])


@cache
def _target_list() -> TypeAdapter[list[Target]]:
    """Validates a text's targets in one call (cheaper than one by one)."""
    return TypeAdapter(list[Target])
