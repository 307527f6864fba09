"""The Context the rules read: its lookups agree with the plain walks they replace."""

from __future__ import annotations

import policytext
from policytext.models import Section
from policytext.rules.context import Context


def _section(sid: str, level: int, start: int, end: int) -> Section:
    return Section(
        id=sid, level=level, number=None, ordinal=1, title="标题", start=start, end=end,
        heading_end=start + 3,
    )  # fmt: skip


def _check(ctx: Context, upto: int) -> None:
    for offset in range(-2, upto + 3):
        assert ctx.section_at(offset) == ctx._section_walk(offset), offset


def test_section_at_agrees_with_the_walk_on_a_report(raw_doc: policytext.Document) -> None:
    ctx = Context(text=raw_doc.text, sections=tuple(raw_doc.iter_sections()))
    assert ctx.sections
    _check(ctx, len(raw_doc.text))


def test_section_at_nested_and_adjacent_sections() -> None:
    # a part, two sub-sections (the second ends where the part ends), then a second part
    sections = (
        _section("1", 1, 5, 40),
        _section("1.1", 2, 10, 20),
        _section("1.2", 2, 25, 40),
        _section("2", 1, 40, 60),
    )
    ctx = Context(text="甲" * 60, sections=sections)
    _check(ctx, 60)
    assert ctx.section_at(4) is None and ctx.section_at(60) is None
    assert ctx.section_at(22) is sections[0] and ctx.section_at(39) is sections[2]
    assert ctx.section_at(40) is sections[3]


def test_section_at_without_sections() -> None:
    ctx = Context(text="乙" * 10)
    assert [ctx.section_at(i) for i in (-1, 0, 9, 10)] == [None] * 4
