"""Outcome rules: reported figures about the past, the counterpart of targets.

A cascade over the sentences that report the past (those of review sections, and elsewhere
those that open with a past marker such as 去年 or an earlier year):

1. ``outcome.verb_figure``: ``<indicator><verb><figure>`` (``地区生产总值完成212.6亿元``,
   ``同比增长7.9%``, ``税收收入按可比口径增长11%``);
2. ``outcome.inherited``: a figure with no indicator of its own takes the one before it in the
   same sentence (``…完成212.6亿元，同比增长7.9%``);
3. ``outcome.count_noun``: a count followed by its noun (``全年完成43项改革任务``).

Figures come from stage 1 (`policytext.numbers.find_quantities`); the words of the genre from
``lexicons/outcomes.toml``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

from pydantic import BaseModel, ConfigDict, TypeAdapter

from ..indicators import indicator_key
from ..lexicons import load_bundled
from ..models import Direction, Outcome, Section, TargetKind
from ..numbers import Quantity
from ..patterns import alternation
from ..periods import plan_label, plan_number, plan_of_year
from ..track import is_indicator
from .context import Context
from .targets import looks_back
from .targets import reversed_text as reversed_targets_text

__all__ = ["RULES", "find_outcomes"]

RULES = ("outcome.verb_figure", "outcome.inherited", "outcome.count_noun")


# (this module's function type, Cython's when compiled: pydantic must know it for methods)
_FUNCTION_TYPES = (type(lambda: None),)


class _OutcomeWords(BaseModel):
    model_config = ConfigDict(ignored_types=_FUNCTION_TYPES, extra="forbid", frozen=True)

    past_openers: list[str]
    up_verbs: list[str]
    down_verbs: list[str]
    level_verbs: list[str]
    qualifiers: list[str]
    leading_fillers: list[str]
    action_words: list[str]
    prepositions: list[str]
    trailing_rejects: list[str]


@dataclass(frozen=True)
class _Patterns:
    words: _OutcomeWords
    opener: re.Pattern[str]
    verb_tail: re.Pattern[str]
    lead: re.Pattern[str]
    action: re.Pattern[str]
    preposition: re.Pattern[str]
    up: frozenset[str]
    down: frozenset[str]
    # every text `verb_tail` matches whole, with the verb its match takes (see `_verb_tail`)
    tails: dict[str, str]
    # every ending of a tail other than the empty one (see `_verb_tail`)
    tail_endings: frozenset[str]
    trailing_rejects: tuple[str, ...]


@cache
def _patterns() -> _Patterns:
    w = _OutcomeWords.model_validate(load_bundled("outcomes.toml"))
    verbs = alternation(w.up_verbs + w.down_verbs + w.level_verbs)
    tails = _tails(w.qualifiers, w.up_verbs + w.down_verbs + w.level_verbs)
    return _Patterns(
        words=w,
        opener=re.compile(rf"(?:{alternation(w.past_openers)})|(?P<year>(?:19|20)\d\d)年"),
        # the verb (and qualifiers) that end the clause before a figure
        verb_tail=re.compile(rf"(?:{alternation(w.qualifiers)})?(?P<verb>{verbs})?$"),
        lead=re.compile(rf"^(?:(?:19|20)\d\d年|{alternation(w.leading_fillers)}|[，、：])+"),
        action=re.compile(alternation(w.action_words)),
        preposition=re.compile(rf"^(?:{alternation(w.prepositions)})"),
        up=frozenset(w.up_verbs),
        down=frozenset(w.down_verbs),
        tails=tails,
        tail_endings=frozenset(t[k:] for t in tails for k in range(len(t))),
        trailing_rejects=tuple(w.trailing_rejects),
    )


def _in_order(words: list[str]) -> list[str]:
    """`words` in the order `alternation` tries them: longest first."""
    return sorted(set(words), key=lambda w: (-len(w), w))


def _tails(qualifiers: list[str], verbs: list[str]) -> dict[str, str]:
    """Each text `verb_tail` can match whole (a qualifier, a verb, both or neither), with the
    verb of the match: where a text splits two ways, the first split in the pattern's order
    (qualifiers, then verbs, longest first; the empty one last) is the regex's."""
    out: dict[str, str] = {}
    for qual in [*_in_order(qualifiers), ""]:
        for verb in [*_in_order(verbs), ""]:
            out.setdefault(qual + verb, verb)
    return out


