"""Project rules (placeholder until the cascade lands)."""

from __future__ import annotations

from ..models import Project
from .context import Context


def find_projects(ctx: Context) -> list[Project]:
    """No rules yet."""
    return []
