"""Stage 3 across kinds: one object per stretch of text.

Each kind's module resolves overlaps among its own candidates; this step settles conflicts
between kinds: a quoted name that is a project is not also a slogan.
"""

from __future__ import annotations

import bisect
from itertools import accumulate
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
    # The targets starting before an outcome ends overlap it when the furthest of their ends
    # lies past its start: the starts for bisecting, the running maximum of the ends.
    starts = [t.start for t in targets]
    reach = list(accumulate((t.end for t in targets), max))
    past = [
        o
        for o in outcomes
        if not ((j := bisect.bisect_left(starts, o.end)) and reach[j - 1] > o.start)
    ]
    return targets, sorted(kept, key=_SPAN), sorted(projects, key=_SPAN), sorted(past, key=_SPAN)


_SPAN = attrgetter("start", "end")