def _verb_tail(prefix: str, pats: _Patterns) -> tuple[int, str]:
    """(start, verb) of `verb_tail`'s match in `prefix`: its longest ending that is a tail.

    The same as the search (whose leftmost match ends the prefix), by lookups of the prefix's
    endings one character longer each time, as long as each is the ending of some tail (the
    ending of a tail longer than that would be one too): a few lookups, most prefixes ending
    on a verb of two characters with nothing of a tail before it."""
    if "\n" in prefix:  # ($ also matches before a last line break)
        m = pats.verb_tail.search(prefix)
        return (m.start(), m.group("verb") or "") if m else (len(prefix), "")
    size = len(prefix)
    endings, tails = pats.tail_endings, pats.tails
    found, verb = size, tails.get("", "")  # the empty tail: no qualifier, no verb
    n = 1
    while n <= size:
        ending = prefix[size - n :]
        if ending not in endings:
            break
        got = tails.get(ending)
        if got is not None:
            found, verb = size - n, got  # (a longer tail found next wins)
        n += 1
    return found, verb


_CLAUSE_BREAK = re.compile(r"[，,；;：:。！？、（）()“”]")
# A year not preceded by a digit; the test after its first two digits (`(?<![0-9]..)`) keeps
# the pattern's start a literal, which the scan finds several times faster than a lookbehind.
_YEAR = re.compile(r"((?:19|20)(?<![0-9]..)\d\d)年")
# (each alternative opens on a literal, the quoted plan's name written out both ways: the
# engine then scans for the set of those first characters in one tight loop)
_FIVE_YEAR = re.compile(
    r"过去五年|五年来|这五年|5年来|过去5年|年均"
    r"|“十[一二三四五六七八九]五”?(?:时期|期间)|十[一二三四五六七八九]五”?(?:时期|期间)"
)
_PLAN_NAME = re.compile(r"十[一二三四五六七八九]五")
# The noun after a count, when it ends the clause (`43项改革任务。`).
_COUNT_NOUN = re.compile(r"[\u4e00-\u9fff]{2,8}(?=[，。；、：,;:！？]|$)")
_MAX_INDICATOR = 16
# Shorter indicators are verbs or fragments (`设立`, `改建`) unless the indicator lexicon names
# them.
_MIN_INDICATOR = 3
_SPAN_FIVE_YEARS = "五年"
_RATE_WORDS = frozenset({"增速", "年均增速", "增幅", "年均增幅", "增长率"})


def _is_past(
    text: str,
    start: int,
    doc_year: int | None,
    back: Callable[[int], bool],
    section: Section | None,
    opener: re.Pattern[str],
) -> bool:
    """The sentence of `text` from `start` reports the past; `section` is the one holding it
    (`ctx.section_at`), `opener` the pattern of past openers (`_patterns().opener`)."""
    role = section.role if section else None
    if role == "review" or (role is None and back(start)):
        return True
    m = opener.match(text, start)
    if not m:
        return False
    if m.group("year"):
        return doc_year is not None and int(m.group("year")) < doc_year
    return True


def _period(
    sentence: str, doc_year: int | None, review_title: str
) -> tuple[str | None, str | None]:
    """(period, plan name) of a past figure: the sentence's own time words, else the review
    section's title, else the year before the report's. A five-year span is written
    `"2021-2025"`, with its plan's name (`"十四五"`) beside it."""
    # (every match of `_FIVE_YEAR` holds 年 or 十, and of `_YEAR` 年: most sentences hold
    # neither, and a test for a character is several times quicker than a scan of the regex)
    has_year = "年" in sentence
    five = _FIVE_YEAR.search(sentence) if has_year or "十" in sentence else None
    if five:
        plan = _PLAN_NAME.search(five.group())
        return _plan_span(plan.group()) if plan else _plan_before(doc_year)
    years = [int(y) for y in _YEAR.findall(sentence)] if has_year else []
    if doc_year is not None:
        years = [y for y in years if y < doc_year]
    if years:
        return str(max(years)), None
    title_year = _latest_year(review_title)
    if title_year is not None:
        return title_year, None
    return (str(doc_year - 1) if doc_year else None), None


