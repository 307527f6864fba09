"""Slogans: fixed policy formulas (ANNOTATION.md, "Slogan"), found by an explicit cascade.

Candidates come from four scans of the normalized text:

- every quoted stretch (“…”, 「…」, 『…』, ‘…’, "…"), bounded in length so unbalanced quotes
  stay linear (straight quotes pair whatever their length; only the bounded ones are taken),
  and the single-quoted stretches inside a double-quoted one (“打造‘某大高地’”);
- unquoted numbered formulas, numeral + 大 + modifier + a formula head (三大攻坚战, 六大支柱产业);
- unquoted occurrences of lexicon formulas (八项规定, 稳中求进), one trie-shaped regex, an open
  front grown over the nouns it heads (河湖长制);
- unquoted formulas of a shape plain words never take (村村通).

Each candidate then runs down `RULES`, an ordered tuple of named rules; the first rule that
fires decides (two looks after the cascade, below, may revise it): a ``reject_*`` rule drops the
candidate, any other rule makes it a slogan and its name becomes `Slogan.rule`. A quoted stretch
is a slogan only on positive evidence of a policy formula (a count, an operator, a parallel
enumeration, a family shape, a repeated character, a policy head, a chain of single characters
of one class, a compressed abbreviation, a place brand); one that no accepting rule vouches for
ends in ``reject_no_evidence``. Evidence against comes first where it outweighs a numeral (a
figure for an attitude: 以“…”的必胜之心) and before the weaker evidence otherwise (the name of an
activity or a season by its kind after the quote, a kind of thing counted before it, a plan's
name, a phrase with 的/得/与/而). Names of things are turned down wherever they show: a place,
a facility or a finished work (“某某驿站”, “某某”全线贯通), a service line or a province's
service app, a product, a kind of person, a gathering or an event taken part in (在“…”中), a
record, a rank, a work or a product that wins a prize or reaches the market (“…”荣获,
“…”获批上市); and one ordinary word is a figure whatever policy noun follows it. A problem named
before 问题, 现象, 行为 or 乱象 (“…难”问题, “…”等违规行为) is what is wrong, not a formula, unless a
rule of its own text (a count, the lexicon) vouches.
A quoted list set before 的 and a noun that names no frame of policy describes that noun
(打造“甲、乙”的某某园区), while before a frame (的原则, 的总体思路) it is the formula itself.
The term heading an entry of a report's glossary (名词解释: a number, the quoted term, a colon at
the line's end) is a formula the report defines (`glossary_term`), whatever its shape.

Two looks follow the cascade. Across mentions: a text only weak evidence accepted is turned down
where another of its mentions is framed as a name in its own right, a title won, a work's title,
a prize, a firm's or a product's name (`reject_named_elsewhere`); not where another counts things
under it or names a project, a base or a park after it (`reject_lent_name`: a programme lends
its name to what it runs). Across neighbours: a quoted text no rule vouched for, set right
beside a quote that stands accepted after the first look (“甲”“乙”, “甲”、“乙”; not by uncovered
characters or a chain of one class alone, `_NO_SIBLINGS`), is a member of the same list
(`sibling_formula`, itself weak evidence, weighed by the look across mentions again); so is one
of a coined series listed item by item (甲事项“某某办”、乙事项“某某办”: one length, one last
character), and one of a list of quotes each with the noun of a programme's work of its own
(“甲”改革、“乙”建设). A list of quotes side by side that a count right after it numbers
(“甲”“乙”“丙”三项计划, “甲”、“乙”双承诺) spells out a numbered formula: its members that are not
one ordinary word are `counted_list`, whatever weaker rejection (no evidence, a figure, a plan's
name) the cascade gave them.

"Common word" means a word of ``lexicons/words.txt``, derived from jieba's dictionary (jieba
itself is never imported). Candidates are grouped into one `Slogan` per text (with or without
its enumeration commas: 甲乙、丙丁 and 甲乙丙丁 are one) with every mention kept; two written
forms of one lexicon entry are two slogans of one `canonical` (the entry's name; else the text
without its enumeration commas).

All word lists live in ``lexicons/slogan_rules.toml``; the formulas, their counts and expansions
in ``lexicons/slogans.toml`` (plus any user lexicon files with the same schema).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import accumulate, chain, pairwise
from operator import itemgetter
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from ..errors import LexiconError
from ..lexicons import Words, dictionary_words, lexicon_path, load_toml, word_sections, word_set
from ..models import Section, Slogan, formula_key
from ..numbers import parse_chinese_numeral
from ..patterns import (
    FormFinder,
    alternation,
    leftmost_longest,
    leftmost_of,
    leftmost_taken,
    occurrences_by_find,
    trie_pattern,
)
from .context import Context
from .names import gazetteer_places, is_proper, place_word, words

__all__ = [
    "RULES",
    "Candidate",
    "Decision",
    "FormFinder",
    "Rule",
    "SloganEntry",
    "SloganLexicon",
    "SloganRules",
    "explain_slogans",
    "find_slogans",
    "load_common_words",
    "load_slogan_lexicon",
    "load_slogan_rules",
    "parse_numeral",
]

BUNDLED_LEXICON = "slogans.toml"
RULES_FILE = "slogan_rules.toml"

_QUOTE_CHARS = "“”\"'‘’「」『』〝〞〟"


# --------------------------------------------------------------------------------------------
# Schemas
# --------------------------------------------------------------------------------------------


# (this module's function type, Cython's when compiled: pydantic must know it for methods)
_FUNCTION_TYPES = (type(lambda: None),)


class SloganEntry(BaseModel):
    """One formula of a slogan lexicon file (a ``[[slogan]]`` table)."""

    model_config = ConfigDict(ignored_types=_FUNCTION_TYPES, frozen=True, extra="forbid")

    text: str = Field(min_length=1, max_length=40)
    numeral: int | None = Field(default=None, ge=1, le=100)
    expansion: tuple[str, ...] = ()
    category: Literal["national", "provincial", "local"] = "national"
    aliases: tuple[str, ...] = ()
    unquoted: bool | None = None
    unquoted_after: tuple[str, ...] = ()

    @field_validator("text")
    @classmethod
    def _clean_text(cls, v: str) -> str:
        return _check_form(v)

    @field_validator("aliases")
    @classmethod
    def _clean_aliases(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for a in v:
            _check_form(a)
        if len(set(v)) != len(v):
            raise ValueError("an alias is listed twice")
        return v

    @field_validator("expansion")
    @classmethod
    def _clean_expansion(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        if any(not part.strip() for part in v):
            raise ValueError("empty part in expansion")
        return v

    @model_validator(mode="after")
    def _bare_after_needs_bare(self) -> SloganEntry:
        if self.unquoted_after and self.unquoted is False:
            raise ValueError(f"{self.text!r}: unquoted_after with unquoted = false never applies")
        if any(not w.strip() for w in self.unquoted_after):
            raise ValueError(f"{self.text!r}: empty word in unquoted_after")
        return self

    @property
    def forms(self) -> tuple[str, ...]:
        """The canonical text and its aliases."""
        return (self.text, *self.aliases)

    def matches_unquoted(self, form: str) -> bool:
        """Whether a bare occurrence of `form` counts as a mention of this formula."""
        if self.unquoted is not None:
            return self.unquoted
        return bool(self.unquoted_after) or len(form) >= 3

    def holds_bare(self, text: str, start: int) -> bool:
        """Whether a bare occurrence at `start` of `text` counts: always, unless the entry names
        the words its bare form must follow (残疾人两项补贴)."""
        return not self.unquoted_after or any(
            len(w) <= start and text.startswith(w, start - len(w)) for w in self.unquoted_after
        )

    def counts_bare(self, form: str, text: str, start: int) -> bool:
        """Whether a bare occurrence of `form` at `start` of `text` is a mention of this
        formula: the form counts unquoted (`matches_unquoted`) and follows the words it must
        (`holds_bare`)."""
        return self.matches_unquoted(form) and self.holds_bare(text, start)


def _check_form(v: str) -> str:
    if not v or v != v.strip() or any(c.isspace() for c in v):
        raise ValueError(f"{v!r}: a formula has no spaces and is not empty")
    if any(c in _QUOTE_CHARS for c in v):
        raise ValueError(f"{v!r}: write the formula without quotation marks")
    return v


class _LexiconFile(BaseModel):
    model_config = ConfigDict(ignored_types=_FUNCTION_TYPES, frozen=True, extra="forbid")

    slogan: tuple[SloganEntry, ...] = ()


# The patterns whose rules read a named group, with the group's name and what it holds.
_NAMED_GROUPS = {
    "rank_after_pattern": (("evaluation", "the 中 after"),),
    "tour_app_pattern": (("toured", "the name toured"),),
    "listed_product_pattern": (
        ("gap", "what stands between the count and the noun"),
        ("goods", "the noun of goods"),
    ),
}


class SloganRules(BaseModel):
    """The word lists of ``lexicons/slogan_rules.toml`` (see the comments there)."""

    model_config = ConfigDict(ignored_types=_FUNCTION_TYPES, frozen=True, extra="forbid")

    max_quoted_length: int = Field(ge=4, le=200)
    max_plain_length: int = Field(ge=4, le=200)
    part_separators: str = Field(min_length=1)
    chain_hyphen: str = Field(min_length=1, max_length=1)
    max_part_length: int = Field(ge=2, le=200)
    description_pattern: str
    possessive_min_length: int = Field(ge=2, le=200)
    frame_heads: tuple[str, ...]
    rallying_nouns: tuple[str, ...]
    rallying_degrees: tuple[str, ...]
    frame_head_window: int = Field(ge=2, le=40)
    speech_marks: str = Field(min_length=1)
    question_words: tuple[str, ...]
    question_pattern: str
    emphasis: frozenset[str]
    attitude_words: tuple[str, ...]
    attitude_compounds: tuple[str, ...]
    figure_suffixes: tuple[str, ...]
    figure_max_length: int = Field(ge=1, le=10)
    letter_shape_words: tuple[str, ...]
    letter_shape_numerals: str
    built_heads: tuple[str, ...]
    place_heads: tuple[str, ...]
    not_built_endings: tuple[str, ...]
    vessel_mark: str = Field(min_length=1)
    line_followers: tuple[str, ...]
    number_line_words: tuple[str, ...]
    service_numbers: frozenset[str]
    count_conversion_pattern: str
    counted_buildings: tuple[str, ...]
    conversion_routes: tuple[str, ...]
    conversion_route_window: int = Field(ge=2, le=40)
    built_followers: tuple[str, ...]
    completion_followers: tuple[str, ...]
    built_preceders: tuple[str, ...]
    counted_role_heads: tuple[str, ...]
    works_begun: tuple[str, ...]
    title_cues_before: tuple[str, ...]
    strong_title_heads: tuple[str, ...]
    award_verbs: tuple[str, ...]
    selection_verbs: tuple[str, ...]
    selected_units: tuple[str, ...]
    award_scope_pattern: str
    scope_nouns: tuple[str, ...]
    beneficiary_marks: tuple[str, ...]
    equal_weight_words: tuple[str, ...]
    international_bodies: tuple[str, ...]
    ranking_heads: tuple[str, ...]
    not_ranking_endings: tuple[str, ...]
    award_after_pattern: str
    rank_after_pattern: str
    rank_cues_before: tuple[str, ...]
    rank_scopes: tuple[str, ...]
    rank_window: int = Field(ge=4, le=40)
    title_cues_after: tuple[str, ...]
    title_heads: tuple[str, ...]
    title_prefixes: tuple[str, ...]
    event_pattern: str
    event_preceders: tuple[str, ...]
    gathering_preceders: tuple[str, ...]
    event_followers: tuple[str, ...]
    event_heads: tuple[str, ...]
    not_event_endings: tuple[str, ...]
    event_periods: tuple[str, ...]
    tour_mark: str = Field(min_length=1)
    tour_destinations: tuple[str, ...]
    lent_name_followers: tuple[str, ...]
    count_programme_heads: tuple[str, ...]
    event_period_min_length: int = Field(ge=2)
    period_rule_heads: tuple[str, ...]
    event_name_followers: tuple[str, ...]
    event_name_gap: int = Field(ge=0, le=12)
    measure_words: str = Field(min_length=1)
    person_measure_words: str = Field(min_length=1)
    phrase_chars: str = Field(min_length=1)
    numbered_heads: tuple[str, ...]
    numbered_closing_heads: tuple[str, ...] = ()
    numbered_heads_need_modifier: frozenset[str]
    numbered_heads_bare: frozenset[str] = frozenset()
    modifier_stop_chars: str = Field(min_length=1)
    numbered_max_modifier: int = Field(ge=0, le=10)
    head_words: tuple[str, ...]
    head_extensions: tuple[str, ...]
    landmark_words: tuple[str, ...]
    head_stop_chars: str
    head_max_length: int = Field(ge=1, le=30)
    head_compound_gap: int = Field(ge=0, le=10)
    campaign_heads: tuple[str, ...]
    local_markers: tuple[str, ...]
    expansion_window: int = Field(ge=4, le=200)
    max_expansion_part: int = Field(ge=1, le=50)
    numerals: str = Field(min_length=1)
    counters: str
    place_units: str
    route_sites: tuple[str, ...]
    word_suffixes: str
    head_verbs: tuple[str, ...]
    head_verb_nouns: tuple[str, ...]
    built_verbs: tuple[str, ...]
    built_verb_achievements: tuple[str, ...]
    count_frame_verbs: tuple[str, ...]
    list_verbs: tuple[str, ...]
    numeral_words: tuple[str, ...]
    formula_numerals: str = Field(min_length=1)
    code_min_length: int = Field(ge=1, le=10)
    operators: tuple[str, ...]
    parallel_length_gap: int = Field(ge=0, le=20)
    member_classes: tuple[str, ...]
    member_chain_min: int = Field(ge=2, le=10)
    max_clause_length: int = Field(ge=2, le=20)
    formula_families: tuple[str, ...]
    system_nouns: tuple[str, ...] = Field(min_length=1)
    unquoted_families: tuple[str, ...]
    unquoted_family_stops: str
    extensible_suffixes: tuple[str, ...]
    max_extension: int = Field(ge=0, le=6)
    not_parallel_chars: str
    pair_lengths: tuple[int, int]
    policy_heads: tuple[str, ...]
    plan_heads: tuple[str, ...]
    plan_container_verbs: tuple[str, ...]
    policy_head_max_length: int = Field(ge=2, le=30)
    wrongdoing_marks: tuple[str, ...]
    conversion_pattern: str
    metaphor_before: tuple[str, ...]
    thing_followers: tuple[str, ...]
    product_heads: tuple[str, ...]
    product_gap: int = Field(ge=0, le=16)
    top_list_marks: tuple[str, ...]
    battle_words: tuple[str, ...]
    memorial_words: tuple[str, ...]
    top_list_cues: tuple[str, ...]
    selection_followers: tuple[str, ...]
    organisation_suffixes: tuple[str, ...]
    work_preceders: tuple[str, ...]
    grade_pattern: str
    result_pattern: str
    counted_policy_heads: tuple[str, ...]
    listed_change_pattern: str
    listed_change_link: str
    zero_level_pattern: str
    listed_thing_followers: tuple[str, ...]
    listing_marks: tuple[str, ...]
    listing_markets: tuple[str, ...]
    metaphor_after: tuple[str, ...]
    drawing_verbs: tuple[str, ...]
    picture_nouns: tuple[str, ...]
    drawing_gap: int = Field(ge=2, le=20)
    state_after: tuple[str, ...]
    role_after: tuple[str, ...]
    abbreviation_min_uncovered: int = Field(ge=1, le=10)
    channel_marks: tuple[str, ...] = Field(min_length=1)
    joined_parts_words: tuple[str, ...]
    joined_parts_prefixes: tuple[str, ...]
    joined_parts_max_length: int = Field(ge=3, le=32)
    brand_prefixes: tuple[str, ...]
    product_name_pattern: str
    tour_app_pattern: str
    record_followers: tuple[str, ...]
    record_compounds: tuple[str, ...]
    event_frame_followers: tuple[str, ...]
    course_verbs: tuple[str, ...]
    manner_suffixes: tuple[str, ...]
    contact_marks: str
    card_verbs: tuple[str, ...]
    card_mark: str = Field(min_length=1)
    brand_cards: tuple[str, ...]
    quality_suffixes: tuple[str, ...]
    picture_modifiers: str
    launch_followers: tuple[str, ...]
    launch_compounds: tuple[str, ...]
    award_win_pattern: str
    problem_followers: tuple[str, ...]
    problem_gap: int = Field(ge=0, le=12)
    problem_compounds: tuple[str, ...]
    solved_rates: tuple[str, ...]
    problem_solvers: tuple[str, ...]
    problem_preceders: tuple[str, ...]
    change_frames: frozenset[str] = Field(min_length=1)
    change_gap: int = Field(ge=0, le=12)
    becoming_verbs: tuple[str, ...] = Field(min_length=1)
    product_marks: tuple[str, ...]
    campaign_year_mark: str = Field(min_length=1)
    list_item_nouns: tuple[str, ...]
    aspect_pattern: str
    person_pattern: str
    person_max_quote: int = Field(ge=1, le=10)
    listed_product_pattern: str
    brand_heads: tuple[str, ...]
    method_heads: tuple[str, ...]
    place_brand_heads: tuple[str, ...]
    service_brand_heads: tuple[str, ...]
    software_endings: tuple[str, ...]
    reception_predicates: tuple[str, ...]
    reception_gap: int = Field(ge=0, le=20)
    reception_beneficiaries: tuple[str, ...]
    reception_served: tuple[str, ...]
    formula_frame_heads: tuple[str, ...]
    formula_frame_verbs: tuple[str, ...]
    object_measures: str
    count_lead_words: tuple[str, ...]
    venue_heads: tuple[str, ...]
    trend_suffixes: tuple[str, ...]
    trend_free_suffixes: tuple[str, ...]
    trend_context: tuple[str, ...]
    unique_marks: tuple[str, ...]
    unique_followers: tuple[str, ...]

    @field_validator(
        "event_pattern",
        "product_name_pattern",
        "description_pattern",
        "award_after_pattern",
        "award_scope_pattern",
        "award_win_pattern",
        "grade_pattern",
        "result_pattern",
        "zero_level_pattern",
        "listed_change_pattern",
        "listed_change_link",
        "aspect_pattern",
        "person_pattern",
        "question_pattern",
        "count_conversion_pattern",
    )
    @classmethod
    def _compiles(cls, v: str) -> str:
        try:
            re.compile(v)
        except re.error as exc:
            raise ValueError(f"pattern {v!r} does not compile: {exc}") from None
        return v

    @field_validator(*_NAMED_GROUPS)
    @classmethod
    def _names_its_group(cls, v: str, info: ValidationInfo) -> str:
        cls._compiles(v)
        for group, what in _NAMED_GROUPS[str(info.field_name)]:
            if group not in re.compile(v).groupindex:
                raise ValueError(f"{info.field_name} needs a group named {group!r} ({what})")
        return v

    @field_validator("formula_families", "unquoted_families")
    @classmethod
    def _all_compile(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for p in v:
            cls._compiles(p)
        return v

    @field_validator("change_frames")
    @classmethod
    def _frames_are_pairs(cls, v: frozenset[str]) -> frozenset[str]:
        if any(len(f) != 2 for f in v):
            raise ValueError("a frame of change is two characters: the word before each state")
        return v

    @field_validator("*")
    @classmethod
    def _no_empty_word(cls, v: object) -> object:
        """A list of words holds no empty one (it would begin and end every text)."""
        if isinstance(v, tuple) and any(w == "" for w in v):
            raise ValueError("a list of words holds an empty string")
        return v


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SloganLexicon:
    """The loaded formulas: lookup by any form (with or without its enumeration commas), and a
    finder of their unquoted occurrences."""

    entries: tuple[SloganEntry, ...]
    by_form: dict[str, SloganEntry] = field(repr=False)
    unquoted: FormFinder | None = field(repr=False)
    # each form of `unquoted` -> the forms of `unquoted` it starts with, itself among them
    unquoted_prefixes: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    # a stretch of two characters or more that begins a form, and is not all of it -> the rests
    # of the forms it begins (a quote of the stretch that the rest follows is the formula:
    # “菜篮子”工程)
    form_rests: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    def lookup(self, form: str) -> SloganEntry | None:
        return self.by_form.get(form)


def _read_entries(path: Path, *, bundled: bool) -> tuple[SloganEntry, ...]:
    data = load_toml(path)
    if not bundled:
        # a user file may also carry tables for other extractors; only [[slogan]] is ours
        data = {"slogan": data.get("slogan", [])}
    try:
        entries = _LexiconFile.model_validate(data).slogan
    except ValidationError as exc:
        raise LexiconError(f"{path}: not a valid slogan lexicon: {exc}") from None
    seen: dict[str, str] = {}
    for e in entries:
        for form in e.forms:
            if form in seen:
                raise LexiconError(
                    f"{path}: {form!r} is listed twice (in {seen[form]!r} and {e.text!r}); "
                    "keep one entry per formula"
                )
            seen[form] = e.text
    return entries


def load_slogan_lexicon(paths: Iterable[str | Path] = ()) -> SloganLexicon:
    """The bundled slogan lexicon plus the user files `paths` (same schema), validated.

    A user entry whose text or alias is already known replaces the earlier entry, so a local
    file can correct or extend a national formula. Raises `LexiconError` on a malformed file or
    on a form listed twice within one file. Files are read once per process (per list of paths).
    """
    return _load_lexicon(tuple(Path(p) for p in paths))


@cache
def _load_lexicon(paths: tuple[Path, ...]) -> SloganLexicon:
    layers = [_read_entries(lexicon_path(BUNDLED_LEXICON), bundled=True)]
    layers += [_read_entries(p, bundled=False) for p in paths]
    by_form: dict[str, SloganEntry] = {}
    for layer in layers:
        for e in layer:
            for old in {by_form[f] for f in e.forms if f in by_form}:
                for f in old.forms:
                    by_form.pop(f, None)
            for f in e.forms:
                by_form[f] = e
    entries = tuple(dict.fromkeys(by_form.values()))
    # a form written without its enumeration commas is the same formula (甲乙、丙丁: 甲乙丙丁)
    for e in entries:
        for f in e.forms:
            by_form.setdefault(formula_key(f), e)
    bare = sorted(
        {g for e in entries for f in e.forms if e.matches_unquoted(f) for g in {f, formula_key(f)}}
    )
    finder = FormFinder.of(bare) if bare else None
    known = set(bare)
    prefixes = {f: tuple(f[:n] for n in range(1, len(f) + 1) if f[:n] in known) for f in bare}
    rests: dict[str, list[str]] = {}
    for f in by_form:
        for n in range(2, len(f)):
            rests.setdefault(f[:n], []).append(f[n:])
    return SloganLexicon(
        entries=entries,
        by_form=by_form,
        unquoted=finder,
        unquoted_prefixes=prefixes,
        form_rests={k: tuple(v) for k, v in rests.items()},
    )


@cache
def load_common_words() -> Words:
    """The words of a general dictionary that a reader knows, whatever their tag (sections
    ``common``, ``name`` and ``proper`` of ``lexicons/words.txt``), read once.

    The file is derived from jieba's dictionary by ``lexicons/derive_words.py``; the rules
    use it as evidence about a quoted string (one ordinary word, or characters no word covers),
    never as a verdict, and the results do not depend on whether jieba is installed.
    """
    sections = dictionary_words()
    return word_set(chain(sections["common"], sections["name"], sections["proper"]))


@cache
def _ordinary_words() -> Words:
    """The common words of the general dictionary, without names of persons and places."""
    return dictionary_words()["common"]


@cache
def load_slogan_rules() -> SloganRules:
    """The cascade's word lists, validated (``lexicons/slogan_rules.toml``)."""
    path = lexicon_path(RULES_FILE)
    try:
        return SloganRules.model_validate(load_toml(path))
    except ValidationError as exc:
        raise LexiconError(f"{path}: invalid slogan rules: {exc}") from None


# --------------------------------------------------------------------------------------------
# Candidates
# --------------------------------------------------------------------------------------------

