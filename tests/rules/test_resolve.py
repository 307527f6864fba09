"""Settling conflicts between kinds: outcomes overlapping a target, slogans naming a project."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from hypothesis import given
from hypothesis import strategies as st

from policytext.rules.resolve import resolve


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    name: str = ""
    text: str = ""


_spans = st.lists(
    st.tuples(st.integers(0, 60), st.integers(1, 40)).map(lambda p: _Span(p[0], p[0] + p[1])),
    max_size=12,
)


@given(_spans, _spans)
def test_an_outcome_is_dropped_exactly_when_it_overlaps_a_target(
    targets: list[_Span], outcomes: list[_Span]
) -> None:
    """Long targets far back count too: every pair is compared by the plain definition."""
    _, _, _, kept = resolve(cast(Any, targets), [], [], cast(Any, outcomes))
    expected = [
        o for o in outcomes if not any(t.start < o.end and o.start < t.end for t in targets)
    ]
    assert kept == sorted(expected, key=lambda o: (o.start, o.end))


def test_a_slogan_naming_a_project_is_dropped_and_all_come_sorted() -> None:
    projects = [_Span(30, 36, name="青河大桥"), _Span(2, 8, name="石岭隧道")]
    slogans = [_Span(30, 36, text="青河大桥"), _Span(10, 16, text="绿水青岭")]
    targets = [_Span(50, 60), _Span(40, 45)]
    outcomes = [_Span(44, 48), _Span(20, 25), _Span(58, 70)]
    t, s, p, o = resolve(*(cast(Any, x) for x in (targets, slogans, projects, outcomes)))
    assert [x.start for x in t] == [40, 50]
    assert [x.text for x in s] == ["绿水青岭"]
    assert [x.name for x in p] == ["石岭隧道", "青河大桥"]
    assert [(x.start, x.end) for x in o] == [(20, 25)]
