"""Stage 3 across kinds: one object per stretch of text.

Each kind's module resolves overlaps among its own candidates; this step settles conflicts
between kinds: a quoted name that is a project is not also a slogan.
"""

from __future__ import annotations

from ..models import Project, Slogan, Target

__all__ = ["resolve"]


def resolve(
    targets: list[Target], slogans: list[Slogan], projects: list[Project]
) -> tuple[list[Target], list[Slogan], list[Project]]:
    """Drop slogans that name a project; order every kind by position."""
    names = {p.name for p in projects}
    kept = [s for s in slogans if s.text not in names]
    return (
        sorted(targets, key=lambda t: (t.start, t.end)),
        sorted(kept, key=lambda s: (s.start, s.end)),
        sorted(projects, key=lambda p: (p.start, p.end)),
    )