Source = Literal["quote", "numbered", "lexicon", "family"]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A stretch that may be a slogan: `text == ctx.text[start:end]` (quotes excluded)."""

    start: int
    end: int
    text: str
    source: Source
    quoted: bool = field(init=False, repr=False, compare=False)  # source == "quote"

    def __post_init__(self) -> None:
        object.__setattr__(self, "quoted", self.source == "quote")


_SET_START, _SET_END, _SET_TEXT, _SET_SOURCE, _SET_QUOTED = (
    Candidate.__dict__[name].__set__ for name in ("start", "end", "text", "source", "quoted")
)


def _candidate(start: int, end: int, text: str, source: Source) -> Candidate:
    """`Candidate(start, end, text, source)`, its slots set one by one: the stage builds
    thousands, and the frozen dataclass's `__init__` sets each field by `object.__setattr__`,
    at about twice the cost."""
    c: Candidate = object.__new__(Candidate)
    _SET_START(c, start)
    _SET_END(c, end)
    _SET_TEXT(c, text)
    _SET_SOURCE(c, source)
    _SET_QUOTED(c, source == "quote")
    return c


@dataclass(frozen=True, slots=True)
class Decision:
    """What the cascade made of one candidate: the rule that fired and whether it accepts."""

    candidate: Candidate
    rule: str
    accepted: bool


_CJK = "\u4e00-\u9fff"
_HAS_CJK = re.compile(f"[{_CJK}]")
_CJK_RUN = re.compile(f"[{_CJK}]+")
_DIGIT_FORMULA = re.compile(r"[\dA-Za-z+×xX·.%]+")  # 2+1, 6425, 4×4, 415X
_CLAUSE_BREAK = re.compile(r"[，。；、,;:：“”\n]")
_LIST_AND = re.compile(r"[和与及]")  # joins the last two parts of a list


@cache
def _quote_re(n: int) -> re.Pattern[str]:
    """Quoted stretches of at most `n` characters; the bound keeps unbalanced quotes linear."""
    return re.compile(
        rf"""
        “(?P<a>[^“”\n]{{1,{n}}})”       # curly double quotes (the normal case)
        | 「(?P<b>[^「」\n]{{1,{n}}})」  # corner brackets
        | 『(?P<d>[^『』\n]{{1,{n}}})』  # white corner brackets
        | ‘(?P<e>[^‘’\n]{{1,{n}}})’      # single curly quotes, where a copy uses them alone
        | 〝(?P<f>[^〝〞〟\n]{{1,{n}}})[〞〟]  # double prime quotes (some typesetters' “”)
        | "(?P<c>[^"\n]*)"              # straight quotes, paired left to right whatever
                                        # their length (`_quote_spans` drops the long ones)
        """,
        re.VERBOSE,
    )


@cache
def _numbered_re(rules: SloganRules, min_modifier: int = 0) -> re.Pattern[str]:
    """Numeral + 大 + the shortest modifier (of `min_modifier` characters or more) + the longest
    head (六大支柱产业).

    The pattern opens on the numeral's character class, so a scan skips to the next numeral in
    C; the test that no longer number or ordinal goes before it looks back from there (a
    pattern opening on a lookbehind is tried at every character, about seven times slower).
    """
    heads = alternation(rules.numbered_heads)
    stops = re.escape(rules.modifier_stop_chars)
    if rules.numbered_closing_heads:
        # heads only where no longer formula goes on to another head (七大攻坚，七大攻坚和…,
        # not 十大攻坚|提升行动)
        going_on = rf"(?:(?![{stops}])[{_CJK}]){{0,{rules.numbered_max_modifier}}}?(?:{heads})"
        heads = f"{heads}|(?:{alternation(rules.numbered_closing_heads)})(?!{going_on})"
    numerals = re.escape(rules.numerals)
    count = _COUNT_CLASS  # the count (一大 is rarely a formula)
    most = rules.numbered_max_modifier
    # a head that a suffix makes one word with (产业化, 战略性) is not where the formula ends;
    # one that the suffix only stands after (工程|化解) is
    words = _ordinary_words()
    glued = [
        f"(?<={re.escape(h)}){re.escape(ch)}"
        for h in rules.numbered_heads
        for ch in rules.word_suffixes
        if h + ch in words
    ]
    ending = f"(?!{'|'.join(glued)})" if glued else ""
    return re.compile(
        rf"""
        (?P<num>{count}
          (?<![第\d零〇{numerals}百千万]{count})  # not part of a longer number or ordinal
          {count}?)
        {_MARK}
        (?P<mod>(?:(?![{stops}])[{_CJK}]){{{min_modifier},{most}}}?)  # the shortest modifier
        (?P<head>{heads}){ending}               # then the longest formula head, ending a word
        """,
        re.VERBOSE,
    )


@cache
def _curly_quote_re(n: int) -> re.Pattern[str]:
    """The first alternative of `_quote_re(n)` alone: opening on one literal character, a scan
    for it runs through the text several times faster than one for any of four openings."""
    return re.compile(rf"“(?P<a>[^“”\n]{{1,{n}}})”")


_OTHER_OPENINGS = ("「", "『", "‘", "〝", '"')  # the openings of `_quote_re` but “


def _quote_spans(text: str, rules: SloganRules) -> list[tuple[int, int, int, int]]:
    """(outer_start, outer_end, inner_start, inner_end) of every quoted stretch."""
    k = _compiled(rules)
    # each alternative opens on its own character: where only “ opens quotes (most reports),
    # the other alternatives never match and the first one alone finds the same stretches
    if not any(ch in text for ch in _OTHER_OPENINGS):
        spans = map(_MATCH_SPAN, k.curly_quote.finditer(text))
        # every alternative is one opening character, the quoted group, one closing character
        return [(a, b, a + 1, b - 1) for a, b in spans]
    # straight quotes pair whatever their length (a long one bounded would leave its closing
    # mark to open the next), and only those of the bounded length are quoted stretches; the
    # quotes inside a longer straight-quoted stretch are looked for there (it holds no ")
    n = rules.max_quoted_length
    out = []
    for m in k.quote.finditer(text):
        a, b = m.span()
        if 3 <= b - a <= n + 2:
            out.append((a, b, a + 1, b - 1))
        elif text[a] == '"' and b - a > n + 2:
            inner = map(_MATCH_SPAN, k.quote.finditer(text, a + 1, b - 1))
            out.extend((x, y, x + 1, y - 1) for x, y in inner if y - x <= n + 2)
    return out


_MATCH_SPAN = re.Match.span


def _lexicon_candidates(env: Env) -> Iterable[Candidate]:
    if env.lexicon.unquoted is None:
        return
    hits = leftmost_taken(env.lexicon_at)  # (`FormFinder.find_all`, from `longest_at`)
    text = env.text
    lex = env.lexicon
    hits = [h for h in hits if _holds_bare(lex, h[2], text, h[0])]
    yield from _lexicon_hits_grown(text, hits, lex, env.rules)


def _holds_bare(lex: SloganLexicon, form: str, text: str, start: int) -> bool:
    """Whether the bare `form` at `start` counts (`SloganEntry.holds_bare`)."""
    entry = lex.lookup(form)
    return entry is None or entry.holds_bare(text, start)


def _lexicon_hits_grown(
    text: str, hits: list[tuple[int, int, str]], lex: SloganLexicon, rules: SloganRules
) -> Iterable[Candidate]:
    """The candidates of the lexicon's unquoted `hits`, an open front grown (`_extend_left`)
    but not into the hit before, nor over a character that ends a word before it (西湖|河长制:
    湖 is the lake's, the front stops after it)."""
    fillers = None
    last_end = 0
    for start, end, form in hits:
        if form.endswith(rules.extensible_suffixes):
            if fillers is None:
                fillers = _fillers(lex, rules.extensible_suffixes)
            grown = _extend_left(text, start, fillers, min(rules.max_extension, start - last_end))
            while grown < start and _glued_left(text, grown):
                grown += 1
            start = grown
        last_end = end
        yield _candidate(start, end, text[start:end], "lexicon")


_COUNT_CLASS = "[二两三四五六七八九十]"  # the count opening a numbered formula (`_numbered_re`)
_COUNT_CHARS = frozenset(_COUNT_CLASS[1:-1])
_MARK = "大"  # what `_numbered_re` matches after the count


def _numbered_from_marks(text: str, rules: SloganRules) -> list[Candidate]:
    """The numbered formulas of `text` (what `finditer` of the numbered pattern finds; where a
    head that needs a modifier has none, the formula with a modifier at the same place, if any):
    a numbered formula opens on one or two numerals of its count right before 大, so the pattern
    is tried only there, the places in order, unless the last formula found runs past it (as
    `finditer` goes on after each match). `str.find` runs to the next 大 several times faster
    than a regex scan to the next numeral."""
    k = _compiled(rules)
    numbered = k.numbered
    need_modifier = rules.numbered_heads_need_modifier
    bare = rules.numbered_heads_bare
    out = []
    end = 0
    mark = text.find(_MARK, 1)
    while mark >= 0:
        one = mark - 1  # the place of a count of one numeral
        if text[one] in _COUNT_CHARS:
            two = one - 1  # and of a count of two
            for at in (two, one) if two >= 0 and text[two] in _COUNT_CHARS else (one,):
                if at >= end and (n := numbered.match(text, at)) is not None:
                    end = n.end()
                    if not n.group("mod") and n.group("head") in need_modifier:
                        # a head that needs a modifier right after 大 (五大经济板块: 经济) may be
                        # the modifier of a longer formula; else the count is plain (三大产业),
                        # unless the head stands bare too (六大工程)
                        longer = k.numbered_modified.match(text, at)
                        if longer is None and n.group("head") not in bare:
                            continue
                        if longer is not None:
                            n = longer
                        end = n.end()
                    out.append(_candidate(at, end, n.group(), "numbered"))
        mark = text.find(_MARK, mark + 1)
    return out


def _goes_on(text: str, end: int, chars: str) -> bool:
    """Whether one of `chars` follows a stretch of `text` that ends at `end`."""
    return end < len(text) and text[end] in chars


def _family_candidates(text: str, rules: SloganRules) -> Iterable[Candidate]:
    """Unquoted formulas of a shape that plain words do not take (村村通, 户户通), not where the
    character after one begins another word with its last (村村通过: every village passes)."""
    k = _compiled(rules)
    stops = rules.unquoted_family_stops
    for pattern, ending in zip(k.unquoted_families, k.unquoted_family_endings, strict=True):
        if ending is None:
            for m in pattern.finditer(text):
                if not _goes_on(text, m.end(), stops):
                    yield _candidate(m.start(), m.end(), m.group(), "family")
            continue
        # each match is `width` characters ending in `last`: `str.find` of that character runs
        # through the text many times faster than a regex scan, and the pattern is tried only
        # where a match would end there, the starts in order (the matches `finditer` gives)
        last, width = ending
        end = 0
        at = text.find(last, width - 1)
        while at >= 0:
            start = at - width + 1
            if start >= end and (hit := pattern.match(text, start)) is not None:
                end = hit.end()
                if not _goes_on(text, end, stops):
                    yield _candidate(start, end, hit.group(), "family")
            at = text.find(last, at + 1)


def _fixed_ending(pattern: re.Pattern[str]) -> tuple[str, int] | None:
    """(last, width) when every match of `pattern` is `width` characters ending in the one
    character `last` (([村户])\\1通 -> (通, 3)), else None; a pattern with flags is never."""
    if pattern.flags != re.UNICODE:
        return None
    try:
        from re import _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(pattern.pattern, pattern.flags)
        low, high = parsed.getwidth()
        op, value = parsed.data[-1]
        literal = op is _parser.LITERAL
    except Exception:  # (a private module: should it change, every pattern is scanned whole)
        return None
    if not literal or low != high or not isinstance(value, int) or not isinstance(low, int):
        return None
    return (chr(value), low) if low >= 1 else None


def _extend_left(text: str, start: int, fillers: frozenset[str], limit: int) -> int:
    """Grow a formula with an open front (湖长制) over the characters that fill the front of
    its family in the lexicon (河湖长制, 河湖林长制; not 推行|林长制, 实化|河湖长制)."""
    stop = max(0, start - limit)
    seen = {text[start]}  # (a front names each water once: 禾岭湖|湖长制 is the lake's 湖)
    while start > stop and text[start - 1] in fillers and text[start - 1] not in seen:
        start -= 1
        seen.add(text[start])
    return start


def _fillers(lex: SloganLexicon, suffixes: tuple[str, ...]) -> frozenset[str]:
    """The characters before an open suffix in the lexicon's forms (河, 湖, 林, 田 of X长制)."""
    return frozenset(
        ch
        for e in lex.entries
        for form in e.forms
        for suffix in suffixes
        if form.endswith(suffix)
        for ch in form[: -len(suffix)]
    )


# --------------------------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Env:
    """What a rule may look at besides the candidate."""

    text: str
    rules: SloganRules
    lexicon: SloganLexicon
    k: _Compiled = field(repr=False)
    preamble_end: int
    _heads: dict[int, str | None] = field(default_factory=dict, repr=False, compare=False)
    # the line last asked about by `in_sentence_line`: its start, its end, whether it holds a
    # sentence mark (1) or not (0)
    _sentence_line: list[int] = field(default_factory=lambda: [0, 0, 0], repr=False, compare=False)
    # where a run of places' quotes that goes on at an offset ends (`_past_placed_quotes`)
    _placed_ends: dict[int, int] = field(default_factory=dict, repr=False, compare=False)
    # the longest unquoted form of the lexicon at each place of the text where one starts, quotes
    # included (`FormFinder.longest_at`): its lexicon candidates and its bare mentions read them
    lexicon_at: list[tuple[int, int, str]] = field(default_factory=list, repr=False)
    # whether a place of the gazetteer is the report's own (`Env.is_own_place`), by place: the
    # brands and events of one report end in its own name again and again
    _own_places: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)

    def uncovered(self, text: str) -> int:
        """`_count_uncovered` of `text` (memoized by text)."""
        return _uncovered_of(text, self.k)

    def numeral(self, text: str) -> int | None:
        """`parse_numeral` of `text` (memoized by text)."""
        return _numeral_of(text, self.k)

    def numerals_in(self, text: str) -> tuple[str, ...]:
        """`_numerals_in` of `text` (memoized by text: several rules ask)."""
        return _numerals_of(text, self.k)

    def is_own_place(self, place: str) -> bool:
        """A place of the gazetteer that the report names often (`_OWN_PLACE_MIN_MENTIONS`), as
        a report names its own city, county or district (counted once a place)."""
        if place not in gazetteer_places():
            return False
        own = self._own_places.get(place)
        if own is None:
            own = self._own_places[place] = self.text.count(place) >= _OWN_PLACE_MIN_MENTIONS
        return own

    def head_after(self, at: int) -> str | None:
        """`_head_after` at offset `at`, computed once per offset."""
        if at in self._heads:
            return self._heads[at]
        head = self._heads[at] = _head_after(self.text, at, self.rules, self.k)
        return head

    def in_sentence_line(self, at: int) -> bool:
        """Whether the line holding offset `at` holds a sentence mark (，。；), read once a line
        and found again without a search while the quotes asked about stay on it (each quote
        of a long line of page furniture would read it again)."""
        line = self._sentence_line
        if not line[0] <= at < line[1]:
            text = self.text
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            line[:] = (start, end, any(ch in text[start:end] for ch in "，。；"))
        return line[2] == 1

    def before(self, c: Candidate, n: int) -> str:
        """Up to `n` characters before the candidate's opening quote (or its start); for a
        member of a list of quotes (“甲”“乙”, “甲”、“乙”), before the list's first one: the
        words before a list frame each member (荣获“甲”“乙”, 举办“甲”、“乙”)."""
        at = _list_opening(self.text, c.start - 1) if c.quoted else c.start
        return self.text[at - n if at > n else 0 : at]

    def after_list(self, c: Candidate, n: int) -> str:
        """Up to `n` characters after the rest of the list of quotes that the quoted candidate
        opens or goes on (“甲”“乙”称号: the words after a list frame each member)."""
        at = _past_more_quotes(self.text, c.end + 1)
        return self.text[at : at + n]

    def after(self, c: Candidate, n: int) -> str:
        """Up to `n` characters after the candidate's closing quote (or its end)."""
        at = c.end + 1 if c.quoted else c.end
        return self.text[at : at + n]


@dataclass(frozen=True, eq=False)
class _Compiled:
    """The patterns and lists the rules build from one `SloganRules`, built once per rules
    object (looking them up per candidate in caches keyed by long tuples, or by the rules
    model itself, hashed those on every call). Hashed by identity: memos by text key on it."""

    rules: SloganRules
    quote: re.Pattern[str]
    curly_quote: re.Pattern[str]  # its first alternative alone (“…”)
    numbered: re.Pattern[str]
    numbered_modified: re.Pattern[str]  # (`numbered` with a modifier of one character or more)
    unquoted_families: tuple[re.Pattern[str], ...]
    unquoted_family_endings: tuple[tuple[str, int] | None, ...]  # `_fixed_ending` of each
    formula_families: tuple[re.Pattern[str], ...]
    formula_families_joined: tuple[re.Pattern[str], ...]  # the same, fewer (`_any_of`)
    launch: re.Pattern[str]  # any of `launch_followers`
    speech: re.Pattern[str]
    quote_chars: re.Pattern[str]
    question: re.Pattern[str]
    speech_quote_question: re.Pattern[str]
    separators: re.Pattern[str]
    chain_separators: re.Pattern[str]  # (and a hyphen: a chain's parts, for enumerations and
    # parallel formulas, `_is_enumeration`, `_is_parallel`)
    party_joins: re.Pattern[str]  # a long dash, a middle dot or a hyphen (`_joined_parties`)
    description: re.Pattern[str]
    wrongdoing: re.Pattern[str]  # marks of wrongdoing opening the words before 活动
    body_reach: int  # the length of the longest name of `international_bodies`
    conversion: re.Pattern[str]  # X改Y, X转Y, X升Y (the tail no word of the dictionary)
    award_after: re.Pattern[str]
    award_frame: re.Pattern[str]
    rank_after: re.Pattern[str]
    award_win: re.Pattern[str]
    event: re.Pattern[str]
    event_followers: re.Pattern[str]
    event_name_followers: re.Pattern[str]
    counted: re.Pattern[str]
    counted_people: re.Pattern[str]
    attitude: re.Pattern[str]
    phrase: re.Pattern[str]
    line_followers: re.Pattern[str]
    number_line_followers: re.Pattern[str]
    built_followers: re.Pattern[str]
    completion_followers: re.Pattern[str]
    emphasis: re.Pattern[str]
    numeral_words: re.Pattern[str]
    numeral_chars: re.Pattern[str]
    policy_heads: re.Pattern[str]
    policy_head_end: re.Pattern[str]  # a policy head ending a text
    product_name: re.Pattern[str]
    tour_app: re.Pattern[str]
    thing_followers: re.Pattern[str]
    product_heads: re.Pattern[str]
    selection_followers: re.Pattern[str]
    problem_followers: re.Pattern[str]
    change_from: re.Pattern[str]  # the state left and the word of change, ending where one ends
    change_to: re.Pattern[str]  # the word of change and the quote of the state reached
    becoming_before: re.Pattern[str]  # “甲”变成(了), ending where one ends
    becoming_after: re.Pattern[str]  # 变成(了)“乙”
    product_marks: re.Pattern[str]  # a mark given to products or shops (老字号, 地理标志)
    list_item: re.Pattern[str]  # a modifier and one of `list_item_nouns`
    listed_thing_followers: re.Pattern[str]
    result: re.Pattern[str]
    grade: re.Pattern[str]
    place_lead: re.Pattern[str]
    place_tail: re.Pattern[str]
    province_end: re.Pattern[str]  # a province's or a region's name ending a text
    local_markers: re.Pattern[str]
    head_run: re.Pattern[str]  # `_NEXT_QUOTES`, then a run without a stop character
    head_words: frozenset[str]
    head_word_list: tuple[str, ...]  # the same, for `str.startswith`
    head_lengths_by_last: dict[str, tuple[int, ...]]
    head_lengths_any: tuple[int, ...]  # (0,) when an empty head word ends anywhere, else ()
    head_last: re.Pattern[str]  # the last character of a head word
    count_numerals: frozenset[str]
    count_start: frozenset[str]  # what opens a count (`parse_numeral`) but a digit
    counters: frozenset[str]  # the counters after a leading count
    numerals_or_vague: frozenset[str]  # the numerals and 多百千万 (a count left after one)
    operators: re.Pattern[str]  # any of `operators` (never matches when there are none)
    ordinal_built: re.Pattern[str]
    count_conversion: re.Pattern[str]
    phase: re.Pattern[str]
    aspect: re.Pattern[str]
    person: re.Pattern[str]  # the noun of an occupation after the quote (`person_pattern`)
    listed_product: re.Pattern[str]  # (等,) a count and the kind of thing counted (apps, goods)
    reception: re.Pattern[str]  # the words before a predicate of popularity, and the predicate
    counted_after: re.Pattern[str]  # a count of objects that ends its phrase
    made: re.Pattern[str]  # a verb of making a unique thing, after 在 and a place
    frame_heads_reach: int  # how far after a quote a programme noun of a formula's frame may end
    joined_parts_reach: int  # the longest word of joining (`_joins_parts`)
    frame_words: tuple[str, ...]  # the nouns of a frame of policy after 的 (`_describes_thing`)
    counted_things: tuple[str, ...]  # the nouns of things a count after a list may count
    counted_policy_nouns: tuple[str, ...]  # the nouns of policy that, first, make it no thing
    brand_heads: re.Pattern[str]  # never matches when there are none
    built_endings: tuple[str, ...]  # the endings of a built thing
    built_words: tuple[str, ...]  # the built heads of two characters or more (铁路, 水库)
    # `_early_rejections`:
    early_inner: re.Pattern[str]  # what makes a description inside the quote
    early_preceders: _Endings  # words ending the four characters before the quote
    early_endings: _Endings  # endings of a figure, a title, an event, a built thing (their bits)
    early_patterns: tuple[tuple[re.Pattern[str], bool], ...]  # `_any_of` the text patterns
    early_after: re.Pattern[str] | None  # what may follow the quote; None: anything may


# How many characters may stand between a quote and a follower of an event, of a line named by
# a number, of a built thing; how far after a quote a record is looked for (the early look,
# `_early_after_re`, reads them too).
_EVENT_GAP = 8
_NUMBER_LINE_GAP = 8
_BUILT_GAP = 4
_RECORD_WINDOW = 16


def _build_compiled(r: SloganRules) -> _Compiled:
    places = _numeral_places(r)
    numeral_words, numeral_chars = _numeral_res(
        (*r.numeral_words, *places), r.numerals + r.formula_numerals
    )
    place_lead, place_tail = _place_res(r.local_markers)
    unquoted_families = _families_re(r.unquoted_families)
    # a policy noun is a head wherever it follows a quote (“某某”攻势), listed there or not
    head_words = frozenset((*r.head_words, *r.policy_heads))
    built_words = tuple(h for h in r.built_heads if len(h) >= 2)
    counted_things = tuple(
        t
        for t in dict.fromkeys((*r.thing_followers, *r.listed_thing_followers, *built_words))
        if t not in r.brand_heads
    )
    lengths_by_last: dict[str, set[int]] = {}
    for w in head_words:
        lengths_by_last.setdefault(w[-1:], set()).add(len(w))
    any_end = lengths_by_last.pop("", set())
    for ns in lengths_by_last.values():
        ns |= any_end
    return _Compiled(
        rules=r,
        quote=_quote_re(r.max_quoted_length),
        curly_quote=_curly_quote_re(r.max_quoted_length),
        numbered=_numbered_re(r),
        numbered_modified=_numbered_re(r, 1),
        unquoted_families=unquoted_families,
        unquoted_family_endings=tuple(map(_fixed_ending, unquoted_families)),
        formula_families=_families_re(r.formula_families),
        formula_families_joined=tuple(p for p, _ in _any_of((f, True) for f in r.formula_families)),
        launch=_alternation_re(r.launch_followers),
        speech=_chars_re(r.speech_marks),
        quote_chars=_chars_re(_QUOTE_CHARS),
        question=re.compile(f"{alternation(r.question_words)}|{r.question_pattern}"),
        speech_quote_question=re.compile(
            f"[{re.escape(r.speech_marks + _QUOTE_CHARS)}]|{alternation(r.question_words)}"
            f"|{r.question_pattern}"
        ),
        separators=_separators_re(r.part_separators),
        chain_separators=_separators_re(r.part_separators + r.chain_hyphen),
        party_joins=_separators_re("—·" + r.chain_hyphen),
        description=_pattern(r.description_pattern),
        wrongdoing=re.compile(f"(?:{alternation(r.wrongdoing_marks)})+活动"),
        body_reach=max(map(len, r.international_bodies), default=0),
        conversion=_pattern(r.conversion_pattern),
        award_after=_pattern(r.award_after_pattern),
        award_frame=re.compile(
            f"(?:{alternation((*r.award_verbs, *r.selection_verbs))})"
            f"(?:{r.award_scope_pattern})*\\Z"
        ),
        rank_after=_pattern(r.rank_after_pattern),
        award_win=_pattern(r.award_win_pattern),
        event=_pattern(r.event_pattern),
        event_followers=_followers_re(r.event_followers, _EVENT_GAP),
        event_name_followers=_followers_re(r.event_name_followers, r.event_name_gap),
        counted=_counted_re(r.measure_words),
        counted_people=_counted_re(r.person_measure_words),
        attitude=_attitude_re(r.attitude_words, r.attitude_compounds),
        phrase=_chars_re(r.phrase_chars),
        line_followers=_followers_re(r.line_followers, 0),
        number_line_followers=_followers_re(
            (*r.line_followers, *r.number_line_words), _NUMBER_LINE_GAP
        ),
        built_followers=_followers_re(r.built_followers, _BUILT_GAP),
        completion_followers=_followers_re(r.completion_followers, _BUILT_GAP),
        emphasis=_emphasis_re(r.emphasis),
        numeral_words=numeral_words,
        numeral_chars=numeral_chars,
        policy_heads=_alternation_re(r.policy_heads),
        policy_head_end=re.compile(f"(?:{alternation(r.policy_heads)})\\Z"),
        product_name=_pattern(r.product_name_pattern),
        tour_app=_pattern(r.tour_app_pattern),
        thing_followers=_followers_re(r.thing_followers, 2),
        product_heads=_product_re(r.product_heads, r.product_gap),
        selection_followers=_followers_re(r.selection_followers, 2),
        problem_followers=_followers_re(r.problem_followers, r.problem_gap),
        change_from=re.compile(
            rf"(?P<open>[{_frame_chars(r.change_frames, 0)}])"
            rf"“(?P<other>[^“”\n]{{1,{r.max_quoted_length}}})”"
            rf"[^“”，。；\n]{{0,{r.change_gap}}}(?P<close>[{_frame_chars(r.change_frames, 1)}])\Z"
        ),
        change_to=re.compile(
            rf"[^“”，。；\n]{{0,{r.change_gap}}}?(?P<close>[{_frame_chars(r.change_frames, 1)}])"
            rf"“(?P<other>[^“”\n]{{1,{r.max_quoted_length}}})”"
        ),
        becoming_before=re.compile(
            rf"“(?P<other>[^“”\n]{{1,{r.max_quoted_length}}})”"
            rf"(?:{alternation(r.becoming_verbs)})了?\Z"
        ),
        becoming_after=re.compile(
            rf"(?:{alternation(r.becoming_verbs)})了?“(?P<other>[^“”\n]{{1,{r.max_quoted_length}}})”"
        ),
        product_marks=(_alternation_re(r.product_marks) if r.product_marks else re.compile("(?!)")),
        list_item=re.compile(f"[{_CJK}]{{0,2}}(?:{alternation(r.list_item_nouns)})"),
        listed_thing_followers=_followers_re(r.listed_thing_followers, 2),
        result=_pattern(r.result_pattern),
        grade=_pattern(r.grade_pattern),
        place_lead=place_lead,
        place_tail=place_tail,
        local_markers=_alternation_re(r.local_markers),
        province_end=re.compile(
            f"(?:{alternation(m for m in r.local_markers if len(m) >= 2)})\\Z"
            if any(len(m) >= 2 for m in r.local_markers)
            else "(?!)"
        ),
        head_run=re.compile(
            f"{_NEXT_QUOTES.pattern}([{_cjk_without(r.head_stop_chars)}]{{0,{r.head_max_length}}})"
        ),
        head_words=head_words,
        head_word_list=tuple(sorted(head_words)),
        head_lengths_by_last={ch: tuple(sorted(ns)) for ch, ns in lengths_by_last.items()},
        head_lengths_any=tuple(any_end),
        head_last=_chars_re("".join(lengths_by_last)) if lengths_by_last else re.compile("(?!)"),
        count_numerals=frozenset(r.numerals),
        count_start=frozenset(r.numerals + "双"),
        counters=frozenset(r.counters),
        numerals_or_vague=frozenset(r.numerals + "多百千万"),
        operators=_alternation_re(r.operators) if r.operators else re.compile("(?!)"),
        ordinal_built=_ordinal_built_re(r.built_heads, r.numerals),
        count_conversion=re.compile(r.count_conversion_pattern),
        phase=_phase_re(r.numerals),
        aspect=_pattern(r.aspect_pattern),
        person=_pattern(r.person_pattern),
        listed_product=_pattern(r.listed_product_pattern),
        reception=_reception_re(r.reception_predicates, r.reception_gap),
        counted_after=_counted_after_re(r.object_measures, r.count_lead_words),
        made=re.compile(
            rf"(?:在[{_CJK}]{{2,6}}?)?(?:正式|成功|顺利)?(?:{alternation(r.unique_followers)})"
            if r.unique_followers
            else "(?!)"
        ),
        frame_heads_reach=_FRAME_MODIFIER + max(map(len, r.formula_frame_heads), default=0),
        joined_parts_reach=max(map(len, r.joined_parts_words), default=0),
        frame_words=(*r.frame_heads, *r.policy_heads),
        counted_things=counted_things,
        counted_policy_nouns=tuple(
            h for h in dict.fromkeys((*r.frame_heads, *r.policy_heads)) if h not in counted_things
        ),
        brand_heads=_alternation_re(r.brand_heads) if r.brand_heads else re.compile("(?!)"),
        built_endings=(r.vessel_mark, *r.built_heads, *r.place_heads),
        built_words=built_words,
        early_inner=_chars_re(r.part_separators + "的，"),
        early_preceders=_Endings.of(
            (
                *(
                    (w, _EVENT | _BUILT | _WORK)
                    for w in (
                        *r.event_preceders,
                        *r.event_followers,  # (before the quote too: 台风“某某”)
                        *r.gathering_preceders,
                        *r.built_preceders,
                        *r.work_preceders,
                    )
                ),
                *((w, _TITLE) for w in (*r.award_verbs, *r.selection_verbs)),
                # (the window before the quote holds four characters: a longer name's last four)
                *((w[-4:], _TITLE) for w in r.international_bodies),
            )
        ),
        early_endings=_Endings.of(
            (
                *(
                    (e, _EMPHASIS)
                    for e in (*r.figure_suffixes, *r.manner_suffixes, *r.letter_shape_words)
                ),
                *(
                    (e, _TITLE)
                    for e in ("）", ")", *r.strong_title_heads, *r.ranking_heads, *r.title_heads)
                ),
                *((e, _EVENT) for e in (*r.event_heads, *r.event_periods, r.tour_mark)),
                *((e, _BUILT) for e in (r.vessel_mark, *r.built_heads, *r.place_heads)),
            )
        ),
        early_patterns=_any_of(
            (
                (r.event_pattern, False),
                (r.result_pattern, False),
                (r.grade_pattern, True),
                (r.description_pattern, True),
            )
        ),
        early_after=_early_after_re(r),
    )


@dataclass(frozen=True, eq=False)
class _Endings:
    """Endings, each with bits, looked up by the last character of a text: `bits(s)` is the
    union of the bits of the endings `s` ends with. Only the few endings that end in the text's
    last character are compared (`str.endswith` of a tuple compares each of dozens in turn)."""

    by_last: dict[str, tuple[tuple[str, int], ...]] = field(repr=False)
    always: int  # the bits of an empty ending: every text ends so

    @classmethod
    def of(cls, endings: Iterable[tuple[str, int]]) -> _Endings:
        by_last: dict[str, list[tuple[str, int]]] = {}
        always = 0
        for e, bits in endings:
            if e:
                by_last.setdefault(e[-1], []).append((e, bits))
            else:
                always |= bits
        return cls({ch: tuple(es) for ch, es in by_last.items()}, always)

    def bits(self, s: str) -> int:
        """The bits of the endings `s` ends with."""
        found = self.always
        for e, bits in self.by_last.get(s[-1:], ()):
            if bits & ~found and s.endswith(e):
                found |= bits
        return found