@lru_cache(maxsize=256)
def _latest_year(title: str) -> str | None:
    """The latest year a section title names, or None. (Remembered: every figure of a review
    section without a year of its own asks it of the same title.)"""
    years = [int(y) for y in _YEAR.findall(title)]
    return str(max(years)) if years else None


def _plan_span(name: str) -> tuple[str | None, str | None]:
    """(years, name) of a five-year plan named like `十四五`: ("2021-2025", "十四五")."""
    return plan_label(plan_number(name[1]))[0], name


def _plan_before(doc_year: int | None) -> tuple[str | None, str | None]:
    """The five years before `doc_year`: the plan that just ended when the report opens a plan
    (2026 -> 2021-2025, 十四五), else the plain span (2018 -> 2013-2017, no plan name)."""
    if doc_year is None:
        return None, None
    n = plan_of_year(doc_year - 1)
    if plan_of_year(doc_year) == n or not 11 <= n <= 19:
        return f"{doc_year - 5}-{doc_year - 1}", None
    return plan_label(n)


@lru_cache(maxsize=4096)
def _read_clause(prefix: str) -> tuple[str, str, Direction | None, bool]:
    """(indicator, verb, direction, rejected) of the clause text before a figure: the verb
    and qualifiers ending it, the indicator before them without leading fillers; rejected when
    that is no indicator (too long, a list, an action, a prepositional phrase, a comparison or
    a year). (Remembered: reports write the same clauses again, `同比增长`, `新增`.)"""
    pats = _patterns()
    tail_start, verb = _verb_tail(prefix, pats)
    # (the lead is anchored at the start: one match, not a substitution trying every position)
    lead = pats.lead.match(prefix, 0, tail_start)
    indicator = prefix[lead.end() if lead else 0 : tail_start].rstrip("的")
    direction: Direction | None = "up" if verb in pats.up else "down" if verb in pats.down else None
    rejected = bool(
        len(indicator) > _MAX_INDICATOR
        or indicator.endswith("等")
        or pats.action.search(indicator)
        or pats.preposition.match(indicator)
        or indicator.endswith(pats.trailing_rejects)
        or ("年" in indicator and _YEAR.search(indicator))  # (a year ends on 年)
    )
    return indicator, verb, direction, rejected


def _kind(direction: Direction | None, q: Quantity) -> TargetKind:
    if direction is not None and q.kind in ("percent", "points"):
        return "growth"
    if q.kind == "count":
        return "count"
    return "level"


