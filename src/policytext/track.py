"""Target tracking across years: what a report promised against what the next one reported.

For a place's consecutive reports, each year's targets are aligned with the outcomes the next
year's report gives for that year, by indicator (through the synonym lexicon
``lexicons/indicators.toml``) and by kind of figure (a growth rate with a growth rate, a level
with a level in the same base unit), and each pair is judged met or missed.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Literal, TextIO

from pydantic import BaseModel, ConfigDict

from .errors import PolicyTextError
from .lexicons import load_bundled
from .models import Document, Model, Outcome, Target

__all__ = ["TrackRow", "canonical_indicator", "is_indicator", "judge", "track"]

Status = Literal["met", "missed", "unknown"]


class _Indicator(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    synonyms: list[str] = []
    better: Literal["higher", "lower"] = "higher"


class _IndicatorLexicon(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    generic: list[str] = []
    indicators: list[_Indicator]


@cache
def _load() -> _IndicatorLexicon:
    return _IndicatorLexicon.model_validate(load_bundled("indicators.toml"))


@cache
def _lexicon() -> tuple[tuple[str, _Indicator], ...]:
    """(name or synonym, entry), longest name first."""
    pairs = [(n, e) for e in _load().indicators for n in {e.name, *e.synonyms}]
    return tuple(sorted(pairs, key=lambda p: len(p[0]), reverse=True))


def _entry(indicator: str) -> _Indicator | None:
    for name, entry in _lexicon():
        if name in indicator:
            return entry
    return None


def is_indicator(name: str) -> bool:
    """Whether the indicator lexicon knows `name` (as a canonical name or a synonym)."""
    return any(name == n for n, _ in _lexicon())


_MIN_FREE_NAME = 3  # an indicator outside the lexicon aligns only on an exact, specific name


def _same_indicator(a: str, b: str) -> bool:
    ea, eb = _entry(a), _entry(b)
    if ea is not None or eb is not None:
        return ea is eb
    return a == b and len(a) >= _MIN_FREE_NAME and a not in _load().generic


def canonical_indicator(indicator: str) -> str:
    """The canonical name of an indicator (`公共财政预算收入` -> `一般公共预算收入`), else itself.

    The longest lexicon name the indicator contains decides.
    """
    entry = _entry(indicator)
    return entry.name if entry else indicator


class TrackRow(Model):
    """One target of one year with the outcome the next year's report gives for it."""

    place: str | None
    year: int
    indicator: str
    target_text: str
    target_comparator: str | None
    target_value: Decimal | None
    target_value_max: Decimal | None
    target_unit: str | None
    outcome_text: str | None = None
    outcome_value: Decimal | None = None
    outcome_unit: str | None = None
    status: Status = "unknown"


def _comparable(t: Target, o: Outcome) -> bool:
    if t.value is None:
        return False
    if t.kind == "growth" or (t.direction is not None and t.unit in ("%", "个百分点")):
        return o.direction == t.direction and o.unit == t.unit
    if o.direction is not None:
        return False
    if t.base_unit and o.base_unit:
        return t.base_unit == o.base_unit
    return t.unit == o.unit


def judge(t: Target, outcome_value: Decimal) -> Status:
    """Whether an outcome meets a target, by the target's comparator.

    `=` and `~` targets are floors for indicators where higher is better and ceilings where
    lower is better (unemployment, prices, energy use); `~` allows no slack.
    """
    if t.value is None:
        return "unknown"
    v = t.base_value if t.base_value is not None and t.unit != t.base_unit else t.value
    ov = outcome_value
    cmp = t.comparator or "="
    lower_better = (_entry(t.indicator) or _Indicator(name="")).better == "lower"
    if cmp in ("<=", "<") or (cmp in ("=", "~") and lower_better):
        ok = ov < v if cmp == "<" else ov <= v
    elif cmp == ">":
        ok = ov > v
    else:  # >=, =, ~, range (its lower bound)
        ok = ov >= v
    return "met" if ok else "missed"


