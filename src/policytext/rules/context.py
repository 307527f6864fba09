"""What every rule receives: the normalized text and its structure, read-only."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from ..models import Paragraph, Role, Section, Sentences

if TYPE_CHECKING:
    from ..numbers import Quantity

T = TypeVar("T")


@dataclass(frozen=True)
class Context:
    """The normalized text with its sections (flat, depth first), paragraphs and sentences.

    `user_lexicons` are extra lexicon files the caller passed to `parse`.
    """

    text: str
    sections: tuple[Section, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    sentences: Sentences = field(default_factory=Sentences)
    user_lexicons: tuple[Path, ...] = ()
    _para_starts: list[int] = field(default_factory=list, repr=False, compare=False)
    _section_starts: list[int] = field(default_factory=list, repr=False, compare=False)
    _memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._para_starts.extend(p.start for p in self.paragraphs)
        self._section_starts.extend(s.start for s in self.sections)

    def memo(self, key: str, make: Callable[[], T]) -> T:
        """`make()`, computed once per context: what several rules read of the same text
        (`key` names it; the value must not be changed by its readers)."""
        if key not in self._memo:
            self._memo[key] = make()
        return cast(T, self._memo[key])

    @cached_property
    def quantities(self) -> tuple[Quantity, ...]:
        """Stage 1: every quantity of the text, found once and shared by the rules."""
        from ..numbers import find_quantities

        return tuple(find_quantities(self.text))

    def quantities_in(self, start: int, end: int) -> list[Quantity]:
        """The quantities lying wholly inside `[start, end)`, in text order."""
        qs = self.quantities
        i = bisect.bisect_left(self.quantity_starts, start)
        out = []
        while i < len(qs) and qs[i].start < end:
            if qs[i].end <= end:
                out.append(qs[i])
            i += 1
        return out

    @cached_property
    def quantity_starts(self) -> list[int]:
        """The start offset of each quantity of `quantities`, for bisecting."""
        return [q.start for q in self.quantities]

    def section_at(self, offset: int) -> Section | None:
        """The innermost section holding `offset` (None in the preamble)."""
        bounds, found = self._section_table
        return found[bisect.bisect_right(bounds, offset)]

    def _section_walk(self, offset: int) -> Section | None:
        # Sections are in text order and nest: the innermost is the last one started at or
        # before `offset` that has not ended yet.
        i = bisect.bisect_right(self._section_starts, offset) - 1
        while i >= 0:
            s = self.sections[i]
            if offset < s.end:
                return s
            i -= 1
        return None

    @cached_property
    def _section_table(self) -> tuple[list[int], list[Section | None]]:
        """`section_at` by one bisect: the starts and ends of all sections, sorted, and the
        section at each stretch between two of them (None before the first). The walk's answer
        is the same everywhere in a stretch: it reads only which sections have started and
        which have ended."""
        bounds = sorted({s.start for s in self.sections} | {s.end for s in self.sections})
        return bounds, [None, *(self._section_walk(b) for b in bounds)]

    def section_table(self) -> tuple[list[int], list[Section | None]]:
        """The table `section_at` reads: sorted bounds, and the section of each stretch
        (`found[bisect_right(bounds, offset)]`). Read-only."""
        return self._section_table

    def sentence_bounds(self) -> tuple[list[int], list[int]]:
        """The starts and the ends of the sentences, in text order, for bisecting. Read-only."""
        return self._sentence_bounds

    @cached_property
    def _sentence_bounds(self) -> tuple[list[int], list[int]]:
        return self.sentences.starts.tolist(), self.sentences.ends.tolist()

    def section_id(self, offset: int) -> str | None:
        s = self.section_at(offset)
        return s.id if s else None

    def role_at(self, offset: int) -> Role | None:
        """`"review"` in a section about the past, `"plan"` in one about the future, else None."""
        s = self.section_at(offset)
        return s.role if s else None

    def paragraph_at(self, offset: int) -> Paragraph | None:
        i = bisect.bisect_right(self._para_starts, offset) - 1
        if i < 0:
            return None
        p = self.paragraphs[i]
        return p if p.start <= offset <= p.end else None
