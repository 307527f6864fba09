"""Project extraction: named construction projects, works, parks, facilities and platforms.

The text is read clause by clause (a clause runs between two of ，。；：！？); only clauses that
hold a governing word are read. A clause is parsed by its structure:

    lead      framing words in front (`加快推进`, `重点实施了`, `建好建强`); the verb among
              them governs the list (`status_before`)
    list      names set off by 、 和 及, optionally closed by 等 + a tail (`等项目`, `等7个牧场`)
              or by a count and a kind (`甲和乙两个体育公园`)
    status    a status word after the list, of a class (`[[status]]` in the lexicon:
              preliminary, founding, start, progress, upgrade, completion, operation)

    names [等 [count] tail] [adverbs] [measure] status   `甲、乙等项目投入运营`
    verb names [等 tail]                                  `推进甲乙产业园、丙丁中心等项目`
    ... verb names 等 tail  /  支持A verb name            a verb in mid-clause

Coordination distributes: a shared head or work goes to bare items (`第五、第六污水处理厂`,
`甲河、乙河堤防工程`, `甲、乙等灌区现代化改造`), a count and its kind to every item, a bare
phase takes its sibling's name (`X一期和二期`). The items are then judged one by one by an
ordered cascade of named rules (`RULES`); the first rule that accepts an item names the result:

    quoted_name        `“甲乙铁路”建设`                     a built thing quoted as a whole
    head_noun          `甲县再生资源产业园`, `甲路五期`       a facility head or a phase ends it
    shared_head        `甲、乙等检查站`, `甲和乙两个公园`     a bare item takes the list's head
    shared_place       `甲镇养护院和敬老院`, `X一期和二期`   a bare head takes the name before it
    facility_sibling   `甲军事馆、乙博物馆`                  an unlisted facility beside headed ones
    named_work         `甲河生态修复`, `309国道改造`          work on a named place or facility
    rated_plant        `甲乙200万吨褐煤提质`                 a named plant with its capacity
    unknown_head       `甲乙写字楼主体封顶`                  a proper name before an unlisted head
    list_generic_tail  `甲路四期等重点工程`, `X项目`          a head-less name set off by a tail
    listed_member      `甲府、乙湾等棚改项目`                 a bare member of a list of projects

Names are tested on evidence, not on lists of forbidden characters: a proper noun of a general
dictionary, a word it does not know, Latin letters (`names.name_evidence`); a name that is
one common word of the dictionary (`道路`) is a kind. Stop words apply to whole words. Generic
phrases (`一批特色产业园区`, `国家实验室`), programmes (`人才工程`, `X行动`), campaigns
(`平安校园`), policy zones and city roles (`国际科技创新中心`) are turned down by the shared
checks of `_refusal`, each with a reason `explain_projects` shows. All words come from
`lexicons/projects.toml`; no name is listed anywhere: names are found by the rules.

A facility named by what it does (`described_heads`: 平台, 基地, 枢纽, 中心...) needs more than
its head: common words alone before it (`_nameless`: no proper noun, place of the gazetteer
`lexicons/places.txt`, unknown word, number, quote or ordinal) describe a kind or a role. Such
a phrase is turned down alone under a weak verb (`建设成果转化基地`) unless an event verb or a
strong status attests it (`X启动建设`), in a list that holds a kind of facility
(`国家物流枢纽、综合货运枢纽`), and under a role verb (`打造X集散中心`) unless the text lists it
as a project. A quoted numbered formula before nothing of a name is a slogan (`“四好农村路”`).

Each distinct name yields one `Project` per document, with every place it occurs as a mention;
names that hold one another are one project, unless they differ by a phase.

Most clauses and regions hold no project; they are declined before any item is built by a
necessary condition read at C speed (`_Yields`, derived from the same lists): a word that ends
an accepted item (a head, a phase, a facility character, a work, a generic tail) must stand
where an item ends, unless a quote, a strong status, a 等 tail of projects, a capacity or a
pair of sides vouches for the region.
"""

from __future__ import annotations

import bisect
import re
import sys
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import _lru_cache_wrapper, cache, lru_cache
from pathlib import Path
from typing import NamedTuple

import regex
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)

from ..errors import LexiconError
from ..lexicons import load_bundled, load_toml
from ..models import Project
from ..numbers import unit_info
from ..patterns import alternation, leftmost_longest, trie_pattern
from .context import Context
from .names import (
    described_name_evidence,
    is_common,
    is_proper,
    name_evidence,
    place_word,
    proper_word,
    words,
)

LEXICON_FILE = "projects.toml"

# Bounds that keep every scan linear: clauses longer than this are not project frames.
MAX_CLAUSE = 240
MIN_NAME = 3  # a name with a head: "锦州港"
MIN_HEADLESS = 5  # a name without a head: "中水再利用"
MAX_NAME = 40


# (this module's function type, Cython's when compiled: pydantic must know it for methods)
_FUNCTION_TYPES = (type(lambda: None),)


class HeadGroup(BaseModel):
    """Facility heads sharing one category."""

    model_config = ConfigDict(ignored_types=_FUNCTION_TYPES, extra="forbid", frozen=True)

    category: str = Field(min_length=1)
    words: tuple[str, ...] = Field(min_length=1)


class StatusGroup(BaseModel):
    """Status words of one class (`completion`, `preliminary` ...); `strong` classes say the
    work is finished or running."""

    model_config = ConfigDict(
        ignored_types=_FUNCTION_TYPES, extra="forbid", frozen=True, populate_by_name=True
    )

    kind: str = Field(min_length=1, alias="class")
    strong: bool = False
    words: tuple[str, ...] = Field(min_length=1)


class ProjectLexicon(BaseModel):
    """Schema of `lexicons/projects.toml` (see the file's header for what each list holds)."""

    model_config = ConfigDict(ignored_types=_FUNCTION_TYPES, extra="forbid", frozen=True)

    head: tuple[HeadGroup, ...] = Field(min_length=1)
    status: tuple[StatusGroup, ...] = Field(min_length=1)
    phase: tuple[str, ...]
    status_before: tuple[str, ...] = Field(min_length=1)
    lead: tuple[str, ...]
    adverbs: tuple[str, ...]
    generic_tails: tuple[str, ...]
    generic_modifiers: tuple[str, ...]
    generic_names: tuple[str, ...]
    generic_starts: tuple[str, ...]
    quality_words: tuple[str, ...]
    abstract_endings: tuple[str, ...]
    head_modifiers: tuple[str, ...]
    generic_inside: tuple[str, ...]
    functional_heads: tuple[str, ...]
    zone_heads: tuple[str, ...]
    policy_words: tuple[str, ...]
    physical_words: tuple[str, ...]
    activity_words: tuple[str, ...]
    generic_qualifiers: tuple[str, ...]
    facility_chars: tuple[str, ...]
    place_suffixes: tuple[str, ...]
    bare_shared_heads: tuple[str, ...]
    cut_after: tuple[str, ...]
    clause_verbs: tuple[str, ...]
    work_nouns: tuple[str, ...]
    place_chars: tuple[str, ...]
    described_heads: tuple[str, ...]
    national_words: tuple[str, ...]
    role_verbs: tuple[str, ...]
    reach_words: tuple[str, ...]
    role_openings: tuple[str, ...]
    agent_markers: tuple[str, ...]

    @field_validator(
        "phase",
        "status_before",
        "lead",
        "adverbs",
        "generic_tails",
        "generic_modifiers",
        "generic_names",
        "generic_starts",
        "quality_words",
        "abstract_endings",
        "head_modifiers",
        "generic_inside",
        "functional_heads",
        "zone_heads",
        "policy_words",
        "physical_words",
        "activity_words",
        "generic_qualifiers",
        "facility_chars",
        "place_suffixes",
        "bare_shared_heads",
        "cut_after",
        "clause_verbs",
        "work_nouns",
        "place_chars",
        "described_heads",
        "national_words",
        "role_verbs",
        "reach_words",
        "role_openings",
        "agent_markers",
    )
    @classmethod
    def _no_blank(cls, words: tuple[str, ...]) -> tuple[str, ...]:
        if any(not w.strip() for w in words):
            raise ValueError("blank entry")
        if len(set(words)) != len(words):
            raise ValueError(
                f"duplicate entries: {sorted({w for w in words if words.count(w) > 1})}"
            )
        return words

    @model_validator(mode="after")
    def _statuses_unique(self) -> ProjectLexicon:
        words = [w for g in self.status for w in g.words]
        if len(set(words)) != len(words):
            dup = sorted({w for w in words if words.count(w) > 1})
            raise ValueError(f"a status word is listed under two classes: {dup}")
        return self

    @property
    def status_after(self) -> tuple[str, ...]:
        """Every status word, of all classes."""
        return tuple(w for g in self.status for w in g.words)

    @property
    def strong_status(self) -> tuple[str, ...]:
        """The status words of the strong classes (completion, operation)."""
        return tuple(w for g in self.status if g.strong for w in g.words)

    def status_class(self, word: str) -> str | None:
        """The class of a status word, or None."""
        return next((g.kind for g in self.status if word in g.words), None)

    @model_validator(mode="after")
    def _heads_unique(self) -> ProjectLexicon:
        words = [w for g in self.head for w in g.words]
        if len(set(words)) != len(words):
            dup = sorted({w for w in words if words.count(w) > 1})
            raise ValueError(f"a head is listed under two categories: {dup}")
        return self


class ProjectLexiconExtension(BaseModel):
    """A user file's `[projects]` table: the same lists as the bundled lexicon, all optional."""

    model_config = ConfigDict(ignored_types=_FUNCTION_TYPES, extra="forbid", frozen=True)

    head: tuple[HeadGroup, ...] = ()
    status: tuple[StatusGroup, ...] = ()
    # the flat lists of earlier versions, still read: words of `status_after` join a class
    # `user`, those also in `strong_status` a strong class `user-strong`
    status_after: tuple[str, ...] = ()
    strong_status: tuple[str, ...] = ()
    phase: tuple[str, ...] = ()
    status_before: tuple[str, ...] = ()
    lead: tuple[str, ...] = ()
    adverbs: tuple[str, ...] = ()
    generic_tails: tuple[str, ...] = ()
    generic_modifiers: tuple[str, ...] = ()
    generic_names: tuple[str, ...] = ()
    generic_starts: tuple[str, ...] = ()
    quality_words: tuple[str, ...] = ()
    abstract_endings: tuple[str, ...] = ()
    head_modifiers: tuple[str, ...] = ()
    generic_inside: tuple[str, ...] = ()
    functional_heads: tuple[str, ...] = ()
    zone_heads: tuple[str, ...] = ()
    policy_words: tuple[str, ...] = ()
    physical_words: tuple[str, ...] = ()
    activity_words: tuple[str, ...] = ()
    generic_qualifiers: tuple[str, ...] = ()
    facility_chars: tuple[str, ...] = ()
    place_suffixes: tuple[str, ...] = ()
    bare_shared_heads: tuple[str, ...] = ()
    cut_after: tuple[str, ...] = ()
    clause_verbs: tuple[str, ...] = ()
    work_nouns: tuple[str, ...] = ()
    place_chars: tuple[str, ...] = ()
    described_heads: tuple[str, ...] = ()
    national_words: tuple[str, ...] = ()
    role_verbs: tuple[str, ...] = ()
    reach_words: tuple[str, ...] = ()
    role_openings: tuple[str, ...] = ()
    agent_markers: tuple[str, ...] = ()

    def extend(self, base: ProjectLexicon) -> ProjectLexicon:
        """`base` with these words added (a head listed here takes this category)."""
        data = base.model_dump(by_alias=True)
        for field in type(self).model_fields:
            if field in ("head", "status", "status_after", "strong_status"):
                continue
            data[field] = list(dict.fromkeys([*data[field], *getattr(self, field)]))
        mine = {w for g in self.head for w in g.words}
        groups = [
            {"category": g["category"], "words": [w for w in g["words"] if w not in mine]}
            for g in data["head"]
        ]
        groups = [g for g in groups if g["words"]]
        groups += [g.model_dump() for g in self.head]
        data["head"] = groups
        # a status word listed here takes this class
        flat = [
            StatusGroup(kind=kind, strong=strong, words=ws)
            for kind, strong, ws in (
                ("user-strong", True, tuple(dict.fromkeys(self.strong_status))),
                (
                    "user",
                    False,
                    tuple(
                        w for w in dict.fromkeys(self.status_after) if w not in self.strong_status
                    ),
                ),
            )
            if ws
        ]
        added = (*self.status, *flat)
        mine = {w for g in added for w in g.words}
        kept = [{**g, "words": [w for w in g["words"] if w not in mine]} for g in data["status"]]
        data["status"] = [g for g in kept if g["words"]] + [
            g.model_dump(by_alias=True) for g in added
        ]
        return ProjectLexicon.model_validate(data)


# How many searches each ending pattern remembers (the least recently used go first).
_ENDING_MEMO = 1 << 14


_ENDINGS: weakref.WeakSet[_Ending] = weakref.WeakSet()  # every _Ending, for `clear_memos`


def clear_memos() -> None:
    """Forget the searches every compiled ending remembers (what benchmarks do so that texts
    parsed again count as new reports; the compiled patterns stay)."""
    for ending in list(_ENDINGS):
        ending.clear()


class _AnyCharacter(frozenset[str]):
    """A set that holds every string: the `finals` of an ending built from no words."""

    def __contains__(self, item: object) -> bool:
        return True


