"""Stage 3 across kinds: one object per stretch of text.

Each kind's module resolves overlaps among its own candidates; this step settles conflicts
between kinds: a quoted name that is a project is not also a slogan.
"""

from __future__ import annotations

import bisect
from operator import attrgetter

from ..models import Outcome, Project, Slogan, Target

__all__ = ["resolve"]


def resolve(
    targets: list[Target],
    slogans: list[Slogan],
    projects: list[Project],
    outcomes: list[Outcome],
) -> tuple[list[Target], list[Slogan], list[Project], list[Outcome]]:
    """Drop slogans that name a project and outcomes that overlap a target; sort by position."""
    names = {p.name for p in projects}
    kept = [s for s in slogans if s.text not in names]
    targets = sorted(targets, key=_SPAN)
    spans = list(map(_SPAN, targets))
    past = [o for o in outcomes if not _overlaps(spans, o.start, o.end)]
    return targets, sorted(kept, key=_SPAN), sorted(projects, key=_SPAN), sorted(past, key=_SPAN)


_SPAN = attrgetter("start", "end")


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps any of the sorted, target-sized `spans`."""
    i = bisect.bisect_left(spans, (start, -1))
    # a span starting before `start` may still reach into it; targets are short, look back a few
    for a, b in spans[max(0, i - 8) : i + 1]:
        if a < end and start < b:
            return True
    # the first span starting at or after `start` overlaps when it starts before `end`
    return i < len(spans) and spans[i][0] < end
