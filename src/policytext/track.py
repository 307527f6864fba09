"""Target tracking across years: what a report promised against what the next one reported.

For each place's consecutive reports, each year's targets are aligned with the outcomes the
next year's report of the same place gives for that year, by canonical indicator
(`indicator_key`, from ``lexicons/indicators.toml``: `公共财政预算收入` and `一般公共预算收入`
are both `public_budget_revenue`) and by kind of figure (a growth rate with a growth rate, a
level with a level in the same base unit), and each pair is judged met or missed. Reports of
several places give one series per place, never mixed.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Literal, TextIO

from .errors import PolicyTextError
from .indicators import generic_names, indicator_entry, indicator_of, is_indicator, key_of
from .models import Document, Model, Outcome, Target, TargetKind

__all__ = ["TrackRow", "canonical_indicator", "is_indicator", "judge", "places_of", "track"]

Status = Literal["met", "missed", "unknown"]

_MIN_FREE_NAME = 3  # an indicator outside the lexicon aligns only on an exact, specific name


def _same_indicator(t: Target, o: Outcome) -> bool:
    kt, ko = key_of(t), key_of(o)
    if kt is not None or ko is not None:
        return kt == ko
    a, b = t.indicator, o.indicator
    return a == b and len(a) >= _MIN_FREE_NAME and a not in generic_names()


def canonical_indicator(indicator: str, kind: str | None = None) -> str:
    """The canonical name of an indicator (`公共财政预算收入` -> `一般公共预算收入`), else itself.

    The name is matched whole (see `policytext.indicators`): `海洋生产总值` stays itself.
    """
    entry = indicator_entry(indicator, kind)
    return entry.name if entry else indicator


class TrackRow(Model):
    """One target of one place and year with the outcome the next year's report gives for it.

    `indicator` is the canonical name when the indicator has a key (`indicator_key`), else
    the target's own name; `kind` is the target's kind (growth, level, count).
    """

    place: str | None
    year: int
    indicator: str
    indicator_key: str | None = None
    kind: TargetKind
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
    entry = indicator_of(t)
    lower_better = entry is not None and entry.better == "lower"
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


def places_of(documents: Iterable[Document]) -> list[str]:
    """The distinct places of the documents that name one, in order of first appearance."""
    return list(dict.fromkeys(d.place for d in documents if d.place))


def _series(docs: list[Document], place: str | None) -> dict[str | None, dict[int, Document]]:
    """The documents of each place by year. A document without a place joins the only place
    of the others; with several places it forms its own series (place None)."""
    places = places_of(docs)
    if place is not None:
        docs = [d for d in docs if d.place == place or (d.place is None and places == [place])]
    lone = places[0] if len(places) == 1 else None
    out: dict[str | None, dict[int, Document]] = {}
    for d in docs:
        assert d.year is not None
        series = out.setdefault(d.place or lone, {})
        series.setdefault(d.year, d)  # two reports of one place and year: the first counts
    return out


def track(documents: Iterable[Document], *, place: str | None = None) -> list[TrackRow]:
    """Rows of targets against next year's outcomes, grouped by place, then year.

    Each place's reports form their own series: a target is only ever paired with the
    outcome that the same place's next report gives, never with another place's. `place`
    keeps the reports of that place alone. Each document needs its `year` (detected from the
    title or date line; set it with ``doc.model_copy(update={"year": 2018})`` when the report
    does not say it). A document without a detected place joins the others' place when they
    all name the same one.
    """
    docs = list(documents)
    missing = [d.source.path or "<text>" for d in docs if d.year is None]
    if missing:
        raise PolicyTextError(
            f"no year found for {', '.join(missing)}; set it with "
            "doc.model_copy(update={'year': ...}) or --year FILE=YEAR"
        )
    rows: list[TrackRow] = []
    series = _series(docs, place)
    for where in sorted(series, key=lambda p: (p is None, p or "")):
        rows.extend(_track_place(where, series[where]))
    return rows


def _track_place(where: str | None, by_year: dict[int, Document]) -> list[TrackRow]:
    rows: list[TrackRow] = []
    for year in sorted(by_year):
        doc = by_year[year]
        nxt = by_year.get(year + 1)
        outcomes = [o for o in nxt.outcomes if o.period == str(year)] if nxt else []
        for t in doc.targets:
            if t.value is None:
                continue
            match = next((o for o in outcomes if _same_indicator(t, o) and _comparable(t, o)), None)
            row = TrackRow(
                place=where,
                year=year,
                indicator=entry.name if (entry := indicator_of(t)) else t.indicator,
                indicator_key=key_of(t),
                kind=t.kind,
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


def write_csv(rows: Sequence[TrackRow], out: Path | TextIO | None) -> None:
    """Write rows as CSV to `out`: a path, an open text file, or stdout when None."""
    if out is None:
        _write_rows(rows, sys.stdout)
    elif isinstance(out, Path):
        with open(out, "w", encoding="utf-8", newline="") as fh:
            _write_rows(rows, fh)
    else:
        _write_rows(rows, out)


def _write_rows(rows: Sequence[TrackRow], fh: TextIO) -> None:
    w = csv.DictWriter(fh, fieldnames=FIELDS, lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow(r.model_dump())