def find_outcomes(ctx: Context, doc_year: int | None = None) -> list[Outcome]:
    """Every reported figure about the past, one Outcome per figure."""
    pats = _patterns()
    out: list[dict[str, object]] = []  # validated together at the end
    back = looks_back(ctx)
    # the figures first: most sentences have none, and need no test of tense; the sentences
    # and the figures are both in text order: each figure is in the last sentence starting at
    # or before it, if it starts before that one's end (the figures lying wholly inside the
    # sentence are what `quantities_in` gives)
    all_quantities = ctx.quantities
    n_quantities = len(all_quantities)
    sentence_starts, sentence_ends = ctx.sentence_bounds()
    quantity_starts = ctx.quantity_starts
    section_bounds, section_found = ctx.section_table()  # (`ctx.section_at` by one bisect)
    # the text reversed: the last clause break before a figure is the first one found in it
    text = ctx.text
    n_text = len(text)
    reversed_text = reversed_targets_text(ctx)
    opener = pats.opener
    qi = 0
    while qi < n_quantities:
        first = all_quantities[qi].start
        k = bisect.bisect_right(sentence_starts, first) - 1
        if k < 0 or first >= sentence_ends[k]:
            qi += 1
            continue
        sent_start, sent_end = sentence_starts[k], sentence_ends[k]
        # (the tense first: the figures of a sentence not about the past are skipped at once)
        section = section_found[bisect.bisect_right(section_bounds, sent_start)]
        if not _is_past(text, sent_start, doc_year, back, section, opener):
            qi = bisect.bisect_left(quantity_starts, sent_end, qi)
            continue
        quantities = []
        while qi < n_quantities and all_quantities[qi].start < sent_end:
            q = all_quantities[qi]
            if q.end <= sent_end and q.unit is not None and q.numeral != "chinese":
                quantities.append(q)
            qi += 1
        if not quantities:
            continue
        stext = text[sent_start:sent_end]
        section_id = section.id if section else None
        # (the sentence's period is read at its first outcome)
        period: str | None = None
        plan_name: str | None = None
        period_read = False
        prev_indicator: str | None = None
        clause_start = 0
        for q in quantities:
            qs, qe = q.start - sent_start, q.end - sent_start  # the figure's span in `stext`
            # a figure's clause starts after the last clause break before it (one past the
            # clause start so far, if any: an earlier one would not move it), the first one
            # found in the reversed text going back from the figure
            last_break = _CLAUSE_BREAK.search(
                reversed_text, n_text - q.start, n_text - sent_start - clause_start
            )
            if last_break is not None:
                clause_start = n_text - last_break.start() - sent_start
            indicator, verb, direction, rejected = _read_clause(stext[clause_start:qs])
            rule = "outcome.verb_figure"
            if rejected:
                prev_indicator = None
                clause_start = qe
                continue
            if not period_read:
                review_title = section.title if section and section.role == "review" else ""
                period, plan_name = _period(stext, doc_year, review_title)
                period_read = True
            item_period, item_plan = period, plan_name
            if indicator.endswith(_SPAN_FIVE_YEARS):  # 居民人均可支配收入五年增长27.5%
                indicator = indicator[: -len(_SPAN_FIVE_YEARS)]
                before = _plan_before(doc_year)
                if before[0] is not None:
                    item_period, item_plan = before
            if indicator in _RATE_WORDS:  # 年均增速5.7%: the rate of the indicator before
                indicator = ""
            short = _MIN_INDICATOR - (1 if verb else 0)  # 出口增长 is fine, 设立5个 is not
            if len(indicator) < short and not is_indicator(indicator):
                indicator = ""
                if prev_indicator and direction is not None:
                    indicator, rule = prev_indicator, "outcome.inherited"
                elif q.kind == "count":
                    noun = _COUNT_NOUN.match(stext, qe)
                    if noun and not pats.action.search(noun.group()):
                        indicator, rule = noun.group(), "outcome.count_noun"
            if not indicator:
                clause_start = qe
                continue
            prev_indicator = indicator
            start, end = (
                sent_start + (clause_start if rule != "outcome.count_noun" else qs),
                sent_start + qe,
            )
            if rule == "outcome.count_noun":
                end = sent_start + qe + len(indicator)
            kind = _kind(direction, q)
            out.append(
                {
                    "start": start,
                    "end": end,
                    "text": text[start:end],
                    "rule": rule,
                    "section": section_id,
                    "indicator": indicator,
                    "direction": direction,
                    "comparator": q.comparator,
                    "kind": kind,
                    # (the key `with_keys` sets: set here, it makes no copy there)
                    "indicator_key": indicator_key(indicator, kind),
                    "period": item_period,
                    "plan_name": item_plan,
                    **q.figure_fields(),
                }
            )
            clause_start = qe
    return _outcome_list().validate_python(out)


@cache
def _outcome_list() -> TypeAdapter[list[Outcome]]:
    """Validates a text's outcomes in one call (cheaper than one by one)."""
    return TypeAdapter(list[Outcome])
