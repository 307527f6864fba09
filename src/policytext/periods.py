"""Five-year plans as periods: numbers, names and years (十四五 = the 14th plan = 2021-2025).

The 11th plan (十一五) ran 2006-2010 and each plan lasts five years; targets, outcomes and
the section roles all count plans this way.
"""

from __future__ import annotations

import re

__all__ = ["PLAN_RE", "plan_label", "plan_number", "plan_of_year"]

_ORDINALS = "一二三四五六七八九"
_FIRST_PLAN = (11, 2006)  # the 11th five-year plan (十一五) ran 2006-2010

# A five-year plan by its number: 十五五, 第十五个五年规划 (group 1 is the numeral after 十).
PLAN_RE = re.compile(r"十([一二三四五六七八九])(?:五|个五年)")


def plan_number(digit: str) -> int:
    """The plan whose name is 十 + `digit` + 五: ``"四"`` -> 14."""
    return 11 + _ORDINALS.index(digit)


def plan_of_year(year: int) -> int:
    """The number of the five-year plan a year falls in (2026 -> 15, 十五五)."""
    return _FIRST_PLAN[0] + (year - _FIRST_PLAN[1]) // 5


def plan_label(n: int) -> tuple[str, str | None]:
    """(period, plan name) of the n-th five-year plan: 15 -> ("2026-2030", "十五五")."""
    first = _FIRST_PLAN[1] + 5 * (n - _FIRST_PLAN[0])
    name = f"十{_ORDINALS[n - 11]}五" if 11 <= n <= 19 else None
    return f"{first}-{first + 4}", name
