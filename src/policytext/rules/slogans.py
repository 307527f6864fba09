"""Slogan rules (placeholder until the cascade lands)."""

from __future__ import annotations

from ..models import Slogan
from .context import Context


def find_slogans(ctx: Context) -> list[Slogan]:
    """No rules yet."""
    return []