def _outcome_value(t: Target, o: Outcome) -> Decimal:
    if t.base_value is not None and t.unit != t.base_unit and o.base_value is not None:
        return o.base_value
    return o.value


def track(documents: Iterable[Document], *, place: str | None = None) -> list[TrackRow]:
    """Rows of targets against next year's outcomes, for documents of one place.

    Each document needs its `year` (detected from the title or date line; set it with
    ``doc.model_copy(update={"year": 2018})`` when the report does not say it). Documents of
    other places than `place` (or than the first document's place) are left out.
    """
    docs = [d for d in documents]
    missing = [d.source.path or "<text>" for d in docs if d.year is None]
    if missing:
        raise PolicyTextError(
            f"no year found for {', '.join(missing)}; set it with "
            "doc.model_copy(update={'year': ...}) or --year FILE=YEAR"
        )
    where = place or next((d.place for d in docs if d.place), None)
    docs = [d for d in docs if where is None or d.place in (None, where)]
    by_year = {d.year: d for d in docs if d.year is not None}
    rows: list[TrackRow] = []
    for year in sorted(by_year):
        doc = by_year[year]
        nxt = by_year.get(year + 1)
        outcomes = [o for o in nxt.outcomes if o.period == str(year)] if nxt else []
        for t in doc.targets:
            if t.value is None:
                continue
            name = canonical_indicator(t.indicator)
            match = next(
                (o for o in outcomes
                 if _same_indicator(t.indicator, o.indicator) and _comparable(t, o)),
                None,
            )  # fmt: skip
            row = TrackRow(
                place=where,
                year=year,
                indicator=name,
                target_text=t.text,
                target_comparator=t.comparator,
                target_value=t.value,
                target_value_max=t.value_max,
                target_unit=t.unit,
            )
            if match is not None:
                row = row.model_copy(
                    update={
                        "outcome_text": match.text,
                        "outcome_value": match.value,
                        "outcome_unit": match.unit,
                        "status": judge(t, _outcome_value(t, match)),
                    }
                )
            rows.append(row)
    return rows


FIELDS = list(TrackRow.model_fields)


def write_csv(rows: Sequence[TrackRow], out: Path | None) -> None:
    """Write rows as CSV to `out` (stdout when None)."""
    if out is None:
        _write_rows(rows, sys.stdout)
        return
    with open(out, "w", encoding="utf-8", newline="") as fh:
        _write_rows(rows, fh)


def _write_rows(rows: Sequence[TrackRow], fh: TextIO) -> None:
    w = csv.DictWriter(fh, fieldnames=FIELDS, lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow(r.model_dump())


def register_cli(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `track` command."""
    from .cli import add_reading_options

    p = sub.add_parser(
        "track",
        help="align each year's targets with the next year's reported outcomes",
        description="Read a place's consecutive reports and write one row per target: the "
        "target, the outcome the next year's report gives for it, and whether it was met.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="example:\n  policytext track tests/corpus/raw/hailaer_20*.txt -o hailaer.csv",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="reports of one place")
    p.add_argument("-o", "--output", metavar="OUT", help="CSV file (default: stdout)")
    p.add_argument("--place", help="keep only reports of this place")
    p.add_argument(
        "--year",
        action="append",
        default=[],
        metavar="FILE=YEAR",
        help="the year of a report that does not say it; repeatable",
    )
    add_reading_options(p)
    p.set_defaults(func=_cmd_track)


def _cmd_track(args: argparse.Namespace) -> int:
    from .pipeline import parse

    years: dict[str, int] = {}
    for item in args.year:
        name, _, value = item.rpartition("=")
        if not name or not (value.isascii() and value.isdigit()):
            raise PolicyTextError(f"--year takes FILE=YEAR, not {item!r}")
        years[name] = int(value)
    docs = []
    for name in args.files:
        doc = parse(Path(name), encoding=args.encoding, lexicons=args.lexicon)
        if name in years:
            doc = doc.model_copy(update={"year": years[name]})
        docs.append(doc)
    write_csv(track(docs, place=args.place), Path(args.output) if args.output else None)
    return 0
