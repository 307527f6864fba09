"""Target rules (placeholder until the cascade lands)."""

from __future__ import annotations

from ..models import Target
from .context import Context


def find_targets(ctx: Context) -> list[Target]:
    """No rules yet."""
    return []