def _any_of(
    patterns: Iterable[tuple[str, bool]],
) -> tuple[tuple[re.Pattern[str], bool], ...]:
    """Patterns to search (True) or to match at the start (False), joined where they can be
    into one pattern searched, which finds a text where any of them would: one with groups
    (a back reference might count them) stays alone, and all do when the joined pattern does
    not compile (a flag for the whole pattern)."""
    patterns = tuple(patterns)
    alone = tuple((re.compile(p), by_search) for p, by_search in patterns)
    joinable = [
        f"(?:{p})" if by_search else f"\\A(?:{p})"
        for (p, by_search), (compiled, _) in zip(patterns, alone, strict=True)
        if compiled.groups == 0
    ]
    try:
        joined = re.compile("|".join(joinable))
    except re.error:
        return alone
    rest = tuple(a for a in alone if a[0].groups > 0)
    return ((joined, True), *rest) if joinable else rest


def _early_after_re(r: SloganRules) -> re.Pattern[str] | None:
    """What may follow a quote that one of the early rejections turns down (`_EARLY`): as one
    pattern matched right after the closing quote: a follower of an event, a line or a built
    thing within the widest gap those rules allow (an empty list of followers matches
    anything: then None), the ordinal of a numbered work, the vessel mark, 的 of an attitude,
    中 or a follower of an event frame, a record later in the clause. Looser than the rules
    (wider gaps, no window): it only tells where none of them can hold."""
    followers = (
        r.event_followers,
        (*r.line_followers, *r.number_line_words),
        r.built_followers,
        r.completion_followers,
    )
    if not all(followers):
        return None
    gap = max(_EVENT_GAP, _NUMBER_LINE_GAP, _BUILT_GAP)
    alternatives = [
        _followers_re(tuple(chain.from_iterable(followers)), gap).pattern,
        _ordinal_built_re(r.built_heads, r.numerals).pattern,
        _phase_re(r.numerals).pattern,
        trie_pattern(
            ("的", "中", *([r.vessel_mark] if r.vessel_mark else []), *r.event_frame_followers)
        ),
    ]
    if r.record_followers:
        records = trie_pattern(r.record_followers)
        alternatives.append(f"[^，。；！？,;:：!?\\n]{{0,{_RECORD_WINDOW - 1}}}?(?:{records})")
    return re.compile("|".join(f"(?:{a})" for a in alternatives))


@cache
def _ordinal_built_re(heads: tuple[str, ...], numerals: str) -> re.Pattern[str]:
    """An ordinal, then within a few characters the head of a built thing (第三通道, 第二期管廊):
    the numbered stretch of a series of works."""
    return re.compile(
        rf"第(?:[{re.escape(numerals)}百]+|\d+)期?[{_CJK}]{{0,3}}?(?:{alternation(heads)})"
    )


def _frame_chars(frames: frozenset[str], i: int) -> str:
    """The words of `frames` (pairs of characters) at place `i`, escaped for a character class:
    0 before the state left (从, 由), 1 before the state reached (到, 向)."""
    return re.escape("".join(sorted({f[i] for f in frames})))


def _phase_re(numerals: str) -> re.Pattern[str]:
    """A phase, or phases listed (二期, 3期, 二、三期; not 一期间): a stretch of a work; one
    numeral each (推出“某某”27期 counts the issues of a column)."""
    one = rf"(?:[{re.escape(numerals)}]|[1-9])(?![\d{re.escape(numerals)}])"
    return re.compile(rf"{one}(?:[、和至到-]{one})*期(?![间限内末中])")


_COMPILED: dict[int, tuple[SloganRules, _Compiled]] = {}


def _compiled(rules: SloganRules) -> _Compiled:
    """`_build_compiled(rules)`, built once per rules object (found by identity: hashing a
    pydantic model hashes every field)."""
    hit = _COMPILED.get(id(rules))
    if hit is None or hit[0] is not rules:
        hit = _COMPILED[id(rules)] = (rules, _build_compiled(rules))
    return hit[1]


@dataclass(frozen=True)
class Rule:
    """A named step of the cascade; `accept` says what happens when `test` holds."""

    name: str
    accept: bool
    test: Callable[[Candidate, Env], bool]
    quoted_only: bool = True  # the test never holds for an unquoted candidate
    bare_only: bool = False  # the test never holds for a quoted candidate


def _has_numeral(text: str, rules: SloganRules) -> bool:
    return any(ch in rules.numerals or ch.isdecimal() for ch in text)


def _is_lexicon(c: Candidate, env: Env) -> bool:
    """A form of the lexicon, or a quote of a form's beginning that its rest follows (“厕所”
    革命); not where a quote of it names an award (“某某工程”奖, the prize named after a
    programme: the title rule decides). A bare form whose entry counts it only quoted is
    turned down before (`_bare_form_is_prose`)."""
    if c.text not in env.lexicon.by_form and _form_across_quote(c, env) is None:
        return False
    return not c.quoted or env.k.award_after.match(env.after(c, 6)) is None


def _bare_form_is_prose(c: Candidate, env: Env) -> bool:
    """An unquoted form of the lexicon, found by another scan (a numbered or a family shape),
    whose entry says a bare occurrence there is no mention (“三大工程” counts the formula only
    quoted: unquoted, 甲、乙、丙三大工程 counts three works of the report's own)."""
    if c.quoted:
        return False
    entry = env.lexicon.lookup(c.text)
    return entry is not None and _bare_is_prose(entry, c.text, env, c.start)


def _bare_is_prose(entry: SloganEntry, form: str, env: Env, at: int) -> bool:
    """Whether a bare occurrence of `form` at `at` is no mention of `entry`'s formula: the entry
    does not count it there (`SloganEntry.counts_bare`), or it counts the report's own list
    (`_counts_own_list`)."""
    return not entry.counts_bare(form, env.text, at) or _counts_own_list(entry, form, env, at)


def _counts_own_list(entry: SloganEntry, form: str, env: Env, at: int) -> bool:
    """A bare numbered form of the lexicon at `at`, right after a list of as many parts of which
    fewer than half share a word with the formula's parts (甲指挥、甲档案、甲体验、甲培训四个中心;
    甲金融中心、乙物流中心、文化旅游中心、丁健康中心四个中心): the count of the report's own list,
    not the formula of that name. A list in other words of the formula's own parts (防风险、
    治污染、攻脱贫三大攻坚战) shares two characters in a row with them, part by part; the words of
    the form itself (中心, 攻坚) tell nothing, as the report's own list takes them too."""
    if entry.numeral is None or not entry.expansion:
        return False
    listed = _inline_expansion(env.text, at, entry.numeral, env.rules)
    if listed is None:
        return False
    shared = sum(any(_shares_a_pair(p, e, form) for e in entry.expansion) for p in listed)
    return 2 * shared < len(listed)


def _shares_a_pair(a: str, b: str, form: str) -> bool:
    """Whether two characters in a row of `a`, not two of `form`, stand in a row in `b` too (风险
    in 防风险 and 防范化解重大风险), or one of `a` and `b` holds the other whole."""
    return (
        a in b
        or b in a
        or any(a[i : i + 2] in b and a[i : i + 2] not in form for i in range(len(a) - 1))
    )


def _form_across_quote(c: Candidate, env: Env) -> SloganEntry | None:
    """The entry of the form of the lexicon whose beginning the quote holds and whose rest
    follows it (“菜篮子”工程, “厕所”革命: the quote marks the formula's coined part), else None."""
    rests = env.lexicon.form_rests.get(c.text) if c.quoted else None
    if not rests:
        return None
    after = env.text[c.end + 1 : c.end + 1 + max(map(len, rests))]
    rest = next((r for r in rests if after.startswith(r)), None)
    return None if rest is None else env.lexicon.by_form[c.text + rest]


def _is_province_brand(c: Candidate, env: Env) -> bool:
    """A quoted name ending in the name of a province or a region (“数字某省”, “安心出行在某省”):
    the province's own formula, in the frames of a thing named after it too (“某某某省”现代化
    水网, “某某某省”等品牌活动); not the title of a work (电影“…”: quoted speech, titles and
    events are turned down before this rule)."""
    return (
        c.quoted
        and _is_province_name(c.text, env.k)
        and not _is_work(c, env)
        and not _before_built_head(c, env)
    )


def _named_after_formula(t: str, env: Env) -> bool:
    """Whether a built noun ends `t` after a stretch of words that holds no numeral and is no
    count's counter (三医大数据中心, a centre named after a formula; not 一园两中心: the parts
    the formula counts, nor 一核两副中心, nor 三轴两带多中心: 多, many, and 百, 千, 万 count parts
    too)."""
    head = _built_head(t, env.rules)
    # (any count numeral: the 一 of 三馆一站 counts, though 一站 is also a word)
    numerals = env.k.numerals_or_vague.union(env.numerals_in(t))
    last = max((i for i, ch in enumerate(t) if ch in numerals or "0" <= ch <= "9"), default=-1)
    stretch = t[last + 1 : len(t) - len(head)]
    return len(stretch) >= 2 and stretch[0] not in env.rules.counters


def _before_built_head(c: Candidate, env: Env) -> bool:
    """A built noun (of two characters or more) right after the quote, or after one character
    (“某某”铁路, “某某”大通道)."""
    words, at = env.k.built_words, c.end + 1
    if env.text.startswith(words, at):
        return True
    # (not across a word that ends a head: “某省”和基地建设)
    return env.text[at : at + 1] not in env.rules.head_stop_chars and env.text.startswith(
        words, at + 1
    )


def _is_province_name(t: str, k: _Compiled) -> bool:
    """`_is_province_brand` of a quoted text, its frame aside: Chinese characters only, ending
    in a province's or a region's name after two characters or more."""
    m = k.province_end.search(t)
    return m is not None and m.start() >= 2 and _CJK_RUN.fullmatch(t) is not None


def _is_speech(c: Candidate, env: Env) -> bool:
    """Quoted speech, maxims and questions: sentence punctuation, nested quotes, question words
    or a verb with its negation (该不该办: `question_pattern`), a saying of the dictionary
    (“十年磨一剑”, “无功不受禄”, whatever shape it takes); never another text of one of the
    shapes of `formula_families` (谁主管谁负责 asks nothing), nor a code of signs joined outside
    its inner quotes whose only mark is a part quoted inside it (“‘某某’攻坚+甲乙”)."""
    if not c.quoted:
        return False
    t = c.text
    k = env.k
    if len(t) >= _SAYING_MIN_LENGTH and t in _sayings():
        return True  # (a saying first: 无功不受禄 only takes a family's shape)
    if _in_family(t, k):
        return False  # a known shape of formula (谁X谁Y: 谁 twice is a pledge, not a question)
    if "，" in t and _clause_parts(t, env.rules):
        marks = t.replace("，", "")  # short clauses joined by commas: the commas are no mark
        return (
            k.speech.search(marks) is not None
            or k.quote_chars.search(t) is not None
            or k.question.search(t) is not None
        )
    if k.speech_quote_question.search(t) is None:
        return False
    if k.operators.search(t) is None or k.speech.search(t) or k.question.search(t):
        return True
    return k.operators.search(_INNER_QUOTED.sub("", t)) is None  # signs only in inner quotes


_INNER_QUOTED = re.compile("‘[^‘’]*’")  # a part quoted inside a quote (normalized to ‘’)


@cache
def _chars_re(chars: str) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(chars)}]")


def _is_description(c: Candidate, env: Env) -> bool:
    """A quoted phrase rather than a formula: too long, with long parts, or phrase-shaped."""
    if not c.quoted:
        return False
    r = env.rules
    t = c.text
    if _in_family(t, env.k):
        return False  # a known shape of formula (以人为本: 以X为Y, short, is a formula)
    parts = _clause_parts(t, r) or env.k.separators.split(t)
    if (
        len(parts) > 1
        and all(p in _idioms() for p in parts)
        and env.text.startswith("的", c.end + 1)
        and not _frame_after_of(c, env)
    ):
        # set phrases of the language in a row before 的 and a manner (“夙兴夜寐、只争朝夕”的拼搏
        # 精神): they describe it, no coinage; before 的 and a frame of policy (“…”的原则, 的总体
        # 思路, 的精神 itself) they are the formula, and standing alone (坚持“…”) a principle
        return True
    if len(parts) == 1:
        if len(t) > r.max_plain_length and not _counted_programme(t, env):
            return True
        if "的" in t and len(t) >= r.possessive_min_length and env.numeral(t) is None:
            return True
    elif (
        any(len(p) > r.max_part_length for p in parts)
        and not _counts_parts(c, env, parts)
        and not _frame_follows(c, env)
    ):
        # long parts, unless a count after the quote names them (“…”三项计划) or a frame of
        # policy does (“甲是乙的第一要务、丙是丁的第一责任”意识, 理念, 品牌)
        return True
    if env.k.aspect.match(env.after(c, 6)):
        return True  # areas of work counted after the quote: 从“甲、乙、丙”三个方面
    if _describes_thing(c, env):
        return True
    return env.k.description.search(t) is not None


def _counted_programme(t: str, env: Env) -> bool:
    """One numeral of two to ten with 大 or 项 opening a text that ends in a policy noun, no 的
    between (“八大某某战役30个专项行动”, “十项某某工程”): the programmes counted, a numbered
    formula, longer than a formula's common length. Not a grade (“三级医院某某工程”), 一 (“一大批
    某某工程”: an article), digits (“5个某某实验室建设工程”, “6大某某”: mostly counts of things),
    an ordinal (“二十大某某活动”), the count in a place's name or in a word of the dictionary
    that opens the text (“五大连池某某工程”), nor a possessive phrase (“两大某某的成功经验”)."""
    if _PROGRAMME_COUNT.match(t) is None or "的" in t or not t.endswith(env.rules.policy_heads):
        return False
    return not any(t[:n] in _ordinary_words() or t[:n] in gazetteer_places() for n in (3, 4))


_PROGRAMME_COUNT = re.compile("[二两三四五六七八九十][大项]")


_LISTED = re.compile("[、，]")  # the parts of a listed description (not + · × —: formulas)
# (和, 与, 及 join two nouns only after two characters of the first: 和美乡村 is one noun)
_HEAD_BREAK = re.compile(r"[，。；、,;:：“”（(\n]|(?<=..)[和与及]")


def _frame_follows(c: Candidate, env: Env) -> bool:
    """Whether a noun of a frame of policy (`frame_words`: 理念, 意识, 品牌, 模式...) heads the
    words right after the quote, or after its 的 (“…”意识, “…”的为政理念)."""
    at = c.end + 1
    if env.text.startswith("的", at):
        at += 1
    return _is_frame(_head_at(env, at), env)


def _head_at(env: Env, at: int) -> str:
    """The noun from `at` on, up to frame_head_window characters, to the first break or 和/与/及."""
    return _HEAD_BREAK.split(env.text[at : at + env.rules.frame_head_window], maxsplit=1)[0]


def _frame_after_of(c: Candidate, env: Env) -> bool:
    """Whether a frame of policy heads the words after the quote's 的 (“…”的原则, 的总体思路,
    的精神): not an attitude a modifier makes a manner of (“…”的拼搏精神, 的漂浮作风)."""
    head = _head_at(env, c.end + 2)
    if head.startswith(env.rules.attitude_words):
        return True  # the spirit itself: “…”的精神
    if any(w in head for w in env.rules.attitude_words):
        return False
    return _is_frame(head, env)


def _is_frame(head: str, env: Env) -> bool:
    """Whether a stretch of `head` from its start ends in a noun of a frame of policy."""
    frames = env.k.frame_words
    return any(head[:n].endswith(frames) for n in range(len(head), 1, -1))


def _describes_thing(c: Candidate, env: Env) -> bool:
    """A quoted list set before 的 and a noun that is no frame of policy (打造“甲、乙”的某某园区,
    向“甲、乙”的现代农业转型): the list describes the thing named after 的, it coins no formula;
    before a frame (“甲、乙”的原则, 的总体思路, 的发展格局) the list is the formula itself, and so
    is a list whose every part opens on a count (“两核引领、五区联动”的某某城: the numbered
    formula the thing is built to), and so is a list of the same words turned round
    (`_turned_round`: “某地守护碧水、碧水滋养某地”的良性循环, a line coined to be said), and so is
    a list of phrases before what a call raises around it (`rallying_nouns`: “甲乙丙、丁戊己”的浓厚
    氛围)."""
    if not env.text.startswith("的", c.end + 1) or _LISTED.search(c.text) is None:
        return False
    parts = _LISTED.split(c.text)
    if all(_part_counted(p, env) for p in parts):
        return False  # parts that each open on a count (“三纵五横、六河连通”): a numbered formula
    if _turned_round(parts):
        return False  # the same words turned round (“某地守护碧水、碧水滋养某地”的良性循环): a
        # line coined to be said as a formula, not a description of the noun after 的
    head = _head_at(env, c.end + 2)
    if _rallies(c.text, parts, head, env.rules):
        return False  # what a call raises around it: “大抓某某、抓大某某”的浓厚氛围
    return len(head) >= 2 and not _is_frame(head, env)


def _rallies(t: str, parts: list[str], head: str, r: SloganRules) -> bool:
    """Whether the noun phrase `head` after the quote's 的 is one of `rallying_nouns` alone or
    after a word of degree (`rallying_degrees`: 的氛围, 的浓厚氛围, 的强大合力), and the quoted
    list's parts are phrases (more than two characters, no 的): the call that atmosphere or that
    consensus is raised around. Not an atmosphere of a kind (“甲、乙”的节日氛围, 的市场氛围: the
    qualities it has), a noun that runs on (整合力, 氛围感), nor words of two characters listed
    (“欢乐、祥和”)."""
    if "的" in t or any(len(p) <= 2 for p in parts):
        return False
    noun = next((n for n in r.rallying_nouns if head.endswith(n)), None)
    if noun is None:
        return False
    degree = head[: -len(noun)]
    return not degree or degree in r.rallying_degrees


def _turned_round(parts: list[str]) -> bool:
    """Whether a quoted list's `parts` (its text split at 、 and ，, `_LISTED`) are two of the same
    words turned round, a word opening the first closing the second and a word closing the first
    opening the second (回环: “某地守护碧水、碧水滋养某地”), each word of `_CHIASMUS_MIN_WORD`
    characters or more (one character repeated by chance, “…人、人…”, is none; nor is a part
    repeated whole, “某某、某某”)."""
    if len(parts) != 2 or parts[0] == parts[1]:
        return False
    a, b = parts
    if not (_CJK_RUN.fullmatch(a) and _CJK_RUN.fullmatch(b)):
        return False
    top = min(len(a), len(b))
    opens = any(a[:n] == b[-n:] for n in range(_CHIASMUS_MIN_WORD, top))
    closes = any(a[-n:] == b[:n] for n in range(_CHIASMUS_MIN_WORD, top))
    return opens and closes


_CHIASMUS_MIN_WORD = 2


def _part_counted(part: str, env: Env) -> bool:
    """Whether `part` opens on a count of its own: digits (“15分钟某某圈”), or a numeral whose
    first two characters are no word of the dictionary and no place (“三带联动”, “六河连通”,
    “一主两副”; 双 always counts, “双核引领”), not a word or a place that holds it (“四季花海”,
    “一步一景”, “三面环山”, “四川风味”)."""
    if part[:1].isdecimal():
        return True
    if part[:1] not in env.k.count_start:
        return False
    return part[0] == _PAIR or (
        part[:2] not in _ordinary_words() and part[:2] not in gazetteer_places()
    )


@cache
def _separators_re(chars: str) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(chars)}]")


@cache
def _pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


_TRAILING_NOTE = re.compile(r"[（(][^（）()]{1,6}[）)]$")


def _shaped_as_formula(text: str, env: Env) -> bool:
    """An enumeration or a parallel shape (甲乙、丙奖, 多干多奖): a formula's, whatever it ends
    on."""
    return env.k.separators.search(text) is not None or _repeats_in_parallel(
        text, env.rules.not_parallel_chars
    )


def _is_title(c: Candidate, env: Env) -> bool:
    """An honorary title or award: 荣获“全国…先进学校”, “时代楷模”称号, “文华奖”; or a name
    a year opens, a year's title, case or edition (“2024某某之都”)."""
    if not c.quoted:
        return False
    r = env.rules
    after = env.after_list(c, 6)
    text = c.text
    if text.endswith(("）", ")")):
        text = _TRAILING_NOTE.sub("", text)  # 全国双拥模范城（县） -> 全国双拥模范城
    if text.endswith(r.strong_title_heads) and not _shaped_as_formula(text, env):
        return True  # (not a scheme of rewards: “多干多奖”, “以补代投、先建后奖”)
    if (
        text.endswith(r.ranking_heads)
        and not text.endswith(r.not_ranking_endings)
        and env.numeral(text) is None
        and not _opens_on_counts(text, env)
        and env.k.separators.search(text) is None
    ):
        return True  # a ranking placed on (“某某排名”), not a counted set of lists nor a list
    if env.k.award_after.match(after):
        return True
    m = env.k.rank_after.match(env.after_list(c, r.rank_window))
    if m is not None and _ranked_frame(c, env, m.group("evaluation") is not None):
        return True  # a rank right after it (跻身“某某评某某”全国第4位, 在“…”中位列前十)
    if env.before(c, env.k.body_reach).endswith(r.international_bodies):
        return True  # 联合国“某某十年”: an international body's programme or list
    if _dated_name(c, text, env):
        return True  # a year's title, case or edition: “2024某某之都”
    if "示范" in text and after.startswith(r.title_cues_after):
        return True  # a designation applied for: “…示范旗市区”创建
    if env.before(c, 3).endswith(r.award_verbs) and _stands_alone(after):
        return True  # the title itself, right after a verb of awarding: 评选“甲”“乙”
    if _selected_unit(c, env, after):
        return True  # the list a unit is selected onto: 入选全国“某某十城”, 入围“某某强市”榜单
    if _on_top_list(c, env):
        return True  # a top-ten list something is placed on: 入选“十大某某”
    demonstration = "示范" in text and env.k.separators.search(text) is None
    if not (demonstration or text.endswith(r.title_heads)):
        return False
    if env.numeral(text) is not None and _names_programme(c, env):
        return False  # a count that names the noun after it: 入选省“十强”产业某某集群
    if len(text) >= 4 and text.startswith(r.title_prefixes) and text.endswith(r.title_heads):
        return True
    before = env.before(c, 12)
    clause = _CLAUSE_BREAK.split(before)[-1]
    cue_before = any(_has_cue(clause, cue, len(cue) + 8) for cue in r.title_cues_before)
    # (a designation won, of whatever kind of unit: 获评“某某示范乡镇”, “某某示范街区”)
    return cue_before or after.startswith(tuple(r.title_cues_after))


def _ranked_frame(c: Candidate, env: Env, evaluation: bool) -> bool:
    """Whether the quote stands where a ranking does: after a verb of being placed on one (跻身,
    名列: `rank_cues_before`; a word of scope between, `rank_scopes`: 跻身全国“…”) or, where an
    evaluation's 中 follows it (`evaluation`, the group of `rank_after_pattern`), in the frame
    在“…”中 (在 a word of its clause, not the 在 of 现在); a formula's own work ranked stands in
    neither (“某某办”排名全省第1位)."""
    r = env.rules
    before = env.before(c, 8)
    before = before.removesuffix(next((w for w in r.rank_scopes if before.endswith(w)), ""))
    if before.endswith(r.rank_cues_before):
        return True
    if not evaluation:
        return False
    at = _list_opening(env.text, c.start - 1)
    lo = max(0, at - _FRAME_REACH)
    start = max((m.end() for m in _SENTENCE_BREAK.finditer(env.text, lo, at)), default=lo)
    return "在" in words(env.text[start:at])


# How far back the clause of a ranking's frame is looked for (a clause is shorter).
_FRAME_REACH = 120


def _has_cue(words_before: str, cue: str, reach: int) -> bool:
    """Whether `cue` stands in the last `reach` characters of `words_before` where its cut into
    words (`words`) begins or ends a word with it: 力争|创新 holds no 争创 (neither edge is a
    word's); 新创|成 holds 创成, 成|为了 holds 成为, 被|评为 holds 评为. A cue of one character
    needs both edges (收获 holds no 获)."""
    at = words_before.find(cue, max(0, len(words_before) - reach))
    if at < 0:
        return False
    bounds = {0, *accumulate(map(len, words(words_before)))}
    while at >= 0:
        starts, ends = at in bounds, at + len(cue) in bounds
        if (starts and ends) if len(cue) == 1 else (starts or ends):
            return True
        at = words_before.find(cue, at + 1)
    return False


def _opens_on_counts(text: str, env: Env) -> bool:
    """Whether `text` opens on a numeral that it repeats (五比五晒五榜: counts in parallel, a
    formula's), not one numeral of a name (双一流榜单)."""
    first = text[:1]
    return first in env.k.count_start and text.count(first) >= 2


def _selected_unit(c: Candidate, env: Env, after: str) -> bool:
    """A quote ending in a unit of a list or a grade (`selected_units`: 某某十城, 某某强市, 某某
    企业, 某某俱乐部; 双优秀) right after a verb of awarding or of selection, words of scope or of
    a batch allowed between (获评全省“…”, 入选第二批“…”, 跻身“…”), the clause or the text ending
    after it or 榜单 following: the list or the grade won. Not a formula selected as a pilot
    (入选全省“某某联动”, “某长制”, “一中心四平台”: no unit ends them; “百县千乡万村”: counts in
    parallel), nor one of a list going on past a 、 (入选国家“甲”、省级“乙”试点)."""
    if not c.text.endswith(env.rules.selected_units) or _counts_in_parallel(c.text, env):
        return False
    if not (after == "" or after[0] in _SENTENCE_ENDS or after.startswith("榜单")):
        return False
    return _award_frame_before(env.text, _list_opening(env.text, c.start - 1), env.k)


def _award_frame_before(text: str, at: int, k: _Compiled) -> bool:
    """Whether a verb of awarding or of selection, words of scope or of a batch allowed after
    it (`award_frame`), ends right before `at`, the opening quote (of a list's first one)."""
    return k.award_frame.search(text, max(0, at - _AWARD_FRAME_REACH), at) is not None


_SENTENCE_ENDS = "，。；！？,;\n"  # (not 、: a list going on)


def _counts_in_parallel(text: str, env: Env) -> bool:
    """Two counts or more apart in `text` (“百县千乡万村”, “千企帮千村”): counts in parallel, a
    formula's shape, whatever unit ends it; not one number (“某某二十城”)."""
    at = [m.start() for m in env.k.numeral_chars.finditer(text)]
    return sum(1 for i, a in enumerate(at) if i == 0 or at[i - 1] != a - 1) >= 2


_AWARD_FRAME_REACH = 12  # characters before the quote: a verb and a scope or two


def _stands_alone(after: str) -> bool:
    """Whether the words after a quote (or its list) leave it a whole noun phrase: the clause
    ends, or 等, 称号 or 荣誉 follows (not a noun the quote modifies: “某某”改革示范)."""
    return after[:1] in _CLAUSE_ENDS or after.startswith(("等", "称号", "荣誉"))


_CLAUSE_ENDS = "，。；、：！？,;:"


def _is_event(c: Candidate, env: Env) -> bool:
    """A date-named event (“7·20”), an exhibition or forum, a storm or quake (“桦加沙”台风,
    台风“桦加沙”), a name after a verb of holding one (举办“…”); not a list in parallel, a
    campaign's charge or a course's principles (举办“访甲乙、问丙丁、解戊己”活动), nor a code of
    signs (举办“2+N”招聘: the fixed sessions and the rest, the formula the events follow)."""
    if not c.quoted:
        return False
    if env.k.event.match(c.text) is not None and not _names_policy_by_date(c.text, env):
        return True
    if _parallel_list(c.text, env) or env.k.operators.search(c.text) is not None:
        return False
    before = env.before(c, 2)
    if before in env.rules.event_preceders:
        return True
    if before in env.rules.gathering_preceders and len(c.text) >= 3 and c.text.endswith("会"):
        return True  # 办好“某运会”: a gathering to be run (a games, a fair)
    if (
        len(c.text) >= 3
        and _ends_as_event(c.text, env.rules)
        and not _ends_in_own_place(c.text, env)
        # one part (“减材料、减环节”: an enumeration's last part), or the names of two parties
        # joined by a dash or a middle dot (“甲地—乙地企业家日”, “甲地·乙地双城时装周”: one
        # event they hold together; not counts so joined, “一县·一赛”, a formula's parts)
        and len(_parts(_joined_parties(c.text, env), env.k)) == 1
    ):
        return True
    if _is_event_period(c, env):
        return True
    if _is_tour(c.text, env.rules):
        return True
    if _in_event_frame(c, env):
        return True
    if env.before(c, 4).endswith(env.rules.event_followers):
        return True  # 台风“某某”: the storm's name
    m = env.k.event_followers.match(env.after_list(c, 16))
    return m is not None and env.k.policy_heads.search(m.group()) is None