class _Ending:
    """A compiled `(?r)...$` pattern (what a string ends in) that remembers its searches: the
    items of a report are asked the same question by several rules. `search` is the
    pattern's own search behind a bounded `lru_cache` (a lookup at C speed, no Python frame
    per call); `fullmatch` is the pattern's, not remembered.

    `finals` holds the characters a match can end in: the last characters of the words the
    pattern is made of, and the newline (before which `$` also matches). A string whose last
    character is not among them ends in no match: the busiest callers test that first
    (`text[-1:] in finals`, a set lookup) and spare the search, which on a string asked for
    the first time costs a pass of the pattern."""

    __slots__ = ("__weakref__", "_memo", "finals", "fullmatch", "pattern", "search")

    def __init__(
        self,
        pattern: regex.Pattern[str] | re.Pattern[str],
        finals: frozenset[str] | None,
        find: Callable[..., regex.Match[str] | re.Match[str] | None] | None = None,
    ) -> None:
        """`find`, when given, stands for the pattern's search: it must find the same match
        (`_Backward.search`)."""
        self.pattern = pattern
        self.finals = _AnyCharacter() if finals is None else finals | {"\n"}
        self._memo: _lru_cache_wrapper[regex.Match[str] | re.Match[str] | None] = lru_cache(
            maxsize=_ENDING_MEMO
        )(pattern.search if find is None else find)
        self.search = self._memo
        self.fullmatch = pattern.fullmatch
        _ENDINGS.add(self)

    def remembered(self) -> int:
        """How many searches this ending remembers."""
        return self._memo.cache_info().currsize

    def clear(self) -> None:
        """Forget the remembered searches."""
        self._memo.cache_clear()


# the rest of a string from where a match found otherwise starts: a match of the same span
_REST = re.compile(".*", re.S)