# A year opening a quoted name (2024某某); not an amount, a count before its measure word or
# its magnitude (2000亿级某某, 2000家某某, 2000余户某某)
_AMOUNT_MARKS = "万亿千百余多个家户项亩吨元人条座所名位台套批栋支处间"
_YEAR_LED = re.compile(rf"(?:19|20)\d\d(?![\d{_AMOUNT_MARKS}])年?[{_CJK}]")


def _dated_name(c: Candidate, text: str, env: Env) -> bool:
    """A name a year opens (“2024某某之都”, “2025全国某某案例”): a title of that year, a case or
    an edition, not a formula; unless it ends as a programme or a year's campaign does (“2030某某
    计划”, “2024某某促进年”), a programme's noun follows it (“2025某某”工程), or it has a
    formula's shape (“2030甲、2060乙”)."""
    r = env.rules
    if _YEAR_LED.match(text) is None or text.endswith(r.campaign_year_mark):
        return False
    heads = (*r.policy_heads, *r.plan_heads)
    if text.endswith(heads):
        return False
    head = env.head_after(c.end + 1)
    if head is not None and head.endswith(heads):
        return False
    return not _shaped_as_formula(text, env)


def _dot_year(parts: list[str]) -> bool:
    """Whether one of the parts a middle dot sets off is a year (“某某记忆·1958”, “2024·某某”):
    a name and its year, or an edition's, no formula's parts."""
    return any(_YEAR.fullmatch(p) for p in parts)


# The longest place name looked for right before a tour's mark (`_is_tour`).
_TOUR_PLACE_MAX = 4


def _is_tour(text: str, r: SloganRules) -> bool:
    """A tour to a place (“某某青岛行”, “博士某地行”, “某某中国行”): the tour's mark (行) right
    after a place of the gazetteer or a proper name of the dictionary, or after a kind of place
    toured (`tour_destinations`: “某某高校行”); a visit's events, not a formula (not 情指行 or
    助企行, where no place goes before the mark)."""
    if len(text) < 3 or not text.endswith(r.tour_mark):
        return False
    body = text[: -len(r.tour_mark)]
    toured = next((w for w in r.tour_destinations if body.endswith(w)), None)
    if toured is not None and len(body) > len(toured):
        return True  # a kind of place toured (“某某高校行”), after the tour's own name
    return any(
        body[-n:] in gazetteer_places() or is_proper(body[-n:])
        for n in range(2, min(_TOUR_PLACE_MAX, len(body)) + 1)
    )


def _rule_head_after(c: Candidate, env: Env) -> bool:
    """A noun of a rule right after the quote (“某某周”制度, 机制), not its verb (制度化)."""
    after = env.after(c, 3)
    head = next((h for h in env.rules.period_rule_heads if after.startswith(h)), None)
    return head is not None and not after.startswith("化", len(head))


def _is_event_period(c: Candidate, env: Env) -> bool:
    """A month or a week of events (“某某文明月”, “某某购物周”): long enough, ending in one of
    `event_periods`, no numeral, one part (not a list's last), not a rule (“某某周”制度)."""
    r = env.rules
    text = c.text
    return (
        len(text) >= r.event_period_min_length
        and not _rule_head_after(c, env)
        and text.endswith(r.event_periods)
        and not text.endswith(r.not_event_endings)
        and not _has_numeral(text, r)
        and len(_parts(text, env.k)) == 1
    )


def _joined_parties(text: str, env: Env) -> str:
    """`text` with the dashes and middle dots that join the names of parties taken out (甲地·乙地
    双城时装周); as it is when the first of them holds a count (一县·一赛: parts of a formula)."""
    joins = env.k.party_joins
    first = joins.split(text, maxsplit=1)[0]
    if env.k.count_numerals.isdisjoint(first) and not _ANY_DIGIT.search(first):
        return joins.sub("", text)
    return text


def _names_policy_by_date(text: str, env: Env) -> bool:
    """A date followed by a policy noun (“八·八战略”): a policy named by the day it was set out,
    not an event."""
    m = _DATE_OPENING.match(text)
    return m is not None and env.k.policy_heads.search(text, m.end()) is not None


_DATE_OPENING = re.compile(
    r"(?:\d{1,2}|[一二三四五六七八九十]{1,2})·(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
)


def _in_event_frame(c: Candidate, env: Env) -> bool:
    """在“…”中, 在“…”活动中, 在某会“…”中: a name taken part in (a survey, a contest), not a
    formula; 在 is a word of its own (not 正在, 现在), and 中 begins none (中医药)."""
    before = env.before(c, 12)
    if "在" not in before:
        return False
    clause = _CLAUSE_BREAK.split(before)[-1]
    at = clause.rfind("在")
    if at < 0 or (at > 0 and clause[at - 1 : at + 1] in _ordinary_words()):
        return False  # (no 在, or the 在 of 正在, 现在)
    start = _past_more_quotes(env.text, c.end + 1) if c.quoted else c.end  # (past a list)
    after = env.text[start : start + 6].removeprefix("等")
    if after.startswith(env.rules.event_frame_followers):
        return True
    if after[:1] != "中" or after[:2] in _ordinary_words():
        return False
    # 在推进“…”中, 在打造“…”中: in the course of doing it, not a name taken part in
    return not clause.endswith(env.rules.course_verbs)


def _is_event_name(c: Candidate, env: Env) -> bool:
    """The name of an activity, a contest, a show or a season: “某某”系列活动, “某某”消费季."""
    if not c.quoted:
        return False
    r = env.rules
    at = _past_list(env.text, c.end + 1)  # a chain of names sharing the noun: “甲”“乙”等活动
    m = env.k.event_name_followers.match(env.text[at : at + r.event_name_gap + 6])
    if m is None:
        return False
    word_at = at + _follower_start(m, r.event_name_followers)
    if env.k.policy_heads.search(env.text, at, word_at) is not None:
        return False  # “某某”模式交流会, “某某”改革研讨会: a gathering on the programme named
    if _parallel_list(c.text, env):
        return False  # a campaign's charge, part by part (“下乡村、访农户、解难题”实践活动)
    return word_at == at or not _split_across_words(env.text, word_at)  # (not 发|展演|变)


def _follower_start(m: re.Match[str], followers: tuple[str, ...]) -> int:
    """Where the follower of the match `m` of `_followers_re` begins (the longest it ends on),
    in the string `m` matched."""
    return m.end() - max(len(w) for w in followers if m.group().endswith(w))


def _split_across_words(text: str, at: int) -> bool:
    """Whether the word of two characters or more at `at` is read across two other words: its
    first character ends an ordinary word before it and its second begins one (进|行为|期: 进行,
    为期; 发|展演|变: 发展, 演变). 暴力行为 is not (力行 is a word, 为专 none)."""
    words = _ordinary_words()
    return text[at - 1 : at + 1] in words and text[at + 1 : at + 3] in words


def _is_counted_thing(c: Candidate, env: Env) -> bool:
    """A kind of thing counted by a measure word: 建成12个“某某驿站”, 100所“某某项目”学校; or a
    kind of person counted by one of people, the quote closing the phrase: 评选50名“某某式好支书”。
    (before the person's noun, 1200名“某管某聘”教师, the count counts the teachers). Not before a
    noun of requirements, policies or reforms (`counted_policy_heads`, in the noun after the
    quote: 五个“某某”要求, 一批“某某”政策清单, 3个“某某”改革方案): the count counts those, and the
    quote is the formula they carry out (a count of events or of pilots, 12个“某某”活动, 15个“某某”
    试点, still counts the things the quote names)."""
    if not c.quoted:
        return False
    r = env.rules
    at = _list_opening(env.text, c.start - 1)  # the opening quote (of the list's first member)
    last = env.text[at - 1 : at] if at > 0 else ""
    if last and last in r.person_measure_words:
        if _HAS_CJK.match(env.text, _past_list(env.text, c.end + 1)):
            return False  # (the quote names the scheme of the people the noun after it names)
        counted = env.k.counted_people
    elif last == "\n" or (last and last in r.measure_words):
        counted = env.k.counted  # (the pattern ends on a measure word, or before a line break)
    else:
        return False
    if counted.search(env.text, max(0, at - 12), at) is None:
        return False
    head = env.head_after(c.end + 1)
    # (the formula of the requirements or the policies counted, not a kind of thing)
    return head is None or not any(w in head for w in r.counted_policy_heads)


_LIST_JOIN = ("”、", "”和", "”与", "”及")  # “甲”、“乙”, “甲”和“乙”: quotes of one list
# How far a list of quotes is read on either side of one of its members: at most
# `_LIST_MEMBERS_MAX` more members of at most `_LIST_QUOTE_MAX` characters each (so a run of N
# quotes costs O(N), not O(N²)), each after a joining 、, 和, 与 or 及 or right after the last.
_LIST_QUOTE_MAX = 32
_LIST_MEMBERS_MAX = 12
_LIST_MEMBER_MAX = _LIST_QUOTE_MAX + 1  # a member walked back over, its opening quote included
_LIST_QUOTE = rf"[、和与及]?“[^“”\n]{{1,{_LIST_QUOTE_MAX}}}”"
# the rest of a list of quotes after one of them (`_NEXT_QUOTES` without the 等 or 的 closing it)
_MORE_QUOTES = re.compile(rf"(?:{_LIST_QUOTE}){{1,{_LIST_MEMBERS_MAX}}}")
# A chain of further quoted formulas that share the head after them (“气十条”“水十条”政策), then
# a 等 or 的 closing it.
_NEXT_QUOTES = re.compile(rf"(?:{_LIST_QUOTE}){{0,{_LIST_MEMBERS_MAX}}}[等的]?")


def _past_more_quotes(text: str, at: int) -> int:
    """Where the rest of a list of quotes that goes on at `at` ends (not past a 等 or 的 after
    it), else `at`."""
    m = _MORE_QUOTES.match(text, at)
    return m.end() if m else at


def _list_opening(text: str, at: int) -> int:
    """The opening quote of the first member of the list of quotes that the quote opening at `at`
    ends (发布一批“甲”和“乙”, 3个“甲”“乙”: a count before the list counts each member), else
    `at`; bounded as the look ahead past a list is (`_LIST_MEMBERS_MAX`)."""
    for _ in range(_LIST_MEMBERS_MAX):
        if at < 1:
            break
        if text[at - 1] == "”":
            close = at - 1  # “甲”“乙”: quotes side by side
        elif at >= 2 and text.startswith(_LIST_JOIN, at - 2):
            close = at - 2
        else:
            break
        opening = text.rfind("“", max(0, close - _LIST_MEMBER_MAX), close)
        if opening < 0 or "”" in text[opening:close]:
            break
        at = opening
    return at


_COUNT_NUMERALS = "一二两三四五六七八九十百千"
_COUNT_NUMBER = rf"(?:\d+(?:\.\d+)?|[{_COUNT_NUMERALS}]+)[万亿]?"  # a count: 37, 3.5, 三十, 2万


@cache
def _counted_re(measures: str) -> re.Pattern[str]:
    """A count and a measure word ending the text before a quote; not an ordinal (第二批,
    第3个 rank a batch, they count nothing)."""
    count = rf"(?<![第\d.．{_COUNT_NUMERALS}]){_COUNT_NUMBER}"
    return re.compile(rf"{count}[{re.escape(measures)}]$")


def _is_attitude(c: Candidate, env: Env) -> bool:
    """A figure for an attitude: 以“某某”的必胜之心, “某某”的实干精神 (numerals or not); not an
    enumeration, whose parallel parts make a formula (“马上办、网上办”的作风)."""
    if not c.quoted or not env.text.startswith("的", c.end + 1):
        return False  # the attitude pattern opens on 的 right after the quote
    if len(_parts(c.text, env.k)) > 1 or _clause_parts(c.text, env.rules):
        return False
    if _list_opening(env.text, c.start - 1) != c.start - 1:
        return False  # the last of a list of quotes (“马上办”、“网上办”的作风): parallel parts
    return env.k.attitude.match(env.after(c, 8)) is not None


def _is_phrase(text: str, k: _Compiled) -> bool:
    """Function characters (的, 得, 之, 与...) make a phrase or a title, not a compressed name."""
    return k.phrase.search(text) is not None


def _counted_building(t: str, r: SloganRules) -> bool:
    """A count of one numeral and one of `counted_buildings`, nothing more (“三馆”, “两桥”)."""
    return len(t) == 2 and t[0] in r.numerals and t[1] in r.counted_buildings


def _after_route(c: Candidate, env: Env) -> bool:
    """Whether a road's or a waterway's word (`conversion_routes`) stands in the quote's clause,
    within `conversion_route_window` characters before it (某某高速（某段）“四改八”)."""
    r = env.rules
    clause = _SENTENCE_BREAK.split(env.before(c, r.conversion_route_window))[-1]
    return any(w in clause for w in r.conversion_routes)


def _is_built(c: Candidate, env: Env) -> bool:
    """The quoted name of a built thing (“锦赤白珠乔铁路”, 四环路“月季花环”, “海悦城”时代广场),
    or the spec of a work on a route (高速“四改八”)."""
    if not c.quoted:
        return False
    r = env.rules
    after = env.after(c, 2)
    if after[:1] == r.vessel_mark and after not in _ordinary_words():
        return True  # (not where the mark begins a word: 号召, 号角, 号令)
    if c.text.endswith(r.vessel_mark) and not c.text.endswith(r.not_built_endings):
        return True
    if c.text in r.service_numbers:
        return True  # a national service line, named by its number alone: “12345”, “110”
    if env.k.count_conversion.match(c.text) and _after_route(c, env):
        return True  # a work's spec, one count turned into another: 高速“四改八” (lanes)
    if _counted_building(c.text, r):
        return True  # so many buildings: “三馆”, “两桥”
    # a number names a line a few characters on: “96178”省长直通车
    lines = env.k.number_line_followers if c.text.isdecimal() else env.k.line_followers
    if lines.match(env.after(c, _NUMBER_LINE_GAP + 4)):
        return True  # a service line: “12345”热线
    if env.k.ordinal_built.match(env.after(c, 10)):
        return True  # a numbered work of a series named after the quote: “某某”第三通道
    if env.k.completion_followers.match(env.after(c, 12)):
        return True  # finished as only built things are: “某某”全线贯通, “五大某”主体封顶
    if _counts_in(c.text, env) or _ANY_DIGIT.search(c.text):
        # built on numerals it is a formula (一园两中心), unless it counts built things (两大…
        # 通道), not a numbered formula's head (六大产业基地: a head of `numbered_heads`), nor
        # roles with no modifier (五大中心: the centres a city is to be, a numbered formula)
        if not c.text.endswith(r.built_heads) or env.k.numbered.fullmatch(c.text) is not None:
            return False
        if env.k.operators.search(c.text) is not None:
            return False  # a code of signs lays out a formula (“2+N产业园”), as `_is_code` says
        head = _built_head(c.text, r)
        if (
            head in r.counted_role_heads
            and _BARE_COUNT.fullmatch(c.text[: -len(head)])
            and not env.after(c, 4).startswith(r.works_begun)
        ):
            return False  # roles counted with no modifier (“五大中心”): a numbered formula
        return _COUNTED.match(c.text) is not None or _named_after_formula(c.text, env)
    if env.k.phase.match(env.text, c.end + 1):
        return True  # a phase of the work named (“某某”二期; “三北”六期 kept its count, above)
    if (
        len(c.text) >= 3
        and c.text.endswith(r.built_heads)
        and not c.text.endswith(r.not_built_endings)
        and len(_parts(c.text, env.k)) == 1  # a list of parts (好房子、好社区) is an enumeration
        and not _in_family(c.text, env.k)  # what reaches each place (“乡乡通客车”) is built by none
    ):
        return True
    if (
        len(c.text) >= 3
        and c.text.endswith(r.place_heads)
        and not c.text.startswith(r.brand_prefixes)
        and len(_parts(c.text, env.k)) == 1
        and not _has_policy_head(c, env)
        and not (_in_family(c.text, env.k) and not _ends_in_place(c.text))
        and not _ends_in_own_place(c.text, env)
    ):
        # a place (“某某湾”), unless a programme (“某某海湾”整治), a national brand a place
        # takes up (“数字某某区”), a strategy for the unit (“产业立区”) or a brand of the
        # report's own place that ends so (“工赋某岛”, in the report of that city)
        return True
    if env.before(c, 2).endswith(r.built_preceders) and not _in_family(c.text, env.k):
        return True  # a stretch of a named road (四环路“某某花环”), not its conversion (“白改黑”)
    m = env.k.built_followers.match(env.after(c, 12))
    if m is None or env.k.policy_heads.search(m.group()) is not None:
        return False
    g = m.group()
    verb = next((v for v in r.built_verbs if g.endswith(v)), None)
    if verb is not None and g != verb:
        # after other words, only a word of achievement (实现贯通; not 全流程贯通, 上下贯通)
        return g[: -len(verb)].endswith(r.built_verb_achievements)
    return True


def _without(text: str, words: tuple[str, ...]) -> str:
    """`text` with every occurrence of `words` taken out (the compounds that hold a follower
    word without meaning it: 纪录片, 线上线下)."""
    for w in words:
        text = text.replace(w, "")
    return text


@cache
def _attitude_re(words: tuple[str, ...], compounds: tuple[str, ...] = ()) -> re.Pattern[str]:
    """的 + at most four characters + an attitude word (的必胜之心, 的实干精神), which no word of
    `compounds` goes on from (的精神实质: the substance of a formula, not an attitude)."""
    alternatives = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    going_on = alternation(compounds) if compounds else "(?!)"
    return re.compile(rf"的[{_CJK}]{{0,4}}?(?:{alternatives})(?!{going_on})")


def _product_re(heads: tuple[str, ...], gap: int) -> re.Pattern[str]:
    """A noun phrase of two to `gap` characters ending in one of `heads` and ending there
    (综合服务平台, 监控预警系统; not 系统化, nor a head right after the quote: “某某”系统集成)."""
    if not heads:
        return re.compile("(?!)")
    return re.compile(rf"[{_CJK}\d]{{2,{gap}}}?(?:{alternation(heads)})(?![化性])")


@cache
def _followers_re(followers: tuple[str, ...], gap: int) -> re.Pattern[str]:
    """One of `followers` after at most `gap` Chinese characters or digits (no punctuation)."""
    if not followers:
        return re.compile("(?!)")  # (no followers: none follows)
    # a trie of the followers, after a look at their first characters: the rules only ask
    # whether one follows, which the order of the alternatives does not change
    firsts = re.escape("".join(sorted({f[0] for f in followers})))
    return re.compile(rf"[{_CJK}\d]{{0,{gap}}}?(?=[{firsts}])(?:{trie_pattern(followers)})")


def _is_emphasis(c: Candidate, env: Env) -> bool:
    """A known figure of speech or emphasis word in quotes (“点赞”, “规划图”, “好”)."""
    if not c.quoted:
        return False
    r = env.rules
    t = c.text
    if t in r.emphasis:
        return True
    if len(t) == 1 and not t.isdecimal():
        return True
    if _letter_shape(t, r):
        return True
    if _is_manner(t, env):
        # (not before 工作法 in its phrase, past the rest of a list of quotes, the practice's
        # name: “某某式”、“某某式”群众工作法, as `method_heads` says)
        phrase = _PHRASE_BREAK.split(env.after_list(c, r.head_max_length), maxsplit=1)[0]
        return not any(h in phrase for h in r.method_heads)
    return (
        len(t) <= r.figure_max_length
        and t.endswith(tuple(r.figure_suffixes))
        and not _has_numeral(t, r)
    )


_PHRASE_BREAK = re.compile(f"[{_CLAUSE_ENDS}“”]")  # (a clause mark or another quote)


def _letter_shape(t: str, r: SloganRules) -> bool:
    """A letter, 字 and a word of shape ending the text (“几字弯”, “一字形”, “人字型”,
    “某河几字弯”): the shape of a character that a river, a road or a layout draws, a figure
    whatever noun follows it (“某字弯”攻坚战 names a campaign after the bend), and 一, 十 or 八
    before 字 the letter's name, no count (another numeral counts: “三字型”工作法). Not a word
    with 字 that is no letter (“数字型”, “文字型”: 数字 and 文字 are words, 数 and 文 no
    numerals); a letter that makes a word with 字 (丁字) is missed."""
    shape = t[-3:]
    if len(shape) != 3 or shape[1] != "字" or not shape.endswith(r.letter_shape_words):
        return False
    if shape[0] in r.numerals:
        return shape[0] in r.letter_shape_numerals
    return shape[:2] not in load_common_words()


def _is_manner(t: str, env: Env) -> bool:
    """An adjective of manner (“清单式”管理, “保姆式”服务, “一键式”理赔): how a thing is done,
    whatever policy noun it qualifies; its one (一键, 一窗) is no count, another numeral makes a
    formula (“三段式”), and so does a name of a model (“某某模式”) or two manners counted in
    parallel (“一门式一网式”: `_counted_manners`)."""
    r = env.rules
    return (
        len(t) >= 3
        and t.endswith(r.manner_suffixes)
        and not t.endswith(r.policy_heads)
        and _CJK_RUN.fullmatch(t) is not None
        and set(env.numerals_in(t)) <= _ONE
        and not _counted_manners(t, r)
    )


def _counted_manners(t: str, r: SloganRules) -> bool:
    """Whether `t` is two manners or more, each opening on 一 (“一窗式一站式”): a formula's
    pair, coined in parallel; not two adjectives of manner (“保姆式管家式”)."""
    suffix = next(m for m in r.manner_suffixes if t.endswith(m))
    manners = t.split(suffix)[:-1]
    return len(manners) >= 2 and all(m[:1] == "一" and len(m) >= 2 for m in manners)


_ONE = frozenset("一")


def _is_debris(c: Candidate, env: Env) -> bool:
    """Quotes in the page furniture before the report proper (a line with no sentence)."""
    if not c.quoted or c.start >= env.preamble_end:
        return False
    return not env.in_sentence_line(c.start)


def _inside_word(c: Candidate, env: Env) -> bool:
    """An unquoted lexicon hit glued to the text around it (创|新发展理念, 中国梦|想).

    The character before the hit and its first character, or its last character and the one
    after it, make a common word: the hit is part of another word, not a mention.
    """
    return c.source == "lexicon" and _glued(env.text, c.start, c.end)


_ALNUM_PAIR = re.compile(r"[0-9A-Za-z]{2}")


def _glued(t: str, start: int, end: int) -> bool:
    """Whether `t[start:end]` is glued to its surroundings: a character on either side makes a
    common word with the stretch's edge (扩|大开放), a digit or letter on both sides of an edge
    continues a code (123 in 1239), a decimal point between digits a number (123 in 123.4), or
    an operator between digits or letters a longer code (2+1 in 2+1+N)."""
    return _glued_left(t, start) or _glued_right(t, end)


def _glued_left(t: str, start: int) -> bool:
    """`_glued` at the left edge of a stretch starting at `start`; also a magnitude opening the
    stretch after a number (九千|万工程, 5千|万工程: an amount, not 千万工程)."""
    return (
        (start > 0 and _joined(t[start - 1 : start + 1]))
        or _continued(t[max(0, start - 2) : start + 1])
        or (start > 0 and t[start] in _MAGNITUDES and t[start - 1] in _NUMBER_CHARS)
    )


_MAGNITUDES = frozenset("十百千万亿")
_NUMBER_CHARS = frozenset("0123456789零〇一二两三四五六七八九十百千万亿")  # (no 2. of a heading)


def _glued_right(t: str, end: int) -> bool:
    """`_glued` at the right edge of a stretch ending at `end`."""
    return (end < len(t) and _joined(t[end - 1 : end + 1])) or _continued(t[end - 1 : end + 2])


def _joined(pair: str) -> bool:
    """Two characters across an edge: a common word, or a digit or letter on both sides."""
    return pair in load_common_words() or _ALNUM_PAIR.fullmatch(pair) is not None


def _continued(three: str) -> bool:
    """Three characters around an edge: a number or a code going on across it."""
    return _DECIMAL.fullmatch(three) is not None or _CODE_JOIN.fullmatch(three) is not None


_DECIMAL = re.compile(r"\d[.．]\d")  # a decimal point between two digits
_CODE_JOIN = re.compile(r"[0-9A-Za-z][+×xX·][0-9A-Za-z]")  # a code goes on: 2+1 in 2+1+N


def _is_common_word(text: str, env: Env) -> bool:
    return text in load_common_words() or text in env.rules.emphasis


def _is_numbered(c: Candidate, env: Env) -> bool:
    """A leading count (三农, “四个全面”, 六大支柱产业), unless an idiom with 一 (“一站式”) or a
    top-ten list something is placed on (入选十大某某)."""
    if c.source == "numbered":
        return not _on_top_list(c, env)
    if not c.quoted or env.numeral(c.text) is None or _is_gazetteer_place(c.text):
        return False
    return not _idiom_with_one(c.text, env)


def _names_programme(c: Candidate, env: Env) -> bool:
    """Whether one of `count_programme_heads` follows the quote right after it (“十强”产业,
    “十大行动”计划): the count names industries, actions, works or plans."""
    return env.text.startswith(env.rules.count_programme_heads, c.end + 1)


def _on_top_list(c: Candidate, env: Env) -> bool:
    """A top-ten list (“十大某某”, a word of scope allowed first: “全省十大某某”) that a cue
    before it in its clause places something on (入选, 获评, 列入...), with no verb of carrying
    a policy out after the cue: the selection, an honour. Not a count that names the
    programme's noun after it (入选省“十强”产业某某集群, 列入“十大行动”计划: a numbered formula
    of industries or of actions, and the list is of those)."""
    r = env.rules
    if not _without_scope(c.text, r).startswith(r.top_list_marks) or _names_programme(c, env):
        return False
    clause = _CLAUSE_BREAK.split(env.before(c, 14))[-1]
    at = max((clause.rfind(cue) for cue in r.top_list_cues), default=-1)
    return at >= 0 and not any(v in clause[at:] for v in r.head_verbs)


def _without_scope(t: str, r: SloganRules) -> str:
    """`t` without a word of scope it opens on (`rank_scopes`: 全国, 全省...)."""
    return t.removeprefix(next((w for w in r.rank_scopes if t.startswith(w)), ""))


_VAGUE_NUMERALS = frozenset("一百千万")


def _idiom_with_one(text: str, env: Env) -> bool:
    """One common word whose only numerals are 一 or a vague 百, 千, 万 (一站式, 万众一心):
    “one”, “whole”, “myriad”, not a count."""
    if not _is_common_word(text, env):
        return False
    if set(env.numerals_in(text)) <= _VAGUE_NUMERALS:
        return True
    # a four-character idiom of the dictionary pairing two numerals (五湖四海, 三心二意)
    k = env.k.count_numerals
    counters = env.k.counters
    return len(text) == 4 and text[0] in k and text[2] in k and text[1] not in counters


def _numerals_in(text: str, k: _Compiled) -> list[str]:
    """The numeral characters of `text` outside the words that only contain one (一流, 统一)
    and outside place names (四川, 三湘: a name, not a count)."""
    if k.numeral_chars.search(text) is None:
        return []  # (the words and ordinals taken out only take characters away)
    text = _EACH_OF_MANY.sub("", _ORDINAL.sub("", text))
    return k.numeral_chars.findall(k.numeral_words.sub("", text))


_ORDINAL = re.compile("第[一二两三四五六七八九十百千零〇]+")  # 第一: a rank, not a count
# 一 and a measure word said twice (一棵棵, 一个个): each of many, not a count
_EACH_OF_MANY = re.compile(f"一([{_CJK}])\\1")


def _counts_in(text: str, env: Env) -> bool:
    """Whether `text` holds a count numeral (一二…十, 两, 双) outside the words that only contain
    one (百姓, 万里), place names and ordinals (第一): 一园两中心 does, 长江第一隧 does not."""
    return not env.k.count_numerals.isdisjoint(env.numerals_in(text))


@cache
def _numeral_places(rules: SloganRules) -> tuple[str, ...]:
    """The place names of `local_markers` that hold a numeral character (四川, 三湘)."""
    chars = rules.numerals + rules.formula_numerals
    return tuple(m for m in rules.local_markers if len(m) >= 2 and any(c in chars for c in m))


def _is_gazetteer_place(text: str) -> bool:
    """A quoted text that is a place of the gazetteer of three characters or more, whole (“五指山”,
    “八公山”): a name, whose numeral counts nothing (shorter ones are formulas' words as often:
    三山, 两江; inside a longer text a place's characters may belong to other words)."""
    return len(text) >= 3 and text in gazetteer_places()


@cache
def _numeral_res(words: tuple[str, ...], chars: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    return re.compile(alternation(words)), re.compile(f"[{re.escape(chars)}]")


_YEAR = re.compile(r"(?:19|20)\d\d")
_DIGIT_RUN = re.compile(r"\d+")


def _has_count(c: Candidate, env: Env) -> bool:
    """A numeral inside the formula (退二进三, 五马六乱, 百千工程, “6425”, 1小时经济圈)."""
    if not c.quoted:
        return False
    t = c.text
    if any(map(str.isdecimal, t)):
        # digits with Chinese (3个100, 1小时经济圈), or a code of digits and signs (6425, 415X,
        # 2+1) of `code_min_length` characters or more: shorter, it names a part of such a code
        # where the report explains it (“1”指…, “5”即…), or a technology (“5G”)
        if _HAS_CJK.search(t):
            runs = _DIGIT_RUN.findall(t)
            if _is_model_name(t, runs, env):
                return False
            dotted = t.split("·")
            if len(dotted) > 1 and _dot_year(dotted):
                # a name and its year, a middle dot between (“1958·某某记忆”): the year counts
                # nothing, the name may (“双某工程·2025”)
                return _numeral_in_name("".join(p for p in dotted if not _YEAR.fullmatch(p)), env)
            if len(runs) > 1 or not _YEAR.fullmatch(runs[0]):
                return True
            if _is_event_name(c, env):
                return False  # an edition named by its year (“某某2026”博览会): an event
            if t.endswith(runs[0]):
                # a year that ends a name (“某某2030”, a plan's horizon; “某某2024”, a campaign's
                # year) counts nothing, nor does a place's bare name before it (“三某2035”);
                # another name before it may (“双某2030”)
                name = t[: -len(runs[0])]
                return name not in gazetteer_places() and _numeral_in_name(name, env)
            return True
        return len(t) >= env.rules.code_min_length and _DIGIT_FORMULA.fullmatch(t) is not None
    return _numeral_in_name(t, env)


def _is_model_name(t: str, runs: list[str], env: Env) -> bool:
    """A short name and a number of three digits or more after it, the number no year, no round
    count and no service line's (“某优229” a crop's variety, “某行1540” a turbine's model): a
    thing's designation, which counts nothing. Not a round count (“科创100”: a hundred firms),
    digits rising (“某某135”: a code of counts), a service line (“大气110”: a hotline's kind),
    nor a name holding a numeral of its own (“双百1234”)."""
    if len(runs) != 1 or len(runs[0]) < 3 or not t.endswith(runs[0]):
        return False
    number, name = runs[0], t[: -len(runs[0])]
    return (
        _MODEL_FRONT.fullmatch(name) is not None
        and _YEAR.fullmatch(number) is None
        and _ROUND_COUNT.fullmatch(number) is None
        and not _ascending(number)
        and number not in env.rules.service_numbers
        and not env.numerals_in(name)
    )


_MODEL_FRONT = re.compile(f"[{_CJK}]{{2,4}}")
_ROUND_COUNT = re.compile("[1-9]0+")  # 100, 500, 1000: so many things


def _ascending(number: str) -> bool:
    """Digits rising one after another (135, 358, 123): a code whose digits count a formula's
    parts (one centre, three platforms, five teams), not a model's number."""
    return all(a < b for a, b in pairwise(number))


def _numeral_in_name(t: str, env: Env) -> bool:
    """A numeral of a formula in the Chinese text `t`, not in an idiom (一举两得) or a place's
    name (八公山)."""
    return bool(env.numerals_in(t)) and not _idiom_with_one(t, env) and not _is_gazetteer_place(t)


def _has_operator(c: Candidate, env: Env) -> bool:
    """A joining operator: 互联网+, 园区+公司, 数据要素×; not in a comparison (“1+1>2”: the
    sum is more than its parts, a saying)."""
    return (
        c.quoted
        and env.k.operators.search(c.text) is not None
        and _COMPARISON.search(c.text) is None
    )


_COMPARISON = re.compile("[<>=＜＞＝≥≤]")


def _parts(text: str, k: _Compiled) -> list[str]:
    return k.separators.split(text)


def _parallel_list(text: str, env: Env) -> bool:
    """Three parts or more of one length, two characters each at least (甲乙、丙丁、戊己): a list
    in parallel, the shape of a formula; names of shows and contests are not listed so."""
    parts = _parts(text, env.k)
    return len(parts) >= 3 and len(parts[0]) >= 2 and len({len(p) for p in parts}) == 1


def _is_enumeration(c: Candidate, env: Env) -> bool:
    """Parallel parts set off by 、 or short clauses by ，(创新、协调、绿色; 马上办、网上办)."""
    if not c.quoted:
        return False
    if "，" not in c.text and env.k.chain_separators.search(c.text) is None:
        return False  # one part
    r = env.rules
    # (a hyphen sets off the parts of a chain here, as a long dash does: “甲-乙-丙”)
    parts = _clause_parts(c.text, r) or env.k.chain_separators.split(c.text)
    dash = _has_dash(c.text, r)
    if _lists_names(parts, r, dash, tiers=_names_tiers(c, env, parts)):
        return False  # places (甲市—乙市—丙市) or events (甲节、乙节) listed
    if dash and "、" not in c.text and len([p for p in parts if p]) == 2:
        return False  # two names a dash links (a route, a corridor, a pair of works), no list
    if "·" in c.text and (min(map(len, parts)) < _DOT_PART_MIN or _dot_year(parts)):
        # a brand and its product, a place and its venue (“某城·某港”), a name and its year
        # (“某某记忆·1949”, “某某·2023”): no pair
        return False
    if len(parts) >= 3 and all(len(p) == 1 and _HAS_CJK.match(p) for p in parts):
        return True  # single characters set off: a compressed formula (防、控、治)
    if len(parts) < 2 or any(len(p) < 2 for p in parts):
        return False
    if _listed_state(c, env):
        return False  # a state of affairs listed part by part, not a formula
    lengths = [len(p) for p in parts]
    return max(lengths) - min(lengths) <= r.parallel_length_gap or _counts_parts(c, env, parts)


# The shortest part of a pair of phrases a middle dot joins (“投资某国·优选某省”, “某某服务·
# 某须办”); a part of two characters is a name's (“某城·脑海”: a brand and its product).
_DOT_PART_MIN = 3


def _has_dash(text: str, r: SloganRules) -> bool:
    """Whether `text` holds a dash that chains parts: a long one (甲—乙—丙) or a hyphen
    (`chain_hyphen`), which reports write for the same chain (甲-乙-丙; the normalizer makes a
    full-width one a hyphen)."""
    return "—" in text or r.chain_hyphen in text


def _lists_names(parts: list[str], r: SloganRules, dash: bool = False, tiers: bool = False) -> bool:
    """Whether `parts` (two or more) are all places (深圳、香港; in a chain set off by dashes, any
    name ending in a unit of `place_units` too: 甲市—乙市—丙县, a corridor, any names that
    common words do not make up: 甲山—乙湖, a route, and any names of three characters or more
    ending in a landform or a site a route passes, 某某山—中心公园, unless a count of as many
    levels after the quote makes them tiers, `tiers`: “综合公园—社区公园—口袋公园”三级公园体系)
    or all the names of events (甲节、乙节): a list of names, not a formula."""
    parts = [p for p in parts if p]  # (the two halves of a dash ——)
    if len(parts) < 2:
        return False
    units, words = r.place_units, _ordinary_words()
    if all(
        _is_place_name(p, r) or (dash and len(p) >= 2 and p[-1] in units and p not in words)
        for p in parts
    ):
        return True  # (not 园区—社区—校区: words of the dictionary, no places)
    if dash and all(len(p) >= 2 and not _ordinary_phrase(p) for p in parts):
        return True  # names no common words make up (甲山—乙湖—丙林: a route, a corridor)
    if dash and not tiers and all(len(p) >= 3 and p.endswith(r.route_sites) for p in parts):
        return True  # stops named by their sites, common words or not (某某山—中心公园—某某河)
    return all(len(p) >= 3 and _ends_as_event(p, r) for p in parts)


def _ends_as_event(text: str, r: SloganRules) -> bool:
    """`text` ends in an event head (节, 博览会), not in a word that only ends so (环节)."""
    return text.endswith(r.event_heads) and not text.endswith(r.not_event_endings)


def _ends_in_own_place(text: str, env: Env) -> bool:
    """`text` ends in the report's own place (`Env.is_own_place`): “花海某节” in the report of 毕节
    ends in the city's name, not in the 节 of a festival; “数智某某岛” in the report of that city
    ends in its name, not in the 岛 of an island."""
    return any(env.is_own_place(text[-n:]) for n in range(2, min(len(text) - 1, 4) + 1))


def _is_place_name(text: str, rules: SloganRules) -> bool:
    """A province of `local_markers` or a place name of the dictionary (深圳, 香港)."""
    return text in rules.local_markers or text in _place_names()


@cache
def _place_names() -> Words:
    """Proper names of the general dictionary that are no common word (深圳, 香港, 广州)."""
    sections = dictionary_words()
    common = sections["common"]
    return word_set(w for w in sections["proper"] if w not in common)


def _clause_parts(text: str, rules: SloganRules) -> list[str]:
    """Short clauses joined by commas (这么近，那么美), each may be a list of short clauses
    itself (守甲、担乙，找丙、抓丁: pairs of pledges), or nothing."""
    if "，" not in text:
        return []
    parts = text.split("，")
    n = rules.max_clause_length
    if any(not 2 <= len(q) <= n for p in parts for q in p.split("、")):
        return []
    return parts


_ANY_DIGIT = re.compile(r"\d")
_COUNTED = re.compile(r"[二两三四五六七八九十]{1,2}[大条座]")  # 两大…通道, 三条…铁路
_BARE_COUNT = re.compile(r"[二两三四五六七八九十]{1,2}大")  # the 五大 of 五大中心: no modifier


def _built_head(t: str, r: SloganRules) -> str:
    """The longest built head (`built_heads`) that `t` ends in."""
    return max((h for h in r.built_heads if t.endswith(h)), key=len)


_COUNT_AFTER = re.compile(r"([二两三四五六七八九十]|\d{1,2})[项大个条种类措]")
_LEVELS_AFTER = re.compile(r"([二两三四五六七八九十]|\d{1,2})级")  # “甲—乙—丙”三级体系


def _names_tiers(c: Candidate, env: Env, parts: list[str]) -> bool:
    """Whether a count of as many levels as the quote has parts follows it (“甲—乙—丙”三级, the
    empty halves of a double dash —— aside)."""
    return _levels_after(c, env) == sum(1 for p in parts if p)


def _levels_after(c: Candidate, env: Env) -> int | None:
    """The count of levels right after the quote (“甲—乙—丙”三级体系 -> 3), if there is one."""
    return _number_at_start(_LEVELS_AFTER, env.after(c, 3))


def _count_after(c: Candidate, env: Env) -> int | None:
    """The count right after the quote (“甲、乙、丙”三项计划 -> 3), if there is one."""
    return _number_at_start(_COUNT_AFTER, env.after(c, 4))


def _counts_parts(c: Candidate, env: Env, parts: list[str]) -> bool:
    """Whether the count right after the quote numbers its parts (“甲、乙、丙”三项计划), or
    them with the last two of them joined by 和, 与 or 及 where no word of the dictionary holds
    that character (“甲、乙和丙”三措并举: `_things_listed`, each of two characters or more)."""
    n = _count_after(c, env)
    if n is None:
        return False
    if n == len(parts):
        return True
    last = _things_listed(parts[-1])
    return n == len(parts) + 1 and len(last) == 2 and min(map(len, last)) >= _THING_MIN


def _number_at_start(pattern: re.Pattern[str], words: str) -> int | None:
    """The number of `pattern`'s first group where it matches at the start of `words`."""
    m = pattern.match(words)
    if m is None:
        return None
    g = m.group(1)
    return int(g) if g.isdecimal() else _cn_number(g)


@cache
def _families_re(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


def _is_family(c: Candidate, env: Env) -> bool:
    """A known shape of formula (X长制, 村村通, X通办, 秒批秒办, 马上办, 先X后Y), but not in the
    frame of a problem: a malpractice can take a formula's shape (查处“先收后退”等违规收费); a
    rate of problems solved after it measures the programme's work (“某某即办”问题解决率)."""
    if c.source == "numbered":
        return False
    if c.quoted and c.text in _ordinary_words():
        return False  # 老字号, 家长制, 普普通通: a word of the dictionary, not a coined formula
    if _ends_in_place(c.text):
        return False  # 某某大兴区: a place whose name ends as a strategy's would
    return (
        _in_family(c.text, env.k)
        and not _is_problem(c, env, rates_solved=True)
        and not _battle_of_history(c, env)
    )


def _battle_of_history(c: Candidate, env: Env) -> bool:
    """Whether the quote ends in a word of battle (`battle_words`) and a memorial or a site
    follows it (“某山阻击战”纪念馆, “某某保卫战”遗址: a built noun, `memorial_words`): a battle of
    history, not a campaign named as one (“碧水保卫战”)."""
    r = env.rules
    if not (c.quoted and c.text.endswith(r.battle_words)):
        return False
    return _before_built_head(c, env) or env.after(c, 4).startswith(r.memorial_words)


def _ends_in_place(t: str) -> bool:
    """Whether `t` ends in a place of the gazetteer of three characters or more (某某大兴区,
    湖州长兴县), unless the text up to the place's first character is an ordinary phrase, common
    words whole (创新|兴区 holds no 新兴区; 湖州长 is no ordinary phrase)."""
    places = gazetteer_places()
    return any(
        t[-n:] in places and (n == len(t) or not _ordinary_phrase(t[: len(t) - n + 1]))
        for n in range(3, min(len(t), _LONGEST_UNIT_PLACE) + 1)
    )


_LONGEST_UNIT_PLACE = 5  # (the places a strategy's shape can end like: 大兴区, 宜兴市)


_UPON = "即"  # "upon", in a pledge of one step bringing the next at once


def _in_family(t: str, k: _Compiled) -> bool:
    """Whether the whole of `t` has one of the shapes of `formula_families`, names a system
    (`_names_system`: 限时办结制), or is a conversion (`conversion_pattern`) whose tail is no
    word of the dictionary (煤改电, not 促改革). Not a text whose 即 a word of the dictionary
    holds (立即整改, 即将开工, 即时办: no "upon" of a pledge, 拿地|即|开工)."""
    if _UPON in t and _UPON not in words(t):
        return False
    # (a loop, not `any` of a generator: building one costs more than the two calls it makes)
    for p in k.formula_families_joined:
        if p.fullmatch(t) is not None:
            return True
    if t.endswith(k.rules.system_nouns) and _names_system(t, k):
        return True
    return k.conversion.fullmatch(t) is not None and t[1:] not in _ordinary_words()


def _names_system(t: str, k: _Compiled) -> bool:
    """Whether `t` names a system (`system_nouns`): Han characters only and no character of a
    phrase (`phrase_chars`: “…的…责任制” describes), no longer than a plain formula
    (`max_plain_length`), two characters or more before the noun, and the noun a word of its
    own (限时办结|制, 赛马|制) or after a word of two characters or more (首问责任|制, 园区企业
    托管|制); not the noun inside a verb of two, which leaves one character before it (量身定|制,
    精准控|制)."""
    noun = next((n for n in k.rules.system_nouns if t.endswith(n)), None)
    if noun is None or len(t) > k.rules.max_plain_length or not _CJK_RUN.fullmatch(t):
        return False
    before = t[: -len(noun)]
    if len(before) < _SYSTEM_BEFORE or _is_phrase(t, k):
        return False
    return words(t)[-1] == noun or len(words(before)[-1]) >= _SYSTEM_BEFORE


_SYSTEM_BEFORE = 2  # the fewest characters before a system's noun, and the shortest word there


def _listed_state(c: Candidate, env: Env) -> bool:
    """Parts set off by 、 that describe rather than coin: right before a word naming what
    happens or what must be met (“甲难、乙难”现象, `state_after`), a state of affairs described
    part by part; right before the role a thing plays (发挥“甲、乙”作用, `role_after`), that role
    part by part. Not the parts of a formula (a count or an operator inside still makes one:
    those rules come first)."""
    if "、" not in c.text:
        return False
    after = env.after(c, 8)
    r = env.rules
    listed = after.removeprefix("等")  # (a problem listed: “甲难、乙难”等问题)
    return (
        listed.startswith(r.state_after)
        or listed.startswith(r.problem_followers)
        or after.startswith(r.role_after)
    )


def _is_parallel(c: Candidate, env: Env) -> bool:
    """A character repeated in parallel places (实在实干实绩, 应进必进), unless an idiom or a
    state of affairs listed part by part (`_listed_state`)."""
    t = c.text
    if not c.quoted or len(t) < 4 or len(set(t)) == len(t) or _is_common_word(t, env):
        return False
    if _listed_state(c, env):
        return False
    parts = env.k.chain_separators.split(t)  # (a chain's parts: 甲山-乙湖 is a route too)
    if _lists_names(parts, env.rules, _has_dash(t, env.rules), _names_tiers(c, env, parts)):
        return False
    if _is_phrase(t, env.k):
        return False  # two phrases joined by 与 or 的 (甲创新与乙创新), not a parallel formula
    return _repeats_in_parallel(t, env.rules.not_parallel_chars)


def _is_member_chain(c: Candidate, env: Env) -> bool:
    """Single characters that each name a member of one class of `member_classes`, chained with
    no separator (公铁水空: the modes of transport a multimodal network joins; 风光水火: the
    sources of power a system combines): a compressed formula, though a dictionary holds a word
    inside it (海陆空 in 海陆空铁, 风光); not a chain that is one word of the dictionary whole
    (“海陆空”: an emphasis). Weak evidence (a thing's name may open on such a chain, “公铁水”物流
    公司): it comes after the names of things."""
    t = c.text
    if not c.quoted or len(t) < env.rules.member_chain_min or len(set(t)) < len(t):
        return False
    if t in _ordinary_words():
        return False  # a word of the language quoted whole (“海陆空”): an emphasis
    return any(set(t) <= set(members) for members in env.rules.member_classes)


def _repeats_in_parallel(t: str, not_parallel: str) -> bool:
    """Whether a character of `t` (not one of `not_parallel`) is found twice at least two
    places apart (实在实干实绩, 多干多奖): a parallel shape."""
    return any(
        t.rfind(ch) - t.find(ch) >= 2 and _HAS_CJK.match(ch) and ch not in not_parallel
        for ch in set(t)
    )


# A line of a glossary: a number, a few characters of context, the quoted term, a head, a colon
# (“8.“某某改造”：”, “3.金融“某某”：”); the definition follows on the next line or after it. What
# stands on the line before the term, indented or not, is at most `_GLOSSARY_PREFIX` characters.
_GLOSSARY_BEFORE = re.compile(
    rf"[ \t\u3000]*(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})[.．、][ \t\u3000]*[{_CJK}]{{0,4}}"
)
_GLOSSARY_PREFIX = 24
_GLOSSARY_AFTER = re.compile(rf"[{_CJK}]{{0,4}}[：:]")


def _is_glossary_term(c: Candidate, env: Env) -> bool:
    """The quoted term that heads an entry of a glossary (名词解释: “8.“某某”：” on a line of its
    own, then what it means): the report defines it as a term of its policy."""
    if not c.quoted:
        return False
    text = env.text
    # where the term's line begins, looked for only as far back as a glossary line reaches
    lo = max(0, c.start - 2 - _GLOSSARY_PREFIX)
    line = text.rfind("\n", lo, c.start) + 1
    if (line == 0 and lo > 0) or c.start - 1 - line > _GLOSSARY_PREFIX:
        return False
    if _GLOSSARY_BEFORE.fullmatch(text, line, c.start - 1) is None:
        return False
    after = _GLOSSARY_AFTER.match(text, c.end + 1)
    if after is None:
        return False
    rest = text[after.end() : after.end() + 2]
    return rest == "" or rest[0] == "\n" or rest.isspace()


def _names_plan(c: Candidate, env: Env) -> bool:
    """Whether one of `plan_heads` follows the quote (or its list) right after it and closes its
    noun phrase, a clause's end, a list's mark or a conjunction after it (“某某”计划，, “甲”“乙”
    计划等): the programme the plan carries out. Not the verb 计划 (“某某”计划年内建成), nor a
    plan things are put into (纳入年度计划, 纳入“某某”计划: `plan_container_verbs`)."""
    at = _past_list(env.text, c.end + 1)
    word = next((w for w in env.rules.plan_heads if env.text.startswith(w, at)), None)
    if word is None or env.text[at + len(word) : at + len(word) + 1] not in _PHRASE_CLOSERS:
        return False
    return not env.before(c, 2).endswith(env.rules.plan_container_verbs)  # (纳入“某某”计划)


_PHRASE_CLOSERS = frozenset(_CLAUSE_ENDS + "等和与及”）)（(\n")


def _has_policy_head(c: Candidate, env: Env) -> bool:
    """A policy noun after the quote (“甲乙”改革, “云岭”三年行动) or ending it (“青禾经验”)."""
    r = env.rules
    if not c.quoted or len(c.text) < 2 or _is_phrase(c.text, env.k):
        return False
    t = c.text
    if t in _ordinary_words() or t in dictionary_words()["name"] or t in _idioms():
        # one ordinary word (“尖刀”技术) is a figure, whatever noun follows; so is a word the
        # dictionary tags as a person's name, most of them ordinary words (名单, 鼻子, 娃娃),
        # and an idiom (“纸上谈兵”现象)
        return False
    if _HAS_CJK.search(t) is None:
        return False  # a term in Latin letters (“ABC”模式: a financing model's acronym)
    m = env.k.policy_head_end.search(t) if t.endswith(r.policy_heads) else None
    inner = m.group() if m else ""  # the longest policy head ending the quote (leftmost)
    if (
        inner
        and len(t) - len(inner) >= 2
        and (inner in r.method_heads or not _ordinary_phrase(t[: -len(inner)]))
    ):
        # the head inside the quote: “青禾经验”, “云岭模式”; a brand only a place's own. Not
        # after a phrase of ordinary words: “群众安居工程”, “改革发展系列行动” describe a kind of
        # programme (the guideline turns away 文化惠民工程), they coin no formula
        if not t.endswith(r.brand_heads) or env.k.local_markers.search(t) is not None:
            return True
        return place_word(t) is not None  # a brand a place of the gazetteer takes up
    if _names_plan(c, env):
        return True  # “某某”计划: the programme a plan carries out
    at = c.end + 1
    start = _past_list(env.text, at)
    head_at = at
    if start == at and env.text.startswith("、", at):
        # 甲市“…”、乙市“…”战略: a list of places' formulas sharing the head after the last
        start = head_at = _past_placed_quotes(env, at)
    window = env.text[start : start + r.head_max_length]
    if env.k.policy_heads.search(window) is None:
        return False  # the head lies in this window: without a policy word it is none
    head = env.head_after(head_at)
    if head is None:
        return False
    if _names_built_work(head, env):
        return False  # “甲乙”水库工程, “甲乙”大桥建设工程: a built work named after the quote
    if _names_wrongdoing(head, env.k):
        return False  # “某独”分裂活动, “某某”违法犯罪活动: a wrongdoing's acts, no programme
    if len(head) <= r.policy_head_max_length and head.endswith(r.policy_heads):
        return True
    if head.endswith(env.k.built_endings):
        return False  # “甲乙”品牌展销中心: a building named after the programme
    # a stretch of the head ending in a policy noun, that the head goes on from (“甲乙”三年行动
    # 计划, “甲乙”综合监管改革试点: the campaign, then its plan or pilot); not a brand that a
    # product name goes on from (“甲乙”品牌农产品: the products)
    return any(
        head[:n].endswith(r.policy_heads) and not head[:n].endswith(r.brand_heads)
        for n in range(min(len(head), r.policy_head_max_length), 1, -1)
    )


def _names_built_work(head: str, env: Env) -> bool:
    """Whether the head after a quote names a built work: its policy noun follows a built noun
    of two characters or more, or that noun and 建设 (水库工程, 大桥建设工程), or a word that
    makes works landmarks (标志性工程)."""
    m = env.k.policy_head_end.search(head)
    if m is None:
        return False
    before = head[: m.start()]
    if before.endswith(env.rules.landmark_words):
        return True
    for e in env.rules.head_extensions:
        before = before.removesuffix(e)
    return before.endswith(env.k.built_words)


# One more member of a list of places' formulas: 、乙市“…” (the place a name of the gazetteer)
_PLACED_QUOTE = re.compile(f"、([{_CJK}]{{2,4}})“[^“”\\n]{{1,32}}”")


def _past_placed_quotes(env: Env, at: int) -> int:
    """Where a run of 、-listed quotes that each follow a place (、乙市“…”、丙县“…”) ends, from
    `at`; `at` when none follows. Each run is walked once (`Env`): its members ask again from
    where they stand in it, and a run of N members costs O(N), not O(N²)."""
    ends = env._placed_ends
    if at in ends:
        return ends[at]
    text = env.text
    walked = []
    pos = at
    while (m := _PLACED_QUOTE.match(text, pos)) is not None and place_word(m[1]) == m[1]:
        walked.append(pos)
        pos = m.end()
    for p in walked:
        ends[p] = pos
    return pos


_CLAUSE_HEAD_WINDOW = 20  # how far a clause is read for the policy noun it goes on to


def _is_campaign_year(c: Candidate, env: Env) -> bool:
    """A year named for a campaign (“某某质量提升年”, “某某矛盾化解年”, “产业强链冲刺年”): words
    of the dictionary, more than half of it and the first among them, then the mark of a year;
    the year's campaign, named as a policy noun names one (“某某”行动). Not a span or an age
    (十年, 百年: a numeral), nor a year that opens on a coined pair (“中某文化交流年”: two
    nations' theme year, an event)."""
    t = c.text
    mark = env.rules.campaign_year_mark
    if not c.quoted or not t.endswith(mark) or len(t) - len(mark) < 3:
        return False
    front = t[: -len(mark)]
    return (
        _CJK_RUN.fullmatch(t) is not None
        and not env.numerals_in(t)
        and 2 * _uncovered(front, env) < len(front)
        and any(_uncovered(front[:n], env) == 0 for n in (2, 3, 4))  # (a word opens it)
    )


def _short_coinage(c: Candidate, env: Env) -> bool:
    """A coined abbreviation of two characters (“扩某” for 扩大某某), in a clause that goes on to
    a policy noun past the words between (以“扩某”、“提某”为重点的某某制度改革): two characters
    that stand for two words, where the clause sets policy. Only two lists of the dictionary
    turn a text down: its common words (`load_common_words`: names and proper nouns included,
    met 20 times or more) and its nouns met 3 to 19 times (`_rare_nouns`). Such a word (“并举”,
    “票根”) is a figure or an emphasis, not a coinage; a rarer word of another kind (a verb met
    fewer than 20 times, a place met fewer than 20) is not looked up and may pass as one."""
    t = c.text
    if not c.quoted or len(t) != 2 or not _CJK_RUN.fullmatch(t):
        return False
    if t in load_common_words() or t in _rare_nouns():
        return False
    at = c.end + 1
    clause = _SENTENCE_BREAK.split(env.text[at : at + _CLAUSE_HEAD_WINDOW], maxsplit=1)[0]
    brands = env.rules.brand_heads  # (a brand later on: a product's or a contest's, “某超”品牌)
    return any(
        m.group() not in brands
        and not _head_inside_word(clause, m.start(), m.end(), ())
        and not _names_wrongdoing(clause[: m.end()], env.k)
        for m in env.k.policy_heads.finditer(clause)
    )


def _names_wrongdoing(words: str, k: _Compiled) -> bool:
    """Whether `words` (the words from a quote to its policy noun) are marks of wrongdoing and
    活动 (“某独”分裂活动, “某某”违法犯罪活动): the acts of what is fought, not a programme. Not a
    campaign against them, which a verb or a noun of its own opens (“某某”打击违法犯罪专项行动,
    “某某”非法集资整治行动)."""
    m = k.wrongdoing.match(words)
    return m is not None and m.end() == len(words)


def _placeless_brand(c: Candidate, env: Env, start: int) -> bool:
    """A brand after the quote (“某某”文旅品牌) and no place in the quoted name: a brand is a
    formula when a place takes it up as its own (“诚信某省”品牌, “某某之州”城市品牌) or when it
    is the brand of a government's service (`service_brand_heads`: “某事快办”政务服务品牌; not
    when common words tile the quote or it ends as software or a site does, “某某APP”, “某某网”),
    else a product's name; `start` is where the words after the quote's list begin
    (`_past_list`)."""
    r = env.rules
    at = c.end + 1
    if env.k.brand_heads.search(env.text, start, start + r.head_max_length) is None:
        return False  # the head lies in this window: without a brand word it is none
    if env.k.local_markers.search(c.text) is not None or place_word(c.text) is not None:
        return False  # a place of the gazetteer takes the brand up: a city's, a county's
    head = env.head_after(at)
    if head is None or not head.endswith(r.brand_heads) or head.endswith(r.place_brand_heads):
        return False
    if head.endswith(r.service_brand_heads):
        # the pledge of a government's service; not common words, software or a site (“某某APP”)
        return _ordinary_phrase(c.text) or c.text.endswith(r.software_endings)
    return True


@lru_cache(maxsize=1 << 14)
def _ordinary_phrase(text: str) -> bool:
    """Whether common words of the dictionary (not names of persons or places) tile `text`
    wholly: 群众安居, 改革发展系列 are ordinary phrases; 青禾, 新强师, 天府银龄 are not."""
    return text != "" and _left_untiled(text, _ordinary_words()) == 0


def _is_metaphor(c: Candidate, env: Env) -> bool:
    """A figure of speech: in a frame (当好“…”, “…”作用, “…”的精神), or made of such words."""
    if not c.quoted:
        return False
    r = env.rules
    if env.before(c, 3).endswith(r.metaphor_before):
        return True
    after = env.after_list(c, 8)
    if after.startswith(r.metaphor_after) or env.k.attitude.match(after):
        return True
    if _in_change_frame(c, env):
        return True  # 从“甲”到“乙”: a state left or reached, a picture of a change
    t = c.text
    if len(t) >= 3 and t.endswith(r.quality_suffixes) and _CJK_RUN.fullmatch(t):
        return True  # a quality (“某地速度”), no formula (a manner: `_is_manner`)
    if len(t) == 3 and t[0] == t[2] and t[1] in r.contact_marks:
        return True  # a manner of contact, side to side (“点对点”, “面对面”)
    if (
        len(t) >= 3
        and t.endswith(r.card_mark)
        and not t.endswith(r.brand_cards)
        and env.before(c, 2).endswith(r.card_verbs)
    ):
        return True  # a card played (打好“某某牌”)
    if _figure_of_words(t):
        return True  # a picture drawn in words of the dictionary (“枯木抽新枝”)
    if _picture_drawn(c, env):
        return True  # 绘就新时代“某某山水画”: a picture of the place, painted in words
    if len(t) == 3 and t[0] in r.picture_modifiers and t[1:] in _rare_nouns():
        return True  # a colour or a matter given to a seldom-written thing (“绿凉伞”)
    return (
        env.k.emphasis.search(t) is not None
        and _covered(t, env)
        and not _joins_parts(c, env)  # (“风光水火储一体化”: the parts joined, not an emphasis)
    )


def _picture_drawn(c: Candidate, env: Env) -> bool:
    """A quote ending in a picture (画, 画卷, 图) that a verb of drawing in its clause paints
    (绘就“某某画卷”, 绘制“某某地图”): a figure of the place or of the work to come, not a formula
    (one with a count, “一图三清单”, is decided by the rules of counts before)."""
    r = env.rules
    t = c.text
    if len(t) < 3 or not t.endswith(r.picture_nouns):
        return False
    clause = _SENTENCE_BREAK.split(env.before(c, r.drawing_gap))[-1]
    return any(v in clause for v in r.drawing_verbs)


def _in_change_frame(c: Candidate, env: Env) -> bool:
    """A quote in a frame of change, 从“甲”到“乙” (or 向“乙”, a few characters between; the
    frames of `change_frames`: 由“甲”向“乙”, 变“甲”为“乙”), or a verb of becoming between two
    quotes (“甲”变成了“乙”): the two states of a change, pictured (从“某某难”到“某某畅”), not
    formulas; unless the other end has the shape of a formula (从“村村通”到“某某畅”: the end
    reached is its sibling)."""
    text, k = env.text, env.k
    frames = env.rules.change_frames
    at = c.start - 1  # the opening quote
    reach = env.rules.max_quoted_length + env.rules.change_gap + 4
    opener = text[at - 1] if at > 0 else ""
    m = k.change_to.match(text, c.end + 1)  # the state left
    if m is None or opener + m.group("close") not in frames:
        m = k.change_from.search(text, max(0, at - reach), at)  # the state reached
        if m is not None and m.group("open") + m.group("close") not in frames:
            m = None
    if m is None:  # “甲”变成“乙”: the state left, or the state reached
        m = k.becoming_after.match(text, c.end + 1) or k.becoming_before.search(
            text, max(0, at - reach), at
        )
    return m is not None and not _strong_evidence_in(m.group("other"), env)


def _strong_evidence_in(t: str, env: Env) -> bool:
    """Whether `t` holds the evidence of the strong rules, a formula whatever its frame: in the
    lexicon, of a known family, with a count or an operator (`_shaped_as_formula` asks about
    the shape of a list or a parallel instead)."""
    return (
        env.lexicon.lookup(t) is not None
        or _in_family(t, env.k)
        or _counts_in(t, env)
        or env.k.operators.search(t) is not None
    )


RARE_NOUNS_FILE = "rare_nouns.txt"
WORD_TAGS_FILE = "word_tags.txt"
IDIOMS_FILE = "idioms.txt"
SAYINGS_FILE = "sayings.txt"
_SAYING_MIN_LENGTH = 5  # (the shorter set phrases are the idioms of `IDIOMS_FILE`)
_FIGURE_MIN_LENGTH = 4  # a picture has two words at least: a common one and a seldom one


@cache
def _figure_words() -> Words:
    """The common words of the dictionary and its seldom-written nouns, in one set."""
    return word_set(chain(_ordinary_words(), _rare_nouns()))


@cache
def _idioms() -> Words:
    """The four-character idioms (成语) of a general dictionary (``lexicons/idioms.txt``, derived
    from the chinese-xinhua data by ``lexicons/derive_idioms.py``): set phrases of the language."""
    return word_sections(IDIOMS_FILE)["idiom"]


@cache
def _sayings() -> Words:
    """Set phrases of five characters or more of a general dictionary: proverbs, lines of verse
    (``lexicons/sayings.txt``, derived from jieba's dictionary by ``lexicons/derive_words.py
    --sayings``). Quoted, one is speech, a saying the language already holds."""
    return word_sections(SAYINGS_FILE)["saying"]


@cache
def _word_tags() -> dict[str, Words]:
    """Words of a general dictionary by part of speech (``lexicons/word_tags.txt``, derived from
    jieba's dictionary by ``lexicons/derive_words.py --tags``): ``noun``, the common nouns of two
    or three characters; ``verbal``, the characters that act or link (verbs, prepositions,
    conjunctions, particles, pronouns, adverbs)."""
    return word_sections(WORD_TAGS_FILE)


def _noun_compound(t: str, env: Env) -> bool:
    """A modifier and a common noun of the dictionary after it, no character of the modifier
    one that acts or links (“暖心家园”, “智行走廊”, “头雁效应”): the name of a thing, put
    together as names are; a compressed formula joins acts or parts (“智改数转”, “腾笼换鸟”)
    or ends on a part of one character (“政企社”). Not a noun of scope (“某品耀全球”: how far a
    brand reaches), a verb and its beneficiary the dictionary tags as a noun (“强县富民”, “某某
    兴业”: `beneficiary_marks`), nor a place's name (“数智某地”)."""
    tags = _word_tags()
    for n in (3, 2):
        head, modifier = t[-n:], t[:-n]
        if modifier and head in tags["noun"]:
            return (
                head not in env.rules.scope_nouns
                and not head.endswith(env.rules.beneficiary_marks)
                and place_word(head) is None
                and not any(ch in tags["verbal"] for ch in modifier)
            )
    return False


@cache
def _rare_nouns() -> Words:
    """Nouns of two characters a dictionary knows but seldom meets (``lexicons/rare_nouns.txt``,
    derived from jieba's dictionary by ``lexicons/derive_words.py --rare-nouns``)."""
    return word_sections(RARE_NOUNS_FILE)["rare_noun"]


@lru_cache(maxsize=1 << 13)
def _figure_of_words(text: str) -> bool:
    """Whether `text` is a figure of speech made of dictionary words: it ends in a seldom-written
    noun (a concrete picture: the growth, the bud, the scarf), and common words and such nouns
    tile the rest but for at most one character in four. A compressed abbreviation coins
    characters no word of the dictionary covers (two characters of a province, a verb and a
    thing: “某资入某”), and a place's brand opens on a name, not a common word."""
    if len(text) < _FIGURE_MIN_LENGTH or not _CJK_RUN.fullmatch(text):
        return False
    if text[-2:] not in _rare_nouns():
        return False
    return _left_untiled(text[:-2], _figure_words()) <= len(text) // 4


@cache
def _emphasis_re(words: frozenset[str]) -> re.Pattern[str]:
    """Any emphasis word of two characters or more (网红 in 网红打卡点); with none, nothing
    (an empty pattern would match every text)."""
    longer = sorted(w for w in words if len(w) >= 2)
    return re.compile(trie_pattern(longer) if longer else "(?!)")


def _is_named_thing(c: Candidate, env: Env) -> bool:
    """The name of a firm, product or project: “…”(等)企业, “…”项目, “…集团”; or of what a
    selection honours (“…”评选)."""
    if not c.quoted:
        return False
    if c.text.endswith(env.rules.organisation_suffixes):
        return True
    if env.k.product_name.match(c.text):
        return True  # a province's government-service app (湘易办-like), a loan (“某某贷”) or a
        # city's health insurance (“某惠保”)
    after16 = env.after(c, 16)
    after = after16[:8]
    if _thing_follower(env, after) is not None:
        return True
    start = _past_list(env.text, c.end + 1)
    clause = _SENTENCE_BREAK.split(env.text[start : start + 16], maxsplit=1)[0]
    if env.k.product_marks.search(clause) is not None:
        return True  # products or shops a mark is given to: “甲”“乙”获评中华老字号
    if env.k.launch.search(after16) is not None:  # (a quick look first: rarely)
        clause = _without(_SENTENCE_BREAK.split(after16, maxsplit=1)[0], env.rules.launch_compounds)
        if any(w in clause for w in env.rules.launch_followers):
            return True  # a system or an app put online: “某某”数字大脑上线
    if _wins_award(c, env, start):
        return True  # a work, a product or a person that wins a prize: “某某”荣获某某奖
    if env.k.selection_followers.match(env.text, start) is not None:
        return True  # what a selection honours: “某某榜样”评选活动
    if _placeless_brand(c, env, start):
        return True  # a brand no place takes up: a product's, a show's (“某某礼物”品牌)
    if _listed_thing_follower(c, env, start) is not None:
        return True  # a member of a list of quotes before its noun: “甲”“乙”等项目
    return after.startswith("等") and env.k.listed_thing_followers.match(after, 1) is not None


def _thing_follower(env: Env, after: str) -> str | None:
    """The noun of a thing (`thing_followers`) right after the quote (`after`: the next eight
    characters; a 等 first allowed), with what stands between, unless a policy noun does."""
    m = env.k.thing_followers.match(after.removeprefix("等"))
    return m.group() if m and env.k.policy_heads.search(m.group()) is None else None


def _listed_thing_follower(c: Candidate, env: Env, start: int) -> str | None:
    """The noun of a thing right after the list of quotes `c` opens or goes on (“甲”“乙”等项目),
    `start` where the words after the list begin; None where no list goes on after `c`."""
    if start > c.end + 1 and env.text[c.end + 1] in _LIST_NEXT:
        m = env.k.thing_followers.match(env.text[start : start + 8])
        return m.group() if m else None
    return None


def _is_lent_name(c: Candidate, env: Env) -> bool:
    """A thing a programme lends its name to right after the quote or its list (“某某”项目落地,
    “甲”“乙”等园区: `lent_name_followers`): not a formula in that mention, but, named after the
    text, no veto on its other mentions either (unlike a firm's or a product's name, which the
    text's own shape or the next rule shows)."""
    if not c.quoted:
        return False
    r = env.rules
    after = env.after(c, 12)
    # (a quick look first: most quotes have no lent noun close after them and start no list)
    if after[:1] not in _LIST_NEXT and not any(w in after[:8] for w in r.lent_name_followers):
        return False
    if c.text.endswith(r.organisation_suffixes) or env.k.product_name.match(c.text):
        return False
    noun = _thing_follower(env, after[:8])
    if noun is None:
        start = _past_list(env.text, c.end + 1)
        noun = _listed_thing_follower(c, env, start)
        after = env.text[start : start + 12]
    if noun is None or not noun.endswith(r.lent_name_followers):
        return False
    # (the shortest follower is matched: 项目公司, 基地集团 name a firm)
    rest = after[after.find(noun) + len(noun) :]
    return not rest.startswith(r.organisation_suffixes)


_LIST_NEXT = "“、和与及"  # what follows a quote that another quote of its list follows


# How far after a quote the verb of winning and what it wins are read (入选 and the list it
# names, up to the clause's end: `award_win_pattern`).
_AWARD_REACH = 32


def _wins_award(c: Candidate, env: Env, start: int) -> bool:
    """A quote (or a list of quotes) right before a verb whose subject is a work, a product or a
    person (“甲”“乙”荣获某某奖, “某某”入选某某精品线路, “某某片”获批上市: `award_win_pattern`):
    not a formula, unless the quoted text names its own kind of policy (“某某模式”, “某某经验”: a
    practice wins prizes too) or a place takes it up (“诚信某地”: a place's brand); `start` is
    where the words after the list begin."""
    if env.k.award_win.match(env.text[start : start + _AWARD_REACH]) is None:
        return False
    t = c.text
    if env.k.policy_heads.search(t) is not None or env.k.local_markers.search(t) is not None:
        return False
    return place_word(t) is None


def _is_problem(c: Candidate, env: Env, rates_solved: bool = False) -> bool:
    """A quote (or a list of quotes) that names a problem to be solved, a malpractice or a
    hardship (整治“某某某某”等违规行为, “某某难”问题, “某某”现象): what is wrong is described,
    not a formula of policy. Formulas that name problems carry a count or stand in the lexicon
    (“四风”问题), and those rules decide first. Not when a policy noun stands between (“某某”改革
    解决问题: the quote names the programme), nor when the word is not the problem noun itself
    (进行为期: 进行 is the word; 问题导向, 行为规范: a compound that names no problem). So does a
    quote right after a verb negated or a verb of escaping (不搞“某某”, 摆脱“某某”). With
    `rates_solved`, a rate of solving after the problem noun (问题解决率: `solved_rates`) measures
    what the quote's programme solved: no problem (for a formula's shape, which vouches for a
    programme)."""
    if not c.quoted:
        return False
    if env.before(c, 3).endswith(env.rules.problem_preceders):
        return True  # what is not to be done or is left behind: 不搞“某某”, 摆脱“某某”
    start = _past_list(env.text, c.end + 1)
    m = env.k.problem_followers.match(env.text, start)
    if m is None:
        return False
    text = env.text
    word_at = _follower_start(m, env.rules.problem_followers)  # (`m` matched in the text)
    if env.k.policy_heads.search(text, start, word_at) is not None:
        return False  # the quote names a programme that solves a problem
    if any(v in text[start:word_at] for v in env.rules.problem_solvers):
        return False  # “某某”破解某某难问题: the quote names what solves it
    if word_at > start and _split_across_words(text, word_at):
        return False  # the follower is read across two words (进行为期)
    if rates_solved and text.startswith(env.rules.solved_rates, m.end()):
        return False
    return not text.startswith(env.rules.problem_compounds, m.end())


def _is_kind_of_person(c: Candidate, env: Env) -> bool:
    """A short quote that qualifies the noun of an occupation (“某某”护理员, “双某型”教师): a
    credential or a kind of worker, not a formula, numerals or not; but not a code of digits or
    signs (“2+N”教师: a formula's structure outweighs the noun after it)."""
    return (
        c.quoted
        and len(c.text) <= env.rules.person_max_quote
        and env.k.person.match(env.after(c, 12)) is not None
        and not _is_code(c.text, env.k)
    )


def _is_code(text: str, k: _Compiled) -> bool:
    """Whether `text` holds a digit or an operator (“2+N”, “1+3”): a formula's own structure,
    which the frame of a name does not outweigh."""
    return _ANY_DIGIT.search(text) is not None or k.operators.search(text) is not None


def _is_listed_product(c: Candidate, env: Env) -> bool:
    """A quote that a count of things closes (“某某”等12个应用, “甲”“乙”等三个系统, “甲”“乙”等
    300项技术和产品, “某麦12”“某豆3”等5个新品种), or a list of two quotes or more that a count
    of software or of new varieties closes right after it (“甲”“乙”“丙”3项应用): the name of an
    app, a system, a technology, a product or a variety, numerals or not; but not a code (“1+N”,
    “1小时通办”; a name and its serial number, “某麦12”, is no code), nor a list whose count a
    policy noun and more words part from the noun (“甲”“乙”等两项改革覆盖各类产品; not 改革应用,
    品牌产品: the noun's own modifier)."""
    if not c.quoted:
        return False
    text = env.text
    listed = _past_more_quotes(text, c.end + 1)  # past the rest of a list of quotes
    m = env.k.listed_product.match(text, listed)  # (等,) a count and what it counts
    if m is None:
        return False  # (nor after a list closed by 的, which owns what is counted)
    if not text.startswith("等", listed):
        if listed == c.end + 1 and _list_opening(text, c.start - 1) == c.start - 1:
            return False  # one quote and a count, without 等: the count may be the formula's own
        if m["goods"] is not None or len(m["gap"]) > _LISTED_GAP_MAX:
            return False  # (not techniques or goods so counted: they may be the formulas' own)
    if _parts_from_noun(m["gap"], env.k):
        return False
    return _SERIAL_NAME.fullmatch(c.text) is not None or not _is_code(c.text, env.k)


def _parts_from_noun(gap: str, k: _Compiled) -> bool:
    """Whether a policy noun in `gap` (what stands between a count and the noun of the things
    counted) has more words after it (两项改革覆盖各类产品: the count counts reforms), not where it
    ends the gap as the noun's modifier (两项改革应用, 20个品牌产品)."""
    return any(m.end() < len(gap) for m in k.policy_heads.finditer(gap))


# A name and its serial number (“某麦12”, “某号3”): a product's, not a code of digits; not a
# year after a name (“某某2035”: a formula's horizon).
_SERIAL_NAME = re.compile(rf"[{_CJK}]+(?!(?:19|20)\d\d$)\d+")
# The most characters between a count and the software it counts after a list without 等 (市级).
_LISTED_GAP_MAX = 2


def _is_tour_app(c: Candidate, env: Env) -> bool:
    """A tourism app named as such apps are (`tour_app_pattern`: “一键游某地”, “一码游某省”): a
    product, though a numeral opens it; what is toured a name, no ordinary word (“一码游到底”,
    “一码游天下”: a manner, a reach)."""
    m = env.k.tour_app.match(c.text) if c.quoted else None
    return m is not None and m.group("toured") not in _ordinary_words()


def _is_market(c: Candidate, env: Env) -> bool:
    """The quoted name of a market firms list on (“某板”, “某交易所”) right before or right after
    a word of listing (“某板”挂牌, 某企业挂牌“某板”): that market, numerals or not (“新某板”)."""
    if not c.quoted or not c.text.endswith(env.rules.listing_markets):
        return False
    marks = env.rules.listing_marks
    return env.before(c, 2).endswith(marks) or env.after(c, 2).startswith(marks)


def _is_work(c: Candidate, env: Env) -> bool:
    """The title of a film, a show or a book: 电影“某某”, 舞剧“某某”."""
    return c.quoted and env.before(c, 3).endswith(env.rules.work_preceders)


_SENTENCE_BREAK = re.compile(r"[，。；！？,;:：!?\n]")  # ends a clause (quotes do not)
_MEASURES_AFTER = ("条", "项", "款")


def _is_result(c: Candidate, env: Env) -> bool:
    """A count of measures (“21条”, “21”条), a run or a pair of results (“三连冠”, “双提升”), the
    rise or the fall of each of the things listed right before the quote (面积、单产、总产实现
    “三增”)."""
    if not c.quoted:
        return False
    if (
        c.text.isdecimal()
        and env.after(c, 1).startswith(_MEASURES_AFTER)
        and env.after(c, 2) not in _ordinary_words()  # (“某某”项目: a noun, not the measure 项)
    ):
        return True
    after = env.after(c, _RECORD_WINDOW)
    records = env.rules.record_followers
    if any(w in after for w in records):
        clause = _without(_SENTENCE_BREAK.split(after, maxsplit=1)[0], env.rules.record_compounds)
        if any(w in clause for w in records):
            return True  # a record, or what set it: “…”创造“…”新世界纪录
    if (
        _pattern(env.rules.listed_change_pattern).match(c.text)
        and _counts_list_before(c, env)
        and not _programme_after(c, env)
    ):
        return True  # the rise or the fall of each thing listed: 面积、单产、总产实现“三增”; not
        # the programme after it (面积和产量“双增”行动: the drive for both)
    if env.k.result.match(c.text) is None:
        return False
    # a pair (or a small count) of results that names the programme after it (“双达标”工程, “双
    # 千亿”计划: the programme whose aim is both) is the programme's formula, not a result
    # reached; a count of measures (“双10条”政策) stays a count
    return not (
        c.text.startswith(_FEW_MARKS)
        and not c.text.endswith(_MEASURE_MARKS)
        and (_programme_after(c, env) or _names_plan(c, env))
    )


# What joins the things of a list before a quote (面积、单产、总产; 起数和死亡人数): 、, or 和, 与
# or 及 where no word of the dictionary holds it with a neighbour (总和, 及时)
_THINGS_JOIN = "、和与及"
_THINGS_REACH = 40  # how far back the clause before a quote is read for a list
_THING_MIN = 2  # the shortest thing listed
_LAST_THING_MAX = 8  # the longest last thing of that list, right before the quote


def _counts_list_before(c: Candidate, env: Env) -> bool:
    """Whether the clause before the quoted count (read back to its break, within
    `_THINGS_REACH` characters) is a list of as many things as the quote counts, each of two
    characters or more, the last right before the quote once the words that may link them to it
    are cut (`listed_change_link`: 连续三年实现, 同比均, 实现了)."""
    at = c.start - 1  # the opening quote
    lo = max(0, at - _THINGS_REACH)
    breaks = [m.end() for m in _SENTENCE_BREAK.finditer(env.text, max(0, lo - 1), at)]
    if not breaks and lo > 0:
        return False  # (a clause longer than the reach: its list is not read whole)
    start = breaks[-1] if breaks else lo
    clause = _pattern(env.rules.listed_change_link).sub("", env.text[start:at], count=1)
    things = _things_listed(clause)
    n = env.numeral(c.text)
    return (
        n is not None
        and len(things) == n >= 2
        and all(len(t) >= _THING_MIN for t in things)
        and len(things[-1]) <= _LAST_THING_MAX
    )


def _things_listed(clause: str) -> list[str]:
    """`clause` cut at each joining character of `_THINGS_JOIN` that is no part of a word of the
    dictionary with the character before or after it."""
    ordinary = _ordinary_words()
    things: list[str] = []
    begin = 0
    for i, ch in enumerate(clause):
        if ch not in _THINGS_JOIN:
            continue
        if ch != "、" and (clause[i - 1 : i + 1] in ordinary or clause[i : i + 2] in ordinary):
            continue  # (总和, 及时: a word, no join)
        things.append(clause[begin:i])
        begin = i + 1
    things.append(clause[begin:])
    return things


_FEW_MARKS = tuple("双两三四五六")  # a pair, or a small count, of results
_MEASURE_MARKS = ("条", "项", "款")


def _programme_after(c: Candidate, env: Env) -> bool:
    """A policy noun (工程, 行动, 改革...) heads what follows the closing quote."""
    head = env.head_after(c.end + 1)
    r = env.rules
    return (
        head is not None and len(head) <= r.policy_head_max_length and head.endswith(r.policy_heads)
    )


def _is_zero_level(c: Candidate, env: Env) -> bool:
    """A level of zero reached (“零某”: no casualties), the label of a result, not a formula."""
    return c.quoted and _pattern(env.rules.zero_level_pattern).match(c.text) is not None


def _is_grade(c: Candidate, env: Env) -> bool:
    """A grade or rank (“千亿级”, “国家级”), not a formula."""
    return c.quoted and env.k.grade.search(c.text) is not None


def _uncovered(text: str, env: Env) -> int:
    """How many characters of `text` no common word covers (放管服 -> 3, 小切口 -> 1)."""
    return env.uncovered(text)


def _count_uncovered(text: str, emphasis: frozenset[str]) -> int:
    """The fewest characters left alone when common words (or emphasis words) tile `text`."""
    return _left_untiled(text, _words_and(emphasis))


def _left_untiled(text: str, words: Words) -> int:
    """The fewest characters left alone when `words` of two to four characters tile `text`."""
    n = len(text)
    best = [0] * (n + 1)
    for i in range(1, n + 1):
        b = best[i - 1] + 1
        for k in (2, 3, 4) if i >= 4 else (2, 3)[: i - 1]:
            if best[i - k] < b and text[i - k : i] in words:
                b = best[i - k]
        best[i] = b
    return best[n]


@cache  # one per emphasis list: the bundled one, and each user lexicon's (a lexicon, no memo)
def _words_and(emphasis: frozenset[str]) -> Words:
    """The common words and `emphasis` words in one set."""
    return word_set(chain(load_common_words(), emphasis))


# Memos by text (bounded; `clear_memos` empties them): the same formulas are quoted again and
# again, within a report and from one report to the next.
@lru_cache(maxsize=1 << 13)
def _uncovered_of(text: str, k: _Compiled) -> int:
    return _count_uncovered(text, k.rules.emphasis)


@lru_cache(maxsize=1 << 13)
def _numeral_of(text: str, k: _Compiled) -> int | None:
    return _leading_count(text, k)


@lru_cache(maxsize=1 << 13)
def _numerals_of(text: str, k: _Compiled) -> tuple[str, ...]:
    return tuple(_numerals_in(text, k))


def _covered(text: str, env: Env) -> bool:
    return _uncovered(text, env) <= 1


def _is_abbreviation(c: Candidate, env: Env) -> bool:
    """Characters no common word covers: a compressed abbreviation (放管服, 智改数转); not with 之,
    a function word that compressing drops and literary names keep (“某某之光”, “某地之窗”), nor
    an idiom of the dictionary, nor the name of a system or a platform (“某某”综合服务平台)."""
    t = c.text
    if not c.quoted or len(t) < 3 or not _CJK_RUN.fullmatch(t) or _is_phrase(t, env.k):
        return False
    if "之" in t or t in _idioms() or _is_gazetteer_place(t):
        return False  # (an idiom is a set phrase of the language, “固若金汤”: no coinage; a
        # place of the gazetteer is a name, “八公山”)
    if len(t) == _CHANNEL_LENGTH and t.endswith(env.rules.channel_marks):
        return False  # an app, a platform or a card giving access (“惠企通”), no formula
    u = _uncovered(t, env)
    if u < env.rules.abbreviation_min_uncovered or 2 * u < len(t):
        return False
    if _noun_compound(t, env):
        return False  # a thing's name: a modifier and a common noun
    # not the name of the system or the platform a noun phrase after it heads
    m = env.k.product_heads.match(env.text, c.end + 1)
    return m is None or env.k.policy_heads.search(m.group()) is not None


_CHANNEL_LENGTH = 3  # the length of a channel's name: what it serves, then its mark (惠企|通)


def _joins_parts(c: Candidate, env: Env) -> bool:
    """A coinage right before a word of joining (“政企社”协同, “天空地”一体化), or quoted with
    it (“厂网一体化”): the parts it joins, abbreviated, though common words may cover some of
    them (政企, 天空); not a text that common words tile whole, nor a prefix of scope or degree
    before common words or one character (跨区域, 全要素, 全域: an ordinary phrase, quoted for
    emphasis)."""
    t = c.text
    r = env.rules
    if not c.quoted or not _CJK_RUN.fullmatch(t) or _is_phrase(t, env.k):
        return False
    if t.endswith(r.joined_parts_words):
        joined = next(w for w in r.joined_parts_words if t.endswith(w))
        t = t[: -len(joined)]  # the parts joined, quoted with their word of joining
        shortest = _JOINED_MIN_INSIDE
    elif env.after(c, env.k.joined_parts_reach).startswith(r.joined_parts_words) or (
        env.after(c, 2).startswith(r.equal_weight_words) and not _after_quote(c, env)
    ):
        shortest = _JOINED_MIN_BEFORE
    else:
        return False  # most quotes that reach this rule have no such word after them
    if not shortest <= len(t) <= r.joined_parts_max_length:
        return False
    if t.startswith(r.joined_parts_prefixes) and (len(t) == 2 or _uncovered(t[1:], env) == 0):
        return False  # a prefix of scope before one character or common words (全域, 跨区域)
    return _uncovered(t, env) > 0


def _after_quote(c: Candidate, env: Env) -> bool:
    """Whether another quote ends right before this one, or a 、 or a conjunction after one
    (和, 与, 及, 同, 跟, 以及: “甲”“乙”, “甲”与“乙”, “甲”同“乙”): the second of a pair or a list."""
    return _PAIR_BEFORE.search(env.text, max(0, c.start - 4), c.start - 1) is not None


_PAIR_BEFORE = re.compile("”(?:[、和与及同跟]|以及)?\\Z")


# The shortest coinage of parts: three characters before a word of joining after the quote (政企社,
# as two may be a word the dictionary lacks), two inside the quote, where the word of joining
# itself says that parts are joined (厂网一体化).
_JOINED_MIN_BEFORE = 3
_JOINED_MIN_INSIDE = 2


def _is_place_brand(c: Candidate, env: Env) -> bool:
    """A place made a brand (“甲省服务”) or a national programme made local (“平安青禾”)."""
    t = c.text
    r = env.rules
    if not c.quoted or not _CJK_RUN.fullmatch(t) or _is_phrase(t, env.k):
        return False
    if t.startswith(r.brand_prefixes) and any(
        t.startswith(p) and len(t) - len(p) >= 2 and not _ordinary_phrase(t[len(p) :])
        for p in r.brand_prefixes
    ):
        return True  # 平安 + a place; not 美丽 + common words (美丽庭院, 幸福养老食堂)
    lead, tail = env.k.place_lead, env.k.place_tail
    m = lead.match(t)
    if m and len(t) - m.end() >= 2 and t[m.end() :] in load_common_words():
        return True
    m = tail.search(t)
    if m is not None and m.start() >= 2 and not _before_built_head(c, env):
        return True
    return _word_and_city(t, env) and not _before_built_head(c, env)


def _word_and_city(t: str, env: Env) -> bool:
    """A common word of two characters, then the report's own place (“书香某市”, “电动某市”): a
    city's brand, as a province's is (“电动某省”). The place is one of the gazetteer that the
    report names often (`_OWN_PLACE_MIN_MENTIONS`), as a report names its own city, county or
    district: not a place that happens to end a phrase (蓝天白云: 白云 is a district too), nor
    an idiom ending in one (半壁江山)."""
    place = t[2:]
    return (
        len(place) >= 2
        and t[:2] in load_common_words()
        and t not in _idioms()
        and env.is_own_place(place)
    )


_OWN_PLACE_MIN_MENTIONS = 10  # (a report names its own place dozens of times, others seldom)


@cache
def _alternation_re(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(alternation(words))


@cache
def _place_res(markers: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A place name of `markers` (two characters or more: not 京, 沪...) opening a text, and one
    closing it."""
    places = alternation(m for m in markers if len(m) >= 2)
    return re.compile(f"(?:{places})"), re.compile(f"(?:{places})$")


# --------------------------------------------------------------------------------------------
# Names coined like formulas: what the sentence does with the quote
# --------------------------------------------------------------------------------------------

_FRAME_MODIFIER = 2  # the characters a modifier may hold before a frame's programme noun


def _reception_re(predicates: tuple[str, ...], gap: int) -> re.Pattern[str]:
    """At most `gap` characters of one clause (no sentence mark, no next quote), then one of
    `predicates`: the words between (group `between`) and the predicate (group `word`)."""
    if not predicates:
        return re.compile("(?!)")
    # (a look at the first characters before the words: most places begin none)
    firsts = re.escape("".join(sorted({w[0] for w in predicates})))
    return re.compile(
        rf"(?P<between>[^“，。；！？,;:：!?\n]{{0,{gap}}}?)(?=[{firsts}])"
        rf"(?P<word>{alternation(predicates)})"
    )


def _counted_after_re(measures: str, leads: tuple[str, ...]) -> re.Pattern[str]:
    """An optional lead word, a count, a measure of `measures`, and the end of the phrase."""
    if not measures:
        return re.compile("(?!)")
    lead = f"(?:{alternation(leads)})?" if leads else ""
    return re.compile(
        rf"{lead}{_COUNT_NUMBER}[余多]?[{re.escape(measures)}](?:以上|左右)?(?=[，。；、）)\n]|$)"
    )


def _formula_frame(c: Candidate, env: Env, start: int, verbs: bool = True) -> bool:
    """The frame a policy formula stands in: a programme noun of `formula_frame_heads` right
    after the quote or its list (which ends at `start`; a modifier of two characters at most
    between: “某某”三年行动), or, with `verbs`, a verb of carrying policy out
    (`formula_frame_verbs`) ending the words before the quote in its clause (实施“…”, 坚持“…”)."""
    r = env.rules
    after = _CLAUSE_BREAK.split(env.text[start : start + env.k.frame_heads_reach], maxsplit=1)[0]
    heads = r.formula_frame_heads
    if any(after.startswith(heads, i) for i in range(_FRAME_MODIFIER + 1)):
        return True
    return verbs and _CLAUSE_BREAK.split(env.before(c, 12))[-1].endswith(r.formula_frame_verbs)


def _is_received(c: Candidate, env: Env) -> bool:
    """The subject of a predicate of popularity or of the market, a quote or a list of quotes
    (“…”持续火爆, “…”在某地深受欢迎, “甲”“乙”等活动热闹非凡, “…”系列产品市场占有率…):
    what the public flocks to, buys or acclaims is a product, a show, a venue or an event. Not
    when a programme noun stands between (“…”改革广受欢迎), nor where those a service serves
    welcome it (深受群众欢迎), nor in a formula's frame unless the predicate comes right after."""
    if not c.quoted:
        return False
    start = _past_list(env.text, c.end + 1)
    m = env.k.reception.match(env.text, start)
    if m is None:
        return False
    r = env.rules
    between = m["between"]
    if any(h in between for h in r.formula_frame_heads):
        return False  # the programme is welcomed (not 活动, 品牌: shows and goods are)
    if m["word"] in r.reception_served and any(b in between for b in r.reception_beneficiaries):
        return False  # those served welcome a service
    return not between or not _formula_frame(c, env, start)


def _is_counted_after(c: Candidate, env: Env) -> bool:
    """A count of objects right after the quote or its list, ending its phrase (建成“某某之家”
    37个, 打造“某某”100条): a kind of object of which there are that many. Not a code of digits
    and signs (“2+1”: a formula, counted as one)."""
    if not c.quoted:
        return False
    at = _past_more_quotes(env.text, c.end + 1)
    if env.k.counted_after.match(env.text, at) is None or _is_code(c.text, env.k):
        return False
    # (not a count of the articles or cases of a measure issued or carried out: 出台“某某”20条)
    return not _CLAUSE_BREAK.split(env.before(c, 12))[-1].endswith(env.rules.count_frame_verbs)


def _is_unique_thing(c: Candidate, env: Env) -> bool:
    """The first of its kind (全球首座“…”在某地建成运行, 首台“…”下线): a mark of the first
    (`unique_marks`) right before the quote and a verb of making after it (`unique_followers`)."""
    return (
        c.quoted
        and env.before(c, 4).endswith(env.rules.unique_marks)
        and env.k.made.match(env.after_list(c, 14)) is not None
    )


def _is_venue(c: Candidate, env: Env) -> bool:
    """A quoted name of one part ending in the noun of a venue or a facility people go to
    (`venue_heads`: “某地不夜城”, “某某之家”), unless a programme noun follows it (“某某之家”
    建设工程 names a programme)."""
    t = c.text
    if not c.quoted or len(t) < 3 or not t.endswith(env.rules.venue_heads):
        return False
    if len(_parts(t, env.k)) > 1 or _is_code(t, env.k):
        return False
    front = t[: -len(next(h for h in env.rules.venue_heads if t.endswith(h)))]
    if front in _ordinary_words() and place_word(front) is None:
        return False  # a kind of site named by an ordinary word (“长者食堂”, “职工之家”): a
        # programme's; not a place's venue (“某城不夜城”)
    return not _formula_frame(c, env, _past_list(env.text, c.end + 1), verbs=False)


def _is_trend(c: Candidate, env: Env) -> bool:
    """A craze or a trend named after a thing (“某某热”; “某物经济” in a sentence about spending
    or leisure): a front of two or three characters and a suffix of `trend_suffixes`. Not one
    word of the dictionary (加热), not a coined front before 经济 (policy coins economies of its
    own), not in a formula's frame."""
    r = env.rules
    t = c.text
    if not c.quoted or not _CJK_RUN.fullmatch(t):
        return False
    suffix = next((s for s in r.trend_suffixes if t.endswith(s)), None)
    if suffix is None or not 2 <= len(t) - len(suffix) <= 3 or t in _ordinary_words():
        return False
    front = t[: -len(suffix)]
    if suffix not in r.trend_free_suffixes:
        if not (
            front in _ordinary_words() or front in _rare_nouns() or front in load_common_words()
        ):
            return False
        text = env.text
        a = max(text.rfind("。", 0, c.start), text.rfind("\n", 0, c.start)) + 1
        b = _sentence_end(text, c.end)
        if not any(w in text[a : c.start] + text[c.end : b] for w in r.trend_context):
            return False
    return not _formula_frame(c, env, _past_list(env.text, c.end + 1))


def _sentence_end(text: str, at: int) -> int:
    """Where the sentence holding offset `at` ends (its 。 or line break, else the text's end)."""
    ends = [e for e in (text.find("。", at), text.find("\n", at)) if e >= 0]
    return min(ends, default=len(text))


def _no_evidence(c: Candidate, env: Env) -> bool:
    return c.quoted


RULES: tuple[Rule, ...] = (
    Rule("reject_inside_word", False, _inside_word, quoted_only=False, bare_only=True),
    Rule("reject_bare_form", False, _bare_form_is_prose, quoted_only=False, bare_only=True),
    Rule("lexicon", True, _is_lexicon, quoted_only=False),
    Rule("reject_quoted_speech", False, _is_speech),
    Rule("reject_title", False, _is_title),
    Rule("reject_description", False, _is_description),
    Rule("reject_event", False, _is_event),
    Rule("reject_tour_app", False, _is_tour_app),
    Rule("province_brand", True, _is_province_brand),
    Rule("reject_built_name", False, _is_built),
    Rule("reject_emphasis", False, _is_emphasis),
    Rule("reject_page_debris", False, _is_debris),
    Rule("reject_grade", False, _is_grade),
    Rule("reject_result", False, _is_result),
    Rule("reject_work_title", False, _is_work),
    Rule("reject_attitude", False, _is_attitude),
    Rule("reject_kind_of_person", False, _is_kind_of_person),
    Rule("reject_listed_product", False, _is_listed_product),
    Rule("reject_market", False, _is_market),
    Rule("numbered_formula", True, _is_numbered, quoted_only=False),
    Rule("numeral_formula", True, _has_count),
    Rule("operator_formula", True, _has_operator),
    Rule("reject_event_name", False, _is_event_name),
    Rule("enumeration", True, _is_enumeration),
    Rule("formula_family", True, _is_family, quoted_only=False),
    Rule("reject_received", False, _is_received),
    Rule("parallel_formula", True, _is_parallel),
    Rule("reject_counted_thing", False, _is_counted_thing),
    Rule("reject_lent_name", False, _is_lent_name),
    Rule("reject_named_thing", False, _is_named_thing),
    Rule("reject_counted_after", False, _is_counted_after),
    Rule("reject_unique_thing", False, _is_unique_thing),
    Rule("reject_venue", False, _is_venue),
    Rule("reject_trend", False, _is_trend),
    Rule("glossary_term", True, _is_glossary_term),
    Rule("reject_problem", False, _is_problem),
    Rule("policy_head", True, _has_policy_head),
    Rule("campaign_year", True, _is_campaign_year),
    Rule("short_coinage", True, _short_coinage),
    Rule("reject_zero_level", False, _is_zero_level),
    Rule("reject_metaphor", False, _is_metaphor),
    Rule("member_chain", True, _is_member_chain),
    Rule("abbreviation", True, _is_abbreviation),
    Rule("joined_parts", True, _joins_parts),
    Rule("place_brand", True, _is_place_brand),
    Rule("reject_no_evidence", False, _no_evidence),
)
# (After the cascade, `_with_siblings` turns a `reject_no_evidence` quote set right next to an
# accepted one into `SIBLING`.)
"""The cascade, in order; the first rule whose test holds decides. A quoted stretch is a slogan
only on positive evidence; one that no accepting rule vouches for ends in ``reject_no_evidence``."""

_QUOTED_STEPS = tuple((r.name, r.accept, r.test) for r in RULES if not r.bare_only)
_BARE_STEPS = tuple((r.name, r.accept, r.test) for r in RULES if not r.quoted_only)

# The rejections that look at the quote's frame and shape before the numeral rules, one bit
# each. Most quoted candidates meet none of them; `_early_rejections` tells, in a few C-level
# calls, which may hold, and the cascade skips the others (what it decides does not change: a
# test that cannot hold never decides).
_EARLY = {
    name: 1 << i
    for i, name in enumerate(
        (
            "reject_quoted_speech",
            "reject_title",
            "reject_description",
            "reject_event",
            "reject_built_name",
            "reject_emphasis",
            "reject_page_debris",
            "reject_grade",
            "reject_result",
            "reject_work_title",
            "reject_attitude",
        )
    )
}
# The later rules that most quoted candidates reach and whose test needs something of the
# quoted text alone (a leading numeral, a numeral anywhere, an operator, a separator, a repeated
# character), one bit each after those of `_EARLY`: `_early_by_text` tells which may hold,
# once per text, and the cascade skips the others as it skips the early rejections.
_LATE = {
    name: 1 << (len(_EARLY) + i)
    for i, name in enumerate(
        (
            "numbered_formula",
            "numeral_formula",
            "operator_formula",
            "enumeration",
            "parallel_formula",
            "province_brand",
            "formula_family",
        )
    )
}
_GATES = {**_EARLY, **_LATE}  # every rule a quoted candidate only runs when its bit is set
_SPEECH = _EARLY["reject_quoted_speech"]
_TITLE = _EARLY["reject_title"]
_DESCRIPTION = _EARLY["reject_description"]
_EVENT = _EARLY["reject_event"]
_BUILT = _EARLY["reject_built_name"]
_EMPHASIS = _EARLY["reject_emphasis"]
_DEBRIS = _EARLY["reject_page_debris"]
_GRADE = _EARLY["reject_grade"]
_RESULT = _EARLY["reject_result"]
_WORK = _EARLY["reject_work_title"]
_ATTITUDE = _EARLY["reject_attitude"]
_NUMBERED = _LATE["numbered_formula"]
_COUNT = _LATE["numeral_formula"]
_OPERATOR = _LATE["operator_formula"]
_ENUMERATION = _LATE["enumeration"]
_PARALLEL = _LATE["parallel_formula"]
_PROVINCE = _LATE["province_brand"]
_FAMILY = _LATE["formula_family"]
_FIRST_EARLY = min(i for i, (name, _, _) in enumerate(_QUOTED_STEPS) if name in _EARLY)
_QUOTED_FIRST_STEPS = _QUOTED_STEPS[:_FIRST_EARLY]  # (the lexicon: decided before the look)
_QUOTED_REST_STEPS = _QUOTED_STEPS[_FIRST_EARLY:]
_STEPS_BY_BITS: dict[int, tuple[tuple[str, bool, Callable[[Candidate, Env], bool]], ...]] = {}
_MAX_STEP_TUPLES = 1 << 12


def _steps_after_look(bits: int) -> tuple[tuple[str, bool, Callable[[Candidate, Env], bool]], ...]:
    """The steps after the first ones, without the gated rules (`_GATES`) not in `bits`: one
    tuple per set of bits met (a handful in a report; emptied if it ever holds
    `_MAX_STEP_TUPLES`)."""
    steps = _STEPS_BY_BITS.get(bits)
    if steps is None:
        if len(_STEPS_BY_BITS) >= _MAX_STEP_TUPLES:
            _STEPS_BY_BITS.clear()
        steps = _STEPS_BY_BITS[bits] = tuple(
            step for step in _QUOTED_REST_STEPS if step[0] not in _GATES or _GATES[step[0]] & bits
        )
    return steps


def _early_rejections(c: Candidate, env: Env) -> int:
    """The bits (`_GATES`) of the gated rules that may hold for the quoted `c`: each test of
    each rule needs one of the things looked for here or by `_early_by_text` for it (a looser
    form of it)."""
    k = env.k
    text = env.text
    a = c.end + 1  # after the closing quote
    bits = _early_by_text(c.text, k)
    if c.start < env.preamble_end:
        bits |= _DEBRIS
    if text.startswith("的", a):
        bits |= _ATTITUDE
    b = _list_opening(text, c.start - 1)  # before the opening quote (of a list's first one)
    bits |= k.early_preceders.bits(text[b - 4 if b > 4 else 0 : b])
    if (
        not bits & _TITLE
        and c.text.endswith(k.rules.selected_units)
        and _award_frame_before(text, b, k)
    ):
        bits |= _TITLE  # (`_selected_unit`: a unit after a verb of awarding, a scope between)
    if (
        k.early_after is None
        or k.early_after.match(text, a) is not None
        # (past the rest of a list of quotes and a 等: the event frame looks there)
        or ((p := _past_list(text, a)) != a and k.early_after.match(text, p) is not None)
    ):
        bits |= _EVENT | _BUILT | _RESULT
    if bits & (_TITLE | _DESCRIPTION) != _TITLE | _DESCRIPTION:
        after = text[a : a + 6]
        if not bits & _TITLE:
            q = _past_more_quotes(text, a)  # (past a list going on: the title rule looks there)
            if (
                k.award_after.match(after)
                or (q != a and k.award_after.match(text[q : q + 6]))
                or k.rank_after.match(text[q : q + k.rules.rank_window])  # (a rank stated)
            ):
                bits |= _TITLE
        if not bits & _DESCRIPTION and k.aspect.match(after) is not None:
            bits |= _DESCRIPTION
        if not bits & _DESCRIPTION and after.startswith("的") and _LISTED.search(c.text):
            bits |= _DESCRIPTION  # (`_describes_thing`)
    return bits


@lru_cache(maxsize=1 << 13)
def _early_by_text(t: str, k: _Compiled) -> int:
    """The bits of the gated rules that the quoted text `t` leaves open (memoized by text:
    formulas recur)."""
    r = k.rules
    n = len(t)
    bits = k.early_endings.bits(t)  # (figure suffixes, titles, events, built things)
    if n == 1 or t in r.emphasis:
        bits |= _EMPHASIS
    if n > r.max_plain_length or k.early_inner.search(t) is not None:
        bits |= _DESCRIPTION
    if "示范" in t or _without_scope(t, r).startswith(r.top_list_marks) or _YEAR_LED.match(t):
        bits |= _TITLE  # (`_YEAR_LED`: `_dated_name`)
    if _pattern(r.listed_change_pattern).match(t) is not None:
        bits |= _RESULT  # (`_is_result`: a rise or a fall of things listed, “三增”)
    if t.isdecimal():
        bits |= _RESULT
        if t in r.service_numbers:
            bits |= _BUILT  # (`_is_built`: a national service line)
    elif k.count_conversion.match(t) is not None:
        bits |= _BUILT  # (`_is_built`: a work's spec, “四改八”)
    elif _counted_building(t, r):
        bits |= _BUILT  # (`_is_built`: so many buildings, “三馆”)
    if k.speech_quote_question.search(t) is not None or (
        n >= _SAYING_MIN_LENGTH and t in _sayings()
    ):
        bits |= _SPEECH
    for p, by_search in k.early_patterns:  # (one pattern for the four, a quick look first)
        if (p.search(t) if by_search else p.match(t)) is not None:
            if k.event.match(t) is not None:
                bits |= _EVENT
            if k.result.match(t) is not None:
                bits |= _RESULT
            if k.grade.search(t) is not None:
                bits |= _GRADE
            if k.description.search(t) is not None:
                bits |= _DESCRIPTION
            break
    return bits | _late_by_text(t, n, k)


def _late_by_text(t: str, n: int, k: _Compiled) -> int:
    """The bits (`_LATE`) of the later rules that the quoted text `t` (of length `n`) leaves
    open: each is a condition the rule's test needs (`_is_numbered`, `_has_count`...)."""
    bits = 0
    first = t[:1]
    if first in k.count_start or first.isdecimal():
        bits |= _NUMBERED  # `parse_numeral` needs a leading numeral
    if not t.isalpha() or k.numeral_chars.search(t) is not None:
        bits |= _COUNT  # a digit (never a letter) or a numeral character
    if k.operators.search(t) is not None:
        bits |= _OPERATOR
    if "，" in t or k.chain_separators.search(t) is not None:
        bits |= _ENUMERATION
    if n >= 4 and len(set(t)) != n:
        bits |= _PARALLEL
    # (most quoted candidates reach these two tests of the text alone, and few pass them: the
    # text's bit, once per text, spares the call per candidate)
    if _is_province_name(t, k):
        bits |= _PROVINCE  # `_is_province_brand` but the frame (a work's title)
    if _in_family(t, k):
        bits |= _FAMILY  # `_is_family` of a quoted text
    return bits


def _verdict(c: Candidate, env: Env) -> tuple[str, bool]:
    """The name of the first rule whose test holds for `c`, and whether it accepts."""
    _, name, accept = _judged(c, env)
    return name, accept


def _judged(c: Candidate, env: Env) -> _Verdict:
    """`c` with its `_verdict`, in one tuple (the stage's verdicts)."""
    if c.quoted:
        for name, accept, test in _QUOTED_FIRST_STEPS:
            if test(c, env):
                return c, name, accept
        bits = _early_rejections(c, env)
        steps = _STEPS_BY_BITS.get(bits) or _steps_after_look(bits)
    else:
        steps = _BARE_STEPS
    for name, accept, test in steps:
        if test(c, env):
            return c, name, accept
    return c, "unmatched", False


# --------------------------------------------------------------------------------------------
# Fields
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1 << 10)
def _cn_number(s: str) -> int | None:
    """The integer a Chinese numeral writes (十四 -> 14), None if none or not whole; memoized:
    the same few numerals open most formulas."""
    value = parse_chinese_numeral(s)
    return int(value) if value is not None and value == value.to_integral_value() else None


_ASCII_COUNT = re.compile(r"\d+")


def parse_numeral(text: str, rules: SloganRules | None = None) -> int | None:
    """The leading count of a formula: 三大攻坚战 -> 3, 五位一体 -> 5, 双碳 -> 2, 3个100 -> 3.

    None for formulas that pair several numerals (两学一做, 一带一路), for bare ordinals
    (十四五), and for texts that do not start with a numeral (放管服).
    """
    return _leading_count(text, _compiled(rules or load_slogan_rules()))


def _leading_count(text: str, k: _Compiled) -> int | None:
    """`parse_numeral` of `text` under the rules `k` was built from, read with their sets of
    characters."""
    first = text[:1]
    if not first:
        return None
    if first.isdecimal():  # (what `_ASCII_COUNT` opens on)
        m = _ASCII_COUNT.match(text)
        assert m is not None
        rest = text[m.end() :]
        return int(m.group()) if rest[:1] and rest[0] in k.counters else None
    if first not in k.count_start:
        return None  # no leading numeral (what the steps below find, told at once)
    if k.numeral_words.match(text) is not None:
        return None  # a place name (四川…) or a word that counts nothing (一批, 三角), not a count
    numerals = k.count_numerals
    i = 0
    while i < len(text) and i < 3 and text[i] in numerals and text[i] != "双":
        i += 1
    if i == 0 and text.startswith("双"):
        i = 1
    if i == 0:
        return None  # no leading numeral
    run, rest = text[:i], text[i:]
    value = 2 if run == "双" else _cn_number(run)
    if value is None or not rest or "、" in rest:
        return None
    if rest[0] in k.counters:
        return value
    if len(text) > 4:
        return None
    if k.numerals_or_vague.isdisjoint(rest):
        return value  # (taking words out below only takes characters away)
    scrubbed = rest
    for w in k.rules.numeral_words:
        scrubbed = scrubbed.replace(w, "")
    if not k.numerals_or_vague.isdisjoint(scrubbed):
        return None
    return value


def _past_list(text: str, at: int) -> int:
    """Where the words after a quote begin: past the rest of its list of quotes and a 等 or 的
    closing it (`_NEXT_QUOTES`, which always matches), from `at`, right after the quote."""
    m = _NEXT_QUOTES.match(text, at)
    return m.end() if m else at


def _head_after(
    text: str, at: int, rules: SloganRules, compiled: _Compiled | None = None
) -> str | None:
    """The noun that follows a slogan (“放管服”改革 -> 改革), if one of the known heads ends it.

    Skips a chain of further quoted formulas sharing the head (“气十条”“水十条”政策) and a
    linking 等 or 的; takes the shortest stretch ending in a head word, grown to a compound
    head a few characters on (工作总基调) or by a trailing 建设/发展 (“四个中心”功能建设).
    """
    c = compiled or _compiled(rules)
    # the chain of quotes skipped, then the Chinese characters up to a stop character, within
    # `head_max_length` of them: one match
    m = c.head_run.match(text, at)
    run = m.group(1) if m else ""
    if not run:
        return None  # (no character after the quote for a head word to end on)
    verb = next((v for v in rules.head_verbs if run.startswith(v)), "")
    if verb and not run.startswith(rules.head_verb_nouns, len(verb)):
        return None  # the quote is the verb's object and what follows the predicate (“甲”推进
        # 改革), unless the verb and a noun make one (“甲”推进机制)
    heads, lengths_by_last, any_lengths = c.head_words, c.head_lengths_by_last, c.head_lengths_any
    gap = rules.head_compound_gap
    begin = 0
    if not any_lengths:  # a head word ends only on the last character of one
        last = c.head_last.search(run)
        if last is None:
            return None
        begin = last.start()  # (no head word ends before it)
    # the first place a head word ends, and the last one at most `head_compound_gap` after it
    first = k = 0
    for end, ch in enumerate(run[begin:] if begin else run, begin + 1):
        if first and end > first + gap:
            break
        # the lengths of the head words ending in ch
        for n in lengths_by_last.get(ch, any_lengths):
            if (
                n <= end
                and run[end - n : end] in heads
                and not _head_inside_word(run, end - n, end, c.head_word_list)
            ):
                first = first or end
                k = end
                break
    if not first:
        return None
    for e in rules.head_extensions:
        if run.startswith(e, k):
            return run[: k + len(e)]
    return run[:k]


def _head_inside_word(run: str, a: int, b: int, heads: tuple[str, ...]) -> bool:
    """Whether the head word `run[a:b]` is only part of a longer word: it goes on into a word
    of the dictionary (战略|性, 工程|师, 节|能, 活动|中心) whose rest begins no head word, or it is
    read across two words (进|行动|员: a head of two characters)."""
    words = _ordinary_words()
    for extra in (1, 2):
        rest = run[b : b + extra]
        if len(rest) == extra and run[a : b + extra] in words and not run.startswith(heads, b):
            return True
    return b - a == 2 and a > 0 and run[a - 1 : a + 1] in words and run[a + 1 : a + 3] in words


def _cjk_without(chars: str) -> str:
    """The ranges of a character class of the Chinese characters (`_CJK`) but `chars`."""
    ranges = []
    lo = 0x4E00
    for ch in sorted({ord(ch) for ch in chars if 0x4E00 <= ord(ch) <= 0x9FFF}):
        if ch > lo:
            ranges.append((lo, ch - 1))
        lo = ch + 1
    if lo <= 0x9FFF:
        ranges.append((lo, 0x9FFF))
    return "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)


_CLAUSE_START = re.compile(r".*[，。；：！？,;:!?\n“”（）()]", re.DOTALL)


def _inline_expansion(
    text: str, at: int, numeral: int, rules: SloganRules
) -> tuple[str, ...] | None:
    """The parts listed right before a numbered formula, when they are as many as its count.

    新材料、新能源、数字经济三大先导产业 -> (新材料, 新能源, 数字经济); also a quoted list
    (“山水、民俗、红色、康养”四大特色旅游工程). A list ending in 等 is partial and gives nothing.
    """
    window = text[max(0, at - rules.expansion_window) : at]
    if window.endswith("”"):
        opening = window.rfind("“")
        clause = window[opening + 1 : -1] if opening >= 0 else ""
    else:
        m = _CLAUSE_START.match(window)
        if m is None and at > rules.expansion_window:
            return None  # (the list may begin before the window: its first part cut short)
        clause = window[m.end() :] if m else window
    if not clause or clause.endswith("等"):
        return None
    parts = clause.split("、")
    if len(parts) < 2:
        return None
    parts = parts[:-1] + _last_two(parts[-1])
    if len(parts) != numeral or not all(0 < len(p) <= rules.max_expansion_part for p in parts):
        return None
    longest_other = max(len(p) for p in parts[1:])
    # the verbs governing the list (加快培育甲、乙、丙三大…), while the first part is longer than
    # the others: not a member that is a verb and its object (“建设甲、发展乙、振兴丙”)
    verbal = any(p.startswith(rules.list_verbs) for p in parts[1:])  # (建设甲、发展乙、振兴丙)
    while len(parts[0]) > longest_other and (
        verb := next((v for v in rules.list_verbs if parts[0].startswith(v)), "")
    ):
        if verbal and not parts[0][len(verb) :].startswith(rules.list_verbs):
            break  # the members are each a verb and its object: the first keeps its verb
        parts[0] = parts[0][len(verb) :]
    if len(parts[0]) > longest_other + 2:  # a verb in front of the list (大力发展集成电路、…)
        return None
    return tuple(parts)


def _last_two(part: str) -> list[str]:
    """The last part of a list split at the 和, 与 or 及 that joins the last two (甲乙和丙丁 ->
    甲乙, 丙丁), not at one inside a word (和平, 参与, 社会和谐: one part)."""
    words = load_common_words()
    for m in _LIST_AND.finditer(part):
        i = m.start()
        inside_word = part[i - 1 : i + 1] in words or part[i : i + 2] in words
        if 0 < i < len(part) - 1 and not inside_word:
            return [part[:i], part[i + 1 :]]
    return [part]


# --------------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------------


def _env(ctx: Context) -> Env:
    preamble_end = min((s.start for s in ctx.sections), default=0)
    rules = load_slogan_rules()
    lexicon = load_slogan_lexicon(ctx.user_lexicons)
    text = _curly_view(ctx.text, rules)
    return Env(
        text=text,
        rules=rules,
        lexicon=lexicon,
        k=_compiled(rules),
        preamble_end=preamble_end,
        lexicon_at=lexicon.unquoted.longest_at(text) if lexicon.unquoted else [],
    )


def _curly_view(text: str, rules: SloganRules) -> str:
    """`text` as the rules read it: each pair of other quotation marks (「」, 『』, ‘’, 〝〞, "")
    around a stretch without curly double quotes written as “”, one character for one, so
    that what looks at the quotes around a quote (a list of quotes, the head after a chain of
    them) reads every pair alike; offsets and quoted texts are those of `text`."""
    if not any(ch in text for ch in _OTHER_OPENINGS):
        return text
    chars = None
    for a, b, ia, ib in _quote_spans(text, rules):
        if text[a] != "“" and "“" not in text[ia:ib] and "”" not in text[ia:ib]:
            if chars is None:
                chars = list(text)
            chars[a] = "“"
            chars[b - 1] = "”"
    return text if chars is None else "".join(chars)


def _quote_candidates(text: str, quotes: list[tuple[int, int, int, int]]) -> list[Candidate]:
    """A `Candidate` of each quoted stretch (`_quote_spans`)."""
    return [_candidate(a, b, text[a:b], "quote") for _, _, a, b in quotes]


@cache
def _nested_re(n: int) -> re.Pattern[str]:
    """A single-quoted stretch of at most `n` characters (inside a double-quoted one)."""
    return re.compile(rf"‘([^‘’“”\n]{{1,{n}}})’")


def _nested_candidates(
    text: str, quotes: list[tuple[int, int, int, int]], rules: SloganRules
) -> list[Candidate]:
    """The single-quoted stretches inside double-quoted ones (“打造‘某大高地’、实施‘某大战略’”):
    what a quoted saying quotes is judged on its own, as any quote is; the saying itself most
    often is speech."""
    if "‘" not in text:
        return []
    nested = _nested_re(rules.max_quoted_length)
    return [
        _candidate(m.start(1), m.end(1), m.group(1), "quote")
        for _, _, a, b in quotes
        if text[a - 1 : a] == "“" and "‘" in text[a:b]
        for m in nested.finditer(text, a, b)
    ]


def _candidates(env: Env, quotes: list[tuple[int, int, int, int]]) -> list[Candidate]:
    text = env.text
    out = _quote_candidates(text, quotes)
    out.extend(_nested_candidates(text, quotes, env.rules))
    starts = [q[0] for q in quotes]
    ends = [q[1] for q in quotes]

    def in_quote(c: Candidate) -> bool:
        i = bisect.bisect_right(starts, c.end - 1) - 1
        return i >= 0 and ends[i] > c.start

    bare = [
        c
        for c in (
            *_lexicon_candidates(env),
            *_numbered_from_marks(text, env.rules),
            *_family_candidates(text, env.rules),
        )
        if not in_quote(c)
    ]
    # lexicon hits win over numbered and family hits on the same stretch; then longest, earliest
    bare.sort(key=lambda c: (c.source != "lexicon", -(c.end - c.start), c.start))
    taken = bytearray(len(text))
    for c in bare:
        if not any(taken[c.start : c.end]):
            taken[c.start : c.end] = b"\x01" * (c.end - c.start)
            out.append(c)
    return out


def explain_slogans(ctx: Context) -> list[Decision]:
    """Every candidate with the rule that decided it, in text order (for tests and debugging):
    what `find_slogans` keeps is exactly the accepted ones."""
    env = _env(ctx)
    decisions = [Decision(*v) for v in _decisions(env, _quote_spans(env.text, env.rules))]
    return sorted(decisions, key=lambda d: (d.candidate.start, d.candidate.end))


# What the cascade made of a candidate, as `Decision` holds it (candidate, rule, accepted): a
# tuple, as the stage passes thousands of them around and `explain_slogans` alone shows them.
_Verdict = tuple[Candidate, str, bool]


def _by_span(v: _Verdict) -> tuple[int, int]:
    """A verdict's span, for sorting."""
    return v[0].start, v[0].end


# One name means one thing throughout a report. When the frame of one mention shows the quoted
# text itself to be a name (a title won, the title of a work, a firm, a product, a prize
# received, the first of its kind, a venue, a trend), the weak evidence of another mention (a
# policy noun after it, characters no word covers, a place in it) does not make it a formula; the
# structure of the text itself (a count, an operator, an enumeration, a family shape, the
# lexicon) still does. Not the name of an event or a built work, nor of the projects, bases and
# parks named after the text (“某某”项目, “甲”“乙”等园区: `reject_lent_name`) or things counted
# under it (建成12个“某某”示范点, 打造“某某”100条): a programme lends its name to the projects,
# sites and forums it runs (“甲乙丙”经贸合作论坛), which says nothing about the quoted text alone.
_THING_RULES = frozenset(
    {
        "reject_title",
        "reject_work_title",
        "reject_named_thing",
        "reject_received",
        "reject_unique_thing",
        "reject_venue",
        "reject_trend",
    }
)
SIBLING = "sibling_formula"  # a quote coordinated with a formula the cascade vouches for
_WEAK_RULES = frozenset(
    {
        "policy_head",
        "campaign_year",
        "short_coinage",
        "member_chain",
        "abbreviation",
        "joined_parts",
        "place_brand",
        "parallel_formula",
        SIBLING,
    }
)
NAMED_ELSEWHERE = "reject_named_elsewhere"  # a mention turned down by the look across mentions


# Two quotes side by side (“甲”“乙”, “甲”、“乙”), or the two ends of one change (从“甲”到“乙”: the
# second of one kind with the first)
_SIBLING_JOINS = ("”“", "”、“", "”到“")
# What joins two quotes of one list (“甲”“乙”, “甲”、“乙”, “甲”和“乙”: `_LIST_JOIN` of `Env.before`)
_LIST_JOINS = ("”“", "”、“", "”和“", "”与“", "”及“")


def _outer_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spans` (in text order) without those inside another one (a quote within a quote)."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and b <= out[-1][1]:
            continue
        out.append((a, b))
    return out


# The accepting rules whose quotes vouch for no sibling: characters a dictionary leaves
# uncovered are the weakest evidence of a formula (an idiom or a name of a place's thing is as
# uncovered: “某某传花”, “某某标识”), and a chain of one class may be a word of the dictionary
# (海陆空): too weak to carry over to the quote beside.
_NO_SIBLINGS = frozenset({"abbreviation", "member_chain"})


def _with_siblings(decisions: list[_Verdict], env: Env) -> list[_Verdict]:
    """A quoted text no rule vouches for (`reject_no_evidence`) set right next to a quoted
    formula that a rule of its own text accepts (“放管服”“走出去”, “请进来”“走出去”): two quotes
    side by side are coordinated members of one list, and a list of quoted formulas holds
    formulas. Only a stretch that no rule turned down on its frame (a title, an event, a name),
    of a length a coined formula has (`pair_lengths`), without the characters of a phrase, and a
    neighbour the cascade accepted on its own (not by this look: no chains; nor by the
    characters a dictionary leaves uncovered or a chain of one class alone, `_NO_SIBLINGS`), or a
    member of a coined series that holds one, accepted by any rule (`_coined_series`), or of a
    list of quotes, each with a noun of its own, that holds one (`_headed_list`). A quote of a
    list that a count right after it numbers (`_counted_members`) is a part of that formula
    (`COUNTED_LIST`) unless it is one ordinary word."""
    countable = [i for i, (_, rule, _) in enumerate(decisions) if rule in _COUNTABLE_REJECTIONS]
    if not countable:
        return decisions
    low, high = env.rules.pair_lengths
    accepted_spans = {
        (c.start, c.end): rule for c, rule, accepted in decisions if accepted and c.quoted
    }
    strong = {span for span, rule in accepted_spans.items() if rule not in _NO_SIBLINGS}
    starts = {a for a, _ in strong}
    ends = {b for _, b in strong}
    text = env.text
    # the quoted spans in text order, for the runs of quotes of both looks (not the quotes
    # inside a quote: a run goes from one quote to the next one beside it)
    quoted = _outer_spans(sorted((c.start, c.end) for c, _, _ in decisions if c.quoted))
    series = (
        # (a series coined item by item, 甲类“某办”、乙类“某办”, holds its shape whatever rule
        # accepted the member it holds)
        _coined_series(quoted, set(accepted_spans), text)
        | _headed_list(quoted, strong, env)
        | _listed_with(quoted, strong, text)
    )
    counted = _counted_members(quoted, env)
    out = decisions  # (copied on the first change)
    for i in countable:
        c, rule, _ = decisions[i]
        if (
            (c.start, c.end) in counted
            and c.text not in _ordinary_words()
            and c.text not in env.rules.emphasis
        ):
            # (one ordinary word, or a word the rules know for emphasis, stays a figure)
            verdict = (c, COUNTED_LIST, True)
        elif (
            rule == _NO_EVIDENCE
            and low <= len(c.text) <= high
            and _CJK_RUN.fullmatch(c.text)
            and not _is_phrase(c.text, env.k)
            and (
                any(text.startswith(j, c.end) and c.end + len(j) in starts for j in _SIBLING_JOINS)
                or any(
                    text.endswith(j, 0, c.start) and c.start - len(j) in ends
                    for j in _SIBLING_JOINS
                )
                or (c.start, c.end) in series
            )
        ):
            verdict = (c, SIBLING, True)
        else:
            continue
        if out is decisions:
            out = decisions.copy()
        out[i] = verdict
    return out


_NO_EVIDENCE = "reject_no_evidence"


def _listed_with(
    quoted: list[tuple[int, int]], strong: set[tuple[int, int]], text: str
) -> set[tuple[int, int]]:
    """The spans of the quotes of each list of quotes side by side (`_LIST_JOINS`) that holds a
    formula accepted on its own: every member is coordinated with that formula, wherever it
    stands in the list (“甲”“乙”“放管服”: 甲 as much as 乙)."""
    found: set[tuple[int, int]] = set()
    for run in _quote_runs(quoted, _LIST_GAP, lambda a, b: text[a:b] in _LIST_JOINS):
        if any(m in strong for m in run):
            found.update(run)
    return found


# Two quotes of one list, each after the noun of its item: 甲事项“某某办”、乙事项“某某办”
_SERIES_JOIN = re.compile(f"”、[{_CJK}]{{0,6}}“")
_SERIES_GAP = 9  # the longest stretch `_SERIES_JOIN` matches
_SIBLING_GAP = max(map(len, _SIBLING_JOINS))
_LIST_GAP = max(map(len, _LIST_JOINS))


# Two quotes of one list, each followed by the short noun of its item: “甲”改革、“乙”建设
_HEADED_JOIN = re.compile(f"”[{_CJK}]{{1,4}}[、和与及]“")
_HEADED_GAP = 7  # the longest stretch `_HEADED_JOIN` matches


def _headed_list(
    quoted: list[tuple[int, int]], strong: set[tuple[int, int]], env: Env
) -> set[tuple[int, int]]:
    """The spans of the quotes of each list that holds a formula accepted on its own, whose
    members each take the noun of a programme's work of their own (`list_item_nouns`, after a
    modifier of two characters at most) before the next (“甲乙+”改革、“某某城市”建设和…,
    “某某”统筹管理、“甲乙+”改革): the members of one list are coordinated, of one kind, and a
    list of programmes that holds a formula names formulas. Not a member that is one ordinary
    word (a figure listed with a formula stays a figure)."""
    text = env.text
    item = env.k.list_item
    found: set[tuple[int, int]] = set()
    runs = _quote_runs(
        quoted, _HEADED_GAP, lambda a, b: _HEADED_JOIN.fullmatch(text, a, b) is not None
    )
    for run in runs:
        if not any(m in strong for m in run):
            continue
        # every member's noun: the whole stretch before the next quote's joiner, and the start
        # of what follows the last quote
        nouns = [item.fullmatch(text, b + 1, a - 2) for (_, b), (a, _) in pairwise(run)]
        if all(nouns) and item.match(text, run[-1][1] + 1):
            found.update(m for m in run if text[m[0] : m[1]] not in _ordinary_words())
    return found


def _coined_series(
    quoted: list[tuple[int, int]], accepted: set[tuple[int, int]], text: str
) -> set[tuple[int, int]]:
    """The spans of the quotes of each coined series that holds a formula accepted on its own:
    quotes listed with 、 (each after the short noun of its item: 甲事项“某某办”、乙事项“某某办”),
    all of one length and ending in one character. A series coins its members on one pattern
    (“掌上办”“就近办”: where and how a service is done), so one vouches for the others."""
    found: set[tuple[int, int]] = set()
    series = _quote_runs(
        quoted, _SERIES_GAP, lambda a, b: _SERIES_JOIN.fullmatch(text, a, b) is not None
    )
    for run in series:
        if any(m in accepted for m in run):
            texts = {text[a:b] for a, b in run}
            if len({len(t) for t in texts}) == 1 and len({t[-1] for t in texts}) == 1:
                found.update(run)
    return found


def _quote_runs(
    quoted: list[tuple[int, int]], gap: int, joined: Callable[[int, int], bool]
) -> Iterator[list[tuple[int, int]]]:
    """The runs of two quoted spans or more of `quoted` (in text order), each joined to the one
    before it: `joined(end, start)` of the stretch between them (from the closing quote before
    to the opening quote after), which is never longer than `gap` (most quotes stand further
    apart: told without a call)."""
    run: list[tuple[int, int]] = []
    for span in quoted:
        if run and span[0] - run[-1][1] <= gap and joined(run[-1][1], span[0]):
            run.append(span)
            continue
        if len(run) >= 2:
            yield run
        run = [span]
    if len(run) >= 2:
        yield run


COUNTED_LIST = "counted_list"  # a quote of a list that the count after it numbers
# The rejections a count after the list outweighs: no evidence, a figure, an ordinary word, a
# plan's name (“甲计划”“乙计划”两项计划); not the frames that name a title, an event or a work.
_COUNTABLE_REJECTIONS = frozenset(
    {"reject_no_evidence", "reject_metaphor", "reject_emphasis", "reject_named_thing"}
)
# A count and its measure right after a list of quotes (“甲”“乙”“丙”三项计划, “甲”、“乙”两大任务),
# or 双 before a noun (“甲”、“乙”双承诺). Not 篇: 做好“甲”“乙”两篇文章 is the figure of essays to
# write, the quotes the subjects of the work, no parts of a formula.
_PAIR = "双"
_LIST_COUNT = re.compile(
    rf"(?:[二两三四五六七八九十]|\d)(?:项|个|大|条|张|类|种)|{_PAIR}(?=[{_CJK}])"
)


def _counted_members(quoted: list[tuple[int, int]], env: Env) -> set[tuple[int, int]]:
    """The spans of the quotes of each list of two quotes or more, side by side (“甲”“乙”,
    “甲”、“乙”), that a count right after it numbers exactly (“甲”“乙”“丙”三项计划): the list
    spells out a numbered formula, and each member that is not one ordinary word is one of its
    parts. Not a count of aspects (“甲”“乙”两个方面), of things (“甲”“乙”两大平台) or of results
    (“甲”“乙”双提升)."""
    text = env.text
    found: set[tuple[int, int]] = set()
    for run in _quote_runs(quoted, _LIST_GAP, lambda a, b: text[a:b] in _LIST_JOINS):
        at = run[-1][1] + 1  # after the last closing quote
        m = _LIST_COUNT.match(text, at)
        if (
            m is not None
            and _list_count(m.group(), text, at) == len(run)
            and not _counts_results(text, at, env)
            and env.k.aspect.match(text[at : at + 8]) is None
            and env.k.thing_followers.match(text[m.end() : m.end() + 8]) is None
            and not _counts_things(_CJK_RUN.match(text, m.end()), env)
        ):
            found.update(run)
    return found


def _counts_results(text: str, at: int, env: Env) -> bool:
    """Whether the count at `at` is a pair of results (“甲”和“乙”双提升, 双下降:
    `result_pattern`): what the listed measures did, not the parts of a formula."""
    result = env.k.result
    return any(result.match(text[at : at + n]) is not None for n in range(3, 6))


def _counts_things(noun: re.Match[str] | None, env: Env) -> bool:
    """Whether the noun a count after a list of quotes counts (its first eight characters)
    is that of a thing: a firm, a product, a project, a built thing (两个省级示范项目, 两个产业
    园), whatever modifier stands before it; not a brand (a count of brands may number a place's
    formulas, “甲”“乙”两大品牌)."""
    if noun is None:
        return False
    words = noun.group()[:8]
    k = env.k
    first = min((i for t in k.counted_things if (i := words.find(t)) >= 0), default=-1)
    # the first noun decides: the thing is what is counted unless a policy noun comes first
    # (三大任务服务企业发展: tasks, and the firms they serve)
    return first >= 0 and not any(0 <= words.find(h) < first for h in k.counted_policy_nouns)


def _list_count(count: str, text: str, at: int) -> int | None:
    """The value of the count `_LIST_COUNT` matched at `at`: a numeral and its counter (三项),
    or 双 before the noun it pairs (“甲”、“乙”双承诺), unless 双 begins an ordinary word (双向,
    双方: both ways, both sides, no count of the list)."""
    if count == _PAIR:
        return None if text[at : at + 2] in load_common_words() else 2
    return _count_value(count[:-1])


def _count_value(numeral: str) -> int | None:
    """The value of a count of one digit or one Chinese numeral (3, 三, 两)."""
    if numeral.isdecimal():
        return int(numeral)
    value = parse_chinese_numeral(numeral)
    return int(value) if value is not None else None


def _decisions(env: Env, quotes: list[tuple[int, int, int, int]]) -> list[_Verdict]:
    """The decision on every candidate, in the order found, after the look across mentions:
    a weakly accepted text that another mention's frame shows to be a name is turned down as
    `NAMED_ELSEWHERE`."""
    cascade = [_judged(c, env) for c in _candidates(env, quotes)]
    decisions = _named_elsewhere(cascade)
    # (a sibling leans on a neighbour that stands after the look across mentions, and is itself
    # weak evidence, which that look then weighs like the other weak rules)
    with_siblings = _with_siblings(decisions, env)
    if with_siblings is decisions:
        return decisions  # (no sibling: the look across mentions would find what it did)
    # the look across mentions again, on the cascade's verdicts with the siblings' changes: a
    # mention turned down only for a frame that the siblings' look overturned is accepted again
    changed = [
        new if new is not old else first
        for new, old, first in zip(with_siblings, decisions, cascade, strict=True)
    ]
    return _named_elsewhere(changed)


def _named_elsewhere(decisions: list[_Verdict]) -> list[_Verdict]:
    """`decisions` with each weakly accepted text that another mention's frame turned down as a
    thing (`_THING_RULES`) turned down as `NAMED_ELSEWHERE`, unless a strong rule accepted it."""
    things = {c.text for c, rule, accepted in decisions if not accepted and rule in _THING_RULES}
    if not things:
        return decisions
    weak = {c.text for c, rule, accepted in decisions if accepted and rule in _WEAK_RULES}
    if things.isdisjoint(weak):
        return decisions  # (no text both: nothing to turn down)
    strong = {c.text for c, rule, accepted in decisions if accepted and rule not in _WEAK_RULES}
    named = (things & weak) - strong
    if not named:
        return decisions
    return [(d[0], NAMED_ELSEWHERE, False) if d[2] and d[0].text in named else d for d in decisions]


def find_slogans(ctx: Context) -> list[Slogan]:
    """One `Slogan` per distinct text of a formula, with all its mentions, in text order."""
    env = _env(ctx)
    quotes = _quote_spans(env.text, env.rules)
    accepted = [d for d in _decisions(env, quotes) if d[2]]
    accepted.sort(key=_by_span)

    groups: dict[str, list[_Verdict]] = {}
    # each group's mentions by span, in the order met (a comprehension per group would cost a
    # call each: most groups hold one mention)
    spans: dict[str, dict[tuple[int, int], str]] = {}
    for d in accepted:
        c = d[0]
        key = formula_key(c.text)
        group = groups.get(key)
        if group is None:
            groups[key] = [d]
            spans[key] = {(c.start, c.end): c.text}
        else:
            group.append(d)
            spans[key][c.start, c.end] = c.text
    _add_bare_mentions(groups, spans, env, quotes)
    sections = ctx.section_table()  # (read once: a bisect a slogan, no call)
    fields = [
        _slogan_fields(groups[key], sorted(spans[key].items()), env, sections) for key in groups
    ]
    fields.sort(key=itemgetter("start", "end"))
    return _slogan_list().validate_python(fields)


@cache
def _slogan_list() -> TypeAdapter[list[Slogan]]:
    """Validates a text's slogans, mentions and all, in one call (cheaper than one by one)."""
    return TypeAdapter(list[Slogan])


def _slogan_fields(
    decisions: list[_Verdict],
    spans: list[tuple[tuple[int, int], str]],
    env: Env,
    sections: tuple[list[int], list[Section | None]],
) -> dict[str, Any]:
    """The fields of one `Slogan`, to be validated with the others of the text; `sections` is
    the text's `Context.section_table`."""
    by_form = env.lexicon.by_form
    # the first quoted mention, if there is one (of a form of the lexicon, if one is), and the
    # lexicon's entry of any mention (the text with or without its enumeration commas)
    quoted = [d for d in decisions if d[0].quoted] or decisions
    shown = next((d for d in quoted if d[0].text in by_form), quoted[0])
    c = shown[0]
    entry = (
        by_form.get(c.text)
        or next((by_form[d[0].text] for d in decisions if d[0].text in by_form), None)
        or _form_across_quote(c, env)
    )
    numeral = entry.numeral if entry else env.numeral(c.text)
    if entry and entry.numeral is None and entry.text != c.text:
        numeral = env.numeral(c.text)
    head = None
    for d in decisions[:8]:
        at = d[0].end + 1 if d[0].quoted else d[0].end
        if d[0].quoted and env.text.startswith("、", at):
            at = _past_placed_quotes(env, at)  # 甲市“…”、乙市“…”战略: the head they share
        head = env.head_after(at)
        if head:
            break
    rules = env.rules
    category: str | None = entry.category if entry else None
    if category is None and (
        c.text.endswith(rules.campaign_heads)
        or (head is not None and head.endswith(rules.campaign_heads))
    ):
        category = "campaign"
    elif category is None and env.k.local_markers.search(c.text):
        category = "local"
    expansion = entry.expansion if entry and entry.expansion else None
    if expansion is None and numeral is not None:
        for d in decisions[:8]:
            if d[0].quoted:  # a verb usually stands between a list and a quote
                continue
            expansion = _inline_expansion(env.text, d[0].start, numeral, rules)
            if expansion:
                break
    (start, end), _ = spans[0]
    bounds, found = sections
    section = found[bisect.bisect_right(bounds, start)]  # (`Context.section_id`)
    return {
        "start": start,
        "end": end,
        "rule": shown[1],
        "section": section.id if section else None,
        "text": c.text,
        "quoted": c.quoted,  # (shown is quoted when any mention is)
        "numeral": numeral,
        "head": head,
        "expansion": expansion,
        "category": category,
        "canonical": entry.text if entry else formula_key(c.text),
        "mentions": (
            [{"start": start, "end": end, "text": spans[0][1]}]  # (one: no comprehension)
            if len(spans) == 1
            else [{"start": a, "end": b, "text": t} for (a, b), t in spans]
        ),
    }


def _add_bare_mentions(
    groups: dict[str, list[_Verdict]],
    spans: dict[str, dict[tuple[int, int], str]],
    env: Env,
    quotes: list[tuple[int, int, int, int]],
) -> None:
    """Unquoted repeats of a quoted formula (three characters or more) are mentions too, unless
    glued into a longer word or code (扩|大开放, 123|9), part of another formula's mention
    (两个基本点 in 一个中心两个基本点), or a form the lexicon counts only quoted (三大工程) or only
    after the words it names (残疾人两项补贴)."""
    forms: dict[str, str] = {}
    entries: dict[str, SloganEntry] = {}  # the forms' entries in the lexicon
    lexicon = env.lexicon
    for key, ds in groups.items():
        for c, _, _ in ds:
            if c.quoted and len(c.text) >= 3:
                entry = lexicon.lookup(c.text)
                if entry is not None:
                    if not entry.matches_unquoted(c.text):
                        continue  # (the lexicon counts it only quoted: bare, the words are prose)
                    entries[c.text] = entry
                forms.setdefault(c.text, key)
    if not forms:
        return
    starts = [q[0] for q in quotes]
    ends = [q[1] for q in quotes]
    taken = bytearray(len(env.text) + 1)  # the characters of the mentions accepted
    for group in spans.values():
        for a, b in group:
            taken[a:b] = b"\x01" * (b - a)
    for a, b, form in _form_hits(env, forms):
        i = bisect.bisect_right(starts, b - 1) - 1
        if (i >= 0 and ends[i] > a) or _glued(env.text, a, b):
            continue
        entry = entries.get(form)
        if entry is not None and _bare_is_prose(entry, form, env, a):
            continue  # (not after the words the lexicon names for it, or a count of a list)
        if (a, b) not in spans[forms[form]] and any(taken[a:b]):
            continue  # (inside another formula's mention)
        spans[forms[form]].setdefault((a, b), form)


# Up to how many characters times forms the forms the lexicon's scan does not know are looked
# for with `str.find` each (beyond, `leftmost_longest` picks its own way for all of them)
_FIND_EACH_LIMIT = 4_000_000


def _form_hits(env: Env, forms: Collection[str]) -> list[tuple[int, int, str]]:
    """`leftmost_longest(env.text, forms)`, without a scan of the text for the forms the
    lexicon's scan looked for (its unquoted forms): one of them starts where it does only where
    the longest of those forms there (`Env.lexicon_at`) starts with it. A scan takes the longest
    form at each place, so it may read every hit of any form, of the others by `str.find`."""
    text = env.text
    prefixes = env.lexicon.unquoted_prefixes
    known = [f for f in forms if f in prefixes]
    rest = [f for f in forms if f not in prefixes]
    if not known or len(text) * len(rest) > _FIND_EACH_LIMIT:
        return leftmost_longest(text, forms)
    wanted = set(known)
    hits = [
        (at, -len(f), f)
        for at, _, longest in env.lexicon_at
        for f in prefixes[longest]
        if f in wanted
    ]
    hits += occurrences_by_find(text, rest)
    return leftmost_of(hits)