class _Backward:
    """The search of a reverse pattern `(?r)...$` (what a string ends in) by one anchored
    match of `backward`, the same pattern written for the string reversed: the regex
    module's reverse search tries each word of an alternation in turn where the string
    ends, a trie of the reversed words one branch per character. `backward` must try the
    readings of the reverse pattern in its order (a trie prefers its longest word, and gives
    way to the shorter ones); the match returned is that of the same span (`_REST`), which
    is all the callers read of it (its text, its start). A string with a line break (before
    which `$` also matches), or a search of part of a string, is left to the reverse
    pattern."""

    __slots__ = ("backward", "reverse")

    def __init__(self, backward: str, reverse: regex.Pattern[str]) -> None:
        self.backward = re.compile(backward)
        self.reverse = reverse

    def search(
        self, s: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> regex.Match[str] | re.Match[str] | None:
        """What the reverse pattern's `search` finds in `s[pos:endpos]` (the same span)."""
        if "\n" in s or pos or endpos < len(s):  # (the rules search whole strings)
            return self.reverse.search(s, pos, endpos)
        m = self.backward.match(s[::-1])
        return None if m is None else _REST.match(s, len(s) - m.end())


def _reversed_trie(words: Iterable[str]) -> str:
    """The trie of `words` reversed (see `_Backward`)."""
    return trie_pattern(w[::-1] for w in words)


def _finals(*word_lists: Iterable[str]) -> frozenset[str] | None:
    """The last characters of the words of `word_lists` (all a pattern made of them can end
    in), or None when a list is empty (a pattern of no words matches the empty string)."""
    out: set[str] = set()
    for ws in word_lists:
        last = {w[-1] for w in ws}
        if not last:
            return None
        out |= last
    return frozenset(out)


def _word_end(words: Iterable[str]) -> _Ending:
    """The longest of `words` that ends a string. A forward search of the words' trie anchored
    at the end finds it: the leftmost start of a word that ends the string is where the
    longest one starts (the match a reverse search of the words, longest first, finds, at a
    third of its cost)."""
    words = tuple(words)
    return _Ending(re.compile(rf"(?:{trie_pattern(words)})$"), _finals(words))


@dataclass(frozen=True, eq=False, slots=True)  # (hashed by identity: a key of the memos)
class _Compiled:
    lex: ProjectLexicon
    head_category: dict[str, str]
    clause: re.Pattern[str]
    lead: re.Pattern[str]
    lead_run: re.Pattern[str]  # the framing words at the front of a clause, in one match
    lead_first: frozenset[str]
    status_before: frozenset[str]
    strong: frozenset[str]
    status_after: re.Pattern[str]
    adverbs_end: _Ending
    adverbs_start: re.Pattern[str]
    head_end: _Ending
    head_any: re.Pattern[str]
    phase_end: _Ending
    work_end: _Ending
    tail: re.Pattern[str]
    generic_tail_end: _Ending
    quantity_start: re.Pattern[str]
    item: re.Pattern[str]
    conj: re.Pattern[str]
    generic_names: frozenset[str]
    generic_starts: frozenset[str]
    generic_start_tuple: tuple[str, ...]  # the same, for one `str.startswith` before cutting
    generic_start_first: frozenset[str]  # (and the characters they open with, tested first)
    quality_words: frozenset[str]
    quality_tuple: tuple[str, ...]
    quality_first: frozenset[str]
    abstract_end: _Ending
    head_modifier_end: _Ending
    clause_verb_start: re.Pattern[str]
    generic_inside: re.Pattern[str]
    generic_qualified: re.Pattern[str]
    quantity_inside: re.Pattern[str]
    functional_end: _Ending
    zone_end: _Ending
    policy: re.Pattern[str]
    physical: re.Pattern[str]
    activity: re.Pattern[str]
    inner_tail: re.Pattern[str]
    facility_end: _Ending
    inner_lead: re.Pattern[str]
    status_end: _Ending
    place_prefix: re.Pattern[str]
    place: re.Pattern[str]
    any_verb: re.Pattern[str]
    clause_bounds: tuple[re.Pattern[str], re.Pattern[str]] | None
    mid_verb: re.Pattern[str]
    work_any: re.Pattern[str]
    hint: _Hints
    work_nouns: frozenset[str]
    readable: _Hints
    yields: _Yields
    described: frozenset[str]
    national_start: re.Pattern[str]  # a national word opening a string (the first listed)
    national_any: re.Pattern[str]  # a national word anywhere
    quantity_first: frozenset[str]  # the characters `quantity_start` can open with
    clause_verb_first: frozenset[str]  # the characters `clause_verb_start` can open with
    # what a framing word says of the governing verb, read once per distinct word
    lead_verbs: dict[str, str | None] = dataclass_field(
        default_factory=dict, compare=False, repr=False
    )


def load_project_lexicon(paths: Iterable[str | Path] = ()) -> ProjectLexicon:
    """The bundled project lexicon extended by the `[projects]` table of each user file.

    A user file holds any of the bundled lists under `[projects]` (`lead = [...]`,
    `[[projects.head]]` groups ...); its words are added to the bundled ones, and a head it
    lists takes the user's category. Other tables of the file belong to other extractors.
    Raises `LexiconError` on a malformed file. Read once per process per list of paths.
    """
    return _load(tuple(Path(p) for p in paths))


@cache
def _load(paths: tuple[Path, ...]) -> ProjectLexicon:
    try:
        lex = ProjectLexicon.model_validate(load_bundled(LEXICON_FILE))
    except ValidationError as exc:
        raise LexiconError(f"{LEXICON_FILE}: {exc}") from None
    for path in paths:
        table = load_toml(path).get("projects")
        if table is None:
            continue
        try:
            extra = ProjectLexiconExtension.model_validate(table)
        except ValidationError as exc:
            raise LexiconError(f"{path}: not a valid [projects] table: {exc}") from None
        lex = extra.extend(lex)
    return lex


def _hint_pattern(hints: set[str]) -> re.Pattern[str]:
    """Whether a region holds the last two characters of a hint, a one-character hint or a
    digit. (One trie whose branches each open with a character: the search then skips to the
    characters that can open a match.)"""
    ends = {w[-2:] for w in hints} | set("0123456789")
    return re.compile(trie_pattern(ends))


_NEVER = re.compile(r"(?!)")


def _char_class(chars: Iterable[str]) -> re.Pattern[str]:
    """A pattern of one of `chars` (never matching when there are none)."""
    escaped = "".join(sorted({re.escape(ch) for ch in chars}))
    return re.compile(f"[{escaped}]") if escaped else _NEVER


class _Hints:
    """Whether a stretch of text holds what `_hint_pattern` finds, in up to three searches at
    C speed: the one-character hints (a character class), then a pair of characters of which
    the first opens a two-character hint and the second ends one (two classes, a necessary
    condition), and only then the two-character hints themselves. The trie of all hints tries
    each of its hundreds of branches at every character that opens one; the classes cost a
    lookup per character."""

    __slots__ = ("one", "pair", "two")

    def __init__(self, hints: set[str]) -> None:
        ends = {w[-2:] for w in hints} | set("0123456789")
        twos = sorted(e for e in ends if len(e) == 2)
        self.one = _char_class(e for e in ends if len(e) == 1)
        firsts, seconds = _char_class(e[0] for e in twos), _char_class(e[1] for e in twos)
        self.pair = re.compile(firsts.pattern + seconds.pattern) if twos else _NEVER
        self.two = re.compile(trie_pattern(twos)) if twos else _NEVER

    def found(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> bool:
        """Whether `text[pos:endpos]` holds a hint."""
        return self.one.search(text, pos, endpos) is not None or (
            self.pair.search(text, pos, endpos) is not None
            and self.two.search(text, pos, endpos) is not None
        )

    def first_end(self, text: str, pos: int = 0) -> int:
        """Where the first hint of `text[pos:]` to end ends (`sys.maxsize` when none does):
        `text[pos:endpos]` holds a hint exactly when it ends by `endpos`."""
        m = self.one.search(text, pos)
        end = m.end() if m is not None else sys.maxsize
        # (a two-character hint counts when it ends first)
        if self.pair.search(text, pos, end) is not None:
            m = self.two.search(text, pos, end)
            if m is not None:
                end = m.end()
        return end


# The marks an item of a list can end before: the list marks, 等, quotes and the bracket of a
# note (`_bare` drops a trailing note); the end of the region is the other place.
_ITEM_ENDS = "、和及与等“”()（）"
# an opening quote that does not open a whole quote of the item pattern (`Item` items keep
# `“...”` of up to 30 characters whole): an item may end before it
_LOOSE_QUOTE = re.compile(r"“(?![^“”]{0,30}”)")


class _Yields:
    """A necessary condition for a frame to yield a project, read by one or two searches at
    C speed over its region (the rules' first tests, moved to where the items end):

    - a word that ends an accepted item (a head, a phase, 段, 线, a facility character, a
      work, a generic tail) stands at the end of an item: before one of `_ITEM_ENDS` or the
      end of the region, past at most two words `_inner` cuts (a status word, 建设, 新建);
      the test reads the region without its quotes (`_bare` drops them), unless an opening
      quote is no whole quote (an item may then end before it: the frame is read);
    - or the tail after the last 等 holds a generic tail, 项目 or 工程 (the list is one of
      projects), a rated capacity stands in the region (`rated_plant`), a direction stands
      before 、 (`南、北X`: a pair of works named by their sides), or the status is strong.

    A region with none of these is declined unread: `_frame` would make items of it that
    every rule declines."""

    __slots__ = (
        "at_end",
        "before_mark",
        "clause_end",
        "ender_lasts",
        "in_clause",
        "others",
        "tail",
    )

    def __init__(self, lex: ProjectLexicon, heads: Iterable[str]) -> None:
        enders = {
            *heads,
            *lex.phase,
            *lex.facility_chars,
            *lex.work_nouns,
            *lex.generic_tails,
            "段",  # a section (`phase_end`)
            "线",  # a numbered line (`head_end`)
        }
        cuts = {*lex.status_after, "建设", "新建"}
        # read on the region reversed: from the end of an item back over the cuts to the word
        # (a pattern that opens with the marks lets the search skip to them at C speed)
        # (a class of the characters that may come first spares trying the tries' branches
        # one by one where none can match)
        lasts = "".join(sorted({re.escape(w[-1]) for w in (*cuts, *enders)}))
        backward = (
            rf"(?=[{lasts}])(?:{trie_pattern(w[::-1] for w in cuts)}){{0,2}}"
            rf"(?:{trie_pattern(w[::-1] for w in enders)})"
        )
        ends = "".join(re.escape(ch) for ch in _ITEM_ENDS)
        self.at_end = re.compile(backward)
        self.before_mark = re.compile(f"[{ends}]{backward}")
        self.tail = re.compile(trie_pattern({*lex.generic_tails, "项目", "工程"}))
        # The same for a whole clause (`clause_possible`): a region ends within its clause
        # before a status word, an adverb, a measure or 获 (what `_clause_hits` cuts), or at
        # the clause's end; a word `_inner` cuts opens with a status word, 建设 or 新建
        follow = {*_ITEM_ENDS, *"0123456789获"} | {
            w[0] for w in (*lex.status_after, *lex.adverbs, "建设", "新建")
        }
        ender_lasts = "".join(sorted({re.escape(w[-1]) for w in enders}))
        enders_back = f"(?=[{ender_lasts}]){trie_pattern(w[::-1] for w in enders)}"
        self.clause_end = re.compile(enders_back)
        self.in_clause = re.compile(
            f"[{''.join(sorted(re.escape(ch) for ch in follow))}]{enders_back}"
        )
        self.ender_lasts = frozenset(w[-1] for w in enders)
        # the other marks of a possible clause, in one search (every branch opens with a
        # character, so the search skips to them at C speed): a quote, a strong status that
        # may close a region, a pair of sides, 等 before a generic tail, a rated capacity
        tails_after = trie_pattern({*lex.generic_tails, "项目", "工程"})
        self.others = re.compile(
            _literal_first(
                ({*lex.strong_status, "“", "”"}, ""),
                ((f"{side}、" for side in sorted(_DIRECTIONS)), ""),
                (("等",), f".*?(?:{tails_after})"),
                (tuple("0123456789"), _CAPACITY_REST),
            )
        )

    def possible(self, region: str, strong: bool) -> bool:
        """Whether `_frame` of `region` may yield an item some rule accepts."""
        if strong:
            return True
        plain = region
        if "“" in region or "”" in region:
            if "“" in region and _LOOSE_QUOTE.search(region) is not None:
                return True
            plain = region.replace("“", "").replace("”", "")
        backward = plain[::-1]
        if self.at_end.match(backward) is not None or self.before_mark.search(backward):
            return True
        k = region.rfind("等")
        if k > 0 and self.tail.search(region, k + 1) is not None:
            return True
        return _CAPACITY.search(region) is not None or _SIDES.search(region) is not None

    def clause_possible(self, clause: str) -> bool:
        """Whether some region of `clause` may pass `possible`: a clause that fails holds no
        region `_clause_hits` would read a project from."""
        return self.span_possible(clause, clause[::-1], 0, len(clause))

    def span_possible(self, text: str, backward: str, a: int, b: int) -> bool:
        """`clause_possible` of the clause `text[a:b]`, read in place (`backward` is `text`
        reversed: no clause is cut out or reversed)."""
        return any(True for _ in self._possible(text, backward, ((a, b),)))

    def possible_spans(
        self, text: str, spans: Iterable[tuple[int, int]]
    ) -> Iterator[tuple[int, int]]:
        """The spans of `spans` whose clause passes `span_possible`, in one loop with the
        patterns and the reversed text read once (a call of `span_possible` per clause costs
        as much as the searches that decline most)."""
        return self._possible(text, text[::-1], spans)

    def bounded_spans(
        self, text: str, bounds: tuple[re.Pattern[str], re.Pattern[str]], *, test: bool = True
    ) -> list[tuple[int, int]]:
        """`possible_spans` of the clauses `_clause_spans` finds with `bounds`: the clauses and
        `_possible`'s test in one loop (no generator hands each span from one to the other).
        With `test` False, every clause found (what `_clause_spans` reads).

        From one governing word to the next past the clause it stands in: each match skips at
        C speed, finds the word and the end of its clause, and the clause mark before the word
        is found next to it (`finditer` goes on where a match ends, as a search from there
        would: no match is empty)."""
        marks, verb_rest = bounds
        match = marks.match
        n = len(text)
        backward = text[::-1] if test else ""
        lasts, clause_end = self.ender_lasts, self.clause_end.match
        in_clause, others = self.in_clause.search, self.others.search
        out: list[tuple[int, int]] = []
        b = 0
        for m in verb_rest.finditer(text):
            v, end = m.span()
            k = match(text, b, v)  # the last clause mark before the word
            a = k.end() if k is not None else b
            b = end
            if b - a <= MAX_CLAUSE and (
                not test
                or (text[b - 1 : b] in lasts and clause_end(backward, n - b, n - a) is not None)
                or in_clause(backward, n - b, n - a) is not None
                or others(text, a, b) is not None
            ):
                out.append((a, b))
        return out

    def _possible(
        self, text: str, backward: str, spans: Iterable[tuple[int, int]]
    ) -> Iterator[tuple[int, int]]:
        """The spans whose clause may hold a region `possible` passes: one ends where a region
        may end, or holds a word a region needs (`backward` is `text` reversed)."""
        n = len(text)
        lasts, clause_end = self.ender_lasts, self.clause_end.match
        in_clause, others = self.in_clause.search, self.others.search
        for a, b in spans:
            if (
                (text[b - 1 : b] in lasts and clause_end(backward, n - b, n - a) is not None)
                or in_clause(backward, n - b, n - a) is not None
                or others(text, a, b) is not None
            ):
                yield a, b


def _literal_first(*parts: tuple[Iterable[str], str]) -> str:
    """An alternation of tries (`(?:trie1)suffix1|(?:trie2)suffix2...`), the same words tried
    in the same order, written as one branch per opening character of each trie. Every branch
    then opens with a character, which lets the standard `re` skip at C speed to the places
    where a match can start (it does not for a group of groups)."""
    branches: list[str] = []
    for alternatives, suffix in parts:
        by_first: dict[str, list[str]] = {}
        for w in alternatives:
            by_first.setdefault(w[0], []).append(w)
        # (each trie lists its branches by opening character, sorted)
        branches += [trie_pattern(by_first[ch]) + suffix for ch in sorted(by_first)]
    return "|".join(branches)


_CLAUSE_MARKS = "，。；：！？,;!?\n"


def _clause_bounds(verbs: set[str]) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """Two patterns that find the clause around a governing word: the text up to the last
    clause mark before it, and the word with the rest of its clause after it (one search finds
    both). None when a word holds a clause mark (a word would then run over the end of a
    clause)."""
    if any(ch in _CLAUSE_MARKS for w in verbs for ch in w):
        return None
    return (
        re.compile(rf".*[{_CLAUSE_MARKS}]", re.S),
        re.compile(rf"(?:{trie_pattern(verbs)})[^{_CLAUSE_MARKS}]*"),
    )


def _lead_pattern(lex: ProjectLexicon) -> str:
    """One framing word at the front of a clause: a lead word, or an amount of money spent."""
    return (
        rf"(?:{trie_pattern(lex.lead + lex.status_before)})"  # 加快推进, 重点, 实施, 了 ...
        r"|总?投资[0-9.]+[万亿]*元的?"  # 投资1.2亿元, 总投资7亿元的
        r"|[一二三四五六七八九十]+[是要]"  # 一是, 二要 (inline enumeration)
        r"|[(（][一二三四五六七八九十0-9]+[)）]"  # (一), （2）
    )


@cache
def compiled(paths: tuple[Path, ...] = ()) -> _Compiled:
    """The lexicon (bundled plus user files), compiled into regexes once per list of paths."""
    lex = _load(paths)
    head_category = {w: g.category for g in lex.head for w in g.words}
    heads = alternation(head_category)
    phase = alternation(lex.phase)
    verbs = {*lex.status_after, *lex.status_before, *lex.cut_after}
    hints = {
        *head_category,
        *lex.facility_chars,
        *lex.work_nouns,
        *lex.phase,
        *lex.generic_tails,
        "等",
        "段",
        "线",
        "“",
    }
    return _Compiled(
        lex=lex,
        head_category=head_category,
        # a clause: the text between two clause marks (bounded later by MAX_CLAUSE)
        clause=re.compile(rf"[^{_CLAUSE_MARKS}]+"),
        # one framing word at the front of a clause: a lead word, or an amount of money spent
        lead=re.compile(lead := _lead_pattern(lex)),
        # what `_cut_lead_plain` reads word by word: a framing word, then more, each after
        # 、及和 at most (`新建、改造X`). (The pattern holds no lookaround: each repetition
        # takes the match `lead` takes where the last one ended, and none is taken back, as
        # nothing follows the repetitions.)
        lead_run=re.compile(f"(?:{lead})(?:(?:{lead})|[、及和](?:{lead}))*"),
        # the characters a framing word opens with (the four kinds above)
        lead_first=frozenset(
            {w[0] for w in (*lex.lead, *lex.status_before)} | set("总投一二三四五六七八九十(（")
        ),
        status_before=frozenset(lex.status_before),
        strong=frozenset(lex.strong_status),
        # a status word, not the inside of a noun (`修复工程` holds no 复工)
        status_after=re.compile(rf"(?:{trie_pattern(lex.status_after)})(?!工程|程)"),
        adverbs_end=_Ending(
            regex.compile(rf"(?r)(?:{alternation(lex.adverbs)})+$"), _finals(lex.adverbs)
        ),
        adverbs_start=re.compile(rf"^(?:{trie_pattern(lex.adverbs)})+(?=.)"),
        # a facility head at the end of a name, optionally followed by a phase (二期)
        head_end=_Ending(
            head_reverse := regex.compile(
                rf"(?r)(?:{heads}"  # 产业园, 铁路, 中心 ...
                r"|[0-9A-Za-z]+号?线)"  # a numbered line: M102线, 22号线
                rf"(?:{phase})?$"  # 二期
            ),
            _finals(head_category, ("线",), lex.phase),  # (a phase is optional)
            # (the same read from the end: an optional phase, then the longest head, else a
            # numbered line, as many letters and digits as stand before `号?线`)
            _Backward(
                rf"(?:{_reversed_trie(lex.phase)})?"
                rf"(?:{_reversed_trie(head_category)}|线号?[0-9A-Za-z]+)",
                head_reverse,
            ).search,
        ),
        # a phase or a section of a work: 四期, 红庙至平谷段
        head_any=re.compile(heads),
        phase_end=_Ending(
            regex.compile(rf"(?r)(?:{phase}|[^、]{{1,8}}(?<!阶)段)$"), _finals(lex.phase, "段")
        ),
        work_end=_word_end(lex.work_nouns),
        # what follows 等: a count, generic qualifiers, then the shared tail
        tail=re.compile(
            r"(?P<count>[0-9一二三四五六七八九十两]+[个项家座条处所批])?"  # 3个, 30项
            rf"(?P<mods>(?:{alternation(lex.generic_modifiers)})*)"  # 重点, 大尺度, 市级
            r"(?P<rest>.{0,16})"  # 工程 / 郊野公园 / 进京检查站
        ),
        generic_tail_end=_word_end(lex.generic_tails),
        # a quantity in front: 178座, 2所, 30项, 三个 (not 6G, 十四冬, 三中)
        quantity_start=re.compile(
            r"^(?:[0-9][0-9.]*[万亿]?(?![0-9.A-Za-z]|国道|省道|县道|号线)"  # 178 (not 309国道)
            r"|[一二三四五六七八九十两百千]+[个项家座条处所批名])"  # 三个, 两座
        ),
        # a list item: quoted stretches are kept whole, 、 outside quotes separates items
        item=re.compile(r"(?:[^、“]+|“[^“”]{0,30}”)+"),  # (a run of plain characters at a time)
        conj=re.compile(r"[和及]"),
        generic_names=frozenset(lex.generic_names),
        generic_starts=frozenset(lex.generic_starts),
        generic_start_tuple=tuple(lex.generic_starts),
        generic_start_first=frozenset(w[0] for w in lex.generic_starts),
        quality_words=frozenset(lex.quality_words),
        quality_tuple=tuple(lex.quality_words),
        quality_first=frozenset(w[0] for w in lex.quality_words),
        abstract_end=_word_end(lex.abstract_endings),
        head_modifier_end=_word_end(lex.head_modifiers),
        clause_verb_start=re.compile(rf"^(?:{trie_pattern(lex.clause_verbs)})"),
        generic_inside=re.compile(trie_pattern(lex.generic_inside)),
        generic_qualified=re.compile(rf"(?:{alternation(lex.generic_qualifiers)})+"),
        # a measured amount inside a name: 3897个, 200万亩, 16公里; only whether one stands
        # there is read: the last digit or numeral before its unit, one class of both opening
        # the pattern (the search then skips to them at C speed; two alternatives that open
        # with a class each are tried at every character)
        quantity_inside=re.compile(QUANTITY_INSIDE),
        functional_end=_word_end(lex.functional_heads),
        zone_end=_word_end(lex.zone_heads),
        policy=re.compile(trie_pattern(lex.policy_words)),
        physical=re.compile(trie_pattern(lex.physical_words)),
        activity=re.compile(trie_pattern(lex.activity_words)),
        # a generic tail inside an item: `主通道重点工程隆泸叙铁路` -> 隆泸叙铁路
        inner_tail=re.compile(r"(?:重点|重大)(?:工程|项目)"),
        facility_end=_word_end(lex.facility_chars),
        status_end=_word_end(lex.status_after),
        # the place that opens a name: the shortest run of 2-8 characters ending in a unit
        place_prefix=re.compile(rf"[^、]{{1,7}}?(?:{alternation(lex.place_suffixes)})"),
        # a framing verb inside a region, safe to cut after: a verb with 了 (完成了), or a
        # long lead word (加快推进) that no name holds
        inner_lead=re.compile(
            _literal_first(
                (lex.status_before, "了"),  # 完成了
                ((w for w in lex.lead if len(w) >= 4), ""),  # 加快推进
                (lex.cut_after, ""),  # 实施
            )
        ),
        place=re.compile(trie_pattern(lex.place_chars)),
        # what a region must hold for any rule to accept a name in it (unless a strong status
        # follows): a head, a facility character, a work, a phase, a generic tail, 等, 段, 线,
        # a quote or a digit. The prefilter looks for the last two characters of each such
        # word (a region without any cannot hold the word) and skips the region unread.
        hint=_Hints(hints),
        # what a clause must hold for any of its regions to be read: a hint, or a strong
        # status word (which may close a region without one)
        readable=_Hints(hints | set(lex.strong_status)),
        yields=_Yields(lex, head_category),
        work_nouns=frozenset(lex.work_nouns),
        work_any=re.compile(trie_pattern(lex.work_nouns)),
        mid_verb=re.compile(trie_pattern(w for w in lex.status_before if len(w) >= 2)),
        any_verb=re.compile(trie_pattern(verbs)),
        clause_bounds=_clause_bounds(verbs),
        described=frozenset(lex.described_heads),
        # (the words in their listed order: a match is the first word `before` opens with)
        national_start=(
            re.compile("|".join(re.escape(w) for w in lex.national_words))
            if lex.national_words
            else _NEVER
        ),
        national_any=re.compile(trie_pattern(lex.national_words)) if lex.national_words else _NEVER,
        quantity_first=frozenset("0123456789一二三四五六七八九十两百千"),
        clause_verb_first=(
            frozenset(w[0] for w in lex.clause_verbs) if lex.clause_verbs else _AnyCharacter()
        ),
    )


# ---------------------------------------------------------------------------------------------
# A list item on its way to becoming a project


@dataclass(slots=True)
class Item:
    """One member of a listed frame, with what the frame says about it (built once per member
    and only read by the rules: not frozen, which makes it cheap to build)."""

    text: str  # the item as written (framing cut)
    start: int  # offset of `text` in the document
    shared: str | None  # a head shared by the list ("郊野公园"), to distribute over bare items
    generic_tail: bool  # the list stands before 项目 / 等重点工程 ...
    strong: bool  # the status is a completion or operation verb and ends the clause
    governed: bool  # a project verb governs the list (before or after)
    framed: bool  # the list is set off: framing words cut in front, 等, or several items
    headed_siblings: bool = False  # another item of the list ends in a facility head
    previous: str | None = None  # the item before this one in the list
    kind_tail: bool = False  # the list ends in 等 + a tail saying what kind its items are
    counted: bool = False  # the list ends in a count and the kind it counts (`两个地下商城`)
    after: bool = False  # the status word follows the list (`X、Y主体封顶`)
    tail: str = ""  # what follows 等 (`在建项目`, `科研院所`)
    members: int = 1  # how many items the list holds
    status: str = ""  # the status word after the list, when there is one
    # the head-less items of a `等` list (None for another list): whether they take its
    # shared head is read from them only when a rule asks (`joins`)
    bare_members: tuple[str, ...] | None = None
    verb: str = ""  # the governing verb before the list, when there is one
    siblings: tuple[str, ...] = ()  # the items of the list, this one among them

    @property
    def joins(self) -> bool:
        """Whether the list's bare items take its shared head (see `_joins`)."""
        return self.bare_members is None or _joins(self.bare_members)


class Found(NamedTuple):
    """A rule's verdict on an item: the name and the span of text it rests on (a named tuple:
    made for every accepted item and every first mention, at a third of a frozen dataclass's
    cost)."""

    name: str
    category: str | None
    start: int
    end: int


Rule = Callable[[Item, _Compiled], "Found | None"]


_PAREN_END = re.compile(r"[(（][^()（）]{1,12}[)）]$")
# two phrases joined by 和 inside one name (`试点城市和零碳园区`); 和平, 和谐, 和美 are words
_JOINED = re.compile(r"..和(?![平谐美顺])..")


# what `_Compiled.quantity_inside` finds (a measured amount inside a name: `3897个`, `200万亩`,
# `三个`), written for a search of whether one stands in a name: each alternative opens on the
# class of its first character, so the search skips at C speed to a digit or numeral (the tests
# hold the plain form, `[0-9]+(?:个|...)|[一...两]+[个...]`, and check the two agree)
QUANTITY_INSIDE = (
    r"[0-9一二三四五六七八九十两]"
    r"(?:(?<=[0-9])(?:[个项家座条处所户]|万?亩|公里|平方米)"  # 3897个, 200万亩
    r"|(?<=[一二三四五六七八九十两])[个座条处所家项])"  # 三个
)
# a length or area between a name and its status: `126公里`, `3.5万亩`
_MEASURE_END = re.compile(r"[0-9][0-9.]*(?:公里|千米|米|万亩|亩|万平方米|平方米|平方公里)$")
_MEASURE_FINALS = frozenset("里米亩\n")  # the characters `_MEASURE_END` can end in (`$`: \n)
# a rated capacity inside a name: `200万吨`, `2×35万千瓦`
# (what follows the first digit, for patterns that open with each digit on its own)
_CAPACITY_REST = (
    r"[0-9.]*(?:[×xX][0-9][0-9.]*)?万?(?:吨|千瓦|千伏安|千伏|立方米|标箱|头|辆|台|套|吨标煤|亩)"
)
_CAPACITY = re.compile(f"[0-9]{_CAPACITY_REST}")
# an amount of money in front of a name: `800万元`, `投资1.3亿元的`
# An approval received, before a preliminary status (X项目获国家核准): 获 and who grants it
_APPROVER_END = re.compile(r"获[\u4e00-\u9fff]{0,8}$")
_AMOUNT_START = re.compile(r"^(?:总?投资)?[0-9][0-9.]*[万亿]*元(?:的|实施的)?")
# A capacity class before a name (`5万吨级`, `10万千瓦级`): a figure, a unit of measure, 级
_CLASS_START = re.compile(r"^[0-9][0-9.]*[万亿]*([\u4e00-\u9fff]{1,3})级")
_MEASURES = frozenset({"mass", "power", "energy", "length", "area", "volume"})


def _capacity_class(text: str) -> int:
    """The length of a capacity class opening `text` (`5万吨级`), 0 if none: a unit of measure,
    not a count (`7个省级` is a count and a grade)."""
    m = _CLASS_START.match(text)
    if m is None:
        return 0
    info = unit_info(m.group(1))
    return m.end() if info is not None and info.kind in _MEASURES else 0


_AMOUNT_OPENERS = frozenset("总投0123456789")  # the characters `_AMOUNT_START` opens with


@lru_cache(maxsize=1 << 14)
def _bare(name: str) -> str:
    """The name without quotes and without a trailing note in brackets (`渝昆高铁（渝宜段）`)."""
    if "“" not in name and "”" not in name and not name.endswith((")", "）")):
        return name
    return str(_PAREN_END.sub("", name.replace("“", "").replace("”", "")))


@lru_cache(maxsize=1 << 14)
def _head_of(name: str, c: _Compiled) -> str | None:
    m = c.head_end.search(_bare(name))
    if m is None:
        return None
    head: str = m.group()
    if head.endswith(c.lex.phase):  # (one test for all phases; most heads have none)
        for ph in c.lex.phase:
            if head.endswith(ph) and head != ph:
                head = head[: -len(ph)]
                break
    return head


def _category(name: str, c: _Compiled) -> str | None:
    head = _head_of(name, c)
    if head is None:
        return None
    return c.head_category.get(head, "轨道交通" if head.endswith("线") else None)


_SERIAL = re.compile(r"[一二三四五六七八九十]+.")


_DIRECTIONS = frozenset({"东", "西", "南", "北", "中"})


def _names_itself(name: str) -> bool:
    """A one-character head (`路`, `站`) stands after a name of its own: the last word of the
    name is not a common word ending in that character (`道路`, `车站`), nor a word that ends in
    one (`集成电路`),
    unless a numeral of a series (`三路`) or a direction (`东路`)."""
    last = words(name)[-1]
    if len(last) == 1 or _SERIAL.fullmatch(last) or last[:-1] in _DIRECTIONS:
        return True  # `甲乙路`, `青禾三路`, `甲乙东路`
    if not is_common(last) and not (len(last) > 2 and is_common(last[-2:])):
        return True
    # a common word ending in the head (`道路`), or a longer word of the dictionary ending in
    # one (`集成电路`: 电路), is a word, not a name and its head
    # `甲乙东环道路`: a common word after a name of its own (of three characters at least: a
    # two-character word the dictionary lacks is often a common term, `外环`)
    before = name[: len(name) - len(last)]
    return len(before) >= 3 and name_evidence(before) is not None


def _starts_generic(name: str, c: _Compiled) -> bool:
    """Whether the first words of `name` (whole dictionary words, never a character inside
    one) are a generic opening (`一批`, `老旧小区`); a one-character opening (`本`, `该`) counts
    only before a common word (`本项目`, not `本桓宽高速`)."""
    if name[:1] not in c.generic_start_first or not name.startswith(c.generic_start_tuple):
        return False  # the opening words are a prefix of the name: no cut needed
    ws = words(name)
    for k in range(1, min(4, len(ws)) + 1):
        head = "".join(ws[:k])
        if head in c.generic_starts and (len(head) > 1 or (k < len(ws) and is_common(ws[k]))):
            return True
    return False


def _acceptable(name: str, c: _Compiled, *, headless: bool, shortest: int = 0) -> bool:
    """Whether `name` passes the shared checks (see `_refusal`)."""
    return _refusal(name, c, headless=headless, shortest=shortest) is None


def _campaign(name: str, c: _Compiled) -> bool:
    """A quality word before one bare type (`平安校园`, `海绵城市`): a campaign or a title."""
    if name[:1] not in c.quality_first or not name.startswith(c.quality_tuple):
        return False  # the first word is a prefix of the name: no cut needed
    ws = words(name)
    return len(ws) == 2 and ws[0] in c.quality_words and is_common(ws[1])


# a quoted formula built on numerals at the start of a name: `“四好农村路”`, `“一县一品”供应链`
_FORMULA_START = re.compile(r"“(?P<f>[^“”]*[一二三四五六七八九十双两百千万0-9][^“”]*)”")


def _numbered_formula(name: str, c: _Compiled) -> bool:
    """Whether `name` is a numbered formula, alone or before a phrase that names nothing of
    its own (no proper noun, place or unknown word, no phase or section, no physical work): a
    slogan, not a work (`“两湖”三期` and `“一港两园”起步区示范段` are works)."""
    m = _FORMULA_START.match(name)
    if m is None:
        return False
    rest = name[m.end() :]
    if not rest:
        return True
    # a phase or section, a name, or physical work on what the formula counts (`“两山一湖”
    # 生态修复工程`: two hills and a lake restored) make it a work
    named = c.phase_end.search(rest) or name_evidence(rest) or c.physical.search(rest)
    return named is None


_PHASED_PROJECT = re.compile(r"项目(?=[一二三四五六七八九十首]期)")


@lru_cache(maxsize=1 << 14)  # (the rules ask it of one name again and again)
def _refusal(
    name: str, c: _Compiled, *, headless: bool, shortest: int = 0, listed: bool = False
) -> str | None:
    """Why `name` is no project name, or None: length, a generic phrase, a quantity, a clause,
    a programme, a policy zone, a bare kind of facility. `shortest` overrides the least
    length (a listed member may be as short as 2: `甲乙`); `listed` when a list of projects
    vouches for the name (a campaign-like name is then taken: `幸福家园等棚改项目`)."""
    bare = _bare(name)
    least = shortest or (MIN_HEADLESS if headless else MIN_NAME)
    if not least <= len(bare) <= MAX_NAME:
        return "length"
    if bare in c.generic_names or name in c.generic_names or is_common(bare):
        return "generic word"  # a kind (`产业园区`) or a word of the general dictionary (`道路`)
    first = bare[:1]  # (what `_starts_generic` and `_campaign` test first, read here)
    if (first in c.generic_start_first and _starts_generic(bare, c)) or (
        first in c.quantity_first and c.quantity_start.search(bare)
    ):
        return "generic opening"
    if not listed and first in c.quality_first and _campaign(bare, c):
        return "campaign"
    if first in c.clause_verb_first and c.clause_verb_start.search(bare):
        return "clause"
    if c.generic_inside.search(_PHASED_PROJECT.sub("", name) if "项目" in name else name):
        return "generic inside"  # `项目一期` is a phase of a named project
    if c.quantity_inside.search(bare):
        return "quantity"
    if "的" in name or "等" in name or ("和" in bare and _JOINED.search(bare)):
        return "clause"
    if name.startswith("”") or name.endswith("“") or name.endswith(("和", "及", "与")):
        return "broken quote or conjunction"
    if headless and name.startswith("“") and name.endswith("”"):
        return "slogan"  # a quoted formula without a head is a slogan
    if name.startswith("“") and _numbered_formula(name, c):  # (a formula opens with a quote)
        return "slogan"  # `“四好农村路”`, `“四向八廊”综合交通走廊`: a numbered formula
    last = bare[-1:]  # (what the endings below can end in is tested before each search)
    if last in c.functional_end.finals and c.functional_end.search(bare):
        return "city role"
    if last in c.zone_end.finals and c.zone_end.search(bare) and c.policy.search(bare):
        return "designation"  # `创新发展试验区`, `国家X综合试验区`: a status granted
    if bare.endswith("工程"):
        before = bare[:-2]
        # a programme (人才工程), not a built work, unless a facility stands before 工程
        # (`甲乙大剧院工程`)
        built = c.head_end.search(before) or c.facility_end.search(before)
        if not built and c.physical.search(bare) is None:
            return "programme"
        # a work named by an activity alone (`湿地保护修复工程`: 保护, 修复 of a kind), with no
        # facility, name, number or quote of its own (`甲乙广场改造提升工程` is named)
        if (
            not built
            and c.activity.search(before)
            and _NAMED_MARK.search(before) is None  # (the cheap tests first)
            and _ANY_DIGIT.search(before) is None
            and c.head_any.search(before) is None
            and name_evidence(before) is None
        ):
            return "programme"
    if not headless:
        head = _head_of(bare, c) or ""
        if len(head) == 1 and not _names_itself(bare):
            return "common word before a one-character head"
        # the head alone, or a head behind a single character, is not a name (unless the
        # dictionary knows the whole as a proper noun: `西大街`)
        if len(bare) - len(head) < 2 and not is_proper(bare):
            return "head alone"
        # only scope words and type qualifiers before the head: 国家实验室, 零碳园区
        m = c.head_end.search(bare)
        if head and m and c.generic_qualified.fullmatch(bare, 0, m.start()):
            return "kind of facility"
        # only a quoted formula before the head: `“五好”园区` is a kind, not a name
        if name.startswith("“") and name.find("”") == len(name) - len(head) - 1:
            return "kind of facility"
    return None


def _work_on(item: Item, c: _Compiled) -> bool:
    """Whether the list shares a work done on each headed item (`甲路、乙路绿化工程`), not the
    kind of thing the items are (`甲路、乙路等道路工程`)."""
    shared = item.shared
    if not shared:
        return False
    head = _head_of(item.text, c)
    if item.counted and head:
        return head not in shared  # `甲路、乙街两个市民广场`
    if item.kind_tail or not head:
        return False
    return shared.endswith("工程") and len(shared) > 2 and head not in shared


def rule_quoted_name(item: Item, c: _Compiled) -> Found | None:
    """A built thing quoted as a whole: `“锦赤白珠乔铁路”建设` -> 锦赤白珠乔铁路."""
    t = item.text
    if not (t.startswith("“") and t.endswith("”") and t.count("“") == 1 and item.governed):
        return None
    name = t[1:-1]
    if _NUMBERED.match(name):
        return None  # `“四好农村路”`: a numbered formula is a slogan
    if _head_of(name, c) is None or not _acceptable(name, c, headless=False):
        return None
    return Found(name, _category(name, c), item.start, item.start + len(t))


_NUMERALS = "一二三四五六七八九十"
_ANY_DIGIT = re.compile(r"[0-9一二三四五六七八九十百千万两]")
_NAMED_MARK = re.compile(r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ“”（(]|第[一二三四五六七八九十]")


def _common_phrase(text: str) -> bool:
    """Whether `text` is made of common words of the dictionary only (`人力资源`, `农村资产权益`):
    a field or a kind, with nothing that could name one thing."""
    ws = words(text)
    return all(len(w) > 1 and is_common(w) for w in ws)


@lru_cache(maxsize=1 << 12)  # (asked by each item of a list of the same list)
def _fields(items: tuple[str, ...]) -> bool:
    """Whether a list names fields, not things: two of its items at least, and a third of them,
    are made of common words (`技术、数据、水权、人力资源等要素平台`)."""
    n_common = sum(1 for t in items if _common_phrase(t))
    return n_common >= 2 and 3 * n_common >= len(items)


@lru_cache(maxsize=1 << 12)  # (asked by each item of a list of the same list)
def _kinds(items: tuple[str, ...], c: _Compiled) -> bool:
    """Whether one item of a list names a kind of facility (`国家物流枢纽、综合货运枢纽`,
    `一批概念验证、中试验证平台`): its nameless siblings are kinds too."""
    return any(_kind(t, c.head_end.search(_bare(t)) is not None, c) for t in items)


def _kind(text: str, headed: bool, c: _Compiled) -> bool:
    """Whether a list item names a kind of facility, not one work: a generic opening
    (`一批概念验证`), type qualifiers before a head (`现代产业学院`), or a generic word with a
    head of two characters at least (`产业园区`; a one-character head may end a street name the
    dictionary knows)."""
    why = _refusal(text, c, headless=not headed)
    if why in ("generic opening", "kind of facility"):
        return True
    return headed and why == "generic word" and len(_head_of(text, c) or "") > 1


def _nameless(name: str, c: _Compiled) -> bool:
    """Whether the part of a headed `name` before its head shows no name of its own: no proper
    noun, place, unknown word, number, Latin letters, quote or ordinal, no phase, and no
    opening of a unique national institution."""
    bare = _bare(name)
    return _nameless_at(name, bare, c.head_end.search(bare), c)


def _nameless_at(name: str, bare: str, m: re.Match[str] | None, c: _Compiled) -> bool:
    """`_nameless` of `name`, its `_bare` form and the head that ends it (read by the caller)."""
    if m is None or c.phase_end.search(bare):
        return False
    before = bare[: m.start()]
    if not before or _NAMED_MARK.search(name):
        return False
    om = c.national_start.match(before)  # (the first of the words, in their order)
    opening = om.group() if om is not None else ""
    if opening and not before.startswith("级", len(opening)):
        return False  # a unique institution (`国家某某中心`); not a grade (`国家级`: a kind)
    if before[-1] in _NUMERALS:
        return False  # a numbered one of a series: `青禾三路`, `二中心`
    if c.national_any.search(before, 2) is not None:
        return False  # the owner before a level: `甲乙湾省级绿色园区`, `甲乙国家农高区`
    return described_name_evidence(before) is None  # `产训融合技能中心`: jargon, no name


def _reached(name: str, c: _Compiled) -> bool:
    """Whether the part of `name` before its head says the reach it is to have (`世界级`,
    `国际`, `区域`): a standing to be won, the mark of a role or a kind, not of one work."""
    bare = _bare(name)
    m = c.head_end.search(bare)
    return m is not None and any(w in words(bare[: m.start()]) for w in c.lex.reach_words)


def _described_head(name: str, c: _Compiled) -> bool:
    """Whether `name` ends in a described head (`平台`, `基地`, `枢纽`), without a phase."""
    bare = _bare(name)
    m = c.head_end.search(bare)
    return m is not None and m.group() in c.described and c.phase_end.search(bare) is None


# Verbs that report an event of one work (it began, it was finished), not an aim: a described
# facility they govern is a real one (`甲乙生态港启动建设`, `开工建设X`).
_EVENT_VERBS = frozenset({"建成", "开工", "开工建设", "启动建设", "竣工", "启动", "筹建", "组建"})


# Verbs before a work that say its construction began or ended: said of a built work only.
_BUILD_VERBS = frozenset({"开工", "开工建设", "竣工"})


def _built_event(item: Item) -> bool:
    """Whether the frame says the work broke ground, was finished or runs: a strong status
    ends it (`X竣工`, `X投产`, `X开工建设`), or a verb of construction events governs it."""
    return item.strong or item.verb in _BUILD_VERBS


def _attested(item: Item) -> bool:
    """Whether the frame vouches for one real work: a strong status ends it, an event verb
    governs it, or it is listed as a project (`X等重大项目`)."""
    if item.strong or item.verb in _EVENT_VERBS or item.status in _EVENT_VERBS:
        return True
    return item.kind_tail and _PROJECT_LIST.search(item.tail) is not None


def _nameless_kind(item: Item, c: _Compiled) -> bool:
    """Whether a list item shows no name of its own while a sibling names a kind of facility
    (`现代产业学院`), under a frame that attests no work: the list enumerates kinds."""
    return (
        item.members > 1
        and not _attested(item)
        and _nameless(item.text, c)
        and _kinds(item.siblings, c)
    )


def rule_head_noun(item: Item, c: _Compiled) -> Found | None:
    """A name ending in a facility head (or a phase): `义县再生资源产业园`, `滨河路五期`."""
    t = item.text
    if not item.governed:
        return None
    bare = _bare(t)
    m = c.head_end.search(bare)
    # (a phase can end `t` only in one of `phase_end.finals`: tested before each search)
    phased = t[-1:] in c.phase_end.finals and c.phase_end.search(t) is not None
    if m is None and not phased:
        return None
    if item.shared and _work_on(item, c):  # (`_work_on` needs a shared work)
        return None  # `甲路、乙路绿化工程`: the shared work names the project
    why = _refusal(t, c, headless=False)
    if why == "city role" and item.strong and proper_word(t) is not None:
        why = None  # `甲乙农产品交易中心投入运营`: a named facility that is running
    if why == "programme" and _built_event(item) and name_evidence(bare[:-2]) is not None:
        why = None  # `甲乙联网工程开工建设`: a programme breaks no ground and runs no plant
    if why is not None and not (phased and _acceptable(t, c, headless=True)):
        return None
    # `_described_head`, from the head read above
    if (
        m is not None
        and m.group() in c.described
        and not (bare[-1:] in c.phase_end.finals and c.phase_end.search(bare))
    ):
        attested = _attested(item)
        if item.verb in c.lex.role_verbs and not attested:
            return None  # `打造北方物流集散中心`: a role to be reached, not a work
        if bare.startswith(c.lex.role_openings) and not attested:
            return None  # `面向甲乙辐射中心`: whom a role serves, not the owner of a work
        one = item.members == 1
        # (a single attested item is taken whatever stands before its head: that test first)
        if (
            (not one or not attested)
            and _nameless_at(t, bare, m, c)
            and (
                (one and not attested)
                or (item.members > 1 and _kinds(item.siblings, c))
                or (item.members > 1 and not attested and _reached(t, c))
            )
        ):
            # `建设成果转化基地`: a kind of facility or a role, alone under a weak verb;
            # `国家物流枢纽、综合货运枢纽`: a list of kinds of facility
            return None
    elif (
        item.members > 1
        and not _attested(item)
        and _nameless_at(t, bare, m, c)
        and _kinds(item.siblings, c)
    ):  # (`_nameless_kind`, from the head read above)
        return None  # `甲乙商业街、批发专业街等特色街区`: a nameless member of a list of kinds
    return Found(t, _category(t, c), item.start, item.start + len(t))


def _marked_name(t: str) -> bool:
    """Whether a list item is a name though it may be a common word: an ordinal of a series
    (`第五`), a direction of a set (`东`), or a place (`包头`)."""
    return bool(_ORDINAL.fullmatch(t)) or t in _DIRECTIONS or place_word(t) == t


def rule_shared_head(item: Item, c: _Compiled) -> Found | None:
    """A bare list item takes the head the list shares: `应寺、永乐等进京检查站` -> 应寺进京检查站.

    The head comes from the tail after 等, or from the next item that has one.
    """
    t = item.text
    if item.shared is None or not item.governed or c.work_end.search(t):
        return None
    if len(t) > 3 and c.facility_end.search(t):
        return None  # `光子科创城、聚变科创城等产业平台`: a facility keeps its own name
    if (c.head_end.search(_bare(t)) or c.phase_end.search(t)) and not _work_on(item, c):
        return None
    if len(t) > 12 or (len(t) <= 4 and c.abstract_end.search(t)):
        return None
    # `供水、供热等管网改造`: kinds, not names; `人才、资金、云岭通等要素市场`: a list of fields
    # gives no member the head. A counted list names that many things (`东风、红星两个农场`).
    if (
        not item.counted
        and (is_common(t) or (item.members > 1 and _fields(item.siblings)))
        and not _marked_name(t)
    ):
        return None
    if item.kind_tail and not item.counted:
        if name_evidence(t) is None:
            return None  # `甲类、乙类等防洪工程`: the items name no place or owner
        if not item.joins and item.shared not in c.lex.bare_shared_heads:
            return None  # `青禾悦、云岭居等星级酒店`: names of their own (`listed_member`)
    name = t + item.shared
    if not _acceptable(name, c, headless=False):
        return None
    return Found(name, _category(item.shared, c), item.start, item.start + len(t))


def rule_shared_place(item: Item, c: _Compiled) -> Found | None:
    """A bare head after a named facility takes its place: `甲镇养护院和敬老院` -> 甲镇敬老院."""
    t = item.text
    if item.previous is not None and item.governed and t in c.lex.phase:
        # `甲乙物流园一期和二期`: a bare phase takes the name of the phase before it
        pm = c.phase_end.search(item.previous)
        if pm is not None and pm.group() in c.lex.phase and pm.start() >= MIN_NAME:
            name = item.previous[: pm.start()] + t
            return Found(name, _category(name, c), item.start, item.start + len(t))
    if item.previous is None or not item.governed or c.head_end.fullmatch(t) is None:
        return None
    m = c.place_prefix.match(item.previous)
    if m is None or c.head_end.search(m.group()):
        return None
    name = m.group() + t
    if not _acceptable(name, c, headless=False):
        return None
    return Found(name, _category(t, c), item.start, item.start + len(t))


def rule_facility_sibling(item: Item, c: _Compiled) -> Found | None:
    """A facility whose head is not listed, beside headed ones: `革命军事馆、工业博物馆建设`."""
    t = item.text
    if not (item.headed_siblings and item.governed) or c.facility_end.search(t) is None:
        return None
    if not _acceptable(t, c, headless=False) or len(t) < MIN_NAME + 1:
        return None
    if any(c.generic_qualified.fullmatch(t, 0, len(t) - k) for k in (1, 2)):
        return None  # `零碳工厂`: a kind of facility
    if _nameless_kind(item, c):
        return None  # `共建甲乙学院、现代产业学院`: kinds of facility to found, not works
    return Found(t, None, item.start, item.start + len(t))


def rule_named_work(item: Item, c: _Compiled) -> Found | None:
    """Work on a named place: `海拉尔河生态修复`, `黑羊站水厂扩能改造`."""
    t = item.text
    m = c.work_end.search(t)
    if m is None or not item.governed:
        return None
    before = t[: m.start()]
    if len(before) < 2 or (c.place.search(before) is None and c.head_end.search(before) is None):
        return None  # the work is done on a named place or facility (`309国道改造`)
    named = c.head_end.search(before) or before[0].isdigit() or name_evidence(before)
    # a facility named by more than a scope and a type (`甲乙友谊百货商场`, not `农村厕所`)
    if not named and not (c.facility_end.search(before) and len(words(before)) >= 3):
        return None  # `农村厕所改造`: a kind of place, no name
    if not _acceptable(t, c, headless=True):
        return None
    return Found(t, None, item.start, item.start + len(t))


def rule_list_generic_tail(item: Item, c: _Compiled) -> Found | None:
    """A head-less name before a generic tail: `滨河路四期等重点工程`, `中水再利用项目`."""
    t = item.text
    if not (item.strong or (item.generic_tail and item.framed)):
        # `甲乙集团集中供热项目完成投资`: a lone name before 项目 and a status needs evidence
        lone = item.generic_tail and item.after and name_evidence(t) is not None
        if not lone or _DIGIT.search(t):
            return None
    if c.head_end.search(_bare(t)):
        return None  # a headed name is judged by `head_noun` alone
    if c.abstract_end.search(t):
        return None
    # a name ending in a facility character (`保税仓库`) is held to a shorter bound
    facility = c.facility_end.search(t) is not None and len(t) >= MIN_NAME + 1
    if not _acceptable(t, c, headless=not facility):
        return None
    return Found(t, None, item.start, item.start + len(t))


# a tail that says the list holds projects: `等项目`, `等在建项目`, `等重点工程`, `等棚改项目`
_PROJECT_LIST = re.compile(r"^(?:重点|重大)?(?:.{0,5}项目|工程)(?:的.{0,4})?$")


_RATED = re.compile(rf"(?P<owner>.{{2,12}}?)(?P<cap>{_CAPACITY.pattern})(?P<what>.{{2,12}})")


def rule_rated_plant(item: Item, c: _Compiled) -> Found | None:
    """A named plant with its rated capacity: `青禾200万吨褐煤提质`, `甲乙2×35万千瓦热电联产`.

    The owner in front shows a proper name; the capacity and the product say it is a plant.
    """
    t = item.text
    m = _RATED.fullmatch(t) if _DIGIT.search(t) else None  # (a capacity opens with a digit)
    if m is None or not item.governed or name_evidence(m.group("owner")) is None:
        return None
    if m.group("what").startswith(("以上", "以下", "以内", "左右", "多", "余")):
        return None  # `甲乙加装电梯800台以上`: a target, not a plant
    if _refusal(m.group("owner") + m.group("what"), c, headless=True, shortest=4) not in (
        None,
        "generic word",
    ):
        return None
    return Found(t, _category(t, c), item.start, item.start + len(t))


def _facility_kind(kind: str, c: _Compiled) -> bool:
    """Whether a shared kind names built facilities (`星级酒店`, `安置房`), not works or
    programmes (`防洪工程`)."""
    if kind.endswith(("工程", "项目")):
        return False
    return bool(c.head_end.search(kind) or c.facility_end.search(kind))


def rule_listed_member(item: Item, c: _Compiled) -> Found | None:
    """A bare member of a list of projects: `甲乙、青禾家园等棚改项目`, `云岭、丙丁等在建项目`.

    The list says its members are projects (`等` + a project tail); a member is taken when it
    reads as a name: it is no common word and shows a proper noun or an unknown word, ends in
    a facility character, or is a short coinage (a one-character piece: `万家惠`).
    """
    t = item.text
    named = (
        item.shared is not None
        and not item.joins
        and item.shared not in c.lex.bare_shared_heads
        and not item.counted
        and _facility_kind(item.shared, c)
    )
    if not (item.kind_tail and item.governed and (named or _PROJECT_LIST.search(item.tail))):
        return None
    if item.members < 2 or len(t) > 12:
        return None  # `甲等30项疏堵工程`: one example stands for a programme
    if _fields(item.siblings):
        return None  # `技术、数据、水权等要素平台`: members are common words, fields
    if c.head_end.fullmatch(_bare(t)):
        return None  # `中学、幼儿园等项目`: a kind of facility, no name
    if c.abstract_end.search(t) and proper_word(t) is None:
        return None  # `数字经济`: a field, unless named by a proper noun (`长江乘用车技改`)
    coined = len(t) <= 4 and any(len(w) == 1 for w in words(t))
    if name_evidence(t) is None and not c.facility_end.search(t) and not coined:
        return None
    if _refusal(t, c, headless=True, shortest=2, listed=True) is not None:
        return None
    return Found(t, _category(t, c), item.start, item.start + len(t))


def rule_unknown_head(item: Item, c: _Compiled) -> Found | None:
    """A proper name before a head the lexicon does not list, in a frame a status word closes:
    `青禾写字楼、云岭综合业务用房主体封顶`, `甲乙船闸开工建设`.

    The last word is a common noun (`写字楼`, `船闸`) or a facility character; what stands
    before it shows a proper name (a place or organisation, an unknown word, Latin letters).
    """
    t = _bare(item.text)
    if not (item.after and item.governed) or c.head_end.search(t) or len(t) > 20:
        return None
    if item.kind_tail and not _PROJECT_LIST.search(item.tail):
        return None  # `甲、乙等科研院所`: the tail says what they are
    if "至" in t:
        return None  # `甲桥至乙桥`: a stretch between two places, not a name
    if c.abstract_end.search(t) or c.work_end.search(t) or c.status_end.search(t):
        return None
    if c.facility_end.search(t) is None:
        return None  # (the last word ends the name: it cannot end in a facility character)
    last = words(t)[-1]
    if c.facility_end.search(last) is None:
        return None  # the last word names no built structure
    if item.status in c.lex.work_nouns:
        return None  # `甲乙馆改扩建完成`: the work is part of the name (`named_work`)
    before = t[: len(t) - len(last)]
    if name_evidence(before) is None or c.generic_qualified.fullmatch(before):
        return None  # `零碳工厂`: a kind of facility
    if not _acceptable(item.text, c, headless=False):
        return None
    return Found(item.text, None, item.start, item.start + len(item.text))


RULES: tuple[tuple[str, Rule], ...] = (
    ("quoted_name", rule_quoted_name),
    ("head_noun", rule_head_noun),
    ("shared_head", rule_shared_head),
    ("shared_place", rule_shared_place),
    ("facility_sibling", rule_facility_sibling),
    ("named_work", rule_named_work),
    ("rated_plant", rule_rated_plant),
    ("unknown_head", rule_unknown_head),
    ("list_generic_tail", rule_list_generic_tail),
    ("listed_member", rule_listed_member),
)
"""The cascade, in order: the first rule that accepts an item names the result."""


# ---------------------------------------------------------------------------------------------
# Frames: finding the list of names and its status in a clause


class Hit(NamedTuple):
    """A project found in a clause: the rule that accepted it, the name, the status."""

    rule: str
    found: Found
    status: str | None


def _cut_lead(clause: str, c: _Compiled) -> tuple[int, str | None]:
    """Length of the framing words at the front of `clause`, and the last governing verb:
    `_cut_lead_plain`, with the words found by one match of `lead_run` (not one match per
    word), and the verb read from them once per distinct run of framing words (the words a
    run holds are read from it alone as from the clause: `lead` holds no lookaround)."""
    m = c.lead_run.match(clause)
    if m is None:
        return 0, None
    end = m.end()
    return end, _lead_run_verb(clause[:end], c)


@lru_cache(maxsize=1 << 12)
def _lead_run_verb(run: str, c: _Compiled) -> str | None:
    """The last governing verb of a run of framing words."""
    return _cut_lead_plain(run, c)[1]


def _cut_lead_plain(clause: str, c: _Compiled) -> tuple[int, str | None]:
    """Length of the framing words at the front of `clause`, and the last governing verb,
    read word by word."""
    pos, verb = 0, None
    n = len(clause)
    match = c.lead.match
    first = c.lead_first  # (a character no framing word opens with spares a match)
    known = c.lead_verbs
    while pos < n:
        ch = clause[pos]
        m = match(clause, pos) if ch in first else None
        if m is None and ch in "、及和" and pos > 0 and clause[pos + 1 : pos + 2] in first:
            m = match(clause, pos + 1)  # 新建、改造X / 新建及改造X
        if m is None or m.end() == pos:
            break
        word = m.group()
        if word in known:
            said = known[word]
        else:
            said = known[word] = _lead_verb(word, c)
        if said is not None:
            verb = said
        pos = m.end()
    return pos, verb


def _lead_verb(word: str, c: _Compiled) -> str | None:
    """The governing verb a framing word ends in, or None (the verb before it holds)."""
    word = c.adverbs_start.sub("", word)  # 加快建设 -> 建设
    if word in c.status_before:
        return word
    # 全力推进 -> 推进, 着力推动 -> 推动: the longest governing verb ending the word
    # (a lookup per suffix; the set's order, which varies between runs, plays no part)
    return next((word[i:] for i in range(1, len(word)) if word[i:] in c.status_before), None)


def _strip_tail_words(text: str, c: _Compiled) -> tuple[str, bool]:
    """Cut generic tails (`项目`, `重点工程`) from the end of an item; say whether one was cut."""
    if text[-1:] not in c.generic_tail_end.finals:
        return text, False  # (no generic tail ends the item: no search)
    m = c.generic_tail_end.search(text)
    if m is None or m.start() == 0:
        return text, False
    rest = text[: m.start()]
    # `工程` ends names too ("绿化工程"): cut it only when a head or phase stands before it
    if (
        m.group().endswith("工程")
        and c.head_end.search(_bare(rest)) is None
        and c.phase_end.search(rest) is None
        and not m.group().startswith(("重点", "重大"))
    ):
        return text, False
    return rest, True


def _splits_at(before: str, after: str, generic: bool, c: _Compiled) -> bool:
    """Whether 和/及 between `before` and `after` joins two names rather than being in one."""
    if len(after) < 2 or (len(before) < MIN_NAME and not c.phase_end.fullmatch(before)):
        return False
    if c.work_end.search(after) and not c.head_any.search(after) and name_evidence(after) is None:
        return False  # `甲路大修及环境提升`: a second work on the same named place
    if c.head_end.search(_bare(before)) or c.work_end.search(before) or c.phase_end.search(before):
        return True
    if c.facility_end.search(before) and (c.head_end.search(after) or c.facility_end.search(after)):
        return True  # 海关监管库和保税仓库
    if _CAPACITY.search(before) and _CAPACITY.search(after):
        return True  # `甲乙2×35万千瓦发电和丙丁200万吨煤制油`: two rated plants
    return generic and len(before) >= MIN_HEADLESS and len(after) >= MIN_HEADLESS


def _split_items(region: str, base: int, generic: bool, c: _Compiled) -> list[tuple[str, int]]:
    """Items of a list, split on 、 outside quotes, and on 和/及 between two names."""
    out: list[tuple[str, int]] = []
    for text, start in _pieces(region, base, c):
        while "和" in text or "及" in text:  # (what `conj` matches)
            j = next(
                (
                    k.start()
                    for k in c.conj.finditer(text)
                    if _splits_at(text[: k.start()], text[k.end() :], generic, c)
                ),
                -1,
            )
            if j < 0:
                break
            out.append((text[:j], start))
            text, start = text[j + 1 :], start + j + 1
        out.append((text, start))
    return [(t, s) for t, s in out if t]


def _pieces(region: str, base: int, c: _Compiled) -> list[tuple[str, int]]:
    """What `c.item` matches in `region` (the stretches between two 、 outside quotes), with
    their offsets from `base`."""
    if "“" in region:
        return [(m.group(), base + m.start()) for m in c.item.finditer(region)]
    if "、" not in region:
        return [(region, base)] if region else []  # (one item)
    # (without a quote: the non-empty stretches between two 、, cut by `str.split`)
    found = []
    at = base
    for piece in region.split("、"):
        if piece:
            found.append((piece, at))
        at += len(piece) + 1
    return found


_UPGRADE_END = re.compile(r"(?:现代化|标准化|数字化|智能化)?改造$")


def _shared_from_tail(tail: str, c: _Compiled) -> str | None:
    """The part of a tail after 等 that a bare item takes (`进京检查站`), or None.

    A short bare head (`等平台`) and a quoted formula (`等“十大工程”`) are not distributed.
    """
    if "“" in tail:
        return None
    wm = c.work_end.search(tail) or _UPGRADE_END.search(tail)
    if wm is not None and wm.start() > 0 and c.head_any.search(tail, 0, wm.start()):
        return tail  # `甲、乙等灌区现代化改造`: a work on each item
    if c.head_end.search(_bare(tail)) is None:
        return None
    if len(tail) < 3 and tail not in c.lex.bare_shared_heads:
        return None  # a short bare head (`等平台`): nothing to distribute
    return tail


def _later_heads(texts: tuple[str, ...], c: _Compiled) -> list[str | None]:
    """For each item of a list, the compound head of the first later item that has one (read
    once per list, from its end)."""
    out: list[str | None] = [None] * len(texts)
    nxt: str | None = None
    for i in range(len(texts) - 1, -1, -1):
        out[i] = nxt
        nxt = _shared_from_item(texts[i], c) or nxt
    return out


def _shared_from_item(item: str, c: _Compiled) -> str | None:
    """The head a later item shares with bare ones before it: `道路绿化工程` -> 绿化工程."""
    m = c.head_end.search(item)
    if m is None:
        return None
    mod = c.head_modifier_end.search(item, 0, m.start())
    # only a compound head is shared (`绿化工程`, `农村公路`); a bare one may be a name's own
    return mod.group() + item[m.start() :] if mod else None


# one or two characters after a generic tail that end the tail (a verb before the status)
_TAIL_VERB = regex.compile(r"(?<=项目|工程)\p{Han}{1,2}$")

# one item of a list closed by a count (what `_COUNTED`'s names are made of)
_ITEM_RUN = re.compile(r"[^、和及与]+")
# the units a count of listed names ends in (`两个`, `3座`)
_COUNT_UNITS = "[个座条处所家项]"
# a list closed by a count and the kind it counts: `甲、乙两个地下商城`, `甲和乙3座水厂`
_COUNTED = re.compile(
    r"(?P<names>[^、和及与]+(?:[、和及与][^、和及与]+)+?)"  # 甲、乙 / 甲和乙
    rf"(?P<count>[两二三四五六七八九十0-9]+{_COUNT_UNITS})"  # 两个 / 3座
    r"(?P<kind>[^、和及与0-9]{2,10})"  # 地下商城 / 新村的二期工程
)
# a unit of `_COUNTED`'s count, which every text it matches holds (one search at C speed:
# `frozenset.isdisjoint` of a string makes a string of each of its characters)
_COUNT_UNIT = re.compile(_COUNT_UNITS)
# what makes a frame's names a list: marks that split it (、 和 及, a quote kept whole) or join
# the names a count distributes over (与)
_LIST_MARKS = re.compile(r"[、“和及与]")  # a count in `_COUNTED` ends in one of these
# a numbered formula quoted right after a name: `甲大学“双一流”`
_PROGRAMME_QUOTE = re.compile(r"[^、和及与]“[一二三四五六七八九十双两百千万多][^“”]{0,8}”")
# a numbered formula: `四好农村路`, `三基地一枢纽`, `双一流`
_NUMBERED = re.compile(r"[一二三四五六七八九十双两百千万多]")
_ORDINAL = re.compile(r"第[一二三四五六七八九十]+")
# the sides a pair of works is named by (`南、北绕城公路`, `南、北二环`)
_DIRECTIONS = frozenset("东西南北")
# a side before 、 (what a pair of works named by their sides holds: `南、北绕城公路`)
_SIDES = re.compile(f"[{''.join(sorted(_DIRECTIONS))}]、")


def _joins(bare: tuple[str, ...]) -> bool:
    """Whether the bare items of a `等` list take the kind after 等 as their head.

    Places take it (`甲县、乙镇等郊野公园` -> 甲县郊野公园): an item of two characters, or one
    holding a proper noun of the dictionary, is a place. A coined name stands alone
    (`青禾悦、云岭居等星级酒店`). The items of one list are read alike, by majority.
    """
    places = sum(1 for t in bare if len(t) <= 2 or proper_word(t) is not None)
    return 2 * places >= len(bare)


def _kind_phrase(kind: str, c: _Compiled) -> bool:
    """Whether a counted tail names a kind of built thing (`现代牧场`, `地下商城`), not a field
    or an activity (`领域`, `改造任务`)."""
    if c.abstract_end.search(kind) or c.clause_verb_start.search(kind) or "等" in kind:
        return False
    return any(p.search(kind) for p in (c.head_end, c.facility_end, c.phase_end))


_HAN_ONLY = regex.compile(r"\p{Han}+")


def _leading_place(text: str) -> str | None:
    """The place of the gazetteer or proper noun of the dictionary that opens `text` as its
    first word (`湛江` in `湛江临港经济区`), or None."""
    first = words(text)[0]
    if is_proper(first):
        return first
    place = place_word(text)
    return place if place is not None and text.startswith(place) else None


def _shared_by_name(bare: str, last: str, c: _Compiled) -> str | None:
    """The head a bare name takes from the last item of its list, cut after that item's own
    name: `甲河、乙河堤防工程` -> 堤防工程, `第五、第六污水处理厂` -> 污水处理厂, and the work
    done on each: `甲环、乙环大修及环境提升` -> 大修及环境提升."""
    if c.head_end.search(_bare(last)) is None:
        wm = c.work_any.search(last)
        if (
            wm is not None
            and c.work_end.search(last)
            and wm.start() >= 2
            and len(bare) <= 6
            and name_evidence(bare) is not None
            and name_evidence(last[: wm.start()]) is not None
        ):
            return last[wm.start() :]
        return None
    if _ORDINAL.fullmatch(bare):
        m = _ORDINAL.match(last)
        return last[m.end() :] if m is not None and len(last) - m.end() >= 2 else None
    if len(bare) > 6 or name_evidence(bare) is None or not _HAN_ONLY.fullmatch(bare):
        return None  # a bare name is short: a place or an owner (`甲河`, `青禾`)
    # a place shares what follows the place that opens the last item: `汕头、湛江临港经济区`
    # -> 临港经济区, `甲市、乙市算力枢纽` -> 算力枢纽
    lead = _leading_place(last)
    if lead and _leading_place(bare) == bare:
        rest = last[len(lead) :]
        if len(rest) >= 2 and c.head_end.search(rest) and "的" not in rest:
            return rest
    return _head_phrase(last, c)


@lru_cache(maxsize=1 << 12)  # (asked of the last item of a list for each bare item before it)
def _head_phrase(last: str, c: _Compiled) -> str | None:
    """The head phrase of the last item of a list, which a bare name before it takes: up to
    two common words at the end (`湿地公园`, `堤防`), after a name of its own."""
    ws = words(last)
    k = len(ws)
    while k > max(1, len(ws) - 2) and len(ws[k - 1]) > 1 and is_common(ws[k - 1]):
        k -= 1
    rest = "".join(ws[k:])
    if len(rest) < 2 or c.head_end.search(rest) is None or "的" in last:
        return None
    if name_evidence(last[: len(last) - len(rest)]) is None:
        return None  # the last item is no name of the same kind (`科学小镇`)
    return rest


def _inner(item: tuple[str, int], c: _Compiled) -> tuple[str, int]:
    """Cut what precedes a generic tail inside an item, a trailing 建设, an apposition."""
    text, start = item
    am = _AMOUNT_START.match(text) if text[:1] in _AMOUNT_OPENERS else None
    if am is not None and len(text) - am.end() >= MIN_NAME:
        text, start = text[am.end() :], start + am.end()  # `800万元甲乙文化中心`
    cap = _capacity_class(text) if text[:1].isdigit() else 0
    if cap and len(text) - cap >= MIN_NAME:
        text, start = text[cap:], start + cap  # `5万吨级甲乙航道`
    if "重" in text:  # (every inner tail opens with 重点 or 重大)
        m = max(c.inner_tail.finditer(text), key=lambda x: x.end(), default=None)
        if m is not None and len(text) - m.end() >= MIN_NAME:
            text, start = text[m.end() :], start + m.end()
    if text.endswith(("建设", "新建")) and len(text) > MIN_HEADLESS:
        text = text[:-2]
    # a status word left at the end (`X全线贯通、Y投用`), unless it names the work (X扩建)
    sm = c.status_end.search(text) if text[-1:] in c.status_end.finals else None
    if sm is not None and sm.start() >= MIN_NAME and not c.work_end.search(text):
        text = text[: sm.start()]
    dash = text.rfind("——")
    if dash >= 0 and len(text) - dash - 2 >= MIN_NAME:
        # `标志性公园——青禾河湿地公园`: the name stands after the dash
        text, start = text[dash + 2 :], start + dash + 2
    return text, start


def _frame(
    region: str,
    base: int,
    strong: bool,
    framed: bool,
    c: _Compiled,
    *,
    after: bool = False,
    status: str = "",
    verb: str = "",
) -> Iterator[Item]:
    """The items of a listed frame `region` (names, optionally 等 + tail); `after` when the
    status word follows the region."""
    if after and region.endswith(c.lex.agent_markers):
        return  # `甲大学、乙大学牵头建设…`: the names do the building, they are not what is built
    shared: str | None = None
    generic = open_list = False
    tail = ""
    counted_tail = False
    k = region.rfind("等")
    if k > 0:
        tm = c.tail.fullmatch(region, k + 1)
        if tm is None:
            return
        rest = tail = tm.group("rest")
        # (the verb stands after 项目 or 工程: the tail holds one, or no search)
        vm = _TAIL_VERB.search(rest) if "项目" in rest or "工程" in rest else None
        if after and vm is not None and c.generic_tail_end.search(rest, 0, vm.start()):
            # `等标志性项目迁驻运营`: a verb of one or two characters between the tail and the
            # status word belongs to the status
            rest = tail = rest[: vm.start()]
        if rest and (
            c.generic_tail_end.fullmatch(rest)
            or (c.generic_tail_end.search(rest) and c.head_end.search(rest) is None)
        ):
            generic = True
            # `等高铁项目`: a head before the generic word is shared all the same
            gt = c.generic_tail_end.search(rest)
            if gt is not None and gt.start() > 0:
                shared = _shared_from_tail(rest[: gt.start()], c)
        elif rest and c.abstract_end.search(rest):
            shared = _shared_from_tail(rest, c)  # `等灌区现代化改造`: a work on each
            if shared is None:
                return  # `等企业`, `等地区`: a list of something else
        elif rest:
            shared = _shared_from_tail(rest, c)
            if shared is None and tm.group("count") and _kind_phrase(rest, c):
                shared = rest  # `甲、乙等7个现代牧场`: a counted kind is shared
        if tm.group("count") and not tm.group("count").endswith("批") and shared is not None:
            counted_tail = True  # (`等一批X` is no count)
        if rest and not generic:
            strong = False  # `X等一批民生工程建成`: the tail, not the status, says what X is
        names, framed = region[:k], True
        # `A、B、C等` or `A、B等重要节点绿化`: the tail, not a later item, says what they are
        open_list = shared is None and not generic
    else:
        names, generic = _strip_tail_words(region, c)
    # `经过攻坚圆满完成了X`: the list starts after the last framing verb inside the region
    cut = 0
    if c.inner_lead.search(names) is not None:
        cut = max(m.end() for m in c.inner_lead.finditer(names))
    if 0 < cut <= len(names) - MIN_NAME:
        names, base = names[cut:], base + cut
    if names[:1] in c.clause_verb_first and c.clause_verb_start.search(names):
        return  # `让更多...的好项目`: a clause, not a list of names
    if "“" in names and _PROGRAMME_QUOTE.search(names):
        return  # `甲大学、乙大学“双一流”建设`: a programme on the items, not the items
    if k <= 0 and _LIST_MARKS.search(names) is None:
        # One name, no 等 (the common frame): what the general path below makes of it, without
        # lists. Nothing splits it or counts it, no sibling shares a head with it.
        if not names:
            return
        text, start = _inner((names, base), c)
        text, cut_tail = _strip_tail_words(text, c)
        # (the fields in the order `Item` declares them)
        yield Item(
            text, start, None, generic or cut_tail, strong, True, framed, False, None, False,
            False, after, "", 1, status, None, verb, (text,),
        )  # fmt: skip
        return
    counted = _COUNTED.fullmatch(names) if k < 0 and _COUNT_UNIT.search(names) is not None else None
    if counted is not None and _kind_phrase(kind := counted.group("kind").replace("的", ""), c):
        # `甲和乙两个体育公园`: the count and the kind after it are shared by every item
        names, shared = counted.group("names"), kind
        items = [(m.group(), base + m.start()) for m in _ITEM_RUN.finditer(names)]
    else:
        items = _split_items(names, base, generic, c)
    if not items:
        return
    framed = framed or len(items) > 1
    cleaned: list[tuple[str, bool, int]] = []
    headed: list[bool] = []
    head_end, head_finals = c.head_end.search, c.head_end.finals
    for x in items:
        t, st = _inner(x, c)
        t, cut_tail = _strip_tail_words(t, c)
        cleaned.append((t, cut_tail, st))
        b = _bare(t)
        headed.append(b[-1:] in head_finals and head_end(b) is not None)
    bare_members = (
        None if k <= 0 else tuple(t for (t, _, _), h in zip(cleaned, headed, strict=True) if not h)
    )
    n_headed = sum(headed)
    # `国家物流枢纽、综合货运枢纽`: one item is a kind of facility, so its nameless siblings are
    # `技术、数据、水权、人力资源等要素交易平台`: a list of fields (two common words at least, a
    # third of the items), whose members are no names
    texts = tuple([t for t, _, _ in cleaned])
    later: list[str | None] | None = None  # the head each item may take from a later one
    for i, (text, cut, start) in enumerate(cleaned):
        # a headed sibling, or a tail that names a facility kind, vouches for a facility item
        siblings = shared is not None or n_headed - headed[i] > 0
        share = shared
        if (
            share is None
            and not open_list
            and not (text[-1:] in c.facility_end.finals and c.facility_end.search(text))
            and not (text[-1:] in c.status_end.finals and c.status_end.search(text))
        ):
            # a bare item takes the head of the next item that has one
            if not generic and (len(text) <= 6 or "至" in text):
                # (a place or an owner, or a stretch `甲镇至乙村`, takes a shared head; a long
                # item is a thing of its own: `甲乙文化大模型`)
                if later is None:
                    later = _later_heads(texts, c)
                share = later[i]
            if share is None and i < len(cleaned) - 1 and not headed[i]:
                nxt = cleaned[i + 1][0]
                if text in _DIRECTIONS and nxt[:1] in _DIRECTIONS and nxt[:1] != text:
                    # `南、北绕城公路` -> 绕城公路: a pair of works named by their sides
                    share = nxt[1:] if len(nxt) > MIN_NAME else None
                else:
                    share = _shared_by_name(text, cleaned[-1][0], c)
        previous = cleaned[i - 1][0] if i > 0 else None
        # (positional: the fields in the order `Item` declares them, cheaper than keywords)
        yield Item(
            text,  # text
            start,  # start
            share,  # shared
            generic or cut,  # generic_tail
            strong,  # strong
            True,  # governed
            framed,  # framed
            siblings,  # headed_siblings
            previous,  # previous
            k > 0,  # kind_tail
            (counted is not None or counted_tail) and shared is not None,  # counted
            after,  # after
            tail,  # tail
            len(cleaned),  # members
            status,  # status
            bare_members,  # bare_members
            verb,  # verb
            texts,  # siblings
        )


_DIGIT = re.compile(r"[0-9]")


def _may_accept(item: Item, c: _Compiled) -> bool:
    """Whether some rule of the cascade may accept `item`: what each rule requires before it
    reads further (a quote, a head, a phase, a shared head, a facility character, a work, a
    capacity's digit, a status after a named structure, a generic tail, a kind after 等).
    An item that has none of these is declined without running the cascade."""
    if item.shared is not None or item.strong or item.generic_tail or item.kind_tail:
        return True  # shared_head; list_generic_tail; listed_member
    t = item.text
    if t.startswith("“") and t.endswith("”"):
        return True  # quoted_name
    bare = _bare(t)
    return bool(
        c.head_end.search(bare)  # head_noun (also: shared_place, a head alone)
        or c.phase_end.search(t)  # head_noun
        or (item.previous is not None and (t in c.lex.phase or c.head_end.fullmatch(t)))
        or c.facility_end.search(t)  # facility_sibling
        or c.work_end.search(t)  # named_work
        or _DIGIT.search(t)  # rated_plant (a capacity opens with a digit)
        # unknown_head: the last word ends in a facility character, and so does the name
        or (item.after and c.facility_end.search(bare))
    )


def _cascade(item: Item, c: _Compiled) -> tuple[str, Found] | None:
    """The first rule that accepts `item`, and what it found (every rule asked in turn)."""
    if not _may_accept(item, c):
        return None
    for name, rule in RULES:
        found = rule(item, c)
        if found is not None:
            return name, found
    return None


def _judge(item: Item, c: _Compiled) -> tuple[str, Found] | None:
    """What `_cascade` finds, asking only the rules whose first test the item passes: each
    rule's first test, read here once (the endings are remembered), spares a call of every
    rule that would decline at once; `_may_accept` is read from the same tests. (The rules
    are asked in the order of `RULES`, each behind its first test, with no list built.)"""
    t = item.text
    bare = _bare(t)
    quoted = t.startswith("“") and t.endswith("”")
    # (each ending is searched only when the last character can end it: `_Ending.finals`)
    last = t[-1:]
    headed = (bare[-1:] in c.head_end.finals and c.head_end.search(bare) is not None) or (
        last in c.phase_end.finals and c.phase_end.search(t) is not None
    )
    work = last in c.work_end.finals and c.work_end.search(t) is not None
    digit = _DIGIT.search(t) is not None
    shared = item.shared is not None
    previous = item.previous is not None
    # `_may_accept`, from the tests read above
    if not (
        shared
        or item.strong
        or item.generic_tail
        or item.kind_tail
        or quoted
        or headed
        or (previous and (t in c.lex.phase or c.head_end.fullmatch(t)))
        or (last in c.facility_end.finals and c.facility_end.search(t))
        or work
        or digit
        or (item.after and bare[-1:] in c.facility_end.finals and c.facility_end.search(bare))
    ):
        return None
    if quoted and (found := rule_quoted_name(item, c)) is not None:
        return "quoted_name", found
    if headed and (found := rule_head_noun(item, c)) is not None:
        return "head_noun", found
    if shared and (found := rule_shared_head(item, c)) is not None:
        return "shared_head", found
    if previous and (found := rule_shared_place(item, c)) is not None:
        return "shared_place", found
    if item.headed_siblings and (found := rule_facility_sibling(item, c)) is not None:
        return "facility_sibling", found
    if work and (found := rule_named_work(item, c)) is not None:
        return "named_work", found
    if digit and (found := rule_rated_plant(item, c)) is not None:
        return "rated_plant", found
    if item.after and (found := rule_unknown_head(item, c)) is not None:
        return "unknown_head", found
    if (item.strong or item.generic_tail) and (
        found := rule_list_generic_tail(item, c)
    ) is not None:
        return "list_generic_tail", found
    if item.kind_tail and (found := rule_listed_member(item, c)) is not None:
        return "listed_member", found
    return None


@dataclass(frozen=True)
class Decision:
    """How one list item was judged (see `explain_projects`)."""

    text: str  # the item as read, framing cut
    start: int
    status: str | None  # the status word or governing verb of its frame
    rule: str | None  # the rule that accepted it; None when every rule declined
    name: str | None
    reason: str | None = None  # for a declined item, what the shared checks say of it


def _judged(it: Item, status: str, c: _Compiled, trace: list[Decision] | None) -> Hit | None:
    j = _judge(it, c)
    if trace is None:
        return Hit(j[0], j[1], status) if j else None
    if trace is not None:
        name = j[1].name if j else None
        reason = None
        if j is None:
            headless = c.head_end.search(_bare(it.text)) is None
            reason = _refusal(it.text, c, headless=headless) or "no rule applies"
        trace.append(Decision(it.text, it.start, status, j[0] if j else None, name, reason))
    return Hit(j[0], j[1], status) if j else None


def _clause_hits(
    clause: str, offset: int, c: _Compiled, trace: list[Decision] | None = None
) -> Iterator[Hit]:
    """The projects of one clause: framing cut, then `names ... status` frames read left to
    right (`X开放、Y修缮` holds two), else the whole rest under the governing verb."""
    # (a clause whose first character opens no framing word has none to cut)
    p0, verb = _cut_lead(clause, c) if clause[:1] in c.lead_first else (0, None)
    rest = clause[p0:]
    framed = p0 > 0
    pos = 0
    while pos < len(rest):
        resume = -1
        hint_end = -1  # where the first hint after `pos` ends, once asked
        for sm in c.status_after.finditer(rest, pos):
            s0 = sm.start()
            if s0 - pos < 2:
                continue
            status, end = sm.group(), sm.end()
            if status in c.work_nouns:
                nx = c.status_after.search(rest, end)
                if nx is not None and "等" not in rest[end : nx.start()]:
                    continue  # `甲厂迁建、乙馆改扩建进展顺利`: the work is part of the name
            # `完成扩容提质`: an auxiliary 完成 gives way to the status word after it
            if status == "完成" and (nx := c.status_after.match(rest, end)) is not None:
                status, end = nx.group(), nx.end()
            strong = status in c.strong and (
                end == len(rest) or rest[end:] == "了" or rest.startswith("并", end)
            )
            if not strong:
                if hint_end < 0:
                    hint_end = c.hint.first_end(rest, pos)
                if hint_end > s0:
                    continue  # no hint in the region (nor in the region cut below)
            region = rest[pos:s0]
            cut = False
            if "获" in region and c.lex.status_class(status) == "preliminary":
                ap = _APPROVER_END.search(region)
                if ap is not None and ap.start() >= 2:
                    region, cut = region[: ap.start()], True  # `X项目获省发展改革委核准`
            am = c.adverbs_end.search(region) if region[-1:] in c.adverbs_end.finals else None
            if am and am.start() >= 2:
                region, cut = region[: am.start()], True
            # (a measure ends in 里, 米 or 亩)
            qm = _MEASURE_END.search(region) if region[-1:] in _MEASURE_FINALS else None
            if qm and qm.start() >= MIN_NAME:
                region, cut = region[: qm.start()], True  # `甲乙廊道126公里全线贯通`
            if cut and not strong and hint_end > pos + len(region):
                continue
            if trace is None and not c.yields.possible(region, strong):
                continue  # no item of the region can be accepted (nor is any traced)
            hits = [
                h
                for it in _frame(
                    region, offset + p0 + pos, strong, framed, c, after=True, status=status
                )
                if (h := _judged(it, status, c, trace)) is not None
            ]
            if hits:
                yield from hits
                # `X开放、Y修缮`: the clause goes on with another name and status
                # (`X完成项目核准、Y主体完工`: past a short complement of the status)
                nxt = rest.find("、", end, end + 6)
                resume = nxt + 1 if nxt >= 0 else len(rest)
                break
        if resume >= 0:
            pos = resume
            continue
        start = pos
        if verb is None:
            # `配合市里实施X、Y等工程`: a governing verb inside the clause
            inner = (
                max(c.inner_lead.finditer(rest, pos), key=lambda m: m.end())
                if c.inner_lead.search(rest, pos) is not None
                else None
            )
            tail = rest[inner.end() :] if inner is not None else ""
            word = inner.group().rstrip("了") if inner is not None else ""
            if word in c.status_before and "、" in tail and "等" in tail:
                verb = word
        if verb is None:
            # `五年共完成X、Y等工程`, `支持甲公司建设X`: a verb in mid-clause governs a list, or
            # the object of a clause opened by a verb of support
            opened = (
                rest[pos : pos + 1] in c.clause_verb_first
                and c.clause_verb_start.search(rest[pos:]) is not None
            )
            for mid in c.mid_verb.finditer(rest, pos):
                tail = rest[mid.end() :]
                if tail.startswith(("成", "为")):
                    continue  # `打造成区域物流中心`: a role to be reached, not a work
                if mid.start() <= pos:
                    continue  # (no verb before the object)
                listed = "、" in tail and "等" in tail
                single = False
                if not listed and opened and len(tail) >= MIN_NAME and "、" not in tail:
                    # what the object must hold (below) fails for every later verb too: its
                    # object is a part of this one (no name of this long tail is read then)
                    if not c.hint.found(tail) or (
                        trace is None and not c.yields.possible(tail, False)
                    ):
                        return
                    single = name_evidence(tail) is not None  # a named object, not a kind
                if listed or single:
                    verb, start = mid.group(), mid.end()
                    if rest.startswith("好", start):
                        start += 1  # `建设好X`: the complement 好 is not part of the name
                    framed = True
                    break
        if verb is not None and c.hint.found(rest, start):
            names = rest[start:]
            if trace is None and not c.yields.possible(names, False):
                return  # no item of the rest can be accepted (nor is any traced)
            for it in _frame(names, offset + p0 + start, False, framed, c, verb=verb):
                if (h := _judged(it, verb, c, trace)) is not None:
                    yield h
        return


@lru_cache(maxsize=4096)
def _hits_in(clause: str, paths: tuple[Path, ...]) -> tuple[Hit, ...]:
    """The hits of one clause, with offsets relative to the clause (repeated clauses are
    read once)."""
    return tuple(_clause_hits(clause, 0, compiled(paths)))


def _clauses(text: str, c: _Compiled) -> Iterator[tuple[str, int]]:
    """The clauses of `text` that hold a governing word (found in one scan of the text)."""
    for a, b in _clause_spans(text, c):
        yield text[a:b], a


def _clause_spans(text: str, c: _Compiled) -> Iterator[tuple[int, int]]:
    """Where the clauses of `_clauses` start and end."""
    if c.clause_bounds is not None:
        yield from c.yields.bounded_spans(text, c.clause_bounds, test=False)
        return
    verbs = [m.start() for m in c.any_verb.finditer(text)]
    for m in c.clause.finditer(text):
        a, b = m.span()
        i = bisect.bisect_left(verbs, a)
        if i < len(verbs) and verbs[i] < b and b - a <= MAX_CLAUSE:
            yield a, b


def _possible_spans(text: str, c: _Compiled) -> Iterable[tuple[int, int]]:
    """The spans of `_clause_spans` whose clause passes `_Yields.span_possible` (no region of
    another clause can yield a project). (`clause_possible` and `readable` are both necessary
    for a clause to yield a project: the first, sharper one alone decides.)"""
    if c.clause_bounds is not None:
        return c.yields.bounded_spans(text, c.clause_bounds)  # (the same, in one loop)
    return c.yields.possible_spans(text, _clause_spans(text, c))


def explain_projects(ctx: Context) -> list[Decision]:
    """Every list item read as a possible project, with the rule that accepted it (or None),
    in text order: what `find_projects` saw, for tests and debugging."""
    c = compiled(tuple(ctx.user_lexicons))
    trace: list[Decision] = []
    readable = c.readable.found
    for clause, offset in _clauses(ctx.text, c):
        if not readable(clause):
            continue  # no region of the clause can be read (nor is any item traced)
        for _ in _clause_hits(clause, offset, c, trace):
            pass
    return sorted(trace, key=lambda d: d.start)


def find_projects(ctx: Context) -> list[Project]:
    """Every named project of the document, one per distinct name, in order of first mention."""
    paths = tuple(ctx.user_lexicons)
    c = compiled(paths)
    text = ctx.text
    first: dict[str, Hit] = {}
    for offset, end in _possible_spans(text, c):
        clause = text[offset:end]
        for hit in _hits_in(clause, paths):
            f = hit.found
            if f.name not in first:
                moved = Found(f.name, f.category, f.start + offset, f.end + offset)
                first[f.name] = Hit(hit.rule, moved, hit.status)
    first = _merge_variants(first)
    occurrences = _occurrences(text, list(first))
    rows: list[dict[str, object]] = []
    for name, hit in first.items():
        spans = _mention_spans(occurrences.get(name, []), hit)
        a0, b0 = spans[0]
        rows.append(
            {
                "start": a0,
                "end": b0,
                "rule": hit.rule,
                "section": ctx.section_id(a0),
                "text": text[a0:b0],
                "name": name,
                "status": hit.status,
                "category": hit.found.category,
                "role": ctx.role_at(a0),
                "mentions": [{"start": a, "end": b, "text": text[a:b]} for a, b in spans],
            }
        )
    # (validated as one list, each field checked as `Project(...)` checks it, at a third of
    # the cost of a model built by keywords)
    out = _project_list().validate_python(rows)
    out.sort(key=lambda p: p.start)
    return out


@cache
def _project_list() -> TypeAdapter[list[Project]]:
    """The validator of a list of projects, built on first use."""
    return TypeAdapter(list[Project])


_PHASE_IN = re.compile(r"[一二三四五六七八九十首0-9]期")


def _phased(name: str) -> bool:
    return _PHASE_IN.search(name) is not None


# A substring made and looked up costs about as much as this many `str.__contains__` tests of a
# kept name (a slice and a set lookup in a generator, against a C loop over the slice of names).
_SUBSTRINGS_PER_TEST = 4


def _merge_variants(found: dict[str, Hit]) -> dict[str, Hit]:
    """One entry per project: a name that holds another found name (`X改建` and `X`,
    `X提标改造` and `X提标改造工程`) is the same project; the shorter name is kept."""
    keep: set[str] = set()
    # the names kept so far, in order of length (the order they are read in), and their lengths
    kept: list[str] = []
    lengths: list[int] = []
    for name in sorted(found, key=len):
        n = len(name)
        # a kept name inside `name`, at least half as long (the names kept so far are no
        # longer than `name`, and one of the same length is another name): the kept names of
        # those lengths are one slice of `kept`, each tested by `str.__contains__` at C speed
        # (a report holds some fifty names: a generator per name cost more than the tests)
        half = (n + 1) // 2
        lo = bisect.bisect_left(lengths, half)
        hi = bisect.bisect_left(lengths, n, lo)
        # A long report's hundreds of names make that slice long (a test per pair of names):
        # there the name's own substrings of those lengths are looked up in `keep` instead,
        # `(n - half) * (n - half + 3) / 2` of them, each a slice and a set lookup
        if hi - lo > _SUBSTRINGS_PER_TEST * (n - half) * (n - half + 3) // 2:
            held = not keep.isdisjoint(
                name[i : i + size] for size in range(half, n) for i in range(n - size + 1)
            )
        else:
            held = any(map(name.__contains__, kept[lo:hi]))
        if not held or _phased(name):
            keep.add(name)  # (a phase is a project of its own: `X一期` is not `X`)
            kept.append(name)
            lengths.append(n)
    return {n: h for n, h in found.items() if n in keep}


def _occurrences(text: str, names: list[str]) -> dict[str, list[tuple[int, int]]]:
    """Where each name stands in the text, read as a scan of the text would: at each position
    the longest name that starts there, and the scan goes on after it (a name inside a longer
    found name counts as part of that one). `leftmost_longest` picks a search per name or one
    pass of a `FormFinder` by what each costs for this text and these names: a search per
    name grows with the length times the names, which both grow with a longer report."""
    out: dict[str, list[tuple[int, int]]] = {}
    for start, end, name in leftmost_longest(text, [n for n in set(names) if n]):
        out.setdefault(name, []).append((start, end))
    return out


def _mention_spans(spans_found: list[tuple[int, int]], hit: Hit) -> list[tuple[int, int]]:
    """Where the mentions of a name stand, in order: its occurrences, plus the evidence span
    when the name was built."""
    spans = set(spans_found)
    f = hit.found
    if not any(a < f.end and f.start < b for a, b in spans):  # one mention per occurrence
        spans.add((f.start, max(f.end, f.start + 1)))
    return sorted(spans)
